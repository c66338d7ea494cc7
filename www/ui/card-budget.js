// On the client card: the contact budget — per rule that matters, what its window has
// used (dots, "1 of 2"), in which scope (person, company, holding) and when it frees up;
// the next open slot per channel and for marketing; and the window's touches as a small
// timeline, a colleague's the user may not see shown only as "another contact".
import { h } from "./dom.js";
import { ruleName } from "./i18n.js";
import { locale } from "./format.js";

const DAY = 24 * 3600 * 1000;
const MAX_DOTS = 12;

/** "today 14:00", "tomorrow 9:00", "Mon, Mar 9, 9:00": a moment near `now`, briefly. */
export function slotTime(lang, words, iso, now = new Date()) {
  const at = new Date(iso);
  const time = new Intl.DateTimeFormat(locale(lang), { hour: "numeric", minute: "2-digit" }).format(at);
  const midnight = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((midnight(at) - midnight(now)) / DAY);
  if (days === 0) return `${words.today} ${time}`;
  if (days === 1) return `${words.tomorrow} ${time}`;
  const options = days > 0 && days < 7 ? { weekday: "short" } : { weekday: "short", day: "numeric", month: "short" };
  return `${new Intl.DateTimeFormat(locale(lang), options).format(at)} ${time}`;
}

/** A count as filled and empty dots (a bar past a dozen). */
function dots(used, max, label) {
  const full = used >= max;
  if (max > MAX_DOTS) {
    const share = Math.min(1, used / max);
    return h("span", { class: `budget-bar${full ? " full" : ""}`, role: "img", "aria-label": label },
      h("span", { style: `width:${Math.round(share * 100)}%` }));
  }
  const marks = Array.from({ length: Math.max(max, used) }, (_, i) => h("span", { class: i < used ? (i >= max ? "dot over" : "dot used") : "dot" }));
  return h("span", { class: `budget-dots${full ? " full" : ""}`, role: "img", "aria-label": label }, marks);
}

function windowName(words, rule) {
  const { limit } = rule;
  if (limit.rolling) return words.rolling(Math.round((new Date(limit.end) - new Date(limit.start)) / 3600000));
  const days = (new Date(limit.end) - new Date(limit.start)) / DAY;
  return days < 2 ? words.windows.day : days < 8 ? words.windows.week : words.windows.month;
}

export function budgetPart(app, client) {
  const s = app.strings.budget;
  const when = (iso) => slotTime(app.lang, s, iso);
  let budget;
  try {
    budget = app.crm.contactBudget(client.id);
  } catch (error) {
    return h("section", { class: "part", id: "card-budget" }, h("h3", {}, s.title), h("p", { class: "error" }, app.describe(error)));
  }
  const names = new Map(budget.rules.map((r) => [r.rule, ruleName(app.strings, { rule: r.rule, name: r.name })]));
  const scope = (rule) => s.scopes[rule.scope] ?? rule.scope;

  // One row per rule that matters: every count, a running gap, closed hours, a refusing consent.
  const rows = budget.rules.map((rule) => {
    const { limit } = rule;
    const free = rule.open || !rule.opensAt ? null : h("span", { class: "meta free" }, s.freeFrom(when(rule.opensAt)));
    const head = (...rest) => h("li", { "data-rule": rule.rule, "data-open": String(rule.open), class: rule.open ? "" : "held" },
      h("span", { class: "rule-name" }, names.get(rule.rule)), " ", h("span", { class: "scope-tag" }, scope(rule)), h("br"), ...rest);
    switch (limit.kind) {
      case "count": {
        const used = s.used(limit.used, limit.max);
        return head(dots(limit.used, limit.max, used), " ", h("span", { class: "used" }, used), " ",
          h("span", { class: "meta" }, windowName(s, rule)), free ? " · " : null, free);
      }
      case "minGap":
        if (!limit.gapEndsAt && !(limit.next && new Date(limit.next.at) - new Date(budget.at) < limit.hours * 3600000)) return null;
        return head(h("span", { class: "meta" }, s.gap(limit.hours)), free ? " · " : null, free);
      case "allowedHours":
        if (limit.inside) return null;
        return head(h("span", { class: "meta" }, s.hours(limit.from, limit.to)), free ? " · " : null, free);
      case "consent": {
        const refused = limit.salesRefused ?? limit.marketingRefused;
        return refused ? head(h("span", { class: "meta" }, s.refused[refused] ?? refused)) : null;
      }
      default:
        return null;
    }
  }).filter(Boolean);

  // The next open slot: a sales touch per channel, and one line for marketing.
  const slotText = (slot) => {
    const at = slot.clearAt ?? slot.allowedAt;
    if (!at) return s.never;
    return new Date(at) <= new Date(budget.at) ? s.now : s.from(when(at));
  };
  const heldBy = (slot) => (slot.heldBy.length ? h("span", { class: "meta" }, ` — ${names.get(slot.heldBy[0]) ?? slot.heldBy[0]}`) : null);
  const marketing = budget.channels.find((c) => c.channel === "marketing_send") ?? budget.channels.find((c) => c.channel === "email");
  // Channels with the same answer share a line: "E-mail, Messages: from tomorrow 9:00".
  const groups = [];
  for (const c of budget.channels.filter((c) => c.channel !== "marketing_send")) {
    const key = `${slotText(c.sales)}|${c.sales.heldBy[0] ?? ""}`;
    const group = groups.find((g) => g.key === key);
    if (group) group.channels.push(c.channel);
    else groups.push({ key, channels: [c.channel], slot: c.sales });
  }
  const slots = [
    ...groups.map((g) => h("li", { "data-channel": g.channels.join(" "), "data-origin": "sales" },
      h("span", { class: "slot-name" }, `${g.channels.map((c) => s.channels[c] ?? c).join(", ")}: `),
      h("span", { class: "slot-at" }, slotText(g.slot)), heldBy(g.slot))),
    marketing ? h("li", { "data-channel": marketing.channel, "data-origin": "marketing" }, h("span", { class: "slot-name" }, `${s.marketing}: `),
      h("span", { class: "slot-at" }, slotText(marketing.marketing)), heldBy(marketing.marketing)) : null,
  ];

  // The windows' touches, once each, by time: whose, how, when, planned or done.
  const seen = new Map();
  for (const rule of budget.rules) {
    if (rule.limit.kind !== "count") continue;
    for (const touch of rule.limit.touches) {
      const key = touch.touch ?? `${touch.at}|${touch.channel}|${touch.origin}|${rule.scope}`;
      if (!seen.has(key)) seen.set(key, { touch, scope: rule.scope });
    }
  }
  const now = new Date(budget.at);
  const touches = [...seen.values()].sort((a, b) => new Date(a.touch.at) - new Date(b.touch.at));
  const items = [];
  let marked = false;
  for (const { touch, scope: sc } of touches) {
    if (!marked && new Date(touch.at) > now) {
      items.push(h("li", { class: "now-mark" }, s.nowMark));
      marked = true;
    }
    const who = touch.own ? null : touch.clientName ?? s.another[sc] ?? s.another.company;
    items.push(h("li", { "data-status": touch.planned ? "planned" : "done", class: touch.own ? "" : "other" },
      h("span", { class: "when" }, when(touch.at)), " ",
      h("span", {}, app.strings.channels[touch.channel] ?? touch.channel),
      h("span", { class: "meta" }, ` · ${touch.planned ? s.planned : s.done}`),
      who ? h("span", { class: "who" }, ` · ${who}`) : null));
  }
  if (touches.length && !marked) items.push(h("li", { class: "now-mark" }, s.nowMark));

  return h("section", { class: "part budget", id: "card-budget" },
    h("h3", {}, s.title),
    rows.length ? h("ul", { class: "plain budget-rules", id: "card-budget-rules" }, rows) : h("p", { class: "muted" }, s.empty),
    h("h4", {}, s.slots),
    h("ul", { class: "plain budget-slots", id: "card-budget-slots" }, slots),
    touches.length ? h("h4", {}, s.timeline) : null,
    touches.length ? h("ol", { class: "budget-timeline", id: "card-budget-timeline" }, items) : null);
}
