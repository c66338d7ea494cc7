//! `inboxStatus()`: where this device's pull of the website leads' inbox stands, and what
//! it met — leads added, matched, already known, refused and why (the latest refusals).

use ripen_json::ToJson;
use ripen_sync::inbox::InboxTally;

#[derive(Debug, Clone, PartialEq, ToJson)]
#[json(rename_all = "camelCase")]
pub struct InboxStatusView {
    /// `off` (no hub), `waiting`, `no_key`, `no_inbox`, `forbidden`, `idle`, `error`.
    pub state: &'static str,
    pub received: u64,
    pub added: u64,
    pub matched: u64,
    pub known: u64,
    pub refused: u64,
    pub refusals: Vec<RefusalView>,
}

#[derive(Debug, Clone, PartialEq, ToJson)]
pub struct RefusalView {
    pub id: String,
    pub code: String,
    pub reason: String,
    /// ISO 8601.
    pub at: String,
}

impl InboxStatusView {
    pub fn of(state: &'static str, tally: &InboxTally) -> Self {
        let at = |millis: f64| {
            chrono::DateTime::from_timestamp_millis(millis as i64).map(|t| super::iso(&t)).unwrap_or_default()
        };
        Self {
            state,
            received: tally.received,
            added: tally.added,
            matched: tally.matched,
            known: tally.known,
            refused: tally.refused,
            refusals: tally
                .refusals
                .iter()
                .map(|r| RefusalView { id: r.id.clone(), code: r.code.clone(), reason: r.reason.clone(), at: at(r.at) })
                .collect(),
        }
    }

    /// No hub connected.
    pub fn off() -> Self {
        Self::of("off", &InboxTally::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ripen_core::web_lead::LeadRefusal;

    #[test]
    fn the_view_says_the_counts_and_each_refusal_with_its_time() {
        let mut tally = InboxTally::default();
        tally.took(ripen_sync::inbox::Taken::Added);
        tally.refuse("lead:X", &LeadRefusal::NoContact, 1_765_000_000_000.0);
        let view = crate::tests_json(&InboxStatusView::of("idle", &tally));
        assert_eq!(view["state"], "idle");
        assert_eq!(
            (view["received"].as_u64(), view["added"].as_u64(), view["refused"].as_u64()),
            (Some(2), Some(1), Some(1))
        );
        assert_eq!(view["refusals"][0]["code"], "no_contact");
        assert_eq!(view["refusals"][0]["at"], "2025-12-06T05:46:40.000Z");
    }
}
