//! Workbooks as Excel, Google Sheets, web exporters and LibreOffice write them, each with
//! the rows of text it must give: a phone typed as a number keeps all its digits, a date
//! reads as a date, a title above the table and empty columns on its left are kept or
//! dropped as the importer needs, and the right sheet is read.

use crate::fixtures::*;
use ripen_core::import::ImportFormat;
use ripen_io::{Sheet, WorkbookError};
use ripen_sheets::read_workbook;

/// The sheet's rows as `row: cell | cell`, one per line.
fn render(sheet: &Sheet) -> String {
    let mut out = format!("{} · {} of [{}]\n", sheet.format, sheet.name, sheet.sheets.join(", "));
    for row in &sheet.rows {
        out.push_str(&format!("{}: {}\n", row.row, row.cells.join(" | ")));
    }
    out
}

fn check(cases: Vec<(&str, Vec<u8>, Option<&str>, &str)>) {
    let mut failures = Vec::new();
    for (what, bytes, wanted, expected) in cases {
        let expected = expected.strip_prefix('\n').unwrap_or(expected);
        let got = match read_workbook(&bytes, wanted) {
            Ok(sheet) => render(&sheet),
            Err(error) => format!("refused ({}): {error}\n", error.kind()),
        };
        if got != expected {
            failures.push(format!("{what}:\n--- expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn s(text: &'static str) -> Option<Cell> {
    Some(Text(text))
}

/// A list a Russian office keeps in Excel: a merged title two rows above the table, which
/// starts in column B; phones typed as numbers (Excel drops the "+") or as text; birthdays
/// styled as dates; a formula's cached result; an `#N/A`; a second, empty sheet.
fn excel_ru() -> Vec<u8> {
    let mut clients = XlsxSheet::grid(
        "Клиенты",
        1,
        1,
        vec![
            vec![s("Клиенты выставки «Иннопром-2026»")],
            vec![],
            vec![s("ФИО"), s("Телефон"), s("E-mail"), s("Компания"), s("Дата рождения"), s("Сумма")],
            vec![
                s("Петров Иван"),
                Some(Number(79_131_234_567.0)),
                s("petrov@example.ru"),
                s("ООО «Ромашка»"),
                Some(Date(29_289.0)),
                Some(Number(125_000.5)),
            ],
            vec![
                s("Сидорова Анна"),
                s("+7 (383) 212-34-56 доб. 102"),
                Some(Error("#N/A")),
                Some(Formula("UPPER(\"ао вектор\")", "АО ВЕКТОР")),
                None,
                Some(Number(0.0)),
            ],
        ],
    );
    clients.merged.push("B1:G1");
    xlsx(&Xlsx { sheets: vec![clients, XlsxSheet::grid("Лист2", 1, 0, vec![])], date1904: false, no_refs: false })
}

/// Google Sheets' download: the data on its second sheet, the first one empty but for
/// blank strings; a phone with its leading zero kept as text; a Mac workbook's dates.
fn google_sheets() -> Vec<u8> {
    xlsx(&Xlsx {
        sheets: vec![
            XlsxSheet::grid("Инструкция", 1, 0, vec![vec![s(" "), s("")]]),
            XlsxSheet::grid(
                "Contacts",
                1,
                0,
                vec![
                    vec![s("Name"), s("Phone"), s("Birthday"), s("VIP")],
                    vec![s("Alice Smith"), s("07700 900123"), Some(Date(27_759.0)), Some(Bool(true))],
                ],
            ),
        ],
        date1904: true,
        no_refs: false,
    })
}

#[test]
fn excel_and_google_sheets_workbooks() {
    let google = google_sheets();
    // A web exporter's workbook: strings inline, no cell references at all.
    let inline = xlsx(&Xlsx {
        sheets: vec![XlsxSheet::grid(
            "export",
            1,
            0,
            vec![
                vec![Some(Inline("Имя")), Some(Inline("Телефон"))],
                vec![Some(Inline("Олег & Co <ИП>")), Some(Number(89_131_234_567.0))],
            ],
        )],
        date1904: false,
        no_refs: true,
    });
    check(vec![
        (
            "excel (RU) with a title, from column B",
            excel_ru(),
            None,
            r#"
xlsx · Клиенты of [Клиенты, Лист2]
1: Клиенты выставки «Иннопром-2026»
3: ФИО | Телефон | E-mail | Компания | Дата рождения | Сумма
4: Петров Иван | 79131234567 | petrov@example.ru | ООО «Ромашка» | 1980-03-09 | 125000.5
5: Сидорова Анна | +7 (383) 212-34-56 доб. 102 |  | АО ВЕКТОР |  | 0
"#,
        ),
        ("the empty second sheet, asked for", excel_ru(), Some("Лист2"), "xlsx · Лист2 of [Клиенты, Лист2]\n"),
        (
            "a sheet that is not there",
            excel_ru(),
            Some("Sheet1"),
            "refused (no_such_sheet): the workbook has no sheet named \"Sheet1\"; its sheets are: Клиенты, Лист2\n",
        ),
        (
            "google sheets, data on the second sheet, 1904 dates",
            google,
            None,
            r#"
xlsx · Contacts of [Инструкция, Contacts]
1: Name | Phone | Birthday | VIP
2: Alice Smith | 07700 900123 | 1980-01-01 | TRUE
"#,
        ),
        (
            "inline strings without references",
            inline,
            None,
            r#"
xlsx · export of [export]
1: Имя | Телефон
2: Олег & Co <ИП> | 89131234567
"#,
        ),
    ]);
}

#[test]
fn a_hidden_first_sheet_is_passed_over_but_can_be_asked_for() {
    let mut lists = XlsxSheet::grid("Справочник", 1, 0, vec![vec![s("Статусы")], vec![s("Новый")]]);
    lists.hidden = true;
    let book = xlsx(&Xlsx {
        sheets: vec![lists, XlsxSheet::grid("Лиды", 1, 0, vec![vec![s("Имя")], vec![s("Вера")]])],
        date1904: false,
        no_refs: false,
    });
    check(vec![
        ("default", book.clone(), None, "xlsx · Лиды of [Лиды]\n1: Имя\n2: Вера\n"),
        ("asked for", book, Some("Справочник"), "xlsx · Справочник of [Лиды]\n1: Статусы\n2: Новый\n"),
    ]);
}

/// As LibreOffice saves: empty cells as repeats, a two-paragraph address, the sheet
/// padded to its million rows, a second sheet.
fn libreoffice() -> Vec<u8> {
    ods(&[
        OdsSheet {
            name: "Контакты",
            rows: vec![
                (1, vec![cell(Text("Имя")), cell(Text("Телефон")), empty(1), cell(Text("Адрес")), empty(1020)]),
                (
                    1,
                    vec![
                        cell(Text("Мария Котова")),
                        cell(Number(79_139_876_543.0)),
                        empty(1),
                        cell(Text("Новосибирск\nул. Ленина, 1")),
                        empty(1020),
                    ],
                ),
                (2, vec![empty(1024)]),
                (1, vec![empty(2), cell(Date(29_289.0)), cell(Bool(false)), empty(1020)]),
                (1_048_571, vec![empty(1024)]),
            ],
        },
        OdsSheet { name: "Лист2", rows: vec![(1_048_576, vec![empty(1024)])] },
    ])
}

#[test]
fn libreoffice_spreadsheets() {
    check(vec![(
        "libreoffice",
        libreoffice(),
        None,
        r#"
ods · Контакты of [Контакты, Лист2]
1: Имя | Телефон |  | Адрес
2: Мария Котова | 79139876543 |  | Новосибирск
ул. Ленина, 1
5:  |  | 1980-03-09 | FALSE
"#,
    )]);
}

#[test]
fn what_is_not_a_workbook_says_what_it_is() {
    let docx = zip_files([("word/document.xml", &b"<w:document/>"[..], zip::CompressionMethod::Deflated)]);
    let cases: Vec<(&str, Vec<u8>, WorkbookError)> = vec![
        (
            "a word document",
            docx,
            WorkbookError::NotAWorkbook { what: "a ZIP archive of something else (a Word document, a folder)".into() },
        ),
        ("text", b"Name;Phone\n".to_vec(), WorkbookError::NotAWorkbook { what: "no workbook".into() }),
    ];
    for (what, bytes, expected) in cases {
        assert_eq!(read_workbook(&bytes, None).unwrap_err(), expected, "{what}");
    }
    assert_eq!(read_workbook(&excel_ru(), None).unwrap().format, ImportFormat::Xlsx);
}

/// The workbooks kept on disk for the page's tests (`tests/fixtures/`), made by the
/// builders above: the files must be what the builders make (`RIPEN_BLESS=1` writes them).
#[test]
fn the_fixture_files_are_the_builders_workbooks() {
    let excel = excel_ru();
    let files = [
        ("excel-ru.xlsx", excel.clone()),
        ("google-sheets.xlsx", google_sheets()),
        ("libreoffice.ods", libreoffice()),
        ("cut-short.xlsx", excel[..excel.len() * 2 / 3].to_vec()),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bless = std::env::var_os("RIPEN_BLESS").is_some();
    for (name, bytes) in files {
        let path = dir.join(name);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        let on_disk =
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (RIPEN_BLESS=1 writes it)", path.display()));
        assert!(on_disk == bytes, "{name} differs from what the builder makes now (RIPEN_BLESS=1 writes it)");
    }
}
