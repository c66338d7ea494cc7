//! Reverts that cannot take anything back: one's own change to a client since out of
//! one's sight, a change to a client this device does not know yet, and a change the fold
//! left out — each refused as a `conflict` that names what stands in the way, or a revert
//! of nothing, never a `not_found` for a client the user has just changed.

use chrono::{DateTime, Duration, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::people::{Role, UserProfile};
use ripen_core::{
    ClientId, ClientKind, Command, Engine, ErrorKind, Event, EventId, EventPayload, EventStore, Grantee, Hlc,
    MemoryStore, NewClient, ReplicaId, UserId,
};

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_760_000_000_000).unwrap() + Duration::minutes(minutes)
}

/// One device of an office: root (admin), anna (manager in msk), vera (manager in nsk).
struct Office {
    store: MemoryStore,
    engine: Engine<MemoryStore>,
    tick: i64,
}

impl Office {
    fn open() -> Self {
        let store = MemoryStore::new();
        let engine = block_on(Engine::open(store.clone(), ReplicaId::from_random(7), user("root"))).unwrap();
        let mut office = Self { store, engine, tick: 0 };
        for team in ["msk", "nsk"] {
            office.run(Command::SaveTeam { team: team.parse().unwrap(), name: team.into() }).unwrap();
        }
        for (id, role, team) in
            [("root", Role::Admin, None), ("anna", Role::Manager, Some("msk")), ("vera", Role::Manager, Some("nsk"))]
        {
            let profile = UserProfile::new(id, role, team.map(|t| t.parse().unwrap()));
            office.run(Command::SaveUser { user: user(id), profile }).unwrap();
        }
        office
    }

    fn run(&mut self, command: Command) -> Result<Vec<Event>, ripen_core::Error> {
        self.tick += 1;
        block_on(self.engine.execute(command, at(self.tick)))
    }

    fn switch(&mut self, to: &str) {
        block_on(self.engine.switch_user(user(to))).unwrap();
    }

    fn add(&mut self, name: &str, owner: &str) -> ClientId {
        let mut new = NewClient::named(ClientKind::Company, name.parse().unwrap());
        new.owner = Some(user(owner));
        self.run(Command::AddClient(new)).unwrap()[0].payload.clients()[0].clone()
    }

    /// Writes `payload` as `by` from a device this one has not met, after everything it
    /// holds, as replication would bring it.
    fn arrive(&mut self, by: &str, payload: EventPayload) -> EventId {
        let newest = self.engine.state().newest().unwrap().0;
        let event = Event {
            id: EventId { replica: ReplicaId::from_random(99), counter: 1 },
            at: Hlc::from((newest.millis + 1, 0)),
            recorded_at: at(self.tick),
            by: user(by),
            payload,
        };
        block_on(self.store.append(&ripen_core::codec::encode_commit(std::slice::from_ref(&event)))).unwrap();
        block_on(self.engine.refresh()).unwrap();
        event.id
    }
}

/// A client's id that no event this office holds adds: one added on a device of another CRM.
fn stranger() -> ClientId {
    let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(42), user("root"))).unwrap();
    let new = NewClient::named(ClientKind::Company, "Чужой".parse().unwrap());
    block_on(engine.execute(Command::AddClient(new), at(0))).unwrap()[0].payload.clients()[0].clone()
}

/// How the revert ends: refused with this kind and a message that names the client, or
/// done.
#[derive(Debug, PartialEq)]
enum Expected {
    Refused(ErrorKind),
    Done,
}

#[test]
fn a_revert_that_cannot_take_back_is_a_conflict_naming_the_client_or_a_revert_of_nothing() {
    type Setup = fn(&mut Office) -> (ClientId, EventId);
    // (case, what happens before the revert, who reverts, how it ends)
    let cases: [(&str, Setup, &str, Expected); 7] = [
        (
            "her own hand-off to nobody: the client is out of her sight now",
            |o| {
                let client = o.add("Верин", "vera");
                o.switch("vera");
                let events = o.run(Command::HandOff { client: client.clone(), to: None, reason: None }).unwrap();
                (client, events[0].id.clone())
            },
            "vera",
            Expected::Refused(ErrorKind::Conflict),
        ),
        (
            "her own hand-off to a rep of another team",
            |o| {
                let client = o.add("Верин", "vera");
                o.switch("vera");
                let events =
                    o.run(Command::HandOff { client: client.clone(), to: Some(user("anna")), reason: None }).unwrap();
                (client, events[0].id.clone())
            },
            "vera",
            Expected::Refused(ErrorKind::Conflict),
        ),
        (
            "her own unsharing of a client shared with her",
            |o| {
                let client = o.add("Аннин", "anna");
                o.run(Command::Share { client: client.clone(), with: Grantee::User(user("vera")), shared: true })
                    .unwrap();
                o.switch("vera");
                let events = o
                    .run(Command::Share { client: client.clone(), with: Grantee::User(user("vera")), shared: false })
                    .unwrap();
                (client, events[0].id.clone())
            },
            "vera",
            Expected::Refused(ErrorKind::Conflict),
        ),
        (
            "someone else's change to a client out of her sight stays not found (its existence is not told)",
            |o| {
                let client = o.add("Аннин", "anna");
                let events = o.run(Command::HandOff { client: client.clone(), to: None, reason: None }).unwrap();
                (client, events[0].id.clone())
            },
            "vera",
            Expected::Refused(ErrorKind::NotFound),
        ),
        (
            "an admin's hand-off, who sees every client, is taken back",
            |o| {
                let client = o.add("Верин", "vera");
                let events = o.run(Command::HandOff { client: client.clone(), to: None, reason: None }).unwrap();
                (client, events[0].id.clone())
            },
            "root",
            Expected::Done,
        ),
        (
            "a change to a client whose creation has not arrived yet",
            |o| {
                let client = stranger();
                let change = EventPayload::OwnerChanged {
                    client: client.clone(),
                    old: Some(user("vera")),
                    new: None,
                    reason: None,
                };
                (client, o.arrive("root", change))
            },
            "root",
            Expected::Refused(ErrorKind::Conflict),
        ),
        (
            "a client added by someone who is no user: left out, it changed nothing to take back",
            |o| {
                let client = stranger();
                let added = EventPayload::ClientAdded {
                    client: client.clone(),
                    name: "Призрак".parse().unwrap(),
                    fields: Box::default(),
                    aliases: Vec::new(),
                    owner: None,
                };
                (client, o.arrive("ghost", added))
            },
            "root",
            Expected::Done,
        ),
    ];
    for (case, setup, who, expected) in cases {
        let mut office = Office::open();
        let (client, event) = setup(&mut office);
        office.switch(who);
        let before = office.engine.state().clone();
        match office.run(Command::Revert { event: event.clone(), force: false }) {
            Err(error) => {
                assert_eq!(Expected::Refused(error.kind()), expected, "{case}: {error}");
                assert!(error.to_string().contains(client.as_str()), "{case}: names the client: {error}");
                assert_eq!(*office.engine.state(), before, "{case}: a refused revert changes nothing");
            }
            Ok(events) => {
                assert_eq!(Expected::Done, expected, "{case}");
                assert_eq!(office.engine.state().reverted_by(&event), Some(&events[0].id), "{case}");
                // What the revert put back is what stood before the reverted change.
                let owner = office.engine.state().client(&client).and_then(|c| c.owner.clone());
                let known = office.engine.state().client(&client).is_some();
                match case.starts_with("an admin") {
                    true => assert_eq!(owner, Some(user("vera")), "{case}"),
                    false => assert!(!known, "{case}: a left-out creation stays unknown"),
                }
            }
        }
    }
}
