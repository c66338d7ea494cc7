// Settings → Team: the team hub this device syncs through (address, database, login),
// where sync stands, and — for those who settle them — what two devices decided at once
// and the contact limits broken.
// The password goes to `connectHub` and nowhere else: the form is cleared and redrawn
// after a login, and only the address, database and user name are remembered.
import { h, fill } from "./dom.js";
import { firstSync, showProgress } from "./sync-status.js";
import { personName } from "./device-user.js";
import { formatNumber, ruleName } from "./i18n.js";

/** Where the last login's address, database and user name are kept, per base, with
 * whether this device was connected (`resume`): a reload goes on with the hub's session. */
export const remembered = (crm) => `ripen.hub.${crm.name}`;

/** The login remembered for `crm`'s base, or null. */
export function rememberedLogin(crm) {
  try {
    return JSON.parse(localStorage.getItem(remembered(crm)) ?? "null");
  } catch {
    return null;
  }
}

/** Goes on syncing after a reload as the last login did, with the hub's cookie session
 * (the password is not kept): resolves to false when the session has ended and the rep
 * must log in again, true otherwise (connected, or nothing to go on with). */
export async function resumeSync(crm) {
  const saved = rememberedLogin(crm);
  if (!saved?.resume || !saved.url || !saved.database || !saved.user) return true;
  try {
    await crm.connectHub({ url: saved.url, database: saved.database, user: saved.user });
    return true;
  } catch (error) {
    // A hub out of reach now is tried again at the next start; nothing is lost meanwhile.
    return error?.kind !== "unauthorized";
  }
}

export function teamPart(app, act) {
  const s = app.strings.team;
  const saved = rememberedLogin(app.crm) ?? {};
  const field = (id, label, input) => h("label", { class: "field", for: id }, h("span", {}, label), input);
  const url = h("input", { type: "url", id: "team-url", required: true, autocomplete: "url", placeholder: "https://hub.example.com/", value: saved.url ?? "" });
  const database = h("input", { type: "text", id: "team-database", required: true, autocomplete: "off", spellcheck: false, value: saved.database ?? "" });
  const user = h("input", { type: "text", id: "team-user", required: true, autocomplete: "username", spellcheck: false, value: saved.user ?? "" });
  const password = h("input", { type: "password", id: "team-password", required: true, autocomplete: "current-password", "aria-describedby": "team-password-note" });
  const connect = (event) => {
    event.preventDefault();
    const login = { url: url.value.trim(), database: database.value.trim(), user: user.value.trim() };
    act(async () => {
      try {
        await app.crm.connectHub({ ...login, password: password.value });
      } finally {
        password.value = "";
      }
      localStorage.setItem(remembered(app.crm), JSON.stringify({ ...login, resume: true }));
      app.loggedIn();
    }, s.connected);
  };
  const relogin = h("p", { class: "error", id: "team-relogin", role: "alert", hidden: true }, s.relogin);
  const form = h("form", { id: "team-form", "aria-labelledby": "team-hub-heading", onsubmit: connect },
    relogin,
    h("div", { class: "grid" }, field("team-url", s.url, url), field("team-database", s.database, database),
      field("team-user", s.user, user), field("team-password", s.password, password)),
    h("p", { class: "muted", id: "team-password-note" }, s.passwordNote),
    h("button", { type: "submit", id: "team-connect" }, s.connect));

  const facts = h("dl", { class: "facts", id: "team-status" });
  const meter = h("progress", { id: "team-progress", max: 1, value: 0, "aria-labelledby": "team-progress-label" });
  const progress = h("p", { class: "progress-line", hidden: true }, h("span", { id: "team-progress-label" }), meter);
  const actions = h("div", { class: "inline", id: "team-actions" },
    h("button", { type: "button", id: "team-sync-now", onclick: () => act(() => app.crm.syncNow(), s.synced, { redraw: false }) }, s.syncNow),
    h("button", { type: "button", class: "ghost", id: "team-disconnect", onclick: () => act(async () => {
      await app.crm.disconnectHub();
      localStorage.setItem(remembered(app.crm), JSON.stringify({ ...(rememberedLogin(app.crm) ?? {}), resume: false }));
    }, s.disconnected) }, s.disconnect));

  let drawn = "";
  const show = (status) => {
    const connected = status.state !== "off";
    // The form shows while there is no working login; hidden, not redrawn, so nothing
    // typed into it is lost when the state changes.
    form.hidden = connected && status.state !== "unauthorized";
    relogin.hidden = status.state !== "unauthorized";
    actions.hidden = !connected;
    const facts_ = [
      h("dt", {}, s.state), h("dd", { id: "team-state", "data-state": status.state }, s.states[status.state] ?? status.state,
        status.state === "error" && status.error ? ` — ${app.describe(status.error)}` : ""),
      connected ? [h("dt", {}, s.hub), h("dd", {}, `${saved.url ?? ""} · ${saved.database ?? ""} · ${saved.user ?? ""}`)] : null,
      connected ? [h("dt", {}, s.pending), h("dd", { id: "team-pending" }, formatNumber(app.lang, status.pending))] : null,
      connected ? [h("dt", {}, s.lastSynced), h("dd", {}, status.lastSyncedAt ? app.formatDate(new Date(status.lastSyncedAt)) : s.never)] : null,
    ];
    const key = JSON.stringify([status.state, status.pending, status.lastSyncedAt, status.error, app.lang]);
    if (key !== drawn) {
      drawn = key;
      fill(facts, facts_);
    }
    progress.hidden = !firstSync(status);
    if (!progress.hidden) showProgress(app.strings, status.progress, meter, progress.firstChild);
  };
  show(app.syncStatus() ?? app.crm.syncStatus());
  app.watchSync(show);

  return h("div", { class: "settings-part" },
    h("h3", { id: "team-hub-heading" }, s.hub), h("p", { class: "muted" }, s.explain),
    facts, progress, actions, form,
    app.crm.access().configures ? [conflictsList(app), breachesList(app)] : null);
}

const BREACH_DAYS = 30;

/** Touches a blocking rule refuses as things stand. Read when opened: it checks every
 * touch of the period against the rules, which a big base should not pay on each visit. */
function breachesList(app) {
  const s = app.strings.team;
  const list = h("div", { id: "team-breaches" });
  const when = new Intl.DateTimeFormat(app.lang, { dateStyle: "medium", timeStyle: "short" });
  const show = () => {
    const from = new Date(Date.now() - BREACH_DAYS * 86_400_000).toISOString();
    const breaches = app.crm.limitBreaches(from);
    fill(list, breaches.length === 0 ? h("p", { class: "muted", id: "team-no-breaches" }, s.noBreaches)
      : h("ul", { class: "rows" }, breaches.map((b) => h("li", { "data-touch": b.touch },
        h("button", { type: "button", class: "link", onclick: () => app.go("card", { id: b.clientId }) }, b.clientName),
        h("span", { class: "grow" }, s.breach(when.format(new Date(b.at)), b.violations.map((v) => ruleName(app.strings, v)).join("; ")))))));
  };
  const details = h("details", { id: "team-breaches-details", ontoggle: () => details.open && show() },
    h("summary", {}, s.breachesShow), h("p", { class: "muted" }, s.breachesExplain), list);
  return [h("h3", { id: "team-breaches-heading" }, s.breaches), details];
}

/** What the fold surfaced, each in a sentence naming the clients as they are called now. */
function conflictsList(app) {
  const s = app.strings.team;
  const name = (client) => client.name ?? s.unnamed;
  // Owners by the names the team knows them by; a login with no profile as it is.
  const person = (id) => (id == null ? null : personName(app, id));
  const conflicts = app.crm.conflicts();
  return [
    h("h3", { id: "team-conflicts-heading" }, s.conflicts),
    conflicts.length === 0 ? h("p", { class: "muted", id: "team-no-conflicts" }, s.noConflicts)
      : h("ul", { class: "rows", id: "team-conflicts", "aria-labelledby": "team-conflicts-heading" }, conflicts.map((c) => h("li", { "data-kind": c.kind },
        c.kind === "assignment"
          ? [h("button", { type: "button", class: "link", onclick: () => app.go("card", { id: c.client.id }) }, name(c.client)),
            h("span", { class: "grow" }, s.assignment(person(c.owner), person(c.overridden)))]
          : c.kind === "unauthorized"
            ? h("span", { class: "grow" }, s.unauthorized(person(c.author), c.clients.map(name).join(", "), s.refused[c.rule], c.events))
            : h("span", { class: "grow" }, s.mergeLeftOut(name(c.drop), name(c.keep), name(c.mergedInto)))))),
  ];
}
