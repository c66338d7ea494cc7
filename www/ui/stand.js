// The stand at a trade show: which show, how it goes — leads today and in all, per hour
// and per rep, the hot ones, those nobody owns yet — in figures readable from two metres
// on a tablet on the counter; after the show, one action plans a follow-up for every lead
// inside the contact rules (a preview first: what will be planned, what is refused and
// why); and, for heads of sales, the show itself (days, place, stand, team, stage).
import { h, fill } from "./dom.js";
import { formatDateTime, formatNumber, pipelineName, stageName } from "./i18n.js";
import { formatDay } from "./format.js";
import { personName } from "./device-user.js";

/** "YYYY-MM-DD" of the device's today. */
export const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
};

/** The show a rep is at now: running today with them on its team, else any running
 * today, else the latest not archived. */
export function currentShow(app) {
  const shows = app.crm.shows().filter((s) => !s.archived);
  const day = today();
  const running = shows.filter((s) => s.starts <= day && day <= s.ends);
  return running.find((s) => s.team.includes(app.crm.user)) ?? running[0] ?? shows.at(-1) ?? null;
}

const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);

/** A figure big enough to read across the stand. */
const tile = (id, label, value, hint) =>
  h("div", { class: "tile", id }, h("span", { class: "tile-value" }, value), h("span", { class: "tile-label" }, label), hint ? h("span", { class: "meta" }, hint) : null);

function dashboard(app, show) {
  const s = app.strings.stand;
  const d = app.crm.standDashboard(show.id);
  const number = (n) => formatNumber(app.lang, n);
  const max = Math.max(1, ...d.perHour.map((x) => x.leads));
  const leadRow = (lead) => h("li", {},
    h("button", { type: "button", class: "link", onclick: () => app.go("card", { id: lead.client }) }, lead.name),
    h("span", { class: "meta" }, ` ${formatDateTime(app.lang, lead.at)} · ${personName(app, lead.by)}`));
  return h("div", { id: "stand-dashboard", "aria-live": "polite" },
    h("div", { class: "tiles" },
      tile("stand-today", s.today, number(d.today)),
      tile("stand-total", s.total, number(d.total)),
      tile("stand-hot", s.hot, number(d.hot.length)),
      tile("stand-unassigned", s.unassigned, number(d.unassigned.length))),
    d.perHour.length ? h("section", { class: "part" }, h("h3", {}, s.perHour),
      h("ol", { class: "hours", id: "stand-hours" }, d.perHour.map((x) => {
        const bar = h("span", { class: "bar" });
        bar.style.width = `${Math.max(2, (100 * x.leads) / max)}%`;
        return h("li", {}, h("span", { class: "hour" }, x.hour.slice(11, 16)), h("span", { class: "bar-track", "aria-hidden": "true" }, bar), h("span", { class: "figure" }, number(x.leads)));
      }))) : null,
    d.perRep.length ? h("section", { class: "part" }, h("h3", {}, s.perRep),
      h("ul", { class: "plain", id: "stand-reps" }, d.perRep.map((r) => h("li", {}, h("span", { class: "grow" }, personName(app, r.user)),
        h("span", { class: "figure" }, number(r.leads)), r.hot ? h("span", { class: "badge kind-overdue" }, s.hotCount(r.hot)) : null)))) : null,
    h("section", { class: "part" }, h("h3", {}, s.hotLeads),
      d.hot.length ? h("ul", { class: "plain", id: "stand-hot-list" }, d.hot.map(leadRow)) : h("p", { class: "muted" }, s.noHot)),
    d.unassigned.length ? h("section", { class: "part" }, h("h3", {}, s.unassignedLeads), h("ul", { class: "plain", id: "stand-unassigned-list" }, d.unassigned.map(leadRow))) : null);
}

/** Every lead of the show the user sees, with its rating and when it was met. */
function leadsOf(app, show) {
  const leads = [];
  let after = null;
  do {
    const page = app.crm.clients({ filter: { show: show.id }, limit: 500, after, sort: "oldest" });
    for (const client of page.items) {
      const lead = app.crm.lead(client.id);
      leads.push({ client: client.id, priority: lead?.rating ?? "warm", capturedAt: lead?.at });
    }
    after = page.next;
  } while (after);
  return leads;
}

function followUps(app, show) {
  const s = app.strings.stand;
  const days = h("select", { id: "follow-days" }, [3, 5, 10].map((n) => h("option", { value: n, selected: n === 5 }, s.days(n))));
  const capacity = h("input", { type: "number", id: "follow-capacity", min: 1, max: 200, inputMode: "numeric", placeholder: s.noCap });
  const out = h("div", { id: "follow-result", role: "status" });
  const error = h("p", { class: "error", id: "follow-error", role: "alert", hidden: true });
  const options = () => ({
    clients: leadsOf(app, show), days: Number(days.value),
    ...(capacity.value ? { capacity: Number(capacity.value) } : {}),
  });
  const fail = (failure) => {
    error.hidden = false;
    error.textContent = app.describe(failure);
  };
  const nameOf = (id) => {
    try {
      return app.crm.getClient(id).name;
    } catch {
      return id;
    }
  };
  const show_ = (plan, written) => {
    const rows = plan.planned.map((p) => h("li", { "data-client": p.client },
      h("span", { class: `badge rating-${p.priority}` }, s.ratings[p.priority]),
      h("span", { class: "grow" }, ` ${p.name}`),
      h("span", { class: "meta" }, ` ${formatDateTime(app.lang, p.at)} · ${app.strings.channels[p.channel] ?? p.channel}`)));
    const refused = plan.refused.map((r) => h("li", { "data-client": r.client, "data-reason": r.reason },
      h("span", { class: "grow" }, nameOf(r.client)), h("span", { class: "meta" }, ` — ${s.refusals[r.reason] ?? r.detail}`)));
    const commit = !written && plan.planned.length
      ? h("button", { type: "button", id: "follow-commit", onclick: async (event) => {
        event.target.disabled = true;
        try {
          const done = await app.crm.planFollowUps(options());
          app.changed();
          show_(done, true);
        } catch (failure) {
          event.target.disabled = false;
          fail(failure);
        }
      } }, s.planThem(plan.planned.length))
      : null;
    fill(out,
      written ? h("p", { class: "ok", id: "follow-done" }, s.planned(plan.planned.length)) : h("p", {}, s.willPlan(plan.planned.length, plan.refused.length)),
      rows.length ? h("ol", { class: "plain follow-list", id: "follow-planned" }, rows) : null,
      refused.length ? [h("h4", {}, s.refusedHeading), h("ul", { class: "plain follow-list", id: "follow-refused" }, refused)] : null,
      commit);
  };
  const preview = h("button", { type: "button", id: "follow-preview", onclick: () => {
    error.hidden = true;
    try {
      show_(app.crm.previewFollowUps(options()), false);
    } catch (failure) {
      fail(failure);
    }
  } }, s.preview);
  return h("section", { class: "part", id: "stand-follow-ups" }, h("h3", {}, s.afterShow), h("p", { class: "muted" }, s.afterShowHint),
    h("div", { class: "inline bottom" }, field(s.spreadOver, days), field(s.capacity, capacity), preview), error, out);
}

/** A show's settings: a new one, or the one shown. Heads of sales and admins. */
function showForm(app, show, open) {
  const s = app.strings.stand;
  // The new show's form and the shown one's may both be on the screen: ids of their own.
  const key = show ? "edit" : "new";
  const input = (id, props = {}) => h("input", { id: `${id}-${key}`, type: "text", ...props });
  const name = input("show-name", { value: show?.name ?? "", required: true });
  const starts = input("show-starts", { type: "date", value: show?.starts ?? today() });
  const ends = input("show-ends", { type: "date", value: show?.ends ?? today() });
  const place = input("show-place", { value: show?.place ?? "" });
  const stand = input("show-stand", { value: show?.stand ?? "" });
  const stages = app.crm.pipelines().flatMap((p) => p.stages.map((st) => [`${p.id}/${st.id}`, `${pipelineName(app.strings, p)} — ${stageName(app.strings, p.id, st)}`]));
  const stage = h("select", { id: `show-stage-${key}` }, stages.map(([value, label]) => h("option", { value, selected: show && value === `${show.pipeline}/${show.stage}` }, label)));
  const team = app.crm.users().map((u) => h("label", { class: "check" },
    h("input", { type: "checkbox", value: u.id, checked: show ? show.team.includes(u.id) : u.id === app.crm.user }), u.name ?? u.id));
  const error = h("p", { class: "error", id: `show-error-${key}`, role: "alert", hidden: true });
  const form = h("form", { id: `show-form-${key}`, novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.hidden = true;
    const [pipeline, stageId] = stage.value.split("/");
    try {
      const saved = await app.crm.saveShow({
        ...(show ? { id: show.id, questions: show.questions } : {}),
        name: name.value, starts: starts.value, ends: ends.value, pipeline, stage: stageId,
        ...(place.value.trim() ? { place: place.value } : {}), ...(stand.value.trim() ? { stand: stand.value } : {}),
        team: team.map((l) => l.querySelector("input")).filter((c) => c.checked).map((c) => c.value),
      });
      app.changed();
      app.go("stand", { show: saved.id });
    } catch (failure) {
      error.hidden = false;
      error.textContent = app.describe(failure);
    }
  } },
  h("div", { class: "grid" }, field(s.name, name), field(s.starts, starts), field(s.ends, ends), field(s.place, place), field(s.standNo, stand), field(s.stage, stage)),
  team.length ? h("fieldset", {}, h("legend", {}, s.team), h("div", { class: "checks" }, team)) : null,
  error, h("button", { type: "submit", id: `show-save-${key}` }, show ? s.saveShow : s.addShow));
  return h("details", { class: "part", open }, h("summary", {}, show ? s.editShow : s.newShow), form);
}

export function standScreen(app) {
  const s = app.strings.stand;
  const configures = app.crm.access().configures;
  const shows = app.crm.shows();
  const chosen = shows.find((x) => x.id === app.params?.show) ?? currentShow(app);
  const picker = shows.length > 1
    ? field(s.show, h("select", { id: "stand-show", onchange: (event) => app.go("stand", { show: event.target.value }) },
      shows.map((x) => h("option", { value: x.id, selected: x.id === chosen?.id }, x.archived ? s.archivedName(x.name) : x.name))))
    : null;
  const facts = chosen ? [chosen.place, chosen.stand && s.standLabel(chosen.stand), chosen.starts === chosen.ends ? formatDay(app.lang, chosen.starts) : `${formatDay(app.lang, chosen.starts)} — ${formatDay(app.lang, chosen.ends)}`].filter(Boolean).join(" · ") : null;
  return h("section", { class: "card screen", id: "screen-stand", "aria-labelledby": "stand-heading" },
    h("h2", { id: "stand-heading" }, chosen ? chosen.name : s.heading),
    facts ? h("p", { class: "muted", id: "stand-facts" }, facts) : null,
    picker,
    chosen ? dashboard(app, chosen) : h("p", { class: "muted", id: "stand-none" }, configures ? s.noShowYet : s.noShowAsk),
    chosen ? followUps(app, chosen) : null,
    configures ? showForm(app, null, !shows.length) : null,
    configures && chosen ? showForm(app, chosen, false) : null);
}
