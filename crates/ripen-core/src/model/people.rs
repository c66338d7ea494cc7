//! The team: users with their roles, teams, and who is absent.

use crate::model::routing::Skill;
use crate::values::ids::{TeamId, UserId};
use crate::values::newtype::string_enum;
use std::collections::BTreeMap;

string_enum! {
    /// What a user does in the sales process (seed 001).
    Role in "role" {
        Telemarketer = "telemarketer",
        /// Active manager / development specialist: forms the need and closes.
        Manager = "manager",
        KeyAccountManager = "key_account_manager",
        ProjectManager = "project_manager",
        Support = "support",
        BackOffice = "back_office",
        HeadOfSales = "head_of_sales",
        Admin = "admin",
    }
}

string_enum! {
    /// Which clients a user sees and changes.
    Scope in "sees" {
        /// The clients they own and those shared with them or their team.
        Own = "own",
        /// Also every client owned by a member of their team.
        Team = "team",
        All = "all",
    }
}

impl Role {
    /// What the role sees unless the user's profile says otherwise: heads of sales and
    /// admins everything, support and back office their team's clients, reps their own.
    pub const fn default_scope(self) -> Scope {
        match self {
            Self::HeadOfSales | Self::Admin => Scope::All,
            Self::Support | Self::BackOffice => Scope::Team,
            Self::Telemarketer | Self::Manager | Self::KeyAccountManager | Self::ProjectManager => Scope::Own,
        }
    }

    /// May change the CRM's settings: users, teams, routing, pipelines, the contact
    /// policy, plans and stimuli.
    pub const fn configures(self) -> bool {
        matches!(self, Self::HeadOfSales | Self::Admin)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct UserProfile {
    pub name: String,
    pub role: Role,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamId>,
    /// On leave, ill, away: gets no new clients.
    #[json(default)]
    pub absent: bool,
    /// Overrides the role's [`Role::default_scope`].
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub sees: Option<Scope>,
    /// The most clients routing gives this user to own; `None` is no cap.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<u32>,
    /// What the skills matrix scores clients against.
    #[json(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Skill>,
}

impl UserProfile {
    /// A present user with the role's scope, no cap and no skills.
    pub fn new(name: impl Into<String>, role: Role, team: Option<TeamId>) -> Self {
        Self { name: name.into(), role, team, absent: false, sees: None, cap: None, skills: Vec::new() }
    }

    pub fn scope(&self) -> Scope {
        self.sees.unwrap_or(self.role.default_scope())
    }
}

/// Users and teams.
#[derive(Debug, Default, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(from = "StoredPeople")]
pub struct People {
    users: BTreeMap<UserId, UserProfile>,
    teams: BTreeMap<TeamId, String>,
    /// How many users hold the admin role: the fold asks whether anyone does before every
    /// event, and scanning the users for it each time would cost a cold open dearly.
    #[json(skip)]
    admins: usize,
}

/// People as stored, the admins counted once read.
#[derive(ripen_json::FromJson)]
struct StoredPeople {
    users: BTreeMap<UserId, UserProfile>,
    teams: BTreeMap<TeamId, String>,
}

impl From<StoredPeople> for People {
    fn from(stored: StoredPeople) -> Self {
        let admins = stored.users.values().filter(|u| u.role == Role::Admin).count();
        Self { users: stored.users, teams: stored.teams, admins }
    }
}

impl People {
    pub(crate) fn set_user(&mut self, user: &UserId, profile: Option<&UserProfile>) {
        let was_admin = self.is_admin(user);
        match profile {
            Some(profile) => self.users.insert(user.clone(), profile.clone()),
            None => self.users.remove(user),
        };
        let is_admin = self.is_admin(user);
        self.admins = self.admins + usize::from(is_admin) - usize::from(was_admin);
    }

    /// Whether `user` is registered as an admin.
    pub fn is_admin(&self, user: &UserId) -> bool {
        self.users.get(user).is_some_and(|u| u.role == Role::Admin)
    }

    /// How many users hold the admin role.
    pub fn admins(&self) -> usize {
        self.admins
    }

    pub(crate) fn set_team(&mut self, team: &TeamId, name: Option<&String>) {
        match name {
            Some(name) => self.teams.insert(team.clone(), name.clone()),
            None => self.teams.remove(team),
        };
    }

    pub fn user(&self, id: &UserId) -> Option<&UserProfile> {
        self.users.get(id)
    }

    pub fn users(&self) -> impl Iterator<Item = (&UserId, &UserProfile)> {
        self.users.iter()
    }

    pub fn team(&self, id: &TeamId) -> Option<&String> {
        self.teams.get(id)
    }

    pub fn teams(&self) -> impl Iterator<Item = (&TeamId, &String)> {
        self.teams.iter()
    }

    /// Whether anyone holds the admin role: until someone does, the CRM is being set up
    /// and nobody's access is limited.
    pub fn has_admin(&self) -> bool {
        self.admins > 0
    }

    /// The members of `team`, in user id order.
    pub fn members<'a>(&'a self, team: &'a TeamId) -> impl Iterator<Item = (&'a UserId, &'a UserProfile)> + 'a {
        self.users.iter().filter(move |(_, profile)| profile.team.as_ref() == Some(team))
    }
}
