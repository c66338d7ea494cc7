// What a rep or manager does to a client as a whole from its card: mark a deal lost, log a
// touch that already happened, hand the client off or share it, archive it (and bring it
// back), merge a duplicate into it. Every change goes through `act`, which redraws the card,
// so an undo is always the history's or the removed card's restore button.
import { h } from "./dom.js";
import { formatDay, invalid, ruleName, stageName } from "./i18n.js";
import { personName } from "./device-user.js";

const CHANNELS = ["call", "meeting", "message", "email"];
const OUTCOMES = ["success", "no_answer", "refused", "rescheduled"];

const section = (title, ...body) => h("section", { class: "part" }, h("h3", {}, title), ...body);
const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
const local = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** A user's display name; a login no longer on the team stays as it is. */
export const userName = (app, login) => (login ? personName(app, login) : app.strings.card.nobody);

/** "Mark lost" under one pipeline card: the reason is required, as the funnel counts by it. */
export function lostForm(app, clientId, card, act) {
  const s = app.strings.card;
  const reason = h("input", { type: "text", class: "lost-reason" });
  return h("details", { class: "lost" }, h("summary", {}, s.markLost),
    h("form", { class: "inline bottom", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      act(async () => {
        if (!reason.value.trim()) throw invalid("empty");
        await app.crm.moveStage(clientId, { pipeline: card.pipeline, lost: reason.value.trim() });
      });
    } }, field(s.lostReason, reason), h("button", { type: "submit", class: "lost-save" }, s.markLost)));
}

/** Moving a planned touch to another time: it is cancelled and planned anew, so the contact
 * rules check the new time without counting the old one; a refusal takes the cancel back. */
export function rescheduleForm(app, touch, act) {
  const s = app.strings.card;
  const at = h("input", { type: "datetime-local", class: "reschedule-at" });
  return h("details", { class: "reschedule" }, h("summary", {}, s.reschedule),
    h("form", { class: "inline bottom", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      act(async () => {
        if (!at.value) throw invalid("empty");
        await app.crm.cancelTouch(touch.id, { reason: s.rescheduled });
        const { clientId, channel, direction, origin, goal, approach, plannedResult } = touch;
        try {
          await app.crm.planTouch({ clientId, channel, direction, origin, goal, approach, plannedResult, at: new Date(at.value).toISOString() });
        } catch (refusal) {
          const [cancelled] = await app.crm.history(clientId);
          await app.crm.revert(cancelled.eventId);
          throw refusal;
        }
      });
    } }, field(s.newTime, at), h("button", { type: "submit", class: "reschedule-save" }, s.reschedule)));
}

/** The contact rules a touch just logged or completed broke, named in the reader's
 * language ("; " between them), or null: it is recorded all the same (it happened), and
 * the rep is told. */
export function brokenRules(app, touch) {
  const breach = app.crm.limitBreaches(touch.doneAt).find((b) => b.touch === touch.id);
  return breach ? breach.violations.map((v) => ruleName(app.strings, v)).join("; ") : null;
}

/** A call, meeting or message that already happened, with when and how it went. */
export function logPart(app, client, act) {
  const s = app.strings.card;
  const channel = h("select", { id: "log-channel" }, CHANNELS.map((c) => h("option", { value: c }, app.strings.channels[c])));
  const direction = h("select", { id: "log-direction" }, ["outbound", "inbound"].map((d) => h("option", { value: d }, s.directions[d])));
  const at = h("input", { id: "log-at", type: "datetime-local", value: local(new Date()) });
  const summary = h("input", { id: "log-summary", type: "text" });
  const result = h("input", { id: "log-result", type: "text" });
  const outcome = h("select", { id: "log-outcome" }, OUTCOMES.map((o) => h("option", { value: o }, s.outcomes[o])));
  const form = h("form", { id: "log", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    // What happened is recorded even where the contact rules would have refused it; the
    // rep is told which rules it broke (the manager sees it among the broken limits).
    let broke = null;
    act(async () => {
      if (!at.value) throw invalid("empty");
      const touch = await app.crm.logTouch({
        clientId: client.id, channel: channel.value, direction: direction.value, at: new Date(at.value).toISOString(),
        outcome: outcome.value, ...(summary.value.trim() ? { summary: summary.value.trim() } : {}),
        ...(result.value.trim() ? { result: result.value.trim() } : {}),
      });
      broke = brokenRules(app, touch);
    }, () => (broke ? { broke } : {}));
  } }, h("div", { class: "grid" }, field(app.strings.capture.channel, channel), field(s.direction, direction), field(s.happened, at),
    field(s.summary, summary), field(s.result, result), field(s.outcome, outcome)),
  h("button", { type: "submit", id: "log-save" }, s.logIt));
  return h("details", { class: "part" }, h("summary", {}, s.log), form);
}

/** Handing the client to a colleague (with a note for them) and sharing it with one. */
export function peoplePart(app, client, act) {
  const s = app.strings.card;
  const others = app.crm.users().filter((u) => u.id !== client.owner);
  const options = (list) => list.map((u) => h("option", { value: u.id }, u.name));
  const to = h("select", { id: "handoff-to" }, options(others));
  const note = h("input", { type: "text", id: "handoff-note" });
  const handOff = h("form", { id: "handoff", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => app.crm.handOff(client.id, { to: to.value, ...(note.value.trim() ? { reason: note.value.trim() } : {}) }));
  } }, h("div", { class: "grid" }, field(s.handOffTo, to), field(s.handOffNote, note)), h("button", { type: "submit", id: "handoff-save" }, s.handOff));

  const sharedUsers = client.sharedWith.filter((g) => g.user).map((g) => g.user);
  const withWhom = h("select", { id: "share-with" }, options(others.filter((u) => !sharedUsers.includes(u.id))));
  const share = h("form", { id: "share", class: "inline bottom", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => app.crm.share(client.id, { user: withWhom.value }));
  } }, field(s.shareWith, withWhom), h("button", { type: "submit", id: "share-save" }, s.share));
  const shared = client.sharedWith.map((g) => h("li", {},
    h("span", { class: "grow" }, g.user ? userName(app, g.user) : (app.crm.teams().find((t) => t.id === g.team)?.name ?? g.team)),
    h("button", { type: "button", class: "ghost small", onclick: () => act(() => app.crm.unshare(client.id, g)) }, s.unshare)));

  return section(s.people,
    h("p", { id: "card-owner" }, h("span", { class: "meta" }, `${s.owner}: `), userName(app, client.owner)),
    shared.length ? [h("p", { class: "meta" }, s.sharedWith), h("ul", { class: "rows", id: "card-shared" }, shared)] : null,
    others.length ? [h("details", {}, h("summary", {}, s.handOff), handOff), h("details", {}, h("summary", {}, s.share), share)]
      : h("p", { class: "muted" }, s.noColleagues));
}

/** Archiving: the client leaves every list, and its card then offers it back. */
export const removeButton = (app, client, act) =>
  h("button", { type: "button", class: "ghost small", id: "card-remove", onclick: () => act(() => app.crm.removeClient(client.id)) }, app.strings.card.archive);

export const removedBanner = (app, client, act) =>
  h("p", { class: "notice", id: "card-removed", role: "status" }, app.strings.card.removed, " ",
    h("button", { type: "button", id: "card-restore", onclick: () => act(() => app.crm.restoreClient(client.id)) }, app.strings.card.restore));

/** Possible duplicates of this client, each side by side with it and merged into it. */
export function mergePart(app, client, act) {
  const s = app.strings.card;
  const found = app.crm.findDuplicates({ name: client.name, phones: client.phones.map((p) => p.display), emails: client.emails })
    .filter((d) => d.client.id !== client.id);
  if (!found.length) return null;
  const show = (c, key) => {
    const v = key === "phones" ? c.phones.map((p) => p.display) : c[key];
    return Array.isArray(v) ? v.join(", ") || s.none : (v ?? s.none);
  };
  const rows = ["name", "phones", "emails", "region", "owner"];
  const compare = (other) => h("table", { class: "sample compare" },
    h("thead", {}, h("tr", {}, h("td", {}), h("th", {}, s.thisClient), h("th", {}, s.duplicate))),
    h("tbody", {}, rows.map((key) => h("tr", {}, h("th", { scope: "row" }, s.fields[key]),
      h("td", {}, key === "owner" ? userName(app, client.owner) : show(client, key)),
      h("td", {}, key === "owner" ? userName(app, other.owner) : show(other, key))))));
  return section(s.duplicates, h("ul", { class: "plain", id: "card-duplicates" }, found.map((d) =>
    h("li", { "data-client": d.client.id }, compare(d.client),
      h("button", { type: "button", class: "merge", onclick: () => act(() => app.crm.merge(client.id, d.client.id), { merged: true }) }, s.merge(d.client.name))))));
}

/** Offered right after a merge: taking it back whole, the duplicate returning as it was. */
export const mergedBanner = (app, client, act) =>
  h("p", { class: "notice", id: "card-merged", role: "status" }, app.strings.card.mergedDone, " ",
    h("button", { type: "button", id: "card-unmerge", onclick: () => act(async () => {
      const merged = (await app.crm.history(client.id)).find((e) => e.type === "clients_merged" && !e.revertedBy);
      if (merged) await app.crm.revert(merged.eventId);
    }) }, app.strings.card.revert));

/** One history entry's "what changed", in words: field old → new, owner old → new, and so on. */
export function changeText(app, entry, nameOf) {
  const s = app.strings.card;
  const value = (v) => {
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) return s.none;
    if (Array.isArray(v)) return v.map(value).join(", ");
    if (typeof v === "object") return v.display ?? v.text ?? v.name ?? v.title ?? (v.day ? formatDay(app.lang, v) : JSON.stringify(v));
    return Object.hasOwn(app.strings.channels, v) ? app.strings.channels[v] : String(v);
  };
  const arrow = (a, b) => `${value(a)} → ${value(b)}`;
  const stageOf = (pipeline, p) => {
    if (!p) return s.none;
    if (p.at === "lost") return s.lost(p.reason);
    const at = app.crm.pipelines().find((x) => x.id === pipeline)?.stages.find((st) => st.id === p.stage);
    return at ? stageName(app.strings, pipeline, at) : p.stage;
  };
  switch (entry.type) {
    case "client_updated": return entry.changes.map((c) => `${s.fields[c.field] ?? c.field}: ${arrow(c.old, c.new)}`).join("; ");
    case "client_renamed": return arrow(entry.old, entry.new);
    case "owner_changed": case "client_routed":
      return `${userName(app, entry.old)} → ${userName(app, entry.new)}${entry.reason ? ` (${entry.reason})` : ""}`;
    case "share_changed": return `${entry.with.user ? userName(app, entry.with.user) : entry.with.team}: ${entry.new ? s.shared : s.unshared}`;
    case "stage_moved": return `${stageOf(entry.pipeline, entry.from)} → ${stageOf(entry.pipeline, entry.to)}`;
    case "touch_recorded": return [app.strings.channels[entry.touch.channel], entry.touch.summary ?? app.strings.goals[entry.touch.goal] ?? entry.touch.goal, entry.touch.result].filter(Boolean).join(" · ");
    case "touch_status_changed": return `${s.statuses[entry.old.status] ?? entry.old.status} → ${s.statuses[entry.new.status] ?? entry.new.status}${entry.new.result ? ` · ${entry.new.result}` : ""}`;
    case "alias_added": case "alias_removed": return entry.alias.name;
    case "clients_merged": case "clients_unmerged": return `${nameOf(entry.merge.drop)} → ${nameOf(entry.merge.keep)}`;
    default: return "";
  }
}
