//! The browser tests' HTTP proxy: Chromium reaches wasm-bindgen-test-runner's page server
//! through it, one request per connection.
//!
//! Why: the runner serves the test page with tiny_http 0.12, whose thread pool can lose a
//! new connection when several arrive together while its idle threads are counted stale
//! (a second `spawn` sees a waiter the first one already woke). The task waits for a thread
//! to come free, and on keep-alive connections none does: the page's burst of parallel
//! module imports then stalls for the runner's five-minute page-load timeout, and the run
//! fails with nothing tested ("Loading scripts..."). Sent with `Connection: close`, every
//! request is a task that ends with its response, so a queued one is picked up at once.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

/// The most a request head may hold: the runner's pages send a few hundred bytes.
const MAX_HEAD: usize = 64 * 1024;

/// Requests relayed so far, for the layer's report: a run that relayed none did not go
/// through the proxy.
static RELAYED: AtomicUsize = AtomicUsize::new(0);

/// How many requests the proxy has relayed.
pub(crate) fn relayed() -> usize {
    RELAYED.load(Ordering::Relaxed)
}

/// Starts the proxy on a free loopback port, serving until the process ends; its address.
pub(crate) fn start() -> io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    thread::spawn(move || {
        for client in listener.incoming().flatten() {
            thread::spawn(move || {
                // A failed relay is the browser's to see as a failed request.
                let _ = relay(client);
            });
        }
    });
    Ok(address)
}

/// A request as the browser sent it to a proxy, to be sent on to its origin.
#[derive(Debug, PartialEq, Eq)]
struct Forward {
    origin: SocketAddr,
    /// The request line and headers as the origin gets them, ending with the blank line.
    head: String,
    body_length: usize,
}

fn relay(client: TcpStream) -> io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        if reader.read_until(b'\n', &mut head)? == 0 || head.len() > MAX_HEAD {
            return Err(io::ErrorKind::InvalidData.into());
        }
    }
    let mut client_out = client;
    let forward = match parse(&String::from_utf8_lossy(&head)) {
        Ok(forward) => forward,
        Err(reason) => {
            let body = format!("xtask's test proxy: {reason}\n");
            write!(
                client_out,
                "HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )?;
            return client_out.shutdown(Shutdown::Both);
        }
    };
    let mut body = vec![0; forward.body_length];
    reader.read_exact(&mut body)?;
    let mut origin = TcpStream::connect(forward.origin)?;
    RELAYED.fetch_add(1, Ordering::Relaxed);
    origin.write_all(forward.head.as_bytes())?;
    origin.write_all(&body)?;
    // The origin closes the connection after its response, as asked.
    io::copy(&mut origin, &mut client_out)?;
    client_out.shutdown(Shutdown::Both)
}

/// `GET http://127.0.0.1:4000/run.js HTTP/1.1` and its headers → the request to send to
/// 127.0.0.1:4000, asking it to close the connection after answering. Only loopback
/// origins: the browser tests reach nothing else.
fn parse(head: &str) -> Result<Forward, String> {
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("not a request line: {request_line:?}"));
    };
    let rest = target.strip_prefix("http://").ok_or_else(|| format!("only plain http is relayed, not {target:?}"))?;
    let (authority, path) = rest.find('/').map_or((rest, "/"), |slash| (&rest[..slash], &rest[slash..]));
    let origin: SocketAddr =
        authority.parse().map_err(|_| format!("only numeric loopback origins are relayed, not {authority:?}"))?;
    if !origin.ip().is_loopback() {
        return Err(format!("only loopback origins are relayed, not {origin}"));
    }
    let mut forwarded = format!("{method} {path} {version}\r\n");
    let mut body_length = 0;
    for line in lines.filter(|line| !line.is_empty()) {
        let Some((name, value)) = line.split_once(':') else { continue };
        let name = name.trim();
        if ["connection", "proxy-connection", "keep-alive"].iter().any(|hop| name.eq_ignore_ascii_case(hop)) {
            continue;
        }
        if name.eq_ignore_ascii_case("content-length") {
            body_length = value.trim().parse().map_err(|_| format!("a bad Content-Length: {value:?}"))?;
        }
        forwarded.push_str(line);
        forwarded.push_str("\r\n");
    }
    forwarded.push_str("Connection: close\r\n\r\n");
    Ok(Forward { origin, head: forwarded, body_length })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_request_goes_to_its_loopback_origin_asking_it_to_close() {
        let head = "GET http://127.0.0.1:4000/snippets/a.js HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n\
                    Proxy-Connection: keep-alive\r\nConnection: keep-alive\r\nAccept: */*\r\n\r\n";
        let forward = parse(head).unwrap();
        assert_eq!(forward.origin, "127.0.0.1:4000".parse().unwrap());
        assert_eq!(
            forward.head,
            "GET /snippets/a.js HTTP/1.1\r\nHost: 127.0.0.1:4000\r\nAccept: */*\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(forward.body_length, 0);
        let post = parse("POST http://127.0.0.1:9/x HTTP/1.1\r\nContent-Length: 12\r\n\r\n").unwrap();
        assert_eq!(post.body_length, 12);
        assert!(parse("GET http://127.0.0.1:9 HTTP/1.1\r\n\r\n").unwrap().head.starts_with("GET / HTTP/1.1\r\n"));
    }

    #[test]
    fn what_is_not_a_loopback_http_request_is_refused() {
        for head in [
            "CONNECT example.com:443 HTTP/1.1\r\n\r\n",
            "GET http://example.com/ HTTP/1.1\r\n\r\n",
            "GET http://10.0.0.1:80/ HTTP/1.1\r\n\r\n",
            "GET https://127.0.0.1:443/ HTTP/1.1\r\n\r\n",
            "nonsense\r\n\r\n",
            "POST http://127.0.0.1:9/ HTTP/1.1\r\nContent-Length: many\r\n\r\n",
        ] {
            assert!(parse(head).is_err(), "{head:?}");
        }
    }

    #[test]
    fn a_request_and_its_body_reach_the_origin_and_the_answer_comes_back() {
        let origin = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin_address = origin.local_addr().unwrap();
        let served = thread::spawn(move || {
            let (mut stream, _) = origin.accept().unwrap();
            let mut received = Vec::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            while !received.ends_with(b"\r\n\r\nping") {
                let mut byte = [0];
                reader.read_exact(&mut byte).unwrap();
                received.push(byte[0]);
            }
            stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\npong").unwrap();
            String::from_utf8(received).unwrap()
        });
        let proxy = start().unwrap();
        let mut browser = TcpStream::connect(proxy).unwrap();
        write!(
            browser,
            "POST http://{origin_address}/echo HTTP/1.1\r\nConnection: keep-alive\r\nContent-Length: 4\r\n\r\nping"
        )
        .unwrap();
        let mut answer = String::new();
        browser.read_to_string(&mut answer).unwrap();
        assert!(answer.ends_with("\r\n\r\npong"), "{answer:?}");
        assert_eq!(served.join().unwrap(), "POST /echo HTTP/1.1\r\nContent-Length: 4\r\nConnection: close\r\n\r\nping");
    }
}
