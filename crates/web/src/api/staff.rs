//! Units and staff accounts.

use super::dto::{UnitDto, UnitRequest, UserDto, UserRequest};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, Staff};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use huixiang_domain::{Rejection, UnitId, UnitInput};
use huixiang_service::NewUserInput;

fn unit_input(r: UnitRequest) -> UnitInput {
    UnitInput {
        name: r.name,
        kind: r.kind,
        parent: r.parent.map(UnitId),
        principal_leader: r.principal_leader,
    }
}

/// Every unit (any member of staff).
#[utoipa::path(get, path = "/units", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<UnitDto>), (status = 401, body = ErrorBody)))]
pub async fn units(
    State(state): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<Vec<UnitDto>>, ApiError> {
    let units = state.service.units(&actor).await?;
    Ok(Json(units.into_iter().map(UnitDto::from).collect()))
}

/// Adds a unit (administrator).
#[utoipa::path(post, path = "/units", tag = "admin", security(("bearer" = [])), request_body = UnitRequest,
    responses((status = 201, body = UnitDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn create_unit(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Body(r): Body<UnitRequest>,
) -> Result<(StatusCode, Json<UnitDto>), ApiError> {
    let unit = state.service.create_unit(&actor, unit_input(r)).await?;
    Ok((StatusCode::CREATED, Json(unit.into())))
}

/// Changes a unit (administrator).
#[utoipa::path(put, path = "/units/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = UnitRequest,
    responses((status = 200, body = UnitDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn update_unit(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Path(id): Path<String>,
    Body(r): Body<UnitRequest>,
) -> Result<Json<UnitDto>, ApiError> {
    let id = id
        .parse()
        .map(UnitId)
        .map_err(|_| Rejection::UnitNotFound { field: "unit" })?;
    let unit = state.service.update_unit(&actor, id, unit_input(r)).await?;
    Ok(Json(unit.into()))
}

/// Every staff account (administrator).
#[utoipa::path(get, path = "/users", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<UserDto>), (status = 403, body = ErrorBody)))]
pub async fn users(
    State(state): State<AppState>,
    Staff(actor): Staff,
) -> Result<Json<Vec<UserDto>>, ApiError> {
    let users = state.service.users(&actor).await?;
    Ok(Json(users.into_iter().map(UserDto::from).collect()))
}

/// Adds a staff account (administrator).
#[utoipa::path(post, path = "/users", tag = "admin", security(("bearer" = [])), request_body = UserRequest,
    responses((status = 201, body = UserDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    Staff(actor): Staff,
    Body(r): Body<UserRequest>,
) -> Result<(StatusCode, Json<UserDto>), ApiError> {
    let input = NewUserInput {
        username: r.username,
        display_name: r.display_name,
        role: r.role,
        unit: r.unit.map(UnitId),
        password: r.password,
    };
    let user = state.service.create_user(&actor, input).await?;
    Ok((StatusCode::CREATED, Json(user.into())))
}
