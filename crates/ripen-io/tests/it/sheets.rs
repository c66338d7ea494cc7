//! A workbook's sheet, as the spreadsheet reader hands it over, read like a CSV file: the
//! title rows above the table skipped, Excel's numbers read as phones (its dropped "+"
//! and the national prefix of a local number), dates read as dates, each row's number in
//! the sheet reported as its line; the sheets named for the preview.

use crate::fixtures::render;
use ripen_io::{read, read_sheet, CsvOptions, ImportFormat, Sheet, SheetRow, WorkbookError};

fn sheet(format: ImportFormat, rows: &[(usize, &[&str])]) -> Sheet {
    Sheet {
        format,
        sheets: vec!["Клиенты".into(), "Лист2".into()],
        name: "Клиенты".into(),
        rows: rows
            .iter()
            .map(|(row, cells)| SheetRow { row: *row, cells: cells.iter().map(|c| (*c).to_owned()).collect() })
            .collect(),
    }
}

#[test]
fn a_sheet_reads_like_a_csv_file() {
    let cases: [(Sheet, &str); 2] = [
        (
            sheet(
                ImportFormat::Xlsx,
                &[
                    (1, &["Клиенты выставки «Иннопром-2026»"]),
                    (3, &["ФИО", "Телефон", "E-mail", "Компания", "Дата рождения", "Сумма"]),
                    (
                        4,
                        &["Петров Иван", "79131234567", "petrov@example.ru", "ООО «Ромашка»", "1980-03-09", "125000.5"],
                    ),
                    (5, &["Сидорова Анна", "+7 (383) 212-34-56 доб. 102", "", "АО ВЕКТОР", "", "0"]),
                    (9, &["", "89131234567"]),
                ],
            ),
            r#"
format xlsx · rows 3 · header on line 3 · sheet Клиенты of [Клиенты, Лист2]
columns: ФИО → name | Телефон → phone | E-mail → email | Компания → company | Дата рождения → birthday | Сумма → ignore
line 4 · person · Петров Иван · at ООО «Ромашка»
  phones +79131234567 · emails petrov@example.ru · dates birthday 03-09 1980
line 5 · person · Сидорова Анна · at АО ВЕКТОР
  phones +73832123456
  notes "Extension: +7 (383) 212-34-56 ext. 102"
  warning Телефон · extension · "+7 (383) 212-34-56 доб. 102": the number is kept; its extension 102 is in the notes
line 9 · person · 89131234567
  phones +79131234567
  named from phone
"#,
        ),
        (
            // British numbers typed as numbers lose their trunk 0; the file is still
            // read in Britain.
            sheet(
                ImportFormat::Ods,
                &[
                    (1, &["Name", "Phone", "Birthday"]),
                    (2, &["Alice Smith", "07700 900123", "1980-01-01"]),
                    (3, &["Bob Jones", "7700900124", ""]),
                    (4, &["Carol White", "+44 161 496 0000", ""]),
                ],
            ),
            r#"
format ods · rows 3 · sheet Клиенты of [Клиенты, Лист2]
columns: Name → name | Phone → phone | Birthday → birthday
line 2 · person · Alice Smith
  phones +447700900123 · dates birthday 01-01 1980
line 3 · person · Bob Jones
  phones +447700900124
line 4 · person · Carol White
  phones +441614960000
"#,
        ),
    ];
    let mut failures = Vec::new();
    for (sheet, expected) in cases {
        let expected = expected.strip_prefix('\n').unwrap();
        let got = match read_sheet(&sheet, &CsvOptions::default()) {
            Ok(read) => render(&read),
            Err(error) => format!("refused ({}): {error}\n", error.kind()),
        };
        if got != expected {
            failures.push(format!("--- expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_workbook_given_as_bytes_asks_for_the_spreadsheet_reader() {
    let xlsx = [&b"PK\x03\x04"[..], &[0; 40], b"xl/workbook.xml"].concat();
    let error = read(&xlsx, None, &CsvOptions::default()).unwrap_err();
    assert_eq!(error.kind(), "spreadsheet_reader");
    assert!(error.to_string().contains("Crm.loadSpreadsheetReader"), "{error}");
    assert_eq!(error, WorkbookError::ReaderNotLoaded { format: ImportFormat::Xlsx }.into());
}

#[test]
fn a_sheet_of_more_text_than_a_file_may_hold_is_refused() {
    let cell = "x".repeat(1 << 20);
    let rows: Vec<SheetRow> = (1..=41).map(|row| SheetRow { row, cells: vec![cell.clone()] }).collect();
    let big = Sheet { format: ImportFormat::Xlsx, sheets: vec!["A".into()], name: "A".into(), rows };
    assert_eq!(read_sheet(&big, &CsvOptions::default()).unwrap_err().kind(), "too_large");
}
