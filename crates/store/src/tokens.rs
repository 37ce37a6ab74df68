//! Bearer tokens for the API. Only a hash of each token is stored.

use crate::users::UserRow;
use crate::{Result, Tx, on};
use huixiang_domain::UserId;
use time::OffsetDateTime;

impl Tx {
    pub async fn insert_token(
        &mut self,
        token_hash: &str,
        user: UserId,
        now: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user.0)
        .bind(now)
        .bind(expires_at)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The active account that holds an unexpired token with this hash.
    pub async fn user_by_token(
        &mut self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<crate::UserRecord>> {
        let row: Option<UserRow> = on!(self, c => sqlx::query_as(
            "SELECT users.id, users.username, users.display_name, users.role, users.unit_id,
                    users.password_hash, users.active
             FROM api_tokens JOIN users ON users.id = api_tokens.user_id
             WHERE api_tokens.token_hash = $1 AND api_tokens.expires_at > $2 AND users.active",
        )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(c)
            .await)?;
        row.map(UserRow::into_record).transpose()
    }

    pub async fn delete_token(&mut self, token_hash: &str) -> Result<()> {
        on!(self, c => sqlx::query("DELETE FROM api_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
