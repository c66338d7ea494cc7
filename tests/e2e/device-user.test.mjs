// Who is using this device, as a team lead sets Ripen up on a tablet: before the first
// admin everyone is let in (Settings → This device says so); adding an admin never leaves
// the device in front of "no rights" — it asks who is using it, from the registered users
// with what each may do; the choice is remembered across reloads; Settings → This device
// switches to another user; a device whose remembered user is not registered asks again;
// "This is me" in People makes the new user the device's at once. In Russian and English,
// at tablet and phone sizes; screenshots in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });


const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };
const WORDS = {
  ru: { who: "Кто работает на этом устройстве?", admin: "Администратор", everyClient: "Видит всех клиентов" },
  en: { who: "Who is using this device?", admin: "Admin", everyClient: "Sees every client" },
};

async function openApp(context) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await ready(page);
  return { page, errors };
}

const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready" || document.querySelector("ripen-crm")?.dataset.state === "ready");

async function settingsPart(page, part) {
  await page.locator("[data-screen=settings]").click();
  await page.locator(`#settings-parts [data-part=${part}]`).click();
}

async function saveUser(page, { id, name, role, me = false }) {
  await settingsPart(page, "people");
  await page.locator("#user-id").fill(id);
  await page.locator("#user-name").fill(name);
  await page.locator("#user-role").selectOption(role);
  if (me) await page.locator("#user-is-me").check();
  await page.locator("#user-form button[type=submit]").click();
}

const clientCount = (page) => page.evaluate(() => window.crm.listClients().length);

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`adding an admin asks who uses the device, never locks it out (${lang}, ${size})`, async () => {
      const tag = `${lang}-${size}`;
      const words = WORDS[lang];
      const context = await env.browser.newContext({ viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US" });
      await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
      const { page, errors } = await openApp(context);
      await page.evaluate(() => window.crm.addClient({ name: "ООО «Ромашка»" }));

      // Before the first admin, Settings → This device says what adding one changes.
      await settingsPart(page, "device");
      await page.locator("#device-user-open").waitFor();

      // The first admin, added for someone else: the device asks who is using it.
      await saveUser(page, { id: "anna", name: "Анна Петрова", role: "admin" });
      await page.locator("#device-user-picker").waitFor();
      assert.equal(await page.locator("#device-user-title").textContent(), words.who);
      const anna = page.locator("#device-users li").filter({ hasText: "Анна Петрова" });
      assert.match(await anna.textContent(), new RegExp(`${words.admin}.*${words.everyClient}`));
      await screenshot(page, `device-user-${tag}-picker`);
      await anna.locator("button").click();
      await page.locator("#device-user-picker").waitFor({ state: "detached" });
      assert.equal(await page.evaluate(() => window.crm.user), "anna");
      assert.equal(await clientCount(page), 1, "the admin sees the client");

      // Remembered across a reload: no picker, the same user, the same clients.
      await page.reload();
      await ready(page);
      assert.equal(await page.evaluate(() => window.crm.user), "anna");
      assert.equal(await clientCount(page), 1);

      // Settings → This device: who uses it, and a switch to a colleague.
      await saveUser(page, { id: "boris", name: "Борис", role: "manager" });
      await settingsPart(page, "device");
      assert.match(await page.locator("#device-user").textContent(), /Анна Петрова/);
      await screenshot(page, `device-user-${tag}-settings`);
      await page.locator("#device-user-switch").selectOption("boris");
      await page.locator("#device-user-go").click();
      await page.locator("#settings-done").waitFor({ state: "visible" });
      assert.equal(await page.evaluate(() => window.crm.user), "boris");
      assert.equal(await clientCount(page), 0, "a rep sees only their own clients");

      // A device whose remembered user is not registered asks again on opening.
      await page.evaluate(() => localStorage.setItem("ripen.user", "ghost"));
      await page.reload();
      await page.locator("#device-user-picker").waitFor();
      assert.match(await page.locator("#device-user-picker").textContent(), /ghost/);
      await screenshot(page, `device-user-${tag}-reopened`);
      await page.locator("#device-users button[data-user=anna]").click();
      await ready(page);
      assert.equal(await page.evaluate(() => window.crm.user), "anna");
      assert.equal(await clientCount(page), 1);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test("\"This is me\" makes the first admin the device's user at once", async () => {
  const context = await env.browser.newContext({ viewport: SIZES.tablet });
  const { page, errors } = await openApp(context);
  await page.evaluate(() => window.crm.addClient({ name: "ИП Смирнов" }));
  await saveUser(page, { id: "vera", name: "Вера", role: "admin", me: true });
  await page.locator("#settings-done").waitFor({ state: "visible" });
  assert.equal(await page.locator("#device-user-picker").count(), 0);
  assert.equal(await page.evaluate(() => window.crm.user), "vera");
  assert.equal(await clientCount(page), 1);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => window.crm.user), "vera");
  assert.deepEqual(errors, []);
  await context.close();
});
