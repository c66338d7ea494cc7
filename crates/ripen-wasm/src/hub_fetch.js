// The team hub's HTTP, as a wasm-bindgen snippet: fetch with what every request to a
// CouchDB-protocol hub needs, a client-side timeout (PouchDB Server ignores `timeout` on a
// longpoll), and an abort handle a disconnect pulls.

/** A handle that aborts every request given it. */
export function newAbort() {
  return new AbortController();
}

export function abortNow(controller) {
  controller.abort();
}

/**
 * Resolves to `{ status, text }`; rejects with an Error only when no answer came (network
 * down, timed out, aborted), `aborted` telling a deliberate abort apart.
 */
export function hubFetch(url, method, token, body, timeoutMs, controller) {
  const answer = fetchOnce(url, method, token, body, timeoutMs, controller);
  // A page asked for ahead may be given up on (a disconnect, an earlier failure): its
  // failure is no unhandled rejection.
  answer.catch(() => {});
  return answer;
}

async function fetchOnce(url, method, token, body, timeoutMs, controller) {
  const local = new AbortController();
  const stop = () => local.abort();
  controller.signal.addEventListener("abort", stop);
  const timer = setTimeout(stop, timeoutMs);
  // Replies are text/plain on PouchDB Server unless JSON is asked for.
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  try {
    const response = await fetch(url, { method, headers, body, credentials: "include", signal: local.signal });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    const failure = new Error(local.signal.aborted ? "no answer in time" : String(error && error.message));
    failure.aborted = controller.signal.aborted;
    throw failure;
  } finally {
    clearTimeout(timer);
    controller.signal.removeEventListener("abort", stop);
  }
}

/** Runs `run` (a function returning a promise) holding the Web Lock `name`, waiting for it. */
export function withLock(name, run) {
  const locks = globalThis.navigator && globalThis.navigator.locks;
  return locks ? locks.request(name, () => run()) : run();
}

/** Waits `ms` — less, when the browser says the network is back: a retry after a night
 * offline should not wait out its backoff once the tablet is online again. */
export function sleep(ms) {
  return new Promise((resolve) => {
    const target = globalThis.addEventListener ? globalThis : null;
    const done = () => {
      clearTimeout(timer);
      target?.removeEventListener("online", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    target?.addEventListener("online", done);
  });
}

export function jitter() {
  return Math.random();
}
