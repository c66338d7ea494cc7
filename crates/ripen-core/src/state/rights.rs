//! Who may see and change what: the rules every permission check applies — to a command
//! before it is decided (`crate::decide::command`, through `crate::read::access::Access`)
//! and to each event where the fold comes to it. With devices syncing, an event can be
//! decided by someone who, by the events another device added before it in (HLC, id)
//! order, had lost the right to it; every device must then refuse it alike, so the rules
//! live here, below both, and read only what the fold knows at the event's place.
//!
//! Permissions are the CRM's working rules, not a lock against someone holding the
//! device: the data sits in the browser's IndexedDB, readable by anyone with the
//! browser's developer tools.

use crate::model::client::{Client, Grantee};
use crate::model::event::{Event, EventPayload};
use crate::model::people::{People, Role, Scope};
use crate::values::ids::{ClientId, EventId, RelationshipId, TeamId, TouchId, UserId};
use std::collections::BTreeSet;
use std::fmt;

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
pub struct Rights {
    sight: Sight,
    configures: bool,
    admin: bool,
}

impl Rights {
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

    /// No client is hidden: reads can skip the per-client check.
    pub fn sees_all(&self) -> bool {
        self.sight == Sight::All
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

    pub fn may_enter(&self) -> Result<(), Refusal> {
        if self.is_member() {
            Ok(())
        } else {
            Err(Refusal::NotMember)
        }
    }

    /// Refuses a client the user may not see. A client that does not exist (`None`)
    /// passes: a command says so itself, and an event about it changes nothing.
    pub fn may_change(&self, people: &People, client: Option<&Client>) -> Result<(), Refusal> {
        match client {
            Some(client) if !self.sees(people, client) => Err(Refusal::Client { client: client.id.clone() }),
            _ => Ok(()),
        }
    }

    pub fn may_configure(&self, setting: Setting) -> Result<(), Refusal> {
        if self.configures {
            Ok(())
        } else {
            Err(Refusal::Configures { setting })
        }
    }

    /// Saving `user`'s profile (`admin`: whether it makes them an admin). Only an admin
    /// gives or takes the admin role once there is one, and the last admin stays one.
    pub fn may_save_user(&self, people: &People, user: &UserId, admin: bool) -> Result<(), Refusal> {
        self.may_configure(Setting::Users)?;
        let was_admin = people.is_admin(user);
        if (was_admin || admin) && people.has_admin() && !self.admin {
            return Err(Refusal::AdminsOnly);
        }
        if was_admin && !admin {
            keeps_an_admin(people, user)?;
        }
        Ok(())
    }

    /// Reverting a save of `user`'s profile, back to one that is an admin's or not
    /// (`admin`): the role changes hands as by a save, an admin's to give or take, and
    /// the last admin stays one.
    pub fn may_revert_user(&self, people: &People, user: &UserId, admin: bool) -> Result<(), Refusal> {
        let was_admin = people.is_admin(user);
        if was_admin != admin && !self.admin {
            return Err(Refusal::AdminsOnly);
        }
        if was_admin && !admin {
            keeps_an_admin(people, user)?;
        }
        Ok(())
    }
}

/// Refuses to leave the CRM without an admin once it has one: nobody could manage users
/// any more, and everyone would see everything again.
fn keeps_an_admin(people: &People, leaving: &UserId) -> Result<(), Refusal> {
    let others = people.admins().saturating_sub(usize::from(people.is_admin(leaving)));
    if others > 0 {
        Ok(())
    } else {
        Err(Refusal::LastAdmin { user: leaving.clone() })
    }
}

/// A part of the settings, named when someone who does not configure tries to change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "snake_case")]
pub enum Setting {
    Users,
    Teams,
    Routing,
    Pipelines,
    ContactPolicy,
    Plans,
    Stimuli,
    /// Trade shows: their dates, team, stage and questions.
    Shows,
    /// The team's key for the website's leads.
    LeadKeys,
    /// The message templates per stage and channel.
    Templates,
    /// Any of them: the revert of a change to one.
    Settings,
    Backups,
}

impl Setting {
    /// The setting an event of the settings changes, if it changes one.
    fn of(payload: &EventPayload) -> Option<Self> {
        Some(match payload {
            EventPayload::UserSaved { .. } => Self::Users,
            EventPayload::TeamSaved { .. } => Self::Teams,
            EventPayload::RoutingSaved { .. } => Self::Routing,
            EventPayload::PipelineAdded { .. }
            | EventPayload::PipelineRemoved { .. }
            | EventPayload::StageAdded { .. }
            | EventPayload::StageRemoved { .. }
            | EventPayload::StageChanged { .. }
            | EventPayload::StagesReordered { .. } => Self::Pipelines,
            EventPayload::RuleSaved { .. } | EventPayload::RuleRemoved { .. } => Self::ContactPolicy,
            EventPayload::PlanSaved { .. } | EventPayload::PlanRemoved { .. } => Self::Plans,
            EventPayload::StimuliSaved { .. } => Self::Stimuli,
            EventPayload::ShowSaved { .. } => Self::Shows,
            EventPayload::LeadKeyCreated { .. } => Self::LeadKeys,
            EventPayload::TemplateSaved { .. } | EventPayload::TemplateRemoved { .. } => Self::Templates,
            _ => return None,
        })
    }
}

impl fmt::Display for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Users => "users",
            Self::Teams => "teams",
            Self::Routing => "routing",
            Self::Pipelines => "pipelines",
            Self::ContactPolicy => "the contact policy",
            Self::Plans => "plans",
            Self::Stimuli => "stimuli",
            Self::Shows => "shows",
            Self::LeadKeys => "the lead key",
            Self::Templates => "templates",
            Self::Settings => "settings",
            Self::Backups => "backups",
        })
    }
}

/// Why a user may not do something: a command refused before it is decided, or an event
/// the fold leaves out. Stored with the conflicts, so the tags are part of the format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, ripen_json::ToJson, ripen_json::FromJson)]
#[json(tag = "rule", rename_all = "snake_case")]
pub enum Refusal {
    #[error("you are not a registered user of this CRM")]
    NotMember,
    #[error("client {client} is not one of yours: it is not shared with you")]
    Client { client: ClientId },
    #[error("only a head of sales or an admin changes {setting}")]
    Configures { setting: Setting },
    #[error("only an admin gives or takes the admin role")]
    AdminsOnly,
    #[error("{user} is the last admin; make someone else an admin first")]
    LastAdmin { user: UserId },
}

/// What the event check reads of the state the fold has reached.
pub(crate) trait Standing {
    fn people(&self) -> &People;
    fn client(&self, id: &ClientId) -> Option<&Client>;
    /// The clients a relationship links now.
    fn linked(&self, relationship: &RelationshipId) -> Option<[&ClientId; 2]>;
    /// The client a touch is about now.
    fn touch_client(&self, touch: &TouchId) -> Option<&ClientId>;
}

/// A batch (an import, or the revert of one) whose marker the fold has come to and some
/// of whose events are still to come. The command that made it was checked once, before
/// any of its events: they are checked as it was, not as strangers to each other.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub(crate) struct OpenBatch {
    pub(crate) marker: EventId,
    pub(crate) events: u32,
    /// The marker was refused: every event of the batch is left out with it, named in
    /// its conflict (this index of the state's list).
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub(crate) refused: Option<usize>,
    /// A batch reverted by whoever made it, who takes it back even from clients since
    /// routed out of their sight.
    #[json(default, skip_serializing_if = "std::ops::Not::not")]
    pub(crate) by_maker: bool,
    /// Clients an event of the batch was let change. An earlier event (a routing taken
    /// back) may take a client out of the author's sight before a later one (its
    /// removal) comes, where the command saw them all as they were before the batch.
    #[json(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub(crate) cleared: BTreeSet<ClientId>,
}

impl OpenBatch {
    pub(crate) fn last(&self) -> u64 {
        self.marker.counter.saturating_add(u64::from(self.events))
    }

    /// Whether `event` is one of the batch's (see [`crate::model::event::members`]).
    pub(crate) fn holds(&self, event: &EventId) -> bool {
        event.replica == self.marker.replica && event.counter > self.marker.counter && event.counter <= self.last()
    }

    /// Whether an event of the batch created `client`: an import's new clients are its
    /// own, wherever routing sent them.
    fn created(&self, client: &ClientId) -> bool {
        minter(client).is_some_and(|(replica, counter)| {
            replica == self.marker.replica.as_str() && counter > self.marker.counter && counter <= self.last()
        })
    }
}

/// The replica and counter of the event that minted `client`, read off its id (`c` and
/// the event id) without allocating; `None` for ids from elsewhere (imports name some).
fn minter(client: &ClientId) -> Option<(&str, u64)> {
    let (replica, counter) = client.as_str().strip_prefix('c')?.rsplit_once('.')?;
    Some((replica, counter.parse().ok()?))
}

/// The refusal of `event` at the fold's place for it, if its author (whose `rights` these
/// are, by the state so far) had no right to it: the check its command passed
/// (`crate::decide::command`), as far as the event and the state tell. `batch`: the open
/// batch the event is one of.
pub(crate) fn check_event(
    state: &impl Standing,
    rights: &Rights,
    event: &Event,
    batch: Option<&mut OpenBatch>,
) -> Result<(), Refusal> {
    rights.may_enter()?;
    Check { state, rights, event, batch, reverting: false }.payload(&event.payload)
}

struct Check<'a, S> {
    state: &'a S,
    rights: &'a Rights,
    event: &'a Event,
    batch: Option<&'a mut OpenBatch>,
    /// Checking a revert's changes: in a batch reverted by its maker, they need no sight.
    reverting: bool,
}

impl<S: Standing> Check<'_, S> {
    fn client(&mut self, id: &ClientId) -> Result<(), Refusal> {
        if self.rights.sees_all() {
            return Ok(());
        }
        let people = self.state.people();
        let Some(batch) = self.batch.as_deref_mut() else {
            return self.rights.may_change(people, self.state.client(id));
        };
        if (batch.by_maker && self.reverting) || batch.created(id) || batch.cleared.contains(id) {
            return Ok(());
        }
        self.rights.may_change(people, self.state.client(id))?;
        batch.cleared.insert(id.clone());
        Ok(())
    }

    fn payload(&mut self, payload: &EventPayload) -> Result<(), Refusal> {
        match payload {
            // Adding clients, and an import or a batch's revert as a whole, is any member's;
            // a batch's events are checked each as they come. Any member's device takes web
            // leads in, a match's touch on a client not theirs included: the lead is the
            // team's, and the client's owner is who sees it.
            EventPayload::ClientAdded { .. }
            | EventPayload::Imported { .. }
            | EventPayload::ImportReverted { .. }
            | EventPayload::CampaignPlanned { .. }
            | EventPayload::WebLeadReceived { .. } => Ok(()),
            EventPayload::ClientUpdated { client, .. }
            | EventPayload::ClientRenamed { client, .. }
            | EventPayload::AliasAdded { client, .. }
            | EventPayload::AliasRemoved { client, .. }
            | EventPayload::ClientRemoved { client }
            | EventPayload::ClientRestored { client }
            | EventPayload::OwnerChanged { client, .. }
            | EventPayload::ShareChanged { client, .. }
            | EventPayload::StageMoved { client, .. }
            | EventPayload::LeadSaved { client, .. }
            | EventPayload::ConsentRecorded { client, .. }
            | EventPayload::ConsentRetracted { client, .. } => self.client(client),
            EventPayload::ClientRouted { client, .. } => {
                // Routing a client just added, by the event after its creation, is part of
                // adding it: it may send the client out of the author's sight.
                let id = &self.event.id;
                let routes_new = minter(client).is_some_and(|(replica, counter)| {
                    replica == id.replica.as_str() && id.counter.checked_sub(1) == Some(counter)
                });
                if routes_new {
                    Ok(())
                } else {
                    self.client(client)
                }
            }
            // The kept client and the duplicate; the clients relinked with them are not
            // the author's to see.
            EventPayload::ClientsMerged { merge } | EventPayload::ClientsUnmerged { merge } => {
                self.client(&merge.keep)?;
                self.client(&merge.drop)
            }
            EventPayload::Linked { relationship } | EventPayload::Unlinked { relationship } => {
                self.client(&relationship.from)?;
                self.client(&relationship.to)
            }
            EventPayload::LinkEnded { relationship, .. } => match self.state.linked(relationship) {
                Some([from, to]) => {
                    self.client(from)?;
                    self.client(to)
                }
                None => Ok(()),
            },
            EventPayload::TouchRecorded { touch } => self.client(&touch.client),
            EventPayload::TouchStatusChanged { touch, .. } => match self.state.touch_client(touch) {
                Some(client) => self.client(client),
                None => Ok(()),
            },
            EventPayload::UserSaved { user, new, .. } => {
                let admin = new.as_ref().is_some_and(|p| p.role == Role::Admin);
                self.rights.may_save_user(self.state.people(), user, admin)
            }
            EventPayload::Reverted { changes, .. } => self.revert(changes),
            setting => match Setting::of(setting) {
                Some(setting) => self.rights.may_configure(setting),
                None => Ok(()),
            },
        }
    }

    /// A revert is checked by what it undid: its changes name the clients of their target
    /// (or fewer), or none for a setting's. One that found nothing left to change names
    /// nothing, and passes.
    fn revert(&mut self, changes: &[EventPayload]) -> Result<(), Refusal> {
        self.reverting = true;
        let mut names_clients = false;
        for change in changes {
            // The relationship as it is now: a merge since may have moved its ends away
            // from the clients the undone link named.
            if let EventPayload::Unlinked { .. } = change {
                names_clients = true;
                continue;
            }
            for client in change.clients() {
                names_clients = true;
                self.client(client)?;
            }
        }
        if !changes.is_empty() && !names_clients {
            self.rights.may_configure(Setting::Settings)?;
        }
        self.saves_put_back(changes)
    }

    /// The admin role's rules for the users' profiles `changes` put back (a revert's
    /// changes are flat; one nested in another is checked all the same).
    fn saves_put_back(&self, changes: &[EventPayload]) -> Result<(), Refusal> {
        for change in changes {
            match change {
                EventPayload::UserSaved { user, new, .. } => {
                    let admin = new.as_ref().is_some_and(|p| p.role == Role::Admin);
                    self.rights.may_revert_user(self.state.people(), user, admin)?;
                }
                EventPayload::Reverted { changes, .. } => self.saves_put_back(changes)?,
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::client::{ClientFields, ClientName};
    use crate::model::people::UserProfile;

    fn people(users: &[(&str, Role, Option<&str>)]) -> People {
        let mut people = People::default();
        for (id, role, team) in users {
            let team = team.map(|t| t.parse().unwrap());
            people.set_user(&id.parse().unwrap(), Some(&UserProfile::new(*id, *role, team)));
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
            let rights = Rights::of(&people, &viewer.parse().unwrap());
            assert_eq!(rights.sees(&people, &client(*owner, shared)), *expected, "{viewer} → {owner:?} {shared:?}");
            let changes = rights.may_change(&people, Some(&client(*owner, shared)));
            assert_eq!(changes.is_ok(), *expected, "{viewer} changes {owner:?} {shared:?}");
        }
    }

    #[test]
    fn before_the_first_admin_nobody_is_limited() {
        let people = people(&[("anna", Role::Manager, None)]);
        let stranger = Rights::of(&people, &"stranger".parse().unwrap());
        assert!(stranger.sees(&people, &client(Some("anna"), &[])));
        assert!(stranger.configures());
    }

    #[test]
    fn a_profile_can_widen_or_narrow_its_role() {
        let mut people = people(&[("root", Role::Admin, None), ("anna", Role::Manager, Some("msk"))]);
        let mut profile = people.user(&"anna".parse().unwrap()).unwrap().clone();
        profile.sees = Some(Scope::All);
        people.set_user(&"anna".parse().unwrap(), Some(&profile));
        let rights = Rights::of(&people, &"anna".parse().unwrap());
        assert_eq!(rights.scope_name(), "all");
        assert!(!rights.configures(), "seeing everything is not configuring");
        assert_eq!(Rights::of(&people, &"ghost".parse().unwrap()).scope_name(), "nothing");
    }

    #[test]
    fn the_admin_role_is_an_admins_to_give_and_the_last_admin_stays() {
        let people = people(&[("root", Role::Admin, None), ("head", Role::HeadOfSales, None)]);
        let (root, head): (UserId, UserId) = ("root".parse().unwrap(), "head".parse().unwrap());
        let (as_root, as_head) = (Rights::of(&people, &root), Rights::of(&people, &head));
        assert_eq!(as_head.may_save_user(&people, &head, true), Err(Refusal::AdminsOnly));
        assert_eq!(as_head.may_save_user(&people, &head, false), Ok(()));
        assert_eq!(as_root.may_save_user(&people, &root, false), Err(Refusal::LastAdmin { user: root.clone() }));
        assert_eq!(as_root.may_save_user(&people, &head, true), Ok(()));
        assert_eq!(as_head.may_revert_user(&people, &root, false), Err(Refusal::AdminsOnly));
        assert_eq!(as_head.may_revert_user(&people, &head, true), Err(Refusal::AdminsOnly), "nor by a revert");
        assert_eq!(as_head.may_revert_user(&people, &head, false), Ok(()), "a revert that leaves the role be");
        assert_eq!(as_root.may_revert_user(&people, &root, false), Err(Refusal::LastAdmin { user: root.clone() }));
    }

    #[test]
    fn a_refusal_is_stored_by_its_rule() {
        let refusal = Refusal::Configures { setting: Setting::ContactPolicy };
        let json = serde_json::from_str::<serde_json::Value>(&ripen_json::to_string(&&refusal)).unwrap();
        assert_eq!(json, serde_json::json!({ "rule": "configures", "setting": "contact_policy" }));
        assert_eq!(ripen_json::from_str::<Refusal>(&(json).to_string()).unwrap(), refusal);
        assert_eq!(refusal.to_string(), "only a head of sales or an admin changes the contact policy");
    }

    #[test]
    fn an_id_tells_the_event_that_minted_it() {
        let event: EventId = "k3v9q0m2a8x1c.17".parse().unwrap();
        let client = ClientId::minted_by(&event);
        assert_eq!(minter(&client), Some(("k3v9q0m2a8x1c", 17)));
        assert_eq!(minter(&"imported-7".parse().unwrap()), None);
    }
}
