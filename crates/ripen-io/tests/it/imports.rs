//! A file imported into an engine: previewed (duplicates of existing clients found), then
//! planned with the user's choices and committed as one change.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::search::SearchIndex;
use ripen_core::values::{CountryCode, Phone};
use ripen_core::{ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId};
use ripen_io::{plan, preview, read, Choice, CsvOptions, ViewBase};
use std::collections::HashMap;

fn engine() -> Engine<MemoryStore> {
    block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(3), "anna".parse().unwrap())).unwrap()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.timestamp_millis_opt(1_760_000_000_000).unwrap()
}

const FILE: &str = "Фамилия;Имя;Компания;Должность;Телефон;E-mail\n\
Иванов;Сергей;ООО «Сибирские моторы»;Инженер;+7 383 200-00-01;s.ivanov@sibmotors.ru\n\
Петрова;Анна;ООО «Сибирские моторы»;Бухгалтер;+7 383 200-00-02;\n\
Сидоров;Олег;ООО «Новая компания»;Директор;+7 913 000-00-03;\n\
Кузнецов;Пётр;;;+7 913 999-99-99;kuznetsov@example.ru\n\
Смирнова;Ольга;;;12;\n";

fn setup() -> (Engine<MemoryStore>, ripen_core::ClientId, ripen_core::ClientId) {
    let engine = engine();
    let company = NewClient::named(ClientKind::Company, "ООО «Сибирские моторы»".parse().unwrap());
    let company = block_on(engine.execute(Command::AddClient(company), now())).unwrap()[0].payload.clients()[0].clone();
    let mut known = NewClient::named(ClientKind::Person, "Пётр Кузнецов".parse().unwrap());
    known.fields.phones = vec![Phone::parse("+7 913 999-99-99", CountryCode::RUSSIA).unwrap()];
    let known = block_on(engine.execute(Command::AddClient(known), now())).unwrap()[0].payload.clients()[0].clone();
    (engine, company, known)
}

#[test]
fn the_preview_finds_the_duplicate_and_the_errors_and_the_import_links_people_to_companies() {
    let (engine, company, known) = setup();
    let mut index = SearchIndex::default();
    let read_file = read(FILE.as_bytes(), None, &CsvOptions::default()).unwrap();
    let shown = {
        let view = engine.view();
        preview(&read_file, &mut ViewBase::new(&view, &mut index))
    };
    assert_eq!((shown.rows, shown.ready, shown.issue_count, shown.duplicate_count), (5, 5, 0, 1));
    // The phone that does not read loses nothing but itself: kept in the notes, warned of.
    assert_eq!((shown.warning_count, shown.warnings[0].line), (1, 6));
    assert_eq!(shown.duplicates[0].line, 5);
    assert_eq!(shown.duplicates[0].duplicates[0].client, known);

    // By default the duplicate is skipped.
    let batch = {
        let view = engine.view();
        plan(read_file.clone(), Some("люди.csv".into()), &HashMap::new(), &mut ViewBase::new(&view, &mut index))
    };
    assert_eq!(
        (batch.source.added, batch.source.merged, batch.source.skipped),
        (5, 0, 1),
        "four people and one new company"
    );
    let events = block_on(engine.execute(Command::Import(Box::new(batch)), now())).unwrap();
    let state = engine.state();
    let names: Vec<&str> = state.clients().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ООО «Сибирские моторы»",
            "Пётр Кузнецов",
            "Сергей Иванов",
            "Анна Петрова",
            "Олег Сидоров",
            "Ольга Смирнова",
            "ООО «Новая компания»"
        ]
    );
    // Both people of the existing company are linked to it, not to a copy.
    let employees = state.relationships.of_client(&company).filter(|r| r.from == company).count();
    assert_eq!(employees, 2);
    assert_eq!(state.imports[0].event, events[0].id);
}

#[test]
fn a_duplicate_chosen_to_merge_fills_in_the_existing_client() {
    let (engine, _, known) = setup();
    let mut index = SearchIndex::default();
    let read_file = read(FILE.as_bytes(), None, &CsvOptions::default()).unwrap();
    let choices = HashMap::from([(5, Choice::Merge(None))]);
    let batch = {
        let view = engine.view();
        plan(read_file, None, &choices, &mut ViewBase::new(&view, &mut index))
    };
    assert_eq!((batch.source.merged, batch.source.skipped), (1, 0));
    block_on(engine.execute(Command::Import(Box::new(batch)), now())).unwrap();
    let state = engine.state();
    let kept = state.client(&known).unwrap();
    assert_eq!(kept.fields.emails.iter().map(|e| e.as_str()).collect::<Vec<_>>(), ["kuznetsov@example.ru"]);
    assert_eq!(kept.fields.phones.len(), 1, "the same phone is not added twice");
    assert!(kept.aliases.is_empty(), "the same name is not added as another name");
}

#[test]
fn a_duplicate_chosen_to_add_anyway_is_added() {
    let (engine, _, _) = setup();
    let mut index = SearchIndex::default();
    let read_file = read(FILE.as_bytes(), None, &CsvOptions::default()).unwrap();
    let choices = HashMap::from([(5, Choice::Add)]);
    let batch = {
        let view = engine.view();
        plan(read_file, None, &choices, &mut ViewBase::new(&view, &mut index))
    };
    block_on(engine.execute(Command::Import(Box::new(batch)), now())).unwrap();
    let count = engine.state().clients().filter(|c| c.name.as_str() == "Пётр Кузнецов").count();
    assert_eq!(count, 2);
}

#[test]
fn a_person_filled_in_is_linked_to_the_company_the_row_names_once() {
    let (engine, company, known) = setup();
    let mut index = SearchIndex::default();
    let file = "Имя;Компания;Должность;Телефон\nПётр Кузнецов;ООО «Сибирские моторы»;Снабженец;+7 913 999-99-99\n";
    let merge_all = HashMap::from([(2, Choice::Merge(None))]);
    let mut imported = Vec::new();
    for _ in 0..2 {
        let read_file = read(file.as_bytes(), None, &CsvOptions::default()).unwrap();
        let batch = {
            let view = engine.view();
            plan(read_file, None, &merge_all, &mut ViewBase::new(&view, &mut index))
        };
        imported
            .push(block_on(engine.execute(Command::Import(Box::new(batch)), now())).map(|_| ()).map_err(|e| e.kind()));
    }
    // The second time there is nothing to fill in: the import is refused, not recorded empty.
    assert_eq!(imported, [Ok(()), Err(ripen_core::ErrorKind::Validation)]);
    assert_eq!(engine.state().imports.len(), 1);
    let state = engine.state();
    let links: Vec<_> = state.relationships.of_client(&known).collect();
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!((&links[0].from, links[0].position.as_deref()), (&company, Some("Снабженец")));
}

#[test]
fn a_company_row_skipped_as_the_duplicate_of_a_person_does_not_stop_the_import() {
    let (engine, _, _) = setup();
    let mut person = NewClient::named(ClientKind::Person, "Икс Иксович".parse().unwrap());
    person.fields.emails = vec!["info@iks.ru".parse().unwrap()];
    block_on(engine.execute(Command::AddClient(person), now())).unwrap();
    let mut index = SearchIndex::default();
    // The company's e-mail is a person's: a duplicate, skipped; its employee is still
    // imported, at a company of that name created for them.
    let file = "Имя или название;Тип;Компания;E-mail\nООО «Икс»;компания;;info@iks.ru\nИван Иксов;человек;ООО «Икс»;\n";
    let read_file = read(file.as_bytes(), None, &CsvOptions::default()).unwrap();
    let batch = {
        let view = engine.view();
        plan(read_file, None, &HashMap::new(), &mut ViewBase::new(&view, &mut index))
    };
    assert_eq!((batch.source.added, batch.source.skipped), (2, 1));
    block_on(engine.execute(Command::Import(Box::new(batch)), now())).unwrap();
    let state = engine.state();
    let ivan = state.clients().find(|c| c.name.as_str() == "Иван Иксов").unwrap();
    let link = state.relationships.of_client(&ivan.id).next().unwrap();
    assert_eq!(state.client(&link.from).unwrap().name.as_str(), "ООО «Икс»");
}

#[test]
fn colleagues_sharing_the_office_phone_are_not_duplicates_but_a_namesake_with_it_is() {
    let (engine, _, _) = setup();
    let mut index = SearchIndex::default();
    // +7 913 999-99-99 is Пётр Кузнецов's; the company shares it too.
    let file = "Имя или название;Тип;Компания;Телефон\n\
        Анна Смирнова;человек;ООО «Кузнецов и партнёры»;+7 913 999-99-99\n\
        Олег Орлов;человек;ООО «Кузнецов и партнёры»;+7 913 999-99-99\n\
        Кузнецов Пётр;человек;;+7 913 999-99-99\n";
    let read_file = read(file.as_bytes(), None, &CsvOptions::default()).unwrap();
    let shown = {
        let view = engine.view();
        preview(&read_file, &mut ViewBase::new(&view, &mut index))
    };
    let flagged: Vec<usize> = shown.duplicates.iter().map(|row| row.line).collect();
    assert_eq!(flagged, [4], "only the namesake with the phone");
}

#[test]
fn a_persons_company_facts_go_to_the_company_the_import_creates() {
    let engine = engine();
    let mut index = SearchIndex::default();
    // HubSpot's internal names: its website and industry are the company's.
    let file = "hs_object_id,firstname,lastname,jobtitle,company,website,industry,phone\n\
1,Laura,Schmidt,Buyer,Alpenbau GmbH,alpenbau.de,Construction,+49 89 2000 100\n\
2,Peter,Huber,,Alpenbau GmbH,,,+49 89 2000 101\n";
    let read_file = read(file.as_bytes(), None, &CsvOptions::default()).unwrap();
    let batch = {
        let view = engine.view();
        plan(read_file, None, &HashMap::new(), &mut ViewBase::new(&view, &mut index))
    };
    block_on(engine.execute(Command::Import(Box::new(batch)), now())).unwrap();
    let state = engine.state();
    let company = state.clients().find(|c| c.name.as_str() == "Alpenbau GmbH").unwrap();
    assert_eq!(company.fields.kind, ClientKind::Company);
    assert_eq!(company.fields.website.as_ref().map(|w| w.to_string()).as_deref(), Some("https://alpenbau.de"));
    assert_eq!(company.fields.industry.as_ref().map(|i| i.to_string()).as_deref(), Some("Construction"));
    let laura = state.clients().find(|c| c.name.as_str() == "Laura Schmidt").unwrap();
    assert_eq!((laura.fields.website.as_ref(), laura.fields.industry.as_ref()), (None, None), "never the person's");
    assert_eq!(state.relationships.of_client(&company.id).filter(|r| r.from == company.id).count(), 2);
}
