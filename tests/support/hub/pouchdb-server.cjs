// Runs PouchDB Server, and ends it when the process that started it goes away, however it
// went: that process holds this one's stdin open, so its end closes it.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
require("pouchdb-server/lib/index.js");
