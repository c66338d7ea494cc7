//! Search as a rep uses it: a table of queries across scripts, romanisations, former
//! names, word orders, typos, phones, emails and tags, each with the client it must find
//! (first, or among the results) or must not; and the index kept in step with edits.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::relationship::RelationKind;
use ripen_core::search::SearchFilter;
use ripen_core::values::{CountryCode, Email, Phone};
use ripen_core::{
    Alias, AliasKind, ClientId, ClientKind, Command, Engine, FieldValue, MemoryStore, NewClient, ReplicaId,
};
use std::collections::HashMap;

struct Book {
    engine: Engine<MemoryStore>,
    ids: HashMap<&'static str, ClientId>,
    tick: i64,
}

fn now(tick: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_760_000_000_000 + tick * 1_000).unwrap()
}

impl Book {
    fn run(&mut self, command: Command) -> Vec<ripen_core::Event> {
        self.tick += 1;
        block_on(self.engine.execute(command, now(self.tick))).unwrap()
    }

    fn add(&mut self, key: &'static str, kind: ClientKind, name: &str, edit: impl FnOnce(&mut NewClient)) -> ClientId {
        let mut new = NewClient::named(kind, name.parse().unwrap());
        edit(&mut new);
        let id = self.run(Command::AddClient(new))[0].payload.clients()[0].clone();
        self.ids.insert(key, id.clone());
        id
    }

    /// The names of the clients found, best first.
    fn find(&self, query: &str) -> Vec<String> {
        let state = self.engine.state();
        let hits = self.engine.search(query, 20, &SearchFilter::default());
        hits.iter().map(|h| state.client(&h.client).unwrap().name.to_string()).collect()
    }
}

fn alias(kind: AliasKind, name: &str, until: Option<NaiveDate>) -> Alias {
    Alias { kind, name: name.parse().unwrap(), until }
}

fn phone(text: &str) -> Phone {
    Phone::parse(text, CountryCode::RUSSIA).unwrap()
}

/// A small book of Russian clients and a few Latin-named ones.
fn book() -> Book {
    let engine =
        block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(4), "anna".parse().unwrap())).unwrap();
    let mut book = Book { engine, ids: HashMap::new(), tick: 0 };
    let company = ClientKind::Company;
    let person = ClientKind::Person;
    let sib = book.add("sib", company, "ЗАО «Сибмоторс»", |c| {
        c.aliases = vec![alias(AliasKind::Latin, "Sibirskie Motory", None)];
        c.fields.phones = vec![phone("+7 383 200-00-00")];
        c.fields.emails = vec!["info@sibmotors.ru".parse::<Email>().unwrap()];
        c.fields.tags = ["завод".parse().unwrap(), "vip".parse().unwrap()].into();
    });
    let since = NaiveDate::from_ymd_opt(2024, 3, 1);
    book.run(Command::RenameClient {
        client: sib.clone(), name: "ООО «Сибирские моторы»".parse().unwrap(), since
    });
    book.add("ural", company, "Уральские моторы", |_| {});
    book.add("gpb", company, "Газпромбанк", |c| c.aliases = vec![alias(AliasKind::Brand, "ГПБ", None)]);
    book.add("open", company, "Банк «Открытие»", |c| {
        c.aliases = vec![alias(AliasKind::Former, "Ханты-Мансийский банк", NaiveDate::from_ymd_opt(2014, 12, 1))];
    });
    let ivan = book.add("ivan", person, "Иван Петров", |c| {
        c.fields.phones = vec![phone("8 913 123-45-67")];
        c.fields.emails = vec!["ivan.petrov@sibmotors.ru".parse::<Email>().unwrap()];
    });
    book.run(Command::Link { from: sib, to: ivan, kind: RelationKind::Employee, position: None, since: None });
    book.add("anna", person, "Петрова Анна Сергеевна", |c| {
        c.fields.phones = vec![phone("+7 (495) 111-22-33")]
    });
    book.add("tsvetkov", person, "Цветков Михаил", |_| {});
    book.add("yulia", person, "Юлия Щукина", |_| {});
    book.add("fedor", person, "Фёдор Шишкин", |_| {});
    book.add("rosneft", company, "Rosneft Trading SA", |_| {});
    book.add("nw", company, "Северо-Западная логистика", |_| {});
    book.add("zhukov", company, "Жуков и партнёры", |_| {});
    book.add("chaika", company, "Чайковский завод", |_| {});
    book.add("dyachenko", company, "Dyachenko Consulting", |_| {});
    book.add("khabarov", person, "Хабаров Константин", |_| {});
    book.add("sibservice", company, "Сибмоторс Сервис", |_| {});
    book
}

enum Expect {
    First(&'static str),
    Among(&'static str),
    Absent(&'static str),
    Nothing,
}

#[test]
fn queries_find_clients_by_any_name_in_any_script() {
    use Expect::*;
    let book = book();
    let name = |key: &str| book.engine.state().client(&book.ids[key]).unwrap().name.to_string();
    // (query, expectation)
    let cases: &[(&str, Expect)] = &[
        // current names, prefixes, case, quotes, legal forms, word order
        ("Сибирские моторы", First("sib")),
        ("сибирские", First("sib")),
        ("сиб", Among("sib")),
        ("Си", Among("sib")),
        ("моторы", Among("sib")),
        ("моторы", Among("ural")),
        ("уральские моторы", First("ural")),
        ("уральские моторы", Absent("sib")),
        ("ООО Сибирские моторы", First("sib")),
        ("«Сибирские моторы»", First("sib")),
        ("СИБИРСКИЕ МОТОРЫ", First("sib")),
        ("моторы сибирские", First("sib")),
        ("Северо-Западная", First("nw")),
        ("северо западная", First("nw")),
        ("северозападная", First("nw")),
        // former names
        ("Сибмоторс", Among("sib")),
        ("сибмот", Among("sib")),
        ("Ханты-Мансийский", First("open")),
        ("ханты мансийский банк", First("open")),
        ("хантымансийский", First("open")),
        // Latin queries for Cyrillic names, across romanisations
        ("Sibirskie Motory", First("sib")),
        ("Sibirskiye Motori", First("sib")),
        ("Sibirskije", First("sib")),
        ("sibmotors", Among("sib")),
        ("Uralskie", First("ural")),
        ("Uralskiye motory", First("ural")),
        ("Zhukov", First("zhukov")),
        ("Jukov", First("zhukov")),
        ("Chaykovskiy", First("chaika")),
        ("Chaikovskij", First("chaika")),
        ("Tsvetkov", First("tsvetkov")),
        ("Cvetkov", First("tsvetkov")),
        ("Yulia Shchukina", First("yulia")),
        ("Iuliia Schukina", First("yulia")),
        ("Julia Shhukina", First("yulia")),
        ("Fyodor Shishkin", First("fedor")),
        ("Fedor", First("fedor")),
        ("Khabarov", First("khabarov")),
        ("Habarov", First("khabarov")),
        ("Petrova Anna", First("anna")),
        ("Gazprombank", First("gpb")),
        ("Otkrytie", First("open")),
        ("Otkritiye", First("open")),
        ("GPB", First("gpb")),
        // Cyrillic queries for Latin names
        ("Роснефть", First("rosneft")),
        ("Роснефть трейдинг", First("rosneft")),
        ("Дьяченко", First("dyachenko")),
        ("Дьяченко консалтинг", First("dyachenko")),
        // people in any word order
        ("Петров Иван", First("ivan")),
        ("иван петров", First("ivan")),
        ("Анна Петрова", First("anna")),
        ("Сергеевна", First("anna")),
        // typos
        ("Сибрские", First("sib")),
        ("Сибирсике моторы", First("sib")),
        ("Газпрмбанк", First("gpb")),
        ("Шишкен", First("fedor")),
        ("Хобаров", First("khabarov")),
        ("Sibirskei Motory", First("sib")),
        // phones in any formatting
        ("+7 383 200-00-00", First("sib")),
        ("83832000000", First("sib")),
        ("383 200", First("sib")),
        ("8 913", First("ivan")),
        ("+7 913", First("ivan")),
        ("913 123", First("ivan")),
        ("45-67", First("ivan")),
        ("495", First("anna")),
        // emails and tags
        ("info@sibmotors.ru", First("sib")),
        ("info@sib", First("sib")),
        ("ivan.petrov@", First("ivan")),
        ("sibmotors.ru", Among("ivan")),
        ("vip", First("sib")),
        ("завод", First("chaika")),
        ("завод", Among("sib")),
        // a person through the company they work at
        ("Сибирские моторы", Among("ivan")),
        // brand
        ("ГПБ", First("gpb")),
        // ranking: a current name before a former one
        ("Сибмоторс", First("sibservice")),
        // must not match
        ("Уральские", Absent("sib")),
        ("Сибирские", Absent("ural")),
        ("Жаров", Absent("zhukov")),
        ("Иванова", Absent("ivan")),
        ("Москва Банк", Nothing),
        ("Ромашка", Nothing),
        ("xyz", Nothing),
        ("12", Nothing),
        ("", Nothing),
        ("ООО", Nothing),
    ];
    assert!(cases.len() >= 60);
    let mut failures = Vec::new();
    for (query, expect) in cases {
        let found = book.find(query);
        let ok = match expect {
            First(key) => found.first() == Some(&name(key)),
            Among(key) => found.contains(&name(key)),
            Absent(key) => !found.contains(&name(key)),
            Nothing => found.is_empty(),
        };
        if !ok {
            failures.push(format!("{query:?}: got {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn each_hit_says_what_matched() {
    let book = book();
    // (query, field, how, note)
    let cases = [
        ("Сибирские", "name", "exact", "name"),
        ("Ханты-Манс", "alias", "prefix", "former name until 2014"),
        ("Sibirskie", "alias", "exact", "latin alias"),
        ("Sibirskiye", "name", "transliterated", "name (another script or spelling)"),
        ("ГПБ", "alias", "exact", "brand alias"),
        ("Газпрмбанк", "name", "typo", "name (with a typo)"),
        ("8 913", "phone", "digits", "phone"),
        ("vip", "tag", "exact", "tag vip"),
    ];
    for (query, field, how, note) in cases {
        let hits = book.engine.search(query, 5, &SearchFilter::default());
        let first = &hits.first().unwrap_or_else(|| panic!("{query}: nothing")).matched;
        assert_eq!((first.field, first.how, first.note.as_str()), (field, how, note), "{query}");
    }
    let hits = book.engine.search("Сибирские моторы", 20, &SearchFilter::default());
    let ivan = hits.iter().find(|h| h.client == book.ids["ivan"]).unwrap();
    assert_eq!(ivan.matched.note, "works at ООО «Сибирские моторы»");
}

#[test]
fn the_index_follows_every_change() {
    let mut book = book();
    let sib = book.ids["sib"].clone();
    assert_eq!(book.find("Сибирские").first().map(String::as_str), Some("ООО «Сибирские моторы»"));
    book.run(Command::UpdateClient {
        client: sib.clone(),
        values: vec![FieldValue::Phones(vec![phone("+7 999 000-11-22")])],
    });
    assert!(book.find("383 200").is_empty(), "the old phone is gone");
    assert_eq!(book.find("999 000").first().map(String::as_str), Some("ООО «Сибирские моторы»"));
    book.run(Command::RemoveClient { client: sib.clone() });
    assert!(!book.find("Сибирские").contains(&"ООО «Сибирские моторы»".to_owned()));
    let removal = block_on(book.engine.history(&sib)).unwrap()[0].id.clone();
    book.run(Command::Revert { event: removal, force: false });
    assert!(book.find("Сибирские").contains(&"ООО «Сибирские моторы»".to_owned()), "found again after the revert");
    book.add("new", ClientKind::Company, "Новосибирский трактор", |_| {});
    assert_eq!(book.find("новосиб").first().map(String::as_str), Some("Новосибирский трактор"));
    // A filter narrows the results.
    let people = SearchFilter { kind: Some(ClientKind::Person), ..SearchFilter::default() };
    let hits = book.engine.search("петров", 10, &people);
    assert!(hits.iter().all(|h| book.engine.state().client(&h.client).unwrap().kind() == ClientKind::Person));
}

#[test]
fn a_draft_finds_its_probable_duplicates_with_reasons() {
    use ripen_core::search::Reason;
    let book = book();
    let name = |text: &str| Some(text.parse::<ripen_core::ClientName>().unwrap());
    let fields = |phones: &[&str], emails: &[&str]| ripen_core::ClientFields {
        phones: phones.iter().map(|p| phone(p)).collect(),
        emails: emails.iter().map(|e| e.parse().unwrap()).collect(),
        ..ripen_core::ClientFields::default()
    };
    /// (name typed, phones, emails, the client expected first, the first reason's kind)
    type Case<'a> = (Option<&'a str>, &'a [&'a str], &'a [&'a str], &'a str, &'a str);
    let cases: &[Case<'_>] = &[
        (None, &["8 (383) 200-00-00"], &[], "sib", "samePhone"),
        (None, &[], &["INFO@sibmotors.ru"], "sib", "sameEmail"),
        (Some("Сибирские моторы"), &[], &[], "sib", "similarName"),
        (Some("Sibirskiye Motory"), &[], &[], "sib", "similarName"),
        (Some("Моторы Сибирские"), &[], &[], "sib", "similarName"),
        (Some("Петров Иван"), &["+7 913 123 45 67"], &[], "ivan", "samePhone"),
        (Some("Газпрмбанк"), &[], &[], "gpb", "similarName"),
        (Some("Сибмоторс"), &[], &[], "sib", "similarName"), // its former name
    ];
    for (typed, phones, emails, first, reason) in cases {
        let found = book.engine.find_duplicates(typed.and_then(name).as_ref(), &fields(phones, emails), 5);
        let top = found.first().unwrap_or_else(|| panic!("{typed:?}: nothing"));
        assert_eq!(top.client, book.ids[first], "{typed:?}: {found:?}");
        let kind = serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&&top.reasons[0])).unwrap()["kind"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(&kind, reason, "{typed:?}");
    }
    // Phone and name together are surer than either alone.
    let both = book.engine.find_duplicates(name("Сибирские моторы").as_ref(), &fields(&["+7 383 200 00 00"], &[]), 1);
    let phone_only = book.engine.find_duplicates(None, &fields(&["+7 383 200 00 00"], &[]), 1);
    assert!(both[0].score > phone_only[0].score);
    assert!(matches!(both[0].reasons[..], [Reason::SamePhone { .. }, Reason::SimilarName { .. }]));
    // Different clients are not duplicates.
    for typed in ["Уральские трубы", "Ромашка", "Иванова Мария"] {
        let found = book.engine.find_duplicates(name(typed).as_ref(), &fields(&[], &[]), 5);
        assert!(found.iter().all(|d| d.score < 60), "{typed}: {found:?}");
    }
}

#[test]
fn the_base_lists_its_probable_duplicate_pairs() {
    let mut book = book();
    let twin = book
        .add("twin", ClientKind::Company, "Sibirskie Motory", |c| c.fields.phones = vec![phone("+7 383 200-00-00")]);
    let other = book.add("other", ClientKind::Person, "Петров Иван", |_| {});
    let pairs = book.engine.duplicate_pairs(100);
    let has = |a: &ClientId, b: &ClientId| pairs.iter().any(|p| (&p.a == a && &p.b == b) || (&p.a == b && &p.b == a));
    assert!(has(&book.ids["sib"], &twin), "same phone: {pairs:?}");
    assert!(has(&book.ids["ivan"], &other), "the same name in another order");
    assert!(!has(&book.ids["ural"], &book.ids["sib"]));
}

#[test]
fn a_word_most_names_share_does_not_make_names_alike_but_the_rare_word_still_finds_its_name() {
    let book = book();
    let many: Vec<NewClient> = (0..3_000)
        .map(|i| NewClient::named(ClientKind::Company, format!("ООО «Клиент {i}»").parse().unwrap()))
        .collect();
    futures_executor::block_on(book.engine.execute(ripen_core::Command::AddClients(many), now(99))).unwrap();
    let named = |text: &str| {
        let name: ripen_core::ClientName = text.parse().unwrap();
        let view = book.engine.view();
        let mut index = ripen_core::search::SearchIndex::default();
        let found = view.find_duplicates(&mut index, Some(&name), &ripen_core::ClientFields::default(), 5, 80);
        found.iter().map(|d| view.client(&d.client).unwrap().name.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(named("ООО «Клиент 1742»"), ["ООО «Клиент 1742»"]);
    assert_eq!(named("OOO Klient 1742"), ["ООО «Клиент 1742»"], "in Latin letters too");
    assert!(named("ООО «Клиент»").len() <= 5, "all common words: the rarest seeds, the limit holds");
    assert_eq!(named("ООО «Ромашка»"), Vec::<String>::new());
}

#[test]
fn a_name_that_agrees_only_in_common_words_is_still_found_where_the_share_allows() {
    let book = book();
    let many: Vec<NewClient> = (0..1_200)
        .flat_map(|i| [format!("Иван Сидоров{i}"), format!("Пётр{i} Петров")])
        .chain(["Иван Петров".to_owned()])
        .map(|name| NewClient::named(ClientKind::Person, name.parse().unwrap()))
        .collect();
    futures_executor::block_on(book.engine.execute(ripen_core::Command::AddClients(many), now(99))).unwrap();
    let found = |text: &str| {
        let name: ripen_core::ClientName = text.parse().unwrap();
        let view = book.engine.view();
        book.engine
            .find_duplicates(Some(&name), &ripen_core::ClientFields::default(), 5)
            .iter()
            .map(|d| view.client(&d.client).unwrap().name.to_string())
            .collect::<Vec<_>>()
    };
    // Two of three words agree (66%): above the similarity bar, though both are common.
    assert_eq!(found("Иван Петров Сергеевич")[0], "Иван Петров");
    assert_eq!(found("Иван Петров Ыыыы")[0], "Иван Петров", "a word matching nothing does not hide the others");
}

#[test]
fn an_index_built_a_slice_at_a_time_while_the_base_changes_answers_as_one_built_at_once() {
    let mut book = book();
    let mut stepped = ripen_core::search::SearchIndex::default();
    let mut steps = 0;
    loop {
        let state = book.engine.state();
        assert!(!stepped.is_ready(&state) || steps > 0);
        let done = stepped.step(&state, 3);
        drop(state);
        if done {
            break;
        }
        steps += 1;
        // Changes behind the build: a client it indexed already, one it has not reached,
        // one added after it began.
        match steps {
            1 => {
                let client = book.ids["sib"].clone();
                book.run(Command::RenameClient {
                    client,
                    name: "АО «Сибмоторс Холдинг»".parse().unwrap(),
                    since: None,
                });
            }
            2 => {
                let client = book.ids["sibservice"].clone();
                book.run(Command::RemoveClient { client });
            }
            3 => {
                book.add("late", ClientKind::Company, "Сибирский кедр", |_| {});
            }
            _ => {}
        }
    }
    assert!(steps > 5, "{steps} steps of 3 clients");
    let state = book.engine.state();
    assert!(stepped.is_ready(&state));
    let mut whole = ripen_core::search::SearchIndex::default();
    whole.sync(&state);
    for query in ["Сиб", "sibirsk", "Холдинг", "кедр", "Петров", "Zhukov", "Сервис", "+7 913", "ГПБ", "yulia"]
    {
        let filter = SearchFilter::default();
        let found = |index: &ripen_core::search::SearchIndex| {
            let hits = ripen_core::search::search(index, &state, query, 20, &filter, None);
            hits.into_iter().map(|h| (h.client, h.score, h.matched.text)).collect::<Vec<_>>()
        };
        assert_eq!(found(&stepped), found(&whole), "{query}");
    }
    assert!(!book.find("Сибмоторс Холдинг").is_empty());
}

#[test]
fn a_search_during_the_build_answers_from_the_clients_indexed_so_far_and_says_how_many() {
    let book = book();
    let state = book.engine.state();
    let clients = state.clients().count();
    let filter = SearchFilter::default();
    let mut index = ripen_core::search::SearchIndex::default();
    index.step(&state, 2);
    let (covered, total) = index.coverage(&state).expect("a build under way");
    assert_eq!((covered, total), (2, state.all_clients().count()));
    let view = ripen_core::View::new(&*state, ripen_core::Access::everything());
    let indexed: Vec<ClientId> = state.all_clients().take(covered).map(|c| c.id.clone()).collect();
    for query in ["Сиб", "sibirsk", "Петров", "+7 913", "zhukov", "Сибирские моторы"] {
        let (hits, coverage) = view.search_now(&mut index, query, 20, &filter);
        assert_eq!(coverage, Some((covered, total)), "the search did not build the rest: {query}");
        assert!(hits.iter().all(|h| indexed.contains(&h.client)), "only indexed clients: {query}");
    }
    // The first client is found by its own name in the part built.
    let first = state.all_clients().next().unwrap();
    let (hits, _) = view.search_now(&mut index, first.name.as_str(), 20, &filter);
    assert_eq!(hits.first().map(|h| &h.client), Some(&first.id));
    // Once built, the answers are those of a search that waits.
    while !index.step(&state, 3) {}
    assert!(clients > 3);
    let mut whole = ripen_core::search::SearchIndex::default();
    for query in ["Сиб", "sibirsk", "Холдинг", "Петров", "Zhukov", "+7 913", "yulia"] {
        let (now, coverage) = view.search_now(&mut index, query, 20, &filter);
        assert_eq!(coverage, None);
        let waited = view.search(&mut whole, query, 20, &filter);
        let key = |hits: Vec<ripen_core::search::SearchHit>| {
            hits.into_iter().map(|h| (h.client, h.score)).collect::<Vec<_>>()
        };
        assert_eq!(key(now), key(waited), "{query}");
    }
}

#[test]
fn notes_and_wishes_are_searched_a_line_at_a_time_below_names() {
    use ripen_core::values::{Notes, Wish};
    let mut book = book();
    let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    let long = format!(
        "{} Обещал прислать спецификацию на насосы после выставки. {}",
        "Долгий разговор о погоде и планах на лето. ".repeat(3),
        "Перезвонить в четверг. ".repeat(3)
    );
    let notes: Notes =
        format!("Встретили на выставке «Иннопром»\nЖена — Ольга, день рождения в мае\n{long}").parse().unwrap();
    let wish = Wish::parse("Хочет скидку на годовой контракт", day).unwrap();
    book.add("noted", ClientKind::Person, "Семён Лобанов", |c| {
        c.fields.notes = Some(notes);
        c.fields.wishes = vec![wish];
    });
    // A client named with the word comes before one whose notes hold it.
    book.add("innoprom", ClientKind::Company, "Иннопром Экспо", |_| {});
    fn search(book: &Book, query: &str) -> Vec<ripen_core::search::SearchHit> {
        book.engine.search(query, 20, &SearchFilter::default())
    }
    fn first(book: &Book, query: &str) -> (String, ripen_core::search::Matched) {
        let hit = search(book, query).into_iter().next().unwrap_or_else(|| panic!("{query}: nothing"));
        (book.engine.state().client(&hit.client).unwrap().name.to_string(), hit.matched)
    }
    // (query, client found first, field, what the result shows)
    let cases = [
        ("ольга", "Семён Лобанов", "note", "Жена — Ольга, день рождения в мае"),
        ("день рождения", "Семён Лобанов", "note", "Жена — Ольга, день рождения в мае"),
        ("скидку годовой", "Семён Лобанов", "wish", "Хочет скидку на годовой контракт"),
        ("Иннопром", "Иннопром Экспо", "name", "Иннопром Экспо"),
    ];
    for (query, client, field, text) in cases {
        let (name, matched) = first(&book, query);
        assert_eq!((name.as_str(), matched.field, matched.text.as_str()), (client, field, text), "{query}");
    }
    assert!(search(&book, "Иннопром").iter().any(|h| h.client == book.ids["noted"] && h.matched.field == "note"));
    // A long line is shown around the word found, cut at words.
    let (_, matched) = first(&book, "спецификацию насосы");
    assert!(matched.text.starts_with('…') && matched.text.ends_with('…'), "{}", matched.text);
    assert!(matched.text.contains("спецификацию на насосы"), "{}", matched.text);
    assert!(matched.text.chars().count() <= 102, "{}", matched.text);
    // Words must meet in one line of the notes, and free text takes no typos.
    assert!(search(&book, "ольга спецификацию").is_empty());
    // (ы for и is a spelling the skeleton meets, as in Motory for Моторы, not a typo.)
    assert!(search(&book, "спецефикацию").is_empty());
    // Edited notes are searched as they now read.
    let noted = book.ids["noted"].clone();
    book.run(Command::UpdateClient {
        client: noted.clone(),
        values: vec![FieldValue::Notes(Some("Теперь работает в «Ромашке»".parse().unwrap()))],
    });
    assert!(search(&book, "ольга").is_empty());
    assert_eq!(first(&book, "ромашке").0, "Семён Лобанов");
}

/// A book of names with Ё, Е and Й at the start, in the middle and at the end of words,
/// in both scripts; names with doubled letters; and one with a run of one letter.
fn names_book() -> Book {
    let engine =
        block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(5), "anna".parse().unwrap())).unwrap();
    let mut book = Book { engine, ids: HashMap::new(), tick: 0 };
    let (company, person) = (ClientKind::Company, ClientKind::Person);
    for (key, kind, name) in [
        ("yolkin", person, "Ёлкин Артём"),
        ("yoshkar", company, "Yoshkar-Ola Logistics"),
        ("maysky", company, "ООО «Майский мёд»"),
        ("soloviev", person, "Soloviev Dmitry"),
        ("korolev", person, "Королёв Семён"),
        ("tolstoy", person, "Tolstoy Lev"),
        ("belyo", company, "Бельё Маркет"),
        ("vasilyeva", person, "Vasiljeva Jelena"),
        ("baikal", company, "Байкальская вода"),
        ("yemen", company, "Йеменский кофейный дом"),
        ("mayya", person, "Maya Zaitseva"),
        ("alla", person, "Алла Пугачёва"),
        ("kassandra", company, "Кассандра"),
        ("russell", person, "Russell Crowe"),
        ("aaa", company, "ААА Логистик"),
        ("sib", company, "Сибирские моторы"),
    ] {
        book.add(key, kind, name, |_| {});
    }
    book
}

#[test]
fn yo_ye_and_the_short_i_are_found_at_every_place_in_a_word_in_either_script() {
    use Expect::*;
    let book = names_book();
    let name = |key: &str| book.engine.state().client(&book.ids[key]).unwrap().name.to_string();
    // (query, expectation)
    let cases: &[(&str, Expect)] = &[
        // Ё first, in a Cyrillic name
        ("yolkin", First("yolkin")),
        ("jolkin", First("yolkin")),
        ("elkin", First("yolkin")),
        ("ëlkin", First("yolkin")),
        ("Yelkin", First("yolkin")),
        ("Елкин", First("yolkin")),
        ("Йолкин", First("yolkin")),
        ("yolk", First("yolkin")),
        ("Jolk", First("yolkin")),
        ("Artyom Yolkin", First("yolkin")),
        ("Artem Elkin", First("yolkin")),
        ("Artiom Jolkin", First("yolkin")),
        // Й first, in a Latin name, typed in Cyrillic or another romanisation
        ("Йошкар-Ола", First("yoshkar")),
        ("Йошкар", First("yoshkar")),
        ("йошкар ола", First("yoshkar")),
        ("йошкарола", First("yoshkar")),
        ("Ioshkar", First("yoshkar")),
        ("Joshkar-Ola", First("yoshkar")),
        ("Йошк", First("yoshkar")),
        // Й first, in a Cyrillic name
        ("Yemenskiy", First("yemen")),
        ("Jemenskij kofejnyj", First("yemen")),
        ("Iemenskii", First("yemen")),
        ("Emenskiy", First("yemen")),
        // Й before a consonant, Ё last in a word
        ("Maysky", First("maysky")),
        ("Majskij", First("maysky")),
        ("Maiskii", First("maysky")),
        ("Mayskiy myod", First("maysky")),
        ("Majskij mjod", First("maysky")),
        ("Maiskii med", First("maysky")),
        ("майский мед", First("maysky")),
        ("Mays", First("maysky")),
        ("Maisk", First("maysky")),
        ("Baykalskaya", First("baikal")),
        ("Bajkalskaja voda", First("baikal")),
        ("Baikalskaia", First("baikal")),
        // Ё after a soft sign, Й last, in a Latin name typed in Cyrillic
        ("Соловьёв", First("soloviev")),
        ("Соловьев", First("soloviev")),
        ("Соловьёв Дмитрий", First("soloviev")),
        ("Дмитрий Соловьев", First("soloviev")),
        ("Соловь", First("soloviev")),
        ("Solovyov", First("soloviev")),
        ("Solovjov", First("soloviev")),
        ("Solovev", First("soloviev")),
        ("Solovi", First("soloviev")),
        ("Dmitriy", First("soloviev")),
        ("Dmitrij Solovjov", First("soloviev")),
        // Ё after a consonant, in a Cyrillic name
        ("Korolyov", First("korolev")),
        ("Korolev", First("korolev")),
        ("Koroljov Semjon", First("korolev")),
        ("Semyon Korolev", First("korolev")),
        ("Semion", First("korolev")),
        ("Королев Семен", First("korolev")),
        // Й last, in a Latin name
        ("Толстой", First("tolstoy")),
        ("Толстои", First("tolstoy")),
        ("Tolstoj", First("tolstoy")),
        ("Tolstoi Lev", First("tolstoy")),
        // Ё last
        ("Belyo", First("belyo")),
        ("Beljo market", First("belyo")),
        ("Bel'yo", First("belyo")),
        ("Belye", First("belyo")),
        ("белье", First("belyo")),
        // Е after a soft sign, Е first, in a Latin name
        ("Васильева", First("vasilyeva")),
        ("Vasilyeva", First("vasilyeva")),
        ("Vasilieva", First("vasilyeva")),
        ("Vasili", First("vasilyeva")),
        ("Елена Васильева", First("vasilyeva")),
        ("Yelena", First("vasilyeva")),
        ("Ielena", First("vasilyeva")),
        // Й before a vowel
        ("Майя", First("mayya")),
        ("Mayya", First("mayya")),
        ("Maiya Zaytseva", First("mayya")),
        // ж is no glide
        ("Жолкин", Absent("yolkin")),
        ("Зайкин", Absent("mayya")),
    ];
    assert!(cases.len() >= 70, "{}", cases.len());
    check(&book, cases, name);
}

fn check(book: &Book, cases: &[(&str, Expect)], name: impl Fn(&str) -> String) {
    use Expect::*;
    let mut failures = Vec::new();
    for (query, expect) in cases {
        let found = book.find(query);
        let ok = match expect {
            First(key) => found.first() == Some(&name(key)),
            Among(key) => found.contains(&name(key)),
            Absent(key) => !found.contains(&name(key)),
            Nothing => found.is_empty(),
        };
        if !ok {
            failures.push(format!("{query:?}: got {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn a_run_of_one_letter_finds_only_a_word_with_that_run() {
    use Expect::*;
    let book = names_book();
    let name = |key: &str| book.engine.state().client(&book.ids[key]).unwrap().name.to_string();
    // (query, expectation)
    let cases: &[(&str, Expect)] = &[
        // keyboard mashes, in any script and case
        ("сссс", Nothing),
        ("щщщщщ", Nothing),
        ("aaaa", Nothing),
        ("ssss", Nothing),
        ("ллл", Nothing),
        ("ёёёё", Nothing),
        ("ЕЕЕ", Nothing),
        ("йййй", Nothing),
        ("ыыы", Nothing),
        ("ьььь", Nothing),
        ("ии", Nothing),
        ("ооооо", Nothing),
        ("zzzzzzzz", Nothing),
        ("ΩΩΩ", Nothing),
        ("сссс Кассандра", Nothing),
        ("Алла аааа", Nothing),
        ("сс-сс", Nothing),
        ("аа-бб", Nothing),
        ("с-с-с", Nothing),
        // the run itself, or the start of a word beginning with it
        ("ааа", First("aaa")),
        ("АА", First("aaa")),
        ("ААА Логистик", First("aaa")),
        ("аааа", Nothing),
        // doubled letters in a name still meet their spellings
        ("Алла", First("alla")),
        ("Ала", First("alla")),
        ("Alla", First("alla")),
        ("Ala Pugacheva", First("alla")),
        ("Кассандра", First("kassandra")),
        ("Касандра", First("kassandra")),
        ("Kassandra", First("kassandra")),
        ("Kasandra", First("kassandra")),
        ("Russell", First("russell")),
        ("Russel", First("russell")),
        ("Рассел", First("russell")),
        ("Расселл", First("russell")),
    ];
    check(&book, cases, name);
}

#[cfg(not(target_arch = "wasm32"))]
mod runs {
    use super::*;
    use proptest::prelude::*;

    /// Every folded text of the names book, to tell which runs it holds.
    fn texts(book: &Book) -> Vec<String> {
        let state = book.engine.state();
        state.clients().map(|c| ripen_core::search::fold::fold(c.name.as_str())).collect()
    }

    /// A letter of any script whose folded form is one letter.
    fn letter() -> impl Strategy<Value = char> {
        let scripts = prop_oneof![
            proptest::char::range('a', 'z'),
            proptest::char::range('А', 'я'),
            Just('ё'),
            proptest::char::range('Α', 'ω'),
            proptest::char::any(),
        ];
        scripts.prop_filter("a letter folding to one letter", |c| {
            let folded = ripen_core::search::fold::fold(&c.to_string());
            c.is_alphabetic() && folded.chars().count() == 1 && folded.chars().all(char::is_alphabetic)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn a_run_of_one_letter_matches_no_client_whose_names_lack_it(c in letter(), length in 2usize..=10) {
            thread_local!(static BOOK: (Book, Vec<String>) = {
                let book = names_book();
                let texts = texts(&book);
                (book, texts)
            });
            let run: String = std::iter::repeat_n(c, length).collect();
            let folded = ripen_core::search::fold::fold(&run);
            BOOK.with(|(book, texts)| {
                prop_assume!(!texts.iter().any(|t| t.contains(&folded)));
                let found = book.find(&run);
                prop_assert!(found.is_empty(), "{run:?} found {found:?}");
                Ok(())
            })?;
        }
    }
}

#[test]
fn names_differing_only_in_quotes_dashes_and_spaces_are_duplicates_and_find_each_other() {
    // (a client's name, a second spelling of it)
    let pairs: &[(&str, &str)] = &[
        ("«Ромашка»", "\"Ромашка\""),
        ("«Ромашка»", "„Ромашка“"),
        ("«Ромашка»", "'Ромашка'"),
        ("«Ромашка»", "‹Ромашка›"),
        ("«Ромашка»", "‚Ромашка‘"),
        ("«Ромашка»", "Ромашка"),
        ("ООО «Ромашка»", "ООО \"Ромашка\""),
        ("ООО «Ромашка»", "ООО“Ромашка”"),
        ("ООО «Ромашка»", "ООО 「Ромашка」"),
        ("ООО «Ромашка»", "ООО ＂Ромашка＂"),
        ("ООО «Ромашка»", "ООО (Ромашка)"),
        ("ООО «Ромашка»", "Ро\u{ad}машка"),
        ("ТД «Ромашка-Юг»", "ТД \"Ромашка — Юг\""),
        ("ТД «Ромашка-Юг»", "ТД Ромашка Юг"),
        ("Северо-Западная логистика", "Северо–Западная логистика"),
        ("Северо-Западная логистика", "Северо—Западная логистика"),
        ("Северо-Западная логистика", "Северо — Западная логистика"),
        ("Северо-Западная логистика", "Северо Западная логистика"),
        ("Северо-Западная логистика", "Северо‐Западная логистика"),
        ("Северо-Западная логистика", "Северо‑Западная логистика"),
        ("Северо-Западная логистика", "Северо - Западная логистика"),
        ("Северо-Западная логистика", "Северо ― Западная логистика"),
        ("Северо-Западная логистика", "ООО «Северо Западная логистика»"),
        ("Северо–Западная логистика", "Северо Западная логистика"),
        ("Северо — Западная логистика", "Северо‑Западная логистика"),
        ("Сибирские моторы", "Сибирские\u{a0}моторы"),
        ("Сибирские моторы", "Сибирские\u{202f}моторы"),
        ("Сибирские моторы", "Сибирские\u{2009}моторы"),
        ("Сибирские моторы", "Сибирские\u{3000}моторы"),
        ("Сибирские моторы", "Сибирские  моторы"),
        ("Иван\u{a0}Петров", "Иван Петров"),
    ];
    let mut failures = Vec::new();
    for (first, second) in pairs {
        let mut book = book();
        let a = book.add("a", ClientKind::Company, first, |_| {});
        // A draft named the other way finds the client, surely (beside the book's own
        // "Сибирские моторы" and "Северо-Западная логистика").
        let draft: ripen_core::ClientName = second.parse().unwrap();
        let found = book.engine.find_duplicates(Some(&draft), &ripen_core::ClientFields::default(), 5);
        if !found.iter().any(|d| d.client == a && d.score >= 90) {
            failures.push(format!("draft {second:?} against {first:?}: {found:?}"));
        }
        let b = book.add("b", ClientKind::Company, second, |_| {});
        // The base lists the two as a pair.
        let pairs = book.engine.duplicate_pairs(100);
        let pair = pairs.iter().find(|p| (p.a == a && p.b == b) || (p.a == b && p.b == a));
        if pair.is_none_or(|p| p.score < 90) {
            failures.push(format!("pair {first:?} / {second:?}: {pair:?}"));
        }
        // Each is found by the other's spelling.
        for (query, client) in [(first, &b), (second, &a)] {
            let hits = book.engine.search(query, 20, &SearchFilter::default());
            if !hits.iter().any(|h| h.client == *client) {
                failures
                    .push(format!("search {query:?} misses {:?}", book.engine.state().client(client).unwrap().name));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures over {} pairs:\n{}", failures.len(), pairs.len(), failures.join("\n"));
}
