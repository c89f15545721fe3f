//! Reference tables: SIPRI's trade register (migration 0002).

use crate::sqlite::Ctx;
use crate::{SqliteStore, StoreError};
use armswatch_consolidate::sipri::{Party, PartyKind, SipriFile, SipriRow};
use armswatch_register::Category;
use rusqlite::params;
use serde::Serialize;

/// The SIPRI export currently stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SipriImport {
    pub origin: String,
    pub generated: Option<String>,
    pub data_year: Option<i32>,
    pub rows: u64,
    pub imported_at: String,
}

fn party_from(name: String, code: Option<String>, kind: String) -> Party {
    Party {
        name,
        code,
        kind: PartyKind::parse(&kind).unwrap_or(PartyKind::Unknown),
    }
}

impl SqliteStore {
    /// Replaces the stored SIPRI trade register with `file`, in one
    /// transaction (a failure keeps the previous import).
    pub fn import_sipri(&mut self, origin: &str, file: &SipriFile) -> Result<u64, StoreError> {
        let ctx = || format!("importing SIPRI rows from {origin}");
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .ctx(ctx)?;
        tx.execute("DELETE FROM sipri_imports", []).ctx(ctx)?;
        tx.execute(
            "INSERT INTO sipri_imports (origin, generated, data_year, rows, imported_at)
             VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            params![
                origin,
                file.generated,
                file.data_year,
                file.rows.len() as i64
            ],
        )
        .ctx(ctx)?;
        let import_id = tx.last_insert_rowid();
        {
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO sipri_transfers (import_id, line, recipient, recipient_code,
                        recipient_kind, supplier, supplier_code, supplier_kind, order_year,
                        order_year_estimated, number_ordered, number_ordered_estimated,
                        designation, description, category, number_delivered,
                        number_delivered_estimated, delivery_years, status, comments,
                        tiv_per_unit, tiv_total, tiv_delivered)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                        ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                )
                .ctx(ctx)?;
            let big = |n: Option<u64>| n.and_then(|n| i64::try_from(n).ok());
            for r in &file.rows {
                st.execute(params![
                    import_id,
                    r.line as i64,
                    r.recipient.name,
                    r.recipient.code,
                    r.recipient.kind.as_str(),
                    r.supplier.name,
                    r.supplier.code,
                    r.supplier.kind.as_str(),
                    r.order_year,
                    r.order_year_estimated,
                    big(r.number_ordered),
                    r.number_ordered_estimated,
                    r.designation,
                    r.description,
                    r.category.as_str(),
                    big(r.number_delivered),
                    r.number_delivered_estimated,
                    r.delivery_years_text,
                    r.status,
                    r.comments,
                    r.tiv_per_unit,
                    r.tiv_total,
                    r.tiv_delivered,
                ])
                .ctx(ctx)?;
            }
        }
        tx.commit().ctx(ctx)?;
        Ok(file.rows.len() as u64)
    }

    /// The stored import, if any.
    pub fn sipri_import(&self) -> Result<Option<SipriImport>, StoreError> {
        let ctx = || "reading the SIPRI import".to_string();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT origin, generated, data_year, rows, imported_at FROM sipri_imports
                 ORDER BY id DESC LIMIT 1",
            )
            .ctx(ctx)?;
        let mut rows = st
            .query_map([], |r| {
                Ok(SipriImport {
                    origin: r.get(0)?,
                    generated: r.get(1)?,
                    data_year: r.get(2)?,
                    rows: r.get::<_, i64>(3)?.unsigned_abs(),
                    imported_at: r.get(4)?,
                })
            })
            .ctx(ctx)?;
        rows.next().transpose().ctx(ctx)
    }

    /// Every stored SIPRI row, in file order.
    pub fn sipri_rows(&self) -> Result<Vec<SipriRow>, StoreError> {
        let ctx = || "reading SIPRI rows".to_string();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT line, recipient, recipient_code, recipient_kind, supplier, supplier_code,
                    supplier_kind, order_year, order_year_estimated, number_ordered,
                    number_ordered_estimated, designation, description, category,
                    number_delivered, number_delivered_estimated, delivery_years, status,
                    comments, tiv_per_unit, tiv_total, tiv_delivered
                 FROM sipri_transfers ORDER BY line",
            )
            .ctx(ctx)?;
        let rows = st
            .query_map([], |r| {
                let delivery_years_text: String = r.get(16)?;
                Ok(SipriRow {
                    line: r.get::<_, i64>(0)?.unsigned_abs() as usize,
                    recipient: party_from(r.get(1)?, r.get(2)?, r.get(3)?),
                    supplier: party_from(r.get(4)?, r.get(5)?, r.get(6)?),
                    order_year: r.get(7)?,
                    order_year_estimated: r.get(8)?,
                    number_ordered: r.get::<_, Option<i64>>(9)?.map(i64::unsigned_abs),
                    number_ordered_estimated: r.get(10)?,
                    designation: r.get(11)?,
                    description: r.get(12)?,
                    category: Category::parse(&r.get::<_, String>(13)?).unwrap_or(Category::Other),
                    number_delivered: r.get::<_, Option<i64>>(14)?.map(i64::unsigned_abs),
                    number_delivered_estimated: r.get(15)?,
                    delivery_years: delivery_years_text
                        .split([';', ','])
                        .filter_map(|y| y.trim().trim_matches('?').parse().ok())
                        .collect(),
                    delivery_years_text,
                    status: r.get(17)?,
                    comments: r.get(18)?,
                    tiv_per_unit: r.get(19)?,
                    tiv_total: r.get(20)?,
                    tiv_delivered: r.get(21)?,
                })
            })
            .ctx(ctx)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)
    }
}
