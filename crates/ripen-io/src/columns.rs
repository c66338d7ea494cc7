//! Which Ripen field each column holds: found by the header's name in Russian or English,
//! with presets for the exports of other CRMs, and overridable by the user.

use serde::Serialize;

ripen_core::string_enum! {
    /// A field a column can fill. `Ignore`: the column is not imported.
    Field in "mapping" {
        /// The whole name: a person's, or a company's when the file has no person columns.
        Name = "name",
        FirstName = "firstName",
        MiddleName = "middleName",
        LastName = "lastName",
        /// The company a person works at, or the client itself in a file of companies.
        Company = "company",
        Position = "position",
        Kind = "kind",
        Phone = "phone",
        Email = "email",
        Website = "website",
        Region = "region",
        City = "city",
        Industry = "industry",
        Source = "source",
        ClientType = "clientType",
        Tags = "tags",
        Notes = "notes",
        Birthday = "birthday",
        Ignore = "ignore",
    }
}

ripen_core::string_enum! {
    /// The export of another CRM, whose column names are known.
    Preset in "preset" {
        /// amoCRM, and Kommo (its English edition).
        AmoCrm = "amoCrm",
        Bitrix24 = "bitrix24",
        HubSpot = "hubSpot",
        Pipedrive = "pipedrive",
    }
}

impl Preset {
    /// Headers (normalised) only this CRM's export has.
    fn signature(self) -> &'static [&'static str] {
        match self {
            Self::AmoCrm => {
                &["полное имя контакта", "рабочий телефон контакт", "ответственный", "full name", "responsible user"]
            }
            Self::Bitrix24 => &["рабочий e mail", "частный e mail", "тип контакта", "обращение", "корпоративный сайт"],
            Self::HubSpot => &["record id", "contact owner", "lifecycle stage", "phone number", "state region"],
            Self::Pipedrive => &["person name", "person organization", "organization name", "person phone work"],
        }
    }

    /// What this CRM calls its columns, where the common names would not tell.
    fn names(self) -> &'static [(&'static str, Field)] {
        match self {
            Self::AmoCrm => &[
                ("полное имя контакта", Field::Name),
                ("полное имя", Field::Name),
                ("full name", Field::Name),
                ("компания контакта", Field::Company),
                ("название компании", Field::Company),
                ("ответственный", Field::Ignore),
                ("responsible user", Field::Ignore),
                ("дата создания", Field::Ignore),
                ("created date", Field::Ignore),
            ],
            Self::Bitrix24 => &[
                ("тип контакта", Field::ClientType),
                ("тип компании", Field::ClientType),
                ("сфера деятельности", Field::Industry),
                ("корпоративный сайт", Field::Website),
                ("личная страница", Field::Website),
                ("обращение", Field::Ignore),
                ("ответственный", Field::Ignore),
            ],
            Self::HubSpot => &[
                ("state region", Field::Region),
                ("country region", Field::Ignore),
                ("lead status", Field::Ignore),
                ("lifecycle stage", Field::ClientType),
                ("original source", Field::Source),
                ("contact owner", Field::Ignore),
                ("record id", Field::Ignore),
                ("mobile phone number", Field::Phone),
            ],
            Self::Pipedrive => &[
                ("organization", Field::Company),
                ("organization name", Field::Company),
                ("labels", Field::Tags),
                ("label", Field::Tags),
                ("owner", Field::Ignore),
            ],
        }
    }
}

/// Names any export may use, Russian and English, normalised as [`normalise`] does.
const COMMON: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("фио", Field::Name),
    ("имя или название", Field::Name),
    ("контакт", Field::Name),
    ("contact", Field::Name),
    ("contact name", Field::Name),
    ("имя контакта", Field::Name),
    ("полное имя", Field::Name),
    ("full name", Field::Name),
    ("имя", Field::FirstName),
    ("first name", Field::FirstName),
    ("firstname", Field::FirstName),
    ("given name", Field::FirstName),
    ("отчество", Field::MiddleName),
    ("middle name", Field::MiddleName),
    ("фамилия", Field::LastName),
    ("last name", Field::LastName),
    ("lastname", Field::LastName),
    ("surname", Field::LastName),
    ("family name", Field::LastName),
    ("компания", Field::Company),
    ("название компании", Field::Company),
    ("организация", Field::Company),
    ("название", Field::Company),
    ("наименование", Field::Company),
    ("контрагент", Field::Company),
    ("company", Field::Company),
    ("company name", Field::Company),
    ("organization", Field::Company),
    ("organisation", Field::Company),
    ("должность", Field::Position),
    ("position", Field::Position),
    ("job title", Field::Position),
    ("title", Field::Position),
    ("тип", Field::Kind),
    ("kind", Field::Kind),
    ("телефон", Field::Phone),
    ("тел", Field::Phone),
    ("телефоны", Field::Phone),
    ("рабочий телефон", Field::Phone),
    ("мобильный телефон", Field::Phone),
    ("мобильный", Field::Phone),
    ("домашний телефон", Field::Phone),
    ("другой телефон", Field::Phone),
    ("phone", Field::Phone),
    ("phones", Field::Phone),
    ("phone number", Field::Phone),
    ("mobile", Field::Phone),
    ("mobile phone", Field::Phone),
    ("work phone", Field::Phone),
    ("phone work", Field::Phone),
    ("phone mobile", Field::Phone),
    ("phone home", Field::Phone),
    ("phone other", Field::Phone),
    ("email", Field::Email),
    ("e mail", Field::Email),
    ("emails", Field::Email),
    ("почта", Field::Email),
    ("эл почта", Field::Email),
    ("электронная почта", Field::Email),
    ("рабочий email", Field::Email),
    ("личный email", Field::Email),
    ("рабочий e mail", Field::Email),
    ("частный e mail", Field::Email),
    ("work email", Field::Email),
    ("private email", Field::Email),
    ("email work", Field::Email),
    ("email home", Field::Email),
    ("email other", Field::Email),
    ("сайт", Field::Website),
    ("веб сайт", Field::Website),
    ("website", Field::Website),
    ("web site", Field::Website),
    ("url", Field::Website),
    ("регион", Field::Region),
    ("область", Field::Region),
    ("region", Field::Region),
    ("город", Field::City),
    ("city", Field::City),
    ("отрасль", Field::Industry),
    ("сфера деятельности", Field::Industry),
    ("industry", Field::Industry),
    ("источник", Field::Source),
    ("source", Field::Source),
    ("lead source", Field::Source),
    ("тип клиента", Field::ClientType),
    ("client type", Field::ClientType),
    ("теги", Field::Tags),
    ("тег", Field::Tags),
    ("метки", Field::Tags),
    ("tags", Field::Tags),
    ("примечание", Field::Notes),
    ("примечания", Field::Notes),
    ("комментарий", Field::Notes),
    ("заметки", Field::Notes),
    ("заметка", Field::Notes),
    ("описание", Field::Notes),
    ("notes", Field::Notes),
    ("note", Field::Notes),
    ("comment", Field::Notes),
    ("description", Field::Notes),
    ("дата рождения", Field::Birthday),
    ("день рождения", Field::Birthday),
    ("birthday", Field::Birthday),
    ("date of birth", Field::Birthday),
    ("birthdate", Field::Birthday),
];

/// A header as compared: lower case, "ё" as "е", qualifiers in brackets and the "Person -"
/// prefixes of Pipedrive dropped, punctuation as spaces, spaces folded.
pub(crate) fn normalise(header: &str) -> String {
    let mut text = String::with_capacity(header.len());
    let mut depth = 0usize;
    for c in header.trim_start_matches('\u{feff}').chars().flat_map(char::to_lowercase) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            'ё' => text.push('е'),
            c if c.is_alphanumeric() => text.push(c),
            _ => text.push(' '),
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    words.join(" ")
}

/// Strips a Pipedrive-style "person"/"organization" prefix from a normalised header.
fn unprefixed(header: &str) -> &str {
    ["person ", "organization ", "contact "].iter().find_map(|p| header.strip_prefix(p)).unwrap_or(header)
}

/// The export the headers look like, if any.
pub(crate) fn detect_preset(headers: &[String]) -> Option<Preset> {
    let normal: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
    Preset::ALL
        .iter()
        .copied()
        .map(|p| (p, p.signature().iter().filter(|s| normal.iter().any(|h| h == *s)).count()))
        .filter(|(_, hits)| *hits > 0)
        .max_by_key(|(_, hits)| *hits)
        .map(|(p, _)| p)
}

/// Each header's field: the user's choice, else the preset's name, else a common name.
pub(crate) fn map_columns(
    headers: &[String],
    preset: Option<Preset>,
    chosen: &dyn Fn(usize, &str) -> Option<Field>,
) -> Vec<Field> {
    headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            if let Some(field) = chosen(i, header) {
                return field;
            }
            let normal = normalise(header);
            let find = |name: &str| {
                preset
                    .and_then(|p| p.names().iter().find(|(n, _)| *n == name))
                    .or_else(|| COMMON.iter().find(|(n, _)| *n == name))
                    .map(|(_, f)| *f)
            };
            find(&normal).or_else(|| find(unprefixed(&normal))).unwrap_or(Field::Ignore)
        })
        .collect()
}

/// A column as read: its header and the field it fills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedColumn {
    pub header: String,
    pub field: Field,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(headers: &[&str], preset: Option<Preset>) -> Vec<Field> {
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        map_columns(&headers, preset, &|_, _| None)
    }

    #[test]
    fn headers_are_normalised_before_they_are_compared() {
        let cases = [
            ("Рабочий телефон (контакт)", "рабочий телефон"),
            ("  E-mail ", "e mail"),
            ("Person - Phone - Work", "person phone work"),
            ("State/Region", "state region"),
            ("\u{feff}Ёмкость", "емкость"),
        ];
        for (header, expected) in cases {
            assert_eq!(normalise(header), expected, "{header}");
        }
    }

    #[test]
    fn common_names_in_both_languages() {
        use Field::*;
        assert_eq!(
            mapped(
                &["ФИО", "Компания", "Должность", "Телефон", "Почта", "Город", "Теги", "Примечание", "Что-то ещё"],
                None
            ),
            [Name, Company, Position, Phone, Email, City, Tags, Notes, Ignore]
        );
        assert_eq!(
            mapped(&["First Name", "Last Name", "Company", "Job Title", "Mobile Phone", "Email", "Birthday"], None),
            [FirstName, LastName, Company, Position, Phone, Email, Birthday]
        );
    }

    #[test]
    fn each_preset_is_recognised_and_maps_its_own_names() {
        use Field::*;
        let cases: [(&[&str], Preset, &[Field]); 4] = [
            (
                &[
                    "Полное имя контакта",
                    "Компания контакта",
                    "Рабочий телефон (контакт)",
                    "Рабочий email (контакт)",
                    "Ответственный",
                ],
                Preset::AmoCrm,
                &[Name, Company, Phone, Email, Ignore],
            ),
            (
                &[
                    "Имя",
                    "Фамилия",
                    "Отчество",
                    "Рабочий e-mail",
                    "Частный e-mail",
                    "Тип контакта",
                    "Сфера деятельности",
                ],
                Preset::Bitrix24,
                &[FirstName, LastName, MiddleName, Email, Email, ClientType, Industry],
            ),
            (
                &[
                    "Record ID",
                    "First Name",
                    "Last Name",
                    "Phone Number",
                    "State/Region",
                    "Contact owner",
                    "Lifecycle Stage",
                ],
                Preset::HubSpot,
                &[Ignore, FirstName, LastName, Phone, Region, Ignore, ClientType],
            ),
            (
                &[
                    "Person - Name",
                    "Person - Organization",
                    "Person - Phone - Work",
                    "Person - Email - Work",
                    "Person - Labels",
                ],
                Preset::Pipedrive,
                &[Name, Company, Phone, Email, Tags],
            ),
        ];
        for (headers, preset, fields) in cases {
            let owned: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
            assert_eq!(detect_preset(&owned), Some(preset), "{headers:?}");
            assert_eq!(mapped(headers, Some(preset)), fields, "{preset:?}");
        }
    }

    #[test]
    fn the_users_choice_wins() {
        let headers = vec!["Имя".to_owned(), "Код".to_owned()];
        let chosen = |i: usize, _: &str| (i == 1).then_some(Field::Tags);
        assert_eq!(map_columns(&headers, None, &chosen), [Field::FirstName, Field::Tags]);
    }
}
