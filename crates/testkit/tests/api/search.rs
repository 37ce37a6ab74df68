//! Chinese full-text search over HTTP on both databases: one character, a two-character word,
//! a phrase, ASCII words, progress notes and results, combined with the ledger's filters, never
//! finding (nor counting) a case the user may not see; and the same answers from SQLite and
//! PostgreSQL over the same data.

use huixiang_domain::{Actor, Complaint, ComplaintId, Role, UnitId, UserId};
use huixiang_service::{Db, ListQuery, Service, Settings, SystemClock, demo};
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

/// The ids of the cases on a page of `path` (a listing or a search).
async fn page_ids(app: &TestApp, path: &str) -> Vec<String> {
    let answer = app.get(Some("office"), path).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {answer:?}");
    answer.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

/// R5: search pages through its matches in the ledger's order — newest first, cases of the
/// same instant by id — whether they were registered in the same millisecond or not; no case
/// twice, none skipped. (SQLite reads matches in the order of their search keys, which only
/// know the millisecond; the rest of a page's last millisecond is read and sorted.)
async fn r5_search_pages_in_registration_order_through_cases_of_one_instant(backend: Backend) {
    let mut app = spawn_app(backend).await;
    // Groups of cases registered at one instant, a day apart, with a case without the word
    // beside them.
    let first = time::macros::datetime!(2026-03-02 09:00 +8);
    for (day, group) in [5, 1, 6, 2, 3].into_iter().enumerate() {
        app.travel_to(first + time::Duration::days(day as i64))
            .await;
        for i in 0..group {
            register(
                &app,
                "clerk",
                &format!("噪音扰民{group}-{i}"),
                "夜里很吵。",
                json!({}),
            )
            .await;
        }
        register(&app, "clerk", "路灯不亮", "路灯坏了。", json!({})).await;
    }
    let listed = page_ids(&app, "/api/v1/complaints?per_page=100").await;
    let titles = app
        .get(Some("office"), "/api/v1/complaints?per_page=100")
        .await
        .body;
    let noisy: Vec<String> = titles["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["title"].as_str().unwrap().starts_with("噪音"))
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed.len(), 22);
    assert_eq!(noisy.len(), 17);
    if let Db::Sqlite(pool) = app.service.db() {
        // Cases of one instant registered one at a time get keys in id order (ids grow with
        // time); cases registered side by side need not. Key them against id order, so a page
        // cut inside an instant only comes out right if the rest of it is read and sorted.
        let indexed: Vec<(uuid::Uuid, String)> = sqlx::query_as(
            "SELECT k.complaint_id, s.terms FROM complaint_search s
             JOIN complaint_search_keys k ON k.key = s.rowid ORDER BY k.complaint_id DESC",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        sqlx::raw_sql("DELETE FROM complaint_search; DELETE FROM complaint_search_keys;")
            .execute(pool)
            .await
            .unwrap();
        let mut tx = app.service.db().write().await.unwrap();
        for (id, terms) in &indexed {
            tx.set_search_terms(&[(ComplaintId(*id), terms)])
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    for per_page in [1, 4, 5, 7, 17] {
        let mut paged = Vec::new();
        for page in 1..=17 / per_page + 1 {
            let path = format!(
                "/api/v1/search?{}&per_page={per_page}&page={page}",
                q("噪音")
            );
            paged.extend(page_ids(&app, &path).await);
        }
        assert_eq!(paged, noisy, "{per_page} a page");
    }
    // A period: the middle three days only.
    let path = format!(
        "/api/v1/search?{}&from=2026-03-03&until=2026-03-05&per_page=100",
        q("噪音")
    );
    let middle: Vec<&String> = noisy.iter().skip(3).take(9).collect();
    let found = page_ids(&app, &path).await;
    assert_eq!(found.iter().collect::<Vec<_>>(), middle);
    app.cleanup().await;
}

on_both_backends!(
    search_finds_words_in_every_field_within_the_filters_and_visibility,
    r5_search_pages_in_registration_order_through_cases_of_one_instant
);

/// R5: migration 0017 re-keys a SQLite search index made before it (keys in the order cases
/// were indexed) into registration order, and every case is still found.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r5_migration_0017_puts_sqlite_search_keys_in_registration_order() {
    let mut app = spawn_app(Backend::Sqlite).await;
    let first = time::macros::datetime!(2026-03-02 09:00 +8);
    for day in [3, 0, 2, 1] {
        app.travel_to(first + time::Duration::days(day)).await;
        for i in 0..3 {
            register(
                &app,
                "clerk",
                &format!("噪音扰民{day}-{i}"),
                "夜里很吵。",
                json!({}),
            )
            .await;
        }
    }
    let before = page_ids(&app, &format!("/api/v1/search?{}&per_page=100", q("噪音"))).await;
    assert_eq!(before.len(), 12);
    let Db::Sqlite(pool) = app.service.db() else {
        unreachable!()
    };
    // The index as an older version left it: keys 1, 2, … against registration order.
    sqlx::raw_sql(
        "CREATE TEMP TABLE indexed AS SELECT k.complaint_id AS id, s.terms AS terms
         FROM complaint_search s JOIN complaint_search_keys k ON k.key = s.rowid;
         DELETE FROM complaint_search; DELETE FROM complaint_search_keys;
         INSERT INTO complaint_search_keys (key, complaint_id)
         SELECT ROW_NUMBER() OVER (ORDER BY id DESC), id FROM indexed;
         INSERT INTO complaint_search (rowid, terms)
         SELECT k.key, i.terms FROM indexed i JOIN complaint_search_keys k ON k.complaint_id = i.id;
         DROP TABLE indexed;
         DELETE FROM _sqlx_migrations WHERE version = 17;",
    )
    .execute(pool)
    .await
    .unwrap();
    app.service.db().migrate().await.unwrap();
    let keyed: Vec<(i64, time::OffsetDateTime)> = sqlx::query_as(
        "SELECT k.key, c.registered_at FROM complaint_search_keys k
         JOIN complaints c ON c.id = k.complaint_id ORDER BY k.key",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(keyed.len(), 12);
    assert!(keyed.windows(2).all(|w| w[0].1 <= w[1].1), "{keyed:?}");
    let indexed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaint_search")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(indexed, 12);
    let after = page_ids(
        &app,
        &format!("/api/v1/search?{}&per_page=5&page=2", q("噪音")),
    )
    .await;
    assert_eq!(after, before[5..10]);
    app.cleanup().await;
}
