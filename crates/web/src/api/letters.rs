//! Letters (R15–R18) and attachments: enclosed items and their custody, the excerpt for
//! leaders and their instructions, and files kept with a case.

use super::complaints::act_on;
use super::dto::*;
use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{Body, CaseId, Query, ReqLang, Staff};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use huixiang_domain::attachment::ascii_name;
use huixiang_domain::decide::Command;
use huixiang_domain::{
    AttachmentId, AttachmentMeta, CustodyInput, ExcerptInput, Rejection, UserId,
};
use huixiang_service::Upload;
use serde::Deserialize;

type CaseResult = Result<axum::Json<ComplaintDto>, ApiError>;

/// R18: registers one more item found enclosed in the letter.
#[utoipa::path(post, path = "/complaints/{id}/enclosures", tag = "letters", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = EnclosureDto,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn add_enclosure(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<EnclosureDto>,
) -> CaseResult {
    act_on(&state, &actor, id, Command::AddEnclosure(r.into()), lang).await
}

/// R18: an enclosed item is held, returned by registered mail, or an exception explained.
#[utoipa::path(post, path = "/complaints/{id}/custody", tag = "letters", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = CustodyRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn custody(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<CustodyRequest>,
) -> CaseResult {
    let input = CustodyInput {
        item: r.item.map(|n| n.to_string()),
        step: r.step,
        mail_number: r.mail_number,
        date: r.date,
        why: r.why,
    };
    act_on(&state, &actor, id, Command::RecordCustody(input), lang).await
}

/// R15: the office excerpts the letter for chosen leaders.
#[utoipa::path(post, path = "/complaints/{id}/excerpt", tag = "letters", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = ExcerptRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn excerpt(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<ExcerptRequest>,
) -> CaseResult {
    let input = ExcerptInput {
        reason: r.reason,
        text: r.text,
        leaders: r.leaders.into_iter().map(UserId).collect(),
    };
    act_on(&state, &actor, id, Command::Excerpt(input), lang).await
}

/// R15: a leader the letter was excerpted for records an instruction.
#[utoipa::path(post, path = "/complaints/{id}/instruct", tag = "letters", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path)), request_body = InstructRequest,
    responses((status = 200, body = ComplaintDto), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn instruct(
    State(state): State<AppState>,
    Staff(actor): Staff,
    ReqLang(lang): ReqLang,
    CaseId(id): CaseId,
    Body(r): Body<InstructRequest>,
) -> CaseResult {
    act_on(&state, &actor, id, Command::Instruct { text: r.text }, lang).await
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct UploadParams {
    /// The file's name as the sender knows it (cleaned; the extension follows the content).
    pub name: Option<String>,
}

/// Keeps a file with the case. The body is the file itself; its type is judged from its
/// content (PDF, JPEG, PNG, GIF, WebP, TIFF), never from its name.
#[utoipa::path(post, path = "/complaints/{id}/attachments", tag = "attachments", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = AttachmentDto), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    Staff(actor): Staff,
    CaseId(id): CaseId,
    Query(params): Query<UploadParams>,
    body: axum::body::Body,
) -> Result<(StatusCode, axum::Json<AttachmentDto>), ApiError> {
    let max = state.service.settings().uploads.max_bytes;
    let bytes =
        axum::body::to_bytes(body, max + 1)
            .await
            .map_err(|_| Rejection::AttachmentTooLarge {
                max_mb: max.div_ceil(1024 * 1024),
            })?;
    let upload = Upload {
        name: params.name.unwrap_or_default(),
        bytes: bytes.to_vec(),
    };
    let meta = state.service.attach(&actor, id, upload).await?;
    Ok((StatusCode::CREATED, axum::Json(meta.into())))
}

/// One file of a case the caller may see, as a download.
#[utoipa::path(get, path = "/complaints/{id}/attachments/{attachment}", tag = "attachments", security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path), ("attachment" = uuid::Uuid, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    Staff(actor): Staff,
    axum::extract::Path((raw, file)): axum::extract::Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = raw
        .parse()
        .map(huixiang_domain::ComplaintId)
        .map_err(|_| Rejection::ComplaintNotFound)?;
    let file = file
        .parse()
        .map(AttachmentId)
        .map_err(|_| Rejection::AttachmentNotFound)?;
    let (meta, bytes) = state.service.attachment(&actor, id, file).await?;
    Ok(file_response(&meta, bytes))
}

/// A stored file as a download: its sniffed type, an attachment disposition with a safe ASCII
/// name and the real name encoded, and a sandbox so nothing in it can run as this site.
pub fn file_response(meta: &AttachmentMeta, bytes: Vec<u8>) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_name(&meta.name, meta.file_type),
        crate::pages::encode_component(&meta.name)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(meta.file_type.as_str()),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}
