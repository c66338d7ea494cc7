// Scanning at a stand with the tablet's camera, offline: Chromium's fake camera is fed
// videos this test makes — a QR code holding a vCard, one holding a MECARD, a badge's
// code 128 with an attendee id, a PDF417 badge with the attendee's data, and a Wi-Fi QR
// code that is no contact — each symbol drawn by bwip-js (an encoder independent of the
// decoder), rasterised in the browser and written as a YUV 4:2:0 Y4M file. The app is
// opened online once (the service worker caches the reader and the decoder), then the
// network is cut and the code scanned: the capture form is prefilled, the lead saved
// with the right fields. Also measured: the fallback decoder's time per frame (and the
// browser's BarcodeDetector's, where headless Chromium has one) and its size.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { createRequire } from "node:module";
import bwipjs from "bwip-js";
import { artifacts, launch, screenshot, watchErrors, SIZES } from "../support/browser.mjs";
import { startServer } from "../support/server.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const videos = path.join(artifacts, "scan");
mkdirSync(videos, { recursive: true });

const WIDTH = 640;
const HEIGHT = 480;
const FRAMES = 5;

/** What each video shows, as bwip-js draws it. */
const SYMBOLS = {
  vcard: {
    bcid: "qrcode",
    text: "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smirnova;Anna;;;\r\nFN:Anna Smirnova\r\nORG:Acme Ltd\r\nTITLE:CTO\r\nTEL;TYPE=CELL:+7 913 000-00-01\r\nEMAIL:anna@acme.example\r\nURL:https://acme.example\r\nEND:VCARD\r\n",
  },
  mecard: { bcid: "qrcode", text: "MECARD:N:Петров,Иван;ORG:ООО «Ромашка»;TEL:+7 383 200-00-02;EMAIL:ivan@romashka.example;NOTE:Хочет демо\\; звонить после 14:00;;" },
  code128: { bcid: "code128", text: "100234", height: 18 },
  pdf417: { bcid: "pdf417", text: "100235^Jane^Roe^Initech^Head of IT^jane@initech.example^+1 212 555 0100^US" },
  wifi: { bcid: "qrcode", text: "WIFI:T:WPA;S:Stand 12;P:secret;;" },
};

let server;
let plain;
/** Each symbol's frame, as luminance (one byte a pixel). */
const frames = {};

/** The symbol as a 640×480 frame's luminance: drawn by bwip-js as a PNG, then scaled
 * without smoothing onto white in the browser (which decodes the PNG for us). */
async function frame(page, symbol) {
  // bwip-js writes text as its UTF-8 bytes, without an ECI, as phones' QR generators do.
  const png = await bwipjs.toBuffer({ ...symbol, scale: 1, paddingwidth: 0, paddingheight: 0 });
  const luma = await page.evaluate(async ({ data, width, height }) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = Object.assign(document.createElement("canvas"), { width, height });
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, width, height);
    context.imageSmoothingEnabled = false;
    // The largest whole scale that leaves a quiet zone around the symbol.
    const scale = Math.max(1, Math.floor(Math.min((width * 0.8) / image.width, (height * 0.7) / image.height)));
    const w = image.width * scale;
    const h = image.height * scale;
    context.drawImage(image, Math.round((width - w) / 2), Math.round((height - h) / 2), w, h);
    const rgba = context.getImageData(0, 0, width, height).data;
    let binary = "";
    for (let i = 0; i < rgba.length; i += 4) binary += String.fromCharCode(Math.round(0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2]));
    return btoa(binary);
  }, { data: png.toString("base64"), width: WIDTH, height: HEIGHT });
  return Buffer.from(luma, "base64");
}

/** A frame with no code: what most frames are while the rep aims (seeded noise over a
 * gradient, so the decoder has edges to try). */
function noise() {
  const luma = Buffer.alloc(WIDTH * HEIGHT);
  let seed = 7;
  for (let i = 0; i < luma.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    luma[i] = Math.min(255, ((i % WIDTH) * 200) / WIDTH + (seed % 56));
  }
  return luma;
}

/** A Y4M video of `luma` repeated: YUV 4:2:0, grey (U and V at 128). */
function y4m(luma) {
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const one = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  return Buffer.concat([header, ...Array(FRAMES).fill(one)]);
}

before(async () => {
  server = await startServer();
  plain = await launch();
  const page = await (await plain.newContext()).newPage();
  for (const [name, symbol] of Object.entries(SYMBOLS)) {
    frames[name] = await frame(page, symbol);
    writeFileSync(path.join(videos, `${name}.y4m`), y4m(frames[name]));
  }
  await page.context().close();
});

after(async () => {
  await plain?.close();
  await server?.stop();
});

/** The app on a tablet whose camera shows `video`, opened online once and then cut off
 * from the network, the reader and the decoder cached. `{ browser, page, errors, $ }`. */
async function offlineTabletFilming(video, lang = "en", contextOptions = {}) {
  const browser = await launch([
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    `--use-file-for-fake-video-capture=${path.join(videos, `${video}.y4m`)}`,
  ]);
  const context = await browser.newContext({ viewport: SIZES.tablet, permissions: ["camera"], timezoneId: "Europe/Moscow", ...contextOptions });
  await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await page.waitForFunction(async () => {
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      if (await cache.match("./pkg/zxing/reader/zxing_reader.wasm") && await cache.match("./pkg/reader/ripen_reader_bg.wasm")) return true;
    }
    return false;
  }, null, { timeout: 60_000, polling: 500 });
  await context.setOffline(true);
  // Nothing is asked of another origin: the decoder's .wasm comes from the package (its
  // default would be a CDN's).
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== new URL(server.url).origin) errors.push(`request elsewhere: ${request.url()}`);
  });
  const $ = (id) => page.locator(`#${id}`);
  return { browser, page, errors, $ };
}

/** Scans what the camera shows; the form's values once prefilled. */
async function scan({ page, $ }) {
  await $("capture-scan").click();
  await $("scanner").waitFor({ state: "visible" });
  await $("capture-scanned").waitFor({ state: "visible", timeout: 30_000 });
  assert.equal(await $("scanner").count(), 0, "the scanner closes on a result");
  const values = {};
  for (const field of ["name", "kind", "company", "phone", "email", "note"]) values[field] = await $(`capture-${field}`).inputValue();
  return { values };
}

/** The client saved last, with its employer. */
const savedLead = (page) => page.evaluate(() => {
  const people = window.crm.listClients().filter((c) => c.kind === "person");
  const client = people[people.length - 1];
  const employer = window.crm.relationships(client.id).find((r) => r.kind === "employee");
  return {
    name: client.name, phones: client.phones.map((p) => p.e164), emails: client.emails,
    website: client.website, notes: client.notes, source: client.source,
    employer: employer ? window.crm.getClient(employer.from).name : null,
  };
});

test("a vCard QR code becomes a lead, offline, with its company, position and website", async () => {
  const app = await offlineTabletFilming("vcard");
  try {
    const started = Date.now();
    const { values } = await scan(app);
    const prefilled = Date.now() - started;
    assert.deepEqual(values, {
      name: "Anna Smirnova", kind: "person", company: "Acme Ltd", phone: "+7 913 000-00-01", email: "anna@acme.example", note: "Position: CTO",
    });
    assert.match(await app.$("capture-scanned").textContent(), /Scanned “Anna Smirnova”.*Website: https:\/\/acme\.example/);
    await screenshot(app.page, "scan-prefilled-vcard");
    const saving = Date.now();
    await app.$("capture-save").click();
    await app.$("capture-done").waitFor({ state: "visible" });
    console.log(`\na scanned lead (vCard QR, fake camera, offline, zxing): 2 taps (Scan, Save); prefilled ${prefilled} ms after the tap on Scan (camera start and decoder load included), saved ${Date.now() - saving} ms after Save (screenshot time left out)`);
    assert.deepEqual(await savedLead(app.page), {
      name: "Anna Smirnova", phones: ["79130000001"], emails: ["anna@acme.example"], website: "https://acme.example",
      notes: "Position: CTO", source: "stand", employer: "Acme Ltd",
    });
    assert.deepEqual(app.errors, []);
  } finally {
    await app.browser.close();
  }
});

test("a MECARD QR code prefills the form, and a second scan of the same person warns of the duplicate", async () => {
  const app = await offlineTabletFilming("mecard", "ru");
  try {
    const { values } = await scan(app);
    assert.deepEqual(values, {
      name: "Иван Петров", kind: "person", company: "ООО «Ромашка»", phone: "+7 383 200-00-02", email: "ivan@romashka.example", note: "Хочет демо; звонить после 14:00",
    });
    await app.$("capture-save").click();
    await app.$("capture-done").waitFor({ state: "visible" });
    assert.equal((await savedLead(app.page)).employer, "ООО «Ромашка»");
    // The same card again: the form's own duplicate warning names the lead just saved.
    await scan(app);
    await app.$("capture-duplicates").waitFor({ state: "visible" });
    assert.match(await app.$("capture-duplicates").textContent(), /Иван Петров/);
    assert.equal(await app.$("capture-done").isVisible(), false, "the last save's message is gone");
    await screenshot(app.page, "scan-duplicate-mecard");
    assert.deepEqual(app.errors, []);
  } finally {
    await app.browser.close();
  }
});

test("a code 128 badge id alone becomes a lead to complete", async () => {
  const app = await offlineTabletFilming("code128");
  try {
    const { values } = await scan(app);
    assert.deepEqual(values, { name: "Badge 100234", kind: "person", company: "", phone: "", email: "", note: "Badge: 100234" });
    assert.match(await app.$("capture-scanned").textContent(), /Badge 100234 scanned/);
    assert.equal(await app.page.evaluate(() => document.querySelector("ripen-crm").shadowRoot.activeElement?.id), "capture-name", "the name to type is focused");
    await app.$("capture-save").click();
    await app.$("capture-done").waitFor({ state: "visible" });
    const lead = await savedLead(app.page);
    assert.deepEqual([lead.name, lead.notes], ["Badge 100234", "Badge: 100234"]);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.browser.close();
  }
});

test("a PDF417 badge with the attendee's data becomes a lead with them", async () => {
  const app = await offlineTabletFilming("pdf417");
  try {
    const { values } = await scan(app);
    assert.deepEqual(values, {
      name: "Jane Roe", kind: "person", company: "Initech", phone: "+1 212 555 0100", email: "jane@initech.example",
      note: "Position: Head of IT\nAddress: US\nBadge: 100235",
    });
    await app.$("capture-save").click();
    await app.$("capture-done").waitFor({ state: "visible" });
    const lead = await savedLead(app.page);
    assert.deepEqual([lead.name, lead.phones, lead.employer], ["Jane Roe", ["12125550100"], "Initech"]);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.browser.close();
  }
});

test("a code that is no contact is said so, the scanner stays open, and Escape closes it and stops the camera", async () => {
  // The page's CSP would refuse axe's script.
  const app = await offlineTabletFilming("wifi", "en", { bypassCSP: true });
  try {
    await app.$("capture-scan").click();
    await app.$("scanner-problem").waitFor({ state: "visible", timeout: 30_000 });
    assert.match(await app.$("scanner-problem").textContent(), /not a contact/);
    assert.equal(await app.page.evaluate(() => document.querySelector("ripen-crm").shadowRoot.activeElement?.id), "scanner-close");
    const live = () => app.page.evaluate(() => {
      const video = document.querySelector("ripen-crm").shadowRoot.getElementById("scanner-video");
      return video?.srcObject?.getTracks().some((t) => t.readyState === "live") ?? false;
    });
    assert.equal(await live(), true);
    await screenshot(app.page, "scan-scanner-open");
    await app.page.addScriptTag({ path: AXE });
    const violations = await app.page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations);
    assert.deepEqual(violations.map((v) => `${v.impact} ${v.id} at ${v.nodes.map((n) => n.target).join(", ")}`), [], "axe finds nothing in the open scanner");
    await app.page.keyboard.press("Escape");
    await app.$("scanner").waitFor({ state: "detached" });
    assert.equal(await app.page.evaluate(() => document.querySelector("ripen-crm").shadowRoot.activeElement?.id), "capture-scan", "focus back on Scan");
    assert.equal(await app.$("capture-name").inputValue(), "", "nothing prefilled");
    assert.deepEqual(app.errors, []);
  } finally {
    await app.browser.close();
  }
});

test("no camera, a denied camera and a page that is not secure are each said plainly", async () => {
  const insecure = server.url.replace("127.0.0.1", "stand.example");
  for (const [args, permissions, url, said] of [
    [["--use-fake-ui-for-media-stream"], ["camera"], server.url, /No camera was found/],
    [["--use-fake-device-for-media-stream"], [], server.url, /denied/],
    [["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--host-resolver-rules=MAP stand.example 127.0.0.1"], ["camera"], insecure, /secure page/],
  ]) {
    // Without a fake device Chromium's headless shell has no camera; without the fake UI
    // and with no permission granted, the request is refused; plain http to a name that
    // is not this machine's is no secure context.
    const browser = await launch(args);
    try {
      const context = await browser.newContext({ viewport: SIZES.tablet, permissions });
      await context.addInitScript(() => localStorage.setItem("ripen.lang", "en"));
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
      await page.locator("#capture-scan").click();
      await page.locator("#scanner-problem").waitFor({ state: "visible", timeout: 20_000 });
      assert.match(await page.locator("#scanner-problem").textContent(), said);
      await page.locator("#scanner-close").click();
      await page.locator("#scanner").waitFor({ state: "detached" });
    } finally {
      await browser.close();
    }
  }
});

test("the fallback decoder's time per frame and size (measured)", async () => {
  const page = await (await plain.newContext()).newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  const timings = await page.evaluate(async ({ frames, width, height }) => {
    const { zxingDecoder } = await import("./ui/scanner.js");
    const loadStart = performance.now();
    const decoder = await zxingDecoder();
    const load = performance.now() - loadStart;
    const native = typeof globalThis.BarcodeDetector === "function"
      ? await globalThis.BarcodeDetector.getSupportedFormats().catch(() => [])
      : null;
    const detector = native?.length ? new globalThis.BarcodeDetector({ formats: native.filter((f) => ["qr_code", "code_128", "pdf417"].includes(f)) }) : null;
    const rows = {};
    for (const [name, luma] of Object.entries(frames)) {
      const bytes = Uint8Array.from(atob(luma), (c) => c.charCodeAt(0));
      const canvas = Object.assign(document.createElement("canvas"), { width, height });
      const image = new ImageData(width, height);
      for (let i = 0; i < bytes.length; i++) image.data.set([bytes[i], bytes[i], bytes[i], 255], i * 4);
      canvas.getContext("2d").putImageData(image, 0, 0);
      const times = [];
      let text = null;
      for (let run = 0; run < 12; run++) {
        const start = performance.now();
        text = await decoder.read(canvas);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const row = { text, median: times[6], best: times[0], worst: times[11] };
      if (detector) {
        const nativeTimes = [];
        for (let run = 0; run < 12; run++) {
          const start = performance.now();
          await detector.detect(canvas);
          nativeTimes.push(performance.now() - start);
        }
        row.native = nativeTimes.sort((a, b) => a - b)[6];
      }
      rows[name] = row;
    }
    return { load, native, rows };
  }, { frames: { ...Object.fromEntries(Object.entries(frames).map(([k, v]) => [k, v.toString("base64")])), none: noise().toString("base64") }, width: WIDTH, height: HEIGHT });
  await page.context().close();
  for (const [name, row] of Object.entries(timings.rows)) assert.equal(row.text, SYMBOLS[name]?.text ?? null, `${name} reads back`);
  const wasm = readFileSync(path.join(root, "www/pkg/zxing/reader/zxing_reader.wasm"));
  const js = ["es/reader/index.js", "es/share.js"].map((f) => readFileSync(path.join(root, "www/pkg/zxing", f)));
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  console.log(`\nscanner decoder (zxing-wasm reader, ${WIDTH}×${HEIGHT} frames; headless Chromium, this machine):`);
  console.log(`  BarcodeDetector: ${timings.native === null ? "absent" : `formats ${timings.native.join(", ") || "none"}`}`);
  console.log(`  first load (module + wasm compile, from the local server): ${timings.load.toFixed(0)} ms`);
  console.log("| symbol | zxing median ms | best | worst | native median ms |");
  console.log("|---|---|---|---|---|");
  for (const [name, row] of Object.entries(timings.rows)) {
    console.log(`| ${name} | ${row.median.toFixed(1)} | ${row.best.toFixed(1)} | ${row.worst.toFixed(1)} | ${row.native?.toFixed(1) ?? "—"} |`);
  }
  console.log(`  size: zxing_reader.wasm ${kb(wasm.length)} raw, ${kb(gzipSync(wasm, { level: 9 }).length)} gzip, ${kb(brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length)} brotli; its JS ${kb(js.reduce((n, b) => n + b.length, 0))} raw, ${kb(js.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0))} gzip`);
  assert.ok(statSync(path.join(root, "www/pkg/zxing/LICENSE")).isFile(), "the decoder's licence ships with it");
});

test("readScan's duplicates are findDuplicates' for the draft it gives, and a refusal names its problem", async () => {
  const page = await (await plain.newContext()).newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
  const outcome = await page.evaluate(async () => {
    const crm = window.crm;
    await crm.addClient({ name: "Анна Смирнова", kind: "person", phones: ["+7 913 000-00-01"] });
    await crm.addClient({ name: "ООО «Ромашка»", emails: ["info@romashka.example"] });
    await crm.addClient({ name: "Smirnova Anna", kind: "person" });
    const compared = [];
    for (const text of [
      "MECARD:N:Smirnova,Anna;TEL:8 913 000-00-01;;",
      "BIZCARD:C:ООО «Ромашка»;E:info@romashka.example;;",
      "100235^Anna^Smirnova^Acme^CTO^anna@acme.example",
      "mailto:nobody@nowhere.example",
    ]) {
      const scan = await crm.readScan(text);
      const found = crm.findDuplicates(scan.draft, { limit: 5 });
      compared.push({ text, scanned: scan.duplicates.map((d) => [d.client.name, d.score]), typed: found.map((d) => [d.client.name, d.score]) });
    }
    const refusals = [];
    for (const text of ["", "SMSTO:+79130000001:hi", "x".repeat(4097), "Ж".repeat(2100)]) {
      const e = await crm.readScan(text).catch((error) => error);
      refusals.push([e.kind, e.field, e.problem]);
    }
    return { compared, refusals };
  });
  await page.context().close();
  for (const { text, scanned, typed } of outcome.compared) assert.deepEqual(scanned, typed, text);
  assert.ok(outcome.compared[0].scanned.length >= 2, "a person found by phone and by name in either script");
  assert.deepEqual(outcome.compared[3].scanned, []);
  assert.deepEqual(outcome.refusals, [
    ["validation", "text", "empty"],
    ["validation", "text", "not_a_contact"],
    ["validation", "text", "too_long"],
    ["validation", "text", "too_large"],
  ]);
  assert.deepEqual(errors, []);
});
