//! The JSON shapes of the API. Inputs are all optional at the JSON level so that a missing field
//! gets the domain's own named rejection (`field_missing` with the field) rather than a parse
//! error.

use huixiang_domain::{Complaint, Lang, RegistrationInput, Unit, UnitId, UserId};
use huixiang_service::{CaseView, EventRecord, UserView};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: Option<String>,
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    pub user: Me,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: Uuid,
    pub name: String,
    pub role: String,
    pub unit: Uuid,
}

/// R3: who complains.
#[derive(Deserialize, Serialize, ToSchema, Default)]
pub struct ComplainantDto {
    pub name: Option<String>,
    pub work_unit: Option<String>,
    pub occupation: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// The resident ID card number (18 characters with its check digit), if given.
    #[serde(default)]
    pub id_number: Option<String>,
}

/// R3: the handling form (投诉处理单).
#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// `in_person`, `phone`, `online` or `letter`.
    pub channel: Option<String>,
    pub category: Option<String>,
    pub title: Option<String>,
    #[serde(default)]
    pub complainant: ComplainantDto,
    pub problem: Option<String>,
    pub demands: Option<String>,
    /// R7, R17: set when the complaint reports, exposes or accuses someone (检举、揭发、控告).
    #[serde(default)]
    pub accusation: Option<AccusationDto>,
    /// R15, R18: a letter's envelope and the items enclosed in it (letters only).
    #[serde(default)]
    pub letter: Option<LetterDto>,
}

/// R15, R18: the envelope of a letter and what it enclosed.
#[derive(Deserialize, ToSchema, Default)]
pub struct LetterDto {
    /// `YYYY-MM-DD`, when legible.
    pub postmark_date: Option<String>,
    /// Defaults to the writer's home address.
    pub sender_address: Option<String>,
    /// `YYYY-MM-DD`; defaults to today.
    pub received_date: Option<String>,
    #[serde(default)]
    pub enclosures: Vec<EnclosureDto>,
}

/// R18: one enclosed item.
#[derive(Deserialize, ToSchema, Default)]
pub struct EnclosureDto {
    /// `cash` or `document`.
    pub kind: Option<String>,
    /// Cash: the amount in yuan (`500`, `1,234.50`).
    pub amount: Option<String>,
    /// Cash: the currency (default 人民币).
    pub currency: Option<String>,
    /// A document: what it is (身份证, 房产证, …).
    pub doc_kind: Option<String>,
    pub doc_number: Option<String>,
    pub description: Option<String>,
}

impl From<EnclosureDto> for huixiang_domain::EnclosureInput {
    fn from(e: EnclosureDto) -> Self {
        Self {
            kind: e.kind,
            amount: e.amount,
            currency: e.currency,
            doc_kind: e.doc_kind,
            doc_number: e.doc_number,
            description: e.description,
        }
    }
}

/// R18: a step in an enclosed item's custody.
#[derive(Deserialize, ToSchema)]
pub struct CustodyRequest {
    /// The item's number (1, 2, …).
    pub item: Option<u32>,
    /// `held`, `returned` or `exception`.
    pub step: Option<String>,
    /// `returned`: the registered-mail number.
    pub mail_number: Option<String>,
    /// `returned`: the day it was posted (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// `exception`: what happened and why.
    pub why: Option<String>,
}

/// R15: the excerpt for chosen leaders.
#[derive(Deserialize, ToSchema)]
pub struct ExcerptRequest {
    /// `important_problem` or `valuable_suggestion`.
    pub reason: Option<String>,
    pub text: Option<String>,
    #[serde(default)]
    pub leaders: Vec<Uuid>,
}

/// R15: a leader's instruction on an excerpted letter.
#[derive(Deserialize, ToSchema)]
pub struct InstructRequest {
    pub text: Option<String>,
}

/// A file kept with a case (its bytes at `/complaints/{id}/attachments/{attachment}`).
#[derive(Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: Uuid,
    pub name: String,
    /// The MIME type, judged from the content.
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub uploaded_at: OffsetDateTime,
}

impl From<huixiang_domain::AttachmentMeta> for AttachmentDto {
    fn from(m: huixiang_domain::AttachmentMeta) -> Self {
        Self {
            id: m.id.0,
            name: m.name,
            file_type: m.file_type.as_str().into(),
            size: m.size,
            sha256: m.sha256,
            uploaded_by: m.uploaded_by.0,
            uploaded_at: m.uploaded_at,
        }
    }
}

/// R7, R17: who a complaint accuses.
#[derive(Deserialize, Serialize, ToSchema, Default)]
pub struct AccusationDto {
    pub accused_name: Option<String>,
    /// The accused unit, if it is in the unit tree.
    pub accused_unit: Option<Uuid>,
    /// The accused member of staff, if they have an account.
    pub accused_user: Option<Uuid>,
    /// R17: the accused is the center's own staff (reviewed by the center director).
    pub center_staff: Option<bool>,
}

/// R7: the organization's approval to let the accused unit handle an accusation.
#[derive(Deserialize, ToSchema)]
pub struct ApprovalRequest {
    /// Who approved.
    pub approver: Option<String>,
    /// The approving document's reference (文号).
    pub document: Option<String>,
}

/// R7: one read of an accusation case.
#[derive(Serialize, ToSchema)]
pub struct CaseReadDto {
    pub user: Uuid,
    pub user_name: String,
    /// `case`, `history`, `print_form`, `print_dossier`, …
    pub view: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl From<RegisterRequest> for RegistrationInput {
    fn from(r: RegisterRequest) -> Self {
        RegistrationInput {
            channel: r.channel,
            category: r.category,
            title: r.title,
            complainant_name: r.complainant.name,
            complainant_work_unit: r.complainant.work_unit,
            complainant_occupation: r.complainant.occupation,
            complainant_address: r.complainant.address,
            complainant_phone: r.complainant.phone,
            complainant_id_number: r.complainant.id_number,
            problem: r.problem,
            demands: r.demands,
            accused_name: r.accusation.as_ref().and_then(|a| a.accused_name.clone()),
            accused_unit: r
                .accusation
                .as_ref()
                .and_then(|a| a.accused_unit)
                .map(UnitId),
            accused_user: r
                .accusation
                .as_ref()
                .and_then(|a| a.accused_user)
                .map(UserId),
            accused_center_staff: r.accusation.as_ref().and_then(|a| a.center_staff),
            letter: r.letter.map(|l| huixiang_domain::LetterInput {
                postmark_date: l.postmark_date,
                sender_address: l.sender_address,
                received_date: l.received_date,
                enclosures: l.enclosures.into_iter().map(Into::into).collect(),
            }),
        }
    }
}

/// Corrects the handling form; every field is replaced, and a reason is recorded.
#[derive(Deserialize, ToSchema)]
pub struct EditRequest {
    #[serde(flatten)]
    pub form: RegisterRequest,
    pub reason: Option<String>,
}

/// R4–R8: the leader's review.
#[derive(Deserialize, ToSchema)]
pub struct ReviewRequest {
    pub opinion: Option<String>,
    /// `in_house`, `transfer` or `assign`.
    pub decision: Option<String>,
    pub lead_unit: Option<Uuid>,
    #[serde(default)]
    pub co_units: Vec<Uuid>,
    pub instruction: Option<String>,
    /// R11: whether a report back is owed (default: yes for `assign`).
    pub report_back: Option<bool>,
    /// R9, R22: `ordinary`, `complex`, `historic`, `letter`, `assigned`, `assigned_complex` or
    /// `leader_limit`; empty: the leader's limit if given, else by channel and decision.
    pub deadline_rule: Option<String>,
    /// R22: the leader's own limit, with `time_limit_unit` (`working_days`, `calendar_days`,
    /// `months`).
    pub time_limit_count: Option<i64>,
    pub time_limit_unit: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ReasonRequest {
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ProgressRequest {
    pub note: Option<String>,
}

/// R12: the closure materials.
#[derive(Deserialize, ToSchema)]
pub struct ResultRequest {
    pub findings: Option<String>,
    pub handling: Option<String>,
    pub complainant_met: Option<bool>,
    pub reply: Option<String>,
}

/// R13: one criterion of the closure review.
#[derive(Deserialize, ToSchema)]
pub struct VerdictDto {
    /// `facts_clear`, `characterization_accurate`, `handling_compliant`,
    /// `procedures_complete`, `complainant_met` or `persuasion_assigned`.
    pub criterion: Option<String>,
    pub passed: Option<bool>,
    /// Required when the criterion failed: the reviewer's reasons.
    pub comment: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct ClosureReviewRequest {
    #[serde(default)]
    pub criteria: Vec<VerdictDto>,
}

/// A complaint with everything recorded on it, and what the caller may do next.
#[derive(Serialize, ToSchema)]
pub struct ComplaintDto {
    pub id: Uuid,
    /// `2026-000123`
    pub number: String,
    pub channel: String,
    pub category: String,
    pub title: String,
    pub complainant: ComplainantDto,
    pub problem: String,
    pub demands: String,
    pub state: String,
    /// The state in the caller's language.
    pub state_label: String,
    pub version: i64,
    pub registered_by: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub registered_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// R4: opinion, decision, leader, time.
    #[schema(value_type = Option<Object>)]
    pub review: Option<serde_json::Value>,
    /// R5–R8, R16: kind, lead unit, co-handling units, instruction, report back; R9, R11,
    /// R22: `deadline` (rule, period, start, due) and `report_back_due`.
    #[schema(value_type = Option<Object>)]
    pub dispatch: Option<serde_json::Value>,
    /// R12: closure materials.
    #[schema(value_type = Option<Object>)]
    pub result: Option<serde_json::Value>,
    /// R13: the last closure review, criterion by criterion.
    #[schema(value_type = Option<Object>)]
    pub closure_review: Option<serde_json::Value>,
    /// R14: the dossier number.
    #[schema(value_type = Option<Object>)]
    pub archive: Option<serde_json::Value>,
    /// R7, R17: who the complaint accuses, if anyone.
    #[schema(value_type = Option<Object>)]
    pub accusation: Option<serde_json::Value>,
    /// R7: the organization's approval to let the accused unit handle it, if recorded.
    #[schema(value_type = Option<Object>)]
    pub disclosure_approval: Option<serde_json::Value>,
    /// The actions the caller may take now (`review`, `acknowledge`, …).
    pub allowed_actions: Vec<String>,
    /// R9: working days from today to the due date (negative once overdue), while handled.
    pub working_days_left: Option<i64>,
    /// A year in the deadline's period has no official arrangement: weekends only counted.
    pub calendar_missing: bool,
    /// R9: the due date in force, after any approved extension (`YYYY-MM-DD`).
    pub due_on: Option<String>,
    /// R11: a report back was owed by now and neither a result nor an explanation was given.
    pub report_back_overdue: bool,
    /// R10: the reminder slips written for the case, first first.
    pub reminders: Vec<super::reminders::ReminderSlipDto>,
    /// R15–R18: a letter's envelope, enclosures (with custody), excerpt and writer notices.
    #[schema(value_type = Option<Object>)]
    pub letter: Option<serde_json::Value>,
    /// Files kept with the case, oldest first.
    pub attachments: Vec<AttachmentDto>,
    /// R2: the complainant's rating (`satisfaction`, `comment`, `at`), once given.
    #[schema(value_type = Option<Object>)]
    pub rating: Option<serde_json::Value>,
    /// R20: why the complaint is special (`kind`, `reason`, `by_name`, `at`), if it is.
    #[schema(value_type = Vec<Object>)]
    pub special: Vec<serde_json::Value>,
    /// R20: the earlier complaint this one repeats (`original`, `original_number`, …).
    #[schema(value_type = Option<Object>)]
    pub repeat_of: Option<serde_json::Value>,
    /// R20: how many complaints repeat this one (for a repeat: the one it repeats).
    pub repeat_count: i64,
    /// R20: the earlier complaint this duplicate was merged into.
    #[schema(value_type = Option<Object>)]
    pub merged_into: Option<serde_json::Value>,
    /// R21–R25, R22: `referrals`, `supervisions` (with `responses`), `studies`,
    /// `cooperations` and the written `report`, each numbered with who recorded it and when.
    #[schema(value_type = Object)]
    pub handling: serde_json::Value,
    /// R11, R22, R23: what the caller owes on the case now (`explanation`,
    /// `supervision_answer`, `supervision_overdue`, `written_report`).
    pub owed: Vec<String>,
    /// R26: incidents linked to the case (for those who read incidents).
    pub incidents: Vec<IncidentDto>,
    /// R27: major-issue notices raised about the case.
    pub notices: Vec<NoticeDto>,
}

/// R26: an incident with a visitor.
#[derive(Serialize, ToSchema)]
pub struct IncidentDto {
    pub id: Uuid,
    /// `occurred_at`, `place`, `person` (`name`, `phone`, `id_number`, `description`),
    /// `what_happened`, `measures`, `leaders_informed`, `police` (`station`, `officer`,
    /// `contacted_at`) or null, `cases` (`id`, `number`), `recorded` (`by`, `by_name`, `at`).
    #[schema(value_type = Object)]
    pub incident: serde_json::Value,
}

impl From<huixiang_service::IncidentView> for IncidentDto {
    fn from(v: huixiang_service::IncidentView) -> Self {
        IncidentDto {
            id: v.id,
            incident: serde_json::to_value(&v.incident).unwrap_or_default(),
        }
    }
}

/// R27: a major-issue notice as the caller sees it.
#[derive(Serialize, ToSchema)]
pub struct NoticeDto {
    pub id: Uuid,
    pub complaint: Uuid,
    pub number: String,
    pub title: String,
    /// `important`, `major` or `complex`.
    pub level: String,
    pub level_label: String,
    pub summary: String,
    pub raised_by: Uuid,
    pub raised_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub raised_at: OffsetDateTime,
    /// Whether the notice is sent to the caller.
    pub to_you: bool,
    /// When the caller read it, if they did.
    #[serde(with = "time::serde::rfc3339::option")]
    pub read_at: Option<OffsetDateTime>,
    /// Who has read it (`user`, `name`, `read_at`): for the office, the leaders and the one
    /// who raised it.
    #[schema(value_type = Option<Vec<Object>>)]
    pub reads: Option<Vec<serde_json::Value>>,
}

impl NoticeDto {
    pub fn new(v: huixiang_service::NoticeView, lang: Lang) -> Self {
        NoticeDto {
            id: v.id,
            complaint: v.complaint.0,
            number: v.number,
            title: v.title,
            level: v.notice.level.as_str().into(),
            level_label: v.notice.level.label(lang).into(),
            summary: v.notice.summary,
            raised_by: v.notice.raised.by.0,
            raised_by_name: v.notice.raised.by_name,
            raised_at: v.notice.raised.at,
            to_you: v.to_reader,
            read_at: v.read_at,
            reads: v.reads.map(|reads| {
                reads
                    .into_iter()
                    .map(|r| {
                        serde_json::json!({
                            "user": r.user.0,
                            "name": r.name,
                            "read_at": r.read_at.format(&time::format_description::well_known::Rfc3339).ok(),
                        })
                    })
                    .collect()
            }),
        }
    }
}

/// R21: a referral to an outside department.
#[derive(Deserialize, ToSchema)]
pub struct ReferralRequest {
    pub department: Option<String>,
    pub matter: Option<String>,
    /// `YYYY-MM-DD`; today when left out.
    pub sent_on: Option<String>,
}

/// R21: the reply to referral `no`.
#[derive(Deserialize, ToSchema)]
pub struct ReferralReplyRequest {
    pub no: Option<usize>,
    pub text: Option<String>,
    /// `YYYY-MM-DD`; today when left out.
    pub replied_on: Option<String>,
}

/// R23: a supervision with instructions and the date the answer is due.
#[derive(Deserialize, ToSchema)]
pub struct SupervisionRequest {
    pub instructions: Option<String>,
    /// `YYYY-MM-DD`, today or later.
    pub due: Option<String>,
}

/// R23: the lead unit's answer to supervision `no`.
#[derive(Deserialize, ToSchema)]
pub struct SupervisionResponseRequest {
    pub no: Option<usize>,
    pub text: Option<String>,
}

/// R24: a joint study.
#[derive(Deserialize, ToSchema)]
pub struct JointStudyRequest {
    /// `YYYY-MM-DD`; today when left out.
    pub held_on: Option<String>,
    pub participants: Option<String>,
    #[serde(default)]
    pub units: Vec<Uuid>,
    pub conclusion: Option<String>,
}

/// R25: a cooperation task for a case the town or a department leads.
#[derive(Deserialize, ToSchema)]
pub struct CooperationRequest {
    pub lead_body: Option<String>,
    pub task: Option<String>,
    /// The staff sent (user ids).
    #[serde(default)]
    pub people: Vec<Uuid>,
    /// `YYYY-MM-DD`; today when left out.
    pub starts_on: Option<String>,
}

/// R22: the written report, as edited from the draft.
#[derive(Deserialize, ToSchema)]
pub struct ReportRequest {
    pub text: Option<String>,
}

/// R22: the draft of the written report.
#[derive(Serialize, ToSchema)]
pub struct ReportDraftDto {
    pub text: String,
}

/// R27: a notice about the case.
#[derive(Deserialize, ToSchema)]
pub struct NoticeRequest {
    /// `important`, `major` or `complex`.
    pub level: Option<String>,
    pub summary: Option<String>,
}

/// R26: an incident as typed. Times are Beijing time, `YYYY-MM-DDTHH:MM`.
#[derive(Deserialize, ToSchema, Default)]
pub struct IncidentRequest {
    pub occurred_at: Option<String>,
    pub place: Option<String>,
    pub person_name: Option<String>,
    pub person_phone: Option<String>,
    pub person_id_number: Option<String>,
    pub person_description: Option<String>,
    pub what_happened: Option<String>,
    pub measures: Option<String>,
    /// The leaders it was reported to (user ids).
    #[serde(default)]
    pub leaders_informed: Vec<Uuid>,
    pub police_contacted: Option<bool>,
    pub police_station: Option<String>,
    pub police_officer: Option<String>,
    pub police_contacted_at: Option<String>,
    /// Numbers of the visitor's complaints (`2026-000123`).
    #[serde(default)]
    pub cases: Vec<String>,
}

impl IncidentRequest {
    pub fn into_input(self) -> (huixiang_domain::incident::IncidentInput, Vec<String>) {
        let input = huixiang_domain::incident::IncidentInput {
            occurred_at: self.occurred_at,
            place: self.place,
            person_name: self.person_name,
            person_phone: self.person_phone,
            person_id_number: self.person_id_number,
            person_description: self.person_description,
            what_happened: self.what_happened,
            measures: self.measures,
            leaders_informed: self.leaders_informed.into_iter().map(UserId).collect(),
            police_contacted: self.police_contacted,
            police_station: self.police_station,
            police_officer: self.police_officer,
            police_contacted_at: self.police_contacted_at,
        };
        (input, self.cases)
    }
}

/// R26: one page of incidents, latest first.
#[derive(Serialize, ToSchema)]
pub struct IncidentPage {
    pub items: Vec<IncidentDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// R20: a reason the complaint is special.
#[derive(Deserialize, ToSchema)]
pub struct SpecialRequest {
    /// `important`, `difficult`, `leader_assigned` or `repeat`.
    pub kind: Option<String>,
    pub reason: Option<String>,
}

/// R20: the earlier complaint this one repeats, by number.
#[derive(Deserialize, ToSchema)]
pub struct RepeatOfRequest {
    /// `2026-000123`
    pub original: Option<String>,
}

/// R20: the earlier complaint a duplicate is merged into, by number, and why.
#[derive(Deserialize, ToSchema)]
pub struct MergeRequest {
    /// `2026-000123`
    pub original: Option<String>,
    pub reason: Option<String>,
}

fn json<T: Serialize>(value: &Option<T>) -> Option<serde_json::Value> {
    value.as_ref().and_then(|v| serde_json::to_value(v).ok())
}

impl ComplaintDto {
    pub fn new(view: CaseView, lang: Lang) -> Self {
        let c = view.complaint;
        let mut dto = Self::summary(&c, lang);
        dto.allowed_actions = view
            .allowed_actions
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect();
        dto.working_days_left = view.working_days_left;
        dto.calendar_missing = view.calendar_missing;
        dto.due_on = view.due_on.map(|d| d.to_string());
        dto.report_back_overdue = view.report_back_overdue;
        dto.reminders = view.reminders.into_iter().map(Into::into).collect();
        dto.attachments = view.attachments.into_iter().map(Into::into).collect();
        dto.rating = json(&view.rating);
        dto.repeat_count = view.repeat_count;
        dto.owed = view.owed.iter().map(|o| o.as_str().to_owned()).collect();
        dto.incidents = view.incidents.into_iter().map(Into::into).collect();
        dto.notices = view
            .notices
            .into_iter()
            .map(|n| NoticeDto::new(n, lang))
            .collect();
        dto
    }

    fn summary(c: &Complaint, lang: Lang) -> Self {
        let p = &c.complainant;
        Self {
            id: c.id.0,
            number: c.number.to_string(),
            channel: c.channel.as_str().into(),
            category: c.category.as_str().into(),
            title: c.title.clone(),
            complainant: ComplainantDto {
                name: Some(p.name.clone()),
                work_unit: p.work_unit.clone(),
                occupation: p.occupation.clone(),
                address: p.address.clone(),
                phone: p.phone.clone(),
                id_number: p.id_number.clone(),
            },
            problem: c.problem.clone(),
            demands: c.demands.clone(),
            state: c.state.as_str().into(),
            state_label: c.state.label(lang).into(),
            version: c.version,
            registered_by: c.registered_by.0,
            registered_at: c.registered_at,
            updated_at: c.updated_at,
            review: json(&c.review),
            dispatch: json(&c.dispatch),
            result: json(&c.result),
            closure_review: json(&c.closure_review),
            archive: json(&c.archive),
            accusation: json(&c.accusation),
            disclosure_approval: json(&c.disclosure_approval),
            allowed_actions: Vec::new(),
            working_days_left: None,
            calendar_missing: false,
            due_on: None,
            report_back_overdue: false,
            reminders: Vec::new(),
            letter: json(&c.letter),
            attachments: Vec::new(),
            rating: None,
            special: c
                .special
                .iter()
                .filter_map(|m| serde_json::to_value(m).ok())
                .collect(),
            repeat_of: json(&c.repeat_of),
            repeat_count: 0,
            merged_into: json(&c.merged_into),
            handling: serde_json::to_value(&c.handling).unwrap_or_default(),
            owed: Vec::new(),
            incidents: Vec::new(),
            notices: Vec::new(),
        }
    }
}

/// One line of the ledger (R5).
#[derive(Serialize, ToSchema)]
pub struct ComplaintLine {
    pub id: Uuid,
    /// R20: the kinds the complaint is special for (empty: not special).
    pub special: Vec<String>,
    pub number: String,
    pub channel: String,
    pub category: String,
    pub title: String,
    pub complainant_name: String,
    pub state: String,
    pub state_label: String,
    pub lead_unit: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub registered_at: OffsetDateTime,
}

impl ComplaintLine {
    pub fn new(c: &Complaint, lang: Lang) -> Self {
        Self {
            id: c.id.0,
            special: c.special.iter().map(|m| m.kind.as_str().into()).collect(),
            number: c.number.to_string(),
            channel: c.channel.as_str().into(),
            category: c.category.as_str().into(),
            title: c.title.clone(),
            complainant_name: c.complainant.name.clone(),
            state: c.state.as_str().into(),
            state_label: c.state.label(lang).into(),
            lead_unit: c.dispatch.as_ref().map(|d| d.lead_unit.0),
            registered_at: c.registered_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ComplaintListDto {
    pub items: Vec<ComplaintLine>,
    /// How many matched; when `total_capped`, counting stopped there (at 200, or at the end of
    /// the page asked for if that is further) and more matched.
    pub total: i64,
    pub total_capped: bool,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, ToSchema, utoipa::IntoParams)]
pub struct ListParams {
    pub state: Option<String>,
    pub channel: Option<String>,
    pub lead_unit: Option<Uuid>,
    /// Registered on or after this Beijing day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Registered on or before this Beijing day (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// `true`: only cases still with a unit past their due date (R9).
    pub overdue: Option<bool>,
    /// `true`: only cases now with a unit, to acknowledge, handle or conclude (a unit's queue).
    pub with_unit: Option<bool>,
    /// R20: `any` special complaint, or one kind (`important`, `difficult`,
    /// `leader_assigned`, `repeat`).
    pub special: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
    /// `en` for English messages and labels.
    pub lang: Option<String>,
}

impl ListParams {
    pub fn into_query(self) -> huixiang_service::ListQuery {
        huixiang_service::ListQuery {
            state: self.state,
            channel: self.channel,
            lead_unit: self.lead_unit.map(UnitId),
            from: self.from,
            until: self.until,
            overdue: self.overdue.unwrap_or(false),
            with_unit: self.with_unit.unwrap_or(false),
            special: self.special,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Full-text search: the words (the ledger's filters come beside them).
#[derive(Deserialize, utoipa::IntoParams)]
pub struct SearchWords {
    /// One or more words: a single Chinese character, a pair, a phrase, or ASCII words; every
    /// one must match.
    pub q: Option<String>,
}

/// A piece of matched text: `hit` marks where the words matched.
#[derive(Serialize, ToSchema)]
pub struct PieceDto {
    pub text: String,
    pub hit: bool,
}

fn pieces(p: Vec<huixiang_domain::search::Piece>) -> Vec<PieceDto> {
    p.into_iter()
        .map(|p| PieceDto {
            text: p.text,
            hit: p.hit,
        })
        .collect()
}

/// One case found.
#[derive(Serialize, ToSchema)]
pub struct SearchHitDto {
    #[serde(flatten)]
    pub complaint: ComplaintLine,
    /// The title with its matches marked.
    pub title_pieces: Vec<PieceDto>,
    /// The first other field that matched (`problem`, `demands`, `note`, `findings`,
    /// `handling`, `reply`).
    pub snippet_field: Option<String>,
    /// The words around that match.
    pub snippet: Vec<PieceDto>,
}

impl SearchHitDto {
    pub fn new(h: huixiang_service::SearchHit, lang: Lang) -> Self {
        let (field, snippet) = h
            .snippet
            .map_or((None, Vec::new()), |(f, s)| (Some(f.to_owned()), s));
        SearchHitDto {
            complaint: ComplaintLine::new(&h.complaint, lang),
            title_pieces: pieces(h.title),
            snippet_field: field,
            snippet: pieces(snippet),
        }
    }
}

/// One page of search results, newest first; `total` counts only cases the caller may see.
#[derive(Serialize, ToSchema)]
pub struct SearchResultsDto {
    pub items: Vec<SearchHitDto>,
    /// How many matched; when `total_capped`, counting stopped there and more matched.
    pub total: i64,
    pub total_capped: bool,
    pub page: i64,
    pub per_page: i64,
}

/// One step of a complaint's history.
#[derive(Serialize, ToSchema)]
pub struct EventDto {
    pub seq: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor_id: Uuid,
    pub actor_name: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub reason: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

impl From<EventRecord> for EventDto {
    fn from(e: EventRecord) -> Self {
        Self {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor.0,
            actor_name: e.actor_name,
            action: e.action,
            from_state: e.from_state,
            to_state: e.to_state,
            reason: e.reason,
            detail: e.detail,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: Uuid,
    pub name: String,
    /// `center`, `section`, `department`, `higher_organ` or `external`.
    pub kind: String,
    pub parent: Option<Uuid>,
    pub principal_leader: Option<String>,
}

impl From<Unit> for UnitDto {
    fn from(u: Unit) -> Self {
        Self {
            id: u.id.0,
            name: u.name,
            kind: u.kind.as_str().into(),
            parent: u.parent.map(|p| p.0),
            principal_leader: u.principal_leader,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UnitRequest {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub parent: Option<Uuid>,
    pub principal_leader: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub unit: Uuid,
    pub active: bool,
}

impl From<UserView> for UserDto {
    fn from(u: UserView) -> Self {
        Self {
            id: u.id.0,
            username: u.username,
            display_name: u.display_name,
            role: u.role.as_str().into(),
            unit: u.unit.0,
            active: u.active,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct UserRequest {
    pub username: Option<String>,
    pub display_name: Option<String>,
    /// `clerk`, `leader`, `director`, `office`, `handler`, `dept_head`, `overseer` or `admin`.
    pub role: Option<String>,
    pub unit: Option<Uuid>,
    pub password: Option<String>,
}

/// R20: an earlier complaint that may be the same matter as the one being registered.
#[derive(Serialize, ToSchema)]
pub struct RepeatSuggestionDto {
    #[serde(flatten)]
    pub complaint: ComplaintLine,
    /// Text similarity (character bigrams), 0 to 1.
    pub score: f64,
    /// `same_phone`, `same_id_number`, `same_name_and_address`, `similar_text`.
    pub reasons: Vec<String>,
    pub reason_labels: Vec<String>,
}

impl RepeatSuggestionDto {
    pub fn new(s: huixiang_service::RepeatSuggestion, lang: Lang) -> Self {
        Self {
            complaint: ComplaintLine::new(&s.complaint, lang),
            score: (s.score * 100.0).round() / 100.0,
            reasons: s
                .reasons
                .iter()
                .filter_map(|r| serde_json::to_value(r).ok())
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            reason_labels: s.reasons.iter().map(|r| r.label(lang).to_owned()).collect(),
        }
    }
}

/// R2: a complaint submitted online (no files over JSON; the public page takes files).
#[derive(Deserialize, ToSchema, Default)]
pub struct PublicSubmitRequest {
    pub category: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub work_unit: Option<String>,
    pub occupation: Option<String>,
    pub problem: Option<String>,
    pub demands: Option<String>,
    /// Leave empty: a filled-in value marks an automated submission.
    pub website: Option<String>,
}

/// R2: the number and the query code, shown once.
#[derive(Serialize, ToSchema)]
pub struct ReceiptDto {
    pub number: String,
    /// `ABCD-EFGH-JKMN`; not stored anywhere in plain text: keep it.
    pub query_code: String,
}

/// R2: a number and query code.
#[derive(Deserialize, ToSchema)]
pub struct LookupRequest {
    pub number: Option<String>,
    pub code: Option<String>,
}

/// R2: the rating of a concluded case.
#[derive(Deserialize, ToSchema)]
pub struct RatingRequest {
    pub number: Option<String>,
    pub code: Option<String>,
    /// `satisfied`, `basically_satisfied` or `dissatisfied`.
    pub satisfaction: Option<String>,
    pub comment: Option<String>,
}

/// R2: what a lookup shows, and nothing more.
#[derive(Serialize, ToSchema)]
pub struct PublicCaseDto {
    pub number: String,
    /// `received`, `handling`, `concluded`, `not_accepted` or `withdrawn`.
    pub stage: String,
    pub stage_label: String,
    pub registered_on: String,
    pub updated_on: String,
    /// The answer to the complainant, once concluded.
    pub reply: Option<String>,
    /// `satisfied`, `basically_satisfied` or `dissatisfied`, once rated.
    pub satisfaction: Option<String>,
    pub may_rate: bool,
}

impl PublicCaseDto {
    pub fn new(c: huixiang_service::PublicCase, lang: Lang) -> Self {
        Self {
            number: c.number.to_string(),
            stage: c.stage.as_str().into(),
            stage_label: c.stage.label(lang).into(),
            registered_on: c.registered_on.to_string(),
            updated_on: c.updated_on.to_string(),
            reply: c.reply,
            satisfaction: c.rating.map(|r| r.satisfaction.as_str().into()),
            may_rate: c.may_rate,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: String,
}
