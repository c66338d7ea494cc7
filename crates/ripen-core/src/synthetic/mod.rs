//! Deterministic synthetic event logs: the same workloads for the native and the wasm
//! benchmarks, and for tests that need volume.

mod company;
mod contact_book;
mod search_book;

pub use company::{busy_company, company_history, company_history_of};
pub use contact_book::contact_book;
pub use search_book::{search_book, SearchBook};

use crate::model::client::{ClientFields, ClientName, FieldValue};
use crate::model::event::{Event, EventPayload, FieldChange};
use crate::model::pipeline::{default_pipelines, CardPosition};
use crate::model::touch::{Direction, Origin, Touch, TouchStatus};
use crate::state::CrmState;
use crate::values::clock::Hlc;
use crate::values::ids::{ClientId, EventId, ReplicaId, TouchId, UserId};
use crate::values::{Channel, Label};
use chrono::{DateTime, TimeZone, Utc};

/// `(n * step) % count` in 64 bits: a `usize` product wraps on wasm32 past 4 billion, and
/// the dataset must be the same in both builds for their figures to compare.
pub(crate) fn spread(n: usize, step: u64, count: usize) -> usize {
    ((n as u64).wrapping_mul(step) % count.max(1) as u64) as usize
}

const START: i64 = 1_760_000_000_000;
const DAY: i64 = 24 * 3_600_000;

fn instant(millis: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(millis).single().unwrap_or_default()
}

fn parsed<T: std::str::FromStr>(text: &str) -> T {
    text.parse().unwrap_or_else(|_| unreachable!("synthetic values are valid"))
}

/// Builds a log of one replica and one user, in order.
struct Log {
    replica: ReplicaId,
    user: UserId,
    counter: u64,
    events: Vec<Event>,
}

impl Log {
    fn new(seed: u64, capacity: usize) -> Self {
        Self {
            replica: ReplicaId::from_random(seed),
            user: parsed("bench"),
            counter: 0,
            events: Vec::with_capacity(capacity),
        }
    }

    fn next_id(&mut self) -> EventId {
        self.counter += 1;
        EventId { replica: self.replica.clone(), counter: self.counter }
    }

    /// Appends the event `id`, whose payload `make` builds (it may mint ids from `id`).
    fn push(&mut self, millis: i64, make: impl FnOnce(&EventId, &UserId) -> EventPayload) {
        let id = self.next_id();
        let payload = make(&id, &self.user);
        self.events.push(Event {
            at: Hlc { millis, counter: 0 },
            recorded_at: instant(millis),
            by: self.user.clone(),
            payload,
            id,
        });
    }

    fn fold(self) -> CrmState {
        CrmState::fold(self.events)
    }
}

fn client_added(id: &EventId, name: String, fields: ClientFields, owner: Option<UserId>) -> EventPayload {
    EventPayload::ClientAdded {
        client: ClientId::minted_by(id),
        name: ClientName::parse(&name).unwrap_or_else(|_| unreachable!("synthetic names are valid")),
        fields: Box::new(fields),
        aliases: Vec::new(),
        owner,
    }
}

/// A planned outbound touch, recorded by the event `id`.
fn planned(
    id: &EventId,
    user: &UserId,
    client: ClientId,
    channel: Channel,
    origin: Origin,
    millis: i64,
) -> EventPayload {
    EventPayload::TouchRecorded {
        touch: std::rc::Rc::new(Touch {
            id: TouchId::minted_by(id),
            client,
            channel,
            direction: Direction::Outbound,
            origin,
            author: user.clone(),
            at: instant(millis),
            summary: Some("Обсудили условия поставки".into()),
            plan: None,
            status: TouchStatus::Planned,
            requested: false,
            override_reason: None,
        }),
    }
}

fn stage_moved(client: ClientId, stage: &str) -> EventPayload {
    EventPayload::StageMoved {
        client,
        pipeline: parsed("sales"),
        from: None,
        to: Some(CardPosition::Stage { stage: parsed(stage) }),
        amount: None,
        at: None,
    }
}

/// `n` events of a plausible mix — a tenth of them new clients, the rest updates,
/// touches and stage moves on earlier clients — in fold order.
pub fn events(n: usize) -> Vec<Event> {
    let regions: Vec<Label> = ["Сибирь", "Урал", "Москва", "Юг"].iter().map(|r| parsed(r)).collect();
    let stages = ["lead_received", "answered", "need_identified", "offer_sent", "paid"];
    let mut clients: Vec<ClientId> = Vec::new();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        // xorshift64*: deterministic, not random-quality; a workload generator needs no more.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        // The high half: a `usize` cast would keep only the low one on wasm32, and the
        // mix must be the same in both builds for their figures to compare.
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as usize
    };
    let mut log = Log::new(0x5eed, n);
    for i in 1..=n {
        let millis = START + i as i64 * 1_000;
        let roll = next() % 10;
        if clients.is_empty() || roll == 0 {
            let name = format!("ООО «Клиент {}»", clients.len() + 1);
            log.push(millis, |id, user| {
                clients.push(ClientId::minted_by(id));
                client_added(id, name, ClientFields::default(), Some(user.clone()))
            });
            continue;
        }
        let client = clients[next() % clients.len()].clone();
        match roll {
            1..=4 => {
                let region = regions[next() % regions.len()].clone();
                log.push(millis, |_, _| EventPayload::ClientUpdated {
                    client,
                    changes: vec![FieldChange { old: FieldValue::Region(None), new: FieldValue::Region(Some(region)) }],
                });
            }
            5..=7 => log.push(millis, |id, user| planned(id, user, client, Channel::Call, Origin::Sales, millis)),
            _ => {
                let stage = stages[next() % stages.len()];
                log.push(millis, |_, _| stage_moved(client, stage));
            }
        }
    }
    log.events
}

/// A rep who owns `cards` clients, each with a card on a sales stage entered up to 30
/// days ago and, for every third, a planned call: the agenda benchmark's state, and the
/// time to ask it at.
pub fn busy_rep(cards: usize) -> (CrmState, DateTime<Utc>) {
    let stages =
        ["lead_received", "answered", "need_identified", "offer_sent", "follow_up_done", "invoice_sent", "paid"];
    let mut log = Log::new(0xa9e, cards * 3);
    for i in 0..cards {
        let mut client = None;
        log.push(START, |id, user| {
            client = Some(ClientId::minted_by(id));
            client_added(id, format!("Клиент {i}"), ClientFields::default(), Some(user.clone()))
        });
        let client = client.unwrap_or_else(|| unreachable!("set by push"));
        let entered = START + (i as i64 % 30) * DAY;
        log.push(entered, |_, _| stage_moved(client.clone(), stages[i % stages.len()]));
        if i % 3 == 0 {
            let at = START + (i as i64 % 40) * DAY;
            log.push(entered, |id, user| planned(id, user, client, Channel::Call, Origin::Sales, at));
        }
    }
    (log.fold(), instant(START + 31 * DAY))
}

/// The sales pipeline's stage ids, in order.
fn sales_stages() -> Vec<String> {
    default_pipelines()[0].stages.iter().map(|stage| stage.id.to_string()).collect()
}

/// Adds `count` clients named by `name`, owned in turn by 50 reps (`rep0`…`rep49`).
fn owned_clients(log: &mut Log, count: usize, name: impl Fn(usize) -> String) -> Vec<ClientId> {
    let owners: Vec<UserId> = (0..50).map(|i| parsed(&format!("rep{i}"))).collect();
    let mut clients = Vec::with_capacity(count);
    for i in 0..count {
        let owner = owners[i % owners.len()].clone();
        log.push(START, |id, _| {
            clients.push(ClientId::minted_by(id));
            client_added(id, name(i), ClientFields::default(), Some(owner))
        });
    }
    clients
}

/// `cards` clients spread over 50 owners, with `moves` stage moves in the sales pipeline
/// over 90 days (forwards mostly, some back, some lost): the funnel benchmark's state.
pub fn busy_funnel(cards: usize, moves: usize) -> CrmState {
    let stages = sales_stages();
    let mut log = Log::new(0xf0e1, cards + moves);
    let clients = owned_clients(&mut log, cards, |i| format!("Клиент {i}"));
    let mut position = vec![0usize; cards];
    for m in 0..moves {
        // Half the moves go to a tenth of the cards, so some get all the way to paid.
        let card = if m % 2 == 0 { spread(m, 7_919, cards) } else { spread(m, 104_729, cards / 10) };
        let millis = START + (m as i64) * (90 * DAY / moves.max(1) as i64);
        let client = clients[card].clone();
        if m % 23 == 0 {
            log.push(millis, |_, _| EventPayload::StageMoved {
                client,
                pipeline: parsed("sales"),
                from: None,
                to: Some(CardPosition::Lost { reason: "нет бюджета".into() }),
                amount: None,
                at: None,
            });
            continue;
        }
        position[card] =
            if m % 11 == 0 { position[card].saturating_sub(1) } else { (position[card] + 1).min(stages.len() - 1) };
        let stage = &stages[position[card]];
        log.push(millis, |_, _| stage_moved(client, stage));
    }
    log.fold()
}

const REGIONS: [&str; 5] = ["Сибирь", "Урал", "Москва", "Юг", "Северо-Запад"];
const INDUSTRIES: [&str; 4] = ["machinery", "retail", "agro", "logistics"];

/// The routing benchmark's office: `users` managers in five teams, each user with two
/// weighted skills and every seventh one capped; rules send four regions to four teams
/// (two of which use the skills matrix), the rest to the fifth team's taxi queue. Returns
/// the setup as events, and `leads` new clients' profiles to route.
pub fn routing_office(users: usize, leads: usize) -> (Vec<Event>, Vec<ClientFields>) {
    use crate::model::people::{Role, UserProfile};
    use crate::model::routing::{Routing, Skill, SkillField, Weight};
    let mut log = Log::new(0x7a41, users + 8);
    let teams: Vec<crate::values::ids::TeamId> = (0..REGIONS.len()).map(|t| parsed(&format!("team{t}"))).collect();
    for team in &teams {
        log.push(START, |_, _| EventPayload::TeamSaved { team: team.clone(), old: None, new: Some(team.to_string()) });
    }
    for u in 0..users {
        let team = u % teams.len();
        let skill = |field, value: &str, hundredths: u32| Skill {
            field,
            value: parsed(value),
            weight: Weight::try_from(f64::from(hundredths) / 100.0).unwrap_or_default(),
        };
        let profile = UserProfile {
            cap: (u % 7 == 0).then_some(u32::try_from(leads / users).unwrap_or(u32::MAX)),
            skills: vec![
                skill(SkillField::Region, REGIONS[team], 30 + (u % 5) as u32 * 10),
                skill(SkillField::Industry, INDUSTRIES[u % INDUSTRIES.len()], 40 + (u % 3) as u32 * 20),
            ],
            ..UserProfile::new(format!("Менеджер {u}"), Role::Manager, Some(teams[team].clone()))
        };
        log.push(START, |_, _| EventPayload::UserSaved {
            user: parsed(&format!("rep{u:02}")),
            old: None,
            new: Some(profile),
        });
    }
    let rules: Vec<String> =
        (0..4).map(|t| format!(r#"{{"when":{{"region":"{}"}},"to":{{"team":"{}"}}}}"#, REGIONS[t], teams[t])).collect();
    let routing = format!(
        r#"{{"book":{{"rules":[{}],"default":{{"team":"{}"}}}},"teams":{{"{}":"skills","{}":"skills"}}}}"#,
        rules.join(","),
        teams[4],
        teams[0],
        teams[1]
    );
    let routing: Routing = ripen_json::from_str(&routing).unwrap_or_else(|_| unreachable!("valid settings"));
    log.push(START, |_, _| EventPayload::RoutingSaved { old: None, new: Some(Box::new(routing)) });
    let profiles = (0..leads)
        .map(|i| ClientFields {
            region: Some(parsed(REGIONS[(i * 7) % REGIONS.len()])),
            industry: Some(parsed(INDUSTRIES[(i * 3) % INDUSTRIES.len()])),
            ..ClientFields::default()
        })
        .collect();
    (log.events, profiles)
}

/// The storage issue's standard dataset, deterministic: `clients` clients (50 owners),
/// `touches` touches spread over them (nine in ten done, over a year) and `moves` stage
/// moves through the sales pipeline — in fold order.
pub fn standard(clients: usize, touches: usize, moves: usize) -> Vec<Event> {
    let stages = sales_stages();
    let channels = [Channel::Call, Channel::Email, Channel::Meeting, Channel::Message];
    let mut log = Log::new(0x57a7, clients + touches + moves);
    let ids = owned_clients(&mut log, clients, |i| format!("ООО «Клиент {i}»"));
    let year = 365 * DAY;
    let mut position = vec![0usize; clients];
    let total = touches + moves;
    let (mut t, mut m) = (0, 0);
    for step in 0..total {
        let millis = START + DAY + (step as i64) * (year / total.max(1) as i64);
        // Interleave touches and moves in proportion, so the log reads as months of work.
        if m < moves && (t >= touches || step * moves / total.max(1) >= m) {
            let card = spread(m, 7_919, clients);
            position[card] = (position[card] + 1).min(stages.len() - 1);
            let (client, stage) = (ids[card].clone(), &stages[position[card]]);
            log.push(millis, |_, _| stage_moved(client, stage));
            m += 1;
        } else {
            let client = ids[spread(t, 104_729, clients)].clone();
            let channel = channels[t % channels.len()];
            log.push(millis, |id, user| {
                let mut touch = planned(id, user, client, channel, Origin::Sales, millis);
                if let EventPayload::TouchRecorded { touch } = &mut touch {
                    if t % 10 != 0 {
                        std::rc::Rc::make_mut(touch).status = TouchStatus::Done {
                            result: Some("Договорились о встрече".into()),
                            outcome: crate::model::touch::Outcome::Success,
                            done_at: instant(millis),
                            nps: None,
                            violations: Vec::new(),
                        };
                    }
                }
                touch
            });
            t += 1;
        }
    }
    log.events
}

/// The standard dataset's clients made reachable, for the next-best-touch benchmark: every
/// client gets a phone, every third an e-mail too (every fifth prefers it), every seventh a
/// birthday, every eleventh a wish, every thirteenth finds calls inconvenient.
pub fn with_addresses(events: &mut [Event]) {
    use crate::values::{DateKind, Email, ImportantDate, Phone, Region, Wish};
    let phone = Phone::parse("+7 913 123 45 67", Region::RU).ok();
    let email = "client@example.com".parse::<Email>().ok();
    let mut i = 0usize;
    for event in events {
        let EventPayload::ClientAdded { fields, .. } = &mut event.payload else { continue };
        fields.phones.extend(phone.clone());
        if i % 3 == 0 {
            fields.emails.extend(email.clone());
            if i % 5 == 0 {
                fields.preferred_channel = Some(Channel::Email);
            }
        }
        if i % 7 == 0 {
            let day = (i % 28) as u32 + 1;
            fields.dates.push(ImportantDate {
                kind: DateKind::Birthday,
                label: None,
                month: (i % 12) as u32 + 1,
                day,
                year: None,
            });
        }
        if i % 11 == 0 {
            let noted_on = chrono::NaiveDate::from_ymd_opt(2025, 9, 1).unwrap_or_default();
            fields.wishes.push(Wish { text: "лизинг оборудования".into(), noted_on });
        }
        if i % 13 == 0 && fields.preferred_channel.is_none() {
            fields.inconvenient_channels.insert(Channel::Call);
        }
        i += 1;
    }
}

/// The standard dataset made ready for a marketing campaign (issue 24's benchmark): every
/// client given an e-mail, nine in ten a marketing consent; the events follow the
/// dataset's, after its year.
pub fn standard_for_campaign(clients: usize, touches: usize, moves: usize) -> Vec<Event> {
    let mut events = standard(clients, touches, moves);
    let ids: Vec<ClientId> = events
        .iter()
        .filter_map(|e| match &e.payload {
            EventPayload::ClientAdded { client, .. } => Some(client.clone()),
            _ => None,
        })
        .collect();
    let mut log = Log::new(0xca3, ids.len() * 2);
    let millis = START + 366 * DAY;
    for (i, client) in ids.into_iter().enumerate() {
        let email: crate::values::Email = parsed(&format!("client{i}@example.com"));
        let id = client.clone();
        log.push(millis, |_, _| EventPayload::ClientUpdated {
            client: id,
            changes: vec![FieldChange { old: FieldValue::Emails(Vec::new()), new: FieldValue::Emails(vec![email]) }],
        });
        let consent = crate::model::lead::Consent {
            contact: true,
            marketing: i % 10 != 0,
            source: parsed("web form"),
            at: instant(millis),
        };
        log.push(millis, |_, _| EventPayload::ConsentRecorded { client, consent, by: None });
    }
    events.extend(log.events);
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::CrmState;

    #[test]
    fn the_workload_is_deterministic_and_folds() {
        let a = events(2_000);
        assert_eq!(a, events(2_000));
        let state = CrmState::fold(a);
        assert_eq!(state.event_count(), 2_000);
        let clients = state.clients().count();
        assert!((150..=300).contains(&clients), "{clients} clients");
        assert!(state.touches.all().count() > 300);
    }

    #[test]
    fn the_busy_rep_has_an_agenda() {
        let (state, now) = busy_rep(300);
        let query = crate::read::agenda::AgendaQuery { owner: Some("bench".parse().unwrap()), now, days_ahead: 14 };
        let items = crate::read::agenda::agenda(&state, &query, &crate::Access::everything());
        assert!(items.len() > 200, "{} items", items.len());
    }

    #[test]
    fn the_standard_clients_made_reachable_have_a_phone_each() {
        let mut events = standard(100, 1_000, 400);
        with_addresses(&mut events);
        let state = CrmState::fold(events);
        assert!(state.clients().all(|c| !c.fields.phones.is_empty()));
        assert!(state.clients().all(|c| c.fields.check().is_ok()));
        assert_eq!(state.clients().filter(|c| !c.fields.emails.is_empty()).count(), 34);
    }

    #[test]
    fn the_standard_dataset_holds_what_it_says() {
        let state = CrmState::fold(standard(100, 1_000, 400));
        assert_eq!(state.clients().count(), 100);
        assert_eq!(state.touches.all().count(), 1_000);
        assert_eq!(state.event_count(), 1_500);
        assert!(state.pipelines.cards().len() > 50, "most clients have a card");
    }

    #[test]
    fn the_routing_office_spreads_leads_over_every_rep() {
        let (events, leads) = routing_office(50, 2_000);
        let state = CrmState::fold(events);
        let mut router = crate::decide::router::Router::new(&state);
        let mut owners = std::collections::BTreeSet::new();
        for lead in &leads {
            owners.insert(router.route(lead, None).and_then(|r| r.owner));
        }
        assert!(!owners.contains(&None), "somebody is always free");
        // The taxi teams use all of their 30 members; the skills teams favour their best.
        assert!(owners.len() > 30, "{} owners", owners.len());
    }

    #[test]
    fn the_busy_funnel_splits_into_fifty_reps() {
        use crate::read::funnel::{report, Cohort, FunnelFilter, FunnelQuery, GroupBy};
        let state = busy_funnel(1_000, 4_000);
        let query = FunnelQuery {
            pipeline: "sales".parse().unwrap(),
            from: DateTime::<Utc>::MIN_UTC,
            to: DateTime::<Utc>::MAX_UTC,
            cohort: Cohort::Entered,
            by: Some(GroupBy::Owner),
            filter: FunnelFilter::default(),
        };
        let report = report(&state, &query, &crate::Access::everything()).unwrap();
        assert_eq!(report.groups.len(), 50);
        assert!(report.overall.steps[7].reached > 0, "some cards get paid");
    }
}
