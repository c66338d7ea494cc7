// Quick capture: a new lead in seconds at a stand — name, company, phone, e-mail,
// interest, note and the next step — with a duplicate warning and company suggestions
// while typing. Saved on the device, so it works with no network. What is typed is kept
// (a refused save, a look at a duplicate, a reload); a lead saved whose next step was
// refused is never added twice; Enter moves to the next field, only Save saves. A photo
// of the business card is kept with the lead: with the photo, a lead needs no name yet
// ("Card 14:05"), and the rep types the rest later from the photo on the client's card.
import { h, fill, debounce } from "./dom.js";
import { photoPicker } from "./card-photo.js";
import { showPart } from "./capture-show.js";
import { loadDraft, saveDraft, clearDraft } from "./capture-draft.js";
import { ZONES, deviceZone, zoneLabel, zoneOfPhone } from "./time-zones.js";
import { formatPercent, locale } from "./i18n.js";
import { openScanner } from "./scanner.js";

const GOALS = ["identify_need", "send_offer", "schedule_meeting", "offer_follow_up", "request_details"];
const CHANNELS = ["call", "email", "meeting", "message"];
/** Legal forms left out when a typed company is matched to one in the base. */
const LEGAL_FORMS = new Set(["ооо", "оао", "зао", "пао", "ао", "ип", "нко", "llc", "ltd", "inc", "gmbh", "co"]);

/** Tomorrow at 10:00 local time, as a `datetime-local` value. */
function tomorrowAtTen() {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  const pad = (n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T10:00`;
}

/** A company's name as compared: case, quotes and legal form aside. */
const companyKey = (name) => name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w && !LEGAL_FORMS.has(w)).join(" ");

const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);

/** Which input an engine error's `field` (`phones[0]`, `timeZone`, …) is about. */
const FIELD_OF = { name: "name", phones: "phone", emails: "email", timeZone: "zone", notes: "note", wishes: "interest", at: "when", plannedResult: "plannedResult", goal: "goal", channel: "channel" };

export function captureScreen(app) {
  const s = app.strings.capture;
  const input = (name, props = {}) => h("input", { name, id: `capture-${name}`, type: "text", autocomplete: "off", ...props });
  const name = input("name", { placeholder: s.namePlaceholder, enterKeyHint: "next", required: true });
  const companies = h("datalist", { id: "capture-companies" });
  const company = input("company", { enterKeyHint: "next" });
  company.setAttribute("list", "capture-companies");
  const phone = input("phone", { type: "tel", inputMode: "tel", enterKeyHint: "next" });
  const email = input("email", { type: "email", inputMode: "email", enterKeyHint: "next" });
  const interest = input("interest", { enterKeyHint: "next" });
  const note = h("textarea", { name: "note", id: "capture-note", rows: 2 });
  const kind = h("select", { name: "kind", id: "capture-kind" },
    h("option", { value: "company" }, s.company), h("option", { value: "person" }, s.person));
  const zones = ZONES.includes(deviceZone()) ? ZONES : [deviceZone(), ...ZONES];
  const zone = h("select", { name: "zone", id: "capture-zone" }, zones.map((z) => h("option", { value: z }, zoneLabel(z, locale(app.lang), s.cities))));
  const goal = h("select", { name: "goal", id: "capture-goal" },
    h("option", { value: "" }, s.noNextStep), GOALS.map((g) => h("option", { value: g }, app.strings.goals[g])));
  const channel = h("select", { name: "channel", id: "capture-channel" }, CHANNELS.map((c) => h("option", { value: c }, app.strings.channels[c])));
  const when = h("input", { name: "when", id: "capture-when", type: "datetime-local" });
  const planned = input("plannedResult", { enterKeyHint: "done" });
  const inputs = { name, kind, company, phone, email, interest, note, zone, goal, channel, when, plannedResult: planned };
  const duplicates = h("div", { class: "duplicates", id: "capture-duplicates", role: "status", hidden: true });
  const pending = h("p", { class: "muted", id: "capture-pending", role: "status", hidden: true });
  const startOver = h("button", { type: "button", class: "link", id: "capture-start-over", hidden: true }, s.startOver);
  const error = h("p", { class: "error", id: "capture-error", role: "alert", hidden: true });
  const done = h("p", { class: "ok", id: "capture-done", role: "status", hidden: true });
  const save = h("button", { type: "submit", id: "capture-save" }, s.save);
  const photo = photoPicker(s);
  const scan = h("button", { type: "button", id: "capture-scan", class: "ghost" }, app.strings.scanner.scan);
  const scanned = h("p", { class: "ok", id: "capture-scanned", role: "status", hidden: true });
  // At a show the rep works at today: its questions, a rating and the consent, one tap each.
  const atShow = showPart(app);
  const companyField = field(s.worksAt, company);
  const showKind = () => { companyField.hidden = kind.value !== "person"; };

  // The form as it was left: a draft, with the lead already saved if only its next step
  // was refused.
  let saved = null;
  let zoneChosen = false;
  // What a scan gave that the form has no field for (a website, more phones…): added to
  // the lead when it is saved.
  let extra = null;
  const blank = () => {
    for (const el of Object.values(inputs)) el.value = "";
    kind.value = "company";
    // At a show the follow-ups are planned after it, all at once (the stand screen).
    goal.value = atShow ? "" : "send_offer";
    channel.value = "call";
    when.value = tomorrowAtTen();
    zone.value = deviceZone();
    zoneChosen = false;
    saved = null;
    photo?.clear();
    extra = null;
    scanned.hidden = true;
    atShow?.clear();
  };
  const keep = () => {
    const values = Object.fromEntries(Object.entries(inputs).map(([key, el]) => [key, el.value]));
    saveDraft(app.crm, { values, saved, zoneChosen, extra });
  };
  const showPending = () => {
    pending.hidden = !saved;
    startOver.hidden = !saved;
    if (saved) pending.textContent = s.pending(saved.name);
  };
  blank();
  const draft = loadDraft(app.crm);
  if (draft) {
    for (const [key, value] of Object.entries(draft.values ?? {})) if (inputs[key] && value !== undefined) inputs[key].value = value;
    saved = draft.saved ?? null;
    zoneChosen = Boolean(draft.zoneChosen);
    extra = draft.extra ?? null;
  }
  showKind();
  showPending();

  const lead = () => {
    const d = { kind: kind.value };
    if (name.value.trim()) d.name = name.value;
    if (phone.value.trim()) d.phones = [phone.value];
    if (email.value.trim()) d.emails = [email.value];
    return d;
  };

  const warn = debounce(() => {
    let found = [];
    try {
      const d = lead();
      if (!saved && (d.name || d.phones || d.emails)) found = app.crm.findDuplicates(d, { limit: 3 });
    } catch {
      // A half-typed phone or e-mail is not a duplicate of anything yet.
    }
    duplicates.hidden = found.length === 0;
    // Opening a possible duplicate keeps this lead's draft: coming back finds it as typed.
    fill(duplicates, found.length ? h("p", {}, s.duplicates) : null, h("ul", {}, found.map((dup) =>
      h("li", {},
        h("span", { class: "name" }, dup.client.name),
        h("span", { class: "score" }, ` ${formatPercent(app.lang, dup.score / 100)}`),
        h("button", { type: "button", class: "link", onclick: () => { keep(); app.go("card", { id: dup.client.id }); } }, s.open)))));
  }, 120);
  const suggest = debounce(() => {
    const typed = company.value.trim();
    const hits = typed ? app.crm.search(typed, { limit: 5, filter: { kind: "company" } }) : [];
    fill(companies, hits.map((hit) => h("option", { value: hit.client.name })));
  }, 120);

  const form = h("form", { id: "capture", novalidate: true, autocomplete: "off" },
    h("div", { class: "capture-tools" }, scan, photo.element), scanned,
    h("div", { class: "grid" },
      field(s.name, name), field(s.kind, kind), companyField, field(s.phone, phone), field(s.email, email),
      field(s.interest, interest), field(s.zone, zone)),
    atShow?.element, field(s.note, note), companies,
    h("fieldset", { class: "next-step" }, h("legend", {}, s.nextStep),
      h("div", { class: "grid" }, field(s.goal, goal), field(s.channel, channel), field(s.when, when), field(s.plannedResult, planned))),
    duplicates, pending, startOver, error, h("div", { class: "actions" }, save), done);

  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  for (const el of [name, phone, email, kind]) el.addEventListener("input", warn);
  kind.addEventListener("change", showKind);
  company.addEventListener("input", suggest);
  zone.addEventListener("change", () => { zoneChosen = true; keep(); });
  // The client's zone follows the phone's region until the rep picks one.
  phone.addEventListener("input", () => {
    if (!zoneChosen) zone.value = zoneOfPhone(phone.value) ?? deviceZone();
  });
  // Enter goes to the next field: a name alone is not a lead by accident.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    event.preventDefault();
    const order = [...form.querySelectorAll("input, select, textarea, button[type=submit]")].filter((el) => !el.closest("[hidden]") && !el.disabled);
    order[order.indexOf(event.target) + 1]?.focus();
  });
  /** A scanned lead into the form: what it has a field for filled in, the rest kept for
   * the save; the duplicate warning as for typing. */
  const prefill = (lead) => {
    const ss = app.strings.scanner;
    blank();
    done.hidden = true;
    error.hidden = true;
    const d = lead.draft;
    const [firstPhone, ...phones] = d.phones ?? [];
    const [firstEmail, ...emails] = d.emails ?? [];
    name.value = d.name ?? (lead.badge ? ss.badgeName(lead.badge) : "");
    kind.value = d.kind ?? "company";
    company.value = lead.company ?? "";
    phone.value = firstPhone ?? "";
    email.value = firstEmail ?? "";
    note.value = [lead.position ? `${ss.position}: ${lead.position}` : null, d.notes].filter(Boolean).join("\n");
    extra = { phones, emails, website: d.website, region: d.region, tags: d.tags, dates: d.dates };
    if (!zoneChosen) zone.value = zoneOfPhone(phone.value) ?? deviceZone();
    const also = [d.website ? `${ss.website}: ${d.website}` : null, ...phones.map((p) => `${ss.alsoPhone}: ${p}`), ...emails.map((e) => `${ss.alsoEmail}: ${e}`)];
    scanned.hidden = false;
    const said = d.name ? ss.scanned(d.name) : lead.badge ? ss.badgeToComplete(lead.badge) : ss.urlToComplete(lead.url ?? "");
    fill(scanned, said, also.filter(Boolean).map((line) => h("span", { class: "meta" }, ` ${line}.`)));
    showKind();
    showPending();
    keep();
    // A badge's placeholder name is no one's: nothing to warn of until a name is typed.
    if (d.name) warn();
    name.focus();
    if (!d.name) name.select();
  };
  scan.addEventListener("click", () => {
    if (saved) {
      blank();
      clearDraft(app.crm);
    }
    openScanner(app, { read: (text) => app.crm.readScan(text), done: prefill, opener: scan, host: form.parentNode ?? form });
  });

  startOver.addEventListener("click", () => {
    blank();
    clearDraft(app.crm);
    showKind();
    showPending();
    error.hidden = true;
    name.focus();
  });

  /** Says what was refused beside the field it is about. */
  const refuse = (failure) => {
    const key = FIELD_OF[String(failure?.field ?? "").split(/[.[]/)[0]];
    const el = inputs[key];
    if (el) {
      el.setAttribute("aria-invalid", "true");
      el.setAttribute("aria-describedby", "capture-error");
      el.focus();
    }
    const label = el?.closest("label")?.firstChild?.textContent;
    error.hidden = false;
    error.dataset.kind = failure?.kind ?? "";
    error.dataset.field = failure?.field ?? "";
    const said = app.describe(failure);
    const where = label ? `${label}: ${said}` : said;
    error.textContent = saved ? s.nextStepRefused(saved.name, where) : where;
  };

  let saving = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // A double tap, or Enter on Save while the first save is under way, saves once.
    if (saving) return;
    saving = true;
    save.disabled = true;
    error.hidden = true;
    done.hidden = true;
    for (const el of Object.values(inputs)) el.removeAttribute("aria-invalid");
    try {
      const at = goal.value ? new Date(when.value) : null;
      if (at && Number.isNaN(at.getTime())) throw { field: "at", message: s.pickTime };
      if (!saved) {
        const input = lead();
        const card = photo.photo();
        // A card's photo alone is a lead: named by when it was taken until the rep types more.
        input.name = name.value.trim() || !card ? name.value : s.cardName(new Date().toLocaleTimeString(locale(app.lang), { hour: "2-digit", minute: "2-digit" }));
        input.timeZone = zone.value;
        if (note.value.trim()) input.notes = note.value;
        if (interest.value.trim()) input.wishes = [{ text: interest.value, notedOn: new Date().toISOString().slice(0, 10) }];
        input.source = "stand";
        if (extra) {
          input.phones = [...(input.phones ?? []), ...(extra.phones ?? [])];
          input.emails = [...(input.emails ?? []), ...(extra.emails ?? [])];
          for (const key of ["website", "region", "tags", "dates"]) if (extra[key] !== undefined) input[key] = extra[key];
        }
        // At a show: the client, its card at the show's stage, answers, rating and consent in one commit.
        const client = atShow
          ? await app.crm.captureLead({ show: atShow.show.id, client: input, ...atShow.values() })
          : await app.crm.addClient(input);
        // On the device now: whatever follows, a retry plans its next step, never adds it again.
        saved = { id: client.id, name: client.name };
        keep();
        app.changed();
        if (card) {
          try {
            await app.crm.addCardPhoto(client.id, card);
          } catch (failure) {
            // The lead is saved; the photo's refusal (a full disk) is said, not a reason to stop.
            saved.photoRefused = app.describe(failure);
          }
        }
        const [pipeline] = app.crm.pipelines();
        if (!atShow && pipeline?.stages.length) await app.crm.moveStage(client.id, { pipeline: pipeline.id, stage: pipeline.stages[0].id });
        if (kind.value === "person" && company.value.trim()) await linkEmployer(app, client, company.value);
      }
      if (at) {
        await app.crm.planTouch({
          clientId: saved.id, channel: channel.value, at: at.toISOString(), goal: goal.value,
          approach: interest.value.trim() || s.approachFromInterest, plannedResult: planned.value.trim() || app.strings.goals[goal.value],
        });
      }
      const name_ = saved.name;
      const photoRefused = saved.photoRefused;
      blank();
      clearDraft(app.crm);
      showKind();
      showPending();
      duplicates.hidden = true;
      done.hidden = false;
      done.textContent = photoRefused ? s.savedWithoutPhoto(name_, photoRefused) : s.saved(name_);
      app.changed();
      name.focus();
    } catch (failure) {
      showPending();
      refuse(failure);
    } finally {
      saving = false;
      save.disabled = false;
    }
  });

  return h("section", { class: "card screen", id: "screen-capture", "aria-labelledby": "capture-heading" },
    h("h2", { id: "capture-heading" }, s.heading), form);
}

/** Links a person to the company they work at: the one in the base under that name
 * (quotes, case and legal form aside), or a new one. */
async function linkEmployer(app, person, typed) {
  const key = companyKey(typed);
  const hits = app.crm.search(typed, { limit: 5, filter: { kind: "company" }, wait: true });
  const known = hits.find((hit) => companyKey(hit.client.name) === key)?.client;
  const employer = known ?? await app.crm.addClient({ name: typed.trim(), kind: "company", source: "stand" });
  await app.crm.link(employer.id, person.id, "employee");
}
