//! A page of `_changes` (`style=all_docs&include_docs=true`) into what to append: each
//! document checked, design documents passed over, a document seen before a no-op, a
//! document with a second revision or deleted reported as tampering and never applied.
//! A commit is appended whole or not at all: the parts of one split over pages (or not
//! all on the hub yet) wait in memory, and the `since` stored never passes a part that
//! waits, so a tab closed mid-pull fetches them again.

use crate::doc_id::DocId;
use crate::document::{HubDocument, PulledRecord};
use crate::error::VerifyError;
use crate::state::{Since, SyncState};
use ripen_json::{FromJson, Json, RawJson};
use std::collections::HashMap;

/// The hub's answer to `GET {db}/_changes`.
#[derive(Debug, FromJson)]
pub struct ChangesReply {
    pub results: Vec<ChangeRow>,
    pub last_seq: Json,
    /// Changes still after this page (CouchDB says it; PouchDB Server may not).
    #[json(default)]
    pub pending: Option<u64>,
}

#[derive(Debug, FromJson)]
pub struct ChangeRow {
    /// Where a pull resumes to start after this row; CouchDB leaves it `null` on most rows
    /// when asked for `seq_interval`.
    #[json(default)]
    pub seq: Json,
    pub id: String,
    /// Every leaf revision (`style=all_docs`): one, for a document never tampered with.
    #[json(default)]
    pub changes: Vec<Json>,
    #[json(default)]
    pub deleted: bool,
    #[json(default)]
    /// The document's text, read on its own: a bad one is refused, not the page.
    pub doc: Option<RawJson>,
}

/// The parts of commits not yet whole, held between the pages of one pull, with where a
/// pull must resume so as to fetch them again.
#[derive(Debug, Default)]
pub struct Waiting {
    /// By commit: how many parts it has, and the parts come so far (by part number).
    commits: HashMap<String, (u32, HashMap<u32, PulledRecord>)>,
    /// The `since` before the first row that brought a part still waiting.
    resume: Option<Option<Since>>,
}

impl Waiting {
    /// Parts still waiting for the rest of their commit.
    pub fn parts(&self) -> usize {
        self.commits.values().map(|(_, parts)| parts.len()).sum()
    }

    /// Takes `record` in; the commit's records in part order once it is whole.
    fn add(&mut self, record: PulledRecord, since_before: &Option<Since>) -> Option<Vec<PulledRecord>> {
        let parts = record.parts;
        if parts <= 1 {
            return Some(vec![record]);
        }
        let commit = record.id.commit.to_string();
        if self.commits.is_empty() {
            self.resume = Some(since_before.clone());
        }
        let entry = self.commits.entry(commit.clone()).or_insert_with(|| (parts, HashMap::new()));
        entry.1.insert(record.id.part, record);
        if entry.1.len() < entry.0 as usize {
            return None;
        }
        let (_, mut whole) = self.commits.remove(&commit)?;
        if self.commits.is_empty() {
            self.resume = None;
        }
        Some((0..parts).filter_map(|part| whole.remove(&part)).collect())
    }

    fn holds(&self, id: &DocId) -> bool {
        self.commits.get(&id.commit.to_string()).is_some_and(|(_, parts)| parts.contains_key(&id.part))
    }
}

/// What one page of changes brings.
#[derive(Debug)]
pub struct PullPage {
    /// New records of whole commits, checked, in the hub's order (a commit's parts
    /// together, in part order).
    pub records: Vec<PulledRecord>,
    /// Documents refused, with why (tampering among them).
    pub refused: Vec<VerifyError>,
    /// Documents already held (a record pushed from here, or pulled before).
    pub known: usize,
    /// The state to store with the records: the new `since` (never past a part that
    /// waits), the records noted as pulled.
    pub state: SyncState,
    /// The rows the page had, design documents too: fewer than asked for, the last page.
    pub rows: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangesError {
    #[error("the hub's changes feed is not the CouchDB protocol's: {0}")]
    Shape(#[from] ripen_json::Error),
    #[error("the hub's last_seq {0} is neither text nor a number")]
    Seq(String),
}

impl ChangesReply {
    pub fn parse(text: &str) -> Result<Self, ChangesError> {
        Ok(ripen_json::from_str(text)?)
    }

    /// Sorts the page out against `state`; `held` says whether a record is in the log
    /// already (its commit applied); `waiting` carries the parts of commits not yet whole
    /// from one page of a pull to the next.
    pub fn sort_out(
        self,
        state: &SyncState,
        waiting: &mut Waiting,
        held: impl Fn(&DocId) -> bool,
    ) -> Result<PullPage, ChangesError> {
        let last =
            Since::from_hub(self.last_seq.clone()).ok_or_else(|| ChangesError::Seq(self.last_seq.to_string()))?;
        let mut state = state.clone();
        // The `since` before each row: a row without a seq of its own keeps the one before.
        let mut before = state.since.clone();
        let rows = self.results.len();
        let (mut records, mut refused, mut known) = (Vec::new(), Vec::new(), 0);
        for row in self.results {
            let seq = Since::from_hub(row.seq.clone());
            // The validator's design document lives in the same database.
            if !row.id.starts_with("_design/") {
                match check_row(row) {
                    Ok(record) => {
                        let key = record.id.record_key();
                        if held(&record.id) || state.pulled.contains(&key) || waiting.holds(&record.id) {
                            known += 1;
                        } else if let Some(whole) = waiting.add(record, &before) {
                            for record in whole {
                                state.pulled.insert(record.id.record_key());
                                records.push(record);
                            }
                        }
                    }
                    Err(error) => refused.push(error),
                }
            }
            if seq.is_some() {
                before = seq;
            }
        }
        state.since = match &waiting.resume {
            Some(resume) => resume.clone(),
            None => Some(last),
        };
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
        ripen_json::from_str(&doc.0).map_err(|e| VerifyError::Shape { id: row.id.clone(), reason: e.to_string() })?;
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
        json!({ "seq": 1, "id": doc.id, "changes": [{ "rev": doc.rev }], "doc": crate::tests_json(&doc) })
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
        let page =
            reply.sort_out(&SyncState::default(), &mut Waiting::default(), |id| id.commit == held_commit).unwrap();
        assert_eq!(page.records.iter().map(|r| r.record.clone()).collect::<Vec<_>>(), records[1..].to_vec());
        assert_eq!((page.known, page.refused.len(), page.rows), (2, 0, 5));
        assert_eq!(page.state.since.as_ref().map(Since::as_query).as_deref(), Some("5"));
        assert_eq!(page.state.pulled.len(), 2);

        // The same page again (a retry after a crash before the state was stored is
        // impossible — they are stored together — but a hub may list a document again).
        let reply =
            ChangesReply::parse(&json!({ "results": [row(&docs[2])], "last_seq": "6-abc" }).to_string()).unwrap();
        let again = reply.sort_out(&page.state, &mut Waiting::default(), |_| false).unwrap();
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
            let page = reply.sort_out(&SyncState::default(), &mut Waiting::default(), |_| false).unwrap();
            assert!(page.records.is_empty());
            assert_eq!(page.refused.iter().map(VerifyError::code).collect::<Vec<_>>(), ["tampering"]);
        }
    }

    #[test]
    fn a_reply_that_is_not_the_protocol_is_refused() {
        assert!(ChangesReply::parse("{}").is_err());
        let reply = ChangesReply::parse(r#"{"results":[],"last_seq":[1]}"#).unwrap();
        assert!(matches!(
            reply.sort_out(&SyncState::default(), &mut Waiting::default(), |_| false),
            Err(ChangesError::Seq(_))
        ));
    }
}

#[cfg(test)]
mod waiting_tests {
    use super::*;
    use crate::document::tests::anna;
    use serde_json::json;

    /// The records of one commit big enough to be stored in several parts.
    fn one_big_commit() -> Vec<String> {
        crate::document::tests::big_records(1_500, 31)
    }

    fn page(docs: &[(u64, &HubDocument)], last: u64) -> ChangesReply {
        let rows: Vec<_> = docs
            .iter()
            .map(|(seq, doc)| json!({ "seq": seq, "id": doc.id, "changes": [{ "rev": doc.rev }], "doc": crate::tests_json(&doc) }))
            .collect();
        ChangesReply::parse(&json!({ "results": rows, "last_seq": last }).to_string()).unwrap()
    }

    #[test]
    fn a_commit_split_over_pages_is_appended_whole_and_since_waits_for_it() {
        let parts = one_big_commit();
        assert!(parts.len() >= 3, "the commit is stored in {} parts", parts.len());
        let docs: Vec<HubDocument> = parts.iter().map(|r| HubDocument::of_record(&anna(), r).unwrap()).collect();
        let others: Vec<HubDocument> = crate::document::tests::records(2, 32)
            .iter()
            .map(|r| HubDocument::of_record(&anna(), r).unwrap())
            .collect();
        let start = SyncState {
            since: Some(Since::from_hub(ripen_json::Json::parse(&serde_json::json!(10).to_string()).unwrap()).unwrap()),
            ..SyncState::default()
        };
        let mut waiting = Waiting::default();

        // Page 1: another commit, then the big one's second part before its first.
        let first = page(&[(11, &others[0]), (12, &docs[1]), (13, &docs[0])], 13);
        let first = first.sort_out(&start, &mut waiting, |_| false).unwrap();
        assert_eq!(first.records.iter().map(|r| &r.record).collect::<Vec<_>>(), [&others[0].record]);
        assert_eq!(waiting.parts(), 2);
        assert_eq!(
            first.state.since,
            Some(Since::from_hub(ripen_json::Json::parse(&serde_json::json!(11).to_string()).unwrap()).unwrap()),
            "resumes before the waiting parts"
        );

        // Page 2: the same part again (no-op), the rest of the commit, another commit.
        let rest: Vec<(u64, &HubDocument)> = docs[2..].iter().enumerate().map(|(i, d)| (15 + i as u64, d)).collect();
        let mut rows = vec![(14, &docs[1])];
        rows.extend(rest);
        let end = 15 + docs.len() as u64;
        rows.push((end, &others[1]));
        let second = page(&rows, end).sort_out(&first.state, &mut waiting, |_| false).unwrap();
        let mut expected: Vec<&String> = parts.iter().collect();
        expected.push(&others[1].record);
        assert_eq!(
            second.records.iter().map(|r| &r.record).collect::<Vec<_>>(),
            expected,
            "the commit whole, in part order"
        );
        assert_eq!((waiting.parts(), second.known), (0, 1));
        assert_eq!(
            second.state.since,
            Some(Since::from_hub(ripen_json::Json::parse(&serde_json::json!(end).to_string()).unwrap()).unwrap())
        );
    }

    #[test]
    fn a_commit_the_hub_holds_only_part_of_never_lets_since_pass_it() {
        let parts = one_big_commit();
        let docs: Vec<HubDocument> = parts.iter().map(|r| HubDocument::of_record(&anna(), r).unwrap()).collect();
        let mut waiting = Waiting::default();
        let reply = page(&[(1, &docs[0]), (2, &docs[1])], 2);
        let page = reply.sort_out(&SyncState::default(), &mut waiting, |_| false).unwrap();
        assert!(page.records.is_empty());
        assert_eq!(page.state.since, None, "the next pull starts from the beginning again");
        assert!(page.state.pulled.is_empty());
    }
}
