// The contact budget on a client card, at tablet and phone sizes, in Russian and English:
// a person of a company whose sales calls are at the company's limit (two in 7 days, one
// of them a colleague's) and whose marketing send of today fills the day. The card shows
// "2 of 2" for the company's calls with the scope named, the next call and marketing slot
// as `checkTouch` answers, the colleague's touch in the timeline by name — and, for a
// manager who may not see the colleague, as "another contact of the company". axe finds
// nothing on the card; screenshots of the block land in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { artifacts, dayAtInZone, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const env = await serveAndLaunch({ before, after });

const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };
const WORDS = {
  ru: { title: "Бюджет касаний", used: "2 из 2", scope: "компания", another: "другой контакт компании", tomorrow: "завтра", calls: "Звонки", marketing: "Маркетинг" },
  en: { title: "Contact budget", used: "2 of 2", scope: "company", another: "another contact of the company", tomorrow: "tomorrow", calls: "Calls", marketing: "Marketing" },
};
/** The page runs in Moscow, as do the clients: "yesterday" is yesterday there. */
const ZONE = "Europe/Moscow";
const at = (days, hhmm) => `${dayAtInZone(ZONE, days, hhmm)}:00+03:00`;

const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready");
const text = (page, selector) => page.locator(selector).innerText();

/** A picture of the block alone, the app's fixed bars (header, phone tab bar) hidden
 * while it is taken so that they do not cover it. */
async function shoot(page, name) {
  const bars = (visibility) => page.evaluate((v) => {
    for (const el of document.querySelector("ripen-crm").shadowRoot.querySelectorAll("*")) {
      if (["fixed", "sticky"].includes(getComputedStyle(el).position) || el.dataset.budgetBar) {
        el.dataset.budgetBar = "1";
        el.style.visibility = v;
      }
    }
  }, visibility);
  await bars("hidden");
  await page.locator("#card-budget").screenshot({ path: path.join(artifacts, `${name}.png`) });
  await bars("");
}

async function axe(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id} at ${node.target.flat().join(" >>> ")}`));
}

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`the card explains the contact budget (${lang}, ${size})`, async () => {
      const words = WORDS[lang];
      const context = await env.browser.newContext({
        viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: ZONE,
        hasTouch: size === "phone", isMobile: size === "phone", bypassCSP: true,
      });
      await context.addInitScript((l) => localStorage.setItem("ripen.lang", l), lang);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await ready(page);
      const times = { borisCall: at(-2, "10:00"), annaCall: at(-1, "11:00"), send: at(0, "00:01") };
      const { anna } = await page.evaluate(async (t) => {
        const crm = window.crm;
        await crm.saveUser(crm.user, { name: "Админ", role: "admin" });
        await crm.saveTeam("msk", { name: "Москва" });
        await crm.saveUser("vera", { name: "Вера Смирнова", role: "manager", team: "msk" });
        const company = await crm.addClient({ name: "ООО «Ромашка»", kind: "company", timeZone: "Europe/Moscow", owner: "vera" });
        const anna = await crm.addClient({ name: "Анна Петрова", kind: "person", phones: ["+7 495 200-00-00"], emails: ["anna@romashka.ru"], owner: "vera" });
        const boris = await crm.addClient({ name: "Борис Ковалёв", kind: "person", phones: ["+7 495 200-00-01"] });
        for (const person of [anna, boris]) await crm.link(company.id, person.id, "employee");
        await crm.recordConsent(anna.id, { contact: true, marketing: true, source: "stand" });
        const done = { summary: "звонок", result: "ok" };
        await crm.logTouch({ clientId: boris.id, channel: "call", at: t.borisCall, ...done });
        await crm.logTouch({ clientId: anna.id, channel: "call", at: t.annaCall, ...done });
        await crm.logTouch({ clientId: anna.id, channel: "marketing_send", origin: "marketing", at: t.send, ...done });
        return { anna: anna.id };
      }, times);

      const show = async () => {
        await page.evaluate((id) => document.querySelector("ripen-crm").go("card", { id }), anna);
        await page.locator("#card-budget").waitFor();
      };
      await show();
      assert.equal((await text(page, "#card-budget h3")).trim(), words.title);

      // The company's calls: both counted, the colleague's too, the scope said.
      const calls = page.locator('#card-budget-rules li[data-rule="sales_calls_per_company"]');
      const callsText = await calls.innerText();
      assert.ok(callsText.includes(words.used) && callsText.includes(words.scope), callsText);
      assert.equal(await calls.getAttribute("data-open"), "false");
      assert.equal(await calls.locator(".budget-dots .dot.used").count(), 2);
      // Marketing: one send a day, used today.
      const daily = await text(page, '#card-budget-rules li[data-rule="marketing_per_day"]');
      assert.ok(daily.includes(lang === "ru" ? "1 из 1" : "1 of 1"), daily);

      // The next slots are the check's: the same moment, said as the block says moments.
      const expected = await page.evaluate(async (id) => {
        const { slotTime } = await import(new URL("ui/card-budget.js", document.baseURI).href);
        const strings = document.querySelector("ripen-crm").strings?.budget;
        const check = (channel, origin) => window.crm.checkTouch({ clientId: id, channel, origin }).nextClearAt;
        const budget = window.crm.contactBudget(id);
        const slot = (channel) => budget.channels.find((c) => c.channel === channel);
        return {
          call: slot("call").sales.clearAt, callCheck: check("call", "sales"),
          marketing: slot("marketing_send").marketing.clearAt, marketingCheck: check("marketing_send", "marketing"),
          lang: document.querySelector("ripen-crm").lang, hasStrings: Boolean(strings),
          callText: strings ? slotTime(document.querySelector("ripen-crm").lang, strings, slot("call").sales.clearAt) : null,
        };
      }, anna);
      assert.equal(expected.call, expected.callCheck);
      assert.equal(expected.marketing, expected.marketingCheck);
      // The calls wait for the colleague's call to leave the 7 days (call hours may push it on).
      assert.ok(new Date(expected.call) >= new Date(Date.parse(times.borisCall) + 7 * 86_400_000), expected.call);
      const callSlot = await text(page, '#card-budget-slots li[data-channel~="call"][data-origin="sales"]');
      assert.ok(callSlot.startsWith(words.calls), callSlot);
      if (expected.callText) assert.ok(callSlot.includes(expected.callText), `${callSlot} / ${expected.callText}`);
      // Marketing: the day is full, and the gap after today's send: tomorrow.
      const marketingSlot = await text(page, '#card-budget-slots li[data-origin="marketing"]');
      assert.ok(marketingSlot.startsWith(words.marketing) && marketingSlot.includes(words.tomorrow), marketingSlot);

      // The timeline: the colleague's call by name for someone who sees him.
      const timeline = await text(page, "#card-budget-timeline");
      assert.ok(timeline.includes("Борис Ковалёв"), timeline);
      assert.equal(await page.locator("#card-budget-timeline li[data-status]").count(), 3);
      assert.deepEqual(await axe(page), []);
      await shoot(page, `card-budget-${lang}-${size}`);

      // Bad input is a typed error, before anything is read.
      const refusals = await page.evaluate((id) => [
        () => window.crm.contactBudget("no-such-client"),
        () => window.crm.contactBudget(id, { at: "tomorrow" }),
        () => window.crm.contactBudget(id, { when: "2026-03-01T00:00:00Z" }),
        () => window.crm.contactBudget(42),
      ].map((call) => { try { call(); return "answered"; } catch (e) { return `${e.kind}:${e.field ?? ""}`; } }), anna);
      assert.deepEqual(refusals.map((r) => r.split(":")[0]), ["not_found", "validation", "validation", "validation"], String(refusals));
      assert.equal(refusals[1], "validation:at");

      // Vera sees Анна but not Борис: his call is counted, not named.
      const hidden = await page.evaluate(async (id) => {
        await window.crm.switchUser("vera");
        const budget = window.crm.contactBudget(id);
        return budget.rules.find((r) => r.rule === "sales_calls_per_company").limit.touches.map((t) => [t.own, t.client, t.clientName]);
      }, anna);
      assert.deepEqual(hidden.map(([own]) => own), [false, true]);
      assert.deepEqual(hidden[0].slice(1), [null, null]);
      await show();
      const veraTimeline = await text(page, "#card-budget-timeline");
      assert.ok(veraTimeline.includes(words.another) && !veraTimeline.includes("Борис"), veraTimeline);
      assert.ok((await calls.innerText()).includes(words.used));
      assert.deepEqual(await axe(page), []);
      await shoot(page, `card-budget-hidden-${lang}-${size}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
