// Files as the browser keeps them: an export as a `Blob`, and a `Blob` (or `File`) given
// to an import read into bytes or text. Nothing here throws: a hostile value (a Proxy
// whose traps throw, a revoked one) reads as "not a Blob", and the boundary refuses it —
// an exception must not unwind through the engine's frames.

const isBlob = (value) => {
  try {
    return typeof Blob !== "undefined" && value instanceof Blob;
  } catch {
    return false;
  }
};

/** A `Blob` of `parts` (strings, byte arrays), never joined into one string first. */
export function blobOf(parts, type) {
  return new Blob(parts, { type });
}

/** The size of a `Blob` or `File` in bytes; -1 for anything else. */
export function blobSize(value) {
  try {
    return isBlob(value) ? value.size : -1;
  } catch {
    return -1; // a Proxy of a Blob: not one the boundary takes
  }
}

/** The bytes of a `Blob` or `File`, as a promise (that may reject, read as a refusal). */
export function bytesOfBlob(value) {
  try {
    return value.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The text of a `Blob` or `File` (as UTF-8), as a promise (that may reject). */
export function textOfBlob(value) {
  try {
    return value.text();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The bytes of a `Blob` in base64 (standard alphabet, padded), as a promise: the
 * browser's own encoder, so a photo's bytes never cross into wasm memory. */
export function base64OfBlob(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** A `Blob` of `type` from base64 text; null when the text is not base64. */
export function blobOfBase64(text, type) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type });
}

/** A `Blob`'s MIME type, or "" for anything else. */
export function blobType(value) {
  try {
    return isBlob(value) ? String(value.type) : "";
  } catch {
    return "";
  }
}
