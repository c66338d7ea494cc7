//! Clients — the people and companies a team sells to: their names, aliases and profile.

use crate::values::clean::{clean_line, clean_typed_line};
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{ClientId, TeamId, UserId};
use crate::values::newtype::{string_enum, string_newtype};
use crate::values::{
    Channel, Email, ImportantDate, Label, Meetup, Messenger, Notes, Phone, Tag, TimeZoneName, Website, Wish,
};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;
use std::str::FromStr;

/// A client's name (current or alias): trimmed, whitespace folded, no control characters,
/// at most [`ClientName::MAX_CHARS`] characters. A name typed in now ([`ClientName::parse`])
/// holds no invisible format characters either; `FromStr` (what reading a stored name and
/// naming an existing alias use) keeps to the older rule, so names stored before it still read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientName(String);

impl ClientName {
    /// Long enough for the longest Russian legal names with their legal form spelled out.
    pub const MAX_CHARS: usize = 300;

    /// A name as typed: also refuses the characters that would let it pass for another.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        clean_typed_line("name", raw, Self::MAX_CHARS).map(Self)
    }
}

impl FromStr for ClientName {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        clean_line("name", raw, Self::MAX_CHARS).map(Self)
    }
}

string_newtype!(ClientName);

string_enum! {
    /// Whether the client is a person or a company (контрагент); a company unless said.
    #[derive(Default)]
    ClientKind in "kind" {
        Person = "person",
        #[default]
        Company = "company",
    }
}

string_enum! {
    /// Why a client is also known by another name.
    AliasKind in "kind" {
        /// A name it used to have; `until` says when it changed.
        Former = "former",
        /// A Latin transliteration of a Cyrillic name.
        Latin = "latin",
        /// A Cyrillic rendering of a Latin name.
        Cyrillic = "cyrillic",
        Brand = "brand",
        Project = "project",
        /// The name of one legal entity of a group.
        LegalEntity = "legal_entity",
        /// The name of a duplicate record merged into this one.
        Duplicate = "duplicate",
    }
}

/// Another name the client is found by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Alias {
    pub kind: AliasKind,
    pub name: ClientName,
    /// For former names: the day the name changed.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// Declares the editable profile once, and derives from it the struct, the field names,
/// and the tagged values that updates and their history carry.
macro_rules! client_fields {
    ($($(#[json $json:tt])? $field:ident: $ty:ty = $variant:ident $name:literal),+ $(,)?) => {
        /// The editable profile of a client. Each field is replaced as a whole by an update.
        /// Stored compactly: fields left at their default are not written.
        #[derive(Debug, Clone, Default, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
        #[json(default, rename_all = "camelCase")]
        pub struct ClientFields {
            $(#[json(skip_serializing_if = "is_default")] pub $field: $ty,)+
        }

        /// Serialises every field of a profile, defaults included: the full shape readers
        /// of the API expect (`tags: []`, `region: null`).
        #[derive(Debug, ripen_json::ToJson)]
        #[json(rename_all = "camelCase")]
        pub struct AllFields<'a> {
            $($(#[json $json])? pub $field: &'a $ty,)+
        }

        impl ClientFields {
            pub fn all(&self) -> AllFields<'_> {
                AllFields { $($field: &self.$field,)+ }
            }
        }

        string_enum! {
            /// The name of one profile field.
            Field in "field" { $($variant = $name),+ }
        }

        /// One profile field with its value: what an update sets and history shows.
        #[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
        #[json(tag = "field", content = "value")]
        pub enum FieldValue {
            $(#[json(rename = $name)] $variant($ty),)+
        }

        impl FieldValue {
            pub fn field(&self) -> Field {
                match self {
                    $(Self::$variant(_) => Field::$variant,)+
                }
            }
        }

        impl ClientFields {
            pub fn get(&self, field: Field) -> FieldValue {
                match field {
                    $(Field::$variant => FieldValue::$variant(self.$field.clone()),)+
                }
            }

            pub fn set(&mut self, value: FieldValue) {
                match value {
                    $(FieldValue::$variant(v) => self.$field = v,)+
                }
            }
        }
    };
}

client_fields! {
    kind: ClientKind = Kind "kind",
    #[json(serialize_with = "crate::values::phone::write_shown")]
    phones: Vec<Phone> = Phones "phones",
    emails: Vec<Email> = Emails "emails",
    messengers: Vec<Messenger> = Messengers "messengers",
    website: Option<Website> = Website "website",
    preferred_channel: Option<Channel> = PreferredChannel "preferredChannel",
    inconvenient_channels: BTreeSet<Channel> = InconvenientChannels "inconvenientChannels",
    region: Option<Label> = Region "region",
    industry: Option<Label> = Industry "industry",
    client_type: Option<Label> = ClientType "clientType",
    source: Option<Label> = Source "source",
    time_zone: Option<TimeZoneName> = TimeZone "timeZone",
    tags: BTreeSet<Tag> = Tags "tags",
    notes: Option<Notes> = Notes "notes",
    dates: Vec<ImportantDate> = Dates "dates",
    wishes: Vec<Wish> = Wishes "wishes",
    meetups: Vec<Meetup> = Meetups "meetups",
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

impl ClientFields {
    /// Refuses a profile that contradicts itself: the preferred channel cannot also be an
    /// inconvenient one.
    pub fn check(&self) -> Result<(), ValidationError> {
        if let Some(preferred) = self.preferred_channel {
            if self.inconvenient_channels.contains(&preferred) {
                return Err(ValidationError::new(
                    "preferredChannel",
                    Problem::Malformed { reason: format!("{preferred} is also listed as inconvenient") },
                ));
            }
        }
        Ok(())
    }
}

/// A client as the user describes it before it exists: already parsed and valid.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct NewClient {
    pub name: ClientName,
    pub fields: ClientFields,
    pub aliases: Vec<Alias>,
    /// Who answers for the client; the user who adds it, unless said.
    pub owner: Option<UserId>,
}

impl NewClient {
    pub fn named(kind: ClientKind, name: ClientName) -> Self {
        Self { name, fields: ClientFields { kind, ..ClientFields::default() }, aliases: Vec::new(), owner: None }
    }
}

/// A client as the folded state holds it.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Client {
    pub id: ClientId,
    pub name: ClientName,
    pub aliases: Vec<Alias>,
    pub fields: ClientFields,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    /// The rep who answers for the client; changes by hand-off.
    pub owner: Option<UserId>,
    /// Removed clients stay in the state (their history, and a revert, need them) but are
    /// not listed.
    pub removed: bool,
    /// Users and teams who see the client besides its owner (a big client served from
    /// several cities).
    pub shared_with: BTreeSet<Grantee>,
}

impl Client {
    pub fn kind(&self) -> ClientKind {
        self.fields.kind
    }

    /// Every name the client is known by: the current one first.
    pub fn names(&self) -> impl Iterator<Item = &ClientName> {
        std::iter::once(&self.name).chain(self.aliases.iter().map(|a| &a.name))
    }
}

/// One field's change, with the value before it: history shows both, revert restores
/// `old`.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct FieldChange {
    pub old: FieldValue,
    pub new: FieldValue,
}

/// Whom a client is shared with: one user, or every member of a team.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub enum Grantee {
    User(UserId),
    Team(TeamId),
}

impl std::fmt::Display for Grantee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::User(user) => write!(f, "user {user}"),
            Self::Team(team) => write!(f, "team {team}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_see_a_phone_s_national_form_and_region_and_the_log_does_not() {
        use crate::values::Region;
        let phones = ["020 7946 0958", "+218 21 123 4567"].map(|p| Phone::parse(p, Region::GB).unwrap());
        let fields = ClientFields { phones: phones.to_vec(), ..ClientFields::default() };
        let shown = serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&fields.all())).unwrap();
        assert_eq!(
            shown["phones"],
            serde_json::json!([
                { "e164": "442079460958", "display": "020 7946 0958", "national": "020 7946 0958", "region": "GB" },
                { "e164": "218211234567", "display": "+218 21 123 4567", "national": null, "region": null },
            ])
        );
        let stored = serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&&fields)).unwrap();
        assert_eq!(stored["phones"][0], serde_json::json!({ "e164": "442079460958", "display": "020 7946 0958" }));
    }

    #[test]
    fn names_are_validated_at_the_edge() {
        assert_eq!(ClientName::parse("  ООО «Сибирские моторы» ").unwrap().as_str(), "ООО «Сибирские моторы»");
        assert_eq!(ClientName::parse("").unwrap_err().problem, Problem::Empty);
        assert!(ClientName::parse(&"Щ".repeat(ClientName::MAX_CHARS)).is_ok());
        assert!(matches!(
            ClientName::parse(&"Щ".repeat(ClientName::MAX_CHARS + 1)).unwrap_err().problem,
            Problem::TooLong { .. }
        ));
    }

    #[test]
    fn stored_names_are_revalidated_when_read() {
        assert!(ripen_json::from_str::<ClientName>("\"  \"").is_err());
    }

    #[test]
    fn a_typed_name_cannot_pass_for_another_but_a_stored_one_still_reads() {
        let spoof = "ООО «Ромашка»\u{202E}";
        assert_eq!(ClientName::parse(spoof).unwrap_err().problem, Problem::ControlCharacter { code: 0x202E });
        let stored: ClientName = ripen_json::from_str(&ripen_json::to_string(spoof)).unwrap();
        assert_eq!(stored.as_str(), spoof);
    }

    #[test]
    fn kinds_parse_their_own_names_only() {
        for name in ClientKind::NAMES {
            assert_eq!(name.parse::<ClientKind>().unwrap().as_str(), *name);
        }
        let error = "Company".parse::<ClientKind>().unwrap_err();
        assert_eq!(error.to_string(), "kind: \"Company\" is not one of: person, company");
    }

    #[test]
    fn every_field_round_trips_through_get_and_set() {
        let mut fields = ClientFields::default();
        for name in Field::NAMES {
            let field: Field = name.parse().unwrap();
            let value = fields.get(field);
            assert_eq!(value.field(), field);
            fields.set(value.clone());
            let json = ripen_json::to_string(&value);
            assert!(json.contains(&format!("\"field\":\"{name}\"")), "{json}");
            assert_eq!(ripen_json::from_str::<FieldValue>(&json).unwrap(), value);
        }
    }

    #[test]
    fn a_profile_cannot_prefer_an_inconvenient_channel() {
        let fields = ClientFields {
            preferred_channel: Some(Channel::Call),
            inconvenient_channels: [Channel::Call].into(),
            ..ClientFields::default()
        };
        assert_eq!(fields.check().unwrap_err().field, "preferredChannel");
    }
}
