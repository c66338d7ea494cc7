// Restoring a backup from Settings → This device: into a base that already holds clients
// it is refused with words that say what happened and that nothing changed (not the bare
// "conflict" of a later change); into an empty one it restores every client. RU and EN.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { artifacts, screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });


const WORDS = { ru: /Ничего не восстановлено.*клиентов: 2/, en: /Nothing was restored.*holds 2 clients/ };

async function open(lang) {
  const context = await env.browser.newContext({ viewport: { width: 1024, height: 768 }, locale: lang === "ru" ? "ru-RU" : "en-US" });
  await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  return { context, page, errors };
}

async function restore(page, file) {
  await page.locator("[data-screen=settings]").click();
  await page.locator("#settings-parts [data-part=device]").click();
  await page.locator("#settings-import").setInputFiles(file);
}

for (const lang of ["ru", "en"]) {
  test(`a backup restores into an empty base and is refused, plainly, into one with clients (${lang})`, async () => {
    const source = await open(lang);
    const backup = await source.page.evaluate(async () => {
      await window.crm.addClient({ name: "ООО «Ромашка»" });
      await window.crm.addClient({ name: "ИП Смирнов" });
      const file = await window.crm.exportBackup();
      if (file.type !== "application/json") throw new Error(`a backup of type ${file.type}`);
      return file.text();
    });
    const file = path.join(artifacts, `backup-${lang}.json`);
    writeFileSync(file, backup);

    const before = await source.page.evaluate(async () => (await window.crm.storageInfo()).events);
    await restore(source.page, file);
    await source.page.locator("#settings-error").waitFor({ state: "visible" });
    assert.match(await source.page.locator("#settings-error").textContent(), WORDS[lang]);
    assert.equal(await source.page.evaluate(async () => (await window.crm.storageInfo()).events), before, "nothing changed");
    await screenshot(source.page, `backup-${lang}-not-empty`);

    const fresh = await open(lang);
    await restore(fresh.page, file);
    await fresh.page.locator("#settings-done").waitFor({ state: "visible" });
    const names = await fresh.page.evaluate(() => window.crm.listClients().map((c) => c.name).sort());
    assert.deepEqual(names, ["ИП Смирнов", "ООО «Ромашка»"]);
    assert.deepEqual([...source.errors, ...fresh.errors], []);
    await source.context.close();
    await fresh.context.close();
  });
}
