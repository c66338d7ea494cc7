//! The `KEY:value;` formats of QR contacts — MECARD (DoCoMo's, as zxing and Android write
//! it), BIZCARD (zxing's) and MATMSG (an e-mail to write) — into a card. Values end at an
//! unescaped `;`; `\;`, `\:`, `\,` and `\\` stand for themselves; the list ends at `;;`
//! or at the end of the text. Keys are read in any case; line breaks between fields are
//! passed over.

use super::{present, ranked};
use crate::vcard::card::Card;

/// The fields of a `KEY:value;…;;` list, in order: keys upper-cased, values unescaped
/// and trimmed (empty ones left out).
pub(super) fn pairs(body: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut chars = body.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut key = String::new();
        let mut value = String::new();
        let mut in_value = false;
        let mut ended = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' if in_value => match chars.next() {
                    Some(next) => value.push(next),
                    None => break,
                },
                ';' => {
                    ended = true;
                    break;
                }
                ':' if !in_value => in_value = true,
                _ if in_value => value.push(c),
                _ => key.push(c),
            }
        }
        let key = key.trim().to_uppercase();
        if key.is_empty() && !in_value {
            // `;;`: the list's end (or an empty field); anything after it is not the card's.
            if ended || chars.peek().is_none() {
                break;
            }
            continue;
        }
        if let Some(value) = present(&value) {
            pairs.push((key, value.to_owned()));
        }
        if !ended {
            break;
        }
    }
    pairs
}

/// `MECARD:N:Doe,John;TEL:…;EMAIL:…;ORG:…;URL:…;ADR:…;NOTE:…;;`. N is "family,given"
/// by the format (DoCoMo's reading of Japanese names), but most generators write the name
/// as people say it: with a comma it is read as family and given, else as written.
pub(super) fn mecard(body: &str) -> Card {
    let mut card = Card::new(1, true);
    for (key, value) in pairs(body) {
        match key.as_str() {
            "N" => match value.split_once(',') {
                Some((family, given)) => {
                    card.structured = Some([given.trim().to_owned(), String::new(), family.trim().to_owned()]);
                }
                None => card.full_name = Some(value),
            },
            "NICKNAME" => card.nickname = Some(value),
            "ORG" => card.org = vec![value],
            "TITLE" => card.title = Some(value),
            "TEL" | "TEL-AV" => card.phones.push(ranked(&value)),
            "EMAIL" => card.emails.push(ranked(&value)),
            "URL" => card.urls.push(value),
            "NOTE" | "MEMO" => card.notes.push(value),
            "BDAY" => card.birthdays.push(value),
            "ADR" => card.addresses.push((Vec::new(), address(&value))),
            // SOUND is the name's reading in kana: nothing a client is called by.
            "SOUND" => {}
            other => card.extras.push(format!("{}: {value}", other.to_lowercase())),
        }
    }
    card
}

/// `BIZCARD:N:Sean;X:Owen;T:Software Engineer;C:Google;A:76 9th Avenue;B:+12125551212;
/// E:srowen@google.com;;` — N the given name, X the family name, T the title, C the
/// company, A an address, B a phone, M a mobile, F a fax, E an e-mail.
pub(super) fn bizcard(body: &str) -> Card {
    let mut card = Card::new(1, true);
    let (mut given, mut family) = (String::new(), String::new());
    for (key, value) in pairs(body) {
        match key.as_str() {
            "N" => given = value,
            "X" => family = value,
            "T" => card.title = Some(value),
            "C" => card.org = vec![value],
            "A" => card.addresses.push((Vec::new(), address(&value))),
            "B" | "M" => card.phones.push(ranked(&value)),
            "F" => {
                card.phones.push(crate::vcard::card::Ranked { preference: 100, value, types: vec!["fax".to_owned()] })
            }
            "E" => card.emails.push(ranked(&value)),
            other => card.extras.push(format!("{}: {value}", other.to_lowercase())),
        }
    }
    if !given.is_empty() || !family.is_empty() {
        card.structured = Some([given, String::new(), family]);
    }
    card
}

/// `MATMSG:TO:someone@example.com;SUB:subject;BODY:text;;` — an e-mail to write: the
/// addressee is the contact, the subject and the text go to the notes.
pub(super) fn matmsg(body: &str) -> Card {
    let mut card = Card::new(1, true);
    for (key, value) in pairs(body) {
        match key.as_str() {
            "TO" => card.emails.extend(value.split(',').filter_map(present).map(ranked)),
            "SUB" => card.notes.push(format!("Subject: {value}")),
            "BODY" => card.notes.push(value),
            _ => {}
        }
    }
    card
}

/// An address as one line: kept as the street component, so the notes show it whole.
fn address(value: &str) -> Vec<String> {
    vec![String::new(), String::new(), value.to_owned()]
}

#[cfg(test)]
mod tests {
    use super::pairs;

    #[test]
    fn pairs_unescape_and_end_at_two_semicolons() {
        let cases: [(&str, &[(&str, &str)]); 6] = [
            ("N:Doe,John;TEL:1;;", &[("N", "Doe,John"), ("TEL", "1")]),
            (r"NOTE:a\;b\:c\\d\,e;;", &[("NOTE", r"a;b:c\d,e")]),
            ("n:x;\r\nemail:a@b.c;;TEL:after the end", &[("N", "x"), ("EMAIL", "a@b.c")]),
            ("N:x;EMAIL:;TEL: ;ORG:null;", &[("N", "x")]),
            ("N:unterminated", &[("N", "unterminated")]),
            ("URL:http://example.com:8080/x;;", &[("URL", "http://example.com:8080/x")]),
        ];
        for (body, expected) in cases {
            let got = pairs(body);
            let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(got, expected, "{body:?}");
        }
    }
}
