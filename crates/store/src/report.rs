//! R27, R30: the counts behind the quarterly statistics, for the instants `[from, until)`.
//! The registrations and the concluded cases are read from two covering indexes (migration
//! 0015 keeps the lead unit, the deadline's start and the special kinds beside each case for
//! them); the few rows that need a record's JSON (extension decisions) are read here.

use crate::{Result, StoreError, Tx, on};
use huixiang_domain::UnitId;
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::report::{Concluded, Counts};
use sqlx::types::Json;
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// Counts by key, given out most first (ties by key).
struct Tally<K>(HashMap<K, i64>);

impl<K> Default for Tally<K> {
    fn default() -> Self {
        Self(HashMap::new())
    }
}

impl<K: Ord + std::hash::Hash> Tally<K> {
    fn add(&mut self, key: K, n: i64) {
        *self.0.entry(key).or_default() += n;
    }

    fn most_first(self) -> Vec<(K, i64)> {
        let mut out: Vec<_> = self.0.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

impl Tally<String> {
    /// Counts under a borrowed key, copying it only the first time (keys are a few codes).
    fn add_str(&mut self, key: &str, n: i64) {
        match self.0.get_mut(key) {
            Some(count) => *count += n,
            None => {
                self.0.insert(key.to_owned(), n);
            }
        }
    }
}

/// SQLite reads a period's rows this many days at a time: each piece's JSON is then a few
/// hundred kilobytes, where a quarter's in one went to 7 MB and left the server's memory about
/// 70 MB larger (229 MB at its peak on a million, against 103 MB read by the week).
const SQLITE_PIECE_DAYS: i64 = 7;

/// `[from, until)` as the pieces it is read in.
fn pieces(
    from: OffsetDateTime,
    until: OffsetDateTime,
    days: Option<i64>,
) -> Vec<(OffsetDateTime, OffsetDateTime)> {
    let Some(days) = days else {
        return vec![(from, until)];
    };
    let mut out = Vec::new();
    let mut start = from;
    while start < until {
        let end = (start + time::Duration::days(days)).min(until);
        out.push((start, end));
        start = end;
    }
    out
}

fn utc(at: OffsetDateTime) -> OffsetDateTime {
    at.to_offset(UtcOffset::UTC)
}

/// One registration (SQLite) or `n` alike (PostgreSQL's groups), as the report counts them.
struct Registration<'a> {
    channel: &'a str,
    category: &'a str,
    state: &'a str,
    repeat: bool,
    unit: Option<Uuid>,
    kinds: Option<&'a str>,
    n: i64,
}

type Group = (
    String,
    String,
    String,
    bool,
    Option<Uuid>,
    Option<String>,
    i64,
);

/// A period's registrations as read: PostgreSQL's groups, or SQLite's JSON array of rows.
enum Registrations {
    Groups(Vec<Group>),
    Json(String),
}

impl Registrations {
    fn each(&self, mut count: impl FnMut(Registration<'_>)) -> Result<()> {
        match self {
            Self::Groups(groups) => {
                for (channel, category, state, repeat, unit, kinds, n) in groups {
                    count(Registration {
                        channel,
                        category,
                        state,
                        repeat: *repeat,
                        unit: *unit,
                        kinds: kinds.as_deref(),
                        n: *n,
                    });
                }
            }
            Self::Json(json) => {
                // Codes of our own and hex digits, never escaped: the strings borrow the text.
                type Row<'a> = (&'a str, &'a str, &'a str, i64, &'a str, Option<&'a str>);
                let rows: Vec<Row<'_>> = serde_json::from_str(json).map_err(corrupt)?;
                for (channel, category, state, repeat, unit, kinds) in rows {
                    count(Registration {
                        channel,
                        category,
                        state,
                        repeat: repeat != 0,
                        unit: (!unit.is_empty()).then(|| hex_uuid(unit)).transpose()?,
                        kinds,
                        n: 1,
                    });
                }
            }
        }
        Ok(())
    }
}

/// The rows of the statistics' reads that SQLite gives as JSON: not what they should be.
fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("statistics: {e}"))
}

fn hex_uuid(hex: &str) -> Result<Uuid> {
    Uuid::try_parse(hex).map_err(corrupt)
}

/// Which cases the report counts as concluded in a period (their columns are in the index
/// `complaints_concluded`).
const CONCLUDED: &str = "FROM complaints
    WHERE concluded_at >= $1 AND concluded_at < $2 AND lead_unit_id IS NOT NULL
      AND deadline_start IS NOT NULL AND due_on IS NOT NULL";

impl Tx {
    /// The registrations of `[from, until)`, from the index `complaints_period` alone.
    async fn registrations(
        &mut self,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Registrations> {
        let columns = "channel, category, state, repeat_of_id IS NOT NULL, lead_unit_id, \
                       special_kinds";
        let period = "FROM complaints WHERE registered_at >= $1 AND registered_at < $2";
        Ok(match self {
            Tx::Postgres(t) => {
                let sql = format!("SELECT {columns}, COUNT(*) {period} GROUP BY {columns}");
                Registrations::Groups(
                    sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .bind(from)
                        .bind(until)
                        .fetch_all(&mut **t)
                        .await?,
                )
            }
            Tx::Sqlite(t) => {
                let sql = format!(
                    "SELECT json_group_array(json_array(channel, category, state, \
                     repeat_of_id IS NOT NULL, hex(lead_unit_id), special_kinds)) {period}"
                );
                Registrations::Json(
                    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                        .bind(from)
                        .bind(until)
                        .fetch_one(&mut **t)
                        .await?,
                )
            }
        })
    }

    /// R30: the cases concluded in `[from, until)`, with their deadlines.
    async fn concluded(
        &mut self,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Vec<Concluded>> {
        match self {
            Tx::Postgres(t) => {
                type Row = (Uuid, Option<String>, Date, Date, OffsetDateTime);
                let sql = format!(
                    "SELECT lead_unit_id, holder_name, deadline_start, due_on, concluded_at \
                     {CONCLUDED}"
                );
                let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(from)
                    .bind(until)
                    .fetch_all(&mut **t)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(unit, handler, started, due, at)| Concluded {
                        lead_unit: UnitId(unit),
                        handler,
                        started,
                        due,
                        concluded: beijing_date(at),
                    })
                    .collect())
            }
            Tx::Sqlite(t) => {
                let sql = format!(
                    "SELECT json_group_array(json_array(hex(lead_unit_id), holder_name, \
                     deadline_start, due_on, concluded_at)) {CONCLUDED}"
                );
                let json: String = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .bind(from)
                    .bind(until)
                    .fetch_one(&mut **t)
                    .await?;
                // A handler's name is anyone's text, so it may be escaped: owned.
                type Row<'a> = (&'a str, Option<String>, &'a str, &'a str, &'a str);
                let rows: Vec<Row<'_>> = serde_json::from_str(&json).map_err(corrupt)?;
                let day = time::macros::format_description!("[year]-[month]-[day]");
                rows.into_iter()
                    .map(|(unit, handler, started, due, at)| {
                        Ok(Concluded {
                            lead_unit: UnitId(hex_uuid(unit)?),
                            handler,
                            started: Date::parse(started, day).map_err(corrupt)?,
                            due: Date::parse(due, day).map_err(corrupt)?,
                            concluded: beijing_date(
                                OffsetDateTime::parse(at, &Rfc3339).map_err(corrupt)?,
                            ),
                        })
                    })
                    .collect()
            }
        }
    }
}

impl Tx {
    /// Everything the report counts for one period.
    pub async fn report_counts(
        &mut self,
        from: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<Counts> {
        let (from, until) = (utc(from), utc(until));
        let mut counts = Counts::default();
        // One pass over the period's registrations, read from the index `complaints_period`
        // alone: channels, categories, states, lead units, repeats and special marks.
        // PostgreSQL groups them (hashing). SQLite would sort them into a temporary B-tree, and
        // sqlx hands rows over one at a time (a quarter's 85,000 took 0.5 s), so SQLite gives
        // them as JSON arrays, a week at a time (a quarter's in 40 ms), to be counted here.
        let pieces = pieces(
            from,
            until,
            matches!(self, Tx::Sqlite(_)).then_some(SQLITE_PIECE_DAYS),
        );
        let mut channels = Tally::default();
        let mut categories = Tally::default();
        let mut states = Tally::default();
        let mut units = Tally::default();
        let mut special = Tally::default();
        for &(from, until) in &pieces {
            self.registrations(from, until).await?.each(|r| {
                let n = r.n;
                channels.add_str(r.channel, n);
                categories.add_str(r.category, n);
                states.add_str(r.state, n);
                counts.registered += n;
                if r.repeat {
                    counts.repeats += n;
                }
                if let Some(unit) = r.unit {
                    units.add(UnitId(unit), n);
                }
                if let Some(kinds) = r.kinds.filter(|k| !k.is_empty()) {
                    counts.special += n;
                    for kind in kinds.split(',') {
                        special.add_str(kind, n);
                    }
                }
            })?;
        }
        counts.by_channel = channels.most_first();
        counts.by_category = categories.most_first();
        counts.by_state = states.most_first();
        counts.by_special = special.most_first();
        counts.by_unit = units.most_first();
        // From the index `complaints_concluded` alone (SQLite: JSON again, piece by piece).
        for &(from, until) in &pieces {
            let concluded = self.concluded(from, until).await?;
            counts.concluded.extend(concluded);
        }
        counts.reminders = on!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM reminder_slips WHERE created_at >= $1 AND created_at < $2",
        )
        .bind(from)
        .bind(until)
        .fetch_one(c)
        .await)?;
        counts.extensions_requested = on!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM complaint_events
             WHERE action = 'request_extension' AND at >= $1 AND at < $2",
        )
        .bind(from)
        .bind(until)
        .fetch_one(c)
        .await)?;
        let decisions: Vec<Json<serde_json::Value>> = on!(self, c => sqlx::query_scalar(
            "SELECT detail FROM complaint_events
             WHERE action = 'decide_extension' AND at >= $1 AND at < $2",
        )
        .bind(from)
        .bind(until)
        .fetch_all(c)
        .await)?;
        counts.extensions_approved = decisions
            .iter()
            .filter(|d| {
                d.0.pointer("/extension/state").and_then(|s| s.as_str()) == Some("approved")
            })
            .count() as i64;
        counts.ratings = on!(self, c => sqlx::query_as(
            "SELECT satisfaction, COUNT(*) FROM ratings WHERE rated_at >= $1 AND rated_at < $2
             GROUP BY satisfaction ORDER BY satisfaction",
        )
        .bind(from)
        .bind(until)
        .fetch_all(c)
        .await)?;
        Ok(counts)
    }
}

/// A filed statistics report as stored.
#[derive(Clone, Debug)]
pub struct StoredReport {
    pub id: Uuid,
    pub report: huixiang_domain::report::StatisticsReport,
}

impl Tx {
    /// R27: keeps a filed report.
    pub async fn insert_statistics_report(
        &mut self,
        id: Uuid,
        r: &huixiang_domain::report::StatisticsReport,
    ) -> Result<()> {
        let p = &r.figures.current.period;
        on!(self, c => sqlx::query(
            "INSERT INTO statistics_reports (id, period_first, period_last, filed_by, filed_at, record)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(p.first)
        .bind(p.last)
        .bind(r.filed.by.0)
        .bind(utc(r.filed.at))
        .bind(Json(r))
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// R27: the filed reports, latest first (at most `limit`).
    pub async fn statistics_reports(&mut self, limit: i64) -> Result<Vec<StoredReport>> {
        let rows: Vec<(Uuid, Json<huixiang_domain::report::StatisticsReport>)> = on!(self, c => sqlx::query_as(
            "SELECT id, record FROM statistics_reports ORDER BY filed_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(c)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, j)| StoredReport { id, report: j.0 })
            .collect())
    }

    /// R27: one filed report.
    pub async fn statistics_report(&mut self, id: Uuid) -> Result<Option<StoredReport>> {
        let row: Option<(Uuid, Json<huixiang_domain::report::StatisticsReport>)> = on!(self, c => sqlx::query_as(
            "SELECT id, record FROM statistics_reports WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await)?;
        Ok(row.map(|(id, j)| StoredReport { id, report: j.0 }))
    }

    /// R27: records that `user` opened the report (the first time only).
    pub async fn mark_statistics_report_read(
        &mut self,
        id: Uuid,
        user: huixiang_domain::UserId,
        now: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO statistics_report_reads (report_id, user_id, read_at) VALUES ($1, $2, $3)
             ON CONFLICT (report_id, user_id) DO NOTHING",
        )
        .bind(id)
        .bind(user.0)
        .bind(utc(now))
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// R27: the reports `user` has opened, and when.
    pub async fn statistics_reports_read_by(
        &mut self,
        user: huixiang_domain::UserId,
    ) -> Result<Vec<(Uuid, OffsetDateTime)>> {
        Ok(on!(self, c => sqlx::query_as(
            "SELECT report_id, read_at FROM statistics_report_reads WHERE user_id = $1",
        )
        .bind(user.0)
        .fetch_all(c)
        .await)?)
    }
}

/// What the leaders' and the office's dashboard counts.
#[derive(Clone, Debug, Default)]
pub struct DashboardCounts {
    /// Registrations per Beijing month (`YYYY-MM`), oldest first.
    pub monthly: Vec<(String, i64)>,
    /// Cases with a unit past their due date, by lead unit.
    pub overdue_by_unit: Vec<(UnitId, i64)>,
    /// The first characters of the complainant's address (the estate or street), most first.
    pub places: Vec<(String, i64)>,
    /// Special cases still being handled.
    pub special_open: i64,
}

impl Tx {
    /// The dashboard: registrations per month from `from`, what is overdue on `today`, the
    /// places most complained from since `places_from`, and special cases open.
    pub async fn dashboard_counts(
        &mut self,
        from: OffsetDateTime,
        places_from: OffsetDateTime,
        today: time::Date,
    ) -> Result<DashboardCounts> {
        let (from, places_from) = (utc(from), utc(places_from));
        let month = match self {
            Tx::Postgres(_) => {
                "to_char((registered_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')"
            }
            Tx::Sqlite(_) => "strftime('%Y-%m', registered_at, '+8 hours')",
        };
        let sql = format!(
            "SELECT {month} AS m, COUNT(*) FROM complaints WHERE registered_at >= $1
             GROUP BY m ORDER BY m"
        );
        let monthly =
            on!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(from).fetch_all(c).await)?;
        let open = crate::reminders::OPEN.as_str();
        let sql = format!(
            "SELECT cu.unit_id, COUNT(*) FROM complaints
             JOIN complaint_units cu ON cu.complaint_id = complaints.id AND cu.role = 'lead'
             WHERE complaints.due_on < $1 AND complaints.state IN {open}
             GROUP BY cu.unit_id ORDER BY COUNT(*) DESC, cu.unit_id"
        );
        let overdue: Vec<(Uuid, i64)> = on!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(today).fetch_all(c).await)?;
        let places = on!(self, c => sqlx::query_as(
            "SELECT substr(complainant_address, 1, 3) AS p, COUNT(*) FROM complaints
             WHERE registered_at >= $1 AND complainant_address IS NOT NULL
             GROUP BY p ORDER BY COUNT(*) DESC, p LIMIT 8",
        )
        .bind(places_from)
        .fetch_all(c)
        .await)?;
        let special_open = on!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM complaints WHERE special IS NOT NULL
             AND state IN ('registered', 'dispatched', 'in_progress', 'result_submitted', 'returned')",
        )
        .fetch_one(c)
        .await)?;
        Ok(DashboardCounts {
            monthly,
            overdue_by_unit: overdue.into_iter().map(|(u, n)| (UnitId(u), n)).collect(),
            places,
            special_open,
        })
    }
}
