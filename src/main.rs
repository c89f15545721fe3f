//! `armswatch`: the command line over the pipeline
//! (ingest → annotate → extract → store → serve).

mod commands;
mod output;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

mod examples {
    include!(concat!(env!("OUT_DIR"), "/examples.rs"));
}

#[derive(Parser)]
#[command(
    name = "armswatch",
    version,
    about = "A sourced register of the arms trade, built from news articles",
    long_about = "armswatch reads news articles and keeps a register of arms transfers, \
procurement contests and defence-diplomatic engagements, each fact traced to the \
sentence it came from."
)]
struct Cli {
    /// SQLite database file.
    #[arg(long, global = true, env = "ARMSWATCH_DB", default_value = "armswatch.db")]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Transfers,
    Contests,
    Engagements,
    Entities,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Jsonl,
    Csv,
}

#[derive(Subcommand)]
enum Command {
    /// Extract records from articles and print them as JSON Lines (no database).
    ///
    /// PATH may be a .txt or .html file, a folder of them, or a .jsonl corpus;
    /// `-` reads a JSON Lines corpus from standard input.
    Extract {
        /// Publication date (YYYY-MM-DD) for articles that carry none.
        #[arg(long)]
        published: Option<String>,
        /// Largest article accepted, in bytes.
        #[arg(long, default_value_t = armswatch_ingest::DEFAULT_MAX_ARTICLE_BYTES)]
        max_article_bytes: usize,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Read articles, extract their records and store both in the database.
    Ingest {
        #[arg(long)]
        published: Option<String>,
        #[arg(long, default_value_t = armswatch_ingest::DEFAULT_MAX_ARTICLE_BYTES)]
        max_article_bytes: usize,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Re-run extraction over every stored article (after an extractor change).
    Reextract,
    /// List records of one kind, filtered.
    List {
        kind: Kind,
        /// Supplier name or ISO code.
        #[arg(long)]
        supplier: Option<String>,
        /// Recipient (or contest buyer) name or ISO code.
        #[arg(long)]
        recipient: Option<String>,
        /// Any actor's name or ISO code.
        #[arg(long)]
        country: Option<String>,
        /// Year of the record's date.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Show one stored article with its records and their evidence.
    Show { doc: String },
    /// Write the whole register.
    Export {
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
    },
    /// Full-text search over stored articles.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Ingest the bundled example articles into a fresh database and print the register.
    Demo,
    /// Score extraction against gold folders (NAME.txt + NAME.gold.jsonl).
    Eval {
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// List every miss.
        #[arg(long)]
        verbose: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Fail (exit 1) when records F1 falls below this.
        #[arg(long)]
        min_records_f1: Option<f64>,
        /// Fail (exit 1) when entity F1 falls below this.
        #[arg(long)]
        min_entity_f1: Option<f64>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("armswatch: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Extract {
            published,
            max_article_bytes,
            paths,
        } => commands::extract(&paths, published.as_deref(), max_article_bytes),
        Command::Ingest {
            published,
            max_article_bytes,
            paths,
        } => commands::ingest(&cli.db, &paths, published.as_deref(), max_article_bytes),
        Command::Reextract => commands::reextract(&cli.db),
        Command::List {
            kind,
            supplier,
            recipient,
            country,
            year,
            format,
            limit,
        } => commands::list(
            &cli.db,
            kind,
            commands::Filters {
                supplier,
                recipient,
                country,
                year,
                limit,
            },
            format,
        ),
        Command::Show { doc } => commands::show(&cli.db, &doc),
        Command::Export { format } => commands::export(&cli.db, format),
        Command::Search { query, limit } => commands::search(&cli.db, &query, limit),
        Command::Demo => commands::demo(&cli.db, examples::EXAMPLES),
        Command::Eval {
            dirs,
            verbose,
            json,
            min_records_f1,
            min_entity_f1,
        } => commands::eval(&dirs, verbose, json, min_records_f1, min_entity_f1),
    }
}
