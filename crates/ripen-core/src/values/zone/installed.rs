//! Where the zones' rules come from: the host. Natively chrono-tz's database; in the
//! browser `Intl.DateTimeFormat`, installed by ripen-wasm, so the engine's wasm module
//! carries no tz database.
//!
//! One source per process, in a static, rather than one passed down: a zone is read deep
//! inside the domain (every policy check, every agenda row) from values serde builds, and
//! a process has one host, so threading a source through every signature would buy
//! nothing but noise.

use super::source::ZoneSource;
use super::table::Tables;
use std::sync::OnceLock;

static TABLES: OnceLock<Tables> = OnceLock::new();

/// Makes `source` the one every zone's rules are read from. The first source installed
/// stays and later calls change nothing: tables built from one host's answers must not be
/// mixed with another's. Natively chrono-tz is installed on first use if nothing was.
pub fn install(source: &'static dyn ZoneSource) {
    TABLES.get_or_init(|| Tables::new(source));
}

/// The tables of the installed source; `None` in a wasm build whose host installed none.
pub(super) fn tables() -> Option<&'static Tables> {
    #[cfg(not(target_arch = "wasm32"))]
    return Some(TABLES.get_or_init(|| Tables::new(&super::chrono_tz_source::ChronoTz)));
    #[cfg(target_arch = "wasm32")]
    TABLES.get()
}
