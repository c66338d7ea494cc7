// The visitor's outbox of sealed leads: kept in the host page's localStorage (ciphertext
// only: a lead is sealed before it is kept) until the inbox front takes it, retried on
// `online`, on the next load and on a backoff. A lead keeps its id across retries, so a
// retry never makes a second lead: the hub's 409, or its validator's "already delivered",
// means an earlier try landed.

const KEY = "ripen.lead-outbox";
/** Leads kept at most; the oldest goes first (each is at most ~17 KB). */
const MAX_KEPT = 20;
const BACKOFF_MS = [2_000, 5_000, 15_000, 60_000, 300_000];

/** @typedef {{ url: string, doc: object, tries: number, next: number }} Entry */

function read() {
  try {
    const entries = JSON.parse(localStorage.getItem(KEY) ?? "[]");
    return Array.isArray(entries) ? entries.filter((e) => e && typeof e.url === "string" && e.doc?._id) : [];
  } catch {
    return [];
  }
}

function write(entries) {
  try {
    if (entries.length === 0) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify(entries.slice(-MAX_KEPT)));
  } catch {
    // Storage full or refused: the lead is still tried while the page is open.
  }
}

/** One PUT: "delivered", "retry" (offline, 5xx, rate limited, no answer in 15 s) or
 * "refused" (never will be). */
export async function deliver(url, doc) {
  let reply;
  try {
    reply = await fetch(`${url}/${doc._id}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(doc),
      credentials: "omit",
      cache: "no-store",
      // A connection that hangs is a network failure: the lead waits in the outbox.
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    return "retry";
  }
  if (reply.ok || reply.status === 409) return "delivered";
  if (reply.status === 403) {
    const answer = await reply.json().catch(() => null);
    if (answer?.reason === "already delivered") return "delivered";
  }
  if (reply.status >= 500 || reply.status === 429 || reply.status === 408) return "retry";
  return "refused";
}

let timer = null;
let flushing = null;
let again = false;

/** Keeps `doc` for `url` before its first try, so a tab closed mid-send loses nothing. */
export function keep(url, doc) {
  write([...read().filter((e) => e.doc._id !== doc._id), { url, doc, tries: 0, next: Date.now() }]);
}

/** Marks a try of `id`: forgotten when done, else its next try pushed back. */
export function settle(id, outcome) {
  const entries = read();
  const entry = entries.find((e) => e.doc._id === id);
  if (!entry) return;
  if (outcome === "retry") {
    entry.tries += 1;
    entry.next = Date.now() + BACKOFF_MS[Math.min(entry.tries - 1, BACKOFF_MS.length - 1)];
    write(entries);
  } else {
    write(entries.filter((e) => e !== entry));
  }
  schedule();
}

/** Tries every lead due (all of them when `all`); a lead delivered is announced on
 * `window` as `ripen-lead-delivered` with its id. One round at a time; a call for all
 * during a round runs another after it. */
export function flush({ all = false } = {}) {
  if (flushing) {
    again ||= all;
    return flushing;
  }
  flushing = round(all).finally(() => {
    flushing = null;
    schedule();
    if (again) {
      again = false;
      flush({ all: true });
    }
  });
  return flushing;
}

async function round(all) {
  for (const entry of read()) {
    if (!all && entry.next > Date.now()) continue;
    const outcome = await deliver(entry.url, entry.doc);
    settle(entry.doc._id, outcome);
    if (outcome === "delivered") window.dispatchEvent(new CustomEvent("ripen-lead-delivered", { detail: { id: entry.doc._id } }));
    if (outcome === "refused") console.warn(`ripen-lead-form: the inbox refused ${entry.doc._id}`);
  }
}

function schedule() {
  clearTimeout(timer);
  timer = null;
  const entries = read();
  if (entries.length === 0) return;
  const wait = Math.max(0, Math.min(...entries.map((e) => e.next)) - Date.now());
  timer = setTimeout(() => flush(), wait);
}

/** The ids waiting. */
export function pending() {
  return read().map((e) => e.doc._id);
}

let started = false;
/** Once per page: retry on `online` and now (a lead kept by an earlier visit). */
export function startOutbox() {
  if (started) return;
  started = true;
  window.addEventListener("online", () => flush({ all: true }));
  flush({ all: true });
}
