//! A marketing campaign: one touch for every client of a segment, each at its earliest
//! moment in a window that the contact policy allows with no override, written as one
//! change (a `campaign_planned` marker and its touches) that reverts as a whole.

use crate::model::lead::Rating;
use crate::model::touch::Origin;
use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{EventId, PipelineId, ShowId, StageId, UserId};
use crate::values::{Channel, Label, Tag};
use chrono::{DateTime, Duration, NaiveTime, Utc};

/// The longest window a campaign may span.
pub const MAX_WINDOW_DAYS: i64 = 92;

/// A stage of a pipeline, as a segment names it.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct StageRef {
    pub pipeline: PipelineId,
    pub stage: StageId,
}

/// Which clients a campaign is for: the client list's filter (every given condition must
/// hold), among the clients its author sees.
#[derive(Debug, Clone, Default, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Segment {
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserId>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Label>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<Tag>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<StageRef>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub show: Option<ShowId>,
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
}

/// A campaign as planned and stored with its marker.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Campaign {
    /// What the sends say, in a line: each touch's summary.
    pub summary: String,
    pub channel: Channel,
    pub origin: Origin,
    /// The message template to send, by id: checked against the base's templates when the
    /// campaign is planned (see `read::campaigns`).
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    pub segment: Segment,
    /// The window: every touch falls in `[from, to)`.
    #[json(with = "ripen_json::time::millis")]
    pub from: DateTime<Utc>,
    #[json(with = "ripen_json::time::millis")]
    pub to: DateTime<Utc>,
    /// The clients of the segment left out when it was planned.
    pub skipped: u32,
}

/// What to plan: the campaign (its `skipped` is counted by the planner) and the hours of
/// the clients' days a send may fall in, in each client's own time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignRequest {
    pub campaign: Campaign,
    pub hours: (NaiveTime, NaiveTime),
}

impl CampaignRequest {
    /// A marketing send to `segment` in `[from, to)`, from 9:00 to 20:00 every day.
    pub fn new(segment: Segment, summary: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Self {
        let time = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default();
        Self {
            campaign: Campaign {
                summary: summary.to_owned(),
                channel: Channel::MarketingSend,
                origin: Origin::Marketing,
                template: None,
                segment,
                from,
                to,
                skipped: 0,
            },
            hours: (time(9), time(20)),
        }
    }

    /// Refuses an empty summary, a window that ends before it starts or spans more than
    /// [`MAX_WINDOW_DAYS`], hours that end before they start, a blank template id.
    pub fn check(&self) -> Result<(), ValidationError> {
        let bad =
            |field: &str, reason: &str| Err(ValidationError::new(field, Problem::Malformed { reason: reason.into() }));
        let campaign = &self.campaign;
        clean_line("summary", &campaign.summary, 300)?;
        if let Some(template) = &campaign.template {
            clean_line("template", template, 100)?;
        }
        if campaign.to <= campaign.from {
            return bad("window.to", "the window must end after it starts");
        }
        if campaign.to - campaign.from > Duration::days(MAX_WINDOW_DAYS) {
            return bad("window.to", "a campaign's window spans at most 92 days");
        }
        if self.hours.0 >= self.hours.1 {
            return bad("hours.to", "the hours must end after they start");
        }
        Ok(())
    }
}

/// A campaign as the state lists it.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct CampaignEntry {
    /// The marker event: revert it to revert the campaign.
    pub event: EventId,
    #[json(with = "ripen_json::time::millis")]
    pub at: DateTime<Utc>,
    pub by: UserId,
    pub campaign: Campaign,
    /// How many touches it planned.
    pub touches: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_that_make_no_sense_are_refused_by_field() {
        let from = DateTime::<Utc>::from_timestamp(1_780_000_000, 0).unwrap();
        let good = CampaignRequest::new(Segment::default(), "Spring offer", from, from + Duration::days(7));
        good.check().unwrap();
        type Spoil = fn(&mut CampaignRequest);
        let cases: [(Spoil, &str); 6] = [
            (|r| r.campaign.summary = "  ".into(), "summary"),
            (|r| r.campaign.template = Some(String::new()), "template"),
            (|r| r.campaign.to = r.campaign.from, "window.to"),
            (|r| r.campaign.to = r.campaign.from + Duration::days(93), "window.to"),
            (|r| r.hours = (r.hours.1, r.hours.0), "hours.to"),
            (|r| r.hours.1 = r.hours.0, "hours.to"),
        ];
        for (spoil, field) in cases {
            let mut request = good.clone();
            spoil(&mut request);
            assert_eq!(request.check().unwrap_err().field, field);
        }
    }

    #[test]
    fn a_campaign_reads_back_as_written() {
        let from = DateTime::<Utc>::from_timestamp(1_780_000_000, 0).unwrap();
        let mut request = CampaignRequest::new(Segment::default(), "Spring offer", from, from + Duration::days(7));
        request.campaign.segment.tag = Some("vip".parse().unwrap());
        request.campaign.template = Some("spring".into());
        let json = ripen_json::to_string(&request.campaign);
        assert_eq!(ripen_json::from_str::<Campaign>(&json).unwrap(), request.campaign);
    }
}
