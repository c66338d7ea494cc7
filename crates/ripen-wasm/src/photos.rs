//! `Crm` calls about photos of business cards kept with a client: add one, list them
//! (each with its `Blob`), remove one. The bytes go from the caller's `Blob` straight
//! into IndexedDB (the store's `files`) and back: never through wasm memory.

use crate::boundary::problem::{ArgumentError, ArgumentProblem};
use crate::boundary::{self};
use crate::crm::{promise, Crm, SharedEngine};
use crate::error::FacadeError;
use crate::files;
use crate::js;
use ripen_core::photo::{CardPhoto, ImageType, PhotoId, MAX_PHOTOS_PER_CLIENT, MAX_PHOTO_BYTES};
use ripen_core::ClientId;
use ripen_idb::StoredFile;
use wasm_bindgen::prelude::*;

/// A stored photo's description, if it reads as one (a damaged record is left out).
fn described(file: &StoredFile) -> Option<CardPhoto> {
    ripen_json::from_str::<CardPhoto>(&file.meta).ok().filter(|photo| photo.key() == file.key)
}

/// A photo's description as the API gives it: the time as every instant of the API is
/// (ISO 8601, UTC, milliseconds), where the store keeps Unix milliseconds.
#[derive(ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
struct PhotoView<'a> {
    id: &'a str,
    client: String,
    #[json(rename = "type")]
    image_type: &'a str,
    bytes: u64,
    added_at: String,
    by: String,
}

fn view(photo: &CardPhoto) -> JsValue {
    js::to_js(&PhotoView {
        id: photo.id.as_str(),
        client: photo.client.to_string(),
        image_type: photo.image_type.as_str(),
        bytes: photo.bytes,
        added_at: photo.added_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        by: photo.by.to_string(),
    })
}

/// The photo and its `Blob`, as JS reads them: the description's fields and `blob`.
fn with_blob(photo: &CardPhoto, blob: &JsValue) -> JsValue {
    let value = view(photo);
    // `to_js` of a plain struct is an object; setting a field on it cannot fail.
    let _ = js_sys::Reflect::set(&value, &"blob".into(), blob);
    value
}

/// The client `id` as the user may see it (`not_found` otherwise) and, when `changing`,
/// may change it.
fn client_for(engine: &SharedEngine, id: &ClientId, changing: bool) -> Result<(), FacadeError> {
    let view = engine.view();
    view.client(id)?;
    if changing {
        view.access().check_client(&engine.state(), id)?;
    }
    Ok(())
}

/// The photos kept with `client`, oldest first, each with its stored `Blob`.
pub(crate) async fn photos_of(engine: &SharedEngine, client: &ClientId) -> Result<Vec<(CardPhoto, JsValue)>, FacadeError> {
    let files = engine.store().files_under(&CardPhoto::prefix(client)).await?;
    let mut photos: Vec<(CardPhoto, JsValue)> =
        files.iter().filter_map(|file| described(file).map(|photo| (photo, file.blob.clone()))).collect();
    photos.sort_by(|a, b| (a.0.added_at, &a.0.id).cmp(&(b.0.added_at, &b.0.id)));
    Ok(photos)
}

/// Every photo kept, with its `Blob`: for backups and the storage's figures.
pub(crate) async fn all_photos(engine: &SharedEngine) -> Result<Vec<(CardPhoto, JsValue)>, FacadeError> {
    let files = engine.store().files_under("").await?;
    Ok(files.iter().filter_map(|file| described(file).map(|photo| (photo, file.blob.clone()))).collect())
}

/// A fresh photo id: 128 bits from the host's CSPRNG, in hex.
fn fresh_photo_id() -> PhotoId {
    let hex: String = js::random_bytes::<16>().iter().map(|b| format!("{b:02x}")).collect();
    // 32 hex digits are a valid id by construction.
    hex.parse().unwrap_or_else(|_| unreachable!("hex digits make a photo id"))
}

#[wasm_bindgen]
impl Crm {
    /// Keeps a photo (a business card, a badge) with the client, so the rep can type the
    /// rest later: `photo` is a `Blob` or `File` of type image/jpeg, png, webp, heic, heif,
    /// avif or gif, at most 20 MB; a client keeps up to 12. Resolves to the photo's
    /// description. Stored on this device only (not synced), counted in `storageInfo`, and
    /// included in `exportBackup`. Refused with kind "quota_exceeded" when the browser has
    /// no room for it.
    #[wasm_bindgen(js_name = addCardPhoto, unchecked_return_type = "Promise<CardPhoto>")]
    pub fn add_card_photo(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] client: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Blob")] photo: JsValue,
    ) -> js_sys::Promise {
        let engine = self.engine();
        let client = boundary::id::<ClientId>("client", &client);
        promise(async move {
            let (engine, client) = (engine?, client?);
            let Some((size, kind)) = files::blob_facts(&photo) else {
                let got = if photo.is_null() { "null".to_owned() } else { format!("{:?}", photo.js_typeof()) };
                return Err(ArgumentError::new("photo", ArgumentProblem::WrongType { expected: "a Blob or File", got }).into());
            };
            if size > MAX_PHOTO_BYTES as f64 {
                let max = MAX_PHOTO_BYTES as usize;
                return Err(ArgumentError::new("photo", ArgumentProblem::TooLarge { max, unit: "bytes" }).into());
            }
            let image_type: ImageType = kind.parse().map_err(|e: ripen_core::ValidationError| e.within("photo"))?;
            client_for(&engine, &client, true)?;
            let kept = photos_of(&engine, &client).await?.len();
            if kept >= MAX_PHOTOS_PER_CLIENT {
                let problem = ArgumentProblem::TooMany { max: MAX_PHOTOS_PER_CLIENT, actual: kept + 1 };
                return Err(ArgumentError::new("photo", problem).into());
            }
            let by = engine.user();
            let described = CardPhoto::new(fresh_photo_id(), client, image_type, size as u64, js::now(), by)?;
            let meta = ripen_json::to_string(&described);
            engine.store().put_files(&[(described.key(), meta, photo)]).await?;
            Ok(view(&described))
        })
    }

    /// The photos kept with the client, oldest first: `{ id, client, type, bytes,
    /// addedAt, by, blob }` each (show one with `URL.createObjectURL(photo.blob)`).
    #[wasm_bindgen(js_name = cardPhotos, unchecked_return_type = "Promise<CardPhotoWithBlob[]>")]
    pub fn card_photos(&self, #[wasm_bindgen(unchecked_param_type = "string")] client: JsValue) -> js_sys::Promise {
        let engine = self.engine();
        let client = boundary::id::<ClientId>("client", &client);
        promise(async move {
            let (engine, client) = (engine?, client?);
            client_for(&engine, &client, false)?;
            let list = js_sys::Array::new();
            for (photo, blob) in photos_of(&engine, &client).await? {
                list.push(&with_blob(&photo, &blob));
            }
            Ok(list.into())
        })
    }

    /// Removes one photo of the client's. Rejects with kind "not_found" when it has none
    /// of that id.
    #[wasm_bindgen(js_name = removeCardPhoto, unchecked_return_type = "Promise<void>")]
    pub fn remove_card_photo(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] client: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] photo: JsValue,
    ) -> js_sys::Promise {
        let engine = self.engine();
        let client = boundary::id::<ClientId>("client", &client);
        let photo = boundary::id::<PhotoId>("photo", &photo);
        promise(async move {
            let (engine, client, photo) = (engine?, client?, photo?);
            client_for(&engine, &client, true)?;
            let key = format!("{}{photo}", CardPhoto::prefix(&client));
            if !engine.store().delete_file(&key).await? {
                return Err(ripen_core::Error::NotFound { what: "photo", id: photo.to_string() }.into());
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}
