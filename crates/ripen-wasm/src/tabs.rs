//! Keeping tabs in step: one `BroadcastChannel` per database. A tab that commits says so;
//! the others read the news in (`Engine::refresh`) and tell their page's subscribers.

use js_sys::{Function, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The page's `subscribe` callbacks, by id.
#[derive(Debug, Default)]
pub(crate) struct Subscribers {
    next: u32,
    callbacks: Vec<(u32, Function)>,
}

impl Subscribers {
    pub(crate) fn add(&mut self, callback: Function) -> u32 {
        self.next += 1;
        self.callbacks.push((self.next, callback));
        self.next
    }

    pub(crate) fn remove(&mut self, id: u32) -> bool {
        let before = self.callbacks.len();
        self.callbacks.retain(|(i, _)| *i != id);
        self.callbacks.len() != before
    }

    /// Calls every subscriber with `{ source, events }`; one that throws does not stop
    /// the others.
    pub(crate) fn notify(subscribers: &RefCell<Self>, source: &str, events: usize) {
        let change = js_sys::Object::new();
        let _ = Reflect::set(&change, &"source".into(), &source.into());
        let _ = Reflect::set(&change, &"events".into(), &JsValue::from_f64(events as f64));
        let callbacks: Vec<Function> = subscribers.borrow().callbacks.iter().map(|(_, f)| f.clone()).collect();
        for callback in callbacks {
            let _ = callback.call1(&JsValue::NULL, &change);
        }
    }
}

/// A `BroadcastChannel` named after the database, with its message handler.
#[derive(Debug)]
pub(crate) struct Channel {
    channel: JsValue,
    _on_message: Closure<dyn FnMut(JsValue)>,
}

impl Channel {
    /// Opens the channel for `database`; `on_news` runs when another tab announces a
    /// commit. `None` where the platform has no `BroadcastChannel`.
    pub(crate) fn open(database: &str, on_news: impl FnMut() + 'static) -> Option<Rc<Self>> {
        let constructor: Function =
            Reflect::get(&js_sys::global(), &"BroadcastChannel".into()).ok()?.dyn_into().ok()?;
        let args = js_sys::Array::of1(&format!("ripen:{database}").into());
        let channel = Reflect::construct(&constructor, &args).ok()?;
        let mut on_news = on_news;
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |_| on_news());
        Reflect::set(&channel, &"onmessage".into(), on_message.as_ref()).ok()?;
        Some(Rc::new(Self { channel, _on_message: on_message }))
    }

    /// Tells the other tabs something was committed.
    pub(crate) fn announce(&self) {
        self.call("postMessage", &"committed".into());
    }

    pub(crate) fn close(&self) {
        self.call("close", &JsValue::UNDEFINED);
    }

    fn call(&self, method: &str, argument: &JsValue) {
        if let Ok(function) = Reflect::get(&self.channel, &method.into()).and_then(|f| f.dyn_into::<Function>()) {
            let _ = function.call1(&self.channel, argument);
        }
    }
}
