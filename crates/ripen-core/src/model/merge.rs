//! Merging a duplicate into the client it duplicates: what moves, recorded as one fact
//! with everything needed to take it back.

use crate::model::client::{Alias, AliasKind, Client, ClientFields, Field, FieldChange, FieldValue};
use crate::model::relationship::Relationship;
use crate::values::ids::{ClientId, PipelineId, TouchId};

/// A relationship of the dropped client, pointed at the kept one (`new`), or taken off
/// the record (`None`) when it linked the two.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Relink {
    pub old: Relationship,
    pub new: Option<Relationship>,
}

/// One merge: `drop` into `keep`. Applied forwards it moves everything listed to `keep`
/// and removes `drop`; backwards (an unmerge) it puts everything back.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Merge {
    pub keep: ClientId,
    pub drop: ClientId,
    /// `keep`'s profile fields that take in `drop`'s contacts and fill its gaps.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
    /// Names `keep` gains: `drop`'s name (as a `duplicate` alias) and its aliases.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// `drop`'s touches, now `keep`'s.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub touches: Vec<TouchId>,
    /// Pipelines where `drop`'s card becomes `keep`'s (where `keep` had none).
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<PipelineId>,
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub relinked: Vec<Relink>,
}

/// The profile `keep` ends with: its own values first; lists take in `drop`'s entries it
/// lacks; empty single values take `drop`'s.
pub(crate) fn merged_fields(keep: &ClientFields, drop: &ClientFields) -> Vec<FieldChange> {
    let empty = ClientFields::default();
    let mut changes = Vec::new();
    for field in Field::NAMES.iter().filter_map(|name| name.parse::<Field>().ok()) {
        let old = keep.get(field);
        let theirs = drop.get(field);
        let new = match (old.clone(), theirs) {
            (FieldValue::Phones(mut mine), FieldValue::Phones(more)) => {
                for phone in more {
                    if !mine.iter().any(|p| p.e164() == phone.e164()) {
                        mine.push(phone);
                    }
                }
                FieldValue::Phones(mine)
            }
            (FieldValue::Emails(mut mine), FieldValue::Emails(more)) => {
                for email in more {
                    if !mine.iter().any(|e| e.as_str().eq_ignore_ascii_case(email.as_str())) {
                        mine.push(email);
                    }
                }
                FieldValue::Emails(mine)
            }
            (FieldValue::Messengers(mine), FieldValue::Messengers(more)) => FieldValue::Messengers(union(mine, more)),
            (FieldValue::Dates(mine), FieldValue::Dates(more)) => FieldValue::Dates(union(mine, more)),
            (FieldValue::Wishes(mine), FieldValue::Wishes(more)) => FieldValue::Wishes(union(mine, more)),
            (FieldValue::Meetups(mine), FieldValue::Meetups(more)) => FieldValue::Meetups(union(mine, more)),
            (FieldValue::Tags(mut mine), FieldValue::Tags(more)) => {
                mine.extend(more);
                FieldValue::Tags(mine)
            }
            (FieldValue::InconvenientChannels(mut mine), FieldValue::InconvenientChannels(more)) => {
                mine.extend(more);
                FieldValue::InconvenientChannels(mine)
            }
            // The kind is the kept client's; single values are filled where empty.
            (FieldValue::Kind(mine), _) => FieldValue::Kind(mine),
            (mine, theirs) if mine == empty.get(field) => theirs,
            (mine, _) => mine,
        };
        if new != old {
            changes.push(FieldChange { old, new });
        }
    }
    changes
}

fn union<T: PartialEq>(mut mine: Vec<T>, more: Vec<T>) -> Vec<T> {
    for item in more {
        if !mine.contains(&item) {
            mine.push(item);
        }
    }
    mine
}

/// The names `keep` gains from `drop`: its current name and its aliases, less the ones
/// `keep` already has.
pub(crate) fn gained_aliases(keep: &Client, drop: &Client) -> Vec<Alias> {
    let duplicate = Alias { kind: AliasKind::Duplicate, name: drop.name.clone(), until: None };
    let mut gained: Vec<Alias> = Vec::new();
    for alias in std::iter::once(duplicate).chain(drop.aliases.iter().cloned()) {
        let known = alias.name == keep.name
            || keep.aliases.iter().chain(&gained).any(|a| a.kind == alias.kind && a.name == alias.name);
        if !known {
            gained.push(alias);
        }
    }
    gained
}
