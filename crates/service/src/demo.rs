//! A demo center: a few units, one account per role, and a few dozen realistic complaints in
//! every state, each driven through the real use cases so that its history is genuine.

use crate::Clock;
use crate::{ManualClock, NewUserInput, Result, Service, Settings};
use huixiang_domain::calendar::deadline::DeadlineInput;
use huixiang_domain::complaint::beijing_date;
use huixiang_domain::decide::{Command, ResultInput, ReviewInput};
use huixiang_domain::handling::{ResponseInput, SupervisionInput};
use huixiang_domain::incident::IncidentInput;
use huixiang_domain::{
    Actor, ComplaintId, Criterion, EnclosureInput, LetterInput, RegistrationInput, Role, State,
    Unit, UnitId, UnitInput, VerdictInput,
};
use huixiang_store::Db;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// A demo account and its password, to print at start.
#[derive(Clone, Debug)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub role: Role,
}

/// What the demo created.
#[derive(Clone, Debug)]
pub struct DemoCenter {
    pub accounts: Vec<DemoAccount>,
    pub complaints: usize,
}

/// One account per role, with the unit it works in (index into the unit list below).
const ACCOUNTS: &[(&str, &str, Role, usize)] = &[
    ("clerk", "陈晓燕", Role::Clerk, 2),
    ("leader", "王建华", Role::Leader, 0),
    ("director", "李国强", Role::Director, 0),
    ("office", "周丽", Role::Office, 1),
    ("handler", "张伟", Role::Handler, 4),
    ("depthead", "刘洋", Role::DeptHead, 4),
    ("handler2", "赵敏", Role::Handler, 3),
    ("overseer", "孙志刚", Role::Overseer, 0),
    ("admin", "系统管理员", Role::Admin, 0),
];

/// (name, kind, parent index, principal leader)
const UNITS: &[(&str, &str, Option<usize>, &str)] = &[
    ("幸福镇社区事务受理中心", "center", None, "李国强"),
    ("中心办公室", "section", Some(0), "周丽"),
    ("综合受理科", "section", Some(0), "陈晓燕"),
    ("社会保障科", "section", Some(0), "赵敏"),
    ("镇城管中队", "department", None, "刘洋"),
    ("镇房屋管理办公室", "department", None, "吴海"),
    ("镇市场监督管理所", "department", None, "郑红"),
    ("区城市管理局", "higher_organ", None, "钱正"),
    ("幸福苑物业服务有限公司", "external", None, "冯刚"),
];

/// (title, category, problem, demands, decision, lead unit index)
const CASES: &[(&str, &str, &str, &str, &str, usize)] = &[
    (
        "夜间施工噪音扰民",
        "environment",
        "幸福路与建设路口的工地每天夜里十一点以后仍在打桩施工，噪音很大，家中老人孩子无法休息。",
        "要求夜间停止施工，并依法查处。",
        "assign",
        4,
    ),
    (
        "小区门口路灯长期不亮",
        "municipal",
        "幸福苑小区南门外三盏路灯已经坏了一个多月，晚上出行很不安全，老人已经摔倒过。",
        "尽快修复路灯。",
        "transfer",
        4,
    ),
    (
        "物业擅自提高停车费",
        "property",
        "物业公司未经业主大会同意，从本月起把地面停车费从每月150元提高到260元。",
        "要求物业说明依据并恢复原收费标准。",
        "transfer",
        5,
    ),
    (
        "楼道堆放杂物存在消防隐患",
        "property",
        "12号楼各层楼道长期堆放纸箱和旧家具，电动车在楼道里充电，多次反映无人处理。",
        "清理楼道杂物，禁止楼道充电。",
        "transfer",
        5,
    ),
    (
        "菜市场商户缺斤短两",
        "market",
        "在幸福菜市场东区买的猪肉回家一称少了二两，同摊位多人反映过同样的问题。",
        "核查该摊位的秤，依法处理并退还差价。",
        "transfer",
        6,
    ),
    (
        "医保报销材料被多次退回",
        "social_security",
        "为母亲办理医保报销，窗口三次以材料不全为由退回，每次要求补的材料都不一样。",
        "一次性告知需要的材料，尽快办理报销。",
        "in_house",
        3,
    ),
    (
        "窗口工作人员态度生硬",
        "service_conduct",
        "上周三上午在3号窗口办理居住证，工作人员不耐烦，说话生硬，没有解释清楚办理流程。",
        "希望加强对窗口人员的管理和培训。",
        "in_house",
        1,
    ),
    (
        "垃圾清运不及时异味严重",
        "environment",
        "幸福苑18号楼旁的垃圾箱房经常两三天才清运一次，夏天异味很重，蚊蝇很多。",
        "增加清运频次，定期消杀。",
        "assign",
        4,
    ),
    (
        "违章搭建占用公共绿地",
        "urban_management",
        "3号楼一楼住户在楼前公共绿地上搭建了阳光房，占用绿地约二十平方米。",
        "依法拆除违章建筑，恢复绿地。",
        "assign",
        4,
    ),
    (
        "老旧小区加装电梯进度缓慢",
        "housing",
        "和平新村5号楼加装电梯去年就签了意见书，至今没有开工，也没人说明原因。",
        "公开进度，尽快开工。",
        "transfer",
        5,
    ),
    (
        "养老金资格认证办理困难",
        "social_security",
        "父亲行动不便，无法到窗口做养老金资格认证，手机上认证总是失败。",
        "提供上门认证服务。",
        "in_house",
        3,
    ),
    (
        "餐馆油烟直排居民楼",
        "environment",
        "建设路45号新开的餐馆没有安装油烟净化装置，油烟直接排到后面居民楼。",
        "责令安装油烟净化设施。",
        "assign",
        4,
    ),
];

const PEOPLE: &[(&str, &str, &str)] = &[
    ("王秀英", "退休", "幸福苑12号楼302室"),
    ("李建国", "个体经营", "幸福路88弄3号502室"),
    ("张桂兰", "退休", "和平新村5号楼101室"),
    ("刘志强", "企业职工", "建设路120弄7号601室"),
    ("陈美华", "教师", "幸福苑18号楼1201室"),
    ("杨春生", "出租车司机", "人民路36号2单元402室"),
    ("黄丽娟", "社区志愿者", "和平新村9号楼303室"),
    ("周德明", "退休", "建设路45号后楼201室"),
];

/// Fills an empty database with the demo center; `today` is the day the demo is started.
pub async fn fill(db: &Db, today: OffsetDateTime) -> Result<DemoCenter> {
    let clock = Arc::new(ManualClock::new(today - Duration::days(75)));
    let service = Service::new(db.clone(), clock.clone(), Settings::default());
    let mut units: Vec<Unit> = Vec::new();
    for (name, kind, parent, leader) in UNITS {
        let unit = service
            .add_unit(UnitInput {
                name: Some((*name).into()),
                kind: Some((*kind).into()),
                parent: parent.map(|p| units[p].id),
                principal_leader: Some((*leader).into()),
            })
            .await?;
        units.push(unit);
    }
    let mut accounts = Vec::new();
    let mut actors = Vec::new();
    for (username, name, role, unit) in ACCOUNTS {
        let password = format!("{username}-demo-2026");
        let user = service
            .add_user(NewUserInput {
                username: Some((*username).into()),
                display_name: Some((*name).into()),
                role: Some(role.as_str().into()),
                unit: Some(units[*unit].id),
                password: Some(password.clone()),
            })
            .await?;
        actors.push(Actor {
            id: user.id,
            name: user.display_name.clone(),
            role: *role,
            unit: user.unit,
        });
        accounts.push(DemoAccount {
            username: (*username).into(),
            password,
            display_name: (*name).into(),
            role: *role,
        });
    }
    let who = |role: Role, unit: Option<UnitId>| {
        actors
            .iter()
            .find(|a| a.role == role && unit.is_none_or(|u| a.unit == u))
            .or_else(|| actors.iter().find(|a| a.role == role))
            .cloned()
    };
    let (Some(clerk), Some(leader), Some(office)) = (
        who(Role::Clerk, None),
        who(Role::Leader, None),
        who(Role::Office, None),
    ) else {
        return Err(crate::ServiceError::Internal(
            "demo accounts missing".into(),
        ));
    };
    // Every state, several times over; the newest complaints are the least advanced.
    let targets = [
        State::Archived,
        State::Closed,
        State::Returned,
        State::ResultSubmitted,
        State::InProgress,
        State::Dispatched,
        State::Registered,
        State::NotAccepted,
        State::Withdrawn,
        State::Merged,
    ];
    let mut first_number: Option<String> = None;
    let (mut supervised, mut noticed) = (false, false);
    let total = 36;
    for i in 0..total {
        let registered_at = today - Duration::days(70) + Duration::hours(i as i64 * 45);
        clock.set(registered_at);
        let (title, category, problem, demands, decision, lead) = CASES[i % CASES.len()];
        let (name, occupation, address) = PEOPLE[i % PEOPLE.len()];
        let channel = ["in_person", "phone", "online", "letter"][i % 4];
        let target = targets[i % targets.len()];
        // R18: letters still being handled hold the cash and originals they enclosed.
        let letter = (channel == "letter").then(|| LetterInput {
            postmark_date: Some(beijing_date(registered_at - Duration::days(2)).to_string()),
            enclosures: if target.is_terminal() {
                Vec::new()
            } else {
                vec![
                    EnclosureInput {
                        kind: Some("cash".into()),
                        amount: Some("200".into()),
                        description: Some("夹在信中，称作为材料复印费".into()),
                        ..Default::default()
                    },
                    EnclosureInput {
                        kind: Some("document".into()),
                        doc_kind: Some("身份证".into()),
                        doc_number: Some(format!("3101011960{:08}", 1_010_000 + i)),
                        ..Default::default()
                    },
                ]
            },
            ..Default::default()
        });
        let form = RegistrationInput {
            letter,
            channel: Some(channel.into()),
            category: Some(category.into()),
            title: Some(title.into()),
            complainant_name: Some(name.into()),
            complainant_occupation: Some(occupation.into()),
            complainant_address: Some(address.into()),
            complainant_phone: Some(format!("139{:08}", 16_000_000 + i * 7919)),
            problem: Some(problem.into()),
            demands: Some(demands.into()),
            ..Default::default()
        };
        let registrar = if channel == "letter" { &office } else { &clerk };
        let registered = service.register(registrar, form).await?.complaint;
        let id = registered.id;
        first_number.get_or_insert_with(|| registered.number.to_string());
        let lead_unit = units[lead].id;
        let handler = who(Role::Handler, Some(lead_unit))
            .filter(|a| a.unit == lead_unit)
            .or_else(|| who(Role::DeptHead, Some(lead_unit)))
            .unwrap_or_else(|| clerk.clone());
        let step = Step {
            service: &service,
            clock: &clock,
            id,
        };
        match target {
            State::Registered => continue,
            State::NotAccepted => {
                step.run(
                    &leader,
                    Command::NotAccept {
                        reason: Some(
                            "属于司法诉讼程序处理的事项，告知投诉人依法向法院起诉。".into(),
                        ),
                    },
                )
                .await?;
                continue;
            }
            State::Withdrawn => {
                step.run(
                    &clerk,
                    Command::Withdraw {
                        reason: Some("投诉人来电表示问题已自行协商解决，申请撤回。".into()),
                    },
                )
                .await?;
                continue;
            }
            // R20: a duplicate of the first complaint, closed into it.
            State::Merged => {
                clock.set(registered_at + Duration::minutes(30));
                let reason = Some("与原件为同一事项，合并办理。".to_owned());
                service
                    .merge_duplicate(&clerk, id, first_number.as_deref(), reason)
                    .await?;
                continue;
            }
            _ => {}
        }
        // A handler must be on the lead unit to go further; units without one stop at dispatch.
        let review = ReviewInput {
            opinion: Some(format!(
                "请{}核实情况，依法依规处理并答复投诉人。",
                units[lead].name
            )),
            decision: Some(decision.into()),
            lead_unit: Some(lead_unit),
            co_units: if i % 5 == 0 && lead != 3 {
                vec![units[3].id]
            } else {
                vec![]
            },
            instruction: (decision == "assign")
                .then(|| "此事群众反映强烈，请抓紧办理，按期回告。".into()),
            report_back: None,
            deadline: DeadlineInput {
                rule: (i % 7 == 3 && decision != "assign").then(|| "complex".into()),
                ..Default::default()
            },
        };
        step.run(&leader, Command::Review(review)).await?;
        if target == State::Dispatched || handler.unit != lead_unit {
            continue;
        }
        step.run(&handler, Command::Acknowledge).await?;
        step.run(
            &handler,
            Command::RecordProgress {
                note: Some("已到现场查看，与相关方面沟通，正在督促整改。".into()),
            },
        )
        .await?;
        // R23: the office supervises a leader's instructed assignment; the unit answers.
        if decision == "assign" && !supervised {
            supervised = true;
            let due = beijing_date(clock.now()) + Duration::days(7);
            step.run(
                &office,
                Command::Supervise(SupervisionInput {
                    instructions: Some("请按领导批示抓紧办理，一周内报告进展。".into()),
                    due: Some(due.to_string()),
                }),
            )
            .await?;
            step.run(
                &handler,
                Command::RespondSupervision(ResponseInput {
                    no: Some(1),
                    text: Some("已约谈责任方，制定整改方案，预计两周内完成。".into()),
                }),
            )
            .await?;
        }
        if target == State::InProgress {
            // R27: the window reports a major complaint at once.
            if !noticed {
                noticed = true;
                step.run(
                    &clerk,
                    Command::RaiseNotice {
                        level: Some("major".into()),
                        summary: Some("投诉人表示将组织多户居民集体来访，情绪较为激动。".into()),
                    },
                )
                .await?;
            }
            continue;
        }
        step.run(&handler, Command::SubmitResult(result_input()))
            .await?;
        if target == State::ResultSubmitted {
            continue;
        }
        if target == State::Returned {
            step.run(
                &office,
                Command::ReviewClosure(verdicts(Some(Criterion::ComplainantMet))),
            )
            .await?;
            continue;
        }
        step.run(&office, Command::ReviewClosure(verdicts(None)))
            .await?;
        if target == State::Archived {
            clock.advance(Duration::days(2));
            // R22: a leader-assigned case is reported on in writing before it is archived.
            if decision == "assign" {
                let text = service.report_draft(&office, id).await?;
                step.run(&office, Command::FileReport { text: Some(text) })
                    .await?;
            }
            service.archive(&office, id).await?;
        }
    }
    // R26: an incident at the window, reported to the leader, linked to the first complaint.
    clock.set(today - Duration::days(3));
    let at = (clock.now() - Duration::hours(2)).to_offset(huixiang_domain::complaint::BEIJING);
    let incident = IncidentInput {
        occurred_at: Some(format!("{}T{:02}:{:02}", at.date(), at.hour(), at.minute())),
        place: Some("一楼受理大厅".into()),
        person_name: Some("王秀英".into()),
        what_happened: Some("对答复不满，在大厅大声喧哗，拍打窗口玻璃，影响其他群众办事。".into()),
        measures: Some("安排专人劝导至接待室，做好解释疏导工作，情绪平复后离开。".into()),
        leaders_informed: vec![leader.id],
        police_contacted: Some(false),
        ..Default::default()
    };
    let cases: Vec<String> = first_number.iter().cloned().collect();
    service.record_incident(&office, incident, &cases).await?;
    // Today's deadline sweep, so that the demo shows reminder slips and overdue cases.
    clock.set(today);
    service.run_deadline_sweep("demo").await?;
    // A server started next must not wait out the demo's lease before it sweeps.
    service.release_sweep_lease("demo").await?;
    Ok(DemoCenter {
        accounts,
        complaints: total,
    })
}

struct Step<'a> {
    service: &'a Service,
    clock: &'a ManualClock,
    id: ComplaintId,
}

impl Step<'_> {
    async fn run(&self, actor: &Actor, command: Command) -> Result<()> {
        self.clock.advance(Duration::hours(5));
        self.service.act(actor, self.id, command).await?;
        Ok(())
    }
}

fn result_input() -> ResultInput {
    ResultInput {
        findings: Some("经现场核查，投诉人反映的情况基本属实。".into()),
        handling: Some("已责成责任方限期整改，整改完成后复查确认。".into()),
        complainant_met: Some(true),
        reply: Some("已当面向投诉人反馈处理结果，投诉人表示认可。".into()),
    }
}

fn verdicts(failed: Option<Criterion>) -> Vec<VerdictInput> {
    Criterion::ALL
        .iter()
        .map(|c| VerdictInput {
            criterion: Some(c.as_str().into()),
            passed: Some(Some(*c) != failed),
            comment: (Some(*c) == failed).then(|| "未见与投诉人见面的记录，请补充。".into()),
        })
        .collect()
}
