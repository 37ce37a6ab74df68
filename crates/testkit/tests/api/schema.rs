//! The two migration trees describe the same tables, columns and nullability, and the copy
//! between databases (restore, migrate-data) knows every one of them.

use huixiang_service::Db;
use huixiang_service::backup::{NOT_COPIED, TABLES};
use huixiang_testkit::{Backend, TestDb};
use std::collections::BTreeSet;

type Columns = BTreeSet<(String, String, bool)>;

async fn columns(db: &Db) -> Columns {
    let rows: Vec<(String, String, bool)> = match db {
        Db::Sqlite(pool) => sqlx::query_as(
            "SELECT m.name, p.name, p.\"notnull\" = 1 FROM sqlite_master m
             JOIN pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        Db::Postgres(pool) => sqlx::query_as(
            "SELECT table_name::text, column_name::text, is_nullable = 'NO' FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    // The full-text index is each backend's own by design (an FTS5 table and its key map in
    // SQLite, a tsvector column in PostgreSQL); the search tests show both answer alike.
    rows.into_iter()
        .filter(|(table, column, _)| {
            let index = table.starts_with("complaint_search")
                || (table == "complaints" && column == "search");
            !index
        })
        .collect()
}

#[tokio::test]
async fn both_schemas_have_the_same_tables_columns_and_nullability() {
    let sqlite = TestDb::new(Backend::Sqlite).await;
    let postgres = TestDb::new(Backend::Postgres).await;
    let (a, b) = (columns(&sqlite.db).await, columns(&postgres.db).await);
    assert!(a.len() > 40, "{a:?}");
    let only_sqlite: Vec<_> = a.difference(&b).collect();
    let only_postgres: Vec<_> = b.difference(&a).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "sqlite only: {only_sqlite:?}\npostgres only: {only_postgres:?}"
    );
    // Running the migrations again changes nothing.
    sqlite.db.migrate().await.unwrap();
    postgres.db.migrate().await.unwrap();
    sqlite.cleanup().await;
    postgres.cleanup().await;
}

/// `huixiang restore` and `migrate-data` carry every table and column of the schema, each as
/// its type, parents before children; whatever they leave out is named with its reason.
#[tokio::test]
async fn the_copy_carries_every_table_and_column_with_its_type_parents_first() {
    let postgres = TestDb::new(Backend::Postgres).await;
    let sqlite = TestDb::new(Backend::Sqlite).await;
    let (Db::Postgres(pg), Db::Sqlite(lite)) = (&postgres.db, &sqlite.db) else {
        unreachable!()
    };
    let left_out = |table: &str, column: &str| {
        NOT_COPIED
            .iter()
            .any(|(name, _)| *name == table || *name == format!("{table}.{column}"))
    };
    let schema: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text
         FROM information_schema.columns WHERE table_schema = 'public'",
    )
    .fetch_all(pg)
    .await
    .unwrap();
    let expected: BTreeSet<_> = schema
        .into_iter()
        .filter(|(table, column, _)| !left_out(table, column))
        .collect();
    let copied: BTreeSet<_> = TABLES
        .iter()
        .flat_map(|t| {
            t.columns.iter().map(|(column, kind)| {
                let kind = kind.postgres_type().to_owned();
                (t.name.to_owned(), (*column).to_owned(), kind)
            })
        })
        .collect();
    let not_copied: Vec<_> = expected.difference(&copied).collect();
    let unknown: Vec<_> = copied.difference(&expected).collect();
    assert!(
        not_copied.is_empty() && unknown.is_empty(),
        "in the schema, not copied: {not_copied:?}\ncopied, not in the schema: {unknown:?}"
    );

    // Every table a row refers to is written before it (or is its own, filled in after).
    let position = |name: &str| TABLES.iter().position(|t| t.name == name);
    let references: Vec<(String, String)> = sqlx::query_as(
        "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint
         WHERE contype = 'f'",
    )
    .fetch_all(pg)
    .await
    .unwrap();
    for (child, parent) in &references {
        let Some(at) = position(child) else {
            assert!(
                left_out(child, ""),
                "{child} is neither copied nor left out"
            );
            continue;
        };
        let before = position(parent).is_some_and(|p| p < at);
        let own = parent == child && TABLES[at].self_reference.is_some();
        assert!(before || own, "{child} refers to {parent}, copied later");
    }

    // SQLite's tables are the same, apart from the search index's own.
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(lite)
    .await
    .unwrap();
    for table in tables {
        let known = position(&table).is_some()
            || left_out(&table, "")
            || table.starts_with("complaint_search_");
        assert!(known, "{table} is neither copied nor left out");
    }
    postgres.cleanup().await;
    sqlite.cleanup().await;
}
