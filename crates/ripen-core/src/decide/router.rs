//! Routing with the CRM's settings: the rule book names a user or a team, the team's
//! strategy picks a member, and the decision carries its explanation into the history.

use crate::model::client::ClientFields;
use crate::model::people::UserProfile;
use crate::model::routing::rules::Target;
use crate::model::routing::settings::{RouteReason, Routing, Strategy};
use crate::model::routing::skills::{best_skilled, SkilledSeat};
use crate::model::routing::taxi::{next_in_turn, Seat, Skip, SkipReason};
use crate::state::CrmState;
use crate::values::ids::{TeamId, UserId};
use std::borrow::Cow;
use std::collections::HashMap;

/// One routing decision: the new owner (`None` when nobody could take the client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub owner: Option<UserId>,
    pub reason: RouteReason,
}

/// Routes one client after another against the state, counting its own decisions, so
/// that a batch of 10,000 leads turns the queue and fills caps as 10,000 single adds
/// would.
#[derive(Debug)]
pub struct Router<'a> {
    state: &'a CrmState,
    routing: Option<&'a Routing>,
    extra_load: HashMap<UserId, i64>,
    turns: HashMap<TeamId, UserId>,
}

impl<'a> Router<'a> {
    /// A router with the state's routing settings, if any.
    pub fn new(state: &'a CrmState) -> Self {
        Self { state, routing: state.routing.as_ref(), extra_load: HashMap::new(), turns: HashMap::new() }
    }

    /// Routes a client with `fields` by the rule book; `None` when no routing is set up.
    pub fn route(&mut self, fields: &ClientFields, current: Option<&UserId>) -> Option<Route> {
        let decision = self.routing?.book.decide(fields);
        let conditions: Vec<String> = decision.matched.iter().map(|m| format!("{} {}", m.field, m.value)).collect();
        let lead = match decision.rule {
            Some(rule) => format!("rule {} ({})", rule + 1, conditions.join(", ")),
            None => "default".to_owned(),
        };
        let mut route = self.route_to(&decision.to, fields, current, &lead);
        route.reason.rule = decision.rule.map(|r| u32::try_from(r).unwrap_or(u32::MAX));
        Some(route)
    }

    /// Routes a client with `fields`, now owned by `current`, to `target`: the user, or
    /// a member chosen by the team's strategy. `lead` starts the explanation.
    pub fn route_to(&mut self, target: &Target, fields: &ClientFields, current: Option<&UserId>, lead: &str) -> Route {
        if let Some(current) = current {
            // The client leaves its owner's load as it is routed again.
            *self.extra_load.entry(current.clone()).or_default() -= 1;
        }
        let route = match target {
            Target::User(user) => self.hand_to_user(user, fields, format!("{lead} → {user}")),
            Target::Team(team) => self.hand_to_team(team, fields, format!("{lead} → team {team}")),
        };
        if let Some(owner) = &route.owner {
            *self.extra_load.entry(owner.clone()).or_default() += 1;
            if let Some(team) = &route.reason.team {
                self.turns.insert(team.clone(), owner.clone());
            }
        }
        route
    }

    fn hand_to_user(&mut self, user: &UserId, fields: &ClientFields, lead: String) -> Route {
        let Some(profile) = self.state.people.user(user) else {
            return unassigned(format!("{lead}: no such user any more; left unassigned"), Vec::new());
        };
        match self.seat(user, profile).skip_reason() {
            None => Route { owner: Some(user.clone()), reason: reason(lead, None, None, Vec::new()) },
            Some(why) => {
                let skipped = vec![Skip { user: user.clone(), reason: why }];
                match &profile.team {
                    Some(team) => {
                        let lead = format!("{lead} ({}) → their team {team}", describe(why));
                        let mut route = self.hand_to_team(team, fields, lead);
                        if !route.reason.skipped.iter().any(|s| s.user == *user) {
                            route.reason.skipped.splice(0..0, skipped);
                        }
                        route
                    }
                    None => unassigned(format!("{lead}: {}; left unassigned", describe(why)), skipped),
                }
            }
        }
    }

    fn hand_to_team(&mut self, team: &TeamId, fields: &ClientFields, lead: String) -> Route {
        let strategy = self.routing.map_or(Strategy::Taxi, |routing| routing.strategy(team));
        let last = self.turns.get(team).or_else(|| self.state.last_served(team)).cloned();
        let members: Vec<SkilledSeat> = self
            .state
            .people
            .members(team)
            .map(|(user, profile)| SkilledSeat {
                seat: self.seat(user, profile),
                skills: Cow::Borrowed(&profile.skills),
            })
            .collect();
        let pick = match strategy {
            Strategy::Taxi => {
                let seats: Vec<Seat> = members.iter().map(|m| m.seat.clone()).collect();
                next_in_turn(&seats, last.as_ref()).map(|pick| (pick.user, pick.skipped, "taxi queue".to_owned()))
            }
            Strategy::Skills => best_skilled(&members, fields, last.as_ref()).map(|pick| {
                let how = format!("skills: {}", pick.explanation());
                (pick.user, pick.skipped, how)
            }),
        };
        match pick {
            Some((user, skipped, how)) => {
                let passed = passed_over(&skipped);
                let text = format!("{lead}; {how} → {user}{passed}");
                Route { owner: Some(user), reason: reason(text, Some(team.clone()), Some(strategy), skipped) }
            }
            None => {
                let skipped: Vec<Skip> = members
                    .iter()
                    .map(|m| &m.seat)
                    .filter_map(|seat| seat.skip_reason().map(|reason| Skip { user: seat.user.clone(), reason }))
                    .collect();
                let why =
                    if members.is_empty() { " (the team has no members)".to_owned() } else { passed_over(&skipped) };
                let mut route = unassigned(format!("{lead}; nobody free{why}; left unassigned"), skipped);
                route.reason.team = Some(team.clone());
                route.reason.strategy = Some(strategy);
                route
            }
        }
    }

    fn seat(&self, user: &UserId, profile: &UserProfile) -> Seat {
        let load = i64::from(self.state.load(user)) + self.extra_load.get(user).copied().unwrap_or(0);
        Seat {
            user: user.clone(),
            absent: profile.absent,
            load: u32::try_from(load.max(0)).unwrap_or(u32::MAX),
            cap: profile.cap,
        }
    }
}

fn reason(text: String, team: Option<TeamId>, strategy: Option<Strategy>, skipped: Vec<Skip>) -> RouteReason {
    RouteReason { rule: None, team, strategy, skipped, note: None, text }
}

fn unassigned(text: String, skipped: Vec<Skip>) -> Route {
    Route { owner: None, reason: reason(text, None, None, skipped) }
}

fn describe(reason: SkipReason) -> String {
    match reason {
        SkipReason::Absent => "absent".into(),
        SkipReason::AtCap { load } => format!("at their cap of {load}"),
        SkipReason::NotTheirTurn => "not their turn".into(),
    }
}

/// " (passed over anna: absent, boris: at their cap of 30)", or nothing.
fn passed_over(skipped: &[Skip]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let each: Vec<String> = skipped.iter().map(|s| format!("{}: {}", s.user, describe(s.reason))).collect();
    format!(" (passed over {})", each.join(", "))
}
