//! Statements sent together.
//!
//! A write of many parts (a batch of registrations: its cases, their search terms, their events
//! and the chain's head) is several statements whose results nobody reads but their success.
//! SQLite runs such statements as one script, in one trip to the connection's thread; sent one
//! by one, each costs a trip of its own, and on the registration writer the trips cost more than
//! the statements. PostgreSQL takes one statement per message, so there they go one by one.

use crate::{Result, StoreError, Tx};
use sqlx::postgres::PgArguments;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, AssertSqlSafe, Encode, Postgres, Sqlite, Type};

/// Statements with their values, bound in order, to run one after another with [`Tx::run`].
///
/// On SQLite every placeholder in a script must be a plain `?` ([`Tx::values_list`] writes
/// them so): a numbered one would count from the script's first value, not its statement's.
pub(crate) enum Script {
    Sqlite {
        sql: String,
        args: SqliteArguments,
        error: Option<String>,
    },
    Postgres {
        statements: Vec<(String, PgArguments)>,
        error: Option<String>,
    },
}

impl Script {
    /// Adds a statement; the values bound next are its own.
    pub(crate) fn statement(&mut self, text: &str) -> &mut Self {
        match self {
            Script::Sqlite { sql, .. } => {
                sql.push_str(text);
                sql.push_str(";\n");
            }
            Script::Postgres { statements, .. } => {
                statements.push((text.to_owned(), PgArguments::default()));
            }
        }
        self
    }

    /// Binds the next value of the current statement.
    pub(crate) fn bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Sqlite> + Type<Sqlite> + Encode<'t, Postgres> + Type<Postgres>,
    {
        // The first value that fails to encode is kept, and reported when the script is run.
        let added = match self {
            Script::Sqlite { args, error, .. } if error.is_none() => args.add(value),
            Script::Postgres { statements, error } if error.is_none() => {
                match statements.last_mut() {
                    Some((_, args)) => args.add(value),
                    None => Err("a value bound before any statement".into()),
                }
            }
            _ => Ok(()),
        };
        if let Err(e) = added {
            let (Script::Sqlite { error, .. } | Script::Postgres { error, .. }) = self;
            *error = Some(e.to_string());
        }
        self
    }

    fn is_empty(&self) -> bool {
        match self {
            Script::Sqlite { sql, .. } => sql.is_empty(),
            Script::Postgres { statements, .. } => statements.is_empty(),
        }
    }
}

impl Tx {
    /// An empty script for this transaction's database.
    pub(crate) fn script(&self) -> Script {
        match self {
            Tx::Sqlite(_) => Script::Sqlite {
                sql: String::new(),
                args: SqliteArguments::default(),
                error: None,
            },
            Tx::Postgres(_) => Script::Postgres {
                statements: Vec::new(),
                error: None,
            },
        }
    }

    /// Runs the script's statements in order. A value that could not be encoded fails it before
    /// anything runs; a statement that fails ends it, and the caller drops the transaction, so
    /// nothing of it stays.
    pub(crate) async fn run(&mut self, script: Script) -> Result<()> {
        if script.is_empty() {
            return Ok(());
        }
        match (self, script) {
            (Tx::Sqlite(t), Script::Sqlite { sql, args, error }) => {
                if let Some(e) = error {
                    return Err(encode_error(e));
                }
                sqlx::query_with(AssertSqlSafe(sql), args)
                    .execute(&mut **t)
                    .await?;
            }
            (Tx::Postgres(t), Script::Postgres { statements, error }) => {
                if let Some(e) = error {
                    return Err(encode_error(e));
                }
                for (sql, args) in statements {
                    sqlx::query_with(AssertSqlSafe(sql), args)
                        .execute(&mut **t)
                        .await?;
                }
            }
            _ => {
                return Err(StoreError::Corrupt(
                    "a script written for the other database".into(),
                ));
            }
        }
        Ok(())
    }
}

fn encode_error(e: String) -> StoreError {
    StoreError::Database(sqlx::Error::Encode(e.into()))
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
        let mut script = tx.script();
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
        tx.run(script).await.unwrap();
        assert_eq!(
            counters(&mut tx).await,
            [("a".to_owned(), 1), ("b".to_owned(), 12)]
        );
    }

    #[tokio::test]
    async fn a_value_that_cannot_be_encoded_fails_the_script_before_anything_runs() {
        let (_db, mut tx) = write_tx().await;
        let mut script = tx.script();
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
}
