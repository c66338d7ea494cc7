// The generated typings are what an embedder reads first: the Crm class's parameters
// must carry the camelCase names the docs use, not the Rust ones; and docs/api.md, what
// they read next, must say the same: every member of Crm in its reference, as declared.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const typings = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www/pkg/ripen_wasm.d.ts");
const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/api.md");

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

/** Every member of `class Crm` as the typings declare it, one line each, doc comments and
 * the private constructor left out. */
function crmMembers(dts) {
  return crmClass(dts)
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line && !/^(\/\*\*|\*)/.test(line) && line !== "private constructor();")
    // wasm-bindgen declares `free` of its own beside the facade's, the same.
    .filter((line, i, all) => all.indexOf(line) === i);
}

/** The lines of docs/api.md's "## Reference" section's ```ts block, and the rest of the
 * page. */
function reference(markdown) {
  const start = markdown.indexOf("\n## Reference\n");
  assert.notEqual(start, -1, "docs/api.md has a Reference section");
  const end = markdown.indexOf("\n## ", start + 1);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  const open = section.indexOf("```ts\n");
  assert.notEqual(open, -1, "the Reference section lists the members in a ```ts block");
  const block = section.slice(open + 6, section.indexOf("\n```", open));
  const members = block.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("//"));
  return { members, rest: markdown.slice(0, start) + (end === -1 ? "" : markdown.slice(end)) };
}

test("docs/api.md's reference lists every member of Crm exactly as the typings declare it, and nothing else", () => {
  const declared = crmMembers(readFileSync(typings, "utf8"));
  const { members } = reference(readFileSync(docs, "utf8"));
  assert.ok(declared.length > 80, `expected the whole API, found ${declared.length} members`);
  assert.deepEqual(members.filter((m, i) => members.indexOf(m) !== i), [], "listed twice");
  // A signature that differs in a parameter, an optional mark or a type shows in both lists.
  assert.deepEqual(members.filter((m) => !declared.includes(m)), [], "documented, but not so in the typings");
  assert.deepEqual(declared.filter((m) => !members.includes(m)), [], "in the typings, but not documented so");
});

test("every method is described in docs/api.md beyond its signature, and every call there is declared", () => {
  const declared = crmMembers(readFileSync(typings, "utf8"));
  const names = new Set(declared.map((m) => /^(?:static\s+)?(\w+)\(/.exec(m)?.[1]).filter(Boolean));
  const { rest } = reference(readFileSync(docs, "utf8"));
  const said = (name) => new RegExp(`\\b${name}\\b`).test(rest);
  assert.deepEqual([...names].filter((name) => !said(name)), [], "methods the page never mentions outside its reference");
  // Calls on the engine in the examples and the prose: `crm.x(`, `Crm.x(`, `await other.x(`.
  const engines = ["crm", "Crm", "own", "tab", "other", "copy", "fresh", "old"];
  const called = [...rest.matchAll(new RegExp(`\\b(?:${engines.join("|")})\\.(\\w+)\\(`, "g"))].map((m) => m[1]);
  assert.ok(called.length > 100, `found only ${called.length} calls`);
  assert.deepEqual([...new Set(called)].filter((name) => !names.has(name)), [], "calls to methods the typings do not declare");
});
