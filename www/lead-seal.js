// Seals a website lead for the team, in the visitor's browser, with WebCrypto alone: only
// the holder of the team's private key opens it. The format (ARCHITECTURE.md "Website
// leads") is what the inbox's validator checks and the team's devices open:
//   secret = ECDH P-256 (a fresh ephemeral key, the team's public key), 256 bits
//   key    = HKDF-SHA-256(secret, salt = 16 random bytes, info = "ripen-lead v1") → AES-GCM-256
//   ct     = AES-GCM(key, iv = 12 random bytes, aad = the document's _id in UTF-8, UTF-8 JSON)
// A document: { _id: "lead:<26 Crockford base32>", type: "ripen-lead", v: 1,
//               epk: { kty, crv, x, y }, salt, iv, ct } — the binary fields in base64url.

export const LEAD_INFO = "ripen-lead v1";
export const LEAD_TYPE = "ripen-lead";
/** The largest plaintext sealed, in UTF-8 bytes (the inbox refuses a longer `ct`). */
export const LEAD_PLAINTEXT_MAX = 12288;

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CURVE = { name: "ECDH", namedCurve: "P-256" };

/** A fresh lead id: "lead:" and 26 random Crockford base32 characters (130 bits). */
export function newLeadId() {
  const bytes = crypto.getRandomValues(new Uint8Array(26));
  let id = "lead:";
  for (const byte of bytes) id += CROCKFORD[byte & 31];
  return id;
}

export function toBase64url(bytes) {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The team's public key as the page gives it: JSON text or an object; only an EC P-256
 * public key is taken, and only its kty, crv, x and y. Throws when it is not one. */
export async function importTeamKey(jwk) {
  const parsed = typeof jwk === "string" ? JSON.parse(jwk) : jwk;
  if (!parsed || parsed.kty !== "EC" || parsed.crv !== "P-256" || parsed.d !== undefined) {
    throw new TypeError("team-key must be the team's public EC P-256 key as a JWK");
  }
  const { kty, crv, x, y } = parsed;
  return crypto.subtle.importKey("jwk", { kty, crv, x, y }, CURVE, false, []);
}

/**
 * @param {object} lead what goes inside (the plaintext object)
 * @param {CryptoKey} teamKey from `importTeamKey`
 * @param {string} [id] the document's id; a fresh one when left out
 * @returns {Promise<object>} the document to PUT at `<inbox>/<id>`
 */
export async function sealLead(lead, teamKey, id = newLeadId()) {
  const encoder = new TextEncoder();
  const plaintext = encoder.encode(JSON.stringify(lead));
  if (plaintext.length > LEAD_PLAINTEXT_MAX) throw new RangeError("the lead is too long to send");
  const ephemeral = await crypto.subtle.generateKey(CURVE, true, ["deriveBits"]);
  const secret = await crypto.subtle.deriveBits({ name: "ECDH", public: teamKey }, ephemeral.privateKey, 256);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const hkdf = await crypto.subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt, info: encoder.encode(LEAD_INFO) },
    hkdf,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt"],
  );
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(id) }, key, plaintext);
  const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", ephemeral.publicKey);
  return { _id: id, type: LEAD_TYPE, v: 1, epk: { kty, crv, x, y }, salt: toBase64url(salt), iv: toBase64url(iv), ct: toBase64url(ct) };
}
