//! Attachments (bytes kept in the database), the online channel's query-code hashes and
//! ratings (R2), and the outbox of messages to citizens (R16).

use crate::{Result, Tx, decode, on, unique};
use huixiang_domain::{
    AttachmentId, AttachmentMeta, ComplaintId, ComplaintNumber, FileType, Rating, Satisfaction,
    UserId,
};
use time::OffsetDateTime;
use uuid::Uuid;

type MetaRow = (Uuid, String, String, i64, String, Uuid, OffsetDateTime);

fn meta((id, name, file_type, size, sha256, by, at): MetaRow) -> Result<AttachmentMeta> {
    Ok(AttachmentMeta {
        id: AttachmentId(id),
        name,
        file_type: decode("attachments.file_type", &file_type, FileType::parse)?,
        size,
        sha256,
        uploaded_by: UserId(by),
        uploaded_at: at,
    })
}

/// One message to a citizen waiting in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMessage {
    pub complaint: ComplaintId,
    /// `sms` (the only channel so far).
    pub channel: String,
    pub recipient: String,
    pub body: String,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
}

impl Tx {
    /// Keeps an attachment's bytes with its case.
    pub async fn insert_attachment(
        &mut self,
        complaint: ComplaintId,
        m: &AttachmentMeta,
        content: &[u8],
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO attachments (id, complaint_id, name, file_type, size, sha256, content,
                uploaded_by, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(m.id.0)
        .bind(complaint.0)
        .bind(&m.name)
        .bind(m.file_type.as_str())
        .bind(m.size)
        .bind(&m.sha256)
        .bind(content)
        .bind(m.uploaded_by.0)
        .bind(m.uploaded_at)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The attachments of a case, oldest first, without their bytes.
    pub async fn attachments(&mut self, complaint: ComplaintId) -> Result<Vec<AttachmentMeta>> {
        let rows: Vec<MetaRow> = on!(self, c => sqlx::query_as(
            "SELECT id, name, file_type, size, sha256, uploaded_by, uploaded_at FROM attachments
             WHERE complaint_id = $1 ORDER BY uploaded_at, id",
        )
        .bind(complaint.0)
        .fetch_all(c)
        .await)?;
        rows.into_iter().map(meta).collect()
    }

    /// One attachment of a case with its bytes.
    pub async fn attachment(
        &mut self,
        complaint: ComplaintId,
        id: AttachmentId,
    ) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
        type Row = (
            Uuid,
            String,
            String,
            i64,
            String,
            Uuid,
            OffsetDateTime,
            Vec<u8>,
        );
        let row: Option<Row> = on!(self, c => sqlx::query_as(
            "SELECT id, name, file_type, size, sha256, uploaded_by, uploaded_at, content
             FROM attachments WHERE complaint_id = $1 AND id = $2",
        )
        .bind(complaint.0)
        .bind(id.0)
        .fetch_optional(c)
        .await)?;
        row.map(|(id, name, t, size, sha, by, at, content)| {
            Ok((meta((id, name, t, size, sha, by, at))?, content))
        })
        .transpose()
    }

    /// R2: keeps the hash of a case's query code.
    pub async fn set_query_code_hash(&mut self, complaint: ComplaintId, hash: &str) -> Result<()> {
        on!(self, c => sqlx::query("UPDATE complaints SET query_code_hash = $2 WHERE id = $1")
            .bind(complaint.0)
            .bind(hash)
            .execute(c)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// R2: the case with this number and the hash of its query code, if it has one.
    pub async fn query_code_hash(
        &mut self,
        number: ComplaintNumber,
    ) -> Result<Option<(ComplaintId, String)>> {
        let row: Option<(Uuid, Option<String>)> = on!(self, c => sqlx::query_as(
            "SELECT id, query_code_hash FROM complaints WHERE number = $1",
        )
        .bind(number.to_string())
        .fetch_optional(c)
        .await)?;
        Ok(row.and_then(|(id, hash)| hash.map(|h| (ComplaintId(id), h))))
    }

    /// R2: records the rating; `false` when the case was already rated.
    pub async fn insert_rating(&mut self, complaint: ComplaintId, r: &Rating) -> Result<bool> {
        let inserted = on!(self, c => sqlx::query(
            "INSERT INTO ratings (complaint_id, satisfaction, comment, rated_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (complaint_id) DO NOTHING",
        )
        .bind(complaint.0)
        .bind(r.satisfaction.as_str())
        .bind(&r.comment)
        .bind(r.at)
        .execute(c)
        .await
        .map_err(unique)
        .map(|done| done.rows_affected()))?;
        Ok(inserted == 1)
    }

    /// R2: the rating of a case, if it was rated.
    pub async fn rating(&mut self, complaint: ComplaintId) -> Result<Option<Rating>> {
        let row: Option<(String, Option<String>, OffsetDateTime)> = on!(self, c => sqlx::query_as(
            "SELECT satisfaction, comment, rated_at FROM ratings WHERE complaint_id = $1",
        )
        .bind(complaint.0)
        .fetch_optional(c)
        .await)?;
        row.map(|(s, comment, at)| {
            Ok(Rating {
                satisfaction: decode("ratings.satisfaction", &s, Satisfaction::parse)?,
                comment,
                at,
            })
        })
        .transpose()
    }

    /// R16: queues a message to a citizen for the gateway.
    pub async fn queue_message(
        &mut self,
        complaint: ComplaintId,
        channel: &str,
        recipient: &str,
        body: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        on!(self, c => sqlx::query(
            "INSERT INTO outbox_messages (id, complaint_id, channel, recipient, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(Uuid::now_v7())
        .bind(complaint.0)
        .bind(channel)
        .bind(recipient)
        .bind(body)
        .bind(now)
        .execute(c)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// The outbox messages of a case, oldest first.
    pub async fn messages_of(&mut self, complaint: ComplaintId) -> Result<Vec<OutboxMessage>> {
        type Row = (
            String,
            String,
            String,
            OffsetDateTime,
            Option<OffsetDateTime>,
        );
        let rows: Vec<Row> = on!(self, c => sqlx::query_as(
            "SELECT channel, recipient, body, created_at, sent_at FROM outbox_messages
             WHERE complaint_id = $1 ORDER BY created_at, id",
        )
        .bind(complaint.0)
        .fetch_all(c)
        .await)?;
        Ok(rows
            .into_iter()
            .map(
                |(channel, recipient, body, created_at, sent_at)| OutboxMessage {
                    complaint,
                    channel,
                    recipient,
                    body,
                    created_at,
                    sent_at,
                },
            )
            .collect())
    }
}
