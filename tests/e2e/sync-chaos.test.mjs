// Chaos: three devices (three browser contexts) and a real PouchDB Server behind the fault
// proxy. For each seed, a team database of its own and fresh local databases; the devices
// write at random through the public API (new clients, updates, logged touches, syncNow) while
// going offline and online at random and while the proxy breaks requests at random (5xx,
// dropped connections, requests held past the client's timeout). Then the network heals
// and every device syncs: identical digests and events on all three, every write on the
// hub exactly once and in every device's log exactly once. As many seeds as fit in the
// time budget; the seed count is printed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTeam, connect, syncUntilDone, holdings, assertOnceEach, USERS } from "../support/team.mjs";
import { random } from "../support/fault-proxy.mjs";

const BUDGET_MS = Number(process.env.RIPEN_CHAOS_MS ?? 60_000);
const FIRST_SEED = Number(process.env.RIPEN_CHAOS_SEED ?? 1);
const MIN_SEEDS = 3;

let team;
let devices;

before(async () => {
  team = await startTeam();
  devices = [];
  for (const user of USERS) devices.push({ user: user.name, context: await team.browser.newContext() });
});

after(async () => {
  await team?.stop();
});

/** One seed: the team writes through chaos, then heals and converges. */
async function chaos(seed) {
  const { proxy } = team;
  const next = random(seed * 7919 + 1);
  const database = `chaos-${seed}`;
  await team.prepare(database);
  proxy.calm();
  proxy.delayMs = 1_200;
  const team3 = [];
  for (const d of devices) {
    const page = await d.context.newPage();
    const device = { ...d, page, local: `chaos-${seed}-${d.user}`, errors: [], written: 0, offline: false };
    page.on("pageerror", (error) => device.errors.push(`pageerror: ${error.message}`));
    await page.route("**/favicon.ico", (route) => route.fulfill({ status: 204 }));
    await page.goto(`${team.server.url}sync/`);
    await page.evaluate(async (local) => {
      const { default: init, Crm } = await import("/pkg/ripen_wasm.js");
      await init();
      window.crm = await Crm.open(local, { user: "anna" });
    }, device.local);
    await connect(page, { url: proxy.url, database, user: d.user, timeoutMs: 800 });
    team3.push(device);
  }
  proxy.chaos(seed, { rate: 0.25 });

  // The plan is drawn before anything runs, so a seed replays the same writes.
  const plans = team3.map((device) => {
    const steps = [];
    for (let i = 0; i < 12; i++) {
      const r = next();
      const pause = Math.floor(next() * 120);
      if (r < 0.35) steps.push({ op: "add", name: `${device.user} ${seed}.${i}`, pause });
      else if (r < 0.6) steps.push({ op: "update", pick: next(), phone: `+7 900 ${String(Math.floor(next() * 1e7)).padStart(7, "0")}`, pause });
      else if (r < 0.75) steps.push({ op: "touch", pick: next(), pause });
      else if (r < 0.88) steps.push({ op: "sync", pause });
      else steps.push({ op: "network", pause });
    }
    return steps;
  });
  await Promise.all(
    team3.map(async (device, d) => {
      for (const step of plans[d]) {
        await new Promise((resolve) => setTimeout(resolve, step.pause));
        if (step.op === "network") {
          device.offline = !device.offline;
          await device.context.setOffline(device.offline);
          continue;
        }
        if (step.op === "sync") {
          // Not waited for: it runs on (or gives up) through the faults while writes go on.
          await device.page.evaluate(() => void window.crm.syncNow().catch(() => {}));
          continue;
        }
        const wrote = await device.page.evaluate(async (step) => {
          const crm = window.crm;
          const clients = crm.listClients();
          const target = clients.length ? clients[Math.floor(step.pick * clients.length)] : null;
          if (step.op === "add") await crm.addClient({ name: step.name });
          else if (!target) return 0;
          else if (step.op === "update") await crm.updateClient(target.id, { phones: [step.phone] });
          else await crm.logTouch({ clientId: target.id, channel: "email", direction: "inbound", summary: `chaos ${step.pick}` });
          return 1;
        }, step);
        device.written += wrote;
      }
    }),
  );

  // The network heals: the proxy calms down, everyone is online and syncs until nothing
  // is left to push or pull (twice round, so each device sees the others' last pushes).
  proxy.calm();
  for (const device of team3) if (device.offline) await device.context.setOffline(false);
  for (let pass = 0; pass < 2; pass++) for (const device of team3) await syncUntilDone(device.page);

  const written = team3.reduce((sum, device) => sum + device.written, 0);
  const documents = await team.documents(database);
  assertOnceEach(documents);
  assert.equal(documents.length, written, `seed ${seed}: every write on the hub, once`);
  for (const device of team3) {
    const own = documents.filter((row) => row.id.startsWith(`${device.user}:`)).length;
    assert.equal(own, device.written, `seed ${seed}: ${device.user}'s writes on the hub`);
  }
  const held = await Promise.all(team3.map(holdings));
  for (const h of held) assert.equal(h.records, written, `seed ${seed}: each record once in every log`);
  assert.equal(new Set(held.map((h) => h.digest)).size, 1, `seed ${seed}: ${JSON.stringify(held)}`);
  assert.equal(new Set(held.map((h) => h.events)).size, 1, `seed ${seed}: ${JSON.stringify(held)}`);
  assert.equal(new Set(held.map((h) => h.clients)).size, 1);
  assert.deepEqual(team3.flatMap((device) => device.errors), []);
  for (const device of team3) {
    await device.page.evaluate(() => window.crm.disconnectHub());
    await device.page.close();
  }
  return { written, faults: proxy.counts };
}

test("three devices through random faults and offline spells converge, over many seeds", async () => {
  const started = Date.now();
  let seeds = 0;
  let writes = 0;
  team.proxy.resetCounts();
  for (let seed = FIRST_SEED; seeds < MIN_SEEDS || Date.now() - started < BUDGET_MS; seed++) {
    const { written } = await chaos(seed);
    seeds += 1;
    writes += written;
  }
  const faults = team.proxy.counts;
  console.log(
    `chaos: ${seeds} seeds (${FIRST_SEED}–${FIRST_SEED + seeds - 1}), ${writes} writes, ${faults.requests} requests through the proxy, ` +
      `faults: ${faults[500]}×500 ${faults[503]}×503 ${faults.drop}×dropped ${faults.delay}×held past the timeout, ` +
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});
