//! What the extractor tells the tagger before it parses a sentence: words
//! the grammar's classes decide, whatever the tagger's statistics say.

use armswatch_extract::Extractor;
use armswatch_register::{Date, Document};

/// The UPOS the parse gives each occurrence of `word` in `text`.
fn tags_of(text: &str, word: &str) -> Vec<String> {
    let doc = Document {
        id: "hints".into(),
        text: text.into(),
        published: Date::parse("2023-03-23").ok(),
        outlet: None,
        title: None,
        url: None,
        origin: None,
        content_hash: String::new(),
    };
    let x = Extractor::builtin().expect("the gazetteer loads");
    let (sentences, _) = x.explain(&doc);
    sentences
        .iter()
        .filter_map(|s| s.conllu.as_deref())
        .flat_map(|c| c.lines())
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|cols| cols.len() > 3 && cols[1].replace('\u{a0}', " ") == word)
        .map(|cols| cols[3].to_string())
        .collect()
}

#[test]
fn a_to_verb_after_its_subject_is_a_verb() {
    // Read alone, "company plans" and "army plans" look like compounds.
    assert_eq!(
        tags_of(
            "The company plans to sell 20 drones to Kenya next year.",
            "plans"
        ),
        ["VERB"]
    );
    assert_eq!(
        tags_of(
            "The Chilean navy plans to buy two British frigates next year.",
            "plans"
        ),
        ["VERB"]
    );
    // After a determiner the same form is the noun.
    assert_eq!(
        tags_of("The plans to buy jets were shelved by Kenya.", "plans"),
        ["NOUN"]
    );
}

#[test]
fn a_designation_is_one_noun_to_the_parser() {
    // Written apart, its words are one name, no compound of two nouns;
    // with a weapon noun after it, name and noun are one word read as
    // that noun (so that "Leopard 2" is no count of "tanks").
    assert_eq!(
        tags_of(
            "Kenya received three C-17 Globemaster airlifters.",
            "C-17 Globemaster"
        ),
        ["PROPN"]
    );
    assert_eq!(
        tags_of("Chile ordered the Su-30 MKI from Russia.", "Su-30 MKI"),
        ["PROPN"]
    );
    assert_eq!(
        tags_of(
            "Chile ordered 40 Leopard 2 tanks from Germany.",
            "Leopard 2 tanks"
        ),
        ["NOUN"]
    );
    // Joined by a hyphen, a designation is a noun too, never a verb.
    let tags = tags_of(
        "The senate confirms that LCA-Tejas jets were offered to Peru.",
        "LCA-Tejas",
    );
    assert!(
        tags.iter().all(|t| t == "PROPN" || t == "NOUN") && !tags.is_empty(),
        "{tags:?}"
    );
}

#[test]
fn a_reporting_verb_before_that_after_its_subject_is_a_verb() {
    assert_eq!(
        tags_of(
            "The parliament confirms that two jets were delivered to Peru.",
            "confirms"
        ),
        ["VERB"]
    );
    assert_eq!(
        tags_of(
            "The Chilean senate says that the frigates were ordered from Britain.",
            "says"
        ),
        ["VERB"]
    );
    // After a plural noun the form is the noun of a relative clause.
    assert_eq!(
        tags_of(
            "Several reports that surfaced in May said Peru had bought two jets from Spain.",
            "reports"
        ),
        ["NOUN"]
    );
}

#[test]
fn a_goods_participle_in_a_list_of_goods_is_an_adjective() {
    // After a comma, a conjunction or a number, "towed" and "armoured"
    // name a kind of goods; read as verbs they would open clauses and cut
    // the list.
    let text = "Kenya bought trucks, towed mortars and armoured cars from Turkey.";
    assert_eq!(tags_of(text, "towed"), ["ADJ"]);
    assert_eq!(tags_of(text, "armoured"), ["ADJ"]);
    assert_eq!(
        tags_of("Oman ordered 12 guided rockets for its navy.", "guided"),
        ["ADJ"]
    );
    // After its subject the participle stays a verb.
    assert_eq!(
        tags_of(
            "After Kenya bought them, the army towed howitzers to the border.",
            "towed"
        ),
        ["VERB"]
    );
}

#[test]
fn an_ing_word_between_an_article_and_its_noun_is_an_adjective() {
    // Read as a verb, "visiting" would take the delegation as its object
    // and a subject from anywhere in the sentence.
    assert_eq!(
        tags_of(
            "Kenya's president received a visiting Ugandan delegation in Nairobi.",
            "visiting"
        ),
        ["ADJ"]
    );
    // After its subject it is a verb.
    assert_eq!(
        tags_of(
            "Kenya's president is visiting Uganda to buy patrol boats.",
            "visiting"
        ),
        ["VERB"]
    );
}

#[test]
fn talks_opening_a_clause_before_its_partner_is_the_noun() {
    assert_eq!(
        tags_of(
            "However, talks with Hanwha over 24 howitzers for the army are still going on.",
            "talks"
        ),
        ["NOUN"]
    );
    assert_eq!(
        tags_of(
            "Officials said that talks with Saab on the sale of 12 jets had stalled.",
            "talks"
        ),
        ["NOUN"]
    );
    // After its subject the form is the verb.
    assert_eq!(
        tags_of(
            "The report talks about the sale of 12 jets to Kenya.",
            "talks"
        ),
        ["VERB"]
    );
}
