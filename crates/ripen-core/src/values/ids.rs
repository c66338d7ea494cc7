//! Identifiers: replicas (one per opened engine), events, clients and users.

use crate::values::clean::{clean_line, clean_typed_line};
use crate::values::error::{Problem, ValidationError};
use crate::values::newtype::string_newtype;
use std::fmt;
use std::rc::Rc;
use std::str::FromStr;

const BASE32: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// One writer of events: an engine opened in one tab on one device. Each open gets a fresh
/// random replica id from the host, so that two tabs or two tablets never mint the same
/// event id even though neither knows the other's counter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReplicaId(Rc<str>);

impl ReplicaId {
    pub const MAX_LEN: usize = 16;

    /// Encodes 64 random bits (from the host's CSPRNG) as 13 lowercase base32 characters.
    pub fn from_random(bits: u64) -> Self {
        let mut out = String::with_capacity(13);
        for i in (0..13).rev() {
            out.push(BASE32[((bits >> (i * 5)) & 31) as usize] as char);
        }
        Self(out.into())
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
        Ok(Self(value.into()))
    }
}

string_newtype!(ReplicaId);

/// Looked up by its text where millions of ids would otherwise be parsed into new ones.
impl std::borrow::Borrow<str> for ReplicaId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// A globally unique event id: the replica that wrote it and that replica's counter.
/// Written as `replica.counter`, e.g. `k3v9q0m2a8x1c.17`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventId {
    pub replica: ReplicaId,
    pub counter: u64,
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.replica, self.counter)
    }
}

crate::values::newtype::json_as_text!(EventId, to_string);

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

/// Declares an identity minted from the id of the event that created the thing, so it is
/// unique across replicas without coordination: `prefix` + event id, e.g. `ck3v9q….17`.
/// Parsing accepts ASCII letters, digits, `.`, `-` and `_` (ids from imports too).
macro_rules! minted_id {
    ($(#[$meta:meta])* $name:ident, $field:literal, $prefix:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Rc<str>);

        impl $name {
            pub const MAX_LEN: usize = 64;

            pub fn minted_by(event: &EventId) -> Self {
                Self(format!(concat!($prefix, "{}"), event).into())
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                ascii_id($field, s, Self::MAX_LEN).map(|id| Self(id.into()))
            }
        }

        string_newtype!($name);
    };
}

/// Declares a short, human-chosen identifier (`sales`, `offer_sent`, `novosibirsk`):
/// lowercase ASCII letters, digits, `_` and `-`, 1 to 40 characters.
macro_rules! slug_id {
    ($(#[$meta:meta])* $name:ident, $field:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Rc<str>);

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let id = ascii_id($field, s, 40)?;
                if !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-') {
                    return Err(ValidationError::new(
                        $field,
                        Problem::Malformed { reason: "use lowercase Latin letters, digits, '_' and '-'".into() },
                    ));
                }
                Ok(Self(id.into()))
            }
        }

        string_newtype!($name);
    };
}

fn ascii_id(field: &str, s: &str, max: usize) -> Result<String, ValidationError> {
    let malformed = |reason: String| ValidationError::new(field, Problem::Malformed { reason });
    if s.is_empty() {
        return Err(ValidationError::new(field, Problem::Empty));
    }
    if s.len() > max {
        return Err(malformed(format!("longer than {max} characters")));
    }
    if !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_') {
        return Err(malformed("only ASCII letters, digits, '.', '-' and '_' are allowed".into()));
    }
    Ok(s.to_owned())
}

minted_id!(
    /// A client's identity.
    ClientId, "clientId", "c"
);
minted_id!(
    /// A touch's identity.
    TouchId, "touchId", "t"
);
minted_id!(
    /// A relationship's identity.
    RelationshipId, "relationshipId", "r"
);
minted_id!(
    /// A trade show's (or forum's) identity: `s` and the id of the event that created it.
    ShowId, "show", "s"
);
slug_id!(
    /// A pipeline: `sales`, `maturation`, or one of the team's own.
    PipelineId, "pipeline"
);
slug_id!(
    /// A stage within a pipeline: `offer_sent`.
    StageId, "stage"
);
slug_id!(
    /// A team: `novosibirsk`, `key_accounts`.
    TeamId, "team"
);
slug_id!(
    /// A contact-aggression rule: `sales_calls_per_company`.
    RuleId, "rule"
);
slug_id!(
    /// A message template: `offer_sent-email-ru`.
    TemplateId, "templateId"
);
slug_id!(
    /// A show's qualification question: `interest`, `budget`.
    QuestionId, "question"
);

/// The user an engine runs for (`Crm.open(name, { user })`); recorded as the author of
/// every event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserId(Rc<str>);

impl UserId {
    pub const MAX_CHARS: usize = 64;

    /// A user id named now (opening a CRM, registering a user): as `FromStr`, and also
    /// free of invisible format characters, so "anna\u{202E}" cannot pass for "anna".
    /// `FromStr` keeps to the older rule for ids read from storage and referred to.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        clean_typed_line("user", raw, Self::MAX_CHARS).map(|id| Self(id.into()))
    }
}

impl FromStr for UserId {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        clean_line("user", s, Self::MAX_CHARS).map(|id| Self(id.into()))
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
            assert_eq!(replica.to_string().parse::<ReplicaId>().unwrap(), replica);
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

    #[test]
    fn a_user_id_named_now_cannot_pass_for_another() {
        assert_eq!(UserId::parse(" anna ").unwrap().as_str(), "anna");
        let error = UserId::parse("anna\u{202E}").unwrap_err();
        assert_eq!((error.field.as_str(), error.problem.code()), ("user", "control_character"));
        assert!("anna\u{202E}".parse::<UserId>().is_ok(), "an id stored before the rule still reads");
    }
}
