//! The rep's agenda with a fixed clock: what is on it, why, and in which order.

use crate::everyone;
use chrono::{DateTime, Duration, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::agenda::{agenda, AgendaKind, AgendaQuery};
use ripen_core::command::NewTouch;
use ripen_core::people::Role;
use ripen_core::pipeline::CardPosition;
use ripen_core::touch::{Direction, Origin, Plan};
use ripen_core::values::{Channel, ImportantDate, Meetup};
use ripen_core::{ClientId, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId};

/// Tuesday 3 March 2026, 10:00 in Moscow.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 3, 7, 0, 0).unwrap()
}

struct World(Engine<MemoryStore>);

impl World {
    fn at(&self, when: DateTime<Utc>, command: Command) {
        block_on(self.0.execute(command, when)).unwrap();
    }

    fn client(&self, name: &str, edit: impl FnOnce(&mut NewClient)) -> ClientId {
        let mut new = NewClient::named(ClientKind::Company, name.parse().unwrap());
        new.fields.time_zone = "Europe/Moscow".parse().ok();
        edit(&mut new);
        let events = block_on(self.0.execute(Command::AddClient(new), now() - Duration::days(30))).unwrap();
        events[0].payload.clients()[0].clone()
    }

    fn plan(&self, client: &ClientId, goal: &str, at: DateTime<Utc>) {
        let touch = NewTouch {
            direction: Direction::Outbound,
            origin: Origin::Sales,
            at: Some(at),
            override_reason: Some("test".into()),
            ..NewTouch::new(client.clone(), Channel::Meeting)
        };
        self.at(
            now() - Duration::days(20),
            Command::PlanTouch { touch, plan: Plan::parse(goal, "approach", "result").unwrap() },
        );
    }

    fn card(&self, client: &ClientId, pipeline: &str, stage: &str, days_ago: i64) {
        self.card_at(client, pipeline, stage, Duration::days(days_ago));
    }

    fn card_at(&self, client: &ClientId, pipeline: &str, stage: &str, ago: Duration) {
        let to = CardPosition::Stage { stage: stage.parse().unwrap() };
        self.at(
            now() - ago,
            Command::MoveStage {
                client: client.clone(),
                pipeline: pipeline.parse().unwrap(),
                to,
                amount: None,
                at: None,
            },
        );
    }
}

#[test]
fn a_reps_day_lists_what_needs_doing_most_urgent_first() {
    let world =
        World(block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(4), "anna".parse().unwrap())).unwrap());
    let profile = ripen_core::people::UserProfile::new("Борис", Role::Manager, None);
    world.at(now() - Duration::days(40), Command::SaveUser { user: "boris".parse().unwrap(), profile });

    let overdue = world.client("Просрочено", |_| {});
    world.plan(&overdue, "offer_follow_up", now() - Duration::hours(20));
    let today = world.client("Сегодня", |_| {});
    world.plan(&today, "schedule_meeting", now() + Duration::hours(6));
    let silent = world.client("Затихший", |_| {});
    world.card(&silent, "sales", "need_identified", 10);
    let waiting = world.client("Ждём ответа", |_| {});
    world.card(&waiting, "sales", "offer_sent", 7);
    world.plan(&waiting, "offer_follow_up", now() + Duration::days(2));
    let bought = world.client("Купил", |_| {});
    world.card(&bought, "sales", "paid", 10);
    let maturing = world.client("Созревает", |_| {});
    world.card(&maturing, "maturation", "considering", 1);
    let birthday = world.client("Именинник", |new| {
        new.fields.dates = vec![ImportantDate::parse("birthday", Some("директор"), 3, 8, None).unwrap()];
        new.fields.meetups = vec![Meetup::parse("Иннопром", None, "2026-07-07".parse().unwrap(), None).unwrap()];
    });
    let borises = world.client("Чужой", |new| new.owner = Some("boris".parse().unwrap()));
    world.plan(&borises, "send_offer", now() - Duration::hours(5));

    let state = world.0.state();
    let items =
        agenda(&state, &AgendaQuery { owner: Some("anna".parse().unwrap()), now: now(), days_ahead: 14 }, &everyone());
    let got: Vec<(AgendaKind, &ClientId)> = items.iter().map(|i| (i.kind, &i.client)).collect();
    // (why, whom) in the order a rep should work through them
    let expected: Vec<(AgendaKind, &ClientId)> = vec![
        (AgendaKind::Overdue, &overdue),
        (AgendaKind::Today, &today),
        (AgendaKind::Rotting, &silent),
        (AgendaKind::NoNextStep, &silent),
        (AgendaKind::NoNextStep, &maturing),
        (AgendaKind::AfterSale, &bought),
        (AgendaKind::Date, &birthday),
    ];
    assert_eq!(got, expected, "{items:#?}");
    let rotting = &items[2];
    assert!(rotting.why.contains("10 days"), "{}", rotting.why);
    let considering = items.iter().find(|i| i.client == maturing).unwrap();
    assert!(considering.suggestions.iter().any(|s| s.contains("case study")), "stage stimuli come with the card");
    assert!(items[6].why.contains("директор in 5 days"), "{}", items[6].why);

    let all_items = agenda(&state, &AgendaQuery { owner: None, now: now(), days_ahead: 14 }, &everyone());
    assert!(all_items.iter().any(|i| i.client == borises), "without an owner, everyone's agenda");
}

#[test]
fn waiting_stages_rot_at_half_the_pace_and_stimuli_are_editable() {
    let world =
        World(block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(6), "anna".parse().unwrap())).unwrap());
    // (stage with its rot threshold, time since the move, rotting?)
    let hours = Duration::hours;
    let cases = [
        ("need_identified", hours(3 * 24), false), // rot 3 days: exactly 3 days is not yet
        ("need_identified", hours(3 * 24 + 1), true),
        ("offer_sent", hours(9 * 24), false), // waiting, rot 5: allowed 10 days
        ("offer_sent", hours(10 * 24 + 1), true),
    ];
    for (stage, ago, rotting) in cases {
        let client = world.client(stage, |_| {});
        world.card_at(&client, "sales", stage, ago);
        let state = world.0.state();
        let items = agenda(&state, &AgendaQuery { owner: None, now: now(), days_ahead: 0 }, &everyone());
        let found = items.iter().any(|i| i.client == client && i.kind == AgendaKind::Rotting);
        assert_eq!(found, rotting, "{stage} after {ago}");
    }
    world.at(
        now(),
        Command::SaveStimuli {
            pipeline: "sales".parse().unwrap(),
            stage: "offer_sent".parse().unwrap(),
            actions: vec!["Call to ask about the offer".into()],
        },
    );
    let state = world.0.state();
    let offer = state.stimuli.for_stage(&"sales".parse().unwrap(), &"offer_sent".parse().unwrap());
    assert_eq!(offer, ["Call to ask about the offer"]);
}

#[test]
fn after_a_sale_the_nps_and_the_next_offer_are_asked_for_independently() {
    let world =
        World(block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(8), "anna".parse().unwrap())).unwrap());
    let client = world.client("Купил давно", |_| {});
    world.card(&client, "sales", "paid", 100);
    let state = world.0.state();
    let items = agenda(&state, &AgendaQuery { owner: None, now: now(), days_ahead: 0 }, &everyone());
    let todos: Vec<&str> = items.iter().filter(|i| i.kind == AgendaKind::AfterSale).map(|i| i.todo.as_str()).collect();
    assert_eq!(todos.len(), 2, "{todos:?}");
    assert!(todos.iter().any(|t| t.contains("NPS")) && todos.iter().any(|t| t.contains("next purchase")));
}
