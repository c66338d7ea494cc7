//! The names columns go by in any export, Russian, Ukrainian and English, and the one
//! way a header is written before it is compared.

use super::Field;

/// Names any export may use, normalised as [`normalise`] does. A name also matches its
/// words in another order, with numbers, filler words and a qualifier or two around it
/// (see `fuzzy.rs`), so only the base forms are listed.
pub(super) const COMMON: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("full name", Field::Name),
    ("display name", Field::Name),
    ("contact", Field::Name),
    ("contact name", Field::Name),
    ("fullname", Field::Name),
    ("фио", Field::Name),
    ("имя или название", Field::Name),
    ("контакт", Field::Name),
    ("контактное лицо", Field::Name),
    ("имя контакта", Field::Name),
    ("полное имя", Field::Name),
    ("піб", Field::Name),
    ("повне імя", Field::Name),
    ("имя", Field::FirstName),
    ("імя", Field::FirstName),
    ("first name", Field::FirstName),
    ("firstname", Field::FirstName),
    ("given name", Field::FirstName),
    ("отчество", Field::MiddleName),
    ("по батькові", Field::MiddleName),
    ("middle name", Field::MiddleName),
    ("additional name", Field::MiddleName),
    ("фамилия", Field::LastName),
    ("прізвище", Field::LastName),
    ("last name", Field::LastName),
    ("lastname", Field::LastName),
    ("surname", Field::LastName),
    ("family name", Field::LastName),
    ("компания", Field::Company),
    ("компанія", Field::Company),
    ("название компании", Field::Company),
    ("организация", Field::Company),
    ("організація", Field::Company),
    ("название", Field::Company),
    ("назва", Field::Company),
    ("наименование", Field::Company),
    ("контрагент", Field::Company),
    ("company", Field::Company),
    ("company name", Field::Company),
    ("organization", Field::Company),
    ("organisation", Field::Company),
    ("organization name", Field::Company),
    ("должность", Field::Position),
    ("посада", Field::Position),
    ("position", Field::Position),
    ("job title", Field::Position),
    ("jobtitle", Field::Position),
    ("title", Field::Position),
    ("тип", Field::Kind),
    ("kind", Field::Kind),
    ("телефон", Field::Phone),
    ("тел", Field::Phone),
    ("мобильный", Field::Phone),
    ("мобільний", Field::Phone),
    ("сотовый", Field::Phone),
    ("phone", Field::Phone),
    ("phone number", Field::Phone),
    ("work phone", Field::Phone),
    ("mobile phone", Field::Phone),
    ("рабочий телефон", Field::Phone),
    ("мобильный телефон", Field::Phone),
    ("mobile", Field::Phone),
    ("mobilephone", Field::Phone),
    ("phonenumbers", Field::Phone),
    ("email", Field::Email),
    ("e mail", Field::Email),
    ("work email", Field::Email),
    ("рабочий email", Field::Email),
    ("рабочий e mail", Field::Email),
    ("почта", Field::Email),
    ("пошта", Field::Email),
    ("эл почта", Field::Email),
    ("ел пошта", Field::Email),
    ("электронная почта", Field::Email),
    ("електронна пошта", Field::Email),
    ("частный email", Field::Email),
    ("сайт", Field::Website),
    ("веб сайт", Field::Website),
    ("website", Field::Website),
    ("web site", Field::Website),
    ("web page", Field::Website),
    ("url", Field::Website),
    ("регион", Field::Region),
    ("область", Field::Region),
    ("region", Field::Region),
    ("state", Field::Region),
    ("город", Field::City),
    ("місто", Field::City),
    ("city", Field::City),
    ("отрасль", Field::Industry),
    ("сфера деятельности", Field::Industry),
    ("industry", Field::Industry),
    ("источник", Field::Source),
    ("джерело", Field::Source),
    ("source", Field::Source),
    ("lead source", Field::Source),
    ("тип клиента", Field::ClientType),
    ("client type", Field::ClientType),
    ("теги", Field::Tags),
    ("тег", Field::Tags),
    ("метки", Field::Tags),
    ("мітки", Field::Tags),
    ("tags", Field::Tags),
    ("tag", Field::Tags),
    ("labels", Field::Tags),
    ("categories", Field::Tags),
    ("group membership", Field::Tags),
    ("примечание", Field::Notes),
    ("примечания", Field::Notes),
    ("примітка", Field::Notes),
    ("примітки", Field::Notes),
    ("комментарий", Field::Notes),
    ("коментар", Field::Notes),
    ("заметки", Field::Notes),
    ("заметка", Field::Notes),
    ("описание", Field::Notes),
    ("notes", Field::Notes),
    ("note", Field::Notes),
    ("comment", Field::Notes),
    ("description", Field::Notes),
    ("дата рождения", Field::Birthday),
    ("день рождения", Field::Birthday),
    ("дата народження", Field::Birthday),
    ("birthday", Field::Birthday),
    ("date of birth", Field::Birthday),
    ("birthdate", Field::Birthday),
    ("company phone", Field::CompanyPhone),
    ("телефон компании", Field::CompanyPhone),
    ("company email", Field::CompanyEmail),
    ("email компании", Field::CompanyEmail),
    ("company website", Field::CompanyWebsite),
    ("сайт компании", Field::CompanyWebsite),
    ("company industry", Field::CompanyIndustry),
];

/// A header as compared: lower case, "ё" as "е", qualifiers in brackets dropped,
/// apostrophes dropped ("Ім'я" is one word), words of camelCase apart ("MobilePhone"),
/// other punctuation as spaces, spaces folded.
pub(crate) fn normalise(header: &str) -> String {
    let mut text = String::with_capacity(header.len());
    let mut depth = 0usize;
    let mut lower_before = false;
    for c in header.trim_start_matches('\u{feff}').chars() {
        let upper = c.is_uppercase();
        for c in c.to_lowercase() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ if depth > 0 => {}
                '\'' | '’' | 'ʼ' | '`' => {}
                'ё' => text.push('е'),
                c if c.is_alphanumeric() => {
                    if upper && lower_before {
                        text.push(' ');
                    }
                    text.push(c);
                }
                _ => text.push(' '),
            }
        }
        lower_before = c.is_lowercase();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_normalised_before_they_are_compared() {
        let cases = [
            ("Рабочий телефон (контакт)", "рабочий телефон"),
            ("  E-mail ", "e mail"),
            ("Person - Phone - Work", "person phone work"),
            ("State/Region", "state region"),
            ("\u{feff}Ёмкость", "емкость"),
            ("Ім'я", "імя"),
            ("MobilePhone", "mobile phone"),
            ("IMAddress", "imaddress"),
            ("Assistant's Phone", "assistants phone"),
        ];
        for (header, expected) in cases {
            assert_eq!(normalise(header), expected, "{header}");
        }
    }
}
