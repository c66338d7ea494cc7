// Settings: the message templates of each pipeline stage and channel, in Russian and
// English. A head of sales (or an admin) edits one or writes a new one; the engine checks
// the text (a known {variable} each, braces closed) and names the field it refuses.
import { h } from "./dom.js";
import { pipelineName, stageName } from "./i18n.js";
import { slug } from "./settings-pipelines.js";

const CHANNELS = ["call", "email", "message"];
const VARIABLES = ["name", "first_name", "company", "event", "wish", "rep", "date"];

export function templatesPart(app, act) {
  const s = app.strings.write;
  const settings = app.strings.settings;
  const pipelines = app.crm.pipelines();
  const rank = (t) => (t.locale === app.lang ? 0 : 1);
  const templates = app.crm.templates().sort((a, b) => rank(a) - rank(b) || a.pipeline.localeCompare(b.pipeline) || a.stage.localeCompare(b.stage) || a.name.localeCompare(b.name));
  const editing = templates.find((t) => t.id === app.params.template) ?? null;
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const where = (t) => {
    const pipeline = pipelines.find((p) => p.id === t.pipeline);
    const stage = pipeline?.stages.find((st) => st.id === t.stage);
    return `${pipeline ? pipelineName(app.strings, pipeline) : t.pipeline}: ${stage ? stageName(app.strings, t.pipeline, stage) : t.stage}`;
  };

  const pipeline = h("select", { id: "template-pipeline" }, pipelines.map((p) => h("option", { value: p.id, selected: p.id === editing?.pipeline }, pipelineName(app.strings, p))));
  const stage = h("select", { id: "template-stage" });
  const stages = () => {
    const of = pipelines.find((p) => p.id === pipeline.value)?.stages ?? [];
    stage.replaceChildren(...of.filter((st) => !st.retired).map((st) => h("option", { value: st.id, selected: st.id === editing?.stage }, stageName(app.strings, pipeline.value, st))));
  };
  pipeline.addEventListener("change", stages);
  stages();
  const channel = h("select", { id: "template-channel" }, CHANNELS.map((c) => h("option", { value: c, selected: c === (editing?.channel ?? "message") }, app.strings.channels[c])));
  const locale = h("select", { id: "template-locale" }, ["ru", "en"].map((l) => h("option", { value: l, selected: l === (editing?.locale ?? app.lang) }, l.toUpperCase())));
  const name = h("input", { type: "text", id: "template-name", value: editing?.name ?? "" });
  const subject = h("input", { type: "text", id: "template-subject", value: editing?.subject ?? "" });
  const body = h("textarea", { id: "template-body", rows: 6 });
  body.value = editing?.body ?? "";
  const save = (event) => {
    event.preventDefault();
    const id = editing?.id ?? slug(`${pipeline.value}-${stage.value}-${channel.value}-${locale.value}-${name.value}`, new Set(templates.map((t) => t.id)));
    act(() => app.crm.saveTemplate({
      id, pipeline: pipeline.value, stage: stage.value, channel: channel.value, locale: locale.value,
      name: name.value, subject: channel.value === "email" && subject.value.trim() ? subject.value : null, body: body.value,
    }), settings.saved, { keep: { template: id } });
  };

  return h("div", { class: "settings-part", id: "settings-templates" },
    h("h3", {}, s.templates),
    h("ul", { class: "rows", id: "templates-list" }, templates.map((t) => h("li", { "data-template": t.id },
      h("span", { class: "grow" }, h("strong", {}, t.name), h("span", { class: "meta" }, ` ${where(t)} · ${app.strings.channels[t.channel] ?? t.channel} · ${t.locale.toUpperCase()}`)),
      h("button", { type: "button", class: "ghost small", "data-action": "edit", onclick: () => app.go("settings", { part: "templates", template: t.id }) }, s.edit),
      h("button", { type: "button", class: "ghost small", "data-action": "remove", onclick: () => act(() => app.crm.removeTemplate(t.id)) }, s.remove)))),
    h("h3", { id: "template-form-heading" }, editing ? s.editing(editing.name) : s.newTemplate),
    h("form", { id: "template-form", novalidate: true, onsubmit: save },
      h("div", { class: "grid" }, field(app.strings.card.pipeline, pipeline), field(app.strings.card.stage, stage), field(s.channel, channel), field(s.locale, locale),
        field(s.name, name), field(s.subject, subject)),
      field(s.body, body),
      h("p", { class: "muted" }, s.variablesHint(VARIABLES.map((v) => `{${v}}`).join(" "))),
      h("div", { class: "inline" }, h("button", { type: "submit", id: "template-save" }, settings.save),
        editing ? h("button", { type: "button", class: "ghost small", id: "template-new", onclick: () => app.go("settings", { part: "templates" }) }, s.newTemplate) : null)));
}
