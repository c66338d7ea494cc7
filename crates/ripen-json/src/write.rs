//! The writer: compact JSON, byte for byte as serde_json writes it (the stored log's
//! checksums and the sync documents' hashes were taken over serde_json's bytes).

use crate::float::shortest_digits;
use std::fmt::Write as _;

#[derive(Debug, Default, Clone)]
pub struct Writer {
    out: String,
}

impl Writer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(capacity: usize) -> Self {
        Self { out: String::with_capacity(capacity) }
    }

    /// Writes after what `out` already holds.
    pub fn append_to(out: String) -> Self {
        Self { out }
    }

    pub fn as_str(&self) -> &str {
        &self.out
    }

    pub fn into_string(self) -> String {
        self.out
    }

    /// The comma between keys or items: none right after the container opens. (No value
    /// ends in `{` or `[`, so the last byte tells.)
    fn separate(&mut self) {
        if !matches!(self.out.as_bytes().last(), None | Some(b'{' | b'[' | b':')) {
            self.out.push(',');
        }
    }

    /// Text that is JSON already, as it is.
    pub fn raw(&mut self, json: &str) {
        self.out.push_str(json);
    }

    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    pub fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    pub fn u64(&mut self, value: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut rest = value;
        loop {
            i -= 1;
            digits[i] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for &digit in &digits[i..] {
            self.out.push(digit as char);
        }
    }

    pub fn i64(&mut self, value: i64) {
        if value < 0 {
            self.out.push('-');
        }
        self.u64(value.unsigned_abs());
    }

    /// As serde_json writes it: the shortest text that reads back the same, with `.0` on a
    /// whole number, exponents (`1e+16`, `1e-7`) outside 1e-5..1e16, and `null` for what JSON cannot hold.
    pub fn f64(&mut self, value: f64) {
        if !value.is_finite() {
            return self.null();
        }
        if value.is_sign_negative() {
            self.out.push('-');
        }
        let magnitude = value.abs();
        if magnitude == 0.0 {
            return self.out.push_str("0.0");
        }
        let (digits, exponent) = shortest_digits(magnitude);
        if !(1e-5..1e16).contains(&magnitude) {
            self.out.push_str(&digits[..1]);
            if digits.len() > 1 {
                self.out.push('.');
                self.out.push_str(&digits[1..]);
            }
            let sign = if exponent < 0 { "" } else { "+" };
            let _ = write!(self.out, "e{sign}{exponent}");
            return;
        }
        // Within 1e-5..1e16: plain digits, a point, and `.0` on a whole number.
        let point = exponent + 1;
        if point <= 0 {
            self.out.push_str("0.");
            self.out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
            self.out.push_str(&digits);
        } else if point as usize >= digits.len() {
            self.out.push_str(&digits);
            self.out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            self.out.push_str(".0");
        } else {
            self.out.push_str(&digits[..point as usize]);
            self.out.push('.');
            self.out.push_str(&digits[point as usize..]);
        }
    }

    /// A string, escaped as serde_json escapes it: quotes, backslashes and control
    /// characters only.
    pub fn str(&mut self, text: &str) {
        self.out.reserve(text.len() + 2);
        self.out.push('"');
        let mut from = 0;
        for (i, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&text[from..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(HEX[(byte >> 4) as usize] as char);
                self.out.push(HEX[(byte & 0xf) as usize] as char);
            } else {
                self.out.push_str(escape);
            }
            from = i + 1;
        }
        self.out.push_str(&text[from..]);
        self.out.push('"');
    }

    pub fn begin_object(&mut self) {
        self.out.push('{');
    }

    pub fn end_object(&mut self) {
        self.out.push('}');
    }

    /// A key the derive wrote: a Rust name, no escaping needed.
    pub fn key(&mut self, name: &str) {
        self.separate();
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
    }

    /// A key from data (a map's), escaped.
    pub fn key_text(&mut self, name: &str) {
        self.separate();
        self.str(name);
        self.out.push(':');
    }

    pub fn begin_array(&mut self) {
        self.out.push('[');
    }

    pub fn end_array(&mut self) {
        self.out.push(']');
    }

    /// Before each item of an array.
    pub fn item(&mut self) {
        self.separate();
    }
}
