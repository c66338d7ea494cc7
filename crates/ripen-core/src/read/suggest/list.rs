//! The suggestions of every client in sight, ranked: the user's own clients first (when a
//! user is named), then by urgency, then by time.

use super::facts::AllFacts;
use super::{draft, Draft, Ranked, Suggestion};
use crate::read::access::Access;
use crate::state::CrmState;
use crate::values::ids::UserId;
use crate::values::sort;
use chrono::{DateTime, Utc};
use std::cmp::Reverse;

/// What to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestQuery {
    /// Whose clients come first; no one's when `None`.
    pub user: Option<UserId>,
    pub now: DateTime<Utc>,
    /// At most this many; all when `None`.
    pub limit: Option<usize>,
}

/// A suggestion for every live client `access` sees that can have one, ranked. Every
/// client is ranked; only the first `limit` are worded.
///
/// A client's time (the policy's search, most of the cost) orders it only among clients of
/// its owner-first rank and urgency. So with a limit, the clients are ordered by those two
/// first, and timed a group of equal ones at a time until the groups timed hold `limit`
/// suggestions: every later group ranks below all of them. The list is the same as if
/// every client were timed.
pub fn suggestions(state: &CrmState, access: &Access, query: &SuggestQuery) -> Vec<Suggestion> {
    let facts = AllFacts::read(state);
    let mine = |owner: Option<&UserId>| query.user.is_some() && owner == query.user.as_ref();
    let mut drafts: Vec<(usize, Draft<'_>)> = state
        .clients()
        .filter(|c| !c.removed && access.sees(&state.people, c))
        .filter_map(|c| draft(state, c, &facts.of(state, &c.id), query.now).ok())
        .enumerate()
        .collect();
    let limit = query.limit.unwrap_or(usize::MAX);
    let group = |(_, d): &(usize, Draft<'_>)| (Reverse(mine(d.owner())), Reverse(d.urgency()));
    let mut ranked: Vec<(usize, Ranked<'_>)> = Vec::new();
    if limit < drafts.len() {
        // Ties keep the order the clients were added in.
        sort::sort_by_key(&mut drafts, |entry| (group(entry), entry.0));
        let mut drafts = drafts.into_iter().peekable();
        while let Some(first) = drafts.next() {
            let key = group(&first);
            let mut members = vec![first];
            while let Some(next) = drafts.next_if(|next| group(next) == key) {
                members.push(next);
            }
            ranked.extend(members.into_iter().filter_map(|(i, d)| Some((i, d.timed(state, query.now).ok()?))));
            if ranked.len() >= limit {
                break;
            }
        }
    } else {
        ranked = drafts.into_iter().filter_map(|(i, d)| Some((i, d.timed(state, query.now).ok()?))).collect();
    }
    let key = |(i, r): &(usize, Ranked<'_>)| (Reverse(mine(r.owner())), Reverse(r.urgency()), r.at(), *i);
    sort::sort_by_key(&mut ranked, key);
    ranked.truncate(limit);
    ranked.iter().map(|(_, r)| r.suggestion()).collect()
}
