//! Huixiang's policy core. Every rule of the center's complaint policy (R1–R32 in
//! `shared/policy/RULES.md`) that can be decided without I/O is decided here: the workflow table,
//! validation of what people type, who may act on which complaint, and the named rejections.
//! No I/O, no async, no clock: time is always a parameter.

pub mod access;
pub mod accusation;
pub mod attachment;
pub mod calendar;
pub mod closure;
pub mod complaint;
pub mod decide;
pub mod event;
pub mod handling;
pub mod ids;
pub mod incident;
pub mod letter;
pub mod notice;
pub mod privacy;
pub mod public;
pub mod recusal;
pub mod rejection;
pub mod repeat;
pub mod report;
pub mod search;
pub mod serde_date;
pub mod special;
pub mod staff;
pub mod text;
pub mod workflow;

pub use accusation::{Accusation, AccusationInput, ApprovalInput, DisclosureApproval};
pub use attachment::{AttachmentId, AttachmentMeta, FileType, UploadLimits};
pub use calendar::WorkCalendar;
pub use calendar::deadline::{Deadline, DeadlinePolicy, DeadlineRule, Period, PeriodUnit};
pub use closure::{ClosureReview, Criterion, Verdict, VerdictInput};
pub use complaint::{
    ArchiveRecord, Category, Channel, ClosureMaterials, Complainant, Complaint, ComplaintNumber,
    Decision, Dispatch, Explanation, Extension, ExtensionState, Holder, LeaderReview, Registration,
    RegistrationInput,
};
pub use decide::{Change, Command, Context, ResultInput, ReviewInput};
pub use event::{EventDetail, FieldChange, NewEvent};
pub use ids::{ComplaintId, EventId, UnitId, UserId};
pub use letter::{
    Custody, CustodyInput, Enclosure, EnclosureInput, EnclosureKind, Excerpt, ExcerptInput,
    ExcerptReason, Letter, LetterInput, WriterNotice,
};
pub use public::{PublicStage, QueryCode, Rating, Satisfaction};
pub use rejection::{FieldProblem, Lang, Rejection, RejectionKind};
pub use special::{LinkTarget, RepeatLink, SpecialKind, SpecialMark};
pub use staff::{Actor, Role, Unit, UnitFields, UnitInput, UnitKind, Units};
pub use workflow::{Action, State};
