//! A card made a client: every value parsed by the engine's own types, and one that does
//! not parse kept as text in the notes ("unparsed TEL: x752") with a warning, never
//! losing the contact. A card without a name is named from its nickname, else its
//! organisation, else its e-mail, else its phone, and says so.

use super::card::{labelled, Card, Ranked};
use crate::draft::{Draft, NameSource, RowIssue};
use crate::phone::{self, PhoneReader, Tel};
use crate::values::birthday;
use ripen_core::error::Problem;
use ripen_core::values::sort;
use ripen_core::values::{DateKind, Email, ImportantDate, Label, Notes, Tag, Website};
use ripen_core::ValidationError;
use ripen_core::{ClientKind, ClientName, NewClient};

/// What the card's values became on their way into the client.
struct Kept {
    line: usize,
    client: NewClient,
    /// Lines for the notes: values with no field of their own.
    extras: Vec<String>,
    /// Lines for the notes: values that did not parse.
    unparsed: Vec<String>,
    warnings: Vec<RowIssue>,
}

impl Kept {
    fn warn(&mut self, column: &str, problem: &'static str, value: &str, message: String) {
        self.warnings.push(RowIssue::warning(self.line, column, problem, value, message));
    }

    /// A value the engine's types refused: kept as text in the notes, and said.
    fn unparsed(&mut self, column: &str, value: &str, problem: &Problem) {
        let warning = RowIssue::kept_as_text(self.line, column, value, problem, &mut self.unparsed);
        self.warnings.push(warning);
    }

    fn phone(&mut self, tel: &Ranked, phones: &mut PhoneReader) {
        let value = tel.value.as_str();
        let kind = |t: &str| tel.types.iter().any(|k| k == t);
        // A fax or a pager is not a number to call a client on.
        if kind("fax") || kind("pager") {
            let label = if kind("fax") { "Fax" } else { "Pager" };
            self.extras.push(format!("{label}: {value}"));
            return;
        }
        match phone::split(value) {
            Tel::Sip(address) => self.extras.push(format!("SIP: {address}")),
            Tel::Number { number, extension } => match phones.read(number) {
                Ok(parsed) => {
                    let phones = &mut self.client.fields.phones;
                    if !phones.iter().any(|p| p.e164() == parsed.e164()) {
                        phones.push(parsed);
                    }
                    if let Some(extension) = extension {
                        self.extras.push(format!("Extension: {number} ext. {extension}"));
                        self.warn(
                            "TEL",
                            "extension",
                            value,
                            format!("{value:?}: the number is kept; its extension {extension} is in the notes"),
                        );
                    }
                }
                Err(error) => self.unparsed("TEL", value, &ValidationError::from(error).problem),
            },
        }
    }

    fn email(&mut self, email: &Ranked) {
        let value = email.value.as_str();
        let address = value.get(..7).filter(|h| h.eq_ignore_ascii_case("mailto:")).map_or(value, |_| &value[7..]);
        match address.trim().parse::<Email>() {
            Ok(parsed) if !self.client.fields.emails.contains(&parsed) => self.client.fields.emails.push(parsed),
            Ok(_) => {}
            Err(error) => self.unparsed("EMAIL", value, &error.problem),
        }
    }

    fn date(&mut self, column: &str, value: &str, kind: DateKind, label: Option<&str>) {
        let date =
            birthday(value).and_then(|d| ImportantDate::parse(kind.as_str(), label, d.month, d.day, d.year).ok());
        match date {
            Some(date) if !self.client.fields.dates.contains(&date) => self.client.fields.dates.push(date),
            Some(_) => {}
            None => {
                let reason = "not a date (year-month-day, --month-day or day.month.year)".to_owned();
                self.unparsed(column, value, &Problem::Malformed { reason });
            }
        }
    }

    /// The notes: the card's own, then the values with no field, then those that did
    /// not parse; cut to what the field holds, with a warning, rather than refused.
    fn notes(&mut self, own: Vec<String>) {
        let lines: Vec<String> = own.into_iter().chain(self.extras.drain(..)).chain(self.unparsed.drain(..)).collect();
        let (notes, cut) = crate::notes::compose(&lines);
        if let Some(chars) = cut {
            let problem = Problem::TooLong { max: Notes::MAX_CHARS, actual: chars };
            self.warn(
                "NOTE",
                problem.code(),
                "",
                format!("the notes are {chars} characters; the first {} are kept", Notes::MAX_CHARS),
            );
        }
        self.client.fields.notes = notes;
    }
}

/// The client a card describes, or the report of a card with nothing to name it by.
pub(crate) fn finish(card: Card, reader: &mut PhoneReader) -> Result<Draft, RowIssue> {
    let Card {
        line,
        company_card,
        full_name,
        structured,
        nickname,
        org,
        title,
        role,
        mut phones,
        mut emails,
        urls,
        notes,
        extras,
        birthdays,
        anniversaries,
        categories,
        addresses,
        warnings,
        ..
    } = card;
    let mut kept = Kept {
        line,
        client: NewClient::named(ClientKind::Person, placeholder()),
        extras: Vec::new(),
        unparsed: Vec::new(),
        warnings,
    };
    // The preferred phone and e-mail first; the card's order otherwise.
    sort::sort_by_key(&mut phones, |p| p.preference);
    sort::sort_by_key(&mut emails, |e| e.preference);
    for tel in &phones {
        kept.phone(tel, reader);
    }
    for email in &emails {
        kept.email(email);
    }

    let person_name = full_name.or_else(|| {
        let parts: Vec<&str> = structured.iter().flatten().map(String::as_str).filter(|p| !p.is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    let organisation = org.first().cloned();
    let mut candidates: Vec<(Option<NameSource>, &str, String)> = Vec::new();
    candidates.extend(person_name.map(|n| (None, "FN", n)));
    candidates.extend(nickname.clone().map(|n| (Some(NameSource::Nickname), "NICKNAME", n)));
    candidates.extend(organisation.clone().map(|n| (Some(NameSource::Organisation), "ORG", n)));
    let email = kept.client.fields.emails.first().map(|e| e.as_str().to_owned());
    candidates.extend(
        email.or_else(|| emails.first().map(|e| e.value.clone())).map(|e| (Some(NameSource::Email), "EMAIL", e)),
    );
    let phone = kept.client.fields.phones.first().map(|p| p.display().to_owned());
    candidates
        .extend(phone.or_else(|| phones.first().map(|p| p.value.clone())).map(|p| (Some(NameSource::Phone), "TEL", p)));

    let mut named = None;
    for (source, column, candidate) in candidates {
        match ClientName::parse(&candidate) {
            Ok(name) => {
                named = Some((name, source));
                break;
            }
            Err(error) => kept.unparsed(column, &candidate, &error.problem),
        }
    }
    let Some((name, named_from)) = named else {
        return Err(RowIssue {
            line,
            column: "FN".into(),
            letter: None,
            problem: "no_name".into(),
            value: None,
            message: "the card has nothing to name a client by: no name, organisation, e-mail or phone".into(),
        });
    };
    if named_from != Some(NameSource::Nickname) {
        if let Some(nickname) = &nickname {
            kept.extras.push(format!("Nickname: {nickname}"));
        }
    }
    let is_company = company_card || named_from == Some(NameSource::Organisation);
    kept.client.name = name;
    kept.client.fields.kind = if is_company { ClientKind::Company } else { ClientKind::Person };

    let company = match organisation.filter(|_| !is_company) {
        Some(raw) => match ClientName::parse(&raw) {
            Ok(parsed) => Some(parsed),
            Err(error) => {
                kept.unparsed("ORG", &raw, &error.problem);
                None
            }
        },
        None => None,
    };
    if org.len() > 1 {
        kept.extras.push(format!("Department: {}", org[1..].join(", ")));
    }
    // A position is a person's at their company; anything else the card says of a role
    // stays readable in the notes.
    let (position, title, role) = match (company.is_some() && !is_company, title, role) {
        (true, Some(title), role) => (Some(title), None, role),
        (true, None, Some(role)) => (Some(role), None, None),
        (_, title, role) => (None, title, role),
    };
    kept.extras.extend(title.map(|t| format!("Title: {t}")));
    kept.extras.extend(role.map(|r| format!("Role: {r}")));

    let mut urls = urls.into_iter();
    for url in urls.by_ref() {
        match url.parse::<Website>() {
            Ok(site) => {
                kept.client.fields.website = Some(site);
                break;
            }
            Err(error) => kept.unparsed("URL", &url, &error.problem),
        }
    }
    for url in urls {
        match url.parse::<Website>() {
            Ok(_) => kept.extras.push(format!("Website: {url}")),
            Err(error) => kept.unparsed("URL", &url, &error.problem),
        }
    }
    for value in &birthdays {
        kept.date("BDAY", value, DateKind::Birthday, None);
    }
    for value in &anniversaries {
        match is_company {
            true => kept.date("ANNIVERSARY", value, DateKind::CompanyAnniversary, None),
            false => kept.date("ANNIVERSARY", value, DateKind::Other, Some("anniversary")),
        }
    }
    for category in &categories {
        match category.parse::<Tag>() {
            Ok(tag) => {
                kept.client.fields.tags.insert(tag);
            }
            Err(error) => kept.unparsed("CATEGORIES", category, &error.problem),
        }
    }
    for (types, parts) in &addresses {
        let part = |i: usize| parts.get(i).map(String::as_str).unwrap_or_default();
        // Street first, as an address is read aloud; the PO box and extended lines after it.
        let shown: Vec<&str> = [2, 1, 0, 3, 4, 5, 6].into_iter().map(part).filter(|p| !p.is_empty()).collect();
        kept.extras.push(labelled("Address", types.first().map(String::as_str), &shown.join(", ")));
        if kept.client.fields.region.is_none() {
            // A city as the region, as a CSV file's city column is read.
            kept.client.fields.region = part(3).parse::<Label>().ok();
        }
    }
    kept.extras.extend(extras);
    kept.notes(notes);
    Ok(Draft {
        line,
        client: kept.client,
        company: company.filter(|_| !is_company),
        company_fields: None,
        position,
        warnings: kept.warnings,
        named_from,
    })
}

fn placeholder() -> ClientName {
    ClientName::parse("-").unwrap_or_else(|_| unreachable!("a dash is a valid name"))
}
