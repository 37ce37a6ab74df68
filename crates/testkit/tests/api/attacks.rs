//! The attack suite over HTTP on both databases: guessed ids, replayed tokens, oversized
//! bodies, SQL and script injection in every text field and parameter. None succeeds and none
//! produces a 500. (Cross-site form posts: `web.rs`; login brute force: `security.rs`; script
//! that would run in a browser: `e2e/story.test.mjs`.)

use huixiang_testkit::web::WebClient;
use huixiang_testkit::{Backend, on_both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

const SQL: &str = "x'); DROP TABLE complaints; --";
const SCRIPT: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";

async fn attacks_get_nowhere_and_never_a_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let mine = app.register().await;
    // Guessed and foreign ids: a handler of another unit, and ids that exist nowhere.
    let guesses = [
        mine.clone(),
        uuid::Uuid::now_v7().to_string(),
        "00000000-0000-0000-0000-000000000000".into(),
        "1 OR 1=1".into(),
        "..%2F..%2Fetc%2Fpasswd".into(),
    ];
    for id in &guesses {
        for path in ["", "/events", "/reminders", "/reads"] {
            let answer = app
                .get(Some("outsider"), &format!("/api/v1/complaints/{id}{path}"))
                .await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{id}{path}");
        }
        let answer = app
            .act("outsider", id, "progress", json!({"note": "x"}))
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{id}");
    }
    // A token used after logout, and a made-up one.
    let token = app.login("clerk", huixiang_testkit::PASSWORD).await;
    let client = reqwest::Client::new();
    client
        .post(format!("{}/api/v1/auth/logout", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    for bad in [token.as_str(), "0123456789abcdef", &"a".repeat(5000)] {
        let status = client
            .get(format!("{}/api/v1/complaints", app.base))
            .bearer_auth(bad)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Injection in every text field is stored and answered as plain text.
    let payload = format!("{SQL}{SCRIPT}");
    let form = json!({
        "channel": "in_person", "category": "other", "title": payload,
        "complainant": {"name": payload.chars().take(50).collect::<String>(), "work_unit": payload,
                        "occupation": payload.chars().take(50).collect::<String>(),
                        "address": payload, "phone": "13800138000"},
        "problem": payload, "demands": payload,
        "accusation": {"accused_name": payload.chars().take(50).collect::<String>()}
    });
    let answer = app.post(Some("clerk"), "/api/v1/complaints", form).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let id = answer.body["id"].as_str().unwrap().to_owned();
    let back = app.complaint("clerk", &id).await.body;
    assert_eq!(back["title"], payload.as_str());
    assert_eq!(back["problem"], payload.as_str());
    assert_eq!(
        app.get(Some("office"), "/api/v1/complaints").await.body["total"],
        2
    );
    // …and escaped on every page that shows it.
    let mut clerk = app.web("clerk").await;
    for page in [
        format!("/complaints/{id}"),
        format!("/complaints/{id}/print/dossier"),
        "/ledger".to_owned(),
    ] {
        let p = clerk.get(&page).await;
        assert_eq!(p.status, StatusCode::OK, "{page}");
        assert!(!p.has("<script>alert(1)") && !p.has("<img src=x"), "{page}");
        assert!(p.has("&#60;script&#62;alert(1)"), "{page}");
    }
    // Parameters: refused with a named field, never run, never echoed raw.
    let queries = [
        format!("/api/v1/complaints?state={}", urlencode(SQL)),
        format!("/api/v1/complaints?channel={}", urlencode(SCRIPT)),
        format!("/api/v1/complaints?from={}", urlencode(SQL)),
        "/api/v1/complaints?page=-1".to_owned(),
        "/api/v1/complaints?per_page=100000".to_owned(),
        format!("/api/v1/calendar/{}", urlencode(SQL)),
    ];
    for q in &queries {
        let answer = app.get(Some("office"), q).await;
        assert!(answer.status.is_client_error(), "{q}: {answer:?}");
    }
    for q in [
        format!("/ledger?from={}", urlencode(SCRIPT)),
        format!("/ledger?unit={}", urlencode(SQL)),
        format!("/admin/calendar?year={}", urlencode(SQL)),
        format!("/login?next={}", urlencode("javascript:alert(1)")),
    ] {
        let p = clerk.get(&q).await;
        assert!(p.status.as_u16() < 500, "{q}");
        assert!(!p.has("<script>alert(1)") && !p.has("<img src=x"), "{q}");
    }
    // Oversized bodies, to the API and to a page form.
    let huge = "长".repeat(200_000);
    let answer = app
        .post(Some("clerk"), "/api/v1/complaints", json!({"title": huge}))
        .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    let page = clerk.post("/conflicts", &[("value", &huge)]).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    // The registration form takes scanned pages, so its body may be large; the text is still
    // held to its limits.
    let page = clerk.post("/complaints/new", &[("title", &huge)]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    let mut stranger = WebClient::new(&app.base);
    let page = stranger
        .post_exactly("/login", &[("username", &huge), ("password", "x")], None)
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        app.get(Some("office"), "/api/v1/complaints").await.body["total"],
        2
    );
    app.cleanup().await;
}

fn urlencode(s: &str) -> String {
    huixiang_testkit::web::encode(s)
}

on_both_backends!(attacks_get_nowhere_and_never_a_500);
