// Clients: search as you type over every name, alias, phone, e-mail and tag in any script,
// filters, and the badges a rep acts on (at the contact limit, a card rotting).
import { h, fill, debounce, download } from "./dom.js";
import { pipelineName, stageName } from "./i18n.js";
import { hasSample, removeSample, sampleOffer } from "./sample-data.js";
import { campaignPanel } from "./campaign.js";

const SHOWN = 200;
/** Clients drawn at a time without a search: a redraw reads one page, never the base. */
const PAGE = 50;

export function clientsScreen(app) {
  const s = app.strings.clients;
  const facets = app.crm.clientFacets();
  const values = (list) => [...list].sort((a, b) => a.localeCompare(b));
  // Each control named above it; the search's placeholder says what it looks through.
  const field = (label, input, extra = "") => h("label", { class: `field ${extra}`.trim() }, h("span", {}, label), input);
  const query = h("input", { type: "search", id: "clients-search", placeholder: s.search, autocomplete: "off", value: app.params.q ?? "" });
  const select = (id, label, options) => h("select", { id },
    h("option", { value: "" }, s.all), options.map((o) => h("option", { value: o }, o)));
  const owner = select("clients-owner", s.owner, values(facets.owners));
  const region = select("clients-region", s.region, values(facets.regions));
  const tag = select("clients-tag", s.tag, values(facets.tags));
  // Stages of every pipeline, grouped by it: the value is "pipeline/stage".
  const stage = h("select", { id: "clients-stage" },
    h("option", { value: "" }, s.all),
    app.crm.pipelines().map((p) => h("optgroup", { label: pipelineName(app.strings, p) },
      p.stages.filter((st) => !st.retired).map((st) => h("option", { value: `${p.id}/${st.id}` }, stageName(app.strings, p.id, st))))));
  // Opened from a funnel's stage: its clients.
  if (app.params.stage) stage.value = app.params.stage;
  const rotting = new Set(app.crm.agenda({ user: null, days: 0 }).filter((i) => i.kind === "rotting").map((i) => i.client));
  const count = h("p", { class: "muted", id: "clients-count" });
  const list = h("ul", { class: "clients", id: "clients" });

  const stageNames = new Map(app.crm.pipelines().flatMap((p) => p.stages.map((st) => [`${p.id}/${st.id}`, stageName(app.strings, p.id, st)])));
  const inStage = (id, [pipeline, stageId]) => app.crm.cards(id).some((c) => c.pipeline === pipeline && c.stage === stageId);

  const filters = () => {
    const filter = {};
    if (owner.value) filter.owner = owner.value;
    if (region.value) filter.region = region.value;
    if (tag.value) filter.tag = tag.value;
    if (stage.value) {
      const [pipeline, stageId] = stage.value.split("/");
      filter.stage = { pipeline, stage: stageId };
    }
    return filter;
  };
  /** What the search finds (its best `limit`), in the chosen stage if one is. */
  const searched = (text, limit) => {
    const { tag: one, stage: _, ...rest } = filters();
    const filter = one ? { ...rest, tags: [one] } : rest;
    const hits = app.crm.search(text, { limit, filter });
    let rows = hits.map((hit) => ({ client: hit.client, matched: hit.matched }));
    if (stage.value) rows = rows.filter((r) => inStage(r.client.id, stage.value.split("/")));
    return { rows, complete: hits.complete };
  };
  /** The clients the search and filters find: `limit` of them, from `after` in the list. */
  const found = (limit, after = null) => {
    const text = query.value.trim();
    if (text) return { ...searched(text, limit), next: null, total: null };
    const page = app.crm.clients({ limit: Math.min(limit, 500), after, filter: filters() });
    return { rows: page.items.map((client) => ({ client })), next: page.next, total: page.total };
  };
  const row = ({ client, matched }) => {
    const atLimit = app.crm.pressure(client.id) >= 1;
    const stagesNow = app.crm.cards(client.id).filter((c) => !c.lost).map((c) => stageNames.get(`${c.pipeline}/${c.stage}`) ?? c.stage);
    return h("li", { "data-id": client.id },
      h("button", { type: "button", class: "row", onclick: () => app.go("card", { id: client.id }) },
        h("span", { class: "name" }, client.name),
        h("span", { class: "kind-tag" }, app.strings.capture[client.kind]),
        stagesNow.map((name) => h("span", { class: "stage" }, name)),
        atLimit ? h("span", { class: "badge warn", "data-badge": "limit" }, s.atLimit) : null,
        rotting.has(client.id) ? h("span", { class: "badge rot", "data-badge": "rot" }, s.rotting) : null,
        matched && matched.field !== "name" ? h("span", { class: "meta" }, (s.matchedIn[matched.field] ?? s.matched)(matched.text)) : null,
        h("span", { class: "meta" }, [client.owner, client.region].filter(Boolean).join(" · "))));
  };
  const more = h("button", { type: "button", class: "ghost", id: "clients-more", hidden: true }, s.more);
  let next = null;
  let again = 0;
  const show = () => {
    const { rows, next: after, total, complete = true } = found(query.value.trim() ? SHOWN : PAGE);
    next = after;
    count.textContent = complete ? s.count(total ?? rows.length) : s.preparing(rows.length);
    // Right after a big base opens, the search index is still being built: what it found
    // so far is shown, and the search runs again until it has looked at every client.
    clearTimeout(again);
    if (!complete) again = setTimeout(() => list.isConnected && show(), 250);
    fill(list, rows.length === 0 ? h("li", { class: "muted empty" }, s.empty) : rows.map(row));
    more.hidden = !next;
  };
  more.addEventListener("click", () => {
    const { rows, next: after } = found(PAGE, next);
    next = after;
    list.append(...rows.map(row));
    more.hidden = !next;
  });
  const typed = debounce(show, 60);
  query.addEventListener("input", typed);
  for (const el of [owner, region, tag, stage]) el.addEventListener("change", show);
  show();
  queueMicrotask(() => query.focus());

  // What the list found goes out as CSV, for the reader's Excel.
  // (A search finds at most its best thousand.)
  const failed = h("p", { class: "error", id: "clients-error", role: "alert", hidden: true });
  const exportFound = async () => {
    failed.hidden = true;
    try {
      let ids = [];
      let page = found(500);
      ids.push(...page.rows.map((r) => r.client.id));
      while (page.next && ids.length < 1000) {
        page = found(500, page.next);
        ids.push(...page.rows.map((r) => r.client.id));
      }
      ids = ids.slice(0, 1000);
      const dialect = app.lang === "ru" ? "ru" : "en";
      download(await app.crm.exportCsv({ ids, dialect }), `ripen-clients-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (error) {
      failed.hidden = false;
      failed.textContent = app.describe(error);
    }
  };
  // A first visit to an empty base offers sample data; while it is there, one tap removes it.
  const sample = app.strings.sample;
  const total = app.crm.clients({ limit: 1 }).total;
  const removeButton = hasSample(app.crm) ? h("button", { type: "button", class: "ghost small", id: "sample-remove", onclick: async () => {
    removeButton.disabled = true;
    try {
      const n = await removeSample(app.crm);
      app.changed();
      app.go("clients", { done: sample.removed(n) });
    } catch (error) {
      removeButton.disabled = false;
      failed.hidden = false;
      failed.textContent = app.describe(error);
    }
  } }, sample.remove) : null;
  // Heads of sales and admins plan a campaign over the list's current filter.
  const campaignSlot = h("div", { id: "campaign-slot" });
  const campaignButton = app.crm.access().configures ? h("button", { type: "button", class: "ghost small", id: "campaign-open",
    "aria-expanded": "false", onclick: () => {
      const open = campaignButton.getAttribute("aria-expanded") !== "true";
      campaignButton.setAttribute("aria-expanded", String(open));
      fill(campaignSlot, open ? campaignPanel(app, filters) : null);
      if (open) campaignSlot.querySelector("#campaign-summary")?.focus();
    } }, app.strings.campaign.open) : null;
  const said = app.params.done ? h("p", { class: "ok", id: "clients-done", role: "status" }, app.params.done) : null;
  return h("section", { class: "card screen", id: "screen-clients", "aria-labelledby": "clients-heading" },
    h("h2", { id: "clients-heading" }, app.strings.screens.clients),
    sampleOffer(app, total), said, removeButton,
    h("div", { class: "filters" }, field(s.find, query, "search"), field(s.owner, owner), field(s.region, region), field(s.tag, tag), field(s.stage, stage)),
    h("div", { class: "list-head" }, count, campaignButton, h("button", { type: "button", class: "ghost small", id: "clients-export", onclick: exportFound }, s.export)),
    campaignSlot, failed, list, more);
}
