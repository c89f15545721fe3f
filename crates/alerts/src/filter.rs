//! An alert's filters: parsing what a user typed (every unknown value is
//! refused by name) and whether a record matches.

use crate::AlertError;
use armswatch_register::{Actor, Category, ContestStatus, Fact, Money, Record, RecordKind, TransferStatus};

/// ISO 4217 codes a minimum value may be given in.
const CURRENCIES: &str = include_str!("../../../data/currencies.txt");

/// A value at least this large, in this currency. Values in other
/// currencies never match: the register has no exchange rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinValue {
    pub amount: u64,
    pub currency: String,
}

/// What a record must be to match. Every set field must match; an alert
/// with none matches every transfer, contest and engagement (entities are
/// not entries of the register and never match).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// `transfer`, `contest` or `engagement`.
    pub kind: Option<RecordKind>,
    /// ISO 3166-1 alpha-2 code (`UK` read as `GB`) matched against the
    /// actor's country, else part of a name or alias (any case): a
    /// transfer's recipient or a contest's buyer, or a member of either.
    pub recipient: Option<String>,
    /// The same, for a transfer's suppliers or a contest's winner.
    pub supplier: Option<String>,
    /// The system's category (transfers, contests).
    pub category: Option<Category>,
    pub min_value: Option<MinValue>,
    /// A transfer status (`ordered`, ...) or a contest status (`open`, ...).
    pub status: Option<String>,
}

impl Filters {
    /// `kind` as typed (`transfer`, `transfers`, ...); entities refused.
    pub fn parse_kind(s: &str) -> Result<RecordKind, AlertError> {
        match RecordKind::parse(s.trim()) {
            Some(RecordKind::Entity) | None => Err(AlertError::Invalid(format!(
                "unknown kind {s:?}: expected transfer, contest or engagement"
            ))),
            Some(k) => Ok(k),
        }
    }

    pub fn parse_category(s: &str) -> Result<Category, AlertError> {
        Category::parse(s.trim()).ok_or_else(|| {
            let all: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
            AlertError::Invalid(format!(
                "unknown category {s:?}: expected one of {}",
                all.join(", ")
            ))
        })
    }

    pub fn parse_status(s: &str) -> Result<String, AlertError> {
        let s = s.trim();
        if TransferStatus::parse(s).is_some() || ContestStatus::parse(s).is_some() {
            return Ok(s.to_string());
        }
        let mut all: Vec<&str> = TransferStatus::ALL.iter().map(|t| t.as_str()).collect();
        for c in ContestStatus::ALL {
            if !all.contains(&c.as_str()) {
                all.push(c.as_str());
            }
        }
        Err(AlertError::Invalid(format!(
            "unknown status {s:?}: expected one of {}",
            all.join(", ")
        )))
    }

    /// `10000000` and `USD` (or `10_000_000`, `usd`).
    pub fn parse_min_value(amount: &str, currency: &str) -> Result<MinValue, AlertError> {
        let digits: String = amount.trim().chars().filter(|c| *c != '_' && *c != ',').collect();
        let amount_n = digits
            .parse::<u64>()
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| {
                AlertError::Invalid(format!(
                    "minimum value {amount:?} is not a whole number of currency units"
                ))
            })?;
        let code = currency.trim().to_ascii_uppercase();
        let known = CURRENCIES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .any(|c| c == code);
        if !known {
            return Err(AlertError::Invalid(format!(
                "unknown currency {currency:?}: expected an ISO 4217 code such as USD or EUR"
            )));
        }
        Ok(MinValue {
            amount: amount_n,
            currency: code,
        })
    }

    /// A recipient or supplier as typed: blank is refused.
    pub fn parse_actor(what: &str, s: &str) -> Result<String, AlertError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(AlertError::Invalid(format!("--{what} is empty")));
        }
        Ok(s.to_string())
    }

    /// Refuses filters that can never match together.
    pub fn check(&self) -> Result<(), AlertError> {
        let Some(status) = &self.status else {
            return Ok(());
        };
        let transfer = TransferStatus::parse(status).is_some();
        let contest = ContestStatus::parse(status).is_some();
        let refused = match self.kind {
            Some(RecordKind::Transfer) => !transfer,
            Some(RecordKind::Contest) => !contest,
            Some(RecordKind::Engagement) => true,
            _ => false,
        };
        match (refused, self.kind) {
            (true, Some(kind)) => Err(AlertError::Invalid(format!(
                "status {status:?} can never match a {}",
                kind.as_str()
            ))),
            _ => Ok(()),
        }
    }

    /// Whether `record` passes every filter.
    pub fn matches(&self, record: &Record) -> bool {
        let fact = &record.fact;
        if matches!(fact, Fact::Entity(_)) {
            return false;
        }
        self.kind.is_none_or(|k| k == fact.kind())
            && self.recipient.as_deref().is_none_or(|q| any_actor(&recipients(fact), q))
            && self.supplier.as_deref().is_none_or(|q| any_actor(&suppliers(fact), q))
            && self.category.is_none_or(|c| category(fact) == Some(c))
            && self.min_value.as_ref().is_none_or(|m| value_at_least(value(fact), m))
            && self.status.as_deref().is_none_or(|s| status(fact) == Some(s))
    }

    /// The filters in one line, as `alert list` shows them.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(k) = self.kind {
            parts.push(format!("kind={}", k.as_str()));
        }
        if let Some(r) = &self.recipient {
            parts.push(format!("recipient={r}"));
        }
        if let Some(s) = &self.supplier {
            parts.push(format!("supplier={s}"));
        }
        if let Some(c) = self.category {
            parts.push(format!("category={}", c.as_str()));
        }
        if let Some(m) = &self.min_value {
            parts.push(format!("value>={} {}", m.amount, m.currency));
        }
        if let Some(s) = &self.status {
            parts.push(format!("status={s}"));
        }
        if parts.is_empty() {
            "everything".to_string()
        } else {
            parts.join(" ")
        }
    }
}

fn recipients(fact: &Fact) -> Vec<&Actor> {
    match fact {
        Fact::Transfer(t) => vec![&t.recipient],
        Fact::Contest(c) => vec![&c.buyer],
        _ => Vec::new(),
    }
}

fn suppliers(fact: &Fact) -> Vec<&Actor> {
    match fact {
        Fact::Transfer(t) => t.suppliers.iter().collect(),
        Fact::Contest(c) => c.winner.iter().collect(),
        _ => Vec::new(),
    }
}

fn category(fact: &Fact) -> Option<Category> {
    match fact {
        Fact::Transfer(t) => Some(t.system.category),
        Fact::Contest(c) => Some(c.item.category),
        _ => None,
    }
}

fn value(fact: &Fact) -> Option<&Money> {
    match fact {
        Fact::Transfer(t) => t.value.as_ref(),
        Fact::Contest(c) => c.value.as_ref(),
        _ => None,
    }
}

fn status(fact: &Fact) -> Option<&'static str> {
    match fact {
        Fact::Transfer(t) => Some(t.status.as_str()),
        Fact::Contest(c) => Some(c.status.as_str()),
        _ => None,
    }
}

fn value_at_least(v: Option<&Money>, min: &MinValue) -> bool {
    v.is_some_and(|v| v.currency.eq_ignore_ascii_case(&min.currency) && v.amount >= min.amount)
}

/// `UK` is not an ISO code but everyone types it (as the store reads it).
fn country_code(s: &str) -> Option<String> {
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()) {
        let up = s.to_ascii_uppercase();
        Some(if up == "UK" { "GB".to_string() } else { up })
    } else {
        None
    }
}

/// One of `actors` (or a member of one, at any depth) is `query`: its
/// country for a code, else its name or an alias contains it (any case),
/// as `armswatch list --recipient` reads it.
fn any_actor(actors: &[&Actor], query: &str) -> bool {
    let code = country_code(query);
    let lower = query.to_lowercase();
    actors.iter().any(|a| actor_is(a, code.as_deref(), &lower))
}

fn actor_is(a: &Actor, code: Option<&str>, lower: &str) -> bool {
    let own = match code {
        Some(code) => a.country.as_deref() == Some(code),
        None => {
            a.name.to_lowercase().contains(lower)
                || a.aliases.iter().any(|x| x.to_lowercase().contains(lower))
        }
    };
    own || a.members.iter().any(|m| actor_is(m, code, lower))
}
