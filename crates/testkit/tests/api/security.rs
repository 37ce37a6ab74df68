//! Hardening over HTTP on both databases: failed logins are limited per account and per
//! address across app instances (the counts live in the database), and every answer carries
//! the security headers.

use huixiang_testkit::web::WebClient;
use huixiang_testkit::{Backend, PASSWORD, on_both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::json;
use time::Duration;

async fn failed_logins_lock_the_account_on_every_instance(backend: Backend) {
    let app = spawn_app(backend).await;
    let login = |password: &'static str| json!({"username": "clerk", "password": password});
    for _ in 0..4 {
        let answer = app
            .post(None, "/api/v1/auth/login", login("wrong-password"))
            .await;
        assert_eq!(answer.code(), "bad_credentials");
    }
    // The fifth failure, on another instance and through the sign-in page, locks the account.
    let mut elsewhere = WebClient::new(&app.another_instance().await);
    let page = elsewhere
        .post_exactly(
            "/login",
            &[("username", "Clerk"), ("password", "wrong-password")],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    // Now even the right password is refused, everywhere, with the time to wait.
    let answer = app.post(None, "/api/v1/auth/login", login(PASSWORD)).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answer.code(), "too_many_attempts");
    assert_eq!(
        answer.body["error"]["message"],
        "登录失败次数过多，请 15 分钟后再试。"
    );
    let page = elsewhere
        .post_exactly(
            "/login",
            &[("username", "clerk"), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.has("登录失败次数过多"));
    // Other accounts are not affected.
    let answer = app
        .post(
            None,
            "/api/v1/auth/login",
            json!({"username": "office", "password": PASSWORD}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    // After the lock the right password works, and clears the count.
    app.clock.advance(Duration::minutes(16));
    let answer = app.post(None, "/api/v1/auth/login", login(PASSWORD)).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    for _ in 0..4 {
        app.post(None, "/api/v1/auth/login", login("wrong-password"))
            .await;
    }
    let answer = app.post(None, "/api/v1/auth/login", login(PASSWORD)).await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "four failures after a success do not lock"
    );
    app.cleanup().await;
}

async fn failed_logins_from_one_address_lock_it_for_every_account(backend: Backend) {
    let app = spawn_app(backend).await;
    // Guessing thirty different usernames from one address…
    for n in 0..30 {
        let answer = app
            .post(
                None,
                "/api/v1/auth/login",
                json!({"username": format!("guess{n}"), "password": "x1234567"}),
            )
            .await;
        assert_eq!(answer.code(), "bad_credentials", "attempt {n}");
    }
    // …locks the address, even for a real account with the right password.
    let answer = app
        .post(
            None,
            "/api/v1/auth/login",
            json!({"username": "leader", "password": PASSWORD}),
        )
        .await;
    assert_eq!(answer.code(), "too_many_attempts");
    app.cleanup().await;
}

async fn every_answer_carries_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    let client = reqwest::Client::new();
    for path in [
        "/login",
        "/api/v1/openapi.json",
        "/healthz",
        "/no/such/page",
        "/assets/app.js",
    ] {
        let response = client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        let cache = h["cache-control"].to_str().unwrap();
        assert!(
            cache == "no-store" || path.starts_with("/assets/"),
            "{path}: {cache}"
        );
    }
    app.cleanup().await;
}

on_both_backends!(
    failed_logins_lock_the_account_on_every_instance,
    failed_logins_from_one_address_lock_it_for_every_account,
    every_answer_carries_the_security_headers,
);
