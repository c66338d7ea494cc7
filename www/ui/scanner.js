// The camera scanner of the capture screen: a modal dialog with the rear camera's live
// picture, reading QR codes (a business card's vCard or MECARD…), code 128 and PDF417
// (badges). The browser's own `BarcodeDetector` reads them where it has all three
// formats (Android's Chrome, Safari on iOS 17+, macOS); elsewhere — Chrome on Linux and
// Windows, Firefox — zxing-cpp compiled to wasm (npm `zxing-wasm`, its reader-only
// build), which `cargo xtask build` copies into `pkg/zxing/` and the service worker
// keeps, so scanning works offline. It is imported only when the camera opens.
//
// Frames are read as the video delivers them (`requestVideoFrameCallback`, else
// `requestAnimationFrame`), at most one every 100 ms and never while a read runs. The
// camera stops on a result, on Close or Escape, and when the page is hidden.
import { h, fill } from "./dom.js";

const NATIVE_FORMATS = ["qr_code", "code_128", "pdf417"];
const ZXING_FORMATS = ["QRCode", "Code128", "PDF417"];
/** The shortest time between two reads of the picture. */
const INTERVAL_MS = 100;
/** The widest picture the fallback decoder reads (a wider one is scaled down first). */
const MAX_WIDTH = 960;
/** A code refused (not a contact) is not read again for this long. */
const REFUSED_MS = 3000;

// Literal paths, so a bundler sees the module (a chunk of its own) and the .wasm (an asset).
const ZXING_WASM = new URL("../pkg/zxing/reader/zxing_reader.wasm", import.meta.url).href;

let zxing = null;

/** zxing-wasm's reader, loaded once per page; its .wasm from the package, never from the
 * CDN its default `locateFile` names. */
export function loadZxing() {
  zxing ??= import("../pkg/zxing/es/reader/index.js")
    .then(async (module) => {
      await module.prepareZXingModule({
        overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? ZXING_WASM : prefix + path) },
        fireImmediately: true,
      });
      return module;
    })
    .catch((error) => {
      zxing = null;
      throw error;
    });
  return zxing;
}

/** The browser's detector, when it reads all three formats. */
async function nativeDecoder() {
  if (typeof globalThis.BarcodeDetector !== "function") return null;
  try {
    const supported = await globalThis.BarcodeDetector.getSupportedFormats();
    if (!NATIVE_FORMATS.every((f) => supported.includes(f))) return null;
    const detector = new globalThis.BarcodeDetector({ formats: NATIVE_FORMATS });
    return { name: "native", read: async (video) => (await detector.detect(video)).find((c) => c.rawValue)?.rawValue ?? null };
  } catch {
    return null;
  }
}

/** A reader of the picture's pixels through zxing-wasm. */
export async function zxingDecoder() {
  const module = await loadZxing();
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return {
    name: "zxing",
    read: async (source) => {
      const fullWidth = source.videoWidth ?? source.width;
      const fullHeight = source.videoHeight ?? source.height;
      if (!fullWidth || !fullHeight) return null;
      // A 720p or 1080p picture is read at most 960 pixels wide, which bounds a frame's
      // time; a card's code held up to the camera keeps several pixels a module.
      const scale = Math.min(1, MAX_WIDTH / fullWidth);
      const width = Math.round(fullWidth * scale);
      const height = Math.round(fullHeight * scale);
      if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
      context.drawImage(source, 0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      const found = await module.readBarcodes(image, { formats: ZXING_FORMATS, tryHarder: true, maxNumberOfSymbols: 1, textMode: "Plain" });
      // Text without an ECI is taken as UTF-8 when it is valid UTF-8 (zxing-cpp's guess), as
      // phones' generators write Cyrillic: the e2e test's MECARD reads so.
      return found.find((r) => r.isValid && r.text)?.text ?? null;
    },
  };
}

/** What went wrong opening the camera, in the reader's words. */
function cameraProblem(s, error) {
  switch (error?.name) {
    case "NotAllowedError":
    case "SecurityError":
      return s.denied;
    case "NotFoundError":
    case "OverconstrainedError":
    case "DevicesNotFoundError":
      return s.noCamera;
    case "NotReadableError":
    case "AbortError":
      return s.busy;
    default:
      return s.failed(error?.message ?? String(error));
  }
}

/**
 * Opens the scanner over the app. `read(text)` turns a code's text into a lead (it may
 * throw a RipenError: the code is said to be no contact and scanning goes on); `done`
 * gets the lead once read. The dialog is put in `host` (inside the app's shadow root, for
 * its styles); focus returns to `opener` when it closes.
 */
export function openScanner(app, { read, done, opener, host }) {
  const s = app.strings.scanner;
  const video = h("video", { id: "scanner-video", muted: true, playsInline: true, autoplay: true, "aria-label": s.preview });
  const status = h("p", { id: "scanner-status", role: "status", "aria-live": "polite" }, s.starting);
  const problem = h("p", { id: "scanner-problem", class: "error", role: "alert", hidden: true });
  const close = h("button", { type: "button", id: "scanner-close", class: "ghost" }, s.close);
  const dialog = h("dialog", { id: "scanner", class: "scanner", "aria-labelledby": "scanner-heading", "aria-describedby": "scanner-hint" },
    h("h2", { id: "scanner-heading" }, s.heading),
    h("p", { id: "scanner-hint", class: "muted" }, s.hint),
    h("div", { class: "viewfinder" }, video, h("div", { class: "aim", "aria-hidden": "true" })),
    status, problem, h("div", { class: "actions" }, close));

  let stream = null;
  let stopped = false;
  let busy = false;
  let last = 0;
  const refused = new Map();

  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const track of stream?.getTracks() ?? []) track.stop();
    video.srcObject = null;
    document.removeEventListener("visibilitychange", hidden);
    globalThis.removeEventListener("pagehide", stop);
    if (dialog.open) dialog.close();
    dialog.remove();
    opener?.focus();
  };
  const hidden = () => { if (document.visibilityState === "hidden") stop(); };
  const fail = (message) => {
    for (const track of stream?.getTracks() ?? []) track.stop();
    status.hidden = true;
    problem.hidden = false;
    fill(problem, message);
    close.focus();
  };
  close.addEventListener("click", stop);
  // Escape: the dialog's own cancel.
  dialog.addEventListener("cancel", (event) => { event.preventDefault(); stop(); });
  document.addEventListener("visibilitychange", hidden);
  globalThis.addEventListener("pagehide", stop);

  host.append(dialog);
  dialog.showModal();
  close.focus();

  const next = (decoder) => {
    if (stopped) return;
    const tick = () => frame(decoder);
    if (typeof video.requestVideoFrameCallback === "function") video.requestVideoFrameCallback(tick);
    else requestAnimationFrame(tick);
  };
  const frame = async (decoder) => {
    // The screen was drawn again (another tab's change) and took the dialog with it.
    if (!dialog.isConnected) return stop();
    if (stopped) return;
    const now = performance.now();
    if (busy || now - last < INTERVAL_MS || video.readyState < 2) return next(decoder);
    busy = true;
    last = now;
    try {
      const text = await decoder.read(video);
      if (text && !stopped && !(refused.get(text) > performance.now())) {
        status.textContent = s.reading;
        try {
          const lead = await read(text);
          if (stopped) return;
          stop();
          done(lead);
          return;
        } catch (failure) {
          refused.set(text, performance.now() + REFUSED_MS);
          const said = failure?.problem === "not_a_contact" ? s.notAContact : failure?.problem === "no_name" ? s.noName : app.describe(failure);
          problem.hidden = false;
          fill(problem, said);
          status.textContent = s.looking;
        }
      }
    } catch {
      // A frame the decoder could not take (the video resized under it): the next one.
    } finally {
      busy = false;
    }
    next(decoder);
  };

  (async () => {
    if (!globalThis.isSecureContext) return fail(s.insecure);
    if (!navigator.mediaDevices?.getUserMedia) return fail(s.noCamera);
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (error) {
      return fail(cameraProblem(s, error));
    }
    if (stopped) {
      for (const track of stream.getTracks()) track.stop();
      return undefined;
    }
    video.srcObject = stream;
    video.play().catch(() => {});
    let decoder = await nativeDecoder();
    if (!decoder) {
      status.textContent = s.loading;
      try {
        decoder = await zxingDecoder();
      } catch {
        return fail(s.decoderFailed);
      }
    }
    if (stopped) return undefined;
    dialog.dataset.decoder = decoder.name;
    status.textContent = s.looking;
    next(decoder);
    return undefined;
  })();

  return { close: stop };
}
