//! JSON Lines corpora, read one line at a time.

use crate::decode::{decode_line, looks_binary, utf16_of, Transcode};
use crate::error::{IngestError, IngestErrorKind, Warning};
use crate::{build_item, Item, Options, TextFormat};
use armswatch_register::Date;
use serde_json::value::RawValue;
use serde_json::Value;
use std::io::{self, BufRead, BufReader};

enum Source<R> {
    Plain(R),
    Utf16(BufReader<Transcode<R>>),
}

impl<R: BufRead> Source<R> {
    fn reader(&mut self) -> &mut dyn BufRead {
        match self {
            Source::Plain(r) => r,
            Source::Utf16(r) => r,
        }
    }
}

/// Iterator over the articles of a JSON Lines corpus; see [`read_corpus`].
pub struct CorpusReader<R> {
    source: Option<Source<R>>,
    /// `path` or `-`, for messages.
    origin: String,
    /// Id prefix for lines without an id: the file stem, or `stdin`.
    stem: String,
    opts: Options,
    line_no: usize,
    buf: Vec<u8>,
    started: bool,
    seen_article: bool,
    done: bool,
}

/// Reads a JSON Lines corpus (one article per line) from `reader`,
/// streaming: only one line is held at a time. `origin` names the input in
/// messages and origins (`corpus.jsonl`, or `-` for standard input); lines
/// without an id get `<file stem>-<hash>` (`stdin-<hash>` for `-`), the
/// hash being the start of the text's SHA-256.
///
/// Each line yields an article or an error naming `origin:line`; a bad line
/// never stops the following ones. Blank lines are skipped.
pub fn read_corpus<R: BufRead>(reader: R, origin: &str, opts: &Options) -> CorpusReader<R> {
    let stem = if origin == "-" {
        "stdin".to_string()
    } else {
        crate::stem_of(std::path::Path::new(origin))
    };
    CorpusReader::new(reader, origin.to_string(), stem, opts.clone())
}

impl<R: BufRead> CorpusReader<R> {
    pub(crate) fn new(reader: R, origin: String, stem: String, opts: Options) -> CorpusReader<R> {
        CorpusReader {
            source: Some(Source::Plain(reader)),
            origin,
            stem,
            opts,
            line_no: 0,
            buf: Vec::new(),
            started: false,
            seen_article: false,
            done: false,
        }
    }

    fn err(&self, input: String, kind: IngestErrorKind) -> Option<Result<Item, IngestError>> {
        Some(Err(IngestError::new(input, kind)))
    }

    /// Sniffs the first bytes: UTF-16 switches to transcoding; binary
    /// content is one error for the whole input rather than one per line.
    fn start(&mut self) -> io::Result<Option<IngestErrorKind>> {
        let Some(Source::Plain(mut r)) = self.source.take() else {
            return Ok(None);
        };
        let head = loop {
            match r.fill_buf() {
                Ok(h) => break h,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.source = Some(Source::Plain(r));
                    return Err(e);
                }
            }
        };
        if let Some(enc) = utf16_of(head) {
            self.source = Some(Source::Utf16(BufReader::new(Transcode::new(r, enc))));
            return Ok(None);
        }
        let problem = if head.is_empty() {
            Some(if self.origin == "-" {
                IngestErrorKind::EmptyStdin
            } else {
                IngestErrorKind::Empty
            })
        } else if looks_binary(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head)) {
            Some(IngestErrorKind::Binary)
        } else {
            None
        };
        self.source = Some(Source::Plain(r));
        Ok(problem)
    }
}

impl<R: BufRead> Iterator for CorpusReader<R> {
    type Item = Result<Item, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            match self.start() {
                Ok(None) => {}
                Ok(Some(kind)) => {
                    self.done = true;
                    return self.err(self.origin.clone(), kind);
                }
                Err(e) => {
                    self.done = true;
                    return self.err(self.origin.clone(), IngestErrorKind::io(e));
                }
            }
        }
        loop {
            let limit = self.opts.max_article_bytes;
            let source = self.source.as_mut()?;
            let read = read_line_limited(source.reader(), &mut self.buf, limit);
            self.line_no += 1;
            let input = format!("{}:{}", self.origin, self.line_no);
            let len = match read {
                Ok(Line::Read(len)) => len,
                Ok(Line::Endless) => {
                    self.done = true;
                    return self.err(input, IngestErrorKind::TooLargeStream { limit });
                }
                Ok(Line::End) => {
                    self.done = true;
                    if !self.seen_article {
                        let kind = if self.origin == "-" {
                            IngestErrorKind::EmptyStdin
                        } else {
                            IngestErrorKind::Empty
                        };
                        return self.err(self.origin.clone(), kind);
                    }
                    return None;
                }
                Err(e) => {
                    // A read error would likely repeat: stop this input.
                    self.done = true;
                    return self.err(input, IngestErrorKind::io(e));
                }
            };
            if len > limit as u64 {
                self.seen_article = true;
                return self.err(input, IngestErrorKind::TooLarge { size: len, limit });
            }
            let mut line: &[u8] = &self.buf;
            if self.line_no == 1 {
                line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.seen_article = true;
            let item = parse_line(line, input, &self.stem, &self.opts);
            // The article is extracted while the next line waits: a buffer
            // as large as a huge article would double its memory.
            if self.buf.capacity() > LINE_BUFFER_KEPT {
                self.buf = Vec::new();
            }
            return Some(item);
        }
    }
}

/// The largest line buffer kept for the next line (bytes).
const LINE_BUFFER_KEPT: usize = 1 << 20;

/// What [`read_line_limited`] found.
enum Line {
    /// A line of this many bytes (only the first `limit + 1` are kept).
    Read(u64),
    /// A line that goes on for more than [`ENDLESS_LINE_FACTOR`] times the
    /// limit: the input is given up (it may be `/dev/zero`-like and never
    /// end).
    Endless,
    End,
}

/// How far past the limit an over-long line is skipped in search of its
/// end before the input is given up.
const ENDLESS_LINE_FACTOR: u64 = 4;

/// Reads one line (without its `\n`/`\r\n`) into `buf`, keeping at most
/// `limit + 1` bytes but counting all of them, so an oversized line costs no
/// memory.
fn read_line_limited(r: &mut dyn BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
    buf.clear();
    let give_up = (limit as u64 + 1).saturating_mul(ENDLESS_LINE_FACTOR + 1);
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (chunk, used, end) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        total += chunk.len() as u64;
        let room = (limit + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        r.consume(used);
        if end {
            break;
        }
        if total > give_up {
            return Ok(Line::Endless);
        }
    }
    if !any {
        return Ok(Line::End);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
        total = total.saturating_sub(1);
    }
    Ok(Line::Read(total))
}

/// The literal text of a numeric `"id"` (`12345678901234567890123` stays
/// as written; through `f64` it would round and collide with its
/// neighbours).
fn numeric_id_literal(line: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct IdOnly<'a> {
        #[serde(borrow)]
        id: &'a RawValue,
    }
    let raw: IdOnly = serde_json::from_str(line).ok()?;
    Some(raw.id.get().to_string())
}

/// One corpus line to an article. A line without an id gets
/// `<stem>-<first 12 hex digits of its content hash>`: the same text gets
/// the same id wherever it is read from, and different texts never share
/// one (line numbers would: two corpora of the same name, or a corpus
/// edited between runs).
fn parse_line(
    bytes: &[u8],
    input: String,
    stem: &str,
    opts: &Options,
) -> Result<Item, IngestError> {
    let fail = |kind| IngestError::new(input.clone(), kind);
    let mut warnings = Vec::new();
    let (line, enc_warning) = decode_line(bytes);
    if let Some(w) = enc_warning {
        warnings.push(Warning::new(input.clone(), w));
    }
    let value: Value = serde_json::from_str(line.trim())
        .map_err(|e| fail(IngestErrorKind::NotJson(e.to_string())))?;
    let Value::Object(obj) = value else {
        return Err(fail(IngestErrorKind::NotObject));
    };
    let text = match obj.get("text") {
        None | Some(Value::Null) => return Err(fail(IngestErrorKind::MissingText)),
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(fail(IngestErrorKind::TextNotString)),
    };
    if text.trim().is_empty() {
        return Err(fail(IngestErrorKind::EmptyText));
    }

    let mut field = |name: &str| -> Option<String> {
        match obj.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            // Numeric ids and years are common enough to take as written.
            Some(Value::Number(n)) if name == "published" => Some(n.to_string()),
            Some(Value::Number(n)) if name == "id" => {
                numeric_id_literal(line.trim()).or_else(|| Some(n.to_string()))
            }
            Some(_) => {
                warnings.push(Warning::new(
                    input.clone(),
                    format!("ignored {name:?}: not a string"),
                ));
                None
            }
        }
    };
    let id = field("id");
    let published_raw = field("published");
    let outlet = field("outlet");
    let title = field("title");
    let url = field("url");
    let format_raw = field("format");

    let format = match format_raw
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None => TextFormat::sniff(text),
        Some("txt" | "text" | "plain") => TextFormat::Plain,
        Some("html" | "htm") => TextFormat::Html,
        Some(other) => {
            warnings.push(Warning::new(
                input.clone(),
                format!("unknown \"format\" {other:?}; read as text"),
            ));
            TextFormat::Plain
        }
    };

    let published: Option<Date> = match published_raw {
        None => None,
        Some(raw) => match Date::parse(&raw) {
            Ok(d) => Some(d),
            Err(_) => {
                warnings.push(Warning::new(
                    input.clone(),
                    format!("unparseable \"published\" date {raw:?}"),
                ));
                None
            }
        },
    };
    let has_id = id.is_some();
    let given = crate::Given {
        id: id.unwrap_or_default(),
        published,
        outlet,
        title,
        url,
    };
    let mut item = build_item(text, format, given, &input, opts, warnings)?;
    if !has_id {
        let hash = &item.doc.content_hash;
        item.doc.id = format!("{stem}-{}", hash.get(..12).unwrap_or(hash));
    }
    Ok(item)
}
