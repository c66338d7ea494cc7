// Runs every ```js example of docs/api.md in the page, each against a fresh database, so
// that the API reference cannot drift from the engine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { startServer } from "../support/server.mjs";
import { artifacts, launch, watchErrors } from "../support/browser.mjs";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

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
  // Every value an API call returns while the examples run is kept, to be checked against
  // the type the typings declare for it (the last test below).
  await page.evaluate(async () => {
    const { Crm } = await import("./pkg/ripen_wasm.js");
    const outputs = (window.__outputs = []);
    const kept = new Map();
    const keep = (name, value) => {
      const seen = kept.get(name) ?? 0;
      // Plain data only (not a Crm, a typed array); a few of each method are enough.
      if (seen >= 4 || value === undefined || ArrayBuffer.isView(value) || value instanceof Crm) return value;
      kept.set(name, seen + 1);
      // A file (every export): kept as what it is, to be checked as a Blob.
      if (value instanceof Blob) {
        outputs.push([name, { blob: value.type }, null]);
        return value;
      }
      // An array with fields of its own (search results' `complete`, not enumerable) keeps them.
      const extra = Array.isArray(value)
        ? Object.fromEntries(Object.getOwnPropertyNames(value).filter((k) => k !== "length" && !/^\d+$/.test(k)).map((k) => [k, value[k]]))
        : {};
      // A Blob inside a result (a card photo's) is kept as a marker the literal turns back into one.
      const plain = (v) => JSON.parse(JSON.stringify(v, (_, x) => (x instanceof Blob ? { __blob: x.type } : x)));
      outputs.push([name, plain(value), Object.keys(extra).length ? plain(extra) : null]);
      return value;
    };
    const wrap = (owner, name, isStatic) => {
      const original = owner[name];
      owner[name] = function (...args) {
        const result = original.apply(this, args);
        const key = isStatic ? `static ${name}` : name;
        return result instanceof Promise ? result.then((v) => keep(key, v)) : keep(key, result);
      };
    };
    for (const name of Object.getOwnPropertyNames(Crm.prototype)) {
      const d = Object.getOwnPropertyDescriptor(Crm.prototype, name);
      if (typeof d.value === "function" && !["constructor", "free", "close", "subscribe"].includes(name)) wrap(Crm.prototype, name, false);
    }
    for (const name of ["deviceUsers", "open"]) wrap(Crm, name, true);
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const all = examples(readFileSync(docs, "utf8"));

test("docs/api.md has an example in every section", () => {
  const sections = readFileSync(docs, "utf8").split("\n").filter((l) => l.startsWith("## ")).map((l) => l.slice(3));
  const covered = new Set(all.map((e) => e.heading));
  // The reference lists signatures; tests/e2e/typings.test.mjs holds it to the typings.
  assert.deepEqual(sections.filter((s) => !covered.has(s) && s !== "Reference"), []);
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

test("what every call returned in the examples is what the typings declare it returns", async () => {
  const outputs = await page.evaluate(() => window.__outputs);
  const methods = new Set(outputs.map(([name]) => name));
  assert.ok(methods.size >= 40, `only ${methods.size} methods returned values: ${[...methods].join(", ")}`);
  // Each value as a literal of the declared type: a field the typings do not declare, a
  // missing one they require, or a value of another type fails to compile.
  const lines = [`import type { Crm } from "../../www/pkg/ripen_wasm.js";`];
  outputs.forEach(([name, value, extra], i) => {
    const declared = name.startsWith("static ")
      ? `Awaited<ReturnType<(typeof Crm)["${name.slice(7)}"]>>`
      : `Awaited<ReturnType<Crm["${name}"]>>`;
    // The hits typed as the declared array's items, its own fields as the rest of it.
    const literal = value?.blob !== undefined
      ? `new Blob([], { type: ${JSON.stringify(value.blob)} })`
      : extra
      ? `Object.assign<(${declared})[number][], Omit<${declared}, keyof unknown[]>>(${JSON.stringify(value)}, ${JSON.stringify(extra)})`
      : JSON.stringify(value);
    const typed = literal.replace(/\{"__blob":("[^"]*")\}/g, "new Blob([], { type: $1 })");
    lines.push(`// ${name}\nexport const v${i}: ${declared} = ${typed};`);
  });
  // One format for every instant the API returns: ISO 8601, UTC, milliseconds.
  const strings = (value) => (typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(strings) : []);
  const instants = outputs.flatMap(([, value, extra]) => strings([value, extra])).filter((text) => /^\d{4}-\d\d-\d\dT/.test(text));
  const stray = [...new Set(instants.filter((at) => !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(at)))];
  assert.ok(instants.length > 50, `only ${instants.length} instants returned`);
  assert.deepEqual(stray, [], "an instant in another format than YYYY-MM-DDTHH:MM:SS.sssZ");
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(path.join(artifacts, "outputs.ts"), lines.join("\n") + "\n");
  writeFileSync(path.join(artifacts, "tsconfig.outputs.json"), JSON.stringify({
    extends: "../tsconfig.json",
    compilerOptions: { exactOptionalPropertyTypes: false },
    files: ["outputs.ts"],
  }));
  const tsc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../node_modules/typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", path.join(artifacts, "tsconfig.outputs.json")], { stdio: "pipe" });
  } catch (error) {
    assert.fail(`the engine returned what its typings do not declare (tests/.artifacts/outputs.ts):\n${error.stdout}`);
  }
});
