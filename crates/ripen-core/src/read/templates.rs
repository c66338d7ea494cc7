//! A template filled in for one client: every variable's value from the client's record,
//! the variables it has no value for (left visible as `{name}`, never as a silent blank),
//! the stage's stimuli, and the links that send it from the device.

use crate::model::client::{Client, ClientKind};
use crate::model::relationship::RelationKind;
use crate::model::template::{pieces, Locale, Piece, Template, Variable};
use crate::state::CrmState;
use crate::values::send_link::{links, SendLink};
use crate::values::{DateKind, ImportantDate};
use chrono::{Datelike, NaiveDate};

/// A template filled in for a client.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct Rendered<'a> {
    pub template: &'a Template,
    pub subject: Option<String>,
    pub body: String,
    /// The variables the client has no value for, in the order the text names them; each
    /// stays in the text as `{name}`, for the rep to fill in before sending.
    pub missing: Vec<Variable>,
    /// The recommended next actions of the template's stage.
    pub stimuli: &'a [String],
    pub links: Vec<SendLink>,
}

/// Fills `template` in for `client` on `today`. `sees` says whether the reader may see a
/// client (an employer it may not see is not named).
pub fn render<'a>(
    state: &'a CrmState,
    template: &'a Template,
    client: &Client,
    today: NaiveDate,
    sees: impl Fn(&Client) -> bool,
) -> Rendered<'a> {
    let mut missing = Vec::new();
    let mut fill = |field: &str, text: &str| -> String {
        // A saved template always parses; one that does not (damaged) is shown as it is.
        let Ok(pieces) = pieces(field, text) else { return text.to_owned() };
        let mut out = String::with_capacity(text.len() + 32);
        for piece in pieces {
            match piece {
                Piece::Text(text) => out.push_str(&text),
                Piece::Variable(variable) => match value(state, client, variable, template.locale, today, &sees) {
                    Some(value) => out.push_str(&value),
                    None => {
                        if !missing.contains(&variable) {
                            missing.push(variable);
                        }
                        out.push('{');
                        out.push_str(variable.as_str());
                        out.push('}');
                    }
                },
            }
        }
        out
    };
    let subject = template.subject.as_deref().map(|s| fill("subject", s));
    let body = fill("body", &template.body);
    let fields = &client.fields;
    let links = links(template.channel, &fields.phones, &fields.emails, &fields.messengers, subject.as_deref(), &body);
    Rendered {
        template,
        subject,
        body,
        missing,
        stimuli: state.stimuli.for_stage(&template.pipeline, &template.stage),
        links,
    }
}

/// The variables `template` names, in the order its subject and body name them, each once.
pub fn variables(template: &Template) -> Vec<Variable> {
    let mut found = Vec::new();
    let texts = [("subject", template.subject.as_deref()), ("body", Some(template.body.as_str()))];
    for (field, text) in texts {
        // A saved template always parses; one that does not (damaged) names nothing.
        for piece in text.and_then(|text| pieces(field, text).ok()).into_iter().flatten() {
            if let Piece::Variable(variable) = piece {
                if !found.contains(&variable) {
                    found.push(variable);
                }
            }
        }
    }
    found
}

/// Of `variables` (a template's, [`variables`]), those `client` has no value for: what
/// [`render`] would list as `missing`, without writing the text.
pub fn missing(
    state: &CrmState,
    client: &Client,
    variables: &[Variable],
    locale: Locale,
    today: NaiveDate,
    sees: impl Fn(&Client) -> bool,
) -> Vec<Variable> {
    variables.iter().copied().filter(|v| value(state, client, *v, locale, today, &sees).is_none()).collect()
}

/// A variable's value for the client, if it has one.
fn value(
    state: &CrmState,
    client: &Client,
    variable: Variable,
    locale: Locale,
    today: NaiveDate,
    sees: &impl Fn(&Client) -> bool,
) -> Option<String> {
    let fields = &client.fields;
    match variable {
        Variable::Name => Some(client.name.to_string()),
        Variable::FirstName => (client.kind() == ClientKind::Person).then(|| first_name(client.name.as_str())),
        Variable::Company => match client.kind() {
            ClientKind::Company => Some(client.name.to_string()),
            ClientKind::Person => state
                .relationships
                .of_client(&client.id)
                .filter(|r| r.kind == RelationKind::Employee && r.to == client.id && r.ended.is_none())
                .filter_map(|r| state.live_client(&r.from))
                .find(|company| sees(company))
                .map(|company| company.name.to_string()),
        },
        Variable::Event => fields
            .meetups
            .iter()
            .filter(|m| m.ends_on.unwrap_or(m.starts_on) >= today)
            .min_by_key(|m| m.starts_on)
            .map(|m| m.title.clone()),
        Variable::Wish => fields.wishes.iter().rev().max_by_key(|w| w.noted_on).map(|w| w.text.clone()),
        Variable::Rep => {
            let owner = client.owner.as_ref()?;
            Some(state.people.user(owner).map_or_else(|| owner.to_string(), |user| user.name.clone()))
        }
        Variable::Date => fields
            .dates
            .iter()
            .map(|date| (next_on(date, today), date))
            .min_by_key(|(on, _)| *on)
            .map(|(on, date)| describe_date(date, on, locale)),
    }
}

/// A person's first name: the second of three words when the third is a Russian
/// patronymic ("Иванов Пётр Сергеевич"), the first word otherwise ("Пётр Иванов",
/// "Anna Smith").
fn first_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let patronymic = |w: &str| {
        let w = w.to_lowercase();
        ["вич", "вна", "чна", "кызы", "оглы"].iter().any(|end| w.ends_with(end))
    };
    match words.as_slice() {
        [_, first, last] if patronymic(last) => (*first).to_owned(),
        [first, ..] => (*first).to_owned(),
        [] => name.to_owned(),
    }
}

/// The next day on or after `today` the date comes back on (29 February: the 28th in a
/// common year).
fn next_on(date: &ImportantDate, today: NaiveDate) -> NaiveDate {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, date.month, date.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, date.month, date.day - 1))
            .unwrap_or(today)
    };
    let this_year = on(today.year());
    if this_year >= today {
        this_year
    } else {
        on(today.year() + 1)
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "день рождения 12.03", "birthday on March 12"; a label says what, when there is one.
fn describe_date(date: &ImportantDate, on: NaiveDate, locale: Locale) -> String {
    let what = date.label.clone().unwrap_or_else(|| {
        match (locale, date.kind) {
            (Locale::Ru, DateKind::Birthday) => "день рождения",
            (Locale::Ru, DateKind::PetBirthday) => "день рождения питомца",
            (Locale::Ru, DateKind::CompanyAnniversary) => "годовщина компании",
            (Locale::Ru, DateKind::Other) => "памятная дата",
            (Locale::En, DateKind::Birthday) => "birthday",
            (Locale::En, DateKind::PetBirthday) => "a pet's birthday",
            (Locale::En, DateKind::CompanyAnniversary) => "the company's anniversary",
            (Locale::En, DateKind::Other) => "an important date",
        }
        .to_owned()
    });
    match locale {
        Locale::Ru => format!("{what} {:02}.{:02}", on.day(), on.month()),
        Locale::En => format!("{what} on {} {}", MONTHS_EN[on.month0() as usize], on.day()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_names_come_from_the_right_word() {
        // (name, first name)
        let cases = [
            ("Иванов Пётр Сергеевич", "Пётр"),
            ("Петрова Анна Игоревна", "Анна"),
            ("Пётр Иванов", "Пётр"),
            ("Anna Smith", "Anna"),
            ("Mary Ann Jones", "Mary"),
            ("Cher", "Cher"),
        ];
        for (name, first) in cases {
            assert_eq!(first_name(name), first, "{name}");
        }
    }

    #[test]
    fn a_recurring_date_comes_next_on_or_after_today() {
        let today: NaiveDate = "2027-03-10".parse().unwrap();
        let date = |month, day| ImportantDate::parse("birthday", None, month, day, None).unwrap();
        // (month, day, next)
        let cases = [(3, 10, "2027-03-10"), (3, 11, "2027-03-11"), (3, 9, "2028-03-09"), (2, 29, "2028-02-29")];
        for (month, day, next) in cases {
            assert_eq!(next_on(&date(month, day), today), next.parse::<NaiveDate>().unwrap(), "{month}-{day}");
        }
        let leap_day = next_on(&date(2, 29), "2026-01-01".parse().unwrap());
        assert_eq!(leap_day, "2026-02-28".parse::<NaiveDate>().unwrap());
    }

    #[test]
    fn dates_read_in_the_templates_language() {
        let on: NaiveDate = "2027-03-12".parse().unwrap();
        let birthday = ImportantDate::parse("birthday", None, 3, 12, None).unwrap();
        let dog = ImportantDate::parse("pet_birthday", Some("Джек"), 3, 12, None).unwrap();
        assert_eq!(describe_date(&birthday, on, Locale::Ru), "день рождения 12.03");
        assert_eq!(describe_date(&birthday, on, Locale::En), "birthday on March 12");
        assert_eq!(describe_date(&dog, on, Locale::Ru), "Джек 12.03");
    }
}
