//! Any bytes read as CSV: a report or a refusal, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = ripen_io::read(bytes, Some(ripen_io::ImportFormat::Csv), &ripen_io::CsvOptions::default());
});
