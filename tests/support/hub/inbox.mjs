// The team's lead inbox: the database website leads are dropped into, and its
// validate_doc_update. ES5 like validate.mjs, since its text runs inside the server.
//
// Anonymous users cannot be given create-without-read on CouchDB (a database without
// members is readable by anyone; non-members neither read nor write), so the inbox's
// members are the team's users and one drop user with the role `ripen-lead-drop`, whose
// credentials only the inbox front (the reverse proxy, inbox-front.mjs) holds and adds.
// The validator lets that role create sealed leads of exactly one shape and nothing else:
//   _id   "lead:" and 26 Crockford base32 characters (upper case)
//   type  "ripen-lead";  v  1
//   epk   { kty: "EC", crv: "P-256", x, y } — x and y 32 bytes in base64url (43 characters)
//   salt  16 bytes (22 characters);  iv  12 bytes (16 characters)
//   ct    17 to 12,304 bytes (23 to 16,406 characters): a plaintext of at most 12 KiB and
//         the 16-byte tag
// No other field (CouchDB's own `_rev` and `_revisions` aside); never an update, a
// deletion, a design document or an attachment. Team members read the inbox and write
// nothing; admins (who may also purge opened leads) write anything.

export const DROP_ROLE = "ripen-lead-drop";
export const LEAD_ID_PATTERN = "lead:[0-9A-HJKMNP-TV-Z]{26}";
/** The largest `ct` in base64url characters: 12,288 bytes of plaintext and the tag. */
export const CT_MAX_CHARS = 16406;

export function validateLead(newDoc, oldDoc, userCtx) {
  function refuse(why) {
    throw { forbidden: why };
  }
  function b64url(value, min, max) {
    return typeof value === "string" && value.length >= min && value.length <= max && /^[A-Za-z0-9_-]*$/.test(value);
  }
  var roles = userCtx.roles || [];
  if (roles.indexOf("_admin") !== -1) return;
  if (newDoc._id.indexOf("_design/") === 0) refuse("only an admin changes design documents");
  if (roles.indexOf("ripen-lead-drop") === -1) refuse("only the lead drop writes to the inbox");
  if (newDoc._deleted) refuse("leads are never deleted");
  // The same sealed lead again is a retry by a visitor's outbox whose first PUT did land
  // (PouchDB Server asks the validator; CouchDB answers 409 before): the visitor's form
  // takes this reason, like a 409, as delivered.
  if (oldDoc && !oldDoc._deleted && oldDoc.ct === newDoc.ct) refuse("already delivered");
  if (oldDoc) refuse("leads are never updated");
  // A sibling pushed with new_edits=false comes with oldDoc = null on real CouchDB: a
  // lead has one revision of generation 1.
  if (newDoc._rev !== undefined && !/^1-[0-9a-f]{32}$/.test(newDoc._rev)) refuse("a lead has one revision");
  if (!/^lead:[0-9A-HJKMNP-TV-Z]{26}$/.test(newDoc._id)) refuse("the id must be lead:<26 Crockford base32>");
  var allowed = { _id: 1, _rev: 1, _revisions: 1, type: 1, v: 1, epk: 1, salt: 1, iv: 1, ct: 1 };
  for (var key in newDoc) {
    if (!allowed.hasOwnProperty(key)) refuse("a lead has no field " + key);
  }
  if (newDoc.type !== "ripen-lead") refuse("type must be ripen-lead");
  if (newDoc.v !== 1) refuse("v must be 1");
  var epk = newDoc.epk;
  if (!epk || typeof epk !== "object" || epk instanceof Array) refuse("epk must be a public EC key");
  for (var field in epk) {
    if (field !== "kty" && field !== "crv" && field !== "x" && field !== "y") refuse("epk has no field " + field);
  }
  if (epk.kty !== "EC" || epk.crv !== "P-256") refuse("epk must be an EC P-256 key");
  if (!b64url(epk.x, 43, 43) || !b64url(epk.y, 43, 43)) refuse("epk x and y must be 32 bytes in base64url");
  if (!b64url(newDoc.salt, 22, 22)) refuse("salt must be 16 bytes in base64url");
  if (!b64url(newDoc.iv, 16, 16)) refuse("iv must be 12 bytes in base64url");
  if (!b64url(newDoc.ct, 23, 16406)) refuse("ct must be 17 to 12304 bytes in base64url");
}

/** The inbox's design document. */
export const inboxDesign = {
  _id: "_design/ripen-inbox",
  language: "javascript",
  validate_doc_update: validateLead.toString(),
};
