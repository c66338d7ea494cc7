//! Clients through the engine: renames keep old names findable, updates record old and
//! new values, history lists it all newest first, and revert undoes one change — or
//! refuses, naming the later change that depends on it.

use chrono::{NaiveDate, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::values::{Channel, Label};
use ripen_core::{
    Alias, AliasKind, ClientId, ClientKind, ClientName, Command, Engine, Error, ErrorKind, Event, EventPayload,
    FieldValue, MemoryStore, NewClient, ReplicaId,
};

struct World {
    engine: Engine<MemoryStore>,
    tick: i64,
}

impl World {
    fn new() -> Self {
        let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(9), "anna".parse().unwrap()));
        Self { engine: engine.unwrap(), tick: 0 }
    }

    fn run(&mut self, command: Command) -> Result<Vec<Event>, Error> {
        self.tick += 60_000;
        block_on(self.engine.execute(command, Utc.timestamp_millis_opt(1_760_000_000_000 + self.tick).unwrap()))
    }

    fn one(&mut self, command: Command) -> Event {
        let mut events = self.run(command).unwrap();
        assert_eq!(events.len(), 1);
        events.remove(0)
    }

    fn add(&mut self, name: &str) -> ClientId {
        let event = self.one(Command::AddClient(NewClient::named(ClientKind::Company, name.parse().unwrap())));
        event.payload.clients()[0].clone()
    }

    fn names(&self, id: &ClientId) -> Vec<String> {
        let state = self.engine.state();
        let client = state.client(id).unwrap();
        client.names().map(|n| n.to_string()).collect()
    }
}

fn name(text: &str) -> ClientName {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn region(text: Option<&str>) -> FieldValue {
    FieldValue::Region(text.map(|t| t.parse::<Label>().unwrap()))
}

#[test]
fn renames_keep_every_old_name_findable() {
    // (rename to, since, names after: current first, then aliases sorted)
    let steps: &[(&str, Option<&str>, &[&str])] = &[
        ("ОАО «Моторы»", None, &["ОАО «Моторы»"]),
        ("АО «Сибмоторс»", Some("2024-03-01"), &["АО «Сибмоторс»", "ОАО «Моторы»"]),
        ("ПАО «Сибмоторс Групп»", Some("2025-06-15"), &["ПАО «Сибмоторс Групп»", "АО «Сибмоторс»", "ОАО «Моторы»"]),
        // Going back to a former name makes it current again, not an alias of itself.
        ("ОАО «Моторы»", Some("2026-01-10"), &["ОАО «Моторы»", "АО «Сибмоторс»", "ПАО «Сибмоторс Групп»"]),
    ];
    let mut world = World::new();
    let id = world.add(steps[0].0);
    for (to, since, expected) in &steps[1..] {
        world.run(Command::RenameClient { client: id.clone(), name: name(to), since: since.map(date) }).unwrap();
        assert_eq!(world.names(&id), *expected, "after renaming to {to}");
    }
    let state = world.engine.state();
    let formers = &state.client(&id).unwrap().aliases;
    assert!(formers.iter().all(|a| a.kind == AliasKind::Former));
    assert_eq!(formers.iter().find(|a| a.name.as_str() == "АО «Сибмоторс»").unwrap().until, Some(date("2025-06-15")));
}

#[test]
fn an_update_records_old_and_new_values_and_skips_what_did_not_change() {
    let mut world = World::new();
    let id = world.add("ООО «Ромашка»");
    let event = world.one(Command::UpdateClient {
        client: id.clone(),
        values: vec![region(Some("Сибирь")), FieldValue::Kind(ClientKind::Company)],
    });
    let EventPayload::ClientUpdated { changes, .. } = &event.payload else { panic!("{event:?}") };
    assert_eq!(changes.len(), 1, "kind did not change, so it is not in the history");
    assert_eq!(changes[0].old, region(None));
    assert_eq!(changes[0].new, region(Some("Сибирь")));
    assert!(world.run(Command::UpdateClient { client: id, values: vec![region(Some("Сибирь"))] }).unwrap().is_empty());
}

#[test]
fn bad_commands_are_refused_with_the_right_kind_and_change_nothing() {
    let mut world = World::new();
    let id = world.add("ООО «Ромашка»");
    let unknown: ClientId = "c-unknown".parse().unwrap();
    let cases: Vec<(&str, Command, ErrorKind)> = vec![
        ("unknown client", Command::UpdateClient { client: unknown.clone(), values: vec![] }, ErrorKind::NotFound),
        (
            "rename unknown",
            Command::RenameClient { client: unknown, name: name("X"), since: None },
            ErrorKind::NotFound,
        ),
        (
            "a field twice",
            Command::UpdateClient { client: id.clone(), values: vec![region(Some("A")), region(Some("B"))] },
            ErrorKind::Validation,
        ),
        (
            "preferred and inconvenient at once",
            Command::UpdateClient {
                client: id.clone(),
                values: vec![
                    FieldValue::PreferredChannel(Some(Channel::Call)),
                    FieldValue::InconvenientChannels([Channel::Call].into()),
                ],
            },
            ErrorKind::Validation,
        ),
        (
            "the current name as an alias",
            Command::AddAlias {
                client: id.clone(),
                alias: Alias { kind: AliasKind::Brand, name: name("ООО «Ромашка»"), until: None },
            },
            ErrorKind::Validation,
        ),
        (
            "removing an absent alias",
            Command::RemoveAlias { client: id.clone(), kind: AliasKind::Brand, name: name("Nope") },
            ErrorKind::NotFound,
        ),
        (
            "reverting an unknown event",
            Command::Revert { event: "0000000000000.99".parse().unwrap(), force: false },
            ErrorKind::NotFound,
        ),
    ];
    for (what, command, kind) in cases {
        let before = world.engine.state().clone();
        let error = world.run(command).expect_err(what);
        assert_eq!(error.kind(), kind, "{what}: {error}");
        assert_eq!(*world.engine.state(), before, "{what} changed the state");
    }
}

#[test]
fn revert_undoes_one_change_or_names_the_later_one_that_overwrote_it() {
    let mut world = World::new();
    let id = world.add("ООО «Ромашка»");
    let to_urals = world.one(Command::UpdateClient { client: id.clone(), values: vec![region(Some("Урал"))] });
    let to_siberia =
        world.one(Command::UpdateClient { client: id.clone(), values: vec![region(Some("Сибирь"))] });

    let error = world.run(Command::Revert { event: to_urals.id.clone(), force: false }).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict);
    assert!(matches!(&error, Error::Conflict { later: Some(later), .. } if *later == to_siberia.id), "{error}");
    assert!(error.to_string().contains(&to_siberia.id.to_string()), "the message names the later change: {error}");

    world.run(Command::Revert { event: to_siberia.id.clone(), force: false }).unwrap();
    assert_eq!(world.engine.state().client(&id).unwrap().fields.region, Some("Урал".parse().unwrap()));

    let again = world.run(Command::Revert { event: to_siberia.id.clone(), force: false }).unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Conflict, "a change is reverted once");

    let forced = world.one(Command::Revert { event: to_urals.id, force: true });
    assert_eq!(world.engine.state().client(&id).unwrap().fields.region, None);

    // Reverting the revert redoes it.
    world.run(Command::Revert { event: forced.id, force: false }).unwrap();
    assert_eq!(world.engine.state().client(&id).unwrap().fields.region, Some("Урал".parse().unwrap()));
}

#[test]
fn an_alias_added_by_mistake_disappears_and_a_removed_client_comes_back() {
    let mut world = World::new();
    let id = world.add("ООО «Ромашка»");
    let mistake = world.one(Command::AddAlias {
        client: id.clone(),
        alias: Alias { kind: AliasKind::Latin, name: name("Romashka LLC"), until: None },
    });
    world.run(Command::Revert { event: mistake.id, force: false }).unwrap();
    assert_eq!(world.names(&id), ["ООО «Ромашка»"]);

    let removal = world.one(Command::RemoveClient { client: id.clone() });
    assert_eq!(world.engine.state().clients().count(), 0);
    world.run(Command::Revert { event: removal.id, force: false }).unwrap();
    assert_eq!(world.engine.state().clients().count(), 1);
}

#[test]
fn history_lists_every_change_newest_first() {
    let mut world = World::new();
    let id = world.add("ОАО «Моторы»");
    let other = world.add("Someone else");
    world.run(Command::UpdateClient { client: id.clone(), values: vec![region(Some("Сибирь"))] }).unwrap();
    world.run(Command::RenameClient { client: id.clone(), name: name("АО «Сибмоторс»"), since: None }).unwrap();
    world.run(Command::UpdateClient { client: other, values: vec![region(Some("Урал"))] }).unwrap();
    let rename = block_on(world.engine.history(&id)).unwrap()[0].id.clone();
    world.run(Command::Revert { event: rename, force: false }).unwrap();

    let history = block_on(world.engine.history(&id)).unwrap();
    let types: Vec<&str> = history.iter().map(|e| e.payload.type_name()).collect();
    assert_eq!(types, ["reverted", "client_renamed", "client_updated", "client_added"]);
    let times: Vec<_> = history.iter().map(|e| e.recorded_at).collect();
    assert!(times.windows(2).all(|w| w[0] > w[1]), "newest first");
    assert!(history.iter().all(|e| e.by.as_str() == "anna"));
}
