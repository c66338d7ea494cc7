//! Types of every shape, deriving both serde's traits and ripen-json's from one set of
//! `#[serde]` attributes: each value must be written to the same bytes and read back.

use proptest::prelude::*;
use ripen_json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

fn present<'a, T: FromJson>(r: &mut ripen_json::Reader<'a>) -> Result<Option<Option<T>>, ripen_json::Error> {
    Option::<T>::read_json(r).map(Some)
}

fn serde_present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Card {
    client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(rename = "n")]
    count: u32,
    balance: i64,
    ratio: f64,
    #[serde(default, deserialize_with = "serde_present", skip_serializing_if = "Option::is_none")]
    #[json(deserialize_with = "present")]
    region: Option<Option<String>>,
    kind: Kind,
    status: Status,
    extra: BTreeMap<String, u8>,
    pair: (u8, String),
    id: Id,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Person,
    LegalEntity,
    Other(String),
    Named { first_name: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
#[serde(tag = "status", rename_all = "snake_case", rename_all_fields = "camelCase")]
enum Status {
    Planned,
    Done {
        done_at: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        result: Option<String>,
    },
    Moved(Moved),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
struct Moved {
    to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
#[serde(try_from = "String", into = "String")]
struct Id(String);

impl TryFrom<String> for Id {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        if value.is_empty() {
            Err("an id is not empty".to_owned())
        } else {
            Ok(Self(value))
        }
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
#[serde(tag = "field", content = "value")]
enum FieldValue {
    #[serde(rename = "name")]
    Name(String),
    #[serde(rename = "age")]
    Age(u8),
    #[serde(rename = "none")]
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
#[serde(untagged)]
enum Choice {
    Word(String),
    Merge { merge: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, ToJson)]
struct Flat {
    id: u8,
    #[serde(flatten)]
    status: Status,
    #[serde(flatten)]
    moved: Moved,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToJson, FromJson)]
#[serde(default)]
struct Settings {
    size: u32,
    name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
struct Tuple(u8, String);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
#[serde(transparent)]
struct Wrapper {
    inner: Vec<u16>,
}

fn same<T>(value: &T)
where
    T: Serialize + for<'de> Deserialize<'de> + ToJson + FromJson + PartialEq + std::fmt::Debug,
{
    let serde_text = serde_json::to_string(value).unwrap();
    assert_eq!(ripen_json::to_string(value), serde_text);
    assert_eq!(&ripen_json::from_str::<T>(&serde_text).unwrap(), value, "{serde_text}");
    let pretty = serde_json::to_string_pretty(value).unwrap();
    assert_eq!(&ripen_json::from_str::<T>(&pretty).unwrap(), value, "{pretty}");
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![".*", "[a-zа-я \"\\\\/\u{0}-\u{1f}\u{7f}]{0,12}"]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Person),
        Just(Kind::LegalEntity),
        text().prop_map(Kind::Other),
        text().prop_map(|first_name| Kind::Named { first_name }),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Planned),
        (any::<i64>(), proptest::option::of(text())).prop_map(|(done_at, result)| Status::Done { done_at, result }),
        text().prop_map(|to| Status::Moved(Moved { to })),
    ]
}

prop_compose! {
    fn card()(
        client_id in text(), display_name in proptest::option::of(text()), tags in proptest::collection::vec(text(), 0..3),
        count in any::<u32>(), balance in any::<i64>(), ratio in any::<f64>().prop_filter("finite", |f| f.is_finite()),
        region in proptest::option::of(proptest::option::of(text())), kind in kind(), status in status(),
        extra in proptest::collection::btree_map(text(), any::<u8>(), 0..3), pair in (any::<u8>(), text()), id in "[a-z]{1,5}",
    ) -> Card {
        // serde reads `"region":null` as Some(None): the value written for None is skipped.
        let region = region.filter(|r| r.is_some());
        Card { client_id, display_name, tags, count, balance, ratio, region, kind, status, extra, pair, id: Id(id) }
    }
}

proptest! {
    #[test]
    fn a_struct_of_every_shape_is_serde_json_byte_for_byte(card in card()) {
        same(&card);
    }

    #[test]
    fn floats_are_written_as_serde_json_writes_them(value in any::<f64>().prop_filter("finite", |f| f.is_finite())) {
        assert_eq!(ripen_json::to_string(&value), serde_json::to_string(&value).unwrap());
        assert_eq!(ripen_json::from_str::<f64>(&serde_json::to_string(&value).unwrap()).unwrap(), value);
    }

    /// Halfway between two shortest texts (a quarter past or to a whole number from 2^48
    /// on, where an eighth or a quarter is the step): random floats hit such ties about
    /// once in a few thousand runs.
    #[test]
    fn ties_between_two_shortest_texts_are_written_as_serde_json_writes_them(
        whole in (1u64 << 48)..(1u64 << 53),
        quarter in prop::sample::select(vec![0.25, 0.75, 0.5]),
        negative in any::<bool>(),
    ) {
        let value = (whole as f64 + quarter) * if negative { -1.0 } else { 1.0 };
        assert_eq!(ripen_json::to_string(&value), serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn any_text_round_trips(text in ".*") {
        same(&text);
    }
}

#[test]
fn every_enum_shape_and_container_attribute_matches_serde() {
    for value in [FieldValue::Name("Анна \"Q\"".into()), FieldValue::Age(7), FieldValue::Nothing] {
        same(&value);
    }
    for value in [Choice::Word("skip".into()), Choice::Merge { merge: "c1".into() }] {
        same(&value);
    }
    same(&Settings { size: 3, name: "x".into() });
    same(&Tuple(1, "a".into()));
    same(&Wrapper { inner: vec![1, 2] });
    for value in [
        1e-7,
        1e-6,
        1e-5,
        0.1,
        1.0,
        1e15,
        1e16,
        1e17,
        1e20,
        1e21,
        1e22,
        -0.0,
        123456789.125,
        // Found by the property test: exactly between two shortest texts.
        -(1_226_833_309_205_268.0 + 0.25),
        -(792_502_869_515_138.0 + 0.25),
        0.00001,
        0.000012345,
        9999999999999998.0,
        f64::MAX,
        f64::MIN_POSITIVE,
    ] {
        assert_eq!(ripen_json::to_string(&value), serde_json::to_string(&value).unwrap(), "{value}");
    }
    for status in [Status::Planned, Status::Moved(Moved { to: "b".into() })] {
        let flat = Flat { id: 1, status, moved: Moved { to: "c".into() } };
        assert_eq!(ripen_json::to_string(&flat), serde_json::to_string(&flat).unwrap());
    }
}

#[test]
fn keys_in_any_order_and_the_tag_anywhere_are_read() {
    let status: Status = ripen_json::from_str(r#"{"result":"ok","doneAt":5,"status":"done"}"#).unwrap();
    assert_eq!(status, Status::Done { done_at: 5, result: Some("ok".into()) });
    let value: FieldValue = ripen_json::from_str(r#"{"value":7,"field":"age"}"#).unwrap();
    assert_eq!(value, FieldValue::Age(7));
    let defaults: Settings = ripen_json::from_str(r#"{"name":"y"}"#).unwrap();
    assert_eq!(defaults, Settings { size: 0, name: "y".into() });
}

/// Bad input: refused with serde's words (what the API's errors have always said).
#[test]
fn bad_input_is_refused_as_serde_refuses_it() {
    let base = r#"{"clientId":"a","n":1,"balance":-1,"ratio":0.5,"kind":"person","status":{"status":"planned"},"extra":{},"pair":[1,"x"],"id":"i""#;
    let cases: &[(&str, &str)] = &[
        (&format!("{base}}}"), ""),
        (&format!("{base},\"surprise\":1}}"), "unknown field `surprise`"),
        (&format!("{base},\"n\":2}}"), "duplicate field `n`"),
        (r#"{"clientId":"a"}"#, "missing field `n`"),
        (&base.replace(r#""n":1"#, r#""n":-1"#), "invalid value: integer `-1`"),
        (&base.replace(r#""n":1"#, r#""n":"1""#), "invalid type: string \"1\", expected"),
        (&base.replace(r#""n":1"#, r#""n":1.5"#), "invalid type: floating point `1.5`"),
        (&base.replace(r#""kind":"person""#, r#""kind":"robot""#), "unknown variant `robot`"),
        (&base.replace(r#""status":"planned""#, r#""status":"lost""#), "unknown variant `lost`"),
        (&base.replace(r#""id":"i""#, r#""id":"""#), "an id is not empty"),
        (&base.replace(r#""pair":[1,"x"]"#, r#""pair":[1]"#), "invalid length"),
        (&format!("{base}}} x"), "trailing characters"),
        (base, "end of text"),
        ("[1,]", "invalid type"),
    ];
    for (text, expected) in cases {
        let ours = ripen_json::from_str::<Card>(text);
        let serde = serde_json::from_str::<Card>(text);
        if expected.is_empty() {
            assert!(ours.is_ok() && serde.is_ok(), "{text}: {ours:?}");
        } else {
            let error = ours.expect_err(text).to_string();
            assert!(error.contains(expected), "{text}: {error}");
            assert!(serde.is_err(), "serde took {text}");
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToJson, FromJson)]
#[serde(rename_all = "camelCase")]
struct Skip {
    user_id: String,
    #[serde(flatten)]
    reason: Status,
}

#[test]
fn a_flattened_field_is_read_from_the_keys_its_struct_does_not_have() {
    for reason in [
        Status::Planned,
        Status::Done { done_at: 3, result: Some("x".into()) },
        Status::Moved(Moved { to: "y".into() }),
    ] {
        same(&Skip { user_id: "u".into(), reason });
    }
}
