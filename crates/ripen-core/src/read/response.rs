//! The response-time clock: web leads their owner has not yet been in touch with, with how
//! long each has waited (shown on the owner's Today), and, per source, how long new
//! clients waited for their first touch (the funnel's companion report).

use crate::model::client::Client;
use crate::read::access::Access;
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::{ClientId, UserId};
use crate::values::sort;
use chrono::{DateTime, Utc};

/// The `source` that marks a client as a lead from the website's form (compared without
/// regard to case): what the lead form's delivery writes.
pub const WEB_SOURCE: &str = "web";

/// A web lead no one has been in touch with yet.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct WaitingLead {
    pub client: ClientId,
    pub name: String,
    pub source: String,
    /// When it arrived: when the client was added.
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub arrived_at: DateTime<Utc>,
    /// How long it has waited by `now`, in milliseconds.
    pub waiting_ms: i64,
}

/// Whether the client came through the website's form.
pub fn is_web_lead(client: &Client) -> bool {
    client.fields.source.as_ref().is_some_and(|s| s.as_str().eq_ignore_ascii_case(WEB_SOURCE))
}

/// When the client was first in touch: its earliest done touch, either way, any channel.
fn first_touch(state: &CrmState, client: &ClientId) -> Option<DateTime<Utc>> {
    state
        .touches_of(client)
        .filter_map(|t| match t.status {
            Progress::Done { done_at, .. } => Some(done_at),
            _ => None,
        })
        .min()
}

/// The web leads `owner` answers for (every owner's when `None`) that the user sees, live
/// and never touched, the longest waiting first.
pub fn waiting(state: &CrmState, owner: Option<&UserId>, now: DateTime<Utc>, access: &Access) -> Vec<WaitingLead> {
    let mut leads: Vec<WaitingLead> = state
        .clients()
        .filter(|c| owner.is_none() || c.owner.as_ref() == owner)
        .filter(|c| is_web_lead(c) && access.sees(&state.people, c))
        .filter(|c| first_touch(state, &c.id).is_none())
        .map(|c| WaitingLead {
            client: c.id.clone(),
            name: c.name.to_string(),
            source: c.fields.source.as_ref().map(ToString::to_string).unwrap_or_default(),
            arrived_at: c.created_at,
            waiting_ms: (now - c.created_at).num_milliseconds().max(0),
        })
        .collect();
    sort::sort_by_key(&mut leads, |l| (l.arrived_at, l.client.clone()));
    leads
}

/// Time to first touch of one group of clients.
#[derive(Debug, Clone, Default, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct Response {
    /// Clients added in the period.
    pub leads: u32,
    /// Those with a done touch by now.
    pub touched: u32,
    pub untouched: u32,
    /// From being added to the first done touch, in milliseconds: the median and the
    /// 90th percentile over the touched; `None` when none is.
    pub median_ms: Option<f64>,
    pub p90_ms: Option<f64>,
}

/// Time to first touch of the clients of one source.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct SourceResponse {
    /// The source as first written (sources differing only in case are one); `None` for
    /// clients without one.
    pub source: Option<String>,
    #[json(flatten)]
    pub response: Response,
}

/// Time to first touch overall and per source, most leads first.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
pub struct ResponseTimes {
    pub overall: Response,
    pub sources: Vec<SourceResponse>,
}

/// Counts the clients and their waits, then the percentiles.
#[derive(Default)]
struct Tally {
    leads: u32,
    waits: Vec<f64>,
}

impl Tally {
    fn add(&mut self, wait: Option<f64>) {
        self.leads += 1;
        self.waits.extend(wait);
    }

    fn response(mut self) -> Response {
        sort::floats(&mut self.waits);
        let touched = self.waits.len() as u32;
        Response {
            leads: self.leads,
            touched,
            untouched: self.leads - touched,
            median_ms: percentile(&self.waits, 0.5),
            p90_ms: percentile(&self.waits, 0.9),
        }
    }
}

/// The `p`-th percentile of sorted values, interpolating between neighbours (the median of
/// two values is their mean).
fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = p * last as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    Some(sorted[low] + (sorted[high.min(last)] - sorted[low]) * (rank - low as f64))
}

/// Time to first touch of the live clients the user sees added in `[from, to)`.
pub fn response_times(state: &CrmState, from: DateTime<Utc>, to: DateTime<Utc>, access: &Access) -> ResponseTimes {
    let mut overall = Tally::default();
    // (the source folded, as first written, its tally), in order of appearance.
    let mut sources: Vec<(Option<String>, Option<String>, Tally)> = Vec::new();
    let clients =
        state.clients().filter(|c| c.created_at >= from && c.created_at < to && access.sees(&state.people, c));
    for client in clients {
        let wait = first_touch(state, &client.id).map(|t| (t - client.created_at).num_milliseconds().max(0) as f64);
        overall.add(wait);
        let written = client.fields.source.as_ref().map(ToString::to_string);
        let folded = written.as_ref().map(|s| s.to_lowercase());
        match sources.iter_mut().find(|(key, _, _)| *key == folded) {
            Some((_, _, tally)) => tally.add(wait),
            None => {
                let mut tally = Tally::default();
                tally.add(wait);
                sources.push((folded, written, tally));
            }
        }
    }
    let mut sources: Vec<SourceResponse> = sources
        .into_iter()
        .map(|(_, source, tally)| {
            let r = tally.response();
            SourceResponse { source, response: r }
        })
        .collect();
    sort::sort_by(&mut sources, |a, b| b.response.leads.cmp(&a.response.leads).then_with(|| a.source.cmp(&b.source)));
    ResponseTimes { overall: overall.response(), sources }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate_between_neighbours() {
        // (sorted values, p, the percentile)
        let cases: &[(&[f64], f64, Option<f64>)] = &[
            (&[], 0.5, None),
            (&[7.0], 0.9, Some(7.0)),
            (&[1.0, 3.0], 0.5, Some(2.0)),
            (&[1.0, 2.0, 3.0, 4.0, 100.0], 0.5, Some(3.0)),
            (&[0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0], 0.9, Some(90.0)),
        ];
        for (values, p, expected) in cases {
            assert_eq!(percentile(values, *p), *expected, "{values:?} at {p}");
        }
    }

    #[test]
    fn a_tally_counts_the_untouched_apart() {
        let mut tally = Tally::default();
        for wait in [Some(3.0), None, Some(1.0), None, Some(2.0)] {
            tally.add(wait);
        }
        let r = tally.response();
        assert_eq!((r.leads, r.touched, r.untouched, r.median_ms), (5, 3, 2, Some(2.0)));
    }
}
