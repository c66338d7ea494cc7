// The page's two languages say the same things: every key in one is in the other, with
// the same shape (text or a function of the same number of values).
import { test } from "node:test";
import assert from "node:assert/strict";
import { en } from "../../www/ui/strings-en.js";
import { ru } from "../../www/ui/strings-ru.js";
import { LEAD_STRINGS } from "../../www/lead-form-strings.js";

/** Every leaf as "path: kind", e.g. "card.blocked: function/2". */
const shape = (value, path = "") => Object.entries(value).flatMap(([key, v]) =>
  v && typeof v === "object" ? shape(v, `${path}${key}.`)
    : [`${path}${key}: ${typeof v === "function" ? `function/${v.length}` : typeof v}`]);

test("Russian and English have the same keys and the same shapes", () => {
  assert.deepEqual(shape(ru).sort(), shape(en).sort());
});

test("the website lead form's Russian and English have the same keys and shapes, none empty", () => {
  assert.deepEqual(shape(LEAD_STRINGS.ru).sort(), shape(LEAD_STRINGS.en).sort());
  for (const words of Object.values(LEAD_STRINGS)) assert.ok(Object.values(words).every((v) => typeof v === "function" || v.length > 0));
});

test("no text is left empty", () => {
  for (const [name, strings] of Object.entries({ en, ru })) {
    const empty = shape(strings).filter((leaf) => leaf.endsWith(": string")).map((leaf) => leaf.split(":")[0])
      .filter((path) => path.split(".").reduce((o, k) => o[k], strings).trim() === "");
    assert.deepEqual(empty, [], `${name} has empty strings`);
  }
});
