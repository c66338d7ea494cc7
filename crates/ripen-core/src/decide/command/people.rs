//! Deciding the commands about people and ties: users, teams, hand-offs, relationships.

use super::{live, not_found, Decision, Stamper};
use crate::error::{Error, Problem, ValidationError};
use crate::model::client::ClientKind;
use crate::model::event::EventPayload;
use crate::model::people::UserProfile;
use crate::model::relationship::{RelationKind, Relationship};
use crate::model::sales_plan::{PlanOwner, SalesPlan};
use crate::state::CrmState;
use crate::values::clean::clean_line;
use crate::values::ids::{ClientId, RelationshipId, TeamId, UserId};
use chrono::NaiveDate;

fn invalid(field: &str, reason: impl Into<String>) -> Error {
    ValidationError::new(field, Problem::Malformed { reason: reason.into() }).into()
}

pub(super) fn save_user(state: &CrmState, user: UserId, mut profile: UserProfile) -> Result<Decision, Error> {
    profile.name = clean_line("name", &profile.name, 100)?;
    if let Some(team) = &profile.team {
        state.people.team(team).ok_or_else(|| not_found("team", team))?;
    }
    let old = state.people.user(&user).cloned();
    Ok(Decision::Payloads(if old.as_ref() == Some(&profile) {
        Vec::new()
    } else {
        vec![EventPayload::UserSaved { user, old, new: Some(profile) }]
    }))
}

pub(super) fn save_team(state: &CrmState, team: TeamId, name: String) -> Result<Decision, Error> {
    let name = clean_line("name", &name, 100)?;
    let old = state.people.team(&team).cloned();
    Ok(Decision::Payloads(if old.as_ref() == Some(&name) {
        Vec::new()
    } else {
        vec![EventPayload::TeamSaved { team, old, new: Some(name) }]
    }))
}

pub(super) fn hand_off(
    state: &CrmState,
    client: ClientId,
    to: Option<UserId>,
    reason: Option<String>,
) -> Result<Decision, Error> {
    let current = live(state, &client)?;
    if let Some(user) = &to {
        state.people.user(user).ok_or_else(|| not_found("user", user))?;
    }
    let reason = reason.map(|r| clean_line("reason", &r, 500)).transpose()?;
    Ok(Decision::Payloads(if current.owner == to {
        Vec::new()
    } else {
        vec![EventPayload::OwnerChanged { client, old: current.owner.clone(), new: to, reason }]
    }))
}

pub(super) fn link(
    state: &CrmState,
    stamper: &mut Stamper<'_>,
    from: ClientId,
    to: ClientId,
    kind: RelationKind,
    position: Option<String>,
    since: Option<NaiveDate>,
) -> Result<Decision, Error> {
    let parent = live(state, &from)?;
    let child = live(state, &to)?;
    if from == to {
        return Err(invalid("to", "a client cannot be related to itself"));
    }
    match kind {
        RelationKind::Subsidiary | RelationKind::Branch => {
            if parent.kind() != ClientKind::Company || child.kind() != ClientKind::Company {
                return Err(invalid("kind", format!("a {kind} links two companies")));
            }
            if state.relationships.is_above(&to, &from) {
                return Err(invalid("to", format!("{to} is already above {from} in the group; the tree would loop")));
            }
        }
        RelationKind::Employee => {
            if parent.kind() != ClientKind::Company || child.kind() != ClientKind::Person {
                return Err(invalid("kind", "an employee is a person working at a company"));
            }
        }
        RelationKind::Referral | RelationKind::Partner => {}
    }
    if position.is_some() && kind != RelationKind::Employee {
        return Err(invalid("position", "only employees have a position"));
    }
    let position = position.map(|p| clean_line("position", &p, 200)).transpose()?;
    if state.relationships.active(kind, &from, &to).is_some() {
        return Ok(Decision::Payloads(Vec::new()));
    }
    let event = stamper.stamp(|id| EventPayload::Linked {
        relationship: Box::new(Relationship {
            id: RelationshipId::minted_by(id),
            kind,
            from,
            to,
            position,
            since,
            ended: None,
        }),
    });
    Ok(Decision::Events(vec![event]))
}

pub(super) fn end_link(state: &CrmState, relationship: RelationshipId, on: NaiveDate) -> Result<Decision, Error> {
    let current = state.relationships.get(&relationship).ok_or_else(|| not_found("relationship", &relationship))?;
    if current.since.is_some_and(|since| on < since) {
        return Err(invalid("on", "a relationship cannot end before it began"));
    }
    Ok(Decision::Payloads(if current.ended == Some(on) {
        Vec::new()
    } else {
        vec![EventPayload::LinkEnded {
            between: [current.from.clone(), current.to.clone()],
            relationship,
            old: current.ended,
            new: Some(on),
        }]
    }))
}

pub(super) fn save_plan(state: &CrmState, plan: SalesPlan) -> Result<Decision, Error> {
    if plan.from >= plan.to {
        return Err(invalid("to", "the period must end after it starts"));
    }
    match &plan.owner {
        PlanOwner::User(user) => state.people.user(user).map(drop).ok_or_else(|| not_found("user", user))?,
        PlanOwner::Team(team) => state.people.team(team).map(drop).ok_or_else(|| not_found("team", team))?,
    }
    let old = state.plans.iter().find(|p| p.key() == plan.key()).cloned();
    Ok(Decision::Payloads(if old.as_ref() == Some(&plan) {
        Vec::new()
    } else {
        vec![EventPayload::PlanSaved { plan: Box::new(plan), old: old.map(Box::new) }]
    }))
}

pub(super) fn remove_plan(state: &CrmState, id: String) -> Result<Decision, Error> {
    let current = state.plans.iter().find(|p| p.id() == id).ok_or_else(|| not_found("plan", &id))?;
    Ok(Decision::Payloads(vec![EventPayload::PlanRemoved { plan: Box::new(current.clone()) }]))
}
