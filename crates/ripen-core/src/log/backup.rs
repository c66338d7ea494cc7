//! Backups: the whole log — every client, touch and the history of each — in one JSON
//! document, and reading one back for a restore into an empty database.

use crate::log::codec::LOG_FORMAT;
use crate::model::event::{Event, EventPayload};
use crate::state::CrmState;
use crate::values::sort;
use chrono::{DateTime, Utc};
use ripen_json::{FromJson, Reader};

/// What a backup says it is, so that no other JSON file is taken for one.
pub const BACKUP_FORMAT: &str = "ripen-backup";

/// The version of the backup layout. A backup of a later version is refused.
pub const BACKUP_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("this is not a Ripen backup: {0}")]
    NotABackup(String),
    #[error("this backup was made by a newer version of Ripen (backup version {found}, log format {log}); update Ripen to restore it")]
    FromNewerBuild { found: u32, log: u32 },
    #[error("event {position} of the backup is damaged: {message}")]
    Damaged { position: usize, message: String },
    #[error("the backup holds event {id} twice")]
    Repeated { id: String },
}

impl BackupError {
    pub fn is_from_newer_build(&self) -> bool {
        matches!(self, Self::FromNewerBuild { .. })
    }
}

#[derive(ripen_json::ToJson)]
#[json(rename_all = "camelCase")]
struct BackupOut<'a> {
    format: &'static str,
    version: u32,
    log_format: u32,
    exported_at: String,
    /// How many clients and events, for a person looking at the file.
    clients: usize,
    events: Vec<&'a Event>,
}

/// A backup's head, and the text of each of its events (read one by one after the checks).
struct BackupIn<'a> {
    format: String,
    version: u32,
    log_format: u32,
    events: Vec<&'a str>,
}

impl<'a> BackupIn<'a> {
    fn read(text: &'a str) -> Result<Self, ripen_json::Error> {
        let mut r = Reader::new(text);
        let (mut format, mut version, mut log_format, mut events) = (None, None, None, None);
        r.object()?;
        while let Some(key) = r.key()? {
            match &*key {
                "format" => format = Some(String::read_json(&mut r)?),
                "version" => version = Some(u32::read_json(&mut r)?),
                "logFormat" => log_format = Some(u32::read_json(&mut r)?),
                "events" => {
                    let mut raw = Vec::new();
                    r.array()?;
                    while r.item()? {
                        raw.push(r.raw()?);
                    }
                    events = Some(raw);
                }
                _ => r.skip()?,
            }
        }
        r.end()?;
        let missing = |name: &str| r.error(format!("missing field `{name}`"));
        Ok(Self {
            format: format.ok_or_else(|| missing("format"))?,
            version: version.ok_or_else(|| missing("version"))?,
            log_format: log_format.ok_or_else(|| missing("logFormat"))?,
            events: events.ok_or_else(|| missing("events"))?,
        })
    }
}

/// The whole log (`events`, in fold order, as read from the store) as one JSON document.
pub fn write_backup(state: &CrmState, events: &[Event], exported_at: DateTime<Utc>) -> String {
    write(state.all_clients().count(), events, exported_at)
}

/// What a rescue got out of a database that cannot be opened: the events of every record
/// that could be read (in fold order), as a backup that restores into an empty database.
pub fn write_rescue(events: &[Event], exported_at: DateTime<Utc>) -> String {
    let clients = events.iter().filter(|e| matches!(e.payload, EventPayload::ClientAdded { .. })).count();
    write(clients, events, exported_at)
}

fn write(clients: usize, events: &[Event], exported_at: DateTime<Utc>) -> String {
    let backup = BackupOut {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        log_format: LOG_FORMAT,
        exported_at: exported_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        clients,
        events: events.iter().collect(),
    };
    // Serialising our own plain data types cannot fail.
    ripen_json::to_string(&backup)
}

/// A backup written a piece at a time (see `Engine::backup_in_pieces`): the head, then
/// the events of each commit as it is read (in log order; a restore sorts them), then the
/// tail. The pieces joined are a backup document as [`write_backup`] writes one.
#[derive(Debug)]
pub struct BackupPieces {
    head: String,
    wrote_any: bool,
}

impl BackupPieces {
    pub fn new(clients: usize, exported_at: DateTime<Utc>) -> Self {
        let empty = write(clients, &[], exported_at);
        // The document with no events ends `"events":[]}`: the events go between.
        let head = empty.strip_suffix("]}").unwrap_or(&empty).to_owned();
        Self { head, wrote_any: false }
    }

    pub fn head(&self) -> String {
        self.head.clone()
    }

    /// The next events as stored JSON (comma-separated), comma-separated from those before
    /// — unless `continues`: the rest of the text of the events handed last.
    pub fn raw(&mut self, events: &str, continues: bool) -> String {
        if events.is_empty() || continues {
            return events.to_owned();
        }
        let comma = if self.wrote_any { "," } else { "" };
        self.wrote_any = true;
        format!("{comma}{events}")
    }

    pub fn tail(&self) -> String {
        "]}".into()
    }
}

/// The events of a backup, checked: the marker, the versions, every event, no event twice.
pub fn read_backup(text: &str) -> Result<Vec<Event>, BackupError> {
    let backup = BackupIn::read(text).map_err(|e| BackupError::NotABackup(e.to_string()))?;
    if backup.format != BACKUP_FORMAT {
        return Err(BackupError::NotABackup(format!("its format is {:?}", backup.format)));
    }
    if backup.version > BACKUP_VERSION || backup.log_format > LOG_FORMAT {
        return Err(BackupError::FromNewerBuild { found: backup.version, log: backup.log_format });
    }
    let mut events = Vec::with_capacity(backup.events.len());
    for (position, raw) in backup.events.iter().enumerate() {
        let event: Event = ripen_json::from_str(raw).map_err(|e| match unknown_type(raw) {
            Some(_) => BackupError::FromNewerBuild { found: backup.version, log: backup.log_format },
            None => BackupError::Damaged { position, message: e.to_string() },
        })?;
        events.push(event);
    }
    let mut ids: Vec<&crate::values::ids::EventId> = events.iter().map(|e| &e.id).collect();
    sort::sort(&mut ids);
    if let Some(pair) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(BackupError::Repeated { id: pair[0].to_string() });
    }
    sort::sort_by(&mut events, |a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    Ok(events)
}

/// An event tag this build does not know, if that is why an event did not read.
fn unknown_type(raw: &str) -> Option<String> {
    crate::log::codec::first_unknown_type(&format!("[{raw}]"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic;

    #[test]
    fn a_backup_round_trips_exactly() {
        let log = synthetic::events(500);
        let state = CrmState::fold(log.clone());
        let text = write_backup(&state, &log, chrono::DateTime::UNIX_EPOCH);
        let events = read_backup(&text).unwrap();
        assert_eq!(events, log);
        assert_eq!(CrmState::fold(events), state);
    }

    #[test]
    fn a_backup_written_in_pieces_is_the_document_written_at_once() {
        let log = synthetic::events(300);
        let state = CrmState::fold(log.clone());
        let mut pieces = BackupPieces::new(state.all_clients().count(), chrono::DateTime::UNIX_EPOCH);
        let mut document = pieces.head();
        document.push_str(&pieces.raw("", false));
        for (n, batch) in log.chunks(7).enumerate() {
            let stored: Vec<String> = batch.iter().map(ripen_json::to_string).collect();
            let text = stored.join(",");
            // Some commits handed out in slices cut anywhere between characters.
            let mut cut = (n * 37) % text.len();
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            let (first, rest) = text.split_at(cut);
            document.push_str(&pieces.raw(first, false));
            document.push_str(&pieces.raw(rest, !first.is_empty()));
        }
        document.push_str(&pieces.tail());
        assert_eq!(document, write_backup(&state, &log, chrono::DateTime::UNIX_EPOCH));
        let empty = BackupPieces::new(0, chrono::DateTime::UNIX_EPOCH);
        assert_eq!(
            format!("{}{}", empty.head(), empty.tail()),
            write_backup(&CrmState::default(), &[], chrono::DateTime::UNIX_EPOCH)
        );
    }

    #[test]
    fn a_rescue_gets_out_every_readable_commit_even_past_a_newer_record() {
        let log = synthetic::events(200);
        let mut records: Vec<String> = log.chunks(10).flat_map(crate::codec::encode_commit).collect();
        let lost = records.len() / 2;
        records[lost] = records[lost].replacen("\"by\"", "\"bx\"", 1);
        records.push(r#"{"f":7,"sum":"future"}"#.into());
        let mut reader = crate::codec::LogReader::rescuing();
        for record in &records {
            reader.read(record).unwrap();
        }
        let rescued = reader.finish().unwrap();
        assert_eq!(rescued.skipped.len(), 2, "{:?}", rescued.skipped);
        let kept: Vec<Event> = log.iter().enumerate().filter(|(i, _)| i / 10 != lost).map(|(_, e)| e.clone()).collect();
        assert_eq!(rescued.events, kept);
        let backup = write_rescue(&rescued.events, chrono::DateTime::UNIX_EPOCH);
        assert_eq!(read_backup(&backup).unwrap(), kept, "a rescue restores like a backup");
        // A reader that is not rescuing refuses the newer record.
        assert!(crate::codec::decode_log_skipping(&records).unwrap_err().is_from_newer_build());
    }

    #[test]
    fn what_is_not_a_good_backup_is_refused_with_why() {
        let log = synthetic::events(20);
        let good = write_backup(&CrmState::fold(log.clone()), &log, chrono::DateTime::UNIX_EPOCH);
        let newer = good.replacen(r#""version":1"#, r#""version":2"#, 1);
        let damaged = good.replacen(r#""by":"bench""#, r#""by":"  ""#, 1);
        let unknown = good.replacen(r#""client_added""#, r#""client_teleported""#, 1);
        let twice = {
            let mut value: serde_json::Value = serde_json::from_str(&good).unwrap();
            let first = value["events"][0].clone();
            value["events"].as_array_mut().unwrap().push(first);
            value.to_string()
        };
        // (text, what it must say)
        let cases = [
            ("{}".to_owned(), "not a Ripen backup"),
            (r#"{"format":"dexie","version":1,"logFormat":1,"events":[]}"#.to_owned(), "not a Ripen backup"),
            ("\u{0}\u{1}binary".to_owned(), "not a Ripen backup"),
            (newer, "newer version"),
            (unknown, "newer version"),
            (damaged, "event 0 of the backup is damaged"),
            (twice, "twice"),
        ];
        for (text, says) in cases {
            let error = read_backup(&text).unwrap_err().to_string();
            assert!(error.contains(says), "{error}");
        }
    }
}
