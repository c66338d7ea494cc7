//! Any bytes read as vCards: a report or a refusal, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = ripen_io::read_vcards(bytes);
});
