// The PWA page: `<ripen-crm>` full-screen, offline support, and the page's state on the
// document for tests and tools (`data-state`: loading → ready | failed).
import "./ripen-crm.js";

const html = document.documentElement;
addEventListener("ripen-state", (event) => {
  html.dataset.state = event.detail;
  const app = document.querySelector("ripen-crm");
  if (app?.dataset.errorKind) html.dataset.errorKind = app.dataset.errorKind;
});

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register("./sw.js");
  } catch (error) {
    console.warn("Ripen: offline support is unavailable:", error);
  }
}
registerServiceWorker();

// For devtools and the browser tests: the open `Crm` of the page's app.
addEventListener("ripen-state", (event) => {
  if (event.detail === "ready") window.crm = document.querySelector("ripen-crm")?.crm;
});
