//! R32: recusal (回避). Staff declare their conflicts — a relative's name, phone or ID number, an
//! address, a unit, or a specific case — and may recuse themselves from a case. A member of
//! staff who is the accused, or whose declared conflict matches the complainant, the accused or
//! the case, may neither act on the case nor see it; the refusal names the reason.

use crate::complaint::Complaint;
use crate::ids::{ComplaintId, UnitId};
use crate::rejection::{FieldProblem, Rejection};
use crate::staff::Actor;
use crate::text::{self, TextRule, phone_digits, squeeze};
use crate::workflow::string_enum;
use serde::{Deserialize, Serialize};

string_enum!(
    /// What a declared conflict names.
    ConflictKind, "kind" {
        /// A relative's (or one's own) name, matched against the complainant and the accused.
        Name = "name", "姓名", "name";
        /// A phone number, matched against the complainant's.
        Phone = "phone", "电话", "phone";
        /// A resident ID card number, matched against the complainant's.
        IdNumber = "id_number", "身份证号码", "ID card number";
        /// An address, matched against the complainant's.
        Address = "address", "住址", "address";
        /// A unit (its id), matched against the accused unit.
        Unit = "unit", "单位", "unit";
        /// One case (its id): a recusal from that case.
        Case = "case", "具体投诉", "a case";
    }
);

/// One declared conflict of one member of staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// Normalized: trimmed, inner blanks removed for phones, ID numbers and addresses.
    pub value: String,
    pub note: Option<String>,
}

/// A declaration as typed.
#[derive(Clone, Debug, Default)]
pub struct ConflictInput {
    pub kind: Option<String>,
    pub value: Option<String>,
    pub note: Option<String>,
}

impl Conflict {
    pub fn parse(input: &ConflictInput) -> Result<Self, Rejection> {
        let kind = ConflictKind::parse(input.kind.as_deref().unwrap_or(""))?;
        let bad = || Rejection::InvalidField {
            field: "value",
            problem: FieldProblem::BadFormat,
        };
        let raw = TextRule::line("value", 200).required(input.value.as_deref())?;
        let value = match kind {
            ConflictKind::Name => raw,
            ConflictKind::Address => squeeze(&raw),
            ConflictKind::Phone => {
                let phone = text::phone("value", Some(&raw))?.ok_or_else(bad)?;
                phone_digits(&phone)
            }
            ConflictKind::IdNumber => text::id_number("value", Some(&raw))?.ok_or_else(bad)?,
            ConflictKind::Unit => raw.parse::<uuid::Uuid>().map_err(|_| bad())?.to_string(),
            ConflictKind::Case => raw.parse::<uuid::Uuid>().map_err(|_| bad())?.to_string(),
        };
        let note = TextRule::line("remark", 200).optional(input.note.as_deref())?;
        Ok(Conflict { kind, value, note })
    }

    /// A recusal from one case.
    pub fn case(id: ComplaintId, note: Option<String>) -> Self {
        Conflict {
            kind: ConflictKind::Case,
            value: id.0.to_string(),
            note,
        }
    }
}

/// Why a member of staff must step aside from a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecusalReason {
    /// They are the accused.
    Accused,
    /// A declared conflict matches.
    Declared(ConflictKind),
}

/// R32: why `actor`, with their declared `conflicts`, must step aside from `complaint`, if
/// they must.
pub fn recusal(
    actor: &Actor,
    complaint: &Complaint,
    conflicts: &[Conflict],
) -> Option<RecusalReason> {
    if complaint.accuses(actor.id) {
        return Some(RecusalReason::Accused);
    }
    let p = &complaint.complainant;
    let accused = complaint.accusation.as_ref();
    let same = |a: &Option<String>, v: &str| a.as_deref().is_some_and(|a| squeeze(a) == v);
    conflicts
        .iter()
        .find(|c| match c.kind {
            ConflictKind::Name => {
                p.name == c.value
                    || accused.is_some_and(|a| a.accused_name.as_deref() == Some(c.value.as_str()))
            }
            ConflictKind::Phone => p
                .phone
                .as_deref()
                .is_some_and(|ph| phone_digits(ph) == c.value),
            ConflictKind::IdNumber => p.id_number.as_deref() == Some(c.value.as_str()),
            ConflictKind::Address => same(&p.address, &c.value),
            ConflictKind::Unit => accused
                .and_then(|a| a.accused_unit)
                .is_some_and(|u: UnitId| u.0.to_string() == c.value),
            ConflictKind::Case => complaint.id.0.to_string() == c.value,
        })
        .map(|c| RecusalReason::Declared(c.kind))
}

impl From<RecusalReason> for Rejection {
    fn from(reason: RecusalReason) -> Self {
        Rejection::Recused {
            kind: match reason {
                RecusalReason::Accused => "accused",
                RecusalReason::Declared(kind) => kind.as_str(),
            },
        }
    }
}
