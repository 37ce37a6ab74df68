//! Chinese full-text search, tokenized here so that SQLite (FTS5) and PostgreSQL (`tsvector`
//! with the `simple` configuration) index and match exactly the same terms. Chinese has no
//! spaces between words, so a text is cut into runs of letters: a run of Chinese characters
//! gives every character (so one-character queries work) and every pair of neighbours (so a
//! two-character word matches as itself, not as two characters anywhere); a run of ASCII letters
//! and digits is one lower-cased word. A query matches a case that has every one of its terms.

use crate::Complaint;
use crate::rejection::{FieldProblem, Rejection};
use std::collections::BTreeSet;

/// One run of a text: Chinese (or other non-ASCII) letters, or one ASCII word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Run {
    Chars(Vec<char>),
    Word(String),
}

/// The runs of a text; punctuation, spaces and symbols end a run.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if !chars.is_empty() {
                out.push(Run::Chars(std::mem::take(&mut chars)));
            }
            word.push(c.to_ascii_lowercase());
            continue;
        }
        if !word.is_empty() {
            out.push(Run::Word(std::mem::take(&mut word)));
        }
        if c.is_alphanumeric() {
            chars.extend(c.to_lowercase());
        } else if !chars.is_empty() {
            out.push(Run::Chars(std::mem::take(&mut chars)));
        }
    }
    if !chars.is_empty() {
        out.push(Run::Chars(chars));
    }
    if !word.is_empty() {
        out.push(Run::Word(word));
    }
    out
}

/// The terms a stored text is indexed under: every character and every pair of neighbouring
/// characters of each run, and every ASCII word; each once, space-separated.
pub fn document(texts: &[&str]) -> String {
    let mut terms = BTreeSet::new();
    for text in texts {
        for run in runs(text) {
            match run {
                Run::Word(w) => {
                    terms.insert(w);
                }
                Run::Chars(cs) => {
                    terms.extend(cs.iter().map(char::to_string));
                    terms.extend(cs.windows(2).map(|p| p.iter().collect::<String>()));
                }
            }
        }
    }
    terms.into_iter().collect::<Vec<_>>().join(" ")
}

/// The terms a case is indexed under: its title, problem and demands, every progress note
/// (`notes`, oldest first) and its result's findings, handling and reply.
pub fn case_document<'a>(c: &'a Complaint, notes: impl IntoIterator<Item = &'a str>) -> String {
    let mut texts: Vec<&str> = vec![&c.title, &c.problem, &c.demands];
    texts.extend(notes);
    if let Some(r) = &c.result {
        texts.extend([r.findings.as_str(), r.handling.as_str(), r.reply.as_str()]);
    }
    document(&texts)
}

/// At most this many terms in one query.
pub const MAX_QUERY_TERMS: usize = 32;

/// The terms a query must all match: a one-character run as itself, a longer run as its pairs,
/// ASCII words as themselves. Blank (or only punctuation) is refused.
pub fn query(q: Option<&str>) -> Result<Vec<String>, Rejection> {
    let q = q.unwrap_or("");
    if q.chars().count() > 100 {
        return Err(Rejection::InvalidField {
            field: "q",
            problem: FieldProblem::TooLong { max: 100 },
        });
    }
    let mut terms: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !terms.contains(&t) {
            terms.push(t);
        }
    };
    for run in runs(q) {
        match run {
            Run::Word(w) => push(w),
            Run::Chars(cs) if cs.len() == 1 => push(cs[0].to_string()),
            Run::Chars(cs) => cs
                .windows(2)
                .for_each(|p| push(p.iter().collect::<String>())),
        }
    }
    if terms.is_empty() {
        return Err(Rejection::InvalidField {
            field: "q",
            problem: FieldProblem::Missing,
        });
    }
    terms.truncate(MAX_QUERY_TERMS);
    Ok(terms)
}

/// A piece of text to show, marked when it matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

/// `text` cut into pieces, the places where a query run occurs marked (case-insensitively for
/// ASCII). A query's runs are matched as typed (`夜间施工` marks where those four characters
/// stand together), and one-character and word runs wherever they occur.
pub fn highlight(text: &str, q: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let mut marked = vec![false; chars.len()];
    for run in runs(q) {
        let needle: Vec<char> = match run {
            Run::Chars(cs) => cs,
            Run::Word(w) => w.chars().collect(),
        };
        if needle.is_empty() || needle.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - needle.len() {
            if lower[start..start + needle.len()] == needle[..] {
                marked[start..start + needle.len()].fill(true);
            }
        }
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for (c, hit) in chars.into_iter().zip(marked) {
        match pieces.last_mut() {
            Some(last) if last.hit == hit => last.text.push(c),
            _ => pieces.push(Piece {
                text: c.to_string(),
                hit,
            }),
        }
    }
    pieces
}

/// Around the first marked piece of `text`: at most `width` characters, with an ellipsis
/// where it was cut. `None` when nothing in it matched.
pub fn snippet(text: &str, q: &str, width: usize) -> Option<Vec<Piece>> {
    let pieces = highlight(text, q);
    let first = pieces.iter().position(|p| p.hit)?;
    let before: usize = pieces[..first].iter().map(|p| p.text.chars().count()).sum();
    let start = before.saturating_sub(width / 3);
    let mut out: Vec<Piece> = Vec::new();
    let mut at = 0;
    let mut taken = 0;
    for p in pieces {
        let len = p.text.chars().count();
        let from = start.saturating_sub(at).min(len);
        at += len;
        let keep: String = p.text.chars().skip(from).take(width - taken).collect();
        if keep.is_empty() {
            continue;
        }
        taken += keep.chars().count();
        out.push(Piece {
            text: keep,
            hit: p.hit,
        });
        if taken >= width {
            break;
        }
    }
    let total = text.chars().count();
    if start > 0 {
        out.insert(
            0,
            Piece {
                text: "…".into(),
                hit: false,
            },
        );
    }
    if start + taken < total {
        out.push(Piece {
            text: "…".into(),
            hit: false,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_hold_characters_pairs_and_words() {
        let d = document(&["夜间施工，ABC-123", "幸"]);
        let terms: Vec<&str> = d.split(' ').collect();
        for t in [
            "夜", "间", "施", "工", "夜间", "间施", "施工", "abc", "123", "幸",
        ] {
            assert!(terms.contains(&t), "{t} in {d}");
        }
        assert!(!terms.contains(&"工a"), "runs end at ASCII");
        assert!(!terms.contains(&"工，"), "and at punctuation");
    }

    #[test]
    fn queries_are_pairs_single_characters_or_words() {
        assert_eq!(query(Some("噪音")).unwrap(), ["噪音"]);
        assert_eq!(query(Some("夜间施工")).unwrap(), ["夜间", "间施", "施工"]);
        assert_eq!(query(Some("漏")).unwrap(), ["漏"]);
        assert_eq!(query(Some("WiFi 信号")).unwrap(), ["wifi", "信号"]);
        assert!(query(Some(" ，。 ")).is_err());
        assert!(query(None).is_err());
        assert!(query(Some(&"长".repeat(101))).is_err());
    }

    #[test]
    fn every_query_term_is_a_document_term() {
        let text = "小区3号楼电梯经常停运，老人上下楼困难";
        let d = document(&[text]);
        let terms: Vec<&str> = d.split(' ').collect();
        for q in ["电梯", "停运", "3", "梯", "经常停运"] {
            for t in query(Some(q)).unwrap() {
                assert!(terms.contains(&t.as_str()), "{q}: {t}");
            }
        }
    }

    #[test]
    fn matches_are_marked_and_snippets_cut_around_them() {
        let pieces = highlight("工地夜间施工噪音大", "施工 噪音");
        let hits: Vec<&str> = pieces
            .iter()
            .filter(|p| p.hit)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(hits, ["施工噪音"]);
        let long = format!("{}电梯停运{}", "前".repeat(50), "后".repeat(50));
        let s = snippet(&long, "电梯", 20).unwrap();
        let text: String = s.iter().map(|p| p.text.as_str()).collect();
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.contains("电梯"));
        assert_eq!(text.chars().filter(|c| *c != '…').count(), 20);
        assert!(snippet("无关内容", "电梯", 20).is_none());
    }
}
