//! HTML pages to main text plus metadata.
//!
//! The walk is iterative (edge traversal, not recursion), so a page with
//! absurdly deep nesting cannot overflow the stack.

use armswatch_register::Date;
use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node};

/// What an HTML page yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlArticle {
    /// Main text: one paragraph per block element, `"\n\n"` between them,
    /// whitespace inside a paragraph collapsed. Empty when nothing is left.
    pub text: String,
    /// `og:title`, else `<title>`.
    pub title: Option<String>,
    /// First parseable publication date from the page's metadata or a
    /// `<time datetime>` in the article.
    pub published: Option<Date>,
    /// Publication dates the page declared but that did not parse (for a
    /// warning when no other date was found).
    pub unparsed_dates: Vec<String>,
    /// `og:site_name`.
    pub outlet: Option<String>,
    /// `<link rel=canonical>`, else `og:url`.
    pub url: Option<String>,
}

/// Elements dropped with everything inside them.
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "template", "button", "select", "textarea", "input", "label", "object", "embed", "canvas",
    "video", "audio", "map", "dialog", "head", "title", "math",
];

/// ARIA roles of page furniture.
const DROP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alert",
];

/// A class/id word starting with one of these marks boilerplate.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "comment",
    "menu",
    "share",
    "sharing",
    "related",
    "cookie",
    "advert",
    "promo",
    "subscri",
    "sidebar",
    "footer",
    "breadcrumb",
    "newsletter",
    "disqus",
    "popup",
];

/// Class/id words that mark boilerplate only when they are the whole word
/// ("nav" must not catch "naval" or "navy" on a defence site).
const BOILERPLATE_WORDS: &[&str] = &["nav", "navs", "navbar", "navigation", "ad", "ads", "adv"];

/// A boilerplate word after one of these describes a page state, not a
/// component ("has-sidebar", "no-ads").
const STATE_MODIFIERS: &[&str] = &["has", "with", "no", "without", "show", "hide", "is"];

/// Elements that start and end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "br",
    "hr",
    "section",
    "article",
    "main",
    "table",
    "tr",
    "caption",
    "figure",
    "figcaption",
    "address",
    "details",
    "summary",
    "body",
    "center",
];

/// Table cells: separated by a space within their row.
const CELL_TAGS: &[&str] = &["td", "th"];

/// At most this many candidates per selector are rendered (a listing page
/// may have hundreds of teaser `<article>`s).
const MAX_CANDIDATES: usize = 64;

/// Reads an HTML page: main text and metadata. Never fails; the text is
/// empty when nothing is left after removing page furniture.
pub fn html_article(source: &str) -> HtmlArticle {
    let source = crate::nesting::cap_depth(source);
    let doc = Html::parse_document(&source);
    let root = doc.tree.root();
    let body = root
        .descendants()
        .find(|n| element_name(n) == Some("body"))
        .unwrap_or(root);

    let main = main_root(body);
    let text = match main {
        Some((_, ref text)) => text.clone(),
        None => render(body),
    };
    let main_node = main.map(|(n, _)| n).unwrap_or(body);

    let mut art = HtmlArticle {
        text,
        ..HtmlArticle::default()
    };
    read_metadata(root, main_node, &mut art);
    art
}

fn element_name<'a>(node: &NodeRef<'a, Node>) -> Option<&'a str> {
    node.value().as_element().map(|e| e.name())
}

/// The article's container: the first of `<article>`, `[itemprop=articleBody]`,
/// `<main>`, `[role=main]` that has text (the longest when several match),
/// with its rendered text.
fn main_root(body: NodeRef<'_, Node>) -> Option<(NodeRef<'_, Node>, String)> {
    type Matcher = fn(&scraper::node::Element) -> bool;
    let matchers: [Matcher; 4] = [
        |e| e.name() == "article",
        |e| {
            e.attr("itemprop").is_some_and(|v| {
                v.split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("articleBody"))
            })
        },
        |e| e.name() == "main",
        |e| {
            e.attr("role")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("main"))
        },
    ];
    for matcher in matchers {
        let mut best: Option<(NodeRef<'_, Node>, String)> = None;
        let candidates = body
            .descendants()
            .filter(|n| n.value().as_element().is_some_and(matcher))
            .filter(|n| usable_candidate(*n, body))
            .take(MAX_CANDIDATES);
        for node in candidates {
            let text = render(node);
            if !text.is_empty() && best.as_ref().is_none_or(|(_, t)| text.len() > t.len()) {
                best = Some((node, text));
            }
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

/// A candidate is unusable when it is itself furniture or sits inside a
/// furniture element. For its ancestors only tags and roles count: a class
/// on a layout wrapper ("content-sidebar-wrap") must not hide the article.
fn usable_candidate(node: NodeRef<'_, Node>, body: NodeRef<'_, Node>) -> bool {
    if dropped(node, true) {
        return false;
    }
    for anc in node.ancestors() {
        if anc.id() == body.id() {
            break;
        }
        if dropped(anc, false) {
            return false;
        }
    }
    true
}

/// Whether an element is page furniture to skip with its contents.
/// `by_class` also applies the class/id word test.
fn dropped(node: NodeRef<'_, Node>, by_class: bool) -> bool {
    let Some(el) = node.value().as_element() else {
        return false;
    };
    let name = el.name();
    if DROP_TAGS.contains(&name) {
        // Some sites (ASP.NET) wrap the whole page in one <form>; a form
        // holding several paragraphs is layout, not a search or login box.
        return !(name == "form" && paragraph_count(node) >= 3);
    }
    if el.attr("hidden").is_some()
        || el.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        || el.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
    {
        return true;
    }
    if el
        .attr("role")
        .is_some_and(|r| DROP_ROLES.iter().any(|d| r.trim().eq_ignore_ascii_case(d)))
    {
        return true;
    }
    by_class
        && (el.attr("class").is_some_and(says_boilerplate)
            || el.attr("id").is_some_and(says_boilerplate))
}

fn paragraph_count(node: NodeRef<'_, Node>) -> usize {
    node.descendants()
        .filter(|n| element_name(n) == Some("p"))
        .take(3)
        .count()
}

/// Whether a class or id attribute names comments, navigation, menus,
/// share bars, cookie banners, related links, ads and the like.
fn says_boilerplate(attr: &str) -> bool {
    attr.split_whitespace().any(|token| {
        let parts = words(token);
        parts.iter().enumerate().any(|(i, p)| {
            let hit = (BOILERPLATE_PREFIXES.iter().any(|k| p.starts_with(k))
                && !p.starts_with("commentar"))
                || BOILERPLATE_WORDS.contains(&p.as_str());
            hit && !(i > 0 && STATE_MODIFIERS.contains(&parts[i - 1].as_str()))
        })
    })
}

/// Splits `mainNav-wrapper_2` into `["main", "nav", "wrapper", "2"]`.
fn words(token: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in token.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The text under `root`, one paragraph per block element.
fn render(root: NodeRef<'_, Node>) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => cur.push_str(t),
                    Node::Element(el) => {
                        if node.id() != root.id() && dropped(node, true) {
                            skipping = Some(node.id());
                        } else if BLOCK_TAGS.contains(&el.name()) {
                            flush(&mut cur, &mut paragraphs);
                        } else if CELL_TAGS.contains(&el.name()) {
                            cur.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skipping {
                    if id == node.id() {
                        skipping = None;
                    }
                    continue;
                }
                if let Some(el) = node.value().as_element() {
                    if BLOCK_TAGS.contains(&el.name()) {
                        flush(&mut cur, &mut paragraphs);
                    } else if CELL_TAGS.contains(&el.name()) {
                        cur.push(' ');
                    }
                }
            }
        }
    }
    flush(&mut cur, &mut paragraphs);
    paragraphs.join("\n\n")
}

fn flush(cur: &mut String, paragraphs: &mut Vec<String>) {
    let collapsed = collapse(cur);
    if !collapsed.is_empty() {
        paragraphs.push(collapsed);
    }
    cur.clear();
}

/// Whitespace runs (including no-break spaces) to one space, trimmed;
/// zero-width characters removed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        let word: String = word
            .chars()
            .filter(|c| !matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}'))
            .collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// Meta keys for the publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
    "parsely-pub-date",
    "sailthru.date",
];

fn read_metadata(root: NodeRef<'_, Node>, main: NodeRef<'_, Node>, art: &mut HtmlArticle) {
    let mut og_title = None;
    let mut title_tag = None;
    let mut canonical = None;
    let mut og_url = None;
    // (priority, value) for every declared date
    let mut dates: Vec<(usize, String)> = Vec::new();

    for node in root.descendants() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        match el.name() {
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .map(|k| k.trim().to_ascii_lowercase());
                let (Some(key), Some(content)) = (key, el.attr("content")) else {
                    continue;
                };
                let content = collapse(content);
                if content.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "og:title" | "twitter:title" if og_title.is_none() => og_title = Some(content),
                    "og:site_name" if art.outlet.is_none() => art.outlet = Some(content),
                    "og:url" if og_url.is_none() => og_url = Some(content),
                    k => {
                        if let Some(p) = DATE_KEYS.iter().position(|d| *d == k) {
                            dates.push((p, content));
                        }
                    }
                }
            }
            "title" if title_tag.is_none() => {
                // Only the document title, not an SVG's.
                if node.parent().and_then(|p| element_name(&p)) == Some("head") {
                    let t = collapse(&text_of(node));
                    if !t.is_empty() {
                        title_tag = Some(t);
                    }
                }
            }
            "link" if canonical.is_none() => {
                let is_canonical = el.attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                });
                if is_canonical {
                    canonical = el.attr("href").map(collapse).filter(|h| !h.is_empty());
                }
            }
            _ => {
                // itemprop=datePublished on a non-meta element
                let is_date_published = el.attr("itemprop").is_some_and(|v| {
                    v.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("datePublished"))
                });
                if is_date_published {
                    if let Some(v) = el.attr("content").or_else(|| el.attr("datetime")) {
                        dates.push((2, collapse(v)));
                    }
                }
            }
        }
    }
    dates.sort_by_key(|(p, _)| *p); // stable: document order within a key

    // <time datetime> inside the article, after all metadata.
    for node in main.descendants() {
        if let Some(el) = node.value().as_element() {
            if el.name() == "time" {
                if let Some(v) = el.attr("datetime") {
                    dates.push((DATE_KEYS.len(), collapse(v)));
                }
            }
        }
    }

    for (_, value) in dates {
        match Date::parse(&value) {
            Ok(d) => {
                art.published = Some(d);
                break;
            }
            Err(_) => {
                if !value.is_empty() && !art.unparsed_dates.contains(&value) {
                    art.unparsed_dates.push(value);
                }
            }
        }
    }
    if art.published.is_some() {
        art.unparsed_dates.clear();
    }
    art.title = og_title.or(title_tag);
    art.url = canonical.or(og_url);
}

fn text_of(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_words() {
        assert!(says_boilerplate("comments-section"));
        assert!(says_boilerplate("x mainNav"));
        assert!(says_boilerplate("cookie-banner"));
        assert!(says_boilerplate("related_links"));
        assert!(says_boilerplate("ad"));
        assert!(!says_boilerplate("naval-news"));
        assert!(!says_boilerplate("navy"));
        assert!(!says_boilerplate("has-sidebar"));
        assert!(!says_boilerplate("commentary"));
        assert!(!says_boilerplate("article-body"));
        assert!(!says_boilerplate("header-image-load"));
    }

    #[test]
    fn words_split() {
        assert_eq!(words("mainNav-wrapper_2"), ["main", "nav", "wrapper", "2"]);
    }

    #[test]
    fn blocks_become_paragraphs() {
        let a = html_article(
            "<body><div>One <b>bold</b>\n  move.</div><p>Two&nbsp;&amp; three<br>four</p>\
             <ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table></body>",
        );
        assert_eq!(
            a.text,
            "One bold move.\n\nTwo & three\n\nfour\n\na\n\nb\n\nx y"
        );
    }

    #[test]
    fn very_deep_nesting_is_capped_not_parsed_in_square_time() {
        let src = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        assert_eq!(html_article(&src).text, "deep");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // Deep enough that a recursive walk would overflow a test thread's
        // stack in debug builds; html5ever's own cost grows with depth
        // squared, so not deeper.
        let src = "<div>".repeat(8_000) + "deep" + &"</div>".repeat(8_000);
        assert_eq!(html_article(&src).text, "deep");
    }

    #[test]
    fn aspnet_form_wrapper_is_kept() {
        let a = html_article(
            "<body><form id=aspnetForm><div><p>Uno.</p><p>Dos.</p><p>Tres.</p></div></form>\
             <form class=search><input name=q><p>Search</p></form></body>",
        );
        assert_eq!(a.text, "Uno.\n\nDos.\n\nTres.");
    }
}
