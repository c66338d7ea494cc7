// Starts Ripen's static server (`cargo xtask serve`) on a free loopback port for a test,
// and stops it on demand — stopping it is how tests take the network away for real.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import readline from "node:readline";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * @param {string[]} mounts e.g. ["/=www", "/bench/=tests/bench"]
 * @param {{ hub?: string | string[] }} [options] `hub`: the team hub's URL the page's CSP lets
 *   it reach, or several (the hub and the lead form's inbox front)
 */
export async function startServer(mounts = ["/=www"], { hub } = {}) {
  const args = ["serve", "--port", "0", ...mounts.flatMap((m) => ["--mount", m]), ...[hub ?? []].flat().flatMap((url) => ["--hub", url])];
  const [command, commandArgs] = process.env.RIPEN_XTASK
    ? [process.env.RIPEN_XTASK, args]
    : ["cargo", ["run", "--quiet", "--package", "xtask", "--", ...args]];
  const child = spawn(command, commandArgs, { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once("line", (line) => resolve(line.trim()));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the server exited early with code ${code}`)));
  });
  if (!url.startsWith("http://127.0.0.1:")) throw new Error(`unexpected server output: ${url}`);
  return {
    url,
    async stop() {
      // A child killed by a signal keeps `exitCode` null: stopping twice must not wait for
      // an exit that already happened.
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
