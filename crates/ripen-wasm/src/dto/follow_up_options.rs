//! `previewFollowUps` / `planFollowUps` options: the leads with their priorities, when to
//! start, over how many working days, the daily cap, the clients' hours, the spacing and
//! how each priority is approached — into a [`FollowUpRequest`].

use super::{instant, parse_id};
use crate::error::FacadeError;
use chrono::{DateTime, NaiveTime, Utc};
use ripen_core::error::Problem;
use ripen_core::follow_up::{Approach, FollowUpRequest, Lead};
use ripen_core::touch::Plan;
use ripen_core::ValidationError;
use ripen_json::FromJson;

/// One lead: `{ client, priority, capturedAt? }`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct LeadInput {
    pub client: String,
    pub priority: String,
    /// RFC 3339: among leads of one priority, the earlier captured first.
    pub captured_at: Option<String>,
}

/// How one priority is followed up; what is left out keeps its default.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct ApproachInput {
    pub channels: Option<Vec<String>>,
    pub goal: Option<String>,
    pub approach: Option<String>,
    pub planned_result: Option<String>,
}

/// The client's working hours, `{ from: "09:00", to: "18:00" }`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct HoursInput {
    pub from: String,
    pub to: String,
}

/// `{ clients, start?, days?, capacity?, hours?, spacing?, hot?, warm?, cold? }`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct FollowUpOptions {
    pub clients: Vec<LeadInput>,
    /// RFC 3339; now, unless given.
    pub start: Option<String>,
    pub days: Option<u32>,
    pub capacity: Option<u32>,
    pub hours: Option<HoursInput>,
    /// Minutes between two touches of the plan.
    pub spacing: Option<u32>,
    pub hot: Option<ApproachInput>,
    pub warm: Option<ApproachInput>,
    pub cold: Option<ApproachInput>,
}

impl FollowUpOptions {
    pub fn request(self, now: DateTime<Utc>) -> Result<FollowUpRequest, FacadeError> {
        let leads = self
            .clients
            .into_iter()
            .enumerate()
            .map(|(i, lead)| {
                Ok(Lead {
                    client: parse_id(&format!("clients[{i}].client"), &lead.client)?,
                    priority: lead.priority.parse().map_err(|e: ValidationError| {
                        ValidationError::new(format!("clients[{i}].priority"), e.problem)
                    })?,
                    captured_at: lead
                        .captured_at
                        .map(|c| instant(&format!("clients[{i}].capturedAt"), &c))
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>, FacadeError>>()?;
        let start = self.start.as_deref().map(|s| instant("start", s)).transpose()?.unwrap_or(now);
        let mut request = FollowUpRequest::new(leads, start);
        request.days = self.days.unwrap_or(request.days);
        request.capacity = self.capacity;
        request.spacing_minutes = self.spacing.unwrap_or(request.spacing_minutes);
        if let Some(hours) = self.hours {
            request.hours = (time("hours.from", &hours.from)?, time("hours.to", &hours.to)?);
        }
        for (name, input, approach) in [
            ("hot", self.hot, &mut request.hot),
            ("warm", self.warm, &mut request.warm),
            ("cold", self.cold, &mut request.cold),
        ] {
            if let Some(input) = input {
                *approach = input.into_approach(name, approach)?;
            }
        }
        request.check()?;
        Ok(request)
    }
}

impl ApproachInput {
    fn into_approach(self, name: &str, default: &Approach) -> Result<Approach, FacadeError> {
        let channels = match self.channels {
            Some(channels) => channels
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    c.parse()
                        .map_err(|e: ValidationError| ValidationError::new(format!("{name}.channels[{i}]"), e.problem))
                })
                .collect::<Result<Vec<_>, _>>()?,
            None => default.channels.clone(),
        };
        let field = |e: ValidationError| ValidationError::new(format!("{name}.{}", e.field), e.problem);
        let plan = Plan::parse(
            self.goal.as_deref().unwrap_or(&default.plan.goal.to_string()),
            self.approach.as_deref().unwrap_or(&default.plan.approach),
            self.planned_result.as_deref().unwrap_or(&default.plan.planned_result),
        )
        .map_err(field)?;
        Ok(Approach { channels, plan })
    }
}

/// A time of day, "09:00" (or "09:00:00", as the contact rules write it).
/// A time of day, "HH:MM" or "HH:MM:SS".
pub fn time(field: &str, raw: &str) -> Result<NaiveTime, FacadeError> {
    let raw_trimmed = raw.trim();
    NaiveTime::parse_from_str(raw_trimmed, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw_trimmed, "%H:%M:%S"))
        .map_err(|_| {
            ValidationError::new(
                field,
                Problem::Malformed { reason: format!("{raw:?} is not a time of day like 09:00") },
            )
            .into()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(json: &str) -> Result<FollowUpRequest, FacadeError> {
        let options: FollowUpOptions = ripen_json::from_str(json).unwrap();
        options.request(DateTime::from_timestamp(1_772_366_400, 0).unwrap())
    }

    fn field(json: &str) -> String {
        match options(json).unwrap_err() {
            FacadeError::Validation(v) | FacadeError::Core(ripen_core::Error::Validation(v)) => v.field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn options_become_a_request_or_a_field_named_error() {
        let lead = r#"{"client":"c0000000000001.1","priority":"hot"}"#;
        let request = options(&format!(
            r#"{{"clients":[{lead}],"start":"2026-03-02T09:00:00+03:00","days":3,"capacity":4,"hours":{{"from":"10:00","to":"17:30"}},"spacing":30,"warm":{{"channels":["email"],"goal":"send_offer"}}}}"#
        ))
        .unwrap();
        assert_eq!((request.days, request.capacity, request.spacing_minutes), (3, Some(4), 30));
        assert_eq!(request.hours.1, NaiveTime::from_hms_opt(17, 30, 0).unwrap());
        let seconds = options(&format!(r#"{{"clients":[{lead}],"hours":{{"from":"09:00:00","to":"18:00:00"}}}}"#));
        assert_eq!(seconds.unwrap().hours.0, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        assert_eq!(request.warm.channels, vec![ripen_core::values::Channel::Email]);
        assert_eq!(request.warm.plan.goal.to_string(), "send_offer");
        assert_eq!(request.warm.plan.planned_result, "Need identified");
        // (options, the field refused)
        let cases = [
            (format!(r#"{{"clients":[{lead}],"days":0}}"#), "days"),
            (format!(r#"{{"clients":[{lead}],"days":61}}"#), "days"),
            (r#"{"clients":[{"client":"has space","priority":"hot"}]}"#.to_owned(), "clients[0].client"),
            (r#"{"clients":[{"client":"c0000000000001.1","priority":"lukewarm"}]}"#.to_owned(), "clients[0].priority"),
            (format!(r#"{{"clients":[{lead}],"start":"tomorrow"}}"#), "start"),
            (format!(r#"{{"clients":[{lead}],"hours":{{"from":"9","to":"18:00"}}}}"#), "hours.from"),
            (format!(r#"{{"clients":[{lead}],"hours":{{"from":"09:00","to":"25:00"}}}}"#), "hours.to"),
            (format!(r#"{{"clients":[{lead}],"hours":{{"from":"18:00","to":"09:00"}}}}"#), "hours.to"),
            (format!(r#"{{"clients":[{lead}],"capacity":0}}"#), "capacity"),
            (format!(r#"{{"clients":[{lead}],"hot":{{"channels":["pigeon"]}}}}"#), "hot.channels[0]"),
            (format!(r#"{{"clients":[{lead}],"cold":{{"approach":" "}}}}"#), "cold.approach"),
            (format!(r#"{{"clients":[{lead},{lead}]}}"#), "clients[1].client"),
        ];
        for (json, expected) in cases {
            assert_eq!(field(&json), expected, "{json}");
        }
    }
}
