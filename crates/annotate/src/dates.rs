//! Dates, absolute and relative, resolved against the publication date to
//! the precision the text supports ("last month" in an article of
//! 2012-06-10 is 2012-05; "In November" in May 2012 is 2011-11).

use armswatch_register::Date;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    pub date: Date,
    /// The words as written.
    pub text: String,
    /// Points after the publication date ("by September", "in 1991",
    /// "next year"): a plan or deadline, not when something happened.
    pub future: bool,
    /// Introduced by "by", "until", "through": a deadline.
    pub deadline: bool,
}

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept\\.|Sep\\.|Oct\\.|Nov\\.|Dec\\.";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

fn month_number(s: &str) -> Option<u8> {
    let k = s.trim_end_matches('.').get(..3)?;
    Some(match k {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    })
}

fn weekday_number(s: &str) -> Option<u32> {
    WEEKDAYS.split('|').position(|w| w == s).map(|p| p as u32)
}

fn number_word(s: &str) -> Option<u32> {
    let l = s.to_lowercase();
    Some(match l.as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        _ => return l.parse().ok(),
    })
}

fn re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?x)
            (?P<mdy>(?-u:\b)(?P<m1>{MONTHS})\s(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y1>(?:1[89]|20)\d\d)(?-u:\b))
          | (?P<dmy>(?-u:\b)(?P<d2>\d{{1,2}})\s(?P<m2>{MONTHS})\s(?P<y2>(?:1[89]|20)\d\d)(?-u:\b))
          | (?P<my>(?-u:\b)(?P<m3>{MONTHS}),?\s(?P<y3>(?:1[89]|20)\d\d)(?-u:\b))
          | (?P<md>(?-u:\b)(?:(?P<rel4>last|next|this)\s)?(?P<m4>{MONTHS})\s(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b))
          | (?P<dm>(?-u:\b)(?P<d5>\d{{1,2}})\s(?P<m5>{MONTHS})(?-u:\b))
          | (?P<relm>(?-u:\b)(?P<rel6>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?)\s(?P<m6>{MONTHS})(?:,?\s(?P<y6>(?:1[89]|20)\d\d)|\s(?P<ry6>last|next|this)\syear)?(?-u:\b))
          | (?P<prepm>(?-u:\b)(?P<prep7>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]hrough|[Ff]rom|[Dd]uring|[Ii]n\searly|[Ii]n\slate|[Ii]n\smid-)\s(?P<m7>{MONTHS})(?:,?\s(?P<y7>(?:1[89]|20)\d\d)|\s(?P<ry7>last|next|this)\syear)?(?-u:\b))
          | (?P<relunit>(?-u:\b)(?P<rel8>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier\sthis|[Ll]ater\sthis|[Ee]arly\slast|[Ll]ate\slast|[Ee]arly\sthis|[Ll]ate\sthis)\s(?P<unit8>month|year|week|fiscal\syear|fiscal|summer|winter|spring|autumn|fall)(?-u:\b))
          | (?P<ago>(?-u:\b)(?P<n9>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s(?P<unit9>days?|weeks?|months?|years?)\sago(?-u:\b))
          | (?P<deictic>(?-u:\b)(?P<word10>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)(?-u:\b))
          | (?P<wd>(?-u:\b)(?P<prep11>[Oo]n|[Ll]ast|[Nn]ext|[Tt]his)\s(?P<w11>{WEEKDAYS})(?-u:\b))
          | (?P<fy>(?-u:\b)(?:[Ff]iscal|FY)\s?(?P<y12>(?:1[89]|20)\d\d)(?-u:\b))
          | (?P<y>(?-u:\b)(?P<prep13>(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Tt]hrough|[Ff]rom|[Dd]uring|[Ii]n\searly|[Ii]n\slate|[Ee]arly|[Ll]ate|[Mm]id-?)\s)?(?P<y13>(?:1[89]|20)\d\d)(?-u:\b)(?:'?s)?)
            "
        ))
        .expect("static regex")
    })
}

fn months_back(pub_: Date, n: i32) -> Option<Date> {
    let m = pub_.month? as i32;
    let total = pub_.year * 12 + (m - 1) - n;
    Some(Date::month(
        total.div_euclid(12),
        (total.rem_euclid(12) + 1) as u8,
    ))
}

/// Whether the clause before byte `at` speaks of what is to come ("will
/// host him on June 22", "is scheduled to visit in July"): a date without
/// a year there is the next one, not the last. With `phrase`, a date in
/// an opening phrase of time takes the main clause's tense (a month: "the
/// visit in June" of a story in May; a day that close is left to the
/// clause of its own, as a handover "during his May 1-3 visit" dates the
/// deal).
fn told_in_future(text: &str, at: usize, phrase: bool) -> bool {
    let head = &text[..at];
    let from = clause_start(head);
    // A date opening its sentence ("On July 14, the king will host him",
    // after a dateline or credit in capitals) takes the tense of the
    // clause after it.
    let lower_words = head[from..]
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_lowercase))
        .count();
    // So may one inside an opening phrase of time ("During his visit in
    // June, the leaders are expected to ...").
    let opening_phrase = head[from..]
        .split_whitespace()
        .next()
        .is_some_and(|w| OPENS_TIME_PHRASE.contains(&w.to_lowercase().as_str()))
        && !head[from..].contains(',');
    let opens = lower_words <= 1 || (phrase && opening_phrase);
    let rest = &text[at..];
    let to = rest.find(['.', '!', '?', '\n', ';']).unwrap_or(rest.len());
    speaks_of_future(&head[from..]) || (opens && speaks_of_future(&rest[..to]))
}

/// Where the clause that `head` ends begins: after its last stop, where
/// the dot of an initial ("U.S.", "J.") stops nothing.
fn clause_start(head: &str) -> usize {
    let b = head.as_bytes();
    let mut end = head.len();
    while let Some(i) = head[..end].rfind(['.', '!', '?', '\n', ';']) {
        let initial = b[i] == b'.'
            && i >= 1
            && b[i - 1].is_ascii_uppercase()
            && (i == 1 || matches!(b[i - 2], b'.' | b' '));
        if !initial {
            return i + 1;
        }
        end = i;
    }
    0
}

/// Words that open a phrase of time set before the main clause.
const OPENS_TIME_PHRASE: &[&str] = &["during", "at", "on", "ahead", "before", "for"];

/// Whether a stretch of text speaks of what is to come ("will host him",
/// "is scheduled to visit", "are expected to join", "are also expected
/// to").
pub fn speaks_of_future(text: &str) -> bool {
    let clause = text
        .to_lowercase()
        .replace(" also ", " ")
        .replace(" still ", " ");
    [
        " will ",
        "'ll ",
        "’ll ",
        " is to ",
        " are to ",
        " scheduled ",
        " slated ",
        " due to ",
        " set to ",
        " is expected to ",
        " are expected to ",
        " is likely to ",
        " are likely to ",
        " is poised to ",
        " are poised to ",
        " plans to ",
        " plan to ",
        " upcoming ",
    ]
    .iter()
    .any(|cue| clause.contains(cue))
        || clause.starts_with("will ")
}

fn is_deadline(prep: &str) -> bool {
    matches!(prep.to_lowercase().as_str(), "by" | "until" | "through")
}

/// Every date expression in `text`; relative ones only when `published`
/// is known (and only to the precision `published` has).
/// Whether a bare number that could be a year counts things: "for 2000
/// crores", "close to 2000 guns". A year before a plural noun is opened by
/// a determiner, a possessive or a name ("the 2016 elections", "India's
/// 2019 budget", "Malabar 2023 exercises"); a count is not.
fn counts_things(text: &str, start: usize, end: usize) -> bool {
    let next = text[end..].trim_start_matches(' ');
    let next: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    let units = [
        "crore",
        "lakh",
        "km",
        "kilometres",
        "kilometers",
        "tonnes",
        "tons",
    ];
    let plural =
        next.len() > 2 && next.ends_with('s') && next.starts_with(|c: char| c.is_lowercase());
    if !(plural || units.contains(&next.as_str())) {
        return false;
    }
    let before = text[..start].trim_end();
    let prev = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let determiner = matches!(
        prev.to_lowercase().as_str(),
        "the" | "a" | "its" | "their" | "his" | "her" | "our" | "this" | "that" | "these" | "those"
    );
    // "Malabar 2023 exercises": a name's edition.
    let currency = matches!(prev, "Rs" | "Rs." | "INR" | "USD" | "US$" | "$");
    let name = prev.starts_with(|c: char| c.is_uppercase()) && !currency;
    !(determiner || name || prev.ends_with("'s") || prev.ends_with("’s"))
}

pub fn find_dates(text: &str, published: Option<Date>) -> Vec<DateMention> {
    let mut out = Vec::new();
    for c in re().captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let get = |n: &str| c.name(n).map(|m| m.as_str());
        let year = |n: &str| get(n).and_then(|s| s.parse::<i32>().ok());
        let mut deadline = false;
        let mut future_hint = false;
        let date: Option<Date> = if c.name("mdy").is_some() {
            month_number(get("m1").unwrap_or(""))
                .and_then(|m| Date::ymd(year("y1")?, m, get("d1")?.parse().ok()?))
        } else if c.name("dmy").is_some() {
            month_number(get("m2").unwrap_or(""))
                .and_then(|m| Date::ymd(year("y2")?, m, get("d2")?.parse().ok()?))
        } else if c.name("my").is_some() {
            month_number(get("m3").unwrap_or("")).and_then(|m| Some(Date::month(year("y3")?, m)))
        } else if c.name("md").is_some() || c.name("dm").is_some() {
            let (m, d, rel) = if c.name("md").is_some() {
                (get("m4"), get("d4"), get("rel4"))
            } else {
                (get("m5"), get("d5"), None)
            };
            let (Some(p), Some(m), Some(d)) = (
                published,
                m.and_then(month_number),
                d.and_then(|d| d.parse::<u8>().ok()),
            ) else {
                continue;
            };
            let (pm, pd) = (p.month.unwrap_or(12), p.day.unwrap_or(31));
            let rel = rel.or_else(|| told_in_future(text, all.start(), false).then_some("next"));
            let y = match rel {
                Some("next") => {
                    future_hint = true;
                    // A day told as coming but a few weeks before the
                    // publication date was written before it went out
                    // (or the outlet dates it late): the same year.
                    let weeks_before = i32::from(pm) * 31 + i32::from(pd)
                        - (i32::from(m) * 31 + i32::from(d))
                        <= 31;
                    if (m, d) > (pm, pd) || weeks_before {
                        p.year
                    } else {
                        p.year + 1
                    }
                }
                Some("last") => {
                    if (m, d) < (pm, pd) {
                        p.year
                    } else {
                        p.year - 1
                    }
                }
                _ => {
                    if (m, d) <= (pm, pd) {
                        p.year
                    } else {
                        p.year - 1
                    }
                }
            };
            Date::ymd(y, m, d)
        } else if c.name("relm").is_some() || c.name("prepm").is_some() {
            let (m, rel, y, rel_year) = if c.name("relm").is_some() {
                (get("m6"), get("rel6"), year("y6"), get("ry6"))
            } else {
                (get("m7"), get("prep7"), year("y7"), get("ry7"))
            };
            // "in January last year": the month of the year told.
            let y = y.or_else(|| {
                let p = published?;
                Some(match rel_year? {
                    "last" => p.year - 1,
                    "next" => p.year + 1,
                    _ => p.year,
                })
            });
            if let (Some(y), Some(m)) = (y, m.and_then(month_number)) {
                let rel = rel.unwrap_or("").to_lowercase();
                deadline = is_deadline(&rel);
                out.push(DateMention {
                    start: all.start(),
                    end: all.end(),
                    text: all.as_str().to_string(),
                    date: Date::month(y, m),
                    future: published.is_some_and(|p| (y, m) > (p.year, p.month.unwrap_or(12))),
                    deadline,
                });
                continue;
            }
            let (Some(p), Some(m)) = (published, m.and_then(month_number)) else {
                continue;
            };
            let rel = rel.unwrap_or("").to_lowercase();
            let pm = p.month.unwrap_or(12);
            deadline = is_deadline(&rel);
            let future = rel == "next" || deadline;
            let y = if rel == "last" {
                if m < pm {
                    p.year
                } else {
                    p.year - 1
                }
            } else if rel == "this" {
                p.year
            } else if future || (m > pm && told_in_future(text, all.start(), true)) {
                future_hint = true;
                if m >= pm {
                    p.year
                } else {
                    p.year + 1
                }
            } else if m <= pm {
                p.year
            } else {
                p.year - 1
            };
            Some(Date::month(y, m))
        } else if c.name("relunit").is_some() {
            let (Some(p), Some(rel), Some(unit)) = (published, get("rel8"), get("unit8")) else {
                continue;
            };
            let rel = rel.to_lowercase();
            let back = if rel.contains("last") {
                1
            } else if rel.contains("next") {
                future_hint = true;
                -1
            } else {
                0
            };
            match unit {
                "month" => months_back(p, back),
                "week" => {
                    if back == 0 || p.day.is_none() {
                        months_back(p, 0)
                    } else if back > 0 {
                        p.minus_days(7).and_then(|d| months_back(d, 0))
                    } else {
                        months_back(p, 0)
                    }
                }
                _ => Some(Date::year(p.year - back)),
            }
        } else if c.name("ago").is_some() {
            let (Some(p), Some(n)) = (published, get("n9").and_then(number_word)) else {
                continue;
            };
            let unit = get("unit9").unwrap_or("");
            if unit.starts_with("day") {
                p.minus_days(n)
            } else if unit.starts_with("week") {
                p.minus_days(7 * n).and_then(|d| months_back(d, 0))
            } else if unit.starts_with("month") {
                months_back(p, n as i32)
            } else {
                Some(Date::year(p.year - n as i32))
            }
        } else if c.name("deictic").is_some() {
            let Some(p) = published else { continue };
            match get("word10").map(str::to_lowercase).as_deref() {
                Some("yesterday") => p.minus_days(1).or(Some(p)),
                Some("tomorrow") => {
                    future_hint = true;
                    Some(p)
                }
                _ => Some(p),
            }
        } else if c.name("wd").is_some() {
            let (Some(p), Some(w)) = (published, get("w11").and_then(weekday_number)) else {
                continue;
            };
            let Some(pw) = p.weekday() else { continue };
            let prep = get("prep11").unwrap_or("").to_lowercase();
            if prep == "next" {
                continue;
            }
            let mut back = (pw + 7 - w) % 7;
            if prep == "last" && back == 0 {
                back = 7;
            }
            p.minus_days(back)
        } else if c.name("fy").is_some() {
            year("y12").map(Date::year)
        } else if c.name("y").is_some() {
            // Decades ("the 1990's", "1980s") are not dates.
            if all.as_str().ends_with('s') {
                continue;
            }
            let prep = get("prep13").unwrap_or("").trim().to_lowercase();
            if prep.is_empty() && counts_things(text, all.start(), all.end()) {
                continue;
            }
            deadline = is_deadline(&prep);
            year("y13").map(Date::year)
        } else {
            None
        };
        let Some(date) = date else { continue };
        let future = future_hint
            || published.is_some_and(|p| {
                // Compare at the coarser precision of the two.
                let key = |d: Date, prec: u8| {
                    (
                        d.year,
                        if prec >= 1 { d.month.unwrap_or(0) } else { 0 },
                        if prec >= 2 { d.day.unwrap_or(0) } else { 0 },
                    )
                };
                let prec = |d: Date| d.month.map_or(0, |_| 1) + d.day.map_or(0, |_| 1);
                let k = prec(date).min(prec(p));
                key(date, k) > key(p, k)
            });
        out.push(DateMention {
            start: all.start(),
            end: all.end(),
            text: all.as_str().to_string(),
            date,
            future,
            deadline,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str, published: &str) -> Vec<String> {
        find_dates(text, Some(Date::parse(published).unwrap()))
            .into_iter()
            .map(|d| d.date.to_string())
            .collect()
    }

    /// A date without a year in a clause about what is to come is the next
    /// one; told of the past, the last one.
    #[test]
    fn future_tense_takes_the_coming_date() {
        assert_eq!(
            resolve("The president will host him on June 22.", "2023-05-10"),
            ["2023-06-22"]
        );
        assert_eq!(
            resolve("The president hosted him on June 22.", "2023-05-10"),
            ["2022-06-22"]
        );
        assert_eq!(
            resolve(
                "The minister is scheduled to visit Seoul in July.",
                "2023-05-10"
            ),
            ["2023-07"]
        );
        assert_eq!(
            resolve("The minister visited Seoul in July.", "2023-05-10"),
            ["2022-07"]
        );
        // A date in an opening phrase of time takes the main clause's tense,
        // an adverb inside the cue and all.
        assert_eq!(
            resolve(
                "During the king's stay in Oslo in July, the two are also expected to sign a pact.",
                "2023-05-10"
            ),
            ["2023-07"]
        );
        assert_eq!(
            resolve(
                "During the king's stay in Oslo in July, the two signed a pact.",
                "2023-05-10"
            ),
            ["2022-07"]
        );
        // The dot of an initial ("U.S.") ends no clause.
        assert_eq!(
            resolve(
                "Delhi will host leaders including U.S. President Lal in September.",
                "2023-05-10"
            ),
            ["2023-09"]
        );
        // Told as likely, the deal is still to come.
        assert_eq!(
            resolve("The deal is likely to be signed in August.", "2023-05-10"),
            ["2023-08"]
        );
        // A coming day a few days before the publication date was written
        // before it went out; one months before is next year's.
        assert_eq!(
            resolve("The president will host him on May 8.", "2023-05-10"),
            ["2023-05-08"]
        );
        assert_eq!(
            resolve("The president will host him on February 8.", "2023-05-10"),
            ["2024-02-08"]
        );
        // A date opening its sentence takes the tense after it.
        assert_eq!(
            resolve("On June 22, the president will host him.", "2023-05-10"),
            ["2023-06-22"]
        );
        assert_eq!(
            resolve("On June 22, the president hosted him.", "2023-05-10"),
            ["2022-06-22"]
        );
        assert_eq!(
            resolve(
                "NAIROBI On June 22, the president will host him.",
                "2023-05-10"
            ),
            ["2023-06-22"]
        );
        // The cue belongs to its own sentence.
        assert_eq!(
            resolve(
                "Talks will resume. The minister visited Seoul in July.",
                "2023-05-10"
            ),
            ["2022-07"]
        );
    }

    #[test]
    fn expectations_and_plans_take_the_coming_date() {
        for text in [
            "Both navies are expected to join the exercise in August.",
            "The ministry plans to sign the contract in September.",
            "Officials briefed reporters on the upcoming summit in July.",
        ] {
            let got = resolve(text, "2023-05-10");
            assert!(got[0].starts_with("2023-"), "{text}: {got:?}");
        }
        // What was expected is past.
        assert_eq!(
            resolve(
                "The frigate was expected to arrive in August.",
                "2023-05-10"
            ),
            ["2022-08"]
        );
    }

    #[test]
    fn relative_months_and_years() {
        assert_eq!(resolve("Last month, it failed.", "2012-05-27"), ["2012-04"]);
        assert_eq!(
            resolve("In November, he signed.", "2012-05-27"),
            ["2011-11"]
        );
        assert_eq!(resolve("awarded in February to", "2012-05-27"), ["2012-02"]);
        assert_eq!(resolve("kidnapped last June.", "2012-05-27"), ["2011-06"]);
        assert_eq!(resolve("met last year with", "2012-05-27"), ["2011"]);
        assert_eq!(
            resolve("In January last year, it", "2023-05-10"),
            ["2022-01"]
        );
        assert_eq!(
            resolve("signed in March next year", "2023-05-10"),
            ["2024-03"]
        );
        assert_eq!(
            resolve("due in December this year", "2023-05-10"),
            ["2023-12"]
        );
        assert_eq!(resolve("last month", "2012-06-10"), ["2012-05"]);
        assert_eq!(resolve("last month", "2012-01-10"), ["2011-12"]);
        assert_eq!(resolve("this fiscal year", "1987-03-01"), ["1987"]);
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(resolve("In 2009, X sold", "2012-05-27"), ["2009"]);
        assert_eq!(
            resolve("on March 20, 1987 and", "1990-01-01"),
            ["1987-03-20"]
        );
        assert_eq!(resolve("on 4 June 2019", "2020-01-01"), ["2019-06-04"]);
        assert_eq!(resolve("in March 1990", "1987-04-13"), ["1990-03"]);
        assert_eq!(
            resolve("the Navy's March 20 request", "1987-03-31"),
            ["1987-03-20"]
        );
        assert_eq!(resolve("last November 25", "1987-03-13"), ["1986-11-25"]);
    }

    #[test]
    fn weekdays_and_deictics() {
        // 2012-05-27 is a Sunday.
        assert_eq!(resolve("said on Wednesday", "2012-05-27"), ["2012-05-23"]);
        assert_eq!(resolve("said yesterday", "2012-05-27"), ["2012-05-26"]);
        assert_eq!(resolve("two days ago", "2012-05-27"), ["2012-05-25"]);
    }

    #[test]
    fn future_and_deadlines_are_flagged() {
        let p = Some(Date::parse("1987-04-01").unwrap());
        let d = find_dates("expected to be completed by September.", p);
        assert_eq!(d[0].date.to_string(), "1987-09");
        assert!(d[0].future && d[0].deadline);
        let d = find_dates("will select the winner in 1991", p);
        assert!(d[0].future);
        let d = find_dates("deliveries by 2028", p);
        assert_eq!(d[0].date.to_string(), "2028");
        assert!(d[0].deadline);
    }

    #[test]
    fn numbers_that_count_things_are_no_years() {
        assert!(resolve("The deal is worth 1900 crores.", "2023-01-10").is_empty());
        assert!(resolve("The army needs close to 2000 rifles.", "2023-01-10").is_empty());
        // A year before a noun is still one after a determiner or a
        // possessive, or with a preposition of time.
        assert_eq!(
            resolve("Its 2016 elections were close.", "2023-01-10"),
            ["2016"]
        );
        assert_eq!(
            resolve("Peru's 2019 purchases of tanks.", "2023-01-10"),
            ["2019"]
        );
        assert_eq!(resolve("In 2019 talks began.", "2023-01-10"), ["2019"]);
        assert_eq!(
            resolve("The Sea Dragon 2022 drills ended.", "2023-01-10"),
            ["2022"]
        );
        assert!(resolve("It costs Rs 1900 crores.", "2023-01-10").is_empty());
    }

    #[test]
    fn decades_and_unknown_publication() {
        assert!(find_dates("fighters for the 1990's", None).is_empty());
        // Relative dates need a publication date; absolute ones do not.
        assert!(find_dates("last month", None).is_empty());
        assert_eq!(find_dates("in 2009", None).len(), 1);
    }
}
