//! The suggestions of every client in sight, ranked: the user's own clients first (when a
//! user is named), then by urgency, then by time.

use super::{suggest, Suggestion};
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

/// A suggestion for every live client `access` sees that can have one, ranked.
pub fn suggestions(state: &CrmState, access: &Access, query: &SuggestQuery) -> Vec<Suggestion> {
    let mut list: Vec<Suggestion> = state
        .clients()
        .filter(|c| access.sees(&state.people, c))
        .filter_map(|c| suggest(state, c, query.now).ok())
        .collect();
    let mine = |s: &Suggestion| query.user.is_some() && s.owner == query.user;
    let key = |s: &Suggestion| (Reverse(mine(s)), Reverse(s.urgency), s.at);
    let limit = query.limit.unwrap_or(list.len()).min(list.len());
    // Only the first `limit` need sorting: find them, then order them.
    if limit < list.len() && limit > 0 {
        list.select_nth_unstable_by(limit - 1, |a, b| key(a).cmp(&key(b)).then_with(|| a.client_id.cmp(&b.client_id)));
    }
    list.truncate(limit);
    sort::sort_by(&mut list, |a, b| key(a).cmp(&key(b)).then_with(|| a.client_id.cmp(&b.client_id)));
    list
}
