//! The tamper-evident audit chain: intact after real work, and the first changed, removed or
//! cut-off event is named — on both databases.

use huixiang_service::ChainProblem;
use huixiang_testkit::{Backend, TestApp, on_both_backends, raw_sql, spawn_app, verdicts};
use serde_json::json;

/// Runs SQL straight against the database, around the application (as an intruder would).
async fn tamper(app: &TestApp, sql: &str) {
    raw_sql(app.service.db(), sql).await;
}

async fn a_busy_chain(app: &TestApp) -> i64 {
    let city = app.unit("city").0.to_string();
    for _ in 0..3 {
        let id = app.register().await;
        app.act(
            "leader",
            &id,
            "review",
            json!({"opinion": "请核查", "decision": "transfer", "lead_unit": city}),
        )
        .await;
        app.act("handler", &id, "acknowledge", json!({})).await;
        app.act(
            "handler",
            &id,
            "result",
            json!({"findings": "属实", "handling": "已处理", "complainant_met": true, "reply": "已答复"}),
        )
        .await;
        let closed = app
            .act("office", &id, "closure-review", verdicts(None))
            .await;
        assert_eq!(closed.body["state"], "closed", "{closed:?}");
    }
    let report = app.service.check_audit_chain().await.unwrap();
    assert_eq!(report.first_break, None);
    assert_eq!(report.verified, 15, "five events for each of three cases");
    assert_eq!(report.last_hash.len(), 64);
    report.verified
}

async fn audit_chain_names_a_changed_event(backend: Backend) {
    let app = spawn_app(backend).await;
    a_busy_chain(&app).await;
    tamper(
        &app,
        "UPDATE complaint_events SET reason = '已篡改' WHERE chain_seq = 7",
    )
    .await;
    let report = app.service.check_audit_chain().await.unwrap();
    let broken = report.first_break.unwrap();
    assert_eq!(broken.position, Some(7));
    assert_eq!(broken.problem, ChainProblem::ContentChanged);
    assert!(broken.event.is_some() && broken.complaint.is_some());
    assert_eq!(report.verified, 6);
    app.cleanup().await;
}

async fn audit_chain_names_a_removed_event_and_a_cut_tail(backend: Backend) {
    let app = spawn_app(backend).await;
    let total = a_busy_chain(&app).await;
    tamper(
        &app,
        &format!("DELETE FROM complaint_events WHERE chain_seq = {total}"),
    )
    .await;
    let broken = app
        .service
        .check_audit_chain()
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(
        broken.problem,
        ChainProblem::HeadMismatch {
            recorded_seq: total
        }
    );
    tamper(&app, "DELETE FROM complaint_events WHERE chain_seq = 4").await;
    let broken = app
        .service
        .check_audit_chain()
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(broken.position, Some(5));
    assert_eq!(broken.problem, ChainProblem::Gap { expected: 4 });
    app.cleanup().await;
}

async fn audit_chain_names_an_event_written_around_it(backend: Backend) {
    let app = spawn_app(backend).await;
    a_busy_chain(&app).await;
    // A copy of a real event with a new id, written straight into the table.
    tamper(
        &app,
        "INSERT INTO complaint_events (id, complaint_id, seq, at, actor_id, actor_name, action,
            from_state, to_state, reason, detail)
         SELECT complaint_id, complaint_id, 99, at, actor_id, actor_name, action, from_state,
            to_state, reason, detail FROM complaint_events WHERE chain_seq = 1",
    )
    .await;
    let broken = app
        .service
        .check_audit_chain()
        .await
        .unwrap()
        .first_break
        .unwrap();
    assert_eq!(broken.problem, ChainProblem::NotInChain);
    assert_eq!(broken.position, None);
    app.cleanup().await;
}

on_both_backends!(
    audit_chain_names_a_changed_event,
    audit_chain_names_a_removed_event_and_a_cut_tail,
    audit_chain_names_an_event_written_around_it,
);
