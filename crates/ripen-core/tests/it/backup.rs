//! Backups through the engine: a restore into an empty database gives the same state and
//! history; a database with data, a newer backup, a broken commit and a user without the
//! right are refused, and nothing is half-restored.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::command::NewTouch;
use ripen_core::people::{Role, UserProfile};
use ripen_core::values::Channel;
use ripen_core::{ClientKind, Command, Engine, ErrorKind, EventStore, MemoryStore, NewClient, ReplicaId, StoreError};

fn open(store: &MemoryStore, user: &str) -> Engine<MemoryStore> {
    block_on(Engine::open(store.clone(), ReplicaId::from_random(11), user.parse().unwrap())).unwrap()
}

/// When the backups are taken.
fn later() -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(1_770_000_000_000).unwrap()
}

fn filled() -> Engine<MemoryStore> {
    let engine = open(&MemoryStore::new(), "anna");
    let now = |m: i64| Utc.timestamp_millis_opt(1_760_000_000_000 + m * 60_000).unwrap();
    let run = |command, m| block_on(engine.execute(command, now(m))).unwrap();
    let added = run(Command::AddClient(NewClient::named(ClientKind::Company, "ООО «Ромашка»".parse().unwrap())), 1);
    let client = added[0].payload.clients()[0].clone();
    run(Command::RenameClient { client: client.clone(), name: "АО «Ромашка»".parse().unwrap(), since: None }, 2);
    run(Command::LogTouch { touch: NewTouch::new(client, Channel::Email), result: None, outcome: None, nps: None }, 3);
    engine
}

#[test]
fn a_backup_restores_into_an_empty_database_exactly() {
    let source = filled();
    let text = block_on(source.backup(later())).unwrap();
    let store = MemoryStore::new();
    let target = open(&store, "anna");
    assert_eq!(block_on(target.import_backup(&text)).unwrap(), source.state().event_count());
    assert_eq!(*target.state(), *source.state(), "the same state, history included");
    let reopened = open(&store, "anna");
    assert_eq!(*reopened.state(), *source.state(), "and it is durable");
    assert_eq!(block_on(reopened.backup(later())).unwrap(), text, "a second backup is the same file");
}

#[test]
fn a_restore_is_refused_whole_when_it_cannot_be_done() {
    let text = block_on(filled().backup(later())).unwrap();
    // Into a database that holds data.
    let busy = filled();
    assert_eq!(block_on(busy.import_backup(&text)).unwrap_err().kind(), ErrorKind::Conflict);
    // From a newer build.
    let empty = open(&MemoryStore::new(), "anna");
    let newer = text.replacen(r#""version":1"#, r#""version":9"#, 1);
    assert_eq!(block_on(empty.import_backup(&newer)).unwrap_err().kind(), ErrorKind::SchemaTooNew);
    assert_eq!(block_on(empty.import_backup("{\"not\": \"a backup\"}")).unwrap_err().kind(), ErrorKind::Validation);
    // A failed commit leaves the database empty.
    let store = MemoryStore::new();
    let failing = open(&store, "anna");
    store.fail_next_write(StoreError::QuotaExceeded { detail: "full".into() });
    assert_eq!(block_on(failing.import_backup(&text)).unwrap_err().kind(), ErrorKind::QuotaExceeded);
    assert_eq!(failing.state().event_count(), 0);
    assert!(block_on(store.load()).unwrap().is_empty());
    block_on(failing.import_backup(&text)).unwrap();
}

#[test]
fn only_those_who_configure_take_or_restore_a_backup() {
    let engine = filled();
    let now = later();
    let save = |user: &str, role| {
        let profile = UserProfile::new(user, role, None);
        block_on(engine.execute(Command::SaveUser { user: user.parse().unwrap(), profile }, now)).unwrap();
    };
    save("anna", Role::Admin);
    save("boris", Role::Manager);
    block_on(engine.switch_user("boris".parse().unwrap())).unwrap();
    assert_eq!(block_on(engine.backup(now)).unwrap_err().kind(), ErrorKind::Forbidden);
    block_on(engine.switch_user("anna".parse().unwrap())).unwrap();
    assert!(block_on(engine.backup(now)).is_ok());
}

#[test]
fn a_big_commit_is_handed_out_in_slices_with_pauses_between_and_joins_into_the_same_file() {
    let events = ripen_core::synthetic::events(3_000);
    let state = ripen_core::CrmState::fold(events.clone());
    let text = ripen_core::backup::write_backup(&state, &events, later());
    let target = open(&MemoryStore::new(), "anna");
    // A restore is one commit: megabytes of events.
    assert_eq!(block_on(target.import_backup(&text)).unwrap(), 3_000);
    let (pieces, pauses) = (std::cell::RefCell::new(Vec::new()), std::cell::Cell::new(0));
    let sink = |piece: &str| pieces.borrow_mut().push(piece.to_owned());
    block_on(target.backup_in_pieces(later(), sink, || {
        pauses.set(pauses.get() + 1);
        async {}
    }))
    .unwrap();
    let pieces = pieces.into_inner();
    let largest = pieces.iter().map(String::len).max().unwrap();
    assert!(pieces.len() > 5 && largest <= 64 * 1024 + 1, "{} pieces, the largest {largest} bytes", pieces.len());
    assert!(pauses.get() >= pieces.len() - 2, "a pause after every slice: {} for {}", pauses.get(), pieces.len());
    assert_eq!(pieces.concat(), block_on(target.backup(later())).unwrap());
    let restored = open(&MemoryStore::new(), "anna");
    block_on(restored.import_backup(&pieces.concat())).unwrap();
    assert_eq!(*restored.state(), *target.state());
}
