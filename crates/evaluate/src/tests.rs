use super::*;
use serde_json::json;

fn transfer(doc: &str, supplier: &str, recipient: &str, category: &str) -> Value {
    json!({"kind": "transfer", "doc": doc,
           "suppliers": [{"name": supplier, "type": "state", "country": supplier}],
           "recipient": {"name": recipient, "type": "state", "country": recipient},
           "system": {"name": null, "description": "kit", "category": category},
           "date": "2011", "status": "delivered"})
}

fn with(mut v: Value, key: &str, x: Value) -> Value {
    v[key] = x;
    v
}

#[test]
fn exact_prediction_scores_perfectly() {
    let gold = vec![transfer("d", "CN", "PE", "aircraft")];
    let s = score(&gold, &gold);
    assert_eq!(
        s.transfer,
        Counts {
            tp: 1,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(s.records_prf().f1, 1.0);
    assert_eq!(s.field_accuracy(), 1.0);
    assert!(s.misses.is_empty());
    let keys: Vec<&str> = s.fields.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "transfer.date",
            "transfer.recipient",
            "transfer.status",
            "transfer.suppliers",
            "transfer.system.category"
        ]
    );
}

#[test]
fn optional_gold_counts_neither_way() {
    let required = transfer("d", "CN", "PE", "aircraft");
    // the optional record fits the prediction better, but must not take it
    let opt = with(
        with(
            transfer("d", "CN", "PE", "aircraft"),
            "optional",
            json!(true),
        ),
        "date",
        json!("2012"),
    );
    let pred = with(transfer("d", "CN", "PE", "aircraft"), "date", json!("2012"));
    let s = score(
        &[opt.clone(), required.clone()],
        std::slice::from_ref(&pred),
    );
    assert_eq!(
        s.transfer,
        Counts {
            tp: 1,
            fp: 0,
            fn_: 0
        }
    );
    assert_eq!(s.fields["transfer.date"], FieldHits { hits: 0, total: 1 });
    assert_eq!(s.misses, ["d: transfer field date wrong"]);

    // an optional record alone: matched or not, nothing counts
    let s = score(std::slice::from_ref(&opt), &[]);
    assert_eq!(s.transfer, Counts::default());
    let s = score(std::slice::from_ref(&opt), std::slice::from_ref(&pred));
    assert_eq!(s.transfer, Counts::default());
    assert!(s.fields.is_empty());
    // a second prediction that only the optional record could take is not spurious
    let s = score(&[required, opt], &[pred.clone(), pred]);
    assert_eq!(
        s.transfer,
        Counts {
            tp: 1,
            fp: 0,
            fn_: 0
        }
    );
}

#[test]
fn alternatives_widen_what_is_accepted() {
    let g = with(
        with(
            transfer("d", "CN", "PE", "aircraft"),
            "status_any",
            json!(["delivered", "ordered"]),
        ),
        "date_any",
        json!(["2009", null]),
    );
    let g = with(g, "date", Value::Null);
    let p = with(
        with(
            transfer("d", "CN", "PE", "aircraft"),
            "status",
            json!("ordered"),
        ),
        "date",
        Value::Null,
    );
    let s = score(std::slice::from_ref(&g), &[p]);
    assert_eq!(s.fields["transfer.status"].hits, 1);
    assert_eq!(s.fields["transfer.date"].hits, 1);
    // an empty status_any falls back on status
    let g2 = with(
        transfer("d", "CN", "PE", "aircraft"),
        "status_any",
        json!([]),
    );
    let s = score(std::slice::from_ref(&g2), std::slice::from_ref(&g2));
    assert_eq!(s.fields["transfer.status"].hits, 1);
    // an empty date_any accepts nothing
    let g3 = with(transfer("d", "CN", "PE", "aircraft"), "date_any", json!([]));
    let s = score(std::slice::from_ref(&g3), std::slice::from_ref(&g3));
    assert_eq!(s.fields["transfer.date"].hits, 0);
}

#[test]
fn numbers_compare_by_value() {
    let g = with(
        transfer("d", "CN", "PE", "aircraft"),
        "quantity",
        json!(4.0),
    );
    let p = with(transfer("d", "CN", "PE", "aircraft"), "quantity", json!(4));
    let s = score(std::slice::from_ref(&g), &[p]);
    assert_eq!(
        s.fields["transfer.quantity"],
        FieldHits { hits: 1, total: 1 }
    );
    let s = score(&[g], &[transfer("d", "CN", "PE", "aircraft")]);
    assert_eq!(
        s.fields["transfer.quantity"],
        FieldHits { hits: 0, total: 1 }
    );
}

#[test]
fn state_recipients_and_aliases() {
    let entity = json!({"kind": "entity", "doc": "d", "name": "Peruvian Army",
                        "type": "armed_force", "country": "PE", "aliases": ["Ejercito"]});
    let mut g = transfer("d", "CN", "PE", "aircraft");
    g["recipient"] = json!({"name": "Peruvian Army", "type": "armed_force", "country": "PE"});
    let mut p = g.clone();
    p["recipient"]["name"] = json!("Ejercito");
    let s = score(&[entity.clone(), g.clone()], &[p.clone()]);
    assert_eq!(s.fields["transfer.recipient"].hits, 1);
    // without the entity the alias is unknown
    let s = score(&[g.clone()], &[p.clone()]);
    assert_eq!(s.fields["transfer.recipient"].hits, 0);
    // a gold state recipient accepts any name
    g["recipient"]["type"] = json!("state");
    let s = score(&[g], &[p]);
    assert_eq!(s.fields["transfer.recipient"].hits, 1);
}

fn contest(bidders: Value) -> Value {
    json!({"kind": "contest", "doc": "d",
           "buyer": {"name": "Peruvian Defense Ministry", "type": "government_body", "country": "PE"},
           "item": {"description": "air defense system", "category": "air_defence"},
           "value": {"amount": 114000000, "currency": "USD"},
           "bidders": bidders, "status": "cancelled", "awarded": "2012-02", "cancelled": "2012-04"})
}

#[test]
fn consortium_bidders_match_on_member_countries() {
    let triad = json!({"name": "Triad", "type": "consortium", "country": null, "members": [
        {"name": "Rafael", "country": "IL"}, {"name": "Bumar", "country": "PL"}]});
    let chinese =
        json!({"name": "consortium of Chinese makers", "type": "consortium", "country": "CN"});
    let g = contest(
        json!([triad, chinese, {"name": "Rosoboronexport", "type": "company", "country": "RU"}]),
    );
    let p = contest(json!([
        {"name": "Israeli-Polish group", "type": "consortium", "members": [{"country": "PL"}, {"country": "IL"}]},
        {"name": "Beijing makers", "type": "company", "country": "CN"},
        "Rosoboronexport"
    ]));
    let s = score(std::slice::from_ref(&g), &[p]);
    assert_eq!(s.contest.tp, 1);
    assert_eq!(s.fields["contest.bidder"], FieldHits { hits: 1, total: 3 });
    assert_eq!(
        s.misses,
        [
            "d: contest field bidder:consortium of Chinese makers wrong",
            "d: contest field bidder:Rosoboronexport wrong"
        ]
    );
}

#[test]
fn contests_match_on_value_when_categories_differ() {
    let g = contest(json!([]));
    let mut p = contest(json!([]));
    p["item"]["category"] = json!("missile");
    p["value"]["amount"] = json!(113_000_000);
    assert_eq!(
        score(std::slice::from_ref(&g), std::slice::from_ref(&p))
            .contest
            .tp,
        1
    );
    p["value"]["amount"] = json!(100_000_000);
    let s = score(std::slice::from_ref(&g), std::slice::from_ref(&p));
    assert_eq!(
        s.contest,
        Counts {
            tp: 0,
            fp: 1,
            fn_: 1
        }
    );
    assert_eq!(
        s.misses,
        [
            "d: missed contest buyer PE: air defense system",
            "d: spurious contest buyer PE: air defense system"
        ]
    );
}

#[test]
fn entities_match_in_gold_order() {
    let gold = vec![
        json!({"kind": "entity", "doc": "d", "name": "Rosoboronexport", "type": "company",
               "type_any": ["company", "government_body"], "country": "RU"}),
        json!({"kind": "entity", "doc": "d", "name": "Norinco", "type": "company", "country": "CN",
               "aliases": ["China North Industries Corp."]}),
        json!({"kind": "entity", "doc": "d", "name": "Navy", "type": "armed_force", "country": "PE",
               "optional": true}),
        json!({"kind": "entity", "doc": "d", "name": "Giacoma", "type": "person", "country": "PE"}),
    ];
    let pred = vec![
        json!({"kind": "entity", "doc": "d", "name": "Rosoboronexport", "type": "government_body", "country": "RU"}),
        json!({"kind": "entity", "doc": "d", "name": "China North Industries Corporation", "type": "state"}),
        json!({"kind": "entity", "doc": "d", "name": "navy", "type": "armed_force", "country": "PE"}),
        json!({"kind": "entity", "doc": "d", "name": "Lima", "type": "other", "country": "PE"}),
        json!({"kind": "entity", "doc": "other", "name": "Ignored"}),
    ];
    let s = score(&gold, &pred);
    assert_eq!(
        s.entity,
        Counts {
            tp: 2,
            fp: 1,
            fn_: 1
        }
    );
    assert_eq!(s.fields["entity.type"], FieldHits { hits: 1, total: 2 });
    assert_eq!(s.fields["entity.country"], FieldHits { hits: 1, total: 2 });
    assert_eq!(
        s.misses,
        [
            "d: entity Norinco type 'state', gold 'company'",
            "d: entity Norinco country None, gold 'CN'",
            "d: missed entity Giacoma",
            "d: spurious entity 'Lima'"
        ]
    );
    // entity fields stay out of the field accuracy
    assert_eq!(s.field_accuracy(), 0.0);
    assert!((s.entity_f1() - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn pairing_is_greedy_and_stable() {
    // two identical gold records and two identical predictions: the pairs
    // tie, and the first gold takes the first prediction
    let g = transfer("d", "CN", "PE", "aircraft");
    let p1 = with(g.clone(), "status", json!("ordered"));
    let p2 = with(g.clone(), "date", json!("2010"));
    let s = score(&[g.clone(), g], &[p1, p2]);
    assert_eq!(s.transfer.tp, 2);
    assert_eq!(
        s.misses,
        [
            "d: transfer field status wrong",
            "d: transfer field date wrong"
        ]
    );
}

#[test]
fn engagements_check_person_parties() {
    let g = json!({"kind": "engagement", "doc": "d", "type": "agreement", "date": "2011-11",
        "parties": [{"name": "Daniel Mora", "type": "person", "country": "PE"},
                    {"name": "Guo Boxiong", "type": "person", "country": "CN"}]});
    let p = json!({"kind": "engagement", "doc": "d", "type": "agreement", "date": "2011",
        "parties": [{"name": "Mora", "type": "person", "country": "PE"},
                    {"name": "China", "type": "state", "country": "CN"}]});
    let s = score(&[g], &[p]);
    assert_eq!(s.engagement.tp, 1);
    assert_eq!(
        s.fields["engagement.party"],
        FieldHits { hits: 1, total: 2 }
    );
    assert_eq!(
        s.misses,
        [
            "d: engagement field date wrong",
            "d: engagement field party:Guo Boxiong wrong"
        ]
    );
}

#[test]
fn report_and_json_have_score_py_shape() {
    let gold = vec![
        transfer("d", "CN", "PE", "aircraft"),
        transfer("d", "RU", "PE", "ship"),
    ];
    let pred = vec![with(
        transfer("d", "CN", "PE", "aircraft"),
        "status",
        json!("ordered"),
    )];
    let s = score(&gold, &pred);
    let expected = "\
transfer    P 1.00  R 0.50  F1 0.67   (tp 1, fp 0, fn 1)
contest     P 0.00  R 0.00  F1 0.00   (tp 0, fp 0, fn 0)
engagement  P 0.00  R 0.00  F1 0.00   (tp 0, fp 0, fn 0)
entity      P 0.00  R 0.00  F1 0.00   (tp 0, fp 0, fn 0)
  transfer.date                1/1
  transfer.recipient           1/1
  transfer.status              0/1
  transfer.suppliers           1/1
  transfer.system.category     1/1
d: transfer field status wrong
d: missed transfer ['RU'] -> PE: kit
records P 1.000 R 0.500 F1 0.667; field accuracy 0.800; entity F1 0.000
";
    assert_eq!(s.report(true), expected);
    assert!(!s.report(false).contains("missed"));
    let j = s.to_json();
    assert_eq!(j["records"]["tp"], json!(1));
    assert_eq!(j["records"]["fn"], json!(1));
    assert_eq!(j["kinds"]["transfer"]["recall"], json!(0.5));
    assert_eq!(j["fields"]["transfer.status"], json!(0.0));
    assert_eq!(j["field_accuracy"], json!(0.8));
    // verbose with nothing to list still prints the empty line
    let clean = score(&gold[..1], &gold[..1]);
    assert!(clean.report(true).contains("1/1\n\nrecords"));
}

#[test]
fn gold_docs_group_records_and_other_docs_are_ignored() {
    let gold = vec![
        transfer("a", "CN", "PE", "aircraft"),
        transfer("b", "US", "BR", "ship"),
    ];
    let pred = vec![
        transfer("b", "US", "BR", "ship"),
        transfer("c", "US", "BR", "ship"),
        transfer("a", "FR", "PE", "aircraft"),
    ];
    let s = score(&gold, &pred);
    assert_eq!(
        s.transfer,
        Counts {
            tp: 1,
            fp: 1,
            fn_: 1
        }
    );
    assert_eq!(
        s.misses,
        [
            "a: missed transfer ['CN'] -> PE: kit",
            "a: spurious transfer ['FR'] -> PE: kit"
        ]
    );
}

#[test]
fn load_jsonl_skips_blank_lines_and_names_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.jsonl");
    std::fs::write(&path, "{\"a\": 1}\r\n\r\n  \n{\"b\": 2}\r{\"c\": 3}").unwrap();
    let recs = load_jsonl(&path).unwrap();
    assert_eq!(
        recs,
        vec![json!({"a": 1}), json!({"b": 2}), json!({"c": 3})]
    );
    std::fs::write(&path, "{}\n\n{oops\n").unwrap();
    match load_jsonl(&path) {
        Err(EvalError::Json { line, .. }) => assert_eq!(line, 3),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        load_jsonl(dir.path().join("missing.jsonl")),
        Err(EvalError::Io { .. })
    ));
}

#[test]
fn gold_dir_builds_the_corpus_like_evaluate_py() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("b.gold.jsonl"),
        "{\"kind\":\"document\",\"doc\":\"bee\",\"published\":\"2012-05-27\",\"outlet\":\"O\"}\n\
         {\"kind\":\"entity\",\"doc\":\"bee\",\"name\":\"X\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("b.html"), "<p>one\r\ntwo</p>").unwrap();
    std::fs::write(
        d.join("a.gold.jsonl"),
        "{\"kind\":\"entity\",\"doc\":\"a\",\"name\":\"Y\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("a.txt"), "text a").unwrap();
    std::fs::write(d.join("a.html"), "not used").unwrap();
    // gold without an article: its records still count
    std::fs::write(
        d.join("c.gold.jsonl"),
        "{\"kind\":\"entity\",\"doc\":\"c\",\"name\":\"Z\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("notes.txt"), "ignored").unwrap();
    let set = load_gold_dir(d).unwrap();
    assert_eq!(set.gold.len(), 4);
    assert_eq!(set.gold[0]["name"], json!("Y"));
    assert_eq!(
        set.articles,
        vec![
            json!({"id": "a", "text": "text a", "published": null, "outlet": null, "title": null, "format": "txt"}),
            json!({"id": "bee", "text": "<p>one\ntwo</p>", "published": "2012-05-27", "outlet": "O",
                   "title": null, "format": "html"}),
        ]
    );
    assert_eq!(set.corpus_jsonl().lines().count(), 2);
    let both = load_gold_dirs([d, d]).unwrap();
    assert_eq!(both.articles.len(), 4);
    assert!(load_gold_dir(d.join("nope")).is_err());
}
