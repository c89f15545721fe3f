//! The OpenAPI document of `/api/`, generated with utoipa from the
//! handlers' annotations, their query types and their answer types. The
//! allowed values of the query come from the same constants the parser
//! checks against (`params.rs`), so the document cannot drift from it.

use crate::api;
use crate::params::{
    ACTOR_TYPES, CONTEST_STATUSES, DEFAULT_LIMIT, ENGAGEMENT_TYPES, MAX_CURSOR_CHARS, MAX_LIMIT,
    MAX_Q_CHARS, MAX_Q_WORDS, MAX_VALUE_CHARS, TRANSFER_STATUSES,
};
use armswatch_register::{Category, RecordKind};
use std::sync::OnceLock;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi};

/// The document served at `/api/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "armswatch",
        version = "1",
        description = "A sourced register of the arms trade built from news articles: transfers, \
            contests, engagements and the organisations and people involved. Records are in the \
            armswatch interchange format (register-format.md) with three additions: `seq` (the \
            record's position in its document; `(doc, seq)` names it), `links` (its pages), and \
            `evidence[].link` (the article page at the highlighted sentence, \
            `/documents/{doc}#ev-{start}`). Every error is JSON `{\"error\": message, \"status\": \
            code}`. Unknown parameters, repeated parameters, and values outside a parameter's \
            schema are 400s; a parameter given blank is unset when it is free text and refused \
            otherwise."
    ),
    servers((url = "/")),
    paths(
        api::list_transfers,
        api::list_contests,
        api::list_engagements,
        api::entities,
        api::entity,
        api::post_document,
        api::document,
        api::search,
        api::stats_suppliers,
        api::stats_recipients,
        api::openapi,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "register", description = "Records: transfers, contests, engagements"),
        (name = "entities", description = "Organisations and people"),
        (name = "documents", description = "Articles"),
        (name = "statistics", description = "Transfers counted by country and year"),
    )
)]
pub struct ApiDoc;

/// The document as JSON, made once.
pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            // Serialising a tree of strings and numbers cannot fail.
            .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()))
    })
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

// ------------------------------------------------------- value schemas

fn string(max: usize) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(max))
}

fn one_of(values: &[&str]) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
}

/// Free text: any value up to the length limit; blank is unset.
pub fn text() -> Object {
    string(MAX_VALUE_CHARS).build()
}

/// Words to look for: longer is a 400; past the word limit the rest are
/// ignored (each word costs a scan of the register).
pub fn words() -> Object {
    string(MAX_Q_CHARS)
        .description(Some(format!(
            "At most {MAX_Q_CHARS} characters (longer is a 400); only the first \
             {MAX_Q_WORDS} words are used, the rest are ignored."
        )))
        .build()
}

/// A `next_cursor` from an earlier answer.
pub fn cursor() -> Object {
    string(MAX_CURSOR_CHARS)
        .format(Some(SchemaFormat::Custom("armswatch-cursor".into())))
        .build()
}

pub fn year() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(9999))
        .build()
}

pub fn limit() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(MAX_LIMIT))
        .default(Some(DEFAULT_LIMIT.into()))
        .build()
}

pub fn search_limit() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(api::SEARCH_MAX_LIMIT))
        .default(Some(api::SEARCH_DEFAULT_LIMIT.into()))
        .build()
}

pub fn format() -> Object {
    one_of(&["json", "csv"])
        .default(Some("json".into()))
        .build()
}

pub fn transfer_status() -> Object {
    one_of(&TRANSFER_STATUSES).build()
}

pub fn contest_status() -> Object {
    one_of(&CONTEST_STATUSES).build()
}

pub fn engagement_type() -> Object {
    one_of(&ENGAGEMENT_TYPES).build()
}

pub fn actor_type() -> Object {
    one_of(&ACTOR_TYPES).build()
}

pub fn category() -> Object {
    let all: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    one_of(&all).build()
}

/// The sort keys of a list of `kind`, each also descending with a `-`.
fn sorts(kind: RecordKind) -> Object {
    let keys: Vec<String> = crate::params::sort_keys(kind)
        .iter()
        .flat_map(|k| [k.as_str().to_string(), format!("-{}", k.as_str())])
        .collect();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(keys))
        .default(Some("-date".into()))
        .build()
}

pub fn transfer_sort() -> Object {
    sorts(RecordKind::Transfer)
}

pub fn contest_sort() -> Object {
    sorts(RecordKind::Contest)
}

pub fn engagement_sort() -> Object {
    sorts(RecordKind::Engagement)
}

pub fn entity_sort() -> Object {
    one_of(&api::ENTITY_SORTS)
        .default(Some("-records".into()))
        .build()
}

pub fn country_code() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^[A-Za-z]{2}$"))
        .build()
}

/// A type whose schema is one of the functions above, so that query
/// fields can name it and keep their doc comments as descriptions
/// (`schema_with` would drop them).
macro_rules! value_schemas {
    ($($name:ident => $make:ident),* $(,)?) => {$(
        pub struct $name;
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                $make().into()
            }
        }
        impl utoipa::ToSchema for $name {}
    )*};
}

value_schemas! {
    TextValue => text,
    WordsValue => words,
    CursorValue => cursor,
    YearValue => year,
    LimitValue => limit,
    SearchLimitValue => search_limit,
    FormatValue => format,
    TransferStatusValue => transfer_status,
    ContestStatusValue => contest_status,
    EngagementTypeValue => engagement_type,
    ActorTypeValue => actor_type,
    CategoryValue => category,
    TransferSortValue => transfer_sort,
    ContestSortValue => contest_sort,
    EngagementSortValue => engagement_sort,
    EntitySortValue => entity_sort,
    CountryCodeValue => country_code,
}

// ------------------------------------------------------- query types
//
// These describe the query strings; `Params` parses them (strictly, with
// messages of its own), and a test checks that both name the same
// parameters.

/// The query of `/api/transfers`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TransferQuery {
    /// Supplier country (ISO 3166-1 alpha-2, any case; UK means GB) or a
    /// case-insensitive part of a supplier's name or alias. Consortium
    /// members count for their consortium. For contests: a bidder or the
    /// winner.
    #[param(inline)]
    supplier: Option<TextValue>,
    /// Recipient (transfers) or buyer (contests): ISO code or part of a
    /// name, as for supplier.
    #[param(inline)]
    recipient: Option<TextValue>,
    /// Any actor of the record in any role: ISO code or part of a name.
    #[param(inline)]
    country: Option<TextValue>,
    /// Earliest year of the record's main date (transfer date; contest
    /// award, else cancellation; engagement date). Records without a date
    /// never match a year filter.
    #[param(inline)]
    year_from: Option<YearValue>,
    /// Latest year, inclusive. A year_to before year_from matches nothing.
    #[param(inline)]
    year_to: Option<YearValue>,
    /// Words that must all occur somewhere in the record (names, system,
    /// description, evidence); ASCII letters match in any case.
    #[param(inline)]
    q: Option<WordsValue>,
    /// Status, exactly.
    #[param(inline)]
    status: Option<TransferStatusValue>,
    /// System category (SIPRI's armament categories plus small arms).
    #[param(inline)]
    category: Option<CategoryValue>,
    /// Sort key, descending with a leading '-'. Empty values come last
    /// either way; ties by storage order. Value sorts by amount whatever
    /// the currency.
    #[param(inline)]
    sort: Option<TransferSortValue>,
    /// Records per page.
    #[param(inline)]
    limit: Option<LimitValue>,
    /// Opaque: the next_cursor of the previous page (same filters and
    /// sort). Anything else is a 400.
    #[param(inline)]
    cursor: Option<CursorValue>,
    /// json (default) or csv. CSV holds the same page; the next cursor is
    /// in the X-Next-Cursor header.
    #[param(inline)]
    format: Option<FormatValue>,
}

/// The query of `/api/contests`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ContestQuery {
    /// A bidder or the winner: ISO code or part of a name.
    #[param(inline)]
    supplier: Option<TextValue>,
    /// The buyer: ISO code or part of a name.
    #[param(inline)]
    recipient: Option<TextValue>,
    /// Any actor of the record in any role: ISO code or part of a name.
    #[param(inline)]
    country: Option<TextValue>,
    /// Earliest year of the award (else the cancellation).
    #[param(inline)]
    year_from: Option<YearValue>,
    /// Latest year, inclusive. A year_to before year_from matches nothing.
    #[param(inline)]
    year_to: Option<YearValue>,
    /// Words that must all occur somewhere in the record.
    #[param(inline)]
    q: Option<WordsValue>,
    /// Status, exactly.
    #[param(inline)]
    status: Option<ContestStatusValue>,
    /// Category of the item bought.
    #[param(inline)]
    category: Option<CategoryValue>,
    /// Sort key, descending with a leading '-'.
    #[param(inline)]
    sort: Option<ContestSortValue>,
    /// Records per page.
    #[param(inline)]
    limit: Option<LimitValue>,
    /// Opaque: the next_cursor of the previous page. Anything else is a 400.
    #[param(inline)]
    cursor: Option<CursorValue>,
    /// json (default) or csv.
    #[param(inline)]
    format: Option<FormatValue>,
}

/// The query of `/api/engagements`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct EngagementQuery {
    /// A party: ISO code or part of a name.
    #[param(inline)]
    country: Option<TextValue>,
    /// Earliest year of the engagement.
    #[param(inline)]
    year_from: Option<YearValue>,
    /// Latest year, inclusive. A year_to before year_from matches nothing.
    #[param(inline)]
    year_to: Option<YearValue>,
    /// Words that must all occur somewhere in the record.
    #[param(inline)]
    q: Option<WordsValue>,
    /// Engagement type.
    #[param(rename = "type", inline)]
    kind: Option<EngagementTypeValue>,
    /// Sort key, descending with a leading '-'.
    #[param(inline)]
    sort: Option<EngagementSortValue>,
    /// Records per page.
    #[param(inline)]
    limit: Option<LimitValue>,
    /// Opaque: the next_cursor of the previous page. Anything else is a 400.
    #[param(inline)]
    cursor: Option<CursorValue>,
    /// json (default) or csv.
    #[param(inline)]
    format: Option<FormatValue>,
}

/// The query of `/api/entities`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct EntityQuery {
    /// ISO code of the entity's country.
    #[param(inline)]
    country: Option<CountryCodeValue>,
    /// Actor type.
    #[param(rename = "type", inline)]
    kind: Option<ActorTypeValue>,
    /// Part of the name or an alias, any case.
    #[param(inline)]
    q: Option<WordsValue>,
    /// Order.
    #[param(inline)]
    sort: Option<EntitySortValue>,
    /// Entities per page.
    #[param(inline)]
    limit: Option<LimitValue>,
    /// Opaque: the next_cursor of the previous page. Anything else is a 400.
    #[param(inline)]
    cursor: Option<CursorValue>,
    /// json (default) or csv.
    #[param(inline)]
    format: Option<FormatValue>,
}

/// The query of `/api/search`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchQuery {
    /// Words (all required, any order); "quoted phrase"; a trailing *
    /// makes a prefix. Search syntax and SQL are taken as plain words.
    /// Not blank; at most 200 characters (MAX_Q_CHARS; longer is a 400);
    /// only the first 10 words (MAX_Q_WORDS) are used.
    #[param(max_length = 200, pattern = r"\S")]
    q: String,
    /// Hits.
    #[param(inline)]
    limit: Option<SearchLimitValue>,
}

/// The query of `/api/stats/suppliers` and `/api/stats/recipients`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct StatsQuery {
    /// Supplier: ISO code or part of a name.
    #[param(inline)]
    supplier: Option<TextValue>,
    /// Recipient: ISO code or part of a name.
    #[param(inline)]
    recipient: Option<TextValue>,
    /// Earliest year of the transfer date.
    #[param(inline)]
    year_from: Option<YearValue>,
    /// Latest year, inclusive. A year_to before year_from matches nothing.
    #[param(inline)]
    year_to: Option<YearValue>,
    /// Transfer status.
    #[param(inline)]
    status: Option<TransferStatusValue>,
    /// System category.
    #[param(inline)]
    category: Option<CategoryValue>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn doc() -> Value {
        serde_json::from_str(document()).unwrap()
    }

    fn param_names(doc: &Value, path: &str, method: &str) -> Vec<String> {
        let mut names: Vec<String> = doc["paths"][path][method]["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "query")
                    .map(|p| p["name"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn sorted(v: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    /// Print the document: `cargo test -p armswatch-serve print_document
    /// -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_document() {
        println!("{}", document());
    }

    /// The document names exactly the parameters the parser takes.
    #[test]
    fn parameters_match_the_parser() {
        let d = doc();
        use crate::params::list_params;
        // The parser takes every filter of the register and refuses, by
        // kind, those a kind does not have.
        for (path, kind, not_for_kind) in [
            ("/api/transfers", RecordKind::Transfer, &["type"][..]),
            ("/api/contests", RecordKind::Contest, &["type"]),
            (
                "/api/engagements",
                RecordKind::Engagement,
                &["supplier", "recipient", "status", "category"],
            ),
        ] {
            let mut taken = list_params(kind);
            taken.retain(|k| !not_for_kind.contains(k));
            assert_eq!(param_names(&d, path, "get"), sorted(&taken), "{path}");
        }
        assert_eq!(
            param_names(&d, "/api/entities", "get"),
            sorted(&api::ENTITY_PARAMS)
        );
        assert_eq!(
            param_names(&d, "/api/search", "get"),
            sorted(&api::SEARCH_PARAMS)
        );
        for side in ["suppliers", "recipients"] {
            assert_eq!(
                param_names(&d, &format!("/api/stats/{side}"), "get"),
                sorted(&api::STATS_PARAMS)
            );
        }
    }

    /// The search words' limits written as literals agree with the parser.
    #[test]
    fn search_words_limits() {
        let d = doc();
        let q = &d["paths"]["/api/search"]["get"]["parameters"][0];
        assert_eq!(q["name"], "q");
        assert_eq!(q["required"], true);
        assert_eq!(q["schema"]["maxLength"], MAX_Q_CHARS);
        assert!(q["description"]
            .as_str()
            .unwrap()
            .contains(&format!("first {MAX_Q_WORDS} words")));
    }

    /// An entity's `records` are its records, as the answer has them.
    #[test]
    fn entity_records_are_an_array() {
        let d = doc();
        let records = &d["components"]["schemas"]["EntityDetail"]["properties"]["records"];
        assert_eq!(records["type"], "array", "{records}");
        let count = &d["components"]["schemas"]["EntityItem"]["properties"]["records"];
        assert_eq!(count["type"], "integer", "{count}");
    }

    #[test]
    fn every_operation_is_there() {
        let d = doc();
        let paths = d["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 11, "{:?}", paths.keys().collect::<Vec<_>>());
        assert!(d["paths"]["/api/documents"]["post"]["security"].is_array());
        assert_eq!(
            d["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        let status = &d["paths"]["/api/transfers"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "status")
            .unwrap()["schema"]["enum"];
        assert_eq!(status.as_array().unwrap().len(), TRANSFER_STATUSES.len());
        // Every parameter says what it is.
        for (path, item) in paths {
            for op in item.as_object().unwrap().values() {
                for p in op["parameters"].as_array().into_iter().flatten() {
                    let text = p["description"].as_str().unwrap_or_default();
                    assert!(!text.is_empty(), "{path} {}", p["name"]);
                }
            }
        }
    }
}
