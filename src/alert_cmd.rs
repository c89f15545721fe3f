//! `armswatch alert add|list|remove|deliver`: saved queries over the
//! register (crates/alerts). Matches are recorded by the store's writes
//! themselves (`commands::open` installs the matcher); this module saves
//! the queries and sends the webhooks.

use crate::commands::open;
use anyhow::{bail, Context, Result};
use armswatch_alerts::{self as alerts, Filters, Policy};
use armswatch_store::SqliteStore;
use clap::{Args, Subcommand};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AlertCommand {
    /// Save an alert. Every filter is optional; all given must match. New
    /// or changed entries stored from now on that match are listed in the
    /// alert's Atom feed (`serve`: /alerts/NAME.atom) and, with --webhook,
    /// POSTed there as JSON.
    Add(AddArgs),
    /// List the alerts with their filters, matches and deliveries.
    List,
    /// Remove an alert, its matches and its undelivered webhooks.
    Remove { name: String },
    /// Send every pending webhook now (ingest, reextract, watch and serve
    /// send due ones by themselves; this also retries those waiting).
    Deliver,
}

#[derive(Args)]
pub struct AddArgs {
    /// Letters, digits, '-' and '_' (it names the feed: /alerts/NAME.atom).
    name: String,
    /// transfer, contest or engagement.
    #[arg(long)]
    kind: Option<String>,
    /// Transfer recipient or contest buyer: ISO country code or part of a name.
    #[arg(long)]
    recipient: Option<String>,
    /// Transfer supplier or contest winner: ISO country code or part of a name.
    #[arg(long)]
    supplier: Option<String>,
    /// System category (air_defence, aircraft, ship, ...).
    #[arg(long)]
    category: Option<String>,
    /// Smallest value, in one currency (values in others never match).
    #[arg(long, num_args = 2, value_names = ["AMOUNT", "CURRENCY"])]
    min_value: Vec<String>,
    /// Transfer status (offered, ordered, delivered, ...) or contest status
    /// (open, awarded, ...).
    #[arg(long)]
    status: Option<String>,
    /// http(s) URL each match is POSTed to as JSON.
    #[arg(long)]
    webhook: Option<String>,
}

pub fn run(db: &Path, cmd: AlertCommand) -> Result<ExitCode> {
    let store = open(db)?;
    match cmd {
        AlertCommand::Add(args) => add(&store, args),
        AlertCommand::List => list(&store),
        AlertCommand::Remove { name } => remove(&store, &name),
        AlertCommand::Deliver => deliver(&store),
    }
}

fn filters(a: &AddArgs) -> Result<Filters> {
    let min_value = match a.min_value.as_slice() {
        [] => None,
        [amount, currency] => Some(Filters::parse_min_value(amount, currency)?),
        _ => bail!("--min-value takes an amount and a currency: --min-value 10000000 USD"),
    };
    Ok(Filters {
        kind: a.kind.as_deref().map(Filters::parse_kind).transpose()?,
        recipient: a
            .recipient
            .as_deref()
            .map(|r| Filters::parse_actor("recipient", r))
            .transpose()?,
        supplier: a
            .supplier
            .as_deref()
            .map(|s| Filters::parse_actor("supplier", s))
            .transpose()?,
        category: a
            .category
            .as_deref()
            .map(Filters::parse_category)
            .transpose()?,
        min_value,
        status: a.status.as_deref().map(Filters::parse_status).transpose()?,
    })
}

fn add(store: &SqliteStore, args: AddArgs) -> Result<ExitCode> {
    let f = filters(&args)?;
    let alert = alerts::add(store.connection(), &args.name, &f, args.webhook.as_deref())?;
    eprintln!(
        "alert {:?} saved: {}{}",
        alert.name,
        alert.filters.describe(),
        alert
            .webhook
            .as_deref()
            .map(|w| format!(", webhook {w}"))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

fn list(store: &SqliteStore) -> Result<ExitCode> {
    let c = store.connection();
    let mut out = io::stdout().lock();
    for a in alerts::list(c)? {
        let matched = alerts::match_count(c, &a)?;
        let d = alerts::delivery_counts(c, &a)?;
        writeln!(out, "{}\t{}", a.name, a.filters.describe())?;
        writeln!(
            out,
            "    {matched} matches; webhook: {}",
            match &a.webhook {
                Some(w) => format!(
                    "{w} ({} delivered, {} pending, {} failed)",
                    d.delivered, d.pending, d.failed
                ),
                None => "none".to_string(),
            }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(store: &SqliteStore, name: &str) -> Result<ExitCode> {
    if !alerts::remove(store.connection(), name)? {
        bail!("no alert named {name:?}");
    }
    eprintln!("alert {name:?} removed");
    Ok(ExitCode::SUCCESS)
}

fn deliver(store: &SqliteStore) -> Result<ExitCode> {
    let policy = Policy {
        ignore_schedule: true,
        ..Policy::default()
    };
    let run = alerts::deliver(store.connection(), &policy).context("delivering webhooks")?;
    report(&run);
    eprintln!(
        "webhooks: {} delivered, {} to retry, {} failed",
        run.delivered, run.retrying, run.failed
    );
    Ok(if run.retrying + run.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn report(run: &alerts::Delivered) {
    for e in &run.errors {
        eprintln!("warning: {e}");
    }
}

/// Sends the webhooks that are due, after a write; a failure is reported
/// and left in the outbox for the next run, never an error of the write.
pub fn deliver_due(store: &SqliteStore) {
    match alerts::deliver(store.connection(), &Policy::default()) {
        Ok(run) => {
            report(&run);
            if run.delivered > 0 {
                eprintln!("webhooks: {} delivered", run.delivered);
            }
        }
        Err(e) => eprintln!("warning: delivering webhooks: {e}"),
    }
}
