//! The catalogue of named rejections: everything the policy or the system refuses, one line each
//! with its stable code, its kind (which the web layer maps to an HTTP status) and its message in
//! Chinese and English. The list doubles as documentation of what is forbidden.

use crate::Decision;
use crate::letter::Custody;
use crate::workflow::{Action, State};

/// The language of a message. Chinese is the default everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

/// What is wrong with one input field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Missing,
    TooLong { max: usize },
    TooShort { min: usize },
    BadFormat,
    BadCharacters,
    UnknownValue,
}

/// Broad classes of refusal; the web layer turns each into one HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionKind {
    /// 400: the input is wrong.
    Invalid,
    /// 401: who is asking is unknown.
    Unauthenticated,
    /// 403: known, but not allowed.
    Forbidden,
    /// 404: no such thing, or not visible to this actor (the two answer alike).
    NotFound,
    /// 405
    MethodNotAllowed,
    /// 409: the case is not in a state that allows it, or changed meanwhile.
    Conflict,
    /// 413
    TooLarge,
    /// 429: too many attempts; try again later.
    TooMany,
}

/// Every refusal Huixiang can give. Each variant has a stable `code()`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum Rejection {
    InvalidField {
        field: &'static str,
        problem: FieldProblem,
    },
    MalformedRequest {
        detail: String,
    },
    PayloadTooLarge,
    Unauthenticated,
    BadCredentials,
    RouteNotFound,
    MethodNotAllowed,
    ComplaintNotFound,
    UnitNotFound {
        field: &'static str,
    },
    UserNotFound,
    UsernameTaken,
    /// Workflow table: this action is not possible in this state.
    TransitionNotAllowed {
        state: State,
        action: Action,
    },
    /// R14: an archived case is read-only.
    CaseArchived,
    /// The actor's role may never take this action.
    RoleNotAllowed {
        action: Action,
    },
    /// The actor's role fits, but the case is not with the actor's unit.
    NotYourUnit {
        action: Action,
    },
    /// R6: in-house handling stays inside the center, a transfer goes outside it.
    LeadUnitWrongKind {
        decision: Decision,
    },
    /// R16: co-handling units are other units than the lead, each named once.
    CoUnitInvalid,
    /// R13: all six criteria are judged, one by one.
    CriterionMissing {
        criterion: &'static str,
    },
    /// R13: a failed criterion goes back to the unit with the reviewer's reasons.
    CriterionReasonMissing {
        criterion: &'static str,
    },
    /// Someone else changed the case after it was loaded; reload and try again.
    VersionConflict,
    /// A unit cannot be its own ancestor.
    UnitParentInvalid,
    /// An edit that changes nothing is not recorded.
    NothingChanged,
    /// Units and users are managed by the administrator.
    AdminOnly,
    /// The role may not read this kind of information (the administrator and complaints).
    NotPermitted,
    /// R9: a working-day arrangement breaks the calendar's rules.
    CalendarInvalid {
        detail: String,
    },
    /// R9: one extension request at a time.
    ExtensionPending,
    /// R9: no extension request is waiting for a decision.
    NoPendingExtension,
    /// R9: an extension moves the due date later, to a working day.
    ExtensionDueInvalid,
    /// A form was posted from another site, or without this session's form token.
    CsrfFailed,
    /// R7: accusation material may not go to the accused unit or a unit under it without an
    /// organizational approval on record.
    AccusedUnitShielded {
        field: &'static str,
    },
    /// R7: only an accusation naming an accused unit needs (or takes) an approval, and once.
    ApprovalNotNeeded,
    /// R32: the member of staff must step aside from this case; `kind` says why (`accused`,
    /// or the kind of declared conflict that matched).
    Recused {
        kind: &'static str,
    },
    /// Too many failed logins for the account or from the address; wait this many minutes.
    TooManyAttempts {
        minutes: i64,
    },
    /// R15–R18: envelopes, enclosures, excerpts and writer notices belong to letters only.
    NotALetter,
    /// R18: an item's custody runs received → held → returned, or into an explained exception.
    CustodyStepInvalid {
        from: Custody,
        to: Custody,
    },
    /// R18: a letter case is not closed while an enclosed item is neither returned nor explained.
    EnclosuresOutstanding {
        count: usize,
    },
    /// R15: a letter is excerpted for the leaders once.
    ExcerptExists,
    /// R15: only a leader the letter was excerpted for gives an instruction on it.
    NotExcerptedToYou,
    /// An uploaded file is over the size limit.
    AttachmentTooLarge {
        max_mb: usize,
    },
    /// An uploaded file is not a PDF or an image of an accepted kind (judged by its content).
    AttachmentTypeNotAllowed,
    /// A case holds at most this many attachments.
    TooManyAttachments {
        max: usize,
    },
    AttachmentNotFound,
    /// R2: the number and query code do not match a case; the same answer whether the number
    /// exists or not.
    LookupFailed,
    /// R2: a case is rated once it is concluded.
    NotYetConcluded,
    /// R2: a case is rated once.
    AlreadyRated,
    /// R2: the online form was refused as automated (the hidden field was filled in).
    SubmissionRefused,
    /// R2: too many public requests from this address; wait this many minutes.
    TooManyRequests {
        minutes: i64,
    },
    /// R2: the online channel has no center to register complaints in yet.
    PortalUnavailable,
    /// R20: the complaint is already marked special for that reason.
    AlreadyMarked,
    /// R20: the complaint is already linked to the one it repeats.
    AlreadyLinked,
    /// R20: a repeat links to an earlier complaint, not to itself or a later one.
    RepeatLinkInvalid,
    /// A date or time of something that has happened lies in the future.
    DateInFuture {
        field: &'static str,
    },
    /// R21: a referral's reply is recorded once.
    AlreadyAnswered,
    /// R23: the office supervises cases a leader transferred or assigned with an instruction.
    SupervisionNotApplicable,
    /// R22: a written report is made on a leader-assigned case.
    ReportNotApplicable,
    /// R22: the written report is filed once.
    ReportExists,
    /// R22: a leader-assigned case is archived only after its written report is filed.
    ReportOutstanding,
    IncidentNotFound,
    NoticeNotFound,
    ReportNotFound,
}

impl Rejection {
    /// The stable code clients and tests match on.
    pub fn code(&self) -> &'static str {
        use Rejection::*;
        match self {
            InvalidField { problem, .. } => match problem {
                FieldProblem::Missing => "field_missing",
                FieldProblem::TooLong { .. } => "field_too_long",
                FieldProblem::TooShort { .. } => "field_too_short",
                FieldProblem::BadFormat => "field_bad_format",
                FieldProblem::BadCharacters => "field_bad_characters",
                FieldProblem::UnknownValue => "field_unknown_value",
            },
            MalformedRequest { .. } => "malformed_request",
            PayloadTooLarge => "payload_too_large",
            Unauthenticated => "unauthenticated",
            BadCredentials => "bad_credentials",
            RouteNotFound => "route_not_found",
            MethodNotAllowed => "method_not_allowed",
            ComplaintNotFound => "complaint_not_found",
            UnitNotFound { .. } => "unit_not_found",
            UserNotFound => "user_not_found",
            UsernameTaken => "username_taken",
            TransitionNotAllowed { .. } => "transition_not_allowed",
            CaseArchived => "case_archived",
            RoleNotAllowed { .. } => "role_not_allowed",
            NotYourUnit { .. } => "not_your_unit",
            LeadUnitWrongKind { .. } => "lead_unit_wrong_kind",
            CoUnitInvalid => "co_unit_invalid",
            CriterionMissing { .. } => "criterion_missing",
            CriterionReasonMissing { .. } => "criterion_reason_missing",
            VersionConflict => "version_conflict",
            UnitParentInvalid => "unit_parent_invalid",
            NothingChanged => "nothing_changed",
            AdminOnly => "admin_only",
            NotPermitted => "not_permitted",
            CalendarInvalid { .. } => "calendar_invalid",
            ExtensionPending => "extension_pending",
            NoPendingExtension => "no_pending_extension",
            ExtensionDueInvalid => "extension_due_invalid",
            CsrfFailed => "csrf_failed",
            TooManyAttempts { .. } => "too_many_attempts",
            AccusedUnitShielded { .. } => "accused_unit_shielded",
            ApprovalNotNeeded => "approval_not_needed",
            Recused { .. } => "recused",
            NotALetter => "not_a_letter",
            CustodyStepInvalid { .. } => "custody_step_invalid",
            EnclosuresOutstanding { .. } => "enclosures_outstanding",
            ExcerptExists => "excerpt_exists",
            NotExcerptedToYou => "not_excerpted_to_you",
            AttachmentTooLarge { .. } => "attachment_too_large",
            AttachmentTypeNotAllowed => "attachment_type_not_allowed",
            TooManyAttachments { .. } => "too_many_attachments",
            AttachmentNotFound => "attachment_not_found",
            LookupFailed => "lookup_failed",
            NotYetConcluded => "not_yet_concluded",
            AlreadyRated => "already_rated",
            SubmissionRefused => "submission_refused",
            TooManyRequests { .. } => "too_many_requests",
            PortalUnavailable => "portal_unavailable",
            AlreadyMarked => "already_marked",
            AlreadyLinked => "already_linked",
            RepeatLinkInvalid => "repeat_link_invalid",
            DateInFuture { .. } => "date_in_future",
            AlreadyAnswered => "already_answered",
            SupervisionNotApplicable => "supervision_not_applicable",
            ReportNotApplicable => "report_not_applicable",
            ReportExists => "report_exists",
            ReportOutstanding => "report_outstanding",
            IncidentNotFound => "incident_not_found",
            NoticeNotFound => "notice_not_found",
            ReportNotFound => "report_not_found",
        }
    }

    pub fn kind(&self) -> RejectionKind {
        use Rejection::*;
        use RejectionKind as K;
        match self {
            InvalidField { .. } | MalformedRequest { .. } | UnitNotFound { .. } => K::Invalid,
            LeadUnitWrongKind { .. } | CoUnitInvalid | CriterionMissing { .. } => K::Invalid,
            CriterionReasonMissing { .. } | UnitParentInvalid | NothingChanged => K::Invalid,
            CalendarInvalid { .. } | ExtensionDueInvalid => K::Invalid,
            ExtensionPending | NoPendingExtension => K::Conflict,
            PayloadTooLarge => K::TooLarge,
            Unauthenticated | BadCredentials => K::Unauthenticated,
            RoleNotAllowed { .. } | NotYourUnit { .. } | AdminOnly | NotPermitted => K::Forbidden,
            CsrfFailed => K::Forbidden,
            TooManyAttempts { .. } => K::TooMany,
            AccusedUnitShielded { .. } => K::Invalid,
            ApprovalNotNeeded => K::Conflict,
            Recused { .. } => K::Forbidden,
            NotALetter | AttachmentTypeNotAllowed | TooManyAttachments { .. } => K::Invalid,
            SubmissionRefused => K::Invalid,
            CustodyStepInvalid { .. } | EnclosuresOutstanding { .. } | ExcerptExists => K::Conflict,
            NotYetConcluded | AlreadyRated | PortalUnavailable => K::Conflict,
            NotExcerptedToYou => K::Forbidden,
            AttachmentTooLarge { .. } => K::TooLarge,
            AttachmentNotFound | LookupFailed => K::NotFound,
            TooManyRequests { .. } => K::TooMany,
            AlreadyMarked | AlreadyLinked => K::Conflict,
            RepeatLinkInvalid | DateInFuture { .. } => K::Invalid,
            AlreadyAnswered | SupervisionNotApplicable | ReportNotApplicable => K::Conflict,
            ReportExists | ReportOutstanding => K::Conflict,
            IncidentNotFound | NoticeNotFound | ReportNotFound => K::NotFound,
            RouteNotFound | ComplaintNotFound | UserNotFound => K::NotFound,
            MethodNotAllowed => K::MethodNotAllowed,
            UsernameTaken | TransitionNotAllowed { .. } | CaseArchived | VersionConflict => {
                K::Conflict
            }
        }
    }

    /// The field the rejection is about, if any, for forms to show the message beside it.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Rejection::InvalidField { field, .. }
            | Rejection::UnitNotFound { field }
            | Rejection::AccusedUnitShielded { field }
            | Rejection::DateInFuture { field } => Some(field),
            Rejection::NotALetter => Some("channel"),
            Rejection::RepeatLinkInvalid => Some("original"),
            Rejection::CustodyStepInvalid { .. } => Some("step"),
            Rejection::CriterionMissing { criterion }
            | Rejection::CriterionReasonMissing { criterion } => Some(criterion),
            _ => None,
        }
    }

    /// A clear sentence for the person who made the request.
    pub fn message(&self, lang: Lang) -> String {
        use Rejection::*;
        let zh = lang == Lang::Zh;
        let pick = |z: &str, e: &str| if zh { z.to_owned() } else { e.to_owned() };
        match self {
            InvalidField { field, problem } => {
                let label = field_label(field, lang);
                match problem {
                    FieldProblem::Missing => pick(
                        &format!("请填写{label}。"),
                        &format!("{label} is required."),
                    ),
                    FieldProblem::TooLong { max } => pick(
                        &format!("{label}不能超过{max}个字。"),
                        &format!("{label} must be at most {max} characters."),
                    ),
                    FieldProblem::TooShort { min } => pick(
                        &format!("{label}至少需要{min}个字符。"),
                        &format!("{label} must be at least {min} characters."),
                    ),
                    FieldProblem::BadFormat => pick(
                        &format!("{label}格式不正确。"),
                        &format!("{label} is not in a valid format."),
                    ),
                    FieldProblem::BadCharacters => pick(
                        &format!("{label}含有不允许的控制字符。"),
                        &format!("{label} contains control characters that are not allowed."),
                    ),
                    FieldProblem::UnknownValue => pick(
                        &format!("{label}的取值无效。"),
                        &format!("{label} has an unknown value."),
                    ),
                }
            }
            MalformedRequest { detail } => pick(
                &format!("请求格式错误：{detail}"),
                &format!("The request is malformed: {detail}"),
            ),
            PayloadTooLarge => pick("提交的内容过大。", "The request body is too large."),
            Unauthenticated => pick("请先登录。", "Please sign in first."),
            BadCredentials => pick("用户名或密码错误。", "Wrong username or password."),
            AccusedUnitShielded { .. } => pick(
                "这是检举控告材料：未经组织批准，不得转交被检举单位或其下属单位（R7）。",
                "This is accusation material: without the organization's approval it may not go to the accused unit or a unit under it (R7).",
            ),
            ApprovalNotNeeded => pick(
                "此投诉没有被检举单位，或组织批准已经登记。",
                "This complaint names no accused unit, or the approval is already recorded.",
            ),
            Recused { kind } => {
                let (zh, en) = match *kind {
                    "accused" => ("您是被检举人", "you are the accused"),
                    "case" => ("您已申请回避本件", "you recused yourself from this case"),
                    "name" => (
                        "您申报的回避姓名与本件当事人相同",
                        "a name you declared matches a party",
                    ),
                    "phone" => (
                        "您申报的回避电话与投诉人相同",
                        "a phone you declared matches the complainant's",
                    ),
                    "address" => (
                        "您申报的回避住址与投诉人相同",
                        "an address you declared matches the complainant's",
                    ),
                    "unit" => (
                        "您申报的回避单位是被检举单位",
                        "a unit you declared is the accused unit",
                    ),
                    _ => ("您与本件有利害关系", "you have an interest in this case"),
                };
                pick(
                    &format!("{zh}，依规定应当回避，不能查阅或办理此件（R32）。"),
                    &format!("You must step aside from this case: {en} (R32)."),
                )
            }
            TooManyAttempts { minutes } => pick(
                &format!("登录失败次数过多，请 {minutes} 分钟后再试。"),
                &format!("Too many failed logins; try again in {minutes} minutes."),
            ),
            NotALetter => pick(
                "此件不是来信：信封、附寄物、摘报和转办告知只适用于来信（R15–R18）。",
                "This is not a letter: envelopes, enclosures, excerpts and writer notices apply to letters only (R15–R18).",
            ),
            CustodyStepInvalid { from, to } => pick(
                &format!(
                    "附寄物当前为“{}”，不能登记为“{}”（R18）。",
                    from.label(Lang::Zh),
                    to.label(Lang::Zh)
                ),
                &format!(
                    "The item is {}; it cannot become {} (R18).",
                    from.label(Lang::En),
                    to.label(Lang::En)
                ),
            ),
            EnclosuresOutstanding { count } => pick(
                &format!(
                    "还有 {count} 件附寄的现金或原件既未挂号退还也未说明情况，不能结案（R18）。"
                ),
                &format!(
                    "{count} enclosed item(s) are neither returned nor explained; the case cannot close (R18)."
                ),
            ),
            ExcerptExists => pick(
                "此信已摘报领导。",
                "This letter has already been excerpted for the leaders.",
            ),
            NotExcerptedToYou => pick(
                "此信没有摘报给您，不能批示（R15）。",
                "This letter was not excerpted for you; you cannot instruct on it (R15).",
            ),
            AttachmentTooLarge { max_mb } => pick(
                &format!("附件过大：每个文件不能超过 {max_mb} MB。"),
                &format!("The file is too large: at most {max_mb} MB each."),
            ),
            AttachmentTypeNotAllowed => pick(
                "只接受 PDF 文档和 JPEG、PNG、GIF、WebP、TIFF 图片（按文件内容判断）。",
                "Only PDF documents and JPEG, PNG, GIF, WebP or TIFF images are accepted (judged by content).",
            ),
            TooManyAttachments { max } => pick(
                &format!("附件过多：每件投诉最多 {max} 个附件。"),
                &format!("Too many attachments: at most {max} per complaint."),
            ),
            AttachmentNotFound => pick(
                "附件不存在或您无权查看。",
                "No such attachment, or you may not see it.",
            ),
            LookupFailed => pick(
                "查询不到：受理编号或查询码不正确。",
                "Nothing found: the number or the query code is wrong.",
            ),
            NotYetConcluded => pick(
                "投诉办结后才能评价。",
                "A complaint can be rated once it is concluded.",
            ),
            AlreadyRated => pick(
                "您已经评价过此件，每件只能评价一次。",
                "You have already rated this complaint; it is rated once.",
            ),
            SubmissionRefused => pick(
                "提交未被接受。如需帮助，请拨打受理窗口电话或当面办理。",
                "The submission was not accepted. For help, call or visit the intake window.",
            ),
            TooManyRequests { minutes } => pick(
                &format!("操作过于频繁，请 {minutes} 分钟后再试。"),
                &format!("Too many requests; try again in {minutes} minutes."),
            ),
            PortalUnavailable => pick(
                "网上投诉暂未开通，请到受理窗口或拨打电话投诉。",
                "Online complaints are not open yet; please visit or call the intake window.",
            ),
            AlreadyMarked => pick(
                "此投诉已因同一理由标记为特殊投诉。",
                "The complaint is already marked special for that reason.",
            ),
            AlreadyLinked => pick(
                "此投诉已关联到所重复的投诉。",
                "The complaint is already linked to the one it repeats.",
            ),
            RepeatLinkInvalid => pick(
                "重复投诉只能关联到更早登记的另一件投诉（R20）。",
                "A repeat links to another complaint registered earlier (R20).",
            ),
            DateInFuture { field } => pick(
                &format!("{}不能晚于现在。", field_label(field, Lang::Zh)),
                &format!("{} cannot be in the future.", field_label(field, Lang::En)),
            ),
            AlreadyAnswered => pick(
                "此商请函的回复已登记。",
                "The reply to this referral is already recorded.",
            ),
            SupervisionNotApplicable => pick(
                "只有领导批示转办或交办的投诉由中心办公室督办（R23）。",
                "Only a case a leader transferred or assigned with an instruction is supervised by the office (R23).",
            ),
            ReportNotApplicable => pick(
                "书面报告用于领导交办的投诉（R22）。",
                "A written report is made on a leader-assigned case (R22).",
            ),
            ReportExists => pick(
                "此件的书面报告已报送。",
                "The written report on this case is already filed.",
            ),
            ReportOutstanding => pick(
                "领导交办件结案后须先报送书面报告，才能归档（R22）。",
                "A leader-assigned case is archived only after its written report is filed (R22).",
            ),
            IncidentNotFound => pick(
                "没有这条突发情况记录，或您无权查看。",
                "No such incident record, or you may not see it.",
            ),
            NoticeNotFound => pick(
                "没有这份重大情况报告，或您无权查看。",
                "No such notice, or you may not see it.",
            ),
            ReportNotFound => pick(
                "没有这份统计分析报告，或您无权查看。",
                "No such statistics report, or you may not see it.",
            ),
            RouteNotFound => pick("没有这个地址。", "There is no such address."),
            MethodNotAllowed => pick(
                "此地址不支持该请求方法。",
                "This address does not accept that method.",
            ),
            ComplaintNotFound => pick(
                "投诉不存在或您无权查看。",
                "No such complaint, or you may not see it.",
            ),
            UnitNotFound { field } => pick(
                &format!("{}不存在。", field_label(field, Lang::Zh)),
                &format!("{} does not exist.", field_label(field, Lang::En)),
            ),
            UserNotFound => pick("用户不存在。", "No such user."),
            UsernameTaken => pick("用户名已被占用。", "That username is taken."),
            TransitionNotAllowed { state, action } => pick(
                &format!(
                    "投诉当前为“{}”状态，不能执行“{}”。",
                    state.label(Lang::Zh),
                    action.label(Lang::Zh)
                ),
                &format!(
                    "The complaint is {}; \"{}\" is not possible now.",
                    state.label(Lang::En),
                    action.label(Lang::En)
                ),
            ),
            CaseArchived => pick(
                "投诉已归档，不能再修改。",
                "The complaint is archived and can no longer be changed.",
            ),
            RoleNotAllowed { action } => pick(
                &format!("您的角色不能执行“{}”。", action.label(Lang::Zh)),
                &format!("Your role may not {}.", action.label(Lang::En)),
            ),
            NotYourUnit { action } => pick(
                &format!(
                    "此投诉不由您的单位承办，不能执行“{}”。",
                    action.label(Lang::Zh)
                ),
                &format!(
                    "This complaint is not with your unit; you may not {}.",
                    action.label(Lang::En)
                ),
            ),
            LeadUnitWrongKind { decision } => match decision {
                Decision::InHouse => pick(
                    "自办的主办单位必须是中心内设科室。",
                    "In-house handling must go to one of the center's own sections.",
                ),
                Decision::Transfer => pick(
                    "转办的主办单位必须是中心以外的部门或单位。",
                    "A transfer must go to a department or body outside the center.",
                ),
                Decision::Assign => pick(
                    "交办的主办单位必须是中心科室或镇职能部门。",
                    "A formal assignment must go to a center section or a town department.",
                ),
            },
            CoUnitInvalid => pick(
                "协办单位不能与主办单位相同，也不能重复，且不能是上级机关。",
                "Co-handling units must differ from the lead unit, appear once each, and not be higher organs.",
            ),
            CriterionMissing { criterion } => pick(
                &format!(
                    "请逐项审查：缺少“{}”。",
                    criterion_label(criterion, Lang::Zh)
                ),
                &format!(
                    "Review every point: \"{}\" is missing.",
                    criterion_label(criterion, Lang::En)
                ),
            ),
            CriterionReasonMissing { criterion } => pick(
                &format!(
                    "“{}”未通过，请写明理由。",
                    criterion_label(criterion, Lang::Zh)
                ),
                &format!(
                    "\"{}\" failed: give the reason.",
                    criterion_label(criterion, Lang::En)
                ),
            ),
            VersionConflict => pick(
                "投诉已被他人修改，请刷新后重试。",
                "Someone else changed the complaint; reload and try again.",
            ),
            UnitParentInvalid => pick(
                "上级单位无效：单位不能隶属于自身或其下级。",
                "Invalid parent: a unit cannot sit under itself or its own sub-units.",
            ),
            NothingChanged => pick("没有任何修改。", "Nothing was changed."),
            CalendarInvalid { detail } => pick(
                &format!("节假日安排有误：{detail}"),
                &format!("The working-day arrangement is invalid: {detail}"),
            ),
            ExtensionPending => pick(
                "已有一项延期申请等待审批。",
                "An extension request is already waiting for a decision.",
            ),
            NoPendingExtension => pick(
                "没有待审批的延期申请。",
                "No extension request is waiting for a decision.",
            ),
            ExtensionDueInvalid => pick(
                "延期后的办结期限必须晚于现有期限，且是工作日。",
                "The new due date must be later than the current one and a working day.",
            ),
            NotPermitted => pick("您的角色无权查看此内容。", "Your role may not see this."),
            CsrfFailed => pick(
                "页面已过期或来源无效，请刷新页面后重试。",
                "The page has expired or the request came from elsewhere; reload and try again.",
            ),
            AdminOnly => pick(
                "只有系统管理员可以管理单位和用户。",
                "Only an administrator manages units and users.",
            ),
        }
    }
}

/// The people-facing name of an input field.
pub fn field_label(field: &str, lang: Lang) -> &str {
    let (zh, en) = match field {
        "title" => ("标题", "Title"),
        "channel" => ("投诉渠道", "Channel"),
        "category" => ("投诉类别", "Category"),
        "complainant.name" => ("投诉人姓名", "Complainant's name"),
        "complainant.work_unit" => ("工作单位", "Work unit"),
        "complainant.occupation" => ("职业", "Occupation"),
        "complainant.address" => ("家庭住址", "Home address"),
        "complainant.phone" => ("联系电话", "Phone"),
        "complainant.id_number" => ("身份证号码", "ID card number"),
        "complainant.contact" => ("联系电话或家庭住址", "A phone number or home address"),
        "problem" => ("反映的问题", "Problem"),
        "demands" => ("诉求", "Demands"),
        "opinion" => ("初步处理意见", "Initial opinion"),
        "decision" => ("处理方式", "Decision"),
        "lead_unit" => ("主办单位", "Lead unit"),
        "co_units" => ("协办单位", "Co-handling units"),
        "instruction" => ("领导批示", "Leader's instruction"),
        "reason" => ("理由", "Reason"),
        "note" => ("办理情况", "Progress note"),
        "findings" => ("核查情况", "Findings"),
        "handling" => ("处理情况", "Handling"),
        "reply" => ("答复意见", "Reply to the complainant"),
        "username" => ("用户名", "Username"),
        "password" => ("密码", "Password"),
        "display_name" => ("姓名", "Name"),
        "role" => ("角色", "Role"),
        "unit" => ("单位", "Unit"),
        "name" => ("名称", "Name"),
        "kind" => ("类型", "Kind"),
        "parent" => ("上级单位", "Parent unit"),
        "principal_leader" => ("主要负责人", "Principal leader"),
        "page" => ("页码", "Page"),
        "new_due" => ("延期后的办结期限", "New due date"),
        "approve" => ("审批意见（同意或不同意）", "Approval"),
        "text" => ("情况说明", "Explanation"),
        "year" => ("年份", "Year"),
        "quarter" => ("季度", "Quarter"),
        "problems" => ("存在的问题", "Problems seen"),
        "suggestions" => ("意见建议", "Suggestions"),
        "deadline_rule" => ("办理时限规则", "Deadline rule"),
        "time_limit" => ("领导指定时限", "Leader's time limit"),
        "count" => ("时限数值", "Time limit"),
        "per_page" => ("每页条数", "Page size"),
        "from" => ("登记起始日期", "Registered from"),
        "until" => ("登记截止日期", "Registered until"),
        "criterion" => ("审查项目", "Criterion"),
        "accused_name" => ("被检举人", "Accused person"),
        "accused_unit" => ("被检举单位", "Accused unit"),
        "accused_user" => ("被检举的工作人员", "Accused member of staff"),
        "approver" => ("批准人", "Approved by"),
        "value" => ("申报内容", "Declared value"),
        "remark" => ("备注", "Remark"),
        "document" => ("批准文号", "Approval document"),
        "comment" => ("审查意见", "Comment"),
        "complainant_met" => ("是否同投诉人见面", "Whether the complainant was met"),
        "received_date" => ("收信日期", "Received on"),
        "postmark_date" => ("邮戳日期", "Postmark date"),
        "sender_address" => ("寄信人地址", "Sender's address"),
        "enclosures" => ("附寄物", "Enclosures"),
        "enclosure.kind" => ("附寄物类别", "Kind of item"),
        "enclosure.amount" => ("现金金额", "Amount"),
        "enclosure.currency" => ("币种", "Currency"),
        "enclosure.doc_kind" => ("原件名称", "Document"),
        "enclosure.doc_number" => ("证件号码", "Document number"),
        "enclosure.description" => ("附寄物说明", "Description"),
        "item" => ("附寄物序号", "Item"),
        "custody" | "step" => ("保管状态", "Custody step"),
        "mail_number" => ("挂号信函号", "Registered-mail number"),
        "date" => ("退还日期", "Date posted"),
        "why" => ("情况说明", "Explanation"),
        "leaders" => ("摘报领导", "Leaders"),
        "satisfaction" => ("满意度", "Satisfaction"),
        "number" => ("受理编号", "Complaint number"),
        "code" => ("查询码", "Query code"),
        "file" => ("附件", "File"),
        "special.kind" => ("特殊投诉类型", "Kind of special complaint"),
        "original" => ("所重复的投诉编号", "Number of the complaint it repeats"),
        "letter" => (
            "来信信封和附寄物（修改登记信息时不能更改）",
            "Letter details (not changed by an edit)",
        ),
        "excerpt.text" => ("摘报内容", "Excerpt"),
        "excerpt.reason" => ("摘报事由", "Why excerpted"),
        "rating.comment" => ("评价意见", "Comment"),
        "department" => ("商请单位", "Department asked"),
        "matter" => ("商请事项", "Matter"),
        "sent_on" => ("发函日期", "Sent on"),
        "replied_on" => ("回复日期", "Replied on"),
        "no" => ("序号", "Number"),
        "instructions" => ("督办要求", "Supervision instructions"),
        "due" => ("督办回复期限", "Answer due"),
        "response" => ("督办回复", "Response"),
        "held_on" => ("会商日期", "Held on"),
        "participants" => ("参加人员", "Participants"),
        "units" => ("参加会商的单位", "Units taking part"),
        "conclusion" => ("会商意见", "Opinion proposed"),
        "lead_body" => ("牵头单位", "Led by"),
        "task" => ("配合任务", "Task"),
        "people" => ("派出人员", "People sent"),
        "starts_on" => ("开始日期", "Starts on"),
        "report" => ("书面报告", "Written report"),
        "level" => ("报告级别", "Level"),
        "summary" => ("情况摘要", "Summary"),
        "occurred_at" => ("发生时间", "When it happened"),
        "place" => ("地点", "Place"),
        "person.name" => ("当事人姓名", "Person's name"),
        "person.phone" => ("当事人电话", "Person's phone"),
        "person.id_number" => ("当事人身份证号码", "Person's ID card number"),
        "person.description" => ("当事人其他特征", "Other details of the person"),
        "what_happened" => ("事件经过", "What happened"),
        "measures" => ("处置措施", "Measures taken"),
        "leaders_informed" => ("已报告的领导", "Leaders informed"),
        "police_contacted" => ("是否联系公安", "Whether the police were contacted"),
        "police.station" => ("派出所", "Police station"),
        "police.officer" => ("民警姓名", "Officer"),
        "police.contacted_at" => ("联系公安时间", "Police contacted at"),
        "cases" => ("关联投诉编号", "Linked complaint numbers"),
        other => return criterion_label_opt(other, lang).unwrap_or(other),
    };
    if lang == Lang::Zh { zh } else { en }
}

fn criterion_label(criterion: &str, lang: Lang) -> &str {
    criterion_label_opt(criterion, lang).unwrap_or(criterion)
}

fn criterion_label_opt(criterion: &str, lang: Lang) -> Option<&'static str> {
    crate::closure::Criterion::ALL
        .iter()
        .find(|c| c.as_str() == criterion)
        .map(|c| c.label(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        let samples = [
            Rejection::InvalidField {
                field: "problem",
                problem: FieldProblem::Missing,
            },
            Rejection::CaseArchived,
            Rejection::TransitionNotAllowed {
                state: State::Closed,
                action: Action::Acknowledge,
            },
            Rejection::CriterionReasonMissing {
                criterion: "facts_clear",
            },
        ];
        for r in samples {
            let zh = r.message(Lang::Zh);
            let en = r.message(Lang::En);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            assert!(en.is_ascii(), "{en}");
        }
        assert_eq!(
            Rejection::InvalidField {
                field: "problem",
                problem: FieldProblem::Missing
            }
            .message(Lang::Zh),
            "请填写反映的问题。"
        );
    }
}
