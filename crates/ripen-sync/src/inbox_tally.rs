//! This device's count of what its pulls of the website leads' inbox met — leads added,
//! matched, already known and refused, with the latest refusals and why — kept in the
//! sync state, so that a manager sees spam and damage.

use ripen_core::web_lead::LeadRefusal;

/// What became of a lead the pull took in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// A new client.
    Added,
    /// An inbound touch on the client it matched.
    Matched,
    /// Already taken in (by this device or another whose take came first): nothing written.
    Known,
}

/// A lead not taken in, as `inboxStatus()` lists it.
#[derive(Debug, Clone, PartialEq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct InboxRefusal {
    pub id: String,
    /// [`LeadRefusal::code`].
    pub code: String,
    pub reason: String,
    /// When this device met it (milliseconds since the epoch).
    pub at: f64,
}

/// How many refusals are kept, newest last: enough for a manager to see spam or damage
/// without the sync state growing with every forged lead.
pub const KEPT_REFUSALS: usize = 50;

/// This device's count of what its inbox pulls met, kept in the sync state.
#[derive(Debug, Clone, Default, PartialEq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct InboxTally {
    /// Documents the inbox's changes brought (design documents and purges not counted).
    #[json(default)]
    pub received: u64,
    #[json(default)]
    pub added: u64,
    #[json(default)]
    pub matched: u64,
    #[json(default)]
    pub known: u64,
    #[json(default)]
    pub refused: u64,
    #[json(default)]
    pub refusals: Vec<InboxRefusal>,
}

impl InboxTally {
    pub fn took(&mut self, taken: Taken) {
        self.received += 1;
        match taken {
            Taken::Added => self.added += 1,
            Taken::Matched => self.matched += 1,
            Taken::Known => self.known += 1,
        }
    }

    pub fn refuse(&mut self, id: &str, refusal: &LeadRefusal, at: f64) {
        self.received += 1;
        self.refused += 1;
        let id: String = id.chars().take(80).collect();
        self.refusals.push(InboxRefusal { id, code: refusal.code().into(), reason: refusal.to_string(), at });
        if self.refusals.len() > KEPT_REFUSALS {
            self.refusals.remove(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tally_counts_each_outcome_and_keeps_the_latest_refusals() {
        let mut tally = InboxTally::default();
        for taken in [Taken::Added, Taken::Matched, Taken::Known, Taken::Added] {
            tally.took(taken);
        }
        for n in 0..(KEPT_REFUSALS + 3) {
            tally.refuse(&format!("lead:{n}"), &LeadRefusal::Sealed, n as f64);
        }
        assert_eq!((tally.received, tally.added, tally.matched, tally.known), (4 + KEPT_REFUSALS as u64 + 3, 2, 1, 1));
        assert_eq!((tally.refused, tally.refusals.len()), (KEPT_REFUSALS as u64 + 3, KEPT_REFUSALS));
        assert_eq!(tally.refusals[0].id, "lead:3");
        assert_eq!(tally.refusals[0].code, "sealed");
        let back: InboxTally = ripen_json::from_str(&ripen_json::to_string(&tally)).unwrap();
        assert_eq!(back, tally);
    }
}
