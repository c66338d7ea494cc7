//! Trade shows through the engine: saving and archiving a show (and who may), capturing a
//! lead in one commit (routed as any new client, its card at the show's stage, its
//! answers checked against the show's questions), qualifying it, its consents, reverts,
//! search, the list and the funnel filtered by show and rating, and the checkpoint.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::command::LeadCapture;
use ripen_core::funnel::{Cohort, FunnelFilter, FunnelQuery};
use ripen_core::lead::{Consent, Rating, RawAnswer};
use ripen_core::listing::{ListingFilter, ListingQuery, ListingSort};
use ripen_core::people::{Role, UserProfile};
use ripen_core::pipeline::CardPosition;
use ripen_core::show::ShowDraft;
use ripen_core::{
    checkpoint, ClientId, ClientKind, Command, CrmState, Engine, Error, ErrorKind, Event, EventPayload, MemoryStore,
    NewClient, ReplicaId, ShowId,
};

struct World {
    engine: Engine<MemoryStore>,
    store: MemoryStore,
    now: DateTime<Utc>,
}

impl World {
    /// "Now" is 2026-07-07 11:00 in Moscow, the first day of the show.
    fn new() -> Self {
        let store = MemoryStore::new();
        let engine =
            block_on(Engine::open(store.clone(), ReplicaId::from_random(23), "anna".parse().unwrap())).unwrap();
        Self { engine, store, now: Utc.with_ymd_and_hms(2026, 7, 7, 8, 0, 0).unwrap() }
    }

    fn run(&mut self, command: Command) -> Result<Vec<Event>, Error> {
        self.now += chrono::Duration::minutes(1);
        block_on(self.engine.execute(command, self.now))
    }

    fn draft(&self) -> ShowDraft {
        ShowDraft {
            name: "Иннопром 2026".parse().unwrap(),
            starts: NaiveDate::from_ymd_opt(2026, 7, 7).unwrap(),
            ends: NaiveDate::from_ymd_opt(2026, 7, 10).unwrap(),
            place: Some("Екатеринбург".parse().unwrap()),
            stand: Some("B-12".parse().unwrap()),
            time_zone: None,
            team: vec!["boris".parse().unwrap(), "anna".parse().unwrap()],
            pipeline: "sales".parse().unwrap(),
            stage: "answered".parse().unwrap(),
            questions: None,
        }
    }

    fn save_show(&mut self) -> ShowId {
        let events = self.run(Command::SaveShow { id: None, draft: self.draft() }).unwrap();
        match &events[0].payload {
            EventPayload::ShowSaved { show, .. } => show.clone(),
            other => panic!("{other:?}"),
        }
    }

    fn capture(
        &mut self,
        show: Option<&ShowId>,
        name: &str,
        answers: &[(&str, &str)],
        rating: Option<Rating>,
    ) -> ClientId {
        let events = self.run(Command::CaptureLead(Box::new(capture(show, name, answers, rating)))).unwrap();
        events[0].payload.clients()[0].clone()
    }
}

fn capture(show: Option<&ShowId>, name: &str, answers: &[(&str, &str)], rating: Option<Rating>) -> LeadCapture {
    LeadCapture {
        show: show.cloned(),
        client: NewClient::named(ClientKind::Person, name.parse().unwrap()),
        answers: answers.iter().map(|(q, a)| (q.to_string(), RawAnswer::Text(a.to_string()))).collect(),
        rating,
        consent: Some((true, false)),
        consent_source: None,
        badge: Some("INP-1".parse().unwrap()),
        at: None,
    }
}

fn invalid_field(result: Result<Vec<Event>, Error>) -> String {
    match result {
        Err(Error::Validation(error)) => error.field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_show_is_saved_with_the_default_questions_and_refused_when_it_contradicts_itself() {
    let mut world = World::new();
    let show = world.save_show();
    let state = world.engine.state().clone();
    let saved = state.show(&show).unwrap();
    assert_eq!(saved.questions.len(), 5);
    assert_eq!(saved.team.iter().map(|u| u.as_str()).collect::<Vec<_>>(), ["anna", "boris"]);

    type Edit = fn(&mut ShowDraft);
    let cases: [(Edit, &str); 3] = [
        (|d| d.ends = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(), "ends"),
        (|d| d.stage = "nowhere".parse().unwrap(), "stage"),
        (|d| d.pipeline = "nowhere".parse().unwrap(), "pipeline"),
    ];
    for (edit, field) in cases {
        let mut draft = world.draft();
        edit(&mut draft);
        assert_eq!(invalid_field(world.run(Command::SaveShow { id: None, draft })), field);
    }
    // Saving it unchanged writes nothing; archiving it is one event, and a revert of that.
    assert!(world.run(Command::SaveShow { id: Some(show.clone()), draft: world.draft() }).unwrap().is_empty());
    let archived = world.run(Command::ArchiveShow { show: show.clone(), archived: true }).unwrap();
    assert!(world.engine.state().show(&show).unwrap().archived);
    let refused = world.run(Command::CaptureLead(Box::new(capture(Some(&show), "Иван", &[], None))));
    assert_eq!(invalid_field(refused), "show");
    world.run(Command::Revert { event: archived[0].id.clone(), force: false }).unwrap();
    assert!(!world.engine.state().show(&show).unwrap().archived);
}

#[test]
fn only_those_who_configure_save_shows_and_every_member_captures() {
    let mut world = World::new();
    let show = world.save_show();
    for (user, role) in [("anna", Role::Admin), ("boris", Role::Manager)] {
        let profile = UserProfile::new(user.to_uppercase(), role, None);
        world.run(Command::SaveUser { user: user.parse().unwrap(), profile }).unwrap();
    }
    block_on(world.engine.switch_user("boris".parse().unwrap())).unwrap();
    let refused = world.run(Command::SaveShow { id: None, draft: world.draft() });
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Forbidden);
    let lead = world.capture(Some(&show), "Иван Петров", &[("interest", "Service")], Some(Rating::Hot));
    let state = world.engine.state().clone();
    assert_eq!(state.lead(&lead).unwrap().by.as_str(), "boris");
    assert_eq!(state.conflicts(), &[]);
}

#[test]
fn a_capture_is_one_commit_routed_as_any_new_client_with_its_card_lead_and_consent() {
    let mut world = World::new();
    let show = world.save_show();
    let profile = UserProfile::new("Вера", Role::Manager, None);
    world.run(Command::SaveUser { user: "vera".parse().unwrap(), profile }).unwrap();
    let routing = ripen_json::from_str(r#"{"book":{"rules":[],"default":{"user":"vera"}},"teams":{}}"#).unwrap();
    world.run(Command::SaveRouting { routing: Some(routing) }).unwrap();
    let events = world
        .run(Command::CaptureLead(Box::new(capture(
            Some(&show),
            "Иван",
            &[("budget", "under 1m")],
            Some(Rating::Warm),
        ))))
        .unwrap();
    let types: Vec<&str> = events.iter().map(|e| e.payload.type_name()).collect();
    assert_eq!(types, ["client_added", "stage_moved", "lead_saved", "consent_recorded", "client_routed"]);
    let client = events[0].payload.clients()[0].clone();
    let state = world.engine.state().clone();
    assert_eq!(state.client(&client).unwrap().owner.as_ref().map(|o| o.as_str()), Some("vera"));
    let card = state.pipelines.card(&client, &"sales".parse().unwrap()).unwrap();
    assert_eq!(card.position, CardPosition::Stage { stage: "answered".parse().unwrap() });
    let lead = state.lead(&client).unwrap();
    assert_eq!(ripen_json::to_string(&lead.answers), r#"{"budget":"Under 1M"}"#);
    assert_eq!(lead.badge.as_ref().unwrap().as_str(), "INP-1");
    let consent = state.consent(&client).unwrap();
    assert_eq!(
        (consent.consent.contact, consent.consent.marketing, consent.consent.source.as_str()),
        (true, false, "stand")
    );
    assert_eq!(state.load(&"vera".parse().unwrap()), 1);
    assert_eq!(state.load(&"anna".parse().unwrap()), 0);
    // The log folds to the same state.
    let records = block_on(ripen_core::EventStore::load(&world.store)).unwrap();
    assert_eq!(CrmState::fold(ripen_core::codec::decode_log(&records).unwrap()), state);
}

#[test]
fn a_lead_without_a_named_show_goes_to_the_one_running_and_bad_answers_are_refused() {
    let mut world = World::new();
    let show = world.save_show();
    let lead = world.capture(None, "Иван", &[], None);
    assert_eq!(world.engine.state().lead(&lead).unwrap().show, show);
    // (answers, the field refused)
    let cases: [(&[(&str, &str)], &str); 3] = [
        (&[("colour", "red")], "answers.colour"),
        (&[("interest", "Cars")], "answers.interest"),
        (&[("Bad id", "x")], "answers"),
    ];
    for (answers, field) in cases {
        let refused = world.run(Command::CaptureLead(Box::new(capture(Some(&show), "Пётр", answers, None))));
        assert_eq!(invalid_field(refused), field);
    }
    let unknown = world.run(Command::CaptureLead(Box::new(capture(Some(&"s9.9".parse().unwrap()), "Пётр", &[], None))));
    assert_eq!(invalid_field(unknown), "show");
    // Once the show is over, nothing runs: say which.
    world.now = Utc.with_ymd_and_hms(2026, 7, 12, 8, 0, 0).unwrap();
    assert_eq!(invalid_field(world.run(Command::CaptureLead(Box::new(capture(None, "Пётр", &[], None))))), "show");
}

#[test]
fn qualifying_changes_answers_and_rating_and_a_revert_puts_them_back() {
    let mut world = World::new();
    let show = world.save_show();
    let lead =
        world.capture(Some(&show), "Иван", &[("interest", "Service"), ("note", "wants a demo")], Some(Rating::Cold));
    let qualified = world
        .run(Command::QualifyLead {
            client: lead.clone(),
            answers: vec![("interest".into(), RawAnswer::Text("Products".into())), ("note".into(), RawAnswer::Clear)],
            rating: Some(Rating::Hot),
        })
        .unwrap();
    let now = world.engine.state().lead(&lead).unwrap().clone();
    assert_eq!(
        (ripen_json::to_string(&now.answers).as_str(), now.rating),
        (r#"{"interest":"Products"}"#, Some(Rating::Hot))
    );
    world.run(Command::Revert { event: qualified[0].id.clone(), force: false }).unwrap();
    let back = world.engine.state().lead(&lead).unwrap().clone();
    assert_eq!(back.rating, Some(Rating::Cold));
    assert_eq!(back.answers.len(), 2);
    let refused = world.run(Command::QualifyLead {
        client: lead,
        answers: vec![("interest".into(), RawAnswer::YesNo(true))],
        rating: None,
    });
    assert_eq!(invalid_field(refused), "answers.interest");
}

#[test]
fn consents_are_kept_in_order_and_the_last_is_current() {
    let mut world = World::new();
    let show = world.save_show();
    let lead = world.capture(Some(&show), "Иван", &[], None);
    let at = world.now;
    let record = |contact, marketing, source: &str| Command::RecordConsent {
        client: lead.clone(),
        consent: Consent { contact, marketing, source: source.parse().unwrap(), at },
    };
    world.run(record(true, true, "web form")).unwrap();
    let withdrawn = world.run(record(false, false, "call")).unwrap();
    let state = world.engine.state().clone();
    let sources: Vec<&str> = state.consents(&lead).iter().map(|e| e.consent.source.as_str()).collect();
    assert_eq!(sources, ["stand", "web form", "call"]);
    assert!(!state.consent(&lead).unwrap().consent.contact);
    assert_eq!(state.consent(&lead).unwrap().by.as_str(), "anna");
    world.run(Command::Revert { event: withdrawn[0].id.clone(), force: false }).unwrap();
    assert!(world.engine.state().consent(&lead).unwrap().consent.marketing);
    let future = Consent {
        contact: true,
        marketing: true,
        source: "call".parse().unwrap(),
        at: world.now + chrono::Duration::days(1),
    };
    assert_eq!(invalid_field(world.run(Command::RecordConsent { client: lead, consent: future })), "at");
}

#[test]
fn answers_and_ratings_are_searched_listed_and_counted_in_the_funnel() {
    let mut world = World::new();
    let show = world.save_show();
    let hot = world.capture(Some(&show), "Иван", &[("note", "насосы для котельной")], Some(Rating::Hot));
    let warm = world.capture(Some(&show), "Пётр", &[("interest", "Service")], Some(Rating::Warm));
    let other = world.run(Command::AddClient(NewClient::named(ClientKind::Person, "Анна".parse().unwrap()))).unwrap()
        [0]
    .payload
    .clients()[0]
        .clone();

    let found = |query: &str| {
        world.engine.search(query, 10, &Default::default()).into_iter().map(|h| h.client).collect::<Vec<_>>()
    };
    assert_eq!(found("котельной"), std::slice::from_ref(&hot));
    assert_eq!(found("service"), std::slice::from_ref(&warm));
    assert_eq!(found("hot"), std::slice::from_ref(&hot));

    // (filter, the clients listed)
    let cases: [(ListingFilter, Vec<&ClientId>); 4] = [
        (ListingFilter::default(), vec![&other, &warm, &hot]),
        (ListingFilter { show: Some(show.clone()), ..Default::default() }, vec![&warm, &hot]),
        (ListingFilter { rating: Some(Rating::Hot), ..Default::default() }, vec![&hot]),
        (ListingFilter { show: Some("s9.9".parse().unwrap()), ..Default::default() }, vec![]),
    ];
    for (filter, expected) in cases {
        let query = ListingQuery { after: None, limit: 10, sort: ListingSort::Newest, filter: filter.clone() };
        let listed = world
            .engine
            .clients_page(&query, |page| page.items.iter().map(|c| c.id.clone()).collect::<Vec<_>>())
            .unwrap();
        assert_eq!(listed, expected.into_iter().cloned().collect::<Vec<_>>(), "{filter:?}");
    }

    let funnel = |filter: FunnelFilter| {
        let query = FunnelQuery {
            pipeline: "sales".parse().unwrap(),
            from: Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap(),
            to: Utc.with_ymd_and_hms(2026, 8, 1, 0, 0, 0).unwrap(),
            cohort: Cohort::Entered,
            by: None,
            filter,
        };
        world.engine.view().funnel(&query).map_or(0, |r| r.overall.cards)
    };
    assert_eq!(funnel(FunnelFilter { show: Some(show.clone()), ..Default::default() }), 2);
    assert_eq!(funnel(FunnelFilter { rating: Some(Rating::Warm), ..Default::default() }), 1);
}

#[test]
fn shows_leads_and_consents_survive_a_checkpoint_and_an_old_checkpoint_gains_the_consent_rule() {
    let mut world = World::new();
    let show = world.save_show();
    world.capture(Some(&show), "Иван", &[("interest", "Service")], Some(Rating::Hot));
    let state = world.engine.state().clone();
    let written = checkpoint::CheckpointWriter::new().finish(&state, 1);
    assert_eq!(checkpoint::read(&written).unwrap(), state);

    // A checkpoint of a build before the rule: its policy without it and no marker.
    let mut old = CrmState::default();
    old.policy.rules.retain(|r| r.id.as_str() != "marketing_consent");
    old.policy.rules.remove(1); // marketing_per_day, removed by an event
    let written = checkpoint::CheckpointWriter::new().finish(&old, 0);
    let aged = without_consent_marker(&written);
    assert_ne!(aged, written, "the marker was in the settings block");
    let read = checkpoint::read(&aged).unwrap();
    let ids: Vec<&str> = read.policy.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["sales_calls_per_company", "marketing_per_week", "gap_between_touches", "call_hours", "marketing_consent"]
    );
    // As a fold of the log from the defaults would have it.
    let mut folded = CrmState::default();
    folded.policy.rules.remove(1);
    assert_eq!(read.policy, folded.policy);
}

/// The checkpoint as a build before the consent rule wrote it: the settings block without
/// its marker (blanked, so the block keeps its length), the part sealed again.
fn without_consent_marker(written: &checkpoint::Checkpoint) -> checkpoint::Checkpoint {
    let marker = br#""consent_rule_known":true,"#;
    let mut aged = written.clone();
    for part in &mut aged.parts {
        let Some(at) = part.windows(marker.len()).position(|w| w == marker) else { continue };
        part[at..at + marker.len()].fill(b' ');
        let sum = ripen_core::checksum::Checksum::of(&part[16..]).to_le_bytes();
        part[..16].copy_from_slice(&sum);
    }
    aged
}
