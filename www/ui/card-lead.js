// On a lead's card: where it was met (the show, when, by whom), its rating and answers —
// changed with one tap each, as at the stand — and its consent to be contacted and to
// receive marketing, with who recorded it and when; a change is a new record (the history
// keeps every one), and the contact rules read the latest.
import { h } from "./dom.js";
import { formatDateTime } from "./i18n.js";
import { personName } from "./device-user.js";

const RATINGS = ["hot", "warm", "cold"];

/** A row of one-tap buttons; the current one pressed. */
function taps(label, options, current, onTap) {
  return h("div", { class: "taps", role: "group", "aria-label": label },
    h("span", { class: "meta" }, label),
    options.map(([value, text]) => h("button", {
      type: "button", class: value === current ? "chip-button current" : "chip-button",
      "aria-pressed": value === current ? "true" : "false", onclick: () => value !== current && onTap(value),
    }, text)));
}

export function leadPart(app, client, act) {
  const s = app.strings.card;
  const lead = app.crm.lead(client.id);
  const consents = app.crm.consents(client.id);
  const consent = consents.at(-1) ?? null;
  const record = (change) => act(() => app.crm.recordConsent(client.id, {
    contact: consent?.contact ?? false, marketing: consent?.marketing ?? false, source: "card", ...change,
  }));
  const consentPart = h("div", { class: "consent", id: "card-consent" },
    h("p", { class: "meta" }, consent ? s.consentBy(personName(app, consent.by), formatDateTime(app.lang, consent.at), consent.source) : s.noConsent),
    h("div", { class: "checks" },
      h("label", { class: "check" }, h("input", { type: "checkbox", id: "card-consent-contact", checked: Boolean(consent?.contact), onchange: (e) => record({ contact: e.target.checked }) }), s.consentContact),
      h("label", { class: "check" }, h("input", { type: "checkbox", id: "card-consent-marketing", checked: Boolean(consent?.marketing), onchange: (e) => record({ marketing: e.target.checked }) }), s.consentMarketing)));
  if (!lead) return h("section", { class: "part", id: "card-lead" }, h("h3", {}, s.consent), consentPart);

  const show = app.crm.show(lead.show);
  const qualify = (change) => act(() => app.crm.qualifyLead(client.id, change));
  const answers = (show?.questions ?? []).map((q) => {
    const current = lead.answers[q.id] ?? null;
    if (q.kind === "text") {
      return h("p", { "data-question": q.id }, h("span", { class: "meta" }, `${q.text}: `), current ?? s.none);
    }
    const options = q.kind === "yes_no" ? [["yes", s.yes], ["no", s.no]] : q.options.map((o) => [o, o]);
    return h("div", { "data-question": q.id }, taps(q.text, options, current,
      (value) => qualify({ answers: { [q.id]: q.kind === "yes_no" ? value === "yes" : value } })));
  });
  return h("section", { class: "part", id: "card-lead" },
    h("h3", {}, s.lead),
    h("p", { class: "meta", id: "card-lead-met" }, s.metAt(show?.name ?? lead.show, formatDateTime(app.lang, lead.at), personName(app, lead.by))),
    taps(s.rating, RATINGS.map((r) => [r, app.strings.stand.ratings[r]]), lead.rating, (rating) => qualify({ rating })),
    answers,
    h("h4", {}, s.consent), consentPart);
}
