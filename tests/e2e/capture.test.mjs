// Quick capture as a rep uses it at a stand east of Moscow (the device in Novosibirsk),
// at tablet and phone sizes, in Russian and English: a lead in three taps plus typing,
// its time zone the device's or the phone's, its default next step allowed by the call
// hours, the stand's pipeline stage set; a refused next step keeps the form and never
// adds the lead twice; an empty time is said on its field; a double tap saves once;
// Enter moves on and never saves a name alone; a bad phone is named; what is typed
// survives a look at a duplicate and a reload; a company typed loosely is linked to the
// one in the base. The taps and seconds per lead are printed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dayAtInZone, screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });
const timings = [];

after(() => {
  console.log("\nquick capture, a scripted rep (device in Asia/Novosibirsk):");
  console.log("| language, size | taps per lead (plus typing) | seconds per lead |");
  console.log("|---|---|---|");
  for (const t of timings) console.log(`| ${t.tag} | ${t.taps} | ${(t.ms / 1000).toFixed(2)} |`);
});

const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };
const WORDS = {
  ru: { when: "Когда", phone: "Телефон", savedNot: "но не его следующий шаг" },
  en: { when: "When", phone: "Phone", savedNot: "but not its next step" },
};

const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready");
const clients = (page) => page.evaluate(() => window.crm.listClients().map((c) => ({ id: c.id, name: c.name, kind: c.kind })));
/** Tomorrow at `hh:mm` on the page's clock (Novosibirsk). */
const tomorrowAt = (hhmm) => dayAtInZone("Asia/Novosibirsk", 1, hhmm);

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`a rep captures leads at a stand east of Moscow (${lang}, ${size})`, async () => {
      const tag = `${lang}-${size}`;
      const words = WORDS[lang];
      const context = await env.browser.newContext({ viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: "Asia/Novosibirsk", hasTouch: size === "phone" });
      await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await ready(page);
      const $ = (id) => page.locator(`#capture-${id}`);

      // A lead as fast as a rep can: tap, type, tap, type, tap Save.
      let taps = 0;
      const tap = async (locator) => {
        taps += 1;
        await locator.click();
      };
      const started = Date.now();
      await tap($("name"));
      await page.keyboard.type("ООО «Сибирские моторы»");
      await tap($("phone"));
      await page.keyboard.type("+7 383 209-00-00");
      await tap($("save"));
      await $("done").waitFor({ state: "visible" });
      timings.push({ tag, taps, ms: Date.now() - started });
      const [motors] = await clients(page);
      const held = await page.evaluate(async (id) => ({
        zone: window.crm.getClient(id).timeZone,
        touches: (await window.crm.touches(id)).map((t) => t.status),
        stage: window.crm.cards(id)[0]?.stage,
        first: window.crm.pipelines()[0].stages[0].id,
      }), motors.id);
      assert.equal(held.zone, "Asia/Novosibirsk", "the device's zone, which the phone's region agrees with");
      assert.deepEqual(held.touches, ["planned"], "tomorrow 10:00 in Novosibirsk is within the call hours");
      assert.equal(held.stage, held.first, "the stand's stage");
      assert.equal(await $("name").inputValue(), "");

      // A next step at 03:00 is refused by the call hours: the lead is saved, the form
      // keeps the step to change; saving again plans it and does not add the lead twice.
      await $("name").fill("ИП Кузнецов");
      await $("when").fill(tomorrowAt("03:00"));
      await $("save").click();
      await $("error").waitFor({ state: "visible" });
      assert.match(await $("error").textContent(), new RegExp(words.savedNot));
      await $("pending").waitFor({ state: "visible" });
      assert.equal(await $("name").inputValue(), "ИП Кузнецов");
      await screenshot(page, `capture-${tag}-next-step-refused`);
      await $("when").fill(tomorrowAt("11:00"));
      await $("save").click();
      await $("done").waitFor({ state: "visible" });
      const afterRetry = await clients(page);
      assert.equal(afterRetry.filter((c) => c.name === "ИП Кузнецов").length, 1, "saved once");
      const kuznetsov = afterRetry.find((c) => c.name === "ИП Кузнецов");
      assert.deepEqual(await page.evaluate(async (id) => (await window.crm.touches(id)).map((t) => t.status), kuznetsov.id), ["planned"]);

      // No time for the next step: said on the field, nothing saved.
      const count = (await clients(page)).length;
      await $("name").fill("ООО «Без времени»");
      await $("when").fill("");
      await $("save").click();
      await $("error").waitFor({ state: "visible" });
      assert.match(await $("error").textContent(), new RegExp(`^${words.when}:`));
      assert.doesNotMatch(await $("error").textContent(), /Invalid time value/);
      assert.equal(await $("when").getAttribute("aria-invalid"), "true");
      assert.equal((await clients(page)).length, count);
      await $("goal").selectOption("");

      // A double tap saves once.
      await $("name").fill("ООО «Двойное нажатие»");
      await $("save").dblclick();
      await $("done").waitFor({ state: "visible" });
      await page.waitForTimeout(300);
      assert.equal((await clients(page)).filter((c) => c.name === "ООО «Двойное нажатие»").length, 1);

      // Enter in the name moves on; a name alone is not saved by accident.
      await $("name").fill("ООО «Энтер»");
      await $("name").press("Enter");
      assert.equal(await page.evaluate(() => document.querySelector("ripen-crm").shadowRoot.activeElement?.id), "capture-kind");
      assert.equal((await clients(page)).filter((c) => c.name === "ООО «Энтер»").length, 0);

      // A bad phone is named.
      await $("phone").fill("12");
      await $("save").click();
      await $("error").waitFor({ state: "visible" });
      assert.match(await $("error").textContent(), new RegExp(`^${words.phone}:`));
      assert.equal(await $("phone").getAttribute("aria-invalid"), "true");
      assert.equal((await clients(page)).filter((c) => c.name === "ООО «Энтер»").length, 0);
      await screenshot(page, `capture-${tag}-bad-phone`);

      // What is typed survives a look at a possible duplicate, and a reload.
      await $("phone").fill("");
      await $("name").fill("Сибирские моторы");
      await $("duplicates").locator("li").first().waitFor();
      await $("duplicates").locator("button").first().click();
      await page.locator("#screen-card, [id^=screen-card]").first().waitFor();
      await page.locator("[data-screen=capture]").click();
      assert.equal(await $("name").inputValue(), "Сибирские моторы");
      await page.reload();
      await ready(page);
      assert.equal(await $("name").inputValue(), "Сибирские моторы");

      // A person at a company typed loosely (no quotes, no legal form, any case): linked to
      // the one in the base, no second company.
      await $("kind").selectOption("person");
      await $("name").fill("Анна Петрова");
      await $("company").fill("сибирские моторы");
      await $("save").click();
      await $("done").waitFor({ state: "visible" });
      const all = await clients(page);
      assert.equal(all.filter((c) => c.kind === "company" && /ибирские моторы/.test(c.name)).length, 1);
      const anna = all.find((c) => c.name === "Анна Петрова");
      const links = await page.evaluate((id) => window.crm.relationships(id).map((r) => r.with?.id ?? r.from ?? r.to), anna.id);
      assert.ok(JSON.stringify(links).includes(motors.id), JSON.stringify(links));
      await screenshot(page, `capture-${tag}-saved`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
