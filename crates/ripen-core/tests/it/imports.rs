//! An import through the engine: one change that adds clients, links people to their
//! companies and fills in existing clients; listed among the imports, reverted and
//! redone as a whole, kept by a checkpoint, refused when it contradicts itself.

use crate::desk::Desk;
use futures_executor::block_on;
use ripen_core::client::FieldValue;
use ripen_core::import::{EmployerRef, ImportBatch, ImportFormat, ImportMerge, ImportSource, ImportedClient};
use ripen_core::relationship::RelationKind;
use ripen_core::values::{CountryCode, Phone};
use ripen_core::{ClientId, ClientKind, Command, Engine, ErrorKind, EventId, NewClient, ReplicaId};

/// The names of the clients in the lists, sorted.
trait LiveNames {
    fn live_names(&self) -> Vec<String>;
}

impl LiveNames for Desk {
    fn live_names(&self) -> Vec<String> {
        let state = self.engine.state();
        let mut names: Vec<String> = state.clients().map(|c| c.name.to_string()).collect();
        names.sort();
        names
    }
}

fn phone(text: &str) -> Phone {
    Phone::parse(text, CountryCode::RUSSIA).unwrap()
}

fn source(rows: u32) -> ImportSource {
    ImportSource {
        format: ImportFormat::Csv, file: Some("контакты.csv".into()), rows, added: 0, merged: 0, skipped: 0
    }
}

fn new_client(kind: ClientKind, name: &str) -> NewClient {
    NewClient::named(kind, name.parse().unwrap())
}

/// A company, a person working there, and an existing client given a second phone.
fn batch(existing: &ClientId) -> ImportBatch {
    ImportBatch {
        source: source(3),
        clients: vec![
            ImportedClient {
                client: new_client(ClientKind::Company, "ООО «Сибирские моторы»"), employer: None
            },
            ImportedClient {
                client: new_client(ClientKind::Person, "Иван Петров"),
                employer: Some((EmployerRef::New(0), Some("Финансовый директор".into()))),
            },
        ],
        merges: vec![ImportMerge {
            into: existing.clone(),
            values: vec![FieldValue::Phones(vec![phone("+7 383 200-00-00"), phone("+7 383 200-00-01")])],
            aliases: vec![ripen_core::Alias {
                kind: ripen_core::AliasKind::Duplicate,
                name: "Ромашка (из файла)".parse().unwrap(),
                until: None,
            }],
            employer: None,
        }],
    }
}

fn marker(events: &[ripen_core::Event]) -> EventId {
    events[0].id.clone()
}

#[test]
fn an_import_adds_links_and_fills_in_as_one_change_that_reverts_and_redoes_as_a_whole() {
    let mut desk = Desk::new();
    let mut existing = new_client(ClientKind::Company, "ООО «Ромашка»");
    existing.fields.phones = vec![phone("+7 383 200-00-00")];
    let existing = desk.run(Command::AddClient(existing)).unwrap()[0].payload.clients()[0].clone();
    let before = desk.engine.state().clone();

    let events = desk.run(Command::Import(Box::new(batch(&existing)))).unwrap();
    assert_eq!(events[0].payload.type_name(), "imported");
    let types: Vec<&str> = events[1..].iter().map(|e| e.payload.type_name()).collect();
    assert_eq!(types, ["client_added", "client_added", "linked", "client_updated", "alias_added"]);
    assert!(matches!(events[0].payload, ripen_core::EventPayload::Imported { events: 5, .. }));
    assert_eq!(desk.live_names(), ["Иван Петров", "ООО «Ромашка»", "ООО «Сибирские моторы»"]);
    {
        let state = desk.engine.state();
        let person = state.clients().find(|c| c.name.as_str() == "Иван Петров").unwrap();
        let link = state.relationships.of_client(&person.id).next().unwrap();
        assert_eq!((link.kind, link.position.as_deref()), (RelationKind::Employee, Some("Финансовый директор")));
        assert_eq!(state.client(&existing).unwrap().fields.phones.len(), 2);
        assert_eq!(state.imports.len(), 1);
        assert_eq!(state.imports[0].event, marker(&events));
        assert_eq!(state.imports[0].source.file.as_deref(), Some("контакты.csv"));
    }

    // Reverted as one: the new clients leave the lists, the existing one loses the
    // phone and the name the file gave it; the state is what it was, but for history.
    let undone = desk.run(Command::Revert { event: marker(&events), force: false }).unwrap();
    assert_eq!(undone[0].payload.type_name(), "import_reverted");
    assert_eq!(undone.len(), 6, "a marker and one revert per event of the import");
    assert_eq!(desk.live_names(), ["ООО «Ромашка»"]);
    {
        let state = desk.engine.state();
        let kept = state.client(&existing).unwrap();
        assert_eq!(kept, before.client(&existing).unwrap());
        assert_eq!(state.reverted_by(&marker(&events)), Some(&undone[0].id));
        assert_eq!(state.relationships.all().filter(|r| r.ended.is_none()).count(), 0);
    }
    let twice = desk.run(Command::Revert { event: marker(&events), force: false }).unwrap_err();
    assert_eq!(twice.kind(), ErrorKind::Conflict);

    // Reverting the revert brings the import back.
    desk.run(Command::Revert { event: undone[0].id.clone(), force: false }).unwrap();
    assert_eq!(desk.live_names(), ["Иван Петров", "ООО «Ромашка»", "ООО «Сибирские моторы»"]);
    assert_eq!(desk.engine.state().client(&existing).unwrap().fields.phones.len(), 2);
    assert_eq!(desk.engine.state().reverted_by(&marker(&events)), None);

    // Undoing the redo undoes the import again, and the list says so.
    let redo = desk.engine.state().reverted_by(&undone[0].id).cloned().unwrap();
    let again = desk.run(Command::Revert { event: redo, force: false }).unwrap();
    assert_eq!(desk.live_names(), ["ООО «Ромашка»"]);
    assert_eq!(desk.engine.state().reverted_by(&marker(&events)), Some(&undone[0].id));
    assert_eq!(
        desk.run(Command::Revert { event: marker(&events), force: false }).unwrap_err().kind(),
        ErrorKind::Conflict
    );
    desk.run(Command::Revert { event: again[0].id.clone(), force: false }).unwrap();
    assert_eq!(desk.live_names(), ["Иван Петров", "ООО «Ромашка»", "ООО «Сибирские моторы»"]);

    // Each imported client's history shows its own part.
    let person = desk.engine.state().clients().find(|c| c.name.as_str() == "Иван Петров").unwrap().id.clone();
    let history = block_on(desk.engine.history_unchecked(&person)).unwrap();
    let kinds: Vec<&str> = history.iter().map(|e| e.payload.type_name()).collect();
    // Four times (undo, redo, undo, redo) its addition and its link.
    assert_eq!(kinds[..8], ["reverted"; 8]);
    assert_eq!(kinds[8..], ["linked", "client_added"]);
}

#[test]
fn an_import_whose_filled_in_field_changed_later_is_reverted_only_by_force() {
    let mut desk = Desk::new();
    let existing = desk.add(ClientKind::Company, "ООО «Ромашка»", |_| {});
    let events = desk.run(Command::Import(Box::new(batch(&existing)))).unwrap();
    desk.run(Command::UpdateClient { client: existing.clone(), values: vec![FieldValue::Phones(vec![])] }).unwrap();
    let refused = desk.run(Command::Revert { event: marker(&events), force: false }).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Conflict);
    assert!(refused.to_string().contains("phones"), "{refused}");
    assert_eq!(desk.live_names().len(), 3, "nothing changed");
    desk.run(Command::Revert { event: marker(&events), force: true }).unwrap();
    assert_eq!(desk.live_names(), ["ООО «Ромашка»"]);
}

#[test]
fn a_batch_that_contradicts_itself_is_refused_whole() {
    let mut desk = Desk::new();
    let existing = desk.add(ClientKind::Person, "Пётр", |_| {});
    let cases: Vec<(&str, ImportBatch)> = vec![
        ("an employer that is a person", {
            let mut b = batch(&existing);
            b.clients[1].employer = Some((EmployerRef::New(1), None));
            b
        }),
        ("an employer index past the end", {
            let mut b = batch(&existing);
            b.clients[1].employer = Some((EmployerRef::New(7), None));
            b
        }),
        ("an existing employer that is a person", {
            let mut b = batch(&existing);
            b.clients[1].employer = Some((EmployerRef::Existing(existing.clone()), None));
            b
        }),
        ("nothing at all", {
            let mut b = batch(&existing);
            b.clients.clear();
            b.merges.clear();
            b
        }),
        ("two merges into one client", {
            let mut b = batch(&existing);
            b.merges.push(b.merges[0].clone());
            b
        }),
    ];
    for (case, batch) in cases {
        let error = desk.run(Command::Import(Box::new(batch))).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Validation, "{case}: {error}");
        assert_eq!(desk.live_names(), ["Пётр"], "{case}: nothing was imported");
        assert!(desk.engine.state().imports.is_empty(), "{case}");
    }
}

#[test]
fn imports_survive_a_checkpoint_and_revert_after_it() {
    let mut desk = Desk::new();
    let existing = desk.add(ClientKind::Company, "ООО «Ромашка»", |_| {});
    let events = desk.run(Command::Import(Box::new(batch(&existing)))).unwrap();
    block_on(desk.engine.write_checkpoint(|| std::future::ready(()))).unwrap();
    let store = desk.engine.store().clone();
    let reopened = block_on(Engine::open(store, ReplicaId::from_random(9), "anna".parse().unwrap())).unwrap();
    assert_eq!(*reopened.state(), *desk.engine.state());
    assert_eq!(reopened.state().imports.len(), 1);
    let undone = block_on(reopened.execute(Command::Revert { event: marker(&events), force: false }, desk.now()));
    assert_eq!(undone.unwrap().len(), 6);
    assert_eq!(reopened.state().clients().count(), 1);
}

#[test]
fn an_importer_takes_back_their_own_import_even_when_routing_sent_it_out_of_sight() {
    use ripen_core::people::{Role, UserProfile};
    let mut desk = Desk::new();
    let save = |desk: &mut Desk, id: &str, role: Role| {
        let profile = UserProfile::new(id.to_uppercase(), role, None);
        desk.run(Command::SaveUser { user: id.parse().unwrap(), profile }).unwrap();
    };
    save(&mut desk, "anna", Role::Admin);
    save(&mut desk, "boris", Role::Manager);
    save(&mut desk, "vera", Role::Manager);
    save(&mut desk, "gleb", Role::Manager);
    let routing = ripen_json::from_str(
        &(serde_json::json!({ "book": { "rules": [], "default": { "user": "boris" } } })).to_string(),
    );
    desk.run(Command::SaveRouting { routing: Some(routing.unwrap()) }).unwrap();

    block_on(desk.engine.switch_user("vera".parse().unwrap())).unwrap();
    let mut only_clients = batch(&"c-none-1".parse().unwrap());
    only_clients.merges.clear();
    let events = desk.run(Command::Import(Box::new(only_clients))).unwrap();
    assert_eq!(desk.engine.view().clients().count(), 0, "routed to boris: vera sees none of them");

    // Another rep may not take it back; the importer may.
    block_on(desk.engine.switch_user("gleb".parse().unwrap())).unwrap();
    let refused = desk.run(Command::Revert { event: marker(&events), force: false }).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NotFound, "its clients are out of gleb's sight: {refused}");
    block_on(desk.engine.switch_user("vera".parse().unwrap())).unwrap();
    desk.run(Command::Revert { event: marker(&events), force: false }).unwrap();
    assert_eq!(desk.live_names(), Vec::<String>::new());
}
