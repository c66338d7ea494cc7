//! A number as its own country writes it ("8 (913) 123-45-67", "(415) 555-2671",
//! "020 7946 0958"): what the UI shows beside the text as typed.

use super::numbering::{Format, Plan};

/// `national` (the national significant number) grouped by the first of the plan's
/// formats that fits it; a number no format fits (an odd length, kept from before the
/// plans were known) gets its trunk prefix and its digits as they are.
pub(super) fn national(plan: &Plan, national: &str) -> String {
    plan.formats
        .iter()
        .filter(|format| leads(format, national))
        .find_map(|format| group(format.pattern, national))
        .unwrap_or_else(|| format!("{}{national}", plan.trunks().next().filter(|_| !plan.zero).unwrap_or("")))
}

fn leads(format: &Format, national: &str) -> bool {
    format.leads.is_empty() || format.leads.split('|').any(|lead| national.starts_with(lead))
}

fn group(pattern: &str, digits: &str) -> Option<String> {
    let slots = pattern.bytes().filter(|&b| b == b'X').count();
    let rest = pattern.contains('#');
    if (rest && digits.len() <= slots) || (!rest && digits.len() != slots) {
        return None;
    }
    let mut digits = digits.chars();
    let mut out = String::with_capacity(pattern.len() + 8);
    for c in pattern.chars() {
        match c {
            'X' => out.push(digits.next()?),
            '#' => out.extend(digits.by_ref()),
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::numbering::{plan_named, PLANS};
    use super::*;

    fn shown(region: &str, digits: &str) -> String {
        national(&PLANS[plan_named(region).unwrap()], digits)
    }

    #[test]
    fn each_country_groups_its_own_way() {
        assert_eq!(shown("RU", "9131234567"), "8 (913) 123-45-67");
        assert_eq!(shown("US", "5555550100"), "(555) 555-0100");
        assert_eq!(shown("GB", "2079460958"), "020 7946 0958");
        assert_eq!(shown("GB", "7700900123"), "07700 900123");
        assert_eq!(shown("DE", "30123456"), "030 123456");
        assert_eq!(shown("IT", "0612345678"), "06 1234 5678");
        assert_eq!(shown("BY", "291234567"), "8 029 123-45-67");
    }

    #[test]
    fn a_number_no_grouping_fits_is_shown_whole() {
        assert_eq!(shown("RU", "91312345"), "891312345");
        assert_eq!(shown("GB", "12345"), "012345");
        assert_eq!(shown("IT", "061234567890"), "061 234567890");
    }

    #[test]
    fn a_pattern_writes_no_digit_but_a_trunk_prefix() {
        for plan in PLANS {
            for format in plan.formats {
                let head: String = format
                    .pattern
                    .split(['X', '#'])
                    .next()
                    .unwrap_or("")
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                let tail_digits =
                    format.pattern.chars().skip_while(|c| !matches!(c, 'X' | '#')).any(|c| c.is_ascii_digit());
                assert!(!tail_digits, "{}: {}", plan.region, format.pattern);
                assert!(head.is_empty() || plan.trunks().any(|t| t == head), "{}: {}", plan.region, format.pattern);
            }
        }
    }
}
