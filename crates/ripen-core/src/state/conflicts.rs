//! What two devices decided at once that the fold could not both keep: surfaced to the
//! manager, never silently dropped. The events stay in the log and in history either way.

use crate::values::ids::{ClientId, EventId, UserId};
use serde::{Deserialize, Serialize};

/// One conflict the fold met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conflict {
    /// A merge decided on one device that the fold could not apply: by the time it comes
    /// (in (HLC, id) order) its duplicate had been merged into another client
    /// (`merged_into`), or its kept client had been merged, through any chain, into the
    /// duplicate — applying it would lose a merge or make a loop. It is left out; its
    /// revert, if any, undoes nothing.
    MergeLeftOut { event: EventId, keep: ClientId, drop: ClientId, merged_into: ClientId },
    /// Two devices gave the same client an owner at once (routing or a hand-off), each
    /// without seeing the other: the later one by the clock stands (`owner`), and the
    /// owner the earlier one gave (`overridden`) is shown here so the manager can settle it.
    Assignment { event: EventId, client: ClientId, owner: Option<UserId>, overridden: Option<UserId> },
}

impl Conflict {
    /// The event the fold met the conflict at.
    pub fn event(&self) -> &EventId {
        match self {
            Self::MergeLeftOut { event, .. } | Self::Assignment { event, .. } => event,
        }
    }

    /// The clients it is about: who may see it depends on them.
    pub fn clients(&self) -> Vec<&ClientId> {
        match self {
            Self::MergeLeftOut { keep, drop, merged_into, .. } => vec![keep, drop, merged_into],
            Self::Assignment { client, .. } => vec![client],
        }
    }
}
