// A first visit on a slow network, as Lighthouse mobile measures it (its score is in
// `cargo xtask bench`): the engine travels brotli-compressed, the app is drawn and styled
// before its download begins, and nothing drawn moves afterwards (no layout shift), on a
// tablet and a phone, in RU and EN.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });

const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };

for (const [lang, size] of [["ru", "tablet"], ["en", "phone"], ["en", "tablet"], ["ru", "phone"]]) {
  test(`a first visit on a slow network draws the app at once and shifts nothing (${lang}, ${size})`, async () => {
    const context = await env.browser.newContext({ viewport: SIZES[size] });
    await context.addInitScript((lang) => {
      localStorage.setItem("ripen.lang", lang);
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.__shifts.push({ value: entry.value, nodes: entry.sources.map((s) => s.node?.id || s.node?.nodeName || "?") });
        }
      }).observe({ type: "layout-shift", buffered: true });
    }, lang);
    const page = await context.newPage();
    const errors = watchErrors(page);
    // Slow 4G, as Lighthouse simulates it.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
    const wasm = page.waitForResponse((r) => r.url().endsWith("/pkg/ripen_wasm_bg.wasm"));
    let openingShownBeforeWasm = null;
    page.on("request", async (request) => {
      if (request.url().endsWith("/pkg/ripen_wasm_bg.wasm") && openingShownBeforeWasm === null) {
        openingShownBeforeWasm = false;
        openingShownBeforeWasm = await page.locator("#opening").isVisible().catch(() => false);
      }
    });
    await page.goto(env.server.url);
    const response = await wasm;
    assert.equal((await response.allHeaders())["content-encoding"], "br");
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready", null, { timeout: 60_000 });
    assert.ok(openingShownBeforeWasm, "the app said it is opening before the engine's download began");
    // The first screen is drawn and the page settles.
    await page.locator("#capture-name").waitFor();
    await page.waitForTimeout(500);
    const shifts = await page.evaluate(() => window.__shifts);
    const total = shifts.reduce((sum, s) => sum + s.value, 0);
    assert.ok(total <= 0.01, `layout shifted by ${total.toFixed(3)}: ${JSON.stringify(shifts)}`);
    await screenshot(page, `first-visit-${lang}-${size}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
