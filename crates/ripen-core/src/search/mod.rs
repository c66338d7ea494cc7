//! Finding any client by any name it ever had, in either script, with typos (DOMAIN.md
//! §1): folding, the transliteration skeleton, the index, ranking and duplicates.

pub mod fold;
pub mod fuzzy;
pub mod index;
pub mod query;
pub mod translit;

pub use index::{SearchIndex, Source};
pub use query::{search, How, Matched, SearchFilter, SearchHit};
