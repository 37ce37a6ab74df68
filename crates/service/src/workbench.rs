//! The workbench (工作台): what waits for one member of staff, what is due soon and what is
//! late, computed from the same access rules and calendar as every other view.

use crate::calendar::load_calendar;
use crate::complaints::CaseView;
use crate::{Result, Service};
use huixiang_domain::{Action, Actor, State, access};
use huixiang_store::ComplaintFilter;

/// R9: "due soon" means due within this many working days.
pub const DUE_SOON_WORKING_DAYS: i64 = 3;

/// How many live cases the workbench looks at, newest first.
pub const WORKBENCH_MAX: i64 = 500;

/// The actions that move a case forward: a case offering one of them to someone is on their
/// to-do list. (Editing, withdrawing and chasing are always possible and are not work owed.)
const WORK: &[Action] = &[
    Action::Review,
    Action::Acknowledge,
    Action::RecordProgress,
    Action::SubmitResult,
    Action::ReviewClosure,
    Action::Archive,
    Action::DecideExtension,
];

/// The decisions owed by the viewer as reviewer: leader review, closure review, extensions.
const REVIEWS: &[Action] = &[
    Action::Review,
    Action::ReviewClosure,
    Action::DecideExtension,
];

/// One member of staff's workbench.
#[derive(Clone, Debug, Default)]
pub struct Workbench {
    /// Cases where the viewer has work to do, oldest update first.
    pub todo: Vec<CaseView>,
    /// Cases waiting for the viewer's decision (a subset of `todo`).
    pub awaiting_review: Vec<CaseView>,
    /// Cases with a unit due within [`DUE_SOON_WORKING_DAYS`] working days.
    pub due_soon: Vec<CaseView>,
    /// Cases with a unit past their due date.
    pub overdue: Vec<CaseView>,
    /// R11, R22, R23: cases where the viewer owes an explanation, an answer to supervision or
    /// a written report (or, for the office, a supervision's answer is late).
    pub owed: Vec<CaseView>,
    /// R27: major-issue notices sent to the viewer and not read yet, newest first.
    pub unread_notices: Vec<crate::NoticeView>,
    /// R27: filed statistics reports sent to the viewer (leaders, overseer) not opened yet.
    pub unread_reports: Vec<crate::StatisticsView>,
}

impl Service {
    /// The workbench of `actor` (the administrator has none: they read no complaints).
    pub async fn workbench(&self, actor: &Actor) -> Result<Workbench> {
        let scope = access::scope(actor)?;
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let filter = ComplaintFilter {
            shield: Some(access::shield(actor, &units)),
            states: vec![
                State::Registered,
                State::Dispatched,
                State::InProgress,
                State::ResultSubmitted,
                State::Returned,
                State::Closed,
            ],
            channel: None,
            lead_unit: None,
            scope,
            registered_from: None,
            registered_until: None,
            overdue_on: None,
            terms: Vec::new(),
            special: None,
            limit: WORKBENCH_MAX,
            offset: 0,
            count_cap: 0,
        };
        let calendar = load_calendar(&mut tx).await?;
        let mine = crate::recusal::conflicts(&mut tx, actor).await?;
        let found = tx.complaints(&filter).await?;
        drop(tx);
        let now = self.clock.now();
        let mut bench = Workbench::default();
        let mut cases: Vec<CaseView> = found
            .items
            .into_iter()
            .filter(|c| access::may_read(actor, c, &units))
            .filter(|c| crate::recusal::listable(actor, c, &mine))
            .map(|c| CaseView::new(actor, c, &calendar, now))
            .collect();
        cases.sort_by_key(|v| v.complaint.updated_at);
        for view in cases {
            let offers = |set: &[Action]| view.allowed_actions.iter().any(|a| set.contains(a));
            if offers(REVIEWS) {
                bench.awaiting_review.push(view.clone());
            }
            if offers(WORK) {
                bench.todo.push(view.clone());
            }
            if !view.owed.is_empty() {
                bench.owed.push(view.clone());
            }
            match view.working_days_left {
                Some(left) if left < 0 => bench.overdue.push(view),
                Some(left) if left <= DUE_SOON_WORKING_DAYS => bench.due_soon.push(view),
                _ => {}
            }
        }
        bench.overdue.sort_by_key(|v| v.due_on);
        bench.due_soon.sort_by_key(|v| v.due_on);
        bench.unread_notices = self.unread_notices(actor).await?;
        bench.unread_reports = self.unread_statistics_reports(actor).await?;
        Ok(bench)
    }
}
