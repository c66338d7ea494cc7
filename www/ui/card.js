// The client card: contacts, other names, relationships, dates and wishes; the stage; the
// touches with live contact-rule feedback while planning the next one; and the whole
// history, where any change can be undone.
import { h, fill, debounce, download } from "./dom.js";
import { formatDay, pipelineName, ruleName, stageName } from "./i18n.js";
import { datesPart, notesPart, relationshipsPart, renameForm, wishesPart } from "./card-profile.js";
import { photosPart } from "./card-photo.js";
import { leadPart } from "./card-lead.js";
import { budgetPart } from "./card-budget.js";
import { writePart } from "./card-write.js";
import { brokenRules, changeText, logPart, lostForm, mergePart, mergedBanner, peoplePart, removeButton, removedBanner, rescheduleForm, userName } from "./card-actions.js";

const CHANNELS = ["call", "email", "meeting", "message"];

const section = (title, ...body) => h("section", { class: "part" }, h("h3", {}, title), ...body);
const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);

export function cardScreen(app) {
  const s = app.strings.card;
  const root = h("section", { class: "card screen", id: "screen-card" });
  const id = app.params.id;
  let client;
  try {
    client = app.crm.getClient(id);
  } catch (error) {
    return fill(root, h("p", { class: "error", role: "alert" }, app.describe(error)));
  }
  const nameOf = (other) => {
    try {
      return app.crm.getClient(other).name;
    } catch {
      return other;
    }
  };
  const when = (iso) => (iso ? app.formatDate(new Date(iso)) : s.none);

  const contacts = [
    ...client.phones.map((p) => h("li", {}, h("a", { href: `tel:+${p.e164}` }, p.display))),
    ...client.emails.map((e) => h("li", {}, h("a", { href: `mailto:${e}` }, e))),
    client.website ? h("li", {}, client.website) : null,
    client.region ? h("li", {}, client.region) : null,
    client.tags.length ? h("li", {}, client.tags.map((t) => h("span", { class: "tag" }, t))) : null,
  ].filter(Boolean);
  if (!contacts.length) contacts.push(h("li", { class: "muted" }, s.noContacts));

  // The stage, and moving it.
  const pipelines = app.crm.pipelines();
  const cards = app.crm.cards(id);
  const pipeline = h("select", { id: "card-pipeline" },
    pipelines.map((p) => h("option", { value: p.id, selected: p.id === (cards[0]?.pipeline ?? "sales") }, pipelineName(app.strings, p))));
  const stage = h("select", { id: "card-stage" });
  const stages = () => {
    const current = cards.find((c) => c.pipeline === pipeline.value);
    const stagesOf = pipelines.find((p) => p.id === pipeline.value)?.stages ?? [];
    fill(stage, stagesOf.filter((st) => !st.retired).map((st) => h("option", { value: st.id, selected: st.id === current?.stage }, stageName(app.strings, pipeline.value, st))));
  };
  pipeline.addEventListener("change", stages);
  stages();
  const move = h("button", { type: "button", id: "card-move", onclick: () => act(() => app.crm.moveStage(id, { pipeline: pipeline.value, stage: stage.value })) }, s.move);
  const cardLines = cards.map((c) => {
    const p = pipelines.find((x) => x.id === c.pipeline);
    const at = p?.stages.find((st) => st.id === c.stage);
    const name = c.lost ? s.lost(c.lost) : (at ? stageName(app.strings, c.pipeline, at) : c.stage);
    return h("li", { "data-pipeline": c.pipeline }, h("span", { class: "meta" }, `${p ? pipelineName(app.strings, p) : c.pipeline}: `), name,
      c.lost ? null : lostForm(app, id, c, act));
  });

  // Planning the next touch, checked against the contact rules as it is typed; its fields
  // are named as on the capture form.
  const words = app.strings.capture;
  const goals = Object.entries(app.strings.goals);
  const channel = h("select", { id: "plan-channel" }, CHANNELS.map((c) => h("option", { value: c }, app.strings.channels[c])));
  const at = h("input", { id: "plan-at", type: "datetime-local" });
  const goal = h("select", { id: "plan-goal" }, goals.map(([g, label]) => h("option", { value: g }, label)));
  const approach = h("input", { id: "plan-approach", type: "text" });
  const plannedResult = h("input", { id: "plan-result", type: "text" });
  const override = h("input", { id: "plan-override", type: "text" });
  // Asked for only when a rule warns.
  const overrideField = Object.assign(field(s.override, override), { hidden: true });
  const verdict = h("p", { id: "plan-verdict", class: "verdict", role: "status" });
  const touchInput = () => ({ clientId: id, channel: channel.value, ...(at.value ? { at: new Date(at.value).toISOString() } : {}) });
  const check = () => {
    try {
      // Checked without the override: `allowed` is then "no rule stands in the way", and
      // `overridable` "only warnings do", which a reason lets through.
      const result = app.crm.checkTouch(touchInput());
      const names = (action) => result.violations.filter((v) => v.action === action).map((v) => ruleName(app.strings, v)).join("; ");
      verdict.dataset.verdict = result.allowed ? "allowed" : result.overridable ? "warned" : "blocked";
      verdict.textContent = result.allowed ? s.allowed
        : result.overridable ? s.warned(names("warn"), result.nextClearAt && when(result.nextClearAt))
        : s.blocked(names("block"), result.nextAllowedAt && when(result.nextAllowedAt));
      overrideField.hidden = !result.overridable;
    } catch (error) {
      verdict.dataset.verdict = "invalid";
      verdict.textContent = app.describe(error);
    }
  };
  for (const el of [channel, at]) el.addEventListener("input", debounce(check, 60));
  const plan = h("form", { id: "plan", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => app.crm.planTouch({
      ...touchInput(), goal: goal.value, approach: approach.value, plannedResult: plannedResult.value,
      ...(override.value.trim() ? { override: override.value } : {}),
    }));
  } }, h("div", { class: "grid" }, field(words.channel, channel), field(words.when, at), field(words.goal, goal),
    field(s.approach, approach), field(words.plannedResult, plannedResult), overrideField), verdict,
  h("button", { type: "submit", id: "plan-save" }, s.planIt));

  const error = h("p", { class: "error flash", id: "card-error", role: "alert", hidden: true });
  const touches = h("ul", { class: "touches", id: "card-touches" });
  const timeline = h("ol", { class: "timeline", id: "card-timeline" });

  // The client's business card, for a phone's contacts.
  async function saveCard() {
    try {
      download(await app.crm.exportVcard({ ids: [id] }), `${client.name.replace(/[\\/:*?"<>|]+/g, "_")}.vcf`);
    } catch (failure) {
      error.hidden = false;
      fill(error, ...app.explain(failure));
    }
  }

  async function act(change, after = {}) {
    error.hidden = true;
    try {
      await change();
      app.changed();
      // `after` may depend on what the change found out (a function, called once it is done).
      app.go("card", { id, ...(typeof after === "function" ? after() : after) });
    } catch (failure) {
      error.hidden = false;
      error.dataset.kind = failure?.kind ?? "";
      fill(error, ...app.explain(failure));
    }
  }

  app.crm.touches(id).then((list) => fill(touches, list.slice().reverse().map((touch) => {
    const result = h("input", { type: "text" });
    return h("li", { "data-status": touch.status },
      h("span", { class: "when" }, when(touch.doneAt ?? touch.at)), " ",
      h("span", {}, app.strings.channels[touch.channel] ?? touch.channel), " · ",
      h("span", {}, app.strings.goals[touch.goal] ?? touch.goal ?? touch.summary ?? ""),
      touch.plannedResult ? h("span", { class: "meta" }, ` → ${touch.plannedResult}`) : null,
      touch.result ? h("span", { class: "meta" }, ` ✓ ${touch.result}`) : null,
      touch.status === "planned" ? h("span", { class: "inline bottom" }, field(s.result, result),
        h("button", { type: "button", onclick: () => {
          let broke = null;
          act(async () => {
            broke = brokenRules(app, await app.crm.completeTouch(touch.id, { outcome: "success", ...(result.value.trim() ? { result: result.value } : {}) }));
          }, () => (broke ? { broke } : {}));
        } }, s.complete),
        h("button", { type: "button", class: "ghost small cancel-touch", onclick: () => act(() => app.crm.cancelTouch(touch.id)) }, s.cancelTouch),
        rescheduleForm(app, touch, act)) : null);
  })), (failure) => fill(touches, h("li", { class: "error" }, app.describe(failure))));

  // An undo that a later change stands in the way of says which change, by whom, when.
  const undo = (entries, entry) => act(() => app.crm.revert(entry.eventId).catch((failure) => {
    const later = failure?.kind === "conflict" && entries.find((e) => e.eventId === failure.later);
    if (!later) throw failure;
    const what = `${app.strings.events[later.type] ?? later.type} ${changeText(app, later, nameOf)}`.trim();
    throw { kind: "conflict_with", message: s.conflictWith(what, userName(app, later.by), when(later.at)) };
  }));
  app.crm.history(id).then((entries) => fill(timeline, entries.map((entry) =>
    h("li", { "data-event": entry.eventId, "data-type": entry.type, class: entry.revertedBy ? "undone" : "" },
      h("span", { class: "when" }, when(entry.at)), " ",
      h("span", { class: "what" }, app.strings.events[entry.type] ?? entry.type), " ",
      h("span", { class: "change" }, changeText(app, entry, nameOf)), " ",
      h("span", { class: "meta by" }, userName(app, entry.by)),
      entry.revertedBy ? h("span", { class: "badge" }, s.reverted)
        : entry.type === "client_added" ? null
        : h("button", { type: "button", class: "ghost small", onclick: () => undo(entries, entry) }, s.revert)))),
  (failure) => fill(timeline, h("li", { class: "error" }, app.describe(failure))));
  check();

  // Editing the contacts: lists as comma-separated text, each value checked by the engine.
  const list = (values) => values.join(", ");
  const parse = (text) => text.split(",").map((v) => v.trim()).filter(Boolean);
  const editPhones = h("input", { type: "text", id: "edit-phones", value: list(client.phones.map((p) => p.display)) });
  const editEmails = h("input", { type: "text", id: "edit-emails", value: list(client.emails) });
  const editRegion = h("input", { type: "text", id: "edit-region", value: client.region ?? "" });
  const editTags = h("input", { type: "text", id: "edit-tags", value: list(client.tags) });
  const edit = h("form", { id: "card-edit", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => app.crm.updateClient(id, {
      phones: parse(editPhones.value), emails: parse(editEmails.value),
      region: editRegion.value.trim() || null, tags: parse(editTags.value),
    }));
  } }, h("div", { class: "grid" }, field(s.phones, editPhones), field(s.emails, editEmails), field(s.region, editRegion), field(s.tags, editTags)),
  h("button", { type: "submit", id: "edit-save" }, s.save));

  const title = h("div", { class: "title" },
    h("button", { type: "button", class: "ghost small", id: "card-back", onclick: () => app.go("clients") }, `← ${s.back}`),
    h("h2", { id: "card-name" }, client.name), h("span", { class: "kind-tag" }, app.strings.capture[client.kind]),
    client.removed ? null : h("button", { type: "button", class: "ghost small", id: "card-vcard", onclick: saveCard }, s.vcard),
    client.removed ? null : removeButton(app, client, act));
  // A removed client's card says so and offers it back; nothing else is changed on it.
  if (client.removed) return fill(root, title, error, removedBanner(app, client, act), section(s.timeline, timeline));

  // `until` is a day, not a moment: said as one, whatever the device's zone.
  const aliases = client.aliases.map((a) => h("li", {}, a.name, h("span", { class: "meta" }, ` ${s.aliasKinds[a.kind] ?? a.kind}${a.until ? ` ${s.until(formatDay(app.lang, a.until))}` : ""}`)));
  return fill(root,
    title,
    error,
    app.params.merged ? mergedBanner(app, client, act) : null,
    app.params.broke ? h("p", { class: "notice", id: "card-broke", role: "status" }, s.loggedAgainstRules(app.params.broke)) : null,
    h("div", { class: "columns" },
      h("div", {},
        section(s.contacts, h("ul", { class: "plain" }, contacts)),
        aliases.length ? section(s.aliases, h("ul", { class: "plain" }, aliases)) : null,
        leadPart(app, client, act),
        photosPart(app, client),
        relationshipsPart(app, client, act),
        datesPart(app, client, act),
        wishesPart(app, client, act),
        notesPart(app, client, act),
        section(s.stage, cardLines.length ? h("ul", { class: "plain", id: "card-cards" }, cardLines) : null, h("div", { class: "inline bottom" }, field(s.pipeline, pipeline), field(s.stage, stage), move)),
        peoplePart(app, client, act),
        mergePart(app, client, act),
        h("details", { class: "part" }, h("summary", {}, s.edit), edit, renameForm(app, client, act))),
      h("div", {},
        budgetPart(app, client),
        writePart(app, client, cards, act),
        section(s.plan, plan),
        logPart(app, client, act),
        section(s.touches, touches),
        section(s.timeline, timeline))));
}
