// <ripen-lead-form> on a company site (tests/lead-page/, its own origin, a strict CSP naming
// the inbox front) in a visitor's browser context: leads land in the inbox through the nginx
// front and open with the team's private key to exactly what was typed; offline they wait
// in the outbox and go when the visitor is back; the visitor cannot read the inbox; spam
// and markup go nowhere; axe finds nothing in RU and EN; screenshots at 360 and 1024 px;
// submit → document on the hub timed over 50 submits.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { launch, screenshot, watchErrors } from "../support/browser.mjs";
import { startServer } from "../support/server.mjs";
import { freePort, startPouchServer } from "../support/hub/server.mjs";
import { prepareHub } from "../support/hub/prepare.mjs";
import { basicAuth, client } from "../support/hub/http.mjs";
import { startInboxFront } from "../support/hub/inbox-front.mjs";
import { makeTeamKeys, openLead } from "../support/hub/lead-keys.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const drop = { name: "lead-drop", password: "drop-secret" };
const WIDTHS = { phone: 360, desktop: 1024 };

let hub;
let front;
let server;
let browser;
let keys;
let inbox;
let asAnna;

before(async () => {
  hub = await startPouchServer({ heapMb: 512 });
  const admin = new URL(hub.url);
  admin.username = "admin";
  admin.password = "admin-secret";
  ({ inbox } = await prepareHub({
    url: admin.href,
    database: "site-team",
    users: [{ name: "anna", password: "anna-secret" }],
    origins: ["http://127.0.0.1:8080"],
    inbox: { drop },
  }));
  asAnna = client(hub.url, basicAuth("anna", "anna-secret"));
  keys = await makeTeamKeys();
  // The page's CSP names the front, and the front names the page's origin.
  const frontPort = await freePort();
  server = await startServer(["/=www", "/visitor/=tests/lead-page"], { hub: `http://127.0.0.1:${frontPort}` });
  front = await startInboxFront({ hub: hub.url, port: frontPort, inbox, drop, origins: [new URL(server.url).origin], rate: "20r/s", burst: 100 });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await front?.stop();
  await hub?.stop();
});

/** A visitor: a fresh browser context on the site, its clock ours to move. */
async function visit({ lang = "ru", width = 1024, consent, contextOptions = {} } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, ...contextOptions });
  await context.clock.install();
  await context.addInitScript(() => {
    window.__leads = [];
    document.addEventListener("ripen-lead-submit", (e) => window.__leads.push(e.detail));
  });
  const page = await context.newPage();
  const errors = watchErrors(page);
  const frontRequests = [];
  page.on("request", (request) => {
    if (request.url().startsWith(front.url)) frontRequests.push(`${request.method()} ${request.url()}`);
  });
  const params = new URLSearchParams({ inbox: front.inboxUrl, key: JSON.stringify(keys.publicJwk), lang });
  if (consent) params.set("consent", consent);
  const url = `${server.url}visitor/?${params}`;
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "1" && customElements.get("ripen-lead-form"));
  await page.locator("ripen-lead-form #name").waitFor();
  return { context, page, errors, frontRequests, url };
}

const PERSON = {
  name: "Анна Петрова",
  phone: "+7 (912) 345-67-89",
  email: "anna.petrova@example.ru",
  question: "Сколько стоит окно 120×140 с монтажом?\nИ когда можно замер?",
};

/** Types a lead as a person would, waits past the minimum fill time, and sends it. */
async function fillAndSend(page, values = PERSON, { marketing = false, wait = 4_000 } = {}) {
  for (const [name, value] of Object.entries(values)) await page.locator(`ripen-lead-form #${name}`).fill(value);
  await page.locator("ripen-lead-form #contact").check();
  if (marketing) await page.locator("ripen-lead-form #marketing").check();
  if (wait) await page.clock.fastForward(wait);
  await page.locator("ripen-lead-form button[type=submit]").click();
}

async function doneState(page) {
  const view = page.locator("ripen-lead-form [part=done]");
  await view.waitFor();
  return view.getAttribute("data-state");
}

async function submittedId(page) {
  await page.waitForFunction(() => window.__leads.length > 0);
  return page.evaluate(() => window.__leads.at(-1).id);
}

async function onHub(id, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await asAnna("GET", `${inbox}/${id}`);
    if (reply.status === 200) return reply.json;
    if (Date.now() > deadline) throw new Error(`${id} is not on the hub: ${reply.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const [lang, width] of [["ru", WIDTHS.desktop], ["en", WIDTHS.phone]]) {
  test(`${lang} at ${width}px: a lead lands in the inbox and opens to exactly what was typed`, async () => {
    const { context, page, errors, url } = await visit({ lang, width });
    await screenshot(page, `lead-form-${lang}-${width}`);
    await fillAndSend(page, PERSON, { marketing: lang === "en" });
    assert.equal(await doneState(page), "sent");
    const id = await submittedId(page);
    const doc = await onHub(id);
    const lead = await openLead(doc, keys.privateJwk);
    const { consent, submittedAt, fillMs, ...rest } = lead;
    assert.deepEqual(rest, { v: 1, ...PERSON, page: url.split("?")[0], lang });
    assert.equal(consent.contact, true);
    assert.equal(consent.marketing, lang === "en");
    assert.match(consent.text, lang === "ru" ? /связались/ : /contacted/);
    assert.equal(consent.at, submittedAt);
    assert.ok(!Number.isNaN(Date.parse(submittedAt)));
    assert.ok(fillMs >= 3_000 && fillMs < 60_000, `fillMs ${fillMs}`);
    // The thank-you view says what was sent, as text.
    const summary = await page.locator("ripen-lead-form [part=summary]").innerText();
    for (const value of [PERSON.name, PERSON.email]) assert.ok(summary.includes(value), value);
    assert.equal(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.getAttribute("part")), "title");
    await screenshot(page, `lead-form-${lang}-${width}-sent`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("a form with mistakes says so, moves to the first, and sends nothing", async () => {
  const { context, page, errors, frontRequests } = await visit({ lang: "ru", width: WIDTHS.phone });
  await page.clock.fastForward(5_000);
  await page.locator("ripen-lead-form button[type=submit]").click();
  const inForm = (fn) => page.evaluate(`(${fn})(document.querySelector("ripen-lead-form").shadowRoot)`);
  assert.equal(await inForm((root) => root.activeElement?.id), "name");
  assert.equal(await inForm((root) => root.querySelector("[role=alert]").textContent), "Проверьте поля: 3.");
  assert.equal(await inForm((root) => root.getElementById("name").getAttribute("aria-invalid")), "true");
  assert.match(await inForm((root) => root.getElementById("contacts-error").textContent), /телефон или e-mail/);
  await screenshot(page, "lead-form-ru-360-errors");
  await page.locator("ripen-lead-form #name").fill("Анна");
  await page.locator("ripen-lead-form #phone").fill("12-ab");
  await page.locator("ripen-lead-form #email").fill("anna@");
  await page.locator("ripen-lead-form #contact").check();
  await page.locator("ripen-lead-form button[type=submit]").click();
  assert.equal(await inForm((root) => root.activeElement?.id), "phone");
  assert.equal(await inForm((root) => root.querySelector("[role=alert]").textContent), "Проверьте поля: 2.");
  assert.equal(await inForm((root) => root.getElementById("phone").getAttribute("aria-describedby")), "phone-hint phone-error");
  assert.deepEqual(frontRequests, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a lead too long to seal is sent back to be shortened, nothing sent", async () => {
  const { context, page, frontRequests, errors } = await visit({ lang: "ru", width: WIDTHS.desktop });
  // 4,000 characters of three UTF-8 bytes each and a long name: over the 12 KiB sealed.
  await fillAndSend(page, { name: "名".repeat(200), email: "a@b.ru", question: "中".repeat(4_000) });
  await page.locator("ripen-lead-form #question-error", { hasText: "Слишком длинный" }).waitFor();
  assert.equal(await page.evaluate(() => document.querySelector("ripen-lead-form").shadowRoot.activeElement?.id), "question");
  assert.deepEqual(frontRequests, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the keyboard alone fills and sends the form", async () => {
  const { context, page } = await visit({ lang: "en", width: WIDTHS.desktop });
  const order = [];
  for (let i = 0; i < 8; i += 1) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.id || document.activeElement.shadowRoot?.activeElement?.getAttribute("part")));
  }
  assert.deepEqual(order, ["name", "phone", "email", "question", "contact", "marketing", "submit", undefined]);
  await page.locator("ripen-lead-form #name").focus();
  await page.keyboard.type("Keyboard Person");
  await page.keyboard.press("Tab");
  await page.keyboard.type("+44 20 7946 0958");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.clock.fastForward(4_000);
  await page.keyboard.press("Enter");
  assert.equal(await doneState(page), "sent");
  const lead = await openLead(await onHub(await submittedId(page)), keys.privateJwk);
  assert.equal(lead.name, "Keyboard Person");
  assert.equal(lead.phone, "+44 20 7946 0958");
  assert.equal(lead.consent.contact, true);
  await context.close();
});

test("offline, the sealed lead waits in the outbox and goes when the visitor is back, once", async () => {
  const { context, page } = await visit({ lang: "ru", width: WIDTHS.phone });
  await context.setOffline(true);
  await fillAndSend(page);
  assert.equal(await doneState(page), "queued");
  await screenshot(page, "lead-form-ru-360-queued");
  const id = await submittedId(page);
  // Kept sealed: the outbox holds the ciphertext, never what was typed.
  const kept = await page.evaluate(() => localStorage.getItem("ripen.lead-outbox"));
  assert.ok(kept.includes(id));
  assert.ok(!kept.includes("Анна") && !kept.includes("example.ru"));
  assert.equal((await asAnna("GET", `${inbox}/${id}`)).status, 404);
  await context.setOffline(false);
  assert.deepEqual((await openLead(await onHub(id), keys.privateJwk)).name, PERSON.name);
  await page.locator("ripen-lead-form [role=status]", { hasText: "Связь появилась" }).waitFor();
  await page.waitForFunction(() => localStorage.getItem("ripen.lead-outbox") === null);

  // Offline again, the tab closed before coming back: the next visit sends it.
  await context.setOffline(true);
  await page.locator("ripen-lead-form button", { hasText: "Отправить ещё" }).click();
  await fillAndSend(page, { ...PERSON, name: "Борис" });
  assert.equal(await doneState(page), "queued");
  const second = await page.evaluate(() => window.__leads.at(-1).id);
  await page.close();
  await context.setOffline(false);
  const { page: later } = { page: await context.newPage() };
  await later.goto(`${server.url}visitor/?${new URLSearchParams({ inbox: front.inboxUrl, key: JSON.stringify(keys.publicJwk) })}`);
  assert.equal((await openLead(await onHub(second), keys.privateJwk)).name, "Борис");
  await later.waitForFunction(() => localStorage.getItem("ripen.lead-outbox") === null);
  // One document per lead, each of one revision.
  const all = await asAnna("GET", `${inbox}/_all_docs?keys=${encodeURIComponent(JSON.stringify([id, second]))}`);
  assert.deepEqual(all.json.rows.map((r) => r.value.rev.split("-")[0]), ["1", "1"]);
  await context.close();
});

test("a 503 keeps the lead, and the backoff sends it; a double click sends one lead", async () => {
  const { context, page } = await visit({ lang: "en", width: WIDTHS.desktop });
  let refused = 0;
  await page.route(`${front.inboxUrl}/*`, async (route) => {
    if (route.request().method() === "PUT" && refused === 0) {
      refused += 1;
      return route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"unavailable"}' });
    }
    return route.continue();
  });
  await fillAndSend(page);
  assert.equal(await doneState(page), "queued");
  const id = await submittedId(page);
  assert.equal(refused, 1);
  assert.equal((await asAnna("GET", `${inbox}/${id}`)).status, 404);
  // The first retry is due 2 s later on the page's clock.
  await page.clock.fastForward(2_500);
  await onHub(id);
  await page.locator("ripen-lead-form [role=status]", { hasText: "Back online" }).waitFor();

  await page.locator("ripen-lead-form button", { hasText: "Send another" }).click();
  const before = (await asAnna("GET", `${inbox}/_all_docs`)).json.total_rows;
  for (const [name, value] of Object.entries(PERSON)) await page.locator(`ripen-lead-form #${name}`).fill(value);
  await page.locator("ripen-lead-form #contact").check();
  await page.clock.fastForward(4_000);
  await page.locator("ripen-lead-form button[type=submit]").dblclick();
  assert.equal(await doneState(page), "sent");
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal((await asAnna("GET", `${inbox}/_all_docs`)).json.total_rows, before + 1);
  await context.close();
});

test("a hostile lead is stored as text and shown as text", async () => {
  const evil = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
  const hostile = { name: evil, email: `<img/src=x/onerror=window.__pwned=3>@x.ru`, question: `${evil}\n<b>bold</b>` };
  const { context, page, errors } = await visit({ lang: "en", width: WIDTHS.desktop, consent: `<img src=x onerror="window.__pwned=4">` });
  await fillAndSend(page, hostile);
  assert.equal(await doneState(page), "sent");
  const lead = await openLead(await onHub(await submittedId(page)), keys.privateJwk);
  assert.equal(lead.name, hostile.name);
  assert.equal(lead.email, hostile.email);
  assert.equal(lead.question, hostile.question);
  assert.ok(lead.consent.text.startsWith(`<img src=x onerror="window.__pwned=4">`));
  const shown = await page.evaluate(() => {
    const root = document.querySelector("ripen-lead-form").shadowRoot;
    return { imgs: root.querySelectorAll("img, script, b").length, dd: [...root.querySelectorAll("dd")].map((d) => d.textContent) };
  });
  assert.equal(shown.imgs, 0);
  assert.deepEqual(shown.dd, [hostile.name, hostile.email, hostile.question]);
  await page.clock.fastForward(1_000);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test("spam: a filled honeypot or a form filled too fast is thanked and nothing reaches the hub", async () => {
  const { context, page, frontRequests } = await visit({ lang: "ru", width: WIDTHS.desktop });
  const before = (await asAnna("GET", `${inbox}/_all_docs`)).json.total_rows;
  // The honeypot is there for a bot, out of a person's way: off screen, not in the tab order.
  const honeypot = await page.evaluate(() => {
    const input = document.querySelector("ripen-lead-form").shadowRoot.getElementById("website2");
    const box = input.getBoundingClientRect();
    return { display: getComputedStyle(input).display, tabIndex: input.tabIndex, autocomplete: input.autocomplete, right: box.right };
  });
  assert.deepEqual({ ...honeypot, right: honeypot.right < 0 }, { display: "inline-block", tabIndex: -1, autocomplete: "off", right: true });
  await page.evaluate(() => {
    document.querySelector("ripen-lead-form").shadowRoot.getElementById("website2").value = "http://spam.example";
  });
  await fillAndSend(page);
  assert.equal(await doneState(page), "sent");
  await page.locator("ripen-lead-form button", { hasText: "Отправить ещё" }).click();
  await fillAndSend(page, PERSON, { wait: 0 });
  assert.equal(await doneState(page), "sent");
  await page.clock.fastForward(10_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(frontRequests, []);
  assert.equal(await page.evaluate(() => window.__leads.length), 0);
  assert.equal((await asAnna("GET", `${inbox}/_all_docs`)).json.total_rows, before);
  await context.close();
});

test("a person whose browser fills the form in a second and a half, on a page open a while, is not taken for a bot", async () => {
  const { context, page } = await visit({ lang: "en", width: WIDTHS.phone });
  await page.clock.fastForward(6_000);
  await fillAndSend(page, PERSON, { wait: 1_500 });
  assert.equal(await doneState(page), "sent");
  const lead = await openLead(await onHub(await submittedId(page)), keys.privateJwk);
  assert.ok(lead.fillMs >= 1_500 && lead.fillMs < 3_000, `fillMs ${lead.fillMs}`);
  await context.close();
});

test("the visitor's page cannot list, read or follow the inbox", async () => {
  const { context, page } = await visit({ lang: "en" });
  await fillAndSend(page);
  const id = await submittedId(page);
  await onHub(id);
  const tries = await page.evaluate(
    async ({ front, hub, inbox, id }) => {
      const attempt = (url, init) =>
        fetch(url, init).then(
          async (r) => ({ status: r.status, body: await r.text() }),
          () => ({ status: "blocked" }),
        );
      return {
        list: await attempt(`${front}${inbox}/_all_docs?include_docs=true`),
        read: await attempt(`${front}${inbox}/${id}`),
        changes: await attempt(`${front}${inbox}/_changes?include_docs=true`),
        hub: await attempt(`${hub}${inbox}/_all_docs`),
        hubNoCors: await attempt(`${hub}${inbox}/${id}`, { mode: "no-cors" }),
      };
    },
    { front: front.url, hub: hub.url, inbox, id },
  );
  for (const [what, reply] of Object.entries(tries)) {
    assert.ok(reply.status !== 200 && !(reply.body ?? "").includes('"ct"'), `${what}: ${JSON.stringify(reply).slice(0, 200)}`);
  }
  // The front's 404s carry no CORS header: the page cannot even read the status. Reading a
  // lead's own path is a 405 (the path is the drop's, the method is not).
  assert.deepEqual([tries.list.status, tries.read.status, tries.changes.status], ["blocked", 405, "blocked"]);
  // Directly to the hub without credentials (from outside a browser): 401.
  assert.equal((await fetch(`${hub.url}${inbox}/_all_docs`)).status, 401);
  await context.close();
});

for (const lang of ["ru", "en"]) {
  test(`axe finds nothing in the form, its errors and its thank-you view (${lang})`, async () => {
    const { context, page } = await visit({ lang, width: WIDTHS.phone, contextOptions: { bypassCSP: true } });
    await page.addScriptTag({ path: AXE });
    const run = () => page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
    assert.deepEqual(await run(), [], "the form");
    await page.clock.fastForward(4_000);
    await page.locator("ripen-lead-form button[type=submit]").click();
    assert.deepEqual(await run(), [], "with errors");
    await fillAndSend(page);
    await doneState(page);
    assert.deepEqual(await run(), [], "thanked");
    await context.close();
  });
}

test("screenshots at 360 and 1024 px, RU and EN", async () => {
  for (const lang of ["ru", "en"]) {
    for (const width of Object.values(WIDTHS)) {
      const { context, page } = await visit({ lang, width });
      // Nothing wider than the screen: no sideways scroll on a phone.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), `${lang} ${width}: no sideways scroll`);
      // The site's loud styles stay outside; its ::part(submit) rule comes in.
      const styles = await page.evaluate(() => {
        const root = document.querySelector("ripen-lead-form").shadowRoot;
        const style = (selector) => getComputedStyle(root.querySelector(selector));
        return {
          letterSpacing: style("label").letterSpacing,
          transform: style("label").textTransform,
          border: style("#name").borderTopStyle,
          title: style("h2").color,
          submit: style("button[type=submit]").backgroundColor,
        };
      });
      assert.deepEqual(styles, { letterSpacing: "normal", transform: "none", border: "solid", title: "rgb(28, 28, 28)", submit: "rgb(138, 59, 0)" });
      await screenshot(page, `lead-form-${lang}-${width}`);
      await context.close();
    }
  }
});

test("submit → document on the hub, timed over 50 submits; the element's size", async () => {
  const { context, page } = await visit({ lang: "en", width: WIDTHS.desktop });
  const times = [];
  let since = (await asAnna("GET", `${inbox}/_changes?since=now&limit=0`)).json.last_seq;
  for (let i = 0; i < 50; i += 1) {
    if (i > 0) await page.locator("ripen-lead-form button", { hasText: "Send another" }).click();
    for (const [name, value] of Object.entries({ ...PERSON, name: `Timed ${i}` })) await page.locator(`ripen-lead-form #${name}`).fill(value);
    await page.locator("ripen-lead-form #contact").check();
    await page.clock.fastForward(4_000);
    const landed = asAnna("GET", `${inbox}/_changes?feed=longpoll&since=${since}&timeout=10000`);
    const start = performance.now();
    await page.locator("ripen-lead-form button[type=submit]").click();
    const reply = await landed;
    times.push(performance.now() - start);
    assert.equal(reply.json.results.length, 1);
    since = reply.json.last_seq;
    await doneState(page);
  }
  times.sort((a, b) => a - b);
  const quantile = (list, q) => list[Math.min(list.length - 1, Math.ceil(q * list.length) - 1)].toFixed(1);
  const at = (q) => quantile(times, q);
  // Sealing alone, in a page (WebCrypto), 50 times, on a context with the real clock.
  const plain = await browser.newContext();
  const sealPage = await plain.newPage();
  await sealPage.goto(`${server.url}visitor/`);
  const seals = await sealPage.evaluate(async (jwk) => {
    const { importTeamKey, sealLead } = await import("/lead-seal.js");
    const key = await importTeamKey(jwk);
    const out = [];
    for (let i = 0; i < 50; i += 1) {
      const start = performance.now();
      await sealLead({ v: 1, name: `Seal ${i}`, question: "x".repeat(2_000) }, key);
      out.push(performance.now() - start);
    }
    return out.sort((a, b) => a - b);
  }, JSON.stringify(keys.publicJwk));
  await plain.close();
  console.log(`lead form: sealing in the page p50 ${quantile(seals, 0.5)} ms, p99 ${quantile(seals, 0.99)} ms (2 KB question)`);
  const files = ["lead-form.js", "lead-seal.js", "lead-outbox.js", "lead-form-strings.js"];
  const source = Buffer.concat(files.map((f) => readFileSync(new URL(`../../www/${f}`, import.meta.url))));
  console.log(`lead form: submit → on the hub p50 ${at(0.5)} ms, p99 ${at(0.99)} ms over ${times.length}; element ${source.length} B, ${gzipSync(source, { level: 9 }).length} B gz (${files.join(" + ")})`);
  await context.close();
});
