//! R20 over HTTP on both databases: while a clerk registers, earlier complaints of the last 12
//! months that may be the same matter are suggested — a paraphrase from the same person, and a
//! neighbour's complaint about the same problem — but not an unrelated complaint from the same
//! building, nothing older than the window, and nothing the clerk may not see.

use huixiang_testkit::{Backend, TestApp, on_both_backends, phone_complaint, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn form(
    name: &str,
    phone: &str,
    address: &str,
    title: &str,
    problem: &str,
    demands: &str,
) -> Value {
    json!({
        "channel": "phone", "category": "environment", "title": title,
        "complainant": {"name": name, "phone": phone, "address": address},
        "problem": problem, "demands": demands
    })
}

async fn register(app: &TestApp, body: Value) -> String {
    let answer = app.post(Some("clerk"), "/api/v1/complaints", body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    answer.body["number"].as_str().unwrap().to_owned()
}

async fn r20_repeats_are_suggested_at_registration(backend: Backend) {
    let mut app = spawn_app(backend).await;
    // Fourteen months ago, the same person about the same site: outside the window.
    app.travel_to(time::macros::datetime!(2025-01-05 10:00 +8))
        .await;
    let too_old = register(&app, phone_complaint()).await;
    app.travel_to(time::macros::datetime!(2026-02-10 10:00 +8))
        .await;
    // 王秀英's first complaint about the night works (phone_complaint), …
    let original = register(&app, phone_complaint()).await;
    // … a neighbour about the same works, …
    let neighbour = register(
        &app,
        form(
            "李国强",
            "13911112222",
            "幸福苑12号楼501室",
            "幸福路工地半夜施工",
            "幸福路工地每天夜里十一点以后仍在施工打桩，噪音很大，孩子睡不着。",
            "要求夜间停止施工。",
        ),
    )
    .await;
    // … and an unrelated complaint from the same building.
    let unrelated = register(
        &app,
        form(
            "赵敏",
            "13733334444",
            "幸福苑12号楼101室",
            "楼道堆放杂物",
            "12号楼楼道里长期堆放纸箱和旧家具，存在消防隐患。",
            "要求物业清理楼道。",
        ),
    )
    .await;
    app.travel_to(time::macros::datetime!(2026-03-02 09:00 +8))
        .await;

    // 王秀英 calls again, in other words.
    let again = form(
        "王秀英",
        "138-0013-8000",
        "幸福苑12号楼302室",
        "工地晚上还在打桩",
        "上次反映的幸福路工地夜间施工噪音问题还没解决，夜里十一点以后照样打桩。",
        "要求停止夜间施工并依法处理。",
    );
    let found = app
        .post(
            Some("clerk"),
            "/api/v1/complaints/repeat-suggestions",
            again.clone(),
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{found:?}");
    let items = found.body.as_array().unwrap();
    let numbers: Vec<&str> = items
        .iter()
        .map(|s| s["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [original.as_str(), neighbour.as_str()],
        "{found:?}"
    );
    assert!(!numbers.contains(&unrelated.as_str()) && !numbers.contains(&too_old.as_str()));
    assert_eq!(
        items[0]["reasons"],
        json!(["same_phone", "same_name_and_address", "similar_text"])
    );
    assert_eq!(items[0]["reason_labels"][0], "同一联系电话");
    assert_eq!(items[1]["reasons"], json!(["similar_text"]));
    assert!(items[1]["score"].as_f64().unwrap() >= 0.3);

    // Nothing is registered by asking; handlers may not ask.
    let list = app.get(Some("clerk"), "/api/v1/complaints").await;
    assert_eq!(list.body["total"], 4);
    let refused = app
        .post(
            Some("handler"),
            "/api/v1/complaints/repeat-suggestions",
            again.clone(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A case the clerk may not see is never suggested: here the clerk is the accused.
    let clerk = app.user_id("clerk").await;
    let mut accusation = phone_complaint();
    accusation["accusation"] = json!({"accused_name": "窗口人员", "accused_user": clerk});
    let answer = app
        .post(Some("office"), "/api/v1/complaints", accusation)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let found = app
        .post(
            Some("clerk"),
            "/api/v1/complaints/repeat-suggestions",
            again,
        )
        .await;
    assert_eq!(found.body.as_array().unwrap().len(), 2);
    app.cleanup().await;
}

on_both_backends!(r20_repeats_are_suggested_at_registration);
