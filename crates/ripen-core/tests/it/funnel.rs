//! Funnel analytics: the source texts' own examples come out exactly, skips and backward
//! moves count once, both cohorts, empty periods; and step counts never grow.

use crate::everyone;
use chrono::{DateTime, Duration, TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::funnel::{funnel, report, Cohort, FunnelFilter, FunnelQuery, GroupBy};
use ripen_core::pipeline::{CardPosition, Stage};
use ripen_core::{ClientId, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId};

fn march(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap()
}

fn query(pipeline: &str, cohort: Cohort) -> FunnelQuery {
    FunnelQuery {
        pipeline: pipeline.parse().unwrap(),
        from: march(1),
        to: march(31),
        cohort,
        by: None,
        filter: FunnelFilter::default(),
    }
}

struct World(Engine<MemoryStore>);

impl World {
    fn new() -> Self {
        Self(block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(11), "anna".parse().unwrap())).unwrap())
    }

    fn client(&self, i: usize) -> ClientId {
        self.client_with(i, |_| {})
    }

    fn client_with(&self, i: usize, edit: impl FnOnce(&mut NewClient)) -> ClientId {
        let mut new = NewClient::named(ClientKind::Company, format!("Лид {i}").parse().unwrap());
        edit(&mut new);
        block_on(self.0.execute(Command::AddClient(new), march(1))).unwrap()[0].payload.clients()[0].clone()
    }

    fn stage(&self, client: &ClientId, pipeline: &str, stage: &str, at: DateTime<Utc>) {
        let to = CardPosition::Stage { stage: stage.parse().unwrap() };
        block_on(self.0.execute(
            Command::MoveStage {
                client: client.clone(),
                pipeline: pipeline.parse().unwrap(),
                to,
                amount: None,
                at: None,
            },
            at,
        ))
        .unwrap();
    }

    fn lose(&self, client: &ClientId, pipeline: &str, reason: &str, at: DateTime<Utc>) {
        let to = CardPosition::Lost { reason: reason.into() };
        block_on(self.0.execute(
            Command::MoveStage {
                client: client.clone(),
                pipeline: pipeline.parse().unwrap(),
                to,
                amount: None,
                at: None,
            },
            at,
        ))
        .unwrap();
    }

    /// Cards reaching each stage: `reached[k]` of them get at least as far as stage k,
    /// each moved straight to its furthest stage (skipping the ones before).
    fn fill(&self, pipeline: &str, stages: &[&str], reached: &[u32]) {
        let mut n = 0;
        for (k, stage) in stages.iter().enumerate() {
            let stopping_here = reached[k] - reached.get(k + 1).copied().unwrap_or(0);
            for _ in 0..stopping_here {
                let client = self.client(n);
                self.stage(&client, pipeline, stages[0], march(2));
                self.stage(&client, pipeline, stage, march(3) + Duration::hours(k as i64));
                n += 1;
            }
        }
    }

    fn funnel(&self, pipeline: &str, cohort: Cohort) -> ripen_core::funnel::Funnel {
        funnel(&self.0.state(), &query(pipeline, cohort), &everyone()).unwrap()
    }
}

pub(crate) const SALES: [&str; 8] = [
    "lead_received",
    "answered",
    "need_identified",
    "offer_sent",
    "follow_up_done",
    "invoice_sent",
    "contract_signed",
    "paid",
];

fn percents(funnel: &ripen_core::funnel::Funnel) -> Vec<Option<u32>> {
    funnel.steps.iter().map(|s| s.conversion.map(|c| (c * 100.0).round() as u32)).collect()
}

#[test]
fn seed_003_sixty_leads_to_three_payments() {
    let world = World::new();
    world.fill("sales", &SALES, &[60, 50, 40, 30, 20, 10, 5, 3]);
    let f = world.funnel("sales", Cohort::Entered);
    assert_eq!(f.cards, 60);
    let reached: Vec<u32> = f.steps.iter().map(|s| s.reached).collect();
    assert_eq!(reached, [60, 50, 40, 30, 20, 10, 5, 3]);
    assert_eq!(percents(&f), [None, Some(83), Some(80), Some(75), Some(67), Some(50), Some(50), Some(60)]);
    // "Several bottlenecks at once": the five steps that each lose ten leads, worst
    // conversion first; then the smaller losses.
    let drops: Vec<(&str, u32)> = f.bottlenecks.iter().map(|b| (b.stage.as_str(), b.drop)).collect();
    assert_eq!(
        drops,
        [
            ("follow_up_done", 10),
            ("offer_sent", 10),
            ("need_identified", 10),
            ("answered", 10),
            ("lead_received", 10),
            ("invoice_sent", 5),
            ("contract_signed", 2)
        ]
    );
}

#[test]
fn seed_000_a_hundred_calls_to_one_contract() {
    let world = World::new();
    let stages = [
        ("calls", "Звонки"),
        ("offers", "КП"),
        ("meetings", "Встречи"),
        ("presentations", "Презентации"),
        ("contracts", "Контракты"),
    ];
    let stages_parsed = stages.iter().map(|(id, name)| Stage::parse(id, name, "active", None, None).unwrap()).collect();
    block_on(world.0.execute(
        Command::AddPipeline {
            id: "cold".parse().unwrap(), name: "Холодные звонки".into(), stages: stages_parsed
        },
        march(1),
    ))
    .unwrap();
    let ids: Vec<&str> = stages.iter().map(|(id, _)| *id).collect();
    world.fill("cold", &ids, &[100, 90, 15, 13, 1]);
    let f = world.funnel("cold", Cohort::Entered);
    assert_eq!(f.steps.iter().map(|s| s.reached).collect::<Vec<_>>(), [100, 90, 15, 13, 1]);
    let worst = &f.bottlenecks[0];
    assert_eq!(
        (worst.stage.as_str(), worst.next.as_str(), worst.drop),
        ("offers", "meetings", 75),
        "offers that lead to no meeting"
    );
}

#[test]
fn backward_moves_and_reentries_count_once_and_losses_keep_their_reasons() {
    let world = World::new();
    let a = world.client(1);
    for (stage, day) in [("lead_received", 2), ("offer_sent", 3), ("answered", 4), ("offer_sent", 5), ("answered", 6)] {
        world.stage(&a, "sales", stage, march(day));
    }
    let b = world.client(2);
    world.stage(&b, "sales", "lead_received", march(2));
    world.lose(&b, "sales", "нет бюджета", march(4));
    let f = world.funnel("sales", Cohort::Entered);
    let reached: Vec<u32> = f.steps.iter().map(|s| s.reached).collect();
    assert_eq!(reached, [2, 1, 1, 1, 0, 0, 0, 0], "a's furthest is offer_sent, counted once");
    assert_eq!(f.steps[0].lost, 1);
    assert_eq!(f.steps[0].lost_reasons.get("нет бюджета"), Some(&1));
    assert_eq!(f.steps[0].median_hours_to_next, Some(24.0), "a: lead on the 2nd, answered (passed) on the 3rd");
    assert_eq!(f.steps[1].waiting, 1, "a moved back: it waits at answered now");
    assert_eq!(f.steps[3].waiting, 0);
}

#[test]
fn cohorts_follow_entries_or_activity_and_empty_periods_give_no_nan() {
    let world = World::new();
    let early = world.client(1);
    world.stage(&early, "sales", "lead_received", Utc.with_ymd_and_hms(2026, 2, 20, 9, 0, 0).unwrap());
    world.stage(&early, "sales", "answered", march(5));
    // Entered in February: not in March's "entered" cohort, but active in March.
    assert_eq!(world.funnel("sales", Cohort::Entered).cards, 0);
    let activity = world.funnel("sales", Cohort::Activity);
    assert_eq!(activity.cards, 1);
    assert_eq!(activity.steps[1].reached, 1);

    let empty = World::new().funnel("sales", Cohort::Entered);
    assert_eq!(empty.cards, 0);
    assert!(empty
        .steps
        .iter()
        .all(|s| s.conversion.is_none() && s.from_first.is_none() && s.median_hours_to_next.is_none()));
    assert!(empty.bottlenecks.is_empty());
    let json = ripen_json::to_string(&empty);
    assert!(!json.contains("NaN"), "{json}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn step_counts_never_grow_and_conversions_are_shares(moves in prop::collection::vec((0usize..6, prop::option::of(0usize..8), 0i64..600), 0..60)) {
        let world = World::new();
        let clients: Vec<ClientId> = (0..6).map(|i| world.client(i)).collect();
        let mut sorted = moves;
        sorted.sort_by_key(|(_, _, hour)| *hour);
        for (who, stage, hour) in sorted {
            let at = march(2) + Duration::hours(hour);
            match stage {
                Some(stage) => world.stage(&clients[who], "sales", SALES[stage], at),
                None => {
                    if world.0.state().pipelines.card(&clients[who], &"sales".parse().unwrap()).is_some() {
                        world.lose(&clients[who], "sales", "причина", at);
                    }
                }
            }
        }
        for cohort in [Cohort::Entered, Cohort::Activity] {
            let f = world.funnel("sales", cohort);
            for pair in f.steps.windows(2) {
                prop_assert!(pair[1].reached <= pair[0].reached);
            }
            for step in &f.steps {
                for share in [step.conversion, step.from_first].into_iter().flatten() {
                    prop_assert!((0.0..=1.0).contains(&share), "{share}");
                }
            }
            if cohort == Cohort::Entered {
                // Every card followed stands somewhere: waiting at a stage, or lost.
                let placed: u32 = f.steps.iter().map(|s| s.waiting + s.lost).sum();
                prop_assert_eq!(placed, f.cards);
                // Nobody waits or is lost beyond where they got.
                let mut beyond = 0;
                for step in f.steps.iter().rev() {
                    beyond += step.waiting + step.lost;
                    prop_assert!(beyond <= step.reached, "{} stand at or past {} but only {} reached it", beyond, step.stage, step.reached);
                }
            }
        }
    }
}

#[test]
fn one_funnel_per_owner_with_the_weak_steps_flagged_against_the_team() {
    let world = World::new();
    let profile = ripen_core::people::UserProfile::new("Борис", ripen_core::people::Role::Manager, None);
    block_on(world.0.execute(Command::SaveUser { user: "boris".parse().unwrap(), profile }, march(1))).unwrap();
    // anna: 4 leads, 3 answered; boris: 4 leads, 1 answered. Region set for two of boris's.
    for i in 0..8 {
        let owner = if i < 4 { "anna" } else { "boris" };
        let client = world.client_with(i, |new| {
            new.owner = Some(owner.parse().unwrap());
            if i >= 6 {
                new.fields.region = "Сибирь".parse().ok();
            }
        });
        world.stage(&client, "sales", "lead_received", march(2));
        if i < 3 || i == 4 {
            world.stage(&client, "sales", "answered", march(4));
        }
    }
    let mut by_owner = query("sales", Cohort::Entered);
    by_owner.by = Some(GroupBy::Owner);
    let report = report(&world.0.state(), &by_owner, &everyone()).unwrap();
    assert_eq!(report.overall.steps[1].reached, 4);
    let keys: Vec<Option<&str>> = report.groups.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, [Some("anna"), Some("boris")]);
    let boris = &report.groups[1].funnel;
    assert_eq!(boris.steps[1].reached, 1);
    assert_eq!(boris.bottlenecks[0].below_team_median, Some(0.5), "boris answers 25 % where the team's median is 50 %");
    assert_eq!(report.groups[0].funnel.bottlenecks[0].below_team_median, None);

    let mut siberia = query("sales", Cohort::Entered);
    siberia.filter.region = "Сибирь".parse().ok();
    assert_eq!(report_of(&world, &siberia).overall.cards, 2);
    let mut by_month = query("sales", Cohort::Entered);
    by_month.by = Some(GroupBy::Month);
    assert_eq!(report_of(&world, &by_month).groups[0].key.as_deref(), Some("2026-03"));
    let mut by_region = query("sales", Cohort::Entered);
    by_region.by = Some(GroupBy::Region);
    let regions: Vec<Option<String>> = report_of(&world, &by_region).groups.into_iter().map(|g| g.key).collect();
    assert_eq!(regions, [None, Some("Сибирь".to_owned())], "clients without a region form their own group");
}

fn report_of(world: &World, query: &FunnelQuery) -> ripen_core::funnel::FunnelReport {
    report(&world.0.state(), query, &everyone()).unwrap()
}

#[test]
fn every_grouping_keys_its_funnels() {
    let world = World::new();
    let profile =
        ripen_core::people::UserProfile::new("Анна", ripen_core::people::Role::Manager, Some("nsk".parse().unwrap()));
    block_on(world.0.execute(Command::SaveTeam { team: "nsk".parse().unwrap(), name: "Новосибирск".into() }, march(1)))
        .unwrap();
    block_on(world.0.execute(Command::SaveUser { user: "anna".parse().unwrap(), profile }, march(1))).unwrap();
    let client = world.client_with(1, |new| {
        new.fields.region = "Сибирь".parse().ok();
        new.fields.industry = "machinery".parse().ok();
        new.fields.source = "выставка".parse().ok();
        new.fields.tags = ["vip".parse().unwrap()].into();
    });
    world.stage(&client, "sales", "lead_received", march(2));
    // (split by, the one group's key)
    let cases = [
        (GroupBy::Owner, "anna"),
        (GroupBy::Team, "nsk"),
        (GroupBy::Region, "Сибирь"),
        (GroupBy::Industry, "machinery"),
        (GroupBy::Source, "выставка"),
        (GroupBy::Month, "2026-03"),
    ];
    for (by, key) in cases {
        let mut q = query("sales", Cohort::Entered);
        q.by = Some(by);
        let groups = report_of(&world, &q).groups;
        assert_eq!(groups.len(), 1, "{by}");
        assert_eq!(groups[0].key.as_deref(), Some(key), "{by}");
        assert_eq!(groups[0].funnel.cards, 1);
    }
    let mut tagged = query("sales", Cohort::Entered);
    tagged.filter.tags = vec!["vip".parse().unwrap(), "other".parse().unwrap()];
    assert_eq!(report_of(&world, &tagged).overall.cards, 1, "any of the tags");
    tagged.filter.tags = vec!["other".parse().unwrap()];
    assert_eq!(report_of(&world, &tagged).overall.cards, 0);
    let mut people = query("sales", Cohort::Entered);
    people.filter.kind = Some(ClientKind::Person);
    assert_eq!(report_of(&world, &people).overall.cards, 0);
}

#[test]
fn an_undone_move_does_not_count() {
    let world = World::new();
    let client = world.client(1);
    world.stage(&client, "sales", "lead_received", march(2));
    world.stage(&client, "sales", "paid", march(3));
    let mistake = block_on(world.0.history(&client)).unwrap()[0].id.clone();
    block_on(world.0.execute(Command::Revert { event: mistake, force: false }, march(4))).unwrap();
    let f = world.funnel("sales", Cohort::Entered);
    assert_eq!(f.steps.iter().map(|s| s.reached).collect::<Vec<_>>(), [1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(f.steps[0].waiting, 1);
}
