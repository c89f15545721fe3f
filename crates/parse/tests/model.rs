//! Training learns a tiny treebank; every analysis is a tree (one root, no
//! cycles, one head a word) on any input; the model file round-trips and
//! bad bytes give an error; lemmas of the built-in model.

use armswatch_parse::train::{train, TrainOptions};
use armswatch_parse::{conllu, Hint, Model, ModelError, Parse, ParserOptions, Unit, Upos, Wanted};
use std::sync::OnceLock;

const TINY: &str = include_str!("data/tiny.conllu");

fn tiny_options() -> TrainOptions {
    TrainOptions {
        tagger_epochs: 30,
        parser: ParserOptions {
            epochs: 60,
            seed: 1,
            explore_p: 0.9,
            explore_from: 2,
            prune: 1,
            ensemble: 2,
        },
        folds: 0,
        seed: 1,
        threads: 1,
        clusters: 0,
    }
}

/// The model trained on the tiny treebank (once per test process).
fn tiny() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        let sents = conllu::parse(TINY).expect("tiny treebank parses");
        train(&sents, &tiny_options(), &mut |_| {}).expect("tiny treebank trains")
    })
}

/// The built-in model and the tiny one (the built-in only when committed).
fn models() -> Vec<&'static Model> {
    let mut v = vec![tiny()];
    if let Ok(m) = Model::try_builtin() {
        v.push(m);
    }
    v
}

#[test]
fn training_learns_the_tiny_treebank() {
    let sents = conllu::parse(TINY).expect("parses");
    assert_eq!(sents.len(), 12);
    for s in &sents {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        let p = tiny().parse_forms(&forms);
        let upos: Vec<&str> = p.tokens.iter().map(|w| w.upos.as_str()).collect();
        let heads: Vec<usize> = p
            .tokens
            .iter()
            .map(|w| w.head.map_or(0, |h| h + 1))
            .collect();
        let rels: Vec<&str> = p.tokens.iter().map(|w| w.deprel).collect();
        assert_eq!(upos, s.upos, "{forms:?}");
        assert_eq!(heads, s.heads, "{forms:?}");
        assert_eq!(rels, s.deprels, "{forms:?}");
    }
}

#[test]
fn training_is_deterministic() {
    let sents = conllu::parse(TINY).expect("parses");
    let again = train(&sents, &tiny_options(), &mut |_| {}).expect("trains");
    assert_eq!(again.to_bytes(), tiny().to_bytes());
}

/// Exactly one root labelled `root`, heads in range, no cycles.
fn assert_tree(p: &Parse, what: &str) {
    let n = p.tokens.len();
    if n == 0 {
        assert_eq!(p.root(), None);
        return;
    }
    let roots: Vec<usize> = (0..n).filter(|&i| p.tokens[i].head.is_none()).collect();
    assert_eq!(roots.len(), 1, "{what}: roots {roots:?}");
    assert_eq!(p.tokens[roots[0]].deprel, "root", "{what}");
    for (i, w) in p.tokens.iter().enumerate() {
        if let Some(h) = w.head {
            assert!(h < n && h != i, "{what}: word {i} has head {h}");
            assert_ne!(w.deprel, "root", "{what}: word {i}");
        }
        assert!(
            p.dominates(roots[0], i),
            "{what}: word {i} not under the root (cycle)"
        );
    }
}

#[test]
fn empty_and_one_word() {
    for m in models() {
        assert!(m.parse("", 0, 0).tokens.is_empty());
        assert!(m.parse("   \u{a0} ", 0, 5).tokens.is_empty());
        assert!(m.parse_forms(&[]).tokens.is_empty());
        let p = m.parse("Hello", 0, 5);
        assert_tree(&p, "one word");
        assert_eq!(p.root(), Some(0));
        assert_tree(&m.parse_forms(&["tanks"]), "one form");
    }
}

#[test]
fn a_thousand_words() {
    let text = "India bought tanks , and Russia sold them jets to the navy . ".repeat(77);
    for m in models() {
        let p = m.parse(&text, 0, text.len());
        assert!(p.tokens.len() >= 1000);
        assert_tree(&p, "1,000 words");
        let forms: Vec<&str> = text.split_whitespace().collect();
        assert_tree(&m.parse_forms(&forms), "1,000 forms");
    }
}

fn next(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

fn random_string(seed: &mut u64, alphabet: &[char], len: usize) -> String {
    (0..len)
        .map(|_| alphabet[(next(seed) % alphabet.len() as u64) as usize])
        .collect()
}

#[test]
fn fuzzed_text_and_token_sequences() {
    let alphabet: Vec<char> = "ab Z9.,'\u{2019}-$()\"\u{a0}\u{301}\u{1f44d}\u{4e2d}\u{e9}\n;:?!"
        .chars()
        .collect();
    let words = [
        "the",
        "India",
        "bought",
        ",",
        ".",
        "tanks",
        "to",
        "and",
        "'s",
        "n't",
        "F-35A",
        "\u{1f44d}",
        "",
        " ",
    ];
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for m in models() {
        for round in 0..300 {
            let len = (next(&mut seed) % 60) as usize;
            let text = random_string(&mut seed, &alphabet, len);
            let (a, b) = (
                (next(&mut seed) % 70) as usize,
                (next(&mut seed) % 70) as usize,
            );
            let p = m.parse(&text, a.min(b), a.max(b));
            assert_tree(&p, &format!("round {round}: {text:?}"));
            for w in &p.tokens {
                assert_eq!(&text[w.start..w.end], w.form);
            }
            let n = (next(&mut seed) % 50) as usize;
            let forms: Vec<&str> = (0..n)
                .map(|_| words[(next(&mut seed) % words.len() as u64) as usize])
                .collect();
            assert_tree(&m.parse_forms(&forms), &format!("round {round}: {forms:?}"));
        }
    }
}

#[test]
fn offsets_index_the_text() {
    for m in models() {
        let text = "Intro. India\u{2019}s army bought 20 K9 guns for Rs. 1,200 crore.";
        let p = m.parse(text, 7, text.len());
        let forms: Vec<&str> = p.tokens.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(
            forms,
            [
                "India",
                "\u{2019}s",
                "army",
                "bought",
                "20",
                "K9",
                "guns",
                "for",
                "Rs.",
                "1,200",
                "crore",
                "."
            ]
        );
        let q = m.parse_forms(&["India", "bought", "tanks"]);
        let spans: Vec<(usize, usize)> = q.tokens.iter().map(|w| (w.start, w.end)).collect();
        assert_eq!(spans, [(0, 5), (6, 12), (13, 18)]);
    }
}

#[test]
fn words_known_to_be_nouns_are_tagged_as_nouns() {
    for m in models() {
        // "tanks" is a verb as often as a noun; the caller knows better.
        // The constraint wins even where the context says verb.
        let text =
            "The Indian Army placed an order for 118 Arjun tanks with the firm, which ships them.";
        let tanks = text.find("tanks").expect("word");
        let ships = text.find("ships").expect("word");
        let nouns = [(tanks, tanks + 5), (ships, ships + 5)];
        let p = m.parse_with_nouns(text, 0, text.len(), &nouns);
        for (s, e) in nouns {
            let w = p
                .tokens
                .iter()
                .find(|w| w.start == s && w.end == e)
                .expect("token");
            assert!(matches!(w.upos, Upos::Noun | Upos::Propn), "{w:?}");
        }
        // No constraint, no change.
        assert_eq!(
            m.parse_with_nouns(text, 0, text.len(), &[]),
            m.parse(text, 0, text.len())
        );
    }
}

#[test]
fn a_word_hinted_as_no_verb_is_no_verb() {
    for m in models() {
        let text = "Senegal ordered patrol boats and transport aircraft from Spain.";
        let word = text.find("transport").expect("word");
        let hint = Hint {
            start: word,
            end: word + "transport".len(),
            want: Wanted::NotVerb,
        };
        let p = m.parse_with_units(text, 0, text.len(), &[hint], &[]);
        let w = p.tokens.iter().find(|w| w.start == word).expect("token");
        assert!(!matches!(w.upos, Upos::Verb | Upos::Aux), "{w:?}");
    }
}

#[test]
fn a_unit_is_one_nominal_word() {
    for m in models() {
        // A name's inner "and" must not coordinate the sentence.
        let text = "The Defence Research and Development Organisation tested a missile in May.";
        let name = "Defence Research and Development Organisation";
        let s = text.find(name).expect("name");
        let as_unit = |start, end| Unit {
            start,
            end,
            seen_as: None,
        };
        let p = m.parse_with_units(text, 0, text.len(), &[], &[as_unit(s, s + name.len())]);
        let unit = p
            .tokens
            .iter()
            .position(|w| w.start == s && w.end == s + name.len())
            .expect("one word for the name");
        assert_eq!(p.tokens[unit].form, name);
        assert!(
            matches!(p.tokens[unit].upos, Upos::Propn | Upos::Noun),
            "{:?}",
            p.tokens[unit]
        );
        assert_eq!(p.tokens[unit].deprel, "nsubj", "{p:?}");
        assert!(p.tokens.iter().all(|w| w.form != "and"), "{p:?}");
        // A unit of one word, or one cutting a word, changes nothing.
        let one = text.find("missile").expect("word");
        assert_eq!(
            m.parse_with_units(
                text,
                0,
                text.len(),
                &[],
                &[as_unit(one, one + 7), as_unit(s + 2, s + 9)]
            ),
            m.parse(text, 0, text.len())
        );
    }
}

#[test]
fn a_hint_over_exactly_a_unit_tags_it() {
    // The tiny treebank has no JJ to give.
    let Ok(m) = Model::try_builtin() else {
        return;
    };
    {
        let text = "Otokar delivered 20 mine-protected armoured vehicles to Ghana.";
        let word = "mine-protected";
        let s = text.find(word).expect("word");
        let unit = Unit {
            start: s,
            end: s + word.len(),
            seen_as: Some("armoured"),
        };
        let hint = |want| Hint {
            start: s,
            end: s + word.len(),
            want,
        };
        for want in [Wanted::Adjective, Wanted::Verb] {
            let p = m.parse_with_units(text, 0, text.len(), &[hint(want)], &[unit]);
            let w = p.tokens.iter().find(|w| w.start == s).expect("token");
            assert_eq!(w.end, s + word.len(), "one word: {w:?}");
            let expected = if want == Wanted::Adjective {
                Upos::Adj
            } else {
                Upos::Verb
            };
            assert_eq!(w.upos, expected, "{w:?}");
        }
    }
}

#[test]
fn subtree_span_and_children() {
    let m = tiny();
    let p = m.parse_forms(&["Russia", "sold", "missiles", "to", "India", "."]);
    assert_eq!(p.root(), Some(1));
    assert_eq!(p.children(1).collect::<Vec<_>>(), [0, 2, 4, 5]);
    assert_eq!(p.subtree_span(4), (21, 29));
    assert_eq!(p.subtree_span(1), (0, 31));
    assert!(p
        .to_conllu()
        .starts_with("1\tRussia\tRussia\tPROPN\tNNP\t_\t2\tnsubj\t_\tTokenRange=0:6\n"));
}

#[test]
fn model_bytes_round_trip() {
    for m in models() {
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).expect("decodes");
        assert_eq!(back.to_bytes(), bytes);
        let text = "The navy received two frigates from France.";
        assert_eq!(
            back.parse(text, 0, text.len()),
            m.parse(text, 0, text.len())
        );
    }
}

#[test]
fn truncated_or_garbage_bytes_are_errors() {
    let bytes = tiny().to_bytes();
    let step = (bytes.len() / 300).max(1);
    for len in (0..bytes.len()).step_by(step) {
        assert!(
            Model::from_bytes(&bytes[..len]).is_err(),
            "truncated at {len}"
        );
    }
    assert_eq!(
        Model::from_bytes(b"not a model at all").err(),
        Some(ModelError::BadMagic)
    );
    let mut seed = 42u64;
    for i in 0..200 {
        let mut bad = bytes.clone();
        let at = 12 + (next(&mut seed) as usize) % (bad.len() - 12);
        bad[at] ^= 1 + (i % 255) as u8;
        assert!(Model::from_bytes(&bad).is_err(), "flipped byte {at}");
        let garbage: Vec<u8> = (0..(next(&mut seed) % 5000))
            .map(|_| next(&mut seed) as u8)
            .collect();
        let mut g = bytes[..12].to_vec();
        g.extend(garbage);
        assert!(Model::from_bytes(&g).is_err());
    }
    let mut v2 = bytes.clone();
    v2[8] = 99;
    assert!(matches!(
        Model::from_bytes(&v2),
        Err(ModelError::Version { found: 99, .. })
    ));
}

#[test]
fn lemmas() {
    let Ok(m) = Model::try_builtin() else {
        eprintln!("no built-in model: skipped");
        return;
    };
    for (form, upos, lemma) in [
        ("bought", Upos::Verb, "buy"),
        ("sold", Upos::Verb, "sell"),
        ("chose", Upos::Verb, "choose"),
        ("inducted", Upos::Verb, "induct"),
        ("delivered", Upos::Verb, "deliver"),
        ("tanks", Upos::Noun, "tank"),
        ("signing", Upos::Verb, "sign"),
        ("Tanks", Upos::Noun, "tank"),
        ("helicopters", Upos::Noun, "helicopter"),
        ("were", Upos::Aux, "be"),
        ("India", Upos::Propn, "India"),
        // A treebank row without a lemma must not teach "_".
        ("bag", Upos::Verb, "bag"),
        // A known base form is its own lemma, not an "-ing" to strip.
        ("bring", Upos::Verb, "bring"),
        ("string", Upos::Verb, "string"),
        // A doubled consonant undone stays undone.
        ("scrapped", Upos::Verb, "scrap"),
        // An `e` a suffix rule would restore is dropped when the bare
        // stem is a known verb.
        ("floated", Upos::Verb, "float"),
        ("boasted", Upos::Verb, "boast"),
        ("created", Upos::Verb, "create"),
        // Plurals the treebank's rules get wrong
        // (data/parser/irregular_nouns.tsv).
        ("navies", Upos::Noun, "navy"),
        ("Supplies", Upos::Noun, "supply"),
        ("bases", Upos::Noun, "base"),
        ("torpedoes", Upos::Noun, "torpedo"),
    ] {
        assert_eq!(m.lemma(form, upos), lemma, "{form}/{upos}");
    }
    let text = "The army bought tanks and sold the old ones.";
    let p = m.parse(text, 0, text.len());
    let lemmas: Vec<&str> = p.tokens.iter().map(|w| w.lemma.as_str()).collect();
    assert_eq!(
        lemmas,
        ["the", "army", "buy", "tank", "and", "sell", "the", "old", "one", "."]
    );
}

/// The built-in model reads the name after a fronted participle phrase as
/// an apposition of the phrase's noun ("reporters, Colonel ..."); the
/// `fronted-phrase-subject` repair makes it the subject of the verb.
#[test]
fn a_name_after_a_fronted_phrase_is_the_verbs_subject() {
    let Ok(m) = Model::try_builtin() else {
        return;
    };
    let text = "Speaking to reporters in Rome, Colonel Marco Bianchi said the exercise had ended.";
    let p = m.parse(text, 0, text.len());
    let form = |i: usize| p.tokens[i].form.as_str();
    let said = (0..p.tokens.len()).find(|&i| form(i) == "said");
    let colonel = (0..p.tokens.len()).find(|&i| form(i) == "Colonel");
    let (Some(said), Some(colonel)) = (said, colonel) else {
        panic!("words missing: {:?}", p.tokens);
    };
    assert_eq!(p.tokens[colonel].head, Some(said));
    assert_eq!(p.tokens[colonel].deprel, "nsubj");
}

#[test]
fn a_firms_legal_suffix_does_not_make_its_name_a_participle() {
    // "Limited" read as the unit's head is a participle to the tagger, and
    // the parse then hangs the firm's name as a clause's object; the word
    // before the suffix is read instead.
    let Ok(m) = Model::try_builtin() else {
        return;
    };
    let text = "The air force held talks with Korea's state-owned Korea Aerospace Industries Limited on trainers.";
    let name = "Korea Aerospace Industries Limited";
    let s = text.find(name).expect("name");
    let unit = Unit {
        start: s,
        end: s + name.len(),
        seen_as: None,
    };
    let p = m.parse_with_units(text, 0, text.len(), &[], &[unit]);
    let at = |form: &str| p.tokens.iter().position(|w| w.form == form).expect(form);
    let (firm, with) = (at(name), at("with"));
    assert_eq!(p.tokens[with].head, Some(firm), "{p:?}");
    assert_eq!(p.tokens[at("Korea")].head, Some(firm), "{p:?}");
}

#[test]
fn since_between_have_and_a_participle_is_an_adverb() {
    let Ok(m) = Model::try_builtin() else {
        return;
    };
    let tag = |text: &str| {
        let p = m.parse(text, 0, text.len());
        p.tokens
            .iter()
            .find(|w| w.form == "since")
            .map(|w| w.upos)
            .unwrap_or_else(|| panic!("no 'since': {:?}", p.tokens))
    };
    assert_eq!(
        tag("The boats, which have since been delivered, patrol the coast."),
        Upos::Adv
    );
    assert_eq!(
        tag("The navy has since become the largest buyer."),
        Upos::Adv
    );
    // Before a time it is the preposition.
    assert_ne!(tag("The navy has since 2019 bought four boats."), Upos::Adv);
}
