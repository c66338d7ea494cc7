//! The benchmark's files, the same bytes as `tests/bench/bench.js` writes: the contacts
//! of a CRM as Excel in Russia saves them (CSV), and the same people as a phone or
//! Outlook exports them (vCard 3.0).

const LAST: [&str; 10] =
    ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Соколов", "Лебедев", "Козлов"];
const FIRST: [&str; 10] =
    ["Сергей", "Анна", "Пётр", "Ольга", "Дмитрий", "Мария", "Алексей", "Елена", "Николай", "Ирина"];
const CITIES: [&str; 6] = ["Новосибирск", "Омск", "Томск", "Барнаул", "Кемерово", "Красноярск"];

/// The `i`th person of a file of `n`: people at `n / 20` companies, each with their own
/// mobile number and e-mail.
struct Person {
    last: String,
    first: &'static str,
    company: String,
    /// The mobile's seven digits after +7 913, in Excel's groups: "000-00-00".
    mobile: String,
    city: &'static str,
}

impl Person {
    fn of(i: usize, n: usize) -> Self {
        let digits = format!("{}", 10_000_000 + i);
        Self {
            last: format!("{}{i}", LAST[i % 10]),
            first: FIRST[(i * 7) % 10],
            company: format!("ООО «Компания {}»", i % (n / 20).max(1)),
            mobile: format!("{}-{}-{}", &digits[1..4], &digits[4..6], &digits[6..8]),
            city: CITIES[i % 6],
        }
    }
}

/// `;` between cells, a BOM, CRLF; every tenth row has a note over two lines.
pub(crate) fn contacts_csv(n: usize) -> Vec<u8> {
    let mut text = String::from("\u{feff}Фамилия;Имя;Компания;Должность;Телефон;E-mail;Город;Теги;Примечание\r\n");
    for i in 0..n {
        let p = Person::of(i, n);
        let note = if i % 10 == 0 {
            "\"Встреча на выставке; просил КП\r\nперезвонить через неделю\""
        } else {
            ""
        };
        text.push_str(&format!(
            "{};{};{};Менеджер;+7 913 {};person{i}@example.ru;{};выставка;{note}\r\n",
            p.last, p.first, p.company, p.mobile, p.city,
        ));
    }
    text.into_bytes()
}

/// vCard 3.0 as phones and Outlook write it: CRLF, N and FN, ORG, TITLE, a mobile and a
/// work number, an e-mail, a work address (its comma escaped); a birthday on every
/// seventh card and, on every tenth, a long Cyrillic note (escaped line break, commas and
/// semicolon) folded at 75 octets. No PRODID, REV or CATEGORIES lines: with them 100,000
/// cards pass `ripen_io::MAX_BYTES` and the file would be refused, not timed.
pub(crate) fn contacts_vcard(n: usize) -> Vec<u8> {
    let mut text = String::new();
    for i in 0..n {
        let p = Person::of(i, n);
        let work = format!("{}", 3_000_000 + i);
        let mut lines = vec![
            "BEGIN:VCARD".to_owned(),
            "VERSION:3.0".to_owned(),
            format!("N:{};{};;;", p.last, p.first),
            format!("FN:{} {}", p.first, p.last),
            format!("ORG:{}", p.company),
            "TITLE:Менеджер".to_owned(),
            format!("TEL;TYPE=CELL:+7 913 {}", p.mobile),
            format!("TEL;TYPE=WORK:+7 (383) {}-{}-{}", &work[..3], &work[3..5], &work[5..]),
            format!("EMAIL;TYPE=INTERNET:person{i}@example.ru"),
            format!("ADR;TYPE=WORK:;;ул. Ленина\\, {};{};;630{:03};Россия", i % 200 + 1, p.city, i % 1000),
        ];
        if i % 7 == 0 {
            lines.push(format!("BDAY:19{}-{:02}-{:02}", 60 + i % 40, i % 12 + 1, i % 28 + 1));
        }
        if i % 10 == 0 {
            lines.push(format!(
                "NOTE:Встреча на выставке «Сибирская ярмарка»\\; просил КП на станки для цеха в г. {}\\, \
                 перезвонить через неделю.\\nПредпочитает звонки после обеда\\, секретарь — {}.",
                p.city,
                FIRST[(i * 3) % 10],
            ));
        }
        lines.push("END:VCARD".to_owned());
        for line in &lines {
            fold(line, &mut text);
        }
    }
    text.into_bytes()
}

/// `line` and its CRLF, folded as RFC 2425 asks: no line over 75 octets, the next one
/// starting with a space, never inside a character.
fn fold(line: &str, text: &mut String) {
    let mut octets = 0;
    for c in line.chars() {
        if octets + c.len_utf8() > 75 {
            text.push_str("\r\n ");
            octets = 1;
        }
        text.push(c);
        octets += c.len_utf8();
    }
    text.push_str("\r\n");
}
