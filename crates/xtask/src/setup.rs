//! `cargo xtask setup`: installs what the build and the tests need, skipping what is there.

use crate::process::{self, cargo, output, which};
use crate::{root, Result};
use std::path::PathBuf;
use std::process::Command;

pub(crate) const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Where the browser tools were found.
#[derive(Debug)]
pub(crate) struct Tools {
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
}

pub(crate) fn run() -> Result<()> {
    ensure().map(|_| ())
}

/// Every step is idempotent: a second run on a ready machine only checks.
pub(crate) fn ensure() -> Result<Tools> {
    ensure_rust_components()?;
    ensure_wasm_target()?;
    ensure_wasm_bindgen_cli()?;
    let tools = ensure_browser()?;
    ensure_nginx()?;
    ensure_node_packages()?;
    eprintln!("setup: ready (chromium {}, chromedriver {})", tools.chromium.display(), tools.chromedriver.display());
    Ok(tools)
}

/// rustup's minimal profile leaves out rustfmt and clippy, which the test layers use.
fn ensure_rust_components() -> Result<()> {
    let works = |tool: &str| output(cargo().args([tool, "--version"])).is_some();
    let missing: Vec<&str> = [("fmt", "rustfmt"), ("clippy", "clippy")]
        .into_iter()
        .filter(|(tool, _)| !works(tool))
        .map(|(_, component)| component)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    process::run(Command::new("rustup").args(["component", "add"]).args(&missing))
}

fn ensure_wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    process::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
pub(crate) fn pinned_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock does not list wasm-bindgen".into())
}

fn ensure_wasm_bindgen_cli() -> Result<()> {
    let pinned = pinned_wasm_bindgen()?;
    let reports = |program: &str| {
        output(Command::new(program).arg("--version"))
            .is_some_and(|v| v.split_whitespace().nth(1) == Some(pinned.as_str()))
    };
    if reports("wasm-bindgen") && reports("wasm-bindgen-test-runner") {
        return Ok(());
    }
    // Without --locked: one locked dependency of the CLI is missing from the registry.
    process::run(cargo().args(["install", "wasm-bindgen-cli", "--version", &pinned, "--force"]))
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

fn apt_install(packages: &[&str], why: &str) -> Result<()> {
    if !is_root() {
        return Err(format!(
            "{why} is missing; install the Debian packages {} (as root), then run again",
            packages.join(" ")
        )
        .into());
    }
    process::run(Command::new("apt-get").arg("update").env("DEBIAN_FRONTEND", "noninteractive"))?;
    process::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn ensure_browser() -> Result<Tools> {
    let find = || Some(Tools { chromium: which("chromium")?, chromedriver: which("chromedriver")? });
    if let Some(tools) = find() {
        return Ok(tools);
    }
    apt_install(&["chromium", "chromium-driver"], "Chromium or chromedriver")?;
    find().ok_or_else(|| "chromium and chromedriver are still not on PATH after installing them".into())
}

/// nginx, the inbox front of the website leads (`tests/support/hub/inbox-front.conf`): the
/// tests and `cargo xtask hub` run it unprivileged, so Debian's service is not needed.
pub(crate) fn ensure_nginx() -> Result<()> {
    // A user's PATH may leave /usr/sbin out.
    let found = || which("nginx").or_else(|| Some(PathBuf::from("/usr/sbin/nginx")).filter(|p| p.exists()));
    if found().is_some() {
        return Ok(());
    }
    apt_install(&["nginx-light"], "nginx (the inbox front)")?;
    found().map(|_| ()).ok_or_else(|| "nginx is still not found after installing nginx-light".into())
}

/// Node.js and the npm packages of `tests/`: all that `cargo xtask hub` needs.
pub(crate) fn ensure_node_packages() -> Result<()> {
    ensure_node()?;
    ensure_npm_packages()
}

/// `node --test` with `--test-concurrency` needs Node.js 20.10 or newer.
const NODE_MINIMUM: (u32, u32) = (20, 10);

fn node_version() -> Option<(u32, u32)> {
    let text = output(Command::new("node").arg("--version"))?;
    let mut parts = text.trim().trim_start_matches('v').split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

fn ensure_node() -> Result<()> {
    if node_version().is_none() {
        apt_install(&["nodejs", "npm"], "Node.js")?;
    }
    if which("npm").is_none() {
        apt_install(&["npm"], "npm")?;
    }
    match node_version() {
        Some(version) if version >= NODE_MINIMUM => Ok(()),
        Some((major, minor)) => Err(format!(
            "Node.js {major}.{minor} is too old: the tests need {}.{} or newer on PATH",
            NODE_MINIMUM.0, NODE_MINIMUM.1
        )
        .into()),
        None => Err("Node.js is still not on PATH after installing it".into()),
    }
}

/// `npm ci` from the committed lockfile, skipped when node_modules already matches it.
fn ensure_npm_packages() -> Result<()> {
    let tests = root().join("tests");
    let lock = std::fs::read(tests.join("package-lock.json"))?;
    let stamp_path = tests.join("node_modules/.ripen-lock-stamp");
    let stamp = format!("{:016x}", process::fnv1a(&lock, process::FNV_OFFSET));
    if std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        return Ok(());
    }
    // pouchdb-server's optional LevelDB and SQLite back ends would be built from source
    // here, for nothing: the hub runs in memory (tests/.npmrc says so to a hand-run npm).
    process::run(Command::new("npm").args(["ci", "--omit=optional", "--no-audit", "--no-fund"]).current_dir(&tests))?;
    std::fs::write(stamp_path, stamp)?;
    Ok(())
}
