//! FEEDS.toml: one `[[feed]]` table per source, plus optional politeness
//! settings at the top level.

use crate::fetch::Politeness;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How often a feed is polled when its table gives no `every`.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(60 * 60);

/// What is wrong with a FEEDS.toml; every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    // The cause is in the message and deliberately not a `source()`:
    // anyhow's `{:#}` would print it twice.
    #[error("cannot read {}: {cause}", path.display())]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Syntax { path: PathBuf, message: String },
    #[error(
        "{}: no [[feed]] table; add one per source, e.g.\n[[feed]]\nurl = \"https://example.org/rss.xml\"",
        path.display()
    )]
    NoFeeds { path: PathBuf },
    #[error("{}: feed {number} ({url:?}): {problem}", path.display())]
    Feed {
        path: PathBuf,
        /// 1-based position of the `[[feed]]` table.
        number: usize,
        url: String,
        problem: String,
    },
    #[error("{}: {key} = {value:?}: {problem}", path.display())]
    Setting {
        path: PathBuf,
        key: &'static str,
        value: String,
        problem: String,
    },
}

/// One source to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedConfig {
    pub url: String,
    pub outlet: Option<String>,
    pub every: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub feeds: Vec<FeedConfig>,
    pub politeness: Politeness,
}

// Unknown keys are errors: a misspelt `evry` silently ignored would poll
// at the default rate and nobody would know why.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    feed: Vec<RawFeed>,
    delay: Option<String>,
    timeout: Option<String>,
    retries: Option<u32>,
    max_bytes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    url: String,
    outlet: Option<String>,
    every: Option<String>,
}

impl Config {
    /// Reads and checks a FEEDS.toml.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|cause| ConfigError::Read {
            path: path.to_path_buf(),
            cause,
        })?;
        Config::parse(&text, path)
    }

    /// Parses FEEDS.toml text; `path` only names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        if raw.feed.is_empty() {
            return Err(ConfigError::NoFeeds {
                path: path.to_path_buf(),
            });
        }
        let feeds = raw
            .feed
            .into_iter()
            .enumerate()
            .map(|(i, f)| check_feed(f, i + 1, path))
            .collect::<Result<Vec<_>, _>>()?;
        let politeness = politeness(&raw.delay, &raw.timeout, raw.retries, raw.max_bytes, path)?;
        Ok(Config { feeds, politeness })
    }
}

fn check_feed(f: RawFeed, number: usize, path: &Path) -> Result<FeedConfig, ConfigError> {
    let fail = |problem: String| ConfigError::Feed {
        path: path.to_path_buf(),
        number,
        url: f.url.clone(),
        problem,
    };
    crate::fetch::http_url(&f.url).map_err(|e| fail(e.to_string()))?;
    let every = match &f.every {
        None => DEFAULT_EVERY,
        Some(s) => match parse_duration(s) {
            Ok(d) if d.is_zero() => return Err(fail("every must be longer than zero".into())),
            Ok(d) => d,
            Err(e) => return Err(fail(format!("every = {s:?}: {e}"))),
        },
    };
    let outlet = f
        .outlet
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map(str::to_string);
    Ok(FeedConfig {
        url: f.url.trim().to_string(),
        outlet,
        every,
    })
}

fn politeness(
    delay: &Option<String>,
    timeout: &Option<String>,
    retries: Option<u32>,
    max_bytes: Option<u64>,
    path: &Path,
) -> Result<Politeness, ConfigError> {
    let mut p = Politeness::default();
    let duration = |key: &'static str, value: &str| {
        parse_duration(value).map_err(|problem| ConfigError::Setting {
            path: path.to_path_buf(),
            key,
            value: value.to_string(),
            problem,
        })
    };
    if let Some(d) = delay {
        p.delay = duration("delay", d)?;
    }
    if let Some(t) = timeout {
        p.timeout = duration("timeout", t)?;
    }
    // Bounded: retries multiply the time one bad host can hold the others up.
    if let Some(r) = retries {
        if r > MAX_RETRIES {
            return Err(ConfigError::Setting {
                path: path.to_path_buf(),
                key: "retries",
                value: r.to_string(),
                problem: format!("at most {MAX_RETRIES}"),
            });
        }
        p.retries = r;
    }
    if let Some(m) = max_bytes {
        p.max_bytes = m;
    }
    Ok(p)
}

const MAX_RETRIES: u32 = 5;

/// "90s", "30m", "2h", "1d", "1h30m", "250ms". A bare number is refused:
/// seconds or minutes would be a guess.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty duration; write e.g. \"30m\" or \"2h\"".into());
    }
    let mut total = Duration::ZERO;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit_end = rest[digits..]
            .find(|c: char| c.is_ascii_digit())
            .map_or(rest.len(), |i| digits + i);
        let n: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("{s:?} is not a duration like \"30m\" or \"2h\""))?;
        let unit = match rest[digits..unit_end].trim() {
            "ms" => Duration::from_millis(1),
            "s" => Duration::from_secs(1),
            "m" | "min" => Duration::from_secs(60),
            "h" => Duration::from_secs(3600),
            "d" => Duration::from_secs(86400),
            u => {
                return Err(format!(
                    "unknown unit {u:?} in {s:?} (use ms, s, m, h or d)"
                ))
            }
        };
        let part = u32::try_from(n)
            .ok()
            .and_then(|n| unit.checked_mul(n))
            .ok_or_else(|| format!("{s:?} is too long"))?;
        total = total
            .checked_add(part)
            .ok_or_else(|| format!("{s:?} is too long"))?;
        rest = &rest[unit_end..];
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("FEEDS.toml"))
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("30").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("3 weeks").is_err());
        assert!(parse_duration("99999999999999d").is_err());
        assert!(parse_duration("5µs").is_err());
        assert!(parse_duration("٣m").is_err());
    }

    #[test]
    fn feeds_and_defaults() {
        let c = parse(
            "delay = \"2s\"\n[[feed]]\nurl = \"https://a.example/rss\"\noutlet = \"A\"\nevery = \"30m\"\n\
             [[feed]]\nurl = \"http://b.example/atom\"\n",
        )
        .unwrap();
        assert_eq!(c.feeds.len(), 2);
        assert_eq!(c.feeds[0].outlet.as_deref(), Some("A"));
        assert_eq!(c.feeds[0].every, Duration::from_secs(1800));
        assert_eq!(c.feeds[1].every, DEFAULT_EVERY);
        assert_eq!(c.politeness.delay, Duration::from_secs(2));
    }

    #[test]
    fn errors_name_file_and_problem() {
        let cases = [
            ("[[feed]]\nurl = \"ftp://x/rss\"", "feed 1"),
            (
                "[[feed]]\nurl = \"https://x/rss\"\nevery = \"soon\"",
                "every",
            ),
            ("[[feed]]\nurl = \"https://x/rss\"\nevry = \"1h\"", "evry"),
            ("[[feed]\nurl = ", "FEEDS.toml"),
            ("", "no [[feed]]"),
            ("retries = 50\n[[feed]]\nurl = \"https://x/rss\"", "retries"),
        ];
        for (text, needle) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.starts_with("FEEDS.toml"), "{e}");
            assert!(e.contains(needle), "{needle:?} not in {e}");
        }
    }
}
