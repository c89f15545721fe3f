//! One register from many articles.
//!
//! The extractor writes records per document; the same deal told by ten
//! articles is ten records. This crate turns them into one register:
//!
//! - [`entities`]: every organisation and person across documents resolved
//!   to one [`CanonicalEntity`] with a stable id, its aliases and country;
//! - [`consolidate`](Consolidator::consolidate): transfers, contests and
//!   engagements that are the same event become one [`Entry`] with every
//!   document's evidence, a status timeline, the latest status, and the
//!   values the sources disagree on;
//! - [`sipri`] and [`reconcile`]: SIPRI's trade register read as SIPRI
//!   publishes it, and matched against the register;
//! - [`export`]: JSON Lines, CSV, SIPRI-shaped CSV, OCDS and GraphML.
//!
//! Invariants:
//! - Pure: the same reports in any order give the same register, ids and
//!   all.
//! - Incremental: `extend(consolidate(a), b) == consolidate(a ∪ b)`; blocks
//!   of the register the new reports do not touch are reused as they are.
//! - Nothing is lost: an entry keeps every report it merges (`reports`),
//!   and every evidence item of the merged record names its document.

pub mod calibration;
pub mod checks;
pub mod decisions;
pub mod entities;
pub mod export;
pub mod identity;
pub mod norm;
pub mod reconcile;
pub mod sipri;
#[doc(hidden)]
pub mod testgaz;

mod cluster;

pub use decisions::{name_key, EntityDecisions};
pub use entities::{resolve, resolve_with, state_id, CanonicalEntity, Merge, Resolution};

use armswatch_annotate::{Gazetteer, GazetteerError};
use armswatch_register::{Date, Money, Record, RecordKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One document's record, with the document's publication date (which
/// orders the status timeline and stands in for a missing date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    pub record: Record,
}

impl Report {
    pub fn new(record: Record, published: Option<Date>) -> Report {
        Report { published, record }
    }

    /// Reports for records, dated from a map of document id to publication
    /// date.
    pub fn from_records(
        records: impl IntoIterator<Item = Record>,
        published: &BTreeMap<String, Date>,
    ) -> Vec<Report> {
        records
            .into_iter()
            .map(|r| {
                let p = published.get(&r.doc).copied();
                Report::new(r, p)
            })
            .collect()
    }

    /// Identity of a report: its document and its JSON.
    fn key(&self) -> (String, String) {
        (
            self.record.doc.clone(),
            format!(
                "{}|{}",
                self.published.map(|d| d.to_string()).unwrap_or_default(),
                self.record.to_json_line()
            ),
        )
    }
}

/// A status at a point in the story, and the documents that tell it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvent {
    /// A transfer or contest status, or `protested` for a contest.
    pub status: String,
    /// When: the date the record gives for offers and orders, else the
    /// publication date (the status held then).
    pub date: Option<Date>,
    pub docs: Vec<String>,
}

/// The spread of the values the sources give, in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValueRange {
    pub currency: String,
    pub min: Money,
    pub max: Money,
}

/// One value of a disputed field, with the documents that give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    pub value: serde_json::Value,
    pub docs: Vec<String>,
}

/// A field the sources disagree on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub field: String,
    pub values: Vec<ConflictValue>,
}

/// One line of the consolidated register: a transfer, contest,
/// engagement or entity, merged over every document that speaks of it.
///
/// Serialised, it is the spec's record (`kind`, the fact's fields,
/// `evidence` with `doc` on every item, `sources`, `confidence`; `doc` is
/// the first document) plus the fields below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    #[serde(flatten)]
    pub record: Record,
    /// Every document that supports the entry, sorted.
    pub documents: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status_timeline: Vec<StatusEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_range: Option<ValueRange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// The per-document records merged here, as extracted.
    pub reports: Vec<Report>,
    /// What the sanity checks found ([`checks`]); a flagged entry is kept
    /// but left out of counts by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<checks::Check>,
    /// Transfers and contests: `1 − Π(1 − cᵢ)` over the reports, before
    /// calibration ([`calibration`]) made `confidence` a probability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corroboration: Option<f64>,
    /// Built from at least one record an analyst accepted or corrected
    /// (set by the caller, who knows the reviews: [`Register::mark_reviewed`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reviewed: bool,
}

impl Entry {
    pub fn kind(&self) -> RecordKind {
        self.record.kind()
    }

    /// Whether a sanity check holds the entry out of counts.
    pub fn flagged(&self) -> bool {
        self.checks.iter().any(|c| c.flagged)
    }

    /// One JSON line (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_else(|e| format!("{{\"kind\":\"error\",\"message\":{:?}}}", e.to_string()))
    }
}

/// The consolidated register.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Register {
    /// Canonical organisations and people, sorted by id.
    pub entities: Vec<CanonicalEntity>,
    /// Transfers, contests, engagements, then entities; each kind sorted
    /// by id.
    pub entries: Vec<Entry>,
    /// Per block: the fingerprint of its inputs and its entries, for
    /// reuse by [`Consolidator::extend`].
    #[serde(skip)]
    blocks: BTreeMap<String, (String, Vec<Entry>)>,
}

impl Register {
    /// Marks every entry built from a record for which `reviewed` holds.
    pub fn mark_reviewed(&mut self, reviewed: impl Fn(&Record) -> bool) {
        for e in &mut self.entries {
            e.reviewed = e.reports.iter().any(|r| reviewed(&r.record));
        }
    }
}

impl PartialEq for Register {
    fn eq(&self, o: &Register) -> bool {
        self.entities == o.entities && self.entries == o.entries
    }
}

impl Register {
    pub fn of_kind(&self, kind: RecordKind) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.kind() == kind)
    }

    pub fn entity(&self, id: &str) -> Option<&CanonicalEntity> {
        self.entities
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.entities[i])
    }

    /// The entries counted by default: those no sanity check flagged.
    pub fn shown(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.flagged())
    }

    /// Every report of the register.
    pub fn reports(&self) -> impl Iterator<Item = &Report> {
        self.entries.iter().flat_map(|e| e.reports.iter())
    }

    /// Number of blocks: groups of reports that may share entries (same
    /// recipient, buyer, or type and parties).
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }
}

/// Builds registers, with a gazetteer for known names and aliases.
pub struct Consolidator<'g> {
    g: &'g Gazetteer,
    decisions: EntityDecisions,
}

impl<'g> Consolidator<'g> {
    pub fn new(g: &'g Gazetteer) -> Consolidator<'g> {
        Consolidator {
            g,
            decisions: EntityDecisions::default(),
        }
    }

    /// The same consolidator, honouring analysts' merges and splits.
    pub fn with_decisions(mut self, decisions: EntityDecisions) -> Consolidator<'g> {
        self.decisions = decisions;
        self
    }

    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.g
    }

    /// The register of these reports.
    pub fn consolidate(&self, reports: Vec<Report>) -> Register {
        self.extend(&Register::default(), reports)
    }

    /// The register of `old`'s reports plus `new`: equal to consolidating
    /// them all at once. Blocks (same recipient, buyer or parties) whose
    /// inputs did not change are reused without recomputation.
    pub fn extend(&self, old: &Register, new: Vec<Report>) -> Register {
        let mut seen = BTreeSet::new();
        let mut all: Vec<Report> = Vec::new();
        for r in old.reports().cloned().chain(new) {
            if seen.insert(r.key()) {
                all.push(r);
            }
        }
        all.sort_by_cached_key(Report::key);
        let records: Vec<Record> = all.iter().map(|r| r.record.clone()).collect();
        let res = resolve_with(self.g, &records, &self.decisions);
        let (blocks, entity_entries) = cluster::build(self.g, &res, all, &old.blocks);
        let mut entries: Vec<Entry> = Vec::new();
        for (_, es) in blocks.values() {
            entries.extend(es.iter().cloned());
        }
        entries.extend(entity_entries);
        let order = |k: RecordKind| match k {
            RecordKind::Transfer => 0,
            RecordKind::Contest => 1,
            RecordKind::Engagement => 2,
            RecordKind::Entity => 3,
        };
        entries.sort_by(|a, b| {
            order(a.kind())
                .cmp(&order(b.kind()))
                .then_with(|| a.id.cmp(&b.id))
        });
        Register {
            entities: res.entities.clone(),
            entries,
            blocks,
        }
    }
}

/// A consolidator over the gazetteer compiled into the binary.
pub fn builtin() -> Result<Consolidator<'static>, GazetteerError> {
    Ok(Consolidator::new(Gazetteer::builtin()?))
}
