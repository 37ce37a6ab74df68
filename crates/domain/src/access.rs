//! Who may do what to which complaint. One place decides; the service asks it for every caller
//! and the API lists what it allows.

use crate::complaint::Complaint;
use crate::ids::{UnitId, UserId};
use crate::rejection::Rejection;
use crate::staff::{Actor, Role, Units};
use crate::workflow::{self, Action};

/// R1, R15: the intake window and the center office register complaints.
/// R2: the online portal's system account registers the complaints citizens submit.
pub fn may_register(actor: &Actor) -> Result<(), Rejection> {
    match actor.role {
        Role::Clerk | Role::Office | Role::Portal => Ok(()),
        _ => Err(Rejection::RoleNotAllowed {
            action: Action::Register,
        }),
    }
}

/// Whether `actor` may see `complaint` at all. Handling staff see only what is with their unit
/// (or what their unit assigned); the administrator manages the system, not complaints.
/// R7, R17: the accused person never sees an accusation, and the accused unit and the units
/// under it see it only once an organizational approval is recorded.
pub fn may_read(actor: &Actor, complaint: &Complaint, units: &Units) -> bool {
    // The registering clerk is on the case's path and already knows it; the accused never.
    let registered_it = complaint.registered_by == actor.id;
    if complaint.accuses(actor.id)
        || (complaint.is_shielded_from(actor.unit, units) && !registered_it)
    {
        return false;
    }
    match actor.role {
        Role::Admin | Role::Portal => false,
        Role::Handler => complaint.is_with_unit(actor.unit),
        Role::DeptHead => complaint.is_with_unit(actor.unit) || is_assigning_unit(actor, complaint),
        Role::Clerk | Role::Leader | Role::Director | Role::Office | Role::Overseer => true,
    }
}

/// Whether the role and unit of `actor` allow `action` on `complaint` (the state is checked
/// separately by the workflow table).
pub fn authorize(actor: &Actor, action: Action, complaint: &Complaint) -> Result<(), Rejection> {
    let role_refused = Err(Rejection::RoleNotAllowed { action });
    let unit_refused = Err(Rejection::NotYourUnit { action });
    let against_center_staff = complaint
        .accusation
        .as_ref()
        .is_some_and(|a| a.center_staff);
    match action {
        // R17: an accusation against the center's own staff goes to the center director.
        Action::Review | Action::NotAccept if against_center_staff => {
            if actor.role == Role::Director {
                Ok(())
            } else {
                role_refused
            }
        }
        // R4: a center leader reviews every new complaint.
        Action::Review | Action::NotAccept if actor.role.is_leader() => Ok(()),
        // R7, R17: the center office or the director records the organization's approval.
        Action::ApproveDisclosure if matches!(actor.role, Role::Office | Role::Director) => Ok(()),
        // R9: an extension needs a leader's approval.
        Action::DecideExtension if actor.role.is_leader() => Ok(()),
        // Only the lead unit acknowledges, objects, concludes, asks for time and explains.
        Action::Acknowledge
        | Action::Object
        | Action::SubmitResult
        | Action::RequestExtension
        | Action::Explain
            if actor.role.is_handling_staff() =>
        {
            if complaint.is_led_by(actor.unit) {
                Ok(())
            } else {
                unit_refused
            }
        }
        // R23: the lead unit answers the office's supervision.
        Action::RespondSupervision if actor.role.is_handling_staff() => {
            if complaint.is_led_by(actor.unit) {
                Ok(())
            } else {
                unit_refused
            }
        }
        // R21, R25: the center (its office or a leader) asks outside departments and sends
        // people; R22: and writes the report on a leader-assigned case.
        Action::Refer | Action::RecordReferralReply | Action::Cooperate | Action::FileReport
            if matches!(actor.role, Role::Office | Role::Leader | Role::Director) =>
        {
            Ok(())
        }
        // R23, R24: the center office supervises and holds joint studies.
        Action::Supervise | Action::StudyJointly if actor.role == Role::Office => Ok(()),
        // R27: the window, the office and the units handling the case report major issues.
        Action::RaiseNotice => match actor.role {
            Role::Clerk | Role::Office => Ok(()),
            Role::Handler | Role::DeptHead if complaint.is_with_unit(actor.unit) => Ok(()),
            Role::Handler | Role::DeptHead => unit_refused,
            _ => role_refused,
        },
        // Lead and co-handling units both report progress (R16).
        Action::RecordProgress if actor.role.is_handling_staff() => {
            if complaint.is_with_unit(actor.unit) {
                Ok(())
            } else {
                unit_refused
            }
        }
        // R12, R13: the center office, or the unit that assigned the case, reviews the result.
        Action::ReviewClosure => match actor.role {
            Role::Office => Ok(()),
            Role::Leader | Role::Director | Role::DeptHead => {
                if is_assigning_unit(actor, complaint) {
                    Ok(())
                } else {
                    unit_refused
                }
            }
            _ => role_refused,
        },
        // Files: center staff on the case's path, and the units handling it. The portal only
        // attaches what the citizen submitted, while the case it registered is new.
        Action::Attach => match actor.role {
            Role::Clerk | Role::Office | Role::Leader | Role::Director => Ok(()),
            Role::Handler | Role::DeptHead if complaint.is_with_unit(actor.unit) => Ok(()),
            Role::Handler | Role::DeptHead => unit_refused,
            Role::Portal
                if complaint.registered_by == actor.id
                    && complaint.state == crate::State::Registered =>
            {
                Ok(())
            }
            _ => role_refused,
        },
        // R15, R18: letters, their enclosures and excerpts are the center office's.
        Action::AddEnclosure | Action::RecordCustody | Action::Excerpt
            if actor.role == Role::Office =>
        {
            Ok(())
        }
        // R20: center staff who register, review and supervise mark complaints special; the
        // window and the office link repeats.
        Action::MarkSpecial
            if matches!(
                actor.role,
                Role::Clerk | Role::Office | Role::Leader | Role::Director
            ) =>
        {
            Ok(())
        }
        Action::LinkRepeat | Action::Merge if matches!(actor.role, Role::Clerk | Role::Office) => {
            Ok(())
        }
        // R2: the window and the office answer complainants, and give them query codes.
        Action::IssueCode if matches!(actor.role, Role::Clerk | Role::Office) => Ok(()),
        // R15: a leader instructs on a letter excerpted for them (the letter says whom).
        Action::Instruct if actor.role.is_leader() || actor.role == Role::Overseer => Ok(()),
        // R14: the center office binds and archives dossiers.
        Action::Archive if actor.role == Role::Office => Ok(()),
        Action::Withdraw | Action::Edit if matches!(actor.role, Role::Clerk | Role::Office) => {
            Ok(())
        }
        _ => role_refused,
    }
}

/// The actions `actor` may take on `complaint` now: allowed by both role and state. The UI
/// and API offer exactly these.
pub fn allowed_actions(actor: &Actor, complaint: &Complaint) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| workflow::targets(complaint.state, *a).is_some())
        .filter(|a| authorize(actor, *a, complaint).is_ok())
        .filter(|a| data_allows(actor, *a, complaint))
        .chain(may_chase(actor, complaint).is_ok().then_some(Action::Chase))
        .collect()
}

/// What the case's own records allow beyond its state: one extension request at a time, and a
/// decision only on a pending one; letter steps on letters only (R15–R18); an approval only
/// where one is needed (R7); a reply to an open referral, supervision of an instructed
/// dispatch, an answer to a supervision, and the written report before the dossier (R21–R23).
fn data_allows(actor: &Actor, action: Action, complaint: &Complaint) -> bool {
    let pending = complaint
        .dispatch
        .as_ref()
        .and_then(|d| d.pending_extension())
        .is_some();
    let letter = complaint.letter.as_ref();
    match action {
        Action::RequestExtension => !pending,
        Action::DecideExtension => pending,
        Action::AddEnclosure => letter.is_some(),
        Action::RecordCustody => letter.is_some_and(|l| l.outstanding() > 0),
        Action::Excerpt => letter.is_some_and(|l| l.excerpt.is_none()),
        Action::Instruct => letter.is_some_and(|l| l.excerpted_to(actor)),
        Action::LinkRepeat => complaint.repeat_of.is_none(),
        Action::MarkSpecial => complaint.special.len() < crate::SpecialKind::ALL.len(),
        Action::RecordReferralReply => complaint
            .handling
            .referrals
            .iter()
            .any(|r| r.reply.is_none()),
        Action::Supervise => crate::handling::supervisable(complaint),
        Action::RespondSupervision => !complaint.handling.supervisions.is_empty(),
        Action::FileReport => crate::handling::report_owed(complaint),
        // R22: a leader-assigned case is archived after its written report.
        Action::Archive => !crate::handling::report_owed(complaint),
        // R7: an approval is for an accusation naming a unit, and is recorded once.
        Action::ApproveDisclosure => {
            complaint
                .accusation
                .as_ref()
                .is_some_and(|a| a.accused_unit.is_some())
                && complaint.disclosure_approval.is_none()
        }
        _ => true,
    }
}

fn is_assigning_unit(actor: &Actor, complaint: &Complaint) -> bool {
    complaint
        .dispatch
        .as_ref()
        .is_some_and(|d| d.assigning_unit == actor.unit)
}

/// R7: who may see the record of reads of an accusation case: the center office and leaders.
pub fn may_see_reads(actor: &Actor) -> bool {
    actor.role == Role::Office || actor.role.is_leader()
}

/// Units and users are managed by the administrator.
pub fn may_administer(actor: &Actor) -> Result<(), Rejection> {
    if actor.role == Role::Admin {
        Ok(())
    } else {
        Err(Rejection::AdminOnly)
    }
}

/// R10: the window and the center office chase a case by hand while it is with a unit.
pub fn may_chase(actor: &Actor, complaint: &Complaint) -> Result<(), Rejection> {
    let action = Action::Chase;
    if !matches!(actor.role, Role::Clerk | Role::Office) {
        return Err(Rejection::RoleNotAllowed { action });
    }
    if !complaint.state.is_with_unit() {
        return Err(Rejection::TransitionNotAllowed {
            state: complaint.state,
            action,
        });
    }
    Ok(())
}

/// R7, R17: the accusation cases a listing must leave out for an actor, the same rule as
/// [`may_read`] as a query: those accusing the actor, and those accusing the actor's unit or
/// any unit above it while no approval is recorded (unless the actor registered them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shield {
    pub user: UserId,
    /// The actor's unit and every unit above it.
    pub units: Vec<UnitId>,
}

pub fn shield(actor: &Actor, units: &Units) -> Shield {
    Shield {
        user: actor.id,
        units: units.ancestors(actor.unit),
    }
}

/// Which cases a listing may show an actor: the same rule as [`may_read`], as a query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every case.
    All,
    /// Cases with this unit as lead or co-handling unit, and also as the assigning unit when
    /// `assigning_too` (a department head reviews what its unit assigned).
    Unit { unit: UnitId, assigning_too: bool },
}

/// The cases `actor` may list; the administrator lists none.
pub fn scope(actor: &Actor) -> Result<Scope, Rejection> {
    match actor.role {
        Role::Admin | Role::Portal => Err(Rejection::NotPermitted),
        Role::Handler => Ok(Scope::Unit {
            unit: actor.unit,
            assigning_too: false,
        }),
        Role::DeptHead => Ok(Scope::Unit {
            unit: actor.unit,
            assigning_too: true,
        }),
        Role::Clerk | Role::Leader | Role::Director | Role::Office | Role::Overseer => {
            Ok(Scope::All)
        }
    }
}
