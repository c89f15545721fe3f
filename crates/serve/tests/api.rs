//! The JSON API against a real server on a random loopback port over a
//! real SQLite file.

mod common;

use common::{enc, fixture_counts, transfer_spec, Server, TOKEN, TRANSFERS};
use serde_json::Value;
use std::collections::BTreeSet;

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items")
}

/// Every page of a list, following `next_cursor`.
fn all_pages(s: &Server, base: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut url = base.to_string();
    for _ in 0..1000 {
        let (st, v) = s.json(&url);
        assert_eq!(st, 200, "{url}: {v}");
        out.extend(items(&v).iter().cloned());
        match v["next_cursor"].as_str() {
            Some(c) => {
                let sep = if base.contains('?') { '&' } else { '?' };
                url = format!("{base}{sep}cursor={}", enc(c));
            }
            None => return out,
        }
    }
    panic!("pagination did not end");
}

fn assert_error(s: &Server, url: &str, status: u16) -> Value {
    let r = s.get(url);
    assert_eq!(r.status, status, "{url}: {}", r.text());
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("application/json"),
        "{url}: not JSON"
    );
    let v = r.json();
    assert_eq!(v["status"], status, "{url}: {v}");
    assert!(
        v["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{url}: {v}"
    );
    v
}

#[test]
fn lists_every_kind_with_links_to_evidence() {
    let s = Server::start(None);
    let (t, c, e) = fixture_counts();
    assert_eq!(all_pages(&s, "/api/transfers?limit=500").len(), t);
    assert_eq!(all_pages(&s, "/api/contests").len(), c);
    assert_eq!(all_pages(&s, "/api/engagements").len(), e);
    let (st, v) = s.json("/api/transfers?limit=1");
    assert_eq!(st, 200);
    let item = &items(&v)[0];
    assert_eq!(item["kind"], "transfer");
    let ev = &item["evidence"][0];
    let link = ev["link"].as_str().unwrap();
    assert_eq!(
        link,
        format!(
            "/documents/{}#ev-{}",
            item["doc"].as_str().unwrap(),
            ev["start"]
        )
    );
    assert!(item["links"]["page"]
        .as_str()
        .unwrap()
        .starts_with("/transfers/"));
}

#[test]
fn filters_select_what_they_say() {
    let s = Server::start(None);
    let expect = |pred: &dyn Fn(usize) -> bool| (0..TRANSFERS).filter(|i| pred(*i)).count();

    let pe = all_pages(&s, "/api/transfers?recipient=PE&limit=500");
    // The fixture's hostile article is a transfer to Peru too.
    assert_eq!(
        pe.len(),
        expect(&|i| transfer_spec(i).recipient.0 == "PE") + 1
    );
    assert!(pe.iter().all(|r| r["recipient"]["country"] == "PE"));
    // By name, any case.
    assert_eq!(
        all_pages(&s, "/api/transfers?recipient=peru&limit=500").len(),
        pe.len()
    );

    let ru = all_pages(&s, "/api/transfers?supplier=RU&limit=500");
    assert_eq!(ru.len(), expect(&|i| transfer_spec(i).supplier.0 == "RU"));
    let roe = all_pages(&s, "/api/transfers?supplier=rosoboron&limit=500");
    assert_eq!(roe.len(), expect(&|i| transfer_spec(i).by_company));

    let years = all_pages(&s, "/api/transfers?year_from=2005&year_to=2009&limit=500");
    assert_eq!(
        years.len(),
        expect(&|i| transfer_spec(i)
            .year
            .is_some_and(|y| (2005..=2009).contains(&y)))
    );
    for r in &years {
        let y: i32 = r["date"].as_str().unwrap()[..4].parse().unwrap();
        assert!((2005..=2009).contains(&y));
    }

    let stalled = all_pages(&s, "/api/transfers?status=stalled&category=ship&limit=500");
    assert_eq!(
        stalled.len(),
        expect(&|i| {
            let t = transfer_spec(i);
            t.status.as_str() == "stalled" && t.category.as_str() == "ship"
        })
    );
    assert!(stalled
        .iter()
        .all(|r| r["status"] == "stalled" && r["system"]["category"] == "ship"));

    let q = all_pages(&s, "/api/transfers?q=SYS-17");
    assert_eq!(q.len(), 1);
    assert_eq!(q[0]["system"]["name"], "SYS-17");

    // Contests: supplier means bidder or winner; recipient the buyer.
    assert_eq!(all_pages(&s, "/api/contests?supplier=SE").len(), 1);
    assert_eq!(all_pages(&s, "/api/contests?recipient=IN").len(), 1);
    assert_eq!(all_pages(&s, "/api/contests?status=cancelled").len(), 1);
    assert_eq!(
        all_pages(&s, "/api/engagements?country=RU&type=meeting").len(),
        1
    );
    assert_eq!(all_pages(&s, "/api/engagements?type=visit").len(), 0);
}

#[test]
fn cursors_walk_every_record_once_in_order() {
    let s = Server::start(None);
    let total = all_pages(&s, "/api/transfers?limit=500").len();
    for sort in [
        "-date",
        "date",
        "value",
        "-value",
        "doc",
        "status",
        "-quantity",
        "category",
    ] {
        let rows = all_pages(&s, &format!("/api/transfers?sort={sort}&limit=7"));
        assert_eq!(rows.len(), total, "{sort}");
        let keys: BTreeSet<(String, i64)> = rows
            .iter()
            .map(|r| {
                (
                    r["doc"].as_str().unwrap().to_string(),
                    r["seq"].as_i64().unwrap(),
                )
            })
            .collect();
        assert_eq!(keys.len(), total, "{sort}: a record came twice");
    }
    // Newest first, undated last.
    let rows = all_pages(&s, "/api/transfers?sort=-date&limit=9");
    let dates: Vec<Option<&str>> = rows.iter().map(|r| r["date"].as_str()).collect();
    let first_none = dates.iter().position(Option::is_none).unwrap();
    assert!(dates[first_none..].iter().all(Option::is_none));
    let known: Vec<&str> = dates[..first_none].iter().map(|d| d.unwrap()).collect();
    assert!(known.windows(2).all(|w| w[0] >= w[1]), "{known:?}");
    // Oldest first, undated still last.
    let rows = all_pages(&s, "/api/transfers?sort=date&limit=9");
    let dates: Vec<Option<&str>> = rows.iter().map(|r| r["date"].as_str()).collect();
    let first_none = dates.iter().position(Option::is_none).unwrap();
    assert!(dates[first_none..].iter().all(Option::is_none));
    assert!(dates[..first_none].windows(2).all(|w| w[0] <= w[1]));
    // Largest value first.
    let rows = all_pages(&s, "/api/transfers?sort=-value&limit=11");
    let vals: Vec<u64> = rows
        .iter()
        .filter_map(|r| r["value"]["amount"].as_u64())
        .collect();
    assert!(vals.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(rows.last().unwrap()["value"], Value::Null);
    // The next link carries the filters.
    let (_, v) = s.json("/api/transfers?recipient=IN&limit=2");
    let next = v["next"].as_str().unwrap();
    assert!(next.contains("recipient=IN") && next.contains("cursor="));
    let (st, v2) = s.json(next);
    assert_eq!(st, 200);
    assert!(items(&v2).iter().all(|r| r["recipient"]["country"] == "IN"));
}

#[test]
fn bad_parameters_are_clear_400s() {
    let s = Server::start(None);
    for url in [
        "/api/transfers?status=foo",
        "/api/transfers?category=bar",
        "/api/transfers?year_from=abc",
        "/api/transfers?year_to=99999",
        "/api/transfers?limit=0",
        "/api/transfers?limit=501",
        "/api/transfers?limit=-5",
        "/api/transfers?limit=1e9",
        "/api/transfers?limit=18446744073709551616",
        "/api/transfers?sort=bogus",
        "/api/transfers?sort=-",
        "/api/transfers?cursor=not-a-cursor",
        "/api/transfers?cursor=eyJ4IjoxfQ",
        "/api/transfers?recipent=PE",
        "/api/transfers?q=a&q=b",
        "/api/transfers?format=xml",
        "/api/contests?status=stalled",
        "/api/engagements?status=open",
        "/api/engagements?supplier=RU",
        "/api/engagements?type=party",
        "/api/entities?country=Peru",
        "/api/entities?type=state",
        "/api/entities?sort=-date",
        "/api/entities?cursor=zzz",
        "/api/search",
        "/api/search?q=tank&limit=1000",
        "/api/stats/suppliers?year_from=x",
        "/api/stats/suppliers?status=foo",
        "/api/stats/suppliers?country=PE",
    ] {
        assert_error(&s, url, 400);
    }
    // A cursor is tied to its sort order.
    let (_, v) = s.json("/api/transfers?sort=value&limit=3");
    let c = v["next_cursor"].as_str().unwrap();
    let e = assert_error(
        &s,
        &format!("/api/transfers?sort=-date&cursor={}", enc(c)),
        400,
    );
    assert!(e["error"].as_str().unwrap().contains("cursor"));
    // Overlong values.
    assert_error(&s, &format!("/api/transfers?q={}", "a".repeat(5000)), 400);
    // Blank or padded values of enumerated and numeric parameters are
    // outside their schema: refused, not taken as unset.
    for url in [
        "/api/transfers?status=",
        "/api/transfers?status=%20ordered",
        "/api/transfers?year_from=",
        "/api/transfers?limit=",
        "/api/transfers?format=",
        "/api/entities?country=",
        "/api/entities?type=",
        "/api/entities?sort=",
        "/api/stats/recipients?category=&status=",
        "/api/stats/suppliers?status=",
        "/api/search?q=tanks&limit=",
    ] {
        assert_error(&s, url, 400);
    }
}

/// A year range that contains no year is an empty answer, as the schema
/// allows, not an error.
#[test]
fn reversed_year_ranges_are_empty() {
    let s = Server::start(None);
    for url in [
        "/api/transfers?year_from=2010&year_to=2000",
        "/api/contests?year_from=9998&year_to=1",
        "/api/engagements?year_from=9998&year_to=1",
    ] {
        let (st, v) = s.json(url);
        assert_eq!(st, 200, "{url}: {v}");
        assert_eq!(v["count"], 0, "{url}");
    }
    for side in ["suppliers", "recipients"] {
        let (st, v) = s.json(&format!("/api/stats/{side}?year_from=9998&year_to=1"));
        assert_eq!(st, 200, "{v}");
        assert_eq!(v["rows"].as_array().unwrap().len(), 0);
    }
    // Blank free-text values are unset.
    let (st, v) = s.json("/api/transfers?supplier=&q=&cursor=&limit=3");
    assert_eq!((st, v["count"].as_u64()), (200, Some(3)));
}

/// A long `q` costs one scan of the register per word: over 200
/// characters it is refused, and only its first ten words are used.
#[test]
fn long_filters_are_refused_or_cut() {
    let s = Server::start(None);
    let many = vec!["a"; 250].join(" ");
    let e = assert_error(&s, &format!("/api/transfers?q={}", enc(&many)), 400);
    assert!(e["error"].as_str().unwrap().contains("200"), "{e}");
    // Ten words that every transfer of Egypt has, then one no record has:
    // the eleventh is ignored.
    let ten = "agreed supply tanks to Egypt in a deal reported today";
    let (_, all) = s.json(&format!("/api/transfers?q={}&limit=500", enc(ten)));
    let n = all["count"].as_u64().unwrap();
    assert!(n > 0);
    let eleven = format!("{ten} zzzz-no-such-word");
    let (st, cut) = s.json(&format!("/api/transfers?q={}&limit=500", enc(&eleven)));
    assert_eq!(st, 200);
    assert_eq!(cut["count"].as_u64(), Some(n));
    let (st, v) = s.json(&format!("/api/search?q={}", enc(&eleven)));
    assert_eq!(st, 200);
    assert_eq!(v["query"], ten);
}

#[test]
fn unknown_ids_are_404s() {
    let s = Server::start(None);
    assert_error(&s, "/api/documents/no-such-doc", 404);
    assert_error(&s, "/api/entities/no-such-entity--zz", 404);
    assert_error(&s, "/api/entities/-", 404);
    assert_error(&s, "/api/nothing-here", 404);
    assert_error(&s, "/api/documents/%FF%FE", 400);
}

#[test]
fn documents_give_text_records_and_anchored_evidence() {
    let s = Server::start(None);
    let (st, v) = s.json("/api/documents/c-peru-radar");
    assert_eq!(st, 200);
    let text = v["text"].as_str().unwrap();
    assert_eq!(v["records"].as_array().unwrap().len(), 2);
    for e in v["evidence"].as_array().unwrap() {
        let (a, b) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], e["text"].as_str().unwrap());
        assert_eq!(e["anchor"], format!("ev-{a}"));
    }
}

#[test]
fn entities_group_across_documents() {
    let s = Server::start(None);
    let (st, v) = s.json("/api/entities?q=rosoboron&limit=500");
    assert_eq!(st, 200);
    let list = items(&v);
    // One entity per country the fixture gives it.
    let ids: Vec<&str> = list.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"rosoboronexport--ru"), "{ids:?}");
    let (st, e) = s.json("/api/entities/rosoboronexport--ru");
    assert_eq!(st, 200);
    assert_eq!(e["name"], "Rosoboronexport");
    assert_eq!(e["country"], "RU");
    assert!(e["aliases"].as_array().unwrap().contains(&"ROE".into()));
    let recs = e["records"].as_array().unwrap();
    let supplied = recs
        .iter()
        .filter(|r| {
            r["kind"] == "transfer" && r["roles"].as_array().unwrap().contains(&"supplier".into())
        })
        .count();
    let expected = (0..TRANSFERS)
        .filter(|i| {
            let t = transfer_spec(*i);
            t.by_company && t.supplier.0 == "RU"
        })
        .count();
    assert_eq!(supplied, expected);
    assert!(!e["documents"].as_array().unwrap().is_empty());
    // People affiliated to a company.
    let (st, thales) = s.json("/api/entities/thales--fr");
    assert_eq!(st, 200);
    assert_eq!(thales["people"][0]["name"], "Ana Ruiz");
    // Paging by name.
    let names = all_pages(&s, "/api/entities?sort=name&limit=3");
    let sorted: Vec<String> = names
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(sorted.windows(2).all(|w| w[0] <= w[1]), "{sorted:?}");
}

#[test]
fn supplier_statistics_count_and_sum_by_year() {
    let s = Server::start(None);
    let (st, v) = s.json("/api/stats/suppliers?recipient=PE");
    assert_eq!(st, 200);
    let rows = v["rows"].as_array().unwrap();
    for (code, _) in common::SUPPLIERS {
        let mut n = 0;
        let mut value = 0;
        for i in 0..TRANSFERS {
            let t = transfer_spec(i);
            if t.recipient.0 == "PE" && t.supplier.0 == code {
                n += 1;
                value += t.value.unwrap_or(0);
            }
        }
        let got: u64 = rows
            .iter()
            .filter(|r| r["supplier"] == code)
            .map(|r| r["transfers"].as_u64().unwrap())
            .sum();
        assert_eq!(got, n, "{code}");
        let total = v["totals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["supplier"] == code)
            .unwrap();
        assert_eq!(total["transfers"], n);
        assert_eq!(total["value"]["USD"].as_u64().unwrap_or(0), value, "{code}");
        assert_eq!(
            total["supplier_name"],
            common::SUPPLIERS.iter().find(|s| s.0 == code).unwrap().1
        );
    }
    // By name, the same answer.
    let (_, by_name) = s.json("/api/stats/suppliers?recipient=peru");
    assert_eq!(by_name["totals"], v["totals"]);
    // Years are there, and a year filter narrows.
    assert!(rows.iter().any(|r| r["year"] == 2001));
    let (_, narrow) = s.json("/api/stats/suppliers?recipient=PE&year_from=2001&year_to=2001");
    assert!(narrow["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["year"] == 2001));
    let (st, rec) = s.json("/api/stats/recipients?supplier=FR");
    assert_eq!(st, 200);
    assert!(rec["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["recipient"].is_string()));
}

#[test]
fn search_finds_articles_with_snippets() {
    let s = Server::start(None);
    let (st, v) = s.json("/api/search?q=radars");
    assert_eq!(st, 200);
    assert_eq!(v["hits"][0]["doc"], "c-peru-radar");
    assert!(v["hits"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("[radars]"));
    assert_eq!(v["hits"][0]["link"], "/documents/c-peru-radar");
    // Search syntax and SQL are words.
    for q in [
        "NEAR(",
        "\"unbalanced",
        "title:x OR ^y",
        "'; DROP TABLE documents; --",
        "*",
    ] {
        let (st, _) = s.json(&format!("/api/search?q={}", enc(q)));
        assert_eq!(st, 200, "{q}");
    }
}

#[test]
fn csv_downloads_the_page() {
    let s = Server::start(None);
    let r = s.get("/api/transfers?recipient=EG&format=csv&limit=4");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    let text = r.text();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("doc,seq,date,status,suppliers"));
    assert_eq!(lines.len(), 5);
    assert!(r.header("x-next-cursor").is_some());
    let r = s.get("/api/entities?format=csv");
    assert!(r.text().starts_with("id,name,type,country"));
}

#[test]
fn openapi_describes_every_route() {
    let s = Server::start(None);
    let (st, v) = s.json("/api/openapi.json");
    assert_eq!(st, 200);
    assert_eq!(v["openapi"], "3.1.0");
    for path in [
        "/api/transfers",
        "/api/contests",
        "/api/engagements",
        "/api/entities",
        "/api/entities/{id}",
        "/api/documents",
        "/api/documents/{id}",
        "/api/search",
        "/api/stats/suppliers",
        "/api/stats/recipients",
    ] {
        assert!(v["paths"][path].is_object(), "{path} undocumented");
    }
    // Every $ref resolves.
    let text = serde_json::to_string(&v).unwrap();
    for part in text.split("\"$ref\":\"#/components/").skip(1) {
        let target = &part[..part.find('"').unwrap()];
        let mut node = &v["components"];
        for seg in target.split('/') {
            node = &node[seg];
        }
        assert!(node.is_object(), "dangling $ref {target}");
    }
}

#[test]
fn post_is_refused_without_a_configured_token() {
    let s = Server::start(None);
    let body = br#"{"id": "new", "text": "Peru bought tanks."}"#;
    let r = s.request(
        "POST",
        "/api/documents",
        &[
            ("Authorization", "Bearer anything"),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json()["status"], 403);
    // Without credentials it is a 401, as for any server.
    let r = s.request("POST", "/api/documents", &[], body);
    assert_eq!(r.status, 401, "{}", r.text());
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert!(r.json()["error"].as_str().unwrap().contains("read-only"));
    assert_eq!(s.counts().documents, common::fixture().len() as u64);
}

#[test]
fn post_needs_the_right_token_and_a_sane_body() {
    let s = Server::empty(Some(TOKEN));
    let auth = format!("Bearer {TOKEN}");
    let body = br#"{"id": "peru-tanks", "text": "LIMA, May 27 - Peru's army ordered 120 MBT-2000 tanks from China for $114 million, the defence ministry said on Tuesday.", "published": "2009-05-27", "title": "Peru orders tanks"}"#;
    let none = s.request("POST", "/api/documents", &[], body);
    assert_eq!(none.status, 401);
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));
    let wrong = s.request(
        "POST",
        "/api/documents",
        &[("Authorization", "Bearer nope")],
        body,
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json()["status"], 401);
    assert_eq!(s.counts().documents, 0);
    // The scheme is case-insensitive (RFC 9110).
    let lower = format!("bearer {TOKEN}");
    let ok = s.request(
        "POST",
        "/api/documents",
        &[("Authorization", &lower)],
        br#"{"id": 20090527, "text": "Chile bought two frigates."}"#,
    );
    assert_eq!(ok.status, 201, "{}", ok.text());
    // A numeric id is taken as `ingest` takes it.
    assert_eq!(ok.json()["id"], "20090527");
    let (st, _) = s.json("/api/documents/20090527");
    assert_eq!(st, 200);

    for bad in [
        &b"{not json"[..],
        b"[]",
        b"{}",
        br#"{"text": 42}"#,
        br#"{"text": "   "}"#,
        br#"{"text": "x", "id": 1.5}"#,
        br#"{"text": "x", "id": [1]}"#,
        br#"{"text": "x", "outlet": 5}"#,
        br#"{"text": "x", "format": "pdf"}"#,
        br#"{"text": "x", "published": "yesterday"}"#,
    ] {
        let r = s.request("POST", "/api/documents", &[("Authorization", &auth)], bad);
        // A bad date is a warning, not an error: the article is kept.
        if bad.starts_with(br#"{"text": "x""#) {
            assert!(r.status == 201 || r.status == 400, "{}", r.text());
            continue;
        }
        assert_eq!(
            r.status,
            400,
            "{:?}: {}",
            String::from_utf8_lossy(bad),
            r.text()
        );
        assert_eq!(r.json()["status"], 400);
    }
    let before = s.counts().documents;

    let ok = s.request("POST", "/api/documents", &[("Authorization", &auth)], body);
    assert_eq!(ok.status, 201, "{}", ok.text());
    let v = ok.json();
    assert_eq!(v["id"], "peru-tanks");
    assert_eq!(v["status"], "added");
    assert_eq!(s.counts().documents, before + 1);
    let again = s.request("POST", "/api/documents", &[("Authorization", &auth)], body);
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["status"], "unchanged");
    let (st, d) = s.json("/api/documents/peru-tanks");
    assert_eq!(st, 200);
    assert_eq!(d["title"], "Peru orders tanks");
    // Without an id, the text names it, so a repeat is a no-op.
    let anon = br#"{"text": "Chile received two frigates from the Netherlands."}"#;
    let a1 = s
        .request("POST", "/api/documents", &[("Authorization", &auth)], anon)
        .json();
    let a2 = s
        .request("POST", "/api/documents", &[("Authorization", &auth)], anon)
        .json();
    assert_eq!(a1["id"], a2["id"]);
    assert_eq!(a2["status"], "unchanged");
}

#[test]
fn a_20_mb_body_is_413_and_changes_nothing() {
    let s = Server::empty(Some(TOKEN));
    let auth = format!("Bearer {TOKEN}");
    let text = "x".repeat(20 * 1024 * 1024);
    let body = format!("{{\"id\": \"huge\", \"text\": \"{text}\"}}");
    let r = s.request(
        "POST",
        "/api/documents",
        &[("Authorization", &auth)],
        body.as_bytes(),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.json()["status"], 413);
    // Announced with 100-continue, as curl does for big bodies.
    let r = s.request(
        "POST",
        "/api/documents",
        &[("Authorization", &auth), ("Expect", "100-continue")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 413);
    assert_eq!(s.counts().documents, 0);
    let (st, _) = s.json("/api/documents/huge");
    assert_eq!(st, 404);
}

/// SQL metacharacters, search syntax, HTML and odd bytes in every
/// parameter of every endpoint: a 2xx or 4xx JSON answer, never a 500, and
/// the database unchanged.
#[test]
fn hostile_parameters_never_break_anything() {
    let s = Server::start(Some(TOKEN));
    let before = s.counts();
    let nasty = [
        "'; DROP TABLE records; --",
        "\" OR 1=1 --",
        "%",
        "_",
        "\\",
        "\"><img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "NEAR(a b)",
        "*",
        "\u{0}",
        "😀",
        "a'b\"c`d",
        "1e999",
        "-1",
        "9999999999999999999999",
    ];
    let endpoints: &[(&str, &[&str])] = &[
        (
            "/api/transfers",
            &[
                "supplier",
                "recipient",
                "country",
                "year_from",
                "year_to",
                "status",
                "category",
                "q",
                "limit",
                "cursor",
                "sort",
                "format",
            ],
        ),
        (
            "/api/contests",
            &[
                "supplier",
                "recipient",
                "country",
                "status",
                "q",
                "sort",
                "cursor",
            ],
        ),
        (
            "/api/engagements",
            &["country", "type", "q", "sort", "cursor"],
        ),
        (
            "/api/entities",
            &["country", "type", "q", "sort", "cursor", "limit"],
        ),
        ("/api/search", &["q", "limit"]),
        (
            "/api/stats/suppliers",
            &["recipient", "supplier", "year_from", "status", "category"],
        ),
        (
            "/api/stats/recipients",
            &["supplier", "recipient", "year_to"],
        ),
    ];
    for (path, params) in endpoints {
        for p in *params {
            for v in nasty {
                let url = format!("{path}?{p}={}", enc(v));
                let r = s.get(&url);
                assert!(r.status < 500, "{url}: {} {}", r.status, r.text());
                assert!(
                    r.header("content-type")
                        .unwrap_or("")
                        .starts_with("application/json"),
                    "{url}"
                );
                let j = r.json();
                if r.status >= 400 {
                    assert_eq!(j["status"], r.status);
                }
            }
        }
    }
    for v in nasty {
        for base in ["/api/entities/", "/api/documents/"] {
            let r = s.get(&format!("{base}{}", enc(v)));
            assert!(matches!(r.status, 400 | 404), "{base}{v}: {}", r.status);
        }
    }
    assert_eq!(s.counts(), before);
}

#[test]
fn errors_are_json_for_unknown_methods_too() {
    let s = Server::start(None);
    let r = s.request("DELETE", "/api/transfers", &[], b"");
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["status"], 405);
    let r = s.request("PUT", "/api/documents", &[], b"{}");
    assert_eq!(r.status, 405);
}
