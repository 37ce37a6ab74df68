//! The append-only history of each complaint.

use crate::audit::ChainedEvent;
use crate::{Result, StoreError, Tx, on};
use huixiang_domain::{Actor, ComplaintId, EventId, NewEvent, UserId};
use sqlx::types::Json;
use time::OffsetDateTime;
use uuid::Uuid;

/// One stored step of a complaint's history.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRecord {
    pub id: EventId,
    pub complaint: ComplaintId,
    /// 1 for the registration, then one more per step: the complaint version it produced.
    pub seq: i64,
    pub at: OffsetDateTime,
    pub actor: UserId,
    pub actor_name: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: Option<String>,
    pub detail: serde_json::Value,
}

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub(crate) id: Uuid,
    pub(crate) complaint_id: Uuid,
    pub(crate) seq: i64,
    pub(crate) at: OffsetDateTime,
    pub(crate) actor_id: Uuid,
    pub(crate) actor_name: String,
    pub(crate) action: String,
    pub(crate) from_state: Option<String>,
    pub(crate) to_state: String,
    pub(crate) reason: Option<String>,
    pub(crate) detail: Json<serde_json::Value>,
}

impl Tx {
    /// Appends `event` as step `seq` of complaint `complaint`.
    pub async fn append_event(
        &mut self,
        id: EventId,
        complaint: ComplaintId,
        seq: i64,
        actor: &Actor,
        at: OffsetDateTime,
        event: &NewEvent,
    ) -> Result<()> {
        let detail = serde_json::to_value(&event.detail)
            .map_err(|e| StoreError::Corrupt(format!("event detail: {e}")))?;
        let chained = ChainedEvent {
            id: id.0,
            complaint: complaint.0,
            seq,
            at,
            actor_id: actor.id.0,
            actor_name: actor.name.clone(),
            action: event.action.as_str().to_owned(),
            from_state: event.from.map(|s| s.as_str().to_owned()),
            to_state: event.to.as_str().to_owned(),
            reason: event.reason.clone(),
            detail,
        };
        // The tamper-evident chain: this event links to the last one written.
        let (last_seq, last_hash) = self.lock_chain_head().await?;
        let chain_seq = last_seq + 1;
        let hash = chained.hash(&last_hash);
        on!(self, c => sqlx::query(
            "INSERT INTO complaint_events (id, complaint_id, seq, at, actor_id, actor_name, action,
                from_state, to_state, reason, detail, chain_seq, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(id.0)
        .bind(complaint.0)
        .bind(seq)
        .bind(at)
        .bind(actor.id.0)
        .bind(&actor.name)
        .bind(&chained.action)
        .bind(&chained.from_state)
        .bind(&chained.to_state)
        .bind(&chained.reason)
        .bind(Json(&chained.detail))
        .bind(chain_seq)
        .bind(&last_hash)
        .bind(&hash)
        .execute(c)
        .await
        .map(|_| ()))?;
        self.set_chain_head(chain_seq, &hash).await?;
        Ok(())
    }

    /// The whole history of a complaint, oldest first.
    pub async fn events(&mut self, complaint: ComplaintId) -> Result<Vec<EventRecord>> {
        let rows: Vec<EventRow> = on!(self, c => sqlx::query_as(
            "SELECT id, complaint_id, seq, at, actor_id, actor_name, action, from_state, to_state,
                reason, detail
             FROM complaint_events WHERE complaint_id = $1 ORDER BY seq",
        )
        .bind(complaint.0)
        .fetch_all(c)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|r| EventRecord {
                id: EventId(r.id),
                complaint: ComplaintId(r.complaint_id),
                seq: r.seq,
                at: r.at,
                actor: UserId(r.actor_id),
                actor_name: r.actor_name,
                action: r.action,
                from_state: r.from_state,
                to_state: r.to_state,
                reason: r.reason,
                detail: r.detail.0,
            })
            .collect())
    }
}
