// A team for the sync tests: the blank sync page served, Chromium, a real PouchDB Server
// prepared as `cargo xtask hub` prepares it, and the fault proxy in front of it. Devices
// are browser contexts (each its own IndexedDB and cookies) with a page holding
// `window.crm`; they reach the hub through the proxy, the tests look at the hub directly.
import assert from "node:assert/strict";
import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";
import { startPouchServer } from "./hub/server.mjs";
import { prepareHub } from "./hub/prepare.mjs";
import { client } from "./hub/http.mjs";
import { startFaultProxy } from "./fault-proxy.mjs";

export const USERS = [
  { name: "anna", password: "anna-secret" },
  { name: "boris", password: "boris-secret" },
  { name: "vera", password: "vera-secret" },
];
const ADMIN = "Basic " + Buffer.from("admin:admin-secret").toString("base64");

export async function startTeam({ heapMb = 1024 } = {}) {
  const server = await startServer(["/=www", "/sync/=tests/sync-page"]);
  const browser = await launch();
  const hub = await startPouchServer({ heapMb });
  const proxy = await startFaultProxy({ target: hub.url });
  const admin = client(hub.url, ADMIN);
  const origin = server.url.replace(/\/$/, "");
  const adminUrl = new URL(hub.url);
  adminUrl.username = "admin";
  adminUrl.password = "admin-secret";
  const team = {
    server,
    browser,
    hub,
    proxy,
    admin,
    /** Creates (or finds) the team database `database`. */
    prepare: (database) => prepareHub({ url: adminUrl.href, database, users: USERS, origins: [origin] }),
    /** Every document of `database` on the hub, design documents aside. */
    async documents(database) {
      const reply = await admin("GET", `${database}/_all_docs`);
      assert.equal(reply.status, 200, JSON.stringify(reply.json));
      return reply.json.rows.filter((row) => !row.id.startsWith("_design/"));
    },
    /** A device: a context of its own, its page opened on the local database `local`. */
    async device(local, user = "anna") {
      const context = await browser.newContext();
      const device = { context, local, user, errors: [] };
      device.page = await newPage(device);
      await openCrm(device.page, local, user);
      return device;
    },
    /** The device's page closed (mid-whatever) and a new one opened on the same database. */
    async reopen(device) {
      await device.page.close();
      device.page = await newPage(device);
      await openCrm(device.page, device.local, device.user);
    },
    async stop() {
      await browser?.close();
      await server?.stop();
      await proxy?.stop();
      await hub?.stop();
    },
  };

  async function newPage(device) {
    const page = await device.context.newPage();
    page.on("pageerror", (error) => device.errors.push(`pageerror: ${error.message}`));
    // The browser asks the blank page for a favicon, which the app does not have.
    await page.route("**/favicon.ico", (route) => route.fulfill({ status: 204 }));
    await page.goto(`${server.url}sync/`);
    return page;
  }
  return team;
}

async function openCrm(page, local, user) {
  await page.evaluate(
    async ({ local, user }) => {
      const { default: init, Crm } = await import("/pkg/ripen_wasm.js");
      await init();
      window.crm = await Crm.open(local, { user });
    },
    { local, user },
  );
}

/** Connects the device's crm to `database` through `url` (the proxy), as hub user `user`. */
export function connect(page, { url, database, user, timeoutMs }) {
  const password = USERS.find((u) => u.name === user).password;
  return page.evaluate((options) => window.crm.connectHub(options), {
    url,
    database,
    user,
    password,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

/** `syncNow()` until it resolves (a sync may give up on a hub that keeps failing). */
export async function syncUntilDone(page, attempts = 20) {
  let last;
  for (let i = 0; i < attempts; i++) {
    last = await page.evaluate(() => window.crm.syncNow().then(() => null, (e) => `${e.kind}: ${e.message}`));
    if (last === null) return i;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`syncNow kept failing: ${last}`);
}

/** How many records the log of the local database `name` holds, read straight from IndexedDB. */
export const logRecords = (page, name) =>
  page.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction("log").objectStore("log").count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
        };
      }),
    name,
  );

/** What a device holds: digest, events and clients of storageInfo, log records. */
export async function holdings(device) {
  const info = await device.page.evaluate(async () => {
    const info = await window.crm.storageInfo();
    return { digest: window.crm.digest(), events: info.events, clients: info.clients, skipped: info.skipped.length, gaps: info.gaps.length };
  });
  return { ...info, records: await logRecords(device.page, device.local) };
}

/** The record a hub document holds (`<commit>:<part>`), whoever pushed it. */
export const recordKey = (id) => id.slice(id.indexOf(":") + 1);

/** Asserts each record is on the hub exactly once. */
export function assertOnceEach(documents) {
  const keys = documents.map((row) => recordKey(row.id));
  assert.equal(new Set(keys).size, keys.length, "a record on the hub under two ids");
}
