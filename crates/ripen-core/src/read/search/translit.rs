//! The transliteration skeleton: one spelling for a word whatever script and
//! romanisation it was written in, so that "Сибирские моторы", "Sibirskiye Motory"
//! (GOST 7.79 B), "Sibirskie Motori" and "Sibirskije Motory" (informal) meet.
//!
//! The skeleton is lossy on purpose (a few unrelated words share one) and never shown;
//! search ranks a skeleton match below an exact one, so the loss costs only rank.

use crate::values::normal::{normalize, Form};

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
        'ʹ' | 'ʺ' | 'ʼ' | '\'' | '’' => "",
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
/// `Q` ч (ch, tch), `X` ш (sh), `C` ц (ts, tz, c), `Z` ж (zh, ž), `J` a glide (the y, j
/// or i of ya, yu, ia, ju). Before a, u and i, ж is `J` too, for the j of French
/// spellings (Jukov, Jivago); before e and o a glide would swallow it.
///
/// Е and Ё are one letter once folded, and a romanisation may write either with or without
/// the glide (Елкин, Ёлкин: Elkin, Yelkin, Yolkin, Jolkin, Iolkin; Соловьёв: Solovev,
/// Solovyov, Soloviev, Solovjov): a glide before e or o and the vowel are `e` at every
/// place in a word. A glide before no vowel is й, written y, j or i (Майский: Maysky,
/// Majskij, Maiskii), and is `i` as the letter и is.
pub fn skeleton(word: &str) -> String {
    skeleton_and_sounds(word).0
}

/// The [`skeleton`] of `word`, and how many sounds it spells: its letters, and the glide
/// each `e` swallowed (what typos are allowed by: "горые" is five sounds, as "горные" is
/// six, though their skeletons "gore" and "gorne" are shorter).
pub(crate) fn skeleton_and_sounds(word: &str) -> (String, usize) {
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
        normalize(&latin_text, Form::Nfkd).chars().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect()
    };
    if !stripped.is_ascii() {
        // Not a Latin or Cyrillic word: no romanisation to fold.
        let sounds = stripped.chars().count();
        return (stripped, sounds);
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
        (b"zh", b"Z"),
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
    // y or i gliding into a vowel: ya, yu, ye, yo, ia, iu, ie, io.
    for i in 0..w.len().saturating_sub(1) {
        if matches!(w[i], b'y' | b'i') && matches!(w[i + 1], b'a' | b'e' | b'o' | b'u') {
            w[i] = b'J';
        }
    }
    let mut out = Vec::with_capacity(w.len());
    let mut swallowed = 0;
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let next = w.get(i + 1).copied();
        match c {
            // The glide's letter written twice (iy, yj, ij): one glide.
            b'i' | b'y' | b'J' if next == Some(b'J') => {}
            b'J' if matches!(next, Some(b'e' | b'o')) => {
                out.push(b'e');
                swallowed += 1;
                i += 1;
            }
            b'J' if !next.is_some_and(is_vowel) => out.push(b'i'),
            b'Z' if matches!(next, Some(b'a' | b'u' | b'i')) => out.push(b'J'),
            b'y' => out.push(b'i'),
            _ => out.push(c),
        }
        i += 1;
    }
    // Doubled letters are one sound (Филиппов, Filipov), but a word that is nothing but
    // one letter again and again is a keyboard's noise, not a spelling of a shorter word;
    // and digits are not spelled.
    if !(out.len() >= 2 && out.iter().all(|&b| b == out[0])) {
        out.dedup_by(|b, a| a == b && !b.is_ascii_digit());
    }
    let sounds = out.len() + swallowed;
    // Only ASCII is left: the bytes are the text.
    (String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()), sounds)
}

/// Whether `word` is one character written at least twice and nothing else ("сссс").
pub(crate) fn is_one_run(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return false };
    let mut again = chars.peekable();
    again.peek().is_some() && again.all(|c| c == first)
}

/// For a query word typed so far that ends in a letter the next one may turn into a
/// glide (the i of "Sibirski" before e, of "Solovi" before ev), the skeleton of the word
/// without it: the word's own skeleton need not begin the name's. From four letters, as a
/// shorter prefix would match too much.
pub fn without_last_glide(word: &str) -> Option<String> {
    let (at, last) = word.char_indices().last()?;
    let glide = matches!(last, 'i' | 'y' | 'j' | 'и' | 'й' | 'ы' | 'і');
    (glide && word[..at].chars().nth(2).is_some()).then(|| skeleton(&word[..at]))
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
    fn yo_ye_and_the_short_i_meet_their_romanisations_at_every_place_in_a_word() {
        // (where, the Cyrillic word, its romanisations): each Latin spelling against the
        // Cyrillic, and the Cyrillic typed for the Latin one — one skeleton for both.
        let table: &[(&str, &str, &[&str])] = &[
            ("Ё first", "Ёлка", &["yolka", "jolka", "elka", "ëlka", "iolka", "yelka"]),
            ("Ё first", "Ёлкин", &["Yolkin", "Jolkin", "Elkin", "Ëlkin"]),
            ("Ё first", "Ёжиков", &["Yozhikov", "Jozhikov", "Ezhikov", "Ëžikov"]),
            ("Е first", "Елена", &["Elena", "Yelena", "Jelena", "Ielena"]),
            ("Е first", "Егоров", &["Egorov", "Yegorov", "Jegorov"]),
            ("Й first", "Йошкар-Ола", &["Yoshkar-Ola", "Ioshkar-Ola", "Joshkar-Ola", "Yoškar-Ola"]),
            ("Й first", "Йемен", &["Yemen", "Jemen", "Iemen"]),
            ("Й first", "Йод", &["Yod", "Jod", "Iod"]),
            ("Ю, Я first", "Юрий Яковлев", &["Yuriy Yakovlev", "Jurij Jakovlev", "Iurii Iakovlev", "Yuri Yakovlev"]),
            ("Ё after a consonant", "Соловьёв", &["Solovyov", "Solovjov", "Solovev", "Soloviev", "Solovyev"]),
            ("Ё after a consonant", "Соловьёв", &["Solov'ev", "Solovëv", "Soloviov", "Solov’yov"]),
            ("Ё after a consonant", "Пётр", &["Pyotr", "Petr", "Piotr", "Pjotr"]),
            ("Ё after a consonant", "Фёдор", &["Fyodor", "Fedor", "Fiodor", "Fjodor", "Fëdor"]),
            ("Ё after a consonant", "Семёнов", &["Semyonov", "Semenov", "Semjonov", "Semionov"]),
            ("Ё after a consonant", "Королёв", &["Korolyov", "Korolev", "Koroljov", "Koroliov", "Korolëv"]),
            ("Е after a soft sign", "Васильев", &["Vasilyev", "Vasiliev", "Vasilev", "Vasil'ev", "Vasiljev"]),
            ("Ё after a vowel", "Заёмщиков", &["Zayomshchikov", "Zajomshchikov", "Zaemshchikov", "Zaiomschikov"]),
            ("Й before a vowel", "Майоров", &["Mayorov", "Majorov", "Maiorov"]),
            ("Й before a vowel", "Майя", &["Maya", "Maja", "Maiya", "Mayya"]),
            ("Й before a consonant", "Майский", &["Maysky", "Majskij", "Maiskii", "Mayskiy", "Maiskiy", "Maĭskiĭ"]),
            ("Й before a consonant", "Байкал", &["Baykal", "Bajkal", "Baikal"]),
            ("Й before a consonant", "Чайковский", &["Chaykovskiy", "Chaikovskij", "Tchaikovsky", "Čajkovskij"]),
            ("Й before a consonant", "Шойгу", &["Shoygu", "Shojgu", "Shoigu"]),
            ("Й last", "Толстой", &["Tolstoy", "Tolstoj", "Tolstoi"]),
            ("Й last", "Сергей", &["Sergey", "Sergei", "Sergej"]),
            ("Й last", "Дмитрий", &["Dmitriy", "Dmitry", "Dmitrij", "Dmitrii", "Dmitri"]),
            ("Й last", "Красный", &["Krasnyy", "Krasny", "Krasnyj", "Krasnyi", "Krasniy"]),
            ("Ё last", "Бельё", &["Belyo", "Beljo", "Bel'yo", "Belye", "Belio"]),
            ("Ё last", "Моё", &["Moyo", "Mojo", "Moe", "Moio"]),
            ("Е last", "Сибирские", &["Sibirskie", "Sibirskiye", "Sibirskije"]),
        ];
        let mut pairs = 0;
        for (place, cyrillic, latin) in table {
            for spelling in *latin {
                assert_eq!(key(spelling), key(cyrillic), "{place}: {spelling} vs {cyrillic}");
                pairs += 1;
            }
        }
        assert!(pairs >= 100, "{pairs} pairs");
    }

    #[test]
    fn zhe_is_not_a_glide_before_e_and_o() {
        // A glide before e or o is the vowel alone; ж there stays a sound of its own.
        let pairs = [("Жора", "Ёра"), ("Женя", "Еня"), ("Ежов", "Жов"), ("Муж", "Муй"), ("Жолтиков", "Ёлтиков")];
        for (a, b) in pairs {
            assert_ne!(key(a), key(b), "{a} vs {b}");
        }
        // Before a, u and i it is still the j of French spellings.
        assert_eq!(key("Jivago"), key("Живаго"));
    }

    #[test]
    fn a_run_of_one_letter_keeps_its_length_and_digits_are_never_merged() {
        assert_eq!(skeleton("сссс"), "ssss");
        assert_eq!(skeleton("щщщ"), "WWW");
        assert_eq!(skeleton("1100"), "1100");
        assert_eq!(skeleton("филиппов"), skeleton("filipov"));
        assert!(is_one_run("ёё") && is_one_run("aaaa") && !is_one_run("a") && !is_one_run("алла") && !is_one_run(""));
    }

    #[test]
    fn a_word_cut_after_a_letter_that_may_glide_also_begins_without_it() {
        assert_eq!(without_last_glide("sibirski").as_deref(), Some("sibirsk"));
        assert_eq!(without_last_glide("соловьи").as_deref(), Some("solov"));
        assert_eq!(without_last_glide("sibirsk"), None);
        assert_eq!(without_last_glide("ali"), None, "too short to widen");
        assert!(skeleton("soloviev").starts_with(&without_last_glide("solovi").unwrap()));
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
