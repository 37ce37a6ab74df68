//! Logging in with a password and authenticating with a bearer token.

use crate::throttle::minutes_until;
use crate::{Result, Service, ServiceError};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use huixiang_domain::{Actor, FieldProblem, Rejection};
use huixiang_store::UserRecord;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use time::OffsetDateTime;

/// What a person types to log in.
#[derive(Clone, Debug, Default)]
pub struct LoginInput {
    pub username: Option<String>,
    pub password: Option<String>,
    /// The client's network address, for the per-address limit on failed logins.
    pub address: Option<String>,
}

/// A successful login: the token is shown once and only its hash is stored.
#[derive(Clone, Debug)]
pub struct Session {
    pub token: String,
    pub expires_at: OffsetDateTime,
    pub actor: Actor,
}

/// Verified against when the username is unknown, so that both answers take as long.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hash_blocking("huixiang-dummy-password").ok());

pub(crate) fn hash_blocking(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Internal(format!("password hashing failed: {e}")))
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Hashes off the async threads: Argon2id takes tens of milliseconds by design.
pub(crate) async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing task failed: {e}")))?
}

pub(crate) fn token_hash(token: &str) -> String {
    sha256_hex(&[token.as_bytes()])
}

/// SHA-256 of the parts one after the other, as lowercase hex.
pub(crate) fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn new_token() -> String {
    // Two version-4 UUIDs: 244 random bits from the operating system's generator.
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

impl Service {
    /// The active account whose password this is; every failure answers `bad_credentials`.
    pub(crate) async fn verify_credentials(&self, input: LoginInput) -> Result<UserRecord> {
        let missing = |field| Rejection::InvalidField {
            field,
            problem: FieldProblem::Missing,
        };
        let username = input
            .username
            .filter(|u| !u.trim().is_empty())
            .ok_or(missing("username"))?;
        let password = input
            .password
            .filter(|p| !p.is_empty())
            .ok_or(missing("password"))?;
        // Nothing a real account could match: too long, or control characters (which
        // PostgreSQL text cannot even hold).
        if username.len() > 100 || password.len() > 1000 || username.chars().any(char::is_control) {
            return Err(Rejection::BadCredentials.into());
        }
        let limits = self.settings.login_limits;
        let keys = limits.keys(&username, input.address.as_deref());
        let now = self.clock.now();
        let mut tx = self.db.read().await?;
        // A locked account or address is refused before any password is checked.
        let mut account_failures = false;
        for key in &keys {
            if let Some(state) = tx.throttle(&key.name).await? {
                if let Some(until) = state.locked_until.filter(|until| *until > now) {
                    let minutes = minutes_until(until, now);
                    return Err(Rejection::TooManyAttempts { minutes }.into());
                }
                account_failures |= key.name.starts_with("account:");
            }
        }
        let user = tx.user_by_username(username.trim()).await?;
        drop(tx);
        let stored = user
            .as_ref()
            .filter(|u| u.active)
            .map(|u| u.password_hash.clone());
        let verified = tokio::task::spawn_blocking(move || match stored {
            Some(hash) => verify_blocking(&password, &hash),
            None => {
                if let Some(dummy) = DUMMY_HASH.as_deref() {
                    verify_blocking(&password, dummy);
                }
                false
            }
        })
        .await
        .map_err(|e| ServiceError::Internal(format!("verification task failed: {e}")))?;
        match user {
            Some(user) if verified => {
                if account_failures {
                    let mut tx = self.db.write().await?;
                    tx.clear_throttle(&keys[0].name).await?;
                    tx.commit().await?;
                }
                Ok(user)
            }
            _ => {
                let mut tx = self.db.write().await?;
                for key in &keys {
                    let state = tx.throttle_for_update(&key.name, now).await?;
                    let next = limits.after_failure(&state, key.limit, now);
                    tx.put_throttle(&key.name, &next).await?;
                }
                tx.commit().await?;
                Err(Rejection::BadCredentials.into())
            }
        }
    }

    /// Checks a username and password and issues a bearer token.
    pub async fn login(&self, input: LoginInput) -> Result<Session> {
        let user = self.verify_credentials(input).await?;
        let now = self.clock.now();
        let expires_at = now + self.settings.token_lifetime;
        let token = new_token();
        let mut tx = self.db.write().await?;
        tx.insert_token(&token_hash(&token), user.id, now, expires_at)
            .await?;
        tx.commit().await?;
        Ok(Session {
            token,
            expires_at,
            actor: user.actor(),
        })
    }

    /// The actor holding `token`, if it is valid and unexpired.
    pub async fn authenticate(&self, token: &str) -> Result<Actor> {
        if token.is_empty() || token.len() > 200 {
            return Err(Rejection::Unauthenticated.into());
        }
        let mut tx = self.db.read().await?;
        let user = tx
            .user_by_token(&token_hash(token), self.clock.now())
            .await?;
        user.map(|u| u.actor())
            .ok_or(Rejection::Unauthenticated.into())
    }

    /// Ends the session of `token`.
    pub async fn logout(&self, token: &str) -> Result<()> {
        let mut tx = self.db.write().await?;
        tx.delete_token(&token_hash(token)).await?;
        tx.commit().await?;
        Ok(())
    }
}
