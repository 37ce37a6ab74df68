//! R7, R17: accusation material (检举、揭发、控告). A complaint may accuse a person, a unit, or
//! both; it must never reach the accused person, nor — without an organizational approval on
//! record — the accused unit or any unit under it. By default it goes to the principal leader
//! of the accused unit's superior organ; an accusation against the center's own staff goes to
//! the center director through the center office.

use crate::complaint::Complaint;
use crate::ids::{UnitId, UserId};
use crate::rejection::{FieldProblem, Rejection};
use crate::staff::{Actor, UnitKind, Units};
use crate::text::TextRule;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Who a complaint accuses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accusation {
    /// The accused person as named in the complaint.
    pub accused_name: Option<String>,
    /// The accused unit, if it is in the unit tree.
    pub accused_unit: Option<UnitId>,
    /// The accused person's account, when they are staff who use this system.
    pub accused_user: Option<UserId>,
    /// R17: the accused is the center's own staff.
    pub center_staff: bool,
}

/// The accusation part of the handling form as typed.
#[derive(Clone, Debug, Default)]
pub struct AccusationInput {
    pub accused_name: Option<String>,
    pub accused_unit: Option<UnitId>,
    pub accused_user: Option<UserId>,
    pub center_staff: Option<bool>,
}

impl Accusation {
    /// `None` when the form names no accused person or unit (an ordinary complaint).
    pub fn parse(input: &AccusationInput) -> Result<Option<Self>, Rejection> {
        let accused_name =
            TextRule::line("accused_name", 50).optional(input.accused_name.as_deref())?;
        let center_staff = input.center_staff.unwrap_or(false);
        if accused_name.is_none() && input.accused_unit.is_none() && input.accused_user.is_none() {
            if center_staff {
                return Err(Rejection::InvalidField {
                    field: "accused_name",
                    problem: FieldProblem::Missing,
                });
            }
            return Ok(None);
        }
        Ok(Some(Accusation {
            accused_name,
            accused_unit: input.accused_unit,
            accused_user: input.accused_user,
            center_staff,
        }))
    }
}

/// R7: the organizational approval that lets the accused unit (and the units under it) handle
/// or see the accusation. The accused person never may.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureApproval {
    /// Who approved (the organization's responsible person).
    pub approver: String,
    /// The approving document's reference (文号).
    pub document: String,
    pub recorded_by: UserId,
    pub recorded_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The approval as typed.
#[derive(Clone, Debug, Default)]
pub struct ApprovalInput {
    pub approver: Option<String>,
    pub document: Option<String>,
}

impl DisclosureApproval {
    pub fn parse(
        input: &ApprovalInput,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<Self, Rejection> {
        Ok(DisclosureApproval {
            approver: TextRule::line("approver", 50).required(input.approver.as_deref())?,
            document: TextRule::line("document", 100).required(input.document.as_deref())?,
            recorded_by: actor.id,
            recorded_by_name: actor.name.clone(),
            at,
        })
    }
}

impl Complaint {
    /// R7, R17: whether `user` is the accused person.
    pub fn accuses(&self, user: UserId) -> bool {
        self.accusation
            .as_ref()
            .is_some_and(|a| a.accused_user == Some(user))
    }

    /// R7: whether `unit` is the accused unit or under it while no approval is on record.
    pub fn is_shielded_from(&self, unit: UnitId, units: &Units) -> bool {
        self.disclosure_approval.is_none()
            && self
                .accusation
                .as_ref()
                .and_then(|a| a.accused_unit)
                .is_some_and(|accused| units.is_within(unit, accused))
    }
}

/// Where an accusation goes by default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefaultTarget {
    pub unit: UnitId,
    /// Its principal leader, who receives it.
    pub leader: Option<String>,
}

/// R7, R17: the default target of an accusation: the center itself (its director, through the
/// center office) when the accused is center staff; otherwise the accused unit's superior organ.
pub fn default_target(accusation: &Accusation, units: &Units) -> Option<DefaultTarget> {
    let unit = if accusation.center_staff {
        units.iter().find(|u| u.kind == UnitKind::Center)?
    } else {
        let accused = units.get(accusation.accused_unit?)?;
        units.get(accused.parent?)?
    };
    Some(DefaultTarget {
        unit: unit.id,
        leader: unit.principal_leader.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::Unit;
    use uuid::Uuid;

    fn unit(n: u128, kind: UnitKind, parent: Option<u128>, leader: &str) -> Unit {
        Unit {
            id: UnitId(Uuid::from_u128(n)),
            name: format!("u{n}"),
            kind,
            parent: parent.map(|p| UnitId(Uuid::from_u128(p))),
            principal_leader: Some(leader.into()),
        }
    }

    fn tree() -> Units {
        Units::new([
            unit(1, UnitKind::Center, None, "主任"),
            unit(2, UnitKind::HigherOrgan, None, "局长"),
            unit(3, UnitKind::Department, Some(2), "队长"),
            unit(4, UnitKind::Department, Some(3), "分队长"),
        ])
    }

    fn id(n: u128) -> UnitId {
        UnitId(Uuid::from_u128(n))
    }

    #[test]
    fn r7_an_accusation_needs_someone_accused() {
        assert_eq!(Accusation::parse(&AccusationInput::default()), Ok(None));
        let staff_only = AccusationInput {
            center_staff: Some(true),
            ..AccusationInput::default()
        };
        assert!(Accusation::parse(&staff_only).is_err());
        let named = AccusationInput {
            accused_name: Some("李某".into()),
            ..AccusationInput::default()
        };
        assert_eq!(
            Accusation::parse(&named)
                .unwrap()
                .unwrap()
                .accused_name
                .as_deref(),
            Some("李某")
        );
    }

    #[test]
    fn r7_the_default_target_is_the_superior_organs_principal_leader() {
        let units = tree();
        let acc = Accusation {
            accused_name: None,
            accused_unit: Some(id(4)),
            accused_user: None,
            center_staff: false,
        };
        let target = default_target(&acc, &units).unwrap();
        assert_eq!(target.unit, id(3));
        assert_eq!(target.leader.as_deref(), Some("队长"));
        // R17: against center staff, the center (its director).
        let staff = Accusation {
            center_staff: true,
            accused_unit: None,
            ..acc
        };
        assert_eq!(default_target(&staff, &units).unwrap().unit, id(1));
    }
}
