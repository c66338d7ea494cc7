//! The team: users with their roles, teams, and who is absent.

use crate::ids::{TeamId, UserId};
use crate::newtype::string_enum;
use serde::{Deserialize, Serialize};
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamId>,
    /// On leave, ill, away: gets no new clients.
    #[serde(default)]
    pub absent: bool,
}

/// Users and teams.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct People {
    users: BTreeMap<UserId, UserProfile>,
    teams: BTreeMap<TeamId, String>,
}

impl People {
    pub(crate) fn set_user(&mut self, user: &UserId, profile: Option<&UserProfile>) {
        match profile {
            Some(profile) => self.users.insert(user.clone(), profile.clone()),
            None => self.users.remove(user),
        };
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
}
