//! The HTML pages, over the same real server and fixture as the API tests.

mod common;

use common::{enc, Server};

fn page(s: &Server, url: &str) -> String {
    let r = s.get(url);
    assert_eq!(r.status, 200, "{url}: {}", r.text());
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/html"),
        "{url}"
    );
    r.text()
}

/// No markup from the data or the request ever reaches a page unescaped.
fn assert_clean(html: &str, url: &str) {
    for bad in [
        "<script>alert",
        "<img src=x",
        "<img onerror",
        "<b>drones",
        "onerror=alert(1)>",
    ] {
        assert!(!html.contains(bad), "{url} contains {bad:?}");
    }
    // Our own single script is the only one.
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=\"/assets/app.js\" defer></script>")
            .count(),
        "{url}"
    );
}

#[test]
fn every_page_renders_and_escapes_the_data() {
    let s = Server::start(None);
    for url in [
        "/",
        "/register",
        "/register?tab=contests",
        "/register?tab=engagements",
        "/register?recipient=PE&sort=-value",
        "/entities",
        "/entities?sort=name&q=a",
        "/entities/thales--fr",
        "/entities/rosoboronexport--ru",
        "/countries",
        "/countries/PE",
        "/countries/pe?measure=count",
        "/countries/IL",
        "/network",
        "/network?region=Americas&measure=value&year_from=2000&year_to=2010",
        "/documents",
        "/documents/evil",
        "/documents/c-peru-radar",
        "/contests/c-peru-radar/0",
        "/transfers/t001/0",
        "/engagements/e-lima/0",
        "/search?q=radars",
        "/search?q=drones",
        "/search",
    ] {
        let html = page(&s, url);
        assert!(html.contains("<main>"), "{url}");
        assert_clean(&html, url);
    }
    // The hostile article is shown, as text.
    let html = page(&s, "/documents/evil");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;drones&lt;/b&gt;"));
    let entity = common::fixture()
        .into_iter()
        .find(|(d, _)| d.id == "evil")
        .map(|_| armswatch_store::query::entity_id("\"><img src=x onerror=alert(1)>", Some("IL")))
        .unwrap();
    let html = page(&s, &format!("/entities/{}", enc(&entity)));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert_clean(&html, "entity");
}

#[test]
fn register_filters_sorts_and_pages() {
    let s = Server::start(None);
    let html = page(&s, "/register?tab=transfers&recipient=EG&limit=5");
    // Every row's recipient is Egypt.
    let rows: Vec<&str> = html.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 5);
    for r in &rows {
        assert!(r.contains(">Egypt</a>"), "{r}");
    }
    assert!(html.contains("where recipient is <em class=\"fv\">EG</em>"));
    assert!(html.contains("value=\"EG\""), "the form keeps the filter");
    let next = html
        .split("href=\"")
        .find(|p| {
            p.contains("rel=\"next\"")
                || p.starts_with("/register?tab=transfers&amp;recipient=EG&amp;limit=5&amp;cursor=")
        })
        .expect("a next page link");
    let next = next[..next.find('"').unwrap()].replace("&amp;", "&");
    let html2 = page(&s, &next);
    assert!(html2.contains("First page"));
    // Sortable headings keep the filters.
    assert!(html
        .split("href=\"")
        .any(|h| h.starts_with("/register?tab=transfers&amp;")
            && h[..h.find('"').unwrap()].contains("sort=-value")
            && h[..h.find('"').unwrap()].contains("recipient=EG")));
    // CSV of the same view, every row.
    let csv = s.get("/register.csv?tab=transfers&recipient=EG");
    assert_eq!(csv.status, 200);
    let n = common::fixture()
        .iter()
        .flat_map(|(_, r)| r)
        .filter(|r| matches!(&r.fact, armswatch_register::Fact::Transfer(t) if t.recipient.country.as_deref() == Some("EG")))
        .count();
    assert_eq!(csv.text().lines().count(), n + 1);
    assert!(csv
        .header("content-disposition")
        .unwrap()
        .contains("armswatch-transfers.csv"));
}

#[test]
fn contest_page_has_a_timeline_with_evidence_links() {
    let s = Server::start(None);
    let html = page(&s, "/contests/c-peru-radar/0");
    let tl = &html[html.find("id=\"timeline\"").unwrap()..];
    let steps: Vec<usize> = [
        "<strong>Tender</strong>",
        "<strong>Bids</strong>",
        "<strong>Award</strong>",
        "<strong>Protest</strong>",
        "<strong>Cancellation</strong>",
    ]
    .iter()
    .map(|s| tl.find(s).unwrap_or_else(|| panic!("{s} missing")))
    .collect();
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "steps out of order");
    assert!(tl.contains("2011-03") && tl.contains("2012"));
    // Each step quotes its own sentence and links to it.
    let text = common::fixture()
        .into_iter()
        .find(|(d, _)| d.id == "c-peru-radar")
        .unwrap()
        .0
        .text;
    let protest = text.find("Saab protested").unwrap();
    assert!(tl.contains(&format!("href=\"/documents/c-peru-radar#ev-{protest}\"")));
    let cancel = text.find("The ministry cancelled").unwrap();
    assert!(tl.contains(&format!("href=\"/documents/c-peru-radar#ev-{cancel}\"")));
    // The kinds do not mix.
    assert_eq!(s.get("/transfers/c-peru-radar/0").status, 404);
    assert_eq!(s.get("/contests/c-peru-radar/99").status, 404);
    assert_eq!(s.get("/contests/c-peru-radar/x").status, 404);
}

#[test]
fn article_page_marks_each_evidence_sentence() {
    let s = Server::start(None);
    let html = page(&s, "/documents/c-peru-radar");
    let (doc, recs) = common::fixture()
        .into_iter()
        .find(|(d, _)| d.id == "c-peru-radar")
        .unwrap();
    for r in &recs {
        for e in &r.evidence {
            assert!(
                html.contains(&format!("<mark class=\"ev\" id=\"ev-{}\"", e.start)),
                "ev-{}",
                e.start
            );
            assert_eq!(&doc.text[e.start..e.end], e.text);
        }
    }
    // The records drawn from it are listed with links to their sentences.
    assert!(html.contains("href=\"/contests/c-peru-radar/0\""));
    assert!(html.contains("href=\"#ev-0\""));
    assert_eq!(s.get("/documents/nope").status, 404);
}

#[test]
fn country_page_draws_the_supplier_chart() {
    let s = Server::start(None);
    let html = page(&s, "/countries/PE");
    assert!(html.contains("<svg class=\"chart\""));
    assert!(html.contains("Top suppliers"));
    for name in ["Russia", "France", "United States"] {
        assert!(html.contains(name), "{name}");
    }
    // Bars link to the register, filtered.
    assert!(
        html.contains("/register?tab=transfers&amp;recipient=PE&amp;supplier=RU&amp;year_from=")
    );
    let html = page(&s, "/countries/PE?measure=count");
    assert!(html.contains("number of transfers"));
    assert_eq!(s.get("/countries/ZZZ").status, 404);
    assert_eq!(s.get("/countries/PE?measure=weight").status, 400);
}

#[test]
fn network_page_draws_flows() {
    let s = Server::start(None);
    let html = page(&s, "/network");
    assert!(html.contains("<svg class=\"network\""));
    assert!(html.contains("data-s=\"RU\" data-r=\"PE\""));
    let html = page(&s, "/network?region=Middle+East");
    assert!(html.contains("data-r=\"EG\""));
    assert!(!html.contains("data-r=\"PE\""));
    assert_eq!(s.get("/network?region=Atlantis").status, 400);
    assert_eq!(s.get("/network?year_from=2010&year_to=2000").status, 400);
}

#[test]
fn filter_values_are_escaped_where_reflected() {
    let s = Server::start(None);
    let evil = "\"><img onerror=alert(1) src=x>";
    for url in [
        format!("/register?supplier={}", enc(evil)),
        format!("/register?q={}", enc(evil)),
        format!("/register?tab=contests&recipient={}", enc(evil)),
        format!("/entities?q={}", enc(evil)),
        format!("/search?q={}", enc(evil)),
    ] {
        let html = page(&s, &url);
        assert!(!html.contains("<img onerror"), "{url}");
        assert!(
            html.contains("&quot;&gt;&lt;img onerror=alert(1) src=x&gt;"),
            "{url}"
        );
    }
    // Errors reflect the value escaped too.
    for url in [
        format!("/register?status={}", enc(evil)),
        format!("/register?tab={}", enc(evil)),
        format!("/countries/{}", enc(evil)),
        format!("/entities/{}", enc(evil)),
        format!("/{}", enc(evil)),
    ] {
        let r = s.get(&url);
        assert!((400..500).contains(&r.status), "{url}: {}", r.status);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(!r.text().contains("<img onerror"), "{url}");
    }
}

#[test]
fn hostile_page_parameters_never_break_anything() {
    let s = Server::start(None);
    let before = s.counts();
    let nasty = [
        "'; DROP TABLE records; --",
        "%",
        "\\",
        "<script>x</script>",
        "NEAR(",
        "\u{0}",
        "-1",
        "😀",
    ];
    let pages: &[(&str, &[&str])] = &[
        (
            "/register",
            &[
                "tab",
                "supplier",
                "recipient",
                "country",
                "year_from",
                "status",
                "category",
                "type",
                "q",
                "sort",
                "cursor",
                "limit",
            ],
        ),
        ("/register.csv", &["tab", "supplier", "q", "sort"]),
        ("/entities", &["q", "country", "type", "sort", "cursor"]),
        ("/network", &["year_from", "region", "measure"]),
        ("/search", &["q"]),
        ("/countries/PE", &["measure"]),
    ];
    for (path, params) in pages {
        for p in *params {
            for v in nasty {
                let url = format!("{path}?{p}={}", enc(v));
                let r = s.get(&url);
                assert!(r.status < 500, "{url}: {}", r.status);
                assert!(!r.text().contains("<script>x"), "{url}");
            }
        }
    }
    assert_eq!(s.counts(), before);
}

#[test]
fn pages_forbid_foreign_and_inline_scripts() {
    let s = Server::start(None);
    let r = s.get("/");
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"));
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    let html = r.text();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external resources"
    );
    for asset in ["/assets/style.css", "/assets/app.js", "/assets/icon.svg"] {
        assert_eq!(s.get(asset).status, 200, "{asset}");
    }
    assert_eq!(s.get("/assets/../Cargo.toml").status, 404);
    let r = s.get("/no/such/page");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("404 Not Found"));
}

#[test]
fn an_empty_register_still_explains_itself() {
    let s = Server::empty(None);
    for url in [
        "/",
        "/register",
        "/entities",
        "/countries",
        "/network",
        "/documents",
        "/search?q=x",
    ] {
        page(&s, url);
    }
    assert!(page(&s, "/").contains("The register is empty"));
}

/// A record whose cells a spreadsheet would run as formulas: every such
/// cell of `/register.csv` starts with `'` instead.
#[test]
fn register_csv_neutralises_formulas() {
    use armswatch_register::{Category, Fact, System, Transfer, TransferStatus};
    use armswatch_store::{SqliteStore, Store};
    let s = Server::empty(None);
    let text = "=cmd|' /C calc'!A0 sold +tanks to @Peru.";
    let d = common::doc("-1+1", text, "2010");
    let mut supplier = common::company("=HYPERLINK(\"http://x\")", "RU");
    supplier.name = "=HYPERLINK(\"http://x\")".into();
    let fact = Fact::Transfer(Transfer {
        suppliers: vec![supplier],
        recipient: common::state("PE", "@Peru"),
        system: System {
            name: Some("+tanks".into()),
            description: Some("\ttanks".into()),
            category: Category::ArmouredVehicle,
        },
        quantity: None,
        value: None,
        date: None,
        date_text: None,
        status: TransferStatus::Ordered,
    });
    let r = common::record("-1+1", fact, vec![common::ev(text, text)]);
    SqliteStore::open(&s.db)
        .unwrap()
        .put(&[(d, vec![r])])
        .unwrap();
    let csv = s.get("/register.csv?tab=transfers");
    assert_eq!(csv.status, 200, "{}", csv.text());
    let body = csv.text();
    let row = body.lines().nth(1).unwrap();
    for cell in [
        "'-1+1",
        "\"'=HYPERLINK(\"\"http://x\"\")\"",
        "'@Peru",
        "'+tanks",
        "'\ttanks",
        "'=cmd|' /C calc'!A0 sold +tanks to @Peru.",
    ] {
        assert!(row.contains(cell), "{cell:?} not in {row:?}");
    }
    for cell in row.split(',') {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t']),
            "{cell:?} in {row:?}"
        );
    }
    // The API's CSV is made the same way.
    let api = s.get("/api/transfers?format=csv").text();
    assert!(api.contains("'@Peru"), "{api}");
}
