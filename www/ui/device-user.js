// Who is using this device. Until the CRM has an admin everyone is let in; from then on
// only registered users are, so a device whose user is not one (an admin was just added,
// or their profile removed) asks who is using it — from every registered user, admins
// among them, so there is always someone who can see and fix things — and never leaves
// the rep in front of an empty list that says "no rights".
import { h } from "./dom.js";

/** Where the page keeps this device's user between visits. */
const KEY = "ripen.user";

export const rememberedUser = () => localStorage.getItem(KEY);
export const rememberUser = (id) => localStorage.setItem(KEY, id);

/** Whether the current user is let in (a non-member sees nothing). */
export const isMember = (crm) => {
  try {
    return crm.access().sees !== "nothing";
  } catch {
    return false;
  }
};

/** What a user's role lets them do, in a sentence. */
export function roleHelp(strings, user) {
  const s = strings.device;
  const sees = user.sees ?? (["admin", "head_of_sales"].includes(user.role) ? "all"
    : ["support", "back_office"].includes(user.role) ? "team" : "own");
  const configures = ["admin", "head_of_sales"].includes(user.role);
  return `${s.sees[sees]}${configures ? ` ${user.role === "admin" ? s.administers : s.configures}` : ""}`;
}

/**
 * The picker: a card asking who is using the device, a button per registered user with
 * their role and what it lets them do. `pick(id)` is called with the one chosen.
 */
export function userPicker(strings, users, pick, { current } = {}) {
  const s = strings.device;
  const roles = strings.settings.roles;
  const ordered = [...users].sort((a, b) => a.name.localeCompare(b.name));
  return h("section", { class: "card", id: "device-user-picker", "aria-labelledby": "device-user-title" },
    h("h2", { id: "device-user-title" }, s.who),
    h("p", { class: "muted" }, current ? s.notLetIn(current) : s.explain),
    h("ul", { class: "rows", id: "device-users" }, ordered.map((user) => h("li", {},
      h("button", { type: "button", class: "link", "data-user": user.id, onclick: () => pick(user.id) }, user.name || user.id),
      h("span", { class: "meta" }, `${roles[user.role] ?? user.role} · ${roleHelp(strings, user)}`)))));
}

/** Users' display names by login, read once per screen drawn (`app` is that screen's
 * context): a history of a hundred rows asks the engine for the users once, not a
 * hundred times. A login with no profile (or no name) stands for itself. */
const names = new WeakMap();
export function personName(app, login) {
  if (!names.has(app)) names.set(app, new Map(app.crm.users().map((u) => [u.id, u.name || u.id])));
  return names.get(app).get(login) ?? login;
}
