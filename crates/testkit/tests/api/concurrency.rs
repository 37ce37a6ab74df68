//! Numbers stay unique and steps stay whole under concurrent requests, on both databases.

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
    concurrent_steps_on_one_case_apply_once,
);
