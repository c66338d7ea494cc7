//! History entries as JS sees them: one per event, newest first, with what changed.

use super::{LeadView, TouchView};
use ripen_core::touch::TouchStatus;
use ripen_core::{Event, EventId, EventPayload};
use ripen_json::{json_object, Json, Map, ToJson};

#[derive(Debug, ToJson)]
#[json(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub event_id: String,
    #[json(rename = "type")]
    pub kind: &'static str,
    /// When it was recorded (RFC 3339, UTC).
    pub at: String,
    pub by: String,
    /// The event that reverted this one, if any.
    #[json(skip_serializing_if = "Option::is_none")]
    pub reverted_by: Option<String>,
    #[json(flatten)]
    pub details: Map,
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
fn status(status: &TouchStatus) -> Json {
    match status {
        TouchStatus::Done { result, outcome, done_at, nps, violations } => {
            let mut done = json_object! {
                "status": status.name(),
                "result": result,
                "outcome": outcome,
                "nps": nps,
                "doneAt": done_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            };
            // The rules it broke when it was done, only when it broke any.
            if let (Json::Object(map), false) = (&mut done, violations.is_empty()) {
                map.insert("violations".into(), to_value(violations));
            }
            done
        }
        TouchStatus::Cancelled { reason } => json_object! { "status": status.name(), "reason": reason },
        _ => json_object! { "status": status.name() },
    }
}

fn to_value(value: &impl ToJson) -> Json {
    ripen_json::to_json(value)
}

/// The payload in the API's camelCase, with field values as plain JSON values.
fn details(payload: &EventPayload) -> Map {
    let value = match payload {
        EventPayload::ClientAdded { client, name, fields, aliases, owner } => {
            json_object! { "client": client, "name": name, "kind": fields.kind, "aliases": aliases, "owner": owner }
        }
        EventPayload::ClientUpdated { client, changes } => {
            let changes: Vec<Json> = changes
                .iter()
                .map(|c| {
                    let old = to_value(&c.old);
                    let new = to_value(&c.new);
                    json_object! { "field": c.new.field(), "old": old["value"], "new": new["value"] }
                })
                .collect();
            json_object! { "client": client, "changes": changes }
        }
        EventPayload::ClientRenamed { client, old, new, former_added, .. } => {
            json_object! { "client": client, "old": old, "new": new, "since": former_added.as_ref().and_then(|a| a.until) }
        }
        EventPayload::AliasAdded { client, alias } | EventPayload::AliasRemoved { client, alias } => {
            json_object! { "client": client, "alias": alias }
        }
        EventPayload::TouchRecorded { touch } => json_object! { "touch": TouchView::from(touch.as_ref()) },
        EventPayload::TouchStatusChanged { touch, client, old, new } => {
            json_object! { "touch": touch, "client": client, "old": status(old), "new": status(new) }
        }
        EventPayload::ClientRouted { client, old, new, why } => {
            let mut why = to_value(why);
            // The log keeps the rule's index counted from 0; people, and the reason's own
            // text ("rule 1 (region Сибирь)"), count rules from 1.
            if let Some(rule) = why.get_mut("rule") {
                if let Some(index) = rule.as_u64() {
                    *rule = Json::from(index + 1);
                }
            }
            json_object! { "client": client, "old": old, "new": new, "why": why }
        }
        // Apart from the entry's own `at` (when it was recorded): when the card moved, for a
        // move recorded later.
        EventPayload::StageMoved { client, pipeline, from, to, amount, at } => {
            let mut moved = json_object! { "client": client, "pipeline": pipeline, "from": from, "to": to };
            if let Some(amount) = amount {
                moved.insert("amount", Json::from(*amount));
            }
            if let Some(at) = at {
                moved.insert("movedAt", ripen_core::values::instant::iso(at));
            }
            moved
        }
        EventPayload::LeadSaved { client, old, new } => {
            let lead =
                |lead: &Option<Box<ripen_core::lead::Lead>>| lead.as_deref().map(|l| to_value(&LeadView::from(l)));
            json_object! { "client": client, "old": lead(old), "new": lead(new) }
        }
        EventPayload::ConsentRecorded { client, consent, by }
        | EventPayload::ConsentRetracted { client, consent, by } => {
            let consent = json_object! {
                "contact": consent.contact,
                "marketing": consent.marketing,
                "source": consent.source.as_str(),
                "at": ripen_core::values::instant::iso(&consent.at),
            };
            let mut entry = json_object! { "client": client, "consent": consent };
            if let Some(by) = by {
                entry.insert("recordedBy", by.as_str());
            }
            entry
        }
        // The public half only: the private key is in the log, never in what a page shows.
        EventPayload::LeadKeyCreated { key } => json_object! { "key": to_value(&key.public()) },
        EventPayload::WebLeadReceived { lead, outcome } => {
            let mut entry = json_object! { "lead": to_value(lead.as_ref()), "client": outcome.client() };
            match outcome.as_ref() {
                ripen_core::web_lead::LeadOutcome::Added { owner, routed, .. } => {
                    entry.insert("as", "added");
                    entry.insert("owner", to_value(owner));
                    entry.insert("why", routed.as_ref().map(|why| to_value(why.as_ref())).unwrap_or(Json::Null));
                }
                ripen_core::web_lead::LeadOutcome::Matched { touch } => {
                    entry.insert("as", "matched");
                    entry.insert("touch", to_value(&TouchView::from(touch.as_ref())));
                }
            }
            entry
        }
        EventPayload::Reverted { target, changes } => {
            let changes: Vec<Json> = changes
                .iter()
                .map(|change| {
                    let mut entry = details(change);
                    entry.insert("type".into(), change.type_name().into());
                    Json::Object(entry)
                })
                .collect();
            json_object! { "target": target, "changes": changes }
        }
        // The remaining payloads' own field names are single words, already what JS reads;
        // their serialised form is `{ "<type>": { …fields } }`.
        other => match to_value(&other) {
            Json::Object(mut tagged) => tagged.remove(other.type_name()).unwrap_or(Json::Null),
            _ => Json::Null,
        },
    };
    match value {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}
