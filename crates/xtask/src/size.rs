//! `cargo xtask size`: the size of what a browser downloads, raw, gzipped and as the
//! brotli files the build writes (what the demo server and static hosts send).

use crate::build::{self, Profile};
use crate::process::output;
use crate::Result;
use std::process::Command;

/// The engine, and the file readers a page loads only when a file is imported (the
/// spreadsheet reader only for a workbook).
const FILES: [&str; 6] = [
    "ripen_wasm_bg.wasm",
    "ripen_wasm.js",
    "reader/ripen_reader_bg.wasm",
    "reader/ripen_reader.js",
    "sheets/ripen_sheets_bg.wasm",
    "sheets/ripen_sheets.js",
];

pub(crate) fn run() -> Result<()> {
    let pkg = build::package(Profile::Release)?;
    println!("{:<32} {:>10} {:>10} {:>10}", "file", "raw", "gzip -9", "brotli");
    for file in FILES {
        let path = pkg.join(file);
        let raw = std::fs::metadata(&path)?.len();
        let gzipped = output(Command::new("sh").arg("-c").arg(format!("gzip -9 -c '{}' | wc -c", path.display())))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .ok_or("gzip is needed to measure the compressed size")?;
        let brotli = match crate::compress::fresh_precompressed(&path) {
            Some(packed) => packed.len() as u64,
            None => crate::compress::brotli(&std::fs::read(&path)?, 11).len() as u64,
        };
        println!("{file:<32} {raw:>10} {gzipped:>10} {brotli:>10}");
    }
    Ok(())
}
