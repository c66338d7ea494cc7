// The hub's validate_doc_update: what a team database accepts. Its source text is stored
// in the design document as is, so it is written in ES5 (CouchDB 3 may still run
// SpiderMonkey 1.8.5, and Cloudant runs what it runs): no arrow functions, no let/const,
// no template strings, no startsWith.
//
// The document scheme it enforces, one immutable document per log record (or part of
// one):
//   _id     "<author>:<replica>.<counter>:<part>" — the commit's id (its first event's
//           id: a replica of 1–16 Crockford base32 characters, a decimal counter) and
//           the part number, as the log writes them, after the author's hub user name.
//           No leading zeros, so a record has exactly one id.
//   _rev    "1-<32 lowercase hex digits>" — the record's XXH3-128 content hash.
//   author  the hub user who pushed it; must be the logged-in user.
//   format  the log format version of `record` (a positive integer).
//   encoding absent, or "deflate": `record` is then the record deflated (raw deflate) and
//           in base64 — what a record of some size travels as.
//   record  the log record itself, as text (packed as `encoding` says).
// The author's name leads the id so that nobody can take an id that another user's
// device will write later: a squatted id would turn that device's push away.

export function validateDocUpdate(newDoc, oldDoc, userCtx) {
  function refuse(why) {
    throw { forbidden: why };
  }
  var isAdmin = (userCtx.roles || []).indexOf("_admin") !== -1;
  // Re-running the preparation replaces this very function: only admins may.
  if (newDoc._id.indexOf("_design/") === 0) {
    if (isAdmin) return;
    refuse("only an admin changes design documents");
  }
  if (newDoc._deleted) refuse("documents are never deleted");
  // Real CouchDB passes oldDoc = null for a sibling revision, so the generation is
  // checked on its own: a document has one revision, of generation 1.
  if (!/^1-[0-9a-f]{32}$/.test(newDoc._rev || "")) refuse("the revision must be 1-<32 hex digits>");
  // The very same revision uploaded again (PouchDB Server passes it as oldDoc) is a
  // retry, and must not fail.
  if (oldDoc && oldDoc._rev !== newDoc._rev) refuse("documents are never updated");
  if (!userCtx.name || newDoc.author !== userCtx.name) refuse("the author must be the logged-in user");
  var id = /^(.+):[0-9a-hjkmnp-tv-z]{1,16}\.(0|[1-9][0-9]{0,19}):(0|[1-9][0-9]{0,5})$/.exec(newDoc._id);
  if (!id) refuse("the id must be <author>:<replica>.<counter>:<part>");
  if (id[1] !== newDoc.author) refuse("the id must start with its author's name");
  if (typeof newDoc.format !== "number" || newDoc.format < 1 || newDoc.format % 1 !== 0) {
    refuse("format must be a positive integer");
  }
  if (newDoc.encoding !== undefined && newDoc.encoding !== "deflate") refuse("encoding must be absent or deflate");
  if (typeof newDoc.record !== "string" || newDoc.record.length === 0) refuse("record must be non-empty text");
}

/** The design document that installs it. */
export const designDocument = {
  _id: "_design/ripen",
  language: "javascript",
  validate_doc_update: validateDocUpdate.toString(),
};
