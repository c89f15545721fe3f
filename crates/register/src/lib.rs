//! The register's data types, in one place.
//!
//! Every type here serialises exactly to the interchange format fixed in
//! `shared/spec/register-format.md` (armswatch JSON Lines). Internal stages may
//! carry richer data, but what leaves the program goes through these types.
//!
//! Invariants:
//! - A [`Record`] always has at least one [`Evidence`] item whose `start..end`
//!   are byte offsets into its document's plain text and whose `text` is
//!   exactly that slice.
//! - Dates are kept at the precision the text supports ([`Date`]); nothing
//!   is padded to a day that was not written.
//! - A field the text does not support is `None`, never guessed.

mod date;

pub use date::{Date, DateError};

use serde::{Deserialize, Serialize};

/// An article as the pipeline sees it: plain text plus what we know of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the given id, else the file stem.
    pub id: String,
    /// Plain text; evidence offsets are bytes into this string.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where the document came from (a path, `-`), for messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Hex SHA-256 of `text`: the same article ingested twice is stored once.
    #[serde(default)]
    pub content_hash: String,
}

/// The sentence a record came from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Set only in merged registers, where evidence spans documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

impl Evidence {
    /// Evidence for `text[start..end]`; `None` if the range is not on char
    /// boundaries of `text` (so a bad offset can never panic downstream).
    pub fn from_span(text: &str, start: usize, end: usize) -> Option<Evidence> {
        text.get(start..end).map(|s| Evidence {
            start,
            end,
            text: s.to_string(),
            doc: None,
        })
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorType {
    State,
    GovernmentBody,
    ArmedForce,
    Company,
    Consortium,
    Person,
    Other,
}

impl ActorType {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::State => "state",
            ActorType::GovernmentBody => "government_body",
            ActorType::ArmedForce => "armed_force",
            ActorType::Company => "company",
            ActorType::Consortium => "consortium",
            ActorType::Person => "person",
            ActorType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ActorType> {
        Some(match s {
            "state" => ActorType::State,
            "government_body" => ActorType::GovernmentBody,
            "armed_force" => ActorType::ArmedForce,
            "company" => ActorType::Company,
            "consortium" => ActorType::Consortium,
            "person" => ActorType::Person,
            "other" => ActorType::Other,
            _ => return None,
        })
    }
}

/// Who does something: a state, a body, a firm, a consortium, a person.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(no_recursion))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
    /// ISO 3166-1 alpha-2 (historical states keep their old codes: SU, YU, DD).
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Actor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Box<Actor>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Actor {
    /// "Name (CC) [member, member]": the actor in one line for tables and
    /// flat exports.
    pub fn label(&self) -> String {
        let mut s = self.name.clone();
        if let Some(c) = &self.country {
            s.push_str(&format!(" ({c})"));
        }
        if !self.members.is_empty() {
            let m: Vec<&str> = self.members.iter().map(|m| m.name.as_str()).collect();
            s.push_str(&format!(" [{}]", m.join(", ")));
        }
        s
    }

    /// Several actors' labels, "; "-separated.
    pub fn labels(actors: &[Actor]) -> String {
        actors
            .iter()
            .map(Actor::label)
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn new(name: impl Into<String>, kind: ActorType, country: Option<String>) -> Actor {
        Actor {
            name: name.into(),
            kind,
            country,
            members: Vec::new(),
            id: None,
            role: None,
            affiliation: None,
            aliases: Vec::new(),
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Aircraft,
    AirDefence,
    ArmouredVehicle,
    Artillery,
    Engine,
    Missile,
    NavalWeapon,
    Satellite,
    Sensor,
    Ship,
    SmallArms,
    Other,
}

impl Category {
    pub const ALL: [Category; 12] = [
        Category::Aircraft,
        Category::AirDefence,
        Category::ArmouredVehicle,
        Category::Artillery,
        Category::Engine,
        Category::Missile,
        Category::NavalWeapon,
        Category::Satellite,
        Category::Sensor,
        Category::Ship,
        Category::SmallArms,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Aircraft => "aircraft",
            Category::AirDefence => "air_defence",
            Category::ArmouredVehicle => "armoured_vehicle",
            Category::Artillery => "artillery",
            Category::Engine => "engine",
            Category::Missile => "missile",
            Category::NavalWeapon => "naval_weapon",
            Category::Satellite => "satellite",
            Category::Sensor => "sensor",
            Category::Ship => "ship",
            Category::SmallArms => "small_arms",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

/// What is traded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct System {
    /// The designation when the text gives one ("MBT-2000"), else `None`.
    pub name: Option<String>,
    pub description: Option<String>,
    pub category: Category,
}

/// An amount of money in whole currency units.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub amount: u64,
    /// ISO 4217.
    pub currency: String,
    /// The words as written ("$114 million").
    pub text: String,
}

impl Money {
    /// "114000000 USD", for tables and flat exports.
    pub fn label(&self) -> String {
        format!("{} {}", self.amount, self.currency)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferStatus {
    Offered,
    Negotiating,
    Ordered,
    Delivered,
    Cancelled,
    /// Agreed or negotiated but never carried out.
    Stalled,
    Unknown,
}

impl TransferStatus {
    pub const ALL: [TransferStatus; 7] = [
        TransferStatus::Offered,
        TransferStatus::Negotiating,
        TransferStatus::Ordered,
        TransferStatus::Delivered,
        TransferStatus::Cancelled,
        TransferStatus::Stalled,
        TransferStatus::Unknown,
    ];

    pub fn parse(s: &str) -> Option<TransferStatus> {
        TransferStatus::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TransferStatus::Offered => "offered",
            TransferStatus::Negotiating => "negotiating",
            TransferStatus::Ordered => "ordered",
            TransferStatus::Delivered => "delivered",
            TransferStatus::Cancelled => "cancelled",
            TransferStatus::Stalled => "stalled",
            TransferStatus::Unknown => "unknown",
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContestStatus {
    Open,
    Awarded,
    Cancelled,
    Unknown,
}

impl ContestStatus {
    pub const ALL: [ContestStatus; 4] = [
        ContestStatus::Open,
        ContestStatus::Awarded,
        ContestStatus::Cancelled,
        ContestStatus::Unknown,
    ];

    pub fn parse(s: &str) -> Option<ContestStatus> {
        ContestStatus::ALL.iter().copied().find(|c| c.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ContestStatus::Open => "open",
            ContestStatus::Awarded => "awarded",
            ContestStatus::Cancelled => "cancelled",
            ContestStatus::Unknown => "unknown",
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EngagementType {
    Visit,
    Meeting,
    Agreement,
    Exercise,
    Other,
}

impl EngagementType {
    pub fn as_str(self) -> &'static str {
        match self {
            EngagementType::Visit => "visit",
            EngagementType::Meeting => "meeting",
            EngagementType::Agreement => "agreement",
            EngagementType::Exercise => "exercise",
            EngagementType::Other => "other",
        }
    }
}

/// An organisation or person named in a document, once per document.
/// Countries themselves are not entities.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
    pub country: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Actor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Actor>,
}

/// An arms sale, order, delivery, offer or negotiation (SIPRI-shaped).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub suppliers: Vec<Actor>,
    pub recipient: Actor,
    pub system: System,
    pub quantity: Option<u64>,
    pub value: Option<Money>,
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    pub status: TransferStatus,
}

/// A protest against a contest's award or conduct.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Protest {
    pub by: Actor,
    pub grounds: Option<String>,
    pub date: Option<Date>,
}

/// A procurement competition (OCDS-shaped).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contest {
    pub buyer: Actor,
    pub item: System,
    pub value: Option<Money>,
    pub bidders: Vec<Actor>,
    pub winner: Option<Actor>,
    pub awarded: Option<Date>,
    pub protests: Vec<Protest>,
    pub status: ContestStatus,
    pub cancelled: Option<Date>,
}

/// A defence-diplomatic act between states or their bodies.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    #[serde(rename = "type")]
    pub kind: EngagementType,
    pub parties: Vec<Actor>,
    pub date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    pub place: Option<String>,
    pub description: String,
}

/// What a record says, by kind.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    Entity(Entity),
    Transfer(Transfer),
    Contest(Contest),
    Engagement(Engagement),
}

impl Fact {
    pub fn kind(&self) -> RecordKind {
        match self {
            Fact::Entity(_) => RecordKind::Entity,
            Fact::Transfer(_) => RecordKind::Transfer,
            Fact::Contest(_) => RecordKind::Contest,
            Fact::Engagement(_) => RecordKind::Engagement,
        }
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Entity,
    Transfer,
    Contest,
    Engagement,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Entity => "entity",
            RecordKind::Transfer => "transfer",
            RecordKind::Contest => "contest",
            RecordKind::Engagement => "engagement",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        Some(match s.trim_end_matches('s') {
            "entity" | "entitie" => RecordKind::Entity,
            "transfer" => RecordKind::Transfer,
            "contest" => RecordKind::Contest,
            "engagement" => RecordKind::Engagement,
            _ => return None,
        })
    }
}

/// One line of the register: a fact with the document and sentences it
/// came from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub doc: String,
    #[serde(flatten)]
    pub fact: Fact,
    pub evidence: Vec<Evidence>,
    /// Outlets or documents the article itself cites for the fact.
    #[serde(default)]
    pub sources: Vec<String>,
    pub confidence: f64,
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        self.fact.kind()
    }

    /// One JSON line (no trailing newline).
    pub fn to_json_line(&self) -> String {
        // Serialising these plain data types cannot fail: no maps with
        // non-string keys, no custom serialisers that error.
        serde_json::to_string(self)
            .unwrap_or_else(|e| format!("{{\"kind\":\"error\",\"message\":{:?}}}", e.to_string()))
    }
}

/// Lower-cases `s` char by char, keeping any char whose lower case has a
/// different UTF-8 length ("İ"), so byte offsets found in the result are
/// valid in `s`.
pub fn lower_same_len(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(x), None) if x.len_utf8() == c.len_utf8() => out.push(x),
            _ => out.push(c),
        }
    }
    out
}

/// [`lower_same_len`] as a method, for text whose byte offsets matter.
pub trait LowerSameLen {
    fn lower_same_len(&self) -> String;
}

impl LowerSameLen for str {
    fn lower_same_len(&self) -> String {
        lower_same_len(self)
    }
}

/// The largest char boundary of `s` not after `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_keeps_byte_offsets() {
        let s = "İstanbul ÇA—B";
        assert_eq!(lower_same_len(s).len(), s.len());
        assert_eq!(floor_boundary("a—b", 2), 1);
        assert_eq!(floor_boundary("a—b", 99), 5);
    }

    #[test]
    fn transfer_serialises_to_spec_shape() {
        let rec = Record {
            doc: "d1".into(),
            fact: Fact::Transfer(Transfer {
                suppliers: vec![Actor::new("China", ActorType::State, Some("CN".into()))],
                recipient: Actor::new("Peruvian Army", ActorType::ArmedForce, Some("PE".into())),
                system: System {
                    name: Some("MBT-2000".into()),
                    description: Some("tanks".into()),
                    category: Category::ArmouredVehicle,
                },
                quantity: None,
                value: Some(Money {
                    amount: 1_400_000_000,
                    currency: "USD".into(),
                    text: "$1.4 billion".into(),
                }),
                date: Some(Date::year(2009)),
                date_text: None,
                status: TransferStatus::Stalled,
            }),
            evidence: vec![Evidence {
                start: 0,
                end: 5,
                text: "Hello".into(),
                doc: None,
            }],
            sources: vec!["La Republica".into()],
            confidence: 0.8,
        };
        let v: serde_json::Value = serde_json::from_str(&rec.to_json_line()).unwrap();
        assert_eq!(v["kind"], "transfer");
        assert_eq!(v["suppliers"][0]["type"], "state");
        assert_eq!(v["recipient"]["type"], "armed_force");
        assert_eq!(v["system"]["category"], "armoured_vehicle");
        assert_eq!(v["value"]["amount"], 1_400_000_000u64);
        assert_eq!(v["date"], "2009");
        assert_eq!(v["status"], "stalled");
        assert_eq!(v["quantity"], serde_json::Value::Null);
        // and back again
        let back: Record = serde_json::from_value(v).unwrap();
        assert_eq!(back, rec);
    }

    #[test]
    fn evidence_from_span_refuses_bad_offsets() {
        let text = "Israel’s Rafael";
        assert_eq!(Evidence::from_span(text, 0, 6).unwrap().text, "Israel");
        assert!(Evidence::from_span(text, 0, 7).is_none()); // inside ’
        assert!(Evidence::from_span(text, 0, 999).is_none());
    }
}
