//! A lead met at a show (its answers to the show's questions, its rating, its badge) and
//! a client's consents (to be contacted, to receive marketing), each as recorded.

use crate::model::show::{QuestionKind, Show};
use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{QuestionId, ShowId, UserId};
use crate::values::newtype::{string_enum, string_newtype};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::str::FromStr;

string_enum! {
    /// How warm a lead is, as the rep judged it at the stand.
    Rating in "rating" {
        Hot = "hot",
        Warm = "warm",
        Cold = "cold",
    }
}

/// What a badge's barcode held: the organiser's attendee id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BadgeId(String);

impl FromStr for BadgeId {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        clean_line("badge", raw, 200).map(Self)
    }
}

string_newtype!(BadgeId);

/// An answer as typed or tapped, before it is read against its question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawAnswer {
    Text(String),
    YesNo(bool),
    /// Takes an answer back (qualifying later).
    Clear,
}

/// The longest typed answer.
pub const MAX_ANSWER_CHARS: usize = 500;

/// The answers by question, as stored: a choice as its option's text, yes / no as
/// `"yes"` / `"no"`, a typed answer cleaned.
pub type Answers = BTreeMap<QuestionId, String>;

/// Reads `raw` answers against `show`'s questions into `answers` (given ones replace,
/// cleared ones go). An unknown question, an option not listed or a text too long is
/// refused naming `answers.<question>`.
pub fn answer(show: &Show, answers: &mut Answers, raw: Vec<(String, RawAnswer)>) -> Result<(), ValidationError> {
    for (id, value) in raw {
        let field = format!("answers.{id}");
        let bad = |reason: String| ValidationError::new(field.clone(), Problem::Malformed { reason });
        let question_id: QuestionId =
            id.parse().map_err(|e: ValidationError| ValidationError::new("answers", e.problem))?;
        let question =
            show.question(&question_id).ok_or_else(|| bad(format!("{} asks no question {id}", show.name)))?;
        let text = match (question.kind, value) {
            (_, RawAnswer::Clear) => {
                answers.remove(&question_id);
                continue;
            }
            (QuestionKind::YesNo, RawAnswer::YesNo(yes)) => if yes { "yes" } else { "no" }.to_owned(),
            (QuestionKind::YesNo, RawAnswer::Text(text)) => match text.trim().to_lowercase().as_str() {
                "yes" => "yes".to_owned(),
                "no" => "no".to_owned(),
                _ => return Err(bad("answer yes or no".into())),
            },
            (QuestionKind::Choices, RawAnswer::Text(text)) => {
                let wanted = text.trim().to_lowercase();
                let option = question.options.iter().find(|o| o.as_str().to_lowercase() == wanted);
                match option {
                    Some(option) => option.as_str().to_owned(),
                    None => {
                        let listed: Vec<&str> = question.options.iter().map(|o| o.as_str()).collect();
                        return Err(bad(format!("{text:?} is not one of: {}", listed.join(", "))));
                    }
                }
            }
            (QuestionKind::Text, RawAnswer::Text(text)) => {
                clean_line("", &text, MAX_ANSWER_CHARS).map_err(|e| e.within(&field))?
            }
            (QuestionKind::Choices | QuestionKind::Text, RawAnswer::YesNo(_)) => {
                return Err(bad("a choice or a text, not yes or no".into()));
            }
        };
        answers.insert(question_id, text);
    }
    Ok(())
}

/// A lead's record: where and by whom it was met, and how it qualified.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Lead {
    pub show: ShowId,
    /// The rep who captured it.
    pub by: UserId,
    /// When it was captured.
    #[json(with = "ripen_json::time::millis")]
    pub at: DateTime<Utc>,
    #[json(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: Answers,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub badge: Option<BadgeId>,
}

/// Where a consent was given: "stand", "web form", "import", "call", or the team's own
/// word.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConsentSource(String);

impl FromStr for ConsentSource {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        clean_line("source", raw, 100).map(Self)
    }
}

string_newtype!(ConsentSource);

/// A client's answer to "may we contact you? send you marketing?", as given at `at`.
/// A later record replaces it (a withdrawal is a record saying no); all are kept.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Consent {
    pub contact: bool,
    pub marketing: bool,
    pub source: ConsentSource,
    #[json(with = "ripen_json::time::millis")]
    pub at: DateTime<Utc>,
}

/// A consent as the state keeps it: with who recorded it.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct ConsentEntry {
    pub consent: Consent,
    pub by: UserId,
}

string_enum! {
    /// Why the consent rule refuses a touch.
    ConsentProblem in "reason" {
        /// A marketing touch, and the client's current record gives no marketing consent
        /// (or there is none).
        NoMarketingConsent = "no_marketing_consent",
        /// The client's current record says no to being contacted.
        ContactWithdrawn = "contact_withdrawn",
    }
}

/// What the consent rule says of an outbound touch to a client with `current` as its
/// latest consent record: `marketing`, whether the touch is of origin marketing.
pub fn consent_problem(current: Option<&Consent>, marketing: bool) -> Option<ConsentProblem> {
    match current {
        Some(consent) if !consent.contact => Some(ConsentProblem::ContactWithdrawn),
        Some(consent) if marketing && !consent.marketing => Some(ConsentProblem::NoMarketingConsent),
        None if marketing => Some(ConsentProblem::NoMarketingConsent),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show() -> Show {
        let mut show = crate::model::show::sample_show();
        show.questions.push(crate::model::show::Question {
            id: "decides".parse().unwrap(),
            text: "Decides?".parse().unwrap(),
            kind: QuestionKind::YesNo,
            options: Vec::new(),
        });
        show
    }

    fn text(s: &str) -> RawAnswer {
        RawAnswer::Text(s.into())
    }

    #[test]
    fn answers_are_read_against_their_questions() {
        let cases: Vec<(&str, RawAnswer, Result<&str, &str>)> = vec![
            ("interest", text("service"), Ok("Service")),
            ("interest", text("  PRODUCTS "), Ok("Products")),
            ("interest", text("Cars"), Err("answers.interest")),
            ("interest", RawAnswer::YesNo(true), Err("answers.interest")),
            ("decides", RawAnswer::YesNo(false), Ok("no")),
            ("decides", text("Yes"), Ok("yes")),
            ("decides", text("maybe"), Err("answers.decides")),
            ("note", text("  wants   a demo "), Ok("wants a demo")),
            ("note", text(&"x".repeat(501)), Err("answers.note")),
            ("colour", text("red"), Err("answers.colour")),
            ("Bad Id", text("red"), Err("answers")),
        ];
        for (id, raw, expected) in cases {
            let mut answers = Answers::new();
            let got = answer(&show(), &mut answers, vec![(id.into(), raw)]);
            match expected {
                Ok(value) => {
                    got.unwrap();
                    assert_eq!(answers.get(&id.parse::<QuestionId>().unwrap()).map(String::as_str), Some(value));
                }
                Err(field) => assert_eq!(got.unwrap_err().field, field, "{id}"),
            }
        }
    }

    #[test]
    fn a_later_answer_replaces_and_clear_takes_back() {
        let mut answers = Answers::new();
        answer(&show(), &mut answers, vec![("interest".into(), text("Service")), ("note".into(), text("hi"))]).unwrap();
        answer(&show(), &mut answers, vec![("interest".into(), text("Products")), ("note".into(), RawAnswer::Clear)])
            .unwrap();
        assert_eq!(ripen_json::to_string(&answers), r#"{"interest":"Products"}"#);
    }

    #[test]
    fn the_consent_rule_reads_the_current_record() {
        let at = chrono::TimeZone::timestamp_millis_opt(&Utc, 0).unwrap();
        let record = |contact, marketing| Consent { contact, marketing, source: "stand".parse().unwrap(), at };
        let cases = [
            (None, false, None),
            (None, true, Some(ConsentProblem::NoMarketingConsent)),
            (Some(record(true, false)), true, Some(ConsentProblem::NoMarketingConsent)),
            (Some(record(true, false)), false, None),
            (Some(record(true, true)), true, None),
            (Some(record(false, true)), false, Some(ConsentProblem::ContactWithdrawn)),
            (Some(record(false, false)), true, Some(ConsentProblem::ContactWithdrawn)),
        ];
        for (current, marketing, expected) in cases {
            assert_eq!(consent_problem(current.as_ref(), marketing), expected, "{current:?} {marketing}");
        }
    }

    #[test]
    fn ratings_are_words() {
        assert_eq!("hot".parse::<Rating>().unwrap(), Rating::Hot);
        assert_eq!("tepid".parse::<Rating>().unwrap_err().field, "rating");
    }
}
