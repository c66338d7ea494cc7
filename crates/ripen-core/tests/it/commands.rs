//! Random commands for property tests: the steps a user may take, their strategies, and
//! the command a step makes against an engine's state (`None` when it makes none).

use futures_executor::block_on;
use proptest::prelude::*;
use ripen_core::command::{LeadCapture, NewTouch};
use ripen_core::import::{EmployerRef, ImportBatch, ImportFormat, ImportMerge, ImportSource, ImportedClient};
use ripen_core::lead::{Consent, Rating, RawAnswer};
use ripen_core::people::{Role, UserProfile};
use ripen_core::pipeline::{CardPosition, Stage};
use ripen_core::relationship::RelationKind;
use ripen_core::routing::{Routing, Target};
use ripen_core::show::{Question, QuestionKind, ShowDraft};
use ripen_core::touch::{Outcome, Plan};
use ripen_core::values::{Channel, CountryCode, Label, Phone, Tag};
use ripen_core::{
    Alias, AliasKind, ClientKind, ClientName, Command, Engine, FieldValue, Grantee, MemoryStore, NewClient,
};

#[derive(Debug, Clone)]
pub(crate) enum Step {
    Add(String, bool),
    AddMany(Vec<String>),
    Update(usize, Vec<Patch>),
    Rename(usize, String),
    AddAlias(usize, String, usize),
    RemoveAlias(usize, usize),
    Remove(usize),
    Restore(usize),
    /// Revert the n-th most recent event, forced or not.
    Revert(usize, bool),
    SaveUser(usize, bool, usize, Option<usize>),
    SaveTeam(usize),
    Share(usize, bool, usize, bool),
    SaveRouting(Option<(usize, bool, bool)>),
    Route(usize, Option<usize>),
    SwitchUser(usize),
    Merge(usize, usize),
    HandOff(usize, Option<usize>),
    Link(usize, usize, usize),
    EndLink(usize, u32),
    PlanTouch(usize),
    LogTouch(usize),
    SettleTouch(usize, u8),
    MoveCard(usize, usize, Option<usize>),
    AddStage(usize, String),
    ChangeStage(usize, usize, bool, Option<u32>),
    ReorderStages(usize, usize),
    /// Import companies (the last with an employee) and fill in a client.
    Import(Vec<String>, Option<(usize, Vec<Patch>)>),
    /// Revert an import, or redo it by reverting its revert.
    RevertImport(usize, bool),
    /// Save a show (a new one, or the n-th) at a pipeline's n-th stage; or archive it.
    SaveShow(Option<usize>, usize, bool),
    /// Capture a lead (at the n-th show, or the one running) with answers, a rating and
    /// a consent.
    CaptureLead(String, Option<usize>, Vec<(usize, usize)>, Option<usize>, Option<(bool, bool)>),
    QualifyLead(usize, Vec<(usize, usize)>, Option<usize>),
    RecordConsent(usize, bool, bool),
    /// Save the n-th of [`TEMPLATES`] with the n-th of [`TEMPLATE_BODIES`] (the last refused).
    SaveTemplate(usize, usize),
    RemoveTemplate(usize),
    FailNextCommit,
    Reopen,
    Checkpoint,
}

/// The questions the proptest's shows ask, and answers to them (some not listed).
pub(crate) const QUESTIONS: [&str; 3] = ["interest", "note", "colour"];
pub(crate) const ANSWERS: [&str; 3] = ["Service", "Products", "a demo"];

#[derive(Debug, Clone)]
pub(crate) enum Patch {
    Region(Option<usize>),
    Tags(Vec<usize>),
    Phones(Vec<usize>),
    Preferred(Option<usize>),
    Kind(bool),
}

pub(crate) const REGIONS: [&str; 3] = ["Сибирь", "Урал", "Москва"];
pub(crate) const TAGS: [&str; 4] = ["vip", "выставка", "холдинг", "new"];
pub(crate) const PHONES: [&str; 3] = ["+7 913 123-45-67", "8 383 200-00-00", "+1 415 555 0100"];
pub(crate) const CHANNELS: [Channel; 3] = [Channel::Call, Channel::Email, Channel::Meeting];
pub(crate) const USERS: [&str; 3] = ["anna", "boris", "vera"];
pub(crate) const TEAMS: [&str; 2] = ["msk", "nsk"];
pub(crate) const ROLES: [Role; 4] = [Role::Manager, Role::Support, Role::HeadOfSales, Role::Admin];
pub(crate) const PIPELINES: [&str; 2] = ["sales", "maturation"];
/// A default template, a new one, and another default.
pub(crate) const TEMPLATES: [&str; 3] = ["sales-offer_sent-email-ru", "mine", "maturation-owning-message-en"];
pub(crate) const TEMPLATE_BODIES: [&str; 3] = ["Hi {name}", "{first_name} & {company}\n{{x}}", "broken {nmae}"];

pub(crate) fn name() -> impl Strategy<Value = String> {
    "[ a-zA-Zа-яА-Я«»\t]{0,10}"
}

pub(crate) fn patch() -> impl Strategy<Value = Patch> {
    prop_oneof![
        prop::option::of(0..REGIONS.len()).prop_map(Patch::Region),
        prop::collection::vec(0..TAGS.len(), 0..3).prop_map(Patch::Tags),
        prop::collection::vec(0..PHONES.len(), 0..3).prop_map(Patch::Phones),
        prop::option::of(0..CHANNELS.len()).prop_map(Patch::Preferred),
        any::<bool>().prop_map(Patch::Kind),
    ]
}

pub(crate) fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (name(), any::<bool>()).prop_map(|(n, p)| Step::Add(n, p)),
        1 => prop::collection::vec(name(), 0..8).prop_map(Step::AddMany),
        4 => (any::<usize>(), prop::collection::vec(patch(), 0..4)).prop_map(|(c, p)| Step::Update(c, p)),
        2 => (any::<usize>(), name()).prop_map(|(c, n)| Step::Rename(c, n)),
        2 => (any::<usize>(), name(), 0..AliasKind::NAMES.len()).prop_map(|(c, n, k)| Step::AddAlias(c, n, k)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(c, a)| Step::RemoveAlias(c, a)),
        1 => any::<usize>().prop_map(Step::Remove),
        1 => any::<usize>().prop_map(Step::Restore),
        3 => (0usize..6, any::<bool>()).prop_map(|(n, f)| Step::Revert(n, f)),
        2 => (0..USERS.len(), any::<bool>(), 0..ROLES.len(), prop::option::of(0..TEAMS.len())).prop_map(|(u, a, r, t)| Step::SaveUser(u, a, r, t)),
        1 => (0..TEAMS.len()).prop_map(Step::SaveTeam),
        1 => (any::<usize>(), any::<bool>(), 0..USERS.len(), any::<bool>()).prop_map(|(c, t, g, s)| Step::Share(c, t, g, s)),
        1 => prop::option::of((0..TEAMS.len(), any::<bool>(), any::<bool>())).prop_map(Step::SaveRouting),
        1 => (any::<usize>(), prop::option::of(0..TEAMS.len())).prop_map(|(c, t)| Step::Route(c, t)),
        1 => (0..USERS.len()).prop_map(Step::SwitchUser),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Step::Merge(a, b)),
        1 => (any::<usize>(), prop::option::of(0..USERS.len())).prop_map(|(c, u)| Step::HandOff(c, u)),
        2 => (any::<usize>(), any::<usize>(), 0..RelationKind::NAMES.len()).prop_map(|(a, b, k)| Step::Link(a, b, k)),
        1 => (any::<usize>(), 1u32..28).prop_map(|(r, d)| Step::EndLink(r, d)),
        2 => any::<usize>().prop_map(Step::PlanTouch),
        1 => any::<usize>().prop_map(Step::LogTouch),
        2 => (any::<usize>(), 0u8..3).prop_map(|(t, how)| Step::SettleTouch(t, how)),
        3 => (any::<usize>(), 0usize..2, prop::option::of(0usize..8)).prop_map(|(c, p, s)| Step::MoveCard(c, p, s)),
        1 => (0usize..2, "[a-z]{1,6}").prop_map(|(p, n)| Step::AddStage(p, n)),
        1 => (0usize..2, any::<usize>(), any::<bool>(), prop::option::of(1u32..30)).prop_map(|(p, s, r, d)| Step::ChangeStage(p, s, r, d)),
        1 => (0usize..2, any::<usize>()).prop_map(|(p, seed)| Step::ReorderStages(p, seed)),
        1 => (prop::collection::vec(name(), 0..4), prop::option::of((any::<usize>(), prop::collection::vec(patch(), 0..3))))
            .prop_map(|(names, merge)| Step::Import(names, merge)),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(n, f)| Step::RevertImport(n, f)),
        1 => (prop::option::of(any::<usize>()), 0usize..8, any::<bool>()).prop_map(|(s, st, a)| Step::SaveShow(s, st, a)),
        2 => (name(), prop::option::of(any::<usize>()), prop::collection::vec((0..QUESTIONS.len(), 0..ANSWERS.len()), 0..3),
              prop::option::of(0..Rating::NAMES.len()), prop::option::of((any::<bool>(), any::<bool>())))
            .prop_map(|(n, s, a, r, c)| Step::CaptureLead(n, s, a, r, c)),
        1 => (any::<usize>(), prop::collection::vec((0..QUESTIONS.len(), 0..ANSWERS.len()), 0..2), prop::option::of(0..Rating::NAMES.len()))
            .prop_map(|(c, a, r)| Step::QualifyLead(c, a, r)),
        1 => (any::<usize>(), any::<bool>(), any::<bool>()).prop_map(|(c, k, m)| Step::RecordConsent(c, k, m)),
        1 => (0..TEMPLATES.len(), 0..TEMPLATE_BODIES.len()).prop_map(|(t, b)| Step::SaveTemplate(t, b)),
        1 => (0..TEMPLATES.len()).prop_map(Step::RemoveTemplate),
        1 => Just(Step::FailNextCommit),
        1 => Just(Step::Reopen),
        1 => Just(Step::Checkpoint),
    ]
}

/// The steps that give or take rights (profiles, owners, shares) and those that need them,
/// for the tests of what devices apart may change.
pub(crate) fn rights_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..USERS.len(), any::<bool>(), 0..ROLES.len(), prop::option::of(0..TEAMS.len())).prop_map(|(u, a, r, t)| Step::SaveUser(u, a, r, t)),
        3 => (any::<usize>(), prop::option::of(0..USERS.len())).prop_map(|(c, u)| Step::HandOff(c, u)),
        2 => (any::<usize>(), any::<bool>(), 0..USERS.len(), any::<bool>()).prop_map(|(c, t, g, s)| Step::Share(c, t, g, s)),
        1 => (any::<usize>(), prop::option::of(0..TEAMS.len())).prop_map(|(c, t)| Step::Route(c, t)),
        2 => (0..USERS.len()).prop_map(Step::SwitchUser),
        1 => (name(), any::<bool>()).prop_map(|(n, p)| Step::Add(n, p)),
        4 => (any::<usize>(), prop::collection::vec(patch(), 1..3)).prop_map(|(c, p)| Step::Update(c, p)),
        1 => (any::<usize>(), name()).prop_map(|(c, n)| Step::Rename(c, n)),
        1 => any::<usize>().prop_map(Step::Remove),
        3 => any::<usize>().prop_map(Step::LogTouch),
        1 => any::<usize>().prop_map(Step::PlanTouch),
        1 => (any::<usize>(), 0u8..3).prop_map(|(t, how)| Step::SettleTouch(t, how)),
        2 => (any::<usize>(), 0usize..2, prop::option::of(0usize..8)).prop_map(|(c, p, s)| Step::MoveCard(c, p, s)),
        1 => (0usize..2, "[a-z]{1,6}").prop_map(|(p, n)| Step::AddStage(p, n)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Step::Merge(a, b)),
        1 => (any::<usize>(), any::<usize>(), 0..RelationKind::NAMES.len()).prop_map(|(a, b, k)| Step::Link(a, b, k)),
        2 => (0usize..6, any::<bool>()).prop_map(|(n, f)| Step::Revert(n, f)),
        1 => (prop::collection::vec(name(), 0..3), prop::option::of((any::<usize>(), prop::collection::vec(patch(), 0..2))))
            .prop_map(|(names, merge)| Step::Import(names, merge)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(n, f)| Step::RevertImport(n, f)),
    ]
}

fn raw_answers(answers: &[(usize, usize)]) -> Vec<(String, RawAnswer)> {
    answers.iter().map(|&(q, a)| (QUESTIONS[q].to_owned(), RawAnswer::Text(ANSWERS[a].to_owned()))).collect()
}

pub(crate) fn to_value(patch: &Patch) -> FieldValue {
    match patch {
        Patch::Region(r) => FieldValue::Region(r.map(|i| REGIONS[i].parse::<Label>().unwrap())),
        Patch::Tags(t) => FieldValue::Tags(t.iter().map(|&i| TAGS[i].parse::<Tag>().unwrap()).collect()),
        Patch::Phones(p) => {
            FieldValue::Phones(p.iter().map(|&i| Phone::parse(PHONES[i], CountryCode::RUSSIA).unwrap()).collect())
        }
        Patch::Preferred(c) => FieldValue::PreferredChannel(c.map(|i| CHANNELS[i])),
        Patch::Kind(person) => FieldValue::Kind(if *person { ClientKind::Person } else { ClientKind::Company }),
    }
}

pub(crate) fn touch(client: ripen_core::ClientId, i: usize) -> NewTouch {
    NewTouch::new(client, CHANNELS[i % CHANNELS.len()])
}

/// The command `step` makes against `engine`'s state; `None` for a step that makes none
/// (or is the caller's: switching users, failing a commit, reopening, a checkpoint).
pub(crate) fn command(step: &Step, engine: &Engine<MemoryStore>) -> Option<Command> {
    let state = engine.state().clone();
    let ids: Vec<_> = state.all_clients().map(|c| c.id.clone()).collect();
    let pick = |n: usize| ids.get(n % ids.len().max(1)).cloned();
    match step.clone() {
        Step::Add(raw, person) => ClientName::parse(&raw).ok().map(|n| {
            Command::AddClient(NewClient::named(if person { ClientKind::Person } else { ClientKind::Company }, n))
        }),
        Step::AddMany(names) => Some(Command::AddClients(
            names.iter().filter_map(|n| ClientName::parse(n).ok()).map(|n| NewClient::named(ClientKind::Company, n)).collect(),
        )),
        Step::Update(c, patches) => pick(c).map(|client| Command::UpdateClient { client, values: patches.iter().map(to_value).collect() }),
        Step::Rename(c, raw) => pick(c).zip(ClientName::parse(&raw).ok()).map(|(client, name)| Command::RenameClient { client, name, since: None }),
        Step::AddAlias(c, raw, k) => pick(c).zip(ClientName::parse(&raw).ok()).map(|(client, name)| Command::AddAlias {
            client,
            alias: Alias { kind: AliasKind::NAMES[k].parse().unwrap(), name, until: None },
        }),
        Step::RemoveAlias(c, a) => pick(c).and_then(|client| {
            let aliases = &state.client(&client)?.aliases;
            let alias = aliases.get(a % aliases.len().max(1))?;
            Some(Command::RemoveAlias { client, kind: alias.kind, name: alias.name.clone() })
        }),
        Step::Remove(c) => pick(c).map(|client| Command::RemoveClient { client }),
        Step::Restore(c) => pick(c).map(|client| Command::RestoreClient { client }),
        Step::Revert(n, force) => {
            let recent: Vec<_> = ids.iter().flat_map(|id| block_on(engine.history_unchecked(id)).unwrap_or_default()).map(|e| e.id).collect();
            recent.get(n % recent.len().max(1)).cloned().map(|event| Command::Revert { event, force })
        }
        Step::SaveUser(u, absent, role, team) => Some(Command::SaveUser {
            user: USERS[u].parse().unwrap(),
            profile: UserProfile {
                absent,
                cap: Some(3),
                ..UserProfile::new(USERS[u].to_uppercase(), ROLES[role], team.map(|t| TEAMS[t].parse().unwrap()))
            },
        }),
        Step::SaveTeam(t) => Some(Command::SaveTeam { team: TEAMS[t].parse().unwrap(), name: TEAMS[t].to_uppercase() }),
        Step::Share(c, team, g, shared) => pick(c).map(|client| Command::Share {
            client,
            with: if team { Grantee::Team(TEAMS[g % TEAMS.len()].parse().unwrap()) } else { Grantee::User(USERS[g].parse().unwrap()) },
            shared,
        }),
        Step::SaveRouting(settings) => Some(Command::SaveRouting {
            routing: settings.map(|(t, skills, won)| {
                ripen_json::from_str::<Routing>(&(serde_json::json!({
                    "book": { "rules": [{ "when": { "region": REGIONS[0] }, "to": { "user": USERS[0] } }], "default": { "team": TEAMS[t] } },
                    "teams": { TEAMS[t]: if skills { "skills" } else { "taxi" } },
                    "won": if won { serde_json::json!({ "team": TEAMS[1 - t] }) } else { serde_json::Value::Null },
                })).to_string())
                .unwrap()
            }),
        }),
        Step::Route(c, t) => pick(c).map(|client| Command::Route {
            client,
            to: t.map(|t| Target::Team(TEAMS[t].parse().unwrap())),
            reason: None,
        }),
        Step::Merge(a, b) => pick(a).zip(pick(b)).map(|(keep, drop)| Command::Merge { keep, drop }),
        Step::HandOff(c, u) => pick(c).map(|client| Command::HandOff { client, to: u.map(|u| USERS[u].parse().unwrap()), reason: None }),
        Step::Import(names, merge) => {
            let mut clients: Vec<ImportedClient> = names
                .iter()
                .filter_map(|n| ClientName::parse(n).ok())
                .map(|n| ImportedClient { client: NewClient::named(ClientKind::Company, n), employer: None })
                .collect();
            if !clients.is_empty() {
                let employer = Some((EmployerRef::New(clients.len() - 1), Some("CFO".into())));
                clients.push(ImportedClient { client: NewClient::named(ClientKind::Person, "Иван".parse().unwrap()), employer });
            }
            let merges = merge
                .and_then(|(c, patches)| pick(c).map(|into| ImportMerge { into, values: patches.iter().map(to_value).collect(), aliases: vec![], employer: None }))
                .into_iter()
                .collect();
            let source = ImportSource { format: ImportFormat::Csv, file: None, rows: 0, added: 0, merged: 0, skipped: 0 };
            Some(Command::Import(Box::new(ImportBatch { source, clients, merges })))
        }
        Step::RevertImport(n, force) => {
            let markers: Vec<_> = state
                .imports
                .iter()
                .map(|i| state.reverted_by(&i.event).cloned().unwrap_or_else(|| i.event.clone()))
                .collect();
            markers.get(n % markers.len().max(1)).cloned().map(|event| Command::Revert { event, force })
        }
        Step::Link(a, b, k) => pick(a).zip(pick(b)).map(|(from, to)| Command::Link {
            from,
            to,
            kind: RelationKind::NAMES[k].parse().unwrap(),
            position: None,
            since: None,
        }),
        Step::EndLink(r, day) => {
            let relationships: Vec<_> = state.relationships.all().map(|r| r.id.clone()).collect();
            relationships.get(r % relationships.len().max(1)).cloned().map(|relationship| Command::EndLink {
                relationship,
                on: chrono::NaiveDate::from_ymd_opt(2026, 2, day).unwrap(),
            })
        }
        Step::PlanTouch(c) => pick(c).map(|client| Command::PlanTouch {
            touch: touch(client, c),
            plan: Plan::parse("send_offer", "new plant", "meeting booked").unwrap(),
        }),
        Step::LogTouch(c) => pick(c).map(|client| Command::LogTouch { touch: touch(client, c), result: None, outcome: None, nps: None }),
        Step::SettleTouch(t, how) => {
            let touches: Vec<_> = state.touches.all().map(|t| t.id()).collect();
            touches.get(t % touches.len().max(1)).cloned().map(|touch| match how {
                0 => Command::CompleteTouch { touch, result: Some("ok".into()), outcome: Outcome::Success, at: None, nps: None },
                1 => Command::MissTouch { touch },
                _ => Command::CancelTouch { touch, reason: None },
            })
        }
        Step::MoveCard(c, p, s) => pick(c).and_then(|client| {
            let pipeline = state.pipelines.get(&PIPELINES[p].parse().unwrap())?;
            let to = match s {
                Some(s) => CardPosition::Stage { stage: pipeline.stages[s % pipeline.stages.len()].id.clone() },
                None => CardPosition::Lost { reason: "budget".into() },
            };
            // Some moves carry an amount (a deal's size), kept apart from the move rows.
            let amount = (c % 3 == 0).then_some((c % 1_000) as u64 * 1_000);
            Some(Command::MoveStage { client, pipeline: pipeline.id.clone(), to, amount, at: None })
        }),
        Step::AddStage(p, name) => Some(Command::AddStage {
            pipeline: PIPELINES[p].parse().unwrap(),
            stage: Stage::parse(&name, &name, "active", None, None).unwrap(),
            position: None,
        }),
        Step::ChangeStage(p, s, retired, rot) => state.pipelines.get(&PIPELINES[p].parse().unwrap()).map(|pipeline| {
            let mut stage = pipeline.stages[s % pipeline.stages.len()].clone();
            stage.retired = retired;
            stage.rot_days = rot;
            Command::ChangeStage { pipeline: pipeline.id.clone(), stage }
        }),
        Step::ReorderStages(p, seed) => state.pipelines.get(&PIPELINES[p].parse().unwrap()).map(|pipeline| {
            let mut order: Vec<_> = pipeline.stages.iter().map(|s| s.id.clone()).collect();
            let len = order.len();
            order.swap(seed % len, (seed / 7) % len);
            Command::ReorderStages { pipeline: pipeline.id.clone(), order }
        }),
        Step::SaveShow(existing, stage, archive) => {
            let shows = state.shows();
            let id = existing.and_then(|n| shows.get(n % shows.len().max(1))).map(|s| s.id.clone());
            if let (true, Some(show)) = (archive, id.clone()) {
                let archived = !state.show(&show)?.archived;
                return Some(Command::ArchiveShow { show, archived });
            }
            let pipeline = state.pipelines.get(&PIPELINES[0].parse().unwrap())?;
            let questions = vec![
                Question { id: "interest".parse().unwrap(), text: "Interest".parse().unwrap(), kind: QuestionKind::Choices,
                    options: vec!["Service".parse().unwrap(), "Products".parse().unwrap()] },
                Question { id: "note".parse().unwrap(), text: "Note".parse().unwrap(), kind: QuestionKind::Text, options: vec![] },
            ];
            Some(Command::SaveShow {
                id,
                draft: ShowDraft {
                    name: format!("Show {stage}").parse().unwrap(),
                    starts: chrono::NaiveDate::from_ymd_opt(2023, 11, 14).unwrap(),
                    ends: chrono::NaiveDate::from_ymd_opt(2023, 11, 16).unwrap(),
                    place: None,
                    stand: None,
                    time_zone: None,
                    team: vec![USERS[stage % USERS.len()].parse().unwrap()],
                    pipeline: pipeline.id.clone(),
                    stage: pipeline.stages[stage % pipeline.stages.len()].id.clone(),
                    questions: Some(questions),
                },
            })
        }
        Step::CaptureLead(raw, show, answers, rating, consent) => {
            let name = ClientName::parse(&raw).ok()?;
            let shows = state.shows();
            let show = show.and_then(|n| shows.get(n % shows.len().max(1))).map(|s| s.id.clone());
            Some(Command::CaptureLead(Box::new(LeadCapture {
                show,
                client: NewClient::named(ClientKind::Person, name),
                answers: raw_answers(&answers),
                rating: rating.map(|r| Rating::ALL[r]),
                consent,
                consent_source: None,
                badge: None,
                at: None,
            })))
        }
        Step::QualifyLead(c, answers, rating) => {
            let leads: Vec<_> = ids.iter().filter(|id| state.lead(id).is_some()).cloned().collect();
            let client = leads.get(c % leads.len().max(1)).cloned().or_else(|| pick(c))?;
            Some(Command::QualifyLead { client, answers: raw_answers(&answers), rating: rating.map(|r| Rating::ALL[r]) })
        }
        Step::RecordConsent(c, contact, marketing) => pick(c).map(|client| Command::RecordConsent {
            client,
            consent: Consent { contact, marketing, source: "call".parse().unwrap(), at: chrono::DateTime::UNIX_EPOCH },
        }),
        Step::SaveTemplate(t, b) => Some(Command::SaveTemplate {
            draft: ripen_core::template::TemplateDraft {
                id: TEMPLATES[t].parse().unwrap(),
                pipeline: "sales".parse().unwrap(),
                stage: "offer_sent".parse().unwrap(),
                channel: Channel::Email,
                locale: ripen_core::template::Locale::Ru,
                name: "T".into(),
                subject: Some("S {company}".into()),
                body: TEMPLATE_BODIES[b].into(),
            },
        }),
        Step::RemoveTemplate(t) => Some(Command::RemoveTemplate { template: TEMPLATES[t].parse().unwrap() }),
        Step::SwitchUser(_) | Step::FailNextCommit | Step::Reopen | Step::Checkpoint => None,
    }
}
