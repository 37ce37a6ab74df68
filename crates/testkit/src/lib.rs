//! Test support: a fresh database on either backend, the real app on a loopback port with a
//! fixed clock, a seeded center with one account per role, and one helper per request shape.
//!
//! PostgreSQL tests connect to `HUIXIANG_TEST_PG` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) and create a database of their own, named
//! `hx_test_…`, which [`TestApp::cleanup`] drops (`scripts/test` also drops leftovers).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use huixiang_domain::{Role, UnitId, UnitInput};
use huixiang_service::{Db, ManualClock, NewUserInput, Service, Settings};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use time::macros::datetime;

pub use huixiang_service::Backend;

pub mod web;

/// Runs each named `async fn name(backend: Backend)` in the enclosing module once on SQLite and
/// once on PostgreSQL, as `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::Backend::Postgres).await
                }
            )*
        }
    };
}

fn pg_admin_url() -> String {
    std::env::var("HUIXIANG_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh, migrated database of its own.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        let db = Self::empty(backend).await;
        db.db.migrate().await.expect("migrations run");
        db
    }

    /// A fresh database with no schema yet.
    pub async fn empty(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("huixiang.db").display());
                let db = Db::connect(&url).await.expect("sqlite opens");
                TestDb {
                    db,
                    url,
                    pg_name: None,
                    _dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let admin = pg_admin_url();
                let name = format!("hx_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL must run for the tests ({admin}): {e}; scripts/test starts it")
                });
                let create = format!(
                    "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' \
                     LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                );
                sqlx::raw_sql(sqlx::AssertSqlSafe(create))
                    .execute(&mut conn)
                    .await
                    .expect("create database");
                conn.close().await.ok();
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
                let url = format!("{base}/{name}");
                let db = Db::connect(&url).await.expect("postgres opens");
                TestDb {
                    db,
                    url,
                    pg_name: Some(name),
                    _dir: None,
                }
            }
        }
    }

    /// Closes the pool and drops the PostgreSQL database.
    pub async fn cleanup(self) {
        self.db.close().await;
        if let Some(name) = self.pg_name
            && let Ok(mut conn) = sqlx::PgConnection::connect(&pg_admin_url()).await
        {
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
                .execute(&mut conn)
                .await
                .ok();
        }
    }
}

/// The running app with a seeded center.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub service: Service,
    pub clock: Arc<ManualClock>,
    pub units: HashMap<&'static str, UnitId>,
    tokens: HashMap<&'static str, String>,
    db: TestDb,
    server: tokio::task::JoinHandle<()>,
}

/// The seeded units: (key, name, kind, parent key).
pub const UNITS: &[(&str, &str, &str, Option<&str>)] = &[
    ("district", "区城市管理局", "higher_organ", None),
    ("center", "测试社区事务受理中心", "center", None),
    ("office", "中心办公室", "section", Some("center")),
    ("intake", "综合受理科", "section", Some("center")),
    ("welfare", "社会保障科", "section", Some("center")),
    ("city", "镇城管中队", "department", Some("district")),
    ("cityteam", "镇城管中队一分队", "department", Some("city")),
    ("housing", "镇房管办", "department", None),
];

/// The seeded accounts: (username, role, unit key). Every password is `password-123`.
pub const USERS: &[(&str, Role, &str)] = &[
    ("clerk", Role::Clerk, "intake"),
    ("leader", Role::Leader, "center"),
    ("director", Role::Director, "center"),
    ("office", Role::Office, "office"),
    ("handler", Role::Handler, "city"),
    ("depthead", Role::DeptHead, "city"),
    ("cohandler", Role::Handler, "welfare"),
    ("outsider", Role::Handler, "housing"),
    ("teamhandler", Role::Handler, "cityteam"),
    ("overseer", Role::Overseer, "center"),
    ("admin", Role::Admin, "center"),
];

pub const PASSWORD: &str = "password-123";

/// Starts the app on a free loopback port over a fresh database with the seeded center, and
/// logs every seeded account in.
pub async fn spawn_app(backend: Backend) -> TestApp {
    let db = TestDb::new(backend).await;
    let clock = Arc::new(ManualClock::new(datetime!(2026-03-02 09:00 +8)));
    let service = Service::new(db.db.clone(), clock.clone(), Settings::default());
    let mut units = HashMap::new();
    for (key, name, kind, parent) in UNITS {
        let unit = service
            .add_unit(UnitInput {
                name: Some((*name).into()),
                kind: Some((*kind).into()),
                parent: parent.map(|p| units[p]),
                principal_leader: Some("负责人".into()),
            })
            .await
            .expect("seed unit");
        units.insert(*key, unit.id);
    }
    for (username, role, unit) in USERS {
        service
            .add_user(NewUserInput {
                username: Some((*username).into()),
                display_name: Some(format!("{username}同志")),
                role: Some(role.as_str().into()),
                unit: Some(units[unit]),
                password: Some(PASSWORD.into()),
            })
            .await
            .expect("seed user");
    }
    // Bind first, then serve: the port accepts connections before the first request.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    let serving = service.clone();
    let server = tokio::spawn(async move {
        huixiang_web::serve(
            listener,
            serving,
            huixiang_web::WebSettings::default(),
            std::future::pending(),
        )
        .await
        .ok();
    });
    let mut app = TestApp {
        base: format!("http://{addr}"),
        client: reqwest::Client::new(),
        service,
        clock,
        units,
        tokens: HashMap::new(),
        db,
        server,
    };
    for (username, _, _) in USERS {
        let token = app.login(username, PASSWORD).await;
        app.tokens.insert(*username, token);
    }
    app
}

/// An HTTP answer: status and JSON body (`Value::Null` when there is none).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
}

impl Answer {
    /// The stable error code of a failed request.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

impl TestApp {
    pub fn token(&self, username: &str) -> &str {
        self.tokens
            .get(username)
            .map(String::as_str)
            .unwrap_or("no-such-token")
    }

    /// Moves the clock to `at` and logs every seeded account in again (tokens expire with
    /// the clock).
    pub async fn travel_to(&mut self, at: time::OffsetDateTime) {
        self.clock.set(at);
        for (username, _, _) in USERS {
            let token = self.login(username, PASSWORD).await;
            self.tokens.insert(*username, token);
        }
    }

    pub fn unit(&self, key: &str) -> UnitId {
        self.units[key]
    }

    pub async fn login(&self, username: &str, password: &str) -> String {
        let answer = self
            .post(
                None,
                "/api/v1/auth/login",
                json!({"username": username, "password": password}),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "login {username}: {answer:?}"
        );
        answer.body["token"].as_str().expect("token").to_owned()
    }

    async fn send(&self, request: reqwest::RequestBuilder, token: Option<&str>) -> Answer {
        let request = match token {
            Some(t) => request.bearer_auth(t),
            None => request,
        };
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let text = response.text().await.expect("body read");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"))
        };
        Answer { status, body }
    }

    /// GET `path` as `user` (a seeded username, or `None` for no token).
    pub async fn get(&self, user: Option<&str>, path: &str) -> Answer {
        let token = user.map(|u| self.token(u).to_owned());
        self.send(
            self.client.get(format!("{}{path}", self.base)),
            token.as_deref(),
        )
        .await
    }

    /// POST JSON to `path` as `user`.
    pub async fn post(&self, user: Option<&str>, path: &str, body: Value) -> Answer {
        let token = user.map(|u| self.token(u).to_owned());
        self.send(
            self.client.post(format!("{}{path}", self.base)).json(&body),
            token.as_deref(),
        )
        .await
    }

    /// POST a raw body with a given content type.
    pub async fn post_raw(
        &self,
        user: Option<&str>,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Answer {
        let token = user.map(|u| self.token(u).to_owned());
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", content_type)
            .body(body);
        self.send(request, token.as_deref()).await
    }

    /// The id of a seeded account, as the administrator lists it.
    pub async fn user_id(&self, username: &str) -> String {
        let users = self.get(Some("admin"), "/api/v1/users").await;
        let user = users
            .body
            .as_array()
            .and_then(|all| all.iter().find(|u| u["username"] == username));
        user.and_then(|u| u["id"].as_str())
            .unwrap_or_else(|| panic!("no account {username}"))
            .to_owned()
    }

    /// Registers the standard phone complaint as the clerk and returns its id.
    pub async fn register(&self) -> String {
        let answer = self
            .post(Some("clerk"), "/api/v1/complaints", phone_complaint())
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
        answer.body["id"].as_str().expect("id").to_owned()
    }

    /// The complaint as `user` sees it.
    pub async fn complaint(&self, user: &str, id: &str) -> Answer {
        self.get(Some(user), &format!("/api/v1/complaints/{id}"))
            .await
    }

    /// The event history of a complaint, as the office sees it.
    pub async fn events(&self, id: &str) -> Vec<Value> {
        let answer = self
            .get(Some("office"), &format!("/api/v1/complaints/{id}/events"))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
        answer.body.as_array().expect("array").clone()
    }

    /// POST a workflow action on complaint `id` as `user`.
    pub async fn act(&self, user: &str, id: &str, action: &str, body: Value) -> Answer {
        self.post(
            Some(user),
            &format!("/api/v1/complaints/{id}/{action}"),
            body,
        )
        .await
    }

    /// Starts a second app instance over the same database and clock (as behind a load
    /// balancer); returns its base URL. It stops when the test's runtime ends.
    pub async fn another_instance(&self) -> String {
        self.another_instance_with(Settings::default()).await
    }

    /// [`Self::another_instance`] with its own settings.
    pub async fn another_instance_with(&self, settings: Settings) -> String {
        let service = Service::new(self.db.db.clone(), self.clock.clone(), settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            huixiang_web::serve(
                listener,
                service,
                huixiang_web::WebSettings::default(),
                std::future::pending(),
            )
            .await
            .ok();
        });
        format!("http://{addr}")
    }

    /// Stops the server and drops the database.
    pub async fn cleanup(self) {
        self.server.abort();
        self.db.cleanup().await;
    }
}

/// A valid phone complaint (R2, R3).
pub fn phone_complaint() -> Value {
    json!({
        "channel": "phone",
        "category": "environment",
        "title": "夜间施工噪音扰民",
        "complainant": {
            "name": "王秀英",
            "occupation": "退休",
            "address": "幸福苑12号楼302室",
            "phone": "13800138000"
        },
        "problem": "工地每天夜里十一点以后仍在施工，噪音很大。",
        "demands": "要求夜间停止施工。"
    })
}

/// The six criteria of R13, all passed except `failed` (with a reason).
pub fn verdicts(failed: Option<&str>) -> Value {
    let criteria: Vec<Value> = huixiang_domain::Criterion::ALL
        .iter()
        .map(|c| {
            let passed = Some(c.as_str()) != failed;
            json!({"criterion": c.as_str(), "passed": passed,
                   "comment": if passed { Value::Null } else { json!("未同投诉人见面，请补充") }})
        })
        .collect();
    json!({ "criteria": criteria })
}

/// Runs SQL straight against the database, around the application: to set up or break what
/// the application itself never would (an intruder's edit, a lost migration).
pub async fn raw_sql(db: &Db, sql: &str) {
    let sql = sqlx::AssertSqlSafe(sql.to_owned());
    match db {
        Db::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(|_| ()),
    }
    .expect("the SQL runs");
}

/// One number (a `COUNT(*)`, say) read straight from the database.
pub async fn sql_number(db: &Db, sql: &'static str) -> i64 {
    match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .expect("the SQL runs")
}
