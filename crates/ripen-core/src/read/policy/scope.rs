//! Whose touches a rule counts, and in which time zone a client lives.

use crate::model::client::{Client, ClientKind};
use crate::model::policy::{Policy, Scope};
use crate::model::relationship::RelationKind;
use crate::state::CrmState;
use crate::values::ids::ClientId;
use crate::values::zone::Zone;
use rustc_hash::FxHashSet;
use std::collections::BTreeSet;

/// The companies a client belongs to: itself if a company, else its current employers.
fn companies_of(state: &CrmState, client: &ClientId) -> Vec<ClientId> {
    companies_of_kind(state, client, state.client(client).map(|c| c.kind()))
}

/// [`companies_of`] a client whose kind is known (a lookup saved on a list of every client).
fn companies_of_kind(state: &CrmState, client: &ClientId, kind: Option<ClientKind>) -> Vec<ClientId> {
    match kind {
        Some(ClientKind::Company) => vec![client.clone()],
        _ => state
            .relationships
            .of_client(client)
            .filter(|r| r.kind == RelationKind::Employee && &r.to == client && r.ended.is_none())
            .map(|r| r.from.clone())
            .collect(),
    }
}

fn people_of<'a>(state: &'a CrmState, company: &ClientId) -> impl Iterator<Item = ClientId> + 'a {
    let company = company.clone();
    state
        .relationships
        .of_client(&company)
        .filter(move |r| r.kind == RelationKind::Employee && r.from == company && r.ended.is_none())
        .map(|r| r.to.clone())
}

/// Every client whose touches count together with `client`'s under `scope`.
pub(crate) fn clients_in(state: &CrmState, client: &ClientId, scope: Scope) -> BTreeSet<ClientId> {
    members_of(state, client, scope).into_iter().collect()
}

/// [`clients_in`] as a list in no order, `client` first: what a check walks. Kept
/// distinct through a hash set, not a sorted one, whose comparisons of ids cost a company
/// of 300 people most of a check (60 of 90 µs).
pub(super) fn members_of(state: &CrmState, client: &ClientId, scope: Scope) -> Vec<ClientId> {
    let companies: Vec<ClientId> = match scope {
        Scope::Person => return vec![client.clone()],
        Scope::Company => companies_of(state, client),
        Scope::Group => companies_of(state, client).iter().flat_map(|c| state.relationships.group(c)).collect(),
    };
    let mut members = vec![client.clone()];
    let mut seen: FxHashSet<ClientId> = FxHashSet::default();
    seen.insert(client.clone());
    for company in companies {
        for member in people_of(state, &company).chain(std::iter::once(company)) {
            if seen.insert(member.clone()) {
                members.push(member);
            }
        }
    }
    members
}

/// The client's time zone: its own, else its employer's, else the policy's default.
pub(super) fn time_zone(state: &CrmState, policy: &Policy, client: &ClientId) -> Zone {
    let own = |id: &ClientId| state.client(id).and_then(|c| c.fields.time_zone).map(|z| z.zone());
    own(client)
        .or_else(|| companies_of(state, client).iter().find_map(own))
        .unwrap_or_else(|| policy.default_time_zone.zone())
}

/// [`time_zone`] of a client at hand.
fn time_zone_of_client(state: &CrmState, policy: &Policy, client: &Client) -> Zone {
    let own = |id: &ClientId| state.client(id).and_then(|c| c.fields.time_zone).map(|z| z.zone());
    client
        .fields
        .time_zone
        .map(|z| z.zone())
        .or_else(|| companies_of_kind(state, &client.id, Some(client.kind())).iter().find_map(own))
        .unwrap_or_else(|| policy.default_time_zone.zone())
}

impl Policy {
    /// The time zone the client lives in: its own, its employer's, or the default.
    pub fn time_zone_of(&self, state: &CrmState, client: &ClientId) -> Zone {
        time_zone(state, self, client)
    }

    /// [`Policy::time_zone_of`] a client at hand, without looking it up again.
    pub fn time_zone_of_client(&self, state: &CrmState, client: &Client) -> Zone {
        time_zone_of_client(state, self, client)
    }
}
