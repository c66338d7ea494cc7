//! NPS and touch-activity reports with fixed clocks.

use crate::everyone;
use chrono::{DateTime, Duration, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::command::NewTouch;
use ripen_core::reports::{activity, nps, NpsGroupBy};
use ripen_core::touch::{Direction, NpsScore, Origin, Outcome, Plan};
use ripen_core::values::Channel;
use ripen_core::{ClientId, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId, TouchId};

fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap() // 11:00 in Moscow
}

struct World(Engine<MemoryStore>);

impl World {
    fn new() -> Self {
        Self(block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(21), "anna".parse().unwrap())).unwrap())
    }

    fn client(&self, owner: &str) -> ClientId {
        let mut new = NewClient::named(ClientKind::Person, "Клиент".parse().unwrap());
        new.owner = Some(owner.parse().unwrap());
        block_on(self.0.execute(Command::AddClient(new), monday())).unwrap()[0].payload.clients()[0].clone()
    }

    fn touch(client: &ClientId, channel: Channel, at: DateTime<Utc>) -> NewTouch {
        NewTouch {
            direction: Direction::Inbound, // exempt: these tests are about reports, not the policy
            origin: Origin::Service,
            at: Some(at),
            ..NewTouch::new(client.clone(), channel)
        }
    }

    fn answer(&self, client: &ClientId, score: u8, at: DateTime<Utc>) {
        let command = Command::LogTouch {
            touch: Self::touch(client, Channel::Call, at),
            result: None,
            outcome: None,
            nps: Some(NpsScore::try_from(score).unwrap()),
        };
        block_on(self.0.execute(command, at)).unwrap();
    }

    fn plan(&self, client: &ClientId, at: DateTime<Utc>) -> TouchId {
        let plan = Plan::parse("send_offer", "a", "r").unwrap();
        let events = block_on(
            self.0.execute(Command::PlanTouch { touch: Self::touch(client, Channel::Call, at), plan }, monday()),
        )
        .unwrap();
        let ripen_core::EventPayload::TouchRecorded { touch } = &events[0].payload else { panic!() };
        touch.id.clone()
    }
}

#[test]
fn nps_is_promoters_minus_detractors_per_period_and_owner() {
    let world = World::new();
    let anna = world.client("anna");
    let boris = world.client("boris");
    // (whose client, score): 5 promoters, 3 passives, 2 detractors → 50 % − 20 % = 30.
    let answers = [
        (&anna, 9),
        (&anna, 10),
        (&anna, 9),
        (&boris, 10),
        (&boris, 9),
        (&anna, 7),
        (&boris, 8),
        (&boris, 7),
        (&anna, 3),
        (&boris, 6),
    ];
    for (i, (client, score)) in answers.iter().enumerate() {
        world.answer(client, *score, monday() + Duration::hours(i as i64));
    }
    world.answer(&anna, 0, monday() + Duration::days(40)); // outside the period
    let state = world.0.state();
    let report = nps(&state, monday(), monday() + Duration::days(7), Some(NpsGroupBy::Owner), &everyone());
    assert_eq!(
        (report.overall.answers, report.overall.promoters, report.overall.passives, report.overall.detractors),
        (10, 5, 3, 2)
    );
    assert_eq!(report.overall.score, Some(30.0));
    assert_eq!(report.groups["anna"].score, Some(40.0), "3 promoters, 1 detractor of 5");
    assert_eq!(report.groups["boris"].score, Some(20.0), "2 promoters, 1 detractor of 5");
    let empty = nps(&state, monday() - Duration::days(30), monday(), None, &everyone());
    assert_eq!((empty.overall.answers, empty.overall.score), (0, None));
    assert!(NpsScore::try_from(11).is_err());
}

#[test]
fn activity_counts_planned_and_done_and_how_often_it_went_as_planned() {
    let world = World::new();
    let client = world.client("anna");
    let [a, b, c] = [0, 1, 2].map(|i| world.plan(&client, monday() + Duration::hours(i)));
    let done = |touch: TouchId, outcome| Command::CompleteTouch {
        touch,
        result: None,
        outcome,
        at: Some(monday() + Duration::hours(3)),
        nps: None,
    };
    block_on(world.0.execute(done(a, Outcome::Success), monday() + Duration::hours(4))).unwrap();
    block_on(world.0.execute(done(b, Outcome::Refused), monday() + Duration::hours(4))).unwrap();
    block_on(world.0.execute(Command::MissTouch { touch: c }, monday() + Duration::hours(4))).unwrap();
    world.plan(&client, monday() + Duration::hours(5));
    let logged = Command::LogTouch {
        touch: World::touch(&client, Channel::Email, monday()),
        result: None,
        outcome: None,
        nps: None,
    };
    block_on(world.0.execute(logged, monday() + Duration::hours(4))).unwrap();

    let state = world.0.state();
    assert!(state.touches.all().any(|t| matches!(t.status, ripen_core::touch_book::Progress::Missed)));
    let rows = activity(&state, monday(), monday() + Duration::days(1), Some(&"anna".parse().unwrap()), &everyone());
    let calls = rows.iter().find(|r| r.channel == "call").unwrap();
    assert_eq!(
        (calls.goal.as_str(), calls.planned, calls.pending, calls.done, calls.missed),
        ("send_offer", 4, 1, 2, 1)
    );
    assert_eq!(calls.as_planned, Some(0.5), "one of two done calls went as planned");
    let emails = rows.iter().find(|r| r.channel == "email").unwrap();
    assert_eq!((emails.done, emails.as_planned), (1, None), "a logged touch had no plan to match");
    assert!(activity(&state, monday(), monday() + Duration::days(1), Some(&"boris".parse().unwrap()), &everyone())
        .is_empty());
}

#[test]
fn plans_compare_fact_to_target_with_a_forecast_at_the_current_pace() {
    use ripen_core::people::Role;
    use ripen_core::pipeline::CardPosition;
    use ripen_core::plans::{progress, PlanMetric, PlanOwner, SalesPlan};
    let world = World::new();
    let at = |day: u32| Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap();
    let run = |command: Command, when| block_on(world.0.execute(command, when));
    run(Command::SaveTeam { team: "nsk".parse().unwrap(), name: "Новосибирск".into() }, at(1)).unwrap();
    for user in ["anna", "boris"] {
        let profile = ripen_core::people::UserProfile::new(user, Role::Manager, Some("nsk".parse().unwrap()));
        run(Command::SaveUser { user: user.parse().unwrap(), profile }, at(1)).unwrap();
    }
    let march = |metric, owner, target| SalesPlan {
        owner,
        metric,
        target,
        from: "2026-03-01".parse().unwrap(),
        to: "2026-04-01".parse().unwrap(),
    };
    run(Command::SavePlan { plan: march(PlanMetric::Deals, PlanOwner::Team("nsk".parse().unwrap()), 4) }, at(1))
        .unwrap();
    run(Command::SavePlan { plan: march(PlanMetric::Touches, PlanOwner::User("anna".parse().unwrap()), 10) }, at(1))
        .unwrap();
    run(
        Command::SavePlan { plan: march(PlanMetric::Amount, PlanOwner::User("anna".parse().unwrap()), 1_000_000) },
        at(1),
    )
    .unwrap();
    for (owner, day, amount) in [("anna", 3, 300_000), ("anna", 8, 450_000), ("boris", 12, 90_000)] {
        let client = world.client(owner);
        let to = CardPosition::Stage { stage: "paid".parse().unwrap() };
        run(
            Command::MoveStage { client, pipeline: "sales".parse().unwrap(), to, amount: Some(amount), at: None },
            at(day),
        )
        .unwrap();
    }
    let client = world.client("anna");
    for day in [2, 3] {
        let touch = World::touch(&client, Channel::Email, at(day));
        run(Command::LogTouch { touch, result: None, outcome: None, nps: None }, at(day)).unwrap();
    }

    let mid_march = Utc.with_ymd_and_hms(2026, 3, 16, 0, 0, 0).unwrap();
    let state = world.0.state();
    let report = progress(&state, mid_march, &everyone());
    let deals = report.iter().find(|p| p.plan.metric == PlanMetric::Deals).unwrap();
    assert_eq!((deals.fact, deals.share), (3, 0.75));
    assert!((deals.forecast.unwrap() - 3.0 * 31.0 / 15.0).abs() < 1e-9, "{:?}", deals.forecast);
    let touches = report.iter().find(|p| p.plan.metric == PlanMetric::Touches).unwrap();
    assert_eq!((touches.fact, touches.share), (2, 0.2));
    let amount = report.iter().find(|p| p.plan.metric == PlanMetric::Amount).unwrap();
    assert_eq!((amount.fact, amount.share), (750_000, 0.75), "anna's two deals");
    drop(state);

    // Correcting a deal's amount replaces it; it is still one deal.
    let corrected = world.client("anna");
    for amount in [100_000, 120_000] {
        let to = CardPosition::Stage { stage: "paid".parse().unwrap() };
        run(
            Command::MoveStage {
                client: corrected.clone(),
                pipeline: "sales".parse().unwrap(),
                to,
                amount: Some(amount),
                at: None,
            },
            at(14),
        )
        .unwrap();
    }
    let state = world.0.state();
    let report = progress(&state, mid_march, &everyone());
    let amount = report.iter().find(|p| p.plan.metric == PlanMetric::Amount).unwrap();
    assert_eq!(amount.fact, 870_000, "750,000 + the corrected 120,000");
    let deals = report.iter().find(|p| p.plan.metric == PlanMetric::Deals).unwrap();
    assert_eq!(deals.fact, 4, "three earlier deals and the corrected one, once");
    drop(state);

    let mut backwards = march(PlanMetric::Deals, PlanOwner::User("anna".parse().unwrap()), 1);
    backwards.to = "2026-02-01".parse().unwrap();
    assert_eq!(
        run(Command::SavePlan { plan: backwards }, at(1)).unwrap_err().kind(),
        ripen_core::ErrorKind::Validation
    );
    let nobody = march(PlanMetric::Deals, PlanOwner::User("nobody".parse().unwrap()), 1);
    assert_eq!(run(Command::SavePlan { plan: nobody }, at(1)).unwrap_err().kind(), ripen_core::ErrorKind::NotFound);

    // A plan is removed by its id, as `plans()` lists it; an id no plan has is not found.
    let listed: Vec<String> = progress(&world.0.state(), mid_march, &everyone()).into_iter().map(|p| p.id).collect();
    assert_eq!(listed.len(), 3);
    for (id, outcome, left) in [
        ("deals/2026-03-01/2026-04-01/team:nsk", Ok(()), 2),
        ("deals/2026-03-01/2026-04-01/team:nsk", Err(ripen_core::ErrorKind::NotFound), 2),
        ("deals/2026-03-01/2026-04-01/user:anna", Err(ripen_core::ErrorKind::NotFound), 2),
        ("amount/2026-03-01/2026-04-01/user:anna", Ok(()), 1),
    ] {
        let removed = run(Command::RemovePlan { plan: id.into() }, at(20)).map(drop).map_err(|e| e.kind());
        assert_eq!(removed, outcome, "{id}");
        assert_eq!(progress(&world.0.state(), mid_march, &everyone()).len(), left, "{id}");
    }
}
