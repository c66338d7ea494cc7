//! A log record as a hub document and back: `{_id, _rev, author, format, record}`, the id
//! from the record's own envelope, the revision from its sum. A pulled document is
//! checked whole before its record goes near the log.

use crate::doc_id::{DocId, HubUser};
use crate::error::{MappingError, VerifyError};
use ripen_core::checksum::Checksum;
use ripen_core::codec::{self, LOG_FORMAT};
use ripen_core::EventId;
use serde::{Deserialize, Serialize};

/// One immutable document of a team database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubDocument {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_rev")]
    pub rev: String,
    pub author: String,
    pub format: u64,
    pub record: String,
}

/// The only revision a document ever has: generation 1 and the record's sum.
pub fn revision(sum: Checksum) -> String {
    format!("1-{}", sum.to_hex())
}

impl HubDocument {
    /// The document that holds `record`, pushed by `author`.
    pub fn of_record(author: &HubUser, record: &str) -> Result<Self, MappingError> {
        let envelope = codec::envelope(record)?;
        let commit: EventId =
            envelope.commit.parse().map_err(|_| MappingError::BadCommit { commit: envelope.commit.clone() })?;
        let id = DocId { author: author.clone(), commit, part: envelope.part };
        Ok(Self {
            id: id.to_string(),
            rev: revision(envelope.sum),
            author: author.to_string(),
            format: u64::from(envelope.format),
            record: record.to_owned(),
        })
    }

    /// Checks a pulled document: its id well formed and naming its record's commit and
    /// part, its author the id's, its revision the record's sum, its format one this
    /// build reads, the record sound.
    pub fn verify(self) -> Result<PulledRecord, VerifyError> {
        let id: DocId = self.id.parse()?;
        let stated = self.rev.strip_prefix("1-").and_then(Checksum::from_hex);
        let Some(stated) = stated else { return Err(VerifyError::BadRev { id: self.id, rev: self.rev }) };
        if self.author != id.author.as_str() {
            return Err(VerifyError::Author { id: self.id, author: self.author });
        }
        if self.format == 0 || self.format > u64::from(LOG_FORMAT) {
            return Err(VerifyError::Format { id: self.id, format: self.format });
        }
        let envelope = match codec::envelope(&self.record) {
            Ok(envelope) => envelope,
            Err(source) => return Err(VerifyError::Damaged { id: self.id, source }),
        };
        if u64::from(envelope.format) != self.format {
            return Err(VerifyError::Format { id: self.id, format: self.format });
        }
        if envelope.commit != id.commit.to_string() || envelope.part != id.part {
            let found = format!("{}:{}", envelope.commit, envelope.part);
            return Err(VerifyError::Mismatch { id: self.id, found });
        }
        if envelope.sum != stated {
            return Err(VerifyError::RevMismatch { id: self.id });
        }
        Ok(PulledRecord { id, record: self.record })
    }
}

/// A pulled document's record, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledRecord {
    pub id: DocId,
    pub record: String,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ripen_core::command::Command;
    use ripen_core::{ClientKind, ClientName, Engine, EventStore, MemoryStore, NewClient, ReplicaId};

    /// The records of a store where `n` clients were added one command each.
    pub(crate) fn records(n: usize, replica: u64) -> Vec<String> {
        futures_executor::block_on(async {
            let store = MemoryStore::new();
            let engine =
                Engine::open(store.clone(), ReplicaId::from_random(replica), "anna".parse().unwrap()).await.unwrap();
            let now = chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap();
            for i in 0..n {
                let client = NewClient::named(ClientKind::Company, ClientName::parse(&format!("Client {i}")).unwrap());
                engine.execute(Command::AddClient(client), now).await.unwrap();
            }
            store.load().await.unwrap()
        })
    }

    pub(crate) fn anna() -> HubUser {
        "anna".parse().unwrap()
    }

    #[test]
    fn a_record_becomes_one_document_and_back() {
        let record = &records(1, 5)[0];
        let doc = HubDocument::of_record(&anna(), record).unwrap();
        let envelope = codec::envelope(record).unwrap();
        assert_eq!(doc.id, format!("anna:{}:0", envelope.commit));
        assert_eq!(doc.rev, format!("1-{}", envelope.sum.to_hex()));
        assert_eq!((doc.author.as_str(), doc.format), ("anna", 2));
        assert_eq!(HubDocument::of_record(&anna(), record).unwrap(), doc, "deterministic");
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["_id"], doc.id.as_str());
        let pulled = doc.verify().unwrap();
        assert_eq!(&pulled.record, record);
    }

    #[test]
    fn a_pulled_document_that_does_not_hold_together_is_refused_with_its_reason() {
        let records = records(2, 6);
        let good = HubDocument::of_record(&anna(), &records[0]).unwrap();
        let other = HubDocument::of_record(&anna(), &records[1]).unwrap();
        let cases: Vec<(HubDocument, &str)> = vec![
            (HubDocument { id: "nonsense".into(), ..good.clone() }, "id"),
            (HubDocument { rev: "2-00".into(), ..good.clone() }, "rev"),
            (HubDocument { author: "boris".into(), ..good.clone() }, "author"),
            (HubDocument { format: 9, ..good.clone() }, "format"),
            (HubDocument { format: 1, ..good.clone() }, "format"),
            (HubDocument { record: good.record.replacen("Client", "Cliemt", 1), ..good.clone() }, "damaged"),
            (HubDocument { id: other.id.clone(), rev: other.rev.clone(), ..good.clone() }, "mismatch"),
            (HubDocument { rev: other.rev.clone(), ..good.clone() }, "rev_mismatch"),
        ];
        for (doc, code) in cases {
            let error = doc.clone().verify().unwrap_err();
            assert_eq!(error.code(), code, "{doc:?}: {error}");
        }
    }
}
