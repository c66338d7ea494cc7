// Settings: the contact rules in force, each removable, and a new rule of any of the four
// kinds: at most N touches in D days, a minimum gap between touches, allowed hours, or
// consent (marketing only with it, nothing outbound once contact is refused).
import { h } from "./dom.js";
import { ruleName } from "./i18n.js";

const CHANNELS = ["call", "email", "meeting", "message", "marketing_send"];

export function rulesPart(app, act) {
  const s = app.strings.settings;
  const rules = app.crm.rules();
  return h("div", { class: "settings-part" },
    h("h3", {}, s.rules),
    h("ul", { class: "rows", id: "settings-rules" }, rules.map((r) =>
      h("li", { "data-rule": r.id }, h("span", { class: "grow" }, ruleName(app.strings, r), h("span", { class: "meta" }, describeRule(r, app.strings))),
        h("span", { class: r.action === "block" ? "badge warn" : "badge rot" }, r.action === "block" ? s.block : s.warn),
        h("button", { type: "button", class: "ghost small", onclick: () => act(() => app.crm.removeRule(r.id)) }, s.remove)))),
    ruleForm(app, act));
}

/** The rule's limit in the reader's words: "≤ 2 · call · company · 7 d". */
function describeRule(rule, strings) {
  const s = strings.settings;
  const channels = rule.channels.length ? rule.channels.map((c) => strings.channels[c] ?? c).join(", ") : s.anyChannel;
  if (rule.limit === "consent") return `${s.consentLimit} · ${channels} · ${s.per} ${s.scopes[rule.scope]}`;
  const { count, minGap, allowedHours } = rule.limit;
  const limit = count ? s.countLimit(count.max, count.window.rolling ? Math.round(count.window.rolling.hours / 24) : null, count.window.calendar?.unit)
    : minGap ? s.gapLimit(minGap.hours)
    : s.hoursLimit(allowedHours.from, allowedHours.to, allowedHours.weekdaysOnly);
  return `${limit} · ${channels} · ${s.per} ${s.scopes[rule.scope]}`;
}

function ruleForm(app, act) {
  const s = app.strings.settings;
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const name = h("input", { type: "text", id: "rule-name" });
  const kind = h("select", { id: "rule-kind" }, ["count", "minGap", "allowedHours", "consent"].map((k) => h("option", { value: k }, s.ruleKinds[k])));
  const scope = h("select", { id: "rule-scope" }, ["person", "company", "group"].map((v) => h("option", { value: v }, s.scopes[v])));
  const channel = h("select", { id: "rule-channel" },
    h("option", { value: "" }, s.anyChannel), CHANNELS.map((c) => h("option", { value: c }, app.strings.channels[c])));
  const max = h("input", { type: "number", id: "rule-max", min: 1, value: 3 });
  const days = h("input", { type: "number", id: "rule-days", min: 1, value: 7 });
  const hours = h("input", { type: "number", id: "rule-hours", min: 1, value: 24 });
  const from = h("input", { type: "time", id: "rule-from", value: "09:00" });
  const to = h("input", { type: "time", id: "rule-to", value: "20:00" });
  const weekdays = h("input", { type: "checkbox", id: "rule-weekdays", checked: true });
  const action = h("select", { id: "rule-action" }, h("option", { value: "block" }, s.block), h("option", { value: "warn" }, s.warn));
  const inputs = {
    count: [field(s.max, max), field(s.days, days)],
    minGap: [field(s.gapHours, hours)],
    allowedHours: [field(s.from, from), field(s.to, to), h("label", { class: "check" }, weekdays, s.weekdaysOnly)],
    consent: [],
  };
  const shown = () => Object.entries(inputs).forEach(([k, els]) => els.forEach((el) => { el.hidden = k !== kind.value; }));
  kind.addEventListener("change", shown);
  shown();
  const limit = () => ({
    count: { count: { max: Number(max.value), window: { rolling: { hours: Number(days.value) * 24 } } } },
    minGap: { minGap: { hours: Number(hours.value) } },
    allowedHours: { allowedHours: { from: from.value, to: to.value, weekdaysOnly: weekdays.checked } },
    consent: "consent",
  })[kind.value];
  return h("form", { id: "rule-form", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => app.crm.saveRule({
      id: `rule-${Date.now().toString(36)}`, name: name.value, scope: scope.value,
      channels: channel.value ? [channel.value] : [], origins: [], action: action.value, limit: limit(),
    }));
  } }, h("div", { class: "grid" }, field(s.ruleName, name), field(s.ruleKind, kind), field(s.scope, scope), field(s.channel, channel),
    ...Object.values(inputs).flat(), field(s.action, action)),
  h("button", { type: "submit" }, s.addRule));
}
