//! Web leads through the engine: the team's lead key (who creates it, rotation, the log),
//! a lead taken in as a new client routed by the routing rules or as a touch on the client
//! it matches, one client per lead when two devices take the same lead in at once (both
//! orders of delivery, equal digests), checkpoints, and reverts.

use chrono::{DateTime, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::people::{Role, UserProfile};
use ripen_core::routing::Routing;
use ripen_core::touch::{Direction, Origin};
use ripen_core::values::{Phone, Region};
use ripen_core::web_lead::{LeadId, LeadKey, LeadOutcome, WebLead};
use ripen_core::{
    ClientId, ClientKind, Command, Engine, ErrorKind, Event, EventPayload, EventStore, MemoryStore, NewClient,
    ReplicaId, UserId,
};
use serde_json::json;

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

fn at(tick: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_765_000_000_000 + tick * 1_000).unwrap()
}

fn lead_id(n: u32) -> LeadId {
    format!("lead:{n:0>26}").parse().unwrap()
}

fn lead(n: u32, plaintext: serde_json::Value) -> WebLead {
    WebLead::read(lead_id(n), &plaintext.to_string()).unwrap()
}

fn key(c: char) -> LeadKey {
    let part = c.to_string().repeat(43);
    ripen_json::from_str(&json!({ "kty": "EC", "crv": "P-256", "x": part, "y": part, "d": part }).to_string()).unwrap()
}

/// A team: admin `root`, head of sales `head`, managers anna and boris in team `web` (a taxi queue),
/// vera in `field`; web leads go to team `web` by a rule on the source.
fn office(store: &MemoryStore, seed: u64, as_user: &str) -> Engine<MemoryStore> {
    if block_on(store.load()).unwrap().is_empty() {
        let engine = block_on(Engine::open(store.clone(), ReplicaId::from_random(seed + 1_000), user("root"))).unwrap();
        let run = |command| block_on(engine.execute(command, at(0))).unwrap();
        for team in ["web", "field"] {
            run(Command::SaveTeam { team: team.parse().unwrap(), name: team.into() });
        }
        run(Command::SaveUser { user: user("root"), profile: UserProfile::new("root", Role::Admin, None) });
        run(Command::SaveUser { user: user("head"), profile: UserProfile::new("head", Role::HeadOfSales, None) });
        for (id, team) in [("anna", "web"), ("boris", "web"), ("vera", "field")] {
            let profile = UserProfile::new(id, Role::Manager, Some(team.parse().unwrap()));
            run(Command::SaveUser { user: user(id), profile });
        }
        let routing = json!({
            "book": { "rules": [{ "when": { "source": "web" }, "to": { "team": "web" } }], "default": { "team": "field" } },
        });
        run(Command::SaveRouting { routing: Some(ripen_json::from_str::<Routing>(&routing.to_string()).unwrap()) });
    }
    block_on(Engine::open(store.clone(), ReplicaId::from_random(seed), user(as_user))).unwrap()
}

fn receive(engine: &Engine<MemoryStore>, lead: WebLead, tick: i64) -> Vec<Event> {
    let matched = engine.web_lead_match(&lead);
    block_on(engine.execute(Command::ReceiveWebLead { lead: Box::new(lead), matched }, at(tick))).unwrap()
}

fn add_client(engine: &Engine<MemoryStore>, name: &str, contact: &str, owner: &str) -> ClientId {
    let mut new = NewClient::named(ClientKind::Person, name.parse().unwrap());
    if contact.contains('@') {
        new.fields.emails.push(contact.parse().unwrap());
    } else {
        new.fields.phones.push(Phone::parse(contact, Region::RU).unwrap());
    }
    new.owner = Some(user(owner));
    let events = block_on(engine.execute(Command::AddClient(new), at(1))).unwrap();
    events[0].payload.clients()[0].clone()
}

#[test]
fn a_new_lead_becomes_a_web_client_routed_by_the_rules_and_a_second_take_is_nothing() {
    let store = MemoryStore::new();
    let engine = office(&store, 1, "anna");
    let first = receive(
        &engine,
        lead(
            1,
            json!({ "v": 1, "name": "<img src=x onerror=alert(1)>", "phone": "+7 913 555-01-02",
                         "question": "<b>Цена?</b>", "consent": { "contact": true, "marketing": true, "text": "Да", "at": "2026-12-07T09:20:31.512Z" } }),
        ),
        10,
    );
    assert_eq!(first.len(), 1);
    let EventPayload::WebLeadReceived { outcome, lead: taken } = &first[0].payload else { panic!("{first:?}") };
    let LeadOutcome::Added { client, owner, routed, .. } = &**outcome else { panic!("{outcome:?}") };
    assert_eq!(*client, ClientId::minted_by(&first[0].id));
    assert!(routed.as_ref().unwrap().text.starts_with("rule 1 (source web) → team web"), "{routed:?}");
    assert_eq!(owner.as_ref().map(ToString::to_string).as_deref(), Some("anna"));
    assert!(taken.consent.marketing);
    let second = receive(&engine, lead(2, json!({ "v": 1, "name": "Борис Б", "email": "b@example.com" })), 11);
    let state = engine.state();
    let stored = state.client(client).unwrap();
    assert_eq!(stored.name.as_str(), "<img src=x onerror=alert(1)>", "markup stays text");
    assert_eq!(stored.fields.source.as_ref().unwrap().as_str(), "web");
    assert_eq!(stored.fields.phones[0].e164(), "79135550102");
    assert_eq!(stored.fields.notes.as_ref().unwrap().as_str(), "<b>Цена?</b>");
    assert_eq!(stored.owner, Some(user("anna")));
    let other = second[0].payload.clients()[0].clone();
    assert_eq!(state.client(&other).unwrap().owner, Some(user("boris")), "the team's taxi queue turned");
    assert_eq!(state.load(&user("anna")), 1);
    assert_eq!(state.web_lead(&lead_id(1)).unwrap().client, *client);
    // The form's consent is the new client's; a lead that says nothing of consent has none.
    let consent = &state.consent_at(client, first[0].recorded_at).unwrap().consent;
    assert_eq!((consent.contact, consent.marketing, consent.source.as_str()), (true, true, "web form"));
    assert!(state.consent_at(&other, second[0].recorded_at).is_none());
    drop(state);
    // The same lead again (a pull that saw it twice): nothing decided, nothing written.
    assert!(receive(&engine, lead(1, json!({ "v": 1, "name": "X", "phone": "+79135550102" })), 12).is_empty());
}

#[test]
fn a_lead_with_a_known_phone_or_email_is_a_touch_on_that_client_for_its_owner() {
    let store = MemoryStore::new();
    let engine = office(&store, 2, "anna");
    let known = add_client(&engine, "Ольга Иванова", "+79135550102", "vera");
    let by_mail = add_client(&engine, "Пётр", "Petr@Example.com", "boris");
    let clients = engine.state().clients().count();
    for (n, plaintext, client) in [
        (1, json!({ "v": 1, "name": "Оля", "phone": "8 (913) 555-01-02", "question": "Перезвоните" }), &known),
        (2, json!({ "v": 1, "name": "Пётр", "email": "Petr@example.com" }), &by_mail),
    ] {
        let events = receive(&engine, lead(n, plaintext), 10 + i64::from(n));
        let EventPayload::WebLeadReceived { outcome, .. } = &events[0].payload else { panic!() };
        let LeadOutcome::Matched { touch } = &**outcome else { panic!("{outcome:?}") };
        assert_eq!(touch.client, *client);
        assert_eq!((touch.direction, touch.origin), (Direction::Inbound, Origin::Marketing));
        assert!(engine.state().web_lead(&lead_id(n)).unwrap().matched);
    }
    assert_eq!(engine.state().clients().count(), clients, "no client added");
    // The owner (vera, another team) sees it; the rep who took it in need not.
    assert!(engine.view().touches(&known).is_err());
    let vera = block_on(Engine::open(store.clone(), ReplicaId::from_random(3), user("vera"))).unwrap();
    let touches = block_on(vera.touches(&known)).unwrap();
    assert_eq!(touches[0].summary.as_deref(), Some("Перезвоните"));
    // A name alone is no match.
    let events = receive(&engine, lead(3, json!({ "v": 1, "name": "Ольга Иванова", "email": "o@example.org" })), 20);
    assert!(
        matches!(&events[0].payload, EventPayload::WebLeadReceived { outcome, .. } if matches!(**outcome, LeadOutcome::Added { .. }))
    );
}

/// Two devices pull the same leads before either sees the other's take: once each holds
/// both devices' records — delivered either way round — each holds one client per lead,
/// the same one, with equal digests; the losing take's client never exists.
#[test]
fn two_devices_taking_the_same_lead_converge_on_one_client() {
    let base = MemoryStore::new();
    drop(office(&base, 1, "head"));
    let records = block_on(base.load()).unwrap();
    for first_delivered_to in [0, 1] {
        let stores = [MemoryStore::new(), MemoryStore::new()];
        for store in &stores {
            block_on(store.append(&records)).unwrap();
        }
        let devices: Vec<_> =
            stores.iter().zip([("anna", 21), ("boris", 22)]).map(|(s, (u, seed))| office(s, seed, u)).collect();
        let mut takes = Vec::new();
        for (d, device) in devices.iter().enumerate() {
            let mut events = Vec::new();
            for n in 1..=3 {
                events.extend(receive(
                    device,
                    lead(n, json!({ "v": 1, "name": format!("Лид {n}"), "phone": format!("+7913555010{n}") })),
                    10 + d as i64,
                ));
            }
            assert_eq!(events.len(), 3);
            takes.push(events);
        }
        let own: Vec<Vec<String>> =
            stores.iter().map(|s| block_on(s.load()).unwrap()[records.len()..].to_vec()).collect();
        for (from, to) in [(1 - first_delivered_to, first_delivered_to), (first_delivered_to, 1 - first_delivered_to)] {
            block_on(stores[to].append(&own[from])).unwrap();
            block_on(devices[to].refresh()).unwrap();
        }
        let winners: Vec<&Event> = (0..3)
            .map(|n| {
                let pair = [&takes[0][n], &takes[1][n]];
                *pair.iter().min_by_key(|e| (e.at, e.id.clone())).unwrap()
            })
            .collect();
        for device in &devices {
            let state = device.state();
            assert_eq!(state.clients().count(), 3, "one client per lead");
            for (n, winner) in winners.iter().enumerate() {
                let taken = state.web_lead(&lead_id(n as u32 + 1)).unwrap();
                assert_eq!(taken.event, winner.id);
                assert_eq!(taken.client, ClientId::minted_by(&winner.id));
            }
        }
        assert_eq!(devices[0].digest(), devices[1].digest());
        let reopened = ripen_core::checkpoint::read(&ripen_core::checkpoint::write(&devices[0].state(), 1)).unwrap();
        assert_eq!(reopened, *devices[0].state(), "the leads and keys go through a checkpoint");
        // Once a device holds the winner, it takes the lead in no more.
        assert!(
            receive(&devices[1], lead(1, json!({ "v": 1, "name": "Лид 1", "phone": "+79135550101" })), 30).is_empty()
        );
    }
}

#[test]
fn the_lead_key_is_the_heads_to_create_and_a_new_one_keeps_the_old() {
    let store = MemoryStore::new();
    let head = office(&store, 4, "head");
    let anna = block_on(Engine::open(store.clone(), ReplicaId::from_random(5), user("anna"))).unwrap();
    let refused = block_on(anna.execute(Command::CreateLeadKey { key: key('A') }, at(2))).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Forbidden);
    let created = block_on(head.execute(Command::CreateLeadKey { key: key('A') }, at(3))).unwrap();
    block_on(head.execute(Command::CreateLeadKey { key: key('B') }, at(4))).unwrap();
    assert_eq!(head.state().lead_keys(), &[key('A'), key('B')]);
    block_on(anna.refresh()).unwrap();
    assert_eq!(anna.state().lead_keys().last(), Some(&key('B')), "it reaches every device through the log");
    let revert = block_on(head.execute(Command::Revert { event: created[0].id.clone(), force: true }, at(5)));
    assert_eq!(revert.unwrap_err().kind(), ErrorKind::Conflict);
    let reopened = ripen_core::checkpoint::read(&ripen_core::checkpoint::write(&head.state(), 1)).unwrap();
    assert_eq!(reopened.lead_keys(), head.state().lead_keys());
}

#[test]
fn reverting_a_lead_takes_back_what_it_applied_and_the_lead_stays_taken() {
    let store = MemoryStore::new();
    let engine = office(&store, 6, "head");
    add_client(&engine, "Ольга", "+79135550102", "vera");
    let added = receive(&engine, lead(1, json!({ "v": 1, "name": "Новый", "email": "n@example.com" })), 10);
    let matched = receive(&engine, lead(2, json!({ "v": 1, "name": "Оля", "phone": "+79135550102" })), 11);
    for event in [&added[0], &matched[0]] {
        block_on(engine.execute(Command::Revert { event: event.id.clone(), force: false }, at(12))).unwrap();
    }
    let state = engine.state();
    assert!(state.live_client(added[0].payload.clients()[0]).is_none());
    let EventPayload::WebLeadReceived { outcome, .. } = &matched[0].payload else { panic!() };
    let LeadOutcome::Matched { touch } = &**outcome else { panic!() };
    assert_eq!(state.touches.get(&touch.id).unwrap().status.name(), "retracted");
    drop(state);
    assert!(receive(&engine, lead(1, json!({ "v": 1, "name": "Новый", "email": "n@example.com" })), 13).is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Whatever the devices' clocks when each took each lead, and whichever device hears
    /// of the other first: one client per lead on both, the take first in (HLC, id) order,
    /// equal digests.
    #[test]
    fn whatever_the_clocks_each_lead_is_one_client_everywhere(
        ticks in proptest::collection::vec(0i64..6, 6),
        first in 0usize..2,
    ) {
        let base = MemoryStore::new();
        drop(office(&base, 1, "head"));
        let records = block_on(base.load()).unwrap();
        let stores = [MemoryStore::new(), MemoryStore::new()];
        for store in &stores {
            block_on(store.append(&records)).unwrap();
        }
        let devices = [office(&stores[0], 31, "anna"), office(&stores[1], 32, "boris")];
        let mut takes = [Vec::new(), Vec::new()];
        for (d, device) in devices.iter().enumerate() {
            for n in 0..3 {
                let plaintext = json!({ "v": 1, "name": format!("Лид {n}"), "email": format!("l{n}@example.com") });
                takes[d].extend(receive(device, lead(n as u32, plaintext), 10 + ticks[d * 3 + n]));
            }
        }
        let own: Vec<Vec<String>> = stores.iter().map(|s| block_on(s.load()).unwrap()[records.len()..].to_vec()).collect();
        for (from, to) in [(1 - first, first), (first, 1 - first)] {
            block_on(stores[to].append(&own[from])).unwrap();
            block_on(devices[to].refresh()).unwrap();
        }
        for device in &devices {
            let state = device.state();
            proptest::prop_assert_eq!(state.clients().count(), 3);
            for (n, pair) in takes[0].iter().zip(&takes[1]).enumerate() {
                let winner = [pair.0, pair.1].into_iter().min_by_key(|e| (e.at, e.id.clone())).unwrap();
                proptest::prop_assert_eq!(&state.web_lead(&lead_id(n as u32)).unwrap().event, &winner.id);
            }
        }
        proptest::prop_assert_eq!(devices[0].digest(), devices[1].digest());
    }
}
