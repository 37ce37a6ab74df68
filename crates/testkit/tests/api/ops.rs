//! For operators: `/readyz` (the database answers and is migrated) and `/metrics` (requests by
//! route pattern with latencies, the deadline sweeps, the outbox backlog and the cases overdue
//! now), on both databases.

use huixiang_testkit::{Backend, TestApp, on_both_backends, raw_sql, spawn_app, sql_number};
use reqwest::StatusCode;
use serde_json::json;
use time::macros::datetime;

pub(crate) async fn scrape(app: &TestApp) -> String {
    let answer = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let kind = answer.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    answer.text().await.unwrap()
}

/// The value of one series in a scrape.
pub(crate) fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{series} not in\n{text}"))
        .parse()
        .unwrap()
}

async fn dispatched_to_city(app: &TestApp) -> String {
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    let body = json!({"opinion": "请核实处理", "decision": "transfer", "lead_unit": city});
    let answer = app.act("leader", &id, "review", body).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    id
}

async fn readyz_and_metrics_tell_an_operator_what_is_going_on(backend: Backend) {
    let mut app = spawn_app(backend).await; // 2026-03-02 09:00, Beijing time
    let ready = app.get(None, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["status"], "ready");

    let first = dispatched_to_city(&app).await;
    dispatched_to_city(&app).await;
    for _ in 0..2 {
        let path = format!("/api/v1/complaints/{first}");
        assert_eq!(app.get(Some("office"), &path).await.status, StatusCode::OK);
    }
    let text = scrape(&app).await;
    // Requests are counted by route pattern, never by the path (no case ids in the labels).
    let case_reads = r#"huixiang_http_requests_total{method="GET",route="/api/v1/complaints/{id}",status="200"}"#;
    assert_eq!(value(&text, case_reads), 2.0);
    assert!(!text.contains(&first));
    let latency =
        r#"huixiang_http_request_duration_seconds_count{route="/api/v1/complaints/{id}"}"#;
    assert_eq!(value(&text, latency), 2.0);
    assert_eq!(value(&text, "huixiang_database_up"), 1.0);
    assert_eq!(value(&text, "huixiang_overdue_cases"), 0.0);
    assert_eq!(value(&text, "huixiang_sweeps_total"), 0.0);

    // Past their due day (R9: 23 March), before any sweep has recorded it.
    app.travel_to(datetime!(2026-03-24 08:00 +8)).await;
    assert_eq!(value(&scrape(&app).await, "huixiang_overdue_cases"), 2.0);
    let report = app.service.run_deadline_sweep("a").await.unwrap().unwrap();
    assert_eq!(report.overdue, 2);
    let text = scrape(&app).await;
    assert_eq!(value(&text, "huixiang_sweeps_total"), 1.0);
    assert_eq!(value(&text, "huixiang_sweep_overdue_total"), 2.0);
    assert_eq!(
        value(&text, "huixiang_sweep_reminders_total"),
        report.reminders as f64
    );
    let waiting = sql_number(
        app.service.db(),
        "SELECT COUNT(*) FROM notifications WHERE delivered_at IS NULL",
    )
    .await;
    assert!(waiting > 0, "the sweep's slips notify the unit");
    let notifications = r#"huixiang_outbox_backlog{queue="unit_notifications"}"#;
    assert_eq!(value(&text, notifications), waiting as f64);
    let messages = sql_number(
        app.service.db(),
        "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL",
    )
    .await;
    let queued = r#"huixiang_outbox_backlog{queue="messages"}"#;
    assert_eq!(value(&text, queued), messages as f64);

    // A newer build on a database nobody migrated is not ready.
    raw_sql(
        app.service.db(),
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    let behind = app.get(None, "/readyz").await;
    assert_eq!(behind.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        behind.body,
        json!({"status": "migrations_pending", "pending": 1})
    );
    app.service.db().migrate().await.unwrap();
    assert_eq!(app.get(None, "/readyz").await.status, StatusCode::OK);
    app.cleanup().await;
}

on_both_backends!(readyz_and_metrics_tell_an_operator_what_is_going_on);
