// The packed package (`cargo xtask package`) as a newcomer's project gets it: installed
// from its tarball into a fresh project, type-checked strictly, bundled by Vite and run,
// the engine and the element loaded from plain module script pages, and the element's
// word when the engine's .wasm cannot be fetched. RIPEN_PACKAGE names the tarball.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../support/server.mjs";
import { launch, watchErrors } from "../support/browser.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const tarball = process.env.RIPEN_PACKAGE;
let project;
let server;
let browser;

before(async () => {
  assert.ok(tarball, "RIPEN_PACKAGE names the packed tarball (cargo xtask package)");
  project = mkdtempSync(path.join(tmpdir(), "ripen-consumer-"));
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", tarball], { cwd: project, stdio: "inherit" });
  for (const file of ["strict.ts", "tsconfig.json", "engine.html", "engine.js", "element.html"]) cpSync(path.join(here, file), path.join(project, file));
  mkdirSync(path.join(project, "app"));
  for (const file of ["index.html", "main.js", "vite.config.mjs"]) cpSync(path.join(here, "vite", file), path.join(project, "app", file));
  server = await startServer([`/=${project}`]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

test("the package says what it is and ships what its entries load", () => {
  const root = path.join(project, "node_modules/ripen-crm");
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  assert.equal(manifest.name, "ripen-crm");
  assert.match(manifest.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(manifest.sideEffects, ["./ripen-crm.js", "./lead-form.js"], "only the elements' modules define something on import");
  for (const [entry, conditions] of Object.entries(manifest.exports)) {
    if (typeof conditions === "string") continue;
    assert.ok(conditions.types, `${entry} has types`);
    for (const file of Object.values(conditions)) readFileSync(path.join(root, file)); // it is there
  }
  for (const file of ["README.md", "CHANGELOG.md", "LICENSE-MIT", "LICENSE-APACHE", "pkg/ripen_wasm_bg.wasm",
    "pkg/reader/ripen_reader_bg.wasm", "pkg/sheets/ripen_sheets_bg.wasm", "widget.css", "icons/icon.svg", "ui/strings-ru.js",
    "lead-seal.js", "lead-outbox.js", "lead-form-strings.js"]) {
    readFileSync(path.join(root, file));
  }
});

test("a strict TypeScript project type-checks against it, and wrong calls do not", () => {
  const tsc = path.join(here, "../node_modules/typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(project, "tsconfig.json")], { stdio: "inherit" });
  // The same file with an expected error removed must fail: the checks above can fail.
  const wrong = readFileSync(path.join(project, "strict.ts"), "utf8").replace("// @ts-expect-error: there is no such screen.\n", "");
  writeFileSync(path.join(project, "wrong.ts"), wrong);
  writeFileSync(path.join(project, "tsconfig.wrong.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["wrong.ts"] }));
  assert.throws(() => execFileSync(process.execPath, [tsc, "-p", path.join(project, "tsconfig.wrong.json")], { stdio: "pipe" }));
});

test("Vite bundles it, and the bundle runs: the engine, and the element with its styles and icon", async () => {
  // Vite from the tests' lockfile, run on the consumer's project.
  const vite = path.join(here, "../node_modules/vite/bin/vite.js");
  execFileSync(process.execPath, [vite, "build", path.join(project, "app")], { cwd: project, stdio: "inherit" });
  const emitted = readdirSync(path.join(project, "app/dist/assets"));
  assert.ok(emitted.some((f) => /^ripen_wasm_bg.*\.wasm$/.test(f)), `the engine's .wasm is emitted: ${emitted.join(", ")}`);
  assert.ok(emitted.some((f) => /^widget.*\.css$/.test(f)), `the element's styles are emitted: ${emitted.join(", ")}`);
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(new URL("app/dist/index.html", server.url).href);
  await page.waitForFunction(() => window.result !== undefined);
  assert.deepEqual(await page.evaluate(() => window.result), { found: "ИП Кузнецов", ready: 1, exported: "text/csv;charset=utf-8" });
  const emittedNow = readdirSync(path.join(project, "app/dist/assets"));
  for (const reader of ["ripen_reader_bg", "ripen_sheets_bg"]) {
    assert.ok(emittedNow.some((f) => f.startsWith(reader) && f.endsWith(".wasm")), `${reader} is emitted: ${emittedNow.join(", ")}`);
  }
  await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "ready");
  assert.deepEqual(await page.locator("ripen-crm [data-screen]").allTextContents(), ["Новый лид", "Клиенты"]);
  // Styled: the element's stylesheet loaded (its tabs are laid out as a bar, not as text).
  assert.equal(await page.locator("ripen-crm .bar").evaluate((bar) => getComputedStyle(bar).display), "flex");
  assert.ok(await page.locator("ripen-crm img.logo").evaluate((img) => img.complete && img.naturalWidth > 0), "the icon loads");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the engine runs from a plain module script page", async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(new URL("engine.html", server.url).href);
  await page.waitForFunction(() => window.result !== undefined);
  assert.deepEqual(await page.evaluate(() => window.result), { found: "ООО «Ромашка»", ready: 1, exported: "text/csv;charset=utf-8" });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the element runs from a plain module script page", async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(new URL("element.html", server.url).href);
  await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "ready");
  assert.deepEqual(await page.locator("ripen-crm [data-screen]").allTextContents(), ["New lead", "Clients"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("when the engine's .wasm cannot be fetched, the element says so", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route("**/*.wasm", (route) => route.abort("internetdisconnected"));
  await page.goto(new URL("element.html", server.url).href);
  await page.waitForFunction(() => document.querySelector("ripen-crm")?.dataset.state === "failed");
  const element = page.locator("ripen-crm");
  assert.equal(await element.getAttribute("data-error-kind"), "engine_download");
  assert.match(await page.locator("ripen-crm #failure").textContent(), /could not be downloaded/);
  await context.close();
});
