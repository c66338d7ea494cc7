// The team hub as `cargo xtask hub` prepares it, against a real PouchDB Server started by
// the same modules: logins, what the validator lets in and turns away, who may read, and
// the changes feed a device pulls from.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startPouchServer } from "../support/hub/server.mjs";
import { prepareHub } from "../support/hub/prepare.mjs";
import { client } from "../support/hub/http.mjs";

const database = "team-hub-test";
const users = [
  { name: "anna", password: "anna-secret" },
  { name: "boris", password: "boris-secret" },
];
const origins = ["http://127.0.0.1:8080"];
const replica = "k3v9q0m2a8x1c";

let hub;
let anonymous;
let admin;

before(async () => {
  hub = await startPouchServer({ heapMb: 512 });
  anonymous = client(hub.url);
  admin = new URL(hub.url);
  admin.username = "admin";
  admin.password = "admin-secret";
  await prepareHub({ url: admin.href, database, users, origins });
});

after(async () => {
  await hub?.stop();
});

/** Logs in through `_session`; a client that sends the session cookie. */
async function login(name, password) {
  const reply = await anonymous("POST", "_session", { name, password });
  assert.equal(reply.status, 200, `${name} logs in`);
  const cookie = reply.headers.get("set-cookie").split(";")[0];
  assert.match(cookie, /^AuthSession=./);
  return client(hub.url, null, { Cookie: cookie });
}

/** A document of the hub's scheme; `_rev` hashes the record as the real one will. */
function doc(author, counter, { part = 0, record = `record ${author} ${counter} ${part}`, ...fields } = {}) {
  const hash = createHash("md5").update(record).digest("hex");
  return { _id: `${author}:${replica}.${counter}:${part}`, _rev: `1-${hash}`, author, format: 2, record, ...fields };
}

/** Pushes as replication does; the per-document errors (none means all were taken). */
async function push(session, docs) {
  const reply = await session("POST", `${database}/_bulk_docs`, { docs, new_edits: false });
  assert.ok([201, 202].includes(reply.status), `_bulk_docs answered ${reply.status}`);
  return reply.json.filter((entry) => entry.error);
}

async function refused(session, document, why) {
  const errors = await push(session, [document]);
  assert.equal(errors.length, 1, `refused: ${why}`);
  assert.equal(errors[0].error, "forbidden", why);
  return errors[0].reason;
}

/** Every change after `since`, `limit` at a time, design documents left out. */
async function pull(session, since = 0, limit = 10) {
  const seen = [];
  for (;;) {
    const reply = await session("GET", `${database}/_changes?style=all_docs&since=${since}&limit=${limit}`);
    assert.equal(reply.status, 200);
    assert.ok(reply.json.results.length <= limit);
    seen.push(...reply.json.results.filter((r) => !r.id.startsWith("_design/")));
    if (reply.json.results.length === 0) return { seen, since };
    since = reply.json.last_seq;
  }
}

test("a member logs in with the right password and not with a wrong one", async () => {
  await login("anna", "anna-secret");
  const wrong = await anonymous("POST", "_session", { name: "anna", password: "nope" });
  assert.equal(wrong.status, 401);
  const unknown = await anonymous("POST", "_session", { name: "nobody", password: "nope" });
  assert.equal(unknown.status, 401);
});

test("immutable documents by their author are taken once; the same batch again changes nothing", async () => {
  const anna = await login("anna", "anna-secret");
  const batch = [doc("anna", 1), doc("anna", 1, { part: 1 }), doc("anna", 3)];
  assert.deepEqual(await push(anna, batch), []);
  const first = await pull(anna);
  assert.deepEqual(first.seen.map((r) => r.id).sort(), batch.map((d) => d._id).sort());

  // A retried push: PouchDB Server hands the validator the stored revision as oldDoc.
  assert.deepEqual(await push(anna, batch), []);
  const again = await pull(anna);
  assert.equal(again.since, first.since, "nothing new in _changes");
  assert.deepEqual(again.seen, first.seen);
  for (const result of again.seen) assert.equal(result.changes.length, 1, "one revision each");
});

test("the validator refuses updates, later generations, deletions, forged authors and malformed ids", async () => {
  const anna = await login("anna", "anna-secret");
  const original = doc("anna", 10);
  assert.deepEqual(await push(anna, [original]), []);

  const sibling = doc("anna", 10, { record: "something else" });
  assert.match(await refused(anna, sibling, "a second revision of an existing id"), /never updated/);
  const generation2 = { ...doc("anna", 10), _rev: `2-${"c".repeat(32)}` };
  generation2._revisions = { start: 2, ids: ["c".repeat(32), original._rev.slice(2)] };
  assert.match(await refused(anna, generation2, "generation 2 over the first"), /revision/);
  // Real CouchDB passes oldDoc = null for a revision it has no ancestor of: the
  // generation alone must refuse it.
  assert.match(await refused(anna, { ...doc("anna", 11), _rev: `2-${"d".repeat(32)}` }, "generation 2, new id"), /revision/);
  assert.match(await refused(anna, doc("anna", 12, { _deleted: true }), "a deletion"), /deleted/);
  assert.match(await refused(anna, { ...original, _deleted: true }, "a deletion of a stored one"), /never|deleted/);
  assert.match(await refused(anna, doc("boris", 13), "another user's document"), /author/);
  assert.match(await refused(anna, { ...doc("boris", 14), author: "anna" }, "another user's id prefix"), /author/);

  const malformed = [
    `anna:${replica}.015:0`, // leading zero: one record, one id
    `anna:${replica}.15:01`,
    `anna:${replica.toUpperCase()}.15:0`,
    `anna:${replica}l.15:0`, // "l" is not in the replica alphabet
    `anna:${replica}.15`,
    `${replica}.15:0`,
    `anna:${replica}.15:0:extra`,
    `anna::${replica}.15:0`,
  ];
  for (const _id of malformed) {
    assert.match(await refused(anna, { ...doc("anna", 15), _id }, `malformed id ${_id}`), /id/);
  }
  assert.match(await refused(anna, doc("anna", 16, { format: "2" }), "a format that is not a number"), /format/);
  assert.match(await refused(anna, doc("anna", 17, { record: "" }), "no record"), /record/);
  assert.match(await refused(anna, doc("anna", 18, { encoding: "zstd" }), "an unknown packing"), /encoding/);
  assert.deepEqual(await push(anna, [doc("anna", 19, { encoding: "deflate" })]), [], "a deflated record is taken");

  const { seen } = await pull(anna);
  const stored = seen.find((r) => r.id === original._id);
  assert.deepEqual(stored.changes, [{ rev: original._rev }], "the first revision stands alone");
  for (const counter of [11, 12, 13, 14, 15, 16, 17, 18]) {
    assert.ok(!seen.some((r) => r.id.endsWith(`.${counter}:0`)), `nothing of ${counter} was stored`);
  }
});

test("a non-member can neither read nor write the team database", async () => {
  const adminClient = client(hub.url, `Basic ${Buffer.from("admin:admin-secret").toString("base64")}`);
  const carol = { _id: "org.couchdb.user:carol", name: "carol", password: "carol-secret", roles: [], type: "user" };
  assert.equal((await adminClient("PUT", "_users/org.couchdb.user%3Acarol", carol)).status, 201);
  const session = await login("carol", "carol-secret");
  // PouchDB Server answers 401 where CouchDB answers 403.
  for (const path of [database, `${database}/_changes`, `${database}/_all_docs`]) {
    assert.ok([401, 403].includes((await session("GET", path)).status), `carol reads ${path}`);
  }
  const write = await session("POST", `${database}/_bulk_docs`, { docs: [doc("carol", 1)], new_edits: false });
  // CouchDB refuses the request; PouchDB Server answers 201 with the document refused.
  const refusedWhole = [401, 403].includes(write.status);
  const refusedEach = write.status === 201 && write.json.every((e) => ["unauthorized", "forbidden"].includes(e.error));
  assert.ok(refusedWhole || refusedEach, `carol writes: ${write.status} ${JSON.stringify(write.json)}`);
  const stored = await adminClient("GET", `${database}/_all_docs?startkey="carol:"&endkey="carol:\ufff0"`);
  assert.deepEqual(stored.json.rows, [], "nothing of carol's was stored");
  assert.ok([401, 403].includes((await anonymous("GET", `${database}/_changes`)).status), "nobody reads");
});

test("a device pages through _changes and gets the bodies with include_docs", async () => {
  const anna = await login("anna", "anna-secret");
  const boris = await login("boris", "boris-secret");
  const { since } = await pull(boris);
  const docs = Array.from({ length: 25 }, (_, i) => doc("anna", 100 + i));
  assert.deepEqual(await push(anna, docs), []);

  const { seen } = await pull(boris, since, 7);
  assert.deepEqual(seen.map((r) => r.id), docs.map((d) => d._id), "each once, in the order pushed");

  const reply = await boris("GET", `${database}/_changes?style=all_docs&include_docs=true&since=${since}&limit=100`);
  const bodies = reply.json.results.map((r) => r.doc);
  assert.equal(bodies.length, docs.length);
  for (const [i, body] of bodies.entries()) {
    const { _id, _rev, author, format, record } = body;
    assert.deepEqual({ _id, _rev, author, format, record }, docs[i]);
  }
});

test("CORS lets the configured origin in with credentials, and no other", async () => {
  const preflight = (origin) =>
    fetch(new URL(`${database}/_changes`, hub.url), {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "content-type" },
    });
  const allowed = await preflight(origins[0]);
  assert.equal(allowed.headers.get("access-control-allow-origin"), origins[0]);
  assert.equal(allowed.headers.get("access-control-allow-credentials"), "true");
  const other = await preflight("http://evil.example");
  assert.equal(other.headers.get("access-control-allow-origin"), null);
});

test("preparing the hub again changes nothing", async () => {
  const adminClient = client(hub.url, `Basic ${Buffer.from("admin:admin-secret").toString("base64")}`);
  const design = async () => (await adminClient("GET", `${database}/_design/ripen`)).json._rev;
  const security = async () => (await adminClient("GET", `${database}/_security`)).json;
  const [rev, members] = [await design(), await security()];
  const lines = [];
  await prepareHub({ url: admin.href, database, users, origins, log: (line) => lines.push(line) });
  assert.deepEqual(lines, [], "nothing to do");
  assert.equal(await design(), rev);
  assert.deepEqual(await security(), members);
});
