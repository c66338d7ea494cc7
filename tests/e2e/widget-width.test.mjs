// The widget's layout follows its own width, not the screen's: on a wide desktop page
// (tests/hostile-host/column.html, 1280px wide) the widget in a 390px column takes its
// phone layout — the tab bar at the widget's bottom, under the screen, its tabs sharing
// the width; the card in one column; two filters a row — and in a 1024px column its
// tablet layout — the tabs on top, the card in two columns side by side, the search and
// the four filters in one row. Asserted on what is drawn (bounding boxes), not on class
// names; the column is resized in place, so the layout must follow the widget's width as
// it changes with no change of the screen. Screenshots in /tmp/layout-shots (or
// RIPEN_SHOTS) and tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { startServer } from "../support/server.mjs";
import { artifacts, launch, watchErrors } from "../support/browser.mjs";

let server;
let browser;
const SHOTS = process.env.RIPEN_SHOTS ?? "/tmp/layout-shots";
mkdirSync(SHOTS, { recursive: true });

before(async () => {
  server = await startServer(["/hostile/=tests/hostile-host", "/=www"]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const shot = async (page, name) => {
  for (const dir of [artifacts, SHOTS]) await page.screenshot({ path: path.join(dir, `widget-width-${name}.png`) });
};

/** The boxes of the widget and of its parts, in the page's viewport. */
const boxes = (page) => page.evaluate(() => {
  const app = document.querySelector("ripen-crm");
  const root = app.shadowRoot;
  const box = (el) => {
    if (!el) return null;
    const { top, bottom, left, right, width, height } = el.getBoundingClientRect();
    return { top, bottom, left, right, width, height };
  };
  const all = (selector) => [...root.querySelectorAll(selector)].map(box);
  return {
    screen: { width: innerWidth, height: innerHeight },
    widget: box(app), header: box(root.querySelector(".bar")), tabs: box(root.querySelector("nav.tabs")),
    tabButtons: all("nav.tabs .tab"), main: box(root.querySelector("main")),
    columns: all(".columns > *"), search: box(root.querySelector("#clients-search")),
    filters: all(".filters select"),
  };
});

/** Sets the width of the site's column holding the widget (through the CSSOM: the site's
 * CSP allows no style attribute), and waits for a frame. */
const column = (page, width) => page.evaluate(async (width) => {
  document.querySelector(".column").style.width = `${width}px`;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}, width);

const near = (a, b, what) => assert.ok(Math.abs(a - b) < 1.5, `${what}: ${a} vs ${b}`);

/** Scrolls the page so the widget's top is just under the site's fixed header. */
const toWidget = (page) => page.evaluate(() => scrollBy(0, document.querySelector("ripen-crm").getBoundingClientRect().top - 48));

test("on a 1280px desktop page, the widget in a 390px column is laid out as on a phone, in a 1024px column as on a tablet", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US", timezoneId: "Europe/Moscow" });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.url}hostile/column.html`);
  await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "ready");
  await page.evaluate(async () => {
    const crm = document.querySelector("ripen-crm").crm;
    await crm.addClients(Array.from({ length: 12 }, (_, i) => ({ name: `Client ${String(i + 1).padStart(2, "0")}`, region: i % 2 ? "Siberia" : "Urals", owner: "host", tags: ["vip"] })));
  });
  const $ = (selector) => page.locator(selector);

  // A 390px column on a wide screen: the phone's layout.
  await column(page, 390);
  await $("[data-screen=clients]").click();
  await $("#clients .row").first().waitFor();
  await toWidget(page);
  let b = await boxes(page);
  assert.equal(b.screen.width, 1280, "the screen is a desktop's");
  near(b.widget.width, 390, "the widget is as wide as its column");
  // The tab bar is under the content, inside the widget, at the bottom of the screen or of the widget.
  assert.ok(b.tabs.top > b.main.top + 100, `the tabs are below the content's top, not above it: ${JSON.stringify({ tabs: b.tabs, main: b.main })}`);
  assert.ok(b.tabs.left >= b.widget.left - 0.5 && b.tabs.right <= b.widget.right + 0.5, "the tabs are inside the widget's width");
  assert.ok(b.tabs.bottom <= b.widget.bottom + 0.5, "the tabs end inside the widget");
  assert.ok(Math.abs(b.tabs.bottom - Math.min(b.screen.height, b.widget.bottom)) < 1,
    `the tabs sit at the bottom of the screen or of the widget, whichever comes first: ${JSON.stringify({ tabs: b.tabs, widget: b.widget, screen: b.screen })}`);
  // The six tabs share the bar's width in one row, none pushed out of it.
  assert.equal(b.tabButtons.length, 6);
  for (const t of b.tabButtons) near(t.top, b.tabButtons[0].top, "the tabs are in one row");
  assert.ok(b.tabButtons.at(-1).right <= b.tabs.right + 0.5, "the last tab fits the bar");
  assert.ok(b.tabButtons.at(-1).right >= b.tabs.right - 12, `the tabs fill the bar: ${JSON.stringify({ last: b.tabButtons.at(-1), tabs: b.tabs })}`);
  // The search takes a row; the four filters two a row.
  assert.equal(b.filters.length, 4);
  near(b.filters[0].top, b.filters[1].top, "two filters side by side");
  assert.ok(b.filters[2].top >= b.filters[0].bottom, "the third filter on the next row");
  assert.ok(b.filters[0].top >= b.search.bottom, "the filters under the search");
  near(b.search.width, b.filters[1].right - b.filters[0].left, "the search as wide as a row of two filters");
  await shot(page, "390-clients");

  // The card: its two halves one above the other.
  await $("#clients .row").first().click();
  await $("#card-name").waitFor();
  await toWidget(page);
  b = await boxes(page);
  assert.equal(b.columns.length, 2);
  near(b.columns[0].left, b.columns[1].left, "the card's halves start at the same left");
  near(b.columns[0].width, b.columns[1].width, "the card's halves are as wide");
  assert.ok(b.columns[1].top >= b.columns[0].bottom, "the card's second half is under its first");
  assert.ok(b.columns[0].width <= 390 - 2 * 16, "one column in the widget's width");
  await shot(page, "390-card");

  // The same page, the column widened to 1024px: the tablet's layout, with no change of the screen.
  await column(page, 1024);
  await toWidget(page);
  b = await boxes(page);
  near(b.widget.width, 1024, "the widget is as wide as its column");
  assert.ok(b.tabs.bottom <= b.main.top + 0.5, `the tabs are above the content: ${JSON.stringify({ tabs: b.tabs, main: b.main })}`);
  assert.ok(b.tabs.top >= b.header.bottom - 0.5, "the tabs are under the header");
  near(b.columns[0].top, b.columns[1].top, "the card's halves side by side");
  assert.ok(b.columns[1].left >= b.columns[0].right, "the card's second half is right of its first");
  assert.ok(b.columns[1].width > b.columns[0].width, "the touches' half is the wider (2fr 3fr)");
  await shot(page, "1024-card");

  await $("[data-screen=clients]").click();
  await $("#clients .row").first().waitFor();
  await toWidget(page);
  b = await boxes(page);
  for (const f of b.filters) near(f.top, b.search.top, "the search and the four filters in one row");
  assert.ok(b.search.width > b.filters[0].width, "the search is the widest");
  await shot(page, "1024-clients");

  // And narrow again: the phone's layout comes back.
  await column(page, 390);
  b = await boxes(page);
  assert.ok(b.tabs.top > b.main.top + 100, "narrowed again, the tabs go back down");
  assert.ok(Math.abs(b.tabs.bottom - Math.min(b.screen.height, b.widget.bottom)) < 1, "narrowed again, the tabs at the bottom");
  assert.deepEqual(errors, []);
  await context.close();
});

test("on a 390px phone screen the widget, as wide as the screen, keeps the phone's layout; on a 1024px one, the tablet's", async () => {
  for (const [width, height, phone] of [[390, 844, true], [1024, 768, false]]) {
    const context = await browser.newContext({ viewport: { width, height }, locale: "en-US", isMobile: phone, hasTouch: phone });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "ready");
    const b = await boxes(page);
    near(b.widget.width, width, "the app's page: the widget as wide as the screen");
    if (phone) near(b.tabs.bottom, Math.min(height, b.widget.bottom), "the tabs at the bottom");
    else assert.ok(b.tabs.bottom <= b.main.top + 0.5, "the tabs above the content");
    await context.close();
  }
});
