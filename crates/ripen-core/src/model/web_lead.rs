//! Leads from the website form (docs/lead-form.md): the team's lead key, a lead as opened
//! and checked (untrusted text made into domain values), and what a device decided on its
//! arrival — a new client, or a match with one the base holds.

use crate::model::client::{ClientFields, ClientName};
use crate::model::routing::RouteReason;
use crate::model::touch::Touch;
use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{ClientId, UserId};
use crate::values::newtype::string_newtype;
use crate::values::phone::Region;
use crate::values::{Email, Label, Notes, Phone};
use std::str::FromStr;

/// A lead's id in the team's inbox: `lead:` and 26 characters of Crockford's base32, upper
/// case. Made in the visitor's browser; a retry of one submission reuses it, so it names
/// the lead wherever it is taken in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LeadId(String);

impl FromStr for LeadId {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let ok = raw.strip_prefix("lead:").is_some_and(|rest| {
            rest.len() == 26
                && rest.bytes().all(|b| b.is_ascii_digit() || (b.is_ascii_uppercase() && !b"ILOU".contains(&b)))
        });
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ValidationError::new(
                "lead",
                Problem::Malformed { reason: "a lead id is lead: and 26 characters of Crockford's base32".into() },
            ))
        }
    }
}

string_newtype!(LeadId);

/// The team's lead key: an ECDH P-256 pair as JWK coordinates (base64url without padding,
/// 43 characters each: 32 bytes). Visitors' pages seal leads to its public half; every
/// device of the team holds the private half through the log.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(try_from = "Jwk", into = "Jwk")]
pub struct LeadKey {
    x: String,
    y: String,
    d: String,
}

/// A JWK as the log and WebCrypto write it.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub y: String,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
}

impl LeadKey {
    /// The public half, as `<ripen-lead-form team-key=…>` takes it.
    pub fn public(&self) -> Jwk {
        Jwk { kty: "EC".into(), crv: "P-256".into(), x: self.x.clone(), y: self.y.clone(), d: None }
    }

    /// The whole pair, as WebCrypto imports it to open leads.
    pub fn private(&self) -> Jwk {
        Jwk { d: Some(self.d.clone()), ..self.public() }
    }
}

fn coordinate(field: &str, text: &str) -> Result<String, ValidationError> {
    let ok = text.len() == 43 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(text.to_owned())
    } else {
        Err(ValidationError::new(
            field,
            Problem::Malformed { reason: "a P-256 coordinate is 43 characters of base64url".into() },
        ))
    }
}

impl TryFrom<Jwk> for LeadKey {
    type Error = ValidationError;
    fn try_from(jwk: Jwk) -> Result<Self, Self::Error> {
        let shape =
            |field: &str, reason: &str| ValidationError::new(field, Problem::Malformed { reason: reason.into() });
        if jwk.kty != "EC" {
            return Err(shape("kty", "a lead key is an EC key"));
        }
        if jwk.crv != "P-256" {
            return Err(shape("crv", "a lead key is on the curve P-256"));
        }
        let d = jwk.d.as_deref().ok_or_else(|| shape("d", "the team's lead key has its private part"))?;
        Ok(Self { x: coordinate("x", &jwk.x)?, y: coordinate("y", &jwk.y)?, d: coordinate("d", d)? })
    }
}

impl From<LeadKey> for Jwk {
    fn from(key: LeadKey) -> Self {
        key.private()
    }
}

/// The consent the visitor gave with the lead, as the form wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Default, ripen_json::ToJson, ripen_json::FromJson)]
pub struct LeadConsent {
    /// To be contacted about this request (the form requires it).
    pub contact: bool,
    pub marketing: bool,
    /// The wording the visitor agreed to.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// When, by the visitor's clock (ISO 8601, as sent).
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// A lead as opened and checked: text cleaned as typed names are, the phone and e-mail as
/// the visitor wrote them (the parsed ones go to the client). Nothing in it is trusted:
/// the visitor's clock, the page and every word are the visitor's.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct WebLead {
    pub id: LeadId,
    pub name: ClientName,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[json(default)]
    pub consent: LeadConsent,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub fill_ms: Option<u64>,
}

/// The plaintext of a sealed lead, as the form writes it (docs/lead-form.md).
#[derive(Debug, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
struct Plaintext {
    v: u32,
    #[json(default)]
    name: String,
    #[json(default)]
    phone: String,
    #[json(default)]
    email: String,
    #[json(default)]
    question: String,
    #[json(default)]
    consent: Option<RawConsent>,
    #[json(default)]
    page: String,
    #[json(default)]
    lang: String,
    #[json(default)]
    submitted_at: String,
    #[json(default)]
    fill_ms: Option<u64>,
}

#[derive(Debug, ripen_json::FromJson)]
struct RawConsent {
    #[json(default)]
    contact: bool,
    #[json(default)]
    marketing: bool,
    #[json(default)]
    text: String,
    #[json(default)]
    at: String,
}

/// Why a lead from the inbox was not taken in. The codes are what `inboxStatus()` lists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LeadRefusal {
    /// The inbox document is not a sealed lead of the known shape.
    #[error("not a sealed lead: {0}")]
    Shape(String),
    /// It does not open with any of the team's keys (changed, another team's, forged).
    #[error("does not open with the team's keys")]
    Sealed,
    /// It opened, but what is inside is not a lead.
    #[error("malformed: {0}")]
    Malformed(String),
    /// Neither a phone nor an e-mail to answer it by.
    #[error("no phone or e-mail")]
    NoContact,
    /// A second revision of a lead id (only someone holding the drop password makes one).
    #[error("changed after it was delivered")]
    Tampered,
}

impl LeadRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Shape(_) => "shape",
            Self::Sealed => "sealed",
            Self::Malformed(_) => "malformed",
            Self::NoContact => "no_contact",
            Self::Tampered => "tampered",
        }
    }
}

/// The largest opened lead: what the form seals at most.
pub const MAX_PLAINTEXT_BYTES: usize = 12_288;
const MAX_QUESTION: usize = 4_000;

/// Trims and checks one multi-line text (the question, the consent's wording): newlines
/// and tabs kept, other controls and invisible format characters refused, a cap in
/// characters. Empty is `None`.
fn text(field: &str, raw: &str, max: usize) -> Result<Option<String>, ValidationError> {
    let trimmed = raw.trim().replace("\r\n", "\n");
    if trimmed.is_empty() {
        return Ok(None);
    }
    if let Some(c) = trimmed.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
        return Err(ValidationError::new(field, Problem::ControlCharacter { code: c as u32 }));
    }
    crate::values::clean::refuse_invisible(field, &trimmed)?;
    let chars = trimmed.chars().count();
    if chars > max {
        return Err(ValidationError::new(field, Problem::TooLong { max, actual: chars }));
    }
    Ok(Some(trimmed))
}

fn line(field: &str, raw: &str, max: usize) -> Result<Option<String>, ValidationError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let cleaned = clean_line(field, raw, max)?;
    crate::values::clean::refuse_invisible(field, &cleaned)?;
    Ok(Some(cleaned).filter(|s| !s.is_empty()))
}

/// An ISO 8601 time as the form writes it, or nothing.
fn instant(field: &str, raw: &str) -> Result<Option<String>, ValidationError> {
    if raw.is_empty() {
        return Ok(None);
    }
    match chrono::DateTime::parse_from_rfc3339(raw) {
        Ok(at) => Ok(Some(crate::values::instant::iso(&at.with_timezone(&chrono::Utc)))),
        Err(_) => Err(ValidationError::new(field, Problem::Malformed { reason: "not an ISO 8601 time".into() })),
    }
}

impl WebLead {
    /// Reads an opened lead's plaintext: JSON of the form's shape, every text cleaned and
    /// capped. A lead with neither a phone nor an e-mail is refused.
    pub fn read(id: LeadId, plaintext: &str) -> Result<Self, LeadRefusal> {
        if plaintext.len() > MAX_PLAINTEXT_BYTES {
            return Err(LeadRefusal::Malformed(format!("{} bytes, over {MAX_PLAINTEXT_BYTES}", plaintext.len())));
        }
        let raw: Plaintext = ripen_json::from_str(plaintext).map_err(|e| LeadRefusal::Malformed(e.to_string()))?;
        if raw.v != 1 {
            return Err(LeadRefusal::Malformed(format!("version {}", raw.v)));
        }
        let bad = |e: ValidationError| LeadRefusal::Malformed(e.to_string());
        let name = ClientName::parse(&raw.name).map_err(bad)?;
        let phone = line("phone", &raw.phone, 40).map_err(bad)?;
        let email = line("email", &raw.email, 254).map_err(bad)?;
        if phone.is_none() && email.is_none() {
            return Err(LeadRefusal::NoContact);
        }
        let consent = match raw.consent {
            Some(c) => LeadConsent {
                contact: c.contact,
                marketing: c.marketing,
                text: text("consent.text", &c.text, 2_000).map_err(bad)?,
                at: instant("consent.at", &c.at).map_err(bad)?,
            },
            None => LeadConsent::default(),
        };
        let lang = line("lang", &raw.lang, 35).map_err(bad)?;
        Ok(Self {
            id,
            name,
            phone,
            email,
            question: text("question", &raw.question, MAX_QUESTION).map_err(bad)?,
            consent,
            page: line("page", &raw.page, 2_000).map_err(bad)?,
            lang,
            submitted_at: instant("submittedAt", &raw.submitted_at).map_err(bad)?,
            fill_ms: raw.fill_ms,
        })
    }

    /// The new client's profile: the phone and e-mail that read (`source: web`), and in
    /// the notes the question and whatever did not read, as text. A lead with no phone or
    /// e-mail that reads (only such text) is still a client, reached through its notes.
    pub fn client_fields(&self) -> ClientFields {
        let mut fields = ClientFields { source: Label::from_str("web").ok(), ..ClientFields::default() };
        let mut notes = Vec::new();
        if let Some(question) = &self.question {
            notes.push(question.clone());
        }
        if let Some(raw) = &self.phone {
            match Phone::read(raw, Region::RU) {
                Ok(phone) => fields.phones.push(phone),
                Err(_) => notes.push(format!("phone: {raw}")),
            }
        }
        if let Some(raw) = &self.email {
            match raw.parse::<Email>() {
                Ok(email) => fields.emails.push(email),
                Err(_) => notes.push(format!("e-mail: {raw}")),
            }
        }
        fields.notes = Notes::from_str(&notes.join("\n\n")).ok();
        fields
    }
}

/// What the device that took a lead in decided.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(tag = "as", rename_all = "snake_case")]
pub enum LeadOutcome {
    /// A new client, minted from the event's id, routed as `addClient` routes: `owner`
    /// is the routing's choice (`routed` says why), or whoever took the lead in when no
    /// routing is set up.
    Added {
        client: ClientId,
        #[json(default)]
        fields: Box<ClientFields>,
        #[json(default, skip_serializing_if = "Option::is_none")]
        owner: Option<UserId>,
        #[json(default, skip_serializing_if = "Option::is_none")]
        routed: Option<Box<RouteReason>>,
    },
    /// The base holds the client already (the same phone or e-mail): the request is an
    /// inbound touch on it, done when the lead arrived, the question its summary.
    Matched { touch: Box<Touch> },
}

impl LeadOutcome {
    pub fn client(&self) -> &ClientId {
        match self {
            Self::Added { client, .. } => client,
            Self::Matched { touch } => &touch.client,
        }
    }
}

/// A lead the fold took in: the event that won it, and the client it went to.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct TakenLead {
    pub event: crate::values::ids::EventId,
    pub client: ClientId,
    /// It matched a client the base held (an inbound touch), rather than adding one.
    #[json(default, skip_serializing_if = "std::ops::Not::not")]
    pub matched: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "lead:7M1Q3KX9B0C4D5E6F7G8H9J0KM";

    fn read(json: &str) -> Result<WebLead, LeadRefusal> {
        WebLead::read(ID.parse().unwrap(), json)
    }

    #[test]
    fn lead_ids_are_the_forms_shape_only() {
        assert!(ID.parse::<LeadId>().is_ok());
        for bad in [
            "lead:7M1Q3KX9B0C4D5E6F7G8H9J0K",
            "lead:7M1Q3KX9B0C4D5E6F7G8H9J0KI",
            "Lead:7M1Q3KX9B0C4D5E6F7G8H9J0KM",
            "x",
        ] {
            assert!(bad.parse::<LeadId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_lead_key_is_an_ec_p256_pair_of_the_right_lengths() {
        let c = "A".repeat(43);
        let jwk = |kty: &str, crv: &str, x: &str, d: Option<&str>| {
            format!(
                r#"{{"kty":"{kty}","crv":"{crv}","x":"{x}","y":"{c}"{}}}"#,
                d.map(|d| format!(r#","d":"{d}""#)).unwrap_or_default()
            )
        };
        let good = jwk("EC", "P-256", &c, Some(&c));
        let key: LeadKey = ripen_json::from_str(&good).unwrap();
        assert_eq!(ripen_json::to_string(&key), good);
        assert_eq!(key.public().d, None);
        for bad in [
            jwk("RSA", "P-256", &c, Some(&c)),
            jwk("EC", "P-384", &c, Some(&c)),
            jwk("EC", "P-256", &c[1..], Some(&c)),
            jwk("EC", "P-256", &format!("{}=", &c[1..]), Some(&c)),
            jwk("EC", "P-256", &c, None),
        ] {
            assert!(ripen_json::from_str::<LeadKey>(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_opened_lead_is_cleaned_capped_and_needs_a_contact() {
        let lead = read(
            r#"{"v":1,"name":"  <b>Анна</b>\n Петрова ","phone":"+7 913 555-01-02","email":"","question":"<script>alert(1)</script>\nЦена?",
               "consent":{"contact":true,"marketing":false,"text":"Согласна","at":"2026-12-07T09:20:31.512Z"},
               "page":"https://acme.example/contacts","lang":"ru","submittedAt":"2026-12-07T09:20:31.512Z","fillMs":14210,"extra":1}"#,
        )
        .unwrap();
        assert_eq!(lead.name.as_str(), "<b>Анна</b> Петрова");
        assert_eq!(lead.email, None);
        assert_eq!(lead.question.as_deref(), Some("<script>alert(1)</script>\nЦена?"));
        assert!(lead.consent.contact && !lead.consent.marketing);
        let fields = lead.client_fields();
        assert_eq!(fields.phones[0].e164(), "79135550102");
        assert_eq!(fields.source.as_ref().map(Label::as_str), Some("web"));
        let cases: [(&str, &str); 7] = [
            (r#"{"v":1,"name":"A","phone":"","email":""}"#, "no_contact"),
            (r#"{"v":2,"name":"A","phone":"+79135550102"}"#, "malformed"),
            (r#"{"v":1,"name":"","phone":"+79135550102"}"#, "malformed"),
            (r#"{"v":1,"name":"A\u0007","phone":"+79135550102"}"#, "malformed"),
            (r#"{"v":1,"name":"A\u202Enimda","phone":"+79135550102"}"#, "malformed"),
            (r#"not json"#, "malformed"),
            (r#"{"v":1,"name":"A","phone":"+79135550102","submittedAt":"yesterday"}"#, "malformed"),
        ];
        for (json, code) in cases {
            assert_eq!(read(json).unwrap_err().code(), code, "{json}");
        }
        let long = format!(r#"{{"v":1,"name":"A","email":"a@b.example","question":"{}"}}"#, "й".repeat(4_001));
        assert_eq!(read(&long).unwrap_err().code(), "malformed");
        assert_eq!(read(&format!(r#"{{"v":1,"name":"{}"}}"#, "a".repeat(13_000))).unwrap_err().code(), "malformed");
    }

    #[test]
    fn what_does_not_read_as_a_phone_or_an_email_is_kept_as_text_in_the_notes() {
        let lead =
            read(r#"{"v":1,"name":"A","phone":"1-800-FLOWERS","email":"not an address","question":"Hi"}"#).unwrap();
        let fields = lead.client_fields();
        assert!(fields.phones.is_empty() && fields.emails.is_empty());
        assert_eq!(fields.notes.unwrap().as_str(), "Hi\n\nphone: 1-800-FLOWERS\n\ne-mail: not an address");
    }
}
