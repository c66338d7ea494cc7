// Starts the inbox front (inbox-front.conf, nginx from Debian) unprivileged on 127.0.0.1,
// in front of a hub prepared with an inbox, waits until it answers, and stops it again —
// on request, and when this process exits without asking.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const template = path.join(here, "inbox-front.conf");
const wrapper = path.join(here, "inbox-front.cjs");

/** nginx's path, or null: `cargo xtask setup` installs it. */
export function findNginx() {
  for (const candidate of [process.env.RIPEN_NGINX, "/usr/sbin/nginx", "/usr/bin/nginx"]) {
    if (candidate && spawnSync(candidate, ["-v"]).status === 0) return candidate;
  }
  return null;
}

/**
 * The configuration text for these values.
 * @param {object} o
 * @param {string} o.dir the front's own folder (pid, log, temporary files)
 * @param {number} o.port where it listens, on 127.0.0.1
 * @param {string} o.hub the hub's host:port
 * @param {string} o.inbox the inbox database
 * @param {{ name: string, password: string }} o.drop the drop user
 * @param {string[]} o.origins the site origins allowed to drop leads
 * @param {string} [o.rate] nginx's limit_req rate, e.g. "6r/m"
 * @param {number} [o.burst]
 */
export function frontConfig({ dir, port, hub, inbox, drop, origins, rate = "6r/m", burst = 5 }) {
  if (!/^[a-z][a-z0-9_$()+-]*$/.test(inbox)) throw new Error(`${inbox}: an inbox name the front can match plainly`);
  if (!/^\d+r\/[sm]$/.test(rate) || !Number.isInteger(burst)) throw new Error(`rate ${rate} burst ${burst}`);
  const originLines = origins.map((origin) => {
    if (new URL(origin).origin !== origin || /["\s;]/.test(origin)) throw new Error(`${origin} is not an origin`);
    return `        "${origin}" $http_origin;`;
  });
  const basic = Buffer.from(`${drop.name}:${drop.password}`).toString("base64");
  const fields = { DIR: dir, PORT: String(port), HUB: hub, INBOX: inbox, DROP_BASIC: basic, ORIGINS: originLines.join("\n"), RATE: rate, BURST: String(burst) };
  return readFileSync(template, "utf8").replace(/@([A-Z_]+)@/g, (whole, name) => {
    if (!(name in fields)) throw new Error(`inbox-front.conf: no value for ${whole}`);
    return fields[name];
  });
}

/**
 * @param {object} options as `frontConfig` takes them, without `dir`; `hub` a URL; `port` free when left out
 * @returns {Promise<{ url: string, inboxUrl: string, dir: string, stop: () => Promise<void> }>}
 */
export async function startInboxFront({ hub, port, ...options }) {
  const nginx = findNginx();
  if (!nginx) throw new Error("nginx is not installed: `cargo xtask setup` installs it (Debian's nginx-light)");
  const dir = mkdtempSync(path.join(tmpdir(), "ripen-inbox-front-"));
  // Run as root, nginx's workers drop to `nobody`, and must reach their temporary folders.
  chmodSync(dir, 0o755);
  port ??= await freePort();
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, frontConfig({ dir, port, hub: new URL(hub).host, ...options }));
  // -e: the error log before the configuration is read; -p: nothing under /etc or /var.
  // Through the wrapper, which ends nginx when this process's end closes its stdin.
  const args = [wrapper, nginx, "-p", dir, "-e", path.join(dir, "error.log"), "-c", conf, "-g", "daemon off;"];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const cleanUp = () => {
    // SIGTERM, not SIGKILL: the wrapper passes it on, and nginx's master ends its workers
    // (a killed master would leave them holding the port).
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", cleanUp);
  const stop = async () => {
    process.removeListener("exit", cleanUp);
    if (child.exitCode === null && child.signalCode === null) {
      // SIGQUIT: a graceful stop, the workers with it.
      child.kill("SIGQUIT");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = readLog(dir);
      await stop();
      throw new Error(`nginx exited: ${output}${log}`);
    }
    try {
      const reply = await fetch(url);
      if (reply.status === 404) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the inbox front did not answer on ${url}: ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, inboxUrl: `${url}${options.inbox}`, dir, stop };
}

function readLog(dir) {
  try {
    return readFileSync(path.join(dir, "error.log"), "utf8");
  } catch {
    return "";
  }
}
