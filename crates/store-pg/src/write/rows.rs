//! Records and their flat rows as column arrays, for `INSERT … SELECT
//! FROM unnest(…)`.

use armswatch_register::Record;
use armswatch_store::flat::Flat;
use armswatch_store::StoreError;
use postgres::Transaction;
use std::collections::HashMap;

/// The columns of `records`, one element per record.
#[derive(Default)]
pub(super) struct RecordColumns<'a> {
    doc: Vec<&'a str>,
    seq: Vec<i32>,
    kind: Vec<&'static str>,
    confidence: Vec<f64>,
    date: Vec<Option<String>>,
    year: Vec<Option<i32>>,
    status: Vec<Option<&'static str>>,
    kind_type: Vec<Option<&'static str>>,
    category: Vec<Option<&'static str>>,
    name: Vec<Option<&'a str>>,
    system_name: Vec<Option<&'a str>>,
    quantity: Vec<Option<i64>>,
    value_amount: Vec<Option<i64>>,
    value_currency: Vec<Option<&'a str>>,
    json: Vec<String>,
    entry_key: Vec<String>,
    children: Children<'a>,
}

/// Rows of record_actors, evidence and sources, each tagged with the
/// position of its record in [`RecordColumns`] until the record has an id.
#[derive(Default)]
struct Children<'a> {
    actor_of: Vec<usize>,
    role: Vec<&'static str>,
    parent_role: Vec<Option<&'static str>>,
    actor_name: Vec<&'a str>,
    actor_type: Vec<&'static str>,
    country: Vec<Option<&'a str>>,
    aliases: Vec<Option<String>>,
    names_lc: Vec<String>,
    evidence_of: Vec<usize>,
    evidence_seq: Vec<i32>,
    start: Vec<i64>,
    end: Vec<i64>,
    evidence_text: Vec<&'a str>,
    evidence_doc: Vec<Option<&'a str>>,
    source_of: Vec<usize>,
    source: Vec<&'a str>,
}

fn json_error(doc: &str, cause: serde_json::Error) -> StoreError {
    StoreError::Json {
        action: "serialise",
        doc: doc.to_string(),
        cause,
    }
}

/// Beyond i64: kept in JSON only, as in SQLite.
fn big(n: u64) -> Option<i64> {
    i64::try_from(n).ok()
}

fn int(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl<'a> RecordColumns<'a> {
    pub fn is_empty(&self) -> bool {
        self.doc.is_empty()
    }

    pub fn push(
        &mut self,
        doc: &'a str,
        seq: usize,
        record: &'a Record,
        key: String,
        flat: Flat<'a>,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(record).map_err(|e| json_error(doc, e))?;
        // serde_json writes NUL as \u0000, which a TEXT column takes; the
        // flat copies below are raw text, where PostgreSQL refuses NUL.
        if json.contains("\\u0000") {
            return Err(StoreError::Invalid {
                doc: doc.to_string(),
                reason: format!(
                    "record {seq}: it contains a NUL character, which PostgreSQL cannot store"
                ),
            });
        }
        let at = self.doc.len();
        self.doc.push(doc);
        self.seq.push(int(seq));
        self.kind.push(record.kind().as_str());
        self.confidence.push(record.confidence);
        self.date.push(flat.date.map(|d| d.to_string()));
        self.year.push(flat.date.map(|d| d.year));
        self.status.push(flat.status);
        self.kind_type.push(flat.kind_type);
        self.category.push(flat.category);
        self.name.push(flat.name);
        self.system_name.push(flat.system_name);
        self.quantity.push(flat.quantity.and_then(big));
        self.value_amount
            .push(flat.value.and_then(|v| big(v.amount)));
        self.value_currency
            .push(flat.value.map(|v| v.currency.as_str()));
        self.json.push(json);
        self.entry_key.push(key);
        self.children.push(doc, at, record, flat)
    }

    /// Inserts the records; returns their ids in push order.
    pub fn insert_records(&self, tx: &mut Transaction<'_>) -> Result<Vec<i64>, postgres::Error> {
        let rows = tx.query(
            "INSERT INTO records (doc, seq, kind, confidence, date, year, status, type,
                 category, name, system_name, quantity, value_amount, value_currency, json,
                 entry_key)
             SELECT * FROM unnest($1::text[], $2::int4[], $3::text[], $4::float8[],
                 $5::text[], $6::int4[], $7::text[], $8::text[], $9::text[], $10::text[],
                 $11::text[], $12::int8[], $13::int8[], $14::text[], $15::text[], $16::text[])
             RETURNING id, doc, seq",
            &[
                &self.doc,
                &self.seq,
                &self.kind,
                &self.confidence,
                &self.date,
                &self.year,
                &self.status,
                &self.kind_type,
                &self.category,
                &self.name,
                &self.system_name,
                &self.quantity,
                &self.value_amount,
                &self.value_currency,
                &self.json,
                &self.entry_key,
            ],
        )?;
        // RETURNING promises no order: match ids back by (doc, seq).
        let by_key: HashMap<(String, i32), i64> = rows
            .iter()
            .map(|r| ((r.get(1), r.get(2)), r.get(0)))
            .collect();
        Ok(self
            .doc
            .iter()
            .zip(&self.seq)
            .map(|(d, s)| by_key.get(&(d.to_string(), *s)).copied().unwrap_or(-1))
            .collect())
    }

    /// Inserts actors, evidence and sources of the records whose ids (in
    /// push order) are `ids`.
    pub fn insert_children(
        &self,
        tx: &mut Transaction<'_>,
        ids: &[i64],
    ) -> Result<(), postgres::Error> {
        let c = &self.children;
        let of = |at: &[usize]| -> Vec<i64> { at.iter().map(|&i| ids[i]).collect() };
        tx.execute(
            "INSERT INTO record_actors
                 (record_id, role, parent_role, name, type, country, aliases, names_lc)
             SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[],
                 $6::text[], $7::text[], $8::text[])",
            &[
                &of(&c.actor_of),
                &c.role,
                &c.parent_role,
                &c.actor_name,
                &c.actor_type,
                &c.country,
                &c.aliases,
                &c.names_lc,
            ],
        )?;
        tx.execute(
            "INSERT INTO evidence (record_id, seq, start_byte, end_byte, text, doc)
             SELECT * FROM unnest($1::int8[], $2::int4[], $3::int8[], $4::int8[], $5::text[],
                 $6::text[])",
            &[
                &of(&c.evidence_of),
                &c.evidence_seq,
                &c.start,
                &c.end,
                &c.evidence_text,
                &c.evidence_doc,
            ],
        )?;
        tx.execute(
            "INSERT INTO sources (record_id, name)
             SELECT * FROM unnest($1::int8[], $2::text[])",
            &[&of(&c.source_of), &c.source],
        )?;
        Ok(())
    }
}

impl<'a> Children<'a> {
    fn push(
        &mut self,
        doc: &str,
        at: usize,
        record: &'a Record,
        flat: Flat<'a>,
    ) -> Result<(), StoreError> {
        for a in &flat.actors {
            let aliases = match a.aliases.is_empty() {
                true => None,
                false => Some(serde_json::to_string(a.aliases).map_err(|e| json_error(doc, e))?),
            };
            self.actor_of.push(at);
            self.role.push(a.role);
            self.parent_role.push(a.parent_role);
            self.actor_name.push(a.name);
            self.actor_type.push(a.kind.as_str());
            self.country.push(a.country);
            self.aliases.push(aliases);
            self.names_lc.push(a.names_lc());
        }
        for (i, e) in record.evidence.iter().enumerate() {
            self.evidence_of.push(at);
            self.evidence_seq.push(int(i));
            self.start.push(i64::try_from(e.start).unwrap_or(i64::MAX));
            self.end.push(i64::try_from(e.end).unwrap_or(i64::MAX));
            self.evidence_text.push(&e.text);
            self.evidence_doc.push(e.doc.as_deref());
        }
        for s in &record.sources {
            self.source_of.push(at);
            self.source.push(s);
        }
        Ok(())
    }
}
