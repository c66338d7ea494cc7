// "Try it with sample data": a few hundred realistic Russian and English clients — firms
// with their people, phones, e-mails, regions and industries — moved along the sales
// pipeline, with calls and meetings logged and planned, so a first visit has something to
// look at; every sample client carries the tag "sample" and one tap removes them all.
// The offer shows on an empty base until it is taken or declined (remembered per base).
import { h } from "./dom.js";

export const SAMPLE_TAG = "sample";
const key = (crm) => `ripen.sample.${crm.name}`;

const RU_FIRMS = ["Сибирские моторы", "Уралхимпласт", "Волжский берег", "Кедр", "Северная звезда", "Алтайские травы", "Байкал-Сервис", "Камский трубный", "Ладога", "Приморский порт", "Томская нефть", "Енисей-Агро", "Омский хлеб", "Тайга-Лес", "Бирюса", "Обь-Логистик", "Красный маяк", "Зелёный город", "Стройдеталь", "ТехноПарк"];
const EN_FIRMS = ["Northwind Traders", "Blue Ridge Supply", "Harbor & Pine", "Silverline Logistics", "Maple Street Foods", "Granite Works", "Summit Dental", "Brightwater Labs", "Oakfield Farms", "Redstone Media"];
const RU_PEOPLE = [["Анна", "Петрова"], ["Иван", "Смирнов"], ["Ольга", "Кузнецова"], ["Дмитрий", "Попов"], ["Елена", "Соколова"], ["Сергей", "Лебедев"], ["Мария", "Козлова"], ["Алексей", "Новиков"], ["Наталья", "Морозова"], ["Павел", "Волков"]];
const EN_PEOPLE = [["Emma", "Carter"], ["James", "Miller"], ["Olivia", "Brooks"], ["Liam", "Turner"], ["Sophia", "Reed"], ["Noah", "Hayes"]];
const RU_REGIONS = ["Сибирь", "Урал", "Поволжье", "Москва", "Северо-Запад", "Дальний Восток"];
const INDUSTRIES = ["manufacturing", "retail", "logistics", "agriculture", "construction", "healthcare"];
const ZONES = { "Сибирь": "Asia/Novosibirsk", "Урал": "Asia/Yekaterinburg", "Поволжье": "Europe/Samara", "Москва": "Europe/Moscow", "Северо-Запад": "Europe/Moscow", "Дальний Восток": "Asia/Vladivostok" };

/** A generator of the same numbers every time: the sample is the same on every device. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The sample's clients: firms, and people working at them (linked after). */
function sampleClients(count) {
  const next = random(2026);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const clients = [];
  for (let i = 0; i < count; i++) {
    const english = i % 5 === 4;
    const region = english ? null : pick(RU_REGIONS);
    const digits = String(1_000_000 + Math.floor(next() * 8_999_999));
    if (i % 3 === 0) {
      const firm = english ? `${pick(EN_FIRMS)} ${i}` : `ООО «${pick(RU_FIRMS)} ${i}»`;
      clients.push({ name: firm, kind: "company", phones: [english ? `+44 20 ${digits.slice(0, 4)} ${digits.slice(4)}` : `+7 383 ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5, 7)}`],
        ...(region ? { region, timeZone: ZONES[region] } : { timeZone: "Europe/London" }), industry: pick(INDUSTRIES), source: "sample", tags: [SAMPLE_TAG] });
    } else {
      const [first, last] = english ? pick(EN_PEOPLE) : pick(RU_PEOPLE);
      const latin = english ? `${first}.${last}`.toLowerCase() : `client${i}`;
      clients.push({ name: `${first} ${last}`, kind: "person", emails: [`${latin}@example.com`], phones: [english ? `+1 212 ${digits.slice(0, 3)} ${digits.slice(3, 7)}` : `+7 9${digits.slice(0, 2)} ${digits.slice(2, 5)}-${digits.slice(5, 7)}-${digits.slice(0, 2)}`],
        ...(region ? { region, timeZone: ZONES[region] } : { timeZone: "America/New_York" }), source: "sample", tags: [SAMPLE_TAG] });
    }
  }
  return clients;
}

/** Adds the sample: clients, their stages, touches logged and planned, what they say in
 * `words` (the reader's `strings.sample`). `progress(done, total)` is told as it goes.
 * Resolves to how many clients were added. */
export async function addSample(crm, words, progress = () => {}, count = 300) {
  const ids = await crm.addClients(sampleClients(count));
  const next = random(7);
  const [sales] = crm.pipelines();
  const stages = sales.stages.filter((st) => !st.retired).map((st) => st.id);
  const tomorrow = new Date(Date.now() + 86_400_000);
  tomorrow.setHours(11, 0, 0, 0);
  for (const [i, id] of ids.entries()) {
    // Most leads stay early; a few get far: a funnel that narrows.
    const reach = Math.min(stages.length, 1 + Math.floor(-Math.log(1 - next() * 0.95) * 1.6));
    for (const stage of stages.slice(0, reach)) await crm.moveStage(id, { pipeline: sales.id, stage });
    if (i % 7 === 3) await crm.moveStage(id, { pipeline: sales.id, lost: words.lostReasons[next() < 0.5 ? 0 : 1] });
    // Sample touches are marked as the client's own request, so the contact rules (call
    // hours in the client's zone, limits) never stop the sample halfway.
    if (i % 4 === 1) {
      const at = new Date(tomorrow.getTime() - (2 + (i % 9)) * 86_400_000);
      await crm.logTouch({ clientId: id, channel: i % 8 === 1 ? "meeting" : "call", at: at.toISOString(), summary: words.discussed, requested: true });
    }
    if (i % 5 === 2) {
      const at = new Date(tomorrow.getTime() + (i % 3) * 86_400_000);
      await crm.planTouch({ clientId: id, channel: "call", at: at.toISOString(), goal: "send_offer", approach: words.approach, plannedResult: words.offerSent, requested: true });
    }
    if (i % 25 === 0) progress(i, ids.length);
  }
  localStorage.setItem(key(crm), "added");
  return ids.length;
}

/** Removes every sample client (tagged "sample"); resolves to how many. */
export async function removeSample(crm) {
  const ids = [];
  let page = crm.clients({ filter: { tag: SAMPLE_TAG }, limit: 500 });
  ids.push(...page.items.map((c) => c.id));
  while (page.next) {
    page = crm.clients({ filter: { tag: SAMPLE_TAG }, limit: 500, after: page.next });
    ids.push(...page.items.map((c) => c.id));
  }
  for (const id of ids) await crm.removeClient(id);
  localStorage.setItem(key(crm), "removed");
  return ids.length;
}

/** Whether the base holds the sample now. */
export const hasSample = (crm) => localStorage.getItem(key(crm)) === "added";

/** The first-run offer, on an empty base the rep has not answered yet; null otherwise. */
export function sampleOffer(app, total) {
  const s = app.strings.sample;
  if (total > 0 || localStorage.getItem(key(app.crm))) return null;
  const status = h("p", { class: "muted", id: "sample-status", role: "status" });
  const add = h("button", { type: "button", id: "sample-add", onclick: async () => {
    add.disabled = true;
    decline.disabled = true;
    try {
      const n = await addSample(app.crm, s, (done, of) => { status.textContent = s.adding(done, of); });
      app.changed();
      app.go("clients", { done: s.added(n) });
    } catch (error) {
      status.textContent = app.describe(error);
      add.disabled = false;
      decline.disabled = false;
    }
  } }, s.add);
  const decline = h("button", { type: "button", class: "ghost", id: "sample-decline", onclick: () => {
    localStorage.setItem(key(app.crm), "declined");
    app.go("clients");
  } }, s.decline);
  return h("div", { class: "sample-offer", id: "sample-offer" },
    h("p", {}, s.offer), h("div", { class: "inline" }, add, decline), status);
}
