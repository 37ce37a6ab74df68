//! R9–R11, R30: extensions, the deadline sweep (reminder slips exactly once per case and
//! step, overdue records with who held the case), chasing by hand, and interim explanations.

use huixiang_testkit::{Backend, TestApp, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use time::macros::{date, datetime};

async fn dispatch_to(app: &TestApp, unit: &str, extra: Value) -> String {
    let id = app.register().await;
    let mut body = json!({"opinion": "请核实处理", "decision": "transfer", "lead_unit": app.unit(unit).0.to_string()});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let answer = app.act("leader", &id, "review", body).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    id
}

async fn sweep(app: &TestApp, instance: &str) -> (u64, u64) {
    let report = app
        .service
        .run_deadline_sweep(instance)
        .await
        .unwrap()
        .expect("lease taken");
    (report.reminders, report.overdue)
}

async fn slips(app: &TestApp, user: &str, id: &str) -> Vec<Value> {
    let answer = app
        .get(Some(user), &format!("/api/v1/complaints/{id}/reminders"))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    answer.body.as_array().unwrap().clone()
}

async fn r10_the_sweep_writes_one_slip_per_case_and_step(backend: Backend) {
    let mut app = spawn_app(backend).await; // 2026-03-02 09:00, Beijing time
    let waiting = dispatch_to(&app, "city", json!({})).await; // due 2026-03-23
    let working = dispatch_to(&app, "city", json!({})).await;
    app.act("handler", &working, "acknowledge", json!({})).await;
    app.act(
        "handler",
        &working,
        "progress",
        json!({"note": "已约谈施工方"}),
    )
    .await;
    let later = dispatch_to(
        &app,
        "housing",
        json!({"time_limit_count": 30, "time_limit_unit": "working_days"}),
    )
    .await;
    let registered = app.register().await;

    assert_eq!(sweep(&app, "a").await, (0, 0), "nothing is due yet");
    // Wednesday 18 March: 23 March is three working days ahead.
    app.travel_to(datetime!(2026-03-18 08:00 +8)).await;
    assert_eq!(sweep(&app, "a").await, (2, 0));
    let slip = &slips(&app, "office", &working).await[0];
    assert_eq!(slip["seq"], 1);
    assert_eq!(slip["kind"], "auto");
    assert_eq!(slip["due_on"], "2026-03-23");
    assert_eq!(slip["unit"], app.unit("city").0.to_string());
    assert_eq!(slip["handler_name"], "handler同志");
    assert_eq!(slip["state"], "in_progress");
    assert_eq!(slip["progress"], "已约谈施工方");
    assert_eq!(
        slips(&app, "office", &waiting).await[0]["handler_name"],
        Value::Null
    );
    assert!(slips(&app, "office", &later).await.is_empty());
    // The case view carries its slips too.
    let view = app.complaint("handler", &working).await.body;
    assert_eq!(view["reminders"].as_array().unwrap().len(), 1);
    assert_eq!(view["reminders"][0]["progress"], "已约谈施工方");
    // Once per case and step: again the same day, or from another instance, writes nothing.
    assert_eq!(sweep(&app, "a").await, (0, 0));
    assert!(
        app.service.run_deadline_sweep("b").await.unwrap().is_none(),
        "b waits for a's lease"
    );

    // R10: chasing by hand adds to the running count.
    let chased = app
        .post(
            Some("clerk"),
            &format!("/api/v1/complaints/{waiting}/chase"),
            json!({}),
        )
        .await;
    assert_eq!(chased.status, StatusCode::CREATED, "{chased:?}");
    assert_eq!(
        (chased.body["seq"].clone(), chased.body["kind"].clone()),
        (json!(2), json!("manual"))
    );
    let by_handler = app
        .post(
            Some("handler"),
            &format!("/api/v1/complaints/{waiting}/chase"),
            json!({}),
        )
        .await;
    assert_eq!(by_handler.code(), "role_not_allowed");
    let not_dispatched = app
        .post(
            Some("clerk"),
            &format!("/api/v1/complaints/{registered}/chase"),
            json!({}),
        )
        .await;
    assert_eq!(not_dispatched.code(), "transition_not_allowed");

    // Each unit's staff see their own unit's slips; the outbox holds one notice per slip.
    let city = app.get(Some("handler"), "/api/v1/reminders").await.body;
    assert_eq!(city.as_array().unwrap().len(), 3);
    assert!(
        app.get(Some("outsider"), "/api/v1/reminders")
            .await
            .body
            .as_array()
            .unwrap()
            .is_empty()
    );
    let mut tx = app.service.db().read().await.unwrap();
    assert_eq!(tx.pending_notifications(app.unit("city")).await.unwrap(), 3);
    drop(tx);

    // An approved extension is a new step: it is chased again before the new due date.
    let asked = app
        .post(
            Some("handler"),
            &format!("/api/v1/complaints/{working}/extension"),
            json!({"new_due": "2026-04-30", "reason": "需等待区城管局答复"}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{asked:?}");
    assert_eq!(
        asked.body["due_on"], "2026-03-23",
        "pending: the due date stands"
    );
    let approved = app
        .post(
            Some("leader"),
            &format!("/api/v1/complaints/{working}/extension/decision"),
            json!({"approve": true}),
        )
        .await;
    assert_eq!(approved.body["due_on"], "2026-04-30");
    assert_eq!(
        approved.body["dispatch"]["deadline"]["due"], "2026-03-23",
        "the original stays visible"
    );
    assert_eq!(
        approved.body["dispatch"]["extensions"][0]["decided_by_name"],
        "leader同志"
    );
    app.travel_to(datetime!(2026-04-27 08:00 +8)).await;
    let (reminders, _) = sweep(&app, "a").await;
    assert_eq!(reminders, 2, "the extended case and the 30-day case");
    let all = slips(&app, "office", &working).await;
    assert_eq!(all.len(), 2);
    assert_eq!(
        (all[1]["seq"].clone(), all[1]["due_on"].clone()),
        (json!(2), json!("2026-04-30"))
    );
    app.cleanup().await;
}

async fn r9_extension_refusals(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = dispatch_to(
        &app,
        "city",
        json!({"co_units": [app.unit("welfare").0.to_string()]}),
    )
    .await;
    let path = format!("/api/v1/complaints/{id}/extension");
    let ask = |user: &'static str, body: Value| app.post(Some(user), &path, body);
    let answer = ask("cohandler", json!({"new_due": "2026-04-30", "reason": "x"})).await;
    assert_eq!(answer.code(), "not_your_unit");
    let answer = ask("handler", json!({"new_due": "2026-03-20", "reason": "x"})).await;
    assert_eq!(
        answer.code(),
        "extension_due_invalid",
        "earlier than 23 March"
    );
    let answer = ask("handler", json!({"new_due": "2026-04-05", "reason": "x"})).await;
    assert_eq!(
        answer.code(),
        "extension_due_invalid",
        "Qingming is a rest day"
    );
    let answer = ask("handler", json!({"new_due": "30/04/2026", "reason": "x"})).await;
    assert_eq!(answer.code(), "field_bad_format");
    let answer = ask("handler", json!({"new_due": "2026-04-30"})).await;
    assert_eq!(answer.code(), "field_missing");
    let decide = format!("/api/v1/complaints/{id}/extension/decision");
    let none = app
        .post(Some("leader"), &decide, json!({"approve": true}))
        .await;
    assert_eq!(none.code(), "no_pending_extension");
    assert_eq!(
        ask(
            "handler",
            json!({"new_due": "2026-04-30", "reason": "需协调"})
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        ask(
            "handler",
            json!({"new_due": "2026-05-29", "reason": "再延"})
        )
        .await
        .code(),
        "extension_pending"
    );
    assert_eq!(
        app.post(Some("handler"), &decide, json!({"approve": true}))
            .await
            .code(),
        "role_not_allowed"
    );
    assert_eq!(
        app.post(Some("leader"), &decide, json!({"approve": false}))
            .await
            .code(),
        "field_missing"
    );
    let refused = app
        .post(
            Some("leader"),
            &decide,
            json!({"approve": false, "note": "请按期办结"}),
        )
        .await;
    assert_eq!(refused.body["due_on"], "2026-03-23");
    assert_eq!(
        refused.body["dispatch"]["extensions"][0]["state"],
        "refused"
    );
    let actions: Vec<String> = app
        .events(&id)
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        [
            "register",
            "review",
            "request_extension",
            "decide_extension"
        ]
    );
    app.cleanup().await;
}

async fn r30_overdue_cases_are_held_to_account(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let unheld = dispatch_to(&app, "city", json!({})).await;
    let held = dispatch_to(&app, "city", json!({})).await;
    app.act("depthead", &held, "acknowledge", json!({})).await;
    let on_time = dispatch_to(&app, "housing", json!({})).await;
    app.act("outsider", &on_time, "acknowledge", json!({}))
        .await;
    app.act(
        "outsider",
        &on_time,
        "result",
        json!({"findings": "f", "handling": "h", "reply": "r", "complainant_met": true}),
    )
    .await;

    app.travel_to(datetime!(2026-03-23 18:00 +8)).await;
    let (_, overdue) = sweep(&app, "a").await;
    assert_eq!(overdue, 0, "due today is not yet overdue");
    app.travel_to(datetime!(2026-03-24 08:00 +8)).await;
    let (_, overdue) = sweep(&app, "a").await;
    assert_eq!(overdue, 2);
    assert_eq!(sweep(&app, "a").await.1, 0, "recorded once");
    assert_eq!(
        app.complaint("office", &held).await.body["working_days_left"],
        -1
    );

    let report = app.get(Some("office"), "/api/v1/overdue").await.body;
    assert_eq!(report["records"].as_array().unwrap().len(), 2);
    assert_eq!(
        report["by_unit"],
        json!([{"unit": app.unit("city").0.to_string(), "count": 2}])
    );
    let holders = report["by_holder"].as_array().unwrap();
    assert!(
        holders.contains(&json!({"holder_name": "depthead同志", "count": 1})),
        "{holders:?}"
    );
    assert!(
        holders.contains(&json!({"holder_name": null, "count": 1})),
        "{holders:?}"
    );
    let record = report["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["complaint_id"] == held)
        .unwrap();
    assert_eq!(record["due_on"], "2026-03-23");
    assert_eq!(record["holder_name"], "depthead同志");
    let _ = unheld;
    assert!(
        app.get(Some("outsider"), "/api/v1/overdue").await.body["records"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.get(Some("handler"), "/api/v1/overdue").await.body["records"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        app.get(Some("admin"), "/api/v1/overdue").await.code(),
        "not_permitted"
    );
    app.cleanup().await;
}

async fn r11_an_owed_report_back_is_flagged_until_explained(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let id = dispatch_to(
        &app,
        "city",
        json!({"decision": "assign", "deadline_rule": "historic"}),
    )
    .await;
    app.act("handler", &id, "acknowledge", json!({})).await;
    assert_eq!(
        app.complaint("office", &id).await.body["report_back_overdue"],
        false
    );
    app.travel_to(datetime!(2026-05-07 09:00 +8)).await; // the report back was due 6 May
    let case = app.complaint("office", &id).await.body;
    assert_eq!(case["dispatch"]["report_back_due"], "2026-05-06");
    assert_eq!(case["report_back_overdue"], true);
    assert_eq!(case["owed"], json!([]), "the office does not owe it");
    // The lead unit owes the explanation, on the case and on its workbench.
    let owed = app.complaint("handler", &id).await.body;
    assert_eq!(owed["owed"], json!(["explanation"]));
    let mut handler = app.web("handler").await;
    assert!(
        handler
            .get("/workbench")
            .await
            .has("data-owed=\"explanation\"")
    );
    let empty = app
        .act("handler", &id, "explanation", json!({"text": " "}))
        .await;
    assert_eq!(empty.code(), "field_missing");
    let explained = app
        .act(
            "handler",
            &id,
            "explanation",
            json!({"text": "涉及三个部门，正在会商，预计五月底办结。"}),
        )
        .await;
    assert_eq!(explained.status, StatusCode::OK, "{explained:?}");
    assert_eq!(explained.body["report_back_overdue"], false);
    assert_eq!(explained.body["owed"], json!([]));
    assert!(
        !handler
            .get("/workbench")
            .await
            .has("data-owed=\"explanation\"")
    );
    assert_eq!(
        explained.body["dispatch"]["explanations"][0]["by_name"],
        "handler同志"
    );
    assert_eq!(app.events(&id).await.last().unwrap()["action"], "explain");
    app.cleanup().await;
}

/// Two sweeps writing at the same moment, past any lease, still write each slip once.
async fn r10_racing_sweeps_write_each_slip_exactly_once(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(dispatch_to(&app, "city", json!({})).await);
    }
    app.travel_to(datetime!(2026-03-18 08:00 +8)).await;
    let app = Arc::new(app);
    let run = |app: Arc<TestApp>, offset_micros: i64| async move {
        let now = datetime!(2026-03-18 08:00 +8) + time::Duration::microseconds(offset_micros);
        let mut tx = app.service.db().write().await.unwrap();
        let written = tx
            .write_due_reminders(now, date!(2026 - 03 - 23), 500)
            .await
            .unwrap()
            .written;
        tx.commit().await.unwrap();
        written
    };
    let (a, b) = tokio::join!(
        tokio::spawn(run(app.clone(), 0)),
        tokio::spawn(run(app.clone(), 1))
    );
    assert_eq!(
        a.unwrap() + b.unwrap(),
        20,
        "each of the 20 cases chased once in all"
    );
    for id in &ids {
        assert_eq!(slips(&app, "office", id).await.len(), 1, "{id}");
    }
    // The same through the service: two instances at once, one gets the lease.
    let (x, y) = tokio::join!(
        app.service.run_deadline_sweep("x"),
        app.service.run_deadline_sweep("y")
    );
    let ran: Vec<_> = [x.unwrap(), y.unwrap()].into_iter().flatten().collect();
    assert_eq!(ran.len(), 1, "exactly one instance swept");
    assert_eq!(ran[0].reminders, 0, "nothing left to chase");
    Arc::into_inner(app).unwrap().cleanup().await;
}

/// A sweep with many cases due goes a chunk per transaction (so other writers never wait
/// long), and still chases and records each case exactly once.
async fn r10_r30_a_long_sweep_goes_a_chunk_at_a_time(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let mut ids = Vec::new();
    for _ in 0..7 {
        ids.push(dispatch_to(&app, "city", json!({})).await);
    }
    app.travel_to(datetime!(2026-03-18 08:00 +8)).await;
    let now = app.service.now();
    let mut claimed = Vec::new();
    let mut written = 0;
    loop {
        let mut tx = app.service.db().write().await.unwrap();
        let swept = tx
            .write_due_reminders(now, date!(2026 - 03 - 23), 3)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        claimed.push(swept.claimed);
        written += swept.written;
        if swept.claimed < 3 {
            break;
        }
    }
    assert_eq!(claimed, [3, 3, 1], "three chunks");
    assert_eq!(written, 7);

    app.travel_to(datetime!(2026-03-24 08:00 +8)).await;
    let settings = huixiang_service::Settings {
        sweep_chunk: 3,
        ..huixiang_service::Settings::default()
    };
    let chunked =
        huixiang_service::Service::new(app.service.db().clone(), app.clock.clone(), settings);
    let report = chunked.run_deadline_sweep("a").await.unwrap().unwrap();
    assert_eq!((report.reminders, report.overdue), (0, 7));
    let again = chunked.run_deadline_sweep("a").await.unwrap().unwrap();
    assert_eq!(
        (again.reminders, again.overdue),
        (0, 0),
        "each recorded once"
    );
    for id in &ids {
        assert_eq!(slips(&app, "office", id).await.len(), 1, "{id}");
    }
    let overdue = app.get(Some("office"), "/api/v1/overdue").await.body;
    assert_eq!(overdue["records"].as_array().unwrap().len(), 7);
    app.cleanup().await;
}

huixiang_testkit::on_both_backends!(
    r10_r30_a_long_sweep_goes_a_chunk_at_a_time,
    r10_the_sweep_writes_one_slip_per_case_and_step,
    r9_extension_refusals,
    r30_overdue_cases_are_held_to_account,
    r11_an_owed_report_back_is_flagged_until_explained,
    r10_racing_sweeps_write_each_slip_exactly_once,
);
