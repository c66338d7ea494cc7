// Today's work: the engine's agenda, most urgent first — overdue and today's touches,
// cards rotting in a stage, clients with no next step, after-sale calls and dates — with
// one tap to call, complete or plan.
import { h } from "./dom.js";

export function agendaScreen(app) {
  const s = app.strings.agenda;
  const items = app.crm.agenda({ days: 7 });
  const name = (id) => {
    try {
      return app.crm.getClient(id);
    } catch {
      return null;
    }
  };
  const error = h("p", { class: "error", id: "agenda-error", role: "alert", hidden: true });
  const act = async (change) => {
    try {
      await change();
      app.changed();
      app.go("agenda");
    } catch (failure) {
      error.hidden = false;
      error.textContent = app.describe(failure);
    }
  };
  const stages = new Map(app.crm.pipelines().flatMap((p) => p.stages.map((st) => [`${p.id}/${st.id}`, st.name])));
  // The engine explains in English; the page says it in the reader's language, from the
  // item's kind and stage, and keeps the engine's words only for a kind it does not know.
  const why = (item) => s.why[item.kind]?.(stages.get(`${item.pipeline}/${item.stage}`) ?? item.stage ?? "") ?? item.why;
  const rows = items.map((item) => {
    const client = name(item.client);
    const phone = client?.phones?.[0];
    return h("li", { "data-kind": item.kind, "data-client": item.client },
      h("span", { class: `badge kind-${item.kind}` }, s.kinds[item.kind] ?? item.kind),
      h("button", { type: "button", class: "link name", onclick: () => app.go("card", { id: item.client }) }, client?.name ?? item.client),
      h("span", { class: "why" }, why(item)),
      h("span", { class: "meta" }, app.formatDate(new Date(item.due))),
      item.suggestions?.length ? h("span", { class: "meta" }, item.suggestions.join(" · ")) : null,
      h("span", { class: "inline" },
        phone ? h("a", { class: "button", href: `tel:+${phone.e164}` }, s.call) : null,
        item.touch && (item.kind === "overdue" || item.kind === "today")
          ? h("button", { type: "button", onclick: () => act(() => app.crm.completeTouch(item.touch, { outcome: "success" })) }, s.done)
          : h("button", { type: "button", class: "ghost", onclick: () => app.go("card", { id: item.client }) }, s.plan)));
  });
  return h("section", { class: "card screen", id: "screen-agenda" },
    h("h2", {}, s.heading, " ", h("span", { class: "count" }, String(items.length))),
    error,
    items.length ? h("ol", { class: "agenda", id: "agenda" }, rows) : h("p", { class: "muted", id: "agenda-empty" }, s.empty));
}
