//! R10/R30 benchmark: the deadline sweep over 1,000,000 open cases, on SQLite and PostgreSQL.
//!
//! `cargo bench -p huixiang-testkit --bench sweep` (or with `-- 100000` for fewer cases, and
//! `-- 1000000 sqlite` for one backend). Loopback only; bounded by the case count. Results are
//! recorded in docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use huixiang_domain::{UnitInput, UserId};
use huixiang_service::{Db, ManualClock, NewUserInput, Service, Settings};
use huixiang_testkit::{Backend, TestDb};
use std::sync::Arc;
use std::time::Instant;
use time::macros::datetime;

/// Fills the database with `n` cases in progress at one unit, due over the next 90 days.
async fn seed(db: &Db, service: &Service, n: i64) -> huixiang_domain::UnitId {
    let unit = service
        .add_unit(UnitInput {
            name: Some("镇城管中队".into()),
            kind: Some("department".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let user = service
        .add_user(NewUserInput {
            username: Some("clerk".into()),
            display_name: Some("窗口".into()),
            role: Some("clerk".into()),
            unit: Some(unit.id),
            password: Some("password-123".into()),
        })
        .await
        .unwrap();
    let UserId(user) = user.id;
    let columns = "id, number, channel, category, title, complainant_name, complainant_phone, problem, \
        demands, state, version, registered_by, registered_at, updated_at, due_on, holder_name, last_progress";
    match db {
        Db::Sqlite(pool) => {
            let sql = format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
                 INSERT INTO complaints ({columns})
                 SELECT randomblob(16), '2026-' || printf('%07d', i), 'phone', 'environment', '噪音扰民',
                    '王秀英', '13800138000', '工地夜间施工', '停止夜间施工', 'in_progress', 3, $2,
                    '2026-03-01T01:00:00Z', '2026-03-01T01:00:00Z',
                    date('2026-03-02', '+' || (i % 90) || ' days'), '张伟', '正在整改' FROM n"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(n)
                .bind(user)
                .execute(pool)
                .await
                .unwrap();
            sqlx::query("INSERT INTO complaint_units (complaint_id, unit_id, role) SELECT id, $1, 'lead' FROM complaints")
                .bind(unit.id.0)
                .execute(pool)
                .await
                .unwrap();
            sqlx::query("ANALYZE").execute(pool).await.unwrap();
        }
        Db::Postgres(pool) => {
            let sql = format!(
                "INSERT INTO complaints ({columns})
                 SELECT gen_random_uuid(), '2026-' || lpad(i::text, 7, '0'), 'phone', 'environment', '噪音扰民',
                    '王秀英', '13800138000', '工地夜间施工', '停止夜间施工', 'in_progress', 3, $2,
                    '2026-03-01T01:00:00Z', '2026-03-01T01:00:00Z',
                    DATE '2026-03-02' + (i % 90)::int, '张伟', '正在整改'
                 FROM generate_series(1, $1) AS i"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(n)
                .bind(user)
                .execute(pool)
                .await
                .unwrap();
            sqlx::query("INSERT INTO complaint_units (complaint_id, unit_id, role) SELECT id, $1, 'lead' FROM complaints")
                .bind(unit.id.0)
                .execute(pool)
                .await
                .unwrap();
            // As autovacuum would have done by the time a real center has this many cases.
            sqlx::query("VACUUM ANALYZE").execute(pool).await.unwrap();
        }
    }
    unit.id
}

async fn bench(backend: Backend, n: i64) {
    let db = TestDb::new(backend).await;
    let clock = Arc::new(ManualClock::new(datetime!(2026-03-02 07:00 +8)));
    let service = Service::new(db.db.clone(), clock.clone(), Settings::default());
    let started = Instant::now();
    seed(&db.db, &service, n).await;
    println!(
        "{backend:?}: seeded {n} open cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // Monday 2 March: due 2–5 March are chased (3 working days ahead).
    let started = Instant::now();
    let first = service.run_deadline_sweep("bench").await.unwrap().unwrap();
    let first_time = started.elapsed();
    let started = Instant::now();
    let again = service.run_deadline_sweep("bench").await.unwrap().unwrap();
    let again_time = started.elapsed();
    // Thursday 2 April: the first month is overdue and a new band is due.
    clock.set(datetime!(2026-04-02 07:00 +8));
    let started = Instant::now();
    let month = service.run_deadline_sweep("bench").await.unwrap().unwrap();
    let month_time = started.elapsed();
    println!(
        "{backend:?}: sweep writing {} slips: {:.3} s; repeat (nothing new): {:.3} s; \
         a month later ({} slips, {} overdue): {:.3} s",
        first.reminders,
        first_time.as_secs_f64(),
        again_time.as_secs_f64(),
        month.reminders,
        month.overdue,
        month_time.as_secs_f64()
    );
    assert_eq!(again.reminders, 0);
    if std::env::var_os("HUIXIANG_BENCH_KEEP").is_some() {
        println!("kept {}", db.url);
    } else {
        db.cleanup().await;
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n: i64 = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000)
        .clamp(1, 5_000_000);
    let only = args.get(1).map(String::as_str);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        if only != Some("postgres") {
            bench(Backend::Sqlite, n).await;
        }
        if only != Some("sqlite") {
            bench(Backend::Postgres, n).await;
        }
    });
}
