//! Stage stimuli: the recommended next actions for a card at each stage, editable and kept
//! in the state; by default the maturation pipeline's hooks.

use crate::values::ids::{PipelineId, StageId};
use crate::values::pair_key::pair;
use crate::values::sort;
use std::collections::HashMap;

/// Recommended next actions per stage (editable, kept in the state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stimuli {
    by_stage: HashMap<(PipelineId, StageId), Vec<String>>,
}

fn key(pipeline: &str, stage: &str) -> (PipelineId, StageId) {
    (
        pipeline.parse().unwrap_or_else(|_| unreachable!("default ids are valid")),
        stage.parse().unwrap_or_else(|_| unreachable!("default ids are valid")),
    )
}

impl Stimuli {
    /// Every stage's actions, in a stable order (for a checkpoint).
    pub(crate) fn entries(&self) -> Vec<((PipelineId, StageId), Vec<String>)> {
        let mut entries: Vec<_> = self.by_stage.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        sort::sort(&mut entries);
        entries
    }

    pub(crate) fn from_entries(entries: Vec<((PipelineId, StageId), Vec<String>)>) -> Self {
        Self { by_stage: entries.into_iter().collect() }
    }
}

impl Default for Stimuli {
    /// The maturation pipeline's hooks (seed 000): each stage needs its own stimulus.
    fn default() -> Self {
        let entries: [(&str, &[&str]); 6] = [
            (
                "unaware",
                &["Share an article about the problem the client feels", "Invite to a webinar or a trade-show stand"],
            ),
            ("considering", &["Send a case study of a similar company", "Offer a short needs assessment call"]),
            ("choosing_brand", &["Send a comparison with the alternatives", "Arrange a demo or a plant visit"]),
            (
                "doubting",
                &[
                    "Answer the objections in writing",
                    "Offer references from current clients",
                    "Agree the discount policy allows",
                ],
            ),
            ("buying", &["Send the invoice and the contract", "Confirm delivery dates"]),
            ("owning", &["Ask how it works for them (NPS)", "Ask for referrals", "Offer the next purchase"]),
        ];
        let by_stage = entries
            .iter()
            .map(|(stage, actions)| (key("maturation", stage), actions.iter().map(|a| (*a).to_owned()).collect()))
            .collect();
        Self { by_stage }
    }
}

impl Stimuli {
    pub fn for_stage(&self, pipeline: &PipelineId, stage: &StageId) -> &[String] {
        self.by_stage.get(pair(&(pipeline, stage))).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn set(&mut self, pipeline: &PipelineId, stage: &StageId, actions: &[String]) {
        if actions.is_empty() {
            self.by_stage.remove(&(pipeline.clone(), stage.clone()));
        } else {
            self.by_stage.insert((pipeline.clone(), stage.clone()), actions.to_vec());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_stimuli_cover_every_maturation_stage() {
        let stimuli = Stimuli::default();
        let maturation = crate::model::pipeline::default_pipelines().remove(1);
        for stage in &maturation.stages {
            assert!(!stimuli.for_stage(&maturation.id, &stage.id).is_empty(), "{}", stage.id);
        }
        assert_eq!(stimuli.by_stage.len(), maturation.stages.len(), "pinned: one entry per maturation stage");
    }
}
