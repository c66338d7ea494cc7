//! Identifiers: replicas (one per opened engine), events, clients and users.

use crate::error::{Problem, ValidationError};
use crate::newtype::string_newtype;
use crate::text::clean_line;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

const BASE32: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// One writer of events: an engine opened in one tab on one device. Each open gets a fresh
/// random replica id from the host, so that two tabs or two tablets never mint the same
/// event id even though neither knows the other's counter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReplicaId(String);

impl ReplicaId {
    pub const MAX_LEN: usize = 16;

    /// Encodes 64 random bits (from the host's CSPRNG) as 13 lowercase base32 characters.
    pub fn from_random(bits: u64) -> Self {
        let mut out = String::with_capacity(13);
        for i in (0..13).rev() {
            out.push(BASE32[((bits >> (i * 5)) & 31) as usize] as char);
        }
        Self(out)
    }
}

impl FromStr for ReplicaId {
    type Err = ValidationError;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let malformed = |reason: &str| ValidationError::new("replica", Problem::Malformed { reason: reason.into() });
        if value.is_empty() {
            return Err(ValidationError::new("replica", Problem::Empty));
        }
        if value.len() > Self::MAX_LEN {
            return Err(malformed("longer than 16 characters"));
        }
        if !value.bytes().all(|b| BASE32.contains(&b)) {
            return Err(malformed("only lowercase base32 characters are allowed"));
        }
        Ok(Self(value.to_owned()))
    }
}

string_newtype!(ReplicaId);

/// A globally unique event id: the replica that wrote it and that replica's counter.
/// Written as `replica.counter`, e.g. `k3v9q0m2a8x1c.17`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EventId {
    pub replica: ReplicaId,
    pub counter: u64,
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.replica, self.counter)
    }
}

impl FromStr for EventId {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed =
            || ValidationError::new("eventId", Problem::Malformed { reason: "expected replica.counter".into() });
        let (replica, counter) = s.split_once('.').ok_or_else(malformed)?;
        let replica = replica.parse::<ReplicaId>().map_err(|_| malformed())?;
        let counter = counter.parse::<u64>().map_err(|_| malformed())?;
        Ok(Self { replica, counter })
    }
}

impl TryFrom<String> for EventId {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<EventId> for String {
    fn from(value: EventId) -> Self {
        value.to_string()
    }
}

/// A client's identity. Minted from the id of the event that created the client, so it is
/// unique across replicas without coordination.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientId(String);

impl ClientId {
    pub const MAX_LEN: usize = 64;

    pub fn minted_by(event: &EventId) -> Self {
        Self(format!("c{event}"))
    }
}

impl FromStr for ClientId {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = |reason: &str| ValidationError::new("clientId", Problem::Malformed { reason: reason.into() });
        if s.is_empty() {
            return Err(ValidationError::new("clientId", Problem::Empty));
        }
        if s.len() > Self::MAX_LEN {
            return Err(malformed("longer than 64 characters"));
        }
        if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_') {
            return Err(malformed("only ASCII letters, digits, '.', '-' and '_' are allowed"));
        }
        Ok(Self(s.to_owned()))
    }
}

string_newtype!(ClientId);

/// The user an engine runs for (`Crm.open(name, { user })`); recorded as the author of
/// every event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserId(String);

impl UserId {
    pub const MAX_CHARS: usize = 64;
}

impl FromStr for UserId {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        clean_line("user", s, Self::MAX_CHARS).map(Self)
    }
}

string_newtype!(UserId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replica_ids_are_13_base32_characters_and_round_trip() {
        for bits in [0, 1, u64::MAX, 0x0123_4567_89ab_cdef] {
            let replica = ReplicaId::from_random(bits);
            assert_eq!(replica.as_str().len(), 13);
            assert_eq!(ReplicaId::try_from(replica.to_string()).unwrap(), replica);
        }
        assert_ne!(ReplicaId::from_random(1), ReplicaId::from_random(2));
    }

    #[test]
    fn event_ids_parse_what_they_print() {
        let id = EventId { replica: ReplicaId::from_random(42), counter: 17 };
        assert_eq!(id.to_string().parse::<EventId>().unwrap(), id);
        for bad in ["", "abc", ".5", "abc.", "abc.-1", "ABC.1", "abc.1.2"] {
            assert!(bad.parse::<EventId>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn client_ids_refuse_what_would_break_urls_or_keys() {
        assert!("c0000000000001.1".parse::<ClientId>().is_ok());
        for bad in ["", "has space", "slash/y", &"x".repeat(65)] {
            assert!(bad.parse::<ClientId>().is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn user_ids_are_trimmed_and_non_empty() {
        assert_eq!("  anna ".parse::<UserId>().unwrap().as_str(), "anna");
        assert!("   ".parse::<UserId>().is_err());
    }
}
