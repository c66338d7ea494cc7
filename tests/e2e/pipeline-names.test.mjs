// The pipelines and stages Ripen ships read in the reader's language (the engine names
// them in Russian); a stage the team renamed reads as the team wrote it, in either.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });


const EXPECTED = {
  en: { pipeline: "Sales", first: "Lead received", other: "Client maturation" },
  ru: { pipeline: "Продажа", first: "Заявка получена", other: "Созревание клиента" },
};

for (const lang of ["en", "ru"]) {
  test(`shipped pipeline and stage names read in ${lang}, renamed ones as written`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
    await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(env.server.url);
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    await page.evaluate(() => window.crm.changeStage("sales", { id: "answered", name: "Перезвонили" }));
    const words = EXPECTED[lang];

    await page.locator("[data-screen=funnel]").click();
    const options = await page.locator("#funnel-pipeline option").allTextContents();
    assert.deepEqual(options, [words.pipeline, words.other]);
    const labels = await page.locator("#funnel-body .funnel-chart .step-name").allTextContents();
    assert.ok(labels.includes(words.first), JSON.stringify(labels));
    assert.ok(labels.includes("Перезвонили"), "a renamed stage as the team wrote it");

    await page.locator("[data-screen=clients]").click();
    const stages = await page.locator("optgroup option").allTextContents();
    assert.ok(stages.includes(words.first) && stages.includes("Перезвонили"), JSON.stringify(stages));
    assert.deepEqual(errors, []);
    await context.close();
  });
}
