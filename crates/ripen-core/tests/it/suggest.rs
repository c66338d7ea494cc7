//! The next best touch with a fixed clock: one row per hook kind (the client's facts → the
//! kind and the reason), the clients that get none and why, the ranking of the list; and
//! property tests: a suggestion breaks no rule (planning it needs no override) and its
//! time is the earliest allowed one.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::command::NewTouch;
use ripen_core::lead::Consent;
use ripen_core::pipeline::CardPosition;
use ripen_core::suggest::time::{candidate, in_day_hours, policy_sets_hours};
use ripen_core::suggest::{next_touch, suggestions, HookKind, Skip, SuggestQuery};
use ripen_core::touch::{Direction, Origin, Outcome, Plan};
use ripen_core::values::{Channel, Email, ImportantDate, Meetup, Phone, Region, Wish};
use ripen_core::{ClientId, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId};

/// Tuesday 3 March 2026, 10:00 in Moscow.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 3, 7, 0, 0).unwrap()
}

fn phone() -> Phone {
    Phone::parse("+7 913 123 45 67", Region::RU).unwrap()
}

struct World(Engine<MemoryStore>);

impl World {
    fn new() -> Self {
        World(block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(5), "anna".parse().unwrap())).unwrap())
    }

    fn at(&self, when: DateTime<Utc>, command: Command) -> Vec<ripen_core::Event> {
        block_on(self.0.execute(command, when)).unwrap()
    }

    /// A company in Moscow with a phone, added `days` ago.
    fn client_added(&self, name: &str, days: i64, edit: impl FnOnce(&mut NewClient)) -> ClientId {
        let mut new = NewClient::named(ClientKind::Company, name.parse().unwrap());
        new.fields.time_zone = "Europe/Moscow".parse().ok();
        new.fields.phones = vec![phone()];
        edit(&mut new);
        let events = self.at(now() - Duration::days(days), Command::AddClient(new));
        events[0].payload.clients()[0].clone()
    }

    fn client(&self, name: &str, edit: impl FnOnce(&mut NewClient)) -> ClientId {
        self.client_added(name, 60, edit)
    }

    fn card(&self, client: &ClientId, stage: &str, days_ago: i64) {
        let to = CardPosition::Stage { stage: stage.parse().unwrap() };
        let command = Command::MoveStage {
            client: client.clone(),
            pipeline: "sales".parse().unwrap(),
            to,
            amount: None,
            at: None,
        };
        self.at(now() - Duration::days(days_ago), command);
    }

    /// A touch with `goal` made `days_ago`.
    fn done(&self, client: &ClientId, goal: &str, days_ago: i64) {
        let when = now() - Duration::days(days_ago);
        let touch = NewTouch {
            at: Some(when),
            override_reason: Some("test".into()),
            ..NewTouch::new(client.clone(), Channel::Meeting)
        };
        let events =
            self.at(when, Command::PlanTouch { touch, plan: Plan::parse(goal, "approach", "result").unwrap() });
        let touch = match &events[0].payload {
            ripen_core::EventPayload::TouchRecorded { touch } => touch.id.clone(),
            other => panic!("{other:?}"),
        };
        self.at(
            when,
            Command::CompleteTouch { touch, result: None, outcome: Outcome::Success, at: Some(when), nps: None },
        );
    }

    fn next(&self, client: &ClientId) -> ripen_core::suggest::NextTouch {
        let state = self.0.state();
        next_touch(&state, state.client(client).unwrap(), now())
    }
}

#[test]
fn each_hook_comes_from_the_client_s_facts_with_its_reason() {
    type Edit = fn(&mut NewClient);
    type Setup = fn(&World, &ClientId);
    type Row = (&'static str, Edit, Setup, HookKind, &'static str);
    // (the client's facts, the main hook's kind, words of its reason)
    let cases: Vec<Row> = vec![
        (
            "a web lead never answered",
            |c| c.fields.source = "web".parse().ok(),
            |_, _| {},
            HookKind::WebLead,
            "waited 1440 h 0 min",
        ),
        (
            "a card silent past its stage's limit",
            |_| {},
            |w, c| w.card(c, "need_identified", 30),
            HookKind::Rotting,
            "No touch for 30 days",
        ),
        (
            "paid 10 days ago",
            |_| {},
            |w, c| w.card(c, "paid", 10),
            HookKind::Nps,
            "Bought 10 days ago and not yet asked",
        ),
        (
            "paid 100 days ago, asked for the NPS",
            |_| {},
            |w, c| {
                w.card(c, "paid", 100);
                w.done(c, "nps_survey", 90);
            },
            HookKind::RepeatSale,
            "Bought 100 days ago: time to offer",
        ),
        (
            "a birthday in 3 days",
            |c| c.fields.dates = vec![ImportantDate::parse("birthday", None, 3, 6, None).unwrap()],
            |_, _| {},
            HookKind::Date,
            "birthday is in 3 days",
        ),
        (
            "a trade show in 5 days",
            |c| {
                let on = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap();
                c.fields.meetups = vec![Meetup::parse("ИННОПРОМ", None, on, None).unwrap()];
            },
            |_, _| {},
            HookKind::Meetup,
            "ИННОПРОМ starts in 5 days",
        ),
        (
            "a wish not yet offered",
            |c| c.fields.wishes = vec![Wish::parse("лизинг", NaiveDate::from_ymd_opt(2026, 2, 20).unwrap()).unwrap()],
            |w, c| w.done(c, "send_offer", 20),
            HookKind::Wish,
            "wished for \"лизинг\"",
        ),
        (
            "a stage with a stimulus",
            |_| {},
            |w, c| {
                let actions = vec!["Пригласить на демо".to_owned()];
                w.at(
                    now() - Duration::days(50),
                    Command::SaveStimuli {
                        pipeline: "sales".parse().unwrap(),
                        stage: "answered".parse().unwrap(),
                        actions,
                    },
                );
                w.card(c, "answered", 1);
            },
            HookKind::Stimulus,
            "next step is: Пригласить на демо",
        ),
        (
            "last touched 40 days ago",
            |_| {},
            |w, c| w.done(c, "identify_need", 40),
            HookKind::Quiet,
            "40 days since the last touch",
        ),
        ("never touched", |_| {}, |_, _| {}, HookKind::Quiet, "Never in touch yet"),
    ];
    for (facts, edit, setup, kind, words) in cases {
        let world = World::new();
        let client = world.client(facts, edit);
        setup(&world, &client);
        let next = world.next(&client);
        let suggestion = next.suggestion.unwrap_or_else(|| panic!("{facts}: no suggestion, {:?}", next.skipped));
        assert_eq!(suggestion.hook.kind, kind, "{facts}: {:?}", suggestion.hook);
        assert!(suggestion.hook.reason.contains(words), "{facts}: {}", suggestion.hook.reason);
        assert_eq!(suggestion.urgency, suggestion.hook.urgency, "{facts}");
        // The quiet hook is always there, the main one or among the others.
        assert!(kind == HookKind::Quiet || suggestion.also.iter().any(|h| h.kind == HookKind::Quiet), "{facts}");
    }
}

#[test]
fn several_hooks_rank_by_priority_and_the_stimuli_come_along() {
    let world = World::new();
    let client = world.client("Много поводов", |c| {
        c.fields.dates = vec![ImportantDate::parse("birthday", None, 3, 6, None).unwrap()];
        c.fields.wishes = vec![Wish::parse("лизинг", NaiveDate::from_ymd_opt(2026, 2, 20).unwrap()).unwrap()];
    });
    let actions = vec!["Пригласить на демо".to_owned()];
    world.at(
        now() - Duration::days(50),
        Command::SaveStimuli {
            pipeline: "sales".parse().unwrap(),
            stage: "need_identified".parse().unwrap(),
            actions: actions.clone(),
        },
    );
    world.card(&client, "need_identified", 30);
    let suggestion = world.next(&client).suggestion.unwrap();
    let kinds: Vec<HookKind> =
        std::iter::once(suggestion.hook.kind).chain(suggestion.also.iter().map(|h| h.kind)).collect();
    assert_eq!(kinds, [HookKind::Rotting, HookKind::Date, HookKind::Wish, HookKind::Stimulus, HookKind::Quiet]);
    assert_eq!(suggestion.stimuli, actions);
    assert_eq!(suggestion.stage.as_ref().map(|s| s.as_str()), Some("need_identified"));
    assert_eq!(suggestion.goal.to_string(), "identify_interest");
}

#[test]
fn clients_that_must_not_be_suggested_say_why() {
    let world = World::new();
    let removed = world.client("Удалён", |_| {});
    world.at(now() - Duration::days(1), Command::RemoveClient { client: removed.clone() });
    let planned = world.client("Запланировано", |_| {});
    let touch = NewTouch { at: Some(now() + Duration::days(3)), ..NewTouch::new(planned.clone(), Channel::Email) };
    world.at(
        now() - Duration::days(1),
        Command::PlanTouch { touch, plan: Plan::parse("send_offer", "a", "b").unwrap() },
    );
    let refused = world.client("Отказался", |_| {});
    let consent =
        Consent { contact: false, marketing: false, source: "call".parse().unwrap(), at: now() - Duration::days(2) };
    world.at(now() - Duration::days(2), Command::RecordConsent { client: refused.clone(), consent });
    let mute = world.client("Без адреса", |c| c.fields.phones.clear());
    let only_calls = world.client("Только звонки неудобны", |c| {
        c.fields.inconvenient_channels = [Channel::Call, Channel::Message].into()
    });
    // (the client, why it gets no suggestion)
    let cases = [
        (&removed, Skip::Removed),
        (&planned, Skip::Planned),
        (&refused, Skip::ConsentRefused),
        (&mute, Skip::NoAddress),
        (&only_calls, Skip::NoChannel),
    ];
    for (client, skip) in cases {
        let next = world.next(client);
        assert_eq!((next.suggestion.is_none(), next.skipped), (true, Some(skip)), "{client}");
        assert_eq!(next.touch.is_some(), skip == Skip::Planned);
    }
    let state = world.0.state();
    let query = SuggestQuery { user: None, now: now(), limit: None };
    assert!(suggestions(&state, &ripen_core::Access::everything(), &query).is_empty());
}

#[test]
fn the_list_puts_the_user_s_own_first_then_the_urgent_and_keeps_to_the_limit() {
    let world = World::new();
    let boris: ripen_core::UserId = "boris".parse().unwrap();
    let quiet = world.client("Тихий", |_| {});
    let lead = world.client("Лид", |c| c.fields.source = "web".parse().ok());
    let borises = world.client("Борисов", |c| c.owner = Some("boris".parse().unwrap()));
    let state = world.0.state();
    let ids = |user: Option<&ripen_core::UserId>, limit| {
        let query = SuggestQuery { user: user.cloned(), now: now(), limit };
        suggestions(&state, &ripen_core::Access::everything(), &query)
            .into_iter()
            .map(|s| s.client_id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(None, None)[0], lead);
    assert_eq!(ids(Some(&boris), None), [borises.clone(), lead.clone(), quiet.clone()]);
    assert_eq!(ids(Some(&boris), Some(2)), [borises, lead]);
    assert!(ids(None, Some(0)).is_empty());
}

/// The list reads every client's touches in one pass down the touch book; `nextTouch`
/// walks one client's. They agree, through the cases the pass must get right: a merge
/// (the touches of the client merged in count for the one kept), a planned touch of the
/// merged client, cancelled and done touches, an offer that answers a wish.
#[test]
fn the_list_agrees_with_each_client_s_next_touch_through_merges_and_every_status() {
    let world = World::new();
    let plan = |client: &ClientId, goal: &str, days_from_now: i64| {
        let when = now() + Duration::days(days_from_now);
        let touch = NewTouch {
            at: Some(when),
            override_reason: Some("test".into()),
            ..NewTouch::new(client.clone(), Channel::Call)
        };
        let events =
            world.at(now(), Command::PlanTouch { touch, plan: Plan::parse(goal, "approach", "result").unwrap() });
        match &events[0].payload {
            ripen_core::EventPayload::TouchRecorded { touch } => touch.id.clone(),
            other => panic!("{other:?}"),
        }
    };
    let wishing = |c: &mut NewClient| {
        c.fields.wishes = vec![Wish {
            text: "Доставка".parse().unwrap(),
            noted_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        }];
    };
    let kept = world.client("Оставленный", wishing);
    let merged = world.client("Дубль", |_| {});
    world.done(&merged, "send_offer", 3);
    let keeps_a_plan = world.client("С планом", |_| {});
    let merged_with_plan = world.client("Дубль с планом", |_| {});
    plan(&merged_with_plan, "identify_need", 2);
    let cancelled = world.client("Отменённый", |_| {});
    let touch = plan(&cancelled, "identify_need", 1);
    world.at(now(), Command::CancelTouch { touch, reason: None });
    let offered = world.client("С предложением", wishing);
    world.done(&offered, "send_offer", 1);
    world.at(now(), Command::Merge { keep: kept.clone(), drop: merged });
    world.at(now(), Command::Merge { keep: keeps_a_plan.clone(), drop: merged_with_plan });
    let state = world.0.state();
    let query = SuggestQuery { user: None, now: now(), limit: None };
    let listed = suggestions(&state, &ripen_core::Access::everything(), &query);
    for client in [&kept, &keeps_a_plan, &cancelled, &offered] {
        let next = next_touch(&state, state.client(client).unwrap(), now());
        assert_eq!(listed.iter().find(|s| &s.client_id == client), next.suggestion.as_ref(), "{client}");
    }
    // The merged client's offer answered the kept one's wish; the merged plan is its next step.
    assert_eq!(world.next(&kept).suggestion.unwrap().hook.kind, HookKind::Quiet);
    assert_eq!(world.next(&keeps_a_plan).skipped, Some(Skip::Planned));
    assert_eq!(world.next(&cancelled).suggestion.unwrap().hook.kind, HookKind::Quiet);
}

/// With a limit, only the groups of clients (owner first, then urgency) that can reach the
/// top are timed; the list is still the full ranking's beginning, for each user's own
/// first, on a dataset of a few thousand clients with cards, touches and owners.
#[test]
fn a_limited_list_is_the_beginning_of_the_full_one() {
    let clients = 3_000;
    let mut events = ripen_core::synthetic::standard(clients, clients * 10, clients * 4);
    ripen_core::synthetic::with_addresses(&mut events);
    let now = events.last().map(|e| e.recorded_at).unwrap() + Duration::hours(1);
    let state = ripen_core::CrmState::fold(events);
    for user in [None, Some("rep0"), Some("rep7"), Some("nobody")] {
        let query = |limit| SuggestQuery { user: user.map(|u| u.parse().unwrap()), now, limit };
        let all = suggestions(&state, &ripen_core::Access::everything(), &query(None));
        assert!(all.len() > 2_000, "{}", all.len());
        for limit in [0, 1, 2, 7, 50, 51, 333, all.len() - 1, all.len(), all.len() + 5] {
            let limited = suggestions(&state, &ripen_core::Access::everything(), &query(Some(limit)));
            assert_eq!(limited[..], all[..limit.min(all.len())], "{user:?}, limit {limit}");
        }
    }
}

#[test]
fn without_an_hours_rule_the_suggestion_keeps_to_the_client_s_weekday_daytime() {
    let world = World::new();
    let client = world.client("Пишем", |c| {
        c.fields.phones.clear();
        c.fields.emails = vec!["a@example.com".parse::<Email>().unwrap()];
    });
    // Saturday 7 March, 12:00 in Moscow: e-mails have no hours rule; Monday 9:00 it is.
    let saturday = Utc.with_ymd_and_hms(2026, 3, 7, 9, 0, 0).unwrap();
    let state = world.0.state();
    let suggestion = next_touch(&state, state.client(&client).unwrap(), saturday).suggestion.unwrap();
    assert_eq!(
        (suggestion.channel, suggestion.at),
        (Channel::Email, Utc.with_ymd_and_hms(2026, 3, 9, 6, 0, 0).unwrap())
    );
}

/// A client's profile and history for the property tests.
#[derive(Debug, Clone)]
struct Facts {
    phone: bool,
    email: bool,
    preferred: Option<usize>,
    inconvenient: Vec<usize>,
    zone: usize,
    /// Touches done this many hours before now, on these channels.
    touches: Vec<(i64, usize)>,
    refused: bool,
    card: Option<(usize, i64)>,
}

const CHANNELS: [Channel; 4] = [Channel::Call, Channel::Email, Channel::Message, Channel::Meeting];
const ZONES: [&str; 3] = ["Europe/Moscow", "Asia/Vladivostok", "Europe/Kaliningrad"];
const STAGES: [&str; 4] = ["answered", "offer_sent", "invoice_sent", "paid"];

fn facts() -> impl Strategy<Value = Facts> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::option::of(0usize..4),
        prop::collection::vec(0usize..4, 0..2),
        0usize..3,
        prop::collection::vec((0i64..(10 * 24), 0usize..4), 0..6),
        prop::bool::weighted(0.1),
        prop::option::of((0usize..4, 0i64..40)),
    )
        .prop_map(|(phone, email, preferred, inconvenient, zone, touches, refused, card)| Facts {
            phone,
            email,
            preferred,
            inconvenient,
            zone,
            touches,
            refused,
            card,
        })
}

fn world_of(people: &[Facts], start: DateTime<Utc>) -> (World, Vec<ClientId>) {
    let world = World::new();
    let mut ids = Vec::new();
    for (i, facts) in people.iter().enumerate() {
        let client = world.client(&format!("Клиент {i}"), |c| {
            c.fields.phones = if facts.phone { vec![phone()] } else { Vec::new() };
            c.fields.emails = if facts.email { vec!["a@example.com".parse().unwrap()] } else { Vec::new() };
            c.fields.time_zone = ZONES[facts.zone].parse().ok();
            c.fields.inconvenient_channels = facts.inconvenient.iter().map(|i| CHANNELS[*i]).collect();
            c.fields.preferred_channel =
                facts.preferred.map(|p| CHANNELS[p]).filter(|p| !c.fields.inconvenient_channels.contains(p));
        });
        for (hours, channel) in &facts.touches {
            let when = start - Duration::hours(*hours);
            let touch = NewTouch {
                at: Some(when),
                direction: Direction::Outbound,
                origin: Origin::Sales,
                ..NewTouch::new(client.clone(), CHANNELS[*channel])
            };
            world.at(when, Command::LogTouch { touch, result: None, outcome: None, nps: None });
        }
        if let Some((stage, days)) = facts.card {
            let to = CardPosition::Stage { stage: STAGES[stage].parse().unwrap() };
            world.at(
                start - Duration::days(days),
                Command::MoveStage {
                    client: client.clone(),
                    pipeline: "sales".parse().unwrap(),
                    to,
                    amount: None,
                    at: None,
                },
            );
        }
        if facts.refused {
            let consent = Consent {
                contact: false,
                marketing: false,
                source: "call".parse().unwrap(),
                at: start - Duration::hours(1),
            };
            world.at(start - Duration::hours(1), Command::RecordConsent { client: client.clone(), consent });
        }
        ids.push(client);
    }
    (world, ids)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A suggestion breaks no rule at its time, so planning it as it is — no override —
    /// is accepted; and no time on a 15-minute grid from now before it is allowed and in
    /// the hours.
    #[test]
    fn a_suggestion_is_allowed_and_none_earlier_is(
        people in prop::collection::vec(facts(), 1..5),
        minutes in 0i64..(7 * 24 * 4),
    ) {
        // Now: somewhen in the week from Monday 2 March 2026, 00:00 UTC, on a minute.
        let start = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap() + Duration::minutes(minutes * 15 + minutes % 7);
        let (world, ids) = world_of(&people, start);
        {
            // The list, read in one pass for every client, says what each client's own walk says.
            let state = world.0.state();
            let query = SuggestQuery { user: None, now: start, limit: None };
            let listed = suggestions(&state, &ripen_core::Access::everything(), &query);
            for client in &ids {
                let next = next_touch(&state, state.client(client).unwrap(), start).suggestion;
                prop_assert_eq!(listed.iter().find(|s| &s.client_id == client), next.as_ref());
            }
            // A limited list, timed a group at a time, is the full list's beginning.
            for limit in 0..=listed.len() {
                let query = SuggestQuery { user: None, now: start, limit: Some(limit) };
                prop_assert_eq!(&suggestions(&state, &ripen_core::Access::everything(), &query)[..], &listed[..limit]);
            }
        }
        for (client, facts) in ids.iter().zip(&people) {
            let suggestion = {
                let state = world.0.state();
                let next = next_touch(&state, state.client(client).unwrap(), start);
                // Withdrawn consent: nothing (a missing channel is said first, if it is missing).
                if facts.refused {
                    let why = [Some(Skip::ConsentRefused), Some(Skip::NoAddress), Some(Skip::NoChannel)];
                    prop_assert!(why.contains(&next.skipped), "{:?}", next.skipped);
                }
                if !facts.phone && !facts.email {
                    prop_assert!(next.suggestion.is_none());
                }
                let Some(suggestion) = next.suggestion else { continue };
                prop_assert!(suggestion.at >= start);
                prop_assert!(!facts.inconvenient.iter().any(|i| CHANNELS[*i] == suggestion.channel));
                let verdict = state.policy.check(&state, &candidate(client, suggestion.channel, suggestion.at));
                prop_assert!(verdict.violations.is_empty(), "{:?} at {}: {:?}", suggestion.channel, suggestion.at, verdict);
                let zone = state.policy.time_zone_of(&state, client);
                let own_hours = !policy_sets_hours(&state, suggestion.channel);
                let mut at = start;
                while at < suggestion.at {
                    let earlier = state.policy.check(&state, &candidate(client, suggestion.channel, at));
                    let outside = own_hours && in_day_hours(at, zone) != at;
                    prop_assert!(!earlier.violations.is_empty() || outside, "{} was allowed before {}", at, suggestion.at);
                    at += Duration::minutes(15);
                }
                suggestion
            };
            // One tap plans it: exactly what the suggestion says, no override.
            let touch = NewTouch {
                at: Some(suggestion.at),
                ..NewTouch::new(suggestion.client_id.clone(), suggestion.channel)
            };
            let plan = Plan { goal: suggestion.goal.clone(), approach: suggestion.approach.clone(), planned_result: suggestion.planned_result.clone() };
            let planned = block_on(world.0.execute(Command::PlanTouch { touch, plan }, start));
            prop_assert!(planned.is_ok(), "{:?}", planned.err());
            // And the client has a next step now: no suggestion until it is done.
            let state = world.0.state();
            prop_assert_eq!(next_touch(&state, state.client(client).unwrap(), start).skipped, Some(Skip::Planned));
        }
    }
}

#[test]
fn dates_count_in_the_client_s_days() {
    // 3 March 23:00 in Vladivostok is already 4 March there: a date on the 6th is 2 days away.
    let world = World::new();
    let client = world.client("Владивосток", |c| {
        c.fields.time_zone = "Asia/Vladivostok".parse().ok();
        c.fields.dates = vec![ImportantDate::parse("birthday", None, 3, 6, None).unwrap()];
    });
    let late = Utc.with_ymd_and_hms(2026, 3, 3, 14, 0, 0).unwrap();
    let state = world.0.state();
    let suggestion = next_touch(&state, state.client(&client).unwrap(), late).suggestion.unwrap();
    assert_eq!((suggestion.hook.kind, suggestion.hook.days), (HookKind::Date, Some(2)));
    assert_eq!(suggestion.hook.on.map(|d| d.day()), Some(6));
}
