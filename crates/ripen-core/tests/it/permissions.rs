//! Permissions through the engine: who sees which clients by role, team and share; writes
//! refused as `forbidden` with nothing changed; the admin guards; and a property test that
//! no query shows a client the user may not see, nor changes with one.

use chrono::{DateTime, Duration, TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::command::NewTouch;
use ripen_core::follow_up::{FollowUpRequest, Lead, Priority};
use ripen_core::funnel::{Cohort, FunnelFilter, FunnelQuery, GroupBy};
use ripen_core::ids::{EventId, TouchId};
use ripen_core::people::{Role, Scope, UserProfile};
use ripen_core::pipeline::CardPosition;
use ripen_core::relationship::RelationKind;
use ripen_core::search::{SearchFilter, SearchIndex};
use ripen_core::touch::{NpsScore, Outcome, Plan, Touch, TouchStatus};
use ripen_core::values::Channel;
use ripen_core::{
    agenda::AgendaQuery, ClientId, ClientKind, Command, CrmState, Engine, ErrorKind, Event, EventPayload, Grantee, Hlc,
    MemoryStore, NewClient, ReplicaId, UserId, View,
};

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_760_000_000_000).unwrap() + Duration::minutes(minutes)
}

struct Crm {
    engine: Engine<MemoryStore>,
    tick: i64,
}

impl Crm {
    fn new(as_user: &str) -> Self {
        let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(3), user(as_user))).unwrap();
        Self { engine, tick: 0 }
    }

    fn run(&mut self, command: Command) -> Result<Vec<Event>, ripen_core::Error> {
        self.tick += 1;
        block_on(self.engine.execute(command, at(self.tick)))
    }

    fn switch(&mut self, to: &str) {
        block_on(self.engine.switch_user(user(to))).unwrap();
    }

    fn add(&mut self, name: &str, owner: Option<&str>) -> ClientId {
        let mut new = NewClient::named(ClientKind::Company, name.parse().unwrap());
        new.owner = owner.map(user);
        self.run(Command::AddClient(new)).unwrap()[0].payload.clients()[0].clone()
    }

    fn visible(&self) -> Vec<String> {
        self.engine.view().clients().map(|c| c.name.to_string()).collect()
    }
}

/// root (admin), head (head of sales), anna and boris (managers in msk), sasha (support in
/// msk), vera (manager in nsk); teams msk and nsk. Acting as root.
fn office() -> Crm {
    let mut crm = Crm::new("root");
    for team in ["msk", "nsk"] {
        crm.run(Command::SaveTeam { team: team.parse().unwrap(), name: team.into() }).unwrap();
    }
    let users = [
        ("root", Role::Admin, None),
        ("head", Role::HeadOfSales, None),
        ("anna", Role::Manager, Some("msk")),
        ("boris", Role::Manager, Some("msk")),
        ("sasha", Role::Support, Some("msk")),
        ("vera", Role::Manager, Some("nsk")),
    ];
    for (id, role, team) in users {
        let profile = UserProfile::new(id, role, team.map(|t| t.parse().unwrap()));
        crm.run(Command::SaveUser { user: user(id), profile }).unwrap();
    }
    crm
}

#[test]
fn each_role_sees_its_own_its_teams_or_everything() {
    let mut crm = office();
    crm.add("Аннин", Some("anna"));
    crm.add("Борин", Some("boris"));
    crm.add("Верин", Some("vera"));
    crm.add("Ничей", None);
    // (user, the clients they see)
    let cases: [(&str, &[&str]); 6] = [
        ("root", &["Аннин", "Борин", "Верин", "Ничей"]),
        ("head", &["Аннин", "Борин", "Верин", "Ничей"]),
        ("anna", &["Аннин"]),
        ("boris", &["Борин"]),
        ("sasha", &["Аннин", "Борин"]),
        ("vera", &["Верин"]),
    ];
    for (who, expected) in cases {
        crm.switch(who);
        assert_eq!(crm.visible(), expected, "{who}");
    }
}

#[test]
fn a_shared_client_shows_its_whole_history_in_another_city() {
    let mut crm = office();
    let big = crm.add("Газпром", Some("anna"));
    crm.run(Command::UpdateClient {
        client: big.clone(),
        values: vec![ripen_core::FieldValue::Region(Some("Москва".parse().unwrap()))],
    })
    .unwrap();
    crm.switch("vera");
    // Out of sight is as good as not there: the answer does not tell that it exists.
    assert_eq!(crm.engine.view().client(&big).unwrap_err().kind(), ErrorKind::NotFound);
    crm.switch("anna");
    let share = |shared| Command::Share { client: big.clone(), with: Grantee::Team("nsk".parse().unwrap()), shared };
    crm.run(share(true)).unwrap();
    crm.switch("vera");
    assert_eq!(block_on(crm.engine.history(&big)).unwrap().len(), 3, "added, updated, shared");
    crm.run(Command::PlanTouch {
        touch: NewTouch::new(big.clone(), Channel::Email),
        plan: Plan::parse("send_offer", "a", "b").unwrap(),
    })
    .unwrap();
    crm.switch("anna");
    crm.run(share(false)).unwrap();
    crm.switch("vera");
    assert!(crm.visible().is_empty());
}

#[test]
fn writes_on_a_client_out_of_sight_are_not_found_and_change_nothing() {
    let mut crm = office();
    let borins = crm.add("Борин", Some("boris"));
    let other = crm.add("Аннин", Some("anna"));
    let touch = crm
        .run(Command::LogTouch {
            touch: NewTouch::new(borins.clone(), Channel::Call),
            result: None,
            outcome: None,
            nps: None,
        })
        .unwrap();
    let EventPayload::TouchRecorded { touch } = &touch[0].payload else { panic!() };
    let touch: TouchId = touch.id.clone();
    let added: EventId = block_on(crm.engine.history_unchecked(&borins)).unwrap().last().unwrap().id.clone();
    crm.switch("anna");
    let sales = || "sales".parse().unwrap();
    let commands = vec![
        Command::UpdateClient { client: borins.clone(), values: vec![ripen_core::FieldValue::Region(None)] },
        Command::RenameClient { client: borins.clone(), name: "Мой".parse().unwrap(), since: None },
        Command::RemoveClient { client: borins.clone() },
        Command::HandOff { client: borins.clone(), to: Some(user("anna")), reason: None },
        Command::Route { client: borins.clone(), to: None, reason: None },
        Command::Share { client: borins.clone(), with: Grantee::User(user("anna")), shared: true },
        Command::MoveStage {
            client: borins.clone(),
            pipeline: sales(),
            to: CardPosition::Lost { reason: "x".into() },
            amount: None,
            at: None,
        },
        Command::Link {
            from: other.clone(),
            to: borins.clone(),
            kind: RelationKind::Partner,
            position: None,
            since: None,
        },
        Command::PlanTouch {
            touch: NewTouch::new(borins.clone(), Channel::Call),
            plan: Plan::parse("send_offer", "a", "b").unwrap(),
        },
        Command::CompleteTouch { touch: touch.clone(), result: None, outcome: Outcome::Success, at: None, nps: None },
        Command::CancelTouch { touch, reason: None },
        Command::Revert { event: added, force: true },
        Command::SaveTeam { team: "spb".parse().unwrap(), name: "СПб".into() },
        Command::SaveRouting { routing: None },
        Command::SaveUser {
            user: user("anna"),
            profile: UserProfile { sees: Some(Scope::All), ..UserProfile::new("anna", Role::Manager, None) },
        },
    ];
    for command in commands {
        let before = crm.engine.state().clone();
        let label = format!("{command:?}");
        // A client out of sight is not found (its existence is not told); a setting the
        // user may not change is forbidden.
        let settings =
            matches!(command, Command::SaveTeam { .. } | Command::SaveRouting { .. } | Command::SaveUser { .. });
        let expected = if settings { ErrorKind::Forbidden } else { ErrorKind::NotFound };
        assert_eq!(crm.run(command).unwrap_err().kind(), expected, "{label}");
        assert_eq!(*crm.engine.state(), before, "{label}");
    }
}

#[test]
fn the_admin_role_is_guarded() {
    let mut crm = office();
    crm.switch("head");
    let promote = Command::SaveUser { user: user("anna"), profile: UserProfile::new("anna", Role::Admin, None) };
    assert_eq!(crm.run(promote).unwrap_err().kind(), ErrorKind::Forbidden, "a head of sales makes no admins");
    let demote = Command::SaveUser { user: user("root"), profile: UserProfile::new("root", Role::Manager, None) };
    assert_eq!(crm.run(demote.clone()).unwrap_err().kind(), ErrorKind::Forbidden);
    crm.switch("root");
    assert_eq!(crm.run(demote).unwrap_err().kind(), ErrorKind::Conflict, "the last admin stays");
    let log =
        ripen_core::codec::decode_log(&block_on(ripen_core::EventStore::load(crm.engine.store())).unwrap()).unwrap();
    let made_admin = log
        .iter()
        .find(|e| matches!(&e.payload, EventPayload::UserSaved { user, .. } if user.as_str() == "root"))
        .unwrap()
        .id
        .clone();
    assert_eq!(crm.run(Command::Revert { event: made_admin, force: true }).unwrap_err().kind(), ErrorKind::Conflict);
    // Nor does a revert give the role back: taking back anna's demotion is an admin's.
    let save = |role| Command::SaveUser { user: user("anna"), profile: UserProfile::new("anna", role, None) };
    crm.run(save(Role::Admin)).unwrap();
    let demoted = crm.run(save(Role::Manager)).unwrap()[0].id.clone();
    crm.switch("head");
    let undo = Command::Revert { event: demoted.clone(), force: false };
    assert_eq!(crm.run(undo.clone()).unwrap_err().kind(), ErrorKind::Forbidden, "a head of sales makes no admins");
    crm.switch("root");
    crm.run(undo).unwrap();
    assert!(crm.engine.state().people.is_admin(&user("anna")));
    assert_eq!(block_on(crm.engine.switch_user(user("ghost"))).unwrap_err().kind(), ErrorKind::Forbidden);
    assert_eq!(crm.engine.user(), user("root"), "a refused switch keeps the current user");
}

#[test]
fn before_the_first_admin_everyone_may_do_everything() {
    let mut crm = Crm::new("anna");
    let client = crm.add("Демо", Some("boris"));
    assert!(crm.engine.view().client(&client).is_ok());
    crm.run(Command::SaveRouting { routing: None }).unwrap();
    assert!(crm.engine.view().access().configures());
}

// ---- the property: no query shows, or changes with, a client out of sight ----

const USERS: [&str; 6] = ["root", "head", "anna", "boris", "sasha", "vera"];

/// The rule as the brief states it, written apart from the engine's.
fn may_see(state: &CrmState, who: &str, client: &ripen_core::Client) -> bool {
    let people = &state.people;
    if !people.users().any(|(_, p)| p.role == Role::Admin) {
        return true;
    }
    let Some(me) = people.user(&user(who)) else { return false };
    let scope = me.sees.unwrap_or(match me.role {
        Role::Admin | Role::HeadOfSales => Scope::All,
        Role::Support | Role::BackOffice => Scope::Team,
        _ => Scope::Own,
    });
    let owner_team = client.owner.as_ref().and_then(|o| people.user(o)).and_then(|p| p.team.clone());
    scope == Scope::All
        || client.owner.as_ref().is_some_and(|o| o.as_str() == who)
        || client.shared_with.contains(&Grantee::User(user(who)))
        || me.team.as_ref().is_some_and(|t| client.shared_with.contains(&Grantee::Team(t.clone())))
        || (scope == Scope::Team && me.team.is_some() && owner_team == me.team)
}

#[derive(Debug, Clone)]
struct ClientSpec {
    owner: Option<usize>,
    shares: Vec<(bool, usize)>,
    stage: Option<usize>,
    touch: Option<u8>,
    link_to: Option<usize>,
}

fn client_spec() -> impl Strategy<Value = ClientSpec> {
    (
        prop::option::of(0..USERS.len() + 1),
        prop::collection::vec((any::<bool>(), 0usize..6), 0..2),
        prop::option::of(0usize..8),
        prop::option::of(0u8..11),
        prop::option::of(any::<usize>()),
    )
        .prop_map(|(owner, shares, stage, touch, link_to)| ClientSpec { owner, shares, stage, touch, link_to })
}

/// Changes `client` as much as a query could notice: a stage move, a done touch with an
/// NPS answer, an overdue planned touch — straight into a copy of the state.
fn disturb(state: &CrmState, client: &ClientId, now: DateTime<Utc>) -> CrmState {
    let mut state = state.clone();
    let replica = ReplicaId::from_random(77);
    let mut counter = 0;
    let mut event = |payload| {
        counter += 1;
        Event {
            id: EventId { replica: replica.clone(), counter },
            at: Hlc { millis: now.timestamp_millis(), counter: counter as u32 },
            recorded_at: now,
            by: user("root"),
            payload,
        }
    };
    let from = state.pipelines.card(client, &"sales".parse().unwrap()).map(|c| c.position.clone());
    let moved = EventPayload::StageMoved {
        client: client.clone(),
        pipeline: "sales".parse().unwrap(),
        from,
        to: Some(CardPosition::Stage { stage: "paid".parse().unwrap() }),
        amount: Some(5),
        at: None,
    };
    let touch = |id: u64, status: TouchStatus, plan: Option<Plan>| Touch {
        id: TouchId::minted_by(&EventId { replica: replica.clone(), counter: 1_000 + id }),
        client: client.clone(),
        channel: Channel::Call,
        direction: Default::default(),
        origin: Default::default(),
        author: user("root"),
        at: now - Duration::days(2),
        summary: None,
        plan,
        status,
        requested: false,
        override_reason: None,
    };
    let done = TouchStatus::Done {
        result: None,
        outcome: Outcome::Success,
        done_at: now - Duration::hours(1),
        nps: Some(NpsScore::try_from(0).unwrap()),
        violations: Vec::new(),
    };
    let renamed = EventPayload::ClientRenamed {
        client: client.clone(),
        old: state.client(client).unwrap().name.clone(),
        new: "Клиент новое имя".parse().unwrap(),
        former_added: None,
        former_removed: None,
    };
    let payloads = vec![
        renamed,
        moved,
        EventPayload::TouchRecorded { touch: std::rc::Rc::new(touch(1, done, None)) },
        EventPayload::TouchRecorded {
            touch: std::rc::Rc::new(touch(2, TouchStatus::Planned, Some(Plan::parse("send_offer", "a", "b").unwrap()))),
        },
    ];
    for (payload, position) in payloads.into_iter().zip(1_000_000..) {
        state.apply(&event(payload), position);
    }
    state
}

/// Everything the user's queries answer, for comparing before and after a disturbance.
fn answers(state: &CrmState, who: &str, now: DateTime<Utc>) -> String {
    let view = View::of(state, &user(who));
    let query = |by| FunnelQuery {
        pipeline: "sales".parse().unwrap(),
        from: DateTime::<Utc>::MIN_UTC,
        to: DateTime::<Utc>::MAX_UTC,
        cohort: Cohort::Entered,
        by,
        filter: FunnelFilter::default(),
    };
    let funnel = (view.funnel(&query(None)), view.funnel(&query(Some(GroupBy::Owner))));
    let agenda = view.agenda(&AgendaQuery { owner: None, now, days_ahead: 30 });
    let nps = view.nps(now - Duration::days(30), now + Duration::days(1), None);
    let activity = view.activity(now - Duration::days(30), now + Duration::days(1), None);
    let found = view.search(&mut SearchIndex::default(), "клиент", 100, &SearchFilter::default());
    let waiting = view.waiting(None, now);
    let response = view.response_times(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    // A follow-up for every client of the base, those out of sight too (refused as not found).
    let leads = state.clients().map(|c| Lead { client: c.id.clone(), priority: Priority::Hot, captured_at: None });
    let mut request = FollowUpRequest::new(leads.collect(), now);
    (request.capacity, request.hot.channels) = (Some(2), vec![Channel::Meeting]);
    let follow_ups = view.preview_follow_ups(&user(who), &request);
    format!("{funnel:?}\n{agenda:?}\n{nps:?}\n{activity:?}\n{found:?}\n{waiting:?}\n{response:?}\n{follow_ups:?}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_query_shows_or_changes_with_a_client_out_of_sight(
        specs in prop::collection::vec(client_spec(), 1..10),
        scopes in prop::collection::vec(prop::option::of(0usize..3), USERS.len()),
    ) {
        let mut crm = office();
        for (i, scope) in scopes.iter().enumerate().skip(2) {
            let current = crm.engine.state().people.user(&user(USERS[i])).unwrap().clone();
            let sees = scope.map(|s| [Scope::Own, Scope::Team, Scope::All][s]);
            crm.run(Command::SaveUser { user: user(USERS[i]), profile: UserProfile { sees, ..current } }).unwrap();
        }
        let mut ids = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let owner = spec.owner.and_then(|o| USERS.get(o).copied());
            let id = crm.add(&format!("Клиент {i}"), owner);
            for (team, to) in &spec.shares {
                let with = if *team { Grantee::Team(["msk", "nsk"][to % 2].parse().unwrap()) } else { Grantee::User(user(USERS[*to])) };
                crm.run(Command::Share { client: id.clone(), with, shared: true }).unwrap();
            }
            if let Some(stage) = spec.stage {
                let stages = ["lead_received", "answered", "need_identified", "offer_sent", "follow_up_done", "invoice_sent", "contract_signed", "paid"];
                crm.run(Command::MoveStage { client: id.clone(), pipeline: "sales".parse().unwrap(), to: CardPosition::Stage { stage: stages[stage].parse().unwrap() }, amount: None, at: None }).unwrap();
            }
            if let Some(score) = spec.touch {
                let nps = Some(NpsScore::try_from(score).unwrap());
                crm.run(Command::LogTouch { touch: NewTouch::new(id.clone(), Channel::Meeting), result: None, outcome: None, nps }).unwrap();
            }
            if let Some(other) = spec.link_to.and_then(|n| ids.get(n % ids.len().max(1)).cloned()) {
                crm.run(Command::Link { from: other, to: id.clone(), kind: RelationKind::Subsidiary, position: None, since: None }).ok();
            }
            ids.push(id);
        }
        let state = crm.engine.state().clone();
        let now = at(10_000);
        for who in USERS.iter().copied().chain(["ghost"]) {
            let view = View::of(&state, &user(who));
            let visible: Vec<&ClientId> = state.clients().filter(|c| may_see(&state, who, c)).map(|c| &c.id).collect();
            let listed: Vec<&ClientId> = view.clients().map(|c| &c.id).collect();
            prop_assert_eq!(&listed, &visible, "{} lists exactly what they may see", who);
            for id in &ids {
                let allowed = visible.contains(&id);
                prop_assert_eq!(view.client(id).is_ok(), allowed);
                prop_assert_eq!(view.history_clients(id).is_ok(), allowed);
                prop_assert_eq!(view.touches(id).is_ok(), allowed);
                prop_assert_eq!(view.cards(id).is_ok(), allowed);
                prop_assert_eq!(view.pressure(id, now).is_ok(), allowed);
                if allowed {
                    for link in view.relationships(id).unwrap() {
                        prop_assert!(visible.contains(&&link.from) && visible.contains(&&link.to));
                    }
                    for member in view.group(id).unwrap() {
                        prop_assert!(visible.contains(&&member.id));
                    }
                }
            }
            let hits = view.search(&mut SearchIndex::default(), "клиент", 100, &SearchFilter::default());
            let mut found: Vec<&ClientId> = hits.iter().map(|h| &h.client).collect();
            found.sort();
            let mut expected = visible.clone();
            expected.sort();
            prop_assert_eq!(found, expected, "{} finds exactly the clients they may see", who);
            for item in view.agenda(&AgendaQuery { owner: None, now, days_ahead: 30 }) {
                prop_assert!(visible.contains(&&item.client), "{} sees an agenda item of {}", who, item.client);
            }
            // Non-interference: disturbing a client out of sight changes none of the answers.
            let before = answers(&state, who, now);
            for id in ids.iter().filter(|id| !visible.contains(id)).take(3) {
                let disturbed = disturb(&state, id, now);
                prop_assert_eq!(&answers(&disturbed, who, now), &before, "{} noticed a change to {}", who, id);
            }
            // …while the same disturbance of a visible client is noticed (the check can fail).
            if let Some(id) = visible.first() {
                prop_assert_ne!(answers(&disturb(&state, id, now), who, now), before);
            }
        }
    }
}
