// Contacts from the files reps actually have, through Settings → Import: a vCard with
// phone extensions and numbers that are not numbers, a UTF-16 phone export and a KOI8-R
// one. Every contact comes in; what could not be read is kept in its notes and listed in
// the preview as a warning; the encoding found is shown and can be changed. RU on a
// tablet, EN on a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, serveAndLaunch } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });

const fixtures = new URL("../../crates/ripen-io/tests/fixtures/", import.meta.url).pathname;
const WORDS = {
  ru: { headerAt: "заголовки в строке 4", headerless: "без строки заголовков", recalled: "как в прошлый раз", warnings: /Значения, сохранённые текстом в заметках \(5\)/, extension: /добавочный номер из «\+7 \(383\) 211-22-33 доб\. 102» сохранён в заметках/ },
  en: { headerAt: "headers on line 4", headerless: "no header row", recalled: "as last time", warnings: /Values kept as text in the notes \(5\)/, extension: /the extension in “\+7 \(383\) 211-22-33 доб\. 102” is kept in the notes/ },
};
const part = async (page, name) => {
  await page.locator("[data-screen=settings]").click();
  await page.locator(`#settings-parts [data-part=${name}]`).click();
  await page.locator(`#screen-settings[data-part=${name}]`).waitFor();
};

for (const [lang, size] of [["ru", "tablet"], ["en", "phone"]]) {
  test(`vCards as phones write them come in whole, with what could not be read kept (${lang}, ${size})`, async () => {
    const { context, page, errors } = await openApp(env, { lang, size });
    await part(page, "import");

    // Extensions and a "number" that is not one: three contacts, none left out.
    await page.locator("#import-file").setInputFiles(fixtures + "vcard/extensions.vcf");
    await page.locator("#import-summary").waitFor();
    assert.equal(await page.locator("#import-issues li").count(), 0, "no contact left out");
    const heading = page.locator("h4", { hasText: WORDS[lang].warnings });
    await heading.waitFor();
    const warnings = page.locator("#import-warnings li");
    assert.ok((await warnings.count()) >= 3, `warnings: ${await warnings.count()}`);
    assert.ok((await warnings.allTextContents()).some((t) => WORDS[lang].extension.test(t)), (await warnings.allTextContents()).join("\n"));
    await screenshot(page, `import-files-${lang}-${size}-vcard`);
    await page.locator("#import-go").click();
    await page.waitForFunction(() => window.crm.listClients().length === 3);
    const oleg = await page.evaluate(() => window.crm.listClients().find((c) => c.name === "Олег Смирнов"));
    assert.deepEqual(oleg.phones.map((p) => p.e164), ["73832112233", "79135551234"]);
    assert.match(oleg.notes, /211-22-33 ext\. 102/, "the extension kept in the notes");
    const pavel = await page.evaluate(() => window.crm.listClients().find((c) => c.name === "Павел Коротков"));
    assert.match(pavel.notes, /53-25/, "the number that is not one is kept as text");

    // A UTF-16 export: the encoding is found and said; KOI8-R likewise, and can be chosen.
    await page.locator("#import-file").setInputFiles(fixtures + "encodings/utf16le.vcf");
    await page.locator("#import-summary", { hasText: /utf-16le/i }).waitFor();
    await page.locator("#import-file").setInputFiles(fixtures + "encodings/koi8-r.vcf");
    await page.locator("#import-summary", { hasText: /koi8-r/i }).waitFor();
    const koi8 = await page.locator("#import-sample").textContent();
    assert.match(koi8, /[А-Яа-я]{3}/, "Cyrillic read right");
    await page.locator("#import-encoding").evaluate((el) => (el.closest("details").open = true));
    await page.locator("#import-encoding").selectOption("windows-1251");
    await page.locator("#import-summary", { hasText: /windows-1251/i }).waitFor();
    assert.notEqual(await page.locator("#import-sample").textContent(), koi8, "another encoding, other letters");
    await page.locator("#import-encoding").selectOption("");
    await page.locator("#import-summary", { hasText: /koi8-r/i }).waitFor();
    await screenshot(page, `import-files-${lang}-${size}-koi8`);

    // CSV as exporters write it: a LinkedIn file's preamble is skipped; a list with no
    // header row is read from its first line, its columns guessed from their values.
    await page.locator("#import-encoding").selectOption("");
    await page.locator("#import-file").setInputFiles(fixtures + "csv/linkedin.csv");
    await page.locator("#import-summary", { hasText: WORDS[lang].headerAt }).waitFor();
    assert.equal(await page.locator('#import-columns select[data-header="Email Address"]').inputValue(), "email");
    await page.locator("#import-file").setInputFiles(fixtures + "csv/headerless.csv");
    await page.locator("#import-summary", { hasText: WORDS[lang].headerless }).waitFor();
    assert.match(await page.locator("#import-sample").textContent(), /Иван Петров/, "the first line is a contact, not a header");
    // A choice of columns is made once: the same headers next time get it again.
    await page.locator("#import-file").setInputFiles(fixtures + "csv/linkedin.csv");
    await page.locator("#import-summary", { hasText: WORDS[lang].headerAt }).waitFor();
    await page.locator('#import-columns select[data-header="Position"]').selectOption("tags");
    await page.locator("#import-file").setInputFiles(fixtures + "csv/headerless.csv");
    await page.locator("#import-summary", { hasText: WORDS[lang].headerless }).waitFor();
    await page.locator("#import-file").setInputFiles(fixtures + "csv/linkedin.csv");
    await page.locator("#import-summary", { hasText: WORDS[lang].recalled }).waitFor();
    assert.equal(await page.locator('#import-columns select[data-header="Position"]').inputValue(), "tags");
    await screenshot(page, `import-files-${lang}-${size}-linkedin`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
