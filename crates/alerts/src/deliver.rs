//! Webhook delivery from the outbox (`alert_outbox`).
//!
//! A row is written with its match, in the store's transaction; it is
//! marked delivered only after a 2xx answer. A process killed before that
//! leaves it pending, and the next run sends it: nothing is lost, and a
//! receiver sees a repeat only if the process dies between the 2xx and
//! the update (the body's `id` lets it drop one). A deliverer leases a row
//! before sending it, so two processes (a `serve` and an `alert deliver`)
//! never send the same row at once.

use crate::{now_secs, now_text, AlertError, Ctx};
use rusqlite::{params, Connection};
use std::time::Duration;

/// Names the project to the receiver.
pub const USER_AGENT: &str = concat!(
    "armswatch/",
    env!("CARGO_PKG_VERSION"),
    " (alerts webhook; +https://github.com/armswatch)"
);

/// How hard to try.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Attempts at one delivery within one run (back to back, with
    /// `first_retry` doubling between them).
    pub tries_per_run: u32,
    pub first_retry: Duration,
    /// After this many attempts in all, the delivery is marked failed.
    pub max_attempts: u32,
    /// Wait before a later run tries again: `backoff_base` doubled per
    /// attempt made, at most `backoff_cap`.
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Connect, read and write timeout of one POST.
    pub timeout: Duration,
    /// How long a row being sent is left to its deliverer (a killed one
    /// gives it up when this runs out).
    pub lease: Duration,
    /// Send rows whose next attempt is not due yet (`alert deliver`).
    pub ignore_schedule: bool,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            tries_per_run: 3,
            first_retry: Duration::from_millis(500),
            max_attempts: 24,
            backoff_base: Duration::from_secs(10),
            backoff_cap: Duration::from_secs(3600),
            timeout: Duration::from_secs(10),
            lease: Duration::from_secs(120),
            ignore_schedule: false,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Delivered {
    pub delivered: usize,
    /// Failed this run; tried again later.
    pub retrying: usize,
    /// Given up after `max_attempts`.
    pub failed: usize,
    /// One line per delivery that failed this run.
    pub errors: Vec<String>,
}

/// A queued POST.
struct Row {
    id: i64,
    url: String,
    body: String,
    attempts: u32,
}

/// Sends every pending webhook that is due (all pending ones with
/// `ignore_schedule`), one at a time.
pub fn deliver(conn: &Connection, policy: &Policy) -> Result<Delivered, AlertError> {
    let agent = ureq::AgentBuilder::new()
        .user_agent(USER_AGENT)
        .timeout_connect(policy.timeout)
        .timeout_read(policy.timeout)
        .timeout_write(policy.timeout)
        // A webhook that moved is a configuration error, not a place to
        // re-send the body to.
        .redirects(0)
        .build();
    let mut out = Delivered::default();
    for row in due(conn, policy)? {
        if !claim(conn, row.id, policy)? {
            continue; // another deliverer has it
        }
        let (tries, result) = post_with_retries(&agent, &row, policy);
        let attempts = row.attempts.saturating_add(tries);
        match result {
            Ok(()) => {
                mark_delivered(conn, row.id, attempts)?;
                out.delivered += 1;
            }
            Err(e) => {
                let gave_up = attempts >= policy.max_attempts;
                mark_failed(conn, row.id, attempts, &e, gave_up, policy)?;
                let next = if gave_up { "gave up" } else { "will retry" };
                out.errors.push(format!(
                    "webhook {}: {e} ({attempts} attempts, {next})",
                    row.url
                ));
                if gave_up {
                    out.failed += 1;
                } else {
                    out.retrying += 1;
                }
            }
        }
    }
    Ok(out)
}

fn due(conn: &Connection, policy: &Policy) -> Result<Vec<Row>, AlertError> {
    let ctx = || "reading the webhook outbox".to_string();
    let mut st = conn
        .prepare_cached(
            "SELECT id, url, body, attempts FROM alert_outbox
             WHERE state = 'pending' AND (?1 OR next_attempt_at <= ?2)
               AND (leased_until IS NULL OR leased_until <= ?2)
             ORDER BY id",
        )
        .ctx(ctx)?;
    let rows = st
        .query_map(params![policy.ignore_schedule, now_secs()], |r| {
            Ok(Row {
                id: r.get(0)?,
                url: r.get(1)?,
                body: r.get(2)?,
                attempts: u32::try_from(r.get::<_, i64>(3)?).unwrap_or(u32::MAX),
            })
        })
        .ctx(ctx)?;
    rows.collect::<rusqlite::Result<Vec<_>>>().ctx(ctx)
}

/// Takes the row for this deliverer unless another one holds it.
fn claim(conn: &Connection, id: i64, policy: &Policy) -> Result<bool, AlertError> {
    let now = now_secs();
    let until = now.saturating_add(secs(policy.lease));
    let n = conn
        .execute(
            "UPDATE alert_outbox SET leased_until = ?2
             WHERE id = ?1 AND state = 'pending'
               AND (leased_until IS NULL OR leased_until <= ?3)",
            params![id, until, now],
        )
        .ctx(|| format!("claiming webhook delivery {id}"))?;
    Ok(n == 1)
}

/// Up to `tries_per_run` POSTs; how many were made and the last outcome.
fn post_with_retries(agent: &ureq::Agent, row: &Row, policy: &Policy) -> (u32, Result<(), String>) {
    let mut wait = policy.first_retry;
    let mut tries = 0;
    loop {
        tries += 1;
        let result = post(agent, &row.url, &row.body);
        if result.is_ok() || tries >= policy.tries_per_run.max(1) {
            return (tries, result);
        }
        std::thread::sleep(wait);
        wait = wait.saturating_mul(2);
    }
}

/// One POST; only a 2xx answer counts as delivered.
fn post(agent: &ureq::Agent, url: &str, body: &str) -> Result<(), String> {
    match agent
        .post(url)
        .set("Content-Type", "application/json")
        .send_string(body)
    {
        Ok(res) if (200..300).contains(&res.status()) => Ok(()),
        Ok(res) => Err(format!("answered {}", res.status())),
        Err(ureq::Error::Status(code, _)) => Err(format!("answered {code}")),
        // Not `t.to_string()`: it repeats the URL the caller names already.
        Err(ureq::Error::Transport(t)) => Err(match t.message() {
            Some(m) => format!("{}: {m}", t.kind()),
            None => t.kind().to_string(),
        }),
    }
}

fn mark_delivered(conn: &Connection, id: i64, attempts: u32) -> Result<(), AlertError> {
    conn.execute(
        "UPDATE alert_outbox SET state = 'delivered', attempts = ?2, delivered_at = ?3,
             leased_until = NULL, last_error = NULL
         WHERE id = ?1",
        params![id, attempts, now_text()],
    )
    .ctx(|| format!("marking webhook delivery {id} done"))?;
    Ok(())
}

fn mark_failed(
    conn: &Connection,
    id: i64,
    attempts: u32,
    error: &str,
    gave_up: bool,
    policy: &Policy,
) -> Result<(), AlertError> {
    let next = now_secs().saturating_add(secs(backoff(policy, attempts)));
    conn.execute(
        "UPDATE alert_outbox SET state = ?2, attempts = ?3, next_attempt_at = ?4,
             leased_until = NULL, last_error = ?5
         WHERE id = ?1",
        params![
            id,
            if gave_up { "failed" } else { "pending" },
            attempts,
            next,
            error
        ],
    )
    .ctx(|| format!("recording a failed webhook delivery {id}"))?;
    Ok(())
}

/// `backoff_base` × 2^(attempts − 1), at most `backoff_cap`.
fn backoff(policy: &Policy, attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(30);
    policy
        .backoff_base
        .saturating_mul(1u32 << doublings)
        .min(policy.backoff_cap)
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = Policy::default();
        assert_eq!(backoff(&p, 1), Duration::from_secs(10));
        assert_eq!(backoff(&p, 3), Duration::from_secs(40));
        assert_eq!(backoff(&p, 40), Duration::from_secs(3600));
    }
}
