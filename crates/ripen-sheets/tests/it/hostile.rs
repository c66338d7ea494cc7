//! Damaged and hostile workbooks: cut short, their parts garbled, cells placed at the far
//! corner of the sheet, more cells than any contact list has. Each is refused with its
//! reason or read within bounds; none panics.

use crate::fixtures::*;
use ripen_io::WorkbookError;
use ripen_sheets::read_workbook;

fn excel(rows: Vec<(u32, Vec<(String, Cell)>)>) -> Vec<u8> {
    xlsx(&Xlsx {
        sheets: vec![XlsxSheet { name: "Лист1", hidden: false, rows, merged: Vec::new() }],
        date1904: false,
        no_refs: false,
    })
}

#[test]
fn a_cell_at_the_far_corner_costs_one_wide_row_not_the_whole_sheet() {
    let book = excel(vec![
        (1, vec![("A".into(), Text("Имя")), ("B".into(), Text("Телефон"))]),
        (1_048_576, vec![("XFD".into(), Text("угол"))]),
    ]);
    let sheet = read_workbook(&book, None).unwrap();
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows[1].row, 1_048_576);
    assert_eq!(sheet.rows[1].cells.len(), 16_384);
    assert_eq!(sheet.rows[1].cells[16_383], "угол");
}

#[test]
fn a_sheet_wider_than_any_list_is_refused_not_allocated() {
    // Every row with a value in its last column: 300 rows × 16,384 cells.
    let rows = (1..=300).map(|n| (n, vec![("A".into(), Text("x")), ("XFD".into(), Text("y"))])).collect();
    let got = read_workbook(&excel(rows), None).map(|sheet| sheet.rows.len());
    assert_eq!(got, Err(WorkbookError::TooManyCells { limit: 4_000_000 }));
}

#[test]
fn a_repeated_row_of_values_is_refused_when_it_would_fill_the_sheet() {
    let book = ods(&[OdsSheet {
        name: "Лист1",
        rows: vec![(1, vec![cell(Text("Имя"))]), (1_000_000, vec![cell(Text("Спам")), cell(Number(1.0))])],
    }]);
    let got = read_workbook(&book, None).map(|sheet| sheet.rows.len());
    assert_eq!(got, Err(WorkbookError::TooManyRows { limit: 300_000 }));
}

#[test]
fn damaged_workbooks_are_refused_with_their_reason() {
    let good = excel(vec![(1, vec![("A".into(), Text("Имя"))]), (2, vec![("A".into(), Text("Анна"))])]);
    let garbled_sheet = zip_files([
        ("[Content_Types].xml", &b"<Types/>"[..], zip::CompressionMethod::Deflated),
        (
            "xl/workbook.xml",
            &b"<workbook><sheets><sheet name=\"A\" r:id=\"rId1\"/></sheets>"[..],
            zip::CompressionMethod::Deflated,
        ),
    ]);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("cut in half", good[..good.len() / 2].to_vec()),
        ("its end cut off", good[..good.len() - 30].to_vec()),
        ("garbled parts", garbled_sheet),
        ("an OLE file that is no workbook", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 and nothing else".to_vec()),
    ];
    for (what, bytes) in cases {
        match read_workbook(&bytes, None) {
            Err(WorkbookError::Damaged { reason }) => assert!(!reason.is_empty(), "{what}"),
            other => panic!("{what}: {:?}", other.map(|sheet| sheet.rows.len())),
        }
    }
}

#[test]
fn flipped_bytes_anywhere_never_panic() {
    let good = excel(vec![
        (1, vec![("A".into(), Text("Имя")), ("B".into(), Text("Телефон")), ("C".into(), Date(29_289.0))]),
        (2, vec![("A".into(), Text("Анна")), ("B".into(), Number(79_131_234_567.0)), ("C".into(), Bool(true))]),
    ]);
    let libre = ods(&[OdsSheet {
        name: "Лист1",
        rows: vec![(1, vec![cell(Text("Имя")), empty(3), cell(Number(5.0))]), (3, vec![empty(1024)])],
    }]);
    for book in [good, libre] {
        // A deterministic walk over the file: every 7th byte flipped in turn, then runs of them.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for i in 0..book.len() {
            if i % 7 != 0 {
                continue;
            }
            let mut bytes = book.clone();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            bytes[i] ^= (state as u8) | 1;
            let _ = read_workbook(&bytes, None);
            let end = (i + 64).min(bytes.len());
            for b in &mut bytes[i..end] {
                *b = (state >> 8) as u8;
            }
            let _ = read_workbook(&bytes, Some("Лист1"));
        }
    }
}
