//! An article's text as HTML with its evidence sentences marked.
//!
//! Each evidence span becomes `<mark id="ev-START">` (START: its first
//! byte), the anchor that evidence links elsewhere point at. Spans may
//! overlap, so the text is cut at every span boundary and each piece is
//! marked when any span covers it; the id goes on the first piece of a
//! span.

use crate::error::esc;
use std::collections::BTreeSet;

/// `text` as escaped HTML, with `spans` (byte ranges and a label each)
/// wrapped in `<mark>`. Ranges that are empty, out of bounds or not on
/// character boundaries are ignored.
pub fn highlight(text: &str, spans: &[(usize, usize, String)]) -> String {
    let spans: Vec<&(usize, usize, String)> = spans
        .iter()
        .filter(|(s, e, _)| s < e && text.get(*s..*e).is_some())
        .collect();
    let mut cuts: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for (s, e, _) in &spans {
        cuts.insert(*s);
        cuts.insert(*e);
    }
    // Offsets where a span starts and whose anchor is not yet written.
    let mut starts: BTreeSet<usize> = spans.iter().map(|(s, _, _)| *s).collect();
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut out = String::with_capacity(text.len() + spans.len() * 64);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some(piece) = text.get(a..b) else { continue };
        let covering: Vec<&str> = spans
            .iter()
            .filter(|(s, e, _)| *s <= a && b <= *e)
            .map(|(_, _, l)| l.as_str())
            .collect();
        if covering.is_empty() {
            out.push_str(&esc(piece));
            continue;
        }
        let mut labels: Vec<&str> = covering;
        labels.dedup();
        out.push_str("<mark class=\"ev\"");
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

    #[test]
    fn marks_and_escapes() {
        let text = "A <b>. Peru bought tanks. Then <script>x</script>.";
        let s = text.find("Peru").unwrap();
        let e = text.find("Then").unwrap() - 1;
        let html = highlight(text, &[(s, e, "transfer".into())]);
        assert!(html.contains(&format!("<mark class=\"ev\" id=\"ev-{s}\" title=\"transfer\">Peru bought tanks.</mark>")));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
        assert!(html.starts_with("A &lt;b&gt;. "));
    }

    #[test]
    fn overlapping_spans_nest_cleanly() {
        let text = "one two three four";
        let html = highlight(
            text,
            &[(0, 13, "a".into()), (4, 18, "b".into()), (4, 7, "c".into())],
        );
        // Every mark is closed before the next opens.
        assert_eq!(html.matches("<mark").count(), html.matches("</mark>").count());
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
        let html = highlight(text, &[(0, 7, "x".into()), (5, 999, "y".into()), (3, 3, "z".into())]);
        assert_eq!(html, "Israel&#39;s Rafael".replace("&#39;", "’"));
    }
}
