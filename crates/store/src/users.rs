//! Staff accounts.

use crate::{Result, Tx, decode, on, unique};
use huixiang_domain::{Actor, Role, UnitId, UserId};
use time::OffsetDateTime;
use uuid::Uuid;

/// A staff account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: UnitId,
    pub password_hash: String,
    pub active: bool,
}

impl UserRecord {
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            name: self.display_name.clone(),
            role: self.role,
            unit: self.unit,
        }
    }
}

/// A new account, already validated and with its password hashed.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit: UnitId,
    pub password_hash: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: Uuid,
    username: String,
    display_name: String,
    role: String,
    unit_id: Uuid,
    password_hash: String,
    active: bool,
}

impl UserRow {
    pub(crate) fn into_record(self) -> Result<UserRecord> {
        Ok(UserRecord {
            id: UserId(self.id),
            username: self.username,
            display_name: self.display_name,
            role: decode("users.role", &self.role, Role::parse)?,
            unit: UnitId(self.unit_id),
            password_hash: self.password_hash,
            active: self.active,
        })
    }
}

impl Tx {
    /// Adds an account; a taken username is [`crate::StoreError::Unique`].
    pub async fn insert_user(&mut self, user: &NewUser, now: OffsetDateTime) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO users (id, username, display_name, role, unit_id, password_hash, active, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7)",
        )
        .bind(user.id.0)
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(user.role.as_str())
        .bind(user.unit.0)
        .bind(&user.password_hash)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ())
        .map_err(unique))
    }

    /// A system account nobody signs in with (inactive, no usable password), created on first
    /// use; several instances creating it at once end with the one account.
    pub async fn ensure_system_user(
        &mut self,
        user: &NewUser,
        now: OffsetDateTime,
    ) -> Result<UserRecord> {
        on!(self, c => sqlx::query(
            "INSERT INTO users (id, username, display_name, role, unit_id, password_hash, active, created_at)
             VALUES ($1, $2, $3, $4, $5, '!', FALSE, $6) ON CONFLICT (username) DO NOTHING",
        )
        .bind(user.id.0)
        .bind(&user.username)
        .bind(&user.display_name)
        .bind(user.role.as_str())
        .bind(user.unit.0)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
        self.user_by_username(&user.username).await?.ok_or_else(|| {
            crate::StoreError::Corrupt(format!("users.username = {:?}", user.username))
        })
    }

    pub async fn user_by_username(&mut self, username: &str) -> Result<Option<UserRecord>> {
        let row: Option<UserRow> = on!(self, c => sqlx::query_as(
            "SELECT id, username, display_name, role, unit_id, password_hash, active
             FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(c)
        .await)?;
        row.map(UserRow::into_record).transpose()
    }

    pub async fn user_list(&mut self) -> Result<Vec<UserRecord>> {
        let rows: Vec<UserRow> = on!(self, c => sqlx::query_as(
            "SELECT id, username, display_name, role, unit_id, password_hash, active
             FROM users ORDER BY username",
        )
        .fetch_all(c)
        .await)?;
        rows.into_iter().map(UserRow::into_record).collect()
    }

    /// Changes an account; a new password hash, when given, replaces the old one. Returns
    /// whether the account exists.
    pub async fn update_user(
        &mut self,
        id: UserId,
        display_name: &str,
        role: Role,
        unit: UnitId,
        active: bool,
        password_hash: Option<&str>,
    ) -> Result<bool> {
        let n = on!(self, c => sqlx::query(
            "UPDATE users SET display_name = $2, role = $3, unit_id = $4, active = $5,
                    password_hash = COALESCE($6, password_hash)
             WHERE id = $1",
        )
        .bind(id.0)
        .bind(display_name)
        .bind(role.as_str())
        .bind(unit.0)
        .bind(active)
        .bind(password_hash)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Ends every web session and API token of an account (its password changed).
    pub async fn end_sessions_of(&mut self, id: UserId) -> Result<()> {
        on!(self, c => sqlx::query("DELETE FROM web_sessions WHERE user_id = $1")
            .bind(id.0)
            .execute(c)
            .await
            .map(|_| ()))?;
        on!(self, c => sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
            .bind(id.0)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn user_count(&mut self) -> Result<i64> {
        Ok(on!(self, c => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(c).await)?)
    }
}
