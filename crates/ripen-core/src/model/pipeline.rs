//! Pipelines (воронки): ordered stages with waiting stages and rot thresholds, the two
//! defaults from the source texts, and the clients' cards moving through them.

use crate::values::clean::clean_line;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::{ClientId, PipelineId, StageId};
use crate::values::newtype::string_enum;
use crate::values::pair_key::pair;
use crate::values::sort;
use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap as HashMap;

string_enum! {
    /// Whether the team works a stage or waits on the client there (silence stages).
    StageKind in "kind" {
        Active = "active",
        Waiting = "waiting",
    }
}

/// One stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(rename_all = "camelCase")]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    pub kind: StageKind,
    /// A card that stays longer than this is rotting.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub rot_days: Option<u32>,
    /// The share (percent) of cards expected to reach the next stage.
    #[json(default, skip_serializing_if = "Option::is_none")]
    pub expected_conversion: Option<u8>,
    /// Retired stages take no new cards but keep their history.
    #[json(default)]
    pub retired: bool,
}

impl Stage {
    pub fn parse(
        id: &str,
        name: &str,
        kind: &str,
        rot_days: Option<u32>,
        expected_conversion: Option<u8>,
    ) -> Result<Self, ValidationError> {
        if expected_conversion.is_some_and(|p| p > 100) {
            return Err(ValidationError::new(
                "expectedConversion",
                Problem::Malformed { reason: "a share is 0 to 100 percent".into() },
            ));
        }
        if rot_days == Some(0) {
            return Err(ValidationError::new("rotDays", Problem::Malformed { reason: "at least one day".into() }));
        }
        Ok(Self {
            id: id.parse()?,
            name: clean_line("name", name, 100)?,
            kind: kind.parse()?,
            rot_days,
            expected_conversion,
            retired: false,
        })
    }
}

/// An ordered list of stages.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Pipeline {
    pub id: PipelineId,
    pub name: String,
    pub stages: Vec<Stage>,
}

impl Pipeline {
    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| &s.id == id)
    }
}

/// Where a card is: on a stage, or lost (with the reason).
#[derive(Debug, Clone, PartialEq, Eq, Hash, ripen_json::ToJson, ripen_json::FromJson)]
#[json(tag = "at", rename_all = "snake_case")]
pub enum CardPosition {
    Stage { stage: StageId },
    Lost { reason: String },
}

/// A client's place in one pipeline.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
pub struct Card {
    pub client: ClientId,
    pub pipeline: PipelineId,
    pub position: CardPosition,
    /// When the card reached its current position.
    pub since: DateTime<Utc>,
}

fn stage(id: &str, name: &str, kind: StageKind, rot_days: Option<u32>) -> Stage {
    Stage {
        id: id.parse().unwrap_or_else(|_| unreachable!("default stage ids are valid")),
        name: name.to_owned(),
        kind,
        rot_days,
        expected_conversion: None,
        retired: false,
    }
}

fn pipeline(id: &str, name: &str, stages: Vec<Stage>) -> Pipeline {
    Pipeline {
        id: id.parse().unwrap_or_else(|_| unreachable!("default pipeline ids are valid")),
        name: name.to_owned(),
        stages,
    }
}

/// The sales pipeline's id: its last stage is a won deal (plans count it, routing hands
/// the client to key-account managers).
pub fn sales_pipeline() -> PipelineId {
    "sales".parse().unwrap_or_else(|_| unreachable!("a valid id"))
}

/// The two pipelines every CRM starts with (DOMAIN.md §3). Editable like any other —
/// through events. They are part of the storage format (every log folds onto them), so
/// this list is frozen: a test pins it; a different start belongs in a new event type.
pub fn default_pipelines() -> Vec<Pipeline> {
    use StageKind::{Active, Waiting};
    vec![
        pipeline(
            "sales",
            "Продажа",
            vec![
                stage("lead_received", "Заявка получена", Active, Some(1)),
                stage("answered", "Ответили", Active, Some(2)),
                stage("need_identified", "Потребность выявлена", Active, Some(3)),
                stage("offer_sent", "КП отправлено", Waiting, Some(5)),
                stage("follow_up_done", "Контрольный звонок сделан", Active, Some(5)),
                stage("invoice_sent", "Счёт и договор отправлены", Waiting, Some(7)),
                stage("contract_signed", "Подписанный договор получен", Active, Some(7)),
                stage("paid", "Оплачено", Active, None),
            ],
        ),
        pipeline(
            "maturation",
            "Созревание клиента",
            vec![
                stage("unaware", "Чувствует дискомфорт, не ищет решение", Active, Some(30)),
                stage("considering", "Думает, нужен ли продукт", Active, Some(21)),
                stage("choosing_brand", "Решил купить, выбирает бренд", Active, Some(14)),
                stage("doubting", "Сомневается, торгуется", Waiting, Some(7)),
                stage("buying", "Покупает", Active, Some(7)),
                stage("owning", "Счастливое обладание", Active, Some(90)),
            ],
        ),
    ]
}

/// The pipelines and every card in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineBook {
    pipelines: Vec<Pipeline>,
    cards: HashMap<(ClientId, PipelineId), Card>,
}

impl Default for PipelineBook {
    fn default() -> Self {
        Self { pipelines: default_pipelines(), cards: HashMap::default() }
    }
}

impl PipelineBook {
    /// A book of exactly these pipelines and no cards yet, with room for `cards` (a
    /// checkpoint being read back: [`PipelineBook::insert_read`] adds its cards).
    pub(crate) fn from_parts(pipelines: Vec<Pipeline>, cards: usize) -> Self {
        let mut book = Self { pipelines, cards: HashMap::default() };
        book.cards.reserve(cards);
        book
    }

    /// A card read back from a checkpoint, its ids shared with its pipeline's.
    pub(crate) fn insert_read(&mut self, mut card: Card) {
        (card.pipeline, card.position) = self.shared(card.pipeline, card.position);
        self.cards.insert((card.client.clone(), card.pipeline.clone()), card);
    }

    /// The pipeline's and the stage's ids as the pipeline holds them, so every card at a
    /// stage shares one copy: 200k cards read back or folded otherwise hold 400k copies of
    /// a dozen short names, and every lookup by them reads a copy of its own from memory.
    fn shared(&self, pipeline: PipelineId, position: CardPosition) -> (PipelineId, CardPosition) {
        let Some(known) = self.get(&pipeline) else { return (pipeline, position) };
        let position = match position {
            CardPosition::Stage { stage } => {
                let stage = known.stages.iter().find(|s| s.id == stage).map_or(stage, |s| s.id.clone());
                CardPosition::Stage { stage }
            }
            lost => lost,
        };
        (known.id.clone(), position)
    }

    pub fn get(&self, id: &PipelineId) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| &p.id == id)
    }

    fn get_mut(&mut self, id: &PipelineId) -> Option<&mut Pipeline> {
        self.pipelines.iter_mut().find(|p| &p.id == id)
    }

    pub fn all(&self) -> &[Pipeline] {
        &self.pipelines
    }

    pub fn card(&self, client: &ClientId, pipeline: &PipelineId) -> Option<&Card> {
        self.cards.get(pair(&(client, pipeline)))
    }

    /// The client's cards, in pipeline order.
    pub fn cards_of(&self, client: &ClientId) -> Vec<&Card> {
        self.pipelines.iter().filter_map(|p| self.card(client, &p.id)).collect()
    }

    /// Every card, ordered by pipeline and client (for stable comparisons and reports).
    pub fn cards(&self) -> Vec<&Card> {
        let mut cards: Vec<&Card> = self.cards.values().collect();
        sort::sort_by(&mut cards, |a, b| (&a.pipeline, &a.client).cmp(&(&b.pipeline, &b.client)));
        cards
    }

    pub fn card_count(&self) -> usize {
        self.cards.len()
    }

    /// Every card, in no particular order (cheap: for scans).
    pub fn cards_unordered(&self) -> impl Iterator<Item = &Card> {
        self.cards.values()
    }

    /// Whether any card, on a stage or lost, is in `pipeline`.
    pub fn has_cards(&self, pipeline: &PipelineId) -> bool {
        self.cards.values().any(|c| &c.pipeline == pipeline)
    }

    /// Cards on `stage` of `pipeline`.
    pub fn cards_on(&self, pipeline: &PipelineId, stage: &StageId) -> usize {
        self.cards
            .values()
            .filter(|c| {
                &c.pipeline == pipeline && matches!(&c.position, CardPosition::Stage { stage: s } if s == stage)
            })
            .count()
    }

    pub(crate) fn add_pipeline(&mut self, pipeline: &Pipeline) {
        if self.get(&pipeline.id).is_none() {
            self.pipelines.push(pipeline.clone());
        }
    }

    pub(crate) fn remove_pipeline(&mut self, id: &PipelineId) {
        self.pipelines.retain(|p| &p.id != id);
    }

    pub(crate) fn insert_stage(&mut self, pipeline: &PipelineId, stage: &Stage, position: usize) {
        if let Some(p) = self.get_mut(pipeline) {
            if p.stage(&stage.id).is_none() {
                p.stages.insert(position.min(p.stages.len()), stage.clone());
            }
        }
    }

    pub(crate) fn remove_stage(&mut self, pipeline: &PipelineId, stage: &StageId) {
        if let Some(p) = self.get_mut(pipeline) {
            p.stages.retain(|s| &s.id != stage);
        }
    }

    pub(crate) fn replace_stage(&mut self, pipeline: &PipelineId, stage: &Stage) {
        if let Some(slot) = self.get_mut(pipeline).and_then(|p| p.stages.iter_mut().find(|s| s.id == stage.id)) {
            *slot = stage.clone();
        }
    }

    /// Puts the stages in `order`; stages it does not name keep their place at the end.
    pub(crate) fn reorder(&mut self, pipeline: &PipelineId, order: &[StageId]) {
        if let Some(p) = self.get_mut(pipeline) {
            let rank = |s: &Stage| order.iter().position(|id| id == &s.id).unwrap_or(usize::MAX);
            sort::sort_by_key(&mut p.stages, rank);
        }
    }

    /// Hands `from`'s card in `pipeline` to `to` (a merge), as it stands.
    pub(crate) fn transfer(&mut self, from: &ClientId, to: &ClientId, pipeline: &PipelineId) {
        if let Some(mut card) = self.cards.remove(&(from.clone(), pipeline.clone())) {
            card.client = to.clone();
            self.cards.insert((to.clone(), pipeline.clone()), card);
        }
    }

    pub(crate) fn place(
        &mut self,
        client: &ClientId,
        pipeline: &PipelineId,
        to: Option<&CardPosition>,
        at: DateTime<Utc>,
    ) {
        match to {
            Some(position) => {
                let (pipeline, position) = self.shared(pipeline.clone(), position.clone());
                let card = Card { client: client.clone(), pipeline: pipeline.clone(), position, since: at };
                self.cards.insert((client.clone(), pipeline), card);
            }
            None => {
                self.cards.remove(pair(&(client, pipeline)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_placed_or_read_back_share_the_pipeline_s_ids() {
        let (sales, offer_sent): (PipelineId, StageId) = ("sales".parse().unwrap(), "offer_sent".parse().unwrap());
        let client = |n: u32| -> ClientId { format!("c{n}").parse().unwrap() };
        let at = DateTime::<Utc>::default();
        let mut book = PipelineBook::default();
        // Each event read from storage brings ids of its own.
        for n in 0..3 {
            let position = CardPosition::Stage { stage: offer_sent.as_str().parse().unwrap() };
            book.place(&client(n), &sales.as_str().parse().unwrap(), Some(&position), at);
        }
        let unknown: StageId = "gone".parse().unwrap();
        book.place(&client(3), &sales, Some(&CardPosition::Stage { stage: unknown.clone() }), at);
        let mut read_back = PipelineBook::from_parts(default_pipelines(), 0);
        for card in book.cards() {
            read_back.insert_read(card.clone());
        }
        for book in [&book, &read_back] {
            let pipeline = book.get(&sales).unwrap();
            let stage = pipeline.stage(&offer_sent).unwrap();
            for n in 0..3 {
                let card = book.card(&client(n), &sales).unwrap();
                assert!(std::ptr::eq(card.pipeline.as_str(), pipeline.id.as_str()), "card {n}'s pipeline");
                let CardPosition::Stage { stage: at_stage } = &card.position else { panic!("card {n} at a stage") };
                assert!(std::ptr::eq(at_stage.as_str(), stage.id.as_str()), "card {n}'s stage");
            }
            // A stage the pipeline does not have (removed since) keeps the card's own id.
            assert_eq!(book.card(&client(3), &sales).unwrap().position, CardPosition::Stage { stage: unknown.clone() });
        }
    }

    #[test]
    fn the_defaults_are_the_source_texts_pipelines() {
        let defaults = default_pipelines();
        let ids = |p: &Pipeline| p.stages.iter().map(|s| s.id.to_string()).collect::<Vec<_>>();
        assert_eq!(
            ids(&defaults[0]),
            [
                "lead_received",
                "answered",
                "need_identified",
                "offer_sent",
                "follow_up_done",
                "invoice_sent",
                "contract_signed",
                "paid"
            ]
        );
        assert_eq!(ids(&defaults[1]), ["unaware", "considering", "choosing_brand", "doubting", "buying", "owning"]);
        let frozen: Vec<(String, StageKind, Option<u32>)> =
            defaults.iter().flat_map(|p| &p.stages).map(|s| (s.name.clone(), s.kind, s.rot_days)).collect();
        let pinned = r#"[("Заявка получена", Active, Some(1)), ("Ответили", Active, Some(2)), ("Потребность выявлена", Active, Some(3)), ("КП отправлено", Waiting, Some(5)), ("Контрольный звонок сделан", Active, Some(5)), ("Счёт и договор отправлены", Waiting, Some(7)), ("Подписанный договор получен", Active, Some(7)), ("Оплачено", Active, None), ("Чувствует дискомфорт, не ищет решение", Active, Some(30)), ("Думает, нужен ли продукт", Active, Some(21)), ("Решил купить, выбирает бренд", Active, Some(14)), ("Сомневается, торгуется", Waiting, Some(7)), ("Покупает", Active, Some(7)), ("Счастливое обладание", Active, Some(90))]"#;
        assert_eq!(format!("{frozen:?}"), pinned, "the default pipelines are part of the storage format");
        assert!(defaults.iter().flat_map(|p| &p.stages).any(|s| s.kind == StageKind::Waiting));
    }

    #[test]
    fn stages_are_validated() {
        assert!(Stage::parse("quote", "Quote", "active", Some(3), Some(60)).is_ok());
        assert_eq!(Stage::parse("Quote!", "Quote", "active", None, None).unwrap_err().field, "stage");
        assert_eq!(Stage::parse("quote", "", "active", None, None).unwrap_err().field, "name");
        assert_eq!(Stage::parse("quote", "Q", "sleeping", None, None).unwrap_err().field, "kind");
        assert_eq!(Stage::parse("quote", "Q", "active", None, Some(101)).unwrap_err().field, "expectedConversion");
        assert_eq!(Stage::parse("quote", "Q", "active", Some(0), None).unwrap_err().field, "rotDays");
    }
}
