//! R2: the public endpoints of the online channel — submit, look up with number and query
//! code, and rate once concluded. No login; limited per address.

use super::dto::*;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, CaseId, ClientAddr, ReqLang, Staff};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use huixiang_service::OnlineSubmission;

/// R2: submits a complaint online; answers the number and the query code, once.
#[utoipa::path(post, path = "/public/complaints", tag = "public",
    request_body = PublicSubmitRequest,
    responses((status = 201, body = ReceiptDto), (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Body(r): Body<PublicSubmitRequest>,
) -> Result<(StatusCode, Json<ReceiptDto>), ApiError> {
    let submission = OnlineSubmission {
        category: r.category,
        title: r.title,
        name: r.name,
        phone: r.phone,
        address: r.address,
        work_unit: r.work_unit,
        occupation: r.occupation,
        problem: r.problem,
        demands: r.demands,
        honeypot: r.website,
        files: Vec::new(),
    };
    let receipt = state
        .service
        .submit_online(submission, address.as_deref())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ReceiptDto {
            number: receipt.number.to_string(),
            query_code: receipt.code.display(),
        }),
    ))
}

/// R2: gives the complainant of any case a (new) query code, answered once; an earlier code
/// stops working (the window and the office).
#[utoipa::path(post, path = "/complaints/{id}/query-code", tag = "public", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = ReceiptDto), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn issue_code(
    State(state): State<AppState>,
    Staff(actor): Staff,
    CaseId(id): CaseId,
) -> Result<Json<ReceiptDto>, ApiError> {
    let receipt = state.service.issue_query_code(&actor, id).await?;
    Ok(Json(ReceiptDto {
        number: receipt.number.to_string(),
        query_code: receipt.code.display(),
    }))
}

/// R2: where a case stands, for its number and query code. A wrong pair answers
/// `lookup_failed` whether the number exists or not; too many from one address, 429.
#[utoipa::path(post, path = "/public/lookup", tag = "public",
    request_body = LookupRequest,
    responses((status = 200, body = PublicCaseDto), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ReqLang(lang): ReqLang,
    Body(r): Body<LookupRequest>,
) -> Result<Json<PublicCaseDto>, ApiError> {
    let found = state
        .service
        .lookup(
            r.number.as_deref().unwrap_or(""),
            r.code.as_deref().unwrap_or(""),
            address.as_deref(),
        )
        .await?;
    Ok(Json(PublicCaseDto::new(found, lang)))
}

/// R2: rates a concluded case, once.
#[utoipa::path(post, path = "/public/rating", tag = "public",
    request_body = RatingRequest,
    responses((status = 200, body = PublicCaseDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn rate(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ReqLang(lang): ReqLang,
    Body(r): Body<RatingRequest>,
) -> Result<Json<PublicCaseDto>, ApiError> {
    let rated = state
        .service
        .rate(
            r.number.as_deref().unwrap_or(""),
            r.code.as_deref().unwrap_or(""),
            r.satisfaction.as_deref(),
            r.comment.as_deref(),
            address.as_deref(),
        )
        .await?;
    Ok(Json(PublicCaseDto::new(rated, lang)))
}
