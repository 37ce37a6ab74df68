//! R10, R30: reminder slips, overdue records, the notification outbox and sweep leases. The
//! sweeps are set-based statements over a chunk of cases at a time, the same text on both
//! databases, so they stay fast over a million open cases, never hold the write lock for long,
//! and are idempotent when two instances race.

use crate::{Result, Tx, on};
use huixiang_domain::{ComplaintId, State, UnitId, UserId};
use std::sync::LazyLock;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// One reminder slip (催办单).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderSlip {
    pub complaint: ComplaintId,
    pub number: String,
    pub title: String,
    /// How many times this case has been chased, this one included.
    pub seq: i64,
    /// `auto` (the sweep) or `manual` (a clerk).
    pub kind: String,
    pub due_on: Date,
    pub unit: UnitId,
    pub handler_name: Option<String>,
    pub state: String,
    pub progress: Option<String>,
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct SlipRow {
    complaint_id: Uuid,
    number: String,
    title: String,
    seq: i64,
    kind: String,
    due_on: Date,
    unit_id: Uuid,
    handler_name: Option<String>,
    state: String,
    progress: Option<String>,
    created_at: OffsetDateTime,
}

impl From<SlipRow> for ReminderSlip {
    fn from(r: SlipRow) -> Self {
        Self {
            complaint: ComplaintId(r.complaint_id),
            number: r.number,
            title: r.title,
            seq: r.seq,
            kind: r.kind,
            due_on: r.due_on,
            unit: UnitId(r.unit_id),
            handler_name: r.handler_name,
            state: r.state,
            progress: r.progress,
            created_at: r.created_at,
        }
    }
}

/// R30: a case that passed its due date, and who held it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueRecord {
    pub complaint: ComplaintId,
    pub number: String,
    pub title: String,
    pub state: String,
    pub due_on: Date,
    pub unit: UnitId,
    pub holder: Option<UserId>,
    pub holder_name: Option<String>,
    pub recorded_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct OverdueRow {
    complaint_id: Uuid,
    number: String,
    title: String,
    state: String,
    due_on: Date,
    unit_id: Uuid,
    holder_id: Option<Uuid>,
    holder_name: Option<String>,
    recorded_at: OffsetDateTime,
}

/// The states in which a case is with a unit and can be chased or become overdue, as SQL:
/// `('dispatched', 'in_progress', 'returned')` — the same text as the partial index
/// `complaints_due`, so both databases use it.
pub(crate) static OPEN: LazyLock<String> = LazyLock::new(|| {
    let states: Vec<String> = State::WITH_UNIT
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!("({})", states.join(", "))
});

/// What one chunk of a sweep did: how many cases it claimed and how many rows it wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub claimed: usize,
    pub written: u64,
}

/// `($first, $first+1, …)`: `n` values bound after `first - 1` others. For the few hundred
/// values of a sweep's chunk; SQLite's cost for numbered parameters grows with their square.
fn numbered(first: usize, n: usize) -> String {
    let marks: Vec<String> = (first..first + n).map(|i| format!("${i}")).collect();
    format!("({})", marks.join(", "))
}

const SLIP_COLUMNS: &str = "r.complaint_id, c.number, c.title, r.seq, r.kind, r.due_on, r.unit_id, \
    r.handler_name, r.state, r.progress, r.created_at";

impl Tx {
    /// Runs `sql` with `$1` bound to `at` and `$2`… to `ids` (see [`numbered`]); answers how
    /// many rows it changed.
    async fn execute_for(&mut self, sql: &str, at: OffsetDateTime, ids: &[Uuid]) -> Result<u64> {
        Ok(on!(self, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).bind(at);
            for id in ids {
                q = q.bind(id);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?)
    }

    /// Takes (or renews) the lease `name` for `holder` until `until`, unless another holder's
    /// lease is still running at `now`. Returns whether `holder` has it.
    pub async fn take_lease(
        &mut self,
        name: &str,
        holder: &str,
        now: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<bool> {
        let got: Option<String> = on!(self, c => sqlx::query_scalar(
            "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE leases.expires_at < $4 OR leases.holder = excluded.holder
             RETURNING holder",
        )
        .bind(name)
        .bind(holder)
        .bind(until)
        .bind(now)
        .fetch_optional(c)
        .await)?;
        Ok(got.is_some())
    }

    /// Gives up the lease `name` if `holder` has it.
    pub async fn release_lease(&mut self, name: &str, holder: &str) -> Result<()> {
        on!(self, c => sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// R10: writes one automatic slip for up to `limit` cases still with a unit whose due date
    /// is on or before `cutoff` and that have none for that due date yet, and queues a
    /// notification to the unit for each. Returns the cases claimed (fewer than `limit`: none
    /// are left) and the slips written.
    ///
    /// The cases are claimed first (their count and the due date chased are bumped, which
    /// locks them), then the slips are written for the claimed rows: a racing sweep waits for
    /// the claim, finds the rows no longer match, and claims nothing. The sweep takes a chunk
    /// per transaction so that it never holds SQLite's write lock for long.
    pub async fn write_due_reminders(
        &mut self,
        now: OffsetDateTime,
        cutoff: Date,
        limit: i64,
    ) -> Result<Swept> {
        let open = OPEN.as_str();
        let due = format!(
            "due_on <= $2 AND state IN {open} AND (reminded_for IS NULL OR reminded_for <> due_on)"
        );
        // The conditions are repeated outside the subquery so that PostgreSQL rechecks them
        // on a row another sweep has just claimed.
        let claim = format!(
            "UPDATE complaints SET reminder_count = reminder_count + 1, reminded_for = due_on,
                last_reminded_at = $1
             WHERE id IN (SELECT id FROM complaints WHERE {due} LIMIT $3) AND {due}
             RETURNING id"
        );
        let ids: Vec<Uuid> = on!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(claim.clone()))
            .bind(now)
            .bind(cutoff)
            .bind(limit)
            .fetch_all(c)
            .await)?;
        if ids.is_empty() {
            return Ok(Swept::default());
        }
        let list = numbered(2, ids.len());
        let write = format!(
            "INSERT INTO reminder_slips (complaint_id, seq, kind, due_on, unit_id, handler_name,
                state, progress, created_at)
             SELECT c.id, c.reminder_count, 'auto', c.due_on, cu.unit_id, c.holder_name, c.state,
                c.last_progress, $1
             FROM complaints c
             JOIN complaint_units cu ON cu.complaint_id = c.id AND cu.role = 'lead'
             WHERE c.id IN {list}
             ON CONFLICT DO NOTHING"
        );
        let written = self.execute_for(&write, now, &ids).await?;
        let notify = format!(
            "INSERT INTO notifications (kind, complaint_id, seq, unit_id, created_at)
             SELECT 'reminder', complaint_id, seq, unit_id, created_at FROM reminder_slips
             WHERE created_at = $1 AND kind = 'auto' AND complaint_id IN {list}
             ON CONFLICT DO NOTHING"
        );
        self.execute_for(&notify, now, &ids).await?;
        Ok(Swept {
            claimed: ids.len(),
            written,
        })
    }

    /// R10: a clerk chases one case by hand; returns the slip, or `None` when the case is not
    /// with a unit.
    pub async fn write_manual_reminder(
        &mut self,
        complaint: ComplaintId,
        by: UserId,
        now: OffsetDateTime,
    ) -> Result<Option<ReminderSlip>> {
        let open = OPEN.as_str();
        let claim = format!(
            "UPDATE complaints SET reminder_count = reminder_count + 1
             WHERE id = $1 AND due_on IS NOT NULL AND state IN {open}
             RETURNING reminder_count"
        );
        let seq: Option<i64> = on!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(claim.clone()))
            .bind(complaint.0)
            .fetch_optional(c)
            .await)?;
        let Some(seq) = seq else { return Ok(None) };
        on!(self, c => sqlx::query(
            "INSERT INTO reminder_slips (complaint_id, seq, kind, due_on, unit_id, handler_name,
                state, progress, created_at, created_by)
             SELECT c.id, $2, 'manual', c.due_on, cu.unit_id, c.holder_name, c.state,
                c.last_progress, $3, $4
             FROM complaints c
             JOIN complaint_units cu ON cu.complaint_id = c.id AND cu.role = 'lead'
             WHERE c.id = $1",
        )
        .bind(complaint.0)
        .bind(seq)
        .bind(now)
        .bind(by.0)
        .execute(c)
        .await
        .map(|_| ()))?;
        on!(self, c => sqlx::query(
            "INSERT INTO notifications (kind, complaint_id, seq, unit_id, created_at)
             SELECT 'reminder', complaint_id, seq, unit_id, created_at FROM reminder_slips
             WHERE complaint_id = $1 AND seq = $2",
        )
        .bind(complaint.0)
        .bind(seq)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(self
            .reminders(complaint)
            .await?
            .into_iter()
            .find(|s| s.seq == seq))
    }

    /// Every slip of one case, first first.
    pub async fn reminders(&mut self, complaint: ComplaintId) -> Result<Vec<ReminderSlip>> {
        let sql = format!(
            "SELECT {SLIP_COLUMNS} FROM reminder_slips r JOIN complaints c ON c.id = r.complaint_id
             WHERE r.complaint_id = $1 ORDER BY r.seq"
        );
        let rows: Vec<SlipRow> = on!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(complaint.0)
            .fetch_all(c)
            .await)?;
        Ok(rows.into_iter().map(ReminderSlip::from).collect())
    }

    /// The newest slips, optionally only one unit's.
    pub async fn recent_reminders(
        &mut self,
        unit: Option<UnitId>,
        limit: i64,
    ) -> Result<Vec<ReminderSlip>> {
        let sql = format!(
            "SELECT {SLIP_COLUMNS} FROM reminder_slips r JOIN complaints c ON c.id = r.complaint_id
             WHERE ($1 IS NULL OR r.unit_id = $1)
             ORDER BY r.created_at DESC, r.complaint_id, r.seq LIMIT $2"
        );
        let rows: Vec<SlipRow> = on!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
            .bind(unit.map(|u| u.0))
            .bind(limit)
            .fetch_all(c)
            .await)?;
        Ok(rows.into_iter().map(ReminderSlip::from).collect())
    }

    /// R30: records up to `limit` cases still with a unit whose due date is before `today`,
    /// with the unit and person holding them now, once per due date. Returns the cases claimed
    /// (fewer than `limit`: none are left) and how many became overdue.
    pub async fn record_overdue(
        &mut self,
        now: OffsetDateTime,
        today: Date,
        limit: i64,
    ) -> Result<Swept> {
        let open = OPEN.as_str();
        let late = format!(
            "due_on < $1 AND state IN {open} AND (overdue_for IS NULL OR overdue_for <> due_on)"
        );
        let claim = format!(
            "UPDATE complaints SET overdue_for = due_on
             WHERE id IN (SELECT id FROM complaints WHERE {late} LIMIT $2) AND {late}
             RETURNING id"
        );
        let ids: Vec<Uuid> = on!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(claim.clone()))
            .bind(today)
            .bind(limit)
            .fetch_all(c)
            .await)?;
        if ids.is_empty() {
            return Ok(Swept::default());
        }
        let list = numbered(2, ids.len());
        let record = format!(
            "INSERT INTO overdue_records (complaint_id, due_on, unit_id, holder_id, holder_name, recorded_at)
             SELECT c.id, c.due_on, cu.unit_id, c.holder_id, c.holder_name, $1
             FROM complaints c
             JOIN complaint_units cu ON cu.complaint_id = c.id AND cu.role = 'lead'
             WHERE c.id IN {list}
             ON CONFLICT DO NOTHING"
        );
        let written = self.execute_for(&record, now, &ids).await?;
        Ok(Swept {
            claimed: ids.len(),
            written,
        })
    }

    /// R30: overdue records, newest first, optionally one unit's.
    pub async fn overdue_records(
        &mut self,
        unit: Option<UnitId>,
        limit: i64,
    ) -> Result<Vec<OverdueRecord>> {
        let rows: Vec<OverdueRow> = on!(self, c => sqlx::query_as(
            "SELECT o.complaint_id, c.number, c.title, c.state, o.due_on, o.unit_id, o.holder_id,
                o.holder_name, o.recorded_at
             FROM overdue_records o JOIN complaints c ON c.id = o.complaint_id
             WHERE ($1 IS NULL OR o.unit_id = $1)
             ORDER BY o.recorded_at DESC, o.complaint_id LIMIT $2",
        )
        .bind(unit.map(|u| u.0))
        .bind(limit)
        .fetch_all(c)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|r| OverdueRecord {
                complaint: ComplaintId(r.complaint_id),
                number: r.number,
                title: r.title,
                state: r.state,
                due_on: r.due_on,
                unit: UnitId(r.unit_id),
                holder: r.holder_id.map(UserId),
                holder_name: r.holder_name,
                recorded_at: r.recorded_at,
            })
            .collect())
    }

    /// R30: how many overdue records each unit and each holder has.
    pub async fn overdue_counts(
        &mut self,
    ) -> Result<(Vec<(UnitId, i64)>, Vec<(Option<String>, i64)>)> {
        let by_unit: Vec<(Uuid, i64)> = on!(self, c => sqlx::query_as(
            "SELECT unit_id, COUNT(*) FROM overdue_records GROUP BY unit_id ORDER BY COUNT(*) DESC, unit_id",
        )
        .fetch_all(c)
        .await)?;
        let by_holder: Vec<(Option<String>, i64)> = on!(self, c => sqlx::query_as(
            "SELECT holder_name, COUNT(*) FROM overdue_records GROUP BY holder_name
             ORDER BY COUNT(*) DESC, holder_name",
        )
        .fetch_all(c)
        .await)?;
        Ok((
            by_unit.into_iter().map(|(u, n)| (UnitId(u), n)).collect(),
            by_holder,
        ))
    }

    /// Notifications not yet delivered to `unit`.
    pub async fn pending_notifications(&mut self, unit: UnitId) -> Result<i64> {
        Ok(on!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE unit_id = $1 AND delivered_at IS NULL",
        )
        .bind(unit.0)
        .fetch_one(c)
        .await)?)
    }
}

impl Tx {
    /// For `/metrics`: messages not sent yet (`outbox_messages`), units' notifications not
    /// delivered yet, and cases with a unit past their due day.
    pub async fn operations_gauges(&mut self, today: Date) -> Result<(i64, i64, i64)> {
        let messages: i64 = on!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL",
        )
        .fetch_one(c)
        .await)?;
        let notifications: i64 = on!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE delivered_at IS NULL",
        )
        .fetch_one(c)
        .await)?;
        let sql = format!(
            "SELECT COUNT(*) FROM complaints WHERE due_on < $1 AND state IN {}",
            OPEN.as_str()
        );
        let overdue: i64 = on!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()))
            .bind(today)
            .fetch_one(c)
            .await)?;
        Ok((messages, notifications, overdue))
    }
}

#[cfg(test)]
mod tests {
    /// The sweeps' state list is the text of the partial index, so the databases use it.
    #[test]
    fn r10_the_sweep_state_list_matches_the_partial_index() {
        for migration in [
            include_str!("../migrations/sqlite/0002_calendar.sql"),
            include_str!("../migrations/postgres/0002_calendar.sql"),
            include_str!("../migrations/sqlite/0016_open_cases.sql"),
            include_str!("../migrations/postgres/0016_open_cases.sql"),
        ] {
            assert!(migration.contains(&format!("WHERE state IN {}", super::OPEN.as_str())));
        }
    }
}
