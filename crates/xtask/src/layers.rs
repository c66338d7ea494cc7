//! `cargo xtask test [word…]`: setup, then every test layer in turn (or those whose name
//! holds one of the words, and the package build they need), with a summary at the end.

use crate::build::{self, Profile};
use crate::process::{self, cargo};
use crate::setup::{self, Tools, WASM_TARGET};
use crate::{root, Result};
use std::process::Command;
use std::time::{Duration, Instant};

/// Linted for wasm32 as well as for the host.
const WASM_CRATES: [&str; 18] = [
    "-p",
    "ripen-json",
    "-p",
    "ripen-core",
    "-p",
    "ripen-io",
    "-p",
    "ripen-sheets",
    "-p",
    "ripen-sheets-wasm",
    "-p",
    "ripen-reader-wasm",
    "-p",
    "ripen-sync",
    "-p",
    "ripen-idb",
    "-p",
    "ripen-wasm",
];
/// Tested in headless Chromium; ripen-core is tested natively.
const BROWSER_TESTED: [&str; 4] = ["-p", "ripen-idb", "-p", "ripen-wasm"];

struct Outcome {
    layer: &'static str,
    result: Result<()>,
    took: Duration,
}

/// The layers that test the built package: naming one builds it first.
const ON_THE_PACKAGE: [&str; 3] =
    ["TypeScript typings", "end-to-end (Playwright)", "the package, as a consumer gets it"];

pub(crate) fn run(words: &[String]) -> Result<()> {
    let tools = setup::ensure()?;
    let chosen = |layer: &str| words.is_empty() || words.iter().any(|word| layer.contains(word.as_str()));
    let package_needed = ON_THE_PACKAGE.iter().any(|layer| chosen(layer));
    let mut outcomes = Vec::new();
    let mut layer = |layer: &'static str, step: &mut dyn FnMut() -> Result<()>| {
        if !(chosen(layer) || layer == "wasm package" && package_needed) {
            return true;
        }
        eprintln!("\n=== {layer}");
        let started = Instant::now();
        let result = step();
        outcomes.push(Outcome { layer, result, took: started.elapsed() });
        outcomes.last().is_some_and(|o| o.result.is_ok())
    };

    layer("format", &mut || process::run(cargo().current_dir(root()).args(["fmt", "--all", "--", "--check"])));
    layer("clippy (host)", &mut || {
        process::run(cargo().current_dir(root()).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    });
    layer("clippy (wasm32)", &mut || {
        process::run(
            cargo()
                .current_dir(root())
                .args(["clippy", "--all-targets", "--target", WASM_TARGET])
                .args(WASM_CRATES)
                .args(["--", "-D", "warnings"]),
        )
    });
    layer("native tests", &mut || process::run(cargo().current_dir(root()).args(["test", "--workspace"])));
    layer("browser tests (wasm-bindgen-test)", &mut || wasm_tests(&tools));
    let built = layer("wasm package", &mut || build::package(Profile::Release).map(|_| ()));
    layer("TypeScript typings", &mut || needs(built).and_then(|()| typecheck()));
    layer("end-to-end (Playwright)", &mut || needs(built).and_then(|()| end_to_end(&tools)));
    layer("the package, as a consumer gets it", &mut || needs(built).and_then(|()| consumer(&tools)));

    eprintln!("\n=== summary");
    for outcome in &outcomes {
        let status = match &outcome.result {
            Ok(()) => "ok".to_owned(),
            Err(error) => format!("FAILED: {error}"),
        };
        eprintln!("{:<36} {:>6.1}s  {status}", outcome.layer, outcome.took.as_secs_f64());
    }
    let failed = outcomes.iter().filter(|o| o.result.is_err()).count();
    println!("layers: {} passed, {failed} failed", outcomes.len() - failed);
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} test layer(s) failed").into())
    }
}

fn needs(built: bool) -> Result<()> {
    if built {
        Ok(())
    } else {
        Err("skipped: the wasm package did not build".into())
    }
}

fn wasm_tests(tools: &Tools) -> Result<()> {
    // Chromium reaches the runner's page server through the relay (see relay.rs for the
    // stall it prevents); `<-loopback>` sends even 127.0.0.1 through the proxy.
    let proxy = crate::relay::start()?;
    let capabilities = root().join("target/wasm-bindgen-test-webdriver.json");
    std::fs::create_dir_all(root().join("target"))?;
    std::fs::write(
        &capabilities,
        format!(
            r#"{{"goog:chromeOptions": {{"args": ["--proxy-server=http://{proxy}", "--proxy-bypass-list=<-loopback>"]}}}}"#
        ),
    )?;
    process::run(
        cargo()
            .current_dir(root())
            .args(["test", "--target", WASM_TARGET])
            .args(BROWSER_TESTED)
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &capabilities)
            // Without debug info: with it the test module passed 130 MB, and Chromium spent
            // the whole timeout loading it before any test ran.
            .env("CARGO_PROFILE_DEV_DEBUG", "0")
            .env("WASM_BINDGEN_TEST_TIMEOUT", "300"),
    )?;
    eprintln!("the browser's requests relayed one per connection: {}", crate::relay::relayed());
    Ok(())
}

fn typecheck() -> Result<()> {
    let tests = root().join("tests");
    process::run(
        Command::new("node").arg("node_modules/typescript/bin/tsc").args(["-p", "tsconfig.json"]).current_dir(tests),
    )
}

/// `cargo xtask package`'s tarball installed into a fresh project (`tests/consumer/`).
fn consumer(tools: &Tools) -> Result<()> {
    let tarball = crate::package::pack()?;
    process::run(
        Command::new("node")
            .args(["--test", "--test-concurrency=1", "consumer/consumer.test.mjs"])
            .current_dir(root().join("tests"))
            .env("RIPEN_XTASK", std::env::current_exe()?)
            .env("RIPEN_CHROMIUM", &tools.chromium)
            .env("RIPEN_PACKAGE", tarball),
    )
}

fn end_to_end(tools: &Tools) -> Result<()> {
    let xtask = std::env::current_exe()?;
    let tests = root().join("tests");
    // Named one by one: how Node treats a bare directory argument differs by version.
    let mut files: Vec<String> = std::fs::read_dir(tests.join("e2e"))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .map(|name| format!("e2e/{name}"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("tests/e2e holds no *.test.mjs files".into());
    }
    process::run(
        Command::new("node")
            .args(["--test", "--test-concurrency=1"])
            .args(&files)
            .current_dir(tests)
            .env("RIPEN_XTASK", xtask)
            .env("RIPEN_CHROMIUM", &tools.chromium),
    )
}
