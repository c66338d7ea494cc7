//! The search index built in the background after opening (and after a change that
//! outdated it), a slice of a few milliseconds per task: the first search then finds it
//! ready. A search that comes before it is done finishes the build first, so its answer
//! is the same as ever — a search over the built part plus a scan of the rest would have
//! to fold and transliterate every name left, which is the build's own work.

use crate::checkpoints::next_task;
use std::cell::Cell;
use std::rc::Rc;

/// Clients indexed between two looks at the clock.
const CLIENTS_PER_STEP: usize = 256;

/// How long one slice may hold the main thread.
const SLICE_MS: f64 = 8.0;

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
            while !ready && js_sys::Date::now() - started < SLICE_MS {
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
