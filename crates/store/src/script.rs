//! Statements sent together.
//!
//! A write of many parts (a batch of registrations: its cases, their search terms, their events
//! and the chain's head) is several statements whose results nobody reads but their success.
//! SQLite runs such statements as one script, in one trip to the connection's thread; sent one
//! by one, each costs a trip of its own, and on the registration writer the trips cost more than
//! the statements. PostgreSQL takes one statement per message, so there they go one by one.
//!
//! Only small writes go as one script. A large one (a bulk load, a re-indexing) is sent
//! statement by statement: each statement's work dwarfs a trip, and its text recurs from batch
//! to batch, so sqlx keeps it prepared; a script's text, the sum of its parts, seldom recurs, and
//! every new one would be prepared again and kept (a demo load of 100,000 cases as scripts took
//! 44 s and 946 MB, against 34 s and 350 MB statement by statement).

use crate::{Result, StoreError, Tx};
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, AssertSqlSafe, Encode, Postgres, Sqlite, Type};

/// Writes of at most this many rows (a batch of registrations, a step) go as one script.
const SCRIPT_ROWS: usize = 64;

/// Statements with their values, bound in order, to run one after another with [`Tx::run`].
///
/// On SQLite every placeholder in a script must be a plain `?` ([`Tx::values_list`] writes
/// them so): a numbered one would count from the script's first value, not its statement's.
pub(crate) struct Script {
    /// Each entry is sent on its own: one statement, or on SQLite several joined as one script.
    sent: Vec<(String, Args)>,
    /// Whether statements are joined (SQLite, a small write).
    join: bool,
    /// Whose arguments each statement takes.
    postgres: bool,
    /// The first value that could not be encoded; reported when the script is run.
    error: Option<String>,
}

enum Args {
    Sqlite(SqliteArguments),
    Postgres(PgArguments),
}

impl Script {
    /// Adds a statement; the values bound next are its own.
    pub(crate) fn statement(&mut self, text: &str) -> &mut Self {
        match self.sent.last_mut() {
            Some((sql, _)) if self.join => {
                sql.push_str(";\n");
                sql.push_str(text);
            }
            _ => {
                let args = if self.postgres {
                    Args::Postgres(PgArguments::default())
                } else {
                    Args::Sqlite(SqliteArguments::default())
                };
                self.sent.push((text.to_owned(), args));
            }
        }
        self
    }

    /// Binds the next value of the current statement.
    pub(crate) fn bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Sqlite> + Type<Sqlite> + Encode<'t, Postgres> + Type<Postgres>,
    {
        if self.error.is_some() {
            return self;
        }
        let added = match self.sent.last_mut() {
            Some((_, Args::Sqlite(args))) => args.add(value),
            Some((_, Args::Postgres(args))) => args.add(value),
            None => Err("a value bound before any statement".into()),
        };
        if let Err(e) = added {
            self.error = Some(e.to_string());
        }
        self
    }
}

impl Tx {
    /// An empty script for this transaction's database, for a write of about `rows` rows.
    pub(crate) fn script(&self, rows: usize) -> Script {
        let postgres = matches!(self, Tx::Postgres(_));
        Script {
            sent: Vec::new(),
            join: !postgres && rows <= SCRIPT_ROWS,
            postgres,
            error: None,
        }
    }

    /// Runs the script's statements in order. A value that could not be encoded fails it before
    /// anything runs; a statement that fails ends it, and the caller drops the transaction (or
    /// goes back to its savepoint), so nothing of it stays.
    pub(crate) async fn run(&mut self, script: Script) -> Result<()> {
        if let Some(e) = script.error {
            return Err(StoreError::Database(sqlx::Error::Encode(e.into())));
        }
        for (sql, args) in script.sent {
            match (&mut *self, args) {
                (Tx::Sqlite(t), Args::Sqlite(args)) => {
                    sqlx::query_with(AssertSqlSafe(sql), args)
                        .execute(&mut **t)
                        .await?;
                }
                (Tx::Postgres(t), Args::Postgres(args)) => {
                    sqlx::query_with(AssertSqlSafe(sql), args)
                        .execute(&mut **t)
                        .await?;
                }
                _ => {
                    return Err(StoreError::Corrupt(
                        "a script written for the other database".into(),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Db, Tx, on};
    use std::collections::BTreeMap;

    /// A write transaction on a fresh in-memory database (the pool kept open beside it).
    async fn write_tx() -> (Db, Tx) {
        let db = Db::connect("sqlite::memory:").await.unwrap();
        db.migrate().await.unwrap();
        let tx = db.write().await.unwrap();
        (db, tx)
    }

    async fn counters(tx: &mut Tx) -> Vec<(String, i64)> {
        on!(tx, c => sqlx::query_as("SELECT name, value FROM counters ORDER BY name")
            .fetch_all(c)
            .await)
        .unwrap()
    }

    #[tokio::test]
    async fn a_script_runs_its_statements_in_order_with_their_own_values() {
        let (_db, mut tx) = write_tx().await;
        let mut script = tx.script(2);
        let (two, one) = (tx.values_list(2, 2), tx.values_list(1, 1));
        script
            .statement(&format!("INSERT INTO counters (name, value) VALUES {two}"))
            .bind("a")
            .bind(1_i64)
            .bind("b")
            .bind(2_i64);
        script
            .statement(&format!(
                "UPDATE counters SET value = value + 10 WHERE name IN {one}"
            ))
            .bind("b");
        assert_eq!(script.sent.len(), 1, "one script");
        tx.run(script).await.unwrap();
        assert_eq!(
            counters(&mut tx).await,
            [("a".to_owned(), 1), ("b".to_owned(), 12)]
        );
    }

    #[tokio::test]
    async fn a_value_that_cannot_be_encoded_fails_the_script_before_anything_runs() {
        let (_db, mut tx) = write_tx().await;
        let mut script = tx.script(2);
        let one = tx.values_list(1, 2);
        script
            .statement(&format!("INSERT INTO counters (name, value) VALUES {one}"))
            .bind("a")
            .bind(1_i64);
        // JSON object keys must be strings: this map cannot be written as JSON.
        let unwritable = BTreeMap::from([((1, 2), 3)]);
        script
            .statement(&format!("INSERT INTO counters (name, value) VALUES {one}"))
            .bind(sqlx::types::Json(unwritable))
            .bind(2_i64);
        let ran = tx.run(script).await;
        assert!(
            matches!(
                ran,
                Err(crate::StoreError::Database(sqlx::Error::Encode(_)))
            ),
            "{ran:?}"
        );
        assert!(counters(&mut tx).await.is_empty(), "nothing ran");
    }

    /// A large write goes statement by statement, each prepared once and kept: its text recurs.
    #[tokio::test]
    async fn a_large_write_goes_statement_by_statement() {
        let (_db, mut tx) = write_tx().await;
        let rows: Vec<String> = (0..100).map(|i| format!("c{i:03}")).collect();
        let mut script = tx.script(rows.len());
        for chunk in rows.chunks(40) {
            let sql = format!(
                "INSERT INTO counters (name, value) VALUES {}",
                tx.values_list(chunk.len(), 2)
            );
            script.statement(&sql);
            for name in chunk {
                script.bind(name.as_str()).bind(1_i64);
            }
        }
        assert_eq!(script.sent.len(), 3, "one per statement");
        tx.run(script).await.unwrap();
        assert_eq!(counters(&mut tx).await.len(), 100);
    }
}
