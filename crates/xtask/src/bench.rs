//! `cargo xtask bench`: builds the release package and runs the benchmark page in headless
//! Chromium; the runner prints the figures and the ratios against raw IndexedDB anchors
//! measured in the same run.

use crate::build::{self, Profile};
use crate::{process, root, setup, Result};
use std::process::Command;

pub(crate) fn run() -> Result<()> {
    let tools = setup::ensure()?;
    build::package(Profile::Release)?;
    let xtask = std::env::current_exe()?;
    process::run(
        Command::new("node")
            .arg("bench/run.mjs")
            .current_dir(root().join("tests"))
            .env("RIPEN_XTASK", xtask)
            .env("RIPEN_CHROMIUM", &tools.chromium),
    )
}
