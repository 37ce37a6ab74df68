//! Named counters that hand out increasing numbers without gaps or duplicates, even under
//! concurrent writers on either database: the upsert takes the row's write lock.

use crate::{Result, StoreError, Tx, on};

/// What [`Tx::take_from_counter`] hands out and reads, in one statement.
#[derive(Clone, Debug)]
pub struct Drawn {
    /// The last of the numbers taken (the first is `last - n + 1`).
    pub last: i64,
    /// The version of the unit tree and the calendar (`frame_version`, which triggers move on
    /// at every change of either).
    pub frame_version: i64,
    /// The audit chain's last link, held for this transaction: the events it writes chain on
    /// from here ([`Tx::insert_new_cases`]).
    pub chain_head: (i64, String),
}

impl Tx {
    /// The next value of counter `name`, starting at 1.
    pub async fn next_in_counter(&mut self, name: &str) -> Result<i64> {
        Ok(on!(self, c => sqlx::query_scalar(
            "INSERT INTO counters (name, value) VALUES ($1, 1)
             ON CONFLICT (name) DO UPDATE SET value = counters.value + 1
             RETURNING value",
        )
        .bind(name)
        .fetch_one(c)
        .await)?)
    }

    /// The next `n` values of counter `name` at once, and, read in the same statement, what a
    /// batch of registrations needs before it writes (see [`Drawn`]).
    pub async fn take_from_counter(&mut self, name: &str, n: i64) -> Result<Drawn> {
        // On PostgreSQL the chain's head is locked here, as `lock_chain_head` would; SQLite's
        // write transaction already holds the whole database.
        let sql = match self {
            Tx::Sqlite(_) => {
                "INSERT INTO counters (name, value) VALUES ($1, $2)
                 ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value
                 RETURNING value, (SELECT version FROM frame_version WHERE id = 1),
                     (SELECT last_seq FROM audit_head WHERE id = 1),
                     (SELECT last_hash FROM audit_head WHERE id = 1)"
            }
            Tx::Postgres(_) => {
                "WITH head AS (SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE)
                 INSERT INTO counters (name, value) VALUES ($1, $2)
                 ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value
                 RETURNING value, (SELECT version FROM frame_version WHERE id = 1),
                     (SELECT last_seq FROM head), (SELECT last_hash FROM head)"
            }
        };
        let (last, frame_version, seq, hash): (i64, i64, Option<i64>, Option<String>) =
            on!(self, c => sqlx::query_as(sql).bind(name).bind(n).fetch_one(c).await)?;
        let chain_head = seq
            .zip(hash)
            .ok_or_else(|| StoreError::Corrupt("audit_head has no row".into()))?;
        Ok(Drawn {
            last,
            frame_version,
            chain_head,
        })
    }

    /// The last value counter `name` handed out (0 before the first).
    pub async fn counter_value(&mut self, name: &str) -> Result<i64> {
        let value: Option<i64> = on!(self, c => sqlx::query_scalar(
            "SELECT value FROM counters WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(c)
        .await)?;
        Ok(value.unwrap_or(0))
    }

    /// Moves counter `name` on to `value` (never back): for a load that hands out the numbers
    /// itself, in the transaction that stores them.
    pub async fn advance_counter(&mut self, name: &str, value: i64) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO counters (name, value) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET value = CASE
                 WHEN excluded.value > counters.value THEN excluded.value ELSE counters.value END",
        )
        .bind(name)
        .bind(value)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}
