// The page says figures, dates and counts in its own language, not the browser's: a
// Russian page in an English browser (and the other way round) shows "12 345" or
// "12,345", "1 мар. 2025 г." or "Mar 1, 2025", and words that agree with the number —
// 1 клиент, 2 клиента, 5 клиентов, 21 клиент. New lead, clients, Today, the funnel, a card
// with its history and the settings, RU and EN, tablet and phone; sample data added from
// the empty list; and no Russian left in the English page's own words.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { artifacts, serveAndLaunch, watchErrors } from "../support/browser.mjs";
import { ru } from "../../www/ui/strings-ru.js";
import { en } from "../../www/ui/strings-en.js";

const env = await serveAndLaunch({ before, after });

const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };
/** The browser's locale is always the other language: the page must not follow it. */
const BROWSER = { ru: "en-US", en: "ru-RU" };
const SHOTS = process.env.RIPEN_SHOTS ?? artifacts;
mkdirSync(SHOTS, { recursive: true });

/** Intl's separators are no-break spaces (U+00A0, U+202F): compared as plain spaces. */
const plain = (text) => text.replace(/[\u00a0\u202f]/g, " ").trim();
const CYRILLIC = /[\u0400-\u04ff]/;

const WORDS = {
  ru: {
    counts: { 1: "1 клиент", 2: "2 клиента", 5: "5 клиентов", 21: "21 клиент" },
    // "1 мар. 2025 г., 10:00": day, month in Russian, year, 24-hour time.
    moment: /^\d{1,2} [а-я]{3,5}\.? \d{4} г\., \d{1,2}:\d\d$/,
    birthday: "8 мар. 1980 г.", anniversary: /^\d{1,2} [а-я]+$/, wish: "15 янв. 2026 г.",
    soon: "Важная дата завтра.", noNextStep: "На этапе «Ответили», а следующее касание не запланировано.",
    suggestion: "Отправить кейс похожей компании", plan: "250 000 / 1 500 000",
    cards: "Вошла 21 карточка", period: ["Последние 30 дней", "Последние 90 дней", "Последние 365 дней"],
    stages: ["8 этапов", "6 этапов"], held: /^21 клиент, \d+ изменени(е|я|й)$/,
  },
  en: {
    counts: { 1: "1 client", 2: "2 clients", 5: "5 clients", 21: "21 clients" },
    // "Mar 1, 2025, 10:00 AM".
    moment: /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d [AP]M$/,
    birthday: "Mar 8, 1980", anniversary: /^[A-Z][a-z]+ \d{1,2}$/, wish: "Jan 15, 2026",
    soon: "An important date is tomorrow.", noNextStep: "At “Answered” with no next touch planned.",
    suggestion: "Send a case study of a similar company", plan: "250,000 / 1,500,000",
    cards: "21 cards entered", period: ["Last 30 days", "Last 90 days", "Last 365 days"],
    stages: ["8 stages", "6 stages"], held: /^21 clients, \d+ changes$/,
  },
};

const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready");
const text = async (locator) => plain(await locator.textContent());

async function open(lang, size) {
  const context = await env.browser.newContext({ viewport: SIZES[size], locale: BROWSER[lang], timezoneId: "Europe/Moscow", hasTouch: size === "phone" });
  await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await ready(page);
  // Proves the setup: the browser itself would format in the other language.
  assert.equal(await page.evaluate(() => navigator.language), BROWSER[lang]);
  return { context, page, errors };
}

async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The page's own words on the screen — headings, buttons, labels, badges, notes, figures —
 * that hold Cyrillic; clients' names, regions and other things people typed are left out. */
const cyrillicChrome = (page) => page.evaluate((pattern) => {
  const root = document.querySelector("ripen-crm").shadowRoot;
  const chrome = [
    "h1", "h2:not(#card-name)", "h3", "h4", ".tab", "button:not(.row):not(.link):not(.merge)", "label > span", "summary", "dt", "th", ".badge", "legend",
    "#clients-count", "#clients-search", "#funnel-cards", "#funnel-bottleneck", "#funnel-nps", ".figure", ".step-name", ".step-facts",
    ".why", "#agenda-empty", "#card-timeline .what", "#card-timeline .when", ".kind-tag", "#settings-held", "#settings-checkpoint",
    "#settings-parts", "footer", "select:not(#clients-owner):not(#clients-region):not(#clients-tag):not(#settings-language) option",
  ].join(", ");
  const found = [...root.querySelectorAll(chrome)]
    .filter((el) => !el.closest("[hidden]"))
    .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}: ${(el.placeholder || el.textContent).trim()}`);
  return found.filter((line) => new RegExp(pattern).test(line));
}, CYRILLIC.source);

/** A base to look at: `n` clients, one with a profile and a history, a funnel that narrows
 * with a deal paid, a plan with figures in the millions, a client in the maturation
 * pipeline, and an anniversary tomorrow. */
async function seed(page) {
  return page.evaluate(async () => {
    const crm = window.crm;
    const tomorrow = new Date(Date.now() + 86_400_000);
    const main = await crm.addClient({
      name: "ООО «Альфа-Трейд»", timeZone: "Europe/Moscow", phones: ["+7 495 100-00-01"],
      dates: [{ kind: "birthday", day: 8, month: 3, year: 1980, label: "директор" },
        { kind: "company_anniversary", day: tomorrow.getDate(), month: tomorrow.getMonth() + 1 }],
      wishes: [{ text: "Лизинг погрузчика", notedOn: "2026-01-15" }],
    });
    await crm.updateClient(main.id, { region: "Сибирь" });
    await crm.updateClient(main.id, { region: "Урал" });
    return main.id;
  });
}

/** Adds clients until there are `n`, each on the sales pipeline's first stage. */
const growTo = (page, n) => page.evaluate(async (n) => {
  const crm = window.crm;
  const have = crm.clients({ limit: 1 }).total;
  const ids = await crm.addClients(Array.from({ length: n - have }, (_, i) => ({ name: `Клиент ${have + i + 1}`, timeZone: "Europe/Moscow" })));
  for (const id of ids) await crm.moveStage(id, { pipeline: "sales", stage: "lead_received" });
}, n);

async function shapeFunnel(page, mainId) {
  await page.evaluate(async (mainId) => {
    const crm = window.crm;
    await crm.moveStage(mainId, { pipeline: "sales", stage: "lead_received" });
    const ids = crm.clients({ limit: 50 }).items.map((c) => c.id).filter((id) => id !== mainId);
    // Five answered; two of them a need found; one paid 250 000, by Anna, whose plan it counts in.
    await crm.saveUser("anna", { name: "Anna Petrova", role: "manager" });
    await crm.handOff(ids[0], { to: "anna" });
    for (const id of [mainId, ...ids.slice(0, 4)]) await crm.moveStage(id, { pipeline: "sales", stage: "answered" });
    for (const id of ids.slice(0, 2)) await crm.moveStage(id, { pipeline: "sales", stage: "need_identified" });
    for (const stage of ["offer_sent", "follow_up_done", "invoice_sent", "contract_signed"]) await crm.moveStage(ids[0], { pipeline: "sales", stage });
    await crm.moveStage(ids[0], { pipeline: "sales", stage: "paid", amount: 250_000 });
    // One in the maturation pipeline: Today suggests what Ripen ships for its stage.
    await crm.moveStage(ids[5], { pipeline: "maturation", stage: "considering" });
    const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    await crm.savePlan({ owner: { user: "anna" }, metric: "amount", target: 1_500_000, from: day(-10), to: day(20) });
  }, mainId);
}

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`counts, figures and dates follow the page's language, not the browser's (${lang}, ${size})`, async () => {
      const words = WORDS[lang];
      const { context, page, errors } = await open(lang, size);
      const clients = page.locator("[data-screen=clients]");

      // New lead: the time zones by their cities' names in the reader's language.
      await page.locator("[data-screen=capture]").click();
      const zones = (await page.locator("#capture-zone option").allTextContents()).map(plain);
      assert.ok(zones.includes(lang === "ru" ? "Москва (GMT+3)" : "Moscow (GMT+3)"), zones.join("; "));
      if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
      await shot(page, `capture-${lang}-${size}`);

      // Clients: the count agrees with 1, 2, 5 and 21.
      const mainId = await seed(page);
      for (const n of [1, 2, 5, 21]) {
        await growTo(page, n);
        await clients.click();
        assert.equal(await text(page.locator("#clients-count")), words.counts[n]);
      }
      await shapeFunnel(page, mainId);
      await clients.click();
      // The check sees the page's own words: in Russian it finds them.
      if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
      else assert.ok((await cyrillicChrome(page)).length > 10);
      await shot(page, `clients-${lang}-${size}`);

      // Today: stages and suggestions in the reader's language, how soon a date is.
      await page.locator("[data-screen=agenda]").click();
      await page.locator("#agenda").waitFor();
      const agenda = await text(page.locator("#screen-agenda"));
      assert.ok(agenda.includes(words.soon), `the anniversary is tomorrow: ${agenda.slice(0, 400)}`);
      assert.ok(agenda.includes(words.noNextStep), "the shipped stage in the reader's language");
      assert.ok(agenda.includes(words.suggestion), "the shipped suggestion in the reader's language");
      assert.match(await text(page.locator("#agenda-count")), /^\d+$/);
      if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
      await shot(page, `today-${lang}-${size}`);

      // The funnel: counts, periods and a plan in the millions, with the language's separators.
      await page.locator("[data-screen=funnel]").click();
      await page.locator("#funnel-cards").waitFor();
      assert.equal(await text(page.locator("#funnel-cards")), words.cards);
      assert.deepEqual((await page.locator("#funnel-period option").allTextContents()).map(plain), words.period);
      assert.equal(await text(page.locator(".funnel-chart .step .figure").first()), "21");
      assert.ok((await text(page.locator("#funnel-plans"))).includes(words.plan), await text(page.locator("#funnel-plans")));
      await page.locator("#funnel-by").selectOption("month");
      // This month by its name, a capital first as a heading: "Март 2026 г." / "March 2026".
      const month = plain(new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-US", { month: "long", year: "numeric" }).format(new Date()));
      const group = await text(page.locator("#funnel-groups h3").first());
      assert.ok(group.startsWith(month[0].toUpperCase() + month.slice(1)), `${group} is named as ${month}`);
      if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
      await shot(page, `funnel-${lang}-${size}`);

      // A card: its days and its history's moments in the page's language.
      await clients.click();
      await page.locator(`#clients li[data-id="${mainId}"] button`).first().click();
      await page.locator("#card-timeline li").nth(2).waitFor();
      assert.equal(await text(page.locator("#card-dates li").first().locator(".grow")), `${words.birthday}директор`);
      assert.match(plain(await page.locator("#card-dates li").nth(1).locator(".grow").evaluate((el) => el.firstChild.textContent)), words.anniversary);
      assert.ok((await text(page.locator("#card-wishes"))).includes(words.wish));
      for (const when of await page.locator("#card-timeline .when").allTextContents()) assert.match(plain(when), words.moment);
      if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
      await shot(page, `card-${lang}-${size}`);

      // Settings: what the device holds, and each pipeline's stages counted.
      await page.locator("[data-screen=settings]").click();
      await page.locator("#settings-held").waitFor();
      assert.match(await text(page.locator("#settings-held")), words.held);
      assert.match(await text(page.locator("#settings-storage")), lang === "ru" ? /\d,\d МиБ/ : /\d\.\d MiB/);
      if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
      await shot(page, `settings-${lang}-${size}`);
      await page.locator('#settings-parts [data-part="pipelines"]').click();
      assert.deepEqual((await page.locator("#settings-pipelines details > summary .meta").allTextContents()).map(plain), words.stages);
      if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
      await shot(page, `settings-pipelines-${lang}-${size}`);

      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

// The sample is offered on the empty list and says what it added in the reader's words.
for (const [lang, size] of [["ru", "tablet"], ["en", "phone"]]) {
  test(`sample data: counts with separators and plurals (${lang}, ${size})`, async () => {
    const { context, page, errors } = await open(lang, size);
    await page.locator("[data-screen=clients]").click();
    await page.locator("#sample-add").click();
    await page.locator("#clients-done").waitFor({ timeout: 120_000 });
    assert.equal(await text(page.locator("#clients-done")), lang === "ru" ? "Добавлено 300 клиентов из примера." : "Added 300 sample clients.");
    assert.equal(await text(page.locator("#clients-count")), lang === "ru" ? "300 клиентов" : "300 clients");
    if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
    await shot(page, `sample-clients-${lang}-${size}`);

    await page.locator("[data-screen=settings]").click();
    await page.locator("#settings-held").waitFor();
    const events = await page.evaluate(async () => (await window.crm.storageInfo()).events);
    assert.ok(events >= 1000, `enough changes for a thousands separator: ${events}`);
    const held = await text(page.locator("#settings-held"));
    const grouped = plain(new Intl.NumberFormat(lang === "ru" ? "ru-RU" : "en-US").format(events));
    assert.ok(held === (lang === "ru" ? `300 клиентов, ${grouped} изменени${held.at(-1)}` : `300 clients, ${grouped} changes`), held);
    assert.match(held, lang === "ru" ? /, \d \d{3} изменени[еяй]$/ : /, \d,\d{3} changes$/);

    // The sample's lost deals give their reasons in the reader's language.
    await page.locator("[data-screen=funnel]").click();
    await page.locator("#funnel-cards").waitFor();
    assert.equal(await text(page.locator("#funnel-cards")), lang === "ru" ? "Вошло 300 карточек" : "300 cards entered");
    const facts = await text(page.locator("#screen-funnel .funnel-chart"));
    assert.ok(facts.includes(lang === "ru" ? "нет бюджета" : "no budget"), facts.slice(0, 300));
    if (lang === "en") assert.deepEqual(await cyrillicChrome(page), []);
    await shot(page, `sample-funnel-${lang}-${size}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

// Words the screens build around a number, straight from the strings.
test("every count in the strings agrees with its number and groups its digits", () => {
  const n = (text) => plain(text);
  assert.deepEqual([1, 2, 5, 21, 11, 104].map((k) => n(ru.clients.count(k))),
    ["1 клиент", "2 клиента", "5 клиентов", "21 клиент", "11 клиентов", "104 клиента"]);
  assert.deepEqual([1, 2, 21].map((k) => n(en.clients.count(k))), ["1 client", "2 clients", "21 clients"]);
  assert.equal(n(ru.sync.waiting(12345)), "ждут отправки: 12 345");
  assert.equal(n(en.sync.waiting(12345)), "12,345 waiting to go out");
  assert.equal(n(ru.sync.first(1200, 34567)), "Первая синхронизация: 1 200 из 34 567 записей");
  assert.equal(n(en.sync.first(1, 21)), "First sync: 1 of 21 records");
  assert.equal(n(en.sync.firstSoFar(1)), "First sync: 1 record so far");
  assert.equal(n(ru.importing.summary(12345, 12000, 1, 344)), "Строк: 12 345. Прочитано: 12 000, возможно, уже есть в базе: 1, ошибок: 344.");
  assert.equal(n(en.importing.summary(1, 1, 0, 1)), "1 row: 1 read, 0 may already be here, 1 error.");
  assert.equal(n(ru.sample.adding(25, 300)), "Добавляем пример… 25 из 300");
  assert.equal(n(ru.sample.removed(21)), "Убран 21 клиент из примера.");
  assert.equal(n(ru.settings.counts(1, 1234)), "1 клиент, 1 234 изменения");
  assert.equal(n(en.settings.counts(1, 1234)), "1 client, 1,234 changes");
  assert.equal(n(ru.pipelines.stages(2)), "2 этапа");
  assert.equal(n(ru.funnel.cards(5)), "Вошло 5 карточек");
  assert.equal(n(ru.funnel.days(1)), "Последний 1 день");
  assert.equal(n(en.funnel.npsLine(40, 1, 2, 0)), "NPS 40: 1 promoter, 2 passives, 0 detractors");
  assert.equal(n(en.rescue.done(1, 0)), "Saved 1 change as a backup file.");
  assert.equal(n(ru.importing.mayBe("Альфа", 87)), "— возможно, «Альфа» (87 %)");
  assert.equal(n(en.importing.mayBe("Alpha", 87)), "may be “Alpha” (87%)");
});
