// Drives the benchmark page in headless Chromium and prints the table: the engine's
// figures beside raw IndexedDB anchors measured in the same run, with the ratios.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { startServer } from "../support/server.mjs";
import { artifacts, launch } from "../support/browser.mjs";

const n = process.env.RIPEN_BENCH_N ?? "100000";
const runs = process.env.RIPEN_BENCH_RUNS ?? "3";

const server = await startServer(["/=www", "/bench/=tests/bench"]);
const browser = await launch();
try {
  const page = await browser.newPage();
  page.on("console", (message) => console.error(`[page] ${message.text()}`));
  page.on("pageerror", (error) => console.error(`[page error] ${error.message}`));
  await page.goto(`${server.url}bench/?n=${n}&runs=${runs}`);
  await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout: 20 * 60_000, polling: 500 });
  const result = await page.evaluate(() => window.benchResult);
  if (result.error) throw new Error(`the benchmark page failed: ${result.error}`);
  writeFileSync(path.join(artifacts, "bench.json"), JSON.stringify(result, null, 2));

  const ms = (value) => `${value.toFixed(0)} ms`;
  const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
  const header = ["", "engine", "raw, record per row", "raw, chunked", "engine / per row", "engine / chunked"];
  const lines = result.rows.map((r) => [r.row, ms(r.engine), ms(r.rawPerRow), ms(r.rawChunked), ratio(r.engine, r.rawPerRow), ratio(r.engine, r.rawChunked)]);
  const widths = header.map((_, i) => Math.max(header[i].length, ...lines.map((l) => l[i].length)));
  const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\nRipen benchmark: ${result.n} records, median of ${result.runs} runs, ${result.userAgent}`);
  console.log(format(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const line of lines) console.log(format(line));
  for (const note of result.notes ?? []) console.log(note);
  console.log(`wasm memory after opening ${result.n} clients: ${(result.wasmMemoryBytes / 2 ** 20).toFixed(1)} MiB`);
} finally {
  await browser.close();
  await server.stop();
}
