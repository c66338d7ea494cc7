//! `cargo xtask hub`: a team hub for sync. The work is done by `tests/support/hub/cli.mjs`
//! (Node has the HTTP client and runs PouchDB Server); the tests call the same modules.

use crate::{root, setup, Result};
use std::os::unix::process::CommandExt;
use std::process::Command;

pub(crate) fn run(args: &[String]) -> Result<()> {
    setup::ensure_node_packages()?;
    let tests = root().join("tests");
    // Replaced by Node rather than waiting on it: Ctrl-C then reaches Node alone, which
    // stops the server and removes its folder before the prompt comes back.
    let error = Command::new("node").arg("support/hub/cli.mjs").args(args).current_dir(tests).exec();
    Err(format!("cannot start node: {error}").into())
}
