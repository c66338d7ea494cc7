// A small JSON client for CouchDB-protocol servers. fetch refuses URLs with credentials
// in them, so they are moved into a Basic Authorization header.

/**
 * @param {string} url e.g. "http://admin:secret@127.0.0.1:5984/"
 * @returns {{ base: string, user: string | null, password: string | null }}
 */
export function splitCredentials(url) {
  const parsed = new URL(url);
  const user = parsed.username ? decodeURIComponent(parsed.username) : null;
  const password = parsed.password ? decodeURIComponent(parsed.password) : null;
  parsed.username = "";
  parsed.password = "";
  const base = parsed.href.endsWith("/") ? parsed.href : `${parsed.href}/`;
  return { base, user, password };
}

export function basicAuth(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/**
 * A client bound to one server. `auth`: an Authorization header value, or null;
 * `defaults`: headers sent every time (a session cookie). Replies are parsed as JSON;
 * PouchDB Server answers text/plain unless JSON is asked for.
 */
export function client(base, auth = null, defaults = {}) {
  return async function request(method, path, body, headers = {}) {
    const response = await fetch(new URL(path, base), {
      method,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(auth ? { Authorization: auth } : {}),
        ...defaults,
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { raw: text };
    }
    return { status: response.status, headers: response.headers, json };
  };
}

/** Throws unless `reply.status` is one of `expected`, naming what was being done. */
export function expect(reply, expected, what) {
  if (!expected.includes(reply.status)) {
    throw new Error(`${what}: HTTP ${reply.status} ${JSON.stringify(reply.json)}`);
  }
  return reply.json;
}
