//! Parsing of free text typed by people: trimmed, length-checked in characters (not bytes, since
//! the text is Chinese), and free of control characters that would corrupt forms and exports.

use crate::rejection::{FieldProblem, Rejection};

/// Limits for one text field.
#[derive(Clone, Copy, Debug)]
pub struct TextRule {
    /// The field's stable name in errors (`complainant.name`).
    pub field: &'static str,
    /// The most characters allowed after trimming.
    pub max_chars: usize,
    /// Whether line breaks are allowed (long narrative fields) or not (names, titles).
    pub multiline: bool,
}

impl TextRule {
    pub const fn line(field: &'static str, max_chars: usize) -> Self {
        Self {
            field,
            max_chars,
            multiline: false,
        }
    }

    pub const fn block(field: &'static str, max_chars: usize) -> Self {
        Self {
            field,
            max_chars,
            multiline: true,
        }
    }

    /// A required field: missing or blank is refused.
    pub fn required(&self, value: Option<&str>) -> Result<String, Rejection> {
        self.optional(value)?
            .ok_or_else(|| self.reject(FieldProblem::Missing))
    }

    /// An optional field: blank becomes `None`.
    pub fn optional(&self, value: Option<&str>) -> Result<Option<String>, Rejection> {
        let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        if value.chars().count() > self.max_chars {
            return Err(self.reject(FieldProblem::TooLong {
                max: self.max_chars,
            }));
        }
        let bad = |c: char| c.is_control() && !(self.multiline && matches!(c, '\n' | '\r' | '\t'));
        if value.chars().any(bad) {
            return Err(self.reject(FieldProblem::BadCharacters));
        }
        Ok(Some(value.replace("\r\n", "\n")))
    }

    fn reject(&self, problem: FieldProblem) -> Rejection {
        Rejection::InvalidField {
            field: self.field,
            problem,
        }
    }
}

/// Text without its whitespace, to compare addresses and names however they were spaced.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The digits of a phone number, to compare numbers however they were written.
pub fn phone_digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A telephone number as people write it: digits with optional `+`, spaces, dashes and
/// parentheses, 5 to 20 digits (extension numbers and mobiles both fit).
pub fn phone(field: &'static str, value: Option<&str>) -> Result<Option<String>, Rejection> {
    let Some(value) = TextRule::line(field, 30).optional(value)? else {
        return Ok(None);
    };
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')');
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !value.chars().all(allowed) || !(5..=20).contains(&digits) {
        return Err(Rejection::InvalidField {
            field,
            problem: FieldProblem::BadFormat,
        });
    }
    Ok(Some(value))
}

/// A resident identity card number (居民身份证号码): 18 characters, the last a check digit
/// (0–9 or X) computed by ISO 7064 MOD 11-2; a lower-case `x` and inner blanks are accepted and
/// normalized. A mistyped digit fails the check and is refused rather than stored.
pub fn id_number(field: &'static str, value: Option<&str>) -> Result<Option<String>, Rejection> {
    let Some(value) = TextRule::line(field, 30).optional(value)? else {
        return Ok(None);
    };
    let id: String = squeeze(&value).to_ascii_uppercase();
    let bad = Rejection::InvalidField {
        field,
        problem: FieldProblem::BadFormat,
    };
    let bytes = id.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return Err(bad);
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = bytes[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    if bytes[17] != check {
        return Err(bad);
    }
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: TextRule = TextRule::line("complainant.name", 4);

    #[test]
    fn trims_and_counts_characters_not_bytes() {
        assert_eq!(NAME.required(Some("  张三丰  ")).unwrap(), "张三丰");
        assert_eq!(NAME.required(Some("欧阳明月")).unwrap(), "欧阳明月");
        assert_eq!(
            NAME.required(Some("欧阳明月亮")),
            Err(Rejection::InvalidField {
                field: "complainant.name",
                problem: FieldProblem::TooLong { max: 4 }
            })
        );
    }

    #[test]
    fn blank_is_missing() {
        for blank in [None, Some(""), Some("   \n")] {
            assert_eq!(
                NAME.required(blank),
                Err(Rejection::InvalidField {
                    field: "complainant.name",
                    problem: FieldProblem::Missing
                })
            );
            assert_eq!(NAME.optional(blank), Ok(None));
        }
    }

    #[test]
    fn control_characters_are_refused_and_line_breaks_only_in_blocks() {
        assert!(NAME.required(Some("张\u{0}三")).is_err());
        assert!(NAME.required(Some("张\n三")).is_err());
        let block = TextRule::block("problem", 100);
        assert_eq!(
            block.required(Some("第一行\r\n第二行")).unwrap(),
            "第一行\n第二行"
        );
        assert!(block.required(Some("响\u{7}铃")).is_err());
    }

    #[test]
    fn id_numbers_carry_their_check_digit() {
        assert_eq!(
            id_number("id", Some(" 11010519491231002x "))
                .unwrap()
                .unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            id_number("id", Some("310101 19800101 0018"))
                .unwrap()
                .unwrap(),
            "310101198001010018"
        );
        assert_eq!(id_number("id", Some("")).unwrap(), None);
        for bad in [
            "110105194912310021",
            "31010119800101001",
            "3101011980010100189",
            "31010119800101001A",
            "身份证310101198001010018",
        ] {
            assert!(id_number("id", Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(
            phone("p", Some("138 0013 8000")).unwrap().unwrap(),
            "138 0013 8000"
        );
        assert_eq!(
            phone("p", Some("021-6234(5678)")).unwrap().unwrap(),
            "021-6234(5678)"
        );
        assert_eq!(phone("p", Some("")).unwrap(), None);
        for bad in [
            "1234",
            "abc12345",
            "电话12345678",
            "+86 123456789012345678901",
        ] {
            assert!(phone("p", Some(bad)).is_err(), "{bad}");
        }
    }
}
