// Every value at the JS boundary is checked: each method of `Crm`, enumerated from the
// class at run time (so a new one cannot escape), is called with values of the wrong type
// in each argument position. Each call must end as a RipenError of kind "validation"
// naming the argument — a rejection, never a synchronous throw, where the typings promise
// a Promise — with the data unchanged and wasm memory back where it was. After `close()`
// or `free()` every method gives kind "closed".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { startServer } from "../support/server.mjs";
import { launch, watchErrors } from "../support/browser.mjs";

const typings = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../www/pkg/ripen_wasm.d.ts");

/** `Crm`'s methods as the typings declare them: name, static or not, parameters, async. */
function declaredMethods(dts) {
  const start = dts.indexOf("export class Crm {");
  assert.notEqual(start, -1, "the typings declare class Crm");
  const body = dts.slice(start, dts.indexOf("\n}", start));
  const methods = {};
  for (const line of body.split("\n")) {
    const match = /^\s+(static\s+)?(\w+)\((.*)\):\s*(.+);$/.exec(line);
    if (!match) continue;
    const [, isStatic, name, params, returns] = match;
    methods[`${isStatic ? "static " : ""}${name}`] = {
      name,
      isStatic: Boolean(isStatic),
      params: splitTopLevel(params).map((param) => {
        const at = param.indexOf(":");
        const raw = param.slice(0, at).trim();
        // wasm-bindgen prefixes a parameter named by a reserved word ("with") with "_".
        return { name: raw.replace(/\?$/, "").replace(/^_/, ""), optional: raw.endsWith("?"), type: param.slice(at + 1).trim() };
      }),
      async: returns.startsWith("Promise<"),
    };
  }
  return methods;
}

function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let current = "";
  for (const c of text) {
    if ("({[<".includes(c)) depth++;
    if (")}]>".includes(c)) depth--;
    if (c === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

let server;
let browser;
let page;
let errors;

before(async () => {
  server = await startServer();
  browser = await launch();
  page = await (await browser.newContext()).newPage();
  errors = watchErrors(page);
  // A page of the app's origin that does not start the app: nothing else uses the engine.
  // (The browser asks such a page for a favicon, which the app does not have.)
  await page.route("**/favicon.ico", (route) => route.fulfill({ status: 204 }));
  await page.goto(`${server.url}manifest.webmanifest`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the typings declare every method the class has, and no other", async () => {
  const declared = declaredMethods(readFileSync(typings, "utf8"));
  const actual = await page.evaluate(async () => {
    const { Crm } = await import("/pkg/ripen_wasm.js");
    // "__"-prefixed members are wasm-bindgen's own plumbing (`__wrap`, `__destroy_into_raw`).
    const own = (target) =>
      Object.getOwnPropertyNames(target).filter(
        (name) => !name.startsWith("__") && typeof Object.getOwnPropertyDescriptor(target, name).value === "function",
      );
    return [...own(Crm.prototype).filter((name) => name !== "constructor"), ...own(Crm).map((name) => `static ${name}`)];
  });
  assert.deepEqual([...actual].sort(), Object.keys(declared).sort());
  assert.ok(actual.length > 60, `expected the whole API, found ${actual.length} methods`);
});

test("every argument of every method refuses values of the wrong type, before they reach wasm memory", async () => {
  const declared = declaredMethods(readFileSync(typings, "utf8"));
  const outcome = await page.evaluate(async (methods) => {
    const module = await import("/pkg/ripen_wasm.js");
    const { Crm } = module;
    const wasm = await module.default();
    const memory = () => wasm.memory.buffer.byteLength;
    const name = `boundary-${Date.now()}-${Math.random()}`;
    const crm = await Crm.open(name, { user: "anna" });
    const company = await crm.addClient({ name: "ООО «Ромашка»", phones: ["+7 383 200-00-00"] });
    const person = await crm.addClient({ name: "Иван Петров", kind: "person" });
    const touch = await crm.planTouch({ clientId: company.id, channel: "email", goal: "send_offer", approach: "a", plannedResult: "r" });
    const link = await crm.link(company.id, person.id, "employee");
    const [event] = await crm.history(company.id);

    // A well-formed value for every parameter, so that a refusal is the bad argument's.
    const byName = {
      id: company.id, clientId: company.id, keepId: company.id, dropId: person.id, from: company.id, to: person.id,
      eventId: event.eventId, pipeline: "sales", stage: "lead_received", kind: "partner", query: "Ром",
      user: "anna", name, backup: "{}", file: new TextEncoder().encode("Имя\nАнна\n"), callback: () => {},
      order: ["lead_received"], actions: ["Позвонить"], clients: [{ name: "Новый" }], draft: { name: "Ромашка" },
      settings: null, grantee: { user: "anna" }, rule: crm.rules()[0], position: 0, client: person.id, show: "s1.1",
      photo: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" }),
      plan: { owner: { user: "anna" }, metric: "deals", target: 1, from: "2026-03-01", to: "2026-04-01" },
    };
    const byMethod = {
      "completeTouch.id": touch.id, "missTouch.id": touch.id, "cancelTouch.id": touch.id, "removeRule.id": "call_hours",
      "saveUser.id": "boris", "saveTeam.id": "nsk", "endLink.id": link.id, "unsubscribe.id": 1,
      "addStage.stage": { id: "extra", name: "Extra" }, "changeStage.patch": { id: "lead_received", name: "Lead" },
      "open.options": { user: "anna" }, "funnel.options": { pipeline: "sales" },
      "connectHub.options": { url: "http://127.0.0.1:9/", database: "team", token: "t" },
      "addClient.input": { name: "Новый" }, "updateClient.patch": { region: "Урал" }, "rename.input": { name: "АО «Ромашка»" },
      "addAlias.input": { name: "Romashka", kind: "latin" }, "removeAlias.alias": { name: "Romashka", kind: "latin" },
      "planTouch.input": { clientId: company.id, channel: "email", goal: "send_offer", approach: "a", plannedResult: "r" },
      "logTouch.input": { clientId: company.id, channel: "email", direction: "inbound" },
      "checkTouch.input": { clientId: company.id, channel: "email" },
      "completeTouch.input": { outcome: "success" }, "addPipeline.input": { id: "events", name: "Events", stages: [{ id: "met", name: "Met" }] },
      "moveStage.input": { pipeline: "sales", stage: "lead_received" }, "saveUser.input": { name: "Борис", role: "manager" },
      "saveTeam.input": { name: "Новосибирск" }, "handOff.input": { to: "anna" }, "endLink.input": { on: "2026-03-01" },
      "saveShow.show": { name: "Иннопром", starts: "2026-07-07", ends: "2026-07-10", pipeline: "sales", stage: "lead_received" },
      "captureLead.lead": { client: { name: "Новый" } }, "qualifyLead.changes": { rating: "hot" },
      "recordConsent.consent": { contact: true, marketing: false, source: "call" },
      "readScan.text": "MECARD:N:Doe,John;;",
      "previewFollowUps.options": { clients: [{ client: company.id, priority: "hot" }] },
      "planFollowUps.options": { clients: [{ client: company.id, priority: "hot" }] },
      "addCardPhoto.client": company.id, "addCardPhoto.photo": new Blob(["x"], { type: "image/jpeg" }),
      "cardPhotos.client": company.id, "removeCardPhoto.client": company.id, "removeCardPhoto.photo": "p1",
      "renderTemplate.templateId": "sales-offer_sent-message-en", "removeTemplate.id": "sales-offer_sent-message-en",
      "saveTemplate.template": { id: "offer-ru", pipeline: "sales", stage: "offer_sent", channel: "email", locale: "ru", name: "КП", body: "Здравствуйте, {name}" },
      "previewCampaign.options": { summary: "Весна", window: { from: "2026-03-01T00:00:00Z", to: "2026-03-15T00:00:00Z" } },
      "planCampaign.options": { summary: "Весна", window: { from: "2026-03-01T00:00:00Z", to: "2026-03-15T00:00:00Z" } },
    };
    const validFor = (method, param) => {
      const key = `${method.name}.${param.name}`;
      if (key in byMethod) return byMethod[key];
      if (param.name in byName) return byName[param.name];
      if (param.optional) return undefined;
      throw new Error(`no valid value for ${key}: add one to the test's table`);
    };

    // The wrong values, each with the parameter types for which it is in fact right.
    const blob = new Blob(["Имя\nАнна\n"]);
    // Inspecting these throws: an exception must not unwind through the engine's frames.
    const trap = () => {
      throw new Error("trap");
    };
    const hostile = Object.fromEntries(
      ["get", "has", "ownKeys", "getPrototypeOf", "getOwnPropertyDescriptor", "apply", "construct"].map((name) => [name, trap]),
    );
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const wrong = [
      { label: "a number", make: () => 42, rightFor: (t) => t === "number" },
      { label: "NaN", make: () => NaN },
      { label: "a plain object of the wrong shape", make: () => ({ nope: true }) },
      { label: "an array", make: () => ["x"], rightFor: (t) => t.endsWith("[]") },
      { label: "null", make: () => null, rightFor: (t, optional) => optional || t.includes("| null") },
      { label: "undefined", make: () => undefined, rightFor: (_, optional) => optional },
      { label: "a huge array-like", make: () => ({ length: 1e8 }) },
      { label: "a 2 MB string", make: () => "x".repeat(2 * 2 ** 20), rightFor: (t) => t === "ImportFile" },
      { label: "a lone surrogate", make: () => "ab\uD800cd" },
      { label: "an invalid Date", make: () => new Date(NaN) },
      { label: "a Blob", make: () => blob, rightFor: (t) => t === "ImportFile" || t.split(" | ").includes("Blob") },
      { label: "a BigInt", make: () => 10n },
      { label: "a Proxy whose every trap throws", make: () => new Proxy({}, hostile) },
      { label: "a revoked Proxy", make: () => revoked },
    ];

    const snapshot = () =>
      JSON.stringify([crm.listClients(), crm.users(), crm.teams(), crm.pipelines(), crm.rules(), crm.routing(), crm.imports(), crm.plans(), crm.stimuli("sales", "lead_received")]);
    const eventCount = async () => (await crm.storageInfo()).events;

    const failures = [];
    let calls = 0;
    /** Calls `target[name](...args)`: whether it threw, returned, resolved or rejected. */
    const invoke = async (target, name, args) => {
      calls++;
      let result;
      try {
        result = target[name](...args);
      } catch (error) {
        return { how: "threw", error };
      }
      if (!(result instanceof Promise)) return { how: "returned", result };
      return result.then((value) => ({ how: "resolved", result: value }), (error) => ({ how: "rejected", error }));
    };
    const expectRefusal = (method, what, outcome, kind, field) => {
      const where = `${method.isStatic ? "Crm." : "crm."}${method.name}(${what})`;
      const expected = method.async ? "rejected" : "threw";
      if (outcome.how !== expected) {
        failures.push(`${where}: ${outcome.how}${outcome.error ? ` ${outcome.error}` : ""}, expected to be ${expected}`);
        return;
      }
      const { error } = outcome;
      if (!(error instanceof Error) || error.name !== "RipenError" || error.kind !== kind) {
        failures.push(`${where}: ${error?.name} kind ${error?.kind}: ${error?.message}, expected kind ${kind}`);
      } else if (kind === "validation" && (typeof error.problem !== "string" || (field !== undefined && error.field !== field))) {
        failures.push(`${where}: field ${error.field} problem ${error.problem}: ${error.message}, expected field ${field}`);
      }
    };

    const sweep = async () => {
      for (const method of Object.values(methods)) {
        if (method.name === "close" || method.name === "free") continue;
        for (const [position, param] of method.params.entries()) {
          for (const value of wrong) {
            if (value.rightFor?.(param.type, param.optional)) continue;
            const args = method.params.map((p, i) => (i === position ? value.make() : validFor(method, p)));
            const outcome = await invoke(method.isStatic ? Crm : crm, method.name, args);
            expectRefusal(method, `${param.name}: ${value.label}`, outcome, "validation", param.name);
          }
        }
      }
    };

    const before = { data: snapshot(), events: await eventCount() };
    const memoryAtStart = memory();
    await sweep();
    const memoryAfterFirst = memory();
    await sweep();
    const memoryAfterSecond = memory();
    const unchanged = snapshot() === before.data && (await eventCount()) === before.events;

    // The case the fuzzer found leaking ~50 MB a call, measured on its own.
    const arrayLikeBefore = memory();
    for (let i = 0; i < 20; i++) {
      try { crm.getClient({ length: 1e8 }); } catch { /* refused, as the sweep checks */ }
      await crm.addClient({ length: 1e8 }).catch(() => {});
      try { crm.search({ length: 1e8 }); } catch { /* refused */ }
    }
    const arrayLikeAfter = memory();

    // After close(): every method says "closed"; closing again is harmless.
    const closedPhase = async (closed, how) => {
      for (const method of Object.values(methods)) {
        if (method.isStatic || method.name === "close" || method.name === "free") continue;
        const valid = method.params.map((p) => validFor(method, p));
        expectRefusal(method, `after ${how}`, await invoke(closed, method.name, valid), "closed");
        if (method.params.length > 0) {
          const wrongArgs = method.params.map(() => ({ length: 1e8 }));
          expectRefusal(method, `wrong arguments after ${how}`, await invoke(closed, method.name, wrongArgs), "closed");
        }
      }
    };
    await crm.close();
    await closedPhase(crm, "close()");
    await crm.close(); // again: resolves
    crm.free(); // after close: nothing to do, no throw

    const freed = await Crm.open(name, { user: "anna" });
    const disposeIsFree = freed[Symbol.dispose] === freed.free;
    freed.free();
    freed.free(); // twice: harmless
    await closedPhase(freed, "free()");

    await Crm.deleteDatabase(name);
    return {
      failures,
      calls,
      unchanged,
      disposeIsFree,
      memory: { memoryAtStart, memoryAfterFirst, memoryAfterSecond, arrayLikeBefore, arrayLikeAfter },
    };
  }, declared);

  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const m = outcome.memory;
  console.log(
    `boundary: ${outcome.calls} calls; wasm memory ${mb(m.memoryAtStart)} → ${mb(m.memoryAfterFirst)} → ${mb(m.memoryAfterSecond)}; ` +
      `60 calls with a {length: 1e8} array-like: ${mb(m.arrayLikeBefore)} → ${mb(m.arrayLikeAfter)}`,
  );
  assert.deepEqual(outcome.failures, []);
  assert.ok(outcome.calls > 1000, `only ${outcome.calls} calls were made`);
  assert.ok(outcome.unchanged, "the refused calls changed the data");
  assert.ok(outcome.disposeIsFree, "Symbol.dispose is free()");
  assert.ok(m.memoryAfterFirst - m.memoryAtStart <= 4 * 2 ** 20, `the first sweep grew wasm memory by ${mb(m.memoryAfterFirst - m.memoryAtStart)}`);
  assert.equal(m.memoryAfterSecond, m.memoryAfterFirst, "a second sweep grew wasm memory: something leaks");
  assert.equal(m.arrayLikeAfter, m.arrayLikeBefore, "array-likes grew wasm memory");
  assert.deepEqual(errors, []);
});

/** Runs `body(crm, Crm)` in the page against a fresh database; returns what it returns. */
async function inPage(body) {
  return page.evaluate(async (source) => {
    const { Crm } = await import("/pkg/ripen_wasm.js");
    const name = `boundary-${Date.now()}-${Math.random()}`;
    const crm = await Crm.open(name, { user: "anna" });
    /** The error a call ends with, thrown or rejected, as plain data. */
    const refusal = async (call) => {
      try {
        await call();
      } catch (error) {
        return { kind: error.kind, field: error.field, problem: error.problem, message: error.message };
      }
      return { kind: "none" };
    };
    try {
      // The body arrives as source text: functions do not cross into the page otherwise.
      return await (0, eval)(`(${source})`)(crm, Crm, refusal);
    } finally {
      await crm.close();
      await Crm.deleteDatabase(name);
    }
  }, body.toString());
}

test("values inside objects are checked too: no NaN, invalid Date or Map silently becomes null or {}", async () => {
  const refusals = await inPage(async (crm, Crm, refusal) => {
    const { id } = await crm.addClient({ name: "ООО «Ромашка»" });
    const touch = { clientId: id, channel: "email", goal: "send_offer", approach: "a", plannedResult: "r" };
    return {
      invalidDate: await refusal(() => crm.planTouch({ ...touch, at: new Date(NaN) })),
      nan: await refusal(() => crm.logTouch({ clientId: id, channel: "call", direction: "inbound", nps: NaN })),
      map: await refusal(() => crm.previewImport("Имя\nАнна\n", { mapping: new Map([["Имя", "name"]]) })),
      loneSurrogate: await refusal(() => crm.updateClient(id, { tags: ["ok", "bad\uDC00"] })),
      func: await refusal(() => crm.updateClient(id, { region: () => "Сибирь" })),
      toJson: await refusal(() => crm.addClient({ name: "X", toJSON: () => undefined })),
      tooMany: await refusal(() => crm.updateClient(id, { phones: Array.from({ length: 21 }, (_, i) => `+7 913 000-00-${10 + i}`) })),
      hugeList: await refusal(() => crm.updateClient(id, { tags: new Array(1e8) })),
      yearZero: await refusal(() => crm.updateClient(id, { wishes: [{ text: "x", notedOn: "0000-01-01" }] })),
      yearTooFar: await refusal(() => crm.rename(id, { name: "АО «Ромашка»", since: "+10000-01-01" })),
      timeYearZero: await refusal(() => crm.planTouch({ ...touch, at: "0000-03-02T10:00:00Z" })),
      longQuery: await refusal(() => crm.search("я".repeat(301))),
      historyOfAMillion: await refusal(() => crm.history("x".repeat(1e6))),
      validDateCrosses: (await crm.planTouch({ ...touch, at: new Date("2026-03-02T10:00:00Z") })).at,
    };
  });
  const brief = Object.fromEntries(Object.entries(refusals).map(([k, v]) => [k, typeof v === "string" ? v : `${v.kind} ${v.field} ${v.problem}`]));
  assert.deepEqual(brief, {
    invalidDate: "validation at invalid_date",
    nan: "validation nps out_of_range",
    map: "validation mapping wrong_type",
    loneSurrogate: "validation tags[1] lone_surrogate",
    func: "validation region wrong_type",
    toJson: "validation input wrong_type",
    tooMany: "validation phones too_many",
    hugeList: "validation tags too_many",
    yearZero: "validation wishes[0].notedOn out_of_range",
    yearTooFar: "validation since out_of_range",
    timeYearZero: "validation at out_of_range",
    longQuery: "validation query too_long",
    historyOfAMillion: "validation id too_long",
    validDateCrosses: "2026-03-02T10:00:00.000Z",
  });
});

test("names, aliases and user ids refuse the characters that would let them pass for others", async () => {
  const refusals = await inPage(async (crm, Crm, refusal) => {
    const { id } = await crm.addClient({ name: "ООО «Ромашка»" });
    const spoofed = "anna\u202Enimda";
    return {
      name: await refusal(() => crm.addClient({ name: spoofed })),
      alias: await refusal(() => crm.addAlias(id, { name: "Romashka\u2066", kind: "latin" })),
      rename: await refusal(() => crm.rename(id, { name: "Ро\u00ADмашка" })),
      openAs: await refusal(() => Crm.open(crm.name, { user: "anna\u200B" })),
      switchTo: await refusal(() => crm.switchUser("anna\u202E")),
      saveUser: await refusal(() => crm.saveUser("bo\u2067ris", { name: "Борис", role: "manager" })),
      userName: await refusal(() => crm.saveUser("boris", { name: "Бо\u202Eрис", role: "manager" })),
      database: await refusal(() => Crm.open("acme\u202E", { user: "anna" })),
      loneDatabase: await refusal(() => Crm.open("acme\uD800", { user: "anna" })),
      otherLoneDatabase: await refusal(() => Crm.deleteDatabase("acme\uDFFF")),
      joinersStay: (await crm.addClient({ name: "می\u200Cخواهم 👩\u200D💻" })).name,
    };
  });
  const brief = Object.fromEntries(Object.entries(refusals).map(([k, v]) => [k, typeof v === "string" ? v : `${v.kind} ${v.field} ${v.problem}`]));
  assert.deepEqual(brief, {
    name: "validation name control_character",
    alias: "validation name control_character",
    rename: "validation name control_character",
    openAs: "validation user control_character",
    switchTo: "validation user control_character",
    saveUser: "validation id control_character",
    userName: "validation name control_character",
    database: "validation name control_character",
    loneDatabase: "validation name lone_surrogate",
    otherLoneDatabase: "validation name lone_surrogate",
    joinersStay: "می\u200Cخواهم 👩\u200D💻",
  });
});

test("previewImport and importFile take a File or Blob, a file's text, or its bytes in any typed array or buffer", async () => {
  const seen = await inPage(async (crm, Crm, refusal) => {
    const text = "Имя;Телефон\nАнна Петрова;+7 913 000-00-01\nБорис;+7 913 000-00-02\n";
    const bytes = new TextEncoder().encode(text);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    const rows = async (file) => {
      const preview = await crm.previewImport(file);
      return `${preview.rows}/${preview.ready}`;
    };
    const number = await refusal(() => crm.previewImport(42));
    return {
      string: await rows(text),
      uint8: await rows(bytes),
      arrayBuffer: await rows(bytes.buffer),
      offsetView: await rows(padded.subarray(4, 4 + bytes.length)),
      dataView: await rows(new DataView(padded.buffer, 4, bytes.length)),
      blob: await rows(new Blob([text])),
      emptyBuffer: (await refusal(() => crm.previewImport(new ArrayBuffer(0)))).problem,
      emptyFile: (await refusal(() => crm.previewImport(new File([], "empty.csv")))).problem,
      number: `${number.field} ${number.problem}`,
      importedFile: (await crm.importFile(new File([text], "a.csv"), { fileName: "a.csv" })).added,
    };
  });
  assert.deepEqual(seen, {
    string: "2/2",
    uint8: "2/2",
    arrayBuffer: "2/2",
    offsetView: "2/2",
    dataView: "2/2",
    blob: "2/2",
    emptyBuffer: "empty",
    emptyFile: "empty",
    number: "file wrong_type",
    importedFile: 2,
  });
});
