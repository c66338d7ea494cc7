//! `cargo xtask bench`: builds the release package and runs the benchmark page in headless
//! Chromium; the runner prints the figures and the ratios against raw IndexedDB anchors
//! measured in the same run.

use crate::build::{self, Profile};
use crate::process::{self, cargo, output};
use crate::{root, setup, Result};
use std::process::Command;

pub(crate) fn run() -> Result<()> {
    let tools = setup::ensure()?;
    build::package(Profile::Release)?;
    let fold = std::env::var("RIPEN_BENCH_FOLD").unwrap_or_else(|_| "1000000".into());
    eprintln!("native fold of {fold} events…");
    let native = output(
        cargo()
            .current_dir(root())
            .args(["run", "--quiet", "--release", "--package", "ripen-core", "--example", "fold", "--"])
            .arg(&fold),
    )
    .ok_or("the native fold benchmark failed")?;
    let check = output(cargo().current_dir(root()).args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "ripen-core",
        "--example",
        "check_touch",
    ]))
    .ok_or("the native checkTouch benchmark failed")?;
    let agenda = output(cargo().current_dir(root()).args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "ripen-core",
        "--example",
        "agenda",
    ]))
    .ok_or("the native agenda benchmark failed")?;
    let xtask = std::env::current_exe()?;
    process::run(
        Command::new("node")
            .arg("bench/run.mjs")
            .current_dir(root().join("tests"))
            .env("RIPEN_XTASK", xtask)
            .env("RIPEN_CHROMIUM", &tools.chromium)
            .env("RIPEN_BENCH_FOLD", &fold)
            .env("RIPEN_NATIVE_FOLD", native.trim())
            .env("RIPEN_NATIVE_CHECK", check.trim())
            .env("RIPEN_NATIVE_AGENDA", agenda.trim()),
    )
}
