//! R27, R30: the quarterly figures over HTTP on both databases, each checked against counts
//! this test makes itself from the ledger, the cases and their histories — including the
//! quarter's edge in Beijing time (23:30 on 31 March is the first quarter, 00:10 on 1 April the
//! second) and the comparison with the previous quarter and the same quarter a year before.

use huixiang_testkit::{Backend, TestApp, on_both_backends, spawn_app, verdicts};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use time::macros::datetime;

async fn register(app: &TestApp, channel: &str, category: &str, title: &str) -> String {
    let form = json!({
        "channel": channel, "category": category, "title": title,
        "complainant": {"name": "王秀英", "phone": "13800138000", "address": "幸福苑3号"},
        "problem": format!("{title}，请处理。"), "demands": "请尽快处理。"
    });
    let answer = app.post(Some("clerk"), "/api/v1/complaints", form).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    answer.body["id"].as_str().unwrap().to_owned()
}

async fn ok(app: &TestApp, user: &str, id: &str, action: &str, body: Value) -> Value {
    let answer = app.act(user, id, action, body).await;
    assert_eq!(answer.status, StatusCode::OK, "{user} {action}: {answer:?}");
    answer.body
}

async fn dispatch(app: &TestApp, id: &str) {
    let city = app.unit("city").0.to_string();
    ok(
        app,
        "leader",
        id,
        "review",
        json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city}),
    )
    .await;
    ok(app, "handler", id, "acknowledge", json!({})).await;
}

async fn conclude(app: &TestApp, id: &str) {
    let result = json!({"findings": "属实。", "handling": "已整改。", "complainant_met": true, "reply": "已答复。"});
    ok(app, "handler", id, "result", result).await;
    ok(app, "office", id, "closure-review", verdicts(None)).await;
}

fn tally(rows: impl Iterator<Item = String>) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for r in rows {
        *out.entry(r).or_insert(0) += 1;
    }
    out
}

fn map(v: &Value) -> BTreeMap<String, i64> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, n)| (k.clone(), n.as_i64().unwrap()))
        .collect()
}

async fn r27_the_quarterly_figures_match_counts_made_independently(backend: Backend) {
    let mut app = spawn_app(backend).await;
    // A year before, and the quarter before.
    app.travel_to(datetime!(2025-02-10 10:00 +8)).await;
    register(&app, "phone", "environment", "去年同期一").await;
    register(&app, "in_person", "property", "去年同期二").await;
    app.travel_to(datetime!(2025-12-15 10:00 +8)).await;
    register(&app, "phone", "environment", "上季度").await;

    // The first quarter of 2026.
    app.travel_to(datetime!(2026-03-02 09:00 +8)).await;
    let on_time = register(&app, "phone", "environment", "夜间施工噪音").await;
    let late = register(&app, "in_person", "municipal", "路灯不亮").await;
    let extended = register(&app, "phone", "municipal", "道路破损").await;
    let special = register(&app, "in_person", "housing", "房屋漏水").await;
    for id in [&on_time, &late, &extended] {
        dispatch(&app, id).await;
    }
    ok(
        &app,
        "clerk",
        &special,
        "special",
        json!({"kind": "important", "reason": "涉及安全"}),
    )
    .await;
    ok(
        &app,
        "leader",
        &special,
        "special",
        json!({"kind": "difficult", "reason": "历史遗留"}),
    )
    .await;
    app.travel_to(datetime!(2026-03-05 10:00 +8)).await;
    conclude(&app, &on_time).await;
    let repeat = register(&app, "phone", "environment", "夜间施工噪音又来了").await;
    let original = app.complaint("clerk", &on_time).await.body["number"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &app,
        "clerk",
        &repeat,
        "repeat-of",
        json!({"original": original}),
    )
    .await;
    // An extension asked and approved.
    ok(
        &app,
        "handler",
        &extended,
        "extension",
        json!({"new_due": "2026-04-30", "reason": "需协调"}),
    )
    .await;
    ok(
        &app,
        "leader",
        &extended,
        "extension/decision",
        json!({"approve": true}),
    )
    .await;
    // The sweep chases what is about to fall due.
    app.travel_to(datetime!(2026-03-18 08:00 +8)).await;
    app.service.run_deadline_sweep("test").await.unwrap();
    // Concluded after its due date.
    app.travel_to(datetime!(2026-03-30 10:00 +8)).await;
    conclude(&app, &late).await;
    // The complainant rates the case concluded on time.
    let code = app
        .post(
            Some("clerk"),
            &format!("/api/v1/complaints/{on_time}/query-code"),
            json!({}),
        )
        .await;
    let rating =
        json!({"number": original, "code": code.body["query_code"], "satisfaction": "satisfied"});
    let rated = app.post(None, "/api/v1/public/rating", rating).await;
    assert_eq!(rated.status, StatusCode::OK, "{rated:?}");
    // The quarter's edge in Beijing time.
    app.travel_to(datetime!(2026-03-31 23:30 +8)).await;
    register(&app, "phone", "property", "季末最后一件").await;
    app.travel_to(datetime!(2026-04-01 00:10 +8)).await;
    register(&app, "phone", "property", "次季度第一件").await;

    // Counts made here, from the ledger and the cases.
    let ledger = app
        .get(
            Some("office"),
            "/api/v1/complaints?from=2026-01-01&until=2026-03-31&per_page=100",
        )
        .await
        .body;
    let items = ledger["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        6,
        "00:10 on 1 April is not in the first quarter"
    );
    let field = |k: &'static str| items.iter().map(move |c| c[k].as_str().unwrap().to_owned());
    let mut cases = Vec::new();
    for c in items {
        cases.push(
            app.complaint("office", c["id"].as_str().unwrap())
                .await
                .body,
        );
    }
    let by_unit = tally(
        cases
            .iter()
            .filter_map(|c| c["dispatch"]["lead_unit"].as_str().map(str::to_owned)),
    );
    let by_special = tally(cases.iter().flat_map(|c| {
        c["special"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["kind"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    }));
    let concluded: Vec<&Value> = cases
        .iter()
        .filter(|c| matches!(c["state"].as_str(), Some("closed" | "archived")))
        .collect();
    // Due: the last approved extension's date, else the deadline's.
    let late_ones = concluded
        .iter()
        .filter(|c| {
            let submitted = &c["result"]["at"].as_str().unwrap()[..10];
            let due = c["dispatch"]["deadline"]["due"].as_str().unwrap();
            submitted > due
        })
        .count() as i64;
    let mut slips = 0;
    let mut requested = 0;
    let mut approved = 0;
    for c in &cases {
        let id = c["id"].as_str().unwrap();
        slips += app
            .get(
                Some("office"),
                &format!("/api/v1/complaints/{id}/reminders"),
            )
            .await
            .body
            .as_array()
            .unwrap()
            .len() as i64;
        for e in app.events(id).await {
            requested += i64::from(e["action"] == "request_extension");
            approved += i64::from(
                e["action"] == "decide_extension"
                    && e["detail"]["extension"]["state"] == "approved",
            );
        }
    }
    let ratings = tally(
        cases
            .iter()
            .filter_map(|c| c["rating"]["satisfaction"].as_str().map(str::to_owned)),
    );

    // The report says the same.
    let report = app
        .get(
            Some("office"),
            "/api/v1/reports/figures?year=2026&quarter=1",
        )
        .await;
    assert_eq!(report.status, StatusCode::OK, "{report:?}");
    let f = &report.body["current"];
    assert_eq!(
        (f["from"].as_str(), f["until"].as_str()),
        (Some("2026-01-01"), Some("2026-03-31"))
    );
    assert_eq!(f["registered"], items.len());
    assert_eq!(map(&f["by_channel"]), tally(field("channel")));
    assert_eq!(map(&f["by_category"]), tally(field("category")));
    assert_eq!(map(&f["by_state"]), tally(field("state")));
    assert_eq!(map(&f["by_unit"]), by_unit);
    assert_eq!(map(&f["by_special"]), by_special);
    assert_eq!(
        f["special"],
        cases
            .iter()
            .filter(|c| !c["special"].as_array().unwrap().is_empty())
            .count()
    );
    assert_eq!(
        f["repeats"],
        cases.iter().filter(|c| !c["repeat_of"].is_null()).count()
    );
    assert_eq!(f["repeat_percent"], 100.0 / 6.0);
    assert_eq!(f["concluded"], concluded.len());
    assert_eq!(
        (f["late"].as_i64(), f["on_time"].as_i64()),
        (Some(late_ones), Some(concluded.len() as i64 - late_ones))
    );
    assert_eq!((late_ones, concluded.len()), (1, 2));
    assert_eq!(
        f["by_handler_timeliness"],
        json!([{"who": "handler同志", "on_time": 1, "late": 1}])
    );
    // Working days from dispatch (2 March) to the result: 3 (5 March) and 20 (30 March).
    assert_eq!(f["mean_working_days"], 11.5);
    assert_eq!(f["median_working_days"], 11.5);
    assert_eq!(f["reminders"], slips);
    assert!(slips >= 1, "the sweep chased something");
    assert_eq!(
        (
            f["extensions_requested"].as_i64(),
            f["extensions_approved"].as_i64()
        ),
        (Some(requested), Some(approved))
    );
    assert_eq!((requested, approved), (1, 1));
    assert_eq!(map(&f["ratings"]), ratings);
    assert_eq!(ratings.get("satisfied"), Some(&1));
    // The comparisons.
    assert_eq!(report.body["previous"]["from"], "2025-10-01");
    assert_eq!(report.body["previous"]["registered"], 1);
    assert_eq!(report.body["year_before"]["from"], "2025-01-01");
    assert_eq!(report.body["year_before"]["registered"], 2);
    let q2 = app
        .get(
            Some("office"),
            "/api/v1/reports/figures?from=2026-04-01&until=2026-04-01",
        )
        .await;
    assert_eq!(q2.body["current"]["registered"], 1);

    // Who reads it; what is refused.
    for user in ["leader", "director", "overseer"] {
        let answer = app
            .get(Some(user), "/api/v1/reports/figures?year=2026&quarter=1")
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{user}");
    }
    for user in ["clerk", "handler", "admin"] {
        let answer = app.get(Some(user), "/api/v1/reports/figures").await;
        assert_eq!(answer.code(), "not_permitted", "{user}");
    }
    for (query, code) in [
        ("year=2026&quarter=5", "field_bad_format"),
        ("year=2026", "field_missing"),
        ("from=2026-02-01", "field_missing"),
        ("from=2026-03-01&until=2026-02-01", "field_unknown_value"),
    ] {
        let answer = app
            .get(Some("office"), &format!("/api/v1/reports/figures?{query}"))
            .await;
        assert_eq!(answer.code(), code, "{query}");
    }
    // The page draws the figures and charts on the server.
    let page = app
        .web("leader")
        .await
        .get("/reports?year=2026&quarter=1")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("2026年第1季度") && page.has("<svg class=\"chart bars\""));
    assert!(page.has("2025年第4季度") && page.has("2025年第1季度"));
    assert!(!page.has("data-file-report"), "only the office files");

    // The office files it with its analysis: the figures are frozen.
    let analysis = json!({"year": 2026, "quarter": 1, "problems": "夜间施工噪音投诉集中。", "suggestions": "建议城管中队加强夜间巡查。"});
    let mut blank = analysis.clone();
    blank["suggestions"] = json!(" ");
    assert_eq!(
        app.post(Some("office"), "/api/v1/reports", blank)
            .await
            .code(),
        "field_missing"
    );
    assert_eq!(
        app.post(Some("leader"), "/api/v1/reports", analysis.clone())
            .await
            .code(),
        "not_permitted"
    );
    let filed = app.post(Some("office"), "/api/v1/reports", analysis).await;
    assert_eq!(filed.status, StatusCode::CREATED, "{filed:?}");
    let id = filed.body["id"].as_str().unwrap().to_owned();
    assert_eq!(filed.body["report"]["current"], report.body["current"]);
    assert_eq!(filed.body["filed_by_name"], "office同志");
    // A complaint of the quarter registered late (a backdated clock stands for it): the live
    // figures change, the filed ones do not.
    app.travel_to(datetime!(2026-03-31 12:00 +8)).await;
    register(&app, "phone", "environment", "报送后补登的一件").await;
    let later = app
        .get(Some("office"), &format!("/api/v1/reports/{id}"))
        .await;
    assert_eq!(
        later.body["report"]["current"]["registered"], 6,
        "frozen as filed"
    );
    let live = app
        .get(
            Some("office"),
            "/api/v1/reports/figures?year=2026&quarter=1",
        )
        .await;
    assert_eq!(live.body["current"]["registered"], 7);
    // Sent to the leaders and the overseer: on their workbench until opened.
    let mut leader = app.web("leader").await;
    assert!(
        leader
            .get("/workbench")
            .await
            .has(&format!("/reports/filed/{id}"))
    );
    let sheet = leader.get(&format!("/reports/filed/{id}")).await;
    assert!(sheet.has("夜间施工噪音投诉集中") && sheet.has("<svg class=\"chart share\""));
    assert!(
        !leader
            .get("/workbench")
            .await
            .has(&format!("/reports/filed/{id}"))
    );
    let list = app.get(Some("leader"), "/api/v1/reports").await.body;
    assert!(list[0]["read_at"].is_string());
    let overseer = app.get(Some("overseer"), "/api/v1/reports").await.body;
    assert!(
        overseer[0]["read_at"].is_null(),
        "the overseer has not opened it yet"
    );
    let clerk = app
        .get(Some("clerk"), &format!("/api/v1/reports/{id}"))
        .await;
    assert_eq!(clerk.code(), "report_not_found");
    // Excel: one sheet per table.
    let xlsx = leader
        .get(&format!("/reports/filed/{id}/export.xlsx"))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let sheets = xlsx.bytes.windows(9).filter(|w| *w == b"xl/worksh").count();
    assert!(sheets >= 11, "{sheets} sheet entries");
    app.cleanup().await;
}

/// The number a page shows in the element marked `attr`.
fn shown(page: &huixiang_testkit::web::Page, attr: &str) -> i64 {
    let at = page
        .body
        .find(attr)
        .unwrap_or_else(|| panic!("{attr} not on the page"));
    let rest = &page.body[at..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find('<').unwrap();
    rest[start..end].trim().parse().unwrap()
}

async fn r27_r30_the_dashboard_counts_the_month_the_quarter_and_what_is_overdue(backend: Backend) {
    let mut app = spawn_app(backend).await;
    app.travel_to(datetime!(2026-02-10 10:00 +8)).await;
    register(&app, "phone", "environment", "二月一件").await;
    app.travel_to(datetime!(2026-03-02 09:00 +8)).await;
    let late = register(&app, "phone", "environment", "三月一件").await;
    dispatch(&app, &late).await;
    register(&app, "in_person", "property", "三月二件").await;
    app.travel_to(datetime!(2026-03-30 10:00 +8)).await;
    let ledger = |q: &'static str| {
        let app = &app;
        async move {
            app.get(Some("office"), &format!("/api/v1/complaints?{q}"))
                .await
                .body["total"]
                .as_i64()
                .unwrap()
        }
    };
    let month = ledger("from=2026-03-01&until=2026-03-30").await;
    let quarter = ledger("from=2026-01-01&until=2026-03-31").await;
    let overdue = ledger("overdue=true").await;
    assert_eq!((month, quarter, overdue), (2, 3, 1));
    let page = app.web("leader").await.get("/workbench").await;
    assert_eq!(shown(&page, "data-month-registered"), month);
    assert_eq!(shown(&page, "data-quarter-registered"), quarter);
    assert_eq!(shown(&page, "data-overdue-now"), overdue);
    assert_eq!(shown(&page, "data-special-open"), 0);
    assert!(page.has("<svg class=\"chart line\"") && page.has("镇城管中队"));
    let handler = app.web("handler").await.get("/workbench").await;
    assert!(
        !handler.has("data-dashboard"),
        "the dashboard is for the office and the leaders"
    );
    app.cleanup().await;
}

on_both_backends!(
    r27_the_quarterly_figures_match_counts_made_independently,
    r27_r30_the_dashboard_counts_the_month_the_quarter_and_what_is_overdue,
);
