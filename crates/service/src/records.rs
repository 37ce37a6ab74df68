//! R26: incidents with visitors, and R27: major-issue notices with their read receipts.

use crate::complaints::active_staff;
use crate::recusal::{conflicts, listable};
use crate::{Result, Service};
use huixiang_domain::decide::Change;
use huixiang_domain::handling;
use huixiang_domain::incident::{CaseRef, Incident, IncidentInput};
use huixiang_domain::notice::Notice;
use huixiang_domain::{
    Action, Actor, Complaint, ComplaintId, ComplaintNumber, EventDetail, FieldProblem, Rejection,
    Units, access,
};
use huixiang_store::{NoticeRead, StoredNotice, Tx};
use time::OffsetDateTime;
use uuid::Uuid;

/// R26: an incident as one reader sees it.
#[derive(Clone, Debug)]
pub struct IncidentView {
    pub id: Uuid,
    pub incident: Incident,
}

/// R27: a notice as one reader sees it.
#[derive(Clone, Debug)]
pub struct NoticeView {
    pub id: Uuid,
    pub complaint: ComplaintId,
    pub number: String,
    pub title: String,
    pub notice: Notice,
    /// Whether the reader is one of those the notice goes to.
    pub to_reader: bool,
    /// When the reader read it, if they did.
    pub read_at: Option<OffsetDateTime>,
    /// Who has read it: for the center office, the leaders and the one who raised it.
    pub reads: Option<Vec<NoticeRead>>,
}

/// The most incidents a page lists.
pub const INCIDENTS_PER_PAGE: i64 = 50;

/// The most notices a list holds (newest first).
pub const NOTICES_MAX: i64 = 200;

/// R26: the incidents linked to a case, for those who read incidents.
pub(crate) async fn incidents_of(
    tx: &mut Tx,
    actor: &Actor,
    id: ComplaintId,
) -> Result<Vec<IncidentView>> {
    if !Incident::may_read(actor) {
        return Ok(Vec::new());
    }
    Ok(tx
        .incidents_of(id)
        .await?
        .into_iter()
        .map(|(id, incident)| IncidentView {
            id,
            incident: incident.for_reader(actor),
        })
        .collect())
}

/// R27: the notices about a case `actor` reads (they may read the case).
pub(crate) async fn notices_of(
    tx: &mut Tx,
    actor: &Actor,
    id: ComplaintId,
) -> Result<Vec<NoticeView>> {
    let stored = tx.notices(Some(id), NOTICES_MAX).await?;
    if stored.is_empty() {
        return Ok(Vec::new());
    }
    let Some(complaint) = tx.complaint(id).await? else {
        return Ok(Vec::new());
    };
    let read = tx.notices_read_by(actor.id).await?;
    let mut views = Vec::new();
    for s in stored {
        views.push(notice_view(tx, actor, s, &complaint, &read).await?);
    }
    Ok(views)
}

async fn notice_view(
    tx: &mut Tx,
    actor: &Actor,
    stored: StoredNotice,
    complaint: &Complaint,
    read: &[(Uuid, OffsetDateTime)],
) -> Result<NoticeView> {
    let raised_it = stored.notice.raised.by == actor.id;
    let reads = if access::may_see_reads(actor) || raised_it {
        Some(tx.notice_reads(stored.id).await?)
    } else {
        None
    };
    Ok(NoticeView {
        id: stored.id,
        complaint: stored.complaint,
        number: complaint.number.to_string(),
        title: complaint.title.clone(),
        to_reader: Notice::goes_to(stored.notice.level, actor.role),
        read_at: read
            .iter()
            .find(|(n, _)| *n == stored.id)
            .map(|(_, at)| *at),
        notice: stored.notice,
        reads,
    })
}

/// R27: files the notice a step raised and sends it at once to everyone it goes to, through
/// the outbox (the app shows it on their workbench from the same record).
pub(crate) async fn send_notice(tx: &mut Tx, change: &Change, now: OffsetDateTime) -> Result<()> {
    let EventDetail::NoticeRaised { notice } = &change.event.detail else {
        return Ok(());
    };
    let c = &change.complaint;
    tx.insert_notice(Uuid::now_v7(), c.id, notice).await?;
    let summary: String = notice.summary.chars().take(60).collect();
    let body = format!(
        "【{}】{} {}：{}（{}报告）",
        notice.level.label(huixiang_domain::Lang::Zh),
        c.number,
        c.title,
        summary,
        notice.raised.by_name
    );
    for user in tx.user_list().await? {
        if user.active && user.id != notice.raised.by && Notice::goes_to(notice.level, user.role) {
            tx.queue_message(c.id, "staff", &user.username, &body, now)
                .await?;
        }
    }
    Ok(())
}

/// Whether `actor` may see a notice about `complaint`: those it goes to and the one who raised
/// it, if they may see the case.
fn may_see_notice(
    actor: &Actor,
    notice: &Notice,
    complaint: &Complaint,
    units: &Units,
    mine: &[huixiang_domain::recusal::Conflict],
) -> bool {
    (Notice::goes_to(notice.level, actor.role) || notice.raised.by == actor.id)
        && access::may_read(actor, complaint, units)
        && listable(actor, complaint, mine)
}

impl Service {
    /// R22: a draft of the written report on a closed leader-assigned case, from its record,
    /// for someone who may file it.
    pub async fn report_draft(&self, actor: &Actor, id: ComplaintId) -> Result<String> {
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        let complaint = crate::recusal::open_case(actor, tx.complaint(id).await?, &units, &mine)?;
        if !access::allowed_actions(actor, &complaint).contains(&Action::FileReport) {
            // The same reason filing would give: the state, the role, or the case itself.
            huixiang_domain::workflow::check(complaint.state, Action::FileReport)?;
            access::authorize(actor, Action::FileReport, &complaint)?;
            return Err(if handling::leader_assigned(&complaint) {
                Rejection::ReportExists
            } else {
                Rejection::ReportNotApplicable
            }
            .into());
        }
        Ok(handling::draft_report(&complaint, &units))
    }

    /// R26: the center office records an incident, linked to complaints by number.
    pub async fn record_incident(
        &self,
        actor: &Actor,
        input: IncidentInput,
        case_numbers: &[String],
    ) -> Result<IncidentView> {
        Incident::may_record(actor)?;
        let now = self.clock.now();
        let mut tx = self.db.write().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        let unknown = Rejection::InvalidField {
            field: "cases",
            problem: FieldProblem::UnknownValue,
        };
        let mut cases: Vec<CaseRef> = Vec::new();
        for typed in case_numbers
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            let number = ComplaintNumber::parse(typed).ok_or(unknown.clone())?;
            let complaint = tx
                .complaint_by_number(number)
                .await?
                .filter(|c| access::may_read(actor, c, &units) && listable(actor, c, &mine))
                .ok_or(unknown.clone())?;
            if !cases.iter().any(|c| c.id == complaint.id) {
                cases.push(CaseRef {
                    id: complaint.id,
                    number: complaint.number.to_string(),
                });
            }
        }
        if cases.len() > 20 {
            return Err(Rejection::InvalidField {
                field: "cases",
                problem: FieldProblem::TooLong { max: 20 },
            }
            .into());
        }
        let staff = active_staff(&mut tx).await?;
        let incident = Incident::parse(&input, &staff, cases, actor, now)?;
        let id = Uuid::now_v7();
        tx.insert_incident(id, &incident).await?;
        tx.commit().await?;
        Ok(IncidentView { id, incident })
    }

    /// R26: incidents, latest first, one page (from 1), with how many there are in all.
    pub async fn incidents(&self, actor: &Actor, page: i64) -> Result<(Vec<IncidentView>, i64)> {
        if !Incident::may_read(actor) {
            return Err(Rejection::NotPermitted.into());
        }
        if !(1..=100_000).contains(&page) {
            return Err(Rejection::InvalidField {
                field: "page",
                problem: FieldProblem::BadFormat,
            }
            .into());
        }
        let mut tx = self.db.read().await?;
        let (rows, total) = tx
            .incidents(INCIDENTS_PER_PAGE, (page - 1) * INCIDENTS_PER_PAGE)
            .await?;
        let views = rows
            .into_iter()
            .map(|(id, incident)| IncidentView {
                id,
                incident: incident.for_reader(actor),
            })
            .collect();
        Ok((views, total))
    }

    /// R26: one incident.
    pub async fn incident(&self, actor: &Actor, id: Uuid) -> Result<IncidentView> {
        if !Incident::may_read(actor) {
            return Err(Rejection::IncidentNotFound.into());
        }
        let mut tx = self.db.read().await?;
        let incident = tx.incident(id).await?.ok_or(Rejection::IncidentNotFound)?;
        Ok(IncidentView {
            id,
            incident: incident.for_reader(actor),
        })
    }

    /// R27: the newest notices `actor` receives or raised, about cases they may see.
    pub async fn notices(&self, actor: &Actor) -> Result<Vec<NoticeView>> {
        self.notices_where(actor, false).await
    }

    /// R27: the notices `actor` receives and has not read yet (the workbench's list).
    pub async fn unread_notices(&self, actor: &Actor) -> Result<Vec<NoticeView>> {
        self.notices_where(actor, true).await
    }

    async fn notices_where(&self, actor: &Actor, unread_only: bool) -> Result<Vec<NoticeView>> {
        access::scope(actor)?;
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        let read = tx.notices_read_by(actor.id).await?;
        let mut views = Vec::new();
        for stored in tx.notices(None, NOTICES_MAX).await? {
            let n = &stored.notice;
            let wanted = if unread_only {
                Notice::goes_to(n.level, actor.role) && !read.iter().any(|(id, _)| *id == stored.id)
            } else {
                Notice::goes_to(n.level, actor.role) || n.raised.by == actor.id
            };
            // Only the notices that pass on their own record cost a read of their case.
            if !wanted {
                continue;
            }
            let Some(complaint) = tx.complaint(stored.complaint).await? else {
                continue;
            };
            if may_see_notice(actor, n, &complaint, &units, &mine) {
                views.push(notice_view(&mut tx, actor, stored, &complaint, &read).await?);
            }
        }
        Ok(views)
    }

    /// R27: one notice; opening it (`mark_read`) records that a recipient has read it.
    pub async fn notice(&self, actor: &Actor, id: Uuid, mark_read: bool) -> Result<NoticeView> {
        let mut tx = self.db.write().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        let stored = tx.notice(id).await?.ok_or(Rejection::NoticeNotFound)?;
        let complaint = tx
            .complaint(stored.complaint)
            .await?
            .filter(|c| may_see_notice(actor, &stored.notice, c, &units, &mine))
            .ok_or(Rejection::NoticeNotFound)?;
        if mark_read && Notice::goes_to(stored.notice.level, actor.role) {
            tx.mark_notice_read(id, actor.id, self.clock.now()).await?;
        }
        let read = tx.notices_read_by(actor.id).await?;
        let view = notice_view(&mut tx, actor, stored, &complaint, &read).await?;
        tx.commit().await?;
        Ok(view)
    }
}
