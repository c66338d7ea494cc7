// Launches the system Chromium through playwright-core with the flags this machine needs.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.artifacts");
mkdirSync(artifacts, { recursive: true });

const options = (extraArgs) => ({
  executablePath: process.env.RIPEN_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    ...extraArgs,
  ],
});

/** `extraArgs`: more Chromium flags, e.g. for the benchmark's memory figures. */
export function launch(extraArgs = []) {
  return chromium.launch(options(extraArgs));
}

/** A browser with a profile on disk (`dir`), as a person's browser keeps one across
 * restarts: closing it and launching again on the same `dir` is a browser restart. */
export function launchPersistent(dir, contextOptions = {}) {
  return chromium.launchPersistentContext(dir, { ...options([]), ...contextOptions });
}

/** Collects the page's console errors and uncaught exceptions, so tests can assert none. */
export function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** A full-page screenshot, taken from the top (a sticky header then stays where it is). */
export async function screenshot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Registers the `before`/`after` hooks of a suite that needs the app served and a
 * browser: `env.server` and `env.browser` are set before the first test. A test may stop
 * the server and put a new one in `env.server`; whatever is there at the end is stopped. */
export async function serveAndLaunch({ before, after }) {
  const { startServer } = await import("./server.mjs");
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** The two screens every journey is walked on. */
export const SIZES = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } };

/**
 * A fresh device (browser context) at `size` with the app open in `lang` and ready:
 * `{ context, page, errors }` (`errors`: what the page threw or logged as an error).
 * `contextOptions` go to the context (a time zone, a locale).
 */
export async function openApp(env, { lang, size, ...contextOptions }) {
  const context = await env.browser.newContext({ viewport: SIZES[size], ...contextOptions });
  await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(env.server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  return { context, page, errors };
}

/**
 * `days` from today at `hh:mm` on the clock of `timeZone` (the page's, not the test's), as a
 * datetime-local field takes it. Days are counted in that zone, so the answer does not
 * depend on the hour the tests run at.
 */
export function dayAtInZone(timeZone, days, hhmm) {
  const day = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(Date.now() + days * 86_400_000));
  return `${day}T${hhmm}`;
}
