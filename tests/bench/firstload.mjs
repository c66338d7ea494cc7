// The PWA's first visit on a slow-4G tablet, as Chrome DevTools emulates one: the network
// throttled to its "Slow 4G" preset (1.44 Mbit/s down, 675 kbit/s up, 562.5 ms round
// trips), the CPU 4× slower, a tablet's screen, nothing cached and no service worker yet.
// Interactive is when the app says it is ready for input (`data-state="ready"`): the
// engine downloaded, compiled and opened, the first screen drawn. Goal (issue 22): ≤ 3 s.
import { SIZES } from "../support/browser.mjs";

const GOAL_MS = 3000;
// DevTools' "Slow 4G" (its former "Fast 3G"): Lighthouse's 1.6 Mbit/s and 150 ms, with
// DevTools' packet-level adjustments (× 0.9 throughput, × 3.75 latency).
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1e6 * 0.9) / 8, uploadThroughput: (750 * 1e3 * 0.9) / 8 };
const CPU_SLOWDOWN = 4;

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The first visit to `url`, `runs` times, each in a fresh context of `browser`. */
export async function firstLoadRows({ browser, url, runs = 3 }) {
  const measured = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: SIZES.tablet, serviceWorkers: "block" });
    try {
      await context.addInitScript(() => {
        // The moment the app says it is ready, on the page's own clock (from navigation).
        // Observed from the document itself: an init script runs before <html> exists.
        new MutationObserver(() => {
          if (document.documentElement?.dataset.state === "ready" && window.__readyAt === undefined) window.__readyAt = performance.now();
        }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-state"] });
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
      let bytes = 0;
      cdp.on("Network.loadingFinished", (event) => (bytes += event.encodedDataLength));
      await page.goto(url, { waitUntil: "commit" });
      await page.waitForFunction(() => window.__readyAt !== undefined, null, { timeout: 120_000, polling: 100 });
      const readyMs = await page.evaluate(() => window.__readyAt);
      const paint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null);
      measured.push({ readyMs, fcpMs: paint, bytes });
    } finally {
      await context.close();
    }
  }
  const of = (key) => median(measured.map((m) => m[key]));
  return { runs: measured, median: { readyMs: of("readyMs"), fcpMs: of("fcpMs"), bytes: of("bytes") }, goalMs: GOAL_MS };
}

/** The rows of the summary; `false` when the goal is missed. */
export function printFirstLoad(first) {
  const { median: m, goalMs } = first;
  const met = m.readyMs <= goalMs;
  console.log("\n### First visit, slow 4G tablet (DevTools throttling: Slow 4G, CPU 4×), median of " + first.runs.length);
  console.log("| | figure | goal |");
  console.log("|---|---|---|");
  console.log(`| interactive (the app ready for input) | ${m.readyMs.toFixed(0)} ms | ≤ ${goalMs} ms ${met ? "✓" : "✗"} |`);
  console.log(`| first contentful paint | ${m.fcpMs === null ? "—" : `${m.fcpMs.toFixed(0)} ms`} | |`);
  console.log(`| bytes over the network | ${(m.bytes / 1024).toFixed(0)} KiB | |`);
  return met;
}
