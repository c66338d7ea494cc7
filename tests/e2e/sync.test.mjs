// Team sync end to end: two devices (two browser contexts, each its own IndexedDB) and a
// real PouchDB Server prepared as `cargo xtask hub` prepares it. A device writes offline,
// connects and syncs; the other connects and sees everything, with equal digests; both
// write at once and converge; a reload mid-way resumes from the stored `since` with
// nothing doubled on the hub; a wrong password is `unauthorized` with nothing lost.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, watchErrors } from "../support/browser.mjs";
import { startServer } from "../support/server.mjs";
import { startPouchServer } from "../support/hub/server.mjs";
import { prepareHub } from "../support/hub/prepare.mjs";
import { client } from "../support/hub/http.mjs";
import { logRecords } from "../support/team.mjs";

const database = "team-sync-test";
const users = [
  { name: "anna", password: "anna-secret" },
  { name: "boris", password: "boris-secret" },
];

let server;
let browser;
let hub;
let admin;

before(async () => {
  server = await startServer(["/=www", "/sync/=tests/sync-page"]);
  browser = await launch();
  hub = await startPouchServer({ heapMb: 512 });
  const url = new URL(hub.url);
  url.username = "admin";
  url.password = "admin-secret";
  await prepareHub({ url: url.href, database, users, origins: [server.url.replace(/\/$/, "")] });
  admin = client(hub.url, null, { Authorization: `Basic ${Buffer.from("admin:admin-secret").toString("base64")}` });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await hub?.stop();
});

/** A device: a browser context of its own with a page holding `window.crm`. */
async function device(local, user) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  // The browser asks the blank page for a favicon, which the app does not have.
  await page.route("**/favicon.ico", (route) => route.fulfill({ status: 204 }));
  await page.goto(`${server.url}sync/`);
  await open(page, local, user);
  return { context, page, errors };
}

async function open(page, local, user) {
  await page.evaluate(
    async ({ local, user }) => {
      const { default: init, Crm } = await import("/pkg/ripen_wasm.js");
      await init();
      window.crm = await Crm.open(local, { user });
      window.changes = [];
      window.crm.subscribe((change) => window.changes.push(change));
    },
    { local, user },
  );
}

const connect = (page, user, password) =>
  page.evaluate(
    ({ url, database, user, password }) => window.crm.connectHub({ url, database, user, password }),
    { url: hub.url, database, user, password },
  );
const names = (page) => page.evaluate(() => window.crm.listClients().map((c) => c.name).sort());
const digest = (page) => page.evaluate(() => window.crm.digest());
const syncNow = (page) => page.evaluate(() => window.crm.syncNow());

/** Every document on the hub, design documents aside, with how many revisions each has. */
async function hubDocuments() {
  const reply = await admin("GET", `${database}/_all_docs`);
  assert.equal(reply.status, 200);
  return reply.json.rows.filter((row) => !row.id.startsWith("_design/"));
}

test("two devices share their clients through the hub, each record once, with equal digests", async () => {
  const a = await device("sync-a", "anna");
  const b = await device("sync-b", "anna");

  // A writes before any hub is known (offline), then connects and syncs.
  for (const name of ["ООО «Ромашка»", "Иван Петров", "АО «Сибирь»"]) {
    await a.page.evaluate((name) => window.crm.addClient({ name }), name);
  }
  assert.equal((await a.page.evaluate(() => window.crm.syncStatus())).state, "off");
  await connect(a.page, "anna", "anna-secret");
  await syncNow(a.page);
  const status = await a.page.evaluate(() => window.crm.syncStatus());
  assert.equal(status.state, "idle", JSON.stringify(status));
  assert.equal(status.pending, 0);
  assert.ok(status.lastSyncedAt);
  const pushed = await hubDocuments();
  assert.equal(pushed.length, 3, "one document per record");
  assert.ok(pushed.every((row) => row.id.startsWith("anna:")));

  // B connects as another hub user and sees A's clients, notified as another tab's.
  await connect(b.page, "boris", "boris-secret");
  await syncNow(b.page);
  assert.deepEqual(await names(b.page), await names(a.page));
  assert.ok(await b.page.evaluate(() => window.changes.some((c) => c.source === "other")));
  assert.equal(await digest(b.page), await digest(a.page));
  assert.equal((await hubDocuments()).length, 3, "pulled records are never pushed back");

  // Both write at once, both sync (twice: each must see the other's), equal digests.
  await Promise.all([
    a.page.evaluate(() => window.crm.addClient({ name: "С планшета A" })),
    b.page.evaluate(() => window.crm.addClient({ name: "С планшета B" })),
  ]);
  await Promise.all([syncNow(a.page), syncNow(b.page)]);
  await syncNow(a.page);
  await syncNow(b.page);
  assert.equal((await names(a.page)).length, 5);
  assert.deepEqual(await names(b.page), await names(a.page));
  assert.equal(await digest(b.page), await digest(a.page));
  const documents = await hubDocuments();
  assert.equal(documents.length, 5, "each record exactly once on the hub");
  assert.equal(documents.filter((row) => row.id.startsWith("boris:")).length, 1);

  // B goes away; A writes on; B reloads and resumes from its stored `since`: exactly
  // A's new records are pulled, nothing twice.
  await b.page.evaluate(() => window.crm.disconnectHub());
  const recordsBefore = await logRecords(b.page, "sync-b");
  await a.page.evaluate(async () => {
    for (let i = 0; i < 5; i++) await window.crm.addClient({ name: `После перезагрузки ${i}` });
  });
  await syncNow(a.page);
  await b.page.reload();
  await open(b.page, "sync-b", "anna");
  await connect(b.page, "boris", "boris-secret");
  await syncNow(b.page);
  assert.equal(await logRecords(b.page, "sync-b"), recordsBefore + 5, "only the new records were pulled");
  assert.deepEqual((await b.page.evaluate(() => window.crm.storageInfo())).skipped, []);
  assert.deepEqual(await names(b.page), await names(a.page));
  assert.equal(await digest(b.page), await digest(a.page));
  assert.equal((await hubDocuments()).length, 10);

  // Live: a write on A reaches B without anyone calling syncNow.
  await a.page.evaluate(() => window.crm.addClient({ name: "Вживую" }));
  await b.page.waitForFunction(() => window.crm.listClients().some((c) => c.name === "Вживую"), null, { timeout: 20_000 });

  await a.page.evaluate(() => window.crm.disconnectHub());
  assert.equal((await a.page.evaluate(() => window.crm.syncStatus())).state, "off");
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test("a wrong password is unauthorized and an unreachable hub is network, with nothing lost", async () => {
  const c = await device("sync-c", "anna");
  await c.page.evaluate(() => window.crm.addClient({ name: "Останется" }));
  const refused = await c.page.evaluate(
    ({ url, database }) =>
      window.crm.connectHub({ url, database, user: "anna", password: "wrong" }).then(
        () => null,
        (error) => error.kind,
      ),
    { url: hub.url, database },
  );
  assert.equal(refused, "unauthorized");
  const unreachable = await c.page.evaluate(
    ({ database }) =>
      window.crm.connectHub({ url: "http://127.0.0.1:9/", database, user: "anna", password: "x" }).then(
        () => null,
        (error) => error.kind,
      ),
    { database },
  );
  assert.equal(unreachable, "network");
  assert.deepEqual(await names(c.page), ["Останется"]);
  assert.equal((await c.page.evaluate(() => window.crm.syncStatus())).state, "off");
  await c.context.close();
});
