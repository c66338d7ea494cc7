//! Reads of the state: who may see what, the user's view, the agenda, the funnel, plans,
//! reports, search, the next best touch, and the contact policy's verdict on a touch.

pub mod access;
pub mod agenda;
pub mod campaigns;
pub(crate) mod filter;
pub mod follow_ups;
pub mod funnel;
pub mod listing;
pub mod plans;
pub(crate) mod policy;
pub mod reports;
pub mod response;
pub mod search;
pub(crate) mod slots;
pub mod stand;
pub mod suggest;
pub mod templates;
pub mod view;
