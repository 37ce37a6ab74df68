//! R2 over HTTP on both databases: the online channel. A citizen submits without logging in and
//! gets a number and a query code; the pair shows where the case stands and nothing else; a
//! wrong pair reads the same whether the number exists or not and is rate-limited per address;
//! the concluded case is rated once. Attachments: type from content, served only to those who
//! may see the case, as a sandboxed download.

use huixiang_testkit::web::WebClient;
use huixiang_testkit::{Backend, TestApp, on_both_backends, spawn_app, verdicts};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn online() -> Value {
    json!({
        "category": "municipal",
        "title": "小区门口路灯不亮",
        "name": "孙丽华",
        "phone": "13700001111",
        "address": "光明路8号",
        "problem": "小区门口的路灯已经坏了两周，晚上出行不便。",
        "demands": "请尽快修复路灯。"
    })
}

async fn submit(app: &TestApp) -> (String, String) {
    let answer = app.post(None, "/api/v1/public/complaints", online()).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let number = answer.body["number"].as_str().unwrap().to_owned();
    let code = answer.body["query_code"].as_str().unwrap().to_owned();
    (number, code)
}

async fn lookup(app: &TestApp, number: &str, code: &str) -> huixiang_testkit::Answer {
    app.post(
        None,
        "/api/v1/public/lookup",
        json!({"number": number, "code": code}),
    )
    .await
}

async fn r2_online_complaints_are_looked_up_with_number_and_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let (number, code) = submit(&app).await;
    assert_eq!(number, "2026-000001");
    assert_eq!(code.len(), 14, "{code}");

    // Staff see a registered online complaint, under the portal account.
    let list = app
        .get(Some("clerk"), "/api/v1/complaints?channel=online")
        .await;
    assert_eq!(list.body["total"], 1);
    let id = list.body["items"][0]["id"].as_str().unwrap().to_owned();
    let events = app.events(&id).await;
    assert_eq!(events[0]["actor_name"], "网上投诉平台");
    // The code is stored only as a hash.
    let mut tx = app.service.db().read().await.unwrap();
    let stored = tx
        .query_code_hash(huixiang_domain::ComplaintNumber::parse(&number).unwrap())
        .await
        .unwrap()
        .unwrap();
    drop(tx);
    assert_ne!(
        stored.1.to_uppercase().replace('-', ""),
        code.replace('-', "")
    );
    assert_eq!(stored.1.len(), 64);

    // The right pair, typed loosely: the stage and dates, and no personal data at all.
    let found = lookup(&app, &number, &code.to_lowercase().replace('-', " ")).await;
    assert_eq!(found.status, StatusCode::OK, "{found:?}");
    assert_eq!(found.body["stage"], "received");
    assert_eq!(found.body["stage_label"], "已受理，等待处理");
    assert_eq!(found.body["registered_on"], "2026-03-02");
    let text = found.body.to_string();
    for personal in ["孙丽华", "13700001111", "光明路8号", "路灯"] {
        assert!(!text.contains(personal), "{personal} leaked: {text}");
    }

    // A wrong code and a number that does not exist answer exactly alike.
    let wrong_code = lookup(&app, &number, "ABCD-EFGH-JKMN").await;
    let no_such = lookup(&app, "2026-999999", &code).await;
    assert_eq!(
        (wrong_code.status, wrong_code.code()),
        (StatusCode::NOT_FOUND, "lookup_failed")
    );
    assert_eq!(wrong_code.status, no_such.status);
    assert_eq!(wrong_code.body, no_such.body);
    // Another case's number with this code opens nothing; a staff-registered case has no code.
    let other = app.register().await;
    let other_number = app.complaint("clerk", &other).await.body["number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(lookup(&app, &other_number, &code).await.body, no_such.body);
    // R2: the window gives that complainant a code of their own (the code is in no event); a
    // new code replaces the old one. Handlers do not hand out codes.
    let refused = app
        .post(
            Some("handler"),
            &format!("/api/v1/complaints/{other}/query-code"),
            json!({}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let issued = app
        .post(
            Some("clerk"),
            &format!("/api/v1/complaints/{other}/query-code"),
            json!({}),
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{issued:?}");
    let first = issued.body["query_code"].as_str().unwrap().to_owned();
    assert_eq!(
        lookup(&app, &other_number, &first).await.body["stage"],
        "received"
    );
    let mut clerk = app.web("clerk").await;
    clerk.get(&format!("/complaints/{other}")).await;
    let page = clerk
        .post(&format!("/complaints/{other}/actions/issue_code"), &[])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let second = page
        .body
        .split("data-issued-code>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(first, second);
    assert_eq!(
        lookup(&app, &other_number, &first).await.code(),
        "lookup_failed"
    );
    assert_eq!(
        lookup(&app, &other_number, &second).await.status,
        StatusCode::OK
    );
    let history = app.events(&other).await;
    assert_eq!(history.last().unwrap()["action"], "issue_code");
    assert!(
        !serde_json::to_string(&history)
            .unwrap()
            .contains(&second.replace('-', ""))
    );

    // R2: rating only once concluded, and only once.
    let early = json!({"number": number, "code": code, "satisfaction": "satisfied"});
    let refused = app.post(None, "/api/v1/public/rating", early.clone()).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "not_yet_concluded")
    );
    let city = app.unit("city").0.to_string();
    let review = json!({"opinion": "转城管处理", "decision": "transfer", "lead_unit": city,
                        "deadline_rule": "ordinary"});
    assert_eq!(
        app.act("leader", &id, "review", review).await.status,
        StatusCode::OK
    );
    assert_eq!(lookup(&app, &number, &code).await.body["stage"], "handling");
    assert_eq!(
        app.act("handler", &id, "acknowledge", json!({}))
            .await
            .status,
        StatusCode::OK
    );
    let result = json!({"findings": "路灯线路老化", "handling": "已更换线路", "complainant_met": true,
                        "reply": "路灯已于3月5日修复，感谢您的监督。"});
    assert_eq!(
        app.act("handler", &id, "result", result).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.act("office", &id, "closure-review", verdicts(None))
            .await
            .status,
        StatusCode::OK
    );
    let found = lookup(&app, &number, &code).await;
    assert_eq!(found.body["stage"], "concluded");
    assert_eq!(found.body["reply"], "路灯已于3月5日修复，感谢您的监督。");
    assert_eq!(found.body["may_rate"], true);
    let rating = json!({"number": number, "code": code, "satisfaction": "basically_satisfied",
                        "comment": "修得还算及时"});
    let rated = app
        .post(None, "/api/v1/public/rating", rating.clone())
        .await;
    assert_eq!(rated.status, StatusCode::OK, "{rated:?}");
    assert_eq!(
        (
            rated.body["satisfaction"].as_str(),
            rated.body["may_rate"].as_bool()
        ),
        (Some("basically_satisfied"), Some(false))
    );
    let again = app.post(None, "/api/v1/public/rating", rating).await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "already_rated")
    );
    let seen = app.complaint("office", &id).await;
    assert_eq!(seen.body["rating"]["satisfaction"], "basically_satisfied");
    assert_eq!(seen.body["rating"]["comment"], "修得还算及时");
    app.cleanup().await;
}

/// R2: ten wrong pairs from one address within the hour, and the address waits — even with the
/// right pair; submissions are limited the same way, and the hidden field refuses robots.
async fn r2_wrong_pairs_and_submissions_are_limited_per_address(backend: Backend) {
    let app = spawn_app(backend).await;
    let (number, code) = submit(&app).await;
    for i in 0..10 {
        let wrong = lookup(&app, &format!("2026-{:06}", 100 + i), "ABCD-EFGH-JKMN").await;
        assert_eq!(wrong.code(), "lookup_failed", "attempt {i}");
    }
    let locked = lookup(&app, &number, &code).await;
    assert_eq!(
        (locked.status, locked.code()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
    );
    assert!(
        locked.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("30 分钟")
    );
    // A client's own X-Forwarded-For does not make it someone else (no proxy is configured).
    let spoofed = app
        .client
        .post(format!("{}/api/v1/public/lookup", app.base))
        .header("x-forwarded-for", "198.51.100.23")
        .json(&json!({"number": number, "code": code}))
        .send()
        .await
        .unwrap();
    assert_eq!(spoofed.status(), StatusCode::TOO_MANY_REQUESTS);
    // The lock ends with its time.
    let mut app = app;
    app.travel_to(time::macros::datetime!(2026-03-02 09:31 +8))
        .await;
    assert_eq!(lookup(&app, &number, &code).await.status, StatusCode::OK);

    // The hidden field: a robot's submission is refused and counted.
    let mut robot = online();
    robot["website"] = json!("http://spam.example");
    let refused = app.post(None, "/api/v1/public/complaints", robot).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::BAD_REQUEST, "submission_refused")
    );
    // Five submissions an hour from one address (one real, one robot so far).
    for _ in 0..3 {
        submit(&app).await;
    }
    let sixth = app.post(None, "/api/v1/public/complaints", online()).await;
    assert_eq!(
        (sixth.status, sixth.code()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
    );
    let list = app
        .get(Some("clerk"), "/api/v1/complaints?channel=online")
        .await;
    assert_eq!(
        list.body["total"], 4,
        "the refused ones left nothing behind"
    );
    app.cleanup().await;
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

/// Attachments: type sniffed from content, size limited, served only to those who may see the
/// case, as a sandboxed download with a safe name; the public page takes files too.
async fn attachments_are_checked_kept_and_served_only_to_readers(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let path = format!("/api/v1/complaints/{id}/attachments?name=%E6%9D%A5%E4%BF%A1%22.pdf");
    let up = app
        .post_raw(
            Some("clerk"),
            &path,
            "application/octet-stream",
            PDF.to_vec(),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED, "{up:?}");
    assert_eq!(up.body["file_type"], "application/pdf");
    assert_eq!(up.body["name"], "来信.pdf");
    let file = up.body["id"].as_str().unwrap().to_owned();
    // A real scan is far above the 256 KB that bounds every other request.
    let mut scan = PDF.to_vec();
    scan.resize(3 * 1024 * 1024, b' ');
    let big = app
        .post_raw(Some("clerk"), &path, "application/pdf", scan.clone())
        .await;
    assert_eq!(
        (big.status, big.body["size"].as_i64()),
        (StatusCode::CREATED, Some(3 * 1024 * 1024))
    );
    // A script named .pdf is refused; so is a file over the limit; neither leaves a trace.
    let html = b"<html><script>alert(1)</script></html>".to_vec();
    let refused = app
        .post_raw(Some("clerk"), &path, "application/pdf", html)
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::BAD_REQUEST, "attachment_type_not_allowed")
    );
    let mut huge = PDF.to_vec();
    huge.resize(20 * 1024 * 1024 + 1, b' ');
    let refused = app
        .post_raw(Some("clerk"), &path, "application/pdf", huge)
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "attachment_too_large")
    );
    let c = app.complaint("clerk", &id).await;
    assert_eq!(c.body["attachments"].as_array().unwrap().len(), 2);
    assert_eq!(app.events(&id).await.last().unwrap()["action"], "attach");

    // Served as a download to a reader; to anyone else it does not exist.
    let download = format!("/api/v1/complaints/{id}/attachments/{file}");
    let response = app
        .client
        .get(format!("{}{download}", app.base))
        .bearer_auth(app.token("clerk"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E6%9D%A5%E4%BF%A1.pdf"
    );
    assert!(header("content-security-policy").starts_with("sandbox"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
    let outsider = app.get(Some("outsider"), &download).await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND);
    let mut web = app.web("clerk").await;
    assert_eq!(
        web.get(&format!("/complaints/{id}/attachments/{file}"))
            .await
            .bytes,
        PDF
    );
    let mut stranger = app.web("outsider").await;
    assert_eq!(
        stranger
            .get(&format!("/complaints/{id}/attachments/{file}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The case page uploads one file at a time.
    let page = web.get(&format!("/complaints/{id}")).await;
    assert!(page.has("act-attach"));
    let posted = web
        .post_multipart(
            &format!("/complaints/{id}/actions/attach"),
            &[],
            &[("file", "现场照片.png", PNG)],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{posted:?}");
    let posted = web
        .post_multipart(
            &format!("/complaints/{id}/actions/attach"),
            &[],
            &[("file", "扫描件.pdf", &scan)],
        )
        .await;
    assert_eq!(
        posted.status,
        StatusCode::SEE_OTHER,
        "a 3 MB scan through the page"
    );
    let shown = web.get(&format!("/complaints/{id}")).await;
    assert!(shown.has("现场照片.png") && shown.has("来信.pdf"));

    // The public page: fields and files in one multipart form, no login.
    let mut citizen = WebClient::new(&app.base);
    let form = citizen.get("/public").await;
    assert!(form.has("name=\"website\"") && form.has("enctype=\"multipart/form-data\""));
    let receipt = citizen
        .post_multipart(
            "/public/complaints",
            &[
                ("category", "environment"),
                ("title", "垃圾清运不及时"),
                ("name", "周敏"),
                ("phone", "13600002222"),
                ("problem", "垃圾桶满了三天没人清运。"),
                ("demands", "按时清运。"),
            ],
            &[("files", "现场.png", PNG), ("files", "说明.pdf", PDF)],
        )
        .await;
    assert_eq!(receipt.status, StatusCode::CREATED, "{receipt:?}");
    assert!(receipt.has("data-number") && receipt.has("data-code"));
    let online = app
        .get(Some("clerk"), "/api/v1/complaints?channel=online")
        .await;
    let public_id = online.body["items"][0]["id"].as_str().unwrap().to_owned();
    let c = app.complaint("clerk", &public_id).await;
    let names: Vec<&str> = c.body["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["现场.png", "说明.pdf"]);
    // A bad file refuses the whole submission.
    let refused = citizen
        .post_multipart(
            "/public/complaints",
            &[
                ("category", "environment"),
                ("title", "再次投诉"),
                ("name", "周敏"),
                ("phone", "13600002222"),
                ("problem", "问题"),
                ("demands", "诉求"),
            ],
            &[("files", "x.pdf", b"MZ\x90\x00")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.has("只接受 PDF"));
    let online = app
        .get(Some("clerk"), "/api/v1/complaints?channel=online")
        .await;
    assert_eq!(online.body["total"], 1);
    app.cleanup().await;
}

on_both_backends!(
    r2_online_complaints_are_looked_up_with_number_and_code,
    r2_wrong_pairs_and_submissions_are_limited_per_address,
    attachments_are_checked_kept_and_served_only_to_readers
);
