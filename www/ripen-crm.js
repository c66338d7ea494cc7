// `<ripen-crm>`: the whole Ripen app as one custom element, in a shadow root so its styles
// and the host page's never mix. The PWA page is this element full-screen; a website
// embeds it with one script tag. Thin: every rule lives in the engine.
//
//   <script type="module" src="https://…/ripen-crm.js"></script>
//   <ripen-crm database="acme-sales" user="anna" lang="ru" screens="capture clients"></ripen-crm>
//
// or `mount(element, { database, user, lang, screens })`.
import init, { Crm } from "./pkg/ripen_wasm.js";
import { h, fill, download } from "./ui/dom.js";
import { STRINGS, initialLanguage, describe, formatDateTime } from "./ui/i18n.js";
import { captureScreen } from "./ui/capture.js";
import { clientsScreen } from "./ui/clients.js";
import { cardScreen } from "./ui/card.js";
import { agendaScreen } from "./ui/agenda.js";
import { funnelScreen } from "./ui/funnel.js";
import { settingsScreen } from "./ui/settings.js";
import { standScreen } from "./ui/stand.js";
import { syncIndicator } from "./ui/sync-status.js";
import { resumeSync } from "./ui/settings-team.js";
import { isMember, rememberUser, rememberedUser, userPicker } from "./ui/device-user.js";

const SCREENS = {
  capture: captureScreen, stand: standScreen, clients: clientsScreen, card: cardScreen, agenda: agendaScreen, funnel: funnelScreen, settings: settingsScreen,
};
/** The screens a tab leads to (the card opens from a list). */
const TABS = ["capture", "stand", "clients", "agenda", "funnel", "settings"];

let wasmReady;

/** Failures to open after which the base's readable records can still be rescued. */
const RESCUABLE = new Set(["schema_too_new", "corrupt", "storage"]);

export class RipenCrm extends HTMLElement {
  static observedAttributes = ["lang"];

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    // A focused text area is scrolled to its caret, not to its box: on a phone its lower
    // half may stay under the tab bar. Brought into view whole, clear of the bar
    // (its scroll margins), as every other control is.
    this.shadowRoot.addEventListener("focusin", (event) => {
      if (event.target instanceof HTMLTextAreaElement) event.target.scrollIntoView({ block: "nearest" });
    });
    this.lang = initialLanguage(this.getAttribute("lang"));
    this.screen = null;
    this.params = {};
  }

  get strings() {
    return STRINGS[this.lang];
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    if (!this.built) this.build();
    this.start().catch((error) => this.fail(error));
  }

  /** The shell: header, tabs, the screen's place, the footer. */
  build() {
    this.built = true;
    // A stylesheet in a shadow root does not hold back the first paint as one in the
    // page's head does: the shell stays unseen until it is styled, or it would be drawn
    // bare and then jump into place.
    let shown;
    this.styled = new Promise((resolve) => { shown = () => resolve(this.root.hidden = false); });
    const css = h("link", { rel: "stylesheet", href: new URL("./widget.css", import.meta.url).href, onload: shown, onerror: shown });
    this.network = h("span", { class: "badge", id: "network" });
    this.sync = syncIndicator(() => this.strings, () => this.go("settings", { part: "team" }));
    // Screens that show sync too (Settings → Team) follow it while they are drawn.
    this.syncWatchers = new Set();
    this.languageButton = h("button", { type: "button", class: "ghost", id: "language", onclick: () => this.switchLanguage() });
    this.heading = h("h1", {});
    this.nav = h("nav", { class: "tabs", "aria-label": "Ripen" });
    // Focusable from script only: where the skip link leads.
    this.main = h("main", { id: "main", tabIndex: -1 });
    // The keyboard's first stop, past the header and the tabs to the screen. Not left to
    // the browser: "#main" is not looked for inside a shadow root, and the address is
    // the host page's.
    this.skip = h("a", { class: "skip", id: "skip", href: "#main", onclick: (event) => {
      event.preventDefault();
      this.main.focus();
    } });
    // Whether the rep changed anything on the screen since it was drawn: then another
    // tab's change waits for them instead of redrawing under their fingers.
    this.main.addEventListener("input", () => { this.edited = true; });
    this.staleText = h("span", {});
    this.staleButton = h("button", { type: "button", class: "small", id: "stale-show", onclick: () => this.render() });
    this.stale = h("p", { class: "stale", id: "stale", role: "status", hidden: true }, this.staleText, this.staleButton);
    // Shown once the first screen is drawn: a footer drawn before it would be pushed down
    // by it, a layout shift on every first load.
    this.footer = h("footer", { class: "muted", hidden: true }, h("span", { id: "storage-note" }), h("span", { id: "fatal", class: "error", role: "alert", hidden: true }));
    this.root = h("div", { class: "app", hidden: !css.sheet },
      h("header", { class: "bar" }, this.skip, h("img", { src: new URL("./icons/icon.svg", import.meta.url).href, alt: "", class: "logo", width: 32, height: 32 }),
        this.heading, this.sync.badge, this.network, this.languageButton),
      this.sync.bar, this.nav, this.stale, this.main, this.footer);
    this.shadowRoot.append(css, this.root);
    addEventListener("online", () => this.showNetwork());
    addEventListener("offline", () => this.showNetwork());
    this.applyLanguage();
  }

  attributeChangedCallback(name, old, value) {
    if (name === "lang" && value in STRINGS && value !== this.lang) {
      this.lang = value;
      if (this.started) this.render();
    }
  }

  async start() {
    this.setState("loading");
    // Opening reads the checkpoint and the log after it; a first open after an upgrade
    // reads the whole log, which can take seconds on a big base: say so. Said at once, in
    // the place the first screen takes: the first visit waits for the engine's download,
    // and a page that shows nothing meanwhile looks broken (the footer waits for the
    // screen, so nothing it draws shifts).
    fill(this.main, h("p", { class: "muted", id: "opening", role: "status" }, this.strings.opening));
    const asked = (this.getAttribute("screens") ?? TABS.join(" ")).split(/\s+/).filter((s) => TABS.includes(s));
    this.tabs = asked.length ? asked : TABS;
    this.screen = this.tabs[0];
    // The tabs take their place now (they work once the base is open): drawn later, they
    // would push the screen down.
    this.drawTabs();
    // The shell is painted before the engine's download and compile begin: on a slow
    // network or device the rep sees the app at once, not after them.
    await this.styled;
    await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
    wasmReady ??= init({ module_or_path: new URL("./pkg/ripen_wasm_bg.wasm", import.meta.url) });
    try {
      await wasmReady;
    } catch (error) {
      // Tried again on the next start; a browser that can run Ripen was only not given it.
      wasmReady = null;
      const able = typeof WebAssembly === "object" && typeof indexedDB === "object";
      throw Object.assign(new Error(`Ripen's engine did not load: ${error?.message ?? error}`), { kind: able ? "engine_download" : "unsupported" });
    }
    const database = this.getAttribute("database") ?? "ripen";
    let user = rememberedUser() ?? this.getAttribute("user") ?? "demo";
    for (;;) {
      try {
        this.crm = await Crm.open(database, { user });
        break;
      } catch (error) {
        // Not a registered user of a CRM that has an admin: ask who is using the device.
        const users = error?.kind === "forbidden" ? await Crm.deviceUsers(database) : [];
        if (users.length === 0) throw error;
        user = await new Promise((pick) => fill(this.main, userPicker(this.strings, users, pick, { current: user })));
        rememberUser(user);
      }
    }
    this.crm.subscribe((change) => {
      if (change.source === "other") this.otherTabChanged();
      // Another tab upgraded the database (a newer build) or deleted it: this page must reload.
      if (change.source === "reload") this.fail({ kind: "reload" });
    });
    this.go(this.tabs[0]);
    this.setState("ready");
    this.syncTimer = setInterval(() => this.showSync(), 1000);
    // Connected before the reload: go on with the hub's session; if it has ended, the
    // badge asks the rep to log in again (nothing local is lost meanwhile).
    resumeSync(this.crm).then((resumed) => {
      this.hubLoginNeeded = !resumed;
      this.showSync();
    });
  }

  /** Asks who is using the device when its user is not let in any more (an admin was
   * just added, or their profile removed): never an empty screen saying "no rights". */
  checkDeviceUser() {
    if (!this.crm || isMember(this.crm)) return false;
    const users = this.crm.users();
    if (users.length === 0) return false;
    fill(this.main, userPicker(this.strings, users, async (id) => {
      await this.crm.switchUser(id);
      rememberUser(id);
      this.go(this.tabs[0]);
    }, { current: this.crm.user }));
    return true;
  }

  /** `crm.syncStatus()`, saying "unauthorized" while a session that ended keeps this
   * device from going on syncing after a reload; null once closed. */
  syncStatus() {
    let status;
    try {
      status = this.crm?.syncStatus();
    } catch {
      return null; // closed: the element is going away
    }
    if (status?.state === "off" && this.hubLoginNeeded) return { ...status, state: "unauthorized" };
    return status ?? null;
  }

  /** Where team sync stands, in the header and on any screen watching it. */
  showSync() {
    const status = this.syncStatus();
    if (!status) return;
    this.sync.show(status, this.strings);
    for (const watch of this.syncWatchers) watch(status);
  }

  setState(state) {
    this.dataset.state = state;
    if (state !== "loading") this.footer.hidden = false;
    this.dispatchEvent(new CustomEvent("ripen-state", { detail: state, bubbles: true, composed: true }));
  }

  fail(error) {
    console.error("Ripen failed:", error);
    const fatal = this.shadowRoot.getElementById("fatal");
    fatal.hidden = false;
    fatal.textContent = error?.kind ? describe(this.strings, error) : this.strings.errors.unsupported;
    this.dataset.errorKind = error?.kind ?? "unsupported";
    // The base did not open: offer what can still be read of it, as a backup file.
    // A base that did not open says so where the rep looks, not only in the footer; and
    // what can still be read of it is offered as a backup file.
    if (!this.crm) {
      fill(this.main, h("section", { class: "card", id: "failure" }, h("p", { class: "error", role: "alert" }, fatal.textContent)),
        RESCUABLE.has(error?.kind) ? this.rescueOffer() : null);
      fatal.hidden = true;
    }
    this.setState("failed");
  }

  rescueOffer() {
    const s = this.strings.rescue;
    const status = h("p", { class: "muted", id: "rescue-status", role: "status" });
    const button = h("button", { type: "button", id: "rescue", onclick: async () => {
      button.disabled = true;
      const database = this.getAttribute("database") ?? "ripen";
      try {
        const rescued = await Crm.rescue(database);
        download(rescued.backup, `ripen-rescue-${database}-${new Date().toISOString().slice(0, 10)}.json`, "application/json");
        status.textContent = s.done(rescued.events, rescued.skipped.length);
      } catch (error) {
        status.textContent = describe(this.strings, error);
      } finally {
        button.disabled = false;
      }
    } }, s.button);
    return h("section", { class: "card", id: "rescue-offer" }, h("h2", {}, s.title), h("p", {}, s.explain), button, status);
  }

  switchLanguage() {
    this.lang = this.lang === "ru" ? "en" : "ru";
    localStorage.setItem("ripen.lang", this.lang);
    this.applyLanguage();
    this.render();
  }

  applyLanguage() {
    const s = this.strings;
    // The host page may be in another language: a screen reader reads ours in ours.
    this.root.lang = this.lang;
    this.heading.textContent = s.title;
    this.skip.textContent = s.skip;
    this.languageButton.textContent = s.switchTo;
    this.shadowRoot.getElementById("storage-note").textContent = s.storedLocally;
    this.staleText.textContent = s.staleNote;
    this.staleButton.textContent = s.staleShow;
    this.showNetwork();
    this.showSync();
  }

  showNetwork() {
    this.network.textContent = navigator.onLine ? this.strings.online : this.strings.offline;
    this.network.classList.toggle("offline", !navigator.onLine);
  }

  /** The context every screen gets. */
  get app() {
    return {
      crm: this.crm,
      strings: this.strings,
      lang: this.lang,
      setLanguage: (lang) => {
        this.lang = lang;
        localStorage.setItem("ripen.lang", lang);
        this.render();
      },
      params: this.params,
      watchSync: (watch) => this.syncWatchers.add(watch),
      syncStatus: () => this.syncStatus(),
      // The device is used by `id` from now on (remembered across visits).
      switchUser: async (id) => {
        await this.crm.switchUser(id);
        rememberUser(id);
      },
      // After a change to the team: if it left the device's user out, ask who is using it.
      checkDeviceUser: () => this.checkDeviceUser(),
      // A login from Settings → Team: a session that had ended no longer stands in the way.
      loggedIn: () => {
        this.hubLoginNeeded = false;
      },
      go: (screen, params) => this.go(screen, params),
      changed: () => this.dispatchEvent(new CustomEvent("ripen-change", { bubbles: true, composed: true })),
      describe: (error) => describe(this.strings, error),
      // The reader's words for an error and, for refused input, the engine's own detail
      // (which field, and why).
      explain: (error) => [describe(this.strings, error),
        error?.kind === "validation" && error?.message ? h("span", { class: "meta detail" }, ` — ${error.message}`) : null],
      // A moment in the page's language, whatever the browser's locale.
      formatDate: (date) => formatDateTime(this.lang, date),
    };
  }

  go(screen, params = {}) {
    this.screen = screen;
    this.params = params;
    this.render();
  }

  /** Another tab changed the data: show it at once, unless the rep is in the middle of
   * something here (typed or chose anything, an import previewed); then offer it. */
  otherTabChanged() {
    if (!this.edited) return this.render();
    this.stale.hidden = false;
  }

  render() {
    if (!this.crm) return;
    this.edited = false;
    this.stale.hidden = true;
    this.syncWatchers.clear();
    this.applyLanguage();
    this.drawTabs();
    fill(this.main, SCREENS[this.screen](this.app));
  }

  drawTabs() {
    fill(this.nav, this.tabs.map((tab) => h("button", {
      type: "button", class: tab === this.screen ? "tab current" : "tab", "data-screen": tab,
      "aria-current": tab === this.screen ? "page" : undefined, onclick: () => this.crm && this.go(tab),
    }, this.strings.screens[tab])));
  }

  disconnectedCallback() {
    // Moved within the page, it is connected again at once: close only if it stays out.
    queueMicrotask(() => {
      if (!this.isConnected) {
        clearInterval(this.syncTimer);
        this.crm?.close();
        this.crm = null;
        this.started = false;
      }
    });
  }
}

if (!customElements.get("ripen-crm")) customElements.define("ripen-crm", RipenCrm);

/** Puts a Ripen app into `element`: `{ database, user, lang, screens }` as attributes. */
export function mount(element, options = {}) {
  const Element = customElements.get("ripen-crm");
  const app = new Element();
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && value !== null) app.setAttribute(key, Array.isArray(value) ? value.join(" ") : String(value));
  }
  element.append(app);
  return app;
}
