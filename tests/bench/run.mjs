// Drives the benchmark page in headless Chromium and prints the table: the engine's
// figures beside raw IndexedDB anchors measured in the same run, with the ratios.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startServer } from "../support/server.mjs";
import { artifacts, launch } from "../support/browser.mjs";
import { syncRows, printSync } from "./sync.mjs";
import { lighthouseRows, printLighthouse } from "./lighthouse.mjs";
import { firstLoadRows, printFirstLoad } from "./firstload.mjs";
import { scaleRows, printScale } from "./scale.mjs";

const n = process.env.RIPEN_BENCH_N ?? "100000";
const runs = process.env.RIPEN_BENCH_RUNS ?? "3";
const fold = process.env.RIPEN_BENCH_FOLD ?? "1000000";
const nativeFold = process.env.RIPEN_NATIVE_FOLD ? JSON.parse(process.env.RIPEN_NATIVE_FOLD) : null;
const nativeCheck = process.env.RIPEN_NATIVE_CHECK ? JSON.parse(process.env.RIPEN_NATIVE_CHECK) : null;
const nativeAgenda = process.env.RIPEN_NATIVE_AGENDA ? JSON.parse(process.env.RIPEN_NATIVE_AGENDA) : null;
const nativeFunnel = process.env.RIPEN_NATIVE_FUNNEL ? JSON.parse(process.env.RIPEN_NATIVE_FUNNEL) : null;
const nativeRouting = process.env.RIPEN_NATIVE_ROUTING ? JSON.parse(process.env.RIPEN_NATIVE_ROUTING) : null;
const nativeSearch = process.env.RIPEN_NATIVE_SEARCH ? JSON.parse(process.env.RIPEN_NATIVE_SEARCH) : null;
const nativeStandard = process.env.RIPEN_NATIVE_STANDARD ? JSON.parse(process.env.RIPEN_NATIVE_STANDARD) : null;
const nativeImport = process.env.RIPEN_NATIVE_IMPORT ? JSON.parse(process.env.RIPEN_NATIVE_IMPORT) : null;
const nativeDuplicates = process.env.RIPEN_NATIVE_DUPLICATES ? JSON.parse(process.env.RIPEN_NATIVE_DUPLICATES) : null;
const nativeSuggestions = process.env.RIPEN_NATIVE_SUGGESTIONS ? JSON.parse(process.env.RIPEN_NATIVE_SUGGESTIONS) : null;
const nativeCampaign = process.env.RIPEN_NATIVE_CAMPAIGN ? JSON.parse(process.env.RIPEN_NATIVE_CAMPAIGN) : null;
// Issue 24's goals for the autopilot, in wasm.
const AUTOPILOT_GOALS = { suggestionsMs: 500, campaignMs: 2000 };
// Issue 25: the standard dataset (100k clients, 1M touches, 400k stage moves) opened cold.
const STANDARD_GOALS = { openMs: 1000, memoryBytes: 150 * 2 ** 20 };
const sizes = process.env.RIPEN_SIZES ? JSON.parse(process.env.RIPEN_SIZES) : null;

// The import's figures when issue 21 began (wave 2 start), in the same browser bench: the
// issue asks for the new ones against them.
const PREVIOUS = { csv: { when: "wave 2 start", previewMs: 1458, importMs: 3139 } };

const server = await startServer([
  "/=www",
  "/bench/=tests/bench",
  // The engine built with its benchmark exports (`cargo xtask bench` passes where): the
  // app itself, which Lighthouse measures, is the shipped package without them.
  `/bench/pkg/=${process.env.RIPEN_BENCH_PKG ?? "target/bench-pkg"}`,
  "/vendor/minisearch/=tests/node_modules/minisearch/dist/es",
  "/vendor/dexie/=tests/node_modules/dexie/dist",
  "/sync/=tests/sync-page",
]);
const browser = await launch(["--enable-precise-memory-info", "--js-flags=--expose-gc"]);
try {
  // The standard dataset is seeded and opened in two pages of one context (one origin's
  // IndexedDB); every other row gets a context of its own.
  const shared = await browser.newContext();
  const measure = async (query, context) => {
    const page = context ? await context.newPage() : await browser.newPage();
    page.on("console", (message) => console.error(`[page] ${message.text()}`));
    page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
    await page.goto(`${server.url}bench/?${query}`);
    await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout: 20 * 60_000, polling: 500 });
    const result = await page.evaluate(() => window.benchResult);
    await page.close();
    if (result.error) throw new Error(`the benchmark page failed: ${result.error}`);
    return result;
  };
  // RIPEN_BENCH_ONLY=standard measures the standard dataset alone (while working on it).
  // RIPEN_BENCH_ONLY=reads measures the read rows of a big base alone.
  // RIPEN_BENCH_ONLY=main measures the main rows, fold and search alone, as xtask's
  // natives of that part.
  const only = process.env.RIPEN_BENCH_ONLY;
  const main = !only || only === "main";
  const result = main ? await measure(`n=${n}&runs=${runs}`) : { rows: [] };
  if (main && Number(fold) > 0) result.fold = (await measure(`mode=fold&fold=${fold}`)).fold;
  if (main) result.search = (await measure(`mode=search&clients=${process.env.RIPEN_BENCH_SEARCH ?? "100000"}`)).search;
  // RIPEN_BENCH_ONLY=autopilot measures the next best touch and the campaign alone.
  if (!only || only === "autopilot") {
    result.suggestions = (await measure("mode=suggestions")).suggestions;
    result.campaign = (await measure("mode=campaign")).campaign;
  }
  if (!only || only === "import") {
    const rows = process.env.RIPEN_BENCH_IMPORT ?? "100000";
    result.importCsv = (await measure(`mode=import&format=csv&runs=${runs}&rows=${rows}`)).imported;
    result.importVcard = (await measure(`mode=import&format=vcard&runs=${runs}&rows=${rows}`)).imported;
  }
  if (!only || only === "reads") {
    // The read rows: a contact book seeded once, then opened in fresh pages — a search at
    // once after the open, and one after the background index build had time.
    const { seeded } = await measure(`mode=seed-contacts&clients=${process.env.RIPEN_BENCH_READS ?? "100000"}`, shared);
    const name = encodeURIComponent(seeded.name);
    result.reads = { ...seeded, runs: [] };
    for (const wait of [0, 5000]) result.reads.runs.push((await measure(`mode=open-reads&wait=${wait}&name=${name}`, shared)).reads);
  }
  if (process.env.RIPEN_BENCH_STANDARD !== "0" && (!only || only === "standard")) {
    const { seeded } = await measure("mode=seed-standard", shared);
    const name = encodeURIComponent(seeded.name);
    const { opened: first } = await measure(`mode=open-standard&first=1&name=${name}`, shared);
    const { opened } = await measure(`mode=open-standard&name=${name}`, shared);
    result.standard = { ...seeded, ...opened, first };
    // The anchors: the same rows kept by raw IndexedDB (a record per row, and JSON chunks)
    // and by Dexie, each loaded whole in a fresh page.
    if (process.env.RIPEN_BENCH_ANCHORS !== "0") {
      await measure(`mode=seed-anchors&name=${name}`, shared);
      result.standard.anchors = {};
      for (const kind of ["raw", "chunked", "dexie"]) {
        result.standard.anchors[kind] = (await measure(`mode=open-anchor&kind=${kind}&name=${name}`, shared)).anchor;
      }
    }
  }
  // RIPEN_BENCH_ONLY=scale: issue 25's rows at 10k and 100k clients (and 1M with
  // RIPEN_BENCH_SCALE=10000,100000,1000000).
  if (!only || only === "scale") {
    const sizes = (process.env.RIPEN_BENCH_SCALE ?? "10000,100000").split(",").map(Number);
    const writes = Number(process.env.RIPEN_BENCH_SCALE_WRITES ?? 200);
    result.scale = await scaleRows({ measure, newContext: () => browser.newContext(), sizes, writes });
  }
  // RIPEN_BENCH_ONLY=sync: team sync through a local PouchDB Server (live propagation,
  // a first sync against the fetch + parse floor).
  if (!only || only === "sync") {
    const sizes = (process.env.RIPEN_BENCH_SYNC_SIZES ?? "100000,1000000,400000").split(",").map(Number);
    result.sync = await syncRows({
      browser,
      server,
      writes: Number(process.env.RIPEN_BENCH_SYNC_WRITES ?? 200),
      pushBase: Number(process.env.RIPEN_BENCH_SYNC_PUSH ?? 100_000),
      sizes,
      anchorEvents: Number(process.env.RIPEN_BENCH_SYNC_ANCHOR ?? 30_000),
    });
  }
  // RIPEN_BENCH_ONLY=firstload: the app's first visit on a slow-4G tablet (DevTools throttling).
  if (!only || only === "firstload") {
    result.firstLoad = await firstLoadRows({ browser, url: server.url, runs: Number(process.env.RIPEN_BENCH_FIRSTLOAD_RUNS ?? 3) });
  }
  // RIPEN_BENCH_ONLY=lighthouse: the app's first visit as Lighthouse mobile scores it.
  if (!only || only === "lighthouse") {
    result.lighthouse = await lighthouseRows({ url: server.url, chromePath: process.env.RIPEN_CHROMIUM, runs: Number(process.env.RIPEN_BENCH_LIGHTHOUSE_RUNS ?? 3) });
  }
  writeFileSync(path.join(artifacts, "bench.json"), JSON.stringify(result, null, 2));

  const ms = (value) => `${value.toFixed(0)} ms`;
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  // The goals the summary holds the build to: a miss fails the bench (after every table).
  const missed = [];
  const goal = (figure, limit, what, unit = ms) => {
    if (figure <= limit) return "✓";
    missed.push(what);
    return `✗ over by ${unit(figure - limit)}`;
  };
  const thousands = (value) => value.toLocaleString("en-US");
  const header = ["", "engine", "raw, record per row", "raw, chunked", "Dexie", "engine / per row", "engine / chunked", "engine / Dexie"];
  const lines = result.rows.map((r) => [
    r.row,
    ms(r.engine),
    ms(r.rawPerRow),
    ms(r.rawChunked),
    ms(r.dexie),
    ratio(r.engine, r.rawPerRow),
    ratio(r.engine, r.rawChunked),
    ratio(r.engine, r.dexie),
  ]);
  const widths = header.map((_, i) => Math.max(header[i].length, ...lines.map((l) => l[i].length)));
  const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  if (result.n) {
    console.log(`\nRipen benchmark: ${result.n} records, median of ${result.runs} runs, ${result.userAgent}`);
    console.log(format(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const line of lines) console.log(format(line));
  }
  for (const note of result.notes ?? []) console.log(note);
  if (result.singleWrites) {
    const ms1 = (value) => `${value.toFixed(1)} ms`;
    console.log(`\none durable single-touch write at a time (${result.singleWrites[0].writes} writes; strict durability everywhere):`);
    console.log(`| clients | engine p50 | engine p99 | raw put p50 | raw put p99 | Dexie put p50 | Dexie put p99 | engine / raw (p99) |`);
    console.log(`|---|---|---|---|---|---|---|---|`);
    for (const w of result.singleWrites) {
      console.log(`| ${w.clients} | ${ms1(w.engine.p50)} | ${ms1(w.engine.p99)} | ${ms1(w.raw.p50)} | ${ms1(w.raw.p99)} | ${ms1(w.dexie.p50)} | ${ms1(w.dexie.p99)} | ${ratio(w.engine.p99, w.raw.p99)} |`);
    }
  }
  if (result.checkTouch) {
    const wasmCheck = result.checkTouch;
    const native = nativeCheck ?? { usPerCheck: NaN };
    console.log(`\ncheckTouch on a company booked solid, ${wasmCheck.touches} touches in a year (mean of ${wasmCheck.checks}; wasm as the page first runs it):`);
    console.log(`| native | wasm | wasm / native |`);
    console.log(`|---|---|---|`);
    console.log(`| ${native.usPerCheck.toFixed(0)} µs | ${wasmCheck.usPerCheck.toFixed(0)} µs | ${ratio(wasmCheck.usPerCheck, native.usPerCheck)} |`);
    if (native.historyUsPerCheck !== undefined) {
      console.log(`native, the same number of touches two a day going back: ${native.historyUsPerCheck.toFixed(1)} µs (wasm: the scale curve)`);
    }
  }
  if (result.agenda) {
    const wasmAgenda = result.agenda;
    const native = nativeAgenda ?? { ms: NaN };
    console.log(`\nagenda of a rep with ${wasmAgenda.cards} cards (${wasmAgenda.items} items):`);
    console.log(`| native | wasm | wasm / native |`);
    console.log(`|---|---|---|`);
    console.log(`| ${native.ms.toFixed(1)} ms | ${wasmAgenda.ms.toFixed(1)} ms | ${ratio(wasmAgenda.ms, native.ms)} |`);
  }
  if (result.funnel) {
    const wasmFunnel = result.funnel;
    const native = nativeFunnel ?? { ms: NaN };
    console.log(`\nfunnel of ${wasmFunnel.cards} cards with ${wasmFunnel.moves} stage moves, by owner (${wasmFunnel.groups} groups):`);
    console.log(`| native | wasm | wasm / native |`);
    console.log(`|---|---|---|`);
    console.log(`| ${ms(native.ms)} | ${ms(wasmFunnel.ms)} | ${ratio(wasmFunnel.ms, native.ms)} |`);
  }
  if (result.routing) {
    const wasmRouting = result.routing;
    const native = nativeRouting ?? { decideMs: NaN, addMs: NaN, addUnroutedMs: NaN };
    console.log(`\nrouting ${wasmRouting.leads} new leads across ${wasmRouting.users} users (rules, skills matrix, taxi queues, caps):`);
    console.log(`| | native | wasm | wasm / native |`);
    console.log(`|---|---|---|---|`);
    console.log(`| routing decisions alone | ${ms(native.decideMs)} | ${ms(wasmRouting.decideMs)} | ${ratio(wasmRouting.decideMs, native.decideMs)} |`);
    console.log(`| addClients, routed (native: memory store; wasm: IndexedDB, until durable) | ${ms(native.addMs)} | ${ms(wasmRouting.addMs)} | ${ratio(wasmRouting.addMs, native.addMs)} |`);
    console.log(`| addClients, owners given (anchor) | ${ms(native.addUnroutedMs)} | ${ms(wasmRouting.addUnroutedMs)} | ${ratio(wasmRouting.addUnroutedMs, native.addUnroutedMs)} |`);
    console.log(`| routed / owners given | ${ratio(native.addMs, native.addUnroutedMs)} | ${ratio(wasmRouting.addMs, wasmRouting.addUnroutedMs)} | |`);
  }
  for (const i of [result.importCsv, result.importVcard].filter(Boolean)) {
    const what = i.format === "vcard" ? `${i.rows}-card vCard 3.0 file (${(i.bytes / 2 ** 20).toFixed(1)} MiB, as phones and Outlook export it` : `${i.rows}-row CSV (${(i.bytes / 2 ** 20).toFixed(1)} MiB, Windows Excel style`;
    const before = PREVIOUS[i.format];
    const then = (value) => (before ? `${thousands(value)} ms` : "—");
    const change = (now, value) => (before ? ratio(now, value) : "—");
    console.log(`\nimport of a ${what}; ${i.added} clients with the companies):`);
    console.log(`| | wasm | / addClients anchor | previous (${before?.when ?? "none"}) | now / previous |`);
    console.log(`|---|---|---|---|---|`);
    console.log(`| previewImport (decode, parse, map, duplicates) | ${ms(i.previewMs)} | ${ratio(i.previewMs, i.addClientsMs)} | ${then(before?.previewMs)} | ${change(i.previewMs, before?.previewMs)} |`);
    console.log(`| importFile until durable (read again, plan, commit) | ${ms(i.importMs)} | ${ratio(i.importMs, i.addClientsMs)} | ${then(before?.importMs)} | ${change(i.importMs, before?.importMs)} |`);
    console.log(`| anchor: addClients of the same people, already parsed | ${ms(i.addClientsMs)} | 1.00× | | |`);
    if (before) console.log(`previous (${before.when}): preview ${thousands(before.previewMs)} ms, commit ${thousands(before.importMs)} ms`);
    console.log(`wasm memory after the import: ${(i.memory / 2 ** 20).toFixed(0)} MiB`);
    for (const n of (nativeImport ?? []).filter((n) => n.format === i.format)) {
      console.log(`native, into a base of ${n.base} clients (memory store): read ${ms(n.readMs)}, preview ${ms(n.previewMs)}, plan ${ms(n.planMs)}, commit ${ms(n.commitMs)} (${n.events} events)`);
    }
  }
  if (result.search) {
    const { ripen, mini, clients, keystrokes } = result.search;
    const native = nativeSearch ?? { p50Ms: NaN, p99Ms: NaN, buildMs: NaN, indexBytes: NaN, found: NaN };
    const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    console.log(`\nsearch as you type: ${clients} clients with 2 aliases each, ${keystrokes} keystrokes of 100 names (Cyrillic, GOST romanisation, a typo), 20 results:`);
    console.log(`| | Ripen native | Ripen wasm | MiniSearch (JS) | wasm / MiniSearch |`);
    console.log(`|---|---|---|---|---|`);
    console.log(`| p50 per keystroke | ${native.p50Ms.toFixed(2)} ms | ${ripen.p50.toFixed(2)} ms | ${mini.p50.toFixed(2)} ms | ${ratio(ripen.p50, mini.p50)} |`);
    console.log(`| p99 per keystroke | ${native.p99Ms.toFixed(2)} ms | ${ripen.p99.toFixed(2)} ms | ${mini.p99.toFixed(2)} ms | ${ratio(ripen.p99, mini.p99)} |`);
    console.log(`| slowest keystroke | | ${ripen.max.toFixed(2)} ms | ${mini.max.toFixed(2)} ms | |`);
    console.log(`| build the index | ${ms(native.buildMs)} | ${ms(ripen.buildMs)} | ${ms(mini.buildMs)} | ${ratio(ripen.buildMs, mini.buildMs)} |`);
    console.log(`| index memory | ${mib(native.indexBytes)} (estimate) | ${mib(ripen.indexBytes)} (estimate), linear memory +${mib(ripen.wasmGrowth)} | ${mib(mini.heapBytes)} (JS heap growth) | ${ratio(ripen.wasmGrowth, mini.heapBytes)} |`);
    console.log(`| typed name's client (or a namesake) first | ${native.found}/100 | ${ripen.found}/100 | ${mini.found}/100 | |`);
  }
  if (result.standard) {
    const s = result.standard;
    const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    console.log(`\nstandard dataset: ${s.clients} clients, ${s.touches} touches, ${s.moves} stage moves (${s.events} events):`);
    console.log(`| | figure | target |`);
    console.log(`|---|---|---|`);
    console.log(`| cold open until queries can run (checkpoint + ${s.eventsAfterCheckpoint} events after it) | ${ms(s.openMs)} | ≤ 1000 ms ${goal(s.openMs, STANDARD_GOALS.openMs, "cold open of the standard dataset")} |`);
    console.log(`| wasm memory after opening | ${mib(s.memoryBytes)} | ≤ 150 MiB ${goal(s.memoryBytes, STANDARD_GOALS.memoryBytes, "memory after the standard dataset's open", mib)} |`);
    console.log(`| of which the engine's heap after the open / at its peak (bytes allocated; ${mib(s.heapBeforeBytes)} before) | ${mib(s.heapBytes)} / ${mib(s.heapPeakBytes)} | |`);
    console.log(`| first query (listClients of all ${s.listed}, one JSON string) | ${ms(s.firstQueryMs)}, wasm memory then ${mib(s.afterQueryBytes)} | |`);
    console.log(`| first search before any task ran (answers from the index built so far${s.firstComplete ? ", which was whole" : ""}) | ${ms(s.firstSearchMs)} | ≤ ~50 ms |`);
    console.log(`| then a search that waits for the whole index (\`wait: true\`) | ${ms(s.waitedSearchMs)} | |`);
    console.log(`| first open of a log never checkpointed (whole log, page by page) | ${ms(s.first.openMs)} | |`);
    console.log(`| wasm memory after that open | ${mib(s.first.memoryBytes)} | |`);
    console.log(`| writing its checkpoint in the background | ${ms(s.first.checkpointMs)}, longest main-thread block ${ms(s.first.checkpointLongestBlockMs)} | one frame at a time |`);
    const w = (t) => `p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms, slowest ${t.max.toFixed(1)} ms (${t.count} writes)`;
    console.log(`| durable writes while that checkpoint is written | ${w(s.first.writesDuringCheckpoint)} | p99 ≤ 25 ms |`);
    console.log(`| durable writes on the open base, alone (anchor) | ${w(s.writesAlone)} | |`);
    console.log(`| exportBackup of the whole base (${(s.backupBytes / 2 ** 20).toFixed(0)} MiB) | ${ms(s.backupMs)} | |`);
    console.log(`| durable writes while that backup is exported | ${w(s.writesDuringBackup)} | p99 ≤ 25 ms |`);
    console.log(`| checksums checked at open: ${(s.checksums.bytes / 2 ** 20).toFixed(0)} MiB hashed | ${ms(s.checksums.ms)}, ${(100 * s.checksums.ms / s.openMs).toFixed(1)} % of the open | ≤ 5 % |`);
    console.log(`| seeding the log (not a target) | ${ms(s.seedMs)} | |`);
    if (nativeStandard) {
      const n = nativeStandard;
      console.log(`| native, from the same records (${(n.recordBytes / 2 ** 20).toFixed(0)} MiB of JSON): decode + fold | ${ms(n.decodeMs)} + ${ms(n.foldMs)} | |`);
      console.log(`| native: its checkpoint (${(n.checkpointBytes / 2 ** 20).toFixed(0)} MiB) written / read back | ${ms(n.checkpointWriteMs)} (longest slice ${n.longestSliceMs.toFixed(1)} ms) / ${ms(n.checkpointReadMs)} | |`);
    }
    const a = s.anchors;
    if (a) {
      console.log(`\nthe same dataset as 1,500,000 plain rows, loaded whole in a fresh page (anchors, same run):`);
      console.log(`| | engine | raw, record per row | raw, chunked | Dexie | engine / per row | engine / chunked | engine / Dexie |`);
      console.log(`|---|---|---|---|---|---|---|---|`);
      console.log(`| cold open | ${ms(s.openMs)} | ${ms(a.raw.openMs)} | ${ms(a.chunked.openMs)} | ${ms(a.dexie.openMs)} | ${ratio(s.openMs, a.raw.openMs)} | ${ratio(s.openMs, a.chunked.openMs)} | ${ratio(s.openMs, a.dexie.openMs)} |`);
      console.log(`| memory (engine: wasm linear memory; anchors: JS heap growth) | ${mib(s.memoryBytes)} | ${mib(a.raw.heapBytes)} | ${mib(a.chunked.heapBytes)} | ${mib(a.dexie.heapBytes)} | ${ratio(s.memoryBytes, a.raw.heapBytes)} | ${ratio(s.memoryBytes, a.chunked.heapBytes)} | ${ratio(s.memoryBytes, a.dexie.heapBytes)} |`);
    }
  }
  if (result.reads) {
    const r = result.reads;
    const [now, later] = r.runs;
    const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    const native = nativeDuplicates ?? { ms: NaN };
    console.log(`\nreads of a big base: ${r.clients} clients with two aliases, a phone and an e-mail each (${now.total} listed, ${now.pairs} duplicate pairs shown):`);
    console.log(`| | at once after open | ${later.wait} ms after open |`);
    console.log(`|---|---|---|`);
    console.log(`| open (no checkpoint: the whole log folded) | ${ms(now.openMs)} | ${ms(later.openMs)} |`);
    console.log(`| first search (at once: from the index built so far; ${now.firstComplete ? "whole" : "partial"} / ${later.firstComplete ? "whole" : "partial"}) | ${ms(now.firstSearchMs)} | ${later.firstSearchMs.toFixed(1)} ms |`);
    console.log(`| searching every 250 ms until the answer is whole: slowest search, whole after (from the open) | ${ms(now.slowestSearchMs)}, ${ms(now.completeAfterMs)} (${now.wholeHits} hits) | ${ms(later.slowestSearchMs)}, ${ms(later.completeAfterMs)} |`);
    console.log(`| second search | ${now.secondSearchMs.toFixed(1)} ms | ${later.secondSearchMs.toFixed(1)} ms |`);
    console.log(`| longest main-thread block while waiting (the background build's slices) | | ${later.longestBlockMs.toFixed(1)} ms |`);
    console.log(`| duplicates() (native ${native.ms.toFixed(0)} ms), then again | ${ms(now.duplicatesMs)}, ${ms(now.duplicatesAgainMs)} | ${ms(later.duplicatesMs)}, ${ms(later.duplicatesAgainMs)} |`);
    console.log(`| clients({ limit: 50 }): the first page, newest first | ${now.pageMs.toFixed(1)} ms | ${later.pageMs.toFixed(1)} ms |`);
    console.log(`| the first page by name | ${now.nameSortMs.toFixed(1)} ms | ${later.nameSortMs.toFixed(1)} ms |`);
    console.log(`| the next page | ${now.nextPageMs.toFixed(1)} ms | ${later.nextPageMs.toFixed(1)} ms |`);
    console.log(`| anchor: listClients() of all ${now.listed} | ${ms(now.listMs)}, wasm memory +${mib(now.listGrowthBytes)} | ${ms(later.listMs)} |`);
  }
  if (result.fold) {
    const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    const wasmFold = result.fold;
    const native = nativeFold ?? { ms: NaN, bytes: NaN };
    console.log(`\nApply ${wasmFold.events} events (synthetic mix; fold into the in-memory state):`);
    console.log(`| | native | wasm | wasm / native |`);
    console.log(`|---|---|---|---|`);
    console.log(`| time | ${ms(native.ms)} | ${ms(wasmFold.ms)} | ${ratio(wasmFold.ms, native.ms)} |`);
    console.log(`| memory of the resulting state | ${mib(native.bytes)} (RSS growth) | ${mib(wasmFold.bytes)} (linear memory growth) | ${ratio(wasmFold.bytes, native.bytes)} |`);
  }
  if (result.sync) printSync(result.sync);
  if (result.lighthouse) printLighthouse(result.lighthouse);
  if (result.suggestions) {
    const wasm = result.suggestions;
    const native = nativeSuggestions ?? { ms: NaN, allMs: NaN };
    console.log(`\nthe next best touch of every client of the standard dataset (${wasm.clients} clients, ${wasm.suggestions} suggestions, each the best of 3 runs; issue 24):`);
    console.log("| | native | wasm | wasm / native | goal (wasm) | |");
    console.log("|---|---|---|---|---|---|");
    console.log(`| Today: the first 50 of all clients (every client's hooks and rank, times as far as the 50 need) | ${ms(native.ms)} | ${ms(wasm.ms)} | ${ratio(wasm.ms, native.ms)} | ${ms(AUTOPILOT_GOALS.suggestionsMs)} | ${goal(wasm.ms, AUTOPILOT_GOALS.suggestionsMs, "suggestions for 100k clients")} |`);
    console.log(`| every client's suggestion, its time included, worded | ${ms(native.allMs)} | ${ms(wasm.allMs)} | ${ratio(wasm.allMs, native.allMs)} | ${ms(AUTOPILOT_GOALS.suggestionsMs)} | ${goal(wasm.allMs, AUTOPILOT_GOALS.suggestionsMs, "every suggestion for 100k clients")} |`);
  }
  if (result.campaign) {
    const wasm = result.campaign;
    const native = nativeCampaign ?? { previewMs: NaN, commitMs: NaN };
    console.log(`\na marketing campaign over the standard dataset (${wasm.clients} clients: ${wasm.planned} planned, ${wasm.skipped} skipped; the engine on a memory store; issue 24):`);
    console.log("| | native | wasm | wasm / native | goal (wasm) | |");
    console.log("|---|---|---|---|---|---|");
    console.log(`| preview | ${ms(native.previewMs)} | ${ms(wasm.previewMs)} | ${ratio(wasm.previewMs, native.previewMs)} | ${ms(AUTOPILOT_GOALS.campaignMs)} | ${goal(wasm.previewMs, AUTOPILOT_GOALS.campaignMs, "campaign preview over 100k clients")} |`);
    console.log(`| commit (what the preview showed) | ${ms(native.commitMs)} | ${ms(wasm.commitMs)} | ${ratio(wasm.commitMs, native.commitMs)} | ${ms(AUTOPILOT_GOALS.campaignMs)} | ${goal(wasm.commitMs, AUTOPILOT_GOALS.campaignMs, "campaign commit over 100k clients")} |`);
    if (nativeCampaign?.capPlanned !== undefined) printCapsComparison(nativeCampaign);
  }
  if (result.scale) missed.push(...printScale(result.scale, result.standard));
  if (result.firstLoad && !printFirstLoad(result.firstLoad)) missed.push("first visit on slow 4G");
  if (sizes) {
    console.log("\n### Size of what a browser downloads (`cargo xtask size`)");
    console.log("| file | raw | gzip -9 | brotli |");
    console.log("|---|---|---|---|");
    for (const f of sizes.files) console.log(`| ${f.file} | ${thousands(f.raw)} | ${thousands(f.gzip)} | ${thousands(f.brotli)} |`);
    console.log("| budget (gzip) | figure | limit | |");
    for (const b of sizes.budgets) {
      const met = b.gzip <= b.limit;
      console.log(`| ${b.what} | ${thousands(b.gzip)} | ${thousands(b.limit)} | ${met ? "✓" : `✗ over by ${thousands(b.gzip - b.limit)}`} |`);
      if (!met) missed.push(b.what);
    }
  }
  if (missed.length) {
    console.log(`\nGoals missed: ${missed.join("; ")}.`);
    process.exitCode = 1;
  }
  if (result.n) console.log(`wasm memory after opening ${result.n} clients: ${(result.wasmMemoryBytes / 2 ** 20).toFixed(1)} MiB`);
} finally {
  await browser.close();
  await server.stop();
}

/** One budget against a marketing tool's per-message caps (`examples/campaign.rs`). */
function printCapsComparison(c) {
  const ms = (value) => `${value.toFixed(0)} ms`;
  const thousands = (value) => value.toLocaleString("en-US");
  const share = (n) => `${((100 * n) / Math.max(c.capPlanned, 1)).toFixed(1)} %`;
  console.log(`\none budget against a marketing tool's per-message frequency caps (the same limits counting only marketing sends, no calls or meetings), with the sales team at work: ${thousands(c.salesTouches)} calls made yesterday and meetings planned in the window (native):`);
  console.log("| | sends planned | refused by the one budget | over budget | planned in |");
  console.log("|---|---|---|---|---|");
  console.log(`| per-message caps | ${thousands(c.capPlanned)} | ${thousands(c.capBreaches)} (${share(c.capBreaches)}) | — | ${ms(c.capPreviewMs)} |`);
  console.log(`| one budget | ${thousands(c.oneBudgetPlanned)} | 0 | ${thousands(c.oneBudgetOverBudget)} | ${ms(c.oneBudgetMs)} |`);
  for (const [rule, count] of Object.entries(c.capBreachesByRule)) console.log(`  the caps' sends that break "${rule}": ${thousands(count)}`);
}
