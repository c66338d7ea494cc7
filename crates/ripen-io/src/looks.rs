//! What a value looks like, before it is parsed: an e-mail, a phone, a company by its
//! legal form, a person's name. Used where the file does not say: which columns a file
//! without a header holds, whether a row with a name is a person or a company, which row
//! of a file is its header.

use crate::phone::{split, Tel};

/// Legal forms and words only companies are named with, lower case, in Russian,
/// Ukrainian and the languages exports come in. A name holding one of them as a word is
/// a company's.
const COMPANY_WORDS: &[&str] = &[
    "ооо",
    "оао",
    "зао",
    "пао",
    "ао",
    "ип",
    "нко",
    "ано",
    "гуп",
    "муп",
    "фгуп",
    "тоо",
    "чп",
    "тов",
    "пп",
    "прат",
    "пат",
    "фоп",
    "спд",
    "llc",
    "ltd",
    "inc",
    "corp",
    "corporation",
    "gmbh",
    "ag",
    "sa",
    "sarl",
    "sas",
    "srl",
    "bv",
    "nv",
    "oy",
    "ab",
    "plc",
    "llp",
    "lp",
    "co",
    "kg",
    "spa",
    "sp",
    "company",
    "group",
    "holding",
    "holdings",
    "logistics",
    "solutions",
    "systems",
    "services",
    "consulting",
    "trading",
    "studio",
    "bank",
    "agency",
    "partners",
    "technologies",
    "industries",
    "компания",
    "группа",
    "холдинг",
    "банк",
    "завод",
    "фабрика",
    "агентство",
    "студия",
    "магазин",
    "центр",
    "сервис",
    "клиника",
    "торговый",
    "дом",
];

/// An address: something before and after one `@`, a dot in the domain, no spaces.
pub(crate) fn email(value: &str) -> bool {
    let value = value.trim();
    let value = value.get(..7).filter(|h| h.eq_ignore_ascii_case("mailto:")).map_or(value, |_| &value[7..]);
    match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.contains('@') && !value.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// A phone number, perhaps with its extension: digits and the marks numbers are written
/// with, at least seven digits.
pub(crate) fn phone(value: &str) -> bool {
    let Tel::Number { number, .. } = split(value) else { return false };
    let digits = number.bytes().filter(u8::is_ascii_digit).count();
    digits >= 7 && number.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

/// A company's name: it holds a legal form or a word only companies are named with, or
/// quotes ("«Ромашка»").
pub(crate) fn company(value: &str) -> bool {
    value.contains(['«', '»', '"', '&']) || words(value).any(|w| COMPANY_WORDS.contains(&w.as_str()))
}

/// A person's name: two or three words of letters (hyphens, apostrophes and initials
/// allowed), each capitalised, and nothing of a company's.
pub(crate) fn person(value: &str) -> bool {
    let parts: Vec<&str> = value.split_whitespace().collect();
    (2..=3).contains(&parts.len())
        && !company(value)
        && parts.iter().all(|p| {
            p.chars().next().is_some_and(char::is_uppercase)
                && p.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        })
}

/// The words of a value, lower case, split at anything but letters and digits.
fn words(value: &str) -> impl Iterator<Item = String> + '_ {
    value.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_told_apart() {
        for value in ["anna@example.com", "mailto:a.b@x.ru"] {
            assert!(email(value), "{value}");
        }
        for value in ["anna@", "a@b", "not an email", "a b@c.d"] {
            assert!(!email(value), "{value}");
        }
        for value in ["+7 913 000-00-00", "8 (383) 212-34-56 доб. 102", "212-34-56", "+1 555 555 0100 x752"] {
            assert!(phone(value), "{value}");
        }
        for value in ["53-25", "12345", "Иван", "1980-12-31T00"] {
            assert!(!phone(value), "{value}");
        }
        for value in ["ООО «Ромашка»", "Acme LLC", "Müller GmbH", "Trans-Siberian Logistics", "ТОВ Світанок"]
        {
            assert!(company(value) && !person(value), "{value}");
        }
        for value in ["Иван Петров", "Сидоров Николай Петрович", "Jean-Luc O'Neil", "Anna K. Smith", "Тарас Шевченко"]
        {
            assert!(person(value) && !company(value), "{value}");
        }
        for value in ["Иван", "ivan petrov", "Bob 2", "One Two Three Four"] {
            assert!(!person(value), "{value}");
        }
    }
}
