//! Reading a CSV file: decoded, its delimiter found, its records split by the `csv` crate
//! (quotes, embedded newlines, CRLF) with the line each starts on, then read as a table.

use crate::decode::decode;
use crate::draft::Read;
use crate::error::ReadError;
use crate::options::CsvOptions;
use crate::phone::{read_in_region, PhoneReader};
use crate::sniff::{check_quotes, record_lines, sniff};
use crate::table::read_table;
use ripen_core::import::ImportFormat;

pub fn read_csv(bytes: &[u8], options: &CsvOptions) -> Result<Read, ReadError> {
    read_in_region(options.region, |phones| read_csv_with(bytes, options, phones))
}

/// [`read_csv`], its numbers read by `phones`.
pub(crate) fn read_csv_with(bytes: &[u8], options: &CsvOptions, phones: &mut PhoneReader) -> Result<Read, ReadError> {
    let (text, encoding) = decode(bytes, options.encoding)?;
    let delimiter = options.delimiter.unwrap_or_else(|| sniff(&text));
    check_quotes(&text, delimiter)?;
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut lines = record_lines(&text, delimiter).into_iter();
    // Both the `csv` crate's errors left here are for invalid UTF-8, which the text
    // cannot hold.
    let records = reader
        .records()
        .map(|record| (lines.next().unwrap_or(0), record))
        .filter_map(|(line, record)| record.ok().map(|r| (line, r)));
    let read =
        Read { encoding: Some(encoding), delimiter: Some(delimiter), ..Read::empty(ImportFormat::Csv, phones.region) };
    read_table(records, options, phones, read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ripen_core::values::Region;
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
    fn a_value_that_does_not_read_never_loses_the_row() {
        let file = "Name,Phone,Email\nIvan,12,ivan@example.com\n\nPetr,+7 913 000-00-02,not-an-email\n,,\n,+7 913 000-00-03,\nAnna,+7 913 000-00-04,anna@example.com,extra\n\"Olga\nSmirnova\",+7 913 000-00-05,\n,,,\n";
        let got = read(file);
        assert!(got.issues.is_empty(), "{:?}", got.issues);
        let names: Vec<&str> = got.drafts.iter().map(|d| d.client.name.as_str()).collect();
        assert_eq!(names, ["Ivan", "Petr", "+7 913 000-00-03", "Anna", "Olga Smirnova"]);
        let warned: Vec<(usize, &str, &str)> = got
            .drafts
            .iter()
            .flat_map(|d| &d.warnings)
            .map(|w| (w.line, w.column.as_str(), w.problem.as_ref()))
            .collect();
        assert_eq!(warned, [(2, "Phone", "malformed"), (4, "Email", "malformed"), (7, "D", "too_many_cells")]);
        let notes = got.drafts[0].client.fields.notes.as_ref().map(|n| n.as_str());
        assert_eq!(notes, Some("unparsed Phone: 12"));
        assert_eq!(got.drafts[2].named_from, Some(crate::NameSource::Phone));
        assert_eq!(got.drafts[4].line, 8, "an embedded newline folds into a space");
        assert_eq!(got.rows, 5, "blank rows are not rows");
    }

    #[test]
    fn only_a_row_with_nothing_to_name_a_client_by_is_left_out() {
        let got = read("Name,Phone,Notes\nnull,N/A,звонил\n-,,\n");
        assert_eq!(got.drafts.len(), 0);
        assert_eq!(got.issues.iter().map(|i| (i.line, i.problem.as_ref())).collect::<Vec<_>>(), [(2, "no_name")]);
        assert_eq!(got.rows, 1);
    }

    #[test]
    fn a_file_with_no_name_column_shows_its_columns_and_imports_nothing() {
        let got = read("Code,Amount\n1,2\n3,4\n");
        assert_eq!((got.rows, got.drafts.len(), got.columns.len()), (2, 0, 2));
        assert_eq!(got.issues[0].line, 1);
        assert!(got.issues[0].message.contains("Code, Amount"), "{}", got.issues[0].message);
    }

    #[test]
    fn a_ukrainian_list_reads_its_numbers_in_ukraine_unless_told_otherwise() {
        let file = "Прізвище;Ім'я;Телефон\nШевченко;Олена;067 123 45 67\nКоваленко;Андрій;8 (913) 123-45-67\n";
        let got = read(file);
        assert_eq!(got.region, Region::UA);
        let e164 = |got: &Read| -> Vec<String> {
            got.drafts.iter().flat_map(|d| &d.client.fields.phones).map(|p| p.e164().to_owned()).collect()
        };
        // "8 (913)…" does not read in Ukraine: kept in its row's notes.
        assert_eq!(e164(&got), ["380671234567"]);
        assert_eq!(got.drafts[1].warnings.len(), 1);
        let russia = CsvOptions { region: Some(Region::RU), ..CsvOptions::default() };
        let got = read_csv(file.as_bytes(), &russia).unwrap();
        assert_eq!(got.region, Region::RU);
        assert_eq!(e164(&got), ["79131234567"]);
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
