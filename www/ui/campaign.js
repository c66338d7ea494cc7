// "Plan a campaign" on the client list, for those who set the team up (heads of sales,
// admins): the list's current filter is the segment; channel, window and summary are
// asked; a preview says how many get a touch and who is skipped and why; a confirm plans
// it as one change, which "Undo campaign" takes back whole.
import { h, fill } from "./dom.js";
import { formatNumber } from "./format.js";

const CHANNELS = ["marketing_send", "email", "message", "call"];
const REASONS = ["noConsent", "waitingStage", "overBudget", "inconvenientChannel", "noAddress", "removed"];
const ROWS = 5;

/** A `datetime-local` value for `date`, in the browser's zone. */
const local = (date) => {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
};

/** The panel, planning over `segment()` (the list's filter as it stands when asked). */
export function campaignPanel(app, segment) {
  const s = app.strings.campaign;
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const channel = h("select", { id: "campaign-channel" },
    CHANNELS.map((c) => h("option", { value: c }, app.strings.channels[c] ?? c)));
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const week = new Date(tomorrow.getTime() + 7 * 24 * 3600 * 1000);
  const from = h("input", { type: "datetime-local", id: "campaign-from", value: local(tomorrow), required: true });
  const to = h("input", { type: "datetime-local", id: "campaign-to", value: local(week), required: true });
  const summary = h("input", { type: "text", id: "campaign-summary", maxlength: 300, required: true, placeholder: s.summaryHint });
  const error = h("p", { class: "error", id: "campaign-error", role: "alert", hidden: true });
  const result = h("div", { id: "campaign-result", role: "status" });
  const fail = (e) => {
    error.hidden = false;
    fill(error, app.explain(e));
  };
  const options = () => ({
    segment: segment(),
    channel: channel.value,
    summary: summary.value,
    window: { from: new Date(from.value).toISOString(), to: new Date(to.value).toISOString() },
    rows: ROWS,
  });
  const when = (at) => app.formatDate(at);
  const counts = (plan) => h("ul", { class: "campaign-counts", id: "campaign-counts" },
    h("li", { "data-count": "planned" }, h("strong", {}, formatNumber(app.lang, plan.counts.planned)), " ", s.planned),
    REASONS.filter((r) => plan.counts[r] > 0).map((r) =>
      h("li", { "data-count": r }, h("strong", {}, formatNumber(app.lang, plan.counts[r])), " ", s.reasons[r])));
  const rows = (plan) => h("div", { class: "campaign-rows" },
    plan.planned.length ? h("ul", { id: "campaign-planned" }, plan.planned.map((t) =>
      h("li", { "data-id": t.client }, h("span", { class: "name" }, t.name), " ", h("span", { class: "meta" }, when(t.at))))) : null,
    plan.skipped.length ? h("ul", { id: "campaign-skipped" }, plan.skipped.map((t) =>
      h("li", { "data-id": t.client, "data-reason": t.reason }, h("span", { class: "name" }, t.name), " ",
        h("span", { class: "meta" }, s.skippedAs[t.reason] ?? t.reason)))) : null);
  const undo = (plan) => async (event) => {
    event.target.disabled = true;
    error.hidden = true;
    try {
      await app.crm.revert(plan.event);
      app.changed();
      fill(result, h("p", { class: "ok", id: "campaign-undone" }, s.undone(plan.counts.planned)));
    } catch (e) {
      event.target.disabled = false;
      fail(e);
    }
  };
  const confirm = async (event) => {
    event.target.disabled = true;
    error.hidden = true;
    try {
      const plan = await app.crm.planCampaign(options());
      app.changed();
      fill(result,
        h("p", { class: "ok", id: "campaign-done" }, s.done(plan.counts.planned)), counts(plan),
        h("button", { type: "button", class: "ghost", id: "campaign-undo", onclick: undo(plan) }, s.undo));
    } catch (e) {
      event.target.disabled = false;
      fail(e);
    }
  };
  const preview = (event) => {
    event.preventDefault();
    error.hidden = true;
    fill(result);
    try {
      const plan = app.crm.previewCampaign(options());
      fill(result, h("h4", {}, s.previewHeading), counts(plan), rows(plan),
        plan.counts.planned > 0
          ? h("button", { type: "button", class: "primary", id: "campaign-confirm", onclick: confirm }, s.confirm(plan.counts.planned))
          : h("p", { class: "muted", id: "campaign-nobody" }, s.nobody));
    } catch (e) {
      fail(e);
    }
  };
  return h("form", { class: "campaign", id: "campaign", "aria-labelledby": "campaign-heading", onsubmit: preview },
    h("h3", { id: "campaign-heading" }, s.heading),
    h("p", { class: "muted" }, s.explain),
    h("div", { class: "window" }, field(s.channel, channel), field(s.from, from), field(s.to, to)),
    field(s.summary, summary),
    h("button", { type: "submit", class: "primary", id: "campaign-preview" }, s.preview),
    error, result);
}
