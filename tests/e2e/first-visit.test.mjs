// A first visit on a slow network, as Lighthouse mobile measures it (its score is in
// `cargo xtask bench`): the engine travels brotli-compressed (gzip to a client that takes
// only that), its download starts with the page (preloaded, not after the modules that
// import it), the app is drawn and styled while it downloads, and nothing drawn moves
// afterwards (no layout shift), on a tablet and a phone, in RU and EN.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";
import http from "node:http";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

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
      // When "opening" was first on screen, on the page's clock.
      const watch = () => {
        const opening = document.querySelector("ripen-crm")?.shadowRoot?.getElementById("opening");
        if (opening && opening.checkVisibility()) window.__openingAt ??= performance.now();
        if (document.documentElement?.dataset.state !== "ready") requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    }, lang);
    const page = await context.newPage();
    const errors = watchErrors(page);
    // Slow 4G, as Lighthouse simulates it.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
    const wasm = page.waitForResponse((r) => r.url().endsWith("/pkg/ripen_wasm_bg.wasm"));
    const requested = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(env.server.url);
    const response = await wasm;
    assert.equal((await response.allHeaders())["content-encoding"], "br");
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready", null, { timeout: 60_000 });
    const { openingAt, wasmDone } = await page.evaluate(() => ({
      openingAt: window.__openingAt,
      wasmDone: performance.getEntriesByType("resource").find((e) => e.name.endsWith("/pkg/ripen_wasm_bg.wasm"))?.responseEnd,
    }));
    assert.ok(openingAt < wasmDone, `the app said it is opening (${openingAt} ms) while the engine downloaded (until ${wasmDone} ms)`);
    // The preload is the download the engine uses (a mismatch would fetch it twice), and it
    // starts before the app's own modules are even asked for.
    assert.equal(requested.filter((p) => p.endsWith("/pkg/ripen_wasm_bg.wasm")).length, 1, requested.join("\n"));
    const wasmAt = requested.findIndex((p) => p.endsWith("/pkg/ripen_wasm_bg.wasm"));
    const firstUi = requested.findIndex((p) => p.includes("/ui/"));
    assert.ok(wasmAt < firstUi, `the engine is requested before the app's modules: ${requested.join(", ")}`);
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

test("a client that takes only gzip gets the engine gzipped by the build, whole", async () => {
  const url = new URL("pkg/ripen_wasm_bg.wasm", env.server.url);
  const { headers, body } = await new Promise((resolve, reject) => {
    http.get(url, { headers: { "accept-encoding": "gzip" } }, (response) => {
      const parts = [];
      response.on("data", (part) => parts.push(part));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(parts) }));
    }).on("error", reject);
  });
  assert.equal(headers["content-encoding"], "gzip");
  const wasm = gunzipSync(body);
  const built = readFileSync(new URL("../../www/pkg/ripen_wasm_bg.wasm", import.meta.url));
  assert.ok(wasm.equals(built), "the gzipped engine is the built one");
  assert.ok(body.length < built.length / 2, `gzip: ${body.length} of ${built.length} bytes`);
});
