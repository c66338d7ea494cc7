// Settings: where new clients go. Rules tried in order (a condition on region, industry,
// client type, source or tag, sending to a user or a team), the default, each team's
// strategy (in turn, or by skills) and where won deals pass to.
import { h } from "./dom.js";
import { invalid } from "./i18n.js";

const CONDITIONS = ["region", "industry", "clientType", "source", "tags"];

const targetValue = (target) => (target?.user ? `user:${target.user}` : target?.team ? `team:${target.team}` : "");
const parseTarget = (value) => {
  const [kind, id] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
  return kind === "user" ? { user: id } : kind === "team" ? { team: id } : null;
};

export function routingPart(app, act) {
  const s = app.strings.settings;
  const r = app.strings.routing;
  const users = app.crm.users();
  const teams = app.crm.teams();
  const current = app.crm.routing();
  const settings = current ?? { rules: [], default: null, teams: {} };
  const nameOf = (target) => target?.user ? (users.find((u) => u.id === target.user)?.name ?? target.user)
    : `${r.team} ${teams.find((t) => t.id === target?.team)?.name ?? target?.team}`;
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const targetSelect = (id, selected, { none } = {}) => h("select", { id },
    none ? h("option", { value: "" }, none) : null,
    h("optgroup", { label: s.users }, users.map((u) => h("option", { value: `user:${u.id}`, selected: targetValue(selected) === `user:${u.id}` }, u.name))),
    h("optgroup", { label: s.teams }, teams.map((t) => h("option", { value: `team:${t.id}`, selected: targetValue(selected) === `team:${t.id}` }, t.name))));
  const save = (changed) => act(() => app.crm.saveRouting({ ...settings, ...changed }));

  if (!users.length && !teams.length) return h("div", { class: "settings-part" }, h("h3", {}, r.heading), h("p", { class: "muted" }, r.needPeople));

  const describe = (when) => Object.entries(when).map(([key, value]) => `${r.conditions[key]} ${Array.isArray(value) ? value.join(", ") : value}`).join(" · ");
  const rules = h("ul", { class: "rows", id: "routing-rules" }, settings.rules.map((rule, i) => h("li", {},
    h("span", { class: "grow" }, `${i + 1}. ${describe(rule.when)} → ${nameOf(rule.to)}`),
    h("button", { type: "button", class: "ghost small", disabled: i === 0, "aria-label": r.up, onclick: () => {
      const next = [...settings.rules];
      [next[i - 1], next[i]] = [next[i], next[i - 1]];
      save({ rules: next });
    } }, "↑"),
    h("button", { type: "button", class: "ghost small", onclick: () => save({ rules: settings.rules.filter((_, j) => j !== i) }) }, s.remove))));

  const condition = h("select", { id: "route-field" }, CONDITIONS.map((c) => h("option", { value: c }, r.conditions[c])));
  const value = h("input", { type: "text", id: "route-value" });
  const to = targetSelect("route-to", null);
  const defaultTo = targetSelect("route-default", settings.default, { none: r.noDefault });
  const won = targetSelect("route-won", settings.won, { none: r.wonStays });
  const strategies = teams.map((t) => {
    const select = h("select", { "data-team": t.id },
      ["taxi", "skills"].map((k) => h("option", { value: k, selected: (settings.teams?.[t.id] ?? "taxi") === k }, r.strategies[k])));
    return { team: t.id, select, row: field(`${r.strategy}: ${t.name}`, select) };
  });
  const general = h("form", { id: "routing-form", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const teamsStrategy = Object.fromEntries(strategies.filter((x) => x.select.value !== "taxi").map((x) => [x.team, x.select.value]));
    const { won: _, ...rest } = settings;
    if (!defaultTo.value) return act(() => Promise.reject(invalid("pick_default")));
    act(() => app.crm.saveRouting({ ...rest, default: parseTarget(defaultTo.value), teams: teamsStrategy, ...(won.value ? { won: parseTarget(won.value) } : {}) }));
  } }, h("div", { class: "grid" },
    field(r.default, defaultTo), field(r.won, won),
    strategies.map((x) => x.row)),
  h("button", { type: "submit", id: "routing-save" }, s.save));

  const ruleForm = h("form", { id: "route-rule-form", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const raw = value.value.trim();
    const when = { [condition.value]: condition.value === "tags" ? raw.split(",").map((t) => t.trim()).filter(Boolean) : raw };
    if (!raw) return act(() => Promise.reject(invalid("empty")));
    save({ rules: [...settings.rules, { when, to: parseTarget(to.value) }] });
  } }, h("div", { class: "grid" }, field(r.condition, condition), field(r.value, value), field(r.to, to)), h("button", { type: "submit", id: "route-rule-add" }, r.addRule));

  return h("div", { class: "settings-part" },
    h("h3", {}, r.heading), h("p", { class: "muted" }, current ? r.explain : r.none),
    general,
    current ? [h("h3", {}, r.rules), settings.rules.length ? rules : h("p", { class: "muted" }, r.noRules), ruleForm] : null);
}
