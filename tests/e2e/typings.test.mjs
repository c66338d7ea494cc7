// The generated typings are what an embedder reads first: the Crm class's parameters
// must carry the camelCase names the docs use, not the Rust ones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const typings = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www/pkg/ripen_wasm.d.ts");

/** The text of `export class Crm { … }`, up to its closing brace at column 0. */
function crmClass(dts) {
  const start = dts.indexOf("export class Crm {");
  assert.notEqual(start, -1, "the typings declare class Crm");
  const end = dts.indexOf("\n}", start);
  return dts.slice(start, end);
}

test("every Crm method parameter is camelCase", () => {
  const body = crmClass(readFileSync(typings, "utf8"));
  const signatures = body.split("\n").filter((line) => /^\s+(static\s+)?\w+\(.*\):/.test(line));
  assert.ok(signatures.length > 40, `expected the whole API, found ${signatures.length} methods`);
  const snake = signatures.flatMap((line) => [...line.matchAll(/[(,]\s*([a-z]+_[a-z_]+)\??:/g)].map((m) => m[1]));
  assert.deepEqual(snake, [], "snake_case parameter names leak into the typings");
});

test("no parameter is renamed for being a JavaScript word, and no promise is doubled", () => {
  const body = crmClass(readFileSync(typings, "utf8"));
  assert.deepEqual([...body.matchAll(/[(,]\s*(_\w+)\??:/g)].map((m) => m[1]), [], "a parameter wasm-bindgen renamed (`with` → `_with`)");
  assert.deepEqual(body.split("\n").filter((line) => line.includes("Promise<Promise<")), [], "an async method typed as returning a promise of a promise");
});
