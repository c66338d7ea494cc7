//! The stand dashboard: a show's leads counted as the stand needs them at a glance —
//! in all and today, per hour, per rep — with the hot leads and those nobody owns yet.

use crate::model::client::Client;
use crate::model::lead::Rating;
use crate::model::show::Show;
use crate::state::CrmState;
use crate::values::ids::{ClientId, ShowId, UserId};
use crate::values::sort;
use crate::values::TimeZoneName;
use chrono::{DateTime, Duration, NaiveDateTime, Timelike, Utc};

/// Leads captured in one hour of the show's local time.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct HourCount {
    /// The hour's start as the show's clock read it: `2026-07-07T10:00`.
    pub hour: String,
    pub leads: u32,
}

/// One rep's leads at the show.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct RepCount {
    pub user: UserId,
    pub leads: u32,
    pub hot: u32,
}

/// A lead named for the dashboard's lists.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct LeadRow {
    pub client: ClientId,
    pub name: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub at: DateTime<Utc>,
    pub by: UserId,
}

/// What the stand's tablet shows.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct StandDashboard {
    pub show: ShowId,
    /// The zone the hours and "today" are read in: the show's own, else the policy's
    /// default (where the stand is, not where the tablet was set up).
    pub time_zone: TimeZoneName,
    pub total: u32,
    /// Captured on `now`'s day, in the show's zone.
    pub today: u32,
    /// From the first lead's hour to the last's, hours without leads included.
    pub per_hour: Vec<HourCount>,
    /// Most leads first, then by user.
    pub per_rep: Vec<RepCount>,
    /// Rated hot, newest first.
    pub hot: Vec<LeadRow>,
    /// Owned by nobody (routing found no one), newest first.
    pub unassigned: Vec<LeadRow>,
}

/// The most hours `per_hour` spans (a show lasts 60 days at most; a lead dated far off
/// would otherwise make a list of years).
const MAX_HOURS: i64 = 60 * 24;

/// The dashboard of `show` at `now`, over the live leads whose clients `sees` lets through.
pub fn stand_dashboard(
    state: &CrmState,
    show: &Show,
    now: DateTime<Utc>,
    sees: impl Fn(&Client) -> bool,
) -> StandDashboard {
    let time_zone = show.time_zone.unwrap_or(state.policy.default_time_zone);
    let zone = time_zone.zone();
    let local = |at: DateTime<Utc>| at.with_timezone(&zone).naive_local();
    let mut rows: Vec<(LeadRow, Option<&UserId>)> = state
        .leads()
        .filter(|(_, lead)| lead.show == show.id)
        .filter_map(|(id, lead)| {
            let client = state.live_client(id).filter(|c| sees(c))?;
            let row = LeadRow {
                client: id.clone(),
                name: client.name.as_str().to_owned(),
                rating: lead.rating,
                at: lead.at,
                by: lead.by.clone(),
            };
            Some((row, client.owner.as_ref()))
        })
        .collect();
    // Newest first, then by client: the map's order must not show.
    sort::sort_by(&mut rows, |a, b| b.0.at.cmp(&a.0.at).then_with(|| a.0.client.cmp(&b.0.client)));
    let today = local(now).date();
    let hour_of = |at: DateTime<Utc>| {
        let t = local(at);
        t.date().and_hms_opt(t.hour(), 0, 0).unwrap_or(t)
    };
    let mut per_hour = Vec::new();
    if let (Some(last), Some(first)) = (rows.first(), rows.last()) {
        let (first, last) = (hour_of(first.0.at), hour_of(last.0.at));
        let mut hour = first.max(last - Duration::hours(MAX_HOURS - 1));
        while hour <= last {
            let leads = rows.iter().filter(|(r, _)| hour_of(r.at) == hour).count() as u32;
            per_hour.push(HourCount { hour: hour_text(hour), leads });
            hour += Duration::hours(1);
        }
    }
    let mut per_rep: Vec<RepCount> = Vec::new();
    for (row, _) in &rows {
        let hot = u32::from(row.rating == Some(Rating::Hot));
        match per_rep.iter_mut().find(|r| r.user == row.by) {
            Some(rep) => {
                rep.leads += 1;
                rep.hot += hot;
            }
            None => per_rep.push(RepCount { user: row.by.clone(), leads: 1, hot }),
        }
    }
    sort::sort_by(&mut per_rep, |a, b| b.leads.cmp(&a.leads).then_with(|| a.user.cmp(&b.user)));
    StandDashboard {
        show: show.id.clone(),
        time_zone,
        total: rows.len() as u32,
        today: rows.iter().filter(|(r, _)| local(r.at).date() == today).count() as u32,
        per_hour,
        per_rep,
        hot: rows.iter().filter(|(r, _)| r.rating == Some(Rating::Hot)).map(|(r, _)| r.clone()).collect(),
        unassigned: rows.iter().filter(|(_, owner)| owner.is_none()).map(|(r, _)| r.clone()).collect(),
    }
}

/// Whether `client` was met at `show` and rated `rating` (each only when given): the
/// lead filter the list and the funnel share.
pub(crate) fn lead_passes(state: &CrmState, client: &ClientId, show: Option<&ShowId>, rating: Option<Rating>) -> bool {
    if show.is_none() && rating.is_none() {
        return true;
    }
    state.lead(client).is_some_and(|lead| {
        show.is_none_or(|show| lead.show == *show) && rating.is_none_or(|rating| lead.rating == Some(rating))
    })
}

fn hour_text(hour: NaiveDateTime) -> String {
    let text = hour.to_string(); // "2026-07-07 10:00:00"
    format!("{}T{}", &text[..10], &text[11..16])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::event::{Event, EventPayload};
    use crate::model::lead::Lead;
    use crate::model::show::default_questions;
    use crate::values::clock::Hlc;
    use crate::values::ids::EventId;
    use chrono::{NaiveDate, TimeZone};

    fn at(text: &str) -> DateTime<Utc> {
        // Local Yekaterinburg time (UTC+5, no DST) in the table, UTC in the state.
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        Utc.from_utc_datetime(&(naive - Duration::hours(5)))
    }

    fn event(n: u64, by: &str, payload: EventPayload) -> Event {
        let id = EventId { replica: "r1".parse().unwrap(), counter: n };
        Event {
            id,
            at: Hlc { millis: n as i64, counter: 0 },
            recorded_at: at("2026-07-07 09:00"),
            by: by.parse().unwrap(),
            payload,
        }
    }

    fn show(id: &str) -> Show {
        Show {
            id: id.parse().unwrap(),
            name: "Иннопром".parse().unwrap(),
            starts: NaiveDate::from_ymd_opt(2026, 7, 7).unwrap(),
            ends: NaiveDate::from_ymd_opt(2026, 7, 10).unwrap(),
            place: None,
            stand: None,
            time_zone: Some("Asia/Yekaterinburg".parse().unwrap()),
            team: Vec::new(),
            pipeline: "sales".parse().unwrap(),
            stage: "new".parse().unwrap(),
            questions: default_questions(),
            archived: false,
        }
    }

    /// (name, show, captured by, local time, rating, owner, removed)
    type Row = (&'static str, &'static str, &'static str, &'static str, Option<Rating>, Option<&'static str>, bool);

    fn state(rows: &[Row]) -> CrmState {
        let mut events = Vec::new();
        for id in ["s1", "s2"] {
            let new = Some(Box::new(show(id)));
            events.push(event(
                events.len() as u64 + 1,
                "anna",
                EventPayload::ShowSaved { show: id.parse().unwrap(), old: None, new },
            ));
        }
        for (i, (name, show, by, local, rating, owner, removed)) in rows.iter().enumerate() {
            let client: ClientId = format!("c{i}").parse().unwrap();
            let n = events.len() as u64 + 1;
            events.push(event(
                n,
                by,
                EventPayload::ClientAdded {
                    client: client.clone(),
                    name: name.parse().unwrap(),
                    fields: Default::default(),
                    aliases: Vec::new(),
                    owner: owner.map(|o| o.parse().unwrap()),
                },
            ));
            let lead = Lead {
                show: show.parse().unwrap(),
                by: by.parse().unwrap(),
                at: at(local),
                answers: Default::default(),
                rating: *rating,
                badge: None,
            };
            let payload = EventPayload::LeadSaved { client: client.clone(), old: None, new: Some(Box::new(lead)) };
            events.push(event(n + 1, by, payload));
            if *removed {
                events.push(event(n + 2, by, EventPayload::ClientRemoved { client }));
            }
        }
        CrmState::fold(events)
    }

    const HOT: Option<Rating> = Some(Rating::Hot);
    const WARM: Option<Rating> = Some(Rating::Warm);

    #[test]
    fn the_dashboard_counts_the_shows_live_leads() {
        let rows: &[Row] = &[
            ("Ромашка", "s1", "anna", "2026-07-07 10:05", HOT, Some("anna"), false),
            ("Лютик", "s1", "boris", "2026-07-07 10:55", WARM, None, false),
            ("Василёк", "s1", "boris", "2026-07-07 12:30", HOT, None, false),
            ("Мак", "s1", "anna", "2026-07-08 09:10", None, Some("anna"), false),
            // Another show's, and a removed one: not counted.
            ("Клевер", "s2", "anna", "2026-07-08 09:20", HOT, Some("anna"), false),
            ("Осот", "s1", "anna", "2026-07-08 09:30", HOT, None, true),
        ];
        let state = state(rows);
        let show = state.show(&"s1".parse().unwrap()).unwrap();
        let board = stand_dashboard(&state, show, at("2026-07-08 11:00"), |_| true);
        assert_eq!((board.total, board.today), (4, 1));
        assert_eq!(board.time_zone.as_str(), "Asia/Yekaterinburg");
        let hours: Vec<(&str, u32)> = board.per_hour.iter().map(|h| (h.hour.as_str(), h.leads)).collect();
        assert_eq!(hours.len(), 24, "10:00 on the 7th to 09:00 on the 8th");
        assert_eq!(
            hours[..4],
            [("2026-07-07T10:00", 2), ("2026-07-07T11:00", 0), ("2026-07-07T12:00", 1), ("2026-07-07T13:00", 0)]
        );
        assert_eq!(hours[23], ("2026-07-08T09:00", 1));
        let reps: Vec<(&str, u32, u32)> = board.per_rep.iter().map(|r| (r.user.as_str(), r.leads, r.hot)).collect();
        assert_eq!(reps, [("anna", 2, 1), ("boris", 2, 1)]);
        let names = |rows: &[LeadRow]| rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&board.hot), ["Василёк", "Ромашка"]);
        assert_eq!(names(&board.unassigned), ["Василёк", "Лютик"]);

        // What the viewer does not see is not counted.
        let board = stand_dashboard(&state, show, at("2026-07-08 11:00"), |c| c.owner.is_some());
        assert_eq!((board.total, board.hot.len(), board.unassigned.len()), (2, 1, 0));
    }

    #[test]
    fn a_show_without_leads_has_an_empty_dashboard() {
        let state = state(&[]);
        let show = state.show(&"s2".parse().unwrap()).unwrap();
        let board = stand_dashboard(&state, show, at("2026-07-08 11:00"), |_| true);
        assert_eq!((board.total, board.today, board.per_hour.len(), board.per_rep.len()), (0, 0, 0, 0));
    }
}
