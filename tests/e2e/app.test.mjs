// The tablet app as a rep uses it, at 768×1024: quick capture with the duplicate warning,
// offline and through a reload; the client list searched in any script; the client card
// with live contact-rule feedback and undo in the history; user text always shown as
// text; the strict Content-Security-Policy. Screenshots land in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launch, launchPersistent, screenshot, watchErrors } from "../support/browser.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const TABLET = { viewport: { width: 768, height: 1024 }, timezoneId: "Europe/Moscow" };

/** The app in a fresh page, ready, with CSP violations collected. */
async function openApp(context, path = "") {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    window.cspViolations = [];
    addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(server.url + path);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  return { page, errors };
}

const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready");

const part = async (page, name) => {
  await page.locator("[data-screen=settings]").click();
  await page.locator(`#settings-parts [data-part=${name}]`).click();
  await page.locator(`#screen-settings[data-part=${name}]`).waitFor();
};
const shadowText = (page, selector, text) => page.waitForFunction(([sel, t]) =>
  document.querySelector("ripen-crm").shadowRoot.querySelector(sel)?.textContent.includes(t), [selector, text]);

async function capture(page, fields) {
  await page.locator("[data-screen=capture]").click();
  for (const [name, value] of Object.entries(fields)) {
    const input = page.locator(`#capture-${name}`);
    if ((await input.evaluate((el) => el.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await page.locator("#capture-save").click();
  await page.locator("#capture-done").waitFor({ state: "visible" });
}

test("a lead captured at the stand, warned of its duplicate, kept offline and through a reload", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "ru-RU" });
  const { page, errors } = await openApp(context);
  assert.equal(await page.locator("#network").textContent(), "в сети");
  await capture(page, { name: "ООО «Сибирские моторы»", phone: "+7 383 200-00-00", interest: "Кредитная линия на новый завод", plannedResult: "Встреча назначена" });
  assert.match(await page.locator("#capture-done").textContent(), /Сохранён «ООО «Сибирские моторы»»/);
  assert.equal(await page.locator("#capture-name").inputValue(), "", "the form is ready for the next lead");

  // Typing the same company in Latin letters warns before saving it twice.
  await page.locator("#capture-name").fill("Sibirskie Motory");
  await page.locator("#capture-duplicates li").first().waitFor();
  assert.match(await page.locator("#capture-duplicates").textContent(), /ООО «Сибирские моторы»/);
  await screenshot(page, "app-capture-duplicate");
  await page.locator("#capture-name").fill("");

  // The network goes; the app keeps working and keeps what is captured.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  await server.stop();
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  assert.equal(await page.locator("#network").textContent(), "офлайн");
  await capture(page, { kind: "person", name: "Анна Петрова", company: "ООО «Сибирские моторы»", email: "anna@motors.ru", goal: "" });
  await page.reload();
  await ready(page);
  await page.locator("[data-screen=clients]").click();
  const names = await page.locator("#clients .name").allTextContents();
  assert.deepEqual(names, ["Анна Петрова", "ООО «Сибирские моторы»"]);
  await screenshot(page, "app-clients-offline");
  assert.deepEqual(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED")), []);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  await context.close();
  server = await startServer();
});

test("the client list finds a client by any spelling and filters it", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "en-US" });
  const { page, errors } = await openApp(context);
  await page.evaluate(async () => {
    await window.crm.addClients([
      { name: "ООО «Сибирские моторы»", region: "Сибирь", tags: ["vip"], phones: ["8 (383) 200-00-00"] },
      { name: "Уральский трубный завод", region: "Урал" },
      { name: "Иван Петров", kind: "person", region: "Сибирь" },
    ]);
  });
  await page.locator("[data-screen=clients]").click();
  await page.locator("#clients-search").fill("sibirskie");
  await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelectorAll("#clients .name").length === 1);
  assert.deepEqual(await page.locator("#clients .name").allTextContents(), ["ООО «Сибирские моторы»"]);
  await page.locator("#clients-search").fill("383 200");
  await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelector("#clients .meta")?.textContent.includes("matched"));
  await page.locator("#clients-search").fill("");
  await page.locator("#clients-region").selectOption("Сибирь");
  await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelectorAll("#clients .name").length === 2);
  await screenshot(page, "app-clients");
  // The same screen on a phone and on a tablet held sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "app-clients-phone");
  const tabs = await page.locator("nav.tabs").boundingBox();
  assert.ok(tabs.y + tabs.height >= 844 - 1, "on a phone the tabs sit at the bottom of the screen");
  await page.setViewportSize({ width: 1024, height: 768 });
  await screenshot(page, "app-clients-landscape");
  const narrowest = await page.locator("button, select, input").evaluateAll((els) =>
    Math.min(...els.filter((el) => el.offsetParent !== null).map((el) => el.getBoundingClientRect().height)));
  assert.ok(narrowest >= 44, `every control is at least 44 px tall (smallest ${narrowest})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the client list draws a page at a time and shows more on request", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "ru-RU" });
  const { page, errors } = await openApp(context);
  await page.evaluate(async () => {
    const clients = Array.from({ length: 120 }, (_, i) => ({ name: `ООО «Клиент ${String(i).padStart(3, "0")}»`, region: i % 2 ? "Урал" : "Сибирь" }));
    await window.crm.addClients(clients);
  });
  await page.locator("[data-screen=clients]").click();
  const rows = () => page.locator("#clients li[data-id]").count();
  await shadowText(page, "#clients-count", "120");
  assert.equal(await rows(), 50, "one page drawn");
  assert.equal(await page.locator("#clients .name").first().textContent(), "ООО «Клиент 119»", "the latest first");
  await page.locator("#clients-more").click();
  assert.equal(await rows(), 100);
  await page.locator("#clients-more").click();
  assert.equal(await rows(), 120);
  assert.equal(await page.locator("#clients-more").isHidden(), true, "nothing more to show");
  const names = await page.locator("#clients .name").allTextContents();
  assert.equal(new Set(names).size, 120, "each client once");
  // A filter pages too, and counts what it lets through.
  await page.locator("#clients-region").selectOption("Урал");
  await shadowText(page, "#clients-count", "60");
  assert.equal(await rows(), 50);
  await page.locator("#clients-more").click();
  assert.equal(await rows(), 60);
  await screenshot(page, "app-clients-paged");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the client card: live contact-rule feedback while planning, and undo in the history", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "en-US" });
  const { page, errors } = await openApp(context);
  const id = await page.evaluate(async () => {
    const c = await window.crm.addClient({ name: "ООО «Ромашка»", region: "Сибирь", timeZone: "Europe/Moscow" });
    for (const at of ["2027-03-01T10:00:00+03:00", "2027-03-02T10:00:00+03:00"]) {
      await window.crm.planTouch({ clientId: c.id, channel: "call", at, goal: "send_offer", approach: "new plant", plannedResult: "meeting", override: "agreed" });
    }
    await window.crm.updateClient(c.id, { tags: ["vip"] });
    return c.id;
  });
  await page.locator("[data-screen=clients]").click();
  await page.locator(`#clients li[data-id="${id}"] button`).click();
  await page.locator("#card-name").waitFor();
  assert.equal(await page.locator("#card-name").textContent(), "ООО «Ромашка»");

  // A third call this week to this company is blocked, and the page says until when.
  await page.locator("#plan-channel").selectOption("call");
  await page.locator("#plan-at").fill("2027-03-03T10:00");
  await page.locator("#plan-at").dispatchEvent("input");
  await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelector("#plan-verdict").textContent.includes("sales calls"));
  assert.equal(await page.locator("#plan-verdict").getAttribute("data-verdict"), "blocked");
  assert.match(await page.locator("#plan-verdict").textContent(), /Blocked: .*2 outbound sales calls.*next allowed/);
  await page.locator("#plan-channel").selectOption("email");
  await page.locator("#plan-channel").dispatchEvent("input");
  await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelector("#plan-verdict").dataset.verdict !== "blocked");
  await screenshot(page, "app-card");

  // Contacts are edited on the card; a bad phone is refused with the engine's message.
  await page.locator("#card-edit").evaluate((form) => (form.closest("details").open = true));
  await page.locator("#edit-phones").fill("12");
  await page.locator("#edit-save").click();
  await page.locator("#card-error").waitFor({ state: "visible" });
  assert.equal(await page.locator("#card-error").getAttribute("data-kind"), "validation");
  await page.locator("#edit-phones").fill("8 (383) 200-00-00");
  await page.locator("#edit-save").click();
  await page.waitForFunction((id) => window.crm.getClient(id).phones.length === 1, id);
  await page.locator('#card-timeline li[data-type="client_updated"]').nth(1).waitFor();

  // The tag change is undone from the history.
  await page.locator('#card-timeline li[data-type="client_updated"] button').last().click();
  await page.locator('#card-timeline li[data-type="reverted"]').waitFor();
  assert.deepEqual(await page.evaluate((id) => window.crm.getClient(id).tags, id), []);
  assert.equal(await page.locator('#card-timeline li[data-type="client_updated"].undone').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the client card: a person linked to their company, a relationship ended, a date and a wish added and removed, a rename, the business card saved", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "ru-RU", acceptDownloads: true });
  const { page, errors } = await openApp(context);
  const id = await page.evaluate(async () => {
    await window.crm.addClient({ name: "ООО «Сибирские моторы»" });
    await window.crm.addClient({ name: "ООО «Старый партнёр»" });
    return (await window.crm.addClient({ name: "Иван Петров", kind: "person" })).id;
  });
  await page.evaluate((clientId) => document.querySelector("ripen-crm").go("card", { id: clientId }), id);
  await page.locator("#card-name").waitFor();

  // Linked without picking a client: the page says what is missing.
  await page.locator("#link-form").evaluate((form) => (form.closest("details").open = true));
  await page.locator("#link-save").click();
  assert.equal(await page.locator("#card-error").textContent(), "Выберите другого клиента из списка.");
  const shown = await page.locator("#card-error").boundingBox();
  assert.ok(shown.y >= 0 && shown.y + shown.height <= 1024, `the message is in sight: ${JSON.stringify(shown)}`);
  // Found by Latin spelling, picked with a tap, linked as an employee with a position.
  await page.locator("#link-kind").selectOption("employee:of");
  await page.locator("#link-search").fill("sibirskie");
  await page.locator("#link-choices button").first().click();
  await page.locator("#link-position").fill("Финансовый директор");
  await page.locator("#link-save").click();
  await shadowText(page, "#card-relationships", "работает в");
  const employed = page.locator("#card-relationships li").first();
  assert.deepEqual(await employed.locator(".grow > *").allTextContents(), ["работает в", "ООО «Сибирские моторы»", "Финансовый директор"]);
  const [link] = await page.evaluate((clientId) => window.crm.relationships(clientId), id);
  assert.deepEqual([link.kind, link.to, link.position], ["employee", id, "Финансовый директор"]);
  await page.locator("#link-form").evaluate((form) => (form.closest("details").open = true));
  await page.locator("#link-kind").selectOption("partner:has");
  await page.locator("#link-search").fill("Старый");
  await page.locator("#link-choices button").first().click();
  await page.locator("#link-save").click();
  await page.locator("#card-relationships li").nth(1).waitFor();
  await page.locator("#card-relationships li", { hasText: "Старый партнёр" }).locator("button", { hasText: "Завершить" }).click();
  await shadowText(page, "#card-relationships li.ended", "завершена");

  // A birthday and a wish; then the wish removed.
  await page.locator("#date-form").evaluate((form) => (form.closest("details").open = true));
  await page.locator("#date-save").click();
  assert.equal(await page.locator("#card-error").textContent(), "Заполните поле.");
  await page.locator("#date-form").evaluate((form) => (form.closest("details").open = true));
  await page.locator("#date-kind").selectOption("birthday");
  await page.locator("#date-value").fill("1980-03-08");
  await page.locator("#date-save").click();
  await shadowText(page, "#card-dates", "8 мар. 1980 г.");
  await page.locator("#wish-text").fill("Лизинг погрузчика");
  await page.locator("#wish-save").click();
  await shadowText(page, "#card-wishes", "Лизинг погрузчика");
  const profile = await page.evaluate((clientId) => window.crm.getClient(clientId), id);
  assert.deepEqual(profile.dates, [{ kind: "birthday", month: 3, day: 8, year: 1980 }]);
  assert.equal(profile.wishes[0].text, "Лизинг погрузчика");
  await screenshot(page, "app-card-profile");
  await page.locator("#card-wishes button").click();
  await page.waitForFunction((clientId) => window.crm.getClient(clientId).wishes.length === 0, id);

  // Renamed: the old name stays findable.
  await page.locator("#card-rename").evaluate((form) => (form.closest("details").open = true));
  await page.locator("#rename-name").fill("Иван Сергеевич Петров");
  await page.locator("#rename-save").click();
  await shadowText(page, "#card-name", "Иван Сергеевич Петров");
  assert.equal(await page.evaluate(() => window.crm.search("Иван Петров")[0].client.name), "Иван Сергеевич Петров");
  // The business card carries the company they work at and their position.
  const saved = page.waitForEvent("download");
  await page.locator("#card-vcard").click();
  const card = await (await import("node:fs/promises")).readFile(await (await saved).path(), "utf8");
  assert.match(card, /^BEGIN:VCARD\r\nVERSION:3\.0\r\nFN:Иван Сергеевич Петров\r\n/);
  assert.match(card, /\r\nORG:ООО «Сибирские моторы»\r\nTITLE:Финансовый директор\r\n.*BDAY:1980-03-08\r\n/s);
  // The shipped contact rules are named in the reader's language.
  await part(page, "rules");
  assert.match(await page.locator('#settings-rules li[data-rule="call_hours"]').textContent(), /^Звонки только 9:00–20:00 по будням/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("today's agenda: an overdue touch is done with one tap to open and one to confirm", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "ru-RU" });
  const { page, errors } = await openApp(context);
  await page.evaluate(async () => {
    const c = await window.crm.addClient({ name: "ООО «Просрочка»", phones: ["+7 383 200-00-09"] });
    const at = new Date(Date.now() - 26 * 3600_000).toISOString();
    await window.crm.logTouch({ clientId: c.id, channel: "email", direction: "inbound", summary: "Спросили цену", at: new Date(Date.now() - 50 * 3600_000).toISOString() });
    await window.crm.planTouch({ clientId: c.id, channel: "email", at, goal: "send_offer", approach: "цена", plannedResult: "КП отправлено", override: "test" });
    await window.crm.moveStage(c.id, { pipeline: "sales", stage: "answered" });
  });
  await page.locator("[data-screen=agenda]").click();
  const row = page.locator("#agenda > li", { hasText: "ООО «Просрочка»" });
  const touch = row.locator('li.touch[data-overdue="true"]');
  await touch.waitFor();
  assert.equal(await page.locator("#agenda > li").count(), 1, "one row for the client");
  assert.equal(await row.locator(".name").textContent(), "ООО «Просрочка»");
  assert.equal(await row.locator('a[href="tel:+73832000009"]').count(), 1, "one tap to call");
  assert.equal(await touch.locator(".badge").textContent(), "просрочено", "said in the reader's language");
  assert.equal(await touch.locator(".goal").textContent(), "Отправить КП");
  await screenshot(page, "app-agenda");
  await touch.locator("button", { hasText: "Выполнено" }).click();
  await touch.locator("button", { hasText: "Отметить выполненным" }).click();
  await page.waitForFunction(() => !document.querySelector("ripen-crm").shadowRoot.querySelector('#agenda li.touch[data-overdue="true"]'));
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [size, viewport] of [["tablet", TABLET], ["phone", { viewport: { width: 390, height: 844 } }]]) {
  test(`the funnel for a manager: readable, the bottleneck highlighted, lost reasons and time in stage, split by owner by name, a stage opens its clients (${size})`, async () => {
    const context = await browser.newContext({ ...viewport, locale: "ru-RU" });
    const { page, errors } = await openApp(context);
    await page.evaluate(async () => {
      await window.crm.saveUser("anna", { name: "Анна Петрова", role: "manager" });
      const path = ["lead_received", "answered", "need_identified", "offer_sent", "follow_up_done"];
      const ids = await window.crm.addClients(Array.from({ length: 12 }, (_, i) => ({ name: `Клиент ${i}`, owner: i % 2 ? "anna" : "demo" })));
      for (const [i, id] of ids.entries()) {
        // Everyone gets an answer; few get past the offer: the offer is the bottleneck.
        const reach = i < 2 ? 5 : i < 10 ? 4 : 2;
        for (const stage of path.slice(0, reach)) await window.crm.moveStage(id, { pipeline: "sales", stage });
      }
      await window.crm.moveStage(ids[11], { pipeline: "sales", lost: "нет бюджета" });
    });
    await page.locator("[data-screen=funnel]").click();
    await page.locator(".funnel-chart").first().waitFor();
    const steps = page.locator("#funnel-body > .funnel-chart > li");
    assert.equal(await steps.count(), 8, "one row per stage of the sales pipeline");
    assert.equal(await page.locator("#funnel-body > .funnel-chart > li.bottleneck").getAttribute("data-stage"), "follow_up_done");
    assert.match(await page.locator("#funnel-bottleneck").textContent(), /Узкое место: КП отправлено → Контрольный звонок сделан/);
    assert.match(await steps.filter({ hasText: "Ответили" }).textContent(), /потеряно: 1 \(нет бюджета — 1\)/);
    assert.match(await steps.filter({ hasText: "КП отправлено" }).textContent(), /ждут здесь: 8/);
    // Readable: no stage name or figure drawn smaller than 14 px, at either size.
    const smallest = await page.evaluate(() => Math.min(...[...document.querySelector("ripen-crm").shadowRoot.querySelectorAll(".funnel-chart .step-name, .funnel-chart .figure")]
      .map((el) => parseFloat(getComputedStyle(el).fontSize))));
    assert.ok(smallest >= 14, `the smallest funnel text is ${smallest}px`);
    await screenshot(page, `app-funnel-${size}`);
    await page.locator("#funnel-by").selectOption("owner");
    await page.locator("#funnel-groups .group").nth(1).waitFor();
    assert.equal(await page.locator("#funnel-groups .group").count(), 2);
    assert.match(await page.locator("#funnel-groups").textContent(), /Анна Петрова/, "owners by name, not login");
    await screenshot(page, `app-funnel-${size}-by-owner`);
    // A stage opens its clients.
    await steps.filter({ hasText: "КП отправлено" }).locator("button").click();
    await page.locator("#clients li").first().waitFor();
    assert.equal(await page.locator("#clients-stage").inputValue(), "sales/offer_sent");
    assert.equal(await page.locator("#clients li").count(), 8);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("settings, this device: storage facts, a backup downloaded, the language switched", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "en-US", acceptDownloads: true });
  const { page, errors } = await openApp(context);
  await page.evaluate(() => window.crm.addClient({ name: "ООО «Ромашка»" }));
  await page.locator("[data-screen=settings]").click();
  await shadowText(page, "#settings-held", "1 client, ");
  const download = page.waitForEvent("download");
  await page.locator("#settings-export").click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^ripen-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backup = JSON.parse(await (await import("node:fs/promises")).readFile(await file.path(), "utf8"));
  assert.equal(backup.format, "ripen-backup");
  await screenshot(page, "app-settings");
  await page.locator("#settings-language").selectOption("ru");
  assert.equal(await page.locator("[data-screen=settings]").textContent(), "Настройки");
  assert.equal(await page.locator("#settings-parts [data-part=routing]").textContent(), "Распределение");
  assert.deepEqual(errors, []);
  await context.close();
});

test("settings, people and contact rules: a team and a user added, the user marked away; rules of each kind added and one removed", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "en-US" });
  const { page, errors } = await openApp(context);
  await part(page, "people");
  await page.locator("#team-id").fill("nsk");
  await page.locator("#team-name").fill("Новосибирск");
  await page.locator("#team-form button").click();
  await shadowText(page, "#settings-teams", "Новосибирск");
  assert.equal(await page.locator("#settings-done").textContent(), "Saved.");
  await page.locator("#user-id").fill("anna");
  await page.locator("#user-name").fill("Анна Петрова");
  await page.locator("#user-team").selectOption("nsk");
  await page.locator("#user-form button").click();
  await shadowText(page, "#settings-users", "Анна Петрова");
  // Tapping the user fills the form; marked away, she keeps her team.
  await page.locator("#settings-users button", { hasText: "Анна Петрова" }).click();
  assert.equal(await page.locator("#user-team").inputValue(), "nsk");
  await page.locator("#user-absent").check();
  await page.locator("#user-form button").click();
  await shadowText(page, "#settings-users", "absent");
  assert.deepEqual(await page.evaluate(() => window.crm.users().map((u) => [u.id, u.team, u.absent])), [["anna", "nsk", true]]);

  await part(page, "rules");
  assert.match(await page.locator('#settings-rules li[data-rule="call_hours"]').textContent(), /09:00–20:00, weekdays/);
  await page.locator("#rule-name").fill("At most 1 meeting per company in 30 days");
  await page.locator("#rule-scope").selectOption("company");
  await page.locator("#rule-channel").selectOption("meeting");
  await page.locator("#rule-max").fill("1");
  await page.locator("#rule-days").fill("30");
  await page.locator("#rule-form button").click();
  await shadowText(page, "#settings-rules", "At most 1 meeting");
  await page.locator("#rule-name").fill("Messages only 10–18");
  await page.locator("#rule-kind").selectOption("allowedHours");
  assert.equal(await page.locator("#rule-max").isVisible(), false, "only the chosen kind's fields show");
  await page.locator("#rule-channel").selectOption("message");
  await page.locator("#rule-from").fill("10:00");
  await page.locator("#rule-to").fill("18:00");
  await page.locator("#rule-action").selectOption("warn");
  await page.locator("#rule-form button").click();
  await shadowText(page, "#settings-rules", "Messages only 10–18");
  // A value the browser would call invalid in a hidden field does not stop the form.
  await page.locator("#rule-name").fill("Two days between touches");
  await page.locator("#rule-kind").selectOption("count");
  await page.locator("#rule-max").fill("0");
  await page.locator("#rule-kind").selectOption("minGap");
  await page.locator("#rule-hours").fill("48");
  await page.locator("#rule-form button").click();
  await shadowText(page, "#settings-rules", "Two days between touches");
  // An impossible rule is refused by the engine, and said so.
  await page.locator("#rule-name").fill("Backwards");
  await page.locator("#rule-kind").selectOption("allowedHours");
  await page.locator("#rule-from").fill("18:00");
  await page.locator("#rule-to").fill("09:00");
  await page.locator("#rule-form button").click();
  await page.locator("#settings-error").waitFor({ state: "visible" });
  assert.equal(await page.locator("#settings-error").getAttribute("data-kind"), "validation");
  assert.match(await page.locator("#settings-error").textContent(), /^Please check the input\. — .*limit\.to/, "which field, and why");
  const rules = await page.evaluate(() => window.crm.rules());
  assert.deepEqual(rules.find((r) => r.name.startsWith("At most 1 meeting")).limit, { count: { max: 1, window: { rolling: { hours: 720 } } } });
  const hours = rules.find((r) => r.name === "Messages only 10–18");
  assert.deepEqual([hours.limit, hours.action, hours.channels], [{ allowedHours: { from: "10:00:00", to: "18:00:00", weekdaysOnly: true } }, "warn", ["message"]]);
  assert.ok(!rules.some((r) => r.name === "Backwards"));
  await page.locator('#settings-rules li[data-rule="marketing_per_day"] button').click();
  await page.waitForFunction(() => !window.crm.rules().some((r) => r.id === "marketing_per_day"));
  await screenshot(page, "app-settings-rules");
  assert.deepEqual(errors, []);
  await context.close();
});

test("settings, routing and pipelines: new clients routed by region; a stage renamed, added, moved and retired; a pipeline added", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "ru-RU" });
  const { page, errors } = await openApp(context);
  await page.evaluate(async () => {
    await window.crm.saveTeam("nsk", { name: "Новосибирск" });
    await window.crm.saveUser("anna", { name: "Анна", role: "manager", team: "nsk" });
    await window.crm.saveUser("boris", { name: "Борис", role: "manager" });
  });
  await part(page, "routing");
  assert.equal(await page.locator("#route-rule-form").count(), 0, "rules come after a default");
  await page.locator("#route-default").selectOption("user:boris");
  await page.locator("#routing-save").click();
  await page.locator("#route-rule-form").waitFor();
  await page.locator("#route-field").selectOption("region");
  await page.locator("#route-rule-add").click();
  assert.equal(await page.locator("#settings-error").textContent(), "Заполните поле.");
  await page.locator("#route-value").fill("Сибирь");
  await page.locator("#route-to").selectOption("team:nsk");
  await page.locator("#route-rule-add").click();
  await shadowText(page, "#routing-rules", "1. регион Сибирь → команда Новосибирск");
  await screenshot(page, "app-settings-routing");
  const owners = await page.evaluate(async () => [
    (await window.crm.addClient({ name: "Сибмоторс", region: "сибирь" })).owner,
    (await window.crm.addClient({ name: "Мосгаз" })).owner,
  ]);
  assert.deepEqual(owners, ["anna", "boris"]);

  await part(page, "pipelines");
  const sales = page.locator('details[data-pipeline="sales"]');
  await sales.locator("summary").click();
  const offer = sales.locator('li[data-stage="offer_sent"]');
  await offer.locator('[data-field="name"]').fill("Коммерческое предложение");
  await offer.locator('[data-field="rotDays"]').fill("5");
  await offer.locator('[data-action="save"]').click();
  await page.waitForFunction(() => window.crm.pipelines()[0].stages.find((s) => s.id === "offer_sent").name === "Коммерческое предложение");
  await sales.locator('[data-field="new-stage"]').fill("Демонстрация");
  await sales.locator("[data-add-stage] button").click();
  await sales.locator('li[data-stage="demonstratsiya"]').waitFor();
  await sales.locator('li[data-stage="demonstratsiya"] [data-action="up"]').click();
  await sales.locator('li[data-stage="answered"] [data-action="retire"]').click();
  await page.waitForFunction(() => window.crm.pipelines()[0].stages.find((s) => s.id === "answered").retired);
  await page.locator("#pipeline-name").fill("Выставки");
  await page.locator("#pipeline-stage").fill("Встретились на стенде");
  await page.locator("#pipeline-form button").click();
  await page.locator('details[data-pipeline="vystavki"]').waitFor();
  const [salesNow, shows] = await page.evaluate(() => [window.crm.pipelines()[0], window.crm.pipelines().find((p) => p.id === "vystavki")]);
  const offerNow = salesNow.stages.find((s) => s.id === "offer_sent");
  assert.deepEqual([offerNow.name, offerNow.rotDays], ["Коммерческое предложение", 5]);
  assert.deepEqual(salesNow.stages.slice(-2).map((s) => s.id), ["demonstratsiya", "paid"]);
  assert.deepEqual(shows.stages.map((s) => s.name), ["Встретились на стенде"]);
  await sales.locator("summary").click();
  await screenshot(page, "app-settings-pipelines");

  // The card moves a client along the new pipeline, and the funnel shows it.
  const id = await page.evaluate(() => window.crm.listClients()[0].id);
  await page.evaluate((clientId) => document.querySelector("ripen-crm").go("card", { id: clientId }), id);
  await page.locator("#card-pipeline").selectOption("vystavki");
  await page.locator("#card-move").click();
  await shadowText(page, "#card-cards", "Встретились на стенде");
  assert.equal(await page.locator('#card-stage option[value="answered"]').count(), 0);
  await page.locator("[data-screen=funnel]").click();
  await page.locator("#funnel-pipeline").selectOption("vystavki");
  await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelectorAll("#funnel-body > .funnel-chart > li").length === 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("import and export: a Russian Excel file previewed, a duplicate merged, imported and undone whole; a file that is no spreadsheet refused; clients exported", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "ru-RU", acceptDownloads: true });
  const { page, errors } = await openApp(context);
  const fixtures = new URL("../../crates/ripen-io/tests/fixtures/", import.meta.url).pathname;
  const known = await page.evaluate(async () => (await window.crm.addClient({ name: "Пётр Ёлкин", kind: "person", phones: ["+7 912 000-77-66"] })).id);
  await part(page, "import");
  await page.locator("#import-file").setInputFiles(fixtures + "excel-ru-cp1251.csv");
  await page.locator("#import-summary").waitFor();
  assert.match(await page.locator("#import-summary").textContent(), /Строк: 5\. Прочитано: 5, возможно, уже есть в базе: 1, ошибок: 0\..*windows-1251/);
  assert.equal(await page.locator('#import-columns select[data-header="Фамилия"]').inputValue(), "lastName");
  // A row is never left out for a value that does not read: the value is kept in its notes.
  assert.equal(await page.locator("#import-issues li").count(), 0);
  assert.equal(await page.locator("#import-warnings li").count(), 3);
  // The column as the spreadsheet shows it: its letter, and its header.
  assert.match(await page.locator("#import-warnings li").first().textContent(), /^Строка 7 · столбец F «Телефон»: «12345» — не разобрать/);
  await page.locator('#import-duplicates select[data-line="5"]').selectOption("merge");
  await screenshot(page, "app-import");
  // On a phone the preview's tables scroll inside the card, and the Russian tabs fit.
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, "nothing widens the page");
  for (const box of await page.locator("nav.tabs .tab").evaluateAll((tabs) => tabs.map((t) => t.getBoundingClientRect().toJSON()))) {
    assert.ok(box.x >= 0 && box.x + box.width <= 390 && box.height >= 44, `a tab off the screen or too small: ${JSON.stringify(box)}`);
  }
  await screenshot(page, "app-import-phone");
  await page.setViewportSize(TABLET.viewport);
  await page.locator("#import-go").click();
  await shadowText(page, "#settings-done", "Импорт выполнен: добавлено 6, дополнено 1, пропущено 0.");
  const after = await page.evaluate((id) => ({ names: window.crm.listClients().map((c) => c.name), merged: window.crm.getClient(id) }), known);
  assert.deepEqual(after.names.sort(), ["АО «Уралхиммаш»", "Анна Петрова", "ООО «Без людей»", "ООО «Сибирские моторы»", "Пётр Ёлкин", "Сергей Петрович Иванов", "Мария Кузнецова"].sort());
  assert.match(await page.evaluate(() => window.crm.listClients().find((c) => c.name === "Мария Кузнецова").notes), /12345/);
  assert.equal(after.merged.phones.length, 2, "the duplicate filled in the existing client");
  assert.deepEqual(after.merged.dates, [{ kind: "birthday", month: 12, day: 31, year: 1980 }]);

  // The import is undone as a whole from the list of imports.
  await page.locator("#import-history li button").click();
  await shadowText(page, "#import-history li", "отменён");
  const undone = await page.evaluate((id) => ({ names: window.crm.listClients().map((c) => c.name), merged: window.crm.getClient(id) }), known);
  assert.deepEqual([undone.names, undone.merged.phones.length, undone.merged.dates], [["Пётр Ёлкин"], 1, []]);
  // And brought back, then undone again.
  await page.locator('#import-history li button[data-action="redo"]').click();
  await page.waitForFunction(() => window.crm.listClients().length === 7);
  await page.locator('#import-history li button[data-action="undo"]').click();
  await page.waitForFunction(() => window.crm.listClients().length === 1);

  // A ZIP named .xlsx that holds no workbook is refused before anything happens, in the
  // reader's language.
  await page.locator("#import-file").setInputFiles(fixtures + "workbook.xlsx");
  await page.locator("#import-refused").waitFor();
  assert.equal(await page.locator("#import-refused").getAttribute("data-problem"), "binary");
  assert.match(await page.locator("#import-refused").textContent(), /Это не таблица, не CSV и не vCard/);

  // Clients go out as CSV for Russian Excel, from settings and from the client list.
  await page.evaluate(() => window.crm.addClient({ name: "=cmd|' /C calc'!A0", phones: ["+7 383 200-00-00"] }));
  const { readFile } = await import("node:fs/promises");
  const saved = page.waitForEvent("download");
  await page.locator("#export-csv").click();
  const csv = await readFile(await (await saved).path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = csv.toString("utf8");
  assert.match(text.split("\r\n")[0], /^\ufeffИмя или название;Тип;Компания;Должность;Телефоны?;/);
  assert.ok(text.includes("\r\n'=cmd|' /C calc'!A0;компания;"), `the formula is guarded: ${text}`);
  await page.locator("[data-screen=clients]").click();
  await page.locator("#clients-search").fill("Ёлкин");
  await shadowText(page, "#clients-count", "1 клиент");
  const listed = page.waitForEvent("download");
  await page.locator("#clients-export").click();
  const rows = (await readFile(await (await listed).path())).toString("utf8").trim().split("\r\n");
  assert.equal(rows.length, 2, "the header and the one client found");
  assert.match(rows[1], /^Пётр Ёлкин;человек;/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("user text is shown as text, never run", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "en-US" });
  const { page, errors } = await openApp(context);
  const dialogs = [];
  page.on("dialog", (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  const evil = "<img src=x onerror=alert(1)>";
  await capture(page, { name: evil, interest: "<script>alert(2)</script>", goal: "" });
  await page.locator("[data-screen=clients]").click();
  assert.deepEqual(await page.locator("#clients .name").allTextContents(), [evil]);
  await page.locator("#clients li button").first().click();
  await page.locator("#card-name").waitFor();
  assert.equal(await page.locator("#card-name").textContent(), evil);
  assert.equal(await page.locator("img[src=x]").count(), 0, "no element was made from the name");
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  await screenshot(page, "app-xss");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the page runs under a strict Content-Security-Policy that blocks inline script", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "en-US" });
  const { page } = await openApp(context);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], "the app itself needs nothing more");
  const ran = await page.evaluate(async () => {
    window.injected = false;
    const script = document.createElement("script");
    script.textContent = "window.injected = true";
    document.body.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return window.injected;
  });
  assert.equal(ran, false, "inline script is refused");
  assert.ok((await page.evaluate(() => window.cspViolations)).some((v) => v.startsWith("script-src")));
  await context.close();
});

test("the widget inside a company's site: one script tag, styles kept apart both ways, and mount()", async () => {
  const context = await browser.newContext({ ...TABLET, locale: "ru-RU" });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    window.cspViolations = [];
    addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${server.url}embed.html`);
  await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "ready");
  await capture(page, { name: "Заявка с сайта", phone: "+7 913 000-00-01", goal: "" });
  // The site's loud `button { background: hotpink !important }` stays out of the widget…
  const inside = await page.locator("#capture-save").evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(inside, "rgb(31, 81, 53)");
  // …and the widget's styles stay out of the site.
  const siteHeading = await page.locator("main.site > section > h2").evaluate((el) => getComputedStyle(el).color);
  assert.equal(siteHeading, "rgb(139, 30, 30)");
  assert.deepEqual(await page.locator("[data-screen]").allTextContents(), ["Новый лид", "Клиенты"], "the screens the site chose");
  await screenshot(page, "app-embed");

  const tabs = await page.evaluate(async () => {
    const { mount } = await import("./ripen-crm.js");
    const host = document.createElement("div");
    document.body.append(host);
    const app = mount(host, { database: "site-leads", user: "site", lang: "en", screens: ["clients"] });
    await new Promise((resolve) => app.addEventListener("ripen-state", (e) => e.detail === "ready" && resolve()));
    return [...app.shadowRoot.querySelectorAll("[data-screen]")].map((b) => b.textContent);
  });
  assert.deepEqual(tabs, ["Clients"]);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("engine errors reach JS as Error objects with a stable kind", async () => {
  const context = await browser.newContext();
  const { page } = await openApp(context);
  const result = await page.evaluate(async () => {
    try {
      await window.crm.addClient({ name: "X", telephone: "+7 383 200-00-00" });
      return { refused: false };
    } catch (error) {
      return { refused: true, isError: error instanceof Error, name: error.name, kind: error.kind, message: error.message };
    }
  });
  assert.equal(result.refused, true);
  assert.equal(result.isError, true);
  assert.equal(result.name, "RipenError");
  assert.equal(result.kind, "validation");
  assert.match(result.message, /unknown field `telephone`/);
  await context.close();
});

test("control: without the service worker, the same offline reload fails", async () => {
  // Proves the offline test above measures the service worker, not a lingering server or
  // the HTTP cache.
  const context = await browser.newContext({ serviceWorkers: "block" });
  await openApp(context);
  const page = context.pages()[0];
  await server.stop();
  await context.setOffline(true);
  await assert.rejects(page.reload(), /ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/);
  await context.close();
  server = await startServer();
});

test("a new version waits, the page offers to update, and updating reloads into it", async () => {
  const { readFile, writeFile } = await import("node:fs/promises");
  const buildFile = new URL("../../www/pkg/build.js", import.meta.url);
  const original = await readFile(buildFile, "utf8");
  const context = await browser.newContext({ ...TABLET, locale: "en-US" });
  try {
    const { page } = await openApp(context);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    const before = await page.evaluate(async () => (await caches.keys()).join());
    // A new build is published: its id changes, so a new worker installs and waits.
    await writeFile(buildFile, original.replace(/RIPEN_BUILD = "([0-9a-f]+)"/, 'RIPEN_BUILD = "$1-next"'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.locator("#update").waitFor({ state: "visible" });
    assert.equal(await page.locator("#update button").textContent(), "Update");
    await screenshot(page, "app-update");
    const reloaded = page.waitForEvent("load");
    await page.locator("#update button").click();
    await reloaded;
    await ready(page);
    const after = await page.evaluate(async () => (await caches.keys()).join());
    assert.notEqual(after, before, "the new build's cache replaced the old one");
    assert.match(after, /-next$/);
  } finally {
    await writeFile(buildFile, original);
    await context.close();
  }
});

test("after one visit the app works offline even after the browser restarts", async () => {
  const { mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const profile = await mkdtemp(`${tmpdir()}/ripen-profile-`);
  try {
    let context = await launchPersistent(profile, { ...TABLET, locale: "en-US" });
    let page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await ready(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await capture(page, { name: "Before the restart", goal: "" });
    await context.close();

    await server.stop();
    context = await launchPersistent(profile, { ...TABLET, locale: "en-US", offline: true });
    page = context.pages()[0] ?? (await context.newPage());
    const errors = watchErrors(page);
    await page.goto(server.url);
    await ready(page);
    await page.locator("[data-screen=clients]").click();
    assert.deepEqual(await page.locator("#clients .name").allTextContents(), ["Before the restart"]);
    assert.equal(await page.locator("#network").textContent(), "offline");
    assert.deepEqual(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED")), []);
    await context.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
    server = await startServer();
  }
});
