// The team's lead key and the opening of sealed website leads, as a wasm-bindgen snippet:
// WebCrypto alone, exactly as docs/lead-form.md seals them — ECDH P-256 with the team's
// private key and the lead's ephemeral public key, HKDF-SHA-256 (the lead's salt, info
// "ripen-lead v1") into an AES-GCM-256 key, AES-GCM with the lead's id as additional data.

const CURVE = { name: "ECDH", namedCurve: "P-256" };
const INFO = new TextEncoder().encode("ripen-lead v1");

/** A fresh team key pair: the private JWK (kty, crv, x, y, d) as JSON text. */
export async function generateLeadKey() {
  const pair = await crypto.subtle.generateKey(CURVE, true, ["deriveBits"]);
  const { kty, crv, x, y, d } = await crypto.subtle.exportKey("jwk", pair.privateKey);
  return JSON.stringify({ kty, crv, x, y, d });
}

function bytes(b64url) {
  const text = atob(b64url.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

async function openWith(doc, jwk) {
  const privateKey = await crypto.subtle.importKey("jwk", { ...jwk, ext: true }, CURVE, false, ["deriveBits"]);
  const epk = await crypto.subtle.importKey("jwk", doc.epk, CURVE, false, []);
  const secret = await crypto.subtle.deriveBits({ name: "ECDH", public: epk }, privateKey, 256);
  const hkdf = await crypto.subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: bytes(doc.salt), info: INFO },
    hkdf,
    { name: "AES-GCM", length: 256 },
    false,
    ["decrypt"],
  );
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: bytes(doc.iv), additionalData: new TextEncoder().encode(doc._id) },
    key,
    bytes(doc.ct),
  );
  return new TextDecoder("utf-8", { fatal: true }).decode(plain);
}

/**
 * The plaintext of a sealed lead (`documentJson`: its checked fields), tried with each of
 * the team's private keys (`keysJson`, a JSON list, newest first); `null` when none opens
 * it or what opens is not UTF-8.
 */
export async function openLead(documentJson, keysJson) {
  const doc = JSON.parse(documentJson);
  for (const jwk of JSON.parse(keysJson)) {
    try {
      return await openWith(doc, jwk);
    } catch {
      // Another key, or not the team's lead at all.
    }
  }
  return null;
}
