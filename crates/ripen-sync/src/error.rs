//! What can go wrong turning records into documents and documents into records.

use ripen_core::codec::CodecError;

/// A local record that cannot become a hub document (it is damaged, or the hub user
/// cannot be an author): it is not pushed.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error("{name:?} cannot be a hub user name: {reason}")]
    BadUser { name: String, reason: String },
    #[error("{id:?} is not a document id of the form <author>:<replica>.<counter>:<part>")]
    BadId { id: String },
    #[error("the record cannot be pushed: {0}")]
    Record(#[from] CodecError),
    #[error("the record's commit id {commit:?} is malformed")]
    BadCommit { commit: String },
}

/// Why a pulled document was not taken into the log. Stable codes (`code()`) say it to
/// the page; none of these is ever applied.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Id(#[from] MappingError),
    #[error("document {id}: its revision {rev:?} is not 1-<32 hex digits>")]
    BadRev { id: String, rev: String },
    #[error("document {id}: its author {author:?} is not the one its id names")]
    Author { id: String, author: String },
    #[error("document {id}: log format {format} is not one this build reads")]
    Format { id: String, format: u64 },
    #[error("document {id}: its record is damaged: {source}")]
    Damaged {
        id: String,
        #[source]
        source: CodecError,
    },
    #[error("document {id}: its record belongs to {found}, not to the id's commit and part")]
    Mismatch { id: String, found: String },
    #[error("document {id}: its revision does not match its record's sum")]
    RevMismatch { id: String },
    #[error("document {id} has {revs} revisions: documents are never changed, so one was forged; none is applied")]
    Tampering { id: String, revs: usize },
    #[error("document {id} was deleted: documents are never deleted, so this is tampering")]
    Deleted { id: String },
    #[error("document {id} is not a Ripen document: {reason}")]
    Shape { id: String, reason: String },
}

impl VerifyError {
    /// A stable code for the report.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Id(_) => "id",
            Self::BadRev { .. } => "rev",
            Self::Author { .. } => "author",
            Self::Format { .. } => "format",
            Self::Damaged { .. } => "damaged",
            Self::Mismatch { .. } => "mismatch",
            Self::Shape { .. } => "shape",
            Self::RevMismatch { .. } => "rev_mismatch",
            Self::Tampering { .. } | Self::Deleted { .. } => "tampering",
        }
    }
}
