// Accessibility, screen by screen, as a rep or a manager meets them on a tablet and a
// phone, in Russian and English: axe-core finds nothing, of any impact, on any screen
// or state (the device-user picker, the sample-data offer, a lead whose next step was
// refused, the card's and the agenda's action forms, settings' parts and their messages
// among them); a skip link is the first stop of the keyboard and leads into the content;
// every field, list and box has a label on screen (a placeholder is not one);
// every control the keyboard reaches shows a focus ring that stands out from what is
// behind it, and is not hidden under the header or the tabs; headings do not skip a level.
// The axe counts per screen are printed at the end and kept in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { artifacts, dayAtInZone, screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });
const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const AXE_VERSION = require("axe-core/package.json").version;
const FIXTURES = new URL("../../crates/ripen-io/tests/fixtures/", import.meta.url).pathname;
const DATABASE = "ripen-demo";
// The page's CSP (tested in app.test.mjs) would refuse axe's script tag and the style
// sheets axe copies to read the page's CSS.
const SIZES = {
  tablet: { viewport: { width: 1024, height: 768 }, timezoneId: "Europe/Moscow", bypassCSP: true },
  phone: { viewport: { width: 390, height: 844 }, timezoneId: "Asia/Novosibirsk", isMobile: true, hasTouch: true, bypassCSP: true },
};
const IMPACTS = ["critical", "serious", "moderate", "minor"];
/** Screen → "rule|target" → impact, over every size and language. */
const found = new Map();

/** `fn(root, arg)` run in the page, on the app's shadow root. */
const inApp = (fn, arg = null) => `(() => { const root = document.querySelector("ripen-crm").shadowRoot; return (${fn})(root, ${JSON.stringify(arg)}); })()`;

async function open(context) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.waitForFunction(() => ["ready", "failed"].includes(document.documentElement.dataset.state));
  return { page, errors };
}

const tab = async (page, screen) => {
  await page.locator(`[data-screen=${screen}]`).click();
  await page.locator(`#screen-${screen}`).waitFor();
};
const part = async (page, name) => {
  await tab(page, "settings");
  await page.locator(`#settings-parts [data-part=${name}]`).click();
  await page.locator(`#screen-settings[data-part=${name}]`).waitFor();
};
const openAll = (page) => page.evaluate(inApp((root) => root.querySelectorAll("#main details").forEach((d) => { d.open = true; })));
/** Tomorrow at `hh:mm` in Novosibirsk, the zone furthest east the pages run in: a day still to come on both pages. */
const tomorrowAt = (hhmm) => dayAtInZone("Asia/Novosibirsk", 1, hhmm);

/** axe over the whole document, the app's shadow root included: its violations, one per element. */
async function axe(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
  return violations.flatMap((v) => v.nodes.map((node) => ({ rule: v.id, impact: node.impact ?? v.impact, target: node.target.flat().join(" >>> "), help: v.help })));
}

/** The app's visible fields, lists and boxes whose name is not text on screen: a
 * placeholder or an aria-label is no label; a `<label>` or `aria-labelledby` pointing
 * at text that shows is. */
const unlabelled = (page) => page.evaluate(inApp((root) => [...root.querySelectorAll("input, select, textarea")]
  .filter((el) => el.type !== "hidden" && el.checkVisibility({ visibilityProperty: true }))
  .filter((el) => {
    const shown = (node) => node?.checkVisibility({ visibilityProperty: true }) && node.textContent.trim() !== "";
    const by = (el.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(Boolean).map((id) => root.getElementById(id));
    return by.length ? !by.every(shown) : ![...el.labels].some(shown);
  })
  .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.name ? `[name=${el.name}]` : ""} “${el.getAttribute("aria-label") ?? el.placeholder ?? ""}”`)));

/** The composed tree's visible headings, h1–h6, in reading order. */
const headings = (page) => page.evaluate(() => {
  const out = [];
  const walk = (node) => {
    for (const el of (node.shadowRoot ?? node).children) {
      if (/^H[1-6]$/.test(el.tagName) && el.checkVisibility()) out.push({ level: Number(el.tagName[1]), text: el.textContent.trim().slice(0, 40) });
      walk(el);
    }
  };
  walk(document.body);
  return out;
});

/** Tabs through the screen from the top, up to `limit` stops: each control the keyboard
 * reaches, with what its focus looks like against its unfocused self and its backdrop;
 * and the controls on show that it never reached. */
async function focusStops(page, limit = 200) {
  await page.evaluate(inApp((root) => {
    const focusable = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
    const style = (el) => {
      const s = getComputedStyle(el);
      return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, width: parseFloat(s.outlineWidth), outlineStyle: s.outlineStyle, color: s.outlineColor, inset: parseFloat(s.outlineOffset) < 0 };
    };
    // At rest: a screen may have put the focus somewhere as it opened.
    root.activeElement?.blur();
    window.a11yControls = [...root.querySelectorAll(focusable)];
    window.a11yResting = window.a11yControls.map(style);
    window.a11yStyle = style;
    window.a11yName = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className ? `.${[...el.classList].join(".")}` : ""} “${(el.textContent || el.getAttribute("aria-label") || el.placeholder || "").trim().slice(0, 30)}”`;
  }));
  // Focus starts from the top of the page (the header), as after opening the screen.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.click(2, 2);
  const stops = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(inApp((root) => {
      const el = root.activeElement;
      if (!el) return null;
      const index = window.a11yControls.indexOf(el);
      // Focus on a part the browser draws inside the control (a date field's picker
      // button): the browser draws that ring too, out of the page's reach.
      if (!el.matches(":focus")) return { index, browsers: true };
      const focused = window.a11yStyle(el);
      const rgba = (text) => (text.match(/[\d.]+/g) ?? []).map(Number).concat(1).slice(0, 4);
      // What the ring is drawn on (the parent, or the control itself for a ring drawn
      // inside it), its colours layered down to an opaque one.
      const backdrop = () => {
        const layers = [];
        for (let node = focused.inset ? el : el.parentElement ?? el.getRootNode().host; node; node = node.parentElement ?? node.getRootNode().host) {
          const [r, g, b, a] = rgba(getComputedStyle(node).backgroundColor);
          if (a > 0) layers.push([r, g, b, a]);
          if (a >= 1) break;
        }
        return layers.reduceRight((under, [r, g, b, a]) => [r * a + under[0] * (1 - a), g * a + under[1] * (1 - a), b * a + under[2] * (1 - a)], [255, 255, 255]);
      };
      const luminance = ([r, g, b]) => {
        const c = [r, g, b].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
      };
      const [l1, l2] = [luminance(rgba(focused.color)), luminance(backdrop())].sort((a, b) => b - a);
      // Not hidden under the sticky header or the phone's tab bar: the middle of the
      // control is the control (or inside it).
      const box = el.getBoundingClientRect();
      const atCentre = root.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return {
        name: window.a11yName(el),
        index,
        ring: focused.outlineStyle !== "none" && focused.width >= 2 && focused.outline !== window.a11yResting[index]?.outline,
        contrast: (l1 + 0.05) / (l2 + 0.05),
        inSight: el === atCentre || el.contains(atCentre),
      };
    }));
    if (!stop || (stops.length && stop.index === stops[0].index)) break;
    stops.push(stop);
  }
  const missed = await page.evaluate(inApp((root, reached) => window.a11yControls
    .filter((el, i) => !reached.includes(i) && el.tabIndex >= 0 && !el.disabled && el.checkVisibility({ visibilityProperty: true }))
    .map(window.a11yName), stops.map((stop) => stop.index)));
  return { stops, missed };
}

/** Each screen and state, in the order a session meets them: empty first, then with data. */
const EMPTY = [
  ["capture", (page) => tab(page, "capture")],
  ["capture, refused", async (page) => {
    await tab(page, "capture");
    await page.locator("#capture-save").click();
    await page.locator("#capture-error").waitFor();
  }],
  ["clients, empty: the sample-data offer", async (page) => {
    await tab(page, "clients");
    await page.locator("#sample-offer").waitFor();
  }],
  ["agenda, empty", (page) => tab(page, "agenda")],
  ["settings: device, before the first admin", async (page) => {
    await part(page, "device");
    await page.locator("#device-user-open").waitFor();
  }],
  ["settings: routing, no people", (page) => part(page, "routing")],
  ["settings: import, nothing yet", (page) => part(page, "import")],
  // A lead saved whose next step the call hours refused: the form says so and keeps it.
  ["capture, saved but its next step refused (pending)", async (page) => {
    await tab(page, "capture");
    await page.locator("#capture-name").fill("ИП Кузнецов");
    await page.locator("#capture-when").fill(tomorrowAt("03:00"));
    await page.locator("#capture-save").click();
    await page.locator("#capture-pending").waitFor({ state: "visible" });
    await page.locator("#capture-error").waitFor({ state: "visible" });
  }],
  ["settings: people, before the first admin (“this is me”)", async (page) => {
    await page.locator("#capture-start-over").click();
    await part(page, "people");
    await page.locator("#user-is-me").waitFor();
  }],
  // The first admin, added for someone else: the device asks who is using it.
  ["device-user picker, after a team change", async (page) => {
    await page.locator("#user-id").fill("anna");
    await page.locator("#user-name").fill("Анна Петрова");
    await page.locator("#user-role").selectOption("admin");
    await page.locator("#user-form button[type=submit]").click();
    await page.locator("#device-user-picker").waitFor();
  }],
];
/** Leaves the picker as Anna, then makes the device's user "demo" an admin again, as the
 * seed expects. */
async function pickAnnaThenDemo(page) {
  await page.locator("#device-users button[data-user=anna]").click();
  await page.locator("#device-user-picker").waitFor({ state: "detached" });
  await page.evaluate(async () => {
    await window.crm.saveUser("demo", { name: "Демо", role: "admin" });
    await window.crm.switchUser("demo");
    localStorage.setItem("ripen.user", "demo");
  });
}
const FULL = [
  ["capture, duplicate warned", async (page) => {
    await tab(page, "capture");
    await page.locator("#capture-name").fill("Romashka");
    await page.locator("#capture-duplicates li").first().waitFor();
  }],
  ["clients", async (page) => {
    await tab(page, "clients");
    await page.locator("#clients li[data-id]").first().waitFor();
  }],
  ["clients, searched", async (page) => {
    await tab(page, "clients");
    await page.locator("#clients-search").fill("383 200");
    await page.locator("#clients .meta", { hasText: /383/ }).first().waitFor();
  }],
  ["card", async (page) => {
    await card(page, "ООО «Ромашка»");
    await page.locator("#card-timeline li").first().waitFor();
  }],
  ["card, every part open, a refusal shown", async (page) => {
    await card(page, "ООО «Ромашка»");
    await openAll(page);
    await page.locator("#link-save").click();
    await page.locator("#card-error").waitFor();
    await openAll(page);
  }],
  ["card, a touch checked against the rules", async (page) => {
    await card(page, "ООО «Ромашка»");
    await page.locator("#plan-channel").selectOption("call");
    await page.locator("#plan-at").fill("2027-03-03T10:00");
    await page.locator("#plan-at").dispatchEvent("input");
    await page.locator('#plan-verdict[data-verdict="blocked"]').waitFor();
  }],
  ["card of a person", async (page) => {
    await card(page, "Иван Петров");
    await page.locator("#card-relationships li").first().waitFor();
  }],
  ["agenda", async (page) => {
    await tab(page, "agenda");
    await page.locator("#agenda li").first().waitFor();
  }],
  ["agenda, logging what happened", async (page) => {
    await tab(page, "agenda");
    await page.locator("#agenda .log").first().click();
    await page.locator("#agenda form[data-action=log]").waitFor();
  }],
  ["agenda, a touch being marked done", async (page) => {
    await tab(page, "agenda");
    await page.locator("#agenda .touch [data-action=done]").first().click();
    await page.locator("#agenda form[data-action=done]").waitFor();
  }],
  ["agenda, a touch being moved", async (page) => {
    await tab(page, "agenda");
    await page.locator("#agenda .touch [data-action=reschedule]").first().click();
    await page.locator("#agenda form[data-action=reschedule]").waitFor();
  }],
  ["agenda, a touch being cancelled", async (page) => {
    await tab(page, "agenda");
    await page.locator("#agenda .touch [data-action=cancel]").first().click();
    await page.locator("#agenda form[data-action=cancel]").waitFor();
  }],
  ["funnel", async (page) => {
    await tab(page, "funnel");
    await page.locator("#funnel-bottleneck").waitFor();
  }],
  ["funnel, by owner", async (page) => {
    await tab(page, "funnel");
    await page.locator("#funnel-by").selectOption("owner");
    await page.locator("#funnel-groups .group").first().waitFor();
  }],
  ["stand, no show yet", (page) => tab(page, "stand")],
  ["stand: a show added, a lead captured at it, the follow-ups previewed", async (page) => {
    await tab(page, "stand");
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    });
    await page.locator("#show-name-new").fill("Иннопром");
    await page.locator("#show-starts-new").fill(today);
    await page.locator("#show-ends-new").fill(today);
    await page.locator("#show-save-new").click();
    await page.locator("#stand-dashboard").waitFor();
    await tab(page, "capture");
    await page.locator("#capture-show").waitFor();
    await page.locator("#capture-name").fill("ООО «Со стенда»");
    await page.locator("#capture-goal").selectOption(""); // a draft left by the steps before may hold one
    await page.locator("#capture-phone").fill("+7 343 200-00-09");
    await page.locator("#capture-rating-hot").click();
    await page.locator("#capture-save").click();
    await page.locator("#capture-done:not([hidden]), #capture-error:not([hidden])").first().waitFor();
    assert.equal(await page.locator("#capture-error").isVisible(), false, await page.locator("#capture-error").textContent());
    await tab(page, "stand");
    await page.locator("#follow-preview").click();
    await page.locator("#follow-result p").first().waitFor();
    await openAll(page);
  }],
  ["capture at a show", async (page) => {
    await tab(page, "capture");
    await page.locator("#capture-show").waitFor();
  }],
  ["card of a lead met at a show", async (page) => {
    await tab(page, "clients");
    await page.getByText("ООО «Со стенда»").first().click();
    await page.locator("#card-lead").waitFor();
  }],
  ["settings: device", (page) => part(page, "device")],
  ["settings: team", (page) => part(page, "team")],
  ["settings: website, no key yet", (page) => part(page, "website")],
  ["settings: website, the key made and the form to paste", async (page) => {
    await part(page, "website");
    await page.locator("#website-new-key").click();
    await page.locator("#website-snippet").waitFor();
  }],
  ["settings: import, previewed", async (page) => {
    await part(page, "import");
    await page.locator("#import-file").setInputFiles(`${FIXTURES}excel-ru-cp1251.csv`);
    await page.locator("#import-summary").waitFor();
    await openAll(page);
  }],
  ["settings: import, done", async (page) => {
    await page.locator("#import-go").click();
    await page.locator("#import-history li").first().waitFor();
  }],
  ["settings: import, the same file again: duplicates to choose for", async (page) => {
    await part(page, "import");
    await page.locator("#import-file").setInputFiles(`${FIXTURES}excel-ru-cp1251.csv`);
    await page.locator("#import-duplicates li").first().waitFor();
  }],
  ["settings: import, a workbook of two sheets: the sheet to read offered", async (page) => {
    await part(page, "import");
    await page.locator("#import-file").setInputFiles(new URL("../../crates/ripen-sheets/tests/fixtures/excel-ru.xlsx", import.meta.url).pathname);
    await page.locator("#import-summary").waitFor();
    await page.locator("#import-sheet").waitFor({ state: "visible" });
  }],
  ["settings: import, a file with broken rows", async (page) => {
    await part(page, "import");
    await page.locator("#import-file").setInputFiles(`${FIXTURES}ragged-and-broken.csv`);
    await page.locator("#import-summary, #import-refused").first().waitFor();
  }],
  ["settings: people", (page) => part(page, "people")],
  ["settings: people, a user saved", async (page) => {
    await part(page, "people");
    await page.locator("#user-id").fill("boris");
    await page.locator("#user-name").fill("Борис");
    await page.locator("#user-role").selectOption("manager");
    await page.locator("#user-form button[type=submit]").click();
    await page.locator("#settings-done").waitFor({ state: "visible" });
  }],
  ["settings: rules", (page) => part(page, "rules")],
  ["settings: rules, a gap rule's fields", async (page) => {
    await part(page, "rules");
    await page.locator("#rule-kind").selectOption("minGap");
    await page.locator("#rule-hours").waitFor();
  }],
  ["settings: rules, an hours rule's fields", async (page) => {
    await part(page, "rules");
    await page.locator("#rule-kind").selectOption("allowedHours");
    await page.locator("#rule-from").waitFor();
  }],
  ["settings: routing", (page) => part(page, "routing")],
  ["settings: routing, a rule refused", async (page) => {
    await part(page, "routing");
    await page.locator("#route-rule-add").click();
    await page.locator("#settings-error").waitFor({ state: "visible" });
  }],
  ["settings: pipelines", async (page) => {
    await part(page, "pipelines");
    await openAll(page);
  }],
  ["clients, with the sample's remove button", async (page) => {
    await page.evaluate((name) => localStorage.setItem(`ripen.sample.${name}`, "added"), DATABASE);
    await tab(page, "clients");
    await page.locator("#sample-remove").waitFor();
    await page.evaluate((name) => localStorage.setItem(`ripen.sample.${name}`, "declined"), DATABASE);
  }],
  ["card, a deal being marked lost, refused without a reason", async (page) => {
    await card(page, "ООО «Ромашка»");
    await page.locator("#card-cards details.lost > summary").first().click();
    await page.locator("#card-cards .lost-save").first().click();
    await page.locator("#card-error").waitFor({ state: "visible" });
  }],
  ["card, a touch being rescheduled", async (page) => {
    await card(page, "ООО «Ромашка»");
    await page.locator("#card-touches details.reschedule > summary").first().click();
    await page.locator("#card-touches .reschedule-at").first().waitFor();
  }],
  ["card, logging what happened", async (page) => {
    await card(page, "ООО «Ромашка»");
    await page.locator("#log-save").evaluate((el) => { el.closest("details").open = true; });
    await page.locator("#log-at").fill("");
    await page.locator("#log-save").click();
    await page.locator("#card-error").waitFor({ state: "visible" });
  }],
  ["card, handing off and sharing", async (page) => {
    await card(page, "ООО «Ромашка»");
    await page.locator("#handoff-save").evaluate((el) => { el.closest("details").open = true; });
    await page.locator("#share-save").evaluate((el) => { el.closest("details").open = true; });
  }],
  ["card, a duplicate side by side, to merge", async (page) => {
    await page.evaluate(() => window.crm.addClient({ name: "Ромашка", phones: ["+7 383 200-00-00"] }));
    await card(page, "ООО «Ромашка»");
    await page.locator("#card-duplicates li").first().waitFor();
  }],
  ["card, merged: the undo offered", async (page) => {
    await page.locator("#card-duplicates button.merge").first().click();
    await page.locator("#card-merged").waitFor();
  }],
  ["card, archived: the restore offered", async (page) => {
    await card(page, "Пётр Ёлкин");
    await page.locator("#card-remove").click();
    await page.locator("#card-removed").waitFor();
  }],
];

async function card(page, name) {
  await tab(page, "clients");
  await page.locator("#clients li button", { hasText: name }).first().click();
  await page.locator("#card-name").waitFor();
}

/** A base a team has worked in: people, routing, a client with its whole profile and
 * touches, an overdue touch, a funnel with a bottleneck. */
const seed = (page) => page.evaluate(async () => {
  const crm = window.crm;
  const company = await crm.addClient({
    name: "ООО «Ромашка»", region: "Сибирь", timeZone: "Europe/Moscow", tags: ["vip"], phones: ["8 (383) 200-00-00"],
    emails: ["info@romashka.ru"], notes: "Встретились на выставке.", dates: [{ kind: "company_anniversary", month: 5, day: 12, year: 2001 }],
    wishes: [{ text: "Лизинг погрузчика", notedOn: "2026-01-15" }],
  });
  const person = await crm.addClient({ name: "Иван Петров", kind: "person", phones: ["+7 913 000-00-01"] });
  await crm.addClient({ name: "Пётр Ёлкин", kind: "person", phones: ["+7 912 000-77-66"] });
  await crm.link(company.id, person.id, "employee", { position: "Финансовый директор" });
  for (const at of ["2027-03-01T10:00:00+03:00", "2027-03-02T10:00:00+03:00"]) {
    await crm.planTouch({ clientId: company.id, channel: "call", at, goal: "send_offer", approach: "новый завод", plannedResult: "встреча", override: "agreed" });
  }
  await crm.logTouch({ clientId: company.id, channel: "email", direction: "inbound", summary: "Спросили цену", at: new Date(Date.now() - 50 * 3600_000).toISOString() });
  await crm.planTouch({ clientId: company.id, channel: "email", at: new Date(Date.now() - 26 * 3600_000).toISOString(), goal: "send_offer", approach: "цена", plannedResult: "КП", override: "test" });
  const path = ["lead_received", "answered", "need_identified", "offer_sent", "follow_up_done"];
  const ids = await crm.addClients(Array.from({ length: 8 }, (_, i) => ({ name: `Клиент ${i}`, owner: i % 2 ? "anna" : "demo" })));
  for (const [i, id] of ids.entries()) {
    for (const stage of path.slice(0, i < 2 ? 5 : i < 6 ? 4 : 2)) await crm.moveStage(id, { pipeline: "sales", stage });
  }
  await crm.moveStage(company.id, { pipeline: "sales", stage: "answered" });
  await crm.saveTeam("nsk", { name: "Новосибирск" });
  await crm.saveUser("demo", { name: "Демо", role: "admin" });
  await crm.saveUser("anna", { name: "Анна Петрова", role: "manager", team: "nsk" });
  await crm.saveRouting({ rules: [{ when: { region: "Сибирь" }, to: { team: "nsk" } }], default: { user: "anna" }, teams: {} });
});

/** A base a newer version of Ripen upgraded: the app offers to rescue what it can read. */
async function newerBase(context) {
  const site = await context.newPage();
  await site.goto(`${env.server.url}no-app-here`);
  await site.evaluate((name) => new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 40);
    request.onupgradeneeded = () => request.result.createObjectStore("from_the_future");
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
  }), DATABASE);
  await site.close();
}

/** Audits the screen the page is on: axe's findings, headings, focus. Returns the problems. */
async function audit(page, label, screen) {
  const problems = [];
  const violations = await axe(page);
  const seen = found.get(screen) ?? new Map();
  found.set(screen, seen);
  for (const v of violations) {
    seen.set(`${v.rule}|${v.target}`, v.impact);
    problems.push(`${label}: axe ${v.impact} ${v.rule} at ${v.target} (${v.help})`);
  }
  for (const name of await unlabelled(page)) problems.push(`${label}: ${name} has no label on screen`);
  const levels = await headings(page);
  if (levels[0]?.level !== 1) problems.push(`${label}: the first heading is not an h1: ${JSON.stringify(levels[0])}`);
  levels.forEach((h, i) => {
    if (i && h.level > levels[i - 1].level + 1) problems.push(`${label}: h${levels[i - 1].level} “${levels[i - 1].text}” is followed by h${h.level} “${h.text}”`);
  });
  const { stops, missed } = await focusStops(page);
  for (const name of missed) problems.push(`${label}: the keyboard never reaches ${name}`);
  for (const stop of stops) {
    if (stop.browsers) continue;
    if (!stop.ring) problems.push(`${label}: no visible focus ring on ${stop.name}`);
    else if (stop.contrast < 3) problems.push(`${label}: the focus ring on ${stop.name} stands out ${stop.contrast.toFixed(2)}:1 from its backdrop (3:1 needed)`);
    if (!stop.inSight) problems.push(`${label}: ${stop.name} is hidden under something when focused`);
  }
  return [...new Set(problems)];
}

for (const [size, device] of Object.entries(SIZES)) {
  for (const lang of ["ru", "en"]) {
    test(`every screen, ${size}, ${lang}: no axe violation of any impact, a focus ring on every control, headings in order`, async () => {
      const context = await env.browser.newContext({ ...device, locale: lang === "ru" ? "ru-RU" : "en-US" });
      const { page, errors } = await open(context);
      const problems = [];
      const visit = async ([screen, reach]) => {
        await reach(page);
        problems.push(...(await audit(page, `${screen} (${size}, ${lang})`, screen)));
      };
      for (const state of EMPTY) await visit(state);
      await pickAnnaThenDemo(page);
      await seed(page);
      for (const state of FULL) await visit(state);
      await screenshot(page, `a11y-${size}-${lang}`);
      // A device whose remembered user is not registered asks who is using it at opening.
      await page.evaluate(() => localStorage.setItem("ripen.user", "ghost"));
      await page.reload();
      await page.locator("#device-user-picker").waitFor();
      await visit(["device-user picker, at opening", async () => {}]);
      await page.locator("#device-users button[data-user=demo]").click();
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
      await page.close();
      await newerBase(context);
      const failed = await open(context);
      await failed.page.locator("#rescue-offer").waitFor();
      problems.push(...(await audit(failed.page, `rescue (${size}, ${lang})`, "rescue offer")));
      assert.deepEqual(problems, []);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}

test("the skip link is the first stop of the keyboard, shows when focused and moves focus into the content", async () => {
  for (const [size, device] of Object.entries(SIZES)) {
    const context = await env.browser.newContext({ ...device, locale: "ru-RU" });
    const { page } = await open(context);
    await tab(page, "clients");
    await page.evaluate(inApp((root) => root.activeElement?.blur()));
    await page.mouse.click(2, 2);
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(inApp((root) => {
      const el = root.activeElement;
      const box = el?.getBoundingClientRect();
      return { tag: el?.tagName, id: el?.id, text: el?.textContent, shown: box && box.width > 1 && box.height > 1 && box.y >= 0 && box.x >= 0 };
    }));
    assert.deepEqual([skip.tag, skip.id, skip.text, skip.shown], ["A", "skip", "Перейти к содержимому", true], size);
    await screenshot(page, `a11y-skip-link-${size}`);
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(inApp((root) => root.activeElement?.id)), "main", "Enter moves focus to the content");
    assert.equal(await page.evaluate(() => location.hash), "", "the page's address is left alone (the widget may be embedded)");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(inApp((root) => root.activeElement?.closest("main")?.id)), "main", "the next stop is in the content");
    await context.close();
  }
});

// For the eye: tests/.artifacts/a11y-focus-*.png.
test("the focus ring on a button, a field, a select, a link, a section's summary, a date's picker and a tab, on a tablet and a phone", async () => {
  for (const [size, device] of Object.entries(SIZES)) {
    const context = await env.browser.newContext({ ...device, locale: "en-US" });
    const { page } = await open(context);
    await seed(page);
    await card(page, "ООО «Ромашка»");
    for (const [what, selector] of [["button", "#card-back"], ["field", "#plan-approach"], ["select", "#plan-channel"], ["link", "#card-relationships button.link"], ["summary", "#card-relationships + details > summary"]]) {
      await page.locator(selector).focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      await page.locator(selector).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(artifacts, `a11y-focus-${size}-${what}.png`) });
    }
    // The browser's own ring on a date field's picker button, past the value's parts.
    await page.locator("#plan-at").focus();
    const onPicker = inApp((root) => root.activeElement?.id === "plan-at" && !root.activeElement.matches(":focus"));
    for (let i = 0; i < 8 && !(await page.evaluate(onPicker)); i += 1) await page.keyboard.press("Tab");
    assert.ok(await page.evaluate(onPicker), "the date field's picker button takes the focus");
    await page.locator("#plan-at").screenshot({ path: path.join(artifacts, `a11y-focus-${size}-picker.png`) });
    await tab(page, "funnel");
    await page.locator("[data-screen=agenda]").focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await page.screenshot({ path: path.join(artifacts, `a11y-focus-${size}-tab.png`) });
    await context.close();
  }
});

after(async () => {
  const rows = [...found].map(([screen, seen]) => [screen, ...IMPACTS.map((impact) => [...seen.values()].filter((i) => i === impact).length)]);
  const table = [["screen", ...IMPACTS], ["---", ...IMPACTS.map(() => "---:")], ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
  const rules = [...new Set([...found.values()].flatMap((seen) => [...seen].map(([key, impact]) => `${impact} ${key.split("|")[0]}`)))].sort();
  const report = `axe ${AXE_VERSION}: elements with a violation per screen, over tablet and phone, Russian and English\n\n${table}\n\nrules: ${rules.join(", ") || "none"}\n`;
  await writeFile(path.join(artifacts, "a11y-axe.md"), report);
  console.log(report);
});
