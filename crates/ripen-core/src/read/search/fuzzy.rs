//! Typo tolerance: whether a query is within a few edits of the start of a word, so that
//! "sibrskie" finds "sibirskie" while it is still being typed.

/// Whether some prefix of `word` is within `allowed` edits (insertions, deletions,
/// substitutions) of `query`. Banded: only cells within `allowed` of the diagonal are
/// computed, and the scan stops as soon as no cell in a row is within reach.
pub fn within_prefix_distance(query: &str, word: &str, allowed: usize) -> bool {
    if query.is_ascii() && word.is_ascii() {
        banded(query.as_bytes(), word.as_bytes(), allowed)
    } else {
        let query: Vec<char> = query.chars().collect();
        let word: Vec<char> = word.chars().collect();
        banded(&query, &word, allowed)
    }
}

fn banded<T: PartialEq>(query: &[T], word: &[T], allowed: usize) -> bool {
    let (m, n) = (query.len(), word.len());
    if n + allowed < m {
        return false;
    }
    let far = allowed + 1;
    // row[j]: edits between query[..i] and word[..j]; cells outside the band count as far.
    let mut row: Vec<usize> = (0..=n).map(|j| j.min(far)).collect();
    let mut next = vec![far; n + 1];
    for i in 1..=m {
        let low = i.saturating_sub(allowed);
        let high = (i + allowed).min(n);
        next.iter_mut().for_each(|cell| *cell = far);
        if low == 0 {
            next[0] = i.min(far);
        }
        let mut best = next[0];
        for j in low.max(1)..=high {
            let substitute = row[j - 1] + usize::from(query[i - 1] != word[j - 1]);
            let cell = substitute.min(row[j] + 1).min(next[j - 1] + 1).min(far);
            next[j] = cell;
            best = best.min(cell);
        }
        if best > allowed {
            return false;
        }
        std::mem::swap(&mut row, &mut next);
    }
    // The query is used up: any prefix of the word may end here.
    row.iter().any(|&cell| cell <= allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_counted_against_the_start_of_the_word() {
        // (query, word, allowed edits, within)
        let cases = [
            ("sibirskie", "sibirskie", 0, true),
            ("sibrskie", "sibirskie", 1, true),
            ("sibirksie", "sibirskie", 1, false),
            ("sibirksie", "sibirskie", 2, true),
            ("motro", "motori", 1, true),
            ("mtor", "motori", 1, true),
            ("motorx", "motori", 1, true),
            ("xyzab", "motori", 2, false),
            ("sibir", "sib", 1, false),
            ("сибирс", "сибирские", 0, true),
            ("сибрс", "сибирские", 1, true),
            ("", "anything", 0, true),
        ];
        for (query, word, allowed, within) in cases {
            assert_eq!(within_prefix_distance(query, word, allowed), within, "{query} ~ {word} ({allowed})");
        }
    }
}
