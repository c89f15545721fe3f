//! Turning user text into a safe FTS5 query.
//!
//! FTS5 has its own query language (`AND`, `NEAR(...)`, `col:`, `^`, `*`,
//! parentheses) and a malformed query is an error. Rather than validate it,
//! we never pass user syntax through: every word or quoted phrase becomes an
//! FTS5 string literal, and the literals are joined (implicit AND). Inside a
//! literal nothing is syntax, so no input can fail to parse. The query is
//! bound as a parameter, so SQL metacharacters never reach the SQL parser.

/// The FTS5 query for `input`, or `None` when nothing searchable is left
/// (blank input, or only punctuation).
pub(crate) fn fts5_query(input: &str) -> Option<String> {
    // Control characters (NUL especially) are not worth the risk.
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut parts: Vec<String> = Vec::new();
    let mut chars = cleaned.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut phrase = String::new();
        let mut prefix = false;
        if first == '"' {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                phrase.push(c);
            }
            if chars.peek() == Some(&'*') {
                prefix = true;
                while chars.peek() == Some(&'*') {
                    chars.next();
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                phrase.push(c);
                chars.next();
            }
            if phrase.ends_with('*') {
                prefix = true;
                phrase = phrase.trim_end_matches('*').to_string();
            }
        }
        // A literal with no word characters yields no tokens; leave it out
        // rather than let it match nothing (or everything).
        if !phrase.chars().any(char::is_alphanumeric) {
            continue;
        }
        let mut lit = String::with_capacity(phrase.len() + 3);
        lit.push('"');
        lit.push_str(&phrase.replace('"', "\"\""));
        lit.push('"');
        if prefix {
            lit.push('*');
        }
        parts.push(lit);
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::fts5_query;

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
