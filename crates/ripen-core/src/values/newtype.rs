//! The plumbing every string-backed domain value shares, so each type's file holds only
//! what makes it that type: its parsing rules.

/// For a tuple struct `$name(String)` or `$name(Rc<str>)` (identifiers, cloned into every
/// index: a refcount, not an allocation) that implements `FromStr<Err = ValidationError>`:
/// `as_str`, `Display`, and its JSON as a string (stored strings are parsed again when
/// read, so a damaged log cannot smuggle an invalid name or id in; composite
/// values such as a `Meetup` rely on the per-chunk integrity checks of the codec).
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        $crate::values::newtype::json_as_text!($name, as_str);
    };
}

pub(crate) use string_newtype;

/// JSON as text for a value with `FromStr<Err = ValidationError>`, written as `$text()`
/// says it (`as_str` for a string newtype, `to_string` for an event id's
/// `replica.counter`): a string, and a map key. Read back through `FromStr`, so a damaged
/// log cannot smuggle an invalid value in.
macro_rules! json_as_text {
    ($name:ty, $text:ident) => {
        impl ripen_json::ToJson for $name {
            fn write_json(&self, w: &mut ripen_json::Writer) {
                w.str(&self.$text());
            }
        }

        impl ripen_json::FromJson for $name {
            fn read_json(r: &mut ripen_json::Reader<'_>) -> Result<Self, ripen_json::Error> {
                let at = r.position();
                let text = r.str()?;
                text.parse().map_err(|error: $crate::values::error::ValidationError| {
                    r.rewind(at);
                    r.error(error.to_string())
                })
            }
        }

        impl ripen_json::JsonKey for $name {
            fn write_key(&self, w: &mut ripen_json::Writer) {
                w.key_text(&self.$text());
            }
            fn read_key(key: std::borrow::Cow<'_, str>, r: &ripen_json::Reader<'_>) -> Result<Self, ripen_json::Error> {
                key.parse().map_err(|error: $crate::values::error::ValidationError| r.error(error.to_string()))
            }
        }
    };
}

pub(crate) use json_as_text;

/// A closed set of named values, spelt the same in JSON and in the API (snake_case in the
/// domain): the enum, `NAMES`, `ALL`, `as_str`, `Display`, and a `FromStr` whose error
/// names `$field` and lists the accepted names. Exported for the crates beside the core
/// (ripen-io's fields, presets and export columns).
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident in $field:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value's place in `ALL`: one byte where millions are kept.
            pub const fn index(self) -> u8 {
                self as u8
            }

            pub fn from_index(index: u8) -> Option<Self> {
                Self::ALL.get(index as usize).copied()
            }

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl ripen_json::ToJson for $name {
            fn write_json(&self, w: &mut ripen_json::Writer) {
                w.str(self.as_str());
            }
        }

        impl ripen_json::FromJson for $name {
            fn read_json(r: &mut ripen_json::Reader<'_>) -> Result<Self, ripen_json::Error> {
                let at = r.position();
                let text = r.str()?;
                match Self::NAMES.iter().position(|name| *name == &*text) {
                    Some(index) => Ok(Self::ALL[index]),
                    None => {
                        r.rewind(at);
                        Err(r.error(format!("unknown variant `{text}`, {}", ripen_json::one_of(Self::NAMES))))
                    }
                }
            }
        }

        impl ripen_json::JsonKey for $name {
            fn write_key(&self, w: &mut ripen_json::Writer) {
                w.key(self.as_str());
            }
            fn read_key(key: std::borrow::Cow<'_, str>, r: &ripen_json::Reader<'_>) -> Result<Self, ripen_json::Error> {
                match Self::NAMES.iter().position(|name| *name == &*key) {
                    Some(index) => Ok(Self::ALL[index]),
                    None => Err(r.error(format!("unknown variant `{key}`, {}", ripen_json::one_of(Self::NAMES)))),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::values::error::ValidationError;
            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                match raw {
                    $($text => Ok(Self::$variant),)+
                    other => Err($crate::values::error::ValidationError::new(
                        $field,
                        $crate::values::error::Problem::NotOneOf { value: other.to_owned(), expected: Self::NAMES },
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use crate::string_enum;
