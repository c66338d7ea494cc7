// A small fault proxy on 127.0.0.1 in front of the team hub, for the sync tests. It
// forwards every request to the real hub and, when told to, breaks some of them the ways
// networks and servers do:
// - "413": a request body over `maxBody` bytes is refused as too large (the hub never sees it);
// - "500" / "503": answered by the proxy, the hub never sees the request;
// - "delay": held for `delayMs` (longer than the client's timeout), then forwarded — the
//   hub takes it after the client has given up on it;
// - "drop": forwarded, the hub's answer read, then the connection destroyed halfway
//   through the reply — the hub did the work, the client never learns it;
// - "replay": a `_changes` request forwarded with its `since` taken back to the start, as
//   a hub restored from a backup or a caching proxy would answer: changes the client has
//   taken in already come again, with an older `last_seq`.
// Faults come from a queue (`inject`, the next requests matching a pattern) or at random
// (`chaos`, a seeded generator, so a failing seed replays the same decisions). Preflights
// (OPTIONS) always pass: the browser would report a broken one as a CORS failure.
import http from "node:http";

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FAULTS = ["500", "503", "delay", "drop"];

/**
 * @param {object} options
 * @param {string} options.target the hub's URL
 * @param {number} [options.delayMs] how long a "delay" holds a request
 * @returns {Promise<FaultProxy>}
 */
export async function startFaultProxy({ target, delayMs = 3_000 }) {
  const hub = new URL(target);
  const state = {
    maxBody: Infinity,
    queue: [],
    chaos: null,
    delayMs,
    counts: { requests: 0, 413: 0, 500: 0, 503: 0, delay: 0, drop: 0, replay: 0 },
    log: [],
  };
  const sockets = new Set();

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const fault = req.method === "OPTIONS" ? null : decide(state, req, body);
    state.counts.requests += 1;
    if (fault) state.counts[fault] += 1;
    state.log.push({ method: req.method, path: req.url, bytes: body.length, fault });
    if (fault === "413" || fault === "500" || fault === "503") {
      const reasons = { 413: "too_large", 500: "internal_server_error", 503: "service_unavailable" };
      const text = JSON.stringify({ error: reasons[fault], reason: `injected by the fault proxy` });
      res.writeHead(Number(fault), { "Content-Type": "application/json", ...cors(req) });
      res.end(text);
      return;
    }
    if (fault === "delay") await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (fault === "replay") req.url = req.url.replace(/([?&]since=)[^&]*/, "$10");
    forward(hub, req, res, body, (error, upstream, reply) => {
      if (error) {
        res.destroy();
        return;
      }
      if (fault === "drop") {
        // Headers and half the body, then the connection cut.
        const headers = { ...upstream.headers, "content-length": String(reply.length) };
        delete headers["transfer-encoding"];
        res.writeHead(upstream.statusCode, headers);
        res.write(reply.subarray(0, Math.floor(reply.length / 2)), () => setTimeout(() => res.socket?.destroy(), 5));
        return;
      }
      const headers = { ...upstream.headers };
      delete headers["transfer-encoding"];
      headers["content-length"] = String(reply.length);
      res.writeHead(upstream.statusCode, headers);
      res.end(reply);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;

  return {
    url,
    /** Requests over `bytes` of body are refused with 413 (Infinity: never). */
    maxBody(bytes) {
      state.maxBody = bytes;
    },
    /** The next `times` requests whose method and path match `match` get `fault`. */
    inject(fault, { match = /./, times = 1 } = {}) {
      for (let i = 0; i < times; i++) state.queue.push({ fault, match });
    },
    /** Random faults: each request breaks with probability `rate`, the fault drawn from `faults`. */
    chaos(seed, { rate = 0.2, faults = FAULTS } = {}) {
      state.chaos = { next: random(seed), rate, faults };
    },
    /** Every fault off: the queue emptied, chaos and the size limit ended. */
    calm() {
      state.queue = [];
      state.chaos = null;
      state.maxBody = Infinity;
    },
    set delayMs(ms) {
      state.delayMs = ms;
    },
    get counts() {
      return { ...state.counts };
    },
    get log() {
      return state.log;
    },
    resetCounts() {
      state.counts = { requests: 0, 413: 0, 500: 0, 503: 0, delay: 0, drop: 0, replay: 0 };
      state.log = [];
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function decide(state, req, body) {
  if (body.length > state.maxBody) return "413";
  const what = `${req.method} ${req.url}`;
  const queued = state.queue.findIndex((entry) => entry.match.test(what));
  if (queued >= 0) return state.queue.splice(queued, 1)[0].fault;
  if (state.chaos) {
    const { next, rate, faults } = state.chaos;
    if (next() < rate) return faults[Math.floor(next() * faults.length)];
  }
  return null;
}

/** The headers a browser needs to read an answer the proxy makes up. */
function cors(req) {
  const origin = req.headers.origin;
  return origin ? { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" } : {};
}

function forward(hub, req, res, body, done) {
  const headers = { ...req.headers, host: hub.host, "content-length": String(body.length) };
  delete headers["transfer-encoding"];
  const upstream = http.request(
    { host: hub.hostname, port: hub.port, method: req.method, path: req.url, headers },
    (reply) => {
      const chunks = [];
      reply.on("data", (chunk) => chunks.push(chunk));
      reply.on("end", () => done(null, reply, Buffer.concat(chunks)));
      reply.on("error", (error) => done(error));
    },
  );
  upstream.on("error", (error) => done(error));
  // A client that gave up (a longpoll aborted) ends the request to the hub too.
  res.once("close", () => upstream.destroy());
  upstream.end(body);
}
