// The sync rows of `cargo xtask bench` (RIPEN_BENCH_ONLY=sync): a real PouchDB Server on
// loopback (in memory, a large Node heap) and two devices (browser contexts) on the blank
// sync page.
// - Live propagation: device A commits a client, device B's `subscribe` hears it (pulled
//   through the longpoll, no syncNow); one write at a time, p50 and p99.
// - First sync of a base into a fresh device, against the floor measured in the same run:
//   fetch + JSON.parse of the same `_changes` feed (the same pages, bodies included).
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

export async function syncRows({ browser, server, writes = 200, base = 20_000 }) {
  const hub = await startPouchServer({ heapMb: 8192 });
  try {
    const admin = new URL(hub.url);
    admin.username = "admin";
    admin.password = "admin-secret";
    const origins = [server.url.replace(/\/$/, "")];
    const result = {};

    // Live propagation.
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

    // First sync of a base into a fresh device, and the floor.
    await prepareHub({ url: admin.href, database: "bench-first", users, origins });
    const seeder = await device(browser, server, "bench-first-seed");
    const seeded = await seeder.page.evaluate(async (base) => {
      const started = performance.now();
      const batch = 1_000;
      for (let i = 0; i < base; i += batch) {
        const people = [];
        for (let j = i; j < Math.min(base, i + batch); j++) people.push({ name: `Клиент ${j}`, phones: [`+7 900 ${String(j).padStart(7, "0")}`] });
        await window.crm.addClients(people);
      }
      return { ms: performance.now() - started, events: (await window.crm.storageInfo()).events };
    }, base);
    await connect(seeder.page, hub, "bench-first", "anna");
    const pushStarted = Date.now();
    await seeder.page.evaluate(() => window.crm.syncNow());
    const pushMs = Date.now() - pushStarted;
    const docs = await (await fetch(`${hub.url}bench-first`, { headers: { Accept: "application/json", Authorization: `Basic ${Buffer.from("admin:admin-secret").toString("base64")}` } })).json();
    await seeder.context.close();

    const fresh = await device(browser, server, "bench-first-fresh");
    // connectHub starts the first sync at once; syncNow waits for it and one more cycle.
    const first = await fresh.page.evaluate(async (o) => {
      const started = performance.now();
      await window.crm.connectHub(o);
      await window.crm.syncNow();
      return { ms: performance.now() - started, events: (await window.crm.storageInfo()).events };
    }, { url: hub.url, database: "bench-first", user: "boris", password: "boris-secret" });
    // The floor: the same feed, page by page (the client's page size), fetched and parsed.
    const floor = await fresh.page.evaluate(async ({ url }) => {
      const started = performance.now();
      let since = "";
      let rows = 0;
      for (;;) {
        const reply = await fetch(`${url}bench-first/_changes?style=all_docs&include_docs=true&limit=200${since}`, {
          headers: { Accept: "application/json" },
          credentials: "include",
        });
        const page = JSON.parse(await reply.text());
        rows += page.results.length;
        since = `&since=${encodeURIComponent(page.last_seq)}`;
        if (page.results.length < 200) break;
      }
      return { ms: performance.now() - started, rows };
    }, { url: hub.url });
    await fresh.context.close();
    result.first = { base, seeded, pushMs, docs: docs.doc_count, first, floor };
    return result;
  } finally {
    await hub.stop();
  }
}

export function printSync(s) {
  const ms = (v) => `${v.toFixed(0)} ms`;
  if (s.live) {
    const l = s.live;
    console.log(`\nteam sync on loopback (PouchDB Server in memory), live propagation: A's commit → B's subscribe, one write at a time (${l.writes} writes):`);
    console.log(`| p50 | p99 | slowest | goal |`);
    console.log(`|---|---|---|---|`);
    console.log(`| ${ms(l.p50)} | ${ms(l.p99)} | ${ms(l.max)} | p99 ≤ 2000 ms |`);
  }
  if (s.first) {
    const f = s.first;
    console.log(`\nfirst sync of a base of ${f.base} clients (${f.seeded.events} events, ${f.docs} documents on the hub) into a fresh device:`);
    console.log(`| | figure | / floor |`);
    console.log(`|---|---|---|`);
    console.log(`| first sync (connectHub, then syncNow until pulled and visible) | ${ms(f.first.ms)} (${f.first.events} events) | ${(f.first.ms / f.floor.ms).toFixed(2)}× |`);
    console.log(`| floor: fetch + JSON.parse of the same _changes pages (${f.floor.rows} rows) | ${ms(f.floor.ms)} | 1.00× |`);
    console.log(`| push of that base from the seeding device (syncNow) | ${ms(f.pushMs)} | |`);
  }
}
