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
use std::borrow::Cow;

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

/// A hook as found: kind, urgency and parameters, borrowed from the state where it can
/// be; worded ([`Lite::hook`]) only for the suggestions shown.
#[derive(Debug, Clone)]
pub(super) struct Lite<'a> {
    pub kind: HookKind,
    pub urgency: i64,
    days: Option<i64>,
    minutes: Option<i64>,
    subject: Option<Cow<'a, str>>,
    on: Option<NaiveDate>,
    /// For a rotting card: the stage's limit, in days.
    limit: Option<i64>,
}

impl<'a> Lite<'a> {
    fn new(kind: HookKind, urgency: i64) -> Self {
        Self { kind, urgency, days: None, minutes: None, subject: None, on: None, limit: None }
    }

    fn days(self, days: i64) -> Self {
        Self { days: Some(days), ..self }
    }

    fn subject(self, subject: impl Into<Cow<'a, str>>) -> Self {
        Self { subject: Some(subject.into()), ..self }
    }

    fn on(self, on: NaiveDate) -> Self {
        Self { on: Some(on), ..self }
    }

    /// The hook with its reason in a plain English sentence.
    pub(super) fn hook(&self) -> Hook {
        let days = self.days.unwrap_or_default();
        let subject = self.subject.as_deref().unwrap_or_default();
        let reason = match self.kind {
            HookKind::WebLead => {
                let minutes = self.minutes.unwrap_or_default();
                format!("A web lead has waited {} h {} min for a first touch.", minutes / 60, minutes % 60)
            }
            HookKind::Rotting => {
                format!("No touch for {days} days at \"{subject}\" (the limit is {}).", self.limit.unwrap_or_default())
            }
            HookKind::Nps => format!("Bought {days} days ago and not yet asked how it goes."),
            HookKind::RepeatSale => format!("Bought {days} days ago: time to offer the next purchase."),
            HookKind::Date if days == 0 => format!("Their {subject} is today: a reason to congratulate."),
            HookKind::Date => format!("Their {subject} is in {days} days: a reason to congratulate."),
            HookKind::Meetup => format!("{subject} starts in {days} days: book a meeting there."),
            HookKind::Wish => match self.on {
                Some(on) => format!("They wished for \"{subject}\" ({on}), not yet offered."),
                None => format!("They wished for \"{subject}\", not yet offered."),
            },
            HookKind::Stimulus => format!("The stage's next step is: {subject}."),
            HookKind::Quiet if self.days.is_none() => "Never in touch yet.".to_owned(),
            HookKind::Quiet => format!("{days} days since the last touch."),
        };
        Hook {
            kind: self.kind,
            reason,
            days: self.days,
            minutes: self.minutes,
            subject: self.subject.as_ref().map(|s| s.to_string()),
            on: self.on,
            urgency: self.urgency,
        }
    }
}

/// The card a suggestion is about: the first at a stage.
#[derive(Debug, Clone, Copy)]
pub(super) struct OnCard<'a> {
    pub pipeline: &'a PipelineId,
    pub stage: &'a StageId,
    pub kind: StageKind,
    pub stimuli: &'a [String],
}

/// The hooks of one client, the main one first, and the card they are about.
#[derive(Debug)]
pub(super) struct Found<'a> {
    pub hooks: Vec<Lite<'a>>,
    pub card: Option<OnCard<'a>>,
}

impl<'a> Found<'a> {
    pub(super) fn main(&self) -> &Lite<'a> {
        &self.hooks[0]
    }
}

/// Every hook that applies to `client` at `now`, the main one first. There is always one:
/// the time since the last touch.
pub(super) fn find<'a>(
    state: &'a CrmState,
    client: &'a Client,
    facts: &Facts,
    zone: Zone,
    now: DateTime<Utc>,
) -> Found<'a> {
    let mut hooks = Vec::new();
    let today = now.with_timezone(&zone).date_naive();
    if is_web_lead(client) && facts.last_done.is_none() {
        let minutes = (now - client.created_at).num_minutes().max(0);
        hooks.push(Lite { minutes: Some(minutes), ..Lite::new(HookKind::WebLead, 950_000 + minutes.min(49_999)) });
    }
    let mut on_card = None;
    for card in state.pipelines.cards_of(&client.id) {
        let CardPosition::Stage { stage: stage_id } = &card.position else { continue };
        let Some(pipeline) = state.pipelines.get(&card.pipeline) else { continue };
        let Some(stage) = pipeline.stage(stage_id) else { continue };
        let stimuli = state.stimuli.for_stage(&card.pipeline, stage_id);
        if on_card.is_none() {
            on_card = Some(OnCard { pipeline: &card.pipeline, stage: stage_id, kind: stage.kind, stimuli });
        }
        let is_last = pipeline.stages.last().is_some_and(|s| &s.id == stage_id);
        let quiet_since = facts.last_done.map_or(card.since, |t| t.max(card.since));
        if let Some(allowed) = rot_limit(stage).filter(|_| !is_last) {
            let silent = days_between(quiet_since, now);
            if now - quiet_since > Duration::days(allowed) {
                let hook = Lite::new(HookKind::Rotting, 800_000 + (silent - allowed)).days(silent);
                hooks.push(Lite { limit: Some(allowed), ..hook.subject(stage.name.as_str()) });
            }
        }
        if is_last {
            let since_sale = days_between(card.since, now);
            let asked = |last: Option<DateTime<Utc>>| last.is_some_and(|at| at >= card.since);
            if since_sale >= NPS_AFTER_DAYS && !asked(facts.last_nps) {
                hooks.push(Lite::new(HookKind::Nps, 600_000 + since_sale).days(since_sale));
            }
            if since_sale >= REPEAT_SALE_AFTER_DAYS && !asked(facts.last_repeat) {
                hooks.push(Lite::new(HookKind::RepeatSale, 550_000 + since_sale).days(since_sale));
            }
        }
        if let Some(first) = stimuli.first() {
            hooks.push(Lite::new(HookKind::Stimulus, 300_000).subject(first.as_str()));
        }
    }
    for date in &client.fields.dates {
        let Some(next) = next_yearly(today, date.month, date.day) else { continue };
        let ahead = (next - today).num_days();
        if ahead <= DAYS_AHEAD {
            hooks.push(Lite::new(HookKind::Date, 500_000 - ahead).days(ahead).subject(date_label(date)).on(next));
        }
    }
    for meetup in &client.fields.meetups {
        let ahead = (meetup.starts_on - today).num_days();
        if (0..=DAYS_AHEAD).contains(&ahead) {
            let hook = Lite::new(HookKind::Meetup, 490_000 - ahead).days(ahead);
            hooks.push(hook.subject(meetup.title.as_str()).on(meetup.starts_on));
        }
    }
    // The latest wish no offer has followed.
    let offered = facts.last_offer.map(|at| at.with_timezone(&zone).date_naive());
    if let Some(wish) =
        client.fields.wishes.iter().filter(|w| offered.is_none_or(|o| w.noted_on > o)).max_by_key(|w| w.noted_on)
    {
        hooks.push(Lite::new(HookKind::Wish, 400_000).subject(wish.text.as_str()).on(wish.noted_on));
    }
    hooks.push(match facts.last_done {
        Some(last) => {
            let days = days_between(last, now).max(0);
            Lite::new(HookKind::Quiet, 100_000 + days.min(99_999)).days(days)
        }
        None => Lite::new(HookKind::Quiet, 100_000 + days_between(client.created_at, now).clamp(0, 99_999)),
    });
    sort::sort_by(&mut hooks, |a, b| b.urgency.cmp(&a.urgency));
    Found { hooks, card: on_card }
}
