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

/**
 * `value` as JSON text, refusing what `JSON.stringify` would silently drop or change:
 * functions, symbols, BigInts, NaN and infinities (which become null), invalid Dates
 * (null), objects that are not plain (a Map becomes `{}`, a typed array an object of
 * indices), strings that are not well-formed Unicode; and, before the text is made,
 * any array over `maxItems` and text over about `maxUnits` code units. A valid Date
 * becomes its ISO time, as JSON has it. Throws a `Refusal` with the path of the first
 * such value ("" for the value itself, "phones[1]", "dates[0].year").
 */
export function checkedJson(value, maxItems, maxUnits) {
  const paths = new WeakMap();
  let budget = maxUnits;
  const replacer = function (key, converted) {
    const raw = this[key];
    const parent = paths.get(this);
    const path = parent === undefined ? "" : Array.isArray(this) ? `${parent}[${key}]` : parent === "" ? key : `${parent}.${key}`;
    switch (typeof raw) {
      case "string": {
        const at = loneSurrogateAt(raw);
        if (at >= 0) throw new Refusal(path, "lone_surrogate", { index: at });
        budget -= raw.length;
        break;
      }
      case "number":
        if (!Number.isFinite(raw)) throw new Refusal(path, "out_of_range", { value: String(raw) });
        break;
      case "bigint":
      case "function":
      case "symbol":
        throw new Refusal(path, "wrong_type", { got: describe(raw) });
      case "object":
        if (raw === null) break;
        if (tag(raw) === "Date") {
          if (Number.isNaN(raw.getTime())) throw new Refusal(path, "invalid_date");
          break;
        }
        if (Array.isArray(raw)) {
          if (raw.length > maxItems) throw new Refusal(path, "too_many", { actual: raw.length });
        } else if (!isPlain(raw)) {
          throw new Refusal(path, "wrong_type", { got: describe(raw) });
        }
        paths.set(converted, path);
        break;
      default:
        break;
    }
    budget -= 1;
    if (budget < 0) throw new Refusal("", "too_large");
    return converted;
  };
  try {
    return JSON.stringify(value, replacer);
  } catch (error) {
    if (error instanceof Refusal) throw error;
    // A cycle, a getter that throws, a string too long for the engine.
    throw new Refusal("", "shape", { message: `cannot be written as JSON: ${String(error?.message ?? error).slice(0, 200)}` });
  }
}
