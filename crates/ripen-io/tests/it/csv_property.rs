//! Whatever a CSV row's values (bad phones, bad e-mails, "null" and its kin, notes
//! alone), every row with a usable value — a name, a company, an e-mail or a phone, read
//! or not — comes in as one contact, and only a row with none of them but something else
//! is reported.

use proptest::prelude::*;
use ripen_io::{read_csv, CsvOptions};

/// A cell and whether it makes the row usable.
fn cell(usable: &'static [&'static str]) -> impl Strategy<Value = (String, bool)> {
    let missing =
        prop::sample::select(vec!["", "null", "N/A", "-", "(null)", "undefined"]).prop_map(|v| (v.to_owned(), false));
    let present = prop::sample::select(usable.to_vec()).prop_map(|v| (v.to_owned(), true));
    prop_oneof![missing, present]
}

fn row() -> impl Strategy<Value = Vec<(String, bool)>> {
    (
        cell(&["Анна Петрова", "Смирнов", "ООО «Ромашка»", "Acme LLC", "Jean-Luc O'Neil"]),
        cell(&["ООО «Вектор»", "Müller GmbH", "Baltic Freight"]),
        cell(&["+7 913 000-00-00", "53-25", "x752", "8 (383) 212-34-56 доб. 102", "212-34-56", "sip:1@pbx"]),
        cell(&["a@example.com", "not an email", "b@c", "x@y.ru ::: z@w.ru"]),
        prop_oneof![Just(String::new()), Just("заметка".to_owned()), Just("null".to_owned())].prop_map(|v| (v, false)),
        prop_oneof![Just(String::new()), Just("31.02.1990".to_owned()), Just("1990-01-01".to_owned())]
            .prop_map(|v| (v, false)),
    )
        .prop_map(|(a, b, c, d, e, f)| vec![a, b, c, d, e, f])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn one_contact_per_row_with_a_usable_value(rows in prop::collection::vec(row(), 1..12)) {
        let mut file = String::from("Name;Company;Phone;Email;Notes;Birthday\n");
        for cells in &rows {
            let line: Vec<&str> = cells.iter().map(|(v, _)| v.as_str()).collect();
            file.push_str(&line.join(";"));
            file.push('\n');
        }
        let usable = rows.iter().filter(|cells| cells.iter().any(|(_, u)| *u)).count();
        // A row with no usable value but a note or a date says something: reported.
        let said = rows
            .iter()
            .filter(|cells| !cells.iter().any(|(_, u)| *u))
            .filter(|cells| cells[4].0 == "заметка" || !cells[5].0.is_empty())
            .count();
        let read = read_csv(file.as_bytes(), &CsvOptions::default()).unwrap();
        prop_assert_eq!(read.drafts.len(), usable, "{}", file);
        prop_assert_eq!(read.issues.len(), said, "{}", file);
        prop_assert!(read.drafts.iter().all(|d| d.client.fields.notes.as_ref().is_none_or(|n| !n.as_str().is_empty())));
    }
}
