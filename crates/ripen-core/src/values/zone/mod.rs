//! Time zones whose rules the host supplies. The engine knows the IANA names (`names.rs`)
//! but not the tz database's rules: [`Zone`] is a chrono `TimeZone` that reads them from
//! the installed [`ZoneSource`] (chrono-tz natively, the browser's `Intl` in wasm) into
//! tables built once per zone and year.

#[cfg(not(target_arch = "wasm32"))]
mod chrono_tz_source;
#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
mod id;
mod installed;
mod names;
mod offset;
mod source;
mod table;
// Natively, where chrono-tz is both the source and the reference.
#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests;

#[cfg(not(target_arch = "wasm32"))]
pub use chrono_tz_source::ChronoTz;
pub use id::Zone;
pub use installed::install;
pub use offset::ZoneOffset;
pub use source::ZoneSource;
