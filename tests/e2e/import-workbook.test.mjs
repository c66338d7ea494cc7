// Workbooks through Settings → Import: an Excel list with a title above its table and
// phones typed as numbers, a LibreOffice spreadsheet, a Google Sheets download whose data
// is on its second sheet, one cut short. The spreadsheet reader is fetched only when a
// workbook is picked, and works offline once the app has been open online. RU on a
// tablet, EN on a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openApp, screenshot, serveAndLaunch, SIZES, watchErrors } from "../support/browser.mjs";
import { startServer } from "../support/server.mjs";
import { readFileSync } from "node:fs";

const env = await serveAndLaunch({ before, after });

const fixtures = new URL("../../crates/ripen-sheets/tests/fixtures/", import.meta.url).pathname;
const WORDS = {
  ru: { sheet: "лист «Клиенты»", headerAt: "заголовки в строке 3", noHeader: "В файле нет строки заголовков.", damaged: "Таблица повреждена" },
  en: { sheet: "sheet “Клиенты”", headerAt: "headers on line 3", noHeader: "The file has no header row.", damaged: "The workbook is damaged" },
};
const part = async (page, name) => {
  await page.locator("[data-screen=settings]").click();
  await page.locator(`#settings-parts [data-part=${name}]`).click();
  await page.locator(`#screen-settings[data-part=${name}]`).waitFor();
};
/** The spreadsheet reader's requests the page made. */
const readerRequests = (page) => {
  const seen = [];
  page.on("request", (request) => {
    if (request.url().includes("/pkg/sheets/")) seen.push(request.url());
  });
  return seen;
};

for (const [lang, size] of [["ru", "tablet"], ["en", "phone"]]) {
  test(`a rep imports the office's Excel list and a LibreOffice sheet (${lang}, ${size})`, async () => {
    const { context, page, errors } = await openApp(env, { lang, size });
    const requested = readerRequests(page);
    await part(page, "import");
    assert.equal(requested.length, 0, "the reader is not fetched before a workbook is picked");

    // The Excel list: its title skipped, its header found on row 3, phones typed as
    // numbers read as phones, the sheet named and another one offered.
    await page.locator("#import-file").setInputFiles(fixtures + "excel-ru.xlsx");
    const summary = page.locator("#import-summary");
    await summary.waitFor();
    const said = await summary.textContent();
    assert.ok(said.includes(WORDS[lang].sheet) && said.includes(WORDS[lang].headerAt), said);
    assert.ok(requested.some((url) => url.endsWith("ripen_sheets_bg.wasm")), requested.join("\n"));
    assert.deepEqual(await page.locator("#import-sheet option").allTextContents(), ["Клиенты", "Лист2"]);
    assert.match(await page.locator("#import-sample").textContent(), /Петров Иван/);
    await screenshot(page, `import-workbook-${lang}-${size}-excel`);

    // The empty second sheet has nothing to import, and says so; back to the first.
    await page.locator("#import-sheet").selectOption("Лист2");
    await page.locator("#import-refused", { hasText: WORDS[lang].noHeader }).waitFor();
    assert.equal(await page.locator("#import-refused").getAttribute("data-problem"), "no_header");
    await page.locator("#import-sheet").selectOption("Клиенты");
    await page.locator("#import-summary").waitFor();
    await page.locator("#import-go").click();
    await page.waitForFunction(() => window.crm.listClients().some((c) => c.name === "Петров Иван"));
    const petrov = await page.evaluate(() => window.crm.listClients().find((c) => c.name === "Петров Иван"));
    assert.deepEqual(petrov.phones.map((p) => p.e164), ["79131234567"]);
    assert.deepEqual(petrov.emails, ["petrov@example.ru"]);
    assert.deepEqual(petrov.dates.map((d) => [d.kind, d.day, d.month, d.year]), [["birthday", 9, 3, 1980]]);
    const [entry] = await page.evaluate(() => window.crm.imports());
    assert.equal(entry.format, "xlsx");
    assert.equal(entry.file, "excel-ru.xlsx");

    // LibreOffice: the million empty rows it pads a sheet with cost nothing; the
    // two-line address cell stays one value.
    await page.locator("#import-file").setInputFiles(fixtures + "libreoffice.ods");
    await page.locator("#import-summary").waitFor();
    assert.match(await page.locator("#import-sample").textContent(), /Мария Котова/);
    await page.locator("#import-go").click();
    await page.waitForFunction(() => window.crm.listClients().some((c) => c.name === "Мария Котова"));

    // Google Sheets' download: its data is on the second sheet, which is read by itself.
    await page.locator("#import-file").setInputFiles(fixtures + "google-sheets.xlsx");
    await page.locator("#import-summary", { hasText: "Contacts" }).waitFor();
    assert.match(await page.locator("#import-sample").textContent(), /Alice Smith/);

    // A workbook cut short is refused with its reason, and nothing changes.
    const before = await page.evaluate(() => window.crm.listClients().length);
    await page.locator("#import-file").setInputFiles(fixtures + "cut-short.xlsx");
    await page.locator("#import-refused", { hasText: WORDS[lang].damaged }).waitFor();
    assert.equal(await page.locator("#import-refused").getAttribute("data-problem"), "damaged");
    await screenshot(page, `import-workbook-${lang}-${size}-damaged`);
    assert.equal(await page.evaluate(() => window.crm.listClients().length), before);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("the engine loads its file readers itself; one that cannot be downloaded is a network error, tried again next time", async () => {
  const { context, page } = await openApp(env, { lang: "en", size: "phone" });
  const bytes = [...readFileSync(fixtures + "excel-ru.xlsx")];
  // Offline before the spreadsheet reader was ever fetched: said by a stable kind, nothing read.
  let blocked = true;
  await page.route("**/pkg/sheets/**", (route) => (blocked ? route.abort("internetdisconnected") : route.continue()));
  const refused = await page.evaluate(async (bytes) => {
    try {
      await window.crm.previewImport(new Uint8Array(bytes));
      return null;
    } catch (error) {
      return { name: error.name, kind: error.kind, message: error.message };
    }
  }, bytes);
  assert.equal(refused?.name, "RipenError");
  assert.equal(refused?.kind, "network");
  assert.match(refused.message, /reader could not be loaded/);
  blocked = false;
  const read = await page.evaluate(async (bytes) => {
    const preview = await window.crm.previewImport(new Uint8Array(bytes), { sheet: "Клиенты" });
    await window.crm.constructor.loadFileReaders({ workbooks: true });
    let missing = null;
    try {
      await window.crm.previewImport(new Uint8Array(bytes), { sheet: "Sheet9" });
    } catch (error) {
      missing = { kind: error.kind, problem: error.problem };
    }
    let wrongOption = null;
    try {
      await window.crm.constructor.loadFileReaders({ workbook: true });
    } catch (error) {
      wrongOption = error.kind;
    }
    return { format: preview.format, sheets: preview.sheets, sheet: preview.sheet, ready: preview.ready, missing, wrongOption };
  }, bytes);
  assert.deepEqual(read, {
    format: "xlsx", sheets: ["Клиенты", "Лист2"], sheet: "Клиенты", ready: 2, missing: { kind: "validation", problem: "no_such_sheet" },
    wrongOption: "validation",
  });
  await context.close();
});

test("once the app has been open online, a workbook imports offline", async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: SIZES.tablet });
    await context.addInitScript(() => localStorage.setItem("ripen.lang", "ru"));
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.url);
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
    // The worker caches the reader in the background, after the app is drawn.
    const cached = () => page.evaluate(async () => {
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        if (await cache.match("./pkg/sheets/ripen_sheets_bg.wasm") && await cache.match("./pkg/reader/ripen_reader_bg.wasm")) return true;
      }
      return false;
    });
    for (let tries = 0; !(await cached()); tries++) {
      assert.ok(tries < 120, "the file readers are cached within a minute");
      await page.waitForTimeout(500);
    }
    await server.stop();
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    await part(page, "import");
    await page.locator("#import-file").setInputFiles(fixtures + "excel-ru.xlsx");
    await page.locator("#import-summary").waitFor();
    await page.locator("#import-go").click();
    await page.waitForFunction(() => window.crm.listClients().some((c) => c.name === "Петров Иван"));
    await screenshot(page, "import-workbook-offline");
    assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)), []);
    await context.close();
  } finally {
    await browser.close();
    await server.stop().catch(() => {});
  }
});
