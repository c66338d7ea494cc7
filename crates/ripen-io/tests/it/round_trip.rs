//! Export then import: a CSV in any dialect (Russian or English Excel, Google Contacts,
//! Outlook), or vCard 3.0 or 4.0, read into an empty CRM give the same clients — names,
//! kinds, contacts, what of the profile the format holds — formula guards and all.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::search::SearchIndex;
use ripen_core::values::{CountryCode, ImportantDate, Phone};
use ripen_core::{Client, ClientFields, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId};
use ripen_io::{
    plan, read, write_csv, write_vcards, Column, CsvDialect, CsvOptions, Preset, Row, VcardVersion, ViewBase,
};
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
fn comparable(client: &Client) -> Kept {
    (client.name.to_string(), client.fields.clone())
}

/// A person's job as an import keeps it: the person's name, the company's, the position.
type Job = (String, String, Option<String>);

/// What an import keeps of a client: its name and profile.
type Kept = (String, ClientFields);

fn jobs(state: &ripen_core::CrmState) -> Vec<Job> {
    let mut jobs: Vec<_> = state
        .relationships
        .all()
        .map(|r| {
            let name = |id| state.client(id).map(|c| c.name.to_string()).unwrap_or_default();
            (name(&r.to), name(&r.from), r.position.clone())
        })
        .collect();
    jobs.sort();
    jobs
}

fn import_with_jobs(bytes: &[u8]) -> (Vec<Kept>, Vec<Job>) {
    import_as(bytes, None)
}

/// The import of `bytes`, checking the reader took it for `preset`'s export.
fn import_as(bytes: &[u8], preset: Option<Preset>) -> (Vec<Kept>, Vec<Job>) {
    let target = engine(3);
    let mut index = SearchIndex::default();
    let file = read(bytes, None, &CsvOptions::default()).unwrap();
    assert!(file.issues.is_empty(), "{:?}", file.issues);
    let warnings: Vec<_> = file.drafts.iter().flat_map(|d| &d.warnings).collect();
    assert!(warnings.is_empty(), "{preset:?}: {warnings:?}");
    if preset.is_some() {
        assert_eq!(file.preset, preset, "the header tells the export");
    }
    let batch = {
        let view = target.view();
        plan(file, None, &HashMap::new(), &mut ViewBase::new(&view, &mut index))
    };
    block_on(target.execute(Command::Import(Box::new(batch)), now())).unwrap();
    let state = target.state();
    let mut clients: Vec<_> = state.clients().map(comparable).collect();
    clients.sort_by(|a, b| a.0.cmp(&b.0));
    (clients, jobs(&state))
}

#[test]
fn csv_in_every_dialect_and_vcards_come_back_as_the_same_clients() {
    let source = engine(1);
    let added = block_on(source.execute(Command::AddClients(clients()), now())).unwrap();
    let ids: Vec<_> = added.iter().filter_map(|e| e.payload.clients().first().map(|c| (*c).clone())).collect();
    // The person works at the first company, as its buyer.
    let link = Command::Link {
        from: ids[0].clone(),
        to: ids[1].clone(),
        kind: ripen_core::relationship::RelationKind::Employee,
        position: Some("Снабженец; закупки".into()),
        since: None,
    };
    block_on(source.execute(link, now())).unwrap();
    let state = source.state();
    let employer = |client: &Client| -> (Option<String>, Option<String>) {
        let link = state.relationships.of_client(&client.id).find(|r| r.to == client.id);
        (link.and_then(|r| state.client(&r.from)).map(|c| c.name.to_string()), link.and_then(|r| r.position.clone()))
    };
    let jobs_of: Vec<_> = state.clients().map(employer).collect();
    let rows: Vec<Row<'_>> = state
        .clients()
        .zip(&jobs_of)
        .map(|(client, (company, position))| Row { client, company: company.as_deref(), position: position.as_deref() })
        .collect();
    let mut expected: Vec<_> = state.clients().map(comparable).collect();
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    let expected_jobs = jobs(&state);
    assert_eq!(expected_jobs.len(), 1);

    for dialect in [CsvDialect::Russian, CsvDialect::International] {
        let csv = write_csv(&rows, Column::ALL, dialect);
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.starts_with('\u{feff}'), "a BOM first, for Excel");
        assert!(text.contains("'=HYPERLINK"), "formulas are guarded: {text}");
        assert!(!text.lines().any(|l| l.starts_with('=')), "no cell starts a formula");
        let (clients, jobs) = import_with_jobs(&csv);
        assert_eq!(clients, expected, "{dialect:?}:\n{text}");
        assert_eq!(jobs, expected_jobs, "{dialect:?}: the person works where they worked");
    }

    // vCard, Google's and Outlook's files keep what they hold: names, kinds, phones,
    // e-mails, site, tags, birthday, notes, and the person's company and position
    // (Outlook's, the region too).
    let held = |(name, fields): &Kept, region: bool| {
        (
            name.clone(),
            fields.kind,
            // The number, not how it was typed: address books get it as +7….
            fields.phones.iter().map(|p| p.e164().to_owned()).collect::<Vec<_>>(),
            fields.emails.clone(),
            fields.website.clone(),
            fields.tags.clone(),
            fields.dates.clone(),
            fields.notes.clone(),
            fields.region.clone().filter(|_| region),
        )
    };
    let exports = [
        ("vCard 3.0", write_vcards(&rows, VcardVersion::V3).into_bytes(), None, false),
        ("vCard 4.0", write_vcards(&rows, VcardVersion::V4).into_bytes(), None, false),
        ("Google", write_csv(&rows, &[], CsvDialect::Google), Some(Preset::Google), false),
        ("Outlook", write_csv(&rows, &[], CsvDialect::Outlook), Some(Preset::Outlook), true),
    ];
    for (what, bytes, preset, region) in exports {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (came_back, jobs) = import_as(&bytes, preset);
        let view = |kept: &[Kept]| kept.iter().map(|k| held(k, region)).collect::<Vec<_>>();
        assert_eq!(view(&came_back), view(&expected), "{what}:\n{text}");
        assert_eq!(jobs, expected_jobs, "{what}: the person works where they worked");
    }
}

#[test]
fn a_value_that_starts_with_an_apostrophe_and_a_formula_sign_keeps_its_apostrophe() {
    let source = engine(4);
    let mut client = NewClient::named(ClientKind::Company, "'=Кавычка и равно".parse().unwrap());
    client.fields.notes = Some("'+7 — так и записано".parse().unwrap());
    block_on(source.execute(Command::AddClient(client), now())).unwrap();
    let state = source.state();
    let rows: Vec<Row<'_>> = state.clients().map(|client| Row { client, company: None, position: None }).collect();
    let csv = write_csv(&rows, &[Column::Name, Column::Notes], CsvDialect::Russian);
    let (clients, _) = import_with_jobs(&csv);
    assert_eq!(clients[0].0, "'=Кавычка и равно");
    assert_eq!(clients[0].1.notes.as_ref().map(|n| n.as_str()), Some("'+7 — так и записано"));
}
#[test]
fn vcard_4_writes_uris_kinds_and_anniversaries_and_reads_them_back() {
    let source = engine(5);
    let mut person = NewClient::named(ClientKind::Person, "Анна Сергеевна Ким".parse().unwrap());
    person.fields.phones = vec![Phone::parse("8 913 123-45-67", CountryCode::RUSSIA).unwrap()];
    person.fields.dates = vec![
        ImportantDate::parse("birthday", None, 3, 8, None).unwrap(),
        ImportantDate::parse("other", Some("anniversary"), 6, 20, Some(2015)).unwrap(),
    ];
    let mut company = NewClient::named(ClientKind::Company, "АО «Сибирь»".parse().unwrap());
    company.fields.dates = vec![ImportantDate::parse("company_anniversary", None, 9, 1, Some(1998)).unwrap()];
    block_on(source.execute(Command::AddClients(vec![person, company]), now())).unwrap();
    let state = source.state();
    let rows: Vec<Row<'_>> = state.clients().map(|client| Row { client, company: None, position: None }).collect();
    let cards = write_vcards(&rows, VcardVersion::V4);
    for line in ["VERSION:4.0", "TEL;VALUE=uri;TYPE=cell:tel:+79131234567", "BDAY:--0308", "ANNIVERSARY:20150620"] {
        assert!(cards.contains(&format!("\r\n{line}\r\n")), "{line}:\n{cards}");
    }
    assert!(cards.contains("\r\nKIND:org\r\n") && cards.contains("\r\nANNIVERSARY:19980901\r\n"), "{cards}");
    let (came_back, _) = import_with_jobs(cards.as_bytes());
    let mut expected: Vec<_> =
        state.clients().map(|c| (c.name.to_string(), c.fields.kind, c.fields.dates.clone())).collect();
    expected.sort();
    let mut got: Vec<_> = came_back.iter().map(|(n, f)| (n.clone(), f.kind, f.dates.clone())).collect();
    got.sort();
    assert_eq!(got, expected);
}
