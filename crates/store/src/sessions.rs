//! Staff web sessions. Only a hash of the session id is stored; any instance can read them.

use crate::users::UserRow;
use crate::{Result, Tx, UserRecord, on};
use huixiang_domain::UserId;
use time::OffsetDateTime;

/// A live session and the account behind it.
#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub user: UserRecord,
    pub csrf_token: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    user: UserRow,
    csrf_token: String,
    created_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
}

impl Tx {
    pub async fn insert_session(
        &mut self,
        id_hash: &str,
        user: UserId,
        csrf_token: &str,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO web_sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(id_hash)
        .bind(user.0)
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The unexpired session with this hash, if its account is still active.
    pub async fn session(
        &mut self,
        id_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<SessionRecord>> {
        let row: Option<SessionRow> = on!(self, c => sqlx::query_as(
            "SELECT users.id, users.username, users.display_name, users.role, users.unit_id,
                    users.password_hash, users.active,
                    web_sessions.csrf_token, web_sessions.created_at, web_sessions.last_seen_at
             FROM web_sessions JOIN users ON users.id = web_sessions.user_id
             WHERE web_sessions.id_hash = $1 AND web_sessions.expires_at > $2 AND users.active",
        )
            .bind(id_hash)
            .bind(now)
            .fetch_optional(c)
            .await)?;
        row.map(|r| {
            Ok(SessionRecord {
                user: r.user.into_record()?,
                csrf_token: r.csrf_token,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
            })
        })
        .transpose()
    }

    /// Records activity: the session lives on until `expires_at`.
    pub async fn touch_session(
        &mut self,
        id_hash: &str,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "UPDATE web_sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1",
        )
        .bind(id_hash)
        .bind(now)
        .bind(expires_at)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    pub async fn delete_session(&mut self, id_hash: &str) -> Result<()> {
        on!(self, c => sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Forgets sessions that expired before `now`; returns how many.
    pub async fn delete_expired_sessions(&mut self, now: OffsetDateTime) -> Result<u64> {
        let n = on!(self, c => sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(n)
    }
}
