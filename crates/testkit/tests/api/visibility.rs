//! Who sees which complaint: handling staff only their unit's, the administrator none; a case
//! one may not see answers exactly like one that does not exist.

use huixiang_testkit::{Backend, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

async fn r6_r16_handlers_see_only_their_units_cases(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    let welfare = app.unit("welfare").0.to_string();
    // Before dispatch no handler sees it.
    for user in ["handler", "cohandler", "outsider", "depthead"] {
        assert_eq!(
            app.complaint(user, &id).await.status,
            StatusCode::NOT_FOUND,
            "{user}"
        );
    }
    app.act("leader", &id, "review", json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city, "co_units": [welfare]})).await;
    for (user, sees) in [
        ("handler", true),
        ("depthead", true),
        ("cohandler", true),
        ("outsider", false),
        ("clerk", true),
        ("overseer", true),
        ("admin", false),
    ] {
        let answer = app.complaint(user, &id).await;
        let expected = if sees {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(answer.status, expected, "{user}");
        let events = app
            .get(Some(user), &format!("/api/v1/complaints/{id}/events"))
            .await;
        assert_eq!(events.status, expected, "{user} events");
    }
    let unknown = app
        .complaint("outsider", "01890000-0000-7000-8000-000000000000")
        .await;
    let hidden = app.complaint("outsider", &id).await;
    assert_eq!(
        unknown.body, hidden.body,
        "hidden answers exactly like missing"
    );
    for (user, total) in [
        ("handler", 1),
        ("cohandler", 1),
        ("outsider", 0),
        ("office", 1),
    ] {
        let listed = app.get(Some(user), "/api/v1/complaints").await;
        assert_eq!(listed.body["total"], total, "{user}");
    }
    app.cleanup().await;
}

/// R12, R13: a department head of the assigning unit sees what it assigned (to review the
/// result); a plain handler there does not — by id and in lists alike.
async fn r13_the_assigning_units_head_sees_its_cases_and_its_handlers_do_not(backend: Backend) {
    let app = spawn_app(backend).await;
    let center = app.unit("center").0.to_string();
    for (username, role) in [("centerhead", "dept_head"), ("centerhandler", "handler")] {
        let body = json!({"username": username, "display_name": username, "role": role, "unit": center, "password": "password-123"});
        assert_eq!(
            app.post(Some("admin"), "/api/v1/users", body).await.status,
            StatusCode::CREATED
        );
    }
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    app.act(
        "leader",
        &id,
        "review",
        json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city}),
    )
    .await;
    for (username, sees) in [("centerhead", true), ("centerhandler", false)] {
        let token = app.login(username, "password-123").await;
        let get = |path: String| {
            app.client
                .get(format!("{}{path}", app.base))
                .bearer_auth(token.clone())
                .send()
        };
        let by_id = get(format!("/api/v1/complaints/{id}"))
            .await
            .unwrap()
            .status();
        assert_eq!(
            by_id,
            if sees {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            },
            "{username}"
        );
        let listed: serde_json::Value = get("/api/v1/complaints".into())
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(listed["total"], if sees { 1 } else { 0 }, "{username}");
    }
    app.cleanup().await;
}

huixiang_testkit::on_both_backends!(
    r6_r16_handlers_see_only_their_units_cases,
    r13_the_assigning_units_head_sees_its_cases_and_its_handlers_do_not,
);
