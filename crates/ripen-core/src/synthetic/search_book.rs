//! The search benchmark's book: clients with Russian company and person names, each with
//! two aliases (a passport-style Latin spelling and a former name), and the keystrokes
//! of a rep typing 100 of them — in Cyrillic, in another romanisation, or with a typo.

use super::{client_added, Log, START};
use crate::model::client::{Alias, AliasKind, ClientFields, ClientKind, ClientName};
use crate::model::event::Event;
use crate::read::search::translit::latin;

const ADJECTIVES: &[&str] = &[
    "Сибирские",
    "Уральские",
    "Волжские",
    "Байкальские",
    "Алтайские",
    "Енисейские",
    "Амурские",
    "Кубанские",
    "Донские",
    "Камские",
    "Северные",
    "Южные",
    "Восточные",
    "Западные",
    "Центральные",
    "Балтийские",
    "Полярные",
    "Таёжные",
    "Степные",
    "Горные",
];
const NOUNS: &[&str] = &[
    "моторы",
    "системы",
    "технологии",
    "машины",
    "сети",
    "заводы",
    "мастерские",
    "верфи",
    "поставки",
    "решения",
    "инвестиции",
    "агрегаты",
    "комбайны",
    "насосы",
    "турбины",
    "кабели",
    "трубы",
    "станки",
    "краски",
    "удобрения",
];
const CITIES: &[&str] = &[
    "Новосибирск",
    "Омск",
    "Томск",
    "Барнаул",
    "Кемерово",
    "Иркутск",
    "Красноярск",
    "Тюмень",
    "Пермь",
    "Казань",
    "Самара",
    "Уфа",
    "Челябинск",
    "Екатеринбург",
    "Воронеж",
    "Ростов",
    "Краснодар",
    "Саратов",
    "Волгоград",
    "Мурманск",
];
const ENDINGS: &[&str] = &[
    "Плюс",
    "Групп",
    "Трейд",
    "Сервис",
    "Холдинг",
    "Инжиниринг",
    "Логистик",
    "Снаб",
    "Пром",
    "Техно",
    "Юнион",
    "Альянс",
];
const SURNAMES: &[&str] = &[
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Щукин",
    "Цветков",
    "Хабаров",
    "Чайкин",
    "Шишкин",
];
const FIRST_NAMES: &[&str] = &[
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Максим",
    "Евгений",
    "Иван",
    "Михаил",
    "Артём",
    "Юрий",
    "Николай",
    "Павел",
    "Владимир",
    "Константин",
    "Олег",
    "Игорь",
    "Фёдор",
    "Пётр",
    "Илья",
    "Ярослав",
    "Григорий",
    "Вячеслав",
    "Денис",
    "Роман",
    "Кирилл",
    "Виктор",
    "Антон",
    "Степан",
    "Тимофей",
];
const PATRONYMICS: &[&str] = &[
    "Александрович",
    "Сергеевич",
    "Дмитриевич",
    "Андреевич",
    "Алексеевич",
    "Иванович",
    "Михайлович",
    "Николаевич",
    "Павлович",
    "Владимирович",
    "Юрьевич",
    "Олегович",
    "Игоревич",
    "Фёдорович",
    "Петрович",
    "Ильич",
    "Викторович",
    "Григорьевич",
    "Романович",
    "Евгеньевич",
];

/// The passport (ICAO 2013) romanisation, the one a Latin alias usually has.
fn passport(text: &str) -> String {
    romanise(text, false)
}

/// GOST 7.79 B, the romanisation a rep might type instead.
fn gost(text: &str) -> String {
    romanise(text, true)
}

fn romanise(text: &str, gost: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        // The shared table, with what each scheme spells its own way.
        let own = match (lower, gost) {
            ('й', false) => Some("i"),
            ('ъ', false) => Some("ie"),
            ('ю', false) => Some("iu"),
            ('я', false) => Some("ia"),
            ('ё', true) => Some("yo"),
            ('ъ' | 'ь', true) => Some("'"),
            ('«' | '»', _) => Some("\""),
            _ => None,
        };
        let Some(latin) = own.or_else(|| latin(lower).filter(|_| ('а'..='я').contains(&lower) || lower == 'ё'))
        else {
            out.push(c);
            continue;
        };
        if c.is_uppercase() {
            let mut chars = latin.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(latin);
        }
    }
    out
}

/// The names of the book's clients, and their number.
struct Namer {
    state: u64,
}

impl Namer {
    fn next(&mut self) -> usize {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        (self.state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 16) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next() % list.len()]
    }

    /// A company's words (without the legal form), or a person's.
    fn name(&mut self, person: bool) -> String {
        if person {
            format!("{} {} {}", self.pick(SURNAMES), self.pick(FIRST_NAMES), self.pick(PATRONYMICS))
        } else {
            format!("{} {} {} {}", self.pick(ADJECTIVES), self.pick(NOUNS), self.pick(CITIES), self.pick(ENDINGS))
        }
    }
}

/// The benchmark's workload.
#[derive(Debug)]
pub struct SearchBook {
    /// The clients, as events.
    pub events: Vec<Event>,
    /// Each client's name and its two aliases, in the order they were added.
    pub names: Vec<[String; 3]>,
    /// Every keystroke of 100 names typed from their second letter, in order.
    pub keystrokes: Vec<String>,
    /// Each typed name in full, with the index of the client it names.
    pub targets: Vec<(usize, String)>,
}

/// `clients` clients, two in five of them people; each with a Latin alias and a former
/// name.
pub fn search_book(clients: usize) -> SearchBook {
    let mut namer = Namer { state: 0x51ab_c0de_1234_5678 };
    let mut log = Log::new(0x5ea7, clients);
    let mut names = Vec::with_capacity(clients);
    for i in 0..clients {
        let person = i % 5 < 2;
        let words = namer.name(person);
        let name = if person { words.clone() } else { format!("ООО «{words}»") };
        let latin = passport(&name);
        let former = if person { namer.name(true) } else { format!("ЗАО «{}»", namer.name(false)) };
        let parse = |text: &str| ClientName::parse(text).unwrap_or_else(|_| unreachable!("synthetic names are valid"));
        let aliases = vec![
            Alias { kind: AliasKind::Latin, name: parse(&latin), until: None },
            Alias { kind: AliasKind::Former, name: parse(&former), until: None },
        ];
        let kind = if person { ClientKind::Person } else { ClientKind::Company };
        log.push(START, |id, user| {
            let mut added =
                client_added(id, name.clone(), ClientFields { kind, ..ClientFields::default() }, Some(user.clone()));
            if let crate::model::event::EventPayload::ClientAdded { aliases: slot, .. } = &mut added {
                *slot = aliases;
            }
            added
        });
        names.push([name, latin, former]);
    }
    let mut keystrokes = Vec::new();
    let mut targets = Vec::new();
    for t in 0..100 {
        let target = super::spread(t, 7_919, clients);
        let [name, _, _] = &names[target];
        let words = name.replace(['«', '»'], "").replace("ООО ", "");
        let typed = match t % 3 {
            0 => words,
            1 => gost(&words),
            _ => {
                // A letter dropped from the middle of the first long word.
                let mut chars: Vec<char> = words.chars().collect();
                if let Some(at) =
                    words.split(' ').next().filter(|w| w.chars().count() >= 6).map(|w| w.chars().count() / 2)
                {
                    chars.remove(at);
                }
                chars.into_iter().collect()
            }
        };
        let chars: Vec<char> = typed.chars().collect();
        targets.push((target, typed.clone()));
        for end in 2..=chars.len() {
            if chars[end - 1] != ' ' {
                keystrokes.push(chars[..end].iter().collect());
            }
        }
    }
    SearchBook { events: log.events, names, keystrokes, targets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanisations_read_as_expected() {
        assert_eq!(passport("Юлия Щукина"), "Iuliia Shchukina");
        assert_eq!(gost("Юлия Щукина"), "Yuliya Shchukina");
        assert_eq!(passport("ООО «Сибирские моторы»"), r#"OOO "Sibirskie motory""#);
    }
}
