//! What two devices decided at once that the fold could not both keep: surfaced to the
//! manager, never silently dropped. The events stay in the log and in history either way.

use crate::state::rights::Refusal;
use crate::values::ids::{ClientId, EventId, UserId};

/// One conflict the fold met.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(tag = "kind", rename_all = "snake_case")]
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
    /// An event whose author, by the events before it in (HLC, id) order, had no right to
    /// it (`refusal`): a rep demoted, taken off the team or handed away from a client on
    /// one device while they changed it on another, or a device that forged it. It is left
    /// out; its revert, if any, undoes nothing. `clients`: those it is about. A batch's
    /// marker refused takes the batch's `events` with it, their clients named here.
    Unauthorized {
        event: EventId,
        author: UserId,
        refusal: Refusal,
        #[json(default, skip_serializing_if = "Vec::is_empty")]
        clients: Vec<ClientId>,
        #[json(default, skip_serializing_if = "is_zero")]
        events: u32,
    },
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl Conflict {
    /// The event the fold met the conflict at.
    pub fn event(&self) -> &EventId {
        match self {
            Self::MergeLeftOut { event, .. } | Self::Assignment { event, .. } | Self::Unauthorized { event, .. } => {
                event
            }
        }
    }

    /// The clients it is about: who may see it depends on them.
    pub fn clients(&self) -> Vec<&ClientId> {
        match self {
            Self::MergeLeftOut { keep, drop, merged_into, .. } => vec![keep, drop, merged_into],
            Self::Assignment { client, .. } => vec![client],
            Self::Unauthorized { clients, .. } => clients.iter().collect(),
        }
    }

    /// Whether the fold left `event` out at this conflict: the conflict's own event (but
    /// for an assignment, which stands), or an event of the batch it refused.
    pub fn leaves_out(&self, event: &EventId) -> bool {
        match self {
            Self::MergeLeftOut { event: at, .. } => at == event,
            Self::Assignment { .. } => false,
            Self::Unauthorized { event: at, events, .. } => {
                at == event
                    || (at.replica == event.replica
                        && event.counter > at.counter
                        && event.counter <= at.counter.saturating_add(u64::from(*events)))
            }
        }
    }
}
