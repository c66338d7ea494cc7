//! `Crm` calls about the database itself: a backup of everything and its restore, and
//! what the storage holds and may hold.

use crate::boundary::{self, caps};
use crate::crm::{promise, Crm};
use crate::error::FacadeError;
use crate::js;
use crate::storage_manager;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StorageInfo {
    /// Bytes the origin uses, as the browser estimates them (`null` when it will not say).
    usage: Option<f64>,
    quota: Option<f64>,
    /// Whether the browser keeps the data through storage pressure.
    persisted: Option<bool>,
    clients: usize,
    events: usize,
    /// Damaged records the open left out (with the rest of their commits), and why.
    skipped: Vec<Skipped>,
    checkpoint: CheckpointInfo,
}

/// The checkpoint the next open starts from: the log position it covers, the events
/// applied since (what the open folds on top), and why it could not be used, if it could not.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckpointInfo {
    covers: f64,
    events_since: usize,
    problem: Option<String>,
}

#[derive(Serialize)]
struct Skipped {
    record: usize,
    reason: String,
}

#[wasm_bindgen]
impl Crm {
    /// Everything — clients, touches, pipelines, settings and the whole history — as one
    /// JSON document to save as a file. Heads of sales and admins only.
    #[wasm_bindgen(js_name = exportBackup, unchecked_return_type = "Promise<string>")]
    pub fn export_backup(&self) -> js_sys::Promise {
        let engine = self.engine();
        promise(async move {
            let text = engine?.backup(js::now()).await?;
            Ok(JsValue::from_str(&text))
        })
    }

    /// Restores a backup into this CRM, whose database must be empty: all of it in one
    /// transaction, or nothing. Resolves to the number of changes restored. Heads of
    /// sales and admins only (anyone before the first admin).
    #[wasm_bindgen(js_name = importBackup, unchecked_return_type = "Promise<number>")]
    pub fn import_backup(&self, #[wasm_bindgen(unchecked_param_type = "string")] backup: JsValue) -> js_sys::Promise {
        let engine = self.engine();
        let announce = self.announced();
        // Not copied in once closed: a backup is the largest text the API takes.
        let backup = match &engine {
            Ok(_) => boundary::text("backup", &backup, caps::BACKUP_UNITS),
            Err(_) => Err(FacadeError::Closed),
        };
        promise(async move {
            let engine = engine?;
            let backup = backup?;
            let count = engine.import_backup(&backup).await?;
            announce(count);
            Ok(JsValue::from_f64(count as f64))
        })
    }

    /// What the storage holds and may hold: `{ usage, quota, persisted, clients, events,
    /// skipped, checkpoint }`.
    #[wasm_bindgen(js_name = storageInfo, unchecked_return_type = "Promise<StorageInfo>")]
    pub fn storage_info(&self) -> js_sys::Promise {
        let engine = self.engine();
        promise(async move {
            let engine = engine?;
            let (usage, quota) = storage_manager::estimate().await;
            let persisted = storage_manager::persisted().await;
            let (clients, events) = {
                let state = engine.state();
                (state.clients().count(), state.event_count())
            };
            let skipped =
                engine.skipped().iter().map(|s| Skipped { record: s.record, reason: s.reason.clone() }).collect();
            let status = engine.checkpoint_status();
            let checkpoint =
                CheckpointInfo { covers: status.covers as f64, events_since: status.events_since, problem: status.problem };
            Ok(js::to_js(&StorageInfo { usage, quota, persisted, clients, events, skipped, checkpoint }))
        })
    }
}
