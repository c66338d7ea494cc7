//! Maps keyed by a pair of owned ids, looked up by a pair of borrowed ones: a lookup per
//! client on a list of 100k clients must not clone two strings to build its key.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};

/// A pair whose halves can be borrowed, owned or not.
pub(crate) trait PairKey<A, B> {
    fn first(&self) -> &A;
    fn second(&self) -> &B;
}

impl<A, B> PairKey<A, B> for (A, B) {
    fn first(&self) -> &A {
        &self.0
    }

    fn second(&self) -> &B {
        &self.1
    }
}

impl<A, B> PairKey<A, B> for (&A, &B) {
    fn first(&self) -> &A {
        self.0
    }

    fn second(&self) -> &B {
        self.1
    }
}

/// Hashed as a tuple `(A, B)` is, halves in order, so both forms find the same entry.
impl<A: Hash, B: Hash> Hash for dyn PairKey<A, B> + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.first().hash(state);
        self.second().hash(state);
    }
}

impl<A: PartialEq, B: PartialEq> PartialEq for dyn PairKey<A, B> + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.first() == other.first() && self.second() == other.second()
    }
}

impl<A: Eq, B: Eq> Eq for dyn PairKey<A, B> + '_ {}

impl<'a, A: 'a, B: 'a> Borrow<dyn PairKey<A, B> + 'a> for (A, B) {
    fn borrow(&self) -> &(dyn PairKey<A, B> + 'a) {
        self
    }
}

/// The key to look `(first, second)` up by, without cloning either.
pub(crate) fn pair<'k, A, B>(key: &'k (&'k A, &'k B)) -> &'k (dyn PairKey<A, B> + 'k) {
    key
}

#[cfg(test)]
mod tests {
    use super::pair;
    use std::collections::HashMap;

    #[test]
    fn a_borrowed_pair_finds_what_the_owned_pair_was_stored_under() {
        let mut map = HashMap::new();
        map.insert(("anna".to_owned(), "sales".to_owned()), 1);
        map.insert(("anna".to_owned(), "support".to_owned()), 2);
        map.insert(("annas".to_owned(), "ales".to_owned()), 3);
        let (anna, sales, support, other) =
            ("anna".to_owned(), "sales".to_owned(), "support".to_owned(), "x".to_owned());
        assert_eq!(map.get(pair(&(&anna, &sales))), Some(&1));
        assert_eq!(map.get(pair(&(&anna, &support))), Some(&2));
        assert_eq!(map.get(pair(&(&anna, &other))), None);
        let mut fx: rustc_hash::FxHashMap<(String, String), i32> = map.into_iter().collect();
        assert_eq!(fx.get(pair(&(&"annas".to_owned(), &"ales".to_owned()))), Some(&3));
        assert_eq!(fx.remove(pair(&(&anna, &sales))), Some(1));
    }
}
