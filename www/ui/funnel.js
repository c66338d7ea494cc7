// The funnel: how many cards reached each stage, the conversion between stages, and the
// bottleneck highlighted — drawn by the page itself as rows that open each stage's
// clients; split by owner (by name), team, region or month; with the time new clients
// waited for a first touch per source, NPS, and plan against fact beside it.
import { h, fill } from "./dom.js";
import { formatMonth, formatNumber, formatPercent, pipelineName, stageName } from "./i18n.js";
import { personName } from "./device-user.js";

/** A bar `share` per cent wide, set through the CSSOM: the page's CSP allows no style
 * attributes. */
function bar(share) {
  const el = h("span", { class: "bar" });
  el.style.width = `${share}%`;
  return el;
}

/** One funnel as rows narrowing down — text at the page's own sizes, so it reads on a
 * phone and in a split view alike — the bottleneck's step in the warning colour. Each
 * row opens the clients in that stage; under it, how many wait there, how long cards
 * take to move on, and how many were lost there and why. */
function chart(funnel, app, pipeline) {
  const s = app.strings.funnel;
  const max = Math.max(1, ...funnel.steps.map((step) => step.reached));
  const worst = funnel.bottlenecks[0]?.next;
  const percent = (share) => formatPercent(app.lang, share);
  const number = (n) => formatNumber(app.lang, n);
  const hours = (n) => (n === null || n === undefined ? null : n < 1 ? s.underAnHour : n < 48 ? s.inHours(Math.round(n)) : s.inDays(Math.round(n / 24)));
  return h("ol", { class: "funnel-chart", "aria-label": s.chart }, funnel.steps.map((step, i) => {
    const isBottleneck = step.stage === worst;
    const reasons = Object.entries(step.lostReasons ?? {}).sort((x, y) => y[1] - x[1]);
    const facts = [
      step.waiting ? s.waitThere(step.waiting) : null,
      hours(step.medianHoursToNext) ? s.moveOn(hours(step.medianHoursToNext)) : null,
      step.lost ? s.lostThere(step.lost, reasons.slice(0, 3).map(([why, n]) => `${why} — ${number(n)}`).join("; ")) : null,
    ].filter(Boolean);
    return h("li", { class: isBottleneck ? "step bottleneck" : "step", "data-stage": step.stage },
      h("button", { type: "button", class: "step-open", onclick: () => app.go("clients", { stage: `${pipeline}/${step.stage}` }) },
        h("span", { class: "step-name" }, step.name),
        h("span", { class: "step-bar", "aria-hidden": "true" }, bar(Math.max(2, (100 * step.reached) / max))),
        h("span", { class: "figure" }, number(step.reached)),
        h("span", { class: isBottleneck ? "figure bottleneck" : "figure" }, i === 0 ? "" : percent(step.conversion))),
      facts.length ? h("p", { class: "meta step-facts" }, facts.join(" · ")) : null);
  }));
}

/** A wait in milliseconds as a reader says it: minutes under two hours, hours under two
 * days, then days — a web lead's answer is counted in minutes. */
function wait(s, ms) {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return s.underAMinute;
  if (minutes < 120) return s.inMinutes(minutes);
  const hours = Math.round(minutes / 60);
  return hours < 48 ? s.inHours(hours) : s.inDays(Math.round(hours / 24));
}

/** Time to first touch per source: how long the clients added in the period waited for
 * the team's first touch (median and 90th percentile), and how many still wait. */
function responseTable(app, times) {
  const s = app.strings.funnel;
  const number = (n) => formatNumber(app.lang, n);
  const shown = (ms) => (ms === null ? "—" : wait(s, ms));
  const row = (name, r, id) => h("tr", id ? { "data-source": id } : {},
    h("th", { scope: "row" }, name), h("td", {}, number(r.leads)), h("td", {}, shown(r.medianMs)), h("td", {}, shown(r.p90Ms)),
    h("td", { class: r.untouched ? "figure waiting" : "figure" }, number(r.untouched)));
  return h("table", { class: "response-times", id: "funnel-response" },
    h("caption", { class: "meta" }, s.responseCaption),
    h("thead", {}, h("tr", {}, [s.source, s.leads, s.median, s.p90, s.untouched].map((t) => h("th", { scope: "col" }, t)))),
    // The lead form's own source by its name in the reader's language; others as typed.
    h("tbody", {}, times.sources.map((r) => row(r.source === null ? s.noSource : r.source.toLowerCase() === "web" ? s.webSource : r.source, r, r.source ?? ""))),
    times.sources.length > 1 ? h("tfoot", {}, row(s.allSources, times.overall)) : null);
}

export function funnelScreen(app) {
  const s = app.strings.funnel;
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const pipeline = h("select", { id: "funnel-pipeline" },
    app.crm.pipelines().map((p) => h("option", { value: p.id, selected: p.id === (app.params.pipeline ?? "sales") }, pipelineName(app.strings, p))));
  const period = h("select", { id: "funnel-period" },
    [30, 90, 365].map((days) => h("option", { value: days, selected: days === (app.params.days ?? 90) }, s.days(days))));
  const by = h("select", { id: "funnel-by" },
    h("option", { value: "" }, s.noSplit), ["owner", "team", "region", "month"].map((key) => h("option", { value: key, selected: key === app.params.by }, s.groups[key])));
  const body = h("div", { id: "funnel-body" });
  const percent = (share) => formatPercent(app.lang, share);
  const number = (n) => formatNumber(app.lang, n);
  const draw = () => {
    const to = new Date();
    const from = new Date(to.getTime() - Number(period.value) * 86_400_000);
    // Split by owner, owners by the names the team knows them by, not their logins; by
    // month, months by their names in the reader's language.
    const groupName = (key) => (key === null || key === undefined ? s.none : by.value === "owner" ? personName(app, key)
      : by.value === "month" ? formatMonth(app.lang, key) : key);
    const report = app.crm.funnel({ pipeline: pipeline.value, from: from.toISOString(), to: to.toISOString(), ...(by.value ? { by: by.value } : {}) });
    for (const funnel of [report.overall, ...(report.groups ?? []).map((g) => g.funnel)]) {
      for (const step of funnel.steps) step.name = stageName(app.strings, pipeline.value, step);
    }
    const worst = report.overall.bottlenecks[0];
    const stepName = (id) => report.overall.steps.find((st) => st.stage === id)?.name ?? id;
    const nps = app.crm.nps({ from: from.toISOString(), to: to.toISOString() }).overall;
    const plans = app.crm.plans();
    const response = app.crm.responseTimes({ from: from.toISOString(), to: to.toISOString() });
    fill(body,
      h("p", { class: "muted", id: "funnel-cards" }, s.cards(report.overall.cards)),
      chart(report.overall, app, pipeline.value),
      worst ? h("p", { class: "bottleneck-note", id: "funnel-bottleneck" }, s.bottleneck(stepName(worst.stage), stepName(worst.next), percent(worst.conversion), worst.drop)) : null,
      report.groups?.length ? h("div", { class: "groups", id: "funnel-groups" }, report.groups.map((group) =>
        h("div", { class: "group" }, h("h3", {}, groupName(group.key), " ", h("span", { class: "meta" }, s.cards(group.funnel.cards))), chart(group.funnel, app, pipeline.value)))) : null,
      h("h3", {}, s.response),
      response.overall.leads ? responseTable(app, response) : h("p", { class: "muted", id: "funnel-response" }, s.noLeads),
      h("h3", {}, s.nps),
      h("p", { id: "funnel-nps" }, nps.answers ? s.npsLine(nps.score, nps.promoters, nps.passives, nps.detractors) : s.noAnswers),
      h("h3", {}, s.plans),
      plans.length ? h("ul", { class: "plain", id: "funnel-plans" }, plans.map((p) =>
        h("li", {}, `${p.plan.owner.user ? personName(app, p.plan.owner.user) : p.plan.owner.team} · ${s.metrics[p.plan.metric]}: ${number(p.fact)} / ${number(p.plan.target)} (${percent(p.share)})`,
          p.forecast !== null ? h("span", { class: "meta" }, ` ${s.forecast(Math.round(p.forecast))}`) : null))) : h("p", { class: "muted" }, s.noPlans));
  };
  for (const el of [pipeline, period]) el.addEventListener("change", draw);
  by.addEventListener("change", draw);
  draw();
  return h("section", { class: "card screen", id: "screen-funnel", "aria-labelledby": "funnel-heading" },
    h("h2", { id: "funnel-heading" }, app.strings.screens.funnel),
    h("div", { class: "filters" }, field(s.pipeline, pipeline), field(s.period, period), field(s.by, by)), body);
}
