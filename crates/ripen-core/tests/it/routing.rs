//! Routing through the engine: the taxi queue and the skills matrix inside teams, rules
//! that hand over to them, absences and caps, batches, explanations in the history,
//! re-routing, hand-offs between roles, and reverts.

use chrono::{DateTime, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::people::{Role, UserProfile};
use ripen_core::pipeline::CardPosition;
use ripen_core::routing::{Routing, Target};
use ripen_core::{
    ClientFields, ClientId, ClientKind, Command, Engine, Error, ErrorKind, Event, EventPayload, MemoryStore, NewClient,
    ReplicaId, UserId,
};
use serde_json::json;
use std::collections::BTreeMap;

struct Office {
    store: MemoryStore,
    engine: Engine<MemoryStore>,
    tick: i64,
}

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

impl Office {
    /// Teams `nsk` (anna, boris, vera) and `msk` (gleb, dasha), the key-account team
    /// `kam` (olga), and a telemarketer, tanya; the head of sales, head, runs it.
    fn new() -> Self {
        let store = MemoryStore::new();
        let engine = block_on(Engine::open(store.clone(), ReplicaId::from_random(9), user("head"))).unwrap();
        let mut office = Self { store, engine, tick: 0 };
        for team in ["nsk", "msk", "kam"] {
            office.run(Command::SaveTeam { team: team.parse().unwrap(), name: team.to_uppercase() }).unwrap();
        }
        office.save_user("head", Role::HeadOfSales, None, |_| {});
        for (id, team) in [("anna", "nsk"), ("boris", "nsk"), ("vera", "nsk"), ("gleb", "msk"), ("dasha", "msk")] {
            office.save_user(id, Role::Manager, Some(team), |_| {});
        }
        office.save_user("olga", Role::KeyAccountManager, Some("kam"), |_| {});
        office.save_user("tanya", Role::Telemarketer, None, |_| {});
        office
    }

    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(1_760_000_000_000 + self.tick).unwrap()
    }

    fn run(&mut self, command: Command) -> Result<Vec<Event>, Error> {
        self.tick += 60_000;
        block_on(self.engine.execute(command, self.now()))
    }

    fn save_user(&mut self, id: &str, role: Role, team: Option<&str>, edit: impl FnOnce(&mut UserProfile)) {
        let mut profile = UserProfile::new(id, role, team.map(|t| t.parse().unwrap()));
        if let Some(current) = self.engine.state().people.user(&user(id)) {
            profile = current.clone();
        }
        edit(&mut profile);
        self.run(Command::SaveUser { user: user(id), profile }).unwrap();
    }

    fn routing(&mut self, settings: serde_json::Value) {
        let routing: Routing = ripen_json::from_str(&(settings).to_string()).unwrap();
        self.run(Command::SaveRouting { routing: Some(routing) }).unwrap();
    }

    fn lead(&mut self, name: &str, fields: serde_json::Value) -> ClientId {
        let mut new = NewClient::named(ClientKind::Company, name.parse().unwrap());
        new.fields = ClientFields { kind: ClientKind::Company, ..ripen_json::from_str(&(fields).to_string()).unwrap() };
        let events = self.run(Command::AddClient(new)).unwrap();
        events[0].payload.clients()[0].clone()
    }

    fn owner(&self, client: &ClientId) -> Option<String> {
        self.engine.state().client(client).unwrap().owner.as_ref().map(ToString::to_string)
    }

    /// The explanation of the client's latest routing.
    fn why(&self, client: &ClientId) -> String {
        let history = block_on(self.engine.history_unchecked(client)).unwrap();
        let routed = history.iter().find_map(|e| match &e.payload {
            EventPayload::ClientRouted { why, .. } => Some(why.text.clone()),
            _ => None,
        });
        routed.unwrap()
    }
}

fn taxi_in(team: &str) -> serde_json::Value {
    json!({ "book": { "rules": [], "default": { "team": team } } })
}

#[test]
fn the_taxi_queue_goes_round_and_its_turn_survives_a_reopen() {
    let mut office = Office::new();
    office.routing(taxi_in("nsk"));
    let owners: Vec<_> = (0..4).map(|i| office.lead(&format!("Лид {i}"), json!({}))).collect();
    let owners: Vec<_> = owners.iter().map(|c| office.owner(c).unwrap()).collect();
    assert_eq!(owners, ["anna", "boris", "vera", "anna"]);
    let engine = block_on(Engine::open(office.store.clone(), ReplicaId::from_random(10), user("head"))).unwrap();
    office.engine = engine;
    let next = office.lead("После перезагрузки", json!({}));
    assert_eq!(office.owner(&next).as_deref(), Some("boris"), "the turn is rebuilt from the log");
    assert_eq!(office.why(&next), "default → team nsk; taxi queue → boris");
}

#[test]
fn absent_and_full_members_are_passed_over_with_the_reason() {
    // (who is absent, boris's cap, expected owner, expected explanation)
    let cases = [
        (None, None, Some("anna"), "default → team nsk; taxi queue → anna"),
        (Some("anna"), None, Some("boris"), "default → team nsk; taxi queue → boris (passed over anna: absent)"),
        (
            Some("anna"),
            Some(0),
            Some("vera"),
            "default → team nsk; taxi queue → vera (passed over anna: absent, boris: at their cap of 0)",
        ),
    ];
    for (absent, cap, expected, why) in cases {
        let mut office = Office::new();
        if let Some(absent) = absent {
            office.save_user(absent, Role::Manager, Some("nsk"), |p| p.absent = true);
        }
        office.save_user("boris", Role::Manager, Some("nsk"), |p| p.cap = cap);
        office.routing(taxi_in("nsk"));
        let lead = office.lead("Лид", json!({}));
        assert_eq!(office.owner(&lead).as_deref(), expected);
        assert_eq!(office.why(&lead), why);
    }
}

#[test]
fn when_nobody_is_free_the_lead_waits_unassigned_for_the_head_of_sales() {
    let mut office = Office::new();
    for id in ["gleb", "dasha"] {
        office.save_user(id, Role::Manager, Some("msk"), |p| p.absent = true);
    }
    office.routing(taxi_in("msk"));
    let lead = office.lead("Лид", json!({}));
    assert_eq!(office.owner(&lead), None);
    assert_eq!(
        office.why(&lead),
        "default → team msk; nobody free (passed over dasha: absent, gleb: absent); left unassigned"
    );
    assert!(office.engine.view().client(&lead).is_ok(), "the head of sales sees the pool");
}

#[test]
fn rules_hand_over_to_a_team_whose_skills_matrix_explains_its_choice() {
    let mut office = Office::new();
    let skills = |pairs: serde_json::Value| ripen_json::from_str(&(pairs).to_string()).unwrap();
    office.save_user("anna", Role::Manager, Some("nsk"), |p| {
        p.skills = skills(json!([
            { "field": "industry", "value": "machinery", "weight": 0.6 },
            { "field": "region", "value": "Сибирь", "weight": 0.3 },
        ]));
    });
    office.save_user("boris", Role::Manager, Some("nsk"), |p| {
        p.skills = skills(json!([{ "field": "industry", "value": "retail", "weight": 0.9 }]));
    });
    office.routing(json!({
        "book": {
            "rules": [
                { "when": { "region": "Сибирь" }, "to": { "team": "nsk" } },
                { "when": { "tags": ["vip"] }, "to": { "user": "olga" } },
            ],
            "default": { "team": "msk" },
        },
        "teams": { "nsk": "skills" },
    }));
    // (name, profile, owner, explanation)
    let cases = [
        (
            "Сибмоторс",
            json!({ "region": "сибирь", "industry": "machinery" }),
            "anna",
            "rule 1 (region Сибирь) → team nsk; skills: industry machinery 0.6 + region Сибирь 0.3 → anna",
        ),
        (
            "Сибторг",
            json!({ "region": "Сибирь", "industry": "retail" }),
            "boris",
            "rule 1 (region Сибирь) → team nsk; skills: industry retail 0.9 → boris (passed over anna: absent)",
        ),
        ("Газпром", json!({ "tags": ["vip"] }), "olga", "rule 2 (tags vip) → olga"),
        ("Ромашка", json!({}), "dasha", "default → team msk; taxi queue → dasha"),
    ];
    for (i, (name, profile, owner, why)) in cases.into_iter().enumerate() {
        if i == 1 {
            office.save_user("anna", Role::Manager, Some("nsk"), |p| p.absent = true);
        }
        let lead = office.lead(name, profile);
        assert_eq!(office.owner(&lead).as_deref(), Some(owner), "{name}");
        assert_eq!(office.why(&lead), why, "{name}");
    }
}

#[test]
fn a_rule_to_an_absent_user_falls_back_to_their_team() {
    let mut office = Office::new();
    office.save_user("anna", Role::Manager, Some("nsk"), |p| p.absent = true);
    office.routing(json!({ "book": { "rules": [], "default": { "user": "anna" } } }));
    let lead = office.lead("Лид", json!({}));
    assert_eq!(office.owner(&lead).as_deref(), Some("boris"));
    assert_eq!(
        office.why(&lead),
        "default → anna (absent) → their team nsk; taxi queue → boris (passed over anna: absent)"
    );
}

#[test]
fn a_batch_routes_each_lead_in_turn_and_fills_caps_as_it_goes() {
    let mut office = Office::new();
    office.save_user("vera", Role::Manager, Some("nsk"), |p| p.cap = Some(3));
    office.routing(taxi_in("nsk"));
    let leads: Vec<NewClient> =
        (0..30).map(|i| NewClient::named(ClientKind::Company, format!("Лид {i}").parse().unwrap())).collect();
    office.run(Command::AddClients(leads)).unwrap();
    let state = office.engine.state();
    let mut counts = BTreeMap::new();
    for client in state.clients() {
        *counts.entry(client.owner.as_ref().unwrap().to_string()).or_insert(0) += 1;
    }
    assert_eq!(counts, BTreeMap::from([("anna".into(), 14), ("boris".into(), 13), ("vera".into(), 3)]));
    assert_eq!(state.load(&user("vera")), 3);
}

#[test]
fn a_routing_can_be_reverted_and_the_client_routed_again() {
    let mut office = Office::new();
    office.routing(taxi_in("nsk"));
    let lead = office.lead("Лид", json!({}));
    let routed = block_on(office.engine.history(&lead)).unwrap()[0].id.clone();
    office.run(Command::Revert { event: routed, force: false }).unwrap();
    assert_eq!(office.owner(&lead), None, "back in the pool");
    assert_eq!(office.engine.state().load(&user("anna")), 0);
    office.run(Command::Route { client: lead.clone(), to: None, reason: None }).unwrap();
    assert_eq!(office.owner(&lead).as_deref(), Some("boris"), "the queue does not turn back");
    office
        .run(Command::HandOff {
            client: lead.clone(), to: Some(user("vera")), reason: Some("знает клиента".into())
        })
        .unwrap();
    assert_eq!(office.owner(&lead).as_deref(), Some("vera"));
    let history = block_on(office.engine.history(&lead)).unwrap();
    let types: Vec<_> = history.iter().map(|e| e.payload.type_name()).collect();
    assert_eq!(types, ["owner_changed", "client_routed", "reverted", "client_routed", "client_added"]);
}

#[test]
fn hand_offs_follow_the_sales_process_from_telemarketer_to_key_account() {
    let mut office = Office::new();
    office.routing(json!({ "book": { "rules": [], "default": { "user": "tanya" } }, "won": { "team": "kam" } }));
    let lead = office.lead("Холодный", json!({}));
    assert_eq!(office.owner(&lead).as_deref(), Some("tanya"));
    let qualify = Command::Route {
        client: lead.clone(),
        to: Some(Target::Team("nsk".parse().unwrap())),
        reason: Some("квалифицирован: нужен кредит на новый цех".into()),
    };
    office.run(qualify).unwrap();
    assert_eq!(office.owner(&lead).as_deref(), Some("anna"));
    assert_eq!(office.why(&lead), "квалифицирован: нужен кредит на новый цех: by hand → team nsk; taxi queue → anna");
    let to = |stage: &str| CardPosition::Stage { stage: stage.parse().unwrap() };
    let sales = || "sales".parse().unwrap();
    office
        .run(Command::MoveStage {
            client: lead.clone(),
            pipeline: sales(),
            to: to("offer_sent"),
            amount: None,
            at: None,
        })
        .unwrap();
    assert_eq!(office.owner(&lead).as_deref(), Some("anna"), "not won yet");
    let won = office.run(Command::MoveStage {
        client: lead.clone(),
        pipeline: sales(),
        to: to("paid"),
        amount: Some(1),
        at: None,
    });
    assert_eq!(won.unwrap().len(), 2, "the move and the hand-off commit together");
    assert_eq!(office.owner(&lead).as_deref(), Some("olga"));
    assert_eq!(office.why(&lead), "deal won → team kam; taxi queue → olga");
}

#[test]
fn routing_settings_are_checked_and_only_heads_change_them() {
    let mut office = Office::new();
    let refused = |office: &mut Office, settings: serde_json::Value| {
        let routing: Routing = ripen_json::from_str(&(settings).to_string()).unwrap();
        office.run(Command::SaveRouting { routing: Some(routing) }).unwrap_err().kind()
    };
    assert_eq!(refused(&mut office, taxi_in("spb")), ErrorKind::NotFound);
    assert_eq!(
        refused(&mut office, json!({ "book": { "rules": [], "default": { "user": "nobody" } } })),
        ErrorKind::NotFound
    );
    assert!(ripen_json::from_str::<Routing>(
        &(json!({ "book": { "rules": [], "default": { "team": "nsk" } }, "teams": { "nsk": "lottery" } })).to_string()
    )
    .is_err());
    office.save_user("root", Role::Admin, None, |_| {});
    block_on(office.engine.switch_user(user("anna"))).unwrap();
    assert_eq!(refused(&mut office, taxi_in("nsk")), ErrorKind::Forbidden);
    let lead = office.lead("Свой", json!({ "region": "Сибирь" }));
    assert_eq!(office.owner(&lead).as_deref(), Some("anna"), "with no routing, a client stays with whoever adds it");
}
