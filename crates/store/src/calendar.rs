//! Working-day arrangements entered by an administrator.

use crate::{Result, StoreError, Tx, on};
use huixiang_domain::UserId;
use huixiang_domain::calendar::arrangement::{self, YearArrangement};
use std::collections::BTreeMap;
use time::OffsetDateTime;

impl Tx {
    /// Every stored year's arrangement.
    pub async fn calendar_years(&mut self) -> Result<BTreeMap<i32, YearArrangement>> {
        let rows: Vec<(i64, String)> = on!(self, c => sqlx::query_as(
            "SELECT year, arrangement FROM calendar_years ORDER BY year",
        )
        .fetch_all(c)
        .await)?;
        let mut years = BTreeMap::new();
        for (year, text) in rows {
            let parsed = arrangement::parse(&text)
                .map_err(|e| StoreError::Corrupt(format!("calendar_years {year}: {e}")))?;
            let year = i32::try_from(year)
                .map_err(|_| StoreError::Corrupt(format!("calendar_years.year = {year}")))?;
            years.insert(year, parsed.get(&year).cloned().unwrap_or_default());
        }
        Ok(years)
    }

    /// Stores (or replaces) one year's arrangement.
    pub async fn put_calendar_year(
        &mut self,
        year: i32,
        days: &YearArrangement,
        by: Option<UserId>,
        now: OffsetDateTime,
    ) -> Result<()> {
        let text = arrangement::format(&BTreeMap::from([(year, days.clone())]));
        on!(self, c => sqlx::query(
            "INSERT INTO calendar_years (year, arrangement, updated_by, updated_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (year) DO UPDATE SET arrangement = excluded.arrangement,
                updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(i64::from(year))
        .bind(text)
        .bind(by.map(|u| u.0))
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}
