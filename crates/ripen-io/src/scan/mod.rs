//! What a camera scan read, as a lead: the text of a QR code or a badge's barcode (code
//! 128, PDF417) into a contact draft, a badge, or a web address — or refused, typed.
//!
//! The shapes real generators write: vCard 2.1/3.0/4.0 (read by the file reader's own
//! vCard code), MECARD (DoCoMo's, zxing's and Android's), `BIZCARD:`, `MATMSG:`,
//! `tel:` (RFC 3966) and `mailto:` (RFC 6068) URIs, plain http(s) addresses; and badges
//! (`badge.rs`). A contact's values go through the same card-to-client code as an
//! imported vCard's, so a phone is read by `Phone::read` and one that does not read is
//! kept in the notes, as an import keeps it. Wi-Fi, SMS, geo, calendar and other
//! payloads are refused as not a contact.
//!
//! Bounded: at most [`MAX_SCAN_BYTES`] of text; control characters other than line
//! breaks and tabs are dropped before anything is read.

mod badge;
mod fields;
mod uri;

use crate::draft::Draft;
use crate::phone::PhoneReader;
use crate::vcard::card::{Card, Ranked};
use crate::vcard::{client, read_vcards_with};
use crate::Encoding;
use ripen_core::values::Region;
use ripen_json::{FromJson, ToJson};
use std::borrow::Cow;

/// The most text a scan may hold: a QR code holds at most 2,953 bytes and a PDF417 symbol
/// 1,850 characters, so anything longer did not come from a camera.
pub const MAX_SCAN_BYTES: usize = 4096;

/// What a scan holds.
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
#[json(rename_all = "snake_case")]
pub enum Scanned {
    /// A business card or a contact: a draft as an imported card becomes one.
    Contact { format: ScanFormat, draft: Draft },
    /// A badge: its attendee id, and a draft when it carries the attendee's data (else a
    /// lead to complete: the id alone).
    Badge { id: Option<String>, draft: Option<Draft> },
    /// A web address (a company's site, a landing page): a lead to complete.
    Url { url: String },
}

/// The shape a contact was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToJson, FromJson)]
#[json(rename_all = "lowercase")]
pub enum ScanFormat {
    Vcard,
    Mecard,
    Bizcard,
    Matmsg,
    Tel,
    Mailto,
}

/// Why a scan is not a lead. Each has a stable `kind` the page says in its language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, ToJson, FromJson)]
#[json(rename_all = "snake_case")]
pub enum ScanError {
    #[error("the code holds no text")]
    Empty,
    #[error("the code holds {bytes} bytes; a scan is at most {limit}")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the code is not a contact ({what})")]
    NotAContact { what: Cow<'static, str> },
    #[error("the contact in the code has nothing to name a client by: no name, organisation, e-mail or phone")]
    NoName,
}

impl ScanError {
    /// A stable code for the page, independent of the message's wording.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLarge { .. } => "too_large",
            Self::NotAContact { .. } => "not_a_contact",
            Self::NoName => "no_name",
        }
    }

    fn not_a_contact(what: &'static str) -> Self {
        Self::NotAContact { what: Cow::Borrowed(what) }
    }
}

/// Payloads that are something else than a contact, by their scheme (lower case).
const REFUSED: [(&str, &str); 12] = [
    ("wifi:", "wi-fi network"),
    ("smsto:", "text message"),
    ("sms:", "text message"),
    ("mmsto:", "text message"),
    ("geo:", "place"),
    ("begin:vevent", "calendar event"),
    ("begin:vcalendar", "calendar event"),
    ("otpauth:", "one-time password"),
    ("bitcoin:", "payment"),
    ("market:", "app"),
    ("upi:", "payment"),
    ("st00012", "payment"),
];

/// A scan's text read as a lead; phones written without their country code read in
/// `region`.
pub fn read_scan(text: &str, region: Region) -> Result<Scanned, ScanError> {
    if text.len() > MAX_SCAN_BYTES {
        return Err(ScanError::TooLarge { bytes: text.len(), limit: MAX_SCAN_BYTES });
    }
    let cleaned = strip_controls(text);
    let text = cleaned.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.is_empty() {
        return Err(ScanError::Empty);
    }
    let mut phones = PhoneReader::new(region);
    let lower: String = text.chars().take(16).flat_map(char::to_lowercase).collect();
    let starts = |prefix: &str| lower.starts_with(prefix);
    if starts("begin:vcard") {
        return vcard(text, &mut phones);
    }
    if let Some((_, what)) = REFUSED.iter().find(|(prefix, _)| starts(prefix)) {
        return Err(ScanError::not_a_contact(what));
    }
    let (format, card) = if starts("mecard:") {
        (ScanFormat::Mecard, fields::mecard(&text[7..]))
    } else if starts("bizcard:") {
        (ScanFormat::Bizcard, fields::bizcard(&text[8..]))
    } else if starts("matmsg:") {
        (ScanFormat::Matmsg, fields::matmsg(&text[7..]))
    } else if starts("tel:") {
        (ScanFormat::Tel, uri::tel(&text[4..]))
    } else if starts("mailto:") {
        (ScanFormat::Mailto, uri::mailto(&text[7..]))
    } else if starts("http://") || starts("https://") {
        return uri::web(text);
    } else {
        return badge::read(text, &mut phones);
    };
    contact(format, card, &mut phones)
}

/// A card of a contact format made a draft.
fn contact(format: ScanFormat, card: Card, phones: &mut PhoneReader) -> Result<Scanned, ScanError> {
    if !card.can_be_named() {
        return Err(ScanError::NoName);
    }
    client::finish(card, phones).map(|draft| Scanned::Contact { format, draft }).map_err(|_| ScanError::NoName)
}

/// A vCard in a QR code, read by the file reader's vCard code (UTF-8: a QR's text came
/// through the browser as a string). Only the first card is taken.
fn vcard(text: &str, phones: &mut PhoneReader) -> Result<Scanned, ScanError> {
    let read = read_vcards_with(text.as_bytes(), Some(Encoding::UTF_8), phones).map_err(|_| ScanError::NoName)?;
    match read.drafts.into_iter().next() {
        Some(draft) => Ok(Scanned::Contact { format: ScanFormat::Vcard, draft }),
        None => Err(ScanError::NoName),
    }
}

/// Control characters dropped (a reader's GS separators, NULs, escape sequences); line
/// breaks and tabs kept, as formats split on them.
fn strip_controls(text: &str) -> Cow<'_, str> {
    let dropped = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    match text.contains(dropped) {
        true => Cow::Owned(text.chars().filter(|c| !dropped(*c)).collect()),
        false => Cow::Borrowed(text),
    }
}

/// A value the card holds as one of several (a phone, an e-mail), in the order written.
fn ranked(value: &str) -> Ranked {
    Ranked { preference: 100, value: value.to_owned(), types: Vec::new() }
}

/// A value as the formats write a missing one: nothing, or only spaces.
fn present(value: &str) -> Option<&str> {
    crate::missing::present(value)
}

#[cfg(test)]
mod tests;
