//! The contact policy's benchmark states: a company of four clients whose touches either
//! book a year solid (the check walks the whole blocked stretch) or go back years at an
//! everyday density (the history grows, the stretch a check walks does not).

use super::{client_added, instant, planned, Log, DAY, START};
use crate::model::client::{ClientFields, ClientKind};
use crate::model::event::EventPayload;
use crate::model::policy::Candidate;
use crate::model::relationship::{RelationKind, Relationship};
use crate::model::touch::{Direction, Origin};
use crate::state::CrmState;
use crate::values::ids::{ClientId, RelationshipId};
use crate::values::Channel;

/// A company and `people` people it employs, in Novosibirsk: the company first.
fn company_of(log: &mut Log, people: usize) -> Vec<ClientId> {
    let mut ids = Vec::new();
    let kinds = std::iter::once(ClientKind::Company).chain(std::iter::repeat_n(ClientKind::Person, people));
    for (i, kind) in kinds.enumerate() {
        let fields = ClientFields { kind, time_zone: "Asia/Novosibirsk".parse().ok(), ..ClientFields::default() };
        log.push(START, |id, _| {
            ids.push(ClientId::minted_by(id));
            client_added(id, format!("Клиент {i}"), fields, None)
        });
    }
    for person in ids[1..].iter().cloned() {
        let company = ids[0].clone();
        log.push(START, |id, _| EventPayload::Linked {
            relationship: Box::new(Relationship {
                id: RelationshipId::minted_by(id),
                kind: RelationKind::Employee,
                from: company,
                to: person,
                position: None,
                since: None,
                ended: None,
            }),
        });
    }
    ids
}

/// An outbound sales call to the company's first employee at `millis`: the candidate.
fn sales_call(ids: &[ClientId], millis: i64) -> Candidate {
    Candidate {
        client: ids[1].clone(),
        channel: Channel::Call,
        origin: Origin::Sales,
        direction: Direction::Outbound,
        requested: false,
        overridden: false,
        at: instant(millis),
    }
}

/// A company with three people and `touches` outbound touches over a year spread among
/// them, for timing the contact policy; and a candidate call to check. Past a few hundred
/// touches the company's calls (a quarter of them) book the year solid: the check walks
/// every call from the candidate to the year's end.
pub fn busy_company(touches: usize) -> (CrmState, Candidate) {
    let mut log = Log::new(0xc0de, touches + 8);
    let ids = company_of(&mut log, 3);
    let channels = [Channel::Call, Channel::Email, Channel::Meeting, Channel::MarketingSend];
    for i in 0..touches {
        let millis = START + (i as i64) * (365 * DAY / touches.max(1) as i64);
        let origin = if i % 4 == 3 { Origin::Marketing } else { Origin::Sales };
        let client = ids[i % ids.len()].clone();
        log.push(millis, |id, user| planned(id, user, client, channels[i % channels.len()], origin, millis));
    }
    let candidate = sales_call(&ids, START + 200 * DAY);
    (log.fold(), candidate)
}

/// Of every 16 touches of [`company_history`], which channel each is: a call every eight
/// days to the company, a marketing send, meetings and e-mails.
const HISTORY_CHANNELS: [Channel; 16] = {
    use Channel::{Call, Email, MarketingSend, Meeting};
    [
        Call,
        Email,
        Email,
        Meeting,
        Email,
        MarketingSend,
        Email,
        Email,
        Email,
        Meeting,
        Email,
        Email,
        Email,
        Email,
        Meeting,
        Email,
    ]
};

/// The same company with `touches` touches at a steady density, two a day across its
/// four clients, going back `touches / 2` days before a candidate sales call (so the
/// history grows back in time, not denser), and two calls planned in the days after it
/// which refuse it for a week: what a check sees at any history size.
pub fn company_history(touches: usize) -> (CrmState, Candidate) {
    company_history_of(3, touches)
}

/// [`company_history`] of a company with `people` people (at least one): the touches
/// go round the company and its people, so each has fewer as there are more.
pub fn company_history_of(people: usize, touches: usize) -> (CrmState, Candidate) {
    const PLANNED_AHEAD: usize = 2;
    let mut log = Log::new(0xc0df, touches + 2 * people + 8);
    let ids = company_of(&mut log, people.max(1));
    let past = touches.saturating_sub(PLANNED_AHEAD);
    let at = START + 200 * DAY;
    for i in 0..past {
        // The oldest first, every 12 hours, the last one 5 hours before the candidate.
        let millis = at - 5 * 3_600_000 - (past - i) as i64 * DAY / 2;
        let channel = HISTORY_CHANNELS[i % HISTORY_CHANNELS.len()];
        let origin = if channel == Channel::MarketingSend { Origin::Marketing } else { Origin::Sales };
        let client = ids[i % ids.len()].clone();
        // Recorded in order after the clients; planned at their own times.
        log.push(START + i as i64, |id, user| planned(id, user, client, channel, origin, millis));
    }
    for day in [1, 3].into_iter().take(touches.min(PLANNED_AHEAD)) {
        let client = ids[2.min(ids.len() - 1)].clone();
        let millis = at + day * DAY;
        log.push(START + touches as i64, |id, user| planned(id, user, client, Channel::Call, Origin::Sales, millis));
    }
    (log.fold(), sales_call(&ids, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn the_busy_company_has_its_touches_and_a_blocked_call() {
        let (state, candidate) = busy_company(1_000);
        assert_eq!(state.touches.all().count(), 1_000);
        // Calls every 1.5 days around it: the company's two calls a week are spent.
        let verdict = state.policy.check(&state, &candidate);
        assert!(!verdict.allowed);
        assert!(verdict.next_allowed_at.is_some_and(|next| next > candidate.at));
    }

    #[test]
    fn the_company_history_refuses_the_call_for_a_week_at_every_size() {
        // The two calls planned 1 and 3 days on refuse calls until a week after the first.
        let expected = candidate_at() + Duration::days(8);
        for touches in [100, 1_000, 10_000] {
            let (state, candidate) = company_history(touches);
            assert_eq!(state.touches.all().count(), touches);
            let verdict = state.policy.check(&state, &candidate);
            assert!(!verdict.allowed, "{touches} touches");
            assert_eq!(verdict.next_allowed_at, Some(expected), "{touches} touches");
        }
    }

    fn candidate_at() -> chrono::DateTime<chrono::Utc> {
        instant(START + 200 * DAY)
    }
}
