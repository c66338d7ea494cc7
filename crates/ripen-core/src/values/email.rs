//! E-mail addresses, checked the way a person would: one `@`, a plausible local part, a
//! domain with a dot. Not RFC 5322's every corner: quoted local parts are refused.

use crate::values::error::{Problem, ValidationError};
use crate::values::newtype::string_newtype;
use std::str::FromStr;

/// An e-mail address; the domain is lower-cased (it is case-insensitive), the local part
/// kept as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

impl FromStr for Email {
    type Err = ValidationError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let problem = |reason: &str| ValidationError::new("email", Problem::Malformed { reason: reason.into() });
        let text = raw.trim();
        if text.is_empty() {
            return Err(ValidationError::new("email", Problem::Empty));
        }
        let chars = text.chars().count();
        if chars > 254 {
            return Err(ValidationError::new("email", Problem::TooLong { max: 254, actual: chars }));
        }
        let (local, domain) = text.split_once('@').ok_or_else(|| problem("an address needs an '@'"))?;
        if domain.contains('@') {
            return Err(problem("an address has one '@'"));
        }
        if local.is_empty() || local.chars().count() > 64 {
            return Err(problem("the part before '@' must be 1 to 64 characters"));
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(problem("dots in the part before '@' cannot lead, trail or repeat"));
        }
        if let Some(bad) = local.chars().find(|c| c.is_whitespace() || c.is_control() || "()<>[]:;,\\\"".contains(*c)) {
            return Err(problem(&format!("{bad:?} is not allowed before '@'")));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return Err(problem("the domain needs a dot, as in example.com"));
        }
        for label in &labels {
            let valid = !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-');
            if !valid {
                return Err(problem(&format!("{domain:?} is not a valid domain")));
            }
        }
        if labels.last().is_some_and(|tld| tld.chars().count() < 2 || tld.chars().all(|c| c.is_ascii_digit())) {
            return Err(problem(&format!("{domain:?} is not a valid domain")));
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }
}

string_newtype!(Email);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_people_type_are_accepted_or_refused_with_a_reason() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("anna@example.com", Ok("anna@example.com")),
            ("  Anna.Petrova+crm@Example.COM ", Ok("Anna.Petrova+crm@example.com")),
            ("info@сибмоторс.рф", Ok("info@сибмоторс.рф")),
            ("sales@sub.domain.co.uk", Ok("sales@sub.domain.co.uk")),
            ("", Err("must not be empty")),
            ("anna.example.com", Err("needs an '@'")),
            ("anna@@example.com", Err("one '@'")),
            ("@example.com", Err("1 to 64")),
            ("anna@localhost", Err("needs a dot")),
            ("anna@example..com", Err("not a valid domain")),
            ("anna@-example.com", Err("not a valid domain")),
            ("anna@example.c", Err("not a valid domain")),
            ("anna@1.2.3.4", Err("not a valid domain")),
            ("an na@example.com", Err("not allowed")),
            (".anna@example.com", Err("cannot lead")),
            ("an..na@example.com", Err("cannot lead")),
        ];
        for (raw, expected) in cases {
            match (raw.parse::<Email>(), expected) {
                (Ok(email), Ok(text)) => assert_eq!(email.as_str(), *text, "{raw}"),
                (Err(error), Err(fragment)) => assert!(error.to_string().contains(fragment), "{raw}: {error}"),
                (got, expected) => panic!("{raw}: got {got:?}, expected {expected:?}"),
            }
        }
    }
}
