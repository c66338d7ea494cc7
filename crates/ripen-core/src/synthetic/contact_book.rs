//! The duplicates benchmark's book: the search book's clients, each with a phone and an
//! e-mail, a few of them shared the way real bases share them (a number typed in twice,
//! an address written with other capitals), besides the namesakes the book already has.

use super::search_book;
use crate::model::event::{Event, EventPayload};
use crate::values::{CountryCode, Email, Phone};

/// Every `PHONE_TWIN`th client has the phone of the client seven before it.
const PHONE_TWIN: usize = 50;
/// Every `EMAIL_TWIN`th client has the e-mail of the client three before it, capitalised.
const EMAIL_TWIN: usize = 70;

fn phone(number: usize) -> Phone {
    Phone::parse(&format!("+7 913 {number:07}"), CountryCode::RUSSIA)
        .unwrap_or_else(|_| unreachable!("synthetic phones are valid"))
}

fn email(local: &str) -> Email {
    format!("{local}@example.ru").parse().unwrap_or_else(|_| unreachable!("synthetic e-mails are valid"))
}

/// `clients` clients of the search book (two aliases each, namesakes among them), every
/// one with a phone and an e-mail; in the order added.
pub fn contact_book(clients: usize) -> Vec<Event> {
    let mut events = search_book(clients).events;
    for (i, event) in events.iter_mut().enumerate() {
        let EventPayload::ClientAdded { fields, .. } = &mut event.payload else { continue };
        let phone_of = if i % PHONE_TWIN == PHONE_TWIN - 1 { i - 7 } else { i };
        fields.phones = vec![phone(phone_of)];
        let local = if i % EMAIL_TWIN == EMAIL_TWIN - 1 { format!("Client{}", i - 3) } else { format!("client{i}") };
        fields.emails = vec![email(&local)];
    }
    events
}
