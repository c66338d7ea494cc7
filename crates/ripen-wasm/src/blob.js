// Files as the browser keeps them: an export as a `Blob`, and a `Blob` (or `File`) given
// to an import read into bytes.

/** A `Blob` of `parts` (strings, byte arrays), never joined into one string first. */
export function blobOf(parts, type) {
  return new Blob(parts, { type });
}

/** The bytes of a `Blob` or `File`, as a promise; `undefined` for anything else. */
export function bytesOfBlob(value) {
  return typeof Blob !== "undefined" && value instanceof Blob ? value.arrayBuffer().then((b) => new Uint8Array(b)) : undefined;
}

/** The size of a `Blob` or `File` in bytes; -1 for anything else. */
export function blobSize(value) {
  return typeof Blob !== "undefined" && value instanceof Blob ? value.size : -1;
}

/** The text of a `Blob` or `File` (as UTF-8), as a promise; `undefined` for anything else. */
export function textOfBlob(value) {
  return typeof Blob !== "undefined" && value instanceof Blob ? value.text() : undefined;
}
