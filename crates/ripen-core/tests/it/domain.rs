//! Touches, pipelines, relationships and people through the engine: table-driven cases
//! for planned-vs-done touches, holding groups, and pipeline edits that keep history.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::command::NewTouch;
use ripen_core::people::Role;
use ripen_core::pipeline::{CardPosition, Stage, StageKind};
use ripen_core::relationship::RelationKind;
use ripen_core::touch::{Outcome, Plan, TouchStatus};
use ripen_core::touch_book::Progress;
use ripen_core::values::Channel;
use ripen_core::{
    ClientId, ClientKind, Command, Engine, Error, ErrorKind, Event, MemoryStore, NewClient, PipelineId, ReplicaId,
    StageId, TouchId,
};

struct World {
    engine: Engine<MemoryStore>,
    tick: i64,
}

impl World {
    fn new() -> Self {
        let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(5), "anna".parse().unwrap()));
        Self { engine: engine.unwrap(), tick: 0 }
    }

    fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(1_760_000_000_000 + self.tick).unwrap()
    }

    fn run(&mut self, command: Command) -> Result<Vec<Event>, Error> {
        self.tick += 3_600_000;
        block_on(self.engine.execute(command, self.now()))
    }

    fn add(&mut self, name: &str, kind: ClientKind) -> ClientId {
        let events = self.run(Command::AddClient(NewClient::named(kind, name.parse().unwrap()))).unwrap();
        events[0].payload.clients()[0].clone()
    }

    fn link(&mut self, from: &ClientId, to: &ClientId, kind: RelationKind) -> Result<Vec<Event>, Error> {
        self.run(Command::Link { from: from.clone(), to: to.clone(), kind, position: None, since: None })
    }
}

fn touch(client: &ClientId) -> NewTouch {
    NewTouch::new(client.clone(), Channel::Call)
}

fn plan() -> Plan {
    Plan::parse("send_offer", "new plant needs financing", "meeting booked").unwrap()
}

fn sales() -> PipelineId {
    "sales".parse().unwrap()
}

fn stage(id: &str) -> CardPosition {
    CardPosition::Stage { stage: id.parse().unwrap() }
}

#[test]
fn a_holding_with_plants_in_several_cities_is_one_group() {
    let mut world = World::new();
    let motors = world.add("ОАО «Моторы» (Москва)", ClientKind::Company);
    let plants: Vec<ClientId> = ["Новосибирск", "Челябинск", "Омск"]
        .iter()
        .map(|city| world.add(&format!("Завод «Моторы», {city}"), ClientKind::Company))
        .collect();
    for plant in &plants {
        world.link(&motors, plant, RelationKind::Branch).unwrap();
    }
    let subsidiary = world.add("ООО «Моторы-Сервис»", ClientKind::Company);
    world.link(&plants[0], &subsidiary, RelationKind::Subsidiary).unwrap();
    let director = world.add("Иван Петров", ClientKind::Person);
    world
        .run(Command::Link {
            from: plants[0].clone(),
            to: director.clone(),
            kind: RelationKind::Employee,
            position: Some("директор завода".into()),
            since: None,
        })
        .unwrap();

    let state = world.engine.state();
    for member in [&motors, &plants[2], &subsidiary] {
        let group = state.relationships.group(member);
        assert_eq!(group.len(), 5, "the whole holding, seen from {member}");
        assert!(!group.contains(&director), "people are not part of the group of companies");
    }
    drop(state);

    // (from, to, kind, refused because)
    let refusals: Vec<(&ClientId, &ClientId, RelationKind, &str)> = vec![
        (&subsidiary, &motors, RelationKind::Subsidiary, "loop"),
        (&motors, &motors, RelationKind::Partner, "itself"),
        (&motors, &director, RelationKind::Branch, "two companies"),
        (&director, &motors, RelationKind::Employee, "a person working at a company"),
    ];
    for (from, to, kind, reason) in refusals {
        let error = world.link(from, to, kind).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Validation, "{kind}");
        assert!(error.to_string().contains(reason), "{kind}: {error}");
    }
    assert!(world.link(&motors, &plants[1], RelationKind::Branch).unwrap().is_empty(), "a repeated link is a no-op");
}

#[test]
fn an_employee_leaving_is_an_event_and_the_relationship_stays_on_record() {
    let mut world = World::new();
    let company = world.add("ООО «Ромашка»", ClientKind::Company);
    let person = world.add("Анна Петрова", ClientKind::Person);
    let linked = world
        .run(Command::Link {
            from: company.clone(),
            to: person.clone(),
            kind: RelationKind::Employee,
            position: Some("главбух".into()),
            since: Some(NaiveDate::from_ymd_opt(2020, 1, 15).unwrap()),
        })
        .unwrap();
    let id = world.engine.state().relationships.of_client(&person).next().unwrap().id.clone();
    let too_early =
        world.run(Command::EndLink { relationship: id.clone(), on: NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() });
    assert_eq!(too_early.unwrap_err().kind(), ErrorKind::Validation, "dates in the wrong order");
    world.run(Command::EndLink { relationship: id.clone(), on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() }).unwrap();
    let state = world.engine.state();
    let relationship = state.relationships.get(&id).unwrap();
    assert_eq!(relationship.ended, NaiveDate::from_ymd_opt(2026, 3, 1));
    drop(state);
    let history: Vec<&str> =
        block_on(world.engine.history(&person)).unwrap().iter().map(|e| e.payload.type_name()).collect();
    assert_eq!(history, ["link_ended", "linked", "client_added"]);
    let company_history = block_on(world.engine.history(&company)).unwrap();
    assert!(company_history.iter().any(|e| e.id == linked[0].id), "both sides share the history");
}

#[test]
fn planned_touches_become_done_missed_or_cancelled_once() {
    // (what happens to a planned touch, its status name afterwards)
    type Settle = Box<dyn Fn(TouchId) -> Command>;
    let cases: Vec<(Settle, &str)> = vec![
        (
            Box::new(|touch| Command::CompleteTouch {
                touch,
                result: Some("meeting booked for Friday".into()),
                outcome: Outcome::Success,
                at: None,
                nps: None,
            }),
            "done",
        ),
        (Box::new(|touch| Command::MissTouch { touch }), "missed"),
        (
            Box::new(|touch| Command::CancelTouch { touch, reason: Some("client asked to call next month".into()) }),
            "cancelled",
        ),
    ];
    for (settle, status) in cases {
        let mut world = World::new();
        let client = world.add("ООО «Ромашка»", ClientKind::Company);
        let planned = world.run(Command::PlanTouch { touch: touch(&client), plan: plan() }).unwrap();
        let ripen_core::EventPayload::TouchRecorded { touch: recorded } = &planned[0].payload else { panic!() };
        assert_eq!(recorded.status, TouchStatus::Planned);
        world.run(settle(recorded.id.clone())).unwrap();
        let settled = block_on(world.engine.touch(&recorded.id)).unwrap();
        assert_eq!(settled.status.name(), status);
        assert_eq!(
            settled.plan.as_ref().unwrap().planned_result,
            "meeting booked",
            "the plan stays next to the result"
        );
        let again = world.run(Command::MissTouch { touch: recorded.id.clone() }).unwrap_err();
        assert_eq!(again.kind(), ErrorKind::Conflict, "a settled touch cannot be settled again");
    }
}

#[test]
fn a_logged_touch_is_done_at_once_and_unknown_touches_are_not_found() {
    let mut world = World::new();
    let client = world.add("ООО «Ромашка»", ClientKind::Company);
    let mut inbound = touch(&client);
    inbound.direction = ripen_core::touch::Direction::Inbound;
    inbound.channel = Channel::Email;
    inbound.summary = Some("Wants to extend the credit line".into());
    world.run(Command::LogTouch { touch: inbound, result: None, outcome: None, nps: None }).unwrap();
    let state = world.engine.state();
    let logged: Vec<_> = state.touches.of_client(&client).collect();
    assert_eq!(logged.len(), 1);
    assert!(matches!(logged[0].status, Progress::Done { outcome: Outcome::Success, .. }));
    drop(state);
    let missing = world.run(Command::MissTouch { touch: "t-none".parse().unwrap() }).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[test]
fn a_move_recorded_later_is_dated_when_it_happened() {
    let mut world = World::new();
    let client = world.add("ООО «Ромашка»", ClientKind::Company);
    let start = world.now();
    let hours = |h: i64, minutes: i64| start + chrono::Duration::hours(h) + chrono::Duration::minutes(minutes);
    // Each run is an hour after the one before: the n-th move below is recorded at n hours
    // past `start`. Each move, the time it names, and when the card then stands since (or
    // why the move is refused).
    type Since = Result<DateTime<Utc>, ErrorKind>;
    let cases: [(&str, Option<DateTime<Utc>>, Since); 6] = [
        ("lead_received", Some(hours(-30, 0)), Ok(hours(-30, 0))),
        ("need_identified", None, Ok(hours(2, 0))),
        // Before the card's last move: the funnel would count time backwards.
        ("offer_sent", Some(hours(-40, 0)), Err(ErrorKind::Validation)),
        // In the future, beyond a clock's few minutes of skew.
        ("offer_sent", Some(hours(4, 6)), Err(ErrorKind::Validation)),
        ("offer_sent", Some(hours(5, 4)), Ok(hours(5, 4))),
        ("paid", Some(hours(5, 4)), Ok(hours(5, 4))),
    ];
    for (to, at, expected) in cases {
        let moved = world.run(Command::MoveStage {
            client: client.clone(),
            pipeline: sales(),
            to: stage(to),
            amount: None,
            at,
        });
        match expected {
            Ok(since) => {
                moved.unwrap();
                let state = world.engine.state();
                assert_eq!(state.pipelines.card(&client, &sales()).unwrap().since, since, "{to}");
                assert_eq!(state.moves.all().last().unwrap().at, since, "{to}: the funnel's time");
            }
            Err(kind) => assert_eq!(moved.unwrap_err().kind(), kind, "{to} at {at:?}"),
        }
    }
    // A revert puts the card back when it is recorded, not when the undone move was dated.
    let last = world.engine.state().moves.all().last().unwrap().event;
    world.run(Command::Revert { event: last, force: false }).unwrap();
    assert_eq!(world.engine.state().pipelines.card(&client, &sales()).unwrap().since, world.now());
}

#[test]
fn pipeline_edits_keep_cards_and_history() {
    let mut world = World::new();
    let client = world.add("ООО «Ромашка»", ClientKind::Company);
    for to in ["lead_received", "need_identified", "offer_sent"] {
        world
            .run(Command::MoveStage {
                client: client.clone(),
                pipeline: sales(),
                to: stage(to),
                amount: None,
                at: None,
            })
            .unwrap();
    }
    // Rename, re-time and retire a stage; add one; reorder — the card stays where it is.
    let mut offer =
        world.engine.state().pipelines.get(&sales()).unwrap().stage(&"offer_sent".parse().unwrap()).unwrap().clone();
    offer.name = "Коммерческое предложение отправлено".into();
    offer.rot_days = Some(3);
    world.run(Command::ChangeStage { pipeline: sales(), stage: offer.clone() }).unwrap();
    let demo = Stage::parse("demo", "Демонстрация", "active", Some(4), Some(70)).unwrap();
    world.run(Command::AddStage { pipeline: sales(), stage: demo, position: Some(3) }).unwrap();
    let mut answered = world.engine.state().pipelines.get(&sales()).unwrap().stages[1].clone();
    answered.retired = true;
    world.run(Command::ChangeStage { pipeline: sales(), stage: answered }).unwrap();

    let state = world.engine.state();
    let pipeline = state.pipelines.get(&sales()).unwrap();
    assert_eq!(pipeline.stages[3].id.as_str(), "demo");
    assert_eq!(pipeline.stage(&"offer_sent".parse().unwrap()).unwrap().name, "Коммерческое предложение отправлено");
    assert_eq!(state.pipelines.card(&client, &sales()).unwrap().position, stage("offer_sent"));
    drop(state);
    let history = block_on(world.engine.history(&client)).unwrap();
    let moves = history.iter().filter(|e| e.payload.type_name() == "stage_moved").count();
    assert_eq!(moves, 3, "every move is in the client's history");

    // (a bad edit, why)
    let refusals: Vec<(Command, ErrorKind)> = vec![
        (
            Command::MoveStage {
                client: client.clone(),
                pipeline: sales(),
                to: stage("answered"),
                amount: None,
                at: None,
            },
            ErrorKind::Validation,
        ),
        (
            Command::MoveStage {
                client: client.clone(),
                pipeline: sales(),
                to: stage("nowhere"),
                amount: None,
                at: None,
            },
            ErrorKind::NotFound,
        ),
        (
            Command::MoveStage {
                client: client.clone(),
                pipeline: "nope".parse().unwrap(),
                to: stage("paid"),
                amount: None,
                at: None,
            },
            ErrorKind::NotFound,
        ),
        (
            Command::ReorderStages { pipeline: sales(), order: vec!["paid".parse::<StageId>().unwrap()] },
            ErrorKind::Validation,
        ),
        (
            Command::AddStage {
                pipeline: sales(),
                stage: Stage::parse("paid", "Again", "active", None, None).unwrap(),
                position: None,
            },
            ErrorKind::Validation,
        ),
    ];
    for (command, kind) in refusals {
        let described = format!("{command:?}");
        assert_eq!(world.run(command).unwrap_err().kind(), kind, "{described}");
    }

    // Lost, with a reason; then back: moving backwards is allowed.
    world
        .run(Command::MoveStage {
            client: client.clone(),
            pipeline: sales(),
            to: CardPosition::Lost { reason: "нет бюджета".into() },
            amount: None,
            at: None,
        })
        .unwrap();
    world
        .run(Command::MoveStage {
            client: client.clone(),
            pipeline: sales(),
            to: stage("lead_received"),
            amount: None,
            at: None,
        })
        .unwrap();
    assert_eq!(world.engine.state().pipelines.cards_of(&client).len(), 1);
    assert_eq!(offer.kind, StageKind::Waiting);
}

#[test]
fn a_hand_off_goes_to_a_known_user_and_is_in_the_history() {
    let mut world = World::new();
    let client = world.add("ООО «Ромашка»", ClientKind::Company);
    assert_eq!(world.engine.state().client(&client).unwrap().owner.as_ref().unwrap().as_str(), "anna");
    let boris: ripen_core::UserId = "boris".parse().unwrap();
    let unknown = world.run(Command::HandOff { client: client.clone(), to: Some(boris.clone()), reason: None });
    assert_eq!(unknown.unwrap_err().kind(), ErrorKind::NotFound);
    world.run(Command::SaveTeam { team: "novosibirsk".parse().unwrap(), name: "Новосибирск".into() }).unwrap();
    let profile = ripen_core::people::UserProfile::new("Борис", Role::Manager, Some("novosibirsk".parse().unwrap()));
    world.run(Command::SaveUser { user: boris.clone(), profile }).unwrap();
    world
        .run(Command::HandOff {
            client: client.clone(),
            to: Some(boris.clone()),
            reason: Some("qualified lead → specialist".into()),
        })
        .unwrap();
    let state = world.engine.state();
    assert_eq!(state.client(&client).unwrap().owner.as_ref(), Some(&boris));
    drop(state);
    assert_eq!(block_on(world.engine.history(&client)).unwrap()[0].payload.type_name(), "owner_changed");
}

#[test]
fn reverts_that_would_break_a_rule_are_refused_and_empty_reverts_stay_visible() {
    let mut world = World::new();
    let client = world.add("ООО «Ромашка»", ClientKind::Company);

    // A card cannot be moved back onto a stage retired since.
    world
        .run(Command::MoveStage {
            client: client.clone(),
            pipeline: sales(),
            to: stage("answered"),
            amount: None,
            at: None,
        })
        .unwrap();
    let moved = world
        .run(Command::MoveStage {
            client: client.clone(),
            pipeline: sales(),
            to: stage("paid"),
            amount: None,
            at: None,
        })
        .unwrap();
    let mut answered = world.engine.state().pipelines.get(&sales()).unwrap().stages[1].clone();
    answered.retired = true;
    world.run(Command::ChangeStage { pipeline: sales(), stage: answered }).unwrap();
    let error = world.run(Command::Revert { event: moved[0].id.clone(), force: true }).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");

    // A revert cannot leave a profile that prefers an inconvenient channel.
    use ripen_core::FieldValue;
    world
        .run(Command::UpdateClient {
            client: client.clone(),
            values: vec![FieldValue::InconvenientChannels([Channel::Call].into())],
        })
        .unwrap();
    let cleared = world
        .run(Command::UpdateClient {
            client: client.clone(),
            values: vec![FieldValue::InconvenientChannels(Default::default())],
        })
        .unwrap();
    world
        .run(Command::UpdateClient {
            client: client.clone(),
            values: vec![FieldValue::PreferredChannel(Some(Channel::Call))],
        })
        .unwrap();
    let error = world.run(Command::Revert { event: cleared[0].id.clone(), force: false }).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");

    // A person cannot become a company while employed.
    let person = world.add("Анна", ClientKind::Person);
    world
        .run(Command::Link {
            from: client.clone(),
            to: person.clone(),
            kind: RelationKind::Employee,
            position: None,
            since: None,
        })
        .unwrap();
    let error = world
        .run(Command::UpdateClient { client: person, values: vec![FieldValue::Kind(ClientKind::Company)] })
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);

    // A forced revert with nothing left to change is still in the history; reverting it
    // clears the mark.
    let tagged = world
        .run(Command::UpdateClient {
            client: client.clone(),
            values: vec![FieldValue::Tags(["vip".parse().unwrap()].into())],
        })
        .unwrap();
    world
        .run(Command::UpdateClient { client: client.clone(), values: vec![FieldValue::Tags(Default::default())] })
        .unwrap();
    let empty = world.run(Command::Revert { event: tagged[0].id.clone(), force: true }).unwrap();
    assert_eq!(block_on(world.engine.history(&client)).unwrap()[0].id, empty[0].id);
    world.run(Command::Revert { event: empty[0].id.clone(), force: false }).unwrap();
    assert!(world.engine.state().reverted_by(&tagged[0].id).is_none());

    // A logged touch cannot be in the future.
    let mut future = touch(&client);
    future.at = Some(world.now() + chrono::Duration::days(1));
    let error = world.run(Command::LogTouch { touch: future, result: None, outcome: None, nps: None }).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);
}
