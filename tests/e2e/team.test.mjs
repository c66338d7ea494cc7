// Team sync as reps use it, through the page: two tablets (two browser contexts, each its
// own IndexedDB) and a real PouchDB Server started here. Each tablet logs in from
// Settings → Team; the second one's first sync shows its progress bar; tablet A loses the
// network, captures a lead at the stand, gets it back; tablet B shows the lead without a
// reload. Then a hub that refuses the login, and a lead given to two owners at once, which
// the manager sees in Settings → Team. In Russian and English, at tablet and phone sizes;
// screenshots of Settings → Team and the header's states land in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, screenshot, watchErrors } from "../support/browser.mjs";
import { startServer } from "../support/server.mjs";
import { startPouchServer } from "../support/hub/server.mjs";
import { prepareHub } from "../support/hub/prepare.mjs";

const database = "team-journey";
const users = [
  { name: "anna", password: "anna-secret" },
  { name: "boris", password: "boris-secret" },
];
/** More documents than one `_changes` page (200): a first sync takes several pages. */
const SEEDED = 450;

let server;
let browser;
let hub;

before(async () => {
  hub = await startPouchServer({ heapMb: 512 });
  // The page's CSP names the hub, as `cargo xtask serve --hub` serves it.
  server = await startServer(["/=www"], { hub: hub.url });
  browser = await launch();
  const admin = new URL(hub.url);
  admin.username = "admin";
  admin.password = "admin-secret";
  await prepareHub({ url: admin.href, database, users, origins: [server.url.replace(/\/$/, "")] });
  // The team's base before the tablets join: a device that wrote SEEDED clients, each its
  // own commit (so its own document on the hub).
  const context = await browser.newContext();
  const { page } = await openApp(context);
  await page.evaluate(async ({ url, database, count }) => {
    for (let i = 0; i < count; i++) await window.crm.addClient({ name: `Клиент с выставки ${i}` });
    await window.crm.connectHub({ url, database, user: "anna", password: "anna-secret" });
    await window.crm.syncNow();
  }, { url: hub.url, database, count: SEEDED });
  await context.close();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await hub?.stop();
});

async function openApp(context) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    window.cspViolations = [];
    addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  return { page, errors };
}

const teamPart = async (page) => {
  await page.locator("[data-screen=settings]").click();
  await page.locator("#settings-parts [data-part=team]").click();
  await page.locator("#screen-settings[data-part=team]").waitFor();
};

async function logIn(page, user, password) {
  await teamPart(page);
  await page.locator("#team-url").fill(hub.url);
  await page.locator("#team-database").fill(database);
  await page.locator("#team-user").fill(user);
  await page.locator("#team-password").fill(password);
  await page.locator("#team-connect").click();
  await page.locator("#settings-done").waitFor({ state: "visible" });
}

const badge = (page, state, timeout = 30_000) =>
  page.locator(`#sync-badge[data-state=${state}]`).waitFor({ state: "visible", timeout });

/** The lead captured at the stand: the quick-capture form, as in app.test.mjs. */
async function capture(page, name) {
  await page.locator("[data-screen=capture]").click();
  await page.locator("#capture-name").fill(name);
  await page.locator("#capture-save").click();
  await page.locator("#capture-done").waitFor({ state: "visible" });
}

const SIZES = { tablet: { width: 768, height: 1024 }, phone: { width: 390, height: 844 } };
const WORDS = {
  ru: { synced: "синхронизировано", waiting: "ждут: \\d+", login: "войдите снова", first: "Первая синхронизация" },
  en: { synced: "synced", waiting: "\\d+ waiting", login: "log in again", first: "First sync" },
};

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`a lead captured offline on tablet A reaches tablet B without a reload (${lang}, ${size})`, async () => {
      const tag = `${lang}-${size}`;
      const words = WORDS[lang];
      const options = { viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", timezoneId: "Europe/Moscow" };
      const contextA = await browser.newContext(options);
      const contextB = await browser.newContext(options);
      const a = await openApp(contextA);
      const b = await openApp(contextB);

      // Tablet A logs in from Settings → Team; the password field is empty after it.
      await logIn(a.page, "anna", "anna-secret");
      assert.equal(await a.page.locator("#team-password").inputValue(), "");
      await badge(a.page, "idle");
      assert.equal(await a.page.locator("#sync-badge").textContent(), words.synced);
      assert.equal(await a.page.evaluate(() => JSON.stringify(localStorage).includes("anna-secret")), false, "the password is not stored");
      await screenshot(a.page, `team-${tag}-connected`);

      // Tablet B logs in as another user; its first sync comes a page at a time (each
      // `_changes` page held back a moment here, so the bar can be seen), with counts.
      await contextB.route("**/_changes?*", async (route) => {
        if (!route.request().url().includes("feed=longpoll")) await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      await logIn(b.page, "boris", "boris-secret");
      await b.page.locator("#sync-bar").waitFor({ state: "visible", timeout: 20_000 });
      assert.match(await b.page.locator("#sync-bar").textContent(), new RegExp(`${words.first}: .*\\d+`));
      await screenshot(b.page, `team-${tag}-first-sync`);
      await badge(b.page, "idle", 60_000);
      assert.equal(await b.page.locator("#sync-bar").isVisible(), false);
      await contextB.unroute("**/_changes?*");
      await b.page.locator("[data-screen=clients]").click();

      // Tablet A loses the network at the stand and captures a lead; it waits to go out.
      const lead = `ООО «Стенд ${tag}»`;
      await contextA.setOffline(true);
      await capture(a.page, lead);
      await badge(a.page, "offline", 60_000);
      await a.page.locator("#sync-badge", { hasText: new RegExp(words.waiting) }).waitFor();
      await screenshot(a.page, `team-${tag}-header-offline`);

      // Back online: the lead goes out and tablet B shows it where it stands, no reload.
      await contextA.setOffline(false);
      await b.page.locator("#screen-clients, main").getByText(lead).first().waitFor({ timeout: 60_000 });
      await badge(a.page, "idle", 60_000);
      assert.equal(await a.page.locator("#sync-badge").textContent(), words.synced);

      // A reload goes on syncing with the hub's session: no password is asked for.
      const ready = (page) => page.waitForFunction(() => document.documentElement.dataset.state === "ready");
      await a.page.reload();
      await ready(a.page);
      await badge(a.page, "idle");
      const later = `ИП «После перезагрузки ${tag}»`;
      await capture(a.page, later);
      await b.page.locator("#screen-clients, main").getByText(later).first().waitFor({ timeout: 60_000 });

      // The session ends while the tablet is closed (its cookie gone): after a reload the
      // header asks to log in again, nothing held here is lost, and a login goes on.
      const held = await a.page.evaluate(async () => (await window.crm.storageInfo()).events);
      await contextA.clearCookies();
      await a.page.reload();
      await ready(a.page);
      await badge(a.page, "unauthorized");
      assert.equal(await a.page.locator("#sync-badge").textContent(), words.login);
      assert.equal(await a.page.evaluate(async () => (await window.crm.storageInfo()).events), held);
      await a.page.locator("#sync-badge").click();
      await a.page.locator("#team-relogin").waitFor({ state: "visible" });
      assert.equal(await a.page.locator("#team-user").inputValue(), "anna");
      await a.page.locator("#team-password").fill("anna-secret");
      await a.page.locator("#team-connect").click();
      await badge(a.page, "idle");
      await a.page.locator("[data-screen=clients]").click();

      // The hub stops accepting B's login: the header and Settings → Team say to log in again.
      await contextB.route("**/_changes?*", (route) => route.fulfill({
        status: 401, contentType: "application/json", body: JSON.stringify({ error: "unauthorized", reason: "Session expired" }),
      }));
      await b.page.evaluate(() => window.crm.syncNow().catch(() => null));
      await badge(b.page, "unauthorized");
      assert.equal(await b.page.locator("#sync-badge").textContent(), words.login);
      await screenshot(b.page, `team-${tag}-header-unauthorized`);
      await b.page.locator("#sync-badge").click();
      await b.page.locator("#team-relogin").waitFor({ state: "visible" });
      assert.equal(await b.page.locator("#team-user").inputValue(), "boris", "the login is offered again, filled in");
      await screenshot(b.page, `team-${tag}-relogin`);
      await contextB.unroute("**/_changes?*");
      await b.page.locator("#team-password").fill("boris-secret");
      await b.page.locator("#team-connect").click();
      await badge(b.page, "idle");

      // A lead given an owner on both tablets while apart: one owner stands everywhere,
      // and the manager sees the other in Settings → Team.
      const client = await a.page.evaluate(async (lead) => {
        await window.crm.saveUser("vera", { name: "Вера", role: "manager" });
        await window.crm.saveUser("gleb", { name: "Глеб", role: "manager" });
        await window.crm.syncNow();
        return window.crm.listClients().find((c) => c.name === lead).id;
      }, lead);
      await b.page.evaluate(() => window.crm.syncNow());
      await Promise.all([contextA.setOffline(true), contextB.setOffline(true)]);
      await a.page.evaluate((id) => window.crm.handOff(id, { to: "vera" }), client);
      await b.page.evaluate((id) => window.crm.handOff(id, { to: "gleb" }), client);
      await Promise.all([contextA.setOffline(false), contextB.setOffline(false)]);
      for (let round = 0; round < 2; round++) {
        for (const page of [a.page, b.page]) await page.evaluate(() => window.crm.syncNow());
      }
      assert.equal(await b.page.evaluate(() => window.crm.digest()), await a.page.evaluate(() => window.crm.digest()));
      await teamPart(b.page);
      const item = b.page.locator("#team-conflicts li[data-kind=assignment]").filter({ hasText: lead });
      await item.waitFor();
      // Named as the team knows them, not by their logins.
      assert.match(await item.textContent(), /Глеб/);
      assert.match(await item.textContent(), /Вера/);
      await screenshot(b.page, `team-${tag}-conflicts`);

      for (const { page, errors } of [a, b]) {
        assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
        // The offline moments and the refused login are the network's and the test's doing.
        assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|net::/.test(e)), []);
      }
      await contextA.close();
      await contextB.close();
    });
  }
}
