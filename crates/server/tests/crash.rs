//! Crash safety: `huixiang serve` is killed with SIGKILL in the middle of a registration load
//! and started again on the same database. Every registration that was answered with success
//! is there and complete (its registration event, its search terms, an intact audit chain),
//! and no case was half-written — on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{RegistrationLoad, get, login, start};
use huixiang_service::demo;
use huixiang_testkit::{Backend, TestDb, sql_number};
use reqwest::StatusCode;
use std::time::Duration;

/// How many registrations run at once, and how long the load runs before the kill.
const WRITERS: usize = 8;
const LOAD: Duration = Duration::from_millis(1500);

async fn killed_mid_load_loses_nothing_answered(backend: Backend) {
    let test_db = TestDb::new(backend).await;
    demo::fill(&test_db.db, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let mut server = start(&test_db.url, &client).await;
    let (_, session) = login(&client, &server, "clerk", "clerk-demo-2026").await;
    let clerk = session["token"].as_str().unwrap().to_owned();

    let load = RegistrationLoad::start(&client, &server, &clerk, WRITERS);
    tokio::time::sleep(LOAD).await;
    server.child.kill().unwrap(); // SIGKILL
    server.child.wait().unwrap();
    let answered = load.finish().await;
    assert!(answered.len() >= 20, "the load ran: {}", answered.len());

    let again = start(&test_db.url, &client).await;
    let (status, _) = login(&client, &again, "clerk", "clerk-demo-2026").await;
    assert_eq!(status, StatusCode::OK);
    let (_, session) = login(&client, &again, "office", "office-demo-2026").await;
    let office = session["token"].as_str().unwrap().to_owned();
    for (id, title) in &answered {
        let (status, case) = get(
            &client,
            &again,
            &office,
            &format!("/api/v1/complaints/{id}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{id} answered but lost");
        assert_eq!(case["title"].as_str(), Some(title.as_str()));
        let (status, events) = get(
            &client,
            &again,
            &office,
            &format!("/api/v1/complaints/{id}/events"),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(events[0]["action"], "register", "{id}: {events}");
    }
    // Nothing half-written: every case has its events and its search terms.
    let db = &test_db.db;
    let without_events = sql_number(
        db,
        "SELECT COUNT(*) FROM complaints c
         WHERE NOT EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id)",
    )
    .await;
    assert_eq!(without_events, 0);
    let unindexed = match backend {
        Backend::Sqlite => {
            sql_number(
                db,
                "SELECT COUNT(*) FROM complaints
                 WHERE id NOT IN (SELECT complaint_id FROM complaint_search_keys)",
            )
            .await
        }
        Backend::Postgres => {
            sql_number(db, "SELECT COUNT(*) FROM complaints WHERE search IS NULL").await
        }
    };
    assert_eq!(unindexed, 0);
    let stored = sql_number(
        db,
        "SELECT COUNT(*) FROM complaints WHERE title LIKE '路灯不亮 %'",
    )
    .await;
    eprintln!(
        "{backend:?}: {} registrations answered before the kill, {stored} stored",
        answered.len()
    );
    assert!(
        stored as usize >= answered.len(),
        "{stored} stored, {} answered",
        answered.len()
    );
    drop(again);
    // The audit chain is whole.
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_huixiang"))
        .args(["check", "--database-url", &test_db.url])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_killed_mid_load_loses_nothing_answered() {
    killed_mid_load_loses_nothing_answered(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_killed_mid_load_loses_nothing_answered() {
    killed_mid_load_loses_nothing_answered(Backend::Postgres).await;
}
