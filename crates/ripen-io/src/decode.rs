//! Bytes to text: a byte-order mark says UTF-8 or UTF-16; otherwise valid UTF-8 is UTF-8,
//! and text that is not is read as Windows-1251 (Excel's "CSV" in Russia) unless it is
//! mostly UTF-8 with a few broken bytes, which is a damaged file and is said so.

use crate::error::ReadError;
use crate::MAX_BYTES;
use serde::Serialize;
use std::borrow::Cow;

/// The encodings Ripen reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[serde(rename = "windows-1251")]
    Windows1251,
}

impl Encoding {
    /// As the page names it: "utf-8", "windows-1251".
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Self::Utf8),
            "utf-16le" => Some(Self::Utf16Le),
            "utf-16be" => Some(Self::Utf16Be),
            "windows-1251" | "cp1251" => Some(Self::Windows1251),
            _ => None,
        }
    }
}

/// The file's text and the encoding it was read in; UTF-8 is read in place, not copied
/// (a file can be tens of megabytes). `forced` skips the detection (the user chose the
/// encoding).
pub(crate) fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<(Cow<'_, str>, Encoding), ReadError> {
    if bytes.len() > MAX_BYTES {
        return Err(ReadError::TooLarge { bytes: bytes.len(), limit: MAX_BYTES });
    }
    let (encoding, body) = match (forced, bytes) {
        (Some(encoding), _) => (encoding, strip_bom(bytes, encoding)),
        (None, [0xEF, 0xBB, 0xBF, rest @ ..]) => (Encoding::Utf8, rest),
        (None, [0xFF, 0xFE, rest @ ..]) => (Encoding::Utf16Le, rest),
        (None, [0xFE, 0xFF, rest @ ..]) => (Encoding::Utf16Be, rest),
        (None, _) => {
            refuse_binary(bytes)?;
            (detect(bytes)?, bytes)
        }
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    let text = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(text) => Cow::Borrowed(text),
            Err(error) => return Err(damaged(body, error.valid_up_to())),
        },
        Encoding::Utf16Le => encoding_rs::UTF_16LE.decode_without_bom_handling(body).0,
        Encoding::Utf16Be => encoding_rs::UTF_16BE.decode_without_bom_handling(body).0,
        Encoding::Windows1251 => encoding_rs::WINDOWS_1251.decode_without_bom_handling(body).0,
    };
    if encoding != Encoding::Utf8 {
        refuse_binary(text.as_bytes())?;
    }
    Ok((text, encoding))
}

fn strip_bom(bytes: &[u8], encoding: Encoding) -> &[u8] {
    let bom: &[u8] = match encoding {
        Encoding::Utf8 => &[0xEF, 0xBB, 0xBF],
        Encoding::Utf16Le => &[0xFF, 0xFE],
        Encoding::Utf16Be => &[0xFE, 0xFF],
        Encoding::Windows1251 => &[],
    };
    bytes.strip_prefix(bom).unwrap_or(bytes)
}

/// Spreadsheets and documents by their signature, and anything else with NUL bytes or
/// many control characters near its start.
fn refuse_binary(bytes: &[u8]) -> Result<(), ReadError> {
    let what = match bytes {
        [b'P', b'K', 3, 4, ..] => Some("a ZIP archive (an Excel .xlsx workbook is one)"),
        [0xD0, 0xCF, 0x11, 0xE0, ..] => Some("an old Excel workbook (.xls)"),
        [b'%', b'P', b'D', b'F', ..] => Some("a PDF document"),
        [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] | [b'G', b'I', b'F', b'8', ..] => Some("an image"),
        _ => None,
    };
    if let Some(what) = what {
        return Err(ReadError::Binary { what });
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if head.contains(&0) || controls * 20 > head.len().max(1) {
        return Err(ReadError::Binary { what: "binary data" });
    }
    Ok(())
}

/// UTF-8 if it is valid; Windows-1251 if the bytes above ASCII are mostly not UTF-8
/// sequences; otherwise a damaged UTF-8 file.
fn detect(bytes: &[u8]) -> Result<Encoding, ReadError> {
    let Err(first) = std::str::from_utf8(bytes) else { return Ok(Encoding::Utf8) };
    let (mut sequences, mut broken) = (0usize, 0usize);
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                sequences += text.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(error) => {
                let valid = error.valid_up_to();
                sequences += rest[..valid].iter().filter(|b| **b >= 0xC0).count();
                broken += 1;
                rest = &rest[valid + error.error_len().unwrap_or(rest.len() - valid)..];
            }
        }
    }
    if sequences > broken {
        Err(damaged(bytes, first.valid_up_to()))
    } else {
        Ok(Encoding::Windows1251)
    }
}

fn damaged(bytes: &[u8], offset: usize) -> ReadError {
    let line = 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count();
    ReadError::Encoding { line, offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_is_told_apart() {
        let cp1251 = encoding_rs::WINDOWS_1251.encode("Имя;Телефон\nИван;+7 913 000-00-00\n").0;
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("Имя\tТелефон\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let cases: Vec<(&str, Vec<u8>, Result<Encoding, &str>)> = vec![
            ("plain UTF-8", "Имя;Телефон\n".into(), Ok(Encoding::Utf8)),
            ("UTF-8 with BOM", b"\xEF\xBB\xBFName,Phone\n".to_vec(), Ok(Encoding::Utf8)),
            ("Windows-1251", cp1251.to_vec(), Ok(Encoding::Windows1251)),
            ("UTF-16 with BOM (Excel's Unicode text)", utf16, Ok(Encoding::Utf16Le)),
            (
                "UTF-8 with one broken byte",
                [&b"\xD0\x98\xD0\xBC\xD1\x8F;x\n\xD0\xA2\xFF\n"[..]].concat(),
                Err("encoding"),
            ),
            ("empty", Vec::new(), Err("empty")),
            ("only a BOM and blank lines", b"\xEF\xBB\xBF\r\n\r\n".to_vec(), Err("empty")),
            ("an xlsx workbook", b"PK\x03\x04\x14\x00\x06\x00".to_vec(), Err("binary")),
            ("NUL bytes", b"abc\x00\x00\x01def".to_vec(), Err("binary")),
        ];
        for (case, bytes, expected) in cases {
            let got = decode(&bytes, None).map(|(_, e)| e).map_err(|e| e.kind());
            assert_eq!(got, expected, "{case}");
        }
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(decode(&big, None).unwrap_err(), ReadError::TooLarge { bytes: MAX_BYTES + 1, limit: MAX_BYTES });
    }

    #[test]
    fn a_damaged_utf8_file_is_reported_at_its_line() {
        let bytes = "Имя\nИван\nП".bytes().chain([0xFF]).collect::<Vec<u8>>();
        assert_eq!(decode(&bytes, None), Err(ReadError::Encoding { line: 3, offset: 18 }));
    }

    #[test]
    fn windows_1251_reads_back_as_the_text_written() {
        let text = "Фамилия;Имя\nЁлкин;Пётр\n";
        let bytes = encoding_rs::WINDOWS_1251.encode(text).0;
        assert_eq!(decode(&bytes, None).unwrap().0, text);
        assert_eq!(decode(&bytes, Some(Encoding::Windows1251)).unwrap().0, text);
    }
}
