//! What each step leaves in a complaint's history. Events are appended in the same transaction
//! as the state change and never rewritten.

use crate::accusation::DisclosureApproval;
use crate::attachment::AttachmentMeta;
use crate::closure::ClosureReview;
use crate::complaint::{
    ArchiveRecord, ClosureMaterials, Dispatch, Explanation, Extension, LeaderReview,
};
use crate::ids::UnitId;
use crate::letter::{Enclosure, Excerpt, Instruction, Letter, WriterNotice};
use crate::workflow::{Action, State};
use serde::Serialize;

/// One field of the handling form before and after an edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The particulars of a step, kept with its event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventDetail {
    Registered {
        number: String,
        /// R15, R18: the envelope and the items found in a letter.
        #[serde(skip_serializing_if = "Option::is_none")]
        letter: Option<Letter>,
    },
    Reviewed {
        review: LeaderReview,
        dispatch: Dispatch,
        /// R16: the notice telling a letter's writer where it went.
        #[serde(skip_serializing_if = "Option::is_none")]
        writer_notice: Option<WriterNotice>,
    },
    NotAccepted,
    Acknowledged {
        unit: UnitId,
    },
    Objected {
        unit: UnitId,
        withdrawn_dispatch: Dispatch,
    },
    ProgressRecorded {
        unit: UnitId,
        note: String,
    },
    ResultSubmitted {
        materials: ClosureMaterials,
    },
    ClosureReviewed {
        review: ClosureReview,
        passed: bool,
    },
    Archived {
        archive: ArchiveRecord,
    },
    Withdrawn,
    Edited {
        changes: Vec<FieldChange>,
    },
    ExtensionRequested {
        extension: Extension,
    },
    ExtensionDecided {
        extension: Extension,
    },
    Explained {
        explanation: Explanation,
    },
    DisclosureApproved {
        approval: DisclosureApproval,
    },
    Attached {
        attachment: AttachmentMeta,
    },
    EnclosureAdded {
        enclosure: Enclosure,
    },
    CustodyRecorded {
        enclosure: Enclosure,
    },
    Excerpted {
        excerpt: Excerpt,
    },
    Instructed {
        instruction: Instruction,
    },
    /// R2: a query code was given to the complainant (the code itself is never recorded).
    CodeIssued,
    SpecialMarked {
        mark: crate::special::SpecialMark,
    },
    /// R20: the duplicate closed, pointing to the complaint it was merged into.
    Merged {
        link: crate::special::RepeatLink,
    },
    RepeatLinked {
        link: crate::special::RepeatLink,
        /// The repeat mark the link adds, unless the case was already marked a repeat.
        #[serde(skip_serializing_if = "Option::is_none")]
        mark: Option<crate::special::SpecialMark>,
    },
    /// R21: a referral, and later its reply (the referral as it stands).
    Referred {
        referral: crate::handling::Referral,
    },
    ReferralAnswered {
        referral: crate::handling::Referral,
    },
    /// R23: a supervision, and each response (the supervision as it stands).
    Supervised {
        supervision: crate::handling::Supervision,
    },
    SupervisionAnswered {
        supervision: crate::handling::Supervision,
    },
    /// R24
    StudiedJointly {
        study: crate::handling::JointStudy,
    },
    /// R25
    Cooperating {
        cooperation: crate::handling::Cooperation,
    },
    /// R22
    ReportFiled {
        report: crate::handling::WrittenReport,
    },
    /// R27
    NoticeRaised {
        notice: crate::notice::Notice,
    },
}

/// An event the domain decided on; the store gives it an id, a sequence number and the actor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    pub action: Action,
    pub from: Option<State>,
    pub to: State,
    pub reason: Option<String>,
    pub detail: EventDetail,
}
