// Building DOM without markup strings: every piece of user text becomes a text node, so a
// client named `<img src=x onerror=alert(1)>` shows literally. Nothing here (or anywhere
// in the page) assigns innerHTML.

/**
 * `h("button", { class: "ghost", onclick: fn, disabled: true }, "Save")`: an element with
 * properties (`on…` become listeners, `class` the class name, `data-*` and `aria-*`
 * attributes) and children (strings become text; null, undefined and false are skipped).
 */
// Written as attributes: names with no property of the same spelling (`novalidate` is
// the property `noValidate`; `for` is `htmlFor`).
const ATTRIBUTES = new Set(["role", "for", "novalidate"]);

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || ATTRIBUTES.has(key)) el.setAttribute(key, value === true ? "" : String(value));
    else el[key] = value;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces `el`'s children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Calls `fn` once `ms` passed without another call (typing, mostly). */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Saves `data` (text, bytes or a Blob part) as a file the browser downloads. */
export function download(data, name, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const link = h("a", { href: URL.createObjectURL(blob), download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
