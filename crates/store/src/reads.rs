//! R7: the record of every read of an accusation case.

use crate::{Result, Tx, on};
use huixiang_domain::{Actor, ComplaintId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// One read: who, when, which view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRead {
    pub user: UserId,
    pub user_name: String,
    pub view: String,
    pub at: OffsetDateTime,
}

impl Tx {
    pub async fn record_read(
        &mut self,
        complaint: ComplaintId,
        actor: &Actor,
        view: &str,
        at: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO case_reads (complaint_id, user_id, user_name, view, at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(complaint.0)
        .bind(actor.id.0)
        .bind(&actor.name)
        .bind(view)
        .bind(at)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The reads of a case, newest first, at most `limit`.
    pub async fn case_reads(
        &mut self,
        complaint: ComplaintId,
        limit: i64,
    ) -> Result<Vec<CaseRead>> {
        let rows: Vec<(Uuid, String, String, OffsetDateTime)> = on!(self, c => sqlx::query_as(
            "SELECT user_id, user_name, view, at FROM case_reads WHERE complaint_id = $1
             ORDER BY at DESC LIMIT $2",
        )
        .bind(complaint.0)
        .bind(limit)
        .fetch_all(c)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(user, user_name, view, at)| CaseRead {
                user: UserId(user),
                user_name,
                view,
                at,
            })
            .collect())
    }
}

impl Tx {
    /// R7, R17: the accusation cases `shield` keeps from its actor (few: only accusations
    /// naming the actor or a unit above them, not yet approved).
    pub async fn shielded_cases(
        &mut self,
        shield: &huixiang_domain::access::Shield,
    ) -> Result<Vec<ComplaintId>> {
        let marks: Vec<String> = (0..shield.units.len())
            .map(|i| format!("${}", i + 2))
            .collect();
        let unit_clause = if marks.is_empty() {
            String::new()
        } else {
            format!(
                " OR (accused_unit_id IN ({}) AND NOT disclosure_approved AND registered_by <> $1)",
                marks.join(", ")
            )
        };
        let sql = format!("SELECT id FROM complaints WHERE accused_user_id = $1{unit_clause}");
        let ids: Vec<Uuid> = on!(self, c => {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(shield.user.0);
            for unit in &shield.units {
                q = q.bind(unit.0);
            }
            q.fetch_all(c).await
        })?;
        Ok(ids.into_iter().map(ComplaintId).collect())
    }
}
