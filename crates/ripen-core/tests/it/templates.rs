//! Stage templates through the engine: saved and removed by whoever configures, reverted,
//! kept by a checkpoint (the defaults left out of it), and filled in for a client with the
//! missing variables named, the stage's stimuli and the send links.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::people::{Role, UserProfile};
use ripen_core::relationship::RelationKind;
use ripen_core::template::{default_templates, Locale, TemplateDraft, Variable};
use ripen_core::values::{Channel, Email, Meetup, Messenger, Phone, Region, Wish};
use ripen_core::{
    ClientId, ClientKind, Command, Engine, ErrorKind, Event, EventPayload, MemoryStore, NewClient, ReplicaId,
    TemplateId, UserId,
};

fn user(id: &str) -> UserId {
    id.parse().unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_790_000_000_000).unwrap() + Duration::minutes(minutes)
}

struct Crm {
    engine: Engine<MemoryStore>,
    tick: i64,
}

impl Crm {
    /// head (head of sales), anna (a manager) and root (the admin), acting as head.
    fn new() -> Self {
        let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(24), user("head"))).unwrap();
        let mut crm = Self { engine, tick: 0 };
        for (id, name, role) in [
            ("head", "Ольга Head", Role::HeadOfSales),
            ("anna", "Анна Смирнова", Role::Manager),
            ("root", "Root", Role::Admin),
        ] {
            crm.run(Command::SaveUser { user: user(id), profile: UserProfile::new(name, role, None) }).unwrap();
        }
        crm
    }

    fn run(&mut self, command: Command) -> Result<Vec<Event>, ripen_core::Error> {
        self.tick += 1;
        block_on(self.engine.execute(command, at(self.tick)))
    }

    fn add(&mut self, kind: ClientKind, name: &str, fill: impl FnOnce(&mut NewClient)) -> ClientId {
        let mut new = NewClient::named(kind, name.parse().unwrap());
        new.owner = Some(user("anna"));
        fill(&mut new);
        self.run(Command::AddClient(new)).unwrap()[0].payload.clients()[0].clone()
    }
}

fn draft(id: &str, channel: Channel, subject: Option<&str>, body: &str) -> TemplateDraft {
    TemplateDraft {
        id: id.parse().unwrap(),
        pipeline: "sales".parse().unwrap(),
        stage: "offer_sent".parse().unwrap(),
        channel,
        locale: Locale::Ru,
        name: "Письмо с КП".into(),
        subject: subject.map(str::to_owned),
        body: body.into(),
    }
}

#[test]
fn a_new_base_has_the_default_templates_and_a_head_edits_them_with_undo() {
    let mut crm = Crm::new();
    assert_eq!(crm.engine.state().templates.all().len(), default_templates().len());

    let saved =
        crm.run(Command::SaveTemplate { draft: draft("mine", Channel::Email, Some("КП"), "Hi {name}") }).unwrap();
    assert!(matches!(&saved[0].payload, EventPayload::TemplateSaved { old: None, .. }));
    let again = crm.run(Command::SaveTemplate { draft: draft("mine", Channel::Email, Some("КП"), "Hi {name}") });
    assert!(again.unwrap().is_empty(), "saving the same template changes nothing");
    let changed = crm.run(Command::SaveTemplate { draft: draft("mine", Channel::Email, None, "Bye {rep}") }).unwrap();
    let id: TemplateId = "mine".parse().unwrap();
    assert_eq!(crm.engine.state().templates.get(&id).unwrap().body, "Bye {rep}");

    crm.run(Command::Revert { event: changed[0].id.clone(), force: false }).unwrap();
    assert_eq!(crm.engine.state().templates.get(&id).unwrap().body, "Hi {name}", "a revert brings the old text back");
    crm.run(Command::Revert { event: saved[0].id.clone(), force: true }).unwrap();
    assert!(crm.engine.state().templates.get(&id).is_none(), "reverting the first save removes it");

    let default: TemplateId = "sales-offer_sent-email-ru".parse().unwrap();
    let removed = crm.run(Command::RemoveTemplate { template: default.clone() }).unwrap();
    assert!(crm.engine.state().templates.get(&default).is_none());
    crm.run(Command::Revert { event: removed[0].id.clone(), force: false }).unwrap();
    assert_eq!(crm.engine.state().templates.get(&default), default_templates().iter().find(|t| t.id == default));

    let missing = crm.run(Command::RemoveTemplate { template: "nope".parse().unwrap() }).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

#[test]
fn a_template_is_checked_when_saved_and_only_those_who_configure_save_one() {
    let mut crm = Crm::new();
    // (draft, error kind)
    let mut no_stage = draft("x", Channel::Call, None, "Hi");
    no_stage.stage = "nowhere".parse().unwrap();
    let cases = [
        (draft("x", Channel::Email, None, "Hi {nmae}"), ErrorKind::Validation),
        (draft("x", Channel::Email, None, "Hi {name"), ErrorKind::Validation),
        (draft("x", Channel::Email, None, ""), ErrorKind::Validation),
        (no_stage, ErrorKind::NotFound),
    ];
    for (draft, kind) in cases {
        assert_eq!(crm.run(Command::SaveTemplate { draft: draft.clone() }).unwrap_err().kind(), kind, "{draft:?}");
    }
    let before = crm.engine.state().templates.clone();
    block_on(crm.engine.switch_user(user("anna"))).unwrap();
    let refused = crm.run(Command::SaveTemplate { draft: draft("x", Channel::Call, None, "Hi") }).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Forbidden);
    let refused = crm.run(Command::RemoveTemplate { template: "sales-offer_sent-email-ru".parse().unwrap() });
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Forbidden);
    assert_eq!(crm.engine.state().templates, before, "nothing changed");
}

#[test]
fn a_checkpoint_keeps_the_templates_and_leaves_the_defaults_out() {
    let mut crm = Crm::new();
    let defaults = ripen_core::checkpoint::write(&crm.engine.state(), 1);
    let bytes: Vec<u8> = defaults.parts.concat();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("\"templates\""), "the defaults are not written: old checkpoints read the same");
    assert_eq!(ripen_core::checkpoint::read(&defaults).unwrap().templates, crm.engine.state().templates);

    crm.run(Command::SaveTemplate { draft: draft("mine", Channel::Message, None, "Привет, {first_name} & co") })
        .unwrap();
    crm.run(Command::RemoveTemplate { template: "sales-lead_received-call-en".parse().unwrap() }).unwrap();
    let state = crm.engine.state().clone();
    let read = ripen_core::checkpoint::read(&ripen_core::checkpoint::write(&state, 2)).unwrap();
    assert_eq!(read.templates, state.templates);
    assert_eq!(read, state);
}

#[test]
fn a_template_is_filled_in_for_a_client_with_what_is_missing_named() {
    let mut crm = Crm::new();
    let today: NaiveDate = "2026-09-20".parse().unwrap();
    let company = crm.add(ClientKind::Company, "ООО «Сибмоторс»", |_| {});
    let ru = Region::parse("RU").unwrap();
    let person = crm.add(ClientKind::Person, "Иванов Пётр Сергеевич", |c| {
        c.fields.phones = vec![Phone::parse("+7 913 123-45-67", ru).unwrap()];
        c.fields.emails = vec!["petr@sibmotors.ru".parse::<Email>().unwrap()];
        c.fields.messengers = vec![Messenger::parse("whatsapp", "+79131234567").unwrap()];
        c.fields.wishes = vec![
            Wish::parse("старое желание", "2025-01-01".parse().unwrap()).unwrap(),
            Wish::parse("станок с ЧПУ & сервис", "2026-05-01".parse().unwrap()).unwrap(),
        ];
        c.fields.meetups = vec![
            Meetup::parse("Прошедшая выставка", None, "2026-01-10".parse().unwrap(), None).unwrap(),
            Meetup::parse("Иннопром", Some("Екатеринбург"), "2027-07-07".parse().unwrap(), None).unwrap(),
            Meetup::parse("Металлообработка", None, "2026-09-19".parse().unwrap(), Some("2026-09-22".parse().unwrap()))
                .unwrap(),
        ];
    });
    crm.run(Command::Link {
        from: company.clone(),
        to: person.clone(),
        kind: RelationKind::Employee,
        position: None,
        since: None,
    })
    .unwrap();
    crm.run(Command::SaveTemplate {
        draft: draft("all", Channel::Message, None, "{name}|{first_name}|{company}|{event}|{wish}|{rep}|{date}|{{x}}"),
    })
    .unwrap();
    let view = crm.engine.view();
    let rendered = view.render_template(&"all".parse().unwrap(), &person, today).unwrap();
    assert_eq!(
        rendered.body,
        "Иванов Пётр Сергеевич|Пётр|ООО «Сибмоторс»|Металлообработка|станок с ЧПУ & сервис|Анна Смирнова|{date}|{x}"
    );
    assert_eq!(rendered.missing, [Variable::Date], "no important date: named, and left visible");
    let hrefs: Vec<&str> = rendered.links.iter().map(|l| l.href.as_str()).collect();
    assert_eq!(hrefs.len(), 2, "{hrefs:?}");
    assert!(hrefs[0].starts_with("sms:+79131234567?&body=%D0%98"), "{}", hrefs[0]);
    assert!(hrefs[1].starts_with("https://wa.me/79131234567?text="), "{}", hrefs[1]);
    assert_eq!(rendered.stimuli, view.stimuli().for_stage(&"sales".parse().unwrap(), &"offer_sent".parse().unwrap()));

    // A company: its own name is {company}; it has no first name, no owner's phone.
    let email = view.render_template(&"sales-offer_sent-email-ru".parse().unwrap(), &company, today).unwrap();
    assert_eq!(email.subject.as_deref(), Some("Коммерческое предложение для ООО «Сибмоторс»"));
    assert!(email.body.starts_with("Здравствуйте, {first_name}!"), "{}", email.body);
    assert_eq!(email.missing, [Variable::FirstName]);
    assert!(email.links.is_empty(), "no e-mail address, no link");

    let maturing = view.render_template(&"maturation-considering-email-en".parse().unwrap(), &person, today).unwrap();
    assert!(maturing.stimuli.iter().any(|s| s.contains("case study")), "{:?}", maturing.stimuli);
    assert_eq!(maturing.links.len(), 1);
    assert!(maturing.links[0].href.starts_with("mailto:petr@sibmotors.ru?subject=How%20a%20company"));

    let unknown = view.render_template(&"nope".parse().unwrap(), &person, today).unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
}
