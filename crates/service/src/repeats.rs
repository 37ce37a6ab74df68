//! R20: repeat complaints. While a clerk registers, the earlier complaints of the last 12 months
//! (configurable) that may be the same matter are suggested: same phone, same name and
//! address, or similar text. Only cases the clerk may see are looked at.

use crate::recusal::{conflicts, listable, open_case};
use crate::{CaseView, Result, Service};
use huixiang_domain::decide::Command;
use huixiang_domain::repeat::{Probe, RepeatReason, suggest};
use huixiang_domain::{
    Actor, Complaint, ComplaintId, ComplaintNumber, FieldProblem, LinkTarget, RegistrationInput,
    Rejection, access, privacy,
};
use huixiang_store::{ComplaintFilter, Tx};

/// The most recent complaints of the window that are compared (newest first).
pub const REPEAT_SCAN_MAX: i64 = 5_000;

/// An earlier complaint that may be the same matter, as the clerk may see it.
#[derive(Clone, Debug)]
pub struct RepeatSuggestion {
    pub complaint: Complaint,
    /// Text similarity, 0 to 1.
    pub score: f64,
    pub reasons: Vec<RepeatReason>,
}

/// The earlier complaint a number names, if `actor` may see it, as the first of its chain (a
/// repeat or a merged duplicate stands for the complaint it points to).
async fn earlier_case(
    tx: &mut Tx,
    actor: &Actor,
    original_number: Option<&str>,
) -> Result<Option<LinkTarget>> {
    let units = tx.units().await?;
    let mine = conflicts(tx, actor).await?;
    let number = original_number
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or(Rejection::InvalidField {
            field: "original",
            problem: FieldProblem::Missing,
        })?;
    // A number the actor may not see is no target at all.
    let found = match ComplaintNumber::parse(number) {
        Some(n) => tx.complaint_by_number(n).await?,
        None => None,
    };
    let mut original = found.and_then(|c| open_case(actor, Some(c), &units, &mine).ok());
    let first = original
        .as_ref()
        .and_then(|c| c.repeat_of.as_ref().or(c.merged_into.as_ref()))
        .map(|link| link.original);
    if let Some(first) = first {
        original = tx.complaint(first).await?;
    }
    Ok(original.map(|c| LinkTarget {
        id: c.id,
        number: c.number.to_string(),
        registered_at: c.registered_at,
    }))
}

impl Service {
    /// R20: links a complaint to the earlier one it repeats, given by number; a complaint that
    /// is itself a repeat stands for the one it repeats, so repeats are counted at the first.
    pub async fn link_repeat(
        &self,
        actor: &Actor,
        id: ComplaintId,
        original_number: Option<&str>,
    ) -> Result<CaseView> {
        let mut tx = self.db.write().await?;
        let target = earlier_case(&mut tx, actor, original_number).await?;
        let view = self
            .act_in(&mut tx, actor, id, Command::LinkRepeat { target })
            .await?;
        tx.commit().await?;
        Ok(view)
    }

    /// R20: closes a duplicate into the earlier complaint it duplicates, given by number (the
    /// first of its chain), with the reason.
    pub async fn merge_duplicate(
        &self,
        actor: &Actor,
        id: ComplaintId,
        original_number: Option<&str>,
        reason: Option<String>,
    ) -> Result<CaseView> {
        let mut tx = self.db.write().await?;
        let target = earlier_case(&mut tx, actor, original_number).await?;
        let view = self
            .act_in(&mut tx, actor, id, Command::Merge { target, reason })
            .await?;
        tx.commit().await?;
        Ok(view)
    }

    /// R20: earlier complaints that may be the same matter as the form being typed.
    pub async fn repeat_suggestions(
        &self,
        actor: &Actor,
        form: &RegistrationInput,
    ) -> Result<Vec<RepeatSuggestion>> {
        access::may_register(actor)?;
        let given = |v: &Option<String>| v.clone().unwrap_or_default();
        let probe = Probe {
            name: given(&form.complainant_name),
            phone: form.complainant_phone.clone(),
            address: form.complainant_address.clone(),
            // A mistyped number suggests nothing by it; the form itself will say why.
            id_number: huixiang_domain::text::id_number(
                "complainant.id_number",
                form.complainant_id_number.as_deref(),
            )
            .ok()
            .flatten(),
            text: [&form.title, &form.problem, &form.demands]
                .iter()
                .map(|v| given(v))
                .collect::<Vec<_>>()
                .join(" "),
        };
        let mut tx = self.db.read().await?;
        let units = tx.units().await?;
        let filter = ComplaintFilter {
            states: Vec::new(),
            channel: None,
            lead_unit: None,
            scope: access::scope(actor)?,
            shield: Some(access::shield(actor, &units)),
            registered_from: Some(self.clock.now() - self.settings.repeat_window),
            registered_until: None,
            overdue_on: None,
            terms: Vec::new(),
            special: None,
            limit: REPEAT_SCAN_MAX,
            offset: 0,
            count_cap: 0,
        };
        let mine = conflicts(&mut tx, actor).await?;
        let earlier: Vec<Complaint> = tx
            .complaints(&filter)
            .await?
            .items
            .into_iter()
            .filter(|c| listable(actor, c, &mine))
            .collect();
        drop(tx);
        let suggestions = suggest(&probe, &earlier);
        Ok(suggestions
            .into_iter()
            .filter_map(|s| {
                let mut complaint = earlier.iter().find(|c| c.id == s.id)?.clone();
                if !privacy::may_see_complainant(actor, &complaint) {
                    complaint.complainant = complaint.complainant.masked();
                }
                Some(RepeatSuggestion {
                    complaint,
                    score: s.score,
                    reasons: s.reasons,
                })
            })
            .collect())
    }
}
