//! Touches (касания): every contact with a client — planned with a goal, an approach and a
//! planned result, then done with the actual result; or logged as done straight away.

use crate::model::violation::Violation;
use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{ClientId, TouchId, UserId};
use crate::values::newtype::string_enum;
use crate::values::Channel;
use chrono::{DateTime, Utc};
use std::fmt;
use std::str::FromStr;

string_enum! {
    /// Who started the contact.
    #[derive(Default)]
    Direction in "direction" {
        #[default]
        Outbound = "outbound",
        Inbound = "inbound",
    }
}

string_enum! {
    /// Which side of the company made the touch: sales and marketing share one budget.
    #[derive(Default)]
    Origin in "origin" {
        #[default]
        Sales = "sales",
        Marketing = "marketing",
        Service = "service",
    }
}

string_enum! {
    /// How a done touch went.
    Outcome in "outcome" {
        Success = "success",
        NoAnswer = "no_answer",
        Refused = "refused",
        Rescheduled = "rescheduled",
    }
}

string_enum! {
    /// The contact goals of the sales process (DOMAIN.md §2).
    KnownGoal in "goal" {
        IdentifyNeed = "identify_need",
        IdentifyInterest = "identify_interest",
        SendOffer = "send_offer",
        OfferFollowUp = "offer_follow_up",
        ScheduleMeeting = "schedule_meeting",
        RequestDetails = "request_details",
        RequestSignedContract = "request_signed_contract",
        RequestPayment = "request_payment",
        NpsSurvey = "nps_survey",
        RepeatSale = "repeat_sale",
    }
}

/// What a touch is for: one of the known goals, or the team's own words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ContactGoal {
    Known(KnownGoal),
    Custom(String),
}

crate::values::newtype::json_as_text!(ContactGoal, to_string);

impl FromStr for ContactGoal {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let text = clean_line("goal", raw, 100)?;
        Ok(match text.parse::<KnownGoal>() {
            Ok(known) => Self::Known(known),
            Err(_) => Self::Custom(text),
        })
    }
}

impl fmt::Display for ContactGoal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Known(known) => f.write_str(known.as_str()),
            Self::Custom(text) => f.write_str(text),
        }
    }
}

/// A planned touch's intent (культура планирования): all three are required.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Plan {
    pub goal: ContactGoal,
    /// The angle or hook (заход): "new plant needs financing".
    pub approach: String,
    pub planned_result: String,
}

impl Plan {
    pub fn parse(goal: &str, approach: &str, planned_result: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            goal: goal.parse()?,
            approach: clean_line("approach", approach, 500)?,
            planned_result: clean_line("plannedResult", planned_result, 500)?,
        })
    }
}

/// A short free text about a touch (what was said, what came of it).
pub fn parse_summary(field: &str, raw: &str) -> Result<String, ValidationError> {
    let text = raw.trim();
    if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
        return Err(ValidationError::new(field, Problem::ControlCharacter { code: c as u32 }));
    }
    let chars = text.chars().count();
    if chars == 0 {
        return Err(ValidationError::new(field, Problem::Empty));
    }
    if chars > 2_000 {
        return Err(ValidationError::new(field, Problem::TooLong { max: 2_000, actual: chars }));
    }
    Ok(text.to_owned())
}

/// An answer to the NPS question ("how likely are you to recommend us?"), 0 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ripen_json::ToJson, ripen_json::FromJson)]
#[json(try_from = "u8", into = "u8")]
pub struct NpsScore(u8);

impl NpsScore {
    pub fn value(self) -> u8 {
        self.0
    }

    /// 9–10 recommend us, 0–6 do not, 7–8 are passive.
    pub fn is_promoter(self) -> bool {
        self.0 >= 9
    }

    pub fn is_detractor(self) -> bool {
        self.0 <= 6
    }
}

impl TryFrom<u8> for NpsScore {
    type Error = ValidationError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        if value > 10 {
            return Err(ValidationError::new("nps", Problem::Malformed { reason: "an NPS answer is 0 to 10".into() }));
        }
        Ok(Self(value))
    }
}

impl From<NpsScore> for u8 {
    fn from(score: NpsScore) -> Self {
        score.0
    }
}

/// Where a touch stands.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(tag = "status", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum TouchStatus {
    Planned,
    Done {
        #[json(default, skip_serializing_if = "Option::is_none")]
        result: Option<String>,
        outcome: Outcome,
        #[json(with = "ripen_json::time::millis")]
        done_at: DateTime<Utc>,
        /// The client's answer to "would you recommend us?", 0–10.
        #[json(default, skip_serializing_if = "Option::is_none")]
        nps: Option<NpsScore>,
        /// The rules it broke when it was done (logged, or completed, at a time the
        /// contact policy refused): a fact is recorded, never refused, and shown to the
        /// manager. Left out while empty, so the touches recorded before keep their bytes.
        #[json(default, skip_serializing_if = "Vec::is_empty")]
        violations: Vec<Violation>,
    },
    Missed,
    Cancelled {
        #[json(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Recorded by mistake and reverted: kept for history, shown nowhere else.
    Retracted,
}

impl TouchStatus {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Done { .. } => "done",
            Self::Missed => "missed",
            Self::Cancelled { .. } => "cancelled",
            Self::Retracted => "retracted",
        }
    }
}

/// One contact with a client.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Touch {
    pub id: TouchId,
    pub client: ClientId,
    pub channel: Channel,
    pub direction: Direction,
    pub origin: Origin,
    pub author: UserId,
    /// When it is planned for, or when it happened.
    #[json(with = "ripen_json::time::millis")]
    pub at: DateTime<Utc>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    pub status: TouchStatus,
    /// The client asked for it (a scheduled callback): never blocked by the policy.
    #[json(default, skip_serializing_if = "std::ops::Not::not")]
    pub requested: bool,
    /// Why a `warn` rule of the contact policy was overridden.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_are_known_or_the_teams_own() {
        assert_eq!("send_offer".parse::<ContactGoal>().unwrap(), ContactGoal::Known(KnownGoal::SendOffer));
        assert_eq!(
            " Пригласить на завод ".parse::<ContactGoal>().unwrap(),
            ContactGoal::Custom("Пригласить на завод".into())
        );
        assert!("".parse::<ContactGoal>().is_err());
        let json = ripen_json::to_string(&ContactGoal::Known(KnownGoal::NpsSurvey));
        assert_eq!(json, "\"nps_survey\"");
    }

    #[test]
    fn a_plan_needs_all_three_parts() {
        assert!(Plan::parse("send_offer", "new plant needs financing", "meeting booked").is_ok());
        for (goal, approach, result, field) in
            [("", "a", "r", "goal"), ("send_offer", " ", "r", "approach"), ("send_offer", "a", "", "plannedResult")]
        {
            assert_eq!(Plan::parse(goal, approach, result).unwrap_err().field, field);
        }
    }
}
