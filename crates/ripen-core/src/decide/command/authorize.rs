//! The write half of the permission check: whether the author may run a command at all,
//! before it is decided. The read half is [`crate::read::view::View`].

use super::Command;
use crate::decide::revert::RevertContext;
use crate::error::Error;
use crate::model::event::EventPayload;
use crate::model::people::Role;
use crate::read::access::Access;
use crate::state::CrmState;
use crate::values::ids::UserId;

pub(super) fn authorize(
    command: &Command,
    state: &CrmState,
    author: &UserId,
    loaded: Option<&RevertContext>,
) -> Result<(), Error> {
    let access = Access::of(&state.people, author);
    access.check_member()?;
    let client = |id| access.check_client(state, id);
    match command {
        Command::AddClient(_) | Command::AddClients(_) => Ok(()),
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
        | Command::MoveStage { client: id, .. } => client(id),
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
        Command::SaveUser { user, profile } => {
            access.check_configures("users")?;
            let was_admin = state.people.user(user).is_some_and(|p| p.role == Role::Admin);
            if (was_admin || profile.role == Role::Admin) && state.people.has_admin() && !access.is_admin() {
                return Err(admins_only());
            }
            if was_admin && profile.role != Role::Admin {
                keeps_an_admin(state, user)?;
            }
            Ok(())
        }
        Command::SaveTeam { .. } => access.check_configures("teams"),
        Command::SaveRouting { .. } => access.check_configures("routing"),
        Command::AddPipeline { .. }
        | Command::AddStage { .. }
        | Command::ChangeStage { .. }
        | Command::ReorderStages { .. } => access.check_configures("pipelines"),
        Command::SaveRule { .. } | Command::RemoveRule { .. } => access.check_configures("the contact policy"),
        Command::SavePlan { .. } | Command::RemovePlan { .. } => access.check_configures("plans"),
        Command::SaveStimuli { .. } => access.check_configures("stimuli"),
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
                access.check_configures("settings")?;
            }
            for id in clients {
                client(id)?;
            }
            if let EventPayload::UserSaved { user, old, .. } = &target.payload {
                let was_admin = old.as_ref().is_some_and(|p| p.role == Role::Admin);
                let is_admin = state.people.user(user).is_some_and(|p| p.role == Role::Admin);
                if is_admin && !was_admin {
                    if !access.is_admin() {
                        return Err(admins_only());
                    }
                    keeps_an_admin(state, user)?;
                }
            }
            Ok(())
        }
    }
}

fn admins_only() -> Error {
    Error::Forbidden { reason: "only an admin gives or takes the admin role".into() }
}

/// Refuses to leave the CRM without an admin once it has one: nobody could manage users
/// any more, and everyone would see everything again.
fn keeps_an_admin(state: &CrmState, leaving: &UserId) -> Result<(), Error> {
    if state.people.users().any(|(id, p)| id != leaving && p.role == Role::Admin) {
        Ok(())
    } else {
        Err(Error::Conflict {
            reason: format!("{leaving} is the last admin; make someone else an admin first"),
            later: None,
        })
    }
}
