//! Special complaints (R20): important, difficult, leader-assigned and repeat complaints are
//! marked special, each with the reason and who marked it; a repeat complaint is linked to the
//! earlier one it repeats, and counted there.

use crate::ids::{ComplaintId, UserId};
use crate::rejection::Rejection;
use crate::staff::Actor;
use crate::text::TextRule;
use crate::workflow::string_enum;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

string_enum!(
    /// R20: why a complaint is special.
    SpecialKind, "special.kind" {
        Important = "important", "重要投诉", "important";
        Difficult = "difficult", "疑难投诉", "difficult";
        LeaderAssigned = "leader_assigned", "领导交办", "leader-assigned";
        Repeat = "repeat", "重复投诉", "repeat";
    }
);

/// R20: one reason a complaint is special, who said so and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialMark {
    pub kind: SpecialKind,
    pub reason: String,
    pub by: UserId,
    pub by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl SpecialMark {
    /// A mark as typed; a kind already marked is not marked twice.
    pub fn parse(
        kind: Option<&str>,
        reason: Option<&str>,
        marked: &[SpecialMark],
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Self, Rejection> {
        let kind = SpecialKind::parse(kind.unwrap_or(""))?;
        if marked.iter().any(|m| m.kind == kind) {
            return Err(Rejection::AlreadyMarked);
        }
        Ok(SpecialMark {
            kind,
            reason: TextRule::block("reason", 1000).required(reason)?,
            by: actor.id,
            by_name: actor.name.clone(),
            at: now,
        })
    }
}

/// R20: the earlier complaint this one repeats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatLink {
    pub original: ComplaintId,
    pub original_number: String,
    pub by: UserId,
    pub by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The earlier complaint a link points to, as the service found it (the first of its chain).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkTarget {
    pub id: ComplaintId,
    pub number: String,
    pub registered_at: OffsetDateTime,
}
