//! Deterministic synthetic event logs: the same workload for the native and the wasm
//! benchmark, and for tests that need volume.

use crate::client::{ClientFields, ClientName, FieldValue};
use crate::clock::Hlc;
use crate::event::{Event, EventPayload, FieldChange};
use crate::ids::{ClientId, EventId, ReplicaId, TouchId, UserId};
use crate::pipeline::CardPosition;
use crate::touch::{Direction, Origin, Touch, TouchStatus};
use crate::values::{Channel, Label};
use chrono::{DateTime, TimeZone, Utc};

/// `n` events of a plausible mix — a tenth of them new clients, the rest updates,
/// touches and stage moves on earlier clients — in fold order.
pub fn events(n: usize) -> Vec<Event> {
    let replica = ReplicaId::from_random(0x5eed);
    let user: UserId = "bench".parse().unwrap_or_else(|_| unreachable!("a valid user id"));
    let regions: Vec<Label> = ["Сибирь", "Урал", "Москва", "Юг"].iter().filter_map(|r| r.parse().ok()).collect();
    let stages = ["lead_received", "answered", "need_identified", "offer_sent", "paid"];
    let mut clients: Vec<ClientId> = Vec::new();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        // xorshift64*: deterministic, not random-quality; a workload generator needs no more.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    };
    let mut out = Vec::with_capacity(n);
    for counter in 1..=n as u64 {
        let id = EventId { replica: replica.clone(), counter };
        let millis = 1_760_000_000_000 + counter as i64 * 1_000;
        let roll = next() % 10;
        let payload = if clients.is_empty() || roll == 0 {
            let client = ClientId::minted_by(&id);
            clients.push(client.clone());
            let name = ClientName::parse(&format!("ООО «Клиент {}»", clients.len())).unwrap_or_else(|_| unreachable!());
            EventPayload::ClientAdded {
                client,
                name,
                fields: Box::new(ClientFields::default()),
                aliases: Vec::new(),
                owner: Some(user.clone()),
            }
        } else {
            let client = clients[(next() % clients.len() as u64) as usize].clone();
            match roll {
                1..=4 => EventPayload::ClientUpdated {
                    client,
                    changes: vec![FieldChange {
                        old: FieldValue::Region(None),
                        new: FieldValue::Region(Some(regions[(next() % regions.len() as u64) as usize].clone())),
                    }],
                },
                5..=7 => EventPayload::TouchRecorded {
                    touch: Box::new(Touch {
                        id: TouchId::minted_by(&id),
                        client,
                        channel: Channel::Call,
                        direction: Direction::Outbound,
                        origin: Origin::Sales,
                        author: user.clone(),
                        at: Utc.timestamp_millis_opt(millis).single().unwrap_or_default(),
                        summary: Some("Обсудили условия поставки".into()),
                        plan: None,
                        status: TouchStatus::Planned,
                        requested: false,
                        override_reason: None,
                    }),
                },
                _ => EventPayload::StageMoved {
                    client,
                    pipeline: "sales".parse().unwrap_or_else(|_| unreachable!()),
                    from: None,
                    to: Some(CardPosition::Stage {
                        stage: stages[(next() % stages.len() as u64) as usize]
                            .parse()
                            .unwrap_or_else(|_| unreachable!()),
                    }),
                },
            }
        };
        out.push(Event {
            id,
            at: Hlc { millis, counter: 0 },
            recorded_at: Utc.timestamp_millis_opt(millis).single().unwrap_or_default(),
            by: user.clone(),
            payload,
        });
    }
    out
}

/// A company with three people and `touches` outbound touches over the past year spread
/// among them, for timing the contact policy; and a candidate call to check.
pub fn busy_company(touches: usize) -> (crate::state::CrmState, crate::policy::Candidate) {
    use crate::ids::RelationshipId;
    use crate::relationship::{RelationKind, Relationship};
    let replica = ReplicaId::from_random(0xc0de);
    let user: UserId = "bench".parse().unwrap_or_else(|_| unreachable!("a valid user id"));
    let start = 1_760_000_000_000_i64;
    let mut counter = 0u64;
    let mut event = |payload: EventPayload, millis: i64| {
        counter += 1;
        Event {
            id: EventId { replica: replica.clone(), counter },
            at: Hlc { millis, counter: 0 },
            recorded_at: Utc.timestamp_millis_opt(millis).single().unwrap_or_default(),
            by: user.clone(),
            payload,
        }
    };
    let mut events = Vec::new();
    let mut ids = Vec::new();
    for (i, kind) in [
        crate::client::ClientKind::Company,
        crate::client::ClientKind::Person,
        crate::client::ClientKind::Person,
        crate::client::ClientKind::Person,
    ]
    .into_iter()
    .enumerate()
    {
        let id = ClientId::minted_by(&EventId { replica: replica.clone(), counter: 10_000_000 + i as u64 });
        let fields = ClientFields { kind, time_zone: "Asia/Novosibirsk".parse().ok(), ..ClientFields::default() };
        let name = ClientName::parse(&format!("Клиент {i}")).unwrap_or_else(|_| unreachable!());
        events.push(event(
            EventPayload::ClientAdded {
                client: id.clone(),
                name,
                fields: Box::new(fields),
                aliases: Vec::new(),
                owner: None,
            },
            start,
        ));
        ids.push(id);
    }
    for (i, person) in ids[1..].iter().enumerate() {
        let relationship = Relationship {
            id: RelationshipId::minted_by(&EventId { replica: replica.clone(), counter: 20_000_000 + i as u64 }),
            kind: RelationKind::Employee,
            from: ids[0].clone(),
            to: person.clone(),
            position: None,
            since: None,
            ended: None,
        };
        events.push(event(EventPayload::Linked { relationship: Box::new(relationship) }, start));
    }
    let channels = [Channel::Call, Channel::Email, Channel::Meeting, Channel::MarketingSend];
    for i in 0..touches {
        let at = start + (i as i64) * (365 * 24 * 3_600_000 / touches.max(1) as i64);
        let touch = Touch {
            id: TouchId::minted_by(&EventId { replica: replica.clone(), counter: 30_000_000 + i as u64 }),
            client: ids[i % ids.len()].clone(),
            channel: channels[i % channels.len()],
            direction: Direction::Outbound,
            origin: if i % 4 == 3 { Origin::Marketing } else { Origin::Sales },
            author: user.clone(),
            at: Utc.timestamp_millis_opt(at).single().unwrap_or_default(),
            summary: None,
            plan: None,
            status: TouchStatus::Planned,
            requested: false,
            override_reason: None,
        };
        events.push(event(EventPayload::TouchRecorded { touch: Box::new(touch) }, at));
    }
    let state = crate::state::CrmState::fold(events);
    let candidate = crate::policy::Candidate {
        client: ids[1].clone(),
        channel: Channel::Call,
        origin: Origin::Sales,
        direction: Direction::Outbound,
        requested: false,
        at: Utc.timestamp_millis_opt(start + 200 * 24 * 3_600_000).single().unwrap_or_default(),
    };
    (state, candidate)
}

/// A rep who owns `cards` clients, each with a card on a sales stage entered up to 30
/// days ago and, for every third, a planned touch: the agenda benchmark's state, and the
/// time to ask it at.
pub fn busy_rep(cards: usize) -> (crate::state::CrmState, DateTime<Utc>) {
    let replica = ReplicaId::from_random(0xa9e);
    let user: UserId = "bench".parse().unwrap_or_else(|_| unreachable!("a valid user id"));
    let stages =
        ["lead_received", "answered", "need_identified", "offer_sent", "follow_up_done", "invoice_sent", "paid"];
    let start = 1_760_000_000_000_i64;
    let day = 24 * 3_600_000_i64;
    let mut events = Vec::with_capacity(cards * 3);
    let mut counter = 0u64;
    let mut push = |payload: EventPayload, millis: i64, events: &mut Vec<Event>| {
        counter += 1;
        let id = EventId { replica: replica.clone(), counter };
        events.push(Event {
            id,
            at: Hlc { millis, counter: 0 },
            recorded_at: Utc.timestamp_millis_opt(millis).single().unwrap_or_default(),
            by: user.clone(),
            payload,
        });
    };
    for i in 0..cards {
        let client = ClientId::minted_by(&EventId { replica: replica.clone(), counter: 50_000_000 + i as u64 });
        let name = ClientName::parse(&format!("Клиент {i}")).unwrap_or_else(|_| unreachable!());
        push(
            EventPayload::ClientAdded {
                client: client.clone(),
                name,
                fields: Box::default(),
                aliases: Vec::new(),
                owner: Some(user.clone()),
            },
            start,
            &mut events,
        );
        let entered = start + (i as i64 % 30) * day;
        push(
            EventPayload::StageMoved {
                client: client.clone(),
                pipeline: "sales".parse().unwrap_or_else(|_| unreachable!()),
                from: None,
                to: Some(CardPosition::Stage {
                    stage: stages[i % stages.len()].parse().unwrap_or_else(|_| unreachable!()),
                }),
            },
            entered,
            &mut events,
        );
        if i % 3 == 0 {
            let touch = Touch {
                id: TouchId::minted_by(&EventId { replica: replica.clone(), counter: 60_000_000 + i as u64 }),
                client,
                channel: Channel::Call,
                direction: Direction::Outbound,
                origin: Origin::Sales,
                author: user.clone(),
                at: Utc.timestamp_millis_opt(start + (i as i64 % 40) * day).single().unwrap_or_default(),
                summary: None,
                plan: None,
                status: TouchStatus::Planned,
                requested: false,
                override_reason: None,
            };
            push(EventPayload::TouchRecorded { touch: Box::new(touch) }, entered, &mut events);
        }
    }
    let now = Utc.timestamp_millis_opt(start + 31 * day).single().unwrap_or_default();
    (crate::state::CrmState::fold(events), now)
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
        let query = crate::agenda::AgendaQuery { owner: Some("bench".parse().unwrap()), now, days_ahead: 14 };
        let items = crate::agenda::agenda(&state, &query);
        assert!(items.len() > 200, "{} items", items.len());
    }

    #[test]
    fn the_busy_company_has_its_touches_and_a_blocked_call() {
        let (state, candidate) = busy_company(1_000);
        assert_eq!(state.touches.all().count(), 1_000);
        // Calls every 1.5 days around it: the company's two calls a week are spent.
        let verdict = state.policy.check(&state, &candidate);
        assert!(!verdict.allowed);
        assert!(verdict.next_allowed_at.is_some_and(|next| next > candidate.at));
    }
}
