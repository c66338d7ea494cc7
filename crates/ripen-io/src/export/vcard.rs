//! vCard, one card per client: 3.0 (what every phone and Outlook import) or 4.0 (RFC
//! 6350: `KIND`, `tel:` URIs, `ANNIVERSARY`). UTF-8, CRLF, lines folded at 75 octets
//! between characters, text values escaped.

use super::{international, is_mobile, Row};
use ripen_core::values::DateKind;
use ripen_core::ClientKind;

/// Which vCard to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VcardVersion {
    /// vCard 3.0 (RFC 2426): the default, as older address books read nothing newer.
    #[default]
    V3,
    /// vCard 4.0 (RFC 6350).
    V4,
}

/// The cards of `rows`, in `version`.
pub fn write_vcards(rows: &[Row<'_>], version: VcardVersion) -> String {
    let mut out = String::new();
    for row in rows {
        for line in card(row, version) {
            fold_into(&mut out, &line);
        }
    }
    out
}

fn card(row: &Row<'_>, version: VcardVersion) -> Vec<String> {
    let v4 = version == VcardVersion::V4;
    let client = row.client;
    let fields = &client.fields;
    let mut card = vec!["BEGIN:VCARD".to_owned(), format!("VERSION:{}", if v4 { "4.0" } else { "3.0" })];
    let name = escape(client.name.as_str());
    card.push(format!("FN:{name}"));
    match fields.kind {
        ClientKind::Person => {
            if v4 {
                card.push("KIND:individual".to_owned());
            }
            // The model keeps a name whole: it goes in the family part rather than be
            // split by a guess at which word is the given name.
            card.push(format!("N:{name};;;;"));
            if let Some(company) = row.company {
                card.push(format!("ORG:{}", escape(company)));
            }
            if let Some(position) = row.position {
                card.push(format!("TITLE:{}", escape(position)));
            }
        }
        ClientKind::Company => {
            if v4 {
                card.push("KIND:org".to_owned());
            } else {
                // 3.0 has no KIND; N is required there, empty for a company.
                card.push("N:;;;;".to_owned());
            }
            card.push(format!("ORG:{name}"));
            // Apple's flag, which its Contacts reads in either version.
            card.push("X-ABShowAs:COMPANY".to_owned());
        }
    }
    for phone in &fields.phones {
        let kind = if is_mobile(phone) { "cell" } else { "voice" };
        card.push(match v4 {
            true => format!("TEL;VALUE=uri;TYPE={kind}:tel:{}", international(phone)),
            false => format!("TEL;TYPE={}:{}", kind.to_uppercase(), escape(phone.display())),
        });
    }
    let email_type = if v4 { "work" } else { "INTERNET" };
    card.extend(fields.emails.iter().map(|e| format!("EMAIL;TYPE={email_type}:{}", e.as_str())));
    card.extend(fields.website.iter().map(|w| format!("URL:{}", escape(w.as_str()))));
    if !fields.tags.is_empty() {
        let tags: Vec<String> = fields.tags.iter().map(|t| escape(t.as_str())).collect();
        card.push(format!("CATEGORIES:{}", tags.join(",")));
    }
    for date in &fields.dates {
        let property = match (date.kind, fields.kind) {
            (DateKind::Birthday, _) => "BDAY",
            // The reader takes a company's anniversary for its founding, a person's
            // labelled "anniversary" for theirs; other dates have no property of their own.
            (DateKind::CompanyAnniversary, ClientKind::Company) if v4 => "ANNIVERSARY",
            (DateKind::Other, ClientKind::Person) if v4 && date.label.as_deref() == Some("anniversary") => {
                "ANNIVERSARY"
            }
            _ => continue,
        };
        card.push(match date.year {
            Some(year) if v4 => format!("{property}:{year:04}{:02}{:02}", date.month, date.day),
            Some(year) => format!("{property}:{year:04}-{:02}-{:02}", date.month, date.day),
            None => format!("{property}:--{:02}{:02}", date.month, date.day),
        });
    }
    card.extend(fields.notes.iter().map(|n| format!("NOTE:{}", escape(n.as_str()))));
    card.push("END:VCARD".to_owned());
    card
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets, never inside a character (RFC 6350 §3.2).
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        fold_into(&mut out, &format!("NOTE:{}", "я".repeat(60)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), format!("NOTE:{}", "я".repeat(60)));
    }

    #[test]
    fn text_values_escape_what_would_split_them() {
        assert_eq!(escape("a,b;c\\d\r\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
