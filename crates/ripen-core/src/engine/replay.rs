//! Reading a store's log into a state a page at a time: each commit is applied as soon as
//! all its parts are read, so the raw log and its decoded events are never in memory
//! whole. A log whose commits were written out of fold order (two tabs writing at once)
//! is read whole and sorted instead, so the state is always the fold in (HLC, id) order.

use crate::error::Error;
use crate::log::codec::{Decoded, LogReader, RawLogReader, Skipped};
use crate::log::store::EventStore;
use crate::model::event::Event;
use crate::state::CrmState;
use std::cell::RefCell;

/// Records read from the store at a time: a page of at most ~15 MB of JSON.
const PAGE: u32 = 256;

/// What reading a log found besides its events.
#[derive(Debug, Default)]
pub(crate) struct Replayed {
    /// Damaged records left out, with the rest of their commits.
    pub(crate) skipped: Vec<Skipped>,
    /// The store position read up to.
    pub(crate) last: u64,
}

/// Reads the log after `after` into `reader` a page at a time, calling `after_page`
/// after each page until it says to stop; the position read up to, or `None` if stopped.
async fn read_pages<S: EventStore>(
    store: &S,
    after: u64,
    reader: &mut LogReader,
    mut after_page: impl FnMut(&mut LogReader) -> bool,
) -> Result<Option<u64>, Error> {
    let mut position = after;
    loop {
        let page = store.load_page(position, PAGE).await?;
        if page.records.is_empty() && page.unreadable.is_empty() {
            return Ok(Some(position));
        }
        position = page.last;
        for unreadable in page.unreadable {
            reader.unreadable(unreadable.position, unreadable.problem, unreadable.detail);
        }
        for (record, at) in page.records.into_iter().zip(page.positions) {
            reader.read_at(at, &record)?;
        }
        if !after_page(reader) {
            return Ok(None);
        }
    }
}

/// Applies the log after position `after` to `state` a page at a time, in fold order;
/// `None` as soon as a commit belongs before one already applied (some of the log may be
/// applied by then: the caller folds afresh with [`sorted`]). The state is borrowed only
/// between reads, so it can be read while the log is.
pub(crate) async fn stream<S: EventStore>(
    store: &S,
    after: u64,
    state: &RefCell<CrmState>,
) -> Result<Option<Replayed>, Error> {
    let mut reader = LogReader::new(true);
    let drained = |reader: &mut LogReader| apply_in_order(&mut state.borrow_mut(), reader.drain_complete());
    let Some(last) = read_pages(store, after, &mut reader, drained).await? else { return Ok(None) };
    let rest = reader.finish()?;
    let skipped = rest.skipped.clone();
    if !apply_in_order(&mut state.borrow_mut(), rest.stored().collect()) {
        return Ok(None);
    }
    Ok(Some(Replayed { skipped, last }))
}

/// Applies `events` (sorted) if they all come after what `state` holds.
pub(crate) fn apply_in_order(state: &mut CrmState, events: Vec<(Event, u64)>) -> bool {
    let fresh: Vec<_> = events.into_iter().filter(|(e, _)| !state.knows(&e.id)).collect();
    let Some((first, _)) = fresh.first() else { return true };
    if state.newest().is_some_and(|(at, id)| (first.at, &first.id) < (*at, id)) {
        return false;
    }
    for (event, at) in &fresh {
        state.apply(event, *at);
    }
    true
}

/// The whole log after position `after`, read before anything is applied, in fold order;
/// and the position read up to.
pub(crate) async fn read_after<S: EventStore>(store: &S, after: u64) -> Result<(Decoded, u64), Error> {
    let mut reader = LogReader::new(true);
    let last = read_pages(store, after, &mut reader, |_| true).await?.unwrap_or(after);
    Ok((reader.finish()?, last))
}

/// The log up to position `up_to`, copied out a page of records at a time: `each` gets the
/// events of each whole commit as stored JSON (see [`RawLogReader`]), a slice of at most
/// [`SLICE_BYTES`] at a time (`true` with each slice but a commit's first), and `pause()` is awaited after every page and every slice,
/// so a host can let other work run in between; what was left out as damaged. Pages are
/// sized by what the records before weighed: a few hundred kilobytes each, whether a
/// record is one rep's change or a part of an import.
pub(crate) async fn copy_commits_up_to<S: EventStore, P: std::future::Future<Output = ()>>(
    store: &S,
    up_to: u64,
    mut each: impl FnMut(&str, bool),
    mut pause: impl FnMut() -> P,
) -> Result<Vec<Skipped>, Error> {
    let mut reader = RawLogReader::new();
    let (mut position, mut page) = (0, FIRST_PAGE);
    while position < up_to {
        let tail = store.load_page(position, page).await?;
        if tail.records.is_empty() && tail.unreadable.is_empty() {
            break;
        }
        position = tail.last;
        let bytes: usize = tail.records.iter().map(String::len).sum();
        page = (PAGE_BYTES * tail.records.len() / bytes.max(1)).clamp(1, MAX_PAGE) as u32;
        for unreadable in tail.unreadable.into_iter().filter(|u| u.position <= up_to) {
            reader.unreadable(unreadable.position, unreadable.problem, unreadable.detail);
        }
        for (record, at) in tail.records.iter().zip(tail.positions).filter(|(_, at)| *at <= up_to) {
            reader.read_at(at, record)?;
        }
        pause().await;
        for commit in reader.drain_complete() {
            hand_out(&commit, &mut each, &mut pause).await;
        }
    }
    let (rest, skipped) = reader.finish();
    for commit in rest {
        hand_out(&commit, &mut each, &mut pause).await;
    }
    Ok(skipped)
}

/// Records read first by a copy; later pages are sized by weight ([`PAGE_BYTES`]).
const FIRST_PAGE: u32 = 8;
const PAGE_BYTES: usize = 128 * 1024;
const MAX_PAGE: usize = 2_000;

/// The most of a commit's text handed out at once: a commit of an import is megabytes.
pub(crate) const SLICE_BYTES: usize = 64 * 1024;

/// Hands `text` to `each` in slices cut at character boundaries, pausing after each.
async fn hand_out<P: std::future::Future<Output = ()>>(
    mut text: &str,
    each: &mut impl FnMut(&str, bool),
    pause: &mut impl FnMut() -> P,
) {
    let mut continues = false;
    while !text.is_empty() {
        let mut cut = text.len().min(SLICE_BYTES);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let (slice, rest) = text.split_at(cut);
        each(slice, continues);
        (text, continues) = (rest, true);
        pause().await;
    }
}

/// The whole log after `after` read first, then sorted and applied to `state` (the
/// checkpoint's): for a log written out of fold order. When an event new to `state`
/// belongs before the newest it holds — written offline on another device, or by a tab
/// with its clock behind, and arrived after the checkpoint was taken — the checkpoint
/// cannot take it in its place: the whole log is folded from its start instead (`true`),
/// so the state is always the fold of every known event in (HLC, id) order, whatever
/// order they arrived in.
pub(crate) async fn sorted<S: EventStore>(
    store: &S,
    after: u64,
    mut state: CrmState,
) -> Result<(CrmState, Replayed, bool), Error> {
    let (mut decoded, mut last) = read_after(store, after).await?;
    let newest = state.newest().cloned();
    let first_new = decoded.events.iter().find(|event| !state.knows(&event.id));
    let rewound = first_new.zip(newest).is_some_and(|(event, (at, id))| (event.at, &event.id) < (at, &id));
    if rewound {
        drop(decoded);
        state = CrmState::default();
        (decoded, last) = read_after(store, 0).await?;
    }
    let skipped = std::mem::take(&mut decoded.skipped);
    for (event, at) in decoded.stored() {
        state.apply(&event, at);
    }
    Ok((state, Replayed { skipped, last }, rewound))
}
