//! The model file: `AWPARSE\0`, a format version, then sections (tagger
//! classes, tag dictionary, tagger weights, relation labels, parser
//! weights, lemma table and rules, word clusters), each named by four
//! bytes, and a checksum of everything before it. Integers are LEB128
//! varints (weights zig-zag encoded, feature keys delta encoded), so the
//! mostly small quantized weights take one or two bytes. Every collection
//! is written sorted: the same model always gives the same bytes.

use crate::lemma::{Entry, Lemmatizer, Rule};
use crate::parser::{self, Parser};
use crate::tagger::{TagSet, Tagger};
use crate::upos::Upos;
use crate::weights::{Builder, Cell, Weights};
use crate::Model;
use rustc_hash::FxHashMap;
use thiserror::Error;

const MAGIC: &[u8; 8] = b"AWPARSE\0";
pub const VERSION: u32 = 1;

/// Why model bytes cannot be decoded.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a parser model (bad magic bytes)")]
    BadMagic,
    #[error("model format version {found}; this build reads version {supported}")]
    Version { found: u32, supported: u32 },
    #[error("model file truncated in section {section}")]
    Truncated { section: &'static str },
    #[error("model file corrupt in section {section}: {what}")]
    Corrupt {
        section: &'static str,
        what: &'static str,
    },
    #[error("model file checksum mismatch")]
    Checksum,
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = crate::hash::mix(h, u64::from_le_bytes(word));
    }
    crate::hash::finish(h ^ bytes.len() as u64)
}

struct Writer(Vec<u8>);

impl Writer {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn len(&mut self, n: usize) {
        self.varint(n as u64);
    }

    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn section(&mut self, name: &[u8; 4]) {
        self.0.extend_from_slice(name);
    }

    fn weights(&mut self, w: &Weights) {
        self.len(w.n_classes());
        self.len(w.len());
        let mut prev = 0u32;
        for (key, cells) in w.rows() {
            self.varint(u64::from(key - prev));
            prev = key;
            self.len(cells.len());
            for c in cells {
                self.0.push(c.class);
                let v = i64::from(c.value);
                self.varint(((v << 1) ^ (v >> 63)) as u64);
            }
        }
    }
}

/// Encodes a model.
pub fn encode(m: &Model) -> Vec<u8> {
    let mut w = Writer(MAGIC.to_vec());
    w.0.extend_from_slice(&VERSION.to_le_bytes());
    tags(&mut w, &m.tagger.tags);
    w.section(b"DICT");
    let mut dict: Vec<(u64, u8)> = m.tagger.dict.iter().map(|(&k, &v)| (k, v)).collect();
    dict.sort_unstable();
    w.len(dict.len());
    for (k, c) in dict {
        w.0.extend_from_slice(&k.to_le_bytes());
        w.0.push(c);
    }
    w.section(b"AMBC");
    let mut lexicon: Vec<(u64, u64)> = m.tagger.lexicon.iter().map(|(&k, &v)| (k, v)).collect();
    lexicon.sort_unstable();
    w.len(lexicon.len());
    for (k, c) in lexicon {
        w.0.extend_from_slice(&k.to_le_bytes());
        w.0.extend_from_slice(&c.to_le_bytes());
    }
    w.section(b"TWGT");
    w.weights(&m.tagger.weights);
    w.section(b"LABS");
    w.len(m.parser.labels.len());
    m.parser.labels.iter().for_each(|l| w.str(l));
    w.section(b"PWGT");
    w.weights(&m.parser.weights);
    lemmas(&mut w, &m.lemmatizer);
    w.section(b"CLUS");
    let mut clusters: Vec<(u64, u64)> = m.clusters.iter().map(|(&k, &v)| (k, v)).collect();
    clusters.sort_unstable();
    w.len(clusters.len());
    for (k, c) in clusters {
        w.0.extend_from_slice(&k.to_le_bytes());
        w.varint(c);
    }
    w.section(b"END!");
    let sum = checksum(&w.0);
    w.0.extend_from_slice(&sum.to_le_bytes());
    w.0
}

fn tags(w: &mut Writer, t: &TagSet) {
    w.section(b"TAGS");
    w.len(t.len());
    for (u, x) in t.upos.iter().zip(&t.xpos) {
        w.0.push(u.code());
        w.0.push(*x);
    }
    w.len(t.xpos_names.len());
    t.xpos_names.iter().for_each(|x| w.str(x));
}

fn lemmas(w: &mut Writer, l: &Lemmatizer) {
    w.section(b"LEMM");
    w.len(l.entries().len());
    for e in l.entries() {
        w.str(&e.form);
        w.0.push(e.upos.code());
        w.str(&e.lemma);
    }
    w.len(l.rules().len());
    for r in l.rules() {
        w.0.push(r.upos.code());
        w.str(&r.suffix);
        w.0.push(r.strip);
        w.str(&r.append);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    section: &'static str,
}

impl<'a> Reader<'a> {
    fn truncated(&self) -> ModelError {
        ModelError::Truncated {
            section: self.section,
        }
    }

    fn corrupt(&self, what: &'static str) -> ModelError {
        ModelError::Corrupt {
            section: self.section,
            what,
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).ok_or_else(|| self.truncated())?;
        let out = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| self.truncated())?;
        self.pos = end;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }

    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.corrupt("varint too long"))
    }

    /// A count of items of at least `min_bytes` each (bounded by what is left).
    fn count(&mut self, min_bytes: usize) -> Result<usize, ModelError> {
        let n = self.varint()?;
        let left = (self.bytes.len() - self.pos) as u64;
        if n.saturating_mul(min_bytes as u64) > left {
            return Err(self.truncated());
        }
        Ok(n as usize)
    }

    fn str(&mut self) -> Result<String, ModelError> {
        let n = self.count(1)?;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.corrupt("string not UTF-8"))
    }

    fn section(&mut self, name: &'static str) -> Result<(), ModelError> {
        self.section = name;
        if self.take(4)? != name.as_bytes() {
            return Err(self.corrupt("section name"));
        }
        Ok(())
    }

    fn upos(&mut self) -> Result<Upos, ModelError> {
        let c = self.u8()?;
        Upos::from_code(c).ok_or_else(|| self.corrupt("UPOS code"))
    }

    fn weights(&mut self) -> Result<Weights, ModelError> {
        let n_classes = self.count(0)?;
        if n_classes == 0 || n_classes > 256 {
            return Err(self.corrupt("class count"));
        }
        let n_rows = self.count(2)?;
        let mut b = Builder::new(n_classes, n_rows, (self.bytes.len() - self.pos) / 2);
        let mut key = 0u32;
        let mut row = Vec::new();
        for i in 0..n_rows {
            let delta = u32::try_from(self.varint()?).map_err(|_| self.corrupt("key"))?;
            key = key.checked_add(delta).ok_or_else(|| self.corrupt("key"))?;
            if key == 0 || (i > 0 && delta == 0) {
                return Err(self.corrupt("keys not increasing"));
            }
            self.row(n_classes, &mut row)?;
            b.push(key, row.iter().copied());
        }
        Ok(b.finish())
    }

    fn row(&mut self, n_classes: usize, cells: &mut Vec<Cell>) -> Result<(), ModelError> {
        let len = self.count(2)?;
        if len > 255 {
            return Err(self.corrupt("row too long"));
        }
        cells.clear();
        for _ in 0..len {
            let class = self.u8()?;
            let z = self.varint()?;
            let v = ((z >> 1) as i64) ^ -((z & 1) as i64);
            let value = i16::try_from(v).map_err(|_| self.corrupt("weight"))?;
            if usize::from(class) >= n_classes {
                return Err(self.corrupt("class out of range"));
            }
            cells.push(Cell { class, value });
        }
        Ok(())
    }
}

/// Decodes a model, checking every count, index and the checksum.
pub fn decode(bytes: &[u8]) -> Result<Model, ModelError> {
    if bytes.len() < 12 || &bytes[..8] != MAGIC {
        return Err(ModelError::BadMagic);
    }
    let mut v = [0u8; 4];
    v.copy_from_slice(&bytes[8..12]);
    let found = u32::from_le_bytes(v);
    if found != VERSION {
        return Err(ModelError::Version {
            found,
            supported: VERSION,
        });
    }
    let body = bytes.len().checked_sub(8).ok_or(ModelError::Checksum)?;
    let mut sum = [0u8; 8];
    sum.copy_from_slice(&bytes[body..]);
    if body < 12 || checksum(&bytes[..body]) != u64::from_le_bytes(sum) {
        return Err(ModelError::Checksum);
    }
    let mut r = Reader {
        bytes: &bytes[..body],
        pos: 12,
        section: "header",
    };
    let model = read_model(&mut r)?;
    r.section("END!")?;
    if r.pos != body {
        return Err(r.corrupt("trailing bytes"));
    }
    Ok(model)
}

fn read_model(r: &mut Reader) -> Result<Model, ModelError> {
    let tags = read_tags(r)?;
    let dict = read_dict(r, tags.len())?;
    r.section("AMBC")?;
    let n = r.count(16)?;
    let mut lexicon = FxHashMap::default();
    for _ in 0..n {
        let k = r.u64()?;
        lexicon.insert(k, r.u64()?);
    }
    r.section("TWGT")?;
    let tweights = r.weights()?;
    if tweights.n_classes() != tags.len() {
        return Err(r.corrupt("tagger classes"));
    }
    r.section("LABS")?;
    let n = r.count(1)?;
    let labels = (0..n).map(|_| r.str()).collect::<Result<Vec<_>, _>>()?;
    if labels.len() > 127 {
        return Err(r.corrupt("too many labels"));
    }
    r.section("PWGT")?;
    let pweights = r.weights()?;
    if pweights.n_classes() != parser::n_classes(labels.len()) {
        return Err(r.corrupt("parser classes"));
    }
    let lemmatizer = read_lemmas(r)?;
    let clusters = read_clusters(r)?;
    let tagger = Tagger {
        tags,
        dict,
        lexicon,
        weights: tweights,
    };
    let parser = Parser {
        labels,
        weights: pweights,
    };
    Ok(Model::assemble(tagger, parser, lemmatizer, clusters))
}

fn read_tags(r: &mut Reader) -> Result<TagSet, ModelError> {
    r.section("TAGS")?;
    let n = r.count(2)?;
    let mut t = TagSet::default();
    for _ in 0..n {
        t.upos.push(r.upos()?);
        t.xpos.push(r.u8()?);
    }
    let names = r.count(1)?;
    t.xpos_names = (0..names).map(|_| r.str()).collect::<Result<_, _>>()?;
    if n == 0 || t.xpos.iter().any(|&x| usize::from(x) >= names) {
        return Err(r.corrupt("tag classes"));
    }
    Ok(t)
}

fn read_dict(r: &mut Reader, n_tags: usize) -> Result<FxHashMap<u64, u8>, ModelError> {
    r.section("DICT")?;
    let n = r.count(9)?;
    let mut dict = FxHashMap::default();
    for _ in 0..n {
        let k = r.u64()?;
        let c = r.u8()?;
        if usize::from(c) >= n_tags {
            return Err(r.corrupt("tag class"));
        }
        dict.insert(k, c);
    }
    Ok(dict)
}

fn read_lemmas(r: &mut Reader) -> Result<Lemmatizer, ModelError> {
    r.section("LEMM")?;
    let n = r.count(3)?;
    let mut entries = Vec::with_capacity(n);
    for _ in 0..n {
        let form = r.str()?;
        let upos = r.upos()?;
        let lemma = r.str()?;
        entries.push(Entry { form, upos, lemma });
    }
    let n = r.count(4)?;
    let mut rules = Vec::with_capacity(n);
    for _ in 0..n {
        let upos = r.upos()?;
        let suffix = r.str()?;
        let strip = r.u8()?;
        let append = r.str()?;
        rules.push(Rule {
            upos,
            suffix,
            strip,
            append,
        });
    }
    Ok(Lemmatizer::new(entries, rules))
}

fn read_clusters(r: &mut Reader) -> Result<FxHashMap<u64, u64>, ModelError> {
    r.section("CLUS")?;
    let n = r.count(9)?;
    let mut out = FxHashMap::default();
    for _ in 0..n {
        let k = r.u64()?;
        let c = r.varint()?;
        out.insert(k, c);
    }
    Ok(out)
}
