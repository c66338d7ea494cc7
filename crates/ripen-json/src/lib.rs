//! JSON for Ripen's stored and exchanged values: one reader and one writer, and per type
//! the small code `#[derive(FromJson, ToJson)]` writes to call them.
//!
//! serde derives a deserializer per type *per format*, each a state machine of visitors;
//! in the engine's wasm module that was a megabyte of its three. Here the parser is not
//! generic, so it is in the module once, and a type's decoder is a run of calls into it.
//! The derive takes serde's attribute names and meanings (`#[json(rename_all = "camelCase",
//! default, skip_serializing_if = "…", tag = "…", flatten, try_from = "…", …)]`), and
//! the writer writes serde_json's bytes: the stored format did not change.

mod error;
mod float;
mod impls;
mod read;
pub mod time;
mod value;
mod write;

pub use error::Error;
pub use read::Reader;
pub use ripen_json_derive::{FromJson, ToJson};
pub use value::{Json, Map, RawJson};
pub use write::Writer;

/// A value read from JSON.
pub trait FromJson: Sized {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error>;

    /// What a field of this type is when its key is absent: nothing (the field is
    /// required), but for `Option`, which is `None`.
    fn absent() -> Option<Self> {
        None
    }

    /// An object's fields, passing over the keys in `skip` (an enclosing type's): how a
    /// struct is read inside an internally tagged enum's variant, and a flattened field.
    /// Derived for structs with named fields and internally tagged enums.
    fn read_json_fields(r: &mut Reader<'_>, skip: &[&str]) -> Result<Self, Error> {
        let _ = skip;
        Self::read_json(r)
    }
}

/// A value written as JSON.
pub trait ToJson {
    fn write_json(&self, w: &mut Writer);

    /// The fields of the object this value writes, without its braces: what
    /// `#[json(flatten)]` and an internally tagged enum's variant write. Derived for
    /// structs with named fields and for maps.
    fn write_json_fields(&self, w: &mut Writer) {
        self.write_json(w);
    }
}

/// A map key: JSON keys are strings, so numbers and identifiers are written as text.
pub trait JsonKey: Sized {
    fn write_key(&self, w: &mut Writer);
    fn read_key(key: std::borrow::Cow<'_, str>, r: &Reader<'_>) -> Result<Self, Error>;
}

/// Reads a whole text as one `T`: anything after the value is an error.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Error> {
    let mut reader = Reader::new(text);
    let value = T::read_json(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// A field that tells "absent" from `null` (`#[json(default, deserialize_with =
/// "ripen_json::present")]` on an `Option<Option<T>>`): a patch's `null` clears a value,
/// a key left out keeps it.
pub fn present<T: FromJson>(r: &mut Reader<'_>) -> Result<Option<Option<T>>, Error> {
    Option::<T>::read_json(r).map(Some)
}

/// `value` as a [`Json`] tree, through its text.
pub fn to_json<T: ToJson + ?Sized>(value: &T) -> Json {
    Json::parse(&to_string(value)).unwrap_or_default()
}

/// `{ "key": value, … }` as a [`Json`] object, each value anything [`ToJson`].
#[macro_export]
macro_rules! json_object {
    ($($key:literal: $value:expr),* $(,)?) => {{
        let mut map = $crate::Map::new();
        $(map.insert(::std::string::String::from($key), $crate::to_json(&$value));)*
        $crate::Json::Object(map)
    }};
}

pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut writer = Writer::new();
    value.write_json(&mut writer);
    writer.into_string()
}

/// For the derive's error messages: "`a`, `b` or `c`".
#[doc(hidden)]
pub fn one_of(names: &[&str]) -> String {
    match names {
        [] => "there are no fields".to_owned(),
        [only] => format!("expected `{only}`"),
        _ => format!("expected one of {}", names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// What the derived code calls; not for use by hand.
#[doc(hidden)]
pub mod __private {
    use crate::{Error, FromJson, Reader};

    pub use crate::impls::tuple_end;

    /// A field read once: a second key of the same name is an error, as in serde.
    pub fn slot<'a, T>(
        slot: &mut Option<T>,
        r: &mut Reader<'a>,
        name: &str,
        read: fn(&mut Reader<'a>) -> Result<T, Error>,
    ) -> Result<(), Error> {
        if slot.is_some() {
            return Err(r.error(format!("duplicate field `{name}`")));
        }
        *slot = Some(read(r)?);
        Ok(())
    }

    pub fn required<T: FromJson>(r: &Reader<'_>, name: &str) -> Result<T, Error> {
        T::absent().ok_or_else(|| r.error(format!("missing field `{name}`")))
    }

    pub fn unknown(r: &Reader<'_>, key: &str, fields: &[&str]) -> Error {
        r.error(format!("unknown field `{key}`, {}", crate::one_of(fields)))
    }

    pub fn unknown_variant(r: &Reader<'_>, name: &str, variants: &[&str]) -> Error {
        let expected = match variants {
            [] => "there are no variants".to_owned(),
            _ => crate::one_of(variants),
        };
        r.error(format!("unknown variant `{name}`, {expected}"))
    }

    pub fn tuple_item_with<'a, T>(
        r: &mut Reader<'a>,
        len: usize,
        read: fn(&mut Reader<'a>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if !r.item()? {
            return Err(r.error(format!("invalid length: fewer items than the {len} expected")));
        }
        read(r)
    }
}
