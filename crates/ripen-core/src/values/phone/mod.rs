//! Phone numbers by the ITU numbering plan: normalised to E.164 digits for matching, the
//! text as entered kept for display ("8 (913) 123-45-67" and "+7 913 1234567" are the
//! same number), and shown the way the number's own country writes it.
//!
//! A number written with `+` or `00` carries its country; any other is read in a default
//! [`Region`] the caller gives (the CRM's, or the one an import file suggests), its trunk
//! prefix taken off ("8 913…" in Russia, "020…" in Britain, "1 415…" in the US).

mod national;
mod numbering;
mod region;
#[cfg(test)]
mod tests;

use crate::values::error::{Problem, ValidationError};
use crate::values::sort;
use numbering::{plan_of, split_code, Plan, PLANS, UNKNOWN_NATIONAL};
pub use region::{CountryCode, Region};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
#[json(try_from = "PhoneRecord")]
pub struct Phone {
    /// Country code and number, digits only, no `+` (e.g. `79131234567`).
    e164: String,
    /// As the user typed it, whitespace folded.
    display: String,
}

#[derive(ripen_json::FromJson)]
struct PhoneRecord {
    e164: String,
    display: String,
}

/// The shortest E.164 number any plan allows (+43 and four digits is six); fewer digits
/// were never stored.
const MIN_E164: usize = 6;
const MAX_E164: usize = 15;

impl TryFrom<PhoneRecord> for Phone {
    type Error = ValidationError;
    /// A stored number is taken as it was stored, never checked against today's plans:
    /// a number an older build accepted (an odd length, a code since reassigned) must go
    /// on loading, or the log it is in would stop reading.
    fn try_from(record: PhoneRecord) -> Result<Self, Self::Error> {
        let digits = record.e164.bytes().all(|b| b.is_ascii_digit());
        if digits && (MIN_E164..=MAX_E164).contains(&record.e164.len()) && !record.e164.starts_with('0') {
            Ok(Self { e164: record.e164, display: record.display })
        } else {
            Err(ValidationError::new(
                "phone",
                Problem::Malformed { reason: format!("{:?} is not a stored E.164 number", record.e164) },
            ))
        }
    }
}

/// Why a text is not a phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    /// Empty, too long, or with a control character.
    #[error("{0}")]
    Text(Problem),
    #[error("{found:?} is not part of a phone number: a number written in letters (1-800-FLOWERS) is kept as text")]
    Letters { found: char },
    #[error("{found:?} is a dialler's pause or wait, not part of a phone number: a number with one is kept as text")]
    Pause { found: char },
    #[error("an extension is not part of a phone number: keep it apart")]
    Extension,
    #[error("{found:?} is not part of a phone number")]
    Character { found: char },
    #[error("'+' may only stand first")]
    PlusNotFirst,
    #[error("a country code never starts with 0")]
    ZeroCode,
    #[error("no country has a calling code +{start} starts with")]
    UnknownCode { start: String },
    /// The national part's length is not one its region's numbers have.
    #[error("{}", length_message(.region, *.code, *.digits))]
    Length { region: Option<Region>, code: u16, digits: usize },
}

fn length_message(region: &Option<Region>, code: u16, digits: usize) -> String {
    let (lengths, min, whose) = match region {
        Some(region) => {
            let plan = region.plan();
            let min = (1..16).find(|l| plan.lengths & (1 << l) != 0).unwrap_or(0);
            (plan.lengths_text(), min, format!("{region} numbers"))
        }
        None => (
            format!("{} to {}", UNKNOWN_NATIONAL.start(), UNKNOWN_NATIONAL.end()),
            *UNKNOWN_NATIONAL.start(),
            format!("numbers under +{code}"),
        ),
    };
    if digits < min {
        format!("too short: {digits} digits, where {whose} have {lengths}; give the full number with its area code")
    } else {
        format!("too long: {digits} digits, where {whose} have {lengths}")
    }
}

impl PhoneError {
    /// A number written in a way a dialler reads but `Phone` does not keep: letters,
    /// pauses, an extension. An import keeps such a value as text.
    pub fn is_kept_as_text(&self) -> bool {
        matches!(self, Self::Letters { .. } | Self::Pause { .. } | Self::Extension)
    }
}

impl From<PhoneError> for ValidationError {
    fn from(error: PhoneError) -> Self {
        match error {
            PhoneError::Text(problem) => ValidationError::new("phone", problem),
            other => ValidationError::new("phone", Problem::Malformed { reason: other.to_string() }),
        }
    }
}

const MAX_INPUT_CHARS: usize = 40;

/// What may stand between the digits: spaces, brackets, dots, slashes ("030/123456") and
/// dashes of any kind.
fn is_separator(c: char) -> bool {
    " -().\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}/".contains(c)
}

impl Phone {
    /// `raw` as a number, read in `region` unless written with its country code.
    pub fn parse(raw: &str, region: Region) -> Result<Self, ValidationError> {
        Ok(Self::read(raw, region)?)
    }

    /// [`Phone::parse`] with the reason typed.
    pub fn read(raw: &str, region: Region) -> Result<Self, PhoneError> {
        let display =
            crate::values::clean::clean_line("phone", raw, MAX_INPUT_CHARS).map_err(|e| PhoneError::Text(e.problem))?;
        refuse_odd_characters(&display)?;
        if display.chars().skip(1).any(|c| c == '+') {
            return Err(PhoneError::PlusNotFirst);
        }
        let digits: String = display.chars().filter(char::is_ascii_digit).collect();
        let e164 = if display.starts_with('+') {
            international(&digits)?
        } else if let Some(rest) = digits.strip_prefix("00") {
            international(rest)?
        } else if let Some(rest) = digits.strip_prefix("011").filter(|_| region.calling_code() == 1) {
            // North America's international prefix.
            international(rest)?
        } else {
            national(&digits, region)?
        };
        Ok(Self { e164, display })
    }

    pub fn e164(&self) -> &str {
        &self.e164
    }

    pub fn display(&self) -> &str {
        &self.display
    }

    /// The region the number belongs to, where its plan is known: RU for +7 913…, KZ
    /// for +7 701…, CA for +1 416….
    pub fn region(&self) -> Option<Region> {
        self.plan().map(|(index, _)| Region::at(index))
    }

    /// The number as its own country writes it — "8 (913) 123-45-67", "(415) 555-2671",
    /// "020 7946 0958" —, where its plan is known.
    pub fn national(&self) -> Option<String> {
        self.plan().map(|(index, national)| national::national(&PLANS[index], national))
    }

    fn plan(&self) -> Option<(usize, &str)> {
        let (code, len) = split_code(&self.e164)?;
        let national = &self.e164[len..];
        Some((plan_of(code, national)?, national))
    }
}

/// A profile's phones as readers of the API see them: beside the stored `e164` and
/// `display`, the `national` form and the `region` (ISO code), each null where the
/// number's plan is not known. Never stored: the log keeps `e164` and `display` only.
pub(crate) fn write_shown(phones: &&Vec<Phone>, w: &mut ripen_json::Writer) {
    let shown: Vec<Shown<'_>> = phones.iter().map(Shown::of).collect();
    ripen_json::ToJson::write_json(&shown, w);
}

#[derive(ripen_json::ToJson)]
struct Shown<'a> {
    e164: &'a str,
    display: &'a str,
    national: Option<String>,
    region: Option<Region>,
}

impl<'a> Shown<'a> {
    fn of(phone: &'a Phone) -> Self {
        Self { e164: &phone.e164, display: &phone.display, national: phone.national(), region: phone.region() }
    }
}

/// Letters, pauses and extensions are refused with their own reasons, so an import can
/// keep such a value as text rather than lose it.
fn refuse_odd_characters(text: &str) -> Result<(), PhoneError> {
    let odd: Vec<char> = text.chars().filter(|&c| !(c.is_ascii_digit() || c == '+' || is_separator(c))).collect();
    let Some(&first) = odd.first() else { return Ok(()) };
    let lower = text.to_lowercase();
    let extension =
        ["ext", "доб", "вн."].iter().any(|word| lower.contains(word)) || odd.iter().all(|c| *c == 'x' || *c == 'X');
    if extension {
        Err(PhoneError::Extension)
    } else if odd.iter().all(|c| matches!(c, ',' | ';' | 'p' | 'P' | 'w' | 'W')) {
        Err(PhoneError::Pause { found: first })
    } else if odd.iter().all(|c| c.is_ascii_alphabetic() || is_separator(*c))
        && text.bytes().any(|b| b.is_ascii_digit())
    {
        // A vanity number: digits and the Latin letters of a keypad.
        Err(PhoneError::Letters { found: first })
    } else {
        Err(PhoneError::Character { found: first })
    }
}

/// The digits after `+` (or `00`): the calling code, then a national number of a length
/// its plan allows. A trunk prefix written after the code ("+44 (0)20 …") is dropped.
fn international(digits: &str) -> Result<String, PhoneError> {
    if digits.starts_with('0') {
        return Err(PhoneError::ZeroCode);
    }
    let Some((code, len)) = split_code(digits) else {
        return Err(match digits.len() {
            0 | 1 => PhoneError::Length { region: None, code: 0, digits: 0 },
            _ => PhoneError::UnknownCode { start: digits[..digits.len().min(3)].to_owned() },
        });
    };
    let national = &digits[len..];
    let Some(index) = plan_of(code, national) else {
        let fits = UNKNOWN_NATIONAL.contains(&national.len()) && digits.len() <= MAX_E164;
        return match fits {
            true => Ok(digits.to_owned()),
            false => Err(PhoneError::Length { region: None, code, digits: national.len() }),
        };
    };
    let plan = &PLANS[index];
    if plan.fits(national) {
        return Ok(digits.to_owned());
    }
    match plan.trunks().find_map(|t| national.strip_prefix(t).filter(|rest| plan.fits(rest))) {
        Some(rest) => Ok(format!("{code}{rest}")),
        None => Err(PhoneError::Length { region: Some(Region::at(index)), code, digits: national.len() }),
    }
}

/// Digits written without `+`, read in `region`: its trunk prefix taken off (the
/// longest that leaves a number of a right length), or none written, or the country
/// code written without its `+` ("7 913…"); else, when long enough to be one, a full
/// international number whose `+` was lost ("380501234567").
fn national(digits: &str, region: Region) -> Result<String, PhoneError> {
    let plan: &Plan = region.plan();
    let code = plan.code;
    let mut trunks: Vec<&str> = plan.trunks().collect();
    sort::sort_by_key(&mut trunks, |t| std::cmp::Reverse(t.len()));
    let stripped = trunks.iter().find_map(|t| digits.strip_prefix(t).filter(|rest| plan.fits(rest)));
    let with_code = || digits.strip_prefix(code.to_string().as_str()).filter(|rest| plan.fits(rest));
    if let Some(national) = stripped.or(plan.fits(digits).then_some(digits)).or_else(with_code) {
        return Ok(format!("{code}{national}"));
    }
    if digits.len() >= 11 {
        if let Ok(e164) = international(digits) {
            return Ok(e164);
        }
    }
    Err(PhoneError::Length { region: Some(region), code, digits: digits.len() })
}
