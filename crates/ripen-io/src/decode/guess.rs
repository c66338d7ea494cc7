//! Which encoding a file without a byte-order mark is in: UTF-16 by where its NUL bytes
//! fall, UTF-8 by being valid, and any other by `chardetng`'s statistics (the detector
//! Firefox uses) over single-byte and CJK encodings.

use super::Encoding;

/// Bytes looked at to tell UTF-16 by its NULs.
const UTF16_SAMPLE: usize = 4096;
/// Bytes fed to the statistical detector: enough for any file's verdict, and a
/// 40 MB file is not read twice.
const LEGACY_SAMPLE: usize = 1 << 20;

/// A byte-order mark's encoding, or UTF-16 told by its NUL bytes; with the text after
/// the mark.
pub(crate) fn unicode(bytes: &[u8]) -> Option<(Encoding, &[u8])> {
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => Some((Encoding::UTF_8, rest)),
        [0xFF, 0xFE, rest @ ..] => Some((Encoding::UTF_16LE, rest)),
        [0xFE, 0xFF, rest @ ..] => Some((Encoding::UTF_16BE, rest)),
        _ => utf16_by_nuls(bytes).map(|e| (e, bytes)),
    }
}

/// UTF-16 without a mark: ASCII in UTF-16 has a NUL beside every character, and
/// letters, digits, separators and line ends are a good share of any contact file, a
/// Cyrillic or CJK one too (whose other half-units are not NUL). NULs on both sides
/// are binary data, not text.
fn utf16_by_nuls(bytes: &[u8]) -> Option<Encoding> {
    let head = &bytes[..bytes.len().min(UTF16_SAMPLE)];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    match (even, odd) {
        (0, odd) if odd * 4 >= pairs => Some(Encoding::UTF_16LE),
        (even, 0) if even * 4 >= pairs => Some(Encoding::UTF_16BE),
        _ => None,
    }
}

/// What bytes without a byte-order mark are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guess {
    Utf8,
    /// Mostly UTF-8, broken at this byte: a damaged file, not another encoding.
    Damaged {
        offset: usize,
    },
    Legacy(Encoding),
}

/// UTF-8 if it is valid; damaged UTF-8 if the bytes above ASCII are mostly UTF-8
/// sequences; otherwise the single-byte or CJK encoding the statistics favour.
pub(crate) fn guess_legacy(bytes: &[u8]) -> Guess {
    let Err(first) = std::str::from_utf8(bytes) else { return Guess::Utf8 };
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
        return Guess::Damaged { offset: first.valid_up_to() };
    }
    Guess::Legacy(statistics(bytes))
}

fn statistics(bytes: &[u8]) -> Encoding {
    let sample = &bytes[..bytes.len().min(LEGACY_SAMPLE)];
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(sample, true);
    let found = detector.guess(None, false);
    // chardetng names the KOI8 family KOI8-U; without the bytes where KOI8-U has its
    // Ukrainian letters the text is the same in KOI8-R, which Russian files are in.
    if found == encoding_rs::KOI8_U
        && !sample.iter().any(|b| [0xA4, 0xA6, 0xA7, 0xAD, 0xB4, 0xB6, 0xB7, 0xBD].contains(b))
    {
        return Encoding(encoding_rs::KOI8_R);
    }
    Encoding(found)
}
