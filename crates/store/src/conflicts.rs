//! R32: the conflicts each member of staff declared.

use crate::{Result, Tx, decode, on};
use huixiang_domain::UserId;
use huixiang_domain::recusal::{Conflict, ConflictKind};
use time::OffsetDateTime;

/// A declared conflict and when it was declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredConflict {
    pub conflict: Conflict,
    pub declared_at: OffsetDateTime,
}

impl Tx {
    pub async fn conflicts_of(&mut self, user: UserId) -> Result<Vec<DeclaredConflict>> {
        let rows: Vec<(String, String, Option<String>, OffsetDateTime)> = on!(self, c => sqlx::query_as(
            "SELECT kind, value, note, created_at FROM staff_conflicts WHERE user_id = $1
             ORDER BY created_at, kind, value",
        )
        .bind(user.0)
        .fetch_all(c)
        .await)?;
        rows.into_iter()
            .map(|(kind, value, note, declared_at)| {
                Ok(DeclaredConflict {
                    conflict: Conflict {
                        kind: decode("staff_conflicts.kind", &kind, ConflictKind::parse)?,
                        value,
                        note,
                    },
                    declared_at,
                })
            })
            .collect()
    }

    /// Records a declaration; declaring the same thing twice keeps the first.
    pub async fn declare_conflict(
        &mut self,
        user: UserId,
        conflict: &Conflict,
        now: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO staff_conflicts (user_id, kind, value, note, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, kind, value) DO NOTHING",
        )
        .bind(user.0)
        .bind(conflict.kind.as_str())
        .bind(&conflict.value)
        .bind(&conflict.note)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Withdraws a declaration (not a recusal from a case, which stands).
    pub async fn withdraw_conflict(
        &mut self,
        user: UserId,
        kind: ConflictKind,
        value: &str,
    ) -> Result<bool> {
        let n = on!(self, c => sqlx::query(
            "DELETE FROM staff_conflicts WHERE user_id = $1 AND kind = $2 AND value = $3 AND kind <> 'case'",
        )
        .bind(user.0)
        .bind(kind.as_str())
        .bind(value)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }
}
