#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! R7, R17: accusation material never reaches the accused person, and reaches the accused unit
//! (or any unit under it) only once an organizational approval is recorded; an accusation
//! against the center's own staff is reviewed by the director.

use huixiang_domain::decide::{self, Command, Context, ReviewInput};
use huixiang_domain::*;
use std::sync::LazyLock;
use time::macros::datetime;
use uuid::Uuid;

static CALENDAR: LazyLock<WorkCalendar> = LazyLock::new(WorkCalendar::official);
static POLICY: LazyLock<DeadlinePolicy> = LazyLock::new(DeadlinePolicy::default);

const CENTER: UnitId = UnitId(Uuid::from_u128(1));
const SECTION: UnitId = UnitId(Uuid::from_u128(2));
const HIGHER: UnitId = UnitId(Uuid::from_u128(3));
const DEPT: UnitId = UnitId(Uuid::from_u128(4));
const TEAM: UnitId = UnitId(Uuid::from_u128(5));
const OTHER: UnitId = UnitId(Uuid::from_u128(6));

fn units() -> Units {
    let u = |id, kind, parent| Unit {
        id,
        name: format!("{id}"),
        kind,
        parent,
        principal_leader: Some(format!("{id}的负责人")),
    };
    Units::new([
        u(CENTER, UnitKind::Center, None),
        u(SECTION, UnitKind::Section, Some(CENTER)),
        u(HIGHER, UnitKind::HigherOrgan, None),
        u(DEPT, UnitKind::Department, Some(HIGHER)),
        u(TEAM, UnitKind::Department, Some(DEPT)),
        u(OTHER, UnitKind::Department, None),
    ])
}

fn actor(n: u128, role: Role, unit: UnitId) -> Actor {
    Actor {
        id: UserId(Uuid::from_u128(n)),
        name: format!("staff{n}"),
        role,
        unit,
    }
}

fn ctx<'a>(who: &'a Actor, units: &'a Units) -> Context<'a> {
    Context {
        actor: who,
        units,
        calendar: &CALENDAR,
        policy: &POLICY,
        now: datetime!(2026-03-02 09:00 +8),
        staff: &[],
    }
}

/// A registered complaint accusing `unit` and, if given, the staff member `person`.
fn accusation(unit: UnitId, person: Option<&Actor>, center_staff: bool) -> Complaint {
    let units = units();
    let clerk = actor(1, Role::Clerk, CENTER);
    let form = RegistrationInput {
        channel: Some("letter".into()),
        category: Some("service_conduct".into()),
        title: Some("举报窗口工作人员索要好处".into()),
        complainant_name: Some("匿名".into()),
        complainant_address: Some("幸福路1号".into()),
        problem: Some("办理证件时被暗示需要好处费。".into()),
        demands: Some("请查处。".into()),
        accused_name: Some("张某".into()),
        accused_unit: Some(unit),
        accused_user: person.map(|p| p.id),
        accused_center_staff: Some(center_staff),
        ..RegistrationInput::default()
    };
    let number = ComplaintNumber { year: 2026, seq: 1 };
    decide::register(
        ctx(&clerk, &units),
        ComplaintId(Uuid::from_u128(99)),
        number,
        &form,
    )
    .unwrap()
    .complaint
}

fn review(lead: UnitId, co: &[UnitId]) -> Command {
    Command::Review(ReviewInput {
        opinion: Some("请核查".into()),
        decision: Some("transfer".into()),
        lead_unit: Some(lead),
        co_units: co.to_vec(),
        ..ReviewInput::default()
    })
}

fn approve() -> Command {
    Command::ApproveDisclosure(ApprovalInput {
        approver: Some("区纪委 王书记".into()),
        document: Some("区纪发〔2026〕12号".into()),
    })
}

#[test]
fn r7_a_dispatch_to_the_accused_unit_or_below_is_refused_until_approved() {
    let units = units();
    let leader = actor(2, Role::Leader, CENTER);
    let office = actor(3, Role::Office, CENTER);
    let case = accusation(DEPT, None, false);
    let refused = |lead, co: &[UnitId], field| {
        assert_eq!(
            decide::apply(ctx(&leader, &units), &case, review(lead, co)),
            Err(Rejection::AccusedUnitShielded { field }),
            "{lead:?} {co:?}"
        );
    };
    refused(DEPT, &[], "lead_unit");
    refused(TEAM, &[], "lead_unit");
    refused(OTHER, &[TEAM], "co_units");
    assert!(decide::apply(ctx(&leader, &units), &case, review(OTHER, &[])).is_ok());
    // A leader may not record the approval; the office may, once, with approver and document.
    assert!(matches!(
        decide::apply(ctx(&leader, &units), &case, approve()),
        Err(Rejection::RoleNotAllowed { .. })
    ));
    let missing = Command::ApproveDisclosure(ApprovalInput::default());
    assert!(matches!(
        decide::apply(ctx(&office, &units), &case, missing),
        Err(Rejection::InvalidField {
            field: "approver",
            ..
        })
    ));
    let approved = decide::apply(ctx(&office, &units), &case, approve())
        .unwrap()
        .complaint;
    assert_eq!(
        decide::apply(ctx(&office, &units), &approved, approve()),
        Err(Rejection::ApprovalNotNeeded)
    );
    let change = decide::apply(ctx(&leader, &units), &approved, review(DEPT, &[TEAM])).unwrap();
    assert_eq!(change.complaint.dispatch.unwrap().lead_unit, DEPT);
    // R7: by default it goes to the superior organ's principal leader.
    let target = accusation::default_target(case.accusation.as_ref().unwrap(), &units).unwrap();
    assert_eq!(target.unit, HIGHER);
}

#[test]
fn r7_r17_the_accused_never_reads_it_and_the_accused_unit_only_after_approval() {
    let units = units();
    let accused = actor(10, Role::Clerk, SECTION);
    let colleague = actor(11, Role::Clerk, SECTION);
    let center_clerk = actor(12, Role::Clerk, CENTER);
    let leader = actor(13, Role::Leader, CENTER);
    let office = actor(14, Role::Office, CENTER);
    let case = accusation(SECTION, Some(&accused), true);
    let approved = decide::apply(ctx(&office, &units), &case, approve())
        .unwrap()
        .complaint;
    for (who, before, after) in [
        (&accused, false, false),
        (&colleague, false, true),
        (&center_clerk, true, true),
        (&leader, true, true),
        (&office, true, true),
    ] {
        assert_eq!(access::may_read(who, &case, &units), before, "{}", who.name);
        assert_eq!(
            access::may_read(who, &approved, &units),
            after,
            "{}",
            who.name
        );
        // Listings leave out exactly what may_read refuses.
        for c in [&case, &approved] {
            let shield = access::shield(who, &units);
            let a = c.accusation.as_ref().unwrap();
            let listed = access::scope(who).is_ok()
                && a.accused_user != Some(shield.user)
                && (c.disclosure_approval.is_some()
                    || c.registered_by == shield.user
                    || !a.accused_unit.is_some_and(|u| shield.units.contains(&u)));
            assert_eq!(listed, access::may_read(who, c, &units), "{}", who.name);
        }
    }
}

#[test]
fn r7_the_registering_clerk_sees_what_they_registered_unless_accused() {
    let units = units();
    let clerk = actor(1, Role::Clerk, CENTER);
    // `accusation` registers as staff1 of the center; put that clerk in the accused section.
    let mut case = accusation(SECTION, None, false);
    let in_section = Actor {
        unit: SECTION,
        ..clerk.clone()
    };
    assert!(access::may_read(&in_section, &case, &units));
    case.accusation.as_mut().unwrap().accused_user = Some(clerk.id);
    assert!(!access::may_read(&in_section, &case, &units));
}

#[test]
fn r17_an_accusation_against_center_staff_is_reviewed_by_the_director() {
    let units = units();
    let case = accusation(SECTION, None, true);
    let leader = actor(2, Role::Leader, CENTER);
    let director = actor(4, Role::Director, CENTER);
    assert!(matches!(
        decide::apply(ctx(&leader, &units), &case, review(OTHER, &[])),
        Err(Rejection::RoleNotAllowed { .. })
    ));
    assert!(!access::allowed_actions(&leader, &case).contains(&Action::Review));
    assert!(access::allowed_actions(&director, &case).contains(&Action::Review));
    let target = accusation::default_target(case.accusation.as_ref().unwrap(), &units).unwrap();
    assert_eq!(target.unit, CENTER);
    // Handled in-house (not by the accused section, which is shielded) once reviewed.
    let review_in_house = Command::Review(ReviewInput {
        opinion: Some("由中心办公室调查".into()),
        decision: Some("in_house".into()),
        lead_unit: Some(SECTION),
        ..ReviewInput::default()
    });
    assert_eq!(
        decide::apply(ctx(&director, &units), &case, review_in_house),
        Err(Rejection::AccusedUnitShielded { field: "lead_unit" })
    );
}
