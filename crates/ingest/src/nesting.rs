//! A cap on how deeply an HTML page nests its elements.
//!
//! html5ever's tree builder checks the stack of open elements at every tag,
//! so a page of 100,000 nested `<div>`s costs time in the square of its
//! depth (over a minute). No real page nests more than a few dozen levels:
//! tags opened deeper than [`MAX_DEPTH`] are removed before parsing (their
//! text is kept), together with their end tags.

use std::borrow::Cow;

/// Deepest nesting kept.
pub(crate) const MAX_DEPTH: usize = 256;

/// Elements with no end tag, or whose end tag is usually left out: they do
/// not count as nesting (a page of 1,000 unclosed `<p>`s is not deep).
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody",
    "tfoot", "colgroup", "rb", "rt", "rtc", "rp", "param", "keygen",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// One `<...>` of the source.
struct Tag<'a> {
    /// Byte range of the whole tag, `<` to `>`.
    start: usize,
    end: usize,
    name: &'a str,
    closing: bool,
    self_closing: bool,
}

/// `source` with tags nested deeper than [`MAX_DEPTH`] removed; borrowed
/// unchanged when nothing is that deep (every ordinary page).
pub(crate) fn cap_depth(source: &str) -> Cow<'_, str> {
    if max_depth(source) <= MAX_DEPTH {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    let mut depth = 0usize;
    let mut copied = 0;
    for tag in tags(source) {
        let nests = !tag.self_closing && !NOT_NESTING.contains(&tag.name);
        let keep = if !nests {
            true
        } else if tag.closing {
            let keep = depth <= MAX_DEPTH;
            depth = depth.saturating_sub(1);
            keep
        } else {
            depth += 1;
            depth <= MAX_DEPTH
        };
        if !keep {
            out.push_str(&source[copied..tag.start]);
            copied = tag.end;
        }
    }
    out.push_str(&source[copied..]);
    Cow::Owned(out)
}

/// The deepest nesting of elements, as counted by [`cap_depth`].
fn max_depth(source: &str) -> usize {
    let mut depth = 0usize;
    let mut max = 0;
    for tag in tags(source) {
        if tag.self_closing || NOT_NESTING.contains(&tag.name) {
            continue;
        }
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The element tags of `source` in order, skipping comments, doctypes and
/// the content of raw-text elements. Names are ASCII-lower-cased views
/// only when already lower case; others compare case-insensitively below.
fn tags(source: &str) -> impl Iterator<Item = Tag<'_>> {
    let bytes = source.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || loop {
        let lt = pos + memchr(b'<', &bytes[pos..])?;
        let rest = &source[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            pos = comment.find("-->").map_or(bytes.len(), |p| lt + 4 + p + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            pos = rest.find('>').map_or(bytes.len(), |p| lt + p + 1);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_from = lt + if closing { 2 } else { 1 };
        let name_len = bytes[name_from..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_from].is_ascii_alphabetic() {
            pos = lt + 1; // a bare "<" in text
            continue;
        }
        let name = &source[name_from..name_from + name_len];
        let Some(gt) = source[name_from..].find('>').map(|p| name_from + p) else {
            pos = bytes.len();
            continue;
        };
        let self_closing = source[..gt].ends_with('/');
        pos = gt + 1;
        if !closing && RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            // Skip to the end tag: a "<" inside a script is not a tag.
            let lower_end = format!("</{}", name.to_ascii_lowercase());
            pos = find_ascii_case_insensitive(&source[pos..], &lower_end)
                .map_or(bytes.len(), |p| pos + p);
        }
        let name = NOT_NESTING
            .iter()
            .find(|n| n.eq_ignore_ascii_case(name))
            .copied()
            .unwrap_or(name);
        return Some(Tag {
            start: lt,
            end: gt + 1,
            name,
            closing,
            self_closing,
        });
    })
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn find_ascii_case_insensitive(hay: &str, lower_needle: &str) -> Option<usize> {
    let n = lower_needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_left_alone() {
        let page = "<html><body><div><p>One<p>Two<br><img src=x></div>\
                    <script>if (a < b) {}</script><!-- <div> --></body></html>";
        assert!(matches!(cap_depth(page), Cow::Borrowed(_)));
        let many_p = "<p>x".repeat(5_000);
        assert!(matches!(cap_depth(&many_p), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_and_text_kept() {
        let n = 10 * MAX_DEPTH;
        let src = "<div>".repeat(n) + "deep" + &"</div>".repeat(n);
        let capped = cap_depth(&src);
        assert_eq!(max_depth(&capped), MAX_DEPTH);
        assert!(capped.contains("deep"));
        assert_eq!(capped.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
    }
}
