// A base the app cannot open: what the rep sees, and what they can still get out of it.
// A base written by a newer version offers its readable records as a backup file (in
// Russian and English, on a tablet and a phone); a database another app of the site keeps
// under the app's name is refused and left exactly as it was.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { serveAndLaunch, screenshot, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });
const DATABASE = "ripen-demo";
const TABLET = { viewport: { width: 768, height: 1024 }, timezoneId: "Europe/Moscow" };
const PHONE = { viewport: { width: 390, height: 844 }, timezoneId: "Asia/Novosibirsk", isMobile: true, hasTouch: true };

/** A page of the site that does not open the app (its 404 page): IndexedDB as the site sees it. */
async function bare(context) {
  const page = await context.newPage();
  await page.goto(`${env.server.url}/no-app-here`);
  return page;
}

/** Every store of `name` with its keys and values, as JSON. */
const dump = (page, name) => page.evaluate(async (name) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const out = { version: db.version, stores: {} };
  for (const store of db.objectStoreNames) {
    const tx = db.transaction(store);
    const keys = await new Promise((r) => { const q = tx.objectStore(store).getAllKeys(); q.onsuccess = () => r(q.result); });
    const values = await new Promise((r) => { const q = tx.objectStore(store).getAll(); q.onsuccess = () => r(q.result); });
    out.stores[store] = keys.map((k, i) => [k, values[i] instanceof Uint8Array ? [...values[i]] : values[i]]);
  }
  db.close();
  return JSON.stringify(out);
}, name);

/** The app's base with two clients, then upgraded by "a newer version" that added a store. */
async function newerBase(context) {
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "ready");
  await page.evaluate(async () => {
    await window.crm.addClient({ name: "ООО «Сибирские моторы»" });
    await window.crm.addClient({ name: "Иван Петров", kind: "person" });
    await window.crm.close();
  });
  await page.close();
  const site = await bare(context);
  await site.evaluate((name) => new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 40);
    open.onupgradeneeded = () => open.result.createObjectStore("sync_from_the_future");
    open.onsuccess = () => { open.result.close(); resolve(); };
    open.onerror = () => reject(open.error);
  }), DATABASE);
  return site;
}

for (const [lang, device, expected] of [
  ["ru", TABLET, { title: "Спасение данных", done: "Сохранено изменений: 2" }],
  ["en", PHONE, { title: "Rescue your data", done: "Saved 2 changes as a backup file" }],
]) {
  test(`a base from a newer version offers what can be read as a backup file (${lang})`, async () => {
    const context = await env.browser.newContext({ ...device, locale: lang === "ru" ? "ru-RU" : "en-US", acceptDownloads: true });
    const site = await newerBase(context);
    const before = await dump(site, DATABASE);
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "failed");
    const app = page.locator("ripen-crm");
    assert.equal(await app.getAttribute("data-error-kind"), "schema_too_new");
    assert.equal(await page.locator("#rescue-offer h2").textContent(), expected.title);
    const saved = page.waitForEvent("download");
    await page.locator("#rescue").click();
    const file = await saved;
    assert.match(file.suggestedFilename(), /^ripen-rescue-ripen-demo-\d{4}-\d{2}-\d{2}\.json$/);
    const backup = JSON.parse(await readFile(await file.path(), "utf8"));
    assert.equal(backup.format, "ripen-backup");
    const names = backup.events.map((e) => e.ev.client_added?.name).filter(Boolean);
    assert.deepEqual(names, ["ООО «Сибирские моторы»", "Иван Петров"]);
    await page.waitForFunction((done) => document.querySelector("ripen-crm").shadowRoot.querySelector("#rescue-status").textContent.includes(done), expected.done);
    // The button is within reach of a thumb and the page no wider than the screen.
    const box = await page.locator("#rescue").boundingBox();
    assert.ok(box.height >= 44, `the button is ${box.height} px tall`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
    await screenshot(page, `rescue-${lang}`);
    assert.equal(await dump(site, DATABASE), before, "the base is left exactly as it was");
    // What was rescued restores into a fresh CRM.
    const restored = await page.evaluate(async (text) => {
      const { Crm } = await import("./pkg/ripen_wasm.js");
      const crm = await Crm.open(`restored-${Date.now()}`, { user: "anna" });
      await crm.importBackup(text);
      return crm.listClients().map((c) => c.name);
    }, JSON.stringify(backup));
    assert.deepEqual(restored, ["ООО «Сибирские моторы»", "Иван Петров"]);
    await context.close();
  });
}

test("another app's database under the app's name is refused and left byte for byte", async () => {
  const context = await env.browser.newContext({ ...TABLET, locale: "en-US" });
  const site = await bare(context);
  await site.evaluate((name) => new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 3);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore("keyvaluepairs");
      store.put(JSON.stringify({ cart: ["milk", "bread"] }), "cart");
    };
    open.onsuccess = () => { open.result.close(); resolve(); };
    open.onerror = () => reject(open.error);
  }), DATABASE);
  const before = await dump(site, DATABASE);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "failed");
  assert.equal(await page.locator("ripen-crm").getAttribute("data-error-kind"), "foreign_database");
  // The refusal is the app's one report (nothing thrown at the site from inside IndexedDB).
  assert.deepEqual(errors.filter((e) => !e.startsWith("console: Ripen failed:")), []);
  assert.match(await page.locator("#fatal").textContent(), /Another app on this site keeps its data under this name/);
  assert.equal(await page.locator("#rescue-offer").count(), 0, "nothing of Ripen's to rescue there");
  await screenshot(page, "foreign-database-en");
  assert.equal(await dump(site, DATABASE), before, "untouched");
  await context.close();
});
