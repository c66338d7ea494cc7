//! A page of `_changes` (`style=all_docs&include_docs=true`) into what to append: each
//! document checked, design documents passed over, a document seen before a no-op, a
//! document with a second revision or deleted reported as tampering and never applied.

use crate::doc_id::DocId;
use crate::document::{HubDocument, PulledRecord};
use crate::error::VerifyError;
use crate::state::{Since, SyncState};
use serde::Deserialize;

/// The hub's answer to `GET {db}/_changes`.
#[derive(Debug, Deserialize)]
pub struct ChangesReply {
    pub results: Vec<ChangeRow>,
    pub last_seq: serde_json::Value,
    /// Changes still after this page (CouchDB says it; PouchDB Server may not).
    #[serde(default)]
    pub pending: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct ChangeRow {
    pub id: String,
    /// Every leaf revision (`style=all_docs`): one, for a document never tampered with.
    #[serde(default)]
    pub changes: Vec<serde_json::Value>,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default)]
    pub doc: Option<serde_json::Value>,
}

/// What one page of changes brings.
#[derive(Debug)]
pub struct PullPage {
    /// New records, checked, in the hub's order.
    pub records: Vec<PulledRecord>,
    /// Documents refused, with why (tampering among them).
    pub refused: Vec<VerifyError>,
    /// Documents already held (a record pushed from here, or pulled before).
    pub known: usize,
    /// The state to store with the records: the new `since`, the records noted as pulled.
    pub state: SyncState,
    /// The rows the page had, design documents too: fewer than asked for, the last page.
    pub rows: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangesError {
    #[error("the hub's changes feed is not the CouchDB protocol's: {0}")]
    Shape(#[from] serde_json::Error),
    #[error("the hub's last_seq {0} is neither text nor a number")]
    Seq(String),
}

impl ChangesReply {
    pub fn parse(text: &str) -> Result<Self, ChangesError> {
        Ok(serde_json::from_str(text)?)
    }

    /// Sorts the page out against `state`; `held` says whether a record is in the log
    /// already (its commit applied).
    pub fn sort_out(self, state: &SyncState, held: impl Fn(&DocId) -> bool) -> Result<PullPage, ChangesError> {
        let since =
            Since::from_hub(self.last_seq.clone()).ok_or_else(|| ChangesError::Seq(self.last_seq.to_string()))?;
        let mut state = state.clone();
        state.since = Some(since);
        let rows = self.results.len();
        let (mut records, mut refused, mut known) = (Vec::new(), Vec::new(), 0);
        for row in self.results {
            // The validator's design document lives in the same database.
            if row.id.starts_with("_design/") {
                continue;
            }
            match check_row(row) {
                Ok(record) => {
                    let key = record.id.record_key();
                    if held(&record.id) || state.pulled.contains(&key) {
                        known += 1;
                    } else {
                        state.pulled.insert(key);
                        records.push(record);
                    }
                }
                Err(error) => refused.push(error),
            }
        }
        Ok(PullPage { records, refused, known, state, rows })
    }
}

fn check_row(row: ChangeRow) -> Result<PulledRecord, VerifyError> {
    if row.deleted {
        return Err(VerifyError::Deleted { id: row.id });
    }
    if row.changes.len() > 1 {
        return Err(VerifyError::Tampering { id: row.id, revs: row.changes.len() });
    }
    let doc = row.doc.ok_or_else(|| VerifyError::Shape { id: row.id.clone(), reason: "no body".into() })?;
    let doc: HubDocument =
        serde_json::from_value(doc).map_err(|e| VerifyError::Shape { id: row.id.clone(), reason: e.to_string() })?;
    if doc.id != row.id {
        return Err(VerifyError::Shape { id: row.id, reason: format!("the body is document {}", doc.id) });
    }
    doc.verify()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{anna, records};
    use serde_json::json;

    fn row(doc: &HubDocument) -> serde_json::Value {
        json!({ "seq": 1, "id": doc.id, "changes": [{ "rev": doc.rev }], "doc": doc })
    }

    #[test]
    fn a_page_brings_new_records_once_and_passes_over_what_is_held() {
        let records = records(3, 9);
        let docs: Vec<HubDocument> = records.iter().map(|r| HubDocument::of_record(&anna(), r).unwrap()).collect();
        let held_commit = docs[0].id.parse::<DocId>().unwrap().commit;
        let design = json!({ "seq": 2, "id": "_design/ripen", "changes": [{ "rev": "1-x" }], "doc": { "_id": "_design/ripen" } });
        let results = vec![row(&docs[0]), design, row(&docs[1]), row(&docs[2]), row(&docs[1])];
        let reply = json!({ "results": results, "last_seq": 5 });
        let reply = ChangesReply::parse(&reply.to_string()).unwrap();
        let page = reply.sort_out(&SyncState::default(), |id| id.commit == held_commit).unwrap();
        assert_eq!(page.records.iter().map(|r| r.record.clone()).collect::<Vec<_>>(), records[1..].to_vec());
        assert_eq!((page.known, page.refused.len(), page.rows), (2, 0, 5));
        assert_eq!(page.state.since.as_ref().map(Since::as_query).as_deref(), Some("5"));
        assert_eq!(page.state.pulled.len(), 2);

        // The same page again (a retry after a crash before the state was stored is
        // impossible — they are stored together — but a hub may list a document again).
        let reply =
            ChangesReply::parse(&json!({ "results": [row(&docs[2])], "last_seq": "6-abc" }).to_string()).unwrap();
        let again = reply.sort_out(&page.state, |_| false).unwrap();
        assert!(again.records.is_empty());
        assert_eq!(again.known, 1);
    }

    #[test]
    fn a_second_revision_or_a_deletion_is_tampering_and_never_applied() {
        let docs: Vec<HubDocument> =
            records(1, 10).iter().map(|r| HubDocument::of_record(&anna(), r).unwrap()).collect();
        let mut two = row(&docs[0]);
        two["changes"] = json!([{ "rev": docs[0].rev }, { "rev": "1-00000000000000000000000000000000" }]);
        let mut deleted = row(&docs[0]);
        deleted["deleted"] = json!(true);
        for row in [two, deleted] {
            let reply = ChangesReply::parse(&json!({ "results": [row], "last_seq": 3 }).to_string()).unwrap();
            let page = reply.sort_out(&SyncState::default(), |_| false).unwrap();
            assert!(page.records.is_empty());
            assert_eq!(page.refused.iter().map(VerifyError::code).collect::<Vec<_>>(), ["tampering"]);
        }
    }

    #[test]
    fn a_reply_that_is_not_the_protocol_is_refused() {
        assert!(ChangesReply::parse("{}").is_err());
        let reply = ChangesReply::parse(r#"{"results":[],"last_seq":[1]}"#).unwrap();
        assert!(matches!(reply.sort_out(&SyncState::default(), |_| false), Err(ChangesError::Seq(_))));
    }
}
