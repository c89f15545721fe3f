//! The pipeline's first stage: text files, HTML pages, JSON Lines corpora,
//! folders of them, or a corpus on standard input, to [`Document`]s.
//!
//! ```no_run
//! use armswatch_ingest::{read, Input, Options};
//! let inputs = [Input::from_arg("articles/"), Input::from_arg("-")];
//! for result in read(&inputs, &Options::default()) {
//!     match result {
//!         Ok(item) => {
//!             for w in &item.warnings {
//!                 eprintln!("warning: {w}");
//!             }
//!             println!("{}", item.doc.id);
//!         }
//!         Err(e) => eprintln!("{e}"), // "corpus.jsonl:17: missing \"text\""
//!     }
//! }
//! ```
//!
//! Reading streams: a corpus is read one line at a time and a folder one
//! file at a time, so memory is bounded by the largest single article
//! ([`Options::max_article_bytes`]). A bad article yields an error naming it
//! and reading goes on with the next one. Nothing here panics on input.

mod corpus;
mod decode;
mod error;
mod html;
mod nesting;

pub use corpus::{read_corpus, CorpusReader};
pub use error::{IngestError, IngestErrorKind, Warning};
pub use html::{html_article, HtmlArticle};

use armswatch_register::{Date, Document};
use decode::Decoded;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Default for [`Options::max_article_bytes`]: 16 MiB.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 16 * 1024 * 1024;

/// Buffer for corpus files and standard input.
const CORPUS_BUFFER: usize = 64 * 1024;

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A `.txt`/`.html`/`.htm` file, a `.jsonl` corpus, or a folder
    /// (recursive). Any other file is read as text (or HTML, if it looks
    /// like a page).
    Path(PathBuf),
    /// A JSON Lines corpus on standard input.
    Stdin,
}

impl Input {
    /// A command-line argument: `-` is standard input, anything else a path.
    pub fn from_arg(arg: impl AsRef<OsStr>) -> Input {
        let arg = arg.as_ref();
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Publication date for articles that carry none (`--published`).
    pub default_published: Option<Date>,
    /// Largest file or corpus line accepted, in bytes.
    pub max_article_bytes: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            default_published: None,
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

/// An article that was read, with anything the user should be told about it
/// (the article is kept either way).
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub doc: Document,
    pub warnings: Vec<Warning>,
}

/// Hex SHA-256 of a document's text (`Document::content_hash`).
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 0xf)]));
    }
    hex
}

/// A bare document from plain text (for callers that already have text).
pub fn text_document(id: impl Into<String>, text: impl Into<String>) -> Document {
    let text = text.into();
    Document {
        id: id.into(),
        content_hash: content_hash(&text),
        text,
        published: None,
        outlet: None,
        title: None,
        url: None,
        origin: None,
    }
}

/// Reads `inputs` in order, yielding one result per article (or per input
/// that could not be read at all). `-` reads standard input.
pub fn read(inputs: &[Input], opts: &Options) -> Reader {
    let stdin: Box<dyn BufRead + Send> =
        Box::new(BufReader::with_capacity(CORPUS_BUFFER, io::stdin()));
    read_with_stdin(inputs, opts, stdin)
}

/// [`read`], with `stdin` standing in for standard input (for tests and
/// embedding).
pub fn read_with_stdin(inputs: &[Input], opts: &Options, stdin: Box<dyn BufRead + Send>) -> Reader {
    Reader {
        opts: opts.clone(),
        queue: inputs
            .iter()
            .map(|i| match i {
                Input::Stdin => Work::Stdin,
                Input::Path(p) => Work::Explicit(p.clone()),
            })
            .collect(),
        current: None,
        stdin: Some(stdin),
        seen: HashMap::new(),
    }
}

enum Work {
    Stdin,
    /// A path the user named.
    Explicit(PathBuf),
    /// Found while walking the folder `root` (a path the user named); ids
    /// come from the path relative to it.
    Dir {
        path: PathBuf,
        root: PathBuf,
    },
    File {
        path: PathBuf,
        root: PathBuf,
    },
    Failed(IngestError),
}

/// Where an id was first used in a run, and the text it stood for.
struct FirstUse {
    input: String,
    content_hash: String,
}

/// Streaming iterator over articles; see [`read`].
///
/// An id seen before in the same run is an error for the later article
/// ([`IngestErrorKind::RepeatedId`]): one article silently replacing
/// another is how data gets lost.
pub struct Reader {
    opts: Options,
    queue: VecDeque<Work>,
    current: Option<CorpusReader<Box<dyn BufRead + Send>>>,
    stdin: Option<Box<dyn BufRead + Send>>,
    seen: HashMap<String, FirstUse>,
}

impl Iterator for Reader {
    type Item = Result<Item, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        let result = self.next_article()?;
        Some(result.and_then(|item| self.check_repeat(item)))
    }
}

impl Reader {
    /// The article (or error) after `item` is checked against the ids
    /// already read in this run.
    fn check_repeat(&mut self, item: Item) -> Result<Item, IngestError> {
        let input = item.doc.origin.clone().unwrap_or_default();
        match self.seen.get(&item.doc.id) {
            Some(first) => Err(IngestError::new(
                input,
                IngestErrorKind::RepeatedId {
                    id: item.doc.id.clone(),
                    first: first.input.clone(),
                    same_text: first.content_hash == item.doc.content_hash,
                },
            )),
            None => {
                let first = FirstUse {
                    input,
                    content_hash: item.doc.content_hash.clone(),
                };
                self.seen.insert(item.doc.id.clone(), first);
                Ok(item)
            }
        }
    }

    fn next_article(&mut self) -> Option<Result<Item, IngestError>> {
        loop {
            if let Some(corpus) = self.current.as_mut() {
                match corpus.next() {
                    Some(r) => return Some(r),
                    None => self.current = None,
                }
            }
            match self.queue.pop_front()? {
                Work::Failed(e) => return Some(Err(e)),
                Work::Stdin => match self.stdin.take() {
                    Some(s) => {
                        self.current = Some(CorpusReader::new(
                            s,
                            "-".into(),
                            "stdin".into(),
                            self.opts.clone(),
                        ))
                    }
                    None => return Some(Err(IngestError::new("-", IngestErrorKind::StdinTwice))),
                },
                Work::Explicit(path) => match fs::metadata(&path) {
                    Err(e) => {
                        return Some(Err(IngestError::new(
                            path.display().to_string(),
                            IngestErrorKind::io(e),
                        )))
                    }
                    Ok(m) if m.is_dir() => self.expand_dir(&path, &path),
                    Ok(_) => {
                        if let Some(r) = self.open_file(&path, stem_of(&path)) {
                            return Some(r);
                        }
                    }
                },
                Work::Dir { path, root } => self.expand_dir(&path, &root),
                Work::File { path, root } => {
                    if let Some(r) = self.open_file(&path, relative_id(&path, &root)) {
                        return Some(r);
                    }
                }
            }
        }
    }

    /// Queues a folder's entries, sorted by name, ahead of what follows, so
    /// the walk is depth-first and deterministic. Hidden entries and files
    /// of other types are skipped; symlinked folders are not followed (they
    /// could loop).
    fn expand_dir(&mut self, dir: &Path, root: &Path) {
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                self.queue.push_front(Work::Failed(IngestError::new(
                    dir.display().to_string(),
                    IngestErrorKind::io(e),
                )));
                return;
            }
        };
        let mut found: Vec<(std::ffi::OsString, Work)> = Vec::new();
        let mut failed = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    failed.push(Work::Failed(IngestError::new(
                        dir.display().to_string(),
                        IngestErrorKind::io(e),
                    )));
                    continue;
                }
            };
            let name = entry.file_name();
            if name.as_encoded_bytes().first() == Some(&b'.') {
                continue;
            }
            let path = entry.path();
            let root = root.to_path_buf();
            let Ok(ft) = entry.file_type() else {
                found.push((name, Work::File { path, root }));
                continue;
            };
            let is_file = if ft.is_symlink() {
                fs::metadata(&path).map(|m| m.is_file()).unwrap_or(false)
            } else if ft.is_dir() {
                found.push((name, Work::Dir { path, root }));
                continue;
            } else {
                ft.is_file()
            };
            if is_file && FileKind::of(&path).is_some_and(|k| k.in_folders()) {
                found.push((name, Work::File { path, root }));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, work) in found.into_iter().rev() {
            self.queue.push_front(work);
        }
        for work in failed.into_iter().rev() {
            self.queue.push_front(work);
        }
    }

    /// Starts a corpus (returns `None`; its lines follow) or reads a
    /// single-article file. `id` is the file's id (a corpus's id prefix).
    fn open_file(&mut self, path: &Path, id: String) -> Option<Result<Item, IngestError>> {
        let kind = FileKind::of(path).unwrap_or(FileKind::Unknown);
        if kind != FileKind::Corpus {
            return Some(read_article_file(path, kind, id, &self.opts));
        }
        let origin = path.display().to_string();
        match File::open(path) {
            Ok(f) => {
                let reader: Box<dyn BufRead + Send> =
                    Box::new(BufReader::with_capacity(CORPUS_BUFFER, f));
                self.current = Some(CorpusReader::new(reader, origin, id, self.opts.clone()));
                None
            }
            Err(e) => Some(Err(IngestError::new(origin, IngestErrorKind::io(e)))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Plain,
    Html,
    Corpus,
    /// Named explicitly with another extension: sniffed.
    Unknown,
}

impl FileKind {
    fn of(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => FileKind::Plain,
            "html" | "htm" | "xhtml" => FileKind::Html,
            "jsonl" | "ndjson" => FileKind::Corpus,
            _ => return None,
        })
    }

    /// What a folder walk picks up.
    fn in_folders(self) -> bool {
        self != FileKind::Unknown
    }
}

/// How an article's text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextFormat {
    Plain,
    Html,
}

impl TextFormat {
    /// HTML when the text opens like a page.
    pub(crate) fn sniff(text: &str) -> TextFormat {
        let start = text.trim_start();
        let head: String = start.chars().take(1024).collect::<String>().to_lowercase();
        if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || (head.starts_with('<') && head.contains("<html"))
        {
            TextFormat::Html
        } else {
            TextFormat::Plain
        }
    }
}

/// What the input itself says about an article, before the text is read.
pub(crate) struct Given {
    pub id: String,
    pub published: Option<Date>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
}

/// The file's name without extension (the document id for files).
pub(crate) fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "doc".to_string())
}

/// The id of a file found under the folder `root`: its path relative to
/// `root` without the extension, `/`-separated (`a/story` for
/// `root/a/story.txt`), so that files of the same name in different
/// sub-folders stay apart.
fn relative_id(path: &Path, root: &Path) -> String {
    let Ok(rel) = path.strip_prefix(root) else {
        return stem_of(path);
    };
    let mut parts: Vec<String> = rel
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.push(stem_of(path));
    parts.join("/")
}

/// Plain text as stored: line ends unified, outer whitespace trimmed.
fn normalise_plain(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// `raw` without NUL characters, with a warning if there were any: one
/// stray NUL is a damaged byte, not a reason to lose the article, and
/// SQLite and C tools cut text at it.
fn without_nuls<'a>(raw: &'a str, input: &str, warnings: &mut Vec<Warning>) -> Cow<'a, str> {
    let nuls = raw.bytes().filter(|&b| b == 0).count();
    if nuls == 0 {
        return Cow::Borrowed(raw);
    }
    warnings.push(Warning::new(
        input,
        format!("{nuls} NUL character(s) removed"),
    ));
    Cow::Owned(raw.replace('\0', ""))
}

/// Text plus what is known of it to an [`Item`]. HTML metadata fills only
/// what the input did not give; `opts.default_published` comes last.
pub(crate) fn build_item(
    raw: &str,
    format: TextFormat,
    given: Given,
    input: &str,
    opts: &Options,
    mut warnings: Vec<Warning>,
) -> Result<Item, IngestError> {
    let raw = without_nuls(raw, input, &mut warnings);
    let raw = raw.as_ref();
    let (text, page) = match format {
        TextFormat::Plain => (normalise_plain(raw), None),
        TextFormat::Html => {
            let mut page = html_article(raw);
            (std::mem::take(&mut page.text), Some(page))
        }
    };
    if text.is_empty() {
        let kind = match format {
            TextFormat::Plain => IngestErrorKind::Empty,
            TextFormat::Html => IngestErrorKind::NoArticleText,
        };
        return Err(IngestError::new(input, kind));
    }
    let mut doc = Document {
        id: given.id,
        content_hash: content_hash(&text),
        text,
        published: given.published,
        outlet: given.outlet,
        title: given.title,
        url: given.url,
        origin: Some(input.to_string()),
    };
    if let Some(page) = page {
        doc.title = doc.title.or(page.title);
        doc.outlet = doc.outlet.or(page.outlet);
        doc.url = doc.url.or(page.url);
        if doc.published.is_none() {
            doc.published = page.published;
        }
        if doc.published.is_none() {
            if let Some(bad) = page.unparsed_dates.first() {
                warnings.push(Warning::new(
                    input,
                    format!("unparseable published date {bad:?} in page metadata"),
                ));
            }
        }
    }
    if doc.published.is_none() {
        doc.published = opts.default_published;
    }
    Ok(Item { doc, warnings })
}

/// Reads one text or HTML file.
fn read_article_file(
    path: &Path,
    kind: FileKind,
    id: String,
    opts: &Options,
) -> Result<Item, IngestError> {
    let input = path.display().to_string();
    let fail = |kind| IngestError::new(input.clone(), kind);
    let limit = opts.max_article_bytes;
    let mut file = File::open(path).map_err(|e| fail(IngestErrorKind::io(e)))?;
    if let Ok(meta) = file.metadata() {
        if meta.is_file() && meta.len() > limit as u64 {
            return Err(fail(IngestErrorKind::TooLarge {
                size: meta.len(),
                limit,
            }));
        }
    }
    // Bounded read: the size check above does not cover pipes or files
    // that grow while being read.
    let mut bytes = Vec::new();
    (&mut file)
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(IngestErrorKind::io(e)))?;
    if bytes.len() > limit {
        return Err(fail(IngestErrorKind::TooLargeStream { limit }));
    }
    article_from_bytes(bytes, kind, id, &input, opts)
}

/// One file's bytes to an article: decoded, sniffed, HTML read. `name`
/// decides the format by its extension (`.txt`, `.html`; anything else is
/// sniffed) and gives the id (its stem); `input` names it in messages.
pub fn article_bytes(
    bytes: &[u8],
    name: &str,
    input: &str,
    opts: &Options,
) -> Result<Item, IngestError> {
    let path = Path::new(name);
    let kind = match FileKind::of(path) {
        Some(FileKind::Corpus) | None => FileKind::Unknown,
        Some(k) => k,
    };
    article_from_bytes(bytes.to_vec(), kind, stem_of(path), input, opts)
}

fn article_from_bytes(
    bytes: Vec<u8>,
    kind: FileKind,
    id: String,
    input: &str,
    opts: &Options,
) -> Result<Item, IngestError> {
    let fail = |kind| IngestError::new(input, kind);
    if bytes.is_empty() {
        return Err(fail(IngestErrorKind::Empty));
    }
    let (text, enc_warning) = match decode::decode(&bytes, kind != FileKind::Plain) {
        Decoded::Binary => return Err(fail(IngestErrorKind::Binary)),
        Decoded::Text(t, w) => (t, w),
    };
    drop(bytes);
    if text.trim().is_empty() {
        return Err(fail(IngestErrorKind::Empty));
    }
    let format = match kind {
        FileKind::Html => TextFormat::Html,
        FileKind::Unknown => TextFormat::sniff(&text),
        FileKind::Plain | FileKind::Corpus => TextFormat::Plain,
    };
    let warnings = enc_warning
        .map(|w| vec![Warning::new(input, w)])
        .unwrap_or_default();
    let given = Given {
        id,
        published: None,
        outlet: None,
        title: None,
        url: None,
    };
    build_item(&text, format, given, input, opts, warnings)
}
