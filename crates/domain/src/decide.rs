//! Deciding one step: given a complaint as it stands, who acts, and what they ask for, either a
//! rejection or the complaint as it will be plus the event that records the change. Pure: the
//! caller supplies `now` and the unit tree.

use crate::access;
use crate::accusation::{ApprovalInput, DisclosureApproval};
use crate::attachment::AttachmentMeta;
use crate::calendar::WorkCalendar;
use crate::calendar::arrangement::parse_date;
use crate::calendar::deadline::{DeadlineInput, DeadlinePolicy};
use crate::closure::{ClosureReview, VerdictInput};
use crate::complaint::Channel;
use crate::complaint::{
    ArchiveRecord, ClosureMaterials, Complaint, ComplaintNumber, Decision, Dispatch, LeaderReview,
    Registration, RegistrationInput,
};
use crate::complaint::{Explanation, Extension, ExtensionState, Holder};
use crate::event::{EventDetail, FieldChange, NewEvent};
use crate::handling::{
    CooperationInput, ReferralInput, ReplyInput, ResponseInput, StudyInput, SupervisionInput,
};
use crate::ids::{ComplaintId, UnitId};
use crate::letter::{CustodyInput, EnclosureInput, ExcerptInput, Letter};
use crate::notice::Notice;
use crate::rejection::{FieldProblem, Rejection};
use crate::special::{LinkTarget, RepeatLink, SpecialKind, SpecialMark};
use crate::staff::Role;
use crate::staff::{Actor, UnitKind, Units};
use crate::text::TextRule;
use crate::workflow::{self, Action, State};
use time::OffsetDateTime;

/// Who acts, when, the unit tree they act in, and the calendar and deadline rules in force.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub actor: &'a Actor,
    pub units: &'a Units,
    pub calendar: &'a WorkCalendar,
    pub policy: &'a DeadlinePolicy,
    pub now: OffsetDateTime,
    /// The active staff, for steps that name people (R15: the leaders of an excerpt).
    pub staff: &'a [Actor],
}

/// R4–R8: the leader's review as typed.
#[derive(Clone, Debug, Default)]
pub struct ReviewInput {
    pub opinion: Option<String>,
    pub decision: Option<String>,
    pub lead_unit: Option<UnitId>,
    pub co_units: Vec<UnitId>,
    pub instruction: Option<String>,
    pub report_back: Option<bool>,
    /// R9, R22: the deadline rule, or the leader's own limit.
    pub deadline: DeadlineInput,
}

/// R12: the closure materials as typed.
#[derive(Clone, Debug, Default)]
pub struct ResultInput {
    pub findings: Option<String>,
    pub handling: Option<String>,
    pub complainant_met: Option<bool>,
    pub reply: Option<String>,
}

/// A request to change a complaint.
#[derive(Clone, Debug)]
pub enum Command {
    Review(ReviewInput),
    NotAccept {
        reason: Option<String>,
    },
    Acknowledge,
    Object {
        reason: Option<String>,
    },
    RecordProgress {
        note: Option<String>,
    },
    SubmitResult(ResultInput),
    ReviewClosure(Vec<VerdictInput>),
    /// R14: the dossier number is drawn by the caller from the archive counter.
    Archive {
        archive_number: String,
    },
    Withdraw {
        reason: Option<String>,
    },
    /// Corrects the handling form (boxed: it is much larger than the other commands).
    Edit {
        form: Box<RegistrationInput>,
        reason: Option<String>,
    },
    /// R9: a new due date (`YYYY-MM-DD`) and the reason.
    RequestExtension {
        new_due: Option<String>,
        reason: Option<String>,
    },
    /// R9: the leader's decision on the pending extension.
    DecideExtension {
        approve: Option<bool>,
        note: Option<String>,
    },
    /// R11: an interim explanation.
    Explain {
        text: Option<String>,
    },
    /// R7: the organization approved letting the accused unit handle the accusation.
    ApproveDisclosure(ApprovalInput),
    /// Keep a file with the case; the caller has inspected and stored its bytes.
    Attach(AttachmentMeta),
    /// R18: one more item found in a letter.
    AddEnclosure(EnclosureInput),
    /// R18: an item is held, returned or explained.
    RecordCustody(CustodyInput),
    /// R15: the excerpt for chosen leaders.
    Excerpt(ExcerptInput),
    /// R15: a chosen leader's instruction.
    Instruct {
        text: Option<String>,
    },
    /// R2: a new query code (drawn and stored as a hash by the caller; never in the event).
    IssueCode,
    /// R20: a reason the complaint is special.
    MarkSpecial {
        kind: Option<String>,
        reason: Option<String>,
    },
    /// R20: the earlier complaint this one repeats, as the caller found it (`None`: not found).
    LinkRepeat {
        target: Option<LinkTarget>,
    },
    /// R20: the earlier complaint this duplicate is merged into, as the caller found it.
    Merge {
        target: Option<LinkTarget>,
        reason: Option<String>,
    },
    /// R21
    Refer(ReferralInput),
    RecordReferralReply(ReplyInput),
    /// R23
    Supervise(SupervisionInput),
    RespondSupervision(ResponseInput),
    /// R24
    StudyJointly(StudyInput),
    /// R25
    Cooperate(CooperationInput),
    /// R22: the report as edited from the draft.
    FileReport {
        text: Option<String>,
    },
    /// R27
    RaiseNotice {
        level: Option<String>,
        summary: Option<String>,
    },
}

impl Command {
    pub fn action(&self) -> Action {
        match self {
            Command::Review(_) => Action::Review,
            Command::NotAccept { .. } => Action::NotAccept,
            Command::Acknowledge => Action::Acknowledge,
            Command::Object { .. } => Action::Object,
            Command::RecordProgress { .. } => Action::RecordProgress,
            Command::SubmitResult(_) => Action::SubmitResult,
            Command::ReviewClosure(_) => Action::ReviewClosure,
            Command::Archive { .. } => Action::Archive,
            Command::Withdraw { .. } => Action::Withdraw,
            Command::Edit { .. } => Action::Edit,
            Command::RequestExtension { .. } => Action::RequestExtension,
            Command::DecideExtension { .. } => Action::DecideExtension,
            Command::Explain { .. } => Action::Explain,
            Command::ApproveDisclosure(_) => Action::ApproveDisclosure,
            Command::Attach(_) => Action::Attach,
            Command::AddEnclosure(_) => Action::AddEnclosure,
            Command::RecordCustody(_) => Action::RecordCustody,
            Command::Excerpt(_) => Action::Excerpt,
            Command::Instruct { .. } => Action::Instruct,
            Command::IssueCode => Action::IssueCode,
            Command::MarkSpecial { .. } => Action::MarkSpecial,
            Command::LinkRepeat { .. } => Action::LinkRepeat,
            Command::Merge { .. } => Action::Merge,
            Command::Refer(_) => Action::Refer,
            Command::RecordReferralReply(_) => Action::RecordReferralReply,
            Command::Supervise(_) => Action::Supervise,
            Command::RespondSupervision(_) => Action::RespondSupervision,
            Command::StudyJointly(_) => Action::StudyJointly,
            Command::Cooperate(_) => Action::Cooperate,
            Command::FileReport { .. } => Action::FileReport,
            Command::RaiseNotice { .. } => Action::RaiseNotice,
        }
    }

    /// Whether the step names members of staff, so the caller loads the active staff (R15:
    /// an excerpt's leaders; R25: the people sent).
    pub fn names_staff(&self) -> bool {
        matches!(self, Command::Excerpt(_) | Command::Cooperate(_))
    }
}

/// The complaint after a step, and the event recording it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub complaint: Complaint,
    pub event: NewEvent,
}

const REASON: TextRule = TextRule::block("reason", 1000);

/// R1, R3: registers a new complaint from a handling form.
pub fn register(
    ctx: Context<'_>,
    id: ComplaintId,
    number: ComplaintNumber,
    form: &RegistrationInput,
) -> Result<Change, Rejection> {
    access::may_register(ctx.actor)?;
    let r = Registration::parse(form)?;
    // R2: the portal registers what citizens submit online, and nothing else.
    if ctx.actor.role == Role::Portal && (r.channel != Channel::Online || r.accusation.is_some()) {
        return Err(Rejection::RoleNotAllowed {
            action: Action::Register,
        });
    }
    if let Some(unit) = r.accusation.as_ref().and_then(|a| a.accused_unit) {
        ctx.units.require(unit, "accused_unit")?;
    }
    // R15, R18: a letter is registered with its envelope and enclosures; nothing else has them.
    let typed = form.letter.as_ref().filter(|l| !l.is_empty());
    let letter = match (r.channel, typed) {
        (Channel::Letter, typed) => Some(Letter::parse(
            &typed.cloned().unwrap_or_default(),
            r.complainant.address.as_deref(),
            crate::complaint::beijing_date(ctx.now),
        )?),
        (_, Some(_)) => return Err(Rejection::NotALetter),
        (_, None) => None,
    };
    let complaint = Complaint {
        special: Vec::new(),
        repeat_of: None,
        merged_into: None,
        handling: Default::default(),
        letter: letter.clone(),
        accusation: r.accusation,
        disclosure_approval: None,
        id,
        number,
        channel: r.channel,
        category: r.category,
        title: r.title,
        complainant: r.complainant,
        problem: r.problem,
        demands: r.demands,
        state: State::Registered,
        version: 1,
        registered_by: ctx.actor.id,
        registered_at: ctx.now,
        updated_at: ctx.now,
        review: None,
        dispatch: None,
        result: None,
        closure_review: None,
        archive: None,
        holder: None,
        last_progress: None,
    };
    let event = NewEvent {
        action: Action::Register,
        from: None,
        to: State::Registered,
        reason: None,
        detail: EventDetail::Registered {
            number: number.to_string(),
            letter,
        },
    };
    Ok(Change { complaint, event })
}

/// Decides `command` on `complaint`: first whether the workflow table allows it in the current
/// state, then whether the actor's role and unit may take it, then the input itself.
pub fn apply(
    ctx: Context<'_>,
    complaint: &Complaint,
    command: Command,
) -> Result<Change, Rejection> {
    let action = command.action();
    let targets = workflow::check(complaint.state, action)?;
    access::authorize(ctx.actor, action, complaint)?;
    let mut next = complaint.clone();
    next.version += 1;
    next.updated_at = ctx.now;
    let mut reason = None;
    let actor = ctx.actor;
    let detail = match command {
        Command::Review(input) => {
            let (review, dispatch) = parse_review(ctx, complaint, &input)?;
            next.review = Some(review.clone());
            next.dispatch = Some(dispatch.clone());
            next.holder = None;
            next.state = State::Dispatched;
            // R16: the writer of a letter is told where it went.
            let writer_notice = crate::letter::writer_notice(&next, ctx.units, ctx.now);
            if let (Some(letter), Some(notice)) = (next.letter.as_mut(), &writer_notice) {
                letter.notices.push(notice.clone());
            }
            EventDetail::Reviewed {
                review,
                dispatch,
                writer_notice,
            }
        }
        Command::NotAccept { reason: r } => {
            reason = Some(REASON.required(r.as_deref())?);
            next.state = State::NotAccepted;
            EventDetail::NotAccepted
        }
        Command::Acknowledge => {
            next.state = State::InProgress;
            next.holder = Some(Holder {
                id: actor.id,
                name: actor.name.clone(),
            });
            EventDetail::Acknowledged { unit: actor.unit }
        }
        Command::Object { reason: r } => {
            reason = Some(REASON.required(r.as_deref())?);
            // The objection sends the case back to the leader for a new review.
            let withdrawn_dispatch =
                next.dispatch
                    .take()
                    .ok_or(Rejection::TransitionNotAllowed {
                        state: complaint.state,
                        action,
                    })?;
            next.state = State::Registered;
            next.holder = None;
            EventDetail::Objected {
                unit: actor.unit,
                withdrawn_dispatch,
            }
        }
        Command::RecordProgress { note } => {
            let note = TextRule::block("note", 2000).required(note.as_deref())?;
            next.last_progress = Some(note.clone());
            EventDetail::ProgressRecorded {
                unit: actor.unit,
                note,
            }
        }
        Command::SubmitResult(input) => {
            let materials = parse_result(ctx, &input)?;
            next.result = Some(materials.clone());
            next.state = State::ResultSubmitted;
            EventDetail::ResultSubmitted { materials }
        }
        Command::ReviewClosure(verdicts) => {
            let review = ClosureReview {
                reviewer: actor.id,
                reviewer_name: actor.name.clone(),
                verdicts: ClosureReview::parse_verdicts(&verdicts)?,
                at: ctx.now,
            };
            let passed = review.passed();
            // R18: enclosed cash and originals go back (or are explained) before closure.
            let outstanding = complaint.letter.as_ref().map_or(0, Letter::outstanding);
            if passed && outstanding > 0 {
                return Err(Rejection::EnclosuresOutstanding { count: outstanding });
            }
            next.state = if passed {
                State::Closed
            } else {
                State::Returned
            };
            next.closure_review = Some(review.clone());
            EventDetail::ClosureReviewed { review, passed }
        }
        Command::Archive { archive_number } => {
            // R22: the written report comes before the dossier.
            if crate::handling::report_owed(complaint) {
                return Err(Rejection::ReportOutstanding);
            }
            let archive = ArchiveRecord {
                archive_number,
                archived_by: actor.id,
                at: ctx.now,
            };
            next.archive = Some(archive.clone());
            next.state = State::Archived;
            EventDetail::Archived { archive }
        }
        Command::Withdraw { reason: r } => {
            reason = Some(REASON.required(r.as_deref())?);
            next.state = State::Withdrawn;
            EventDetail::Withdrawn
        }
        Command::Edit { form, reason: r } => {
            reason = Some(REASON.required(r.as_deref())?);
            // The envelope and enclosures are kept by their own steps, never by an edit.
            if form.letter.as_ref().is_some_and(|l| !l.is_empty()) {
                return Err(Rejection::InvalidField {
                    field: "letter",
                    problem: FieldProblem::UnknownValue,
                });
            }
            let edited = Registration::parse(&form)?;
            // The envelope and enclosures stay with a letter: no edit makes or unmakes one.
            if (edited.channel == Channel::Letter) != (complaint.channel == Channel::Letter) {
                return Err(Rejection::NotALetter);
            }
            let changes = diff(complaint, &edited);
            if changes.is_empty() {
                return Err(Rejection::NothingChanged);
            }
            next.channel = edited.channel;
            next.category = edited.category;
            next.title = edited.title;
            next.complainant = edited.complainant;
            next.problem = edited.problem;
            next.demands = edited.demands;
            EventDetail::Edited { changes }
        }
        Command::RequestExtension { new_due, reason: r } => {
            let reason = REASON.required(r.as_deref())?;
            let dispatch = current_dispatch(&mut next, complaint.state, action)?;
            if dispatch.pending_extension().is_some() {
                return Err(Rejection::ExtensionPending);
            }
            let requested_due = new_due.as_deref().filter(|d| !d.trim().is_empty()).ok_or(
                Rejection::InvalidField {
                    field: "new_due",
                    problem: FieldProblem::Missing,
                },
            )?;
            let requested_due = parse_date(requested_due).ok_or(Rejection::InvalidField {
                field: "new_due",
                problem: FieldProblem::BadFormat,
            })?;
            let previous_due = dispatch.due();
            if requested_due <= previous_due || !ctx.calendar.is_working_day(requested_due) {
                return Err(Rejection::ExtensionDueInvalid);
            }
            let extension = Extension {
                reason,
                previous_due,
                requested_due,
                requested_by: actor.id,
                requested_by_name: actor.name.clone(),
                requested_at: ctx.now,
                state: ExtensionState::Pending,
                decided_by: None,
                decided_by_name: None,
                decided_at: None,
                decision_note: None,
            };
            dispatch.extensions.push(extension.clone());
            EventDetail::ExtensionRequested { extension }
        }
        Command::DecideExtension { approve, note } => {
            let approve = approve.ok_or(Rejection::InvalidField {
                field: "approve",
                problem: FieldProblem::Missing,
            })?;
            let note = TextRule::block("note", 1000).optional(note.as_deref())?;
            if !approve && note.is_none() {
                return Err(Rejection::InvalidField {
                    field: "note",
                    problem: FieldProblem::Missing,
                });
            }
            let dispatch = current_dispatch(&mut next, complaint.state, action)?;
            let pending = dispatch
                .extensions
                .iter_mut()
                .find(|e| e.state == ExtensionState::Pending)
                .ok_or(Rejection::NoPendingExtension)?;
            pending.state = if approve {
                ExtensionState::Approved
            } else {
                ExtensionState::Refused
            };
            pending.decided_by = Some(actor.id);
            pending.decided_by_name = Some(actor.name.clone());
            pending.decided_at = Some(ctx.now);
            pending.decision_note = note;
            EventDetail::ExtensionDecided {
                extension: pending.clone(),
            }
        }
        Command::Explain { text } => {
            let text = TextRule::block("text", 2000).required(text.as_deref())?;
            let explanation = Explanation {
                text,
                by: actor.id,
                by_name: actor.name.clone(),
                at: ctx.now,
            };
            let dispatch = current_dispatch(&mut next, complaint.state, action)?;
            dispatch.explanations.push(explanation.clone());
            EventDetail::Explained { explanation }
        }
        Command::ApproveDisclosure(input) => {
            let names_unit = complaint
                .accusation
                .as_ref()
                .is_some_and(|a| a.accused_unit.is_some());
            if !names_unit || complaint.disclosure_approval.is_some() {
                return Err(Rejection::ApprovalNotNeeded);
            }
            let approval = DisclosureApproval::parse(&input, actor, ctx.now)?;
            next.disclosure_approval = Some(approval.clone());
            EventDetail::DisclosureApproved { approval }
        }
        Command::Attach(attachment) => EventDetail::Attached { attachment },
        Command::AddEnclosure(input) => {
            let letter = next.letter.as_mut().ok_or(Rejection::NotALetter)?;
            let enclosure = letter.add_enclosure(&input)?.clone();
            EventDetail::EnclosureAdded { enclosure }
        }
        Command::RecordCustody(input) => {
            let letter = next.letter.as_mut().ok_or(Rejection::NotALetter)?;
            let enclosure = letter.record_custody(&input, actor, ctx.now)?;
            EventDetail::CustodyRecorded { enclosure }
        }
        Command::Excerpt(input) => {
            let letter = next.letter.as_mut().ok_or(Rejection::NotALetter)?;
            let excerpt = letter.excerpt(&input, ctx.staff, actor, ctx.now)?;
            EventDetail::Excerpted { excerpt }
        }
        Command::IssueCode => EventDetail::CodeIssued,
        Command::MarkSpecial { kind, reason } => {
            let mark = SpecialMark::parse(
                kind.as_deref(),
                reason.as_deref(),
                &complaint.special,
                actor,
                ctx.now,
            )?;
            next.special.push(mark.clone());
            EventDetail::SpecialMarked { mark }
        }
        Command::Merge { target, reason: r } => {
            reason = Some(REASON.required(r.as_deref())?);
            let link = link_to(complaint, target, ctx)?;
            next.merged_into = Some(link.clone());
            next.state = State::Merged;
            EventDetail::Merged { link }
        }
        Command::LinkRepeat { target } => {
            if complaint.repeat_of.is_some() {
                return Err(Rejection::AlreadyLinked);
            }
            let link = link_to(complaint, target, ctx)?;
            next.repeat_of = Some(link.clone());
            // R20: a repeat is special.
            let mark = (!complaint
                .special
                .iter()
                .any(|m| m.kind == SpecialKind::Repeat))
            .then(|| SpecialMark {
                kind: SpecialKind::Repeat,
                reason: format!("重复投诉：与 {} 反映同一事项", link.original_number),
                by: actor.id,
                by_name: actor.name.clone(),
                at: ctx.now,
            });
            next.special.extend(mark.clone());
            EventDetail::RepeatLinked { link, mark }
        }
        Command::Refer(input) => EventDetail::Referred {
            referral: next.handling.refer(&input, actor, ctx.now)?,
        },
        Command::RecordReferralReply(input) => EventDetail::ReferralAnswered {
            referral: next.handling.record_reply(&input, actor, ctx.now)?,
        },
        Command::Supervise(input) => EventDetail::Supervised {
            supervision: next.handling.supervise(complaint, &input, actor, ctx.now)?,
        },
        Command::RespondSupervision(input) => EventDetail::SupervisionAnswered {
            supervision: next.handling.respond(&input, actor, ctx.now)?,
        },
        Command::StudyJointly(input) => EventDetail::StudiedJointly {
            study: next.handling.study(&input, ctx.units, actor, ctx.now)?,
        },
        Command::Cooperate(input) => EventDetail::Cooperating {
            cooperation: next.handling.cooperate(&input, ctx.staff, actor, ctx.now)?,
        },
        Command::FileReport { text } => EventDetail::ReportFiled {
            report: next
                .handling
                .file_report(complaint, text.as_deref(), actor, ctx.now)?,
        },
        Command::RaiseNotice { level, summary } => EventDetail::NoticeRaised {
            notice: Notice::parse(level.as_deref(), summary.as_deref(), actor, ctx.now)?,
        },
        Command::Instruct { text } => {
            let letter = next.letter.as_mut().ok_or(Rejection::NotALetter)?;
            let instruction = letter.instruct(text.as_deref(), actor, ctx.now)?;
            EventDetail::Instructed { instruction }
        }
    };
    debug_assert!(
        targets.contains(&next.state),
        "{action} led to {}",
        next.state
    );
    let event = NewEvent {
        action,
        from: Some(complaint.state),
        to: next.state,
        reason,
        detail,
    };
    Ok(Change {
        complaint: next,
        event,
    })
}

/// R20: a link from `complaint` to the earlier complaint `target` (found by the caller).
fn link_to(
    complaint: &Complaint,
    target: Option<LinkTarget>,
    ctx: Context<'_>,
) -> Result<RepeatLink, Rejection> {
    let target = target.ok_or(Rejection::InvalidField {
        field: "original",
        problem: FieldProblem::UnknownValue,
    })?;
    if target.id == complaint.id || target.registered_at >= complaint.registered_at {
        return Err(Rejection::RepeatLinkInvalid);
    }
    Ok(RepeatLink {
        original: target.id,
        original_number: target.number,
        by: ctx.actor.id,
        by_name: ctx.actor.name.clone(),
        at: ctx.now,
    })
}

/// The dispatch of a case that the workflow table says has one.
fn current_dispatch(
    next: &mut Complaint,
    state: State,
    action: Action,
) -> Result<&mut Dispatch, Rejection> {
    next.dispatch
        .as_mut()
        .ok_or(Rejection::TransitionNotAllowed { state, action })
}

/// R4: the opinion and decision; R6–R8, R16: the dispatch it makes.
fn parse_review(
    ctx: Context<'_>,
    complaint: &Complaint,
    input: &ReviewInput,
) -> Result<(LeaderReview, Dispatch), Rejection> {
    let opinion = TextRule::block("opinion", 2000).required(input.opinion.as_deref())?;
    let decision = Decision::parse(input.decision.as_deref().unwrap_or(""))?;
    let lead_id = input.lead_unit.ok_or(Rejection::InvalidField {
        field: "lead_unit",
        problem: FieldProblem::Missing,
    })?;
    let lead = ctx.units.require(lead_id, "lead_unit")?;
    let lead_fits = match decision {
        Decision::InHouse => lead.kind.is_inside_center(),
        Decision::Transfer => matches!(lead.kind, UnitKind::Department | UnitKind::External),
        Decision::Assign => matches!(lead.kind, UnitKind::Section | UnitKind::Department),
    };
    if !lead_fits {
        return Err(Rejection::LeadUnitWrongKind { decision });
    }
    // R7: accusation material does not go to the accused unit or below without approval.
    if complaint.is_shielded_from(lead_id, ctx.units) {
        return Err(Rejection::AccusedUnitShielded { field: "lead_unit" });
    }
    if input
        .co_units
        .iter()
        .any(|u| complaint.is_shielded_from(*u, ctx.units))
    {
        return Err(Rejection::AccusedUnitShielded { field: "co_units" });
    }
    let mut co_units = Vec::with_capacity(input.co_units.len());
    for id in &input.co_units {
        let unit = ctx.units.require(*id, "co_units")?;
        if *id == lead_id || co_units.contains(id) || unit.kind == UnitKind::HigherOrgan {
            return Err(Rejection::CoUnitInvalid);
        }
        co_units.push(*id);
    }
    if co_units.len() > 10 {
        return Err(Rejection::InvalidField {
            field: "co_units",
            problem: FieldProblem::TooLong { max: 10 },
        });
    }
    let instruction =
        TextRule::block("instruction", 2000).optional(input.instruction.as_deref())?;
    let start = crate::complaint::beijing_date(ctx.now);
    let deadline = ctx.policy.choose(
        ctx.calendar,
        &input.deadline,
        decision,
        complaint.channel,
        start,
    )?;
    // R8, R11: a formal assignment owes a report back unless the leader says otherwise.
    let report_back = input.report_back.unwrap_or(decision == Decision::Assign);
    let report_back_due = report_back.then(|| ctx.policy.report_back.due(ctx.calendar, start));
    let actor = ctx.actor;
    let review = LeaderReview {
        leader: actor.id,
        leader_name: actor.name.clone(),
        opinion,
        decision,
        at: ctx.now,
    };
    let dispatch = Dispatch {
        kind: decision,
        lead_unit: lead_id,
        co_units,
        instruction,
        report_back,
        assigning_unit: actor.unit,
        deadline,
        report_back_due,
        extensions: Vec::new(),
        explanations: Vec::new(),
        dispatched_by: actor.id,
        at: ctx.now,
    };
    Ok((review, dispatch))
}

/// R12: the closure materials; R13(5) needs to know whether the complainant was met.
fn parse_result(ctx: Context<'_>, input: &ResultInput) -> Result<ClosureMaterials, Rejection> {
    Ok(ClosureMaterials {
        findings: TextRule::block("findings", 5000).required(input.findings.as_deref())?,
        handling: TextRule::block("handling", 5000).required(input.handling.as_deref())?,
        complainant_met: input.complainant_met.ok_or(Rejection::InvalidField {
            field: "complainant_met",
            problem: FieldProblem::Missing,
        })?,
        reply: TextRule::block("reply", 5000).required(input.reply.as_deref())?,
        unit: ctx.actor.unit,
        submitted_by: ctx.actor.id,
        at: ctx.now,
    })
}

fn diff(before: &Complaint, after: &Registration) -> Vec<FieldChange> {
    let b = &before.complainant;
    let a = &after.complainant;
    let pairs: [(&'static str, Option<&str>, Option<&str>); 11] = [
        (
            "channel",
            Some(before.channel.as_str()),
            Some(after.channel.as_str()),
        ),
        (
            "category",
            Some(before.category.as_str()),
            Some(after.category.as_str()),
        ),
        ("title", Some(&before.title), Some(&after.title)),
        ("complainant.name", Some(&b.name), Some(&a.name)),
        (
            "complainant.work_unit",
            b.work_unit.as_deref(),
            a.work_unit.as_deref(),
        ),
        (
            "complainant.occupation",
            b.occupation.as_deref(),
            a.occupation.as_deref(),
        ),
        (
            "complainant.address",
            b.address.as_deref(),
            a.address.as_deref(),
        ),
        ("complainant.phone", b.phone.as_deref(), a.phone.as_deref()),
        (
            "complainant.id_number",
            b.id_number.as_deref(),
            a.id_number.as_deref(),
        ),
        ("problem", Some(&before.problem), Some(&after.problem)),
        ("demands", Some(&before.demands), Some(&after.demands)),
    ];
    pairs
        .into_iter()
        .filter(|(_, x, y)| x != y)
        .map(|(field, x, y)| FieldChange {
            field,
            before: x.map(str::to_owned),
            after: y.map(str::to_owned),
        })
        .collect()
}
