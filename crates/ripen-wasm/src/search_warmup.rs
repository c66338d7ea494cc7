//! The search index built in the background after opening (and after a change that
//! outdated it), a slice of a few milliseconds per task: the first search then finds it
//! ready. A search that comes before it is done finishes the build first, so its answer
//! is the same as ever — a search over the built part plus a scan of the rest would have
//! to fold and transliterate every name left, which is the build's own work. While a
//! write is under way the build pauses, so the write's commit is not queued behind it.

use crate::checkpoints::next_task;
use std::cell::Cell;
use std::rc::Rc;

/// Clients indexed between two looks at the clock.
const CLIENTS_PER_STEP: usize = 256;

/// How long one slice may hold the main thread.
const SLICE_MS: f64 = 8.0;

/// How long a search may help the background build along before it answers from what is
/// built (a frame's worth).
const SEARCH_HELPS_MS: f64 = 16.0;

/// Indexes more clients for up to [`SEARCH_HELPS_MS`] (a search arrived before the
/// background build finished: the more is built, the more it finds). The build's last
/// steps, which sort its dictionaries, are left to the background: a search meanwhile
/// scans them instead.
pub(crate) fn help_along(engine: &ripen_core::Engine<ripen_idb::IdbStore>) {
    let started = js_sys::Date::now();
    if engine.search_coverage().is_none() && !engine.search_ready() {
        // Catches up with a few changes, or begins the build (none ran since the open).
        engine.prepare_search(0);
    }
    let clients_left = || engine.search_coverage().is_some_and(|(done, total)| done < total);
    while clients_left() && js_sys::Date::now() - started < SEARCH_HELPS_MS {
        engine.prepare_search(CLIENTS_PER_STEP);
    }
}

/// Starts building the index of `engine` in the background unless it is up to date or a
/// build is under way in this page.
pub(crate) fn schedule(engine: &Rc<ripen_core::Engine<ripen_idb::IdbStore>>, running: &Rc<Cell<bool>>) {
    if engine.search_ready() || running.replace(true) {
        return;
    }
    let (engine, running) = (Rc::downgrade(engine), Rc::clone(running));
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(engine) = engine.upgrade() {
            let started = js_sys::Date::now();
            let mut ready = false;
            // A write waiting for IndexedDB would otherwise wait for this slice too: its
            // completion is a task queued behind it.
            while !ready && !engine.writing() && js_sys::Date::now() - started < SLICE_MS {
                ready = engine.prepare_search(CLIENTS_PER_STEP);
            }
            drop(engine);
            if ready {
                break;
            }
            next_task().await;
        }
        running.set(false);
    });
}
