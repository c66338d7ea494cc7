//! `cargo xtask hub`: a team hub for sync. The work is done by `tests/support/hub/cli.mjs`
//! (Node has the HTTP client and runs PouchDB Server); the tests call the same modules.

use crate::{root, setup, Result};
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};

pub(crate) fn run(args: &[String]) -> Result<()> {
    setup::ensure_node_packages()?;
    nginx_or_warn();
    let tests = root().join("tests");
    // Replaced by Node rather than waiting on it: Ctrl-C then reaches Node alone, which
    // stops the server and removes its folder before the prompt comes back.
    let error = Command::new("node").arg("support/hub/cli.mjs").args(args).current_dir(tests).exec();
    Err(format!("cannot start node: {error}").into())
}

/// A local hub started for the demo, with its inbox front; stopped when dropped.
pub(crate) struct LocalHub {
    pub(crate) url: String,
    /// The inbox front's URL, the website lead form's way in (none without nginx).
    pub(crate) front: Option<String>,
    child: Child,
}

/// Starts `cli.mjs` in the background with CORS for `page_origin`, waits for the hub's and
/// the inbox front's URLs it prints first, and passes the rest of its printout (the
/// database, the logins, the lead form's page) on.
pub(crate) fn start_local(page_origin: &str) -> Result<LocalHub> {
    setup::ensure_node_packages()?;
    nginx_or_warn();
    let mut child = Command::new("node")
        .args(["support/hub/cli.mjs", "--origin", page_origin])
        .current_dir(root().join("tests"))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start node: {e}"))?;
    let mut lines = BufReader::new(child.stdout.take().ok_or("no output from the hub")?).lines();
    let url = match lines.next() {
        Some(Ok(line)) if line.starts_with("http") => line.trim().to_owned(),
        _ => {
            let _ = child.kill();
            return Err("the local hub did not start (see above)".into());
        }
    };
    // The front's URL comes second when nginx runs it; otherwise the printout goes on.
    let front = match lines.next() {
        Some(Ok(line)) if line.starts_with("http") => Some(line.trim().to_owned()),
        Some(Ok(line)) => {
            println!("{line}");
            None
        }
        _ => None,
    };
    std::thread::spawn(move || lines.map_while(std::io::Result::ok).for_each(|line| println!("{line}")));
    Ok(LocalHub { url, front, child })
}

/// The hub works without the inbox front: a machine where nginx cannot be installed (not
/// root) still gets its team hub, and is told why there is no front.
fn nginx_or_warn() {
    if let Err(error) = setup::ensure_nginx() {
        eprintln!("hub: no inbox front for the website lead form: {error}");
    }
}

impl Drop for LocalHub {
    fn drop(&mut self) {
        // Ctrl-C reaches Node too (same process group); this covers an error of ours.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
