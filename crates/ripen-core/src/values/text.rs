//! Short human texts with their own limits: labels (region, industry, …), tags, notes,
//! websites and messenger handles.

use super::channel::MessengerNetwork;
use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::newtype::string_newtype;
use std::str::FromStr;

/// A one-line value of a classifying field: region, industry, client type, source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(String);

impl Label {
    pub const MAX_CHARS: usize = 100;
}

impl FromStr for Label {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        clean_line("", raw, Self::MAX_CHARS).map(Self)
    }
}

string_newtype!(Label);

/// A tag; compared as written, whitespace folded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag(String);

impl FromStr for Tag {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        clean_line("", raw, 50).map(Self)
    }
}

string_newtype!(Tag);

/// Free-form notes: several lines allowed, other control characters are not.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Notes(String);

impl Notes {
    pub const MAX_CHARS: usize = 10_000;
}

impl FromStr for Notes {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let text = raw.trim().replace("\r\n", "\n");
        if text.is_empty() {
            return Err(ValidationError::new("", Problem::Empty));
        }
        if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
            return Err(ValidationError::new("", Problem::ControlCharacter { code: c as u32 }));
        }
        let chars = text.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(ValidationError::new("", Problem::TooLong { max: Self::MAX_CHARS, actual: chars }));
        }
        Ok(Self(text))
    }
}

string_newtype!(Notes);

/// A website: a domain or an http(s) address, stored with its scheme.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Website(String);

impl FromStr for Website {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let text = clean_line("", raw, 300)?;
        let problem = |reason: &str| ValidationError::new("", Problem::Malformed { reason: reason.into() });
        if text.contains(' ') {
            return Err(problem("an address has no spaces"));
        }
        let lower = text.to_lowercase();
        let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
        if rest.is_none() && lower.contains("://") {
            return Err(problem("only http and https addresses are websites"));
        }
        let host = rest.unwrap_or(&lower).split(['/', '?', '#']).next().unwrap_or("");
        let host = host
            .rsplit_once(':')
            .map_or(host, |(h, port)| if port.chars().all(|c| c.is_ascii_digit()) { h } else { host });
        let plausible = host.contains('.')
            && host.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
        if !plausible {
            return Err(problem("expected a domain such as example.com"));
        }
        Ok(Self(if rest.is_some() { text } else { format!("https://{text}") }))
    }
}

string_newtype!(Website);

/// A handle on a messenger network.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Messenger {
    pub network: MessengerNetwork,
    pub handle: String,
}

impl Messenger {
    pub fn parse(network: &str, handle: &str) -> Result<Self, ValidationError> {
        let network = network.parse()?;
        let handle = clean_line("handle", handle, 100)?;
        Ok(Self { network, handle })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websites_get_a_scheme_and_must_look_like_one() {
        let cases: &[(&str, Option<&str>)] = &[
            ("sibmotors.ru", Some("https://sibmotors.ru")),
            ("http://sibmotors.ru/about", Some("http://sibmotors.ru/about")),
            ("HTTPS://Example.com:8443/x", Some("HTTPS://Example.com:8443/x")),
            ("сибмоторс.рф", Some("https://сибмоторс.рф")),
            ("ftp://example.com", None),
            ("not a site", None),
            ("localhost", None),
            ("javascript:alert(1)", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(raw.parse::<Website>().ok().as_ref().map(Website::as_str), *expected, "{raw}");
        }
    }

    #[test]
    fn notes_keep_lines_but_not_other_control_characters() {
        assert_eq!("line one\r\nline two\n".parse::<Notes>().unwrap().as_str(), "line one\nline two");
        assert!("bell\u{7}".parse::<Notes>().is_err());
        assert!("x".repeat(Notes::MAX_CHARS + 1).parse::<Notes>().is_err());
    }
}
