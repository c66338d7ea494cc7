//! Ripen's CRM domain: clients, events, the folded state and the storage contract.
//!
//! This crate does no I/O and knows nothing of JavaScript: time and randomness come in as
//! arguments, storage comes in as an [`EventStore`] implementation. See `ARCHITECTURE.md`.

pub mod access;
pub mod agenda;
pub mod applied;
pub mod backup;
pub mod checkpoint;
pub mod client;
pub mod clock;
pub mod codec;
pub mod command;
pub mod engine;
pub mod error;
pub mod event;
pub mod funnel;
mod history;
pub mod ids;
pub mod import;
mod interner;
pub mod merge;
pub mod moves;
mod newtype;
pub mod people;
pub mod pipeline;
pub mod plans;
pub mod policy;
pub mod relationship;
mod replay;
pub mod reports;
mod revert;
pub mod routing;
pub mod sales_plan;
pub mod search;
pub mod state;
pub mod stimuli;
pub mod store;
pub mod synthetic;
mod text;
pub mod touch;
pub mod touch_book;
mod touch_texts;
pub mod values;
pub mod view;
mod write_queue;

pub use access::{Access, Grantee};
pub use client::{Alias, AliasKind, Client, ClientFields, ClientKind, ClientName, Field, FieldValue, NewClient};
pub use clock::{Hlc, HybridClock};
pub use command::Command;
pub use engine::Engine;
pub use error::{Error, ErrorKind, ValidationError};
pub use event::{Event, EventPayload, FieldChange, Slot};
pub use ids::{ClientId, EventId, PipelineId, RelationshipId, ReplicaId, RuleId, StageId, TeamId, TouchId, UserId};
pub use state::CrmState;
pub use store::{EventStore, MemoryStore, StoreError, Tail};
pub use view::View;
