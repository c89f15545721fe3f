//! Reading CoNLL-U treebanks: one [`Sentence`] of syntactic words per
//! block. Multiword-token range lines (`1-2`) and empty nodes (`8.1`) are
//! skipped: heads and relations are over the basic tree of word lines.

use thiserror::Error;

/// A treebank sentence: parallel columns, one entry a word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The `# text = ` comment, when present.
    pub text: Option<String>,
    pub forms: Vec<String>,
    pub lemmas: Vec<String>,
    pub upos: Vec<String>,
    pub xpos: Vec<String>,
    /// 0 for the root, else the 1-based index of the head word.
    pub heads: Vec<usize>,
    pub deprels: Vec<String>,
}

impl Sentence {
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    fn push(&mut self, cols: &[&str], head: usize) {
        self.forms.push(cols[1].to_string());
        self.lemmas.push(cols[2].to_string());
        self.upos.push(cols[3].to_string());
        self.xpos.push(cols[4].to_string());
        self.heads.push(head);
        self.deprels.push(cols[7].to_string());
    }
}

/// A line of a CoNLL-U file that cannot be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConlluError {
    #[error("line {line}: expected 10 tab-separated columns, found {found}")]
    Columns { line: usize, found: usize },
    #[error("line {line}: bad word id {id:?}")]
    Id { line: usize, id: String },
    #[error("line {line}: bad head {head:?}")]
    Head { line: usize, head: String },
    #[error("sentence ending at line {line}: word ids are not 1..n in order")]
    Order { line: usize },
}

/// Parses a whole CoNLL-U text into sentences.
pub fn parse(text: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut last_line = 0;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        last_line = i + 1;
        if line.trim().is_empty() {
            finish(&mut out, &mut cur, last_line)?;
        } else if let Some(t) = line.strip_prefix("# text = ") {
            cur.text = Some(t.to_string());
        } else if !line.starts_with('#') {
            word_line(&mut cur, line, last_line)?;
        }
    }
    finish(&mut out, &mut cur, last_line)?;
    Ok(out)
}

fn finish(out: &mut Vec<Sentence>, cur: &mut Sentence, line: usize) -> Result<(), ConlluError> {
    if cur.is_empty() {
        cur.text = None;
        return Ok(());
    }
    if cur.heads.iter().any(|&h| h > cur.len()) {
        return Err(ConlluError::Order { line });
    }
    out.push(std::mem::take(cur));
    Ok(())
}

fn word_line(cur: &mut Sentence, line: &str, n: usize) -> Result<(), ConlluError> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(ConlluError::Columns {
            line: n,
            found: cols.len(),
        });
    }
    let id = cols[0];
    if id.contains('-') || id.contains('.') {
        return Ok(()); // multiword token range or empty node
    }
    let bad_id = || ConlluError::Id {
        line: n,
        id: id.to_string(),
    };
    let id: usize = id.parse().map_err(|_| bad_id())?;
    if id != cur.len() + 1 {
        return Err(bad_id());
    }
    let head = match cols[6] {
        "_" => 0,
        h => h.parse().map_err(|_| ConlluError::Head {
            line: n,
            head: h.to_string(),
        })?,
    };
    cur.push(&cols, head);
    Ok(())
}
