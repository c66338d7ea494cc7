//! `cargo xtask size`: the size of what a browser downloads, raw and gzipped.

use crate::build::{self, Profile};
use crate::process::output;
use crate::Result;
use std::process::Command;

pub(crate) fn run() -> Result<()> {
    let pkg = build::package(Profile::Release)?;
    println!("{:<28} {:>10} {:>10}", "file", "raw", "gzip -9");
    for file in ["ripen_wasm_bg.wasm", "ripen_wasm.js"] {
        let path = pkg.join(file);
        let raw = std::fs::metadata(&path)?.len();
        let gzipped = output(Command::new("sh").arg("-c").arg(format!("gzip -9 -c '{}' | wc -c", path.display())))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .ok_or("gzip is needed to measure the compressed size")?;
        println!("{file:<28} {raw:>10} {gzipped:>10}");
    }
    Ok(())
}
