#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every (state, action) pair of the workflow, allowed and refused, and every role/unit check.

use huixiang_domain::complaint::{Extension, ExtensionState};
use huixiang_domain::decide::{self, Command, Context, ResultInput, ReviewInput};
use huixiang_domain::*;
use std::sync::LazyLock;
use time::macros::datetime;
use uuid::Uuid;

static CALENDAR: LazyLock<WorkCalendar> = LazyLock::new(WorkCalendar::official);
static POLICY: LazyLock<DeadlinePolicy> = LazyLock::new(DeadlinePolicy::default);

const CENTER: UnitId = UnitId(Uuid::from_u128(1));
const SECTION: UnitId = UnitId(Uuid::from_u128(2));
const TOWN_DEPT: UnitId = UnitId(Uuid::from_u128(3));
const OTHER_DEPT: UnitId = UnitId(Uuid::from_u128(4));
const HIGHER: UnitId = UnitId(Uuid::from_u128(5));

fn units() -> Units {
    let u = |id, kind, parent| Unit {
        id,
        name: format!("{id}"),
        kind,
        parent,
        principal_leader: None,
    };
    Units::new([
        u(CENTER, UnitKind::Center, None),
        u(SECTION, UnitKind::Section, Some(CENTER)),
        u(TOWN_DEPT, UnitKind::Department, None),
        u(OTHER_DEPT, UnitKind::Department, None),
        u(HIGHER, UnitKind::HigherOrgan, None),
    ])
}

fn actor(role: Role, unit: UnitId) -> Actor {
    Actor {
        id: UserId(Uuid::from_u128(100 + role as u128)),
        name: role.to_string(),
        role,
        unit,
    }
}

fn form() -> RegistrationInput {
    RegistrationInput {
        channel: Some("in_person".into()),
        category: Some("municipal".into()),
        title: Some("路灯不亮".into()),
        complainant_name: Some("李建国".into()),
        complainant_address: Some("和平路12号".into()),
        problem: Some("小区门口路灯坏了一个月。".into()),
        demands: Some("尽快修复。".into()),
        ..Default::default()
    }
}

/// A complaint in `state`, dispatched (where the state implies it) to TOWN_DEPT as lead and
/// SECTION as co-handling unit, assigned by the center.
fn complaint_in(state: State) -> Complaint {
    let now = datetime!(2026-03-02 09:00 +8);
    let clerk = actor(Role::Clerk, CENTER);
    let units = units();
    let ctx = Context {
        actor: &clerk,
        units: &units,
        calendar: &CALENDAR,
        policy: &POLICY,
        now,
        staff: &[],
    };
    let number = ComplaintNumber { year: 2026, seq: 1 };
    let mut c = decide::register(ctx, ComplaintId(Uuid::from_u128(9)), number, &form())
        .unwrap()
        .complaint;
    c.state = state;
    if !matches!(state, State::Registered | State::NotAccepted) {
        c.dispatch = Some(Dispatch {
            kind: Decision::Transfer,
            lead_unit: TOWN_DEPT,
            co_units: vec![SECTION],
            instruction: None,
            report_back: false,
            assigning_unit: CENTER,
            deadline: POLICY
                .deadline(&CALENDAR, DeadlineRule::Ordinary, None, now.date())
                .unwrap(),
            report_back_due: None,
            extensions: Vec::new(),
            explanations: Vec::new(),
            dispatched_by: actor(Role::Leader, CENTER).id,
            at: now,
        });
    }
    c
}

/// R7: an accusation against `unit` (and nobody with an account).
fn accusing(unit: UnitId) -> huixiang_domain::Accusation {
    huixiang_domain::Accusation {
        accused_name: Some("某科长".into()),
        accused_unit: Some(unit),
        accused_user: None,
        center_staff: false,
    }
}

/// A valid command for `action`, and an actor whose role and unit may take it.
fn command_for(action: Action) -> (Command, Actor) {
    let handler = actor(Role::Handler, TOWN_DEPT);
    let reason = Some("投诉人来电撤回".to_string());
    match action {
        Action::Review => (
            Command::Review(ReviewInput {
                opinion: Some("请城管科核实处理".into()),
                decision: Some("transfer".into()),
                lead_unit: Some(TOWN_DEPT),
                co_units: vec![SECTION],
                ..Default::default()
            }),
            actor(Role::Leader, CENTER),
        ),
        Action::NotAccept => (Command::NotAccept { reason }, actor(Role::Leader, CENTER)),
        Action::Acknowledge => (Command::Acknowledge, handler),
        Action::Object => (Command::Object { reason }, handler),
        Action::RecordProgress => (
            Command::RecordProgress {
                note: Some("已现场查看".into()),
            },
            handler,
        ),
        Action::SubmitResult => (
            Command::SubmitResult(ResultInput {
                findings: Some("路灯线路老化".into()),
                handling: Some("已更换线路".into()),
                complainant_met: Some(true),
                reply: Some("已修复，感谢监督".into()),
            }),
            handler,
        ),
        Action::ReviewClosure => (
            Command::ReviewClosure(verdicts(None)),
            actor(Role::Office, CENTER),
        ),
        Action::Archive => (
            Command::Archive {
                archive_number: "卷-2026-0001".into(),
            },
            actor(Role::Office, CENTER),
        ),
        Action::Withdraw => (Command::Withdraw { reason }, actor(Role::Clerk, CENTER)),
        Action::Edit => {
            let mut f = form();
            f.title = Some("小区门口路灯不亮".into());
            (
                Command::Edit {
                    form: Box::new(f),
                    reason,
                },
                actor(Role::Clerk, CENTER),
            )
        }
        Action::RequestExtension => (
            Command::RequestExtension {
                new_due: Some("2026-04-30".into()),
                reason: Some("需协调多个部门".into()),
            },
            handler,
        ),
        Action::DecideExtension => (
            Command::DecideExtension {
                approve: Some(true),
                note: None,
            },
            actor(Role::Leader, CENTER),
        ),
        Action::Explain => (
            Command::Explain {
                text: Some("涉及历史遗留问题，正在协调".into()),
            },
            handler,
        ),
        Action::ApproveDisclosure => (
            Command::ApproveDisclosure(huixiang_domain::ApprovalInput {
                approver: Some("区纪委 王书记".into()),
                document: Some("区纪发〔2026〕12号".into()),
            }),
            actor(Role::Office, CENTER),
        ),
        Action::Attach => (
            Command::Attach(huixiang_domain::AttachmentMeta {
                id: huixiang_domain::AttachmentId(Uuid::from_u128(77)),
                name: "来信扫描.pdf".into(),
                file_type: huixiang_domain::FileType::Pdf,
                size: 8,
                sha256: "00".into(),
                uploaded_by: actor(Role::Office, CENTER).id,
                uploaded_at: datetime!(2026-03-02 09:00 +8),
            }),
            actor(Role::Office, CENTER),
        ),
        Action::AddEnclosure => (
            Command::AddEnclosure(huixiang_domain::EnclosureInput {
                kind: Some("cash".into()),
                amount: Some("100".into()),
                ..Default::default()
            }),
            actor(Role::Office, CENTER),
        ),
        Action::RecordCustody => (
            Command::RecordCustody(huixiang_domain::CustodyInput {
                item: Some("1".into()),
                step: Some("exception".into()),
                why: Some("写信人当面领回".into()),
                ..Default::default()
            }),
            actor(Role::Office, CENTER),
        ),
        Action::Excerpt => (
            Command::Excerpt(huixiang_domain::ExcerptInput {
                reason: Some("important_problem".into()),
                text: Some("反映小区路灯长期不亮，存在安全隐患".into()),
                leaders: vec![actor(Role::Leader, CENTER).id],
            }),
            actor(Role::Office, CENTER),
        ),
        Action::IssueCode => (Command::IssueCode, actor(Role::Clerk, CENTER)),
        Action::MarkSpecial => (
            Command::MarkSpecial {
                kind: Some("difficult".into()),
                reason: Some("涉及多个部门，历史遗留".into()),
            },
            actor(Role::Leader, CENTER),
        ),
        Action::Merge => (
            Command::Merge {
                target: Some(huixiang_domain::LinkTarget {
                    id: ComplaintId(Uuid::from_u128(8)),
                    number: "2026-000000".into(),
                    registered_at: datetime!(2026-02-01 09:00 +8),
                }),
                reason: Some("与 2026-000000 为同一投诉人同一事项".into()),
            },
            actor(Role::Clerk, CENTER),
        ),
        Action::LinkRepeat => (
            Command::LinkRepeat {
                target: Some(huixiang_domain::LinkTarget {
                    id: ComplaintId(Uuid::from_u128(8)),
                    number: "2026-000000".into(),
                    registered_at: datetime!(2026-02-01 09:00 +8),
                }),
            },
            actor(Role::Clerk, CENTER),
        ),
        Action::Instruct => (
            Command::Instruct {
                text: Some("请办公室督促尽快处理".into()),
            },
            actor(Role::Leader, CENTER),
        ),
        Action::Refer => (
            Command::Refer(huixiang_domain::handling::ReferralInput {
                department: Some("区供电公司".into()),
                matter: Some("请协助修复路灯供电线路".into()),
                sent_on: None,
            }),
            actor(Role::Office, CENTER),
        ),
        Action::RecordReferralReply => (
            Command::RecordReferralReply(huixiang_domain::handling::ReplyInput {
                no: Some(1),
                text: Some("已安排抢修".into()),
                replied_on: None,
            }),
            actor(Role::Leader, CENTER),
        ),
        Action::Supervise => (
            Command::Supervise(huixiang_domain::handling::SupervisionInput {
                instructions: Some("请于本周内报告进展".into()),
                due: Some("2026-03-06".into()),
            }),
            actor(Role::Office, CENTER),
        ),
        Action::RespondSupervision => (
            Command::RespondSupervision(huixiang_domain::handling::ResponseInput {
                no: Some(1),
                text: Some("已约谈施工方".into()),
            }),
            handler,
        ),
        Action::StudyJointly => (
            Command::StudyJointly(huixiang_domain::handling::StudyInput {
                held_on: Some("2026-03-03".into()),
                participants: Some("中心办公室张主任、城管科李科长".into()),
                units: vec![TOWN_DEPT, SECTION],
                conclusion: Some("由城管科牵头，一周内修复".into()),
            }),
            actor(Role::Office, CENTER),
        ),
        Action::Cooperate => (
            Command::Cooperate(huixiang_domain::handling::CooperationInput {
                lead_body: Some("镇政府".into()),
                task: Some("派员参加联合接访".into()),
                people: vec![actor(Role::Leader, CENTER).id],
                starts_on: None,
            }),
            actor(Role::Office, CENTER),
        ),
        Action::FileReport => (
            Command::FileReport {
                text: Some("关于路灯不亮投诉办理情况的报告……特此报告。".into()),
            },
            actor(Role::Office, CENTER),
        ),
        Action::RaiseNotice => (
            Command::RaiseNotice {
                level: Some("major".into()),
                summary: Some("多名居民聚集反映，情绪激动".into()),
            },
            actor(Role::Clerk, CENTER),
        ),
        Action::Register | Action::Chase => {
            unreachable!("registration creates a complaint; a chase writes a slip")
        }
    }
}

/// R15, R18: makes `c` a letter with one cash item, excerpted for the center leader when
/// `excerpted`.
fn as_letter(c: &mut Complaint, excerpted: bool) {
    use huixiang_domain::letter::{EnclosureInput, ExcerptInput, Letter, LetterInput};
    c.channel = huixiang_domain::Channel::Letter;
    let mut letter = Letter::parse(
        &LetterInput {
            received_date: Some("2026-03-01".into()),
            enclosures: vec![EnclosureInput {
                kind: Some("cash".into()),
                amount: Some("200".into()),
                ..Default::default()
            }],
            ..Default::default()
        },
        Some("和平路12号"),
        time::macros::date!(2026 - 03 - 02),
    )
    .unwrap();
    if excerpted {
        let leader = actor(Role::Leader, CENTER);
        let input = ExcerptInput {
            reason: Some("important_problem".into()),
            text: Some("摘报".into()),
            leaders: vec![leader.id],
        };
        letter
            .excerpt(
                &input,
                &[leader],
                &actor(Role::Office, CENTER),
                datetime!(2026-03-02 09:00 +8),
            )
            .unwrap();
    }
    c.letter = Some(letter);
}

/// R21–R23: what the special-handling steps answer or need: a referral to reply to, a
/// leader's instruction to supervise, a supervision to answer, a formal assignment to report on.
fn with_handling_records(c: &mut Complaint, action: Action) {
    let office = actor(Role::Office, CENTER);
    let now = datetime!(2026-03-02 10:00 +8);
    if let Some(d) = c.dispatch.as_mut() {
        d.instruction = Some("抓紧办理".into());
        if action == Action::FileReport {
            d.kind = Decision::Assign;
        }
    }
    if action == Action::RecordReferralReply {
        let input = huixiang_domain::handling::ReferralInput {
            department: Some("区供电公司".into()),
            matter: Some("请协助".into()),
            sent_on: None,
        };
        c.handling.refer(&input, &office, now).unwrap();
    }
    if action == Action::RespondSupervision {
        c.handling
            .supervisions
            .push(huixiang_domain::handling::Supervision {
                no: 1,
                instructions: "请报告进展".into(),
                due: time::macros::date!(2026 - 03 - 06),
                recorded: huixiang_domain::handling::Recorded::now(&office, now),
                responses: Vec::new(),
            });
    }
}

fn pending_extension() -> Extension {
    Extension {
        reason: "需协调多个部门".into(),
        previous_due: time::macros::date!(2026 - 03 - 23),
        requested_due: time::macros::date!(2026 - 04 - 30),
        requested_by: actor(Role::Handler, TOWN_DEPT).id,
        requested_by_name: "handler".into(),
        requested_at: datetime!(2026-03-10 10:00 +8),
        state: ExtensionState::Pending,
        decided_by: None,
        decided_by_name: None,
        decided_at: None,
        decision_note: None,
    }
}

fn verdicts(failed: Option<Criterion>) -> Vec<VerdictInput> {
    Criterion::ALL
        .iter()
        .map(|c| VerdictInput {
            criterion: Some(c.as_str().into()),
            passed: Some(Some(*c) != failed),
            comment: (Some(*c) == failed).then(|| "未同投诉人见面".into()),
        })
        .collect()
}

fn actions() -> impl Iterator<Item = Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| !matches!(a, Action::Register | Action::Chase))
}

#[test]
fn r4_to_r14_every_state_action_pair_follows_the_table() {
    let units = units();
    let now = datetime!(2026-03-03 10:00 +8);
    for state in State::ALL.iter().copied() {
        for action in actions() {
            let mut complaint = complaint_in(state);
            if action == Action::DecideExtension
                && let Some(dispatch) = complaint.dispatch.as_mut()
            {
                dispatch.extensions.push(pending_extension());
            }
            if action == Action::ApproveDisclosure {
                complaint.accusation = Some(accusing(OTHER_DEPT));
            }
            if matches!(
                action,
                Action::AddEnclosure | Action::RecordCustody | Action::Excerpt | Action::Instruct
            ) {
                as_letter(&mut complaint, action == Action::Instruct);
            }
            with_handling_records(&mut complaint, action);
            let (command, actor) = command_for(action);
            let staff = [self::actor(Role::Leader, CENTER)];
            let ctx = Context {
                actor: &actor,
                units: &units,
                calendar: &CALENDAR,
                policy: &POLICY,
                now,
                staff: &staff,
            };
            let outcome = decide::apply(ctx, &complaint, command);
            match workflow::targets(state, action) {
                Some(targets) => {
                    let change = outcome.unwrap_or_else(|r| panic!("{state} {action}: {r:?}"));
                    assert!(
                        targets.contains(&change.complaint.state),
                        "{state} {action}"
                    );
                    assert_eq!(change.event.from, Some(state));
                    assert_eq!(change.event.to, change.complaint.state);
                    assert_eq!(change.event.action, action);
                    assert_eq!(change.complaint.version, complaint.version + 1);
                }
                None if state == State::Archived => {
                    assert_eq!(outcome, Err(Rejection::CaseArchived), "{action}");
                }
                None => assert_eq!(
                    outcome,
                    Err(Rejection::TransitionNotAllowed { state, action }),
                    "{state} {action}"
                ),
            }
        }
    }
}

#[test]
fn r13_closure_review_closes_or_returns() {
    let units = units();
    let office = actor(Role::Office, CENTER);
    let ctx = Context {
        actor: &office,
        units: &units,
        calendar: &CALENDAR,
        policy: &POLICY,
        now: datetime!(2026-03-10 10:00 +8),
        staff: &[],
    };
    let submitted = complaint_in(State::ResultSubmitted);
    let passed = decide::apply(ctx, &submitted, Command::ReviewClosure(verdicts(None))).unwrap();
    assert_eq!(passed.complaint.state, State::Closed);
    for failed in Criterion::ALL {
        let change = decide::apply(
            ctx,
            &submitted,
            Command::ReviewClosure(verdicts(Some(*failed))),
        )
        .unwrap();
        assert_eq!(change.complaint.state, State::Returned, "{failed}");
        let review = change.complaint.closure_review.unwrap();
        assert!(!review.passed());
        assert_eq!(review.verdicts.iter().filter(|v| !v.passed).count(), 1);
    }
}

/// Which role, in which unit, may take each action on a case dispatched to TOWN_DEPT (lead) and
/// SECTION (co-handling), assigned by CENTER.
#[test]
fn r1_r4_r12_r13_r14_every_role_and_unit_check() {
    use Role::*;
    // R4: any center leader reviews, whichever unit their account sits in.
    const LEADERS: &[(Role, UnitId)] = &[
        (Leader, CENTER),
        (Leader, SECTION),
        (Leader, TOWN_DEPT),
        (Leader, OTHER_DEPT),
        (Director, CENTER),
        (Director, SECTION),
        (Director, TOWN_DEPT),
        (Director, OTHER_DEPT),
    ];
    let allowed: &[(Action, &[(Role, UnitId)])] = &[
        (Action::Review, LEADERS),
        (Action::NotAccept, LEADERS),
        (
            Action::Acknowledge,
            &[(Handler, TOWN_DEPT), (DeptHead, TOWN_DEPT)],
        ),
        (
            Action::Object,
            &[(Handler, TOWN_DEPT), (DeptHead, TOWN_DEPT)],
        ),
        (
            Action::RecordProgress,
            &[
                (Handler, TOWN_DEPT),
                (DeptHead, TOWN_DEPT),
                (Handler, SECTION),
                (DeptHead, SECTION),
            ],
        ),
        (
            Action::SubmitResult,
            &[(Handler, TOWN_DEPT), (DeptHead, TOWN_DEPT)],
        ),
        (
            Action::RequestExtension,
            &[(Handler, TOWN_DEPT), (DeptHead, TOWN_DEPT)],
        ),
        (
            Action::Explain,
            &[(Handler, TOWN_DEPT), (DeptHead, TOWN_DEPT)],
        ),
        (Action::DecideExtension, LEADERS),
        (
            Action::ReviewClosure,
            &[
                (Office, CENTER),
                (Office, SECTION),
                (Office, TOWN_DEPT),
                (Office, OTHER_DEPT),
                (Leader, CENTER),
                (Director, CENTER),
                (DeptHead, CENTER),
            ],
        ),
        (
            Action::Archive,
            &[
                (Office, CENTER),
                (Office, SECTION),
                (Office, TOWN_DEPT),
                (Office, OTHER_DEPT),
            ],
        ),
        (
            Action::Withdraw,
            &[
                (Clerk, CENTER),
                (Clerk, SECTION),
                (Clerk, TOWN_DEPT),
                (Clerk, OTHER_DEPT),
                (Office, CENTER),
                (Office, SECTION),
                (Office, TOWN_DEPT),
                (Office, OTHER_DEPT),
            ],
        ),
        (
            Action::Edit,
            &[
                (Clerk, CENTER),
                (Clerk, SECTION),
                (Clerk, TOWN_DEPT),
                (Clerk, OTHER_DEPT),
                (Office, CENTER),
                (Office, SECTION),
                (Office, TOWN_DEPT),
                (Office, OTHER_DEPT),
            ],
        ),
    ];
    let complaint = complaint_in(State::InProgress);
    for (action, who) in allowed {
        for role in Role::ALL.iter().copied() {
            for unit in [CENTER, SECTION, TOWN_DEPT, OTHER_DEPT] {
                let result = access::authorize(&actor(role, unit), *action, &complaint);
                if who.contains(&(role, unit)) {
                    assert_eq!(result, Ok(()), "{role} of {unit} should {action}");
                } else {
                    let role_may_ever = who.iter().any(|(r, _)| *r == role);
                    let expected = if role_may_ever {
                        Rejection::NotYourUnit { action: *action }
                    } else {
                        Rejection::RoleNotAllowed { action: *action }
                    };
                    assert_eq!(result, Err(expected), "{role} of {unit} must not {action}");
                }
            }
        }
    }
    let registered = complaint_in(State::Registered);
    for role in Role::ALL.iter().copied() {
        // R2: the portal's account registers online complaints (decide::register checks the
        // channel).
        let may = matches!(role, Clerk | Office | Portal);
        assert_eq!(
            access::may_register(&actor(role, CENTER)).is_ok(),
            may,
            "{role} registers"
        );
        assert_eq!(
            access::may_administer(&actor(role, CENTER)).is_ok(),
            role == Admin
        );
        let reads = access::may_read(&actor(role, OTHER_DEPT), &complaint, &units());
        assert_eq!(
            reads,
            !matches!(role, Admin | Handler | DeptHead | Portal),
            "{role} reads"
        );
        let _ = &registered;
    }
    assert!(access::may_read(
        &actor(Handler, SECTION),
        &complaint,
        &units()
    ));
    assert!(access::may_read(
        &actor(Handler, TOWN_DEPT),
        &complaint,
        &units()
    ));
    assert!(!access::may_read(
        &actor(Handler, TOWN_DEPT),
        &registered,
        &units()
    ));
}

#[test]
fn allowed_actions_are_what_role_and_state_both_allow() {
    let handler = actor(Role::Handler, TOWN_DEPT);
    assert_eq!(
        access::allowed_actions(&handler, &complaint_in(State::Dispatched)),
        vec![
            Action::Acknowledge,
            Action::Object,
            Action::RequestExtension,
            Action::Explain,
            Action::Attach,
            Action::RaiseNotice
        ]
    );
    assert_eq!(
        access::allowed_actions(&handler, &complaint_in(State::InProgress)),
        vec![
            Action::RecordProgress,
            Action::SubmitResult,
            Action::RequestExtension,
            Action::Explain,
            Action::Attach,
            Action::RaiseNotice
        ]
    );
    let co_handler = actor(Role::Handler, SECTION);
    assert_eq!(
        access::allowed_actions(&co_handler, &complaint_in(State::InProgress)),
        vec![Action::RecordProgress, Action::Attach, Action::RaiseNotice]
    );
    let leader = actor(Role::Leader, CENTER);
    assert_eq!(
        access::allowed_actions(&leader, &complaint_in(State::Registered)),
        vec![
            Action::Review,
            Action::NotAccept,
            Action::Attach,
            Action::MarkSpecial,
            Action::Refer,
            Action::Cooperate
        ]
    );
    assert_eq!(
        access::allowed_actions(
            &actor(Role::Clerk, CENTER),
            &complaint_in(State::InProgress)
        ),
        vec![
            Action::Withdraw,
            Action::Edit,
            Action::Attach,
            Action::IssueCode,
            Action::MarkSpecial,
            Action::LinkRepeat,
            Action::RaiseNotice,
            Action::Chase
        ]
    );
    // R15, R18: the letter steps are offered on letters only, to the office and the leaders
    // the letter was excerpted for.
    let office = actor(Role::Office, CENTER);
    let mut letter = complaint_in(State::InProgress);
    assert!(!access::allowed_actions(&office, &letter).contains(&Action::Excerpt));
    as_letter(&mut letter, false);
    let offered = access::allowed_actions(&office, &letter);
    for a in [Action::AddEnclosure, Action::RecordCustody, Action::Excerpt] {
        assert!(offered.contains(&a), "{a}");
    }
    assert!(!access::allowed_actions(&leader, &letter).contains(&Action::Instruct));
    as_letter(&mut letter, true);
    assert!(access::allowed_actions(&leader, &letter).contains(&Action::Instruct));
    assert!(!access::allowed_actions(&office, &letter).contains(&Action::Excerpt));
    let director = actor(Role::Director, CENTER);
    assert!(!access::allowed_actions(&director, &letter).contains(&Action::Instruct));
    assert!(
        access::allowed_actions(&actor(Role::Office, CENTER), &complaint_in(State::Archived))
            .is_empty()
    );
}

#[test]
fn r6_r16_dispatch_rules() {
    let units = units();
    let leader = actor(Role::Leader, CENTER);
    let ctx = Context {
        actor: &leader,
        units: &units,
        calendar: &CALENDAR,
        policy: &POLICY,
        now: datetime!(2026-03-02 10:00 +8),
        staff: &[],
    };
    let registered = complaint_in(State::Registered);
    let review = |decision: &str, lead: UnitId, co: Vec<UnitId>| {
        decide::apply(
            ctx,
            &registered,
            Command::Review(ReviewInput {
                opinion: Some("请核实".into()),
                decision: Some(decision.into()),
                lead_unit: Some(lead),
                co_units: co,
                ..Default::default()
            }),
        )
    };
    let wrong = |decision| Err(Rejection::LeadUnitWrongKind { decision });
    assert!(review("in_house", SECTION, vec![]).is_ok());
    assert_eq!(
        review("in_house", TOWN_DEPT, vec![]),
        wrong(Decision::InHouse)
    );
    assert!(review("transfer", TOWN_DEPT, vec![OTHER_DEPT, SECTION]).is_ok());
    assert_eq!(
        review("transfer", SECTION, vec![]),
        wrong(Decision::Transfer)
    );
    assert_eq!(review("assign", HIGHER, vec![]), wrong(Decision::Assign));
    assert_eq!(
        review("transfer", TOWN_DEPT, vec![TOWN_DEPT]),
        Err(Rejection::CoUnitInvalid)
    );
    assert_eq!(
        review("transfer", TOWN_DEPT, vec![SECTION, SECTION]),
        Err(Rejection::CoUnitInvalid)
    );
    assert_eq!(
        review("transfer", UnitId(Uuid::from_u128(77)), vec![]),
        Err(Rejection::UnitNotFound { field: "lead_unit" })
    );
    // R8, R11: a formal assignment owes a report back by default.
    let assigned = review("assign", TOWN_DEPT, vec![]).unwrap();
    // R22, R11: no limit given: two months, and the report back is due then too.
    let dispatch = assigned.complaint.dispatch.clone().unwrap();
    assert_eq!(dispatch.deadline.rule, DeadlineRule::Assigned);
    assert_eq!(dispatch.deadline.start, time::macros::date!(2026 - 03 - 02));
    assert_eq!(
        dispatch.deadline.due,
        time::macros::date!(2026 - 05 - 06),
        "2 May is Labour Day"
    );
    assert_eq!(
        dispatch.report_back_due,
        Some(time::macros::date!(2026 - 05 - 06))
    );
    assert!(assigned.complaint.dispatch.unwrap().report_back);
    assert!(
        !review("transfer", TOWN_DEPT, vec![])
            .unwrap()
            .complaint
            .dispatch
            .unwrap()
            .report_back
    );
}

#[test]
fn r6_an_objection_returns_the_case_to_the_leader() {
    let units = units();
    let handler = actor(Role::Handler, TOWN_DEPT);
    let ctx = Context {
        actor: &handler,
        units: &units,
        calendar: &CALENDAR,
        policy: &POLICY,
        now: datetime!(2026-03-02 10:00 +8),
        staff: &[],
    };
    let change = decide::apply(
        ctx,
        &complaint_in(State::Dispatched),
        Command::Object {
            reason: Some("不属于本部门职责".into()),
        },
    )
    .unwrap();
    assert_eq!(change.complaint.state, State::Registered);
    assert_eq!(change.complaint.dispatch, None);
    assert!(matches!(change.event.detail, EventDetail::Objected { .. }));
}

#[test]
fn r3_an_edit_records_each_changed_field_and_refuses_no_change() {
    let units = units();
    let clerk = actor(Role::Clerk, CENTER);
    let ctx = Context {
        actor: &clerk,
        units: &units,
        calendar: &CALENDAR,
        policy: &POLICY,
        now: datetime!(2026-03-02 10:00 +8),
        staff: &[],
    };
    let (command, _) = command_for(Action::Edit);
    let change = decide::apply(ctx, &complaint_in(State::InProgress), command).unwrap();
    let EventDetail::Edited { changes } = change.event.detail else {
        panic!()
    };
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].field, "title");
    assert_eq!(changes[0].before.as_deref(), Some("路灯不亮"));
    let same = Command::Edit {
        form: Box::new(form()),
        reason: Some("核对".into()),
    };
    assert_eq!(
        decide::apply(ctx, &complaint_in(State::InProgress), same),
        Err(Rejection::NothingChanged)
    );
}

#[test]
fn r9_an_extension_moves_the_due_date_only_when_a_leader_approves() {
    let units = units();
    let handler = actor(Role::Handler, TOWN_DEPT);
    let leader = actor(Role::Leader, CENTER);
    let now = datetime!(2026-03-10 10:00 +8);
    let at = |a| Context {
        actor: a,
        units: &units,
        calendar: &CALENDAR,
        policy: &POLICY,
        now,
        staff: &[],
    };
    let case = complaint_in(State::InProgress);
    let original = case.dispatch.as_ref().unwrap().due();
    let request = |due: &str| Command::RequestExtension {
        new_due: Some(due.into()),
        reason: Some("需协调多个部门".into()),
    };
    // Not later, or not a working day (2026-04-04 is Qingming), is refused.
    for bad in [
        original.to_string(),
        "2026-04-04".into(),
        "2026-02-30".into(),
    ] {
        assert!(
            decide::apply(at(&handler), &case, request(&bad)).is_err(),
            "{bad}"
        );
    }
    let requested = decide::apply(at(&handler), &case, request("2026-04-30"))
        .unwrap()
        .complaint;
    assert_eq!(
        requested.dispatch.as_ref().unwrap().due(),
        original,
        "pending changes nothing"
    );
    assert_eq!(
        decide::apply(at(&handler), &requested, request("2026-05-29")),
        Err(Rejection::ExtensionPending)
    );
    let refuse_silently = Command::DecideExtension {
        approve: Some(false),
        note: None,
    };
    assert!(decide::apply(at(&leader), &requested, refuse_silently).is_err());
    let approve = Command::DecideExtension {
        approve: Some(true),
        note: None,
    };
    let approved = decide::apply(at(&leader), &requested, approve.clone())
        .unwrap()
        .complaint;
    let dispatch = approved.dispatch.as_ref().unwrap();
    assert_eq!(dispatch.due(), time::macros::date!(2026 - 04 - 30));
    assert_eq!(
        dispatch.deadline.due, original,
        "the original deadline stays visible"
    );
    assert_eq!(
        dispatch.extensions[0].decided_by_name.as_deref(),
        Some("leader")
    );
    assert_eq!(
        decide::apply(at(&leader), &approved, approve),
        Err(Rejection::NoPendingExtension)
    );
}

/// Lists and reads follow one rule: the scope a listing uses admits exactly the cases
/// `may_read` lets the actor open.
#[test]
fn listing_scope_and_reading_agree() {
    let mut complaint = complaint_in(State::InProgress);
    for assigning in [CENTER, SECTION] {
        complaint.dispatch.as_mut().unwrap().assigning_unit = assigning;
        for role in Role::ALL.iter().copied() {
            for unit in [CENTER, SECTION, TOWN_DEPT, OTHER_DEPT] {
                let who = actor(role, unit);
                let listed = match access::scope(&who) {
                    Err(_) => false,
                    Ok(access::Scope::All) => true,
                    Ok(access::Scope::Unit {
                        unit,
                        assigning_too,
                    }) => complaint.is_with_unit(unit) || (assigning_too && assigning == unit),
                };
                assert_eq!(
                    listed,
                    access::may_read(&who, &complaint, &units()),
                    "{role} of {unit}"
                );
            }
        }
    }
}
