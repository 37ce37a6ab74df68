//! R10, R11, R30: the deadline sweep (reminder slips and overdue records), chasing by hand,
//! and the lists that hold units and people to account.

use crate::calendar::load_calendar;
use crate::{Result, Service};
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::{Action, Actor, ComplaintId, Rejection, UnitId, access};
use huixiang_store::{OverdueRecord, ReminderSlip};
use std::collections::BTreeMap;

/// What one sweep did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SweepReport {
    pub reminders: u64,
    pub overdue: u64,
}

/// R30: overdue cases and who held them.
#[derive(Clone, Debug)]
pub struct OverdueReport {
    pub records: Vec<OverdueRecord>,
    pub by_unit: Vec<(UnitId, i64)>,
    pub by_holder: Vec<(Option<String>, i64)>,
}

/// The lease that lets exactly one instance run the sweep at a time.
const SWEEP_LEASE: &str = "deadline_sweep";

impl Service {
    /// R10, R30: writes the reminder slips that are due and records newly overdue cases, if
    /// this instance (`instance`) gets the sweep's lease; `None` when another instance holds
    /// it. Safe to run from every instance at once: each slip is written exactly once.
    ///
    /// The sweep works through `settings.sweep_chunk` cases per transaction, renewing its
    /// lease each time, so that other writers (a clerk registering, a user signing in) wait for
    /// one chunk at most — even on the day a long-stopped server finds thousands of cases due.
    /// If the lease is lost midway (the sweep outlived it), it stops and leaves the rest to the
    /// holder.
    pub async fn run_deadline_sweep(&self, instance: &str) -> Result<Option<SweepReport>> {
        let started = std::time::Instant::now();
        let outcome = self.sweep(instance).await;
        self.metrics().record_sweep(&outcome, started.elapsed());
        outcome
    }

    /// Gives up the sweep's lease if `instance` holds it, so that another instance sweeps at
    /// its next tick instead of waiting for the lease to run out (a one-off sweep, such as the
    /// demo's, does this when done).
    pub async fn release_sweep_lease(&self, instance: &str) -> Result<()> {
        let mut tx = self.db.write().await?;
        tx.release_lease(SWEEP_LEASE, instance).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn sweep(&self, instance: &str) -> Result<Option<SweepReport>> {
        let now = self.clock.now();
        let today = beijing_date(now);
        let until = now + self.settings.sweep_lease;
        let mut report = SweepReport {
            reminders: 0,
            overdue: 0,
        };
        let (mut first, mut cutoff) = (true, today);
        let (mut reminders_left, mut overdue_left) = (true, true);
        while reminders_left || overdue_left {
            let mut tx = self.db.write().await?;
            if !tx.take_lease(SWEEP_LEASE, instance, now, until).await? {
                if first {
                    return Ok(None);
                }
                break;
            }
            if first {
                // A case is chased once today is on or after the working day that lies the
                // configured number of working days before its due date.
                let calendar = load_calendar(&mut tx).await?;
                let days = self.settings.deadlines.reminder_working_days;
                cutoff = calendar.add_working_days(today, days);
                first = false;
            }
            let chunk = self.settings.sweep_chunk.max(1);
            if reminders_left {
                let swept = tx.write_due_reminders(now, cutoff, chunk).await?;
                report.reminders += swept.written;
                reminders_left = swept.claimed as i64 == chunk;
            } else {
                let swept = tx.record_overdue(now, today, chunk).await?;
                report.overdue += swept.written;
                overdue_left = swept.claimed as i64 == chunk;
            }
            tx.commit().await?;
        }
        if report.reminders > 0 || report.overdue > 0 {
            let SweepReport { reminders, overdue } = report;
            tracing::info!(reminders, overdue, "deadline sweep");
        }
        Ok(Some(report))
    }

    /// R10: a clerk chases one case by hand.
    pub async fn chase(&self, actor: &Actor, id: ComplaintId) -> Result<ReminderSlip> {
        let mut tx = self.db.write().await?;
        let units = tx.units().await?;
        let mine = crate::recusal::conflicts(&mut tx, actor).await?;
        let complaint = crate::recusal::open_case(actor, tx.complaint(id).await?, &units, &mine)?;
        access::may_chase(actor, &complaint)?;
        let refused = Rejection::TransitionNotAllowed {
            state: complaint.state,
            action: Action::Chase,
        };
        let slip = tx
            .write_manual_reminder(id, actor.id, self.clock.now())
            .await?
            .ok_or(refused)?;
        tx.commit().await?;
        Ok(slip)
    }

    /// R10: the slips of one case.
    pub async fn reminders(&self, actor: &Actor, id: ComplaintId) -> Result<Vec<ReminderSlip>> {
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let mine = crate::recusal::conflicts(&mut tx, actor).await?;
        crate::recusal::open_case(actor, tx.complaint(id).await?, &units, &mine)?;
        Ok(tx.reminders(id).await?)
    }

    /// R10: the newest slips; handling staff see their own unit's.
    pub async fn recent_reminders(&self, actor: &Actor) -> Result<Vec<ReminderSlip>> {
        let unit = visible_unit(actor)?;
        let mut tx = self.db.read().await?;
        let mut slips = tx.recent_reminders(unit, 200).await?;
        let ids: Vec<ComplaintId> = slips.iter().map(|s| s.complaint).collect();
        let hidden = hidden_among(&mut tx, actor, &ids).await?;
        slips.retain(|s| !hidden.contains(&s.complaint));
        Ok(slips)
    }

    /// R30: overdue cases with the unit and person that held each, and counts per unit and
    /// per person; handling staff see their own unit's.
    pub async fn overdue(&self, actor: &Actor) -> Result<OverdueReport> {
        let unit = visible_unit(actor)?;
        let mut tx = self.db.read().await?;
        let mut records = tx.overdue_records(unit, 500).await?;
        let ids: Vec<ComplaintId> = records.iter().map(|r| r.complaint).collect();
        let hidden = hidden_among(&mut tx, actor, &ids).await?;
        records.retain(|r| !hidden.contains(&r.complaint));
        let (by_unit, by_holder) = match unit {
            None => tx.overdue_counts().await?,
            Some(unit) => {
                let mut holders: BTreeMap<Option<String>, i64> = BTreeMap::new();
                for r in &records {
                    *holders.entry(r.holder_name.clone()).or_default() += 1;
                }
                let by_holder = holders.into_iter().collect();
                (vec![(unit, records.len() as i64)], by_holder)
            }
        };
        Ok(OverdueReport {
            records,
            by_unit,
            by_holder,
        })
    }
}

/// The cases among `ids` kept from `actor`: R7, R17 accusations (shielded from them) and R32
/// cases they must step aside from — to leave out of slips and records.
async fn hidden_among(
    tx: &mut huixiang_store::Tx,
    actor: &Actor,
    ids: &[ComplaintId],
) -> Result<Vec<ComplaintId>> {
    let units = tx.units().await?;
    let mut hidden = tx.shielded_cases(&access::shield(actor, &units)).await?;
    let mine = crate::recusal::conflicts(tx, actor).await?;
    if !mine.is_empty() {
        let mut distinct = ids.to_vec();
        distinct.sort_by_key(|id| id.0);
        distinct.dedup();
        for c in tx.complaints_by_ids(&distinct).await? {
            if !crate::recusal::listable(actor, &c, &mine) {
                hidden.push(c.id);
            }
        }
    }
    Ok(hidden)
}

/// Which unit's records an actor may see: all (`None`) or their own.
fn visible_unit(actor: &Actor) -> Result<Option<UnitId>, Rejection> {
    Ok(match access::scope(actor)? {
        access::Scope::All => None,
        access::Scope::Unit { unit, .. } => Some(unit),
    })
}
