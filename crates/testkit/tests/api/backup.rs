//! Backups, restores and copies between databases (`huixiang backup`, `restore`,
//! `migrate-data`): a demo center goes into a backup file and back into a new database of
//! either kind, every table verified by rows and checksum; a target holding data is refused and
//! left as it was; `huixiang check` finds broken references, half-written cases and a broken
//! audit chain — on SQLite and on PostgreSQL.

use huixiang_domain::RegistrationInput;
use huixiang_domain::recusal::ConflictInput;
use huixiang_service::backup::{self, CopyError, TableSum, TransferError};
use huixiang_service::{Db, LoginInput, Service, Settings, SystemClock, Upload, demo};
use huixiang_testkit::{Backend, TestDb, on_both_backends, raw_sql, sql_number};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::macros::datetime;

/// The demo center, and what the demo leaves out: a year of the working-day calendar, an
/// accusation registered with a scanned page (binary), who read that page, a declared conflict.
async fn demo_center(backend: Backend) -> TestDb {
    let db = TestDb::new(backend).await;
    demo::fill(&db.db, datetime!(2026-11-28 10:00 +8))
        .await
        .unwrap();
    let service = Service::new(db.db.clone(), Arc::new(SystemClock), Settings::default());
    let calendar = "[2027]\noff = [\"2027-01-01\"]\nwork = [\"2027-02-14\"]\n";
    service.import_calendar(calendar).await.unwrap();
    let clerk = service
        .login(LoginInput {
            username: Some("clerk".into()),
            password: Some("clerk-demo-2026".into()),
            address: None,
        })
        .await
        .unwrap()
        .actor;
    let form = RegistrationInput {
        channel: Some("phone".into()),
        category: Some("environment".into()),
        title: Some("夜间施工噪音扰民".into()),
        complainant_name: Some("王秀英".into()),
        complainant_phone: Some("13800138000".into()),
        problem: Some("工地每天夜里十一点以后仍在施工。".into()),
        demands: Some("要求夜间停止施工。".into()),
        accused_name: Some("张某".into()),
        ..Default::default()
    };
    let page = Upload {
        name: "来信扫描.pdf".into(),
        bytes: b"%PDF-1.4\n\x00\x01\x02\xfe\xff binary".to_vec(),
    };
    let case = service
        .register_with(&clerk, form, vec![page])
        .await
        .unwrap();
    let attachment = case.attachments[0].id;
    service
        .attachment(&clerk, case.complaint.id, attachment)
        .await
        .unwrap();
    let conflict = ConflictInput {
        kind: Some("name".into()),
        value: Some("李某".into()),
        note: Some("亲属".into()),
    };
    service.declare_conflict(&clerk, conflict).await.unwrap();
    db
}

/// A copy of the backup `file`, beside it, whose list of migrations `sql` has changed: the
/// backup of an older or a newer version of Huixiang.
async fn schema_changed_copy(file: &Path, name: &str, sql: &str) -> PathBuf {
    let copy = file.with_file_name(format!("{name}.backup"));
    std::fs::copy(file, &copy).unwrap();
    let db = Db::connect(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    raw_sql(&db, sql).await;
    db.close().await;
    copy
}

async fn sums(db: &Db) -> Vec<TableSum> {
    db.snapshot().await.unwrap().table_sums().await.unwrap()
}

fn rows(sums: &[TableSum], table: &str) -> u64 {
    sums.iter().find(|s| s.table == table).unwrap().rows
}

async fn a_backup_restores_the_whole_center_into_either_database(backend: Backend) {
    let source = demo_center(backend).await;
    let before = sums(&source.db).await;
    for table in [
        "units",
        "users",
        "complaints",
        "complaint_events",
        "complaint_units",
        "attachments",
        "case_reads",
        "staff_conflicts",
        "reminder_slips",
        "overdue_records",
        "calendar_years",
        "outbox_messages",
        "notices",
    ] {
        assert!(
            rows(&before, table) > 0,
            "the demo fills {table}: {before:?}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("center.backup");
    let written = backup::backup(&source.db, &file).await.unwrap();
    assert_eq!(written, before, "the backup holds every row of every table");
    // A backup never overwrites a file.
    let again = backup::backup(&source.db, &file).await;
    assert!(matches!(again, Err(TransferError::Exists(_))), "{again:?}");
    assert_eq!(sums(&Db::open_backup(&file).await.unwrap()).await, before);
    let older = schema_changed_copy(
        &file,
        "older",
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    let newer = schema_changed_copy(
        &file,
        "newer",
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (99990101000000, 'a later version', 1, X'00', 0)",
    )
    .await;

    for target_backend in [Backend::Sqlite, Backend::Postgres] {
        let target = TestDb::new(target_backend).await;
        // A backup of another version's schema is refused before anything is written.
        let empty = sums(&target.db).await;
        let from_older = backup::restore(&older, &target.db).await;
        assert!(
            matches!(from_older, Err(TransferError::BackupOlder(1))),
            "{from_older:?}"
        );
        let from_newer = backup::restore(&newer, &target.db).await;
        assert!(
            matches!(from_newer, Err(TransferError::BackupNewer(1))),
            "{from_newer:?}"
        );
        assert_eq!(sums(&target.db).await, empty, "{target_backend:?}");

        let restored = backup::restore(&file, &target.db).await.unwrap();
        assert_eq!(restored.tables, before, "{target_backend:?}");
        assert_eq!(sums(&target.db).await, before, "{target_backend:?}");
        assert!(restored.integrity.is_sound(), "{:?}", restored.integrity);
        assert_eq!(
            restored.indexed as u64,
            rows(&before, "complaints"),
            "every case searchable again"
        );
        let service = Service::new(
            target.db.clone(),
            Arc::new(SystemClock),
            Settings::default(),
        );
        assert_eq!(service.index_unindexed().await.unwrap(), 0);

        // A second restore into the same database is refused and changes nothing.
        let twice = backup::restore(&file, &target.db).await;
        assert!(
            matches!(
                twice,
                Err(TransferError::Copy(CopyError::TargetNotEmpty { .. }))
            ),
            "{twice:?}"
        );
        assert_eq!(sums(&target.db).await, before);
        target.cleanup().await;
    }
    source.cleanup().await;
}

async fn a_center_moves_to_another_database_whole_and_only_into_an_empty_one(backend: Backend) {
    let source = demo_center(backend).await;
    let before = sums(&source.db).await;
    let other = match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    };
    let target = TestDb::new(other).await;
    let moved = backup::copy_center(&source.db, &target.db).await.unwrap();
    assert_eq!(moved.tables, before);
    assert!(moved.integrity.is_sound(), "{:?}", moved.integrity);
    assert_eq!(
        moved.integrity.chain.verified as u64,
        rows(&before, "complaint_events")
    );

    // Into a database with a center already in it: refused, nothing written.
    let into_itself = backup::copy_center(&target.db, &source.db).await;
    assert!(
        matches!(
            into_itself,
            Err(TransferError::Copy(CopyError::TargetNotEmpty { .. }))
        ),
        "{into_itself:?}"
    );
    assert_eq!(sums(&source.db).await, before);

    // From a database with no center in it (a mistyped path opens a new one): refused.
    let empty = TestDb::new(backend).await;
    let fresh = TestDb::new(other).await;
    let nothing = backup::copy_center(&empty.db, &fresh.db).await;
    assert!(
        matches!(nothing, Err(TransferError::SourceEmpty)),
        "{nothing:?}"
    );
    fresh.cleanup().await;
    empty.cleanup().await;
    target.cleanup().await;
    source.cleanup().await;
}

async fn check_finds_broken_references_half_written_cases_and_a_broken_chain(backend: Backend) {
    let db = demo_center(backend).await;
    let service = Service::new(db.db.clone(), Arc::new(SystemClock), Settings::default());
    let sound = service.check_integrity().await.unwrap();
    assert!(sound.is_sound(), "{sound:?}");
    let complaints = sound
        .tables
        .iter()
        .find(|(t, _)| *t == "complaints")
        .unwrap()
        .1;
    assert_eq!(
        complaints,
        sql_number(&db.db, "SELECT COUNT(*) FROM complaints").await
    );

    // Around the application: a dispatch to a unit that does not exist (with the database's
    // own checks off), and a case whose last step lost its event.
    let (unit, off, on) = match backend {
        Backend::Sqlite => (
            "X'00112233445566778899aabbccddeeff'",
            "PRAGMA foreign_keys = OFF",
            "PRAGMA foreign_keys = ON",
        ),
        Backend::Postgres => (
            "'00112233-4455-6677-8899-aabbccddeeff'",
            "SET session_replication_role = replica",
            "SET session_replication_role = origin",
        ),
    };
    raw_sql(
        &db.db,
        &format!(
            "{off}; INSERT INTO complaint_units (complaint_id, unit_id, role)
             SELECT id, {unit}, 'co' FROM complaints ORDER BY number LIMIT 1; {on};
             UPDATE complaints SET version = version + 1
             WHERE number = (SELECT MIN(number) FROM complaints)"
        ),
    )
    .await;
    let broken = service.check_integrity().await.unwrap();
    assert!(!broken.is_sound());
    assert_eq!(broken.broken_references.len(), 1, "{broken:?}");
    let reference = &broken.broken_references[0];
    assert_eq!(
        (
            reference.table.as_str(),
            reference.column.as_str(),
            reference.parent.as_str()
        ),
        ("complaint_units", "unit_id", "units")
    );
    assert_eq!(reference.count, 1);
    assert_eq!(broken.cases_without_history, 1);
    assert!(broken.chain.first_break.is_none());

    // Changed in the backup: the restore copies it faithfully and its check names the break.
    raw_sql(
        &db.db,
        "DELETE FROM complaint_units WHERE unit_id NOT IN (SELECT id FROM units);
         UPDATE complaints SET version = version - 1
             WHERE number = (SELECT MIN(number) FROM complaints);
         UPDATE complaint_events SET actor_name = '某人' WHERE chain_seq = 3",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tampered.backup");
    backup::backup(&db.db, &file).await.unwrap();
    let target = TestDb::new(backend).await;
    let restored = backup::restore(&file, &target.db).await.unwrap();
    assert!(!restored.integrity.is_sound());
    let at = restored.integrity.chain.first_break.as_ref().unwrap();
    assert_eq!(at.position, Some(3), "{at:?}");
    target.cleanup().await;
    db.cleanup().await;
}

on_both_backends!(
    a_backup_restores_the_whole_center_into_either_database,
    a_center_moves_to_another_database_whole_and_only_into_an_empty_one,
    check_finds_broken_references_half_written_cases_and_a_broken_chain,
);
