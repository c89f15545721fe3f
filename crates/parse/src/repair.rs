//! Corrections applied to the greedy parser's trees, each a named
//! construction the parser is known to get wrong, measured on EWT test
//! (`scripts/train-parser.sh`, data/parser/README.md).
//!
//! `fronted-phrase-subject`: in "After the talks in Rome, the minister
//! signed the accord", the parser, having attached the fronted phrase,
//! may read the noun phrase after the comma as an apposition of the
//! phrase's last noun ("Rome, the minister") and leave the finite verb
//! without a subject. A finite main verb with no subject takes as its
//! subject the noun phrase that stands right before it, after a comma,
//! when that phrase hangs off a word further left.
//!
//! `subordinate-clause-subject`: in "talks stalled since rivals are
//! offering cheaper jets", the parser reads "since" as a preposition and
//! "since rivals" as a modifier of "talks", leaving "are offering"
//! without a subject. A finite verb with no subject whose preceding noun
//! phrase is opened by a subordinating conjunction so misread takes that
//! phrase as its subject and the conjunction as its marker.
//!
//! `object-read-as-clause`: in "Acme Corp has won a 12 mln dlr order for
//! radios, the Navy said", the parser hangs "order" on "said" as a clause
//! and leaves "won" without its object. A noun taken for a
//! clausal complement (no subject, no copula) whose phrase follows a verb
//! that has no object, and that is no verb of saying, is that verb's object.

//!
//! `main-clause-read-as-relative`: in "After supplying 145 guns, a
//! towed howitzer, BAE Systems offered an upgrade", the parser may take
//! the fronted subordinate clause for the root and hang the main clause
//! on the apposition before it as a relative clause. A finite clause
//! with a noun subject of its own, opened right after a comma by no
//! relative word, hung as `acl:relcl` inside a root that a subordinating
//! conjunction marks, is the main clause: it becomes the root and the
//! subordinate clause its `advcl`.
//!
//! `main-clause-under-fronted-phrase`: in "According to a report in the
//! Times, the navy is considering more submarines" the parser may make
//! the fronted phrase's noun the root and hang the main clause on it (or
//! on a noun inside it) as a relative clause or a parataxis. When the
//! root is a noun whose preposition opens the sentence and which has no
//! subject or copula, the first finite clause with a noun subject of its
//! own, opened after a comma by no relative word and reached from the root
//! through nouns only, is the main clause; the phrase becomes its `obl`.
//!
//! `object-control-infinitive`: in "DRDO proposed the army to acquire
//! tanks", the parser may read "to acquire" as a clause of purpose
//! (`advcl`) and so give it the subject of "proposed". After a verb of
//! asking, urging or allowing ([`OBJECT_CONTROL`]) an infinitive that
//! follows the verb's object is its complement (`xcomp`): the object
//! acts. ("used the money to buy arms" stays a purpose: "use" is no such
//! verb.) The parser may also hang the infinitive on the object as a
//! clause of the noun (`acl`: "invited President Lal to visit Nairobi");
//! a name, a pronoun or a noun for those who act ([`ACTOR_NOUNS`]) takes
//! no such clause, so after such a verb the infinitive is the verb's
//! complement there too ("invited bids to supply guns" stays).
//!
//! `conjunct-hung-on-its-conjunction`: in "Armenia signed a deal and has
//! plans to buy more" the parser may hang "has" on "and" as its conjunct,
//! which cuts the second clause off from the subject it shares. A
//! conjunct hung on a coordinating conjunction to its left becomes a
//! conjunct of the word the conjunction hangs on, the conjunction its `cc`.
//!
//! `relative-clause-read-as-complement`: in "the frigates that it had
//! procured from Korea" the parser may read "that" as a conjunction and
//! hang the clause on a verb above. A "that" clause right after a noun,
//! whose verb takes an object ([`OBJECT_VERBS`]) but has none, is a
//! relative clause on the noun, "that" its object.
//!
//! `list-item-read-as-clause-conjunct`: in "fielding tanks, trucks,
//! US-made helicopters and drones" the parser may hang a later list item
//! on the main verb as a conjunct of the clause. A noun conjunct of a verb,
//! right after a comma that closes a noun which is itself a conjunct in a
//! list of nouns, continues that list: it (and its own conjuncts) join the
//! list's first item. A real second clause has its own subject or verb,
//! so the noun must have neither subject nor copula.
//!
//! `middle-list-item-read-as-complement`: in "ordered the Spike missile,
//! the Hermes drone and the Barak system" the parser may hang the middle
//! item on the verb (as a complement or object) with the last item as its
//! own conjunct. A noun so hung, right after a comma that closes another
//! noun of the verb's phrase, and heading an "and"/"or" conjunct of its
//! own, is the middle of a list: it and its conjuncts join the list's
//! first item. Without the conjunction after it ("bought jets, the
//! minister") nothing shows a list, and it stays; an apposition with a
//! list of its own ("two statues, a bronze one and a marble one") stays.
//!
//! `reported-clause-read-as-relative`: in "officials said the rebels
//! fired mortars" the parser may take "the rebels" for the
//! object of "said" and "fired mortars" for a reduced relative on it
//! ("the rebels fired"). A participle with an object of its own is no
//! reduced relative (a passive one takes none): after a verb of saying or
//! thinking ([`REPORTING`]), a participle right after the verb's object
//! that has an object is the reported clause's verb, the noun its subject.
//!
//! `second-object-read-as-oblique`: in "the minister gifted the coast
//! guard a patrol boat" the parser may keep "the coast guard" as the
//! object and hang "a patrol boat" on the verb as a bare oblique. A bare
//! noun phrase opened by an article or a number right after the verb's
//! object, with no preposition and no word of time, is the object; the
//! first is the indirect object (the receiver). So when both hang on the
//! verb as objects ("the Pentagon awarded Acme a $5 million addition").

//!
//! `name-read-as-second-object`: in "Acme will submit its X-9 Falcon
//! fighter jets" the parser may give the verb two objects, the name
//! ("X-9") and the phrase's head ("jets"). A verb has one direct object:
//! of two nominal objects side by side, the first, when it is a bare
//! capitalised name, modifies the second (`compound`), unless the second
//! opens a phrase of its own with an article, possessive or number ("gave
//! the navy two boats").

//!
//! `title-read-as-second-subject`: in "Navy Chief Admiral Ana Costa
//! met ..." the parser may give the verb two subjects, the title
//! ("Chief") and the name ("Ana"). A verb has one subject: of two
//! nominal subjects side by side, the first, a bare capitalised word or
//! name with no phrase of its own, modifies the second (`compound`),
//! unless the second opens a phrase of its own with an article,
//! possessive or number.

//!
//! `middle-list-item-read-as-second-subject`: in "Bids from the JF-17, the
//! F-16 and the MiG-35 were received" the parser may make the middle item a
//! second subject of the verb, with the last item its conjunct. A verb has
//! one subject: a second one right after a comma that closes a noun inside
//! the first, heading an "and"/"or" conjunct of its own, continues the list
//! that noun opened; names after a common noun subject ("Both
//! states, Chile and Peru, agreed") are its apposition.

//!
//! `prepositional-phrase-read-as-subject`: in "The navy by the end of
//! the month will announce ..." the parser may take "end" for the subject
//! (and "the navy" for the subject of "end"). A subject never has a
//! preposition of its own: such a noun, with a subject hung on it before
//! it, is an oblique of its verb, and that subject goes back to the verb.

//!
//! `subject-swallowed-by-fronted-phrase`: in "According to a report in
//! the press, the Indian firm L&T has won orders" the parser may take the
//! fronted phrase for the subject and hang the real subject on its last
//! noun as a conjunct. A subject never has a preposition of its own: when
//! such a subject holds, after a comma, a conjunct or apposition with no
//! conjunction that ends right before the verb (but for auxiliaries,
//! adverbs and punctuation), that noun is the verb's subject and the
//! phrase its oblique.
//!
//! `main-clause-under-participle`: in "Having secured the order from
//! the army, Kalyani is hiring engineers" the parser may take the opening
//! participle for the root and hang the main clause on it. A root verb
//! with no subject that opens the sentence as a participle ("Having
//! secured", "Winning", "Backed by") is an adverbial clause of the finite
//! clause with a noun subject of its own that follows its comma, which
//! becomes the root.
//!
//! `relative-clause-read-as-parataxis`: in "narrowed its choice to three
//! candidates, that are the Tejas, the F-16 and the JF-17" the parser may
//! hang the relative clause on the main verb as a `parataxis`. A clause
//! so hung whose first word, right after a comma, is its relative subject
//! ("that", "which", "who") modifies the noun before the comma
//! (`acl:relcl`).

//!
//! `object-read-as-part-of-a-time`: in "the minister visited Uganda last
//! month" the parser may read "Uganda" as a compound of "month". A noun
//! never modifies a noun of time across its opener ("last", "next",
//! "this"): such a compound, on a time noun hanging off a verb with no
//! object, is the verb's object.

//!
//! `phrase-read-as-part-of-a-time`: in "were handed over to the air force
//! last month" the parser may read "air force" (with its "to") as a
//! compound of "month". A phrase with a preposition of its own modifies
//! no noun as a compound: such a compound, before the opener ("last",
//! "next", "this") of a time noun that hangs off a verb, is the verb's
//! oblique.
//!
//! `agent-on-a-name`: in "aircraft were handed over to the Guyana Defence
//! Force by India" or "the supply of shells to Armenia by Munitions India"
//! the parser may hang the "by" phrase on the name before it. A name takes
//! no agent: the phrase goes up to the clause's verb (`obl:agent` when the
//! verb is passive, else `obl`) or to the noun of the event whose
//! "of"-phrase holds the name ("supply of shells"), as its `nmod`.
//!
//! `perfect-read-as-main-verb`: in "the IAF has wet-leased a tanker" the
//! parser may read "has" as the main verb and the participle after the
//! hyphened prefix as its complement. A form of "have" with no object of
//! its own whose `xcomp` is a past participle right after it (but for a
//! hyphened prefix) is the participle's auxiliary: the participle takes
//! its place, relation and dependents.
//!
//! `preposition-read-as-marker-of-a-second-subject`: in "Egypt is
//! negotiating with Oerlikon for guns, sources said" the parser may hang
//! "with Oerlikon" on "said" as a marker and a subject beside "sources".
//! A finite verb has one subject: of two, an earlier one opened by a
//! preposition other than "as" read as the verb's marker is a phrase, with the preposition its
//! `case`, of the clause the verb of saying reports (its head, when the
//! verb hangs on it as `ccomp` or `parataxis` from after the phrase), else
//! of the verb (`obl`).
//!
//! `worth-read-as-complement`: in "Acme won an order worth 20 from the
//! navy for 60 guns" the parser may hang "worth" on the verb and the
//! phrases after the amount on the amount or on each other. `worth` right
//! after a verb's object modifies that object, the amount is its object,
//! and each phrase after the amount opened by a preposition of a deal
//! ("from", "for", "with") modifies the object too, also when "worth"
//! already hangs on its noun ("a contract worth 90 crore with the
//! ministry for the supply of guns").
//!
//! `subject-read-as-root`: in "The contract, worth 3 mln dlrs, covers 40
//! jets" the parser, after the phrase set off by commas, may make the
//! subject noun the root and hang the finite verb on it as a conjunct
//! (or as a parataxis). A noun root's conjunct that is a finite verb with no subject and no
//! conjunction of its own, right after a comma, is the sentence's verb:
//! the noun is its subject, and what follows the verb moves with it.

//!
//! `adjective-list-read-as-phrase`: in "engines for U.S., Australian and
//! Spanish ships" the parser may hang the first adjective on the verb as
//! an oblique of its own ("for U.S.") and leave the noun only the
//! adjectives after the comma. An adjective read as a nominal argument
//! (oblique, object, nominal modifier, apposition), followed
//! by a list of adjectives ("," and "and"/"or" between them) and the
//! nouns of a phrase, opens that list: it modifies the phrase's noun, the
//! later adjectives are its conjuncts, and the noun, with the adjective's
//! preposition, takes the adjective's place (the parser chose it with the
//! preposition in view).
//!
//! `preposition-on-a-modifier`: in "sonars for Danish, U.K. and Dutch
//! frigates" the parser may hang "for" on the first adjective and make
//! "frigates" a conjunct of "sonars". A preposition belongs to a noun,
//! never to an adjective that modifies one: it goes to that noun, and the
//! noun, if it was read as a conjunct with no conjunction of its own, is a
//! nominal modifier (or an oblique) of the conjunct's head.
//!
//! `object-with-a-preposition`: in "talks between Armenian and Indian
//! officials" the parser may call "officials" an object of "talks" though
//! "between" opens it. An object never has a preposition: a noun so read
//! is a nominal modifier of a noun head, an oblique of any other.
//!
//! `with-phrase-read-as-clause-subject`: in "in talks with the US to buy
//! drones" the parser may read "with the US to buy" as a clause whose
//! subject is the US ("with" its marker, as in "with prices to rise").
//! After a noun, "with" opens that noun's partner: the noun phrase is a
//! `with` modifier of the noun and the infinitive a clause on the noun.
//!
//! `reduced-relative-read-as-verb`: in "The first of six jets ordered in
//! 2016 was delivered to the navy" the parser may make "ordered" the main
//! verb and "was delivered" its subjectless complement; and in "The navy
//! commissioned its first corvette" it may read "commissioned" as a
//! reduced relative on "navy". A root past form with a subject and no
//! object whose complement after it is passive and subjectless is a
//! relative on its subject (not after a verb of saying); a past form hung
//! on the noun before it that has an object of its own is the verb (a
//! passive participle takes none) — the second is a case of
//! `subject-read-as-root`.
//!
//! `word-hung-on-punctuation`: in "The Chief of the Naval Staff, Admiral
//! Lal, met ..." the parser may hang the apposition on the comma. A
//! punctuation mark heads nothing in UD: a word hung on one that has a
//! head of its own moves to that head, keeping its relation.
//!
//! `object-of-a-noun`: in "three Mig-21 squadrons that are deployed" or
//! "two critical niche technical requirements" the parser may make the
//! last noun an object of a noun before it. A noun takes no object: with
//! only modifiers between, the later noun is the phrase's head and the
//! earlier one its `compound` (not when the earlier noun acts as a verb:
//! it has a subject, an auxiliary or a marker).
//!
//! `phrase-of-a-reported-clause`: in "The army has taken delivery of 20
//! tanks, the ministry said" the parser may hang "of 20 tanks" on "said".
//! A phrase opened by a preposition that stands inside the clause a verb
//! of saying reports (after that clause's verb, before the verb of
//! saying) belongs to the reported clause: it becomes its verb's `obl`.
//!
//! `preposition-read-as-head`: in "received orders for the engine from
//! the DRDO's lab" the parser may make "from" a noun's modifier with
//! "DRDO" its object, as if it were a verb. A preposition heads nothing in
//! UD: its noun takes its place and relation, and it becomes the noun's
//! `case`.
//!
//! `preposition-read-as-infinitive-marker`: in "Chile is the second
//! country after Peru to buy the jets" the parser may read "after" as a
//! marker of "to buy" and "Peru" as its subject. An infinitive takes no
//! subject but after "for" or "with" ("for Peru to buy"), nor when it is
//! a predicate ("the plan is to buy"): a subject that a preposition of
//! order ("after", "before", "besides", "like", "than") opens, before
//! the "to", is a phrase of the word the infinitive modifies (`nmod` of a
//! noun, `obl` of a verb), the preposition its `case`.
//!
//! `prepositional-phrase-read-as-second-subject`: in "A contract worth
//! Rs 90 crore for 100 howitzers was signed with L&T" the parser may hang
//! "for 100 howitzers" on the verb as a second subject. A verb has one
//! subject: a later one opened by a preposition, after a first that has
//! none, modifies the first (`nmod`), unless it tells a time ("on
//! Thursday"), which is the verb's (`obl`).
//!
//! `designations-sharing-a-noun-read-as-conjuncts`: in "the MiG-29K and
//! Su-30MKI aircraft" the parser may make "MiG-29K" the head and
//! "aircraft" its conjunct. Two words written as designations joined by a
//! conjunction right before a bare noun share it: the noun heads both.

use crate::{Parse, Upos, Word};

/// Verbs whose object is the subject of the infinitive after it ("urged
/// India to buy", "allowed the navy to lease").
/// ("want", "require", "push" and "get" also take goods with a purpose:
/// "wanted helicopters to support its operations".)
const OBJECT_CONTROL: &[&str] = &[
    "ask",
    "urge",
    "propose",
    "allow",
    "permit",
    "enable",
    "invite",
    "persuade",
    "encourage",
    "force",
    "tell",
    "advise",
    "request",
    "press",
    "expect",
    "authorize",
    "authorise",
    "instruct",
    "direct",
    "compel",
    "oblige",
    "approach",
    "prompt",
    "pressure",
    "pressurise",
    "pressurize",
    "lobby",
    "help",
    "convince",
    "call",
];

/// Verbs of saying and thinking whose clause may follow without "that"
/// ("said the army used"). Not "tell" or "warn": their object is a person.
/// Nouns for those who act, which take no infinitive of their own after a
/// verb of asking ("invited the minister to visit"), unlike goods or bids
/// ("invited bids to supply guns").
const ACTOR_NOUNS: &[&str] = &[
    "minister",
    "president",
    "counterpart",
    "chief",
    "delegation",
    "government",
    "country",
    "official",
    "leader",
    "secretary",
    "premier",
    "king",
    "navy",
    "army",
    "ministry",
];

const REPORTING: &[&str] = &[
    "say",
    "state",
    "add",
    "write",
    "note",
    "announce",
    "claim",
    "declare",
    "explain",
    "argue",
    "insist",
    "believe",
    "think",
    "know",
    "report",
    "conclude",
    "suggest",
    "allege",
    "confirm",
    "fear",
    "estimate",
    "acknowledge",
    "admit",
    "deny",
];

/// Relations a misread subject arrives with.
const MISREAD_AS: &[&str] = &["appos", "nmod", "obl", "conj"];

/// Words that open a subordinate clause and that the tagger may read as
/// prepositions.
const SUBORDINATORS: &[&str] = &[
    "since", "because", "as", "while", "whereas", "although", "though", "if", "after", "before",
    "until", "once",
];

/// Verbs whose complement right after them is a clause or a predicate,
/// not an object.
const CLAUSE_TAKERS: &[&str] = &[
    "say", "state", "add", "write", "tell", "note", "announce", "claim", "hope", "be", "become",
    "come", "go", "seem", "remain", "tweet", "declare", "explain", "reply", "argue", "insist",
    "warn", "believe", "think", "feel", "know", "report", "conclude", "suggest",
];

/// Dependents of each word, kept in step with the heads as repairs move
/// words (so no repair scans the sentence per word: a sentence thousands of
/// words long stays linear).
type Kids = Vec<Vec<usize>>;

fn kids_of(w: &[Word]) -> Kids {
    let mut kids = vec![Vec::new(); w.len()];
    for (i, x) in w.iter().enumerate() {
        if let Some(h) = x.head.filter(|&h| h < w.len()) {
            kids[h].push(i);
        }
    }
    kids
}

/// Moves word `i` under `head` with relation `deprel`.
fn reattach(w: &mut [Word], kids: &mut Kids, i: usize, head: usize, deprel: &'static str) {
    if let Some(old) = w[i].head.filter(|&h| h < kids.len()) {
        kids[old].retain(|&k| k != i);
    }
    w[i].head = Some(head);
    w[i].deprel = deprel;
    kids[head].push(i);
}

/// Applies every repair to `parse`.
pub fn repair(parse: &mut Parse) {
    let w = &mut parse.tokens;
    let mut kids = kids_of(w);
    apostrophe_read_as_punctuation(w, &mut kids);
    word_hung_on_punctuation(w, &mut kids);
    conjunct_hung_on_its_conjunction(w, &mut kids);
    relative_clause_read_as_complement(w, &mut kids);
    fronted_phrase_subject(w, &mut kids);
    subordinate_clause_subject(w, &mut kids);
    subject_taken_across_a_subordinator(w, &mut kids);
    object_read_as_clause(w, &mut kids);
    object_control_infinitive(w, &mut kids);
    list_item_read_as_clause_conjunct(w, &mut kids);
    middle_list_item_read_as_complement(w, &mut kids);
    middle_list_item_read_as_second_subject(w, &mut kids);
    reported_clause_read_as_relative(w, &mut kids);
    second_object_read_as_oblique(w, &mut kids);
    name_read_as_second_object(w, &mut kids);
    apposition_read_as_second_argument(w, &mut kids);
    title_read_as_second_subject(w, &mut kids);
    descriptor_read_as_head_of_its_name(w, &mut kids);
    prepositional_phrase_read_as_subject(w, &mut kids);
    relative_clause_read_as_parataxis(w, &mut kids);
    main_clause_read_as_relative(w, &mut kids);
    main_clause_under_fronted_phrase(w, &mut kids);
    object_read_as_part_of_a_time(w, &mut kids);
    phrase_read_as_part_of_a_time(w, &mut kids);
    agent_on_a_name(w, &mut kids);
    recipient_read_as_part_of_the_agent(w, &mut kids);
    perfect_read_as_main_verb(w, &mut kids);
    participle_read_as_modifier_after_have(w, &mut kids);
    preposition_read_as_marker_of_a_second_subject(w, &mut kids);
    subject_read_as_root(w, &mut kids);
    verb_hung_on_a_parenthetical(w, &mut kids);
    gapped_clause_read_as_apposition(w, &mut kids);
    object_read_as_subject_of_a_participle(w, &mut kids);
    worth_read_as_complement(w, &mut kids);
    reduced_relative_read_as_verb(w, &mut kids);
    adjective_list_read_as_phrase(w, &mut kids);
    designations_sharing_a_noun_read_as_conjuncts(w, &mut kids);
    preposition_on_a_modifier(w, &mut kids);
    object_with_a_preposition(w, &kids);
    with_phrase_read_as_clause_subject(w, &mut kids);
    prepositional_phrase_read_as_second_subject(w, &mut kids);
    preposition_read_as_head(w, &mut kids);
    object_of_a_noun(w, &mut kids);
    phrase_of_a_reported_clause(w, &mut kids);
    preposition_read_as_infinitive_marker(w, &mut kids);
    subject_swallowed_by_fronted_phrase(w, &mut kids);
    main_clause_under_participle(w, &mut kids);
    participle_read_as_clause_of_the_verb(w, &mut kids);
}

/// "BAE Systems' Type 26" with the bare apostrophe read as punctuation and
/// the name as the head, the goods hung on it: after a name or noun ending
/// in "s", an apostrophe followed by the phrase the name governs is the
/// possessive's case mark; the name possesses that phrase, which takes the
/// name's place in the tree.
fn apostrophe_read_as_punctuation(w: &mut [Word], kids: &mut Kids) {
    for i in 1..w.len() {
        let n = i - 1;
        let owner =
            matches!(w[n].upos, Upos::Propn | Upos::Noun) && w[n].form.ends_with(['s', 'S']);
        if !matches!(w[i].form.as_str(), "'" | "\u{2019}") || w[i].upos != Upos::Punct || !owner {
            continue;
        }
        // The possessed phrase: a nominal the name governs, starting right
        // after the apostrophe.
        // A curly quote closing one opened before it is no possessive.
        let opened = w[..i].iter().filter(|x| x.form == "\u{2018}").count();
        let closed = w[..i].iter().filter(|x| x.form == "\u{2019}").count();
        if opened > closed {
            continue;
        }
        // (A closing quote before "and ..." closes a quotation.)
        let opens_phrase = w.get(i + 1).is_some_and(|x| {
            matches!(
                x.upos,
                Upos::Propn | Upos::Noun | Upos::Adj | Upos::Num | Upos::Det
            )
        });
        let possessed = kids[n]
            .iter()
            .copied()
            .filter(|&x| x > i && is_nominal(&w[x]) && !matches!(w[x].deprel, "conj" | "parataxis"))
            .find(|&x| span(kids, x).0 == i + 1 || span(kids, x).0 == i)
            .filter(|_| opens_phrase);
        // "BAE Systems ' CV90" with the name read as a compound of the
        // goods: it possesses them.
        let head_after = w[n].head.filter(|&h| {
            h > i && is_nominal(&w[h]) && matches!(w[n].deprel, "compound" | "nmod" | "amod")
        });
        if let Some(h) = head_after.filter(|_| opens_phrase) {
            make_possessor(w, kids, n, h, i);
            continue;
        }
        let (Some(x), Some(h)) = (possessed, w[n].head) else {
            continue;
        };
        let rel = w[n].deprel;
        reattach(w, kids, x, h, rel);
        make_possessor(w, kids, n, x, i);
    }
}

/// Name `n` possesses `owned`, its apostrophe `mark` the possessive's case.
fn make_possessor(w: &mut [Word], kids: &mut Kids, n: usize, owned: usize, mark: usize) {
    reattach(w, kids, n, owned, "nmod:poss");
    reattach(w, kids, mark, n, "case");
    w[mark].upos = Upos::Part;
    w[mark].xpos = "POS";
}

fn main_clause_under_participle(w: &mut [Word], kids: &mut Kids) {
    let Some(root) = (0..w.len()).find(|&i| w[i].head.is_none()) else {
        return;
    };
    let opens_as_participle = w[root].upos == Upos::Verb
        && !has_kid(w, kids, root, |d| is_subject(d.deprel))
        && match w.first() {
            Some(f) if f.head == Some(root) => f.form.eq_ignore_ascii_case("having"),
            Some(_) => root == 0 && matches!(w[root].xpos, "VBG" | "VBN"),
            None => false,
        };
    if !opens_as_participle {
        return;
    }
    let main = kids[root].iter().copied().filter(|&v| v > root).find(|&v| {
        matches!(w[v].deprel, "advcl" | "parataxis" | "conj" | "ccomp")
            && clause_after_comma(w, kids, v)
    });
    if let Some(v) = main {
        promote_to_root(w, kids, v, root, "advcl");
    }
}

fn subject_swallowed_by_fronted_phrase(w: &mut [Word], kids: &mut Kids) {
    let preposition = |d: &Word| d.deprel == "case" && d.form != "'s" && d.form != "’s";
    for x in 0..w.len() {
        let Some(v) = w[x].head.filter(|&v| v > x && v < kids.len()) else {
            continue;
        };
        if !matches!(w[x].deprel, "nsubj" | "nsubj:pass")
            || !has_kid(w, kids, x, preposition)
            || has_kid(w, kids, v, |d| d.deprel == "cop")
        {
            continue;
        }
        let between_ok = |from: usize| {
            (from + 1..v)
                .all(|k| matches!(w[k].upos, Upos::Aux | Upos::Adv | Upos::Punct | Upos::Part))
        };
        let (first, last) = span(kids, x);
        let Some(real) = (first..=last).filter(|&c| dominates(w, x, c)).find(|&c| {
            c > x
                && matches!(w[c].deprel, "conj" | "appos")
                && is_nominal(&w[c])
                && !has_kid(w, kids, c, |d| d.deprel == "cc")
                && c > 0
                && (w[c - 1].form == "," || has_kid(w, kids, c, |d| d.form == ","))
                && between_ok(span(kids, c).1)
        }) else {
            continue;
        };
        let deprel = w[x].deprel;
        reattach(w, kids, real, v, deprel);
        reattach(w, kids, x, v, "obl");
    }
}

/// Prepositions that place one party in a row of others ("the third
/// after Peru", "the first besides Chile"), which no clause takes as its
/// marker before an infinitive ("with X to be bought" is a clause).
const ORDER_PREPOSITIONS: &[&str] = &["after", "before", "besides", "behind", "like", "than"];

fn preposition_read_as_infinitive_marker(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        let Some(to) = kids[v]
            .iter()
            .copied()
            .find(|&k| k < v && w[k].deprel == "mark" && w[k].upos == Upos::Part)
        else {
            continue;
        };
        let Some(h) = w[v].head.filter(|&h| h < kids.len()) else {
            continue;
        };
        let Some(subject) = kids[v]
            .iter()
            .copied()
            .find(|&k| k < to && is_subject(w[k].deprel) && is_nominal(&w[k]))
        else {
            continue;
        };
        // "is to adopt", "was yet to begin": an infinitive with a copula
        // or auxiliary is a predicate, and has its subject.
        let predicate = has_kid(w, kids, v, |d| {
            d.deprel == "cop" || d.deprel.starts_with("aux")
        });
        let Some(adp) = kids[v].iter().copied().find(|&k| {
            k < subject
                && w[k].deprel == "mark"
                && ORDER_PREPOSITIONS.contains(&w[k].lemma.as_str())
        }) else {
            continue;
        };
        if predicate {
            continue;
        }
        let rel = if matches!(w[h].upos, Upos::Noun | Upos::Propn | Upos::Pron) {
            "nmod"
        } else {
            "obl"
        };
        reattach(w, kids, subject, h, rel);
        reattach(w, kids, adp, subject, "case");
    }
}

fn phrase_of_a_reported_clause(w: &mut [Word], kids: &mut Kids) {
    for r in 0..w.len() {
        if w[r].upos != Upos::Verb || !REPORTING.contains(&w[r].lemma.as_str()) {
            continue;
        }
        let Some(clause) = kids[r]
            .iter()
            .copied()
            .filter(|&c| c < r && matches!(w[c].deprel, "ccomp" | "parataxis"))
            .min()
        else {
            continue;
        };
        let phrases: Vec<usize> = kids[r]
            .iter()
            .copied()
            .filter(|&p| {
                clause < p
                    && p < r
                    && matches!(crate::eval::universal(w[p].deprel), "obl" | "nmod")
                    && has_kid(w, kids, p, |d| d.deprel == "case")
            })
            .collect();
        for p in phrases {
            reattach(w, kids, p, clause, "obl");
        }
    }
}

fn object_of_a_noun(w: &mut [Word], kids: &mut Kids) {
    for t in 0..w.len() {
        let Some(h) = w[t].head.filter(|&h| h < t) else {
            continue;
        };
        let nouns = is_nominal(&w[t]) && matches!(w[h].upos, Upos::Noun | Upos::Propn);
        if w[t].deprel != "obj" || !nouns {
            continue;
        }
        let modifiers_between = (h + 1..t).all(|k| {
            matches!(w[k].upos, Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num)
                || w[k].xpos == "HYPH"
        });
        let acts_as_verb = has_kid(w, kids, h, |d| {
            is_subject(d.deprel) || d.deprel.starts_with("aux") || d.deprel == "mark"
        });
        if !modifiers_between || acts_as_verb {
            continue;
        }
        let (head, rel) = (w[h].head, w[h].deprel);
        kids[h].retain(|&k| k != t);
        w[t].head = head;
        w[t].deprel = rel;
        if let Some(x) = head.filter(|&x| x < kids.len()) {
            kids[x].retain(|&k| k != h);
            kids[x].push(t);
        }
        // The phrase's determiners and counts before the old head open
        // the new one.
        for k in kids[h].clone().into_iter().filter(|&k| k < h) {
            let r = w[k].deprel;
            reattach(w, kids, k, t, r);
        }
        w[h].head = None;
        reattach(w, kids, h, t, "compound");
    }
}

fn preposition_read_as_head(w: &mut [Word], kids: &mut Kids) {
    for adp in 0..w.len() {
        let misread = w[adp].upos == Upos::Adp
            && matches!(
                w[adp].deprel,
                "nmod" | "obl" | "obj" | "nsubj" | "conj" | "acl" | "advcl"
            );
        if !misread {
            continue;
        }
        let Some(noun) = kids[adp].iter().copied().find(|&k| {
            k > adp && matches!(w[k].deprel, "obj" | "nmod" | "obl") && is_nominal(&w[k])
        }) else {
            continue;
        };
        let (head, rel) = (w[adp].head, w[adp].deprel);
        let Some(h) = head.filter(|&h| h < kids.len()) else {
            continue;
        };
        for k in kids[adp].clone().into_iter().filter(|&k| k != noun) {
            let r = w[k].deprel;
            reattach(w, kids, k, noun, r);
        }
        reattach(w, kids, noun, h, rel);
        reattach(w, kids, adp, noun, "case");
    }
}

fn prepositional_phrase_read_as_second_subject(w: &mut [Word], kids: &mut Kids) {
    let preposition =
        |d: &Word| d.deprel == "case" && d.upos == Upos::Adp && d.form != "'s" && d.form != "’s";
    for v in 0..w.len() {
        let subjects: Vec<usize> = kids[v]
            .iter()
            .copied()
            .filter(|&k| k < v && is_subject(w[k].deprel) && is_nominal(&w[k]))
            .collect();
        let [first, second] = subjects.as_slice() else {
            continue;
        };
        let (first, second) = (*first.min(second), *first.max(second));
        if has_kid(w, kids, first, preposition) || !has_kid(w, kids, second, preposition) {
            continue;
        }
        // "on Thursday": a time told of the verb, not of the subject.
        if is_time_word(&w[second].lemma) {
            reattach(w, kids, second, v, "obl");
        } else {
            reattach(w, kids, second, first, "nmod");
        }
    }
}

/// A day, a month or a noun of time ("Thursday", "March", "week").
fn is_time_word(lemma: &str) -> bool {
    const NAMED: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = lemma.to_lowercase();
    NAMED.contains(&lower.as_str()) || BARE_ADVERBIAL_NOUNS.contains(&lower.as_str())
}

fn word_hung_on_punctuation(w: &mut [Word], kids: &mut Kids) {
    for i in 0..w.len() {
        let Some(mark) = w[i].head.filter(|&h| h < w.len()) else {
            continue;
        };
        if w[mark].upos != Upos::Punct {
            continue;
        }
        if let Some(head) = w[mark].head.filter(|&h| h < w.len() && h != i) {
            let rel = w[i].deprel;
            reattach(w, kids, i, head, rel);
        }
    }
}

/// "Armenia signed a deal and has plans to buy more": the parser may hang
/// the second conjunct on the conjunction itself ("has" a `conj` of
/// "and"), which cuts it off from the first conjunct and so from the
/// subject the two share. A conjunct hung on a coordinating conjunction
/// to its left is a conjunct of the word the conjunction hangs on, and the
/// conjunction its `cc`, as UD writes coordination.
fn conjunct_hung_on_its_conjunction(w: &mut [Word], kids: &mut Kids) {
    for c in 0..w.len() {
        let Some(and) = w[c].head.filter(|&h| h < c) else {
            continue;
        };
        if w[c].deprel != "conj" || w[and].upos != Upos::Cconj || w[and].deprel != "cc" {
            continue;
        }
        let Some(first) = w[and].head.filter(|&h| h < and) else {
            continue;
        };
        reattach(w, kids, c, first, "conj");
        reattach(w, kids, and, c, "cc");
    }
}

/// Verbs that take an object: without one after "that", their clause has
/// a gap the noun before "that" fills.
const OBJECT_VERBS: &[&str] = &[
    "acquire",
    "buy",
    "purchase",
    "order",
    "procure",
    "receive",
    "induct",
    "supply",
    "deliver",
    "sell",
    "export",
    "import",
    "operate",
    "field",
    "deploy",
    "lease",
    "obtain",
    "get",
    "want",
    "need",
    "require",
    "use",
    "build",
    "make",
    "develop",
    "design",
    "produce",
    "manufacture",
    "offer",
    "seek",
    "win",
    "sign",
    "fly",
    "carry",
];

/// Nouns a "that" clause explains rather than modifies ("the fact that
/// it bought", "reports that the navy ordered").
const CONTENT_NOUNS: &[&str] = &[
    "fact",
    "belief",
    "claim",
    "report",
    "news",
    "hope",
    "fear",
    "concern",
    "idea",
    "view",
    "assurance",
    "possibility",
    "indication",
    "sign",
    "statement",
    "notion",
    "evidence",
    "speculation",
    "rumour",
    "rumor",
    "suggestion",
    "argument",
    "allegation",
    "reporter",
    "official",
    "lawmaker",
    "media",
];

/// "the frigates that it had procured from Korea": the parser may read
/// "that" as a conjunction and the clause as a complement of a verb far
/// above. A clause opened by "that" right after a noun, whose verb has a
/// subject but no object though it takes one ([`OBJECT_VERBS`]), is a
/// relative clause on that noun with "that" its object; nouns a "that"
/// clause explains ([`CONTENT_NOUNS`]) keep their complement.
fn relative_clause_read_as_complement(w: &mut [Word], kids: &mut Kids) {
    for that in 1..w.len() {
        if w[that].lemma != "that" || w[that].upos != Upos::Sconj || w[that].deprel != "mark" {
            continue;
        }
        let noun = that - 1;
        if !matches!(w[noun].upos, Upos::Noun | Upos::Propn)
            || CONTENT_NOUNS.contains(&w[noun].lemma.to_lowercase().as_str())
        {
            continue;
        }
        let Some(v) = w[that].head.filter(|&v| v > that) else {
            continue;
        };
        if w[v].upos != Upos::Verb || !OBJECT_VERBS.contains(&w[v].lemma.as_str()) {
            continue;
        }
        let has = |d: &str| kids[v].iter().any(|&k| w[k].deprel == d);
        if !has("nsubj") || has("obj") || has("nsubj:pass") || has("ccomp") || has("xcomp") {
            continue;
        }
        reattach(w, kids, v, noun, "acl:relcl");
        w[that].upos = Upos::Pron;
        w[that].xpos = "WDT";
        reattach(w, kids, that, v, "obj");
    }
}

fn with_phrase_read_as_clause_subject(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        if w[v].upos != Upos::Verb {
            continue;
        }
        let marks: Vec<usize> = kids[v]
            .iter()
            .copied()
            .filter(|&k| w[k].deprel == "mark")
            .collect();
        let with = marks.iter().copied().find(|&k| w[k].lemma == "with");
        let infinitive = marks.iter().any(|&k| w[k].lemma == "to");
        let (Some(with), true) = (with, infinitive) else {
            continue;
        };
        let Some(subject) = kids[v]
            .iter()
            .copied()
            .find(|&k| k > with && k < v && w[k].deprel == "nsubj" && is_nominal(&w[k]))
        else {
            continue;
        };
        let Some(noun) = with
            .checked_sub(1)
            .filter(|&n| is_nominal(&w[n]) && !dominates(w, v, n))
        else {
            continue;
        };
        reattach(w, kids, subject, noun, "nmod");
        reattach(w, kids, with, subject, "case");
        reattach(w, kids, v, noun, "acl");
    }
}

/// Whether word `i` is joined to the word before by a hyphen ("lead - in"
/// as the tokenizer splits it): part of a compound, no preposition.
fn hyphened(w: &[Word], i: usize) -> bool {
    i.checked_sub(1).is_some_and(|h| w[h].form == "-")
}

fn object_with_a_preposition(w: &mut [Word], kids: &Kids) {
    for n in 0..w.len() {
        let Some(h) = w[n].head else {
            continue;
        };
        // A capitalised "Into" inside a name ("the Into Option") opens
        // nothing.
        let preposition = |k: usize| {
            w[k].upos == Upos::Adp
                && !hyphened(w, k)
                && (k == 0 || !w[k].form.starts_with(|c: char| c.is_uppercase()))
        };
        let opened = kids[n]
            .iter()
            .any(|&k| k < n && w[k].deprel == "case" && preposition(k));
        if matches!(w[n].deprel, "obj" | "iobj") && is_nominal(&w[n]) && opened {
            w[n].deprel = if is_nominal(&w[h]) { "nmod" } else { "obl" };
        }
    }
}

fn preposition_on_a_modifier(w: &mut [Word], kids: &mut Kids) {
    for c in 0..w.len() {
        let Some(adj) = w[c].head.filter(|&h| h > c) else {
            continue;
        };
        if w[c].deprel != "case" || w[adj].upos != Upos::Adj || w[adj].deprel != "amod" {
            continue;
        }
        let Some(noun) = w[adj].head.filter(|&n| n > adj && is_nominal(&w[n])) else {
            continue;
        };
        // Only the adjectives of the noun stand between: no article or
        // other preposition (then the tree is wrong elsewhere), no comma
        // before the noun ("In future, price changes ..."); a subject
        // takes no preposition.
        let between_ok = (c + 1..noun).all(|k| !matches!(w[k].upos, Upos::Det | Upos::Adp));
        let phrase_start = (adj + 1..noun)
            .rev()
            .take_while(|&k| is_nominal(&w[k]))
            .last()
            .unwrap_or(noun);
        let set_off = w[phrase_start - 1].upos == Upos::Punct;
        if !between_ok || set_off || is_subject(w[noun].deprel) || hyphened(w, c) {
            continue;
        }
        if has_kid(w, kids, noun, |d| d.deprel == "case") {
            continue;
        }
        reattach(w, kids, c, noun, "case");
        let own_conjunction = has_kid(w, kids, noun, |d| d.deprel == "cc");
        if let Some(h) = w[noun]
            .head
            .filter(|_| w[noun].deprel == "conj" && !own_conjunction)
        {
            w[noun].deprel = if is_nominal(&w[h]) { "nmod" } else { "obl" };
        }
    }
}

/// For an adjective at `a`, the later adjectives of the list it opens and
/// the words joining them (",", "and", "or"), when the list ends right
/// before a noun phrase (nouns only, headed by the last) that none of them
/// modifies but as the list's member; with that phrase's head.
fn adjective_list_after(w: &[Word], a: usize) -> Option<(Vec<usize>, Vec<usize>, usize)> {
    let (mut items, mut joins, mut conjunction) = (Vec::new(), Vec::new(), false);
    let mut i = a + 1;
    loop {
        let start = i;
        while i < w.len() && matches!(w[i].form.as_str(), "," | "and" | "or") {
            conjunction |= w[i].form != ",";
            joins.push(i);
            i += 1;
        }
        if i == start || i >= w.len() || w[i].upos != Upos::Adj {
            return None;
        }
        items.push(i);
        i += 1;
        if conjunction {
            break;
        }
    }
    let last = *items.last()?;
    // The noun phrase right after the list: its nouns, headed by the last.
    let noun = (last + 1..w.len())
        .take_while(|&k| is_nominal(&w[k]))
        .last()?;
    let in_list = |b: usize| match w[b].deprel {
        "amod" => w[b].head == Some(noun),
        "conj" => w[b].head.is_some_and(|h| h == a || items.contains(&h)),
        _ => false,
    };
    let compounds_only =
        (last + 1..noun).all(|k| w[k].head == Some(noun) && w[k].deprel == "compound");
    // Hanging the list on a noun inside it would make a cycle.
    let outside = !std::iter::once(a)
        .chain(items.iter().copied())
        .any(|x| dominates(w, x, noun));
    (items.iter().all(|&b| in_list(b)) && compounds_only && outside).then_some((items, joins, noun))
}

fn adjective_list_read_as_phrase(w: &mut [Word], kids: &mut Kids) {
    for a in 0..w.len() {
        // A predicate adjective heading a fragment ("Fast and friendly
        // service") is the treebank's reading, kept.
        if w[a].upos != Upos::Adj
            || !matches!(w[a].deprel, "obl" | "nmod" | "obj" | "appos" | "dep")
        {
            continue;
        }
        let Some((items, joins, noun)) = adjective_list_after(w, a) else {
            continue;
        };
        let cases: Vec<usize> = kids[a]
            .iter()
            .copied()
            .filter(|&k| w[k].deprel == "case" && k < a)
            .collect();
        // The phrase the adjective opened keeps the place the parser gave
        // it, preposition in view: its noun takes the adjective's.
        let Some(head) = w[a].head.filter(|&h| !dominates(w, noun, h)) else {
            continue;
        };
        let rel = match (cases.is_empty(), is_nominal(&w[head])) {
            (true, _) => w[a].deprel,
            (false, true) => "nmod",
            (false, false) => "obl",
        };
        reattach(w, kids, noun, head, rel);
        reattach(w, kids, a, noun, "amod");
        if !has_kid(w, kids, noun, |d| d.deprel == "case") {
            for k in cases {
                reattach(w, kids, k, noun, "case");
            }
        }
        for &b in &items {
            reattach(w, kids, b, a, "conj");
        }
        // Each joining word goes to the item after it.
        for j in joins {
            let Some(&next) = items.iter().find(|&&b| b > j) else {
                continue;
            };
            let rel = if w[j].form == "," { "punct" } else { "cc" };
            reattach(w, kids, j, next, rel);
        }
    }
}

const DEAL_PREPOSITIONS: &[&str] = &["from", "for", "with"];

fn worth_read_as_complement(w: &mut [Word], kids: &mut Kids) {
    for t in 1..w.len() {
        if !w[t].form.eq_ignore_ascii_case("worth") {
            continue;
        }
        // "a contract worth 40 crore with the ministry for guns": worth
        // rightly on its noun, the phrases after the amount still belong
        // to the noun.
        if let Some(n) = w[t]
            .head
            .filter(|&n| w[t].deprel == "amod" && matches!(w[n].upos, Upos::Noun | Upos::Propn))
        {
            let amount = t + 1;
            if amount < w.len() && w[amount].upos == Upos::Num {
                deal_phrases_to_noun(w, kids, t, amount, n);
            }
            continue;
        }
        let Some(v) = w[t].head.filter(|&v| w[v].upos == Upos::Verb) else {
            continue;
        };
        let Some(n) = phrase_before(w, t).filter(|&n| {
            w[n].head == Some(v)
                && w[n].deprel == "obj"
                && matches!(w[n].upos, Upos::Noun | Upos::Propn)
        }) else {
            continue;
        };
        let amount = t + 1;
        if amount >= w.len() || w[amount].upos != Upos::Num || dominates(w, amount, t) {
            continue;
        }
        reattach(w, kids, t, n, "amod");
        // "worth 40 mln dlrs": the amount may already head, or sit inside,
        // worth's object.
        let inside_object = kids[t]
            .iter()
            .any(|&o| w[o].deprel == "obj" && dominates(w, o, amount));
        if !inside_object {
            reattach(w, kids, amount, t, "obj");
        }
        deal_phrases_to_noun(w, kids, t, amount, n);
    }
}

/// The phrases after "worth"'s amount opened by a preposition of a deal
/// ("from", "for", "with") modify the noun the worth is of.
fn deal_phrases_to_noun(w: &mut [Word], kids: &mut Kids, t: usize, amount: usize, n: usize) {
    {
        let (_, last) = span(kids, t);
        for p in amount + 1..=last {
            // The preposition hangs on the noun or on its leading count.
            let count = kids[p]
                .iter()
                .copied()
                .find(|&c| c < p && w[c].deprel == "nummod");
            let opener = kids[p]
                .iter()
                .chain(count.map_or(&[][..], |c| &kids[c][..]))
                .copied()
                .find(|&c| w[c].deprel == "case")
                .filter(|&c| DEAL_PREPOSITIONS.contains(&w[c].form.to_lowercase().as_str()));
            let nominal = matches!(w[p].upos, Upos::Noun | Upos::Propn);
            if nominal && opener.is_some() && w[p].head != Some(n) && !dominates(w, p, n) {
                reattach(w, kids, p, n, "nmod");
            }
        }
    }
}

/// Verbs whose object is goods, never a clause.
const GOODS_VERBS: &[&str] = &[
    "acquire", "buy", "purchase", "order", "procure", "receive", "induct", "supply", "deliver",
    "sell", "export", "import", "operate", "field", "deploy", "lease", "obtain",
];

/// "The navy will acquire six radars mounted on its frigates": the parser
/// may make the participle a complement clause of the verb and the goods
/// its subject. A past participle with no auxiliary (so no clause of its
/// own), right after the noun the parse made its subject, under a verb
/// that takes no clause and has no object, describes that noun, which is
/// the verb's object.
fn object_read_as_subject_of_a_participle(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        let Some(h) = w[v].head.filter(|_| w[v].deprel == "ccomp") else {
            continue;
        };
        // The tagger may take the participle for a past tense; without
        // an object of its own, after a verb that takes goods and no
        // clause, it reads as a participle all the same ("saw how the
        // situation changed" is a clause).
        let goods_verb = GOODS_VERBS.contains(&w[h].lemma.as_str());
        let participle = w[v].upos == Upos::Verb
            && (w[v].xpos == "VBN"
                || (goods_verb
                    && w[v].xpos == "VBD"
                    && !has_kid(w, kids, v, |d| d.deprel == "obj")))
            && !has_kid(w, kids, v, |d| {
                d.deprel.starts_with("aux") || d.deprel == "mark"
            });
        let Some(n) = kids[v]
            .iter()
            .copied()
            .find(|&k| w[k].deprel.starts_with("nsubj") && span(kids, k).1 + 1 == v)
        else {
            continue;
        };
        let takes_clause = CLAUSE_TAKERS.contains(&w[h].lemma.as_str())
            || CLAUSE_TAKERS.contains(&w[v].lemma.as_str());
        // The noun follows its verb at once, as an object does.
        let (first, _) = span(kids, n);
        let object_place =
            first == h + 1 || (first > h + 1 && kids[v].iter().any(|&k| k < n && k == h + 1));
        let nominal = matches!(w[n].upos, Upos::Noun | Upos::Propn);
        if participle
            && nominal
            && object_place
            && w[h].upos == Upos::Verb
            && !takes_clause
            && !has_kid(w, kids, h, |d| d.deprel == "obj")
        {
            reattach(w, kids, n, h, "obj");
            reattach(w, kids, v, n, "acl");
            // A count or article the parse hung on the participle is the
            // noun's.
            for k in kids[v].clone().into_iter().filter(|&k| k < n) {
                let rel = w[k].deprel;
                reattach(w, kids, k, n, rel);
            }
        }
    }
}

/// "Pyongyang, for its part, supplied Iran with missiles": a subject, then
/// a phrase set off by commas, then the verb; the parser makes the
/// subject the root and hangs the verb on the phrase's noun as a
/// participle. A finite past or present form (or a participle with an
/// object and no auxiliary) with no subject of its own, right after the
/// comma closing a phrase on the root noun, is the verb:
/// the noun its subject, the phrase its oblique.
fn verb_hung_on_a_parenthetical(w: &mut [Word], kids: &mut Kids) {
    let Some(n) = (0..w.len()).find(|&i| w[i].head.is_none()) else {
        return;
    };
    if !matches!(w[n].upos, Upos::Noun | Upos::Propn) || has_kid(w, kids, n, |d| d.deprel == "cop")
    {
        return;
    }
    let found = kids[n].clone().into_iter().find_map(|x| {
        // The opening comma may hang on the phrase or on the noun.
        let (lo, hi) = span(kids, x);
        let first = (lo..=hi).find(|&k| w[k].upos != Upos::Punct).unwrap_or(lo);
        let opened = first > n + 1 && w[first - 1].form == ",";
        let v = kids[x].iter().copied().find(|&v| {
            // A past participle with an object of its own and no
            // auxiliary is a past tense the tagger took for one.
            let past = w[v].xpos == "VBN"
                && has_kid(w, kids, v, |d| d.deprel == "obj")
                && !has_kid(w, kids, v, |d| d.deprel.starts_with("aux"));
            w[v].deprel == "acl"
                && w[v].upos == Upos::Verb
                && (past || matches!(w[v].xpos, "VBD" | "VBZ" | "VBP"))
                && v.checked_sub(1).is_some_and(|c| w[c].form == ",")
                && !has_kid(w, kids, v, |d| is_subject(d.deprel) || d.deprel == "mark")
        })?;
        (opened && w[x].deprel == "nmod" && has_kid(w, kids, x, |d| d.deprel == "case"))
            .then_some((x, v))
    });
    let Some((x, v)) = found else {
        return;
    };
    kids[x].retain(|&k| k != v);
    w[v].head = None;
    w[v].deprel = "root";
    make_subject(w, kids, n, v);
    reattach(w, kids, x, v, "obl");
    for c in kids[n].clone().into_iter().filter(|&c| c > v) {
        let rel = w[c].deprel;
        reattach(w, kids, c, v, rel);
    }
}

/// "Saab offered the Gripen, Boeing its Super Hornet and Dassault its
/// Rafale": a clause that leaves its verb out (gapping) keeps a subject and
/// an object, and the parse reads the remnant subject as an apposition, a
/// conjunct or a name part, with the remnant object hung anywhere. A noun
/// after a comma or a conjunction, right before "its" or "their" owning the
/// next noun, in a clause whose verb has a subject and an object before
/// it, is such a remnant: the noun becomes a conjunct of the verb and the
/// owned noun its `orphan` (UD's relation for what a left-out verb would
/// govern). An object the parse hung on a noun conjunct of a verb is an
/// orphan too.
fn gapped_clause_read_as_apposition(w: &mut [Word], kids: &mut Kids) {
    for p in 1..w.len() {
        let owner = matches!(w[p].form.to_lowercase().as_str(), "its" | "their");
        let a = p - 1;
        let Some(h) = w[p].head.filter(|&h| h > p && is_nominal(&w[h])) else {
            continue;
        };
        if !owner || w[p].deprel != "nmod:poss" || !names_an_actor(w, kids, a) {
            continue;
        }
        let mut lo = a;
        while lo > 0
            && w[lo - 1].head == Some(a)
            && matches!(w[lo - 1].deprel, "det" | "compound" | "amod")
        {
            lo -= 1;
        }
        let opened = lo > 0 && (w[lo - 1].form == "," || w[lo - 1].upos == Upos::Cconj);
        let Some(v) = verb_above(w, a).filter(|&v| v < lo) else {
            continue;
        };
        let full = has_kid(w, kids, v, |d| is_subject(d.deprel))
            && kids[v]
                .iter()
                .any(|&o| w[o].deprel == "obj" && v < o && o < lo);
        if !opened || !full {
            continue;
        }
        reattach(w, kids, a, v, "conj");
        reattach(w, kids, h, a, "orphan");
        let mark = if w[lo - 1].form == "," { "punct" } else { "cc" };
        reattach(w, kids, lo - 1, a, mark);
    }
    for c in 0..w.len() {
        let Some(v) = w[c].head.filter(|&v| w[v].upos == Upos::Verb) else {
            continue;
        };
        let after_object = kids[v].iter().any(|&o| w[o].deprel == "obj" && o < c);
        if w[c].deprel != "conj" || !names_an_actor(w, kids, c) || !after_object {
            continue;
        }
        for o in kids[c].clone() {
            if w[o].deprel == "obj" && o > c && is_nominal(&w[o]) {
                w[o].deprel = "orphan";
            }
        }
    }
}

/// A name, or a noun with a determiner ("the navy"): what can stand as a
/// remnant subject, unlike a verb the tagger took for a noun.
fn names_an_actor(w: &[Word], kids: &Kids, a: usize) -> bool {
    w[a].upos == Upos::Propn
        || (w[a].upos == Upos::Noun && has_kid(w, kids, a, |d| d.deprel == "det"))
}

/// The nearest verb above word `i`.
fn verb_above(w: &[Word], i: usize) -> Option<usize> {
    let mut x = w[i].head?;
    for _ in 0..w.len() {
        if w[x].upos == Upos::Verb {
            return Some(x);
        }
        x = w[x].head?;
    }
    None
}

fn subject_read_as_root(w: &mut [Word], kids: &mut Kids) {
    let Some(n) = (0..w.len()).find(|&i| w[i].head.is_none()) else {
        return;
    };
    // A noun with a copula is a clause's predicate, not a subject.
    if !matches!(w[n].upos, Upos::Noun | Upos::Propn) || has_kid(w, kids, n, |d| d.deprel == "cop")
    {
        return;
    }
    let verb = kids[n].iter().copied().find(|&v| {
        let after_comma = matches!(w[v].deprel, "conj" | "parataxis")
            && is_finite_verb(w, kids, v)
            && v.checked_sub(1).is_some_and(|c| w[c].form == ",");
        v > n
            && (after_comma || past_form_with_object(w, kids, v))
            && !has_kid(w, kids, v, |d| is_subject(d.deprel) || d.deprel == "cc")
    });
    let Some(v) = verb else {
        return;
    };
    kids[n].retain(|&k| k != v);
    w[v].head = None;
    w[v].deprel = "root";
    make_subject(w, kids, n, v);
    for c in kids[n].clone().into_iter().filter(|&c| c > v) {
        let rel = w[c].deprel;
        reattach(w, kids, c, v, rel);
    }
}

/// "The navy commissioned its first corvette": a past form hung on the
/// noun before it as a reduced relative, though it has a direct object of
/// its own (a passive participle takes none) and nothing but the noun's
/// own phrase stands between them.
fn past_form_with_object(w: &[Word], kids: &Kids, v: usize) -> bool {
    w[v].deprel == "acl"
        && w[v].upos == Upos::Verb
        && matches!(w[v].xpos, "VBN" | "VBD")
        && w[v].form.ends_with("ed")
        && has_kid(w, kids, v, |d| d.deprel == "obj")
        && !has_kid(w, kids, v, |d| {
            d.deprel.starts_with("aux") || d.deprel == "mark"
        })
        && w[v].head.is_some_and(|n| {
            (n + 1..v).all(|k| dominates(w, n, k) && !dominates(w, v, k) && w[k].form != ",")
        })
}

/// "The first of six jets ordered in 2016 was delivered to the navy": the
/// parser may read the reduced relative "ordered" as the main verb and the
/// passive clause after it as its complement, with no subject. A root past
/// form with a subject and no object, whose clausal complement (or
/// parataxis) after it is passive and subjectless, is a relative on its
/// subject; the passive is the sentence's verb.
fn reduced_relative_read_as_verb(w: &mut [Word], kids: &mut Kids) {
    let Some(r) = (0..w.len()).find(|&i| w[i].head.is_none()) else {
        return;
    };
    let past =
        w[r].upos == Upos::Verb && matches!(w[r].xpos, "VBN" | "VBD") && w[r].form.ends_with("ed");
    let Some(s) = kids[r].iter().copied().find(|&c| w[c].deprel == "nsubj") else {
        return;
    };
    // A verb of saying takes its clause: "X reported that ... were found".
    let reporting = REPORTING.contains(&w[r].lemma.as_str());
    if !past
        || reporting
        || has_kid(w, kids, r, |d| {
            d.deprel == "obj" || d.deprel.starts_with("aux")
        })
    {
        return;
    }
    let passive = kids[r].iter().copied().find(|&v| {
        v > r
            && matches!(w[v].deprel, "ccomp" | "parataxis")
            && has_kid(w, kids, v, |d| d.deprel == "aux:pass")
            && !has_kid(w, kids, v, |d| is_subject(d.deprel))
    });
    let Some(v) = passive else {
        return;
    };
    kids[r].retain(|&k| k != v);
    w[v].head = None;
    w[v].deprel = "root";
    reattach(w, kids, s, v, "nsubj:pass");
    reattach(w, kids, r, s, "acl");
    for c in kids[r].clone().into_iter().filter(|&c| c > v) {
        let rel = w[c].deprel;
        reattach(w, kids, c, v, rel);
    }
}

/// Words that open a noun of time used as an adverbial ("last month").
const TIME_OPENERS: &[&str] = &["last", "next", "this", "every", "each", "that"];

/// "visited Uganda last month": a noun can only modify a noun of time
/// from before its own opener, never across it ("Uganda last month" is no
/// kind of month). A compound so placed, on a bare time noun hanging off
/// a verb that has no object, is that verb's object.
fn object_read_as_part_of_a_time(w: &mut [Word], kids: &mut Kids) {
    for c in 0..w.len() {
        let Some(h) = w[c].head.filter(|&h| h > c + 1) else {
            continue;
        };
        let Some(v) = w[h].head.filter(|&v| v < c) else {
            continue;
        };
        let time = BARE_ADVERBIAL_NOUNS.contains(&w[h].lemma.as_str());
        let opener = kids[h]
            .iter()
            .any(|&k| c < k && k < h && TIME_OPENERS.contains(&w[k].lemma.to_lowercase().as_str()));
        let free_verb = w[v].upos == Upos::Verb && !has_kid(w, kids, v, |d| d.deprel == "obj");
        // Nothing of the time's own phrase before it ("to the US next
        // month" is one phrase the parser built around "month").
        let bare = !has_kid(w, kids, c, |d| d.deprel == "case") && !kids[h].iter().any(|&k| k < c);
        if w[c].deprel == "compound" && is_nominal(&w[c]) && bare && time && opener && free_verb {
            reattach(w, kids, c, v, "obj");
        }
    }
}

fn phrase_read_as_part_of_a_time(w: &mut [Word], kids: &mut Kids) {
    for c in 0..w.len() {
        let Some(h) = w[c].head.filter(|&h| h > c + 1) else {
            continue;
        };
        let Some(v) = w[h].head.filter(|&v| v < c && w[v].upos == Upos::Verb) else {
            continue;
        };
        let time = BARE_ADVERBIAL_NOUNS.contains(&w[h].lemma.as_str());
        let opener = kids[h]
            .iter()
            .any(|&k| c < k && k < h && TIME_OPENERS.contains(&w[k].lemma.to_lowercase().as_str()));
        let own_phrase = has_kid(w, kids, c, |d| d.deprel == "case");
        if w[c].deprel == "compound" && is_nominal(&w[c]) && own_phrase && time && opener {
            reattach(w, kids, c, v, "obl");
        }
    }
}

/// "signed a contract for two aircraft, adding to the pair delivered in
/// 2023": a past participle right after a noun, with no subject, auxiliary,
/// marker or object of its own, read as a clause of the verb far above,
/// is a reduced relative on that noun (the pair was delivered). The verb
/// above must have its subject: a subjectless one ("Work services ...
/// commenced", read as an imperative) is a parse too broken to mend here.
fn participle_read_as_clause_of_the_verb(w: &mut [Word], kids: &mut Kids) {
    for v in 1..w.len() {
        let n = v - 1;
        let bare_participle = w[v].deprel == "advcl"
            && w[v].upos == Upos::Verb
            && matches!(w[v].xpos, "VBN" | "VBD")
            && w[v].form.ends_with("ed")
            && !has_kid(w, kids, v, |d| {
                is_subject(d.deprel)
                    || d.deprel.starts_with("aux")
                    || d.deprel == "mark"
                    || d.deprel == "obj"
                    || d.deprel == "cop"
                    || d.deprel == "xcomp"
                    || d.deprel == "conj"
            });
        // A list's later item ("India and Pakistan agreed") is a subject
        // the parser lost, not a noun a relative hangs on.
        let noun_before = matches!(w[n].upos, Upos::Noun | Upos::Propn)
            && w[n].deprel != "conj"
            && w[n].head.is_some_and(|h| h != v)
            && w[v].head.is_some_and(|h| {
                h < n && dominates(w, h, n) && has_kid(w, kids, h, |d| is_subject(d.deprel))
            });
        if bare_participle && noun_before {
            reattach(w, kids, v, n, "acl");
        }
    }
}

/// "supplied by HAL to the Army and the Air Force" with "to the Army" hung
/// on the agent's name and "the Air Force" coordinated with the agent: in
/// a clause of giving, a name takes no "to" phrase; the phrase is the
/// verb's, and what follows it in coordination joins it, not the agent.
fn recipient_read_as_part_of_the_agent(w: &mut [Word], kids: &mut Kids) {
    for a in 0..w.len() {
        let Some(v) = w[a].head.filter(|&v| w[v].upos == Upos::Verb) else {
            continue;
        };
        // Only a verb of giving has a recipient to lose; a title's "to"
        // ("the High Commissioner to India") stays on it.
        let giving = matches!(
            w[v].lemma.as_str(),
            "supply"
                | "sell"
                | "deliver"
                | "export"
                | "transfer"
                | "provide"
                | "hand"
                | "gift"
                | "donate"
                | "lease"
                | "lend"
                | "loan"
                | "send"
                | "ship"
                | "offer"
        );
        if w[a].deprel != "obl:agent" || w[a].upos != Upos::Propn || !giving {
            continue;
        }
        let to_phrase = kids[a].iter().copied().find(|&t| {
            t > a
                && w[t].deprel == "nmod"
                && is_nominal(&w[t])
                && kids[t]
                    .iter()
                    .any(|&k| w[k].deprel == "case" && w[k].form.eq_ignore_ascii_case("to"))
        });
        let Some(t) = to_phrase else {
            continue;
        };
        let later: Vec<usize> = kids[a]
            .iter()
            .copied()
            .filter(|&c| c > t && w[c].deprel == "conj")
            .collect();
        reattach(w, kids, t, v, "obl");
        for c in later {
            reattach(w, kids, c, t, "conj");
        }
    }
}

fn agent_on_a_name(w: &mut [Word], kids: &mut Kids) {
    for b in 0..w.len() {
        let Some(name) = w[b].head.filter(|&n| n < b && w[n].upos == Upos::Propn) else {
            continue;
        };
        let by = kids[b]
            .iter()
            .any(|&k| w[k].deprel == "case" && w[k].form.eq_ignore_ascii_case("by"));
        // "Fly by Wire" is one term, no agent.
        let term =
            w[name].form.eq_ignore_ascii_case("fly") && w[b].form.eq_ignore_ascii_case("wire");
        if !by || term || w[b].deprel != "nmod" || !is_nominal(&w[b]) {
            continue;
        }
        if let Some((head, rel)) = agent_host(w, kids, name) {
            reattach(w, kids, b, head, rel);
        }
    }
}

/// Where an agent found on `name` belongs: the first verb above it, or the
/// event noun whose "of" phrase holds the way up ("the supply of shells
/// to Armenia").
fn agent_host(w: &[Word], kids: &Kids, name: usize) -> Option<(usize, &'static str)> {
    let mut x = name;
    for _ in 0..w.len() {
        let h = w[x].head?;
        if w[h].upos == Upos::Verb {
            let passive = has_kid(w, kids, h, |d| d.deprel == "aux:pass");
            return Some((h, if passive { "obl:agent" } else { "obl" }));
        }
        let of = kids[x]
            .iter()
            .any(|&k| w[k].deprel == "case" && w[k].form.eq_ignore_ascii_case("of"));
        if of && w[h].upos == Upos::Noun {
            return Some((h, "nmod"));
        }
        if !matches!(w[h].upos, Upos::Noun | Upos::Propn) {
            return None;
        }
        x = h;
    }
    None
}

fn perfect_read_as_main_verb(w: &mut [Word], kids: &mut Kids) {
    for have in 0..w.len() {
        let form = w[have].form.to_lowercase();
        if !matches!(form.as_str(), "has" | "have" | "had") || w[have].upos != Upos::Verb {
            continue;
        }
        if has_kid(w, kids, have, |d| d.deprel == "obj") {
            continue;
        }
        let Some(v) = kids[have].iter().copied().find(|&k| {
            k > have
                && w[k].deprel == "xcomp"
                && w[k].xpos == "VBN"
                && (have + 1..k).all(|x| w[x].xpos == "HYPH" || w[x + 1].xpos == "HYPH")
        }) else {
            continue;
        };
        make_perfect(w, kids, have, v);
    }
}

/// `have` becomes the auxiliary of participle `v`, which takes its place,
/// relation and dependents.
fn make_perfect(w: &mut [Word], kids: &mut Kids, have: usize, v: usize) {
    let (head, rel) = (w[have].head, w[have].deprel);
    for k in kids[have].clone().into_iter().filter(|&k| k != v) {
        let r = w[k].deprel;
        reattach(w, kids, k, v, r);
    }
    if let Some(old) = w[v].head {
        kids[old].retain(|&k| k != v);
    }
    w[v].head = head;
    w[v].deprel = rel;
    if let Some(h) = head.filter(|&h| h < kids.len()) {
        kids[h].retain(|&k| k != have);
        kids[h].push(v);
    }
    w[have].head = None;
    reattach(w, kids, have, v, "aux");
    w[have].upos = Upos::Aux;
}

/// "Chile and Peru have each ordered the system": a participle after
/// "have" (only a floating "each", "also" or the like between) read as a
/// modifier of the object, though the object's determiner, number or
/// possessor comes after it, where no modifier can stand. The participle
/// is the verb, "have" its auxiliary, the noun its object.
fn participle_read_as_modifier_after_have(w: &mut [Word], kids: &mut Kids) {
    for have in 0..w.len() {
        let form = w[have].form.to_lowercase();
        if !matches!(form.as_str(), "has" | "have" | "had") || w[have].upos != Upos::Verb {
            continue;
        }
        let Some(o) = kids[have].iter().copied().find(|&k| w[k].deprel == "obj") else {
            continue;
        };
        let Some(v) = kids[o].iter().copied().find(|&k| {
            k > have
                && k < o
                && w[k].deprel == "amod"
                && w[k].upos == Upos::Verb
                && w[k].xpos == "VBN"
                && (have + 1..k).all(|x| matches!(w[x].xpos, "DT" | "PDT" | "RB"))
        }) else {
            continue;
        };
        let opener_after = kids[o]
            .iter()
            .any(|&k| k > v && k < o && matches!(w[k].deprel, "det" | "nummod" | "nmod:poss"));
        if !opener_after {
            continue;
        }
        make_perfect(w, kids, have, v);
        // The object was "have"'s and has moved with it; make sure.
        reattach(w, kids, o, v, "obj");
    }
}

fn preposition_read_as_marker_of_a_second_subject(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        let subjects: Vec<usize> = kids[v]
            .iter()
            .copied()
            .filter(|&k| k < v && is_subject(w[k].deprel) && is_nominal(&w[k]))
            .collect();
        let [a, b] = subjects.as_slice() else {
            continue;
        };
        let first = *a.min(b);
        let (start, _) = span(kids, first);
        // "As Ana says", "with Acme taking over": a subordinating "as" and
        // a "with" clause keep their subjects.
        // The subject's own modifiers the parser hung on the verb ("with
        // Switzerland's Oerlikon") may stand between.
        let modifier = |x: usize| {
            w[x].head == Some(v) && matches!(w[x].deprel, "nmod:poss" | "det" | "amod" | "compound")
        };
        let mut opener = start;
        while let Some(m) = kids[v]
            .iter()
            .copied()
            .find(|&m| modifier(m) && span(kids, m).1 + 1 == opener)
        {
            opener = span(kids, m).0;
        }
        let Some(adp) = kids[v].iter().copied().find(|&k| {
            k + 1 == opener
                && w[k].deprel == "mark"
                && w[k].upos == Upos::Adp
                && !w[k].form.eq_ignore_ascii_case("as")
        }) else {
            continue;
        };
        if !is_finite_verb(w, kids, v) {
            continue;
        }
        let moved: Vec<usize> = (opener..start).filter(|&x| modifier(x)).collect();
        for x in moved {
            let r = w[x].deprel;
            reattach(w, kids, x, first, r);
        }
        let host = w[v]
            .head
            .filter(|&h| h < start && matches!(w[v].deprel, "ccomp" | "parataxis"))
            .unwrap_or(v);
        reattach(w, kids, adp, first, "case");
        reattach(w, kids, first, host, "obl");
    }
}

/// One verb has one direct object: of two nominal objects side by side
/// ("submit its F-15EX Eagle fighter jets"), the first is a name or
/// modifier of the second, unless the second opens a phrase of its own
/// (an article, possessive or number: "gave the navy two boats" is a
/// receiver and goods).
fn name_read_as_second_object(w: &mut [Word], kids: &mut Kids) {
    // The first must be a name or designation, not a phrase of its own
    // ("negotiated the purchase of a batch of tanks").
    let own_phrase = ["nmod", "acl", "acl:relcl", "case"];
    bare_name_beside_its_head(w, kids, |r| r == "obj", &own_phrase);
}

/// One verb has one direct object and one subject: of two, one set off by
/// commas and opened by an article right after a name describes that name,
/// an apposition ("taking delivery of Surat, the fourth destroyer, from
/// ...", "After buying Tabuk, the second corvette, the navy ...").
fn apposition_read_as_second_argument(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        for rel in ["obj", "nsubj"] {
            let Some((a, b)) = two_nominal(w, kids, v, |r| r == rel) else {
                continue;
            };
            let found = [(b, a), (a, b)]
                .into_iter()
                .find_map(|(x, other)| apposed_name(w, kids, x, other).map(|t| (x, t)));
            if let Some((x, t)) = found {
                let comma = span(kids, x).0 - 1;
                reattach(w, kids, x, t, "appos");
                reattach(w, kids, comma, x, "punct");
                break;
            }
        }
    }
}

/// The name nominal `x` stands in apposition to: `x` opens with an
/// article right after a comma, ends at a comma or the sentence's end,
/// and the comma closes a phrase headed by a name outside `x` and `other`.
/// A common noun before the comma more often ends a fronted clause ("To
/// reach higher speeds, the company plans ...").
fn apposed_name(w: &[Word], kids: &Kids, x: usize, other: usize) -> Option<usize> {
    let (first, last) = span(kids, x);
    let comma = first.checked_sub(1)?;
    let opened =
        w[first].upos == Upos::Det && matches!(w[first].lemma.as_str(), "the" | "a" | "an");
    // The closing comma may hang inside `x` or follow it.
    let closed = w[last].form == ","
        || w.get(last + 1)
            .is_none_or(|n| matches!(n.form.as_str(), "," | "." | ";"));
    if w[comma].form != "," || !opened || !closed {
        return None;
    }
    let t = phrase_head_ending_at(w, comma.checked_sub(1)?)?;
    let (of, ol) = span(kids, other);
    let outside_other = t == other || !(of..=ol).contains(&t);
    (w[t].upos == Upos::Propn && t != x && (outside_other || span(kids, other).1 + 1 == comma))
        .then_some(t)
}

fn title_read_as_second_subject(w: &mut [Word], kids: &mut Kids) {
    // The first is a bare title or name, no phrase or list of its own.
    let own_phrase = ["nmod", "acl", "acl:relcl", "case", "conj", "cc"];
    bare_name_beside_its_head(w, kids, is_subject, &own_phrase);
}

/// "Swedish company Saab called off the sale": a common noun right before
/// a name describes it (`nmod:desc`, as "defence minister Rajnath Singh").
/// The parser, which rarely saw the construction, reads the noun either as
/// a second subject of the verb or as the sentence's head with the name's
/// clause a relative on it; in both the name is the subject and the noun
/// hangs on it.
fn descriptor_read_as_head_of_its_name(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        if let Some((a, b)) = two_nominal(w, kids, v, is_subject) {
            let complete = has_kid(w, kids, v, |d| matches!(d.deprel, "obj" | "cop"));
            if describes_name(w, kids, a, b) && (complete || !determined(w, kids, a)) {
                reattach(w, kids, a, b, "nmod:desc");
            }
        }
    }
    for v in 0..w.len() {
        let Some(n) = w[v].head.filter(|_| w[v].deprel == "acl:relcl") else {
            continue;
        };
        // "said Russian firm X had signed": the noun read as the object of
        // a verb of saying heads its complement clause.
        let reported = w[n].deprel == "obj"
            && w[n]
                .head
                .is_some_and(|h| CLAUSE_TAKERS.contains(&w[h].lemma.as_str()));
        let clause_level =
            reported || w[n].head.is_none() || matches!(w[n].deprel, "ccomp" | "conj");
        let relativizer = has_kid(w, kids, v, |d| {
            matches!(d.upos, Upos::Pron | Upos::Sconj) || d.deprel == "mark"
        });
        let name = kids[v]
            .iter()
            .copied()
            .find(|&p| is_subject(w[p].deprel) && describes_name(w, kids, n, p));
        // "the jets Egypt bought": a true relative without a relative word
        // leaves a gap where its noun would stand, most often the object;
        // a bare noun ("Swedish company Saab") is a title whatever follows.
        let gapless = has_kid(w, kids, v, |d| d.deprel == "obj") || !determined(w, kids, n);
        if let (Some(p), true, false, true, true) = (
            name,
            clause_level,
            relativizer,
            gapless,
            is_finite_verb(w, kids, v),
        ) {
            take_place_of(w, kids, v, n);
            if reported {
                w[v].deprel = "ccomp";
            }
            reattach(w, kids, n, p, "nmod:desc");
        }
    }
}

/// Whether noun `n` opens with an article or number ("the role", "one
/// reason"): such a noun before a name and its clause is more often the
/// relative's missing object ("the role India will play") than a title.
fn determined(w: &[Word], kids: &Kids, n: usize) -> bool {
    has_kid(w, kids, n, |d| matches!(d.upos, Upos::Det | Upos::Num))
}

/// Whether common noun `a` stands right before the name `b` (with its
/// capitalised words: "company Naval Group"), bare of any phrase after it
/// ("company Saab", not "the company, Saab" or "talks with firm X"), and
/// is neither a time ("this year India") nor a predicate.
fn describes_name(w: &[Word], kids: &Kids, a: usize, b: usize) -> bool {
    let name_first = span(kids, b).0;
    w[a].upos == Upos::Noun
        && w[a].form.starts_with(|c: char| c.is_lowercase())
        && w[a].form.chars().all(|c| c.is_alphabetic() || c == '-')
        && !is_time_word(&w[a].lemma)
        && !has_kid(w, kids, a, |d| d.deprel == "cop")
        && w[b].upos == Upos::Propn
        && a + 1 == name_first
        && (name_first..b).all(|k| w[k].form.starts_with(|c: char| c.is_uppercase()))
}

/// Verb `v`, a dependent of noun `n`, takes `n`'s place in the tree with
/// the dependents of `n` that follow `v`.
fn take_place_of(w: &mut [Word], kids: &mut Kids, v: usize, n: usize) {
    kids[n].retain(|&k| k != v);
    w[v].head = w[n].head;
    w[v].deprel = w[n].deprel;
    if let Some(h) = w[n].head {
        kids[h].retain(|&k| k != n);
        kids[h].push(v);
    }
    for c in kids[n].clone().into_iter().filter(|&c| c > v) {
        let r = w[c].deprel;
        reattach(w, kids, c, v, r);
    }
}

/// Two nominal dependents of one verb in relation `rel`, in text order.
fn two_nominal(
    w: &[Word],
    kids: &Kids,
    v: usize,
    rel: impl Fn(&str) -> bool,
) -> Option<(usize, usize)> {
    let found: Vec<usize> = kids[v]
        .iter()
        .copied()
        .filter(|&d| rel(w[d].deprel) && is_nominal(&w[d]))
        .collect();
    let [a, b] = found[..] else {
        return None;
    };
    Some((a.min(b), a.max(b)))
}

/// Of two nominal dependents of a verb in relation `rel` side by side, the
/// first, a bare capitalised word with none of `own_phrase` below it,
/// modifies the second (`compound`), unless the second opens a phrase of
/// its own with an article, possessive or number.
fn bare_name_beside_its_head(
    w: &mut [Word],
    kids: &mut Kids,
    rel: impl Fn(&str) -> bool + Copy,
    own_phrase: &[&str],
) {
    for v in 0..w.len() {
        let Some((a, b)) = two_nominal(w, kids, v, rel) else {
            continue;
        };
        let (b_first, _) = span(kids, b);
        let opens_own =
            b_first != b && matches!(w[b_first].upos, Upos::Det | Upos::Num | Upos::Pron);
        let name = w[a].form.starts_with(|c: char| c.is_uppercase())
            && !has_kid(w, kids, a, |d| own_phrase.contains(&d.deprel));
        if span(kids, a).1 + 1 == b_first && !opens_own && name {
            reattach(w, kids, a, b, "compound");
        }
    }
}

/// Nouns of time and degree that stand bare as obliques ("a week", "two
/// years", "a lot").
const BARE_ADVERBIAL_NOUNS: &[&str] = &[
    "second", "minute", "hour", "day", "week", "weekend", "month", "quarter", "year", "decade",
    "century", "time", "morning", "evening", "night", "season", "term", "lot", "bit", "way",
];

/// Verbs whose receiver may stand bare before the goods ("awarded Acme a
/// contract", "sold India a supercomputer").
const GIVING_VERBS: &[&str] = &[
    "award", "give", "grant", "sell", "offer", "hand", "send", "pay", "lend", "loan", "owe",
    "promise", "gift", "issue", "assign", "allot", "win", "deny", "bring",
];

fn second_object_read_as_oblique(w: &mut [Word], kids: &mut Kids) {
    for n in 0..w.len() {
        // Two objects side by side ("awarded Acme a contract") are the
        // same construction read with the receiver as a second object.
        let bare = matches!(w[n].deprel, "obl:unmarked" | "obl:npmod" | "obl" | "obj")
            && is_nominal(&w[n])
            && !has_kid(w, kids, n, |d| d.deprel == "case");
        let Some(v) = w[n].head.filter(|&h| h < n) else {
            continue;
        };
        if !bare || w[v].upos != Upos::Verb || BARE_ADVERBIAL_NOUNS.contains(&w[n].lemma.as_str()) {
            continue;
        }
        let (first, _) = span(kids, n);
        let opened = w[first].upos == Upos::Num
            || (w[first].upos == Upos::Det
                && matches!(w[first].lemma.as_str(), "a" | "an" | "another"));
        let object = kids[v]
            .iter()
            .copied()
            .find(|&o| w[o].deprel == "obj" && o < n && span(kids, o).1 + 1 == first);
        // Two objects: only a receiver told bare ("Acme", "the navy") makes
        // the first; "replace the fleet with jets, a new type" is an
        // object and an apposition read apart.
        // "make it a success" is an object and its predicate, not two
        // objects: only verbs of giving take a receiver so.
        let receiver_bare = |o: usize| {
            w[n].deprel != "obj"
                || (GIVING_VERBS.contains(&w[v].lemma.as_str())
                    && !has_kid(w, kids, o, |d| {
                        d.deprel.starts_with("nmod") || d.deprel.starts_with("acl")
                    }))
        };
        if let (true, Some(o)) = (opened, object.filter(|&o| receiver_bare(o))) {
            w[o].deprel = "iobj";
            w[n].deprel = "obj";
        }
    }
}

fn reported_clause_read_as_relative(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        let participle = w[v].upos == Upos::Verb && matches!(w[v].xpos, "VBN" | "VBD");
        if !participle || w[v].deprel != "acl" {
            continue;
        }
        let Some(n) = w[v].head.filter(|&h| h < v) else {
            continue;
        };
        let Some(say) = w[n].head.filter(|&h| h < n) else {
            continue;
        };
        let reported = w[say].upos == Upos::Verb && REPORTING.contains(&w[say].lemma.as_str());
        // The noun phrase, without the participle, ends right before it.
        let noun_end = kids[n]
            .iter()
            .filter(|&&k| k != v)
            .map(|&k| span(kids, k).1)
            .fold(n, usize::max);
        if !reported || w[n].deprel != "obj" || !is_nominal(&w[n]) || noun_end + 1 != v {
            continue;
        }
        let own_object = has_kid(w, kids, v, |d| d.deprel == "obj");
        let clause_marked = has_kid(w, kids, v, |d| {
            is_subject(d.deprel) || d.deprel.starts_with("aux") || d.deprel == "mark"
        });
        if !own_object || clause_marked {
            continue;
        }
        reattach(w, kids, v, say, "ccomp");
        reattach(w, kids, n, v, "nsubj");
        w[v].xpos = "VBD";
    }
}

fn is_nominal(x: &Word) -> bool {
    matches!(x.upos, Upos::Noun | Upos::Propn)
}

/// A word written like a designation: a digit, a hyphen or two capitals
/// in a row ("MiG-29K", "TB3", "AMCA").
fn designation_like(form: &str) -> bool {
    let caps = form.chars().filter(char::is_ascii_uppercase).count();
    form.starts_with(|c: char| c.is_uppercase())
        && (form.contains(|c: char| c.is_ascii_digit()) || form.contains('-') || caps >= 2)
}

/// "the MiG-29K and Su-30MKI aircraft", read with the first designation as
/// the head and "aircraft" its conjunct: the two designations share the
/// noun after the second, so the noun heads them both (the first its
/// `compound`, the second that one's conjunct) and takes the first's place
/// and its determiners.
fn designations_sharing_a_noun_read_as_conjuncts(w: &mut [Word], kids: &mut Kids) {
    for z in 2..w.len() {
        let (y, cc) = (z - 1, z - 2);
        let Some(x) = w[z].head.filter(|&h| h < cc) else {
            continue;
        };
        let shape = w[z].deprel == "conj"
            && w[z].upos == Upos::Noun
            && w[z].form.starts_with(|c: char| c.is_lowercase())
            && w[y].head == Some(z)
            && w[y].deprel == "compound"
            && w[cc].head == Some(z)
            && w[cc].deprel == "cc"
            && is_nominal(&w[x])
            && designation_like(&w[x].form)
            && designation_like(&w[y].form)
            // The noun has nothing of its own but the second designation
            // and the conjunction: "a landing craft" is a phrase apart.
            && kids[z].iter().all(|&k| k == y || k == cc || w[k].deprel == "punct");
        // The first designation ends its own phrase right before the
        // conjunction (no phrase after it: "the F-16 of Chile and ...").
        let own_end = kids[x]
            .iter()
            .filter(|&&k| k < z)
            .map(|&k| span(kids, k).1)
            .fold(x, usize::max);
        if !shape || own_end + 1 != cc {
            continue;
        }
        let (head, rel) = (w[x].head, w[x].deprel);
        w[z].head = None;
        kids[x].retain(|&k| k != z);
        match head {
            Some(h) => reattach(w, kids, z, h, rel),
            None => {
                w[z].head = None;
                w[z].deprel = rel;
            }
        }
        let moved: Vec<usize> = kids[x]
            .iter()
            .copied()
            .filter(|&k| {
                (k < x
                    && matches!(
                        w[k].deprel,
                        "det" | "cc:preconj" | "nmod:poss" | "amod" | "nummod"
                    ))
                    || k > z
            })
            .collect();
        for k in moved {
            let rel = w[k].deprel;
            reattach(w, kids, k, z, rel);
        }
        reattach(w, kids, x, z, "compound");
        reattach(w, kids, y, x, "conj");
        reattach(w, kids, cc, y, "cc");
    }
}

fn list_item_read_as_clause_conjunct(w: &mut [Word], kids: &mut Kids) {
    for n in 0..w.len() {
        let Some(v) = w[n].head.filter(|&h| h < n) else {
            continue;
        };
        if w[n].deprel != "conj" || !is_nominal(&w[n]) || w[v].upos != Upos::Verb {
            continue;
        }
        if has_kid(w, kids, n, |d| is_subject(d.deprel) || d.deprel == "cop") {
            continue;
        }
        // The comma opening the item (often the item's own punct), and
        // the noun phrase it closes.
        let (first, _) = span(kids, n);
        let comma = if w[first].form == "," {
            first
        } else {
            match first.checked_sub(1).filter(|&c| w[c].form == ",") {
                Some(c) => c,
                None => continue,
            }
        };
        let Some(before) = comma.checked_sub(1) else {
            continue;
        };
        let Some(item) = phrase_head_ending_at(w, before) else {
            continue;
        };
        let Some(list) = w[item].head.filter(|&h| h < item) else {
            continue;
        };
        if w[item].deprel != "conj" || !is_nominal(&w[item]) || !is_nominal(&w[list]) {
            continue;
        }
        let later: Vec<usize> = kids[n]
            .iter()
            .copied()
            .filter(|&k| w[k].deprel == "conj" && k > n)
            .collect();
        reattach(w, kids, n, list, "conj");
        for k in later {
            reattach(w, kids, k, list, "conj");
        }
    }
}

/// Relations the parser gives a list's middle item it misreads; `appos`
/// too, but only hung on a word before the phrase the comma closes ("two
/// statues, a bronze one and a marble one" explains the noun before it
/// with a list of its own).
const MIDDLE_ITEM_MISREAD_AS: &[&str] = &["xcomp", "obj", "obl", "dep", "parataxis", "vocative"];

fn middle_list_item_read_as_complement(w: &mut [Word], kids: &mut Kids) {
    for n in 0..w.len() {
        let Some(v) = w[n].head.filter(|&h| h < n) else {
            continue;
        };
        // An apposition explains the phrase right before its comma; one
        // hung further back ("the contract, which buys for the navy, the
        // army and ...") is a list item misread too.
        let appos = w[n].deprel == "appos";
        if !(MIDDLE_ITEM_MISREAD_AS.contains(&w[n].deprel) || appos) || !is_nominal(&w[n]) {
            continue;
        }
        let own = |d: &Word| is_subject(d.deprel) || matches!(d.deprel, "cop" | "case" | "mark");
        if has_kid(w, kids, n, own) {
            continue;
        }
        let Some((item, later)) = list_before_comma(w, kids, n) else {
            continue;
        };
        if item <= v || !is_nominal(&w[item]) || dominates(w, n, item) {
            continue;
        }
        if appos && !inside_a_clause_of(w, item, v) {
            continue;
        }
        join_list(w, kids, item, n, later);
    }
}

/// Whether `item` hangs on `top` through a verb (a clause on it), not
/// through nouns only ("statues of David": the phrase is the noun's).
fn inside_a_clause_of(w: &[Word], item: usize, top: usize) -> bool {
    let mut at = item;
    for _ in 0..w.len() {
        match w[at].head {
            Some(h) if h == top => return false,
            Some(h) => {
                if w[h].upos == Upos::Verb {
                    return true;
                }
                at = h;
            }
            None => return false,
        }
    }
    false
}

fn middle_list_item_read_as_second_subject(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        let Some((a, n)) = two_nominal(w, kids, v, is_subject) else {
            continue;
        };
        // "ordered missiles from Israel, Meteors from MBDA and a batch of
        // Astras, sources said": the list's middle item read as a first
        // subject of the verb of saying, beside its real one; the comma
        // before it closes an item of the clause reported.
        if let Some((mut item, later)) = list_before_comma(w, kids, a) {
            // The whole item, with its own `from` or `of` phrase.
            while let Some(h) = w[item]
                .head
                .filter(|&h| h < item && w[item].deprel == "nmod" && is_nominal(&w[h]))
            {
                item = h;
            }
            let reported = kids[v].iter().any(|&c| {
                c < a && matches!(w[c].deprel, "ccomp" | "parataxis") && dominates(w, c, item)
            });
            if reported {
                join_list(w, kids, item, a, later);
                continue;
            }
        }
        // The comma opening the item closes a noun inside the first subject.
        let Some((item, later)) = list_before_comma(w, kids, n) else {
            continue;
        };
        if !dominates(w, a, item) {
            continue;
        }
        // "Both states, Chile and Peru, agreed": names after a
        // common noun subject say which ones it means.
        if item == a && w[a].upos == Upos::Noun && w[n].upos == Upos::Propn {
            reattach(w, kids, n, a, "appos");
            continue;
        }
        join_list(w, kids, item, n, later);
    }
}

/// For a noun `n` heading an "and"/"or" list of its own right after a
/// comma, the head of the noun phrase the comma closes, and `n`'s later
/// conjuncts: `n` may be the middle of a list that phrase began.
fn list_before_comma(w: &[Word], kids: &Kids, n: usize) -> Option<(usize, Vec<usize>)> {
    let later: Vec<usize> = kids[n]
        .iter()
        .copied()
        .filter(|&k| w[k].deprel == "conj" && k > n && is_nominal(&w[k]))
        .collect();
    let joined = |k: usize| has_kid(w, kids, k, |d| matches!(d.form.as_str(), "and" | "or"));
    if !later.iter().any(|&k| joined(k)) {
        return None;
    }
    // The comma opening the item (often the item's own punct).
    let (first, _) = span(kids, n);
    let comma = if w[first].form == "," {
        Some(first)
    } else {
        first.checked_sub(1).filter(|&c| w[c].form == ",")
    };
    let item = comma
        .and_then(|c| c.checked_sub(1))
        .and_then(|b| phrase_head_ending_at(w, b))?;
    Some((item, later))
}

/// Joins `n` and its `later` conjuncts to the list `item` is in (as
/// conjuncts of its first member).
fn join_list(w: &mut [Word], kids: &mut Kids, item: usize, n: usize, later: Vec<usize>) {
    let head = match w[item].head {
        Some(h) if w[item].deprel == "conj" && is_nominal(&w[h]) => h,
        _ => item,
    };
    reattach(w, kids, n, head, "conj");
    for k in later {
        reattach(w, kids, k, head, "conj");
    }
}

/// The head of the noun phrase whose last word is `last`: climb over
/// modifiers to their head while it stays at or left of `last`.
fn phrase_head_ending_at(w: &[Word], last: usize) -> Option<usize> {
    let mut q = last;
    for _ in 0..w.len() {
        match w[q].head {
            Some(h) if h < q && matches!(w[q].deprel, "flat" | "fixed" | "compound") => q = h,
            _ => break,
        }
    }
    is_nominal(&w[q]).then_some(q)
}

fn prepositional_phrase_read_as_subject(w: &mut [Word], kids: &mut Kids) {
    for x in 0..w.len() {
        let Some(v) = w[x].head else {
            continue;
        };
        let preposition = |d: &Word| {
            d.deprel == "case" && d.upos == Upos::Adp && d.form != "'s" && d.form != "’s"
        };
        // With a copula the phrase is a predicate ("is at an early stage"),
        // whatever else went wrong.
        if !matches!(w[x].deprel, "nsubj" | "nsubj:pass")
            || !is_nominal(&w[x])
            || !has_kid(w, kids, x, preposition)
            || has_kid(w, kids, x, |d| d.deprel == "cop")
        {
            continue;
        }
        // The telltale: the phrase swallowed the real subject before it.
        let Some(swallowed) = kids[x]
            .iter()
            .copied()
            .find(|&k| k < x && is_subject(w[k].deprel) && is_nominal(&w[k]))
        else {
            continue;
        };
        let deprel = w[x].deprel;
        reattach(w, kids, x, v, "obl");
        reattach(w, kids, swallowed, v, deprel);
    }
}

/// Relative pronouns that open a clause as its subject.
const RELATIVE_SUBJECTS: &[&str] = &["that", "which", "who"];

fn relative_clause_read_as_parataxis(w: &mut [Word], kids: &mut Kids) {
    for x in 0..w.len() {
        if !matches!(w[x].deprel, "parataxis" | "dep") {
            continue;
        }
        // The clause opens with its relative subject, right after a comma.
        let (first, _) = span(kids, x);
        let (comma, opener) = if w[first].form == "," {
            (first, first + 1)
        } else {
            (first.wrapping_sub(1), first)
        };
        let relative = opener < w.len()
            && w[opener].head == Some(x)
            && is_subject(w[opener].deprel)
            && RELATIVE_SUBJECTS.contains(&w[opener].form.to_lowercase().as_str());
        if !relative || comma >= w.len() || w[comma].form != "," {
            continue;
        }
        let Some(noun) = comma
            .checked_sub(1)
            .and_then(|b| phrase_head_ending_at(w, b))
        else {
            continue;
        };
        if !dominates(w, x, noun) {
            reattach(w, kids, x, noun, "acl:relcl");
        }
    }
}

/// Words that open a relative clause ("which", "where", "whose").
const RELATIVE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "where", "when", "why",
];

fn main_clause_read_as_relative(w: &mut [Word], kids: &mut Kids) {
    let Some(root) = (0..w.len()).find(|&i| w[i].head.is_none()) else {
        return;
    };
    // The root is a subordinate clause: "After supplying ...".
    let subordinate = w[root].upos == Upos::Verb
        && kids[root].iter().any(|&m| {
            w[m].deprel == "mark" && SUBORDINATORS.contains(&w[m].form.to_lowercase().as_str())
        });
    if !subordinate {
        return;
    }
    let main =
        (root + 1..w.len()).find(|&v| w[v].deprel == "acl:relcl" && clause_after_comma(w, kids, v));
    if let Some(v) = main {
        promote_to_root(w, kids, v, root, "advcl");
    }
}

/// Whether `v` is a finite clause with a noun subject of its own, opened
/// right after a comma (its own, or one before it) by no relative word:
/// a clause that can stand as the sentence's main one.
fn clause_after_comma(w: &[Word], kids: &Kids, v: usize) -> bool {
    let (first, _) = span(kids, v);
    let opener = if w[first].form == "," {
        first + 1
    } else {
        first
    };
    is_finite_verb(w, kids, v)
        && opener > 0
        && w[opener - 1].form == ","
        && has_kid(w, kids, v, |d| {
            d.deprel.starts_with("nsubj") && matches!(d.upos, Upos::Noun | Upos::Propn)
        })
        && !(opener..v).any(|k| RELATIVE_WORDS.contains(&w[k].form.to_lowercase().as_str()))
}

/// Makes `v` the root and hangs the old root under it as `rel`; the old
/// root's dependents after `v` (the closing punctuation) go with `v`.
fn promote_to_root(w: &mut [Word], kids: &mut Kids, v: usize, root: usize, rel: &'static str) {
    if let Some(old) = w[v].head {
        kids[old].retain(|&k| k != v);
    }
    w[v].head = None;
    w[v].deprel = "root";
    reattach(w, kids, root, v, rel);
    for c in kids[root].clone().into_iter().filter(|&c| c > v) {
        let r = w[c].deprel;
        reattach(w, kids, c, v, r);
    }
}

fn main_clause_under_fronted_phrase(w: &mut [Word], kids: &mut Kids) {
    let Some(root) = (0..w.len()).find(|&i| w[i].head.is_none()) else {
        return;
    };
    // The root is the noun of a phrase that opens the sentence with its
    // preposition ("According to a report", "Since 2015") and has no
    // subject or copula of its own.
    let fronted = matches!(w[root].upos, Upos::Noun | Upos::Propn | Upos::Num)
        && w.first()
            .is_some_and(|f| f.head == Some(root) && f.deprel == "case")
        && !has_kid(w, kids, root, |d| is_subject(d.deprel) || d.deprel == "cop");
    if !fronted {
        return;
    }
    let main = (root + 1..w.len())
        .find(|&v| clause_after_comma(w, kids, v) && nominal_path_to(w, v, root));
    if let Some(v) = main {
        promote_to_root(w, kids, v, root, "obl");
    }
}

/// Whether `v` hangs below `top` through nouns only (no verb between).
fn nominal_path_to(w: &[Word], v: usize, top: usize) -> bool {
    let mut x = w[v].head;
    for _ in 0..w.len() {
        match x {
            Some(h) if h == top => return true,
            Some(h) if matches!(w[h].upos, Upos::Noun | Upos::Propn | Upos::Num) => {
                x = w[h].head;
            }
            _ => return false,
        }
    }
    false
}

fn object_control_infinitive(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        if w[v].upos != Upos::Verb {
            continue;
        }
        if w[v].deprel == "acl" {
            infinitive_on_named_object(w, kids, v);
            continue;
        }
        if w[v].deprel != "advcl" {
            continue;
        }
        let Some(h) = w[v].head.filter(|&h| h < v) else {
            continue;
        };
        let to_first = kids[v]
            .iter()
            .copied()
            .min()
            .filter(|&m| m < v && w[m].deprel == "mark" && w[m].lemma == "to");
        let Some(to) = to_first else { continue };
        let controls = w[h].upos == Upos::Verb && OBJECT_CONTROL.contains(&w[h].lemma.as_str());
        // The object stands between the verb and the infinitive, ending
        // right before its "to".
        let object_before = kids[h]
            .iter()
            .any(|&o| w[o].deprel == "obj" && o > h && span(kids, o).1 + 1 == to);
        if controls && object_before {
            w[v].deprel = "xcomp";
        }
    }
}

/// "invited President Lal to visit": infinitive `v`, hung as a clause on
/// a named object of a verb of asking, urging or allowing, becomes that
/// verb's complement.
fn infinitive_on_named_object(w: &mut [Word], kids: &mut Kids, v: usize) {
    let Some(o) = w[v].head.filter(|&o| o < v) else {
        return;
    };
    let named = matches!(w[o].upos, Upos::Propn | Upos::Pron)
        || (w[o].upos == Upos::Noun && ACTOR_NOUNS.contains(&w[o].lemma.as_str()));
    let Some(h) = w[o].head.filter(|&h| h < o) else {
        return;
    };
    let controls = w[o].deprel == "obj"
        && w[h].upos == Upos::Verb
        && OBJECT_CONTROL.contains(&w[h].lemma.as_str());
    let to_first = kids[v]
        .iter()
        .copied()
        .min()
        .is_some_and(|m| m < v && w[m].deprel == "mark" && w[m].lemma == "to");
    if named && controls && to_first {
        reattach(w, kids, v, h, "xcomp");
    }
}

fn has_kid(w: &[Word], kids: &Kids, i: usize, rel: impl Fn(&Word) -> bool) -> bool {
    kids[i].iter().any(|&k| rel(&w[k]))
}

fn object_read_as_clause(w: &mut [Word], kids: &mut Kids) {
    for n in 0..w.len() {
        let nominal = matches!(w[n].upos, Upos::Noun | Upos::Propn);
        if !nominal || w[n].deprel != "ccomp" {
            continue;
        }
        let clause_like = has_kid(w, kids, n, |d| {
            d.deprel == "cop" || is_subject(d.deprel) || d.deprel == "mark"
        });
        let (first, _) = span(kids, n);
        let Some(v) = first.checked_sub(1) else {
            continue;
        };
        // A participle modifying a noun ("the matters discussed", "a
        // report titled") takes no object here.
        let takes_object = w[v].upos == Upos::Verb
            && !w[v].deprel.starts_with("acl")
            && !CLAUSE_TAKERS.contains(&w[v].lemma.as_str())
            && !has_kid(w, kids, v, |d| {
                matches!(d.deprel, "obj" | "ccomp" | "xcomp" | "iobj")
            });
        if clause_like || !takes_object || dominates(w, n, v) {
            continue;
        }
        reattach(w, kids, n, v, "obj");
    }
}

fn is_subject(deprel: &str) -> bool {
    deprel.starts_with("nsubj") || deprel.starts_with("csubj") || deprel == "expl"
}

fn finite_tag(xpos: &str) -> bool {
    matches!(xpos, "VBD" | "VBZ" | "VBP" | "MD")
}

/// A verb that carries tense itself or through an auxiliary ("will hand").
fn is_finite_verb(w: &[Word], kids: &Kids, v: usize) -> bool {
    w[v].upos == Upos::Verb
        && (finite_tag(w[v].xpos)
            || has_kid(w, kids, v, |d| {
                d.deprel.starts_with("aux") && finite_tag(d.xpos)
            }))
}

/// Whether `a` is `b` or one of its ancestors.
fn dominates(w: &[Word], a: usize, mut b: usize) -> bool {
    for _ in 0..=w.len() {
        if a == b {
            return true;
        }
        match w[b].head {
            Some(h) => b = h,
            None => return false,
        }
    }
    false
}

/// First and last index of the subtree of `i` (its yield).
fn span(kids: &Kids, i: usize) -> (usize, usize) {
    let (mut first, mut last) = (i, i);
    let mut stack = vec![i];
    let mut seen = 0;
    while let Some(x) = stack.pop() {
        // A tree has no cycle; the bound only guards a malformed one.
        seen += 1;
        if seen > kids.len() {
            break;
        }
        first = first.min(x);
        last = last.max(x);
        stack.extend(&kids[x]);
    }
    (first, last)
}

/// The head of the noun phrase ending just before verb `v`, skipping the
/// verb's own auxiliaries and adverbs ("Singh will also hand").
fn phrase_before(w: &[Word], v: usize) -> Option<usize> {
    let mut j = v.checked_sub(1)?;
    while w[j].head == Some(v) && (w[j].deprel.starts_with("aux") || w[j].deprel == "advmod") {
        j = j.checked_sub(1)?;
    }
    // Climb from the last word to the phrase's head, staying left of `v`:
    // rightwards over modifiers, leftwards over a name's later words.
    let mut q = j;
    while let Some(h) = w[q].head {
        let modifier = h > q && h < v;
        let name_part = h < q && matches!(w[q].deprel, "flat" | "fixed");
        if modifier || name_part {
            q = h;
        } else {
            break;
        }
    }
    Some(q)
}

/// For a finite verb `v` (with one of `relations`) that has no subject:
/// the head of the noun phrase right before it, when the parser hung that
/// phrase off a word further left; with the phrase's first index and the
/// index of its head's head.
fn misread_subject(
    w: &[Word],
    kids: &Kids,
    v: usize,
    relations: &[&str],
) -> Option<(usize, usize, usize)> {
    if !relations.contains(&w[v].deprel) || !is_finite_verb(w, kids, v) {
        return None;
    }
    if has_kid(w, kids, v, |d| is_subject(d.deprel)) {
        return None;
    }
    let q = phrase_before(w, v)?;
    let nominal = matches!(w[q].upos, Upos::Noun | Upos::Propn | Upos::Pron);
    let h = w[q].head?;
    if !nominal || !MISREAD_AS.contains(&w[q].deprel) || dominates(w, q, v) {
        return None;
    }
    let (first, last) = span(kids, q);
    (last < v).then_some((q, first, h))
}

/// Makes `q` the subject of `v` (passive when `v` has a passive auxiliary).
fn make_subject(w: &mut [Word], kids: &mut Kids, q: usize, v: usize) {
    let passive = has_kid(w, kids, v, |d| d.deprel == "aux:pass");
    reattach(w, kids, q, v, if passive { "nsubj:pass" } else { "nsubj" });
}

fn subordinate_clause_subject(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        let relations = ["advcl", "ccomp", "root", "conj"];
        let Some((q, first, h)) = misread_subject(w, kids, v, &relations) else {
            continue;
        };
        let Some(c) = first.checked_sub(1).filter(|&c| w[c].head == Some(q)).or(
            // The conjunction may be the phrase's own first word.
            (w[first].head == Some(q) && first != q).then_some(first),
        ) else {
            continue;
        };
        let opens = SUBORDINATORS.contains(&w[c].form.to_lowercase().as_str())
            && matches!(w[c].deprel, "case" | "mark");
        if !opens || h >= c {
            continue;
        }
        make_subject(w, kids, q, v);
        reattach(w, kids, c, v, "mark");
    }
}

/// "Saab called off the sale to Argentina after British companies were
/// not given clearance": the parser reads "after" as a preposition on
/// "companies" and an earlier noun ("sale") as the subject of "given". A
/// verb whose subject stands before a subordinator, with the phrase that
/// the subordinator opens right before the verb, is a subordinate clause:
/// that phrase is its subject; the earlier noun returns to the verb above
/// (its object, or its oblique with a preposition), or, a time ("weeks
/// after talks were suspended"), measures the clause.
fn subject_taken_across_a_subordinator(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        let Some(s) = kids[v]
            .iter()
            .copied()
            .find(|&k| w[k].deprel.starts_with("nsubj"))
        else {
            continue;
        };
        let Some(q) = phrase_before(w, v).filter(|&q| q != s && dominates(w, s, q)) else {
            continue;
        };
        let first = span(kids, q).0;
        // "As" is as often a preposition before a verb ("India as
        // president has"), and "after a long time" is a phrase of time.
        let word = w[first].form.to_lowercase();
        let opens = w[first].head == Some(q)
            && w[first].deprel == "case"
            && word != "as"
            && SUBORDINATORS.contains(&word.as_str());
        let nominal = matches!(w[q].upos, Upos::Noun | Upos::Propn | Upos::Pron)
            && !is_time_word(&w[q].lemma);
        if !opens || !nominal || span(kids, s).0 >= first || !is_finite_verb(w, kids, v) {
            continue;
        }
        let Some(place) = place_of_displaced_subject(w, kids, s, v) else {
            continue;
        };
        let c = first;
        match place {
            (h, rel) if h == v => reattach(w, kids, s, v, rel),
            (h, rel) => {
                reattach(w, kids, s, h, rel);
                w[v].deprel = "advcl";
            }
        }
        make_subject(w, kids, q, v);
        reattach(w, kids, c, v, "mark");
    }
}

/// Where the subject `s` wrongly given to clause `v` belongs: a time
/// measures the clause itself; another noun goes to the verb above `v`,
/// as its object, or as an oblique when it has a preposition other than
/// "of" (which would make it a noun's modifier, its head unknown).
fn place_of_displaced_subject(
    w: &[Word],
    kids: &Kids,
    s: usize,
    v: usize,
) -> Option<(usize, &'static str)> {
    if is_time_word(&w[s].lemma) {
        return Some((v, "obl:npmod"));
    }
    let h = w[v]
        .head
        .filter(|_| matches!(w[v].deprel, "ccomp" | "parataxis" | "conj" | "advcl"))?;
    if w[h].upos != Upos::Verb {
        return None;
    }
    let case = kids[s]
        .iter()
        .copied()
        .find(|&k| w[k].deprel == "case" && k < s);
    match case {
        Some(c) if w[c].lemma == "of" => None,
        Some(_) => Some((h, "obl")),
        None if !has_kid(w, kids, h, |d| d.deprel == "obj") => Some((h, "obj")),
        None => None,
    }
}

fn fronted_phrase_subject(w: &mut [Word], kids: &mut Kids) {
    for v in 0..w.len() {
        let relations = ["root", "ccomp", "parataxis"];
        let Some((q, first, h)) = misread_subject(w, kids, v, &relations) else {
            continue;
        };
        // The comma opening the phrase, inside its yield or just before it.
        let comma_at = if w[first].form == "," {
            Some(first)
        } else {
            first.checked_sub(1).filter(|&c| w[c].form == ",")
        };
        let Some(comma_at) = comma_at else { continue };
        if h >= comma_at {
            continue;
        }
        make_subject(w, kids, q, v);
        // The comma now closes the fronted phrase: it belongs to the verb.
        let rel = w[comma_at].deprel;
        reattach(w, kids, comma_at, v, rel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word of a hand-built tree: (form, upos, xpos, head from 1, deprel).
    fn tree(rows: &[(&str, Upos, &'static str, usize, &'static str)]) -> Parse {
        let tokens = rows
            .iter()
            .map(|&(form, upos, xpos, head, deprel)| Word {
                start: 0,
                end: 0,
                form: form.to_string(),
                lemma: form.to_lowercase(),
                upos,
                xpos,
                head: head.checked_sub(1),
                deprel,
            })
            .collect();
        Parse { tokens }
    }

    fn heads(p: &Parse) -> Vec<(Option<usize>, &'static str)> {
        p.tokens.iter().map(|w| (w.head, w.deprel)).collect()
    }

    // "Chile have each ordered the jets ." with "ordered" read as a modifier
    // of "jets" and "have" as the verb.
    #[test]
    fn a_participle_before_its_objects_determiner_is_the_verb_of_have() {
        use Upos::*;
        let rows = [
            ("Chile", Propn, "NNP", 2, "nsubj"),
            ("have", Verb, "VBP", 0, "root"),
            ("each", Det, "DT", 6, "det"),
            ("ordered", Verb, "VBN", 6, "amod"),
            ("the", Det, "DT", 6, "det"),
            ("jets", Noun, "NNS", 2, "obj"),
        ];
        let mut p = tree(&rows);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[3], (None, "root"));
        assert_eq!(h[1], (Some(3), "aux"));
        assert_eq!(h[0], (Some(3), "nsubj"));
        assert_eq!(h[5], (Some(3), "obj"));
        // "have the ordered jets": the participle stands after the
        // determiner, a modifier indeed.
        let mut p = tree(&[
            ("Chile", Propn, "NNP", 2, "nsubj"),
            ("have", Verb, "VBP", 0, "root"),
            ("the", Det, "DT", 5, "det"),
            ("ordered", Verb, "VBN", 5, "amod"),
            ("jets", Noun, "NNS", 2, "obj"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[1], (None, "root"));
    }

    // "supplied by HAL to the Army and the Air Force" with the to-phrase on
    // the agent and its conjunct read as a second agent.
    #[test]
    fn a_recipient_hung_on_the_agent_belongs_to_the_verb() {
        use Upos::*;
        let mut p = tree(&[
            ("supplied", Verb, "VBN", 0, "root"),
            ("by", Adp, "IN", 3, "case"),
            ("HAL", Propn, "NNP", 1, "obl:agent"),
            ("to", Adp, "IN", 5, "case"),
            ("Army", Propn, "NNP", 3, "nmod"),
            ("and", Cconj, "CC", 7, "cc"),
            ("Navy", Propn, "NNP", 3, "conj"),
        ]);
        p.tokens[0].lemma = "supply".to_string();
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[4], (Some(0), "obl"));
        assert_eq!(h[6], (Some(4), "conj"));
        assert_eq!(h[2], (Some(0), "obl:agent"));
        // A title's "to" stays on it: "made by the High Commissioner to
        // India".
        let mut p = tree(&[
            ("made", Verb, "VBN", 0, "root"),
            ("by", Adp, "IN", 3, "case"),
            ("Commissioner", Propn, "NNP", 1, "obl:agent"),
            ("to", Adp, "IN", 5, "case"),
            ("India", Propn, "NNP", 3, "nmod"),
        ]);
        p.tokens[0].lemma = "make".to_string();
        repair(&mut p);
        assert_eq!(heads(&p)[4], (Some(2), "nmod"));
    }

    // "Dutch firm Fokker supplied the planes ." with the firm's clause read
    // as a relative on "firm".
    #[test]
    fn a_noun_before_a_name_describes_the_name_not_heads_its_clause() {
        use Upos::*;
        let mut p = tree(&[
            ("Dutch", Adj, "JJ", 2, "amod"),
            ("firm", Noun, "NN", 0, "root"),
            ("Fokker", Propn, "NNP", 4, "nsubj"),
            ("supplied", Verb, "VBD", 2, "acl:relcl"),
            ("the", Det, "DT", 6, "det"),
            ("planes", Noun, "NNS", 4, "obj"),
            (".", Punct, ".", 2, "punct"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[3], (None, "root"));
        assert_eq!(h[1], (Some(2), "nmod:desc"));
        assert_eq!(h[2], (Some(3), "nsubj"));
        assert_eq!(h[6], (Some(3), "punct"));
        // Read as a second subject instead.
        let mut p = tree(&[
            ("firm", Noun, "NN", 3, "nsubj"),
            ("Fokker", Propn, "NNP", 3, "nsubj"),
            ("supplied", Verb, "VBD", 0, "root"),
            ("planes", Noun, "NNS", 3, "obj"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[0], (Some(1), "nmod:desc"));
        // A relative with its object missing keeps its noun: "the jets
        // Egypt bought arrived".
        let mut p = tree(&[
            ("the", Det, "DT", 2, "det"),
            ("jets", Noun, "NNS", 5, "nsubj"),
            ("Egypt", Propn, "NNP", 4, "nsubj"),
            ("bought", Verb, "VBD", 2, "acl:relcl"),
            ("arrived", Verb, "VBD", 0, "root"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[3], (Some(1), "acl:relcl"));
        assert_eq!(heads(&p)[1], (Some(4), "nsubj"));
    }

    // "Oslo , for its part , sold Chile two frigates ." with the verb hung
    // on the parenthetical as a participle.
    #[test]
    fn a_verb_hung_on_a_parenthetical_is_the_sentences() {
        use Upos::*;
        let mut p = tree(&[
            ("Oslo", Propn, "NNP", 0, "root"),
            (",", Punct, ",", 5, "punct"),
            ("for", Adp, "IN", 5, "case"),
            ("its", Pron, "PRP$", 5, "nmod:poss"),
            ("part", Noun, "NN", 1, "nmod"),
            (",", Punct, ",", 7, "punct"),
            ("sold", Verb, "VBN", 5, "acl"),
            ("Chile", Propn, "NNP", 7, "iobj"),
            ("frigates", Noun, "NNS", 7, "obj"),
            (".", Punct, ".", 1, "punct"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[6], (None, "root"));
        assert_eq!(h[0], (Some(6), "nsubj"));
        assert_eq!(h[4], (Some(6), "obl"));
        assert_eq!(h[9], (Some(6), "punct"));
    }

    // "Peru armed the frigates that it procured ." with "that" read as a
    // conjunction and "procured" as a clause of "armed".
    #[test]
    fn a_that_clause_missing_its_object_after_a_noun_is_relative() {
        use Upos::*;
        let rows = [
            ("Peru", Propn, "NNP", 2, "nsubj"),
            ("armed", Verb, "VBD", 0, "root"),
            ("the", Det, "DT", 4, "det"),
            ("frigates", Noun, "NNS", 2, "obj"),
            ("that", Sconj, "IN", 7, "mark"),
            ("it", Pron, "PRP", 7, "nsubj"),
            ("procured", Verb, "VBD", 2, "ccomp"),
        ];
        let mut p = tree(&rows);
        p.tokens[6].lemma = "procure".to_string();
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[6], (Some(3), "acl:relcl"));
        assert_eq!(h[4], (Some(6), "obj"));
        assert_eq!(p.tokens[4].upos, Pron);
        // "the fact that it procured jets": an object of its own, and a
        // noun the clause explains, keep the complement.
        let mut p = tree(&[
            ("the", Det, "DT", 2, "det"),
            ("fact", Noun, "NN", 0, "root"),
            ("that", Sconj, "IN", 5, "mark"),
            ("it", Pron, "PRP", 5, "nsubj"),
            ("procured", Verb, "VBD", 2, "acl"),
            ("jets", Noun, "NNS", 5, "obj"),
        ]);
        p.tokens[4].lemma = "procure".to_string();
        repair(&mut p);
        assert_eq!(heads(&p)[4], (Some(1), "acl"));
        assert_eq!(heads(&p)[2], (Some(4), "mark"));
    }

    // "Chile signed a deal and has plans to buy jets ." with "has" hung on
    // "and".
    #[test]
    fn a_conjunct_hung_on_its_conjunction_joins_the_first_conjunct() {
        use Upos::*;
        let mut p = tree(&[
            ("Chile", Propn, "NNP", 2, "nsubj"),
            ("signed", Verb, "VBD", 0, "root"),
            ("a", Det, "DT", 4, "det"),
            ("deal", Noun, "NN", 2, "obj"),
            ("and", Cconj, "CC", 2, "cc"),
            ("has", Verb, "VBZ", 5, "conj"),
            ("plans", Noun, "NNS", 6, "obj"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[5], (Some(1), "conj"));
        assert_eq!(h[4], (Some(5), "cc"));
        assert_eq!(h[6], (Some(5), "obj"));
        // A conjunction already before its conjunct stays as it is.
        let mut p = tree(&[
            ("Chile", Propn, "NNP", 2, "nsubj"),
            ("signed", Verb, "VBD", 0, "root"),
            ("and", Cconj, "CC", 4, "cc"),
            ("has", Verb, "VBZ", 2, "conj"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[2], (Some(3), "cc"));
        assert_eq!(h[3], (Some(1), "conj"));
    }

    // "Saab offered jets , Boeing its Hornet and the Navy its ships ." with
    // the gapped subjects read as an apposition and a conjunct.
    #[test]
    fn a_gapped_clause_is_a_conjunct_with_its_orphan() {
        use Upos::*;
        let mut p = tree(&[
            ("Saab", Propn, "NNP", 2, "nsubj"),
            ("offered", Verb, "VBD", 0, "root"),
            ("jets", Noun, "NNS", 2, "obj"),
            (",", Punct, ",", 5, "punct"),
            ("Boeing", Propn, "NNP", 3, "appos"),
            ("its", Pron, "PRP$", 7, "nmod:poss"),
            ("Hornet", Propn, "NNP", 5, "flat"),
            ("and", Cconj, "CC", 10, "cc"),
            ("the", Det, "DT", 10, "det"),
            ("Navy", Propn, "NNP", 2, "conj"),
            ("its", Pron, "PRP$", 12, "nmod:poss"),
            ("ships", Noun, "NNS", 2, "obj"),
            (".", Punct, ".", 2, "punct"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[4], (Some(1), "conj"));
        assert_eq!(h[6], (Some(4), "orphan"));
        assert_eq!(h[3], (Some(4), "punct"));
        assert_eq!(h[9], (Some(1), "conj"));
        assert_eq!(h[11], (Some(9), "orphan"));
        // A verb the tagger took for a noun is no gapped subject: "plans to
        // build jets and increase its output".
        let mut p = tree(&[
            ("HAL", Propn, "NNP", 2, "nsubj"),
            ("builds", Verb, "VBZ", 0, "root"),
            ("jets", Noun, "NNS", 2, "obj"),
            ("and", Cconj, "CC", 5, "cc"),
            ("increase", Noun, "NN", 3, "conj"),
            ("its", Pron, "PRP$", 7, "nmod:poss"),
            ("output", Noun, "NN", 5, "nmod"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[4], (Some(2), "conj"));
        assert_eq!(h[6], (Some(4), "nmod"));
    }

    // "Peru will acquire six radars mounted on ships ." with the goods read
    // as the subject of a complement clause.
    #[test]
    fn goods_read_as_the_subject_of_a_participle_are_the_object() {
        use Upos::*;
        let rows = |xpos| {
            tree(&[
                ("Peru", Propn, "NNP", 3, "nsubj"),
                ("will", Aux, "MD", 3, "aux"),
                ("acquire", Verb, "VB", 0, "root"),
                ("six", Num, "CD", 6, "nummod"),
                ("radars", Noun, "NNS", 6, "nsubj"),
                ("mounted", Verb, xpos, 3, "ccomp"),
                ("on", Adp, "IN", 8, "case"),
                ("ships", Noun, "NNS", 6, "obl"),
            ])
        };
        for xpos in ["VBN", "VBD"] {
            let mut p = rows(xpos);
            repair(&mut p);
            let h = heads(&p);
            assert_eq!(h[4], (Some(2), "obj"));
            assert_eq!(h[5], (Some(4), "acl"));
            assert_eq!(h[3], (Some(4), "nummod"));
        }
        // A clause after a verb of saying stays one: "said the ships
        // sailed".
        let mut p = tree(&[
            ("said", Verb, "VBD", 0, "root"),
            ("ships", Noun, "NNS", 3, "nsubj"),
            ("sailed", Verb, "VBD", 1, "ccomp"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[2], (Some(0), "ccomp"));
    }

    // "Rosatom halted the sale after banks were sanctioned ." with "after"
    // read as a preposition and the sale as the subject of "sanctioned".
    #[test]
    fn a_subject_taken_across_a_subordinator_returns_to_the_verb_above() {
        use Upos::*;
        let mut p = tree(&[
            ("Rosatom", Propn, "NNP", 2, "nsubj"),
            ("halted", Verb, "VBD", 0, "root"),
            ("the", Det, "DT", 4, "det"),
            ("sale", Noun, "NN", 8, "nsubj:pass"),
            ("after", Adp, "IN", 6, "case"),
            ("banks", Noun, "NNS", 4, "nmod"),
            ("were", Aux, "VBD", 8, "aux:pass"),
            ("sanctioned", Verb, "VBN", 2, "ccomp"),
            (".", Punct, ".", 2, "punct"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[3], (Some(1), "obj"));
        assert_eq!(h[5], (Some(7), "nsubj:pass"));
        assert_eq!(h[4], (Some(7), "mark"));
        assert_eq!(h[7], (Some(1), "advcl"));
        // A time before the subordinator measures the clause: "weeks after
        // talks stalled".
        let mut p = tree(&[
            ("weeks", Noun, "NNS", 4, "nsubj"),
            ("after", Adp, "IN", 3, "case"),
            ("talks", Noun, "NNS", 1, "nmod"),
            ("stalled", Verb, "VBD", 0, "root"),
        ]);
        p.tokens[0].lemma = "week".to_string();
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[0], (Some(3), "obl:npmod"));
        assert_eq!(h[2], (Some(3), "nsubj"));
        // "As" stays a preposition: "India as host has the right".
        let mut p = tree(&[
            ("said", Verb, "VBD", 0, "root"),
            ("India", Propn, "NNP", 5, "nsubj"),
            ("as", Adp, "IN", 4, "case"),
            ("host", Noun, "NN", 2, "nmod"),
            ("has", Verb, "VBZ", 1, "ccomp"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[1], (Some(4), "nsubj"));
    }

    // "shortlisted BAE Systems ' Type 26 for ..." with the apostrophe read
    // as punctuation and the goods as an apposition of the firm.
    #[test]
    fn a_bare_apostrophe_after_a_name_in_s_marks_its_possessor() {
        use Upos::*;
        let rows = [
            ("Norway", Propn, "NNP", 2, "nsubj"),
            ("shortlisted", Verb, "VBD", 0, "root"),
            ("BAE Systems", Propn, "NNP", 2, "obj"),
            ("'", Punct, "''", 5, "punct"),
            ("Type 26", Propn, "NNP", 3, "appos"),
        ];
        let mut p = tree(&rows);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[4], (Some(1), "obj"));
        assert_eq!(h[2], (Some(4), "nmod:poss"));
        assert_eq!(h[3], (Some(2), "case"));
        // The name read as a compound of the goods possesses them.
        let mut p = tree(&[
            ("shortlisted", Verb, "VBD", 0, "root"),
            ("BAE Systems", Propn, "NNP", 4, "compound"),
            ("'", Punct, "''", 2, "punct"),
            ("CV90", Propn, "NNP", 1, "obj"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[1], (Some(3), "nmod:poss"));
        assert_eq!(h[2], (Some(1), "case"));
        // A closing quote after a plural word is left alone when nothing
        // the word governs follows it.
        let mut p = tree(&[
            ("the", Det, "DT", 2, "det"),
            ("weapons", Noun, "NNS", 3, "nsubj"),
            ("arrived", Verb, "VBD", 0, "root"),
            ("'", Punct, "''", 3, "punct"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[3], (Some(2), "punct"));
    }

    // "after taking delivery of Surat , the last destroyer , from Acme" with
    // the apposition read as a second object of "taking".
    #[test]
    fn an_apposition_read_as_a_second_object_describes_the_noun_before_it() {
        use Upos::*;
        let rows = [
            ("after", Sconj, "IN", 2, "mark"),
            ("taking", Verb, "VBG", 0, "root"),
            ("delivery", Noun, "NN", 2, "obj"),
            ("of", Adp, "IN", 5, "case"),
            ("Surat", Propn, "NNP", 3, "nmod"),
            (",", Punct, ",", 2, "punct"),
            ("the", Det, "DT", 9, "det"),
            ("last", Adj, "JJ", 9, "amod"),
            ("destroyer", Noun, "NN", 2, "obj"),
            (",", Punct, ",", 12, "punct"),
            ("from", Adp, "IN", 12, "case"),
            ("Acme", Propn, "NNP", 9, "nmod"),
        ];
        let mut p = tree(&rows);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[8], (Some(4), "appos"));
        assert_eq!(h[2], (Some(1), "obj"));
        // "gave the navy , the army and ...": no article after the comma
        // opening a list is no apposition; two objects without a comma
        // between them are left alone.
        let mut p = tree(&[
            ("gave", Verb, "VBD", 0, "root"),
            ("the", Det, "DT", 3, "det"),
            ("navy", Noun, "NN", 1, "obj"),
            ("two", Num, "CD", 5, "nummod"),
            ("boats", Noun, "NNS", 1, "obj"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[4], (Some(0), "obj"));
        // "after buying Tabuk , the corvette , the navy began" with the
        // apposition read as a second subject of "began".
        let mut p = tree(&[
            ("after", Sconj, "IN", 2, "mark"),
            ("buying", Verb, "VBG", 10, "advcl"),
            ("Tabuk", Propn, "NNP", 2, "obj"),
            (",", Punct, ",", 2, "punct"),
            ("the", Det, "DT", 6, "det"),
            ("corvette", Noun, "NN", 10, "nsubj"),
            (",", Punct, ",", 6, "punct"),
            ("the", Det, "DT", 9, "det"),
            ("navy", Noun, "NN", 10, "nsubj"),
            ("began", Verb, "VBD", 0, "root"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[5], (Some(2), "appos"));
        assert_eq!(h[8], (Some(9), "nsubj"));
    }

    // "Acme ordered guns from Chile , jets and tanks , sources said ." with
    // the middle item read as a second subject of "said".
    #[test]
    fn a_middle_item_of_a_reported_list_read_as_a_subject_rejoins_the_list() {
        use Upos::*;
        let mut p = tree(&[
            ("Acme", Propn, "NNP", 2, "nsubj"),
            ("ordered", Verb, "VBD", 11, "ccomp"),
            ("guns", Noun, "NNS", 2, "obj"),
            ("from", Adp, "IN", 5, "case"),
            ("Chile", Propn, "NNP", 3, "nmod"),
            (",", Punct, ",", 7, "punct"),
            ("jets", Noun, "NNS", 11, "nsubj"),
            ("and", Cconj, "CC", 9, "cc"),
            ("tanks", Noun, "NNS", 7, "conj"),
            ("sources", Noun, "NNS", 11, "nsubj"),
            ("said", Verb, "VBD", 0, "root"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[6], (Some(2), "conj"));
        assert_eq!(h[8], (Some(2), "conj"));
        assert_eq!(h[9], (Some(10), "nsubj"));
    }

    // "Acme signed deals , adding to the pair delivered earlier ." with
    // "delivered" read as a second clause of "signed".
    #[test]
    fn a_bare_participle_after_a_noun_is_a_relative_on_it() {
        use Upos::*;
        let rows = [
            ("Acme", Propn, "NNP", 2, "nsubj"),
            ("signed", Verb, "VBD", 0, "root"),
            ("deals", Noun, "NNS", 2, "obj"),
            (",", Punct, ",", 5, "punct"),
            ("adding", Verb, "VBG", 2, "advcl"),
            ("to", Adp, "IN", 8, "case"),
            ("the", Det, "DT", 8, "det"),
            ("pair", Noun, "NN", 5, "obl"),
            ("delivered", Verb, "VBD", 2, "advcl"),
            ("earlier", Adv, "RB", 9, "advmod"),
        ];
        let mut p = tree(&rows);
        repair(&mut p);
        assert_eq!(heads(&p)[8], (Some(7), "acl"));
        // A later list item before the verb is its lost subject, no noun
        // to hang a relative on: "... India and Pakistan agreed".
        let mut listed = rows;
        listed[7] = ("pair", Noun, "NN", 3, "conj");
        let mut p = tree(&listed);
        repair(&mut p);
        assert_eq!(heads(&p)[8], (Some(1), "advcl"));
        // A participle with an object of its own is a clause.
        let mut p = tree(&[
            ("Acme", Propn, "NNP", 2, "nsubj"),
            ("signed", Verb, "VBD", 0, "root"),
            ("deals", Noun, "NNS", 2, "obj"),
            ("pair", Noun, "NN", 3, "nmod"),
            ("delivered", Verb, "VBD", 2, "advcl"),
            ("jets", Noun, "NNS", 5, "obj"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[4], (Some(1), "advcl"));
    }

    // "The chief , Admiral Lal , met envoys ." with the apposition hung on
    // the comma.
    #[test]
    fn a_word_hung_on_punctuation_moves_to_its_head() {
        use Upos::*;
        let mut p = tree(&[
            ("The", Det, "DT", 2, "det"),
            ("chief", Noun, "NN", 7, "nsubj"),
            (",", Punct, ",", 2, "punct"),
            ("Admiral", Propn, "NNP", 3, "appos"),
            ("Lal", Propn, "NNP", 4, "flat"),
            (",", Punct, ",", 2, "punct"),
            ("met", Verb, "VBD", 0, "root"),
            ("envoys", Noun, "NNS", 7, "obj"),
            (".", Punct, ".", 7, "punct"),
        ]);
        repair(&mut p);
        assert_eq!(heads(&p)[3], (Some(1), "appos"));
        // The rest stands.
        assert_eq!(heads(&p)[4], (Some(3), "flat"));
        assert_eq!(heads(&p)[2], (Some(1), "punct"));
    }

    // "Kenya invited Lal to visit Lima ." with "to visit" hung on the name;
    // "Kenya invited bids to supply guns ." keeps its clause on the noun.
    #[test]
    fn an_infinitive_on_a_named_object_of_inviting_is_the_verbs() {
        use Upos::*;
        let rows = |obj: &'static str, upos: Upos, verb: &'static str| {
            let mut p = tree(&[
                ("Kenya", Propn, "NNP", 2, "nsubj"),
                ("invited", Verb, "VBD", 0, "root"),
                (obj, upos, "NNP", 2, "obj"),
                ("to", Part, "TO", 5, "mark"),
                (verb, Verb, "VB", 3, "acl"),
                ("Lima", Propn, "NNP", 5, "obj"),
                (".", Punct, ".", 2, "punct"),
            ]);
            p.tokens[1].lemma = "invite".into();
            p
        };
        let mut p = rows("Lal", Propn, "visit");
        repair(&mut p);
        assert_eq!(heads(&p)[4], (Some(1), "xcomp"));
        let mut p = rows("bids", Noun, "supply");
        repair(&mut p);
        assert_eq!(heads(&p)[4], (Some(2), "acl"));
    }

    // "After the talks in Rome, the minister signed the accord ."
    fn fronted(subject_rel: &'static str, head_of_minister: usize) -> Parse {
        use Upos::*;
        tree(&[
            ("After", Adp, "IN", 3, "case"),
            ("the", Det, "DT", 3, "det"),
            ("talks", Noun, "NNS", 9, "obl"),
            ("in", Adp, "IN", 5, "case"),
            ("Rome", Propn, "NNP", 3, "nmod"),
            (",", Punct, ",", 8, "punct"),
            ("the", Det, "DT", 8, "det"),
            ("minister", Noun, "NN", head_of_minister, subject_rel),
            ("signed", Verb, "VBD", 0, "root"),
            ("the", Det, "DT", 11, "det"),
            ("accord", Noun, "NN", 9, "obj"),
            (".", Punct, ".", 9, "punct"),
        ])
    }

    // "The deal , worth millions , covers jets ."
    fn noun_root(verb_rel: &'static str, verb_head: usize) -> Parse {
        use Upos::*;
        tree(&[
            ("The", Det, "DT", 2, "det"),
            ("deal", Noun, "NN", 0, "root"),
            (",", Punct, ",", 4, "punct"),
            ("worth", Adj, "JJ", 2, "amod"),
            ("millions", Num, "CD", 4, "obj"),
            (",", Punct, ",", 7, "punct"),
            ("covers", Verb, "VBZ", verb_head, verb_rel),
            ("jets", Noun, "NNS", 7, "obj"),
            (".", Punct, ".", 2, "punct"),
        ])
    }

    // "According to a report , Peru ordered radars ." with the main clause
    // hung on "report" (the root) as a clause of the noun.
    // "Acme sold guns to French , Dutch and Greek units ." with the first
    // adjective read as the verb's oblique.
    fn adjective_list(first_rel: &'static str, first_head: usize) -> Parse {
        use Upos::*;
        tree(&[
            ("Acme", Propn, "NNP", 2, "nsubj"),
            ("sold", Verb, "VBD", 0, "root"),
            ("guns", Noun, "NNS", 2, "obj"),
            ("to", Adp, "IN", 5, "case"),
            ("French", Adj, "JJ", first_head, first_rel),
            (",", Punct, ",", 7, "punct"),
            ("Dutch", Adj, "JJ", 10, "amod"),
            ("and", Cconj, "CC", 9, "cc"),
            ("Greek", Adj, "JJ", 7, "conj"),
            ("units", Noun, "NNS", 2, "obl"),
            (".", Punct, ".", 2, "punct"),
        ])
    }

    #[test]
    fn an_adjective_opening_a_list_before_a_noun_modifies_the_noun() {
        let mut p = adjective_list("obl", 2);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[4], (Some(9), "amod"), "French modifies units");
        assert_eq!(h[3], (Some(9), "case"), "the preposition goes to the noun");
        assert_eq!(h[6], (Some(4), "conj"));
        assert_eq!(h[8], (Some(4), "conj"));
        assert_eq!(h[5], (Some(6), "punct"));
        assert_eq!(h[7], (Some(8), "cc"));
        assert_eq!(h[9], (Some(1), "obl"), "the noun keeps its place");
    }

    #[test]
    fn a_preposition_on_a_modifier_goes_to_its_noun() {
        use Upos::*;
        // "sonars for Dutch and Greek frigates" with "for" on "Dutch" and
        // "frigates" a conjunct of "sonars".
        let mut p = tree(&[
            ("sonars", Noun, "NNS", 0, "root"),
            ("for", Adp, "IN", 3, "case"),
            ("Dutch", Adj, "JJ", 6, "amod"),
            ("and", Cconj, "CC", 5, "cc"),
            ("Greek", Adj, "JJ", 3, "conj"),
            ("frigates", Noun, "NNS", 1, "conj"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[1], (Some(5), "case"));
        assert_eq!(h[5], (Some(0), "nmod"));
        assert_eq!(h[2], (Some(5), "amod"), "the list stays on the noun");
    }

    #[test]
    fn an_object_opened_by_a_preposition_is_a_modifier() {
        use Upos::*;
        // "talks between Greek officials" and "met with Greek officials".
        for (head, head_upos, want) in [("talks", Noun, "nmod"), ("met", Verb, "obl")] {
            let mut p = tree(&[
                (head, head_upos, "NNS", 0, "root"),
                ("between", Adp, "IN", 4, "case"),
                ("Greek", Adj, "JJ", 4, "amod"),
                ("officials", Noun, "NNS", 1, "obj"),
            ]);
            repair(&mut p);
            assert_eq!(heads(&p)[3], (Some(0), want), "{head}");
        }
    }

    #[test]
    fn with_after_a_noun_opens_its_partner_not_a_clause() {
        use Upos::*;
        // "talks with Peru to buy jets" read as "with [Peru to buy jets]".
        let mut p = tree(&[
            ("talks", Noun, "NNS", 0, "root"),
            ("with", Adp, "IN", 5, "mark"),
            ("Peru", Propn, "NNP", 5, "nsubj"),
            ("to", Part, "TO", 5, "mark"),
            ("buy", Verb, "VB", 1, "acl"),
            ("jets", Noun, "NNS", 5, "obj"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[2], (Some(0), "nmod"));
        assert_eq!(h[1], (Some(2), "case"));
        assert_eq!(h[4], (Some(0), "acl"));
        // With no noun before it, "with" marks the clause ("With Peru to
        // buy jets, ...") and stays.
        let mut p = tree(&[
            ("With", Adp, "IN", 4, "mark"),
            ("Peru", Propn, "NNP", 4, "nsubj"),
            ("to", Part, "TO", 4, "mark"),
            ("buy", Verb, "VB", 0, "root"),
        ]);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    #[test]
    fn a_predicate_adjective_before_a_list_is_left_alone() {
        // As the root of a fragment ("French, Dutch and Greek units.").
        let mut p = adjective_list("root", 0);
        p.tokens[1].head = Some(4);
        p.tokens[1].deprel = "acl";
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    #[test]
    fn a_clause_after_a_fronted_phrase_read_as_its_modifier_is_the_main_one() {
        use Upos::*;
        let rows = |rel: &'static str| {
            tree(&[
                ("According", Verb, "VBG", 3, "case"),
                ("to", Adp, "IN", 1, "fixed"),
                ("report", Noun, "NN", 0, "root"),
                (",", Punct, ",", 6, "punct"),
                ("Peru", Propn, "NNP", 6, "nsubj"),
                ("ordered", Verb, "VBD", 3, rel),
                ("radars", Noun, "NNS", 6, "obj"),
                (".", Punct, ".", 3, "punct"),
            ])
        };
        for rel in ["acl:relcl", "parataxis"] {
            let mut p = rows(rel);
            repair(&mut p);
            assert_eq!(
                (p.tokens[5].head, p.tokens[5].deprel),
                (None, "root"),
                "{rel}"
            );
            assert_eq!(
                (p.tokens[2].head, p.tokens[2].deprel),
                (Some(5), "obl"),
                "{rel}"
            );
            assert_eq!(p.tokens[7].head, Some(5), "{rel}");
        }
    }

    // "After buying six jets , a costly fleet , Peru ordered radars ." with
    // the main clause hung on "fleet" as a relative clause.
    #[test]
    fn a_clause_with_its_own_subject_after_a_fronted_subordinate_is_the_main_one() {
        use Upos::*;
        let rows = |opener: &'static str, opener_upos: Upos, rel: &'static str| {
            tree(&[
                ("After", Sconj, "IN", 2, "mark"),
                ("buying", Verb, "VBG", 0, "root"),
                ("six", Num, "CD", 4, "nummod"),
                ("jets", Noun, "NNS", 2, "obj"),
                (",", Punct, ",", 8, "punct"),
                ("a", Det, "DT", 8, "det"),
                ("costly", Adj, "JJ", 8, "amod"),
                ("fleet", Noun, "NN", 4, "appos"),
                (",", Punct, ",", 11, "punct"),
                (opener, opener_upos, "NNP", 11, rel),
                ("ordered", Verb, "VBD", 8, "acl:relcl"),
                ("radars", Noun, "NNS", 11, "obj"),
                (".", Punct, ".", 2, "punct"),
            ])
        };
        let mut p = rows("Peru", Propn, "nsubj");
        repair(&mut p);
        assert_eq!((p.tokens[10].head, p.tokens[10].deprel), (None, "root"));
        assert_eq!((p.tokens[1].head, p.tokens[1].deprel), (Some(10), "advcl"));
        assert_eq!(p.tokens[12].head, Some(10));
        // A relative pronoun opens a real relative clause: it stays.
        let mut p = rows("which", Pron, "nsubj");
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    // "The navy commissioned its corvette ." with "commissioned" read as a
    // reduced relative on "navy".
    #[test]
    fn a_past_form_with_an_object_is_the_verb_not_a_relative() {
        use Upos::*;
        let mut p = tree(&[
            ("The", Det, "DT", 2, "det"),
            ("navy", Noun, "NN", 0, "root"),
            ("commissioned", Verb, "VBN", 2, "acl"),
            ("its", Pron, "PRP$", 5, "nmod:poss"),
            ("corvette", Noun, "NN", 3, "obj"),
            (".", Punct, ".", 2, "punct"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[2].head, p.tokens[2].deprel), (None, "root"));
        assert_eq!((p.tokens[1].head, p.tokens[1].deprel), (Some(2), "nsubj"));
        // Without an object it may well be a reduced relative.
        let mut p = tree(&[
            ("The", Det, "DT", 2, "det"),
            ("jets", Noun, "NNS", 0, "root"),
            ("ordered", Verb, "VBN", 2, "acl"),
            ("last", Adj, "JJ", 5, "amod"),
            ("year", Noun, "NN", 3, "obl:tmod"),
        ]);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    // "Peru got delivery of 20 tanks , the officials now say ."
    #[test]
    fn a_phrase_inside_a_reported_clause_is_that_clauses() {
        use Upos::*;
        let mut p = tree(&[
            ("Peru", Propn, "NNP", 2, "nsubj"),
            ("got", Verb, "VBD", 11, "ccomp"),
            ("delivery", Noun, "NN", 2, "obj"),
            ("of", Adp, "IN", 6, "case"),
            ("20", Num, "CD", 6, "nummod"),
            ("tanks", Noun, "NNS", 11, "obl"),
            (",", Punct, ",", 6, "punct"),
            ("the", Det, "DT", 9, "det"),
            ("officials", Noun, "NNS", 11, "nsubj"),
            ("now", Adv, "RB", 11, "advmod"),
            ("say", Verb, "VBP", 0, "root"),
        ]);
        repair(&mut p);
        assert_eq!(
            (p.tokens[5].head, p.tokens[5].deprel),
            (Some(1), "obl"),
            "{:?}",
            heads(&p)
        );
        assert_eq!(p.tokens[8].head, Some(10));
    }

    // "Chile is the third buyer after Peru to order the jets ." with
    // "after" read as a marker of "to order" and "Peru" as its subject;
    // "for Peru to order" keeps its subject.
    #[test]
    fn a_preposition_read_as_an_infinitive_marker_opens_a_phrase() {
        use Upos::*;
        let sentence = |prep: &str| {
            let prep_upos = if prep == "for" { Sconj } else { Adp };
            tree(&[
                ("Chile", Propn, "NNP", 5, "nsubj"),
                ("is", Aux, "VBZ", 5, "cop"),
                ("the", Det, "DT", 5, "det"),
                ("third", Adj, "JJ", 5, "amod"),
                ("buyer", Noun, "NN", 0, "root"),
                (prep, prep_upos, "IN", 9, "mark"),
                ("Peru", Propn, "NNP", 9, "nsubj"),
                ("to", Part, "TO", 9, "mark"),
                ("order", Verb, "VB", 5, "acl"),
                ("the", Det, "DT", 11, "det"),
                ("jets", Noun, "NNS", 9, "obj"),
            ])
        };
        let mut p = sentence("after");
        repair(&mut p);
        assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (Some(4), "nmod"));
        assert_eq!((p.tokens[5].head, p.tokens[5].deprel), (Some(6), "case"));
        assert_eq!(p.tokens[8].head, Some(4));
        let mut p = sentence("for");
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    // "According to a report in Janes , the firm Acme has won orders ."
    // with "report" read as the subject and "Acme" as a conjunct of
    // "Janes"; "According to Janes and Acme , sales rose ." is no such case
    // (a conjunction joins them, and "sales" is the subject).
    #[test]
    fn a_subject_swallowed_by_a_fronted_phrase_comes_back() {
        use Upos::*;
        let mut p = tree(&[
            ("According", Verb, "VBG", 4, "case"),
            ("to", Adp, "IN", 1, "fixed"),
            ("a", Det, "DT", 4, "det"),
            ("report", Noun, "NN", 13, "nsubj"),
            ("in", Adp, "IN", 6, "case"),
            ("Janes", Propn, "NNP", 4, "nmod"),
            (",", Punct, ",", 10, "punct"),
            ("the", Det, "DT", 10, "det"),
            ("firm", Noun, "NN", 10, "compound"),
            ("Acme", Propn, "NNP", 6, "conj"),
            ("has", Aux, "VBZ", 13, "aux"),
            ("quickly", Adv, "RB", 13, "advmod"),
            ("won", Verb, "VBN", 0, "root"),
            ("orders", Noun, "NNS", 13, "obj"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[9].head, p.tokens[9].deprel), (Some(12), "nsubj"));
        assert_eq!((p.tokens[3].head, p.tokens[3].deprel), (Some(12), "obl"));
        let mut p = tree(&[
            ("According", Verb, "VBG", 2, "case"),
            ("Janes", Propn, "NNP", 7, "obl"),
            ("and", Cconj, "CC", 4, "cc"),
            ("Acme", Propn, "NNP", 2, "conj"),
            (",", Punct, ",", 7, "punct"),
            ("sales", Noun, "NNS", 7, "nsubj"),
            ("rose", Verb, "VBD", 0, "root"),
        ]);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    // "Having won the order , Acme is hiring engineers ." with the
    // participle read as the root; "Having won the order , hired more ."
    // (no subject after the comma) stays.
    #[test]
    fn a_main_clause_under_an_opening_participle_becomes_the_root() {
        use Upos::*;
        let sentence = |subject: bool| {
            let mut rows = vec![
                ("Having", Aux, "VBG", 2, "aux"),
                ("won", Verb, "VBN", 0, "root"),
                ("the", Det, "DT", 4, "det"),
                ("order", Noun, "NN", 2, "obj"),
                (",", Punct, ",", 8, "punct"),
                ("Acme", Propn, "NNP", 8, "nsubj"),
                ("is", Aux, "VBZ", 8, "aux"),
                ("hiring", Verb, "VBG", 2, "advcl"),
                ("engineers", Noun, "NNS", 8, "obj"),
            ];
            if !subject {
                rows[5] = ("Acme", Propn, "NNP", 9, "compound");
            }
            tree(&rows)
        };
        let mut p = sentence(true);
        repair(&mut p);
        assert_eq!(
            (p.tokens[7].head, p.tokens[7].deprel),
            (None, "root"),
            "{:?}",
            heads(&p)
        );
        assert_eq!((p.tokens[1].head, p.tokens[1].deprel), (Some(7), "advcl"));
        let mut p = sentence(false);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    // "Jets were handed over to the navy last month ." with "navy" (and
    // its "to") read as a compound of "month".
    #[test]
    fn a_phrase_read_as_part_of_a_time_goes_to_the_verb() {
        use Upos::*;
        let mut p = tree(&[
            ("Jets", Noun, "NNS", 3, "nsubj:pass"),
            ("were", Aux, "VBD", 3, "aux:pass"),
            ("handed", Verb, "VBN", 0, "root"),
            ("over", Adp, "RP", 3, "compound:prt"),
            ("to", Adp, "IN", 7, "case"),
            ("the", Det, "DT", 7, "det"),
            ("navy", Noun, "NN", 9, "compound"),
            ("last", Adj, "JJ", 9, "amod"),
            ("month", Noun, "NN", 3, "obl:unmarked"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (Some(2), "obl"));
        assert_eq!(p.tokens[8].head, Some(2));
    }

    // "the supply of shells to Armenia by Acme was completed ." and
    // "jets were handed to Ghana by India ." with the agent on the name.
    #[test]
    fn an_agent_on_a_name_goes_to_its_event() {
        use Upos::*;
        let mut p = tree(&[
            ("the", Det, "DT", 2, "det"),
            ("supply", Noun, "NN", 10, "nsubj:pass"),
            ("of", Adp, "IN", 4, "case"),
            ("shells", Noun, "NNS", 2, "nmod"),
            ("to", Adp, "IN", 6, "case"),
            ("Armenia", Propn, "NNP", 4, "nmod"),
            ("by", Adp, "IN", 8, "case"),
            ("Acme", Propn, "NNP", 6, "nmod"),
            ("was", Aux, "VBD", 10, "aux:pass"),
            ("completed", Verb, "VBN", 0, "root"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[7].head, p.tokens[7].deprel), (Some(1), "nmod"));
        let mut p = tree(&[
            ("jets", Noun, "NNS", 3, "nsubj:pass"),
            ("were", Aux, "VBD", 3, "aux:pass"),
            ("handed", Verb, "VBN", 0, "root"),
            ("to", Adp, "IN", 5, "case"),
            ("Ghana", Propn, "NNP", 3, "obl"),
            ("by", Adp, "IN", 7, "case"),
            ("India", Propn, "NNP", 5, "nmod"),
        ]);
        repair(&mut p);
        assert_eq!(
            (p.tokens[6].head, p.tokens[6].deprel),
            (Some(2), "obl:agent")
        );
    }

    // "The navy has wet - leased a tanker ." with "has" read as the main
    // verb; "The navy has leased jets built ." keeps "has" when it holds
    // an object.
    #[test]
    fn a_perfect_have_read_as_main_verb_becomes_an_auxiliary() {
        use Upos::*;
        let mut p = tree(&[
            ("The", Det, "DT", 2, "det"),
            ("navy", Noun, "NN", 3, "nsubj"),
            ("has", Verb, "VBZ", 0, "root"),
            ("wet", Adj, "JJ", 6, "amod"),
            ("-", Punct, "HYPH", 4, "punct"),
            ("leased", Verb, "VBN", 3, "xcomp"),
            ("a", Det, "DT", 8, "det"),
            ("tanker", Noun, "NN", 6, "obj"),
            (".", Punct, ".", 3, "punct"),
        ]);
        repair(&mut p);
        assert_eq!(
            (p.tokens[5].head, p.tokens[5].deprel),
            (None, "root"),
            "{:?}",
            heads(&p)
        );
        assert_eq!((p.tokens[2].head, p.tokens[2].deprel), (Some(5), "aux"));
        assert_eq!((p.tokens[1].head, p.tokens[1].deprel), (Some(5), "nsubj"));
        assert_eq!(p.tokens[8].head, Some(5));
    }

    // "Egypt is negotiating with Acme for guns , sources said ." with
    // "with" read as a marker of "said" and "Acme" as its first subject.
    #[test]
    fn a_phrase_read_as_a_second_subject_of_a_reporting_verb_returns() {
        use Upos::*;
        let mut p = tree(&[
            ("Egypt", Propn, "NNP", 3, "nsubj"),
            ("is", Aux, "VBZ", 3, "aux"),
            ("negotiating", Verb, "VBG", 0, "root"),
            ("with", Adp, "IN", 11, "mark"),
            ("Acme", Propn, "NNP", 11, "nsubj"),
            ("for", Adp, "IN", 7, "case"),
            ("guns", Noun, "NNS", 5, "nmod"),
            (",", Punct, ",", 11, "punct"),
            ("military", Adj, "JJ", 10, "amod"),
            ("sources", Noun, "NNS", 11, "nsubj"),
            ("said", Verb, "VBD", 3, "ccomp"),
        ]);
        repair(&mut p);
        assert_eq!(
            (p.tokens[4].head, p.tokens[4].deprel),
            (Some(2), "obl"),
            "{:?}",
            heads(&p)
        );
        assert_eq!((p.tokens[3].head, p.tokens[3].deprel), (Some(4), "case"));
        assert_eq!((p.tokens[9].head, p.tokens[9].deprel), (Some(10), "nsubj"));
    }

    // "Acme signed a contract worth 90 with the ministry for guns ." with
    // worth rightly on "contract" but "with" and "for" phrases hung on the
    // amount and on worth.
    #[test]
    fn phrases_after_a_worth_amount_go_to_its_noun() {
        use Upos::*;
        let mut p = tree(&[
            ("Acme", Propn, "NNP", 2, "nsubj"),
            ("signed", Verb, "VBD", 0, "root"),
            ("a", Det, "DT", 4, "det"),
            ("contract", Noun, "NN", 2, "obj"),
            ("worth", Adj, "JJ", 4, "amod"),
            ("90", Num, "CD", 5, "obj"),
            ("with", Adp, "IN", 9, "case"),
            ("the", Det, "DT", 9, "det"),
            ("ministry", Noun, "NN", 6, "nmod"),
            ("for", Adp, "IN", 11, "case"),
            ("guns", Noun, "NNS", 5, "obl"),
        ]);
        repair(&mut p);
        assert_eq!(
            (p.tokens[8].head, p.tokens[8].deprel),
            (Some(3), "nmod"),
            "{:?}",
            heads(&p)
        );
        assert_eq!((p.tokens[10].head, p.tokens[10].deprel), (Some(3), "nmod"));
    }

    // "Peru met two critical niche requirements ."
    #[test]
    fn a_noun_read_as_the_object_of_a_noun_before_it_is_its_head() {
        use Upos::*;
        let mut p = tree(&[
            ("Peru", Propn, "NNP", 2, "nsubj"),
            ("met", Verb, "VBD", 0, "root"),
            ("two", Num, "CD", 5, "nummod"),
            ("critical", Adj, "JJ", 5, "amod"),
            ("niche", Noun, "NN", 2, "obj"),
            ("requirements", Noun, "NNS", 5, "obj"),
            (".", Punct, ".", 2, "punct"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[5].head, p.tokens[5].deprel), (Some(1), "obj"));
        assert_eq!(
            (p.tokens[4].head, p.tokens[4].deprel),
            (Some(5), "compound")
        );
        assert_eq!(p.tokens[2].head, Some(5));
        // A noun with a subject of its own acts as a verb: left alone.
        let mut p = tree(&[
            ("India", Propn, "NNP", 2, "nsubj"),
            ("points", Noun, "NNS", 0, "root"),
            ("arms", Noun, "NNS", 2, "obj"),
        ]);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    // "Acme got orders for the engine from the lab ."
    #[test]
    fn a_preposition_heading_its_noun_becomes_its_case() {
        use Upos::*;
        let mut p = tree(&[
            ("Acme", Propn, "NNP", 2, "nsubj"),
            ("got", Verb, "VBD", 0, "root"),
            ("orders", Noun, "NNS", 2, "obj"),
            ("for", Adp, "IN", 6, "case"),
            ("the", Det, "DT", 6, "det"),
            ("engine", Noun, "NN", 3, "nmod"),
            ("from", Adp, "IN", 6, "nmod"),
            ("the", Det, "DT", 9, "det"),
            ("lab", Noun, "NN", 7, "obj"),
            (".", Punct, ".", 2, "punct"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[8].head, p.tokens[8].deprel), (Some(5), "nmod"));
        assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (Some(8), "case"));
        assert_eq!(p.tokens[7].head, Some(8));
    }

    // "A deal worth 20 for 24 jets was signed ."
    #[test]
    fn a_second_subject_opened_by_a_preposition_modifies_the_first() {
        use Upos::*;
        let mut p = tree(&[
            ("A", Det, "DT", 2, "det"),
            ("deal", Noun, "NN", 9, "nsubj:pass"),
            ("worth", Adj, "JJ", 2, "amod"),
            ("20", Num, "CD", 3, "obj"),
            ("for", Adp, "IN", 7, "case"),
            ("24", Num, "CD", 7, "nummod"),
            ("jets", Noun, "NNS", 9, "nsubj:pass"),
            ("was", Aux, "VBD", 9, "aux:pass"),
            ("signed", Verb, "VBN", 0, "root"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (Some(1), "nmod"));
        assert_eq!(
            (p.tokens[1].head, p.tokens[1].deprel),
            (Some(8), "nsubj:pass")
        );
        // A time so misread is the verb's.
        let mut p = tree(&[
            ("The", Det, "DT", 2, "det"),
            ("talks", Noun, "NNS", 6, "nsubj"),
            ("on", Adp, "IN", 4, "case"),
            ("Monday", Propn, "NNP", 6, "nsubj"),
            ("quickly", Adv, "RB", 6, "advmod"),
            ("failed", Verb, "VBD", 0, "root"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[3].head, p.tokens[3].deprel), (Some(5), "obl"));
        assert_eq!((p.tokens[1].head, p.tokens[1].deprel), (Some(5), "nsubj"));
    }

    // "The jets ordered in 2016 were delivered ."
    #[test]
    fn a_reduced_relative_before_a_passive_is_no_main_verb() {
        use Upos::*;
        let mut p = tree(&[
            ("The", Det, "DT", 2, "det"),
            ("jets", Noun, "NNS", 3, "nsubj"),
            ("ordered", Verb, "VBD", 0, "root"),
            ("in", Adp, "IN", 5, "case"),
            ("2016", Num, "CD", 3, "obl"),
            ("were", Aux, "VBD", 7, "aux:pass"),
            ("delivered", Verb, "VBN", 3, "ccomp"),
            (".", Punct, ".", 3, "punct"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (None, "root"));
        assert_eq!(
            (p.tokens[1].head, p.tokens[1].deprel),
            (Some(6), "nsubj:pass")
        );
        assert_eq!((p.tokens[2].head, p.tokens[2].deprel), (Some(1), "acl"));
        assert_eq!(p.tokens[7].head, Some(6));
    }

    // "Acme won an order worth 20 from the navy for 60 guns ."
    #[test]
    fn the_phrases_after_worth_and_its_amount_modify_the_object() {
        use Upos::*;
        let mut p = tree(&[
            ("Acme", Propn, "NNP", 2, "nsubj"),
            ("won", Verb, "VBD", 0, "root"),
            ("an", Det, "DT", 4, "det"),
            ("order", Noun, "NN", 2, "obj"),
            ("worth", Adj, "JJ", 2, "xcomp"),
            ("20", Num, "CD", 5, "obj"),
            ("from", Adp, "IN", 9, "case"),
            ("the", Det, "DT", 9, "det"),
            ("navy", Noun, "NN", 6, "nmod"),
            ("for", Adp, "IN", 11, "case"),
            ("60", Num, "CD", 12, "nummod"),
            ("guns", Noun, "NNS", 9, "nmod"),
            (".", Punct, ".", 2, "punct"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[4].head, p.tokens[4].deprel), (Some(3), "amod"));
        assert_eq!((p.tokens[8].head, p.tokens[8].deprel), (Some(3), "nmod"));
        assert_eq!((p.tokens[11].head, p.tokens[11].deprel), (Some(3), "nmod"));
        assert_eq!(p.tokens[5].head, Some(4), "the amount stays worth's object");
    }

    #[test]
    fn a_verb_hung_on_a_noun_root_after_a_comma_is_the_root() {
        // As a conjunct or as a parataxis.
        for rel in ["conj", "parataxis"] {
            let mut p = noun_root(rel, 2);
            repair(&mut p);
            assert_eq!(p.tokens[6].head, None, "{rel}");
            assert_eq!(p.tokens[6].deprel, "root");
            assert_eq!((p.tokens[1].head, p.tokens[1].deprel), (Some(6), "nsubj"));
            assert_eq!(p.tokens[8].head, Some(6), "the full stop follows the verb");
            assert_eq!(p.tokens[3].head, Some(1), "the phrase stays on the noun");
        }
    }

    #[test]
    fn a_verb_read_as_its_own_clause_is_left_alone() {
        let mut p = noun_root("acl:relcl", 2);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    #[test]
    fn an_apposed_name_after_a_fronted_phrase_is_the_subject() {
        let mut p = fronted("appos", 5);
        repair(&mut p);
        assert_eq!(p.tokens[7].head, Some(8));
        assert_eq!(p.tokens[7].deprel, "nsubj");
        assert_eq!(p.tokens[5].head, Some(8), "the comma closes the phrase");
    }

    #[test]
    fn a_verb_with_a_subject_is_left_alone() {
        let mut p = fronted("nsubj", 9);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    #[test]
    fn no_comma_no_repair() {
        use Upos::*;
        // "The request by China introduces a dimension": the parser's
        // nmod stays (nothing marks where a fronted phrase would end).
        let mut p = tree(&[
            ("The", Det, "DT", 2, "det"),
            ("request", Noun, "NN", 5, "obl"),
            ("by", Adp, "IN", 4, "case"),
            ("China", Propn, "NNP", 2, "nmod"),
            ("introduces", Verb, "VBZ", 0, "root"),
            ("a", Det, "DT", 7, "det"),
            ("dimension", Noun, "NN", 5, "obj"),
        ]);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    #[test]
    fn a_subordinators_noun_phrase_is_the_subject_of_its_clause() {
        use Upos::*;
        // "Talks stalled since rivals are offering jets", with "since
        // rivals" read as a modifier of "Talks".
        let mut p = tree(&[
            ("Talks", Noun, "NNS", 2, "nsubj"),
            ("stalled", Verb, "VBD", 0, "root"),
            ("since", Adp, "IN", 4, "case"),
            ("rivals", Noun, "NNS", 1, "nmod"),
            ("are", Aux, "VBP", 6, "aux"),
            ("offering", Verb, "VBG", 2, "advcl"),
            ("jets", Noun, "NNS", 6, "obj"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[3].head, p.tokens[3].deprel), (Some(5), "nsubj"));
        assert_eq!((p.tokens[2].head, p.tokens[2].deprel), (Some(5), "mark"));
    }

    #[test]
    fn a_preposition_that_opens_no_clause_is_left_alone() {
        use Upos::*;
        // "Talks with rivals are offering hope" would need its own subject
        // rule: "with" opens no clause.
        let mut p = tree(&[
            ("Talks", Noun, "NNS", 5, "obl"),
            ("with", Adp, "IN", 3, "case"),
            ("rivals", Noun, "NNS", 1, "nmod"),
            ("are", Aux, "VBP", 5, "aux"),
            ("offering", Verb, "VBG", 0, "root"),
            ("hope", Noun, "NN", 5, "obj"),
        ]);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    #[test]
    fn a_noun_read_as_the_clause_of_said_is_the_object_of_the_verb_before_it() {
        use Upos::*;
        // "Acme received a contract , the Navy said"
        let rows = |after_received: &'static str| {
            tree(&[
                ("Acme", Propn, "NNP", 2, "nsubj"),
                ("received", Verb, "VBD", 8, "ccomp"),
                ("a", Det, "DT", 4, "det"),
                ("contract", Noun, "NN", 8, after_received),
                (",", Punct, ",", 8, "punct"),
                ("the", Det, "DT", 7, "det"),
                ("Navy", Propn, "NNP", 8, "nsubj"),
                ("said", Verb, "VBD", 0, "root"),
            ])
        };
        let mut p = rows("ccomp");
        repair(&mut p);
        assert_eq!((p.tokens[3].head, p.tokens[3].deprel), (Some(1), "obj"));
        // After a verb of saying the noun heads the clause said.
        let mut p = tree(&[
            ("He", Pron, "PRP", 2, "nsubj"),
            ("said", Verb, "VBD", 0, "root"),
            ("talks", Noun, "NNS", 2, "ccomp"),
        ]);
        let before = heads(&p);
        repair(&mut p);
        assert_eq!(heads(&p), before);
    }

    #[test]
    fn a_passive_verb_gets_a_passive_subject() {
        use Upos::*;
        // "In May, the ships were delivered"
        let mut p = tree(&[
            ("In", Adp, "IN", 2, "case"),
            ("May", Propn, "NNP", 7, "obl"),
            (",", Punct, ",", 5, "punct"),
            ("the", Det, "DT", 5, "det"),
            ("ships", Noun, "NNS", 2, "appos"),
            ("were", Aux, "VBD", 7, "aux:pass"),
            ("delivered", Verb, "VBN", 0, "root"),
        ]);
        repair(&mut p);
        assert_eq!(p.tokens[4].head, Some(6));
        assert_eq!(p.tokens[4].deprel, "nsubj:pass");
    }

    /// "Lima asked the navy to lease boats" / "Lima used the funds to
    /// lease boats", with "lease" read as a clause of purpose.
    fn infinitive_after_object(verb: &str) -> Parse {
        use Upos::*;
        let mut p = tree(&[
            ("Lima", Propn, "NNP", 2, "nsubj"),
            (verb, Verb, "VBD", 0, "root"),
            ("the", Det, "DT", 4, "det"),
            ("navy", Noun, "NN", 2, "obj"),
            ("to", Part, "TO", 6, "mark"),
            ("lease", Verb, "VB", 2, "advcl"),
            ("boats", Noun, "NNS", 6, "obj"),
        ]);
        p.tokens[1].lemma = verb.trim_end_matches("ed").to_string();
        p
    }

    /// "Rebels said the army used drones", "used" read as a reduced
    /// relative on "army".
    fn reported_clause(verb: &str, with_object: bool) -> Parse {
        use Upos::*;
        let mut rows = vec![
            ("Rebels", Noun, "NNS", 2, "nsubj"),
            (verb, Verb, "VBD", 0, "root"),
            ("the", Det, "DT", 4, "det"),
            ("army", Noun, "NN", 2, "obj"),
            ("used", Verb, "VBN", 4, "acl"),
        ];
        if with_object {
            rows.push(("drones", Noun, "NNS", 5, "obj"));
        } else {
            rows.push(("yesterday", Noun, "NN", 5, "obl:tmod"));
        }
        let mut p = tree(&rows);
        p.tokens[1].lemma = if verb == "said" { "say" } else { "warn" }.into();
        p.tokens[4].lemma = "use".into();
        p
    }

    #[test]
    fn a_participle_with_an_object_after_a_reported_object_is_the_clause() {
        let mut p = reported_clause("said", true);
        repair(&mut p);
        assert_eq!((p.tokens[4].head, p.tokens[4].deprel), (Some(1), "ccomp"));
        assert_eq!((p.tokens[3].head, p.tokens[3].deprel), (Some(4), "nsubj"));
        // Without an object it may be a reduced relative; after "warn" the
        // object is a person warned.
        for (verb, object) in [("said", false), ("warned", true)] {
            let mut p = reported_clause(verb, object);
            repair(&mut p);
            assert_eq!(p.tokens[4].deprel, "acl", "{verb} {object}");
        }
    }

    #[test]
    fn a_later_item_hung_on_the_clause_rejoins_its_list() {
        use Upos::*;
        // "Oman deployed tanks , trucks , radars ...", "radars" read as a
        // conjunct of "deployed"; then "and drones", or "are" (a clause).
        let list = |rest: &[(&'static str, Upos, &'static str, usize, &'static str)]| {
            let mut rows = vec![
                ("Oman", Propn, "NNP", 2, "nsubj"),
                ("deployed", Verb, "VBD", 0, "root"),
                ("tanks", Noun, "NNS", 2, "obj"),
                (",", Punct, ",", 5, "punct"),
                ("trucks", Noun, "NNS", 3, "conj"),
                (",", Punct, ",", 7, "punct"),
                ("radars", Noun, "NNS", 2, "conj"),
            ];
            rows.extend_from_slice(rest);
            let mut p = tree(&rows);
            repair(&mut p);
            p
        };
        let p = list(&[
            ("and", Cconj, "CC", 9, "cc"),
            ("drones", Noun, "NNS", 7, "conj"),
        ]);
        assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (Some(2), "conj"));
        assert_eq!((p.tokens[8].head, p.tokens[8].deprel), (Some(2), "conj"));
        // A clause of its own keeps its place.
        let p = list(&[("are", Aux, "VBP", 7, "cop")]);
        assert_eq!(p.tokens[6].head, Some(1));
    }

    #[test]
    fn two_designations_before_one_noun_share_it() {
        use Upos::*;
        // "Peru bought the MiG-29 and Su-30 jets", read with "MiG-29" as
        // the object and "jets" its conjunct.
        let read = |second: &str| {
            let mut p = tree(&[
                ("Peru", Propn, "NNP", 2, "nsubj"),
                ("bought", Verb, "VBD", 0, "root"),
                ("the", Det, "DT", 4, "det"),
                ("MiG-29", Propn, "NNP", 2, "obj"),
                ("and", Cconj, "CC", 7, "cc"),
                (second, Propn, "NNP", 7, "compound"),
                ("jets", Noun, "NNS", 4, "conj"),
            ]);
            repair(&mut p);
            p.tokens
                .iter()
                .map(|t| (t.head, t.deprel))
                .collect::<Vec<_>>()
        };
        let got = read("Su-30");
        assert_eq!(got[6], (Some(1), "obj"), "{got:?}");
        assert_eq!(got[3], (Some(6), "compound"), "{got:?}");
        assert_eq!(got[5], (Some(3), "conj"), "{got:?}");
        assert_eq!(got[2], (Some(6), "det"), "{got:?}");
        // A second word that is no designation ("the MiG-29 and fighter
        // jets") keeps the reading of two phrases.
        let got = read("Fighter");
        assert_eq!(got[3], (Some(1), "obj"), "{got:?}");
    }

    #[test]
    fn a_bare_phrase_after_the_object_is_the_object_and_the_first_the_receiver() {
        use Upos::*;
        // "Oman gifted Kenya a boat" / "Oman paid Kenya a week ago"
        let ditransitive = |noun: &str| {
            let mut p = tree(&[
                ("Oman", Propn, "NNP", 2, "nsubj"),
                ("gifted", Verb, "VBD", 0, "root"),
                ("Kenya", Propn, "NNP", 2, "obj"),
                ("a", Det, "DT", 5, "det"),
                (noun, Noun, "NN", 2, "obl:unmarked"),
            ]);
            p.tokens[3].lemma = "a".into();
            repair(&mut p);
            (p.tokens[2].deprel, p.tokens[4].deprel)
        };
        assert_eq!(ditransitive("boat"), ("iobj", "obj"));
        assert_eq!(ditransitive("week"), ("obj", "obl:unmarked"));
        // "Oman gave Kenya a boat" with both read as objects; "Oman made
        // Kenya a partner" is an object and its predicate.
        let two_objects = |verb: &str, lemma: &str| {
            let mut p = tree(&[
                ("Oman", Propn, "NNP", 2, "nsubj"),
                (verb, Verb, "VBD", 0, "root"),
                ("Kenya", Propn, "NNP", 2, "obj"),
                ("a", Det, "DT", 5, "det"),
                ("boat", Noun, "NN", 2, "obj"),
            ]);
            p.tokens[1].lemma = lemma.into();
            p.tokens[3].lemma = "a".into();
            repair(&mut p);
            (p.tokens[2].deprel, p.tokens[4].deprel)
        };
        assert_eq!(two_objects("gave", "give"), ("iobj", "obj"));
        assert_eq!(two_objects("made", "make"), ("obj", "obj"));
    }

    #[test]
    fn an_infinitive_after_the_object_of_asking_is_its_complement() {
        let mut p = infinitive_after_object("asked");
        repair(&mut p);
        assert_eq!((p.tokens[5].head, p.tokens[5].deprel), (Some(1), "xcomp"));
        // A purpose stays a purpose.
        let mut p = infinitive_after_object("used");
        p.tokens[1].lemma = "use".into();
        repair(&mut p);
        assert_eq!(p.tokens[5].deprel, "advcl");
    }

    #[test]
    fn a_name_beside_the_object_is_part_of_it() {
        use Upos::*;
        // "Saab offered its X-9 fighters" / "Saab gave the navy the fighters"
        let two_objects = |first: &str, det: &'static str| {
            let mut p = tree(&[
                ("Saab", Propn, "NNP", 2, "nsubj"),
                ("offered", Verb, "VBD", 0, "root"),
                (det, Det, "DT", 4, "det"),
                (first, Propn, "NNP", 2, "obj"),
                ("fighters", Noun, "NNS", 2, "obj"),
            ]);
            repair(&mut p);
            (p.tokens[3].head, p.tokens[3].deprel)
        };
        assert_eq!(two_objects("X-9", "its"), (Some(4), "compound"));
        // A common noun is a phrase of its own (a receiver, say).
        assert_eq!(two_objects("navy", "the"), (Some(1), "obj"));
    }

    #[test]
    fn a_title_beside_the_subject_is_part_of_it() {
        use Upos::*;
        // "Navy Chief Admiral Ana Costa met ..." / "The chief, the admiral met"
        let two_subjects = |third: (&'static str, Upos, &'static str, &'static str)| {
            let (form, upos, xpos, deprel) = third;
            let mut p = tree(&[
                ("Navy", Propn, "NNP", 2, "compound"),
                ("Chief", Propn, "NNP", 6, "nsubj"),
                (form, upos, xpos, 5, deprel),
                ("Admiral", Propn, "NNP", 5, "compound"),
                ("Costa", Propn, "NNP", 6, "nsubj"),
                ("met", Verb, "VBD", 0, "root"),
            ]);
            repair(&mut p);
            (p.tokens[1].head, p.tokens[1].deprel)
        };
        assert_eq!(
            two_subjects(("Ana", Propn, "NNP", "compound")),
            (Some(4), "compound")
        );
        // The second opening its own phrase is a second phrase.
        assert_eq!(two_subjects(("the", Det, "DT", "det")), (Some(5), "nsubj"));
    }

    #[test]
    fn a_relative_clause_after_a_comma_modifies_the_noun_before_it() {
        use Upos::*;
        // "Chile chose two jets, that are the Tejas ..." / "..., it is the Tejas"
        let clause = |opener: &'static str| {
            let mut p = tree(&[
                ("Chile", Propn, "NNP", 2, "nsubj"),
                ("chose", Verb, "VBD", 0, "root"),
                ("two", Num, "CD", 4, "nummod"),
                ("jets", Noun, "NNS", 2, "obj"),
                (",", Punct, ",", 9, "punct"),
                (opener, Pron, "WDT", 9, "nsubj"),
                ("are", Aux, "VBP", 9, "cop"),
                ("the", Det, "DT", 9, "det"),
                ("Tejas", Propn, "NNP", 2, "parataxis"),
            ]);
            repair(&mut p);
            (p.tokens[8].head, p.tokens[8].deprel)
        };
        assert_eq!(clause("that"), (Some(3), "acl:relcl"));
        // Without a relative pronoun it is a clause of its own.
        assert_eq!(clause("these"), (Some(1), "parataxis"));
    }

    #[test]
    fn a_second_subject_after_a_comma_continues_the_list_of_the_first() {
        use Upos::*;
        // "Bids from Acme, Bolt and Crux were received"
        let mut p = tree(&[
            ("Bids", Noun, "NNS", 8, "nsubj:pass"),
            ("from", Adp, "IN", 3, "case"),
            ("Acme", Propn, "NNP", 1, "nmod"),
            (",", Punct, ",", 5, "punct"),
            ("Bolt", Propn, "NNP", 8, "nsubj:pass"),
            ("and", Cconj, "CC", 7, "cc"),
            ("Crux", Propn, "NNP", 5, "conj"),
            ("received", Verb, "VBN", 0, "root"),
        ]);
        repair(&mut p);
        let at = |i: usize| (p.tokens[i].head, p.tokens[i].deprel);
        assert_eq!((at(4), at(6)), ((Some(2), "conj"), (Some(2), "conj")));
        // "Both states, Chile and Peru agreed": an apposition.
        let mut p = tree(&[
            ("states", Noun, "NNS", 6, "nsubj"),
            (",", Punct, ",", 3, "punct"),
            ("Chile", Propn, "NNP", 6, "nsubj"),
            ("and", Cconj, "CC", 5, "cc"),
            ("Peru", Propn, "NNP", 3, "conj"),
            ("agreed", Verb, "VBD", 0, "root"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[2].head, p.tokens[2].deprel), (Some(0), "appos"));
        assert_eq!(p.tokens[4].head, Some(2));
    }

    #[test]
    fn a_subject_with_a_preposition_is_an_oblique() {
        use Upos::*;
        // "The navy by June will name the winner" / "The navy is at sea"
        let mut p = tree(&[
            ("navy", Noun, "NN", 3, "nsubj"),
            ("by", Adp, "IN", 3, "case"),
            ("June", Propn, "NNP", 5, "nsubj"),
            ("will", Aux, "MD", 5, "aux"),
            ("name", Verb, "VB", 0, "root"),
        ]);
        repair(&mut p);
        let at = |p: &Parse, i: usize| (p.tokens[i].head, p.tokens[i].deprel);
        assert_eq!(at(&p, 2), (Some(4), "obl"));
        assert_eq!(at(&p, 0), (Some(4), "nsubj"));
        // A prepositional predicate keeps its copula's reading.
        let mut p = tree(&[
            ("navy", Noun, "NN", 4, "nsubj"),
            ("is", Aux, "VBZ", 4, "cop"),
            ("at", Adp, "IN", 4, "case"),
            ("sea", Noun, "NN", 6, "nsubj"),
            ("and", Cconj, "CC", 6, "cc"),
            ("waits", Verb, "VBZ", 0, "root"),
        ]);
        repair(&mut p);
        assert_eq!(at(&p, 3), (Some(5), "nsubj"));
    }

    #[test]
    fn a_noun_before_last_month_is_the_object() {
        use Upos::*;
        let mut p = tree(&[
            ("Kenya", Propn, "NNP", 2, "nsubj"),
            ("visited", Verb, "VBD", 0, "root"),
            ("Uganda", Propn, "NNP", 5, "compound"),
            ("last", Adj, "JJ", 5, "amod"),
            ("month", Noun, "NN", 2, "obl:unmarked"),
        ]);
        repair(&mut p);
        assert_eq!((p.tokens[2].head, p.tokens[2].deprel), (Some(1), "obj"));
        // "the Uganda trip last month" keeps its compound: no opener between.
        let mut p = tree(&[
            ("Kenya", Propn, "NNP", 2, "nsubj"),
            ("began", Verb, "VBD", 0, "root"),
            ("Uganda", Propn, "NNP", 4, "compound"),
            ("trip", Noun, "NN", 2, "obj"),
        ]);
        repair(&mut p);
        assert_eq!(
            (p.tokens[2].head, p.tokens[2].deprel),
            (Some(3), "compound")
        );
    }

    // "Peru ordered radars , the Vulcan guns and drones ." with the middle
    // item hung on the verb as `rel`, and `cc` before the last item.
    fn middle_item(rel: &'static str, cc: &str) -> Parse {
        use Upos::*;
        tree(&[
            ("Peru", Propn, "NNP", 2, "nsubj"),
            ("ordered", Verb, "VBD", 0, "root"),
            ("radars", Noun, "NNS", 2, "obj"),
            (",", Punct, ",", 7, "punct"),
            ("the", Det, "DT", 7, "det"),
            ("Vulcan", Propn, "NNP", 7, "compound"),
            ("guns", Noun, "NNS", 2, rel),
            (cc, Cconj, "CC", 9, "cc"),
            ("drones", Noun, "NNS", 7, "conj"),
            (".", Punct, ".", 2, "punct"),
        ])
    }

    #[test]
    fn a_middle_list_item_on_the_verb_joins_the_list() {
        for rel in ["xcomp", "obj", "dep", "vocative"] {
            let mut p = middle_item(rel, "and");
            repair(&mut p);
            // Both later items are conjuncts of the first.
            assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (Some(2), "conj"));
            assert_eq!((p.tokens[8].head, p.tokens[8].deprel), (Some(2), "conj"));
        }
        // Without a conjunction nothing shows a list.
        let mut p = middle_item("xcomp", "then");
        repair(&mut p);
        assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (Some(1), "xcomp"));
        // An apposition with a list of its own stays.
        let mut p = middle_item("appos", "and");
        repair(&mut p);
        assert_eq!((p.tokens[6].head, p.tokens[6].deprel), (Some(1), "appos"));
    }

    #[test]
    fn an_apposition_hung_across_a_clause_is_a_list_item() {
        use Upos::*;
        // "the order , which buys radars for the navy , the army and the
        // police" with "army" an apposition of "order".
        let mut p = tree(&[
            ("order", Noun, "NN", 0, "root"),
            (",", Punct, ",", 4, "punct"),
            ("which", Pron, "WDT", 4, "nsubj"),
            ("buys", Verb, "VBZ", 1, "acl:relcl"),
            ("radars", Noun, "NNS", 4, "obj"),
            ("for", Adp, "IN", 7, "case"),
            ("navy", Noun, "NN", 5, "nmod"),
            (",", Punct, ",", 9, "punct"),
            ("army", Noun, "NN", 1, "appos"),
            ("and", Cconj, "CC", 11, "cc"),
            ("police", Noun, "NN", 9, "conj"),
        ]);
        repair(&mut p);
        let h = heads(&p);
        assert_eq!(h[8], (Some(6), "conj"));
        assert_eq!(h[10], (Some(6), "conj"));
    }
}
