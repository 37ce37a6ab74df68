//! Repeat complaints (重复投诉, R20): at registration, earlier complaints from the same
//! complainant (same phone, same ID number, or same name and address) or about the same problem (similar text)
//! are suggested to the clerk. Similarity is computed on Chinese text as the Dice coefficient of
//! character bigrams (plus whole ASCII words), which needs no dictionary and survives the
//! rewording a complainant uses the second time.

use crate::complaint::Complaint;
use crate::ids::ComplaintId;
use crate::search::Run;
use crate::text::{phone_digits, squeeze};
use std::collections::HashSet;

/// Text at least this similar is "about the same problem" even from someone else.
pub const SIMILAR_TEXT: f64 = 0.3;

/// At most this many suggestions are shown.
pub const MAX_SUGGESTIONS: usize = 10;

/// Why an earlier complaint is suggested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatReason {
    SamePhone,
    SameIdNumber,
    SameNameAndAddress,
    SimilarText,
}

impl RepeatReason {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (RepeatReason::SamePhone, crate::Lang::Zh) => "同一联系电话",
            (RepeatReason::SamePhone, crate::Lang::En) => "same phone",
            (RepeatReason::SameIdNumber, crate::Lang::Zh) => "同一身份证号码",
            (RepeatReason::SameIdNumber, crate::Lang::En) => "same ID card number",
            (RepeatReason::SameNameAndAddress, crate::Lang::Zh) => "同一姓名和住址",
            (RepeatReason::SameNameAndAddress, crate::Lang::En) => "same name and address",
            (RepeatReason::SimilarText, crate::Lang::Zh) => "反映内容相似",
            (RepeatReason::SimilarText, crate::Lang::En) => "similar problem",
        }
    }
}

/// What a new complaint says, as far as repeats are concerned.
#[derive(Clone, Debug, Default)]
pub struct Probe {
    pub name: String,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// Normalized by [`crate::text::id_number`].
    pub id_number: Option<String>,
    /// Title, problem and demands together.
    pub text: String,
}

/// One earlier complaint that may be the same matter.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub id: ComplaintId,
    /// Text similarity, 0 to 1.
    pub score: f64,
    pub reasons: Vec<RepeatReason>,
}

/// The tokens of a text: every pair of neighbouring characters of a run (a lone character
/// counts by itself), and every ASCII word or number, lower-cased — the terms a search query
/// would use ([`crate::search::runs`]).
pub fn tokens(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for run in crate::search::runs(text) {
        match run {
            Run::Word(w) => {
                out.insert(w);
            }
            Run::Chars(cs) if cs.len() == 1 => {
                out.insert(cs[0].to_string());
            }
            Run::Chars(cs) => out.extend(cs.windows(2).map(|p| p.iter().collect::<String>())),
        }
    }
    out
}

/// The Dice coefficient of two token sets: 2·|A∩B| / (|A|+|B|).
pub fn dice(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// How similar two texts are, 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&tokens(a), &tokens(b))
}

fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (squeeze(a), squeeze(b));
    !a.is_empty() && a == b
}

/// The earlier complaints (already limited to the window) that may be the same matter as
/// `probe`, the likeliest first: more reasons first, then more similar text.
pub fn suggest(probe: &Probe, earlier: &[Complaint]) -> Vec<Suggestion> {
    let probe_tokens = tokens(&probe.text);
    let probe_phone = probe.phone.as_deref().map(phone_digits);
    let mut found: Vec<Suggestion> = earlier
        .iter()
        .filter_map(|c| {
            let p = &c.complainant;
            let mut reasons = Vec::new();
            if probe_phone.as_ref().is_some_and(|ours| {
                ours.len() >= 7 && p.phone.as_deref().map(phone_digits).as_ref() == Some(ours)
            }) {
                reasons.push(RepeatReason::SamePhone);
            }
            if probe.id_number.is_some() && probe.id_number == p.id_number {
                reasons.push(RepeatReason::SameIdNumber);
            }
            let same_address = match (&probe.address, &p.address) {
                (Some(a), Some(b)) => same_text(a, b),
                _ => false,
            };
            if same_address && same_text(&probe.name, &p.name) {
                reasons.push(RepeatReason::SameNameAndAddress);
            }
            let text = format!("{} {} {}", c.title, c.problem, c.demands);
            let score = dice(&probe_tokens, &tokens(&text));
            if score >= SIMILAR_TEXT {
                reasons.push(RepeatReason::SimilarText);
            }
            (!reasons.is_empty()).then_some(Suggestion {
                id: c.id,
                score,
                reasons,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.reasons
            .len()
            .cmp(&a.reasons.len())
            .then(b.score.total_cmp(&a.score))
    });
    found.truncate(MAX_SUGGESTIONS);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bigrams_and_words() {
        let t = tokens("夜间施工，噪音 ABC-123 大");
        for expected in ["夜间", "间施", "施工", "噪音", "abc", "123", "大"] {
            assert!(t.contains(expected), "{expected}: {t:?}");
        }
        assert!(
            !t.contains("工，") && !t.contains("工噪"),
            "punctuation splits runs"
        );
        assert_eq!(similarity("", "夜间施工"), 0.0);
        assert_eq!(similarity("夜间施工", "夜间施工"), 1.0);
    }

    #[test]
    fn r20_a_paraphrase_is_similar_and_another_problem_is_not() {
        let first = "幸福路工地夜间施工噪音扰民 工地每天夜里十一点后仍在打桩施工，噪音很大，影响休息。 要求夜间停止施工。";
        let again = "幸福路工地晚上还在施工 上次反映的幸福路工地夜间打桩噪音问题仍未解决，夜里十一点后照常施工。 要求停止夜间施工并处理。";
        let other =
            "楼道堆放杂物 幸福苑12号楼楼道里长期堆放纸箱杂物，存在消防隐患。 要求清理楼道。";
        assert!(
            similarity(first, again) >= SIMILAR_TEXT,
            "{}",
            similarity(first, again)
        );
        assert!(
            similarity(first, other) < SIMILAR_TEXT / 2.0,
            "{}",
            similarity(first, other)
        );
    }
}
