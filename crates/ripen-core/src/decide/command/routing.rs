//! Deciding the commands about who answers for a client: routing, re-routing, sharing,
//! and the routing settings.

use super::{live, not_found, Decision};
use crate::decide::router::Router;
use crate::error::Error;
use crate::model::client::Grantee;
use crate::model::event::EventPayload;
use crate::model::pipeline::{sales_pipeline, CardPosition};
use crate::model::routing::{Routing, Target};
use crate::state::CrmState;
use crate::values::clean::clean_line;
use crate::values::ids::{ClientId, PipelineId};

/// Routes the client again: by the rule book (its owner left, the rules changed), or to
/// `to` — a hand-off to another role's queue, such as a telemarketer passing a qualified
/// lead to the development team — with the reason given.
pub(super) fn reroute(
    state: &CrmState,
    client: ClientId,
    to: Option<Target>,
    note: Option<String>,
) -> Result<Decision, Error> {
    let current = live(state, &client)?;
    let note = note.map(|n| clean_line("reason", &n, 500)).transpose()?;
    let mut router = Router::new(state);
    let mut route = match &to {
        Some(target) => {
            exists(state, target)?;
            router.route_to(target, &current.fields, current.owner.as_ref(), "by hand")
        }
        None => router.route(&current.fields, current.owner.as_ref()).ok_or_else(|| Error::Conflict {
            reason: "no routing is set up: save the routing settings, or route to a user or a team".into(),
            later: None,
        })?,
    };
    if let Some(note) = &note {
        route.reason.text = format!("{note}: {}", route.reason.text);
    }
    route.reason.note = note;
    Ok(Decision::Payloads(vec![EventPayload::ClientRouted {
        client,
        old: current.owner.clone(),
        new: route.owner,
        why: Box::new(route.reason),
    }]))
}

/// The hand-off to key-account management when a move wins the deal (the card reaches
/// the sales pipeline's last stage), if the routing settings name where won clients go
/// and the client is not there already.
pub(super) fn after_won(
    state: &CrmState,
    client: &ClientId,
    pipeline: &PipelineId,
    to: &CardPosition,
) -> Option<EventPayload> {
    let target = state.routing.as_ref()?.won.as_ref()?;
    let CardPosition::Stage { stage } = to else { return None };
    let last = state.pipelines.get(pipeline)?.stages.last()?;
    if *pipeline != sales_pipeline() || last.id != *stage {
        return None;
    }
    let current = state.live_client(client)?;
    let owner = current.owner.as_ref();
    let already = match target {
        Target::User(user) => owner == Some(user),
        Target::Team(team) => owner.and_then(|o| state.people.user(o)).and_then(|p| p.team.as_ref()) == Some(team),
    };
    if already {
        return None;
    }
    let route = Router::new(state).route_to(target, &current.fields, owner, "deal won");
    Some(EventPayload::ClientRouted {
        client: client.clone(),
        old: current.owner.clone(),
        new: route.owner,
        why: Box::new(route.reason),
    })
}

pub(super) fn share(state: &CrmState, client: ClientId, with: Grantee, shared: bool) -> Result<Decision, Error> {
    let current = state.client(&client).ok_or_else(|| not_found("client", &client))?;
    match &with {
        Grantee::User(user) => drop(state.people.user(user).ok_or_else(|| not_found("user", user))?),
        Grantee::Team(team) => drop(state.people.team(team).ok_or_else(|| not_found("team", team))?),
    }
    let old = current.shared_with.contains(&with);
    Ok(Decision::Payloads(if old == shared {
        Vec::new()
    } else {
        vec![EventPayload::ShareChanged { client, with, old, new: shared }]
    }))
}

pub(super) fn save(state: &CrmState, routing: Option<Routing>) -> Result<Decision, Error> {
    if let Some(routing) = &routing {
        for target in routing.targets() {
            exists(state, target)?;
        }
        for team in routing.teams.keys() {
            state.people.team(team).ok_or_else(|| not_found("team", team))?;
        }
    }
    let old = state.routing.clone();
    Ok(Decision::Payloads(if old == routing {
        Vec::new()
    } else {
        vec![EventPayload::RoutingSaved { old: old.map(Box::new), new: routing.map(Box::new) }]
    }))
}

fn exists(state: &CrmState, target: &Target) -> Result<(), Error> {
    match target {
        Target::User(user) => state.people.user(user).map(drop).ok_or_else(|| not_found("user", user)),
        Target::Team(team) => state.people.team(team).map(drop).ok_or_else(|| not_found("team", team)),
    }
}
