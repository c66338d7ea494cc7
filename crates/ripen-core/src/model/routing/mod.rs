//! Routing new clients to an owner by a rule rather than by an informal boss (DOMAIN.md §5).
//!
//! Each strategy is a pure function of the team as it stands and of the previous
//! decisions, so that the turn can be rebuilt from the event log after a reload.

pub mod rules;
pub mod settings;
pub mod skills;
pub mod taxi;

pub use rules::{Conditions, Matched, RouteRule, RuleBook, RuleDecision, Target};
pub use settings::{RouteReason, Routing, Strategy};
pub use skills::{best_skilled, Skill, SkillField, SkillPick, SkilledSeat, Weight};
pub use taxi::{next_in_turn, Seat, Skip, SkipReason, TaxiPick};
