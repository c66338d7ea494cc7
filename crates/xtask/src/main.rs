//! `cargo xtask`: Ripen's developer commands — setup, build, package, demo, serve, hub, test, bench, size.

mod bench;
mod build;
mod compress;
mod csp;
mod hub;
mod layers;
mod package;
mod process;
mod relay;
mod serve;
mod setup;
mod size;

use std::path::PathBuf;
use std::process::ExitCode;

pub(crate) type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup                 install what is missing: wasm32 target, wasm-bindgen-cli (pinned),
                        Chromium + chromedriver, Node.js, the npm packages of tests/
  build [--dev]         build the wasm package into www/pkg (release profile unless --dev)
  package               build the npm package ripen-crm into pkg/ and pack it (target/*.tgz)
  demo [--port N] [--hub [URL]]
                        setup, build, and serve the PWA on http://127.0.0.1:N (default 8080);
                        --hub also starts a local team hub (`hub`) and lets the page reach it,
                        --hub URL lets the page reach a hub running at URL
  serve [--port N] [--mount /prefix/=dir]... [--hub URL]
                        serve static files (www/ at / unless mounts are given); --hub URL adds
                        the hub's origin to the pages' connect-src
  hub [--port N] [--database NAME] [--user NAME:PASS]... [--origin URL]...
                        start PouchDB Server in memory on 127.0.0.1 and prepare it as a team
                        hub (users, members, CORS, validator); runs until Ctrl-C
  hub --url http://ADMIN:PASS@HOST:PORT [same options]
                        prepare a running CouchDB / Cloudant / PouchDB Server the same way
  test [word…]          setup, then every test layer (or those whose name holds a word:
                        `test browser`); non-zero exit if any fails
  bench                 setup, build (and the engine with its benchmark exports, apart), and
                        run the benchmark page in headless Chromium
  size                  build and print the wasm package's size: raw, gzipped and brotli";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::FAILURE;
    };
    let outcome = match command.as_str() {
        "setup" => setup::run(),
        "build" => build::run(rest),
        "package" => package::run(),
        "demo" => serve::demo(rest),
        "serve" => serve::run(rest),
        "hub" => hub::run(rest),
        "test" => layers::run(rest),
        "bench" => bench::run(),
        "size" => size::run(),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}").into()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives at `crates/xtask`.
pub(crate) fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).map(PathBuf::from).unwrap_or(manifest)
}

/// The value after `--name` in `args`, if given.
pub(crate) fn option<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str)
}
