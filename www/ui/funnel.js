// The funnel: how many cards reached each stage, the conversion between stages, and the
// bottleneck highlighted — drawn as SVG by the page itself; split by owner, team, region
// or month; with NPS and plan against fact beside it.
import { h, fill } from "./dom.js";
import { pipelineName, stageName } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
const svg = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  for (const child of children) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
};
const percent = (share) => (share === null || share === undefined ? "—" : `${Math.round(share * 100)}%`);

/** One funnel as bars narrowing down, the bottleneck's step in the warning colour. */
function chart(funnel, s) {
  // Columns: stage names (right-aligned), bars (centred, by cards reached), count, conversion.
  const [width, row, labelEnd, barsFrom, barsWidth, countEnd] = [720, 44, 268, 280, 320, 660];
  const max = Math.max(1, ...funnel.steps.map((step) => step.reached));
  const worst = funnel.bottlenecks[0]?.next;
  const graphic = svg("svg", { viewBox: `0 0 ${width} ${funnel.steps.length * row}`, role: "img", class: "funnel-chart", "aria-label": s.chart });
  funnel.steps.forEach((step, i) => {
    const barWidth = Math.max(4, (barsWidth * step.reached) / max);
    const y = i * row + 6;
    const isBottleneck = step.stage === worst;
    graphic.append(
      svg("text", { x: labelEnd, y: y + 21, "text-anchor": "end", class: "label" }, step.name),
      svg("rect", { x: barsFrom + (barsWidth - barWidth) / 2, y, width: barWidth, height: row - 12, rx: 6, class: isBottleneck ? "bar bottleneck" : "bar", "data-stage": step.stage }),
      svg("text", { x: countEnd, y: y + 21, "text-anchor": "end", class: "figure" }, String(step.reached)),
      svg("text", { x: width - 4, y: y + 21, "text-anchor": "end", class: isBottleneck ? "figure bottleneck" : "figure" }, i === 0 ? "" : percent(step.conversion)),
    );
  });
  return graphic;
}

export function funnelScreen(app) {
  const s = app.strings.funnel;
  const pipeline = h("select", { id: "funnel-pipeline", "aria-label": s.pipeline },
    app.crm.pipelines().map((p) => h("option", { value: p.id, selected: p.id === (app.params.pipeline ?? "sales") }, pipelineName(app.strings, p))));
  const period = h("select", { id: "funnel-period", "aria-label": s.period },
    [30, 90, 365].map((days) => h("option", { value: days, selected: days === (app.params.days ?? 90) }, s.days(days))));
  const by = h("select", { id: "funnel-by", "aria-label": s.by },
    h("option", { value: "" }, s.noSplit), ["owner", "team", "region", "month"].map((key) => h("option", { value: key, selected: key === app.params.by }, s.groups[key])));
  const body = h("div", { id: "funnel-body" });
  const draw = () => {
    const to = new Date();
    const from = new Date(to.getTime() - Number(period.value) * 86_400_000);
    const report = app.crm.funnel({ pipeline: pipeline.value, from: from.toISOString(), to: to.toISOString(), ...(by.value ? { by: by.value } : {}) });
    for (const funnel of [report.overall, ...(report.groups ?? []).map((g) => g.funnel)]) {
      for (const step of funnel.steps) step.name = stageName(app.strings, pipeline.value, step);
    }
    const worst = report.overall.bottlenecks[0];
    const stepName = (id) => report.overall.steps.find((st) => st.stage === id)?.name ?? id;
    const nps = app.crm.nps({ from: from.toISOString(), to: to.toISOString() }).overall;
    const plans = app.crm.plans();
    fill(body,
      h("p", { class: "muted", id: "funnel-cards" }, s.cards(report.overall.cards)),
      chart(report.overall, s),
      worst ? h("p", { class: "bottleneck-note", id: "funnel-bottleneck" }, s.bottleneck(stepName(worst.stage), stepName(worst.next), percent(worst.conversion), worst.drop)) : null,
      report.groups?.length ? h("div", { class: "groups", id: "funnel-groups" }, report.groups.map((group) =>
        h("div", { class: "group" }, h("h3", {}, group.key ?? s.none, " ", h("span", { class: "meta" }, s.cards(group.funnel.cards))), chart(group.funnel, s)))) : null,
      h("h3", {}, s.nps),
      h("p", { id: "funnel-nps" }, nps.answers ? s.npsLine(nps.score, nps.promoters, nps.passives, nps.detractors) : s.noAnswers),
      h("h3", {}, s.plans),
      plans.length ? h("ul", { class: "plain", id: "funnel-plans" }, plans.map((p) =>
        h("li", {}, `${p.plan.owner.user ?? p.plan.owner.team} · ${s.metrics[p.plan.metric]}: ${p.fact} / ${p.plan.target} (${percent(p.share)})`,
          p.forecast !== null ? h("span", { class: "meta" }, ` ${s.forecast(Math.round(p.forecast))}`) : null))) : h("p", { class: "muted" }, s.noPlans));
  };
  for (const el of [pipeline, period]) el.addEventListener("change", draw);
  by.addEventListener("change", draw);
  draw();
  return h("section", { class: "card screen", id: "screen-funnel", "aria-labelledby": "funnel-heading" },
    h("h2", { id: "funnel-heading" }, app.strings.screens.funnel),
    h("div", { class: "filters" }, pipeline, period, by), body);
}
