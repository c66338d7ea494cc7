// Runs every ```js example of docs/api.md in the page, each against a fresh database, so
// that the API reference cannot drift from the engine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { startServer } from "../support/server.mjs";
import { launch, watchErrors } from "../support/browser.mjs";

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/api.md");

/** The ```js blocks of the document, each with the heading it stands under. */
function examples(markdown) {
  const found = [];
  let heading = "";
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("#")) heading = lines[i].replace(/^#+\s*/, "");
    if (lines[i].trim() === "```js") {
      const start = i + 1;
      while (i + 1 < lines.length && lines[++i].trim() !== "```");
      found.push({ heading, line: start + 1, code: lines.slice(start, i).join("\n") });
    }
  }
  return found;
}

let server;
let browser;
let page;
let errors;

before(async () => {
  server = await startServer();
  browser = await launch();
  // The examples are evaluated as strings, which the page's own CSP rightly refuses.
  page = await (await browser.newContext({ bypassCSP: true })).newPage();
  errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const all = examples(readFileSync(docs, "utf8"));

test("docs/api.md has an example in every section", () => {
  const sections = readFileSync(docs, "utf8").split("\n").filter((l) => l.startsWith("## ")).map((l) => l.slice(3));
  const covered = new Set(all.map((e) => e.heading));
  assert.deepEqual(sections.filter((s) => !covered.has(s)), []);
});

for (const example of all) {
  test(`docs/api.md:${example.line} (${example.heading})`, async () => {
    const outcome = await page.evaluate(async (code) => {
      const { Crm } = await import("./pkg/ripen_wasm.js");
      const fail = (message) => {
        throw new Error(message);
      };
      // Key order is not meaning: compare with keys sorted.
      const canonical = (v) =>
        Array.isArray(v)
          ? v.map(canonical)
          : v && typeof v === "object"
            ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]))
            : v;
      const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
      const assert = {
        equal: (a, b) => a === b || fail(`expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`),
        deepEqual: (a, b) => same(a, b) || fail(`expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`),
        ok: (v, m) => v || fail(m ?? "expected a truthy value"),
        match: (text, pattern) => pattern.test(text) || fail(`expected ${JSON.stringify(text)} to match ${pattern}`),
        rejects: async (promise, kind) => {
          try {
            await promise;
          } catch (error) {
            if (error?.kind !== kind) fail(`expected a rejection of kind ${kind}, got ${error?.kind}: ${error?.message}`);
            return error;
          }
          fail(`expected a rejection of kind ${kind}, but it succeeded`);
        },
        throws: (call, kind) => {
          try {
            call();
          } catch (error) {
            if (error?.kind !== kind) fail(`expected a throw of kind ${kind}, got ${error?.kind}: ${error?.message}`);
            return error;
          }
          fail(`expected a throw of kind ${kind}, but it returned`);
        },
      };
      const name = `docs-${Date.now()}-${Math.random()}`;
      const crm = await Crm.open(name, { user: "anna" });
      try {
        const run = new Function("crm", "Crm", "assert", `return (async () => {\n${code}\n})();`);
        await run(crm, Crm, assert);
        return { ok: true };
      } catch (error) {
        return { ok: false, message: `${error?.kind ? `[${error.kind}] ` : ""}${error?.message ?? error}`, stack: error?.stack };
      } finally {
        await crm.close();
        await Crm.deleteDatabase(name);
      }
    }, example.code);
    assert.ok(outcome.ok, `${outcome.message}\n${outcome.stack ?? ""}`);
    assert.deepEqual(errors, []);
  });
}
