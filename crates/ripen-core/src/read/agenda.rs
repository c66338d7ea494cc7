//! The rep's agenda: what to do today and why — overdue and today's touches, cards going
//! silent or without a next step, dates worth a call, after-sale follow-ups — most urgent
//! first; plus the stage stimuli suggested with a card.

use crate::model::pipeline::{CardPosition, Stage, StageKind};
use crate::model::touch::{ContactGoal, KnownGoal};
use crate::read::access::Access;
use crate::read::response::waiting;
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::{ClientId, PipelineId, StageId, TouchId, UserId};
use crate::values::newtype::string_enum;
use crate::values::sort;
use crate::values::ImportantDate;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};

pub use crate::model::stimuli::Stimuli;

string_enum! {
    /// Why an item is on the agenda.
    AgendaKind in "kind" {
        Overdue = "overdue",
        Today = "today",
        Rotting = "rotting",
        NoNextStep = "no_next_step",
        AfterSale = "after_sale",
        Date = "date",
        /// A web lead no one has been in touch with yet (`waiting_ms` says how long).
        Waiting = "waiting",
    }
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct AgendaItem {
    pub kind: AgendaKind,
    pub client: ClientId,
    #[json(skip_serializing_if = "Option::is_none")]
    pub touch: Option<TouchId>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<PipelineId>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageId>,
    /// When it was or is due.
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub due: DateTime<Utc>,
    /// Why it is here, in a sentence.
    pub why: String,
    /// What to do about it.
    pub todo: String,
    /// Recommended next actions for the card's stage (stage stimuli).
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// Higher is more urgent; the list is sorted by it.
    pub urgency: i64,
    /// For a waiting web lead: how long it has waited, in milliseconds.
    #[json(skip_serializing_if = "Option::is_none")]
    pub waiting_ms: Option<i64>,
}

/// What to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaQuery {
    /// Only this owner's clients; everyone's if `None`.
    pub owner: Option<UserId>,
    pub now: DateTime<Utc>,
    /// How far ahead to look for dates and events.
    pub days_ahead: u32,
}

/// After a sale: ask for the NPS after this long…
pub(crate) const NPS_AFTER_DAYS: i64 = 7;
/// …and offer again after this long.
pub(crate) const REPEAT_SALE_AFTER_DAYS: i64 = 90;

/// Whole days from `from` to `to` (rounded down).
pub(crate) fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_hours().div_euclid(24)
}

/// The next time a yearly date falls, on or after `today` (29 February falls on the 28th
/// in other years).
pub(crate) fn next_yearly(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    [today.year(), today.year() + 1].into_iter().find_map(|year| {
        let date =
            NaiveDate::from_ymd_opt(year, month, day).or_else(|| NaiveDate::from_ymd_opt(year, month, day - 1))?;
        (date >= today).then_some(date)
    })
}

/// How many days a card may stay silent at `stage` before it rots, if it can: waiting on
/// the client is silence by design, so a waiting stage rots at half the pace.
pub(crate) fn rot_limit(stage: &Stage) -> Option<i64> {
    stage.rot_days.map(|rot| i64::from(rot) * if stage.kind == StageKind::Waiting { 2 } else { 1 })
}

/// How a date is named in a sentence: its label, else its kind ("birthday").
pub(crate) fn date_label(date: &ImportantDate) -> String {
    date.label.clone().unwrap_or_else(|| date.kind.as_str().replace('_', " "))
}

/// The agenda of the clients `access` sees, most urgent first.
pub fn agenda(state: &CrmState, query: &AgendaQuery, access: &Access) -> Vec<AgendaItem> {
    let now = query.now;
    let mut items = Vec::new();
    let clients = state
        .clients()
        .filter(|c| query.owner.is_none() || c.owner == query.owner)
        .filter(|c| access.sees(&state.people, c));
    for client in clients {
        let touches: Vec<_> = state.touches_of(&client.id).collect();
        let item = |kind, due, why: String, todo: &str| AgendaItem {
            kind,
            client: client.id.clone(),
            touch: None,
            pipeline: None,
            stage: None,
            due,
            why,
            todo: todo.to_owned(),
            suggestions: Vec::new(),
            urgency: 0,
            waiting_ms: None,
        };
        // "Today" is the client's day: a call to Vladivostok is today's until its midnight.
        let zone = state.policy.time_zone_of_client(state, client);
        let today = now.with_timezone(&zone).date_naive();
        let end_of_today = zone
            .from_local_datetime(&(today + Duration::days(1)).and_time(Default::default()))
            .earliest()
            .map_or(now + Duration::days(1), |t| t.with_timezone(&Utc));
        for touch in touches.iter().filter(|t| t.status == Progress::Planned) {
            let goal = touch.goal.map(ToString::to_string).unwrap_or_default();
            if touch.at < now {
                let late = (now - touch.at).num_hours();
                items.push(AgendaItem {
                    touch: Some(touch.id()),
                    urgency: 1_000_000 + late,
                    ..item(
                        AgendaKind::Overdue,
                        touch.at,
                        format!("{} planned ({goal}) {late} h ago", touch.channel),
                        "Do it now or reschedule",
                    )
                });
            } else if touch.at < end_of_today {
                items.push(AgendaItem {
                    touch: Some(touch.id()),
                    urgency: 900_000 - (touch.at - now).num_minutes(),
                    ..item(
                        AgendaKind::Today,
                        touch.at,
                        format!("{} planned today ({goal})", touch.channel),
                        "Prepare and make the touch",
                    )
                });
            }
        }
        let has_next_step = touches.iter().any(|t| t.status == Progress::Planned && t.at >= now);
        let last_touch = touches
            .iter()
            .filter_map(|t| match &t.status {
                Progress::Done { done_at, .. } => Some(*done_at),
                _ => None,
            })
            .max();
        for card in state.pipelines.cards_of(&client.id) {
            let CardPosition::Stage { stage: stage_id } = &card.position else { continue };
            let Some(pipeline) = state.pipelines.get(&card.pipeline) else { continue };
            let Some(stage) = pipeline.stage(stage_id) else { continue };
            let suggestions = state.stimuli.for_stage(&card.pipeline, stage_id).to_vec();
            let on_card = |mut it: AgendaItem| {
                it.pipeline = Some(card.pipeline.clone());
                it.stage = Some(stage_id.clone());
                it.suggestions = suggestions.clone();
                it
            };
            let is_last = pipeline.stages.last().is_some_and(|s| &s.id == stage_id);
            let quiet_since = last_touch.map_or(card.since, |t| t.max(card.since));
            if let Some(allowed) = rot_limit(stage) {
                let silent = days_between(quiet_since, now);
                if now - quiet_since > Duration::days(allowed) && !is_last {
                    items.push(on_card(AgendaItem {
                        urgency: 800_000 + (silent - allowed),
                        ..item(
                            AgendaKind::Rotting,
                            quiet_since + Duration::days(allowed),
                            format!("no touch for {silent} days at \"{}\" (limit {allowed})", stage.name),
                            "Get back in touch before the client goes cold",
                        )
                    }));
                }
            }
            if is_last {
                let since_sale = days_between(card.since, now);
                let asked = |goal: KnownGoal| {
                    touches.iter().any(|t| {
                        t.goal.is_some_and(|g| *g == ContactGoal::Known(goal))
                            && t.at >= card.since
                            && matches!(t.status, Progress::Planned | Progress::Done { .. })
                    })
                };
                // (the follow-up's goal, after how many days, its urgency, why, what to do) —
                // each due on its own: a client never asked for the NPS still gets the offer.
                let follow_ups = [
                    (
                        KnownGoal::NpsSurvey,
                        NPS_AFTER_DAYS,
                        600_000,
                        format!("bought {since_sale} days ago, not yet asked how it goes"),
                        "Call: what did they like, would they recommend us (NPS), who else could use it",
                    ),
                    (
                        KnownGoal::RepeatSale,
                        REPEAT_SALE_AFTER_DAYS,
                        550_000,
                        format!("bought {since_sale} days ago"),
                        "Offer the next purchase",
                    ),
                ];
                for (goal, after, urgency, why, todo) in follow_ups {
                    if since_sale >= after && !asked(goal) {
                        items.push(on_card(AgendaItem {
                            urgency: urgency + since_sale,
                            ..item(AgendaKind::AfterSale, card.since + Duration::days(after), why, todo)
                        }));
                    }
                }
            } else if !has_next_step {
                items.push(on_card(AgendaItem {
                    urgency: 700_000 + days_between(card.since, now),
                    ..item(
                        AgendaKind::NoNextStep,
                        card.since,
                        format!("at \"{}\" with no planned touch", stage.name),
                        "Plan the next touch: its goal, approach and planned result",
                    )
                }));
            }
        }
        for date in &client.fields.dates {
            let Some(next) = next_yearly(today, date.month, date.day) else { continue };
            let ahead = (next - today).num_days();
            if ahead <= i64::from(query.days_ahead) {
                let what = date_label(date);
                items.push(AgendaItem {
                    urgency: 500_000 - ahead,
                    ..item(
                        AgendaKind::Date,
                        next.and_time(Default::default()).and_utc(),
                        format!("{what} in {ahead} days"),
                        "Congratulate — and use the occasion",
                    )
                });
            }
        }
        for meetup in &client.fields.meetups {
            let ahead = (meetup.starts_on - today).num_days();
            if (0..=i64::from(query.days_ahead)).contains(&ahead) {
                items.push(AgendaItem {
                    urgency: 500_000 - ahead,
                    ..item(
                        AgendaKind::Date,
                        meetup.starts_on.and_time(Default::default()).and_utc(),
                        format!("{} in {ahead} days", meetup.title),
                        "Book a meeting there",
                    )
                });
            }
        }
    }
    // A web lead waits for its first touch: the sooner it is answered, the likelier a deal.
    for lead in waiting(state, query.owner.as_ref(), now, access) {
        let minutes = lead.waiting_ms / 60_000;
        items.push(AgendaItem {
            kind: AgendaKind::Waiting,
            client: lead.client,
            touch: None,
            pipeline: None,
            stage: None,
            due: lead.arrived_at,
            why: format!("a {} lead waiting {} h {} min for a first touch", lead.source, minutes / 60, minutes % 60),
            todo: "Get in touch now".into(),
            suggestions: Vec::new(),
            // Above today's touches, below the overdue: the longer it waits, the higher.
            urgency: 950_000 + minutes.min(49_999),
            waiting_ms: Some(lead.waiting_ms),
        });
    }
    sort::sort_by(&mut items, |a, b| b.urgency.cmp(&a.urgency).then_with(|| a.due.cmp(&b.due)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yearly_dates_come_round_and_29_february_falls_on_the_28th() {
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        assert_eq!(next_yearly(day("2026-03-03"), 3, 8), Some(day("2026-03-08")));
        assert_eq!(next_yearly(day("2026-03-09"), 3, 8), Some(day("2027-03-08")));
        assert_eq!(next_yearly(day("2026-02-01"), 2, 29), Some(day("2026-02-28")));
    }
}
