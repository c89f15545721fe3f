//! Full-text search with PostgreSQL's own text search.
//!
//! Users write searches as for SQLite (words all required, `"quoted
//! phrases"`, a trailing `*` for a prefix: [`armswatch_store::search_terms`]).
//! Nothing they type is tsquery syntax: each word becomes a quoted lexeme
//! (only letters and digits, so nothing in it is an operator), the words
//! of a phrase are joined by `<->`, terms by `&`, and the query is bound as
//! a parameter, never spliced into SQL.

use crate::Ctx;
use armswatch_store::{
    plain_snippet, search_terms, SearchHit, SearchTerm, StoreError, SNIPPET_CLOSE, SNIPPET_OPEN,
};
use postgres::Client;

/// Longest text whose snippet `ts_headline` makes (it parses the whole
/// text); past it the snippet is cut around the first match in Rust, as
/// the SQLite backend does.
const SNIPPET_SCAN_BYTES: i32 = 64 * 1024;

/// The tsquery text for `input`, or `None` when nothing searchable is left.
pub(crate) fn tsquery(input: &str) -> Option<String> {
    let parts: Vec<String> = search_terms(input).iter().filter_map(term).collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" & "))
    }
}

fn term(t: &SearchTerm) -> Option<String> {
    let words = t.words();
    let last = words.len().checked_sub(1)?;
    let lexemes: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            // Quoting and escaping are defence in depth: words are letters
            // and digits only.
            let mut lexeme = format!("'{}'", w.replace('\\', "\\\\").replace('\'', "''"));
            if t.prefix && i == last {
                lexeme.push_str(":*");
            }
            lexeme
        })
        .collect();
    Some(format!("({})", lexemes.join(" <-> ")))
}

pub(crate) fn search(
    client: &mut Client,
    query: &str,
    limit: usize,
) -> Result<Vec<SearchHit>, StoreError> {
    let Some(q) = tsquery(query) else {
        return Ok(Vec::new());
    };
    if limit == 0 {
        return Ok(Vec::new());
    }
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let options = format!(
        "StartSel=\"{SNIPPET_OPEN}\", StopSel=\"{SNIPPET_CLOSE}\", MaxWords=24, MinWords=12"
    );
    // Hits are ranked and cut first; snippets are made for the kept ones
    // only. A title-only match takes its snippet from the title.
    let rows = client
        .query(
            "SELECT id, title, outlet, published, rank,
                    CASE WHEN octet_length(text) <= $3 THEN
                        CASE WHEN title_words @@ q AND NOT text_words @@ q
                             THEN ts_headline('simple', title, q, $4)
                             ELSE ts_headline('simple', text, q, $4) END
                    END,
                    CASE WHEN octet_length(text) > $3 THEN text END
             FROM (SELECT d.id, d.title, d.outlet, d.published, d.text, d.title_words,
                          d.text_words, q, ts_rank(d.words, q) AS rank
                   FROM (SELECT *, setweight(title_words, 'A') || setweight(text_words, 'B')
                                       AS words
                         FROM documents) AS d,
                        to_tsquery('simple', $1) AS q
                   WHERE d.words @@ q
                   ORDER BY rank DESC, d.id
                   LIMIT $2) AS hits
             ORDER BY rank DESC, id",
            &[&q, &limit, &SNIPPET_SCAN_BYTES, &options],
        )
        .ctx(|| format!("searching for {query:?}"))?;
    Ok(rows
        .iter()
        .map(|r| {
            let long_text: Option<String> = r.get(6);
            let snippet = match long_text {
                Some(text) => plain_snippet(&text, query),
                None => r.get::<_, Option<String>>(5).unwrap_or_default(),
            };
            let rank: f32 = r.get(4);
            SearchHit {
                doc: r.get(0),
                title: r.get(1),
                outlet: r.get(2),
                published: r.get(3),
                snippet,
                // Lower is better, as with SQLite's BM25.
                rank: -f64::from(rank),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::tsquery;

    #[test]
    fn words_phrases_and_prefixes() {
        assert_eq!(
            tsquery("tanks  Peru").as_deref(),
            Some("('tanks') & ('peru')")
        );
        assert_eq!(
            tsquery(r#""air defence" missil*"#).as_deref(),
            Some("('air' <-> 'defence') & ('missil':*)")
        );
        assert_eq!(
            tsquery("MBT-2000*").as_deref(),
            Some("('mbt' <-> '2000':*)")
        );
    }

    #[test]
    fn tsquery_syntax_is_neutralised() {
        assert_eq!(
            tsquery("a & !b | c:* <-> 'd'").as_deref(),
            // `c:*` is a prefix, as users write one.
            Some("('a') & ('b') & ('c':*) & ('d')")
        );
        assert_eq!(
            tsquery(r"'; DROP TABLE documents; --\").as_deref(),
            Some("('drop') & ('table') & ('documents')")
        );
        for q in ["", "&", "!", "'':*", "\0", "( )"] {
            assert_eq!(tsquery(q), None, "{q:?}");
        }
    }
}
