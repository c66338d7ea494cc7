//! `cargo xtask build`: compiles ripen-wasm and generates the JS package in `www/pkg`, and
//! the file readers, loaded only on demand: the text reader (ripen-reader-wasm) in
//! `www/pkg/reader`, the spreadsheet reader (ripen-sheets-wasm) in `www/pkg/sheets`.

use crate::process::{self, cargo};
use crate::setup::WASM_TARGET;
use crate::{root, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    /// Size-tuned (`wasm-release`): what the demo serves and the tests exercise.
    Release,
    /// Fast to compile, for iterating on the page.
    Dev,
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let profile = if args.iter().any(|a| a == "--dev") { Profile::Dev } else { Profile::Release };
    package(profile).map(|_| ())
}

/// Builds the package and returns the directory it was written to.
pub(crate) fn package(profile: Profile) -> Result<PathBuf> {
    let root = root();
    let wasm_opt = wasm_opt(profile)?;
    let built = compile(profile, &["ripen-wasm", "ripen-reader-wasm", "ripen-sheets-wasm"], &[])?;
    let out = root.join("www/pkg");
    bindgen(&built.join("ripen_wasm.wasm"), &out, "ripen_wasm", wasm_opt.as_deref())?;
    bindgen(&built.join("ripen_reader_wasm.wasm"), &out.join("reader"), "ripen_reader", wasm_opt.as_deref())?;
    bindgen(&built.join("ripen_sheets_wasm.wasm"), &out.join("sheets"), "ripen_sheets", wasm_opt.as_deref())?;
    copy_zxing(&root, &out.join("zxing"))?;
    crate::compress::precompress(&out)?;
    write_build_manifest(&root.join("www"))?;
    Ok(out)
}

/// The engine with the benchmark page's exports (ripen-wasm's `bench` feature), as a
/// package of its own in `<target>/bench-pkg`, which `cargo xtask bench` serves at
/// `/bench/pkg/`: the package in `www/pkg`, the one users download, stays without them.
/// Built and optimised as the release package is, so the bench measures the same code.
pub(crate) fn bench_package() -> Result<PathBuf> {
    let wasm_opt = wasm_opt(Profile::Release)?;
    let built = compile(Profile::Release, &["ripen-wasm", "ripen-reader-wasm"], &["ripen-wasm/bench"])?;
    let out = target_dir().join("bench-pkg");
    bindgen(&built.join("ripen_wasm.wasm"), &out, "ripen_wasm", wasm_opt.as_deref())?;
    // The engine finds its file reader beside it, as in `www/pkg`.
    bindgen(&built.join("ripen_reader_wasm.wasm"), &out.join("reader"), "ripen_reader", wasm_opt.as_deref())?;
    Ok(out)
}

/// Where cargo puts its output: CARGO_TARGET_DIR when set (worktrees sharing a machine
/// keep apart).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

/// Compiles `packages` for wasm32; returns the directory holding their `.wasm` files.
fn compile(profile: Profile, packages: &[&str], features: &[&str]) -> Result<PathBuf> {
    let (cargo_profile, dir) = match profile {
        Profile::Release => ("wasm-release", "wasm-release"),
        Profile::Dev => ("dev", "debug"),
    };
    let mut command = cargo();
    command.current_dir(root()).arg("build");
    for package in packages {
        command.args(["--package", package]);
    }
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    process::run(command.args(["--target", WASM_TARGET, "--profile", cargo_profile]))?;
    Ok(target_dir().join(WASM_TARGET).join(dir))
}

/// Binaryen's optimiser as `cargo xtask setup` installs it (npm `binaryen` in tests/, a
/// current release: Debian's lags years behind); a dev build is left unoptimised.
fn wasm_opt(profile: Profile) -> Result<Option<PathBuf>> {
    if profile == Profile::Dev {
        return Ok(None);
    }
    let path = root().join("tests/node_modules/binaryen/bin/wasm-opt");
    if !path.is_file() {
        return Err(format!(
            "{} is missing: run `cargo xtask setup`, which installs the npm packages of tests/ (binaryen among them)",
            path.display()
        )
        .into());
    }
    Ok(Some(path))
}

/// The JS package of one wasm module, as `out/<name>.js` and `out/<name>_bg.wasm`,
/// optimised by `wasm_opt` when given.
fn bindgen(wasm: &Path, out: &Path, name: &str, wasm_opt: Option<&Path>) -> Result<()> {
    // Names are stripped here, not by cargo: wasm-bindgen reads the target-features
    // section that `strip = true` would drop.
    process::run(Command::new("wasm-bindgen").arg(wasm).arg("--out-dir").arg(out).args([
        "--out-name",
        name,
        "--target",
        "web",
        "--remove-name-section",
        "--remove-producers-section",
    ]))?;
    let Some(wasm_opt) = wasm_opt else { return Ok(()) };
    let module = out.join(format!("{name}_bg.wasm"));
    process::run(Command::new("node").arg(wasm_opt).arg(&module).arg("-o").arg(&module).args(WASM_OPT_ARGS))
}

/// Binaryen's cheap whole-module passes: identical functions merged, what nothing reaches
/// dropped, the leftovers swept. Not `-Oz`, `-Os` nor `-O3`: each makes the module about a
/// tenth smaller raw but a tenth bigger gzipped and brotli-compressed, which is what a
/// browser downloads (ARCHITECTURE.md, "Size"). The module's target-features section,
/// which wasm-bindgen keeps, tells wasm-opt the features rustc used and no others.
const WASM_OPT_ARGS: [&str; 3] = ["--duplicate-function-elimination", "--remove-unused-module-elements", "--vacuum"];

/// The camera scanner's fallback decoder (ui/scanner.js): zxing-cpp compiled to wasm, npm
/// `zxing-wasm` pinned in `tests/package-lock.json`, its reader-only build — the ES module,
/// the chunk it imports and its `.wasm` — copied from `tests/node_modules` as the package
/// lays them out (the page points its `locateFile` at the `.wasm` here, never at the CDN
/// it names by default), with its licence.
const ZXING: [&str; 4] = ["dist/es/reader/index.js", "dist/es/share.js", "dist/reader/zxing_reader.wasm", "LICENSE"];

fn copy_zxing(root: &Path, out: &Path) -> Result<()> {
    let package = root.join("tests/node_modules/zxing-wasm");
    for file in ZXING {
        let from = package.join(file);
        if !from.is_file() {
            return Err(format!(
                "{} is missing: run `cargo xtask setup`, which installs the npm packages of tests/ (zxing-wasm among them)",
                from.display()
            )
            .into());
        }
        let to = out.join(file.strip_prefix("dist/").unwrap_or(file));
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(&from, &to)?;
    }
    Ok(())
}

/// Files the service worker caches once the app runs rather than before it installs:
/// the file readers, which most visits never load, and the scanner's decoder — cached
/// all the same, so a scan reads offline after one online visit.
const LATER: [&str; 3] = ["pkg/reader/", "pkg/sheets/", "pkg/zxing/"];

/// Writes `www/pkg/build.js`, which the service worker imports: the build id (a hash of
/// every shipped file, so any change installs a new worker), the app-shell file list it
/// precaches, and the files it caches later.
fn write_build_manifest(www: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect_files(www, www, &mut files)?;
    files.retain(|f| {
        !f.split('/').any(|part| part.starts_with('.'))
            && f != "sw.js"
            && f != "pkg/build.js"
            && !f.ends_with(".d.ts")
            && !f.ends_with(".br")
            && !f.ends_with(".gz")
            && !f.ends_with("package.json")
            // The website lead form is for other sites' pages: the app never loads it.
            && !f.starts_with("lead-")
    });
    files.sort();
    // The worker script itself is not precached, but a change to it is a new build too.
    let mut hash = process::fnv1a(&std::fs::read(www.join("sw.js"))?, process::FNV_OFFSET);
    for file in &files {
        hash = process::fnv1a(file.as_bytes(), hash);
        hash = process::fnv1a(&std::fs::read(www.join(file))?, hash);
    }
    let mut script = format!(
        "// Generated by `cargo xtask build`.\nself.RIPEN_BUILD = \"{hash:016x}\";\nself.RIPEN_SHELL = [\n  \"./\",\n"
    );
    let (later, shell): (Vec<&String>, Vec<&String>) =
        files.iter().partition(|f| LATER.iter().any(|later| f.starts_with(later)));
    for file in shell {
        writeln!(script, "  \"./{file}\",")?;
    }
    script.push_str("];\nself.RIPEN_LATER = [\n");
    for file in later {
        writeln!(script, "  \"./{file}\",")?;
    }
    script.push_str("];\n");
    std::fs::write(www.join("pkg/build.js"), script)?;
    Ok(())
}

fn collect_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(base, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(base) {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}
