// Today's "Suggested" section, under the due touches: the next best touch of the clients
// in sight (the user's own first) — the client, why now (worded here from the hook's kind
// and parameters; the engine's English only for a kind this page does not know), the
// channel and the time — and a "Plan" button that plans exactly that in one call. Once
// planned the client has a next step, so its row leaves and the touch joins the agenda.
import { h, fill } from "./dom.js";
import { relativeDay, stimulusText } from "./i18n.js";

/** How many suggestions Today shows. */
const SHOWN = 10;

// Suggested from a few minutes ahead, on a whole minute: a touch planned for this very
// second would be overdue by the time it is read.
const LEAD_MS = 5 * 60_000;
const startOfSuggestions = () => new Date(Math.ceil((Date.now() + LEAD_MS) / 60_000) * 60_000).toISOString();

export function suggestionsSection(app, refusal) {
  const s = app.strings.suggest;
  let list = [];
  try {
    list = app.crm.suggestions({ user: app.user, limit: SHOWN, now: startOfSuggestions() });
  } catch (failure) {
    return h("section", { class: "suggestions", id: "suggestions" },
      h("h3", {}, s.heading), h("p", { class: "error", role: "alert" }, ...app.explain(failure)));
  }
  return h("section", { class: "suggestions", id: "suggestions", "aria-labelledby": "suggestions-heading" },
    h("h3", { id: "suggestions-heading" }, s.heading),
    list.length
      ? h("ol", { class: "agenda suggested" }, list.map((suggestion) => row(app, suggestion, refusal)))
      : h("p", { class: "muted", id: "suggestions-empty" }, s.empty));
}

/** The hook's reason in the reader's language. */
export function hookReason(app, hook, suggestion) {
  const s = app.strings.suggest.why;
  const say = s[hook.kind];
  if (!say) return hook.reason;
  const subject = hook.kind === "stimulus" ? stimulusText(app.strings, suggestion.pipeline, suggestion.stage, hook.subject) : hook.subject;
  const when = hook.days === undefined ? "" : relativeDay(app.lang, hook.days);
  // A web lead's wait as the agenda words it ("5 min", "1 h 20 min").
  const waited = hook.minutes === undefined ? "" : app.strings.agenda.waited(Math.floor(hook.minutes / 60), hook.minutes % 60);
  return say({ ...hook, subject, when, waited });
}

function row(app, suggestion, refusal) {
  const s = app.strings.suggest;
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const plan = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    error.hidden = true;
    try {
      await app.crm.planTouch({
        clientId: suggestion.clientId, channel: suggestion.channel, at: suggestion.at,
        goal: suggestion.goal, approach: hookReason(app, suggestion.hook, suggestion),
        plannedResult: s.result[suggestion.goal] ?? suggestion.plannedResult,
      });
      app.changed();
      app.go("agenda");
    } catch (failure) {
      button.disabled = false;
      error.hidden = false;
      error.dataset.kind = failure?.kind ?? "";
      fill(error, ...refusal(app, failure));
    }
  };
  const channel = app.strings.channels[suggestion.channel] ?? suggestion.channel;
  return h("li", { class: "client suggestion", "data-client": suggestion.clientId, "data-hook": suggestion.hook.kind },
    h("div", { class: "head" },
      h("button", { type: "button", class: "link name", onclick: () => app.go("card", { id: suggestion.clientId }) }, suggestion.clientName),
      h("span", { class: `badge hook-${suggestion.hook.kind}` }, s.kinds[suggestion.hook.kind] ?? suggestion.hook.kind),
      h("span", { class: "inline" },
        h("button", { type: "button", class: "plan-suggestion", onclick: plan, "aria-label": s.planLabel(suggestion.clientName) }, s.plan))),
    h("p", { class: "why" }, hookReason(app, suggestion.hook, suggestion)),
    h("p", { class: "meta when" }, `${channel} · ${app.formatDate(new Date(suggestion.at))}`),
    error);
}
