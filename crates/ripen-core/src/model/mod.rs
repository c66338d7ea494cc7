//! The model: what a CRM is made of — clients, touches, pipelines, relationships, people,
//! and the settings the team works by (contact rules, routing, plans, stage stimuli) —
//! and the events that record every change to them. Plain data and its own rules; nothing
//! here reads the state.

pub mod campaign;
pub mod client;
pub mod event;
pub mod follow_up;
pub mod import;
pub mod lead;
pub mod merge;
pub mod people;
pub mod photo;
pub mod pipeline;
pub mod policy;
pub mod relationship;
pub(crate) mod routing;
pub(crate) mod sales_plan;
pub mod show;
pub(crate) mod stimuli;
pub mod template;
pub mod touch;
pub(crate) mod violation;
pub mod web_lead;
