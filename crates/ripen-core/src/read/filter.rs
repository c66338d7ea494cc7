//! The client list's filter — owner, region, tag, stage, show, rating — and the test of a
//! client against it: shared by the list's pages and a campaign's segment.

use crate::model::client::Client;
use crate::model::lead::Rating;
use crate::model::pipeline::CardPosition;
use crate::state::CrmState;
use crate::values::ids::{PipelineId, ShowId, StageId, UserId};
use crate::values::{Label, Tag};

/// Which clients a page lists (each given condition must hold).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListingFilter {
    pub owner: Option<UserId>,
    pub region: Option<Label>,
    pub tag: Option<Tag>,
    /// In this stage of this pipeline now.
    pub stage: Option<(PipelineId, StageId)>,
    /// Met at this show.
    pub show: Option<ShowId>,
    /// Rated so at its show.
    pub rating: Option<Rating>,
}

/// Whether `client` meets every condition `filter` gives.
pub(crate) fn matches(state: &CrmState, client: &Client, filter: &ListingFilter) -> bool {
    filter.owner.as_ref().is_none_or(|owner| client.owner.as_ref() == Some(owner))
        && filter.region.as_ref().is_none_or(|region| client.fields.region.as_ref() == Some(region))
        && filter.tag.as_ref().is_none_or(|tag| client.fields.tags.contains(tag))
        && filter.stage.as_ref().is_none_or(|(pipeline, stage)| {
            state
                .pipelines
                .card(&client.id, pipeline)
                .is_some_and(|card| matches!(&card.position, CardPosition::Stage { stage: s } if s == stage))
        })
        && crate::read::stand::lead_passes(state, &client.id, filter.show.as_ref(), filter.rating)
}
