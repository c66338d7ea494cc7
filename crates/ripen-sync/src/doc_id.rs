//! A hub document's id, `<author>:<replica>.<counter>:<part>`: the hub user who pushed
//! it, the commit's id and the part number — one id per log record, whoever computes it.

use crate::error::MappingError;
use ripen_core::EventId;
use std::fmt;
use std::str::FromStr;

/// A hub (CouchDB) user name: who a pushed document says wrote it. The hub's validator
/// checks it against the logged-in user, so it is never chosen, only learned from
/// `_session`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HubUser(String);

impl HubUser {
    /// CouchDB's own limit on names is loose; ids must stay short enough to index.
    pub const MAX_LEN: usize = 256;

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for HubUser {
    type Err = MappingError;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &str| MappingError::BadUser { name: name.chars().take(64).collect(), reason: reason.into() };
        if name.is_empty() {
            return Err(bad("it is empty"));
        }
        if name.chars().count() > Self::MAX_LEN {
            return Err(bad("it is too long"));
        }
        // CouchDB reserves names starting with `_`; control characters have no place in an id.
        if name.starts_with('_') || name.chars().any(char::is_control) {
            return Err(bad("CouchDB user names neither start with _ nor hold control characters"));
        }
        Ok(Self(name.to_owned()))
    }
}

impl fmt::Display for HubUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of the document that holds one log record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId {
    pub author: HubUser,
    /// The record's commit: its first event's id.
    pub commit: EventId,
    pub part: u32,
}

/// The validator's bound on part numbers (six digits).
const MAX_PART: u32 = 999_999;

impl DocId {
    /// The key a record has whoever pushed it: `<commit>:<part>`.
    pub fn record_key(&self) -> String {
        record_key(&self.commit.to_string(), self.part)
    }
}

/// What names one record of one commit, authors aside.
pub fn record_key(commit: &str, part: u32) -> String {
    format!("{commit}:{part}")
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.author, self.commit, self.part)
    }
}

/// Digits with no leading zero (but "0" itself), so a number has one spelling.
fn canonical_number<T: FromStr>(text: &str) -> Option<T> {
    let canonical =
        !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && (text == "0" || !text.starts_with('0'));
    canonical.then(|| text.parse().ok()).flatten()
}

impl FromStr for DocId {
    type Err = MappingError;
    fn from_str(id: &str) -> Result<Self, Self::Err> {
        let bad = || MappingError::BadId { id: id.chars().take(128).collect() };
        // The author may itself hold a colon: the last two fields are the commit and part.
        let mut fields = id.rsplitn(3, ':');
        let (Some(part), Some(commit), Some(author)) = (fields.next(), fields.next(), fields.next()) else {
            return Err(bad());
        };
        let part = canonical_number::<u32>(part).filter(|p| *p <= MAX_PART).ok_or_else(bad)?;
        let (_, counter) = commit.split_once('.').ok_or_else(bad)?;
        canonical_number::<u64>(counter).ok_or_else(bad)?;
        let commit: EventId = commit.parse().map_err(|_| bad())?;
        Ok(Self { author: author.parse()?, commit, part })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_as_written_and_only_in_their_one_spelling() {
        let id: DocId = "anna:k3v9q0m2a8x1c.17:2".parse().unwrap();
        assert_eq!((id.author.as_str(), id.commit.counter, id.part), ("anna", 17, 2));
        assert_eq!(id.to_string(), "anna:k3v9q0m2a8x1c.17:2");
        assert_eq!(id.record_key(), "k3v9q0m2a8x1c.17:2");
        let colon: DocId = "team:anna:k3.1:0".parse().unwrap();
        assert_eq!(colon.author.as_str(), "team:anna");
        for bad in [
            "k3v9q0m2a8x1c.17:0",
            "anna:k3v9q0m2a8x1c.017:0",
            "anna:k3v9q0m2a8x1c.17:01",
            "anna:K3V9.17:0",
            "anna:k3u9.17:0",
            "anna:k3v9:0",
            "anna:k3v9.17:1000000",
            ":k3v9.17:0",
            "_admin:k3v9.17:0",
            "anna:k3v9q0m2a8x1c0123.1:0",
        ] {
            assert!(bad.parse::<DocId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn hub_users_refuse_what_couchdb_or_an_id_cannot_hold() {
        assert!("anna".parse::<HubUser>().is_ok());
        for bad in ["", "_admin", "an\nna", &"a".repeat(257)] {
            assert!(bad.parse::<HubUser>().is_err(), "{bad:?}");
        }
    }
}
