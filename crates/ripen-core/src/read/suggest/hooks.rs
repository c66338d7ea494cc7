//! Hooks: what makes a touch worth making now, each with a typed kind, its parameters and
//! a plain-language reason (the UI words it in RU or EN from the kind and parameters).
//!
//! Priority, highest first (the urgencies follow the agenda's, so a suggestion ranks as
//! its item would): a web lead waiting for its first touch; a rotting card; after a sale,
//! the NPS survey, then the repeat sale; an important date within [`DAYS_AHEAD`] days; a
//! meetup within as many; a wish not yet offered; the stage's stimulus; and, for every
//! client, the time since the last touch.

use super::facts::Facts;
use super::DAYS_AHEAD;
use crate::model::client::Client;
use crate::model::pipeline::{CardPosition, StageKind};
use crate::model::touch::{ContactGoal, KnownGoal, Plan};
use crate::read::agenda::{date_label, days_between, next_yearly, rot_limit, NPS_AFTER_DAYS, REPEAT_SALE_AFTER_DAYS};
use crate::read::response::is_web_lead;
use crate::state::CrmState;
use crate::values::ids::{PipelineId, StageId};
use crate::values::newtype::string_enum;
use crate::values::sort;
use crate::values::zone::Zone;
use chrono::{DateTime, Duration, NaiveDate, Utc};

string_enum! {
    /// What a suggestion hooks on.
    HookKind in "kind" {
        /// A lead from the website no one has been in touch with (`minutes` waited).
        WebLead = "web_lead",
        /// A card silent past its stage's limit (`days` silent, `subject` the stage).
        Rotting = "rotting",
        /// Bought `days` ago and not yet asked how it goes.
        Nps = "nps",
        /// Bought `days` ago: time to offer the next purchase.
        RepeatSale = "repeat_sale",
        /// An important date (`subject`) falls in `days` days, `on`.
        Date = "date",
        /// A meetup (`subject`) starts in `days` days, `on`.
        Meetup = "meetup",
        /// A wish (`subject`) recorded `on`, not offered since.
        Wish = "wish",
        /// The card's stage recommends an action (`subject`).
        Stimulus = "stimulus",
        /// `days` since the last touch; no `days`: never in touch.
        Quiet = "quiet",
    }
}

/// One reason to get in touch.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct Hook {
    pub kind: HookKind,
    /// The reason in a plain English sentence.
    pub reason: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<i64>,
    /// What it is about: the date's name, the meetup's title, the wish, the stimulus, the
    /// stage.
    #[json(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
    /// Higher is more urgent.
    pub urgency: i64,
}

impl Hook {
    fn new(kind: HookKind, urgency: i64, reason: String) -> Self {
        Self { kind, reason, days: None, minutes: None, subject: None, on: None, urgency }
    }

    fn days(self, days: i64) -> Self {
        Self { days: Some(days), ..self }
    }

    fn subject(self, subject: &str) -> Self {
        Self { subject: Some(subject.to_owned()), ..self }
    }

    fn on(self, on: NaiveDate) -> Self {
        Self { on: Some(on), ..self }
    }

    /// What planning a touch on this hook says: its goal, approach and planned result.
    pub fn plan(&self) -> Plan {
        let known = ContactGoal::Known;
        let (goal, result) = match self.kind {
            HookKind::WebLead => (known(KnownGoal::IdentifyNeed), "The need is known and the next step agreed"),
            HookKind::Rotting | HookKind::Stimulus => {
                (known(KnownGoal::IdentifyInterest), "The client's interest is clear and the next step agreed")
            }
            HookKind::Nps => (known(KnownGoal::NpsSurvey), "The client's NPS answer, and who else could use it"),
            HookKind::RepeatSale => (known(KnownGoal::RepeatSale), "An offer for the next purchase is agreed"),
            HookKind::Date => (ContactGoal::Custom("congratulate".into()), "Congratulated, and the next step agreed"),
            HookKind::Meetup => (known(KnownGoal::ScheduleMeeting), "A meeting there is booked"),
            HookKind::Wish => (known(KnownGoal::SendOffer), "An offer that fits the wish is sent"),
            HookKind::Quiet if self.days.is_none() => (known(KnownGoal::IdentifyNeed), "The need is known"),
            HookKind::Quiet => (known(KnownGoal::IdentifyInterest), "Back in touch, the next step agreed"),
        };
        let approach = match (&self.kind, &self.subject) {
            (HookKind::Stimulus, Some(stimulus)) => stimulus.clone(),
            _ => self.reason.clone(),
        };
        Plan { goal, approach, planned_result: result.to_owned() }
    }
}

/// The hooks of one client: the main one, the others, and the card they are about.
#[derive(Debug)]
pub(super) struct Found {
    pub main: Hook,
    pub also: Vec<Hook>,
    pub pipeline: Option<PipelineId>,
    pub stage: Option<StageId>,
    pub stage_kind: Option<StageKind>,
    pub stimuli: Vec<String>,
}

/// Every hook that applies to `client` at `now`, the main one first. There is always one:
/// the time since the last touch.
pub(super) fn find(state: &CrmState, client: &Client, facts: &Facts, zone: Zone, now: DateTime<Utc>) -> Found {
    let mut hooks = Vec::new();
    let today = now.with_timezone(&zone).date_naive();
    if is_web_lead(client) && facts.last_done.is_none() {
        let minutes = (now - client.created_at).num_minutes().max(0);
        hooks.push(Hook {
            minutes: Some(minutes),
            ..Hook::new(
                HookKind::WebLead,
                950_000 + minutes.min(49_999),
                format!("A web lead has waited {} h {} min for a first touch.", minutes / 60, minutes % 60),
            )
        });
    }
    let mut card_of_stage = None;
    for card in state.pipelines.cards_of(&client.id) {
        let CardPosition::Stage { stage: stage_id } = &card.position else { continue };
        let Some(pipeline) = state.pipelines.get(&card.pipeline) else { continue };
        let Some(stage) = pipeline.stage(stage_id) else { continue };
        let stimuli = state.stimuli.for_stage(&card.pipeline, stage_id);
        if card_of_stage.is_none() {
            card_of_stage = Some((card.pipeline.clone(), stage_id.clone(), stage.kind, stimuli.to_vec()));
        }
        let is_last = pipeline.stages.last().is_some_and(|s| &s.id == stage_id);
        let quiet_since = facts.last_done.map_or(card.since, |t| t.max(card.since));
        if let Some(allowed) = rot_limit(stage).filter(|_| !is_last) {
            let silent = days_between(quiet_since, now);
            if now - quiet_since > Duration::days(allowed) {
                hooks.push(
                    Hook::new(
                        HookKind::Rotting,
                        800_000 + (silent - allowed),
                        format!("No touch for {silent} days at \"{}\" (the limit is {allowed}).", stage.name),
                    )
                    .days(silent)
                    .subject(&stage.name),
                );
            }
        }
        if is_last {
            let since_sale = days_between(card.since, now);
            let asked = |last: Option<DateTime<Utc>>| last.is_some_and(|at| at >= card.since);
            if since_sale >= NPS_AFTER_DAYS && !asked(facts.last_nps) {
                hooks.push(
                    Hook::new(
                        HookKind::Nps,
                        600_000 + since_sale,
                        format!("Bought {since_sale} days ago and not yet asked how it goes."),
                    )
                    .days(since_sale),
                );
            }
            if since_sale >= REPEAT_SALE_AFTER_DAYS && !asked(facts.last_repeat) {
                hooks.push(
                    Hook::new(
                        HookKind::RepeatSale,
                        550_000 + since_sale,
                        format!("Bought {since_sale} days ago: time to offer the next purchase."),
                    )
                    .days(since_sale),
                );
            }
        }
        if let Some(first) = stimuli.first() {
            hooks.push(
                Hook::new(HookKind::Stimulus, 300_000, format!("At \"{}\" the next step is: {first}.", stage.name))
                    .subject(first),
            );
        }
    }
    for date in &client.fields.dates {
        let Some(next) = next_yearly(today, date.month, date.day) else { continue };
        let ahead = (next - today).num_days();
        if ahead <= DAYS_AHEAD {
            let what = date_label(date);
            let when = if ahead == 0 { "today".to_owned() } else { format!("in {ahead} days") };
            hooks.push(
                Hook::new(
                    HookKind::Date,
                    500_000 - ahead,
                    format!("Their {what} is {when}: a reason to congratulate."),
                )
                .days(ahead)
                .subject(&what)
                .on(next),
            );
        }
    }
    for meetup in &client.fields.meetups {
        let ahead = (meetup.starts_on - today).num_days();
        if (0..=DAYS_AHEAD).contains(&ahead) {
            hooks.push(
                Hook::new(
                    HookKind::Meetup,
                    490_000 - ahead,
                    format!("{} starts in {ahead} days: book a meeting there.", meetup.title),
                )
                .days(ahead)
                .subject(&meetup.title)
                .on(meetup.starts_on),
            );
        }
    }
    // The latest wish no offer has followed.
    let offered = facts.last_offer.map(|at| at.with_timezone(&zone).date_naive());
    if let Some(wish) =
        client.fields.wishes.iter().filter(|w| offered.is_none_or(|o| w.noted_on > o)).max_by_key(|w| w.noted_on)
    {
        hooks.push(
            Hook::new(
                HookKind::Wish,
                400_000,
                format!("They wished for \"{}\" ({}), not yet offered.", wish.text, wish.noted_on),
            )
            .subject(&wish.text)
            .on(wish.noted_on),
        );
    }
    hooks.push(match facts.last_done {
        Some(last) => {
            let days = days_between(last, now).max(0);
            Hook::new(HookKind::Quiet, 100_000 + days.min(99_999), format!("{days} days since the last touch."))
                .days(days)
        }
        None => {
            let days = days_between(client.created_at, now).max(0);
            Hook::new(
                HookKind::Quiet,
                100_000 + days.min(99_999),
                format!("Never in touch since added {days} days ago."),
            )
        }
    });
    sort::sort_by(&mut hooks, |a, b| b.urgency.cmp(&a.urgency));
    let mut hooks = hooks.into_iter();
    let main = hooks.next().unwrap_or_else(|| unreachable!("the quiet hook is always there"));
    let (pipeline, stage, stage_kind, stimuli) = match card_of_stage {
        Some((pipeline, stage, kind, stimuli)) => (Some(pipeline), Some(stage), Some(kind), stimuli),
        None => (None, None, None, Vec::new()),
    };
    Found { main, also: hooks.collect(), pipeline, stage, stage_kind, stimuli }
}
