//! Trade shows and forums ("shows": the log's own word "event" is taken): the stand, the
//! team at it, the stage its leads start at, and the qualification questions asked there.

use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{PipelineId, QuestionId, ShowId, StageId, UserId};
use crate::values::newtype::{string_enum, string_newtype};
use crate::values::{Label, TimeZoneName};
use chrono::NaiveDate;
use std::str::FromStr;

/// A show's name as the team calls it: "Иннопром 2026".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShowName(String);

impl ShowName {
    pub const MAX_CHARS: usize = 100;
}

impl FromStr for ShowName {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        clean_line("name", raw, Self::MAX_CHARS).map(Self)
    }
}

string_newtype!(ShowName);

/// A question as the rep reads it at the stand.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuestionText(String);

impl QuestionText {
    pub const MAX_CHARS: usize = 200;
}

impl FromStr for QuestionText {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        clean_line("text", raw, Self::MAX_CHARS).map(Self)
    }
}

string_newtype!(QuestionText);

string_enum! {
    /// How a question is answered: one tap on a listed option, yes or no, or typed text.
    QuestionKind in "kind" {
        Choices = "choices",
        YesNo = "yes_no",
        Text = "text",
    }
}

/// One qualification question.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Question {
    pub id: QuestionId,
    pub text: QuestionText,
    pub kind: QuestionKind,
    /// The options of a `choices` question, in the order shown; none for the others.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Label>,
}

impl Question {
    /// At most this many options: each is one tap on a tablet.
    pub const MAX_OPTIONS: usize = 12;

    /// Refuses a question that cannot be answered as its kind says.
    pub fn check(&self) -> Result<(), ValidationError> {
        let bad = |field: &str, reason: &str| ValidationError::new(field, Problem::Malformed { reason: reason.into() });
        match self.kind {
            QuestionKind::Choices if self.options.len() < 2 => {
                Err(bad("options", "a choice needs two options or more"))
            }
            QuestionKind::Choices if self.options.len() > Self::MAX_OPTIONS => Err(ValidationError::new(
                "options",
                Problem::TooLong { max: Self::MAX_OPTIONS, actual: self.options.len() },
            )),
            QuestionKind::Choices => {
                let mut seen: Vec<String> = Vec::with_capacity(self.options.len());
                for option in &self.options {
                    let folded = option.as_str().to_lowercase();
                    if seen.contains(&folded) {
                        return Err(bad("options", &format!("{option} is listed twice")));
                    }
                    seen.push(folded);
                }
                Ok(())
            }
            QuestionKind::YesNo | QuestionKind::Text if !self.options.is_empty() => {
                Err(bad("options", "only a choice has options"))
            }
            QuestionKind::YesNo | QuestionKind::Text => Ok(()),
        }
    }
}

fn question(id: &str, text: &str, kind: QuestionKind, options: &[&str]) -> Question {
    Question {
        id: id.parse().unwrap_or_else(|_| unreachable!("default question ids are valid")),
        text: text.parse().unwrap_or_else(|_| unreachable!("default question texts are valid")),
        kind,
        options: options.iter().map(|o| o.parse().unwrap_or_else(|_| unreachable!("valid options"))).collect(),
    }
}

/// The questions a new show is offered: interest, budget, timeframe, role, and a note.
pub fn default_questions() -> Vec<Question> {
    use QuestionKind::{Choices, Text};
    vec![
        question("interest", "Interest", Choices, &["Products", "Service", "Partnership", "Just looking"]),
        question("budget", "Budget", Choices, &["None yet", "Under 1M", "1–10M", "Over 10M"]),
        question("timeframe", "Timeframe", Choices, &["Now", "This quarter", "This year", "Later"]),
        question("role", "Role", Choices, &["Decides", "Influences", "Uses", "Other"]),
        question("note", "Note", Text, &[]),
    ]
}

/// A trade show, forum or conference the team has a stand at.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Show {
    pub id: ShowId,
    pub name: ShowName,
    /// Its first and last day, in its own time zone.
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Label>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub stand: Option<Label>,
    /// Where it is held: its days and the dashboard's hours are read there (the policy's
    /// default zone when not said).
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<TimeZoneName>,
    /// The users working the stand, sorted, each once.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub team: Vec<UserId>,
    /// Where a lead captured at the show gets its card.
    pub pipeline: PipelineId,
    pub stage: StageId,
    pub questions: Vec<Question>,
    /// Archived shows take no new leads; their leads keep them.
    #[json(default, skip_serializing_if = "std::ops::Not::not")]
    pub archived: bool,
}

impl Show {
    /// A show lasts at most this many days.
    pub const MAX_DAYS: i64 = 60;
    /// At most this many questions: qualification at a stand is a minute, not a survey.
    pub const MAX_QUESTIONS: usize = 20;

    /// Refuses a show that contradicts itself (the pipeline and stage are checked against
    /// the state by the command).
    pub fn check(&self) -> Result<(), ValidationError> {
        let bad = |field: &str, reason: &str| ValidationError::new(field, Problem::Malformed { reason: reason.into() });
        if self.ends < self.starts {
            return Err(bad("ends", "a show ends on or after the day it starts"));
        }
        if (self.ends - self.starts).num_days() >= Self::MAX_DAYS {
            return Err(bad("ends", &format!("a show lasts at most {} days", Self::MAX_DAYS)));
        }
        if self.questions.len() > Self::MAX_QUESTIONS {
            let problem = Problem::TooLong { max: Self::MAX_QUESTIONS, actual: self.questions.len() };
            return Err(ValidationError::new("questions", problem));
        }
        for (i, question) in self.questions.iter().enumerate() {
            question.check().map_err(|e| e.within(&format!("questions[{i}]")))?;
            if self.questions[..i].iter().any(|q| q.id == question.id) {
                return Err(bad(&format!("questions[{i}].id"), &format!("{} is asked twice", question.id)));
            }
        }
        if self.team.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("team", "each member once, sorted"));
        }
        Ok(())
    }

    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.questions.iter().find(|q| &q.id == id)
    }

    /// Whether the show is on `day` (a day in its time zone).
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        !self.archived && self.starts <= day && day <= self.ends
    }
}

/// A show as the user describes it: the engine gives it its id, and archives it apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowDraft {
    pub name: ShowName,
    pub starts: NaiveDate,
    pub ends: NaiveDate,
    pub place: Option<Label>,
    pub stand: Option<Label>,
    pub time_zone: Option<TimeZoneName>,
    pub team: Vec<UserId>,
    pub pipeline: PipelineId,
    pub stage: StageId,
    /// `None`: the default questions.
    pub questions: Option<Vec<Question>>,
}

impl ShowDraft {
    /// The show `id` would be with this draft (its team sorted, each member once).
    pub fn into_show(self, id: ShowId, archived: bool) -> Show {
        let mut team = self.team;
        crate::values::sort::sort(&mut team);
        team.dedup();
        Show {
            id,
            name: self.name,
            starts: self.starts,
            ends: self.ends,
            place: self.place,
            stand: self.stand,
            time_zone: self.time_zone,
            team,
            pipeline: self.pipeline,
            stage: self.stage,
            questions: self.questions.unwrap_or_else(default_questions),
            archived,
        }
    }
}

/// A show for tests: Иннопром, 7–10 July 2026, its leads at `sales`/`new`, the default
/// questions.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn sample_show() -> Show {
    Show {
        id: "s1.1".parse().unwrap(),
        name: "Иннопром".parse().unwrap(),
        starts: NaiveDate::from_ymd_opt(2026, 7, 7).unwrap(),
        ends: NaiveDate::from_ymd_opt(2026, 7, 10).unwrap(),
        place: None,
        stand: None,
        time_zone: None,
        team: Vec::new(),
        pipeline: "sales".parse().unwrap(),
        stage: "new".parse().unwrap(),
        questions: default_questions(),
        archived: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show() -> Show {
        sample_show()
    }

    #[test]
    fn the_default_questions_are_valid_and_pinned() {
        let show = show();
        show.check().unwrap();
        let ids: Vec<&str> = show.questions.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["interest", "budget", "timeframe", "role", "note"]);
    }

    #[test]
    fn shows_that_contradict_themselves_are_refused() {
        type Edit = fn(&mut Show);
        let cases: [(Edit, &str); 7] = [
            (|s| s.ends = NaiveDate::from_ymd_opt(2026, 7, 6).unwrap(), "ends"),
            (|s| s.ends = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(), "ends"),
            (|s| s.questions.push(s.questions[0].clone()), "questions[5].id"),
            (|s| s.questions[0].options.truncate(1), "questions[0].options"),
            (|s| s.questions[4].options = vec!["x".parse().unwrap()], "questions[4].options"),
            (|s| s.questions[0].options[1] = "PRODUCTS".parse().unwrap(), "questions[0].options"),
            (|s| s.team = vec!["vera".parse().unwrap(), "anna".parse().unwrap()], "team"),
        ];
        for (edit, field) in cases {
            let mut show = show();
            edit(&mut show);
            assert_eq!(show.check().unwrap_err().field, field);
        }
        let mut long = show();
        long.questions = (0..21).map(|i| question(&format!("q{i}"), "Q", QuestionKind::Text, &[])).collect();
        assert_eq!(long.check().unwrap_err().field, "questions");
    }

    #[test]
    fn names_are_cleaned_and_capped() {
        assert_eq!("  Иннопром   2026 ".parse::<ShowName>().unwrap().as_str(), "Иннопром 2026");
        let error = "x".repeat(101).parse::<ShowName>().unwrap_err();
        assert_eq!((error.field.as_str(), error.problem.code()), ("name", "too_long"));
        assert!("".parse::<ShowName>().is_err());
    }
}
