//! The complaint use cases: register, every workflow step, read, list and history.

use crate::calendar::{calendar_missing, load_calendar};
use crate::recusal::{conflicts, listable, open_case};
use crate::{Result, Service};
use huixiang_domain::calendar::arrangement::parse_date;
use huixiang_domain::complaint::{BEIJING, beijing_date};
use huixiang_domain::decide::{self, Change, Command, Context};
use huixiang_domain::{
    Action, Actor, ArchiveRecord, AttachmentMeta, Channel, Complaint, ComplaintId, ComplaintNumber,
    EventDetail, EventId, FieldProblem, Rating, RegistrationInput, Rejection, State, UnitId,
    access, privacy,
};
use huixiang_domain::{DeadlinePolicy, Units, WorkCalendar};
use huixiang_store::{
    CaseRead, ComplaintFilter, EventRecord, PendingEvent, ReminderSlip, SpecialFilter, Tx,
};
use time::OffsetDateTime;
use uuid::Uuid;

/// A complaint as one actor may see it, with the actions the core allows them now.
#[derive(Clone, Debug)]
pub struct CaseView {
    pub complaint: Complaint,
    pub allowed_actions: Vec<Action>,
    /// R9: working days from today to the due date (negative once overdue), while the case
    /// is still being handled.
    pub working_days_left: Option<i64>,
    /// A year between dispatch and due date has no official arrangement (weekends only).
    pub calendar_missing: bool,
    /// R9: the due date in force (after any approved extension).
    pub due_on: Option<time::Date>,
    /// R11: a report back was owed by now and neither a result nor an explanation was given.
    pub report_back_overdue: bool,
    /// R10: the reminder slips written for the case, first first.
    pub reminders: Vec<ReminderSlip>,
    /// The complainant's identity and contacts are masked for this viewer.
    pub complainant_masked: bool,
    /// The files kept with the case, oldest first.
    pub attachments: Vec<AttachmentMeta>,
    /// R2: the complainant's rating, once given.
    pub rating: Option<Rating>,
    /// R20: how many complaints repeat this one (or, for a repeat, the one it repeats).
    pub repeat_count: i64,
    /// R11, R22, R23: what the viewer owes on this case now.
    pub owed: Vec<Owed>,
    /// R26: incidents linked to the case (for those who read incidents).
    pub incidents: Vec<crate::IncidentView>,
    /// R27: major-issue notices raised about the case.
    pub notices: Vec<crate::NoticeView>,
}

/// Something a member of staff owes on a case, for the case page and the workbench.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owed {
    /// R11: the report back fell due; the lead unit explains.
    Explanation,
    /// R23: the office's supervision waits for the lead unit's answer.
    SupervisionAnswer,
    /// R23: for the office: a supervision's answer is late.
    SupervisionOverdue,
    /// R22: the closed leader-assigned case waits for its written report.
    WrittenReport,
}

impl Owed {
    /// The stable code used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Owed::Explanation => "explanation",
            Owed::SupervisionAnswer => "supervision_answer",
            Owed::SupervisionOverdue => "supervision_overdue",
            Owed::WrittenReport => "written_report",
        }
    }

    pub fn label(self, lang: huixiang_domain::Lang) -> &'static str {
        let zh = lang == huixiang_domain::Lang::Zh;
        match self {
            Owed::Explanation if zh => "回告已到期，请报送情况说明（R11）",
            Owed::Explanation => "report back due: file an explanation (R11)",
            Owed::SupervisionAnswer if zh => "督办待回复（R23）",
            Owed::SupervisionAnswer => "supervision awaits your answer (R23)",
            Owed::SupervisionOverdue if zh => "督办回复已逾期（R23）",
            Owed::SupervisionOverdue => "supervision answer overdue (R23)",
            Owed::WrittenReport if zh => "领导交办件待报送书面报告（R22）",
            Owed::WrittenReport => "written report to file (R22)",
        }
    }
}

impl CaseView {
    pub(crate) fn new(
        actor: &Actor,
        mut complaint: Complaint,
        calendar: &WorkCalendar,
        now: OffsetDateTime,
    ) -> Self {
        let complainant_masked = !privacy::may_see_complainant(actor, &complaint);
        let allowed_actions = access::allowed_actions(actor, &complaint);
        let open = !complaint.state.is_terminal() && complaint.state != State::Registered;
        let dispatch = complaint.dispatch.as_ref().filter(|_| open);
        let due_on = dispatch.map(|d| d.due());
        let today = beijing_date(now);
        // R11: a submitted result is the report; until then an explanation answers for it.
        let report_back_overdue = dispatch.is_some_and(|d| {
            d.report_back_due.is_some_and(|due| due < today)
                && d.explanations.is_empty()
                && complaint.state != State::ResultSubmitted
        });
        let calendar_missing =
            dispatch.is_some_and(|d| calendar_missing(calendar, d.deadline.start, d.due()));
        let offers = |a: Action| allowed_actions.contains(&a);
        let handling = &complaint.handling;
        let unanswered = || handling.unanswered_supervisions();
        let owed = [
            (report_back_overdue && offers(Action::Explain)).then_some(Owed::Explanation),
            (offers(Action::RespondSupervision) && unanswered().next().is_some())
                .then_some(Owed::SupervisionAnswer),
            (offers(Action::Supervise) && unanswered().any(|s| s.due < today))
                .then_some(Owed::SupervisionOverdue),
            offers(Action::FileReport).then_some(Owed::WrittenReport),
        ]
        .into_iter()
        .flatten()
        .collect();
        if complainant_masked {
            complaint = masked(complaint);
        }
        Self {
            owed,
            incidents: Vec::new(),
            notices: Vec::new(),
            complainant_masked,
            working_days_left: due_on.map(|due| calendar.working_days_between(today, due)),
            calendar_missing,
            due_on,
            report_back_overdue,
            reminders: Vec::new(),
            complaint,
            allowed_actions,
            attachments: Vec::new(),
            rating: None,
            repeat_count: 0,
        }
    }

    /// Whether the viewer owes `code` (an [`Owed`] code) on the case.
    pub fn owes(&self, code: &str) -> bool {
        self.owed.iter().any(|o| o.as_str() == code)
    }

    /// Adds what is kept beside the case row: reminder slips, attachments, the rating,
    /// incidents and notices.
    pub(crate) async fn with_records(mut self, actor: &Actor, tx: &mut Tx) -> Result<Self> {
        let id = self.complaint.id;
        self.incidents = crate::records::incidents_of(tx, actor, id).await?;
        self.notices = crate::records::notices_of(tx, actor, id).await?;
        self.reminders = tx.reminders(id).await?;
        self.attachments = tx.attachments(id).await?;
        self.rating = tx.rating(id).await?;
        let original = self.complaint.repeat_of.as_ref().map_or(id, |r| r.original);
        self.repeat_count = tx.repeat_count(original).await?;
        Ok(self)
    }
}

/// What the domain decides in besides the case itself: the unit tree, the calendar in force
/// and, for the steps that name people, the active staff.
pub(crate) struct Frame {
    units: Units,
    calendar: WorkCalendar,
    staff: Vec<Actor>,
}

impl Frame {
    pub(crate) async fn load(tx: &mut Tx) -> Result<Self> {
        Ok(Self {
            units: tx.units().await?,
            calendar: load_calendar(tx).await?,
            staff: Vec::new(),
        })
    }

    /// [`Self::load`], with the active staff when `command` names people (R15: an excerpt's
    /// leaders; R25: the people sent); every other step spares the read.
    async fn load_for(tx: &mut Tx, command: &Command) -> Result<Self> {
        let mut frame = Self::load(tx).await?;
        if command.names_staff() {
            frame.staff = active_staff(tx).await?;
        }
        Ok(frame)
    }

    pub(crate) fn calendar(&self) -> &WorkCalendar {
        &self.calendar
    }

    pub(crate) fn context<'a>(
        &'a self,
        actor: &'a Actor,
        policy: &'a DeadlinePolicy,
        now: OffsetDateTime,
    ) -> Context<'a> {
        Context {
            actor,
            units: &self.units,
            calendar: &self.calendar,
            policy,
            now,
            staff: &self.staff,
        }
    }
}

/// A listing request as typed (query string).
#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub state: Option<String>,
    pub channel: Option<String>,
    pub lead_unit: Option<UnitId>,
    /// Registered on or after this Beijing day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Registered on or before this Beijing day (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// R9: only cases still with a unit past their due date.
    pub overdue: bool,
    /// Only cases with a unit now (dispatched, in progress, returned), when no state is given.
    pub with_unit: bool,
    /// R20: only special cases: `any`, or one kind (`important`, `difficult`, …).
    pub special: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// One page of complaints.
#[derive(Clone, Debug)]
pub struct ComplaintList {
    pub items: Vec<Complaint>,
    /// How many matched, or at least how many when `capped` (see [`huixiang_store::COUNT_CAP`]).
    pub total: i64,
    pub capped: bool,
    pub page: i64,
    pub per_page: i64,
}

const MAX_PER_PAGE: i64 = 100;

/// The most rows one export writes.
pub const EXPORT_MAX: i64 = 50_000;

impl Service {
    /// R1, R3: registers a complaint and gives it the next number of the (Beijing-time) year.
    pub async fn register(&self, actor: &Actor, form: RegistrationInput) -> Result<CaseView> {
        self.register_with(actor, form, Vec::new()).await
    }

    /// R3, R15: registers a complaint with files (a letter's scanned pages), all or nothing.
    pub async fn register_with(
        &self,
        actor: &Actor,
        form: RegistrationInput,
        files: Vec<crate::Upload>,
    ) -> Result<CaseView> {
        let now = self.clock.now();
        if files.len() > self.settings.uploads.max_per_case {
            let max = self.settings.uploads.max_per_case;
            return Err(Rejection::TooManyAttachments { max }.into());
        }
        let files = files
            .into_iter()
            .map(|f| Ok((self.inspect_upload(&f, actor.id, now)?, f.bytes)))
            .collect::<Result<Vec<_>>>()?;
        // Validate before queueing: a refused form costs the writer nothing.
        access::may_register(actor)?;
        huixiang_domain::Registration::parse(&form)?;
        self.register_queued(actor, form, files, now).await
    }

    /// Takes one workflow step on a complaint (everything but archiving, which draws a number).
    pub async fn act(&self, actor: &Actor, id: ComplaintId, command: Command) -> Result<CaseView> {
        let mut tx = self.db.write().await?;
        let view = self.act_in(&mut tx, actor, id, command).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// R14: binds a closed case into a dossier with the next archive number of the year.
    pub async fn archive(&self, actor: &Actor, id: ComplaintId) -> Result<CaseView> {
        let mut tx = self.db.write().await?;
        let year = ComplaintNumber::year_of(self.clock.now());
        let seq = tx.next_in_counter(&ArchiveRecord::counter(year)).await?;
        let archive_number = ArchiveRecord::number(year, seq);
        // A refusal drops the transaction, and the drawn number with it.
        let view = self
            .act_in(&mut tx, actor, id, Command::Archive { archive_number })
            .await?;
        tx.commit().await?;
        Ok(view)
    }

    pub(crate) async fn act_in(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        id: ComplaintId,
        command: Command,
    ) -> Result<CaseView> {
        let frame = Frame::load_for(tx, &command).await?;
        let mine = conflicts(tx, actor).await?;
        let current = open_case(
            actor,
            tx.complaint_for_update(id).await?,
            &frame.units,
            &mine,
        )?;
        let now = self.clock.now();
        let ctx = frame.context(actor, &self.settings.deadlines, now);
        let change = decide::apply(ctx, &current, command)?;
        let dispatch_changed = change.complaint.dispatch != current.dispatch;
        tx.update_complaint(&change.complaint, current.version, dispatch_changed)
            .await??;
        save_event(tx, actor, &change.complaint, &change.event).await?;
        if matches!(
            change.event.action,
            Action::Edit | Action::RecordProgress | Action::SubmitResult
        ) {
            index_for_search(tx, &change.complaint).await?;
        }
        queue_writer_notice(tx, &change, now).await?;
        crate::records::send_notice(tx, &change, now).await?;
        CaseView::new(actor, change.complaint, &frame.calendar, now)
            .with_records(actor, tx)
            .await
    }

    /// One complaint, if `actor` may see it; otherwise it answers as if there were none.
    pub async fn complaint(&self, actor: &Actor, id: ComplaintId) -> Result<CaseView> {
        self.complaint_view(actor, id, "case").await
    }

    /// One complaint for the named view (`case`, `print_form`, …). R7: a read of an
    /// accusation case is recorded with who, when and the view.
    pub async fn complaint_view(
        &self,
        actor: &Actor,
        id: ComplaintId,
        view: &str,
    ) -> Result<CaseView> {
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        let complaint = open_case(actor, tx.complaint(id).await?, &units, &mine)?;
        let calendar = load_calendar(&mut tx).await?;
        let now = self.clock.now();
        let case = CaseView::new(actor, complaint, &calendar, now)
            .with_records(actor, &mut tx)
            .await?;
        drop(tx);
        if case.complaint.accusation.is_some() {
            self.record_read(actor, id, view, now).await?;
        }
        Ok(case)
    }

    pub(crate) async fn record_read(
        &self,
        actor: &Actor,
        id: ComplaintId,
        view: &str,
        now: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.db.write().await?;
        tx.record_read(id, actor, view, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// R7: who read an accusation case, newest first (the office and leaders).
    pub async fn case_reads(&self, actor: &Actor, id: ComplaintId) -> Result<Vec<CaseRead>> {
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        open_case(actor, tx.complaint(id).await?, &units, &mine)?;
        if !access::may_see_reads(actor) {
            return Err(Rejection::NotPermitted.into());
        }
        Ok(tx.case_reads(id, 200).await?)
    }

    /// The whole history of a complaint `actor` may see, oldest first.
    pub async fn events(&self, actor: &Actor, id: ComplaintId) -> Result<Vec<EventRecord>> {
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let mine = conflicts(&mut tx, actor).await?;
        let complaint = open_case(actor, tx.complaint(id).await?, &units, &mine)?;
        let mut events = tx.events(id).await?;
        drop(tx);
        if !privacy::may_see_complainant(actor, &complaint) {
            events.iter_mut().for_each(mask_personal);
        }
        if complaint.accusation.is_some() {
            self.record_read(actor, id, "history", self.clock.now())
                .await?;
        }
        Ok(events)
    }

    /// R5: the ledger view — complaints `actor` may see, newest first, filtered.
    pub async fn complaints(&self, actor: &Actor, query: ListQuery) -> Result<ComplaintList> {
        let (page, per_page) = paging(&query)?;
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let filter = self.filter(actor, &units, query, per_page, (page - 1) * per_page)?;
        let mine = conflicts(&mut tx, actor).await?;
        let found = tx.complaints(&filter).await?;
        let found = without_recused(actor, found, &mine);
        let items = found
            .items
            .into_iter()
            .map(|c| masked_for(actor, c, privacy::may_see_complainant))
            .collect();
        Ok(ComplaintList {
            items,
            total: found.total,
            capped: found.capped,
            page,
            per_page,
        })
    }

    /// R5: every complaint of the ledger with its filters (for export), at most
    /// [`EXPORT_MAX`]; the total says how many matched.
    pub async fn export_complaints(
        &self,
        actor: &Actor,
        query: ListQuery,
    ) -> Result<ComplaintList> {
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let filter = self.filter(actor, &units, query, EXPORT_MAX, 0)?;
        let mine = conflicts(&mut tx, actor).await?;
        let found = tx.complaints(&filter).await?;
        let found = without_recused(actor, found, &mine);
        // An export leaves the system: masked unless the domain says otherwise.
        let items = found
            .items
            .into_iter()
            .map(|c| masked_for(actor, c, |a, _| privacy::may_export_complainant(a)))
            .collect();
        Ok(ComplaintList {
            items,
            total: found.total,
            capped: found.capped,
            page: 1,
            per_page: EXPORT_MAX,
        })
    }

    pub(crate) fn filter(
        &self,
        actor: &Actor,
        units: &Units,
        query: ListQuery,
        limit: i64,
        offset: i64,
    ) -> Result<ComplaintFilter> {
        let scope = access::scope(actor)?;
        let given = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let state = given(query.state).map(|s| State::parse(&s)).transpose()?;
        let channel = given(query.channel)
            .map(|s| Channel::parse(&s))
            .transpose()?;
        let day = |field: &'static str, v: Option<String>| {
            given(v)
                .map(|d| {
                    parse_date(d.trim()).ok_or(Rejection::InvalidField {
                        field,
                        problem: FieldProblem::BadFormat,
                    })
                })
                .transpose()
        };
        let special = match given(query.special).as_deref().map(str::trim) {
            None => None,
            Some("any") => Some(SpecialFilter::Any),
            Some(kind) => Some(SpecialFilter::Kind(huixiang_domain::SpecialKind::parse(
                kind,
            )?)),
        };
        let from = day("from", query.from)?;
        let until = day("until", query.until)?;
        let start_of = |d: time::Date| d.midnight().assume_offset(BEIJING);
        Ok(ComplaintFilter {
            states: match state {
                Some(state) => vec![state],
                None if query.with_unit => State::WITH_UNIT.to_vec(),
                None => Vec::new(),
            },
            channel,
            lead_unit: query.lead_unit,
            scope,
            shield: Some(access::shield(actor, units)),
            registered_from: from.map(start_of),
            registered_until: until.and_then(|d| d.next_day()).map(start_of),
            overdue_on: query.overdue.then(|| beijing_date(self.clock.now())),
            terms: Vec::new(),
            special,
            limit,
            offset,
            count_cap: self.settings.count_cap,
        })
    }
}

/// The page (from 1) and page size a listing asks for, within bounds.
pub(crate) fn paging(query: &ListQuery) -> Result<(i64, i64)> {
    let per_page = query.per_page.unwrap_or(20);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        let problem = FieldProblem::TooLong {
            max: MAX_PER_PAGE as usize,
        };
        return Err(Rejection::InvalidField {
            field: "per_page",
            problem,
        }
        .into());
    }
    let page = query.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(Rejection::InvalidField {
            field: "page",
            problem: FieldProblem::BadFormat,
        }
        .into());
    }
    Ok((page, per_page))
}

/// The complainant's personal data in an event, hidden: an edit's before/after values of the
/// complainant's fields, a letter's envelope and enclosures as registered, and the notices to
/// its writer.
fn mask_personal(event: &mut EventRecord) {
    let detail = &mut event.detail;
    if let Some(address) = detail.pointer_mut("/letter/envelope/sender_address") {
        *address = serde_json::Value::String("****".into());
    }
    for items in ["/letter/enclosures", "/enclosure"] {
        if let Some(value) = detail.pointer_mut(items) {
            let list = match value {
                serde_json::Value::Array(list) => list.iter_mut().collect::<Vec<_>>(),
                one => vec![one],
            };
            for item in list {
                if let Some(n) = item.get_mut("doc_number").filter(|n| !n.is_null()) {
                    *n = serde_json::Value::String("****".into());
                }
            }
        }
    }
    if let Some(notice) = detail.get_mut("writer_notice").filter(|n| !n.is_null()) {
        *notice = serde_json::json!({"no": notice.get("no"), "masked": true});
    }
    mask_edited_complainant(event);
}

/// An edit's before/after values of the complainant's fields, hidden.
fn mask_edited_complainant(event: &mut EventRecord) {
    if let Some(changes) = event
        .detail
        .get_mut("changes")
        .and_then(|c| c.as_array_mut())
    {
        for change in changes {
            let personal = change
                .get("field")
                .and_then(|f| f.as_str())
                .is_some_and(|f| f.starts_with("complainant."));
            if personal {
                for side in ["before", "after"] {
                    if let Some(v) = change.get_mut(side).filter(|v| !v.is_null()) {
                        *v = serde_json::Value::String("****".into());
                    }
                }
            }
        }
    }
}

/// The complaint with its complainant masked unless `sees` says the actor needs them.
pub(crate) fn masked_for(
    actor: &Actor,
    c: Complaint,
    sees: impl Fn(&Actor, &Complaint) -> bool,
) -> Complaint {
    if sees(actor, &c) { c } else { masked(c) }
}

/// The complaint with the complainant's identity and contacts hidden, in the handling form and
/// in a letter's envelope, enclosed documents and notices.
fn masked(mut c: Complaint) -> Complaint {
    c.complainant = c.complainant.masked();
    c.letter = c.letter.as_ref().map(|l| l.masked());
    c
}

/// R32: a page of a listing without the cases the actor must step aside from. The SQL filter
/// cannot match declared names, phones and addresses the way the domain does, so they are
/// taken out here, by the same rule as a direct read; the total drops by as many.
pub(crate) fn without_recused(
    actor: &Actor,
    found: huixiang_store::ComplaintPage,
    mine: &[huixiang_domain::recusal::Conflict],
) -> huixiang_store::ComplaintPage {
    let before = found.items.len();
    let items: Vec<Complaint> = found
        .items
        .into_iter()
        .filter(|c| listable(actor, c, mine))
        .collect();
    let removed = (before - items.len()) as i64;
    huixiang_store::ComplaintPage {
        items,
        total: found.total - removed,
        capped: found.capped,
    }
}

/// R16: a letter's writer is told where it went; with a phone on file, by SMS as well (the
/// printed notice goes to the envelope's address).
async fn queue_writer_notice(tx: &mut Tx, change: &Change, now: OffsetDateTime) -> Result<()> {
    if let EventDetail::Reviewed {
        writer_notice: Some(notice),
        ..
    } = &change.event.detail
        && let Some(phone) = &notice.sms_to
    {
        tx.queue_message(change.complaint.id, "sms", phone, &notice.text, now)
            .await?;
    }
    Ok(())
}

/// Stores a newly registered complaint: its row, its registration event and its search terms.
pub(crate) async fn insert_new(tx: &mut Tx, actor: &Actor, change: &Change) -> Result<()> {
    let chain_head = tx.lock_chain_head().await?;
    insert_all_new(tx, &[(actor, change)], chain_head).await
}

/// New cases with their first events and search terms, one script for them all; the events
/// chain on from `chain_head`, the audit chain's last link as this transaction holds it.
pub(crate) async fn insert_all_new(
    tx: &mut Tx,
    new: &[(&Actor, &Change)],
    chain_head: (i64, String),
) -> Result<()> {
    let terms: Vec<String> = new
        .iter()
        .map(|(_, change)| huixiang_domain::search::case_document(&change.complaint, []))
        .collect();
    let rows: Vec<(&Complaint, &str)> = new
        .iter()
        .zip(&terms)
        .map(|((_, change), terms)| (&change.complaint, terms.as_str()))
        .collect();
    let events: Vec<PendingEvent<'_>> = new
        .iter()
        .map(|(actor, change)| pending_event(actor, change))
        .collect();
    Ok(tx.insert_new_cases(&rows, &events, chain_head).await?)
}

/// The event of `change`, to append as the step that produced the case's new version.
pub(crate) fn pending_event<'a>(actor: &'a Actor, change: &'a Change) -> PendingEvent<'a> {
    PendingEvent {
        id: EventId(Uuid::now_v7()),
        complaint: change.complaint.id,
        seq: change.complaint.version,
        actor,
        at: change.complaint.updated_at,
        event: &change.event,
    }
}

/// Full-text search: indexes the words of a case — title, problem, demands, every progress
/// note and the result — as the domain tokenizes them.
pub(crate) async fn index_for_search(tx: &mut Tx, c: &Complaint) -> Result<()> {
    let terms = search_document(tx, c).await?;
    tx.set_search_terms(&[(c.id, &terms)]).await?;
    Ok(())
}

/// The search terms of a case, its progress notes included.
pub(crate) async fn search_document(tx: &mut Tx, c: &Complaint) -> Result<String> {
    let events = tx.events(c.id).await?;
    let notes = events
        .iter()
        .filter(|e| e.action == Action::RecordProgress.as_str())
        .filter_map(|e| e.detail.get("note").and_then(|n| n.as_str()));
    Ok(huixiang_domain::search::case_document(c, notes))
}

/// Appends the event of a change as the step that produced `complaint.version`.
pub(crate) async fn save_event(
    tx: &mut Tx,
    actor: &Actor,
    complaint: &Complaint,
    event: &huixiang_domain::NewEvent,
) -> Result<()> {
    let id = EventId(Uuid::now_v7());
    tx.append_event(
        id,
        complaint.id,
        complaint.version,
        actor,
        complaint.updated_at,
        event,
    )
    .await?;
    Ok(())
}

/// Every active member of staff, as actors.
pub(crate) async fn active_staff(tx: &mut Tx) -> Result<Vec<Actor>> {
    Ok(tx
        .user_list()
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| u.actor())
        .collect())
}
