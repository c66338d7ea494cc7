//! The plumbing every string-backed domain value shares, so each type's file holds only
//! what makes it that type: its parsing rules.

/// For a tuple struct `$name(String)` that implements `FromStr<Err = ValidationError>`:
/// `as_str`, `Display`, and the `String` conversions serde uses (stored values are parsed
/// again when read, so a damaged log cannot smuggle an invalid value in).
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::error::ValidationError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use string_newtype;
