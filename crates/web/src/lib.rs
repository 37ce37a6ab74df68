//! Huixiang's HTTP layer: the staff pages (server-rendered, `pages`), the JSON API under
//! `/api/v1` (with its OpenAPI document) and `/healthz`. Thin: no SQL and no rules here — every
//! request goes to the service layer.

pub mod api;
pub mod assets;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod pages;
pub mod security;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use error::ApiError;
use huixiang_domain::Rejection;
use huixiang_service::Service;
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The largest request body accepted, except forms that carry files (forms are text).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub service: Service,
    pub web: WebSettings,
    openapi: Arc<serde_json::Value>,
}

/// Settings of the HTTP layer.
#[derive(Clone, Debug, Default)]
pub struct WebSettings {
    /// Mark cookies `Secure` (set when the site is served over HTTPS, e.g. behind a proxy).
    pub secure_cookies: bool,
    /// Requests come through a reverse proxy the operator runs: the client's address is the
    /// last one in `X-Forwarded-For` (for login and public limits).
    pub behind_proxy: bool,
}

/// The whole HTTP application with default settings.
pub fn app(service: Service) -> Router {
    app_with(service, WebSettings::default())
}

/// The whole HTTP application.
pub fn app_with(service: Service, web: WebSettings) -> Router {
    let (api, openapi) = api::router();
    // A form with files: the files (all together no more than one file's limit) and its text.
    let upload_limit = service.settings().uploads.max_bytes + 1024 * 1024;
    let openapi = serde_json::to_value(&openapi).unwrap_or_default();
    let state = AppState {
        service,
        web,
        openapi: Arc::new(openapi),
    };
    let api = api
        .route("/openapi.json", get(openapi_document))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(error::render_errors));
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(healthz))
        .route("/assets/{file}", get(assets::asset))
        .merge(pages::router(upload_limit))
        .fallback(pages::page_not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(pages::render_page_errors))
        .layer(axum::middleware::from_fn(security::security_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

async fn openapi_document(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(state.openapi.as_ref().clone())
}

async fn healthz(State(state): State<AppState>) -> Result<Json<api::dto::Health>, ApiError> {
    state.service.health().await?;
    Ok(Json(api::dto::Health {
        status: "ok".into(),
    }))
}

async fn not_found() -> ApiError {
    Rejection::RouteNotFound.into()
}

/// Serves the app on `listener` until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    service: Service,
    web: WebSettings,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app_with(service, web).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
