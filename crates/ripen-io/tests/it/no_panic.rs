//! No input makes the readers panic, and the line numbers stay aligned with the records
//! the `csv` crate splits, whatever the quoting.

use proptest::prelude::*;
use ripen_io::{read, read_vcards, CsvOptions};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = read(&bytes, None, &CsvOptions::default());
        let _ = read_vcards(&bytes);
    }

    #[test]
    fn csv_like_text_never_panics(text in "[Имя;,\"\\r\\n a-z0-9+=@'.-]{0,300}") {
        let header = format!("Имя;Телефон;Почта;Компания\n{text}");
        let _ = read(header.as_bytes(), None, &CsvOptions::default());
    }

    #[test]
    fn vcard_like_text_never_panics(lines in prop::collection::vec("(BEGIN:VCARD|END:VCARD|FN:[а-я ]{0,8}|N:[a-z;\\\\]{0,10}|TEL;TYPE=[a-z,\"]{0,6}:[0-9+ ]{0,14}|NOTE;ENCODING=QUOTED-PRINTABLE:[=A-F0-9]{0,12}|BDAY:[0-9-]{0,10}| [a-z]{0,5}|ORG:[;a-z]{0,6})", 0..30)) {
        let _ = read_vcards(lines.join("\r\n").as_bytes());
    }
}

/// Inputs the fuzzers once crashed on (`fuzz/`), kept so the fixes stay.
#[test]
fn what_the_fuzzers_found_stays_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut found = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let _ = read(&bytes, None, &CsvOptions::default());
        let _ = read(&bytes, Some(ripen_io::ImportFormat::Csv), &CsvOptions::default());
        let _ = read_vcards(&bytes);
        found += 1;
    }
    assert!(found > 0);
}
