//! R3: registrations commit together (group commit).
//!
//! A registration is answered only once it is durable, and a durable commit costs a flush to
//! disk (a few milliseconds), while the work itself takes far less. So registrations that
//! arrive while one is being written wait in a queue, and one task writes all that are waiting
//! in one transaction, then commits once, then answers each. With one client at a time nothing
//! waits; with many, the flushes are shared.
//!
//! The batch is written as a whole: its numbers drawn in one step, its cases, events and search
//! terms in one script (below). Should anything in it be refused (or fail), that transaction is
//! rolled back and the batch is written again one registration at a time, each in a savepoint of
//! its own, so a refusal is answered alone and draws no number.
//!
//! The unit tree and the calendar a batch is decided with are kept from one batch to the next,
//! and read again only when their version (`frame_version`, moved on by triggers at every
//! change, whoever makes it) is no longer the one they were read at. The version comes with the
//! batch's numbers, in the same statement, so a batch costs no read for them; so does the audit
//! chain's head, which the batch's events chain on from. The cases, their search terms and their
//! events then go in one script (SQLite runs it in one trip to its connection's thread), so a
//! batch is four trips on SQLite: begin, numbers, script, commit.

use crate::complaints::{CaseView, Frame, insert_all_new, insert_new};
use crate::{Result, Service, ServiceError};
use huixiang_domain::decide;
use huixiang_domain::{Actor, AttachmentMeta, ComplaintId, ComplaintNumber, RegistrationInput};
use huixiang_store::Drawn;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// At most this many registrations share one commit.
const BATCH_MAX: usize = 64;

/// Registrations waiting for the writer.
const QUEUE: usize = 1024;

/// One registration, checked and waiting to be written.
pub(crate) struct Job {
    pub actor: Actor,
    pub form: RegistrationInput,
    pub files: Vec<(AttachmentMeta, Vec<u8>)>,
    pub now: OffsetDateTime,
    reply: oneshot::Sender<Result<CaseView>>,
}

/// The way to the writer task, started with the first registration (and again should it
/// ever stop).
#[derive(Clone, Default)]
pub(crate) struct Registrar(Arc<Mutex<Option<mpsc::Sender<Job>>>>);

fn internal(what: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(what.to_string())
}

impl Service {
    /// Writes a checked registration with the others waiting, and answers once it is durable.
    pub(crate) async fn register_queued(
        &self,
        actor: &Actor,
        form: RegistrationInput,
        files: Vec<(AttachmentMeta, Vec<u8>)>,
        now: OffsetDateTime,
    ) -> Result<CaseView> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            actor: actor.clone(),
            form,
            files,
            now,
            reply,
        };
        self.registrar_queue()
            .send(job)
            .await
            .map_err(|_| internal("the registration writer stopped"))?;
        answer
            .await
            .map_err(|_| internal("the registration writer dropped a registration"))?
    }

    fn registrar_queue(&self) -> mpsc::Sender<Job> {
        let mut slot = self.registrar.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(queue) = slot.as_ref().filter(|q| !q.is_closed()) {
            return queue.clone();
        }
        let (queue, jobs) = mpsc::channel(QUEUE);
        // The writer holds no way into its own queue, so it ends when the last service does.
        let writer = Service {
            registrar: Registrar::default(),
            ..self.clone()
        };
        tokio::spawn(writer.write_registrations(jobs));
        *slot = Some(queue.clone());
        queue
    }

    async fn write_registrations(self, mut jobs: mpsc::Receiver<Job>) {
        let mut kept = None;
        let mut batch = Vec::with_capacity(BATCH_MAX);
        while jobs.recv_many(&mut batch, BATCH_MAX).await > 0 {
            let mut waiting = std::mem::take(&mut batch);
            // Whoever stopped waiting (a client gone) is not registered behind their back.
            waiting.retain(|job| !job.reply.is_closed());
            if !waiting.is_empty() {
                self.write_batch(&mut kept, waiting).await;
            }
        }
    }

    /// One transaction for the batch, written whole or else one by one; answers after commit.
    async fn write_batch(&self, kept: &mut Option<KeptFrame>, jobs: Vec<Job>) {
        let mut written = Vec::with_capacity(jobs.len());
        let committed = async {
            if jobs.len() > 1 && jobs.iter().all(|job| job.files.is_empty()) {
                let mut tx = self.db.write().await?;
                match self.register_all(&mut tx, kept, &jobs).await {
                    Ok(views) => {
                        tx.commit().await?;
                        self.metrics.record_registration_batch(true, jobs.len());
                        written.extend(jobs.into_iter().map(|job| job.reply).zip(views));
                        return Ok(());
                    }
                    Err(_) => tx.rollback().await?,
                }
            }
            let mut tx = self.db.write().await?;
            let frame = Frame::load(&mut tx).await?;
            let count = jobs.len();
            for job in jobs {
                tx.savepoint().await?;
                match self.register_in(&mut tx, &frame, &job).await {
                    Ok(view) => {
                        tx.release_savepoint().await?;
                        written.push((job.reply, view));
                    }
                    Err(refused) => {
                        tx.rollback_to_savepoint().await?;
                        let _ = job.reply.send(Err(refused));
                    }
                }
            }
            tx.commit().await?;
            self.metrics.record_registration_batch(false, count);
            Ok::<_, ServiceError>(())
        }
        .await;
        match committed {
            Ok(()) => {
                for (reply, view) in written {
                    let _ = reply.send(Ok(view));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, registrations = written.len(), "registrations not written");
                for (reply, _) in written {
                    let _ = reply.send(Err(internal(&e)));
                }
            }
        }
    }

    /// Draws the batch's numbers in one step (one per year it spans) and writes every case with
    /// its event and search terms; fails on the first refusal. `kept` is the frame of the last
    /// batch, read again here if it changed since.
    async fn register_all(
        &self,
        tx: &mut huixiang_store::Tx,
        kept: &mut Option<KeptFrame>,
        jobs: &[Job],
    ) -> Result<Vec<CaseView>> {
        let mut per_year: BTreeMap<i32, i64> = BTreeMap::new();
        for job in jobs {
            *per_year
                .entry(ComplaintNumber::year_of(job.now))
                .or_default() += 1;
        }
        let mut last_taken = BTreeMap::new();
        let mut drawn = None;
        for (year, n) in per_year {
            let taken = tx
                .take_from_counter(&ComplaintNumber::counter(year), n)
                .await?;
            last_taken.insert(year, taken.last - n);
            drawn = Some(taken);
        }
        let Drawn {
            frame_version,
            chain_head,
            ..
        } = drawn.ok_or_else(|| internal("a batch of no registrations"))?;
        let frame = match kept.take() {
            Some(frame) if frame.version == frame_version => frame,
            _ => {
                self.metrics.record_frame_read();
                KeptFrame {
                    version: frame_version,
                    frame: Frame::load(tx).await?,
                }
            }
        };
        let frame = &kept.insert(frame).frame;
        let mut changes = Vec::with_capacity(jobs.len());
        for job in jobs {
            let year = ComplaintNumber::year_of(job.now);
            let seq = last_taken.entry(year).or_default();
            *seq += 1;
            let number = ComplaintNumber { year, seq: *seq };
            let ctx = frame.context(&job.actor, &self.settings.deadlines, job.now);
            let id = ComplaintId(Uuid::now_v7());
            changes.push(decide::register(ctx, id, number, &job.form)?);
        }
        let new: Vec<_> = jobs.iter().map(|job| &job.actor).zip(&changes).collect();
        insert_all_new(tx, &new, chain_head).await?;
        Ok(changes
            .into_iter()
            .zip(jobs)
            .map(|(change, job)| fresh_view(frame, job, change.complaint, Vec::new()))
            .collect())
    }

    /// Draws the number and writes the case, its event, search terms and files.
    async fn register_in(
        &self,
        tx: &mut huixiang_store::Tx,
        frame: &Frame,
        job: &Job,
    ) -> Result<CaseView> {
        let ctx = frame.context(&job.actor, &self.settings.deadlines, job.now);
        let year = ComplaintNumber::year_of(job.now);
        let seq = tx.next_in_counter(&ComplaintNumber::counter(year)).await?;
        let number = ComplaintNumber { year, seq };
        let change = decide::register(ctx, ComplaintId(Uuid::now_v7()), number, &job.form)?;
        insert_new(tx, &job.actor, &change).await?;
        let files = job
            .files
            .iter()
            .map(|(meta, bytes)| (meta.clone(), bytes.as_slice()))
            .collect();
        let complaint = self.attach_new(tx, ctx, change.complaint, files).await?;
        let metas = job.files.iter().map(|(meta, _)| meta.clone()).collect();
        Ok(fresh_view(frame, job, complaint, metas))
    }
}

/// The unit tree and calendar of the last batch, and the `frame_version` they were read at.
struct KeptFrame {
    version: i64,
    frame: Frame,
}

/// The page of a case just registered. Nothing else can be kept with it yet (reminders,
/// incidents, notices, a rating, repeats come later), so only its files are added, as written.
fn fresh_view(
    frame: &Frame,
    job: &Job,
    complaint: huixiang_domain::Complaint,
    attachments: Vec<AttachmentMeta>,
) -> CaseView {
    let mut view = CaseView::new(&job.actor, complaint, frame.calendar(), job.now);
    view.attachments = attachments;
    view
}
