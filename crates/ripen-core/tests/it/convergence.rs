//! Convergence: devices that write while apart, with clocks apart, and exchange their log
//! records in any order — some twice, some late, parts of a commit apart — and that write
//! checkpoints and reopen at any point, hold the same state once they hold the same
//! events: the same digest as the fold of every event in (HLC, id) order.

use crate::commands::{self, rights_step, step, Step, USERS};
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

fn action(step: impl Strategy<Value = Step>) -> impl Strategy<Value = Action> {
    let device = 0..DEVICES;
    prop_oneof![
        12 => (device.clone(), step).prop_map(|(d, s)| Action::Write(d, s)),
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
        actions in prop::collection::vec(action(step()), 1..80),
        skews in prop::array::uniform3(-3_600_000i64..3_600_000),
        office in any::<bool>(),
    ) {
        converge(actions, skews, office)?;
    }

    /// A team set up, clocks seconds apart, and mostly the changes that give or take rights
    /// and those that need them: what one device decides another has often taken the
    /// right to, and every device leaves out the same.
    #[test]
    fn devices_of_a_team_agree_on_what_each_had_the_right_to(
        actions in prop::collection::vec(action(rights_step()), 1..80),
        skews in prop::array::uniform3(-3_000i64..3_000),
    ) {
        converge(actions, skews, true)?;
    }
}

/// Three devices run `actions` with their clocks `skews` apart (the team set up first if
/// `office`), then exchange everything: each holds the digest of the fold of all events,
/// as it runs and reopened.
fn converge(actions: Vec<Action>, skews: [i64; DEVICES], office: bool) -> Result<(), TestCaseError> {
    let stores: Vec<MemoryStore> = (0..DEVICES).map(|_| MemoryStore::new()).collect();
    let mut seed = 100;
    let mut engines: Vec<Engine<MemoryStore>> = stores
        .iter()
        .map(|store| {
            seed += 1;
            open(store, seed, "anna".parse().unwrap())
        })
        .collect();
    // With `office`, the team is set up first and each device used by one of them: anna
    // the admin, boris a head of sales who sees everything, vera support in his team.
    // Rights then differ, and what one device decides another may take the right to.
    if office {
        let now = Utc.timestamp_millis_opt(1_699_998_000_000).unwrap();
        let setup = [
            Step::SaveTeam(0),
            Step::SaveTeam(1),
            Step::SaveUser(0, false, 3, None),
            Step::SaveUser(1, false, 2, Some(0)),
            Step::SaveUser(2, false, 1, Some(0)),
        ];
        for step in setup {
            let command = commands::command(&step, &engines[0]).unwrap();
            block_on(engines[0].execute(command, now)).unwrap();
        }
        let records = block_on(stores[0].load()).unwrap();
        for (device, user) in USERS.iter().enumerate().skip(1) {
            deliver(&stores, &engines, 0, device, &records);
            block_on(engines[device].switch_user(user.parse().unwrap())).unwrap();
        }
    }
    // Each device starts with clients of its own, so that steps have some to work on.
    for (device, engine) in engines.iter().enumerate() {
        let names = vec![format!("Клиент {device}"), format!("Client {device}")];
        let _ = commands::command(&Step::AddMany(names), engine).map(|command| {
            let now = Utc.timestamp_millis_opt(1_699_999_000_000 + skews[device]).unwrap();
            block_on(engine.execute(command, now)).unwrap()
        });
    }
    if office {
        // A team shares its base before anyone works apart.
        for to in 0..DEVICES {
            for from in 0..DEVICES {
                deliver(&stores, &engines, from, to, &block_on(stores[from].load()).unwrap());
            }
        }
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
                        let now =
                            Utc.timestamp_millis_opt(1_700_000_000_000 + i as i64 * 1_000 + skews[device]).unwrap();
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
    Ok(())
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

/// A duplicate removed on one device while another merged it is removed in its own
/// right, whichever the fold meets first: taking the merge back leaves it removed on
/// every device (an unmerge once brought it back).
#[test]
fn a_duplicate_removed_on_one_device_and_merged_on_another_stays_removed_when_the_merge_is_taken_back() {
    use ripen_core::Command;
    // (the second the removal is made at, the merge's)
    for (removal, merge) in [(1, 2), (2, 1)] {
        let (stores, engines, c) = two_devices(&["ООО «Зета»", "ООО «Зета» (дубль)"]);
        let merging = Command::Merge { keep: c[0].clone(), drop: c[1].clone() };
        at_once(&stores, &engines, [(Command::RemoveClient { client: c[1].clone() }, removal), (merging, merge)]);
        let merged = engines[1].state().merged_into(&c[1]).cloned();
        assert_eq!(merged.as_ref(), Some(&c[0]), "removal at {removal}, merge at {merge}");
        let history = block_on(engines[1].history(&c[0])).unwrap();
        let merge_event = history.iter().find(|e| matches!(e.payload, ripen_core::EventPayload::ClientsMerged { .. }));
        let revert = Command::Revert { event: merge_event.unwrap().id.clone(), force: true };
        block_on(engines[1].execute(revert, Utc.timestamp_millis_opt(1_800_000_200_000).unwrap())).unwrap();
        deliver(&stores, &engines, 1, 0, &block_on(stores[1].load()).unwrap());
        for engine in &engines {
            let state = engine.state();
            assert_eq!(state.merged_into(&c[1]), None);
            assert!(state.client(&c[1]).unwrap().removed, "removal at {removal}, merge at {merge}");
            assert_eq!(state.load(&"anna".parse().unwrap()), 1, "only the kept client counts");
        }
        assert_eq!(engines[0].digest(), engines[1].digest());
    }
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

/// Two devices holding an office: anna the admin, head (head of sales), boris (manager)
/// and sasha (support) in msk, vera (manager) in nsk; a client of boris's and one of
/// vera's. Device 0 acts as anna, device 1 as `rep`.
struct Office {
    stores: Vec<MemoryStore>,
    engines: Vec<Engine<MemoryStore>>,
    borisa: ripen_core::ClientId,
    veras: ripen_core::ClientId,
    /// The events that registered each user.
    registered: std::collections::BTreeMap<&'static str, ripen_core::EventId>,
}

fn office(rep: &str) -> Office {
    use ripen_core::people::{Role, UserProfile};
    use ripen_core::Command;
    let (stores, engines, c) = two_devices(&["ООО «Борисов клиент»", "ООО «Верин клиент»"]);
    let mut second = 0;
    let mut run = |command| {
        second += 1;
        block_on(engines[0].execute(command, Utc.timestamp_millis_opt(1_800_000_050_000 + second).unwrap())).unwrap()
    };
    for team in ["msk", "nsk"] {
        run(Command::SaveTeam { team: team.parse().unwrap(), name: team.to_uppercase() });
    }
    let mut registered = std::collections::BTreeMap::new();
    let users = [
        ("anna", Role::Admin, None),
        ("head", Role::HeadOfSales, None),
        ("boris", Role::Manager, Some("msk")),
        ("sasha", Role::Support, Some("msk")),
        ("vera", Role::Manager, Some("nsk")),
    ];
    for (user, role, team) in users {
        let profile = UserProfile::new(user.to_uppercase(), role, team.map(|t| t.parse().unwrap()));
        let saved = run(Command::SaveUser { user: user.parse().unwrap(), profile });
        registered.insert(user, saved[0].id.clone());
    }
    for (client, owner) in [(&c[0], "boris"), (&c[1], "vera")] {
        run(Command::HandOff { client: client.clone(), to: Some(owner.parse().unwrap()), reason: None });
    }
    deliver(&stores, &engines, 0, 1, &block_on(stores[0].load()).unwrap());
    block_on(engines[1].switch_user(rep.parse().unwrap())).unwrap();
    Office { stores, engines, borisa: c[0].clone(), veras: c[1].clone(), registered }
}

/// One case of an admin's change (device 0) and a rep's (device 1) made apart: the
/// second each is made at; whether the rep's device had seen the admin's first; the
/// rule the fold refuses the rep's change by (`None`: it stands); and whether it shows.
struct RightsCase {
    name: &'static str,
    rep: &'static str,
    admin: fn(&Office) -> ripen_core::Command,
    admin_at: i64,
    change: fn(&Office) -> ripen_core::Command,
    change_at: i64,
    seen: bool,
    refused: Option<&'static str>,
    shows: fn(&CrmState, &Office) -> bool,
}

fn profile(role: ripen_core::people::Role, team: Option<&str>) -> ripen_core::people::UserProfile {
    ripen_core::people::UserProfile::new("X", role, team.map(|t| t.parse().unwrap()))
}

fn save(user: &str, role: ripen_core::people::Role, team: Option<&str>) -> ripen_core::Command {
    ripen_core::Command::SaveUser { user: user.parse().unwrap(), profile: profile(role, team) }
}

fn region_of(client: &ripen_core::ClientId, region: &str) -> ripen_core::Command {
    let value = ripen_core::FieldValue::Region(Some(region.parse().unwrap()));
    ripen_core::Command::UpdateClient { client: client.clone(), values: vec![value] }
}

fn has_region(state: &CrmState, client: &ripen_core::ClientId, region: &str) -> bool {
    state.client(client).unwrap().fields.region.as_ref().is_some_and(|r| r.as_str() == region)
}

fn log_touch(client: &ripen_core::ClientId) -> ripen_core::Command {
    let touch = ripen_core::command::NewTouch::new(client.clone(), ripen_core::values::Channel::Call);
    ripen_core::Command::LogTouch { touch, result: None, outcome: None, nps: None }
}

fn add_stage() -> ripen_core::Command {
    let stage = ripen_core::pipeline::Stage::parse("audit", "Audit", "active", None, None).unwrap();
    ripen_core::Command::AddStage { pipeline: "sales".parse().unwrap(), stage, position: None }
}

fn has_stage(state: &CrmState) -> bool {
    state.pipelines.get(&"sales".parse().unwrap()).unwrap().stage(&"audit".parse().unwrap()).is_some()
}

fn import_into(client: &ripen_core::ClientId) -> ripen_core::Command {
    use ripen_core::import::{ImportBatch, ImportFormat, ImportMerge, ImportSource, ImportedClient};
    let company = |name: &str| ImportedClient {
        client: ripen_core::NewClient::named(ripen_core::ClientKind::Company, name.parse().unwrap()),
        employer: None,
    };
    let source = ImportSource { format: ImportFormat::Csv, file: None, rows: 3, added: 2, merged: 1, skipped: 0 };
    let merge = ImportMerge {
        into: client.clone(),
        values: vec![ripen_core::FieldValue::Region(Some("Урал".parse().unwrap()))],
        aliases: vec![],
        employer: None,
    };
    let clients = vec![company("ООО «Импорт 1»"), company("ООО «Импорт 2»")];
    ripen_core::Command::Import(Box::new(ImportBatch { source, clients, merges: vec![merge] }))
}

#[test]
fn a_change_whose_author_had_lost_the_right_to_it_is_left_out_on_every_device_and_listed() {
    use ripen_core::conflicts::Conflict;
    use ripen_core::people::Role;
    let cases = [
        RightsCase {
            name: "a head of sales demoted while editing a client not theirs",
            rep: "head",
            admin: |_| save("head", Role::Manager, Some("msk")),
            admin_at: 1,
            change: |o| region_of(&o.veras, "Урал"),
            change_at: 2,
            seen: false,
            refused: Some("client"),
            shows: |s, o| has_region(s, &o.veras, "Урал"),
        },
        RightsCase {
            name: "the same edit, made before the demotion by the clock, stands",
            rep: "head",
            admin: |_| save("head", Role::Manager, Some("msk")),
            admin_at: 2,
            change: |o| region_of(&o.veras, "Урал"),
            change_at: 1,
            seen: false,
            refused: None,
            shows: |s, o| has_region(s, &o.veras, "Урал"),
        },
        RightsCase {
            name: "support moved to another team while editing a teammate's client",
            rep: "sasha",
            admin: |_| save("sasha", Role::Support, Some("nsk")),
            admin_at: 1,
            change: |o| region_of(&o.borisa, "Сибирь"),
            change_at: 2,
            seen: false,
            refused: Some("client"),
            shows: |s, o| has_region(s, &o.borisa, "Сибирь"),
        },
        RightsCase {
            name: "a rep handed away from a client while logging a touch on it",
            rep: "boris",
            admin: |o| ripen_core::Command::HandOff {
                client: o.borisa.clone(),
                to: Some("vera".parse().unwrap()),
                reason: None,
            },
            admin_at: 1,
            change: |o| log_touch(&o.borisa),
            change_at: 2,
            seen: false,
            refused: Some("client"),
            shows: |s, o| s.touches_of(&o.borisa).count() == 1,
        },
        RightsCase {
            name: "the touch logged before the hand-off by the clock stands",
            rep: "boris",
            admin: |o| ripen_core::Command::HandOff {
                client: o.borisa.clone(),
                to: Some("vera".parse().unwrap()),
                reason: None,
            },
            admin_at: 2,
            change: |o| log_touch(&o.borisa),
            change_at: 1,
            seen: false,
            refused: None,
            shows: |s, o| s.touches_of(&o.borisa).count() == 1,
        },
        RightsCase {
            name: "a head of sales demoted while adding a stage to a pipeline",
            rep: "head",
            admin: |_| save("head", Role::Manager, None),
            admin_at: 1,
            change: |_| add_stage(),
            change_at: 2,
            seen: false,
            refused: Some("configures"),
            shows: |s, _| has_stage(s),
        },
        RightsCase {
            name: "a rep made head of sales earlier adds a stage",
            rep: "boris",
            admin: |_| save("boris", Role::HeadOfSales, Some("msk")),
            admin_at: 1,
            change: |_| add_stage(),
            change_at: 2,
            seen: true,
            refused: None,
            shows: |s, _| has_stage(s),
        },
        RightsCase {
            name: "a rep taken off the users while importing: the import is left out whole",
            rep: "boris",
            admin: |o| ripen_core::Command::Revert { event: o.registered["boris"].clone(), force: false },
            admin_at: 1,
            change: |o| import_into(&o.borisa),
            change_at: 2,
            seen: false,
            refused: Some("not_member"),
            shows: |s, o| !s.imports.is_empty() || s.clients().count() > 2 || has_region(s, &o.borisa, "Урал"),
        },
        RightsCase {
            name: "a rep whose client was handed away imports into it: only the merge is left out",
            rep: "boris",
            admin: |o| ripen_core::Command::HandOff {
                client: o.borisa.clone(),
                to: Some("vera".parse().unwrap()),
                reason: None,
            },
            admin_at: 1,
            change: |o| import_into(&o.borisa),
            change_at: 2,
            seen: false,
            refused: Some("client"),
            shows: |s, o| has_region(s, &o.borisa, "Урал"),
        },
    ];
    for case in cases {
        let name = case.name;
        let office = office(case.rep);
        let (stores, engines) = (&office.stores, &office.engines);
        let at = |second: i64| Utc.timestamp_millis_opt(1_800_000_100_000 + second * 1_000).unwrap();
        block_on(engines[0].execute((case.admin)(&office), at(case.admin_at))).unwrap();
        if case.seen {
            deliver(stores, engines, 0, 1, &block_on(stores[0].load()).unwrap());
        }
        let made = block_on(engines[1].execute((case.change)(&office), at(case.change_at))).unwrap();
        let (first, second) = (block_on(stores[0].load()).unwrap(), block_on(stores[1].load()).unwrap());
        deliver(stores, engines, 0, 1, &first);
        deliver(stores, engines, 1, 0, &second);
        let everything: Vec<String> = stores.iter().flat_map(|s| block_on(s.load()).unwrap()).collect();
        let expected = ripen_core::digest::digest(&fold_sorted(&everything));
        for (device, engine) in engines.iter().enumerate() {
            assert_eq!(engine.digest(), expected, "{name}: device {device}");
            let state = engine.state();
            let unauthorized: Vec<_> =
                state.conflicts().iter().filter(|c| matches!(c, Conflict::Unauthorized { .. })).collect();
            match case.refused {
                None => {
                    assert!(unauthorized.is_empty(), "{name}: {unauthorized:?}");
                    assert!((case.shows)(&state, &office), "{name}: the change stands on device {device}");
                }
                Some(rule) => {
                    let [Conflict::Unauthorized { event, author, refusal, events, .. }] = unauthorized[..] else {
                        panic!("{name}: one change left out, not {unauthorized:?}");
                    };
                    // A batch is refused at its marker, or at the one event that was not the author's.
                    assert!(made.iter().any(|e| e.id == *event), "{name}: {event}");
                    assert_eq!(author.as_str(), case.rep, "{name}");
                    let json = serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&refusal)).unwrap();
                    assert_eq!(json["rule"], rule, "{name}");
                    assert_eq!(
                        *events > 0,
                        rule == "not_member" && made.len() > 1,
                        "{name}: a batch's events go with it"
                    );
                    assert!(!(case.shows)(&state, &office), "{name}: the change is left out on device {device}");
                    assert!(state.knows(event) && state.left_out(event), "{name}: known, and left out");
                }
            }
        }
        if case.refused.is_some() {
            // The change stays in the log and in the client's history.
            let client = (case.change)(&office);
            let client = match &client {
                ripen_core::Command::UpdateClient { client, .. } => Some(client),
                ripen_core::Command::LogTouch { touch, .. } => Some(&touch.client),
                _ => None,
            };
            if let Some(client) = client {
                let history = block_on(engines[0].history_unchecked(client)).unwrap();
                assert!(made.iter().all(|e| history.iter().any(|h| h.id == e.id)), "{name}: in history");
            }
        }
    }
}

#[test]
fn a_forged_change_is_left_out_on_every_device_and_its_revert_undoes_nothing() {
    use ripen_core::conflicts::Conflict;
    use ripen_core::people::Role;
    use ripen_core::{Event, EventId, EventPayload, FieldChange, FieldValue, Hlc};
    let office = office("boris");
    let (stores, engines) = (&office.stores, &office.engines);
    // A tampered device writes what it likes, as whom it likes, after everything it saw.
    let replica = ReplicaId::from_random(666);
    let newest = engines[1].state().newest().unwrap().0;
    let forged = |counter: u64, by: &str, payload| Event {
        id: EventId { replica: replica.clone(), counter },
        at: Hlc::from((newest.millis + counter as i64, 0)),
        recorded_at: Utc.timestamp_millis_opt(1_800_000_200_000).unwrap(),
        by: by.parse().unwrap(),
        payload,
    };
    let region = |client: &ripen_core::ClientId, old: Option<&str>| EventPayload::ClientUpdated {
        client: client.clone(),
        changes: vec![FieldChange {
            old: FieldValue::Region(old.map(|r| r.parse().unwrap())),
            new: FieldValue::Region(Some("Юг".parse().unwrap())),
        }],
    };
    let admin = |user: &str| EventPayload::UserSaved {
        user: user.parse().unwrap(),
        old: None,
        new: Some(profile(Role::Admin, None)),
    };
    let source = ripen_core::import::ImportSource {
        format: ripen_core::import::ImportFormat::Csv,
        file: None,
        rows: 1,
        added: 0,
        merged: 0,
        skipped: 0,
    };
    let events = vec![
        // Someone who never was a user; its `old` claims a region the client never had.
        forged(1, "ghost", region(&office.borisa, Some("Москва"))),
        // A rep making himself an admin, and changing a client out of his sight.
        forged(2, "boris", admin("boris")),
        forged(3, "boris", region(&office.veras, None)),
        // An import of his own that carries a setting in it.
        forged(4, "boris", EventPayload::Imported { source: Box::new(source), events: 1 }),
        forged(5, "boris", admin("vera")),
    ];
    block_on(stores[1].append(&ripen_core::codec::encode_commit(&events))).unwrap();
    block_on(engines[1].refresh()).unwrap();
    deliver(stores, engines, 1, 0, &block_on(stores[1].load()).unwrap());
    assert_eq!(engines[0].digest(), engines[1].digest());
    for engine in engines {
        let state = engine.state();
        let refused: Vec<(u64, &str, String)> = state
            .conflicts()
            .iter()
            .filter_map(|c| match c {
                Conflict::Unauthorized { event, author, refusal, .. } => Some((
                    event.counter,
                    author.as_str(),
                    serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&refusal)).unwrap()["rule"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                )),
                _ => None,
            })
            .collect();
        let expected = [
            (1, "ghost", "not_member"),
            (2, "boris", "configures"),
            (3, "boris", "client"),
            (5, "boris", "configures"),
        ];
        assert_eq!(refused, expected.map(|(n, by, rule)| (n, by, rule.to_owned())));
        assert!(!has_region(&state, &office.borisa, "Юг") && !has_region(&state, &office.veras, "Юг"));
        assert!(!state.people.is_admin(&"boris".parse().unwrap()) && !state.people.is_admin(&"vera".parse().unwrap()));
        assert!(state.knows(&events[4].id) && state.left_out(&events[4].id), "known, and left out");
    }
    // The admin takes the ghost's change back: it undoes nothing, for the change never stood.
    let revert = ripen_core::Command::Revert { event: events[0].id.clone(), force: false };
    block_on(engines[0].execute(revert, Utc.timestamp_millis_opt(1_800_000_300_000).unwrap())).unwrap();
    let state = engines[0].state();
    assert_eq!(state.client(&office.borisa).unwrap().fields.region, None, "the claimed old region is not put back");
}
