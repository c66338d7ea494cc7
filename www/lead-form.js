// <ripen-lead-form>: the website lead form. A visitor leaves a name, a phone or an e-mail, a
// question and consent; the lead is sealed in the browser with the team's public key
// (lead-seal.js) and dropped into the team's inbox through the inbox front, or kept in the
// outbox (lead-outbox.js) and sent when the visitor is back online. Attributes: `inbox`
// (the front's URL of the inbox database), `team-key` (the team's public JWK, JSON),
// `lang` (ru | en; the document's language otherwise), `consent-text` (the contact
// consent's wording). Isolated from the page's CSS (`:host { all: initial }`, a shadow
// root), styleable through its parts (docs/lead-form.md). Typed text only ever becomes
// text nodes or values.
import { LEAD_PLAINTEXT_MAX, importTeamKey, newLeadId, sealLead } from "./lead-seal.js";
import { LEAD_STRINGS } from "./lead-form-strings.js";
import { deliver, flush, keep, settle, startOutbox } from "./lead-outbox.js";

/** A form sent sooner than this after it was shown, or sooner than MIN_TOUCH_MS after its
 * first touch (or never touched), is a bot's: thanked, not sent. Counted from the form's
 * showing rather than the first touch alone: the browser's autofill can complete a real
 * visitor's form in well under 3 s of the first touch, and a lost real lead is worse
 * than a spam one let through (the team filters those by `fillMs` too). */
export const MIN_FILL_MS = 3_000;
export const MIN_TOUCH_MS = 1_000;
/** Characters per field (UTF-16 units), checked here and, as `ct`'s size, by the inbox. */
export const LIMITS = { name: 200, phone: 40, email: 254, question: 4000, consentText: 1000, page: 1000 };

const CSS = `
:host { all: initial; display: block; }
:host([hidden]) { display: none; }
/* Again inside: the page's rules on the element itself ("* { letter-spacing: … }") win over :host. */
.root { all: initial; display: block; container-type: inline-size; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 16px; line-height: 1.45; color: #1c1c1c; text-align: start; letter-spacing: normal; word-spacing: normal; }
*, *::before, *::after { box-sizing: border-box; }
.form { display: grid; gap: 16px; max-width: 40em; margin: 0; }
h2 { font-size: 1.35em; line-height: 1.25; margin: 0; font-weight: 700; }
p { margin: 0; }
.field { display: grid; gap: 4px; align-content: start; }
fieldset { border: 0; padding: 0; margin: 0; min-width: 0; display: grid; gap: 12px; }
legend { padding: 0; margin-bottom: 8px; font-weight: 600; }
.contacts { display: grid; gap: 12px; }
@container (min-width: 34em) { .contacts { grid-template-columns: 1fr 1fr; } }
label { font-weight: 600; }
.hint { color: #555; font-size: 0.875em; }
.mark { color: #a4001d; }
input, textarea { font: inherit; color: inherit; background: #fff; width: 100%; min-height: 44px; padding: 9px 12px;
  border: 1px solid #6e6e6e; border-radius: 6px; margin: 0; }
textarea { min-height: 7em; resize: vertical; }
input:focus-visible, textarea:focus-visible, button:focus-visible, .heading:focus-visible { outline: 3px solid #1857b8; outline-offset: 2px; }
[aria-invalid="true"] { border-color: #a4001d; border-width: 2px; }
.error { color: #a4001d; font-size: 0.9em; }
.error:empty, .alert:empty { display: none; }
.check { display: flex; gap: 10px; align-items: flex-start; font-weight: 400; }
.check input { width: 22px; height: 22px; min-height: 0; margin: 1px 0 0; flex: none; accent-color: #1857b8; }
.alert { color: #a4001d; font-weight: 600; }
button { font: inherit; font-weight: 600; min-height: 44px; padding: 10px 22px; border: 0; border-radius: 6px;
  background: #1857b8; color: #fff; cursor: pointer; justify-self: start; }
button[disabled] { background: #5d6f8c; cursor: progress; }
.hp { position: absolute; left: -10000px; top: 0; width: 1px; height: 1px; overflow: hidden; }
.summary { margin: 0; padding: 12px 14px; background: #f3f5f8; border-radius: 6px; display: grid; gap: 4px; }
.summary dt { font-weight: 600; }
.summary dd { margin: 0 0 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
.heading { outline: none; }
`;

let sheet = null;
function styles() {
  // A constructed sheet: a page's `style-src 'self'` does not refuse it, and nothing is fetched.
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** An element; strings among `children` become text nodes — never markup. */
function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** One line of text: controls gone, spaces trimmed, at most `max` characters. */
function line(value, max) {
  return String(value ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, max);
}

/** Several lines: controls other than newline and tab gone. */
function text(value, max) {
  return String(value ?? "").replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "").trim().slice(0, max);
}

const PHONE = /^\+?[\d\s().-]+$/;
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

class RipenLeadForm extends HTMLElement {
  static observedAttributes = ["lang", "consent-text", "team-key"];

  #root = this.attachShadow({ mode: "open" });
  #firstTouch = null;
  #shownAt = performance.now();
  #sending = false;
  #view = "form";
  #fields = {};
  #shownIds = new Set();
  #keyPromise = null;

  connectedCallback() {
    this.#root.adoptedStyleSheets = [styles()];
    this.#render();
    startOutbox();
    window.addEventListener("ripen-lead-delivered", this.#onDelivered);
  }

  disconnectedCallback() {
    window.removeEventListener("ripen-lead-delivered", this.#onDelivered);
  }

  attributeChangedCallback(name, before, after) {
    if (name === "team-key") this.#keyPromise = null;
    if (before !== after && this.isConnected && this.#view === "form") this.#render();
  }

  get #lang() {
    const chosen = (this.getAttribute("lang") || document.documentElement.lang || navigator.language || "en").toLowerCase();
    return chosen.startsWith("ru") ? "ru" : "en";
  }

  get #t() {
    return LEAD_STRINGS[this.#lang];
  }

  #teamKey() {
    this.#keyPromise ??= importTeamKey(this.getAttribute("team-key") ?? "");
    return this.#keyPromise;
  }

  #onDelivered = (event) => {
    if (!this.#shownIds.has(event.detail.id) || this.#view !== "queued") return;
    this.#shownIds.delete(event.detail.id);
    const status = this.#root.querySelector("[role=status]");
    if (status) status.textContent = this.#t.deliveredLater;
    this.dispatchEvent(new CustomEvent("ripen-lead-sent", { detail: { id: event.detail.id }, bubbles: true, composed: true }));
  };

  /** What is typed now (kept across a redraw in another language). */
  #values() {
    const values = {};
    for (const [name, input] of Object.entries(this.#fields)) values[name] = input.type === "checkbox" ? input.checked : input.value;
    return values;
  }

  #render(values = this.#values()) {
    const t = this.#t;
    const touch = () => (this.#firstTouch ??= performance.now());
    const describe = (id, ...more) => [...more, `${id}-error`].join(" ");
    const input = (name, props) => {
      const node = h(props.rows ? "textarea" : "input", {
        id: name,
        name,
        part: props.rows ? "input textarea" : "input",
        "aria-describedby": describe(name, ...(props.hint ? [`${name}-hint`] : [])),
        ...props,
        hint: undefined,
      });
      if (node.type === "checkbox") node.checked = Boolean(values[name]);
      else node.value = values[name] ?? "";
      this.#fields[name] = node;
      return node;
    };
    const error = (name) => h("p", { id: `${name}-error`, class: "error", part: "error" });
    const required = h("span", { class: "mark", "aria-hidden": "true" }, " *");
    this.#fields = {};
    const form = h(
      "form",
      { class: "form", part: "form", novalidate: true, lang: this.#lang, onsubmit: (e) => this.#submit(e), onfocusin: touch, oninput: touch, onkeydown: touch },
      h("h2", { part: "title" }, t.title),
      h("p", { class: "hint", part: "hint" }, t.intro),
      h(
        "div",
        { class: "field", part: "field" },
        h("label", { for: "name", part: "label" }, t.name, required.cloneNode(true)),
        input("name", { type: "text", autocomplete: "name", maxlength: LIMITS.name, required: true }),
        error("name"),
      ),
      h(
        "fieldset",
        { part: "contacts", "aria-describedby": "contacts-error" },
        h("legend", { part: "label" }, t.contacts, required.cloneNode(true)),
        h(
          "div",
          { class: "contacts" },
          h(
            "div",
            { class: "field", part: "field" },
            h("label", { for: "phone", part: "label" }, t.phone),
            input("phone", { type: "tel", autocomplete: "tel", inputmode: "tel", maxlength: LIMITS.phone, hint: true }),
            h("p", { id: "phone-hint", class: "hint", part: "hint" }, t.phoneHint),
            error("phone"),
          ),
          h(
            "div",
            { class: "field", part: "field" },
            h("label", { for: "email", part: "label" }, t.email),
            input("email", { type: "email", autocomplete: "email", spellcheck: "false", maxlength: LIMITS.email }),
            error("email"),
          ),
        ),
        h("p", { id: "contacts-error", class: "error", part: "error" }),
      ),
      h(
        "div",
        { class: "field", part: "field" },
        h("label", { for: "question", part: "label" }, t.question),
        input("question", { rows: 5, maxlength: LIMITS.question }),
        error("question"),
      ),
      // The honeypot: off screen (not display:none, which bots look for), out of the tab
      // order, hidden from assistive technology; a person never fills it.
      h(
        "div",
        { class: "hp", "aria-hidden": "true" },
        h("label", { for: "website2" }, t.honeypot),
        input("website2", { type: "text", tabindex: "-1", autocomplete: "off", "aria-describedby": undefined }),
      ),
      h(
        "div",
        { class: "field", part: "consent" },
        h("label", { class: "check", part: "label consent-label" }, input("contact", { type: "checkbox", required: true, part: "checkbox" }), h("span", {}, this.#contactText(), required.cloneNode(true))),
        error("contact"),
        h("label", { class: "check", part: "label consent-label" }, input("marketing", { type: "checkbox", part: "checkbox", "aria-describedby": undefined }), h("span", {}, t.consentMarketing)),
      ),
      h("p", { class: "alert", part: "alert", role: "alert" }),
      h("button", { type: "submit", part: "submit" }, t.submit),
    );
    this.#view = "form";
    this.#root.replaceChildren(h("div", { class: "root", part: "root" }, form, h("p", { class: "hint", part: "status", role: "status" })));
  }

  #contactText() {
    return line(this.getAttribute("consent-text"), LIMITS.consentText) || this.#t.consentContact;
  }

  #setError(name, message) {
    const node = this.#root.getElementById(`${name}-error`);
    node.textContent = message ?? "";
    const field = name === "contacts" ? null : this.#fields[name];
    if (field) {
      if (message) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    }
  }

  /** The values checked: `{ lead, invalid }`, `invalid` the fields in the form's order. */
  #check() {
    const t = this.#t;
    const v = this.#values();
    const lead = {
      name: line(v.name, LIMITS.name),
      phone: line(v.phone, LIMITS.phone),
      email: line(v.email, LIMITS.email),
      question: text(v.question, LIMITS.question),
    };
    const errors = {};
    if (!lead.name) errors.name = t.errName;
    const digits = lead.phone.replace(/\D/g, "").length;
    if (lead.phone && (!PHONE.test(lead.phone) || digits < 6 || digits > 15)) errors.phone = t.errPhone;
    if (lead.email && !EMAIL.test(lead.email)) errors.email = t.errEmail;
    if (!lead.phone && !lead.email) errors.contacts = t.errContact;
    if (!v.contact) errors.contact = t.errConsent;
    for (const name of ["name", "phone", "email", "contacts", "question", "contact"]) this.#setError(name, errors[name]);
    const invalid = Object.keys(errors);
    return { lead, values: v, invalid };
  }

  async #submit(event) {
    event.preventDefault();
    if (this.#sending) return;
    const t = this.#t;
    const alert = this.#root.querySelector("[role=alert]");
    alert.textContent = "";
    const { lead, values, invalid } = this.#check();
    if (invalid.length > 0) {
      alert.textContent = t.errSummary(invalid.length);
      const first = invalid[0] === "contacts" ? "phone" : invalid[0];
      this.#fields[first].focus();
      return;
    }
    const now = performance.now();
    const fillMs = this.#firstTouch === null ? 0 : Math.round(now - this.#firstTouch);
    if (values.website2 || this.#firstTouch === null || fillMs < MIN_TOUCH_MS || now - this.#shownAt < MIN_FILL_MS) {
      // A bot: thanked as a person would be, and nothing leaves the page.
      this.#done("sent", lead, null);
      return;
    }
    const inbox = (this.getAttribute("inbox") ?? "").replace(/\/+$/, "");
    const at = new Date().toISOString();
    const contactText = this.#contactText();
    const plain = {
      v: 1,
      ...lead,
      consent: { contact: true, marketing: Boolean(values.marketing), text: `${contactText}\n${t.consentMarketing}`, at },
      page: (location.origin + location.pathname).slice(0, LIMITS.page),
      lang: this.#lang,
      submittedAt: at,
      fillMs,
    };
    const button = this.#root.querySelector("button[type=submit]");
    this.#sending = true;
    button.disabled = true;
    button.textContent = t.sending;
    try {
      let doc;
      try {
        if (!/^https?:\/\//.test(inbox)) throw new TypeError("inbox must be the inbox front's URL");
        doc = await sealLead(plain, await this.#teamKey(), newLeadId());
      } catch (error) {
        if (error instanceof RangeError && new TextEncoder().encode(JSON.stringify(plain)).length > LEAD_PLAINTEXT_MAX) {
          this.#setError("question", t.errTooLong);
          alert.textContent = t.errSummary(1);
          this.#fields.question.focus();
          return;
        }
        console.error(`ripen-lead-form: ${error.message}`);
        alert.textContent = t.errNotSetUp;
        return;
      }
      keep(inbox, doc);
      const outcome = await deliver(inbox, doc);
      settle(doc._id, outcome);
      if (outcome === "refused") {
        alert.textContent = t.errRefused;
        return;
      }
      this.#done(outcome === "delivered" ? "sent" : "queued", lead, doc._id);
    } finally {
      this.#sending = false;
      if (button.isConnected) {
        button.disabled = false;
        button.textContent = t.submit;
      }
    }
  }

  /** The thank-you view: what was sent, as text. */
  #done(state, lead, id) {
    const t = this.#t;
    this.#view = state === "sent" ? "sent" : "queued";
    if (id && state === "queued") this.#shownIds.add(id);
    const rows = [
      [t.name, lead.name],
      [t.phone, lead.phone],
      [t.email, lead.email],
      [t.question, lead.question],
    ].filter(([, value]) => value);
    const heading = h("h2", { class: "heading", part: "title", tabindex: "-1" }, state === "sent" ? t.sentTitle : t.queuedTitle);
    const view = h(
      "section",
      { class: "form", part: "done", lang: this.#lang, "data-state": state },
      heading,
      h("p", { part: "message" }, state === "sent" ? t.sent : t.queued),
      h("h3", { class: "hint", part: "label" }, t.youWrote),
      h("dl", { class: "summary", part: "summary" }, rows.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)])),
      h("button", { type: "button", part: "submit", onclick: () => this.#again() }, t.another),
    );
    this.#root.replaceChildren(h("div", { class: "root", part: "root" }, view, h("p", { class: "hint", part: "status", role: "status" })));
    heading.focus();
    if (id) this.dispatchEvent(new CustomEvent("ripen-lead-submit", { detail: { id, state }, bubbles: true, composed: true }));
    if (state === "queued") flush();
  }

  #again() {
    this.#firstTouch = null;
    this.#shownAt = performance.now();
    this.#render({});
    this.#fields.name.focus();
  }
}

if (!customElements.get("ripen-lead-form")) customElements.define("ripen-lead-form", RipenLeadForm);
export { RipenLeadForm };
