//! End-to-end behaviour of the ingest stage, on fixtures written here.

use armswatch_ingest::{
    content_hash, read, read_corpus, read_with_stdin, IngestError, IngestErrorKind, Input, Item,
    Options,
};
use armswatch_register::Date;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, bytes).unwrap();
    p
}

fn read_all(inputs: &[Input], opts: &Options) -> Vec<Result<Item, IngestError>> {
    read_with_stdin(inputs, opts, Box::new(Cursor::new(Vec::new()))).collect()
}

fn one(path: &Path, opts: &Options) -> Result<Item, IngestError> {
    let mut all = read_all(&[Input::Path(path.to_path_buf())], opts);
    assert_eq!(all.len(), 1, "expected exactly one result");
    all.remove(0)
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// The id of a corpus line without one.
fn hash_id(stem: &str, text: &str) -> String {
    format!("{stem}-{}", &content_hash(text)[..12])
}

#[test]
fn text_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "peru-tanks.txt",
        "  Peru weighs Chinese tanks.\r\n\r\nThe deal stalled.\n",
    );
    let opts = Options {
        default_published: Some(date("2012-05-27")),
        ..Options::default()
    };
    let item = one(&p, &opts).unwrap();
    let doc = &item.doc;
    assert_eq!(doc.id, "peru-tanks");
    assert_eq!(doc.text, "Peru weighs Chinese tanks.\n\nThe deal stalled.");
    assert_eq!(doc.published, Some(date("2012-05-27")));
    assert_eq!(
        doc.origin.as_deref(),
        Some(p.display().to_string().as_str())
    );
    assert_eq!(doc.content_hash, content_hash(&doc.text));
    assert_eq!(doc.content_hash.len(), 64);
    assert!(item.warnings.is_empty());
}

const PAGE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Peru to buy trainers | Defence Daily</title>
<meta property="og:title" content="Peru to buy &quot;KT-1&quot; trainers">
<meta property="og:site_name" content="Defence Daily">
<meta property="article:published_time" content="2012-11-07T09:30:00-05:00">
<link rel="canonical" href="https://example.org/peru-kt1">
<style>.x { color: red }</style>
<script>var tracking = "SCRIPTTEXT";</script>
</head>
<body class="has-sidebar">
<header><a href="/">HEADERTEXT home</a></header>
<nav><ul><li>NAVTEXT Politics</li><li>Economy</li></ul></nav>
<div class="cookie-banner">COOKIETEXT We use cookies.</div>
<article>
  <h1>Peru to buy KT-1 trainers</h1>
  <div class="share-bar">SHARETEXT Tweet</div>
  <p>The Peruvian Air Force   will buy
     twenty KT-1 trainers from Korea Aerospace Industries.</p>
  <p>The contract is worth about $200&nbsp;million &amp; includes support.</p>
  <aside>ASIDETEXT Read also</aside>
  <div id="related-links"><p>RELATEDTEXT Chile buys frigates</p></div>
  <blockquote>“We need new trainers,” the minister said.</blockquote>
  <noscript>NOSCRIPTTEXT</noscript>
</article>
<section id="comments"><article class="comment"><p>COMMENTTEXT first!</p></article></section>
<form class="subscribe"><p>FORMTEXT Sign up</p></form>
<footer>FOOTERTEXT © 2012</footer>
</body></html>"#;

#[test]
fn html_main_text_without_furniture() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "kt1.html", PAGE);
    let item = one(&p, &Options::default()).unwrap();
    let doc = item.doc;
    for junk in [
        "SCRIPTTEXT",
        "HEADERTEXT",
        "NAVTEXT",
        "COOKIETEXT",
        "SHARETEXT",
        "ASIDETEXT",
        "RELATEDTEXT",
        "NOSCRIPTTEXT",
        "COMMENTTEXT",
        "FORMTEXT",
        "FOOTERTEXT",
        "color: red",
    ] {
        assert!(
            !doc.text.contains(junk),
            "{junk} leaked into:\n{}",
            doc.text
        );
    }
    assert_eq!(
        doc.text,
        "Peru to buy KT-1 trainers\n\n\
         The Peruvian Air Force will buy twenty KT-1 trainers from Korea Aerospace Industries.\n\n\
         The contract is worth about $200 million & includes support.\n\n\
         “We need new trainers,” the minister said."
    );
    assert_eq!(doc.id, "kt1");
    assert_eq!(doc.title.as_deref(), Some("Peru to buy \"KT-1\" trainers"));
    assert_eq!(doc.published, Some(date("2012-11-07")));
    assert_eq!(doc.outlet.as_deref(), Some("Defence Daily"));
    assert_eq!(doc.url.as_deref(), Some("https://example.org/peru-kt1"));
}

#[test]
fn html_title_tag_and_time_element_as_fallbacks() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "plain.htm",
        "<html><head><title> Brazil  orders Gripens </title></head><body>\
         <main><p>Brazil ordered 36 Gripen fighters.</p><time datetime=\"2014-10-24\">Friday</time></main>\
         </body></html>",
    );
    let doc = one(&p, &Options::default()).unwrap().doc;
    assert_eq!(doc.title.as_deref(), Some("Brazil orders Gripens"));
    assert_eq!(doc.published, Some(date("2014-10-24")));
    assert!(doc.text.starts_with("Brazil ordered 36 Gripen fighters."));
}

#[test]
fn html_bad_meta_date_falls_back_with_warning() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.html",
        "<html><head><meta property=\"article:published_time\" content=\"Tuesday\"></head>\
         <body><p>Text of the article.</p></body></html>",
    );
    let opts = Options {
        default_published: Some(date("2013")),
        ..Options::default()
    };
    let item = one(&p, &opts).unwrap();
    assert_eq!(item.doc.published, Some(date("2013")));
    assert_eq!(item.warnings.len(), 1);
    assert!(item.warnings[0].to_string().contains("\"Tuesday\""));
}

#[test]
fn html_without_article_text_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "x.html",
        "<html><head><title>Home</title><script>var a = 1;</script></head><body>\
         <nav><a href=/>Home</a> <a href=/news>News</a></nav>\
         <div class=\"menu\">Menu</div><footer>© Someone</footer></body></html>",
    );
    let err = one(&p, &Options::default()).unwrap_err();
    assert!(matches!(err.kind, IngestErrorKind::NoArticleText));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: no article text after removing navigation and scripts",
            p.display()
        )
    );
}

#[test]
fn jsonl_corpus_good_bad_and_warned_lines() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = [
        r#"{"id": "a1", "text": "Chile buys frigates.", "published": "2012-05", "outlet": "El Mercurio", "title": "Frigates", "url": "http://x/1"}"#,
        r#"<<not json>>"#,
        r#"{"id": "a3", "title": "no text here"}"#,
        r#"{"text": "An article with a bad date.", "published": "yesterday"}"#,
        "",
        r#"{"text": "<html><body><nav>NAV</nav><article><p>One.</p><p>Two.</p></article></body></html>", "format": "html"}"#,
        r#"{"id": 7, "text": "Numeric id."}"#,
        r#"["an", "array"]"#,
        r#"{"text": "   "}"#,
    ]
    .join("\n");
    let p = write(dir.path(), "corpus.jsonl", corpus + "\n");
    let opts = Options {
        default_published: Some(date("2012-06-10")),
        ..Options::default()
    };
    let results = read_all(&[Input::Path(p.clone())], &opts);
    let origin = p.display().to_string();
    assert_eq!(
        results.len(),
        8,
        "blank line skipped, every other line reported"
    );

    let a1 = results[0].as_ref().unwrap();
    assert_eq!(a1.doc.id, "a1");
    assert_eq!(a1.doc.published, Some(date("2012-05")));
    assert_eq!(a1.doc.outlet.as_deref(), Some("El Mercurio"));
    assert_eq!(a1.doc.title.as_deref(), Some("Frigates"));
    assert_eq!(a1.doc.url.as_deref(), Some("http://x/1"));
    assert_eq!(a1.doc.origin, Some(format!("{origin}:1")));

    let e2 = results[1].as_ref().unwrap_err();
    assert_eq!(
        e2.to_string(),
        format!("{origin}:2: not JSON: expected value at line 1 column 1")
    );
    let e3 = results[2].as_ref().unwrap_err();
    assert_eq!(e3.to_string(), format!("{origin}:3: missing \"text\""));

    let d4 = results[3].as_ref().unwrap();
    assert_eq!(d4.doc.id, hash_id("corpus", "An article with a bad date."));
    assert_eq!(d4.doc.published, Some(date("2012-06-10")));
    assert_eq!(
        d4.warnings
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>(),
        [format!(
            "{origin}:4: unparseable \"published\" date \"yesterday\""
        )]
    );

    let d6 = results[4].as_ref().unwrap();
    assert_eq!(d6.doc.id, hash_id("corpus", "One.\n\nTwo."));
    assert_eq!(d6.doc.text, "One.\n\nTwo.");
    assert_eq!(d6.doc.origin, Some(format!("{origin}:6")));

    assert_eq!(results[5].as_ref().unwrap().doc.id, "7");
    assert_eq!(
        results[6].as_ref().unwrap_err().to_string(),
        format!("{origin}:8: not a JSON object")
    );
    assert_eq!(
        results[7].as_ref().unwrap_err().to_string(),
        format!("{origin}:9: empty \"text\"")
    );
}

#[test]
fn stdin_corpus_from_bytes() {
    let bytes =
        b"\xEF\xBB\xBF{\"text\": \"First.\"}\r\n{\"id\": \"x\", \"text\": \"Second.\"}\n{oops\n"
            .to_vec();
    let results: Vec<_> = read_with_stdin(
        &[Input::from_arg("-")],
        &Options::default(),
        Box::new(Cursor::new(bytes)),
    )
    .collect();
    assert_eq!(results.len(), 3);
    let first = &results[0].as_ref().unwrap().doc;
    assert_eq!(first.id, hash_id("stdin", "First."));
    assert_eq!(first.text, "First.");
    assert_eq!(first.origin.as_deref(), Some("-:1"));
    assert_eq!(results[1].as_ref().unwrap().doc.id, "x");
    assert!(results[2]
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("-:3: not JSON: "));
}

#[test]
fn read_corpus_directly_on_a_slice() {
    let data: &[u8] = b"{\"text\": \"Alpha.\"}\n{\"text\": \"Beta.\"}";
    let docs: Vec<_> = read_corpus(data, "-", &Options::default())
        .map(|r| r.unwrap().doc)
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].id, hash_id("stdin", "Beta."));
    assert_eq!(docs[1].text, "Beta.");
}

#[test]
fn utf16_corpus_is_transcoded() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "{\"text\": \"Bogotá compra\"}\n{\"text\": \"ok\"}\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let docs: Vec<_> = read_corpus(&bytes[..], "u16.jsonl", &Options::default())
        .map(|r| r.unwrap().doc)
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].text, "Bogotá compra");
    assert_eq!(docs[0].id, hash_id("u16", "Bogotá compra"));
}

#[test]
fn empty_stdin_is_reported() {
    let results: Vec<_> = read_with_stdin(
        &[Input::Stdin],
        &Options::default(),
        Box::new(Cursor::new(Vec::new())),
    )
    .collect();
    assert_eq!(results.len(), 1);
    assert!(matches!(
        results[0].as_ref().unwrap_err().kind,
        IngestErrorKind::EmptyStdin
    ));
}

#[test]
fn oversized_corpus_line_is_skipped_not_fatal() {
    let long = "x".repeat(500);
    let data = format!("{{\"text\": \"{long}\"}}\n{{\"text\": \"short\"}}\n");
    let opts = Options {
        max_article_bytes: 100,
        ..Options::default()
    };
    let results: Vec<_> = read_corpus(data.as_bytes(), "big.jsonl", &opts).collect();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0].as_ref().unwrap_err().to_string(),
        "big.jsonl:1: too large (512 bytes; limit 100, set --max-article-bytes)"
    );
    assert_eq!(results[1].as_ref().unwrap().doc.text, "short");
}

#[test]
fn folder_recursion_and_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    write(&root, "b.txt", "Bee text.");
    write(&root, "a.html", "<p>Aye page.</p>");
    write(&root, "sub/c.txt", "Sea text.");
    write(&root, "sub/deeper/d.htm", "<p>Dee page.</p>");
    write(
        &root,
        "z.jsonl",
        "{\"text\": \"Zed one.\"}\n{\"text\": \"Zed two.\"}\n",
    );
    write(&root, "notes.md", "not picked up");
    write(&root, "photo.jpg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00");
    write(&root, ".hidden.txt", "hidden");
    write(&root, ".git/config.txt", "hidden folder");

    let ids = |r: Vec<Result<Item, IngestError>>| -> Vec<String> {
        r.into_iter().map(|x| x.unwrap().doc.id).collect()
    };
    let first = ids(read_all(&[Input::Path(root.clone())], &Options::default()));
    assert_eq!(
        first,
        [
            "a".to_string(),
            "b".into(),
            "sub/c".into(),
            "sub/deeper/d".into(),
            hash_id("z", "Zed one."),
            hash_id("z", "Zed two."),
        ]
    );
    // Same folder, same order, same hashes.
    let again = read_all(&[Input::Path(root.clone())], &Options::default());
    let hashes: Vec<_> = again
        .iter()
        .map(|r| r.as_ref().unwrap().doc.content_hash.clone())
        .collect();
    assert_eq!(ids(again), first);
    let hashes2: Vec<_> = read_all(&[Input::Path(root.clone())], &Options::default())
        .iter()
        .map(|r| r.as_ref().unwrap().doc.content_hash.clone())
        .collect();
    assert_eq!(hashes, hashes2);
    let c = read_all(&[Input::Path(root.join("sub/c.txt"))], &Options::default());
    assert_eq!(
        c[0].as_ref().unwrap().doc.origin,
        Some(root.join("sub/c.txt").display().to_string())
    );
}

#[test]
fn several_inputs_keep_their_order_and_errors_do_not_stop() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", "Alpha.");
    let missing = dir.path().join("missing.txt");
    let b = write(dir.path(), "b.txt", "Beta.");
    let results = read_all(
        &[
            Input::Path(b),
            Input::Path(missing.clone()),
            Input::Path(a),
            Input::Stdin,
            Input::Stdin,
        ],
        &Options::default(),
    );
    assert_eq!(results.len(), 5);
    assert_eq!(results[0].as_ref().unwrap().doc.id, "b");
    assert_eq!(
        results[1].as_ref().unwrap_err().to_string(),
        format!("{}: no such file or folder", missing.display())
    );
    assert_eq!(results[2].as_ref().unwrap().doc.id, "a");
    assert!(matches!(
        results[3].as_ref().unwrap_err().kind,
        IngestErrorKind::EmptyStdin
    ));
    assert!(matches!(
        results[4].as_ref().unwrap_err().kind,
        IngestErrorKind::StdinTwice
    ));
}

#[test]
fn empty_files() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.html", "c.jsonl"] {
        let p = write(dir.path(), name, "");
        let err = one(&p, &Options::default()).unwrap_err();
        assert_eq!(err.to_string(), format!("{}: empty file", p.display()));
    }
    let blank = write(dir.path(), "d.txt", " \n\t\n");
    assert!(matches!(
        one(&blank, &Options::default()).unwrap_err().kind,
        IngestErrorKind::Empty
    ));
}

#[test]
fn binary_files() {
    let dir = tempfile::tempdir().unwrap();
    let jpg = write(
        dir.path(),
        "photo.jpg",
        b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
    );
    let err = one(&jpg, &Options::default()).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: binary file", jpg.display()));
    let txt = write(dir.path(), "nuls.txt", b"text\x00with\x00nuls");
    assert!(matches!(
        one(&txt, &Options::default()).unwrap_err().kind,
        IngestErrorKind::Binary
    ));
    let controls = write(dir.path(), "ctl.txt", b"\x01\x02\x03\x04ab");
    assert!(matches!(
        one(&controls, &Options::default()).unwrap_err().kind,
        IngestErrorKind::Binary
    ));
    let corpus = write(dir.path(), "bin.jsonl", b"\x00\x01\x02\n\x00\n\x00\n");
    let results = read_all(&[Input::Path(corpus)], &Options::default());
    assert_eq!(results.len(), 1, "one error for the file, not one per line");
    assert!(matches!(
        results[0].as_ref().unwrap_err().kind,
        IngestErrorKind::Binary
    ));
}

#[test]
fn latin1_falls_back_to_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "bogota.txt",
        b"Bogot\xE1 firma contrato \x96 \x93Kfir\x94",
    );
    let item = one(&p, &Options::default()).unwrap();
    assert_eq!(item.doc.text, "Bogotá firma contrato – “Kfir”");
    assert_eq!(item.warnings.len(), 1);
    assert!(item.warnings[0].message.contains("windows-1252"));

    // The same inside a corpus line.
    let line: &[u8] = b"{\"text\": \"Bogot\xE1\"}\n";
    let docs: Vec<_> = read_corpus(line, "l1.jsonl", &Options::default()).collect();
    assert_eq!(docs[0].as_ref().unwrap().doc.text, "Bogotá");
}

#[test]
fn utf8_bom_is_stripped_and_utf16_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "bom.txt", b"\xEF\xBB\xBFLima, Per\xC3\xBA.");
    let doc = one(&p, &Options::default()).unwrap().doc;
    assert_eq!(doc.text, "Lima, Perú.");
    assert!(!doc.text.starts_with('\u{feff}'));

    let mut u16 = vec![0xFE, 0xFF];
    for u in "Quito, Ecuador.".encode_utf16() {
        u16.extend_from_slice(&u.to_be_bytes());
    }
    let p = write(dir.path(), "be.txt", u16);
    assert_eq!(
        one(&p, &Options::default()).unwrap().doc.text,
        "Quito, Ecuador."
    );
}

#[test]
fn too_large_file_names_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "big.txt", "y".repeat(2048));
    let opts = Options {
        max_article_bytes: 1000,
        ..Options::default()
    };
    let err = one(&p, &opts).unwrap_err();
    assert!(matches!(
        err.kind,
        IngestErrorKind::TooLarge {
            size: 2048,
            limit: 1000
        }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: too large (2048 bytes; limit 1000, set --max-article-bytes)",
            p.display()
        )
    );
    // At the limit is fine.
    let ok = write(dir.path(), "ok.txt", "y".repeat(1000));
    assert!(one(&ok, &opts).is_ok());
}

#[test]
fn id_and_hash_are_stable_for_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "one/story.txt", "Same words.\n");
    let b = write(dir.path(), "two/story.txt", "Same words.");
    let da = one(&a, &Options::default()).unwrap().doc;
    let db = one(&b, &Options::default()).unwrap().doc;
    assert_eq!(da.id, "story");
    assert_eq!(da.id, db.id);
    assert_eq!(da.content_hash, db.content_hash);
    assert_eq!(da, one(&a, &Options::default()).unwrap().doc);
    // Known SHA-256 of "abc".
    assert_eq!(
        content_hash("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn unknown_extension_is_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(
        dir.path(),
        "saved.page",
        "<!doctype html><html><body><nav>NAV</nav><p>Real words.</p></body></html>",
    );
    assert_eq!(
        one(&page, &Options::default()).unwrap().doc.text,
        "Real words."
    );
    let text = write(dir.path(), "README", "Just text <b>here</b>.");
    assert_eq!(
        one(&text, &Options::default()).unwrap().doc.text,
        "Just text <b>here</b>."
    );
}

#[test]
fn reading_real_stdin_is_lazy() {
    // `read` with no `-` never touches standard input.
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", "Words.");
    let n = read(&[Input::Path(p)], &Options::default()).count();
    assert_eq!(n, 1);
}

#[test]
fn same_file_names_in_sub_folders_keep_apart() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "t/a/story.txt", "Chile buys frigates.");
    write(dir.path(), "t/b/story.txt", "Peru buys trainers.");
    let results = read_all(&[Input::Path(dir.path().join("t"))], &Options::default());
    let ids: Vec<String> = results.into_iter().map(|r| r.unwrap().doc.id).collect();
    assert_eq!(ids, ["a/story", "b/story"]);
}

#[test]
fn corpora_without_ids_do_not_collide() {
    let dir = tempfile::tempdir().unwrap();
    let x = write(
        dir.path(),
        "x/corpus.jsonl",
        "{\"text\": \"Chile buys frigates.\"}\n",
    );
    let y = write(
        dir.path(),
        "y/corpus.jsonl",
        "{\"text\": \"Peru buys trainers.\"}\n",
    );
    let results = read_all(&[Input::Path(x), Input::Path(y)], &Options::default());
    let ids: Vec<String> = results.into_iter().map(|r| r.unwrap().doc.id).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
}

#[test]
fn repeated_id_in_one_run_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write(
        dir.path(),
        "c.jsonl",
        "{\"id\": \"a\", \"text\": \"First text.\"}\n\
         {\"id\": \"a\", \"text\": \"Other text.\"}\n\
         {\"id\": \"a\", \"text\": \"First text.\"}\n",
    );
    let results = read_all(&[Input::Path(corpus.clone())], &Options::default());
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().doc.text, "First text.");
    let origin = corpus.display();
    let second = results[1].as_ref().unwrap_err();
    assert!(matches!(
        second.kind,
        IngestErrorKind::RepeatedId {
            same_text: false,
            ..
        }
    ));
    assert_eq!(
        second.to_string(),
        format!(
            "{origin}:2: id \"a\" was already used by {origin}:1 in this run \
             (different text: give one of them another id); this article was not read"
        )
    );
    assert!(matches!(
        results[2].as_ref().unwrap_err().kind,
        IngestErrorKind::RepeatedId {
            same_text: true,
            ..
        }
    ));
    // Two files of one name named on the command line: the same.
    let a = write(dir.path(), "a/story.txt", "One.");
    let b = write(dir.path(), "b/story.txt", "Two.");
    let results = read_all(&[Input::Path(a), Input::Path(b)], &Options::default());
    assert!(results[0].is_ok());
    assert!(matches!(
        results[1].as_ref().unwrap_err().kind,
        IngestErrorKind::RepeatedId { .. }
    ));
}

#[test]
fn numeric_ids_beyond_u64_keep_their_digits() {
    let data: &[u8] = b"{\"id\": 123456789012345678901234567890, \"text\": \"One.\"}\n\
        {\"id\": 123456789012345678901234567891, \"text\": \"Two.\"}\n\
        {\"id\": 42, \"text\": \"Three.\"}\n";
    let ids: Vec<String> = read_corpus(data, "n.jsonl", &Options::default())
        .map(|r| r.unwrap().doc.id)
        .collect();
    assert_eq!(
        ids,
        [
            "123456789012345678901234567890",
            "123456789012345678901234567891",
            "42"
        ]
    );
}

#[cfg(unix)]
#[test]
fn endless_file_is_cut_at_the_limit() {
    let opts = Options {
        max_article_bytes: 4096,
        ..Options::default()
    };
    let err = one(Path::new("/dev/zero"), &opts).unwrap_err();
    assert!(
        matches!(err.kind, IngestErrorKind::TooLargeStream { limit: 4096 }),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "/dev/zero: too large (more than 4096 bytes, not read further; set --max-article-bytes)"
    );
}

#[test]
fn endless_corpus_line_is_given_up() {
    let endless = std::io::BufReader::new(std::io::repeat(b'a'));
    let opts = Options {
        max_article_bytes: 1000,
        ..Options::default()
    };
    let results: Vec<_> = read_corpus(endless, "-", &opts).collect();
    assert_eq!(results.len(), 1);
    assert!(matches!(
        results[0].as_ref().unwrap_err().kind,
        IngestErrorKind::TooLargeStream { limit: 1000 }
    ));
}

#[test]
fn one_nul_byte_does_not_lose_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = b"Chile bought two frigates from the Netherlands.".to_vec();
    text.insert(10, 0);
    let p = write(dir.path(), "nul.txt", &text);
    let item = one(&p, &Options::default()).unwrap();
    assert_eq!(
        item.doc.text,
        "Chile bought two frigates from the Netherlands."
    );
    assert_eq!(item.warnings.len(), 1);
    assert!(item.warnings[0].message.contains("NUL"));
    let line: &[u8] = b"{\"id\": \"n\", \"text\": \"Chile\\u0000 bought frigates.\"}\n";
    let doc = read_corpus(line, "n.jsonl", &Options::default())
        .next()
        .unwrap()
        .unwrap()
        .doc;
    assert_eq!(doc.text, "Chile bought frigates.");
}

#[test]
fn utf16_without_bom_is_text() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = "Quito buys radars.\nSecond line."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let p = write(dir.path(), "le.txt", bytes);
    assert_eq!(
        one(&p, &Options::default()).unwrap().doc.text,
        "Quito buys radars.\nSecond line."
    );
    let corpus: Vec<u8> = "{\"id\": \"q\", \"text\": \"Quito.\"}\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    let docs: Vec<_> = read_corpus(&corpus[..], "be.jsonl", &Options::default()).collect();
    assert_eq!(docs[0].as_ref().unwrap().doc.text, "Quito.");
}

#[test]
fn bytes_in_memory_read_like_a_file() {
    let opts = Options::default();
    let item =
        armswatch_ingest::article_bytes(b"<p>Peru buys tanks.</p>", "x/page.html", "upload", &opts)
            .unwrap();
    assert_eq!(item.doc.id, "page");
    assert_eq!(item.doc.text, "Peru buys tanks.");
    assert_eq!(item.doc.origin.as_deref(), Some("upload"));
    let err = armswatch_ingest::article_bytes(b"", "a.txt", "upload", &opts).unwrap_err();
    assert_eq!(err.to_string(), "upload: empty file");
}
