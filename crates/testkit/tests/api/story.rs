//! R1–R14: one complaint from registration to archive through the HTTP API, with its event
//! history checked at each step.

use huixiang_testkit::{Backend, TestApp, spawn_app, verdicts};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::Duration;

/// Asserts the newest event and the event count, and returns the newest event.
async fn last_event(
    app: &TestApp,
    id: &str,
    count: usize,
    action: &str,
    from: Option<&str>,
    to: &str,
) -> Value {
    let events = app.events(id).await;
    assert_eq!(events.len(), count, "{events:#?}");
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e["seq"], json!(i + 1), "events are numbered 1, 2, 3, …");
    }
    let last = events.last().unwrap().clone();
    assert_eq!(last["action"], action);
    assert_eq!(last["from_state"], from.map_or(Value::Null, Value::from));
    assert_eq!(last["to_state"], to);
    last
}

async fn step(
    app: &TestApp,
    user: &str,
    id: &str,
    action: &str,
    body: Value,
    state: &str,
) -> Value {
    app.clock.advance(Duration::minutes(30));
    let answer = app.act(user, id, action, body).await;
    assert_eq!(answer.status, StatusCode::OK, "{user} {action}: {answer:?}");
    assert_eq!(answer.body["state"], state, "{action}");
    answer.body
}

async fn r1_to_r14_complaint_from_registration_to_archive(backend: Backend) {
    let app = spawn_app(backend).await;

    // R1, R3: the clerk registers; the complaint gets the year's first number.
    let registered = app
        .post(
            Some("clerk"),
            "/api/v1/complaints",
            huixiang_testkit::phone_complaint(),
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED, "{registered:?}");
    let c = &registered.body;
    let id = c["id"].as_str().unwrap().to_owned();
    assert_eq!(c["number"], "2026-000001");
    assert_eq!(c["state"], "registered");
    assert_eq!(c["state_label"], "待领导阅处");
    assert_eq!(c["complainant"]["name"], "王秀英");
    assert_eq!(
        c["allowed_actions"],
        json!([
            "withdraw",
            "edit",
            "attach",
            "issue_code",
            "mark_special",
            "link_repeat",
            "merge",
            "raise_notice"
        ])
    );
    let e = last_event(&app, &id, 1, "register", None, "registered").await;
    assert_eq!(e["actor_name"], "clerk同志");
    assert_eq!(e["detail"]["number"], "2026-000001");

    // R4: the leader sees review among the allowed actions, and reviews with an opinion.
    let seen = app.complaint("leader", &id).await;
    assert_eq!(
        seen.body["allowed_actions"],
        json!([
            "review",
            "not_accept",
            "attach",
            "mark_special",
            "refer",
            "cooperate"
        ])
    );
    let city = app.unit("city").0.to_string();
    let welfare = app.unit("welfare").0.to_string();
    let c = step(
        &app,
        "leader",
        &id,
        "review",
        json!({
            "opinion": "请城管中队核实，依法处理并答复投诉人。",
            "decision": "assign",
            "lead_unit": city,
            "co_units": [welfare],
            "instruction": "群众反映强烈，抓紧办理。"
        }),
        "dispatched",
    )
    .await;
    assert_eq!(
        c["review"]["opinion"],
        "请城管中队核实，依法处理并答复投诉人。"
    );
    assert_eq!(c["review"]["decision"], "assign");
    assert_eq!(c["review"]["leader_name"], "leader同志");
    assert_eq!(c["dispatch"]["lead_unit"], city);
    assert_eq!(c["dispatch"]["co_units"], json!([welfare]));
    assert_eq!(
        c["dispatch"]["report_back"], true,
        "R11: an assignment owes a report back"
    );
    let e = last_event(&app, &id, 2, "review", Some("registered"), "dispatched").await;
    assert_eq!(e["detail"]["type"], "reviewed");
    assert_eq!(e["detail"]["dispatch"]["lead_unit"], city);

    // The lead unit acknowledges and records progress; the co-handling unit adds its own.
    step(
        &app,
        "handler",
        &id,
        "acknowledge",
        json!({}),
        "in_progress",
    )
    .await;
    last_event(
        &app,
        &id,
        3,
        "acknowledge",
        Some("dispatched"),
        "in_progress",
    )
    .await;
    step(
        &app,
        "handler",
        &id,
        "progress",
        json!({"note": "已到工地现场查看，约谈施工方。"}),
        "in_progress",
    )
    .await;
    let e = last_event(
        &app,
        &id,
        4,
        "record_progress",
        Some("in_progress"),
        "in_progress",
    )
    .await;
    assert_eq!(e["detail"]["note"], "已到工地现场查看，约谈施工方。");
    step(
        &app,
        "cohandler",
        &id,
        "progress",
        json!({"note": "已核实投诉人家庭情况。"}),
        "in_progress",
    )
    .await;
    last_event(
        &app,
        &id,
        5,
        "record_progress",
        Some("in_progress"),
        "in_progress",
    )
    .await;

    // R12: the lead unit submits the closure materials.
    let result = json!({
        "findings": "施工方确有夜间施工行为。",
        "handling": "责令夜间22点后停止施工，已复查。",
        "complainant_met": false,
        "reply": "已电话告知投诉人处理结果。"
    });
    let c = step(&app, "handler", &id, "result", result, "result_submitted").await;
    assert_eq!(c["result"]["findings"], "施工方确有夜间施工行为。");
    last_event(
        &app,
        &id,
        6,
        "submit_result",
        Some("in_progress"),
        "result_submitted",
    )
    .await;

    // R13: the office fails criterion (5); the case returns with the reason.
    let c = step(
        &app,
        "office",
        &id,
        "closure-review",
        verdicts(Some("complainant_met")),
        "returned",
    )
    .await;
    let failed: Vec<&Value> = c["closure_review"]["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["passed"] == false)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["criterion"], "complainant_met");
    assert_eq!(failed[0]["comment"], "未同投诉人见面，请补充");
    let e = last_event(
        &app,
        &id,
        7,
        "review_closure",
        Some("result_submitted"),
        "returned",
    )
    .await;
    assert_eq!(e["detail"]["passed"], false);
    assert_eq!(
        e["detail"]["review"]["verdicts"].as_array().unwrap().len(),
        6
    );

    // The unit takes it up again, meets the complainant and resubmits.
    step(
        &app,
        "handler",
        &id,
        "acknowledge",
        json!({}),
        "in_progress",
    )
    .await;
    last_event(&app, &id, 8, "acknowledge", Some("returned"), "in_progress").await;
    let result = json!({
        "findings": "施工方确有夜间施工行为。",
        "handling": "责令夜间22点后停止施工，已复查。",
        "complainant_met": true,
        "reply": "已上门与投诉人见面反馈，投诉人认可。"
    });
    step(&app, "depthead", &id, "result", result, "result_submitted").await;
    last_event(
        &app,
        &id,
        9,
        "submit_result",
        Some("in_progress"),
        "result_submitted",
    )
    .await;

    // R13: all six criteria pass; the case closes.
    let c = step(
        &app,
        "office",
        &id,
        "closure-review",
        verdicts(None),
        "closed",
    )
    .await;
    assert_eq!(c["closure_review"]["verdicts"].as_array().unwrap().len(), 6);
    // R22: a leader-assigned case owes its written report before the dossier.
    assert_eq!(
        c["allowed_actions"],
        json!(["edit", "attach", "issue_code", "file_report"])
    );
    assert_eq!(c["owed"], json!(["written_report"]));
    let e = last_event(
        &app,
        &id,
        10,
        "review_closure",
        Some("result_submitted"),
        "closed",
    )
    .await;
    assert_eq!(e["detail"]["passed"], true);
    let early = app.act("office", &id, "archive", json!({})).await;
    assert_eq!(early.code(), "report_outstanding");
    let draft = app
        .get(
            Some("office"),
            &format!("/api/v1/complaints/{id}/report-draft"),
        )
        .await;
    assert_eq!(draft.status, StatusCode::OK, "{draft:?}");
    let draft = draft.body["text"].as_str().unwrap().to_owned();
    for expected in [
        "号投诉（",
        "leader同志阅处意见：请城管中队核实，依法处理并答复投诉人。",
        "批示：群众反映强烈，抓紧办理。",
        "镇城管中队主办，社会保障科协办",
        "核查情况：施工方确有夜间施工行为。",
        "经结案审查，六项标准均符合",
        "特此报告。",
    ] {
        assert!(draft.contains(expected), "{expected} in {draft}");
    }
    let filed = format!("{draft}\n（办公室补充：已电话回访投诉人。）");
    let c = step(
        &app,
        "office",
        &id,
        "report",
        json!({"text": filed}),
        "closed",
    )
    .await;
    assert_eq!(c["handling"]["report"]["text"], filed);
    assert_eq!(c["owed"], json!([]));
    assert_eq!(
        c["allowed_actions"],
        json!(["archive", "edit", "attach", "issue_code"])
    );
    last_event(&app, &id, 11, "file_report", Some("closed"), "closed").await;

    // R14: archived with a dossier number, then read-only.
    let c = step(&app, "office", &id, "archive", json!({}), "archived").await;
    assert_eq!(c["archive"]["archive_number"], "卷-2026-0001");
    assert_eq!(c["allowed_actions"], json!([]));
    let e = last_event(&app, &id, 12, "archive", Some("closed"), "archived").await;
    assert_eq!(e["detail"]["archive"]["archive_number"], "卷-2026-0001");
    let mut edit = huixiang_testkit::phone_complaint();
    edit["title"] = json!("改个标题");
    edit["reason"] = json!("更正");
    let refused = app.act("office", &id, "edit", edit).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "case_archived");
    assert_eq!(app.events(&id).await.len(), 12, "a refusal records nothing");

    // Every step was by the person who took it, at the clock's time, in order.
    let events = app.events(&id).await;
    let actors: Vec<&str> = events
        .iter()
        .map(|e| e["actor_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        actors,
        [
            "clerk同志",
            "leader同志",
            "handler同志",
            "handler同志",
            "cohandler同志",
            "handler同志",
            "office同志",
            "handler同志",
            "depthead同志",
            "office同志",
            "office同志",
            "office同志"
        ]
    );
    let times: Vec<&str> = events.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
    app.cleanup().await;
}

async fn r5_the_ledger_lists_filters_and_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        app.clock.advance(Duration::minutes(10));
        ids.push(app.register().await);
    }
    let city = app.unit("city").0.to_string();
    app.act(
        "leader",
        &ids[0],
        "review",
        json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city}),
    )
    .await;
    let page = app
        .get(Some("office"), "/api/v1/complaints?per_page=2&page=1")
        .await;
    assert_eq!(page.body["total"], 5);
    let items = page.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["number"], "2026-000005", "newest first");
    let page3 = app
        .get(Some("office"), "/api/v1/complaints?per_page=2&page=3")
        .await;
    assert_eq!(page3.body["items"].as_array().unwrap().len(), 1);
    let dispatched = app
        .get(Some("office"), "/api/v1/complaints?state=dispatched")
        .await;
    assert_eq!(dispatched.body["total"], 1);
    assert_eq!(dispatched.body["items"][0]["lead_unit"], city);
    let by_unit = app
        .get(
            Some("office"),
            &format!("/api/v1/complaints?lead_unit={city}"),
        )
        .await;
    assert_eq!(by_unit.body["total"], 1);
    let with_unit = app
        .get(Some("office"), "/api/v1/complaints?with_unit=true")
        .await;
    assert_eq!(
        with_unit.body["total"], 1,
        "only the dispatched case is with a unit"
    );
    assert_eq!(with_unit.body["items"][0]["number"], "2026-000001");
    let phone = app
        .get(Some("office"), "/api/v1/complaints?channel=phone")
        .await;
    assert_eq!(phone.body["total"], 5);
    let letters = app
        .get(Some("office"), "/api/v1/complaints?channel=letter")
        .await;
    assert_eq!(letters.body["total"], 0);
    app.cleanup().await;
}

async fn r6_objection_returns_the_case_to_the_leader_for_a_new_dispatch(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    let housing = app.unit("housing").0.to_string();
    app.act(
        "leader",
        &id,
        "review",
        json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city}),
    )
    .await;
    let objected = app
        .act(
            "handler",
            &id,
            "object",
            json!({"reason": "属于房管办职责"}),
        )
        .await;
    assert_eq!(objected.body["state"], "registered", "{objected:?}");
    assert_eq!(objected.body["dispatch"], Value::Null);
    // The objecting unit no longer sees the case; the new unit does after the new dispatch.
    assert_eq!(
        app.complaint("handler", &id).await.status,
        StatusCode::NOT_FOUND
    );
    let again = app
        .act(
            "leader",
            &id,
            "review",
            json!({"opinion": "转房管办", "decision": "transfer", "lead_unit": housing}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(app.complaint("outsider", &id).await.status, StatusCode::OK);
    let actions: Vec<String> = app
        .events(&id)
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["register", "review", "object", "review"]);
    app.cleanup().await;
}

async fn r4_not_accepted_and_withdrawn_are_final(backend: Backend) {
    let app = spawn_app(backend).await;
    let a = app.register().await;
    let declined = app
        .act(
            "leader",
            &a,
            "not-accept",
            json!({"reason": "属于诉讼程序处理事项"}),
        )
        .await;
    assert_eq!(declined.body["state"], "not_accepted");
    assert_eq!(
        app.events(&a).await.last().unwrap()["reason"],
        "属于诉讼程序处理事项"
    );
    let b = app.register().await;
    let withdrawn = app
        .act("clerk", &b, "withdraw", json!({"reason": "投诉人来电撤回"}))
        .await;
    assert_eq!(withdrawn.body["state"], "withdrawn");
    let city = app.unit("city").0.to_string();
    for id in [&a, &b] {
        let refused = app
            .act(
                "leader",
                id,
                "review",
                json!({"opinion": "x", "decision": "transfer", "lead_unit": city}),
            )
            .await;
        assert_eq!(refused.code(), "transition_not_allowed");
    }
    app.cleanup().await;
}

/// A period is Beijing days, whatever offset instants are kept in: a complaint at 00:30 on
/// 2 March Beijing time (16:30 UTC on 1 March) belongs to 2 March, one at 23:30 on 1 March to
/// 1 March — on SQLite too, where instants are compared as text.
async fn r5_ledger_periods_are_beijing_days(backend: Backend) {
    let app = spawn_app(backend).await;
    app.clock.set(time::macros::datetime!(2026-03-01 23:30 +8));
    let late = app.register().await;
    app.clock.set(time::macros::datetime!(2026-03-02 00:30 +8));
    let early = app.register().await;
    let ids = |answer: huixiang_testkit::Answer| -> Vec<String> {
        answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let from = app
        .get(Some("office"), "/api/v1/complaints?from=2026-03-02")
        .await;
    assert_eq!(ids(from), [early]);
    let until = app
        .get(Some("office"), "/api/v1/complaints?until=2026-03-01")
        .await;
    assert_eq!(ids(until), std::slice::from_ref(&late));
    let day = app
        .get(
            Some("office"),
            "/api/v1/complaints?from=2026-03-01&until=2026-03-01",
        )
        .await;
    assert_eq!(ids(day), [late]);
    app.cleanup().await;
}

/// Long listings and searches count their matches only up to a cap (200 by default; 3 here)
/// or to the end of the page asked for, and then say "more than".
async fn r5_long_listings_count_to_a_cap_and_say_more(backend: Backend) {
    let app = spawn_app(backend).await;
    for _ in 0..8 {
        app.clock.advance(Duration::minutes(10));
        app.register().await;
    }
    let settings = huixiang_service::Settings {
        count_cap: 3,
        ..huixiang_service::Settings::default()
    };
    let capped = app.another_instance_with(settings).await;
    let get = |path: &'static str| {
        let request = app
            .client
            .get(format!("{capped}{path}"))
            .bearer_auth(app.token("office"));
        async move {
            let answer = request.send().await.unwrap();
            assert!(answer.status().is_success(), "{answer:?}");
            answer.json::<Value>().await.unwrap()
        }
    };
    let first = get("/api/v1/complaints?per_page=2").await;
    assert_eq!(
        (&first["total"], &first["total_capped"]),
        (&json!(3), &json!(true))
    );
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    // Further on, counting goes to the end of the page asked for.
    let third = get("/api/v1/complaints?per_page=2&page=3").await;
    assert_eq!(
        (&third["total"], &third["total_capped"]),
        (&json!(6), &json!(true))
    );
    let last = get("/api/v1/complaints?per_page=2&page=4").await;
    assert_eq!(
        (&last["total"], &last["total_capped"]),
        (&json!(8), &json!(false))
    );
    assert_eq!(last["items"].as_array().unwrap().len(), 2);
    let found = get("/api/v1/search?q=噪音&per_page=2").await;
    assert_eq!(
        (&found["total"], &found["total_capped"]),
        (&json!(3), &json!(true))
    );
    // The default instance counts them all.
    let all = app
        .get(Some("office"), "/api/v1/complaints?per_page=2")
        .await;
    assert_eq!(
        (&all.body["total"], &all.body["total_capped"]),
        (&json!(8), &json!(false))
    );
    app.cleanup().await;
}

huixiang_testkit::on_both_backends!(
    r5_long_listings_count_to_a_cap_and_say_more,
    r5_ledger_periods_are_beijing_days,
    r1_to_r14_complaint_from_registration_to_archive,
    r5_the_ledger_lists_filters_and_pages,
    r6_objection_returns_the_case_to_the_leader_for_a_new_dispatch,
    r4_not_accepted_and_withdrawn_are_final,
);
