//! An alert's filters: parsing what a user typed (every unknown value is
//! refused by name) and whether a record matches.

use crate::AlertError;
use armswatch_register::{
    Actor, Category, ContestStatus, Fact, Money, Record, RecordKind, TransferStatus,
};

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
        let digits: String = amount
            .trim()
            .chars()
            .filter(|c| *c != '_' && *c != ',')
            .collect();
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
            && self
                .recipient
                .as_deref()
                .is_none_or(|q| any_actor(&recipients(fact), q))
            && self
                .supplier
                .as_deref()
                .is_none_or(|q| any_actor(&suppliers(fact), q))
            && self.category.is_none_or(|c| category(fact) == Some(c))
            && self
                .min_value
                .as_ref()
                .is_none_or(|m| value_at_least(value(fact), m))
            && self
                .status
                .as_deref()
                .is_none_or(|s| status(fact) == Some(s))
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

#[cfg(test)]
mod tests {
    use super::*;
    use armswatch_register::{
        ActorType, Contest, Engagement, EngagementType, Entity, Evidence, System, Transfer,
    };

    fn record(fact: Fact) -> Record {
        Record {
            doc: "d".into(),
            fact,
            evidence: vec![Evidence {
                start: 0,
                end: 1,
                text: "x".into(),
                doc: None,
            }],
            sources: Vec::new(),
            confidence: 0.9,
        }
    }

    fn state(name: &str, code: &str) -> Actor {
        Actor::new(name, ActorType::State, Some(code.into()))
    }

    /// China sells Peru's army air defence for 12 million dollars, ordered.
    fn transfer() -> Record {
        let mut army = Actor::new("Peruvian Army", ActorType::ArmedForce, Some("PE".into()));
        army.aliases.push("Ejército del Perú".into());
        record(Fact::Transfer(Transfer {
            suppliers: vec![state("China", "CN")],
            recipient: army,
            system: System {
                name: Some("FN-6".into()),
                description: None,
                category: Category::AirDefence,
            },
            quantity: None,
            value: Some(Money {
                amount: 12_000_000,
                currency: "USD".into(),
                text: "$12 million".into(),
            }),
            date: None,
            date_text: None,
            status: TransferStatus::Ordered,
        }))
    }

    fn contest() -> Record {
        let mut consortium = Actor::new("Nordic Yards Group", ActorType::Consortium, None);
        consortium.members.push(Actor::new(
            "Fjord Werft AS",
            ActorType::Company,
            Some("NO".into()),
        ));
        record(Fact::Contest(Contest {
            buyer: state("Chile", "CL"),
            item: System {
                name: None,
                description: Some("frigates".into()),
                category: Category::Ship,
            },
            value: None,
            bidders: Vec::new(),
            winner: Some(consortium),
            awarded: None,
            protests: Vec::new(),
            status: ContestStatus::Awarded,
            cancelled: None,
        }))
    }

    fn engagement() -> Record {
        record(Fact::Engagement(Engagement {
            kind: EngagementType::Visit,
            parties: vec![state("Peru", "PE")],
            date: None,
            date_text: None,
            place: None,
            description: "a visit".into(),
        }))
    }

    fn entity() -> Record {
        record(Fact::Entity(Entity {
            name: "Peru".into(),
            kind: ActorType::State,
            country: Some("PE".into()),
            aliases: Vec::new(),
            role: None,
            affiliation: None,
            members: Vec::new(),
        }))
    }

    #[test]
    fn no_filter_matches_every_entry_but_not_entities() {
        let f = Filters::default();
        assert!(f.matches(&transfer()) && f.matches(&contest()) && f.matches(&engagement()));
        assert!(!f.matches(&entity()));
    }

    #[test]
    fn kind() {
        let f = Filters {
            kind: Some(RecordKind::Contest),
            ..Filters::default()
        };
        assert!(f.matches(&contest()));
        assert!(!f.matches(&transfer()));
        assert_eq!(
            Filters::parse_kind("transfers").unwrap(),
            RecordKind::Transfer
        );
        let e = Filters::parse_kind("entity").unwrap_err().to_string();
        assert!(e.contains("\"entity\""), "{e}");
    }

    #[test]
    fn recipient_by_code_name_alias_and_member() {
        let by = |q: &str| Filters {
            recipient: Some(q.into()),
            ..Filters::default()
        };
        assert!(by("PE").matches(&transfer()));
        assert!(by("pe").matches(&transfer()));
        assert!(by("peruvian").matches(&transfer()));
        assert!(by("ejército").matches(&transfer()));
        assert!(!by("CN").matches(&transfer()));
        assert!(by("CL").matches(&contest()));
        // An engagement has no recipient.
        assert!(!by("PE").matches(&engagement()));
    }

    #[test]
    fn supplier_of_a_transfer_and_winner_of_a_contest() {
        let by = |q: &str| Filters {
            supplier: Some(q.into()),
            ..Filters::default()
        };
        assert!(by("CN").matches(&transfer()));
        assert!(by("china").matches(&transfer()));
        assert!(!by("PE").matches(&transfer()));
        // A member of the winning consortium, by code and by name.
        assert!(by("NO").matches(&contest()));
        assert!(by("fjord").matches(&contest()));
        assert!(!by("CN").matches(&contest()));
    }

    #[test]
    fn uk_is_gb() {
        let mut t = transfer();
        if let Fact::Transfer(x) = &mut t.fact {
            x.suppliers = vec![state("United Kingdom", "GB")];
        }
        let f = Filters {
            supplier: Some("UK".into()),
            ..Filters::default()
        };
        assert!(f.matches(&t));
    }

    #[test]
    fn category() {
        let f = |c| Filters {
            category: Some(c),
            ..Filters::default()
        };
        assert!(f(Category::AirDefence).matches(&transfer()));
        assert!(!f(Category::Ship).matches(&transfer()));
        assert!(f(Category::Ship).matches(&contest()));
        assert!(!f(Category::Other).matches(&engagement()));
        let e = Filters::parse_category("air_defense")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"air_defense\"") && e.contains("air_defence"),
            "{e}"
        );
    }

    #[test]
    fn min_value_compares_the_same_currency_only() {
        let f = |a: &str, c: &str| Filters {
            min_value: Some(Filters::parse_min_value(a, c).unwrap()),
            ..Filters::default()
        };
        assert!(f("10000000", "USD").matches(&transfer()));
        assert!(f("12_000_000", "usd").matches(&transfer()));
        assert!(!f("12000001", "USD").matches(&transfer()));
        assert!(!f("1", "EUR").matches(&transfer()));
        // No value, no match.
        assert!(!f("1", "USD").matches(&contest()));
        let e = Filters::parse_min_value("10", "XYZ")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"XYZ\""), "{e}");
        let e = Filters::parse_min_value("ten", "USD")
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"ten\""), "{e}");
        assert!(Filters::parse_min_value("-5", "USD").is_err());
    }

    #[test]
    fn status_of_transfers_and_contests() {
        let f = |s: &str| Filters {
            status: Some(Filters::parse_status(s).unwrap()),
            ..Filters::default()
        };
        assert!(f("ordered").matches(&transfer()));
        assert!(!f("delivered").matches(&transfer()));
        assert!(f("awarded").matches(&contest()));
        assert!(!f("ordered").matches(&engagement()));
        let e = Filters::parse_status("signed").unwrap_err().to_string();
        assert!(e.contains("\"signed\"") && e.contains("ordered"), "{e}");
    }

    #[test]
    fn filters_that_can_never_match_are_refused() {
        let f = Filters {
            kind: Some(RecordKind::Transfer),
            status: Some("open".into()),
            ..Filters::default()
        };
        let e = f.check().unwrap_err().to_string();
        assert!(e.contains("\"open\""), "{e}");
        let f = Filters {
            kind: Some(RecordKind::Contest),
            status: Some("open".into()),
            ..Filters::default()
        };
        assert!(f.check().is_ok());
    }

    #[test]
    fn all_filters_together() {
        let f = Filters {
            kind: Some(RecordKind::Transfer),
            recipient: Some("PE".into()),
            supplier: Some("CN".into()),
            category: Some(Category::AirDefence),
            min_value: Some(Filters::parse_min_value("10000000", "USD").unwrap()),
            status: Some("ordered".into()),
        };
        assert!(f.matches(&transfer()));
        assert!(!f.matches(&contest()));
        assert_eq!(
            f.describe(),
            "kind=transfer recipient=PE supplier=CN category=air_defence \
             value>=10000000 USD status=ordered"
        );
    }
}
