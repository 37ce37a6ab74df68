//! R7, R17 over HTTP on both databases: an accusation never reaches the accused person; the
//! accused unit and the units under it neither handle nor see it until an organizational
//! approval is recorded; an accusation against the center's staff goes to the director; every
//! read of an accusation case is recorded.

use huixiang_testkit::web::WebClient;
use huixiang_testkit::{Backend, TestApp, on_both_backends, phone_complaint, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn register_accusation(app: &TestApp, by: &str, accusation: Value) -> String {
    let mut form = phone_complaint();
    form["title"] = json!("举报执法人员吃拿卡要");
    form["accusation"] = accusation;
    let answer = app.post(Some(by), "/api/v1/complaints", form).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    assert!(answer.body["accusation"].is_object());
    answer.body["id"].as_str().unwrap().to_owned()
}

fn review(lead: &str, co: &[&str]) -> Value {
    json!({"opinion": "请核查", "decision": "transfer", "lead_unit": lead, "co_units": co,
           "deadline_rule": "ordinary"})
}

/// What `user` can find of case `id`: by id, in the list, in its history, in the ledger export.
async fn finds(app: &TestApp, user: &str, id: &str) -> [bool; 4] {
    let by_id = app.complaint(user, id).await.status == StatusCode::OK;
    let list = app.get(Some(user), "/api/v1/complaints?per_page=100").await;
    let listed = list.body["items"]
        .as_array()
        .is_some_and(|items| items.iter().any(|c| c["id"] == id));
    let history = app
        .get(Some(user), &format!("/api/v1/complaints/{id}/events"))
        .await
        .status
        == StatusCode::OK;
    let mut web = app.web(user).await;
    let export = web.get("/ledger/export.csv").await;
    let exported = export.body.contains("举报执法人员吃拿卡要");
    [by_id, listed, history, exported]
}

async fn r7_the_accused_unit_gets_it_only_after_approval_and_the_accused_person_never(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let city = app.unit("city").0.to_string();
    let team = app.unit("cityteam").0.to_string();
    let housing = app.unit("housing").0.to_string();
    let accused = app.user_id("handler").await;
    let id = register_accusation(
        &app,
        "clerk",
        json!({"accused_name": "张某", "accused_unit": city, "accused_user": accused}),
    )
    .await;
    // R7: not to the accused unit, nor to a unit under it, nor as a co-handling unit.
    for (lead, co) in [
        (&city, vec![]),
        (&team, vec![]),
        (&housing, vec![city.as_str()]),
    ] {
        let answer = app.act("leader", &id, "review", review(lead, &co)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert_eq!(answer.code(), "accused_unit_shielded", "{lead} {co:?}");
    }
    // The approval: not by a leader; by the office, with approver and document, once.
    let approve = json!({"approver": "区纪委 王书记", "document": "区纪发〔2026〕12号"});
    let answer = app
        .act("leader", &id, "approve-disclosure", approve.clone())
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let answer = app
        .act(
            "office",
            &id,
            "approve-disclosure",
            json!({"document": "区纪发〔2026〕12号"}),
        )
        .await;
    assert_eq!(answer.body["error"]["field"], "approver");
    let answer = app
        .act("office", &id, "approve-disclosure", approve.clone())
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert_eq!(
        answer.body["disclosure_approval"]["document"],
        "区纪发〔2026〕12号"
    );
    let again = app.act("office", &id, "approve-disclosure", approve).await;
    assert_eq!(again.code(), "approval_not_needed");
    // Approved: the accused unit may now handle it…
    let answer = app
        .act("leader", &id, "review", review(&city, &[&team]))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    // …but the accused person, though his unit leads, finds nothing anywhere.
    for (user, sees) in [
        ("handler", false),
        ("depthead", true),
        ("teamhandler", true),
        ("outsider", false),
        ("clerk", true),
        ("office", true),
        ("leader", true),
        ("overseer", true),
    ] {
        assert_eq!(finds(&app, user, &id).await, [sees; 4], "{user}");
    }
    let answer = app.act("handler", &id, "acknowledge", json!({})).await;
    assert_eq!(
        answer.status,
        StatusCode::NOT_FOUND,
        "the accused cannot act on it either"
    );
    let mut web = app.web("handler").await;
    for link in [
        format!("/complaints/{id}"),
        format!("/complaints/{id}/print/dossier"),
    ] {
        assert_eq!(web.get(&link).await.status, StatusCode::NOT_FOUND, "{link}");
    }
    // Every read is on record, with who and which view; only the office and leaders see it.
    let reads = app
        .get(Some("office"), &format!("/api/v1/complaints/{id}/reads"))
        .await;
    let reads = reads.body.as_array().unwrap();
    let who_what: Vec<(String, String)> = reads
        .iter()
        .map(|r| {
            (
                r["user_name"].as_str().unwrap().to_owned(),
                r["view"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("depthead同志", "case"),
        ("overseer同志", "history"),
        ("clerk同志", "case"),
    ] {
        assert!(
            who_what.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {who_what:?}"
        );
    }
    assert!(!who_what.iter().any(|(name, _)| name == "handler同志"));
    let answer = app
        .get(Some("depthead"), &format!("/api/v1/complaints/{id}/reads"))
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}

async fn r7_staff_of_the_accused_unit_see_nothing_before_approval(backend: Backend) {
    let app = spawn_app(backend).await;
    // The office registers an accusation against the intake section (the clerk's unit).
    let intake = app.unit("intake").0.to_string();
    let id = register_accusation(&app, "office", json!({"accused_unit": intake})).await;
    assert_eq!(finds(&app, "clerk", &id).await, [false; 4]);
    assert_eq!(finds(&app, "leader", &id).await, [true; 4]);
    // The workbench and reminders pages do not show it to the clerk either.
    let mut clerk = WebClient::new(&app.base);
    clerk.sign_in("clerk").await;
    for page in ["/workbench", "/ledger", "/reminders"] {
        assert!(!clerk.get(page).await.has("举报执法人员吃拿卡要"), "{page}");
    }
    // The clerk who registers such a case is on its path and keeps seeing it.
    let own = register_accusation(&app, "clerk", json!({"accused_unit": intake})).await;
    assert_eq!(app.complaint("clerk", &own).await.status, StatusCode::OK);
    let list = app.get(Some("clerk"), "/api/v1/complaints").await;
    assert_eq!(list.body["total"], 1, "only the one the clerk registered");
    let approve = json!({"approver": "中心党支部", "document": "中支〔2026〕3号"});
    app.act("office", &id, "approve-disclosure", approve).await;
    assert_eq!(finds(&app, "clerk", &id).await, [true; 4]);
    app.cleanup().await;
}

async fn r17_an_accusation_against_center_staff_goes_to_the_director(backend: Backend) {
    let app = spawn_app(backend).await;
    let accused = app.user_id("leader").await;
    let id = register_accusation(
        &app,
        "clerk",
        json!({"accused_name": "leader同志", "accused_user": accused, "center_staff": true}),
    )
    .await;
    // The accused leader never finds it; the director reviews it and sends it to the office.
    assert_eq!(finds(&app, "leader", &id).await, [false; 4]);
    let office = app.unit("office").0.to_string();
    let in_house = json!({"opinion": "由中心办公室调查", "decision": "in_house",
                          "lead_unit": office, "deadline_rule": "ordinary"});
    let answer = app.act("director", &id, "review", in_house).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    // Registering names that do not exist is refused and draws no number.
    let mut form = phone_complaint();
    form["accusation"] = json!({"accused_unit": "00000000-0000-7000-8000-000000000000"});
    let answer = app.post(Some("clerk"), "/api/v1/complaints", form).await;
    assert_eq!(answer.code(), "unit_not_found");
    let mut form = phone_complaint();
    form["accusation"] = json!({"center_staff": true});
    let answer = app.post(Some("clerk"), "/api/v1/complaints", form).await;
    assert_eq!(answer.body["error"]["field"], "accused_name");
    app.cleanup().await;
}

on_both_backends!(
    r7_the_accused_unit_gets_it_only_after_approval_and_the_accused_person_never,
    r7_staff_of_the_accused_unit_see_nothing_before_approval,
    r17_an_accusation_against_center_staff_goes_to_the_director,
);
