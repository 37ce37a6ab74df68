//! R13: the six-point closure review (结案审查). The assigning side judges the closure materials
//! against six criteria, one by one; any failed criterion sends the case back with the
//! reviewer's reasons, all six passed close it.

use crate::ids::UserId;
use crate::rejection::{FieldProblem, Rejection};
use crate::text::TextRule;
use crate::workflow::string_enum;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

string_enum!(
    /// R13: the six criteria, in the policy's order.
    Criterion, "criterion" {
        /// (1) 事实是否清楚
        FactsClear = "facts_clear", "事实清楚", "the facts are clear";
        /// (2) 定性是否准确
        CharacterizationAccurate = "characterization_accurate", "定性准确", "the characterization is accurate";
        /// (3) 处理是否符合政策
        HandlingCompliant = "handling_compliant", "处理符合政策", "the handling complies with policy";
        /// (4) 手续是否完备
        ProceduresComplete = "procedures_complete", "手续完备", "the procedures are complete";
        /// (5) 是否同投诉人见面
        ComplainantMet = "complainant_met", "已同投诉人见面", "the complainant was met";
        /// (6) 对不服正确处理的投诉人是否有人负责做思想工作
        PersuasionAssigned = "persuasion_assigned", "有人负责做思想工作", "someone is responsible for persuading a complainant who does not accept a correct decision";
    }
);

/// One criterion as the reviewer typed it.
#[derive(Clone, Debug, Default)]
pub struct VerdictInput {
    pub criterion: Option<String>,
    pub passed: Option<bool>,
    pub comment: Option<String>,
}

/// The reviewer's judgment on one criterion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub criterion: Criterion,
    pub passed: bool,
    pub comment: Option<String>,
}

/// A completed closure review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureReview {
    pub reviewer: UserId,
    pub reviewer_name: String,
    /// All six, in the policy's order.
    pub verdicts: Vec<Verdict>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl ClosureReview {
    /// R13: the case closes only when every criterion passed.
    pub fn passed(&self) -> bool {
        self.verdicts.iter().all(|v| v.passed)
    }

    /// R13: the six verdicts, in the policy's order; each judged once, a failure with a reason.
    pub fn parse_verdicts(input: &[VerdictInput]) -> Result<Vec<Verdict>, Rejection> {
        let comment_rule = TextRule::block("comment", 1000);
        let mut verdicts: Vec<Verdict> = Vec::with_capacity(Criterion::ALL.len());
        for v in input {
            let criterion = Criterion::parse(v.criterion.as_deref().unwrap_or(""))?;
            if verdicts.iter().any(|seen| seen.criterion == criterion) {
                return Err(Rejection::InvalidField {
                    field: "criterion",
                    problem: FieldProblem::BadFormat,
                });
            }
            let Some(passed) = v.passed else {
                return Err(Rejection::CriterionMissing {
                    criterion: criterion.as_str(),
                });
            };
            let comment = comment_rule.optional(v.comment.as_deref())?;
            if !passed && comment.is_none() {
                return Err(Rejection::CriterionReasonMissing {
                    criterion: criterion.as_str(),
                });
            }
            verdicts.push(Verdict {
                criterion,
                passed,
                comment,
            });
        }
        if let Some(missing) = Criterion::ALL
            .iter()
            .find(|c| !verdicts.iter().any(|v| v.criterion == **c))
        {
            return Err(Rejection::CriterionMissing {
                criterion: missing.as_str(),
            });
        }
        verdicts.sort_by_key(|v| Criterion::ALL.iter().position(|c| *c == v.criterion));
        Ok(verdicts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_passed() -> Vec<VerdictInput> {
        Criterion::ALL
            .iter()
            .rev()
            .map(|c| VerdictInput {
                criterion: Some(c.as_str().into()),
                passed: Some(true),
                comment: None,
            })
            .collect()
    }

    #[test]
    fn r13_six_passed_in_policy_order() {
        let v = ClosureReview::parse_verdicts(&all_passed()).unwrap();
        let order: Vec<_> = v.iter().map(|v| v.criterion).collect();
        assert_eq!(order, Criterion::ALL);
    }

    #[test]
    fn r13_each_criterion_is_required() {
        for c in Criterion::ALL {
            let input: Vec<_> = all_passed()
                .into_iter()
                .filter(|v| v.criterion.as_deref() != Some(c.as_str()))
                .collect();
            assert_eq!(
                ClosureReview::parse_verdicts(&input),
                Err(Rejection::CriterionMissing {
                    criterion: c.as_str()
                })
            );
        }
    }

    #[test]
    fn r13_a_failed_criterion_needs_a_reason() {
        let mut input = all_passed();
        input[2].passed = Some(false);
        let criterion = Criterion::parse(input[2].criterion.as_deref().unwrap()).unwrap();
        assert_eq!(
            ClosureReview::parse_verdicts(&input),
            Err(Rejection::CriterionReasonMissing {
                criterion: criterion.as_str()
            })
        );
        input[2].comment = Some("未与投诉人见面核实".into());
        assert!(ClosureReview::parse_verdicts(&input).is_ok());
    }

    #[test]
    fn r13_duplicates_and_unknown_criteria_are_refused() {
        let mut input = all_passed();
        input.push(VerdictInput {
            criterion: Some("facts_clear".into()),
            passed: Some(true),
            comment: None,
        });
        assert!(ClosureReview::parse_verdicts(&input).is_err());
        let mut input = all_passed();
        input[0].criterion = Some("looks_fine".into());
        assert_eq!(
            ClosureReview::parse_verdicts(&input),
            Err(Rejection::InvalidField {
                field: "criterion",
                problem: FieldProblem::UnknownValue
            })
        );
    }
}
