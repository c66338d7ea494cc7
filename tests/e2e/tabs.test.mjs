// Two tabs on one database: both write, each sees the other's change within a second
// (BroadcastChannel), without reloading and without losing either write; and a large
// import cut off by closing the tab lands whole or not at all.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });

/** A page of the app with its own `Crm` on `database` as `window.crm`. */
async function tab(context, database) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  await page.evaluate(async (database) => {
    const { Crm } = await import("./pkg/ripen_wasm.js");
    window.crm = await Crm.open(database, { user: "anna" });
    window.changes = [];
    window.crm.subscribe((change) => window.changes.push(change));
  }, database);
  return { page, errors };
}

const names = (page) => page.evaluate(() => window.crm.listClients().map((c) => c.name).sort());

test("two tabs write, and each sees the other's change within a second", async () => {
  const context = await env.browser.newContext();
  const database = `tabs-${Date.now()}`;
  const a = await tab(context, database);
  const b = await tab(context, database);

  await a.page.evaluate(() => window.crm.addClient({ name: "Из вкладки A" }));
  await b.page.waitForFunction(() => window.changes.some((c) => c.source === "other"), null, { timeout: 1_000 });
  assert.deepEqual(await names(b.page), ["Из вкладки A"]);

  // Both at once: neither write is lost.
  await Promise.all([
    a.page.evaluate(() => window.crm.addClient({ name: "Снова A" })),
    b.page.evaluate(() => window.crm.addClient({ name: "Из вкладки B" })),
  ]);
  const all = ["Из вкладки A", "Из вкладки B", "Снова A"];
  for (const { page } of [a, b]) {
    await page.waitForFunction((n) => window.crm.listClients().length === n, all.length, { timeout: 1_000 });
    assert.deepEqual(await names(page), all);
  }
  const own = await a.page.evaluate(() => window.changes.filter((c) => c.source === "this").length);
  assert.equal(own, 2, "a tab's own writes are reported as its own");
  assert.deepEqual([...a.errors, ...b.errors], []);
  await context.close();
});

test("a large import cut off by closing the tab lands whole or not at all", async () => {
  const context = await env.browser.newContext();
  const database = `atomic-${Date.now()}`;
  const writer = await tab(context, database);
  const rows = 20_000;
  // Start the import and close the tab while it runs: no await, no settling.
  await writer.page.evaluate((rows) => {
    const clients = Array.from({ length: rows }, (_, i) => ({ name: `Импорт ${i}` }));
    window.crm.addClients(clients);
  }, rows);
  await writer.page.close({ runBeforeUnload: false });
  const reader = await tab(context, database);
  const count = await reader.page.evaluate(() => window.crm.listClients().length);
  assert.ok(count === 0 || count === rows, `all or nothing, found ${count}`);
  const info = await reader.page.evaluate(() => window.crm.storageInfo());
  assert.deepEqual(info.skipped, [], "nothing half-written to skip");
  await context.close();
});

test("another tab's change redraws an idle screen, and waits while the rep is typing", async () => {
  const context = await env.browser.newContext({ viewport: { width: 768, height: 1024 }, locale: "en-US" });
  const open = async () => {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url);
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    return { page, errors };
  };
  const a = await open();
  const b = await open();
  // A looks at the client list, idle: B's new client appears by itself.
  await a.page.locator("[data-screen=clients]").click();
  await b.page.evaluate(() => window.crm.addClient({ name: "Added in B" }));
  await a.page.locator("#clients li", { hasText: "Added in B" }).waitFor({ timeout: 2_000 });
  assert.equal(await a.page.locator("#stale").isVisible(), false);

  // A is typing a lead: B's next client waits behind a notice; the typing stays.
  await a.page.locator("[data-screen=capture]").click();
  await a.page.locator("#capture-name").fill("Half-typed lead");
  await b.page.evaluate(() => window.crm.addClient({ name: "Added in B again" }));
  await a.page.locator("#stale").waitFor({ state: "visible", timeout: 2_000 });
  assert.equal(await a.page.locator("#capture-name").inputValue(), "Half-typed lead");
  await a.page.locator("#stale-show").click();
  assert.equal(await a.page.locator("#stale").isVisible(), false);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await context.close();
});
