// A trade show as a team lives it, on a tablet on the counter and on a rep's phone, in
// Russian and English: the head of sales adds the show (days, place, stand, the team at
// it, the stage its leads start at); the capture form then asks the show's questions, a
// hot / warm / cold rating and the consent, one tap each, and keeps the lead with its
// card at the show's stage; the stand screen counts leads today, per hour and per rep,
// lists the hot ones and those nobody owns; after the show one action previews a
// follow-up for every lead — hot first, inside the contact rules — and plans them.
// Screenshots of the capture form and the stand are kept in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SIZES, screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });
const WORDS = {
  ru: { tab: "Стенд", atShow: "На выставке «Иннопром»", hot: "горячий", planned: "Запланировано касаний: 3." },
  en: { tab: "Stand", atShow: "At Иннопром", hot: "hot", planned: "3 follow-ups planned." },
};
const inApp = (selector) => `document.querySelector("ripen-crm").shadowRoot.querySelector(${JSON.stringify(selector)})`;

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`a team works a trade show from the stand to the follow-ups (${lang}, ${size})`, async () => {
      const tag = `${lang}-${size}`;
      const words = WORDS[lang];
      const context = await env.browser.newContext({ viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: "Europe/Moscow", hasTouch: size === "phone" });
      await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");

      // The head of sales adds the show: today and the two days after.
      await page.locator("[data-screen=stand]").click();
      await page.locator("#screen-stand").waitFor();
      assert.equal(await page.locator("[data-screen=stand]").textContent(), words.tab);
      const day = (offset) => page.evaluate((offset) => {
        const d = new Date(Date.now() + offset * 86_400_000);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
      }, offset);
      await page.locator("#show-name-new").fill("Иннопром");
      await page.locator("#show-starts-new").fill(await day(0));
      await page.locator("#show-ends-new").fill(await day(2));
      await page.locator("#show-place-new").fill("Екатеринбург-Экспо");
      await page.locator("#show-stand-new").fill("B-14");
      await page.locator("#show-save-new").click();
      await page.locator("#stand-dashboard").waitFor();
      assert.match(await page.locator("#stand-facts").textContent(), /B-14/);

      // Three leads at the counter: the show's questions and the rating, one tap each.
      await page.locator("[data-screen=capture]").click();
      await page.locator("#capture-show").waitFor();
      assert.equal(await page.locator("#capture-show > legend").textContent(), words.atShow);
      const leads = [
        { name: "ООО «Уралмаш»", phone: "+7 343 200-00-01", rating: "hot", marketing: true },
        { name: "ИП Кузнецов", phone: "+7 343 200-00-02", rating: "warm", marketing: false },
        { name: "Anna Schmidt", email: "anna@example.de", rating: "cold", marketing: false },
      ];
      for (const lead of leads) {
        await page.locator("#capture-name").fill(lead.name);
        if (lead.phone) await page.locator("#capture-phone").fill(lead.phone);
        if (lead.email) await page.locator("#capture-email").fill(lead.email);
        // The first option of the first question (the interest), and the rating.
        await page.locator("#capture-show .chips button").first().click();
        await page.locator(`#capture-rating-${lead.rating}`).click();
        if (lead.marketing) await page.locator("#capture-consent-marketing").check();
        if (lead === leads[0]) await screenshot(page, `stand-capture-${tag}`);
        await page.locator("#capture-save").click();
        await page.locator("#capture-done").waitFor({ state: "visible" });
        assert.equal(await page.evaluate(`${inApp("#capture-rating-hot")}.getAttribute("aria-pressed")`), "false", "the form is blank for the next lead");
      }
      const kept = await page.evaluate(() => {
        const [show] = window.crm.shows();
        return window.crm.listClients().map((c) => ({ name: c.name, lead: window.crm.lead(c.id), consent: window.crm.consents(c.id).at(-1), stage: window.crm.cards(c.id)[0]?.stage, showStage: show.stage }));
      });
      assert.equal(kept.length, 3);
      for (const k of kept) {
        assert.equal(k.stage, k.showStage, `${k.name}: its card at the show's stage`);
        assert.ok(Object.keys(k.lead.answers).length >= 1, `${k.name}: its answer kept`);
      }
      assert.deepEqual(kept.map((k) => k.lead.rating).sort(), ["cold", "hot", "warm"]);
      assert.deepEqual(kept.map((k) => k.consent.marketing), [true, false, false]);

      // The stand: figures across the counter.
      await page.locator("[data-screen=stand]").click();
      await page.locator("#stand-dashboard").waitFor();
      assert.equal((await page.locator("#stand-today .tile-value").textContent()).trim(), "3");
      assert.equal((await page.locator("#stand-hot .tile-value").textContent()).trim(), "1");
      assert.match(await page.locator("#stand-hot-list").textContent(), /Уралмаш/);
      await screenshot(page, `stand-dashboard-${tag}`);

      // After the show: the plan first, then the touches.
      await page.locator("#follow-preview").click();
      await page.locator("#follow-result p, #follow-error:not([hidden])").first().waitFor();
      assert.equal(await page.locator("#follow-error").isVisible(), false, await page.locator("#follow-error").textContent());
      assert.equal(await page.locator("#follow-refused li").count(), 0, await page.locator("#follow-result").textContent());
      const first = await page.locator("#follow-planned li").first().textContent();
      assert.match(first, new RegExp(words.hot), "hot leads first");
      assert.equal(await page.evaluate(async () => (await Promise.all(window.crm.listClients().map((c) => window.crm.touches(c.id)))).flat().length), 0, "a preview writes nothing");
      await screenshot(page, `stand-follow-ups-${tag}`);
      await page.locator("#follow-commit").click();
      await page.locator("#follow-done").waitFor();
      assert.equal(await page.locator("#follow-done").textContent(), words.planned);
      const touches = await page.evaluate(async () => (await Promise.all(window.crm.listClients().map((c) => window.crm.touches(c.id)))).flat());
      assert.equal(touches.length, 3);
      assert.ok(touches.every((t) => t.status === "planned"));
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
