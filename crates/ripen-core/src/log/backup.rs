//! Backups: the whole log — every client, touch and the history of each — and the photos
//! kept beside it, in one JSON document; and reading one back for a restore into an empty
//! database.

use crate::log::codec::LOG_FORMAT;
use crate::model::event::{Event, EventPayload};
use crate::model::photo::CardPhoto;
use crate::state::CrmState;
use crate::values::sort;
use chrono::{DateTime, Utc};
use ripen_json::{FromJson, Reader};

/// What a backup says it is, so that no other JSON file is taken for one.
pub const BACKUP_FORMAT: &str = "ripen-backup";

/// The version of the backup layout. A backup of a later version is refused.
/// - 1: `events`.
/// - 2: `photos` beside them (photos of business cards, each with its bytes in base64).
///   A backup without photos is still written as version 1, which older builds restore;
///   one with photos says 2, so an older build refuses it rather than drop them.
pub const BACKUP_VERSION: u32 = 2;

/// The version a backup with no photos is written as.
const EVENTS_ONLY: u32 = 1;

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
    #[error("photo {position} of the backup is damaged: {message}")]
    PhotoDamaged { position: usize, message: String },
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
    #[json(skip_serializing_if = "no_photos")]
    photos: &'a [BackupPhoto],
}

fn no_photos(photos: &&[BackupPhoto]) -> bool {
    photos.is_empty()
}

/// A photo in a backup: what it is, and its bytes in base64 (standard alphabet, padded).
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct BackupPhoto {
    #[json(flatten)]
    pub photo: CardPhoto,
    pub data: String,
}

/// What a backup holds, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Backup {
    /// In fold order.
    pub events: Vec<Event>,
    /// Each of a client the events add.
    pub photos: Vec<BackupPhoto>,
}

/// A backup's head, and the text of each of its events (read one by one after the checks).
struct BackupIn<'a> {
    format: String,
    version: u32,
    log_format: u32,
    events: Vec<&'a str>,
    photos: Vec<&'a str>,
}

impl<'a> BackupIn<'a> {
    fn read(text: &'a str) -> Result<Self, ripen_json::Error> {
        let mut r = Reader::new(text);
        let (mut format, mut version, mut log_format, mut events) = (None, None, None, None);
        let mut photos = Vec::new();
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
                "photos" => {
                    r.array()?;
                    while r.item()? {
                        photos.push(r.raw()?);
                    }
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
            photos,
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

/// [`write_backup`] with the photos kept beside the log.
pub fn write_backup_with_photos(
    state: &CrmState,
    events: &[Event],
    photos: &[BackupPhoto],
    exported_at: DateTime<Utc>,
) -> String {
    write_with(state.all_clients().count(), events, photos, exported_at)
}

fn write(clients: usize, events: &[Event], exported_at: DateTime<Utc>) -> String {
    write_with(clients, events, &[], exported_at)
}

fn write_with(clients: usize, events: &[Event], photos: &[BackupPhoto], exported_at: DateTime<Utc>) -> String {
    let backup = BackupOut {
        format: BACKUP_FORMAT,
        version: if photos.is_empty() { EVENTS_ONLY } else { BACKUP_VERSION },
        log_format: LOG_FORMAT,
        exported_at: exported_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        clients,
        events: events.iter().collect(),
        photos,
    };
    // Serialising our own plain data types cannot fail.
    ripen_json::to_string(&backup)
}

/// A backup written a piece at a time (see `Engine::backup_in_pieces`): the head, then
/// the events of each commit as it is read (in log order; a restore sorts them), then —
/// when it has photos — [`Self::photos_start`] and a [`Self::photo`] for each, then the
/// tail. The pieces joined are a backup document as [`write_backup_with_photos`] writes
/// one.
#[derive(Debug)]
pub struct BackupPieces {
    head: String,
    wrote_any: bool,
    with_photos: bool,
    wrote_photo: bool,
}

impl BackupPieces {
    pub fn new(clients: usize, exported_at: DateTime<Utc>) -> Self {
        Self::with_photos(clients, exported_at, false)
    }

    /// A backup that will hold photos if `with_photos` (its version says so in the head).
    pub fn with_photos(clients: usize, exported_at: DateTime<Utc>, with_photos: bool) -> Self {
        let mut empty = write(clients, &[], exported_at);
        if with_photos {
            empty =
                empty.replacen(&format!(r#""version":{EVENTS_ONLY},"#), &format!(r#""version":{BACKUP_VERSION},"#), 1);
        }
        // The document with no events ends `"events":[]}`: the events go between.
        let head = empty.strip_suffix("]}").unwrap_or(&empty).to_owned();
        Self { head, wrote_any: false, with_photos, wrote_photo: false }
    }

    /// Whether the backup holds photos (then [`Self::photos_start`] follows the events).
    pub fn has_photos(&self) -> bool {
        self.with_photos
    }

    /// Ends the events and opens the photos.
    pub fn photos_start(&self) -> String {
        r#"],"photos":["#.into()
    }

    /// One photo, comma-separated from those before.
    pub fn photo(&mut self, photo: &BackupPhoto) -> String {
        let (before, after) = self.photo_around(&photo.photo);
        format!("{before}{}{after}", photo.data)
    }

    /// One photo as the text before and after its base64 data, so the data (megabytes)
    /// can go between as a piece of its own, never copied into this text. Base64 needs no
    /// escaping in JSON.
    pub fn photo_around(&mut self, photo: &CardPhoto) -> (String, &'static str) {
        let comma = if self.wrote_photo { "," } else { "" };
        self.wrote_photo = true;
        let empty = ripen_json::to_string(&BackupPhoto { photo: photo.clone(), data: String::new() });
        let before = empty.strip_suffix(r#""}"#).unwrap_or(&empty);
        (format!("{comma}{before}"), r#""}"#)
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
/// Photos it holds are read and checked too (see [`read_backup_whole`]), then left.
pub fn read_backup(text: &str) -> Result<Vec<Event>, BackupError> {
    read_backup_whole(text).map(|backup| backup.events)
}

/// A backup's events (see [`read_backup`]) and photos: each photo well formed, of a client
/// its events add, its id not twice, its data base64 text of about its size.
pub fn read_backup_whole(text: &str) -> Result<Backup, BackupError> {
    let (events, raw_photos) = read_events(text)?;
    let added: std::collections::BTreeSet<&crate::values::ids::ClientId> = events
        .iter()
        .filter_map(|e| match &e.payload {
            EventPayload::ClientAdded { client, .. } => Some(client),
            EventPayload::WebLeadReceived { outcome, .. } => match &**outcome {
                crate::model::web_lead::LeadOutcome::Added { client, .. } => Some(client),
                crate::model::web_lead::LeadOutcome::Matched { .. } => None,
            },
            _ => None,
        })
        .collect();
    let mut photos: Vec<BackupPhoto> = Vec::with_capacity(raw_photos.len());
    let mut keys = std::collections::BTreeSet::new();
    for (position, raw) in raw_photos.iter().enumerate() {
        let damaged = |message: String| BackupError::PhotoDamaged { position, message };
        let photo: BackupPhoto = ripen_json::from_str(raw).map_err(|e| damaged(e.to_string()))?;
        if !added.contains(&photo.photo.client) {
            return Err(damaged(format!("it is of client {}, whom the backup does not hold", photo.photo.client)));
        }
        if !keys.insert(photo.photo.key()) {
            return Err(damaged(format!("photo {} is in it twice", photo.photo.id)));
        }
        let expected = photo.photo.bytes.div_ceil(3) * 4;
        if photo.data.len() as u64 != expected {
            let message = format!(
                "its data is {} characters, not the {expected} of {} bytes",
                photo.data.len(),
                photo.photo.bytes
            );
            return Err(damaged(message));
        }
        photos.push(photo);
    }
    Ok(Backup { events, photos })
}

fn read_events(text: &str) -> Result<(Vec<Event>, Vec<&str>), BackupError> {
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
    Ok((events, backup.photos))
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

    fn photo_of(client: &crate::values::ids::ClientId, id: &str, data: &str, bytes: u64) -> BackupPhoto {
        let photo = CardPhoto::new(
            id.parse().unwrap(),
            client.clone(),
            crate::model::photo::ImageType::Jpeg,
            bytes,
            chrono::DateTime::UNIX_EPOCH,
            "anna".parse().unwrap(),
        )
        .unwrap();
        BackupPhoto { photo, data: data.to_owned() }
    }

    #[test]
    fn photos_ride_in_a_version_2_backup_and_only_then() {
        let log = synthetic::events(120);
        let state = CrmState::fold(log.clone());
        let clients: Vec<_> = state.all_clients().map(|c| c.id.clone()).take(2).collect();
        let photos = [photo_of(&clients[0], "front", "/9j/4AAQ", 6), photo_of(&clients[1], "back", "iVBORw==", 4)];
        let text = write_backup_with_photos(&state, &log, &photos, chrono::DateTime::UNIX_EPOCH);
        assert!(text.contains(r#""version":2,"#), "{}", &text[..80]);
        assert!(text.contains(r#"],"photos":[{"id":"front","client":"#), "the photos follow the events");
        let whole = read_backup_whole(&text).unwrap();
        assert_eq!((whole.events, whole.photos.as_slice()), (log.clone(), &photos[..]));
        // Without photos the backup stays version 1, which every older build restores.
        let plain = write_backup(&state, &log, chrono::DateTime::UNIX_EPOCH);
        assert!(plain.contains(r#""version":1,"#) && !plain.contains("photos"));

        // In pieces: the same document.
        let mut pieces = BackupPieces::with_photos(state.all_clients().count(), chrono::DateTime::UNIX_EPOCH, true);
        let stored: Vec<String> = log.iter().map(ripen_json::to_string).collect();
        let mut document = pieces.head();
        document.push_str(&pieces.raw(&stored.join(","), false));
        document.push_str(&pieces.photos_start());
        for photo in &photos {
            document.push_str(&pieces.photo(photo));
        }
        document.push_str(&pieces.tail());
        assert_eq!(document, text);
    }

    #[test]
    fn damaged_photos_refuse_the_backup_with_where_and_why() {
        let log = synthetic::events(60);
        let state = CrmState::fold(log.clone());
        let client = state.all_clients().next().unwrap().id.clone();
        let stranger: crate::values::ids::ClientId = "zzzzzzzzzzzzz.9".parse().unwrap();
        let good = photo_of(&client, "front", "/9j/4AAQ", 6);
        let write =
            |photos: &[BackupPhoto]| write_backup_with_photos(&state, &log, photos, chrono::DateTime::UNIX_EPOCH);
        let forged_type = write(std::slice::from_ref(&good)).replace("image/jpeg", "text/html");
        let traversal = write(std::slice::from_ref(&good)).replace(r#""id":"front""#, r#""id":"../x""#);
        // (document, what the error must say)
        let cases = [
            (write(&[photo_of(&stranger, "a", "AAAA", 3)]), "whom the backup does not hold"),
            (write(&[good.clone(), good.clone()]), "twice"),
            (write(&[photo_of(&client, "short", "AAAA", 9)]), "not the 12 of 9 bytes"),
            (forged_type, "photo 0 of the backup is damaged"),
            (traversal, "photo 0 of the backup is damaged"),
        ];
        for (text, says) in cases {
            let error = read_backup_whole(&text).unwrap_err();
            assert!(error.to_string().contains(says), "{error}");
            assert!(!error.is_from_newer_build());
        }
        let newer = write(std::slice::from_ref(&good)).replacen(r#""version":2"#, r#""version":3"#, 1);
        assert!(read_backup_whole(&newer).unwrap_err().is_from_newer_build());
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
        let newer = good.replacen(r#""version":1"#, &format!(r#""version":{}"#, BACKUP_VERSION + 1), 1);
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
