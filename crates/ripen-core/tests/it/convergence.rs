//! Convergence: devices that write while apart, with clocks apart, and exchange their log
//! records in any order — some twice, some late, parts of a commit apart — and that write
//! checkpoints and reopen at any point, hold the same state once they hold the same
//! events: the same digest as the fold of every event in (HLC, id) order.

use crate::commands::{self, step, Step, USERS};
use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::{CrmState, Engine, EventStore, MemoryStore, PullMode, ReplicaId, UserId};

const DEVICES: usize = 3;

#[derive(Debug, Clone)]
enum Action {
    /// A rep's step on a device.
    Write(usize, Step),
    /// Records of one device reach another: `count` of them from the `start`-th on,
    /// backwards or not (with the records it had from others: a hub relays them all).
    Deliver {
        from: usize,
        to: usize,
        start: usize,
        count: usize,
        backwards: bool,
    },
    Checkpoint(usize),
    Reopen(usize),
}

fn action() -> impl Strategy<Value = Action> {
    let device = 0..DEVICES;
    prop_oneof![
        12 => (device.clone(), step()).prop_map(|(d, s)| Action::Write(d, s)),
        3 => (device.clone(), device.clone(), any::<usize>(), 1usize..6, any::<bool>())
            .prop_map(|(from, to, start, count, backwards)| Action::Deliver { from, to, start, count, backwards }),
        1 => device.clone().prop_map(Action::Checkpoint),
        1 => device.prop_map(Action::Reopen),
    ]
}

/// Opens as `user`, or as the first registered user once `user` may not (an admin exists).
fn open(store: &MemoryStore, seed: u64, user: UserId) -> Engine<MemoryStore> {
    match block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), user)) {
        Ok(engine) => engine,
        Err(error) => {
            assert_eq!(error.kind(), ripen_core::ErrorKind::Forbidden, "{error}");
            let state = fold_sorted(&block_on(store.load()).unwrap());
            let member = state.people.users().next().map(|(id, _)| id.clone()).unwrap();
            block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), member)).unwrap()
        }
    }
}

/// Every event the records hold, each once, folded in (HLC, id) order.
fn fold_sorted(records: &[String]) -> CrmState {
    let mut events = ripen_core::codec::decode_log(records).unwrap();
    events.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    events.dedup_by(|a, b| a.id == b.id);
    CrmState::fold(events)
}

fn deliver(stores: &[MemoryStore], engines: &[Engine<MemoryStore>], from: usize, to: usize, records: &[String]) {
    if from == to || records.is_empty() {
        return;
    }
    // Half the deliveries come as a hub's pull does: stored with a sync state and folded
    // from memory when they follow what the device holds (a refresh folds them otherwise).
    if records.len() % 2 == 0 {
        let mode = engines[to].pull_mode();
        if block_on(engines[to].append_pulled(records, "{}", mode)).unwrap().applied.is_none() {
            block_on(engines[to].fold_pulled()).unwrap();
        }
    } else {
        block_on(stores[to].append(records)).unwrap();
        block_on(engines[to].refresh()).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn devices_that_hold_the_same_events_hold_the_same_state(
        actions in prop::collection::vec(action(), 1..80),
        skews in prop::array::uniform3(-3_600_000i64..3_600_000),
    ) {
        let stores: Vec<MemoryStore> = (0..DEVICES).map(|_| MemoryStore::new()).collect();
        let mut seed = 100;
        let mut engines: Vec<Engine<MemoryStore>> = stores
            .iter()
            .map(|store| {
                seed += 1;
                open(store, seed, "anna".parse().unwrap())
            })
            .collect();
        // Each device starts with clients of its own, so that steps have some to work on.
        for (device, engine) in engines.iter().enumerate() {
            let names = vec![format!("Клиент {device}"), format!("Client {device}")];
            let _ = commands::command(&Step::AddMany(names), engine).map(|command| {
                let now = Utc.timestamp_millis_opt(1_699_999_000_000 + skews[device]).unwrap();
                block_on(engine.execute(command, now)).unwrap()
            });
        }
        for (i, action) in actions.into_iter().enumerate() {
            match action {
                Action::Write(device, step) => {
                    let engine = &engines[device];
                    match step {
                        Step::SwitchUser(u) => {
                            let _ = block_on(engine.switch_user(USERS[u].parse().unwrap()));
                        }
                        Step::Reopen | Step::Checkpoint | Step::FailNextCommit => {}
                        step => {
                            let now = Utc.timestamp_millis_opt(1_700_000_000_000 + i as i64 * 1_000 + skews[device]).unwrap();
                            if let Some(command) = commands::command(&step, engine) {
                                // Refusals (rights, rules, conflicts) are the devices' own business.
                                let _ = block_on(engine.execute(command, now));
                            }
                        }
                    }
                }
                Action::Deliver { from, to, start, count, backwards } => {
                    let records = block_on(stores[from].load()).unwrap();
                    if records.is_empty() {
                        continue;
                    }
                    let start = start % records.len();
                    let mut some: Vec<String> = records[start..(start + count).min(records.len())].to_vec();
                    if backwards {
                        some.reverse();
                    }
                    deliver(&stores, &engines, from, to, &some);
                }
                Action::Checkpoint(device) => {
                    block_on(engines[device].write_checkpoint(|| async {})).unwrap();
                }
                Action::Reopen(device) => {
                    let user = engines[device].user();
                    seed += 1;
                    engines[device] = open(&stores[device], seed, user);
                }
            }
        }
        // Every device gets every record at last (in the order its peers hold them).
        for to in 0..DEVICES {
            for from in 0..DEVICES {
                let records = block_on(stores[from].load()).unwrap();
                deliver(&stores, &engines, from, to, &records);
            }
        }
        let everything: Vec<String> = stores.iter().flat_map(|s| block_on(s.load()).unwrap()).collect();
        let expected = ripen_core::digest::digest(&fold_sorted(&everything));
        for (device, engine) in engines.iter().enumerate() {
            prop_assert_eq!(&engine.digest(), &expected, "device {} as it runs", device);
            seed += 1;
            let reopened = open(&stores[device], seed, engine.user());
            prop_assert_eq!(&reopened.digest(), &expected, "device {} reopened", device);
        }
    }
}

#[test]
fn a_device_whose_clock_runs_a_day_ahead_is_reported_and_followed_to_keep_order() {
    let now = |millis: i64| Utc.timestamp_millis_opt(1_800_000_000_000 + millis).unwrap();
    let (ours, theirs) = (MemoryStore::new(), MemoryStore::new());
    let (here, there) = (open(&ours, 1, "anna".parse().unwrap()), open(&theirs, 2, "anna".parse().unwrap()));
    let add = |engine: &Engine<MemoryStore>, name: &str, at| {
        let client = ripen_core::NewClient::named(ripen_core::ClientKind::Company, name.parse().unwrap());
        block_on(engine.execute(ripen_core::Command::AddClient(client), at)).unwrap()[0].clone()
    };
    // Minutes ahead: followed, and nothing to report.
    add(&there, "Минуты вперёд", now(5 * 60_000));
    deliver(&[ours.clone(), theirs.clone()], &[here, there], 1, 0, &block_on(theirs.load()).unwrap());
    let (here, there) = (open(&ours, 3, "anna".parse().unwrap()), open(&theirs, 4, "anna".parse().unwrap()));
    assert_eq!(here.clock_ahead(now(0)), None);
    let next = add(&here, "После минут", now(1));
    assert!(next.at.millis >= 1_800_000_000_000 + 5 * 60_000, "a clock minutes ahead is followed");
    // A day ahead: reported, with the device; this device's next change still comes after.
    let future = add(&there, "Завтрашний", now(86_400_000));
    block_on(ours.append(&block_on(theirs.load()).unwrap())).unwrap();
    block_on(here.refresh()).unwrap();
    assert_eq!(here.clock_ahead(now(2)), Some((future.id.replica.clone(), 86_400_000 - 2)));
    let mine = add(&here, "Сегодняшний", now(3));
    assert!(mine.at > future.at, "{:?}", mine.at);
    drop(there);
}

/// Two devices that both hold `names` (added on the first, delivered to the second).
fn two_devices(names: &[&str]) -> (Vec<MemoryStore>, Vec<Engine<MemoryStore>>, Vec<ripen_core::ClientId>) {
    let stores = vec![MemoryStore::new(), MemoryStore::new()];
    let engines: Vec<_> = stores.iter().zip([7, 8]).map(|(s, seed)| open(s, seed, "anna".parse().unwrap())).collect();
    let clients = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let new = ripen_core::NewClient::named(ripen_core::ClientKind::Company, name.parse().unwrap());
            let at = Utc.timestamp_millis_opt(1_800_000_000_000 + i as i64).unwrap();
            block_on(engines[0].execute(ripen_core::Command::AddClient(new), at)).unwrap()[0].payload.clients()[0]
                .clone()
        })
        .collect();
    deliver(&stores, &engines, 0, 1, &block_on(stores[0].load()).unwrap());
    (stores, engines, clients)
}

/// Each device runs its command (at the given second), then they exchange everything.
fn at_once(stores: &[MemoryStore], engines: &[Engine<MemoryStore>], commands: [(ripen_core::Command, i64); 2]) {
    for ((command, second), engine) in commands.into_iter().zip(engines) {
        let at = Utc.timestamp_millis_opt(1_800_000_100_000 + second * 1_000).unwrap();
        block_on(engine.execute(command, at)).unwrap();
    }
    let (first, second) = (block_on(stores[0].load()).unwrap(), block_on(stores[1].load()).unwrap());
    deliver(stores, engines, 0, 1, &first);
    deliver(stores, engines, 1, 0, &second);
    assert_eq!(engines[0].digest(), engines[1].digest());
}

#[test]
fn concurrent_edits_have_one_meaning_on_every_device() {
    use ripen_core::conflicts::Conflict;
    use ripen_core::Command;
    // The same field on two devices: the later by the clock stands, both stay in history.
    let (stores, engines, c) = two_devices(&["ООО «Поле»"]);
    let region = |name: &str| ripen_core::FieldValue::Region(Some(name.parse().unwrap()));
    let update = |value| Command::UpdateClient { client: c[0].clone(), values: vec![value] };
    at_once(&stores, &engines, [(update(region("Урал")), 2), (update(region("Сибирь")), 1)]);
    let state = engines[1].state();
    assert_eq!(state.client(&c[0]).unwrap().fields.region.as_ref().map(|r| r.as_str()), Some("Урал"));
    assert!(state.conflicts().is_empty());
    drop(state);
    assert_eq!(block_on(engines[1].history_unchecked(&c[0])).unwrap().len(), 3, "added, and both edits");

    // Crossed merges: the first by the clock stands; the other is left out and surfaced.
    let (stores, engines, c) = two_devices(&["ООО «Альфа»", "ООО «Альфа+»"]);
    let merge = |keep: usize, drop: usize| Command::Merge { keep: c[keep].clone(), drop: c[drop].clone() };
    at_once(&stores, &engines, [(merge(0, 1), 1), (merge(1, 0), 2)]);
    let state = engines[0].state();
    assert_eq!(state.merged_into(&c[1]), Some(&c[0]));
    assert_eq!(state.merged_into(&c[0]), None);
    assert!(matches!(state.conflicts(), [Conflict::MergeLeftOut { keep, drop, .. }] if *keep == c[1] && *drop == c[0]));
    drop(state);

    // The same merge on both devices: one merge, nothing to settle.
    let (stores, engines, c) = two_devices(&["ООО «Бета»", "ООО «Бета» (дубль)"]);
    let merge = |keep: usize, drop: usize| Command::Merge { keep: c[keep].clone(), drop: c[drop].clone() };
    at_once(&stores, &engines, [(merge(0, 1), 1), (merge(0, 1), 2)]);
    assert!(engines[0].state().conflicts().is_empty());

    // Chained merges: B into A on one device, A into C on the other: both stand.
    let (stores, engines, c) = two_devices(&["ООО «Гамма»", "ООО «Гамма» 2", "ООО «Гамма» 3"]);
    let merge = |keep: usize, drop: usize| Command::Merge { keep: c[keep].clone(), drop: c[drop].clone() };
    at_once(&stores, &engines, [(merge(0, 1), 1), (merge(2, 0), 2)]);
    let state = engines[1].state();
    assert_eq!(state.canonical(&c[1]), &c[2]);
    assert!(state.conflicts().is_empty());
    drop(state);

    // The same duplicate merged into two different clients: the first stands.
    let (stores, engines, c) = two_devices(&["ООО «Дельта»", "ООО «Дельта» 2", "ООО «Дельта» 3"]);
    let merge = |keep: usize, drop: usize| Command::Merge { keep: c[keep].clone(), drop: c[drop].clone() };
    at_once(&stores, &engines, [(merge(0, 1), 1), (merge(2, 1), 2)]);
    let state = engines[0].state();
    assert_eq!(state.merged_into(&c[1]), Some(&c[0]));
    assert!(matches!(state.conflicts(), [Conflict::MergeLeftOut { merged_into, .. }] if *merged_into == c[0]));
    drop(state);

    // A touch logged on a duplicate on one device while the other merged it: it follows
    // the merge (the kept client's touches, its contact limits, the agenda).
    let (stores, engines, c) = two_devices(&["ООО «Эпсилон»", "ООО «Эпсилон» (дубль)"]);
    let merge = Command::Merge { keep: c[0].clone(), drop: c[1].clone() };
    let touch = ripen_core::command::NewTouch::new(c[1].clone(), ripen_core::values::Channel::Email);
    let log = Command::LogTouch { touch, result: None, outcome: None, nps: None };
    at_once(&stores, &engines, [(merge, 1), (log, 2)]);
    for engine in &engines {
        let state = engine.state();
        assert_eq!(state.touches_of(&c[0]).count(), 1, "the kept client has the duplicate's touch");
        let view = ripen_core::View::new(&*state, ripen_core::Access::everything());
        assert_eq!(view.touches(&c[0]).unwrap().count(), 1);
    }

    // A lead given an owner on two devices at once: one owner everywhere, the other surfaced.
    let (stores, engines, c) = two_devices(&["ООО «Лид»"]);
    for (i, user) in ["boris", "vera"].into_iter().enumerate() {
        let profile =
            ripen_core::people::UserProfile::new(user.to_uppercase(), ripen_core::people::Role::Manager, None);
        let save = Command::SaveUser { user: user.parse().unwrap(), profile };
        block_on(engines[0].execute(save, Utc.timestamp_millis_opt(1_800_000_050_000 + i as i64).unwrap())).unwrap();
    }
    deliver(&stores, &engines, 0, 1, &block_on(stores[0].load()).unwrap());
    let hand = |to: &str| Command::HandOff { client: c[0].clone(), to: Some(to.parse().unwrap()), reason: None };
    at_once(&stores, &engines, [(hand("boris"), 1), (hand("vera"), 2)]);
    let state = engines[0].state();
    assert_eq!(state.client(&c[0]).unwrap().owner.as_ref().map(|u| u.as_str()), Some("vera"));
    let surfaced = matches!(state.conflicts(), [Conflict::Assignment { owner, overridden, .. }]
        if owner.as_ref().map(|u| u.as_str()) == Some("vera") && overridden.as_ref().map(|u| u.as_str()) == Some("boris"));
    assert!(surfaced, "{:?}", state.conflicts());
    drop(state);

    // Surfaced to whoever settles them: heads of sales and admins, not the reps.
    let admin = ripen_core::people::UserProfile::new("ANNA".to_owned(), ripen_core::people::Role::Admin, None);
    let save = Command::SaveUser { user: "anna".parse().unwrap(), profile: admin };
    block_on(engines[0].execute(save, Utc.timestamp_millis_opt(1_800_000_200_000).unwrap())).unwrap();
    let state = engines[0].state();
    let view = |user: &str| ripen_core::View::of(&*state, &user.parse().unwrap()).conflicts().map(|c| c.len());
    assert_eq!(view("anna").unwrap(), 1);
    assert_eq!(view("boris").unwrap_err().kind(), ripen_core::ErrorKind::Forbidden);
}

#[test]
fn calls_planned_on_two_devices_that_together_break_a_limit_are_kept_and_listed() {
    use ripen_core::Command;
    let (stores, engines, c) = two_devices(&["ООО «Завод»"]);
    // Tuesday 2026-01-13, 10:00 Moscow, and the days after: within the call hours.
    let day = |d: i64| Utc.timestamp_millis_opt(1_768_287_600_000 + d * 86_400_000).unwrap();
    let plan = |d: i64, engine: &Engine<MemoryStore>| {
        let touch = ripen_core::command::NewTouch {
            at: Some(day(d)),
            override_reason: Some("agreed with the client".into()),
            ..ripen_core::command::NewTouch::new(c[0].clone(), ripen_core::values::Channel::Call)
        };
        let plan = ripen_core::touch::Plan::parse("send_offer", "the offer", "a meeting").unwrap();
        let now = Utc.timestamp_millis_opt(1_768_000_000_000).unwrap();
        block_on(engine.execute(Command::PlanTouch { touch, plan }, now)).unwrap();
    };
    // At most two outbound sales calls per company in seven days: each device plans within it.
    plan(0, &engines[0]);
    plan(1, &engines[0]);
    plan(2, &engines[1]);
    let (first, second) = (block_on(stores[0].load()).unwrap(), block_on(stores[1].load()).unwrap());
    deliver(&stores, &engines, 0, 1, &first);
    deliver(&stores, &engines, 1, 0, &second);
    assert_eq!(engines[0].digest(), engines[1].digest());
    let state = engines[0].state();
    assert_eq!(state.touches_of(&c[0]).count(), 3, "every planned call is kept");
    let view = ripen_core::View::new(&*state, ripen_core::Access::everything());
    let breaches = view.limit_breaches(day(-1));
    assert!(!breaches.is_empty(), "the limit the two devices broke together is listed");
    assert!(breaches
        .iter()
        .all(|b| b.client == c[0] && b.violations.iter().any(|v| v.rule.as_str() == "sales_calls_per_company")));
    assert!(view.limit_breaches(day(3)).is_empty(), "none from a later time on");
}

#[test]
fn pulled_records_are_folded_from_memory_when_they_follow_and_by_a_refresh_when_not() {
    let (source, theirs) = (MemoryStore::new(), MemoryStore::new());
    let there = open(&source, 71, "anna".parse().unwrap());
    for i in 0..4 {
        let command = commands::command(&Step::AddMany(vec![format!("Клиент {i}")]), &there).unwrap();
        block_on(there.execute(command, Utc.timestamp_millis_opt(1_700_000_000_000 + i * 1_000).unwrap())).unwrap();
    }
    let records = block_on(source.load()).unwrap();
    assert_eq!(records.len(), 4);
    let here = open(&theirs, 72, "anna".parse().unwrap());
    // In order, after a write of this device's own: folded at once, nothing read back.
    let command = commands::command(&Step::AddMany(vec!["Свой".into()]), &here).unwrap();
    block_on(here.execute(command, Utc.timestamp_millis_opt(1_600_000_000_000).unwrap())).unwrap();
    let taken = block_on(here.append_pulled(&records[..2], r#"{"page":1}"#, PullMode::PageByPage)).unwrap();
    assert_eq!((taken.positions, taken.applied), (Some(2..=3), Some(2)));
    assert_eq!(block_on(theirs.load_sync_state()).unwrap().as_deref(), Some(r#"{"page":1}"#));
    // The last before the third: the third belongs before what is held — a refresh folds it.
    assert_eq!(block_on(here.append_pulled(&records[3..], "{}", PullMode::PageByPage)).unwrap().applied, Some(1));
    assert_eq!(block_on(here.append_pulled(&records[2..3], "{}", PullMode::PageByPage)).unwrap().applied, None);
    assert_eq!(block_on(here.fold_pulled()).unwrap(), 1);
    let everything = block_on(theirs.load()).unwrap();
    assert_eq!(here.digest(), ripen_core::digest::digest(&fold_sorted(&everything)));
    // Another tab's write between: the pulled records wait for a refresh.
    let other_tab = open(&theirs, 73, "anna".parse().unwrap());
    let command = commands::command(&Step::AddMany(vec!["Другая вкладка".into()]), &other_tab).unwrap();
    block_on(other_tab.execute(command, Utc.timestamp_millis_opt(1_800_000_000_000).unwrap())).unwrap();
    let more = open(&source, 74, "anna".parse().unwrap());
    let command = commands::command(&Step::AddMany(vec!["Ещё".into()]), &more).unwrap();
    block_on(more.execute(command, Utc.timestamp_millis_opt(1_900_000_000_000).unwrap())).unwrap();
    let last = block_on(source.load()).unwrap().split_off(4);
    assert_eq!(block_on(here.append_pulled(&last, "{}", PullMode::PageByPage)).unwrap().applied, None);
    assert_eq!(block_on(here.fold_pulled()).unwrap(), 2);
    assert_eq!(here.digest(), ripen_core::digest::digest(&fold_sorted(&block_on(theirs.load()).unwrap())));
}

#[test]
fn a_first_sync_stages_its_pages_and_folds_them_once_sorted() {
    let source = MemoryStore::new();
    let there = open(&source, 81, "anna".parse().unwrap());
    for i in 0..6 {
        let command = commands::command(&Step::AddMany(vec![format!("Клиент {i}")]), &there).unwrap();
        block_on(there.execute(command, Utc.timestamp_millis_opt(1_700_000_000_000 + i * 1_000).unwrap())).unwrap();
    }
    let records = block_on(source.load()).unwrap();
    let expected = ripen_core::digest::digest(&fold_sorted(&records));
    // The hub's order is not the fold's: pages come newest first.
    let pages: Vec<Vec<String>> = records.rchunks(2).map(<[String]>::to_vec).collect();

    let store = MemoryStore::new();
    let fresh = open(&store, 82, "anna".parse().unwrap());
    assert_eq!(fresh.pull_mode(), PullMode::Staged);
    for page in &pages {
        let taken = block_on(fresh.append_pulled(page, "{}", PullMode::Staged)).unwrap();
        assert_eq!(taken.applied, None, "staged, not folded");
        assert_eq!(fresh.pull_mode(), PullMode::PageByPage, "one first sync at a time");
    }
    assert_eq!(block_on(fresh.fold_pulled()).unwrap(), 6);
    assert_eq!(fresh.digest(), expected);
    assert_eq!(fresh.pull_mode(), PullMode::PageByPage);
    assert_eq!(open(&store, 83, "anna".parse().unwrap()).digest(), expected, "reopened");

    // A write of the device's own in the middle of a first sync: folded by a refresh.
    let store = MemoryStore::new();
    let busy = open(&store, 84, "anna".parse().unwrap());
    block_on(busy.append_pulled(&pages[0], "{}", PullMode::Staged)).unwrap();
    let command = commands::command(&Step::AddMany(vec!["Свой".into()]), &busy).unwrap();
    block_on(busy.execute(command, Utc.timestamp_millis_opt(1_650_000_000_000).unwrap())).unwrap();
    for page in &pages[1..] {
        block_on(busy.append_pulled(page, "{}", PullMode::Staged)).unwrap();
    }
    block_on(busy.fold_pulled()).unwrap();
    assert_eq!(busy.digest(), ripen_core::digest::digest(&fold_sorted(&block_on(store.load()).unwrap())));
}
