//! Turning user text into a safe FTS5 query.
//!
//! FTS5 has its own query language (`AND`, `NEAR(...)`, `col:`, `^`, `*`,
//! parentheses) and a malformed query is an error. Rather than validate it,
//! we never pass user syntax through: every word or quoted phrase becomes an
//! FTS5 string literal, and the literals are joined (implicit AND). Inside a
//! literal nothing is syntax, so no input can fail to parse. The query is
//! bound as a parameter, so SQL metacharacters never reach the SQL parser.

use crate::{SNIPPET_CLOSE, SNIPPET_OPEN};
use armswatch_register::floor_boundary;

/// Longest search text read, in bytes; the rest is ignored.
pub const MAX_SEARCH_BYTES: usize = 512;
/// Most words or phrases of a search that are used.
pub const MAX_SEARCH_TERMS: usize = 16;

/// One word or quoted phrase of a user's search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerm {
    /// The word, or the words of a phrase, as typed (it holds at least one
    /// letter or digit; quotes are removed).
    pub text: String,
    /// A trailing `*`: the term's last word is a prefix.
    pub prefix: bool,
}

impl SearchTerm {
    /// The term's words as every backend matches them: runs of letters and
    /// digits, lower-cased (FTS5's `unicode61` tokenizer splits the same way).
    pub fn words(&self) -> Vec<String> {
        self.text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }
}

/// The words and phrases of a search as users write it (see
/// [`crate::Store::search`]): bounded to [`MAX_SEARCH_BYTES`] and
/// [`MAX_SEARCH_TERMS`]; empty when nothing searchable is left (blank
/// input, or only punctuation). Every backend builds its own query from
/// these, so the syntax users type is one.
pub fn search_terms(input: &str) -> Vec<SearchTerm> {
    // Bounded work for any input: a search is open to anyone.
    let input = &input[..floor_boundary(input, MAX_SEARCH_BYTES)];
    // Control characters (NUL especially) are not worth the risk.
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut terms = Vec::new();
    let mut chars = cleaned.chars().peekable();
    while terms.len() < MAX_SEARCH_TERMS {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let (text, prefix) = next_term(&mut chars);
        // A literal with no word characters yields no tokens; leave it out
        // rather than let it match nothing (or everything).
        if text.chars().any(char::is_alphanumeric) {
            terms.push(SearchTerm { text, prefix });
        }
    }
    terms
}

/// Reads one quoted phrase or bare word (and a trailing `*`).
fn next_term(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> (String, bool) {
    let mut phrase = String::new();
    if chars.peek() == Some(&'"') {
        chars.next();
        for c in chars.by_ref() {
            if c == '"' {
                break;
            }
            phrase.push(c);
        }
        let prefix = chars.peek() == Some(&'*');
        while chars.peek() == Some(&'*') {
            chars.next();
        }
        return (phrase, prefix);
    }
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == '"' {
            break;
        }
        phrase.push(c);
        chars.next();
    }
    match phrase.strip_suffix('*') {
        Some(_) => (phrase.trim_end_matches('*').to_string(), true),
        None => (phrase, false),
    }
}

/// The FTS5 query for `input`, or `None` when nothing searchable is left.
pub(crate) fn fts5_query(input: &str) -> Option<String> {
    let parts: Vec<String> = search_terms(input)
        .into_iter()
        .map(|t| {
            let mut lit = String::with_capacity(t.text.len() + 3);
            lit.push('"');
            lit.push_str(&t.text.replace('"', "\"\""));
            lit.push('"');
            if t.prefix {
                lit.push('*');
            }
            lit
        })
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" "))
    }
}

/// A snippet of a long `text` in linear time: about 24 words around the
/// first place where a word of `query` occurs (ASCII case ignored), matched
/// words wrapped in [`SNIPPET_OPEN`] and [`SNIPPET_CLOSE`] as FTS5 does.
pub fn plain_snippet(text: &str, query: &str) -> String {
    let terms: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(MAX_SEARCH_TERMS)
        .map(str::to_ascii_lowercase)
        .collect();
    let lower = text.to_ascii_lowercase();
    let first = terms.iter().filter_map(|t| lower.find(t.as_str())).min();
    let at = first.unwrap_or(0);
    let start = floor_boundary(text, at.saturating_sub(SNIPPET_CONTEXT));
    let start = text[start..]
        .find(' ')
        .map_or(start, |p| start + p + 1)
        .min(at);
    let end = floor_boundary(text, at + 2 * SNIPPET_CONTEXT);
    let end = text[..end].rfind(' ').filter(|&p| p > at).unwrap_or(end);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    while pos < end {
        let hit = terms
            .iter()
            .filter_map(|t| lower[pos..end].find(t.as_str()).map(|p| (pos + p, t.len())))
            .min();
        let Some((h, len)) = hit else { break };
        out.push_str(&text[pos..h]);
        out.push_str(SNIPPET_OPEN);
        out.push_str(&text[h..h + len]);
        out.push_str(SNIPPET_CLOSE);
        pos = h + len;
    }
    out.push_str(&text[pos.min(end)..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// Bytes of text shown on each side of a long text's first match.
const SNIPPET_CONTEXT: usize = 80;

#[cfg(test)]
mod tests {
    use super::fts5_query;

    #[test]
    fn long_text_snippet_marks_the_first_match() {
        let text = format!(
            "{} Peru ordered frigates. {}",
            "filler ".repeat(5000),
            "tail ".repeat(5000)
        );
        let snip = super::plain_snippet(&text, "FRIGATES peru");
        assert!(snip.contains("[Peru] ordered [frigates]."), "{snip}");
        assert!(snip.starts_with('…') && snip.ends_with('…'));
        assert!(snip.len() < 400);
    }

    #[test]
    fn long_searches_are_bounded() {
        let words: Vec<String> = (0..250).map(|i| format!("word{i}")).collect();
        let q = fts5_query(&words.join(" ")).unwrap();
        assert_eq!(q.matches('"').count(), 2 * super::MAX_SEARCH_TERMS);
        let huge = "a".repeat(1 << 20);
        assert!(fts5_query(&huge).unwrap().len() <= super::MAX_SEARCH_BYTES + 2);
    }

    #[test]
    fn words_become_literals() {
        assert_eq!(
            fts5_query("tanks  Peru").as_deref(),
            Some(r#""tanks" "Peru""#)
        );
    }

    #[test]
    fn quoted_phrases_and_prefixes() {
        assert_eq!(
            fts5_query(r#""air defence" missil*"#).as_deref(),
            Some(r#""air defence" "missil"*"#)
        );
        assert_eq!(
            fts5_query(r#""main battle"* x"#).as_deref(),
            Some(r#""main battle"* "x""#)
        );
    }

    #[test]
    fn syntax_is_neutralised() {
        assert_eq!(
            fts5_query(r#""; DROP TABLE documents; --"#).as_deref(),
            Some(r#""; DROP TABLE documents; --""#)
        );
        assert_eq!(fts5_query("NEAR(").as_deref(), Some(r#""NEAR(""#));
        assert_eq!(
            fts5_query("title:x OR ^y").as_deref(),
            Some(r#""title:x" "OR" "^y""#)
        );
        // An unbalanced quote runs to the end of the input.
        assert_eq!(fts5_query(r#"a "b c"#).as_deref(), Some(r#""a" "b c""#));
    }

    #[test]
    fn nothing_searchable() {
        for q in ["", "   ", "\"", "*", "-- ;", "\"\"*", "\0"] {
            assert_eq!(fts5_query(q), None, "{q:?}");
        }
    }
}
