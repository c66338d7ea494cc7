// "Try it with sample data" on a first visit: an empty base offers it; one tap adds a few
// hundred clients along the funnel with touches logged and planned; one tap removes them
// all; the offer, once answered, does not come back. RU and EN, tablet and phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });


const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };

for (const [lang, size] of [["ru", "tablet"], ["en", "phone"]]) {
  test(`sample data is offered on an empty base, added in one tap and removed in one (${lang}, ${size})`, async () => {
    const context = await env.browser.newContext({ viewport: SIZES[size] });
    await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url);
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    await page.locator("[data-screen=clients]").click();
    await page.locator("#sample-offer").waitFor();
    await screenshot(page, `sample-${lang}-${size}-offer`);
    await page.locator("#sample-add").click();
    await page.locator("#clients-done").waitFor({ timeout: 120_000 });
    const held = await page.evaluate(() => ({
      clients: window.crm.clients({ limit: 1 }).total,
      reached: window.crm.funnel({ pipeline: "sales" }).overall.steps.map((s) => s.reached),
      planned: window.crm.agenda({ days: 7 }).length,
      kinds: new Set(window.crm.listClients().map((c) => c.kind)).size,
      english: window.crm.listClients().some((c) => /^[A-Za-z]/.test(c.name)),
    }));
    assert.equal(held.clients, 300);
    assert.ok(held.reached[0] === 300 && held.reached.at(-1) < held.reached[1], `a funnel that narrows: ${held.reached}`);
    assert.ok(held.planned > 0, "touches planned for the coming days");
    assert.equal(held.kinds, 2, "firms and people");
    assert.ok(held.english, "Russian and English clients");
    assert.equal(await page.locator("#sample-offer").count(), 0);
    await screenshot(page, `sample-${lang}-${size}-added`);

    await page.locator("#sample-remove").click();
    await page.locator("#sample-remove").waitFor({ state: "detached", timeout: 120_000 });
    assert.match(await page.locator("#clients-done").textContent(), /300/);
    assert.equal(await page.evaluate(() => window.crm.clients({ limit: 1 }).total), 0);
    assert.equal(await page.locator("#sample-offer").count(), 0, "answered once, not offered again");
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    await page.locator("[data-screen=clients]").click();
    assert.equal(await page.locator("#sample-offer").count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
