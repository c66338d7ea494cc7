// Starts a local PouchDB Server in memory on 127.0.0.1, waits until it answers, and stops
// it again (the child killed, its temporary folder removed) — on request, and when this
// process exits without asking.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const wrapper = path.join(path.dirname(fileURLToPath(import.meta.url)), "pouchdb-server.cjs");
const host = "127.0.0.1";

/** A port nothing listens on right now (PouchDB Server cannot be given port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * @param {object} [options]
 * @param {number} [options.port] a given port; a free one when left out
 * @param {number} [options.heapMb] Node's heap limit: a team's whole log is held in memory
 * @returns {Promise<{ url: string, dir: string, stop: () => Promise<void> }>} `url` ends in "/"
 */
export async function startPouchServer({ port, heapMb = 4096 } = {}) {
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOn(port ?? (await freePort()), heapMb);
    } catch (error) {
      if (port !== undefined || attempt === 3) throw error;
    }
  }
}

async function startOn(port, heapMb) {
  // It writes config.json and log.txt into its working directory: give it one of its own.
  const dir = mkdtempSync(path.join(tmpdir(), "ripen-hub-"));
  const args = [`--max-old-space-size=${heapMb}`, wrapper, "--in-memory", "--no-stdout-logs"];
  args.push("--host", host, "--port", String(port), "--config", path.join(dir, "config.json"));
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-4000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const cleanUp = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", cleanUp);
  const stop = async () => {
    process.removeListener("exit", cleanUp);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const url = `http://${host}:${port}/`;
  try {
    await waitUntilAnswering(url, exited, () => output);
  } catch (error) {
    await stop();
    throw new Error(`PouchDB Server did not start on ${url}: ${error.message}\n${output}`);
  }
  return { url, dir, stop };
}

async function waitUntilAnswering(url, exited, output) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  while (!gone && Date.now() < deadline) {
    // It stays up after failing to bind, and whoever holds the port may answer instead.
    if (/already in use/.test(output())) throw new Error("the port is taken");
    try {
      const reply = await fetch(url, { headers: { Accept: "application/json" } });
      // Another server that took the port would not say this.
      if (reply.ok && (await reply.json())["express-pouchdb"]) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(gone ? "it exited" : "no answer within 30 s");
}
