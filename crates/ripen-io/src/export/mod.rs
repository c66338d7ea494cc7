//! Writing clients out: CSV for spreadsheets, Google Contacts and Outlook, and vCard 3.0
//! or 4.0 for phones and mail programs.

mod contacts;
mod csv;
mod vcard;

pub use csv::{write_csv, Column, CsvDialect};
pub use vcard::{write_vcards, VcardVersion};

use ripen_core::values::{DateKind, Phone};
use ripen_core::Client;

/// One client with what the export needs beyond the client: the company a person works
/// at and their position there.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub client: &'a Client,
    pub company: Option<&'a str>,
    pub position: Option<&'a str>,
}

impl Row<'_> {
    /// The client's birthday as (year, month, day); the first, if a profile has several.
    fn birthday(&self) -> Option<(Option<i32>, u32, u32)> {
        let date = self.client.fields.dates.iter().find(|d| d.kind == DateKind::Birthday)?;
        Some((date.year, date.month, date.day))
    }
}

/// Whether a number is a Russian mobile's (+7 9xx): the only kind of line the model can
/// tell, and the one address books file apart from work numbers.
fn is_mobile(phone: &Phone) -> bool {
    phone.e164().starts_with("79")
}

/// A number as every address book reads it whatever its country: "+79131234567". What
/// the user typed ("8 913 …") would be read in the importing program's own country.
fn international(phone: &Phone) -> String {
    format!("+{}", phone.e164())
}
