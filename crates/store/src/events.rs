//! The append-only history of each complaint.

use crate::audit::ChainedEvent;
use crate::script::Script;
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

/// An event to append: step `seq` of `complaint`, taken by `actor` at `at`.
pub struct PendingEvent<'a> {
    pub id: EventId,
    pub complaint: ComplaintId,
    pub seq: i64,
    pub actor: &'a Actor,
    pub at: OffsetDateTime,
    pub event: &'a NewEvent,
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
        self.append_events(&[PendingEvent {
            id,
            complaint,
            seq,
            actor,
            at,
            event,
        }])
        .await
    }

    /// Appends several events in order, each linked to the one before it in the audit chain,
    /// reading and moving the chain's head once for them all.
    pub async fn append_events(&mut self, events: &[PendingEvent<'_>]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let head = self.lock_chain_head().await?;
        let mut script = self.script(events.len());
        self.chain_events(&mut script, head, events)?;
        self.run(script).await
    }

    /// Adds to `script` the statements that append `events` in order to the audit chain, whose
    /// last link is `head` (held by this transaction), and move the head on.
    pub(crate) fn chain_events(
        &self,
        script: &mut Script,
        head: (i64, String),
        events: &[PendingEvent<'_>],
    ) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        // The tamper-evident chain: each event links to the last one written.
        let (mut chain_seq, mut last_hash) = head;
        let mut rows = Vec::with_capacity(events.len());
        for e in events {
            let detail = serde_json::to_value(&e.event.detail)
                .map_err(|err| StoreError::Corrupt(format!("event detail: {err}")))?;
            let chained = ChainedEvent {
                id: e.id.0,
                complaint: e.complaint.0,
                seq: e.seq,
                at: e.at,
                actor_id: e.actor.id.0,
                actor_name: e.actor.name.clone(),
                action: e.event.action.as_str().to_owned(),
                from_state: e.event.from.map(|s| s.as_str().to_owned()),
                to_state: e.event.to.as_str().to_owned(),
                reason: e.event.reason.clone(),
                detail,
            };
            chain_seq += 1;
            let hash = chained.hash(&last_hash);
            rows.push((
                chained,
                chain_seq,
                std::mem::replace(&mut last_hash, hash.clone()),
                hash,
            ));
        }
        // Many rows per statement (14 values each, well within both backends' limits).
        for chunk in rows.chunks(500) {
            let sql = format!(
                "INSERT INTO complaint_events (id, complaint_id, seq, at, actor_id, actor_name, action,
                    from_state, to_state, reason, detail, chain_seq, prev_hash, hash)
                 VALUES {}",
                self.values_list(chunk.len(), 14)
            );
            script.statement(&sql);
            for (e, chain_seq, prev, hash) in chunk {
                script
                    .bind(e.id)
                    .bind(e.complaint)
                    .bind(e.seq)
                    .bind(e.at)
                    .bind(e.actor_id)
                    .bind(&e.actor_name)
                    .bind(&e.action)
                    .bind(&e.from_state)
                    .bind(&e.to_state)
                    .bind(&e.reason)
                    .bind(Json(&e.detail))
                    .bind(*chain_seq)
                    .bind(prev)
                    .bind(hash);
            }
        }
        let sql = format!(
            "UPDATE audit_head SET (last_seq, last_hash) = {} WHERE id = 1",
            self.values_list(1, 2)
        );
        script.statement(&sql).bind(chain_seq).bind(last_hash);
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
