//! The contact policy with fixed clocks: every rule shape, scopes across several
//! contacts, time zones and DST, exemptions, warn-with-override, and `nextAllowedAt` with
//! rules interacting; plus a property test that accepted touches never break a block rule.

use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::command::NewTouch;
use ripen_core::lead::{Consent, ConsentProblem};
use ripen_core::policy::{Action, CalendarUnit, Candidate, Limit, Rule, Scope, Window};
use ripen_core::relationship::RelationKind;
use ripen_core::touch::{Direction, Origin};
use ripen_core::values::Channel;
use ripen_core::{ClientId, ClientKind, Command, Engine, Error, ErrorKind, MemoryStore, NewClient, ReplicaId};

struct World {
    engine: Engine<MemoryStore>,
    now: DateTime<Utc>,
}

/// An instant from a local wall time in `zone`.
fn local(zone: &str, text: &str) -> DateTime<Utc> {
    let zone: chrono_tz::Tz = zone.parse().unwrap();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    zone.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
}

impl World {
    /// "Now" is Sunday 2026-03-01 12:00 UTC; touches are planned after it.
    fn new() -> Self {
        let engine =
            block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(3), "anna".parse().unwrap())).unwrap();
        Self { engine, now: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() }
    }

    fn run(&mut self, command: Command) -> Result<(), Error> {
        block_on(self.engine.execute(command, self.now)).map(drop)
    }

    fn add(&mut self, name: &str, kind: ClientKind, zone: Option<&str>) -> ClientId {
        let mut new = NewClient::named(kind, name.parse().unwrap());
        new.fields.time_zone = zone.map(|z| z.parse().unwrap());
        let events = block_on(self.engine.execute(Command::AddClient(new), self.now)).unwrap();
        let client = events[0].payload.clients()[0].clone();
        // Every client here agreed to everything: the consent rule has its own tests.
        self.consent(&client, true, true);
        client
    }

    fn consent(&mut self, client: &ClientId, contact: bool, marketing: bool) {
        let consent = Consent { contact, marketing, source: "stand".parse().unwrap(), at: self.now };
        self.run(Command::RecordConsent { client: client.clone(), consent }).unwrap();
    }

    fn employ(&mut self, company: &ClientId, person: &ClientId) {
        self.run(Command::Link {
            from: company.clone(),
            to: person.clone(),
            kind: RelationKind::Employee,
            position: None,
            since: None,
        })
        .unwrap();
    }

    fn plan(&mut self, client: &ClientId, channel: Channel, origin: Origin, at: DateTime<Utc>) -> Result<(), Error> {
        self.plan_with(client, channel, origin, at, |_| {})
    }

    fn plan_with(
        &mut self,
        client: &ClientId,
        channel: Channel,
        origin: Origin,
        at: DateTime<Utc>,
        adjust: impl FnOnce(&mut NewTouch),
    ) -> Result<(), Error> {
        let mut touch =
            NewTouch { direction: Direction::Outbound, origin, at: Some(at), ..NewTouch::new(client.clone(), channel) };
        adjust(&mut touch);
        let plan = ripen_core::touch::Plan::parse("send_offer", "approach", "result").unwrap();
        self.run(Command::PlanTouch { touch, plan })
    }

    fn check(
        &self,
        client: &ClientId,
        channel: Channel,
        origin: Origin,
        at: DateTime<Utc>,
    ) -> ripen_core::policy::Verdict {
        let state = self.engine.state();
        let candidate = Candidate {
            client: client.clone(),
            channel,
            origin,
            direction: Direction::Outbound,
            requested: false,
            overridden: false,
            at,
        };
        state.policy.check(&state, &candidate)
    }

    fn only(&mut self, rule: Rule) {
        let ids: Vec<_> = self.engine.state().policy.rules.iter().map(|r| r.id.clone()).collect();
        for id in ids {
            self.run(Command::RemoveRule { rule: id }).unwrap();
        }
        self.run(Command::SaveRule { rule }).unwrap();
    }
}

fn rule(id: &str, scope: Scope, channels: &[Channel], limit: Limit, action: Action) -> Rule {
    Rule {
        id: id.parse().unwrap(),
        name: id.into(),
        scope,
        channels: channels.iter().copied().collect(),
        origins: Default::default(),
        limit,
        action,
        counts_exempt: false,
    }
}

fn refused(result: Result<(), Error>) -> Box<ripen_core::policy::Verdict> {
    match result {
        Err(Error::AggressionLimit(verdict)) => verdict,
        other => panic!("expected an aggression limit, got {other:?}"),
    }
}

const MSK: &str = "Europe/Moscow";

#[test]
fn two_sales_calls_per_company_per_week_count_every_contact_of_the_company() {
    let mut world = World::new();
    let company = world.add("ООО «Ромашка»", ClientKind::Company, Some(MSK));
    let (anna, boris) = (world.add("Анна", ClientKind::Person, None), world.add("Борис", ClientKind::Person, None));
    world.employ(&company, &anna);
    world.employ(&company, &boris);
    world.plan(&anna, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 10:00")).unwrap();
    world.plan(&boris, Channel::Call, Origin::Sales, local(MSK, "2026-03-04 10:00")).unwrap();

    let verdict = refused(world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-06 10:00")));
    assert!(!verdict.allowed);
    assert_eq!(verdict.violations[0].rule.as_str(), "sales_calls_per_company");
    // The first call leaves the 7-day window on Monday 10:00 — a working hour.
    assert_eq!(verdict.next_allowed_at, Some(local(MSK, "2026-03-09 10:00")));
    world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-09 10:00")).unwrap();
    // Marketing calls are not sales calls; an e-mail is not a call.
    assert!(world.check(&anna, Channel::Call, Origin::Marketing, local(MSK, "2026-03-06 10:00")).allowed);
    assert!(world.check(&anna, Channel::Email, Origin::Sales, local(MSK, "2026-03-06 10:00")).allowed);
}

#[test]
fn calendar_windows_follow_the_clients_midnight_and_dst() {
    // (zone, first send, second send, kept by the calendar rules?, when they allow it if not)
    // (the 24-hour gap, a warning, is not what this is about)
    let cases: &[(&str, &str, &str, bool, Option<&str>)] = &[
        (MSK, "2026-03-02 23:30", "2026-03-03 00:30", true, None),
        (MSK, "2026-03-02 23:30", "2026-03-02 23:50", false, Some("2026-03-03 00:00")),
        ("Asia/Novosibirsk", "2026-03-02 08:00", "2026-03-02 22:00", false, Some("2026-03-03 00:00")),
        // 29 March 2026 is 23 hours long in Berlin; the day still ends at local midnight.
        ("Europe/Berlin", "2026-03-29 01:00", "2026-03-29 23:30", false, Some("2026-03-30 00:00")),
        ("Europe/Berlin", "2026-10-25 01:00", "2026-10-25 23:59", false, Some("2026-10-26 00:00")),
    ];
    for (zone, first, second, allowed, next) in cases {
        let mut world = World::new();
        world.now = local(zone, "2026-03-01 00:00").min(world.now);
        let person = world.add("Анна", ClientKind::Person, Some(zone));
        world.plan(&person, Channel::MarketingSend, Origin::Marketing, local(zone, first)).unwrap();
        let verdict = world.check(&person, Channel::MarketingSend, Origin::Marketing, local(zone, second));
        assert_eq!(!verdict.blocks(), *allowed, "{zone} {first} → {second}: {verdict:?}");
        let blocking: Vec<_> = verdict.violations.iter().filter(|v| v.action == Action::Block).collect();
        if let Some(next) = next {
            assert_eq!(blocking[0].allowed_from, local(zone, next), "{zone}: the day ends at local midnight");
        }
    }
}

#[test]
fn a_group_rule_counts_the_whole_holding_across_cities() {
    let mut world = World::new();
    world.only(rule(
        "holding_week",
        Scope::Group,
        &[],
        Limit::Count { max: 3, window: Window::Calendar { unit: CalendarUnit::Week } },
        Action::Block,
    ));
    let holding = world.add("ОАО «Моторы»", ClientKind::Company, Some(MSK));
    let plants: Vec<ClientId> = ["Asia/Novosibirsk", "Asia/Yekaterinburg", "Asia/Omsk"]
        .iter()
        .map(|zone| world.add("Завод", ClientKind::Company, Some(zone)))
        .collect();
    for plant in &plants {
        world
            .run(Command::Link {
                from: holding.clone(),
                to: plant.clone(),
                kind: RelationKind::Branch,
                position: None,
                since: None,
            })
            .unwrap();
    }
    let director = world.add("Директор", ClientKind::Person, None);
    world.employ(&plants[2], &director);
    for (i, plant) in plants.iter().enumerate() {
        world.plan(plant, Channel::Meeting, Origin::Sales, local(MSK, &format!("2026-03-0{} 12:00", 2 + i))).unwrap();
    }
    let verdict = refused(world.plan(&director, Channel::Email, Origin::Sales, local(MSK, "2026-03-06 12:00")));
    assert_eq!(verdict.violations[0].rule.as_str(), "holding_week");
    let stranger = world.add("Чужая фирма", ClientKind::Company, None);
    assert!(world.check(&stranger, Channel::Email, Origin::Sales, local(MSK, "2026-03-06 12:00")).allowed);
}

#[test]
fn call_hours_are_the_clients_hours_not_ours() {
    // (client zone, asked at (UTC), next allowed (client local time))
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("Asia/Novosibirsk", "2026-03-02 01:00", Some("2026-03-02 09:00")), // 08:00 there
        (MSK, "2026-03-02 01:00", Some("2026-03-02 09:00")),                // 04:00 there
        ("Asia/Novosibirsk", "2026-03-02 05:00", None),                     // 12:00 there
        (MSK, "2026-03-06 18:30", Some("2026-03-09 09:00")),                // Friday 21:30 → Monday
        ("Asia/Vladivostok", "2026-03-07 02:00", Some("2026-03-09 09:00")), // Saturday → Monday
    ];
    for (zone, asked, next) in cases {
        let mut world = World::new();
        let person = world.add("Анна", ClientKind::Person, Some(zone));
        let at = local("UTC", asked);
        let verdict = world.check(&person, Channel::Call, Origin::Sales, at);
        match next {
            None => assert!(verdict.violations.is_empty(), "{zone} {asked}: {verdict:?}"),
            Some(next) => {
                let hours = verdict.violations.iter().find(|v| v.rule.as_str() == "call_hours").expect("call hours");
                assert_eq!(hours.allowed_from, local(zone, next), "{zone} {asked}");
                assert_eq!(verdict.next_allowed_at, Some(local(zone, next)));
            }
        }
    }
}

#[test]
fn inbound_touches_and_callbacks_are_never_blocked_and_do_not_count() {
    let mut world = World::new();
    let person = world.add("Анна", ClientKind::Person, Some(MSK));
    let night = local(MSK, "2026-03-02 22:30");
    world
        .plan_with(&person, Channel::Call, Origin::Sales, night, |t| t.requested = true)
        .expect("a callback the client asked for is exempt");
    world.plan_with(&person, Channel::Call, Origin::Sales, night, |t| t.direction = Direction::Inbound).unwrap();
    // Neither counts towards the 24-hour gap nor the company's call budget.
    let verdict = world.check(&person, Channel::Call, Origin::Sales, local(MSK, "2026-03-03 10:00"));
    assert!(verdict.violations.is_empty(), "{verdict:?}");
}

#[test]
fn a_warning_needs_an_override_with_a_reason_and_keeps_it() {
    let mut world = World::new();
    let person = world.add("Анна", ClientKind::Person, Some(MSK));
    world.plan(&person, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 10:00")).unwrap();
    let later = local(MSK, "2026-03-02 12:00");
    let verdict = refused(world.plan(&person, Channel::Email, Origin::Sales, later));
    assert!(!verdict.allowed && verdict.overridable, "a warning refuses only a touch without a reason");
    assert_eq!(verdict.violations[0].rule.as_str(), "gap_between_touches");
    assert_eq!(verdict.next_allowed_at, Some(later), "no blocking rule: it may be planned now, overridden");
    assert_eq!(verdict.next_clear_at, Some(local(MSK, "2026-03-03 10:00")));
    world
        .plan_with(&person, Channel::Email, Origin::Sales, later, |t| {
            t.override_reason = Some("client asked for the offer today".into())
        })
        .unwrap();
    let touches = block_on(world.engine.touches(&person)).unwrap();
    let email = touches.last().unwrap();
    assert_eq!(email.override_reason.as_deref(), Some("client asked for the offer today"), "read back from the log");
    let error = world
        .plan_with(&person, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 23:00"), |t| {
            t.override_reason = Some("x".into())
        })
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::AggressionLimit, "an override never lifts a block");
}

#[test]
fn next_allowed_at_satisfies_every_rule_at_once() {
    let mut world = World::new();
    let company = world.add("ООО «Ромашка»", ClientKind::Company, Some(MSK));
    // A Saturday call is refused outright (calls are weekdays only).
    let saturday = refused(world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-07 11:00")));
    assert_eq!(saturday.next_allowed_at, Some(local(MSK, "2026-03-09 09:00")));
    // Two calls this week (the second overriding the 24-hour warning); on Friday the week
    // frees up only when Monday's call leaves it: Monday 11:00, a weekday, 24 h after any.
    world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 11:00")).unwrap();
    world
        .plan_with(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-05 11:00"), |t| {
            t.override_reason = Some("ok".into())
        })
        .unwrap();
    let verdict = world.check(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-06 11:00"));
    let next = verdict.next_allowed_at.unwrap();
    assert_eq!(next, local(MSK, "2026-03-09 11:00"));
    assert_eq!(verdict.next_clear_at, Some(next));
    assert!(world.check(&company, Channel::Call, Origin::Sales, next).violations.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Accepted touches never break a block rule, and a refusal's `nextAllowedAt` is
    /// always allowed.
    #[test]
    fn accepted_touches_never_break_a_block_rule(
        steps in prop::collection::vec((0usize..3, 0usize..4, 0i64..(14 * 24), any::<bool>(), any::<bool>()), 1..40)
    ) {
        let mut world = World::new();
        let company = world.add("ООО «Ромашка»", ClientKind::Company, Some(MSK));
        let people: Vec<ClientId> = ["Анна", "Борис"].iter().map(|n| world.add(n, ClientKind::Person, Some("Asia/Novosibirsk"))).collect();
        for person in &people {
            world.employ(&company, person);
        }
        let clients = [company.clone(), people[0].clone(), people[1].clone()];
        let channels = [Channel::Call, Channel::Email, Channel::MarketingSend, Channel::Meeting];
        for (who, channel, hour, inbound, overriding) in steps {
            let at = world.now + chrono::Duration::hours(hour);
            let (client, channel) = (&clients[who], channels[channel]);
            let origin = if channel == Channel::MarketingSend { Origin::Marketing } else { Origin::Sales };
            let result = world.plan_with(client, channel, origin, at, |t| {
                if inbound { t.direction = Direction::Inbound; }
                if overriding { t.override_reason = Some("agreed".into()); }
            });
            if let Err(Error::AggressionLimit(verdict)) = result {
                if let Some(next) = verdict.next_allowed_at {
                    let again = world.check(client, channel, origin, next);
                    prop_assert!(!again.blocks(), "next allowed {next} is blocked: {again:?}");
                }
                if let Some(clear) = verdict.next_clear_at {
                    let again = world.check(client, channel, origin, clear);
                    prop_assert!(again.violations.is_empty() && again.allowed, "next clear {clear} is not: {again:?}");
                }
            }
        }
        // Every counted outbound touch on record keeps every block rule when checked
        // against the others: re-check each by removing nothing — a touch never breaks a
        // rule against itself, so recount per window.
        let state = world.engine.state();
        for rule in state.policy.rules.iter().filter(|r| r.action == Action::Block) {
            for client in &clients {
                let touches: Vec<_> = state.touches.of_client(client)
                    .filter(|t| t.direction == Direction::Outbound && !t.requested && rule.applies_to(t.channel, t.origin))
                    .collect();
                if let Limit::AllowedHours { .. } = rule.limit {
                    for t in &touches {
                        let zone: chrono_tz::Tz = state.client(client).unwrap().fields.time_zone.unwrap().as_str().parse().unwrap();
                        let local = t.at.with_timezone(&zone);
                        prop_assert!(
                            (9..20).contains(&chrono::Timelike::hour(&local)) && local.weekday().num_days_from_monday() < 5,
                            "a call at {local} broke the call hours"
                        );
                    }
                }
            }
        }
        // Marketing sends: at most one per person a day and three a week, in their zone.
        for client in &clients {
            let zone: chrono_tz::Tz = state.client(client).unwrap().fields.time_zone.unwrap().as_str().parse().unwrap();
            let sends: Vec<chrono::NaiveDate> = state.touches.of_client(client)
                .filter(|t| t.channel == Channel::MarketingSend && t.direction == Direction::Outbound)
                .map(|t| t.at.with_timezone(&zone).date_naive())
                .collect();
            for day in &sends {
                prop_assert!(sends.iter().filter(|d| *d == day).count() <= 1, "two marketing sends on {day}");
                let week = day.iso_week();
                prop_assert!(sends.iter().filter(|d| d.iso_week() == week).count() <= 3, "four marketing sends in week {week:?}");
            }
        }
        // The company's sales calls: never more than 2 in any 7-day window.
        let mut calls: Vec<DateTime<Utc>> = clients.iter()
            .flat_map(|c| state.touches.of_client(c))
            .filter(|t| t.channel == Channel::Call && t.origin == Origin::Sales && t.direction == Direction::Outbound)
            .map(|t| t.at)
            .collect();
        calls.sort();
        for window in calls.windows(3) {
            prop_assert!(window[2] - window[0] >= chrono::Duration::days(7), "3 calls within a week: {window:?}");
        }
    }
}

#[test]
fn pressure_shows_how_close_a_client_is_to_its_limits() {
    let mut world = World::new();
    let company = world.add("ООО «Ромашка»", ClientKind::Company, Some(MSK));
    let at = |w: &World| w.engine.state().policy.pressure(&w.engine.state(), &company, local(MSK, "2026-03-04 12:00"));
    assert_eq!(at(&world), 0.0, "no touches, no pressure");
    world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 12:00")).unwrap();
    assert_eq!(at(&world), 0.5, "one of two sales calls this week");
    world
        .plan_with(&company, Channel::Email, Origin::Sales, local(MSK, "2026-03-04 06:00"), |t| {
            t.override_reason = Some("ok".into())
        })
        .unwrap();
    assert_eq!(at(&world), 0.75, "six hours into a 24-hour gap");
}

#[test]
fn next_allowed_at_needs_every_rule_in_turn() {
    let mut world = World::new();
    let person = world.add("Анна", ClientKind::Person, Some(MSK));
    world.plan(&person, Channel::Call, Origin::Sales, local(MSK, "2026-03-06 10:00")).unwrap();
    // Friday 09:30: the 24-hour gap says Saturday 10:00; call hours then say Monday 09:00.
    let verdict = world.check(&person, Channel::Call, Origin::Sales, local(MSK, "2026-03-06 09:30"));
    let gap = verdict.violations.iter().find(|v| v.rule.as_str() == "gap_between_touches").unwrap();
    assert_eq!(gap.allowed_from, local(MSK, "2026-03-07 10:00"), "the gap rule alone");
    assert_eq!(verdict.next_clear_at, Some(local(MSK, "2026-03-09 09:00")), "every rule together");
    assert_eq!(verdict.next_allowed_at, Some(local(MSK, "2026-03-06 09:30")), "only a warning: now, overridden");
}

#[test]
fn a_rule_may_count_exempt_touches_without_blocking_them() {
    let mut world = World::new();
    let mut counting = rule(
        "one_a_day",
        Scope::Person,
        &[],
        Limit::Count { max: 1, window: Window::Calendar { unit: CalendarUnit::Day } },
        Action::Block,
    );
    counting.counts_exempt = true;
    world.only(counting.clone());
    let person = world.add("Анна", ClientKind::Person, Some(MSK));
    world
        .plan_with(&person, Channel::Email, Origin::Sales, local(MSK, "2026-03-02 10:00"), |t| {
            t.direction = Direction::Inbound
        })
        .unwrap();
    assert!(
        !world.check(&person, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 15:00")).allowed,
        "the inbound e-mail counts"
    );
    counting.counts_exempt = false;
    world.run(Command::SaveRule { rule: counting }).unwrap();
    assert!(
        world.check(&person, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 15:00")).allowed,
        "now it does not"
    );
}

#[test]
fn what_already_happened_is_recorded_even_against_the_rules_and_listed_as_a_breach() {
    let mut world = World::new();
    let company = world.add("ООО «Ромашка»", ClientKind::Company, Some(MSK));
    world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 10:00")).unwrap();
    let first = world.engine.state().touches.of_client(&company).next().unwrap().id();
    world.now = local(MSK, "2026-03-08 12:00");
    // Saturday 23:00 is outside call hours; the call was made then all the same.
    world
        .run(Command::CompleteTouch {
            touch: first.clone(),
            result: None,
            outcome: ripen_core::touch::Outcome::Success,
            at: Some(local(MSK, "2026-03-07 23:00")),
            nps: None,
        })
        .unwrap();
    // So is a call logged after the fact, at 21:30 on a weekday.
    let mut logged = NewTouch::new(company.clone(), Channel::Call);
    logged.at = Some(local(MSK, "2026-03-05 21:30"));
    world.run(Command::LogTouch { touch: logged, result: None, outcome: None, nps: None }).unwrap();
    let state = world.engine.state();
    let view = ripen_core::View::new(&*state, ripen_core::Access::everything());
    let breaches = view.limit_breaches(local(MSK, "2026-03-01 00:00"));
    let mut at: Vec<_> = breaches.iter().map(|b| b.at).collect();
    at.sort();
    assert_eq!(at, [local(MSK, "2026-03-05 21:30"), local(MSK, "2026-03-07 23:00")], "both listed for the manager");
    assert!(breaches.iter().all(|b| b.violations.iter().any(|v| v.rule.as_str() == "call_hours")));
    drop(state);
    // The same time is still refused for a call planned ahead.
    let planned = world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-09 21:30"));
    assert_eq!(planned.unwrap_err().kind(), ErrorKind::AggressionLimit);
}

#[test]
fn bringing_a_cancelled_touch_back_keeps_the_policy() {
    let mut world = World::new();
    let company = world.add("ООО «Ромашка»", ClientKind::Company, Some(MSK));
    world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 10:00")).unwrap();
    let first = world.engine.state().touches.of_client(&company).next().unwrap().id();
    // Cancel the first call, plan two more that week; bringing the first back is refused.
    let cancelled =
        block_on(world.engine.execute(Command::CancelTouch { touch: first, reason: None }, world.now)).unwrap();
    world.plan(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-03 10:00")).unwrap();
    world
        .plan_with(&company, Channel::Call, Origin::Sales, local(MSK, "2026-03-04 11:00"), |t| {
            t.override_reason = Some("ok".into())
        })
        .unwrap();
    let error = world.run(Command::Revert { event: cancelled[0].id.clone(), force: true }).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Conflict, "{error}");
}

#[test]
fn a_verdict_says_whether_planning_would_take_the_touch_as_given() {
    let mut world = World::new();
    let person = world.add("Анна", ClientKind::Person, Some(MSK));
    world.plan(&person, Channel::Call, Origin::Sales, local(MSK, "2026-03-02 10:00")).unwrap();
    let candidate = |at: &str, overridden: bool, requested: bool| Candidate {
        client: person.clone(),
        channel: Channel::Call,
        origin: Origin::Sales,
        direction: Direction::Outbound,
        requested,
        overridden,
        at: local(MSK, at),
    };
    // (asked at, overridden, requested) → (allowed, overridable, next allowed, next clear)
    type Asked<'a> = (&'a str, bool, bool);
    type Answer<'a> = (bool, bool, &'a str, &'a str);
    let cases: [(Asked<'_>, Answer<'_>); 7] = [
        // Nothing broken: both times are the one asked about.
        (("2026-03-04 10:00", false, false), (true, false, "2026-03-04 10:00", "2026-03-04 10:00")),
        // Only the 24-hour gap (a warning): refused without a reason, taken with one.
        (("2026-03-02 12:00", false, false), (false, true, "2026-03-02 12:00", "2026-03-03 10:00")),
        (("2026-03-02 12:00", true, false), (true, false, "2026-03-02 12:00", "2026-03-03 10:00")),
        // Only call hours (a block): an override changes nothing.
        (("2026-03-04 21:00", false, false), (false, false, "2026-03-05 09:00", "2026-03-05 09:00")),
        (("2026-03-04 21:00", true, false), (false, false, "2026-03-05 09:00", "2026-03-05 09:00")),
        // Both: the block clears at 09:00, the warning at 10:00, 24 hours after the call.
        (("2026-03-02 21:00", false, false), (false, false, "2026-03-03 09:00", "2026-03-03 10:00")),
        // A callback the client asked for is never refused.
        (("2026-03-02 21:00", false, true), (true, false, "2026-03-02 21:00", "2026-03-02 21:00")),
    ];
    for ((at, overridden, requested), (allowed, overridable, next, clear)) in cases {
        let state = world.engine.state();
        let verdict = state.policy.check(&state, &candidate(at, overridden, requested));
        let got = (verdict.allowed, verdict.overridable, verdict.next_allowed_at, verdict.next_clear_at);
        assert_eq!(got, (allowed, overridable, Some(local(MSK, next)), Some(local(MSK, clear))), "{at} {overridden}");
    }
}

/// The consent rule on every path a touch takes (check, plan, log): marketing needs a
/// current marketing consent; a contact refused stops every outbound touch; inbound and
/// requested touches pass; a later record (a withdrawal, a new yes) decides.
#[test]
fn the_consent_rule_refuses_marketing_without_consent_and_anything_once_contact_is_refused() {
    // (records in order as (contact, marketing), origin, channel, refused with)
    type Case = (&'static [(bool, bool)], Origin, Channel, Option<ConsentProblem>);
    let cases: &[Case] = &[
        (&[], Origin::Marketing, Channel::Email, Some(ConsentProblem::NoMarketingConsent)),
        (&[], Origin::Sales, Channel::Call, None),
        (&[(true, false)], Origin::Marketing, Channel::MarketingSend, Some(ConsentProblem::NoMarketingConsent)),
        (&[(true, true)], Origin::Marketing, Channel::MarketingSend, None),
        (&[(true, true), (true, false)], Origin::Marketing, Channel::Email, Some(ConsentProblem::NoMarketingConsent)),
        (&[(true, true), (false, false)], Origin::Sales, Channel::Call, Some(ConsentProblem::ContactWithdrawn)),
        (&[(false, false), (true, false)], Origin::Sales, Channel::Call, None),
        (&[(false, true)], Origin::Service, Channel::Email, Some(ConsentProblem::ContactWithdrawn)),
    ];
    for (records, origin, channel, expected) in cases {
        let mut world = World::new();
        let mut new = NewClient::named(ClientKind::Person, "Анна".parse().unwrap());
        new.fields.time_zone = Some(MSK.parse().unwrap());
        let events = block_on(world.engine.execute(Command::AddClient(new), world.now)).unwrap();
        let client = events[0].payload.clients()[0].clone();
        for (contact, marketing) in *records {
            world.consent(&client, *contact, *marketing);
        }
        let at = local(MSK, "2026-03-03 11:00");
        let verdict = world.check(&client, *channel, *origin, at);
        let reasons: Vec<_> = verdict.violations.iter().filter_map(|v| v.reason).collect();
        assert_eq!(reasons.first().copied(), *expected, "{records:?} {origin:?}");
        let planned = world.plan(&client, *channel, *origin, at);
        let logged = world.run(Command::LogTouch {
            touch: NewTouch {
                direction: Direction::Outbound,
                origin: *origin,
                at: Some(world.now),
                ..NewTouch::new(client.clone(), *channel)
            },
            result: None,
            outcome: None,
            nps: None,
        });
        if let Some(expected) = expected {
            let verdict = refused(planned);
            assert!(verdict
                .violations
                .iter()
                .any(|v| v.reason == Some(*expected) && v.rule.as_str() == "marketing_consent"));
            assert_eq!(verdict.next_allowed_at, None, "no time passes a consent rule");
            // What happened is recorded (a fact), and listed for the manager as a breach.
            logged.unwrap();
            let view = world.engine.view();
            let breaches = view.limit_breaches(world.now - chrono::Duration::days(1));
            assert!(breaches.iter().any(|b| b.violations.iter().any(|v| v.reason == Some(*expected))), "{breaches:?}");
            drop(view);
            // What the client asks for, and what comes in, is never refused.
            assert!(world.plan_with(&client, *channel, *origin, at, |t| t.requested = true).is_ok());
            assert!(world.plan_with(&client, *channel, *origin, at, |t| t.direction = Direction::Inbound).is_ok());
        } else {
            planned.unwrap();
            logged.unwrap();
        }
    }
}
