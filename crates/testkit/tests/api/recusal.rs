//! R32 over HTTP on both databases: declared conflicts and recusals keep a member of staff from
//! a case — they neither see it (refused with the reason, left out of lists) nor act on it.

use huixiang_testkit::{Backend, TestApp, on_both_backends, phone_complaint, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn listed(list: &Value, id: &str) -> bool {
    list["items"]
        .as_array()
        .is_some_and(|items| items.iter().any(|c| c["id"] == id))
}

async fn dispatched_to_city(app: &TestApp) -> String {
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    let answer = app
        .act(
            "leader",
            &id,
            "review",
            json!({"opinion": "请核查", "decision": "transfer", "lead_unit": city}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    id
}

async fn r32_a_declared_relative_keeps_a_handler_from_the_case(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = dispatched_to_city(&app).await;
    // The complainant's phone is 13800138000; the handler declares it, typed with spaces.
    let answer = app
        .post(
            Some("handler"),
            "/api/v1/me/conflicts",
            json!({"kind": "phone", "value": "138 0013 8000", "note": "我母亲"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
    let answer = app.complaint("handler", &id).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.code(), "recused");
    assert!(
        answer.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("电话")
    );
    let list = app.get(Some("handler"), "/api/v1/complaints").await;
    assert!(!listed(&list.body, &id));
    assert_eq!(list.body["total"], 0);
    // A recused handler cannot take the case on; the department head can.
    let answer = app.act("handler", &id, "acknowledge", json!({})).await;
    assert_eq!(answer.code(), "recused");
    let answer = app.act("depthead", &id, "acknowledge", json!({})).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["state"], "in_progress");
    let mut web = app.web("handler").await;
    assert!(!web.get("/workbench").await.has("夜间施工噪音扰民"));
    assert_eq!(
        web.get(&format!("/complaints/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
    // The declaration is on record, and withdrawing it lifts the bar.
    let mine = app.get(Some("handler"), "/api/v1/me/conflicts").await;
    assert_eq!(mine.body[0]["kind"], "phone");
    assert_eq!(mine.body[0]["value"], "13800138000");
    assert!(mine.body[0]["declared_at"].is_string());
    let page = web
        .post("/conflicts", &[("withdraw", "phone:13800138000")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(app.complaint("handler", &id).await.status, StatusCode::OK);
    app.cleanup().await;
}

async fn r32_a_leader_steps_aside_and_the_director_reviews(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let answer = app
        .post(
            Some("leader"),
            &format!("/api/v1/complaints/{id}/recuse"),
            json!({"note": "投诉人是我的邻居"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert_eq!(app.complaint("leader", &id).await.code(), "recused");
    let office = app.unit("office").0.to_string();
    let review = json!({"opinion": "请办公室核实", "decision": "in_house", "lead_unit": office});
    assert_eq!(
        app.act("leader", &id, "review", review.clone())
            .await
            .code(),
        "recused"
    );
    assert_eq!(
        app.act("director", &id, "review", review).await.status,
        StatusCode::OK
    );
    // A recusal from a case cannot be withdrawn.
    let mut web = app.web("leader").await;
    web.post("/conflicts", &[("withdraw", &format!("case:{id}"))])
        .await;
    assert_eq!(app.complaint("leader", &id).await.code(), "recused");
    // The other ways to declare: a name matched against the accused, and a unit.
    let mut form = phone_complaint();
    form["accusation"] = json!({"accused_name": "钱某"});
    let accusation = app.post(Some("clerk"), "/api/v1/complaints", form).await;
    let accusation = accusation.body["id"].as_str().unwrap().to_owned();
    app.post(
        Some("office"),
        "/api/v1/me/conflicts",
        json!({"kind": "name", "value": "钱某"}),
    )
    .await;
    assert_eq!(app.complaint("office", &accusation).await.code(), "recused");
    // Bad declarations are refused and record nothing.
    for (body, field) in [
        (json!({"kind": "astrology", "value": "x"}), "kind"),
        (json!({"kind": "phone", "value": "not a phone"}), "value"),
        (json!({"kind": "unit", "value": "not-an-id"}), "value"),
        (
            json!({"kind": "case", "value": "00000000-0000-7000-8000-000000000000"}),
            "",
        ),
        (json!({"kind": "name"}), "value"),
    ] {
        let answer = app.post(Some("clerk"), "/api/v1/me/conflicts", body).await;
        assert!(answer.status.is_client_error(), "{answer:?}");
        assert_eq!(answer.body["error"]["field"].as_str().unwrap_or(""), field);
    }
    let mine = app.get(Some("clerk"), "/api/v1/me/conflicts").await;
    assert_eq!(mine.body.as_array().unwrap().len(), 0);
    app.cleanup().await;
}

on_both_backends!(
    r32_a_declared_relative_keeps_a_handler_from_the_case,
    r32_a_leader_steps_aside_and_the_director_reviews,
);
