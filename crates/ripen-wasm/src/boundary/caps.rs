//! The caps on what one argument may hold, stated once; `docs/api.md` ("Limits") lists
//! them for embedders. Texts are measured as JS measures them (`length`, UTF-16 code
//! units) so that they are refused before they are copied into wasm memory; the domain's
//! own limits (a name's 300 characters, an id's 64) apply after.

use std::ops::RangeInclusive;

/// Any text argument that names or picks something — an id, a user, a kind, a time.
pub const SHORT_TEXT: usize = 1_000;

/// A database name, in characters (IndexedDB keys the database by it; devtools show it).
pub const DATABASE_NAME_CHARS: usize = 100;

/// A search query, in characters: the longest name a client may have. Longer queries
/// cannot match more, only cost more.
pub const QUERY_CHARS: usize = ripen_core::ClientName::MAX_CHARS;

/// A backup's text: 2^29 code units, just above the longest string V8 makes, so any
/// backup Chromium can hold is taken; the cap bounds the copy elsewhere.
pub const BACKUP_UNITS: usize = 1 << 29;

/// A file to import, in bytes (for a string, its UTF-16 length is checked first: its
/// UTF-8 is never shorter).
pub const FILE_BYTES: usize = ripen_io::MAX_BYTES;

/// The JSON text of one object argument: a client, a patch, options, a rule, a plan, the
/// routing settings.
pub const OBJECT_JSON_UNITS: usize = 1 << 20;

/// The JSON text of `addClients`' list.
pub const BATCH_JSON_UNITS: usize = 64 << 20;

/// Clients in one `addClients` call (and ids in one export).
pub const BATCH_ITEMS: usize = 100_000;

/// Any list inside an object argument that has no smaller cap of its own (checked in JS,
/// before the JSON text is made, so `new Array(1e8)` costs nothing).
pub const NESTED_ITEMS: usize = 10_000;

/// A client's lists.
pub const PHONES: usize = 20;
pub const EMAILS: usize = 20;
pub const MESSENGERS: usize = 20;
pub const CHANNELS: usize = 20;
pub const TAGS: usize = 100;
pub const ALIASES: usize = 50;
pub const DATES: usize = 100;
pub const WISHES: usize = 100;
pub const MEETUPS: usize = 100;

/// Stages of one pipeline (`addPipeline`, `reorderStages`).
pub const STAGES: usize = 100;
/// Recommended actions of one stage (`saveStimuli`).
pub const STIMULI: usize = 20;
/// Tags in a search or funnel filter, or in one routing rule's conditions.
pub const FILTER_TAGS: usize = 20;
/// Routing rules, and team strategies, in the routing settings.
pub const ROUTING_RULES: usize = 1_000;
/// Weighted skills of one user.
pub const SKILLS: usize = 100;
/// Export columns.
pub const COLUMNS: usize = 100;
/// Columns mapped by hand in one import.
pub const MAPPED_COLUMNS: usize = 1_000;
/// Per-line choices in one import.
pub const IMPORT_CHOICES: usize = 100_000;

/// The years of the dates and times the API takes (a touch's time, a period, a plan, the
/// day a name changed): "0202" or "20226" is a typo, not a date.
pub const DATE_YEARS: RangeInclusive<i32> = 1900..=2200;
