// A rep remembers what was said, not who said it: notes typed into a card and wishes noted
// there are found by the clients screen's search, which says where it matched and shows
// the words around it; the card opens from the result. RU on a tablet, EN on a phone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, serveAndLaunch } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });

const WORDS = {
  ru: { where: "в заметках", wish: "пожелание", wishText: "Хочет демо для отдела закупок" },
  en: { where: "in notes", wish: "wish", wishText: "Wants a demo for the purchasing team" },
};

for (const [lang, size] of [["ru", "tablet"], ["en", "phone"]]) {
  test(`notes and wishes typed in a card are found by search (${lang}, ${size})`, async () => {
    const { context, page, errors } = await openApp(env, { lang, size });
    const id = await page.evaluate(async () => {
      const other = await window.crm.addClient({ kind: "company", name: "Аквамарин Трейд" });
      const client = await window.crm.addClient({ kind: "person", name: "Семён Лобанов" });
      return [client.id, other.id][0];
    });
    await page.evaluate((clientId) => document.querySelector("ripen-crm").go("card", { id: clientId }), id);
    await page.locator("#card-name").waitFor();

    // Notes: typed in the card, kept line by line.
    await page.locator("#notes-form").evaluate((form) => (form.closest("details").open = true));
    await page.getByLabel(lang === "ru" ? "Изменить заметки" : "Edit the notes", { exact: true }).fill(
      "Met at the Innoprom stand\nЖена — Ольга, любит парусный спорт",
    );
    await page.locator("#notes-save").click();
    await page.locator("#card-notes").waitFor();
    assert.match(await page.locator("#card-notes").textContent(), /Ольга, любит парусный спорт/);
    // A wish, in the reader's language.
    await page.locator("#wish-text").fill(WORDS[lang].wishText);
    await page.locator("#wish-save").click();
    await page.locator("#card-wishes li").waitFor();
    await screenshot(page, `notes-${lang}-${size}-card`);

    // Search finds the client by a word of the notes and says where it matched.
    await page.locator("[data-screen=clients]").click();
    const search = page.locator("#clients-search");
    await search.fill("парусный");
    const row = page.locator(`#clients li[data-id="${id}"]`);
    const said = row.locator(".meta", { hasText: /:/ });
    await said.waitFor();
    const meta = await said.textContent();
    assert.ok(meta.startsWith(`${WORDS[lang].where}:`), meta);
    assert.match(meta, /Ольга, любит парусный спорт/);
    assert.equal(await page.locator("#clients li").count(), 1, "only the client whose notes say it");
    await screenshot(page, `notes-${lang}-${size}-found`);

    await search.fill(lang === "ru" ? "демо закупок" : "purchasing demo");
    await row.locator(".meta", { hasText: WORDS[lang].wishText }).waitFor();
    assert.equal(await said.textContent(), `${WORDS[lang].wish}: ${WORDS[lang].wishText}`);

    // Words from two different lines do not make a match; the result opens the card.
    await search.fill("Innoprom Ольга");
    await page.locator(`#clients li[data-id="${id}"]`).waitFor({ state: "detached" });
    assert.equal(await page.locator(`#clients li[data-id="${id}"]`).count(), 0);
    await search.fill("Innoprom");
    await said.waitFor();
    await row.locator("button").click();
    await page.locator("#card-name").waitFor();
    assert.equal(await page.locator("#card-name").textContent(), "Семён Лобанов");

    // Emptied notes are removed, and no longer found.
    await page.locator("#notes-form").evaluate((form) => (form.closest("details").open = true));
    await page.locator("#notes-text").fill("");
    await page.locator("#notes-save").click();
    await page.locator("#card-notes").waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => window.crm.search("парусный").length), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
