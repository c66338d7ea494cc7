//! Trade shows at the boundary: a show, a lead captured or qualified, a consent and the
//! dashboard's options as JS sends them, and the show, lead and consent as JS reads them.

use super::client_input::ClientInput;
use super::views::iso;
use super::when::{calendar_date, instant};
use crate::boundary::caps;
use crate::boundary::problem::list_length;
use crate::error::FacadeError;
use ripen_core::command::LeadCapture;
use ripen_core::error::Problem;
use ripen_core::lead::{Consent, ConsentEntry, Lead, Rating, RawAnswer};
use ripen_core::show::{Question, QuestionKind, Show, ShowDraft};
use ripen_core::values::{Label, Region};
use ripen_core::{NewClient, ShowId, ValidationError};
use ripen_json::{FromJson, Json, ToJson};
use std::collections::BTreeMap;

fn within(field: &str) -> impl Fn(ValidationError) -> ValidationError + '_ {
    move |e| if e.field.is_empty() { ValidationError::new(field, e.problem) } else { e.within(field) }
}

/// One question of a show, as JS writes it.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct QuestionInput {
    pub id: String,
    pub text: String,
    /// `"choices"`, `"yes_no"` or `"text"`.
    pub kind: String,
    #[json(default)]
    pub options: Vec<String>,
}

impl QuestionInput {
    fn question(self, at: &str) -> Result<Question, FacadeError> {
        let inside = |e: ValidationError| e.within(at);
        list_length(&format!("{at}.options"), self.options.len(), caps::NESTED_ITEMS)?;
        let options = self
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| o.parse::<Label>().map_err(within(&format!("{at}.options[{i}]"))))
            .collect::<Result<_, _>>()?;
        Ok(Question {
            id: self.id.parse().map_err(|e: ValidationError| ValidationError::new(format!("{at}.id"), e.problem))?,
            text: self.text.parse().map_err(inside)?,
            kind: self.kind.parse::<QuestionKind>().map_err(inside)?,
            options,
        })
    }
}

/// `saveShow(show)`: a new show without `id`, a change to one with it.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct ShowInput {
    pub id: Option<String>,
    pub name: String,
    pub starts: String,
    pub ends: String,
    pub place: Option<String>,
    pub stand: Option<String>,
    pub time_zone: Option<String>,
    #[json(default)]
    pub team: Vec<String>,
    pub pipeline: String,
    pub stage: String,
    /// Absent: the default questions (interest, budget, timeframe, role, a note).
    pub questions: Option<Vec<QuestionInput>>,
}

impl ShowInput {
    pub fn draft(self) -> Result<(Option<ShowId>, ShowDraft), FacadeError> {
        let label = |field: &str, raw: Option<String>| -> Result<Option<Label>, ValidationError> {
            raw.map(|r| r.parse().map_err(within(field))).transpose()
        };
        list_length("team", self.team.len(), caps::NESTED_ITEMS)?;
        let questions = match self.questions {
            Some(questions) => {
                list_length("questions", questions.len(), Show::MAX_QUESTIONS)?;
                let read = questions.into_iter().enumerate().map(|(i, q)| q.question(&format!("questions[{i}]")));
                Some(read.collect::<Result<Vec<_>, _>>()?)
            }
            None => None,
        };
        let draft = ShowDraft {
            name: self.name.parse()?,
            starts: calendar_date("starts", &self.starts)?,
            ends: calendar_date("ends", &self.ends)?,
            place: label("place", self.place)?,
            stand: label("stand", self.stand)?,
            time_zone: self.time_zone.map(|z| super::parse_id("timeZone", &z)).transpose()?,
            team: self.team.iter().map(|u| super::parse_id("team", u)).collect::<Result<_, _>>()?,
            pipeline: super::parse_id("pipeline", &self.pipeline)?,
            stage: super::parse_id("stage", &self.stage)?,
            questions,
        };
        Ok((self.id.map(|id| super::parse_id("id", &id)).transpose()?, draft))
    }
}

/// Answers as the engine reads them against a show's questions.
pub type RawAnswers = Vec<(String, RawAnswer)>;

/// Answers by question: a text (a choice's option, or typed), `true` / `false` for a yes
/// or no question, `null` to take one back.
fn answers(raw: BTreeMap<String, Json>) -> Result<RawAnswers, FacadeError> {
    list_length("answers", raw.len(), caps::NESTED_ITEMS)?;
    raw.into_iter()
        .map(|(id, value)| {
            let answer = match value {
                Json::String(text) => RawAnswer::Text(text),
                Json::Bool(yes) => RawAnswer::YesNo(yes),
                Json::Null => RawAnswer::Clear,
                _ => {
                    let problem = Problem::Malformed { reason: "a text, true or false, or null".into() };
                    return Err(ValidationError::new(format!("answers.{id}"), problem).into());
                }
            };
            Ok((id, answer))
        })
        .collect()
}

fn rating(raw: Option<String>) -> Result<Option<Rating>, FacadeError> {
    Ok(raw.map(|r| r.parse::<Rating>()).transpose()?)
}

/// The consent asked at the stand, or recorded later.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct ConsentInput {
    pub contact: bool,
    pub marketing: bool,
    /// Where it was given: "stand" (the default at a capture), "web form", "import",
    /// "call", or the team's own word.
    pub source: Option<String>,
    /// When it was given (now, unless said).
    pub at: Option<String>,
}

impl ConsentInput {
    pub fn consent(self, default_source: &str, now: chrono::DateTime<chrono::Utc>) -> Result<Consent, FacadeError> {
        let source = self.source.as_deref().unwrap_or(default_source).parse()?;
        let at = self.at.as_deref().map(|t| instant("at", t)).transpose()?.unwrap_or(now);
        Ok(Consent { contact: self.contact, marketing: self.marketing, source, at })
    }
}

/// `captureLead({ show?, client, answers?, rating?, consent?, badge?, at? })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct CaptureInput {
    pub show: Option<String>,
    pub client: ClientInput,
    #[json(default)]
    pub answers: BTreeMap<String, Json>,
    pub rating: Option<String>,
    pub consent: Option<ConsentInput>,
    pub badge: Option<String>,
    pub at: Option<String>,
}

impl CaptureInput {
    pub fn capture(self, region: Region, now: chrono::DateTime<chrono::Utc>) -> Result<LeadCapture, FacadeError> {
        let at = self.at.as_deref().map(|t| instant("at", t)).transpose()?;
        let (consent, consent_source) = match self.consent {
            Some(input) => {
                let consent = input.consent("stand", at.unwrap_or(now)).map_err(|e| match e {
                    FacadeError::Validation(v) => FacadeError::Validation(v.within("consent")),
                    other => other,
                })?;
                (Some((consent.contact, consent.marketing)), Some(consent.source))
            }
            None => (None, None),
        };
        Ok(LeadCapture {
            show: self.show.map(|s| super::parse_id("show", &s)).transpose()?,
            client: NewClient::try_from(self.client.in_region(region)).map_err(|e| match e {
                FacadeError::Validation(v) => FacadeError::Validation(v.within("client")),
                other => other,
            })?,
            answers: answers(self.answers)?,
            rating: rating(self.rating)?,
            consent,
            consent_source,
            badge: self.badge.map(|b| b.parse()).transpose()?,
            at,
        })
    }
}

/// `qualifyLead(client, { answers?, rating? })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct QualifyInput {
    #[json(default)]
    pub answers: BTreeMap<String, Json>,
    pub rating: Option<String>,
}

impl QualifyInput {
    pub fn parts(self) -> Result<(RawAnswers, Option<Rating>), FacadeError> {
        Ok((answers(self.answers)?, rating(self.rating)?))
    }
}

/// `standDashboard(show, { now? })`.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct DashboardOptions {
    pub now: Option<String>,
}

/// A show as JS reads it.
#[derive(Debug, ToJson)]
#[json(rename_all = "camelCase")]
pub struct ShowView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub starts: String,
    pub ends: String,
    pub place: Option<&'a str>,
    pub stand: Option<&'a str>,
    pub time_zone: Option<&'a str>,
    pub team: Vec<&'a str>,
    pub pipeline: &'a str,
    pub stage: &'a str,
    pub questions: &'a [Question],
    pub archived: bool,
}

impl<'a> From<&'a Show> for ShowView<'a> {
    fn from(show: &'a Show) -> Self {
        Self {
            id: show.id.as_str(),
            name: show.name.as_str(),
            starts: show.starts.to_string(),
            ends: show.ends.to_string(),
            place: show.place.as_ref().map(Label::as_str),
            stand: show.stand.as_ref().map(Label::as_str),
            time_zone: show.time_zone.as_ref().map(|z| z.as_str()),
            team: show.team.iter().map(|u| u.as_str()).collect(),
            pipeline: show.pipeline.as_str(),
            stage: show.stage.as_str(),
            questions: &show.questions,
            archived: show.archived,
        }
    }
}

/// A lead's record as JS reads it.
#[derive(Debug, ToJson)]
pub struct LeadView<'a> {
    pub show: &'a str,
    pub by: &'a str,
    pub at: String,
    pub answers: &'a BTreeMap<ripen_core::QuestionId, String>,
    pub rating: Option<&'static str>,
    pub badge: Option<&'a str>,
}

impl<'a> From<&'a Lead> for LeadView<'a> {
    fn from(lead: &'a Lead) -> Self {
        Self {
            show: lead.show.as_str(),
            by: lead.by.as_str(),
            at: iso(&lead.at),
            answers: &lead.answers,
            rating: lead.rating.map(Rating::as_str),
            badge: lead.badge.as_ref().map(|b| b.as_str()),
        }
    }
}

/// A consent as JS reads it: with who recorded it.
#[derive(Debug, ToJson)]
pub struct ConsentView<'a> {
    pub contact: bool,
    pub marketing: bool,
    pub source: &'a str,
    pub at: String,
    pub by: &'a str,
}

impl<'a> From<&'a ConsentEntry> for ConsentView<'a> {
    fn from(entry: &'a ConsentEntry) -> Self {
        let c = &entry.consent;
        Self {
            contact: c.contact,
            marketing: c.marketing,
            source: c.source.as_str(),
            at: iso(&c.at),
            by: entry.by.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(json: &str) -> Result<(Option<ShowId>, ShowDraft), FacadeError> {
        ripen_json::from_str::<ShowInput>(json).unwrap().draft()
    }

    #[test]
    fn a_show_reads_with_typed_errors_naming_the_field() {
        let good =
            r#"{"name":"Иннопром","starts":"2026-07-07","ends":"2026-07-10","pipeline":"sales","stage":"answered"}"#;
        let (id, draft) = show(good).unwrap();
        assert!(id.is_none() && draft.questions.is_none());
        let cases = [
            (r#"{"name":"","starts":"2026-07-07","ends":"2026-07-10","pipeline":"sales","stage":"a"}"#, "name"),
            (r#"{"name":"x","starts":"07.07.2026","ends":"2026-07-10","pipeline":"sales","stage":"a"}"#, "starts"),
            (r#"{"name":"x","starts":"2026-07-07","ends":"2026-07-10","pipeline":"sales","stage":"A B"}"#, "stage"),
            (
                r#"{"name":"x","starts":"2026-07-07","ends":"2026-07-10","pipeline":"s","stage":"a","timeZone":"Mars/Base"}"#,
                "timeZone",
            ),
            (
                r#"{"name":"x","starts":"2026-07-07","ends":"2026-07-10","pipeline":"s","stage":"a","questions":[{"id":"q","text":"Q","kind":"maybe"}]}"#,
                "questions[0].kind",
            ),
        ];
        for (json, field) in cases {
            assert_eq!(show(json).unwrap_err().field(), Some(field), "{json}");
        }
    }

    #[test]
    fn a_capture_reads_answers_of_every_kind_and_refuses_a_bad_rating() {
        let json = r#"{"client":{"name":"Иван"},"answers":{"interest":"Service","decides":true,"note":null},"rating":"hot","consent":{"contact":true,"marketing":false}}"#;
        let capture = ripen_json::from_str::<CaptureInput>(json)
            .unwrap()
            .capture(Region::default(), chrono::DateTime::UNIX_EPOCH)
            .unwrap();
        assert_eq!(capture.answers.len(), 3);
        assert_eq!(capture.rating, Some(Rating::Hot));
        assert_eq!((capture.consent, capture.consent_source.unwrap().as_str()), (Some((true, false)), "stand"));
        let bad = r#"{"client":{"name":"Иван"},"rating":"tepid"}"#;
        let error = ripen_json::from_str::<CaptureInput>(bad)
            .unwrap()
            .capture(Region::default(), chrono::DateTime::UNIX_EPOCH)
            .unwrap_err();
        assert_eq!(error.field(), Some("rating"));
        let bad = r#"{"client":{"name":"Иван"},"answers":{"budget":3}}"#;
        let error = ripen_json::from_str::<CaptureInput>(bad)
            .unwrap()
            .capture(Region::default(), chrono::DateTime::UNIX_EPOCH)
            .unwrap_err();
        assert_eq!(error.field(), Some("answers.budget"));
        let nameless = r#"{"client":{}}"#;
        let error = ripen_json::from_str::<CaptureInput>(nameless)
            .unwrap()
            .capture(Region::default(), chrono::DateTime::UNIX_EPOCH)
            .unwrap_err();
        assert_eq!(error.field(), Some("client.name"));
    }
}
