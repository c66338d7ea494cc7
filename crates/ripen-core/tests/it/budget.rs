//! The contact budget (`Policy::budget`, `View::contact_budget`) with fixed clocks: each
//! rule kind as its budget row; company and holding scopes counting a colleague's touch,
//! hidden from a user who may not see the colleague; and a property test that the budget
//! agrees with the check.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::command::NewTouch;
use ripen_core::lead::{Consent, ConsentProblem};
use ripen_core::people::{Role, UserProfile};
use ripen_core::policy::{Action, CalendarUnit, Candidate, Limit, Rule, Scope, Verdict, Window};
use ripen_core::relationship::RelationKind;
use ripen_core::touch::{Direction, Origin};
use ripen_core::values::Channel;
use ripen_core::{
    ClientId, ClientKind, Command, ContactBudget, Engine, Error, ErrorKind, LimitBudget, MemoryStore, NewClient,
    ReplicaId, RuleBudget, View,
};

const MSK: &str = "Europe/Moscow";

/// An instant from a Moscow wall time.
fn msk(text: &str) -> DateTime<Utc> {
    let zone: chrono_tz::Tz = MSK.parse().unwrap();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    zone.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
}

struct World {
    engine: Engine<MemoryStore>,
    /// Sunday 2026-03-01 12:00 UTC; touches are planned after it.
    now: DateTime<Utc>,
}

impl World {
    fn new() -> Self {
        let engine =
            block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(3), "root".parse().unwrap())).unwrap();
        Self { engine, now: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() }
    }

    fn run(&mut self, command: Command) -> Result<(), Error> {
        block_on(self.engine.execute(command, self.now)).map(drop)
    }

    fn add(&mut self, name: &str, kind: ClientKind, owner: Option<&str>) -> ClientId {
        let mut new = NewClient::named(kind, name.parse().unwrap());
        new.fields.time_zone = Some(MSK.parse().unwrap());
        new.owner = owner.map(|o| o.parse().unwrap());
        let events = block_on(self.engine.execute(Command::AddClient(new), self.now)).unwrap();
        let client = events[0].payload.clients()[0].clone();
        self.consent(&client, true, true);
        client
    }

    fn consent(&mut self, client: &ClientId, contact: bool, marketing: bool) {
        let consent = Consent { contact, marketing, source: "stand".parse().unwrap(), at: self.now };
        self.run(Command::RecordConsent { client: client.clone(), consent }).unwrap();
    }

    fn link(&mut self, from: &ClientId, to: &ClientId, kind: RelationKind) {
        let link = Command::Link { from: from.clone(), to: to.clone(), kind, position: None, since: None };
        self.run(link).unwrap();
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

    fn plan(&mut self, client: &ClientId, channel: Channel, at: DateTime<Utc>) {
        self.plan_with(client, channel, Origin::Sales, at, |_| {}).unwrap();
    }

    fn only(&mut self, rules: Vec<Rule>) {
        let ids: Vec<_> = self.engine.state().policy.rules.iter().map(|r| r.id.clone()).collect();
        for id in ids {
            self.run(Command::RemoveRule { rule: id }).unwrap();
        }
        for rule in rules {
            self.run(Command::SaveRule { rule }).unwrap();
        }
    }

    fn budget(&self, client: &ClientId, at: DateTime<Utc>) -> ContactBudget {
        let state = self.engine.state();
        state.policy.budget(&state, client, at)
    }

    fn check(&self, client: &ClientId, channel: Channel, origin: Origin, at: DateTime<Utc>) -> Verdict {
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
}

fn rule(id: &str, scope: Scope, channels: &[Channel], limit: Limit) -> Rule {
    Rule {
        id: id.parse().unwrap(),
        name: id.into(),
        scope,
        channels: channels.iter().copied().collect(),
        origins: Default::default(),
        limit,
        action: Action::Block,
        counts_exempt: false,
    }
}

fn count(scope: Scope, max: u32, window: Window) -> Rule {
    rule("count", scope, &[], Limit::Count { max, window })
}

fn row(budget: &ContactBudget) -> &RuleBudget {
    assert_eq!(budget.rules.len(), 1, "{budget:?}");
    &budget.rules[0]
}

/// (max, used, left, start, end, how many counted touches are the client's own)
fn counts(row: &RuleBudget) -> (u32, u32, u32, DateTime<Utc>, DateTime<Utc>, usize) {
    match &row.limit {
        LimitBudget::Count { max, used, left, start, end, touches, .. } => {
            (*max, *used, *left, *start, *end, touches.iter().filter(|t| t.own).count())
        }
        other => panic!("not a count: {other:?}"),
    }
}

#[test]
fn each_rule_kind_gives_its_budget_row() {
    let hours = |from: u32, to: u32| Limit::AllowedHours {
        from: chrono::NaiveTime::from_hms_opt(from, 0, 0).unwrap(),
        to: chrono::NaiveTime::from_hms_opt(to, 0, 0).unwrap(),
        weekdays_only: true,
    };
    // (rule, touches planned (Moscow time), budget asked at, expected check on the row)
    type Expect = fn(&RuleBudget);
    let cases: [(Rule, &[&str], &str, Expect); 6] = [
        (
            count(Scope::Person, 3, Window::Calendar { unit: CalendarUnit::Week }),
            &["2026-03-02 10:00", "2026-03-03 10:00"],
            "2026-03-04 12:00",
            |row| {
                assert_eq!(counts(row), (3, 2, 1, msk("2026-03-02 00:00"), msk("2026-03-09 00:00"), 2));
                assert!(row.open && row.opens_at.is_none());
            },
        ),
        (
            count(Scope::Person, 2, Window::Rolling { hours: 48 }),
            &["2026-03-02 10:00", "2026-03-02 14:00"],
            "2026-03-03 12:00",
            |row| {
                assert_eq!(counts(row), (2, 2, 0, msk("2026-03-01 12:00"), msk("2026-03-03 12:00"), 2));
                assert!(!row.open);
                assert_eq!(row.opens_at, Some(msk("2026-03-04 10:00")));
            },
        ),
        (
            // The window is the day in the client's zone; a touch of the day before is out.
            count(Scope::Person, 1, Window::Calendar { unit: CalendarUnit::Day }),
            &["2026-03-02 23:30", "2026-03-03 00:30"],
            "2026-03-03 12:00",
            |row| {
                assert_eq!(counts(row), (1, 1, 0, msk("2026-03-03 00:00"), msk("2026-03-04 00:00"), 1));
                assert_eq!(row.opens_at, Some(msk("2026-03-04 00:00")));
            },
        ),
        (
            rule("gap", Scope::Person, &[], Limit::MinGap { hours: 24 }),
            &["2026-03-02 10:00"],
            "2026-03-02 18:00",
            |row| {
                let LimitBudget::MinGap { hours, last, next, gap_ends_at } = &row.limit else { panic!("{row:?}") };
                assert_eq!(
                    (*hours, last.as_ref().map(|t| t.at), next, *gap_ends_at),
                    (24, Some(msk("2026-03-02 10:00")), &None, Some(msk("2026-03-03 10:00")))
                );
                assert_eq!((row.open, row.opens_at), (false, Some(msk("2026-03-03 10:00"))));
            },
        ),
        (
            rule("hours", Scope::Person, &[Channel::Call], hours(9, 20)),
            &[],
            // A Saturday: the hours open on Monday at nine.
            "2026-03-07 12:00",
            |row| {
                let LimitBudget::AllowedHours { inside, opens_at, .. } = &row.limit else { panic!("{row:?}") };
                assert_eq!((*inside, *opens_at), (false, Some(msk("2026-03-09 09:00"))));
                assert_eq!((row.open, row.opens_at), (false, Some(msk("2026-03-09 09:00"))));
                assert_eq!(row.channels, [Channel::Call]);
            },
        ),
        (rule("hours", Scope::Person, &[], hours(9, 20)), &[], "2026-03-06 12:00", |row| {
            let LimitBudget::AllowedHours { inside, opens_at, .. } = &row.limit else { panic!("{row:?}") };
            assert_eq!((*inside, *opens_at, row.open), (true, None, true));
        }),
    ];
    for (rule, touches, at, expect) in cases {
        let mut world = World::new();
        world.only(vec![rule]);
        let anna = world.add("Анна", ClientKind::Person, None);
        for touch in touches {
            world.plan(&anna, Channel::Email, msk(touch));
        }
        expect(row(&world.budget(&anna, msk(at))));
    }
}

#[test]
fn the_consent_row_says_which_origin_it_refuses() {
    let mut world = World::new();
    world.only(vec![ripen_core::policy::consent_rule()]);
    let anna = world.add("Анна", ClientKind::Person, None);
    // (contact, marketing) -> (sales refused, marketing refused, the rule open for sales)
    let cases = [
        ((true, true), None, None),
        ((true, false), None, Some(ConsentProblem::NoMarketingConsent)),
        ((false, false), Some(ConsentProblem::ContactWithdrawn), Some(ConsentProblem::ContactWithdrawn)),
    ];
    for ((contact, marketing), sales_refused, marketing_refused) in cases {
        world.now += Duration::minutes(1);
        world.consent(&anna, contact, marketing);
        let budget = world.budget(&anna, world.now + Duration::minutes(1));
        let row = row(&budget);
        assert_eq!(
            row.limit,
            LimitBudget::Consent { recorded: true, contact, marketing, sales_refused, marketing_refused },
        );
        assert_eq!((row.open, row.opens_at), (sales_refused.is_none(), None));
        let call = budget.channels.iter().find(|c| c.channel == Channel::Call).unwrap();
        assert_eq!(call.marketing.clear_at.is_some(), marketing_refused.is_none(), "{call:?}");
        assert_eq!(call.sales.clear_at.is_some(), sales_refused.is_none(), "{call:?}");
    }
}

/// A company with two employees, Анна (owned by anna) and Борис (owned by boris).
fn company(world: &mut World) -> (ClientId, ClientId, ClientId) {
    world.run(Command::SaveTeam { team: "msk".parse().unwrap(), name: "msk".into() }).unwrap();
    for (id, role) in [("root", Role::Admin), ("anna", Role::Manager), ("boris", Role::Manager)] {
        let profile = UserProfile::new(id, role, (role == Role::Manager).then(|| "msk".parse().unwrap()));
        world.run(Command::SaveUser { user: id.parse().unwrap(), profile }).unwrap();
    }
    let company = world.add("ООО «Ромашка»", ClientKind::Company, Some("anna"));
    let anna = world.add("Анна", ClientKind::Person, Some("anna"));
    let boris = world.add("Борис", ClientKind::Person, Some("boris"));
    world.link(&company, &anna, RelationKind::Employee);
    world.link(&company, &boris, RelationKind::Employee);
    (company, anna, boris)
}

#[test]
fn a_company_rule_counts_a_colleagues_touch_and_hides_who_from_a_user_who_may_not_see_them() {
    let mut world = World::new();
    world.only(vec![rule(
        "calls",
        Scope::Company,
        &[Channel::Call],
        Limit::Count { max: 2, window: Window::Rolling { hours: 7 * 24 } },
    )]);
    let (_, anna, boris) = company(&mut world);
    world.plan(&boris, Channel::Call, msk("2026-03-02 10:00"));
    world.plan(&anna, Channel::Call, msk("2026-03-03 10:00"));
    // A touch of another channel is not counted by a calls rule.
    world.plan(&boris, Channel::Email, msk("2026-03-03 11:00"));
    let at = msk("2026-03-04 12:00");
    let state = world.engine.state();
    for (who, sees_boris) in [("root", true), ("anna", false)] {
        let view = View::of(&*state, &who.parse().unwrap());
        let budget = view.contact_budget(&anna, at).unwrap();
        let row = row(&budget);
        assert_eq!(counts(row), (2, 2, 0, at - Duration::days(7), at, 1), "{who}");
        assert_eq!(row.scope, Scope::Company);
        let LimitBudget::Count { touches, .. } = &row.limit else { unreachable!() };
        let colleague = &touches[0];
        assert!(!colleague.own && colleague.channel == Channel::Call && colleague.at == msk("2026-03-02 10:00"));
        assert_eq!(colleague.client.as_ref() == Some(&boris), sees_boris, "{who}");
        assert_eq!(colleague.client_name.as_deref() == Some("Борис"), sees_boris, "{who}");
        assert_eq!(colleague.touch.is_some(), sees_boris, "{who}");
        assert_eq!(touches[1].client.as_ref(), Some(&anna));
        let json = ripen_json::to_string(&budget);
        assert_eq!(json.contains("Борис") || json.contains(boris.as_str()), sees_boris, "{who}: {json}");
    }
    // Boris does not see Анна: no budget of hers (out of sight is not found).
    let view = View::of(&*state, &"boris".parse().unwrap());
    assert_eq!(view.contact_budget(&anna, at).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn a_holding_rule_counts_a_touch_of_another_company_of_the_group() {
    let mut world = World::new();
    world.only(vec![count(Scope::Group, 3, Window::Calendar { unit: CalendarUnit::Week })]);
    let holding = world.add("ОАО «Моторы»", ClientKind::Company, None);
    let plants: Vec<ClientId> = (0..2).map(|_| world.add("Завод", ClientKind::Company, None)).collect();
    for plant in &plants {
        world.link(&holding, plant, RelationKind::Branch);
    }
    let director = world.add("Директор", ClientKind::Person, None);
    world.link(&plants[1], &director, RelationKind::Employee);
    world.plan(&plants[0], Channel::Meeting, msk("2026-03-02 12:00"));
    world.plan(&holding, Channel::Email, msk("2026-03-03 12:00"));
    world.plan(&director, Channel::Call, msk("2026-03-04 12:00"));
    let budget = world.budget(&director, msk("2026-03-05 12:00"));
    let row = row(&budget);
    assert_eq!(row.scope, Scope::Group);
    assert_eq!(counts(row), (3, 3, 0, msk("2026-03-02 00:00"), msk("2026-03-09 00:00"), 1));
    assert_eq!((row.open, row.opens_at), (false, Some(msk("2026-03-09 00:00"))));
    // Every channel's next slot is the next week, as the check says.
    for slots in &budget.channels {
        assert_eq!(slots.sales.clear_at, Some(msk("2026-03-09 00:00")), "{slots:?}");
        assert_eq!(slots.sales.held_by[0].as_str(), "count");
    }
    // A person of another holding is not counted with it.
    let stranger = world.add("Чужой", ClientKind::Person, None);
    let (max, used, left, ..) = counts(self::row(&world.budget(&stranger, msk("2026-03-05 12:00"))));
    assert_eq!((max, used, left), (3, 0, 3));
}

#[test]
fn a_touch_of_a_duplicate_merged_into_the_client_is_its_own() {
    let mut world = World::new();
    world.only(vec![count(Scope::Person, 2, Window::Calendar { unit: CalendarUnit::Week })]);
    let anna = world.add("Анна", ClientKind::Person, None);
    let twin = world.add("Анна П.", ClientKind::Person, None);
    world.plan(&twin, Channel::Email, msk("2026-03-02 10:00"));
    world.run(Command::Merge { keep: anna.clone(), drop: twin }).unwrap();
    let budget = world.budget(&anna, msk("2026-03-03 10:00"));
    let LimitBudget::Count { used, touches, .. } = &row(&budget).limit else { panic!("{budget:?}") };
    assert_eq!((*used, touches[0].own, touches[0].client.as_ref()), (1, true, Some(&anna)));
}

#[test]
fn slots_are_given_for_calls_meetings_and_the_channels_the_client_has_an_address_for() {
    let mut world = World::new();
    let bare = world.add("Без адресов", ClientKind::Person, None);
    let channels = |b: &ContactBudget| b.channels.iter().map(|c| c.channel).collect::<Vec<_>>();
    assert_eq!(channels(&world.budget(&bare, world.now)), [Channel::Call, Channel::Meeting]);
    let mut new = NewClient::named(ClientKind::Person, "С почтой".parse().unwrap());
    new.fields.emails = vec!["a@example.com".parse().unwrap()];
    let events = block_on(world.engine.execute(Command::AddClient(new), world.now)).unwrap();
    let mailed = events[0].payload.clients()[0].clone();
    assert_eq!(
        channels(&world.budget(&mailed, world.now)),
        [Channel::Call, Channel::Email, Channel::Meeting, Channel::MarketingSend]
    );
}

fn limit_strategy() -> impl Strategy<Value = Limit> {
    prop_oneof![
        (1u32..4, 1u32..96).prop_map(|(max, hours)| Limit::Count { max, window: Window::Rolling { hours } }),
        (1u32..4, 0usize..3).prop_map(|(max, unit)| Limit::Count {
            max,
            window: Window::Calendar { unit: [CalendarUnit::Day, CalendarUnit::Week, CalendarUnit::Month][unit] },
        }),
        (1u32..48).prop_map(|hours| Limit::MinGap { hours }),
        (0u32..12, 1u32..12, any::<bool>()).prop_map(|(from, width, weekdays_only)| Limit::AllowedHours {
            from: chrono::NaiveTime::from_hms_opt(from, 0, 0).unwrap(),
            to: chrono::NaiveTime::from_hms_opt(from + width, 0, 0).unwrap(),
            weekdays_only,
        }),
    ]
}

const CHANNELS: [Channel; 3] = [Channel::Call, Channel::Email, Channel::MarketingSend];

fn rule_strategy() -> impl Strategy<Value = (Limit, usize, Option<usize>, bool, bool)> {
    (limit_strategy(), 0usize..3, prop::option::of(0usize..3), any::<bool>(), any::<bool>())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// For random rules and history: a count rule whose budget has no touch left in the
    /// window containing `t` refuses a touch at `t`; each row's `open`/`opensAt` is the
    /// check's; and every channel's next slot is the check's earliest time.
    #[test]
    fn the_budget_agrees_with_the_check(
        rules in prop::collection::vec(rule_strategy(), 1..4),
        steps in prop::collection::vec((0usize..3, 0usize..3, 0i64..(10 * 24), any::<bool>(), any::<bool>()), 0..30),
        asks in prop::collection::vec(0i64..(12 * 24 * 60), 1..6),
    ) {
        let mut world = World::new();
        let rules: Vec<Rule> = rules.into_iter().enumerate().map(|(i, (limit, scope, channel, marketing, exempt))| Rule {
            id: format!("r{i}").parse().unwrap(),
            name: format!("r{i}"),
            scope: [Scope::Person, Scope::Company, Scope::Group][scope],
            channels: channel.map(|c| CHANNELS[c]).into_iter().collect(),
            origins: if marketing { [Origin::Marketing].into() } else { Default::default() },
            limit,
            action: if exempt { Action::Warn } else { Action::Block },
            counts_exempt: exempt,
        }).collect();
        world.only(rules.clone());
        let company = world.add("ООО «Ромашка»", ClientKind::Company, None);
        let people: Vec<ClientId> = (0..2).map(|_| world.add("Анна", ClientKind::Person, None)).collect();
        for person in &people {
            world.link(&company, person, RelationKind::Employee);
        }
        let clients = [company.clone(), people[0].clone(), people[1].clone()];
        for (who, channel, hour, inbound, marketing) in steps {
            let origin = if marketing { Origin::Marketing } else { Origin::Sales };
            let at = world.now + Duration::hours(hour);
            let _ = world.plan_with(&clients[who], CHANNELS[channel], origin, at, |t| {
                t.override_reason = Some("agreed".into());
                if inbound { t.direction = Direction::Inbound; }
            });
        }
        for minutes in asks {
            let t = world.now + Duration::minutes(minutes);
            for client in &clients {
                let budget = world.budget(client, t);
                for (row, rule) in budget.rules.iter().zip(&rules) {
                    let channel = rule.channels.iter().next().copied().unwrap_or(Channel::Email);
                    let origin = rule.origins.iter().next().copied().unwrap_or(Origin::Sales);
                    let verdict = world.check(client, channel, origin, t);
                    let broken = verdict.violations.iter().find(|v| v.rule == rule.id);
                    prop_assert_eq!(row.open, broken.is_none(), "{:?} at {}: {:?}", row, t, verdict);
                    prop_assert_eq!(row.opens_at, broken.map(|v| v.allowed_from));
                    match &row.limit {
                        LimitBudget::Count { left: 0, .. } => prop_assert!(broken.is_some(), "{:?}", row),
                        LimitBudget::Count { used, touches, .. } => prop_assert_eq!(*used as usize, touches.len()),
                        LimitBudget::MinGap { gap_ends_at: Some(_), .. } => prop_assert!(broken.is_some(), "{:?}", row),
                        LimitBudget::AllowedHours { inside, opens_at, .. } => {
                            prop_assert_eq!(*inside, broken.is_none());
                            prop_assert_eq!(*opens_at, broken.map(|v| v.allowed_from));
                        }
                        _ => {}
                    }
                }
                for slots in &budget.channels {
                    for (origin, slot) in [(Origin::Sales, &slots.sales), (Origin::Marketing, &slots.marketing)] {
                        let verdict = world.check(client, slots.channel, origin, t);
                        prop_assert_eq!(slot.clear_at, verdict.next_clear_at);
                        prop_assert_eq!(slot.allowed_at, verdict.next_allowed_at);
                        prop_assert_eq!(slot.held_by.len(), verdict.violations.len());
                        if let Some(clear) = slot.clear_at {
                            prop_assert!(world.check(client, slots.channel, origin, clear).violations.is_empty());
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_budget_reads_in_json_as_the_typings_say() {
    let mut world = World::new();
    let anna = world.add("Анна", ClientKind::Person, None);
    world.plan(&anna, Channel::Email, msk("2026-03-02 10:00"));
    let json = ripen_json::to_string(&world.budget(&anna, msk("2026-03-02 12:00")));
    for piece in [
        r#""timeZone":"Europe/Moscow""#,
        r#""kind":"count","max":2,"used":0,"left":2,"rolling":true,"start":"2026-02-23T09:00:00.000Z""#,
        r#""kind":"minGap","hours":24,"last":{"touch":"#,
        r#""gapEndsAt":"2026-03-03T07:00:00.000Z""#,
        r#""kind":"allowedHours","from":"09:00","to":"20:00","weekdaysOnly":true,"inside":true,"opensAt":null"#,
        r#""kind":"consent","recorded":true,"contact":true,"marketing":true,"salesRefused":null,"marketingRefused":null"#,
        r#""clientName":"Анна","own":true,"channel":"email","origin":"sales","at":"2026-03-02T07:00:00.000Z","planned":true"#,
        r#"{"channel":"call","sales":{"clearAt":"2026-03-03T07:00:00.000Z","allowedAt":"2026-03-02T09:00:00.000Z","heldBy":["gap_between_touches"]}"#,
    ] {
        assert!(json.contains(piece), "{piece} not in {json}");
    }
}
