//! The case page: everything the reader may see of one complaint, its timeline, and an action
//! panel offering exactly the actions the core allows this reader now. Every action posts here
//! and is checked again by the core; a refused form comes back open, with its values and error.

use super::forms::{FormData, FormError};
use super::lists::UnitNames;
use super::register::{FORM_FIELDS, registration_input};
use super::{Chrome, PageError, Posted, StaffPage, render, render_with, status_of};
use crate::AppState;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, Query, State as AxState};
use axum::response::{IntoResponse, Redirect, Response};
use huixiang_domain::calendar::deadline::{DeadlineInput, DeadlineRule, PeriodUnit};
use huixiang_domain::decide::{Command, ResultInput, ReviewInput};
use huixiang_domain::handling::{
    CooperationInput, ReferralInput, ReplyInput, ResponseInput, StudyInput, SupervisionInput,
};
use huixiang_domain::notice::NoticeLevel;
use huixiang_domain::{
    Action, ApprovalInput, Category, Channel, ComplaintId, Criterion, Custody, CustodyInput,
    Decision, EnclosureInput, EnclosureKind, ExcerptInput, ExcerptReason, FieldProblem, Rejection,
    Role, Unit, UnitId, UnitKind, UserId, VerdictInput,
};
use huixiang_service::{CaseView, DeadlinePreview, EventRecord, ReminderSlip, ServiceError};
use serde::Deserialize;

/// One step of the case's history as shown.
#[derive(Clone, Debug)]
pub struct TimelineEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub reason: Option<String>,
    /// The words the step recorded: an opinion, a progress note, a reply, a dossier number.
    pub note: Option<String>,
}

impl TimelineEntry {
    pub fn new(e: &EventRecord, t: Tr) -> Self {
        let state = |code: &str| {
            huixiang_domain::State::parse(code)
                .map(|s| t.label(s).to_owned())
                .unwrap_or_else(|_| code.to_owned())
        };
        // A reply or an answer is shown rather than what it answers.
        let answer = match e.action.as_str() {
            "record_referral_reply" => e.detail.pointer("/referral/reply/text"),
            "respond_supervision" => e
                .detail
                .pointer("/supervision/responses")
                .and_then(|r| r.as_array())
                .and_then(|r| r.last())
                .and_then(|r| r.get("text")),
            _ => None,
        };
        let note = answer
            .and_then(|v| v.as_str())
            .or_else(|| {
                [
                    "/note",
                    "/review/opinion",
                    "/materials/handling",
                    "/explanation/text",
                    "/extension/reason",
                    "/archive/archive_number",
                    "/referral/matter",
                    "/supervision/instructions",
                    "/study/conclusion",
                    "/cooperation/task",
                    "/notice/summary",
                ]
                .iter()
                .find_map(|p| e.detail.pointer(p).and_then(|v| v.as_str()))
            })
            .map(str::to_owned)
            .or_else(|| failed_criteria(e, t));
        TimelineEntry {
            at: t.at(e.at),
            actor: e.actor_name.clone(),
            action: Action::parse(&e.action)
                .map(|a| t.label(a).to_owned())
                .unwrap_or_else(|_| e.action.clone()),
            from: e.from_state.as_deref().map(state).unwrap_or_default(),
            to: state(&e.to_state),
            reason: e.reason.clone(),
            note,
        }
    }
}

/// R13: the criteria a closure review failed, with the reviewer's reasons.
fn failed_criteria(e: &EventRecord, t: Tr) -> Option<String> {
    let verdicts = e.detail.pointer("/review/verdicts")?.as_array()?;
    let failed: Vec<String> = verdicts
        .iter()
        .filter(|v| v.get("passed").and_then(|p| p.as_bool()) == Some(false))
        .map(|v| {
            let code = v.get("criterion").and_then(|c| c.as_str()).unwrap_or("");
            let label = Criterion::parse(code).map_or(code, |c| t.label(c));
            let comment = v.get("comment").and_then(|c| c.as_str()).unwrap_or("");
            format!("{label}：{comment}")
        })
        .collect();
    if failed.is_empty() {
        None
    } else {
        Some(format!(
            "{}（{}）",
            t.get("closure.fail"),
            failed.join("；")
        ))
    }
}

/// Which action forms the panel shows: exactly the core's allowed actions.
#[derive(Clone, Debug, Default)]
pub struct Panel {
    pub actions: Vec<Action>,
    /// The action whose form is open, if any.
    pub open: String,
}

impl Panel {
    pub fn is_open(&self, code: &str) -> bool {
        self.open == code
    }

    pub fn offers(&self, code: &str) -> bool {
        self.actions.iter().any(|a| a.as_str() == code)
    }

    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
}

#[derive(Template)]
#[template(path = "case.html")]
pub struct CasePage {
    pub t: Tr,
    pub chrome: Chrome,
    pub v: CaseView,
    pub units: UnitNames,
    /// The units a case may be dispatched to (all but the center itself).
    pub dispatch_units: Vec<Unit>,
    /// R7, R17: where an accusation goes by default (shown to the reviewing leader).
    pub default_target: Option<String>,
    /// R7: who read this accusation case (for the office and leaders).
    pub reads: Vec<huixiang_service::CaseRead>,
    /// The accused member of staff, by name.
    pub accused_staff_name: Option<String>,
    /// Where the panel's forms post: `/complaints/{id}/actions/`.
    pub base: String,
    /// The actions whose form is a reason alone.
    pub reason_actions: &'static [&'static str],
    pub timeline: Vec<TimelineEntry>,
    pub progress: Vec<TimelineEntry>,
    pub reminders: Vec<ReminderSlip>,
    pub panel: Panel,
    /// The action whose form is open (after a refusal or a preview).
    pub open: String,
    pub form: FormData,
    pub error: Option<FormError>,
    pub preview: Option<DeadlinePreview>,
    pub banner: Option<String>,
    /// A refusal that concerns no input of the open form, shown above it.
    pub general_error: Option<String>,
    /// A refusal of an action the panel does not offer (any more), shown atop the page.
    pub page_error: Option<String>,
    pub rules: &'static [DeadlineRule],
    pub period_units: &'static [PeriodUnit],
    pub decisions: &'static [Decision],
    pub criteria: &'static [Criterion],
    pub channels: &'static [Channel],
    pub categories: &'static [Category],
    /// R15: the leaders a letter may be excerpted for.
    pub leaders: Vec<huixiang_service::UserView>,
    pub enclosure_kinds: &'static [EnclosureKind],
    /// R18: the custody steps one can record (all but the first).
    pub custody_steps: &'static [Custody],
    pub excerpt_reasons: &'static [ExcerptReason],
    pub special_kinds: &'static [huixiang_domain::SpecialKind],
    /// R2: a query code just issued, shown this once.
    pub issued_code: Option<String>,
    /// R25: the staff who may be sent to a case others lead.
    pub people: Vec<huixiang_service::UserView>,
    pub notice_levels: &'static [NoticeLevel],
}

#[derive(Deserialize, Default)]
pub struct CaseParams {
    registered: Option<String>,
    done: Option<String>,
}

pub(super) fn case_id(raw: &str) -> Result<ComplaintId, PageError> {
    raw.parse()
        .map(ComplaintId)
        .map_err(|_| Rejection::ComplaintNotFound.into())
}

/// Loads everything the case page shows. A case the reader may not see is "not found".
pub(super) async fn case_page_for(
    state: &AppState,
    page: &StaffPage,
    id: ComplaintId,
    view: &str,
) -> Result<CasePage, PageError> {
    let service = &state.service;
    let v = service.complaint_view(&page.actor, id, view).await?;
    let events = service.events(&page.actor, id).await?;
    let (units, unit_list) = UnitNames::load(service, &page.actor).await?;
    let t = page.t;
    let timeline: Vec<TimelineEntry> = events.iter().map(|e| TimelineEntry::new(e, t)).collect();
    let progress = events
        .iter()
        .filter(|e| e.action == Action::RecordProgress.as_str())
        .map(|e| TimelineEntry::new(e, t))
        .collect();
    let mut form = FormData::default();
    prefill(&mut form, &v);
    let accusation = v.complaint.accusation.clone();
    let default_target = accusation.as_ref().and_then(|a| {
        let tree = huixiang_domain::Units::new(unit_list.iter().cloned());
        huixiang_domain::accusation::default_target(a, &tree).map(|target| {
            let unit = units.name(target.unit);
            match target.leader {
                Some(leader) => format!("{unit}（{leader}）"),
                None => unit,
            }
        })
    });
    let reads = if accusation.is_some() && huixiang_domain::access::may_see_reads(&page.actor) {
        service.case_reads(&page.actor, id).await?
    } else {
        Vec::new()
    };
    let staff = service
        .staff_directory(&page.actor)
        .await
        .unwrap_or_default();
    let accused_staff_name = accusation
        .as_ref()
        .and_then(|a| a.accused_user)
        .and_then(|user| staff.iter().find(|u| u.id == user))
        .map(|u| u.display_name.clone());
    let leaders = staff
        .iter()
        .filter(|u| u.active && (u.role.is_leader() || u.role == huixiang_domain::Role::Overseer))
        .cloned()
        .collect();
    let people = if v.allowed_actions.contains(&Action::Cooperate) {
        staff
            .into_iter()
            .filter(|u| u.active && !matches!(u.role, Role::Admin | Role::Portal))
            .collect()
    } else {
        Vec::new()
    };
    // R22: the written report starts from a draft composed from the case record.
    if v.allowed_actions.contains(&Action::FileReport) {
        form.set("report", service.report_draft(&page.actor, id).await?);
    }
    Ok(CasePage {
        t,
        chrome: Chrome::new(page, ""),
        panel: Panel {
            actions: v.allowed_actions.clone(),
            open: String::new(),
        },
        reminders: v.reminders.clone(),
        v,
        units,
        dispatch_units: unit_list
            .into_iter()
            .filter(|u| u.kind != UnitKind::Center)
            .collect(),
        base: format!("/complaints/{}/actions/", id.0),
        default_target,
        reads,
        accused_staff_name,
        reason_actions: &["not_accept", "object", "withdraw"],
        timeline,
        progress,
        open: String::new(),
        form,
        error: None,
        preview: None,
        banner: None,
        general_error: None,
        page_error: None,
        rules: DeadlineRule::ALL,
        period_units: PeriodUnit::ALL,
        decisions: Decision::ALL,
        criteria: Criterion::ALL,
        channels: Channel::ALL,
        categories: Category::ALL,
        leaders,
        enclosure_kinds: EnclosureKind::ALL,
        custody_steps: &[Custody::Held, Custody::Returned, Custody::Exception],
        excerpt_reasons: ExcerptReason::ALL,
        special_kinds: huixiang_domain::SpecialKind::ALL,
        issued_code: None,
        people,
        notice_levels: NoticeLevel::ALL,
    })
}

/// The edit form starts from the registered details.
fn prefill(form: &mut FormData, v: &CaseView) {
    let c = &v.complaint;
    let p = &c.complainant;
    let given = |o: &Option<String>| o.clone().unwrap_or_default();
    form.set("channel", c.channel.as_str());
    form.set("category", c.category.as_str());
    form.set("title", c.title.clone());
    form.set("complainant.name", p.name.clone());
    form.set("complainant.work_unit", given(&p.work_unit));
    form.set("complainant.occupation", given(&p.occupation));
    form.set("complainant.address", given(&p.address));
    form.set("complainant.phone", given(&p.phone));
    form.set("complainant.id_number", given(&p.id_number));
    form.set("problem", c.problem.clone());
    form.set("demands", c.demands.clone());
}

pub async fn case_page(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    Query(params): Query<CaseParams>,
    page: StaffPage,
) -> Result<Response, PageError> {
    let id = case_id(&raw)?;
    let mut p = case_page_for(&state, &page, id, "case_page").await?;
    let t = page.t;
    if params.registered.is_some() {
        let number = p.v.complaint.number.to_string();
        p.banner = Some(t.fmt("register.saved", "number", number));
    } else if let Some(done) = params.done.as_deref().and_then(|d| Action::parse(d).ok()) {
        p.banner = Some(t.fmt("case.done", "action", t.label(done)));
    }
    render(&p)
}

/// One action from the panel. Success goes back to the case page (post/redirect/get); a
/// refusal shows the page again with the form open, the values kept and the error beside them.
pub async fn action_submit(
    AxState(state): AxState<AppState>,
    Path((raw, action)): Path<(String, String)>,
    Posted { page, form, files }: Posted,
) -> Result<Response, PageError> {
    let id = case_id(&raw)?;
    let action = Action::parse(&action).map_err(|_| Rejection::RouteNotFound)?;
    let service = &state.service;
    let actor = &page.actor;
    let done = |extra: &str| {
        let to = format!("/complaints/{}?done={}{extra}", id.0, action.as_str());
        Ok(Redirect::to(&to).into_response())
    };
    let outcome: Result<(), ServiceError> = match action {
        Action::Review if form.get("step").as_deref() == Some("preview") => {
            let preview = preview_for(&state, &page, id, &form).await;
            return match preview {
                Ok(preview) => {
                    show_again(&state, page, id, action, form, None, Some(preview)).await
                }
                Err(ServiceError::Rejected(r)) => {
                    show_again(&state, page, id, action, form, Some(r), None).await
                }
                Err(e) => Err(e.into()),
            };
        }
        Action::Archive => service.archive(actor, id).await.map(|_| ()),
        Action::Chase => match service.chase(actor, id).await {
            Ok(slip) => return done(&format!("#slip-{}", slip.seq)),
            Err(e) => Err(e),
        },
        Action::Register => return Err(Rejection::RouteNotFound.into()),
        // R2: the code is shown once, on this answer, and never put in an address.
        Action::IssueCode => match service.issue_query_code(actor, id).await {
            Ok(receipt) => {
                let mut p = case_page_for(&state, &page, id, "case_page").await?;
                let code = receipt.code.display();
                p.issued_code = Some(code);
                return render(&p);
            }
            Err(e) => Err(e),
        },
        Action::LinkRepeat => service
            .link_repeat(actor, id, form.get("original").as_deref())
            .await
            .map(|_| ()),
        Action::Merge => service
            .merge_duplicate(
                actor,
                id,
                form.get("original").as_deref(),
                form.get("reason"),
            )
            .await
            .map(|_| ()),
        // One file per post: each is a step of the history, kept or refused whole.
        Action::Attach => match files.into_iter().next() {
            Some(upload) => service.attach(actor, id, upload).await.map(|_| ()),
            None => Err(Rejection::InvalidField {
                field: "file",
                problem: FieldProblem::Missing,
            }
            .into()),
        },
        _ => match command(action, &form) {
            Ok(command) => service.act(actor, id, command).await.map(|_| ()),
            Err(r) => Err(r.into()),
        },
    };
    match outcome {
        Ok(()) => done(""),
        Err(ServiceError::Rejected(r)) if r.kind() != huixiang_domain::RejectionKind::NotFound => {
            show_again(&state, page, id, action, form, Some(r), None).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn show_again(
    state: &AppState,
    page: StaffPage,
    id: ComplaintId,
    action: Action,
    form: FormData,
    rejection: Option<Rejection>,
    preview: Option<DeadlinePreview>,
) -> Result<Response, PageError> {
    let mut p = case_page_for(state, &page, id, "case_page").await?;
    p.open = action.as_str().to_owned();
    p.panel.open = p.open.clone();
    // Keep what was typed over the prefilled values.
    for (k, v) in form.0 {
        p.form.set(&k, v);
    }
    p.preview = preview;
    match rejection {
        Some(r) => {
            let error = FormError::new(&r, page.t.0);
            let inline = inline_fields(action);
            if !p.panel.offers(action.as_str()) {
                // Someone else moved the case on, or the action was never the reader's.
                p.page_error = Some(error.message.clone());
            } else if error.is_general(inline) {
                p.general_error = Some(error.message.clone());
            }
            p.error = Some(error);
            render_with(status_of(r.kind()), &p)
        }
        None => render(&p),
    }
}

async fn preview_for(
    state: &AppState,
    page: &StaffPage,
    id: ComplaintId,
    form: &FormData,
) -> Result<DeadlinePreview, ServiceError> {
    let v = state.service.complaint(&page.actor, id).await?;
    state
        .service
        .preview_deadline(
            &page.actor,
            deadline_input(form)?,
            form.get("decision"),
            Some(v.complaint.channel.as_str().to_owned()),
        )
        .await
}

#[derive(Template)]
#[template(path = "deadline_preview_partial.html")]
struct PreviewFragment {
    t: Tr,
    preview: Option<DeadlinePreview>,
    error: Option<FormError>,
}

/// htmx fragment: the due date a review would set, shown before the leader confirms.
pub async fn review_preview_partial(
    AxState(state): AxState<AppState>,
    Path(raw): Path<String>,
    Posted { page, form, .. }: Posted,
) -> Result<Response, PageError> {
    let id = case_id(&raw)?;
    let t = page.t;
    if form.get("deadline_rule").is_none() && form.get("time_limit_count").is_none() {
        // Nothing chosen yet (the form changed elsewhere): no date and no complaint either.
        return render(&PreviewFragment {
            t,
            preview: None,
            error: None,
        });
    }
    let (preview, error) = match preview_for(&state, &page, id, &form).await {
        Ok(p) => (Some(p), None),
        Err(ServiceError::Rejected(r)) => (None, Some(FormError::new(&r, t.0))),
        Err(e) => return Err(e.into()),
    };
    render(&PreviewFragment { t, preview, error })
}

/// The inputs of each action's form that show their own errors.
fn inline_fields(action: Action) -> &'static [&'static str] {
    match action {
        Action::Review => &[
            "opinion",
            "decision",
            "lead_unit",
            "co_units",
            "instruction",
            "deadline_rule",
            "time_limit",
        ],
        Action::NotAccept | Action::Object | Action::Withdraw => &["reason"],
        Action::RecordProgress => &["note"],
        Action::SubmitResult => &["findings", "handling", "complainant_met", "reply"],
        Action::ReviewClosure => &[
            "facts_clear",
            "characterization_accurate",
            "handling_compliant",
            "procedures_complete",
            "complainant_met",
            "persuasion_assigned",
        ],
        Action::Edit => FORM_FIELDS,
        Action::RequestExtension => &["new_due", "reason"],
        Action::DecideExtension => &["approve", "note"],
        Action::Explain => &["text"],
        Action::ApproveDisclosure => &["approver", "document"],
        Action::Attach => &["file"],
        Action::AddEnclosure => &[
            "enclosure.kind",
            "enclosure.amount",
            "enclosure.currency",
            "enclosure.doc_kind",
            "enclosure.doc_number",
            "enclosure.description",
        ],
        Action::RecordCustody => &["item", "step", "mail_number", "date", "why"],
        Action::Excerpt => &["excerpt.reason", "excerpt.text", "leaders"],
        Action::Instruct => &["instruction"],
        Action::IssueCode => &[],
        Action::MarkSpecial => &["special.kind", "reason"],
        Action::LinkRepeat => &["original"],
        Action::Merge => &["original", "reason"],
        Action::Refer => &["department", "matter", "sent_on"],
        Action::RecordReferralReply => &["no", "reply", "replied_on"],
        Action::Supervise => &["instructions", "due"],
        Action::RespondSupervision => &["no", "response"],
        Action::StudyJointly => &["held_on", "units", "participants", "conclusion"],
        Action::Cooperate => &["lead_body", "task", "people", "starts_on"],
        Action::FileReport => &["report"],
        Action::RaiseNotice => &["level", "summary"],
        Action::Register | Action::Archive | Action::Chase | Action::Acknowledge => &[],
    }
}

/// The number of the record a form answers (a referral, a supervision).
fn record_no(form: &FormData) -> Result<Option<usize>, Rejection> {
    form.get("no")
        .map(|n| n.trim().parse().map_err(|_| bad("no")))
        .transpose()
}

fn bad(field: &'static str) -> Rejection {
    Rejection::InvalidField {
        field,
        problem: FieldProblem::BadFormat,
    }
}

fn deadline_input(form: &FormData) -> Result<DeadlineInput, Rejection> {
    Ok(DeadlineInput {
        rule: form.get("deadline_rule"),
        time_limit_count: form
            .get("time_limit_count")
            .map(|n| n.trim().parse().map_err(|_| bad("time_limit")))
            .transpose()?,
        time_limit_unit: form.get("time_limit_unit"),
    })
}

/// The core's command for `action` from the posted form.
fn command(action: Action, form: &FormData) -> Result<Command, Rejection> {
    let reason = || form.get("reason");
    Ok(match action {
        Action::Review => Command::Review(ReviewInput {
            opinion: form.get("opinion"),
            decision: form.get("decision"),
            lead_unit: form.id("lead_unit")?.map(UnitId),
            co_units: form.ids("co_units")?.into_iter().map(UnitId).collect(),
            instruction: form.get("instruction"),
            report_back: Some(form.has("report_back", "true")),
            deadline: deadline_input(form)?,
        }),
        Action::NotAccept => Command::NotAccept { reason: reason() },
        Action::Acknowledge => Command::Acknowledge,
        Action::Object => Command::Object { reason: reason() },
        Action::RecordProgress => Command::RecordProgress {
            note: form.get("note"),
        },
        Action::SubmitResult => Command::SubmitResult(ResultInput {
            findings: form.get("findings"),
            handling: form.get("handling"),
            complainant_met: form.flag("complainant_met"),
            reply: form.get("reply"),
        }),
        Action::ReviewClosure => Command::ReviewClosure(
            Criterion::ALL
                .iter()
                .map(|c| VerdictInput {
                    criterion: Some(c.as_str().to_owned()),
                    passed: form.get(&format!("verdict.{c}")).map(|v| v == "pass"),
                    comment: form.get(&format!("comment.{c}")),
                })
                .collect(),
        ),
        Action::Withdraw => Command::Withdraw { reason: reason() },
        Action::Edit => Command::Edit {
            form: Box::new(registration_input(form)?),
            reason: reason(),
        },
        Action::RequestExtension => Command::RequestExtension {
            new_due: form.get("new_due"),
            reason: reason(),
        },
        Action::DecideExtension => Command::DecideExtension {
            approve: form.flag("approve"),
            note: form.get("note"),
        },
        Action::Explain => Command::Explain {
            text: form.get("text"),
        },
        Action::ApproveDisclosure => Command::ApproveDisclosure(ApprovalInput {
            approver: form.get("approver"),
            document: form.get("document"),
        }),
        Action::AddEnclosure => Command::AddEnclosure(EnclosureInput {
            kind: form.get("enclosure.kind"),
            amount: form.get("enclosure.amount"),
            currency: form.get("enclosure.currency"),
            doc_kind: form.get("enclosure.doc_kind"),
            doc_number: form.get("enclosure.doc_number"),
            description: form.get("enclosure.description"),
        }),
        Action::RecordCustody => Command::RecordCustody(CustodyInput {
            item: form.get("item"),
            step: form.get("step"),
            mail_number: form.get("mail_number"),
            date: form.get("date"),
            why: form.get("why"),
        }),
        Action::Excerpt => Command::Excerpt(ExcerptInput {
            reason: form.get("excerpt.reason"),
            text: form.get("excerpt.text"),
            leaders: form.ids("leaders")?.into_iter().map(UserId).collect(),
        }),
        Action::Instruct => Command::Instruct {
            text: form.get("instruction"),
        },
        Action::MarkSpecial => Command::MarkSpecial {
            kind: form.get("special.kind"),
            reason: form.get("reason"),
        },
        Action::Refer => Command::Refer(ReferralInput {
            department: form.get("department"),
            matter: form.get("matter"),
            sent_on: form.get("sent_on"),
        }),
        Action::RecordReferralReply => Command::RecordReferralReply(ReplyInput {
            no: record_no(form)?,
            text: form.get("reply"),
            replied_on: form.get("replied_on"),
        }),
        Action::Supervise => Command::Supervise(SupervisionInput {
            instructions: form.get("instructions"),
            due: form.get("due"),
        }),
        Action::RespondSupervision => Command::RespondSupervision(ResponseInput {
            no: record_no(form)?,
            text: form.get("response"),
        }),
        Action::StudyJointly => Command::StudyJointly(StudyInput {
            held_on: form.get("held_on"),
            participants: form.get("participants"),
            units: form.ids("units")?.into_iter().map(UnitId).collect(),
            conclusion: form.get("conclusion"),
        }),
        Action::Cooperate => Command::Cooperate(CooperationInput {
            lead_body: form.get("lead_body"),
            task: form.get("task"),
            people: form.ids("people")?.into_iter().map(UserId).collect(),
            starts_on: form.get("starts_on"),
        }),
        Action::FileReport => Command::FileReport {
            text: form.get("report"),
        },
        Action::RaiseNotice => Command::RaiseNotice {
            level: form.get("level"),
            summary: form.get("summary"),
        },
        Action::Register
        | Action::Archive
        | Action::Chase
        | Action::Attach
        | Action::IssueCode
        | Action::LinkRepeat
        | Action::Merge => {
            return Err(Rejection::RouteNotFound);
        }
    })
}
