//! R9–R11, R30: extensions, interim explanations, reminder slips and overdue lists.

use super::complaints::act_on;
use super::dto::ComplaintDto;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, CaseId, ReqLang, Staff};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use huixiang_domain::decide::Command;
use huixiang_service::{OverdueRecord, ReminderSlip};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct ExtensionRequest {
    /// The due date asked for, `YYYY-MM-DD`: later than the current one, a working day.
    pub new_due: Option<String>,
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ExtensionDecision {
    pub approve: Option<bool>,
    /// Required when refusing.
    pub note: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ExplanationRequest {
    pub text: Option<String>,
}

/// R10: a reminder slip (催办单).
#[derive(Serialize, ToSchema)]
pub struct ReminderSlipDto {
    pub complaint_id: Uuid,
    pub number: String,
    pub title: String,
    /// How many times the case has been chased, this one included.
    pub seq: i64,
    /// `auto` or `manual`.
    pub kind: String,
    pub due_on: String,
    pub unit: Uuid,
    pub handler_name: Option<String>,
    pub state: String,
    pub progress: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<ReminderSlip> for ReminderSlipDto {
    fn from(s: ReminderSlip) -> Self {
        Self {
            complaint_id: s.complaint.0,
            number: s.number,
            title: s.title,
            seq: s.seq,
            kind: s.kind,
            due_on: s.due_on.to_string(),
            unit: s.unit.0,
            handler_name: s.handler_name,
            state: s.state,
            progress: s.progress,
            created_at: s.created_at,
        }
    }
}

/// R30: a case that passed its due date and who held it.
#[derive(Serialize, ToSchema)]
pub struct OverdueRecordDto {
    pub complaint_id: Uuid,
    pub number: String,
    pub title: String,
    pub state: String,
    pub due_on: String,
    pub unit: Uuid,
    pub holder: Option<Uuid>,
    pub holder_name: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub recorded_at: OffsetDateTime,
}

impl From<OverdueRecord> for OverdueRecordDto {
    fn from(r: OverdueRecord) -> Self {
        Self {
            complaint_id: r.complaint.0,
            number: r.number,
            title: r.title,
            state: r.state,
            due_on: r.due_on.to_string(),
            unit: r.unit.0,
            holder: r.holder.map(|h| h.0),
            holder_name: r.holder_name,
            recorded_at: r.recorded_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UnitCount {
    pub unit: Uuid,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct HolderCount {
    pub holder_name: Option<String>,
    pub count: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverdueDto {
    pub records: Vec<OverdueRecordDto>,
    pub by_unit: Vec<UnitCount>,
    pub by_holder: Vec<HolderCount>,
}

/// R9: the lead unit asks for more time.
#[utoipa::path(post, path = "/complaints/{id}/extension", tag = "deadlines", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ExtensionRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn request_extension(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ExtensionRequest>,
) -> Result<Json<ComplaintDto>, ApiError> {
    act_on(
        &state,
        &actor,
        id,
        Command::RequestExtension {
            new_due: r.new_due,
            reason: r.reason,
        },
        lang,
    )
    .await
}

/// R9: a leader approves or refuses the pending extension.
#[utoipa::path(post, path = "/complaints/{id}/extension/decision", tag = "deadlines", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ExtensionDecision,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn decide_extension(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ExtensionDecision>,
) -> Result<Json<ComplaintDto>, ApiError> {
    act_on(
        &state,
        &actor,
        id,
        Command::DecideExtension {
            approve: r.approve,
            note: r.note,
        },
        lang,
    )
    .await
}

/// R11: the lead unit files an interim explanation (情况说明).
#[utoipa::path(post, path = "/complaints/{id}/explanation", tag = "deadlines", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ExplanationRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn explain(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ExplanationRequest>,
) -> Result<Json<ComplaintDto>, ApiError> {
    act_on(&state, &actor, id, Command::Explain { text: r.text }, lang).await
}

/// R10: a clerk chases the case by hand; a reminder slip is written and the unit notified.
#[utoipa::path(post, path = "/complaints/{id}/chase", tag = "deadlines", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 201, body = ReminderSlipDto), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn chase(
    State(state): State<AppState>,
    Staff(actor): Staff,
    CaseId(id): CaseId,
) -> Result<(StatusCode, Json<ReminderSlipDto>), ApiError> {
    let slip = state.service.chase(&actor, id).await?;
    Ok((StatusCode::CREATED, Json(slip.into())))
}

/// R10: the reminder slips of one case.
#[utoipa::path(get, path = "/complaints/{id}/reminders", tag = "deadlines", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = Vec<ReminderSlipDto>), (status = 404, body = ErrorBody)))]
pub async fn case_reminders(
    State(state): State<AppState>,
    Staff(actor): Staff,
    CaseId(id): CaseId,
) -> Result<Json<Vec<ReminderSlipDto>>, ApiError> {
    let slips = state.service.reminders(&actor, id).await?;
    Ok(Json(slips.into_iter().map(Into::into).collect()))
}

/// R10: the newest reminder slips (handling staff: their unit's).
#[utoipa::path(get, path = "/reminders", tag = "deadlines", security(("bearer" = [])),
    responses((status = 200, body = Vec<ReminderSlipDto>), (status = 403, body = ErrorBody)))]
pub async fn recent(
    State(state): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<Vec<ReminderSlipDto>>, ApiError> {
    let slips = state.service.recent_reminders(&actor).await?;
    Ok(Json(slips.into_iter().map(Into::into).collect()))
}

/// R30: overdue cases with the unit and person that held each, and counts per unit and person.
#[utoipa::path(get, path = "/overdue", tag = "deadlines", security(("bearer" = [])),
    responses((status = 200, body = OverdueDto), (status = 403, body = ErrorBody)))]
pub async fn overdue(
    State(state): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<OverdueDto>, ApiError> {
    let report = state.service.overdue(&actor).await?;
    Ok(Json(OverdueDto {
        records: report.records.into_iter().map(Into::into).collect(),
        by_unit: report
            .by_unit
            .into_iter()
            .map(|(u, count)| UnitCount { unit: u.0, count })
            .collect(),
        by_holder: report
            .by_holder
            .into_iter()
            .map(|(holder_name, count)| HolderCount { holder_name, count })
            .collect(),
    }))
}
