//! The URIs a QR code holds: `tel:` (RFC 3966: visual separators, `;ext=`, other
//! parameters), `mailto:` (RFC 6068: several addresses, `?to=`, `cc=`, `subject=`,
//! `body=`, percent-encoding) and plain http(s) addresses.

use super::{present, ranked, ScanError, Scanned};
use crate::vcard::card::Card;
use ripen_core::values::Website;

/// `%XX` as the byte it stands for, read as UTF-8 (a broken sequence replaced); `+` is a
/// plus (RFC 6068 does not make it a space).
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16);
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `tel:+1-201-555-0123;ext=1234;phone-context=…`: the number, with its extension (the
/// card's phone reading splits it off into the notes); other parameters dropped.
pub(super) fn tel(body: &str) -> Card {
    let body = percent_decode(body);
    let mut parts = body.split(';');
    let number = parts.next().unwrap_or_default().trim();
    let extension = parts.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim().eq_ignore_ascii_case("ext").then(|| value.trim().to_owned())
    });
    let mut card = Card::new(1, true);
    if let Some(number) = present(number) {
        let value = match extension {
            Some(extension) => format!("{number};ext={extension}"),
            None => number.to_owned(),
        };
        card.phones.push(ranked(&value));
    }
    card
}

/// `mailto:a@example.com,b@example.com?cc=c@example.com&subject=Hi&body=…`: every
/// address (to, then `to=` and `cc=`), the subject and the text in the notes.
pub(super) fn mailto(body: &str) -> Card {
    let (to, query) = body.split_once('?').unwrap_or((body, ""));
    let mut card = Card::new(1, true);
    let add = |list: &str, card: &mut Card| {
        for address in list.split(',').map(percent_decode) {
            if let Some(address) = present(&address) {
                card.emails.push(ranked(address));
            }
        }
    };
    add(to, &mut card);
    for field in query.split('&') {
        let (name, value) = field.split_once('=').unwrap_or((field, ""));
        match name.to_ascii_lowercase().as_str() {
            "to" | "cc" => add(value, &mut card),
            "subject" => card.notes.extend(present(&percent_decode(value)).map(|s| format!("Subject: {s}"))),
            "body" => card.notes.extend(present(&percent_decode(value)).map(str::to_owned)),
            _ => {}
        }
    }
    card
}

/// A plain web address: a lead to complete, its site known. One that is no website
/// (spaces, too long) is not a contact either.
pub(super) fn web(text: &str) -> Result<Scanned, ScanError> {
    match text.parse::<Website>() {
        Ok(site) => Ok(Scanned::Url { url: site.as_str().to_owned() }),
        Err(_) => Err(ScanError::not_a_contact("text")),
    }
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn percent_encoding_is_undone_as_utf8() {
        let cases = [
            ("a%20b", "a b"),
            ("%D0%98%D0%B2%D0%B0%D0%BD", "Иван"),
            ("100%", "100%"),
            ("%zz+1", "%zz+1"),
            ("%FF", "\u{fffd}"),
        ];
        for (encoded, decoded) in cases {
            assert_eq!(percent_decode(encoded), decoded, "{encoded:?}");
        }
    }
}
