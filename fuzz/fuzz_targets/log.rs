//! Any records read as a log, with and without a sum that matches them: every record is
//! read, left out and reported, or (a newer format) refused; never a panic, and nothing
//! read from a record whose sum does not match.
#![no_main]

use ripen_core::checksum::Checksum;
use ripen_core::codec::{decode_record, LogReader};

/// Splits the input into records at NUL bytes; a record starting with `S` is given a
/// sum that matches the rest, so the reader behind the checksum is reached too.
fn records(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|b| *b == 0)
        .map(|raw| {
            let text = String::from_utf8_lossy(raw).into_owned();
            match text.strip_prefix('S') {
                Some(body) => format!(r#"{{"f":2,"sum":"{}",{body}"#, Checksum::of(body.as_bytes()).to_hex()),
                None => text,
            }
        })
        .collect()
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let records = records(bytes);
    let mut reader = LogReader::new(true);
    for (position, record) in records.iter().enumerate() {
        let _ = decode_record(record);
        if reader.read_at(position as u64 + 1, record).is_err() {
            return;
        }
        let _ = reader.drain_complete();
    }
    let _ = reader.finish();
});
