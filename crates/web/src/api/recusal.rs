//! R32: declaring conflicts and recusing from a case.

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, CaseId, Staff};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use huixiang_domain::recusal::ConflictInput;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// R32: a conflict: `name` (a relative's name), `phone`, `address`, `unit` (a unit id) or
/// `case` (a complaint id).
#[derive(Deserialize, Serialize, ToSchema)]
pub struct ConflictDto {
    pub kind: Option<String>,
    pub value: Option<String>,
    pub note: Option<String>,
    /// When it was declared (in answers only).
    #[serde(default, with = "time::serde::rfc3339::option", skip_deserializing)]
    pub declared_at: Option<OffsetDateTime>,
}

/// R32: stepping aside from one case.
#[derive(Deserialize, ToSchema)]
pub struct RecuseRequest {
    pub note: Option<String>,
}

/// R32: the conflicts the caller declared.
#[utoipa::path(get, path = "/me/conflicts", tag = "recusal", security(("bearer" = [])),
    responses((status = 200, body = Vec<ConflictDto>), (status = 401, body = ErrorBody)))]
pub async fn my_conflicts(
    State(state): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<Vec<ConflictDto>>, ApiError> {
    let declared = state.service.my_conflicts(&actor).await?;
    Ok(Json(
        declared
            .into_iter()
            .map(|d| ConflictDto {
                kind: Some(d.conflict.kind.as_str().to_owned()),
                value: Some(d.conflict.value),
                note: d.conflict.note,
                declared_at: Some(d.declared_at),
            })
            .collect(),
    ))
}

/// R32: declares a conflict.
#[utoipa::path(post, path = "/me/conflicts", tag = "recusal", security(("bearer" = [])),
    request_body = ConflictDto,
    responses((status = 204), (status = 400, body = ErrorBody)))]
pub async fn declare(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Body(c): Body<ConflictDto>,
) -> Result<StatusCode, ApiError> {
    let input = ConflictInput {
        kind: c.kind,
        value: c.value,
        note: c.note,
    };
    state.service.declare_conflict(&actor, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// R32: steps aside from a case; the caller no longer sees it or acts on it.
#[utoipa::path(post, path = "/complaints/{id}/recuse", tag = "recusal", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = RecuseRequest,
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn recuse(
    State(state): State<AppState>,
    Staff(actor): Staff,
    CaseId(id): CaseId,
    Body(r): Body<RecuseRequest>,
) -> Result<StatusCode, ApiError> {
    state.service.recuse(&actor, id, r.note).await?;
    Ok(StatusCode::NO_CONTENT)
}
