// The benchmark page: the engine's figures beside raw IndexedDB anchors measured in the
// same run, in the same browser. Driven by tests/bench/run.mjs.
import init, { Crm, SearchBench, benchChecksums, benchSeedContacts, benchSeedStandard, benchAgenda, benchCheckTouch, benchFold, benchFunnel, benchRouting, benchSuggestions, benchCampaign, benchHeap } from "./pkg/ripen_wasm.js";
import MiniSearch from "../vendor/minisearch/index.js";
import Dexie from "../vendor/dexie/dexie.mjs";
import { scaleCompute, scaleOpenDexie, scaleOpenEngine, scaleWrite } from "./scale.js";

const params = new URLSearchParams(location.search);
const N = Number(params.get("n") ?? 100_000);
const RUNS = Number(params.get("runs") ?? 3);
const FOLD = Number(params.get("fold") ?? 1_000_000);
const CHUNK = 1_000;

const out = document.getElementById("out");
const log = (line) => (out.textContent += `\n${line}`);

function records(n) {
  const rows = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = { kind: i % 3 === 0 ? "person" : "company", name: `ООО «Клиент ${i}» Новосибирск` };
  return rows;
}

const uniqueName = (label) => `ripen-bench-${label}-${Date.now()}-${Math.random().toString(36).slice(2)}`;

function idb(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error ?? new Error("aborted"));
    tx.onerror = () => reject(tx.error);
  });
}

async function rawDb(name) {
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore("rows");
  return idb(open);
}

async function deleteDb(name) {
  await idb(indexedDB.deleteDatabase(name));
}

/** p50, p99 and the slowest of some timings, and how many. */
function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

/** Median of RUNS timings of `body`, which gets a fresh setup each run. */
async function measure(label, runs, setup, body, teardown) {
  const times = [];
  let detail;
  for (let run = 0; run < runs; run++) {
    const context = await setup();
    const started = performance.now();
    detail = await body(context);
    times.push(performance.now() - started);
    await teardown(context);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  log(`${label}: ${median.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(", ")})`);
  return { label, median, runs: times, detail };
}

async function engineRows(rows) {
  const write = await measure(
    `engine: addClients(${N}) until durable`,
    RUNS,
    async () => ({ name: uniqueName("engine"), crm: null }),
    async (ctx) => {
      ctx.crm = await Crm.open(ctx.name, { user: "bench" });
      const added = await ctx.crm.addClients(rows);
      if (added.length !== N) throw new Error(`added ${added.length}`);
    },
    async (ctx) => { await ctx.crm.close(); await Crm.deleteDatabase(ctx.name); },
  );
  const name = uniqueName("engine-read");
  const seeded = await Crm.open(name, { user: "bench" });
  await seeded.addClients(rows);
  await seeded.close();
  let memory = 0;
  const read = await measure(
    `engine: open + listClients(${N})`,
    RUNS,
    async () => ({}),
    async (ctx) => {
      const started = performance.now();
      ctx.crm = await Crm.open(name, { user: "bench" });
      const opened = performance.now();
      const listed = ctx.crm.listClients();
      if (listed.length !== N) throw new Error(`listed ${listed.length}`);
      return { open: opened - started, list: performance.now() - opened };
    },
    async (ctx) => { memory = Math.max(memory, wasmMemory()); await ctx.crm.close(); },
  );
  await Crm.deleteDatabase(name);
  return { write, read, memory };
}

let wasm;
const wasmMemory = () => wasm.memory.buffer.byteLength;

async function rawPerRowRows(rows) {
  const objects = rows.map((row, i) => ({ id: `c${i}`, ...row, createdAt: new Date().toISOString(), createdBy: "bench" }));
  const write = await measure(
    `raw IndexedDB: ${N} records, one per row, one transaction`,
    RUNS,
    async () => ({ name: uniqueName("raw"), db: null }),
    async (ctx) => {
      ctx.db = await rawDb(ctx.name);
      const tx = ctx.db.transaction("rows", "readwrite");
      const store = tx.objectStore("rows");
      for (const object of objects) store.put(object, object.id);
      await done(tx);
    },
    async (ctx) => { ctx.db.close(); await deleteDb(ctx.name); },
  );
  const name = uniqueName("raw-read");
  const db = await rawDb(name);
  const tx = db.transaction("rows", "readwrite");
  for (const object of objects) tx.objectStore("rows").put(object, object.id);
  await done(tx);
  const read = await measure(
    `raw IndexedDB: getAll ${N} records`,
    RUNS,
    async () => ({}),
    async () => {
      const all = await idb(db.transaction("rows").objectStore("rows").getAll());
      if (all.length !== N) throw new Error(`read ${all.length}`);
    },
    async () => {},
  );
  db.close();
  await deleteDb(name);
  return { write, read };
}

async function rawChunkedRows(rows) {
  const chunks = [];
  for (let i = 0; i < rows.length; i += CHUNK) chunks.push(rows.slice(i, i + CHUNK));
  const write = await measure(
    `raw IndexedDB: ${chunks.length} chunks of ${CHUNK} as JSON strings`,
    RUNS,
    async () => ({ name: uniqueName("chunked"), db: null }),
    async (ctx) => {
      ctx.db = await rawDb(ctx.name);
      const tx = ctx.db.transaction("rows", "readwrite");
      const store = tx.objectStore("rows");
      chunks.forEach((chunk, i) => store.put(JSON.stringify(chunk), i));
      await done(tx);
    },
    async (ctx) => { ctx.db.close(); await deleteDb(ctx.name); },
  );
  const name = uniqueName("chunked-read");
  const db = await rawDb(name);
  const tx = db.transaction("rows", "readwrite");
  chunks.forEach((chunk, i) => tx.objectStore("rows").put(JSON.stringify(chunk), i));
  await done(tx);
  const read = await measure(
    `raw IndexedDB: read ${chunks.length} chunks + JSON.parse`,
    RUNS,
    async () => ({}),
    async () => {
      const all = await idb(db.transaction("rows").objectStore("rows").getAll());
      const total = all.reduce((sum, text) => sum + JSON.parse(text).length, 0);
      if (total !== N) throw new Error(`read ${total}`);
    },
    async () => {},
  );
  db.close();
  await deleteDb(name);
  return { write, read };
}

/** Dexie (a well-known IndexedDB wrapper, from npm) storing the same rows, one record
 * each, with strict durability like the engine's. */
async function dexieRows(rows) {
  const objects = rows.map((row, i) => ({ id: `c${i}`, ...row, createdAt: new Date().toISOString(), createdBy: "bench" }));
  const open = (name) => {
    const db = new Dexie(name, { chromeTransactionDurability: "strict" });
    db.version(1).stores({ rows: "id" });
    return db;
  };
  const write = await measure(
    `Dexie: bulkPut ${N} rows until durable`,
    RUNS,
    async () => ({ name: uniqueName("dexie") }),
    async (ctx) => {
      ctx.db = open(ctx.name);
      await ctx.db.rows.bulkPut(objects);
    },
    async (ctx) => { ctx.db.close(); await Dexie.delete(ctx.name); },
  );
  const name = uniqueName("dexie-read");
  const seeded = open(name);
  await seeded.rows.bulkPut(objects);
  seeded.close();
  const read = await measure(
    `Dexie: open + toArray ${N} rows`,
    RUNS,
    async () => ({}),
    async (ctx) => {
      ctx.db = open(name);
      const all = await ctx.db.rows.toArray();
      if (all.length !== N) throw new Error(`read ${all.length}`);
    },
    async (ctx) => ctx.db.close(),
  );
  await Dexie.delete(name);
  return { write, read };
}

/** One durable single-touch write at a time into a database of `clients` clients:
 * p50 and p99 of `writes` writes, beside a raw IndexedDB put and a Dexie put (strict
 * durability, one transaction each) into a store of as many records. */
async function singleWriteRow(clients, writes = 100) {
  const percentiles = (times) => {
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
  };
  const name = uniqueName(`single-${clients}`);
  let crm = await Crm.open(name, { user: "bench" });
  const ids = await crm.addClients(records(clients));
  await crm.close();
  crm = await Crm.open(name, { user: "bench" });
  const engine = [];
  for (let i = 0; i < writes; i++) {
    const started = performance.now();
    await crm.logTouch({ clientId: ids[i % ids.length], channel: "email", direction: "inbound", summary: `письмо ${i}` });
    engine.push(performance.now() - started);
  }
  await crm.close();
  await Crm.deleteDatabase(name);

  const rawName = uniqueName(`single-raw-${clients}`);
  const db = await rawDb(rawName);
  const seed = db.transaction("rows", "readwrite");
  records(clients).forEach((row, i) => seed.objectStore("rows").put(row, `c${i}`));
  await done(seed);
  const raw = [];
  for (let i = 0; i < writes; i++) {
    const started = performance.now();
    const tx = db.transaction("rows", "readwrite", { durability: "strict" });
    tx.objectStore("rows").put({ client: `c${i}`, channel: "email", summary: `письмо ${i}` }, `t${i}`);
    await done(tx);
    raw.push(performance.now() - started);
  }
  db.close();
  await deleteDb(rawName);

  const dexieName = uniqueName(`single-dexie-${clients}`);
  const dexie = new Dexie(dexieName, { chromeTransactionDurability: "strict" });
  dexie.version(1).stores({ rows: "id" });
  await dexie.rows.bulkPut(records(clients).map((row, i) => ({ id: `c${i}`, ...row })));
  const dexieTimes = [];
  for (let i = 0; i < writes; i++) {
    const started = performance.now();
    await dexie.rows.put({ id: `t${i}`, client: `c${i}`, channel: "email", summary: `письмо ${i}` });
    dexieTimes.push(performance.now() - started);
  }
  dexie.close();
  await Dexie.delete(dexieName);
  const row = { clients, writes, engine: percentiles(engine), raw: percentiles(raw), dexie: percentiles(dexieTimes) };
  log(`single write at ${clients} clients: engine p50 ${row.engine.p50.toFixed(1)} / p99 ${row.engine.p99.toFixed(1)} ms, raw ${row.raw.p50.toFixed(1)} / ${row.raw.p99.toFixed(1)}, Dexie ${row.dexie.p50.toFixed(1)} / ${row.dexie.p99.toFixed(1)}`);
  return row;
}

/** Folds the synthetic log in wasm: the time, and how much wasm memory grew to hold it. */
function foldRow() {
  const before = wasmMemory();
  const started = performance.now();
  const clients = benchFold(FOLD);
  const ms = performance.now() - started;
  log(`wasm fold of ${FOLD} events: ${ms.toFixed(0)} ms, ${clients} clients`);
  return { events: FOLD, ms, bytes: wasmMemory() - before, clients };
}

/** checkTouch on a company with 1,000 touches: setup measured apart from the checks. */
function checkTouchRow() {
  const touches = 1_000;
  const checks = 2_000;
  let started = performance.now();
  benchCheckTouch(touches, 0);
  const setup = performance.now() - started;
  started = performance.now();
  benchCheckTouch(touches, checks);
  const us = ((performance.now() - started - setup) * 1_000) / checks;
  log(`wasm checkTouch with ${touches} touches: ${us.toFixed(1)} µs`);
  return { touches, checks, usPerCheck: us };
}

/** The agenda of a rep with 5,000 cards: setup measured apart from the runs. */
function agendaRow() {
  const cards = 5_000;
  const runs = 20;
  let started = performance.now();
  benchAgenda(cards, 0);
  const setup = performance.now() - started;
  started = performance.now();
  const items = benchAgenda(cards, runs);
  const ms = (performance.now() - started - setup) / runs;
  log(`wasm agenda with ${cards} cards: ${ms.toFixed(1)} ms, ${items} items`);
  return { cards, ms, items };
}

/** The next best touch of every client of the standard dataset (100,000 clients, each
 * with addresses): every client ranked and the first 50 worded, as Today asks, and every
 * suggestion worded; each the best of three runs, timed in wasm. */
function suggestionsRow() {
  const [clients, runs] = [100_000, 3];
  const [ms, allMs, suggestions] = benchSuggestions(clients, runs);
  log(`wasm suggestions for ${clients} clients: first 50 ${ms.toFixed(0)} ms, all ${allMs.toFixed(0)} ms, ${suggestions} suggestions`);
  return { clients, ms, allMs, suggestions };
}

/** A marketing campaign over the standard dataset's 100,000 clients: preview, then commit
 * (the engine on a memory store: the decisions and the fold, not IndexedDB). */
async function campaignRow() {
  const clients = 100_000;
  const [setupMs, previewMs, commitMs, planned, skipped] = await benchCampaign(clients);
  log(`wasm campaign over ${clients} clients: preview ${previewMs.toFixed(0)} ms, commit ${commitMs.toFixed(0)} ms (set-up ${setupMs.toFixed(0)} ms)`);
  return { clients, previewMs, commitMs, planned, skipped };
}

/** The funnel of 100,000 cards with 400,000 moves, split by owner. */
function funnelRow() {
  const [cards, moves, runs] = [100_000, 400_000, 5];
  let started = performance.now();
  benchFunnel(cards, moves, 0);
  const setup = performance.now() - started;
  started = performance.now();
  const groups = benchFunnel(cards, moves, runs);
  const ms = (performance.now() - started - setup) / runs;
  log(`wasm funnel of ${cards} cards: ${ms.toFixed(0)} ms, ${groups} groups`);
  return { cards, moves, ms, groups };
}

/** Routing 10,000 new leads across 50 users: the decisions alone in wasm, and a routed
 * `addClients` until durable beside the same batch with its owners given. */
async function routingRow() {
  const [leads, users, runs] = [10_000, 50, 5];
  let started = performance.now();
  benchRouting(leads, 0);
  const setup = performance.now() - started;
  started = performance.now();
  const routed = benchRouting(leads, runs);
  const decideMs = (performance.now() - started - setup) / runs;
  if (routed !== leads) throw new Error(`routed ${routed} of ${leads}`);
  log(`wasm routing decisions for ${leads} leads across ${users} users: ${decideMs.toFixed(1)} ms`);
  // The same office and leads as ripen-core's synthetic::routing_office.
  const regions = ["Сибирь", "Урал", "Москва", "Юг", "Северо-Запад"];
  const industries = ["machinery", "retail", "agro", "logistics"];
  const rows = (owner) =>
    Array.from({ length: leads }, (_, i) => ({
      name: `Лид ${i}`, region: regions[(i * 7) % 5], industry: industries[(i * 3) % 4], ...(owner ? { owner } : {}),
    }));
  const office = async () => {
    const name = uniqueName("routing");
    const crm = await Crm.open(name, { user: "rep00" });
    for (let t = 0; t < 5; t++) await crm.saveTeam(`team${t}`, { name: `Команда ${t}` });
    for (let u = 0; u < users; u++) {
      await crm.saveUser(`rep${String(u).padStart(2, "0")}`, {
        name: `Менеджер ${u}`, role: "manager", team: `team${u % 5}`, cap: u % 7 === 0 ? leads / users : undefined,
        skills: [
          { field: "region", value: regions[u % 5], weight: (30 + (u % 5) * 10) / 100 },
          { field: "industry", value: industries[u % 4], weight: (40 + (u % 3) * 20) / 100 },
        ],
      });
    }
    return { name, crm };
  };
  const close = async (ctx) => { await ctx.crm.close(); await Crm.deleteDatabase(ctx.name); };
  const withRouting = await measure(
    `engine: addClients(${leads}) routed across ${users} users until durable`,
    RUNS,
    async () => {
      const ctx = await office();
      await ctx.crm.saveRouting({
        rules: regions.slice(0, 4).map((region, t) => ({ when: { region }, to: { team: `team${t}` } })),
        default: { team: "team4" },
        teams: { team0: "skills", team1: "skills" },
      });
      return ctx;
    },
    async (ctx) => {
      await ctx.crm.addClients(rows(null));
    },
    close,
  );
  const unrouted = await measure(
    `engine: addClients(${leads}) with owners given until durable`,
    RUNS,
    office,
    async (ctx) => {
      await ctx.crm.addClients(rows("rep01"));
    },
    close,
  );
  return { leads, users, decideMs, addMs: withRouting.median, addUnroutedMs: unrouted.median };
}

const percentile = (sorted, q) => sorted[Math.round((sorted.length - 1) * q)];
const jsHeap = () => {
  globalThis.gc?.();
  return performance.memory?.usedJSHeapSize ?? NaN;
};

/** Search as you type over N clients with two aliases each: Ripen's index in wasm beside
 * MiniSearch indexing the same names, the same keystrokes timed one by one. */
function searchRow(clients, withMini = true) {
  const memoryBefore = wasmMemory();
  const bench = new SearchBench(clients);
  const memoryState = wasmMemory();
  let started = performance.now();
  bench.build();
  const buildMs = performance.now() - started;
  const indexGrowth = wasmMemory() - memoryState;
  const names = JSON.parse(bench.names());
  const keystrokes = JSON.parse(bench.keystrokes());
  const targets = JSON.parse(bench.targets());
  const time = (search) => {
    const times = keystrokes.map((k) => {
      const t = performance.now();
      search(k);
      return performance.now() - t;
    });
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times[times.length - 1] };
  };
  const ripen = time((k) => bench.search(k));
  const ripenFound = targets.filter(([target, typed]) => {
    const first = bench.search(typed);
    return first >= 0 && names[first][0] === names[target][0];
  }).length;
  log(`wasm search: build ${buildMs.toFixed(0)} ms, p50 ${ripen.p50.toFixed(2)} ms, p99 ${ripen.p99.toFixed(2)} ms, found ${ripenFound}/100`);

  const ripenRow = { buildMs, ...ripen, found: ripenFound, indexBytes: bench.heapBytes(), wasmGrowth: indexGrowth, stateGrowth: memoryState - memoryBefore };
  // The scale rows (issue 25) time the engine alone: MiniSearch over a million names
  // would take minutes and gigabytes of JS heap.
  if (!withMini) return { clients, keystrokes: keystrokes.length, ripen: ripenRow, memoryBytes: wasmMemory() };
  const heapBefore = jsHeap();
  started = performance.now();
  const mini = new MiniSearch({ fields: ["name", "latin", "former"], searchOptions: { prefix: true, fuzzy: 0.2, combineWith: "AND" } });
  mini.addAll(names.map(([name, latin, former], id) => ({ id, name, latin, former })));
  const miniBuildMs = performance.now() - started;
  const miniHeap = jsHeap() - heapBefore;
  const miniTimes = time((k) => mini.search(k).slice(0, 20));
  const miniFound = targets.filter(([target, typed]) => {
    const [first] = mini.search(typed);
    return first !== undefined && names[first.id][0] === names[target][0];
  }).length;
  log(`MiniSearch: build ${miniBuildMs.toFixed(0)} ms, p50 ${miniTimes.p50.toFixed(2)} ms, p99 ${miniTimes.p99.toFixed(2)} ms, found ${miniFound}/100`);
  return {
    clients,
    keystrokes: keystrokes.length,
    ripen: ripenRow,
    mini: { buildMs: miniBuildMs, ...miniTimes, found: miniFound, heapBytes: miniHeap },
  };
}

/** The standard dataset (100,000 clients, 1,000,000 touches, 400,000 stage moves),
 * written into a database as the engine would have written it. A page of its own: the
 * generator's memory must not count against the open, measured in a fresh page. */
async function seedStandard() {
  const [clients, touches, moves] = [100_000, 1_000_000, 400_000];
  const name = uniqueName("standard");
  const started = performance.now();
  const events = await benchSeedStandard(name, clients, touches, moves);
  return { name, clients, touches, moves, events, seedMs: performance.now() - started };
}

/** The standard dataset as plain rows, for the anchors: what raw IndexedDB and Dexie
 * store and load for the same work. */
function standardRows() {
  const rows = [];
  const [clients, touches, moves] = [100_000, 1_000_000, 400_000];
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < clients; i++) {
    rows.push({ id: `c${i}`, type: "client", kind: "company", name: `ООО «Клиент ${i}»`, region: "Сибирь", owner: `rep${i % 50}` });
  }
  const channels = ["call", "email", "meeting", "message"];
  for (let i = 0; i < touches; i++) {
    const done = i % 10 !== 0;
    rows.push({
      id: `t${i}`, type: "touch", client: `c${(i * 104_729) % clients}`, channel: channels[i % 4], at: start + i * 20_000,
      status: done ? "done" : "planned", summary: "Обсудили условия поставки", ...(done ? { result: "Договорились о встрече" } : {}),
    });
  }
  for (let i = 0; i < moves; i++) {
    rows.push({ id: `m${i}`, type: "move", client: `c${(i * 7_919) % clients}`, pipeline: "sales", stage: `s${i % 8}`, at: start + i * 50_000 });
  }
  return rows;
}

/** Writes the anchors' databases: one record per row (raw and Dexie) and JSON chunks. */
async function seedAnchors(name) {
  const rows = standardRows();
  const raw = await rawDb(`${name}-raw`);
  for (let i = 0; i < rows.length; i += 100_000) {
    const tx = raw.transaction("rows", "readwrite");
    for (const row of rows.slice(i, i + 100_000)) tx.objectStore("rows").put(row, row.id);
    await done(tx);
  }
  raw.close();
  const chunked = await rawDb(`${name}-chunked`);
  const tx = chunked.transaction("rows", "readwrite");
  for (let i = 0; i < rows.length; i += CHUNK) tx.objectStore("rows").put(JSON.stringify(rows.slice(i, i + CHUNK)), i);
  await done(tx);
  chunked.close();
  const dexie = new Dexie(`${name}-dexie`, { chromeTransactionDurability: "strict" });
  dexie.version(1).stores({ rows: "id" });
  for (let i = 0; i < rows.length; i += 100_000) await dexie.rows.bulkPut(rows.slice(i, i + 100_000));
  dexie.close();
}


/** An anchor's cold open: every row of the dataset loaded into memory, in a fresh page;
 * its time and the JS heap it takes. */
async function openAnchor(name, kind) {
  const before = jsHeap();
  const started = performance.now();
  let rows;
  if (kind === "dexie") {
    const dexie = new Dexie(`${name}-dexie`);
    dexie.version(1).stores({ rows: "id" });
    rows = await dexie.rows.toArray();
    dexie.close();
    await Dexie.delete(`${name}-dexie`);
  } else {
    const db = await rawDb(`${name}-${kind}`);
    const all = await idb(db.transaction("rows").objectStore("rows").getAll());
    rows = kind === "chunked" ? all.flatMap((text) => JSON.parse(text)) : all;
    db.close();
  }
  const openMs = performance.now() - started;
  const heapBytes = jsHeap() - before;
  if (rows.length !== 1_500_000) throw new Error(`${kind} read ${rows.length} rows`);
  if (kind !== "dexie") await deleteDb(`${name}-${kind}`);
  log(`anchor ${kind}: open ${openMs.toFixed(0)} ms, JS heap +${(heapBytes / 2 ** 20).toFixed(0)} MiB`);
  return { openMs, heapBytes, rows: rows.length };
}

/** Cold open of the seeded dataset until queries can run, and the wasm memory it takes
 * (linear memory only grows, so this is the peak of the open). `first`: the log was never
 * checkpointed — the open folds all of it, then the page writes the checkpoint in the
 * background, timed here with the longest stretch the main thread was held meanwhile. */
async function openStandard(name, first) {
  const before = wasmMemory();
  const [heapBefore] = benchHeap();
  let started = performance.now();
  const crm = await Crm.open(name, { user: "bench" });
  const openMs = performance.now() - started;
  const memory = wasmMemory();
  // What the open holds, and the most it held at once, in bytes allocated (beside the
  // linear memory, which holds the allocator's slack too).
  const [heapAfter, heapPeak] = benchHeap();
  started = performance.now();
  const listed = crm.listClients().length;
  const firstQueryMs = performance.now() - started;
  // No task ran since the open: the search index was not begun in the background, and
  // this search builds all of it (the worst case of a search typed at once).
  started = performance.now();
  const firstComplete = crm.search("Клиент 4242", { limit: 20 }).complete;
  const firstSearchMs = performance.now() - started;
  started = performance.now();
  crm.search("Клиент 4242", { limit: 20, wait: true });
  const waitedSearchMs = performance.now() - started;
  const result = {
    openMs, firstQueryMs, firstSearchMs, firstComplete, waitedSearchMs, listed, memoryBytes: memory, growthBytes: memory - before, afterQueryBytes: wasmMemory(),
    heapBytes: heapAfter - heapBefore, heapPeakBytes: heapPeak - heapBefore, heapBeforeBytes: heapBefore,
  };
  if (first) {
    // The checkpoint is written in the background while a rep goes on working: a durable
    // write every 20 ms, timed, until it is saved. The main thread's longest block is
    // timed too.
    started = performance.now();
    let longest = 0;
    let last = performance.now();
    const during = [];
    for (let i = 0; ; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const now = performance.now();
      longest = Math.max(longest, now - last - 20);
      const info = await crm.storageInfo();
      if (info.checkpoint.covers > 0) break;
      if (now - started > 180_000) throw new Error("the checkpoint was not written in 3 minutes");
      const writing = info.checkpoint.writing;
      const before = performance.now();
      await crm.addClient({ name: `ООО «Пока пишется снимок ${i}»` });
      if (writing) during.push(performance.now() - before);
      last = performance.now();
    }
    result.checkpointMs = performance.now() - started;
    result.checkpointLongestBlockMs = longest;
    result.writesDuringCheckpoint = stats(during);
    result.memoryAfterCheckpointBytes = wasmMemory();
    await crm.close();
  } else {
    const info = await crm.storageInfo();
    result.eventsAfterCheckpoint = info.checkpoint.eventsSince;
    // Durable writes alone, then while a backup of the whole base is exported.
    const alone = [];
    for (let i = 0; i < 50; i++) {
      const before = performance.now();
      await crm.addClient({ name: `ООО «Просто запись ${i}»` });
      alone.push(performance.now() - before);
    }
    result.writesAlone = stats(alone);
    started = performance.now();
    let exported = false;
    const backup = crm.exportBackup().then((file) => { exported = true; result.backupBytes = file.size; });
    const during = [];
    for (let i = 0; !exported; i++) {
      const before = performance.now();
      await crm.addClient({ name: `ООО «Пока идёт копия ${i}»` });
      if (!exported) during.push(performance.now() - before);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await backup;
    result.backupMs = performance.now() - started;
    result.writesDuringBackup = stats(during);
    await crm.close();
    const [hashMs, hashedBytes] = await benchChecksums(name);
    result.checksums = { ms: hashMs, bytes: hashedBytes };
    await Crm.deleteDatabase(name);
  }
  log(`standard dataset${first ? " (no checkpoint yet)" : ""}: open ${openMs.toFixed(0)} ms, wasm memory ${(memory / 2 ** 20).toFixed(0)} MiB`);
  return result;
}

/** The contact book (100,000 clients with two aliases, a phone and an e-mail each, some
 * shared, namesakes) written into a database as the engine's log, for the read rows. */
async function seedContacts(clients) {
  const name = uniqueName("reads");
  const started = performance.now();
  const events = await benchSeedContacts(name, clients);
  return { name, clients, events, seedMs: performance.now() - started };
}

/** The reads a big base must answer quickly, in a fresh page: the open; the first search
 * (`wait` ms after the open resolved: 0 finishes the background index build first); the
 * longest main-thread block while the index was built in the background; duplicates();
 * the first page of the client list newest first and by name, beside listClients(). */
async function openReads(name, wait) {
  let started = performance.now();
  const crm = await Crm.open(name, { user: "bench" });
  const openMs = performance.now() - started;
  let longest = 0;
  let last = performance.now();
  while (performance.now() - started - openMs < wait) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  const time = (work) => {
    const t = performance.now();
    const value = work();
    return [performance.now() - t, value];
  };
  const [firstSearchMs, hits] = time(() => crm.search("Сибирские моторы", { limit: 20 }));
  const firstComplete = hits.complete;
  // A search before the index is whole answers from its part and says so; the page asks
  // again until it is whole: how long after the open that takes, searching every 250 ms.
  let slowestSearchMs = firstSearchMs;
  let whole = hits;
  while (!whole.complete) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [searchMs, again] = time(() => crm.search("Сибирские моторы", { limit: 20 }));
    slowestSearchMs = Math.max(slowestSearchMs, searchMs);
    whole = again;
  }
  const completeAfterMs = performance.now() - started - openMs;
  const [secondSearchMs] = time(() => crm.search("Уральские", { limit: 20 }));
  const [duplicatesMs, pairs] = time(() => crm.duplicates({ limit: 100 }));
  const [duplicatesAgainMs] = time(() => crm.duplicates({ limit: 100 }));
  const [pageMs, page] = time(() => crm.clients({ limit: 50 }));
  const [nameSortMs] = time(() => crm.clients({ limit: 50, sort: "name" }));
  const [nextPageMs] = time(() => crm.clients({ limit: 50, after: page.next }));
  const memoryBefore = wasmMemory();
  const [listMs, listed] = time(() => crm.listClients().length);
  await crm.close();
  log(`reads (wait ${wait} ms): open ${openMs.toFixed(0)} ms, first search ${firstSearchMs.toFixed(0)} ms, duplicates ${duplicatesMs.toFixed(0)} ms, first page ${pageMs.toFixed(1)} ms, listClients ${listMs.toFixed(0)} ms`);
  return {
    wait, openMs, firstSearchMs, firstComplete, slowestSearchMs, completeAfterMs, wholeHits: whole.length, secondSearchMs, hits: hits.length, longestBlockMs: longest, duplicatesMs, duplicatesAgainMs,
    pairs: pairs.length, pageMs, nameSortMs, nextPageMs, total: page.total, listMs, listed,
    listGrowthBytes: wasmMemory() - memoryBefore,
  };
}

const LAST = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Соколов", "Лебедев", "Козлов"];
const FIRST = ["Сергей", "Анна", "Пётр", "Ольга", "Дмитрий", "Мария", "Алексей", "Елена", "Николай", "Ирина"];
const CITIES = ["Новосибирск", "Омск", "Томск", "Барнаул", "Кемерово", "Красноярск"];

/** The `i`th person of the import files of `n` (the same as ripen-io's
 * examples/import/files.rs, byte for byte): people at `n / 20` companies, each with their
 * own mobile number and e-mail. */
function person(i, n) {
  const digits = String(10_000_000 + i);
  return {
    last: `${LAST[i % 10]}${i}`,
    first: FIRST[(i * 7) % 10],
    company: `ООО «Компания ${i % Math.max(1, Math.floor(n / 20))}»`,
    mobile: `${digits.slice(1, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`,
    city: CITIES[i % 6],
  };
}

/** A CSV as Excel in Russia saves a CRM's contacts: `;` between cells, a BOM, CRLF;
 * every tenth row has a note over two lines. */
function contactsCsv(n) {
  const lines = ["Фамилия;Имя;Компания;Должность;Телефон;E-mail;Город;Теги;Примечание"];
  for (let i = 0; i < n; i++) {
    const p = person(i, n);
    const note = i % 10 === 0 ? `"Встреча на выставке; просил КП\r\nперезвонить через неделю"` : "";
    lines.push(`${p.last};${p.first};${p.company};Менеджер;+7 913 ${p.mobile};person${i}@example.ru;${p.city};выставка;${note}`);
  }
  return new TextEncoder().encode(`\ufeff${lines.join("\r\n")}\r\n`);
}

/** `line` folded as RFC 2425 asks: no line over 75 octets (UTF-8), the next one starting
 * with a space, never inside a character. */
function fold(line) {
  let out = "";
  let octets = 0;
  for (const c of line) {
    const code = c.codePointAt(0);
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > 75) {
      out += "\r\n ";
      octets = 1;
    }
    out += c;
    octets += size;
  }
  return `${out}\r\n`;
}

/** The same people as vCard 3.0, as phones and Outlook write it: CRLF, N and FN, ORG,
 * TITLE, a mobile and a work number, an e-mail, a work address (its comma escaped); a
 * birthday on every seventh card and, on every tenth, a long Cyrillic note (escaped line
 * break, commas and semicolon) folded at 75 octets. No PRODID, REV or CATEGORIES lines:
 * with them 100,000 cards pass the import's size limit (40 MiB) and would be refused. */
function contactsVcard(n) {
  const pad = (value, width) => String(value).padStart(width, "0");
  const parts = [];
  for (let i = 0; i < n; i++) {
    const p = person(i, n);
    const work = String(3_000_000 + i);
    const lines = [
      "BEGIN:VCARD",
      "VERSION:3.0",
      `N:${p.last};${p.first};;;`,
      `FN:${p.first} ${p.last}`,
      `ORG:${p.company}`,
      "TITLE:Менеджер",
      `TEL;TYPE=CELL:+7 913 ${p.mobile}`,
      `TEL;TYPE=WORK:+7 (383) ${work.slice(0, 3)}-${work.slice(3, 5)}-${work.slice(5)}`,
      `EMAIL;TYPE=INTERNET:person${i}@example.ru`,
      `ADR;TYPE=WORK:;;ул. Ленина\\, ${(i % 200) + 1};${p.city};;630${pad(i % 1000, 3)};Россия`,
    ];
    if (i % 7 === 0) lines.push(`BDAY:19${60 + (i % 40)}-${pad((i % 12) + 1, 2)}-${pad((i % 28) + 1, 2)}`);
    if (i % 10 === 0) {
      lines.push(
        `NOTE:Встреча на выставке «Сибирская ярмарка»\\; просил КП на станки для цеха в г. ${p.city}\\, ` +
          `перезвонить через неделю.\\nПредпочитает звонки после обеда\\, секретарь — ${FIRST[(i * 3) % 10]}.`,
      );
    }
    lines.push("END:VCARD");
    parts.push(lines.map(fold).join(""));
  }
  return new TextEncoder().encode(parts.join(""));
}

/** Import of an `n`-row CSV or `n`-card vCard file (`format`) until durable: previewed,
 * then imported into a fresh base; beside it, the same people given to `addClients`
 * already parsed (the anchor). Every row must read whole (no issue, no warning), so a
 * reader that lost values cannot print a fast figure. */
async function importRow(n, format) {
  const file = format === "vcard" ? contactsVcard(n) : contactsCsv(n);
  const what = format === "vcard" ? `${n}-card vCard` : `${n}-row CSV`;
  const people = [];
  for (let i = 0; i < n; i++) people.push({ name: `x${i}`, kind: "person", phones: [`+7 913 ${String(10_000_000 + i).slice(1)}`] });
  const fresh = async () => ({ crm: await Crm.open(uniqueName("import"), { user: "bench" }) });
  const close = async (ctx) => { await ctx.crm.close(); await Crm.deleteDatabase(ctx.crm.name); };
  const preview = await measure(`engine: previewImport of a ${what} (${(file.length / 2 ** 20).toFixed(1)} MiB)`, RUNS, fresh, async (ctx) => {
    const shown = await ctx.crm.previewImport(file);
    if (shown.format !== format || shown.ready !== n || shown.issueCount !== 0 || shown.warningCount !== 0) {
      throw new Error(`preview: format ${shown.format}, ready ${shown.ready}, issues ${shown.issueCount}, warnings ${shown.warningCount} ${JSON.stringify(shown.warnings.slice(0, 3))}`);
    }
  }, close);
  let memory = 0;
  const imported = await measure(`engine: importFile of a ${what} until durable`, RUNS, fresh, async (ctx) => {
    const done = await ctx.crm.importFile(file);
    if (done.format !== format || done.rows !== n || done.added < n || done.skipped !== 0) {
      throw new Error(`import: format ${done.format}, rows ${done.rows}, added ${done.added}, skipped ${done.skipped}`);
    }
    memory = Math.max(memory, wasmMemory());
    return done;
  }, close);
  const anchor = await measure(`anchor: addClients(${n}) of the same people, already parsed`, RUNS, fresh, async (ctx) => {
    const added = await ctx.crm.addClients(people);
    if (added.length !== n) throw new Error(`added ${added.length}`);
  }, close);
  return { format, rows: n, bytes: file.length, previewMs: preview.median, importMs: imported.median, added: imported.detail.added, addClientsMs: anchor.median, memory };
}

async function main() {
  wasm = await init();
  if (params.get("mode") === "seed-standard") {
    window.benchResult = { seeded: await seedStandard() };
    log("done");
    return;
  }
  if (params.get("mode") === "seed-anchors") {
    await seedAnchors(params.get("name"));
    window.benchResult = { seeded: true };
    log("done");
    return;
  }
  if (params.get("mode") === "open-anchor") {
    window.benchResult = { anchor: await openAnchor(params.get("name"), params.get("kind")) };
    log("done");
    return;
  }
  if (params.get("mode") === "open-standard") {
    window.benchResult = { opened: await openStandard(params.get("name"), params.get("first") === "1") };
    log("done");
    return;
  }
  if (params.get("mode") === "seed-contacts") {
    window.benchResult = { seeded: await seedContacts(Number(params.get("clients") ?? 100_000)) };
    log("done");
    return;
  }
  if (params.get("mode") === "open-reads") {
    window.benchResult = { reads: await openReads(params.get("name"), Number(params.get("wait") ?? 0)) };
    log("done");
    return;
  }
  // Issue 25's scale rows (tests/bench/scale.js), a step per page.
  if (params.get("mode") === "scale-write") {
    window.benchResult = { scale: await scaleWrite(records(Number(params.get("clients"))), uniqueName) };
    log("done");
    return;
  }
  if (params.get("mode") === "scale-open-engine") {
    const [name, n, writes] = [params.get("name"), Number(params.get("clients")), Number(params.get("writes") ?? 200)];
    window.benchResult = { scale: await scaleOpenEngine(name, n, writes, wasmMemory) };
    log("done");
    return;
  }
  if (params.get("mode") === "scale-open-dexie") {
    window.benchResult = { scale: await scaleOpenDexie(params.get("name"), Number(params.get("clients"))) };
    log("done");
    return;
  }
  if (params.get("mode") === "scale-compute") {
    window.benchResult = { scale: scaleCompute(Number(params.get("cards")), Number(params.get("touches"))) };
    log("done");
    return;
  }
  if (params.get("mode") === "search") {
    window.benchResult = { search: searchRow(Number(params.get("clients") ?? 100_000), params.get("mini") !== "0") };
    log("done");
    return;
  }
  if (params.get("mode") === "import") {
    window.benchResult = { imported: await importRow(Number(params.get("rows") ?? 100_000), params.get("format") ?? "csv") };
    log("done");
    return;
  }
  // The autopilot's rows (issue 24) each hold the standard dataset: a page of their own.
  if (params.get("mode") === "suggestions") {
    window.benchResult = { suggestions: suggestionsRow() };
    log("done");
    return;
  }
  if (params.get("mode") === "campaign") {
    window.benchResult = { campaign: await campaignRow() };
    log("done");
    return;
  }
  // The fold runs in a page of its own, first, so its memory figure is not mixed with
  // what the other rows leave behind.
  if (params.get("mode") === "fold") {
    window.benchResult = { fold: foldRow() };
    log("done");
    return;
  }
  const rows = records(N);
  log(`records: ${N}, runs per row: ${RUNS}, ${navigator.userAgent}`);
  const engine = await engineRows(rows);
  const perRow = await rawPerRowRows(rows);
  const chunked = await rawChunkedRows(rows);
  const dexie = await dexieRows(rows);
  const singleWrites = [await singleWriteRow(1_000), await singleWriteRow(N)];
  // After the IndexedDB rows, so that their memory figure is not mixed with these.
  const checkTouch = checkTouchRow();
  const funnel = funnelRow();
  const agenda = agendaRow();
  const routing = await routingRow();
  window.benchResult = {
    n: N,
    runs: RUNS,
    userAgent: navigator.userAgent,
    rows: [
      { row: `write ${N} clients`, engine: engine.write.median, rawPerRow: perRow.write.median, rawChunked: chunked.write.median, dexie: dexie.write.median },
      { row: `read ${N} clients (open + list)`, engine: engine.read.median, rawPerRow: perRow.read.median, rawChunked: chunked.read.median, dexie: dexie.read.median },
    ],
    notes: [`read, last run: open (load + decode + fold) ${engine.read.detail.open.toFixed(0)} ms, listClients ${engine.read.detail.list.toFixed(0)} ms`],
    wasmMemoryBytes: engine.memory,
    checkTouch,
    agenda,
    funnel,
    routing,
    singleWrites,
  };
  log("done");
}

main().catch((error) => {
  log(`FAILED: ${error?.stack ?? error}`);
  window.benchResult = { error: String(error?.message ?? error) };
});
