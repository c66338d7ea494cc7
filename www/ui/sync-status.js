// Team sync in the header: one badge saying where sync stands (synced, N waiting,
// offline, log in again, failed) and, during the first sync, a progress bar with counts.
// Both follow `crm.syncStatus()`, which the element polls: a state such as "offline" or
// "unauthorized" comes from the network, not from a change `subscribe` would announce.
import { h } from "./dom.js";
import { describe } from "./i18n.js";

/** The badge's words and look for a status; null while sync is off (nothing to say).
 * `online`: the browser's word. Without a network the engine says "offline" only once
 * its retries give up (up to ~15 s); the rep should not read "synced" meanwhile. */
export function badgeFor(strings, status, online = true) {
  const s = strings.sync;
  const state = !online && (status.state === "syncing" || status.state === "idle") ? "offline" : status.state;
  switch (state) {
    case "off": return null;
    case "syncing": return { text: status.pending ? s.waiting(status.pending) : s.syncing, look: "" };
    case "idle": return status.pending ? { text: s.waiting(status.pending), look: "" } : { text: s.synced, look: "ok" };
    case "offline": return { text: s.offline(status.pending), look: "offline" };
    case "unauthorized": return { text: s.logInAgain, look: "alert" };
    default: return { text: status.error ? `${s.error}: ${describe(strings, status.error)}` : s.error, look: "alert" };
  }
}

/** Whether the first sync is under way: a bar shows how far, with counts. */
export const firstSync = (status) => Boolean(status.progress && !status.lastSyncedAt && status.progress.total > 0);

/**
 * Shows a sync's progress on `meter` and says it in `label`. A hub that does not say how
 * many changes are left (PouchDB Server leaves `pending` out) gives a total equal to what
 * is done: then the bar is indeterminate and the words count what came so far.
 */
export function showProgress(strings, { done, total }, meter, label) {
  if (total > done) {
    meter.max = total;
    meter.value = done;
    label.textContent = strings.sync.first(done, total);
  } else {
    meter.removeAttribute("value");
    label.textContent = strings.sync.firstSoFar(done);
  }
}

/**
 * The header's pieces: `badge` (a button to Settings → Team), `bar` (the first sync's
 * progress, under the header) and `show(status)`, which changes the text only when it
 * changes, so the polite live region speaks once per change, not once per poll.
 */
export function syncIndicator(strings, open) {
  const badge = h("button", { type: "button", class: "badge sync", id: "sync-badge", hidden: true, onclick: open });
  const live = h("span", { role: "status", "aria-live": "polite", class: "sync-live" }, badge);
  const meter = h("progress", { id: "sync-progress", max: 1, value: 0 });
  const label = h("span", { id: "sync-progress-label" });
  const bar = h("div", { class: "sync-bar", id: "sync-bar", hidden: true }, h("label", {}, label, meter));
  let said = "";
  const show = (status, words = strings()) => {
    const look = badgeFor(words, status, navigator.onLine);
    badge.hidden = !look;
    if (look) badge.dataset.state = look.look === "offline" ? "offline" : status.state;
    if (look && `${look.look}|${look.text}` !== said) {
      said = `${look.look}|${look.text}`;
      badge.textContent = look.text;
      badge.className = `badge sync ${look.look}`.trim();
      badge.title = words.sync.open;
    }
    bar.hidden = !firstSync(status);
    if (!bar.hidden) showProgress(words, status.progress, meter, label);
  };
  return { badge: live, bar, show };
}
