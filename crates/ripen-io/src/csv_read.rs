//! Reading a CSV file: decoded, its delimiter found, its header mapped to fields, each row
//! turned into a draft or reported. The `csv` crate splits the records (quotes, embedded
//! newlines, CRLF); this module decides what they mean.

use crate::columns::{detect_preset, map_columns, Field, MappedColumn, Preset};
use crate::decode::{decode, Encoding};
use crate::draft::{Read, RowIssue};
use crate::error::ReadError;
use crate::phones::PhoneReader;
use crate::sniff::{check_quotes, record_lines, sniff};
use crate::values::RowBuilder;
use ripen_core::import::ImportFormat;
use ripen_core::values::Region;
use std::collections::HashMap;

/// How to read a CSV file; everything is found by itself unless given.
#[derive(Debug, Clone, Default)]
pub struct CsvOptions {
    /// The file's encoding, for a vCard file too; found from the file unless given.
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub preset: Option<Preset>,
    /// A field for a column, by its header as the file writes it.
    pub mapping: HashMap<String, Field>,
    /// The region numbers written without their country code are read in: found from
    /// the file's numbers by [`read`](crate::read) unless given (Russia for `read_csv`).
    pub region: Option<Region>,
}

pub fn read_csv(bytes: &[u8], options: &CsvOptions) -> Result<Read, ReadError> {
    read_csv_with(bytes, options, &mut PhoneReader::new(options.region.unwrap_or_default()))
}

pub(crate) fn read_csv_with(bytes: &[u8], options: &CsvOptions, phones: &mut PhoneReader) -> Result<Read, ReadError> {
    let (text, encoding) = decode(bytes, options.encoding)?;
    let delimiter = options.delimiter.unwrap_or_else(|| sniff(&text));
    check_quotes(&text, delimiter)?;
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let lines = record_lines(&text, delimiter);
    let mut lines = lines.into_iter();

    let (headers, header_line): (Vec<String>, usize) = loop {
        match records.next() {
            None => return Err(ReadError::NoHeader),
            // Both the `csv` crate's errors left here are for invalid UTF-8, which the
            // text cannot hold.
            Some(Err(_)) => return Err(ReadError::NoHeader),
            Some(Ok(record)) if record.iter().all(|c| c.trim().is_empty()) => {
                lines.next();
            }
            Some(Ok(record)) => {
                break (record.iter().map(|h| h.trim().to_owned()).collect(), lines.next().unwrap_or(1));
            }
        }
    };
    let preset = options.preset.or_else(|| detect_preset(&headers));
    let fields = map_columns(&headers, preset, &|_, header| options.mapping.get(header).copied());
    let has = |wanted: &[Field]| fields.iter().any(|f| wanted.contains(f));
    let named = has(&[Field::Name, Field::FirstName, Field::LastName, Field::Company]);
    let people_file = has(&[Field::FirstName, Field::LastName, Field::MiddleName, Field::Position])
        || (has(&[Field::Name]) && has(&[Field::Company]));

    let mut read = Read {
        format: ImportFormat::Csv,
        encoding: Some(encoding),
        delimiter: Some(delimiter),
        preset,
        columns: headers.iter().zip(&fields).map(|(h, f)| MappedColumn { header: h.clone(), field: *f }).collect(),
        rows: 0,
        drafts: Vec::new(),
        issues: Vec::new(),
        region: phones.region,
    };
    if !named {
        // Nothing can be imported until a column is chosen for the name; the preview
        // shows the columns so the user can choose one.
        read.rows = records.filter_map(Result::ok).filter(|r| r.iter().any(|c| !c.trim().is_empty())).count();
        read.issues.push(RowIssue {
            line: header_line,
            column: String::new(),
            problem: "no_name_column",
            value: None,
            message: format!("no column gives a client's name; choose one among: {}", headers.join(", ")),
        });
        return Ok(read);
    }
    for record in records {
        let line = lines.next().unwrap_or(0);
        let Ok(record) = record else { continue };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        read.rows += 1;
        if let Some(extra) = record.iter().skip(headers.len()).position(|c| !c.trim().is_empty()) {
            read.issues.push(RowIssue {
                line,
                column: format!("#{}", headers.len() + extra + 1),
                problem: "too_many_cells",
                value: None,
                message: format!("the row has {} cells; the header has {}", record.len(), headers.len()),
            });
            continue;
        }
        let mut row = RowBuilder::new(line, people_file);
        for ((cell, field), header) in record.iter().zip(&fields).zip(&headers) {
            row.cell(*field, header, cell, phones);
        }
        match row.finish() {
            Ok(Some(draft)) => read.drafts.push(draft),
            Ok(None) => read.rows -= 1,
            Err(issues) => read.issues.extend(issues),
        }
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ripen_core::ClientKind;

    fn read(text: &str) -> Read {
        read_csv(text.as_bytes(), &CsvOptions::default()).unwrap()
    }

    #[test]
    fn people_with_companies_and_several_phones_in_a_cell() {
        let file = "Фамилия;Имя;Компания;Должность;Телефон\r\nПетров;Иван;ООО «Ромашка»;Директор;\"+7 913 000-00-01, 8 (383) 200-00-00\"\r\n";
        let got = read(file);
        assert_eq!((got.delimiter, got.rows, got.issues.len()), (Some(b';'), 1, 0));
        let draft = &got.drafts[0];
        assert_eq!(draft.client.name.as_str(), "Иван Петров");
        assert_eq!(draft.client.fields.kind, ClientKind::Person);
        assert_eq!(draft.company.as_ref().map(|c| c.as_str()), Some("ООО «Ромашка»"));
        assert_eq!(draft.position.as_deref(), Some("Директор"));
        assert_eq!(draft.client.fields.phones.len(), 2);
        assert_eq!(draft.line, 2);
    }

    #[test]
    fn a_file_of_companies_names_each_by_its_company_column() {
        let got = read("Компания,Телефон,Город\nООО «Ромашка»,+7 383 200-00-00,Новосибирск\n");
        assert_eq!(got.drafts[0].client.name.as_str(), "ООО «Ромашка»");
        assert_eq!(got.drafts[0].client.fields.kind, ClientKind::Company);
        assert_eq!(got.drafts[0].client.fields.region.as_ref().map(|r| r.as_str()), Some("Новосибирск"));
    }

    #[test]
    fn bad_rows_are_reported_with_line_and_column_and_left_out() {
        let file = "Name,Phone,Email\nIvan,12,ivan@example.com\n\nPetr,+7 913 000-00-02,not-an-email\n,,\n,+7 913 000-00-03,\nAnna,+7 913 000-00-04,anna@example.com,extra\n\"Olga\nSmirnova\",+7 913 000-00-05,\n";
        let got = read(file);
        let issues: Vec<(usize, &str)> = got.issues.iter().map(|i| (i.line, i.column.as_str())).collect();
        assert_eq!(issues, [(2, "Phone"), (4, "Email"), (6, "name"), (7, "#4")]);
        assert_eq!(got.drafts.len(), 1);
        assert_eq!(got.drafts[0].client.name.as_str(), "Olga Smirnova", "an embedded newline folds into a space");
        assert_eq!(got.drafts[0].line, 8);
        assert_eq!(got.rows, 5, "blank rows are not rows");
    }

    #[test]
    fn a_file_with_no_name_column_shows_its_columns_and_imports_nothing() {
        let got = read("Code,Amount\n1,2\n3,4\n");
        assert_eq!((got.rows, got.drafts.len(), got.columns.len()), (2, 0, 2));
        assert_eq!(got.issues[0].line, 1);
        assert!(got.issues[0].message.contains("Code, Amount"), "{}", got.issues[0].message);
    }

    #[test]
    fn files_that_cannot_be_read_whole_are_refused() {
        let cases: [(&[u8], &str); 3] =
            [(b"", "empty"), (b"Name,Note\nIvan,\"open\n", "unclosed_quote"), (b"\n\n", "empty")];
        for (bytes, kind) in cases {
            assert_eq!(read_csv(bytes, &CsvOptions::default()).unwrap_err().kind(), kind);
        }
    }
}
