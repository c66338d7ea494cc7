// The capture form at a trade show: the show the rep works at today, its qualification
// questions and a hot / warm / cold rating as one tap each (toggle buttons), and the consent asked — what
// `captureLead` records with the lead in one commit.
import { h } from "./dom.js";
import { currentShow, today } from "./stand.js";

const RATINGS = ["hot", "warm", "cold"];

/** A row of one-tap choices: toggle buttons (one pressed at most; a second tap takes it
 * back), each reached by Tab and announced as pressed or not, under the question's name. */
function chips(name, legend, options) {
  const label = h("span", { class: "chips-label", id: `${name}-label` }, legend);
  let chosen = null;
  const buttons = options.map(([value, text]) => h("button", {
    type: "button", class: "chip-button", "data-value": value, "aria-pressed": "false", id: `${name}-${value}`.replace(/[^\w-]/g, "_"),
    onclick: () => set(chosen === value ? null : value),
  }, text));
  const set = (value) => {
    chosen = value;
    for (const b of buttons) b.setAttribute("aria-pressed", String(b.dataset.value === value));
  };
  const element = h("div", { class: "chips", role: "group", "aria-labelledby": `${name}-label` }, label, buttons);
  return { element, value: () => chosen, clear: () => set(null) };
}

/** The show part of the capture form, or null when no show runs today for this rep. */
export function showPart(app) {
  const show = currentShow(app);
  const day = today();
  if (!show || !(show.starts <= day && day <= show.ends)) return null;
  const s = app.strings.capture;
  const questions = show.questions.map((q, n) => {
    const name = `capture-q${n}`;
    if (q.kind === "choices") return { q, ...chips(name, q.text, q.options.map((o) => [o, o])) };
    if (q.kind === "yes_no") return { q, ...chips(name, q.text, [["yes", s.yes], ["no", s.no]]) };
    const input = h("input", { type: "text", id: name, autocomplete: "off" });
    return {
      q, element: h("label", { class: "field" }, h("span", {}, q.text), input),
      value: () => input.value.trim() || null, clear: () => { input.value = ""; },
    };
  });
  const rating = chips("capture-rating", s.rating, RATINGS.map((r) => [r, app.strings.stand.ratings[r]]));
  const contact = h("input", { type: "checkbox", id: "capture-consent-contact", checked: true });
  const marketing = h("input", { type: "checkbox", id: "capture-consent-marketing" });
  const element = h("fieldset", { class: "at-show", id: "capture-show", "data-show": show.id }, h("legend", {}, s.atShow(show.name)),
    questions.map((q) => q.element), rating.element,
    h("div", { class: "checks" }, h("label", { class: "check" }, contact, s.consentContact), h("label", { class: "check" }, marketing, s.consentMarketing)));
  return {
    show, element,
    values: () => {
      const answers = {};
      for (const { q, value } of questions) {
        const v = value();
        if (v !== null) answers[q.id] = q.kind === "yes_no" ? v === "yes" : v;
      }
      return { answers, ...(rating.value() ? { rating: rating.value() } : {}), consent: { contact: contact.checked, marketing: marketing.checked } };
    },
    clear: () => {
      for (const q of questions) q.clear();
      rating.clear();
      contact.checked = true;
      marketing.checked = false;
    },
  };
}
