//! R27: major-issue notices (重大情况报告). A department or the window reports a major complaint
//! to the center office at once; the office and the center leaders receive every notice, and the
//! overseeing (town) leader the major and complex ones. Who has read a notice is recorded.

use crate::handling::Recorded;
use crate::ids::UnitId;
use crate::rejection::Rejection;
use crate::staff::{Actor, Role};
use crate::text::TextRule;
use crate::workflow::string_enum;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

string_enum!(
    /// How grave the matter is, which decides who receives the notice.
    NoticeLevel, "level" {
        /// 重要: the center office and the center leaders.
        Important = "important", "重要情况", "important";
        /// 重大: also the overseeing leader.
        Major = "major", "重大情况", "major";
        /// 复杂: also the overseeing leader.
        Complex = "complex", "重大复杂情况", "major and complex";
    }
);

/// R27: one notice about one complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub level: NoticeLevel,
    /// What happened and why it matters, in the raiser's words.
    pub summary: String,
    /// The raiser's unit.
    pub unit: UnitId,
    pub raised: Recorded,
}

impl Notice {
    pub fn parse(
        level: Option<&str>,
        summary: Option<&str>,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Self, Rejection> {
        Ok(Notice {
            level: NoticeLevel::parse(level.unwrap_or(""))?,
            summary: TextRule::block("summary", 2000).required(summary)?,
            unit: actor.unit,
            raised: Recorded::now(actor, now),
        })
    }

    /// R27: whether a member of staff in `role` receives the notice.
    pub fn goes_to(level: NoticeLevel, role: Role) -> bool {
        match role {
            Role::Office | Role::Leader | Role::Director => true,
            Role::Overseer => level != NoticeLevel::Important,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r27_the_overseer_receives_major_and_complex_notices() {
        for level in NoticeLevel::ALL {
            assert!(Notice::goes_to(*level, Role::Office));
            assert!(Notice::goes_to(*level, Role::Leader));
            assert!(Notice::goes_to(*level, Role::Director));
            assert!(!Notice::goes_to(*level, Role::Handler));
            assert!(!Notice::goes_to(*level, Role::Clerk));
            assert_eq!(
                Notice::goes_to(*level, Role::Overseer),
                *level != NoticeLevel::Important
            );
        }
    }
}
