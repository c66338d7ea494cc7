//! `Crm` calls about files: an import previewed and committed as one change (listed among
//! the imports, reverted as a whole), and clients exported as CSV or vCard.

use crate::boundary::{self, caps, Size};
use crate::crm::{promise, Crm, SharedEngine};
use crate::dto::{ExportOptions, ExportSettings, ImportOptions, ImportSettings};
use crate::error::FacadeError;
use crate::js;
use ripen_core::relationship::RelationKind;
use ripen_core::{Client, ClientId, Command, EventPayload};
use crate::{files, readers};
use ripen_io::{plan, preview, write_csv, write_vcards, Row, ViewBase};
use ripen_json::ToJson;
use wasm_bindgen::prelude::*;

/// What `importFile` did.
#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct ImportResult<'a> {
    /// The import's change: `revert(event)` takes the whole import back.
    event: String,
    #[json(flatten)]
    source: &'a ripen_core::import::ImportSource,
}

/// An import as `imports()` lists it.
#[derive(ToJson)]
#[json(rename_all = "camelCase")]
struct ImportView<'a> {
    event: String,
    at: String,
    by: &'a str,
    #[json(flatten)]
    source: &'a ripen_core::import::ImportSource,
    reverted_by: Option<String>,
}

/// Import options may hold a choice for every line of a large file.
const IMPORT_OPTIONS: Size = Size { units: 16 << 20, items: caps::NESTED_ITEMS };

/// Export options may name every client.
const EXPORT_OPTIONS: Size = Size { units: 16 << 20, items: caps::BATCH_ITEMS };

fn settings(options: Option<&JsValue>) -> Result<ImportSettings, FacadeError> {
    boundary::options_sized::<ImportOptions>("options", options, IMPORT_OPTIONS)?.parse()
}

fn export_settings(options: Option<&JsValue>) -> Result<ExportSettings, FacadeError> {
    boundary::options_sized::<ExportOptions>("options", options, EXPORT_OPTIONS)?.parse()
}

#[wasm_bindgen]
impl Crm {
    /// Reads a CSV, vCard or workbook file and says what importing it would do: the columns and
    /// the fields they fill, the rows that read, the rows with errors (line, column,
    /// message), and the rows that may already be in the base with the clients they may
    /// be. Changes nothing. `file` is a `File` or `Blob`, the file's bytes (a `Uint8Array`
    /// or any typed array, an `ArrayBuffer`) or its text. The file readers load first if
    /// they have not (`Crm.loadFileReaders`); one that cannot be downloaded rejects with
    /// kind "network". A file that cannot be read whole is refused with kind "validation"
    /// and a `problem`: "empty", "too_large", "binary", "encoding", "unclosed_quote",
    /// "no_header", "no_cards", "reader_stopped"; for a workbook also "encrypted",
    /// "damaged", "no_sheets", "no_such_sheet". A workbook's first visible sheet that holds
    /// anything is read unless `options.sheet` names another; the preview lists `sheets`.
    #[wasm_bindgen(js_name = previewImport, unchecked_return_type = "Promise<ImportPreview>")]
    pub fn preview_import(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ImportFile")] file: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let engine = self.engine();
        let settings = settings(options.as_ref());
        promise(async move {
            let engine = engine?;
            let bytes = files::file("file", file).await?;
            let file = readers::read(bytes, &settings?).await?;
            let shown = engine.with_search(|view, index| preview(&file, &mut ViewBase::new(view, index)));
            Ok(js::to_js(&shown))
        })
    }

    /// Imports a file as one change: rows that read are added (people linked to their
    /// companies, found in the base or created), except probable duplicates, which are
    /// skipped unless `choices` says `"add"` or `"merge"` for their line. Rows with errors
    /// are left out. The import is listed by `imports()`; `revert(event)` takes it back.
    /// `file` and the refusals are as `previewImport`'s.
    #[wasm_bindgen(js_name = importFile, unchecked_return_type = "Promise<ImportResult>")]
    pub fn import_file(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ImportFile")] file: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ImportOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let engine = self.engine();
        let announce = self.announced();
        let settings = settings(options.as_ref());
        promise(async move {
            let engine = engine?;
            let bytes = files::file("file", file).await?;
            let settings = settings?;
            let file_read = readers::read(bytes, &settings).await?;
            let batch = engine.with_search(|view, index| {
                plan(file_read, settings.file_name, &settings.choices, &mut ViewBase::new(view, index))
            });
            let events = engine.execute(Command::Import(Box::new(batch)), js::now()).await?;
            announce(events.len());
            match events.first().map(|e| (&e.id, &e.payload)) {
                Some((id, EventPayload::Imported { source, .. })) => {
                    Ok(js::to_js(&ImportResult { event: id.to_string(), source }))
                }
                _ => Ok(JsValue::NULL),
            }
        })
    }

    /// Every import, newest first, with `revertedBy` once it was taken back.
    #[wasm_bindgen(unchecked_return_type = "ImportEntry[]")]
    pub fn imports(&self) -> Result<JsValue, JsValue> {
        self.read(|engine| {
            let state = engine.state();
            let views: Vec<ImportView<'_>> = state
                .imports
                .iter()
                .rev()
                .map(|entry| ImportView {
                    event: entry.event.to_string(),
                    at: crate::dto::iso(&entry.at),
                    by: entry.by.as_str(),
                    source: &entry.source,
                    reverted_by: state.reverted_by(&entry.event).map(ToString::to_string),
                })
                .collect();
            Ok(js::to_js(&views))
        })
    }

    /// The clients (`ids`, or every client the user sees) as a CSV file (a `Blob` of type
    /// `text/csv;charset=utf-8`): UTF-8 with a BOM, `;` for Russian Excel (`dialect: "ru"`,
    /// the default) or `,` (`"en"`), the chosen `columns`; or the header Google Contacts
    /// (`"google"`) or Outlook (`"outlook"`) imports. RFC 4180 quoting, cells that a
    /// spreadsheet would run as a formula guarded with a leading apostrophe.
    #[wasm_bindgen(js_name = exportCsv, unchecked_return_type = "Promise<Blob>")]
    pub fn export_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let written = self.engine().and_then(|engine| {
            let settings = export_settings(options.as_ref())?;
            with_rows(&engine, settings.ids, |rows| write_csv(rows, &settings.columns, settings.dialect))
        });
        promise(async move { Ok(files::blob_of_bytes(&written?, files::CSV)) })
    }

    /// The clients (`ids`, or every client the user sees) as a vCard file (a `Blob` of type
    /// `text/vcard;charset=utf-8`): 3.0, or 4.0 with `version: "4.0"`.
    #[wasm_bindgen(js_name = exportVcard, unchecked_return_type = "Promise<Blob>")]
    pub fn export_vcard(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ExportOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let written = self.engine().and_then(|engine| {
            let settings = export_settings(options.as_ref())?;
            with_rows(&engine, settings.ids, |rows| write_vcards(rows, settings.version))
        });
        promise(async move { Ok(files::blob_of_bytes(written?.as_bytes(), files::VCARD)) })
    }
}

/// The export's rows, as the user may see them: a client they may not see is refused,
/// and a person's company is named only if they see it too.
fn with_rows<T>(
    engine: &SharedEngine,
    ids: Option<Vec<ClientId>>,
    write: impl FnOnce(&[Row<'_>]) -> T,
) -> Result<T, FacadeError> {
    let view = engine.view();
    let live = |id: &ClientId| match view.client(id) {
        Ok(client) if client.removed => Err(ripen_core::Error::NotFound { what: "client", id: id.to_string() }),
        found => found,
    };
    let clients: Vec<&Client> = match &ids {
        Some(ids) => ids.iter().map(live).collect::<Result<_, _>>()?,
        None => view.clients().collect(),
    };
    let employer = |client: &Client| -> (Option<&str>, Option<&str>) {
        let Ok(links) = view.relationships(&client.id) else { return (None, None) };
        links
            .into_iter()
            .find(|r| r.kind == RelationKind::Employee && r.to == client.id && r.ended.is_none())
            .and_then(|r| Some((live(&r.from).ok()?.name.as_str(), r.position.as_deref())))
            .map_or((None, None), |(company, position)| (Some(company), position))
    };
    let rows: Vec<Row<'_>> = clients
        .iter()
        .map(|client| {
            let (company, position) = employer(client);
            Row { client, company, position }
        })
        .collect();
    Ok(write(&rows))
}
