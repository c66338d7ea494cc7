//! Export then import: a CSV in either dialect, or vCards, read into an empty CRM give
//! the same clients — names, kinds, contacts, profile — formula guards and all.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::search::SearchIndex;
use ripen_core::values::{CountryCode, ImportantDate, Phone};
use ripen_core::{Client, ClientFields, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId};
use ripen_io::{plan, read, write_csv, write_vcards, Column, CsvDialect, CsvOptions, Row, ViewBase};
use std::collections::HashMap;

fn engine(seed: u64) -> Engine<MemoryStore> {
    block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(seed), "anna".parse().unwrap())).unwrap()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(1_760_000_000_000).unwrap()
}

fn clients() -> Vec<NewClient> {
    let phone = |p: &str| Phone::parse(p, CountryCode::RUSSIA).unwrap();
    let mut company = NewClient::named(ClientKind::Company, "ООО \"Рога; и копыта\", филиал".parse().unwrap());
    company.fields.phones = vec![phone("+7 383 200-00-00"), phone("8 913 000-00-01")];
    company.fields.emails = vec!["zakaz@roga.ru".parse().unwrap()];
    company.fields.region = Some("Новосибирская область".parse().unwrap());
    company.fields.industry = Some("Торговля".parse().unwrap());
    company.fields.tags = ["опт".parse().unwrap(), "vip".parse().unwrap()].into();
    company.fields.notes = Some("Первая строка\nвторая; с точкой с запятой, и \"кавычками\"".parse().unwrap());
    company.fields.website = Some("https://roga.ru".parse().unwrap());
    let mut person = NewClient::named(ClientKind::Person, "Ёлкин Пётр".parse().unwrap());
    person.fields.phones = vec![phone("+7 912 000-77-66")];
    person.fields.dates = vec![ImportantDate::parse("birthday", None, 12, 31, Some(1980)).unwrap()];
    person.fields.source = Some("Выставка".parse().unwrap());
    let mut hostile = NewClient::named(ClientKind::Company, "=HYPERLINK(\"http://evil\",\"x\")".parse().unwrap());
    hostile.fields.notes = Some("@SUM(A1:A9)".parse().unwrap());
    hostile.fields.client_type = Some("-1+1".parse().unwrap());
    vec![company, person, hostile]
}

/// What an import keeps of a client: everything but ids, times and the owner.
fn comparable(client: &Client) -> (String, ClientFields) {
    (client.name.to_string(), client.fields.clone())
}

fn import_into_empty(bytes: &[u8]) -> Vec<(String, ClientFields)> {
    let target = engine(2);
    let mut index = SearchIndex::default();
    let file = read(bytes, None, &CsvOptions::default()).unwrap();
    assert!(file.issues.is_empty(), "{:?}", file.issues);
    let batch = {
        let view = target.view();
        plan(file, None, &HashMap::new(), &mut ViewBase::new(&view, &mut index))
    };
    block_on(target.execute(Command::Import(Box::new(batch)), now())).unwrap();
    let state = target.state();
    state.clients().map(comparable).collect()
}

#[test]
fn csv_in_both_dialects_and_vcards_come_back_as_the_same_clients() {
    let source = engine(1);
    block_on(source.execute(Command::AddClients(clients()), now())).unwrap();
    let state = source.state();
    let rows: Vec<Row<'_>> = state.clients().map(|client| Row { client, company: None, position: None }).collect();
    let expected: Vec<_> = state.clients().map(comparable).collect();

    let columns = [
        Column::Name,
        Column::Kind,
        Column::Phones,
        Column::Emails,
        Column::Website,
        Column::Region,
        Column::Industry,
        Column::Source,
        Column::ClientType,
        Column::Tags,
        Column::Notes,
        Column::Birthday,
    ];
    for dialect in [CsvDialect::Russian, CsvDialect::International] {
        let csv = write_csv(&rows, &columns, dialect);
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.starts_with('\u{feff}'), "a BOM first, for Excel");
        assert!(text.contains("'=HYPERLINK"), "formulas are guarded: {text}");
        assert!(!text.lines().any(|l| l.starts_with('=')), "no cell starts a formula");
        assert_eq!(import_into_empty(&csv), expected, "{dialect:?}:\n{text}");
    }

    // vCard keeps what a card holds: names, kinds, phones, e-mails, site, tags, birthday, notes.
    let cards = write_vcards(&rows);
    let came_back = import_into_empty(cards.as_bytes());
    let card_view = |(name, fields): &(String, ClientFields)| {
        (
            name.clone(),
            fields.kind,
            fields.phones.clone(),
            fields.emails.clone(),
            fields.website.clone(),
            fields.tags.clone(),
            fields.dates.clone(),
            fields.notes.clone(),
        )
    };
    assert_eq!(came_back.iter().map(card_view).collect::<Vec<_>>(), expected.iter().map(card_view).collect::<Vec<_>>());
}
