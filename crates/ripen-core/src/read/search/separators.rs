//! Which characters separate the words of a name, and how, by Unicode's general
//! categories: quotes and brackets, dashes, invisible format characters, spaces.
//!
//! The tables are Unicode 16.0's (as regex-syntax 0.8 has them; `[\p{Pi}\p{Pf}\p{Ps}\p{Pe}]`,
//! `\p{Pd}`, `\p{Cf}`, `\p{Zs}`), copied here rather than depended on: a few hundred
//! bytes, read only when a name holds something beyond Latin and Russian letters.

/// Quotes and brackets: initial and final quotes (Pi, Pf: « » ‹ › “ ” ‘ ’) and opening and
/// closing punctuation (Ps, Pe: „ ‚ 「 」 ( ) [ ]), which also hold the low quotes.
const QUOTES: &[(char, char)] = &[
    ('\u{0028}', '\u{0029}'),
    ('\u{005b}', '\u{005b}'),
    ('\u{005d}', '\u{005d}'),
    ('\u{007b}', '\u{007b}'),
    ('\u{007d}', '\u{007d}'),
    ('\u{00ab}', '\u{00ab}'),
    ('\u{00bb}', '\u{00bb}'),
    ('\u{0f3a}', '\u{0f3d}'),
    ('\u{169b}', '\u{169c}'),
    ('\u{2018}', '\u{201f}'),
    ('\u{2039}', '\u{203a}'),
    ('\u{2045}', '\u{2046}'),
    ('\u{207d}', '\u{207e}'),
    ('\u{208d}', '\u{208e}'),
    ('\u{2308}', '\u{230b}'),
    ('\u{2329}', '\u{232a}'),
    ('\u{2768}', '\u{2775}'),
    ('\u{27c5}', '\u{27c6}'),
    ('\u{27e6}', '\u{27ef}'),
    ('\u{2983}', '\u{2998}'),
    ('\u{29d8}', '\u{29db}'),
    ('\u{29fc}', '\u{29fd}'),
    ('\u{2e02}', '\u{2e05}'),
    ('\u{2e09}', '\u{2e0a}'),
    ('\u{2e0c}', '\u{2e0d}'),
    ('\u{2e1c}', '\u{2e1d}'),
    ('\u{2e20}', '\u{2e29}'),
    ('\u{2e42}', '\u{2e42}'),
    ('\u{2e55}', '\u{2e5c}'),
    ('\u{3008}', '\u{3011}'),
    ('\u{3014}', '\u{301b}'),
    ('\u{301d}', '\u{301f}'),
    ('\u{fd3e}', '\u{fd3f}'),
    ('\u{fe17}', '\u{fe18}'),
    ('\u{fe35}', '\u{fe44}'),
    ('\u{fe47}', '\u{fe48}'),
    ('\u{fe59}', '\u{fe5e}'),
    ('\u{ff08}', '\u{ff09}'),
    ('\u{ff3b}', '\u{ff3b}'),
    ('\u{ff3d}', '\u{ff3d}'),
    ('\u{ff5b}', '\u{ff5b}'),
    ('\u{ff5d}', '\u{ff5d}'),
    ('\u{ff5f}', '\u{ff60}'),
    ('\u{ff62}', '\u{ff63}'),
];

/// Dashes (Pd): the hyphen and its kin (‐ ‑ ‒ – — ― ⸺ 〜 ゠ ﹘ －).
const DASHES: &[(char, char)] = &[
    ('\u{002d}', '\u{002d}'),
    ('\u{058a}', '\u{058a}'),
    ('\u{05be}', '\u{05be}'),
    ('\u{1400}', '\u{1400}'),
    ('\u{1806}', '\u{1806}'),
    ('\u{2010}', '\u{2015}'),
    ('\u{2e17}', '\u{2e17}'),
    ('\u{2e1a}', '\u{2e1a}'),
    ('\u{2e3a}', '\u{2e3b}'),
    ('\u{2e40}', '\u{2e40}'),
    ('\u{2e5d}', '\u{2e5d}'),
    ('\u{301c}', '\u{301c}'),
    ('\u{3030}', '\u{3030}'),
    ('\u{30a0}', '\u{30a0}'),
    ('\u{fe31}', '\u{fe32}'),
    ('\u{fe58}', '\u{fe58}'),
    ('\u{fe63}', '\u{fe63}'),
    ('\u{ff0d}', '\u{ff0d}'),
    ('\u{10d6e}', '\u{10d6e}'),
    ('\u{10ead}', '\u{10ead}'),
];

/// Format characters (Cf): invisible, so not part of what a name says — the soft hyphen,
/// zero-width spaces and joiners, direction marks, the byte-order mark.
const INVISIBLE: &[(char, char)] = &[
    ('\u{00ad}', '\u{00ad}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061c}', '\u{061c}'),
    ('\u{06dd}', '\u{06dd}'),
    ('\u{070f}', '\u{070f}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08e2}', '\u{08e2}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{200b}', '\u{200f}'),
    ('\u{202a}', '\u{202e}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206f}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
    ('\u{110bd}', '\u{110bd}'),
    ('\u{110cd}', '\u{110cd}'),
    ('\u{13430}', '\u{1343f}'),
    ('\u{1bca0}', '\u{1bca3}'),
    ('\u{1d173}', '\u{1d17a}'),
    ('\u{e0001}', '\u{e0001}'),
    ('\u{e0020}', '\u{e007f}'),
];

/// Space separators (Zs): [`char::is_whitespace`] holds every one (checked by a test).
#[cfg(test)]
const SPACES: &[(char, char)] = &[
    ('\u{0020}', '\u{0020}'),
    ('\u{00a0}', '\u{00a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
];

fn within(table: &[(char, char)], c: char) -> bool {
    table
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// A quote or a bracket: it closes a name's word and the words around it are not one
/// hyphenated word. The ASCII quotes (", ', `) are not Pi or Pf but are written as quotes.
pub(crate) fn is_quote(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, '"' | '\'' | '`' | '(' | ')' | '[' | ']' | '{' | '}');
    }
    within(QUOTES, c)
}

/// A dash: between words, with or without spaces around it, it joins them as a hyphen does.
pub(crate) fn is_dash(c: char) -> bool {
    c == '-' || (!c.is_ascii() && within(DASHES, c))
}

/// A format character, which a name's text may hold but nobody sees.
pub(crate) fn is_invisible(c: char) -> bool {
    !c.is_ascii() && within(INVISIBLE, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn each(table: &[(char, char)]) -> impl Iterator<Item = char> + '_ {
        table.iter().flat_map(|&(low, high)| low..=high)
    }

    #[test]
    fn the_tables_are_sorted_ranges_and_the_ascii_shortcuts_agree_with_them() {
        for table in [QUOTES, DASHES, INVISIBLE, SPACES] {
            assert!(table.windows(2).all(|w| w[0].1 < w[1].0) && table.iter().all(|r| r.0 <= r.1));
        }
        for c in '\0'..='\u{7f}' {
            assert_eq!(is_quote(c), within(QUOTES, c) || matches!(c, '"' | '\'' | '`'), "{c:?}");
            assert_eq!(is_dash(c), within(DASHES, c), "{c:?}");
            assert_eq!(is_invisible(c), within(INVISIBLE, c), "{c:?}");
        }
    }

    #[test]
    fn the_characters_names_are_written_with_fall_in_their_classes() {
        assert!("«»‹›“”„‘’‚‛「」『』〝〞〟()".chars().all(is_quote));
        assert!("-‐‑‒–—―⸺〜゠﹘－".chars().all(is_dash));
        assert!("\u{ad}\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\u{200e}".chars().all(is_invisible));
        assert!(each(SPACES).all(char::is_whitespace));
        for c in each(QUOTES).chain(each(DASHES)).chain(each(INVISIBLE)).chain(each(SPACES)) {
            assert!(!c.is_alphanumeric(), "{c:?} would be read as part of a word");
        }
    }
}
