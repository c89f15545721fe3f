//! Sitemaps (sitemaps.org 0.9), for sites without a feed: a `<urlset>`
//! lists article pages (`<loc>`, `<lastmod>`), a `<sitemapindex>` lists
//! other sitemaps. Recognised by the document's root element, never by
//! the file's name.

use crate::feed::FeedEntry;
use quick_xml::events::Event;
use quick_xml::Reader;

/// What a sitemap lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// Article pages, in document order, each URL once.
    Pages(Vec<FeedEntry>),
    /// Child sitemaps' URLs.
    Index(Vec<String>),
}

#[derive(Debug, thiserror::Error)]
#[error("{url}: not a readable sitemap: {message}")]
pub struct SitemapError {
    pub url: String,
    pub message: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Root {
    UrlSet,
    Index,
}

/// The sitemap kind of a document, from its first element (None: not a
/// sitemap, or not XML).
fn root(bytes: &[u8]) -> Option<Root> {
    let mut r = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) => {
                return match e.local_name().as_ref() {
                    b"urlset" => Some(Root::UrlSet),
                    b"sitemapindex" => Some(Root::Index),
                    _ => None,
                };
            }
            Event::Eof => return None,
            _ => buf.clear(),
        }
    }
}

/// Whether `bytes` is a sitemap (urlset or index).
pub fn is_sitemap(bytes: &[u8]) -> bool {
    root(bytes).is_some()
}

/// One `<url>` or `<sitemap>` being read.
#[derive(Default)]
struct Item {
    loc: Option<String>,
    lastmod: Option<String>,
}

/// The pages or child sitemaps of a sitemap fetched from `base` (relative
/// locations are resolved against it; only http(s) ones are kept).
pub fn parse(bytes: &[u8], base: &str) -> Result<Sitemap, SitemapError> {
    let fail = |message: String| SitemapError {
        url: base.to_string(),
        message,
    };
    let kind = root(bytes).ok_or_else(|| fail("no <urlset> or <sitemapindex> root".into()))?;
    let base_url = url::Url::parse(base).map_err(|e| fail(e.to_string()))?;
    let items = items(bytes).map_err(fail)?;
    let mut seen = std::collections::HashSet::new();
    let resolved = items.into_iter().filter_map(|it| {
        let url = base_url.join(it.loc?.trim()).ok()?;
        let fresh = matches!(url.scheme(), "http" | "https") && seen.insert(url.to_string());
        fresh.then(|| (url.to_string(), it.lastmod.and_then(|d| day(&d))))
    });
    Ok(match kind {
        Root::Index => Sitemap::Index(resolved.map(|(u, _)| u).collect()),
        Root::UrlSet => Sitemap::Pages(
            resolved
                .map(|(url, published)| FeedEntry {
                    url,
                    title: None,
                    published,
                })
                .collect(),
        ),
    })
}

/// Every `<url>` / `<sitemap>` with its `<loc>` and `<lastmod>` text.
fn items(bytes: &[u8]) -> Result<Vec<Item>, String> {
    let mut r = Reader::from_reader(bytes);
    r.config_mut().trim_text(true);
    let (mut buf, mut out) = (Vec::new(), Vec::new());
    let mut current: Option<Item> = None;
    let mut field: Option<Vec<u8>> = None;
    loop {
        match r.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) => match e.local_name().as_ref() {
                b"url" | b"sitemap" => current = Some(Item::default()),
                name @ (b"loc" | b"lastmod") => field = Some(name.to_vec()),
                _ => {}
            },
            Event::Text(t) => {
                let text = t.decode().map_err(|e| e.to_string())?;
                add(&mut current, field.as_deref(), &text);
            }
            Event::CData(t) => {
                add(&mut current, field.as_deref(), &String::from_utf8_lossy(&t));
            }
            // `&amp;` and `&#38;` come apart from the text around them.
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("unknown entity &{name};"))?
                            .to_string()
                    }
                };
                add(&mut current, field.as_deref(), &c);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"url" | b"sitemap" => out.extend(current.take()),
                b"loc" | b"lastmod" => field = None,
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {}
        }
        buf.clear();
    }
}

fn add(item: &mut Option<Item>, field: Option<&[u8]>, text: &str) {
    let Some(it) = item.as_mut() else { return };
    let slot = match field {
        Some(b"loc") => &mut it.loc,
        Some(b"lastmod") => &mut it.lastmod,
        _ => return,
    };
    slot.get_or_insert_with(String::new).push_str(text);
}

/// `YYYY-MM-DD` of a W3C datetime (`2026-03-03`, `2026-03-03T10:00:00Z`).
fn day(lastmod: &str) -> Option<String> {
    let d = lastmod.trim().get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| match i {
        4 | 7 => *c == b'-',
        _ => c.is_ascii_digit(),
    });
    ok.then(|| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlset_and_index_by_root_element() {
        let set = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>http://h.example/a/1</loc><lastmod>2026-03-03T10:00:00+00:00</lastmod></url>
 <url><loc>/a/2?x=1&amp;y=2</loc></url>
 <url><loc>http://h.example/a/1</loc></url>
 <url><loc>ftp://h.example/file</loc></url>
</urlset>"#;
        let Sitemap::Pages(p) = parse(set, "http://h.example/feed.txt").unwrap() else {
            panic!("a urlset")
        };
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].published.as_deref(), Some("2026-03-03"));
        assert_eq!(p[1].url, "http://h.example/a/2?x=1&y=2");
        assert_eq!(p[1].published, None);

        let index = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://h.example/s1.xml</loc></sitemap><sitemap><loc>s2</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            parse(index, "http://h.example/x").unwrap(),
            Sitemap::Index(vec![
                "http://h.example/s1.xml".into(),
                "http://h.example/s2".into()
            ])
        );
    }

    #[test]
    fn feeds_and_pages_are_not_sitemaps() {
        assert!(!is_sitemap(
            b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>"
        ));
        assert!(!is_sitemap(b"<html><body>urlset</body></html>"));
        assert!(!is_sitemap(b"{\"version\": \"urlset\"}"));
        assert!(is_sitemap(b"<!-- x --><urlset/>"));
        assert!(parse(b"<feed/>", "http://h.example/").is_err());
    }
}
