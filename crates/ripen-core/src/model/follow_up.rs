//! A follow-up plan's request: the leads (each with a priority), when to start, over how
//! many working days, and how each priority is approached (channels, goal, texts). The
//! planner (`read/follow_ups.rs`) places them; this file holds the input and its rules.

use crate::model::touch::{KnownGoal, Origin, Plan};
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::ClientId;
use crate::values::newtype::string_enum;
use crate::values::Channel;
use chrono::{DateTime, NaiveTime, Utc};
use std::collections::BTreeSet;

string_enum! {
    /// How warm a lead is: hot leads are planned first, then warm, then cold.
    Priority in "priority" {
        Hot = "hot",
        Warm = "warm",
        Cold = "cold",
    }
}

/// The most working days a plan spreads over.
pub const MAX_DAYS: u32 = 60;
/// The working days a plan spreads over unless said.
pub const DEFAULT_DAYS: u32 = 5;

/// One client to follow up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub client: ClientId,
    pub priority: Priority,
    /// When the lead was captured: among leads of one priority, the earlier first.
    pub captured_at: Option<DateTime<Utc>>,
}

/// How the leads of one priority are followed up: the channels in order of preference
/// (the first the client can be reached by and does not find inconvenient) and the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approach {
    pub channels: Vec<Channel>,
    pub plan: Plan,
}

impl Approach {
    fn of(channels: &[Channel], goal: KnownGoal, approach: &str, result: &str) -> Self {
        Self {
            channels: channels.to_vec(),
            plan: Plan {
                goal: crate::model::touch::ContactGoal::Known(goal),
                approach: approach.to_owned(),
                planned_result: result.to_owned(),
            },
        }
    }

    /// Hot leads: a call about the offer they asked for.
    pub fn hot() -> Self {
        Self::of(&[Channel::Call], KnownGoal::OfferFollowUp, "Follow-up on our first contact", "Next step agreed")
    }

    /// Warm leads: a call, or an e-mail when there is no phone, to find the need.
    pub fn warm() -> Self {
        Self::of(
            &[Channel::Call, Channel::Email],
            KnownGoal::IdentifyNeed,
            "Follow-up on our first contact",
            "Need identified",
        )
    }

    /// Cold leads: an e-mail to find out whether there is any interest.
    pub fn cold() -> Self {
        Self::of(&[Channel::Email], KnownGoal::IdentifyInterest, "Follow-up on our first contact", "Interest known")
    }
}

/// What to plan: every lead, from `start` on, within `days` working days (Monday to
/// Friday, in the base's default time zone), in the clients' own `hours`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRequest {
    pub leads: Vec<Lead>,
    pub start: DateTime<Utc>,
    pub days: u32,
    pub hot: Approach,
    pub warm: Approach,
    pub cold: Approach,
    /// The most touches the planning rep takes on in one day (their planned touches
    /// already on record that day count too); no limit unless said.
    pub capacity: Option<u32>,
    /// The client's working hours, in its own time zone, Monday to Friday.
    pub hours: (NaiveTime, NaiveTime),
    /// At least this many minutes between two touches of the plan (one rep makes them).
    pub spacing_minutes: u32,
    pub origin: Origin,
}

impl FollowUpRequest {
    /// The defaults: five working days, 9:00–18:00 client time, 15 minutes apart, the
    /// default approaches, no daily cap.
    pub fn new(leads: Vec<Lead>, start: DateTime<Utc>) -> Self {
        Self {
            leads,
            start,
            days: DEFAULT_DAYS,
            hot: Approach::hot(),
            warm: Approach::warm(),
            cold: Approach::cold(),
            capacity: None,
            hours: (time(9), time(18)),
            spacing_minutes: 15,
            origin: Origin::Sales,
        }
    }

    pub fn approach(&self, priority: Priority) -> &Approach {
        match priority {
            Priority::Hot => &self.hot,
            Priority::Warm => &self.warm,
            Priority::Cold => &self.cold,
        }
    }

    /// Refuses options that make no plan: no days or too many, a client listed twice, no
    /// channel, a zero cap, working hours that end before they start.
    pub fn check(&self) -> Result<(), ValidationError> {
        let bad = |field: &str, reason: String| Err(ValidationError::new(field, Problem::Malformed { reason }));
        if self.days == 0 || self.days > MAX_DAYS {
            return bad("days", format!("{} is not 1 to {MAX_DAYS} working days", self.days));
        }
        if self.capacity == Some(0) {
            return bad("capacity", "at least one touch a day".into());
        }
        if self.hours.0 >= self.hours.1 {
            return bad("hours.to", "the working hours must end after they start".into());
        }
        if self.spacing_minutes > 24 * 60 {
            return bad("spacing", format!("{} minutes is more than a day", self.spacing_minutes));
        }
        for (name, approach) in [("hot", &self.hot), ("warm", &self.warm), ("cold", &self.cold)] {
            if approach.channels.is_empty() {
                return Err(ValidationError::new(format!("{name}.channels"), Problem::Empty));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, lead) in self.leads.iter().enumerate() {
            if !seen.insert(&lead.client) {
                return bad(&format!("clients[{i}].client"), format!("{} is listed twice", lead.client));
            }
        }
        Ok(())
    }
}

fn time(hour: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(id: &str) -> Lead {
        Lead { client: id.parse().unwrap(), priority: Priority::Hot, captured_at: None }
    }

    #[test]
    fn options_that_make_no_plan_are_refused() {
        let start = DateTime::<Utc>::from_timestamp(1_780_000_000, 0).unwrap();
        let base = FollowUpRequest::new(vec![lead("c0000000000001.1"), lead("c0000000000001.2")], start);
        base.check().unwrap();
        type Change = fn(&mut FollowUpRequest);
        let cases: &[(Change, &str)] = &[
            (|r| r.days = 0, "days"),
            (|r| r.days = MAX_DAYS + 1, "days"),
            (|r| r.capacity = Some(0), "capacity"),
            (|r| r.hours = (time(18), time(9)), "hours.to"),
            (|r| r.hours = (time(9), time(9)), "hours.to"),
            (|r| r.spacing_minutes = 24 * 60 + 1, "spacing"),
            (|r| r.warm.channels.clear(), "warm.channels"),
            (|r| r.leads.push(lead("c0000000000001.1")), "clients[2].client"),
        ];
        for (change, field) in cases {
            let mut request = base.clone();
            change(&mut request);
            assert_eq!(request.check().unwrap_err().field, *field);
        }
        let mut edge = base.clone();
        (edge.days, edge.capacity, edge.spacing_minutes) = (MAX_DAYS, Some(1), 0);
        edge.check().unwrap();
    }

    #[test]
    fn priorities_order_hot_warm_cold() {
        assert!(Priority::Hot < Priority::Warm && Priority::Warm < Priority::Cold);
        assert_eq!("warm".parse::<Priority>().unwrap(), Priority::Warm);
        assert_eq!("lukewarm".parse::<Priority>().unwrap_err().field, "priority");
    }
}
