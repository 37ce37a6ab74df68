//! R20: repeat complaints. While a clerk registers, the earlier complaints of the last 12 months
//! (configurable) that may be the same matter are suggested: same phone, same name and
//! address, or similar text. Only cases the clerk may see are looked at.

use crate::recusal::{conflicts, listable};
use crate::{Result, Service};
use huixiang_domain::repeat::{Probe, RepeatReason, suggest};
use huixiang_domain::{Actor, Complaint, RegistrationInput, access, privacy};
use huixiang_store::ComplaintFilter;

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

impl Service {
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
            limit: REPEAT_SCAN_MAX,
            offset: 0,
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
