//! `cargo xtask package`: the npm package `ripen-crm` in `pkg/` — the engine's module and
//! typings, the `<ripen-crm>` element with everything it loads (its UI modules, styles,
//! icons), README, licences and changelog — and its tarball, packed by `npm pack`.

use crate::build::{self, Profile};
use crate::process;
use crate::{root, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The package's name on npm.
pub(crate) const NAME: &str = "ripen-crm";

/// The elements' files, beside the engine's `pkg/` as in `www/`, so their
/// `new URL(…, import.meta.url)` finds them unchanged: the app's, and the website lead
/// form's (which loads no engine).
const ELEMENT: [&str; 10] = [
    "ripen-crm.js",
    "ripen-crm.d.ts",
    "widget.css",
    "ui",
    "icons",
    "lead-form.js",
    "lead-form.d.ts",
    "lead-form-strings.js",
    "lead-outbox.js",
    "lead-seal.js",
];

/// The modules with an effect on import: each element's defines it (`<ripen-crm>`,
/// `<ripen-lead-form>`). A bundler told "no side effects" of one would drop the element.
const SIDE_EFFECTS: [&str; 2] = ["./ripen-crm.js", "./lead-form.js"];

pub(crate) fn run() -> Result<()> {
    let tarball = pack()?;
    println!("{}", tarball.display());
    Ok(())
}

/// Builds `pkg/` and packs it; the tarball's path (in `target/`).
pub(crate) fn pack() -> Result<PathBuf> {
    let root = root();
    let built = build::package(Profile::Release)?;
    let out = root.join("pkg");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    copy_tree(&built, &out.join("pkg"), &|name| shipped(name))?;
    let typings = out.join("pkg/ripen_wasm.d.ts");
    let declared = std::fs::read_to_string(&typings)?;
    // wasm-bindgen declares `[Symbol.dispose]`, which TypeScript knows only with this
    // library: without it a consumer's `lib: ["ES2022"]` fails to compile the typings.
    std::fs::write(&typings, format!("/// <reference lib=\"esnext.disposable\" />\n{declared}"))?;
    for entry in ELEMENT {
        let from = root.join("www").join(entry);
        if from.is_dir() {
            copy_tree(&from, &out.join(entry), &|_| true)?;
        } else {
            std::fs::copy(&from, out.join(entry))?;
        }
    }
    std::fs::copy(root.join("docs/package/README.md"), out.join("README.md"))?;
    for file in ["CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::copy(root.join(file), out.join(file))?;
    }
    std::fs::write(out.join("package.json"), manifest(&out)?)?;
    let target = root.join("target");
    std::fs::create_dir_all(&target)?;
    let packed = process::output(
        Command::new("npm").args(["pack", "--silent", "--pack-destination"]).arg(&target).current_dir(&out),
    )
    .ok_or("npm pack failed (is Node.js installed? `cargo xtask setup` installs it)")?;
    let name = packed.lines().last().unwrap_or_default().trim().to_owned();
    Ok(target.join(name))
}

/// What of the built package is shipped: not the build's service-worker list, nor the
/// brotli copies a static host serves (a bundler makes its own), nor their stamps.
fn shipped(name: &str) -> bool {
    !name.starts_with('.') && !name.ends_with(".br") && !name.ends_with(".gz") && name != "build.js"
}

fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&str) -> bool) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !keep(&name) {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &to.join(&name), keep)?;
        } else {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// `package.json`: the engine as the main entry, the element as `./element`, the website
/// lead form as `./lead-form`, each with its
/// types; `files` naming everything shipped, the changelog included (npm packs README and
/// licences by itself, not a changelog).
fn manifest(out: &Path) -> Result<String> {
    let version = env!("CARGO_PKG_VERSION");
    let quoted = |items: &[&str]| items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
    let mut files: Vec<String> = std::fs::read_dir(out)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<std::io::Result<_>>()?;
    files.sort();
    let files: Vec<&str> = files.iter().map(String::as_str).filter(|f| *f != "package.json").collect();
    let mut json = String::new();
    writeln!(json, "{{")?;
    writeln!(json, "  \"name\": \"{NAME}\",")?;
    writeln!(json, "  \"version\": \"{version}\",")?;
    writeln!(
        json,
        "  \"description\": \"An offline CRM engine in WebAssembly: clients, touches, funnels, contact limits, undo, team sync over the CouchDB protocol; data in IndexedDB. With the <ripen-crm> app element.\","
    )?;
    writeln!(json, "  \"license\": \"MIT OR Apache-2.0\",")?;
    writeln!(json, "  \"type\": \"module\",")?;
    writeln!(json, "  \"main\": \"./pkg/ripen_wasm.js\",")?;
    writeln!(json, "  \"types\": \"./pkg/ripen_wasm.d.ts\",")?;
    writeln!(json, "  \"exports\": {{")?;
    writeln!(json, "    \".\": {{ \"types\": \"./pkg/ripen_wasm.d.ts\", \"default\": \"./pkg/ripen_wasm.js\" }},")?;
    writeln!(json, "    \"./element\": {{ \"types\": \"./ripen-crm.d.ts\", \"default\": \"./ripen-crm.js\" }},")?;
    writeln!(json, "    \"./lead-form\": {{ \"types\": \"./lead-form.d.ts\", \"default\": \"./lead-form.js\" }},")?;
    writeln!(
        json,
        "    \"./reader\": {{ \"types\": \"./pkg/reader/ripen_reader.d.ts\", \"default\": \"./pkg/reader/ripen_reader.js\" }},"
    )?;
    writeln!(
        json,
        "    \"./sheets\": {{ \"types\": \"./pkg/sheets/ripen_sheets.d.ts\", \"default\": \"./pkg/sheets/ripen_sheets.js\" }},"
    )?;
    writeln!(json, "    \"./package.json\": \"./package.json\"")?;
    writeln!(json, "  }},")?;
    writeln!(json, "  \"sideEffects\": [{}],", quoted(&SIDE_EFFECTS))?;
    writeln!(json, "  \"files\": [{}],", quoted(&files))?;
    writeln!(json, "  \"keywords\": [\"crm\", \"offline\", \"webassembly\", \"indexeddb\", \"couchdb\", \"pwa\"]")?;
    writeln!(json, "}}")?;
    Ok(json)
}
