//! Relationships between clients (тип взаимосвязи): holdings and their subsidiaries and
//! branches, employees, referrals, partners; and the whole group a company belongs to.

use crate::values::ids::{ClientId, RelationshipId};
use crate::values::newtype::string_enum;
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

string_enum! {
    /// What `to` is to `from`.
    RelationKind in "kind" {
        /// `to` is a subsidiary of the holding `from`.
        Subsidiary = "subsidiary",
        /// `to` is a branch (a plant, an office in another city) of `from`.
        Branch = "branch",
        /// The person `to` works at the company `from`.
        Employee = "employee",
        /// `to` came to us on `from`'s recommendation.
        Referral = "referral",
        Partner = "partner",
    }
}

impl RelationKind {
    /// Whether this kind builds a group of companies (a holding tree).
    pub fn is_structural(self) -> bool {
        matches!(self, Self::Subsidiary | Self::Branch)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Relationship {
    pub id: RelationshipId,
    pub kind: RelationKind,
    pub from: ClientId,
    pub to: ClientId,
    /// For employees: their position.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// When it ended (the employee left the company); ended relationships stay on record.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<NaiveDate>,
}

/// Every relationship, by id and by client. Kept in id order, so that listing never
/// depends on the order of the edits that made the record.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RelationshipBook {
    by_id: BTreeMap<RelationshipId, Relationship>,
    by_client: HashMap<ClientId, BTreeSet<RelationshipId>>,
}

impl RelationshipBook {
    pub(crate) fn insert(&mut self, relationship: &Relationship) {
        if self.by_id.contains_key(&relationship.id) {
            return;
        }
        for client in [&relationship.from, &relationship.to] {
            self.by_client.entry(client.clone()).or_default().insert(relationship.id.clone());
        }
        self.by_id.insert(relationship.id.clone(), relationship.clone());
    }

    /// Takes a relationship off the record (only a revert of its creation does this).
    pub(crate) fn remove(&mut self, id: &RelationshipId) {
        if let Some(relationship) = self.by_id.remove(id) {
            for client in [&relationship.from, &relationship.to] {
                if let Some(ids) = self.by_client.get_mut(client) {
                    ids.remove(id);
                    // No empty sets left behind: the book then depends only on what it holds.
                    if ids.is_empty() {
                        self.by_client.remove(client);
                    }
                }
            }
        }
    }

    pub(crate) fn set_ended(&mut self, id: &RelationshipId, ended: Option<NaiveDate>) {
        if let Some(relationship) = self.by_id.get_mut(id) {
            relationship.ended = ended;
        }
    }

    /// Every relationship on record, ended ones included.
    pub fn all(&self) -> impl Iterator<Item = &Relationship> {
        self.by_id.values()
    }

    pub fn get(&self, id: &RelationshipId) -> Option<&Relationship> {
        self.by_id.get(id)
    }

    /// The client's relationships, ended ones included.
    pub fn of_client(&self, client: &ClientId) -> impl Iterator<Item = &Relationship> {
        self.by_client.get(client).into_iter().flatten().filter_map(|id| self.by_id.get(id))
    }

    /// An active relationship of `kind` from `from` to `to`, if there is one.
    pub fn active(&self, kind: RelationKind, from: &ClientId, to: &ClientId) -> Option<&Relationship> {
        self.of_client(from).find(|r| r.kind == kind && &r.from == from && &r.to == to && r.ended.is_none())
    }

    /// Every company of the group `client` belongs to — the holding, its subsidiaries and
    /// branches, transitively — `client` first, then in the order they are reached.
    pub fn group(&self, client: &ClientId) -> Vec<ClientId> {
        let mut seen: HashSet<ClientId> = HashSet::from([client.clone()]);
        let mut order = vec![client.clone()];
        let mut queue = VecDeque::from([client.clone()]);
        while let Some(current) = queue.pop_front() {
            for r in self.of_client(&current).filter(|r| r.kind.is_structural() && r.ended.is_none()) {
                let other = if r.from == current { &r.to } else { &r.from };
                if seen.insert(other.clone()) {
                    order.push(other.clone());
                    queue.push_back(other.clone());
                }
            }
        }
        order
    }

    /// Whether `ancestor` is above `client` in a holding tree (or is the client itself).
    pub fn is_above(&self, ancestor: &ClientId, client: &ClientId) -> bool {
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([client.clone()]);
        while let Some(current) = queue.pop_front() {
            if &current == ancestor {
                return true;
            }
            if !seen.insert(current.clone()) {
                continue;
            }
            for r in self.of_client(&current).filter(|r| r.kind.is_structural() && r.ended.is_none() && r.to == current)
            {
                queue.push_back(r.from.clone());
            }
        }
        false
    }
}
