//! A broken contact rule, as a check answers it and as a done touch keeps it; and what
//! breaking a rule does. (The rules themselves are in `policy.rs`.)

use crate::model::lead::ConsentProblem;
use crate::values::ids::RuleId;
use crate::values::newtype::string_enum;
use chrono::{DateTime, Utc};

string_enum! {
    /// What breaking a rule does.
    Action in "action" {
        /// The touch is refused.
        Block = "block",
        /// The touch needs an override with a reason, kept in the history.
        Warn = "warn",
    }
}

/// One broken rule. A touch done at a time the rules refused keeps the ones it broke
/// (`TouchStatus::Done::violations`): the log holds them in these words.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Violation {
    pub rule: RuleId,
    pub name: String,
    pub action: Action,
    /// The earliest time at which this rule alone would allow the touch (the asked time
    /// for a rule no time passes, such as consent).
    #[json(serialize_with = "crate::values::instant::write_json")]
    pub allowed_from: DateTime<Utc>,
    /// Why a consent rule refuses it.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ConsentProblem>,
}
