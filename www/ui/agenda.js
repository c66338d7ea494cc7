// Today's work as a to-do list: one row per client, most urgent first, its planned touches
// under it in time order (goal, channel, time, overdue marked), and why else it is here —
// stuck in a stage, no next step, after the sale, a date, a web lead waiting for a first touch. Each touch is done, moved or
// cancelled, and what happened is logged, with one tap to open and one to confirm.
import { h, fill } from "./dom.js";
import { formatNumber, relativeDay, ruleName, stageName, stimulusText } from "./i18n.js";
import { brokenRules } from "./card-actions.js";
import { suggestionsSection } from "./suggestions.js";

const LOGGED_CHANNELS = ["call", "meeting", "message", "email"];

const pad = (n) => String(n).padStart(2, "0");
// A datetime-local value in the device's time, rounded up to the minute: rounding down
// could land before the earliest allowed time and be refused.
const toMinute = (date) => new Date(Math.ceil(date.getTime() / 60_000) * 60_000);
const localInput = (date) => {
  const d = toMinute(date);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** How many days from the device's today to a date the engine gives as its midnight UTC. */
const daysUntil = (due) => {
  const now = new Date();
  const day = new Date(due);
  return Math.round((Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / 86_400_000);
};

export function agendaScreen(app) {
  const s = app.strings.agenda;
  const items = app.crm.agenda({ days: 7 });
  const clients = new Map();
  for (const item of items) {
    if (!clients.has(item.client)) clients.set(item.client, []);
    clients.get(item.client).push(item);
  }
  const stages = new Map(app.crm.pipelines().flatMap((p) => p.stages.map((st) => [`${p.id}/${st.id}`, stageName(app.strings, p.id, st)])));
  // The engine explains in English; the page says it in the reader's language, from the
  // item's kind and stage (a date: how soon), and keeps the engine's words only for a
  // kind it does not know.
  const why = (item) => s.why[item.kind]?.(item.kind === "date" ? relativeDay(app.lang, daysUntil(item.due))
    : item.kind === "waiting" ? s.waited(Math.floor(item.waitingMs / 3_600_000), Math.floor(item.waitingMs / 60_000) % 60)
    : stages.get(`${item.pipeline}/${item.stage}`) ?? item.stage ?? "") ?? item.why;
  const rows = [...clients].map(([id, reasons]) => clientRow(app, id, reasons, why));
  return h("section", { class: "card screen", id: "screen-agenda" },
    h("h2", {}, s.heading, " ", h("span", { class: "count", id: "agenda-count" }, formatNumber(app.lang, clients.size))),
    app.params.broke ? h("p", { class: "notice", id: "agenda-broke", role: "status" }, app.strings.card.loggedAgainstRules(app.params.broke)) : null,
    rows.length ? h("ol", { class: "agenda", id: "agenda" }, rows) : h("p", { class: "muted", id: "agenda-empty" }, s.empty),
    suggestionsSection(app, refusal));
}

function clientRow(app, id, reasons, why) {
  const s = app.strings.agenda;
  let client = null;
  try {
    client = app.crm.getClient(id);
  } catch {
    // Gone or out of sight since the agenda was read: named by its id, its touches still listed.
  }
  const phone = client?.phones?.[0];
  const error = h("p", { class: "error", role: "alert", hidden: true });
  // A change may answer with the contact rules the touch it recorded broke: said on top.
  const act = async (change) => {
    error.hidden = true;
    try {
      const broke = await change();
      app.changed();
      app.go("agenda", typeof broke === "string" ? { broke } : {});
    } catch (failure) {
      error.hidden = false;
      error.dataset.kind = failure?.kind ?? "";
      fill(error, ...refusal(app, failure));
    }
  };
  // One action form open at a time in the row, under the touch (or client) it is for.
  const opened = { panel: null };
  const open = (slot, form) => {
    error.hidden = true;
    if (opened.panel) opened.panel.replaceChildren();
    if (opened.panel === slot && opened.form === form.dataset.action) {
      opened.panel = null;
      return;
    }
    // The row's error goes with the form, so a refusal is said where it was asked for.
    fill(slot, form, error);
    opened.panel = slot;
    opened.form = form.dataset.action;
    form.querySelector("input, select")?.focus();
  };

  const touches = h("ul", { class: "touches" });
  app.crm.touches(id).then((list) => {
    const now = Date.now();
    const planned = list.filter((t) => t.status === "planned").sort((a, b) => a.at.localeCompare(b.at));
    fill(touches, planned.map((touch) => touchRow(app, touch, new Date(touch.at).getTime() < now, open, act)));
  }, (failure) => {
    error.hidden = false;
    fill(error, ...app.explain(failure));
  });

  const others = reasons.filter((item) => !item.touch);
  const logSlot = h("div", { class: "panel" });
  return h("li", { class: "client", "data-client": id, "data-kinds": reasons.map((item) => item.kind).join(" ") },
    h("div", { class: "head" },
      h("button", { type: "button", class: "link name", onclick: () => app.go("card", { id }) }, client?.name ?? id),
      others.map((item) => h("span", { class: `badge kind-${item.kind}` }, s.kinds[item.kind] ?? item.kind)),
      h("span", { class: "inline" },
        phone ? h("a", { class: "button", href: `tel:+${phone.e164}` }, s.call) : null,
        h("button", { type: "button", class: "ghost", onclick: () => app.go("card", { id }) }, s.plan),
        h("button", { type: "button", class: "ghost log", "data-action": "log", onclick: () => open(logSlot, logForm(app, id, act)) }, s.log))),
    others.map((item) => h("p", { class: "why", "data-kind": item.kind }, why(item),
      item.suggestions?.length ? h("span", { class: "meta" }, ` ${item.suggestions.map((text) => stimulusText(app.strings, item.pipeline, item.stage, text)).join(" · ")}`) : null)),
    logSlot, touches, error);
}

// A refusal by the contact rules names the rules broken and when the touch would be allowed.
function refusal(app, failure) {
  if (!failure?.violations?.length) return app.explain(failure);
  const names = failure.violations.map((v) => ruleName(app.strings, v)).join("; ");
  // Only warnings in the way: the touch is refused for want of a reason until they clear.
  const at = failure.overridable ? failure.nextClearAt : failure.nextAllowedAt;
  const next = at ? app.strings.agenda.nextAllowed(app.formatDate(new Date(at))) : "";
  return [app.describe(failure), h("span", { class: "meta detail" }, ` ${names}${next}`)];
}

function touchRow(app, touch, overdue, open, act) {
  const s = app.strings.agenda;
  const slot = h("div", { class: "panel" });
  const button = (action, label, form) =>
    h("button", { type: "button", class: "ghost small", "data-action": action, onclick: () => open(slot, form()) }, label);
  return h("li", { class: "touch", "data-touch": touch.id, "data-overdue": overdue ? "true" : null },
    h("div", { class: "what" },
      h("span", { class: "when" }, app.formatDate(new Date(touch.at))),
      overdue ? h("span", { class: "badge kind-overdue" }, s.kinds.overdue) : null,
      h("span", { class: "channel" }, app.strings.channels[touch.channel] ?? touch.channel),
      h("span", { class: "goal" }, app.strings.goals[touch.goal] ?? app.strings.suggest.goals[touch.goal] ?? touch.goal ?? touch.summary ?? ""),
      touch.plannedResult ? h("span", { class: "meta" }, `→ ${touch.plannedResult}`) : null),
    h("div", { class: "inline actions" },
      button("done", s.done, () => doneForm(app, touch, act)),
      button("reschedule", s.reschedule, () => rescheduleForm(app, touch, act)),
      button("cancel", s.cancel, () => cancelForm(app, touch, act))),
    slot);
}

const labelled = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);

function form(action, onsubmit, ...body) {
  return h("form", { class: "inline action-form", "data-action": action, novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    onsubmit();
  } }, ...body);
}

function doneForm(app, touch, act) {
  const s = app.strings.agenda;
  const result = h("input", { type: "text", name: "result" });
  return form("done", () => act(async () => brokenRules(app, await app.crm.completeTouch(touch.id, { outcome: "success", ...(result.value.trim() ? { result: result.value.trim() } : {}) }))),
    labelled(s.result, result), h("button", { type: "submit" }, s.confirmDone));
}

function cancelForm(app, touch, act) {
  const s = app.strings.agenda;
  const reason = h("input", { type: "text", name: "reason" });
  return form("cancel", () => act(() => app.crm.cancelTouch(touch.id, reason.value.trim() ? { reason: reason.value.trim() } : {})),
    labelled(s.reason, reason), h("button", { type: "submit" }, s.confirmCancel));
}

// The engine has no call to move a touch: moving is cancelling it and planning the same
// goal, channel and approach at the new time. The earliest time offered is checked while
// the old touch still counts, so it may be later than strictly needed but is never refused
// once the old one is gone; and if the new time is refused, the cancellation is undone so
// the touch is never lost.
function rescheduleForm(app, touch, act) {
  const s = app.strings.agenda;
  // From the next full hour: a touch moved to this very minute would be overdue at once.
  const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  let earliest = start;
  let hint = null;
  try {
    const check = app.crm.checkTouch({ clientId: touch.clientId, channel: touch.channel, direction: touch.direction, origin: touch.origin, at: start.toISOString() });
    // The moved touch keeps its override: past the blocking rules is enough for it;
    // without one, the warnings must clear too.
    const next = touch.overrideReason ? check.nextAllowedAt : check.nextClearAt;
    if (next) earliest = toMinute(new Date(next));
    hint = s.earliest(app.formatDate(earliest));
  } catch (failure) {
    hint = app.describe(failure);
  }
  const at = h("input", { type: "datetime-local", name: "at", value: localInput(earliest) });
  const move = async () => {
    const when = at.value ? new Date(at.value) : earliest;
    await app.crm.cancelTouch(touch.id, { reason: s.movedTo(app.formatDate(when)) });
    try {
      await app.crm.planTouch({
        clientId: touch.clientId, channel: touch.channel, direction: touch.direction, origin: touch.origin,
        at: when.toISOString(), goal: touch.goal, approach: touch.approach ?? "", plannedResult: touch.plannedResult ?? "",
        requested: touch.requested, ...(touch.overrideReason ? { override: touch.overrideReason } : {}),
      });
    } catch (refused) {
      const [cancelled] = await app.crm.history(touch.clientId);
      await app.crm.revert(cancelled.eventId);
      throw refused;
    }
  };
  return form("reschedule", () => act(move),
    labelled(s.newTime, at), h("button", { type: "submit" }, s.confirmReschedule),
    h("p", { class: "meta earliest" }, hint));
}

function logForm(app, clientId, act) {
  const s = app.strings.agenda;
  const channel = h("select", { name: "channel" }, LOGGED_CHANNELS.map((c) => h("option", { value: c }, app.strings.channels[c])));
  // Who reached out matters: the contact rules never refuse what the client started.
  const direction = h("select", { name: "direction" }, Object.entries(s.directions).map(([d, label]) => h("option", { value: d }, label)));
  const at = h("input", { type: "datetime-local", name: "at", value: localInput(new Date(Date.now() - 59_000)) });
  const summary = h("input", { type: "text", name: "summary" });
  return form("log", () => act(async () => brokenRules(app, await app.crm.logTouch({
    clientId, channel: channel.value, direction: direction.value, summary: summary.value.trim(),
    ...(at.value ? { at: new Date(at.value).toISOString() } : {}),
  }))), labelled(s.channel, channel), labelled(s.direction, direction), labelled(s.when, at), labelled(s.summary, summary), h("button", { type: "submit" }, s.confirmLog));
}
