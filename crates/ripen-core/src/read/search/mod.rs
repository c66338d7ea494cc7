//! Finding any client by any name it ever had, in either script, with typos (DOMAIN.md
//! §1): folding, the transliteration skeleton, the index, ranking and duplicates.

pub mod duplicates;
pub mod fold;
pub mod fuzzy;
pub mod index;
pub mod query;
pub mod translit;

pub use duplicates::{duplicate_pairs, find_duplicates, Duplicate, Pair, Reason};
pub use index::{SearchIndex, Source};
pub use query::{search, How, Matched, SearchFilter, SearchHit};
