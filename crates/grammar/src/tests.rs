use super::*;

fn tree(conllu: &str) -> ConlluTree {
    ConlluTree::parse(conllu).expect("test tree parses")
}

fn no_classes() -> FxHashMap<String, Vec<String>> {
    FxHashMap::default()
}

fn follow(t: &ConlluTree, path: &str, from: usize) -> Vec<String> {
    let g = Graph::new(t);
    let p = Path::parse(path, &no_classes()).expect("path parses");
    p.follow(&g, from)
        .into_iter()
        .map(|i| t.form(i).to_string())
        .collect()
}

// "Germany , the Netherlands and Denmark have bought tanks from Korea ."
const COORD: &str = "
1 Germany germany PROPN _ _ 8 nsubj _ _
2 , , PUNCT _ _ 4 punct _ _
3 the the DET _ _ 4 det _ _
4 Netherlands netherlands PROPN _ _ 1 conj _ _
5 and and CCONJ _ _ 6 cc _ _
6 Denmark denmark PROPN _ _ 1 conj _ _
7 have have AUX _ _ 8 aux _ _
8 bought buy VERB _ _ 0 root _ _
9 tanks tank NOUN _ _ 8 obj _ _
10 from from ADP _ _ 11 case _ _
11 Korea korea PROPN _ _ 8 obl _ _
12 . . PUNCT _ _ 8 punct _ _
";

#[test]
fn a_path_spreads_over_coordination() {
    let t = tree(COORD);
    assert_eq!(
        follow(&t, "nsubj", 7),
        ["Germany", "Netherlands", "Denmark"]
    );
}

// "Saab sold radars to Chile , Peru , and guns ." with Peru
// parsed in apposition to Chile; "Thales , the French firm , sold radars ."
const APPOSED_LIST: &str = "
1 Saab saab PROPN _ _ 2 nsubj _ _
2 sold sell VERB _ _ 0 root _ _
3 radars radar NOUN _ _ 2 obj _ _
4 to to ADP _ _ 5 case _ _
5 Chile chile PROPN _ _ 3 nmod _ _
6 , , PUNCT _ _ 7 punct _ _
7 Peru peru PROPN _ _ 5 appos _ _
8 , , PUNCT _ _ 11 punct _ _
9 and and CCONJ _ _ 11 cc _ _
10 guns gun NOUN _ _ 2 conj _ _
11 . . PUNCT _ _ 2 punct _ _
";

const APPOSED_DESCRIPTION: &str = "
1 Thales thales PROPN _ _ 7 nsubj _ _
2 , , PUNCT _ _ 5 punct _ _
3 the the DET _ _ 5 det _ _
4 French french ADJ _ _ 5 amod _ _
5 firm firm NOUN _ _ 1 appos _ _
6 , , PUNCT _ _ 5 punct _ _
7 sold sell VERB _ _ 0 root _ _
8 radars radar NOUN _ _ 7 obj _ _
9 . . PUNCT _ _ 7 punct _ _
";

// "Peru chose the K-9 , the Caesar and the Archer ." with "Caesar" in
// apposition to the designation "K-9" (tagged a common noun).
const APPOSED_WITH_DETERMINERS: &str = "
1 Peru peru PROPN _ _ 2 nsubj _ _
2 chose choose VERB _ _ 0 root _ _
3 the the DET _ _ 4 det _ _
4 K-9 k-9 NOUN _ _ 2 obj _ _
5 , , PUNCT _ _ 7 punct _ _
6 the the DET _ _ 7 det _ _
7 Caesar caesar PROPN _ _ 4 appos _ _
8 and and CCONJ _ _ 10 cc _ _
9 the the DET _ _ 10 det _ _
10 Archer archer PROPN _ _ 7 conj _ _
11 . . PUNCT _ _ 2 punct _ _
";

// "the Chile - Peru exercise ended ." with "Chile" a compound of "Peru".
const HYPHENED_PAIR: &str = "
1 the the DET _ _ 5 det _ _
2 Chile chile PROPN _ _ 4 compound _ _
3 - - PUNCT _ _ 2 punct _ _
4 Peru peru PROPN _ _ 5 compound _ _
5 exercise exercise NOUN _ _ 6 nsubj _ _
6 ended end VERB _ _ 0 root _ _
7 . . PUNCT _ _ 6 punct _ _
";

// "Tata along with Airbus offered jets ."
const ALONG_WITH: &str = "
1 Tata tata PROPN _ _ 5 nsubj _ _
2 along along ADP _ _ 4 case _ _
3 with with ADP _ _ 4 case _ _
4 Airbus airbus PROPN _ _ 1 nmod _ _
5 offered offer VERB _ _ 0 root _ _
6 jets jet NOUN _ _ 5 obj _ _
7 . . PUNCT _ _ 5 punct _ _
";

// "Spain sold frigates and corvettes to Peru ." with "to Peru" hung on
// the last conjunct.
const SHARED_ON_LAST: &str = "
1 Spain spain PROPN _ _ 2 nsubj _ _
2 sold sell VERB _ _ 0 root _ _
3 frigates frigate NOUN _ _ 2 obj _ _
4 and and CCONJ _ _ 5 cc _ _
5 corvettes corvette NOUN _ _ 3 conj _ _
6 to to ADP _ _ 7 case _ _
7 Peru peru PROPN _ _ 5 nmod _ _
8 . . PUNCT _ _ 2 punct _ _
";

#[test]
fn a_phrase_on_the_last_conjunct_modifies_the_list() {
    let t = tree(SHARED_ON_LAST);
    assert_eq!(follow(&t, "obj/nmod[to]", 1), ["Peru"]);
    // Only a phrase with its case word is shared; a bare step is not.
    assert!(follow(&t, "obj/nmod", 1).is_empty());
}

#[test]
fn a_companion_along_with_a_name_acts_with_it() {
    assert_eq!(follow(&tree(ALONG_WITH), "nsubj", 4), ["Tata", "Airbus"]);
}

#[test]
fn names_joined_by_a_hyphen_are_a_pair() {
    assert_eq!(
        follow(&tree(HYPHENED_PAIR), "compound", 4),
        ["Chile", "Peru"]
    );
    assert_eq!(
        follow(&tree(HYPHENED_PAIR), "nsubj/compound", 5),
        ["Chile", "Peru"]
    );
}

#[test]
fn a_bare_name_apposed_after_a_comma_is_a_list_item() {
    assert_eq!(
        follow(&tree(APPOSED_LIST), "obj/nmod[to]", 1),
        ["Chile", "Peru"]
    );
    assert_eq!(follow(&tree(APPOSED_DESCRIPTION), "nsubj", 6), ["Thales"]);
    assert_eq!(
        follow(&tree(APPOSED_WITH_DETERMINERS), "obj", 1),
        ["K-9", "Caesar", "Archer"]
    );
}

// "Oman gave a Coastal Patrol Boat and two tugs to Kenya ." with "Boat"
// read as an apposition of "Patrol" and "tugs" hung on "Boat".
const SPLIT_NAME: &str = "
1 Oman oman PROPN _ _ 2 nsubj _ _
2 gave give VERB _ _ 0 root _ _
3 a a DET _ _ 5 det _ _
4 Coastal coastal ADJ _ _ 5 amod _ _
5 Patrol patrol NOUN _ _ 2 obj _ _
6 Boat Boat PROPN _ _ 5 appos _ _
7 and and CCONJ _ _ 9 cc _ _
8 two two NUM _ _ 9 nummod _ _
9 tugs tug NOUN _ _ 6 conj _ _
10 to to ADP _ _ 11 case _ _
11 Kenya kenya PROPN _ _ 9 nmod _ _
12 . . PUNCT _ _ 2 punct _ _
";

#[test]
fn a_conjunct_of_a_split_names_last_word_is_a_conjunct_of_the_name() {
    assert_eq!(follow(&tree(SPLIT_NAME), "obj", 1), ["Patrol", "tugs"]);
}

#[test]
fn case_filters_choose_the_oblique() {
    let t = tree(COORD);
    assert_eq!(follow(&t, "obl[from]", 7), ["Korea"]);
    assert!(follow(&t, "obl[to]", 7).is_empty());
}

// "the sale of Tor and Buk systems" with "of" misattached to "Tor".
const CASE_ON_MODIFIER: &str = "
1 the the DET _ _ 2 det _ _
2 sale sale NOUN _ _ 0 root _ _
3 of of ADP _ _ 4 case _ _
4 Tor tor PROPN _ _ 7 compound _ _
5 and and CCONJ _ _ 6 cc _ _
6 Buk buk PROPN _ _ 4 conj _ _
7 systems system NOUN _ _ 2 nmod _ _
";

#[test]
fn a_case_on_the_phrases_leading_modifier_marks_the_phrase() {
    let t = tree(CASE_ON_MODIFIER);
    assert_eq!(follow(&t, "nmod[of]", 1), ["systems"]);
    assert!(follow(&t, "nmod[to]", 1).is_empty());
}

#[test]
fn up_steps_need_the_relation() {
    let t = tree(COORD);
    assert_eq!(follow(&t, "^obj", 8), ["bought"]);
    assert!(follow(&t, "^nsubj", 8).is_empty());
    assert_eq!(follow(&t, "^obj/obl[from]", 8), ["Korea"]);
}

// "Chile , which bought frigates , ..." with the relative clause on Chile.
const RELCL: &str = "
1 Chile chile PROPN _ _ 0 root _ _
2 , , PUNCT _ _ 4 punct _ _
3 which which PRON _ _ 4 nsubj _ _
4 bought buy VERB _ _ 1 acl:relcl _ _
5 frigates frigate NOUN _ _ 4 obj _ _
";

#[test]
fn a_relative_pronoun_stands_for_its_noun() {
    let t = tree(RELCL);
    assert_eq!(follow(&t, "nsubj", 3), ["Chile"]);
}

// "Peru plans to buy tanks ."
const CONTROL: &str = "
1 Peru peru PROPN _ _ 2 nsubj _ _
2 plans plan VERB _ _ 0 root _ _
3 to to PART _ _ 4 mark _ _
4 buy buy VERB _ _ 2 xcomp _ _
5 tanks tank NOUN _ _ 4 obj _ _
";

#[test]
fn a_controlled_verb_takes_its_subject_from_the_governor() {
    let t = tree(CONTROL);
    assert_eq!(follow(&t, "nsubj", 3), ["Peru"]);
    // but only for subjects, and only from the trigger
    assert!(follow(&t, "obj/nsubj", 3).is_empty());
}

// "Chile was expected to sell ships ." / "Chile wants to be sold ships ."
const RAISED_PASSIVE: &str = "
1 Chile chile PROPN _ _ 3 nsubj:pass _ _
2 was be AUX _ _ 3 aux:pass _ _
3 expected expect VERB _ _ 0 root _ _
4 to to PART _ _ 5 mark _ _
5 sell sell VERB _ _ 3 xcomp _ _
6 ships ship NOUN _ _ 5 obj _ _
";
const CONTROLLED_PASSIVE: &str = "
1 Chile chile PROPN _ _ 2 nsubj _ _
2 wants want VERB _ _ 0 root _ _
3 to to PART _ _ 5 mark _ _
4 be be AUX _ _ 5 aux:pass _ _
5 sold sell VERB _ _ 2 xcomp _ _
6 ships ship NOUN _ _ 5 obj _ _
";

#[test]
fn a_controlled_passive_subject_needs_a_passive_clause() {
    // The active "to sell" has no passive subject of its own to inherit...
    let t = tree(RAISED_PASSIVE);
    assert!(follow(&t, "nsubj:pass", 4).is_empty());
    assert_eq!(follow(&t, "nsubj", 4), ["Chile"]);
    // ...while "to be sold" does.
    let t = tree(CONTROLLED_PASSIVE);
    assert_eq!(follow(&t, "nsubj:pass", 4), ["Chile"]);
}

// "Peru received tanks , following guns handed over ."
const REDUCED_RELATIVE: &str = "
1 Peru peru PROPN _ _ 2 nsubj _ _
2 received receive VERB _ _ 0 root _ _
3 tanks tank NOUN _ _ 2 obj _ _
4 following follow VERB _ _ 3 acl _ _
5 guns gun NOUN _ _ 4 obj _ _
6 handed hand VERB _ _ 5 acl _ _
";

#[test]
fn a_past_participle_on_a_noun_takes_no_active_subject_from_above() {
    let t = tree(REDUCED_RELATIVE);
    assert!(follow(&t, "=nsubj", 5).is_empty());
}

#[test]
fn token_tests_constrain_the_token_reached() {
    let t = tree(CONTROL);
    assert_eq!(follow(&t, "^xcomp{lemma=plan|want}", 3), ["plans"]);
    assert!(follow(&t, "^xcomp{lemma=want}", 3).is_empty());
    assert!(follow(&t, "^xcomp{upos!=VERB}", 3).is_empty());
    assert_eq!(follow(&t, ".{upos=VERB}", 3), ["buy"]);
}

#[test]
fn a_unit_of_several_words_is_its_head_to_a_lemma_test() {
    // "60 HIMARS rocket launchers arrived", the goods one unit.
    let t = tree(
        "1\t60\t60\tNUM\t_\t_\t2\tnummod\t_\t_\n\
         2\tHIMARS rocket launchers\thimars rocket launcher\tNOUN\t_\t_\t3\tnsubj\t_\t_\n\
         3\tarrived\tarrive\tVERB\t_\t_\t0\troot\t_\t_\n",
    );
    assert_eq!(
        follow(&t, "nsubj{lemma=launcher}", 2),
        ["HIMARS rocket launchers"]
    );
    assert!(follow(&t, "nsubj{lemma!=launcher}", 2).is_empty());
    assert!(follow(&t, "nsubj{lemma=rocket}", 2).is_empty());
}

#[test]
fn bad_paths_are_errors_not_panics() {
    for bad in [
        "",
        "nsubj[to",
        "obl{lemma}",
        "^.",
        "NSUBJ",
        "obj{colour=red}",
        "a b",
    ] {
        assert!(
            Path::parse(bad, &no_classes()).is_err(),
            "`{bad}` should not parse"
        );
    }
    assert!(matches!(
        Path::parse("obj{class=nope}", &no_classes()),
        Err(GrammarError::Path(_)) | Err(GrammarError::UnknownClass(_))
    ));
}

#[test]
fn the_builtin_grammar_loads_and_every_rule_has_examples() {
    let g = Grammar::builtin().expect("data/grammar parses");
    assert!(g.rules.len() >= 20, "only {} rules", g.rules.len());
    for r in &g.rules {
        assert!(!r.examples.is_empty(), "rule {} has no example", r.name);
        assert!(!r.doc.is_empty(), "rule {} has no doc", r.name);
    }
    for m in &g.modifiers {
        assert!(!m.examples.is_empty(), "modifier {} has no example", m.name);
    }
}

#[test]
fn rules_fire_by_priority_per_trigger_and_kind() {
    let files = [(
        "t.toml",
        r#"
[classes]
buyish = ["buy"]
[[rule]]
name = "low"
kind = "transfer"
trigger = "class=buyish"
priority = 1
args.recipient = ["nsubj"]
[[rule]]
name = "high"
kind = "transfer"
trigger = "lemma=buy"
priority = 5
require = ["obl[from]"]
args.supplier = ["obl[from]"]
[[rule]]
name = "never"
kind = "transfer"
trigger = "lemma=buy"
priority = 9
forbid = ["obj"]
"#,
    )];
    let g = Grammar::from_sources(&files).expect("grammar parses");
    let t = tree(COORD);
    let graph = Graph::new(&t);
    let m = g.matches(&graph);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].rule.name, "high");
    assert_eq!(m[0].role("supplier")[0].1, vec![10]);
}

#[test]
fn malformed_grammar_files_name_the_problem() {
    let dup = r#"
[[rule]]
name = "a"
kind = "transfer"
trigger = "lemma=buy"
[[rule]]
name = "a"
kind = "transfer"
trigger = "lemma=sell"
"#;
    assert!(matches!(
        Grammar::from_sources(&[("d.toml", dup)]),
        Err(GrammarError::Rule { .. })
    ));
    let kind = "[[rule]]\nname = \"a\"\nkind = \"gift\"\ntrigger = \"lemma=buy\"\n";
    assert!(Grammar::from_sources(&[("k.toml", kind)]).is_err());
    assert!(matches!(
        Grammar::from_sources(&[("x.toml", "[[rule]\n")]),
        Err(GrammarError::File { .. })
    ));
}

// "Congress allowed the army to buy tanks ."
const OBJECT_CONTROL: &str = "
1 Congress congress PROPN _ _ 2 nsubj _ _
2 allowed allow VERB _ _ 0 root _ _
3 the the DET _ _ 4 det _ _
4 army army NOUN _ _ 2 obj _ _
5 to to PART _ _ 6 mark _ _
6 buy buy VERB _ _ 2 xcomp _ _
7 tanks tank NOUN _ _ 6 obj _ _
";

#[test]
fn an_object_controls_the_clause_it_governs() {
    let t = tree(OBJECT_CONTROL);
    assert_eq!(follow(&t, "nsubj", 5), ["army"]);
}

const ON_CONTROL: &str = "\
1 Washington Washington PROPN _ _ 2 nsubj _ _
2 pressed press VERB _ _ 0 root _ _
3 on on ADP _ _ 4 case _ _
4 Chile Chile PROPN _ _ 2 obl _ _
5 to to PART _ _ 6 mark _ _
6 buy buy VERB _ _ 2 advcl _ _
7 jets jet NOUN _ _ 6 obj _ _
";

#[test]
fn the_side_a_verb_bears_on_controls_its_infinitive() {
    let t = tree(ON_CONTROL);
    assert_eq!(follow(&t, "nsubj", 5), ["Chile"]);
    // "embarked on a tour to attend": an event acts not; the subject does.
    let tour = ON_CONTROL
        .replace("Chile Chile PROPN", "tour tour NOUN")
        .replace("pressed press", "embarked embark");
    assert_eq!(follow(&tree(&tour), "nsubj", 5), ["Washington"]);
    // "pressed on Thursday to buy": a time the grammar's class names.
    let day = tree(&ON_CONTROL.replace("Chile Chile PROPN", "Thursday Thursday PROPN"));
    let mut classes = no_classes();
    classes.insert("time_name".into(), vec!["Thursday".into()]);
    let nsubj = Path::parse("nsubj", &classes).expect("path parses");
    let got: Vec<&str> = nsubj
        .follow(&Graph::new(&day), 5)
        .into_iter()
        .map(|i| day.form(i))
        .collect();
    assert_eq!(got, ["Washington"]);
}

#[test]
fn require_any_needs_one_of_its_paths() {
    let rule = |paths: &str| {
        format!(
            "[[rule]]\nname = \"r\"\nkind = \"transfer\"\ntrigger = \"lemma=buy\"\nrequire_any = [{paths}]\nargs.recipient = [\"nsubj\"]\n"
        )
    };
    let t = tree(COORD);
    let graph = Graph::new(&t);
    for (paths, fires) in [
        ("\"obl[with]\", \"obl[from]\"", true),
        ("\"obl[with]\", \"iobj\"", false),
    ] {
        let g = Grammar::from_sources(&[("t.toml", rule(paths).as_str())]).expect("parses");
        assert_eq!(g.matches(&graph).len(), usize::from(fires), "{paths}");
    }
}

#[test]
fn lacks_keeps_tokens_without_such_children() {
    let t = tree(COORD);
    // "Korea" has a `case` child and no determiner; "Germany" heads its
    // conjuncts.
    assert_eq!(follow(&t, "obl{lacks=det}", 7), ["Korea"]);
    assert!(follow(&t, "obl{lacks=case}", 7).is_empty());
    assert!(follow(&t, "nsubj{lacks=conj}", 7).is_empty());
    assert_eq!(follow(&t, "obj{lacks=det|nmod}", 7), ["tanks"]);
}
