//! Touches on record that break the contact policy: a done touch keeps the rules it broke
//! when it was done (logged or completed after the fact at a time the rules refused: a
//! fact is recorded, never refused); and a touch may break a `block` rule as things stand —
//! two devices planning touches for one person while apart each check against what they
//! know, and together they may break a limit. All stay (they are facts); the manager sees
//! them here and settles.

use crate::model::client::Client;
use crate::model::policy::{Action, Policy, Violation};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use chrono::{DateTime, Utc};

/// A touch that broke the rules when it was done, or that a `block` rule refuses as
/// things stand.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    pub touch: TouchId,
    pub client: ClientId,
    /// When it is planned for, or when it was done.
    pub at: DateTime<Utc>,
    /// The rules it broke when it was done (warnings too), as recorded with it; then the
    /// `block` rules it breaks as things stand that are not among them.
    pub violations: Vec<Violation>,
    /// It was done at a time the rules refused (`violations` starts with what it broke
    /// then): a fact logged, not a limit broken by devices apart.
    pub recorded: bool,
}

impl Policy {
    /// Touches planned for `from` on, or done since, of the live clients `sees` lets
    /// through, that broke the rules when they were done or that a `block` rule refuses
    /// as things stand, in the order recorded.
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
                let id = touch.id();
                let recorded = match touch.status {
                    Progress::Done { .. } => state.violations_of(&id),
                    _ => &[],
                };
                let now = self.refuses(state, touch, at).map(|verdict| verdict.violations).unwrap_or_default();
                let mut violations = recorded.to_vec();
                violations.extend(
                    now.into_iter().filter(|v| v.action == Action::Block && !recorded.iter().any(|r| r.rule == v.rule)),
                );
                if violations.is_empty() {
                    return None;
                }
                Some(Breach { touch: id, client: touch.client.clone(), at, violations, recorded: !recorded.is_empty() })
            })
            .collect()
    }
}
