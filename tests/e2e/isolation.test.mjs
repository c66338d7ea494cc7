// The widget inside a site whose CSS is as hostile as it gets (tests/hostile-host: a 10px
// rem, italic bold uppercase spaced-out red text, rules on the element itself, a fixed
// header, a page that scrolls around the widget) looks exactly as on the app's own page:
// its text, controls and sizes come only from its own styles; and on a phone its tab bar
// stays inside the widget's box wherever the page is scrolled, or the widget itself.
// Screenshots of both pages at tablet and phone size land in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startServer } from "../support/server.mjs";
import { artifacts, launch, screenshot, watchErrors } from "../support/browser.mjs";

let server;
let browser;

before(async () => {
  server = await startServer(["/hostile/=tests/hostile-host", "/=www"]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const SIZES = {
  tablet: { viewport: { width: 768, height: 1024 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};
/** The app's own page, and the hostile site with the widget in the middle of it. */
const HOSTS = { plain: "", hostile: "hostile/" };

/** One element of each kind, by what the rep sees on the capture and client-list screens. */
const PROBES = {
  capture: {
    header: ".bar h1", badge: "#network", headerButton: "#language", tab: ".tab:not(.current)", currentTab: ".tab.current",
    label: ".field > span", input: "#capture-name", select: "#capture-kind", button: "#capture-save", footer: "#storage-note",
  },
  clients: {
    search: "#clients-search", filter: "#clients-region", count: "#clients-count", smallButton: "#clients-export",
    row: "#clients .row", name: "#clients .name", kind: "#clients .kind-tag", meta: "#clients .meta",
  },
};
const PROPERTIES = [
  "font-family", "font-size", "font-style", "font-weight", "font-variant", "letter-spacing", "word-spacing",
  "text-transform", "text-indent", "text-shadow", "text-align", "line-height", "white-space", "color", "cursor",
  "box-sizing", "background-color", "border-top-width", "border-top-style", "padding-left", "min-height",
];

/** The widget in a fresh page of `host` at `size`, ready, with 20 clients in it. */
async function open(host, size) {
  const context = await browser.newContext({ ...SIZES[size], locale: "en-US", timezoneId: "Europe/Moscow" });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    window.cspViolations = [];
    addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(server.url + HOSTS[host]);
  await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "ready");
  await page.evaluate(() => document.querySelector("ripen-crm").crm.addClients(Array.from({ length: 20 }, (_, i) =>
    ({ name: `Client ${String(i + 1).padStart(2, "0")}`, region: "Siberia", owner: "anna" }))));
  return { context, page, errors };
}

/** Probes whose width is their content's, not a share of the widget's. */
const CONTENT_WIDE = ["badge", "headerButton", "button", "smallButton", "name", "kind"];

/** The computed style and the size of each probe of `screen` (the height only, where the
 * width follows the widget's, which the site's margins make narrower). */
const look = (page, screen) => page.evaluate(([probes, properties, contentWide]) => {
  const root = document.querySelector("ripen-crm").shadowRoot;
  return Object.fromEntries(Object.entries(probes).map(([name, selector]) => {
    const el = root.querySelector(selector);
    if (!el) return [name, "missing"];
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return [name, { ...Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)])), height: box.height,
      width: contentWide.includes(name) ? box.width : undefined }];
  }));
}, [PROBES[screen], PROPERTIES, CONTENT_WIDE]);

async function showClients(page) {
  await page.locator("[data-screen=clients]").click();
  await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelectorAll("#clients .row").length === 20);
}

for (const size of Object.keys(SIZES)) {
  test(`on a ${size}, the widget inside a hostile site looks as on its own page`, async () => {
    const looks = {};
    for (const host of Object.keys(HOSTS)) {
      const { context, page, errors } = await open(host, size);
      if (host === "hostile") {
        // The site's CSS is in force around the widget, and on the element itself.
        const site = await page.evaluate(() => {
          const p = getComputedStyle(document.querySelector("main p"));
          return [getComputedStyle(document.documentElement).fontSize, p.fontStyle, p.textTransform, p.letterSpacing,
            getComputedStyle(document.querySelector("ripen-crm")).color];
        });
        assert.deepEqual(site, ["10px", "italic", "uppercase", "4px", "rgb(0, 0, 255)"]);
      }
      looks[host] = { capture: await look(page, "capture") };
      await showClients(page);
      looks[host].clients = await look(page, "clients");
      // The widget from its top, below the site's fixed header.
      await page.evaluate(() => scrollBy(0, document.querySelector("ripen-crm").getBoundingClientRect().top - 80));
      await page.screenshot({ path: path.join(artifacts, `isolation-${host}-${size}-widget.png`) });
      await screenshot(page, `isolation-${host}-${size}`);
      assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
      assert.deepEqual(errors, []);
      await context.close();
    }
    for (const screen of Object.keys(PROBES)) {
      for (const name of Object.keys(PROBES[screen])) {
        assert.notEqual(looks.plain[screen][name], "missing", `${screen}: ${name}`);
        assert.deepEqual(looks.hostile[screen][name], looks.plain[screen][name], `${screen}: ${name}`);
      }
    }
  });
}

test("on a phone, the tab bar stays inside the widget wherever the site is scrolled", async () => {
  const { context, page } = await open("hostile", "phone");
  await showClients(page);
  const boxes = () => page.evaluate(() => {
    const app = document.querySelector("ripen-crm");
    const box = (el) => {
      const { top, bottom, left, right } = el.getBoundingClientRect();
      return { top, bottom, left, right };
    };
    return { widget: box(app), tabs: box(app.shadowRoot.querySelector("nav.tabs")), screen: innerHeight };
  });
  const inside = ({ widget, tabs }, when) => {
    for (const side of ["top", "left"]) assert.ok(tabs[side] >= widget[side] - 0.5, `${when}: the tabs' ${side} is outside the widget ${JSON.stringify({ widget, tabs })}`);
    for (const side of ["bottom", "right"]) assert.ok(tabs[side] <= widget[side] + 0.5, `${when}: the tabs' ${side} is outside the widget ${JSON.stringify({ widget, tabs })}`);
  };

  await page.evaluate(() => scrollTo(0, 0));
  const above = await boxes();
  assert.ok(above.widget.top > above.screen, "the widget starts below the first screen of the site");
  inside(above, "the widget below the screen");

  // The widget fills the screen and runs past its bottom: the tabs sit at the screen's bottom, under the thumb.
  await page.evaluate(() => scrollBy(0, document.querySelector("ripen-crm").getBoundingClientRect().top - 200));
  const across = await boxes();
  assert.ok(across.widget.bottom > across.screen + 100, "the widget runs past the screen's bottom");
  inside(across, "the widget across the screen");
  assert.ok(Math.abs(across.tabs.bottom - across.screen) < 1, `the tabs at the screen's bottom: ${JSON.stringify(across)}`);
  await page.screenshot({ path: path.join(artifacts, "isolation-hostile-phone-scrolled.png") });

  // Scrolled on until the widget ends mid-screen: the tabs end with it, not at the bottom of the site's screen.
  await page.evaluate(() => scrollBy(0, document.querySelector("ripen-crm").getBoundingClientRect().bottom - innerHeight / 2));
  const past = await boxes();
  assert.ok(past.widget.bottom < past.screen - 100, "the widget ends above the screen's bottom");
  inside(past, "the widget above the screen's bottom");
  assert.ok(Math.abs(past.tabs.bottom - past.widget.bottom) < 1, `the tabs at the widget's bottom: ${JSON.stringify(past)}`);
  await page.screenshot({ path: path.join(artifacts, "isolation-hostile-phone-past.png") });
  await context.close();
});

test("a site that gives the widget a height and lets it scroll: the header and the phone's tab bar stay at its edges", async () => {
  const { context, page } = await open("hostile", "phone");
  await showClients(page);
  const edges = await page.evaluate(async () => {
    const app = document.querySelector("ripen-crm");
    Object.assign(app.style, { height: "500px", overflow: "auto" });
    app.scrollTop = 300;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const box = (el) => {
      const { top, bottom } = el.getBoundingClientRect();
      return { top, bottom };
    };
    return { scrolled: app.scrollTop, widget: box(app), header: box(app.shadowRoot.querySelector(".bar")), tabs: box(app.shadowRoot.querySelector("nav.tabs")) };
  });
  assert.equal(edges.scrolled, 300, "the widget scrolls inside itself");
  assert.ok(Math.abs(edges.header.top - edges.widget.top) < 1, `the header at the widget's top: ${JSON.stringify(edges)}`);
  assert.ok(Math.abs(edges.tabs.bottom - edges.widget.bottom) < 1, `the tabs at the widget's bottom: ${JSON.stringify(edges)}`);
  await page.locator("ripen-crm").evaluate((app) => scrollBy(0, app.getBoundingClientRect().top - 80));
  await page.screenshot({ path: path.join(artifacts, "isolation-hostile-phone-box.png") });
  await context.close();
});
