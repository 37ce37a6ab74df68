//! The two migration trees describe the same tables, columns and nullability.

use huixiang_service::Db;
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
