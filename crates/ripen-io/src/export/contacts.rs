//! The cells of the CSV files Google Contacts and Outlook import, in their own headers.
//! The model keeps a name whole, so a person's goes where each program takes a whole
//! name (Google's "Name", Outlook's "Last Name", as a vCard's N family part), never split
//! by a guess at which word is the given name.

use super::{international, is_mobile, Row};
use ripen_core::values::Phone;
use ripen_core::ClientKind;

/// Google Contacts' header, as its export writes it.
pub(super) const GOOGLE: [&str; 13] = [
    "Name",
    "Given Name",
    "Family Name",
    "Organization 1 - Name",
    "Organization 1 - Title",
    "Phone 1 - Type",
    "Phone 1 - Value",
    "E-mail 1 - Type",
    "E-mail 1 - Value",
    "Website 1 - Value",
    "Notes",
    "Birthday",
    "Group Membership",
];

/// Outlook's header, the part of it Ripen fills; Outlook's import maps these by name.
pub(super) const OUTLOOK: [&str; 16] = [
    "First Name",
    "Last Name",
    "Company",
    "Job Title",
    "Business Phone",
    "Business Phone 2",
    "Mobile Phone",
    "Other Phone",
    "E-mail Address",
    "E-mail 2 Address",
    "E-mail 3 Address",
    "Web Page",
    "Notes",
    "Birthday",
    "Categories",
    "Business State",
];

/// Google's way of putting several values in one cell.
const GOOGLE_JOIN: &str = " ::: ";

/// A company is its own organisation; a person works at theirs.
fn name_and_org<'a>(row: &Row<'a>) -> (&'a str, Option<&'a str>) {
    let client = row.client;
    match client.fields.kind {
        ClientKind::Company => ("", Some(client.name.as_str())),
        ClientKind::Person => (client.name.as_str(), row.company),
    }
}

pub(super) fn google(row: &Row<'_>) -> Vec<String> {
    let fields = &row.client.fields;
    let (name, org) = name_and_org(row);
    let phones: Vec<String> = fields.phones.iter().map(international).collect();
    // One type for the cell's numbers: Google keeps a type per group, not per value.
    let phone_type = match fields.phones.iter().all(is_mobile) {
        _ if phones.is_empty() => "",
        true => "Mobile",
        false => "Work",
    };
    let emails: Vec<&str> = fields.emails.iter().map(|e| e.as_str()).collect();
    let email_type = if emails.is_empty() { "" } else { "* Work" };
    let tags: Vec<&str> = fields.tags.iter().map(|t| t.as_str()).collect();
    let birthday = row
        .birthday()
        .map(|(year, month, day)| match year {
            Some(year) => format!("{year:04}-{month:02}-{day:02}"),
            None => format!("--{month:02}-{day:02}"),
        })
        .unwrap_or_default();
    vec![
        name.to_owned(),
        String::new(),
        String::new(),
        org.unwrap_or_default().to_owned(),
        row.position.filter(|_| fields.kind == ClientKind::Person).unwrap_or_default().to_owned(),
        phone_type.to_owned(),
        phones.join(GOOGLE_JOIN),
        email_type.to_owned(),
        emails.join(GOOGLE_JOIN),
        fields.website.as_ref().map(|w| w.as_str().to_owned()).unwrap_or_default(),
        fields.notes.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default(),
        birthday,
        tags.join(GOOGLE_JOIN),
    ]
}

pub(super) fn outlook(row: &Row<'_>) -> Vec<String> {
    let fields = &row.client.fields;
    let (name, org) = name_and_org(row);
    // Work numbers in the two business slots, a mobile in its own; what does not fit
    // shares "Other Phone", which Ripen's import splits again.
    let (mobiles, landlines): (Vec<&Phone>, Vec<&Phone>) = fields.phones.iter().partition(|p| is_mobile(p));
    let (mobiles, landlines): (Vec<String>, Vec<String>) =
        (mobiles.into_iter().map(international).collect(), landlines.into_iter().map(international).collect());
    let mut business = landlines.into_iter();
    let mut mobile = mobiles.into_iter();
    let first = business.next();
    let second = business.next();
    let cell_phone = mobile.next();
    let other: Vec<String> = business.chain(mobile).collect();
    let emails: Vec<&str> = fields.emails.iter().map(|e| e.as_str()).collect();
    // Outlook has no year-less birthday; 1604 is Apple's "no year", which the import reads so.
    let birthday = row
        .birthday()
        .map(|(year, month, day)| format!("{:04}-{month:02}-{day:02}", year.unwrap_or(1604)))
        .unwrap_or_default();
    let tags: Vec<&str> = fields.tags.iter().map(|t| t.as_str()).collect();
    let text = |value: Option<&str>| value.unwrap_or_default().to_owned();
    vec![
        String::new(),
        name.to_owned(),
        text(org),
        text(row.position.filter(|_| fields.kind == ClientKind::Person)),
        first.unwrap_or_default(),
        second.unwrap_or_default(),
        cell_phone.unwrap_or_default(),
        other.join("; "),
        text(emails.first().copied()),
        text(emails.get(1).copied()),
        // Outlook holds three addresses; more would be lost, so they share the third.
        emails.get(2..).map(|rest| rest.join("; ")).unwrap_or_default(),
        text(fields.website.as_ref().map(|w| w.as_str())),
        text(fields.notes.as_ref().map(|n| n.as_str())),
        birthday,
        tags.join(";"),
        text(fields.region.as_ref().map(|r| r.as_str())),
    ]
}
