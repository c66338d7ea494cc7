//! The page's Content-Security-Policy names its team hub. The policy is a meta tag in
//! `www/index.html` (`connect-src 'self'`), which a response header can only narrow, never
//! widen: so a deployment whose hub is on another origin serves the page with that origin
//! added to `connect-src`, and nothing else loosened. `serve --hub`/`demo --hub` do it as
//! they serve the page; a deployment edits its copy of index.html the same way.

use crate::Result;

/// The directive as shipped: the one place a hub's origin is added.
const CONNECT_SELF: &str = "connect-src 'self'";

/// The origin (`scheme://host[:port]`) of a hub URL, checked to be nothing else: it goes
/// into the policy as written, so a space, `;` or quote would add directives.
pub(crate) fn origin_of(url: &str) -> Result<String> {
    let (scheme, rest) =
        url.split_once("://").ok_or_else(|| format!("--hub {url:?}: expected http(s)://host[:port]/"))?;
    if scheme != "http" && scheme != "https" {
        return Err(format!("--hub {url:?}: only http and https hubs").into());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Credentials never go into a page's policy (and the page logs in by itself).
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if host.is_empty() || !host.chars().all(allowed) {
        return Err(format!("--hub {url:?}: the host is not a plain host[:port]").into());
    }
    Ok(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// `html` with `origin` allowed in `connect-src`; unchanged when there is no policy of
/// ours in it (another mount's page).
pub(crate) fn allow_hub(html: &[u8], origin: &str) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(html) else { return html.to_vec() };
    text.replacen(CONNECT_SELF, &format!("{CONNECT_SELF} {origin}"), 1).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hub_url_gives_its_origin_only() {
        assert_eq!(origin_of("http://127.0.0.1:5984/").unwrap(), "http://127.0.0.1:5984");
        assert_eq!(origin_of("https://admin:pw@Hub.Example.com/team?x").unwrap(), "https://hub.example.com");
        assert_eq!(origin_of("http://[::1]:5984").unwrap(), "http://[::1]:5984");
        for bad in ["127.0.0.1:5984", "ftp://hub/", "http://", "http://hub;script-src *", "http://hub 'unsafe-inline'"]
        {
            assert!(origin_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_page_policy_names_the_hub_and_nothing_else_changes() {
        let page = std::fs::read(crate::root().join("www/index.html")).unwrap();
        let served = String::from_utf8(allow_hub(&page, "http://127.0.0.1:5984")).unwrap();
        assert!(served.contains("connect-src 'self' http://127.0.0.1:5984;"), "{served}");
        assert_eq!(served.replace(" http://127.0.0.1:5984", ""), String::from_utf8(page).unwrap());
        assert_eq!(allow_hub(b"<p>no policy</p>", "http://h"), b"<p>no policy</p>");
    }
}
