//! Named counters that hand out increasing numbers without gaps or duplicates, even under
//! concurrent writers on either database: the upsert takes the row's write lock.

use crate::{Result, Tx, on};

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

    /// The next `n` values of counter `name` at once; returns the last of them (the first is
    /// `last - n + 1`) and, read in the same statement, the version of the unit tree and the
    /// calendar (`frame_version`, which triggers move on at every change of either).
    pub async fn take_from_counter(&mut self, name: &str, n: i64) -> Result<(i64, i64)> {
        Ok(on!(self, c => sqlx::query_as(
            "INSERT INTO counters (name, value) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value
             RETURNING value, (SELECT version FROM frame_version WHERE id = 1)",
        )
        .bind(name)
        .bind(n)
        .fetch_one(c)
        .await)?)
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
