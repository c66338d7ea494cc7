//! Any JSON value, for the few places that read or write JSON of no fixed shape (a sync
//! hub's answers, history details). Objects keep their keys sorted, as serde_json's
//! `Value` does, so what is written from one is the same bytes as before.

use crate::{Error, FromJson, Reader, ToJson, Writer};
use std::collections::BTreeMap;

pub type Map = BTreeMap<String, Json>;

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Json {
    #[default]
    Null,
    Bool(bool),
    /// Kept as its own kind so that integers beyond 2^53 survive.
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    String(String),
    Array(Vec<Json>),
    Object(Map),
}

/// How deep arrays and objects may nest, as serde_json's limit: deeper text is refused
/// rather than read by recursion that could exhaust the stack.
const MAX_DEPTH: usize = 128;

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Self::Object(map) => map.get(key),
            _ => None,
        }
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Self::Object(map) => map.get_mut(key),
            _ => None,
        }
    }

    /// Sets `key` of an object (nothing for any other value).
    pub fn insert(&mut self, key: &str, value: impl Into<Json>) {
        if let Self::Object(map) = self {
            map.insert(key.to_owned(), value.into());
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(value) => Some(*value),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Self::Unsigned(value) => Some(value),
            Self::Signed(value) => u64::try_from(value).ok(),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Self::Unsigned(value) => i64::try_from(value).ok(),
            Self::Signed(value) => Some(value),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Self::Unsigned(value) => Some(value as f64),
            Self::Signed(value) => Some(value as f64),
            Self::Float(value) => Some(value),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Json>> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Self::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Self::String(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Self::Unsigned(_) | Self::Signed(_) | Self::Float(_))
    }

    /// Reads text as a value of any shape.
    pub fn parse(text: &str) -> Result<Self, Error> {
        crate::from_str(text)
    }

    fn read_at_depth(r: &mut Reader<'_>, depth: usize) -> Result<Self, Error> {
        if depth > MAX_DEPTH {
            return Err(r.error("nested too deep"));
        }
        Ok(match r.peek() {
            Some(b'n') => {
                r.null()?;
                Self::Null
            }
            Some(b't' | b'f') => Self::Bool(r.bool()?),
            Some(b'"') => Self::String(r.str()?.into_owned()),
            Some(b'[') => {
                let mut items = Vec::new();
                r.array()?;
                while r.item()? {
                    items.push(Self::read_at_depth(r, depth + 1)?);
                }
                Self::Array(items)
            }
            Some(b'{') => {
                let mut map = Map::new();
                r.object()?;
                while let Some(key) = r.key()? {
                    let key = key.into_owned();
                    let value = Self::read_at_depth(r, depth + 1)?;
                    map.insert(key, value);
                }
                Self::Object(map)
            }
            _ => {
                let text = r.number()?;
                if text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
                    Self::Float(text.parse().map_err(|_| r.error("an invalid number"))?)
                } else if let Ok(value) = text.parse::<u64>() {
                    Self::Unsigned(value)
                } else if let Ok(value) = text.parse::<i64>() {
                    Self::Signed(value)
                } else {
                    Self::Float(text.parse().map_err(|_| r.error("an invalid number"))?)
                }
            }
        })
    }
}

/// `value["key"]`: the key's value, or `null` when there is none (as serde_json's).
impl std::ops::Index<&str> for Json {
    type Output = Json;
    fn index(&self, key: &str) -> &Json {
        static NULL: Json = Json::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl FromJson for Json {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        Self::read_at_depth(r, 0)
    }
}

impl ToJson for Json {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Self::Null => w.null(),
            Self::Bool(value) => w.bool(*value),
            Self::Unsigned(value) => w.u64(*value),
            Self::Signed(value) => w.i64(*value),
            Self::Float(value) => w.f64(*value),
            Self::String(text) => w.str(text),
            Self::Array(items) => items.write_json(w),
            Self::Object(map) => map.write_json(w),
        }
    }

    fn write_json_fields(&self, w: &mut Writer) {
        match self {
            Self::Object(map) => map.write_json_fields(w),
            other => other.write_json(w),
        }
    }
}

impl From<&str> for Json {
    fn from(text: &str) -> Self {
        Self::String(text.to_owned())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Self {
        Self::String(text)
    }
}

impl From<bool> for Json {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<u64> for Json {
    fn from(value: u64) -> Self {
        Self::Unsigned(value)
    }
}

impl From<i64> for Json {
    fn from(value: i64) -> Self {
        if value >= 0 {
            Self::Unsigned(value as u64)
        } else {
            Self::Signed(value)
        }
    }
}

impl From<Map> for Json {
    fn from(map: Map) -> Self {
        Self::Object(map)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Self {
        Self::Array(items)
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::to_string(self))
    }
}

/// One JSON value kept as its text, read later (or never): a document in a hub's page,
/// each checked on its own so that one bad document does not refuse the page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawJson(pub String);

impl FromJson for RawJson {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.raw().map(|text| Self(text.to_owned()))
    }
}

impl ToJson for RawJson {
    fn write_json(&self, w: &mut Writer) {
        w.raw(&self.0);
    }
}
