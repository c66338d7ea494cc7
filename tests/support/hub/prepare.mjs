// Prepares a CouchDB-protocol server (PouchDB Server, Apache CouchDB 3, Cloudant) as a
// Ripen team hub: an admin, CORS for the page, the users, the team database with its
// members and the validator, and — given `inbox` — the website leads' inbox database, its
// members, its drop user and its validator (inbox.mjs). Every step checks what is there first, so running it again
// is harmless; `cargo xtask hub` and the tests both come through here.
import { basicAuth, client, expect, splitCredentials } from "./http.mjs";
import { designDocument } from "./validate.mjs";
import { DROP_ROLE, inboxDesign } from "./inbox.mjs";

/**
 * @typedef {{ name: string, password: string }} User
 * @param {object} options
 * @param {string} options.url the server, with an admin's credentials in it
 * @param {string} options.database the team database
 * @param {User[]} options.users the team: created (or their passwords set) and made members
 * @param {string[]} options.origins the pages allowed to call it with credentials
 * @param {{ database?: string, drop: User }} [options.inbox] the leads' inbox: its database
 *   (`<database>-inbox` unless named) and the drop user the inbox front logs in as
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<{ base: string, flavour: string, inbox: string | null }>}
 */
export async function prepareHub({ url, database, users, origins, inbox, log = () => {} }) {
  const { base, user: admin, password } = splitCredentials(url);
  if (!admin || !password) throw new Error("the hub URL needs an admin's credentials: http://ADMIN:PASS@HOST:PORT");
  checkNames(database, users, origins);
  const inboxName = inbox ? (inbox.database ?? `${database}-inbox`) : null;
  if (inbox) checkNames(inboxName, [inbox.drop], origins);
  const anonymous = client(base);
  const welcome = expect(await anonymous("GET", ""), [200], `GET ${base}`);
  const flavour = flavourOf(welcome);
  const config = await configPath(anonymous, client(base, basicAuth(admin, password)));

  const session = expect(await anonymous("GET", "_session"), [200], "GET /_session");
  if (session.userCtx.roles.includes("_admin")) {
    // Admin party: anybody may do anything until the first admin exists.
    if (!config) throw new Error("the server is in admin party and has no config API to end it");
    expect(await anonymous("PUT", `${config}/admins/${encodeURIComponent(admin)}`, password), [200], "creating the admin");
    log(`ended the admin party: ${admin} is the server's admin`);
  }
  const request = client(base, basicAuth(admin, password));
  const asAdmin = await request("GET", "_session");
  if (asAdmin.status === 401) throw new Error(`the server refused ${admin}'s name or password`);
  const me = expect(asAdmin, [200], "GET /_session as the admin");
  if (!me.userCtx.roles.includes("_admin")) throw new Error(`${admin} is not a server admin`);

  await setCors(request, config, flavour, origins, log);
  if ((await request("PUT", "_users")).status === 201) log("created _users");
  for (const member of users) await setUser(request, anonymous, member, log);
  await createDatabase(request, database, log);
  await setMembers(request, database, users, flavour, log);
  await setValidator(request, database, designDocument, log);
  if (inbox) {
    await setUser(request, anonymous, inbox.drop, log, [DROP_ROLE]);
    await createDatabase(request, inboxName, log);
    await setMembers(request, inboxName, [...users, inbox.drop], flavour, log);
    await setValidator(request, inboxName, inboxDesign, log);
  }
  return { base, flavour, inbox: inboxName };
}

function checkNames(database, users, origins) {
  // CouchDB's rule for database names.
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(database)) throw new Error(`${database} is not a valid database name`);
  for (const { name, password } of users) {
    // CouchDB refuses ':' in user names, and the document ids use it as the separator.
    if (!name || name.startsWith("_") || name.includes(":")) throw new Error(`${name} is not a valid user name`);
    if (!password) throw new Error(`user ${name} needs a password`);
  }
  for (const origin of origins) {
    // Credentials are not sent to a wildcard origin: it must be spelled out.
    if (origin === "*" || new URL(origin).origin !== origin) {
      throw new Error(`${origin} is not an origin (scheme://host[:port], no path)`);
    }
  }
}

function flavourOf(welcome) {
  const vendor = welcome?.vendor?.name ?? "";
  if (welcome?.["express-pouchdb"]) return `PouchDB Server ${welcome.version}`;
  if (/cloudant/i.test(vendor)) return `Cloudant ${welcome.version}`;
  return `CouchDB ${welcome?.version ?? "?"}`;
}

/** Where the config API lives: CouchDB 2+ per node, PouchDB Server at /_config, Cloudant none. */
async function configPath(anonymous, admin) {
  for (const path of ["_node/_local/_config", "_config"]) {
    // In admin party the anonymous request is the admin's; otherwise the admin's is.
    for (const request of [admin, anonymous]) {
      if ((await request("GET", path)).status === 200) return path;
    }
  }
  return null;
}

async function setConfig(request, config, section, key, value) {
  const path = `${config}/${section}/${key}`;
  const current = await request("GET", path);
  if (current.status === 200 && String(current.json) === value) return false;
  expect(await request("PUT", path, value), [200], `setting ${section}/${key}`);
  return true;
}

async function setCors(request, config, flavour, origins, log) {
  if (config) {
    let changed = false;
    // CouchDB before 3.2 and PouchDB Server read httpd/enable_cors, CouchDB 3.2+ chttpd's.
    for (const section of ["httpd", "chttpd"]) changed = (await setConfig(request, config, section, "enable_cors", "true")) || changed;
    // PouchDB Server splits the list on ", " exactly; CouchDB trims around commas.
    changed = (await setConfig(request, config, "cors", "origins", origins.join(", "))) || changed;
    // PouchDB Server's config API turns the string "true" into the boolean it needs.
    changed = (await setConfig(request, config, "cors", "credentials", "true")) || changed;
    if (changed) log(`CORS with credentials for ${origins.join(", ")}`);
    return;
  }
  if (flavour.startsWith("Cloudant")) {
    const body = { enable_cors: true, allow_credentials: true, origins };
    expect(await request("PUT", "_api/v2/user/config/cors", body), [200, 201], "setting Cloudant's CORS");
    log(`CORS with credentials for ${origins.join(", ")}`);
    return;
  }
  log("no config API found: set CORS (credentials, explicit origins) by hand");
}

/** `roles`: roles the user must have (added to, never removed). */
async function setUser(request, anonymous, { name, password }, log, roles = []) {
  // A login that works already, with the roles, means the user is there as wanted.
  const login = await anonymous("POST", "_session", { name, password });
  if (login.status === 200 && roles.every((role) => login.json.roles?.includes(role))) return;
  const path = `_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
  const current = await request("GET", path);
  const doc = current.status === 200 ? current.json : { _id: `org.couchdb.user:${name}`, name, roles: [], type: "user" };
  const allRoles = [...new Set([...(doc.roles ?? []), ...roles])];
  expect(await request("PUT", path, { ...doc, roles: allRoles, password }), [201, 202], `creating user ${name}`);
  log(current.status === 200 ? `set the password of ${name}` : `created user ${name}`);
}

async function createDatabase(request, database, log) {
  const reply = await request("PUT", encodeURIComponent(database));
  expect(reply, [201, 202, 412], `creating database ${database}`);
  if (reply.status !== 412) log(`created database ${database}`);
}

/** Members are added to, never removed: a second run for a new rep keeps the others. */
async function setMembers(request, database, users, flavour, log) {
  const path = `${encodeURIComponent(database)}/_security`;
  const current = expect(await request("GET", path), [200], `reading ${database}/_security`) ?? {};
  const members = { names: [], roles: [], ...current.members };
  const missing = users.map((u) => u.name).filter((name) => !members.names.includes(name));
  // Cloudant checks its own IAM / API keys unless told to use _users.
  const cloudant = flavour.startsWith("Cloudant") && current.couchdb_auth_only !== true;
  if (missing.length === 0 && !cloudant) return;
  const security = {
    ...current,
    admins: { names: [], roles: [], ...current.admins },
    members: { ...members, names: [...members.names, ...missing] },
    ...(flavour.startsWith("Cloudant") ? { couchdb_auth_only: true } : {}),
  };
  expect(await request("PUT", path, security), [200, 201], `setting ${database}/_security`);
  log(`members of ${database}: ${security.members.names.join(", ")}`);
}

async function setValidator(request, database, designDocument, log) {
  const path = `${encodeURIComponent(database)}/${designDocument._id}`;
  const current = await request("GET", path);
  if (current.status === 200 && current.json.validate_doc_update === designDocument.validate_doc_update) return;
  const doc = current.status === 200 ? { ...designDocument, _rev: current.json._rev } : designDocument;
  expect(await request("PUT", path, doc), [201, 202], `writing ${database}/${designDocument._id}`);
  log(`installed the validator in ${database}`);
}
