//! A header matched to a known name whatever its word order, numbering and filler words:
//! "Phone 1 - Value", "E-mail 2 Address", "Телефон рабочий", "Номер телефона". Both are
//! made a sorted bag of words; a header matches a name whose bag is its own, or is its
//! own but for one or two qualifiers ("Business Phone", "Player First Name").

use super::names::COMMON;
use super::Field;
use ripen_core::values::sort;
use std::sync::OnceLock;

/// Words that say nothing of the field: numbering and the words exporters put around a
/// value ("Phone 1 - Value", "Mobile Number", "Primary Email").
const FILLER: &[&str] =
    &["value", "number", "numbers", "no", "nr", "num", "номер", "номера", "the", "of", "primary", "secondary"];

/// Inflected forms, as the base form they are listed under.
const FORMS: &[(&str, &str)] = &[
    ("телефона", "телефон"),
    ("телефоны", "телефон"),
    ("телефонов", "телефон"),
    ("telephone", "phone"),
    ("phones", "phone"),
    ("emails", "email"),
    ("mail", "email"),
    ("почты", "почта"),
    ("электронной", "электронная"),
    ("пошти", "пошта"),
    ("електронної", "електронна"),
    ("сайта", "сайт"),
    ("urls", "url"),
    ("моб", "мобильный"),
];

/// Words that may stand beside a name without changing its field: whose value it is,
/// and where it is used. Anything else beside a name ("Phone Type", "Email Display
/// Name", "Company Size") makes it another column.
const QUALIFIERS: &[&str] = &[
    "work",
    "home",
    "business",
    "office",
    "personal",
    "private",
    "other",
    "main",
    "direct",
    "cell",
    "car",
    "mobile",
    "player",
    "member",
    "customer",
    "client",
    "student",
    "participant",
    "attendee",
    "guest",
    "person",
    "contact",
    "lead",
    "associated",
    "address",
    "рабочий",
    "рабочая",
    "рабочего",
    "личный",
    "личная",
    "домашний",
    "основной",
    "дополнительный",
    "другой",
    "мобильный",
    "сотовый",
    "городской",
    "клиента",
    "контакта",
    "участника",
    "сотрудника",
    "ученика",
    "частный",
    "робочий",
    "робоча",
    "мобільний",
    "особистий",
    "домашній",
    "основний",
    "клієнта",
    "адрес",
    "адреса",
];

/// A normalised header as a sorted bag of words, fillers dropped, "e mail" one word.
pub(super) fn bag(normal: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut pending_e = false;
    for word in normal.split(' ').filter(|w| !w.is_empty()) {
        if pending_e {
            pending_e = false;
            if word == "mail" {
                words.push("email".into());
                continue;
            }
            words.push("e".into());
        }
        if word == "e" || word == "э" {
            pending_e = true;
            continue;
        }
        let word = FORMS.iter().find(|(form, _)| *form == word).map_or(word, |(_, base)| base);
        let number = word.chars().all(|c| c.is_ascii_digit());
        if number || FILLER.contains(&word) || word.chars().count() == 1 {
            continue;
        }
        words.push(word.to_owned());
    }
    let email = words.iter().any(|w| w == "email" || w == "почта" || w == "пошта");
    // "E-mail Address", "Адрес электронной почты": the address is the e-mail.
    words.retain(|w| !(email && matches!(w.as_str(), "address" | "адрес" | "адреса")));
    sort::sort(&mut words);
    words.dedup();
    words
}

/// The known names' bags, built once.
fn common_bags() -> &'static [(Vec<String>, Field)] {
    static BAGS: OnceLock<Vec<(Vec<String>, Field)>> = OnceLock::new();
    BAGS.get_or_init(|| COMMON.iter().map(|(name, field)| (bag(name), *field)).collect())
}

/// How close a header's bag is to a name's: `Some(0)` the same words, `Some(n)` the
/// name's words and `n` qualifiers, `None` no match.
fn distance(header: &[String], name: &[String]) -> Option<usize> {
    if name.is_empty() || !name.iter().all(|w| header.contains(w)) {
        return None;
    }
    let extra: Vec<&String> = header.iter().filter(|w| !name.contains(w)).collect();
    (extra.len() <= 2 && extra.iter().all(|w| QUALIFIERS.contains(&w.as_str()))).then_some(extra.len())
}

/// The field of the name in `names` (then the common names) closest to `header`: the
/// same bag first, then the name with the most words among those a qualifier or two
/// away; the first listed on a tie.
pub(super) fn closest(header: &str, names: &[(&str, Field)]) -> Option<(Field, bool)> {
    let header = bag(header);
    if header.is_empty() {
        return None;
    }
    let own: Vec<(Vec<String>, Field)> = names.iter().map(|(n, f)| (bag(n), *f)).collect();
    let candidates = own.iter().chain(common_bags());
    let mut best: Option<(usize, usize, Field)> = None;
    for (name, field) in candidates {
        if let Some(extra) = distance(&header, name) {
            if extra == 0 {
                return Some((*field, true));
            }
            if best.is_none_or(|(e, len, _)| name.len() > len || (name.len() == len && extra < e)) {
                best = Some((extra, name.len(), *field));
            }
        }
    }
    best.map(|(_, _, field)| (field, false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::names::normalise;

    fn field(header: &str) -> Option<Field> {
        closest(&normalise(header), &[]).map(|(f, _)| f)
    }

    #[test]
    fn word_order_numbers_and_fillers_do_not_matter() {
        use Field::*;
        let cases = [
            ("Phone 1 - Value", Some(Phone)),
            ("E-mail 2 Address", Some(Email)),
            ("Email Address", Some(Email)),
            ("Телефон рабочий", Some(Phone)),
            ("E-mail рабочий", Some(Email)),
            ("Номер телефона", Some(Phone)),
            ("Адрес электронной почты", Some(Email)),
            ("Business Phone", Some(Phone)),
            ("Mobile Number", Some(Phone)),
            ("Primary Email", Some(Email)),
            ("Player First Name", Some(FirstName)),
            ("Company Main Telephone", Some(CompanyPhone)),
            ("Organization 1 - Name", Some(Company)),
            ("Address 1 - City", Some(City)),
            ("Тел. моб.", Some(Phone)),
            ("Phone 1 - Type", None),
            ("E-mail Display Name", None),
            ("Email Opt Out", None),
            ("Business Fax", None),
            ("Company Size", None),
            ("Name Prefix", None),
            ("Manager's Name", None),
        ];
        for (header, expected) in cases {
            assert_eq!(field(header), expected, "{header}");
        }
    }
}
