//! Bad input of every kind: a 4xx with a stable code and a clear message, and nothing changed.

use huixiang_testkit::{Backend, TestApp, phone_complaint, spawn_app, verdicts};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The complaint's version and event count, to show a refusal changed nothing.
async fn snapshot(app: &TestApp, id: &str) -> (Value, usize) {
    let c = app.complaint("office", id).await.body;
    (c["version"].clone(), app.events(id).await.len())
}

fn assert_refused(answer: &huixiang_testkit::Answer, status: StatusCode, code: &str) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(answer.code(), code, "{answer:?}");
    let message = answer.body["error"]["message"].as_str().unwrap();
    assert!(!message.is_empty());
}

async fn r3_registration_refuses_bad_forms_and_draws_no_number(backend: Backend) {
    let app = spawn_app(backend).await;
    type Change = fn(&mut Value);
    let cases: Vec<(Change, &str, &str)> = vec![
        (
            |f| f["complainant"]["name"] = Value::Null,
            "field_missing",
            "complainant.name",
        ),
        (|f| f["problem"] = json!("   "), "field_missing", "problem"),
        (|f| f["demands"] = Value::Null, "field_missing", "demands"),
        (|f| f["title"] = Value::Null, "field_missing", "title"),
        (|f| f["category"] = Value::Null, "field_missing", "category"),
        (
            |f| f["complainant"]["phone"] = Value::Null,
            "field_missing",
            "complainant.phone",
        ),
        (
            |f| f["channel"] = json!("fax"),
            "field_unknown_value",
            "channel",
        ),
        (
            |f| f["category"] = json!("weather"),
            "field_unknown_value",
            "category",
        ),
        (
            |f| f["problem"] = json!("噪".repeat(5001)),
            "field_too_long",
            "problem",
        ),
        (
            |f| f["title"] = json!("标".repeat(101)),
            "field_too_long",
            "title",
        ),
        (
            |f| f["complainant"]["name"] = json!("王\u{0}秀英"),
            "field_bad_characters",
            "complainant.name",
        ),
        (
            |f| f["complainant"]["phone"] = json!("call me"),
            "field_bad_format",
            "complainant.phone",
        ),
    ];
    for (change, code, field) in cases {
        let mut form = phone_complaint();
        change(&mut form);
        let answer = app.post(Some("clerk"), "/api/v1/complaints", form).await;
        assert_refused(&answer, StatusCode::BAD_REQUEST, code);
        assert_eq!(answer.body["error"]["field"], field);
    }
    let message = app
        .post(
            Some("clerk"),
            "/api/v1/complaints",
            json!({"channel": "phone"}),
        )
        .await;
    assert_eq!(message.body["error"]["message"], "请填写投诉类别。");
    let listed = app.get(Some("office"), "/api/v1/complaints").await;
    assert_eq!(listed.body["total"], 0, "nothing was registered");
    let first = app
        .post(Some("clerk"), "/api/v1/complaints", phone_complaint())
        .await;
    assert_eq!(
        first.body["number"], "2026-000001",
        "refused forms drew no number"
    );
    app.cleanup().await;
}

async fn malformed_and_oversized_requests(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = "/api/v1/complaints";
    let bad_json = app
        .post_raw(
            Some("clerk"),
            path,
            "application/json",
            b"{\"channel\": ".to_vec(),
        )
        .await;
    assert_refused(&bad_json, StatusCode::BAD_REQUEST, "malformed_request");
    let wrong_type = app
        .post_raw(
            Some("clerk"),
            path,
            "application/json",
            br#"{"title": 5}"#.to_vec(),
        )
        .await;
    assert_refused(&wrong_type, StatusCode::BAD_REQUEST, "malformed_request");
    let not_json = app
        .post_raw(Some("clerk"), path, "text/plain", b"hello".to_vec())
        .await;
    assert_refused(&not_json, StatusCode::BAD_REQUEST, "malformed_request");
    let mut huge = phone_complaint();
    huge["problem"] = json!("x".repeat(400 * 1024));
    let too_large = app.post(Some("clerk"), path, huge).await;
    assert_refused(
        &too_large,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    let nowhere = app.get(Some("clerk"), "/api/v1/nowhere").await;
    assert_refused(&nowhere, StatusCode::NOT_FOUND, "route_not_found");
    let wrong_method = app
        .client
        .delete(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = wrong_method.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    for bad_id in [
        "not-a-uuid",
        "00000000-0000-0000-0000-000000000000",
        "%27%20OR%201%3D1",
    ] {
        let answer = app
            .get(Some("office"), &format!("/api/v1/complaints/{bad_id}"))
            .await;
        assert_refused(&answer, StatusCode::NOT_FOUND, "complaint_not_found");
    }
    assert_eq!(
        app.get(Some("office"), "/api/v1/complaints").await.body["total"],
        0
    );
    app.cleanup().await;
}

async fn tokens_and_passwords(backend: Backend) {
    let app = spawn_app(backend).await;
    let none = app.get(None, "/api/v1/complaints").await;
    assert_refused(&none, StatusCode::UNAUTHORIZED, "unauthenticated");
    let forged = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth("forged-token")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let wrong = app
        .post(
            None,
            "/api/v1/auth/login",
            json!({"username": "clerk", "password": "wrong-password"}),
        )
        .await;
    assert_refused(&wrong, StatusCode::UNAUTHORIZED, "bad_credentials");
    let unknown = app
        .post(
            None,
            "/api/v1/auth/login",
            json!({"username": "nobody", "password": "wrong-password"}),
        )
        .await;
    assert_eq!(
        unknown.body, wrong.body,
        "an unknown user answers like a wrong password"
    );
    let nul = json!({"username": "cl\u{0}erk", "password": "x\u{0}"});
    let nul = app.post(None, "/api/v1/auth/login", nul).await;
    assert_refused(&nul, StatusCode::UNAUTHORIZED, "bad_credentials");
    let missing = app
        .post(None, "/api/v1/auth/login", json!({"username": "clerk"}))
        .await;
    assert_refused(&missing, StatusCode::BAD_REQUEST, "field_missing");
    // A token stops working at logout.
    let token = app.login("clerk", huixiang_testkit::PASSWORD).await;
    let me = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let out = app
        .client
        .post(format!("{}/api/v1/auth/logout", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let after = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    // A token expires twelve hours after login.
    let token = app.login("clerk", huixiang_testkit::PASSWORD).await;
    app.clock
        .advance(time::Duration::hours(12) + time::Duration::seconds(1));
    let expired = app
        .client
        .get(format!("{}/api/v1/me", app.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

async fn workflow_refusals_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    let district = app.unit("district").0.to_string();
    let before = snapshot(&app, &id).await;

    // The table forbids it in this state.
    let early = app.act("office", &id, "archive", json!({})).await;
    assert_refused(&early, StatusCode::CONFLICT, "transition_not_allowed");
    // The role may never do it.
    let clerk_review = app
        .act(
            "clerk",
            &id,
            "review",
            json!({"opinion": "x", "decision": "transfer", "lead_unit": city}),
        )
        .await;
    assert_refused(&clerk_review, StatusCode::FORBIDDEN, "role_not_allowed");
    // Unknown and unfit units.
    let unknown_unit = app.act("leader", &id, "review", json!({"opinion": "x", "decision": "transfer", "lead_unit": "01890000-0000-7000-8000-000000000000"})).await;
    assert_refused(&unknown_unit, StatusCode::BAD_REQUEST, "unit_not_found");
    assert_eq!(unknown_unit.body["error"]["field"], "lead_unit");
    let in_house_outside = app
        .act(
            "leader",
            &id,
            "review",
            json!({"opinion": "x", "decision": "in_house", "lead_unit": city}),
        )
        .await;
    assert_refused(
        &in_house_outside,
        StatusCode::BAD_REQUEST,
        "lead_unit_wrong_kind",
    );
    let co_higher = app.act("leader", &id, "review", json!({"opinion": "x", "decision": "transfer", "lead_unit": city, "co_units": [district]})).await;
    assert_refused(&co_higher, StatusCode::BAD_REQUEST, "co_unit_invalid");
    let no_opinion = app
        .act(
            "leader",
            &id,
            "review",
            json!({"decision": "transfer", "lead_unit": city}),
        )
        .await;
    assert_refused(&no_opinion, StatusCode::BAD_REQUEST, "field_missing");
    let no_reason = app.act("clerk", &id, "withdraw", json!({})).await;
    assert_refused(&no_reason, StatusCode::BAD_REQUEST, "field_missing");
    let same = app
        .act("clerk", &id, "edit", {
            let mut f = phone_complaint();
            f["reason"] = json!("核对");
            f
        })
        .await;
    assert_refused(&same, StatusCode::BAD_REQUEST, "nothing_changed");
    assert_eq!(snapshot(&app, &id).await, before, "nothing changed");

    // Dispatched to the city unit: others may not act for it.
    app.act("leader", &id, "review", json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city, "co_units": [app.unit("welfare").0.to_string()]})).await;
    let before = snapshot(&app, &id).await;
    let co_ack = app.act("cohandler", &id, "acknowledge", json!({})).await;
    assert_refused(&co_ack, StatusCode::FORBIDDEN, "not_your_unit");
    let outsider = app.act("outsider", &id, "acknowledge", json!({})).await;
    assert_refused(&outsider, StatusCode::NOT_FOUND, "complaint_not_found");
    let leader_ack = app.act("leader", &id, "acknowledge", json!({})).await;
    assert_refused(&leader_ack, StatusCode::FORBIDDEN, "role_not_allowed");
    assert_eq!(snapshot(&app, &id).await, before, "nothing changed");

    // R12, R13: incomplete materials and reviews.
    app.act("handler", &id, "acknowledge", json!({})).await;
    let no_met = app
        .act(
            "handler",
            &id,
            "result",
            json!({"findings": "f", "handling": "h", "reply": "r"}),
        )
        .await;
    assert_refused(&no_met, StatusCode::BAD_REQUEST, "field_missing");
    assert_eq!(no_met.body["error"]["field"], "complainant_met");
    app.act(
        "handler",
        &id,
        "result",
        json!({"findings": "f", "handling": "h", "reply": "r", "complainant_met": true}),
    )
    .await;
    let before = snapshot(&app, &id).await;
    let mut five = verdicts(None);
    five["criteria"].as_array_mut().unwrap().pop();
    let incomplete = app.act("office", &id, "closure-review", five).await;
    assert_refused(&incomplete, StatusCode::BAD_REQUEST, "criterion_missing");
    assert_eq!(incomplete.body["error"]["field"], "persuasion_assigned");
    let mut unexplained = verdicts(None);
    unexplained["criteria"][0]["passed"] = json!(false);
    let unexplained = app.act("office", &id, "closure-review", unexplained).await;
    assert_refused(
        &unexplained,
        StatusCode::BAD_REQUEST,
        "criterion_reason_missing",
    );
    let handler_reviews = app
        .act("handler", &id, "closure-review", verdicts(None))
        .await;
    assert_refused(&handler_reviews, StatusCode::FORBIDDEN, "role_not_allowed");
    let foreign_head = app
        .act("depthead", &id, "closure-review", verdicts(None))
        .await;
    assert_refused(&foreign_head, StatusCode::FORBIDDEN, "not_your_unit");
    assert_eq!(snapshot(&app, &id).await, before, "nothing changed");
    app.cleanup().await;
}

async fn messages_in_english_on_request(backend: Backend) {
    let app = spawn_app(backend).await;
    let answer = app
        .client
        .post(format!("{}/api/v1/complaints", app.base))
        .bearer_auth(app.token("clerk"))
        .header("accept-language", "en-US,en;q=0.9")
        .json(&json!({"channel": "phone", "category": "environment"}))
        .send()
        .await
        .unwrap();
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["message"], "Title is required.");
    let by_query = app
        .post(Some("clerk"), "/api/v1/complaints?lang=en", json!({}))
        .await;
    assert_eq!(by_query.body["error"]["message"], "Channel is required.");
    let zh = app
        .post(Some("clerk"), "/api/v1/complaints", json!({}))
        .await;
    assert_eq!(zh.body["error"]["message"], "请填写投诉渠道。");
    app.cleanup().await;
}

async fn administration_is_for_the_administrator(backend: Backend) {
    let app = spawn_app(backend).await;
    let unit = app.unit("city").0.to_string();
    let user = json!({"username": "newclerk", "display_name": "新同志", "role": "clerk", "unit": unit, "password": "long-enough-1"});
    let by_clerk = app.post(Some("clerk"), "/api/v1/users", user.clone()).await;
    assert_refused(&by_clerk, StatusCode::FORBIDDEN, "admin_only");
    let created = app.post(Some("admin"), "/api/v1/users", user.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{created:?}");
    assert!(created.body.get("password_hash").is_none());
    let taken = app.post(Some("admin"), "/api/v1/users", user).await;
    assert_refused(&taken, StatusCode::CONFLICT, "username_taken");
    let short = app.post(Some("admin"), "/api/v1/users", json!({"username": "x", "display_name": "x", "role": "clerk", "unit": unit, "password": "short"})).await;
    assert_refused(&short, StatusCode::BAD_REQUEST, "field_too_short");
    let bad_role = app.post(Some("admin"), "/api/v1/users", json!({"username": "y", "display_name": "y", "role": "king", "unit": unit, "password": "long-enough-1"})).await;
    assert_refused(&bad_role, StatusCode::BAD_REQUEST, "field_unknown_value");
    assert_eq!(app.login("newclerk", "long-enough-1").await.len(), 64);
    // Units: the administrator adds and moves them; a unit cannot go under itself.
    let section = app.post(Some("admin"), "/api/v1/units", json!({"name": "信访科", "kind": "section", "parent": app.unit("center").0.to_string()})).await;
    assert_eq!(section.status, StatusCode::CREATED, "{section:?}");
    let section_id = section.body["id"].as_str().unwrap().to_owned();
    let sub = app
        .post(
            Some("admin"),
            "/api/v1/units",
            json!({"name": "信访二组", "kind": "section", "parent": section_id}),
        )
        .await;
    let sub_id = sub.body["id"].as_str().unwrap();
    let cycle = app
        .client
        .put(format!("{}/api/v1/units/{section_id}", app.base))
        .bearer_auth(app.token("admin"))
        .json(&json!({"name": "信访科", "kind": "section", "parent": sub_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(cycle.status(), StatusCode::BAD_REQUEST);
    let by_leader = app
        .post(
            Some("leader"),
            "/api/v1/units",
            json!({"name": "x", "kind": "section"}),
        )
        .await;
    assert_refused(&by_leader, StatusCode::FORBIDDEN, "admin_only");
    // The administrator manages the system, not complaints.
    let listing = app.get(Some("admin"), "/api/v1/complaints").await;
    assert_refused(&listing, StatusCode::FORBIDDEN, "not_permitted");
    let registering = app
        .post(Some("admin"), "/api/v1/complaints", phone_complaint())
        .await;
    assert_refused(&registering, StatusCode::FORBIDDEN, "role_not_allowed");
    app.cleanup().await;
}

huixiang_testkit::on_both_backends!(
    r3_registration_refuses_bad_forms_and_draws_no_number,
    malformed_and_oversized_requests,
    tokens_and_passwords,
    workflow_refusals_change_nothing,
    messages_in_english_on_request,
    administration_is_for_the_administrator,
);
