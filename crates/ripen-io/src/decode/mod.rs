//! Bytes to text: a byte-order mark, or the NUL bytes of UTF-16 without one, say Unicode;
//! otherwise valid UTF-8 is UTF-8, text that is mostly UTF-8 with a few broken bytes is a
//! damaged file (said so), and the rest is a single-byte or CJK encoding told by its
//! statistics. The user may name the encoding instead.

mod binary;
mod guess;

use crate::error::ReadError;
use crate::MAX_BYTES;
use std::borrow::Cow;
use std::fmt;

pub(crate) use binary::{refuse_binary, refuse_signatures};
pub(crate) use guess::{guess_legacy, unicode, Guess};

/// An encoding Ripen reads: any of the WHATWG Encoding Standard's (what browsers read),
/// named as the page names it: "utf-8", "utf-16le", "windows-1251", "koi8-r",
/// "windows-1252", "shift_jis", "gbk".
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Encoding(&'static encoding_rs::Encoding);

impl Encoding {
    pub const UTF_8: Self = Self(encoding_rs::UTF_8);
    pub const UTF_16LE: Self = Self(encoding_rs::UTF_16LE);
    pub const UTF_16BE: Self = Self(encoding_rs::UTF_16BE);
    /// Excel's "CSV" in Russia.
    pub const WINDOWS_1251: Self = Self(encoding_rs::WINDOWS_1251);

    /// By any of its labels ("utf8", "cp1251", "koi8-r", "sjis", "latin1"), any case.
    /// The Standard's stand-ins for encodings it will not decode ("replacement",
    /// "x-user-defined") are no encodings here.
    pub fn parse(name: &str) -> Option<Self> {
        let found = encoding_rs::Encoding::for_label(name.trim().as_bytes())?;
        (found != encoding_rs::REPLACEMENT && found != encoding_rs::X_USER_DEFINED).then_some(Self(found))
    }

    /// The name in lower case: "utf-8", "windows-1251", "shift_jis".
    pub fn name(&self) -> String {
        self.0.name().to_ascii_lowercase()
    }

    /// `bytes` in this encoding, a BOM left as text; bytes it cannot map become U+FFFD.
    pub(crate) fn decode<'a>(&self, bytes: &'a [u8]) -> Cow<'a, str> {
        self.0.decode_without_bom_handling(bytes).0
    }

    /// `bytes` in this encoding, and whether any could not be mapped (replaced by U+FFFD).
    pub(crate) fn decode_checked<'a>(&self, bytes: &'a [u8]) -> (Cow<'a, str>, bool) {
        let (text, broken) = self.0.decode_without_bom_handling(bytes);
        (text, broken)
    }

    pub(crate) fn is_utf16(&self) -> bool {
        [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE].contains(&self.0)
    }

    fn bom(&self) -> &'static [u8] {
        if *self == Self::UTF_8 {
            &[0xEF, 0xBB, 0xBF]
        } else if *self == Self::UTF_16LE {
            &[0xFF, 0xFE]
        } else if *self == Self::UTF_16BE {
            &[0xFE, 0xFF]
        } else {
            &[]
        }
    }

    /// `bytes` without this encoding's byte-order mark, if they start with it.
    pub(crate) fn strip_bom<'a>(&self, bytes: &'a [u8]) -> &'a [u8] {
        bytes.strip_prefix(self.bom()).unwrap_or(bytes)
    }
}

impl fmt::Debug for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl ripen_json::ToJson for Encoding {
    fn write_json(&self, w: &mut ripen_json::Writer) {
        w.str(&self.name());
    }
}

impl ripen_json::FromJson for Encoding {
    fn read_json(r: &mut ripen_json::Reader<'_>) -> Result<Self, ripen_json::Error> {
        let at = r.position();
        let name = r.str()?;
        Self::parse(&name).ok_or_else(|| {
            r.rewind(at);
            r.error(format!("{name:?} is not an encoding Ripen reads"))
        })
    }
}

pub(crate) fn check_size(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.len() > MAX_BYTES {
        return Err(ReadError::TooLarge { bytes: bytes.len(), limit: MAX_BYTES });
    }
    Ok(())
}

/// The file's text and the encoding it was read in; UTF-8 is read in place, not copied
/// (a file can be tens of megabytes). `forced` skips the detection (the user chose the
/// encoding).
pub(crate) fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<(Cow<'_, str>, Encoding), ReadError> {
    check_size(bytes)?;
    refuse_signatures(bytes)?;
    let (encoding, body) = match forced.map(|e| (e, e.strip_bom(bytes))).or_else(|| unicode(bytes)) {
        Some(found) => found,
        None => {
            refuse_binary(bytes)?;
            let encoding = match guess_legacy(bytes) {
                Guess::Utf8 => Encoding::UTF_8,
                Guess::Damaged { offset } => return Err(damaged(bytes, offset)),
                Guess::Legacy(encoding) => encoding,
            };
            (encoding, bytes)
        }
    };
    let text = if encoding == Encoding::UTF_8 {
        match std::str::from_utf8(body) {
            Ok(text) => Cow::Borrowed(text),
            Err(error) => return Err(damaged(body, error.valid_up_to())),
        }
    } else {
        encoding.decode(body)
    };
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    if encoding != Encoding::UTF_8 {
        refuse_binary(text.as_bytes())?;
    }
    Ok((text, encoding))
}

pub(crate) fn damaged(bytes: &[u8], offset: usize) -> ReadError {
    let line = 1 + bytes[..offset.min(bytes.len())].iter().filter(|b| **b == b'\n').count();
    ReadError::Encoding { line, offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
        let mark: &[u8] = match (bom, little) {
            (false, _) => &[],
            (true, true) => &[0xFF, 0xFE],
            (true, false) => &[0xFE, 0xFF],
        };
        let units = text.encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() });
        mark.iter().copied().chain(units).collect()
    }

    #[test]
    fn each_encoding_is_told_apart() {
        let legacy = |encoding: &'static encoding_rs::Encoding, text: &str| encoding.encode(text).0.into_owned();
        let russian = "Фамилия;Имя;Телефон;Заметка\nПетров;Иван;+7 913 000-00-00;Встретились на выставке, просил перезвонить\nСидорова;Мария;+7 383 200-00-00;Интересуется поставками оборудования\n";
        let cases: Vec<(&str, Vec<u8>, Result<&str, &str>)> = vec![
            ("plain UTF-8", "Имя;Телефон\n".into(), Ok("utf-8")),
            ("UTF-8 with BOM", b"\xEF\xBB\xBFName,Phone\n".to_vec(), Ok("utf-8")),
            ("Windows-1251", legacy(encoding_rs::WINDOWS_1251, "Имя;Телефон\nИван;+7 913 000-00-00\n"), Ok("windows-1251")),
            ("Windows-1251, longer", legacy(encoding_rs::WINDOWS_1251, russian), Ok("windows-1251")),
            ("KOI8-R", legacy(encoding_rs::KOI8_R, russian), Ok("koi8-r")),
            (
                "Windows-1252",
                legacy(encoding_rs::WINDOWS_1252, "Nom;Société;Téléphone\nFrançois Müller;Crème brûlée SARL;+33 1 23 45 67 89\nJosé Peña;Año Nuevo;+34 912 345 678\n"),
                Ok("windows-1252"),
            ),
            (
                "Windows-1250",
                legacy(encoding_rs::WINDOWS_1250, "Jméno;Společnost;Poznámka\nJiří Dvořák;Žluťoučký kůň s.r.o.;Zákazník z Plzně, chce nabídku\nŁukasz Wiśniewski;Źródło Sp. z o.o.;Spotkanie w Łodzi\n"),
                Ok("windows-1250"),
            ),
            (
                "Shift_JIS",
                legacy(encoding_rs::SHIFT_JIS, "名前,会社,電話\n山田太郎,株式会社サンプル,03-1234-5678\n鈴木花子,東京商事,06-9876-5432\n"),
                Ok("shift_jis"),
            ),
            ("UTF-16LE with BOM", utf16("Имя\tТелефон\n", true, true), Ok("utf-16le")),
            ("UTF-16BE with BOM", utf16("Имя\tТелефон\n", false, true), Ok("utf-16be")),
            ("UTF-16LE without BOM", utf16("Имя;Телефон\nИван;+7 913\n", true, false), Ok("utf-16le")),
            ("UTF-16BE without BOM", utf16("Name;Phone\nIvan;+7 913\n", false, false), Ok("utf-16be")),
            (
                "UTF-8 with one broken byte",
                [&b"\xD0\x98\xD0\xBC\xD1\x8F;x\n\xD0\xA2\xFF\n"[..]].concat(),
                Err("encoding"),
            ),
            ("empty", Vec::new(), Err("empty")),
            ("only a BOM and blank lines", b"\xEF\xBB\xBF\r\n\r\n".to_vec(), Err("empty")),
            ("an xlsx workbook", b"PK\x03\x04\x14\x00\x06\x00".to_vec(), Err("binary")),
            ("NUL bytes", b"abc\x00\x00\x01def".to_vec(), Err("binary")),
            ("NUL bytes every other byte, and more", b"a\x00b\x00\x00c\x00d\x01\x02\x03\x04".to_vec(), Err("binary")),
        ];
        for (case, bytes, expected) in cases {
            let got = decode(&bytes, None).map(|(_, e)| e.name()).map_err(|e| e.kind());
            assert_eq!(got.as_deref().map_err(|e| *e), expected, "{case}");
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
        assert_eq!(decode(&bytes, Some(Encoding::WINDOWS_1251)).unwrap().0, text);
    }

    #[test]
    fn the_user_may_name_any_encoding_by_its_labels() {
        let text = "Фамилия;Имя\nЁлкин;Пётр\n";
        let bytes = encoding_rs::KOI8_R.encode(text).0;
        let forced = Encoding::parse("KOI8-R").unwrap();
        assert_eq!(decode(&bytes, Some(forced)).unwrap(), (Cow::Borrowed(text), forced));
        for (label, name) in
            [("cp1251", "windows-1251"), ("utf8", "utf-8"), ("sjis", "shift_jis"), ("latin1", "windows-1252")]
        {
            assert_eq!(Encoding::parse(label).map(|e| e.name()).as_deref(), Some(name), "{label}");
        }
        for label in ["ebcdic", "replacement", "x-user-defined", ""] {
            assert_eq!(Encoding::parse(label), None, "{label}");
        }
        assert_eq!(ripen_json::to_string(&Encoding::UTF_16LE), "\"utf-16le\"");
    }
}
