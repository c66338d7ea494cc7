// Quick capture: a new lead in under 20 seconds at a stand — name, company, phone, e-mail,
// interest, note and the next step — with a duplicate warning while typing. Saved on the
// device, so it works with no network.
import { h, fill, debounce } from "./dom.js";

const GOALS = ["identify_need", "send_offer", "schedule_meeting", "offer_follow_up", "request_details"];
const CHANNELS = ["call", "email", "meeting", "message"];

/** Tomorrow at 10:00 local time, as a `datetime-local` value. */
function tomorrowAtTen() {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(10, 0, 0, 0);
  const pad = (n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T10:00`;
}

const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);

export function captureScreen(app) {
  const s = app.strings.capture;
  const input = (name, props = {}) => h("input", { name, id: `capture-${name}`, type: "text", autocomplete: "off", ...props });
  const name = input("name", { placeholder: s.namePlaceholder, enterKeyHint: "next", required: true });
  const company = input("company");
  const phone = input("phone", { type: "tel", inputMode: "tel" });
  const email = input("email", { type: "email", inputMode: "email" });
  const interest = input("interest");
  const note = h("textarea", { name: "note", id: "capture-note", rows: 2 });
  const kind = h("select", { name: "kind", id: "capture-kind" },
    h("option", { value: "company" }, s.company), h("option", { value: "person" }, s.person));
  const goal = h("select", { name: "goal", id: "capture-goal" },
    h("option", { value: "" }, s.noNextStep), GOALS.map((g) => h("option", { value: g, selected: g === "send_offer" }, app.strings.goals[g])));
  const channel = h("select", { name: "channel", id: "capture-channel" }, CHANNELS.map((c) => h("option", { value: c }, app.strings.channels[c])));
  const when = h("input", { name: "when", id: "capture-when", type: "datetime-local", value: tomorrowAtTen() });
  const planned = input("plannedResult");
  const duplicates = h("div", { class: "duplicates", id: "capture-duplicates", role: "status", hidden: true });
  const error = h("p", { class: "error", id: "capture-error", role: "alert", hidden: true });
  const done = h("p", { class: "ok", id: "capture-done", role: "status", hidden: true });
  const save = h("button", { type: "submit", id: "capture-save" }, s.save);
  const companyField = field(s.worksAt, company);
  const showKind = () => { companyField.hidden = kind.value !== "person"; };
  kind.addEventListener("change", showKind);
  showKind();

  const draft = () => {
    const d = { kind: kind.value };
    if (name.value.trim()) d.name = name.value;
    if (phone.value.trim()) d.phones = [phone.value];
    if (email.value.trim()) d.emails = [email.value];
    return d;
  };

  const warn = debounce(() => {
    let found = [];
    try {
      const d = draft();
      if (d.name || d.phones || d.emails) found = app.crm.findDuplicates(d, { limit: 3 });
    } catch {
      // A half-typed phone or e-mail is not a duplicate of anything yet.
    }
    duplicates.hidden = found.length === 0;
    fill(duplicates, found.length ? h("p", {}, s.duplicates) : null, h("ul", {}, found.map((dup) =>
      h("li", {},
        h("span", { class: "name" }, dup.client.name),
        h("span", { class: "score" }, ` ${dup.score}%`),
        h("button", { type: "button", class: "link", onclick: () => app.go("card", { id: dup.client.id }) }, s.open)))));
  }, 120);
  for (const el of [name, phone, email, kind]) el.addEventListener("input", warn);

  const form = h("form", { id: "capture", novalidate: true, autocomplete: "off" },
    h("div", { class: "grid" },
      field(s.name, name), field(s.kind, kind), companyField, field(s.phone, phone), field(s.email, email),
      field(s.interest, interest)),
    field(s.note, note),
    h("fieldset", { class: "next-step" }, h("legend", {}, s.nextStep),
      h("div", { class: "grid" }, field(s.goal, goal), field(s.channel, channel), field(s.when, when), field(s.plannedResult, planned))),
    duplicates, error, h("div", { class: "actions" }, save), done);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    error.hidden = true;
    done.hidden = true;
    try {
      const input = draft();
      input.name = name.value;
      if (note.value.trim()) input.notes = note.value;
      if (interest.value.trim()) input.wishes = [{ text: interest.value, notedOn: new Date().toISOString().slice(0, 10) }];
      input.source = "stand";
      const client = await app.crm.addClient(input);
      if (kind.value === "person" && company.value.trim()) {
        const hit = app.crm.search(company.value, { limit: 1, filter: { kind: "company" }, wait: true })[0];
        const employer = hit && hit.score > 0 && hit.client.name.toLowerCase() === company.value.trim().toLowerCase()
          ? hit.client
          : await app.crm.addClient({ name: company.value, kind: "company", source: "stand" });
        await app.crm.link(employer.id, client.id, "employee");
      }
      if (goal.value) {
        await app.crm.planTouch({
          clientId: client.id, channel: channel.value, at: new Date(when.value).toISOString(), goal: goal.value,
          approach: interest.value.trim() || s.approachFromInterest, plannedResult: planned.value.trim() || app.strings.goals[goal.value],
        }).catch((refused) => {
          // The lead is saved; only its next step was refused (the contact rules, say).
          throw Object.assign(refused, { saved: client });
        });
      }
      form.reset();
      when.value = tomorrowAtTen();
      showKind();
      duplicates.hidden = true;
      done.hidden = false;
      done.textContent = s.saved(client.name);
      app.changed();
      name.focus();
    } catch (failure) {
      if (failure?.saved) {
        form.reset();
        app.changed();
      }
      error.hidden = false;
      error.textContent = (failure?.saved ? `${s.saved(failure.saved.name)} ` : "") + app.describe(failure);
      error.dataset.kind = failure?.kind ?? "";
      error.dataset.field = failure?.field ?? "";
    } finally {
      save.disabled = false;
    }
  });

  return h("section", { class: "card screen", id: "screen-capture", "aria-labelledby": "capture-heading" },
    h("h2", { id: "capture-heading" }, s.heading), form);
}
