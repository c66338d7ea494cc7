// Photos of business cards: taken with the tablet's camera (or picked from its gallery)
// on the capture screen, shrunk on the device to what is needed to read a card, and kept
// with the lead, so the rep can take the card and type the rest later; shown, added and
// removed on the client's card. The bytes stay in IndexedDB beside the log (`addCardPhoto`).
import { h, fill } from "./dom.js";

/** The longest side a kept photo has: a card's smallest print stays readable. */
const LONGEST_SIDE = 1600;
const CAMERA = new URL("../icons/camera.svg", import.meta.url).href;
const KEPT_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif", "image/avif", "image/gif"]);

/**
 * The photo as kept: a camera's 3–8 MB shrunk to a JPEG of at most 1600 px a side (a few
 * hundred KB of the device's quota). A format the browser cannot draw (HEIC in Chromium)
 * is kept as taken; anything else that is no image is refused by the engine.
 */
export async function shrink(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file;
  }
  const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
  if (scale === 1 && file.type === "image/jpeg" && file.size < 600_000) {
    bitmap.close();
    return file;
  }
  const canvas = h("canvas", { width: Math.round(bitmap.width * scale), height: Math.round(bitmap.height * scale) });
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const shrunk = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
  return shrunk && shrunk.size < file.size ? shrunk : file;
}

/** A button that opens the camera (the rear one on a tablet; the file picker elsewhere)
 * through a file input kept out of sight and out of the tab order. */
function cameraButton(id, label, onPicked) {
  const input = h("input", { type: "file", id, accept: "image/*", hidden: true, tabIndex: -1 });
  input.setAttribute("capture", "environment");
  input.addEventListener("change", () => {
    const [file] = input.files ?? [];
    input.value = "";
    if (file) onPicked(file);
  });
  const icon = h("img", { src: CAMERA, alt: "", width: 24, height: 24 });
  const button = h("button", { type: "button", class: "ghost photo-button", id: `${id}-button`, onclick: () => input.click() }, icon, label);
  return h("span", { class: "photo-control" }, button, input);
}

/**
 * The capture form's photo: one tap takes it, a thumbnail shows it, another tap removes
 * it. `photo()` is the shrunk Blob to keep with the lead once it is saved, or null.
 */
export function photoPicker(strings) {
  let photo = null;
  let url = null;
  const preview = h("div", { class: "photo-preview", id: "capture-photo-preview", role: "status" });
  const clear = () => {
    if (url) URL.revokeObjectURL(url);
    photo = null;
    url = null;
    fill(preview);
  };
  const show = () => {
    fill(preview, h("img", { src: url, alt: strings.photoAlt, class: "thumb" }),
      h("button", { type: "button", class: "ghost small", id: "capture-photo-remove", onclick: clear }, strings.removePhoto));
  };
  const element = h("div", { class: "photo-field" },
    cameraButton("capture-photo", strings.photo, async (file) => {
      clear();
      photo = await shrink(file);
      url = URL.createObjectURL(photo);
      show();
    }),
    preview);
  return { element, photo: () => photo, clear };
}

/** Whether the browser may keep `blob` as a card photo (its type the engine takes). */
export const keepable = (blob) => KEPT_TYPES.has(blob?.type);

/** The card's photos: thumbnails opening the full photo, remove, add another. */
export function photosPart(app, client) {
  const s = app.strings.card;
  const list = h("ul", { class: "photos", id: "card-photos" });
  const status = h("p", { class: "error", id: "card-photos-error", role: "alert", hidden: true });
  let urls = [];
  const say = (failure) => {
    status.hidden = !failure;
    status.textContent = failure ? app.describe(failure) : "";
  };
  const draw = async () => {
    let photos = [];
    try {
      photos = await app.crm.cardPhotos(client.id);
    } catch (failure) {
      say(failure);
    }
    for (const url of urls) URL.revokeObjectURL(url);
    urls = photos.map((p) => URL.createObjectURL(p.blob));
    fill(list, photos.map((p, i) => h("li", { "data-photo": p.id },
      h("a", { href: urls[i], target: "_blank", rel: "noopener", "aria-label": s.openPhoto(i + 1) },
        h("img", { src: urls[i], alt: s.photoAlt(i + 1), class: "thumb" })),
      h("button", { type: "button", class: "ghost small", onclick: async () => {
        try {
          await app.crm.removeCardPhoto(client.id, p.id);
          say(null);
        } catch (failure) {
          say(failure);
        }
        draw();
      } }, s.removePhoto))));
  };
  draw();
  const add = cameraButton("card-photo-add", s.addPhoto, async (file) => {
    try {
      await app.crm.addCardPhoto(client.id, await shrink(file));
      say(null);
    } catch (failure) {
      say(failure);
    }
    draw();
  });
  return h("section", { class: "part", id: "card-photos-part" }, h("h3", {}, s.photos), list, status, add);
}
