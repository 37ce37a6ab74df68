//! The life of a complaint as data: every state, every action, and the table of which action
//! leads from which state to which. The table is enforced here; the service, the API and any UI
//! ask this module what is possible and never decide it themselves.

use crate::rejection::Rejection;

macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident, $field:literal { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage, the API and tests.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The people-facing name.
            pub fn label(self, lang: $crate::rejection::Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, $crate::rejection::Lang::Zh) => $zh, ($name::$variant, $crate::rejection::Lang::En) => $en,)+
                }
            }

            /// Reads a stable code; anything else is refused as an unknown value of `field`.
            pub fn parse(code: &str) -> Result<Self, $crate::rejection::Rejection> {
                match code.trim() {
                    $($code => Ok($name::$variant),)+
                    "" => Err($crate::rejection::Rejection::InvalidField { field: $field, problem: $crate::rejection::FieldProblem::Missing }),
                    _ => Err($crate::rejection::Rejection::InvalidField { field: $field, problem: $crate::rejection::FieldProblem::UnknownValue }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

string_enum!(
    /// Where a complaint stands.
    State, "state" {
        /// R3/R4: registered, awaiting the leader's review.
        Registered = "registered", "待领导阅处", "awaiting leader review";
        /// R5–R8: sent to the handling unit, not yet acknowledged.
        Dispatched = "dispatched", "已分办待签收", "dispatched";
        /// The unit has acknowledged it and is handling it.
        InProgress = "in_progress", "办理中", "in progress";
        /// R12: closure materials submitted, awaiting the closure review.
        ResultSubmitted = "result_submitted", "待结案审查", "result submitted";
        /// R13: the closure review failed; back with the unit.
        Returned = "returned", "已退回重办", "returned";
        /// R13: all six criteria passed.
        Closed = "closed", "已结案", "closed";
        /// R14: bound into a dossier; read-only.
        Archived = "archived", "已归档", "archived";
        /// The leader decided not to accept it.
        NotAccepted = "not_accepted", "不予受理", "not accepted";
        /// The complainant withdrew it.
        Withdrawn = "withdrawn", "已撤回", "withdrawn";
        /// R20: a duplicate of an earlier complaint, closed and handled with it.
        Merged = "merged", "已合并", "merged";
    }
);

string_enum!(
    /// What someone can do to a complaint.
    Action, "action" {
        /// R3: register a new complaint (creates it; not a transition of the table).
        Register = "register", "登记", "register";
        /// R4: the leader's review with the initial opinion and the dispatch decision.
        Review = "review", "领导阅处", "review";
        /// The leader declines to accept the complaint.
        NotAccept = "not_accept", "不予受理", "decline";
        /// The lead unit acknowledges receipt (签收).
        Acknowledge = "acknowledge", "签收", "acknowledge";
        /// The lead unit objects that the case is outside its remit; it goes back to the leader.
        Object = "object", "退回分办", "object to the dispatch";
        /// A lead or co-handling unit records progress (办理情况).
        RecordProgress = "record_progress", "记录办理情况", "record progress";
        /// R12: the lead unit submits the closure materials.
        SubmitResult = "submit_result", "报送结案材料", "submit the result";
        /// R13: the six-point closure review.
        ReviewClosure = "review_closure", "结案审查", "review for closure";
        /// R14: bind into a dossier and archive.
        Archive = "archive", "归档", "archive";
        /// The complainant withdraws the complaint.
        Withdraw = "withdraw", "撤回", "withdraw";
        /// Correct the registered details.
        Edit = "edit", "修改登记信息", "edit";
        /// The lead unit asks for more time (延期), with a reason and a new due date.
        RequestExtension = "request_extension", "申请延期", "request an extension";
        /// A leader approves or refuses the pending extension.
        DecideExtension = "decide_extension", "审批延期", "decide on the extension";
        /// R10: a clerk chases the unit by hand (催办); a slip, not a change of the case.
        Chase = "chase", "催办", "chase";
        /// R11: the lead unit explains of its own accord why it cannot yet conclude (情况说明).
        Explain = "explain", "报送情况说明", "file an interim explanation";
        /// R7: record the organization's approval to let the accused unit handle an accusation.
        ApproveDisclosure = "approve_disclosure", "登记组织批准", "record the organization's approval";
        /// Keep a file with the case (scanned letter pages, photos, documents).
        Attach = "attach", "上传附件", "attach a file";
        /// R18: register one more item found enclosed in a letter.
        AddEnclosure = "add_enclosure", "登记附寄物", "register an enclosed item";
        /// R18: an enclosed item is held, returned by registered mail, or an exception explained.
        RecordCustody = "record_custody", "登记附寄物保管", "record an item's custody";
        /// R15: the office excerpts a letter for chosen leaders (摘报).
        Excerpt = "excerpt", "摘报领导", "excerpt for the leaders";
        /// R15: a leader the letter was excerpted for gives an instruction (批示).
        Instruct = "instruct", "领导批示", "instruct on the excerpt";
        /// R2: give the complainant a (new) query code to look the case up; an earlier one
        /// stops working.
        IssueCode = "issue_code", "发放查询码", "issue a query code";
        /// R20: mark the complaint special (important, difficult, leader-assigned, repeat).
        MarkSpecial = "mark_special", "标记特殊投诉", "mark as special";
        /// R20: link the complaint to the earlier one it repeats (counted there, marked special).
        LinkRepeat = "link_repeat", "关联重复投诉", "link to the complaint it repeats";
        /// R20: close a duplicate of an earlier complaint, pointing to it (合并重复件).
        Merge = "merge", "合并重复件", "merge into the earlier complaint";
        /// R21: ask a competent outside department to handle what the center cannot (商请).
        Refer = "refer", "商请外部门办理", "refer to an outside department";
        /// R21: the outside department's reply to a referral.
        RecordReferralReply = "record_referral_reply", "登记商请回复", "record a referral's reply";
        /// R23: the center office supervises a leader's instructed transfer (督办).
        Supervise = "supervise", "督办", "supervise";
        /// R23: the lead unit answers a supervision.
        RespondSupervision = "respond_supervision", "回复督办", "answer the supervision";
        /// R24: the office studies a difficult case jointly with the departments (会商).
        StudyJointly = "study_jointly", "会商", "record a joint study";
        /// R25: the center sends people to a case the town or a department leads.
        Cooperate = "cooperate", "配合办理", "record a cooperation task";
        /// R22: the written report on a closed leader-assigned case (书面报告).
        FileReport = "file_report", "报送书面报告", "file the written report";
        /// R27: report a major complaint to the office and leaders at once (重大情况报告).
        RaiseNotice = "raise_notice", "报告重大情况", "raise a major-issue notice";
    }
);

use Action as A;
use State as S;

/// Every allowed (state, action) pair and the states it may lead to. A pair not listed is
/// refused. The closure review has two outcomes: all criteria passed, or returned.
pub const TRANSITIONS: &[(State, Action, &[State])] = &[
    (S::Registered, A::Review, &[S::Dispatched]),
    (S::Registered, A::NotAccept, &[S::NotAccepted]),
    (S::Registered, A::Withdraw, &[S::Withdrawn]),
    (S::Registered, A::Edit, &[S::Registered]),
    (S::Registered, A::ApproveDisclosure, &[S::Registered]),
    (S::Registered, A::Merge, &[S::Merged]),
    (S::Dispatched, A::Merge, &[S::Merged]),
    (S::Dispatched, A::Acknowledge, &[S::InProgress]),
    (S::Dispatched, A::Object, &[S::Registered]),
    (S::Dispatched, A::Withdraw, &[S::Withdrawn]),
    (S::Dispatched, A::Edit, &[S::Dispatched]),
    (S::Dispatched, A::RequestExtension, &[S::Dispatched]),
    (S::Dispatched, A::DecideExtension, &[S::Dispatched]),
    (S::Dispatched, A::Explain, &[S::Dispatched]),
    (S::Dispatched, A::ApproveDisclosure, &[S::Dispatched]),
    (S::InProgress, A::RecordProgress, &[S::InProgress]),
    (S::InProgress, A::SubmitResult, &[S::ResultSubmitted]),
    (S::InProgress, A::Withdraw, &[S::Withdrawn]),
    (S::InProgress, A::Edit, &[S::InProgress]),
    (S::InProgress, A::RequestExtension, &[S::InProgress]),
    (S::InProgress, A::DecideExtension, &[S::InProgress]),
    (S::InProgress, A::Explain, &[S::InProgress]),
    (S::InProgress, A::ApproveDisclosure, &[S::InProgress]),
    (
        S::ResultSubmitted,
        A::ReviewClosure,
        &[S::Closed, S::Returned],
    ),
    (S::ResultSubmitted, A::Edit, &[S::ResultSubmitted]),
    (S::Returned, A::Acknowledge, &[S::InProgress]),
    (S::Returned, A::Withdraw, &[S::Withdrawn]),
    (S::Returned, A::Edit, &[S::Returned]),
    (S::Returned, A::RequestExtension, &[S::Returned]),
    (S::Returned, A::DecideExtension, &[S::Returned]),
    (S::Returned, A::Explain, &[S::Returned]),
    (S::Returned, A::ApproveDisclosure, &[S::Returned]),
    (S::Closed, A::Archive, &[S::Archived]),
    (S::Closed, A::Edit, &[S::Closed]),
    (S::NotAccepted, A::Edit, &[S::NotAccepted]),
    (S::Withdrawn, A::Edit, &[S::Withdrawn]),
    (S::Merged, A::Edit, &[S::Merged]),
];

/// Every state but archived (R14: an archived case is read-only).
const UNARCHIVED: &[State] = &[
    S::Registered,
    S::Dispatched,
    S::InProgress,
    S::ResultSubmitted,
    S::Returned,
    S::Closed,
    S::NotAccepted,
    S::Withdrawn,
    S::Merged,
];

/// The states in which a case is still being handled.
const HANDLING: &[State] = &[
    S::Registered,
    S::Dispatched,
    S::InProgress,
    S::ResultSubmitted,
    S::Returned,
];

/// While the case is with a unit, or its result awaits review: the unit answers supervision.
const WITH_UNIT_OR_SUBMITTED: &[State] = &[
    S::Dispatched,
    S::InProgress,
    S::ResultSubmitted,
    S::Returned,
];

/// Actions that record something on the case and leave it in the state it is in, with the
/// states in which they are allowed. Enclosed items are returned even after a letter is closed,
/// declined or withdrawn (R18).
pub const RECORDS: &[(Action, &[State])] = &[
    (A::Attach, UNARCHIVED),
    (A::AddEnclosure, HANDLING),
    (A::RecordCustody, UNARCHIVED),
    (A::Excerpt, HANDLING),
    (A::Instruct, HANDLING),
    (A::IssueCode, UNARCHIVED),
    (A::MarkSpecial, HANDLING),
    (A::LinkRepeat, HANDLING),
    (A::Refer, HANDLING),
    (A::RecordReferralReply, UNARCHIVED),
    (A::Supervise, &State::WITH_UNIT),
    (A::RespondSupervision, WITH_UNIT_OR_SUBMITTED),
    (A::StudyJointly, HANDLING),
    (A::Cooperate, HANDLING),
    (A::FileReport, &[S::Closed]),
    (A::RaiseNotice, HANDLING),
];

/// The states `action` may lead to from `state`, or `None` if the tables forbid it.
pub fn targets(state: State, action: Action) -> Option<&'static [State]> {
    TRANSITIONS
        .iter()
        .find(|(s, a, _)| *s == state && *a == action)
        .map(|(_, _, to)| *to)
        .or_else(|| {
            RECORDS
                .iter()
                .find(|(a, states)| *a == action && states.contains(&state))
                .and_then(|_| State::ALL.iter().find(|s| **s == state))
                .map(std::slice::from_ref)
        })
}

/// Refuses `action` in `state` unless the table allows it. An archived case refuses everything
/// with its own reason (R14).
pub fn check(state: State, action: Action) -> Result<&'static [State], Rejection> {
    match targets(state, action) {
        Some(to) => Ok(to),
        None if state == S::Archived => Err(Rejection::CaseArchived),
        None => Err(Rejection::TransitionNotAllowed { state, action }),
    }
}

impl State {
    /// R10, R30: the states in which a case is with a unit: chased, and overdue once late.
    pub const WITH_UNIT: [State; 3] = [S::Dispatched, S::InProgress, S::Returned];

    /// Whether the case is with a unit (see [`State::WITH_UNIT`]).
    pub fn is_with_unit(self) -> bool {
        Self::WITH_UNIT.contains(&self)
    }

    /// No further handling will happen (edits aside).
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            S::Closed | S::Archived | S::NotAccepted | S::Withdrawn | S::Merged
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_names_each_pair_once() {
        for (i, (s, a, _)) in TRANSITIONS.iter().enumerate() {
            assert!(
                !TRANSITIONS[i + 1..]
                    .iter()
                    .any(|(s2, a2, _)| s2 == s && a2 == a),
                "{s} {a} listed twice"
            );
        }
    }

    #[test]
    fn every_state_is_reachable_from_registered() {
        let mut seen = vec![S::Registered];
        let mut i = 0;
        while i < seen.len() {
            for (s, _, to) in TRANSITIONS {
                if *s == seen[i] {
                    for t in *to {
                        if !seen.contains(t) {
                            seen.push(*t);
                        }
                    }
                }
            }
            i += 1;
        }
        for s in State::ALL {
            assert!(seen.contains(s), "{s} unreachable");
        }
    }

    #[test]
    fn records_keep_the_state_and_never_overlap_the_transitions() {
        for (action, states) in RECORDS {
            assert!(!TRANSITIONS.iter().any(|(_, a, _)| a == action), "{action}");
            for s in *states {
                assert_eq!(targets(*s, *action), Some(std::slice::from_ref(s)));
            }
        }
        assert_eq!(targets(S::Closed, A::Excerpt), None);
        assert_eq!(
            targets(S::Withdrawn, A::RecordCustody),
            Some(&[S::Withdrawn][..])
        );
    }

    #[test]
    fn r14_archived_refuses_everything() {
        for a in Action::ALL {
            assert_eq!(check(S::Archived, *a), Err(Rejection::CaseArchived));
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Ok(*s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Ok(*a));
        }
        assert!(State::parse("open").is_err());
    }
}
