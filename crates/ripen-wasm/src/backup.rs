//! `Crm` calls about the database itself: a backup of everything and its restore, and
//! what the storage holds and may hold.

use crate::boundary::caps;
use crate::checkpoints::budgeted_pause;
use crate::crm::{promise, Crm};
use crate::files;
use crate::js;
use crate::photos;
use crate::storage_manager;
use ripen_core::backup::BackupError;
use ripen_json::ToJson;
use wasm_bindgen::prelude::*;

#[derive(ToJson)]
#[json(rename_all = "camelCase")]
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
    /// Events missing from the log: records lost (or, with sync, not arrived yet).
    gaps: Vec<Gap>,
    checkpoint: CheckpointInfo,
    /// The photos kept beside the log (on this device only) and their bytes.
    photos: PhotoFigures,
    /// A device whose clock runs far ahead of this one's (its newest change is stamped in
    /// this device's future by more than ten minutes), or `null`.
    clock_ahead: Option<ClockAhead>,
}

#[derive(ToJson)]
struct PhotoFigures {
    count: usize,
    bytes: f64,
}

#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct ClockAhead {
    replica: String,
    ahead_ms: f64,
}

/// The checkpoint the next open starts from: the log position it covers, the events
/// applied since (what the open folds on top), and why it could not be used, if it could not.
#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct CheckpointInfo {
    covers: f64,
    events_since: usize,
    problem: Option<String>,
    /// Whether this page is writing one now (writes go on meanwhile).
    writing: bool,
}

#[derive(ToJson)]
struct Skipped {
    /// The record's key in the log (0 when its key is no log position).
    position: f64,
    /// A stable code: "checksum", "not_text", "key", "unreadable", "format",
    /// "unknown_event", "part" or "incomplete".
    problem: &'static str,
    reason: String,
}

/// Counters `first..=last` of the device (replica) `replica` that are missing.
#[derive(ToJson)]
struct Gap {
    replica: String,
    first: f64,
    last: f64,
}

/// What `Crm.rescue` got out of a database.
#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct Rescued {
    /// A backup document (the format `exportBackup` writes) of every change that could be
    /// read: `importBackup` restores it into an empty CRM.
    backup: String,
    events: usize,
    /// The records left out, and why.
    skipped: Vec<Skipped>,
}

#[wasm_bindgen]
impl Crm {
    /// Gets out every change that can still be read from the database `name` when it
    /// cannot be opened (written by a newer version, damaged beyond opening): resolves to
    /// `{ backup, events, skipped }`, where `backup` is a backup document to save and
    /// restore into an empty CRM. Reads only: the database is left exactly as it is.
    /// Rejects with kind "not_found" when there is no database of that name.
    #[wasm_bindgen(unchecked_return_type = "Promise<Rescued>")]
    pub fn rescue(#[wasm_bindgen(unchecked_param_type = "string")] name: JsValue) -> js_sys::Promise {
        promise(async move {
            let name = crate::crm::database_name(&name)?;
            let decoded = ripen_idb::rescue(&name)
                .await?
                .ok_or_else(|| ripen_core::Error::NotFound { what: "database", id: name.clone() })?;
            let backup = ripen_core::backup::write_rescue(&decoded.events, js::now());
            let skipped = decoded
                .skipped
                .into_iter()
                .map(|s| Skipped { position: s.position as f64, problem: s.problem.as_str(), reason: s.reason })
                .collect();
            Ok(js::to_js(&Rescued { backup, events: decoded.events.len(), skipped }))
        })
    }

    /// Everything — clients, touches, pipelines, settings and the whole history, and the
    /// photos of business cards kept on this device — as one JSON document to save as a
    /// file (a `Blob` of type `application/json`): the log as it stands once the calls
    /// made before have finished. Writes called while it is read go on (they are not in
    /// it). Heads of sales and admins only.
    #[wasm_bindgen(js_name = exportBackup, unchecked_return_type = "Promise<Blob>")]
    pub fn export_backup(&self) -> js_sys::Promise {
        let engine = self.engine();
        promise(async move {
            // Each piece crosses into JS as it is read, so the document is never whole in
            // wasm memory; writes called meanwhile go on (they land after the backup's end),
            // between tasks of a few milliseconds. The pieces become the Blob's parts, never
            // one string: a 500-million-character join would hold the page for a long moment.
            let engine = engine?;
            let pieces = js_sys::Array::new();
            let photos = photos::all_photos(&engine).await?;
            let mut backup = engine
                .backup_events_in_pieces(js::now(), !photos.is_empty(), |piece| {
                    pieces.push(&JsValue::from_str(piece));
                }, budgeted_pause())
                .await?;
            if backup.has_photos() {
                pieces.push(&JsValue::from_str(&backup.photos_start()));
                for (photo, blob) in &photos {
                    // The base64 text stays a JS string: a piece of the Blob of its own.
                    let data = files::base64_of(blob).await?;
                    let (before, after) = backup.photo_around(photo);
                    pieces.push(&JsValue::from_str(&before));
                    pieces.push(&data);
                    pieces.push(&JsValue::from_str(after));
                }
            }
            pieces.push(&JsValue::from_str(&backup.tail()));
            Ok(files::blob(&pieces, files::JSON))
        })
    }

    /// Restores a backup into this CRM, whose database must be empty: all of it in one
    /// transaction, or nothing. `backup` is the file `exportBackup` gave (a `Blob` or
    /// `File`) or its text. Resolves to the number of changes restored. Heads of sales and
    /// admins only (anyone before the first admin).
    #[wasm_bindgen(js_name = importBackup, unchecked_return_type = "Promise<number>")]
    pub fn import_backup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Blob | string")] backup: JsValue,
    ) -> js_sys::Promise {
        let engine = self.engine();
        let announce = self.announced();
        promise(async move {
            let engine = engine?;
            // Not read once closed: a backup is the largest text the API takes.
            let text = files::text("backup", backup, caps::BACKUP_UNITS).await?;
            let backup = ripen_core::backup::read_backup_whole(&text).map_err(ripen_core::Error::from)?;
            drop(text);
            // Every photo is decoded before anything is written: a damaged one refuses
            // the whole backup.
            let mut kept = Vec::with_capacity(backup.photos.len());
            for (position, photo) in backup.photos.iter().enumerate() {
                let kind = photo.photo.image_type.as_str();
                let blob = files::blob_of_base64_text(&photo.data, kind).ok_or_else(|| {
                    ripen_core::Error::from(BackupError::PhotoDamaged { position, message: "its data is not base64".into() })
                })?;
                kept.push((photo.photo.key(), ripen_json::to_string(&photo.photo), blob));
            }
            engine.check_restorable()?;
            // The photos first: if the events then cannot be stored, the photos go again
            // and the database is as empty as it was.
            engine.store().put_files(&kept).await?;
            let count = match engine.restore(backup.events).await {
                Ok(count) => count,
                Err(error) => {
                    for (key, _, _) in &kept {
                        let _ = engine.store().delete_file(key).await;
                    }
                    return Err(error.into());
                }
            };
            announce(count);
            Ok(JsValue::from_f64(count as f64))
        })
    }

    /// A name for everything this CRM holds (32 hex digits): equal on any two devices that
    /// hold the same changes, whatever order they arrived in and whatever checkpoint they
    /// opened from; different when anything a user could see differs. Compare it across
    /// devices to know they agree.
    #[wasm_bindgen(unchecked_return_type = "string")]
    pub fn digest(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| Ok(engine.digest().into()))
    }

    /// What the storage holds and may hold: `{ usage, quota, persisted, clients, events,
    /// skipped, gaps, checkpoint, photos, clockAhead }` (`usage` counts the photos too).
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
            let skipped = engine
                .skipped()
                .into_iter()
                .map(|s| Skipped { position: s.position as f64, problem: s.problem.as_str(), reason: s.reason })
                .collect();
            let gaps = engine
                .gaps()
                .into_iter()
                .map(|g| Gap { replica: g.replica.to_string(), first: g.first as f64, last: g.last as f64 })
                .collect();
            let status = engine.checkpoint_status();
            let checkpoint =
                CheckpointInfo {
                covers: status.covers as f64,
                events_since: status.events_since,
                problem: status.problem,
                writing: status.writing,
            };
            let kept = photos::all_photos(&engine).await?;
            let photos = PhotoFigures { count: kept.len(), bytes: kept.iter().map(|(p, _)| p.bytes as f64).sum() };
            let clock_ahead = engine
                .clock_ahead(js::now())
                .map(|(replica, ahead)| ClockAhead { replica: replica.to_string(), ahead_ms: ahead as f64 });
            Ok(js::to_js(&StorageInfo { usage, quota, persisted, clients, events, skipped, gaps, checkpoint, photos, clock_ahead }))
        })
    }
}
