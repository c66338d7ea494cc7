// "Write" on the client card: a template of the card's stage, filled in for the client (a
// variable it has no value for marked, never a silent blank), sent through a link the
// device opens (mailto:, sms:, a messenger), then logged as a touch in one tap.
import { h, fill } from "./dom.js";
import { stimulusText } from "./i18n.js";

const section = (title, ...body) => h("details", { class: "part", id: "write" }, h("summary", {}, title), ...body);
const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);

/** The text with each `{variable}` the client has no value for as a marked gap. */
function marked(text, missing) {
  if (!missing.length) return [text];
  const gap = new RegExp(`(\\{(?:${missing.join("|")})\\})`, "g");
  return text.split(gap).map((part, i) => (i % 2 ? h("mark", { class: "missing" }, part) : part));
}

/** The touch's summary: the template's name and the text's first line, within bounds. */
const summaryOf = (rendered) => `${rendered.template.name}: ${rendered.body.split("\n")[0]}`.slice(0, 300);

export function writePart(app, client, cards, act) {
  const s = app.strings.write;
  const stages = cards.filter((c) => !c.lost).map((c) => `${c.pipeline}/${c.stage}`);
  // The app's language first, then the other; within one, by channel and name.
  const rank = (t) => (t.locale === app.lang ? 0 : 1);
  const templates = app.crm.templates().filter((t) => stages.includes(`${t.pipeline}/${t.stage}`))
    .sort((a, b) => rank(a) - rank(b) || a.channel.localeCompare(b.channel) || a.name.localeCompare(b.name));
  if (!templates.length) return section(s.heading, h("p", { class: "muted", id: "write-none" }, stages.length ? s.noTemplates : s.noStage));

  const channels = [...new Set(templates.map((t) => t.channel))];
  const channel = h("select", { id: "write-channel" },
    h("option", { value: "" }, s.anyChannel), channels.map((c) => h("option", { value: c }, app.strings.channels[c] ?? c)));
  const template = h("select", { id: "write-template" });
  const out = h("div", { id: "write-out", "aria-live": "polite" });
  const options = () => {
    const shown = templates.filter((t) => !channel.value || t.channel === channel.value);
    fill(template, shown.map((t) => h("option", { value: t.id },
      `${t.name} · ${app.strings.channels[t.channel] ?? t.channel} · ${t.locale.toUpperCase()}`)));
    show();
  };
  const show = () => {
    let rendered;
    try {
      rendered = app.crm.renderTemplate(template.value, client.id);
    } catch (failure) {
      return fill(out, h("p", { class: "error", role: "alert" }, app.describe(failure)));
    }
    const varName = (v) => s.variables[v] ?? v;
    fill(out,
      rendered.subject != null ? h("p", { id: "write-subject" }, h("span", { class: "meta" }, `${s.subject}: `), ...marked(rendered.subject, rendered.missing)) : null,
      h("p", { id: "write-body", class: "message" }, ...marked(rendered.body, rendered.missing)),
      rendered.missing.length ? h("p", { class: "notice", id: "write-missing", role: "status" }, s.missing(rendered.missing.map(varName).join(", "))) : null,
      rendered.stimuli.length ? h("div", { id: "write-stimuli" }, h("p", { class: "meta" }, s.stimuli),
        h("ul", { class: "plain" }, rendered.stimuli.map((st) => h("li", {}, stimulusText(app.strings, rendered.template.pipeline, rendered.template.stage, st))))) : null,
      rendered.links.length
        ? h("ul", { class: "plain send-links", id: "write-links" }, rendered.links.map((link) => h("li", {},
          h("a", { class: "send-link button", href: link.href, "data-kind": link.kind, target: "_blank", rel: "noopener" }, `${s.kinds[link.kind] ?? link.kind}: ${link.label}`))))
        : h("p", { class: "muted", id: "write-no-links" }, rendered.template.channel === "call" || rendered.template.channel === "email" || rendered.template.channel === "message" ? s.noAddress : s.notFromDevice),
      h("button", { type: "button", id: "write-log", onclick: () => act(() => app.crm.logTouch({
        clientId: client.id, channel: rendered.template.channel, direction: "outbound", outcome: "success", summary: summaryOf(rendered),
      })) }, rendered.template.channel === "call" ? s.called : s.sent));
  };
  channel.addEventListener("change", options);
  template.addEventListener("change", show);
  const part = section(s.heading, h("div", { class: "grid" }, field(s.channel, channel), field(s.template, template)), out);
  // Filled in when opened: a closed card costs no rendering.
  let shown = false;
  part.addEventListener("toggle", () => {
    if (part.open && !shown) {
      shown = true;
      options();
    }
  });
  return part;
}
