//! The CSV fixtures (`tests/fixtures/csv`), one small file per exporter and per class of
//! what real lists do, each with the mapping it must get by itself (the preset, every
//! column's field, "(fuzzy)" where found in other words, "(values)" where guessed) and
//! the contacts it must give: names, kinds, phones, e-mails, what went to the notes, the
//! warnings, the rows left out.

use crate::vcard_files::check;

/// The exports of the big CRMs and address books, each as it really writes its header
/// (preset detected, every column mapped, a preamble skipped), read without a choice by
/// the user: people at their companies, the company's own facts kept for the company.
#[test]
fn exports_map_without_manual_work() {
    check(&[
        (
            "csv/google.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ',' · preset google
columns: First Name → firstName | Middle Name → middleName | Last Name → lastName | Phonetic First Name → ignore | Phonetic Last Name → ignore | Name Prefix → ignore | Nickname → ignore | File As → ignore | Organization Name → company | Organization Title → position | Organization Department → ignore | Birthday → birthday | Notes → notes | Photo → ignore | Labels → tags | E-mail 1 - Label → ignore | E-mail 1 - Value → email (fuzzy) | E-mail 2 - Label → ignore | E-mail 2 - Value → email (fuzzy) | Phone 1 - Label → ignore | Phone 1 - Value → phone (fuzzy) | Phone 2 - Label → ignore | Phone 2 - Value → phone (fuzzy) | Address 1 - Label → ignore | Address 1 - Formatted → ignore | Address 1 - City → city (fuzzy) | Address 1 - Region → region (fuzzy) | Address 1 - Country → ignore | Website 1 - Label → ignore | Website 1 - Value → website (fuzzy)
line 2 · person · Marina Lebedeva · at Volga Trading as Sales Manager
  phones +79271112233, +78452223344, +78452203040 · emails m.lebedeva@volgatrade.ru, marina.l@gmail.com · website https://volgatrade.ru · region Saratov Oblast · tags Clients · dates birthday 03-14 1985
  notes "Met at Innoprom\nExtension: +7 8452 20-30-40 ext. 15\nCity: Saratov"
  warning Phone 2 - Value · extension · "+7 8452 20-30-40 ext. 15": the number is kept; its extension 15 is in the notes
line 3 · person · Tom Baker
  phones +14155550134 · emails tom.baker@example.com · dates birthday 07-04
"#,
        ),
        (
            "csv/outlook.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ',' · preset outlook
columns: Title → ignore | First Name → firstName | Middle Name → middleName | Last Name → lastName | Suffix → ignore | Company → company | Department → ignore | Job Title → position | Business Street → ignore | Business City → city (fuzzy) | Business State → region | Business Postal Code → ignore | Business Country/Region → ignore | Home City → city (fuzzy) | Business Fax → ignore | Business Phone → phone (fuzzy) | Business Phone 2 → phone (fuzzy) | Company Main Phone → companyPhone (fuzzy) | Home Phone → phone (fuzzy) | Mobile Phone → phone | Pager → ignore | Assistant's Phone → ignore | Birthday → birthday | Categories → tags | E-mail Address → email (fuzzy) | E-mail Type → ignore | E-mail Display Name → ignore | E-mail 2 Address → email (fuzzy) | Notes → notes | Web Page → website
line 2 · person · James Whitaker · at Northwind Traders as Purchasing Manager
  the company's: +12065550150
  phones +12065550100, +12065550101, +14255550177 · emails james.whitaker@northwind.example, jim.w@example.com · website https://northwind.example · region WA · tags Seattle, VIP · dates birthday 04-15 1978
  notes "Met at the Seattle expo.\nWants a quote.\nHome City: Bellevue\nExtension: +1 206 555 0101 ext. 752\nCity: Seattle"
  warning Business Phone 2 · extension · "+1 206 555 0101 x752": the number is kept; its extension 752 is in the notes
line 4 · person · Sofia Lind
  phones +46701234567 · emails sofia.lind@example.se
"#,
        ),
        (
            "csv/thunderbird.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ',' · preset thunderbird
columns: First Name → firstName | Last Name → lastName | Display Name → name | Nickname → ignore | Primary Email → email (fuzzy) | Secondary Email → email (fuzzy) | Screen Name → ignore | Work Phone → phone | Home Phone → phone (fuzzy) | Fax Number → ignore | Pager Number → ignore | Mobile Number → phone (fuzzy) | Home Address → ignore | Home Address 2 → ignore | Home City → city (fuzzy) | Home State → region | Home ZipCode → ignore | Home Country → ignore | Work Address → ignore | Work Address 2 → ignore | Work City → city (fuzzy) | Work State → region | Work ZipCode → ignore | Work Country → ignore | Job Title → position | Department → ignore | Organization → company | Web Page 1 → website | Web Page 2 → website | Birth Year → ignore | Birth Month → ignore | Birth Day → ignore | Custom 1 → ignore | Custom 2 → ignore | Custom 3 → ignore | Custom 4 → ignore | Notes → notes |  → ignore
line 2 · person · Hans Müller · at Müller GmbH as Einkaufsleiter
  phones +49301234567, +491701234567 · emails hans.mueller@example.de, hans@mueller.example · website https://mueller.example · region Berlin
  notes "Prefers e-mail"
line 3 · person · Svetlana
  emails svetlana@example.org
"#,
        ),
        (
            "csv/linkedin.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ',' · preset linkedIn · header on line 4
columns: First Name → firstName | Last Name → lastName | URL → website | Email Address → email (fuzzy) | Company → company | Position → position | Connected On → ignore
line 5 · person · Irina Volkova · at Siberian Software LLC as Product Manager
  website https://www.linkedin.com/in/irina-volkova-1a2b3c
line 6 · person · Daniel Okafor
  emails daniel.okafor@example.com · website https://www.linkedin.com/in/danielokafor
  notes "Position: Freelance Designer"
"#,
        ),
        (
            "csv/hubspot-internal.csv",
            r#"
format csv · rows 3 · encoding utf-8 · delimiter ',' · preset hubSpot
columns: hs_object_id → ignore | firstname → firstName | lastname → lastName | email → email | phone → phone | mobilephone → phone | jobtitle → position | company → company | website → companyWebsite | industry → companyIndustry | city → city | state → region | lifecyclestage → clientType | hs_lead_status → ignore | hubspot_owner_id → ignore | createdate → ignore | associatedcompanyid → ignore
line 2 · person · Laura Schmidt · at Alpenbau GmbH as Head of Purchasing
  the company's: https://alpenbau.de, Construction
  phones +49892000100, +4915123456789 · emails laura.schmidt@alpenbau.de · region Bayern · type customer
  notes "City: München"
line 3 · person · Peter Huber · at Alpenbau GmbH as Site Engineer
  the company's: https://alpenbau.de, Construction
  phones +49892000100 · emails peter.huber@alpenbau.de · region Bayern · type lead
  notes "Extension: +49 89 2000 100 ext. 212\nCity: München"
  warning phone · extension · "+49 89 2000 100 ext. 212": the number is kept; its extension 212 is in the notes
line 4 · company · Brenner Logistik GmbH
  phones +4312345678 · emails info@brenner-logistik.at · website https://brenner-logistik.at · region Wien · industry Logistics · type lead
"#,
        ),
        (
            "csv/salesforce.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ',' · preset salesforce
columns: Salutation → ignore | First Name → firstName | Last Name → lastName | Title → position | Account Name → company | Mailing Street → ignore | Mailing City → city | Mailing State/Province → region | Mailing Zip/Postal Code → ignore | Mailing Country → ignore | Phone → phone | Mobile → phone | Email → email | Lead Source → source | Contact Owner → ignore | Description → notes
line 2 · person · Elena Rossi · at Adriatic Shipping S.p.A. as VP Operations
  phones +390401234567, +393331234567 · emails elena.rossi@adriaticship.it · region FVG · source Trade Show
  notes "Key decision maker\nCity: Trieste"
line 3 · person · Luca Bianchi · at Adriatic Shipping S.p.A.
  region Trieste · source Web
  notes "unparsed Email: luca.bianchi@adriaticship"
  warning Email · malformed · "luca.bianchi@adriaticship": is malformed: the domain needs a dot, as in example.com; kept in the notes
"#,
        ),
        (
            "csv/zoho.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ',' · preset zoho
columns: Contact Id → ignore | Contact Owner → ignore | Lead Source → source | First Name → firstName | Last Name → lastName | Account Name → company | Vendor Name → ignore | Email → email | Title → position | Department → ignore | Phone → phone | Home Phone → phone (fuzzy) | Other Phone → phone (fuzzy) | Fax → ignore | Mobile → phone | Date of Birth → birthday | Assistant → ignore | Asst Phone → ignore | Email Opt Out → ignore | Skype ID → ignore | Created By → ignore | Modified By → ignore | Created Time → ignore | Modified Time → ignore | Full Name → name | Mailing Street → ignore | Mailing City → city | Mailing State → region | Mailing Zip → ignore | Mailing Country → ignore | Description → notes | Secondary Email → email (fuzzy) | Tag → tags
line 2 · person · Arjun Mehta · at Sunrise Textiles Pvt Ltd as Director
  phones +912240001234, +919820012345 · emails arjun@sunrisetextiles.in, a.mehta@gmail.com · region Maharashtra · source Partner · tags Textiles, VIP · dates birthday 08-15 1979
  notes "Prefers calls before noon\nCity: Mumbai"
line 3 · person · Kapoor · at Sunrise Textiles Pvt Ltd
  region Mumbai · source Web
"#,
        ),
        (
            "csv/amocrm.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ';' · preset amoCrm
columns: ID → ignore | Имя → firstName | Фамилия → lastName | Полное имя контакта → name | Компания контакта → company | Должность (контакт) → position | Рабочий телефон (контакт) → phone | Мобильный телефон (контакт) → phone | Рабочий email (контакт) → email | Личный email (контакт) → email (fuzzy) | Ответственный → ignore | Теги → tags | Примечание → notes
line 2 · person · Сидоров Николай · at ООО «Техснаб» as Директор
  phones +74951112233, +79161234567 · emails sidorov@tehsnab.ru · tags VIP, Москва
  notes "Ждёт договор\nExtension: +7 (495) 111-22-33 ext. 102"
  warning Рабочий телефон (контакт) · extension · "+7 (495) 111-22-33 доб. 102": the number is kept; its extension 102 is in the notes
line 3 · person · Белова Ирина · at ООО «Техснаб» as Бухгалтер
  phones +79167654321
  notes "unparsed Рабочий email (контакт): belova@tehsnab"
  warning Рабочий email (контакт) · malformed · "belova@tehsnab": is malformed: the domain needs a dot, as in example.com; kept in the notes
"#,
        ),
        (
            "csv/bitrix24.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ';' · preset bitrix24
columns: ID → ignore | Обращение → ignore | Имя → firstName | Отчество → middleName | Фамилия → lastName | Дата рождения → birthday | Должность → position | Компания → company | Телефон рабочий → phone (fuzzy) | Телефон мобильный → phone (fuzzy) | E-mail рабочий → email (fuzzy) | E-mail частный → email (fuzzy) | Тип контакта → clientType | Источник → source | Ответственный → ignore | Комментарий → notes
line 2 · person · Олег Викторович Морозов · at ЗАО «Омский бекон» as Генеральный директор
  phones +73812556677, +79043210000 · emails morozov@omskbekon.ru, oleg.morozov@yandex.ru · source Выставка · type Клиенты · dates birthday 07-21 1968
  notes "Решение принимает сам"
line 3 · person · Светлана Зайцева · at ЗАО «Омский бекон» as Главный бухгалтер
  emails zaytseva@omskbekon.ru · source Выставка · type Клиенты
  notes "unparsed Телефон рабочий: 55-66-78"
  warning Телефон рабочий · malformed · "55-66-78": is malformed: too short: 6 digits, where RU numbers have 10; give the full number with its area code; kept in the notes
"#,
        ),
        (
            "csv/pipedrive.csv",
            r#"
format csv · rows 3 · encoding utf-8 · delimiter ',' · preset pipedrive
columns: Person - Name → name | Person - Organization → company | Person - Phone - Work → phone (fuzzy) | Person - Phone - Mobile → phone (fuzzy) | Person - Email - Work → email (fuzzy) | Person - Email - Home → email (fuzzy) | Person - Labels → tags | Person - Owner → ignore
line 2 · person · Ivan Kuzmin · at Baltic Freight
  phones +78126001122, +79216001123 · emails kuzmin@balticfreight.ru, ivan.kuzmin@gmail.com · tags Hot lead
line 3 · person · Elena Kuzmina · at Baltic Freight
  tags Warm lead
line 4 · company · Nordic Cargo AB
  phones +46855512345 · emails info@nordiccargo.se
"#,
        ),
    ]);
}

/// Plain phone lists: headers in other words ("Номер телефона", "Телефон рабочий"),
/// local numbers and extensions, Ukrainian numbers written without +380.
#[test]
fn phone_lists_in_russian_and_ukrainian() {
    check(&[
        (
            "csv/ru-phones.csv",
            r#"
format csv · rows 5 · encoding utf-8 · delimiter ';'
columns: № → ignore | ФИО → name | Номер телефона → phone (fuzzy) | Телефон рабочий → phone (fuzzy) | E-mail рабочий → email (fuzzy) | Примечание → notes
line 2 · person · Иванов Иван Иванович
  phones +79131234567 · emails ivanov@mail.ru
  notes "unparsed Телефон рабочий: 212-34-56"
  warning Телефон рабочий · malformed · "212-34-56": is malformed: too short: 7 digits, where RU numbers have 10; give the full number with its area code; kept in the notes
line 3 · person · Петрова Анна
  phones +79137654321, +73832123456
  notes "перезвонить\nExtension: 8 (383) 212-34-56 ext. 102"
  warning Телефон рабочий · extension · "8 (383) 212-34-56 доб. 102": the number is kept; its extension 102 is in the notes
line 4 · company · ООО «Вектор»
  phones +78005553535 · emails info@vector.ru
line 5 · person · Смирнов
  notes "unparsed Телефон рабочий: 53-25"
  warning Телефон рабочий · malformed · "53-25": is malformed: too short: 4 digits, where RU numbers have 10; give the full number with its area code; kept in the notes
issue line 6 · name · no_name · the row has nothing to name a client by: no name, company, e-mail or phone
"#,
        ),
        (
            "csv/ua-list.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ';'
columns: Прізвище → lastName | Ім'я → firstName | По батькові → middleName | Мобільний телефон → phone (fuzzy) | Телефон робочий → phone (fuzzy) | Електронна пошта → email | Компанія → company | Посада → position | Місто → city | Примітки → notes
line 2 · person · Олена Петрівна Шевченко · at ТОВ «Світанок» as Бухгалтер
  phones +380671234567, +380442345678 · emails olena.shevchenko@ukr.net · region Київ
line 3 · person · Андрій Коваленко · at ФОП Коваленко А. В.
  phones +380507654321 · region Львів
  notes "клієнт з 2019"
"#,
        ),
    ]);
}

/// A list with no header: the first row is a contact, and the columns are guessed from
/// their values.
#[test]
fn a_file_without_a_header_is_read_from_its_values() {
    check(&[(
        "csv/headerless.csv",
        r#"
format csv · rows 3 · encoding utf-8 · delimiter ';' · no header
columns: A → name (values) | B → phone (values) | C → email (values) | D → company (values)
line 1 · person · Иван Петров · at ООО «Ромашка»
  phones +79131112233 · emails ivan.petrov@mail.ru
line 2 · person · Анна Смирнова · at ИП Смирнова А. В.
  phones +73832223344
line 3 · person · Олег Сидоров
  phones +79135556677 · emails oleg@sidorov.ru
  notes "Extension: +7 913 555-66-77 ext. 5"
  warning B · extension · "+7 913 555-66-77 доб. 5": the number is kept; its extension 5 is in the notes
"#,
    )]);
}

/// A bad value in every column: each kept in the notes with a warning, "null" and its
/// kin read as empty; only a row with nothing to name a client by is left out.
#[test]
fn one_bad_value_never_loses_the_row() {
    check(&[(
        "csv/bad-values.csv",
        r#"
format csv · rows 4 · encoding utf-8 · delimiter ','
columns: Name → name | Phone → phone | Email → email | Website → website | Birthday → birthday | Kind → kind | Tags → tags | City → city | Notes → notes
line 2 · person · Bad Everything
  region Омск · tags ok
  notes "unparsed Phone: x752\nunparsed Email: not-an-email\nunparsed Website: javascript:alert(1)\nunparsed Birthday: 31.02.1990\nunparsed Kind: robot\nunparsed Tags: a-tag-that-is-far-too-long-to-be-a-tag-in-any-crm-anyone-would-use-ever"
  warning Phone · malformed · "x752": is malformed: an extension is not part of a phone number: keep it apart; kept in the notes
  warning Email · malformed · "not-an-email": is malformed: an address needs an '@'; kept in the notes
  warning Website · malformed · "javascript:alert(1)": is malformed: expected a domain such as example.com; kept in the notes
  warning Birthday · malformed · "31.02.1990": is malformed: not a date (day.month.year or year-month-day); kept in the notes
  warning Kind · malformed · "robot": is malformed: neither a company nor a person; kept in the notes
  warning Tags · too_long · "a-tag-that-is-far-too-long-to-be-a-tag-in-any-crm-anyone-would-use-ever": is 71 characters long; at most 50 are allowed; kept in the notes
line 4 · person · Good Person
  phones +79130000001 · emails good@example.com · website https://example.com · region Омск · tags vip · dates birthday 01-01 1990
  notes "Extension: +7 913 000-00-01 ext. 12"
  warning Phone · extension · "+7 913 000-00-01 ext. 12": the number is kept; its extension 12 is in the notes
line 6 · person · sip:101@pbx.example.com
  notes "SIP: 101@pbx.example.com"
  named from phone
issue line 5 · name · no_name · the row has nothing to name a client by: no name, company, e-mail or phone
"#,
    )]);
}

/// Every report of a table points at a column as a spreadsheet shows it: its letter, beside
/// the header the file gives it (a cell beyond the header has only its letter; a file with
/// no header names its columns by their letters).
#[test]
fn a_tables_columns_are_named_by_their_letters() {
    let read = |text: &str| ripen_io::read_csv(text.as_bytes(), &ripen_io::CsvOptions::default()).unwrap();
    let headed =
        read("Имя;Фамилия;Компания;Должность;Телефон;E-mail\nОльга;Смирнова;;;12;olga@\nИван;Петров;;;;;лишнее\n");
    let letters: Vec<(&str, &str)> = headed.columns.iter().map(|c| (c.letter.as_str(), c.header.as_str())).collect();
    assert_eq!(
        letters,
        [("A", "Имя"), ("B", "Фамилия"), ("C", "Компания"), ("D", "Должность"), ("E", "Телефон"), ("F", "E-mail")]
    );
    let headerless = read("Иван Петров;+7 913 111-22-33;ivan@mail.ru\nАнна Смирнова;+7 383 222-33-44;anna@mail.ru\n");
    let letters: Vec<(&str, &str)> =
        headerless.columns.iter().map(|c| (c.letter.as_str(), c.header.as_str())).collect();
    assert_eq!(letters, [("A", "A"), ("B", "B"), ("C", "C")]);
    // (line, column, letter, problem) of a warning
    type Warned<'a> = (usize, &'a str, Option<&'a str>, &'a str);
    let cases: [(&ripen_io::Read, &[Warned<'_>]); 1] = [(
        &headed,
        &[
            (2, "Телефон", Some("E"), "malformed"),
            (2, "E-mail", Some("F"), "malformed"),
            (3, "G", Some("G"), "too_many_cells"),
        ],
    )];
    for (read, expected) in cases {
        let got: Vec<Warned<'_>> = read
            .drafts
            .iter()
            .flat_map(|d| &d.warnings)
            .map(|w| (w.line, w.column.as_str(), w.letter.as_deref(), w.problem.as_ref()))
            .collect();
        assert_eq!(got, expected);
    }
    let ivan = headed.drafts.iter().find(|d| d.line == 3).unwrap();
    assert_eq!(ivan.client.fields.notes.as_ref().map(|n| n.as_str()), Some("unparsed G: лишнее"));
}

/// Bitrix24's CRM exports as it writes them: every cell quoted and followed by `;` (an
/// empty column at the end), UTF-8 with a BOM or Windows-1251, its own column names in the
/// Russian and the English interface, several phones of a kind in one cell.
#[test]
fn bitrix24_exports_are_recognised_and_mapped() {
    use ripen_io::{Field::*, Preset};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv");
    // (file, the encoding it is read in, the field of each header it has)
    type Mapping<'a> = &'a [(&'a str, ripen_io::Field)];
    let cases: [(&str, &str, Mapping<'_>); 3] = [
        (
            "bitrix24-contacts.csv",
            "utf-8",
            &[
                ("ID", Ignore),
                ("Обращение", Ignore),
                ("Имя", FirstName),
                ("Отчество", MiddleName),
                ("Фамилия", LastName),
                ("Дата рождения", Birthday),
                ("Должность", Position),
                ("Компания", Company),
                ("Рабочий телефон", Phone),
                ("Мобильный телефон", Phone),
                ("Домашний телефон", Phone),
                ("Рабочий e-mail", Email),
                ("Частный e-mail", Email),
                ("Корпоративный сайт", Website),
                ("Контакт Telegram", Ignore),
                ("Тип контакта", ClientType),
                ("Источник", Source),
                ("Ответственный", Ignore),
                ("Комментарий", Notes),
                ("Дата создания", Ignore),
                ("Кем создан", Ignore),
                ("Дата изменения", Ignore),
                ("Доступен для всех", Ignore),
                ("", Ignore),
            ],
        ),
        (
            "bitrix24-en.csv",
            "utf-8",
            &[
                ("ID", Ignore),
                ("Salutation", Ignore),
                ("First name", FirstName),
                ("Second name", MiddleName),
                ("Last name", LastName),
                ("Date of birth", Birthday),
                ("Position", Position),
                ("Company", Company),
                ("Work Phone", Phone),
                ("Mobile", Phone),
                ("Work E-mail", Email),
                ("Home E-mail", Email),
                ("Corporate Website", Website),
                ("Contact type", ClientType),
                ("Source", Source),
                ("Responsible person", Ignore),
                ("Comment", Notes),
                ("Created on", Ignore),
                ("Created by", Ignore),
                ("Modified on", Ignore),
                ("", Ignore),
            ],
        ),
        (
            "bitrix24-leads-cp1251.csv",
            "windows-1251",
            &[
                ("ID", Ignore),
                ("Название лида", Ignore),
                ("Имя", FirstName),
                ("Отчество", MiddleName),
                ("Фамилия", LastName),
                ("Название компании", Company),
                ("Должность", Position),
                ("Рабочий телефон", Phone),
                ("Мобильный телефон", Phone),
                ("Рабочий e-mail", Email),
                ("Статус", Ignore),
                ("Источник", Source),
                ("Дополнительно об источнике", Ignore),
                ("Ответственный", Ignore),
                ("Комментарий", Notes),
                ("Дата создания", Ignore),
                ("", Ignore),
            ],
        ),
    ];
    // What they read as: the contacts, a cell's several phones split.
    check(&[
        (
            "csv/bitrix24-contacts.csv",
            r#"
format csv · rows 3 · encoding utf-8 · delimiter ';' · preset bitrix24
columns: ID → ignore | Обращение → ignore | Имя → firstName | Отчество → middleName | Фамилия → lastName | Дата рождения → birthday | Должность → position | Компания → company | Рабочий телефон → phone | Мобильный телефон → phone | Домашний телефон → phone (fuzzy) | Рабочий e-mail → email | Частный e-mail → email (fuzzy) | Корпоративный сайт → website | Контакт Telegram → ignore | Тип контакта → clientType | Источник → source | Ответственный → ignore | Комментарий → notes | Дата создания → ignore | Кем создан → ignore | Дата изменения → ignore | Доступен для всех → ignore |  → ignore
line 2 · person · Андрей Павлович Соколов · at ООО «СибАгроТрейд» as Коммерческий директор
  phones +73832100001, +73832100002, +79134445566 · emails sokolov@sibagro.ru, a.sokolov@mail.ru · website https://sibagro.ru · source Выставка · type Клиенты · dates birthday 02-14 1975
  notes "Звонить после 11:00"
line 3 · person · Марина Лебедева · at ООО «СибАгроТрейд» as Главный бухгалтер
  phones +73832100003 · emails lebedeva@sibagro.ru · source Звонок · type Клиенты
line 4 · person · Олег
  phones +79231002030 · source Веб-сайт · type Поставщики
  notes "Оставил заявку на сайте"
"#,
        ),
        (
            "csv/bitrix24-en.csv",
            r#"
format csv · rows 2 · encoding utf-8 · delimiter ';' · preset bitrix24
columns: ID → ignore | Salutation → ignore | First name → firstName | Second name → middleName | Last name → lastName | Date of birth → birthday | Position → position | Company → company | Work Phone → phone | Mobile → phone | Work E-mail → email | Home E-mail → email | Corporate Website → website | Contact type → clientType | Source → source | Responsible person → ignore | Comment → notes | Created on → ignore | Created by → ignore | Modified on → ignore |  → ignore
line 2 · person · Daniel Fischer · at Nordwind Logistik GmbH as Head of Procurement
  phones +494012345670, +494012345671, +491712345678 · emails d.fischer@nordwind-logistik.de, daniel.fischer@gmail.com · website https://nordwind-logistik.de · source Trade show · type Clients
  notes "Prefers e-mail"
line 3 · person · Laura Meyer · at Nordwind Logistik GmbH as Office Manager
  phones +494012345672 · emails l.meyer@nordwind-logistik.de · source Call · type Clients
"#,
        ),
        (
            "csv/bitrix24-leads-cp1251.csv",
            r#"
format csv · rows 2 · encoding windows-1251 · delimiter ';' · preset bitrix24
columns: ID → ignore | Название лида → ignore | Имя → firstName | Отчество → middleName | Фамилия → lastName | Название компании → company | Должность → position | Рабочий телефон → phone | Мобильный телефон → phone | Рабочий e-mail → email | Статус → ignore | Источник → source | Дополнительно об источнике → ignore | Ответственный → ignore | Комментарий → notes | Дата создания → ignore |  → ignore
line 2 · person · Виктор Сергеевич Белов · at ООО «Омский бекон» as Снабженец
  phones +73812556670, +79043211122 · emails belov@omskbekon.ru · source Веб-сайт
  notes "Нужен прайс на оборудование"
line 3 · person · Елена Кравец
  phones +79137008090 · source Звонок
"#,
        ),
    ]);
    for (file, encoding, fields) in cases {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let read = ripen_io::read_csv(&bytes, &ripen_io::CsvOptions::default()).unwrap();
        assert_eq!(read.preset, Some(Preset::Bitrix24), "{file}");
        assert_eq!(read.encoding.map(|e| e.name()).as_deref(), Some(encoding), "{file}");
        assert_eq!(read.delimiter, Some(b';'), "{file}");
        let got: Vec<(&str, ripen_io::Field)> = read.columns.iter().map(|c| (c.header.as_str(), c.field)).collect();
        assert_eq!(got, fields, "{file}");
        assert!(read.issues.is_empty(), "{file}: {:?}", read.issues);
    }
}
