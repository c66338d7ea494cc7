//! `cargo xtask size`: the size of what a browser downloads, raw, gzipped and as the
//! brotli files the build writes (what the demo server and static hosts send), against
//! the budget of issue 22: the engine a page needs at startup ≤ 300 KB gzipped, every
//! module ≤ 400 KB. Over budget, it says by how much and fails (the bench's summary too).

use crate::build::{self, Profile};
use crate::Result;
use std::fmt::Write as _;
use std::path::Path;

/// The engine, the file readers a page loads only when a file is imported (the
/// spreadsheet reader only for a workbook), and the camera scanner's decoder (zxing-wasm,
/// loaded only when the camera opens in a browser without `BarcodeDetector`).
const FILES: [&str; 9] = [
    "ripen_wasm_bg.wasm",
    "ripen_wasm.js",
    "reader/ripen_reader_bg.wasm",
    "reader/ripen_reader.js",
    "sheets/ripen_sheets_bg.wasm",
    "sheets/ripen_sheets.js",
    "zxing/reader/zxing_reader.wasm",
    "zxing/es/reader/index.js",
    "zxing/es/share.js",
];

/// What a first visit needs before the engine runs: its module and its glue.
const STARTUP: [&str; 2] = ["ripen_wasm_bg.wasm", "ripen_wasm.js"];

/// Gzipped bytes (KB of 1,000 bytes, as the issue counts).
const STARTUP_BUDGET: u64 = 300_000;
const TOTAL_BUDGET: u64 = 400_000;

/// One file's sizes.
pub(crate) struct FileSize {
    pub(crate) file: &'static str,
    pub(crate) raw: u64,
    pub(crate) gzip: u64,
    pub(crate) brotli: u64,
}

/// A budget's line: what it covers, its gzipped bytes and its limit.
pub(crate) struct Budget {
    pub(crate) what: &'static str,
    pub(crate) gzip: u64,
    pub(crate) limit: u64,
}

impl Budget {
    pub(crate) fn met(&self) -> bool {
        self.gzip <= self.limit
    }
}

/// Every shipped module's sizes, from the package in `pkg`.
pub(crate) fn measure(pkg: &Path) -> Result<Vec<FileSize>> {
    FILES
        .iter()
        .map(|&file| {
            let path = pkg.join(file);
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let brotli = match crate::compress::fresh_precompressed(&path) {
                Some(packed) => packed.len() as u64,
                None => crate::compress::brotli(&bytes, 11).len() as u64,
            };
            Ok(FileSize { file, raw: bytes.len() as u64, gzip: crate::compress::gzip(&bytes, 9).len() as u64, brotli })
        })
        .collect()
}

/// The startup and total budgets for `sizes`.
pub(crate) fn budgets(sizes: &[FileSize]) -> [Budget; 2] {
    let gzip = |keep: &dyn Fn(&str) -> bool| sizes.iter().filter(|s| keep(s.file)).map(|s| s.gzip).sum();
    [
        Budget {
            what: "startup: the engine and its glue",
            gzip: gzip(&|f| STARTUP.contains(&f)),
            limit: STARTUP_BUDGET,
        },
        Budget {
            what: "total: the engine, the file readers and the scanner's decoder",
            gzip: gzip(&|_| true),
            limit: TOTAL_BUDGET,
        },
    ]
}

/// The sizes and budgets as JSON, for the bench's summary.
pub(crate) fn json(sizes: &[FileSize]) -> String {
    let files: Vec<String> = sizes
        .iter()
        .map(|s| format!(r#"{{"file":"{}","raw":{},"gzip":{},"brotli":{}}}"#, s.file, s.raw, s.gzip, s.brotli))
        .collect();
    let budgets: Vec<String> = budgets(sizes)
        .iter()
        .map(|b| format!(r#"{{"what":"{}","gzip":{},"limit":{}}}"#, b.what, b.gzip, b.limit))
        .collect();
    format!(r#"{{"files":[{}],"budgets":[{}]}}"#, files.join(","), budgets.join(","))
}

pub(crate) fn run() -> Result<()> {
    let pkg = build::package(Profile::Release)?;
    let sizes = measure(&pkg)?;
    let mut out = format!("{:<32} {:>10} {:>10} {:>10}\n", "file", "raw", "gzip -9", "brotli");
    for s in &sizes {
        writeln!(out, "{:<32} {:>10} {:>10} {:>10}", s.file, s.raw, s.gzip, s.brotli)?;
    }
    let mut over = Vec::new();
    for budget in budgets(&sizes) {
        let verdict =
            if budget.met() { "within".to_owned() } else { format!("OVER by {}", budget.gzip - budget.limit) };
        writeln!(out, "{:<43} {:>10} gzip, budget {:>7}: {verdict}", budget.what, budget.gzip, budget.limit)?;
        if !budget.met() {
            over.push(budget.what);
        }
    }
    print!("{out}");
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!("over the size budget (issue 22): {}", over.join("; ")).into())
    }
}
