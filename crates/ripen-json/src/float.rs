//! A float's shortest text as serde_json writes it. Rust's own shortest digits are the
//! same but in one case: when the value lies exactly halfway between two shortest texts
//! (792502869515138.25 between …138.2 and …138.3), both read back the same and Rust takes
//! the one further from zero, serde_json (zmij) the one whose last digit is even. The writer's bytes must be serde_json's (the stored log's
//! checksums were taken over them), so the tie is broken here the way serde_json breaks it.

/// `magnitude`'s shortest significant digits (no leading or trailing zeros) and the
/// power of ten of the first: 1234.5 → ("12345", 3).
pub(crate) fn shortest_digits(magnitude: f64) -> (String, i32) {
    let (digits, exponent) = scientific(&format!("{magnitude:e}"));
    even_of_tie(magnitude, digits.len(), exponent).unwrap_or((digits, exponent))
}

/// "1.2345e3" → ("12345", 3).
fn scientific(text: &str) -> (String, i32) {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    (mantissa.replace('.', ""), exponent.parse().unwrap_or(0))
}

/// When `magnitude` is exactly halfway between its two nearest texts of `length`
/// significant digits, the one of the two whose last digit is even.
fn even_of_tie(magnitude: f64, length: usize, exponent: i32) -> Option<(String, i32)> {
    // An f64 is m·2^e with m < 2^53: what is left below a digit is either nothing or more
    // than 2^-53 of the value, so 30 significant digits show whether it is exactly a half.
    let (exact, exact_exponent) = scientific(&format!("{magnitude:.30e}"));
    let below = exact.get(length..)?;
    if exact_exponent != exponent || !below.starts_with('5') || below[1..].bytes().any(|b| b != b'0') {
        return None;
    }
    let lower: u64 = exact[..length].parse().ok()?;
    let chosen = if lower % 2 == 0 { lower } else { lower + 1 };
    let (mut text, mut exponent) = (chosen.to_string(), exponent);
    // 99…9 + 1 carries into one more digit.
    if text.len() > length {
        exponent += 1;
    }
    let kept = text.trim_end_matches('0').len().max(1);
    text.truncate(kept);
    let candidate: f64 = format!("{}.{}e{exponent}", &text[..1], &text[1..]).parse().ok()?;
    (candidate == magnitude).then_some((text, exponent))
}

#[cfg(test)]
mod tests {
    use super::shortest_digits;

    #[test]
    fn ties_go_to_the_even_digit_and_everything_else_is_rusts() {
        let cases: &[(f64, &str, i32)] = &[
            (1_226_833_309_205_268.0 + 0.25, "12268333092052682", 15),
            (1_125_899_906_842_624.0 + 0.75, "11258999068426248", 15),
            (1_125_899_906_842_625.0 + 0.25, "11258999068426252", 15),
            (792_502_869_515_138.0 + 0.25, "7925028695151382", 14),
            (0.5, "5", -1),
            (2.5, "25", 0),
            (1234.5, "12345", 3),
            (0.1, "1", -1),
            (1.0 / 3.0, "3333333333333333", -1),
            (1e22, "1", 22),
            (f64::MAX, "17976931348623157", 308),
            (5e-324, "5", -324),
        ];
        for (value, digits, exponent) in cases {
            assert_eq!(shortest_digits(*value), ((*digits).to_owned(), *exponent), "{value:e}");
        }
    }
}
