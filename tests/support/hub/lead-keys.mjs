// The team's lead key pair and the opener of sealed website leads, in Node's WebCrypto, for
// the tests and the demo. Written apart from www/lead-seal.js on purpose: the tests then
// prove the format as ARCHITECTURE.md "Website leads" writes it, not one module against
// itself. The team's devices will open leads the same way.
const { subtle } = globalThis.crypto;
const CURVE = { name: "ECDH", namedCurve: "P-256" };

/** A fresh team pair: `publicJwk` (kty, crv, x, y) for the page's `team-key`, `privateJwk`
 * for the team's devices. */
export async function makeTeamKeys() {
  const pair = await subtle.generateKey(CURVE, true, ["deriveBits"]);
  const { kty, crv, x, y } = await subtle.exportKey("jwk", pair.publicKey);
  const privateJwk = await subtle.exportKey("jwk", pair.privateKey);
  return { publicJwk: { kty, crv, x, y }, privateJwk };
}

const bytes = (b64url) => Buffer.from(b64url, "base64url");

/**
 * Opens a sealed lead document with the team's private key: the plaintext object.
 * Throws (WebCrypto's OperationError) when anything sealed was changed — the id (the
 * AAD), the ciphertext, the salt, the iv or the ephemeral key — or the key is another team's.
 */
export async function openLead(doc, privateJwk) {
  if (doc?.type !== "ripen-lead" || doc.v !== 1) throw new TypeError("not a ripen-lead v1 document");
  const privateKey = await subtle.importKey("jwk", privateJwk, CURVE, false, ["deriveBits"]);
  const { kty, crv, x, y } = doc.epk;
  const epk = await subtle.importKey("jwk", { kty, crv, x, y }, CURVE, false, []);
  const secret = await subtle.deriveBits({ name: "ECDH", public: epk }, privateKey, 256);
  const hkdf = await subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]);
  const key = await subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: bytes(doc.salt), info: Buffer.from("ripen-lead v1") },
    hkdf,
    { name: "AES-GCM", length: 256 },
    false,
    ["decrypt"],
  );
  const plain = await subtle.decrypt(
    { name: "AES-GCM", iv: bytes(doc.iv), additionalData: Buffer.from(doc._id, "utf8") },
    key,
    bytes(doc.ct),
  );
  return JSON.parse(Buffer.from(plain).toString("utf8"));
}
