//! Demo data at scale: `huixiang demo --complaints N` fills an empty database with the demo
//! center and N varied complaints over the three years before today — every channel, category,
//! unit and state, some late, special or repeats — the same for the same seed. Each complaint
//! lives its life through the domain's own decisions (so every record and event is one the
//! system could have written), and is stored with its events, audit chain and search terms in
//! batches of one transaction each.

use crate::calendar::load_calendar;
use crate::complaints::{active_staff, pending_event};
use crate::demo::{self, DemoAccount};
use crate::{NewUserInput, Result, Service, Settings, SystemClock};
use huixiang_domain::decide::{self, Change, Command, Context, ResultInput, ReviewInput};
use huixiang_domain::{
    Actor, ArchiveRecord, Complaint, ComplaintId, ComplaintNumber, Criterion, DeadlinePolicy,
    LinkTarget, RegistrationInput, Role, UnitKind, VerdictInput,
};
use huixiang_store::{Db, PendingEvent, Tx};
use std::collections::BTreeMap;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// How many complaints one transaction stores.
const BATCH: usize = 500;

/// What the scale demo made.
#[derive(Clone, Debug)]
pub struct ScaleDemo {
    pub accounts: Vec<DemoAccount>,
    /// Complaints in all, the demo center's own included.
    pub complaints: usize,
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn hours(&mut self, from: i64, to: i64) -> Duration {
        Duration::hours(from + self.below((to - from).max(1) as u64) as i64)
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗",
];
const GIVEN: &[&str] = &[
    "秀英", "建国", "桂兰", "志强", "美华", "春生", "丽娟", "德明", "国强", "淑珍", "海燕", "文斌",
    "玉梅", "建华", "晓东", "红霞", "永刚", "慧敏", "卫东", "金凤", "小平", "丽萍", "明辉", "雪梅",
];
const PLACES: &[&str] = &[
    "幸福苑",
    "和平新村",
    "建设路",
    "人民路",
    "幸福路",
    "光明小区",
    "新华街",
    "东湖花园",
    "西园路",
    "南塘新村",
    "北港路",
    "长青苑",
    "滨河路",
    "朝阳里",
    "文化路",
    "锦绣华庭",
];
const OCCUPATIONS: &[&str] = &[
    "退休",
    "企业职工",
    "个体经营",
    "教师",
    "自由职业",
    "学生",
    "务农",
];
/// (title, category, problem, demands)
const MATTERS: &[(&str, &str, &str, &str)] = &[
    (
        "夜间施工噪音扰民",
        "environment",
        "附近工地夜里十一点以后仍在施工，噪音很大，影响休息。",
        "要求夜间停止施工。",
    ),
    (
        "垃圾清运不及时",
        "environment",
        "小区垃圾房连续多日未清运，气味很大，蚊蝇滋生。",
        "要求每天按时清运。",
    ),
    (
        "餐馆油烟直排",
        "environment",
        "楼下餐馆油烟直接排放，家里窗户都不能开。",
        "要求安装油烟净化设施。",
    ),
    (
        "路灯长期不亮",
        "municipal",
        "小区门口路灯坏了一个多月，晚上出行不安全。",
        "尽快修复路灯。",
    ),
    (
        "道路破损积水",
        "municipal",
        "路面坑洼，下雨天大面积积水，行人车辆通行困难。",
        "要求修补路面、疏通排水。",
    ),
    (
        "物业擅自提高停车费",
        "property",
        "物业公司未经业主大会同意提高停车费。",
        "要求恢复原收费标准并公示依据。",
    ),
    (
        "电梯经常停运",
        "property",
        "楼里电梯经常故障停运，老人上下楼困难。",
        "要求物业尽快维修并定期保养。",
    ),
    (
        "楼道堆放杂物",
        "property",
        "楼道里长期堆放杂物，存在消防隐患。",
        "要求清理楼道杂物。",
    ),
    (
        "养老金资格认证办理困难",
        "social_security",
        "养老金资格认证多次办理不成功，窗口说法不一。",
        "要求一次性告知并协助办理。",
    ),
    (
        "医保报销材料被多次退回",
        "social_security",
        "医保报销材料多次被退回，每次要求补的材料不一样。",
        "要求明确所需材料。",
    ),
    (
        "菜市场商户缺斤短两",
        "market",
        "在菜市场买菜多次发现缺斤短两。",
        "要求加强计量检查。",
    ),
    (
        "超市销售过期食品",
        "market",
        "超市货架上有过期食品在售。",
        "要求查处并下架。",
    ),
    (
        "占道经营影响通行",
        "urban_management",
        "路边摊贩占道经营，人行道无法通行。",
        "要求规范摊点。",
    ),
    (
        "违章搭建",
        "urban_management",
        "邻居在屋顶违章搭建，影响采光和安全。",
        "要求依法拆除。",
    ),
    (
        "公租房申请进度缓慢",
        "housing",
        "公租房申请提交半年仍无消息。",
        "要求告知审核进度。",
    ),
    (
        "老旧小区加装电梯进度缓慢",
        "housing",
        "加装电梯方案通过后迟迟不开工。",
        "要求公开进度、尽快施工。",
    ),
    (
        "窗口工作人员态度生硬",
        "service_conduct",
        "办理业务时窗口工作人员态度生硬，不耐烦。",
        "要求改进服务态度。",
    ),
    (
        "办事指南与实际要求不一致",
        "other",
        "网上办事指南写的材料与窗口要求不一致，多跑了几趟。",
        "要求统一办事指南。",
    ),
];
const DETAILS: &[&str] = &[
    "这种情况已经持续一个多月。",
    "之前打过电话反映，没有结果。",
    "周边很多居民都有意见。",
    "家里有老人和孩子，影响很大。",
    "希望有关部门尽快处理并答复。",
    "",
];

/// Fills an empty database with the demo center and `n` more complaints (for seed `seed`);
/// `progress` is told how many are stored after each batch.
pub async fn fill(
    db: &Db,
    now: OffsetDateTime,
    n: usize,
    seed: u64,
    progress: impl Fn(usize),
) -> Result<ScaleDemo> {
    // Instants are kept in UTC, like the clocks give them (SQLite compares them as text).
    let now = now.to_offset(time::UtcOffset::UTC);
    let mut center = demo::fill(db, now).await?;
    let service = Service::new(db.clone(), Arc::new(SystemClock), Settings::default());
    // Sorted by name: ids are random, and the same seed must give the same data.
    let units = {
        let mut tx = db.read().await?;
        let mut units = tx.units().await?.iter().cloned().collect::<Vec<_>>();
        units.sort_by(|a, b| a.name.cmp(&b.name));
        units
    };
    // Every lead unit needs someone to handle what it is sent.
    let staff = {
        let mut tx = db.read().await?;
        active_staff(&mut tx).await?
    };
    let mut added = 0;
    for (i, unit) in units.iter().enumerate() {
        let handled = staff
            .iter()
            .any(|a| a.unit == unit.id && a.role.is_handling_staff());
        if handled || !matches!(unit.kind, UnitKind::Section | UnitKind::Department) {
            continue;
        }
        added += 1;
        let username = format!("unit-handler{added}");
        let password = format!("{username}-demo-2026");
        let name = format!("{}{}", SURNAMES[i % SURNAMES.len()], GIVEN[i % GIVEN.len()]);
        service
            .add_user(NewUserInput {
                username: Some(username.clone()),
                display_name: Some(name.clone()),
                role: Some(Role::Handler.as_str().into()),
                unit: Some(unit.id),
                password: Some(password.clone()),
            })
            .await?;
        center.accounts.push(DemoAccount {
            username,
            password,
            display_name: name,
            role: Role::Handler,
        });
    }
    let mut tx = db.read().await?;
    let staff = active_staff(&mut tx).await?;
    let tree = tx.units().await?;
    let calendar = load_calendar(&mut tx).await?;
    drop(tx);
    let policy = DeadlinePolicy::default();
    let one = |role: Role| staff.iter().find(|a| a.role == role).cloned();
    let (Some(clerk), Some(office), Some(leader)) =
        (one(Role::Clerk), one(Role::Office), one(Role::Leader))
    else {
        return Err(crate::ServiceError::Internal(
            "demo accounts missing".into(),
        ));
    };
    let leads: Vec<_> = units
        .iter()
        .filter(|u| matches!(u.kind, UnitKind::Section | UnitKind::Department))
        .filter(|u| u.name != "中心办公室")
        .collect();
    let handler_of = |unit| {
        staff
            .iter()
            .find(|a| a.unit == unit && a.role.is_handling_staff())
    };
    let mut rng = Rng(seed);
    let start = now - Duration::days(3 * 365);
    let span = (now - Duration::days(1) - start).whole_seconds().max(1);
    let mut numbers = {
        let mut tx = db.read().await?;
        Numbers::read(&mut tx, start.year()..=now.year()).await?
    };
    // The domain's decisions (one core) and the database's writes (the other, or the
    // database server) overlap: writers store batches while the next is made. PostgreSQL
    // takes two at once (each holds the audit chain only for its last statements); SQLite
    // has one writer anyway.
    let writers = match db {
        Db::Postgres(_) => 2,
        Db::Sqlite(_) => 1,
    };
    let (batches, queue) = tokio::sync::mpsc::channel::<Batch>(writers);
    let queue = Arc::new(tokio::sync::Mutex::new(queue));
    // Each writer tells which batch it stored and how many complaints were in it — or why it
    // failed, which ends the load.
    let (stored_tx, mut stored_rx) =
        tokio::sync::mpsc::unbounded_channel::<Result<(usize, usize)>>();
    let writers: Vec<_> = (0..writers)
        .map(|_| {
            let (db, queue, stored_tx) = (db.clone(), queue.clone(), stored_tx.clone());
            tokio::spawn(async move {
                loop {
                    let Some(batch) = queue.lock().await.recv().await else {
                        return;
                    };
                    let done = async {
                        let mut tx = db.write().await?;
                        store(&mut tx, &batch).await?;
                        tx.commit().await?;
                        Ok((batch.number, batch.lives.len()))
                    };
                    let done = done.await;
                    let failed = done.is_err();
                    let _ = stored_tx.send(done);
                    if failed {
                        return;
                    }
                }
            })
        })
        .collect();
    drop(stored_tx);
    let mut stored = Stored::default();
    let mut repeats = Repeats::default();
    let mut i = 0;
    for number in 0usize.. {
        if i >= n {
            break;
        }
        // A repeat may link to a batch SETTLED before this one once every batch up to it is
        // stored (two writers may finish out of order).
        if let Some(settling) = number.checked_sub(SETTLED) {
            while stored.through <= settling {
                let Some(done) = stored_rx.recv().await else {
                    break;
                };
                stored.add(done?, &progress);
            }
            repeats.settle(settling);
        }
        repeats.begin(number);
        let mut lives = Vec::with_capacity(BATCH);
        for _ in 0..BATCH.min(n - i) {
            // Registration times rise with `i`, so numbers follow time.
            let slot = span / n as i64;
            let at =
                start + Duration::seconds(i as i64 * slot + rng.below(slot.max(1) as u64) as i64);
            let life = Life {
                ctx: Frame {
                    units: &tree,
                    calendar: &calendar,
                    policy: &policy,
                    staff: &staff,
                },
                now,
                clerk: &clerk,
                office: &office,
                leader: &leader,
            };
            let (matter, lead) = (rng.pick(MATTERS), rng.pick(&leads).id);
            let handler = handler_of(lead);
            let lived = life.live(&mut rng, &mut numbers, at, matter, lead, handler, &repeats)?;
            repeats.made(&lived.changes[0].1.complaint);
            lives.push(lived);
            i += 1;
        }
        let terms = lives
            .iter()
            .map(|life| {
                let c = &life.state;
                huixiang_domain::search::case_document(c, c.last_progress.as_deref())
            })
            .collect();
        let batch = Batch {
            number,
            lives,
            terms,
            numbers: numbers.clone(),
        };
        if batches.send(batch).await.is_err() {
            break; // the writers stopped: their error is below
        }
        while let Ok(done) = stored_rx.try_recv() {
            stored.add(done?, &progress);
        }
    }
    drop(batches);
    while let Some(done) = stored_rx.recv().await {
        stored.add(done?, &progress);
    }
    for writer in writers {
        writer
            .await
            .map_err(|e| crate::ServiceError::Internal(format!("demo writer: {e}")))?;
    }
    if stored.complaints != n {
        return Err(crate::ServiceError::Internal(format!(
            "demo: {} of {n} complaints stored",
            stored.complaints
        )));
    }
    let stored = stored.complaints;
    db.after_bulk_load().await?;
    Ok(ScaleDemo {
        accounts: center.accounts,
        complaints: center.complaints + stored,
    })
}

/// How many batches back a repeat may link to a complaint of another batch: the writers may
/// still hold the batches in between (two being written, two waiting).
const SETTLED: usize = 5;

/// What a repeat may link to: the latest complaints stored for certain (a bounded ring), and
/// those made before it in its own batch (stored in the same transaction, earlier). It is the
/// same for a seed, however fast the writers are.
#[derive(Default)]
struct Repeats {
    settled: Vec<LinkTarget>,
    /// Where the next settled complaint goes once the ring is full.
    slot: usize,
    /// The complaints of the batches not settled yet, by batch.
    made: BTreeMap<usize, Vec<LinkTarget>>,
    /// The batch being made.
    current: usize,
}

impl Repeats {
    const RING: usize = 1000;

    /// Batch `batch` is being made now.
    fn begin(&mut self, batch: usize) {
        self.current = batch;
    }

    fn made(&mut self, c: &Complaint) {
        self.made.entry(self.current).or_default().push(LinkTarget {
            id: c.id,
            number: c.number.to_string(),
            registered_at: c.registered_at,
        });
    }

    /// Batch `batch` is stored: its complaints may now be linked to from any batch.
    fn settle(&mut self, batch: usize) {
        for target in self.made.remove(&batch).unwrap_or_default() {
            if self.settled.len() < Self::RING {
                self.settled.push(target);
            } else {
                self.settled[self.slot] = target;
                self.slot = (self.slot + 1) % Self::RING;
            }
        }
    }

    fn pick(&self, rng: &mut Rng) -> Option<&LinkTarget> {
        let own = self.made.get(&self.current).map_or(&[][..], Vec::as_slice);
        let k = rng.below((self.settled.len() + own.len()).max(1) as u64) as usize;
        self.settled
            .get(k)
            .or_else(|| own.get(k - self.settled.len()))
    }
}

/// What the writers have stored so far.
#[derive(Default)]
struct Stored {
    complaints: usize,
    /// Every batch below this one is stored.
    through: usize,
    /// Batches stored out of order, above `through`.
    ahead: std::collections::BTreeSet<usize>,
}

impl Stored {
    fn add(&mut self, (batch, complaints): (usize, usize), progress: &impl Fn(usize)) {
        self.complaints += complaints;
        self.ahead.insert(batch);
        while self.ahead.remove(&self.through) {
            self.through += 1;
        }
        progress(self.complaints);
    }
}

/// What the domain decides in.
#[derive(Clone, Copy)]
struct Frame<'a> {
    units: &'a huixiang_domain::Units,
    calendar: &'a huixiang_domain::WorkCalendar,
    policy: &'a DeadlinePolicy,
    staff: &'a [Actor],
}

/// A complaint's life so far: its time, how it stands, and each step with who took it.
struct Steps {
    t: OffsetDateTime,
    state: Complaint,
    changes: Vec<(Actor, Change)>,
}

/// Complaints made, to be stored in one transaction, with the counters as they stand after them.
struct Batch {
    /// 0 for the first batch, then one more each.
    number: usize,
    lives: Vec<Steps>,
    /// Each complaint's search terms, made here rather than by the writer.
    terms: Vec<String>,
    numbers: Numbers,
}

impl Steps {
    /// Takes a step `after` the last one, if that time has come by the demo's today; answers
    /// whether it was taken.
    fn take(
        &mut self,
        life: &Life<'_>,
        actor: &Actor,
        after: Duration,
        command: Command,
    ) -> Result<bool> {
        let when = self.t + after;
        if when > life.now {
            return Ok(false);
        }
        let change = decide::apply(life.context(actor, when), &self.state, command)?;
        self.t = when;
        self.state = change.complaint.clone();
        self.changes.push((actor.clone(), change));
        Ok(true)
    }
}

struct Life<'a> {
    ctx: Frame<'a>,
    now: OffsetDateTime,
    clerk: &'a Actor,
    office: &'a Actor,
    leader: &'a Actor,
}

impl<'a> Life<'a> {
    fn context<'b>(&'b self, actor: &'b Actor, at: OffsetDateTime) -> Context<'b> {
        Context {
            actor,
            units: self.ctx.units,
            calendar: self.ctx.calendar,
            policy: self.ctx.policy,
            now: at,
            staff: self.ctx.staff,
        }
    }

    /// Registers one complaint at `at` and takes it as far along its planned life as `now`
    /// allows; stores it with every event; answers the changes (registration first).
    #[allow(clippy::too_many_arguments)]
    fn live(
        &self,
        rng: &mut Rng,
        numbers: &mut Numbers,
        at: OffsetDateTime,
        matter: &(&str, &str, &str, &str),
        lead: huixiang_domain::UnitId,
        handler: Option<&'a Actor>,
        repeats: &Repeats,
    ) -> Result<Steps> {
        let (title, category, problem, demands) = *matter;
        let place = rng.pick(PLACES);
        let channel = *rng.pick(&["in_person", "phone", "phone", "online", "online", "letter"]);
        let address = format!(
            "{place}{}号{}室",
            1 + rng.below(40),
            101 + rng.below(6) * 100 + rng.below(4)
        );
        let form = RegistrationInput {
            channel: Some(channel.into()),
            category: Some(category.into()),
            title: Some(format!("{place}{title}")),
            complainant_name: Some(format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))),
            complainant_occupation: Some((*rng.pick(OCCUPATIONS)).into()),
            complainant_address: Some(address),
            complainant_phone: Some(format!(
                "13{}{:08}",
                5 + rng.below(5),
                rng.below(100_000_000)
            )),
            problem: Some(format!("{place}：{problem}{}", rng.pick(DETAILS))),
            demands: Some(demands.into()),
            ..Default::default()
        };
        let registrar = if channel == "letter" {
            self.office
        } else {
            self.clerk
        };
        let year = ComplaintNumber::year_of(at);
        let seq = numbers.next(&ComplaintNumber::counter(year));
        let number = ComplaintNumber { year, seq };
        let id = ComplaintId(Uuid::now_v7());
        let registered = decide::register(self.context(registrar, at), id, number, &form)?;
        let mut life = Steps {
            t: at,
            state: registered.complaint.clone(),
            changes: vec![(registrar.clone(), registered)],
        };
        let special = rng.below(100);
        if special < 4 {
            let kind = if special < 2 {
                "important"
            } else {
                "difficult"
            };
            let reason = Some("涉及群众切身利益，需重点关注。".to_owned());
            let mark = Command::MarkSpecial {
                kind: Some(kind.into()),
                reason,
            };
            life.take(self, self.clerk, rng.hours(1, 3), mark)?;
        }
        if rng.chance(5)
            && let Some(target) = repeats.pick(rng)
        {
            let link = Command::LinkRepeat {
                target: Some(target.clone()),
            };
            life.take(self, self.clerk, rng.hours(1, 3), link)?;
        }
        let fate = rng.below(100);
        if fate < 6 {
            let reason = Some("不属于本中心受理范围，已告知投诉人向有关部门反映。".to_owned());
            life.take(
                self,
                self.leader,
                rng.hours(2, 30),
                Command::NotAccept { reason },
            )?;
            return Ok(life);
        }
        if fate < 9 {
            let reason = Some("投诉人来电表示问题已自行协商解决，申请撤回。".to_owned());
            life.take(
                self,
                self.clerk,
                rng.hours(2, 48),
                Command::Withdraw { reason },
            )?;
            return Ok(life);
        }
        let Some(handler) = handler else {
            return Ok(life);
        };
        let in_house_ok = self
            .ctx
            .units
            .get(lead)
            .is_some_and(|u| u.kind.is_inside_center());
        let decision = match *rng.pick(&["transfer", "transfer", "assign"]) {
            "transfer" if in_house_ok => "in_house",
            d => d,
        };
        let review = ReviewInput {
            opinion: Some("请核实情况，依法依规处理并答复投诉人。".into()),
            decision: Some(decision.into()),
            lead_unit: Some(lead),
            co_units: Vec::new(),
            instruction: (decision == "assign").then(|| "群众反映强烈，请抓紧办理。".into()),
            report_back: None,
            deadline: Default::default(),
        };
        let note = Some("已到现场查看，与相关方面沟通，正在督促整改。".to_owned());
        // Most are concluded within the limit, some late.
        let days = if rng.chance(15) {
            20 + rng.below(30)
        } else {
            3 + rng.below(15)
        } as i64;
        let result = ResultInput {
            findings: Some("经现场核查，投诉人反映的情况基本属实。".into()),
            handling: Some("已责成责任方限期整改，整改完成后复查确认。".into()),
            complainant_met: Some(rng.chance(85)),
            reply: Some("已向投诉人反馈处理结果。".into()),
        };
        let handled = life.take(self, self.leader, rng.hours(2, 30), Command::Review(review))?
            && life.take(self, handler, rng.hours(1, 24), Command::Acknowledge)?
            && life.take(
                self,
                handler,
                rng.hours(24, 120),
                Command::RecordProgress { note },
            )?
            && life.take(
                self,
                handler,
                Duration::days(days),
                Command::SubmitResult(result.clone()),
            )?;
        if !handled {
            return Ok(life);
        }
        let verdicts = |met: bool| {
            Criterion::ALL
                .iter()
                .map(|c| {
                    let fails = !met && *c == Criterion::ComplainantMet;
                    VerdictInput {
                        criterion: Some(c.as_str().into()),
                        passed: Some(!fails),
                        comment: fails.then(|| "未见与投诉人见面的记录，请补充。".into()),
                    }
                })
                .collect()
        };
        let met = life
            .state
            .result
            .as_ref()
            .is_some_and(|r| r.complainant_met);
        let mut closed = life.take(
            self,
            self.office,
            rng.hours(24, 96),
            Command::ReviewClosure(verdicts(met)),
        )?;
        if closed && !met {
            // Returned for rework: the unit takes it up again, meets the complainant and
            // submits again, and the office closes it — unless the present comes first.
            let again = ResultInput {
                complainant_met: Some(true),
                reply: Some("已约见投诉人当面反馈处理结果。".into()),
                ..result
            };
            closed = life.take(self, handler, rng.hours(2, 48), Command::Acknowledge)?
                && life.take(
                    self,
                    handler,
                    rng.hours(24, 120),
                    Command::SubmitResult(again),
                )?
                && life.take(
                    self,
                    self.office,
                    rng.hours(24, 96),
                    Command::ReviewClosure(verdicts(true)),
                )?;
        }
        if !closed {
            return Ok(life);
        }
        if decision == "assign" {
            let text = Some(huixiang_domain::handling::draft_report(
                &life.state,
                self.ctx.units,
            ));
            if !life.take(
                self,
                self.office,
                rng.hours(24, 120),
                Command::FileReport { text },
            )? {
                return Ok(life);
            }
        }
        let filed = life.t + Duration::days(10);
        if rng.chance(80) && filed <= self.now {
            let year = ComplaintNumber::year_of(filed);
            let seq = numbers.next(&ArchiveRecord::counter(year));
            let archive_number = ArchiveRecord::number(year, seq);
            life.take(
                self,
                self.office,
                Duration::days(10),
                Command::Archive { archive_number },
            )?;
        }
        Ok(life)
    }
}

/// The numbers the load hands out (case numbers by year, archive numbers by year), counted
/// here and saved to their counters with each batch.
#[derive(Clone)]
struct Numbers(BTreeMap<String, i64>);

impl Numbers {
    /// The counters of the years the load spans, as they stand.
    async fn read(tx: &mut Tx, years: std::ops::RangeInclusive<i32>) -> Result<Self> {
        let mut last = BTreeMap::new();
        for year in years {
            for counter in [ComplaintNumber::counter(year), ArchiveRecord::counter(year)] {
                let value = tx.counter_value(&counter).await?;
                last.insert(counter, value);
            }
        }
        Ok(Numbers(last))
    }

    fn next(&mut self, counter: &str) -> i64 {
        let last = self.0.entry(counter.to_owned()).or_insert(0);
        *last += 1;
        *last
    }

    async fn save(&self, tx: &mut Tx) -> Result<()> {
        for (counter, value) in &self.0 {
            tx.advance_counter(counter, *value).await?;
        }
        Ok(())
    }
}

/// Stores a batch of complaints as they ended, every event in order (by who took the step),
/// and their search terms — a few statements for the whole batch.
async fn store(tx: &mut Tx, batch: &Batch) -> Result<()> {
    let complaints: Vec<(&Complaint, &str)> = batch
        .lives
        .iter()
        .zip(&batch.terms)
        .map(|(life, terms)| (&life.state, terms.as_str()))
        .collect();
    tx.insert_complaints(&complaints).await?;
    let events: Vec<PendingEvent<'_>> = batch
        .lives
        .iter()
        .flat_map(|life| &life.changes)
        .map(|(actor, change)| pending_event(actor, change))
        .collect();
    tx.append_events(&events).await?;
    batch.numbers.save(tx).await
}
