//! Deciding the trade-show commands: saving and archiving a show, capturing a lead at it
//! (the client, its card at the show's stage, its lead record and consent in one
//! commit), qualifying it later, and recording a client's consent.

use super::{live, not_found, not_in_future, Decision, Stamper};
use crate::decide::router::Router;
use crate::error::{Error, Problem, ValidationError};
use crate::model::client::NewClient;
use crate::model::event::EventPayload;
use crate::model::lead::{answer, Answers, BadgeId, Consent, ConsentSource, Lead, Rating, RawAnswer};
use crate::model::pipeline::CardPosition;
use crate::model::show::{Show, ShowDraft};
use crate::state::CrmState;
use crate::values::ids::{ClientId, ShowId, UserId};
use chrono::{DateTime, Utc};

fn invalid(field: &str, reason: impl Into<String>) -> Error {
    ValidationError::new(field, Problem::Malformed { reason: reason.into() }).into()
}

/// A lead as the rep captures it at the stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadCapture {
    /// The show; `None`: the one running today that the rep works at (or the only one
    /// running).
    pub show: Option<ShowId>,
    pub client: NewClient,
    pub answers: Vec<(String, RawAnswer)>,
    pub rating: Option<Rating>,
    /// To be contacted, to receive marketing; recorded with the source "stand" unless
    /// `consent_source` says otherwise. `None`: nothing asked, nothing recorded.
    pub consent: Option<(bool, bool)>,
    pub consent_source: Option<ConsentSource>,
    pub badge: Option<BadgeId>,
    /// When it was captured (now, unless said: a lead typed in after the rush).
    pub at: Option<DateTime<Utc>>,
}

/// Checks a draft against the state: its own rules, the pipeline and stage its leads go
/// to, and (once permissions are on) a team of registered users.
fn checked(state: &CrmState, show: &Show) -> Result<(), Error> {
    show.check()?;
    stage_open(state, show)?;
    if state.people.has_admin() {
        if let Some(stranger) = show.team.iter().find(|u| state.people.user(u).is_none()) {
            return Err(invalid("team", format!("{stranger} is not a registered user")));
        }
    }
    Ok(())
}

/// Refuses a show whose leads' stage is gone or retired.
fn stage_open(state: &CrmState, show: &Show) -> Result<(), Error> {
    let pipeline = state
        .pipelines
        .get(&show.pipeline)
        .ok_or_else(|| invalid("pipeline", format!("there is no pipeline {}", show.pipeline)))?;
    match pipeline.stage(&show.stage) {
        None => return Err(invalid("stage", format!("pipeline {} has no stage {}", show.pipeline, show.stage))),
        Some(stage) if stage.retired => {
            return Err(invalid("stage", format!("stage {} is retired and takes no new cards", show.stage)));
        }
        Some(_) => {}
    }
    Ok(())
}

pub(super) fn save(
    state: &CrmState,
    stamper: &mut Stamper<'_>,
    id: Option<ShowId>,
    draft: ShowDraft,
) -> Result<Decision, Error> {
    match id {
        None => {
            // Checked under a stand-in id: the real one is the event's.
            let probe = draft.clone().into_show("s0".parse().unwrap_or_else(|_| unreachable!("a valid id")), false);
            checked(state, &probe)?;
            let event = stamper.stamp(|event| {
                let id = ShowId::minted_by(event);
                EventPayload::ShowSaved { show: id.clone(), old: None, new: Some(Box::new(draft.into_show(id, false))) }
            });
            Ok(Decision::Events(vec![event]))
        }
        Some(id) => {
            let old = state.show(&id).ok_or_else(|| not_found("show", &id))?;
            let new = draft.into_show(id.clone(), old.archived);
            checked(state, &new)?;
            Ok(Decision::Payloads(if new == *old {
                Vec::new()
            } else {
                vec![EventPayload::ShowSaved { show: id, old: Some(Box::new(old.clone())), new: Some(Box::new(new)) }]
            }))
        }
    }
}

pub(super) fn archive(state: &CrmState, id: ShowId, archived: bool) -> Result<Decision, Error> {
    let old = state.show(&id).ok_or_else(|| not_found("show", &id))?;
    if old.archived == archived {
        return Ok(Decision::Payloads(Vec::new()));
    }
    let new = Show { archived, ..old.clone() };
    Ok(Decision::Payloads(vec![EventPayload::ShowSaved {
        show: id,
        old: Some(Box::new(old.clone())),
        new: Some(Box::new(new)),
    }]))
}

/// The show a lead captured at `at` by `author` belongs to, when none is named: the one
/// running that day (in its own zone) whose team the author is on, else the only one
/// running.
fn running<'a>(state: &'a CrmState, author: &UserId, at: DateTime<Utc>) -> Result<&'a Show, Error> {
    let on = |show: &&Show| {
        let zone = show.time_zone.map_or(state.policy.default_time_zone.zone(), |z| z.zone());
        show.runs_on(at.with_timezone(&zone).date_naive())
    };
    let running: Vec<&Show> = state.shows().iter().filter(on).collect();
    let mine: Vec<&Show> = running.iter().copied().filter(|s| s.team.contains(author)).collect();
    match (mine.as_slice(), running.as_slice()) {
        ([show], _) | ([], [show]) => Ok(show),
        (_, []) => Err(invalid("show", "no show is running today: say which show the lead was met at")),
        _ => Err(invalid("show", "several shows are running today: say which show the lead was met at")),
    }
}

pub(super) fn capture(state: &CrmState, stamper: &mut Stamper<'_>, capture: LeadCapture) -> Result<Decision, Error> {
    let author = stamper.author.clone();
    let at = capture.at.unwrap_or(stamper.now);
    not_in_future("at", at, stamper.now, "a lead is captured once met: it cannot be in the future")?;
    let show = match &capture.show {
        Some(id) => state.show(id).ok_or_else(|| invalid("show", format!("there is no show {id}")))?,
        None => running(state, &author, at)?,
    };
    if show.archived {
        return Err(invalid("show", format!("{} is archived and takes no new leads", show.name)));
    }
    stage_open(state, show).map_err(|e| match e {
        Error::Validation(v) => Error::Validation(v.within("show")),
        other => other,
    })?;
    let mut answers = Answers::new();
    answer(show, &mut answers, capture.answers)?;
    let new = capture.client;
    new.fields.check()?;
    if let Some(owner) = new.owner.as_ref().filter(|o| state.people.has_admin() && state.people.user(o).is_none()) {
        return Err(invalid("client.owner", format!("{owner} is not a registered user")));
    }
    // Routed as `addClient` routes; but owned by the rep until the lead's record is
    // written, so that every event of the capture is theirs to write (the fold checks
    // each), and handed on last.
    let route = if new.owner.is_none() { Router::new(state).route(&new.fields, None) } else { None };
    let added = stamper.stamp(|id| EventPayload::ClientAdded {
        client: ClientId::minted_by(id),
        name: new.name,
        fields: Box::new(new.fields),
        aliases: new.aliases,
        owner: Some(author.clone()),
    });
    let client = ClientId::minted_by(&added.id);
    let mut payloads = vec![
        EventPayload::StageMoved {
            client: client.clone(),
            pipeline: show.pipeline.clone(),
            from: None,
            to: Some(CardPosition::Stage { stage: show.stage.clone() }),
            amount: None,
            at: capture.at,
        },
        EventPayload::LeadSaved {
            client: client.clone(),
            old: None,
            new: Some(Box::new(Lead {
                show: show.id.clone(),
                by: author.clone(),
                at,
                answers,
                rating: capture.rating,
                badge: capture.badge,
            })),
        },
    ];
    if let Some((contact, marketing)) = capture.consent {
        let source = capture.consent_source.unwrap_or_else(|| "stand".parse().unwrap_or_else(|_| unreachable!()));
        payloads.push(EventPayload::ConsentRecorded {
            client: client.clone(),
            consent: Consent { contact, marketing, source, at },
            by: None,
        });
    }
    match (route, new.owner) {
        (Some(route), _) => payloads.push(EventPayload::ClientRouted {
            client: client.clone(),
            old: Some(author.clone()),
            new: route.owner,
            why: Box::new(route.reason),
        }),
        (None, Some(owner)) if owner != author => {
            payloads.push(EventPayload::OwnerChanged { client, old: Some(author), new: Some(owner), reason: None });
        }
        (None, _) => {}
    }
    let mut events = vec![added];
    events.extend(payloads.into_iter().map(|payload| stamper.stamp(|_| payload)));
    Ok(Decision::Events(events))
}

pub(super) fn qualify(
    state: &CrmState,
    client: ClientId,
    raw: Vec<(String, RawAnswer)>,
    rating: Option<Rating>,
) -> Result<Decision, Error> {
    live(state, &client)?;
    let old = state.lead(&client).ok_or_else(|| not_found("lead", &client))?;
    let show = state.show(&old.show).ok_or_else(|| not_found("show", &old.show))?;
    let mut new = old.clone();
    answer(show, &mut new.answers, raw)?;
    if rating.is_some() {
        new.rating = rating;
    }
    Ok(Decision::Payloads(if new == *old {
        Vec::new()
    } else {
        vec![EventPayload::LeadSaved { client, old: Some(Box::new(old.clone())), new: Some(Box::new(new)) }]
    }))
}

pub(super) fn record_consent(
    state: &CrmState,
    now: DateTime<Utc>,
    client: ClientId,
    consent: Consent,
) -> Result<Decision, Error> {
    live(state, &client)?;
    not_in_future("at", consent.at, now, "a consent is recorded once given: it cannot be in the future")?;
    Ok(Decision::Payloads(vec![EventPayload::ConsentRecorded { client, consent, by: None }]))
}
