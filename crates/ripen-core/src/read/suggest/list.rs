//! The suggestions of every client in sight, ranked: the user's own clients first (when a
//! user is named), then by urgency, then by time.

use super::facts::AllFacts;
use super::{rank, Ranked, Suggestion};
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
pub fn suggestions(state: &CrmState, access: &Access, query: &SuggestQuery) -> Vec<Suggestion> {
    let facts = AllFacts::read(state);
    let mut ranked: Vec<(usize, Ranked<'_>)> = state
        .clients()
        .filter(|c| !c.removed && access.sees(&state.people, c))
        .filter_map(|c| rank(state, c, &facts.of(state, &c.id), query.now).ok())
        .enumerate()
        .collect();
    let mine = |r: &Ranked<'_>| query.user.is_some() && r.owner() == query.user.as_ref();
    // Ties keep the order the clients were added in.
    let key = |(i, r): &(usize, Ranked<'_>)| (Reverse(mine(r)), Reverse(r.urgency()), r.at(), *i);
    let limit = query.limit.unwrap_or(ranked.len()).min(ranked.len());
    // Only the first `limit` need sorting: find them, then order them.
    if limit < ranked.len() && limit > 0 {
        ranked.select_nth_unstable_by_key(limit - 1, key);
    }
    ranked.truncate(limit);
    sort::sort_by_key(&mut ranked, key);
    ranked.iter().map(|(_, r)| r.suggestion()).collect()
}
