//! R15–R19 over HTTP on both databases: a letter is registered with its envelope and enclosed
//! cash and ID card, excerpted for a leader who instructs on it, dispatched to a lead and a
//! co-handling section with a notice to its writer (printed, and queued as an SMS), and cannot
//! close while the cash is held — only once it has gone back by registered mail.

use huixiang_testkit::{Backend, on_both_backends, spawn_app, verdicts};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn letter() -> Value {
    json!({
        "channel": "letter",
        "category": "housing",
        "title": "来信反映廉租房分配不公",
        "complainant": {"name": "赵德明", "address": "和平路12号", "phone": "13912345678"},
        "problem": "本人申请廉租房三年未果，同期申请者已入住。随信附上身份证原件及复印件，另附现金五百元作为邮费。",
        "demands": "要求公开分配名单，说明未分配理由。",
        "letter": {
            "postmark_date": "2026-02-26",
            "received_date": "2026-03-02",
            "enclosures": [
                {"kind": "cash", "amount": "500", "description": "夹在信纸中"},
                {"kind": "document", "doc_kind": "身份证", "doc_number": "310101195001011234"}
            ]
        }
    })
}

fn custody(item: u32, step: &str) -> Value {
    json!({"item": item, "step": step})
}

async fn r15_to_r19_a_letter_with_cash_and_an_id_card(backend: Backend) {
    let app = spawn_app(backend).await;
    // R15, R18: the office opens the letter and registers each item as received.
    let answer = app
        .post(Some("office"), "/api/v1/complaints", letter())
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let id = answer.body["id"].as_str().unwrap().to_owned();
    let l = &answer.body["letter"];
    assert_eq!(l["envelope"]["sender_address"], "和平路12号");
    assert_eq!(l["envelope"]["postmark_date"], "2026-02-26");
    assert_eq!(l["enclosures"][0]["amount_fen"], 50_000);
    assert_eq!(l["enclosures"][0]["currency"], "人民币");
    assert_eq!(l["enclosures"][1]["doc_kind"], "身份证");
    for e in l["enclosures"].as_array().unwrap() {
        assert_eq!(e["custody"], "received");
    }
    let registered = &app.events(&id).await[0];
    assert_eq!(
        registered["detail"]["letter"]["enclosures"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Only the office keeps custody; a clerk may not, and a phone case has no enclosures.
    let refused = app.act("clerk", &id, "custody", custody(1, "held")).await;
    assert_eq!(refused.code(), "role_not_allowed");
    let phone = app.register().await;
    let refused = app
        .act(
            "office",
            &phone,
            "enclosures",
            json!({"kind": "cash", "amount": "10"}),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::BAD_REQUEST, "not_a_letter")
    );

    // R15: excerpted for the leader, who instructs; the director was not chosen.
    let leader = app.user_id("leader").await;
    // Only leaders receive excerpts; an excerpt says why and what.
    let handler = app.user_id("handler").await;
    let bad = json!({"reason": "important_problem", "text": "摘报", "leaders": [handler]});
    let refused = app.act("office", &id, "excerpt", bad).await;
    assert_eq!(
        (refused.code(), refused.body["error"]["field"].as_str()),
        ("field_unknown_value", Some("leaders"))
    );
    let bad = json!({"reason": "important_problem", "leaders": [leader]});
    assert_eq!(
        app.act("office", &id, "excerpt", bad).await.body["error"]["field"],
        "excerpt.text"
    );
    let excerpt = json!({"reason": "important_problem", "text": "反映廉租房分配不公，涉及多户。",
                         "leaders": [leader]});
    let answer = app.act("office", &id, "excerpt", excerpt.clone()).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert_eq!(
        answer.body["letter"]["excerpt"]["leaders"][0]["name"],
        "leader同志"
    );
    assert_eq!(
        app.act("office", &id, "excerpt", excerpt).await.code(),
        "excerpt_exists"
    );
    let refused = app
        .act("director", &id, "instruct", json!({"text": "同意"}))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "not_excerpted_to_you")
    );
    let empty = app.act("leader", &id, "instruct", json!({})).await;
    assert_eq!(empty.body["error"]["field"], "instruction");
    let seen = app.complaint("leader", &id).await;
    assert!(
        seen.body["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("instruct"))
    );
    let answer = app
        .act(
            "leader",
            &id,
            "instruct",
            json!({"text": "请社会保障科牵头核实，综合受理科配合。"}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert_eq!(
        answer.body["letter"]["excerpt"]["instructions"][0]["leader_name"],
        "leader同志"
    );

    // R16: one lead section and one co-handling section; R19: 15 working days by default.
    let welfare = app.unit("welfare").0.to_string();
    let intake = app.unit("intake").0.to_string();
    let review = json!({"opinion": "按领导批示办理", "decision": "in_house", "lead_unit": welfare,
                        "co_units": [intake]});
    let answer = app.act("leader", &id, "review", review).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    let d = &answer.body["dispatch"];
    assert_eq!(d["deadline"]["rule"], "letter");
    assert_eq!(d["deadline"]["due"], "2026-03-23");
    let notice = &answer.body["letter"]["notices"][0];
    assert_eq!(notice["to_address"], "和平路12号");
    assert_eq!(notice["sms_to"], "13912345678");
    let text = notice["text"].as_str().unwrap();
    assert!(
        text.contains("社会保障科") && text.contains("综合受理科"),
        "{text}"
    );
    assert!(
        text.contains("2026-000001") && text.starts_with("赵德明"),
        "{text}"
    );
    let reviewed = app.events(&id).await.pop().unwrap();
    assert_eq!(reviewed["detail"]["writer_notice"]["no"], 1);
    // The SMS waits in the outbox for the gateway.
    let mut tx = app.service.db().read().await.unwrap();
    let case = huixiang_domain::ComplaintId(id.parse().unwrap());
    let messages = tx.messages_of(case).await.unwrap();
    drop(tx);
    assert_eq!(messages.len(), 1);
    assert_eq!(
        (messages[0].channel.as_str(), messages[0].recipient.as_str()),
        ("sms", "13912345678")
    );
    assert_eq!(messages[0].body, text);
    // The notice prints as a letter to the envelope's address.
    let mut office = app.web("office").await;
    let printed = office
        .get(&format!("/complaints/{id}/print/notice/1"))
        .await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(printed.has("和平路12号") && printed.has("社会保障科"));

    // Someone without the need to know (the overseer) sees none of the writer's particulars:
    // not in the letter, not in its history, not on the case page.
    let masked = app.complaint("overseer", &id).await;
    let l = &masked.body["letter"];
    assert_eq!(l["envelope"]["sender_address"], "和平路****");
    assert_eq!(l["enclosures"][1]["doc_number"], "**************1234");
    assert_eq!(l["notices"][0]["text"], "****");
    assert_eq!(l["notices"][0]["sms_to"], "139****5678");
    let history = app
        .get(Some("overseer"), &format!("/api/v1/complaints/{id}/events"))
        .await;
    let history = history.body.to_string();
    for personal in ["和平路12号", "310101195001011234", "13912345678", "赵德明"] {
        assert!(
            !history.contains(personal),
            "{personal} in the overseer's history"
        );
    }
    let mut overseer = app.web("overseer").await;
    let page = overseer.get(&format!("/complaints/{id}")).await;
    assert!(page.has("data-letter") && !page.has("和平路12号") && !page.has("310101195001011234"));
    let refused = overseer
        .get(&format!("/complaints/{id}/print/notice/1"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The lead section handles it and reports the outcome to the office (R19).
    assert_eq!(
        app.act("cohandler", &id, "acknowledge", json!({}))
            .await
            .status,
        StatusCode::OK
    );
    let result = json!({"findings": "经核实，分配程序存在瑕疵。", "handling": "已重新公示名单。",
                        "complainant_met": true, "reply": "已重新公示分配名单，您的申请排第3位。"});
    assert_eq!(
        app.act("cohandler", &id, "result", result).await.status,
        StatusCode::OK
    );

    // R18: the ID card goes back first; the cash is only put away.
    let returned = json!({"item": 2, "step": "returned", "mail_number": "XA100200300CN",
                          "date": "2026-03-02"});
    assert_eq!(
        app.act("office", &id, "custody", returned).await.status,
        StatusCode::OK
    );
    let held = app.act("office", &id, "custody", custody(1, "held")).await;
    assert_eq!(held.body["letter"]["enclosures"][0]["custody"], "held");
    let refused = app
        .act("office", &id, "closure-review", verdicts(None))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "enclosures_outstanding")
    );
    assert!(
        refused.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("1 件")
    );
    assert_eq!(
        app.complaint("office", &id).await.body["state"],
        "result_submitted"
    );
    // A return needs its registered-mail number; a returned item cannot go back into custody.
    let no_number = json!({"item": 1, "step": "returned", "date": "2026-03-02"});
    let refused = app.act("office", &id, "custody", no_number).await;
    assert_eq!(
        (refused.code(), refused.body["error"]["field"].as_str()),
        ("field_missing", Some("mail_number"))
    );
    let again = app.act("office", &id, "custody", custody(2, "held")).await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "custody_step_invalid")
    );

    let returned = json!({"item": 1, "step": "returned", "mail_number": "XA100200301CN",
                          "date": "2026-03-02"});
    assert_eq!(
        app.act("office", &id, "custody", returned).await.status,
        StatusCode::OK
    );
    let closed = app
        .act("office", &id, "closure-review", verdicts(None))
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{closed:?}");
    assert_eq!(closed.body["state"], "closed");

    // The receipt and return list prints every item with its registered mail.
    let printed = office
        .get(&format!("/complaints/{id}/print/enclosures"))
        .await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(printed.has("XA100200300CN") && printed.has("XA100200301CN") && printed.has("500.00"));
    app.cleanup().await;
}

/// R18: an item that cannot be returned is explained (who and why), which also settles it; the
/// registration form on the staff pages takes the envelope and item rows.
async fn r18_an_explained_exception_settles_an_item(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut office = app.web("office").await;
    let page = office
        .post(
            "/complaints/new",
            &[
                ("channel", "letter"),
                ("category", "other"),
                ("title", "来信附户口本原件"),
                ("complainant.name", "钱桂兰"),
                ("complainant.address", "人民路5号"),
                ("problem", "户口迁移办理不畅。"),
                ("demands", "请协助办理。"),
                ("letter.received_date", "2026-03-01"),
                ("enc1.kind", "document"),
                ("enc1.doc_kind", "户口本"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let to = page.location.clone().unwrap();
    let id = to
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let c = app.complaint("office", &id).await;
    assert_eq!(c.body["letter"]["envelope"]["received_date"], "2026-03-01");
    assert_eq!(c.body["letter"]["enclosures"][0]["doc_kind"], "户口本");
    let no_reason = app
        .act("office", &id, "custody", custody(1, "exception"))
        .await;
    assert_eq!(no_reason.body["error"]["field"], "why");
    let why = json!({"item": 1, "step": "exception", "why": "写信人次日到窗口当面领回，已签收。"});
    let answer = app.act("office", &id, "custody", why).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    let item = &answer.body["letter"]["enclosures"][0];
    assert_eq!(item["custody"], "exception");
    assert_eq!(item["exception"]["by_name"], "office同志");
    assert!(
        !answer.body["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("record_custody"))
    );
    // A phone complaint typed with envelope fields is refused as not a letter.
    let page = office
        .post(
            "/complaints/new",
            &[
                ("channel", "phone"),
                ("category", "other"),
                ("title", "电话"),
                ("complainant.name", "钱桂兰"),
                ("complainant.phone", "13800138000"),
                ("problem", "问题"),
                ("demands", "诉求"),
                ("enc1.kind", "cash"),
                ("enc1.amount", "20"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.has("此件不是来信"));
    app.cleanup().await;
}

on_both_backends!(
    r15_to_r19_a_letter_with_cash_and_an_id_card,
    r18_an_explained_exception_settles_an_item
);
