// Issue 25's scale rows, run in the benchmark page one size at a time, each step in a page
// of its own (a fresh page's wasm memory is the open's alone): writing n clients beside
// Dexie, opening them with the first page of the list beside Dexie's open + toArray, one
// durable write at a time right after the open, and the funnel and checkTouch at sizes.
import { Crm, benchCheckTouchUs, benchFunnelMs } from "./pkg/ripen_wasm.js";
import Dexie from "../vendor/dexie/dexie.mjs";

const openDexie = (name) => {
  const db = new Dexie(name, { chromeTransactionDurability: "strict" });
  db.version(1).stores({ rows: "id" });
  return db;
};

/** Writes `rows` through the engine (open, addClients until durable) and through Dexie
 * (bulkPut, strict durability) into databases kept for the open rows. */
export async function scaleWrite(rows, uniqueName) {
  const n = rows.length;
  const engineName = uniqueName(`scale-engine-${n}`);
  let started = performance.now();
  const crm = await Crm.open(engineName, { user: "bench" });
  // addClients takes at most 100,000 a call: a million goes in ten.
  let added = 0;
  for (let from = 0; from < n; from += 100_000) added += (await crm.addClients(rows.slice(from, from + 100_000))).length;
  const engineMs = performance.now() - started;
  if (added !== n) throw new Error(`added ${added} of ${n}`);
  // A base in use has its checkpoint: the engine writes one in the background after a
  // burst of writes; the open rows start from it, as a rep's next morning does.
  const waitedSince = performance.now();
  for (;;) {
    const { checkpoint } = await crm.storageInfo();
    if (checkpoint.covers > 0 && !checkpoint.writing) break;
    if (performance.now() - waitedSince > 600_000) throw new Error("no checkpoint within 10 minutes");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await crm.close();
  const objects = rows.map((row, i) => ({ id: `c${i}`, ...row, createdAt: new Date().toISOString(), createdBy: "bench" }));
  const dexieName = uniqueName(`scale-dexie-${n}`);
  const db = openDexie(dexieName);
  started = performance.now();
  await db.rows.bulkPut(objects);
  const dexieMs = performance.now() - started;
  db.close();
  return { n, engineMs, dexieMs, engineName, dexieName };
}

/** Opens the engine's base and reads the first page of the client list (what a rep sees
 * first); then logs `writes` touches one at a time, each awaited until durable, at once
 * (the background work of a fresh open, such as the search index, runs meanwhile). */
export async function scaleOpenEngine(name, n, writes, wasmMemory) {
  const started = performance.now();
  const crm = await Crm.open(name, { user: "bench" });
  const page = crm.clients({ limit: 50 });
  const openMs = performance.now() - started;
  if (page.total !== n || page.items.length !== 50) throw new Error(`listed ${page.items.length} of ${page.total}`);
  const memoryBytes = wasmMemory();
  const timeWrites = async (label) => {
    const times = [];
    for (let i = 0; i < writes; i++) {
      const t = performance.now();
      await crm.logTouch({ clientId: page.items[i % 50].id, channel: "email", direction: "inbound", summary: `${label} ${i}` });
      times.push(performance.now() - t);
    }
    return times;
  };
  const atOnce = await timeWrites("письмо");
  // The same once the open's background work is done: the search index whole, a second
  // for anything else.
  crm.search("Клиент", { limit: 1, wait: true });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const settled = await timeWrites("звонок");
  await crm.close();
  await Crm.deleteDatabase(name);
  return { openMs, memoryBytes, writes: atOnce, settledWrites: settled };
}

/** Dexie's open + toArray of the same rows: the anchor of the engine's open. */
export async function scaleOpenDexie(name, n) {
  const started = performance.now();
  const db = openDexie(name);
  const all = await db.rows.toArray();
  const openMs = performance.now() - started;
  if (all.length !== n) throw new Error(`read ${all.length} of ${n}`);
  db.close();
  await Dexie.delete(name);
  return { openMs };
}

/** The funnel of `cards` cards with four moves each, by owner, and checkTouch on a
 * company with `touches` touches, at an everyday density and booked solid: timed in
 * wasm, apart from building their states. */
export function scaleCompute(cards, touches) {
  const [checkFirstMs, checkColdUs, checkUs, checkBookedUs] = benchCheckTouchUs(touches, 2_000);
  return { cards, funnelMs: benchFunnelMs(cards, cards * 4, 5), touches, checkUs, checkBookedUs, checkColdUs, checkFirstMs };
}
