//! The vCard and encoding fixtures (`tests/fixtures/vcard`, `tests/fixtures/encodings`),
//! a table per class of what real files do: each file with the contacts it must give
//! (names, phones, e-mails, what went to the notes, the warnings) and the cards it
//! leaves out. Files are read as the page reads them: format and encoding found.

use crate::fixtures::render;
use ripen_io::{read, CsvOptions};
use std::path::Path;

pub(crate) fn check(table: &[(&str, &str)]) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut failures = Vec::new();
    for (file, expected) in table {
        // Expected readings start on the line after the opening quote.
        let expected = expected.strip_prefix('\n').unwrap_or(expected);
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let got = match read(&bytes, None, &CsvOptions::default()) {
            Ok(read) => render(&read),
            Err(error) => format!("refused ({}): {error}\n", error.kind()),
        };
        if got != expected {
            failures.push(format!("{file}:\n--- expected\n{expected}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One value that does not read (an extension, "null", a short local number, a pager, a
/// SIP address, a bad e-mail, date or site) never loses the contact.
#[test]
fn one_bad_value_never_loses_the_contact() {
    check(&[
        (
            "vcard/extensions.vcf",
            r#"
format vcard · rows 3 · encoding utf-8
line 1 · person · Олег Смирнов
  phones +73832112233, +79135551234
  notes "Extension: +7 (383) 211-22-33 ext. 102"
  warning TEL · extension · "+7 (383) 211-22-33 доб. 102": the number is kept; its extension 102 is in the notes
line 7 · person · John Miller
  phones +15555555555, +15555550100
  notes "Extension: +1-555-555-5555 ext. 102\nExtension: +1 555 555 0100 ext. 752"
  warning TEL · extension · "tel:+1-555-555-5555;ext=102": the number is kept; its extension 102 is in the notes
  warning TEL · extension · "+1 555 555 0100 x752": the number is kept; its extension 752 is in the notes
line 13 · person · Павел Коротков
  notes "unparsed TEL: 53-25\nunparsed TEL: x752"
  warning TEL · malformed · "53-25": is malformed: too short: 4 digits, where RU numbers have 10; give the full number with its area code; kept in the notes
  warning TEL · malformed · "x752": is malformed: an extension is not part of a phone number: keep it apart; kept in the notes
"#,
        ),
        (
            "vcard/odd-values.vcf",
            r#"
format vcard · rows 5 · encoding utf-8
line 1 · person · Анна Нулева
  emails anna@example.com
line 8 · person · Local Number
  notes "unparsed TEL: 123-45-67"
  warning TEL · malformed · "123-45-67": is malformed: too short: 7 digits, where RU numbers have 10; give the full number with its area code; kept in the notes
line 13 · person · Pager Owner
  phones +79130000009
  notes "Pager: 555"
line 19 · person · Sip User
  notes "SIP: 101@pbx.example.com\nMessenger (telegram): tg://resolve?domain=sipuser"
line 25 · person · Bad Values
  phones +79130000010
  notes "unparsed EMAIL: not an email\nunparsed URL: javascript:alert(1)\nunparsed BDAY: вчера"
  warning EMAIL · malformed · "not an email": is malformed: an address needs an '@'; kept in the notes
  warning URL · malformed · "javascript:alert(1)": is malformed: expected a domain such as example.com; kept in the notes
  warning BDAY · malformed · "вчера": is malformed: not a date (year-month-day, --month-day or day.month.year); kept in the notes
"#,
        ),
    ]);
}

/// Line endings of every kind, folds inside a character, card edges in any case and
/// with spaces, cards without BEGIN lines, quoted-printable only where marked,
/// preferred values first.
#[test]
fn files_as_exports_write_them() {
    check(&[
        (
            "vcard/iphone-crcrlf.vcf",
            r#"
format vcard · rows 1 · encoding utf-8
line 1 · person · Мария Кузнецова
  phones +79132223344 · emails maria@example.ru
  notes "Длинная заметка, которую айфон свернул на две строки, потому что она длиннее семидесяти пяти октетов."
"#,
        ),
        (
            "vcard/mac-cr.vcf",
            r#"
format vcard · rows 2 · encoding utf-8
line 1 · person · Old Mac
  phones +15555550101
line 6 · person · Second Card
  emails second@example.com
"#,
        ),
        (
            "vcard/fold-inside-utf8.vcf",
            r#"
format vcard · rows 1 · encoding utf-8
line 1 · person · Евгений Жуков
  phones +79134445566
"#,
        ),
        (
            "vcard/edges.vcf",
            r#"
format vcard · rows 3 · encoding utf-8
line 1 · person · Trailing Space
line 5 · person · Lower Case
line 9 · person · Spaced Edges
"#,
        ),
        (
            "vcard/no-begin.vcf",
            r#"
format vcard · rows 2 · encoding utf-8
line 1 · person · First Without Begin
  phones +79131000001
line 5 · person · Second Without Begin
  emails second@example.org
"#,
        ),
        (
            "vcard/no-begin-no-end.vcf",
            r#"
format vcard · rows 2 · encoding utf-8
line 1 · person · Анна Альфа
  phones +79131000002
line 4 · person · Борис Бета
  phones +79131000003
"#,
        ),
        (
            "vcard/quoted-printable.vcf",
            r#"
format vcard · rows 2 · encoding utf-8
line 1 · person · Олег Сидоров
  phones +79130000011
  notes "Первая строка\nВторая"
line 10 · person · Unmarked
  phones +79130000012
  notes "=D0=9F=D1=80=D0=B8=D0=B2=D0=B5=D1=82 is kept as written, and a line ending in ="
"#,
        ),
        (
            "vcard/preferred.vcf",
            r#"
format vcard · rows 3 · encoding utf-8
line 1 · person · Preferred Last
  phones +79130000013, +73832000001 · emails work@example.com, home@example.com
line 9 · person · Numbered Preference
  phones +79130000015, +79130000014, +79130000016
line 16 · person · Bare Pref
  emails two@example.com, one@example.com
"#,
        ),
    ]);
}

/// A card without a name is named from its nickname, organisation, e-mail or phone, and
/// says so; only a card with none of them is left out.
#[test]
fn nameless_cards_are_named_from_what_they_have() {
    check(&[(
        "vcard/nameless.vcf",
        r#"
format vcard · rows 6 · encoding utf-8
line 1 · company · ООО «Безымянный завод»
  phones +73833000000
  notes "Department: Склад"
  named from org
line 6 · person · only.email@example.com
  emails only.email@example.com
  named from email
line 10 · person · 8 (913) 700-00-00
  phones +79137000000
  named from phone
line 14 · person · Док
  phones +79137000001
  named from nickname
issue line 19 · FN · no_name · the card has nothing to name a client by: no name, organisation, e-mail or phone
issue line 25 · FN · no_name · the card has nothing to name a client by: no name, organisation, e-mail or phone
"#,
    )]);
}

/// ORG's units, TITLE, ROLE, NOTE, BDAY, ANNIVERSARY, URL, ADR and X-SOCIALPROFILE kept:
/// in the client's fields where it has them, readable in its notes where it has not.
#[test]
fn every_field_a_card_gives_is_kept() {
    check(&[(
        "vcard/fields.vcf",
        r#"
format vcard · rows 3 · encoding utf-8
line 1 · person · Ирина Сергеевна Орлова · at АО «Томские приборы» as Начальник отдела
  website https://tompribor.example · region Томск · tags выставка, клиент · dates birthday 03-08 1985, other 06-12 2010
  notes "Любит зелёный чай\nDepartment: Отдел закупок\nRole: Закупщик\nWebsite: irina.example.org\nAddress (work): ул. Ленина, 1, офис 5, Томск, Томская обл., 634050, Россия\nAddress (home): пр. Мира 10, Северск\nSocial profile (twitter): iorlova\nSocial profile (linkedin): https://linkedin.com/in/iorlova"
line 19 · company · ООО «Юбилей»
  dates company_anniversary 09-15
  notes "Title: never a company's"
line 26 · person · No Company
  notes "Title: Freelance designer\nRole: Consultant"
"#,
    )]);
}

/// UTF-16 with and without a BOM, declared charsets, and single-byte and CJK encodings
/// told by their statistics, in vCard and CSV files.
#[test]
fn every_encoding_reads_as_written() {
    check(&[
        (
            "encodings/utf16le-bom.vcf",
            r#"
format vcard · rows 2 · encoding utf-16le
line 1 · person · Иван Петров · at ООО «Ромашка»
  phones +79130000001
  notes "Встретились на выставке, просил перезвонить осенью"
line 9 · person · Мария Сидорова
  phones +73832000000
  notes "Интересуется поставками оборудования для склада"
"#,
        ),
        (
            "encodings/utf16be-bom.vcf",
            r#"
format vcard · rows 2 · encoding utf-16be
line 1 · person · Иван Петров · at ООО «Ромашка»
  phones +79130000001
  notes "Встретились на выставке, просил перезвонить осенью"
line 9 · person · Мария Сидорова
  phones +73832000000
  notes "Интересуется поставками оборудования для склада"
"#,
        ),
        (
            "encodings/utf16le.vcf",
            r#"
format vcard · rows 2 · encoding utf-16le
line 1 · person · Иван Петров · at ООО «Ромашка»
  phones +79130000001
  notes "Встретились на выставке, просил перезвонить осенью"
line 9 · person · Мария Сидорова
  phones +73832000000
  notes "Интересуется поставками оборудования для склада"
"#,
        ),
        (
            "encodings/utf16be.vcf",
            r#"
format vcard · rows 2 · encoding utf-16be
line 1 · person · Иван Петров · at ООО «Ромашка»
  phones +79130000001
  notes "Встретились на выставке, просил перезвонить осенью"
line 9 · person · Мария Сидорова
  phones +73832000000
  notes "Интересуется поставками оборудования для склада"
"#,
        ),
        (
            "encodings/windows-1251.vcf",
            r#"
format vcard · rows 2 · encoding windows-1251
line 1 · person · Иван Петров · at ООО «Ромашка»
  phones +79130000001
  notes "Встретились на выставке, просил перезвонить осенью"
line 9 · person · Мария Сидорова
  phones +73832000000
  notes "Интересуется поставками оборудования для склада"
"#,
        ),
        (
            "encodings/koi8-r.vcf",
            r#"
format vcard · rows 2 · encoding koi8-r
line 1 · person · Иван Петров · at ООО "Ромашка"
  phones +79130000001
  notes "Встретились на выставке, просил перезвонить осенью"
line 9 · person · Мария Сидорова
  phones +73832000000
  notes "Интересуется поставками оборудования для склада"
"#,
        ),
        (
            "encodings/windows-1252.vcf",
            r#"
format vcard · rows 2 · encoding windows-1252
line 1 · person · François Müller · at Crème Brûlée SARL
  phones +33123456789
  notes "Rencontré à la foire, intéressé par nos matériaux"
line 8 · person · José Peña
  phones +34912345678
  notes "Reunión en Año Nuevo; está interesado"
"#,
        ),
        (
            "encodings/windows-1250.vcf",
            r#"
format vcard · rows 2 · encoding windows-1250
line 1 · person · Jiří Dvořák · at Žluťoučký kůň s.r.o.
  phones +420601234567
  notes "Zákazník z Plzně, chce nabídku na příští měsíc"
line 8 · person · Łukasz Wiśniewski
  phones +48601234567
  notes "Spotkanie w Łodzi, zależy mu na szybkiej dostawie"
"#,
        ),
        (
            "encodings/shift_jis.vcf",
            r#"
format vcard · rows 2 · encoding shift_jis
line 1 · person · 山田太郎 · at 株式会社サンプル
  phones +81312345678
  notes "展示会で会いました。来月に電話してください。"
line 9 · person · 鈴木花子
  phones +819012345678
  notes "東京商事の担当者です"
"#,
        ),
        (
            "encodings/declared-charset.vcf",
            r#"
format vcard · rows 2 · encoding utf-8
line 1 · person · Пётр Ёлкин · at ООО «Ёлка» as Директор
  phones +79130000020
  notes "Привет"
line 9 · person · Jürgen Groß
  phones +49301234567
"#,
        ),
        (
            "encodings/koi8-r.csv",
            r#"
format csv · rows 2 · encoding koi8-r · delimiter ';'
columns: Фамилия → lastName | Имя → firstName | Телефон → phone | Примечание → notes
line 2 · person · Иван Петров
  phones +79130000001
  notes "Встретились на выставке, просил перезвонить осенью"
line 3 · person · Мария Сидорова
  phones +73832000000
  notes "Интересуется поставками оборудования для склада"
"#,
        ),
        (
            "encodings/utf16le.csv",
            r#"
format csv · rows 2 · encoding utf-16le · delimiter ';'
columns: Фамилия → lastName | Имя → firstName | Телефон → phone | Примечание → notes
line 2 · person · Иван Петров
  phones +79130000001
  notes "Встретились на выставке, просил перезвонить осенью"
line 3 · person · Мария Сидорова
  phones +73832000000
  notes "Интересуется поставками оборудования для склада"
"#,
        ),
        (
            "encodings/windows-1252.csv",
            r#"
format csv · rows 2 · encoding windows-1252 · delimiter ','
columns: Name → name | Company → company | Phone → phone | Note → notes
line 2 · person · François Müller · at Crème Brûlée SARL
  phones +33123456789
  notes "Rencontré à la foire"
line 3 · person · José Peña · at Año Nuevo SL
  phones +34912345678
  notes "Reunión en otoño"
"#,
        ),
        (
            "encodings/shift_jis.csv",
            r#"
format csv · rows 2 · encoding shift_jis · delimiter ','
columns: Name → name | Company → company | Phone → phone
line 2 · person · 山田太郎 · at 株式会社サンプル
  phones +81312345678
line 3 · person · 鈴木花子 · at 東京商事
  phones +81698765432
"#,
        ),
    ]);
}
