//! One content line, `group.NAME;PARAM=x;BARE:value`, split into its name, its
//! parameters and its value's bytes (still encoded).

use super::lines::is_quoted_printable;
use crate::decode::Encoding;

/// A property as the line writes it; names and parameter names in upper case.
pub(super) struct Property<'a> {
    pub(super) name: String,
    params: Vec<(String, String)>,
    quoted_printable: bool,
    pub(super) raw: &'a [u8],
}

/// The rank of a value no parameter prefers: after every preferred one (PREF is 1 to 100).
pub(super) const NOT_PREFERRED: u8 = 101;

impl<'a> Property<'a> {
    /// The property of a logical line, or `None` for a line that is not one (no colon,
    /// or no name before it: base64 left unfolded, stray text).
    pub(super) fn parse(line: &'a [u8]) -> Option<Self> {
        let colon = value_start(line)?;
        let head = String::from_utf8_lossy(&line[..colon]);
        let mut parts = split_unquoted(&head, ';').into_iter();
        let name = parts.next()?.rsplit('.').next()?.trim().to_ascii_uppercase();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        let params = parts
            .filter(|p| !p.trim().is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().trim_matches('"').to_owned()),
                // vCard 2.1 writes bare parameters: "TEL;CELL;PREF;QUOTED-PRINTABLE".
                None => (bare_param(p), p.trim().to_owned()),
            })
            .collect();
        Some(Self { name, params, quoted_printable: is_quoted_printable(&line[..colon]), raw: &line[colon + 1..] })
    }

    fn values(&self, key: &'static str) -> impl Iterator<Item = &str> {
        self.params.iter().filter(move |(k, _)| k == key).flat_map(|(_, v)| v.split(',')).map(str::trim)
    }

    /// Whether `key` has `value` among its values (any case; "TYPE=work,voice" has both).
    pub(super) fn is(&self, key: &'static str, value: &str) -> bool {
        self.values(key).any(|v| v.eq_ignore_ascii_case(value))
    }

    /// Its types other than the ones that say nothing to a reader ("internet", "pref",
    /// "voice"), lower case: "work", "cell", "twitter".
    pub(super) fn types(&self) -> Vec<String> {
        const SILENT: [&str; 5] = ["internet", "pref", "voice", "x400", "x-internet"];
        let mut types: Vec<String> = Vec::new();
        for value in self.values("TYPE").map(str::to_lowercase) {
            if !value.is_empty() && !SILENT.contains(&value.as_str()) && !types.contains(&value) {
                types.push(value);
            }
        }
        types
    }

    /// How much the card prefers this value, 1 first: vCard 4.0's PREF=n, 2.1 and
    /// 3.0's TYPE=pref (as 1).
    pub(super) fn preference(&self) -> u8 {
        let numbered = self.values("PREF").filter_map(|v| v.parse::<u8>().ok()).min();
        numbered.or(self.is("TYPE", "pref").then_some(1)).unwrap_or(NOT_PREFERRED)
    }

    pub(super) fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub(super) fn is_quoted_printable(&self) -> bool {
        self.quoted_printable
    }

    /// The declared CHARSET, if Ripen knows it.
    pub(super) fn charset(&self) -> Option<Encoding> {
        self.param("CHARSET").and_then(Encoding::parse)
    }

    /// Whether this is a card's `edge` line ("BEGIN" or "END"), its value "VCARD" in any
    /// case with spaces around.
    pub(super) fn is_edge(&self, edge: &str) -> bool {
        self.name == edge && self.raw.trim_ascii().eq_ignore_ascii_case(b"VCARD")
    }
}

/// The colon that ends the name and parameters (not one inside a quoted parameter value).
fn value_start(line: &[u8]) -> Option<usize> {
    let mut quoted = false;
    line.iter().position(|b| {
        if *b == b'"' {
            quoted = !quoted;
        }
        *b == b':' && !quoted
    })
}

fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// What a 2.1 bare parameter stands for.
fn bare_param(param: &str) -> String {
    let upper = param.trim().to_ascii_uppercase();
    match upper.as_str() {
        "QUOTED-PRINTABLE" | "BASE64" | "B" | "8BIT" | "7BIT" => "ENCODING".into(),
        _ if Encoding::parse(&upper).is_some() => "CHARSET".into(),
        _ => "TYPE".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_groups_and_parameters_with_and_without_values() {
        let line = b"item1.tel;type=WORK;TYPE=\"voice,pref\";X-LABEL=\"a:b;c\":+7 913 000-00-00";
        let property = Property::parse(line).unwrap();
        assert_eq!(property.name, "TEL");
        assert!(property.is("TYPE", "work") && property.is("TYPE", "PREF"));
        assert_eq!(property.param("X-LABEL"), Some("a:b;c"));
        assert_eq!(property.raw, b"+7 913 000-00-00");
        assert_eq!(property.preference(), 1);
        assert_eq!(property.types(), ["work"]);

        let bare = Property::parse(b"TEL;CELL;PREF;QUOTED-PRINTABLE;UTF-8:1").unwrap();
        assert!(bare.is("TYPE", "cell") && bare.is_quoted_printable());
        assert_eq!(bare.charset(), Some(Encoding::UTF_8));
        assert_eq!(Property::parse(b"EMAIL;PREF=2:x").unwrap().preference(), 2);
        assert_eq!(Property::parse(b"EMAIL:x").unwrap().preference(), NOT_PREFERRED);
        assert!(Property::parse(b"iVBORw0KGgo").is_none());
        assert!(Property::parse(b":value").is_none());
        assert!(Property::parse(b" BEGIN : VCARD ").unwrap().is_edge("BEGIN"));
    }
}
