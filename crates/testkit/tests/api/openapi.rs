//! The OpenAPI document describes every route the API serves, and `/healthz` answers.

use huixiang_testkit::{Backend, spawn_app};
use reqwest::StatusCode;

async fn the_openapi_document_lists_every_endpoint(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = app.get(None, "/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc.body["paths"].as_object().unwrap();
    let expected = [
        ("/auth/login", "post"),
        ("/auth/logout", "post"),
        ("/me", "get"),
        ("/complaints", "get"),
        ("/complaints", "post"),
        ("/complaints/{id}", "get"),
        ("/complaints/{id}/events", "get"),
        ("/complaints/{id}/review", "post"),
        ("/complaints/{id}/not-accept", "post"),
        ("/complaints/{id}/acknowledge", "post"),
        ("/complaints/{id}/object", "post"),
        ("/complaints/{id}/progress", "post"),
        ("/complaints/{id}/result", "post"),
        ("/complaints/{id}/closure-review", "post"),
        ("/complaints/{id}/archive", "post"),
        ("/complaints/{id}/withdraw", "post"),
        ("/complaints/{id}/edit", "post"),
        ("/units", "get"),
        ("/units", "post"),
        ("/units/{id}", "put"),
        ("/users", "get"),
        ("/users", "post"),
        ("/calendar/{year}", "get"),
        ("/calendar/{year}", "put"),
        ("/deadlines/preview", "post"),
        ("/complaints/{id}/extension", "post"),
        ("/complaints/{id}/extension/decision", "post"),
        ("/complaints/{id}/explanation", "post"),
        ("/complaints/{id}/chase", "post"),
        ("/complaints/{id}/reminders", "get"),
        ("/reminders", "get"),
        ("/overdue", "get"),
        ("/complaints/{id}/approve-disclosure", "post"),
        ("/complaints/{id}/reads", "get"),
        ("/me/conflicts", "get"),
        ("/me/conflicts", "post"),
        ("/complaints/{id}/recuse", "post"),
        ("/complaints/{id}/enclosures", "post"),
        ("/complaints/{id}/custody", "post"),
        ("/complaints/{id}/excerpt", "post"),
        ("/complaints/{id}/instruct", "post"),
        ("/complaints/{id}/attachments", "post"),
        ("/complaints/{id}/attachments/{attachment}", "get"),
        ("/public/complaints", "post"),
        ("/public/lookup", "post"),
        ("/public/rating", "post"),
        ("/complaints/{id}/query-code", "post"),
        ("/complaints/repeat-suggestions", "post"),
        ("/complaints/{id}/special", "post"),
        ("/complaints/{id}/repeat-of", "post"),
        ("/complaints/{id}/merge", "post"),
        ("/complaints/{id}/referrals", "post"),
        ("/complaints/{id}/referral-reply", "post"),
        ("/complaints/{id}/supervision", "post"),
        ("/complaints/{id}/supervision-response", "post"),
        ("/complaints/{id}/joint-study", "post"),
        ("/complaints/{id}/cooperation", "post"),
        ("/complaints/{id}/report-draft", "get"),
        ("/complaints/{id}/report", "post"),
        ("/complaints/{id}/notices", "post"),
        ("/notices", "get"),
        ("/notices/{id}", "get"),
        ("/notices/{id}/read", "post"),
        ("/incidents", "get"),
        ("/incidents", "post"),
        ("/incidents/{id}", "get"),
        ("/search", "get"),
        ("/reports/figures", "get"),
        ("/reports", "get"),
        ("/reports", "post"),
        ("/reports/{id}", "get"),
    ];
    for (path, method) in expected {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} undocumented"
        );
    }
    let operations: usize = paths.values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(
        operations,
        expected.len(),
        "every documented operation is listed above"
    );
    assert!(doc.body["components"]["securitySchemes"]["bearer"].is_object());
    let health = app.get(None, "/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.body["status"], "ok");
    app.cleanup().await;
}

huixiang_testkit::on_both_backends!(the_openapi_document_lists_every_endpoint);
