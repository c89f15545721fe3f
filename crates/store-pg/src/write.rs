//! Writes: documents with their records, and re-extracted records.
//!
//! Each write is one transaction of a few statements whatever the batch
//! size (rows go in as arrays through `unnest`): round trips to a server,
//! unlike calls into SQLite, cost more than the rows.

use crate::Ctx;
use armswatch_register::{Document, Record};
use armswatch_store::flat::Flat;
use armswatch_store::review::entry_keys;
use armswatch_store::{PutSummary, Replaced, StoreError};
use postgres::{Client, Transaction};
use std::collections::HashMap;

/// What is stored under an id, as far as deciding skip or replace needs.
struct Stored {
    hash: String,
    /// Only read for documents stored without a hash (compared by text).
    text: Option<String>,
    origin: Option<String>,
}

impl Stored {
    /// Same hash means same text; without a hash, compare the text (as
    /// the SQLite backend does).
    fn same_as(&self, doc: &Document) -> bool {
        self.hash == doc.content_hash
            && (!doc.content_hash.is_empty() || self.text.as_deref() == Some(doc.text.as_str()))
    }

    fn of(doc: &Document) -> Stored {
        Stored {
            hash: doc.content_hash.clone(),
            text: doc.content_hash.is_empty().then(|| doc.text.clone()),
            origin: doc.origin.clone(),
        }
    }
}

/// One attempt at `Store::put_reporting`.
pub(crate) fn put(
    client: &mut Client,
    batch: &[(Document, Vec<Record>)],
) -> Result<(PutSummary, Vec<Replaced>), StoreError> {
    let mut tx = client
        .transaction()
        .ctx(|| "starting a write transaction".into())?;
    let ids: Vec<&str> = batch.iter().map(|(d, _)| d.id.as_str()).collect();
    lock(&mut tx, &ids)?;
    let mut state = lookup(&mut tx, &ids)?;
    let in_db: Vec<String> = state.keys().cloned().collect();
    let mut summary = PutSummary::default();
    let mut replaced = Vec::new();
    // The batch in order, as SQLite applies it; only each id's last
    // written version reaches the tables.
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, (doc, records)) in batch.iter().enumerate() {
        match state.get(&doc.id) {
            Some(stored) if stored.same_as(doc) => {
                summary.unchanged += 1;
                continue;
            }
            Some(stored) => {
                summary.replaced += 1;
                replaced.push(Replaced {
                    id: doc.id.clone(),
                    old_origin: stored.origin.clone(),
                    new_origin: doc.origin.clone(),
                });
            }
            None => summary.added += 1,
        }
        validate(doc, records)?;
        summary.records += records.len();
        state.insert(doc.id.clone(), Stored::of(doc));
        last.insert(&doc.id, i);
    }
    let gone: Vec<&str> = in_db
        .iter()
        .map(String::as_str)
        .filter(|id| last.contains_key(id))
        .collect();
    // Cascades to records, actors, evidence and sources.
    tx.execute("DELETE FROM documents WHERE id = ANY($1)", &[&gone])
        .ctx(|| "removing replaced documents".into())?;
    let mut order: Vec<usize> = last.into_values().collect();
    order.sort_unstable();
    let written: Vec<&(Document, Vec<Record>)> = order.iter().map(|&i| &batch[i]).collect();
    insert_all(&mut tx, &written)?;
    tx.commit().ctx(|| "committing documents".into())?;
    Ok((summary, replaced))
}

/// One attempt at `Store::replace_records`.
pub(crate) fn replace_records(
    client: &mut Client,
    doc_id: &str,
    records: &[Record],
) -> Result<(), StoreError> {
    let mut tx = client
        .transaction()
        .ctx(|| "starting a write transaction".into())?;
    lock(&mut tx, &[doc_id])?;
    let exists = tx
        .query_opt("SELECT 1 FROM documents WHERE id = $1", &[&doc_id])
        .ctx(|| format!("looking up document {doc_id:?}"))?
        .is_some();
    if !exists {
        return Err(StoreError::NoSuchDocument(doc_id.to_string()));
    }
    validate_records(doc_id, records)?;
    tx.execute("DELETE FROM records WHERE doc = $1", &[&doc_id])
        .ctx(|| format!("removing records of document {doc_id:?}"))?;
    insert_records(&mut tx, &[(doc_id, records)])?;
    tx.commit()
        .ctx(|| format!("committing records of document {doc_id:?}"))
}

/// Takes this transaction's lock on each document id, in one order for
/// every writer (so two writers never deadlock), so that a second writer
/// of the same document waits for the first to commit, then sees its
/// work. Read Committed: every later statement reads what was committed.
fn lock(tx: &mut Transaction<'_>, ids: &[&str]) -> Result<(), StoreError> {
    let mut keys: Vec<i64> = ids.iter().map(|id| lock_key(id)).collect();
    keys.sort_unstable();
    keys.dedup();
    // The aggregate reads the sorted subquery in order, so the locks are
    // taken in that order.
    tx.query_one(
        "SELECT count(pg_advisory_xact_lock(k))
         FROM (SELECT k FROM unnest($1::int8[]) AS k ORDER BY k) AS sorted",
        &[&keys],
    )
    .ctx(|| "waiting for other writers of these documents".into())?;
    Ok(())
}

/// A document id's advisory lock key: FNV-1a of its bytes, the same in
/// every process and version of armswatch (a collision only makes two
/// writers wait for each other).
fn lock_key(id: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(h.to_ne_bytes())
}

fn lookup(tx: &mut Transaction<'_>, ids: &[&str]) -> Result<HashMap<String, Stored>, StoreError> {
    let rows = tx
        .query(
            "SELECT id, content_hash, CASE WHEN content_hash = '' THEN text END, origin
             FROM documents WHERE id = ANY($1)",
            &[&ids],
        )
        .ctx(|| "looking up stored documents".into())?;
    Ok(rows
        .iter()
        .map(|r| {
            let stored = Stored {
                hash: r.get(1),
                text: r.get(2),
                origin: r.get(3),
            };
            (r.get(0), stored)
        })
        .collect())
}

fn invalid(doc: &str, reason: String) -> StoreError {
    StoreError::Invalid {
        doc: doc.to_string(),
        reason,
    }
}

/// Refuses what the SQLite backend refuses, and what PostgreSQL cannot
/// store (a NUL character in text), before anything is written.
fn validate(doc: &Document, records: &[Record]) -> Result<(), StoreError> {
    if doc.id.is_empty() {
        return Err(invalid(&doc.id, "empty document id".into()));
    }
    let fields = [
        Some(&doc.id),
        Some(&doc.text),
        doc.title.as_ref(),
        doc.outlet.as_ref(),
        doc.url.as_ref(),
        doc.origin.as_ref(),
        Some(&doc.content_hash),
    ];
    if fields.into_iter().flatten().any(|f| f.contains('\0')) {
        return Err(invalid(
            &doc.id,
            "it contains a NUL character, which PostgreSQL cannot store".into(),
        ));
    }
    validate_records(&doc.id, records)
}

fn validate_records(doc_id: &str, records: &[Record]) -> Result<(), StoreError> {
    for (seq, record) in records.iter().enumerate() {
        let bad = |reason: String| invalid(doc_id, format!("record {seq}: {reason}"));
        if record.doc != doc_id {
            return Err(bad(format!(
                "it names document {:?}, not this one",
                record.doc
            )));
        }
        // JSON has no NaN or infinity; it would not read back.
        if !record.confidence.is_finite() {
            return Err(bad(format!(
                "confidence {} is not a number",
                record.confidence
            )));
        }
    }
    Ok(())
}

/// Inserts documents with their records in a few statements; when that
/// fails, finds the document the server refuses (one by one, after
/// rolling the attempt back) so that the error names it.
fn insert_all(
    tx: &mut Transaction<'_>,
    written: &[&(Document, Vec<Record>)],
) -> Result<(), StoreError> {
    let mut attempt = tx
        .savepoint("bulk_insert")
        .ctx(|| "starting to store documents".into())?;
    let bulk_error = match insert_bulk(&mut attempt, written) {
        Ok(()) => return attempt.commit().ctx(|| "storing documents".into()),
        Err(e) => e,
    };
    drop(attempt); // rolls back to the savepoint
    for one in written {
        insert_bulk(tx, &[one])?;
    }
    Err(bulk_error)
}

fn insert_bulk(
    tx: &mut Transaction<'_>,
    written: &[&(Document, Vec<Record>)],
) -> Result<(), StoreError> {
    insert_documents(tx, written)?;
    let records: Vec<(&str, &[Record])> = written
        .iter()
        .map(|(d, r)| (d.id.as_str(), r.as_slice()))
        .collect();
    insert_records(tx, &records)
}

fn insert_documents(
    tx: &mut Transaction<'_>,
    docs: &[&(Document, Vec<Record>)],
) -> Result<(), StoreError> {
    let col = |f: fn(&Document) -> Option<&str>| -> Vec<Option<&str>> {
        docs.iter().map(|(d, _)| f(d)).collect()
    };
    let published: Vec<Option<String>> = docs
        .iter()
        .map(|(d, _)| d.published.map(|p| p.to_string()))
        .collect();
    tx.execute(
        "INSERT INTO documents (id, content_hash, title, outlet, url, published, origin, text)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                              $6::text[], $7::text[], $8::text[])",
        &[
            &col(|d| Some(d.id.as_str())),
            &col(|d| Some(d.content_hash.as_str())),
            &col(|d| d.title.as_deref()),
            &col(|d| d.outlet.as_deref()),
            &col(|d| d.url.as_deref()),
            &published,
            &col(|d| d.origin.as_deref()),
            &col(|d| Some(d.text.as_str())),
        ],
    )
    .ctx(|| describe("storing", docs.iter().map(|(d, _)| d.id.as_str())))?;
    Ok(())
}

/// "storing document \"a\"" or "storing 12 documents (\"a\" … \"z\")".
fn describe<'a>(action: &str, mut ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    match ids.len() {
        1 => format!("{action} document {:?}", ids.next().unwrap_or_default()),
        n => {
            let first = ids.next().unwrap_or_default();
            let last = ids.last().unwrap_or_default();
            format!("{action} {n} documents ({first:?} … {last:?})")
        }
    }
}

mod rows;

/// Inserts each document's records, numbered from 0. The caller has
/// removed any previous ones.
fn insert_records(tx: &mut Transaction<'_>, docs: &[(&str, &[Record])]) -> Result<(), StoreError> {
    let mut cols = rows::RecordColumns::default();
    for (doc, records) in docs {
        let keys = entry_keys(records);
        for (seq, (record, key)) in records.iter().zip(keys).enumerate() {
            cols.push(doc, seq, record, key, Flat::of(record))?;
        }
    }
    if cols.is_empty() {
        return Ok(());
    }
    let what = || describe("storing records of", docs.iter().map(|(d, _)| *d));
    let ids = cols.insert_records(tx).ctx(what)?;
    cols.insert_children(tx, &ids).ctx(what)
}
