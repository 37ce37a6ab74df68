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
}
