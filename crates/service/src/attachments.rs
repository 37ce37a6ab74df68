//! Files kept with a case: checked (type by content, size), stored in the database with the
//! case's history, and given back only to those who may see the case.

use crate::auth::sha256_hex;
use crate::complaints::save_event;
use crate::recusal::{conflicts, open_case};
use crate::{Result, Service};
use huixiang_domain::attachment::inspect;
use huixiang_domain::decide::{self, Command, Context};
use huixiang_domain::{
    Actor, AttachmentId, AttachmentMeta, Complaint, ComplaintId, Rejection, UserId,
};
use huixiang_store::Tx;
use time::OffsetDateTime;
use uuid::Uuid;

/// A file as uploaded: the name the sender gave it and its bytes.
#[derive(Clone, Debug)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Service {
    /// Checks an upload and describes it as it will be kept.
    pub(crate) fn inspect_upload(
        &self,
        upload: &Upload,
        by: UserId,
        now: OffsetDateTime,
    ) -> Result<AttachmentMeta> {
        let (name, file_type) = inspect(&upload.name, &upload.bytes, &self.settings.uploads)?;
        Ok(AttachmentMeta {
            id: AttachmentId(Uuid::now_v7()),
            name,
            file_type,
            size: upload.bytes.len() as i64,
            sha256: sha256_hex(&[&upload.bytes]),
            uploaded_by: by,
            uploaded_at: now,
        })
    }

    /// Keeps a file with a case, as a step of its history.
    pub async fn attach(
        &self,
        actor: &Actor,
        id: ComplaintId,
        upload: Upload,
    ) -> Result<AttachmentMeta> {
        let meta = self.inspect_upload(&upload, actor.id, self.clock.now())?;
        let mut tx = self.db.write().await?;
        self.check_room(&mut tx, id, 1).await?;
        self.act_in(&mut tx, actor, id, Command::Attach(meta.clone()))
            .await?;
        tx.insert_attachment(id, &meta, &upload.bytes).await?;
        tx.commit().await?;
        Ok(meta)
    }

    /// Attaches checked files to a complaint just written in `tx`, one step each, and returns
    /// the complaint as it then stands.
    pub(crate) async fn attach_new(
        &self,
        tx: &mut Tx,
        ctx: Context<'_>,
        mut complaint: Complaint,
        files: Vec<(AttachmentMeta, &[u8])>,
    ) -> Result<Complaint> {
        for (meta, bytes) in files {
            let change = decide::apply(ctx, &complaint, Command::Attach(meta.clone()))?;
            tx.update_complaint(&change.complaint, complaint.version, false)
                .await??;
            save_event(tx, ctx.actor, &change.complaint, &change.event).await?;
            tx.insert_attachment(complaint.id, &meta, bytes).await?;
            complaint = change.complaint;
        }
        Ok(complaint)
    }

    /// Refuses `more` files beyond the limit per case.
    pub(crate) async fn check_room(&self, tx: &mut Tx, id: ComplaintId, more: usize) -> Result<()> {
        let max = self.settings.uploads.max_per_case;
        if tx.attachments(id).await?.len() + more > max {
            return Err(Rejection::TooManyAttachments { max }.into());
        }
        Ok(())
    }

    /// One file of a case `actor` may see, with its bytes. R7: reading an accusation case's
    /// file is recorded like any other read of it.
    pub async fn attachment(
        &self,
        actor: &Actor,
        id: ComplaintId,
        attachment: AttachmentId,
    ) -> Result<(AttachmentMeta, Vec<u8>)> {
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        let complaint = open_case(actor, tx.complaint(id).await?, &units, &mine)?;
        let found = tx
            .attachment(id, attachment)
            .await?
            .ok_or(Rejection::AttachmentNotFound)?;
        drop(tx);
        if complaint.accusation.is_some() {
            self.record_read(actor, id, "attachment", self.clock.now())
                .await?;
        }
        Ok(found)
    }
}
