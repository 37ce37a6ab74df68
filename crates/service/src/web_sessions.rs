//! Staff web sessions: opened by a password login, kept in the database (any app instance can
//! serve any request), ended by logout, by idle time or by their absolute lifetime.

use crate::auth::{new_token, token_hash};
use crate::{LoginInput, Result, Service};
use huixiang_domain::{Actor, Rejection};
use time::{Duration, OffsetDateTime};

/// A session just opened. The id goes into a cookie and is never stored in plain text.
#[derive(Clone, Debug)]
pub struct WebSession {
    pub id: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// The member of staff behind a live session, and the session's CSRF token.
#[derive(Clone, Debug)]
pub struct SessionUser {
    pub actor: Actor,
    pub csrf_token: String,
}

/// Activity is written back at most this often, so a page view is not always a write.
const TOUCH_EVERY: Duration = Duration::minutes(1);

impl Service {
    /// Logs in and opens a new session. A session the browser already had is ended first, so a
    /// login always gets a fresh id (no session fixation).
    pub async fn open_session(
        &self,
        input: LoginInput,
        replacing: Option<&str>,
    ) -> Result<WebSession> {
        let user = self.verify_credentials(input).await?;
        let now = self.clock.now();
        let id = new_token();
        let csrf_token = new_token();
        let mut tx = self.db.write().await?;
        if let Some(old) = replacing {
            tx.delete_session(&token_hash(old)).await?;
        }
        tx.delete_expired_sessions(now).await?;
        tx.insert_session(
            &token_hash(&id),
            user.id,
            &csrf_token,
            now,
            self.session_expiry(now, now),
        )
        .await?;
        tx.commit().await?;
        Ok(WebSession {
            id,
            csrf_token,
            actor: user.actor(),
        })
    }

    /// The member of staff behind session `id`; `unauthenticated` once it ended or expired.
    pub async fn session_user(&self, id: &str) -> Result<SessionUser> {
        if id.is_empty() || id.len() > 200 {
            return Err(Rejection::Unauthenticated.into());
        }
        let now = self.clock.now();
        let hash = token_hash(id);
        let mut tx = self.db.read().await?;
        let session = tx
            .session(&hash, now)
            .await?
            .ok_or(Rejection::Unauthenticated)?;
        drop(tx);
        if now - session.last_seen_at >= TOUCH_EVERY {
            let mut tx = self.db.write().await?;
            tx.touch_session(&hash, now, self.session_expiry(session.created_at, now))
                .await?;
            tx.commit().await?;
        }
        Ok(SessionUser {
            actor: session.user.actor(),
            csrf_token: session.csrf_token,
        })
    }

    /// Ends session `id` (logout). Ending an unknown session is not an error.
    pub async fn close_session(&self, id: &str) -> Result<()> {
        let mut tx = self.db.write().await?;
        tx.delete_session(&token_hash(id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Idle expiry from the last activity, capped by the absolute lifetime from login.
    fn session_expiry(&self, created_at: OffsetDateTime, now: OffsetDateTime) -> OffsetDateTime {
        let idle = now + self.settings.session_idle;
        let absolute = created_at + self.settings.token_lifetime;
        idle.min(absolute)
    }
}
