//! The reader on text of no fixed shape: JSON's grammar, escapes, nesting and damage.

use ripen_json::{Json, Reader};

#[test]
fn json_of_any_shape_reads_and_writes_as_serde_json_value() {
    let texts = [
        r#"{"b":[1,-2,3.5,1e300,true,null,"\u00e9\ud83d\ude00\n"],"a":{"z":{},"y":[]},"big":18446744073709551615,"neg":-9223372036854775808}"#,
        "  [ ]  ",
        r#""\"\\\/\b\f\n\r\t""#,
    ];
    for text in texts {
        let ours = Json::parse(text).unwrap();
        let serde: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours.to_string(), serde.to_string(), "{text}");
    }
}

#[test]
fn malformed_text_is_an_error_never_a_panic() {
    let bad = [
        "",
        "{",
        "}",
        "[1,2",
        "[1 2]",
        "{\"a\" 1}",
        "{\"a\":}",
        "{,}",
        "[,1]",
        "{\"a\":1,}",
        "01",
        "1.",
        "-",
        "1e",
        "tru",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"a\u{1}b\"",
        "nul",
        "[1]]",
        "{\"a\":1}}",
    ];
    for text in bad {
        assert!(Json::parse(text).is_err(), "{text:?} was read");
        let mut reader = Reader::new(text);
        assert!(reader.skip().and_then(|()| reader.end()).is_err(), "{text:?} was skipped");
    }
}

#[test]
fn deep_nesting_is_refused_by_the_tree_and_skipped_without_recursion() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(Json::parse(&deep).is_err());
    let mut reader = Reader::new(&deep);
    reader.skip().unwrap();
    reader.end().unwrap();
}

#[test]
fn errors_say_the_line_and_column_in_characters() {
    let error = Json::parse("{\n  \"имя\": x}").unwrap_err();
    assert_eq!((error.line(), error.column()), (2, 10), "{error}");
}
