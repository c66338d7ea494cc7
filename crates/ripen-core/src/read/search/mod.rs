//! Finding any client by any name it ever had, in either script, with typos (DOMAIN.md
//! §1): folding, the transliteration skeleton, the index, ranking and duplicates.

mod best;
#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
pub mod duplicates;
pub mod fold;
pub mod fuzzy;
mod how;
pub mod index;
mod intersect;
mod pair_keys;
pub mod pairs;
pub mod query;
mod separators;
mod step_sort;
pub mod translit;

pub use duplicates::{find_duplicates, Duplicate, Reason};
pub use index::{SearchIndex, Source};
pub use pairs::{duplicate_pairs, Pair};
pub use query::{search, How, Matched, SearchFilter, SearchHit};
