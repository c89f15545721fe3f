//! `armswatch user`: accounts of the web UI (crates/auth). Passwords are
//! read from standard input (one line), never from the command line.

use anyhow::{bail, Context, Result};
use armswatch_auth::Role;
use clap::Subcommand;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Who changes accounts from the command line, in the audit log.
const CLI: &str = "cli";

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        name: String,
        /// reader (reads a private server), analyst (reviews), admin.
        #[arg(long, default_value = "reader")]
        role: String,
    },
    /// List accounts and their roles.
    List,
    /// Delete an account and its sessions.
    Remove { name: String },
    /// Set a new password (read from standard input); ends the user's sessions.
    Passwd { name: String },
}

/// One line of standard input, without its line ending. At a terminal the
/// prompt goes to stderr (the line is echoed: pipe it in to hide it).
fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("password: ");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("reading the password")?;
    let pw = line.trim_end_matches(['\r', '\n']).to_string();
    if pw.is_empty() {
        bail!("no password given on standard input");
    }
    Ok(pw)
}

pub fn run(db: &Path, what: UserCommand) -> Result<ExitCode> {
    let store = crate::commands::open(db)?;
    let conn = store.connection();
    match what {
        UserCommand::Add { name, role } => {
            let role = Role::parse(&role)?;
            let pw = read_password()?;
            armswatch_auth::add_user(conn, &name, role, &pw, CLI)
                .with_context(|| format!("adding user {name:?}"))?;
            eprintln!("added {name} ({})", role.as_str());
        }
        UserCommand::List => {
            let mut out = std::io::stdout().lock();
            for u in armswatch_auth::list_users(conn)? {
                writeln!(out, "{}\t{}", u.name, u.role.as_str())?;
            }
        }
        UserCommand::Remove { name } => {
            armswatch_auth::remove_user(conn, &name, CLI)?;
            eprintln!("removed {name}");
        }
        UserCommand::Passwd { name } => {
            let pw = read_password()?;
            armswatch_auth::set_password(conn, &name, &pw, CLI)?;
            eprintln!("password of {name} changed");
        }
    }
    Ok(ExitCode::SUCCESS)
}
