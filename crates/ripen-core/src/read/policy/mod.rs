//! The contact policy applied to the state: [`Policy::check`](crate::policy::Policy::check)
//! and `pressure` (`check.rs`), whose touches count together and in which time zone a
//! client lives (`scope.rs`). The rules themselves are in `model::policy`.

mod breaches;
mod check;
mod counter;
#[cfg(test)]
mod reference;
mod scope;

pub use breaches::Breach;
