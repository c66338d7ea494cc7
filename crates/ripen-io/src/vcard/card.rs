//! One card's properties as they come, each value decoded to text and kept until the card
//! ends: nothing is parsed here, so no value can lose the card.

use super::property::Property;
use super::text::{components, present, unescape};
use crate::draft::RowIssue;

/// A value that may be one of several, with how much the card prefers it (1 first) and
/// its types ("work", "cell", "fax").
pub(crate) struct Ranked {
    pub(crate) preference: u8,
    pub(crate) value: String,
    pub(crate) types: Vec<String>,
}

/// What a card said, property by property.
#[derive(Default)]
pub(crate) struct Card {
    pub(crate) line: usize,
    /// Opened by BEGIN:VCARD; a card without one starts at its first property.
    pub(crate) explicit: bool,
    pub(crate) version: bool,
    /// KIND:org (vCard 4.0) or X-ABShowAs:COMPANY (Apple's): the card is a company's.
    pub(crate) company_card: bool,
    pub(crate) full_name: Option<String>,
    /// N's given, additional and family names.
    pub(crate) structured: Option<[String; 3]>,
    pub(crate) nickname: Option<String>,
    /// ORG's components: the organisation, then its units.
    pub(crate) org: Vec<String>,
    pub(crate) title: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) phones: Vec<Ranked>,
    pub(crate) emails: Vec<Ranked>,
    pub(crate) urls: Vec<String>,
    pub(crate) notes: Vec<String>,
    /// Values the client model has no field for, as lines for its notes.
    pub(crate) extras: Vec<String>,
    pub(crate) birthdays: Vec<String>,
    pub(crate) anniversaries: Vec<String>,
    pub(crate) categories: Vec<String>,
    /// ADR's types and components (PO box, extended, street, locality, region, postal
    /// code, country).
    pub(crate) addresses: Vec<(Vec<String>, Vec<String>)>,
    /// What decoding found wrong with a value (kept, repaired).
    pub(crate) warnings: Vec<RowIssue>,
}

impl Card {
    pub(crate) fn new(line: usize, explicit: bool) -> Self {
        Self { line, explicit, ..Self::default() }
    }

    /// The warning of a card that never reached its END:VCARD (it comes in all the same).
    pub(crate) fn unclosed(&self) -> RowIssue {
        RowIssue {
            line: self.line,
            column: "END".into(),
            letter: None,
            problem: "unclosed_card".into(),
            value: None,
            message: "the card has no END:VCARD; the file may be cut short: check this contact".into(),
        }
    }

    /// Whether `property` begins the next card, in a file whose cards have no BEGIN
    /// line: a second VERSION, FN or N.
    pub(super) fn is_next(&self, property: &Property<'_>) -> bool {
        !self.explicit
            && match property.name.as_str() {
                "VERSION" => self.version,
                "FN" => self.full_name.is_some(),
                "N" => self.structured.is_some(),
                _ => false,
            }
    }

    /// Whether the card holds anything that can name a client: a name, a nickname, an
    /// organisation, an e-mail or a phone.
    pub(crate) fn can_be_named(&self) -> bool {
        self.full_name.is_some()
            || self.structured.is_some()
            || self.nickname.is_some()
            || !self.org.is_empty()
            || !self.emails.is_empty()
            || !self.phones.is_empty()
    }

    pub(super) fn take(&mut self, property: &Property<'_>, text: &str) {
        let ranked = |value: &str| Ranked {
            preference: property.preference(),
            value: value.to_owned(),
            types: property.types(),
        };
        let unescaped = unescape(text);
        let Some(value) = present(&unescaped) else {
            self.version |= property.name == "VERSION";
            return;
        };
        match property.name.as_str() {
            "VERSION" => self.version = true,
            "KIND" => self.company_card |= value.eq_ignore_ascii_case("org"),
            "X-ABSHOWAS" => self.company_card |= value.eq_ignore_ascii_case("company"),
            "FN" => self.full_name = Some(value.to_owned()),
            "N" => {
                let parts = components(text);
                let part = |i: usize| parts.get(i).and_then(|p| present(p)).unwrap_or_default().to_owned();
                let names = [part(1), part(2), part(0)];
                if names.iter().any(|n| !n.is_empty()) {
                    self.structured = Some(names);
                }
            }
            "NICKNAME" => self.nickname = Some(value.to_owned()),
            "ORG" => {
                let parts: Vec<String> = components(text).into_iter().filter(|p| present(p).is_some()).collect();
                if !parts.is_empty() {
                    self.org = parts;
                }
            }
            "TITLE" => self.title = Some(value.to_owned()),
            "ROLE" => self.role = Some(value.to_owned()),
            "TEL" => self.phones.push(ranked(value)),
            "EMAIL" => self.emails.push(ranked(value)),
            "URL" => self.urls.push(value.to_owned()),
            "NOTE" => self.notes.push(value.to_owned()),
            "BDAY" => self.birthdays.push(value.to_owned()),
            "ANNIVERSARY" | "X-ANNIVERSARY" => self.anniversaries.push(value.to_owned()),
            "CATEGORIES" => self.categories.extend(value.split(',').filter_map(present).map(str::to_owned)),
            "ADR" => {
                let parts = components(text);
                if parts.iter().any(|p| present(p).is_some()) {
                    self.addresses.push((property.types(), parts));
                }
            }
            "X-SOCIALPROFILE" => {
                let network = property.types().into_iter().next();
                let user = property.param("X-USER").filter(|u| !u.is_empty());
                let shown = match user {
                    Some(user) if value.starts_with("x-apple:") || value.is_empty() => user.to_owned(),
                    _ => value.to_owned(),
                };
                self.extras.push(labelled("Social profile", network.as_deref(), &shown));
            }
            "IMPP" | "X-SIP" | "X-JABBER" | "X-SKYPE" | "X-ICQ" | "X-TELEGRAM" | "X-WHATSAPP" => {
                let network = property
                    .param("X-SERVICE-TYPE")
                    .map(str::to_lowercase)
                    .or_else(|| property.name.strip_prefix("X-").map(str::to_lowercase));
                self.extras.push(labelled("Messenger", network.as_deref(), value));
            }
            _ => {}
        }
    }
}

/// "Label (kind): value", the form every kept value takes in the notes.
pub(crate) fn labelled(label: &str, kind: Option<&str>, value: &str) -> String {
    match kind {
        Some(kind) => format!("{label} ({kind}): {value}"),
        None => format!("{label}: {value}"),
    }
}
