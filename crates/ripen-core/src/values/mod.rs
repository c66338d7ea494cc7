//! The first layer, the words every other one uses: ids, the hybrid logical clock, the
//! errors input is refused with, the plumbing every string-backed value shares, and the
//! parsed domain values. Every raw string from the edge becomes one of these or a typed
//! [`ValidationError`](crate::ValidationError) naming the field.

mod channel;
pub(crate) mod clean;
pub mod clock;
mod dates;
mod email;
pub mod error;
pub mod ids;
pub mod instant;
pub(crate) mod newtype;
pub mod normal;
pub(crate) mod pair_key;
pub(crate) mod phone;
pub mod send_link;
pub mod sort;
mod text;
mod time_zone;
pub mod zone;

pub use channel::{Channel, MessengerNetwork};
pub use dates::{DateKind, ImportantDate, Meetup, Wish};
pub use email::Email;
pub use phone::{CountryCode, Phone, PhoneError, Region};
pub use text::{Label, Messenger, Notes, Tag, Website};
pub use time_zone::TimeZoneName;
pub use zone::Zone;

/// For the facade's own names (a database's, a user's, a team's, a stage's): the check
/// names and user ids get when typed.
pub use crate::values::clean::refuse_invisible;
