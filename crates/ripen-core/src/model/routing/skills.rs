//! Routing by a skills matrix: each user's weighted skills are scored against what the
//! client needs; the highest score wins, ties go round the taxi queue.

use super::taxi::{next_in_turn, Seat, Skip, SkipReason};
use crate::model::client::ClientFields;
use crate::values::error::{Problem, ValidationError};
use crate::values::ids::UserId;
use crate::values::Label;
use std::borrow::Cow;
use std::fmt;

crate::values::newtype::string_enum! {
    /// The profile field a skill answers to.
    SkillField in "skill.field" {
        Region = "region",
        Industry = "industry",
        ClientType = "clientType",
        Source = "source",
        Tag = "tag",
    }
}

/// How strongly a skill counts, in hundredths (0.6 is 60), so that scores add up
/// exactly and ties are real ties. A single skill weighs at most 1; a score, the sum of
/// several, may weigh more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, ripen_json::ToJson, ripen_json::FromJson)]
#[json(try_from = "f64", into = "f64")]
pub struct Weight(u32);

impl Weight {
    pub const MAX: f64 = 1.0;
}

impl TryFrom<f64> for Weight {
    type Error = ValidationError;
    fn try_from(value: f64) -> Result<Self, Self::Error> {
        let hundredths = value * 100.0;
        if !(0.0..=Self::MAX * 100.0).contains(&hundredths) || (hundredths - hundredths.round()).abs() > 1e-6 {
            return Err(ValidationError::new(
                "weight",
                Problem::Malformed { reason: format!("{value} is not a weight from 0 to 1 in steps of 0.01") },
            ));
        }
        Ok(Self(hundredths.round() as u32))
    }
}

impl From<Weight> for f64 {
    fn from(weight: Weight) -> Self {
        f64::from(weight.0) / 100.0
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", f64::from(*self))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson, ripen_json::FromJson)]
#[json(deny_unknown_fields)]
pub struct Skill {
    pub field: SkillField,
    pub value: Label,
    pub weight: Weight,
}

impl Skill {
    fn matches(&self, client: &ClientFields) -> bool {
        let wanted = self.value.as_str();
        let same = |actual: &str| actual == wanted || actual.to_lowercase() == wanted.to_lowercase();
        let label = match self.field {
            SkillField::Region => &client.region,
            SkillField::Industry => &client.industry,
            SkillField::ClientType => &client.client_type,
            SkillField::Source => &client.source,
            SkillField::Tag => return client.tags.iter().any(|t| same(t.as_str())),
        };
        label.as_ref().is_some_and(|l| same(l.as_str()))
    }
}

/// One member of the matrix: their place in the queue and their skills (borrowed from
/// the profile when routing, so a batch of leads copies no skills).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkilledSeat<'a> {
    pub seat: Seat,
    pub skills: Cow<'a, [Skill]>,
}

/// The matrix's decision: who, their score, the skills that made it, and who was not
/// considered.
#[derive(Debug, Clone, PartialEq, Eq, ripen_json::ToJson)]
pub struct SkillPick {
    pub user: UserId,
    pub score: Weight,
    pub terms: Vec<Skill>,
    /// Members with the same score who were passed over in turn, or skipped as absent
    /// or full.
    pub skipped: Vec<Skip>,
}

impl SkillPick {
    /// "industry machinery 0.6 + region Сибирь 0.3", or "no matching skills".
    pub fn explanation(&self) -> String {
        if self.terms.is_empty() {
            return "no matching skills".into();
        }
        let terms: Vec<String> = self.terms.iter().map(|s| format!("{} {} {}", s.field, s.value, s.weight)).collect();
        terms.join(" + ")
    }
}

/// The member whose skills score highest for `client`; among equal scores, the next in
/// turn after `last`. Absent and full members are not considered.
pub fn best_skilled(matrix: &[SkilledSeat<'_>], client: &ClientFields, last: Option<&UserId>) -> Option<SkillPick> {
    let mut skipped = Vec::new();
    let mut scored = Vec::new();
    for member in matrix {
        match member.seat.skip_reason() {
            Some(reason) => skipped.push(Skip { user: member.seat.user.clone(), reason }),
            None => {
                let terms: Vec<Skill> = member.skills.iter().filter(|s| s.matches(client)).cloned().collect();
                let score = Weight(terms.iter().fold(0, |sum, s| sum.saturating_add(s.weight.0)));
                scored.push((&member.seat, score, terms));
            }
        }
    }
    let best = scored.iter().map(|(_, score, _)| *score).max()?;
    scored.retain(|(_, score, _)| *score == best);
    let tied: Vec<Seat> = scored.iter().map(|(seat, _, _)| (*seat).clone()).collect();
    let turn = next_in_turn(&tied, last)?;
    let (seat, score, terms) = scored.into_iter().find(|(seat, _, _)| seat.user == turn.user)?;
    skipped.extend(
        tied.into_iter()
            .filter(|other| other.user != seat.user)
            .map(|other| Skip { user: other.user, reason: SkipReason::NotTheirTurn }),
    );
    Some(SkillPick { user: seat.user.clone(), score, terms, skipped })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(field: SkillField, value: &str, weight: f64) -> Skill {
        Skill { field, value: value.parse().unwrap(), weight: Weight::try_from(weight).unwrap() }
    }

    fn member(id: &str, skills: Vec<Skill>) -> SkilledSeat<'static> {
        SkilledSeat {
            seat: Seat { user: id.parse().unwrap(), absent: false, load: 0, cap: None },
            skills: skills.into(),
        }
    }

    fn matrix() -> Vec<SkilledSeat<'static>> {
        use SkillField::*;
        vec![
            member("anna", vec![skill(Industry, "machinery", 0.6), skill(Region, "Сибирь", 0.3)]),
            member("boris", vec![skill(Industry, "machinery", 0.9)]),
            member("vera", vec![skill(Region, "Сибирь", 0.5), skill(Tag, "vip", 0.4)]),
            member("gleb", vec![skill(Industry, "retail", 0.9)]),
        ]
    }

    fn client(region: &str, industry: &str, tags: &[&str]) -> ClientFields {
        ClientFields {
            region: Some(region.parse().unwrap()),
            industry: Some(industry.parse().unwrap()),
            tags: tags.iter().map(|t| t.parse().unwrap()).collect(),
            ..ClientFields::default()
        }
    }

    #[test]
    fn the_highest_score_wins_with_its_explanation() {
        struct Case {
            name: &'static str,
            client: ClientFields,
            last: Option<&'static str>,
            user: &'static str,
            explanation: &'static str,
        }
        let cases = [
            Case {
                name: "two skills add up",
                client: client("Сибирь", "machinery", &[]),
                last: None,
                user: "anna",
                explanation: "industry machinery 0.6 + region Сибирь 0.3",
            },
            Case {
                name: "one strong skill beats two weak ones",
                client: client("Урал", "machinery", &[]),
                last: None,
                user: "boris",
                explanation: "industry machinery 0.9",
            },
            Case {
                name: "tags and case-insensitive labels",
                client: client("сибирь", "food", &["vip"]),
                last: None,
                user: "vera",
                explanation: "region Сибирь 0.5 + tag vip 0.4",
            },
            Case {
                name: "a tie goes to the next in turn",
                client: client("Урал", "retail", &["vip", "x"]),
                last: Some("anna"),
                user: "gleb",
                explanation: "industry retail 0.9",
            },
            Case {
                name: "nobody has a skill: round-robin over everyone",
                client: client("Урал", "food", &[]),
                last: Some("boris"),
                user: "gleb",
                explanation: "no matching skills",
            },
        ];
        for case in cases {
            let last: Option<UserId> = case.last.map(|l| l.parse().unwrap());
            let pick = best_skilled(&matrix(), &case.client, last.as_ref()).unwrap();
            assert_eq!(
                (pick.user.as_str(), pick.explanation().as_str()),
                (case.user, case.explanation),
                "{}",
                case.name
            );
        }
    }

    #[test]
    fn ties_take_turns_and_absent_or_full_members_are_left_out() {
        let mut matrix = matrix();
        let vip = client("Урал", "retail", &["vip"]); // gleb 0.9; vera 0.4
        matrix[3].seat.absent = true;
        let pick = best_skilled(&matrix, &vip, None).unwrap();
        assert_eq!(pick.user.as_str(), "vera");
        assert_eq!(pick.skipped, vec![Skip { user: "gleb".parse().unwrap(), reason: SkipReason::Absent }]);

        let anyone = client("Урал", "food", &[]);
        matrix[3].seat.absent = false;
        matrix[1].seat.cap = Some(0);
        let mut last: Option<UserId> = None;
        let mut order = Vec::new();
        for _ in 0..6 {
            let pick = best_skilled(&matrix, &anyone, last.as_ref()).unwrap();
            order.push(pick.user.to_string());
            last = Some(pick.user);
        }
        assert_eq!(order, ["anna", "gleb", "vera", "anna", "gleb", "vera"]);

        for member in &mut matrix {
            member.seat.absent = true;
        }
        assert_eq!(best_skilled(&matrix, &anyone, None), None);
    }

    #[test]
    fn weights_are_hundredths_from_0_to_1() {
        for good in [0.0, 0.01, 0.3, 0.6, 1.0] {
            assert_eq!(f64::from(Weight::try_from(good).unwrap()), good);
        }
        for bad in [-0.1, 1.01, 0.333, f64::NAN, f64::INFINITY] {
            assert!(Weight::try_from(bad).is_err(), "{bad}");
        }
        let stored: Skill = ripen_json::from_str(
            &(serde_json::json!({"field": "industry", "value": "machinery", "weight": 0.6})).to_string(),
        )
        .unwrap();
        assert_eq!(stored.weight, Weight(60));
        assert!(ripen_json::from_str::<Skill>(
            &(serde_json::json!({"field": "mood", "value": "x", "weight": 0.6})).to_string()
        )
        .is_err());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        const VALUES: [&str; 3] = ["a", "b", "c"];

        proptest! {
            /// The pick is present and under its cap, no one who could take the client
            /// scores higher, and its score is the sum of the terms it names.
            #[test]
            fn nobody_available_scores_higher(
                members in proptest::collection::vec(
                    (any::<bool>(), proptest::collection::vec((0usize..3, 0usize..3, 0u32..=100), 0..4)),
                    0..8,
                ),
                wanted in (0usize..3, 0usize..3),
            ) {
                let fields = [SkillField::Region, SkillField::Industry, SkillField::Tag];
                let matrix: Vec<SkilledSeat> = members
                    .iter()
                    .enumerate()
                    .map(|(i, (absent, skills))| SkilledSeat {
                        seat: Seat { user: format!("u{i}").parse().unwrap(), absent: *absent, load: 0, cap: None },
                        skills: skills
                            .iter()
                            .map(|&(f, v, w)| Skill { field: fields[f], value: VALUES[v].parse().unwrap(), weight: Weight(w) })
                            .collect::<Vec<_>>()
                            .into(),
                    })
                    .collect();
                let client = ClientFields {
                    region: Some(VALUES[wanted.0].parse().unwrap()),
                    industry: Some(VALUES[wanted.1].parse().unwrap()),
                    tags: [VALUES[wanted.0].parse().unwrap()].into(),
                    ..ClientFields::default()
                };
                let score_of = |m: &SkilledSeat| m.skills.iter().filter(|s| s.matches(&client)).map(|s| s.weight.0).sum::<u32>();
                match best_skilled(&matrix, &client, None) {
                    None => prop_assert!(matrix.iter().all(|m| m.seat.absent)),
                    Some(pick) => {
                        let chosen = matrix.iter().find(|m| m.seat.user == pick.user).unwrap();
                        prop_assert!(!chosen.seat.absent);
                        prop_assert_eq!(pick.score.0, score_of(chosen));
                        prop_assert_eq!(pick.score.0, pick.terms.iter().map(|t| t.weight.0).sum::<u32>());
                        for other in matrix.iter().filter(|m| !m.seat.absent) {
                            prop_assert!(score_of(other) <= pick.score.0);
                        }
                    }
                }
            }
        }
    }
}
