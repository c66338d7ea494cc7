//! Whatever shape a file of cards takes (line endings, folds, edges, missing BEGIN
//! lines), every card with something to name a client by comes in, and no other.

use proptest::prelude::*;
use ripen_io::read_vcards;

/// A property and whether it can name a client.
fn property() -> impl Strategy<Value = (String, bool)> {
    prop_oneof![
        prop::sample::select(vec!["Анна Петрова", "Ivan", "ООО «Ромашка»"]).prop_map(|v| (format!("FN:{v}"), true)),
        Just(("N:Петрова;Анна;;;".to_owned(), true)),
        Just(("N:;;;;".to_owned(), false)),
        Just(("FN: ".to_owned(), false)),
        prop::sample::select(vec!["ООО Ромашка;Склад", "ACME"]).prop_map(|v| (format!("ORG:{v}"), true)),
        prop::sample::select(vec![
            "+7 913 000-00-00",
            "x752",
            "53-25",
            "доб. 5",
            "sip:1@pbx",
            "tel:+1-555-555-5555;ext=1"
        ])
        .prop_map(|v| (format!("TEL:{v}"), true)),
        Just(("TEL:null".to_owned(), false)),
        prop::sample::select(vec!["a@example.com", "not an email"]).prop_map(|v| (format!("EMAIL:{v}"), true)),
        Just(("EMAIL:NULL".to_owned(), false)),
        Just(("NICKNAME:Док".to_owned(), true)),
        prop::sample::select(vec![
            "NOTE:заметка",
            "BDAY:вчера",
            "URL:bad url",
            "TITLE:CEO",
            "X-FOO:bar",
            "ADR:;;ул. Мира;Томск;;;"
        ])
        .prop_map(|v| (v.to_owned(), false)),
    ]
}

fn card() -> impl Strategy<Value = (Vec<(String, bool)>, String)> {
    let begin = prop::sample::select(vec!["BEGIN:VCARD", "begin:vcard", "BEGIN:VCARD ", " BEGIN : VCARD"]);
    (prop::collection::vec(property(), 0..5), begin.prop_map(str::to_owned))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn one_contact_per_card_that_can_be_named(
        cards in prop::collection::vec(card(), 1..6),
        ending in prop::sample::select(vec!["\r\n", "\n", "\r", "\r\r\n"]),
        fold_at in 1usize..12,
        fold in any::<bool>(),
    ) {
        let mut file: Vec<u8> = Vec::new();
        let mut line = |bytes: &[u8]| {
            file.extend_from_slice(bytes);
            file.extend_from_slice(ending.as_bytes());
        };
        for (properties, begin) in &cards {
            line(begin.as_bytes());
            line(b"VERSION:3.0");
            for (property, _) in properties {
                // A fold anywhere, even inside a character: the reader unfolds bytes.
                let bytes = property.as_bytes();
                if fold && bytes.len() > fold_at {
                    line(&[&bytes[..fold_at], ending.as_bytes(), b" ", &bytes[fold_at..]].concat());
                } else {
                    line(bytes);
                }
            }
            line(b"END:VCARD");
        }
        let nameable = cards.iter().filter(|(properties, _)| properties.iter().any(|(_, names)| *names)).count();
        let read = read_vcards(&file).unwrap();
        prop_assert_eq!(read.drafts.len(), nameable, "{:?}", String::from_utf8_lossy(&file));
        prop_assert_eq!(read.rows, cards.len());
        prop_assert_eq!(read.issues.len(), cards.len() - nameable);
    }
}
