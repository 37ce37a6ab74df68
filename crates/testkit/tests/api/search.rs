//! Chinese full-text search over HTTP on both databases: one character, a two-character word,
//! a phrase, ASCII words, progress notes and results, combined with the ledger's filters, never
//! finding (nor counting) a case the user may not see; and the same answers from SQLite and
//! PostgreSQL over the same data.

use huixiang_domain::{Actor, Complaint, Role, UnitId, UserId};
use huixiang_service::{ListQuery, Service, Settings, SystemClock, demo};
use huixiang_testkit::{Backend, TestApp, TestDb, on_both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

async fn register(app: &TestApp, user: &str, title: &str, problem: &str, extra: Value) -> String {
    let mut form = json!({
        "channel": "phone", "category": "municipal", "title": title,
        "complainant": {"name": "李建国", "phone": "13900001111"},
        "problem": problem, "demands": "请尽快处理。"
    });
    for (k, v) in extra.as_object().unwrap() {
        form[k] = v.clone();
    }
    let answer = app.post(Some(user), "/api/v1/complaints", form).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    answer.body["id"].as_str().unwrap().to_owned()
}

/// The titles `user` finds for `query` (a query string after `?`), and the total.
async fn titles(app: &TestApp, user: &str, query: &str) -> (Vec<String>, i64) {
    let answer = app
        .get(Some(user), &format!("/api/v1/search?{query}"))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{query}: {answer:?}");
    let mut found: Vec<String> = answer.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_owned())
        .collect();
    found.sort();
    (found, answer.body["total"].as_i64().unwrap())
}

fn q(words: &str) -> String {
    format!("q={}", huixiang_testkit::web::encode(words))
}

async fn search_finds_words_in_every_field_within_the_filters_and_visibility(backend: Backend) {
    let app = spawn_app(backend).await;
    register(
        &app,
        "clerk",
        "夜间施工噪音扰民",
        "工地每天夜里十一点后仍在施工，噪音很大。",
        json!({}),
    )
    .await;
    let lift = register(
        &app,
        "clerk",
        "小区电梯经常停运",
        "3号楼电梯经常停运，老人上下楼困难。",
        json!({}),
    )
    .await;
    register(
        &app,
        "clerk",
        "楼上漏水",
        "楼上住户卫生间漏水，我家天花板发霉。",
        json!({}),
    )
    .await;
    register(
        &app,
        "clerk",
        "社区服务中心WiFi信号差",
        "大厅WiFi经常断线。",
        json!({}),
    )
    .await;
    // An accusation against the window itself (the clerk's unit), about noise too.
    let intake = app.unit("intake").0.to_string();
    register(
        &app,
        "office",
        "举报窗口人员",
        "窗口人员收受好处，还制造噪音。",
        json!({"accusation": {"accused_unit": intake}}),
    )
    .await;
    // A case handled by the city team, found by its progress note and its result.
    let dust = register(&app, "clerk", "工地扬尘", "工地施工扬尘严重。", json!({})).await;
    let city = app.unit("city").0.to_string();
    app.act(
        "leader",
        &dust,
        "review",
        json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city}),
    )
    .await;
    app.act("handler", &dust, "acknowledge", json!({})).await;
    app.act(
        "handler",
        &dust,
        "progress",
        json!({"note": "已约谈施工方，要求洒水降尘。"}),
    )
    .await;
    let special = json!({"kind": "important", "reason": "涉及老人出行安全"});
    app.act("clerk", &lift, "special", special).await;

    let one = |t: &str| (vec![t.to_owned()], 1);
    assert_eq!(
        titles(&app, "clerk", &q("电梯")).await,
        one("小区电梯经常停运")
    );
    assert_eq!(
        titles(&app, "clerk", &q("梯")).await,
        one("小区电梯经常停运"),
        "one character"
    );
    assert_eq!(
        titles(&app, "clerk", &q("停运 电梯")).await,
        one("小区电梯经常停运"),
        "all words"
    );
    assert_eq!(titles(&app, "clerk", &q("漏")).await, one("楼上漏水"));
    assert_eq!(
        titles(&app, "clerk", &q("wifi")).await,
        one("社区服务中心WiFi信号差"),
        "ASCII, any case"
    );
    assert_eq!(
        titles(&app, "clerk", &q("电梯漏水")).await,
        (vec![], 0),
        "a phrase, not its characters"
    );
    assert_eq!(
        titles(&app, "clerk", &q("约谈")).await,
        one("工地扬尘"),
        "a progress note"
    );
    // R7: the clerk never finds (nor counts) the accusation against the window; the office does.
    assert_eq!(
        titles(&app, "clerk", &q("噪音")).await,
        one("夜间施工噪音扰民")
    );
    let (office, total) = titles(&app, "office", &q("噪音")).await;
    assert_eq!((office.len(), total), (2, 2));
    // Filters: state, special, period, unit.
    let building = q("施工");
    assert_eq!(titles(&app, "clerk", &building).await.1, 2);
    assert_eq!(
        titles(&app, "clerk", &format!("{building}&state=in_progress")).await,
        one("工地扬尘")
    );
    assert_eq!(
        titles(&app, "clerk", &format!("{building}&lead_unit={city}")).await,
        one("工地扬尘")
    );
    assert_eq!(
        titles(&app, "clerk", &format!("{}&special=important", q("电梯"))).await,
        one("小区电梯经常停运")
    );
    assert_eq!(
        titles(&app, "clerk", &format!("{}&special=any", q("漏水"))).await,
        (vec![], 0)
    );
    assert_eq!(
        titles(&app, "clerk", &format!("{building}&from=2026-03-03")).await,
        (vec![], 0)
    );
    // A handler finds only what is with their unit.
    assert_eq!(titles(&app, "handler", &building).await, one("工地扬尘"));
    assert_eq!(titles(&app, "outsider", &building).await, (vec![], 0));

    // Matches are marked in the title and in the words around them.
    let answer = app
        .get(Some("clerk"), &format!("/api/v1/search?{}", q("电梯")))
        .await;
    let hit = &answer.body["items"][0];
    assert!(
        hit["title_pieces"]
            .as_array()
            .unwrap()
            .contains(&json!({"text": "电梯", "hit": true}))
    );
    assert_eq!(hit["snippet_field"], "problem");
    assert!(
        hit["snippet"]
            .as_array()
            .unwrap()
            .contains(&json!({"text": "电梯", "hit": true}))
    );
    assert_eq!(hit["special"], json!(["important"]));

    // Blank or punctuation only is refused; so is an unknown special kind.
    for bad in ["q=", "q=%EF%BC%8C%E3%80%82", ""] {
        let answer = app
            .get(Some("clerk"), &format!("/api/v1/search?{bad}"))
            .await;
        assert_eq!(answer.code(), "field_missing", "{bad}");
    }
    let answer = app
        .get(
            Some("clerk"),
            &format!("/api/v1/search?{}&special=urgent", q("电梯")),
        )
        .await;
    assert_eq!(answer.code(), "field_unknown_value");
    let answer = app
        .get(Some("admin"), &format!("/api/v1/search?{}", q("电梯")))
        .await;
    assert_eq!(answer.code(), "not_permitted");

    // The ledger page searches with the same filters and marks the matches.
    let mut web = app.web("clerk").await;
    let page = web.get(&format!("/ledger?{}", q("电梯"))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("<mark>电梯</mark>") && !page.has("楼上漏水"));
    let page = web.get(&format!("/ledger?{}", q("噪音"))).await;
    assert!(!page.has("举报窗口人员"));
    app.cleanup().await;
}

fn office() -> Actor {
    Actor {
        id: UserId(uuid::Uuid::nil()),
        name: "o".into(),
        role: Role::Office,
        unit: UnitId(uuid::Uuid::nil()),
    }
}

/// Every number found for `words`, all pages.
async fn numbers(service: &Service, words: &str) -> Vec<String> {
    let query = ListQuery {
        per_page: Some(100),
        ..Default::default()
    };
    let found = service.search(&office(), Some(words), query).await.unwrap();
    assert!(found.total <= 100);
    let mut n: Vec<String> = found
        .hits
        .iter()
        .map(|h| h.complaint.number.to_string())
        .collect();
    n.sort();
    n
}

/// Whether a case's searchable text holds `word` (one or two characters: exactly what the
/// index answers for such words).
fn holds(c: &Complaint, word: &str) -> bool {
    let mut fields = vec![c.title.as_str(), c.problem.as_str(), c.demands.as_str()];
    fields.extend(c.last_progress.as_deref());
    if let Some(r) = &c.result {
        fields.extend([r.findings.as_str(), r.handling.as_str(), r.reply.as_str()]);
    }
    fields.iter().any(|f| f.contains(word))
}

/// The demo center on both databases: every query finds the same cases on each, and for one-
/// and two-character words exactly the cases whose text holds them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_answers_alike_on_sqlite_and_postgresql() {
    let at = time::macros::datetime!(2026-11-28 10:00 +8);
    let sqlite = TestDb::new(Backend::Sqlite).await;
    let postgres = TestDb::new(Backend::Postgres).await;
    demo::fill(&sqlite.db, at).await.unwrap();
    demo::fill(&postgres.db, at).await.unwrap();
    let s = Service::new(
        sqlite.db.clone(),
        Arc::new(SystemClock),
        Settings::default(),
    );
    let p = Service::new(
        postgres.db.clone(),
        Arc::new(SystemClock),
        Settings::default(),
    );
    let all = s
        .complaints(
            &office(),
            ListQuery {
                per_page: Some(100),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .items;
    let words = [
        "噪音",
        "施工",
        "物业",
        "电梯",
        "漏水",
        "停车",
        "路灯",
        "现场",
        "整改",
        "投诉人",
        "夜间施工",
        "核实",
        "老人",
        "小区",
        "的",
        "楼",
        "水",
        "镇",
        "3",
        "a",
        "请",
        "已",
        "反映",
        "答复",
    ];
    let mut found_something = 0;
    for word in words {
        let (a, b) = (numbers(&s, word).await, numbers(&p, word).await);
        assert_eq!(a, b, "{word}: SQLite and PostgreSQL differ");
        if word.chars().count() <= 2 && !word.is_ascii() {
            let mut expected: Vec<String> = all
                .iter()
                .filter(|c| holds(c, word))
                .map(|c| c.number.to_string())
                .collect();
            expected.sort();
            assert_eq!(a, expected, "{word}");
        }
        found_something += usize::from(!a.is_empty());
    }
    assert!(
        found_something >= 15,
        "the words were chosen from the demo's texts"
    );
    sqlite.cleanup().await;
    postgres.cleanup().await;
}

on_both_backends!(search_finds_words_in_every_field_within_the_filters_and_visibility);
