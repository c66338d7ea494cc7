// `cargo xtask hub`: starts a local PouchDB Server and prepares it as a team hub, or, given
// --url, prepares a server that is already running. Prints what the app logs in with.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { prepareHub } from "./prepare.mjs";
import { startPouchServer } from "./server.mjs";

export const USAGE = `usage: cargo xtask hub [--port N] [--database NAME] [--user NAME:PASS]... [--origin URL]...
       cargo xtask hub --url http://ADMIN:PASS@HOST:PORT [--database NAME] [--user NAME:PASS]... [--origin URL]...

Without --url: starts PouchDB Server in memory on 127.0.0.1 (a free port unless --port),
prepares it, and runs until Ctrl-C. With --url: prepares that server and exits.
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
      help: { type: "boolean", short: "h" },
    },
  });
  const users = (values.user ?? defaults.users).map((spec) => {
    const at = spec.indexOf(":");
    if (at <= 0 || at === spec.length - 1) throw new Error(`--user ${spec}: expected NAME:PASS`);
    return { name: spec.slice(0, at), password: spec.slice(at + 1) };
  });
  let port;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port ${values.port} is not a port number`);
    if (values.url) throw new Error("--port starts a local server; --url prepares a running one: not both");
  }
  return {
    help: values.help ?? false,
    url: values.url,
    port,
    database: values.database ?? defaults.database,
    users,
    origins: values.origin ?? defaults.origins,
  };
}

function report({ base, flavour, admin, database, users, origins }) {
  // The URL alone on the first line, as `cargo xtask serve` does, for scripts to read.
  console.log(base);
  console.log(`\nRipen hub: ${flavour} at ${base}`);
  if (admin) console.log(`  admin     ${admin.name} / ${admin.password}`);
  console.log(`  database  ${database}`);
  console.log(`  users     ${users.map((u) => `${u.name} / ${u.password}`).join(", ")}`);
  console.log(`  CORS      ${origins.join(", ")} (with credentials)`);
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
    const { base, flavour } = await prepareHub({ url: options.url, database, users, origins, log });
    report({ base, flavour, database, users, origins });
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
  try {
    const { base, flavour } = await prepareHub({ url: url.href, database, users, origins, log });
    report({ base, flavour: `${flavour} (in memory: nothing is kept after Ctrl-C)`, admin, database, users, origins });
    console.log("\nCtrl-C stops it.");
  } catch (error) {
    await server.stop();
    throw error;
  }
}

main().catch((error) => {
  console.error(`hub: ${error.message}`);
  process.exit(1);
});
