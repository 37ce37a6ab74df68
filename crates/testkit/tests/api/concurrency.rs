//! Numbers stay unique and steps stay whole under concurrent requests, on both databases.

use huixiang_service::Db;
use huixiang_testkit::{Backend, phone_complaint, spawn_app};
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;

async fn r3_two_hundred_concurrent_registrations_get_distinct_numbers(backend: Backend) {
    let app = Arc::new(spawn_app(backend).await);
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let answer = app
                .post(Some("clerk"), "/api/v1/complaints", phone_complaint())
                .await;
            assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
            answer.body["number"].as_str().unwrap().to_owned()
        }));
    }
    let mut numbers = BTreeSet::new();
    for task in tasks {
        numbers.insert(task.await.unwrap());
    }
    assert_eq!(numbers.len(), 200, "200 distinct numbers");
    let expected: BTreeSet<String> = (1..=200).map(|n| format!("2026-{n:06}")).collect();
    assert_eq!(numbers, expected, "no gaps");
    let listed = app
        .get(Some("office"), "/api/v1/complaints?per_page=1")
        .await;
    assert_eq!(listed.body["total"], 200);
    Arc::into_inner(app).unwrap().cleanup().await;
}

/// Holds the database's write lock (SQLite) or the counters (PostgreSQL) until dropped, so
/// that registrations queue up behind it and are then written together.
async fn hold_writes(db: &Db) -> Box<dyn std::any::Any + Send> {
    match db {
        Db::Sqlite(pool) => Box::new(pool.begin_with("BEGIN IMMEDIATE").await.unwrap()),
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await.unwrap();
            sqlx::query("LOCK TABLE counters IN EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await
                .unwrap();
            Box::new(tx)
        }
    }
}

/// R3: registrations waiting together are committed together; one refused among them is
/// answered alone and draws no number, the others are written whole and numbered without gaps.
async fn r3_a_refusal_among_registrations_written_together_stands_alone(backend: Backend) {
    let app = Arc::new(spawn_app(backend).await);
    let lock = hold_writes(app.service.db()).await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let mut form = phone_complaint();
            if i == 7 {
                // Well-formed, but names a unit that does not exist: refused by the writer.
                form["accusation"] = json!({"accused_name": "张某",
                    "accused_unit": "00112233-4455-6677-8899-aabbccddeeff"});
            }
            app.post(Some("clerk"), "/api/v1/complaints", form).await
        }));
        if i == 0 {
            // The first is taken by the writer, which then waits for the lock; the rest queue.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(lock);
    let mut numbers = BTreeSet::new();
    for (i, task) in tasks.into_iter().enumerate() {
        let answer = task.await.unwrap();
        if i == 7 {
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{answer:?}");
            assert_eq!(answer.code(), "unit_not_found");
        } else {
            assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
            let id = answer.body["id"].as_str().unwrap();
            assert_eq!(app.events(id).await[0]["action"], "register");
            numbers.insert(answer.body["number"].as_str().unwrap().to_owned());
        }
    }
    let expected: BTreeSet<String> = (1..=11).map(|n| format!("2026-{n:06}")).collect();
    assert_eq!(numbers, expected, "no gaps, no duplicates");
    let listed = app
        .get(Some("office"), "/api/v1/complaints?per_page=1")
        .await;
    assert_eq!(listed.body["total"], 11);
    let chain = app.service.check_audit_chain().await.unwrap();
    assert!(chain.first_break.is_none(), "{chain:?}");
    Arc::into_inner(app).unwrap().cleanup().await;
}

async fn concurrent_steps_on_one_case_apply_once(backend: Backend) {
    let app = Arc::new(spawn_app(backend).await);
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    app.act(
        "leader",
        &id,
        "review",
        json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city}),
    )
    .await;
    let mut tasks = Vec::new();
    for user in [
        "handler", "depthead", "handler", "depthead", "handler", "depthead",
    ] {
        let (app, id) = (app.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            app.act(user, &id, "acknowledge", json!({})).await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        let answer = task.await.unwrap();
        match answer.status {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => assert!(
                matches!(answer.code(), "transition_not_allowed" | "version_conflict"),
                "{answer:?}"
            ),
            other => panic!("unexpected {other}: {answer:?}"),
        }
    }
    assert_eq!(ok, 1, "exactly one acknowledgement");
    let actions: Vec<String> = app
        .events(&id)
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["register", "review", "acknowledge"]);
    Arc::into_inner(app).unwrap().cleanup().await;
}

huixiang_testkit::on_both_backends!(
    r3_two_hundred_concurrent_registrations_get_distinct_numbers,
    r3_a_refusal_among_registrations_written_together_stands_alone,
    concurrent_steps_on_one_case_apply_once,
);
