//! Special handling on a case (R21–R25), the written report on a leader-assigned case (R22),
//! major-issue notices with read receipts (R27) and incidents with visitors (R26).

use super::complaints::act_on;
use super::dto::*;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, CaseId, Query, ReqLang, Staff};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use huixiang_domain::decide::Command;
use huixiang_domain::handling::{
    CooperationInput, ReferralInput, ReplyInput, ResponseInput, StudyInput, SupervisionInput,
};
use huixiang_domain::{Rejection, UnitId, UserId};
use serde::Deserialize;
use uuid::Uuid;

type CaseResult = Result<Json<ComplaintDto>, ApiError>;

/// R21: asks a competent outside department to handle what the center cannot (商请).
#[utoipa::path(post, path = "/complaints/{id}/referrals", tag = "special handling", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ReferralRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn refer(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ReferralRequest>,
) -> CaseResult {
    let input = ReferralInput {
        department: r.department,
        matter: r.matter,
        sent_on: r.sent_on,
    };
    act_on(&state, &actor, id, Command::Refer(input), lang).await
}

/// R21: records the outside department's reply to a referral (once).
#[utoipa::path(post, path = "/complaints/{id}/referral-reply", tag = "special handling", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ReferralReplyRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn referral_reply(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ReferralReplyRequest>,
) -> CaseResult {
    let input = ReplyInput {
        no: r.no,
        text: r.text,
        replied_on: r.replied_on,
    };
    act_on(
        &state,
        &actor,
        id,
        Command::RecordReferralReply(input),
        lang,
    )
    .await
}

/// R23: the center office supervises a case a leader transferred or assigned with an
/// instruction (督办).
#[utoipa::path(post, path = "/complaints/{id}/supervision", tag = "special handling", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SupervisionRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn supervise(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<SupervisionRequest>,
) -> CaseResult {
    let input = SupervisionInput {
        instructions: r.instructions,
        due: r.due,
    };
    act_on(&state, &actor, id, Command::Supervise(input), lang).await
}

/// R23: the lead unit answers a supervision.
#[utoipa::path(post, path = "/complaints/{id}/supervision-response", tag = "special handling", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SupervisionResponseRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn supervision_response(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<SupervisionResponseRequest>,
) -> CaseResult {
    let input = ResponseInput {
        no: r.no,
        text: r.text,
    };
    act_on(&state, &actor, id, Command::RespondSupervision(input), lang).await
}

/// R24: records a joint study (会商) of a difficult case.
#[utoipa::path(post, path = "/complaints/{id}/joint-study", tag = "special handling", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = JointStudyRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn joint_study(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<JointStudyRequest>,
) -> CaseResult {
    let input = StudyInput {
        held_on: r.held_on,
        participants: r.participants,
        units: r.units.into_iter().map(UnitId).collect(),
        conclusion: r.conclusion,
    };
    act_on(&state, &actor, id, Command::StudyJointly(input), lang).await
}

/// R25: records the people the center sends to a case the town or a department leads.
#[utoipa::path(post, path = "/complaints/{id}/cooperation", tag = "special handling", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CooperationRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn cooperation(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<CooperationRequest>,
) -> CaseResult {
    let input = CooperationInput {
        lead_body: r.lead_body,
        task: r.task,
        people: r.people.into_iter().map(UserId).collect(),
        starts_on: r.starts_on,
    };
    act_on(&state, &actor, id, Command::Cooperate(input), lang).await
}

/// R22: a draft of the written report on a closed leader-assigned case, from its record.
#[utoipa::path(get, path = "/complaints/{id}/report-draft", tag = "special handling", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ReportDraftDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn report_draft(
    State(state): State<AppState>,
    Staff(actor): Staff,
    CaseId(id): CaseId,
) -> Result<Json<ReportDraftDto>, ApiError> {
    let text = state.service.report_draft(&actor, id).await?;
    Ok(Json(ReportDraftDto { text }))
}

/// R22: files the written report (as edited from the draft); the case can then be archived.
#[utoipa::path(post, path = "/complaints/{id}/report", tag = "special handling", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ReportRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn file_report(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ReportRequest>,
) -> CaseResult {
    act_on(
        &state,
        &actor,
        id,
        Command::FileReport { text: r.text },
        lang,
    )
    .await
}

/// R27: reports a major complaint to the center office and leaders at once (and the
/// overseeing leader for major and complex ones); they find it on their workbench and in the
/// outbox.
#[utoipa::path(post, path = "/complaints/{id}/notices", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NoticeRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn raise_notice(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<NoticeRequest>,
) -> CaseResult {
    let command = Command::RaiseNotice {
        level: r.level,
        summary: r.summary,
    };
    act_on(&state, &actor, id, command, lang).await
}

/// R27: the newest notices sent to the caller or raised by them, with read receipts.
#[utoipa::path(get, path = "/notices", tag = "notices", security(("bearer" = [])),
    responses((status = 200, body = Vec<NoticeDto>), (status = 403, body = ErrorBody)))]
pub async fn notices(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
) -> Result<Json<Vec<NoticeDto>>, ApiError> {
    let list = state.service.notices(&actor).await?;
    Ok(Json(
        list.into_iter().map(|n| NoticeDto::new(n, lang)).collect(),
    ))
}

fn record_id(raw: &str, missing: Rejection) -> Result<Uuid, ApiError> {
    raw.parse().map_err(|_| missing.into())
}

/// R27: one notice (reading it through the API does not mark it read).
#[utoipa::path(get, path = "/notices/{id}", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NoticeDto), (status = 404, body = ErrorBody)))]
pub async fn notice(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    Path(id): Path<String>,
) -> Result<Json<NoticeDto>, ApiError> {
    let id = record_id(&id, Rejection::NoticeNotFound)?;
    let view = state.service.notice(&actor, id, false).await?;
    Ok(Json(NoticeDto::new(view, lang)))
}

/// R27: records that the caller has read the notice (once; later calls keep the first time).
#[utoipa::path(post, path = "/notices/{id}/read", tag = "notices", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = NoticeDto), (status = 404, body = ErrorBody)))]
pub async fn mark_read(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    Path(id): Path<String>,
) -> Result<Json<NoticeDto>, ApiError> {
    let id = record_id(&id, Rejection::NoticeNotFound)?;
    let view = state.service.notice(&actor, id, true).await?;
    Ok(Json(NoticeDto::new(view, lang)))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageParams {
    /// From 1.
    pub page: Option<i64>,
}

/// R26: incidents, latest first (the window, the office, the leaders and the overseeing
/// leader).
#[utoipa::path(get, path = "/incidents", tag = "incidents", security(("bearer" = [])),
    params(PageParams),
    responses((status = 200, body = IncidentPage), (status = 403, body = ErrorBody)))]
pub async fn incidents(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Query(params): Query<PageParams>,
) -> Result<Json<IncidentPage>, ApiError> {
    let page = params.page.unwrap_or(1);
    let (items, total) = state.service.incidents(&actor, page).await?;
    Ok(Json(IncidentPage {
        items: items.into_iter().map(Into::into).collect(),
        total,
        page,
        per_page: huixiang_service::INCIDENTS_PER_PAGE,
    }))
}

/// R26: the center office records an incident: when, who, what happened, the measures taken,
/// the leaders it was reported to and the police contact, linked to the visitor's complaints.
#[utoipa::path(post, path = "/incidents", tag = "incidents", security(("bearer" = [])),
    request_body = IncidentRequest,
    responses((status = 201, body = IncidentDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn record_incident(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Body(r): Body<IncidentRequest>,
) -> Result<(StatusCode, Json<IncidentDto>), ApiError> {
    let (input, cases) = r.into_input();
    let view = state.service.record_incident(&actor, input, &cases).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// R26: one incident.
#[utoipa::path(get, path = "/incidents/{id}", tag = "incidents", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = IncidentDto), (status = 404, body = ErrorBody)))]
pub async fn incident(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(id): Path<String>,
) -> Result<Json<IncidentDto>, ApiError> {
    let id = record_id(&id, Rejection::IncidentNotFound)?;
    Ok(Json(state.service.incident(&actor, id).await?.into()))
}
