//! A history's touches with their texts (summary, plan, result, reasons), which the state
//! keeps only the facts of: folded from a client's events when its touches are read or one
//! of them is reverted.

use crate::model::event::{Event, EventPayload};
use crate::model::touch::Touch;
use crate::values::ids::TouchId;
use rustc_hash::FxHashMap as HashMap;

/// The touches recorded in `events` (fold order) as they stand after them, texts and all:
/// what the state keeps only the facts of.
pub(crate) fn full_touches(events: &[Event]) -> HashMap<TouchId, Touch> {
    fn apply(touches: &mut HashMap<TouchId, Touch>, payload: &EventPayload) {
        match payload {
            EventPayload::TouchRecorded { touch } => {
                touches.entry(touch.id.clone()).or_insert_with(|| (**touch).clone());
            }
            EventPayload::WebLeadReceived { outcome, .. } => {
                if let crate::model::web_lead::LeadOutcome::Matched { touch } = &**outcome {
                    touches.entry(touch.id.clone()).or_insert_with(|| (**touch).clone());
                }
            }
            EventPayload::TouchStatusChanged { touch, new, .. } => {
                if let Some(touch) = touches.get_mut(touch) {
                    touch.status = new.clone();
                }
            }
            EventPayload::ClientsMerged { merge } | EventPayload::ClientsUnmerged { merge } => {
                let to = if matches!(payload, EventPayload::ClientsMerged { .. }) { &merge.keep } else { &merge.drop };
                for id in &merge.touches {
                    if let Some(touch) = touches.get_mut(id) {
                        touch.client = to.clone();
                    }
                }
            }
            EventPayload::Reverted { changes, .. } => {
                for change in changes {
                    apply(touches, change);
                }
            }
            _ => {}
        }
    }
    let mut touches = HashMap::default();
    for event in events {
        apply(&mut touches, &event.payload);
    }
    touches
}
