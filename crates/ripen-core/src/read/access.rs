//! Who sees and changes which clients: the one check that every read and every write of
//! the engine goes through. The rules are [`Rights`]', which the fold applies to each
//! event too; this is their face to the reads and commands, refusing with an [`Error`].

use crate::error::Error;
use crate::model::client::Client;
use crate::model::people::People;
use crate::state::rights::{Rights, Setting};
use crate::state::CrmState;
use crate::values::ids::{ClientId, TeamId, UserId};

pub use crate::model::client::Grantee;

/// What one user may see and do, worked out from the registered users (see [`Rights`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access(Rights);

impl Access {
    /// Unlimited: the CRM before its first admin, and the benchmarks.
    pub fn everything() -> Self {
        Self(Rights::everything())
    }

    pub fn of(people: &People, user: &UserId) -> Self {
        Self(Rights::of(people, user))
    }

    /// The rules themselves, for the checks that need more than one client or setting.
    pub fn rights(&self) -> &Rights {
        &self.0
    }

    /// Whether the user is let in at all.
    pub fn is_member(&self) -> bool {
        self.0.is_member()
    }

    /// `all`, `team`, `own` or `nothing`: what the page says the user sees.
    pub fn scope_name(&self) -> &'static str {
        self.0.scope_name()
    }

    pub fn configures(&self) -> bool {
        self.0.configures()
    }

    pub fn is_admin(&self) -> bool {
        self.0.is_admin()
    }

    /// The rule itself: the owner, whom it is shared with, and (for a team scope) the
    /// owner's team.
    pub fn sees(&self, people: &People, client: &Client) -> bool {
        self.0.sees(people, client)
    }

    /// Whether figures about `user` or `team` (a plan's progress) are the viewer's to
    /// see: their own, their team's, or anyone's for those who see every client.
    pub fn follows(&self, user: Option<&UserId>, team: Option<&TeamId>) -> bool {
        self.0.follows(user, team)
    }

    /// Whether the client `id` exists (removed or not) and is visible.
    pub fn sees_id(&self, state: &CrmState, id: &ClientId) -> bool {
        self.sees_all() || state.client(id).is_some_and(|client| self.sees(&state.people, client))
    }

    /// No client is hidden: reads can skip the per-client check.
    pub fn sees_all(&self) -> bool {
        self.0.sees_all()
    }

    /// Refuses a client the user may not see. A client that does not exist passes: the
    /// command says so itself.
    pub fn check_client(&self, state: &CrmState, id: &ClientId) -> Result<(), Error> {
        Ok(self.0.may_change(&state.people, state.client(id))?)
    }

    pub fn check_member(&self) -> Result<(), Error> {
        Ok(self.0.may_enter()?)
    }

    /// Refuses a change to the settings (`what`) from a user who does not configure.
    pub fn check_configures(&self, what: Setting) -> Result<(), Error> {
        Ok(self.0.may_configure(what)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::people::{Role, UserProfile};

    #[test]
    fn a_refusal_is_forbidden_with_its_reason() {
        let mut people = People::default();
        people.set_user(&"root".parse().unwrap(), Some(&UserProfile::new("root", Role::Admin, None)));
        let ghost = Access::of(&people, &"ghost".parse().unwrap());
        let error = ghost.check_member().unwrap_err();
        assert_eq!(error.kind(), crate::values::error::ErrorKind::Forbidden);
        assert_eq!(error.to_string(), "forbidden: you are not a registered user of this CRM");
        let error = ghost.check_configures(Setting::Backups).unwrap_err();
        assert_eq!(error.to_string(), "forbidden: only a head of sales or an admin changes backups");
    }
}
