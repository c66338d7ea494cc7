//! A client's history read from the store on demand: the records the state's index names,
//! decoded and narrowed to the events about the client and the reverts of them. The
//! events stay on disk; memory does not grow with the history.

use crate::decide::revert::RevertContext;
use crate::error::Error;
use crate::log::codec;
use crate::log::store::EventStore;
use crate::model::event::Event;
use crate::state::CrmState;
use crate::values::ids::{ClientId, EventId};
use crate::values::sort;
use rustc_hash::FxHashSet as HashSet;
use std::cell::RefCell;

pub(crate) use crate::state::touch_texts::full_touches;

/// Every event about `clients`, and every revert of one of them (a revert that found
/// nothing left to change names no client), in fold order.
pub(crate) async fn events_about<S: EventStore>(
    store: &S,
    state: &RefCell<CrmState>,
    clients: &[ClientId],
) -> Result<Vec<Event>, Error> {
    let positions = state.borrow().records_of(clients);
    let mut events = read_events(store, &positions).await?;
    events.retain(|event| event.payload.clients().iter().any(|c| clients.contains(c)));
    let mut tried: HashSet<EventId> = HashSet::default();
    loop {
        let (wanted, positions) = {
            let state = state.borrow();
            let have: HashSet<&EventId> = events.iter().map(|e| &e.id).collect();
            let wanted: HashSet<EventId> = state
                .reverts()
                .filter(|(revert, target)| have.contains(target) && !have.contains(revert) && !tried.contains(*revert))
                .map(|(revert, _)| revert.clone())
                .collect();
            let mut positions: Vec<u64> = wanted.iter().filter_map(|r| state.position_of(r)).collect();
            sort::sort(&mut positions);
            positions.dedup();
            (wanted, positions)
        };
        if wanted.is_empty() {
            break;
        }
        let found = read_events(store, &positions).await?;
        events.extend(found.into_iter().filter(|e| wanted.contains(&e.id)));
        tried.extend(wanted);
    }
    sort::sort_by(&mut events, |a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    events.dedup_by(|a, b| a.id == b.id);
    Ok(events)
}

/// As [`events_about`], newest first: a client's history.
pub(crate) async fn newest_first<S: EventStore>(
    store: &S,
    state: &RefCell<CrmState>,
    clients: &[ClientId],
) -> Result<Vec<Event>, Error> {
    let mut events = events_about(store, state, clients).await?;
    events.reverse();
    Ok(events)
}

/// The target event of a revert and the histories that say whether anything wrote its
/// slots since.
pub(crate) async fn revert_context<S: EventStore>(
    store: &S,
    state: &RefCell<CrmState>,
    target: &EventId,
) -> Result<RevertContext, Error> {
    let not_found = || Error::NotFound { what: "event", id: target.to_string() };
    let position = state.borrow().position_of(target).ok_or_else(not_found)?;
    let event = read_events(store, &[position]).await?.into_iter().find(|e| e.id == *target).ok_or_else(not_found)?;
    if let Some(wanted) = crate::model::event::members(&event).map(|ids| ids.collect::<HashSet<EventId>>()) {
        let mut positions: Vec<u64> = {
            let state = state.borrow();
            wanted.iter().filter_map(|id| state.position_of(id)).collect()
        };
        sort::sort(&mut positions);
        positions.dedup();
        let mut members: Vec<Event> =
            read_events(store, &positions).await?.into_iter().filter(|e| wanted.contains(&e.id)).collect();
        sort::sort_by_key(&mut members, |e| e.id.counter);
        return Ok(RevertContext::batch(event, members));
    }
    let clients: Vec<ClientId> = {
        let state = state.borrow();
        let mut clients: Vec<ClientId> =
            event.payload.clients().into_iter().flat_map(|c| state.history_clients(state.canonical(c))).collect();
        sort::sort(&mut clients);
        clients.dedup();
        clients
    };
    let history = if clients.is_empty() { Vec::new() } else { events_about(store, state, &clients).await? };
    Ok(RevertContext::new(event, &history))
}

async fn read_events<S: EventStore>(store: &S, positions: &[u64]) -> Result<Vec<Event>, Error> {
    if positions.is_empty() {
        return Ok(Vec::new());
    }
    let mut events = Vec::new();
    for (_, record) in store.load_records(positions).await? {
        events.extend(codec::decode_record(&record)?);
    }
    Ok(events)
}
