//! Zones natively, chrono-tz installed, against chrono-tz itself: the names, the offsets
//! and the wall times (the conformance suite, which the browser runs with `Intl`).

use super::conformance::{compare, run, Reference};
use super::names::NAMES;
use super::Zone;
use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};

struct ChronoTzItself;

impl Reference for ChronoTzItself {
    fn offset_at(&self, zone: &str, at: i64) -> i32 {
        let zone: chrono_tz::Tz = zone.parse().unwrap();
        zone.offset_from_utc_datetime(&DateTime::from_timestamp(at, 0).unwrap().naive_utc()).fix().local_minus_utc()
    }

    fn instants_at(&self, zone: &str, wall: NaiveDateTime) -> LocalResult<DateTime<Utc>> {
        let zone: chrono_tz::Tz = zone.parse().unwrap();
        zone.from_local_datetime(&wall).map(|t| t.with_timezone(&Utc))
    }
}

#[test]
fn zone_names_are_chrono_tzs() {
    let theirs: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    if std::env::var_os("RIPEN_WRITE_ZONE_NAMES").is_some() {
        write_names(&theirs);
    }
    assert!(NAMES.windows(2).all(|pair| pair[0] < pair[1]), "names.rs must be sorted and without repeats");
    assert_eq!(
        NAMES.to_vec(),
        theirs,
        "chrono-tz's names changed: RIPEN_WRITE_ZONE_NAMES=1 cargo test -p ripen-core zone_names"
    );
}

/// names.rs, as `cargo fmt` leaves it.
fn write_names(names: &[&str]) {
    let mut sorted = names.to_vec();
    sorted.sort_unstable();
    let header = std::fs::read_to_string(file!().replace("tests.rs", "names.rs")).unwrap();
    let header: String =
        header.lines().take_while(|line| line.starts_with("//!")).map(|line| format!("{line}\n")).collect();
    let list: String = sorted.iter().map(|name| format!("    {name:?},\n")).collect();
    let text = format!("{header}\npub(super) static NAMES: [&str; {}] = [\n{list}];\n", sorted.len());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/values/zone/names.rs");
    std::fs::write(path, text).unwrap();
}

#[test]
fn names_are_spelt_exactly() {
    for (name, known) in [
        ("Europe/Moscow", true),
        ("Europe/Kyiv", true),
        ("Europe/Kiev", true),
        ("Asia/Kolkata", true),
        ("Asia/Calcutta", true),
        ("Etc/GMT+5", true),
        ("UTC", true),
        ("europe/moscow", false),
        ("EUROPE/MOSCOW", false),
        ("+03:00", false),
        ("Etc/GMT+15", false),
        ("Europe/Moscow ", false),
        ("", false),
    ] {
        assert_eq!(Zone::named(name).map(Zone::name), known.then_some(name), "{name:?}");
    }
    assert_eq!(Zone::UTC.name(), "UTC");
    assert_eq!(Zone::all().count(), NAMES.len());
    assert!(Zone::all().all(|zone| Zone::named(zone.name()) == Some(zone)));
}

#[test]
fn the_zones_agree_with_chrono_tz_from_2000_to_2040() {
    let coverage = run(&ChronoTzItself).unwrap_or_else(|differences| panic!("{differences}"));
    assert!(coverage.changes > 80 * 6, "{coverage:?}");
}

#[test]
fn every_zone_agrees_with_chrono_tz_in_2026_and_2027() {
    let every: Vec<&str> = Zone::all().map(Zone::name).collect();
    let coverage = compare(&ChronoTzItself, &every, 2026..=2027).unwrap_or_else(|differences| panic!("{differences}"));
    // About 200 zones keep DST: 800 changes in two years.
    assert!(coverage.changes > 700, "{coverage:?}");
}
