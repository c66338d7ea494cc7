//! Who sees and changes which clients: the one check that every read and every write of
//! the engine goes through.
//!
//! Permissions are the CRM's working rules, not a lock against someone holding the
//! device: the data sits in the browser's IndexedDB, readable by anyone with the
//! browser's developer tools.

use crate::error::Error;
use crate::model::client::Client;
use crate::model::people::{People, Role, Scope};
use crate::state::CrmState;
use crate::values::ids::{ClientId, TeamId, UserId};

pub use crate::model::client::Grantee;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Sight {
    All,
    Limited { user: UserId, team: Option<TeamId>, whole_team: bool },
    Nothing,
}

/// What one user may see and do, worked out from the registered users.
///
/// Until anyone holds the admin role the CRM is being set up (or is a one-person demo)
/// and nobody is limited. From then on an unregistered user sees nothing and changes
/// nothing, and everyone else sees what their scope gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    sight: Sight,
    configures: bool,
    admin: bool,
}

impl Access {
    /// Unlimited: the CRM before its first admin, and the benchmarks.
    pub fn everything() -> Self {
        Self { sight: Sight::All, configures: true, admin: true }
    }

    pub fn of(people: &People, user: &UserId) -> Self {
        if !people.has_admin() {
            return Self::everything();
        }
        let Some(profile) = people.user(user) else {
            return Self { sight: Sight::Nothing, configures: false, admin: false };
        };
        let sight = match profile.scope() {
            Scope::All => Sight::All,
            scope => Sight::Limited {
                user: user.clone(),
                team: profile.team.clone(),
                whole_team: scope == Scope::Team && profile.team.is_some(),
            },
        };
        Self { sight, configures: profile.role.configures(), admin: profile.role == Role::Admin }
    }

    /// Whether the user is let in at all.
    pub fn is_member(&self) -> bool {
        self.sight != Sight::Nothing
    }

    /// `all`, `team`, `own` or `nothing`: what the page says the user sees.
    pub fn scope_name(&self) -> &'static str {
        match &self.sight {
            Sight::All => Scope::All.as_str(),
            Sight::Limited { whole_team: true, .. } => Scope::Team.as_str(),
            Sight::Limited { .. } => Scope::Own.as_str(),
            Sight::Nothing => "nothing",
        }
    }

    pub fn configures(&self) -> bool {
        self.configures
    }

    pub fn is_admin(&self) -> bool {
        self.admin
    }

    /// The rule itself: the owner, whom it is shared with, and (for a team scope) the
    /// owner's team.
    pub fn sees(&self, people: &People, client: &Client) -> bool {
        match &self.sight {
            Sight::All => true,
            Sight::Nothing => false,
            Sight::Limited { user, team, whole_team } => {
                client.owner.as_ref() == Some(user)
                    || client.shared_with.iter().any(|grantee| match grantee {
                        Grantee::User(with) => with == user,
                        Grantee::Team(with) => team.as_ref() == Some(with),
                    })
                    || (*whole_team
                        && client.owner.as_ref().and_then(|owner| people.user(owner)).and_then(|p| p.team.as_ref())
                            == team.as_ref())
            }
        }
    }

    /// Whether figures about `user` or `team` (a plan's progress) are the viewer's to
    /// see: their own, their team's, or anyone's for those who see every client.
    pub fn follows(&self, user: Option<&UserId>, team: Option<&TeamId>) -> bool {
        match &self.sight {
            Sight::All => true,
            Sight::Nothing => false,
            Sight::Limited { user: me, team: my_team, .. } => {
                user == Some(me) || (team.is_some() && team == my_team.as_ref())
            }
        }
    }

    /// Whether the client `id` exists (removed or not) and is visible.
    pub fn sees_id(&self, state: &CrmState, id: &ClientId) -> bool {
        self.sees_all() || state.client(id).is_some_and(|client| self.sees(&state.people, client))
    }

    /// No client is hidden: reads can skip the per-client check.
    pub fn sees_all(&self) -> bool {
        self.sight == Sight::All
    }

    /// Refuses a client the user may not see. A client that does not exist passes: the
    /// command says so itself.
    pub fn check_client(&self, state: &CrmState, id: &ClientId) -> Result<(), Error> {
        match state.client(id) {
            Some(client) if !self.sees(&state.people, client) => {
                Err(Error::Forbidden { reason: format!("client {id} is not one of yours: it is not shared with you") })
            }
            _ => Ok(()),
        }
    }

    pub fn check_member(&self) -> Result<(), Error> {
        if self.is_member() {
            Ok(())
        } else {
            Err(Error::Forbidden { reason: "you are not a registered user of this CRM".into() })
        }
    }

    /// Refuses a change to the settings (`what`) from a user who does not configure.
    pub fn check_configures(&self, what: &str) -> Result<(), Error> {
        if self.configures {
            Ok(())
        } else {
            Err(Error::Forbidden { reason: format!("only a head of sales or an admin changes {what}") })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::client::{ClientFields, ClientName};

    fn people(users: &[(&str, Role, Option<&str>)]) -> People {
        let mut people = People::default();
        for (id, role, team) in users {
            let team = team.map(|t| t.parse().unwrap());
            people.set_user(&id.parse().unwrap(), Some(&crate::model::people::UserProfile::new(*id, *role, team)));
        }
        people
    }

    fn client(owner: Option<&str>, shared: &[Grantee]) -> Client {
        Client {
            id: "r.1".parse().unwrap(),
            name: ClientName::parse("X").unwrap(),
            aliases: Vec::new(),
            fields: ClientFields::default(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            created_by: "anna".parse().unwrap(),
            owner: owner.map(|o| o.parse().unwrap()),
            removed: false,
            shared_with: shared.iter().cloned().collect(),
        }
    }

    #[test]
    fn who_sees_a_client() {
        let team = |t: &str| Grantee::Team(t.parse().unwrap());
        let user = |u: &str| Grantee::User(u.parse().unwrap());
        let people = people(&[
            ("root", Role::Admin, None),
            ("head", Role::HeadOfSales, Some("msk")),
            ("anna", Role::Manager, Some("msk")),
            ("boris", Role::Manager, Some("msk")),
            ("vera", Role::Manager, Some("nsk")),
            ("sasha", Role::Support, Some("msk")),
            ("gleb", Role::Support, None),
        ]);
        // (viewer, owner, shared with, sees)
        let cases: &[(&str, Option<&str>, Vec<Grantee>, bool)] = &[
            ("root", Some("anna"), vec![], true),
            ("head", Some("vera"), vec![], true),
            ("anna", Some("anna"), vec![], true),
            ("anna", Some("boris"), vec![], false),
            ("anna", None, vec![], false),
            ("anna", Some("vera"), vec![user("anna")], true),
            ("anna", Some("vera"), vec![team("msk")], true),
            ("vera", Some("anna"), vec![team("msk")], false),
            ("sasha", Some("boris"), vec![], true),
            ("sasha", Some("vera"), vec![], false),
            ("sasha", None, vec![], false),
            ("gleb", Some("gleb"), vec![], true),
            ("gleb", Some("anna"), vec![], false),
            ("stranger", Some("anna"), vec![], false),
        ];
        for (viewer, owner, shared, expected) in cases {
            let access = Access::of(&people, &viewer.parse().unwrap());
            assert_eq!(access.sees(&people, &client(*owner, shared)), *expected, "{viewer} → {owner:?} {shared:?}");
        }
    }

    #[test]
    fn before_the_first_admin_nobody_is_limited() {
        let people = people(&[("anna", Role::Manager, None)]);
        let stranger = Access::of(&people, &"stranger".parse().unwrap());
        assert!(stranger.sees(&people, &client(Some("anna"), &[])));
        assert!(stranger.configures());
    }

    #[test]
    fn a_profile_can_widen_or_narrow_its_role() {
        let mut people = people(&[("root", Role::Admin, None), ("anna", Role::Manager, Some("msk"))]);
        let mut profile = people.user(&"anna".parse().unwrap()).unwrap().clone();
        profile.sees = Some(Scope::All);
        people.set_user(&"anna".parse().unwrap(), Some(&profile));
        let access = Access::of(&people, &"anna".parse().unwrap());
        assert_eq!(access.scope_name(), "all");
        assert!(!access.configures(), "seeing everything is not configuring");
        assert_eq!(Access::of(&people, &"ghost".parse().unwrap()).scope_name(), "nothing");
    }
}
