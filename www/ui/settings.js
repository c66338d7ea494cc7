// Settings: the storage (what this device holds, the checkpoint, damaged records), a
// backup of everything and its restore, the language, users and teams, and the contact
// rules in force.
import { h, fill } from "./dom.js";

const ROLES = ["manager", "telemarketer", "key_account_manager", "project_manager", "support", "back_office", "head_of_sales", "admin"];
const mib = (bytes) => (bytes === null || bytes === undefined ? "—" : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

export function settingsScreen(app) {
  const s = app.strings.settings;
  const error = h("p", { class: "error", id: "settings-error", role: "alert", hidden: true });
  const done = h("p", { class: "ok", id: "settings-done", role: "status", hidden: true });
  const act = async (change, message) => {
    error.hidden = true;
    done.hidden = true;
    try {
      await change();
      app.changed();
      done.hidden = false;
      done.textContent = message;
    } catch (failure) {
      error.hidden = false;
      error.dataset.kind = failure?.kind ?? "";
      error.textContent = app.describe(failure);
    }
  };

  const storage = h("dl", { class: "facts", id: "settings-storage" });
  app.crm.storageInfo().then((info) => fill(storage,
    h("dt", {}, s.used), h("dd", {}, `${mib(info.usage)} / ${mib(info.quota)}`),
    h("dt", {}, s.persisted), h("dd", {}, info.persisted ? s.yes : s.no),
    h("dt", {}, s.held), h("dd", { id: "settings-held" }, s.counts(info.clients, info.events)),
    h("dt", {}, s.checkpoint), h("dd", {}, info.checkpoint.problem ?? s.since(info.checkpoint.eventsSince)),
    info.skipped.length ? [h("dt", {}, s.skipped), h("dd", { class: "error" }, info.skipped.map((r) => `#${r.record}: ${r.reason}`).join("; "))] : null));

  const exportBackup = () => act(async () => {
    const text = await app.crm.exportBackup();
    const link = h("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: `ripen-backup-${new Date().toISOString().slice(0, 10)}.json` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }, s.exported);
  const file = h("input", { type: "file", id: "settings-import", accept: "application/json,.json", "aria-label": s.importBackup });
  file.addEventListener("change", () => file.files[0] && act(async () => app.crm.importBackup(await file.files[0].text()), s.imported));

  const language = h("select", { id: "settings-language", "aria-label": s.language },
    h("option", { value: "ru", selected: app.lang === "ru" }, "Русский"), h("option", { value: "en", selected: app.lang === "en" }, "English"));
  language.addEventListener("change", () => app.setLanguage(language.value));

  const users = app.crm.users();
  const teams = app.crm.teams();
  const userId = h("input", { type: "text", id: "user-id", placeholder: s.login, "aria-label": s.login, autocomplete: "off" });
  const userName = h("input", { type: "text", id: "user-name", placeholder: s.name, "aria-label": s.name });
  const role = h("select", { id: "user-role", "aria-label": s.role }, ROLES.map((r) => h("option", { value: r }, s.roles[r] ?? r)));
  const team = h("select", { id: "user-team", "aria-label": s.team }, h("option", { value: "" }, s.noTeam), teams.map((t) => h("option", { value: t.id }, t.name)));
  const teamId = h("input", { type: "text", id: "team-id", placeholder: s.teamId, "aria-label": s.teamId, autocomplete: "off" });
  const teamName = h("input", { type: "text", id: "team-name", placeholder: s.name, "aria-label": s.name });

  return h("section", { class: "card screen", id: "screen-settings" },
    error, done,
    h("h3", {}, s.storage), storage,
    h("h3", {}, s.backup),
    h("div", { class: "inline" }, h("button", { type: "button", id: "settings-export", onclick: exportBackup }, s.exportBackup),
      h("label", { class: "field" }, h("span", {}, s.importBackup), file)),
    h("h3", {}, s.language), language,
    h("h3", {}, s.users),
    h("ul", { class: "plain", id: "settings-users" }, users.map((u) =>
      h("li", {}, h("strong", {}, u.name), ` (${u.id}) · ${s.roles[u.role] ?? u.role}${u.team ? ` · ${u.team}` : ""}${u.absent ? ` · ${s.absent}` : ""}`))),
    h("form", { id: "user-form", onsubmit: (event) => {
      event.preventDefault();
      act(() => app.crm.saveUser(userId.value.trim(), { name: userName.value, role: role.value, ...(team.value ? { team: team.value } : {}) }).then(() => app.go("settings")), s.saved);
    } }, h("div", { class: "grid" }, userId, userName, role, team), h("button", { type: "submit" }, s.saveUser)),
    h("h3", {}, s.teams),
    h("ul", { class: "plain", id: "settings-teams" }, teams.map((t) => h("li", {}, `${t.name} (${t.id})`))),
    h("form", { id: "team-form", onsubmit: (event) => {
      event.preventDefault();
      act(() => app.crm.saveTeam(teamId.value.trim(), { name: teamName.value }).then(() => app.go("settings")), s.saved);
    } }, h("div", { class: "grid" }, teamId, teamName), h("button", { type: "submit" }, s.saveTeam)),
    h("h3", {}, s.rules),
    h("ul", { class: "plain", id: "settings-rules" }, app.crm.rules().map((r) =>
      h("li", { "data-rule": r.id }, r.name, h("span", { class: r.action === "block" ? "badge warn" : "badge rot" }, r.action === "block" ? s.block : s.warn),
        h("button", { type: "button", class: "ghost small", onclick: () => act(() => app.crm.removeRule(r.id).then(() => app.go("settings")), s.saved) }, s.remove)))),
    ruleForm(app, act));
}

/** A limit on how many touches of a channel a person, company or holding gets in a window. */
function ruleForm(app, act) {
  const s = app.strings.settings;
  const name = h("input", { type: "text", id: "rule-name", placeholder: s.ruleName, "aria-label": s.ruleName });
  const scope = h("select", { id: "rule-scope", "aria-label": s.scope }, ["person", "company", "group"].map((v) => h("option", { value: v }, s.scopes[v])));
  const channel = h("select", { id: "rule-channel", "aria-label": s.channel },
    ["call", "email", "meeting", "message", "marketing_send"].map((c) => h("option", { value: c }, app.strings.channels[c])));
  const max = h("input", { type: "number", id: "rule-max", min: 1, value: 3, "aria-label": s.max });
  const days = h("input", { type: "number", id: "rule-days", min: 1, value: 7, "aria-label": s.days });
  const action = h("select", { id: "rule-action", "aria-label": s.action }, h("option", { value: "block" }, s.block), h("option", { value: "warn" }, s.warn));
  return h("form", { id: "rule-form", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const id = `rule-${Date.now().toString(36)}`;
    act(() => app.crm.saveRule({
      id, name: name.value, scope: scope.value, channels: [channel.value], origins: [], action: action.value,
      limit: { count: { max: Number(max.value), window: { rolling: { hours: Number(days.value) * 24 } } } },
    }).then(() => app.go("settings")), s.saved);
  } }, h("div", { class: "grid" }, name, scope, channel,
    h("label", { class: "field" }, h("span", {}, s.max), max), h("label", { class: "field" }, h("span", {}, s.days), days), action),
  h("button", { type: "submit" }, s.addRule));
}
