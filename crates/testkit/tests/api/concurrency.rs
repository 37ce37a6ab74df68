//! Numbers stay unique and steps stay whole under concurrent requests, on both databases.

use huixiang_service::Db;
use huixiang_testkit::{Answer, Backend, TestApp, phone_complaint, raw_sql, spawn_app, sql_number};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;

async fn r3_two_hundred_concurrent_registrations_get_distinct_numbers(backend: Backend) {
    let app = Arc::new(spawn_app(backend).await);
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let answer = app
                .post(Some("clerk"), "/api/v1/complaints", phone_complaint())
                .await;
            assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
            answer.body["number"].as_str().unwrap().to_owned()
        }));
    }
    let mut numbers = BTreeSet::new();
    for task in tasks {
        numbers.insert(task.await.unwrap());
    }
    assert_eq!(numbers.len(), 200, "200 distinct numbers");
    let expected: BTreeSet<String> = (1..=200).map(|n| format!("2026-{n:06}")).collect();
    assert_eq!(numbers, expected, "no gaps");
    let listed = app
        .get(Some("office"), "/api/v1/complaints?per_page=1")
        .await;
    assert_eq!(listed.body["total"], 200);
    Arc::into_inner(app).unwrap().cleanup().await;
}

/// Holds the database's write lock (SQLite) or the counters (PostgreSQL) until dropped, so
/// that registrations queue up behind it and are then written together.
async fn hold_writes(db: &Db) -> Box<dyn std::any::Any + Send> {
    match db {
        Db::Sqlite(pool) => Box::new(pool.begin_with("BEGIN IMMEDIATE").await.unwrap()),
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await.unwrap();
            sqlx::query("LOCK TABLE counters IN EXCLUSIVE MODE")
                .execute(&mut *tx)
                .await
                .unwrap();
            Box::new(tx)
        }
    }
}

/// Registers `forms` (the clerk) while writes are held: the writer takes the first alone and
/// waits; the others queue and are then written as one batch. The answers, in order.
async fn register_held(app: &Arc<TestApp>, forms: Vec<Value>) -> Vec<Answer> {
    let lock = hold_writes(app.service.db()).await;
    let mut tasks = Vec::new();
    for (i, form) in forms.into_iter().enumerate() {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            app.post(Some("clerk"), "/api/v1/complaints", form).await
        }));
        if i == 0 {
            // The first is taken by the writer, which then waits for the lock; the rest queue.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(lock);
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// A registration naming `unit` as the accused unit.
fn accusing(unit: &str) -> Value {
    let mut form = phone_complaint();
    form["accusation"] = json!({"accused_name": "张某", "accused_unit": unit});
    form
}

/// R3: registrations waiting together are committed together; one refused among them is
/// answered alone and draws no number, the others are written whole and numbered without gaps.
async fn r3_a_refusal_among_registrations_written_together_stands_alone(backend: Backend) {
    let app = Arc::new(spawn_app(backend).await);
    let forms = (0..12)
        .map(|i| match i {
            // Well-formed, but names a unit that does not exist: refused by the writer.
            7 => accusing("00112233-4455-6677-8899-aabbccddeeff"),
            _ => phone_complaint(),
        })
        .collect();
    let mut numbers = BTreeSet::new();
    for (i, answer) in register_held(&app, forms).await.into_iter().enumerate() {
        if i == 7 {
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{answer:?}");
            assert_eq!(answer.code(), "unit_not_found");
        } else {
            assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
            let id = answer.body["id"].as_str().unwrap();
            assert_eq!(app.events(id).await[0]["action"], "register");
            numbers.insert(answer.body["number"].as_str().unwrap().to_owned());
        }
    }
    let expected: BTreeSet<String> = (1..=11).map(|n| format!("2026-{n:06}")).collect();
    assert_eq!(numbers, expected, "no gaps, no duplicates");
    let listed = app
        .get(Some("office"), "/api/v1/complaints?per_page=1")
        .await;
    assert_eq!(listed.body["total"], 11);
    // The first alone; the eleven others tried whole (the frame read), then one by one.
    assert_eq!(writer_counts(&app).await, [0, 2, 1]);
    let chain = app.service.check_audit_chain().await.unwrap();
    assert!(chain.first_break.is_none(), "{chain:?}");
    Arc::into_inner(app).unwrap().cleanup().await;
}

async fn concurrent_steps_on_one_case_apply_once(backend: Backend) {
    let app = Arc::new(spawn_app(backend).await);
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    app.act(
        "leader",
        &id,
        "review",
        json!({"opinion": "请核实", "decision": "transfer", "lead_unit": city}),
    )
    .await;
    let mut tasks = Vec::new();
    for user in [
        "handler", "depthead", "handler", "depthead", "handler", "depthead",
    ] {
        let (app, id) = (app.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            app.act(user, &id, "acknowledge", json!({})).await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        let answer = task.await.unwrap();
        match answer.status {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => assert!(
                matches!(answer.code(), "transition_not_allowed" | "version_conflict"),
                "{answer:?}"
            ),
            other => panic!("unexpected {other}: {answer:?}"),
        }
    }
    assert_eq!(ok, 1, "exactly one acknowledgement");
    let actions: Vec<String> = app
        .events(&id)
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["register", "review", "acknowledge"]);
    Arc::into_inner(app).unwrap().cleanup().await;
}

/// The registration writer's counters from `/metrics`: (batches written whole, batches written
/// one by one, reads of the unit tree and calendar).
async fn writer_counts(app: &TestApp) -> [u64; 3] {
    let text = crate::ops::scrape(app).await;
    [
        "huixiang_registration_batches_whole_total",
        "huixiang_registration_batches_one_by_one_total",
        "huixiang_registration_frame_reads_total",
    ]
    .map(|series| crate::ops::value(&text, series) as u64)
}

/// R3: the writer keeps the unit tree and calendar from one batch to the next, and reads them
/// again after any change to either, made through the application or straight in the database
/// (another process, another instance): a batch naming a unit created a moment before by
/// someone else is written whole, not refused and rewritten one by one.
async fn r3_the_registration_writer_sees_units_and_calendar_changed_by_anyone(backend: Backend) {
    let app = Arc::new(spawn_app(backend).await);
    let version = || sql_number(app.service.db(), "SELECT version FROM frame_version");
    let created = |answers: Vec<Answer>| {
        for answer in answers {
            assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
        }
    };
    // Each held batch: the first registration alone, the other three as one batch.
    created(register_held(&app, vec![phone_complaint(); 4]).await);
    assert_eq!(writer_counts(&app).await, [1, 1, 1]);
    let before = version().await;
    created(register_held(&app, vec![phone_complaint(); 4]).await);
    assert_eq!(
        writer_counts(&app).await,
        [2, 2, 1],
        "nothing changed: kept"
    );

    // A unit written straight into the database, as another process would.
    let new_unit = match backend {
        Backend::Sqlite => "X'00112233445566778899aabbccddee01'",
        Backend::Postgres => "'00112233-4455-6677-8899-aabbccddee01'",
    };
    raw_sql(
        app.service.db(),
        &format!(
            "INSERT INTO units (id, name, kind, parent_id, principal_leader, created_at, updated_at)
             SELECT {new_unit}, '新设科室', kind, parent_id, principal_leader, created_at, updated_at
             FROM units WHERE kind = 'department' ORDER BY name LIMIT 1"
        ),
    )
    .await;
    let after_unit = version().await;
    assert!(after_unit > before, "{before} -> {after_unit}");
    let unit = "00112233-4455-6677-8899-aabbccddee01";
    created(register_held(&app, vec![accusing(unit); 4]).await);
    assert_eq!(
        writer_counts(&app).await,
        [3, 3, 2],
        "read again, written whole"
    );

    // The calendar, through the application.
    app.service
        .import_calendar("[2027]\noff = [\"2027-01-01\"]\n")
        .await
        .unwrap();
    let after_calendar = version().await;
    assert!(after_calendar > after_unit);
    created(register_held(&app, vec![phone_complaint(); 4]).await);
    assert_eq!(writer_counts(&app).await, [4, 4, 3]);

    // A unit renamed in the database.
    raw_sql(
        app.service.db(),
        "UPDATE units SET name = '新设科室（更名）' WHERE name = '新设科室'",
    )
    .await;
    assert!(version().await > after_calendar);
    created(register_held(&app, vec![accusing(unit); 4]).await);
    assert_eq!(writer_counts(&app).await, [5, 5, 4]);
    Arc::into_inner(app).unwrap().cleanup().await;
}

/// R3: a batch written whole (one script: the cases, their search terms, their events and the
/// audit chain's head) leaves every case complete, and the head is held from the moment the
/// numbers are drawn (on PostgreSQL, where steps on other cases run beside the writer).
async fn r3_a_batch_written_whole_leaves_every_case_complete(backend: Backend) {
    let app = Arc::new(spawn_app(backend).await);
    let words = [
        "梧桐", "银杏", "香樟", "水杉", "雪松", "垂柳", "紫藤", "海棠", "玉兰",
    ];
    let forms = words
        .iter()
        .map(|word| {
            let mut form = phone_complaint();
            form["title"] = json!(format!("{word}树下夜间施工"));
            form
        })
        .collect();
    let answers = register_held(&app, forms).await;
    // The first alone, the eight others in one batch written whole.
    assert_eq!(writer_counts(&app).await, [1, 1, 1]);
    for (word, answer) in words.iter().zip(&answers) {
        assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
        let id = answer.body["id"].as_str().unwrap();
        let events = app.events(id).await;
        assert_eq!(events.len(), 1);
        assert_eq!(events[0]["action"], "register");
        let q = huixiang_testkit::web::encode(word);
        let found = app
            .get(Some("office"), &format!("/api/v1/search?q={q}"))
            .await;
        assert_eq!(found.body["total"], 1, "{word}: {found:?}");
        assert_eq!(found.body["items"][0]["id"], id);
    }
    let chain = app.service.check_audit_chain().await.unwrap();
    assert!(chain.first_break.is_none(), "{chain:?}");
    let db = app.service.db();
    let events = sql_number(db, "SELECT COUNT(*) FROM complaint_events").await;
    assert_eq!(events, 9);
    let head = sql_number(db, "SELECT last_seq FROM audit_head").await;
    assert_eq!(head, events, "the head is on the last event");

    // Drawing the numbers takes the chain's head with them: on PostgreSQL its row is locked
    // until the transaction ends (SQLite's write transaction holds the whole database).
    let mut tx = db.write().await.unwrap();
    let drawn = tx.take_from_counter("test", 1).await.unwrap();
    assert_eq!(drawn.chain_head.0, 9);
    if let Db::Postgres(pool) = db {
        let locked = sqlx::query("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE NOWAIT")
            .execute(pool)
            .await;
        assert!(locked.is_err(), "the head is not locked: {locked:?}");
    }
    tx.rollback().await.unwrap();
    Arc::into_inner(app).unwrap().cleanup().await;
}

huixiang_testkit::on_both_backends!(
    r3_two_hundred_concurrent_registrations_get_distinct_numbers,
    r3_a_refusal_among_registrations_written_together_stands_alone,
    r3_a_batch_written_whole_leaves_every_case_complete,
    r3_the_registration_writer_sees_units_and_calendar_changed_by_anyone,
    concurrent_steps_on_one_case_apply_once,
);
