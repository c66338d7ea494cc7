//! The base's probable duplicate pairs: pinned on a synthetic base (as they were before
//! grouping moved onto the search index), and a table of what makes a pair and what not.

use crate::desk::Desk;
use ripen_core::search::{duplicate_pairs, Pair, SearchIndex};
use ripen_core::values::{CountryCode, Phone};
use ripen_core::{synthetic, ClientKind, Command, CrmState};
use std::collections::BTreeMap;

/// A pair's score and the kinds of its reasons, in order.
fn shape(pair: &Pair) -> (u32, String) {
    let kinds: Vec<String> = pair
        .reasons
        .iter()
        .map(|r| {
            serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&r)).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    (pair.score, kinds.join("+"))
}

#[test]
fn the_pairs_of_a_synthetic_base_are_pinned() {
    let state = CrmState::fold(synthetic::contact_book(3_000));
    let mut index = SearchIndex::default();
    index.sync(&state);
    let pairs = duplicate_pairs(&index, &state, usize::MAX, None);
    let mut shapes: BTreeMap<(u32, String), usize> = BTreeMap::new();
    for pair in &pairs {
        *shapes.entry(shape(pair)).or_default() += 1;
    }
    let expected: BTreeMap<(u32, String), usize> =
        [((90, "sameEmail"), 42), ((90, "samePhone"), 60), ((90, "similarName"), 40)]
            .into_iter()
            .map(|((score, kinds), n)| ((score, kinds.to_owned()), n))
            .collect();
    assert_eq!(shapes, expected);
    // The first pairs as listed: best first, then by the two ids.
    let first: Vec<String> = pairs.iter().take(3).map(|p| format!("{} {} {:?}", p.a, p.b, p.reasons)).collect();
    assert_eq!(
        first,
        [
            r#"c0000000000qn7.1 c0000000000qn7.1536 [SimilarName { name: "Сорокин Александр Владимирович", how: "exact", share: 100 }]"#,
            r#"c0000000000qn7.100 c0000000000qn7.93 [SamePhone { phone: "+7 913 0000092" }]"#,
            r#"c0000000000qn7.1000 c0000000000qn7.993 [SamePhone { phone: "+7 913 0000992" }]"#,
        ]
    );
    assert_eq!(duplicate_pairs(&index, &state, 10, None), pairs[..10], "a limit keeps the best");
    let some = |c: &ripen_core::Client| c.name.as_str().len() % 2 == 0;
    let seen = duplicate_pairs(&index, &state, usize::MAX, Some(&some));
    let both = |p: &Pair| [&p.a, &p.b].iter().all(|id| some(state.client(id).unwrap()));
    assert_eq!(seen, pairs.iter().filter(|p| both(p)).cloned().collect::<Vec<_>>(), "only pairs of visible clients");
}

#[test]
fn what_makes_a_pair() {
    let mut desk = Desk::new();
    let phone = |text: &str| Phone::parse(text, CountryCode::RUSSIA).unwrap();
    let company = ClientKind::Company;
    let person = ClientKind::Person;
    desk.add(company, "ООО «Сибирские моторы»", |c| {
        c.fields.phones = vec![phone("+7 383 200-00-00")]
    });
    desk.add(company, "Sibirskie Motory", |c| c.fields.phones = vec![phone("8 383 200 00 00")]);
    desk.add(person, "Иван Петров", |c| c.fields.emails = vec!["ivan@Sib.ru".parse().unwrap()]);
    desk.add(person, "Петров Иван", |c| c.fields.emails = vec!["IVAN@sib.ru".parse().unwrap()]);
    desk.add(person, "Анна Ким", |_| {});
    desk.add(person, "Анна Ким", |_| {});
    for i in 0..21 {
        // Numbers whose skeletons differ too ("1" and "11" share one: letters repeated
        // fold into one).
        let name = format!("Сотрудник {}", 100 + i * 7);
        desk.add(person, &name, |c| c.fields.phones = vec![phone("+7 495 100-00-00")]);
    }
    let gone =
        desk.add(company, "Уральские моторы", |c| c.fields.phones = vec![phone("+7 343 300-00-00")]);
    desk.add(company, "Урал Трейд", |c| c.fields.phones = vec![phone("+7 343 300-00-00")]);
    desk.run(Command::RemoveClient { client: gone }).unwrap();

    let pairs = desk.engine.duplicate_pairs(100);
    let state = desk.engine.state();
    let name = |id| state.client(id).unwrap().name.to_string();
    let found: Vec<(String, String, u32, String)> = pairs
        .iter()
        .map(|p| {
            let (score, kinds) = shape(p);
            let mut names = [name(&p.a), name(&p.b)];
            names.sort();
            let [a, b] = names;
            (a, b, score, kinds)
        })
        .collect();
    // (one, the other, score, reasons): a shared phone or address and a name alike add
    // up; 21 on one number are an office; a removed client pairs with nobody.
    let expected = [
        ("ООО «Сибирские моторы»", "Sibirskie Motory", 98, "samePhone+similarName"),
        ("Иван Петров", "Петров Иван", 98, "sameEmail+similarName"),
        ("Анна Ким", "Анна Ким", 90, "similarName"),
    ];
    let mut found = found;
    found.sort();
    let mut expected: Vec<(String, String, u32, String)> = expected
        .iter()
        .map(|(a, b, score, kinds)| {
            let mut names = [a.to_string(), b.to_string()];
            names.sort();
            let [a, b] = names;
            (a, b, *score, kinds.to_string())
        })
        .collect();
    expected.sort();
    assert_eq!(found, expected);
    let email = pairs.iter().flat_map(|p| &p.reasons).find_map(|r| match r {
        ripen_core::search::Reason::SameEmail { email } => Some(email.as_str()),
        _ => None,
    });
    assert_eq!(email, Some("ivan@sib.ru"), "addresses compared and shown lower-cased");
}
