//! `huixiang check` as an operator runs it: a demo center's audit chain is intact; after one
//! event is changed straight in the database the command names the broken link and fails.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use huixiang_service::{Db, demo};
use std::process::Command;

fn huixiang(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_huixiang"))
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("huixiang runs")
}

#[tokio::test]
async fn check_detects_a_tampered_audit_event() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    assert!(huixiang(&["migrate", "--data-dir", data]).status.success());
    let db = Db::connect(&format!("sqlite://{data}/huixiang.db"))
        .await
        .unwrap();
    demo::fill(&db, time::OffsetDateTime::now_utc())
        .await
        .unwrap();

    let ok = huixiang(&["check", "--data-dir", data]);
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "{out}");
    assert!(out.contains("audit chain intact"), "{out}");

    let Db::Sqlite(pool) = &db else {
        unreachable!()
    };
    sqlx::query("UPDATE complaint_events SET actor_name = '某人' WHERE chain_seq = 5")
        .execute(pool)
        .await
        .unwrap();
    db.close().await;
    let broken = huixiang(&["check", "--data-dir", data]);
    let err = String::from_utf8_lossy(&broken.stderr);
    assert_eq!(broken.status.code(), Some(1), "{err}");
    assert!(err.contains("broken at link 5: ContentChanged"), "{err}");
}
