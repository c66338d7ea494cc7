// `cargo xtask hub`: starts a local PouchDB Server and prepares it as a team hub, with the
// website leads' inbox and its nginx front, or, given --url, prepares a server that is
// already running. Prints what the app logs in with and where the lead form drops leads.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { prepareHub } from "./prepare.mjs";
import { startPouchServer } from "./server.mjs";
import { findNginx, startInboxFront } from "./inbox-front.mjs";
import { makeTeamKeys } from "./lead-keys.mjs";

export const USAGE = `usage: cargo xtask hub [--port N] [--database NAME] [--user NAME:PASS]... [--origin URL]... [--front-port N]
       cargo xtask hub --url http://ADMIN:PASS@HOST:PORT [--database NAME] [--user NAME:PASS]... [--origin URL]... [--drop NAME:PASS]

Without --url: starts PouchDB Server in memory on 127.0.0.1 (a free port unless --port),
prepares it with the leads' inbox (<database>-inbox), starts the inbox front (nginx) in
front of it for the --origin sites, makes a team lead key pair, and runs until Ctrl-C.
With --url: prepares that server and exits; with --drop also the inbox and its drop user
(the inbox front of a real deployment: docs/lead-form.md).
Defaults: --database ripen-team, --user anna:anna-pass --user boris:boris-pass,
--origin http://127.0.0.1:8080 (the demo). Running it again on a prepared server is harmless.`;

const defaults = { database: "ripen-team", users: ["anna:anna-pass", "boris:boris-pass"], origins: ["http://127.0.0.1:8080"] };

function parse(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      port: { type: "string" },
      database: { type: "string" },
      user: { type: "string", multiple: true },
      origin: { type: "string", multiple: true },
      drop: { type: "string" },
      "front-port": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const account = (option) => (spec) => {
    const at = spec.indexOf(":");
    if (at <= 0 || at === spec.length - 1) throw new Error(`${option} ${spec}: expected NAME:PASS`);
    return { name: spec.slice(0, at), password: spec.slice(at + 1) };
  };
  const users = (values.user ?? defaults.users).map(account("--user"));
  const portOf = (option) => {
    const text = values[option];
    if (text === undefined) return undefined;
    const port = Number(text);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--${option} ${text} is not a port number`);
    if (values.url) throw new Error(`--${option} starts a local server; --url prepares a running one: not both`);
    return port;
  };
  const port = portOf("port");
  const frontPort = portOf("front-port");
  return {
    help: values.help ?? false,
    url: values.url,
    port,
    frontPort,
    drop: values.drop === undefined ? null : account("--drop")(values.drop),
    database: values.database ?? defaults.database,
    users,
    origins: values.origin ?? defaults.origins,
  };
}

function report({ base, flavour, admin, database, users, origins, inbox, drop, front }) {
  // The URL alone on the first line, as `cargo xtask serve` does, for scripts to read; a
  // local hub's inbox front on the second.
  console.log(base);
  if (front) console.log(front.url);
  console.log(`\nRipen hub: ${flavour} at ${base}`);
  if (admin) console.log(`  admin     ${admin.name} / ${admin.password}`);
  console.log(`  database  ${database}`);
  console.log(`  users     ${users.map((u) => `${u.name} / ${u.password}`).join(", ")}`);
  console.log(`  CORS      ${origins.join(", ")} (with credentials)`);
  if (inbox) console.log(`  inbox     ${inbox} (leads dropped by ${drop.name} / ${drop.password}, role ripen-lead-drop)`);
}

async function main() {
  const options = parse(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const log = (line) => console.error(`hub: ${line}`);
  const { database, users, origins } = options;
  if (options.url) {
    const inbox = options.drop ? { drop: options.drop } : undefined;
    const prepared = await prepareHub({ url: options.url, database, users, origins, inbox, log });
    report({ ...prepared, database, users, origins, drop: options.drop });
    if (!inbox) console.log("  (no leads' inbox: --drop NAME:PASS prepares it; docs/lead-form.md sets up its nginx front)");
    return;
  }
  // Exiting runs the server module's exit hook, which kills the server and removes its
  // folder; set before starting, so a Ctrl-C during the start cleans up too.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, () => process.exit(0));
  const server = await startPouchServer({ port: options.port });
  const admin = { name: "admin", password: randomBytes(9).toString("base64url") };
  const url = new URL(server.url);
  url.username = admin.name;
  url.password = admin.password;
  const drop = options.drop ?? { name: "lead-drop", password: randomBytes(9).toString("base64url") };
  let front = null;
  try {
    const { base, flavour, inbox } = await prepareHub({ url: url.href, database, users, origins, inbox: { drop }, log });
    // Without nginx the team hub still works; the lead form has no way in.
    if (findNginx()) front = await startInboxFront({ hub: base, port: options.frontPort, inbox, drop, origins });
    const keys = await makeTeamKeys();
    // A demo pair; the private key is the team's: kept in a file of its own, not printed.
    const keyDir = mkdtempSync(path.join(tmpdir(), "ripen-lead-key-"));
    const keyFile = path.join(keyDir, "team-lead-key.jwk.json");
    writeFileSync(keyFile, `${JSON.stringify(keys.privateJwk)}\n`, { mode: 0o600 });
    chmodSync(keyDir, 0o700);
    // Its inbox goes with the hub: so does the key.
    process.once("exit", () => rmSync(keyDir, { recursive: true, force: true }));
    report({ base, flavour: `${flavour} (in memory: nothing is kept after Ctrl-C)`, admin, database, users, origins, inbox, drop, front });
    const publicKey = JSON.stringify(keys.publicJwk);
    if (front) {
      console.log(`  front     ${front.url} (nginx: PUT ${inbox}/lead:<id> from ${origins.join(", ")}, nothing else)`);
      console.log(`  lead key  team-key='${publicKey}'`);
      console.log(`            private half in ${keyFile}`);
      const page = new URL("/lead/", origins[0]);
      page.search = new URLSearchParams({ inbox: front.inboxUrl, key: publicKey }).toString();
      console.log(`  lead form ${page.href} (with cargo xtask demo --hub)`);
    } else {
      console.log("  front     none: nginx is not installed (`cargo xtask setup` installs it as root)");
    }
    console.log("\nCtrl-C stops it.");
  } catch (error) {
    await front?.stop();
    await server.stop();
    throw error;
  }
}

main().catch((error) => {
  console.error(`hub: ${error.message}`);
  process.exit(1);
});
