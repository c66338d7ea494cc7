//! The response-time clock: web leads waiting for a first touch on their owner's agenda,
//! the longest waiting first, gone once touched; and time to first touch per source over
//! a period, only of clients the user sees.

use chrono::{DateTime, Duration, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::agenda::{AgendaKind, AgendaQuery};
use ripen_core::command::NewTouch;
use ripen_core::people::{Role, UserProfile};
use ripen_core::touch::Outcome;
use ripen_core::values::Channel;
use ripen_core::{ClientId, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId, UserId};

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn open() -> Engine<MemoryStore> {
    block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(7), user("anna"))).unwrap()
}

/// Adds a client with `source`, owned by `owner`, at `t0 + minutes`.
fn add(engine: &Engine<MemoryStore>, name: &str, source: Option<&str>, owner: &str, minutes: i64) -> ClientId {
    let mut new = NewClient::named(ClientKind::Person, name.parse().unwrap());
    new.fields.source = source.map(|s| s.parse().unwrap());
    new.owner = Some(user(owner));
    let events = block_on(engine.execute(Command::AddClient(new), t0() + Duration::minutes(minutes))).unwrap();
    events[0].payload.clients()[0].clone()
}

/// Logs a touch done `minutes` after t0 (inbound when said).
fn touch(engine: &Engine<MemoryStore>, client: &ClientId, minutes: i64, inbound: bool) {
    let at = t0() + Duration::minutes(minutes);
    let mut touch = NewTouch { at: Some(at), ..NewTouch::new(client.clone(), Channel::Call) };
    if inbound {
        touch.direction = ripen_core::touch::Direction::Inbound;
    }
    let command = Command::LogTouch { touch, result: None, outcome: Some(Outcome::Success), nps: None };
    block_on(engine.execute(command, at)).unwrap();
}

#[test]
fn web_leads_wait_on_their_owners_agenda_until_touched() {
    let engine = open();
    let first = add(&engine, "Первый", Some("web"), "anna", 0);
    let second = add(&engine, "Второй", Some("Web"), "anna", 30);
    let borisov = add(&engine, "Чужой", Some("web"), "boris", 10);
    let fair = add(&engine, "С выставки", Some("expo"), "anna", 5);
    let now = t0() + Duration::minutes(95);
    let view = engine.view();
    // (owner asked for, the waiting leads, longest first, with their minutes)
    /// (the owner asked for, the waiting leads with their minutes)
    type Case<'a> = (Option<UserId>, Vec<(&'a ClientId, i64)>);
    let cases: [Case; 3] = [
        (Some(user("anna")), vec![(&first, 95), (&second, 65)]),
        (Some(user("boris")), vec![(&borisov, 85)]),
        (None, vec![(&first, 95), (&borisov, 85), (&second, 65)]),
    ];
    for (owner, expected) in cases {
        let waiting: Vec<(ClientId, i64)> =
            view.waiting(owner.as_ref(), now).into_iter().map(|w| (w.client, w.waiting_ms / 60_000)).collect();
        let expected: Vec<(ClientId, i64)> = expected.into_iter().map(|(c, m)| (c.clone(), m)).collect();
        assert_eq!(waiting, expected, "{owner:?}");
    }
    let agenda = view.agenda(&AgendaQuery { owner: Some(user("anna")), now, days_ahead: 14 });
    let waiting: Vec<_> = agenda.iter().filter(|i| i.kind == AgendaKind::Waiting).collect();
    assert_eq!(waiting.iter().map(|i| &i.client).collect::<Vec<_>>(), [&first, &second]);
    assert_eq!(waiting[0].waiting_ms, Some(95 * 60_000));
    assert_eq!(waiting[0].why, "a web lead waiting 1 h 35 min for a first touch");
    assert!(agenda.iter().all(|i| i.client != fair));
    drop(view);
    // A touch either way ends the wait.
    touch(&engine, &first, 100, true);
    assert_eq!(
        engine.view().waiting(Some(&user("anna")), now).iter().map(|w| &w.client).collect::<Vec<_>>(),
        [&second]
    );
}

#[test]
fn time_to_first_touch_per_source_over_a_period() {
    let engine = open();
    // (name, source, added at minute, first touches at minutes)
    let clients: &[(&str, Option<&str>, i64, &[i64])] = &[
        ("w1", Some("web"), 0, &[10, 5000]),
        ("w2", Some("WEB"), 0, &[30]),
        ("w3", Some("web"), 0, &[20]),
        ("w4", Some("web"), 0, &[]),
        ("e1", Some("expo"), 0, &[120]),
        ("n1", None, 0, &[60]),
        ("late", Some("web"), 60 * 24 * 40, &[]),
    ];
    for (name, source, added, touches) in clients {
        let id = add(&engine, name, *source, "anna", *added);
        for minutes in *touches {
            touch(&engine, &id, *minutes, false);
        }
    }
    let report = engine.view().response_times(t0(), t0() + Duration::days(30));
    assert_eq!((report.overall.leads, report.overall.touched, report.overall.untouched), (6, 5, 1));
    /// (source, leads, touched, untouched, median, p90)
    type Row<'a> = (Option<&'a str>, u32, u32, u32, Option<f64>, Option<f64>);
    let rows: Vec<Row> = report
        .sources
        .iter()
        .map(|s| {
            (
                s.source.as_deref(),
                s.response.leads,
                s.response.touched,
                s.response.untouched,
                s.response.median_ms,
                s.response.p90_ms,
            )
        })
        .collect();
    let minute = 60_000.0;
    assert_eq!(
        rows,
        vec![
            (Some("web"), 4, 3, 1, Some(20.0 * minute), Some(28.0 * minute)),
            (None, 1, 1, 0, Some(60.0 * minute), Some(60.0 * minute)),
            (Some("expo"), 1, 1, 0, Some(120.0 * minute), Some(120.0 * minute)),
        ]
    );
    let later = engine.view().response_times(t0() + Duration::days(30), t0() + Duration::days(60));
    assert_eq!((later.overall.leads, later.overall.untouched, later.overall.median_ms), (1, 1, None));
}

#[test]
fn a_rep_sees_only_their_own_leads_waits() {
    let engine = open();
    block_on(
        engine.execute(
            Command::SaveUser { user: user("anna"), profile: UserProfile::new("Анна", Role::Admin, None) },
            t0(),
        ),
    )
    .unwrap();
    block_on(engine.execute(
        Command::SaveUser { user: user("boris"), profile: UserProfile::new("Борис", Role::Manager, None) },
        t0(),
    ))
    .unwrap();
    add(&engine, "Аннин", Some("web"), "anna", 0);
    let his = add(&engine, "Борисов", Some("web"), "boris", 0);
    block_on(engine.switch_user(user("boris"))).unwrap();
    let view = engine.view();
    let now = t0() + Duration::hours(1);
    assert_eq!(view.waiting(None, now).into_iter().map(|w| w.client).collect::<Vec<_>>(), [his]);
    assert_eq!(view.response_times(t0(), now).overall.leads, 1);
}
