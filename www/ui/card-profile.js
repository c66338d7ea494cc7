// The card's profile parts that are edited in place: the name (a rename keeps the old one
// findable), relationships (linked to another client found by search, ended when they
// end), important dates, wishes and notes. Every change goes through the engine, which checks it.
import { h, fill, debounce } from "./dom.js";
import { formatDay, invalid } from "./i18n.js";

const DATE_KINDS = ["birthday", "company_anniversary", "pet_birthday", "other"];
// Each choice reads from this client's side: "employee of …" makes the other client the
// `from` of `link(from, to, kind)`.
const LINKS = [
  ["employee", "of"], ["employee", "has"], ["branch", "of"], ["branch", "has"],
  ["subsidiary", "of"], ["subsidiary", "has"], ["referral", "of"], ["referral", "has"], ["partner", "has"],
];

const section = (title, ...body) => h("section", { class: "part" }, h("h3", {}, title), ...body);
const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
/** Today in the rep's own time zone, as "YYYY-MM-DD" (not UTC's: in Vladivostok UTC is
 * still yesterday until 10:00). */
const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
};

export function renameForm(app, client, act) {
  const s = app.strings.card;
  const name = h("input", { type: "text", id: "rename-name", value: client.name });
  const since = h("input", { type: "date", id: "rename-since" });
  return h("form", { id: "card-rename", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => app.crm.rename(client.id, { name: name.value, ...(since.value ? { since: since.value } : {}) }));
  } }, h("div", { class: "grid" }, field(s.newName, name), field(s.since, since)), h("button", { type: "submit", id: "rename-save" }, s.rename));
}

export function relationshipsPart(app, client, act) {
  const s = app.strings.card;
  const nameOf = (id) => {
    try {
      return app.crm.getClient(id).name;
    } catch {
      return id;
    }
  };
  const rows = app.crm.relationships(client.id).map((r) => {
    const mine = r.from === client.id;
    const other = mine ? r.to : r.from;
    return h("li", { "data-relationship": r.id, class: r.ended ? "ended" : "" },
      h("span", { class: "grow" }, h("span", { class: "meta" }, s.linkKinds[r.kind][mine ? "has" : "of"]),
        h("button", { type: "button", class: "link", onclick: () => app.go("card", { id: other }) }, nameOf(other)),
        r.position || r.ended ? h("span", { class: "meta" }, [r.position, r.ended && s.ended(formatDay(app.lang, r.ended))].filter(Boolean).join(" · ")) : null),
      r.ended ? null
        : h("button", { type: "button", class: "ghost small", onclick: () => act(() => app.crm.endLink(r.id, { on: today() })) }, s.endLink));
  });

  // The other client is found by search as it is typed, and picked with a tap.
  let picked = null;
  const kind = h("select", { id: "link-kind" },
    LINKS.map(([k, side]) => h("option", { value: `${k}:${side}` }, s.linkKinds[k][side])));
  const query = h("input", { type: "search", id: "link-search", autocomplete: "off" });
  const position = h("input", { type: "text", id: "link-position" });
  const choices = h("ul", { class: "plain choices", id: "link-choices" });
  query.addEventListener("input", debounce(() => {
    picked = null;
    const text = query.value.trim();
    fill(choices, text ? app.crm.search(text, { limit: 6 }).filter((hit) => hit.client.id !== client.id).map((hit) =>
      h("li", {}, h("button", { type: "button", class: "ghost small", onclick: () => {
        picked = hit.client;
        query.value = hit.client.name;
        fill(choices);
      } }, hit.client.name))) : []);
  }, 120));
  const link = h("form", { id: "link-form", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const [relation, side] = kind.value.split(":");
    act(async () => {
      if (!picked) throw invalid("pick_client");
      const [from, to] = side === "has" ? [client.id, picked.id] : [picked.id, client.id];
      await app.crm.link(from, to, relation, position.value.trim() ? { position: position.value.trim() } : {});
    });
  } }, h("div", { class: "grid" }, field(s.linkKind, kind), field(s.linkSearch, query), field(s.position, position)), choices, h("button", { type: "submit", id: "link-save" }, s.link));

  return section(s.relationships, rows.length ? h("ul", { class: "rows", id: "card-relationships" }, rows) : null,
    h("details", {}, h("summary", {}, s.addLink), link));
}

export function datesPart(app, client, act) {
  const s = app.strings.card;
  const save = (dates) => act(() => app.crm.updateClient(client.id, { dates }));
  const rows = client.dates.map((d, i) => h("li", {}, h("span", { class: "grow" }, formatDay(app.lang, d), h("span", { class: "meta" }, d.label ?? s.dateKinds[d.kind])),
    h("button", { type: "button", class: "ghost small", onclick: () => save(client.dates.filter((_, j) => j !== i)) }, s.remove)));
  const kind = h("select", { id: "date-kind" }, DATE_KINDS.map((k) => h("option", { value: k }, s.dateKinds[k])));
  const label = h("input", { type: "text", id: "date-label" });
  const date = h("input", { type: "date", id: "date-value" });
  const yearKnown = h("input", { type: "checkbox", id: "date-year", checked: true });
  const add = h("form", { id: "date-form", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    const [year, month, day] = date.value.split("-").map(Number);
    const added = { kind: kind.value, month, day, ...(yearKnown.checked ? { year } : {}), ...(label.value.trim() ? { label: label.value.trim() } : {}) };
    act(async () => {
      if (!date.value) throw invalid("empty");
      await app.crm.updateClient(client.id, { dates: [...client.dates, added] });
    });
  } }, h("div", { class: "grid" }, field(s.dateKind, kind), field(s.dateLabel, label), field(s.dateValue, date), h("label", { class: "check" }, yearKnown, s.yearKnown)),
  h("button", { type: "submit", id: "date-save" }, s.addDate));
  return section(s.dates, rows.length ? h("ul", { class: "rows", id: "card-dates" }, rows) : null,
    h("details", {}, h("summary", {}, s.addDate), add));
}

export function wishesPart(app, client, act) {
  const s = app.strings.card;
  const save = (wishes) => act(() => app.crm.updateClient(client.id, { wishes }));
  const rows = client.wishes.map((w, i) => h("li", {}, h("span", { class: "grow" }, w.text, h("span", { class: "meta" }, w.notedOn ? formatDay(app.lang, w.notedOn) : null)),
    h("button", { type: "button", class: "ghost small", onclick: () => save(client.wishes.filter((_, j) => j !== i)) }, s.remove)));
  const text = h("input", { type: "text", id: "wish-text", placeholder: s.wish });
  const add = h("form", { id: "wish-form", class: "inline bottom", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    save([...client.wishes, { text: text.value, notedOn: today() }]);
  } }, field(s.wishNew, text), h("button", { type: "submit", id: "wish-save" }, s.addWish));
  return section(s.wishes, rows.length ? h("ul", { class: "rows", id: "card-wishes" }, rows) : null, add);
}

/** The notes, kept as typed (lines and all), edited in place; emptied, they are removed. */
export function notesPart(app, client, act) {
  const s = app.strings.card;
  const text = h("textarea", { id: "notes-text", rows: 4, value: client.notes ?? "" });
  const edit = h("form", { id: "notes-form", novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    act(() => app.crm.updateClient(client.id, { notes: text.value.trim() ? text.value : null }));
  } }, field(s.editNotes, text), h("button", { type: "submit", id: "notes-save" }, s.saveNotes));
  return section(s.notes, client.notes ? h("p", { class: "notes", id: "card-notes" }, client.notes) : null,
    h("details", {}, h("summary", {}, s.editNotes), edit));
}
