//! History entries as JS sees them: one per event, newest first, with what changed.

use super::TouchView;
use ripen_core::touch::TouchStatus;
use ripen_core::{Event, EventId, EventPayload};
use serde::Serialize;
use serde_json::{json, Map, Value};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub event_id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// When it was recorded (RFC 3339, UTC).
    pub at: String,
    pub by: String,
    /// The event that reverted this one, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reverted_by: Option<String>,
    #[serde(flatten)]
    pub details: Map<String, Value>,
}

impl HistoryEntry {
    pub fn new(event: &Event, reverted_by: Option<&EventId>) -> Self {
        Self {
            event_id: event.id.to_string(),
            kind: event.payload.type_name(),
            at: event.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            by: event.by.to_string(),
            reverted_by: reverted_by.map(ToString::to_string),
            details: details(&event.payload),
        }
    }
}

/// A touch's status with its details, times as RFC 3339.
fn status(status: &TouchStatus) -> Value {
    match status {
        TouchStatus::Done { result, outcome, done_at, nps } => json!({
            "status": status.name(),
            "result": result,
            "outcome": outcome,
            "nps": nps,
            "doneAt": done_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        }),
        TouchStatus::Cancelled { reason } => json!({ "status": status.name(), "reason": reason }),
        _ => json!({ "status": status.name() }),
    }
}

/// `value` as a JSON value, through its text: the payloads already serialise to text (the
/// log's codec), and `serde_json::to_value` would monomorphise a second serialiser for
/// every payload type (about 150 KB of wasm).
fn to_value(value: &impl Serialize) -> Value {
    serde_json::to_string(value).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or(Value::Null)
}

/// The payload in the API's camelCase, with field values as plain JSON values.
fn details(payload: &EventPayload) -> Map<String, Value> {
    let value = match payload {
        EventPayload::ClientAdded { client, name, fields, aliases, owner } => {
            json!({ "client": client, "name": name, "kind": fields.kind, "aliases": aliases, "owner": owner })
        }
        EventPayload::ClientUpdated { client, changes } => {
            let changes: Vec<Value> = changes
                .iter()
                .map(|c| {
                    let old = to_value(&c.old);
                    let new = to_value(&c.new);
                    json!({ "field": c.new.field(), "old": old["value"], "new": new["value"] })
                })
                .collect();
            json!({ "client": client, "changes": changes })
        }
        EventPayload::ClientRenamed { client, old, new, former_added, .. } => {
            json!({ "client": client, "old": old, "new": new, "since": former_added.as_ref().and_then(|a| a.until) })
        }
        EventPayload::AliasAdded { client, alias } | EventPayload::AliasRemoved { client, alias } => {
            json!({ "client": client, "alias": alias })
        }
        EventPayload::TouchRecorded { touch } => json!({ "touch": TouchView::from(touch.as_ref()) }),
        EventPayload::TouchStatusChanged { touch, client, old, new } => {
            json!({ "touch": touch, "client": client, "old": status(old), "new": status(new) })
        }
        EventPayload::ClientRouted { client, old, new, why } => {
            let mut why = to_value(why);
            // The log keeps the rule's index counted from 0; people, and the reason's own
            // text ("rule 1 (region Сибирь)"), count rules from 1.
            if let Some(rule) = why.get_mut("rule") {
                if let Some(index) = rule.as_u64() {
                    *rule = (index + 1).into();
                }
            }
            json!({ "client": client, "old": old, "new": new, "why": why })
        }
        // Apart from the entry's own `at` (when it was recorded): when the card moved, for a
        // move recorded later.
        EventPayload::StageMoved { client, pipeline, from, to, amount, at } => {
            let mut moved = json!({ "client": client, "pipeline": pipeline, "from": from, "to": to });
            if let Some(amount) = amount {
                moved["amount"] = (*amount).into();
            }
            if let Some(at) = at {
                moved["movedAt"] = ripen_core::values::instant::iso(at).into();
            }
            moved
        }
        EventPayload::Reverted { target, changes } => {
            let changes: Vec<Value> = changes
                .iter()
                .map(|change| {
                    let mut entry = details(change);
                    entry.insert("type".into(), change.type_name().into());
                    Value::Object(entry)
                })
                .collect();
            json!({ "target": target, "changes": changes })
        }
        // The remaining payloads' own field names are single words, already what JS reads;
        // their serialised form is `{ "<type>": { …fields } }`.
        other => match to_value(&other) {
            Value::Object(mut tagged) => tagged.remove(other.type_name()).unwrap_or(Value::Null),
            _ => Value::Null,
        },
    };
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
