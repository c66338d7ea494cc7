//! Reading vCard 2.1, 3.0 and 4.0 (business cards shared from phones): lines unfolded,
//! quoted-printable and character sets decoded, escapes undone; FN or N, ORG, TITLE, TEL,
//! EMAIL, URL, NOTE, BDAY and CATEGORIES kept.

use crate::columns::Field;
use crate::decode::decode;
use crate::draft::{Draft, Read, RowIssue};
use crate::error::ReadError;
use crate::values::RowBuilder;
use ripen_core::import::ImportFormat;

/// The cards of a .vcf file: one row each.
pub fn read_vcards(bytes: &[u8]) -> Result<Read, ReadError> {
    let (text, _) = decode(bytes, None)?;
    let lines = unfold(&text);
    let mut cards = 0;
    let mut drafts = Vec::new();
    let mut issues = Vec::new();
    let mut card: Option<Card> = None;
    for (line, content) in lines {
        let Some(property) = Property::parse(&content) else { continue };
        match (property.name.as_str(), &mut card) {
            ("BEGIN", _) if property.value.eq_ignore_ascii_case("VCARD") => {
                if let Some(open) = card.replace(Card::new(line)) {
                    cards += 1;
                    issues.push(open.unclosed());
                }
            }
            ("END", Some(_)) if property.value.eq_ignore_ascii_case("VCARD") => {
                cards += 1;
                if let Some(done) = card.take() {
                    let started = done.line;
                    match done.finish() {
                        Ok(Some(draft)) => drafts.push(draft),
                        Ok(None) => issues.push(RowIssue {
                            line: started,
                            column: "FN".into(),
                            problem: "no_name",
                            value: None,
                            message: "the card has no name".into(),
                        }),
                        Err(found) => issues.extend(found),
                    }
                }
            }
            (_, Some(open)) => open.take(property),
            (_, None) => {}
        }
    }
    if let Some(open) = card {
        cards += 1;
        issues.push(open.unclosed());
    }
    if cards == 0 {
        return Err(ReadError::NoCards);
    }
    Ok(Read {
        format: ImportFormat::Vcard,
        encoding: None,
        delimiter: None,
        preset: None,
        columns: Vec::new(),
        rows: cards,
        drafts,
        issues,
    })
}

/// Logical lines with the line each starts on: a line starting with a space or tab
/// continues the one before (RFC 6350 §3.2), and a quoted-printable value ending in "="
/// continues on the next line (vCard 2.1).
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    let mut soft_break = false;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // A card's edge is never a continuation, even after a broken soft break.
        let edge = ["BEGIN:VCARD", "END:VCARD"].iter().any(|e| raw.trim().eq_ignore_ascii_case(e));
        match lines.last_mut() {
            Some((_, last)) if soft_break && !edge => last.push_str(raw),
            Some((_, last)) if raw.starts_with([' ', '\t']) => last.push_str(&raw[1..]),
            _ => lines.push((i + 1, raw.to_owned())),
        }
        soft_break = lines.last().is_some_and(|(_, l)| is_quoted_printable(l) && l.ends_with('='));
        if soft_break {
            if let Some((_, last)) = lines.last_mut() {
                last.pop();
            }
        }
    }
    lines
}

fn is_quoted_printable(line: &str) -> bool {
    let head = line.split(':').next().unwrap_or("").to_ascii_uppercase();
    head.contains("QUOTED-PRINTABLE")
}

/// One content line: `group.NAME;PARAM=x;TYPE=work:value`.
struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    fn parse(line: &str) -> Option<Self> {
        let colon = value_start(line)?;
        let (head, raw) = (&line[..colon], &line[colon + 1..]);
        let mut parts = head.split(';');
        let name = parts.next()?.rsplit('.').next()?.trim().to_ascii_uppercase();
        let params: Vec<(String, String)> = parts
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().trim_matches('"').to_owned()),
                // vCard 2.1 writes bare types: "TEL;CELL;QUOTED-PRINTABLE".
                None => (bare_param(p), p.trim().to_owned()),
            })
            .collect();
        let param = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.to_ascii_uppercase());
        let value = if param("ENCODING").as_deref() == Some("QUOTED-PRINTABLE") {
            let bytes = quoted_printable(raw);
            match param("CHARSET").as_deref() {
                Some("WINDOWS-1251") | Some("CP1251") => {
                    encoding_rs::WINDOWS_1251.decode_without_bom_handling(&bytes).0.into_owned()
                }
                _ => String::from_utf8_lossy(&bytes).into_owned(),
            }
        } else {
            raw.to_owned()
        };
        Some(Self { name, params, value })
    }

    fn is(&self, key: &str, value: &str) -> bool {
        self.params.iter().any(|(k, v)| k == key && v.split(',').any(|v| v.eq_ignore_ascii_case(value)))
    }
}

/// The colon that ends the property's name and parameters (not one inside a quoted
/// parameter value).
fn value_start(line: &str) -> Option<usize> {
    let mut quoted = false;
    line.char_indices().find_map(|(i, c)| {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some(i),
            _ => {}
        }
        None
    })
}

fn bare_param(param: &str) -> String {
    let upper = param.trim().to_ascii_uppercase();
    match upper.as_str() {
        "QUOTED-PRINTABLE" | "BASE64" | "8BIT" => "ENCODING".into(),
        _ => "TYPE".into(),
    }
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'=', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// A text value's escapes undone: "\n" a newline, "\," "\;" "\\" themselves.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A structured value's components ("family;given;additional;…"), unescaped.
fn components(value: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in value.chars() {
        match c {
            _ if escaped => {
                if let Some(last) = parts.last_mut() {
                    last.push('\\');
                    last.push(c);
                }
                escaped = false;
            }
            '\\' => escaped = true,
            ';' => parts.push(String::new()),
            _ => {
                if let Some(last) = parts.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    parts.iter().map(|p| unescape(p).trim().to_owned()).collect()
}

struct Card {
    line: usize,
    /// KIND:org (vCard 4.0) or X-ABShowAs:COMPANY (Apple's): the card is a company's.
    company_card: bool,
    row: RowBuilder,
    full_name: bool,
    structured: Option<(String, String, String)>,
}

impl Card {
    /// The report of a card that never reached its END:VCARD: it is left out.
    fn unclosed(&self) -> RowIssue {
        RowIssue {
            line: self.line,
            column: "END".into(),
            problem: "unclosed_card",
            value: None,
            message: "the card has no END:VCARD; it is cut or broken".into(),
        }
    }

    fn new(line: usize) -> Self {
        Self { line, company_card: false, row: RowBuilder::new(line, false), full_name: false, structured: None }
    }

    fn take(&mut self, property: Property) {
        let value = &property.value;
        match property.name.as_str() {
            "KIND" => self.company_card |= value.trim().eq_ignore_ascii_case("org"),
            "X-ABSHOWAS" => self.company_card |= value.trim().eq_ignore_ascii_case("company"),
            "FN" => {
                self.full_name = true;
                self.row.cell(Field::Name, "FN", &unescape(value));
            }
            "N" => {
                let parts = components(value);
                let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
                self.structured = Some((part(1), part(2), part(0)));
            }
            "ORG" => self.row.cell(Field::Company, "ORG", &components(value)[0]),
            "TITLE" => self.row.cell(Field::Position, "TITLE", &unescape(value)),
            "TEL" => {
                let number = value.trim().trim_start_matches("tel:");
                if !property.is("TYPE", "fax") {
                    self.row.cell(Field::Phone, "TEL", number);
                }
            }
            "EMAIL" => self.row.cell(Field::Email, "EMAIL", value.trim().trim_start_matches("mailto:")),
            "URL" => self.row.cell(Field::Website, "URL", &unescape(value)),
            "NOTE" => self.row.cell(Field::Notes, "NOTE", &unescape(value)),
            "CATEGORIES" => self.row.cell(Field::Tags, "CATEGORIES", &unescape(value)),
            "BDAY" => self.row.cell(Field::Birthday, "BDAY", value),
            _ => {}
        }
    }

    fn finish(mut self) -> Result<Option<Draft>, Vec<RowIssue>> {
        let structured = self.structured.take().filter(|(g, a, f)| !(g.is_empty() && a.is_empty() && f.is_empty()));
        // A card is a person's unless it names only an organisation.
        let only_org = self.company_card || (!self.full_name && structured.is_none());
        if let Some((given, additional, family)) = structured.filter(|_| !self.full_name) {
            self.row.cell(Field::FirstName, "N", &given);
            self.row.cell(Field::MiddleName, "N", &additional);
            self.row.cell(Field::LastName, "N", &family);
        }
        self.row.cell(Field::Kind, "KIND", if only_org { "company" } else { "person" });
        self.row.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_and_quoted_printable_are_undone() {
        let file = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=\r\n=D0=BD;;;\r\nTEL;CELL:+7 913 000-00-01\r\nNOTE:first line\\nsecond\r\n  line\r\nEND:VCARD\r\n";
        let Read { rows: cards, drafts, issues, .. } = read_vcards(file.as_bytes()).unwrap();
        assert_eq!((cards, issues.len()), (1, 0), "{issues:?}");
        assert_eq!(drafts[0].client.name.as_str(), "Иван Петров");
        assert_eq!(drafts[0].client.fields.notes.as_ref().map(|n| n.as_str()), Some("first line\nsecond line"));
    }

    #[test]
    fn a_card_never_closed_is_reported_and_the_others_kept() {
        let file = "BEGIN:VCARD\nFN:Первый\nBEGIN:VCARD\nFN:Второй\nNOTE;ENCODING=QUOTED-PRINTABLE:=D0=B0=\nEND:VCARD\nBEGIN:VCARD\nFN:Третий\n";
        let Read { rows: cards, drafts, issues, .. } = read_vcards(file.as_bytes()).unwrap();
        assert_eq!(cards, 3);
        assert_eq!(drafts.iter().map(|d| d.client.name.as_str()).collect::<Vec<_>>(), ["Второй"]);
        let reported: Vec<(usize, &str)> = issues.iter().map(|i| (i.line, i.problem)).collect();
        assert_eq!(reported, [(1, "unclosed_card"), (7, "unclosed_card")]);
    }

    #[test]
    fn escapes_in_structured_values() {
        assert_eq!(components(r"Рога\; и копыта;Отдел\, продаж"), ["Рога; и копыта", "Отдел, продаж"]);
    }
}
