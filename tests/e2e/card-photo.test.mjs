// A photo of a business card at a stand, as a rep takes it on a tablet and a phone, in
// Russian and English: one tap for the camera, one for Save — the lead is kept under the
// time it was taken, the photo shrunk on the device (a 3000×1800 camera frame becomes
// 1600 px on its longest side) and kept with it; on the client's card the rep sees the
// photo, adds the other side and removes one; the photos survive a reload with the
// network off and ride in a backup restored into another database. Screenshots of the
// form with the photo and of the card are kept in tests/.artifacts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { SIZES, screenshot, serveAndLaunch, watchErrors } from "../support/browser.mjs";

const env = await serveAndLaunch({ before, after });
const WORDS = {
  ru: { card: /^Визитка \d\d:\d\d$/, photos: "Фото визиток", saved: "Сохранён" },
  en: { card: /^Card \d\d?:\d\d( [AP]M)?$/, photos: "Card photos", saved: "Saved" },
};

/** A camera frame of a business card, drawn by the browser: JPEG bytes. */
async function cameraFrame(page, width, height, lines) {
  const base64 = await page.evaluate(async ([width, height, lines]) => {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext("2d");
    g.fillStyle = "#f4f1e8";
    g.fillRect(0, 0, width, height);
    g.fillStyle = "#1d2b24";
    g.font = `${Math.round(height / 9)}px sans-serif`;
    lines.forEach((line, i) => g.fillText(line, width / 12, (height / 4) * (i + 1)));
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }, [width, height, lines]);
  return Buffer.from(base64, "base64");
}

const photosOf = (page, id) => page.evaluate(async (id) => {
  const photos = await window.crm.cardPhotos(id);
  return Promise.all(photos.map(async (p) => {
    const bitmap = await createImageBitmap(p.blob);
    return { id: p.id, type: p.type, bytes: p.bytes, width: bitmap.width, height: bitmap.height };
  }));
}, id);

for (const lang of ["ru", "en"]) {
  for (const size of ["tablet", "phone"]) {
    test(`a rep keeps a card's photo with a lead and reads it later (${lang}, ${size})`, async () => {
      const tag = `${lang}-${size}`;
      const words = WORDS[lang];
      const context = await env.browser.newContext({ viewport: SIZES[size], locale: lang === "ru" ? "ru-RU" : "en-US", hasTouch: size === "phone" });
      await context.addInitScript((lang) => localStorage.setItem("ripen.lang", lang), lang);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(env.server.url);
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");

      // The camera (a file input with `capture`, so a tablet opens its rear camera), then Save.
      const front = await cameraFrame(page, 3000, 1800, ["ИВАН ПЕТРОВ", "ООО «Сибмоторс»", "+7 383 209-00-00"]);
      const camera = page.locator("#capture-photo");
      assert.equal(await camera.getAttribute("capture"), "environment");
      assert.equal(await camera.getAttribute("accept"), "image/*");
      await camera.setInputFiles({ name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: front });
      await page.locator("#capture-photo-preview img").waitFor();
      await screenshot(page, `card-photo-form-${tag}`);
      await page.locator("#capture-save").click();
      await page.locator("#capture-done").waitFor({ state: "visible" });
      assert.match(await page.locator("#capture-done").textContent(), new RegExp(words.saved));
      assert.equal(await page.locator("#capture-photo-preview img").count(), 0, "the form is blank for the next lead");

      const [lead] = await page.evaluate(() => window.crm.listClients());
      assert.match(lead.name, words.card, "named by when the card was taken");
      const [kept] = await photosOf(page, lead.id);
      assert.equal(kept.type, "image/jpeg");
      assert.deepEqual([kept.width, kept.height], [1600, 960], "shrunk on the device");
      assert.ok(kept.bytes < front.length, `${kept.bytes} < ${front.length}`);

      // On the card: the photo, another side added, one removed.
      await page.locator("[data-screen=clients]").click();
      await page.getByText(lead.name).first().click();
      await page.locator("#card-photos img").first().waitFor();
      assert.equal(await page.locator("#card-photos-part h3").textContent(), words.photos);
      const back = await cameraFrame(page, 1200, 700, ["ivan@sibmotors.ru"]);
      await page.locator("#card-photo-add").setInputFiles({ name: "back.jpg", mimeType: "image/jpeg", buffer: back });
      await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelectorAll("#card-photos img").length === 2);
      await screenshot(page, `card-photo-card-${tag}`);
      assert.equal((await photosOf(page, lead.id)).length, 2);

      // The network gone and the page reloaded: the photos are still on the device.
      await context.setOffline(true);
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
      const afterReload = await photosOf(page, lead.id);
      assert.deepEqual(afterReload.map((p) => p.width), [1600, 1200]);
      assert.equal((await page.evaluate(() => window.crm.storageInfo())).photos.count, 2);
      await context.setOffline(false);

      // A backup carries them into another database.
      const restored = await page.evaluate(async (id) => {
        const backup = await window.crm.exportBackup();
        const { Crm } = await import(new URL("./pkg/ripen_wasm.js", location.href).href);
        const copy = await Crm.open(`photo-restore-${Math.random()}`, { user: window.crm.user });
        await copy.importBackup(backup);
        const photos = await copy.cardPhotos(id);
        const sizes = photos.map((p) => p.blob.size);
        await copy.close();
        await Crm.deleteDatabase(copy.name);
        return sizes;
      }, lead.id);
      assert.deepEqual(restored, afterReload.map((p) => p.bytes));

      // Removed from the card.
      await page.locator("[data-screen=clients]").click();
      await page.getByText(lead.name).first().click();
      await page.locator("#card-photos li").first().locator("button").click();
      await page.waitForFunction(() => document.querySelector("ripen-crm").shadowRoot.querySelectorAll("#card-photos img").length === 1);
      assert.equal((await photosOf(page, lead.id)).length, 1);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
}
