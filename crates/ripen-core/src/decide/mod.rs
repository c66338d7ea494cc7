//! Decisions: commands checked against the state and turned into events, the
//! compensation a revert writes, and the router that picks a new client's owner.

pub(crate) mod campaigns;
pub mod command;
pub(crate) mod follow_ups;
pub(crate) mod revert;
pub mod router;
