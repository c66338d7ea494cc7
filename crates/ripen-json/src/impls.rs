//! The reader and writer for the standard library's types, as serde_json spells them.

use crate::{Error, FromJson, JsonKey, Reader, ToJson, Writer};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::hash::{BuildHasher, Hash};
use std::rc::Rc;
use std::sync::Arc;

impl FromJson for bool {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.bool()
    }
}

impl ToJson for bool {
    fn write_json(&self, w: &mut Writer) {
        w.bool(*self);
    }
}

/// An integer type read through the reader's 64-bit `$read` (`u64` or `i64`) and written
/// as that type (`$wide`).
macro_rules! integers {
    ($read:ident, $write:ident, $wide:ty: $($ty:ty),+) => {$(
        impl FromJson for $ty {
            fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
                let at = r.position();
                let value = r.$read()?;
                <$ty>::try_from(value).map_err(|_| {
                    r.rewind(at);
                    r.error(format!("invalid value: integer `{value}`, expected {}", stringify!($ty)))
                })
            }
        }

        impl ToJson for $ty {
            fn write_json(&self, w: &mut Writer) {
                w.$write(*self as $wide);
            }
        }

        impl JsonKey for $ty {
            fn write_key(&self, w: &mut Writer) {
                w.key(&self.to_string());
            }
            fn read_key(key: Cow<'_, str>, r: &Reader<'_>) -> Result<Self, Error> {
                key.parse().map_err(|_| r.error(format!("invalid map key `{key}`, expected {}", stringify!($ty))))
            }
        }
    )+};
}

integers!(u64, u64, u64: u8, u16, u32, u64, usize);
integers!(i64, i64, i64: i8, i16, i32, i64);

impl FromJson for f64 {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.f64()
    }
}

impl ToJson for f64 {
    fn write_json(&self, w: &mut Writer) {
        w.f64(*self);
    }
}

impl FromJson for f32 {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.f64().map(|value| value as f32)
    }
}

impl ToJson for f32 {
    fn write_json(&self, w: &mut Writer) {
        // serde_json writes an f32 by its own shortest text, not the f64's.
        let text = self.to_string();
        match text.parse::<f64>() {
            Ok(value) if self.is_finite() => w.f64(value),
            _ => w.null(),
        }
    }
}

impl FromJson for String {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.str().map(Cow::into_owned)
    }
}

impl ToJson for String {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl ToJson for str {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl FromJson for Box<str> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.str().map(Into::into)
    }
}

impl FromJson for Rc<str> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.str().map(|text| Rc::from(&*text))
    }
}

impl FromJson for Arc<str> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.str().map(|text| Arc::from(&*text))
    }
}

impl FromJson for Cow<'_, str> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.str().map(|text| Cow::Owned(text.into_owned()))
    }
}

impl ToJson for Cow<'_, str> {
    fn write_json(&self, w: &mut Writer) {
        w.str(self);
    }
}

impl FromJson for char {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        let at = r.position();
        let text = r.str()?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => {
                r.rewind(at);
                Err(r.invalid_type("a character"))
            }
        }
    }
}

impl ToJson for char {
    fn write_json(&self, w: &mut Writer) {
        w.str(self.encode_utf8(&mut [0; 4]));
    }
}

impl FromJson for () {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        if r.null()? {
            Ok(())
        } else {
            Err(r.invalid_type("null"))
        }
    }
}

impl ToJson for () {
    fn write_json(&self, w: &mut Writer) {
        w.null();
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        if r.null()? {
            Ok(None)
        } else {
            T::read_json(r).map(Some)
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, w: &mut Writer) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

macro_rules! pointer {
    ($($ptr:ident),+) => {$(
        impl<T: FromJson> FromJson for $ptr<T> {
            fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
                T::read_json(r).map($ptr::new)
            }
        }

        impl<T: ToJson + ?Sized> ToJson for $ptr<T> {
            fn write_json(&self, w: &mut Writer) {
                (**self).write_json(w);
            }
            fn write_json_fields(&self, w: &mut Writer) {
                (**self).write_json_fields(w);
            }
        }
    )+};
}

pointer!(Box, Rc, Arc);

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, w: &mut Writer) {
        (**self).write_json(w);
    }
    fn write_json_fields(&self, w: &mut Writer) {
        (**self).write_json_fields(w);
    }
}

/// An array's items, each read by `T`.
fn read_items<T: FromJson, C: Default + Extend<T>>(r: &mut Reader<'_>) -> Result<C, Error> {
    let mut items = C::default();
    r.array()?;
    while r.item()? {
        items.extend([T::read_json(r)?]);
    }
    Ok(items)
}

fn write_items<'a, T: ToJson + 'a>(w: &mut Writer, items: impl IntoIterator<Item = &'a T>) {
    w.begin_array();
    for item in items {
        w.item();
        item.write_json(w);
    }
    w.end_array();
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        read_items(r)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, w: &mut Writer) {
        write_items(w, self);
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, w: &mut Writer) {
        write_items(w, self);
    }
}

impl<T: FromJson> FromJson for Box<[T]> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        Vec::read_json(r).map(Vec::into_boxed_slice)
    }
}

impl<T: FromJson> FromJson for VecDeque<T> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        read_items(r)
    }
}

impl<T: ToJson> ToJson for VecDeque<T> {
    fn write_json(&self, w: &mut Writer) {
        write_items(w, self);
    }
}

impl<T: FromJson + Ord> FromJson for BTreeSet<T> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        read_items(r)
    }
}

impl<T: ToJson> ToJson for BTreeSet<T> {
    fn write_json(&self, w: &mut Writer) {
        write_items(w, self);
    }
}

impl<T: FromJson + Eq + Hash, S: BuildHasher + Default> FromJson for HashSet<T, S> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        read_items(r)
    }
}

impl<T: ToJson, S> ToJson for HashSet<T, S> {
    fn write_json(&self, w: &mut Writer) {
        write_items(w, self);
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.array()?;
        let a = tuple_item(r, 2)?;
        let b = tuple_item(r, 2)?;
        tuple_end(r, 2)?;
        Ok((a, b))
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        self.0.write_json(w);
        w.item();
        self.1.write_json(w);
        w.end_array();
    }
}

impl<A: FromJson, B: FromJson, C: FromJson> FromJson for (A, B, C) {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.array()?;
        let a = tuple_item(r, 3)?;
        let b = tuple_item(r, 3)?;
        let c = tuple_item(r, 3)?;
        tuple_end(r, 3)?;
        Ok((a, b, c))
    }
}

impl<A: ToJson, B: ToJson, C: ToJson> ToJson for (A, B, C) {
    fn write_json(&self, w: &mut Writer) {
        w.begin_array();
        self.0.write_json(w);
        w.item();
        self.1.write_json(w);
        w.item();
        self.2.write_json(w);
        w.end_array();
    }
}

/// The next item of a tuple (or tuple struct) of `len` items.
pub(crate) fn tuple_item<T: FromJson>(r: &mut Reader<'_>, len: usize) -> Result<T, Error> {
    if !r.item()? {
        return Err(r.error(format!("invalid length: fewer items than the {len} expected")));
    }
    T::read_json(r)
}

#[doc(hidden)]
pub fn tuple_end(r: &mut Reader<'_>, len: usize) -> Result<(), Error> {
    if r.item()? {
        return Err(r.error(format!("invalid length: more items than the {len} expected")));
    }
    Ok(())
}

impl JsonKey for String {
    fn write_key(&self, w: &mut Writer) {
        w.key_text(self);
    }
    fn read_key(key: Cow<'_, str>, _: &Reader<'_>) -> Result<Self, Error> {
        Ok(key.into_owned())
    }
}

impl JsonKey for Box<str> {
    fn write_key(&self, w: &mut Writer) {
        w.key_text(self);
    }
    fn read_key(key: Cow<'_, str>, _: &Reader<'_>) -> Result<Self, Error> {
        Ok(key.into())
    }
}

impl JsonKey for Rc<str> {
    fn write_key(&self, w: &mut Writer) {
        w.key_text(self);
    }
    fn read_key(key: Cow<'_, str>, _: &Reader<'_>) -> Result<Self, Error> {
        Ok(Rc::from(&*key))
    }
}

/// A map's entries, read key by key.
fn read_entries<K: JsonKey, V: FromJson, M: Default + Extend<(K, V)>>(r: &mut Reader<'_>) -> Result<M, Error> {
    let mut map = M::default();
    r.object()?;
    while let Some(key) = r.key()? {
        let key = K::read_key(key, r)?;
        map.extend([(key, V::read_json(r)?)]);
    }
    Ok(map)
}

fn write_entries<'a, K: JsonKey + 'a, V: ToJson + 'a>(
    w: &mut Writer,
    entries: impl IntoIterator<Item = (&'a K, &'a V)>,
) {
    for (key, value) in entries {
        key.write_key(w);
        value.write_json(w);
    }
}

impl<K: JsonKey + Ord, V: FromJson> FromJson for BTreeMap<K, V> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        read_entries(r)
    }
}

impl<K: JsonKey, V: ToJson> ToJson for BTreeMap<K, V> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        write_entries(w, self);
        w.end_object();
    }
    fn write_json_fields(&self, w: &mut Writer) {
        write_entries(w, self);
    }
}

impl<K: JsonKey + Eq + Hash, V: FromJson, S: BuildHasher + Default> FromJson for HashMap<K, V, S> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        read_entries(r)
    }
}

impl<K: JsonKey, V: ToJson, S> ToJson for HashMap<K, V, S> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        write_entries(w, self);
        w.end_object();
    }
    fn write_json_fields(&self, w: &mut Writer) {
        write_entries(w, self);
    }
}

impl<T: FromJson, const N: usize> FromJson for [T; N] {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        let at = r.position();
        let items = Vec::<T>::read_json(r)?;
        let found = items.len();
        items.try_into().map_err(|_| {
            r.rewind(at);
            r.error(format!("invalid length {found}, expected an array of {N}"))
        })
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn write_json(&self, w: &mut Writer) {
        write_items(w, self);
    }
}

/// As serde writes a `Result`: `{"Ok":…}` or `{"Err":…}`.
impl<T: FromJson, E: FromJson> FromJson for Result<T, E> {
    fn read_json(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.object()?;
        let value = match r.key()?.as_deref() {
            Some("Ok") => Ok(T::read_json(r)?),
            Some("Err") => Err(E::read_json(r)?),
            Some(other) => return Err(r.error(format!("unknown variant `{other}`, expected `Ok` or `Err`"))),
            None => return Err(r.error("expected `Ok` or `Err`, found an empty object")),
        };
        if r.key()?.is_some() {
            return Err(r.error("expected the object to end after `Ok` or `Err`"));
        }
        Ok(value)
    }
}

impl<T: ToJson, E: ToJson> ToJson for Result<T, E> {
    fn write_json(&self, w: &mut Writer) {
        w.begin_object();
        match self {
            Ok(value) => {
                w.key("Ok");
                value.write_json(w);
            }
            Err(error) => {
                w.key("Err");
                error.write_json(w);
            }
        }
        w.end_object();
    }
}
