//! Dependency paths: how a rule walks from its trigger to an argument.
//!
//! ```text
//! path  := step ('/' step)*
//! step  := '.'                          the token itself
//!        | ['^'] rel ['[' w|w ']'] ['{' test, test '}']
//! test  := key ('=' | '!=') v|v         key: lemma, upos, form, class, lacks
//! ```
//! `nsubj` goes down to a child by that relation, `^obj` up to the head of
//! a token that is its head's `obj`. A relation without a subtype matches
//! all its subtypes (`obl` matches `obl:tmod`); `=nsubj` matches only the
//! bare relation (an active subject, not `nsubj:pass`). `[to|into]` keeps tokens
//! with such a `case` or `mark` child ("to India"); `{lemma=contract}`
//! constrains the token reached (a unit of several words, such as a system
//! mention, is its last word as well); `class=NAME` names a word class of the
//! grammar; `lacks=det|nmod:poss` keeps a token with no child by those
//! relations. Every path ends by spreading over coordination (`conj`) and by
//! replacing a relative pronoun with the noun its clause modifies.

use crate::tree::{base, rel_matches, Graph, Tree};
use crate::GrammarError;
use rustc_hash::FxHashMap;

/// A constraint on one token.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenTest {
    pub lemma: Option<Vec<String>>,
    pub not_lemma: Vec<String>,
    pub upos: Option<Vec<String>>,
    pub not_upos: Vec<String>,
    pub form: Option<Vec<String>>,
    /// Relations the token has no child by ("lacks=det|nmod:poss": a bare
    /// noun).
    pub lacks: Vec<String>,
}

impl TokenTest {
    pub fn accepts<T: Tree + ?Sized>(&self, t: &T, i: usize) -> bool {
        let lemma = t.lemma(i);
        let upos = t.upos(i);
        // A proper noun's lemma is its form; lemmas are named in lower case.
        let proper = upos == "PROPN";
        // A unit of several words ("HIMARS rocket launchers") is its head,
        // the last word, to a lemma test.
        let head = lemma.rsplit(' ').next().unwrap_or(lemma);
        let is = |l: &String| l == lemma || l == head || (proper && l.eq_ignore_ascii_case(lemma));
        self.lemma.as_ref().is_none_or(|v| v.iter().any(is))
            && !self.not_lemma.iter().any(is)
            && self
                .upos
                .as_ref()
                .is_none_or(|v| v.iter().any(|u| u == upos))
            && !self.not_upos.iter().any(|u| u == upos)
            && self
                .form
                .as_ref()
                .is_none_or(|v| v.iter().any(|f| f.eq_ignore_ascii_case(t.form(i))))
            && (self.lacks.is_empty()
                || !(0..t.len()).any(|c| {
                    t.head(c) == Some(i) && self.lacks.iter().any(|r| rel_matches(r, t.deprel(c)))
                }))
    }

    /// Reads `key=v|v, key!=v` (the inside of `{...}`); classes expand to
    /// their words.
    pub fn parse(
        text: &str,
        classes: &FxHashMap<String, Vec<String>>,
    ) -> Result<TokenTest, GrammarError> {
        let mut t = TokenTest::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, neg, vals) = if let Some((k, v)) = part.split_once("!=") {
                (k.trim(), true, v)
            } else if let Some((k, v)) = part.split_once('=') {
                (k.trim(), false, v)
            } else {
                return Err(GrammarError::Path(format!("`{part}`: expected key=value")));
            };
            let vals: Vec<String> = vals.split('|').map(|v| v.trim().to_string()).collect();
            match (key, neg) {
                ("lemma", false) => extend(&mut t.lemma, vals),
                ("lemma", true) => t.not_lemma.extend(vals),
                ("upos", false) => extend(&mut t.upos, vals),
                ("upos", true) => t.not_upos.extend(vals),
                ("form", false) => extend(&mut t.form, vals),
                ("lacks", false) => t.lacks.extend(vals),
                ("class", _) => {
                    let mut words = Vec::new();
                    for v in &vals {
                        let w = classes
                            .get(v)
                            .ok_or_else(|| GrammarError::UnknownClass(v.clone()))?;
                        words.extend(w.iter().cloned());
                    }
                    if neg {
                        t.not_lemma.extend(words);
                    } else {
                        extend(&mut t.lemma, words);
                    }
                }
                _ => return Err(GrammarError::Path(format!("`{part}`: unknown test"))),
            }
        }
        Ok(t)
    }
}

fn extend(slot: &mut Option<Vec<String>>, vals: Vec<String>) {
    slot.get_or_insert_with(Vec::new).extend(vals);
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// `.`: stay on the token (only a test applies).
    pub stay: bool,
    pub up: bool,
    pub rel: String,
    pub case: Option<Vec<String>>,
    pub test: TokenTest,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub text: String,
    pub steps: Vec<Step>,
    /// Nouns whose infinitive clause takes its subject from the noun's
    /// possessor or modifier ("India's plan to buy"): the grammar's class
    /// `control_noun`, empty when it has none.
    pub control_nouns: Vec<String>,
    /// Names of days and months (class `time_name`): after `on` a time,
    /// never a side that acts ("travelled on Thursday to attend").
    pub time_names: Vec<String>,
}

impl Path {
    pub fn parse(
        text: &str,
        classes: &FxHashMap<String, Vec<String>>,
    ) -> Result<Path, GrammarError> {
        let steps = split_steps(text)
            .into_iter()
            .map(|s| parse_step(s, classes))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| GrammarError::Path(format!("`{text}`: {e}")))?;
        if steps.is_empty() {
            return Err(GrammarError::Path(format!("`{text}`: empty path")));
        }
        Ok(Path {
            text: text.to_string(),
            steps,
            control_nouns: classes.get("control_noun").cloned().unwrap_or_default(),
            time_names: classes.get("time_name").cloned().unwrap_or_default(),
        })
    }

    /// The tokens this path reaches from `start`, spread over coordination,
    /// with relative pronouns replaced by their antecedents. In token order,
    /// without repeats.
    pub fn follow<T: Tree + ?Sized>(&self, g: &Graph<'_, T>, start: usize) -> Vec<usize> {
        let mut here = vec![start];
        for (k, step) in self.steps.iter().enumerate() {
            let mut next = Vec::new();
            for &t in &here {
                step_from(g, step, t, &mut next);
            }
            // A controlled or shared subject: "plans to buy", "bought and
            // deployed", "after buying ... , the army", "has plans to
            // buy": the subject of the clause this one depends on.
            if next.is_empty() && !step.up && step.rel.trim_start_matches('=').starts_with("nsubj")
            {
                for &t in &here {
                    next.extend(noun_controller(g, step, t, &self.control_nouns));
                }
                if next.is_empty() {
                    for &t in &here {
                        next.extend(controlled_subject(
                            g,
                            step,
                            t,
                            &self.control_nouns,
                            &self.time_names,
                        ));
                    }
                }
            }
            // "the Navy's first frigate, which will be delivered": a path
            // that goes on from a relative pronoun to its owner or
            // modifiers goes on from the noun the pronoun stands for (not
            // back down into the relative clause itself).
            if self.steps.get(k + 1).is_some_and(into_a_nouns_modifiers) {
                for t in &mut next {
                    *t = antecedent(g, *t).unwrap_or(*t);
                }
            }
            here = next;
            if here.is_empty() {
                return here;
            }
        }
        let mut out = Vec::new();
        for t in here {
            for c in conjuncts(g, t) {
                let c = antecedent(g, c).unwrap_or(c);
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }
}

fn step_from<T: Tree + ?Sized>(g: &Graph<'_, T>, step: &Step, t: usize, out: &mut Vec<usize>) {
    let keep = |c: usize| {
        step.case.as_ref().is_none_or(|w| g.has_case(c, w)) && step.test.accepts(g.tree, c)
    };
    if step.stay {
        if keep(t) {
            out.push(t);
        }
    } else if step.up {
        if rel_matches(&step.rel, g.tree.deprel(t)) && !filled_relative(g, step, t) {
            if let Some(h) = g.tree.head(t).filter(|&h| keep(h)) {
                out.push(h);
            }
        }
    } else {
        let before = out.len();
        out.extend(g.children_by(t, &step.rel).filter(|&c| keep(c)));
        // "a drone and a radar for the navy": a phrase the parse hung on a
        // later conjunct modifies the whole list.
        if out.len() == before && step.case.is_some() && g.tree.deprel(t) != "conj" {
            for c in conjuncts(g, t).into_iter().skip(1) {
                out.extend(g.children_by(c, &step.rel).filter(|&k| keep(k)));
            }
        }
    }
}

/// "helicopters, for which its air force sent a request": a relative
/// clause with an object of its own does not take the noun it modifies as
/// its goods, so a bare `^acl` step does not climb out of it.
fn filled_relative<T: Tree + ?Sized>(g: &Graph<'_, T>, step: &Step, t: usize) -> bool {
    step.rel == "acl"
        && g.tree.deprel(t) == "acl:relcl"
        && g.children_by(t, "obj").any(|o| g.tree.upos(o) != "PRON")
}

/// The clause a subject-less verb takes its subject from: the head of an
/// `xcomp`, of a `conj` verb, or of a non-finite adverbial clause.
/// The subject of a clause that has none of its own: the governor's object
/// when it has one ("allow the army to buy", "urged India to purchase"),
/// else the governor's subject (see [`controller`]).
///
/// The inherited subject plays the role the controlled clause's own voice
/// gives it: "Britain was expected to offer X" makes Britain the active
/// subject of *offer*, "Chile wants to be sold X" the passive one.
fn controlled_subject<T: Tree + ?Sized>(
    g: &Graph<'_, T>,
    step: &Step,
    t: usize,
    nouns: &[String],
    times: &[String],
) -> Vec<usize> {
    // "were built and delivered": a conjunct without auxiliaries of its own
    // shares its head's passive.
    let passive = |x: usize| g.children_by(x, "aux:pass").next().is_some();
    // A clause with a passive subject or an agent has no active subject to
    // inherit, whether or not the parse gave it its auxiliary ("rather than
    // the Patriot offered by Raytheon" read as a conjunct clause).
    let agentive = g.children_by(t, "nsubj:pass").next().is_some()
        || g.children_by(t, "obl:agent").next().is_some();
    let shares_head = g.tree.deprel(t) == "conj" && g.children_by(t, "aux").next().is_none();
    let passive_clause = passive(t) || (shares_head && g.tree.head(t).is_some_and(passive));
    // "the howitzers handed over under the deal": a past participle on a
    // noun, with no auxiliary or marker, is a passive clause without the
    // passive's words; the active subject of the verb above is not its own.
    let reduced_relative = g.tree.deprel(t) == "acl"
        && g.tree.upos(t) == "VERB"
        && !g.tree.form(t).ends_with("ing")
        && g.children_by(t, "aux").next().is_none()
        && g.children_by(t, "mark").next().is_none();
    let wanted = step.rel.trim_start_matches('=');
    // A reduced relative's subject is the noun it describes ("the
    // systems, ordered from IAI"), never a subject above it.
    let fits = match wanted {
        "nsubj:pass" => passive_clause,
        _ if step.rel.starts_with('=') => !passive_clause && !agentive && !reduced_relative,
        _ => !reduced_relative,
    };
    if !fits {
        return Vec::new();
    }
    // "put pressure on Chile to buy", "called on India to purchase": the
    // side an infinitive's governor bears on acts.
    if let Some(on) = bearing_on(g, t, times).filter(|_| wanted == "nsubj") {
        return Vec::from_iter(Some(on).filter(|&n| step.test.accepts(g.tree, n)));
    }
    if g.tree.deprel(t) == "xcomp" {
        if let Some(h) = g.tree.head(t) {
            // "urged India to buy": the object acts; in "has plans to buy"
            // the object is the plan, and the subject of "has" acts.
            // "asked Japan to send": the parser may read the asked side as
            // an indirect object.
            let objects: Vec<usize> = g
                .children_by(h, "obj")
                .chain(g.children_by(h, "iobj"))
                .filter(|&o| step.test.accepts(g.tree, o))
                .filter(|&o| !nouns.iter().any(|n| n == g.tree.lemma(o)))
                // "the jets that the navy plans to buy": a relative
                // pronoun the parse hung on "plans" is the goods, not who
                // acts.
                .filter(|&o| !is_relative_pronoun(g, o))
                .collect();
            if !objects.is_empty() {
                return objects;
            }
        }
    }
    // "Kazakhstan, while continuing to receive ...": an infinitive under
    // such a participle acts through the same noun.
    let participle_above = g.tree.head(t).filter(|_| g.tree.deprel(t) == "xcomp");
    let noun = participle_subject(g, t)
        .or_else(|| participle_above.and_then(|h| participle_subject(g, h)));
    if let Some(noun) = noun.filter(|_| wanted == "nsubj") {
        return Vec::from_iter(Some(noun).filter(|&n| step.test.accepts(g.tree, n)));
    }
    match controller(g, t) {
        // Whatever the governor's voice: its subject is this clause's.
        Some(h) => g
            .children_by(h, "nsubj")
            .filter(|&c| step.test.accepts(g.tree, c))
            .collect(),
        None => Vec::new(),
    }
}

/// The `on` oblique of the verb governing infinitive `t` ("pressed hard
/// on Chile to buy", "relies on Japan to supply"): in English the one a
/// verb with `on` bears on does what the infinitive tells, when it is a
/// name or a pronoun ("embarked on a visit to attend" is no such side).
fn bearing_on<T: Tree + ?Sized>(g: &Graph<'_, T>, t: usize, times: &[String]) -> Option<usize> {
    let to = g.children_by(t, "mark").any(|m| g.tree.lemma(m) == "to");
    if !to || !matches!(g.tree.deprel(t), "xcomp" | "advcl") {
        return None;
    }
    let h = g.tree.head(t)?;
    // A name or pronoun: "embarked on a visit to attend" acts itself, and
    // "travelled on Thursday to attend" is told of a day.
    g.children_by(h, "obl")
        .filter(|&o| {
            o < t
                && matches!(g.tree.upos(o), "PROPN" | "PRON")
                && !times
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(g.tree.lemma(o)))
        })
        .find(|&o| g.children_by(o, "case").any(|c| g.tree.lemma(c) == "on"))
}

fn is_relative_pronoun<T: Tree + ?Sized>(g: &Graph<'_, T>, t: usize) -> bool {
    g.tree.upos(t) == "PRON" && matches!(g.tree.lemma(t), "that" | "which" | "who" | "whom")
}

/// An active participle modifying a noun acts through that noun: "firms
/// bidding for the tender", "Hanwha, after winning orders from Poland, ..."
/// (the parse may hang an interrupting clause on the subject). An
/// infinitive ("plans to buy") is left to the noun controls above.
fn participle_subject<T: Tree + ?Sized>(g: &Graph<'_, T>, t: usize) -> Option<usize> {
    let participle = g.tree.upos(t) == "VERB" && g.tree.form(t).ends_with("ing");
    // "after winning", "while bidding"; not "the offer of procuring".
    let bare = g.children_by(t, "mark").all(|m| {
        matches!(
            g.tree.lemma(m),
            "after" | "before" | "while" | "when" | "since" | "upon"
        )
    });
    let head = g.tree.head(t)?;
    // "a year after receiving": a time measures the clause, it does not act.
    let time = matches!(
        g.tree.lemma(head),
        "year" | "month" | "week" | "day" | "decade" | "hour" | "time" | "moment"
    );
    // The parse may hang the clause on the noun as an adverbial one too.
    (matches!(g.tree.deprel(t), "acl" | "advcl")
        && participle
        && bare
        && !time
        && matches!(g.tree.upos(head), "NOUN" | "PROPN"))
    .then_some(head)
}

/// "India's plan to buy", "the Navy's decision to acquire": an infinitive
/// clause of a noun of intent takes its subject from the noun's possessor,
/// else from a name or nationality that modifies the noun.
fn noun_controller<T: Tree + ?Sized>(
    g: &Graph<'_, T>,
    step: &Step,
    t: usize,
    nouns: &[String],
) -> Vec<usize> {
    let active = matches!(step.rel.trim_start_matches('='), "nsubj");
    if !active
        || g.tree.deprel(t) != "acl"
        || !g.children_by(t, "mark").any(|m| g.tree.lemma(m) == "to")
    {
        return Vec::new();
    }
    let Some(h) = g
        .tree
        .head(t)
        .filter(|&h| nouns.iter().any(|n| n == g.tree.lemma(h)))
    else {
        return Vec::new();
    };
    for rel in ["nmod:poss", "compound", "amod"] {
        let found: Vec<usize> = g
            .children_by(h, rel)
            .filter(|&c| step.test.accepts(g.tree, c))
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// A noun's clause of purpose ("plans to buy", "a decision to purchase")
/// takes its subject from the verb that has the noun as object.
fn controller<T: Tree + ?Sized>(g: &Graph<'_, T>, mut t: usize) -> Option<usize> {
    let has_subject = |x: usize| {
        g.children(x)
            .iter()
            .any(|&c| g.tree.deprel(c).starts_with("nsubj"))
    };
    for _ in 0..4 {
        let rel = g.tree.deprel(t);
        let mut h = g.tree.head(t)?;
        let inherits = matches!(rel, "xcomp" | "conj")
            || ((rel.starts_with("advcl") || rel == "acl") && !has_subject(t));
        if !inherits {
            return None;
        }
        if rel == "acl" {
            // "a year after receiving ...": a time's clause too.
            if !matches!(base(g.tree.deprel(h)), "obj" | "nmod" | "obl") {
                return None;
            }
            h = g.tree.head(h)?;
        }
        if has_subject(h) {
            return Some(h);
        }
        t = h;
    }
    None
}

/// `t` and the tokens coordinated with it ("Germany, the Netherlands and
/// Denmark"), with list members a parse took for appositions, and
/// conjuncts hung on the last word of a name the parse split into a noun
/// and its apposition ("a Coastal Patrol Boat and a tug": "Boat" read as
/// an apposition of "Patrol", "tug" as a conjunct of "Boat").
pub fn conjuncts<T: Tree + ?Sized>(g: &Graph<'_, T>, t: usize) -> Vec<usize> {
    let mut out = vec![t];
    // "ordered two jets, along with a batch of missiles": a companion of
    // the object the parse hung on the verb goes with the object.
    if g.tree.deprel(t) == "obj" {
        if let Some(h) = g.tree.head(t) {
            out.extend(
                g.children_by(h, "obl")
                    .filter(|&c| c > t && along_with(g, c)),
            );
        }
    }
    let mut k = 0;
    while k < out.len() {
        let here = out[k];
        let name_end = g
            .children_by(here, "appos")
            .find(|&c| c == here + 1 && g.tree.upos(c) != "PUNCT");
        out.extend(
            g.children_by(here, "conj")
                .chain(
                    g.children_by(here, "appos")
                        .filter(|&c| listed_name(g, here, c)),
                )
                .chain(
                    g.children_by(here, "compound")
                        .chain(g.children_by(here, "flat"))
                        .filter(|&c| hyphened_pair(g, here, c)),
                )
                .chain(g.children_by(here, "nmod").filter(|&c| along_with(g, c)))
                .chain(name_end.into_iter().flat_map(|c| g.children_by(c, "conj")))
                .filter(|c| !out.contains(c))
                .collect::<Vec<_>>(),
        );
        k += 1;
    }
    out
}

/// "Tata along with Airbus", "Tata together with Airbus": a companion told
/// beside a name acts with it, as a conjunct does.
fn along_with<T: Tree + ?Sized>(g: &Graph<'_, T>, c: usize) -> bool {
    let cases: Vec<&str> = g
        .children(c)
        .iter()
        // "together" may be read as an adverb on the phrase.
        .filter(|&&k| matches!(g.tree.deprel(k), "case" | "fixed" | "advmod"))
        .map(|&k| g.tree.lemma(k))
        .collect();
    cases.contains(&"with") && (cases.contains(&"along") || cases.contains(&"together"))
}

/// "the India-France exercise": two names joined by a hyphen, one a
/// compound or flat part of the other, are a pair of equals.
fn hyphened_pair<T: Tree + ?Sized>(g: &Graph<'_, T>, head: usize, c: usize) -> bool {
    let proper = |x: usize| g.tree.upos(x) == "PROPN";
    let (first, second) = (head.min(c), head.max(c));
    proper(head) && proper(c) && first + 2 == second && g.tree.form(first + 1) == "-"
}

/// "to Egypt, Australia, and …" parsed with Australia in apposition to
/// Egypt: a bare name after a comma beside another name is the next item
/// of a list (a name's apposition describes it: "Thales, the French
/// firm"; or spells it out in brackets: "Hindustan Aeronautics (HAL)").
/// A determiner, or the list going on, does not change that: "the JF-17,
/// the F-16 and the Tejas".
fn listed_name<T: Tree + ?Sized>(g: &Graph<'_, T>, head: usize, c: usize) -> bool {
    let proper = |x: usize| g.tree.upos(x) == "PROPN";
    // Designations are often tagged common nouns ("JF-17").
    let designation = |x: usize| g.tree.form(x).contains(|ch: char| ch.is_ascii_digit());
    let kids = g.children(c);
    let after_comma = c > head && kids.iter().any(|&k| k < c && g.tree.form(k) == ",");
    let bare = kids
        .iter()
        .all(|&k| matches!(g.tree.deprel(k), "punct" | "det" | "conj"));
    // A name the annotator made one word may be tagged a common noun
    // ("the Rafale, the Super Hornet and the Eurofighter").
    let unit_name =
        |x: usize| g.tree.form(x).contains(' ') && g.tree.form(x).starts_with(char::is_uppercase);
    if (proper(head) || designation(head))
        && (proper(c) || unit_name(c) || designation(c))
        && bare
        && after_comma
    {
        return true;
    }
    // "the Karakal rifle, the TB2 drone and the Hurkus trainer": nouns
    // each named by a name before them, the second going on to a third,
    // are a list, not a description ("Thales, the French firm, and ...").
    let named = |x: usize| {
        g.children(x)
            .iter()
            .any(|&k| g.tree.deprel(k) == "compound" && (proper(k) || designation(k)))
            || (g.tree.form(x).contains(' ') && g.tree.form(x).starts_with(char::is_uppercase))
    };
    let goes_on = kids.iter().any(|&k| k > c && g.tree.deprel(k) == "conj");
    let described = kids.iter().all(|&k| {
        matches!(
            g.tree.deprel(k),
            "punct" | "det" | "conj" | "compound" | "amod"
        )
    });
    after_comma && goes_on && described && named(head) && named(c)
}

/// "Chile, which bought ...": a relative pronoun stands for the noun its
/// relative clause modifies.
/// A step down to a noun's own dependents other than a clause.
fn into_a_nouns_modifiers(step: &Step) -> bool {
    !step.up && !step.stay && !step.rel.starts_with("acl")
}

fn antecedent<T: Tree + ?Sized>(g: &Graph<'_, T>, t: usize) -> Option<usize> {
    if !matches!(g.tree.lemma(t), "which" | "who" | "that" | "whom") || g.tree.upos(t) != "PRON" {
        return None;
    }
    let clause = g.tree.head(t)?;
    match g.tree.deprel(clause) {
        "acl:relcl" => name_right_before(g, t).or_else(|| g.tree.head(clause)),
        // A relative clause the parser hung on the verb ("buy 14 boats,
        // for which it floated a tender"): the noun before the comma.
        "advcl:relcl" => name_right_before(g, t).or_else(|| noun_before_relative(g, t)),
        _ => None,
    }
}

/// The noun (or its name's head) right before a relative pronoun, across
/// the pronoun's preposition and a comma: "boats, for which".
fn noun_before_relative<T: Tree + ?Sized>(g: &Graph<'_, T>, t: usize) -> Option<usize> {
    let mut before = t.checked_sub(1)?;
    if g.tree.deprel(before) == "case" && g.tree.head(before) == Some(t) {
        before = before.checked_sub(1)?;
    }
    if g.tree.form(before) == "," {
        before = before.checked_sub(1)?;
    }
    let mut noun = before;
    while g.tree.deprel(noun) == "flat" {
        noun = g.tree.head(noun).filter(|&h| h < noun)?;
    }
    matches!(g.tree.upos(noun), "NOUN" | "PROPN").then_some(noun)
}

/// "the second operator after the Philippines, which contracted ...": a
/// name right before "which" or "who" is what the pronoun stands for,
/// wherever the parser hung the clause (it may reach back to a head noun
/// further left).
fn name_right_before<T: Tree + ?Sized>(g: &Graph<'_, T>, t: usize) -> Option<usize> {
    if !matches!(g.tree.lemma(t), "which" | "who") {
        return None;
    }
    let mut before = t.checked_sub(1)?;
    if g.tree.form(before) == "," {
        before = before.checked_sub(1)?;
    }
    // Up from the last word to the name's head, and from a later
    // conjunct to the first ("Biden and Modi, who ...": both).
    let mut name = before;
    while matches!(g.tree.deprel(name), "flat" | "conj") {
        name = g.tree.head(name).filter(|&h| h < name)?;
    }
    // "Rubin Design Bureau of Russia, which ...": the country qualifies.
    let qualifies = g
        .children(name)
        .iter()
        .any(|&k| g.tree.deprel(k) == "case" && g.tree.lemma(k) == "of");
    // "the JF-17, which ...": a designation names goods, not a party.
    let designation = g.tree.form(before).contains(|c: char| c.is_ascii_digit());
    (g.tree.upos(name) == "PROPN" && !qualifies && !designation).then_some(name)
}

fn split_steps(text: &str) -> Vec<&str> {
    // '/' separates steps except inside [...] or {...}.
    let mut out = Vec::new();
    let (mut depth, mut from) = (0i32, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            '/' if depth == 0 => {
                out.push(text[from..i].trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(text[from..].trim());
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

fn parse_step(s: &str, classes: &FxHashMap<String, Vec<String>>) -> Result<Step, GrammarError> {
    let mut rest = s;
    let up = rest.starts_with('^');
    if up {
        rest = &rest[1..];
    }
    let rel_end = rest.find(['[', '{']).unwrap_or(rest.len());
    let rel = rest[..rel_end].trim().to_string();
    rest = &rest[rel_end..];
    let mut case = None;
    if let Some(r) = rest.strip_prefix('[') {
        let end = r
            .find(']')
            .ok_or_else(|| GrammarError::Path(format!("`{s}`: unclosed [")))?;
        case = Some(
            r[..end]
                .split('|')
                .map(|w| w.trim().to_lowercase())
                .collect(),
        );
        rest = &r[end + 1..];
    }
    let mut test = TokenTest::default();
    if let Some(r) = rest.strip_prefix('{') {
        let end = r
            .find('}')
            .ok_or_else(|| GrammarError::Path(format!("`{s}`: unclosed {{")))?;
        test = TokenTest::parse(&r[..end], classes)?;
        rest = &r[end + 1..];
    }
    if !rest.trim().is_empty() {
        return Err(GrammarError::Path(format!("`{s}`: unexpected `{rest}`")));
    }
    let stay = rel == ".";
    let valid = stay
        || (!rel.is_empty()
            && rel
                .trim_start_matches('=')
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == ':' || c == '_' || c == '*'));
    if !valid || (stay && up) {
        return Err(GrammarError::Path(format!("`{s}`: bad relation `{rel}`")));
    }
    Ok(Step {
        stay,
        up,
        rel,
        case,
        test,
    })
}
