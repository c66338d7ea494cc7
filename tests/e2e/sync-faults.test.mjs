// Team sync through a fault proxy in front of a real PouchDB Server: a push refused as too
// large is split until it fits; 5xx answers, dropped connections and requests unanswered
// past the client's timeout are retried with backoff until done; a replayed changes feed
// brings nothing twice; a tab closed mid-push and mid-pull resumes. Every time: each record on the hub exactly once, the devices' logs
// holding exactly the hub's records, equal events and equal digests.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTeam, connect, syncUntilDone, holdings, assertOnceEach } from "../support/team.mjs";

let team;

before(async () => {
  team = await startTeam();
});

after(async () => {
  await team?.stop();
});

const addClients = (page, prefix, n) =>
  page.evaluate(
    async ({ prefix, n }) => {
      for (let i = 0; i < n; i++) await window.crm.addClient({ name: `${prefix} ${i}`, phones: [`+7 900 ${String(i).padStart(7, "0")}`] });
    },
    { prefix, n },
  );

const waitFor = async (what, check, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Both devices hold exactly the hub's records, the same events and the same digest. */
async function assertConverged(database, devices, records) {
  const documents = await team.documents(database);
  assertOnceEach(documents);
  assert.equal(documents.length, records, "every record on the hub");
  const held = await Promise.all(devices.map(holdings));
  for (const h of held) {
    assert.equal(h.records, records, "a device's log holds each record once");
    assert.equal(h.skipped + h.gaps, 0);
  }
  assert.equal(new Set(held.map((h) => h.digest)).size, 1, JSON.stringify(held));
  assert.equal(new Set(held.map((h) => h.events)).size, 1, JSON.stringify(held));
}

test("a push the hub calls too large is split until it fits, nothing lost or doubled", async () => {
  const database = "faults-413";
  await team.prepare(database);
  const { proxy } = team;
  proxy.calm();
  proxy.resetCounts();
  const a = await team.device("f413-a");
  await addClients(a.page, "Разделённый", 60);
  // A record of one client is a few hundred bytes: 3 KB takes only a handful of them.
  proxy.maxBody(3_000);
  await connect(a.page, { url: proxy.url, database, user: "anna" });
  await syncUntilDone(a.page);
  const pushes = proxy.log.filter((r) => r.method === "POST" && r.path.endsWith("_bulk_docs"));
  assert.ok(proxy.counts[413] >= 3, `refused as too large ${proxy.counts[413]} times`);
  assert.ok(pushes.filter((r) => !r.fault).every((r) => r.bytes <= 3_000), "only what fits reached the hub");
  assert.ok(pushes.filter((r) => !r.fault).length >= 10, "the batch was split into many");
  proxy.calm();

  const b = await team.device("f413-b");
  await connect(b.page, { url: proxy.url, database, user: "boris" });
  await syncUntilDone(b.page);
  await assertConverged(database, [a, b], 60);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test("5xx answers, dropped connections and timeouts are retried with backoff until done", async () => {
  const database = "faults-retry";
  await team.prepare(database);
  const { proxy } = team;
  proxy.calm();
  proxy.resetCounts();
  proxy.delayMs = 2_500;
  const a = await team.device("fretry-a");
  await addClients(a.page, "Повтор", 30);
  await connect(a.page, { url: proxy.url, database, user: "anna", timeoutMs: 1_000 });
  // The push: refused by a failing hub, then taken by the hub but its answer cut off,
  // then held past the client's timeout (the hub takes it after the client gave up).
  const push = /^POST .*_bulk_docs/;
  const pull = /^GET .*_changes\?style/;
  for (const fault of ["500", "drop", "delay"]) proxy.inject(fault, { match: push });
  for (const fault of ["503", "drop"]) proxy.inject(fault, { match: pull });
  await syncUntilDone(a.page);
  await waitFor("the delayed push to reach the hub", async () => (await team.documents(database)).length === 30);
  assert.ok(proxy.log.filter((r) => push.test(`${r.method} ${r.path}`)).length >= 4, "the push was tried again");

  // B pulls through the same kinds of faults, and writes of its own.
  const b = await team.device("fretry-b");
  await addClients(b.page, "От Бориса", 5);
  await connect(b.page, { url: proxy.url, database, user: "boris", timeoutMs: 1_000 });
  for (const fault of ["delay", "500"]) proxy.inject(fault, { match: pull });
  for (const fault of ["drop"]) proxy.inject(fault, { match: push });
  await syncUntilDone(b.page);
  await waitFor("B's delayed push", async () => (await team.documents(database)).length === 35);
  await syncUntilDone(a.page);
  const counts = proxy.counts;
  const expected = { 500: 2, 503: 1, drop: 3, delay: 2 };
  for (const [fault, n] of Object.entries(expected)) assert.equal(counts[fault], n, `${fault}: ${JSON.stringify(counts)}`);
  proxy.calm();
  await syncUntilDone(b.page);
  await assertConverged(database, [a, b], 35);
  assert.equal((await a.page.evaluate(() => window.crm.syncStatus())).state, "idle");
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test("a replayed changes feed brings nothing twice: each record once, equal digests", async () => {
  const database = "faults-replay";
  await team.prepare(database);
  const { proxy } = team;
  proxy.calm();
  proxy.resetCounts();
  const a = await team.device("freplay-a");
  const b = await team.device("freplay-b");
  await addClients(a.page, "Повтор ленты", 240);
  await connect(a.page, { url: proxy.url, database, user: "anna" });
  await syncUntilDone(a.page);
  await connect(b.page, { url: proxy.url, database, user: "boris" });
  await syncUntilDone(b.page);
  // More news; B's next pulls are answered from the feed's start (more than a page of
  // it), the first of them mid-way through B's own pull, then again.
  await addClients(a.page, "Новости", 30);
  await syncUntilDone(a.page);
  const pull = /^GET .*_changes\?style/;
  proxy.inject("replay", { match: pull, times: 3 });
  await addClients(b.page, "От Бориса", 3);
  await syncUntilDone(b.page);
  assert.equal(proxy.counts.replay, 3);
  proxy.calm();
  await syncUntilDone(a.page);
  await syncUntilDone(b.page);
  await assertConverged(database, [a, b], 273);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test("a tab closed mid-push and one closed mid-pull resume: each record once, equal digests", async () => {
  const database = "faults-closed";
  await team.prepare(database);
  const { proxy } = team;
  proxy.calm();
  proxy.resetCounts();
  const records = 450;
  const a = await team.device("fclosed-a");
  await addClients(a.page, "Закрытая вкладка", records);

  // Mid-push: small requests (413 splits them), each held a while; the tab closes once
  // the hub holds some of the records but not all.
  proxy.maxBody(20_000);
  proxy.delayMs = 300;
  proxy.inject("delay", { match: /^POST .*_bulk_docs/, times: 1_000 });
  await connect(a.page, { url: proxy.url, database, user: "anna" });
  await waitFor("part of the push", async () => (await team.documents(database)).length >= 40);
  await a.page.close();
  const cut = (await team.documents(database)).length;
  assert.ok(cut < records, `the push was cut off at ${cut}`);
  proxy.calm();
  await team.reopen(a);
  await connect(a.page, { url: proxy.url, database, user: "anna" });
  await syncUntilDone(a.page);
  assertOnceEach(await team.documents(database));
  assert.equal((await team.documents(database)).length, records);

  // Mid-pull: every changes page held a while; the tab closes once a page is stored.
  const b = await team.device("fclosed-b");
  proxy.delayMs = 400;
  proxy.inject("delay", { match: /^GET .*_changes\?style/, times: 1_000 });
  proxy.resetCounts();
  await connect(b.page, { url: proxy.url, database, user: "boris" });
  await waitFor("a first page pulled", async () => (await holdings(b)).records > 0);
  await b.page.close();
  proxy.calm();
  await team.reopen(b);
  const partly = (await holdings(b)).records;
  assert.ok(partly > 0 && partly < records, `the pull was cut off at ${partly}`);
  await connect(b.page, { url: proxy.url, database, user: "boris" });
  await syncUntilDone(b.page);
  await assertConverged(database, [a, b], records);
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});
