//! Staff, their roles, and the tree of units they belong to.

use crate::ids::{UnitId, UserId};
use crate::rejection::Rejection;
use crate::text::TextRule;
use crate::workflow::string_enum;
use std::collections::HashMap;

string_enum!(
    /// What a member of staff does (DESIGN.md, "Who uses it").
    Role, "role" {
        /// 窗口受理员 (R1): registers complaints, forwards, chases, answers complainants.
        Clerk = "clerk", "窗口受理员", "intake clerk";
        /// 中心领导 (R4): reviews new complaints and gives the initial opinion.
        Leader = "leader", "中心领导", "center leader";
        /// 中心主任: a leader who also receives accusations against the center's staff (R17).
        Director = "director", "中心主任", "center director";
        /// 中心办公室: letters, supervision, closure review and archive, statistics.
        Office = "office", "中心办公室", "center office";
        /// 承办人: handles the cases dispatched to their unit.
        Handler = "handler", "承办人", "handler";
        /// 部门负责人: a handler who also distributes work and signs off results.
        DeptHead = "dept_head", "部门负责人", "department head";
        /// 分管领导: reads reports and major-issue notices.
        Overseer = "overseer", "分管领导", "overseeing leader";
        /// 系统管理员: users, units, settings; does not read complaint content.
        Admin = "admin", "系统管理员", "administrator";
        /// R2: the system account the online channel registers complaints under. Nobody signs in
        /// with it; it may register online complaints and attach their files, nothing else.
        Portal = "portal", "网上投诉平台", "online portal (system)";
    }
);

impl Role {
    /// Leaders of the center: they review new complaints (R4).
    pub fn is_leader(self) -> bool {
        matches!(self, Role::Leader | Role::Director)
    }

    /// Staff of a handling unit.
    pub fn is_handling_staff(self) -> bool {
        matches!(self, Role::Handler | Role::DeptHead)
    }
}

/// The person acting, as the service layer has authenticated them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub unit: UnitId,
}

string_enum!(
    /// What kind of body a unit is. The center and its sections are "inside"; the rest are not.
    UnitKind, "kind" {
        /// 社区事务受理中心: the root of the center's own tree.
        Center = "center", "受理中心", "the center";
        /// 中心内设科室: one of the center's own sections.
        Section = "section", "中心科室", "center section";
        /// 镇职能部门: a town department that cases are transferred or assigned to.
        Department = "department", "职能部门", "town department";
        /// 上级机关: a higher organ (it assigns cases and receives reports back).
        HigherOrgan = "higher_organ", "上级机关", "higher organ";
        /// 其他单位: any other outside body (utilities, property companies, …).
        External = "external", "外部单位", "outside body";
    }
);

impl UnitKind {
    /// The center itself or one of its sections.
    pub fn is_inside_center(self) -> bool {
        matches!(self, UnitKind::Center | UnitKind::Section)
    }
}

/// A unit in the tree: its parent is its superior organ; each unit names its principal leader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub principal_leader: Option<String>,
}

/// What a person types to create or change a unit.
#[derive(Clone, Debug, Default)]
pub struct UnitInput {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub parent: Option<UnitId>,
    pub principal_leader: Option<String>,
}

/// The validated fields of a unit, before it has an id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitFields {
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub principal_leader: Option<String>,
}

impl UnitFields {
    /// Validates `input` against the existing tree; `this` is the unit being changed, if any.
    pub fn parse(
        input: &UnitInput,
        units: &Units,
        this: Option<UnitId>,
    ) -> Result<Self, Rejection> {
        let name = TextRule::line("name", 100).required(input.name.as_deref())?;
        let kind = UnitKind::parse(input.kind.as_deref().unwrap_or(""))?;
        let principal_leader =
            TextRule::line("principal_leader", 50).optional(input.principal_leader.as_deref())?;
        if let Some(parent) = input.parent {
            if units.get(parent).is_none() {
                return Err(Rejection::UnitNotFound { field: "parent" });
            }
            if let Some(this) = this
                && units.is_within(parent, this)
            {
                return Err(Rejection::UnitParentInvalid);
            }
        }
        Ok(Self {
            name,
            kind,
            parent: input.parent,
            principal_leader,
        })
    }
}

impl UnitFields {
    /// The unit these fields describe, once it has an id.
    pub fn into_unit(self, id: UnitId) -> Unit {
        Unit {
            id,
            name: self.name,
            kind: self.kind,
            parent: self.parent,
            principal_leader: self.principal_leader,
        }
    }
}

/// All units, as a tree. Small (tens to hundreds of rows), so it is loaded whole.
#[derive(Clone, Debug, Default)]
pub struct Units {
    by_id: HashMap<UnitId, Unit>,
}

impl Units {
    pub fn new(units: impl IntoIterator<Item = Unit>) -> Self {
        Self {
            by_id: units.into_iter().map(|u| (u.id, u)).collect(),
        }
    }

    pub fn get(&self, id: UnitId) -> Option<&Unit> {
        self.by_id.get(&id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Unit> {
        self.by_id.values()
    }

    /// `unit` and every unit above it, nearest first. Stops on a cycle.
    pub fn ancestors(&self, unit: UnitId) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut current = Some(unit);
        while let Some(id) = current {
            if out.contains(&id) || out.len() > self.by_id.len() {
                break;
            }
            out.push(id);
            current = self.get(id).and_then(|u| u.parent);
        }
        out
    }

    /// Looks up a unit named in the input `field`; an unknown id is refused for that field.
    pub fn require(&self, id: UnitId, field: &'static str) -> Result<&Unit, Rejection> {
        self.get(id).ok_or(Rejection::UnitNotFound { field })
    }

    /// Whether `unit` is `ancestor` or lies anywhere below it. Stops on a cycle.
    pub fn is_within(&self, unit: UnitId, ancestor: UnitId) -> bool {
        let mut current = Some(unit);
        let mut steps = 0;
        while let Some(id) = current {
            if id == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.by_id.len() {
                return false;
            }
            current = self.get(id).and_then(|u| u.parent);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn unit(n: u128, parent: Option<u128>) -> Unit {
        Unit {
            id: UnitId(Uuid::from_u128(n)),
            name: format!("u{n}"),
            kind: UnitKind::Section,
            parent: parent.map(|p| UnitId(Uuid::from_u128(p))),
            principal_leader: None,
        }
    }

    #[test]
    fn within_follows_parents() {
        let units = Units::new([
            unit(1, None),
            unit(2, Some(1)),
            unit(3, Some(2)),
            unit(4, None),
        ]);
        let id = |n| UnitId(Uuid::from_u128(n));
        assert!(units.is_within(id(3), id(1)));
        assert!(units.is_within(id(2), id(2)));
        assert!(!units.is_within(id(1), id(3)));
        assert!(!units.is_within(id(3), id(4)));
    }

    #[test]
    fn a_unit_cannot_move_under_itself() {
        let units = Units::new([unit(1, None), unit(2, Some(1))]);
        let input = UnitInput {
            name: Some("科室".into()),
            kind: Some("section".into()),
            parent: Some(UnitId(Uuid::from_u128(2))),
            principal_leader: None,
        };
        assert_eq!(
            UnitFields::parse(&input, &units, Some(UnitId(Uuid::from_u128(1)))),
            Err(Rejection::UnitParentInvalid)
        );
        assert!(UnitFields::parse(&input, &units, None).is_ok());
    }
}
