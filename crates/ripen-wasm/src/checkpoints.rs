//! When the page writes a checkpoint: once enough events were applied since the last one
//! (after a write, after opening), in the background, one tab at a time (Web Locks), a
//! piece per task so no frame is held up — and writes go on between the pieces.

use js_sys::{Function, Object, Promise, Reflect};
use std::cell::Cell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Events applied since the last checkpoint before the next one is written: what an open
/// then folds from the log on top of it (a few hundred milliseconds at most).
pub(crate) const AFTER_EVENTS: usize = 5_000;

/// How long no change must come before a due checkpoint starts: a burst of writes (an
/// import, a rep typing) is left to finish first.
const QUIET_MS: i32 = 500;

/// How long a due checkpoint waits for a quiet moment at most: a page that never pauses
/// still gets its checkpoint (writes go on between its pieces anyway).
const LONGEST_WAIT_MS: f64 = 5_000.0;

/// Schedules a checkpoint of `engine` if one is due — enough events since the last, or
/// the last one dropped as damaged or disagreeing with the log (rebuilt at once) — and
/// none is under way in this page.
pub(crate) fn schedule_if_due(engine: &Rc<ripen_core::Engine<ripen_idb::IdbStore>>, database: &str, running: &Rc<Cell<bool>>) {
    let status = engine.checkpoint_status();
    let due = status.events_since >= AFTER_EVENTS || (status.problem.is_some() && status.events_since > 0);
    if !due || running.replace(true) {
        return;
    }
    let (engine, running) = (Rc::downgrade(engine), Rc::clone(running));
    let lock = format!("ripen-checkpoint:{database}");
    wasm_bindgen_futures::spawn_local(async move {
        let due_since = js_sys::Date::now();
        while let Some(before) = engine.upgrade().map(|e| e.checkpoint_status().events_since) {
            sleep(QUIET_MS).await;
            let quiet = engine.upgrade().is_none_or(|e| e.checkpoint_status().events_since == before);
            if quiet || js_sys::Date::now() - due_since >= LONGEST_WAIT_MS {
                break;
            }
        }
        let _ = with_lock_if_free(&lock, checkpoint(engine)).await;
        running.set(false);
    });
}

/// Writes the checkpoint, unless the page closed the CRM meanwhile.
async fn checkpoint(engine: Weak<ripen_core::Engine<ripen_idb::IdbStore>>) -> Result<JsValue, JsValue> {
    let Some(engine) = engine.upgrade() else { return Ok(JsValue::UNDEFINED) };
    match engine.write_checkpoint(next_task).await {
        Ok(covers) => Ok(JsValue::from_f64(covers as f64)),
        // A checkpoint is a cache: a failure costs a longer next open, nothing else.
        Err(error) => Err(JsValue::from_str(&error.to_string())),
    }
}

/// Runs `work` holding the Web Lock `name` if no other tab holds it; skips it if one does.
/// Without Web Locks (an old browser), runs it anyway: two tabs' checkpoints are each
/// whole, the later one simply wins.
async fn with_lock_if_free(
    name: &str,
    work: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> Result<JsValue, JsValue> {
    let locks = Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|navigator| Reflect::get(&navigator, &"locks".into()))
        .ok()
        .filter(|locks| !locks.is_undefined());
    let Some(locks) = locks else { return work.await };
    let request: Function = Reflect::get(&locks, &"request".into())?.dyn_into()?;
    let options = Object::new();
    Reflect::set(&options, &"ifAvailable".into(), &true.into())?;
    let mut work = Some(work);
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        match (lock.is_null(), work.take()) {
            (false, Some(work)) => wasm_bindgen_futures::future_to_promise(work).into(),
            _ => JsValue::UNDEFINED,
        }
    });
    let held: Promise = request.call3(&locks, &name.into(), &options, &callback)?.dyn_into()?;
    JsFuture::from(held).await
}

/// A pause for long work done in small steps: resolves at once until the work has held the
/// main thread for a slice, then on a later task (the page draws and handles input, a
/// write's transaction completes), so tiny steps do not each wait for a task.
pub(crate) fn budgeted_pause() -> impl FnMut() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
    const SLICE_MS: f64 = 4.0;
    let since = Rc::new(Cell::new(js_sys::Date::now()));
    move || {
        let since = Rc::clone(&since);
        Box::pin(async move {
            if js_sys::Date::now() - since.get() >= SLICE_MS {
                next_task().await;
                since.set(js_sys::Date::now());
            }
        })
    }
}

/// Resolves on a later task, letting the page draw and handle input in between.
pub(crate) async fn next_task() {
    sleep(0).await;
}

async fn sleep(millis: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let set_timeout = Reflect::get(&js_sys::global(), &"setTimeout".into()).and_then(|f| f.dyn_into::<Function>());
        if let Ok(set_timeout) = set_timeout {
            let _ = set_timeout.call2(&JsValue::NULL, &resolve, &millis.into());
        }
    });
    let _ = JsFuture::from(promise).await;
}
