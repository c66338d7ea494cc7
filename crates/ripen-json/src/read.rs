//! The reader: JSON text parsed in place, one value at a time, by the code the derive
//! writes for each type.
//!
//! Nothing here is generic, so the whole parser is in the module once; a type's decoder is
//! a run of calls into it. Strings without escapes are borrowed from the text.

use crate::error::Error;
use std::borrow::Cow;

#[derive(Debug, Clone)]
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    /// Set by `{` and `[`: the next key or item has no comma before it.
    fresh: bool,
}

/// How many bytes from the start of `bytes` need no look inside a string: none is `"`,
/// a backslash or a control character (below 0x20). Read eight at a time, as a 64-bit
/// word: the classic tests for a zero byte and for a byte below a bound find whether the
/// word holds one of them. Whole words only, so it stops up to seven bytes early (the
/// byte loop after it reads those), never late.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let below_space = |word: u64| word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or([0; 8]));
        if below_space(word) || has_zero(word ^ (ONES * u64::from(b'"'))) || has_zero(word ^ (ONES * u64::from(b'\\')))
        {
            break;
        }
        at += 8;
    }
    at
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Self { text, at: 0, fresh: false }
    }

    /// Where the reader is, as a byte offset: [`Reader::rewind`] returns here.
    pub fn position(&self) -> usize {
        self.at
    }

    /// Goes back to a [`Reader::position`] taken earlier (for a look ahead at a tag, or an
    /// untagged enum's next guess).
    pub fn rewind(&mut self, at: usize) {
        self.at = at;
        self.fresh = false;
    }

    /// An error at the reader's position.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::at(self.text, self.at, message.into())
    }

    /// Text after the value read is an error (whitespace aside).
    pub fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    /// The next byte that is not whitespace, not consumed; `None` at the end.
    pub fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&byte) = bytes.get(self.at) {
            if !matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(byte);
            }
            self.at += 1;
        }
        None
    }

    fn next_byte(&mut self, what: &str) -> Result<u8, Error> {
        match self.peek() {
            Some(byte) => {
                self.at += 1;
                Ok(byte)
            }
            None => Err(self.error(format!("end of text while reading {what}"))),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), Error> {
        if self.text.as_bytes()[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// Consumes a `null` if one is next; says whether it did.
    pub fn null(&mut self) -> Result<bool, Error> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    pub fn bool(&mut self) -> Result<bool, Error> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|()| true),
            Some(b'f') => self.literal("false").map(|()| false),
            _ => Err(self.invalid_type("a boolean")),
        }
    }

    /// "invalid type: <what is next>, expected <expected>", the next value left in place.
    pub fn invalid_type(&mut self, expected: &str) -> Error {
        let found = match self.peek() {
            None => return self.error(format!("end of text, expected {expected}")),
            Some(b'"') => match self.clone().str() {
                Ok(text) => format!("string {text:?}"),
                Err(error) => return error,
            },
            Some(b'{') => "map".to_owned(),
            Some(b'[') => "sequence".to_owned(),
            Some(b'n') => "null".to_owned(),
            Some(b't' | b'f') => format!("boolean `{}`", self.peek() == Some(b't')),
            Some(b'-' | b'0'..=b'9') => match self.scan_number() {
                Ok(end) => {
                    let number = &self.text[self.at..end];
                    if number.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
                        format!("floating point `{number}`")
                    } else {
                        format!("integer `{number}`")
                    }
                }
                Err((_, problem)) => return self.error(problem.unwrap_or("expected a value")),
            },
            Some(_) => return self.error("expected a value"),
        };
        self.error(format!("invalid type: {found}, expected {expected}"))
    }

    /// A string, borrowed from the text unless it has escapes.
    pub fn str(&mut self) -> Result<Cow<'a, str>, Error> {
        if self.peek() != Some(b'"') {
            return Err(self.invalid_type("a string"));
        }
        self.at += 1;
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut i = start;
        // The common case: no escape before the closing quote. Eight bytes at a time up
        // to the first that ends the run, then byte by byte.
        i += plain_run(&bytes[i..]);
        while let Some(&byte) = bytes.get(i) {
            match byte {
                b'"' => {
                    self.at = i + 1;
                    return Ok(Cow::Borrowed(&self.text[start..i]));
                }
                b'\\' => break,
                0..=0x1f => {
                    self.at = i;
                    return Err(self.error("a control character (U+0000 to U+001F) inside a string"));
                }
                _ => i += 1,
            }
        }
        let mut owned = String::with_capacity(i - start + 8);
        owned.push_str(&self.text[start..i]);
        self.at = i;
        loop {
            let Some(&byte) = bytes.get(self.at) else {
                return Err(self.error("end of text inside a string"));
            };
            match byte {
                b'"' => {
                    self.at += 1;
                    return Ok(Cow::Owned(owned));
                }
                b'\\' => {
                    self.at += 1;
                    self.escape(&mut owned)?;
                }
                0..=0x1f => return Err(self.error("a control character (U+0000 to U+001F) inside a string")),
                _ => {
                    // Copies up to the next quote or backslash in one go.
                    let run = bytes[self.at..].iter().position(|&b| matches!(b, b'"' | b'\\' | 0..=0x1f));
                    let end = run.map_or(bytes.len(), |run| self.at + run);
                    owned.push_str(&self.text[self.at..end]);
                    self.at = end;
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let byte = self.text.as_bytes().get(self.at).copied();
        self.at += 1;
        let decoded = match byte {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if !self.text.as_bytes()[self.at..].starts_with(b"\\u") {
                        return Err(self.error("a lone leading surrogate in a \\u escape"));
                    }
                    self.at += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("a lone leading surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                char::from_u32(code).ok_or_else(|| self.error("a lone trailing surrogate in a \\u escape"))?
            }
            _ => return Err(self.error("an invalid escape")),
        };
        out.push(decoded);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let digits =
            self.text.as_bytes().get(self.at..self.at + 4).ok_or_else(|| self.error("end of text inside an escape"))?;
        let mut code = 0;
        for &digit in digits {
            let value = (digit as char).to_digit(16).ok_or_else(|| self.error("an invalid \\u escape"))?;
            code = code * 16 + value;
        }
        self.at += 4;
        Ok(code)
    }

    /// The text of the next number, checked against JSON's grammar.
    pub fn number(&mut self) -> Result<&'a str, Error> {
        self.peek();
        let start = self.at;
        match self.scan_number() {
            Ok(end) => {
                self.at = end;
                Ok(&self.text[start..end])
            }
            Err((_, None)) => Err(self.invalid_type("a number")),
            Err((at, Some(problem))) => {
                self.at = at;
                Err(self.error(problem))
            }
        }
    }

    /// Where the number at the reader's position ends; or where and why it is malformed
    /// (no why: it is not a number at all).
    fn scan_number(&self) -> Result<usize, (usize, Option<&'static str>)> {
        let bytes = self.text.as_bytes();
        let mut i = self.at;
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ if i > self.at => return Err((i, Some("a digit expected after the minus sign"))),
            _ => return Err((i, None)),
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return Err((i, Some("a digit expected after the decimal point")));
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return Err((i, Some("a digit expected in the exponent")));
            }
        }
        Ok(i)
    }

    pub fn u64(&mut self) -> Result<u64, Error> {
        self.integer("an unsigned integer", |text| text.parse().ok())
    }

    pub fn i64(&mut self) -> Result<i64, Error> {
        self.integer("an integer", |text| text.parse().ok())
    }

    fn integer<T>(&mut self, expected: &str, parse: fn(&str) -> Option<T>) -> Result<T, Error> {
        let start = self.position();
        let text = self.number().map_err(|_| self.clone().invalid_type(expected))?;
        if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
            self.rewind(start);
            return Err(self.invalid_type(expected));
        }
        parse(text).ok_or_else(|| {
            self.rewind(start);
            self.error(format!("invalid value: integer `{text}`, expected {expected} in range"))
        })
    }

    pub fn f64(&mut self) -> Result<f64, Error> {
        let text = self.number()?;
        text.parse().map_err(|_| self.error(format!("invalid number `{text}`")))
    }

    /// Consumes the `{` that opens an object; then [`Reader::key`] until it says `None`.
    pub fn object(&mut self) -> Result<(), Error> {
        if self.peek() != Some(b'{') {
            return Err(self.invalid_type("an object"));
        }
        self.at += 1;
        self.fresh = true;
        Ok(())
    }

    /// The next key of the object being read, its `:` consumed; `None` once its `}` is.
    pub fn key(&mut self) -> Result<Option<Cow<'a, str>>, Error> {
        let first = std::mem::take(&mut self.fresh);
        match self.peek() {
            Some(b'}') => {
                self.at += 1;
                return Ok(None);
            }
            Some(b',') if !first => {
                self.at += 1;
            }
            Some(b'"') if first => {}
            None => return Err(self.error("end of text inside an object")),
            Some(_) => return Err(self.error(if first { "expected a key or `}`" } else { "expected `,` or `}`" })),
        }
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a key"));
        }
        let key = self.str()?;
        if self.next_byte("an object")? != b':' {
            self.at -= 1;
            return Err(self.error("expected `:`"));
        }
        Ok(Some(key))
    }

    /// Consumes the `[` that opens an array; then [`Reader::item`] before each item.
    pub fn array(&mut self) -> Result<(), Error> {
        if self.peek() != Some(b'[') {
            return Err(self.invalid_type("an array"));
        }
        self.at += 1;
        self.fresh = true;
        Ok(())
    }

    /// Whether another item follows (its comma consumed); `false` once the `]` is consumed.
    pub fn item(&mut self) -> Result<bool, Error> {
        let first = std::mem::take(&mut self.fresh);
        match self.peek() {
            Some(b']') => {
                self.at += 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.at += 1;
                Ok(true)
            }
            None => Err(self.error("end of text inside an array")),
            Some(_) if first => Ok(true),
            Some(_) => Err(self.error("expected `,` or `]`")),
        }
    }

    /// Passes over one value of any kind.
    pub fn skip(&mut self) -> Result<(), Error> {
        self.raw().map(|_| ())
    }

    /// One value of any kind, as its text.
    pub fn raw(&mut self) -> Result<&'a str, Error> {
        self.peek();
        let start = self.at;
        // The open containers (`true` for an object) are kept on the heap, not the stack, so
        // a hostile `[[[[…` cannot exhaust the stack.
        let mut open: Vec<bool> = Vec::new();
        loop {
            match self.peek() {
                Some(b'{') => {
                    self.object()?;
                    if self.key()?.is_some() {
                        open.push(true);
                        continue;
                    }
                }
                Some(b'[') => {
                    self.array()?;
                    if self.item()? {
                        open.push(false);
                        continue;
                    }
                }
                Some(b'"') => {
                    self.str()?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(b't' | b'f') => {
                    self.bool()?;
                }
                Some(b'n') => self.literal("null")?,
                _ => return Err(self.error("expected a value")),
            }
            // A value is complete: on to the next one, closing the containers that end here.
            loop {
                match open.last() {
                    None => return Ok(&self.text[start..self.at]),
                    Some(true) if self.key()?.is_some() => break,
                    Some(false) if self.item()? => break,
                    Some(_) => {
                        open.pop();
                    }
                }
            }
        }
    }

    /// At an object's `{`: the string value of its key `tag`, wherever the key stands; the
    /// reader is left where it was. `None` when the object has no such key.
    pub fn look_up(&mut self, tag: &str) -> Result<Option<Cow<'a, str>>, Error> {
        let start = self.position();
        self.object()?;
        let mut found = None;
        while let Some(key) = self.key()? {
            if key == tag {
                found = Some(self.str()?);
                break;
            }
            self.skip()?;
        }
        self.rewind(start);
        Ok(found)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::plain_run;

    proptest::proptest! {
        #[test]
        fn a_plain_run_stops_before_the_first_byte_that_ends_a_string_and_within_a_word_of_it(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                4 => 0x20u8..=0xff, 1 => proptest::strategy::Just(b'"'), 1 => proptest::strategy::Just(b'\\'), 1 => 0u8..0x20,
            ], 0..40)
        ) {
            let first = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(bytes.len());
            let run = plain_run(&bytes);
            proptest::prop_assert!(run <= first, "{} past the first at {}", run, first);
            proptest::prop_assert!(run % 8 == 0 && (first - run < 8 || bytes.len() - run < 8), "{} stops early for {}", run, first);
        }
    }
}
