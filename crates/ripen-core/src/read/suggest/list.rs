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
    // The owner-first rank and the urgency, made once per client: compared at every step
    // of the sorts, the owner's name cost a string comparison each time (a third of the
    // whole list's time).
    let group = |d: &Draft<'_>| {
        let mine = query.user.is_some() && d.owner() == query.user.as_ref();
        (Reverse(mine), Reverse(d.urgency()))
    };
    let mut drafts: Vec<(Group, usize, Draft<'_>)> = state
        .clients()
        .filter(|c| !c.removed && access.sees(&state.people, c))
        .filter_map(|c| draft(state, c, &facts.of(state, &c.id), query.now).ok())
        .enumerate()
        .map(|(i, d)| (group(&d), i, d))
        .collect();
    let limit = query.limit.unwrap_or(usize::MAX);
    let mut ranked: Vec<(Group, usize, Ranked<'_>)> = Vec::new();
    let timed = |entry| timed(state, query.now, entry);
    if limit < drafts.len() {
        // Ties keep the order the clients were added in.
        sort::sort_by(&mut drafts, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut drafts = drafts.into_iter().peekable();
        while let Some(first) = drafts.next() {
            let key = first.0;
            ranked.extend(timed(first));
            while let Some(next) = drafts.next_if(|next| next.0 == key) {
                ranked.extend(timed(next));
            }
            if ranked.len() >= limit {
                break;
            }
        }
    } else {
        ranked = drafts.into_iter().filter_map(timed).collect();
    }
    sort::sort_by(&mut ranked, |a, b| (a.0, a.2.at(), a.1).cmp(&(b.0, b.2.at(), b.1)));
    ranked.truncate(limit);
    ranked.iter().map(|(_, _, r)| r.suggestion()).collect()
}

/// A client's owner-first rank and urgency: the suggestions' order but for the time.
type Group = (Reverse<bool>, Reverse<i64>);

fn timed<'a>(
    state: &'a CrmState,
    now: DateTime<Utc>,
    (group, i, draft): (Group, usize, Draft<'a>),
) -> Option<(Group, usize, Ranked<'a>)> {
    Some((group, i, draft.timed(state, now).ok()?))
}
