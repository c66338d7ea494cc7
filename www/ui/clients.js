// Clients: search as you type over every name, alias, phone, e-mail and tag in any script,
// filters, and the badges a rep acts on (at the contact limit, a card rotting).
import { h, fill, debounce, download } from "./dom.js";

const SHOWN = 200;

/** Distinct non-empty values of `pick` over `clients`, sorted. */
const values = (clients, pick) => [...new Set(clients.flatMap(pick).filter(Boolean))].sort((a, b) => a.localeCompare(b));

export function clientsScreen(app) {
  const s = app.strings.clients;
  const all = app.crm.listClients();
  const query = h("input", { type: "search", id: "clients-search", placeholder: s.search, autocomplete: "off", "aria-label": s.search, value: app.params.q ?? "" });
  const select = (id, label, options) => h("select", { id, "aria-label": label },
    h("option", { value: "" }, `${label}: ${s.all}`), options.map((o) => h("option", { value: o }, o)));
  const owner = select("clients-owner", s.owner, values(all, (c) => [c.owner]));
  const region = select("clients-region", s.region, values(all, (c) => [c.region]));
  const tag = select("clients-tag", s.tag, values(all, (c) => c.tags));
  // Stages of every pipeline, grouped by it: the value is "pipeline/stage".
  const stage = h("select", { id: "clients-stage", "aria-label": s.stage },
    h("option", { value: "" }, `${s.stage}: ${s.all}`),
    app.crm.pipelines().map((p) => h("optgroup", { label: p.name },
      p.stages.filter((st) => !st.retired).map((st) => h("option", { value: `${p.id}/${st.id}` }, st.name)))));
  const rotting = new Set(app.crm.agenda({ user: null, days: 0 }).filter((i) => i.kind === "rotting").map((i) => i.client));
  const count = h("p", { class: "muted", id: "clients-count" });
  const list = h("ul", { class: "clients", id: "clients" });

  const stageNames = new Map(app.crm.pipelines().flatMap((p) => p.stages.map((st) => [`${p.id}/${st.id}`, st.name])));
  const inStage = (id, [pipeline, stageId]) => app.crm.cards(id).some((c) => c.pipeline === pipeline && c.stage === stageId);

  /** The clients the search and filters find, all of them (`limit` for the search). */
  const found = (limit) => {
    const filter = {};
    if (owner.value) filter.owner = owner.value;
    if (region.value) filter.region = region.value;
    if (tag.value) filter.tags = [tag.value];
    const text = query.value.trim();
    let rows = text
      ? app.crm.search(text, { limit, filter }).map((hit) => ({ client: hit.client, matched: hit.matched }))
      : all.filter((c) => (!filter.owner || c.owner === filter.owner) && (!filter.region || c.region === filter.region)
          && (!filter.tags || c.tags.includes(filter.tags[0]))).slice().reverse().map((client) => ({ client }));
    if (stage.value) rows = rows.filter((r) => inStage(r.client.id, stage.value.split("/")));
    return rows;
  };
  const show = () => {
    const rows = found(SHOWN);
    count.textContent = s.count(rows.length);
    fill(list, rows.length === 0 ? h("li", { class: "muted empty" }, s.empty) : rows.slice(0, SHOWN).map(({ client, matched }) => {
      const atLimit = app.crm.pressure(client.id) >= 1;
      const stagesNow = app.crm.cards(client.id).filter((c) => !c.lost).map((c) => stageNames.get(`${c.pipeline}/${c.stage}`) ?? c.stage);
      return h("li", { "data-id": client.id },
        h("button", { type: "button", class: "row", onclick: () => app.go("card", { id: client.id }) },
          h("span", { class: "name" }, client.name),
          h("span", { class: "kind-tag" }, app.strings.capture[client.kind]),
          stagesNow.map((name) => h("span", { class: "stage" }, name)),
          atLimit ? h("span", { class: "badge warn", "data-badge": "limit" }, s.atLimit) : null,
          rotting.has(client.id) ? h("span", { class: "badge rot", "data-badge": "rot" }, s.rotting) : null,
          matched && matched.field !== "name" ? h("span", { class: "meta" }, s.matched(matched.text)) : null,
          h("span", { class: "meta" }, [client.owner, client.region].filter(Boolean).join(" · "))));
    }));
  };
  const typed = debounce(show, 60);
  query.addEventListener("input", typed);
  for (const el of [owner, region, tag, stage]) el.addEventListener("change", show);
  show();
  queueMicrotask(() => query.focus());

  // What the list found goes out as CSV, for the reader's Excel.
  // (A search finds at most its best thousand.)
  const failed = h("p", { class: "error", id: "clients-error", role: "alert", hidden: true });
  const exportFound = () => {
    failed.hidden = true;
    try {
      const ids = found(1000).map((r) => r.client.id);
      const dialect = app.lang === "ru" ? "ru" : "en";
      download(app.crm.exportCsv({ ids, dialect }), `ripen-clients-${new Date().toISOString().slice(0, 10)}.csv`, "text/csv;charset=utf-8");
    } catch (error) {
      failed.hidden = false;
      failed.textContent = app.describe(error);
    }
  };
  return h("section", { class: "card screen", id: "screen-clients" },
    h("div", { class: "filters" }, query, owner, region, tag, stage),
    h("div", { class: "list-head" }, count, h("button", { type: "button", class: "ghost small", id: "clients-export", onclick: exportFound }, s.export)), failed, list);
}
