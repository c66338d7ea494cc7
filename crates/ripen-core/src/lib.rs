//! Ripen's CRM domain: clients, events, the folded state and the storage contract.
//!
//! This crate does no I/O and knows nothing of JavaScript: time and randomness come in as
//! arguments, storage comes in as an [`EventStore`] implementation. See `ARCHITECTURE.md`.
//!
//! The code lies in layers, each a folder that imports only from the layers before it
//! (`ARCHITECTURE.md`, "Layers"; the tidy test in `tests/it/tidy.rs` keeps it so). The
//! modules the API names are re-exported below by their old paths.

mod decide;
pub mod engine;
pub mod error;
mod log;
mod model;
mod read;
pub mod state;
pub mod synthetic;
pub mod values;

pub use decide::command;
pub use log::{backup, checkpoint, checksum, codec, digest};
pub use model::{
    campaign, client, event, follow_up, import, lead, merge, people, photo, pipeline, policy, relationship, show,
    template, touch, web_lead,
};
pub use read::policy::{Breach, ChannelSlots, ContactBudget, CountedTouch, LimitBudget, NextSlot, RuleBudget};
pub use read::{
    access, agenda, campaigns, follow_ups, funnel, listing, plans, reports, response, search, stand, suggest,
    templates, view,
};
pub use state::{applied, conflicts, moves, rights, touch_book};
pub use values::{clock, ids};

/// Routing new clients to an owner: the settings and strategies (`model::routing`) and
/// the [`Router`](routing::Router) that applies them to the state (`decide::router`).
pub mod routing {
    pub use crate::decide::router::{self, Route, Router};
    pub use crate::model::routing::*;
}

/// The storage contract every backend implements, the in-memory backend, and (feature
/// `conformance`) the suite every backend runs through the engine.
pub mod store {
    #[cfg(any(test, feature = "conformance"))]
    pub use crate::engine::conformance;
    pub use crate::log::store::*;
}

pub use access::{Access, Grantee};
pub use client::{Alias, AliasKind, Client, ClientFields, ClientKind, ClientName, Field, FieldValue, NewClient};
pub use clock::{Hlc, HybridClock};
pub use command::Command;
pub use engine::{Engine, PullMode, TakenIn};
pub use error::{Error, ErrorKind, ValidationError};
pub use event::{Event, EventPayload, FieldChange, Slot};
pub use ids::{
    ClientId, EventId, PipelineId, QuestionId, RelationshipId, ReplicaId, RuleId, ShowId, StageId, TeamId, TemplateId,
    TouchId, UserId,
};
pub use state::CrmState;
pub use store::{EventStore, MemoryStore, StoreError, Tail, Unreadable};
pub use view::View;
