//! Personal data over HTTP on both databases: the complainant's identity and contacts in full
//! only for the center staff and the lead unit; masked for co-handling units and the overseer,
//! in lists, in history, on pages and in exports (in full only for the center office's ledger).

use huixiang_testkit::{Backend, on_both_backends, phone_complaint, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

async fn the_complainant_is_masked_for_those_without_the_need_to_know(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    let welfare = app.unit("welfare").0.to_string();
    let answer = app
        .act(
            "leader",
            &id,
            "review",
            json!({"opinion": "请核查", "decision": "transfer", "lead_unit": city, "co_units": [welfare]}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    for (user, full) in [
        ("clerk", true),
        ("office", true),
        ("leader", true),
        ("handler", true),
        ("depthead", true),
        ("cohandler", false),
        ("overseer", false),
    ] {
        let c = app.complaint(user, &id).await.body;
        let (name, phone) = if full {
            ("王秀英", "13800138000")
        } else {
            ("王**", "138****8000")
        };
        assert_eq!(c["complainant"]["name"], name, "{user}");
        assert_eq!(c["complainant"]["phone"], phone, "{user}");
        let list = app.get(Some(user), "/api/v1/complaints").await.body;
        assert_eq!(list["items"][0]["complainant_name"], name, "{user} list");
        let mut web = app.web(user).await;
        let page = web.get(&format!("/complaints/{id}")).await;
        assert_eq!(page.has("13800138000"), full, "{user} page");
    }
    // An edit of the phone shows its before and after only to those who may see them.
    let mut form = phone_complaint();
    form["complainant"]["phone"] = json!("13900139000");
    let mut edit = form.clone();
    edit["reason"] = json!("投诉人更换了号码");
    let answer = app.act("clerk", &id, "edit", edit).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    let history = |user: &'static str| {
        let app = &app;
        let id = id.clone();
        async move {
            let events = app
                .get(Some(user), &format!("/api/v1/complaints/{id}/events"))
                .await
                .body;
            events.as_array().unwrap().last().unwrap()["detail"]["changes"][0].clone()
        }
    };
    assert_eq!(history("handler").await["after"], "13900139000");
    assert_eq!(history("cohandler").await["after"], "****");
    assert_eq!(history("cohandler").await["before"], "****");
    // Exports: in full for the office's ledger, masked for everyone else.
    let mut office = app.web("office").await;
    assert!(office.get("/ledger/export.csv").await.has("13900139000"));
    let mut clerk = app.web("clerk").await;
    let csv = clerk.get("/ledger/export.csv").await;
    assert!(
        csv.has("139****9000") && !csv.has("13900139000"),
        "{}",
        csv.body
    );
    app.cleanup().await;
}

on_both_backends!(the_complainant_is_masked_for_those_without_the_need_to_know);
