//! Tokenizer conventions (UD English as in EWT and GUM), exact offsets,
//! and robustness on any UTF-8.

use armswatch_parse::tokenize;

fn toks(text: &str) -> Vec<&str> {
    tokenize(text, 0, text.len())
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect()
}

fn check(text: &str, expected: &str) {
    assert_eq!(toks(text).join(" "), expected, "tokenizing {text:?}");
}

#[test]
fn clitics() {
    check("India's army", "India 's army");
    check("I don't know", "I do n't know");
    check("We can't, they won't", "We ca n't , they wo n't");
    check("we're here, I'm sure", "we 're here , I 'm sure");
    check(
        "they've gone, he'll come, she'd say",
        "they 've gone , he 'll come , she 'd say",
    );
    check("It cannot be", "It can not be");
    check("the soldiers' pay", "the soldiers ' pay");
}

#[test]
fn curly_quotes_and_apostrophes() {
    check("India\u{2019}s army", "India \u{2019}s army");
    check("don\u{2019}t", "do n\u{2019}t");
    check(
        "\u{201c}We will buy,\u{201d} he said.",
        "\u{201c} We will buy , \u{201d} he said .",
    );
    check("\u{2018}courageous\u{2019}", "\u{2018} courageous \u{2019}");
}

#[test]
fn punctuation() {
    check("Hello, world!", "Hello , world !");
    check("(F-35A)", "( F-35A )");
    check("Wait...", "Wait ...");
    check("really?!", "really ?!");
    check("buy/sell", "buy / sell");
    check("50%", "50 %");
    check("yes;no", "yes ; no");
}

#[test]
fn abbreviations() {
    check("Mr. Smith met Dr. Jones", "Mr. Smith met Dr. Jones");
    check("the U.S. and U.K. navies", "the U.S. and U.K. navies");
    check(
        "Gen. Lt. Col. Co. Corp. Inc. Ltd. No. 5",
        "Gen. Lt. Col. Co. Corp. Inc. Ltd. No. 5",
    );
    check("on Jan. 5 and Feb. 6", "on Jan. 5 and Feb. 6");
    check("John F. Kennedy", "John F. Kennedy");
    check("e.g. tanks", "e.g. tanks");
    check("Acme Inc., a firm", "Acme Inc. , a firm");
    check("It ended.", "It ended .");
}

#[test]
fn numbers_and_currency() {
    check("1,200 troops", "1,200 troops");
    check("3.5 billion", "3.5 billion");
    check("in 2022-23", "in 2022-23");
    check("$114 million", "$ 114 million");
    check("Rs. 1,200 crore", "Rs. 1,200 crore");
    check("Rs 1,200 crore", "Rs 1,200 crore");
    check("Rs.1,200", "Rs. 1,200");
    check("\u{20b9}500", "\u{20b9} 500");
    check("\u{20ac}2 bn", "\u{20ac} 2 bn");
    check("US$5", "US$ 5");
    check("at 5pm", "at 5 pm");
    check("10:30 am", "10:30 am");
}

#[test]
fn designations() {
    for d in [
        "F-35A", "Su-30MKI", "MiG-29K", "AK-203", "K9", "P-8I", "S-400", "AH-64E", "COVID-19",
    ] {
        check(d, d);
    }
    check("F-16s.", "F-16s .");
}

#[test]
fn hyphens() {
    check("long-range missiles", "long - range missiles");
    check("anti-aircraft guns", "anti-aircraft guns");
    check("a 14-year-old", "a 14 - year - old");
    check(
        "pro-Beijing e-mail non-human",
        "pro-Beijing e-mail non-human",
    );
    check("US-made", "US - made");
    check("wait -- now", "wait -- now");
}

#[test]
fn urls_and_emails() {
    check(
        "see https://example.com/a?b=1.",
        "see https://example.com/a?b=1 .",
    );
    check("mail dev@armswatch.org.", "mail dev@armswatch.org .");
}

#[test]
fn offsets_are_exact_with_unusual_spaces() {
    let text = "Rs\u{a0}500\u{202f}crore\u{2009}for\u{3000}India\u{2019}s Navy";
    let spans = tokenize(text, 0, text.len());
    let got: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
    assert_eq!(
        got,
        ["Rs", "500", "crore", "for", "India", "\u{2019}s", "Navy"]
    );
    for (s, e) in spans {
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e) && s < e);
    }
}

#[test]
fn span_inside_text() {
    let text = "Before. India bought tanks. After.";
    let spans = tokenize(text, 8, 27);
    let got: Vec<&str> = spans.iter().map(|&(s, e)| &text[s..e]).collect();
    assert_eq!(got, ["India", "bought", "tanks", "."]);
    assert_eq!(spans[0], (8, 13));
}

#[test]
fn combining_marks_and_emoji() {
    check("cafe\u{301} ok", "cafe\u{301} ok");
    check("great\u{1f44d}\u{1f3fd}!", "great \u{1f44d}\u{1f3fd} !");
    check(
        "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} family",
        "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467} family",
    );
}

#[test]
fn bad_offsets_are_clamped() {
    let text = "h\u{e9}llo w\u{f6}rld";
    for s in 0..=text.len() + 2 {
        for e in 0..=text.len() + 2 {
            for (a, b) in tokenize(text, s, e) {
                assert!(a < b && b <= text.len());
                assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            }
        }
    }
}

#[test]
fn random_utf8_never_panics_and_offsets_are_exact() {
    let alphabet: Vec<char> = "aZ9 .,'\u{2019}-$\u{20b9}()\"\u{a0}\u{202f}\u{3000}\u{301}\u{200d}\u{1f44d}\u{fe0f}\u{e9}\u{4e2d}\t\n/&%:;!?".chars().collect();
    let mut seed = 0x1234_5678_9abc_def0u64;
    for _ in 0..3000 {
        let len = (next(&mut seed) % 40) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(next(&mut seed) % alphabet.len() as u64) as usize])
            .collect();
        let spans = tokenize(&s, 0, s.len());
        let mut last = 0;
        for &(a, b) in &spans {
            assert!(a >= last && a < b && b <= s.len(), "{s:?}: {spans:?}");
            assert!(s.is_char_boundary(a) && s.is_char_boundary(b));
            assert!(
                !s[a..b].chars().any(char::is_whitespace),
                "{s:?}: {spans:?}"
            );
            last = b;
        }
        let joined: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let covered: String = spans.iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(covered, joined, "every non-space character is in a token");
    }
}

fn next(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

#[test]
fn ellipsis_after_word() {
    check("iodine... brain", "iodine ... brain");
}
