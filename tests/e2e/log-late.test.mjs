// A rep logs a call made after hours: it is recorded as made (never refused — it happened),
// the rep is told which contact rule it broke, and the manager finds it among the broken
// limits under Settings → Team, with the client one tap away. RU on a tablet, EN on a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, serveAndLaunch } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });

const WORDS = {
  ru: { recorded: "Записано", rule: "Звонки только", show: "Показать за последние 30 дней" },
  en: { recorded: "Recorded", rule: "Calls only", show: "Show the last 30 days" },
};
const open = (page, selector) => page.locator(selector).evaluate((el) => (el.closest("details").open = true));

for (const [lang, size] of [["ru", "tablet"], ["en", "phone"]]) {
  test(`a call made after hours is logged as made and shown to the manager (${lang}, ${size})`, async () => {
    const { context, page, errors } = await openApp(env, { lang, size, timezoneId: "Europe/Moscow" });
    const id = await page.evaluate(async () => (await window.crm.addClient({ name: "ООО «Вечерний звон»", timeZone: "Europe/Moscow" })).id);
    await page.evaluate((clientId) => document.querySelector("ripen-crm").go("card", { id: clientId }), id);
    await page.locator("#card-name").waitFor();

    // A recent weekday at 21:30 in Moscow, the client's zone too: after the 9:00–20:00
    // call hours (and the weekday before at 11:00, within them).
    const dayOf = (n) => new Date(Date.now() - n * 86_400_000);
    const weekdayInMoscow = (date) => new Date(date.toLocaleString("en-US", { timeZone: "Europe/Moscow" })).getDay();
    let back = 1;
    while (![2, 3, 4].includes(weekdayInMoscow(dayOf(back)))) back += 1;
    const day = dayOf(back).toLocaleDateString("sv-SE", { timeZone: "Europe/Moscow" });
    await open(page, "#log");
    await page.locator("#log-channel").selectOption("call");
    await page.locator("#log-at").fill(`${day}T21:30`);
    await page.locator("#log-summary").fill(lang === "ru" ? "Перезвонил сам, обсудили счёт" : "Called back, discussed the invoice");
    await page.locator("#log-save").click();
    const told = page.locator("#card-broke");
    await told.waitFor();
    const text = await told.textContent();
    assert.ok(text.startsWith(WORDS[lang].recorded), text);
    assert.ok(text.includes(WORDS[lang].rule), text);
    const touches = await page.evaluate(async (clientId) => window.crm.touches(clientId), id);
    assert.equal(touches.length, 1);
    assert.equal(touches[0].status, "done");
    assert.equal(new Date(touches[0].doneAt).toISOString(), new Date(`${day}T21:30:00+03:00`).toISOString());
    await screenshot(page, `log-late-${lang}-${size}-card`);

    // A call inside the hours, a day and a half before (the 24-hour gap kept too), says
    // nothing of rules.
    const dayBefore = dayOf(back + 1).toLocaleDateString("sv-SE", { timeZone: "Europe/Moscow" });
    await open(page, "#log");
    await page.locator("#log-at").fill(`${dayBefore}T11:00`);
    await page.locator("#log-save").click();
    await page.locator("#card-broke").waitFor({ state: "detached" });
    assert.equal(await page.evaluate(async (clientId) => (await window.crm.touches(clientId)).length, id), 2);

    // The manager's list of broken limits names the client and the rule.
    await page.locator("[data-screen=settings]").click();
    await page.locator("#settings-parts [data-part=team]").click();
    await page.locator("#screen-settings[data-part=team]").waitFor();
    await page.getByText(WORDS[lang].show).click();
    const row = page.locator("#team-breaches li");
    await row.waitFor();
    assert.equal(await row.count(), 1, "only the call after hours");
    assert.match(await row.textContent(), /Вечерний звон/);
    assert.ok((await row.textContent()).includes(WORDS[lang].rule));
    await screenshot(page, `log-late-${lang}-${size}-team`);
    await row.locator("button").click();
    await page.locator("#card-name").waitFor();
    assert.equal(await page.locator("#card-name").textContent(), "ООО «Вечерний звон»");
    assert.deepEqual(errors, []);
    await context.close();
  });
}
