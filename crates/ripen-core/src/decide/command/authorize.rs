//! The write half of the permission check: whether the author may run a command at all,
//! before it is decided. The read half is [`crate::read::view::View`]. The rules are
//! [`Rights`]', which the fold applies to each event the command makes as well
//! (`crate::state::rights::check_event`): what passes here passes there, on every device
//! that has seen what this one had.

use super::Command;
use crate::decide::revert::RevertContext;
use crate::error::Error;
use crate::model::event::EventPayload;
use crate::model::people::Role;
use crate::state::rights::{Refusal, Rights, Setting};
use crate::state::CrmState;
use crate::values::ids::UserId;

pub(super) fn authorize(
    command: &Command,
    state: &CrmState,
    author: &UserId,
    loaded: Option<&RevertContext>,
) -> Result<(), Error> {
    check(command, state, &Rights::of(&state.people, author), author, loaded).map_err(|refusal| {
        match (refusal, command) {
            // Whoever made an event knows the client it was about: reverting it once that
            // client is out of their sight (handed off, unshared, routed away) is refused as
            // a conflict the current state stands in, not as a client that does not exist.
            (Refusal::Client { client }, Command::Revert { event, .. })
                if loaded.is_some_and(|c| c.target().id == *event && c.target().by == *author) =>
            {
                Error::Conflict {
                    reason: format!(
                        "cannot revert {event}: client {client} is no longer yours to change (it is neither yours nor \
                     shared with you now); its owner or an admin can take it back"
                    ),
                    later: None,
                }
            }
            (refusal, _) => refusal.into(),
        }
    })
}

fn check(
    command: &Command,
    state: &CrmState,
    rights: &Rights,
    author: &UserId,
    loaded: Option<&RevertContext>,
) -> Result<(), Refusal> {
    rights.may_enter()?;
    let client = |id| rights.may_change(&state.people, state.client(id));
    match command {
        // A lead captured is a client added: any member's.
        Command::AddClient(_) | Command::AddClients(_) | Command::CaptureLead(_) | Command::ReceiveWebLead { .. } => {
            Ok(())
        }
        Command::CreateLeadKey { .. } => rights.may_configure(Setting::LeadKeys),
        Command::Import(batch) => {
            let employers = batch.clients.iter().map(|c| &c.employer).chain(batch.merges.iter().map(|m| &m.employer));
            let employers = employers.filter_map(|employer| match employer {
                Some((crate::model::import::EmployerRef::Existing(company), _)) => Some(company),
                _ => None,
            });
            batch.merges.iter().map(|m| &m.into).chain(employers).try_for_each(client)
        }
        Command::UpdateClient { client: id, .. }
        | Command::RenameClient { client: id, .. }
        | Command::AddAlias { client: id, .. }
        | Command::RemoveAlias { client: id, .. }
        | Command::RemoveClient { client: id }
        | Command::RestoreClient { client: id }
        | Command::HandOff { client: id, .. }
        | Command::Route { client: id, .. }
        | Command::Share { client: id, .. }
        | Command::MoveStage { client: id, .. }
        | Command::QualifyLead { client: id, .. }
        | Command::RecordConsent { client: id, .. } => client(id),
        Command::Link { from, to, .. } | Command::Merge { keep: from, drop: to } => {
            client(from).and_then(|()| client(to))
        }
        Command::EndLink { relationship, .. } => match state.relationships.get(relationship) {
            Some(link) => client(&link.from).and_then(|()| client(&link.to)),
            None => Ok(()),
        },
        Command::PlanTouch { touch, .. } | Command::LogTouch { touch, .. } => client(&touch.client),
        Command::CompleteTouch { touch, .. } | Command::MissTouch { touch } | Command::CancelTouch { touch, .. } => {
            state.touches.get(touch).map_or(Ok(()), |touch| client(touch.client))
        }
        Command::SaveUser { user, profile } => rights.may_save_user(&state.people, user, profile.role == Role::Admin),
        Command::SaveTeam { .. } => rights.may_configure(Setting::Teams),
        Command::SaveRouting { .. } => rights.may_configure(Setting::Routing),
        Command::AddPipeline { .. }
        | Command::AddStage { .. }
        | Command::ChangeStage { .. }
        | Command::ReorderStages { .. } => rights.may_configure(Setting::Pipelines),
        Command::SaveRule { .. } | Command::RemoveRule { .. } => rights.may_configure(Setting::ContactPolicy),
        Command::SavePlan { .. } | Command::RemovePlan { .. } => rights.may_configure(Setting::Plans),
        Command::SaveStimuli { .. } => rights.may_configure(Setting::Stimuli),
        Command::SaveTemplate { .. } | Command::RemoveTemplate { .. } => rights.may_configure(Setting::Templates),
        Command::SaveShow { .. } | Command::ArchiveShow { .. } => rights.may_configure(Setting::Shows),
        Command::Revert { event, .. } => {
            let Some(context) = loaded.filter(|c| c.target().id == *event) else { return Ok(()) };
            let target = context.target();
            // A batch is reverted by whoever made it (an importer whose clients were routed
            // out of their sight still takes their import back), or by whoever may change
            // every client it touched.
            if crate::model::event::members(target).is_some() {
                if target.by == *author {
                    return Ok(());
                }
                return context.members.iter().flat_map(|m| m.payload.clients()).try_for_each(client);
            }
            let clients = target.payload.clients();
            if clients.is_empty() {
                rights.may_configure(Setting::Settings)?;
            }
            for id in clients {
                client(id)?;
            }
            saves_undone(rights, state, &target.payload)
        }
    }
}

/// The admin role's rules for the users' profiles undoing `payload` puts back: a save's
/// old profile, or for a revert, what its saves had replaced.
fn saves_undone(rights: &Rights, state: &CrmState, payload: &EventPayload) -> Result<(), Refusal> {
    match payload {
        EventPayload::UserSaved { user, old, .. } => {
            rights.may_revert_user(&state.people, user, old.as_ref().is_some_and(|p| p.role == Role::Admin))
        }
        EventPayload::Reverted { changes, .. } => {
            changes.iter().try_for_each(|change| saves_undone(rights, state, change))
        }
        _ => Ok(()),
    }
}
