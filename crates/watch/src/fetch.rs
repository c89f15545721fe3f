//! Polite HTTP: robots.txt, a per-host delay, timeouts, bounded retries
//! with backoff, a size cap, conditional GETs and a user agent that names
//! the project.

use crate::robots::Robots;
use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};
use url::Url;

/// Sent with every request, so a site owner can find out who we are.
pub const USER_AGENT: &str = "armswatch/0.1 (+https://github.com/armswatch)";
/// The product token robots.txt groups are matched against.
pub const ROBOTS_TOKEN: &str = "armswatch";

/// robots.txt is fetched again after this long (in a long-running watch).
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// An unreachable robots.txt keeps us out of its site only this long
/// before it is asked for again (an outage is usually short).
const UNREACHABLE_ROBOTS_TTL: Duration = Duration::from_secs(10 * 60);
/// Redirects followed for one request.
const MAX_REDIRECTS: usize = 5;
/// Longest single wait between retries, whatever the attempt.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// robots.txt files beyond this are cut (Google reads 500 KiB).
const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Politeness {
    pub user_agent: String,
    /// Least time between two requests to one host.
    pub delay: Duration,
    /// Connect and read timeout of one request.
    pub timeout: Duration,
    /// Extra attempts after a network error, 429 or 5xx.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Largest feed or page accepted.
    pub max_bytes: u64,
}

impl Default for Politeness {
    fn default() -> Politeness {
        Politeness {
            user_agent: USER_AGENT.to_string(),
            delay: Duration::from_secs(2),
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_millis(500),
            max_bytes: 8 * 1024 * 1024,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("{url}: not an http(s) URL ({reason})")]
    BadUrl { url: String, reason: String },
    #[error("{url}: disallowed by the site's robots.txt")]
    Disallowed { url: String },
    #[error("{url}: HTTP status {status}")]
    Status { url: String, status: u16 },
    #[error("{url}: {message}")]
    Transport { url: String, message: String },
    #[error("{url}: larger than the cap of {limit} bytes")]
    TooLarge { url: String, limit: u64 },
}

impl FetchError {
    /// Worth another try: the network or the server may recover.
    pub fn retryable(&self) -> bool {
        match self {
            FetchError::Transport { .. } => true,
            FetchError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// What a server said last time, for a conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// 304: nothing changed since the validators were given.
    NotModified,
    Body(Body),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub bytes: Vec<u8>,
    /// After redirects.
    pub url: String,
    pub content_type: Option<String>,
    pub validators: Validators,
}

/// Parses `s` as an absolute http or https URL.
pub fn http_url(s: &str) -> Result<Url, FetchError> {
    let bad = |reason: String| FetchError::BadUrl {
        url: s.to_string(),
        reason,
    };
    let u = Url::parse(s.trim()).map_err(|e| bad(e.to_string()))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(bad(format!("scheme {:?}", u.scheme())));
    }
    Ok(u)
}

/// One response: final, or a redirect to follow.
enum Answer {
    Done(Fetched),
    Redirect(Url),
}

/// Fetches politely; holds per-host state for one run.
pub struct Fetcher {
    agent: ureq::Agent,
    politeness: Politeness,
    /// When each host (`host:port`) was last asked for something.
    last_request: HashMap<String, Instant>,
    /// robots.txt per origin, with when it must be fetched again.
    robots: HashMap<String, (Instant, Robots)>,
}

impl Fetcher {
    pub fn new(politeness: Politeness) -> Fetcher {
        let agent = ureq::AgentBuilder::new()
            .user_agent(&politeness.user_agent)
            .timeout_connect(politeness.timeout)
            .timeout_read(politeness.timeout)
            .timeout_write(politeness.timeout)
            // Followed by hand: see `Fetcher::follow`.
            .redirects(0)
            .build();
        Fetcher {
            agent,
            politeness,
            last_request: HashMap::new(),
            robots: HashMap::new(),
        }
    }

    /// GETs `url` if robots.txt allows it, conditionally when `validators`
    /// are given, retrying transient failures.
    pub fn get(
        &mut self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let u = http_url(url)?;
        let max = self.politeness.max_bytes;
        self.follow(u, validators, max, true)
    }

    /// Follows redirects here rather than in the client, so that every hop
    /// is held to its own host's robots.txt and delay.
    fn follow(
        &mut self,
        mut u: Url,
        validators: Option<&Validators>,
        max: u64,
        check_robots: bool,
    ) -> Result<Fetched, FetchError> {
        for _ in 0..=MAX_REDIRECTS {
            if check_robots
                && !self
                    .robots_for(&u)
                    .allowed(ROBOTS_TOKEN, &path_and_query(&u))
            {
                return Err(FetchError::Disallowed { url: u.to_string() });
            }
            let delay = if check_robots {
                let crawl = self.robots_for(&u).crawl_delay(ROBOTS_TOKEN);
                crawl.map_or(self.politeness.delay, |c| c.max(self.politeness.delay))
            } else {
                self.politeness.delay
            };
            match self.get_with_retries(&u, validators, max, delay)? {
                Answer::Done(f) => return Ok(f),
                Answer::Redirect(next) => u = next,
            }
        }
        Err(FetchError::Transport {
            url: u.to_string(),
            message: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }

    fn get_with_retries(
        &mut self,
        u: &Url,
        validators: Option<&Validators>,
        max: u64,
        delay: Duration,
    ) -> Result<Answer, FetchError> {
        let mut attempt = 0;
        loop {
            self.wait_turn(u, delay);
            match self.get_once(u, validators, max) {
                Err(e) if e.retryable() && attempt < self.politeness.retries => {
                    std::thread::sleep(backoff(self.politeness.backoff, attempt));
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    fn get_once(
        &self,
        u: &Url,
        validators: Option<&Validators>,
        max: u64,
    ) -> Result<Answer, FetchError> {
        let mut req = self.agent.request_url("GET", u);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.set("If-None-Match", etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.set("If-Modified-Since", lm);
            }
        }
        let status = |status| FetchError::Status {
            url: u.to_string(),
            status,
        };
        let resp = match req.call() {
            Ok(r) => r,
            Err(ureq::Error::Status(code, _)) => return Err(status(code)),
            Err(e) => {
                return Err(FetchError::Transport {
                    url: u.to_string(),
                    message: e.to_string(),
                })
            }
        };
        match resp.status() {
            304 => Ok(Answer::Done(Fetched::NotModified)),
            code @ 300..=399 => resp
                .header("Location")
                .and_then(|l| u.join(l.trim()).ok())
                .filter(|n| matches!(n.scheme(), "http" | "https"))
                .map(Answer::Redirect)
                .ok_or_else(|| status(code)),
            _ => read_body(resp, max).map(|b| Answer::Done(Fetched::Body(b))),
        }
    }

    /// Sleeps until `delay` has passed since this host's last request.
    fn wait_turn(&mut self, u: &Url, delay: Duration) {
        let host = format!(
            "{}:{}",
            u.host_str().unwrap_or(""),
            u.port_or_known_default().unwrap_or(0)
        );
        if let Some(last) = self.last_request.get(&host) {
            let next = *last + delay;
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
        }
        self.last_request.insert(host, Instant::now());
    }

    /// The origin's robots.txt, fetched again after [`ROBOTS_TTL`]
    /// ([`UNREACHABLE_ROBOTS_TTL`] when it could not be had).
    fn robots_for(&mut self, u: &Url) -> &Robots {
        let origin = u.origin().ascii_serialization();
        let fresh = self
            .robots
            .get(&origin)
            .is_some_and(|(until, _)| Instant::now() < *until);
        if !fresh {
            let robots = self.fetch_robots(u);
            let ttl = if robots.is_unreachable() {
                UNREACHABLE_ROBOTS_TTL
            } else {
                ROBOTS_TTL
            };
            self.robots
                .insert(origin.clone(), (Instant::now() + ttl, robots));
        }
        match self.robots.get(&origin) {
            Some((_, r)) => r,
            None => unreachable_robots(),
        }
    }

    fn fetch_robots(&mut self, u: &Url) -> Robots {
        let mut robots_url = u.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        // RFC 9309: 4xx means no rules; 5xx or no answer means stay out.
        match self.follow(robots_url, None, MAX_ROBOTS_BYTES, false) {
            Ok(Fetched::Body(b)) => Robots::parse(&String::from_utf8_lossy(&b.bytes)),
            Ok(Fetched::NotModified) => Robots::allow_all(),
            Err(FetchError::Status { status, .. }) if (400..500).contains(&status) => {
                Robots::allow_all()
            }
            Err(FetchError::TooLarge { .. }) => Robots::allow_all(),
            Err(_) => Robots::disallow_all(),
        }
    }
}

/// A fallback that is never used (the map was just filled); it exists so
/// [`Fetcher::robots_for`] needs no `unwrap`.
fn unreachable_robots() -> &'static Robots {
    static DENY: std::sync::OnceLock<Robots> = std::sync::OnceLock::new();
    DENY.get_or_init(Robots::disallow_all)
}

fn path_and_query(u: &Url) -> String {
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    }
}

fn backoff(base: Duration, attempt: u32) -> Duration {
    base.saturating_mul(1u32 << attempt.min(16))
        .min(MAX_BACKOFF)
}

/// Reads at most `max` bytes; a longer body (by header or by count) is an
/// error, so a huge or endless response cannot fill memory.
fn read_body(resp: ureq::Response, max: u64) -> Result<Body, FetchError> {
    let url = resp.get_url().to_string();
    let too_large = || FetchError::TooLarge {
        url: url.clone(),
        limit: max,
    };
    let declared = resp
        .header("Content-Length")
        .and_then(|l| l.trim().parse::<u64>().ok());
    if declared.is_some_and(|l| l > max) {
        return Err(too_large());
    }
    let header = |name: &str| resp.header(name).map(str::to_string);
    let validators = Validators {
        etag: header("ETag"),
        last_modified: header("Last-Modified"),
    };
    let content_type = header("Content-Type");
    let mut bytes = Vec::new();
    resp.into_reader()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| FetchError::Transport {
            url: url.clone(),
            message: e.to_string(),
        })?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(Body {
        bytes,
        url,
        content_type,
        validators,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_bounded() {
        let b = Duration::from_millis(500);
        assert_eq!(backoff(b, 0), Duration::from_millis(500));
        assert_eq!(backoff(b, 2), Duration::from_secs(2));
        assert_eq!(backoff(b, 40), MAX_BACKOFF);
    }

    #[test]
    fn only_http_urls() {
        assert!(http_url("https://a.example/x").is_ok());
        assert!(http_url("file:///etc/passwd").is_err());
        assert!(http_url("not a url").is_err());
    }
}
