//! One error type for every handler. A rejection becomes a 4xx with a stable code and a message
//! in the caller's language; an internal error is logged with its cause and shown as a generic
//! 500 that names no detail.

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use huixiang_domain::{Lang, Rejection, RejectionKind};
use huixiang_service::ServiceError;
use serde::Serialize;
use utoipa::ToSchema;

/// What every failed request answers.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, for programs: `field_missing`, `transition_not_allowed`, …
    pub code: String,
    /// For people, in Chinese unless English was asked for (`Accept-Language: en` or `?lang=en`).
    pub message: String,
    /// The input field concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A handler's failure.
#[derive(Debug)]
pub enum ApiError {
    Rejected(Rejection),
    Internal(String),
}

impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        ApiError::Rejected(r)
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Rejected(r) => ApiError::Rejected(r),
            ServiceError::Internal(cause) => ApiError::Internal(cause),
        }
    }
}

/// The HTTP status of each kind of refusal (pages and API alike).
pub fn status(kind: RejectionKind) -> StatusCode {
    match kind {
        RejectionKind::Invalid => StatusCode::BAD_REQUEST,
        RejectionKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        RejectionKind::Forbidden => StatusCode::FORBIDDEN,
        RejectionKind::NotFound => StatusCode::NOT_FOUND,
        RejectionKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        RejectionKind::Conflict => StatusCode::CONFLICT,
        RejectionKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        RejectionKind::TooMany => StatusCode::TOO_MANY_REQUESTS,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            // The body is written by `render_errors`, which knows the caller's language.
            ApiError::Rejected(r) => {
                let mut response = status(r.kind()).into_response();
                if r == Rejection::Unauthenticated || r == Rejection::BadCredentials {
                    response.headers_mut().insert(
                        header::WWW_AUTHENTICATE,
                        header::HeaderValue::from_static("Bearer"),
                    );
                }
                response.extensions_mut().insert(r);
                response
            }
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                let body = ErrorBody {
                    error: ErrorDetail {
                        code: "internal".into(),
                        message:
                            "系统内部错误，请稍后重试。/ Internal error, please try again later."
                                .into(),
                        field: None,
                    },
                };
                (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
            }
        }
    }
}

/// The language the caller asked for: `?lang=en`, else the first `Accept-Language` tag.
pub fn lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let from_query = query.and_then(|q| {
        q.split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .map(|v| v.starts_with("en"))
    });
    let from_header = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim_start().to_ascii_lowercase().starts_with("en"))
    };
    match from_query.or_else(from_header) {
        Some(true) => Lang::En,
        _ => Lang::Zh,
    }
}

/// Middleware: writes the body of every rejection in the caller's language, and gives the
/// router's own bare 404 and 405 answers the same shape.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let lang = lang_of(request.uri().query(), request.headers());
    let mut response = next.run(request).await;
    let rejection = match response.extensions_mut().remove::<Rejection>() {
        Some(r) => r,
        None if response.status() == StatusCode::METHOD_NOT_ALLOWED => Rejection::MethodNotAllowed,
        None if response.status() == StatusCode::PAYLOAD_TOO_LARGE => Rejection::PayloadTooLarge,
        None => return response,
    };
    let body = ErrorBody {
        error: ErrorDetail {
            code: rejection.code().into(),
            message: rejection.message(lang),
            field: rejection.field().map(str::to_owned),
        },
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    let json = serde_json::to_vec(&body).unwrap_or_default();
    Response::from_parts(parts, axum::body::Body::from(json))
}
