//! Which Ripen field each column holds: found by the header's name in Russian, Ukrainian
//! or English (in any word order, numbered or not), with presets for the exports of
//! other CRMs and address books, from the values themselves in a file with no header,
//! and overridable by the user.

mod fuzzy;
mod header;
mod headerless;
mod letter;
mod names;
mod presets;

pub(crate) use header::{locate, Located};
pub(crate) use headerless::guess;
pub(crate) use letter::letter;
pub(crate) use names::normalise;
pub use presets::Preset;

use ripen_json::{FromJson, ToJson};

ripen_core::string_enum! {
    /// A field a column can fill. `Ignore`: the column is not imported.
    Field in "mapping" {
        /// The whole name: a person's, or a company's when it reads as one.
        Name = "name",
        FirstName = "firstName",
        MiddleName = "middleName",
        LastName = "lastName",
        /// The company a person works at, or the client itself in a row with no person.
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
        /// The facts of a person's company (a HubSpot or Salesforce contact carries
        /// them): given to the company, never to the person.
        CompanyPhone = "companyPhone",
        CompanyEmail = "companyEmail",
        CompanyWebsite = "companyWebsite",
        CompanyIndustry = "companyIndustry",
        Ignore = "ignore",
    }
}

/// How a column's field was found, for the page to say which were guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ToJson, FromJson)]
#[json(rename_all = "lowercase")]
pub enum MatchedBy {
    /// The user's mapping.
    User,
    /// The detected export's own name for it.
    Preset,
    /// A known name, as written.
    Name,
    /// A known name in other words: another order, numbered, with a qualifier.
    Fuzzy,
    /// A file without a header: from the column's values.
    Values,
    /// Not found: the column is not imported.
    None,
}

/// A column as read: its letter as a spreadsheet shows it ("A", "B"… "AA"), its header
/// (its letter again in a file without one: what `mapping` names it by), the field it
/// fills and how that was found.
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
pub struct MappedColumn {
    pub letter: String,
    pub header: String,
    pub field: Field,
    pub by: MatchedBy,
}

/// A normalised header with its numbers dropped, as signatures are written.
fn unnumbered(normal: &str) -> String {
    let words: Vec<&str> = normal.split(' ').filter(|w| !w.chars().all(|c| c.is_ascii_digit())).collect();
    words.join(" ")
}

/// Strips a Pipedrive-style "person"/"organization" prefix from a normalised header.
fn unprefixed(header: &str) -> &str {
    ["person ", "organization ", "contact "].iter().find_map(|p| header.strip_prefix(p)).unwrap_or(header)
}

/// The export the headers look like: the preset two or more of whose signature headers
/// the file has, the most of them winning.
pub(crate) fn detect_preset(headers: &[String]) -> Option<Preset> {
    let normal: Vec<String> = headers.iter().map(|h| unnumbered(&normalise(h))).collect();
    Preset::ALL
        .iter()
        .copied()
        .map(|p| (p, p.signature().iter().filter(|s| normal.iter().any(|h| h == *s)).count()))
        .filter(|(_, hits)| *hits >= 2)
        .max_by_key(|(_, hits)| *hits)
        .map(|(p, _)| p)
}

/// A header's field by name: the preset's own name, then a common one, as written
/// (numbers dropped, a Pipedrive prefix taken off), then in other words.
pub(crate) fn lookup(header: &str, preset: Option<Preset>) -> Option<(Field, MatchedBy)> {
    let normal = unnumbered(&normalise(header));
    let own: &[(&str, Field)] = preset.map_or(&[], |p| p.names());
    let exact = |name: &str| {
        own.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| (*f, MatchedBy::Preset))
            .or_else(|| names::COMMON.iter().find(|(n, _)| *n == name).map(|(_, f)| (*f, MatchedBy::Name)))
    };
    exact(&normal).or_else(|| exact(unprefixed(&normal))).or_else(|| {
        let (field, _) = fuzzy::closest(&normal, own)?;
        Some((field, MatchedBy::Fuzzy))
    })
}

/// Each header's field: the user's choice, else by name; a header with none is ignored.
pub(crate) fn map_columns(
    headers: &[String],
    preset: Option<Preset>,
    chosen: &dyn Fn(usize, &str) -> Option<Field>,
) -> Vec<(Field, MatchedBy)> {
    headers
        .iter()
        .enumerate()
        .map(|(i, header)| match chosen(i, header) {
            Some(field) => (field, MatchedBy::User),
            None => lookup(header, preset).unwrap_or((Field::Ignore, MatchedBy::None)),
        })
        .collect()
}

/// A key for a set of headers that stays the same however the file writes them (case,
/// punctuation, a BOM) and from one version to the next, for the page to remember the
/// user's mapping of such files by: FNV-1a over the normalised headers.
pub(crate) fn header_key(headers: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for header in headers {
        for byte in normalise(header).bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(headers: &[&str], preset: Option<Preset>) -> Vec<Field> {
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        map_columns(&headers, preset, &|_, _| None).into_iter().map(|(f, _)| f).collect()
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
        assert_eq!(
            mapped(&["Прізвище", "Ім'я", "По батькові", "Мобільний", "Електронна пошта", "Посада"], None),
            [LastName, FirstName, MiddleName, Phone, Email, Position]
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
        assert_eq!(
            map_columns(&headers, None, &chosen),
            [(Field::FirstName, MatchedBy::Name), (Field::Tags, MatchedBy::User)]
        );
    }

    #[test]
    fn the_header_key_ignores_how_headers_are_written_but_not_which_they_are() {
        let key = |headers: &[&str]| header_key(&headers.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
        assert_eq!(key(&["\u{feff}Name", "E-mail"]), key(&["name", "e mail"]));
        assert_ne!(key(&["Name", "E-mail"]), key(&["E-mail", "Name"]));
        assert_ne!(key(&["Name", "E-mail"]), key(&["Name E-mail"]));
        assert_eq!(key(&["Name", "E-mail"]).len(), 16);
    }
}
