// The foundation slice as a person uses it: add a client, reload, still there; take the
// network away (server stopped, browser offline), reload, and keep working.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "../support/server.mjs";
import { launch, screenshot, watchErrors } from "../support/browser.mjs";

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

async function openApp(context) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  return { page, errors };
}

const names = (page) => page.locator("#clients .name").allTextContents();

async function addClient(page, name, kind = "company") {
  await page.locator(`input[name=kind][value=${kind}]`).check();
  await page.locator("#client-name").fill(name);
  await page.locator("#add-button").click();
}

test("a client added online survives reload, and the app keeps working offline", async () => {
  const context = await browser.newContext({ locale: "ru-RU", viewport: { width: 768, height: 1024 } });
  const { page, errors } = await openApp(context);

  await addClient(page, "ООО «Сибирские моторы»");
  await page.locator("#clients li").first().waitFor();
  assert.deepEqual(await names(page), ["ООО «Сибирские моторы»"]);
  assert.equal(await page.locator("#client-count").textContent(), "1");
  assert.equal(await page.locator("#client-name").inputValue(), "", "the form is cleared after saving");

  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.deepEqual(await names(page), ["ООО «Сибирские моторы»"]);
  await screenshot(page, "slice-online");

  // The service worker must control the page before the network goes.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });

  await server.stop();
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.deepEqual(await names(page), ["ООО «Сибирские моторы»"]);
  assert.equal(await page.locator("#network").textContent(), "офлайн");

  await addClient(page, "Анна Петрова", "person");
  await page.waitForFunction(() => document.querySelectorAll("#clients li").length === 2);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.deepEqual(await names(page), ["Анна Петрова", "ООО «Сибирские моторы»"]);
  await screenshot(page, "slice-offline");

  assert.deepEqual(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED")), []);
  await context.close();
  server = await startServer();
});

test("an empty name is refused with a clear message and nothing is saved", async () => {
  const context = await browser.newContext({ locale: "en-US" });
  const { page, errors } = await openApp(context);

  await addClient(page, "   ");
  const alert = page.locator("#form-error");
  await alert.waitFor({ state: "visible" });
  assert.equal(await alert.textContent(), "Enter a name.");
  assert.equal(await alert.getAttribute("data-kind"), "validation");
  assert.equal(await page.locator("#client-name").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#clients li").count(), 0);
  await screenshot(page, "slice-empty-name");

  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  assert.equal(await page.locator("#clients li").count(), 0, "nothing was written");
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
  const { page } = await openApp(context);
  await server.stop();
  await context.setOffline(true);
  await assert.rejects(page.reload(), /ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/);
  await context.close();
  server = await startServer();
});
