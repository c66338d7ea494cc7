//! `cargo xtask serve` and `demo`: a small static HTTP server for the PWA and the
//! benchmark page, bound to loopback only.

use crate::build::{self, Profile};
use crate::{compress, csp, hub, option, root, setup, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// `prefix` (e.g. `/bench/`) is served from `dir`.
#[derive(Debug, Clone)]
pub(crate) struct Mount {
    prefix: String,
    dir: PathBuf,
}

pub(crate) fn demo(args: &[String]) -> Result<()> {
    let port = port(args, 8080)?;
    let hub = hub_choice(args)?;
    setup::ensure()?;
    build::package(Profile::Release)?;
    let listener = bind(port)?;
    let url = format!("http://{}/", listener.local_addr()?);
    // A local hub is told the page's origin (for CORS) once the port is known.
    let (origin, _local_hub) = match hub {
        HubChoice::None => (None, None),
        HubChoice::At(url) => (Some(csp::origin_of(&url)?), None),
        HubChoice::Local => {
            let local = hub::start_local(url.trim_end_matches('/'))?;
            // The lead form's page reaches the inbox front, the app the hub.
            let mut origins = csp::origin_of(&local.url)?;
            if let Some(front) = &local.front {
                origins = format!("{origins} {}", csp::origin_of(front)?);
            }
            (Some(origins), Some(local))
        }
    };
    println!("\nRipen demo: open {url} in a browser (Ctrl-C stops it).");
    println!("After the first visit the page keeps working offline.");
    if let Some(origin) = &origin {
        println!(
            "The pages may reach {origin}: the team hub (Settings → Team logs in) and the lead form's inbox front."
        );
        println!("Two profiles (e.g. a normal and a private window) are two devices of the team.");
    }
    let mounts = vec![
        Mount { prefix: "/".into(), dir: root().join("www") },
        // The sample company site with the website lead form (its address printed by the hub).
        Mount { prefix: "/lead/".into(), dir: root().join("tests/lead-page") },
    ];
    serve(listener, mounts, origin)
}

/// What `--hub` asks for: nothing, a hub running at a URL, or a local one started here.
enum HubChoice {
    None,
    At(String),
    Local,
}

fn hub_choice(args: &[String]) -> Result<HubChoice> {
    let Some(at) = args.iter().position(|a| a == "--hub") else { return Ok(HubChoice::None) };
    Ok(match args.get(at + 1).filter(|next| !next.starts_with("--")) {
        Some(url) => HubChoice::At(url.clone()),
        None => HubChoice::Local,
    })
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let port = port(args, 8080)?;
    // `--hub` may be given more than once: a team hub and the lead form's inbox front.
    let hubs =
        args.windows(2).filter(|w| w[0] == "--hub").map(|w| csp::origin_of(&w[1])).collect::<Result<Vec<_>>>()?;
    let origin = (!hubs.is_empty()).then(|| hubs.join(" "));
    let mut mounts = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        if arg == "--mount" {
            let spec = args.get(i + 1).ok_or("--mount needs /prefix/=dir")?;
            let (prefix, dir) = spec.split_once('=').ok_or("--mount needs /prefix/=dir")?;
            let dir = PathBuf::from(dir);
            let dir = if dir.is_absolute() { dir } else { root().join(dir) };
            mounts.push(Mount { prefix: prefix.to_owned(), dir });
        }
    }
    if mounts.is_empty() {
        mounts.push(Mount { prefix: "/".into(), dir: root().join("www") });
    }
    let listener = bind(port)?;
    // The first line of output is the URL: test harnesses read it to learn the port.
    println!("http://{}/", listener.local_addr()?);
    serve(listener, mounts, origin)
}

fn port(args: &[String], default: u16) -> Result<u16> {
    match option(args, "--port") {
        Some(text) => text.parse().map_err(|_| format!("--port {text:?} is not a port number").into()),
        None => Ok(default),
    }
}

fn bind(port: u16) -> Result<TcpListener> {
    TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e} (try --port with another number)").into())
}

/// `hub`: the origins (space-separated) the pages' policy lets them connect to, besides their own.
fn serve(listener: TcpListener, mut mounts: Vec<Mount>, hub: Option<String>) -> Result<()> {
    // Longest prefix first, so /bench/ wins over /.
    mounts.sort_by_key(|m| std::cmp::Reverse(m.prefix.len()));
    let mounts = Arc::new(mounts);
    let hub = Arc::new(hub);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (mounts, hub) = (Arc::clone(&mounts), Arc::clone(&hub));
        std::thread::spawn(move || {
            let _ = handle(stream, &mounts, hub.as_deref());
        });
    }
    Ok(())
}

fn handle(mut stream: TcpStream, mounts: &[Mount], hub: Option<&str>) -> std::io::Result<()> {
    // A browser's idle preconnect must not pin a thread forever.
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(64 * 1024));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let (mut takes_brotli, mut takes_gzip) = (false, false);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("accept-encoding") {
                let takes = |wanted: &str| value.split(',').any(|c| c.split(';').next().unwrap_or("").trim() == wanted);
                takes_brotli |= takes("br");
                takes_gzip |= takes("gzip");
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, 405, "text/plain", b"method not allowed", method == "HEAD");
    }
    if let Some(location) = directory_redirect(target, mounts) {
        return redirect(&mut stream, &location);
    }
    match resolve(target, mounts) {
        Some(path) => match std::fs::read(&path) {
            Ok(body) => {
                let is_page = path.extension().is_some_and(|e| e == "html");
                let body = match hub {
                    Some(origin) if is_page => csp::allow_hub(&body, origin),
                    _ => body,
                };
                let kind = content_type(&path);
                let head = method == "HEAD";
                // Compressed at build time when the build did it for this very file; text
                // on request (fast settings: these files are small). Brotli first, else gzip.
                let packed = if takes_brotli {
                    match compress::fresh_precompressed(&path) {
                        Some(packed) if !is_page => Some(("br", packed)),
                        _ => compress::worth_it(kind).then(|| ("br", compress::brotli(&body, 5))),
                    }
                } else if takes_gzip {
                    match compress::fresh_gzipped(&path) {
                        Some(packed) if !is_page => Some(("gzip", packed)),
                        _ => compress::worth_it(kind).then(|| ("gzip", compress::gzip(&body, 6))),
                    }
                } else {
                    None
                };
                match packed {
                    Some((coding, packed)) => respond_encoded(&mut stream, kind, coding, &packed, head),
                    None => respond(&mut stream, 200, kind, &body, head),
                }
            }
            Err(_) => respond(&mut stream, 404, "text/plain", b"not found", method == "HEAD"),
        },
        None => respond(&mut stream, 404, "text/plain", b"not found", method == "HEAD"),
    }
}

/// Maps a request target onto a file under one of the mounts, refusing anything that
/// would step outside it.
fn resolve(target: &str, mounts: &[Mount]) -> Option<PathBuf> {
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"))?;
    let mount = mounts.iter().find(|m| path.starts_with(&m.prefix))?;
    let relative = path.get(mount.prefix.len()..).unwrap_or("");
    let relative = Path::new(relative);
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = mount.dir.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

/// `/bench` → `/bench/`, so that the page's relative links resolve inside its mount.
fn directory_redirect(target: &str, mounts: &[Mount]) -> Option<String> {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, format!("?{query}")),
        None => (target, String::new()),
    };
    let with_slash = format!("{path}/");
    mounts.iter().any(|m| m.prefix == with_slash).then(|| format!("{with_slash}{query}"))
}

fn redirect(stream: &mut TcpStream, location: &str) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(header.as_bytes())?;
    stream.flush()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    send(stream, status, content_type, "", body, head_only)
}

/// A 200 with a body in `coding` ("br", "gzip"); caches keep it apart from the plain one.
fn respond_encoded(
    stream: &mut TcpStream,
    content_type: &str,
    coding: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let headers = format!("Content-Encoding: {coding}\r\nVary: Accept-Encoding\r\n");
    send(stream, 200, content_type, &headers, body, head_only)
}

fn send(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    extra_headers: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    // no-cache: the service worker, not the HTTP cache, decides what is served offline.
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra_headers}Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mounts() -> Vec<Mount> {
        let root = root();
        vec![
            Mount { prefix: "/bench/".into(), dir: root.join("tests/bench") },
            Mount { prefix: "/".into(), dir: root.join("www") },
        ]
    }

    #[test]
    fn requests_resolve_inside_their_mount_only() {
        let mounts = mounts();
        assert_eq!(resolve("/", &mounts), Some(root().join("www/index.html")));
        assert_eq!(resolve("/index.html?x=1", &mounts), Some(root().join("www/index.html")));
        assert_eq!(resolve("/bench/", &mounts), Some(root().join("tests/bench/index.html")));
        assert_eq!(resolve("/bench", &mounts), None, "served only after the redirect");
        assert_eq!(directory_redirect("/bench?n=10", &mounts).as_deref(), Some("/bench/?n=10"));
        assert_eq!(directory_redirect("/bench/", &mounts), None);
        assert_eq!(directory_redirect("/app.js", &mounts), None);
        for bad in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/bench/../../Cargo.toml", "/missing.js", "/%zz"] {
            assert_eq!(resolve(bad, &mounts), None, "{bad}");
        }
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type(Path::new("pkg/ripen_wasm_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("manifest.webmanifest")), "application/manifest+json");
    }
}
