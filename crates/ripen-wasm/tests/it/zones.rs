//! The browser's zone rules against the tz database: ripen-core's zone conformance suite
//! with `Intl` installed and chrono-tz (a dev-dependency: it never reaches the shipped
//! module) as the reference.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use ripen_core::values::zone::conformance::{self, Reference};
use ripen_core::values::zone::{Zone, ZoneSource};
use ripen_wasm::zones::{self, IntlZones};
use wasm_bindgen_test::wasm_bindgen_test;

struct ChronoTz;

impl Reference for ChronoTz {
    fn offset_at(&self, zone: &str, at: i64) -> i32 {
        let zone: chrono_tz::Tz = zone.parse().unwrap();
        zone.offset_from_utc_datetime(&DateTime::from_timestamp(at, 0).unwrap().naive_utc()).fix().local_minus_utc()
    }

    fn instants_at(&self, zone: &str, wall: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        let zone: chrono_tz::Tz = zone.parse().unwrap();
        zone.from_local_datetime(&wall).map(|t| t.with_timezone(&Utc))
    }
}

#[wasm_bindgen_test]
fn intl_agrees_with_the_tz_database_from_2000_to_2040() {
    zones::install();
    let coverage = conformance::run(&ChronoTz).unwrap_or_else(|differences| panic!("{differences}"));
    wasm_bindgen_test::console_log!("zones compared with Intl: {coverage:?}");
}

#[wasm_bindgen_test]
fn the_browser_knows_every_zone_the_engine_accepts() {
    let now = js_sys::Date::now() as i64 / 1000;
    let unknown: Vec<&str> =
        Zone::all().map(Zone::name).filter(|name| IntlZones.offset_at(name, now).is_none()).collect();
    assert!(unknown.is_empty(), "Intl does not know {unknown:?}");
    // A zone it does not know is no answer, not an exception through the engine's frames.
    for name in ["Mars/Olympus", "Europe/Novosibirsk", "GMT+25"] {
        assert_eq!(IntlZones.offset_at(name, now), None, "{name}");
    }
    assert_eq!(IntlZones.offset_at("Asia/Kathmandu", now), Some(5 * 3600 + 45 * 60));
}
