//! RSS 2.0, Atom and JSON Feed documents to article links, via feed-rs.

/// One article a feed points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    /// Absolute http(s) URL of the article page.
    pub url: String,
    pub title: Option<String>,
    /// `YYYY-MM-DD`, from the entry's published (else updated) date.
    pub published: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("{url}: not a readable RSS, Atom or JSON feed: {message}")]
pub struct FeedError {
    pub url: String,
    pub message: String,
}

/// The entries of a feed fetched from `base` (relative links are resolved
/// against it). Entries without a usable http(s) link are left out.
pub fn entries(bytes: &[u8], base: &str) -> Result<Vec<FeedEntry>, FeedError> {
    let fail = |message: String| FeedError {
        url: base.to_string(),
        message,
    };
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(base))
        .build()
        .parse(bytes)
        .map_err(|e| fail(e.to_string()))?;
    let base_url = url::Url::parse(base).map_err(|e| fail(e.to_string()))?;
    Ok(feed
        .entries
        .into_iter()
        .filter_map(|e| entry(e, &base_url))
        .collect())
}

fn entry(e: feed_rs::model::Entry, base: &url::Url) -> Option<FeedEntry> {
    // The article itself: an "alternate" link (Atom) or the plain link
    // (RSS, JSON Feed); never "self", "edit" or enclosures.
    let link = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| e.links.first())?;
    let url = base.join(link.href.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let published = e
        .published
        .or(e.updated)
        .map(|d| d.date_naive().to_string());
    Some(FeedEntry {
        url: url.to_string(),
        title: e
            .title
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty()),
        published,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_json() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>/a/1</link><pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item>
</channel></rss>"#;
        let e = entries(rss, "http://h.example/feed").unwrap();
        assert_eq!(e[0].url, "http://h.example/a/1");
        assert_eq!(e[0].published.as_deref(), Some("2026-03-03"));

        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>x</id>
<updated>2026-01-02T00:00:00Z</updated>
<entry><title>Two</title><id>2</id><link rel="alternate" href="http://h.example/a/2"/>
<updated>2026-01-02T00:00:00Z</updated></entry></feed>"#;
        let e = entries(atom, "http://h.example/atom").unwrap();
        assert_eq!(e[0].url, "http://h.example/a/2");
        assert_eq!(e[0].title.as_deref(), Some("Two"));

        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"T",
"items":[{"id":"3","url":"http://h.example/a/3","date_published":"2026-02-01T08:00:00Z"}]}"#;
        let e = entries(json, "http://h.example/feed.json").unwrap();
        assert_eq!(e[0].url, "http://h.example/a/3");
        assert_eq!(e[0].published.as_deref(), Some("2026-02-01"));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(entries(b"<html><body>oops", "http://h.example/feed").is_err());
        assert!(entries(b"\x00\x01binary", "http://h.example/feed").is_err());
    }
}
