//! Logging in and out with bearer tokens.

use super::dto::{LoginRequest, LoginResponse, Me};
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, ClientAddr, Staff, bearer};
use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use huixiang_domain::Actor;
use huixiang_service::LoginInput;

fn me(actor: &Actor) -> Me {
    Me {
        id: actor.id.0,
        name: actor.name.clone(),
        role: actor.role.as_str().into(),
        unit: actor.unit.0,
    }
}

/// Logs in with a username and password and returns a bearer token.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Body(req): Body<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let session = state
        .service
        .login(LoginInput {
            username: req.username,
            password: req.password,
            address,
        })
        .await?;
    Ok(Json(LoginResponse {
        token: session.token,
        expires_at: session.expires_at,
        user: me(&session.actor),
    }))
}

/// Ends the session of the presented token.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    Staff(_): Staff,
    token: RawToken,
) -> Result<StatusCode, ApiError> {
    state.service.logout(&token.0).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/me", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn whoami(Staff(actor): Staff) -> Json<Me> {
    Json(me(&actor))
}

/// The bearer token itself (for logout).
pub struct RawToken(String);

impl<S: Send + Sync> FromRequestParts<S> for RawToken {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        bearer(parts)
            .map(|t| RawToken(t.to_owned()))
            .ok_or(huixiang_domain::Rejection::Unauthenticated.into())
    }
}
