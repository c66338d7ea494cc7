// Today as a to-do list, at tablet and phone sizes, in Russian and English: one row per
// client with its planned touches grouped under it in time order, each with its time,
// channel and goal, the overdue ones marked; a touch done with a result (its client, with
// nothing else due today, leaving the list), one moved to the earliest time the contact
// rules allow (the old one gone; a refused time leaves it as it was), one cancelled with a
// reason, and a past call logged with its summary (one of ours outside call hours refused
// beside the row) — each in one tap to open and one to confirm; and a web lead waiting
// for a first touch, with how long it has waited, gone once someone is in touch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });


const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };
const WORDS = {
  ru: {
    done: "Выполнено", reschedule: "Перенести", cancel: "Отменить", log: "Записать, что было", overdue: "просрочено",
    confirmDone: "Отметить выполненным", confirmReschedule: "Перенести", confirmCancel: "Отменить касание", confirmLog: "Сохранить",
    offer: "Отправить КП", email: "E-mail", message: "Сообщение", meeting: "Встреча",
  },
  en: {
    done: "Done", reschedule: "Move", cancel: "Cancel", log: "Log what happened", overdue: "overdue",
    confirmDone: "Mark done", confirmReschedule: "Move it", confirmCancel: "Cancel the touch", confirmLog: "Save",
    offer: "Send an offer", email: "E-mail", message: "Message", meeting: "Meeting",
  },
};

/** The last Sunday at 22:00 already past, as the datetime-local field takes it. */
const lastSundayNight = () => {
  const at = new Date();
  at.setDate(at.getDate() - (at.getDay() || 7));
  const pad = (n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T22:00`;
};
const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready");
const plannedOf = (page, id) => page.evaluate(async (id) =>
  (await window.crm.touches(id)).filter((t) => t.status === "planned").map((t) => t.id), id);

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`Today works like a to-do list (${lang}, ${size})`, async () => {
      const words = WORDS[lang];
      const context = await env.browser.newContext({ viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: "Europe/Moscow", hasTouch: size === "phone" });
      await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await ready(page);

      // Every client has one overdue touch (so it is on today's list at any hour) and one
      // or two ahead; e-mails and messages, with an override for the 24-hour warning.
      const ids = await page.evaluate(async () => {
        const hour = 3600_000;
        const at = (hours) => new Date(Date.now() + hours * hour).toISOString();
        const plan = (clientId, channel, hours, goal) => window.crm.planTouch({
          clientId, channel, at: at(hours), goal, approach: "по прайсу", plannedResult: "ответ клиента", override: "test",
        });
        const ids = [];
        for (const [name, touches] of [
          ["ООО «Альфа»", [["email", -26, "send_offer"], ["message", 50, "offer_follow_up"], ["email", 75, "request_details"]]],
          ["ИП Борисов", [["message", -3, "identify_need"], ["email", 28, "send_offer"]]],
          ["АО «Вектор»", [["email", -50, "request_payment"], ["meeting", 100, "schedule_meeting"], ["message", 130, "repeat_sale"]]],
        ]) {
          const c = await window.crm.addClient({ name, phones: ["+7 495 100-00-0" + ids.length], timeZone: "Europe/Moscow" });
          for (const [channel, hours, goal] of touches) await plan(c.id, channel, hours, goal);
          ids.push(c.id);
        }
        return ids;
      });
      await page.locator("[data-screen=agenda]").click();
      const row = (id) => page.locator(`#agenda > li[data-client="${id}"]`);
      const touchRows = (id) => row(id).locator("li.touch");
      await touchRows(ids[2]).nth(2).waitFor();

      // One row per client, its touches under it, earliest first, goal, channel and time shown.
      const shown = await page.locator("#agenda > li").evaluateAll((rows) => rows.map((r) => r.dataset.client));
      assert.deepEqual(shown.slice().sort(), ids.slice().sort(), "each client once");
      for (const [i, id] of ids.entries()) assert.equal(await touchRows(id).count(), [3, 2, 3][i]);
      const first = touchRows(ids[0]).first();
      assert.equal(await first.getAttribute("data-overdue"), "true");
      assert.equal(await first.locator(".badge").textContent(), words.overdue);
      assert.equal(await first.locator(".goal").textContent(), words.offer);
      assert.equal(await first.locator(".channel").textContent(), words.email);
      assert.equal(await touchRows(ids[0]).nth(1).locator(".channel").textContent(), words.message);
      assert.equal(await touchRows(ids[0]).nth(1).getAttribute("data-overdue"), null, "a touch ahead is not overdue");
      const times = await touchRows(ids[0]).evaluateAll((rows) => rows.map((r) => r.querySelector(".when").textContent));
      const expected = await page.evaluate(async ([id, lang]) => (await window.crm.touches(id)).filter((t) => t.status === "planned")
        .sort((a, b) => a.at.localeCompare(b.at))
        .map((t) => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(t.at))), [ids[0], lang]);
      assert.deepEqual(times, expected, "time order, in the reader's locale");
      await screenshot(page, `today-${lang}-${size}`);

      // Done, with a result.
      const [doneId] = await plannedOf(page, ids[0]);
      await first.locator("button[data-action=done]", { hasText: words.done }).click();
      await first.locator("form[data-action=done] input").fill("КП отправлено, ждёт");
      await first.locator("form[data-action=done] button", { hasText: words.confirmDone }).click();
      await page.locator(`li.touch[data-touch="${doneId}"]`).waitFor({ state: "detached" });
      const done = await page.evaluate(async ([c, t]) => (await window.crm.touches(c)).find((x) => x.id === t), [ids[0], doneId]);
      assert.equal(done.status, "done");
      assert.equal(done.result, "КП отправлено, ждёт");
      // Nothing else of this client's is due today: it leaves the list, as a to-do does.
      await row(ids[0]).waitFor({ state: "detached" });

      // Moved to the earliest time offered: the old touch gone, the new one at that time.
      const before = await plannedOf(page, ids[1]);
      const moving = touchRows(ids[1]).last();
      const movingId = await moving.getAttribute("data-touch");
      await moving.locator("button[data-action=reschedule]", { hasText: words.reschedule }).click();
      const offered = await moving.locator("form[data-action=reschedule] input[type=datetime-local]").inputValue();
      assert.match(offered, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, "an earliest allowed time is offered");
      assert.ok(new Date(offered) > new Date(), "in the future");
      await screenshot(page, `today-${lang}-${size}-reschedule`);
      // A time the engine refuses (a year typed as 0202) leaves the touch as it was.
      const newTime = moving.locator("form[data-action=reschedule] input[type=datetime-local]");
      await newTime.fill("0202-03-02T10:00");
      await moving.locator("form[data-action=reschedule] button", { hasText: words.confirmReschedule }).click();
      await moving.locator(".error[data-kind=validation]").waitFor();
      assert.deepEqual(await plannedOf(page, ids[1]), before, "the cancellation undone: still planned, nothing added");
      await newTime.fill(offered);
      await moving.locator("form[data-action=reschedule] button", { hasText: words.confirmReschedule }).click();
      await page.locator(`li.touch[data-touch="${movingId}"]`).waitFor({ state: "detached" });
      const after = await plannedOf(page, ids[1]);
      assert.equal(after.length, before.length, "moved, not added");
      assert.ok(!after.includes(movingId), "the old touch is no longer planned");
      const offeredText = await page.evaluate(([v, lang]) => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(v)), [offered, lang]);
      const moved = touchRows(ids[1]).filter({ has: page.locator(".when", { hasText: offeredText }) });
      await moved.first().waitFor();
      assert.equal(await moved.count(), 1, `the touch is listed at ${offeredText}`);
      assert.equal(await moved.locator(".goal").textContent(), words.offer, "the same goal");
      assert.equal(await moved.getAttribute("data-overdue"), null);

      // Cancelled, with a reason.
      const cancelling = touchRows(ids[2]).last();
      const cancelId = await cancelling.getAttribute("data-touch");
      await cancelling.locator("button[data-action=cancel]", { hasText: words.cancel }).click();
      await cancelling.locator("form[data-action=cancel] input").fill("клиент попросил не писать");
      await cancelling.locator("form[data-action=cancel] button", { hasText: words.confirmCancel }).click();
      await page.locator(`li.touch[data-touch="${cancelId}"]`).waitFor({ state: "detached" });
      const cancelled = await page.evaluate(async ([c, t]) => (await window.crm.touches(c)).find((x) => x.id === t), [ids[2], cancelId]);
      assert.equal(cancelled.status, "cancelled");
      assert.equal(cancelled.cancelReason, "клиент попросил не писать");

      // A call of ours made on a Sunday night broke the call hours: it happened, so it is
      // recorded, and the rep is told which rule it broke (the manager sees it too). The
      // client's own call at that time is logged with its summary and breaks nothing.
      const logCall = async (direction, summary) => {
        const client = row(ids[2]);
        await client.locator(".head button[data-action=log]", { hasText: words.log }).click();
        const log = client.locator("form[data-action=log]");
        await log.locator("select[name=channel]").selectOption("call");
        await log.locator("select[name=direction]").selectOption(direction);
        await log.locator("input[name=at]").fill(lastSundayNight());
        await log.locator("input[name=summary]").fill(summary);
        await log.locator("button", { hasText: words.confirmLog }).click();
        await client.locator("form[data-action=log]").waitFor({ state: "detached" });
      };
      await logCall("outbound", "Не дозвонились");
      const told = page.locator("#agenda-broke");
      await told.waitFor();
      assert.match(await told.textContent(), /9:00–20:00/);
      await screenshot(page, `today-${lang}-${size}-log`);
      await logCall("inbound", "Обсудили оплату, счёт завтра");
      await told.waitFor({ state: "detached" });
      const logged = await page.evaluate(async (c) => (await window.crm.touches(c)).filter((t) => t.status === "done" && t.channel === "call"), ids[2]);
      assert.deepEqual(logged.map((t) => [t.direction, t.summary]).sort(), [["inbound", "Обсудили оплату, счёт завтра"], ["outbound", "Не дозвонились"]]);
      assert.ok(logged.every((t) => new Date(t.at) <= new Date()), "in the past");
      const breaches = await page.evaluate(() => window.crm.limitBreaches(new Date(Date.now() - 8 * 86_400_000).toISOString()));
      assert.deepEqual(breaches.map((b) => b.touch), logged.filter((t) => t.direction === "outbound").map((t) => t.id), "only our call broke a rule");
      await row(ids[2]).locator(".error").waitFor({ state: "hidden" });
      await screenshot(page, `today-${lang}-${size}-after`);

      // No page wider than the screen.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "nothing spills sideways");
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

// A lead from the website no one has been in touch with yet is on Today with how long it
// has waited, in the reader's language; once someone is in touch, it leaves the list.
for (const lang of ["ru", "en"]) {
  test(`a web lead waits on Today until someone is in touch (${lang})`, async () => {
    const context = await env.browser.newContext({ viewport: SIZES.tablet, locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: "Europe/Moscow" });
    await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url);
    await ready(page);
    const id = await page.evaluate(async () => (await window.crm.addClient({ name: "Дарья с сайта", source: "web", phones: ["+7 913 000-00-09"] })).id);
    await page.locator("[data-screen=agenda]").click();
    const row = page.locator(`#agenda > li[data-client="${id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-kinds"), "waiting");
    assert.equal(await row.locator(".badge.kind-waiting").textContent(), lang === "ru" ? "заявка с сайта" : "web lead");
    assert.match(await row.locator(".why[data-kind=waiting]").textContent(),
      lang === "ru" ? /^Заявка с сайта ждёт первого касания \d+ мин\.$/ : /^A lead from the website has waited \d+ min for a first touch\.$/);
    await screenshot(page, `today-${lang}-waiting`);
    await page.evaluate((id) => window.crm.logTouch({ clientId: id, channel: "call", summary: "Перезвонили" }), id);
    await page.locator("[data-screen=agenda]").click();
    await row.waitFor({ state: "detached" });
    assert.deepEqual(errors, []);
    await context.close();
  });
}
