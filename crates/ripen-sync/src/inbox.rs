//! The website leads' inbox (`<team database>-inbox`, docs/lead-form.md): a `_changes`
//! page of it sorted out before any lead is opened — design documents and purges passed
//! over, each document's shape checked as the hub's validator checks it (exactly its keys,
//! the id pattern, base64url fields of their lengths), a second revision reported as
//! tampering. What goes on to be opened is the checked document alone, rebuilt from its
//! checked fields.

use crate::changes::{ChangeRow, ChangesReply};
use crate::state::Since;
use ripen_core::web_lead::{LeadId, LeadRefusal};
use ripen_json::Json;

pub use crate::inbox_tally::{InboxRefusal, InboxTally, Taken, KEPT_REFUSALS};

/// The inbox's database beside the team's (the name the hub's preparation gives it).
pub fn inbox_name(database: &str) -> String {
    format!("{database}-inbox")
}

/// A sealed lead whose shape passed: its id, and its document as JSON for the opener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedLead {
    pub id: LeadId,
    pub document: String,
}

/// One row of an inbox page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboxRow {
    Lead(SealedLead),
    /// Not a lead that can be taken in: `id` as the hub named it.
    Refused {
        id: String,
        refusal: LeadRefusal,
    },
}

/// An inbox page sorted out.
#[derive(Debug)]
pub struct InboxPage {
    pub rows: Vec<InboxRow>,
    /// Rows the hub sent, design documents and purges included.
    pub received: usize,
    /// Where the next page starts.
    pub last_seq: Option<Since>,
}

impl InboxPage {
    /// A `_changes` answer (`style=all_docs&include_docs=true`) of the inbox.
    pub fn parse(text: &str) -> Result<Self, ripen_json::Error> {
        let reply: ChangesReply = ripen_json::from_str(text)?;
        let received = reply.results.len();
        let rows = reply.results.into_iter().filter_map(sort_out).collect();
        Ok(Self { rows, received, last_seq: Since::from_hub(reply.last_seq) })
    }
}

fn sort_out(row: ChangeRow) -> Option<InboxRow> {
    // A design document is the admin's; a deletion is an admin's purge of an opened lead.
    if row.id.starts_with("_design/") || row.deleted {
        return None;
    }
    let refused = |refusal| Some(InboxRow::Refused { id: row.id.clone(), refusal });
    let Ok(id) = row.id.parse::<LeadId>() else {
        return refused(LeadRefusal::Shape("the id is not lead:<26 Crockford base32>".into()));
    };
    let first_revision = |rev: Option<&str>| rev.is_some_and(|r| r.starts_with("1-"));
    let revs: Vec<Option<&str>> = row.changes.iter().map(|c| c.get("rev").and_then(Json::as_str)).collect();
    if revs.len() > 1 || !revs.iter().all(|r| first_revision(*r)) {
        return refused(LeadRefusal::Tampered);
    }
    let Some(doc) = row.doc.as_ref().and_then(|d| Json::parse(&d.0).ok()) else {
        return refused(LeadRefusal::Shape("no body".into()));
    };
    match checked(&doc, &row.id) {
        Ok(document) => Some(InboxRow::Lead(SealedLead { id, document })),
        Err(reason) => refused(reason),
    }
}

fn b64url(value: Option<&Json>, min: usize, max: usize) -> Option<&str> {
    value.and_then(Json::as_str).filter(|v| {
        (min..=max).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The document's shape as the inbox's validator has it; the document rebuilt from it.
fn checked(doc: &Json, id: &str) -> Result<String, LeadRefusal> {
    let shape = |reason: &str| LeadRefusal::Shape(reason.to_owned());
    let object = doc.as_object().ok_or_else(|| shape("not an object"))?;
    const KEYS: [&str; 9] = ["_id", "_rev", "_revisions", "type", "v", "epk", "salt", "iv", "ct"];
    if let Some((key, _)) = object.iter().find(|(key, _)| !KEYS.contains(&key.as_str())) {
        return Err(LeadRefusal::Shape(format!("a lead has no field {key}")));
    }
    if doc.get("_id").and_then(Json::as_str) != Some(id) {
        return Err(shape("the body is another document"));
    }
    if doc.get("_rev").and_then(Json::as_str).is_some_and(|r| !r.starts_with("1-")) {
        return Err(LeadRefusal::Tampered);
    }
    if doc.get("type").and_then(Json::as_str) != Some("ripen-lead") || doc.get("v").and_then(Json::as_u64) != Some(1) {
        return Err(shape("not a ripen-lead v1"));
    }
    let epk = doc.get("epk").and_then(Json::as_object).ok_or_else(|| shape("epk must be a public EC key"))?;
    if epk.iter().any(|(key, _)| !["kty", "crv", "x", "y"].contains(&key.as_str())) {
        return Err(shape("epk holds only kty, crv, x and y"));
    }
    let epk = doc.get("epk").ok_or_else(|| shape("no epk"))?;
    if epk.get("kty").and_then(Json::as_str) != Some("EC") || epk.get("crv").and_then(Json::as_str) != Some("P-256") {
        return Err(shape("epk must be an EC P-256 key"));
    }
    let coordinate = |key| b64url(epk.get(key), 43, 43).ok_or_else(|| shape("epk x and y are 32 bytes in base64url"));
    let (x, y) = (coordinate("x")?, coordinate("y")?);
    let salt = b64url(doc.get("salt"), 22, 22).ok_or_else(|| shape("salt is 16 bytes in base64url"))?;
    let iv = b64url(doc.get("iv"), 16, 16).ok_or_else(|| shape("iv is 12 bytes in base64url"))?;
    let ct = b64url(doc.get("ct"), 23, 16_406).ok_or_else(|| shape("ct is 17 to 12,304 bytes in base64url"))?;
    Ok(ripen_json::json_object! {
        "_id": id,
        "epk": ripen_json::json_object! { "kty": "EC", "crv": "P-256", "x": x, "y": y },
        "salt": salt,
        "iv": iv,
        "ct": ct,
    }
    .to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ID: &str = "lead:7M1Q3KX9B0C4D5E6F7G8H9J0KM";

    fn doc() -> serde_json::Value {
        let c43 = "A".repeat(43);
        json!({ "_id": ID, "_rev": "1-0123456789abcdef0123456789abcdef", "type": "ripen-lead", "v": 1,
                "epk": { "kty": "EC", "crv": "P-256", "x": c43, "y": c43 },
                "salt": "B".repeat(22), "iv": "C".repeat(16), "ct": "D".repeat(40) })
    }

    fn page(rows: Vec<serde_json::Value>) -> InboxPage {
        InboxPage::parse(&json!({ "results": rows, "last_seq": 9 }).to_string()).unwrap()
    }

    fn row(doc: serde_json::Value) -> serde_json::Value {
        let rev = doc["_rev"].clone();
        json!({ "seq": 1, "id": doc["_id"], "changes": [{ "rev": rev }], "doc": doc })
    }

    fn refusal(doc: serde_json::Value) -> String {
        match page(vec![row(doc)]).rows.pop().unwrap() {
            InboxRow::Refused { refusal, .. } => refusal.code().to_owned(),
            InboxRow::Lead(lead) => panic!("taken: {lead:?}"),
        }
    }

    #[test]
    fn a_well_formed_lead_goes_on_to_be_opened_as_its_checked_fields_alone() {
        let page =
            page(vec![row(doc()), json!({ "seq": 2, "id": "_design/ripen-inbox", "changes": [{ "rev": "1-a" }] })]);
        assert_eq!((page.received, page.rows.len()), (2, 1));
        assert_eq!(page.last_seq.unwrap().as_query(), "9");
        let InboxRow::Lead(lead) = &page.rows[0] else { panic!() };
        assert_eq!(lead.id.as_str(), ID);
        let rebuilt: serde_json::Value = serde_json::from_str(&lead.document).unwrap();
        assert_eq!(rebuilt["ct"], doc()["ct"]);
        assert_eq!(rebuilt.get("_rev"), None);
    }

    #[test]
    fn forged_shapes_and_second_revisions_are_refused_each_with_its_reason() {
        let with = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut d = doc();
            edit(&mut d);
            d
        };
        let cases: Vec<(serde_json::Value, &str)> = vec![
            (with(&|d| d["type"] = json!("other")), "shape"),
            (with(&|d| d["extra"] = json!("<script>")), "shape"),
            (with(&|d| d["epk"]["d"] = json!("A".repeat(43))), "shape"),
            (with(&|d| d["epk"]["crv"] = json!("P-384")), "shape"),
            (with(&|d| d["salt"] = json!("B".repeat(21))), "shape"),
            (with(&|d| d["iv"] = json!("C=".repeat(8))), "shape"),
            (with(&|d| d["ct"] = json!("D".repeat(16_407))), "shape"),
            (with(&|d| d["_id"] = json!("lead:nope")), "shape"),
            (with(&|d| d["_rev"] = json!("2-0123456789abcdef0123456789abcdef")), "tampered"),
        ];
        for (doc, code) in cases {
            assert_eq!(refusal(doc.clone()), code, "{doc}");
        }
        let conflicted = json!({ "seq": 3, "id": ID, "changes": [{ "rev": "1-a" }, { "rev": "1-b" }], "doc": doc() });
        assert!(matches!(&page(vec![conflicted]).rows[0], InboxRow::Refused { refusal: LeadRefusal::Tampered, .. }));
        let purged = json!({ "seq": 4, "id": ID, "changes": [{ "rev": "2-a" }], "deleted": true });
        assert!(page(vec![purged]).rows.is_empty(), "an admin's purge is passed over");
    }
}
