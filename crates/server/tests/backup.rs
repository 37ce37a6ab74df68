//! `huixiang backup`, `restore` and `migrate-data` as an operator runs them: a SQLite center is
//! backed up while it takes registrations, restored into PostgreSQL, and moved to PostgreSQL
//! whole, where it serves its staff; a PostgreSQL center's backup restores into SQLite. A
//! target that already holds data is refused.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{RegistrationLoad, get, login, start};
use huixiang_service::demo;
use huixiang_testkit::{Backend, TestDb, sql_number};
use reqwest::StatusCode;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn huixiang(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huixiang"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("HUIXIANG_DATA_DIR")
        .output()
        .expect("huixiang runs")
}

/// Standard output of a command that must succeed.
fn succeeds(args: &[&str]) -> String {
    let out = huixiang(args);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{args:?}\n{stdout}\n{stderr}");
    stdout.into_owned()
}

/// Standard error of a command that must fail.
fn fails(args: &[&str]) -> String {
    let out = huixiang(args);
    assert!(!out.status.success(), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The rows a command's table printed for `table`.
fn printed_rows(out: &str, table: &str) -> i64 {
    out.lines()
        .find_map(|l| {
            let mut words = l.split_whitespace();
            (words.next() == Some(table)).then(|| words.next()?.parse().ok())?
        })
        .unwrap_or_else(|| panic!("no row count for {table} in\n{out}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_center_is_backed_up_while_serving_restored_and_moved_to_postgres() {
    let source = TestDb::new(Backend::Sqlite).await;
    demo::fill(&source.db, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let demo_cases = sql_number(&source.db, "SELECT COUNT(*) FROM complaints").await;
    let client = reqwest::Client::new();
    let server = start(&source.url, &client).await;
    let (_, session) = login(&client, &server, "clerk", "clerk-demo-2026").await;
    let clerk = session["token"].as_str().unwrap().to_owned();

    // The backup runs while registrations come in.
    let load = RegistrationLoad::start(&client, &server, &clerk, 4);
    let started = Instant::now();
    while load.answered() < 10 {
        assert!(started.elapsed() < Duration::from_secs(30), "the load runs");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("center.backup");
    let file = file.to_str().unwrap();
    let written = succeeds(&["backup", "--database-url", &source.url, "--to", file]);
    let answered = load.finish().await;
    drop(server);
    let all_cases = sql_number(&source.db, "SELECT COUNT(*) FROM complaints").await;
    let backed_up = printed_rows(&written, "complaints");
    assert!(
        demo_cases + 10 <= backed_up && backed_up <= all_cases,
        "{demo_cases} + 10 <= {backed_up} <= {all_cases}"
    );
    assert!(
        fails(&["backup", "--database-url", &source.url, "--to", file]).contains("already exists")
    );

    // Restored into PostgreSQL: the same rows, checked; a second restore is refused.
    let restored_db = TestDb::new(Backend::Postgres).await;
    let restored = succeeds(&[
        "restore",
        "--from",
        file,
        "--database-url",
        &restored_db.url,
    ]);
    assert_eq!(printed_rows(&restored, "complaints"), backed_up);
    assert!(restored.contains("check passed"), "{restored}");
    let again = fails(&[
        "restore",
        "--from",
        file,
        "--database-url",
        &restored_db.url,
    ]);
    assert!(again.contains("already holds data"), "{again}");
    assert_eq!(
        sql_number(&restored_db.db, "SELECT COUNT(*) FROM complaints").await,
        backed_up
    );

    // Moved whole to PostgreSQL, where the staff sign in and find every answered case.
    let moved_db = TestDb::new(Backend::Postgres).await;
    let moved = succeeds(&["migrate-data", "--from", &source.url, "--to", &moved_db.url]);
    assert_eq!(printed_rows(&moved, "complaints"), all_cases);
    assert!(moved.contains("check passed"), "{moved}");
    let refused = fails(&["migrate-data", "--from", &source.url, "--to", &moved_db.url]);
    assert!(refused.contains("already holds data"), "{refused}");
    let server = start(&moved_db.url, &client).await;
    let (status, session) = login(&client, &server, "office", "office-demo-2026").await;
    assert_eq!(status, StatusCode::OK);
    let office = session["token"].as_str().unwrap();
    for (id, title) in answered.iter().take(20) {
        let (status, case) = get(
            &client,
            &server,
            office,
            &format!("/api/v1/complaints/{id}"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{id}");
        assert_eq!(case["title"].as_str(), Some(title.as_str()));
    }
    let (status, found) = get(&client, &server, office, "/api/v1/search?q=路灯").await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert!(found["total"].as_i64().unwrap() > 0, "{found}");
    drop(server);
    moved_db.cleanup().await;
    restored_db.cleanup().await;
    source.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_center_backs_up_into_a_file_that_restores_into_sqlite() {
    let source = TestDb::new(Backend::Postgres).await;
    demo::fill(&source.db, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    let cases = sql_number(&source.db, "SELECT COUNT(*) FROM complaints").await;
    let events = sql_number(&source.db, "SELECT COUNT(*) FROM complaint_events").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("center.backup");
    let file = file.to_str().unwrap();
    let written = succeeds(&["backup", "--database-url", &source.url, "--to", file]);
    assert_eq!(printed_rows(&written, "complaints"), cases);

    let data = dir.path().join("restored");
    let data = data.to_str().unwrap();
    // A wrong path is refused before anything is created.
    let missing = dir.path().join("no-such.backup");
    let refused = fails(&[
        "restore",
        "--from",
        missing.to_str().unwrap(),
        "--data-dir",
        data,
    ]);
    assert!(refused.contains("is not a backup file"), "{refused}");
    assert!(!std::path::Path::new(data).exists());
    let restored = succeeds(&["restore", "--from", file, "--data-dir", data]);
    assert_eq!(printed_rows(&restored, "complaint_events"), events);
    let checked = succeeds(&["check", "--data-dir", data]);
    assert!(
        checked.contains(&format!("audit chain intact: {events} events")),
        "{checked}"
    );
    assert!(checked.contains("check passed"), "{checked}");
    source.cleanup().await;
}
