//! `cargo xtask hub`: a team hub for sync. The work is done by `tests/support/hub/cli.mjs`
//! (Node has the HTTP client and runs PouchDB Server); the tests call the same modules.

use crate::{root, setup, Result};
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};

pub(crate) fn run(args: &[String]) -> Result<()> {
    setup::ensure_node_packages()?;
    setup::ensure_nginx()?;
    let tests = root().join("tests");
    // Replaced by Node rather than waiting on it: Ctrl-C then reaches Node alone, which
    // stops the server and removes its folder before the prompt comes back.
    let error = Command::new("node").arg("support/hub/cli.mjs").args(args).current_dir(tests).exec();
    Err(format!("cannot start node: {error}").into())
}

/// A local hub started for the demo, with its inbox front; stopped when dropped.
pub(crate) struct LocalHub {
    pub(crate) url: String,
    /// The inbox front's URL: the website lead form's way in.
    pub(crate) front: String,
    child: Child,
}

/// Starts `cli.mjs` in the background with CORS for `page_origin`, waits for the hub's and
/// the inbox front's URLs it prints first, and passes the rest of its printout (the
/// database, the logins, the lead form's page) on.
pub(crate) fn start_local(page_origin: &str) -> Result<LocalHub> {
    setup::ensure_node_packages()?;
    setup::ensure_nginx()?;
    let mut child = Command::new("node")
        .args(["support/hub/cli.mjs", "--origin", page_origin])
        .current_dir(root().join("tests"))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start node: {e}"))?;
    let mut lines = BufReader::new(child.stdout.take().ok_or("no output from the hub")?).lines();
    let mut next_url = || match lines.next() {
        Some(Ok(line)) if line.starts_with("http") => Some(line.trim().to_owned()),
        _ => None,
    };
    let (Some(url), Some(front)) = (next_url(), next_url()) else {
        let _ = child.kill();
        return Err("the local hub did not start (see above)".into());
    };
    std::thread::spawn(move || lines.map_while(std::io::Result::ok).for_each(|line| println!("{line}")));
    Ok(LocalHub { url, front, child })
}

impl Drop for LocalHub {
    fn drop(&mut self) {
        // Ctrl-C reaches Node too (same process group); this covers an error of ours.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
