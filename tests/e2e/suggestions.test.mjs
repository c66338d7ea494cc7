// Today's "Suggested" section, at tablet and phone sizes, in Russian and English: under
// the due touches, the next best touch of each client in sight that can have one — the
// client, why now in the reader's words, the channel (a client who finds calls
// inconvenient gets a message) and the time; a client with no address, or with a touch
// already planned, is not there. "Plan" plans it in one tap: the row leaves and the touch
// joins the client's row in the agenda. Screenshots before and after; axe finds nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { SIZES, screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// Tuesday 8 December 2026, 11:00 in Moscow: inside every client's hours.
const NOW = "2026-12-08T08:00:00Z";
const WORDS = {
  ru: { heading: "Предлагаем", plan: "Запланировать", date: "повод поздравить", lead: "Заявка с сайта ждёт", message: "Сообщение", call: "Звонок", goal: "Поздравить" },
  en: { heading: "Suggested", plan: "Plan", date: "a reason to congratulate", lead: "A lead from the website has waited", message: "Message", call: "Call", goal: "Congratulate" },
};

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`Today suggests the next best touch and plans it in one tap (${lang}, ${size})`, async () => {
      const words = WORDS[lang];
      const context = await env.browser.newContext({
        viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: "Europe/Moscow",
        hasTouch: size === "phone", bypassCSP: true,
      });
      await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
      const page = await context.newPage();
      await page.clock.setFixedTime(new Date(NOW));
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");

      const ids = await page.evaluate(async () => {
        const crm = window.crm;
        const birthday = await crm.addClient({
          name: "ООО «Подсолнух»", phones: ["+7 913 000 11 22"], inconvenientChannels: ["call"], timeZone: "Europe/Moscow",
          dates: [{ kind: "birthday", label: "директор", month: 12, day: 11 }],
        });
        const lead = await crm.addClient({ name: "ИП Заявкин", phones: ["+7 913 000 11 23"], source: "web", timeZone: "Europe/Moscow" });
        const mute = await crm.addClient({ name: "АО «Молчун»", timeZone: "Europe/Moscow" });
        const busy = await crm.addClient({ name: "ООО «Занято»", emails: ["busy@example.com"], timeZone: "Europe/Moscow" });
        await crm.planTouch({
          clientId: busy.id, channel: "email", at: new Date(Date.now() + 26 * 3600_000).toISOString(),
          goal: "send_offer", approach: "по прайсу", plannedResult: "ответ",
        });
        return { birthday: birthday.id, lead: lead.id, mute: mute.id, busy: busy.id };
      });
      await page.locator("[data-screen=agenda]").click();
      const section = page.locator("#suggestions");
      const suggested = (id) => section.locator(`li[data-client="${id}"]`);
      await suggested(ids.birthday).waitFor();

      assert.equal(await section.locator("h3").innerText(), words.heading);
      const shown = await section.locator("li.suggestion").evaluateAll((rows) => rows.map((r) => [r.dataset.client, r.dataset.hook]));
      // The web lead first (the most urgent), then the birthday; no one without an address
      // or with a touch planned.
      assert.deepEqual(shown, [[ids.lead, "web_lead"], [ids.birthday, "date"]]);
      const birthdayRow = suggested(ids.birthday);
      assert.match(await birthdayRow.locator(".why").innerText(), new RegExp(words.date));
      assert.match(await birthdayRow.locator(".when").innerText(), new RegExp(`^${words.message} · `));
      assert.match(await suggested(ids.lead).locator(".why").innerText(), new RegExp(words.lead));
      assert.match(await suggested(ids.lead).locator(".when").innerText(), new RegExp(`^${words.call} · `));
      await screenshot(page, `suggestions-${lang}-${size}`);

      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
      assert.deepEqual(violations.map((v) => `${v.impact} ${v.id} at ${v.nodes.map((n) => n.target).join(", ")}`), [], "axe finds nothing on Today with suggestions");

      // One tap plans it: the row leaves, and the touch is on the client's agenda row.
      const agendaTouches = page.locator(`#agenda > li[data-client="${ids.birthday}"] li.touch`);
      assert.equal(await agendaTouches.count(), 0);
      await birthdayRow.getByRole("button", { name: lang === "ru" ? /Запланировать/ : /Plan/ }).click();
      await agendaTouches.first().waitFor();
      assert.equal(await suggested(ids.birthday).count(), 0);
      assert.equal(await suggested(ids.lead).count(), 1);
      const planned = await page.evaluate(async (id) => (await window.crm.touches(id)).filter((t) => t.status === "planned")
        .map((t) => [t.channel, t.goal, t.overrideReason ?? null]), ids.birthday);
      assert.deepEqual(planned, [["message", "congratulate", null]], "planned as suggested, with no override");
      assert.equal(await agendaTouches.first().locator(".goal").innerText(), words.goal);
      await screenshot(page, `suggestions-${lang}-${size}-planned`);

      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
