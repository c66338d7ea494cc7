//! The contact policy applied to the state: [`Policy::check`](crate::policy::Policy::check)
//! and `pressure` (`check.rs`), a client's contact budget explained (`budget.rs`), whose
//! touches count together and in which time zone a client lives (`scope.rs`), windows and
//! hours in that zone (`window.rs`). The rules themselves are in `model::policy`.

mod breaches;
mod budget;
mod check;
mod counter;
// Its property test draws on proptest, which has no entropy on bare wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod reference;
mod scope;
mod window;

pub use breaches::Breach;
pub use budget::{ChannelSlots, ContactBudget, CountedTouch, LimitBudget, NextSlot, RuleBudget};
pub(crate) use scope::clients_in;
