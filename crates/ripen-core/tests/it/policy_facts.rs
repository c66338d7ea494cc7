//! Issue 24, "facts are recorded, not refused": a touch that happened is logged whatever
//! the rules say, keeps the rules it broke, counts from then on and is listed for the
//! manager; `checkTouch` and `planTouch` agree; `nextAllowedAt` is the earliest time no
//! block rule refuses. Random rules (every limit, scope and action) over random histories.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::command::NewTouch;
use ripen_core::lead::Consent;
use ripen_core::policy::{Action, CalendarUnit, Candidate, Limit, Rule, Scope, Window};
use ripen_core::relationship::RelationKind;
use ripen_core::touch::{Direction, Origin, Plan, TouchStatus};
use ripen_core::values::Channel;
use ripen_core::{ClientId, ClientKind, Command, Engine, Error, EventPayload, MemoryStore, NewClient, ReplicaId};

const CHANNELS: [Channel; 4] = [Channel::Call, Channel::Email, Channel::MarketingSend, Channel::Meeting];
const ORIGINS: [Origin; 3] = [Origin::Sales, Origin::Marketing, Origin::Service];

fn limit() -> impl Strategy<Value = Limit> {
    prop_oneof![
        (1u32..4, 1u32..200).prop_map(|(max, hours)| Limit::Count { max, window: Window::Rolling { hours } }),
        (1u32..4, 0usize..3).prop_map(|(max, unit)| Limit::Count {
            max,
            window: Window::Calendar { unit: [CalendarUnit::Day, CalendarUnit::Week, CalendarUnit::Month][unit] }
        }),
        (1u32..72).prop_map(|hours| Limit::MinGap { hours }),
        (0u32..12, 1u32..12, any::<bool>()).prop_map(|(from, length, weekdays_only)| Limit::AllowedHours {
            from: NaiveTime::from_hms_opt(from + 6, 0, 0).unwrap(),
            to: NaiveTime::from_hms_opt((from + 6 + length).min(23), 30, 0).unwrap(),
            weekdays_only,
        }),
        Just(Limit::Consent),
    ]
}

fn rule() -> impl Strategy<Value = Rule> {
    (0usize..3, 0u8..16, 0u8..8, limit(), any::<bool>(), any::<bool>()).prop_map(
        |(scope, channels, origins, limit, block, counts_exempt)| Rule {
            id: "r".parse().unwrap(),
            name: "r".into(),
            scope: [Scope::Person, Scope::Company, Scope::Group][scope],
            channels: CHANNELS.iter().enumerate().filter(|(i, _)| channels >> i & 1 == 1).map(|(_, c)| *c).collect(),
            origins: ORIGINS.iter().enumerate().filter(|(i, _)| origins >> i & 1 == 1).map(|(_, o)| *o).collect(),
            limit,
            action: if block { Action::Block } else { Action::Warn },
            counts_exempt,
        },
    )
}

/// (who, channel, origin, hours from now, flags): a touch asked about or made.
type Ask = (usize, usize, usize, i64, u8);

fn ask() -> impl Strategy<Value = Ask> {
    (0usize..3, 0usize..4, 0usize..3, -150i64..300, any::<u8>())
}

struct World {
    engine: Engine<MemoryStore>,
    now: DateTime<Utc>,
    clients: Vec<ClientId>,
}

impl World {
    /// A company and two of its people (one without a time zone of its own), the rules
    /// given, consent as `consent` says, and a history planned and logged around "now".
    fn new(rules: Vec<Rule>, consent: u8, history: &[Ask]) -> Self {
        let engine =
            block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(7), "anna".parse().unwrap())).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 4, 10, 0, 0).unwrap();
        let mut world = Self { engine, now, clients: Vec::new() };
        let ids: Vec<_> = world.engine.state().policy.rules.iter().map(|r| r.id.clone()).collect();
        for id in ids {
            world.run(Command::RemoveRule { rule: id }).unwrap();
        }
        for (i, mut rule) in rules.into_iter().enumerate() {
            rule.id = format!("r{i}").parse().unwrap();
            world.run(Command::SaveRule { rule }).unwrap();
        }
        for (i, (kind, zone)) in [
            (ClientKind::Company, Some("Europe/Moscow")),
            (ClientKind::Person, Some("Asia/Novosibirsk")),
            (ClientKind::Person, None),
        ]
        .into_iter()
        .enumerate()
        {
            let mut new = NewClient::named(kind, format!("Клиент {i}").parse().unwrap());
            new.fields.time_zone = zone.map(|z| z.parse().unwrap());
            let events = block_on(world.engine.execute(Command::AddClient(new), now)).unwrap();
            world.clients.push(events[0].payload.clients()[0].clone());
        }
        for person in 1..3 {
            let (from, to) = (world.clients[0].clone(), world.clients[person].clone());
            world.run(Command::Link { from, to, kind: RelationKind::Employee, position: None, since: None }).unwrap();
        }
        for (i, client) in world.clients.clone().into_iter().enumerate() {
            if consent >> i & 1 == 1 {
                let consent = Consent {
                    contact: consent & 8 == 0,
                    marketing: consent & 16 == 0,
                    source: "stand".parse().unwrap(),
                    at: now - Duration::days(30),
                };
                world.run(Command::RecordConsent { client, consent }).unwrap();
            }
        }
        for step in history {
            let touch = world.touch(step);
            // The history: planned where the rules let it be, logged (a fact) otherwise.
            let plan = Plan::parse("send_offer", "a", "b").unwrap();
            if touch.at.is_some_and(|at| at > now) {
                let _ = world.run(Command::PlanTouch { touch, plan });
            } else {
                world.run(Command::LogTouch { touch, result: None, outcome: None, nps: None }).unwrap();
            }
        }
        world
    }

    fn run(&mut self, command: Command) -> Result<Vec<ripen_core::Event>, Error> {
        block_on(self.engine.execute(command, self.now))
    }

    fn touch(&self, (who, channel, origin, hours, flags): &Ask) -> NewTouch {
        NewTouch {
            direction: if flags & 3 == 3 { Direction::Inbound } else { Direction::Outbound },
            origin: ORIGINS[*origin],
            requested: flags & 12 == 12,
            override_reason: (flags & 16 != 0).then(|| "agreed".to_owned()),
            at: Some(self.now + Duration::hours(*hours) + Duration::minutes(i64::from(flags >> 5) * 15)),
            ..NewTouch::new(self.clients[*who].clone(), CHANNELS[*channel])
        }
    }

    fn candidate(touch: &NewTouch) -> Candidate {
        Candidate {
            client: touch.client.clone(),
            channel: touch.channel,
            origin: touch.origin,
            direction: touch.direction,
            requested: touch.requested,
            overridden: touch.override_reason.is_some(),
            at: touch.at.unwrap(),
        }
    }

    fn check(&self, candidate: &Candidate) -> ripen_core::policy::Verdict {
        let state = self.engine.state();
        state.policy.check(&state, candidate)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// What happened is written whatever the rules say, with the rules it broke then
    /// (every one the check named); it is listed for the manager when it broke any, and
    /// counts against the budget from then on.
    #[test]
    fn logged_facts_are_never_refused_and_keep_what_they_broke(
        rules in prop::collection::vec(rule(), 1..5),
        consent in any::<u8>(),
        history in prop::collection::vec(ask(), 5..40),
        facts in prop::collection::vec(ask(), 1..8),
    ) {
        let mut world = World::new(rules, consent, &history);
        for fact in &facts {
            let mut touch = world.touch(fact);
            touch.at = touch.at.map(|at| at.min(world.now));
            let before = world.check(&World::candidate(&touch));
            let events = world.run(Command::LogTouch { touch: touch.clone(), result: None, outcome: None, nps: None });
            let events = events.map_err(|e| TestCaseError::fail(format!("a fact was refused: {e}")))?;
            let Some(EventPayload::TouchRecorded { touch: recorded }) = events.first().map(|e| &e.payload) else {
                return Err(TestCaseError::fail("no touch recorded"));
            };
            let TouchStatus::Done { violations, .. } = &recorded.status else {
                return Err(TestCaseError::fail("a logged touch is done"));
            };
            prop_assert_eq!(violations, &before.violations);
            let state = world.engine.state();
            prop_assert_eq!(state.violations_of(&recorded.id), violations.as_slice());
            let listed = state.policy.breaches(&state, world.now - Duration::days(400), |_| true);
            let breach = listed.iter().find(|b| b.touch == recorded.id);
            prop_assert_eq!(breach.is_some(), !violations.is_empty() || breach.is_some_and(|b| !b.recorded));
            if let Some(breach) = breach.filter(|b| b.recorded) {
                prop_assert_eq!(&breach.violations[..violations.len()], violations.as_slice());
            }
            // It counts: the same touch asked about again now meets one more touch.
            let again = state.policy.check(&state, &World::candidate(&touch));
            if !touch.requested && touch.direction == Direction::Outbound {
                for rule in state.policy.rules.iter().filter(|r| matches!(r.limit, Limit::MinGap { .. }) && r.applies_to(touch.channel, touch.origin)) {
                    prop_assert!(again.violations.iter().any(|v| v.rule == rule.id), "the logged touch does not count for {}", rule.id);
                }
            }
        }
    }

    /// `checkTouch` says allowed exactly when `planTouch` takes the touch (an override in
    /// both or neither); a refusal's `nextAllowedAt` breaks no block rule, and no time
    /// before it (every 15 minutes, up to three days on) breaks none.
    #[test]
    fn check_and_plan_agree_and_next_allowed_is_the_earliest(
        rules in prop::collection::vec(rule(), 1..5),
        consent in any::<u8>(),
        history in prop::collection::vec(ask(), 5..40),
        asks in prop::collection::vec((ask(), 0i64..200), 1..8),
    ) {
        let mut world = World::new(rules, consent, &history);
        for (ask, ahead) in &asks {
            let mut touch = world.touch(ask);
            touch.at = Some(world.now + Duration::hours(*ahead) + Duration::minutes(i64::from(ask.4 >> 5) * 15));
            let candidate = World::candidate(&touch);
            let verdict = world.check(&candidate);
            let plan = Plan::parse("send_offer", "a", "b").unwrap();
            let planned = world.run(Command::PlanTouch { touch, plan });
            prop_assert_eq!(verdict.allowed, planned.is_ok(), "check {:?}, plan {:?}", verdict, planned.err());
            if verdict.allowed {
                continue;
            }
            let blocks_at = |at: DateTime<Utc>| world.check(&Candidate { at, ..candidate.clone() }).blocks();
            match verdict.next_allowed_at {
                Some(next) => {
                    prop_assert!(next >= candidate.at);
                    prop_assert!(!blocks_at(next), "next allowed {} is blocked", next);
                    let mut at = candidate.at;
                    while at < next && at < candidate.at + Duration::days(3) {
                        prop_assert!(blocks_at(at), "{} is allowed before next allowed {}", at, next);
                        at += Duration::minutes(15);
                    }
                }
                None => {
                    let mut at = candidate.at;
                    while at < candidate.at + Duration::days(3) {
                        prop_assert!(blocks_at(at), "{} is allowed, yet no next allowed time", at);
                        at += Duration::minutes(15);
                    }
                }
            }
        }
    }
}

/// A call made outside the call hours and over the company's calls is logged; it keeps
/// both rules, is listed as recorded, and the company's next call waits for it.
#[test]
fn a_call_logged_at_night_keeps_its_violations_and_counts_from_then_on() {
    let mut world = World::new(Vec::new(), 0, &[]);
    let calls = Rule {
        id: "calls".parse().unwrap(),
        name: "calls".into(),
        scope: Scope::Company,
        channels: [Channel::Call].into_iter().collect(),
        origins: Default::default(),
        limit: Limit::Count { max: 1, window: Window::Rolling { hours: 168 } },
        action: Action::Block,
        counts_exempt: false,
    };
    let hours = Rule {
        id: "hours".parse().unwrap(),
        name: "hours".into(),
        scope: Scope::Person,
        channels: [Channel::Call].into_iter().collect(),
        origins: Default::default(),
        limit: Limit::AllowedHours {
            from: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            to: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            weekdays_only: false,
        },
        action: Action::Block,
        counts_exempt: false,
    };
    world.run(Command::SaveRule { rule: calls }).unwrap();
    world.run(Command::SaveRule { rule: hours }).unwrap();
    let person = world.clients[1].clone();
    // Novosibirsk is UTC+7: 17:00 UTC is midnight there.
    let night = Utc.with_ymd_and_hms(2026, 3, 3, 17, 0, 0).unwrap();
    let call = |at| NewTouch { at: Some(at), ..NewTouch::new(person.clone(), Channel::Call) };
    let plan = Plan::parse("send_offer", "a", "b").unwrap();
    world.run(Command::PlanTouch { touch: call(world.now + Duration::days(1)), plan }).unwrap();
    let logged = world.run(Command::LogTouch { touch: call(night), result: None, outcome: None, nps: None }).unwrap();
    let EventPayload::TouchRecorded { touch } = &logged[0].payload else { panic!("a touch") };
    let TouchStatus::Done { violations, .. } = &touch.status else { panic!("done") };
    let broken: Vec<&str> = violations.iter().map(|v| v.rule.as_str()).collect();
    assert_eq!(broken, ["calls", "hours"], "over the company's calls (the one planned) and at night");
    let state = world.engine.state();
    let breaches = state.policy.breaches(&state, night - Duration::days(1), |_| true);
    let listed = breaches.iter().find(|b| b.touch == touch.id).expect("listed for the manager");
    assert!(listed.recorded);
    assert_eq!(listed.violations[..2], violations[..]);
    // From then on it counts: a call to the other person of the company waits a week.
    let other = Candidate {
        client: world.clients[2].clone(),
        channel: Channel::Call,
        origin: Origin::Sales,
        direction: Direction::Outbound,
        requested: false,
        overridden: false,
        at: night + Duration::days(3),
    };
    let verdict = state.policy.check(&state, &other);
    assert!(verdict.blocks());
    assert!(verdict.next_allowed_at.is_some_and(|next| next >= night + Duration::days(7)));
}

/// A planned call completed at night (a time the call hours refuse) is done all the same:
/// the status change keeps the blocking rule it broke, which a revert of the completion
/// takes away again.
#[test]
fn a_planned_call_completed_at_night_keeps_the_rule_it_broke() {
    let mut world = World::new(Vec::new(), 0, &[]);
    let hours = Rule {
        id: "hours".parse().unwrap(),
        name: "hours".into(),
        scope: Scope::Person,
        channels: [Channel::Call].into_iter().collect(),
        origins: Default::default(),
        limit: Limit::AllowedHours {
            from: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            to: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            weekdays_only: false,
        },
        action: Action::Block,
        counts_exempt: false,
    };
    world.run(Command::SaveRule { rule: hours }).unwrap();
    let person = world.clients[1].clone();
    // 03:00 UTC is 10:00 in Novosibirsk: planned in the call hours.
    let morning = Utc.with_ymd_and_hms(2026, 3, 3, 3, 0, 0).unwrap();
    let plan = Plan::parse("send_offer", "a", "b").unwrap();
    let touch = NewTouch { at: Some(morning), ..NewTouch::new(person, Channel::Call) };
    let planned = world.run(Command::PlanTouch { touch, plan }).unwrap();
    let EventPayload::TouchRecorded { touch } = &planned[0].payload else { panic!("a touch") };
    let night = Utc.with_ymd_and_hms(2026, 3, 3, 17, 0, 0).unwrap();
    let done = world
        .run(Command::CompleteTouch {
            touch: touch.id.clone(),
            result: None,
            outcome: ripen_core::touch::Outcome::Success,
            at: Some(night),
            nps: None,
        })
        .unwrap();
    let EventPayload::TouchStatusChanged { new: TouchStatus::Done { violations, .. }, .. } = &done[0].payload else {
        panic!("done")
    };
    assert_eq!(violations.iter().map(|v| v.rule.as_str()).collect::<Vec<_>>(), ["hours"]);
    assert_eq!(world.engine.state().violations_of(&touch.id), violations.as_slice());
    world.run(Command::Revert { event: done[0].id.clone(), force: false }).unwrap();
    assert!(world.engine.state().violations_of(&touch.id).is_empty(), "planned again: nothing broken");
}
