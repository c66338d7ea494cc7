//! Values kept once and referred to by a 4-byte number, where millions of rows would
//! otherwise each hold their own copy.

use crate::state::bytes::{CheckpointError, Reader};
use crate::values::ids::ClientId;
use rustc_hash::FxHashMap as HashMap;
use std::hash::Hash;

/// Values stored once and referred to by number.
#[derive(Debug, Clone)]
pub(crate) struct Interner<T> {
    values: Vec<T>,
    numbers: HashMap<T, u32>,
}

impl<T: PartialEq> PartialEq for Interner<T> {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
    }
}

impl<T: Eq> Eq for Interner<T> {}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Self { values: Vec::new(), numbers: HashMap::default() }
    }
}

impl<T: Hash + Eq + Clone> Interner<T> {
    pub(crate) fn number(&mut self, value: &T) -> u32 {
        if let Some(&number) = self.numbers.get(value) {
            return number;
        }
        let number = self.values.len() as u32;
        self.values.push(value.clone());
        self.numbers.insert(value.clone(), number);
        number
    }

    pub(crate) fn find<Q: Hash + Eq + ?Sized>(&self, value: &Q) -> Option<u32>
    where
        T: std::borrow::Borrow<Q>,
    {
        self.numbers.get(value).copied()
    }

    /// Every value, by number.
    pub(crate) fn values(&self) -> &[T] {
        &self.values
    }

    /// Appends `values` (read back a piece at a time), numbered after those before.
    pub(crate) fn extend(&mut self, values: Vec<T>) {
        for value in values {
            self.numbers.insert(value.clone(), self.values.len() as u32);
            self.values.push(value);
        }
    }

    pub(crate) fn from_values(values: Vec<T>) -> Self {
        let numbers = values.iter().enumerate().map(|(i, v)| (v.clone(), i as u32)).collect();
        Self { values, numbers }
    }

    pub(crate) fn get(&self, number: u32) -> &T {
        &self.values[number as usize]
    }
}

/// Client ids read back from a checkpoint (the touch book's and the move log's).
impl Interner<ClientId> {
    /// Appends a block of ids, each as `shared` gives it: the copy the state holds
    /// already, so that it is held once.
    pub(crate) fn read_shared(
        &mut self,
        r: &mut Reader<'_>,
        shared: &dyn Fn(ClientId) -> ClientId,
    ) -> Result<(), CheckpointError> {
        self.extend(r.parsed::<ClientId>()?.into_iter().map(shared).collect());
        Ok(())
    }
}
