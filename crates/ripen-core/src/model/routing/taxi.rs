//! The taxi queue: the next free manager in turn, skipping absent users and full ones.

use crate::values::ids::UserId;
use crate::values::sort;

/// One member of the queue as the team stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    pub user: UserId,
    pub absent: bool,
    /// Clients the user owns now.
    pub load: u32,
    /// The most clients the user may own; `None` is no cap.
    pub cap: Option<u32>,
}

impl Seat {
    pub(crate) fn skip_reason(&self) -> Option<SkipReason> {
        if self.absent {
            Some(SkipReason::Absent)
        } else if self.cap.is_some_and(|cap| self.load >= cap) {
            Some(SkipReason::AtCap { load: self.load })
        } else {
            None
        }
    }
}

/// Why a member whose turn it was did not get the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase", tag = "reason")]
pub enum SkipReason {
    Absent,
    AtCap {
        load: u32,
    },
    /// Scored as high as the one chosen, but the turn went to them (skills matrix).
    NotTheirTurn,
}

/// A member passed over on the way to the pick, in turn order.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Skip {
    pub user: UserId,
    #[json(flatten)]
    pub reason: SkipReason,
}

/// The queue's decision and what it passed over, for the explanation in the history.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct TaxiPick {
    pub user: UserId,
    pub skipped: Vec<Skip>,
}

/// The next member after `last` in the queue's order (user id order, wrapping) who is
/// present and under their cap.
///
/// The turn is keyed on the last user served rather than on a position, so a member
/// joining or leaving does not make anyone lose or repeat a turn. `None` when nobody can
/// take the client; the caller falls back to the team's default.
pub fn next_in_turn(seats: &[Seat], last: Option<&UserId>) -> Option<TaxiPick> {
    let mut order: Vec<&Seat> = seats.iter().collect();
    sort::sort_by(&mut order, |a, b| a.user.cmp(&b.user));
    order.dedup_by(|a, b| a.user == b.user);
    let start = last.map_or(0, |last| order.partition_point(|seat| seat.user <= *last));
    let mut skipped = Vec::new();
    for seat in order.iter().cycle().skip(start).take(order.len()) {
        match seat.skip_reason() {
            Some(reason) => skipped.push(Skip { user: seat.user.clone(), reason }),
            None => return Some(TaxiPick { user: seat.user.clone(), skipped }),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str) -> UserId {
        id.parse().unwrap()
    }

    fn seat(id: &str) -> Seat {
        Seat { user: user(id), absent: false, load: 0, cap: None }
    }

    fn absent(id: &str) -> Seat {
        Seat { absent: true, ..seat(id) }
    }

    fn full(id: &str, load: u32, cap: u32) -> Seat {
        Seat { load, cap: Some(cap), ..seat(id) }
    }

    #[test]
    fn picks_the_next_in_turn_skipping_whoever_cannot_take_it() {
        struct Case {
            name: &'static str,
            seats: Vec<Seat>,
            last: Option<&'static str>,
            expected: Option<&'static str>,
            skipped: Vec<(&'static str, SkipReason)>,
        }
        let cases = [
            Case {
                name: "first turn goes to the first in order",
                seats: vec![seat("vera"), seat("anna"), seat("boris")],
                last: None,
                expected: Some("anna"),
                skipped: vec![],
            },
            Case {
                name: "the turn moves on",
                seats: vec![seat("anna"), seat("boris"), seat("vera")],
                last: Some("anna"),
                expected: Some("boris"),
                skipped: vec![],
            },
            Case {
                name: "the turn wraps",
                seats: vec![seat("anna"), seat("boris"), seat("vera")],
                last: Some("vera"),
                expected: Some("anna"),
                skipped: vec![],
            },
            Case {
                name: "absent is skipped",
                seats: vec![seat("anna"), absent("boris"), seat("vera")],
                last: Some("anna"),
                expected: Some("vera"),
                skipped: vec![("boris", SkipReason::Absent)],
            },
            Case {
                name: "at the cap is skipped, under it is not",
                seats: vec![seat("anna"), full("boris", 10, 10), full("vera", 9, 10)],
                last: Some("anna"),
                expected: Some("vera"),
                skipped: vec![("boris", SkipReason::AtCap { load: 10 })],
            },
            Case {
                name: "a departed last user: the turn goes to whoever follows them",
                seats: vec![seat("anna"), seat("vera")],
                last: Some("boris"),
                expected: Some("vera"),
                skipped: vec![],
            },
            Case {
                name: "the last user may get it again when alone",
                seats: vec![seat("anna"), absent("boris")],
                last: Some("anna"),
                expected: Some("anna"),
                skipped: vec![("boris", SkipReason::Absent)],
            },
            Case {
                name: "nobody free",
                seats: vec![absent("anna"), full("boris", 3, 3)],
                last: None,
                expected: None,
                skipped: vec![],
            },
            Case { name: "empty team", seats: vec![], last: None, expected: None, skipped: vec![] },
        ];
        for case in cases {
            let last = case.last.map(user);
            let pick = next_in_turn(&case.seats, last.as_ref());
            assert_eq!(pick.as_ref().map(|p| p.user.as_str()), case.expected, "{}", case.name);
            if let Some(pick) = pick {
                let skipped: Vec<_> = pick.skipped.iter().map(|s| (s.user.as_str(), s.reason)).collect();
                assert_eq!(skipped, case.skipped, "{}", case.name);
            }
        }
    }

    #[test]
    fn the_explanation_serialises_flat() {
        let skip = Skip { user: user("boris"), reason: SkipReason::AtCap { load: 10 } };
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&&skip)).unwrap(),
            serde_json::json!({"user": "boris", "reason": "atCap", "load": 10})
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Over any run without absences or caps, the counts differ by at most one,
            /// whoever was served before the run.
            #[test]
            fn the_queue_is_fair(members in 1usize..12, leads in 0usize..200, first in 0usize..12) {
                let seats: Vec<Seat> = (0..members).map(|i| seat(&format!("u{i:02}"))).collect();
                let mut last = Some(seats[first % members].user.clone());
                let mut counts = vec![0u32; members];
                for _ in 0..leads {
                    let pick = next_in_turn(&seats, last.as_ref()).unwrap();
                    prop_assert!(pick.skipped.is_empty());
                    let index = seats.iter().position(|s| s.user == pick.user).unwrap();
                    counts[index] += 1;
                    last = Some(pick.user);
                }
                let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
                prop_assert!(max - min <= 1, "counts {counts:?}");
            }

            /// Whoever is absent or full never gets a client, and a pick is refused only
            /// when nobody can take it.
            #[test]
            fn never_picks_someone_who_cannot_take_it(
                states in proptest::collection::vec((any::<bool>(), 0u32..5, proptest::option::of(0u32..5)), 0..10),
                last in proptest::option::of(0usize..10),
            ) {
                let seats: Vec<Seat> = states
                    .iter()
                    .enumerate()
                    .map(|(i, &(absent, load, cap))| Seat { user: user(&format!("u{i}")), absent, load, cap })
                    .collect();
                let last = last.map(|i| user(&format!("u{i}")));
                match next_in_turn(&seats, last.as_ref()) {
                    Some(pick) => {
                        let chosen = seats.iter().find(|s| s.user == pick.user).unwrap();
                        prop_assert!(chosen.skip_reason().is_none());
                        prop_assert!(pick.skipped.iter().all(|s| s.user != pick.user));
                    }
                    None => prop_assert!(seats.iter().all(|s| s.skip_reason().is_some())),
                }
            }
        }
    }
}
