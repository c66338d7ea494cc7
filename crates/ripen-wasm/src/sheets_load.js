// The spreadsheet reader (`ripen-sheets`), a wasm module of its own that the page loads
// only when someone imports a workbook. The engine calls `readWithSheets` synchronously
// once `loadSheets` has resolved.

let reader = null;
let loading = null;
let loads = 0;

/** The reader beside the engine's package: `pkg/sheets/ripen_sheets.js`. This file is
 * `pkg/snippets/<crate>/src/sheets_load.js`. */
const DEFAULT_URL = new URL("../../../sheets/ripen_sheets.js", import.meta.url).href;

/** Loads the reader (once; again after it failed or trapped). `url` (resolved against the
 * page's address) overrides where. */
export function loadSheets(url) {
  if (reader) return Promise.resolve();
  if (!loading) {
    loads += 1;
    // A module that trapped cannot be trusted again: a fresh import gives a fresh instance.
    // An address given is the page's to resolve, as any URL it writes.
    const where = url ? new URL(url, globalThis.document?.baseURI ?? import.meta.url) : new URL(DEFAULT_URL);
    if (loads > 1) where.searchParams.set("instance", String(loads));
    loading = import(where.href)
      .then(async (module) => {
        await module.default();
        reader = module;
      })
      .finally(() => {
        loading = null;
      });
  }
  return loading;
}

/** The workbook read, as JSON (`{"Ok": sheet}` or `{"Err": problem}`); `undefined` when
 * the reader is not loaded. A reader that traps (a workbook that would exhaust its
 * memory) is dropped, and the workbook reported as damaged. */
export function readWithSheets(bytes, sheet) {
  if (!reader) return undefined;
  try {
    return reader.readWorkbook(bytes, sheet);
  } catch (error) {
    reader = null;
    return JSON.stringify({ Err: { problem: "damaged", reason: `the spreadsheet reader stopped: ${error?.message ?? error}` } });
  }
}
