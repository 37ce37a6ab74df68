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

/// R20: special complaints — marked with a reason and who marked them, shown in lists; a repeat
/// is linked to the first complaint of its chain, marked special, and counted there.
async fn r20_special_marks_and_repeat_links(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let original_id = app.register().await;
    let original = app.complaint("clerk", &original_id).await.body["number"]
        .as_str()
        .unwrap()
        .to_owned();
    app.travel_to(time::macros::datetime!(2026-03-09 09:00 +8))
        .await;
    let repeat_id = app.register().await;
    let third_id = app.register().await;

    let path = |id: &str| format!("/api/v1/complaints/{id}/repeat-of");
    // Not to itself, not to a later complaint, not to a number that is not there.
    let repeat_number = app.complaint("clerk", &repeat_id).await.body["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let to_self = app
        .post(
            Some("clerk"),
            &path(&repeat_id),
            json!({"original": repeat_number}),
        )
        .await;
    assert_eq!(
        (to_self.status, to_self.code()),
        (StatusCode::BAD_REQUEST, "repeat_link_invalid")
    );
    let later = app
        .post(
            Some("clerk"),
            &path(&original_id),
            json!({"original": repeat_number}),
        )
        .await;
    assert_eq!(
        later.code(),
        "repeat_link_invalid",
        "an earlier case cannot repeat a later one"
    );
    let nowhere = app
        .post(
            Some("clerk"),
            &path(&repeat_id),
            json!({"original": "2026-999999"}),
        )
        .await;
    assert_eq!(nowhere.body["error"]["field"], "original");
    let refused = app
        .post(
            Some("handler"),
            &path(&repeat_id),
            json!({"original": original}),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::NOT_FOUND,
        "a handler cannot even see a new case"
    );

    let linked = app
        .post(
            Some("clerk"),
            &path(&repeat_id),
            json!({"original": original}),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{linked:?}");
    assert_eq!(
        linked.body["repeat_of"]["original_number"],
        original.as_str()
    );
    assert_eq!(linked.body["special"][0]["kind"], "repeat");
    assert_eq!(linked.body["repeat_count"], 1);
    let again = app
        .post(
            Some("clerk"),
            &path(&repeat_id),
            json!({"original": original}),
        )
        .await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "already_linked")
    );
    // Linking to a repeat links to the first of the chain.
    let third = app
        .post(
            Some("office"),
            &path(&third_id),
            json!({"original": repeat_number}),
        )
        .await;
    assert_eq!(
        third.body["repeat_of"]["original_number"],
        original.as_str()
    );
    assert_eq!(
        app.complaint("clerk", &original_id).await.body["repeat_count"],
        2
    );

    // A leader marks the original special, once per reason; it shows in the ledger.
    let mark = json!({"kind": "difficult", "reason": "涉及多个部门，夜间执法难"});
    let marked = app
        .act("leader", &original_id, "special", mark.clone())
        .await;
    assert_eq!(marked.status, StatusCode::OK, "{marked:?}");
    assert_eq!(marked.body["special"][0]["by_name"], "leader同志");
    assert_eq!(
        app.act("leader", &original_id, "special", mark)
            .await
            .code(),
        "already_marked"
    );
    let no_reason = app
        .act(
            "clerk",
            &original_id,
            "special",
            json!({"kind": "important"}),
        )
        .await;
    assert_eq!(no_reason.body["error"]["field"], "reason");
    let list = app.get(Some("office"), "/api/v1/complaints").await;
    let special: Vec<&Value> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["special"])
        .collect();
    assert_eq!(
        special,
        [
            &json!(["repeat"]),
            &json!(["repeat"]),
            &json!(["difficult"])
        ]
    );
    let mut office = app.web("office").await;
    let ledger = office.get("/ledger").await;
    assert!(ledger.has("data-special=\"repeat\"") && ledger.has("data-special=\"difficult\""));
    let events = app.events(&repeat_id).await;
    assert_eq!(events.last().unwrap()["action"], "link_repeat");

    // A duplicate closes into the first of the chain, with a reason; it is not counted as a
    // repeat.
    let duplicate_id = app.register().await;
    let merge = format!("/api/v1/complaints/{duplicate_id}/merge");
    let no_reason = app
        .post(Some("clerk"), &merge, json!({"original": repeat_number}))
        .await;
    assert_eq!(no_reason.body["error"]["field"], "reason");
    let merged = app
        .post(
            Some("clerk"),
            &merge,
            json!({"original": repeat_number, "reason": "同一人同一事项重复来电"}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{merged:?}");
    assert_eq!(merged.body["state"], "merged");
    assert_eq!(
        merged.body["merged_into"]["original_number"],
        original.as_str()
    );
    assert_eq!(
        app.complaint("clerk", &original_id).await.body["repeat_count"],
        2
    );
    let again = app
        .post(
            Some("clerk"),
            &merge,
            json!({"original": original, "reason": "再次合并"}),
        )
        .await;
    assert_eq!(again.code(), "transition_not_allowed");
    app.cleanup().await;
}

on_both_backends!(
    r20_repeats_are_suggested_at_registration,
    r20_special_marks_and_repeat_links
);
