// Settings, one part at a time: this device (storage facts, backup and restore, language),
// the team hub (sync, and what two devices decided at once),
// import and export, users and teams, the contact rules, routing of new clients, and pipelines with their
// stages. Each change is the engine's to accept or refuse; the part is drawn again after.
import { h, fill, download } from "./dom.js";
import { peoplePart } from "./settings-people.js";
import { rulesPart } from "./settings-rules.js";
import { routingPart } from "./settings-routing.js";
import { pipelinesPart } from "./settings-pipelines.js";
import { importPart } from "./settings-import.js";
import { teamPart } from "./settings-team.js";
import { websitePart } from "./settings-website.js";
import { templatesPart } from "./settings-templates.js";
import { roleHelp } from "./device-user.js";

const PARTS = { device: devicePart, team: teamPart, website: websitePart, import: importPart, people: peoplePart, rules: rulesPart, routing: routingPart, pipelines: pipelinesPart, templates: templatesPart };

export function settingsScreen(app) {
  const s = app.strings.settings;
  const part = app.params.part in PARTS ? app.params.part : "device";
  const error = h("p", { class: "error flash", id: "settings-error", role: "alert", hidden: true });
  const done = h("p", { class: "ok flash", id: "settings-done", role: "status", hidden: !app.params.done }, app.params.done ?? "");
  // The confirmation stays in sight a moment, then leaves the content uncovered.
  if (app.params.done) setTimeout(() => { done.hidden = true; }, 4000);
  /** Runs a change; on success draws the part again (with `keep` as its params) and says
   * `message` (or what `message` makes of the change's result); on failure says why. */
  const act = async (change, message = s.saved, { redraw = true, keep = {} } = {}) => {
    error.hidden = true;
    done.hidden = true;
    try {
      const result = await change();
      app.changed();
      // A change to the team may have left the device's user out: then ask who uses it.
      if (app.checkDeviceUser()) return;
      const said = typeof message === "function" ? message(result) : message;
      if (redraw) return app.go("settings", { part, ...keep, done: said });
      done.hidden = false;
      done.textContent = said;
    } catch (failure) {
      error.hidden = false;
      error.dataset.kind = failure?.kind ?? "";
      fill(error, ...app.explain(failure));
    }
  };
  const nav = h("nav", { class: "chips", id: "settings-parts", "aria-label": app.strings.screens.settings },
    Object.keys(PARTS).map((key) => h("button", { type: "button", class: key === part ? "chip current" : "chip", "data-part": key,
      "aria-current": key === part ? "page" : undefined, onclick: () => app.go("settings", { part: key }) }, s.parts[key])));
  return h("section", { class: "card screen", id: "screen-settings", "data-part": part, "aria-labelledby": "settings-heading" },
    h("h2", { id: "settings-heading" }, app.strings.screens.settings), nav, error, done, PARTS[part](app, act));
}

/** Who uses this device, and a switch to another registered user (what each may do said
 * beside them); before the first admin, what adding one changes. */
function deviceUser(app, act) {
  const s = app.strings.device;
  const users = app.crm.users();
  const me = users.find((u) => u.id === app.crm.user);
  if (!users.some((u) => u.role === "admin")) {
    return [h("h3", {}, s.usedBy), h("p", { class: "muted", id: "device-user-open" }, s.open)];
  }
  const others = users.filter((u) => u.id !== app.crm.user).sort((a, b) => a.name.localeCompare(b.name));
  const pick = h("select", { id: "device-user-switch" },
    others.map((u) => h("option", { value: u.id }, `${u.name || u.id} — ${app.strings.settings.roles[u.role] ?? u.role}`)));
  const switchUser = () => act(() => app.switchUser(pick.value), () => s.switched(others.find((u) => u.id === pick.value)?.name ?? pick.value));
  return [
    h("h3", {}, s.usedBy),
    h("p", { id: "device-user" }, h("strong", {}, me?.name || app.crm.user),
      me ? h("span", { class: "meta" }, ` · ${app.strings.settings.roles[me.role] ?? me.role} · ${roleHelp(app.strings, me)}`) : null),
    others.length ? h("div", { class: "inline bottom" }, h("label", { class: "field" }, h("span", {}, s.switchTo), pick), h("button", { type: "button", id: "device-user-go", onclick: switchUser }, s.switchTo)) : null,
  ];
}

function devicePart(app, act) {
  const s = app.strings.settings;
  const storage = h("dl", { class: "facts", id: "settings-storage" });
  const mib = (bytes) => (bytes === null || bytes === undefined ? "—" : s.mib(bytes));
  app.crm.storageInfo().then((info) => fill(storage,
    h("dt", {}, s.used), h("dd", {}, `${mib(info.usage)} / ${mib(info.quota)}`),
    h("dt", {}, s.persisted), h("dd", {}, info.persisted ? s.yes : s.no),
    h("dt", {}, s.held), h("dd", { id: "settings-held" }, s.counts(info.clients, info.events)),
    h("dt", {}, s.checkpoint), h("dd", { id: "settings-checkpoint" }, info.checkpoint.problem ? s.rebuilt(info.checkpoint.problem)
      : `${s.since(info.checkpoint.eventsSince)}${info.checkpoint.writing ? ` (${s.writing})` : ""}`),
    info.skipped.length ? [h("dt", {}, s.skipped), h("dd", { class: "error", id: "settings-skipped" },
      info.skipped.map((r) => h("span", { title: r.reason }, `#${r.position}: ${s.skipReasons[r.problem] ?? r.problem}`)).flatMap((item, i) => i ? ["; ", item] : [item]))] : null,
    info.gaps.length ? [h("dt", {}, s.gaps), h("dd", { class: "error", id: "settings-gaps" },
      info.gaps.map((g) => s.gap(g.replica, g.first, g.last)).join("; "))] : null));

  const exportBackup = () => act(async () => {
    download(await app.crm.exportBackup(), `ripen-backup-${new Date().toISOString().slice(0, 10)}.json`);
  }, s.exported, { redraw: false });
  const file = h("input", { type: "file", id: "settings-import", accept: "application/json,.json" });
  // The engine restores only into an empty base; its bare "conflict" would read as if a
  // later change were in the way, so the page says what happened and that nothing changed.
  const restore = async () => {
    try {
      return await app.crm.importBackup(file.files[0]);
    } catch (failure) {
      if (failure?.kind !== "conflict") throw failure;
      const info = await app.crm.storageInfo();
      throw { kind: "not_empty", message: s.notEmpty(info.clients, info.events) };
    }
  };
  file.addEventListener("change", () => file.files[0] && act(restore, s.imported));

  // Named by the heading above it, which is all the label it needs on screen.
  const language = h("select", { id: "settings-language", "aria-labelledby": "settings-language-heading" },
    h("option", { value: "ru", selected: app.lang === "ru" }, "Русский"), h("option", { value: "en", selected: app.lang === "en" }, "English"));
  language.addEventListener("change", () => app.setLanguage(language.value));

  return h("div", { class: "settings-part" },
    deviceUser(app, act),
    h("h3", {}, s.storage), storage,
    h("h3", {}, s.backup),
    h("div", { class: "inline" }, h("button", { type: "button", id: "settings-export", onclick: exportBackup }, s.exportBackup),
      h("label", { class: "field" }, h("span", {}, s.importBackup), file)),
    h("h3", { id: "settings-language-heading" }, s.language), language);
}
