// Settings: leads from the team's website. The team's lead key (made by a head of sales,
// kept in the team's base so every device opens the leads), the `<ripen-lead-form>` to
// paste into the site with the key's public half, and what this device's pull of the
// inbox met — leads taken in, matched, already known, and every refusal (forged, damaged,
// no contact) with its reason, so spam and damage are seen, not silently dropped.
import { h } from "./dom.js";
import { formatDateTime } from "./i18n.js";

export function websitePart(app, act) {
  const s = app.strings.settings.website;
  const key = app.crm.leadKey();
  const configures = app.crm.access().configures;
  const snippet = key
    ? `<script type="module" src="https://YOUR-SITE/ripen/lead-form.js"></script>\n<ripen-lead-form inbox="https://YOUR-INBOX-FRONT/TEAM-inbox" team-key='${JSON.stringify(key)}'></ripen-lead-form>`
    : null;
  const copy = snippet ? h("button", { type: "button", class: "ghost small", id: "website-copy", onclick: async (event) => {
    await navigator.clipboard?.writeText(snippet).catch(() => {});
    event.target.textContent = s.copied;
  } }, s.copy) : null;
  const status = app.crm.inboxStatus();
  return h("div", { class: "settings-part", id: "settings-website" },
    h("h3", {}, s.heading), h("p", { class: "muted" }, s.explain),
    key
      ? [h("p", {}, s.keyReady), h("pre", { class: "snippet", id: "website-snippet", tabIndex: 0 }, snippet), copy]
      : h("p", { id: "website-no-key" }, configures ? s.noKeyYet : s.noKeyAsk),
    configures ? h("button", { type: "button", id: "website-new-key", class: key ? "ghost" : "",
      onclick: () => act(() => app.crm.createLeadKey(), () => s.keyMade) }, key ? s.newKey : s.makeKey) : null,
    key ? h("p", { class: "meta" }, s.rotation) : null,
    h("h4", {}, s.inbox),
    h("dl", { class: "facts", id: "website-inbox" },
      h("dt", {}, s.state), h("dd", { id: "website-state" }, s.states[status.state] ?? status.state),
      h("dt", {}, s.received), h("dd", {}, s.counts(status.added, status.matched, status.known, status.refused))),
    status.refusals.length ? h("ul", { class: "plain", id: "website-refusals" }, status.refusals.map((r) =>
      h("li", {}, h("span", { class: "badge warn" }, s.codes[r.code] ?? r.code), ` ${formatDateTime(app.lang, r.at)} — `, h("span", { class: "meta" }, r.reason)))) : null);
}
