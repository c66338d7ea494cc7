// "Write" on the client card, at tablet and phone sizes, in Russian and English: a template
// of the card's stage picked (the app's language first), its text filled in for the
// client with a variable it has no value for marked, the send links carrying the text
// exactly (checked by their href: nothing navigates to mailto: or sms:), and one tap
// logging the touch, seen in the touches and the history. axe finds nothing in the part.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { artifacts, screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };
const OTHER = { ru: "en", en: "ru" };
const WORDS = {
  ru: { first: "Пётр, добрый день! Это", sent: "Отправлено — записать", missing: "пожелание" },
  en: { first: "Hi Пётр, it's", sent: "Sent — log it", missing: "wish" },
};

const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready");
const inApp = (page, fn, arg) => page.evaluate(([source, a]) => new Function("root", "arg", `return (${source})(root, arg)`)(document.querySelector("ripen-crm").shadowRoot, a), [fn.toString(), arg]);
/** Waits for `fn` (which may be async, unlike `waitForFunction`'s) to hold in the page. */
async function eventually(page, fn, arg) {
  for (let tries = 0; tries < 100; tries++) {
    if (await page.evaluate(fn, arg)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`never held: ${fn}`);
}
const decode = (href, field) => decodeURIComponent(href.slice(href.indexOf(`${field}=`) + field.length + 1).split("&")[0]);

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`a rep writes to a client from its card with a stage template (${lang}, ${size})`, async () => {
      const tag = `${lang}-${size}`;
      const words = WORDS[lang];
      const context = await env.browser.newContext({ viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: "Europe/Moscow", hasTouch: size === "phone", bypassCSP: true });
      await context.addInitScript((l) => localStorage.setItem("ripen.lang", l), lang);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await ready(page);
      const { id } = await page.evaluate(async () => {
        const acme = await window.crm.addClient({ name: "ООО «Сибмоторс»" });
        const petr = await window.crm.addClient({
          name: "Иванов Пётр Сергеевич", kind: "person", phones: ["+7 913 123-45-67"], emails: ["petr+crm@sibmotors.ru"],
          messengers: [{ network: "telegram", handle: "@petr_ivanov" }, { network: "whatsapp", handle: "+7 913 123 45 67" }],
        });
        await window.crm.link(acme.id, petr.id, "employee");
        await window.crm.moveStage(petr.id, { pipeline: "sales", stage: "offer_sent" });
        await window.crm.moveStage(petr.id, { pipeline: "maturation", stage: "considering" });
        return { id: petr.id };
      });
      await page.evaluate((clientId) => document.querySelector("ripen-crm").go("card", { id: clientId }), id);
      await page.locator("#card-name").waitFor();
      await page.locator("#write > summary").click();
      await page.locator("#write-template").waitFor();

      // The app's language's templates come first.
      const offered = await page.locator("#write-template option").evaluateAll((os) => os.map((o) => o.value));
      assert.ok(offered.length >= 6, offered.join());
      assert.ok(offered.slice(0, offered.length / 2).every((t) => t.endsWith(`-${lang}`)), offered.join());

      // A message in this language: the text, then the links carrying it exactly.
      await page.locator("#write-channel").selectOption("message");
      await page.locator("#write-template").selectOption(`sales-offer_sent-message-${lang}`);
      await page.waitForFunction((w) => document.querySelector("ripen-crm").shadowRoot.querySelector("#write-body")?.textContent.startsWith(w), words.first);
      const rendered = await page.evaluate(([t, c]) => window.crm.renderTemplate(t, c), [`sales-offer_sent-message-${lang}`, id]);
      assert.deepEqual(rendered.missing, []);
      assert.equal(await page.locator("#write-body").textContent(), rendered.body);
      const links = await page.locator("#write-links a.send-link").evaluateAll((as) => as.map((a) => ({ kind: a.dataset.kind, href: a.getAttribute("href") })));
      assert.deepEqual(links.map((l) => l.kind), ["sms", "telegram", "whatsapp"]);
      assert.ok(links[0].href.startsWith("sms:+79131234567?&body="), links[0].href);
      assert.equal(decode(links[0].href, "body"), rendered.body);
      assert.equal(links[1].href, "https://t.me/petr_ivanov");
      assert.ok(links[2].href.startsWith("https://wa.me/79131234567?text="), links[2].href);
      assert.equal(decode(links[2].href, "text"), rendered.body);
      await screenshot(page, `card-write-message-${tag}`);
      await page.locator("#write").screenshot({ path: path.join(artifacts, `card-write-part-message-${tag}.png`) });

      // The other language's e-mail: a subject, a mailto: link, and {wish} missing, marked.
      await page.locator("#write-channel").selectOption("email");
      const email = `maturation-considering-email-${OTHER[lang]}`;
      await page.locator("#write-template").selectOption(email);
      await page.locator("#write-missing").waitFor();
      assert.equal(await page.locator("#write-out mark.missing").first().textContent(), "{wish}");
      assert.ok((await page.locator("#write-missing").textContent()).includes(words.missing));
      const mail = await page.evaluate(([t, c]) => window.crm.renderTemplate(t, c), [email, id]);
      assert.deepEqual(mail.missing, ["wish"]);
      assert.ok(mail.stimuli.length > 0, "the stage's stimuli come with the text");
      assert.equal(await page.locator("#write-stimuli li").count(), mail.stimuli.length);
      const href = await page.locator('#write-links a[data-kind="mailto"]').getAttribute("href");
      assert.ok(href.startsWith("mailto:petr%2Bcrm@sibmotors.ru?subject="), href);
      assert.equal(decode(href, "subject"), mail.subject);
      assert.equal(decode(href, "body"), mail.body.replaceAll("\n", "\r\n"));
      await screenshot(page, `card-write-email-${tag}`);
      await page.locator("#write").screenshot({ path: path.join(artifacts, `card-write-part-email-${tag}.png`) });

      // axe over the part, and nothing wider than the screen.
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => (await window.axe.run({ include: { fromShadowDom: ["ripen-crm", "#write"] } }, { resultTypes: ["violations"] })).violations
        .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.flat().join(" >>> ")}`)));
      assert.deepEqual(violations, []);
      const wide = await inApp(page, (root) => [...root.querySelectorAll("#write *")]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}: ${el.textContent.slice(0, 40)}`));
      assert.deepEqual(wide, [], "nothing wider than the screen");

      // Sent: one tap logs it, and the card shows it in the touches and the history.
      await page.locator("#write-channel").selectOption("message");
      await page.locator("#write-template").selectOption(`sales-offer_sent-message-${lang}`);
      await page.locator("#write-log").click();
      await eventually(page, async (c) => (await window.crm.touches(c)).length === 1, id);
      const [touch] = await page.evaluate((c) => window.crm.touches(c), id);
      assert.deepEqual([touch.channel, touch.direction, touch.status], ["message", "outbound", "done"]);
      assert.equal(touch.summary, `${rendered.template.name}: ${rendered.body.split("\n")[0]}`.slice(0, 300));
      await page.locator('#card-timeline li[data-type="touch_recorded"]').waitFor();
      assert.ok((await page.locator("#card-touches").textContent()).length > 0);
      assert.ok((await page.locator('#card-timeline li[data-type="touch_recorded"]').textContent()).includes(rendered.template.name));
      await screenshot(page, `card-write-logged-${tag}`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

for (const [lang, size] of [["ru", "phone"], ["en", "tablet"]]) {
  test(`a head of sales edits the templates in Settings (${lang}, ${size})`, async () => {
    const tag = `${lang}-${size}`;
    const context = await env.browser.newContext({ viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: "Europe/Moscow", hasTouch: size === "phone", bypassCSP: true });
    await context.addInitScript((l) => localStorage.setItem("ripen.lang", l), lang);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url);
    await ready(page);
    await page.evaluate(() => document.querySelector("ripen-crm").go("settings", { part: "templates" }));
    await page.locator("#templates-list").waitFor();
    const first = await page.locator("#templates-list li").first().getAttribute("data-template");
    assert.ok(first.endsWith(`-${lang}`), `the app's language first: ${first}`);

    // A new template: an unknown variable is refused, naming it; then saved.
    await page.locator("#template-pipeline").selectOption("sales");
    await page.locator("#template-stage").selectOption("answered");
    await page.locator("#template-channel").selectOption("message");
    await page.locator("#template-name").fill("Спасибо за ответ");
    await page.locator("#template-body").fill("{first_name}, спасибо! {nmae}");
    await page.locator("#template-save").click();
    await page.locator("#settings-error").waitFor({ state: "visible" });
    assert.equal(await page.locator("#settings-error").getAttribute("data-kind"), "validation");
    await page.locator("#template-body").fill("{first_name}, спасибо! Это {rep}.");
    await page.locator("#template-save").click();
    await page.locator("#settings-done").waitFor({ state: "visible" });
    const saved = await page.evaluate(() => window.crm.templates({ stage: "answered" }));
    assert.equal(saved.length, 1);
    assert.deepEqual([saved[0].name, saved[0].body, saved[0].channel], ["Спасибо за ответ", "{first_name}, спасибо! Это {rep}.", "message"]);
    assert.equal(await page.locator("#template-form-heading").textContent(), (lang === "ru" ? "Изменение «Спасибо за ответ»" : "Editing “Спасибо за ответ”"));

    // Edited, then removed.
    await page.locator("#template-body").fill("{first_name}, спасибо!");
    await page.locator("#template-save").click();
    await page.waitForFunction(() => window.crm.templates({ stage: "answered" })[0]?.body === "{first_name}, спасибо!");
    await page.locator("#settings-templates").screenshot({ path: path.join(artifacts, `card-write-settings-${tag}.png`) });
    await page.locator(`#templates-list li[data-template="${saved[0].id}"] [data-action=remove]`).click();
    await page.waitForFunction(() => window.crm.templates({ stage: "answered" }).length === 0);

    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => (await window.axe.run({ include: { fromShadowDom: ["ripen-crm", "#settings-templates"] } }, { resultTypes: ["violations"] })).violations
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.flat().join(" >>> ")}`)));
    assert.deepEqual(violations, []);
    const wide = await inApp(page, (root) => [...root.querySelectorAll("#settings-templates *")]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}: ${el.textContent.slice(0, 40)}`));
    assert.deepEqual(wide, [], "nothing wider than the screen");
    assert.deepEqual(errors, []);
    await context.close();
  });
}
