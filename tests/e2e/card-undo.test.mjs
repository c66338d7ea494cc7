// The card's words for what used to read raw: an undo that a later change stands in the
// way of says which change, by whom and when; a former name says it in the reader's
// language, with its day. RU and EN.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });

const WORDS = {
  ru: { blocked: /Мешает более позднее изменение: .*Регион: Сибирь → Урал.*Сначала отмените его/, former: /прежнее название до 1 мар\. 2025/ },
  en: { blocked: /A later change stands in the way: .*Region: Сибирь → Урал.*Undo that one first/, former: /former name until Mar 1, 2025/ },
};

for (const lang of ["ru", "en"]) {
  test(`an undo in the way of a later change names it; a former name is said in words (${lang})`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url);
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    const id = await page.evaluate(async () => {
      const c = await window.crm.addClient({ name: "ООО «Сибмоторс»" });
      await window.crm.updateClient(c.id, { region: "Сибирь" });
      await window.crm.updateClient(c.id, { region: "Урал" });
      await window.crm.rename(c.id, { name: "АО «Сибмоторс»", since: "2025-03-01" });
      return c.id;
    });
    await page.locator("[data-screen=clients]").click();
    await page.locator(`#clients li[data-id="${id}"] .name, #clients li[data-id="${id}"] button`).first().click();
    await page.locator("#card-timeline li").first().waitFor();
    assert.match(await page.locator("#screen-card, main").first().textContent(), WORDS[lang].former);
    // Undo the first region change: the second one stands in the way.
    const first = page.locator('#card-timeline li[data-type="client_updated"]').filter({ hasText: "— → Сибирь" });
    await first.locator("button").click();
    await page.locator("#card-error").waitFor({ state: "visible" });
    assert.match(await page.locator("#card-error").textContent(), WORDS[lang].blocked);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
