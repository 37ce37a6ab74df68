//! Two `huixiang serve` processes on one PostgreSQL database, driven alternately: a session
//! made on one is good on the other and ends on both, failed logins count across them, cases
//! registered at once on both get distinct numbers and are seen by both, and the deadline sweep
//! runs on one of them only (R10: the lease in the database).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Instance, get, login, start};
use huixiang_service::demo;
use huixiang_testkit::{Backend, TestDb};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::Duration;

/// One series of an instance's `/metrics`.
async fn metric(client: &reqwest::Client, at: &Instance, series: &str) -> f64 {
    let text = client
        .get(format!("{}/metrics", at.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{series} not in\n{text}"))
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgresql_serve_the_same_users() {
    let pg = TestDb::new(Backend::Postgres).await;
    demo::fill(&pg.db, time::OffsetDateTime::now_utc())
        .await
        .unwrap();
    // The demo ran a sweep of its own and gave up its lease: the instances need not wait it out.
    let client = reqwest::Client::new();
    let a = start(&pg.url, &client).await;
    let b = start(&pg.url, &client).await;

    // A session made on one instance is good on the other; ended on one, it ends on both.
    let (status, session) = login(&client, &a, "office", "office-demo-2026").await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let office = session["token"].as_str().unwrap().to_owned();
    let (status, me) = get(&client, &b, &office, "/api/v1/me").await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["role"], "office");

    // Cases registered at the same time on both get distinct numbers; each sees them all.
    let (_, before) = get(&client, &a, &office, "/api/v1/complaints?per_page=1").await;
    let form = json!({
        "channel": "phone", "category": "municipal", "title": "路灯不亮",
        "complainant": {"name": "李建国", "phone": "13900001111"},
        "problem": "小区路灯坏了一周。", "demands": "请尽快修复。"
    });
    let registrations = (0..20).map(|i| {
        let (client, office, form) = (client.clone(), office.clone(), form.clone());
        let base = if i % 2 == 0 {
            a.base.clone()
        } else {
            b.base.clone()
        };
        async move {
            let answer = client
                .post(format!("{base}/api/v1/complaints"))
                .bearer_auth(&office)
                .json(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), StatusCode::CREATED);
            let body: Value = answer.json().await.unwrap();
            body["number"].as_str().unwrap().to_owned()
        }
    });
    let numbers: Vec<String> = futures_join_all(registrations).await;
    assert_eq!(
        numbers.iter().collect::<HashSet<_>>().len(),
        20,
        "{numbers:?}"
    );
    for at in [&a, &b] {
        let (_, after) = get(&client, at, &office, "/api/v1/complaints?per_page=1").await;
        assert_eq!(
            after["total"].as_i64().unwrap(),
            (before["total"].as_i64().unwrap() + 20).min(200)
        );
    }

    // Failed logins count across the instances: the fifth locks the account on both.
    for attempt in 0..5 {
        let at = if attempt % 2 == 0 { &a } else { &b };
        let (status, _) = login(&client, at, "clerk", "wrong-password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    for at in [&a, &b] {
        let (status, body) = login(&client, at, "clerk", "clerk-demo-2026").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert_eq!(body["error"]["code"], "too_many_attempts");
    }

    let logout = client
        .post(format!("{}/api/v1/auth/logout", b.base))
        .bearer_auth(&office)
        .send()
        .await
        .unwrap();
    assert!(logout.status().is_success(), "{logout:?}");
    let (status, _) = get(&client, &a, &office, "/api/v1/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Both tick every second; the sweep's lease lets only one of them run it.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let runs = [
        metric(&client, &a, "huixiang_sweeps_total").await,
        metric(&client, &b, "huixiang_sweeps_total").await,
    ];
    let skipped = [
        metric(&client, &a, "huixiang_sweeps_skipped_total").await,
        metric(&client, &b, "huixiang_sweeps_skipped_total").await,
    ];
    assert!(
        (runs[0] > 0.0 && runs[1] == 0.0 && skipped[1] > 0.0)
            || (runs[1] > 0.0 && runs[0] == 0.0 && skipped[0] > 0.0),
        "runs {runs:?}, skipped {skipped:?}"
    );
    drop((a, b));
    pg.cleanup().await;
}

/// Runs the futures at once and gives their outputs in order.
async fn futures_join_all<
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
>(
    futures: impl Iterator<Item = F>,
) -> Vec<T> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
