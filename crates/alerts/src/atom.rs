//! An alert's matches as an Atom 1.0 feed (RFC 4287), written with
//! quick-xml so every text and attribute is escaped.

use crate::book::{Alert, Match};
use crate::observer::entry_id;
use crate::AlertError;
use armswatch_register::{Actor, Fact, Record, System};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::io;

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// The feed of `alert` with `matches` (newest first, as
/// [`crate::matches`] gives them). `self_href` is the feed's own URL.
pub fn feed(alert: &Alert, matches: &[Match], self_href: &str) -> Result<String, AlertError> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let updated = matches
        .first()
        .map_or(alert.created_at.as_str(), |m| m.matched_at.as_str());
    w.create_element("feed")
        .with_attribute(("xmlns", ATOM_NS))
        .write_inner_content(|w| {
            text(w, "id", &format!("urn:armswatch:alert:{}", alert.name))?;
            text(w, "title", &format!("armswatch alert: {}", alert.name))?;
            text(w, "subtitle", &alert.filters.describe())?;
            text(w, "updated", updated)?;
            link(w, "self", self_href)?;
            w.create_element("author")
                .write_inner_content(|w| text(w, "name", "armswatch"))?;
            text(w, "generator", "armswatch")?;
            for m in matches {
                entry(w, m)?;
            }
            Ok(())
        })?;
    String::from_utf8(w.into_inner()).map_err(|e| AlertError::Xml(io::Error::other(e)))
}

fn entry(w: &mut Writer<Vec<u8>>, m: &Match) -> io::Result<()> {
    w.create_element("entry").write_inner_content(|w| {
        text(w, "id", &entry_id(&m.alert, &m.record_key))?;
        text(w, "title", &headline(&m.record))?;
        text(w, "updated", &m.matched_at)?;
        link(w, "alternate", &document_href(m))?;
        if let Some(sentence) = m.record.evidence.first() {
            text(w, "summary", &sentence.text)?;
        }
        w.create_element("content")
            .with_attribute(("type", "text"))
            .write_text_content(BytesText::new(&xml_safe(&details(m))))?;
        Ok(())
    })?;
    Ok(())
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(&xml_safe(value)))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("href", xml_safe(href).as_str()))
        .write_empty()?;
    Ok(())
}

/// The article's own URL when it has a web one, else its page here.
fn document_href(m: &Match) -> String {
    match &m.doc_url {
        Some(u) if u.starts_with("http://") || u.starts_with("https://") => u.clone(),
        _ => format!("/documents/{}", path_segment(&m.doc)),
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// XML 1.0 cannot carry most control characters, escaped or not; an
/// article may hold them. They are dropped.
fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        })
        .collect()
}

/// A record in one line: who, what, in what state.
pub fn headline(r: &Record) -> String {
    match &r.fact {
        Fact::Transfer(t) => {
            let mut s = format!(
                "{} → {}: {}, {}",
                names(&t.suppliers),
                t.recipient.label(),
                system(&t.system),
                t.status.as_str()
            );
            if let Some(v) = &t.value {
                s.push_str(&format!(", {}", v.label()));
            }
            s
        }
        Fact::Contest(c) => {
            let mut s = format!(
                "Contest: {} for {}, {}",
                c.buyer.label(),
                system(&c.item),
                c.status.as_str()
            );
            if let Some(w) = &c.winner {
                s.push_str(&format!(", won by {}", w.label()));
            }
            s
        }
        Fact::Engagement(e) => format!("{}: {}", e.kind.as_str(), names(&e.parties)),
        Fact::Entity(e) => e.name.clone(),
    }
}

fn names(actors: &[Actor]) -> String {
    if actors.is_empty() {
        "unknown".to_string()
    } else {
        Actor::labels(actors)
    }
}

fn system(s: &System) -> String {
    let what = s.name.as_deref().or(s.description.as_deref()).unwrap_or("");
    if what.is_empty() {
        s.category.as_str().to_string()
    } else {
        format!("{what} ({})", s.category.as_str())
    }
}

/// The entry's text: the headline, the article, the sentence, the sources.
fn details(m: &Match) -> String {
    let mut s = headline(&m.record);
    s.push_str(&format!("\nKind: {}", m.record.kind().as_str()));
    s.push_str(&format!("\nArticle: {}", m.doc));
    if let Some(t) = &m.doc_title {
        s.push_str(&format!(" ({t})"));
    }
    for e in &m.record.evidence {
        s.push_str(&format!("\nSentence: {}", e.text));
    }
    if !m.record.sources.is_empty() {
        s.push_str(&format!("\nSources: {}", m.record.sources.join("; ")));
    }
    s.push_str(&format!("\nMatched: {}", m.matched_at));
    s
}
