//! Reading vCard 2.1, 3.0 and 4.0 files as phones and address books really write them:
//! any line ending, folds anywhere (even inside a character), quoted-printable where a
//! line says so, each property's CHARSET honoured, cards with or without BEGIN lines.
//! A card is a client whenever anything can name it; a value that does not read is kept
//! in its notes and reported, never losing the card.

pub(crate) mod card;
pub(crate) mod client;
mod lines;
mod property;
mod text;

use crate::decode::{check_size, guess_legacy, refuse_binary, refuse_signatures, unicode, Encoding, Guess};
use crate::draft::{Read, RowIssue};
use crate::error::ReadError;
use crate::phone::{read_in_region, PhoneReader};
use card::Card;
use property::Property;
use ripen_core::import::ImportFormat;
use std::borrow::Cow;

/// Binary values, never text: not decoded, not looked at to find the encoding.
const BINARY: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

/// The cards of a .vcf file, its encoding found by itself.
pub fn read_vcards(bytes: &[u8]) -> Result<Read, ReadError> {
    read_vcards_as(bytes, None)
}

/// The cards of a .vcf file: one row each. `forced` names the file's encoding (the
/// user's choice), over any the file declares.
pub fn read_vcards_as(bytes: &[u8], forced: Option<Encoding>) -> Result<Read, ReadError> {
    read_in_region(None, |phones| read_vcards_with(bytes, forced, phones))
}

/// [`read_vcards_as`], its numbers read by `phones`.
pub(crate) fn read_vcards_with(
    bytes: &[u8],
    forced: Option<Encoding>,
    phones: &mut PhoneReader,
) -> Result<Read, ReadError> {
    check_size(bytes)?;
    refuse_signatures(bytes)?;
    let found = forced.map(|e| (e, e.strip_bom(bytes))).or_else(|| unicode(bytes));
    // UTF-16 is made UTF-8 first, so its lines are bytes like any other file's.
    let body: Cow<'_, [u8]> = match found {
        Some((encoding, body)) if encoding.is_utf16() => Cow::Owned(encoding.decode(body).into_owned().into_bytes()),
        Some((_, body)) => Cow::Borrowed(body),
        None => Cow::Borrowed(bytes),
    };
    refuse_binary(&body)?;
    if body.trim_ascii().is_empty() {
        return Err(ReadError::Empty);
    }
    let lines = lines::unfold(&body);
    let properties: Vec<(usize, Property<'_>, Cow<'_, [u8]>)> = lines
        .iter()
        .filter_map(|(line, text)| Property::parse(text).map(|p| (*line, p)))
        .map(|(line, property)| {
            let value = match property.is_quoted_printable() {
                true => Cow::Owned(text::quoted_printable(property.raw)),
                false => Cow::Borrowed(property.raw),
            };
            (line, property, value)
        })
        .collect();
    let charsets = Charsets::of(found.map(|(e, _)| e), forced.is_some(), &properties);

    let mut read = Read { encoding: Some(charsets.shown), ..Read::empty(ImportFormat::Vcard, phones.region) };
    let mut open: Option<Card> = None;
    let mut seen_any = false;
    for (line, property, value) in &properties {
        if property.is_edge("BEGIN") {
            seen_any = true;
            if let Some(previous) = open.replace(Card::new(*line, true)) {
                // Only a card opened by BEGIN needs its END; one without ends where the next begins.
                let ended = !previous.explicit;
                close(&mut read, previous, ended, phones);
            }
        } else if property.is_edge("END") {
            seen_any = true;
            if let Some(done) = open.take() {
                close(&mut read, done, true, phones);
            }
        } else if matches!(property.name.as_str(), "BEGIN" | "END") || BINARY.contains(&property.name.as_str()) {
            // Another object's edges (a vCalendar's), and pictures: nothing of a client.
        } else {
            if open.as_ref().is_some_and(|card| card.is_next(property)) {
                if let Some(done) = open.take() {
                    close(&mut read, done, true, phones);
                }
            }
            let card = open.get_or_insert_with(|| Card::new(*line, false));
            let text = charsets.text(property, value, *line, &mut card.warnings);
            card.take(property, &text);
            seen_any |= card.can_be_named() || card.version;
        }
    }
    if let Some(last) = open {
        // A card opened by BEGIN and never ended is cut; one without BEGIN ends with the file.
        let ended = !last.explicit;
        close(&mut read, last, ended, phones);
    }
    if !seen_any {
        return Err(ReadError::NoCards);
    }
    Ok(read)
}

/// A card done: a draft, or the report of why not. A card without BEGIN that holds
/// nothing to name a client by is stray text between cards, not a card.
fn close(read: &mut Read, card: Card, ended: bool, phones: &mut PhoneReader) {
    if !card.explicit && !card.can_be_named() {
        return;
    }
    read.rows += 1;
    let mut card = card;
    // A file cut short, or a card whose END an exporter forgot: what it holds comes in,
    // with a warning (a card without a name is still reported below, as any card is).
    if !ended {
        let warning = card.unclosed();
        card.warnings.push(warning);
    }
    match client::finish(card, phones) {
        Ok(draft) => read.drafts.push(draft),
        Err(issue) => read.issues.push(issue),
    }
}

/// The encodings of a file's values: the file's own, and each property's CHARSET.
struct Charsets {
    /// What the preview says the file was read in.
    shown: Encoding,
    /// What a value without a CHARSET is in (UTF-8 for a UTF-16 file, made UTF-8).
    values: Encoding,
    /// The user named the encoding: it is taken over what the file declares.
    forced: bool,
}

impl Charsets {
    fn of(found: Option<Encoding>, forced: bool, properties: &[(usize, Property<'_>, Cow<'_, [u8]>)]) -> Self {
        match found {
            Some(encoding) if encoding.is_utf16() => Self { shown: encoding, values: Encoding::UTF_8, forced },
            Some(encoding) => Self { shown: encoding, values: encoding, forced },
            None => {
                // The file's encoding from the values that do not declare their own.
                let mut sample = Vec::new();
                for (_, property, value) in properties {
                    if property.param("CHARSET").is_none()
                        && !BINARY.contains(&property.name.as_str())
                        && !value.is_ascii()
                    {
                        sample.extend_from_slice(value);
                        sample.push(b'\n');
                    }
                }
                let encoding = match guess_legacy(&sample) {
                    // A damaged UTF-8 file loses only its broken bytes, each value saying so.
                    Guess::Utf8 | Guess::Damaged { .. } => Encoding::UTF_8,
                    Guess::Legacy(encoding) => encoding,
                };
                Self { shown: encoding, values: encoding, forced }
            }
        }
    }

    /// A value's text; bytes that were no text in its encoding are replaced, and said.
    fn text<'v>(
        &self,
        property: &Property<'_>,
        value: &'v [u8],
        line: usize,
        warnings: &mut Vec<RowIssue>,
    ) -> Cow<'v, str> {
        let declared = property.charset().filter(|_| !self.forced);
        // A declared single-byte charset over bytes that are valid UTF-8 beyond ASCII is an
        // exporter's mistake (text in those charsets is almost never valid UTF-8); so are
        // the raw values of a UTF-16 file, which are UTF-8 by now.
        let encoding = match declared {
            Some(declared) if value.is_ascii() || std::str::from_utf8(value).is_err() => declared,
            Some(_) => Encoding::UTF_8,
            None => self.values,
        };
        let (text, broken) = encoding.decode_checked(value);
        if broken {
            warnings.push(RowIssue {
                line,
                column: property.name.clone(),
                letter: None,
                problem: "encoding".into(),
                value: RowIssue::value(&text),
                message: format!("bytes that are not {encoding} text were replaced"),
            });
        }
        text
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
    fn a_card_never_closed_comes_in_with_a_warning() {
        let file = "BEGIN:VCARD\nFN:Первый\nBEGIN:VCARD\nFN:Второй\nNOTE;ENCODING=QUOTED-PRINTABLE:=D0=B0=\nEND:VCARD\nBEGIN:VCARD\nFN:Третий\n";
        let Read { rows: cards, drafts, issues, .. } = read_vcards(file.as_bytes()).unwrap();
        assert_eq!((cards, issues.len()), (3, 0), "{issues:?}");
        assert_eq!(drafts.iter().map(|d| d.client.name.as_str()).collect::<Vec<_>>(), ["Первый", "Второй", "Третий"]);
        let warned: Vec<(usize, Vec<&str>)> =
            drafts.iter().map(|d| (d.line, d.warnings.iter().map(|w| w.problem.as_ref()).collect())).collect();
        assert_eq!(warned, [(1, vec!["unclosed_card"]), (3, vec![]), (7, vec!["unclosed_card"])]);
    }

    #[test]
    fn no_card_at_all_is_refused() {
        assert_eq!(read_vcards(b"Name,Phone\nIvan,1\n").unwrap_err(), ReadError::NoCards);
        assert_eq!(read_vcards(b" \r\n").unwrap_err(), ReadError::Empty);
    }
}
