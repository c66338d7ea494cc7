// The PWA page: `<ripen-crm>` full-screen, offline support, and the page's state on the
// document for tests and tools (`data-state`: loading → ready | failed).
import "./ripen-crm.js";
import { STRINGS } from "./ui/i18n.js";

const html = document.documentElement;
addEventListener("ripen-state", (event) => {
  html.dataset.state = event.detail;
  const app = document.querySelector("ripen-crm");
  if (app?.dataset.errorKind) html.dataset.errorKind = app.dataset.errorKind;
});

/** Offers the new build a waiting service worker holds: "update" lets it take over and
 * reloads the page, so the new build's page opens the database (and upgrades it). */
function offerUpdate(worker) {
  const bar = document.getElementById("update");
  // In the app's language, not the host page's.
  const asked = document.querySelector("ripen-crm")?.lang;
  const lang = asked in STRINGS ? asked : "en";
  const s = STRINGS[lang];
  bar.lang = lang;
  bar.querySelector("span").textContent = s.updateReady;
  const button = bar.querySelector("button");
  button.textContent = s.update;
  button.onclick = () => {
    updating = true;
    worker.postMessage({ type: "skip-waiting" });
  };
  bar.hidden = false;
}

/** Set once the person accepted an update: the new worker's taking over reloads the page. */
let updating = false;

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    const registration = await navigator.serviceWorker.register("./sw.js");
    navigator.serviceWorker.addEventListener("controllerchange", () => {
      if (updating) location.reload();
    });
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker?.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offerUpdate(worker);
      });
    });
    // What the install left for later (the file readers), so they are there offline.
    const ready = await navigator.serviceWorker.ready;
    ready.active?.postMessage({ type: "cache-later" });
  } catch (error) {
    console.warn("Ripen: offline support is unavailable:", error);
  }
}
// Once the app is drawn (or has failed to open): the worker's install fetches every file
// of the build, which on a first visit must not compete with the page's own download.
let registered = false;
addEventListener("ripen-state", (event) => {
  if (event.detail === "loading" || registered) return;
  registered = true;
  registerServiceWorker();
});

// For devtools and the browser tests: the open `Crm` of the page's app.
addEventListener("ripen-state", (event) => {
  if (event.detail === "ready") window.crm = document.querySelector("ripen-crm")?.crm;
});
