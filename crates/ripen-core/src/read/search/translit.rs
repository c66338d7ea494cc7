//! The transliteration skeleton: one spelling for a word whatever script and
//! romanisation it was written in, so that "Сибирские моторы", "Sibirskiye Motory"
//! (GOST 7.79 B), "Sibirskie Motori" and "Sibirskije Motory" (informal) meet.
//!
//! The skeleton is lossy on purpose (a few unrelated words share one) and never shown;
//! search ranks a skeleton match below an exact one, so the loss costs only rank.

use unicode_normalization::UnicodeNormalization;

/// Cyrillic letters (Russian, with the Ukrainian and Belarusian extras) in one Latin
/// scheme; every other scheme is folded onto the same skeleton afterwards.
pub(crate) fn latin(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        // ISO 9 and scholarly letters with diacritics, before the diacritics are dropped.
        'š' => "sh",
        'ž' => "zh",
        'č' => "ch",
        'ŝ' => "shch",
        'û' => "yu",
        'â' => "ya",
        'ʹ' | 'ʺ' | '\'' | '’' => "",
        _ => return None,
    })
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The lower-case letters `word` holds, a bit each: which replacements can apply.
fn letters(word: &[u8]) -> u32 {
    word.iter().fold(0, |set, &b| set | bit(b))
}

fn bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else {
        0
    }
}

/// Replaces every `from` with `to`, left to right.
fn replace_all(word: &mut Vec<u8>, from: &[u8], to: &[u8]) {
    let at = |word: &[u8], i: usize| word[i] == from[0] && word[i..].starts_with(from);
    let Some(first) = (0..(word.len() + 1).saturating_sub(from.len())).find(|&i| at(word, i)) else { return };
    if to.len() <= from.len() {
        // In place, writing behind the reading: every skeleton of a base's new words is
        // built this way, and a fresh vector for each replacement was most of its cost.
        let (mut read, mut write) = (first, first);
        while read < word.len() {
            if at(word, read) {
                word[write..write + to.len()].copy_from_slice(to);
                write += to.len();
                read += from.len();
            } else {
                word[write] = word[read];
                write += 1;
                read += 1;
            }
        }
        word.truncate(write);
        return;
    }
    let mut out = Vec::with_capacity(word.len());
    out.extend_from_slice(&word[..first]);
    let mut i = first;
    while i < word.len() {
        if at(word, i) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(word[i]);
            i += 1;
        }
    }
    *word = out;
}

/// The skeleton of one folded word (see [`super::fold::words`]).
///
/// Tokens in capitals stand for a sound whatever its spelling: `W` щ (shch, sch, shh),
/// `Q` ч (ch, tch), `X` ш (sh), `C` ц (ts, tz, c), `J` ж or a glide (zh, j, the y of
/// ya/yu/ye/yo, the i of ia/iu).
pub fn skeleton(word: &str) -> String {
    let mut latin_text = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        match latin(c) {
            Some(l) => latin_text.push_str(l),
            None => latin_text.push(c),
        }
    }
    // Other diacritics (é, ü, ĭ) go; non-Latin letters that remain stay as they are. ASCII
    // has none to decompose.
    let stripped: String = if latin_text.is_ascii() {
        latin_text
    } else {
        latin_text.nfkd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect()
    };
    if !stripped.is_ascii() {
        // Not a Latin or Cyrillic word: no romanisation to fold.
        return stripped;
    }
    let mut bytes = stripped.into_bytes();
    let w = &mut bytes;
    let mut present = letters(w);
    for (from, to) in [
        (&b"w"[..], &b"v"[..]),
        (b"x", b"ks"),
        (b"ph", b"f"),
        (b"q", b"k"),
        (b"ck", b"k"),
        (b"shch", b"W"),
        (b"sch", b"W"),
        (b"shh", b"W"),
        (b"tch", b"Q"),
        (b"ch", b"Q"),
        (b"sh", b"X"),
        (b"zh", b"J"),
        (b"j", b"J"),
        (b"kh", b"h"),
        (b"ts", b"C"),
        (b"tz", b"C"),
        (b"tc", b"C"),
        (b"c", b"C"),
    ] {
        if from.iter().all(|b| present & bit(*b) != 0) {
            replace_all(w, from, to);
            present = letters(w);
        }
    }
    // y or i gliding into a vowel: ya, yu, ye, yo, ia, iu.
    for i in 0..w.len().saturating_sub(1) {
        let next = w[i + 1];
        if (w[i] == b'y' && matches!(next, b'a' | b'e' | b'o' | b'u')) || (w[i] == b'i' && matches!(next, b'a' | b'u'))
        {
            w[i] = b'J';
        }
    }
    // The glide before e after a vowel or at the start (Yelena, Sibirskiye) and before o
    // after a consonant (Fyodor, Pyotr) is the е/ё folded into e.
    let mut out = Vec::with_capacity(w.len());
    for i in 0..w.len() {
        if w[i] == b'J' && i + 1 < w.len() {
            let before_vowel = i == 0 || is_vowel(w[i - 1]);
            let next = w[i + 1];
            if next == b'e' && before_vowel {
                continue;
            }
            if next == b'o' && !before_vowel {
                out.push(b'e');
                w[i + 1] = b'\0';
                continue;
            }
        }
        if w[i] != b'\0' {
            out.push(w[i]);
        }
    }
    let w = &mut out;
    replace_all(w, b"iJ", b"J");
    // A glide before no vowel is й: Sergej, Sibirskij, Sergey.
    for i in 0..w.len() {
        if w[i] == b'J' && !w.get(i + 1).is_some_and(|&n| is_vowel(n)) && i > 0 && is_vowel(w[i - 1]) {
            w[i] = b'i';
        }
    }
    for c in w.iter_mut() {
        if *c == b'y' {
            *c = b'i';
        }
    }
    w.dedup();
    // Only ASCII is left: the bytes are the text.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::search::fold::words;

    fn key(text: &str) -> Vec<String> {
        words(text).iter().map(|w| skeleton(w)).collect()
    }

    #[test]
    fn romanisations_of_one_name_share_a_skeleton() {
        // Each row: spellings that must meet.
        let rows: &[&[&str]] = &[
            &["Сибирские моторы", "Sibirskie Motory", "Sibirskiye Motori", "Sibirskije Motory", "Sibirskie Motori"],
            &["Жуков", "Zhukov", "Jukov", "Žukov"],
            &["Михаил Хабаров", "Mikhail Khabarov", "Mihail Habarov"],
            &["Цветков", "Tsvetkov", "Cvetkov", "Tzvetkov"],
            &["Юлия", "Yuliya", "Iuliia", "Julia", "Yulia", "Ûliâ"],
            &["Мария", "Mariya", "Maria", "Mariia", "Marija"],
            &["Щукин", "Shchukin", "Schukin", "Shhukin", "Ŝukin"],
            &["Чехов", "Chekhov", "Tchekhov", "Čehov"],
            &["Шишкин", "Shishkin", "Šiškin"],
            &["Сергей", "Sergey", "Sergei", "Sergej", "Sergeĭ"],
            &["Фёдоров", "Fedorov", "Fyodorov"],
            &["Пётр", "Petr", "Pyotr"],
            &["Елена", "Elena", "Yelena"],
            &["Филиппов", "Filippov", "Filipov", "Philippov"],
            &["Вольф", "Volf", "Wolf", "Vol'f"],
            &["Сибмоторс", "Sibmotors"],
            &["Ильин", "Il'in", "Ilyin", "Ilin"],
            &["Дьяченко", "Dyachenko", "Djachenko", "Dyačenko"],
        ];
        for row in rows {
            let first = key(row[0]);
            for other in &row[1..] {
                assert_eq!(key(other), first, "{other} vs {}", row[0]);
            }
        }
    }

    #[test]
    fn different_names_keep_different_skeletons() {
        let pairs = [
            ("Сибирские моторы", "Уральские моторы"),
            ("Жуков", "Жаров"),
            ("Петров", "Петраков"),
            ("Иванов", "Ивашов"),
            ("Шишкин", "Чижкин"),
            ("Цветков", "Светков"),
        ];
        for (a, b) in pairs {
            assert_ne!(key(a), key(b), "{a} vs {b}");
        }
    }

    #[test]
    fn replacements_in_place_agree_with_str_replace() {
        let words = ["shchshch", "sschh", "chch", "c", "tcts", "xx", "aphph", "", "zhj", "shhh", "ckck"];
        let rules: &[(&str, &str)] = &[("shch", "W"), ("sch", "W"), ("ch", "Q"), ("c", "C"), ("x", "ks"), ("ph", "f")];
        for word in words {
            for (from, to) in rules {
                let mut bytes = word.as_bytes().to_vec();
                replace_all(&mut bytes, from.as_bytes(), to.as_bytes());
                assert_eq!(bytes, word.replace(from, to).into_bytes(), "{word}: {from} → {to}");
            }
        }
    }

    #[test]
    fn other_scripts_and_digits_pass_through() {
        assert_eq!(skeleton("北京"), "北京");
        assert_eq!(skeleton("2024"), "2024");
        assert_eq!(skeleton("ά"), "α");
    }
}
