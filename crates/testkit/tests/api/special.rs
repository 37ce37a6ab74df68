//! R21–R27 over HTTP on both databases: supervision of an instructed assignment and the unit's
//! answers (R23), joint studies (R24), referrals to outside departments (R21), cooperation
//! tasks (R25), the written report on a leader-assigned case (R22), incidents with visitors
//! (R26) and major-issue notices with read receipts (R27) — each with who may and who may not,
//! refusals that change nothing, and what the workbench shows.

use huixiang_testkit::{Backend, TestApp, on_both_backends, spawn_app, verdicts};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A complaint the leader sent to the city team with `decision` (and an instruction when
/// `instructed`), acknowledged by the handler.
async fn dispatched(app: &TestApp, decision: &str, instructed: bool) -> String {
    let id = app.register().await;
    let mut review = json!({
        "opinion": "请城管中队核实处理。", "decision": decision,
        "lead_unit": app.unit("city").0.to_string(),
        "co_units": [app.unit("welfare").0.to_string()]
    });
    if instructed {
        review["instruction"] = json!("群众反映强烈，请抓紧办理。");
    }
    let answer = app.act("leader", &id, "review", review).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    let answer = app.act("handler", &id, "acknowledge", json!({})).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    id
}

/// The answer is a refusal with this status and code.
fn refused(answer: huixiang_testkit::Answer, status: StatusCode, code: &str) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(answer.code(), code, "{answer:?}");
}

fn offers(case: &Value, action: &str) -> bool {
    case["allowed_actions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == action)
}

async fn r23_the_office_supervises_an_instructed_assignment_and_the_unit_answers(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let id = dispatched(&app, "assign", true).await;
    let before = app.events(&id).await.len();
    let supervision = json!({"instructions": "请按领导批示一周内报告进展。", "due": "2026-03-09"});
    // Only the office supervises (R23); a due date in the past is refused; nothing is written.
    for (user, code, status) in [
        ("handler", "role_not_allowed", StatusCode::FORBIDDEN),
        ("leader", "role_not_allowed", StatusCode::FORBIDDEN),
    ] {
        let answer = app.act(user, &id, "supervision", supervision.clone()).await;
        refused(answer, status, code);
    }
    let past = json!({"instructions": "请报告进展。", "due": "2026-03-01"});
    let answer = app.act("office", &id, "supervision", past).await;
    refused(answer, StatusCode::BAD_REQUEST, "field_unknown_value");
    let answer = app
        .act("office", &id, "supervision", json!({"due": "2026-03-09"}))
        .await;
    refused(answer, StatusCode::BAD_REQUEST, "field_missing");
    assert_eq!(
        app.events(&id).await.len(),
        before,
        "refusals record nothing"
    );

    let case = app.act("office", &id, "supervision", supervision).await;
    assert_eq!(case.status, StatusCode::OK, "{case:?}");
    let s = &case.body["handling"]["supervisions"][0];
    assert_eq!(s["no"], 1);
    assert_eq!(s["due"], "2026-03-09");
    assert_eq!(s["recorded"]["by_name"], "office同志");

    // The lead unit sees it and owes an answer; the co-handling unit sees it but may not answer.
    let handler_view = app.complaint("handler", &id).await.body;
    assert_eq!(handler_view["owed"], json!(["supervision_answer"]));
    assert!(offers(&handler_view, "respond_supervision"));
    let co_view = app.complaint("cohandler", &id).await.body;
    assert_eq!(
        co_view["handling"]["supervisions"][0]["instructions"],
        "请按领导批示一周内报告进展。"
    );
    assert!(!offers(&co_view, "respond_supervision"));
    let answer = app
        .act(
            "cohandler",
            &id,
            "supervision-response",
            json!({"no": 1, "text": "协办情况"}),
        )
        .await;
    refused(answer, StatusCode::FORBIDDEN, "not_your_unit");
    let answer = app
        .act(
            "handler",
            &id,
            "supervision-response",
            json!({"no": 2, "text": "已约谈"}),
        )
        .await;
    refused(answer, StatusCode::BAD_REQUEST, "field_unknown_value");
    let mut handler = app.web("handler").await;
    let bench = handler.get("/workbench").await;
    assert!(
        bench.has("data-owed=\"supervision_answer\""),
        "the workbench lists it"
    );

    // Late: the office sees the answer overdue on its workbench.
    app.travel_to(time::macros::datetime!(2026-03-10 09:00 +8))
        .await;
    let mut handler = app.web("handler").await;
    let office_view = app.complaint("office", &id).await.body;
    assert_eq!(office_view["owed"], json!(["supervision_overdue"]));
    let mut office = app.web("office").await;
    assert!(
        office
            .get("/workbench")
            .await
            .has("data-owed=\"supervision_overdue\"")
    );

    // The handler answers from the case page's form.
    let page = handler
        .post(
            &format!("/complaints/{id}/actions/respond_supervision"),
            &[
                ("no", "1"),
                ("response", "已约谈施工方，整改方案已定，两周内完成。"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let case = app.complaint("office", &id).await.body;
    let r = &case["handling"]["supervisions"][0]["responses"][0];
    assert_eq!(r["text"], "已约谈施工方，整改方案已定，两周内完成。");
    assert_eq!(r["unit"], app.unit("city").0.to_string());
    assert_eq!(case["owed"], json!([]));
    assert_eq!(app.complaint("handler", &id).await.body["owed"], json!([]));
    let events = app.events(&id).await;
    let actions: Vec<&str> = events[before..]
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["supervise", "respond_supervision"]);

    // R23 is about a leader's instructed transfer: an uninstructed one is not supervised.
    let plain = dispatched(&app, "transfer", false).await;
    let case = app.complaint("office", &plain).await.body;
    assert!(!offers(&case, "supervise"));
    let answer = app
        .act(
            "office",
            &plain,
            "supervision",
            json!({"instructions": "请报告", "due": "2026-03-20"}),
        )
        .await;
    refused(answer, StatusCode::CONFLICT, "supervision_not_applicable");
    app.cleanup().await;
}

async fn r21_r24_r25_referrals_joint_studies_and_cooperation(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = dispatched(&app, "transfer", false).await;
    let before = app.events(&id).await.len();

    // R21: the center (office or a leader) asks an outside department; the unit may not.
    let referral = json!({"department": "区供电公司", "matter": "工地夜间用电是否合规，请协助核查。", "sent_on": "2026-03-02"});
    let answer = app.act("handler", &id, "referrals", referral.clone()).await;
    refused(answer, StatusCode::FORBIDDEN, "role_not_allowed");
    let future = json!({"department": "区供电公司", "matter": "请协助", "sent_on": "2026-03-09"});
    let answer = app.act("office", &id, "referrals", future).await;
    refused(answer, StatusCode::BAD_REQUEST, "date_in_future");
    let case = app.act("office", &id, "referrals", referral).await.body;
    assert_eq!(case["handling"]["referrals"][0]["department"], "区供电公司");
    assert!(offers(&case, "record_referral_reply"));
    let reply =
        json!({"no": 1, "text": "经核查，施工方已办理临时用电手续。", "replied_on": "2026-03-02"});
    let case = app
        .act("leader", &id, "referral-reply", reply.clone())
        .await;
    assert_eq!(case.status, StatusCode::OK, "{case:?}");
    assert_eq!(
        case.body["handling"]["referrals"][0]["reply"]["text"],
        "经核查，施工方已办理临时用电手续。"
    );
    assert!(
        !offers(&case.body, "record_referral_reply"),
        "one reply per referral"
    );
    let answer = app.act("office", &id, "referral-reply", reply).await;
    refused(answer, StatusCode::CONFLICT, "already_answered");

    // R24: the office studies the case with the departments concerned.
    let study = json!({
        "held_on": "2026-03-02", "participants": "中心办公室周主任、城管中队刘队长、社保科赵科长",
        "units": [app.unit("city").0.to_string(), app.unit("welfare").0.to_string()],
        "conclusion": "由城管中队牵头约谈施工方，社保科做好投诉人工作。"
    });
    let answer = app.act("leader", &id, "joint-study", study.clone()).await;
    refused(answer, StatusCode::FORBIDDEN, "role_not_allowed");
    let mut no_units = study.clone();
    no_units["units"] = json!([]);
    let answer = app.act("office", &id, "joint-study", no_units).await;
    refused(answer, StatusCode::BAD_REQUEST, "field_missing");
    let case = app.act("office", &id, "joint-study", study).await.body;
    let s = &case["handling"]["studies"][0];
    assert_eq!(s["no"], 1);
    assert_eq!(s["units"].as_array().unwrap().len(), 2);

    // R25: the center sends people to a case the town leads.
    let handler_id = app.user_id("handler").await;
    let cooperation = json!({"lead_body": "镇政府", "task": "派员参加工地噪音联合整治", "people": [handler_id], "starts_on": "2026-03-03"});
    let case = app.act("office", &id, "cooperation", cooperation).await;
    assert_eq!(case.status, StatusCode::OK, "{case:?}");
    assert_eq!(
        case.body["handling"]["cooperations"][0]["people"][0]["name"],
        "handler同志"
    );
    let stranger = json!({"lead_body": "镇政府", "task": "派员", "people": [uuid::Uuid::nil()]});
    let answer = app.act("office", &id, "cooperation", stranger).await;
    refused(answer, StatusCode::BAD_REQUEST, "field_unknown_value");

    // All of it is on the case for the unit too, and in the history in order.
    let unit_view = app.complaint("handler", &id).await.body;
    assert_eq!(
        unit_view["handling"]["studies"][0]["conclusion"],
        "由城管中队牵头约谈施工方，社保科做好投诉人工作。"
    );
    let events = app.events(&id).await;
    let actions: Vec<&str> = events[before..]
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "refer",
            "record_referral_reply",
            "study_jointly",
            "cooperate"
        ]
    );
    let page = app
        .web("handler")
        .await
        .get(&format!("/complaints/{id}"))
        .await;
    assert!(
        page.has("区供电公司") && page.has("镇政府"),
        "the case page shows the records"
    );
    app.cleanup().await;
}

async fn r22_a_leader_assigned_case_is_reported_on_before_archive(backend: Backend) {
    let app = spawn_app(backend).await;
    // A transfer owes no report; marked leader-assigned, it does.
    let id = dispatched(&app, "transfer", false).await;
    let result = json!({"findings": "属实。", "handling": "已整改。", "complainant_met": true, "reply": "已答复。"});
    app.act("handler", &id, "result", result).await;
    let closed = app
        .act("office", &id, "closure-review", verdicts(None))
        .await
        .body;
    assert_eq!(closed["state"], "closed");
    assert!(offers(&closed, "archive") && !offers(&closed, "file_report"));
    let answer = app
        .act("office", &id, "report", json!({"text": "报告"}))
        .await;
    refused(answer, StatusCode::CONFLICT, "report_not_applicable");
    let draft = app
        .get(
            Some("office"),
            &format!("/api/v1/complaints/{id}/report-draft"),
        )
        .await;
    assert_eq!(draft.code(), "report_not_applicable");

    let id = dispatched(&app, "transfer", false).await;
    let mark = json!({"kind": "leader_assigned", "reason": "镇领导电话交办"});
    app.act("leader", &id, "special", mark).await;
    let result = json!({"findings": "属实。", "handling": "已整改。", "complainant_met": true, "reply": "已答复。"});
    app.act("handler", &id, "result", result).await;
    let closed = app
        .act("office", &id, "closure-review", verdicts(None))
        .await
        .body;
    assert_eq!(closed["owed"], json!(["written_report"]));
    assert!(!offers(&closed, "archive"));
    // The handler may neither draft nor file it; a blank report is refused.
    let draft = app
        .get(
            Some("handler"),
            &format!("/api/v1/complaints/{id}/report-draft"),
        )
        .await;
    assert_eq!(draft.status, StatusCode::FORBIDDEN, "{draft:?}");
    let answer = app
        .act("office", &id, "report", json!({"text": "  "}))
        .await;
    refused(answer, StatusCode::BAD_REQUEST, "field_missing");
    // The office files it from the page, where the draft fills the form.
    let mut office = app.web("office").await;
    let page = office.get(&format!("/complaints/{id}")).await;
    assert!(page.has("特此报告。") && page.has("经结案审查，六项标准均符合"));
    let filed = office
        .post(
            &format!("/complaints/{id}/actions/file_report"),
            &[("report", "关于投诉办理情况的报告\n已办结。\n特此报告。")],
        )
        .await;
    assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
    let case = app.complaint("leader", &id).await.body;
    assert_eq!(
        case["handling"]["report"]["recorded"]["by_name"],
        "office同志"
    );
    let answer = app
        .act("leader", &id, "report", json!({"text": "再报一次"}))
        .await;
    refused(answer, StatusCode::CONFLICT, "report_exists");
    let print = office.get(&format!("/complaints/{id}/print/report")).await;
    assert!(print.has("关于投诉办理情况的报告"));
    let archived = app.act("office", &id, "archive", json!({})).await;
    assert_eq!(archived.body["state"], "archived", "{archived:?}");
    app.cleanup().await;
}

fn incident(app_leader: &str) -> Value {
    json!({
        "occurred_at": "2026-03-02T08:30", "place": "一楼受理大厅",
        "person_name": "王秀英", "person_phone": "13800138000",
        "person_id_number": "310101198001010018",
        "what_happened": "对答复不满，在大厅大声喧哗并拍打窗口玻璃。",
        "measures": "劝导至接待室，做好疏导。", "leaders_informed": [app_leader],
        "police_contacted": true, "police_station": "幸福路派出所", "police_officer": "李警官",
        "police_contacted_at": "2026-03-02T08:40"
    })
}

async fn r26_incidents_are_recorded_by_the_office_and_linked_to_cases(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = app.register().await;
    let number = app.complaint("office", &id).await.body["number"]
        .as_str()
        .unwrap()
        .to_owned();
    let leader = app.user_id("leader").await;
    let mut body = incident(&leader);
    body["cases"] = json!([number]);

    // Only the office records; bad input is refused and nothing is kept.
    let answer = app
        .post(Some("clerk"), "/api/v1/incidents", body.clone())
        .await;
    assert_eq!(answer.code(), "not_permitted");
    let cases: [(&str, Value, &str); 6] = [
        ("police_station", json!(null), "field_missing"),
        ("police_contacted", json!(null), "field_missing"),
        ("occurred_at", json!("2026-03-02T10:00"), "date_in_future"),
        (
            "leaders_informed",
            json!([app.user_id("handler").await]),
            "field_unknown_value",
        ),
        ("cases", json!(["2026-999999"]), "field_unknown_value"),
        (
            "person_id_number",
            json!("310101198001010011"),
            "field_bad_format",
        ),
    ];
    for (field, value, code) in cases {
        let mut bad = body.clone();
        bad[field] = value;
        let answer = app.post(Some("office"), "/api/v1/incidents", bad).await;
        assert_eq!(answer.code(), code, "{field}: {answer:?}");
    }
    let list = app.get(Some("office"), "/api/v1/incidents").await;
    assert_eq!(list.body["total"], 0, "refusals keep nothing");

    let made = app.post(Some("office"), "/api/v1/incidents", body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{made:?}");
    let incident_id = made.body["id"].as_str().unwrap().to_owned();
    let i = &made.body["incident"];
    assert_eq!(i["police"]["station"], "幸福路派出所");
    assert_eq!(i["leaders_informed"][0]["name"], "leader同志");
    assert_eq!(i["cases"][0]["number"], number);
    assert_eq!(
        i["occurred_at"], "2026-03-02T00:30:00Z",
        "Beijing time as typed"
    );

    // The window, office and leaders read incidents in full; the overseer sees the person
    // masked; handling units read none.
    for user in ["clerk", "leader", "director", "office"] {
        let one = app
            .get(Some(user), &format!("/api/v1/incidents/{incident_id}"))
            .await;
        assert_eq!(
            one.body["incident"]["person"]["phone"], "13800138000",
            "{user}"
        );
    }
    let overseer = app
        .get(
            Some("overseer"),
            &format!("/api/v1/incidents/{incident_id}"),
        )
        .await;
    assert_eq!(overseer.body["incident"]["person"]["name"], "王**");
    assert_eq!(
        overseer.body["incident"]["person"]["id_number"],
        "**************0018"
    );
    let handler = app.get(Some("handler"), "/api/v1/incidents").await;
    assert_eq!(handler.code(), "not_permitted");
    let handler = app
        .get(Some("handler"), &format!("/api/v1/incidents/{incident_id}"))
        .await;
    assert_eq!(handler.code(), "incident_not_found");
    let list = app.get(Some("leader"), "/api/v1/incidents").await;
    assert_eq!(list.body["total"], 1);

    // Linked to the case: on its page and in the API for readers of incidents.
    let case = app.complaint("clerk", &id).await.body;
    assert_eq!(case["incidents"][0]["id"], incident_id);
    let page = app
        .web("office")
        .await
        .get(&format!("/complaints/{id}"))
        .await;
    assert!(page.has("对答复不满"));

    // The office's form: a refusal keeps what was typed; a good one lands on the record.
    let mut office = app.web("office").await;
    let form = office.get(&format!("/incidents/new?case={number}")).await;
    assert!(form.has(&number));
    let leader_id = leader.clone();
    let refused_page = office
        .post(
            "/incidents",
            &[
                ("occurred_at", "2026-03-02T08:00"),
                ("person.name", "张某"),
                ("what_happened", "在窗口辱骂工作人员"),
                ("measures", "劝离"),
                ("leaders_informed", &leader_id),
            ],
        )
        .await;
    assert_eq!(refused_page.status, StatusCode::BAD_REQUEST);
    assert!(refused_page.field_error("police_contacted").is_some());
    assert!(refused_page.has("在窗口辱骂工作人员"));
    let saved = office
        .post(
            "/incidents",
            &[
                ("occurred_at", "2026-03-02T08:00"),
                ("person.name", "张某"),
                ("what_happened", "在窗口辱骂工作人员"),
                ("measures", "劝离"),
                ("leaders_informed", &leader_id),
                ("police_contacted", "false"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let list = office.get("/incidents").await;
    assert!(list.has("张某") && list.has("王秀英"));
    app.cleanup().await;
}

async fn r27_notices_reach_the_office_and_leaders_at_once_with_read_receipts(backend: Backend) {
    let app = spawn_app(backend).await;
    let id = dispatched(&app, "transfer", false).await;
    // A unit with nothing to do with the case cannot even see it; the overseer receives
    // notices but does not raise them; levels are the three of R27.
    for (user, level, code) in [
        ("outsider", "major", "complaint_not_found"),
        ("overseer", "major", "role_not_allowed"),
        ("handler", "urgent", "field_unknown_value"),
        ("handler", "", "field_missing"),
    ] {
        let body = json!({"level": level, "summary": "情况摘要"});
        let answer = app.act(user, &id, "notices", body).await;
        assert_eq!(answer.code(), code, "{user} {level}");
    }
    assert!(
        app.get(Some("office"), "/api/v1/notices").await.body == json!([]),
        "refusals send nothing"
    );

    // An important notice from the lead unit: the office and leaders, not the overseer.
    let important = json!({"level": "important", "summary": "投诉人称将组织居民集体上访。"});
    let case = app.act("handler", &id, "notices", important).await;
    assert_eq!(case.status, StatusCode::OK, "{case:?}");
    assert_eq!(case.body["notices"][0]["level"], "important");
    for user in ["office", "leader", "director"] {
        let list = app.get(Some(user), "/api/v1/notices").await.body;
        assert_eq!(list.as_array().unwrap().len(), 1, "{user}");
        assert_eq!(list[0]["to_you"], true);
        assert_eq!(list[0]["read_at"], Value::Null);
    }
    let overseer = app.get(Some("overseer"), "/api/v1/notices").await.body;
    assert_eq!(
        overseer,
        json!([]),
        "the overseer gets major and complex ones"
    );
    // A major one reaches the overseer too; each recipient gets it through the outbox at once.
    let major = json!({"level": "major", "summary": "已有二十余户居民聚集在工地门口。"});
    app.act("clerk", &id, "notices", major).await;
    let overseer = app.get(Some("overseer"), "/api/v1/notices").await.body;
    assert_eq!(overseer.as_array().unwrap().len(), 1);
    let notice_id = overseer[0]["id"].as_str().unwrap().to_owned();
    let mut tx = app.service.db().read().await.unwrap();
    let complaint = huixiang_domain::ComplaintId(id.parse().unwrap());
    let mut sent: Vec<String> = tx
        .messages_of(complaint)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.channel == "staff")
        .map(|m| m.recipient)
        .collect();
    drop(tx);
    sent.sort();
    assert_eq!(
        sent,
        [
            "director", "director", "leader", "leader", "office", "office", "overseer"
        ],
        "three recipients of the important notice, four of the major one"
    );

    // Unread on the leader's workbench until opened; opening it is the receipt.
    let mut leader = app.web("leader").await;
    assert!(
        leader
            .get("/workbench")
            .await
            .has("已有二十余户居民聚集在工地门口")
    );
    app.clock.advance(time::Duration::minutes(5));
    let listed = leader.get("/notices").await;
    assert!(listed.has("data-unread") && listed.has("投诉人称将组织居民集体上访"));
    let opened = leader.get(&format!("/notices/{notice_id}")).await;
    assert!(opened.has("已有二十余户居民聚集在工地门口"));
    assert!(
        !leader
            .get("/workbench")
            .await
            .has("已有二十余户居民聚集在工地门口")
    );
    app.clock.advance(time::Duration::minutes(5));
    let read = app
        .post(
            Some("overseer"),
            &format!("/api/v1/notices/{notice_id}/read"),
            json!({}),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{read:?}");
    assert!(read.body["read_at"].is_string());
    assert_eq!(
        read.body["reads"],
        Value::Null,
        "receipts are for the office, leaders and raiser"
    );
    // Reading again keeps the first time; the API's GET does not mark.
    app.clock.advance(time::Duration::minutes(5));
    let again = app
        .post(
            Some("overseer"),
            &format!("/api/v1/notices/{notice_id}/read"),
            json!({}),
        )
        .await;
    assert_eq!(again.body["read_at"], read.body["read_at"]);
    let office = app
        .get(Some("office"), &format!("/api/v1/notices/{notice_id}"))
        .await
        .body;
    assert_eq!(office["read_at"], Value::Null);
    let names: Vec<&str> = office["reads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["leader同志", "overseer同志"]);
    let raiser = app
        .get(Some("clerk"), &format!("/api/v1/notices/{notice_id}"))
        .await
        .body;
    assert_eq!(raiser["to_you"], false);
    assert_eq!(raiser["reads"].as_array().unwrap().len(), 2);
    // Nobody else sees it.
    for user in ["outsider", "cohandler"] {
        let answer = app
            .get(Some(user), &format!("/api/v1/notices/{notice_id}"))
            .await;
        assert_eq!(answer.code(), "notice_not_found", "{user}");
    }
    let answer = app.get(Some("office"), "/api/v1/notices/not-an-id").await;
    assert_eq!(answer.code(), "notice_not_found");
    app.cleanup().await;
}

async fn r20_r32_id_numbers_on_the_form_find_repeats_and_recusals(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut form = huixiang_testkit::phone_complaint();
    form["complainant"]["id_number"] = json!("310101198001010011");
    let bad = app
        .post(Some("clerk"), "/api/v1/complaints", form.clone())
        .await;
    assert_eq!(
        bad.code(),
        "field_bad_format",
        "a wrong check digit is refused"
    );
    form["complainant"]["id_number"] = json!("310101198001010018");
    let first = app.post(Some("clerk"), "/api/v1/complaints", form).await;
    assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
    let first_id = first.body["id"].as_str().unwrap().to_owned();
    assert_eq!(first.body["complainant"]["id_number"], "310101198001010018");
    // Masked for those without the need to know.
    let overseer = app.complaint("overseer", &first_id).await.body;
    assert_eq!(overseer["complainant"]["id_number"], "**************0018");

    // R20: the same ID number from another phone and address is a likely repeat.
    let probe = json!({
        "channel": "in_person", "category": "housing", "title": "房屋漏水",
        "complainant": {"name": "王秀英", "address": "别处1号", "id_number": "310101 19800101 0018"},
        "problem": "楼上漏水。", "demands": "请维修。"
    });
    let found = app
        .post(
            Some("clerk"),
            "/api/v1/complaints/repeat-suggestions",
            probe,
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{found:?}");
    let first_hit = &found.body[0];
    assert_eq!(first_hit["id"], first_id.as_str());
    assert!(
        first_hit["reasons"]
            .as_array()
            .unwrap()
            .contains(&json!("same_id_number")),
        "{first_hit}"
    );

    // R32: a clerk who declares that ID number steps aside from the case.
    let declared = app
        .post(
            Some("clerk"),
            "/api/v1/me/conflicts",
            json!({"kind": "id_number", "value": "310101198001010018", "note": "母亲"}),
        )
        .await;
    assert!(declared.status.is_success(), "{declared:?}");
    let answer = app.complaint("clerk", &first_id).await;
    assert_eq!(answer.code(), "recused");
    app.cleanup().await;
}

on_both_backends!(
    r23_the_office_supervises_an_instructed_assignment_and_the_unit_answers,
    r21_r24_r25_referrals_joint_studies_and_cooperation,
    r22_a_leader_assigned_case_is_reported_on_before_archive,
    r26_incidents_are_recorded_by_the_office_and_linked_to_cases,
    r27_notices_reach_the_office_and_leaders_at_once_with_read_receipts,
    r20_r32_id_numbers_on_the_form_find_repeats_and_recusals,
);
