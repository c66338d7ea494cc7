//! Campaigns through the engine: each reason a client is skipped, the preview equal to
//! the commit, the marker and the list of campaigns, the revert as a whole (done touches
//! stay); and property tests over random bases and policies: no campaign touch breaks a
//! rule or needs an override, one touch a client, every touch planned before passes as
//! before, and the revert gives back the touches on record as they were.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::campaign::{CampaignRequest, Segment};
use ripen_core::campaigns::{CampaignPlan, SkipReason};
use ripen_core::command::NewTouch;
use ripen_core::lead::Consent;
use ripen_core::pipeline::{sales_pipeline, CardPosition};
use ripen_core::policy::{Action, CalendarUnit, Candidate, Limit, Pending, Rule, Scope, Window};
use ripen_core::relationship::RelationKind;
use ripen_core::template::Variable;
use ripen_core::touch::{Direction, Origin, Outcome, Plan};
use ripen_core::touch_book::Progress;
use ripen_core::values::{Channel, CountryCode, Phone};
use ripen_core::{
    ClientId, ClientKind, Command, Engine, ErrorKind, EventId, MemoryStore, NewClient, ReplicaId, UserId,
};
use std::collections::{BTreeMap, BTreeSet};

const ZONES: [&str; 3] = ["Europe/Moscow", "Asia/Vladivostok", "America/New_York"];

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

struct World {
    engine: Engine<MemoryStore>,
    /// Sunday 2026-03-01 12:00 UTC.
    now: DateTime<Utc>,
}

impl World {
    fn new() -> Self {
        let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(7), user("anna"))).unwrap();
        Self { engine, now: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() }
    }

    fn run(&self, command: Command) -> Vec<ripen_core::event::Event> {
        block_on(self.engine.execute(command, self.now)).unwrap()
    }

    /// A client with an e-mail and a phone (unless `reach` says otherwise), consenting to
    /// marketing if `consents`.
    fn add(&self, name: &str, kind: ClientKind, zone: &str, email: bool, consents: bool) -> ClientId {
        let mut new = NewClient::named(kind, name.parse().unwrap());
        new.fields.time_zone = Some(zone.parse().unwrap());
        new.fields.phones = vec![Phone::parse("+7 383 200-00-00", CountryCode::RUSSIA).unwrap()];
        if email {
            new.fields.emails = vec!["lead@example.com".parse().unwrap()];
        }
        let events = self.run(Command::AddClient(new));
        let id = events[0].payload.clients()[0].clone();
        if consents {
            self.consent(&id, true, true);
        }
        id
    }

    fn consent(&self, client: &ClientId, contact: bool, marketing: bool) {
        let consent = Consent { contact, marketing, source: "call".parse().unwrap(), at: DateTime::UNIX_EPOCH };
        self.run(Command::RecordConsent { client: client.clone(), consent });
    }

    fn person(&self, name: &str) -> ClientId {
        self.add(name, ClientKind::Person, ZONES[0], true, true)
    }

    fn plan_touch(&self, client: &ClientId, channel: Channel, origin: Origin, at: DateTime<Utc>) -> Option<EventId> {
        let touch = NewTouch {
            at: Some(at),
            origin,
            override_reason: Some("agreed".into()),
            ..NewTouch::new(client.clone(), channel)
        };
        let plan = Plan::parse("send_offer", "approach", "result").unwrap();
        block_on(self.engine.execute(Command::PlanTouch { touch, plan }, self.now)).ok().map(|e| e[0].id.clone())
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

    /// A marketing send to everyone over the week from Monday 2 March.
    fn request(&self) -> CampaignRequest {
        let from = self.now + Duration::hours(12);
        CampaignRequest::new(Segment::default(), "Spring offer", from, from + Duration::days(7))
    }

    /// A preview that plans afresh (the view's): its commit plans again.
    fn preview(&self, request: &CampaignRequest) -> CampaignPlan {
        self.engine.view().preview_campaign(request, self.now).unwrap()
    }

    /// A preview the engine keeps: its commit writes it if nothing changed since.
    fn preview_kept(&self, request: &CampaignRequest) -> CampaignPlan {
        self.engine.preview_campaign(request, self.now).unwrap()
    }

    fn commit(&self, request: &CampaignRequest) -> (EventId, CampaignPlan) {
        block_on(self.engine.plan_campaign(request, self.now)).unwrap()
    }

    fn revert(&self, event: &EventId) -> Vec<ripen_core::event::Event> {
        self.run(Command::Revert { event: event.clone(), force: false })
    }

    /// Every touch on record but the retracted ones: (id, client, at, status).
    fn standing(&self) -> BTreeSet<(String, ClientId, DateTime<Utc>, &'static str)> {
        let state = self.engine.state();
        state
            .touches
            .all()
            .filter(|t| t.status != Progress::Retracted)
            .map(|t| (t.id().to_string(), t.client.clone(), t.at, t.status.name()))
            .collect()
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

fn times(plan: &CampaignPlan) -> Vec<(ClientId, DateTime<Utc>)> {
    plan.planned.iter().map(|p| (p.client.clone(), p.at)).collect()
}

fn reasons(plan: &CampaignPlan) -> Vec<(ClientId, SkipReason)> {
    plan.skipped.iter().map(|s| (s.client.clone(), s.reason)).collect()
}

#[test]
fn each_reason_to_skip_a_client_is_told() {
    let world = World::new();
    let ready = world.person("Готов");
    let no_consent = world.add("Без согласия", ClientKind::Person, ZONES[0], true, false);
    let withdrawn = world.person("Отказался");
    world.consent(&withdrawn, false, false);
    let waiting = world.person("Ждёт");
    world.run(Command::MoveStage {
        client: waiting.clone(),
        pipeline: sales_pipeline(),
        to: CardPosition::Stage { stage: "offer_sent".parse().unwrap() },
        amount: None,
        at: None,
    });
    let active = world.person("В работе");
    world.run(Command::MoveStage {
        client: active.clone(),
        pipeline: sales_pipeline(),
        to: CardPosition::Stage { stage: "answered".parse().unwrap() },
        amount: None,
        at: None,
    });
    let no_email = world.add("Без почты", ClientKind::Person, ZONES[0], false, true);
    let removed = world.person("Удалён");
    world.run(Command::RemoveClient { client: removed.clone() });
    // Three sends a week at most: the week of the window is full already.
    let full = world.person("Перегружен");
    let request = world.request();
    for day in 0..3 {
        world.plan_touch(&full, Channel::MarketingSend, Origin::Marketing, request.campaign.from + Duration::days(day));
    }
    let plan = world.preview(&request);
    assert_eq!(times(&plan).iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(), vec![ready, active]);
    let expected = vec![
        (no_consent, SkipReason::NoConsent),
        (withdrawn, SkipReason::NoConsent),
        (waiting, SkipReason::WaitingStage),
        (no_email, SkipReason::NoAddress),
        (removed, SkipReason::Removed),
        (full.clone(), SkipReason::OverBudget),
    ];
    assert_eq!(reasons(&plan), expected);
    let over = plan.skipped.iter().find(|s| s.client == full).unwrap();
    // Monday 9 March, 09:00 in Moscow: the next week, in the client's hours.
    assert_eq!(over.next_allowed_at, Some(Utc.with_ymd_and_hms(2026, 3, 9, 6, 0, 0).unwrap()), "{over:?}");
    assert_eq!(plan.campaign.skipped, 6);
    assert_eq!(plan.skipped_for(SkipReason::NoConsent), 2);
}

#[test]
fn an_inconvenient_channel_is_skipped_so() {
    let world = World::new();
    let mut new = NewClient::named(ClientKind::Person, "Не любит рассылки".parse().unwrap());
    new.fields.emails = vec!["lead@example.com".parse().unwrap()];
    new.fields.inconvenient_channels.insert(Channel::MarketingSend);
    let events = world.run(Command::AddClient(new));
    let minds = events[0].payload.clients()[0].clone();
    world.consent(&minds, true, true);
    let plan = world.preview(&world.request());
    assert_eq!(reasons(&plan), vec![(minds, SkipReason::InconvenientChannel)]);
}

#[test]
fn each_client_is_sent_to_at_its_earliest_allowed_moment_in_its_own_hours() {
    let world = World::new();
    let moscow = world.add("Москва", ClientKind::Person, ZONES[0], true, true);
    let vladivostok = world.add("Владивосток", ClientKind::Person, ZONES[1], true, true);
    let busy = world.person("Занят");
    let request = world.request();
    // A sales call planned on Monday at 10:00 Moscow: the send keeps 24 hours from it.
    let monday_ten = Utc.with_ymd_and_hms(2026, 3, 2, 7, 0, 0).unwrap();
    world.plan_touch(&busy, Channel::Call, Origin::Sales, monday_ten).unwrap();
    let plan = world.preview(&request);
    // The window opens Monday 00:00 UTC: 03:00 in Moscow (so 09:00 there), 10:00 in
    // Vladivostok (so at once).
    let expected = vec![
        (moscow, Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).unwrap()),
        (vladivostok, request.campaign.from),
        (busy, monday_ten + Duration::hours(24)),
    ];
    assert_eq!(times(&plan), expected);
}

#[test]
fn the_commit_writes_what_the_preview_showed_as_one_change_listed_and_reverted_whole() {
    let world = World::new();
    let clients: Vec<ClientId> = (0..4).map(|i| world.person(&format!("Клиент {i}"))).collect();
    let sales = world.plan_touch(&clients[0], Channel::Call, Origin::Sales, world.now + Duration::days(3)).unwrap();
    let mut request = world.request();
    request.campaign.template = Some("sales-offer_sent-email-en".into());
    let before = world.standing();
    let preview = world.preview(&request);
    assert_eq!(preview.planned.len(), 4);
    assert_eq!(world.standing(), before, "a preview writes nothing");
    let (marker, committed) = world.commit(&request);
    assert_eq!(times(&committed), times(&preview));
    assert_eq!(committed.campaign, preview.campaign);
    // The marker and its touches, listed once.
    let state = world.engine.state();
    assert_eq!(state.campaigns.len(), 1);
    assert_eq!(state.campaigns[0].event, marker);
    assert_eq!(state.campaigns[0].touches, 4);
    assert_eq!(state.campaigns[0].campaign.template.as_deref(), Some("sales-offer_sent-email-en"));
    let written: Vec<_> = state
        .touches
        .all()
        .filter(|t| t.origin == Origin::Marketing)
        .map(|t| (t.client.clone(), t.at, t.status.name()))
        .collect();
    assert_eq!(written, times(&preview).into_iter().map(|(c, at)| (c, at, "planned")).collect::<Vec<_>>());
    drop(state);
    // One of them done meanwhile: the revert retracts the others and leaves it.
    let done = world.engine.state().touches.all().find(|t| t.origin == Origin::Marketing).unwrap().id();
    world.run(Command::CompleteTouch {
        touch: done.clone(),
        result: Some("sent".into()),
        outcome: Outcome::Success,
        at: None,
        nps: None,
    });
    let undone = world.revert(&marker);
    assert_eq!(undone[0].payload.type_name(), "import_reverted");
    assert_eq!(undone.len(), 4, "a marker and one revert per touch still planned");
    let standing = world.standing();
    let marketing: Vec<_> = standing.iter().filter(|t| t.1 != clients[0] || t.0 == done.to_string()).collect();
    assert!(marketing.iter().all(|t| t.0 == done.to_string() || t.1 == clients[0]), "{marketing:?}");
    assert_eq!(standing.len(), before.len() + 1, "the sales touch and the done send stand");
    assert!(world.engine.state().touches.get(&ripen_core::ids::TouchId::minted_by(&sales)).is_some());
    assert_eq!(world.engine.state().reverted_by(&marker), Some(&undone[0].id));
    // Reverting the revert plans them again.
    world.revert(&undone[0].id);
    assert_eq!(world.standing().len(), before.len() + 4);
}

#[test]
fn a_kept_preview_is_written_as_it_is_unless_the_base_changed_since() {
    let world = World::new();
    let anna = world.person("Анна");
    let boris = world.person("Борис");
    let request = world.request();
    // Nothing changed: the commit is the preview.
    let preview = world.preview_kept(&request);
    let (marker, committed) = world.commit(&request);
    assert_eq!(committed, preview);
    world.revert(&marker);
    // A sales call planned after the preview, where the send was to go: the commit plans
    // against the base as it is then, and Анна's send moves 24 hours past the call.
    let preview = world.preview_kept(&request);
    let at = preview.planned.iter().find(|t| t.client == anna).unwrap().at;
    world.plan_touch(&anna, Channel::Call, Origin::Sales, at).unwrap();
    let (_, committed) = world.commit(&request);
    let times: BTreeMap<ClientId, DateTime<Utc>> = times(&committed).into_iter().collect();
    assert_eq!(times[&anna], at + Duration::hours(24));
    assert_eq!(times[&boris], preview.planned.iter().find(|t| t.client == boris).unwrap().at);
    // Another request than the one previewed is planned afresh.
    world.preview_kept(&request);
    let mut other = world.request();
    other.campaign.summary = "Другое".into();
    other.campaign.segment.tag = Some("нет такого".parse().unwrap());
    let error = block_on(world.engine.plan_campaign(&other, world.now)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation, "nobody has that tag");
}

#[test]
fn nothing_to_send_is_a_typed_error_and_a_bad_window_too() {
    let world = World::new();
    world.add("Без согласия", ClientKind::Person, ZONES[0], true, false);
    let request = world.request();
    let error = block_on(world.engine.plan_campaign(&request, world.now)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);
    let mut bad = world.request();
    bad.campaign.to = bad.campaign.from;
    let error = world.engine.view().preview_campaign(&bad, world.now).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Validation);
    assert!(world.engine.state().campaigns.is_empty());
}

/// A campaign that sends a template names one of the base's, for its channel (an e-mail
/// template for a marketing send); each touch lists the variables its client lacks. The
/// commit checks the same.
#[test]
fn a_campaign_sends_one_of_the_bases_templates_for_its_channel_and_says_what_each_client_lacks() {
    let world = World::new();
    let company = world.add("ООО Ромашка", ClientKind::Company, ZONES[0], true, true);
    let employed = world.person("Анна Петрова");
    world.run(Command::Link {
        from: company.clone(),
        to: employed.clone(),
        kind: RelationKind::Employee,
        position: None,
        since: None,
    });
    let alone = world.person("Борис Иванов");
    let with = |template: &str| {
        let mut request = world.request();
        request.campaign.template = Some(template.into());
        request
    };
    let plan = world.preview(&with("sales-offer_sent-email-ru"));
    let missing = |client: &ClientId| plan.planned.iter().find(|t| &t.client == client).unwrap().missing.clone();
    assert!(!missing(&employed).contains(&Variable::Company), "{:?}", missing(&employed));
    assert!(missing(&alone).contains(&Variable::Company), "{:?}", missing(&alone));
    assert!(!missing(&alone).contains(&Variable::FirstName));
    // What each touch says is missing is what the template, filled in, leaves as `{name}`.
    {
        let state = world.engine.state();
        let template = state.templates.get(&"sales-offer_sent-email-ru".parse().unwrap()).unwrap();
        for touch in &plan.planned {
            let client = state.client(&touch.client).unwrap();
            let today = touch.at.date_naive();
            let rendered = ripen_core::templates::render(&state, template, client, today, |_| true);
            assert_eq!(rendered.missing, touch.missing, "{}", touch.client);
        }
    }
    // Without a template, nothing is missing.
    assert!(world.preview(&world.request()).planned.iter().all(|t| t.missing.is_empty()));
    // (template, the error's kind, its field and problem code)
    type Case = (&'static str, ErrorKind, Option<(&'static str, &'static str)>);
    let cases: &[Case] = &[
        ("no-such-template", ErrorKind::NotFound, None),
        ("sales-lead_received-call-ru", ErrorKind::Validation, Some(("template", "wrong_channel"))),
        ("sales-offer_sent-message-en", ErrorKind::Validation, Some(("template", "wrong_channel"))),
        ("   ", ErrorKind::Validation, Some(("template", "empty"))),
    ];
    for (template, kind, field) in cases {
        for error in [
            world.engine.view().preview_campaign(&with(template), world.now).unwrap_err(),
            block_on(world.engine.plan_campaign(&with(template), world.now)).unwrap_err(),
        ] {
            assert_eq!(error.kind(), *kind, "{template}: {error}");
            if let (Some((name, code)), ripen_core::Error::Validation(error)) = (field, &error) {
                assert_eq!((error.field.as_str(), error.problem.code()), (*name, *code), "{template}");
            }
        }
    }
    // A template removed since is not found; a call campaign may send the call script.
    world.run(Command::RemoveTemplate { template: "sales-offer_sent-email-en".parse().unwrap() });
    let error = world.engine.view().preview_campaign(&with("sales-offer_sent-email-en"), world.now).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    let mut calls = with("sales-lead_received-call-ru");
    calls.campaign.channel = Channel::Call;
    assert!(!world.preview(&calls).planned.is_empty());
    let (_, committed) = world.commit(&with("sales-offer_sent-email-ru"));
    assert_eq!(committed.planned.len(), plan.planned.len());
    assert_eq!(world.engine.state().campaigns[0].campaign.template.as_deref(), Some("sales-offer_sent-email-ru"));
}

#[test]
fn a_campaign_survives_a_reopen_and_reverts_after_it() {
    let world = World::new();
    world.person("Клиент");
    let (marker, _) = world.commit(&world.request());
    let store = world.engine.store().clone();
    let reopened = block_on(Engine::open(store, ReplicaId::from_random(7), user("anna"))).unwrap();
    assert_eq!(*reopened.state(), *world.engine.state());
    assert_eq!(reopened.state().campaigns[0].event, marker);
}

fn any_rule() -> impl Strategy<Value = Rule> {
    let scope = prop_oneof![Just(Scope::Person), Just(Scope::Company), Just(Scope::Group)];
    let channels = prop::sample::subsequence(vec![Channel::Call, Channel::Email, Channel::MarketingSend], 0..=2);
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
/// consenting, touches planned on record (sales and marketing), the policy, the window.
#[derive(Debug, Clone)]
struct Base {
    /// (zone, e-mail, consents, employer among the companies)
    people: Vec<(usize, bool, bool, Option<usize>)>,
    /// (person, hours after the window opens, channel, marketing)
    touches: Vec<(usize, i64, usize, bool)>,
    rules: Vec<Rule>,
    window_days: i64,
}

fn any_base() -> impl Strategy<Value = Base> {
    (
        prop::collection::vec(
            (0..ZONES.len(), prop::bool::weighted(0.9), prop::bool::weighted(0.8), prop::option::of(0usize..2)),
            1..12,
        ),
        prop::collection::vec((0usize..12, 0i64..(24 * 6), 0usize..3, any::<bool>()), 0..12),
        prop::collection::vec(any_rule(), 0..4),
        1i64..8,
    )
        .prop_map(|(people, touches, rules, window_days)| Base { people, touches, rules, window_days })
}

const CHANNELS: [Channel; 3] = [Channel::Call, Channel::Email, Channel::MarketingSend];

impl Base {
    fn build(&self, keep_default_rules: bool) -> (World, CampaignRequest) {
        let world = World::new();
        let companies: Vec<ClientId> =
            (0..2).map(|i| world.add(&format!("Компания {i}"), ClientKind::Company, ZONES[i], true, false)).collect();
        let people: Vec<ClientId> = self
            .people
            .iter()
            .enumerate()
            .map(|(i, (zone, email, consents, employer))| {
                let person = world.add(&format!("Человек {i}"), ClientKind::Person, ZONES[*zone], *email, *consents);
                if let Some(company) = employer {
                    world.run(Command::Link {
                        from: companies[*company].clone(),
                        to: person.clone(),
                        kind: RelationKind::Employee,
                        position: None,
                        since: None,
                    });
                }
                person
            })
            .collect();
        if !keep_default_rules {
            let mut rules = self.rules.clone();
            for (i, rule) in rules.iter_mut().enumerate() {
                rule.id = format!("random_{i}").parse().unwrap();
            }
            world.only(rules);
        }
        let mut request = world.request();
        request.campaign.to = request.campaign.from + Duration::days(self.window_days);
        for (person, hours, channel, marketing) in &self.touches {
            let origin = if *marketing { Origin::Marketing } else { Origin::Sales };
            let at = request.campaign.from + Duration::hours(*hours);
            let _ = world.plan_touch(&people[person % people.len()], CHANNELS[*channel], origin, at);
        }
        (world, request)
    }
}

/// The rules each planned touch on record breaks now (itself left out of the count).
fn broken(world: &World) -> BTreeMap<String, BTreeSet<String>> {
    let state = world.engine.state();
    state
        .touches
        .all()
        .filter(|t| t.status == Progress::Planned && t.direction == Direction::Outbound)
        .map(|t| {
            let candidate = Candidate {
                client: t.client.clone(),
                channel: t.channel,
                origin: t.origin,
                direction: t.direction,
                requested: t.requested,
                overridden: false,
                at: t.at,
            };
            let verdict = state.policy.check_excluding(&state, &candidate, Some(&t.id()));
            (t.id().to_string(), verdict.violations.iter().map(|v| v.rule.to_string()).collect())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the base and the policy: no campaign touch breaks a rule (none needs an
    /// override, the campaign's earlier ones counted), one touch a client, each in the
    /// window and the client's hours; every touch planned before breaks no rule it did
    /// not break before; the commit is the preview; the revert leaves the touches on
    /// record as they were, and refolding the log gives the same state.
    #[test]
    fn a_campaign_keeps_every_rule_and_reverts_whole(base in any_base(), defaults in prop::bool::weighted(0.3)) {
        let (world, request) = base.build(defaults);
        let before = world.standing();
        let broken_before = broken(&world);
        let preview = world.preview(&request);
        {
            let state = world.engine.state();
            let mut pending: Vec<Pending> = Vec::new();
            let mut clients = BTreeSet::new();
            for touch in &preview.planned {
                prop_assert!(clients.insert(touch.client.clone()), "two touches for {}", touch.client);
                let candidate = Candidate {
                    client: touch.client.clone(),
                    channel: Channel::MarketingSend,
                    origin: Origin::Marketing,
                    direction: Direction::Outbound,
                    requested: false,
                    overridden: false,
                    at: touch.at,
                };
                let verdict = state.policy.check_alongside(&state, &candidate, &pending);
                prop_assert!(verdict.allowed && verdict.violations.is_empty(), "{touch:?} refused: {verdict:?}");
                prop_assert!(touch.at >= request.campaign.from && touch.at < request.campaign.to);
                let zone = state.policy.time_zone_of(&state, &touch.client);
                let local = touch.at.with_timezone(&zone).naive_local().time();
                prop_assert!(local >= request.hours.0 && local < request.hours.1, "{touch:?} out of hours");
                pending.push(Pending { client: touch.client.clone(), channel: Channel::MarketingSend, origin: Origin::Marketing, at: touch.at });
            }
        }
        if preview.planned.is_empty() {
            return Ok(());
        }
        let (marker, committed) = world.commit(&request);
        prop_assert_eq!(times(&committed), times(&preview));
        prop_assert_eq!(reasons(&committed), reasons(&preview));
        let broken_after = broken(&world);
        for (touch, rules) in &broken_before {
            prop_assert!(broken_after[touch].is_subset(rules), "{touch} broke {rules:?}, now {:?}", broken_after[touch]);
        }
        world.revert(&marker);
        prop_assert_eq!(world.standing(), before);
        let store = world.engine.store().clone();
        let reopened = block_on(Engine::open(store, ReplicaId::from_random(7), user("anna"))).unwrap();
        prop_assert!(*reopened.state() == *world.engine.state(), "the refold differs");
    }
}

#[allow(dead_code)]
fn local(zone: &str, text: &str) -> DateTime<Utc> {
    let zone: chrono_tz::Tz = zone.parse().unwrap();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    zone.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
}
