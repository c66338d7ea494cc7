//! A log record as a hub document and back: `{_id, _rev, author, format, record}`, the id
//! from the record's own envelope, the revision from its sum. A record of some size
//! travels deflated (`encoding: "deflate"`, `record` the raw deflate stream in base64):
//! event JSON shrinks about tenfold, and the hub's work — the floor of a first sync — is
//! in proportion to the bytes it serves. The revision is the sum of the record itself,
//! so a document's identity does not depend on how it was packed. A pulled document is
//! checked whole before its record goes near the log.

use crate::doc_id::{DocId, HubUser};
use crate::error::{MappingError, VerifyError};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use ripen_core::checksum::Checksum;
use ripen_core::codec::{self, LOG_FORMAT};
use ripen_core::EventId;
use ripen_json::{FromJson, ToJson};

/// One immutable document of a team database.
#[derive(Debug, Clone, PartialEq, Eq, ToJson, FromJson)]
pub struct HubDocument {
    #[json(rename = "_id")]
    pub id: String,
    #[json(rename = "_rev")]
    pub rev: String,
    pub author: String,
    pub format: u64,
    /// How `record` is packed: absent for the record's text as it is, [`DEFLATE`] for it
    /// deflated and in base64.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    pub record: String,
}

/// `encoding` of a record deflated (raw deflate, no zlib header) and in base64.
pub const DEFLATE: &str = "deflate";

/// Records shorter than this travel as they are: deflate and base64 would gain nothing.
const PACK_FROM_BYTES: usize = 512;

/// The most a packed record may unpack to: a log record is at most a few chunk sizes
/// (one event larger than a chunk gets one of its own), so more is a bomb, not a record.
pub const MAX_UNPACKED_BYTES: usize = 16 * 1024 * 1024;

/// How hard a record is deflated: level 3 takes a fifth less than the fastest level for
/// twice its time, and pushes are rarer than pulls.
const LEVEL: u8 = 3;

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
        let (encoding, record) = if record.len() < PACK_FROM_BYTES {
            (None, record.to_owned())
        } else {
            let packed = miniz_oxide::deflate::compress_to_vec(record.as_bytes(), LEVEL);
            (Some(DEFLATE.to_owned()), BASE64.encode(packed))
        };
        Ok(Self {
            id: id.to_string(),
            rev: revision(envelope.sum),
            author: author.to_string(),
            format: u64::from(envelope.format),
            encoding,
            record,
        })
    }

    /// Puts the record's own text in `record`, unpacking it if it came packed.
    fn unpack(&mut self) -> Result<(), VerifyError> {
        match self.encoding.take().as_deref() {
            None => Ok(()),
            Some(DEFLATE) => {
                let damaged = |reason: String| VerifyError::Shape { id: self.id.clone(), reason };
                let packed = BASE64
                    .decode(self.record.as_bytes())
                    .map_err(|e| damaged(format!("its record is not base64: {e}")))?;
                let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_UNPACKED_BYTES)
                    .map_err(|e| damaged(format!("its record does not inflate ({:?})", e.status)))?;
                self.record = String::from_utf8(bytes).map_err(|_| damaged("its record is not UTF-8 text".into()))?;
                Ok(())
            }
            Some(other) => {
                let reason = format!("its record is packed as {other:?}, which this build does not read");
                Err(VerifyError::Shape { id: self.id.clone(), reason })
            }
        }
    }

    /// Checks a pulled document: its id well formed and naming its record's commit and
    /// part, its author the id's, its revision the record's sum, its format one this
    /// build reads, the record sound.
    pub fn verify(mut self) -> Result<PulledRecord, VerifyError> {
        self.unpack()?;
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
        Ok(PulledRecord { id, parts: envelope.parts, record: self.record })
    }
}

/// A pulled document's record, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PulledRecord {
    pub id: DocId,
    /// How many parts its commit has.
    pub parts: u32,
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
        let json = crate::tests_json(&doc);
        assert_eq!(json["_id"], doc.id.as_str());
        let pulled = doc.verify().unwrap();
        assert_eq!(&pulled.record, record);
    }

    /// The records of one command adding `n` clients: past a few dozen, several kilobytes.
    pub(crate) fn big_records(n: usize, replica: u64) -> Vec<String> {
        futures_executor::block_on(async {
            let store = MemoryStore::new();
            let engine =
                Engine::open(store.clone(), ReplicaId::from_random(replica), "anna".parse().unwrap()).await.unwrap();
            let now = chrono::DateTime::from_timestamp(1_764_000_000, 0).unwrap();
            let name = |i: usize| ClientName::parse(&format!("Клиент с длинным названием номер {i}")).unwrap();
            let clients = (0..n).map(|i| NewClient::named(ClientKind::Company, name(i))).collect();
            engine.execute(Command::AddClients(clients), now).await.unwrap();
            store.load().await.unwrap()
        })
    }

    #[test]
    fn a_record_of_some_size_travels_deflated_and_comes_back_the_same() {
        let record = &big_records(60, 7)[0];
        let doc = HubDocument::of_record(&anna(), record).unwrap();
        assert_eq!(doc.encoding.as_deref(), Some(DEFLATE));
        assert!(doc.record.len() * 4 < record.len(), "{} packed into {}", record.len(), doc.record.len());
        // The revision names the record, not its packing.
        assert_eq!(doc.rev, revision(codec::envelope(record).unwrap().sum));
        let json = ripen_json::to_string(&doc);
        assert!(json.contains(r#""encoding":"deflate""#));
        let back: HubDocument = ripen_json::from_str(&json).unwrap();
        assert_eq!(&back.verify().unwrap().record, record);
        // A small one goes as it is, and a document without `encoding` reads as before.
        let small = &records(1, 8)[0];
        let plain = HubDocument::of_record(&anna(), small).unwrap();
        assert_eq!((plain.encoding.as_deref(), &plain.record), (None, small));
        assert!(!ripen_json::to_string(&plain).contains("encoding"));
    }

    #[test]
    fn a_packed_record_that_does_not_unpack_is_refused() {
        let record = &big_records(60, 9)[0];
        let good = HubDocument::of_record(&anna(), record).unwrap();
        let bomb = BASE64.encode(miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_UNPACKED_BYTES + 1], 6));
        let mut flipped = BASE64.decode(&good.record).unwrap();
        flipped[10] ^= 0x55;
        let cases: Vec<(HubDocument, &str)> = vec![
            (HubDocument { encoding: Some("zstd".into()), ..good.clone() }, "packed as \"zstd\""),
            (HubDocument { record: "not base64!".into(), ..good.clone() }, "not base64"),
            (HubDocument { record: BASE64.encode(b"plain bytes"), ..good.clone() }, "does not inflate"),
            (HubDocument { record: bomb, ..good.clone() }, "does not inflate"),
            (HubDocument { record: BASE64.encode(&flipped), ..good.clone() }, ""),
            (HubDocument { encoding: None, ..good.clone() }, ""),
        ];
        for (doc, reason) in cases {
            let error = doc.verify().unwrap_err();
            assert!(error.to_string().contains(reason), "{error}");
        }
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
