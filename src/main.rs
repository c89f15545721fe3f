//! `armswatch`: the command line over the pipeline
//! (ingest → annotate → extract → store → serve).

mod alert_cmd;
mod commands;
mod consolidate_cmd;
mod db;
mod explain;
mod output;
mod parse_cmd;
mod register_eval_cmd;
mod review_cmd;
mod serve_cmd;
mod user_cmd;
mod watch_cmd;

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
    /// The register: an SQLite file, or a PostgreSQL server as
    /// `postgres://user@host:port/database` (ingest, reextract, list, show,
    /// search, export; the other commands need a file for now).
    #[arg(
        long,
        global = true,
        env = "ARMSWATCH_DB",
        default_value = "armswatch.db"
    )]
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
    /// The spec's JSON Lines, one merged entry per line.
    Jsonl,
    /// One row per entry, with citations.
    Csv,
    /// Transfers in SIPRI's trade-register columns.
    SipriCsv,
    /// OCDS 1.1 release package of the contests.
    Ocds,
    /// Supplier -> recipient network for Gephi.
    Graphml,
    /// Reviewed articles as gold files (NAME.gold.jsonl in --out) for
    /// shared/eval/score.py: reviewed entries, the rest `optional`.
    Gold,
}

#[derive(Subcommand)]
enum ImportWhat {
    /// SIPRI's trade-register CSV export, as SIPRI publishes it (Latin-1).
    Sipri { file: PathBuf },
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
        /// Print to standard error how long loading the model and extracting
        /// took, apart (for benchmarks: bench/scaling.sh).
        #[arg(long)]
        timings: bool,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Show how the grammar reads a text: each sentence's parse, the rules
    /// that fired and why, and the records extracted.
    ///
    /// TEXT is the text itself, or `-` to read it from standard input.
    Explain {
        /// Publication date (YYYY-MM-DD) for resolving relative dates.
        #[arg(long)]
        published: Option<String>,
        /// Leave out the parses of sentences where no rule fired.
        #[arg(long)]
        brief: bool,
        text: String,
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
        /// Records as extracted, one per document (jsonl or csv), instead
        /// of the consolidated register.
        #[arg(long)]
        raw: bool,
        /// Folder for `--format gold`.
        #[arg(long, default_value = "gold")]
        out: PathBuf,
    },
    /// Load reference data into the database.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Compare the register's transfers with the imported SIPRI data.
    Reconcile {
        /// Recipient country (name or ISO code).
        #[arg(long)]
        recipient: Option<String>,
        /// Supplier country (name or ISO code).
        #[arg(long)]
        supplier: Option<String>,
        /// Order years, e.g. 2005-2012.
        #[arg(long)]
        years: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over stored articles.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Ingest the bundled example articles into a fresh database, print the register,
    /// and (in a terminal) serve it on http://127.0.0.1:8080/.
    Demo {
        /// Only print the register; do not start the web UI.
        #[arg(long)]
        no_serve: bool,
    },
    /// Serve the register as a web UI and HTTP API (JSON; /api/openapi.json).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Bearer token that POST /api/documents requires; without it the server is read-only.
        #[arg(long, env = "ARMSWATCH_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Reading needs signing in (or, for the API, the token).
        #[arg(long)]
        private: bool,
        /// Mark session cookies Secure (served over https or behind a
        /// proxy that terminates it).
        #[arg(long)]
        secure_cookies: bool,
    },
    /// Accounts of the web UI: readers, analysts (review) and admins.
    User {
        #[command(subcommand)]
        what: user_cmd::UserCommand,
    },
    /// Print the Universal Dependencies analysis of articles: words, UPOS
    /// and XPOS tags, lemmas, heads and relations (built-in parser).
    ///
    /// PATH may be a .txt or .html file, a folder of them, or a .jsonl corpus;
    /// `-` reads a JSON Lines corpus from standard input.
    Parse {
        #[arg(long, value_enum, default_value = "conllu")]
        format: parse_cmd::ParseFormat,
        /// Largest article accepted, in bytes.
        #[arg(long, default_value_t = armswatch_ingest::DEFAULT_MAX_ARTICLE_BYTES)]
        max_article_bytes: usize,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Follow RSS 2.0, Atom and JSON Feed sources and ingest each new
    /// article, politely (robots.txt, per-host delay, conditional GETs).
    ///
    /// FEEDS is a TOML file with a `[[feed]]` table per source: `url`,
    /// optional `outlet` and `every` (e.g. "30m", "2h"; default 1h).
    /// Without --once it runs until ctrl-c or SIGTERM, finishing the
    /// current article first.
    Watch {
        feeds: PathBuf,
        /// Poll every feed once and exit (for cron).
        #[arg(long)]
        once: bool,
    },
    /// Saved queries over the register: new or changed entries that match
    /// go to an Atom feed per alert (`serve`: /alerts/NAME.atom) and, when
    /// configured, to a webhook.
    Alert {
        #[command(subcommand)]
        what: alert_cmd::AlertCommand,
    },
    /// Score the built-in parser on a CoNLL-U treebank: UPOS accuracy, UAS
    /// and LAS (CoNLL 2018 measures, punctuation included), tagging from
    /// the gold words' forms only.
    EvalParser {
        file: PathBuf,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
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
        /// JSON Lines corpus (file or folder) holding the texts of gold files
        /// that name their article by corpus id (tests/corpus-gold).
        #[arg(long, default_value = "../shared/data/corpus")]
        corpus: PathBuf,
    },
    /// Score consolidation (entity clusters, deal clusters, must-not-merge
    /// pairs) against consolidation gold: TOML files in GOLD_DIR or in its
    /// train/ and test/ subfolders, each part scored apart
    /// (docs/register-gold.md).
    EvalRegister {
        gold_dir: PathBuf,
        /// JSON Lines corpus (file or folder) holding the named articles.
        #[arg(long, default_value = "../shared/data/corpus")]
        corpus: PathBuf,
        /// List unmatched gold mentions, deals split or joined, and per gold
        /// deal the entries its mentions fell into.
        #[arg(long)]
        verbose: bool,
        /// Score only this part (e.g. `train`: read misses there without
        /// seeing the test part's).
        #[arg(long)]
        part: Option<String>,
    },
}

fn main() -> ExitCode {
    // Extractor defects are caught per article and reported as one line
    // naming it (commands::extract_batch); keep the default panic text for
    // everything else.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !armswatch_extract::in_extraction() {
            default_hook(info);
        }
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // `armswatch eval | head`: the reader has all it wanted.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("armswatch: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Output failed because whoever reads it has gone (EPIPE). Commands write
/// with `writeln!(...)?` rather than `println!`, which would panic.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let io =
            cause.downcast_ref::<std::io::Error>().or_else(|| {
                match cause.downcast_ref::<armswatch_store::StoreError>() {
                    Some(armswatch_store::StoreError::Io(io)) => Some(io),
                    _ => None,
                }
            });
        io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let db = db::Db::from_arg(&cli.db);
    // Commands that still use SQLite's own tables (reviews, users, alerts,
    // feeds, SIPRI) or its file (demo) refuse a PostgreSQL URL up front.
    let file = |command: &str| db.sqlite_only(command);
    match cli.command {
        Command::Extract {
            published,
            max_article_bytes,
            timings,
            paths,
        } => commands::extract(&paths, published.as_deref(), max_article_bytes, timings),
        Command::Explain {
            published,
            brief,
            text,
        } => explain::explain(&text, published.as_deref(), brief),
        Command::Ingest {
            published,
            max_article_bytes,
            paths,
        } => commands::ingest(&db, &paths, published.as_deref(), max_article_bytes),
        Command::Reextract => commands::reextract(&db),
        Command::List {
            kind,
            supplier,
            recipient,
            country,
            year,
            format,
            limit,
        } => commands::list(
            &db,
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
        Command::Show { doc } => commands::show(&db, &doc),
        Command::Export {
            format: ExportFormat::Gold,
            out,
            ..
        } => review_cmd::export_gold(file("export --format gold")?, &out),
        Command::Export {
            format, raw: true, ..
        } => commands::export(&db, format),
        Command::Export {
            format, raw: false, ..
        } => consolidate_cmd::export(&db, format),
        Command::Import {
            what: ImportWhat::Sipri { file: sipri_file },
        } => consolidate_cmd::import_sipri(file("import sipri")?, &sipri_file),
        Command::Reconcile {
            recipient,
            supplier,
            years,
            json,
        } => consolidate_cmd::reconcile(
            file("reconcile")?,
            recipient.as_deref(),
            supplier.as_deref(),
            years.as_deref(),
            json,
        ),
        Command::Search { query, limit } => commands::search(&db, &query, limit),
        Command::Demo { no_serve } => commands::demo(file("demo")?, examples::EXAMPLES, !no_serve),
        Command::Serve {
            addr,
            token,
            private,
            secure_cookies,
        } => {
            let options = armswatch_serve::Options {
                token,
                private,
                secure_cookies,
            };
            serve_cmd::serve(file("serve")?, addr, options)
        }
        Command::User { what } => user_cmd::run(file("user")?, what),
        Command::Parse {
            format,
            max_article_bytes,
            paths,
        } => parse_cmd::parse(&paths, format, max_article_bytes),
        Command::Watch { feeds, once } => watch_cmd::watch(file("watch")?, &feeds, once),
        Command::Alert { what } => alert_cmd::run(file("alert")?, what),
        Command::EvalParser { file, json } => parse_cmd::eval_parser(&file, json),
        Command::Eval {
            dirs,
            verbose,
            json,
            min_records_f1,
            min_entity_f1,
            corpus,
        } => commands::eval(
            &dirs,
            &corpus,
            verbose,
            json,
            (min_records_f1, min_entity_f1),
        ),
        Command::EvalRegister {
            gold_dir,
            corpus,
            verbose,
            part,
        } => register_eval_cmd::eval_register(&gold_dir, &corpus, verbose, part.as_deref()),
    }
}
