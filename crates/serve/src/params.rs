//! Query strings: parsed strictly, so that a typo or a bad value is a 400
//! that says what is wrong rather than a silently unfiltered answer.

use crate::error::ApiError;
use armswatch_register::{Category, RecordKind};
use armswatch_store::query::{Cursor, RegisterFilter, Sort, SortKey};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::collections::BTreeMap;

/// Longest value accepted for any parameter (a name).
pub const MAX_VALUE_CHARS: usize = 500;
/// Longest cursor accepted.
pub const MAX_CURSOR_CHARS: usize = 2000;
/// Longest `q` accepted: each of its words is a scan of every record, so
/// an unauthenticated GET must not bring hundreds.
pub const MAX_Q_CHARS: usize = 200;
/// Words of `q` used; the rest are ignored.
pub const MAX_Q_WORDS: usize = 10;

/// The longest value parameter `k` may have.
pub fn max_chars(k: &str) -> usize {
    match k {
        "cursor" => MAX_CURSOR_CHARS,
        "q" => MAX_Q_CHARS,
        _ => MAX_VALUE_CHARS,
    }
}

/// The first [`MAX_Q_WORDS`] words of `q`, one space apart.
fn first_words(q: &str) -> String {
    q.split_whitespace()
        .take(MAX_Q_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;

pub const TRANSFER_STATUSES: [&str; 7] = [
    "offered",
    "negotiating",
    "ordered",
    "delivered",
    "cancelled",
    "stalled",
    "unknown",
];
pub const CONTEST_STATUSES: [&str; 4] = ["open", "awarded", "cancelled", "unknown"];
pub const ENGAGEMENT_TYPES: [&str; 5] = ["visit", "meeting", "agreement", "exercise", "other"];
pub const ACTOR_TYPES: [&str; 6] = [
    "government_body",
    "armed_force",
    "company",
    "consortium",
    "person",
    "other",
];

/// The filters of the register lists, in form order.
pub const FILTERS: [&str; 9] = [
    "supplier",
    "recipient",
    "country",
    "year_from",
    "year_to",
    "status",
    "category",
    "type",
    "q",
];

/// A parsed query string: each name at most once, blank values unset.
///
/// Forms send blank fields for "any", so pages parse leniently. The API
/// parses strictly ([`Params::parse_api`]): a value of a parameter with
/// enumerated or numeric values is checked as sent, so a blank or padded
/// one is refused as its schema says, not taken as unset.
#[derive(Debug, Clone, Default)]
pub struct Params {
    map: BTreeMap<String, String>,
    strict: bool,
}

impl Params {
    /// Parses `raw`, refusing names not in `allowed`, repeated names and
    /// overlong values.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        Params::parse_with(raw, allowed, false)
    }

    /// Parses `raw` as [`Params::parse`] does, for the API: checked values
    /// are taken as sent (see the type's note).
    pub fn parse_api(raw: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        Params::parse_with(raw, allowed, true)
    }

    fn parse_with(raw: Option<&str>, allowed: &[&str], strict: bool) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| ApiError::bad_request(format!("malformed query string: {e}")))?;
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {k:?}; this address takes {}",
                    allowed.join(", ")
                )));
            }
            let max = max_chars(&k);
            if v.chars().count() > max {
                return Err(ApiError::bad_request(format!(
                    "parameter {k:?} is longer than {max} characters"
                )));
            }
            let v = if k == "q" { first_words(&v) } else { v };
            if map.contains_key(&k) {
                return Err(ApiError::bad_request(format!(
                    "parameter {k:?} given twice"
                )));
            }
            map.insert(k, v);
        }
        Ok(Params { map, strict })
    }

    /// The value of `k`, trimmed; `None` when unset or blank.
    pub fn get(&self, k: &str) -> Option<&str> {
        self.map.get(k).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// The value of `k` to check against its allowed values: as sent when
    /// strict, else as [`Params::get`] gives it.
    pub fn checked(&self, k: &str) -> Option<&str> {
        if self.strict {
            self.map.get(k).map(String::as_str)
        } else {
            self.get(k)
        }
    }

    pub fn string(&self, k: &str) -> Option<String> {
        self.get(k).map(str::to_string)
    }

    /// The set parameters (trimmed, blanks left out), for rebuilding links.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map
            .iter()
            .map(|(k, v)| (k.as_str(), v.trim()))
            .filter(|(_, v)| !v.is_empty())
    }

    pub fn year(&self, k: &str) -> Result<Option<i32>, ApiError> {
        let Some(v) = self.checked(k) else {
            return Ok(None);
        };
        match v.parse::<i32>() {
            Ok(y) if (1..=9999).contains(&y) => Ok(Some(y)),
            _ => Err(ApiError::bad_request(format!(
                "{k} must be a year from 1 to 9999, not {v:?}"
            ))),
        }
    }

    pub fn limit(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        let Some(v) = self.checked("limit") else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "limit must be a whole number from 1 to {max}, not {v:?}"
            ))),
        }
    }

    /// `one of` check for enumerated values.
    pub fn choice(&self, k: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        let Some(v) = self.checked(k) else {
            return Ok(None);
        };
        if allowed.contains(&v) {
            Ok(Some(v.to_string()))
        } else {
            Err(ApiError::bad_request(format!(
                "{k} must be one of {}, not {v:?}",
                allowed.join(", ")
            )))
        }
    }

    pub fn csv(&self) -> Result<bool, ApiError> {
        Ok(self.choice("format", &["json", "csv"])?.as_deref() == Some("csv"))
    }
}

/// A register list request: what to show, in which order, from where.
#[derive(Debug, Clone)]
pub struct ListQuery {
    pub filter: RegisterFilter,
    pub sort: Sort,
    pub cursor: Option<Cursor>,
    pub limit: usize,
}

/// The parameters a list of `kind` takes.
pub fn list_params(kind: RecordKind) -> Vec<&'static str> {
    let mut v: Vec<&str> = FILTERS.to_vec();
    v.extend(["limit", "cursor", "sort", "format"]);
    if kind == RecordKind::Entity {
        v.retain(|k| !["year_from", "year_to", "status", "category"].contains(k));
    }
    v
}

/// The sort keys a list of `kind` offers.
pub fn sort_keys(kind: RecordKind) -> &'static [SortKey] {
    match kind {
        RecordKind::Transfer => &[
            SortKey::Date,
            SortKey::Value,
            SortKey::Quantity,
            SortKey::Status,
            SortKey::Category,
            SortKey::System,
            SortKey::Confidence,
            SortKey::Doc,
        ],
        RecordKind::Contest => &[
            SortKey::Date,
            SortKey::Value,
            SortKey::Status,
            SortKey::Category,
            SortKey::System,
            SortKey::Confidence,
            SortKey::Doc,
        ],
        RecordKind::Engagement => &[
            SortKey::Date,
            SortKey::Type,
            SortKey::Confidence,
            SortKey::Doc,
        ],
        RecordKind::Entity => &[],
    }
}

fn not_for(kind: RecordKind, what: &str, hint: &str) -> ApiError {
    ApiError::bad_request(format!(
        "{what} is not a filter of {}s{hint}",
        kind.as_str()
    ))
}

/// Validates the filters, sort, cursor and limit of a register list of
/// transfers, contests or engagements.
pub fn list_query(kind: RecordKind, p: &Params) -> Result<ListQuery, ApiError> {
    let mut filter = RegisterFilter::new(kind);
    filter.supplier = p.string("supplier");
    filter.recipient = p.string("recipient");
    filter.country = p.string("country");
    filter.q = p.string("q");
    filter.year_from = p.year("year_from")?;
    // year_from after year_to is no error: no record is in that range.
    filter.year_to = p.year("year_to")?;
    match kind {
        RecordKind::Transfer => {
            filter.status = p.choice("status", &TRANSFER_STATUSES)?;
        }
        RecordKind::Contest => {
            filter.status = p.choice("status", &CONTEST_STATUSES)?;
        }
        _ => {
            if p.get("status").is_some() {
                return Err(not_for(kind, "status", "; use type"));
            }
        }
    }
    if let Some(c) = p.checked("category") {
        if kind == RecordKind::Engagement {
            return Err(not_for(kind, "category", ""));
        }
        if Category::parse(c).is_none() {
            let all: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
            return Err(ApiError::bad_request(format!(
                "category must be one of {}, not {c:?}",
                all.join(", ")
            )));
        }
        filter.category = Some(c.to_string());
    }
    if kind == RecordKind::Engagement {
        filter.kind_type = p.choice("type", &ENGAGEMENT_TYPES)?;
        for k in ["supplier", "recipient"] {
            if p.get(k).is_some() {
                return Err(not_for(kind, k, "; engagements have parties: use country"));
            }
        }
    } else if p.get("type").is_some() {
        return Err(not_for(kind, "type", ""));
    }
    let sort = match p.checked("sort") {
        None => Sort {
            key: SortKey::Date,
            descending: true,
        },
        Some(s) => {
            let keys = sort_keys(kind);
            match Sort::parse(s) {
                Some(sort) if keys.contains(&sort.key) => sort,
                _ => {
                    let names: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
                    return Err(ApiError::bad_request(format!(
                        "sort must be one of {} (a leading - sorts descending), not {s:?}",
                        names.join(", ")
                    )));
                }
            }
        }
    };
    let cursor = p.get("cursor").map(decode_cursor).transpose()?;
    let limit = p.limit(DEFAULT_LIMIT, MAX_LIMIT)?;
    Ok(ListQuery {
        filter,
        sort,
        cursor,
        limit,
    })
}

pub fn encode_cursor(c: &Cursor) -> String {
    // Serialising a struct of strings and numbers cannot fail.
    let json = serde_json::to_vec(c).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

pub fn decode_cursor(s: &str) -> Result<Cursor, ApiError> {
    let bad =
        || ApiError::bad_request("invalid cursor: pass back the next_cursor of a previous answer");
    let bytes = URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|_| bad())?;
    serde_json::from_slice(&bytes).map_err(|_| bad())
}

/// An opaque cursor over a list sorted in memory (entities): the position
/// after which the next page starts.
pub fn encode_offset(sort: &str, offset: usize) -> String {
    let json = serde_json::json!({"s": sort, "o": offset}).to_string();
    URL_SAFE_NO_PAD.encode(json)
}

pub fn decode_offset(s: &str, sort: &str) -> Result<usize, ApiError> {
    let bad =
        || ApiError::bad_request("invalid cursor: pass back the next_cursor of a previous answer");
    let bytes = URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|_| bad())?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if v["s"].as_str() != Some(sort) {
        return Err(ApiError::bad_request(
            "invalid cursor: it was made for another sort order",
        ));
    }
    v["o"]
        .as_u64()
        .and_then(|o| usize::try_from(o).ok())
        .ok_or_else(bad)
}

/// A query string (without `?`) from pairs, skipping blank values.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let kept: Vec<(&str, &str)> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    serde_urlencoded::to_string(kept).unwrap_or_default()
}

/// Percent-encodes one path segment.
pub fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str, kind: RecordKind) -> Result<ListQuery, ApiError> {
        list_query(kind, &Params::parse(Some(q), &list_params(kind))?)
    }

    #[test]
    fn good_queries() {
        let q = parse(
            "recipient=PE&year_from=2000&year_to=2010&status=stalled&sort=-value&limit=10",
            RecordKind::Transfer,
        )
        .unwrap();
        assert_eq!(q.filter.recipient.as_deref(), Some("PE"));
        assert_eq!(q.filter.year_from, Some(2000));
        assert_eq!(q.sort.to_string(), "-value");
        assert_eq!(q.limit, 10);
        // Blank form fields are unset.
        let q = parse("supplier=&status=&q=", RecordKind::Transfer).unwrap();
        assert_eq!(q.filter.supplier, None);
        assert_eq!(q.limit, DEFAULT_LIMIT);
    }

    #[test]
    fn bad_queries() {
        for (q, kind) in [
            ("status=foo", RecordKind::Transfer),
            ("status=stalled", RecordKind::Contest),
            ("status=open", RecordKind::Engagement),
            ("category=bar", RecordKind::Transfer),
            ("year_from=abc", RecordKind::Transfer),
            ("limit=0", RecordKind::Transfer),
            ("limit=501", RecordKind::Transfer),
            ("limit=-1", RecordKind::Transfer),
            ("limit=99999999999999999999999", RecordKind::Transfer),
            ("sort=name", RecordKind::Transfer),
            ("sort=date;DROP TABLE records", RecordKind::Transfer),
            ("cursor=!!!", RecordKind::Transfer),
            ("cursor=eyJhIjoxfQ", RecordKind::Transfer),
            ("recipent=PE", RecordKind::Transfer),
            ("q=a&q=b", RecordKind::Transfer),
            ("supplier=RU", RecordKind::Engagement),
            ("type=visit", RecordKind::Transfer),
        ] {
            let e = parse(q, kind).unwrap_err();
            assert_eq!(e.status.as_u16(), 400, "{q}");
        }
    }

    #[test]
    fn the_api_checks_values_as_sent() {
        let strict = |q: &str| {
            list_query(
                RecordKind::Transfer,
                &Params::parse_api(Some(q), &list_params(RecordKind::Transfer))?,
            )
        };
        for q in [
            "status=",
            "category=",
            "status=%20ordered",
            "year_from=",
            "limit=",
            "sort=",
        ] {
            assert_eq!(strict(q).unwrap_err().status.as_u16(), 400, "{q}");
        }
        // Free text: blank is unset, padding is trimmed.
        let q = strict("supplier=&q=%20tanks%20&cursor=").unwrap();
        assert_eq!(q.filter.supplier, None);
        assert_eq!(q.filter.q.as_deref(), Some("tanks"));
        // A range that contains no year is empty, not an error.
        let q = strict("year_from=2010&year_to=2000").unwrap();
        assert_eq!(
            (q.filter.year_from, q.filter.year_to),
            (Some(2010), Some(2000))
        );
    }

    #[test]
    fn long_searches_are_refused_or_cut() {
        let words = vec!["a"; 250].join(" ");
        let e = Params::parse(Some(&format!("q={words}")), &["q"]).unwrap_err();
        assert_eq!(e.status.as_u16(), 400);
        assert!(e.message.contains("longer than 200"), "{}", e.message);
        let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let p = Params::parse(Some(&format!("q={}", words.join("+"))), &["q"]).unwrap();
        assert_eq!(p.get("q"), Some(words[..MAX_Q_WORDS].join(" ").as_str()));
        let p = Params::parse(Some("q=%20Rafale%09%20jets%20"), &["q"]).unwrap();
        assert_eq!(p.get("q"), Some("Rafale jets"));
    }

    #[test]
    fn cursors_round_trip() {
        let c = Cursor {
            sort: "-date".into(),
            null_part: false,
            keys: vec![2009.into(), "2009-05".into()],
            id: 17,
        };
        assert_eq!(decode_cursor(&encode_cursor(&c)).unwrap(), c);
        let o = encode_offset("name", 50);
        assert_eq!(decode_offset(&o, "name").unwrap(), 50);
        assert!(decode_offset(&o, "-records").is_err());
    }

    #[test]
    fn encoding() {
        assert_eq!(path_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(query_string([("q", "a&b"), ("x", "")]), "q=a%26b");
    }
}
