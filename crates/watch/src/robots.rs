//! robots.txt (RFC 9309): groups of `User-agent` lines with their `Allow`
//! and `Disallow` rules; the most specific (longest) matching rule wins,
//! `Allow` winning a tie; `*` matches any run of characters and a final
//! `$` anchors the end.

/// Longest `Crawl-delay` honoured.
pub const MAX_CRAWL_DELAY: std::time::Duration = std::time::Duration::from_secs(60);

/// The parsed file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    groups: Vec<Group>,
    /// Set when robots.txt could not be fetched for a server-side reason:
    /// RFC 9309 says to assume everything is disallowed then.
    disallow_all: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Group {
    agents: Vec<String>,
    rules: Vec<Rule>,
    /// `Crawl-delay` (not in RFC 9309, but widely used), in seconds.
    crawl_delay: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    allow: bool,
    pattern: String,
}

impl Robots {
    /// Everything allowed (no robots.txt, or a 4xx for it).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Nothing allowed (robots.txt unreachable: 5xx or network error).
    pub fn disallow_all() -> Robots {
        Robots {
            groups: Vec::new(),
            disallow_all: true,
        }
    }

    /// Made by [`Robots::disallow_all`]: robots.txt could not be had.
    pub fn is_unreachable(&self) -> bool {
        self.disallow_all
    }

    pub fn parse(text: &str) -> Robots {
        let mut groups: Vec<Group> = Vec::new();
        // A User-agent line after rules opens a new group; consecutive
        // User-agent lines share one.
        let mut in_rules = true;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "user-agent" => {
                    if in_rules || groups.is_empty() {
                        groups.push(Group::default());
                        in_rules = false;
                    }
                    if let Some(g) = groups.last_mut() {
                        g.agents.push(value.to_ascii_lowercase());
                    }
                }
                k @ ("allow" | "disallow") => {
                    in_rules = true;
                    // An empty Disallow allows everything: no rule needed.
                    if value.is_empty() {
                        continue;
                    }
                    if let Some(g) = groups.last_mut() {
                        g.rules.push(Rule {
                            allow: k == "allow",
                            pattern: value.to_string(),
                        });
                    }
                }
                "crawl-delay" => {
                    // Like a rule, it closes the group's list of agents.
                    in_rules = true;
                    let secs = value
                        .parse::<f64>()
                        .ok()
                        .filter(|d| d.is_finite() && *d >= 0.0);
                    if let (Some(g), Some(d)) = (groups.last_mut(), secs) {
                        g.crawl_delay = Some(d);
                    }
                }
                _ => {}
            }
        }
        Robots {
            groups,
            disallow_all: false,
        }
    }

    /// May a crawler whose product token is `agent` fetch `path` (path and
    /// query, starting with `/`)?
    pub fn allowed(&self, agent: &str, path: &str) -> bool {
        if path == "/robots.txt" {
            return true;
        }
        if self.disallow_all {
            return false;
        }
        let agent = agent.to_ascii_lowercase();
        let mut rules = self.rules_for(|a| a == agent).peekable();
        let best = if rules.peek().is_some() {
            best_rule(rules, path)
        } else {
            best_rule(self.rules_for(|a| a == "*"), path)
        };
        best.is_none_or(|r| r.allow)
    }

    /// The `Crawl-delay` of our group (else of `*`), capped at
    /// [`MAX_CRAWL_DELAY`] so one site cannot stall the watcher.
    pub fn crawl_delay(&self, agent: &str) -> Option<std::time::Duration> {
        let agent = agent.to_ascii_lowercase();
        let of = |pick: &dyn Fn(&str) -> bool| {
            self.groups
                .iter()
                .filter(|g| g.agents.iter().any(|a| pick(a)))
                .find_map(|g| g.crawl_delay)
        };
        let secs = of(&|a| a == agent).or_else(|| of(&|a| a == "*"))?;
        Some(std::time::Duration::from_secs_f64(
            secs.min(MAX_CRAWL_DELAY.as_secs_f64()),
        ))
    }

    /// Rules of every group naming an agent that `pick` accepts (groups
    /// for the same agent are merged, as RFC 9309 asks).
    fn rules_for<'a>(&'a self, pick: impl Fn(&str) -> bool + 'a) -> impl Iterator<Item = &'a Rule> {
        self.groups
            .iter()
            .filter(move |g| g.agents.iter().any(|a| pick(a)))
            .flat_map(|g| g.rules.iter())
    }
}

fn best_rule<'a>(rules: impl Iterator<Item = &'a Rule>, path: &str) -> Option<&'a Rule> {
    let mut best: Option<&Rule> = None;
    for r in rules.filter(|r| matches(&r.pattern, path)) {
        let better = best.is_none_or(|b| {
            r.pattern.len() > b.pattern.len() || (r.pattern.len() == b.pattern.len() && r.allow)
        });
        if better {
            best = Some(r);
        }
    }
    best
}

/// Does `pattern` (a prefix, with `*` wildcards and an optional final `$`)
/// match `path`?
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return !anchored || rest.is_empty();
    };
    // Leftmost matches for the middle pieces leave the most room for the rest.
    for piece in middle {
        match rest.find(piece) {
            Some(i) => rest = &rest[i + piece.len()..],
            None => return false,
        }
    }
    if anchored {
        rest.ends_with(last)
    } else {
        rest.contains(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# comment
User-agent: otherbot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/open
Disallow: /*.pdf$

User-agent: ArmsWatch
User-agent: someone-else
Disallow: /drafts
Allow: /drafts/public
";

    #[test]
    fn own_group_wins_over_star() {
        let r = Robots::parse(FILE);
        assert!(!r.allowed("armswatch", "/drafts/x"));
        assert!(r.allowed("armswatch", "/drafts/public/x"));
        // The * group does not apply when a group names us.
        assert!(r.allowed("armswatch", "/private/x"));
    }

    #[test]
    fn star_group_longest_match() {
        let r = Robots::parse(FILE);
        assert!(!r.allowed("anybot", "/private/x"));
        assert!(r.allowed("anybot", "/private/open/x"));
        assert!(!r.allowed("anybot", "/files/a.pdf"));
        assert!(r.allowed("anybot", "/files/a.pdf?x=1"));
        assert!(!r.allowed("otherbot", "/anything"));
        assert!(r.allowed("otherbot", "/robots.txt"));
    }

    #[test]
    fn crawl_delay() {
        let r = Robots::parse(
            "User-agent: *\nCrawl-delay: 1.5\n\nUser-agent: slowbot\nCrawl-delay: 9999\n",
        );
        assert_eq!(
            r.crawl_delay("armswatch"),
            Some(std::time::Duration::from_millis(1500))
        );
        assert_eq!(r.crawl_delay("slowbot"), Some(MAX_CRAWL_DELAY));
        assert_eq!(
            Robots::parse("User-agent: *\nCrawl-delay: soon\n").crawl_delay("x"),
            None
        );
    }

    #[test]
    fn empty_and_unreachable() {
        assert!(Robots::parse("User-agent: *\nDisallow:\n").allowed("armswatch", "/x"));
        assert!(Robots::allow_all().allowed("armswatch", "/x"));
        assert!(!Robots::disallow_all().allowed("armswatch", "/x"));
    }

    #[test]
    fn wildcards() {
        assert!(matches("/a*b", "/axxb"));
        assert!(matches("/a*b", "/axxbyy"));
        assert!(!matches("/a*b$", "/axxbyy"));
        assert!(matches("/a*b$", "/abab"));
        assert!(matches("*", "/"));
        assert!(!matches("/a$", "/ab"));
    }
}
