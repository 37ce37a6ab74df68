//! The complaint (投诉) and its handling form (投诉处理单, R3).

use crate::accusation::{Accusation, AccusationInput, DisclosureApproval};
use crate::calendar::deadline::Deadline;
use crate::closure::ClosureReview;
use crate::ids::{ComplaintId, UnitId, UserId};
use crate::rejection::{FieldProblem, Rejection};
use crate::text::{self, TextRule};
use crate::workflow::{State, string_enum};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, OffsetDateTime, UtcOffset};

string_enum!(
    /// R2: the four ways a complaint arrives.
    Channel, "channel" {
        InPerson = "in_person", "当面", "in person";
        Phone = "phone", "电话", "phone";
        Online = "online", "网上", "online";
        Letter = "letter", "信件", "letter";
    }
);

string_enum!(
    /// What the complaint is about, for routing and statistics.
    Category, "category" {
        Environment = "environment", "环境卫生", "environment and sanitation";
        Property = "property", "物业管理", "property management";
        Municipal = "municipal", "市政设施", "municipal facilities";
        SocialSecurity = "social_security", "社会保障", "social security";
        Market = "market", "市场监管", "market regulation";
        UrbanManagement = "urban_management", "城市管理", "urban management";
        Housing = "housing", "住房保障", "housing";
        ServiceConduct = "service_conduct", "服务态度与作风", "staff service and conduct";
        Other = "other", "其他", "other";
    }
);

/// China Standard Time: numbers, quarters and printed dates follow Beijing time.
pub const BEIJING: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// The Beijing-time calendar day of an instant: deadlines count in these days.
pub fn beijing_date(at: OffsetDateTime) -> Date {
    at.to_offset(BEIJING).date()
}

/// R3: the human-readable number of a complaint, unique and increasing within a year
/// (`2026-000123`). The year is the Beijing-time year of registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ComplaintNumber {
    pub year: i32,
    pub seq: i64,
}

impl ComplaintNumber {
    /// The counter that numbers complaints registered in `year`.
    pub fn counter(year: i32) -> String {
        format!("complaint:{year}")
    }

    /// The Beijing-time year that numbers a complaint registered at `at`.
    pub fn year_of(at: OffsetDateTime) -> i32 {
        at.to_offset(BEIJING).year()
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (year, seq) = s.split_once('-')?;
        if year.len() != 4 || seq.len() < 6 {
            return None;
        }
        Some(Self {
            year: year.parse().ok()?,
            seq: seq.parse().ok()?,
        })
    }
}

impl fmt::Display for ComplaintNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:06}", self.year, self.seq)
    }
}

/// R3: who complains. Identity and contacts are personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complainant {
    pub name: String,
    pub work_unit: Option<String>,
    pub occupation: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// The resident identity card number, when the complainant gives it.
    #[serde(default)]
    pub id_number: Option<String>,
}

/// What a clerk types on the handling form; parsed into a [`Registration`].
#[derive(Clone, Debug, Default)]
pub struct RegistrationInput {
    pub channel: Option<String>,
    pub category: Option<String>,
    pub title: Option<String>,
    pub complainant_name: Option<String>,
    pub complainant_work_unit: Option<String>,
    pub complainant_occupation: Option<String>,
    pub complainant_address: Option<String>,
    pub complainant_phone: Option<String>,
    pub complainant_id_number: Option<String>,
    pub problem: Option<String>,
    pub demands: Option<String>,
    /// R7, R17: who the complaint accuses, if anyone.
    pub accused_name: Option<String>,
    pub accused_unit: Option<UnitId>,
    pub accused_user: Option<UserId>,
    pub accused_center_staff: Option<bool>,
    /// R15, R18: the envelope and enclosures of a letter.
    pub letter: Option<crate::letter::LetterInput>,
}

/// R3: a validated handling form: concise, accurate and clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub channel: Channel,
    pub category: Category,
    pub title: String,
    pub complainant: Complainant,
    pub problem: String,
    pub demands: String,
    /// R7, R17: accusation material, if the complaint accuses someone.
    pub accusation: Option<Accusation>,
}

impl Registration {
    /// R3: name, the problem and the demands are required, and a way to answer the complainant
    /// (a phone number or an address; a letter needs the address to be answered by post).
    pub fn parse(input: &RegistrationInput) -> Result<Self, Rejection> {
        let channel = Channel::parse(input.channel.as_deref().unwrap_or(""))?;
        let category = Category::parse(input.category.as_deref().unwrap_or(""))?;
        let title = TextRule::line("title", 100).required(input.title.as_deref())?;
        let name =
            TextRule::line("complainant.name", 50).required(input.complainant_name.as_deref())?;
        let work_unit = TextRule::line("complainant.work_unit", 100)
            .optional(input.complainant_work_unit.as_deref())?;
        let occupation = TextRule::line("complainant.occupation", 50)
            .optional(input.complainant_occupation.as_deref())?;
        let address = TextRule::line("complainant.address", 200)
            .optional(input.complainant_address.as_deref())?;
        let phone = text::phone("complainant.phone", input.complainant_phone.as_deref())?;
        let id_number = text::id_number(
            "complainant.id_number",
            input.complainant_id_number.as_deref(),
        )?;
        let problem = TextRule::block("problem", 5000).required(input.problem.as_deref())?;
        let demands = TextRule::block("demands", 2000).required(input.demands.as_deref())?;
        let missing = |field| Rejection::InvalidField {
            field,
            problem: FieldProblem::Missing,
        };
        match channel {
            Channel::Letter if address.is_none() => return Err(missing("complainant.address")),
            Channel::Phone if phone.is_none() => return Err(missing("complainant.phone")),
            _ if phone.is_none() && address.is_none() => {
                return Err(missing("complainant.contact"));
            }
            _ => {}
        }
        let accusation = Accusation::parse(&AccusationInput {
            accused_name: input.accused_name.clone(),
            accused_unit: input.accused_unit,
            accused_user: input.accused_user,
            center_staff: input.accused_center_staff,
        })?;
        Ok(Self {
            accusation,
            channel,
            category,
            title,
            complainant: Complainant {
                name,
                work_unit,
                occupation,
                address,
                phone,
                id_number,
            },
            problem,
            demands,
        })
    }
}

string_enum!(
    /// R4–R8: how the leader decides the complaint is handled.
    Decision, "decision" {
        /// R6: within the center's remit, handled by one of its own sections (自办).
        InHouse = "in_house", "自办", "handle in-house";
        /// R6: belongs to another department, transferred (转办).
        Transfer = "transfer", "转办", "transfer";
        /// R8: formally assigned with verification, handling and a report by a deadline (交办).
        Assign = "assign", "交办", "assign formally";
    }
);

/// R4: the leader's review (阅处) with the initial handling opinion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaderReview {
    pub leader: UserId,
    pub leader_name: String,
    pub opinion: String,
    pub decision: Decision,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// R5–R8, R16: where the case was sent: one lead unit (主办) and any co-handling units (协办).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispatch {
    pub kind: Decision,
    pub lead_unit: UnitId,
    pub co_units: Vec<UnitId>,
    /// The leader's instruction (批示), if any.
    pub instruction: Option<String>,
    /// R11: whether a report back (回告) is owed.
    pub report_back: bool,
    /// The unit that assigned the case and reviews its result (R12, R13): the leader's unit.
    pub assigning_unit: UnitId,
    /// R9, R22: when the case must be concluded, and the rule that said so.
    pub deadline: Deadline,
    /// R11: when the report back is due, if one is owed.
    #[serde(with = "crate::serde_date::option", default)]
    pub report_back_due: Option<Date>,
    /// Extensions asked for, in order; the last approved one sets the due date.
    #[serde(default)]
    pub extensions: Vec<Extension>,
    /// R11: interim explanations the unit filed.
    #[serde(default)]
    pub explanations: Vec<Explanation>,
    pub dispatched_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// Where an extension request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtensionState {
    Pending,
    Approved,
    Refused,
}

/// R9: a request for more time (延期) and the leader's decision on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub reason: String,
    /// The due date before this extension.
    #[serde(with = "crate::serde_date")]
    pub previous_due: Date,
    #[serde(with = "crate::serde_date")]
    pub requested_due: Date,
    pub requested_by: UserId,
    pub requested_by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub requested_at: OffsetDateTime,
    pub state: ExtensionState,
    pub decided_by: Option<UserId>,
    pub decided_by_name: Option<String>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub decided_at: Option<OffsetDateTime>,
    pub decision_note: Option<String>,
}

/// R11: an interim explanation (情况说明) of why the case is not yet concluded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub text: String,
    pub by: UserId,
    pub by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl Dispatch {
    /// The due date in force: the last approved extension's, else the original deadline's.
    pub fn due(&self) -> Date {
        self.extensions
            .iter()
            .rev()
            .find(|e| e.state == ExtensionState::Approved)
            .map_or(self.deadline.due, |e| e.requested_due)
    }

    /// The extension awaiting a leader's decision, if any.
    pub fn pending_extension(&self) -> Option<&Extension> {
        self.extensions
            .iter()
            .find(|e| e.state == ExtensionState::Pending)
    }

    /// The lead unit and every co-handling unit.
    pub fn units(&self) -> impl Iterator<Item = UnitId> + '_ {
        std::iter::once(self.lead_unit).chain(self.co_units.iter().copied())
    }
}

/// R12: the closure materials (结案材料) the lead unit submits after concluding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureMaterials {
    /// What verification found (核查情况).
    pub findings: String,
    /// What was done (处理情况).
    pub handling: String,
    /// R13(5): whether the complainant was met (见面).
    pub complainant_met: bool,
    /// The answer given to the complainant (答复意见).
    pub reply: String,
    pub unit: UnitId,
    pub submitted_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// R14: the dossier (卷宗) a closed case is bound into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveRecord {
    pub archive_number: String,
    pub archived_by: UserId,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl ArchiveRecord {
    /// The counter that numbers dossiers archived in `year`.
    pub fn counter(year: i32) -> String {
        format!("archive:{year}")
    }

    /// The dossier number: `卷-2026-0001`.
    pub fn number(year: i32, seq: i64) -> String {
        format!("卷-{year:04}-{seq:04}")
    }
}

/// A complaint as it stands now. Its history is in its events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complaint {
    pub id: ComplaintId,
    pub number: ComplaintNumber,
    pub channel: Channel,
    pub category: Category,
    pub title: String,
    pub complainant: Complainant,
    pub problem: String,
    pub demands: String,
    pub state: State,
    /// Bumped by every change; a write that expected an older version is refused.
    pub version: i64,
    /// R1: the accepting clerk.
    pub registered_by: UserId,
    pub registered_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub review: Option<LeaderReview>,
    pub dispatch: Option<Dispatch>,
    pub result: Option<ClosureMaterials>,
    pub closure_review: Option<ClosureReview>,
    pub archive: Option<ArchiveRecord>,
    /// R30: the member of staff holding the case (who acknowledged it for the lead unit).
    pub holder: Option<Holder>,
    /// R10: the latest progress note, for reminder slips.
    pub last_progress: Option<String>,
    /// R7, R17: who the complaint accuses, if anyone.
    pub accusation: Option<Accusation>,
    /// R7: the organizational approval to let the accused unit handle it, if recorded.
    pub disclosure_approval: Option<DisclosureApproval>,
    /// R15–R18: the envelope, enclosures, excerpt and writer notices of a letter.
    pub letter: Option<crate::letter::Letter>,
    /// R20: why the complaint is special, if it is.
    pub special: Vec<crate::special::SpecialMark>,
    /// R20: the earlier complaint this one repeats.
    pub repeat_of: Option<crate::special::RepeatLink>,
    /// R20: the earlier complaint this duplicate was merged into.
    pub merged_into: Option<crate::special::RepeatLink>,
    /// R21–R25: referrals, supervision, joint studies, cooperation; R22: the written report.
    pub handling: crate::handling::SpecialHandling,
}

/// R30: who holds a case, for accountability.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub id: UserId,
    pub name: String,
}

impl Complaint {
    /// Whether `unit` is the lead or a co-handling unit of the current dispatch.
    pub fn is_with_unit(&self, unit: UnitId) -> bool {
        self.dispatch
            .as_ref()
            .is_some_and(|d| d.units().any(|u| u == unit))
    }

    /// Whether `unit` is the lead unit of the current dispatch.
    pub fn is_led_by(&self, unit: UnitId) -> bool {
        self.dispatch.as_ref().is_some_and(|d| d.lead_unit == unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn form() -> RegistrationInput {
        RegistrationInput {
            channel: Some("phone".into()),
            category: Some("environment".into()),
            title: Some("夜间施工噪音扰民".into()),
            complainant_name: Some("王秀英".into()),
            complainant_work_unit: None,
            complainant_occupation: Some("退休".into()),
            complainant_address: Some("幸福路88弄3号502室".into()),
            complainant_phone: Some("13800138000".into()),
            problem: Some("工地每天夜里十一点后仍在施工，噪音很大。".into()),
            demands: Some("要求夜间停止施工。".into()),
            ..RegistrationInput::default()
        }
    }

    fn missing(field: &'static str) -> Result<Registration, Rejection> {
        Err(Rejection::InvalidField {
            field,
            problem: FieldProblem::Missing,
        })
    }

    #[test]
    fn r3_a_complete_form_registers() {
        let r = Registration::parse(&form()).unwrap();
        assert_eq!(r.channel, Channel::Phone);
        assert_eq!(r.complainant.name, "王秀英");
        assert_eq!(r.complainant.work_unit, None);
    }

    #[test]
    fn r3_required_fields() {
        type Change = fn(&mut RegistrationInput);
        let cases: [(Change, &'static str); 5] = [
            (|f| f.complainant_name = None, "complainant.name"),
            (|f| f.problem = Some("  ".into()), "problem"),
            (|f| f.demands = None, "demands"),
            (|f| f.title = None, "title"),
            (|f| f.channel = None, "channel"),
        ];
        for (change, field) in cases {
            let mut f = form();
            change(&mut f);
            assert_eq!(Registration::parse(&f), missing(field));
        }
    }

    #[test]
    fn r2_channel_specific_contact_rules() {
        let mut f = form();
        f.complainant_phone = None;
        assert_eq!(Registration::parse(&f), missing("complainant.phone"));
        f.channel = Some("letter".into());
        assert!(Registration::parse(&f).is_ok());
        f.complainant_address = None;
        assert_eq!(Registration::parse(&f), missing("complainant.address"));
        f.channel = Some("in_person".into());
        assert_eq!(Registration::parse(&f), missing("complainant.contact"));
        f.channel = Some("fax".into());
        assert_eq!(
            Registration::parse(&f),
            Err(Rejection::InvalidField {
                field: "channel",
                problem: FieldProblem::UnknownValue
            })
        );
    }

    #[test]
    fn r3_number_format_and_beijing_year() {
        let n = ComplaintNumber {
            year: 2026,
            seq: 123,
        };
        assert_eq!(n.to_string(), "2026-000123");
        assert_eq!(ComplaintNumber::parse("2026-000123"), Some(n));
        assert_eq!(
            ComplaintNumber::parse("2026-1234567").map(|n| n.seq),
            Some(1234567)
        );
        assert_eq!(ComplaintNumber::parse("26-000123"), None);
        // 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Beijing.
        let at = time::macros::datetime!(2026-12-31 17:00 UTC);
        assert_eq!(ComplaintNumber::year_of(at), 2027);
    }
}
