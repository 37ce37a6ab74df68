//! The few static files the pages need, embedded in the binary: nothing is loaded from
//! elsewhere. htmx is vendored under its version (`assets/README.md` says where it came from).

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The htmx build the pages load.
pub const HTMX: &str = "htmx-2.0.11.min.js";

const FILES: &[(&str, &str, &str)] = &[
    (
        HTMX,
        "text/javascript; charset=utf-8",
        include_str!("../assets/htmx-2.0.11.min.js"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_str!("../assets/app.css"),
    ),
    (
        "print.css",
        "text/css; charset=utf-8",
        include_str!("../assets/print.css"),
    ),
];

pub async fn asset(Path(name): Path<String>) -> Response {
    let Some((file, mime, body)) = FILES.iter().find(|(f, _, _)| *f == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The versioned htmx file never changes; our own files may change with each release.
    let cache = if *file == HTMX {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, *mime),
            (header::CACHE_CONTROL, cache),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        *body,
    )
        .into_response()
}
