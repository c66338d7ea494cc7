//! Deciding a merge: which of the duplicate's contacts, names, touches, cards and
//! relationships pass to the client it duplicates.

use super::{live, Decision};
use crate::error::{Error, Problem, ValidationError};
use crate::model::client::{ClientFields, Field};
use crate::model::event::EventPayload;
use crate::model::merge::{gained_aliases, merged_fields, Merge, Relink};
use crate::model::relationship::Relationship;
use crate::state::CrmState;
use crate::values::ids::ClientId;

fn invalid(field: &str, reason: &str) -> Error {
    ValidationError::new(field, Problem::Malformed { reason: reason.into() }).into()
}

pub(super) fn merge(state: &CrmState, keep: ClientId, drop: ClientId) -> Result<Decision, Error> {
    if keep == drop {
        return Err(invalid("dropId", "a client cannot be merged into itself"));
    }
    let kept = live(state, &keep)?;
    let dropped = live(state, &drop)?;
    if kept.kind() != dropped.kind() {
        return Err(invalid("dropId", "a person and a company are not duplicates of each other"));
    }
    let mut changes = merged_fields(&kept.fields, &dropped.fields);
    if !profile_holds(&kept.fields, &changes) {
        // The duplicate's preferred channel may be one the kept client finds inconvenient.
        changes.retain(|c| c.new.field() != Field::PreferredChannel);
    }
    let touches = state.touches.of_client(&drop).map(|t| t.id()).collect();
    let cards = state
        .pipelines
        .cards_of(&drop)
        .into_iter()
        .filter(|card| state.pipelines.card(&keep, &card.pipeline).is_none())
        .map(|card| card.pipeline.clone())
        .collect();
    let relinked = state.relationships.of_client(&drop).filter_map(|old| relink(state, old, &keep, &drop)).collect();
    let merge = Merge { aliases: gained_aliases(kept, dropped), keep, drop, changes, touches, cards, relinked };
    Ok(Decision::Payloads(vec![EventPayload::ClientsMerged { merge: Box::new(merge) }]))
}

fn profile_holds(fields: &ClientFields, changes: &[crate::model::event::FieldChange]) -> bool {
    let mut merged = fields.clone();
    for change in changes {
        merged.set(change.new.clone());
    }
    merged.check().is_ok()
}

/// A relationship of the duplicate, pointed at the kept client; one between the two goes,
/// and one the kept client already has stays behind with the duplicate.
fn relink(state: &CrmState, old: &Relationship, keep: &ClientId, drop: &ClientId) -> Option<Relink> {
    let point = |end: &ClientId| if end == drop { keep.clone() } else { end.clone() };
    let (from, to) = (point(&old.from), point(&old.to));
    if from == to {
        return Some(Relink { old: old.clone(), new: None });
    }
    if state.relationships.active(old.kind, &from, &to).is_some() {
        return None;
    }
    if old.kind.is_structural() && state.relationships.is_above(&to, &from) {
        // The holding tree would loop: the link stays with the duplicate.
        return None;
    }
    Some(Relink { old: old.clone(), new: Some(Relationship { from, to, ..old.clone() }) })
}
