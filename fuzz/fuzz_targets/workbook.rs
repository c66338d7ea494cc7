//! Any bytes read as a workbook, then its sheet as a table: a sheet, a refusal or a report,
//! never a panic. Seed it with `crates/ripen-sheets/tests/fixtures/`.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    if let Ok(sheet) = ripen_sheets::read_workbook(bytes, None) {
        let _ = ripen_io::read_sheet(&sheet, &ripen_io::CsvOptions::default());
    }
});
