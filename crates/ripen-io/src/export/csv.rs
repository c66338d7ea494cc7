//! CSV any spreadsheet opens (UTF-8 with a BOM; `;` for Russian Excel, `,` otherwise;
//! RFC 4180 quoting; cells guarded against formula injection), in Ripen's own columns or
//! in the header Google Contacts or Outlook imports.

use super::{contacts, Row};
use chrono::Timelike as _;
use ripen_core::ClientKind;

ripen_core::string_enum! {
    /// A column of an export.
    Column in "columns" {
        Name = "name",
        Kind = "kind",
        Company = "company",
        Position = "position",
        Phones = "phones",
        Emails = "emails",
        Website = "website",
        Region = "region",
        Industry = "industry",
        Source = "source",
        ClientType = "clientType",
        Tags = "tags",
        Notes = "notes",
        Birthday = "birthday",
        Owner = "owner",
        CreatedAt = "createdAt",
        Id = "id",
    }
}

impl Column {
    /// The header, in the dialect's language: the import maps both back.
    fn header(self, russian: bool) -> &'static str {
        let (ru, en) = match self {
            Self::Name => ("Имя или название", "Name"),
            Self::Kind => ("Тип", "Kind"),
            Self::Company => ("Компания", "Company"),
            Self::Position => ("Должность", "Position"),
            Self::Phones => ("Телефон", "Phone"),
            Self::Emails => ("E-mail", "Email"),
            Self::Website => ("Сайт", "Website"),
            Self::Region => ("Регион", "Region"),
            Self::Industry => ("Отрасль", "Industry"),
            Self::Source => ("Источник", "Source"),
            Self::ClientType => ("Тип клиента", "Client type"),
            Self::Tags => ("Теги", "Tags"),
            Self::Notes => ("Примечание", "Notes"),
            Self::Birthday => ("День рождения", "Birthday"),
            Self::Owner => ("Ответственный", "Owner"),
            Self::CreatedAt => ("Создан", "Created"),
            Self::Id => ("ID", "ID"),
        };
        if russian {
            ru
        } else {
            en
        }
    }
}

/// Whom the CSV is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvDialect {
    /// Excel with Russian regional settings: `;` between cells.
    Russian,
    /// Everyone else: `,`.
    International,
    /// Google Contacts' import: its own header ("Given Name", "Phone 1 - Value"), several
    /// values in a cell joined by " ::: ". The columns asked for are not used.
    Google,
    /// Outlook's import: a subset of its header ("First Name", "Business Phone"), one
    /// value a cell. The columns asked for are not used.
    Outlook,
}

/// The CSV text, BOM first (Outlook reads Cyrillic right only with it); CRLF between
/// rows, as Excel writes them.
pub fn write_csv(rows: &[Row<'_>], columns: &[Column], dialect: CsvDialect) -> Vec<u8> {
    let russian = dialect == CsvDialect::Russian;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(if russian { b';' } else { b',' })
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        // Writing to a Vec cannot fail, and every row has as many cells as the header.
        match dialect {
            CsvDialect::Russian | CsvDialect::International => {
                let _ = writer.write_record(columns.iter().map(|c| c.header(russian)));
                for row in rows {
                    let _ = writer.write_record(columns.iter().map(|c| guard(cell(row, *c, russian))));
                }
            }
            CsvDialect::Google | CsvDialect::Outlook => {
                let google = dialect == CsvDialect::Google;
                let _ = writer.write_record(if google { &contacts::GOOGLE[..] } else { &contacts::OUTLOOK[..] });
                for row in rows {
                    let cells = if google { contacts::google(row) } else { contacts::outlook(row) };
                    let _ = writer.write_record(cells.into_iter().map(guard));
                }
            }
        }
        let _ = writer.flush();
    }
    out
}

fn cell(row: &Row<'_>, column: Column, russian: bool) -> String {
    let client = row.client;
    let fields = &client.fields;
    let list = |items: Vec<&str>| items.join(", ");
    let opt = |value: Option<&str>| value.unwrap_or_default().to_owned();
    match column {
        Column::Name => client.name.to_string(),
        Column::Kind => match (fields.kind, russian) {
            (ClientKind::Company, true) => "компания".into(),
            (ClientKind::Person, true) => "человек".into(),
            (kind, false) => kind.as_str().into(),
        },
        Column::Company => opt(row.company),
        Column::Position => opt(row.position),
        Column::Phones => list(fields.phones.iter().map(|p| p.display()).collect()),
        Column::Emails => list(fields.emails.iter().map(|e| e.as_str()).collect()),
        Column::Website => opt(fields.website.as_ref().map(|w| w.as_str())),
        Column::Region => opt(fields.region.as_ref().map(|l| l.as_str())),
        Column::Industry => opt(fields.industry.as_ref().map(|l| l.as_str())),
        Column::Source => opt(fields.source.as_ref().map(|l| l.as_str())),
        Column::ClientType => opt(fields.client_type.as_ref().map(|l| l.as_str())),
        Column::Tags => list(fields.tags.iter().map(|t| t.as_str()).collect()),
        Column::Notes => opt(fields.notes.as_ref().map(|n| n.as_str())),
        Column::Birthday => fields
            .dates
            .iter()
            .find(|d| d.kind == ripen_core::values::DateKind::Birthday)
            .map(|d| match d.year {
                Some(year) => format!("{:02}.{:02}.{year}", d.day, d.month),
                None => format!("{:02}.{:02}", d.day, d.month),
            })
            .unwrap_or_default(),
        Column::Owner => opt(client.owner.as_ref().map(|o| o.as_str())),
        Column::CreatedAt => {
            let at = client.created_at;
            format!("{} {:02}:{:02}", at.date_naive(), at.hour(), at.minute())
        }
        Column::Id => client.id.to_string(),
    }
}

/// A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "+7…", "@SUM", "-1+1")
/// is written with a leading apostrophe, shown as text; Ripen's import takes one off.
pub(super) fn guard(value: String) -> String {
    const OPENERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    // A value that itself starts with the guard before an opener gets a guard of its own,
    // or the import would take its apostrophe for ours.
    let guarded = value.strip_prefix('\'').is_some_and(|rest| rest.starts_with(OPENERS));
    if value.starts_with(OPENERS) || guarded {
        format!("'{value}")
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_opener_is_guarded_and_nothing_else() {
        for (value, expected) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+7 913 000-00-00", "'+7 913 000-00-00"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("ООО «Ромашка»", "ООО «Ромашка»"),
            ("a=b", "a=b"),
            ("'=x", "''=x"),
            ("'x", "'x"),
        ] {
            assert_eq!(guard(value.to_owned()), expected);
        }
    }
}
