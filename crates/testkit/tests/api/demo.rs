//! `huixiang serve --demo` fills an empty database with a center whose complaints stand in
//! every state.

use huixiang_domain::{Actor, Role, State, UnitId, UserId};
use huixiang_service::{ListQuery, Service, Settings, SystemClock, demo};
use huixiang_testkit::{Backend, TestDb};
use std::sync::Arc;
use time::macros::datetime;

async fn the_demo_center_has_complaints_in_every_state(backend: Backend) {
    let db = TestDb::new(backend).await;
    let center = demo::fill(&db.db, datetime!(2026-11-28 10:00 +8))
        .await
        .unwrap();
    assert_eq!(center.accounts.len(), 9);
    let service = Service::new(db.db.clone(), Arc::new(SystemClock), Settings::default());
    assert!(service.has_users().await.unwrap());
    let office = Actor {
        id: UserId(uuid::Uuid::nil()),
        name: "o".into(),
        role: Role::Office,
        unit: UnitId(uuid::Uuid::nil()),
    };
    let all = service
        .complaints(
            &office,
            ListQuery {
                per_page: Some(100),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.total, center.complaints as i64);
    for state in State::ALL {
        assert!(
            all.items.iter().any(|c| c.state == *state),
            "no demo complaint is {state}"
        );
    }
    // The demo ran today's sweep: some handled cases are chased, some overdue.
    let overdue = service.overdue(&office).await.unwrap();
    assert!(!overdue.records.is_empty(), "the demo shows overdue cases");
    assert!(
        !service.recent_reminders(&office).await.unwrap().is_empty(),
        "and reminder slips"
    );
    for account in &center.accounts {
        let session = service
            .login(huixiang_service::LoginInput {
                username: Some(account.username.clone()),
                password: Some(account.password.clone()),
                address: None,
            })
            .await;
        assert!(session.is_ok(), "{} logs in", account.username);
    }
    db.cleanup().await;
}

huixiang_testkit::on_both_backends!(the_demo_center_has_complaints_in_every_state);
