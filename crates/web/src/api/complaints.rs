//! Registering, reading and listing complaints, and every workflow step (one POST each).

use super::dto::*;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, CaseId, Query, ReqLang, Staff};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use huixiang_domain::calendar::deadline::DeadlineInput;
use huixiang_domain::decide::{Command, ResultInput, ReviewInput};
use huixiang_domain::{Actor, ComplaintId, Lang, UnitId, VerdictInput};

type CaseResult = Result<Json<ComplaintDto>, ApiError>;

pub(super) async fn act_on(
    state: &AppState,
    actor: &Actor,
    id: ComplaintId,
    command: Command,
    lang: Lang,
) -> CaseResult {
    let view = state.service.act(actor, id, command).await?;
    Ok(Json(ComplaintDto::new(view, lang)))
}

/// R1, R3: registers a complaint from its handling form and gives it a number.
#[utoipa::path(post, path = "/complaints", tag = "complaints", security(("bearer" = [])),
    request_body = RegisterRequest,
    responses((status = 201, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    Body(req): Body<RegisterRequest>,
) -> Result<(StatusCode, Json<ComplaintDto>), ApiError> {
    let view = state.service.register(&actor, req.into()).await?;
    Ok((StatusCode::CREATED, Json(ComplaintDto::new(view, lang))))
}

/// R20: earlier complaints (12 months) that may be the same matter as the handling form being
/// typed: same phone, same name and address, or similar text. Nothing is registered.
#[utoipa::path(post, path = "/complaints/repeat-suggestions", tag = "complaints", security(("bearer" = [])),
    request_body = RegisterRequest,
    responses((status = 200, body = Vec<RepeatSuggestionDto>), (status = 403, body = ErrorBody)))]
pub async fn repeat_suggestions(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    Body(req): Body<RegisterRequest>,
) -> Result<Json<Vec<RepeatSuggestionDto>>, ApiError> {
    let found = state
        .service
        .repeat_suggestions(&actor, &req.into())
        .await?;
    Ok(Json(
        found
            .into_iter()
            .map(|s| RepeatSuggestionDto::new(s, lang))
            .collect(),
    ))
}

/// R5: the ledger — complaints the caller may see, newest first.
#[utoipa::path(get, path = "/complaints", tag = "complaints", security(("bearer" = [])),
    params(ListParams),
    responses((status = 200, body = ComplaintListDto), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    Query(params): Query<ListParams>,
) -> Result<Json<ComplaintListDto>, ApiError> {
    let found = state
        .service
        .complaints(&actor, params.into_query())
        .await?;
    Ok(Json(ComplaintListDto {
        items: found
            .items
            .iter()
            .map(|c| ComplaintLine::new(c, lang))
            .collect(),
        total: found.total,
        total_capped: found.capped,
        page: found.page,
        per_page: found.per_page,
    }))
}

/// Chinese full-text search over title, problem, demands, progress notes and results, with the
/// ledger's filters; only cases the caller may see are found or counted.
#[utoipa::path(get, path = "/search", tag = "complaints", security(("bearer" = [])),
    params(SearchWords, ListParams),
    responses((status = 200, body = SearchResultsDto), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    Query(words): Query<SearchWords>,
    Query(params): Query<ListParams>,
) -> Result<Json<SearchResultsDto>, ApiError> {
    let found = state
        .service
        .search(&actor, words.q.as_deref(), params.into_query())
        .await?;
    Ok(Json(SearchResultsDto {
        items: found
            .hits
            .into_iter()
            .map(|h| SearchHitDto::new(h, lang))
            .collect(),
        total: found.total,
        total_capped: found.capped,
        page: found.page,
        per_page: found.per_page,
    }))
}

/// One complaint with everything recorded on it and the caller's allowed actions.
#[utoipa::path(get, path = "/complaints/{id}", tag = "complaints", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ComplaintDto), (status = 404, body = ErrorBody)))]
pub async fn read(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
) -> CaseResult {
    let view = state.service.complaint(&actor, id).await?;
    Ok(Json(ComplaintDto::new(view, lang)))
}

/// The full history of a complaint, oldest first.
#[utoipa::path(get, path = "/complaints/{id}/events", tag = "complaints", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<EventDto>), (status = 404, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    Staff(actor): Staff,
    CaseId(id): CaseId,
) -> Result<Json<Vec<EventDto>>, ApiError> {
    let events = state.service.events(&actor, id).await?;
    Ok(Json(events.into_iter().map(EventDto::from).collect()))
}

/// R4–R8: the leader's review with the initial opinion, dispatching the case.
#[utoipa::path(post, path = "/complaints/{id}/review", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ReviewRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn review(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ReviewRequest>,
) -> CaseResult {
    let input = ReviewInput {
        opinion: r.opinion,
        decision: r.decision,
        lead_unit: r.lead_unit.map(UnitId),
        co_units: r.co_units.into_iter().map(UnitId).collect(),
        instruction: r.instruction,
        report_back: r.report_back,
        deadline: DeadlineInput {
            rule: r.deadline_rule,
            time_limit_count: r.time_limit_count,
            time_limit_unit: r.time_limit_unit,
        },
    };
    act_on(&state, &actor, id, Command::Review(input), lang).await
}

/// The leader declines to accept the complaint, with the reason.
#[utoipa::path(post, path = "/complaints/{id}/not-accept", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ReasonRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn not_accept(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ReasonRequest>,
) -> CaseResult {
    act_on(
        &state,
        &actor,
        id,
        Command::NotAccept { reason: r.reason },
        lang,
    )
    .await
}

/// The lead unit acknowledges receipt (签收), or takes a returned case up again.
#[utoipa::path(post, path = "/complaints/{id}/acknowledge", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ComplaintDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
) -> CaseResult {
    act_on(&state, &actor, id, Command::Acknowledge, lang).await
}

/// The lead unit objects that the case is outside its remit; it goes back to the leader.
#[utoipa::path(post, path = "/complaints/{id}/object", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ReasonRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn object(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ReasonRequest>,
) -> CaseResult {
    act_on(
        &state,
        &actor,
        id,
        Command::Object { reason: r.reason },
        lang,
    )
    .await
}

/// A lead or co-handling unit records progress (办理情况).
#[utoipa::path(post, path = "/complaints/{id}/progress", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ProgressRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn progress(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ProgressRequest>,
) -> CaseResult {
    act_on(
        &state,
        &actor,
        id,
        Command::RecordProgress { note: r.note },
        lang,
    )
    .await
}

/// R12: the lead unit submits the closure materials.
#[utoipa::path(post, path = "/complaints/{id}/result", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ResultRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn submit_result(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ResultRequest>,
) -> CaseResult {
    let input = ResultInput {
        findings: r.findings,
        handling: r.handling,
        complainant_met: r.complainant_met,
        reply: r.reply,
    };
    act_on(&state, &actor, id, Command::SubmitResult(input), lang).await
}

/// R13: the six-point closure review; any failed criterion returns the case to the unit.
#[utoipa::path(post, path = "/complaints/{id}/closure-review", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ClosureReviewRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn closure_review(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ClosureReviewRequest>,
) -> CaseResult {
    let verdicts = r
        .criteria
        .into_iter()
        .map(|v| VerdictInput {
            criterion: v.criterion,
            passed: v.passed,
            comment: v.comment,
        })
        .collect();
    act_on(&state, &actor, id, Command::ReviewClosure(verdicts), lang).await
}

/// R14: binds a closed case into a dossier with an archive number; it becomes read-only.
#[utoipa::path(post, path = "/complaints/{id}/archive", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ComplaintDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn archive(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
) -> CaseResult {
    let view = state.service.archive(&actor, id).await?;
    Ok(Json(ComplaintDto::new(view, lang)))
}

/// The complainant withdraws the complaint.
#[utoipa::path(post, path = "/complaints/{id}/withdraw", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ReasonRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn withdraw(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ReasonRequest>,
) -> CaseResult {
    act_on(
        &state,
        &actor,
        id,
        Command::Withdraw { reason: r.reason },
        lang,
    )
    .await
}

/// Corrects the handling form, recording each changed field and the reason.
#[utoipa::path(post, path = "/complaints/{id}/edit", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = EditRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn edit(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<EditRequest>,
) -> CaseResult {
    act_on(
        &state,
        &actor,
        id,
        Command::Edit {
            form: Box::new(r.form.into()),
            reason: r.reason,
        },
        lang,
    )
    .await
}

/// R7: records the organization's approval to let the accused unit handle an accusation.
#[utoipa::path(post, path = "/complaints/{id}/approve-disclosure", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ApprovalRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn approve_disclosure(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ApprovalRequest>,
) -> CaseResult {
    let input = huixiang_domain::ApprovalInput {
        approver: r.approver,
        document: r.document,
    };
    act_on(&state, &actor, id, Command::ApproveDisclosure(input), lang).await
}

/// R7: who read an accusation case, newest first (the center office and leaders).
#[utoipa::path(get, path = "/complaints/{id}/reads", tag = "complaints", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<CaseReadDto>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reads(
    State(state): State<AppState>,
    Staff(actor): Staff,
    CaseId(id): CaseId,
) -> Result<Json<Vec<CaseReadDto>>, ApiError> {
    let reads = state.service.case_reads(&actor, id).await?;
    Ok(Json(
        reads
            .into_iter()
            .map(|r| CaseReadDto {
                user: r.user.0,
                user_name: r.user_name,
                view: r.view,
                at: r.at,
            })
            .collect(),
    ))
}

/// R20: marks the complaint special for a reason (important, difficult, leader-assigned, repeat).
#[utoipa::path(post, path = "/complaints/{id}/special", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = SpecialRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn mark_special(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<SpecialRequest>,
) -> CaseResult {
    let command = Command::MarkSpecial {
        kind: r.kind,
        reason: r.reason,
    };
    act_on(&state, &actor, id, command, lang).await
}

/// R20: links the complaint to the earlier one it repeats (counted there, marked special).
#[utoipa::path(post, path = "/complaints/{id}/repeat-of", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = RepeatOfRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn repeat_of(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<RepeatOfRequest>,
) -> CaseResult {
    let view = state
        .service
        .link_repeat(&actor, id, r.original.as_deref())
        .await?;
    Ok(Json(ComplaintDto::new(view, lang)))
}

/// R20: closes a duplicate into the earlier complaint it duplicates (the duplicate points to it).
#[utoipa::path(post, path = "/complaints/{id}/merge", tag = "workflow", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = MergeRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<MergeRequest>,
) -> CaseResult {
    let view = state
        .service
        .merge_duplicate(&actor, id, r.original.as_deref(), r.reason)
        .await?;
    Ok(Json(ComplaintDto::new(view, lang)))
}
