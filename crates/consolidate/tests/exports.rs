//! Every export format, validated in its own terms: JSON Lines round trip,
//! CSV parsed back with the right number of columns, SIPRI-shaped CSV read
//! back by our SIPRI importer, OCDS checked against the field names of the
//! OCDS 1.1 schema and its extensions, GraphML parsed as XML with declared
//! keys.

use armswatch_consolidate::export;
use armswatch_consolidate::sipri::{self, Countries, HEADER};
use armswatch_consolidate::testgaz::gazetteer;
use armswatch_consolidate::{Consolidator, Entry, Register, Report};
use armswatch_register::{Date, RecordKind};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/consolidation");

fn register() -> Register {
    let published: BTreeMap<String, Date> = std::fs::read_to_string(format!("{DIR}/meta.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[1].to_string(), Date::parse(c[2]).unwrap())
        })
        .collect();
    let records = std::fs::read_to_string(format!("{DIR}/records.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect::<Vec<_>>();
    let g = gazetteer();
    Consolidator::new(&g).consolidate(Report::from_records(records, &published))
}

fn bytes(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Vec<u8> {
    let mut v = Vec::new();
    f(&mut v).unwrap();
    v
}

#[test]
fn jsonl_round_trips_and_follows_the_spec() {
    let reg = register();
    let out = String::from_utf8(bytes(|o| export::jsonl(o, &reg))).unwrap();
    let back: Vec<Entry> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, reg.entries);
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        // The spec's fields, with merged evidence naming documents.
        for f in [
            "kind",
            "doc",
            "evidence",
            "sources",
            "confidence",
            "id",
            "documents",
        ] {
            assert!(v.get(f).is_some(), "{f} missing in {line}");
        }
        for e in v["evidence"].as_array().unwrap() {
            assert!(e["doc"].is_string() && e["start"].is_u64() && e["text"].is_string());
        }
    }
}

#[test]
fn csv_has_one_row_per_entry_with_the_header_s_columns() {
    let reg = register();
    let out = String::from_utf8(bytes(|o| export::csv(o, &reg))).unwrap();
    let rows = sipri::csv_records(&out);
    assert_eq!(rows.len(), reg.entries.len() + 1);
    assert_eq!(rows[0].1, export::CSV_HEADER);
    for (_, r) in &rows {
        assert_eq!(r.len(), export::CSV_HEADER.len(), "{r:?}");
    }
    let col = |name: &str| export::CSV_HEADER.iter().position(|h| *h == name).unwrap();
    let deal = rows
        .iter()
        .find(|(_, r)| r[col("kind")] == "transfer")
        .unwrap();
    assert_eq!(deal.1[col("value_min")], "374960000 USD");
    assert!(deal.1[col("evidence")].contains("[brahmos-price-2022]"));
    assert!(deal.1[col("status_timeline")].starts_with("offered"));
}

#[test]
fn sipri_csv_has_sipri_s_header_and_reads_back() {
    let reg = register();
    let g = gazetteer();
    let countries = Countries::new(&g);
    let out = bytes(|o| export::sipri_csv(o, &reg, &countries));
    let text = sipri::decode(&out);
    let lines: Vec<&str> = text.lines().collect();
    // SIPRI's layout: 11 preamble lines, then the header.
    assert_eq!(lines[11], HEADER.join(","));
    let file = sipri::parse(&g, &countries, &out, "export").unwrap();
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    // The delivered BrahMos deal, India -> Philippines.
    assert_eq!(file.rows.len(), 1, "{:#?}", file.rows);
    let r = &file.rows[0];
    assert_eq!(r.recipient.code.as_deref(), Some("PH"));
    assert_eq!(r.supplier.code.as_deref(), Some("IN"));
    assert_eq!(r.order_year, Some(2022));
    assert_eq!(r.number_ordered, Some(3));
    assert_eq!(r.designation, "BrahMos");
    assert_eq!(r.delivery_years, [2024]);
    assert!(r.comments.contains("brahmos-order-2022"));
    // Latin-1 bytes, as SIPRI writes.
    assert!(std::str::from_utf8(&out).is_ok() || out.iter().any(|b| *b >= 0x80));
}

/// Field names of the OCDS 1.1 release package and release schemas (and of
/// the bids, memberOf and complaint extensions), by the object they sit in.
fn ocds_fields() -> BTreeMap<&'static str, BTreeSet<&'static str>> {
    let org_ref = ["id", "name", "identifier", "address", "contactPoint"];
    let value = ["amount", "currency"];
    let mut m: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    m.insert(
        "package",
        vec![
            "uri",
            "version",
            "extensions",
            "publishedDate",
            "releases",
            "publisher",
            "license",
            "publicationPolicy",
        ],
    );
    m.insert("publisher", vec!["name", "scheme", "uid", "uri"]);
    m.insert(
        "release",
        vec![
            "ocid",
            "id",
            "date",
            "tag",
            "initiationType",
            "parties",
            "buyer",
            "planning",
            "tender",
            "awards",
            "contracts",
            "language",
            "relatedProcesses",
            "bids",
        ],
    );
    m.insert(
        "party",
        vec![
            "name",
            "id",
            "identifier",
            "additionalIdentifiers",
            "address",
            "contactPoint",
            "roles",
            "details",
            "memberOf",
        ],
    );
    m.insert(
        "address",
        vec![
            "streetAddress",
            "locality",
            "region",
            "postalCode",
            "countryName",
        ],
    );
    m.insert("orgref", org_ref.to_vec());
    m.insert(
        "tender",
        vec![
            "id",
            "title",
            "description",
            "status",
            "procuringEntity",
            "items",
            "value",
            "minValue",
            "procurementMethod",
            "procurementMethodDetails",
            "procurementMethodRationale",
            "mainProcurementCategory",
            "additionalProcurementCategories",
            "awardCriteria",
            "awardCriteriaDetails",
            "submissionMethod",
            "submissionMethodDetails",
            "tenderPeriod",
            "enquiryPeriod",
            "hasEnquiries",
            "eligibilityCriteria",
            "awardPeriod",
            "contractPeriod",
            "numberOfTenderers",
            "tenderers",
            "documents",
            "milestones",
            "amendments",
            "amendment",
            "complaints",
        ],
    );
    m.insert(
        "item",
        vec![
            "id",
            "description",
            "classification",
            "additionalClassifications",
            "quantity",
            "unit",
        ],
    );
    m.insert("classification", vec!["scheme", "id", "description", "uri"]);
    m.insert("value", value.to_vec());
    m.insert("bids", vec!["statistics", "details"]);
    m.insert(
        "bid",
        vec!["id", "date", "status", "tenderers", "value", "documents"],
    );
    m.insert(
        "award",
        vec![
            "id",
            "title",
            "description",
            "status",
            "date",
            "value",
            "suppliers",
            "items",
            "contractPeriod",
            "documents",
            "amendments",
            "amendment",
            "complaints",
        ],
    );
    m.insert(
        "complaint",
        vec![
            "id",
            "title",
            "description",
            "date",
            "dateSubmitted",
            "dateAnswered",
            "dateDecision",
            "status",
            "type",
            "author",
            "documents",
            "relatedLot",
            "resolution",
        ],
    );
    m.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

/// Checks every key of `v` (an object of kind `kind`) and its children.
fn check(v: &Value, kind: &str, fields: &BTreeMap<&str, BTreeSet<&str>>, path: &str) {
    let Value::Object(o) = v else {
        panic!("{path}: not an object")
    };
    let allowed = &fields[kind];
    for (k, child) in o {
        assert!(
            allowed.contains(k.as_str()),
            "{path}.{k} is not an OCDS field of {kind}"
        );
        let p = format!("{path}.{k}");
        let each = |k2: &str| {
            for (i, c) in child.as_array().unwrap().iter().enumerate() {
                check(c, k2, fields, &format!("{p}[{i}]"));
            }
        };
        match (kind, k.as_str()) {
            ("package", "releases") => each("release"),
            ("package", "publisher") => check(child, "publisher", fields, &p),
            ("release", "parties") => each("party"),
            ("release", "buyer") => check(child, "orgref", fields, &p),
            ("release", "tender") => check(child, "tender", fields, &p),
            ("release", "awards") => each("award"),
            ("release", "bids") => check(child, "bids", fields, &p),
            ("party", "address") => check(child, "address", fields, &p),
            ("party", "memberOf") => each("orgref"),
            ("tender", "items") => each("item"),
            ("tender", "tenderers") | ("award", "suppliers") | ("bid", "tenderers") => {
                each("orgref")
            }
            ("tender" | "award" | "bid", "value") => check(child, "value", fields, &p),
            ("tender" | "award", "complaints") => each("complaint"),
            ("item", "classification") => check(child, "classification", fields, &p),
            ("bids", "details") => each("bid"),
            ("complaint", "author") => check(child, "orgref", fields, &p),
            _ => assert!(!child.is_object(), "{p}: unchecked object"),
        }
    }
}

#[test]
fn ocds_uses_only_ocds_fields_and_codes() {
    let reg = register();
    let g = gazetteer();
    let out = bytes(|o| export::ocds(o, &reg, &Countries::new(&g)));
    let v: Value = serde_json::from_slice(&out).unwrap();
    check(&v, "package", &ocds_fields(), "package");
    let releases = v["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 1);
    let r = &releases[0];
    // Codelists: release tags, tender status, party roles, award status,
    // bid status.
    let tags: Vec<&str> = r["tag"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tags, ["tender", "award", "tenderCancellation"]);
    assert_eq!(r["tender"]["status"], "cancelled");
    let roles: BTreeSet<&str> = r["parties"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| {
            p["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
        })
        .collect();
    let known: BTreeSet<&str> = [
        "buyer",
        "procuringEntity",
        "supplier",
        "tenderer",
        "funder",
        "enquirer",
        "payer",
        "payee",
        "reviewBody",
        "interestedParty",
    ]
    .into_iter()
    .collect();
    assert!(roles.is_subset(&known), "{roles:?}");
    assert!(roles.contains("tenderer") && roles.contains("buyer") && roles.contains("supplier"));
    assert_eq!(r["awards"][0]["status"], "cancelled");
    // The consortium's members tender; the protest is a complaint.
    let bids = r["bids"]["details"].as_array().unwrap();
    assert_eq!(bids.len(), 2);
    assert!(bids
        .iter()
        .any(|b| b["tenderers"].as_array().unwrap().len() == 2));
    assert!(r["parties"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p.get("memberOf").is_some()));
    let complaints = r["awards"][0]["complaints"].as_array().unwrap();
    assert_eq!(complaints.len(), 1);
    assert!(complaints[0]["author"]["name"]
        .as_str()
        .unwrap()
        .contains("Boeing"));
    assert!(r["ocid"].as_str().unwrap().starts_with(export::OCID_PREFIX));
    assert!(r["date"].as_str().unwrap().ends_with("T00:00:00Z"));
}

/// A small XML reader: well-formedness (nesting, quoting, entities), and
/// the elements with their attributes.
fn parse_xml(s: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut rest = s;
    if let Some(i) = rest.find("?>") {
        assert!(rest.starts_with("<?xml"));
        rest = &rest[i + 2..];
    }
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        assert!(!text.contains('>'), "stray > in {text:?}");
        for (i, _) in text.match_indices('&') {
            let ent = &text[i..text[i..]
                .find(';')
                .map(|e| i + e + 1)
                .expect("unterminated entity")];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&ent),
                "{ent}"
            );
        }
        let gt = rest[lt..].find('>').expect("unclosed tag") + lt;
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body.split_whitespace().next().unwrap().to_string();
        let mut attrs = BTreeMap::new();
        let mut a = body[name.len()..].trim();
        while !a.is_empty() {
            let eq = a.find('=').expect("attribute without =");
            let key = a[..eq].trim().to_string();
            let after = &a[eq + 1..];
            assert!(after.starts_with('"'), "unquoted attribute {key}");
            let end = after[1..].find('"').expect("unterminated attribute") + 1;
            assert!(!after[1..end].contains('<'));
            assert!(
                attrs
                    .insert(key.clone(), after[1..end].to_string())
                    .is_none(),
                "duplicate {key}"
            );
            a = after[end + 1..].trim();
        }
        out.push((name.clone(), attrs));
        if !self_closing {
            stack.push(name);
        }
    }
    assert!(rest.trim().is_empty());
    assert!(stack.is_empty(), "unclosed {stack:?}");
    out
}

#[test]
fn graphml_is_well_formed_with_declared_keys() {
    let reg = register();
    let out = String::from_utf8(bytes(|o| export::graphml(o, &reg))).unwrap();
    let els = parse_xml(&out);
    assert_eq!(els[0].0, "graphml");
    assert_eq!(els[0].1["xmlns"], "http://graphml.graphdrawing.org/xmlns");
    let keys: BTreeMap<&str, &str> = els
        .iter()
        .filter(|(n, _)| n == "key")
        .map(|(_, a)| (a["id"].as_str(), a["for"].as_str()))
        .collect();
    let nodes: BTreeSet<&str> = els
        .iter()
        .filter(|(n, _)| n == "node")
        .map(|(_, a)| a["id"].as_str())
        .collect();
    let mut edges = 0;
    for (n, a) in &els {
        match n.as_str() {
            "data" => assert!(
                keys.contains_key(a["key"].as_str()),
                "undeclared key {}",
                a["key"]
            ),
            "edge" => {
                edges += 1;
                assert!(
                    nodes.contains(a["source"].as_str()) && nodes.contains(a["target"].as_str())
                );
            }
            _ => {}
        }
    }
    // India and BrahMos Aerospace supply the Philippines.
    assert_eq!(edges, 2, "{out}");
    assert!(nodes.contains("state-in"));
    assert!(
        out.contains("<data key=\"value_usd\">375000000</data>"),
        "{out}"
    );
    let n = reg.of_kind(RecordKind::Transfer).count();
    assert_eq!(n, 1);
    // Escaping.
    assert_eq!(
        export::xml_escape("a<b & \"c\""),
        "a&lt;b &amp; &quot;c&quot;"
    );
    parse_xml("<?xml version=\"1.0\"?><a x=\"&lt;\">&amp;</a>");
}
