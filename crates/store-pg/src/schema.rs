//! Versioned migrations of the PostgreSQL schema.

use crate::Ctx;
use armswatch_store::StoreError;
use postgres::{Client, GenericClient};

/// Migration scripts in order; script `i` takes the schema from version `i`
/// to `i + 1`. Append only: never edit a script that has been released.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_initial.sql")];

/// The schema version this code writes (table `armswatch_schema`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Advisory lock key held while migrating ("ARMW"), so two processes
/// opening a new register at once cannot both run a script.
const MIGRATION_LOCK: i64 = 0x4152_4D57;

/// Applies pending migrations, each in one transaction with its version
/// bump, the version re-read under the migration lock.
pub(crate) fn migrate(client: &mut Client, label: &str) -> Result<(), StoreError> {
    loop {
        let mut tx = client
            .transaction()
            .ctx(|| format!("starting to migrate {label}"))?;
        tx.query_one("SELECT pg_advisory_xact_lock($1)::text", &[&MIGRATION_LOCK])
            .ctx(|| format!("locking {label} to migrate it"))?;
        let found = version(&mut tx, label)?;
        let Some(script) = usize::try_from(found).ok().and_then(|v| MIGRATIONS.get(v)) else {
            return Ok(()); // up to date; dropping `tx` ends it
        };
        let next = found + 1;
        if found == 0 {
            tx.batch_execute(
                "CREATE TABLE armswatch_schema (version INTEGER NOT NULL);
                 INSERT INTO armswatch_schema VALUES (0);",
            )
            .ctx(|| format!("creating the schema version table in {label}"))?;
        }
        tx.batch_execute(script)
            .ctx(|| format!("migrating {label} to schema version {next}"))?;
        let next_i32 = i32::try_from(next).unwrap_or(i32::MAX);
        tx.execute("UPDATE armswatch_schema SET version = $1", &[&next_i32])
            .ctx(|| format!("recording schema version {next} in {label}"))?;
        tx.commit()
            .ctx(|| format!("committing schema version {next} to {label}"))?;
    }
}

/// The schema version of the current schema (0 when empty), refusing a
/// schema we must not touch: a newer armswatch's, or another program's.
pub(crate) fn version(client: &mut impl GenericClient, label: &str) -> Result<i64, StoreError> {
    let ctx = || format!("reading the schema version of {label}");
    let row = client
        .query_one(
            // The current schema only: a register further down the
            // search_path (say in `public`) is not this one.
            "SELECT EXISTS (SELECT 1 FROM pg_tables
                            WHERE schemaname = current_schema()
                              AND tablename = 'armswatch_schema'),
                    (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())",
            &[],
        )
        .ctx(ctx)?;
    let (ours, tables): (bool, i64) = (row.get(0), row.get(1));
    if !ours {
        if tables > 0 {
            return Err(StoreError::NotArmswatch {
                path: label.to_string(),
                reason: "its schema already holds tables of another program".into(),
            });
        }
        return Ok(0);
    }
    let found: i32 = client
        .query_one("SELECT version FROM armswatch_schema", &[])
        .ctx(ctx)?
        .get(0);
    let found = i64::from(found);
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(found)
}
