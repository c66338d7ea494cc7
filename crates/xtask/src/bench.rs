//! `cargo xtask bench`: runs the native benchmarks (ripen-core's and ripen-io's examples), then the
//! benchmark page in headless Chromium, which measures the same work in wasm and the
//! engine against raw IndexedDB anchors in the same run; the runner prints the tables.

use crate::build::{self, Profile};
use crate::process::{self, cargo, output};
use crate::{root, setup, Result};
use std::process::Command;

/// Runs `cargo run --release --example <name> -- <args>` of ripen-core; its one line of
/// JSON output.
fn native(example: &str, args: &[&str]) -> Result<String> {
    native_of("ripen-core", example, args)
}

fn native_of(package: &str, example: &str, args: &[&str]) -> Result<String> {
    eprintln!("native benchmark: {example} {}", args.join(" "));
    let mut command = cargo();
    command.current_dir(root()).args(["run", "--quiet", "--release", "--package", package, "--example", example, "--"]);
    let printed = output(command.args(args)).ok_or_else(|| format!("the native {example} benchmark failed"))?;
    Ok(printed.trim().to_owned())
}

/// Whether the part `part` of the benchmark runs: all of them, unless `RIPEN_BENCH_ONLY`
/// names one ("main", "standard", "autopilot", "import", "reads", "sync", "lighthouse",
/// "firstload").
fn measures(part: &str) -> bool {
    std::env::var("RIPEN_BENCH_ONLY").map_or(true, |only| only == part)
}

/// A native benchmark's line, or `null` when its part does not run.
fn native_if(part: &str, run: impl FnOnce() -> Result<String>) -> Result<String> {
    if measures(part) {
        run()
    } else {
        Ok("null".into())
    }
}

pub(crate) fn run() -> Result<()> {
    let tools = setup::ensure()?;
    let pkg = build::package(Profile::Release)?;
    let sizes = crate::size::json(&crate::size::measure(&pkg)?);
    let bench_pkg = build::bench_package()?;
    let fold = std::env::var("RIPEN_BENCH_FOLD").unwrap_or_else(|_| "1000000".into());
    let native_fold = native_if("main", || native("fold", &[&fold]))?;
    let native_check = native_if("main", || native("check_touch", &[]))?;
    let native_agenda = native_if("main", || native("agenda", &[]))?;
    let native_funnel = native_if("main", || native("funnel", &[]))?;
    let native_routing = native_if("main", || native("routing", &[]))?;
    let native_search = native_if("main", || native("search", &[]))?;
    let native_duplicates = native_if("reads", || native("duplicates", &[]))?;
    let native_standard = native_if("standard", || native("open_standard", &[]))?;
    let native_suggestions = native_if("autopilot", || native("suggestions", &[]))?;
    let native_campaign = native_if("autopilot", || native("campaign", &[]))?;
    // An import of 100,000 CSV rows and of 100,000 vCards, each into an empty base and
    // into one of 100,000 clients.
    let native_import = native_if("import", || {
        let mut lines = Vec::new();
        for format in ["csv", "vcard"] {
            for args in [&[format, "100000"][..], &[format, "100000", "100000"]] {
                lines.push(native_of("ripen-io", "import", args)?);
            }
        }
        Ok(format!("[{}]", lines.join(",")))
    })?;
    let xtask = std::env::current_exe()?;
    process::run(
        Command::new("node")
            .arg("bench/run.mjs")
            .current_dir(root().join("tests"))
            .env("RIPEN_XTASK", xtask)
            .env("RIPEN_BENCH_PKG", &bench_pkg)
            .env("RIPEN_SIZES", sizes)
            .env("RIPEN_CHROMIUM", &tools.chromium)
            .env("RIPEN_BENCH_FOLD", &fold)
            .env("RIPEN_NATIVE_FOLD", native_fold)
            .env("RIPEN_NATIVE_CHECK", native_check)
            .env("RIPEN_NATIVE_AGENDA", native_agenda)
            .env("RIPEN_NATIVE_FUNNEL", native_funnel)
            .env("RIPEN_NATIVE_ROUTING", native_routing)
            .env("RIPEN_NATIVE_SEARCH", native_search)
            .env("RIPEN_NATIVE_DUPLICATES", native_duplicates)
            .env("RIPEN_NATIVE_STANDARD", native_standard)
            .env("RIPEN_NATIVE_SUGGESTIONS", native_suggestions)
            .env("RIPEN_NATIVE_CAMPAIGN", native_campaign)
            .env("RIPEN_NATIVE_IMPORT", native_import),
    )
}
