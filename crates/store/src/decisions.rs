//! Analysts' entity decisions (table `entity_decisions`): merges and
//! splits of names, kept apart from extracted records and read by the
//! consolidation as must-link and cannot-link constraints.

use crate::review::{audit, check_reason, ReviewError};
use crate::sqlite::Ctx;
use crate::{SqliteStore, StoreError};
use armswatch_consolidate::{name_key, EntityDecisions};
use rusqlite::{params, TransactionBehavior};
use std::collections::{BTreeMap, HashMap};

/// Longest name accepted, in bytes.
const MAX_NAME_BYTES: usize = 300;

/// Whether two names are one organisation or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Merge,
    Split,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Merge => "merge",
            Decision::Split => "split",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "merge" => Some(Decision::Merge),
            "split" => Some(Decision::Split),
            _ => None,
        }
    }
}

/// One stored decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntityDecision {
    pub kind: String,
    pub a: String,
    pub b: String,
    pub author: String,
    pub reason: String,
    pub at: String,
}

fn checked_key(name: &str) -> Result<String, StoreError> {
    let key = name_key(name);
    if key.is_empty() || name.len() > MAX_NAME_BYTES {
        return Err(StoreError::Review(ReviewError::BadValue {
            field: "name",
            reason: format!("a name of 1 to {MAX_NAME_BYTES} bytes with a letter or digit"),
        }));
    }
    Ok(key)
}

impl SqliteStore {
    /// Records that names `a` and `b` are one organisation (merge) or two
    /// (split), replacing any earlier decision on the pair, with a line
    /// in the audit log, in one transaction.
    pub fn decide_entities(
        &mut self,
        kind: Decision,
        a: &str,
        b: &str,
        author: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        check_reason(reason)?;
        let (a, b) = (a.trim(), b.trim());
        let (mut ka, mut kb) = (checked_key(a)?, checked_key(b)?);
        if ka == kb {
            return Err(StoreError::Review(ReviewError::BadValue {
                field: "name",
                reason: format!("{a:?} and {b:?} are the same name"),
            }));
        }
        let (mut na, mut nb) = (a, b);
        if ka > kb {
            std::mem::swap(&mut ka, &mut kb);
            std::mem::swap(&mut na, &mut nb);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| "starting a write transaction".into())?;
        tx.execute(
            "INSERT INTO entity_decisions (kind, a_key, b_key, a_name, b_name, author, reason, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
             ON CONFLICT (a_key, b_key) DO UPDATE SET kind = excluded.kind,
                 a_name = excluded.a_name, b_name = excluded.b_name, author = excluded.author,
                 reason = excluded.reason, created_at = excluded.created_at",
            params![kind.as_str(), ka, kb, na, nb, author, reason.trim()],
        )
        .ctx(|| "storing an entity decision".into())?;
        let names = serde_json::json!([na, nb]).to_string();
        let verb = format!("entity_{}", kind.as_str());
        audit(
            &tx,
            author,
            &verb,
            None,
            None,
            None,
            None,
            Some(&names),
            Some(reason.trim()),
        )?;
        tx.commit().ctx(|| "committing an entity decision".into())
    }

    /// Every decision, newest first.
    pub fn entity_decision_list(&self) -> Result<Vec<EntityDecision>, StoreError> {
        let ctx = || "reading entity decisions".to_string();
        let mut st = self
            .connection()
            .prepare_cached(
                "SELECT kind, a_name, b_name, author, reason, created_at
                 FROM entity_decisions ORDER BY id DESC",
            )
            .ctx(ctx)?;
        let rows = st
            .query_map([], |r| {
                Ok(EntityDecision {
                    kind: r.get(0)?,
                    a: r.get(1)?,
                    b: r.get(2)?,
                    author: r.get(3)?,
                    reason: r.get(4)?,
                    at: r.get(5)?,
                })
            })
            .ctx(ctx)?;
        rows.collect::<Result<_, _>>().ctx(ctx)
    }

    /// The decisions as the consolidation takes them (pairs of name keys).
    pub fn entity_decisions(&self) -> Result<EntityDecisions, StoreError> {
        let ctx = || "reading entity decisions".to_string();
        let mut st = self
            .connection()
            .prepare_cached("SELECT kind, a_key, b_key FROM entity_decisions ORDER BY a_key, b_key")
            .ctx(ctx)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .ctx(ctx)?;
        let mut out = EntityDecisions::default();
        for row in rows {
            let (kind, a, b) = row.ctx(ctx)?;
            match Decision::parse(&kind) {
                Some(Decision::Merge) => out.merges.push((a, b)),
                Some(Decision::Split) => out.splits.push((a, b)),
                None => {}
            }
        }
        Ok(out)
    }
}

/// Names joined by analysts' merges, for the entity pages: each merged
/// name's key → the name that stands for its group (that of the smallest
/// key), so that every name of a group gets one entity id.
#[derive(Debug, Default)]
pub(crate) struct MergedNames(HashMap<String, String>);

impl MergedNames {
    /// The name whose id stands for `name`.
    pub(crate) fn stand_in<'a>(&'a self, name: &'a str) -> &'a str {
        self.0.get(&name_key(name)).map_or(name, String::as_str)
    }

    /// Every name merged with one that stands in as `rep` (its own key
    /// included), as given by the analysts.
    pub(crate) fn names_standing_as(&self, rep_id_name: impl Fn(&str) -> bool) -> Vec<String> {
        self.0
            .iter()
            .filter(|(_, rep)| rep_id_name(rep))
            .map(|(k, _)| k.clone())
            .collect()
    }
}

impl SqliteStore {
    pub(crate) fn merged_names(&self) -> Result<MergedNames, StoreError> {
        let ctx = || "reading entity merges".to_string();
        let mut st = self
            .connection()
            .prepare_cached(
                "SELECT a_key, b_key, a_name, b_name FROM entity_decisions WHERE kind = 'merge'",
            )
            .ctx(ctx)?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .ctx(ctx)?;
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        let mut shown: HashMap<String, String> = HashMap::new();
        fn root(p: &BTreeMap<String, String>, k: &str) -> String {
            let mut k = k.to_string();
            while let Some(up) = p.get(&k).filter(|up| **up != k) {
                k = up.clone();
            }
            k
        }
        for row in rows {
            let (ka, kb, na, nb): (String, String, String, String) = row.ctx(ctx)?;
            shown.insert(ka.clone(), na);
            shown.insert(kb.clone(), nb);
            let (ra, rb) = (root(&parent, &ka), root(&parent, &kb));
            parent.entry(ka).or_insert_with(|| ra.clone());
            parent.entry(kb).or_insert_with(|| rb.clone());
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent.insert(lo.clone(), lo.clone());
            parent.insert(hi, lo);
        }
        let keys: Vec<String> = parent.keys().cloned().collect();
        let map = keys
            .into_iter()
            .map(|k| {
                let r = root(&parent, &k);
                let name = shown.get(&r).cloned().unwrap_or(r);
                (k, name)
            })
            .collect();
        Ok(MergedNames(map))
    }
}
