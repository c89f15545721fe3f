//! Users and review end to end: the real binary, a real SQLite file and a
//! real `armswatch serve` on 127.0.0.1. Wrong passwords, forms without a
//! valid CSRF token and writes without a role are refused; an analyst's
//! correction shows in the API and the exports, survives `reextract`, is
//! in the audit log, and `export --format gold` scores 1.0 against itself.
//! The article is written for these tests.

mod common;

use common::{armswatch, Answer, Serve, ORDER};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PASSWORD: &str = "correct horse battery";

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("register.db");
        let env = Env { dir, db };
        let path = env.dir.path().join("order.txt");
        std::fs::write(&path, ORDER).unwrap();
        env.ok(
            &[
                "ingest",
                "--published",
                "2025-03-10",
                path.to_str().unwrap(),
            ],
            "",
        );
        env.ok(&["user", "add", "ana", "--role", "analyst"], PASSWORD);
        env.ok(&["user", "add", "rita", "--role", "reader"], PASSWORD);
        env
    }

    fn cmd(&self, args: &[&str]) -> Command {
        armswatch(&self.db, args)
    }

    /// Runs armswatch with `stdin` as its standard input; must succeed.
    fn ok(&self, args: &[&str], stdin: &str) -> String {
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A command that does not read its input may exit before we write:
        // a broken pipe then is no failure (its exit status decides).
        if let Some(mut input) = child.stdin.take() {
            if let Err(e) = writeln!(input, "{stdin}") {
                assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
            }
        }
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "armswatch {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    }
}

impl Answer {
    fn cookie(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let v = l.strip_prefix("set-cookie: ")?;
            let (k, rest) = v.split_once('=')?;
            (k == name).then(|| rest.split(';').next().unwrap_or("").to_string())
        })
    }
}

/// The value of `<input ... name="csrf" value="...">` in a page.
fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token");
    let rest = &page[at + 19..];
    rest[..rest.find('"').unwrap()].to_string()
}

impl Serve {
    fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        let h = cookie
            .map(|c| format!("Cookie: aw_session={c}\r\n"))
            .unwrap_or_default();
        self.request("GET", path, &h, "")
    }

    fn post_form(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> Answer {
        let body = form
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    v.replace('%', "%25")
                        .replace(' ', "+")
                        .replace('&', "%26")
                        .replace('(', "%28")
                        .replace(')', "%29")
                )
            })
            .collect::<Vec<_>>()
            .join("&");
        let h = format!("Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n");
        self.request("POST", path, &h, &body)
    }

    /// Signs in; the session cookie's value, or the refusal.
    fn sign_in(&self, name: &str, password: &str) -> Result<String, Answer> {
        let form = self.get("/signin", None);
        let pre = form.cookie("aw_signin").expect("sign-in cookie");
        let a = self.post_form(
            "/signin",
            &format!("aw_signin={pre}"),
            &[
                ("csrf", &csrf_of(&form.body)),
                ("name", name),
                ("password", password),
            ],
        );
        match (a.status, a.cookie("aw_session")) {
            (303, Some(s)) => {
                assert!(
                    a.head.contains("httponly") && a.head.contains("samesite=strict"),
                    "{}",
                    a.head
                );
                Ok(s)
            }
            _ => Err(a),
        }
    }

    /// The CSRF token of a signed-in session (from its review page, or any
    /// record page for a reader).
    fn csrf(&self, session: &str, record: &str) -> Option<String> {
        let page = self.get(record, Some(session)).body;
        page.contains("name=\"csrf\"").then(|| csrf_of(&page))
    }
}

fn transfer(serve: &Serve) -> serde_json::Value {
    let a = serve.request("GET", "/api/transfers", "", "");
    assert_eq!(a.status, 200, "{}", a.body);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    v["items"][0].clone()
}

#[test]
fn wrong_passwords_and_unknown_users_are_refused() {
    let env = Env::new();
    let serve = Serve::start(&env.db, &[]);
    let refused = serve.sign_in("ana", "horse battery staple").unwrap_err();
    assert_eq!(refused.status, 401);
    assert!(refused.body.contains("Wrong name or password"));
    assert_eq!(serve.sign_in("nobody", PASSWORD).unwrap_err().status, 401);
    let ana = serve.sign_in("ana", PASSWORD).unwrap();
    // Every page's header names the signed-in user and offers signing out.
    let home = serve.get("/", Some(&ana)).body;
    assert!(
        home.contains("Signed in as <strong>ana</strong> (analyst)")
            && home.contains("id=\"signout\""),
        "{home}"
    );
    assert!(!home.contains("id=\"signin-link\""));
    let stranger = serve.get("/", None).body;
    assert!(stranger.contains("id=\"signin-link\"") && !stranger.contains("Signed in as"));
    // The sign-in form itself needs its CSRF token.
    let a = serve.post_form(
        "/signin",
        "aw_signin=abc",
        &[("csrf", "abd"), ("name", "ana"), ("password", PASSWORD)],
    );
    assert_eq!(a.status, 403);
    assert!(a.cookie("aw_session").is_none());
}

#[test]
fn forms_need_the_csrf_token_and_writes_need_a_role() {
    let env = Env::new();
    let serve = Serve::start(&env.db, &[]);
    let t = transfer(&serve);
    let (page, seq) = (
        t["links"]["page"].as_str().unwrap().to_string(),
        t["seq"].as_i64().unwrap(),
    );
    let action = format!("/review/order/{seq}");
    let fix = |csrf: &str| {
        vec![
            ("csrf", csrf.to_string()),
            ("action", "correct".into()),
            ("field", "quantity".into()),
            ("value", "30".into()),
            ("reason", "the ministry said 30".into()),
        ]
    };
    let post = |cookie: &str, form: Vec<(&str, String)>| {
        let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        serve.post_form(&action, cookie, &f)
    };
    let ana = serve.sign_in("ana", PASSWORD).unwrap();
    let csrf = serve
        .csrf(&ana, &page)
        .expect("an analyst sees the review form");
    let cookie = format!("aw_session={ana}");
    // No session, no token, a wrong token: refused, nothing changed.
    assert_eq!(post("", fix(&csrf)).status, 403);
    assert_eq!(post(&cookie, fix("")).status, 403);
    let mut wrong = csrf.clone().into_bytes();
    wrong[0] = if wrong[0] == b'0' { b'1' } else { b'0' };
    assert_eq!(
        post(&cookie, fix(&String::from_utf8(wrong).unwrap())).status,
        403
    );
    // A reader with a valid session and token may not write.
    let rita = serve.sign_in("rita", PASSWORD).unwrap();
    let reader_page = serve.get(&page, Some(&rita)).body;
    assert!(reader_page.contains("reviewing needs the analyst role"));
    let reader_csrf = serve.csrf(&rita, "/signin").unwrap_or_default();
    assert_eq!(
        post(&format!("aw_session={rita}"), fix(&reader_csrf)).status,
        403
    );
    assert_eq!(
        transfer(&serve)["quantity"],
        24,
        "a refused write changed the entry"
    );
    assert_eq!(transfer(&serve)["reviewed"], false);
    // The analyst may.
    let a = post(&cookie, fix(&csrf));
    assert_eq!(a.status, 303, "{}", a.body);
    let t = transfer(&serve);
    assert_eq!(t["quantity"], 30);
    assert_eq!(t["reviewed"], true);
    // Signing out ends the session.
    assert_eq!(
        serve
            .post_form("/signout", &cookie, &[("csrf", &csrf)])
            .status,
        303
    );
    assert_eq!(post(&cookie, fix(&csrf)).status, 403);
}

#[test]
fn a_correction_survives_reextract_and_makes_gold() {
    let env = Env::new();
    let t;
    {
        let serve = Serve::start(&env.db, &[]);
        t = transfer(&serve);
        let page = t["links"]["page"].as_str().unwrap();
        let ana = serve.sign_in("ana", PASSWORD).unwrap();
        let csrf = serve.csrf(&ana, page).unwrap();
        let action = format!("/review/order/{}", t["seq"]);
        let a = serve.post_form(
            &action,
            &format!("aw_session={ana}"),
            &[
                ("csrf", &csrf),
                ("action", "correct"),
                ("field", "quantity"),
                ("value", "30"),
                ("reason", "the ministry said 30"),
            ],
        );
        assert_eq!(a.status, 303, "{}", a.body);
        let review = serve.get("/review", Some(&ana)).body;
        assert!(
            review.contains("the ministry said 30") && review.contains("ana"),
            "audit log: {review}"
        );
    }
    assert_eq!(t["quantity"], 24);
    env.ok(&["reextract"], "");
    let raw = env.ok(&["export", "--raw"], "");
    let line = raw.lines().find(|l| l.contains("\"transfer\"")).unwrap();
    assert!(
        line.contains("\"quantity\":30") && line.contains("\"reviewed\":true"),
        "{line}"
    );
    let consolidated = env.ok(&["export"], "");
    let mut kinds = consolidated.lines().map(|l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        (v["kind"].as_str().unwrap_or("").to_string(), v)
    });
    let (_, t) = kinds.find(|(k, _)| k == "transfer").unwrap();
    assert_eq!(
        (&t["quantity"], &t["reviewed"]),
        (&30.into(), &true.into()),
        "{t}"
    );
    assert!(
        kinds.all(|(k, v)| k == "transfer" || v.get("reviewed").is_none()),
        "only entries built from reviewed records are marked: {consolidated}"
    );
    let csv = env.ok(&["export", "--format", "csv"], "");
    let row = csv.lines().find(|l| l.contains(",transfer,")).unwrap();
    assert!(csv.starts_with("id,") && csv.lines().next().unwrap().ends_with(",reviewed"));
    assert!(row.ends_with(",true"), "{row}");
    let serve = Serve::start(&env.db, &[]);
    assert_eq!(transfer(&serve)["quantity"], 30, "lost on reextract");
    let out = env.dir.path().join("gold");
    env.ok(
        &["export", "--format", "gold", "--out", out.to_str().unwrap()],
        "",
    );
    let gold = out.join("order.gold.jsonl");
    let text = std::fs::read_to_string(&gold).unwrap();
    assert!(
        text.starts_with("{")
            && text.contains("\"kind\":\"document\"")
            && text.contains("\"quantity\":30"),
        "{text}"
    );
    score_against_itself(&gold);
}

/// `shared/eval/score.py GOLD GOLD` gives 1.0 (skipped, saying so, when
/// the script or python3 is missing).
fn score_against_itself(gold: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/score.py");
    if !script.exists() {
        return eprintln!("score.py not found: skipped");
    }
    let Ok(out) = Command::new("python3")
        .arg(&script)
        .arg(gold)
        .arg(gold)
        .arg("--json")
        .output()
    else {
        return eprintln!("python3 not found: skipped");
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        v.pointer("/records/f1").and_then(|f| f.as_f64()),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        v.pointer("/records/tp").and_then(|f| f.as_u64()),
        Some(1),
        "{text}"
    );
    for (field, score) in v["fields"].as_object().unwrap() {
        assert_eq!(score.as_f64(), Some(1.0), "{field}: {text}");
    }
}

#[test]
fn a_private_server_needs_signing_in_or_the_token() {
    let env = Env::new();
    let serve = Serve::start(&env.db, &["--private", "--token", "s3cret-token"]);
    let a = serve.get("/register", None);
    assert_eq!(a.status, 303);
    assert!(a.head.contains("location: /signin"));
    assert_eq!(serve.get("/api/transfers", None).status, 401);
    let bearer = serve.request(
        "GET",
        "/api/transfers",
        "Authorization: Bearer s3cret-token\r\n",
        "",
    );
    assert_eq!(bearer.status, 200);
    assert_eq!(serve.get("/signin", None).status, 200);
    let rita = serve.sign_in("rita", PASSWORD).unwrap();
    assert_eq!(serve.get("/register", Some(&rita)).status, 200);
}

const RADARS: [(&str, &str); 3] = [
    ("peru", "Peru buys radars\n\nPeru has ordered six TPS-77 radars from Andes Dynamics Corp for $40 million, the defence ministry said on Monday.\n"),
    ("chile", "Chile buys radars\n\nChile has ordered four TPS-77 radars from Cordillera Systems Ltd for $30 million, officials said on Tuesday.\n"),
    ("bolivia", "Bolivia buys radars\n\nBolivia has ordered two TPS-77 radars from Cordillera Systems for $10 million, officials said on Friday.\n"),
];

/// The supplier's entity id of each article's transfer in `export`.
fn supplier_ids(env: &Env) -> std::collections::BTreeMap<String, String> {
    env.ok(&["export"], "")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["kind"] == "transfer")
        .map(|v| {
            let id = v["suppliers"][0]["id"].as_str().unwrap_or("").to_string();
            (v["doc"].as_str().unwrap_or("").to_string(), id)
        })
        .collect()
}

#[test]
fn entity_merges_and_splits_bind_export_survive_reextract_and_are_audited() {
    let env = Env::new();
    let mut args = vec!["ingest".to_string()];
    for (name, text) in RADARS {
        let path = env.dir.path().join(format!("{name}.txt"));
        std::fs::write(&path, text).unwrap();
        args.push(path.to_str().unwrap().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.ok(&args, "");
    let ids = supplier_ids(&env);
    assert_ne!(ids["peru"], ids["chile"], "{ids:?}");
    assert_eq!(ids["chile"], ids["bolivia"], "{ids:?}");

    let serve = Serve::start(&env.db, &[]);
    let page = "/entities/andes-dynamics-corp--us";
    let ana = serve.sign_in("ana", PASSWORD).unwrap();
    let entity_page = serve.get(page, Some(&ana)).body;
    let main = entity_page.split_once("<main>").map_or("", |(_, m)| m);
    assert!(
        main.contains("<form method=\"post\" action=\"/entities/decide\""),
        "{entity_page}"
    );
    let csrf = csrf_of(&entity_page);
    let cookie = format!("aw_session={ana}");
    let decide = |cookie: &str, csrf: &str, action: &str, a: &str, b: &str, why: &str| {
        serve.post_form(
            "/entities/decide",
            cookie,
            &[
                ("csrf", csrf),
                ("action", action),
                ("a", a),
                ("b", b),
                ("reason", why),
            ],
        )
    };
    let merge = |cookie: &str, csrf: &str| {
        decide(
            cookie,
            csrf,
            "merge",
            "Andes Dynamics Corp",
            "Cordillera Systems Ltd",
            "one firm renamed",
        )
    };
    // No session, a wrong token, a reader: refused, nothing recorded.
    assert_eq!(merge("", &csrf).status, 403);
    assert_eq!(merge(&cookie, "").status, 403);
    let rita = serve.sign_in("rita", PASSWORD).unwrap();
    let reader_page = serve.get(page, Some(&rita)).body;
    let reader_main = reader_page.split_once("<main>").map_or("", |(_, m)| m);
    assert!(reader_main.contains("merging and splitting needs the analyst role"));
    assert!(!reader_main.contains("id=\"decide-form\""));
    let reader_csrf = serve.csrf(&rita, "/signin").unwrap_or_default();
    assert_eq!(
        merge(&format!("aw_session={rita}"), &reader_csrf).status,
        403
    );
    assert_eq!(
        supplier_ids(&env),
        ids,
        "a refused decision changed the register"
    );

    let a = merge(&cookie, &csrf);
    assert_eq!(a.status, 303, "{}", a.body);
    let a = decide(
        &cookie,
        &csrf,
        "split",
        "Cordillera Systems",
        "Cordillera Systems Ltd",
        "two firms, one name",
    );
    assert_eq!(a.status, 303, "{}", a.body);
    let review = serve.get("/review", Some(&ana)).body;
    for what in [
        "entity_merge",
        "one firm renamed",
        "entity_split",
        "two firms, one name",
    ] {
        assert!(
            review.contains(what),
            "{what} not in the audit log: {review}"
        );
    }
    // The web UI's entity page holds both merged names.
    let merged_page = serve.get(page, None).body;
    assert!(
        merged_page.contains("Cordillera Systems Ltd"),
        "{merged_page}"
    );
    drop(serve);

    let check = |when: &str| {
        let ids = supplier_ids(&env);
        assert_eq!(ids["peru"], ids["chile"], "merge lost {when}: {ids:?}");
        assert_ne!(ids["chile"], ids["bolivia"], "split lost {when}: {ids:?}");
    };
    check("at once");
    env.ok(&["reextract"], "");
    check("on reextract");
}
