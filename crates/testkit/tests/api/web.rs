//! The staff pages over HTTP on both databases: sessions kept in the database (any instance
//! serves any request), renewal at login, idle expiry, CSRF refusals, forms that show their
//! errors inline and keep what was typed, the action panel, the ledger and its exports, and
//! administration. The browser walk of a whole case is in `e2e/` (Playwright).

use huixiang_testkit::web::{Page, WebClient};
use huixiang_testkit::{Backend, TestApp, on_both_backends, spawn_app};
use reqwest::StatusCode;
use serde_json::json;
use time::Duration;

/// How many complaints the office sees through the API (to check that refusals wrote nothing).
async fn complaint_count(app: &TestApp) -> i64 {
    let list = app.get(Some("office"), "/api/v1/complaints").await;
    list.body["total"].as_i64().unwrap()
}

fn assert_sign_in(page: &Page) {
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{page:?}");
    assert!(
        page.location.as_deref().unwrap_or("").starts_with("/login"),
        "{page:?}"
    );
}

/// A posted form: (name, value) pairs in order.
type Fields<'a> = Vec<(&'a str, &'a str)>;

const PHONE_FORM: &[(&str, &str)] = &[
    ("channel", "phone"),
    ("category", "environment"),
    ("title", "夜间施工噪音扰民"),
    ("complainant.name", "王秀英"),
    ("complainant.address", "幸福苑12号楼302室"),
    ("complainant.phone", "13800138000"),
    ("problem", "工地每天夜里十一点以后仍在施工，噪音很大。"),
    ("demands", "要求夜间停止施工。"),
];

fn form_without(field: &str) -> Fields<'static> {
    PHONE_FORM
        .iter()
        .filter(|(k, _)| *k != field)
        .copied()
        .collect()
}

async fn sessions_live_in_the_database_and_renew_at_login(backend: Backend) {
    let app = spawn_app(backend).await;
    // Without a session every page sends the reader to sign in, and comes back afterwards.
    let mut anonymous = WebClient::new(&app.base);
    let page = anonymous.get("/ledger?channel=phone").await;
    assert_sign_in(&page);
    assert_eq!(
        page.location.as_deref(),
        Some("/login?next=/ledger%3Fchannel%3Dphone")
    );
    // A wrong password is refused on the page, the username kept.
    let page = anonymous
        .post_exactly(
            "/login",
            &[("username", "clerk"), ("password", "wrong-password")],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.has("value=\"clerk\""));
    assert!(anonymous.session.is_none());

    let mut clerk = app.web("clerk").await;
    let first = clerk.session.clone().unwrap();
    let cookie = clerk.sign_in("clerk").await.set_cookie.join(";");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let second = clerk.session.clone().unwrap();
    assert_ne!(first, second, "a login always gets a fresh session id");
    // The replaced session is over.
    let mut old = WebClient::new(&app.base);
    old.session = Some(first);
    assert_sign_in(&old.get("/workbench").await);

    // Another instance over the same database serves the same session.
    let mut elsewhere = WebClient::new(&app.another_instance().await);
    elsewhere.session = clerk.session.clone();
    let page = elsewhere.get("/workbench").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("clerk同志"));
    // Logging out there ends it everywhere.
    let page = elsewhere.post("/logout", &[]).await;
    assert_eq!(page.location.as_deref(), Some("/login"));
    assert_sign_in(&clerk.get("/workbench").await);
    app.cleanup().await;
}

async fn sessions_end_after_an_idle_hour(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut clerk = app.web("clerk").await;
    // Activity keeps the session alive…
    for _ in 0..3 {
        app.clock.advance(Duration::minutes(50));
        assert_eq!(clerk.get("/workbench").await.status, StatusCode::OK);
    }
    // …an hour without any ends it.
    app.clock.advance(Duration::minutes(61));
    assert_sign_in(&clerk.get("/workbench").await);
    // However active, a session ends twelve hours after login.
    let mut office = app.web("office").await;
    for _ in 0..14 {
        app.clock.advance(Duration::minutes(50));
        assert_eq!(office.get("/ledger").await.status, StatusCode::OK);
    }
    app.clock.advance(Duration::minutes(21));
    assert_sign_in(&office.get("/workbench").await);
    app.cleanup().await;
}

async fn forms_without_the_session_token_or_from_elsewhere_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = complaint_count(&app).await;
    let mut clerk = app.web("clerk").await;
    let base = clerk.base.clone();
    let token = clerk.csrf.clone();
    let attempts: [(Fields, Option<&str>); 3] = [
        // No form token at all.
        (PHONE_FORM.to_vec(), Some(base.as_str())),
        // A wrong one.
        (
            [&[("_csrf", "not-the-token")], PHONE_FORM].concat(),
            Some(base.as_str()),
        ),
        // The right one, but posted from another site.
        (
            [&[("_csrf", token.as_str())], PHONE_FORM].concat(),
            Some("http://evil.example"),
        ),
    ];
    for (fields, origin) in attempts {
        let page = clerk.post_exactly("/complaints/new", &fields, origin).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{page:?}");
        assert!(page.has("data-code=\"csrf_failed\""));
        assert!(page.has("页面已过期或来源无效"));
    }
    // A login posted from another site is refused too.
    let mut stranger = WebClient::new(&app.base);
    let page = stranger
        .post_exactly(
            "/login",
            &[
                ("username", "clerk"),
                ("password", huixiang_testkit::PASSWORD),
            ],
            Some("http://evil.example"),
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(stranger.session.is_none());
    assert_eq!(
        complaint_count(&app).await,
        before,
        "nothing was registered"
    );
    app.cleanup().await;
}

async fn r3_registration_shows_errors_inline_and_keeps_what_was_typed(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = complaint_count(&app).await;
    let mut clerk = app.web("clerk").await;
    let long_title = "长".repeat(101);
    let cases: Vec<(Fields, &str, &str)> = vec![
        // R2: a phone complaint needs the caller's number.
        (
            form_without("complainant.phone"),
            "complainant.phone",
            "请填写联系电话",
        ),
        (
            form_without("complainant.name"),
            "complainant.name",
            "请填写投诉人姓名",
        ),
        (form_without("problem"), "problem", "请填写反映的问题"),
        (
            [form_without("title"), vec![("title", long_title.as_str())]].concat(),
            "title",
            "标题",
        ),
        (
            [form_without("channel"), vec![("channel", "fax")]].concat(),
            "channel",
            "投诉渠道",
        ),
    ];
    for (fields, field, message) in cases {
        let page = clerk.post("/complaints/new", &fields).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{field}");
        let error = page.field_error(field).unwrap_or_default();
        assert!(error.contains(message), "{field}: {error}");
        // Everything else typed is still there.
        assert!(page.has("王秀英") || field == "complainant.name", "{field}");
        assert!(page.has("要求夜间停止施工。"), "{field}");
    }
    assert_eq!(complaint_count(&app).await, before);
    // The same form in English says the same in English.
    clerk.extra_cookies.push("hx_lang=en".into());
    let page = clerk
        .post("/complaints/new", &form_without("complainant.phone"))
        .await;
    assert_eq!(
        page.field_error("complainant.phone").as_deref(),
        Some("Phone is required.")
    );
    clerk.extra_cookies.clear();
    // A complete form registers and shows the number.
    let page = clerk.post("/complaints/new", PHONE_FORM).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{page:?}");
    let location = page.location.unwrap();
    assert!(location.ends_with("?registered=1"), "{location}");
    let page = clerk.get(&location).await;
    assert!(page.has("登记成功，投诉编号 2026-000001。"));
    assert_eq!(complaint_count(&app).await, before + 1);
    // The printable handling form.
    let id = location
        .trim_start_matches("/complaints/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let print = clerk.get(&format!("/complaints/{id}/print/form")).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.has("投诉处理单") && print.has("2026-000001") && print.has("13800138000"));
    // A handler may not register: the page and the post both refuse.
    let mut handler = app.web("handler").await;
    assert_eq!(
        handler.get("/complaints/new").await.status,
        StatusCode::FORBIDDEN
    );
    let page = handler.post("/complaints/new", PHONE_FORM).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(complaint_count(&app).await, before + 1);
    app.cleanup().await;
}

async fn the_action_panel_offers_only_what_the_core_allows(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let path = format!("/complaints/{id}");
    let mut leader = app.web("leader").await;
    let page = leader.get(&path).await;
    assert!(page.has("actions/review") && page.has("actions/not_accept"));
    assert!(!page.has("actions/acknowledge") && !page.has("actions/archive"));
    let mut clerk = app.web("clerk").await;
    let page = clerk.get(&path).await;
    assert!(!page.has("actions/review") && page.has("actions/edit"));
    // The server re-checks: a clerk posting a review is refused and nothing changes.
    let city = app.unit("city").0.to_string();
    let review: Vec<(&str, &str)> = vec![
        ("opinion", "请核查"),
        ("decision", "transfer"),
        ("lead_unit", &city),
        ("deadline_rule", "ordinary"),
    ];
    let page = clerk.post(&format!("{path}/actions/review"), &review).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.has("data-page-error>您的角色不能执行“领导阅处”"),
        "{page:?}"
    );
    assert_eq!(
        app.complaint("office", &id).await.body["state"],
        "registered"
    );
    // R9: the preview shows the due date and changes nothing; the form stays filled.
    let preview: Vec<(&str, &str)> = [review.clone(), vec![("step", "preview")]].concat();
    let page = leader
        .post(&format!("{path}/actions/review"), &preview)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("data-due=\"2026-03-23\""),
        "15 working days from 2026-03-02"
    );
    assert!(page.has("请核查"));
    let fragment = leader
        .post(&format!("{path}/review-preview"), &review)
        .await;
    assert!(fragment.has("data-due=\"2026-03-23\"") && !fragment.has("<html"));
    // Before a rule is chosen the fragment stays empty rather than scolding.
    let fragment = leader
        .post(&format!("{path}/review-preview"), &[("opinion", "请核查")])
        .await;
    assert_eq!(fragment.status, StatusCode::OK);
    assert!(fragment.body.trim().is_empty(), "{fragment:?}");
    assert_eq!(
        app.complaint("office", &id).await.body["state"],
        "registered"
    );
    // A refused review keeps what was typed and names the field.
    let mut bad = review.clone();
    bad.retain(|(k, _)| *k != "opinion");
    let page = leader.post(&format!("{path}/actions/review"), &bad).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.field_error("opinion").is_some(), "{}", page.body);
    assert!(page.has(&format!("value=\"{city}\" selected")));
    let page = leader
        .post(&format!("{path}/actions/review"), &review)
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.complaint("office", &id).await.body["state"],
        "dispatched"
    );
    // The lead unit's handler is offered acknowledge; another unit's handler sees nothing.
    let mut handler = app.web("handler").await;
    let page = handler.get(&path).await;
    assert!(page.has("actions/acknowledge") && !page.has("actions/review"));
    let page = handler
        .post(&format!("{path}/actions/record_progress"), &[("note", "x")])
        .await;
    assert_eq!(
        page.status,
        StatusCode::CONFLICT,
        "not before acknowledging"
    );
    handler
        .post(&format!("{path}/actions/acknowledge"), &[])
        .await;
    let page = handler
        .post(
            &format!("{path}/actions/record_progress"),
            &[("note", "  ")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.field_error("note").unwrap().contains("办理情况"));
    let mut outsider = app.web("outsider").await;
    for link in [
        path.clone(),
        format!("{path}/print/dossier"),
        format!("{path}/print/form"),
    ] {
        let page = outsider.get(&link).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{link}");
        assert!(!page.has("夜间施工噪音扰民"));
    }
    let page = outsider
        .post(&format!("{path}/actions/record_progress"), &[("note", "x")])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    // A case that does not exist answers the same.
    let page = outsider
        .get("/complaints/00000000-0000-7000-8000-000000000000")
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}

async fn r10_reminder_slips_are_listed_and_printed(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let city = app.unit("city").0.to_string();
    app.act(
        "leader",
        &id,
        "review",
        json!({"opinion": "请核查", "decision": "transfer", "lead_unit": city}),
    )
    .await;
    // Due 2026-03-23; two working days before it the case is on the "due soon" list.
    app.clock.set(time::macros::datetime!(2026-03-19 09:00 +8));
    let mut clerk = app.web("clerk").await;
    let page = clerk.get("/reminders").await;
    assert!(
        page.has("2026-000001") && page.has("3 个工作日内到期"),
        "{page:?}"
    );
    // R10: the clerk chases by hand from the case page; the slip is listed and printable.
    let page = clerk
        .post(&format!("/complaints/{id}/actions/chase"), &[])
        .await;
    assert_eq!(
        page.location.as_deref(),
        Some(format!("/complaints/{id}?done=chase#slip-1").as_str())
    );
    let page = clerk.get("/reminders").await;
    assert!(page.has(&format!("/reminders/{id}/1/print")));
    let print = clerk.get(&format!("/reminders/{id}/1/print")).await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.has("催办单") && print.has("第 1 次催办") && print.has("镇城管中队"));
    assert_eq!(
        clerk.get(&format!("/reminders/{id}/9/print")).await.status,
        StatusCode::NOT_FOUND
    );
    let mut outsider = app.web("outsider").await;
    assert_eq!(
        outsider
            .get(&format!("/reminders/{id}/1/print"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A handler may not chase.
    let mut handler = app.web("handler").await;
    let page = handler
        .post(&format!("/complaints/{id}/actions/chase"), &[])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    app.cleanup().await;
}

async fn r5_the_ledger_filters_pages_and_exports(backend: Backend) {
    let app = spawn_app(backend).await;
    for channel in ["phone", "phone", "in_person"] {
        let mut form = huixiang_testkit::phone_complaint();
        form["channel"] = json!(channel);
        let answer = app.post(Some("clerk"), "/api/v1/complaints", form).await;
        assert_eq!(answer.status, StatusCode::CREATED);
    }
    let mut office = app.web("office").await;
    let page = office.get("/ledger?channel=phone").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("共 2 件"), "{}", page.body);
    let page = office.get("/ledger?from=2026-03-02&until=2026-03-02").await;
    assert!(page.has("共 3 件"));
    let page = office.get("/ledger?from=2026-03-03").await;
    assert!(page.has("共 0 件"));
    let page = office.get("/ledger?from=yesterday").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.field_error("from").unwrap().contains("登记起始日期"));
    let page = office.get("/ledger?overdue=1").await;
    assert!(page.has("共 0 件"));

    let csv = office.get("/ledger/export.csv?channel=phone").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.content_type.starts_with("text/csv"));
    assert!(csv.body.starts_with('\u{feff}'), "a BOM for Excel");
    let lines: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].contains("编号") && lines[1].contains("电话"));
    assert!(!csv.body.contains("当面"));
    let xlsx = office.get("/ledger/export.xlsx?channel=in_person").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.content_type.contains("spreadsheetml"));
    assert!(xlsx.bytes.starts_with(b"PK"), "an xlsx is a zip");
    // Handlers export only what their unit may see: nothing is dispatched yet.
    let mut handler = app.web("handler").await;
    let csv = handler.get("/ledger/export.csv").await;
    assert_eq!(csv.body.trim_end().split("\r\n").count(), 1);
    app.cleanup().await;
}

async fn administration_of_users_units_and_the_calendar(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut clerk = app.web("clerk").await;
    for path in ["/admin/users", "/admin/units", "/admin/calendar"] {
        assert_eq!(
            clerk.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let mut admin = app.web("admin").await;
    // The administrator reads no complaints: the workbench sends them to administration.
    assert_eq!(
        admin.get("/workbench").await.location.as_deref(),
        Some("/admin/users")
    );
    assert_eq!(admin.get("/ledger").await.status, StatusCode::FORBIDDEN);
    let page = admin.get("/admin/users").await;
    assert!(page.has("clerk同志"));
    let unit = app.unit("city").0.to_string();
    let short = [
        ("username", "newclerk"),
        ("display_name", "新同志"),
        ("role", "clerk"),
        ("unit", unit.as_str()),
        ("password", "short"),
    ];
    let page = admin.post("/admin/users", &short).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.field_error("password").is_some());
    assert!(page.has("value=\"newclerk\""), "the username is kept");
    let mut good = short;
    good[4] = ("password", "a-long-password");
    let page = admin.post("/admin/users", &good).await;
    assert_eq!(page.location.as_deref(), Some("/admin/users?saved=1"));
    let mut newclerk = WebClient::new(&app.base);
    let page = newclerk
        .post_exactly(
            "/login",
            &[("username", "newclerk"), ("password", "a-long-password")],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    // Changing an account: deactivation ends its sessions at once; a new password does too.
    let users = app.get(Some("admin"), "/api/v1/users").await;
    let clerk_id = users
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "clerk")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = admin.get(&format!("/admin/users?edit={clerk_id}")).await;
    assert!(page.has("修改用户 clerk") && page.has("value=\"clerk同志\""));
    let intake = app.unit("intake").0.to_string();
    let change = |active: &'static str, password: &'static str| {
        vec![
            ("id", clerk_id.clone()),
            ("display_name", "陈晓燕".to_owned()),
            ("role", "clerk".to_owned()),
            ("unit", intake.clone()),
            ("active", active.to_owned()),
            ("password", password.to_owned()),
        ]
    };
    let fields = change("true", "short");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let page = admin.post("/admin/users", &refs).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.field_error("password").is_some() && page.has("value=\"陈晓燕\""));
    assert_eq!(
        clerk.get("/workbench").await.status,
        StatusCode::OK,
        "nothing changed"
    );
    let fields = change("", "");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let page = admin.post("/admin/users", &refs).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{page:?}");
    assert_sign_in(&clerk.get("/workbench").await);
    assert_eq!(
        app.get(Some("clerk"), "/api/v1/complaints").await.status,
        StatusCode::UNAUTHORIZED
    );
    let fields = change("true", "a-new-password");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        admin.post("/admin/users", &refs).await.status,
        StatusCode::SEE_OTHER
    );
    let mut again = WebClient::new(&app.base);
    let page = again
        .post_exactly(
            "/login",
            &[("username", "clerk"), ("password", "a-new-password")],
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(again.get("/workbench").await.has("陈晓燕"));

    // Units: a new one under the center, then its principal leader changed.
    let center = app.unit("center").0.to_string();
    let page = admin
        .post(
            "/admin/units",
            &[
                ("name", "党群工作科"),
                ("kind", "section"),
                ("parent", &center),
            ],
        )
        .await;
    assert_eq!(page.location.as_deref(), Some("/admin/units?saved=1"));
    let city = app.unit("city").0.to_string();
    let page = admin
        .post(
            "/admin/units",
            &[
                ("id", &city),
                ("name", "镇城管中队"),
                ("kind", "department"),
                ("principal_leader", "钱队长"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = admin.get("/admin/units").await;
    assert!(page.has("党群工作科") && page.has("钱队长"));
    let page = admin
        .post("/admin/units", &[("name", ""), ("kind", "section")])
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.field_error("name").is_some());

    // R9: the calendar of a year, shown and corrected.
    let page = admin.get("/admin/calendar?year=2026").await;
    assert!(page.has("2026-10-01") && page.has("[2026]"));
    let page = admin
        .post(
            "/admin/calendar/2027",
            &[("arrangement", "[2027]\noff = [\"2026-01-01\"]\n")],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.has("form-error"), "{}", page.body);
    let text = "[2027]\noff = [\"2027-01-01\"]\nwork = [\"2027-01-09\"]\n";
    let page = admin
        .post("/admin/calendar/2027", &[("arrangement", text)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{page:?}");
    let page = admin.get("/admin/calendar?year=2027").await;
    assert!(page.has("2027-01-09") && !page.has("尚无官方节假日安排"));
    app.cleanup().await;
}

async fn pages_refuse_in_html_and_the_api_in_json(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut office = app.web("office").await;
    let page = office.get("/no/such/page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.content_type.starts_with("text/html") && page.has("未找到"));
    let api = app.get(Some("office"), "/api/v1/no/such/thing").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.code(), "route_not_found");
    // English for the whole page when chosen.
    let switch = office.get("/lang/en?back=/ledger").await;
    assert_eq!(switch.location.as_deref(), Some("/ledger"));
    assert!(switch.set_cookie[0].starts_with("hx_lang=en"));
    let page = office.get("/ledger?lang=en").await;
    assert!(page.has("<html lang=\"en\">") && page.has("Ledger"));
    // The assets are ours and embedded.
    let htmx = office
        .get(&format!("/assets/{}", huixiang_web::assets::HTMX))
        .await;
    assert_eq!(htmx.status, StatusCode::OK);
    assert!(htmx.content_type.starts_with("text/javascript"));
    app.cleanup().await;
}

on_both_backends!(
    sessions_live_in_the_database_and_renew_at_login,
    sessions_end_after_an_idle_hour,
    forms_without_the_session_token_or_from_elsewhere_are_refused,
    r3_registration_shows_errors_inline_and_keeps_what_was_typed,
    the_action_panel_offers_only_what_the_core_allows,
    r5_the_ledger_filters_pages_and_exports,
    r10_reminder_slips_are_listed_and_printed,
    administration_of_users_units_and_the_calendar,
    pages_refuse_in_html_and_the_api_in_json,
);
