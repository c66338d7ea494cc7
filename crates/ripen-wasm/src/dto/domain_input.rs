//! What JS sends for touches, pipelines, relationships and people, converted into domain
//! commands with errors that name the field.

use super::when::{calendar_date, instant};
use crate::boundary::caps;
use crate::boundary::problem::list_length;
use crate::error::FacadeError;
use chrono::{DateTime, NaiveDate, Utc};
use ripen_core::command::NewTouch;
use ripen_core::error::Problem;
use ripen_core::people::UserProfile;
use ripen_core::pipeline::{CardPosition, Stage};
use ripen_core::routing::Skill;
use ripen_core::touch::{parse_summary, Plan};
use ripen_core::values::refuse_invisible;
use ripen_core::{ClientId, Command, ValidationError};
use ripen_json::FromJson;

fn summary(field: &str, raw: Option<String>) -> Result<Option<String>, ValidationError> {
    raw.filter(|s| !s.trim().is_empty()).map(|s| parse_summary(field, &s)).transpose()
}

/// The fields every touch shares.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct TouchInput {
    pub client_id: String,
    pub channel: String,
    pub direction: Option<String>,
    pub origin: Option<String>,
    /// RFC 3339; now, unless given.
    pub at: Option<String>,
    pub summary: Option<String>,
    // Planned touches:
    pub goal: Option<String>,
    pub approach: Option<String>,
    pub planned_result: Option<String>,
    // Logged (done) touches:
    pub result: Option<String>,
    pub outcome: Option<String>,
    /// The client asked for it (a scheduled callback): exempt from the contact policy.
    #[json(default)]
    pub requested: bool,
    /// Overrides the contact policy's warnings, with this reason kept in the history.
    #[json(rename = "override")]
    pub override_reason: Option<String>,
    /// The client's answer to the NPS question, 0–10 (logged touches).
    pub nps: Option<u8>,
}

impl TouchInput {
    fn touch(&mut self) -> Result<NewTouch, FacadeError> {
        Ok(NewTouch {
            client: super::parse_id::<ClientId>("clientId", &self.client_id)?,
            channel: self.channel.parse()?,
            direction: self.direction.as_deref().map(str::parse).transpose()?.unwrap_or_default(),
            origin: self.origin.as_deref().map(str::parse).transpose()?.unwrap_or_default(),
            at: self.at.as_deref().map(|a| instant("at", a)).transpose()?,
            summary: summary("summary", self.summary.take())?,
            requested: self.requested,
            override_reason: self.override_reason.take(),
        })
    }

    /// `checkTouch`: the touch as the policy sees it, at `now` unless given.
    pub fn candidate(mut self, now: DateTime<Utc>) -> Result<ripen_core::policy::Candidate, FacadeError> {
        let touch = self.touch()?;
        // Read as `planTouch` would read it: an override it would refuse is refused here.
        let overridden = touch.override_reason.as_deref().map(|r| parse_summary("override", r)).transpose()?.is_some();
        Ok(ripen_core::policy::Candidate {
            client: touch.client,
            channel: touch.channel,
            origin: touch.origin,
            direction: touch.direction,
            requested: touch.requested,
            overridden,
            at: touch.at.unwrap_or(now),
        })
    }

    /// `planTouch`: goal, approach and planned result are all required.
    pub fn plan(mut self) -> Result<Command, FacadeError> {
        if self.result.is_some() || self.outcome.is_some() {
            return Err(ValidationError::new(
                "outcome",
                Problem::Malformed { reason: "a planned touch has no outcome yet; use completeTouch".into() },
            )
            .into());
        }
        let touch = self.touch()?;
        let plan = Plan::parse(
            self.goal.as_deref().unwrap_or_default(),
            self.approach.as_deref().unwrap_or_default(),
            self.planned_result.as_deref().unwrap_or_default(),
        )?;
        Ok(Command::PlanTouch { touch, plan })
    }

    /// `logTouch`: a touch that already happened.
    pub fn log(mut self) -> Result<Command, FacadeError> {
        if self.goal.is_some() || self.approach.is_some() || self.planned_result.is_some() {
            return Err(ValidationError::new(
                "goal",
                Problem::Malformed { reason: "a logged touch already happened; use planTouch to plan one".into() },
            )
            .into());
        }
        let touch = self.touch()?;
        let result = summary("result", self.result.take())?;
        let outcome = self.outcome.as_deref().map(str::parse).transpose()?;
        let nps = self.nps.map(ripen_core::touch::NpsScore::try_from).transpose()?;
        Ok(Command::LogTouch { touch, result, outcome, nps })
    }
}

/// `completeTouch(id, { result, outcome, at? })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct CompleteInput {
    pub result: Option<String>,
    pub outcome: String,
    pub at: Option<String>,
    /// The client's answer to the NPS question, 0–10.
    pub nps: Option<u8>,
}

impl CompleteInput {
    pub fn into_command(self, touch: ripen_core::TouchId) -> Result<Command, FacadeError> {
        Ok(Command::CompleteTouch {
            touch,
            result: summary("result", self.result)?,
            outcome: self.outcome.parse()?,
            at: self.at.as_deref().map(|a| instant("at", a)).transpose()?,
            nps: self.nps.map(ripen_core::touch::NpsScore::try_from).transpose()?,
        })
    }
}

/// `{ reason? }` for cancelling a touch.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct ReasonInput {
    pub reason: Option<String>,
}

impl ReasonInput {
    pub fn reason(self) -> Result<Option<String>, ValidationError> {
        summary("reason", self.reason)
    }
}

/// `moveStage(clientId, { pipeline, stage, at? })` or `{ pipeline, lost: "reason", at? }`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct MoveInput {
    pub pipeline: String,
    pub stage: Option<String>,
    pub lost: Option<String>,
    /// The deal's value in whole currency units, e.g. when the card reaches "paid".
    pub amount: Option<u64>,
    /// RFC 3339: when the card moved, for a move recorded later; now, unless given.
    pub at: Option<String>,
}

impl MoveInput {
    pub fn into_command(self, client: ClientId) -> Result<Command, FacadeError> {
        let pipeline = self.pipeline.parse()?;
        let to = match (self.stage, self.lost) {
            (Some(stage), None) => CardPosition::Stage { stage: stage.parse()? },
            (None, Some(reason)) => CardPosition::Lost { reason: parse_summary("lost", &reason)? },
            _ => {
                return Err(ValidationError::new(
                    "stage",
                    Problem::Malformed { reason: "give either a stage or a lost reason".into() },
                )
                .into())
            }
        };
        let at = self.at.as_deref().map(|at| instant("at", at)).transpose()?;
        Ok(Command::MoveStage { client, pipeline, to, amount: self.amount, at })
    }
}

/// A stage as JS describes it.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct StageInput {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub rot_days: Option<u32>,
    pub expected_conversion: Option<u8>,
    #[json(default)]
    pub retired: bool,
}

impl TryFrom<StageInput> for Stage {
    type Error = ValidationError;
    fn try_from(input: StageInput) -> Result<Self, Self::Error> {
        refuse_invisible("name", &input.name)?;
        let mut stage = Stage::parse(
            &input.id,
            &input.name,
            input.kind.as_deref().unwrap_or("active"),
            input.rot_days,
            input.expected_conversion,
        )?;
        stage.retired = input.retired;
        Ok(stage)
    }
}

/// `changeStage(pipeline, { id, …changes })`: only the fields given change.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct StagePatch {
    pub id: String,
    pub name: Option<String>,
    pub kind: Option<String>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub rot_days: Option<Option<u32>>,
    #[json(default, deserialize_with = "ripen_json::present")]
    pub expected_conversion: Option<Option<u8>>,
    pub retired: Option<bool>,
}

impl StagePatch {
    /// The stage as it will be: `current` with this patch's changes, validated again.
    pub fn apply(self, current: &Stage) -> Result<Stage, ValidationError> {
        if let Some(name) = &self.name {
            refuse_invisible("name", name)?;
        }
        let mut stage = Stage::parse(
            current.id.as_str(),
            self.name.as_deref().unwrap_or(&current.name),
            self.kind.as_deref().unwrap_or(current.kind.as_str()),
            self.rot_days.unwrap_or(current.rot_days),
            self.expected_conversion.unwrap_or(current.expected_conversion),
        )?;
        stage.retired = self.retired.unwrap_or(current.retired);
        Ok(stage)
    }
}

/// `addPipeline({ id, name, stages })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct PipelineInput {
    pub id: String,
    pub name: String,
    pub stages: Vec<StageInput>,
}

impl PipelineInput {
    pub fn into_command(self) -> Result<Command, FacadeError> {
        refuse_invisible("name", &self.name)?;
        list_length("stages", self.stages.len(), caps::STAGES)?;
        let stages = self
            .stages
            .into_iter()
            .enumerate()
            .map(|(i, s)| Stage::try_from(s).map_err(|e| e.within(&format!("stages[{i}]"))))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Command::AddPipeline { id: self.id.parse()?, name: self.name, stages })
    }
}

/// `link(from, to, kind, { position?, since? })`'s options.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct LinkOptions {
    pub position: Option<String>,
    pub since: Option<String>,
}

impl LinkOptions {
    pub fn since(&self) -> Result<Option<NaiveDate>, FacadeError> {
        self.since.as_deref().map(|s| calendar_date("since", s)).transpose()
    }
}

/// `endLink(id, { on })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct EndLinkInput {
    pub on: String,
}

impl EndLinkInput {
    pub fn on(&self) -> Result<NaiveDate, FacadeError> {
        calendar_date("on", &self.on)
    }
}

/// `saveUser(id, { name, role, team?, absent?, sees?, cap?, skills? })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct UserInput {
    pub name: String,
    pub role: String,
    pub team: Option<String>,
    #[json(default)]
    pub absent: bool,
    pub sees: Option<String>,
    pub cap: Option<u32>,
    #[json(default)]
    pub skills: Vec<Skill>,
}

impl TryFrom<UserInput> for UserProfile {
    type Error = FacadeError;
    fn try_from(input: UserInput) -> Result<Self, Self::Error> {
        refuse_invisible("name", &input.name)?;
        list_length("skills", input.skills.len(), caps::SKILLS)?;
        Ok(UserProfile {
            name: input.name,
            role: input.role.parse()?,
            team: input.team.as_deref().map(str::parse).transpose()?,
            absent: input.absent,
            sees: input.sees.as_deref().map(str::parse).transpose()?,
            cap: input.cap,
            skills: input.skills,
        })
    }
}

/// `saveTeam(id, { name })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct TeamInput {
    pub name: String,
}

impl TeamInput {
    pub fn name(self) -> Result<String, ValidationError> {
        refuse_invisible("name", &self.name)?;
        Ok(self.name)
    }
}

/// A plan's period held to the years the API takes.
pub fn checked_plan(plan: ripen_core::plans::SalesPlan) -> Result<ripen_core::plans::SalesPlan, FacadeError> {
    super::when::checked_date("from", plan.from)?;
    super::when::checked_date("to", plan.to)?;
    Ok(plan)
}

/// `handOff(clientId, { to, reason? })`: `to: null` leaves the client without an owner.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct HandOffInput {
    pub to: Option<String>,
    pub reason: Option<String>,
}

/// `agenda({ user?, now?, days? })`.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct AgendaOptions {
    /// Whose clients: the current user's unless given; `null` for everyone's.
    #[json(default, deserialize_with = "ripen_json::present")]
    pub user: Option<Option<String>>,
    pub now: Option<String>,
    pub days: Option<u32>,
}

impl AgendaOptions {
    pub fn query(self, current_user: &str, now: DateTime<Utc>) -> Result<ripen_core::agenda::AgendaQuery, FacadeError> {
        let owner = match self.user {
            None => Some(super::parse_id("user", current_user)?),
            Some(None) => None,
            Some(Some(user)) => Some(super::parse_id("user", &user)?),
        };
        let now = self.now.as_deref().map(|n| instant("now", n)).transpose()?.unwrap_or(now);
        let days_ahead = self.days.unwrap_or(14);
        if days_ahead > 366 {
            return Err(ValidationError::new("days", Problem::TooLong { max: 366, actual: days_ahead as usize }).into());
        }
        Ok(ripen_core::agenda::AgendaQuery { owner, now, days_ahead })
    }
}

/// `funnel({ pipeline, from?, to?, cohort?, by?, filter? })`.
#[derive(Debug, FromJson)]
#[json(deny_unknown_fields)]
pub struct FunnelOptions {
    pub pipeline: String,
    /// RFC 3339; 30 days before `to`, unless given.
    pub from: Option<String>,
    /// RFC 3339; now, unless given.
    pub to: Option<String>,
    pub cohort: Option<String>,
    pub by: Option<String>,
    #[json(default)]
    pub filter: FunnelFilterInput,
}

#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields, rename_all = "camelCase")]
pub struct FunnelFilterInput {
    pub owner: Option<String>,
    pub team: Option<String>,
    pub region: Option<String>,
    pub industry: Option<String>,
    pub source: Option<String>,
    pub client_type: Option<String>,
    pub kind: Option<String>,
    #[json(default)]
    pub tags: Vec<String>,
    /// Leads met at this show.
    pub show: Option<String>,
    /// Leads rated so: "hot", "warm", "cold".
    pub rating: Option<String>,
}

impl FunnelOptions {
    pub fn query(self, now: DateTime<Utc>) -> Result<ripen_core::funnel::FunnelQuery, FacadeError> {
        let (from, to) = period(self.from.as_deref(), self.to.as_deref(), now)?;
        let label = |field: &str, raw: Option<String>| -> Result<Option<ripen_core::values::Label>, ValidationError> {
            raw.map(|r| r.parse().map_err(|e: ValidationError| e.within(field))).transpose()
        };
        let f = self.filter;
        let filter = ripen_core::funnel::FunnelFilter {
            owner: f.owner.as_deref().map(|o| super::parse_id("filter.owner", o)).transpose()?,
            team: f.team.as_deref().map(|t| super::parse_id("filter.team", t)).transpose()?,
            region: label("filter.region", f.region)?,
            industry: label("filter.industry", f.industry)?,
            source: label("filter.source", f.source)?,
            client_type: label("filter.clientType", f.client_type)?,
            kind: f.kind.as_deref().map(str::parse).transpose()?,
            tags: {
                list_length("filter.tags", f.tags.len(), caps::FILTER_TAGS)?;
                f.tags.iter().map(|t| t.parse()).collect::<Result<_, ValidationError>>()?
            },
            show: f.show.as_deref().map(|s| super::parse_id("filter.show", s)).transpose()?,
            rating: f.rating.as_deref().map(str::parse).transpose().map_err(|e: ValidationError| e.within("filter"))?,
        };
        Ok(ripen_core::funnel::FunnelQuery {
            pipeline: super::parse_id("pipeline", &self.pipeline)?,
            from,
            to,
            cohort: self.cohort.as_deref().map(str::parse).transpose()?.unwrap_or(ripen_core::funnel::Cohort::Entered),
            by: self.by.as_deref().map(str::parse).transpose()?,
            filter,
        })
    }
}

/// `nps({ from?, to?, by? })`, `activity({ from?, to?, user? })` and `plans({ now? })`: a
/// period (the last 30 days unless given), a split or a rep, or a moment.
#[derive(Debug, Default, FromJson)]
#[json(deny_unknown_fields)]
pub struct ReportOptions {
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: Option<String>,
    pub user: Option<String>,
    /// For `plans`: the moment to measure at.
    pub now: Option<String>,
}

impl ReportOptions {
    /// Refuses the fields only other reports take, for a report of a period alone.
    pub fn only_period(&self) -> Result<(), FacadeError> {
        for (field, given) in [("by", self.by.is_some()), ("user", self.user.is_some()), ("now", self.now.is_some())] {
            if given {
                return Err(ValidationError::new(
                    field,
                    Problem::Malformed { reason: "this report takes only `from` and `to`".into() },
                )
                .into());
            }
        }
        Ok(())
    }

    pub fn period(&self, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>), FacadeError> {
        period(self.from.as_deref(), self.to.as_deref(), now)
    }
}

/// A report's half-open period `[from, to)`: the 30 days before `to` unless `from` is
/// given; up to and including the current millisecond unless `to` is given, because
/// something recorded a moment ago carries the same millisecond as `now`.
fn period(
    from: Option<&str>,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), FacadeError> {
    let to = match to {
        Some(t) => instant("to", t)?,
        None => now + chrono::Duration::milliseconds(1),
    };
    let from = from.map(|f| instant("from", f)).transpose()?.unwrap_or(to - chrono::Duration::days(30));
    if from >= to {
        return Err(ValidationError::new(
            "to",
            Problem::Malformed { reason: "the period must end after it starts".into() },
        )
        .into());
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(json: &str) -> Result<Command, String> {
        let input: TouchInput = ripen_json::from_str(json).map_err(|e| e.to_string())?;
        input.plan().map_err(|e| e.to_string())
    }

    #[test]
    fn a_plan_needs_goal_approach_and_planned_result() {
        let ok = r#"{"clientId":"c1","channel":"call","at":"2026-03-02T10:00:00+07:00","goal":"send_offer","approach":"new plant","plannedResult":"meeting"}"#;
        let Command::PlanTouch { touch, plan } = planned(ok).unwrap() else { panic!() };
        assert_eq!(touch.at.unwrap().to_rfc3339(), "2026-03-02T03:00:00+00:00");
        assert_eq!(plan.goal.to_string(), "send_offer");
        let cases = [
            (r#"{"clientId":"c1","channel":"call","approach":"a","plannedResult":"r"}"#, "goal"),
            (r#"{"clientId":"c1","channel":"call","goal":"send_offer","plannedResult":"r"}"#, "approach"),
            (r#"{"clientId":"c1","channel":"call","goal":"send_offer","approach":"a"}"#, "plannedResult"),
            (r#"{"clientId":"c1","channel":"pigeon","goal":"g","approach":"a","plannedResult":"r"}"#, "channel"),
            (
                r#"{"clientId":"c1","channel":"call","at":"tomorrow","goal":"g","approach":"a","plannedResult":"r"}"#,
                "at",
            ),
            (
                r#"{"clientId":"c1","channel":"call","goal":"g","approach":"a","plannedResult":"r","outcome":"success"}"#,
                "outcome",
            ),
        ];
        for (json, field) in cases {
            let error = planned(json).unwrap_err();
            assert!(error.starts_with(&format!("invalid input: {field}")), "{json}: {error}");
        }
    }

    #[test]
    fn a_move_is_to_a_stage_or_lost_with_a_reason_at_a_time_it_may_name() {
        let client: ClientId = "c1".parse().unwrap();
        let mv = |json: &str| ripen_json::from_str::<MoveInput>(json).unwrap().into_command(client.clone());
        let at = |text: &str| Some(instant("at", text).unwrap());
        // Each move and the time it names, or the field its error names.
        type Named<'a> = Result<Option<DateTime<Utc>>, &'a str>;
        let cases: [(&str, Named<'_>); 8] = [
            (r#"{"pipeline":"sales","stage":"offer_sent"}"#, Ok(None)),
            (r#"{"pipeline":"sales","lost":"нет бюджета"}"#, Ok(None)),
            (r#"{"pipeline":"sales","stage":"paid","at":"2026-03-02T10:00:00+07:00"}"#, Ok(at("2026-03-02T03:00:00Z"))),
            (r#"{"pipeline":"sales"}"#, Err("stage")),
            (r#"{"pipeline":"sales","stage":"paid","lost":"x"}"#, Err("stage")),
            (r#"{"pipeline":"sales","lost":"  "}"#, Err("lost")),
            (r#"{"pipeline":"sales","stage":"paid","at":"yesterday"}"#, Err("at")),
            (r#"{"pipeline":"sales","stage":"paid","at":"0202-03-02T10:00:00Z"}"#, Err("at")),
        ];
        for (json, expected) in cases {
            match (mv(json), expected) {
                (Ok(Command::MoveStage { at, .. }), Ok(time)) => assert_eq!(at, time, "{json}"),
                (Err(error), Err(field)) => assert_eq!(error.field(), Some(field), "{json}"),
                (got, _) => panic!("{json}: {got:?}"),
            }
        }
    }

    #[test]
    fn default_period_includes_the_current_millisecond() {
        let now = instant("now", "2026-03-01T12:00:00.000Z").unwrap();
        let (from, to) = period(None, None, now).unwrap();
        assert!(from < now && now < to);
        assert_eq!(to - from, chrono::Duration::days(30));
        let (_, to) = period(None, Some("2026-01-01T00:00:00Z"), now).unwrap();
        assert_eq!(to.to_rfc3339(), "2026-01-01T00:00:00+00:00");
        assert!(period(Some("2026-02-01T00:00:00Z"), Some("2026-01-01T00:00:00Z"), now).is_err());
    }
}
