//! Huixiang's HTTP layer: the staff pages (server-rendered, `pages`), the JSON API under
//! `/api/v1` (with its OpenAPI document), and for operators `/healthz`, `/readyz` and
//! `/metrics`. Thin: no SQL and no rules here — every
//! request goes to the service layer.

pub mod api;
pub mod assets;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod pages;
pub mod security;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use error::ApiError;
use huixiang_domain::Rejection;
use huixiang_service::Service;
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

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
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .fallback(pages::page_not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            count_request,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(pages::render_page_errors))
        .layer(axum::middleware::from_fn(security::security_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            // One line per answered request, in the span of its request id (the id a client
            // sent in `X-Request-Id`, or a new one, answered back). The path, never the query:
            // a search's words may name someone.
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    tracing::info_span!(
                        "request",
                        request_id = %id,
                        method = %req.method(),
                        path = %req.uri().path(),
                    )
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
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

/// Ready for traffic: the database answers and has every migration of this build (a load
/// balancer sends nothing to an instance that is not). `/healthz` only says the process and
/// its database are alive.
async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    match state.service.readiness().await {
        Ok(0) => (StatusCode::OK, Json(serde_json::json!({"status": "ready"}))),
        Ok(pending) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "migrations_pending", "pending": pending})),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "database_unavailable"})),
            )
        }
    }
}

/// Prometheus's text format: see `huixiang_service::Metrics`.
async fn metrics(State(state): State<AppState>) -> Response {
    let text = state.service.metrics_text().await;
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// Counts every routed request by its route's pattern (unrouted ones as `unmatched`).
async fn count_request(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    state.service.metrics().record_request(
        method.as_str(),
        &route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
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
