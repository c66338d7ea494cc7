// Settings: the users (login, name, role, team, away or not) and the teams.
import { h } from "./dom.js";

const ROLES = ["manager", "telemarketer", "key_account_manager", "project_manager", "support", "back_office", "head_of_sales", "admin"];

/** A control with its name shown above it (placeholders are examples, never the label). */
const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);

export function peoplePart(app, act) {
  const s = app.strings.settings;
  const users = app.crm.users();
  const teams = app.crm.teams();
  const userId = h("input", { type: "text", id: "user-id", autocomplete: "off" });
  const userName = h("input", { type: "text", id: "user-name" });
  const role = h("select", { id: "user-role" }, ROLES.map((r) => h("option", { value: r }, s.roles[r] ?? r)));
  const team = h("select", { id: "user-team" }, h("option", { value: "" }, s.noTeam), teams.map((t) => h("option", { value: t.id }, t.name)));
  const teamId = h("input", { type: "text", id: "team-id", autocomplete: "off" });
  const teamName = h("input", { type: "text", id: "team-name" });
  const absent = h("input", { type: "checkbox", id: "user-absent" });
  // While the device's user is not registered, saving a user can make them the device's:
  // otherwise the first admin would leave the device to nobody it lets in.
  const unregistered = !users.some((u) => u.id === app.crm.user);
  const thisIsMe = h("input", { type: "checkbox", id: "user-is-me" });
  // Tapping a user fills the form, so a role, team or absence is changed by saving again
  // (what the form does not show — cap, skills, scope — is kept).
  const edit = (u) => {
    userId.value = u.id;
    userName.value = u.name;
    role.value = u.role;
    team.value = u.team ?? "";
    absent.checked = Boolean(u.absent);
    userName.focus();
  };
  return h("div", { class: "settings-part" },
    h("h3", {}, s.users),
    h("ul", { class: "rows", id: "settings-users" }, users.map((u) =>
      h("li", {}, h("button", { type: "button", class: "link", onclick: () => edit(u) }, u.name),
        h("span", { class: "meta" }, `${u.id} · ${s.roles[u.role] ?? u.role}${u.team ? ` · ${u.team}` : ""}${u.absent ? ` · ${s.absent}` : ""}`)))),
    h("form", { id: "user-form", onsubmit: (event) => {
      event.preventDefault();
      const { cap, skills, sees } = users.find((u) => u.id === userId.value.trim()) ?? {};
      const id = userId.value.trim();
      act(async () => {
        await app.crm.saveUser(id, {
          name: userName.value, role: role.value, ...(team.value ? { team: team.value } : {}),
          ...(absent.checked ? { absent: true } : {}), ...(cap ? { cap } : {}), ...(skills?.length ? { skills } : {}), ...(sees ? { sees } : {}),
        });
        if (unregistered && thisIsMe.checked) await app.switchUser(id);
      });
    } }, h("div", { class: "grid" }, field(s.login, userId), field(s.name, userName), field(s.role, role), field(s.team, team), h("label", { class: "check" }, absent, s.absent),
      unregistered ? h("label", { class: "check" }, thisIsMe, app.strings.device.thisIsMe) : null),
    h("button", { type: "submit" }, s.saveUser)),
    h("h3", {}, s.teams),
    h("ul", { class: "plain", id: "settings-teams" }, teams.map((t) => h("li", {}, `${t.name} (${t.id})`))),
    h("form", { id: "team-form", onsubmit: (event) => {
      event.preventDefault();
      act(() => app.crm.saveTeam(teamId.value.trim(), { name: teamName.value }));
    } }, h("div", { class: "grid" }, field(s.teamId, teamId), field(s.name, teamName)), h("button", { type: "submit" }, s.saveTeam)));
}
