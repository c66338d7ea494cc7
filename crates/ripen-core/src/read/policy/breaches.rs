//! Touches on record that break a `block` rule as things stand: a rep's device checks
//! every touch against the rules when it is planned or logged, but two devices planning
//! touches for one person while apart each check against what they know — together they
//! may break a limit. Both stay (they are facts); the manager sees them here and settles.

use crate::model::client::Client;
use crate::model::policy::{Action, Policy, Violation};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use chrono::{DateTime, Utc};

/// A touch that a `block` rule refuses as things stand.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    pub touch: TouchId,
    pub client: ClientId,
    /// When it is planned for, or when it was done.
    pub at: DateTime<Utc>,
    /// The `block` rules it breaks.
    pub violations: Vec<Violation>,
}

impl Policy {
    /// Touches planned for `from` on, or done since, of the live clients `sees` lets
    /// through, that a `block` rule refuses as things stand, in the order recorded.
    pub fn breaches(&self, state: &CrmState, from: DateTime<Utc>, sees: impl Fn(&Client) -> bool) -> Vec<Breach> {
        state
            .touches
            .all()
            .filter_map(|touch| {
                let at = match touch.status {
                    Progress::Planned => touch.at,
                    Progress::Done { done_at, .. } => done_at,
                    _ => return None,
                };
                if at < from || !state.live_client(touch.client).is_some_and(&sees) {
                    return None;
                }
                let verdict = self.refuses(state, touch, at)?;
                let violations = verdict.violations.into_iter().filter(|v| v.action == Action::Block).collect();
                Some(Breach { touch: touch.id(), client: touch.client.clone(), at, violations })
            })
            .collect()
    }
}
