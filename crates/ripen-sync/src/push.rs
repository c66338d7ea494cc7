//! What to push: the records of a page of the local log that are this device's own
//! (pulled ones are another author's documents and never go back), as documents in
//! `_bulk_docs` batches under the request size a hub takes, split in two when one still
//! comes back `413`.

use crate::doc_id::{record_key, HubUser};
use crate::document::HubDocument;
use crate::error::MappingError;
use crate::state::SyncState;
use ripen_core::codec;
use ripen_core::Tail;
use ripen_json::{FromJson, ToJson};

/// A request stays under this (Cloudant's document limit is 1 MB; PouchDB Server dies on
/// a body of hundreds of megabytes and never says 413).
pub const MAX_REQUEST_BYTES: usize = 1_000_000;

/// Documents per request at most: ~500 small ones was the fastest measured.
pub const MAX_BATCH_DOCS: usize = 500;

/// One page of the log sorted out for pushing.
#[derive(Debug, Default)]
pub struct PushPage {
    pub docs: Vec<HubDocument>,
    /// The state once these documents are on the hub: `pushed` past the page, the pulled
    /// records it walked past forgotten.
    pub state: SyncState,
    /// Records that cannot be pushed (damaged; the log read leaves them out too), by
    /// position.
    pub unpushable: Vec<(u64, MappingError)>,
}

/// Sorts a page of the log read after `state.pushed` into documents to push.
pub fn plan(author: &HubUser, page: &Tail, state: &SyncState) -> PushPage {
    let mut out = PushPage { state: state.clone(), ..PushPage::default() };
    for (record, &position) in page.records.iter().zip(&page.positions) {
        if let Ok(envelope) = codec::envelope(record) {
            if out.state.pulled.remove(&record_key(&envelope.commit, envelope.part)) {
                continue;
            }
        }
        match HubDocument::of_record(author, record) {
            Ok(doc) => out.docs.push(doc),
            Err(error) => out.unpushable.push((position, error)),
        }
    }
    out.state.pushed = out.state.pushed.max(page.last);
    out
}

/// The body of one `_bulk_docs` request: the documents as they are, never given new
/// revisions by the hub.
pub fn body(docs: &[HubDocument]) -> String {
    #[derive(ToJson)]
    struct Body<'a> {
        docs: &'a [HubDocument],
        new_edits: bool,
    }
    ripen_json::to_string(&Body { docs, new_edits: false })
}

/// Cuts `docs` into requests of at most [`MAX_BATCH_DOCS`] documents and `max_bytes`
/// bytes (a document larger than that alone goes in a request of its own).
pub fn batches(docs: Vec<HubDocument>, max_bytes: usize) -> Vec<Vec<HubDocument>> {
    let overhead = body(&[]).len();
    let mut out: Vec<Vec<HubDocument>> = Vec::new();
    let mut size = overhead;
    for doc in docs {
        let weight = ripen_json::to_string(&doc).len() + 1;
        let full = out.last().is_none_or(|last| last.len() >= MAX_BATCH_DOCS || size + weight > max_bytes);
        if full {
            out.push(Vec::new());
            size = overhead;
        }
        size += weight;
        if let Some(last) = out.last_mut() {
            last.push(doc);
        }
    }
    out
}

/// A batch the hub called too large, in two; `None` for a single document (the hub
/// cannot take it at all).
pub fn halve(mut batch: Vec<HubDocument>) -> Option<(Vec<HubDocument>, Vec<HubDocument>)> {
    if batch.len() < 2 {
        return None;
    }
    let right = batch.split_off(batch.len() / 2);
    Some((batch, right))
}

/// A document `_bulk_docs` refused.
#[derive(Debug, Clone, PartialEq, Eq, FromJson)]
pub struct Refusal {
    #[json(default)]
    pub id: String,
    pub error: String,
    #[json(default)]
    pub reason: String,
}

/// The refusals in a `_bulk_docs` reply (with `new_edits: false` successes may be left
/// out, so only the entries with an `error` count).
pub fn refusals(reply: &str) -> Result<Vec<Refusal>, ripen_json::Error> {
    #[derive(FromJson)]
    struct Entry {
        #[json(default)]
        id: String,
        #[json(default)]
        error: Option<String>,
        #[json(default)]
        reason: String,
    }
    let entries: Vec<Entry> = ripen_json::from_str(reply)?;
    Ok(entries.into_iter().filter_map(|e| e.error.map(|error| Refusal { id: e.id, error, reason: e.reason })).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::ChangesReply;
    use crate::document::tests::{anna, records};

    fn tail(records: &[String], first: u64) -> Tail {
        let positions: Vec<u64> = (first..first + records.len() as u64).collect();
        Tail {
            records: records.to_vec(),
            last: positions.last().copied().unwrap_or(first - 1),
            positions,
            ..Tail::default()
        }
    }

    #[test]
    fn pulled_records_are_never_pushed_back_and_are_forgotten_once_passed() {
        let mine = records(2, 11);
        let theirs = records(2, 12);
        let docs: Vec<_> =
            theirs.iter().map(|r| HubDocument::of_record(&"boris".parse().unwrap(), r).unwrap()).collect();
        let rows: Vec<_> = docs
            .iter()
            .map(|d| serde_json::json!({ "id": d.id, "changes": [{ "rev": d.rev }], "doc": crate::tests_json(d) }))
            .collect();
        let reply = ChangesReply::parse(&serde_json::json!({ "results": rows, "last_seq": 2 }).to_string()).unwrap();
        let pulled =
            reply.sort_out(&SyncState::default(), &mut crate::changes::Waiting::default(), |_| false).unwrap().state;
        // The log: one of mine, the two pulled, the other of mine.
        let log = vec![mine[0].clone(), theirs[0].clone(), theirs[1].clone(), mine[1].clone()];
        let page = plan(&anna(), &tail(&log, 1), &pulled);
        let pushed: Vec<&str> = page.docs.iter().map(|d| d.record.as_str()).collect();
        assert_eq!(pushed, [mine[0].as_str(), mine[1].as_str()]);
        assert!(page.docs.iter().all(|d| d.author == "anna"));
        assert_eq!(page.state.pushed, 4);
        assert!(page.state.pulled.is_empty());
    }

    #[test]
    fn a_damaged_record_is_not_pushed_but_passed() {
        let mine = records(2, 13);
        let log = vec![mine[0].replacen("Client", "Cliemt", 1), mine[1].clone()];
        let page = plan(&anna(), &tail(&log, 5), &SyncState::default());
        assert_eq!(page.docs.len(), 1);
        assert_eq!(page.unpushable.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [5]);
        assert_eq!(page.state.pushed, 6);
    }

    #[test]
    fn batches_stay_under_the_request_size_and_split_in_two() {
        let docs: Vec<_> = records(40, 14).iter().map(|r| HubDocument::of_record(&anna(), r).unwrap()).collect();
        let one = body(&docs[..1]).len();
        let batches = batches(docs.clone(), one * 5);
        assert!(batches.len() >= 8, "{}", batches.len());
        assert!(batches.iter().all(|b| body(b).len() <= one * 5));
        assert_eq!(batches.concat(), docs, "in order, none lost");
        assert_eq!(super::batches(docs.clone(), 10).len(), 40, "a document too big alone goes alone");
        assert_eq!(super::batches(docs.clone(), MAX_REQUEST_BYTES).len(), 1);
        let (left, right) = halve(docs[..5].to_vec()).unwrap();
        assert_eq!((left.len(), right.len()), (2, 3));
        assert!(halve(docs[..1].to_vec()).is_none());
    }

    #[test]
    fn only_entries_with_an_error_are_refusals() {
        let reply = r#"[{"ok":true,"id":"a","rev":"1-x"},{"id":"b","error":"forbidden","reason":"no"}]"#;
        assert_eq!(
            refusals(reply).unwrap(),
            [Refusal { id: "b".into(), error: "forbidden".into(), reason: "no".into() }]
        );
        assert!(refusals("[]").unwrap().is_empty());
        assert!(refusals("{}").is_err());
    }
}
