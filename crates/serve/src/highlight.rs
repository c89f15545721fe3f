//! An article's text as HTML with its evidence sentences marked.
//!
//! Each evidence span becomes `<mark id="ev-START">` (START: its first
//! byte), the anchor that evidence links elsewhere point at. Spans may
//! overlap, so the text is cut at every span boundary and each piece is
//! marked when any span covers it; the id goes on the first piece of a
//! span.

use crate::error::esc;
use std::collections::BTreeSet;

/// A byte range of the text to mark.
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// Shown on hover: what the sentence is evidence for.
    pub label: String,
    /// Evidence of a transfer, contest or engagement (shown strongly);
    /// otherwise only of an entity mention (shown faintly).
    pub strong: bool,
}

/// `text` as escaped HTML, with `spans` wrapped in `<mark>`. Ranges that
/// are empty, out of bounds or not on character boundaries are ignored.
pub fn highlight(text: &str, spans: &[Span]) -> String {
    let spans: Vec<&Span> = spans
        .iter()
        .filter(|s| s.start < s.end && text.get(s.start..s.end).is_some())
        .collect();
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for s in &spans {
        cuts.insert(s.start);
        cuts.insert(s.end);
    }
    // Offsets where a span starts and whose anchor is not yet written.
    let mut starts: BTreeSet<usize> = spans.iter().map(|s| s.start).collect();
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out = String::with_capacity(text.len() + spans.len() * 64);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let covering: Vec<&Span> = spans
            .iter()
            .filter(|s| s.start <= a && b <= s.end)
            .copied()
            .collect();
        if covering.is_empty() {
            out.push_str(&esc(piece));
            continue;
        }
        let mut labels: Vec<&str> = covering.iter().map(|s| s.label.as_str()).collect();
        labels.dedup();
        if covering.iter().any(|s| s.strong) {
            out.push_str("<mark class=\"ev\"");
        } else {
            out.push_str("<mark class=\"ev ev-entity\"");
        }
        if starts.remove(&a) {
            out.push_str(&format!(" id=\"ev-{a}\""));
        }
        out.push_str(&format!(" title=\"{}\">", esc(&labels.join("; "))));
        out.push_str(&esc(piece));
        out.push_str("</mark>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, label: &str) -> Span {
        Span {
            start,
            end,
            label: label.into(),
            strong: true,
        }
    }

    #[test]
    fn marks_and_escapes() {
        let text = "A <b>. Peru bought tanks. Then <script>x</script>.";
        let s = text.find("Peru").unwrap();
        let e = text.find("Then").unwrap() - 1;
        let html = highlight(text, &[span(s, e, "transfer")]);
        assert!(html.contains(&format!(
            "<mark class=\"ev\" id=\"ev-{s}\" title=\"transfer\">Peru bought tanks.</mark>"
        )));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
        assert!(html.starts_with("A &lt;b&gt;. "));
    }

    #[test]
    fn overlapping_spans_nest_cleanly() {
        let text = "one two three four";
        let html = highlight(text, &[span(0, 13, "a"), span(4, 18, "b"), span(4, 7, "c")]);
        // Every mark is closed before the next opens.
        assert_eq!(
            html.matches("<mark").count(),
            html.matches("</mark>").count()
        );
        assert!(html.contains("id=\"ev-0\""));
        assert_eq!(html.matches("id=\"ev-4\"").count(), 1);
        let plain: String = html
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
            .collect();
        assert_eq!(plain, text);
    }

    #[test]
    fn bad_spans_are_ignored() {
        let text = "Israel’s Rafael";
        let html = highlight(text, &[span(0, 7, "x"), span(5, 999, "y"), span(3, 3, "z")]);
        assert_eq!(html, "Israel&#39;s Rafael".replace("&#39;", "’"));
    }
}
