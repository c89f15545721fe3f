//! Errors and warnings, each naming the input it is about.

use std::fmt;

/// An article (or a whole input) that could not be read. `Display` gives one
/// line: `<input>: <reason>`, where the input is a path, `path:line` for a
/// corpus line, or `-:line` for standard input. The reason is part of the
/// message and not also a `source()`: a printed chain would repeat it.
#[derive(Debug, thiserror::Error)]
#[error("{input}: {kind}")]
pub struct IngestError {
    pub input: String,
    pub kind: IngestErrorKind,
}

impl IngestError {
    pub fn new(input: impl Into<String>, kind: IngestErrorKind) -> IngestError {
        IngestError {
            input: input.into(),
            kind,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IngestErrorKind {
    #[error("no such file or folder")]
    NotFound,
    #[error("cannot read: {0}")]
    Io(std::io::Error),
    #[error("empty file")]
    Empty,
    #[error("nothing on standard input (expected JSON Lines)")]
    EmptyStdin,
    #[error("standard input was already read")]
    StdinTwice,
    #[error("binary file")]
    Binary,
    #[error("too large ({size} bytes; limit {limit}, set --max-article-bytes)")]
    TooLarge { size: u64, limit: usize },
    /// A stream (pipe, device) that went on past the limit; it is not read
    /// to its end, which may never come (`/dev/zero`).
    #[error("too large (more than {limit} bytes, not read further; set --max-article-bytes)")]
    TooLargeStream { limit: usize },
    #[error(
        "id {id:?} was already used by {first} in this run ({}); this article was not read",
        if *same_text { "same text" } else { "different text: give one of them another id" }
    )]
    RepeatedId {
        id: String,
        first: String,
        same_text: bool,
    },
    #[error("no article text after removing navigation and scripts")]
    NoArticleText,
    /// The JSON parser's message ("expected value at line 1 column 1").
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a JSON object")]
    NotObject,
    #[error("missing \"text\"")]
    MissingText,
    #[error("\"text\" is not a string")]
    TextNotString,
    #[error("empty \"text\"")]
    EmptyText,
}

impl IngestErrorKind {
    pub(crate) fn io(e: std::io::Error) -> IngestErrorKind {
        if e.kind() == std::io::ErrorKind::NotFound {
            IngestErrorKind::NotFound
        } else {
            IngestErrorKind::Io(e)
        }
    }
}

/// Something the user should know about an article that was still read
/// (an unparseable date, a guessed encoding, an ignored field).
/// `Display` gives `<input>: <message>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub input: String,
    pub message: String,
}

impl Warning {
    pub fn new(input: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            input: input.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.message)
    }
}
