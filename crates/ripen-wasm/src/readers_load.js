// The file readers: wasm modules of their own that the engine loads when a file is first
// previewed or imported, so a page that never imports never downloads them. The text
// reader (`ripen-reader-wasm`) reads CSV and vCard files and workbooks' sheets; the
// spreadsheet reader (`ripen-sheets-wasm`) turns a workbook into a sheet for it, and is
// loaded only for a workbook.

/** Each reader beside the engine's package (`pkg/reader/`, `pkg/sheets/`); this file is
 * `pkg/snippets/<crate>/src/readers_load.js`. Imported by literal paths, so that a bundler
 * (Vite, Rollup, webpack, esbuild) sees them, makes each a chunk of its own, and emits the
 * `.wasm` it loads; a browser resolves them as they are. */
const IMPORTS = {
  reader: () => import("../../../reader/ripen_reader.js"),
  sheets: () => import("../../../sheets/ripen_sheets.js"),
};
const DEFAULT_URLS = {
  reader: new URL("../../../reader/ripen_reader.js", import.meta.url).href,
  sheets: new URL("../../../sheets/ripen_sheets.js", import.meta.url).href,
};
const fresh = (url) => ({ url, module: null, loading: null, loads: 0 });
const readers = { reader: fresh(null), sheets: fresh(null) };

/** Loads a reader (once; again after it failed or trapped). */
function load(name) {
  const slot = readers[name];
  if (slot.module) return Promise.resolve(slot.module);
  if (!slot.loading) {
    slot.loads += 1;
    let imported;
    if (slot.url === null && slot.loads === 1) {
      imported = IMPORTS[name]();
    } else {
      // An address given, or a module that trapped: that one cannot be trusted again, and
      // a fresh import of its address gives a fresh instance.
      const where = new URL(slot.url ?? DEFAULT_URLS[name]);
      if (slot.loads > 1) where.searchParams.set("instance", String(slot.loads));
      imported = import(where.href);
    }
    slot.loading = imported
      .then(async (module) => {
        await module.default();
        slot.module = module;
        return module;
      })
      .finally(() => {
        slot.loading = null;
      });
  }
  return slot.loading;
}

/** Where the readers are, when a bundler moved them (each resolved against the page's
 * address, as any URL it writes); then loads the text reader, and the spreadsheet reader
 * too when `workbooks`. */
export function loadReaders(readerUrl, sheetsUrl, workbooks) {
  const base = globalThis.document?.baseURI ?? import.meta.url;
  for (const [name, url] of [["reader", readerUrl], ["sheets", sheetsUrl]]) {
    if (url && new URL(url, base).href !== readers[name].url) readers[name] = fresh(new URL(url, base).href);
  }
  return Promise.all([load("reader"), workbooks ? load("sheets") : null]).then(() => undefined);
}

/** A refusal in the reader's JSON, for a reader that trapped (a file that would exhaust
 * its memory): the reader is dropped. */
function stopped(name, error) {
  readers[name].module = null;
  const reason = `the ${name === "sheets" ? "spreadsheet" : "file"} reader stopped: ${error?.message ?? error}`;
  return JSON.stringify({ Err: name === "sheets" ? { Workbook: { problem: "damaged", reason } } : { Stopped: { reason } } });
}

/** `bytes` (JS's own copy: a file never passes through the engine's memory) read as
 * `request` (JSON) asks: the reader's answer as JSON. A workbook (`workbook`, or when that
 * is not known, what the text reader says of the bytes) goes through the spreadsheet
 * reader first. Rejects when a reader cannot be downloaded. */
export async function readFile(bytes, request, workbook, sheet) {
  const reader = await load("reader");
  if (workbook === undefined || workbook === null) {
    try {
      workbook = reader.isWorkbook(bytes);
    } catch (error) {
      return stopped("reader", error);
    }
  }
  let sheetAnswer = null;
  if (workbook) {
    const sheets = await load("sheets");
    try {
      sheetAnswer = sheets.readWorkbook(bytes, sheet);
    } catch (error) {
      return stopped("sheets", error);
    }
  }
  try {
    return workbook ? reader.readSheet(sheetAnswer, request) : reader.readFile(bytes, request);
  } catch (error) {
    return stopped("reader", error);
  }
}

/** A camera scan's text read as a lead by the text reader (loaded first if need be), its
 * phones without a country code read in `region`: the reader's answer as JSON. Rejects
 * when the reader cannot be downloaded. */
export async function readScan(text, region) {
  const reader = await load("reader");
  try {
    return reader.readScan(text, region);
  } catch (error) {
    readers.reader.module = null;
    return JSON.stringify({ Err: { NotAContact: { what: `the reader stopped: ${error?.message ?? error}` } } });
  }
}
