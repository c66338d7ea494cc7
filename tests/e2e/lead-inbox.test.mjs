// The website leads' way in, without a browser: sealing (www/lead-seal.js) opened by an
// independent opener with the team's private key; the inbox database's validator; and the
// inbox front (nginx, inbox-front.conf) that is the public's only door to it — a visitor
// drops a sealed lead and can neither list nor read one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startPouchServer } from "../support/hub/server.mjs";
import { prepareHub } from "../support/hub/prepare.mjs";
import { basicAuth, client } from "../support/hub/http.mjs";
import { startInboxFront } from "../support/hub/inbox-front.mjs";
import { makeTeamKeys, openLead } from "../support/hub/lead-keys.mjs";
import { CT_MAX_CHARS } from "../support/hub/inbox.mjs";
import { importTeamKey, newLeadId, sealLead } from "../../www/lead-seal.js";

const database = "leads-team";
const users = [{ name: "anna", password: "anna-secret" }];
const drop = { name: "lead-drop", password: "drop-secret" };
const site = "http://127.0.0.1:8090";
const origins = ["http://127.0.0.1:8080", site];

let hub;
let front;
let inbox;
let adminUrl;
let keys;
let teamKey;
let asDrop;
let asAnna;
let asAdmin;

before(async () => {
  hub = await startPouchServer({ heapMb: 512 });
  const admin = new URL(hub.url);
  admin.username = "admin";
  admin.password = "admin-secret";
  adminUrl = admin.href;
  ({ inbox } = await prepareHub({ url: adminUrl, database, users, origins, inbox: { drop } }));
  front = await startInboxFront({ hub: hub.url, inbox, drop, origins: [site], rate: "50r/s", burst: 50 });
  keys = await makeTeamKeys();
  teamKey = await importTeamKey(JSON.stringify(keys.publicJwk));
  asDrop = client(hub.url, basicAuth(drop.name, drop.password));
  asAnna = client(hub.url, basicAuth("anna", "anna-secret"));
  asAdmin = client(hub.url, basicAuth("admin", "admin-secret"));
});

after(async () => {
  await front?.stop();
  await hub?.stop();
});

const lead = (more = {}) => ({
  v: 1,
  name: "Анна Петрова",
  phone: "+7 912 345-67-89",
  email: "anna@example.ru",
  question: "Сколько стоит окно 120×140?",
  consent: { contact: true, marketing: false, text: "Согласна", at: new Date().toISOString() },
  page: "https://okna.example/",
  lang: "ru",
  submittedAt: new Date().toISOString(),
  fillMs: 12000,
  ...more,
});

/** A PUT through the front, as the visitor's browser sends it. */
function drop_(doc, { origin = site, id = doc._id, query = "", headers = {}, body = JSON.stringify(doc), method = "PUT" } = {}) {
  return fetch(`${front.inboxUrl}/${id}${query}`, {
    method,
    headers: { "Content-Type": "application/json", ...(origin ? { Origin: origin } : {}), ...headers },
    body: method === "GET" || method === "HEAD" ? undefined : body,
  });
}

test("a sealed lead opens with the team's private key to exactly what was sealed", async () => {
  const plain = lead({ question: "<img src=x onerror=alert(1)> «ёлка» 🌲\nвторая строка" });
  const doc = await sealLead(plain, teamKey);
  assert.match(doc._id, /^lead:[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.deepEqual(Object.keys(doc).sort(), ["_id", "ct", "epk", "iv", "salt", "type", "v"]);
  assert.deepEqual(Object.keys(doc.epk).sort(), ["crv", "kty", "x", "y"]);
  assert.deepEqual(await openLead(doc, keys.privateJwk), plain);
  // Nothing of the plaintext shows in the document.
  assert.ok(!JSON.stringify(doc).includes("Анна") && !JSON.stringify(doc).includes("example"));
});

test("a lead changed anywhere, or opened with another team's key, does not open", async () => {
  const doc = await sealLead(lead(), teamKey);
  const flip = (b64) => {
    const bytes = Buffer.from(b64, "base64url");
    bytes[bytes.length - 1] ^= 1;
    return bytes.toString("base64url");
  };
  const other = await makeTeamKeys();
  const changed = {
    "the id": { ...doc, _id: newLeadId() },
    "the ciphertext": { ...doc, ct: flip(doc.ct) },
    "the salt": { ...doc, salt: flip(doc.salt) },
    "the iv": { ...doc, iv: flip(doc.iv) },
    "the ephemeral key": { ...doc, epk: (await sealLead(lead(), teamKey)).epk },
  };
  for (const [what, tampered] of Object.entries(changed)) {
    await assert.rejects(openLead(tampered, keys.privateJwk), /OperationError|decrypt/i, what);
  }
  await assert.rejects(openLead(doc, other.privateJwk), /OperationError|decrypt/i, "another team's key");
});

test("the team key is checked: a private key or another curve is refused", async () => {
  await assert.rejects(importTeamKey(JSON.stringify(keys.privateJwk)), TypeError);
  await assert.rejects(importTeamKey('{"kty":"RSA","n":"x","e":"AQAB"}'), TypeError);
  await assert.rejects(importTeamKey("not json"));
});

test("the front takes a sealed lead from a listed site and the team reads it on the hub", async () => {
  const plain = lead();
  const doc = await sealLead(plain, teamKey);
  const reply = await drop_(doc);
  assert.equal(reply.status, 201, await reply.clone().text());
  assert.equal(reply.headers.get("access-control-allow-origin"), site);
  for (const header of ["location", "x-powered-by", "set-cookie", "access-control-allow-credentials"]) {
    assert.equal(reply.headers.get(header), null, header);
  }
  const stored = await asAnna("GET", `${inbox}/${doc._id}`);
  assert.equal(stored.status, 200);
  assert.deepEqual(await openLead(stored.json, keys.privateJwk), plain);
  // The same lead again (an outbox's retry) lands as "already delivered", one revision.
  const again = await drop_(doc);
  assert.ok(again.status === 409 || (again.status === 403 && (await again.json()).reason === "already delivered"), `retry: ${again.status}`);
  const revs = await asAnna("GET", `${inbox}/${doc._id}?revs_info=true`);
  assert.equal(revs.json._revs_info.length, 1);
});

test("the CORS preflight is answered for a listed site only", async () => {
  const doc = await sealLead(lead(), teamKey);
  const preflight = (origin) =>
    drop_(doc, { method: "OPTIONS", origin, headers: { "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" } });
  const ok = await preflight(site);
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get("access-control-allow-origin"), site);
  assert.equal(ok.headers.get("access-control-allow-methods"), "PUT");
  assert.equal(ok.headers.get("access-control-allow-credentials"), null);
  const other = await preflight("https://evil.example");
  assert.equal(other.status, 403);
  assert.equal(other.headers.get("access-control-allow-origin"), null);
});

test("through the front a visitor can neither list, read nor follow the inbox, nor reach anything else", async () => {
  const doc = await sealLead(lead(), teamKey);
  assert.equal((await drop_(doc)).status, 201);
  const get = (path) => fetch(`${front.url}${path}`, { headers: { Origin: site } });
  const refused = {
    [`${inbox}/_all_docs`]: 404,
    [`${inbox}/_all_docs?include_docs=true`]: 404,
    [`${inbox}/_changes?include_docs=true`]: 404,
    [`${inbox}/_find`]: 404,
    [`${inbox}`]: 404,
    [`${inbox}/${doc._id}`]: 405,
    [`${inbox}/${doc._id}?revs_info=true`]: 405,
    [`${database}/_all_docs`]: 404,
    "_users/_all_docs": 404,
    "_all_dbs": 404,
    "_session": 404,
    "": 404,
  };
  for (const [path, status] of Object.entries(refused)) {
    const reply = await get(path);
    assert.equal(reply.status, status, `GET /${path}`);
    assert.ok(!(await reply.text()).includes(doc.ct), `GET /${path} shows no lead`);
  }
  for (const method of ["POST", "DELETE", "PATCH", "COPY"]) {
    assert.equal((await drop_(doc, { method })).status, 405, method);
  }
  // Other ways to a write: a POST to the database, a bulk write, a query string.
  const post = await fetch(`${front.url}${inbox}`, { method: "POST", headers: { Origin: site, "Content-Type": "application/json" }, body: JSON.stringify(doc) });
  assert.equal(post.status, 404);
  const bulk = await fetch(`${front.url}${inbox}/_bulk_docs`, { method: "POST", headers: { Origin: site, "Content-Type": "application/json" }, body: "{}" });
  assert.equal(bulk.status, 404);
  const other = await sealLead(lead(), teamKey);
  assert.equal((await drop_(other, { query: "?new_edits=false" })).status, 400);
  assert.equal((await drop_(other, { id: `${other._id}/attachment` })).status, 404);
  assert.equal((await drop_(other, { id: other._id.toLowerCase() })).status, 404);
  // Straight to the hub without credentials: 401.
  for (const path of [`${inbox}/_all_docs`, `${inbox}/${doc._id}`, `${inbox}/_changes`]) {
    assert.equal((await fetch(`${hub.url}${path}`, { headers: { Accept: "application/json" } })).status, 401, `hub ${path}`);
  }
});

test("the front refuses other origins, oversized bodies, and sends the drop user whatever the visitor claims", async () => {
  const doc = await sealLead(lead(), teamKey);
  assert.equal((await drop_(doc, { origin: "https://evil.example" })).status, 403);
  assert.equal((await drop_(doc, { origin: null })).status, 403);
  const big = { ...doc, ct: "A".repeat(21_000) };
  assert.equal((await drop_(big)).status, 413);
  // The visitor's own Authorization (an admin's!) and cookies do not reach the hub.
  const wrongShape = { ...doc, extra: "x" };
  const claimed = await drop_(wrongShape, { headers: { Authorization: basicAuth("admin", "admin-secret"), Cookie: "AuthSession=x" } });
  assert.equal(claimed.status, 403);
  assert.equal((await claimed.json()).reason, "a lead has no field extra");
  // If-Match would turn a PUT into an update: it does not reach the hub either.
  const first = await sealLead(lead(), teamKey);
  assert.equal((await drop_(first)).status, 201);
  const rev = (await asAnna("GET", `${inbox}/${first._id}`)).json._rev;
  const replaced = await sealLead(lead({ name: "Mallory" }), teamKey, first._id);
  const update = await drop_(replaced, { headers: { "If-Match": rev } });
  assert.notEqual(update.status, 201);
  assert.deepEqual((await openLead((await asAnna("GET", `${inbox}/${first._id}`)).json, keys.privateJwk)).name, "Анна Петрова");
});

test("the validator lets the drop create sealed leads of the one shape and nothing else", async () => {
  const good = await sealLead(lead(), teamKey);
  const put = (doc) => asDrop("PUT", `${inbox}/${encodeURIComponent(doc._id)}`, doc);
  const forged = {
    "an extra key": { ...good, note: "hi" },
    "a missing key": (({ salt, ...rest }) => rest)(good),
    "another type": { ...good, type: "client" },
    "another version": { ...good, v: 2 },
    "v as text": { ...good, v: "1" },
    "a private key in epk": { ...good, epk: { ...good.epk, d: good.epk.x } },
    "another curve": { ...good, epk: { ...good.epk, crv: "P-384" } },
    "a short x": { ...good, epk: { ...good.epk, x: good.epk.x.slice(1) } },
    "epk as text": { ...good, epk: "key" },
    "a long salt": { ...good, salt: `${good.salt}AA` },
    "a short iv": { ...good, iv: good.iv.slice(2) },
    "base64 with padding": { ...good, iv: `${good.iv.slice(0, 14)}==` },
    "ct not base64url": { ...good, ct: `${good.ct.slice(1)}+` },
    "an empty ct": { ...good, ct: "" },
    "an oversized ct": { ...good, ct: "A".repeat(CT_MAX_CHARS + 1) },
    "an attachment": { ...good, _attachments: { "x.txt": { content_type: "text/plain", data: "aGk=" } } },
    "a non-lead id": { ...good, _id: "client:1" },
    "a lower-case id": { ...good, _id: good._id.toLowerCase() },
    "a short id": { ...good, _id: good._id.slice(0, -1) },
    "an id with I, L, O or U": { ...good, _id: `${good._id.slice(0, -1)}U` },
    "a design document": { ...good, _id: "_design/evil", validate_doc_update: "function(){}" },
  };
  for (const [what, doc] of Object.entries(forged)) {
    const reply = await put(doc);
    // A design document is refused before the validator runs (401: not a database admin).
    const expected = doc._id.startsWith("_design/") ? [401, 403] : [403];
    assert.ok(expected.includes(reply.status), `${what}: ${reply.status} ${JSON.stringify(reply.json)}`);
  }
  assert.equal((await put({ ...good, _id: newLeadId(), ct: "A".repeat(CT_MAX_CHARS) })).status, 201, "the largest ct");
  assert.equal((await put(good)).status, 201);
  const rev = (await asAnna("GET", `${inbox}/${good._id}`)).json._rev;
  const updates = {
    "an update": { ...good, _rev: rev, ct: (await sealLead(lead(), teamKey, good._id)).ct },
    "the same with its rev": { ...good, _rev: rev },
    "a deletion": { _id: good._id, _rev: rev, _deleted: true },
  };
  for (const [what, doc] of Object.entries(updates)) {
    assert.equal((await put(doc)).status, 403, what);
  }
  const del = await asDrop("DELETE", `${inbox}/${good._id}?rev=${rev}`);
  assert.equal(del.status, 403, "DELETE");
  // A sibling pushed around the check (new_edits=false) with a later generation.
  const sibling = await asDrop("POST", `${inbox}/_bulk_docs`, { new_edits: false, docs: [{ ...good, _rev: "2-0123456789abcdef0123456789abcdef" }] });
  assert.ok(sibling.json.every?.((entry) => entry.error === "forbidden") ?? sibling.status >= 400, JSON.stringify(sibling.json));
  // Team members read the inbox and write nothing; an anonymous request is not let in.
  const mine = await sealLead(lead(), teamKey);
  assert.equal((await asAnna("PUT", `${inbox}/${mine._id}`, mine)).status, 403);
  assert.equal((await client(hub.url)("PUT", `${inbox}/${mine._id}`, mine)).status, 401);
  assert.equal((await asAnna("GET", `${inbox}/_all_docs`)).status, 200);
  // The team's database stays shut to the drop user.
  assert.ok([401, 403].includes((await asDrop("GET", `${database}/_all_docs`)).status));
  // An admin may purge an opened lead.
  assert.equal((await asAdmin("DELETE", `${inbox}/${good._id}?rev=${rev}`)).status, 200);
});

test("the front's rate limit answers 429 past the burst", async () => {
  const slow = await startInboxFront({ hub: hub.url, inbox, drop, origins: [site], rate: "1r/m", burst: 2 });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      const doc = await sealLead(lead(), teamKey);
      statuses.push((await fetch(`${slow.inboxUrl}/${doc._id}`, { method: "PUT", headers: { Origin: site, "Content-Type": "application/json" }, body: JSON.stringify(doc) })).status);
    }
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    // A preflight is never counted.
    const doc = await sealLead(lead(), teamKey);
    const preflight = await fetch(`${slow.inboxUrl}/${doc._id}`, { method: "OPTIONS", headers: { Origin: site, "Access-Control-Request-Method": "PUT" } });
    assert.equal(preflight.status, 204);
  } finally {
    await slow.stop();
  }
});

test("preparing the hub again changes nothing", async () => {
  const lines = [];
  await prepareHub({ url: adminUrl, database, users, origins, inbox: { drop }, log: (line) => lines.push(line) });
  assert.deepEqual(lines, []);
});
