//! Deciding the web-lead commands: the team's lead key, and a lead from the website taken
//! in — a match's inbound touch, or a new client routed as `addClient` routes.

use super::{Decision, Stamper};
use crate::decide::router::Router;
use crate::error::Error;
use crate::model::event::EventPayload;
use crate::model::touch::{Direction, Origin, Outcome, Touch, TouchStatus};
use crate::model::web_lead::{LeadKey, LeadOutcome, WebLead};
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use crate::values::Channel;

/// The longest summary a touch keeps; the whole question stays in the lead's event.
const SUMMARY_CHARS: usize = 2_000;

pub(super) fn create_key(state: &CrmState, key: LeadKey) -> Result<Decision, Error> {
    if state.lead_keys().contains(&key) {
        return Ok(Decision::Payloads(Vec::new()));
    }
    Ok(Decision::Payloads(vec![EventPayload::LeadKeyCreated { key: Box::new(key) }]))
}

/// A lead already taken in (by this device or one whose events came first) decides
/// nothing. `matched`: the live client with the lead's phone or e-mail, found by the
/// engine's duplicate search.
pub(super) fn receive(
    state: &CrmState,
    lead: WebLead,
    matched: Option<ClientId>,
    stamper: &mut Stamper<'_>,
) -> Result<Decision, Error> {
    if state.web_lead(&lead.id).is_some() {
        return Ok(Decision::Payloads(Vec::new()));
    }
    let author = stamper.author.clone();
    let now = stamper.now;
    let event = match matched.filter(|c| state.live_client(c).is_some()) {
        Some(client) => {
            let summary: String = match &lead.question {
                Some(question) => question.chars().take(SUMMARY_CHARS).collect(),
                None => "(a request from the website form, with no question)".into(),
            };
            stamper.stamp(|id| EventPayload::WebLeadReceived {
                outcome: Box::new(LeadOutcome::Matched {
                    touch: Box::new(Touch {
                        id: TouchId::minted_by(id),
                        client,
                        channel: Channel::Message,
                        direction: Direction::Inbound,
                        origin: Origin::Marketing,
                        author,
                        at: now,
                        summary: Some(summary),
                        plan: None,
                        status: TouchStatus::Done {
                            result: None,
                            outcome: Outcome::Success,
                            done_at: now,
                            nps: None,
                            violations: Vec::new(),
                        },
                        requested: false,
                        override_reason: None,
                    }),
                }),
                lead: Box::new(lead),
            })
        }
        None => {
            let fields = lead.client_fields();
            let route = Router::new(state).route(&fields, None);
            let (owner, routed) = match route {
                Some(route) => (route.owner, Some(Box::new(route.reason))),
                None => (Some(author), None),
            };
            stamper.stamp(|id| EventPayload::WebLeadReceived {
                outcome: Box::new(LeadOutcome::Added {
                    client: ClientId::minted_by(id),
                    fields: Box::new(fields),
                    owner,
                    routed,
                }),
                lead: Box::new(lead),
            })
        }
    };
    Ok(Decision::Events(vec![event]))
}
