//! Records kept beside the cases: incidents with visitors (R26), linked to complaints, and
//! major-issue notices about a complaint with their read receipts (R27). Both are written once
//! and never changed; a read receipt is written once per reader.

use crate::{Result, Tx, on};
use huixiang_domain::incident::Incident;
use huixiang_domain::notice::Notice;
use huixiang_domain::{ComplaintId, UserId};
use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

/// A stored notice: its id, its complaint, and the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredNotice {
    pub id: Uuid,
    pub complaint: ComplaintId,
    pub notice: Notice,
}

/// One read receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeRead {
    pub user: UserId,
    pub name: String,
    pub read_at: OffsetDateTime,
}

impl Tx {
    /// R26: keeps an incident and its links to complaints.
    pub async fn insert_incident(&mut self, id: Uuid, incident: &Incident) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO incidents (id, occurred_at, recorded_by, recorded_at, record)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(incident.occurred_at)
        .bind(incident.recorded.by.0)
        .bind(incident.recorded.at)
        .bind(Json(incident))
        .execute(c)
        .await
        .map(|_| ()))?;
        for case in &incident.cases {
            on!(self, c => sqlx::query(
                "INSERT INTO incident_cases (incident_id, complaint_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(case.id.0)
            .execute(c)
            .await
            .map(|_| ()))?;
        }
        Ok(())
    }

    /// R26: incidents, latest first, a page at a time, with how many there are in all.
    pub async fn incidents(
        &mut self,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<(Uuid, Incident)>, i64)> {
        let rows: Vec<(Uuid, Json<Incident>)> = on!(self, c => sqlx::query_as(
            "SELECT id, record FROM incidents ORDER BY occurred_at DESC, id DESC
             LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(c)
        .await)?;
        let total: i64 = on!(self, c => sqlx::query_scalar("SELECT COUNT(*) FROM incidents")
            .fetch_one(c)
            .await)?;
        Ok((rows.into_iter().map(|(id, j)| (id, j.0)).collect(), total))
    }

    /// R26: one incident.
    pub async fn incident(&mut self, id: Uuid) -> Result<Option<Incident>> {
        let row: Option<Json<Incident>> = on!(self, c => sqlx::query_scalar(
            "SELECT record FROM incidents WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await)?;
        Ok(row.map(|j| j.0))
    }

    /// R26: the incidents linked to a complaint, latest first.
    pub async fn incidents_of(&mut self, complaint: ComplaintId) -> Result<Vec<(Uuid, Incident)>> {
        let rows: Vec<(Uuid, Json<Incident>)> = on!(self, c => sqlx::query_as(
            "SELECT i.id, i.record FROM incidents i
             JOIN incident_cases ic ON ic.incident_id = i.id
             WHERE ic.complaint_id = $1 ORDER BY i.occurred_at DESC, i.id DESC",
        )
        .bind(complaint.0)
        .fetch_all(c)
        .await)?;
        Ok(rows.into_iter().map(|(id, j)| (id, j.0)).collect())
    }

    /// R27: keeps a notice about a complaint.
    pub async fn insert_notice(
        &mut self,
        id: Uuid,
        complaint: ComplaintId,
        notice: &Notice,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO notices (id, complaint_id, level, raised_by, raised_at, record)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(complaint.0)
        .bind(notice.level.as_str())
        .bind(notice.raised.by.0)
        .bind(notice.raised.at)
        .bind(Json(notice))
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// R27: the newest notices (at most `limit`), or those about one complaint.
    pub async fn notices(
        &mut self,
        complaint: Option<ComplaintId>,
        limit: i64,
    ) -> Result<Vec<StoredNotice>> {
        let rows: Vec<(Uuid, Uuid, Json<Notice>)> = on!(self, c => sqlx::query_as(
            "SELECT id, complaint_id, record FROM notices
             WHERE ($1 IS NULL OR complaint_id = $1)
             ORDER BY raised_at DESC, id DESC LIMIT $2",
        )
        .bind(complaint.map(|c| c.0))
        .bind(limit)
        .fetch_all(c)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, complaint, j)| StoredNotice {
                id,
                complaint: ComplaintId(complaint),
                notice: j.0,
            })
            .collect())
    }

    /// R27: one notice.
    pub async fn notice(&mut self, id: Uuid) -> Result<Option<StoredNotice>> {
        let row: Option<(Uuid, Uuid, Json<Notice>)> = on!(self, c => sqlx::query_as(
            "SELECT id, complaint_id, record FROM notices WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await)?;
        Ok(row.map(|(id, complaint, j)| StoredNotice {
            id,
            complaint: ComplaintId(complaint),
            notice: j.0,
        }))
    }

    /// R27: records that `user` read the notice (the first time only).
    pub async fn mark_notice_read(
        &mut self,
        notice: Uuid,
        user: UserId,
        now: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO notice_reads (notice_id, user_id, read_at) VALUES ($1, $2, $3)
             ON CONFLICT (notice_id, user_id) DO NOTHING",
        )
        .bind(notice)
        .bind(user.0)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// R27: who has read a notice, first reader first.
    pub async fn notice_reads(&mut self, notice: Uuid) -> Result<Vec<NoticeRead>> {
        let rows: Vec<(Uuid, String, OffsetDateTime)> = on!(self, c => sqlx::query_as(
            "SELECT r.user_id, u.display_name, r.read_at FROM notice_reads r
             JOIN users u ON u.id = r.user_id WHERE r.notice_id = $1 ORDER BY r.read_at, u.display_name",
        )
        .bind(notice)
        .fetch_all(c)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(user, name, read_at)| NoticeRead {
                user: UserId(user),
                name,
                read_at,
            })
            .collect())
    }

    /// R27: the notices `user` has read, and when.
    pub async fn notices_read_by(&mut self, user: UserId) -> Result<Vec<(Uuid, OffsetDateTime)>> {
        Ok(on!(self, c => sqlx::query_as(
            "SELECT notice_id, read_at FROM notice_reads WHERE user_id = $1",
        )
        .bind(user.0)
        .fetch_all(c)
        .await)?)
    }
}
