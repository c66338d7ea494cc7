//! The follow-up planner through the engine: hot leads first, each in its own hours, the
//! rep's daily cap, every kind of refusal, the plan's own touches counted by the policy,
//! the commit (and its re-check at commit time); and property tests over random bases and
//! policies: nothing the planner plans is refused by the policy check, no day over the cap,
//! hot before warm before cold when nothing else stands in the way.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::command::NewTouch;
use ripen_core::follow_up::{FollowUpRequest, Lead, Priority};
use ripen_core::follow_ups::{FollowUpPlan, RefusalReason};
use ripen_core::people::{Role, UserProfile};
use ripen_core::policy::{Action, CalendarUnit, Candidate, Limit, Pending, Rule, Scope, Window};
use ripen_core::relationship::RelationKind;
use ripen_core::touch::{Direction, Origin, Plan};
use ripen_core::values::{Channel, CountryCode, Phone};
use ripen_core::{ClientId, ClientKind, Command, Engine, ErrorKind, MemoryStore, NewClient, ReplicaId, UserId};

const MSK: &str = "Europe/Moscow";
const ZONES: [&str; 4] = [MSK, "Asia/Vladivostok", "Europe/Kaliningrad", "America/New_York"];

fn local(zone: &str, text: &str) -> DateTime<Utc> {
    let zone: chrono_tz::Tz = zone.parse().unwrap();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    zone.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
}

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

struct World {
    engine: Engine<MemoryStore>,
    /// Sunday 2026-03-01 12:00 UTC.
    now: DateTime<Utc>,
}

/// How a test client can be reached.
#[derive(Debug, Clone, Copy)]
struct Reach {
    phone: bool,
    email: bool,
}

const BOTH: Reach = Reach { phone: true, email: true };

impl World {
    fn new() -> Self {
        let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(5), user("anna"))).unwrap();
        Self { engine, now: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() }
    }

    fn run(&self, command: Command) {
        block_on(self.engine.execute(command, self.now)).unwrap();
    }

    fn add(&self, name: &str, kind: ClientKind, zone: Option<&str>, reach: Reach) -> ClientId {
        let mut new = NewClient::named(kind, name.parse().unwrap());
        new.fields.time_zone = zone.map(|z| z.parse().unwrap());
        if reach.phone {
            new.fields.phones = vec![Phone::parse("+7 383 200-00-00", CountryCode::RUSSIA).unwrap()];
        }
        if reach.email {
            new.fields.emails = vec!["lead@example.com".parse().unwrap()];
        }
        let events = block_on(self.engine.execute(Command::AddClient(new), self.now)).unwrap();
        events[0].payload.clients()[0].clone()
    }

    fn person(&self, name: &str) -> ClientId {
        self.add(name, ClientKind::Person, None, BOTH)
    }

    fn employ(&self, company: &ClientId, person: &ClientId) {
        self.run(Command::Link {
            from: company.clone(),
            to: person.clone(),
            kind: RelationKind::Employee,
            position: None,
            since: None,
        });
    }

    fn plan_touch(&self, client: &ClientId, channel: Channel, at: DateTime<Utc>) -> Result<(), ripen_core::Error> {
        let touch =
            NewTouch { at: Some(at), override_reason: Some("agreed".into()), ..NewTouch::new(client.clone(), channel) };
        let plan = Plan::parse("send_offer", "approach", "result").unwrap();
        block_on(self.engine.execute(Command::PlanTouch { touch, plan }, self.now)).map(drop)
    }

    fn only(&self, rules: Vec<Rule>) {
        let ids: Vec<_> = self.engine.state().policy.rules.iter().map(|r| r.id.clone()).collect();
        for id in ids {
            self.run(Command::RemoveRule { rule: id });
        }
        for rule in rules {
            self.run(Command::SaveRule { rule });
        }
    }

    fn request(&self, leads: &[(&ClientId, Priority)]) -> FollowUpRequest {
        let leads = leads
            .iter()
            .map(|(client, priority)| Lead { client: (*client).clone(), priority: *priority, captured_at: None })
            .collect();
        FollowUpRequest::new(leads, self.now)
    }

    fn preview(&self, request: &FollowUpRequest) -> FollowUpPlan {
        self.engine.view().preview_follow_ups(&self.engine.user(), request).unwrap()
    }

    fn commit(&self, request: &FollowUpRequest) -> FollowUpPlan {
        block_on(self.engine.plan_follow_ups(request, self.now)).unwrap()
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

fn times(plan: &FollowUpPlan) -> Vec<(ClientId, DateTime<Utc>, Channel)> {
    plan.planned.iter().map(|p| (p.client.clone(), p.at, p.channel)).collect()
}

fn reasons(plan: &FollowUpPlan) -> Vec<(ClientId, RefusalReason)> {
    plan.refused.iter().map(|r| (r.client.clone(), r.reason)).collect()
}

#[test]
fn hot_leads_come_first_each_in_its_own_hours_and_channel() {
    let world = World::new();
    let cold = world.person("Холодный");
    let hot = world.person("Горячий");
    let warm_no_phone = world.add("Тёплый", ClientKind::Person, None, Reach { phone: false, email: true });
    let far = world.add("Владивосток", ClientKind::Person, Some("Asia/Vladivostok"), BOTH);
    let plan = world.preview(&world.request(&[
        (&cold, Priority::Cold),
        (&warm_no_phone, Priority::Warm),
        (&hot, Priority::Hot),
        (&far, Priority::Hot),
    ]));
    // Monday 9:00 in each client's zone; the plan's touches 15 minutes apart.
    assert_eq!(
        times(&plan),
        vec![
            (hot.clone(), local(MSK, "2026-03-02 09:00"), Channel::Call),
            (far.clone(), local("Asia/Vladivostok", "2026-03-02 09:00"), Channel::Call),
            (warm_no_phone.clone(), local(MSK, "2026-03-02 09:15"), Channel::Email),
            (cold.clone(), local(MSK, "2026-03-02 09:30"), Channel::Email),
        ]
    );
    assert!(plan.refused.is_empty());
    assert_eq!(plan.until, local(MSK, "2026-03-07 00:00"));
    assert_eq!(plan.planned[0].goal.to_string(), "offer_follow_up");
    assert_eq!(plan.planned[3].goal.to_string(), "identify_interest");
}

#[test]
fn a_daily_cap_spreads_the_leads_over_the_days_and_counts_what_is_on_record() {
    // (cap, touches the rep already planned on Monday, the days the five leads land on)
    let cases: &[(u32, usize, [u32; 5])] =
        &[(2, 0, [2, 2, 3, 3, 4]), (3, 0, [2, 2, 2, 3, 3]), (2, 1, [2, 3, 3, 4, 4]), (5, 0, [2, 2, 2, 2, 2])];
    for (cap, on_record, days) in cases {
        let world = World::new();
        let leads: Vec<ClientId> = (0..5).map(|i| world.person(&format!("Лид {i}"))).collect();
        for i in 0..*on_record {
            let other = world.person(&format!("Старый {i}"));
            world.plan_touch(&other, Channel::Call, local(MSK, "2026-03-02 15:00")).unwrap();
        }
        let mut request = world.request(&leads.iter().map(|c| (c, Priority::Hot)).collect::<Vec<_>>());
        request.capacity = Some(*cap);
        let plan = world.preview(&request);
        let landed: Vec<u32> =
            plan.planned.iter().map(|p| p.at.with_timezone(&chrono_tz::Europe::Moscow).day()).collect();
        assert_eq!(landed, days, "cap {cap}, {on_record} on record");
    }
}

#[test]
fn each_kind_of_refusal_says_why() {
    let world = World::new();
    let ok = world.person("Годный");
    let removed = world.person("Удалённый");
    world.run(Command::RemoveClient { client: removed.clone() });
    let no_phone = world.add("Без телефона", ClientKind::Person, None, Reach { phone: false, email: true });
    let planned = world.person("Уже запланирован");
    world.plan_touch(&planned, Channel::Email, local(MSK, "2026-03-03 10:00")).unwrap();
    let unknown: ClientId = "c0000000000099.1".parse().unwrap();
    let blocked = world.person("Заблокирован");
    // Two sales calls to its company this week already: the company rule blocks a third.
    let company = world.add("ООО Ромашка", ClientKind::Company, None, BOTH);
    world.employ(&company, &blocked);
    world.plan_touch(&company, Channel::Call, local(MSK, "2026-03-02 10:00")).unwrap();
    world.plan_touch(&company, Channel::Call, local(MSK, "2026-03-03 10:00")).unwrap();
    let plan = world.preview(&world.request(&[
        (&ok, Priority::Hot),
        (&removed, Priority::Hot),
        (&no_phone, Priority::Hot),
        (&planned, Priority::Cold),
        (&unknown, Priority::Hot),
        (&blocked, Priority::Hot),
    ]));
    assert_eq!(times(&plan).len(), 1);
    assert_eq!(
        reasons(&plan),
        vec![
            (removed, RefusalReason::Removed),
            (no_phone, RefusalReason::NoAddress),
            (planned, RefusalReason::AlreadyPlanned),
            (unknown, RefusalReason::NotFound),
            (blocked, RefusalReason::Policy),
        ]
    );
    let policy = &plan.refused[4];
    assert_eq!(policy.violations.iter().map(|v| v.rule.to_string()).collect::<Vec<_>>(), ["sales_calls_per_company"]);
    assert_eq!(policy.next_allowed_at, Some(local(MSK, "2026-03-09 10:00")));
}

#[test]
fn the_plans_own_touches_count_against_the_limits() {
    let world = World::new();
    let company = world.add("ООО Ромашка", ClientKind::Company, None, BOTH);
    let staff: Vec<ClientId> = (0..3).map(|i| world.person(&format!("Сотрудник {i}"))).collect();
    for person in &staff {
        world.employ(&company, person);
    }
    // The default rule: at most 2 outbound sales calls per company in 7 days.
    let plan = world.preview(&world.request(&staff.iter().map(|c| (c, Priority::Hot)).collect::<Vec<_>>()));
    assert_eq!(plan.planned.len(), 2);
    assert_eq!(reasons(&plan), vec![(staff[2].clone(), RefusalReason::Policy)]);
}

#[test]
fn the_horizon_the_cap_and_the_hours_refuse_what_does_not_fit() {
    /// (days, cap, hours, leads, planned, the reason of the rest)
    type Case = (u32, Option<u32>, (u32, u32), usize, usize, Option<RefusalReason>);
    let cases: &[Case] = &[
        (1, Some(1), (9, 18), 3, 1, Some(RefusalReason::Capacity)),
        (2, Some(1), (9, 18), 3, 2, Some(RefusalReason::Capacity)),
        // One hour, 15 minutes apart: four a day.
        (1, None, (9, 10), 6, 4, Some(RefusalReason::Capacity)),
        (3, None, (9, 10), 6, 6, None),
    ];
    for (days, cap, (from, to), leads, planned, rest) in cases {
        let world = World::new();
        let clients: Vec<ClientId> = (0..*leads).map(|i| world.person(&format!("Лид {i}"))).collect();
        let mut request = world.request(&clients.iter().map(|c| (c, Priority::Warm)).collect::<Vec<_>>());
        (request.days, request.capacity) = (*days, *cap);
        request.hours = (
            chrono::NaiveTime::from_hms_opt(*from, 0, 0).unwrap(),
            chrono::NaiveTime::from_hms_opt(*to, 0, 0).unwrap(),
        );
        let plan = world.preview(&request);
        assert_eq!(plan.planned.len(), *planned, "{days} days, cap {cap:?}");
        assert!(plan.refused.iter().all(|r| Some(r.reason) == *rest), "{:?}", plan.refused);
        assert!(plan.planned.iter().all(|p| p.at < plan.until));
    }
}

#[test]
fn a_call_hours_rule_narrower_than_the_working_hours_moves_the_calls() {
    let world = World::new();
    let lead = world.person("Лид");
    world.only(vec![rule(
        "afternoons",
        Scope::Person,
        &[Channel::Call],
        Limit::AllowedHours {
            from: chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            to: chrono::NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
            weekdays_only: true,
        },
        Action::Block,
    )]);
    let plan = world.preview(&world.request(&[(&lead, Priority::Hot)]));
    assert_eq!(times(&plan), vec![(lead, local(MSK, "2026-03-02 14:00"), Channel::Call)]);
}

#[test]
fn committing_writes_the_touches_in_one_commit_and_rechecks_them() {
    let world = World::new();
    let a = world.person("Анна");
    let b = world.person("Борис");
    let request = world.request(&[(&a, Priority::Warm), (&b, Priority::Hot)]);
    let preview = world.preview(&request);
    let before = world.engine.state().event_count();
    let committed = world.commit(&request);
    assert_eq!(world.engine.state().event_count(), before + 2);
    assert_eq!(times(&committed), times(&preview));
    for follow_up in &committed.planned {
        let touch = block_on(world.engine.touch(follow_up.touch.as_ref().unwrap())).unwrap();
        assert_eq!(
            (touch.client, touch.at, touch.channel),
            (follow_up.client.clone(), follow_up.at, follow_up.channel)
        );
        assert_eq!(touch.plan.unwrap().planned_result, follow_up.planned_result);
    }
    // Planned again: both are refused now, they have their touches.
    let again = world.commit(&request);
    assert!(again.planned.is_empty());
    assert_eq!(reasons(&again), vec![(a.clone(), RefusalReason::AlreadyPlanned), (b, RefusalReason::AlreadyPlanned)]);
}

#[test]
fn the_commit_plans_against_the_state_as_it_is_then() {
    let world = World::new();
    let company = world.add("ООО Ромашка", ClientKind::Company, None, BOTH);
    let person = world.person("Сотрудник");
    world.employ(&company, &person);
    let request = world.request(&[(&person, Priority::Hot)]);
    assert_eq!(world.preview(&request).planned.len(), 1);
    // Meanwhile someone plans two calls to the company: the lead's call is refused now.
    world.plan_touch(&company, Channel::Call, local(MSK, "2026-03-02 10:00")).unwrap();
    world.plan_touch(&company, Channel::Call, local(MSK, "2026-03-03 10:00")).unwrap();
    let committed = world.commit(&request);
    assert!(committed.planned.is_empty());
    assert_eq!(reasons(&committed), vec![(person, RefusalReason::Policy)]);
}

#[test]
fn bad_options_are_typed_errors_and_others_clients_are_not_found() {
    let world = World::new();
    let lead = world.person("Лид");
    for days in [0, 61] {
        let mut request = world.request(&[(&lead, Priority::Hot)]);
        request.days = days;
        let error = world.engine.view().preview_follow_ups(&user("anna"), &request).unwrap_err();
        assert_eq!((error.kind(), error.to_string().contains("days")), (ErrorKind::Validation, true));
        let error = block_on(world.engine.plan_follow_ups(&request, world.now)).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Validation);
    }
    // A rep who does not own the client: not found, as if it were not there.
    world.run(Command::SaveUser { user: user("anna"), profile: UserProfile::new("Анна", Role::Admin, None) });
    world.run(Command::SaveUser { user: user("boris"), profile: UserProfile::new("Борис", Role::Manager, None) });
    block_on(world.engine.switch_user(user("boris"))).unwrap();
    let plan = world.commit(&world.request(&[(&lead, Priority::Hot)]));
    assert_eq!(reasons(&plan), vec![(lead, RefusalReason::NotFound)]);
    // Someone who is no user at all is refused outright.
    let ghost = ripen_core::View::of(world.engine.state(), &user("ghost"));
    let error = ghost.preview_follow_ups(&user("ghost"), &world.request(&[])).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Forbidden);
}

/// A rule drawn at random: any scope, count, gap or hours, block or warn.
fn any_rule() -> impl Strategy<Value = Rule> {
    let scope = prop_oneof![Just(Scope::Person), Just(Scope::Company), Just(Scope::Group)];
    let channels = prop::sample::subsequence(vec![Channel::Call, Channel::Email, Channel::Message], 0..=2);
    let limit = prop_oneof![
        (1u32..4, 1u32..(24 * 10)).prop_map(|(max, hours)| Limit::Count { max, window: Window::Rolling { hours } }),
        (1u32..4, 0usize..3).prop_map(|(max, unit)| Limit::Count {
            max,
            window: Window::Calendar { unit: [CalendarUnit::Day, CalendarUnit::Week, CalendarUnit::Month][unit] }
        }),
        (1u32..72).prop_map(|hours| Limit::MinGap { hours }),
        (6u32..14, 1u32..10, any::<bool>()).prop_map(|(from, length, weekdays_only)| Limit::AllowedHours {
            from: chrono::NaiveTime::from_hms_opt(from, 0, 0).unwrap(),
            to: chrono::NaiveTime::from_hms_opt((from + length).min(23), 30, 0).unwrap(),
            weekdays_only,
        }),
    ];
    let action = prop_oneof![Just(Action::Block), Just(Action::Warn)];
    (scope, channels, limit, action)
        .prop_map(|(scope, channels, limit, action)| rule("random", scope, &channels, limit, action))
}

/// A base drawn at random: companies and people in several zones, some employed, some
/// with touches already planned, and the leads to follow up.
#[derive(Debug, Clone)]
struct Base {
    /// (zone, reach by phone, reach by e-mail, employer among the companies)
    people: Vec<(usize, bool, bool, Option<usize>)>,
    companies: usize,
    /// (person, hours after the start, channel)
    touches: Vec<(usize, i64, usize)>,
    /// (person, priority, captured minutes after the start)
    leads: Vec<(usize, usize, Option<u32>)>,
    rules: Vec<Rule>,
    days: u32,
    capacity: Option<u32>,
    spacing: u32,
    start_hours: i64,
}

fn any_base() -> impl Strategy<Value = Base> {
    (
        prop::collection::vec(
            (0..ZONES.len(), prop::bool::weighted(0.8), prop::bool::weighted(0.8), prop::option::of(0usize..3)),
            2..16,
        ),
        prop::collection::vec((0usize..16, 0i64..(24 * 8), 0usize..3), 0..10),
        prop::collection::vec((0usize..16, 0usize..3, prop::option::of(0u32..600)), 1..20),
        prop::collection::vec(any_rule(), 0..4),
        1u32..6,
        prop::option::of(1u32..4),
        prop_oneof![Just(0u32), Just(15), Just(60)],
        0i64..(24 * 7),
    )
        .prop_map(|(people, touches, leads, rules, days, capacity, spacing, start_hours)| Base {
            people,
            companies: 3,
            touches,
            leads,
            rules,
            days,
            capacity,
            spacing,
            start_hours,
        })
}

const CHANNELS: [Channel; 3] = [Channel::Call, Channel::Email, Channel::Message];
const PRIORITIES: [Priority; 3] = [Priority::Hot, Priority::Warm, Priority::Cold];

impl Base {
    /// The world it describes, and the request for its leads.
    fn build(&self, keep_default_rules: bool) -> (World, FollowUpRequest) {
        let world = World::new();
        let companies: Vec<ClientId> = (0..self.companies)
            .map(|i| world.add(&format!("Компания {i}"), ClientKind::Company, Some(ZONES[i % ZONES.len()]), BOTH))
            .collect();
        let people: Vec<ClientId> = self
            .people
            .iter()
            .enumerate()
            .map(|(i, (zone, phone, email, employer))| {
                let person = world.add(
                    &format!("Человек {i}"),
                    ClientKind::Person,
                    Some(ZONES[*zone]),
                    Reach { phone: *phone, email: *email },
                );
                if let Some(company) = employer {
                    world.employ(&companies[*company], &person);
                }
                person
            })
            .collect();
        if !keep_default_rules {
            world.only(self.rules.clone());
        }
        let start = world.now + Duration::hours(self.start_hours);
        for (person, hours, channel) in &self.touches {
            if let Some(person) = people.get(person % people.len()) {
                // Planned past the rules (an override or a refusal): what is on record
                // is what the base holds, whatever it is.
                let _ = world.plan_touch(person, CHANNELS[*channel], start + Duration::hours(*hours));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        let leads = self
            .leads
            .iter()
            .filter_map(|(person, priority, captured)| {
                let client = people.get(person % people.len())?.clone();
                seen.insert(client.clone()).then(|| Lead {
                    client,
                    priority: PRIORITIES[*priority],
                    captured_at: captured.map(|m| start + Duration::minutes(i64::from(m))),
                })
            })
            .collect();
        let mut request = FollowUpRequest::new(leads, start);
        (request.days, request.capacity, request.spacing_minutes) = (self.days, self.capacity, self.spacing);
        (world, request)
    }
}

/// Checks a plan against the state it was made on: each touch allowed by the policy with
/// the plan's earlier ones counted, within the client's hours and the horizon, apart by
/// the spacing, and no day of the rep over the cap.
fn keeps_every_limit(world: &World, request: &FollowUpRequest, plan: &FollowUpPlan) -> Result<(), TestCaseError> {
    let state = world.engine.state();
    let mut pending: Vec<Pending> = Vec::new();
    for follow_up in &plan.planned {
        let candidate = Candidate {
            client: follow_up.client.clone(),
            channel: follow_up.channel,
            origin: Origin::Sales,
            direction: Direction::Outbound,
            requested: false,
            overridden: false,
            at: follow_up.at,
        };
        let verdict = state.policy.check_alongside(&state, &candidate, &pending);
        prop_assert!(verdict.allowed && verdict.violations.is_empty(), "{follow_up:?} refused: {verdict:?}");
        let zone = state.policy.time_zone_of(&state, &follow_up.client);
        let local = follow_up.at.with_timezone(&zone).naive_local();
        prop_assert!(local.weekday().num_days_from_monday() < 5, "{follow_up:?} on a weekend ({local})");
        prop_assert!(
            local.time() >= request.hours.0 && local.time() < request.hours.1,
            "{follow_up:?} out of hours ({local})"
        );
        prop_assert!(follow_up.at >= request.start && follow_up.at < plan.until);
        pending.push(Pending {
            client: follow_up.client.clone(),
            channel: follow_up.channel,
            origin: Origin::Sales,
            at: follow_up.at,
        });
    }
    let mut ats: Vec<DateTime<Utc>> = plan.planned.iter().map(|p| p.at).collect();
    ats.sort();
    for pair in ats.windows(2) {
        prop_assert!(pair[1] - pair[0] >= Duration::minutes(i64::from(request.spacing_minutes)), "too close: {pair:?}");
    }
    if let Some(cap) = request.capacity {
        let base = state.policy.default_time_zone.zone();
        let mut per_day: std::collections::BTreeMap<NaiveDate, u32> = Default::default();
        let on_record = state.touches.all().filter(|t| {
            t.author.as_str() == "anna"
                && t.status == ripen_core::touch_book::Progress::Planned
                && t.at >= request.start
                && t.at < plan.until
        });
        for at in on_record.map(|t| t.at).chain(plan.planned.iter().map(|p| p.at)) {
            *per_day.entry(at.with_timezone(&base).date_naive()).or_default() += 1;
        }
        // Days the plan adds to hold at most the cap (days already over it before the plan
        // get nothing more).
        let added: std::collections::BTreeSet<NaiveDate> =
            plan.planned.iter().map(|p| p.at.with_timezone(&base).date_naive()).collect();
        for day in added {
            prop_assert!(per_day[&day] <= cap, "day {day} over the cap {cap}: {per_day:?}");
        }
    }
    // Every lead is either planned or refused, once.
    prop_assert_eq!(plan.planned.len() + plan.refused.len(), request.leads.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the base and the policy, the planner plans nothing the policy check
    /// refuses (its own earlier touches counted), no day over the cap; and the commit
    /// writes exactly what a preview of the same state shows.
    #[test]
    fn the_planner_never_plans_what_the_policy_refuses(base in any_base(), defaults in prop::bool::weighted(0.3)) {
        let (world, request) = base.build(defaults);
        let preview = world.preview(&request);
        keeps_every_limit(&world, &request, &preview)?;
        let committed = world.commit(&request);
        prop_assert_eq!(times(&committed), times(&preview));
        prop_assert_eq!(reasons(&committed), reasons(&preview));
        // Each written touch is on record as planned.
        for follow_up in &committed.planned {
            let touch = world.engine.state().touches.get(follow_up.touch.as_ref().unwrap()).map(|t| (t.client.clone(), t.at));
            prop_assert_eq!(touch, Some((follow_up.client.clone(), follow_up.at)));
        }
    }

    /// With no rules, one zone, no cap and nothing on record, the slots follow the
    /// priorities: every hot lead before every warm one, every warm before every cold.
    #[test]
    fn hot_before_warm_before_cold_when_nothing_stands_in_the_way(
        priorities in prop::collection::vec(0usize..3, 1..30),
        spacing in prop_oneof![Just(0u32), Just(15), Just(45)],
    ) {
        let world = World::new();
        world.only(Vec::new());
        let clients: Vec<ClientId> = priorities.iter().enumerate().map(|(i, _)| world.person(&format!("Лид {i}"))).collect();
        let leads: Vec<(&ClientId, Priority)> = clients.iter().zip(&priorities).map(|(c, p)| (c, PRIORITIES[*p])).collect();
        let mut request = world.request(&leads);
        request.spacing_minutes = spacing;
        let plan = world.preview(&request);
        prop_assert!(plan.refused.is_empty(), "{:?}", plan.refused);
        let mut by_time: Vec<(DateTime<Utc>, Priority)> = plan.planned.iter().map(|p| (p.at, p.priority)).collect();
        by_time.sort();
        for pair in by_time.windows(2) {
            prop_assert!(pair[0].1 <= pair[1].1, "{:?} planned before {:?}", pair[0], pair[1]);
        }
        prop_assert!(plan.planned.iter().all(|p| p.at.with_timezone(&chrono_tz::Europe::Moscow).hour() >= 9));
    }
}
