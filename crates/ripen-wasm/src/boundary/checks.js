// The JS half of Ripen's argument checks (crates/ripen-wasm/src/boundary): what Rust
// cannot do without copying a value into wasm memory, or without a call across the
// boundary for every value inside it. Only the engine's Rust code calls these.
//
// None of them throws, but `checkedJson`, whose refusals Rust catches: an exception
// unwinding through wasm would skip the Rust frames' clean-up (a borrow never released),
// and a Proxy's traps or a getter can throw from any inspection.

/** The UTF-16 index of the first lone surrogate in `text`, or -1 if it is well-formed. */
export function loneSurrogateAt(text) {
  if (typeof text.isWellFormed === "function" && text.isWellFormed()) return -1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xdc00 && unit <= 0xdfff) return i;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return i;
      i++;
    }
  }
  return -1;
}

const tag = (value) => Object.prototype.toString.call(value).slice(8, -1);

/** What `value` is, for an error message: "a number", "null", "an array of 3", "a Map", … */
export function describe(value) {
  try {
    if (value === null) return "null";
    if (Array.isArray(value)) return `an array of ${value.length}`;
    switch (typeof value) {
      case "undefined":
        return "undefined";
      case "number":
        return Number.isFinite(value) ? "a number" : String(value);
      case "object":
        break;
      default:
        return `a ${typeof value}`;
    }
    if (typeof value.length === "number") return `an array-like object of length ${value.length}`;
    const kind = tag(value);
    if (kind !== "Object") return /^[AEIOU]/.test(kind) ? `an ${kind}` : `a ${kind}`;
    if (isPlain(value)) return "an object";
    const name = String(value.constructor?.name ?? "").slice(0, 40);
    return name ? `an instance of ${name}` : "an object that is not plain";
  } catch {
    return "an object that cannot be inspected";
  }
}

/** Whether `value` is a plain object (of any realm): what an object argument must be. */
export function isPlain(value) {
  try {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const prototype = Object.getPrototypeOf(value);
    return prototype === null || Object.getPrototypeOf(prototype) === null;
  } catch {
    return false;
  }
}

/** Whether `value` is an array (of any realm): what a list argument must be. */
export function isArray(value) {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** The bytes of an `ArrayBuffer`, a `SharedArrayBuffer` or any view of one, as a
 * `Uint8Array` over the same memory (nothing copied); `undefined` for anything else. A
 * detached buffer holds no bytes. */
/** A string's UTF-8 bytes (checked for lone surrogates before). */
export function utf8Of(text) {
  return new TextEncoder().encode(text);
}

export function bytesOf(value) {
  let kind;
  try {
    kind = tag(value);
    if (kind === "ArrayBuffer" || kind === "SharedArrayBuffer") return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  } catch {
    return kind === "ArrayBuffer" || ArrayBuffer.isView(value) ? new Uint8Array(0) : undefined;
  }
  return undefined;
}

/** A refusal naming where in the argument it is, with what Rust needs to word it. */
class Refusal {
  constructor(path, problem, details = {}) {
    Object.assign(this, { path, problem }, details);
  }
}

/** Why `raw`, one value inside an argument, is refused; `undefined` when it is not. */
function fault(raw, maxItems) {
  switch (typeof raw) {
    case "string": {
      if (typeof raw.isWellFormed === "function" && raw.isWellFormed()) return undefined;
      const at = loneSurrogateAt(raw);
      return at < 0 ? undefined : ["lone_surrogate", { index: at }];
    }
    case "number":
      return Number.isFinite(raw) ? undefined : ["out_of_range", { value: String(raw) }];
    case "boolean":
    case "undefined":
      return undefined;
    case "object": {
      if (raw === null) return undefined;
      if (Array.isArray(raw)) return raw.length > maxItems ? ["too_many", { actual: raw.length }] : undefined;
      const prototype = Object.getPrototypeOf(raw);
      if (prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null) {
        // JSON would write what its toJSON returns instead: anything at all.
        return typeof raw.toJSON === "function" ? ["wrong_type", { got: "an object with its own toJSON" }] : undefined;
      }
      if (tag(raw) === "Date") return Number.isNaN(raw.getTime()) ? ["invalid_date", {}] : undefined;
      return ["wrong_type", { got: describe(raw) }];
    }
    default:
      return ["wrong_type", { got: describe(raw) }];
  }
}

/** The first refused value inside `value`, in the order `JSON.stringify` visits them. */
function firstFault(value, maxItems, path) {
  const found = fault(value, maxItems);
  if (found) return new Refusal(path, ...found);
  if (value === null || typeof value !== "object" || tag(value) === "Date") return undefined;
  const inner = Array.isArray(value)
    ? value.map((item, i) => [`${path}[${i}]`, item])
    : Object.keys(value).map((key) => [path === "" ? key : `${path}.${key}`, value[key]]);
  for (const [at, item] of inner) {
    const refusal = firstFault(item, maxItems, at);
    if (refusal) return refusal;
  }
  return undefined;
}

const FAULT = Symbol("fault");
const TOO_LARGE = Symbol("too large");

/**
 * `value` as JSON text, refusing what `JSON.stringify` would silently drop or change:
 * functions, symbols, BigInts, NaN and infinities (which become null), invalid Dates
 * (null), objects that are not plain (a Map becomes `{}`, a typed array an object of
 * indices), strings that are not well-formed Unicode; and, before the text is made,
 * any array over `maxItems` and text over about `maxUnits` code units. A valid Date
 * becomes its ISO time, as JSON has it. Throws a `Refusal` with the path of the first
 * such value ("" for the value itself, "phones[1]", "dates[0].year").
 *
 * The replacer runs for every value, so it only notices; the path is found by a second
 * walk once something was refused (a 100,000-client batch costs about twice plain
 * `JSON.stringify`, not five times).
 */
export function checkedJson(value, maxItems, maxUnits) {
  let budget = maxUnits;
  const replacer = function (key, converted) {
    const raw = this[key];
    if (fault(raw, maxItems)) throw FAULT;
    budget -= typeof raw === "string" ? raw.length + 1 : 1;
    if (budget < 0) throw TOO_LARGE;
    return converted;
  };
  try {
    const text = JSON.stringify(value, replacer);
    if (typeof text !== "string") throw new TypeError(`it writes as ${text}`);
    return text;
  } catch (error) {
    if (error === TOO_LARGE) throw new Refusal("", "too_large");
    try {
      const refusal = error === FAULT ? firstFault(value, maxItems, "") : undefined;
      if (refusal) throw refusal;
    } catch (refused) {
      if (refused instanceof Refusal) throw refused;
    }
    // A cycle, a getter that throws, a string too long for the engine.
    throw new Refusal("", "shape", { message: `cannot be written as JSON: ${String(error?.message ?? error).slice(0, 200)}` });
  }
}
