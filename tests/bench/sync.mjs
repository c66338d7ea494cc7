// The sync rows of `cargo xtask bench` (RIPEN_BENCH_ONLY=sync): a real PouchDB Server on
// loopback (in memory, a large Node heap) and two devices (browser contexts) on the blank
// sync page.
// - Live propagation: device A commits a client, device B's `subscribe` hears it (pulled
//   through the longpoll, no syncNow); one write at a time, p50 and p99.
// - First sync of a base into a fresh device, against the floor measured in the same run:
//   fetch + JSON.parse of the same `_changes` feed (the same pages, bodies included).
import { inflateRawSync } from "node:zlib";
import { startPouchServer } from "../support/hub/server.mjs";
import { prepareHub } from "../support/hub/prepare.mjs";

const users = [
  { name: "anna", password: "anna-secret" },
  { name: "boris", password: "boris-secret" },
];

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function device(browser, server, local) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  await page.route("**/favicon.ico", (route) => route.fulfill({ status: 204 }));
  await page.goto(`${server.url}sync/`);
  await page.evaluate(async (local) => {
    const { default: init, Crm } = await import("/pkg/ripen_wasm.js");
    await init();
    window.crm = await Crm.open(local, { user: "anna" });
    window.arrivals = [];
    window.crm.subscribe((change) => {
      if (change.source === "other") window.arrivals.push(performance.timeOrigin + performance.now());
    });
  }, local);
  return { context, page };
}

const connect = (page, hub, database, user) =>
  page.evaluate((o) => window.crm.connectHub(o), { url: hub.url, database, user, password: `${user}-secret` });

export async function syncRows({
  browser,
  server,
  writes = 200,
  pushBase = 100_000,
  sizes = [100_000, 1_000_000, 400_000],
  anchorEvents = 30_000,
}) {
  const hub = await startPouchServer({ heapMb: 8192 });
  try {
    const admin = new URL(hub.url);
    admin.username = "admin";
    admin.password = "admin-secret";
    const origins = [server.url.replace(/\/$/, "")];
    const result = {};

    // Live propagation.
    if (writes > 0) {
      await prepareHub({ url: admin.href, database: "bench-live", users, origins });
      const a = await device(browser, server, "bench-live-a");
      const b = await device(browser, server, "bench-live-b");
      await connect(a.page, hub, "bench-live", "anna");
      await connect(b.page, hub, "bench-live", "boris");
      await a.page.evaluate(() => window.crm.syncNow());
      await b.page.evaluate(() => window.crm.syncNow());
      const delays = [];
      for (let i = 0; i < writes; i++) {
        const seen = await b.page.evaluate(() => window.arrivals.length);
        const committed = await a.page.evaluate(async (i) => {
          await window.crm.addClient({ name: `Вживую ${i}` });
          return performance.timeOrigin + performance.now();
        }, i);
        await b.page.waitForFunction((seen) => window.arrivals.length > seen, seen, { timeout: 30_000, polling: 5 });
        const arrived = await b.page.evaluate((seen) => window.arrivals[seen], seen);
        delays.push(arrived - committed);
        // B re-arms its longpoll before the next write, as between a rep's writes.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      delays.sort((x, y) => x - y);
      result.live = { writes, p50: quantile(delays, 0.5), p99: quantile(delays, 0.99), max: delays.at(-1) };
      await a.context.close();
      await b.context.close();
    }

    // Push of a base of new clients from one device: time and bytes on the wire.
    await prepareHub({ url: admin.href, database: "bench-push", users, origins });
    const seeder = await device(browser, server, "bench-push-seed");
    const seeded = await seeder.page.evaluate(async (base) => {
      const started = performance.now();
      const batch = 1_000;
      for (let i = 0; i < base; i += batch) {
        const people = [];
        for (let j = i; j < Math.min(base, i + batch); j++) people.push({ name: `Клиент ${j}`, phones: [`+7 900 ${String(j).padStart(7, "0")}`] });
        await window.crm.addClients(people);
      }
      return { ms: performance.now() - started, events: (await window.crm.storageInfo()).events };
    }, pushBase);
    result.push = { base: pushBase, events: seeded.events, ...(await pushAll(seeder.page, hub, "bench-push")) };
    await seeder.context.close();

    // First sync of the standard dataset into a fresh device, against the floor (fetch +
    // JSON.parse of the same feed) and PouchDB replicating the same events a document each.
    await prepareHub({ url: admin.href, database: "bench-first", users, origins });
    const standard = await seedStandard(browser, server, sizes);
    result.standardPush = { events: standard.events, seedMs: standard.seedMs, ...(await pushAll(standard.page, hub, "bench-first")) };
    const events = standard.events;
    await standard.context.close();
    const docs = await hubGet(hub, "bench-first");

    const fresh = await device(browser, server, "bench-first-fresh");
    // connectHub starts the first sync at once; syncNow waits for it and one more cycle.
    const first = await fresh.page.evaluate(async (o) => {
      const started = performance.now();
      await window.crm.connectHub(o);
      await window.crm.syncNow();
      const ms = performance.now() - started;
      return { ms, events: (await window.crm.storageInfo()).events, digest: window.crm.digest() };
    }, { url: hub.url, database: "bench-first", user: "boris", password: "boris-secret" });
    const floor = await fresh.page.evaluate(fetchAndParse, { url: hub.url, database: "bench-first", limit: 200 });
    // The floor as it would be for the same records sent as plain JSON text, one document
    // per record (no deflate): what the hub's CPU costs when it serves ten times the bytes.
    await plainCopy(hub, "bench-first", "bench-plain");
    const plainFloor = await fresh.page.evaluate(fetchAndParse, { url: hub.url, database: "bench-plain", limit: 200 });
    await fresh.context.close();
    const anchor = await pouchAnchor(hub, anchorEvents);
    result.first = { events, docs: docs.doc_count, first, floor, plainFloor, anchor };
    return result;
  } finally {
    await hub.stop();
  }
}

export function printSync(s) {
  const ms = (v) => `${v.toFixed(0)} ms`;
  const s1 = (v) => `${(v / 1000).toFixed(1)} s`;
  if (s.live) {
    const l = s.live;
    console.log(`\nteam sync on loopback (PouchDB Server in memory), live propagation: A's commit → B's subscribe, one write at a time (${l.writes} writes):`);
    console.log(`| p50 | p99 | slowest | goal |`);
    console.log(`|---|---|---|---|`);
    console.log(`| ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | p99 ≤ 2000 ms |`);
  }
  if (s.push) {
    const p = s.push;
    console.log(`\npush of ${p.base} new clients (${p.events} events) from one device (connectHub, then syncNow):`);
    console.log(`| time | requests | bytes on the wire | bytes per event |`);
    console.log(`|---|---|---|---|`);
    console.log(`| ${ms(p.ms)} | ${p.requests} | ${(p.bytes / 2 ** 20).toFixed(1)} MiB | ${(p.bytes / p.events).toFixed(0)} |`);
  }
  if (s.first) {
    const f = s.first;
    const push = s.standardPush;
    const pouch = (f.events / f.anchor.docsPerSecond) * 1000;
    console.log(`\nfirst sync of the standard dataset (${f.events} events, ${f.docs} documents on the hub) into a fresh device:`);
    console.log(`| | figure | / floor | goal |`);
    console.log(`|---|---|---|---|`);
    console.log(`| first sync (connectHub, then syncNow until pulled and visible) | ${s1(f.first.ms)} (${f.first.events} events) | ${(f.first.ms / f.floor.ms).toFixed(2)}× | ≤ 30 s, ≤ 1.3× |`);
    console.log(`| floor: fetch + JSON.parse of the same _changes pages (${f.floor.rows} rows) | ${s1(f.floor.ms)} | 1.00× | |`);
    if (f.plainFloor) {
      console.log(`| the floor were the records sent as plain JSON text, not deflated (${f.plainFloor.rows} rows) | ${s1(f.plainFloor.ms)} | ${(f.plainFloor.ms / f.floor.ms).toFixed(2)}× | first sync / this floor: ${(f.first.ms / f.plainFloor.ms).toFixed(2)}× |`);
    }
    console.log(`| PouchDB 7.3.1 replicating one document per event: ${f.anchor.docs} events in ${ms(f.anchor.ms)}, ${f.anchor.docsPerSecond.toFixed(0)} docs/s, scaled to ${f.events} | ${s1(pouch)} | ${(pouch / f.floor.ms).toFixed(2)}× | first sync ≥ 10× faster: ${(pouch / f.first.ms).toFixed(1)}× |`);
    console.log(`| push of the dataset from the seeding device (syncNow; ${push.requests} requests, ${(push.bytes / 2 ** 20).toFixed(0)} MiB, ${(push.bytes / push.events).toFixed(0)} bytes per event) | ${s1(push.ms)} | | |`);
  }
}

/** Connects `page`'s device as anna and pushes everything it holds; the time and the
 * bytes its requests carried to the hub (bodies of every request to the database). */
async function pushAll(page, hub, database) {
  let bytes = 0;
  let requests = 0;
  const count = (request) => {
    if (!request.url().includes(`/${database}/`)) return;
    requests += 1;
    bytes += request.postDataBuffer()?.length ?? 0;
  };
  page.on("request", count);
  const started = Date.now();
  await connect(page, hub, database, "anna");
  await page.evaluate(() => window.crm.syncNow());
  const ms = Date.now() - started;
  page.off("request", count);
  return { ms, bytes, requests };
}

/** A device holding the standard dataset, written as the engine would have, then opened. */
async function seedStandard(browser, server, [clients, touches, moves]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  await page.route("**/favicon.ico", (route) => route.fulfill({ status: 204 }));
  await page.goto(`${server.url}sync/`);
  const seeded = await page.evaluate(async ([clients, touches, moves]) => {
    // The bench build of the engine (`/bench/pkg/`): the shipped one has no seeding export.
    const { default: init, Crm, benchSeedStandard } = await import("/bench/pkg/ripen_wasm.js");
    await init();
    const started = performance.now();
    const events = await benchSeedStandard("bench-standard", clients, touches, moves);
    const seedMs = performance.now() - started;
    window.crm = await Crm.open("bench-standard", { user: "anna" });
    return { events, seedMs };
  }, [clients, touches, moves]);
  return { context, page, ...seeded };
}

const ADMIN = `Basic ${Buffer.from("admin:admin-secret").toString("base64")}`;

async function hubGet(hub, path) {
  const reply = await fetch(`${hub.url}${path}`, { headers: { Accept: "application/json", Authorization: ADMIN } });
  if (!reply.ok) throw new Error(`GET ${path}: ${reply.status}`);
  return reply.json();
}

/** Copies every document of `from` into a new database `to`, its record unpacked. */
async function plainCopy(hub, from, to) {
  const created = await fetch(`${hub.url}${to}`, { method: "PUT", headers: { Authorization: ADMIN } });
  if (!created.ok) throw new Error(`creating ${to}: ${created.status}`);
  let startkey = "";
  for (;;) {
    const page = await hubGet(hub, `${from}/_all_docs?include_docs=true&limit=500${startkey}`);
    if (page.rows.length === 0) break;
    const docs = page.rows.filter((row) => !row.id.startsWith("_design/")).map(({ doc }) => {
      const { encoding, record, ...rest } = doc;
      return { ...rest, record: encoding === "deflate" ? inflateRawSync(Buffer.from(record, "base64")).toString() : record };
    });
    const reply = await fetch(`${hub.url}${to}/_bulk_docs`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: ADMIN },
      body: JSON.stringify({ docs, new_edits: false }),
    });
    if (!reply.ok) throw new Error(`copying into ${to}: ${reply.status}`);
    startkey = `&startkey=${encodeURIComponent(JSON.stringify(page.rows.at(-1).id))}&skip=1`;
  }
}

/** The floor, run in a page: the feed a fresh device pulls, page by page at the client's
 * page size, fetched and parsed, nothing else. */
async function fetchAndParse({ url, database, limit }) {
  const started = performance.now();
  let since = "";
  let rows = 0;
  for (;;) {
    const reply = await fetch(`${url}${database}/_changes?style=all_docs&include_docs=true&limit=${limit}${since}`, {
      headers: { Accept: "application/json" },
      credentials: "include",
    });
    const page = JSON.parse(await reply.text());
    rows += page.results.length;
    since = `&since=${encodeURIComponent(page.last_seq)}`;
    if (page.results.length < limit) break;
  }
  return { ms: performance.now() - started, rows };
}

/** The anchor: PouchDB (7.3.1, from the lockfile, in Node with its memory adapter — no
 * IndexedDB, so faster than in a browser) replicating the first `sample` events of the
 * team database stored one document per event, as a PouchDB app would store them; a rate,
 * scaled to the whole dataset. */
async function pouchAnchor(hub, sample) {
  // A plain database: PouchDB's documents are not Ripen's, and the validator would refuse them.
  const created = await fetch(`${hub.url}bench-anchor`, { method: "PUT", headers: { Authorization: ADMIN } });
  if (!created.ok) throw new Error(`creating the anchor's database: ${created.status}`);
  const docs = [];
  let startkey = "";
  while (docs.length < sample) {
    const page = await hubGet(hub, `bench-first/_all_docs?include_docs=true&limit=100${startkey}`);
    const rows = page.rows.filter((row) => !row.id.startsWith("_design/"));
    if (rows.length === 0) break;
    for (const row of rows) {
      const text = row.doc.encoding === "deflate" ? inflateRawSync(Buffer.from(row.doc.record, "base64")).toString() : row.doc.record;
      for (const event of JSON.parse(text).events) {
        if (docs.length < sample) docs.push({ _id: `${row.doc.author}:${event.id}`, author: row.doc.author, event });
      }
    }
    startkey = `&startkey=${encodeURIComponent(JSON.stringify(page.rows.at(-1).id))}&skip=1`;
  }
  for (let i = 0; i < docs.length; i += 5_000) {
    const reply = await fetch(`${hub.url}bench-anchor/_bulk_docs`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: ADMIN },
      body: JSON.stringify({ docs: docs.slice(i, i + 5_000) }),
    });
    if (!reply.ok) throw new Error(`loading the anchor's documents: ${reply.status}`);
  }
  const { default: PouchDB } = await import("pouchdb-core");
  const { default: http } = await import("pouchdb-adapter-http");
  const { default: memory } = await import("pouchdb-adapter-memory");
  const { default: replication } = await import("pouchdb-replication");
  PouchDB.plugin(http).plugin(memory).plugin(replication);
  const remote = new PouchDB(`${hub.url}bench-anchor`, { auth: { username: "admin", password: "admin-secret" } });
  const local = new PouchDB("bench-anchor-local", { adapter: "memory" });
  const started = performance.now();
  const info = await PouchDB.replicate(remote, local, { batch_size: 100 });
  if (info.docs_written < docs.length) throw new Error(`PouchDB replicated ${info.docs_written} of ${docs.length} documents`);
  const ms = performance.now() - started;
  await local.destroy();
  return { docs: info.docs_written, ms, docsPerSecond: (info.docs_written / ms) * 1000 };
}
