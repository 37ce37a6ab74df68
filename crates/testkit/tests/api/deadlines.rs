//! R9, R11, R19, R22: due dates on the official working-day calendar, chosen at dispatch and
//! previewed before it; the calendar read, entered and imported.

use huixiang_testkit::{Backend, TestApp, phone_complaint, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::macros::datetime;

async fn dispatch(app: &TestApp, id: &str, extra: Value) -> Value {
    let mut body = json!({"opinion": "请核实处理", "decision": "transfer", "lead_unit": app.unit("city").0.to_string()});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let answer = app.act("leader", id, "review", body).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    answer.body
}

async fn r9_r22_dispatch_sets_the_due_date_by_rule(backend: Backend) {
    let mut app = spawn_app(backend).await; // the clock stands at 2026-03-02 09:00 Beijing time
    let ordinary = app.register().await;
    let c = dispatch(&app, &ordinary, json!({})).await;
    assert_eq!(c["dispatch"]["deadline"]["rule"], "ordinary");
    assert_eq!(c["dispatch"]["deadline"]["start"], "2026-03-02");
    assert_eq!(c["dispatch"]["deadline"]["due"], "2026-03-23");
    assert_eq!(
        c["dispatch"]["deadline"]["period"],
        json!({"count": 15, "unit": "working_days"})
    );
    assert_eq!(c["working_days_left"], 15);
    assert_eq!(c["calendar_missing"], false);

    let limited = app.register().await;
    let c = dispatch(
        &app,
        &limited,
        json!({"decision": "assign", "time_limit_count": 10, "time_limit_unit": "working_days"}),
    )
    .await;
    assert_eq!(c["dispatch"]["deadline"]["rule"], "leader_limit");
    assert_eq!(c["dispatch"]["deadline"]["due"], "2026-03-16");
    assert_eq!(
        c["dispatch"]["report_back_due"], "2026-05-06",
        "R11: two months, 2 May is Labour Day"
    );

    let assigned = app.register().await;
    let c = dispatch(&app, &assigned, json!({"decision": "assign"})).await;
    assert_eq!(c["dispatch"]["deadline"]["rule"], "assigned");
    assert_eq!(c["dispatch"]["deadline"]["due"], "2026-05-06");

    let historic = app.register().await;
    let c = dispatch(&app, &historic, json!({"deadline_rule": "historic"})).await;
    assert_eq!(c["dispatch"]["deadline"]["due"], "2026-06-02");
    assert_eq!(c["dispatch"]["report_back_due"], Value::Null);

    let mut letter = phone_complaint();
    letter["channel"] = json!("letter");
    let letter = app
        .post(Some("office"), "/api/v1/complaints", letter)
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let c = dispatch(&app, &letter, json!({})).await;
    assert_eq!(c["dispatch"]["deadline"]["rule"], "letter", "R19");

    // Days left count working days from today, and go negative once overdue.
    app.travel_to(datetime!(2026-03-20 10:00 +8)).await;
    assert_eq!(
        app.complaint("office", &ordinary).await.body["working_days_left"],
        1
    );
    app.travel_to(datetime!(2026-03-24 10:00 +8)).await;
    assert_eq!(
        app.complaint("office", &ordinary).await.body["working_days_left"],
        -1
    );

    // Bad deadline input is refused and changes nothing.
    let id = app.register().await;
    for (extra, code) in [
        (json!({"deadline_rule": "asap"}), "field_unknown_value"),
        (json!({"deadline_rule": "leader_limit"}), "field_missing"),
        (
            json!({"time_limit_count": 0, "time_limit_unit": "months"}),
            "field_bad_format",
        ),
        (
            json!({"time_limit_count": 3, "time_limit_unit": "weeks"}),
            "field_unknown_value",
        ),
        (
            json!({"deadline_rule": "ordinary", "time_limit_count": 3, "time_limit_unit": "months"}),
            "field_bad_format",
        ),
    ] {
        let mut body = json!({"opinion": "请核实", "decision": "assign", "lead_unit": app.unit("city").0.to_string()});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let answer = app.act("leader", &id, "review", body).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{extra}: {answer:?}"
        );
        assert_eq!(answer.code(), code, "{extra}");
    }
    assert_eq!(
        app.complaint("office", &id).await.body["state"],
        "registered"
    );
    app.cleanup().await;
}

async fn r9_the_due_date_is_previewed_before_dispatch(backend: Backend) {
    let app = spawn_app(backend).await;
    let preview = app
        .post(
            Some("leader"),
            "/api/v1/deadlines/preview",
            json!({"decision": "assign"}),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{preview:?}");
    assert_eq!(preview.body["rule"], "assigned");
    assert_eq!(preview.body["rule_label"], "领导交办（2个月）");
    assert_eq!(preview.body["start"], "2026-03-02");
    assert_eq!(preview.body["due"], "2026-05-06");
    let limit = app
        .post(
            Some("leader"),
            "/api/v1/deadlines/preview",
            json!({"time_limit_count": 5, "time_limit_unit": "working_days"}),
        )
        .await;
    assert_eq!(limit.body["due"], "2026-03-09");
    let bad = app
        .post(
            Some("leader"),
            "/api/v1/deadlines/preview",
            json!({"deadline_rule": "soon"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.code(), "field_unknown_value");
    let anonymous = app.post(None, "/api/v1/deadlines/preview", json!({})).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    app.cleanup().await;
}

async fn r9_the_calendar_is_read_entered_and_used(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let y2026 = app.get(Some("clerk"), "/api/v1/calendar/2026").await;
    assert_eq!(y2026.body["has_arrangement"], true);
    assert!(
        y2026.body["off"]
            .as_array()
            .unwrap()
            .contains(&json!("2026-02-16"))
    );
    assert!(
        y2026.body["work"]
            .as_array()
            .unwrap()
            .contains(&json!("2026-02-14"))
    );
    let y2027 = app.get(Some("clerk"), "/api/v1/calendar/2027").await;
    assert_eq!(
        y2027.body,
        json!({"year": 2027, "has_arrangement": false, "off": [], "work": []})
    );
    let bad_year = app.get(Some("clerk"), "/api/v1/calendar/twenty").await;
    assert_eq!(bad_year.code(), "field_bad_format");

    // Near the year's end, a 15-day period reaches into 2027, which has no arrangement yet.
    app.travel_to(datetime!(2026-12-28 10:00 +8)).await;
    let before = app
        .post(Some("leader"), "/api/v1/deadlines/preview", json!({}))
        .await;
    assert_eq!(
        before.body["due"], "2027-01-18",
        "weekends only: 1 Jan 2027 counts as a Friday"
    );
    assert_eq!(before.body["calendar_missing"], true);

    let put = |user: &'static str, body: Value| {
        let app = &app;
        async move {
            let response = app
                .client
                .put(format!("{}/api/v1/calendar/2027", app.base))
                .bearer_auth(app.token(user))
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = put("leader", json!({"off": ["2027-01-01"]})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("admin_only"))
    );
    let (status, body) = put("admin", json!({"off": ["2027-13-01"]})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("field_bad_format"))
    );
    let (status, body) = put(
        "admin",
        json!({"off": ["2027-01-01"], "work": ["2027-01-04"]}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("calendar_invalid")),
        "a Monday cannot be a 调休 day"
    );
    let (status, body) = put("admin", json!({"off": ["2028-01-01"]})).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("calendar_invalid"))
    );
    assert_eq!(
        app.get(Some("clerk"), "/api/v1/calendar/2027").await.body["has_arrangement"],
        false,
        "refusals stored nothing"
    );
    let (status, body) = put("admin", json!({"off": ["2027-01-01"], "work": []})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["has_arrangement"], true);

    let after = app
        .post(Some("leader"), "/api/v1/deadlines/preview", json!({}))
        .await;
    assert_eq!(
        after.body["due"], "2027-01-19",
        "1 Jan 2027 is now a rest day"
    );
    assert_eq!(after.body["calendar_missing"], false);

    // The operator's import replaces whole years, all or nothing.
    let imported = app
        .service
        .import_calendar("[2027]\noff = [\"2027-01-01\", \"2027-01-04\"]\nwork = []\n")
        .await
        .unwrap();
    assert_eq!(imported, vec![2027]);
    let year = app.get(Some("clerk"), "/api/v1/calendar/2027").await;
    assert_eq!(year.body["off"], json!(["2027-01-01", "2027-01-04"]));
    let refused = app
        .service
        .import_calendar("[2028]\noff = []\n[2029]\nwork = [\"2029-01-02\"]\n")
        .await;
    assert!(
        matches!(refused, Err(huixiang_service::CalendarImportError::Format(ref e)) if e.line == 4),
        "{refused:?}"
    );
    assert_eq!(
        app.get(Some("clerk"), "/api/v1/calendar/2028").await.body["has_arrangement"],
        false
    );
    app.cleanup().await;
}

huixiang_testkit::on_both_backends!(
    r9_r22_dispatch_sets_the_due_date_by_rule,
    r9_the_due_date_is_previewed_before_dispatch,
    r9_the_calendar_is_read_entered_and_used,
);
