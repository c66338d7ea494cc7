//! Badges: what a registration system prints in a badge's code 128 or PDF417 barcode (or
//! its QR code). There is no standard, so three shapes are read, each only when the text
//! clearly is one — anything else is "not a contact" rather than a guess:
//!
//! 1. **A bare attendee id** — 1 to 64 letters, digits, `-` and `_`, with at least one
//!    digit ("100234", "EXPO26-00417"): what most badges carry, the attendee being looked
//!    up in the organiser's system. A word without digits is not taken for an id (a QR
//!    code holding a word is far likelier than a badge without digits). It becomes a lead
//!    to complete: the id in the notes, the rest typed by the rep.
//! 2. **Named fields**, one per line (or on one line between `;`, `|` or `&`), `key=value`
//!    or `KEY: value`, as exports and check-in apps write them ("FirstName=Anna",
//!    "EMAIL: a@b.c"): taken when a known key stands there (names in English and Russian:
//!    id, name, first and last name, company, title, e-mail, phone, country, city).
//! 3. **Separated values** between `^`, `|` or tabs, as badge layouts put the attendee's
//!    fields in a PDF417 symbol ("100234^Anna^Smirnova^Acme^CTO^anna@acme.example^+7…^RU"):
//!    values told apart by how they look (an e-mail, a number with `+` or 10+ digits, a
//!    two-letter country code, an id first), the text left read as name (given then
//!    family name when the first two are single words), company, title. That order is an
//!    assumption — layouts differ and name no fields —: one in another order fills the
//!    form's fields wrongly, and the rep, who sees the form before saving, moves them.
//!
//! A phone is taken from a badge only when written with its country code or long enough
//! to be one: an id of digits is not a phone.

use super::{present, ranked, ScanError, Scanned};
use crate::draft::Draft;
use crate::phone::PhoneReader;
use crate::vcard::card::Card;
use crate::vcard::client;

/// What a badge says of its attendee.
#[derive(Debug, Default, PartialEq, Eq)]
struct Attendee {
    id: Option<String>,
    name: Option<String>,
    given: Option<String>,
    family: Option<String>,
    company: Option<String>,
    title: Option<String>,
    emails: Vec<String>,
    phones: Vec<String>,
    country: Option<String>,
    city: Option<String>,
    /// Named fields of no known meaning, as "key: value".
    other: Vec<String>,
}

/// Which attendee field a key names, compared without case, spaces, `_`, `-` and `.`.
fn field_of(key: &str) -> Option<&'static str> {
    let key: String = key.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    Some(match key.as_str() {
        "id"
        | "badge"
        | "badgeid"
        | "barcode"
        | "attendeeid"
        | "regid"
        | "registrationid"
        | "ticket"
        | "ticketid"
        | "code"
        | "номер"
        | "код"
        | "idучастника" => "id",
        "name" | "fullname" | "attendee" | "attendeename" | "фио" | "имяфамилия" => "name",
        "first" | "firstname" | "given" | "givenname" | "fname" | "имя" => "given",
        "last" | "lastname" | "surname" | "family" | "familyname" | "lname" | "фамилия" => "family",
        "company"
        | "organization"
        | "organisation"
        | "org"
        | "employer"
        | "companyname"
        | "компания"
        | "организация" => "company",
        "title" | "jobtitle" | "position" | "role" | "job" | "должность" => "title",
        "email" | "mail" | "emailaddress" | "почта" | "электроннаяпочта" => "email",
        "phone" | "tel" | "telephone" | "mobile" | "cell" | "phonenumber" | "телефон" | "мобильный" => {
            "phone"
        }
        "country" | "countrycode" | "страна" => "country",
        "city" | "town" | "город" => "city",
        _ => return None,
    })
}

/// A badge's text read as a badge; anything that is no badge's shape is not a contact.
pub(super) fn read(text: &str, phones: &mut PhoneReader) -> Result<Scanned, ScanError> {
    if let Some(id) = bare_id(text) {
        return Ok(Scanned::Badge { id: Some(id.to_owned()), draft: None });
    }
    if crate::looks::email(text) {
        // A QR code holding an address alone, as a plain text generator writes it.
        return super::contact(super::ScanFormat::Mailto, super::uri::mailto(text), phones);
    }
    if text.starts_with('+') && crate::looks::phone(text) {
        return super::contact(super::ScanFormat::Tel, super::uri::tel(text), phones);
    }
    let attendee = named(text).or_else(|| separated(text)).ok_or(ScanError::not_a_contact("text"))?;
    let id = attendee.id.clone();
    match draft(attendee, phones) {
        Some(draft) => Ok(Scanned::Badge { id, draft: Some(draft) }),
        None if id.is_some() => Ok(Scanned::Badge { id, draft: None }),
        None => Err(ScanError::NoName),
    }
}

/// Shape 1: the text an attendee id.
fn bare_id(text: &str) -> Option<&str> {
    let ok = (1..=64).contains(&text.chars().count())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && text.chars().any(|c| c.is_ascii_digit());
    ok.then_some(text)
}

/// Shape 2: `key=value` or `KEY: value` fields, when at least one key is known and most
/// pieces are fields.
fn named(text: &str) -> Option<Attendee> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let pieces: Vec<&str> = match lines.as_slice() {
        [one] => {
            let by_amp = !one.contains([';', '|']) && one.split('&').all(|p| p.contains('='));
            let pieces = if by_amp { one.split('&').collect::<Vec<_>>() } else { one.split([';', '|']).collect() };
            pieces.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect()
        }
        _ => lines,
    };
    let split = |piece: &str| -> Option<(String, String)> {
        let at = piece.find(['=', ':'])?;
        let (key, value) = (piece[..at].trim(), piece[at + 1..].trim());
        (!key.is_empty() && key.chars().count() <= 32).then(|| (key.to_owned(), value.to_owned()))
    };
    let fields: Vec<(String, String)> = pieces.iter().filter_map(|p| split(p)).collect();
    let known = fields.iter().filter(|(k, _)| field_of(k).is_some()).count();
    if known == 0 || fields.len() * 2 < pieces.len() {
        return None;
    }
    let mut attendee = Attendee::default();
    for (key, value) in fields {
        let Some(value) = present(&value).map(str::to_owned) else { continue };
        match field_of(&key) {
            Some(field) => attendee.set(field, value),
            None => attendee.other.push(format!("{key}: {value}")),
        }
    }
    Some(attendee)
}

impl Attendee {
    fn set(&mut self, field: &str, value: String) {
        let slot = match field {
            "id" => &mut self.id,
            "name" => &mut self.name,
            "given" => &mut self.given,
            "family" => &mut self.family,
            "company" => &mut self.company,
            "title" => &mut self.title,
            "country" => &mut self.country,
            "city" => &mut self.city,
            "email" => return self.emails.push(value),
            _ => return self.phones.push(value),
        };
        slot.get_or_insert(value);
    }
}

/// Shape 3: values between `^`, `|` or tabs (the one that splits the text into the most
/// values, at least two), told apart by their look.
fn separated(text: &str) -> Option<Attendee> {
    let line = text.lines().next()?;
    let values: Vec<&str> = ['^', '|', '\t']
        .into_iter()
        .map(|d| line.split(d).map(str::trim).collect::<Vec<_>>())
        .max_by_key(Vec::len)
        .filter(|values| values.len() >= 2)?;
    let mut attendee = Attendee::default();
    let mut words: Vec<String> = Vec::new();
    for (i, value) in values.into_iter().enumerate() {
        let Some(value) = present(value) else { continue };
        let digits = value.chars().filter(char::is_ascii_digit).count();
        if crate::looks::email(value) {
            attendee.emails.push(value.to_owned());
        } else if crate::looks::phone(value) && (value.starts_with('+') || digits >= 10) {
            attendee.phones.push(value.to_owned());
        } else if i == 0 && bare_id(value).is_some() {
            attendee.id = Some(value.to_owned());
        } else if value.len() == 2 && value.chars().all(|c| c.is_ascii_uppercase()) {
            attendee.country.get_or_insert_with(|| value.to_owned());
        } else if bare_id(value).is_some() && value.chars().all(|c| c.is_ascii_digit()) {
            attendee.other.push(format!("Code: {value}"));
        } else {
            words.push(value.to_owned());
        }
    }
    let mut words = words.into_iter().peekable();
    let single = |w: &String| !w.contains(char::is_whitespace);
    match (words.next(), words.peek()) {
        (Some(first), Some(second)) if single(&first) && single(second) && !crate::looks::company(second) => {
            attendee.given = Some(first);
            attendee.family = words.next();
        }
        (first, _) => attendee.name = first,
    }
    attendee.company = words.next();
    attendee.title = words.next();
    attendee.other.extend(words);
    let anything = attendee.name.is_some() || attendee.given.is_some() || !attendee.emails.is_empty();
    anything.then_some(attendee)
}

/// The attendee as a draft, through the card-to-client code an imported vCard goes
/// through; `None` when nothing names them.
fn draft(attendee: Attendee, phones: &mut PhoneReader) -> Option<Draft> {
    let mut card = Card::new(1, true);
    card.full_name = attendee.name;
    if attendee.given.is_some() || attendee.family.is_some() {
        card.structured =
            Some([attendee.given.unwrap_or_default(), String::new(), attendee.family.unwrap_or_default()]);
    }
    card.org = attendee.company.into_iter().collect();
    card.title = attendee.title;
    card.emails = attendee.emails.iter().map(|e| ranked(e)).collect();
    card.phones = attendee.phones.iter().map(|p| ranked(p)).collect();
    if attendee.country.is_some() || attendee.city.is_some() {
        let mut parts = vec![String::new(); 7];
        parts[3] = attendee.city.unwrap_or_default();
        parts[6] = attendee.country.unwrap_or_default();
        card.addresses.push((Vec::new(), parts));
    }
    card.extras.extend(attendee.id.map(|id| format!("Badge: {id}")));
    card.extras.extend(attendee.other);
    if !card.can_be_named() {
        return None;
    }
    client::finish(card, phones).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_letters_and_digits_with_a_digit() {
        for (text, id) in [
            ("100234", true),
            ("EXPO26-00417", true),
            ("a_1", true),
            ("ABCDEF", false),
            ("12 34", false),
            ("www.example2.com", false),
            ("Иван1", false),
        ] {
            assert_eq!(bare_id(text).is_some(), id, "{text:?}");
        }
        assert!(bare_id(&"1".repeat(65)).is_none());
    }

    #[test]
    fn keys_in_any_spelling() {
        for (key, field) in [
            ("First_Name", Some("given")),
            ("E-Mail", Some("email")),
            ("JOB TITLE", Some("title")),
            ("Фамилия", Some("family")),
            ("Badge ID", Some("id")),
            ("colour", None),
        ] {
            assert_eq!(field_of(key), field, "{key:?}");
        }
    }
}
