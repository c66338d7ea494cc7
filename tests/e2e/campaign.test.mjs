// "Plan a campaign" on the client list, at tablet and phone sizes, in Russian and English:
// the list filtered to a tag, the campaign's channel, window and summary; the preview's
// counts (who gets it, who is skipped and why) and first rows; the confirm that plans
// one touch per client as one change; and "Undo campaign", which takes it back whole.
// Screenshots of each step; axe finds nothing on the panel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });
const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

const SIZES = {
  tablet: { viewport: { width: 1024, height: 768 }, timezoneId: "Europe/Moscow", bypassCSP: true },
  phone: { viewport: { width: 390, height: 844 }, timezoneId: "Asia/Novosibirsk", isMobile: true, hasTouch: true, bypassCSP: true },
};
const WORDS = {
  ru: { open: "Запланировать рассылку", planned: /3\s+получат/, noConsent: /1\s+пропущены: нет согласия на рекламу/, noAddress: /1\s+пропущены: некуда отправить/, done: "Рассылка запланирована: 3 отправки.", undone: "Рассылка отменена: снято 3 запланированных касания." },
  en: { open: "Plan a campaign", planned: /3\s+will get it/, noConsent: /1\s+skipped: no marketing consent/, noAddress: /1\s+skipped: nothing to send to/, done: "Campaign planned: 3 sends.", undone: "Campaign undone: 3 planned sends taken back." },
};

async function axe(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.flat().join(" >>> ")}`));
}

const planned = (page) => page.evaluate(async () => {
  const out = [];
  for (const c of window.crm.listClients()) out.push(...(await window.crm.touches(c.id)).filter((t) => t.status === "planned" && t.origin === "marketing"));
  return out.length;
});

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`a campaign is previewed, planned and undone from the client list (${lang}, ${size})`, async () => {
      const words = WORDS[lang];
      const context = await env.browser.newContext({ ...SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US" });
      await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
      await page.evaluate(async () => {
        const yes = { contact: true, marketing: true, source: "web form" };
        for (const [name, email, consent] of [
          ["ООО «Альфа»", "alfa@example.com", true], ["ИП Борисов", "borisov@example.com", true],
          ["АО «Вектор»", "vector@example.com", true], ["ЗАО «Гамма»", "gamma@example.com", false], ["ООО «Дельта»", null, true],
        ]) {
          const c = await window.crm.addClient({ name, tags: ["vip"], ...(email ? { emails: [email] } : {}) });
          if (consent) await window.crm.recordConsent(c.id, yes);
        }
        await window.crm.addClient({ name: "Не в списке", emails: ["other@example.com"] });
      });
      await page.locator("[data-screen=clients]").click();
      await page.locator("#clients-tag").selectOption("vip");
      await page.locator("#clients li[data-id]").nth(4).waitFor();
      assert.equal(await page.locator("#clients li[data-id]").count(), 5);

      await page.locator("#campaign-open", { hasText: words.open }).click();
      await page.locator("#campaign-summary").fill("Весеннее предложение");
      await screenshot(page, `campaign-${lang}-${size}-form`);
      await page.locator("#campaign-preview").click();
      await page.locator("#campaign-counts").waitFor();
      const counts = await page.locator("#campaign-counts").textContent();
      assert.match(counts, words.planned);
      assert.match(counts, words.noConsent);
      assert.match(counts, words.noAddress);
      assert.equal(await page.locator("#campaign-planned li").count(), 3);
      assert.deepEqual(await page.locator("#campaign-skipped li").evaluateAll((rows) => rows.map((r) => r.dataset.reason)), ["no_consent", "no_address"]);
      assert.equal(await planned(page), 0, "a preview writes nothing");
      assert.deepEqual(await axe(page), []);
      await screenshot(page, `campaign-${lang}-${size}-preview`);

      await page.locator("#campaign-confirm").click();
      await page.locator("#campaign-done").waitFor();
      assert.equal(await page.locator("#campaign-done").textContent(), words.done);
      assert.equal(await planned(page), 3);
      assert.equal(await page.evaluate(() => window.crm.campaigns().length), 1);
      assert.deepEqual(await axe(page), []);
      await screenshot(page, `campaign-${lang}-${size}-planned`);

      await page.locator("#campaign-undo").click();
      await page.locator("#campaign-undone").waitFor();
      assert.equal(await page.locator("#campaign-undone").textContent(), words.undone);
      assert.equal(await planned(page), 0);
      assert.ok(await page.evaluate(() => window.crm.campaigns()[0].revertedBy));
      await screenshot(page, `campaign-${lang}-${size}-undone`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
