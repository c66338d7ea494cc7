// Every action a manager takes from a client card, at tablet and phone sizes, in Russian
// and English: a deal marked lost with its reason, a past meeting logged with its result,
// a planned call moved a week on and then cancelled, the client handed to a colleague
// with a note and shared with another, a field changed and the history saying old → new and by whom (a display name,
// not a login), a duplicate compared side by side, merged and the merge undone, the client
// archived and restored. Each result is checked in `window.crm` and on screen; screenshots
// land in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dayAtInZone, screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });


const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };
const WORDS = {
  ru: { lost: "проигран: Выбрали конкурента", meeting: "Встреча", region: "Регион: Сибирь → Урал", merged: "объединён", archived: "в архиве", cancelled: "запланировано → отменено" },
  en: { lost: "lost: Выбрали конкурента", meeting: "Meeting", region: "Region: Сибирь → Урал", merged: "merged", archived: "archived", cancelled: "planned → cancelled" },
};

const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready");
const shadowText = (page, selector, text) => page.waitForFunction(([sel, t]) =>
  document.querySelector("ripen-crm").shadowRoot.querySelector(sel)?.textContent.includes(t), [selector, text]);
const open = (page, selector) => page.locator(selector).evaluate((el) => (el.closest("details").open = true));
/** Waits for `fn` (which may be async, unlike `waitForFunction`'s) to hold in the page. */
async function eventually(page, fn, arg) {
  for (let tries = 0; tries < 100; tries++) {
    if (await page.evaluate(fn, arg)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`never held: ${fn}`);
}
/** The page runs in Moscow (UTC+3 all year); "yesterday" is yesterday there, whatever the clock of the test. */
const PAGE_ZONE = "Europe/Moscow";
const PAGE_OFFSET = "+03:00";
const yesterdayAt = (hhmm) => dayAtInZone(PAGE_ZONE, -1, hhmm);

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`a manager works a client from its card (${lang}, ${size})`, async () => {
      const tag = `${lang}-${size}`;
      const words = WORDS[lang];
      const context = await env.browser.newContext({ viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: PAGE_ZONE, hasTouch: size === "phone" });
      await context.addInitScript((l) => localStorage.setItem("ripen.lang", l), lang);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await ready(page);
      const { id, dupId, me } = await page.evaluate(async () => {
        await window.crm.saveUser("boris", { name: "Борис Ковалёв", role: "manager" });
        await window.crm.saveUser("vera", { name: "Вера Смирнова", role: "manager" });
        const c = await window.crm.addClient({ name: "ООО «Ромашка»", region: "Сибирь", phones: ["+7 383 200-00-00"], timeZone: "Europe/Moscow" });
        const dup = await window.crm.addClient({ name: "Romashka", phones: ["8 383 200 00 00"], emails: ["info@romashka.ru"] });
        await window.crm.moveStage(c.id, { pipeline: "sales", stage: "offer_sent" });
        await window.crm.planTouch({ clientId: c.id, channel: "call", at: "2027-03-02T10:00:00+03:00", goal: "send_offer", approach: "x", plannedResult: "y", override: "agreed" });
        return { id: c.id, dupId: dup.id, me: window.crm.users().find((u) => u.id === window.crm.user)?.name ?? window.crm.user };
      });
      await page.evaluate((clientId) => document.querySelector("ripen-crm").go("card", { id: clientId }), id);
      await page.locator("#card-name").waitFor();

      // 1. The deal in the sales pipeline is lost, and why.
      const sales = page.locator('#card-cards li[data-pipeline="sales"]');
      await sales.locator("details.lost summary").click();
      await sales.locator(".lost-reason").fill("Выбрали конкурента");
      await sales.locator(".lost-save").click();
      await shadowText(page, "#card-cards", words.lost);
      assert.equal(await page.evaluate((c) => window.crm.cards(c)[0].lost, id), "Выбрали конкурента");

      // 2. Yesterday's meeting, logged with how it went.
      await open(page, "#log");
      await page.locator("#log-channel").selectOption("meeting");
      const meetingAt = yesterdayAt("15:30");
      await page.locator("#log-at").fill(meetingAt);
      await page.locator("#log-summary").fill("Показали образцы");
      await page.locator("#log-result").fill("Ждут счёт");
      await page.locator("#log-outcome").selectOption("success");
      await screenshot(page, `card-actions-log-${tag}`);
      await page.locator("#log-save").click();
      await shadowText(page, "#card-touches", "Ждут счёт");
      const logged = await page.evaluate(async (c) => (await window.crm.touches(c)).find((t) => t.channel === "meeting"), id);
      assert.equal(logged.status, "done");
      assert.equal(logged.summary, "Показали образцы");
      assert.equal(logged.result, "Ждут счёт");
      assert.equal(logged.doneAt ?? logged.at, new Date(`${meetingAt}:00${PAGE_OFFSET}`).toISOString(), "logged at the time the manager typed, on the page's clock");

      // The planned call is moved a week on, then cancelled; a time the rules refuse (a
      // Sunday night) leaves it where it was.
      await page.locator('#card-touches li[data-status="planned"] details.reschedule summary').click();
      await page.locator('#card-touches li[data-status="planned"] .reschedule-at').fill("2027-03-07T23:00");
      await page.locator('#card-touches li[data-status="planned"] .reschedule-save').click();
      await page.locator("#card-error").waitFor({ state: "visible" });
      assert.equal(await page.locator("#card-error").getAttribute("data-kind"), "aggression_limit");
      const kept = await page.evaluate(async (c) => (await window.crm.touches(c)).filter((t) => t.channel === "call"), id);
      assert.deepEqual(kept.map((t) => [t.status, t.at]), [["planned", "2027-03-02T07:00:00.000Z"]]);
      await page.locator('#card-touches li[data-status="planned"] .reschedule-at').fill("2027-03-09T11:00");
      await page.locator('#card-touches li[data-status="planned"] .reschedule-save').click();
      await eventually(page, async (c) => (await window.crm.touches(c)).some((t) => t.status === "planned" && t.at === "2027-03-09T08:00:00.000Z"), id);
      const calls = await page.evaluate(async (c) => (await window.crm.touches(c)).filter((t) => t.channel === "call").map((t) => t.status).sort(), id);
      assert.deepEqual(calls, ["cancelled", "planned"]);
      await shadowText(page, "#card-touches", "Ждут счёт");
      await page.locator('#card-touches li[data-status="planned"] .cancel-touch').click();
      await eventually(page, async (c) => !(await window.crm.touches(c)).some((t) => t.status === "planned"), id);
      await page.locator('#card-touches li[data-status="planned"]').waitFor({ state: "detached" });
      await shadowText(page, "#card-timeline", words.cancelled);

      // 3. Shared with Vera, then handed to Boris with a note.
      await open(page, "#share");
      await page.locator("#share-with").selectOption({ label: "Вера Смирнова" });
      await page.locator("#share-save").click();
      await shadowText(page, "#card-shared", "Вера Смирнова");
      assert.deepEqual(await page.evaluate((c) => window.crm.getClient(c).sharedWith, id), [{ user: "vera" }]);
      await open(page, "#handoff");
      await page.locator("#handoff-to").selectOption({ label: "Борис Ковалёв" });
      await page.locator("#handoff-note").fill("Нужен специалист по лизингу");
      await page.locator("#handoff-save").click();
      await shadowText(page, "#card-owner", "Борис Ковалёв");
      assert.equal(await page.evaluate((c) => window.crm.getClient(c).owner, id), "boris");

      // 5. The history says what changed, old → new, and by whom by name.
      await open(page, "#card-edit");
      await page.locator("#edit-region").fill("Урал");
      await page.locator("#edit-save").click();
      await shadowText(page, '#card-timeline li[data-type="client_updated"]', words.region);
      const handed = await page.locator('#card-timeline li[data-type="owner_changed"]').textContent();
      assert.match(handed, /→ Борис Ковалёв \(Нужен специалист по лизингу\)/);
      assert.ok(handed.includes(me), `by ${me}: ${handed}`);
      assert.ok(!(await page.locator("#card-timeline").textContent()).includes(" boris"), "no logins in the history");
      await shadowText(page, '#card-timeline li[data-type="stage_moved"]', words.lost);
      await screenshot(page, `card-actions-history-${tag}`);

      // 6. The duplicate, side by side, merged in and the merge undone.
      const dup = page.locator(`#card-duplicates li[data-client="${dupId}"]`);
      assert.match(await dup.locator("table").textContent(), /ООО «Ромашка».*Romashka/);
      assert.match(await dup.locator("table").textContent(), /info@romashka\.ru/);
      await screenshot(page, `card-actions-duplicate-${tag}`);
      await dup.locator("button.merge").click();
      await page.locator("#card-merged").waitFor();
      assert.equal(await page.evaluate(() => window.crm.listClients().length), 1);
      assert.deepEqual(await page.evaluate((c) => window.crm.getClient(c).emails, id), ["info@romashka.ru"]);
      await shadowText(page, '#card-timeline li[data-type="clients_merged"]', "Romashka");
      await screenshot(page, `card-actions-merged-${tag}`);
      await page.locator("#card-unmerge").click();
      await page.waitForFunction(() => window.crm.listClients().length === 2);
      await page.locator('#card-timeline li[data-type="clients_merged"].undone').waitFor();
      assert.deepEqual(await page.evaluate((c) => window.crm.getClient(c).emails, id), []);

      // 4. Archived, the card saying so, and restored from it.
      await page.locator("#card-remove").click();
      await page.locator("#card-removed").waitFor();
      assert.equal(await page.evaluate((c) => window.crm.getClient(c).removed, id), true);
      assert.ok(!(await page.evaluate(() => window.crm.listClients().map((c) => c.name))).includes("ООО «Ромашка»"));
      await shadowText(page, '#card-timeline li[data-type="client_removed"]', me);
      assert.ok((await page.locator("#card-removed").textContent()).toLowerCase().includes(words.archived));
      await screenshot(page, `card-actions-removed-${tag}`);
      await page.locator("#card-restore").click();
      await page.locator("#card-vcard").waitFor();
      assert.ok((await page.evaluate(() => window.crm.listClients().map((c) => c.name))).includes("ООО «Ромашка»"));

      const wide = await page.evaluate(() => [...document.querySelector("ripen-crm").shadowRoot.querySelectorAll("*")]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}: ${el.textContent.slice(0, 40)}`));
      assert.deepEqual(wide, [], "nothing wider than the screen");
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
