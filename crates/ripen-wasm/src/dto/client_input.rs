//! What JS sends to create and change clients, converted field by field into domain values
//! with errors that name the field (`phones[1]`, `dates[0].day`).

use super::when::calendar_date;
use crate::boundary::caps;
use crate::boundary::problem::list_length;
use crate::error::FacadeError;
use ripen_core::error::Problem;
use ripen_core::values::{
    sort, Email, ImportantDate, Label, Meetup, Messenger, Notes, Phone, Region, Tag, Website, Wish,
};
use ripen_core::{Alias, AliasKind, ClientFields, ClientName, FieldValue, NewClient, ValidationError};
use ripen_json::FromJson;

/// Distinguishes "absent" (leave as is) from `null` (clear) in a patch.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct MessengerInput {
    pub network: String,
    pub handle: String,
}

#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct DateInput {
    pub kind: String,
    pub label: Option<String>,
    pub month: u32,
    pub day: u32,
    pub year: Option<i32>,
}

#[derive(Debug, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct WishInput {
    pub text: String,
    pub noted_on: String,
}

#[derive(Debug, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct MeetupInput {
    pub title: String,
    pub place: Option<String>,
    pub starts_on: String,
    pub ends_on: Option<String>,
}

/// A client as JS sends it: to `addClient` (a name required) or to `updateClient` (every
/// field optional; `null` clears; the name and aliases have their own calls there).
/// Unknown fields are refused rather than dropped, so a caller never believes something
/// was saved that was not.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClientInput {
    pub name: Option<String>,
    pub aliases: Option<Vec<AliasInput>>,
    /// Where phones typed without their country code are read: the CRM's default.
    #[json(skip)]
    pub phone_region: Region,
    /// For `addClient`: who answers for the client. Left out, routing decides (or, with
    /// no routing set up, whoever adds it).
    pub owner: Option<String>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub kind: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub phones: Option<Option<Vec<String>>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub emails: Option<Option<Vec<String>>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub messengers: Option<Option<Vec<MessengerInput>>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub website: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub preferred_channel: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub inconvenient_channels: Option<Option<Vec<String>>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub region: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub industry: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub client_type: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub source: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub time_zone: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub tags: Option<Option<Vec<String>>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub notes: Option<Option<String>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub dates: Option<Option<Vec<DateInput>>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub wishes: Option<Option<Vec<WishInput>>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub meetups: Option<Option<Vec<MeetupInput>>>,
}

/// A list of at most `max` items, each parsed; an error names its item (`phones[1]`).
fn list<T, U, E: Into<FacadeError>>(
    field: &str,
    items: Option<Vec<T>>,
    max: usize,
    parse: impl Fn(T) -> Result<U, E>,
) -> Result<Vec<U>, FacadeError> {
    let items = items.unwrap_or_default();
    list_length(field, items.len(), max)?;
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| parse(item).map_err(|e| e.into().within(&format!("{field}[{i}]"))))
        .collect()
}

fn optional<T>(
    field: &str,
    value: Option<String>,
    parse: impl Fn(&str) -> Result<T, ValidationError>,
) -> Result<Option<T>, ValidationError> {
    value.filter(|v| !v.trim().is_empty()).map(|v| parse(&v).map_err(|e| e.within(field))).transpose()
}

fn label(raw: &str) -> Result<Label, ValidationError> {
    raw.parse::<Label>()
}

/// Re-roots a value's own field name (`phone`, `email`) onto the input's path.
fn rooted(error: ValidationError) -> ValidationError {
    ValidationError::new("", error.problem)
}

impl ClientInput {
    /// This input, its phones read in `region`.
    #[must_use]
    pub fn in_region(mut self, region: Region) -> Self {
        self.phone_region = region;
        self
    }

    /// The profile fields an `updateClient` patch sets.
    pub fn into_patch(self) -> Result<Vec<FieldValue>, FacadeError> {
        if self.name.is_some() {
            return Err(ValidationError::new(
                "name",
                Problem::Malformed { reason: "use rename() to change the name, so the old one stays findable".into() },
            )
            .into());
        }
        if self.aliases.is_some() {
            return Err(ValidationError::new(
                "aliases",
                Problem::Malformed { reason: "use addAlias() and removeAlias() to change aliases".into() },
            )
            .into());
        }
        if self.owner.is_some() {
            return Err(ValidationError::new(
                "owner",
                Problem::Malformed {
                    reason: "use handOff() or route() to change the owner, so the history says why".into(),
                },
            )
            .into());
        }
        self.into_values()
    }

    /// The profile fields this input sets, in a fixed order.
    fn into_values(self) -> Result<Vec<FieldValue>, FacadeError> {
        let mut values = Vec::new();
        if let Some(kind) = self.kind {
            values.push(FieldValue::Kind(kind.as_deref().unwrap_or("company").parse()?));
        }
        if let Some(phones) = self.phones {
            values.push(FieldValue::Phones(list("phones", phones, caps::PHONES, |p| {
                Phone::parse(&p, self.phone_region).map_err(rooted)
            })?));
        }
        if let Some(emails) = self.emails {
            values.push(FieldValue::Emails(list("emails", emails, caps::EMAILS, |e| {
                e.parse::<Email>().map_err(rooted)
            })?));
        }
        if let Some(messengers) = self.messengers {
            values.push(FieldValue::Messengers(list("messengers", messengers, caps::MESSENGERS, |m| {
                Messenger::parse(&m.network, &m.handle)
            })?));
        }
        if let Some(website) = self.website {
            values.push(FieldValue::Website(optional("website", website, |w| w.parse::<Website>())?));
        }
        if let Some(channel) = self.preferred_channel {
            values.push(FieldValue::PreferredChannel(optional("preferredChannel", channel, |c| {
                c.parse().map_err(rooted)
            })?));
        }
        if let Some(channels) = self.inconvenient_channels {
            let parsed = list("inconvenientChannels", channels, caps::CHANNELS, |c| c.parse().map_err(rooted))?;
            values.push(FieldValue::InconvenientChannels(sort::set_of(parsed)));
        }
        if let Some(region) = self.region {
            values.push(FieldValue::Region(optional("region", region, label)?));
        }
        if let Some(industry) = self.industry {
            values.push(FieldValue::Industry(optional("industry", industry, label)?));
        }
        if let Some(client_type) = self.client_type {
            values.push(FieldValue::ClientType(optional("clientType", client_type, label)?));
        }
        if let Some(source) = self.source {
            values.push(FieldValue::Source(optional("source", source, label)?));
        }
        if let Some(zone) = self.time_zone {
            values.push(FieldValue::TimeZone(optional("timeZone", zone, |z| z.parse().map_err(rooted))?));
        }
        if let Some(tags) = self.tags {
            values.push(FieldValue::Tags(sort::set_of(list("tags", tags, caps::TAGS, |t| t.parse::<Tag>())?)));
        }
        if let Some(notes) = self.notes {
            values.push(FieldValue::Notes(optional("notes", notes, |n| n.parse::<Notes>())?));
        }
        if let Some(dates) = self.dates {
            values.push(FieldValue::Dates(list("dates", dates, caps::DATES, |d| {
                ImportantDate::parse(&d.kind, d.label.as_deref(), d.month, d.day, d.year)
            })?));
        }
        if let Some(wishes) = self.wishes {
            values.push(FieldValue::Wishes(list("wishes", wishes, caps::WISHES, |w| {
                Ok::<_, FacadeError>(Wish::parse(&w.text, calendar_date("notedOn", &w.noted_on)?)?)
            })?));
        }
        if let Some(meetups) = self.meetups {
            values.push(FieldValue::Meetups(list("meetups", meetups, caps::MEETUPS, |m| {
                let starts = calendar_date("startsOn", &m.starts_on)?;
                let ends = m.ends_on.as_deref().map(|e| calendar_date("endsOn", e)).transpose()?;
                Ok::<_, FacadeError>(Meetup::parse(&m.title, m.place.as_deref(), starts, ends)?)
            })?));
        }
        Ok(values)
    }
}

/// `{ name, kind, until? }`: an alias to add.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct AliasInput {
    pub name: String,
    pub kind: String,
    pub until: Option<String>,
}

impl TryFrom<AliasInput> for Alias {
    type Error = FacadeError;
    fn try_from(input: AliasInput) -> Result<Self, Self::Error> {
        let kind: AliasKind = input.kind.parse()?;
        let until = input.until.as_deref().map(|u| calendar_date("until", u)).transpose()?;
        if until.is_some() && kind != AliasKind::Former {
            return Err(ValidationError::new(
                "until",
                Problem::Malformed { reason: "only former names have an end date".into() },
            )
            .into());
        }
        Ok(Alias { kind, name: ClientName::parse(&input.name)?, until })
    }
}

/// `{ name, kind }`: which alias to remove.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct AliasRef {
    pub name: String,
    pub kind: String,
}

/// `{ name, since? }` for `rename`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct RenameInput {
    pub name: String,
    pub since: Option<String>,
}

impl RenameInput {
    pub fn parse(self) -> Result<(ClientName, Option<chrono::NaiveDate>), FacadeError> {
        Ok((ClientName::parse(&self.name)?, self.since.as_deref().map(|s| calendar_date("since", s)).transpose()?))
    }
}

/// `{ force? }` for `revert`.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct RevertOptions {
    #[json(default)]
    pub force: bool,
}

impl TryFrom<ClientInput> for NewClient {
    type Error = FacadeError;
    fn try_from(mut input: ClientInput) -> Result<Self, Self::Error> {
        let name = ClientName::parse(input.name.as_deref().unwrap_or_default())?;
        let aliases = list("aliases", input.aliases.take(), caps::ALIASES, Alias::try_from)?;
        let owner = input.owner.take().map(|o| o.parse::<ripen_core::UserId>()).transpose()?;
        let mut fields = ClientFields::default();
        for value in input.into_values()? {
            fields.set(value);
        }
        Ok(NewClient { name, fields, aliases, owner })
    }
}

impl ClientInput {
    /// A client being typed, for `findDuplicates`: the name may not be there yet.
    pub fn into_draft(mut self) -> Result<(Option<ClientName>, ClientFields), FacadeError> {
        let name = self.name.take().filter(|n| !n.trim().is_empty()).map(|n| ClientName::parse(&n)).transpose()?;
        self.aliases = None;
        self.owner = None;
        let mut fields = ClientFields::default();
        for value in self.into_values()? {
            fields.set(value);
        }
        Ok((name, fields))
    }
}

/// Converts a batch, naming the position of the first bad entry (`clients[3].name`).
pub fn new_clients(inputs: Vec<ClientInput>, region: Region) -> Result<Vec<NewClient>, FacadeError> {
    list("clients", Some(inputs), caps::BATCH_ITEMS, |input| NewClient::try_from(input.in_region(region)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(json: &str) -> Result<NewClient, String> {
        let input: ClientInput = ripen_json::from_str(json).map_err(|e| format!("shape: {e}"))?;
        NewClient::try_from(input).map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_client_converts() {
        let new = client(
            r#"{"name":"ООО «Сибирские моторы»","kind":"company","phones":["8 383 200-00-00"],
                "emails":["Info@SibMotors.ru"],"messengers":[{"network":"telegram","handle":"@sibmotors"}],
                "website":"sibmotors.ru","preferredChannel":"email","inconvenientChannels":["call"],
                "region":"Сибирь","industry":"machinery","clientType":"holding","source":"выставка",
                "timeZone":"Asia/Novosibirsk","tags":["vip","vip","завод"],"notes":"Открывают новый завод.",
                "dates":[{"kind":"company_anniversary","month":3,"day":1,"year":1957}],
                "wishes":[{"text":"Хотели линию покраски","notedOn":"2026-05-14"}],
                "meetups":[{"title":"Иннопром","place":"Екатеринбург","startsOn":"2026-07-07","endsOn":"2026-07-10"}],
                "aliases":[{"name":"Sibirskie Motory","kind":"latin"}]}"#,
        )
        .unwrap();
        assert_eq!(new.fields.phones[0].e164(), "73832000000");
        assert_eq!(new.fields.emails[0].as_str(), "Info@sibmotors.ru");
        assert_eq!(new.fields.tags.len(), 2, "tags are a set");
        assert_eq!(new.fields.time_zone.as_ref().unwrap().as_str(), "Asia/Novosibirsk");
        assert_eq!(new.aliases[0].kind, AliasKind::Latin);
    }

    #[test]
    fn every_bad_field_is_named() {
        let cases: &[(&str, &str)] = &[
            (r#"{"name":"  "}"#, "name: must not be empty"),
            (r#"{}"#, "name: must not be empty"),
            (r#"{"name":"A","kind":"lead"}"#, "kind:"),
            (r#"{"name":"A","phones":["+7 913 123-45-67","12"]}"#, "phones[1]: is malformed: too short"),
            (r#"{"name":"A","emails":["anna@"]}"#, "emails[0]: is malformed"),
            (r#"{"name":"A","timeZone":"Moscow"}"#, "timeZone: is malformed"),
            (r#"{"name":"A","preferredChannel":"pigeon"}"#, "preferredChannel: \"pigeon\" is not one of"),
            (r#"{"name":"A","website":"not a site"}"#, "website: is malformed"),
            (r#"{"name":"A","region":"x\u0007"}"#, "region: contains the control character"),
            (r#"{"name":"A","dates":[{"kind":"birthday","month":2,"day":30}]}"#, "dates[0].day: is malformed"),
            (r#"{"name":"A","wishes":[{"text":"X","notedOn":"14.05.2026"}]}"#, "wishes[0].notedOn: is malformed"),
            (
                r#"{"name":"A","meetups":[{"title":"X","startsOn":"2026-07-10","endsOn":"2026-07-07"}]}"#,
                "meetups[0].endsOn",
            ),
            (r#"{"name":"A","aliases":[{"name":"B","kind":"brand","until":"2024-01-01"}]}"#, "aliases[0].until"),
            (r#"{"name":"A","notes":"x"}"#, ""),
            (r#"{"name":"A","phones":["1"],"unknown":1}"#, "shape: unknown field `unknown`"),
        ];
        for (json, expected) in cases {
            match client(json) {
                Ok(_) if expected.is_empty() => {}
                Ok(new) => panic!("{json}: accepted as {new:?}, expected {expected}"),
                Err(error) => assert!(
                    !expected.is_empty() && error.contains(expected),
                    "{json}: got {error:?}, expected {expected:?}"
                ),
            }
        }
    }

    #[test]
    fn a_patch_distinguishes_absent_from_null() {
        let patch: ClientInput = ripen_json::from_str(r#"{"region":null,"tags":["a"]}"#).unwrap();
        let values = patch.into_patch().unwrap();
        assert_eq!(values, vec![FieldValue::Region(None), FieldValue::Tags(["a".parse().unwrap()].into())]);
        let empty: ClientInput = ripen_json::from_str("{}").unwrap();
        assert!(empty.into_patch().unwrap().is_empty());
        let renaming: ClientInput = ripen_json::from_str(r#"{"name":"B"}"#).unwrap();
        assert_eq!(renaming.into_patch().unwrap_err().field(), Some("name"));
    }

    #[test]
    fn batches_point_at_the_bad_entry() {
        let inputs: Vec<ClientInput> = ripen_json::from_str(r#"[{"name":"A"},{"name":""}]"#).unwrap();
        assert_eq!(new_clients(inputs, Region::RU).unwrap_err().field(), Some("clients[1].name"));
    }

    #[test]
    fn lists_and_years_have_caps() {
        let phones: Vec<String> = (0..=caps::PHONES).map(|i| format!("+7 913 000-00-{i:02}")).collect();
        // (input, the field at fault, its problem)
        let cases = [
            (serde_json::json!({ "name": "A", "phones": phones }), "phones", "too_many"),
            (serde_json::json!({ "name": "A", "tags": vec!["t"; caps::TAGS + 1] }), "tags", "too_many"),
            (
                serde_json::json!({ "name": "A", "wishes": [{ "text": "x", "notedOn": "0000-01-01" }] }),
                "wishes[0].notedOn",
                "out_of_range",
            ),
            (
                serde_json::json!({ "name": "A", "meetups": [{ "title": "x", "startsOn": "+10000-01-01" }] }),
                "meetups[0].startsOn",
                "out_of_range",
            ),
            (
                serde_json::json!({ "name": "A", "dates": [{ "kind": "birthday", "month": 1, "day": 2, "year": 0 }] }),
                "dates[0].year",
                "malformed",
            ),
            (serde_json::json!({ "name": "A\u{202E}" }), "name", "control_character"),
            (
                serde_json::json!({ "name": "A", "aliases": [{ "name": "B\u{2066}", "kind": "brand" }] }),
                "aliases[0].name",
                "control_character",
            ),
        ];
        for (json, field, problem) in cases {
            let input: ClientInput = ripen_json::from_str(&(json.clone()).to_string()).unwrap();
            let error = NewClient::try_from(input).unwrap_err();
            assert_eq!((error.field(), error.problem()), (Some(field), Some(problem)), "{json}");
        }
    }
}
