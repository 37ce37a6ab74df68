//! The special handling of a case (R21–R25) and the written report on a leader-assigned case
//! (R22): referrals to outside departments (商请), the office's supervision of a leader's
//! instructed transfer (督办) with the unit's responses, joint studies (会商), cooperation tasks
//! for cases others lead, and the written report (书面报告) after closure. Each is a record on
//! the case, numbered from 1 in its list, with who recorded it and when; nothing is removed.

use crate::complaint::{Complaint, Decision, beijing_date};
use crate::ids::{UnitId, UserId};
use crate::letter::Named;
use crate::rejection::{FieldProblem, Rejection};
use crate::special::SpecialKind;
use crate::staff::{Actor, Units};
use crate::text::TextRule;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

/// Everything of R21–R25 and R22's report recorded on one case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialHandling {
    #[serde(default)]
    pub referrals: Vec<Referral>,
    #[serde(default)]
    pub supervisions: Vec<Supervision>,
    #[serde(default)]
    pub studies: Vec<JointStudy>,
    #[serde(default)]
    pub cooperations: Vec<Cooperation>,
    #[serde(default)]
    pub report: Option<WrittenReport>,
}

/// Who recorded something and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub by: UserId,
    pub by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl Recorded {
    pub fn now(actor: &Actor, now: OffsetDateTime) -> Self {
        Recorded {
            by: actor.id,
            by_name: actor.name.clone(),
            at: now,
        }
    }
}

/// R21: the center asks a competent outside department to handle what it cannot (商请).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub no: usize,
    /// The department asked, by name (it need not be a unit of the tree).
    pub department: String,
    /// What it is asked to do.
    pub matter: String,
    #[serde(with = "crate::serde_date")]
    pub sent_on: Date,
    pub recorded: Recorded,
    pub reply: Option<ReferralReply>,
}

/// R21: the department's reply to a referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralReply {
    pub text: String,
    #[serde(with = "crate::serde_date")]
    pub replied_on: Date,
    pub recorded: Recorded,
}

/// R23: the center office's supervision (督办) of a case a leader sent on with an instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supervision {
    pub no: usize,
    pub instructions: String,
    /// When the unit is to answer.
    #[serde(with = "crate::serde_date")]
    pub due: Date,
    pub recorded: Recorded,
    #[serde(default)]
    pub responses: Vec<SupervisionResponse>,
}

/// R23: the lead unit's answer to a supervision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionResponse {
    pub text: String,
    pub unit: UnitId,
    pub recorded: Recorded,
}

/// R24: a joint study (会商) of a difficult case with the departments concerned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JointStudy {
    pub no: usize,
    #[serde(with = "crate::serde_date")]
    pub held_on: Date,
    /// Who took part, as written in the minutes.
    pub participants: String,
    pub units: Vec<UnitId>,
    /// The opinion the study proposes.
    pub conclusion: String,
    pub recorded: Recorded,
}

/// R25: a case led by the town's party committee, government or a department, for which the
/// center sends people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cooperation {
    pub no: usize,
    /// Who leads the case.
    pub lead_body: String,
    pub task: String,
    pub people: Vec<Named>,
    #[serde(with = "crate::serde_date")]
    pub starts_on: Date,
    pub recorded: Recorded,
}

/// R22: the written report (书面报告) on a leader-assigned case after closure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrittenReport {
    pub text: String,
    pub recorded: Recorded,
}

/// R21: a referral as typed.
#[derive(Clone, Debug, Default)]
pub struct ReferralInput {
    pub department: Option<String>,
    pub matter: Option<String>,
    /// `YYYY-MM-DD`; today when blank.
    pub sent_on: Option<String>,
}

/// R21: a reply to referral `no` as typed.
#[derive(Clone, Debug, Default)]
pub struct ReplyInput {
    pub no: Option<usize>,
    pub text: Option<String>,
    pub replied_on: Option<String>,
}

/// R23: a supervision as typed.
#[derive(Clone, Debug, Default)]
pub struct SupervisionInput {
    pub instructions: Option<String>,
    pub due: Option<String>,
}

/// R23: a response to supervision `no` as typed.
#[derive(Clone, Debug, Default)]
pub struct ResponseInput {
    pub no: Option<usize>,
    pub text: Option<String>,
}

/// R24: a joint study as typed.
#[derive(Clone, Debug, Default)]
pub struct StudyInput {
    pub held_on: Option<String>,
    pub participants: Option<String>,
    pub units: Vec<UnitId>,
    pub conclusion: Option<String>,
}

/// R25: a cooperation task as typed.
#[derive(Clone, Debug, Default)]
pub struct CooperationInput {
    pub lead_body: Option<String>,
    pub task: Option<String>,
    pub people: Vec<UserId>,
    pub starts_on: Option<String>,
}

fn invalid(field: &'static str, problem: FieldProblem) -> Rejection {
    Rejection::InvalidField { field, problem }
}

/// A date as typed (`YYYY-MM-DD`), `default` when blank.
pub fn date_or(field: &'static str, value: Option<&str>, default: Date) -> Result<Date, Rejection> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => crate::calendar::arrangement::parse_date(v)
            .ok_or_else(|| invalid(field, FieldProblem::BadFormat)),
    }
}

/// A date that has happened (today or earlier).
fn past_date(field: &'static str, value: Option<&str>, today: Date) -> Result<Date, Rejection> {
    let date = date_or(field, value, today)?;
    if date > today {
        return Err(Rejection::DateInFuture { field });
    }
    Ok(date)
}

const DEPARTMENT: TextRule = TextRule::line("department", 100);
const MATTER: TextRule = TextRule::block("matter", 2000);

impl SpecialHandling {
    /// Nothing recorded yet (stored as no value).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// R21: a referral to an outside department.
    pub fn refer(
        &mut self,
        input: &ReferralInput,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Referral, Rejection> {
        let today = beijing_date(now);
        let referral = Referral {
            no: self.referrals.len() + 1,
            department: DEPARTMENT.required(input.department.as_deref())?,
            matter: MATTER.required(input.matter.as_deref())?,
            sent_on: past_date("sent_on", input.sent_on.as_deref(), today)?,
            recorded: Recorded::now(actor, now),
            reply: None,
        };
        self.referrals.push(referral.clone());
        Ok(referral)
    }

    /// R21: the reply to a referral, once.
    pub fn record_reply(
        &mut self,
        input: &ReplyInput,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Referral, Rejection> {
        let today = beijing_date(now);
        let referral = numbered(&mut self.referrals, input.no, |r| r.no)?;
        if referral.reply.is_some() {
            return Err(Rejection::AlreadyAnswered);
        }
        let replied_on = past_date("replied_on", input.replied_on.as_deref(), today)?;
        if replied_on < referral.sent_on {
            return Err(invalid("replied_on", FieldProblem::UnknownValue));
        }
        referral.reply = Some(ReferralReply {
            text: TextRule::block("reply", 5000).required(input.text.as_deref())?,
            replied_on,
            recorded: Recorded::now(actor, now),
        });
        Ok(referral.clone())
    }

    /// R23: the office supervises a case a leader sent on with an instruction.
    pub fn supervise(
        &mut self,
        complaint: &Complaint,
        input: &SupervisionInput,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Supervision, Rejection> {
        if !supervisable(complaint) {
            return Err(Rejection::SupervisionNotApplicable);
        }
        let today = beijing_date(now);
        let instructions =
            TextRule::block("instructions", 2000).required(input.instructions.as_deref())?;
        let due = input
            .due
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .ok_or_else(|| invalid("due", FieldProblem::Missing))?;
        let due = date_or("due", Some(due), today)?;
        if due < today {
            return Err(invalid("due", FieldProblem::UnknownValue));
        }
        let supervision = Supervision {
            no: self.supervisions.len() + 1,
            instructions,
            due,
            recorded: Recorded::now(actor, now),
            responses: Vec::new(),
        };
        self.supervisions.push(supervision.clone());
        Ok(supervision)
    }

    /// R23: the lead unit answers a supervision (as often as there is news).
    pub fn respond(
        &mut self,
        input: &ResponseInput,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Supervision, Rejection> {
        let supervision = numbered(&mut self.supervisions, input.no, |s| s.no)?;
        supervision.responses.push(SupervisionResponse {
            text: TextRule::block("response", 2000).required(input.text.as_deref())?,
            unit: actor.unit,
            recorded: Recorded::now(actor, now),
        });
        Ok(supervision.clone())
    }

    /// R24: a joint study with the departments concerned.
    pub fn study(
        &mut self,
        input: &StudyInput,
        units: &Units,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<JointStudy, Rejection> {
        let today = beijing_date(now);
        let held_on = past_date("held_on", input.held_on.as_deref(), today)?;
        let participants =
            TextRule::block("participants", 1000).required(input.participants.as_deref())?;
        if input.units.is_empty() {
            return Err(invalid("units", FieldProblem::Missing));
        }
        let mut study_units = Vec::new();
        for id in &input.units {
            units.require(*id, "units")?;
            if !study_units.contains(id) {
                study_units.push(*id);
            }
        }
        let study = JointStudy {
            no: self.studies.len() + 1,
            held_on,
            participants,
            units: study_units,
            conclusion: TextRule::block("conclusion", 5000)
                .required(input.conclusion.as_deref())?,
            recorded: Recorded::now(actor, now),
        };
        self.studies.push(study.clone());
        Ok(study)
    }

    /// R25: the center takes part in a case someone else leads, and sends people.
    pub fn cooperate(
        &mut self,
        input: &CooperationInput,
        staff: &[Actor],
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<Cooperation, Rejection> {
        let today = beijing_date(now);
        if input.people.is_empty() {
            return Err(invalid("people", FieldProblem::Missing));
        }
        let mut people: Vec<Named> = Vec::new();
        for id in &input.people {
            let person = staff
                .iter()
                .find(|s| s.id == *id)
                .ok_or_else(|| invalid("people", FieldProblem::UnknownValue))?;
            if !people.iter().any(|p| p.id == person.id) {
                people.push(Named {
                    id: person.id,
                    name: person.name.clone(),
                });
            }
        }
        let cooperation = Cooperation {
            no: self.cooperations.len() + 1,
            lead_body: TextRule::line("lead_body", 100).required(input.lead_body.as_deref())?,
            task: TextRule::block("task", 2000).required(input.task.as_deref())?,
            people,
            starts_on: date_or("starts_on", input.starts_on.as_deref(), today)?,
            recorded: Recorded::now(actor, now),
        };
        self.cooperations.push(cooperation.clone());
        Ok(cooperation)
    }

    /// R22: the written report on a closed leader-assigned case, once.
    pub fn file_report(
        &mut self,
        complaint: &Complaint,
        text: Option<&str>,
        actor: &Actor,
        now: OffsetDateTime,
    ) -> Result<WrittenReport, Rejection> {
        if !leader_assigned(complaint) {
            return Err(Rejection::ReportNotApplicable);
        }
        if self.report.is_some() {
            return Err(Rejection::ReportExists);
        }
        let report = WrittenReport {
            text: TextRule::block("report", 20_000).required(text)?,
            recorded: Recorded::now(actor, now),
        };
        self.report = Some(report.clone());
        Ok(report)
    }

    /// R23: supervisions the lead unit has not answered yet.
    pub fn unanswered_supervisions(&self) -> impl Iterator<Item = &Supervision> {
        self.supervisions.iter().filter(|s| s.responses.is_empty())
    }
}

/// The record numbered `no` in `list`.
fn numbered<T>(
    list: &mut [T],
    no: Option<usize>,
    no_of: impl Fn(&T) -> usize,
) -> Result<&mut T, Rejection> {
    let no = no.ok_or_else(|| invalid("no", FieldProblem::Missing))?;
    list.iter_mut()
        .find(|r| no_of(r) == no)
        .ok_or_else(|| invalid("no", FieldProblem::UnknownValue))
}

/// R23: a case a leader sent on (transferred or assigned) with an instruction is supervised by
/// the center office.
pub fn supervisable(complaint: &Complaint) -> bool {
    complaint
        .dispatch
        .as_ref()
        .is_some_and(|d| d.instruction.is_some() && d.kind != Decision::InHouse)
}

/// R20, R22: a leader-assigned case — formally assigned (交办), or marked leader-assigned.
pub fn leader_assigned(complaint: &Complaint) -> bool {
    complaint
        .dispatch
        .as_ref()
        .is_some_and(|d| d.kind == Decision::Assign)
        || complaint
            .special
            .iter()
            .any(|m| m.kind == SpecialKind::LeaderAssigned)
}

/// R22: whether a closed case still owes its written report (it is not archived without one).
pub fn report_owed(complaint: &Complaint) -> bool {
    leader_assigned(complaint) && complaint.handling.report.is_none()
}

/// R22: a first draft of the written report, composed from the case record, for the office or
/// a leader to edit before filing. It carries the facts in the order a report gives them:
/// the complaint, the leader's assignment, the handling (supervision, joint studies, referrals
/// included), the result and the closure review.
pub fn draft_report(c: &Complaint, units: &Units) -> String {
    use crate::rejection::Lang::Zh;
    let unit_name = |id: UnitId| {
        units
            .get(id)
            .map_or("（单位不详）".to_owned(), |u| u.name.clone())
    };
    let day = |at: OffsetDateTime| {
        let d = beijing_date(at);
        format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day())
    };
    let date = |d: Date| format!("{}年{}月{}日", d.year(), u8::from(d.month()), d.day());
    let mut out = Vec::new();
    out.push(format!(
        "关于{}号投诉（{}）办理情况的报告",
        c.number, c.title
    ));
    out.push(String::new());
    if let Some(review) = &c.review {
        out.push(format!("{}：", review.leader_name));
    }
    out.push(format!(
        "{}，本中心以{}方式受理{}反映的“{}”问题。反映的问题：{}诉求：{}",
        day(c.registered_at),
        c.channel.label(Zh),
        c.complainant.name,
        c.title,
        with_stop(&c.problem),
        with_stop(&c.demands),
    ));
    if let (Some(review), Some(d)) = (&c.review, &c.dispatch) {
        let co = if d.co_units.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = d.co_units.iter().map(|u| unit_name(*u)).collect();
            format!("，{}协办", names.join("、"))
        };
        let instruction = d
            .instruction
            .as_deref()
            .map_or(String::new(), |i| format!("批示：{}", with_stop(i)));
        out.push(format!(
            "{}，{}阅处意见：{}{}按{}方式由{}主办{}，限{}前办结。",
            day(review.at),
            review.leader_name,
            with_stop(&review.opinion),
            instruction,
            d.kind.label(Zh),
            unit_name(d.lead_unit),
            co,
            date(d.due()),
        ));
        for e in &d.explanations {
            out.push(format!(
                "{}，承办单位报送情况说明：{}",
                day(e.at),
                with_stop(&e.text)
            ));
        }
    }
    let h = &c.handling;
    for s in &h.supervisions {
        let answers: Vec<String> = s.responses.iter().map(|r| with_stop(&r.text)).collect();
        let answered = if answers.is_empty() {
            "承办单位尚未回复。".to_owned()
        } else {
            format!("承办单位回复：{}", answers.join(""))
        };
        out.push(format!(
            "{}，中心办公室督办：{}{}",
            day(s.recorded.at),
            with_stop(&s.instructions),
            answered
        ));
    }
    for s in &h.studies {
        let names: Vec<String> = s.units.iter().map(|u| unit_name(*u)).collect();
        out.push(format!(
            "{}，中心办公室会同{}会商，提出意见：{}",
            date(s.held_on),
            names.join("、"),
            with_stop(&s.conclusion)
        ));
    }
    for r in &h.referrals {
        let reply = r.reply.as_ref().map_or("尚未回复。".to_owned(), |x| {
            format!("{}回复：{}", date(x.replied_on), with_stop(&x.text))
        });
        out.push(format!(
            "{}，商请{}：{}{}",
            date(r.sent_on),
            r.department,
            with_stop(&r.matter),
            reply
        ));
    }
    if let Some(m) = &c.result {
        out.push(format!("核查情况：{}", with_stop(&m.findings)));
        out.push(format!("处理情况：{}", with_stop(&m.handling)));
        let met = if m.complainant_met {
            "已与投诉人见面。"
        } else {
            ""
        };
        out.push(format!("答复情况：{}{}", with_stop(&m.reply), met));
    }
    if let Some(r) = c.closure_review.as_ref().filter(|r| r.passed()) {
        out.push(format!(
            "{}，经结案审查，六项标准均符合，予以结案。",
            day(r.at)
        ));
    }
    out.push(String::new());
    out.push("特此报告。".to_owned());
    out.join("\n")
}

/// Text ending in a full stop (Chinese or ASCII punctuation kept as typed).
fn with_stop(text: &str) -> String {
    let text = text.trim();
    match text.chars().last() {
        Some('。' | '！' | '？' | '.' | '!' | '?' | '；') | None => text.to_owned(),
        Some(_) => format!("{text}。"),
    }
}
