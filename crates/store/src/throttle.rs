//! Failed-login counters per key (an account or an address), shared by every app instance.

use crate::{Result, StoreError, Tx, on};
use time::OffsetDateTime;

/// Failures counted since `window_start`, and the lock they earned, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThrottleState {
    pub failures: i64,
    pub window_start: OffsetDateTime,
    pub locked_until: Option<OffsetDateTime>,
}

type Row = (i64, OffsetDateTime, Option<OffsetDateTime>);

fn state((failures, window_start, locked_until): Row) -> ThrottleState {
    ThrottleState {
        failures,
        window_start,
        locked_until,
    }
}

impl Tx {
    pub async fn throttle(&mut self, key: &str) -> Result<Option<ThrottleState>> {
        let row: Option<Row> = on!(self, c => sqlx::query_as(
            "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1",
        )
        .bind(key)
        .fetch_optional(c)
        .await)?;
        Ok(row.map(state))
    }

    /// The state of `key`, created empty if missing, locked until the transaction ends (on
    /// SQLite the write transaction already holds the database).
    pub async fn throttle_for_update(
        &mut self,
        key: &str,
        now: OffsetDateTime,
    ) -> Result<ThrottleState> {
        on!(self, c => sqlx::query(
            "INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 0, $2)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
        let row: Option<Row> = match self {
            Tx::Sqlite(t) => sqlx::query_as(
                "SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1",
            )
            .bind(key)
            .fetch_optional(&mut **t)
            .await?,
            Tx::Postgres(t) => {
                sqlx::query_as(
                    "SELECT failures, window_start, locked_until FROM login_throttle
                     WHERE key = $1 FOR UPDATE",
                )
                .bind(key)
                .fetch_optional(&mut **t)
                .await?
            }
        };
        row.map(state)
            .ok_or_else(|| StoreError::Corrupt(format!("login_throttle {key} vanished")))
    }

    pub async fn put_throttle(&mut self, key: &str, s: &ThrottleState) -> Result<()> {
        on!(self, c => sqlx::query(
            "UPDATE login_throttle SET failures = $2, window_start = $3, locked_until = $4
             WHERE key = $1",
        )
        .bind(key)
        .bind(s.failures)
        .bind(s.window_start)
        .bind(s.locked_until)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    pub async fn clear_throttle(&mut self, key: &str) -> Result<()> {
        on!(self, c => sqlx::query("DELETE FROM login_throttle WHERE key = $1")
            .bind(key)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
