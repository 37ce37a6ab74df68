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

huixiang_testkit::on_both_backends!(
    the_demo_center_has_complaints_in_every_state,
    the_scale_demo_is_varied_and_the_same_for_a_seed,
);

/// What a listing shows of every complaint: number, title, state, channel and lead unit name.
async fn fingerprint(db: &huixiang_service::Db) -> Vec<(String, String, String, String)> {
    let service = Service::new(db.clone(), Arc::new(SystemClock), Settings::default());
    let office = Actor {
        id: UserId(uuid::Uuid::nil()),
        name: "o".into(),
        role: Role::Office,
        unit: UnitId(uuid::Uuid::nil()),
    };
    let names: std::collections::HashMap<_, _> = service
        .units(&office)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut out = Vec::new();
    for page in 1.. {
        let list = service
            .complaints(
                &office,
                ListQuery {
                    per_page: Some(100),
                    page: Some(page),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        if list.items.is_empty() {
            break;
        }
        out.extend(list.items.into_iter().map(|c| {
            let lead = c.dispatch.map(|d| names[&d.lead_unit].clone());
            (
                c.number.to_string(),
                c.title,
                c.state.to_string(),
                format!("{}{}", c.channel, lead.unwrap_or_default()),
            )
        }));
    }
    out
}

/// `huixiang demo --complaints N`: N more complaints over three years, in every state and
/// through every unit, the same for the same seed; the audit chain holds and search finds them.
async fn the_scale_demo_is_varied_and_the_same_for_a_seed(backend: Backend) {
    let now = datetime!(2026-11-28 10:00 +8);
    let a = TestDb::new(backend).await;
    let b = TestDb::new(Backend::Sqlite).await;
    let made = huixiang_service::scale::fill(&a.db, now, 400, 7, |_| {})
        .await
        .unwrap();
    assert_eq!(made.complaints, 436);
    huixiang_service::scale::fill(&b.db, now, 400, 7, |_| {})
        .await
        .unwrap();
    let (fa, fb) = (fingerprint(&a.db).await, fingerprint(&b.db).await);
    assert_eq!(fa.len(), 436);
    if let Some(i) = (0..fa.len().min(fb.len())).find(|i| fa[*i] != fb[*i]) {
        panic!(
            "the same seed gives the same complaints: {:?} vs {:?}",
            fa[i], fb[i]
        );
    }
    assert_eq!(fa.len(), fb.len());
    for state in State::ALL {
        assert!(
            fa.iter().any(|(_, _, s, _)| s == state.as_str()),
            "no complaint is {state}"
        );
    }
    let years: std::collections::BTreeSet<&str> = fa.iter().map(|(n, ..)| &n[..4]).collect();
    assert!(years.len() >= 3, "three years: {years:?}");
    let units: std::collections::BTreeSet<&str> = fa.iter().map(|(.., u)| u.as_str()).collect();
    assert!(units.len() >= 10, "channels and units vary: {units:?}");
    let service = Service::new(a.db.clone(), Arc::new(SystemClock), Settings::default());
    let chain = service.check_audit_chain().await.unwrap();
    assert!(chain.first_break.is_none(), "{chain:?}");
    assert!(chain.verified > 2000, "every step is an event in the chain");
    let office = Actor {
        id: UserId(uuid::Uuid::nil()),
        name: "o".into(),
        role: Role::Office,
        unit: UnitId(uuid::Uuid::nil()),
    };
    let found = service
        .search(&office, Some("噪音"), ListQuery::default())
        .await
        .unwrap();
    assert!(found.total > 0);
    a.cleanup().await;
    b.cleanup().await;
}
