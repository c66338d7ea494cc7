//! Files that are no text at all, refused by name before anything is read as text.

use crate::error::ReadError;

/// Spreadsheets, documents and images, by their signature.
pub(crate) fn refuse_signatures(bytes: &[u8]) -> Result<(), ReadError> {
    let what = match bytes {
        [b'P', b'K', 3, 4, ..] => Some("a ZIP archive (an Excel .xlsx workbook is one)"),
        [0xD0, 0xCF, 0x11, 0xE0, ..] => Some("an old Excel workbook (.xls)"),
        [b'%', b'P', b'D', b'F', ..] => Some("a PDF document"),
        [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] | [b'G', b'I', b'F', b'8', ..] => Some("an image"),
        _ => None,
    };
    match what {
        Some(what) => Err(ReadError::Binary { what: what.into() }),
        None => Ok(()),
    }
}

/// Anything by its signature, and anything with NUL bytes or many control characters
/// near its start (checked on text once it is decoded, where UTF-16's NULs are gone).
pub(crate) fn refuse_binary(bytes: &[u8]) -> Result<(), ReadError> {
    refuse_signatures(bytes)?;
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if head.contains(&0) || controls * 20 > head.len().max(1) {
        return Err(ReadError::Binary { what: "binary data".into() });
    }
    Ok(())
}
