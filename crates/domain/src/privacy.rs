//! Personal data: the complainant's identity and contacts are shown in full only to those who
//! need them — the center staff who register, review and answer the complaint, and the lead
//! unit that verifies it and meets the complainant (R13(5)) — and masked for everyone else.

use crate::complaint::{Complainant, Complaint};
use crate::staff::{Actor, Role};

/// Whether `actor` sees the complainant's identity and contacts of `complaint` in full.
pub fn may_see_complainant(actor: &Actor, complaint: &Complaint) -> bool {
    match actor.role {
        Role::Clerk | Role::Office | Role::Leader | Role::Director => true,
        Role::Handler | Role::DeptHead => complaint.is_led_by(actor.unit),
        Role::Overseer | Role::Admin | Role::Portal => false,
    }
}

/// Whether an export by `actor` carries complainants in full: only the center office's, which
/// keeps the ledger (R5); everyone else's export is masked.
pub fn may_export_complainant(actor: &Actor) -> bool {
    actor.role == Role::Office
}

/// A name with all but its first character hidden: `王秀英` → `王**`.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    format!("{first}{}", "*".repeat(chars.count().min(7)))
}

/// A phone with its middle hidden: `13800138000` → `138****8000`.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return "*".repeat(digits.len());
    }
    let head: String = digits[..3].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

/// An address with only its first few characters (the area) kept: `幸福苑12号楼302室` → `幸福苑****`.
pub fn mask_address(address: &str) -> String {
    let kept: String = address.chars().take(3).collect();
    format!("{kept}****")
}

impl Complainant {
    /// The complainant as someone without the need to know sees them.
    pub fn masked(&self) -> Complainant {
        Complainant {
            name: mask_name(&self.name),
            work_unit: self.work_unit.as_ref().map(|_| "****".to_owned()),
            occupation: self.occupation.clone(),
            address: self.address.as_deref().map(mask_address),
            phone: self.phone.as_deref().map(mask_phone),
            id_number: self.id_number.as_deref().map(mask_number),
        }
    }
}

/// A document number with all but its last four characters hidden.
pub fn mask_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let keep = chars.len().saturating_sub(4);
    let tail: String = chars[keep..].iter().collect();
    format!("{}{tail}", "*".repeat(keep.min(14)))
}

impl crate::letter::Letter {
    /// A letter as someone without the need to know sees it: the writer's address, the numbers
    /// of enclosed documents (an ID card's, say) and the notices addressed to the writer hidden.
    pub fn masked(&self) -> crate::letter::Letter {
        let mut letter = self.clone();
        letter.envelope.sender_address = mask_address(&letter.envelope.sender_address);
        for item in &mut letter.enclosures {
            item.doc_number = item.doc_number.as_deref().map(mask_number);
        }
        for notice in &mut letter.notices {
            mask_notice(notice);
        }
        letter
    }
}

/// A notice to a letter's writer with the name, address, phone and text hidden.
pub fn mask_notice(notice: &mut crate::letter::WriterNotice) {
    notice.to_name = mask_name(&notice.to_name);
    notice.to_address = mask_address(&notice.to_address);
    notice.sms_to = notice.sms_to.as_deref().map(mask_phone);
    notice.text = "****".to_owned();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_what_identifies_nobody() {
        assert_eq!(mask_name("王秀英"), "王**");
        assert_eq!(mask_name("欧阳"), "欧*");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("021-5555 1234"), "021****1234");
        assert_eq!(mask_phone("12345"), "*****");
        assert_eq!(mask_address("幸福苑12号楼302室"), "幸福苑****");
        assert_eq!(mask_number("310101195001011234"), "**************1234");
        assert_eq!(mask_number("AB1"), "AB1");
    }
}
