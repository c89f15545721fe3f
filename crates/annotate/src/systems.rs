//! Weapon systems: designations ("MBT-2000", "Su-30MKI", "Type 054A/P") and
//! descriptions ("portable air defense systems", "main battle tanks"),
//! merged into one mention when they stand together, with the quantity
//! in front ("28 modification kits", "seven SH-60F helicopters").

use crate::gazetteer::{Gazetteer, Surface, SystemEntry};
use armswatch_register::Category;
use armswatch_register::LowerSameLen;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq)]
pub struct SystemMention {
    pub start: usize,
    pub end: usize,
    /// Designation, canonical when the gazetteer knows it.
    pub name: Option<String>,
    /// The descriptive words as written ("Chinese-made tanks").
    pub description: Option<String>,
    pub category: Category,
    pub quantity: Option<u64>,
    /// Only generic words like "arms" or "weapons": weak evidence of a system.
    pub generic: bool,
    /// The country that makes the named system, from the gazetteer.
    pub origin: Option<String>,
    /// Equipment told as what is being replaced or retired ("to replace
    /// its ageing An-32 fleet"): in service already, not what is bought.
    pub replaced: bool,
}

/// A variant mark right after a system's name: " Mk2", " Mk.II", " Mark 3",
/// " Block 70", " Batch II", " Block-III".
fn variant_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^ (?:Mk\.?[ -]?[IVX0-9]+[A-Z]?|(?:Mark|Block|Batch)[ -][IVX0-9]+[A-Z]?)\b")
            .expect("static regex")
    })
}

/// A Roman numeral from II on right after a name: " III" in "Globemaster
/// III" (never " I", the pronoun).
fn numeral_after(after: &str) -> Option<&str> {
    let rest = after.strip_prefix(' ')?;
    let word = rest.split(|c: char| !c.is_alphanumeric()).next()?;
    matches!(word, "II" | "III" | "IV").then_some(word)
}

/// A nickname right after a designation: one or two title-case words
/// ("FA-50 Fighting Eagle", "KC-46 Pegasus", "F-15EX Eagle II") that no
/// other name claims, not the start of a longer proper name ("F-35 Joint
/// Program Office"). The byte length of `after` it covers, its leading
/// space included.
fn nickname_after(
    g: &Gazetteer,
    text: &str,
    (at, end): (usize, usize),
    hits: &[(usize, usize, Surface)],
) -> Option<usize> {
    // Each hyphened part capitalised, then lower case ("Eagle-II" ends in
    // a numeral): not an acronym ("BVRAAMs") nor an adjective ("Deck-based").
    let titled = |w: &str| {
        w.chars().count() >= 3
            && w.split('-').all(|part| {
                let mut cs = part.chars();
                matches!(part, "II" | "III" | "IV")
                    || cs.next().is_some_and(char::is_uppercase)
                        && cs.clone().next().is_some()
                        && cs.all(char::is_lowercase)
            })
    };
    // Any name: another system's ("F-18 Super Hornet") joins this one
    // where the designations are merged.
    let from = hits.partition_point(|h| h.1 <= at);
    let claimed = |s: usize, e: usize| hits[from..].iter().take_while(|h| h.0 < e).any(|h| s < h.1);
    let singular = |w: &str| w.strip_suffix('s').unwrap_or(w).to_lowercase();
    let mut covered = 0;
    for _ in 0..2 {
        let rest = &text[at + covered..end];
        let Some(tail) = rest.strip_prefix(' ') else {
            break;
        };
        let w = tail
            .split(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '\'')
            })
            .next()
            .unwrap_or("");
        let ws = at + covered + 1;
        if !titled(w)
            || names_no_system(g, w)
            || names_no_system(g, w.strip_suffix('s').unwrap_or(w))
            || g.is("not_nickname", w)
            || claimed(ws, ws + w.len())
            || !g.find_terms(&w.to_lowercase()).is_empty()
            || !g.find_terms(&singular(w)).is_empty()
        {
            break;
        }
        covered += 1 + w.len();
    }
    if covered == 0 {
        return None;
    }
    if let Some(n) = numeral_after(&text[at + covered..end]) {
        covered += 1 + n.len();
    }
    // A capitalised word after the nickname makes it part of a longer name.
    let next = text[at + covered..end].strip_prefix(' ').unwrap_or("");
    (!next.starts_with(char::is_uppercase)).then_some(covered)
}

/// The acronym (two to five capitals) that `before` ends with, joined by a
/// hyphen: "... the LCA-" gives "LCA".
fn hyphened_acronym(before: &str) -> Option<&str> {
    let head = before.strip_suffix('-')?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_uppercase())
        .last()
        .map(|(i, _)| i)?;
    let acronym = &head[start..];
    let boundary = head[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && c != '-');
    ((2..=5).contains(&acronym.len()) && boundary).then_some(acronym)
}

/// The words that end right before equipment being replaced: "to replace
/// its ageing", "retiring the", "phase out their old".
fn replaced_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:replac\w*|retir\w*|phas\w*\s+out|supplant\w*)\s+((?:[\w'-]+,?\s+){0,6})$",
        )
        .expect("static regex")
    })
}

/// Work on a system ("overhaul work for its patrol aircraft", "maintenance
/// of the frigates", "engineering support for the Standard Missile") is a
/// service, not the system itself: category `other`, as the annotation
/// guide says. `lead_in` is the sentence up to the system.
fn serves_a_system(lead_in: &str) -> bool {
    let lead_in = lead_in.lower_same_len();
    let lead_in = lead_in.trim_end();
    let cut = (0..=lead_in.len().saturating_sub(60))
        .rev()
        .find(|&i| lead_in.is_char_boundary(i))
        .unwrap_or(0);
    let window = &lead_in[cut..];
    [
        "work for",
        "work on",
        "services for",
        "maintenance of",
        "maintenance for",
        "development of an",
        "development of a",
        "research on",
        "support for",
        "training for",
        "repair of",
    ]
    .iter()
    .any(|p| lead_in.ends_with(p) || (window.contains(p) && !window.contains(". ")))
        && !lead_in.contains("production")
}

/// "replacing the Hornets that Switzerland bought in the 1990s": goods a
/// relative clause right after tells were bought are a deal of their own,
/// replaced or not.
fn bought_as_told_after(after: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\s*,?\s*(?:that|which)\s+(?:[\w'-]+\s+){0,4}(?:bought|acquired|ordered|purchased|received|inducted|procured|imported)\b",
        )
        .expect("static regex")
    })
    .is_match(after)
}

/// Whether goods starting at `at` are the ones replaced: a verb of
/// replacing a few words before ("to replace its ageing Hawk and Alpha
/// Jet trainers"), with no preposition between that would start the
/// replacement ("replace its fleet with new jets").
fn is_replaced(text: &str, at: usize) -> bool {
    let window = &text[floor_boundary_back(text, at, 80)..at];
    replaced_re().captures(window).is_some_and(|c| {
        let between = c.get(1).map_or("", |m| m.as_str());
        !between.split_whitespace().any(|w| {
            matches!(
                w.trim_end_matches(',').to_ascii_lowercase().as_str(),
                "with" | "by" | "for" | "from" | "to" | "as"
            )
        })
    })
}

/// The byte index at most `back` bytes before `at`, on a char boundary.
fn floor_boundary_back(text: &str, at: usize, back: usize) -> usize {
    let mut i = at.saturating_sub(back);
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn designation_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)
            (?-u:\b)(?:Type\s\d{2,3}[A-Z]{0,2}(?:/[A-Z])?
            | [A-Z][A-Za-z]{0,4}(?:/[A-Z]{1,4})?[-\s]?\d{1,4}[A-Za-z]{0,4}(?:-[A-Z0-9]{1,4}){0,2}(?:/[A-Z0-9]{1,3})?
            )(?-u:\b)",
        )
        .expect("static regex")
    })
}

/// Length of a "(V)" or " (V)2" right at the start of `after`.
fn jetds_variable_mark(after: &str) -> Option<usize> {
    let lead = after.len() - after.trim_start_matches(' ').len();
    if lead > 1 || !after[lead..].starts_with("(V)") {
        return None;
    }
    let digits = after[lead + 3..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    Some(lead + 3 + digits)
}

/// What a US joint electronics designation ("AN/APG-81", "AN/ALQ-99")
/// names, from its second and third letters (type of equipment, purpose):
/// radar, sonar, infrared and visual sets and countermeasures receivers
/// are sensors; jammers, radios and computers other equipment.
fn jetds_category(designation: &str) -> Option<Category> {
    let letters: Vec<char> = designation.strip_prefix("AN/")?.chars().take(3).collect();
    if letters.len() < 3 || !letters.iter().all(char::is_ascii_uppercase) {
        return None;
    }
    let sensor = match (letters[1], letters[2]) {
        ('P' | 'Q' | 'A' | 'V', _) => true,
        ('L', purpose) => matches!(purpose, 'R' | 'D' | 'S'),
        _ => false,
    };
    Some(if sensor {
        Category::Sensor
    } else {
        Category::Other
    })
}

/// The family and origin of the named variant a bare variant mark `mark`
/// (at `at`) is listed after: "Tejas Mk1 and Mk2", "Astra Mk1, Mk2".
fn listed_variant_of(
    designations: &[(usize, usize, String, Option<Category>)],
    origins: &std::collections::HashMap<String, String>,
    text: &str,
    at: usize,
    mark: &str,
) -> Option<(String, Option<String>)> {
    let bare = variant_re()
        .find(&format!(" {mark}"))
        .is_some_and(|v| v.len() == mark.len() + 1);
    if !bare {
        return None;
    }
    let (_, _, named, _) = designations
        .iter()
        .filter(|d| d.1 <= at)
        .max_by_key(|d| d.1)?;
    let end = designations
        .iter()
        .filter(|d| d.1 <= at)
        .map(|d| d.1)
        .max()?;
    if !matches!(&text[end..at], " and " | " or " | ", " | " & " | ", and ") {
        return None;
    }
    // The family is the name without its own variant mark.
    let family = named
        .rsplit_once(' ')
        .filter(|(_, last)| variant_re().is_match(&format!(" {last}")))
        .map_or(named.as_str(), |(f, _)| f);
    (family != named).then(|| (family.to_string(), origins.get(named).cloned()))
}

/// Units whose number is a size ("155 mm", "48 kN"), lower case.
const UNITS: &[&str] = &[
    "mm",
    "cm",
    "m",
    "km",
    "kn",
    "kw",
    "mw",
    "hp",
    "kg",
    "t",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "calibre",
    "caliber",
    "cal",
    "inch",
    "in",
    "ft",
    "metre",
    "metres",
    "meter",
    "meters",
    "knots",
    "kilometres",
    "kilometers",
    "lb",
    "lbs",
    "per",
    "percent",
    "%",
];

/// A size written as one hyphened word: "2,000-tonne", "155-mm", "12.7mm".
fn is_size(w: &str) -> bool {
    let unit = w.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.');
    unit.len() < w.len()
        && UNITS.contains(&unit.trim_start_matches('-').to_ascii_lowercase().as_str())
}

pub fn quantity_word(w: &str) -> Option<u64> {
    let l = w.lower_same_len();
    Some(match l.as_str() {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "dozen" | "a dozen" => 12,
        "hundred" | "a hundred" => 100,
        _ => {
            let d = l.replace(',', "");
            if d.chars().all(|c| c.is_ascii_digit()) && !d.is_empty() && d.len() <= 7 {
                return d.parse().ok();
            }
            return None;
        }
    })
}

/// Lower-case words that never modify a system noun ("has since supplied
/// transport aircraft" is not the aircraft's description).
const NOT_MODIFIERS: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "since",
    "also",
    "still",
    "already",
    "now",
    "then",
    "than",
    "such",
    "which",
    "that",
    "who",
    "whose",
    "said",
    "supplied",
    "sold",
    "bought",
    "delivered",
    "ordered",
    "received",
    "acquired",
    "purchased",
    "sell",
    "buy",
    "supply",
    "deliver",
    "order",
    "build",
    "built",
    "make",
    "made",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "must",
    "should",
    "each",
    "all",
    "any",
    "its",
    "our",
    "your",
    "these",
    "those",
    "this",
    "into",
    "about",
    "over",
    "under",
    "after",
    "before",
    "while",
    "provide",
    "provided",
    "offered",
    "offer",
    "operate",
    "operates",
    "fly",
    "flies",
    "use",
    "uses",
    // Verbs of getting and fielding goods ("to acquire twin-engine jets").
    "acquire",
    "acquires",
    "procure",
    "procures",
    "procured",
    "purchase",
    "purchases",
    "buys",
    "sells",
    "supplies",
    "orders",
    "receive",
    "receives",
    "obtain",
    "obtains",
    "obtained",
    "induct",
    "inducts",
    "inducted",
    "deploy",
    "deploys",
    "deployed",
    "lease",
    "leases",
    "leased",
    "import",
    "imports",
    "imported",
    "export",
    "exports",
    "exported",
    "develop",
    "develops",
    "manufacture",
    "manufactures",
    "produce",
    "produces",
    "get",
    "gets",
    "got",
    "want",
    "wants",
    "need",
    "needs",
    "replace",
    "replaces",
    "including",
    "include",
    "includes",
    "producing",
    "building",
    "making",
    "buying",
    "acquiring",
    "procuring",
    "purchasing",
    "supplying",
    "selling",
    "delivering",
    "ordering",
    "developing",
    "operating",
    "using",
    "deploying",
    "inducting",
    "leasing",
    "exporting",
    "importing",
    "replacing",
];

const GENERIC: &[&str] = &[
    "arms",
    "arm",
    "weapon",
    "weapons",
    "military equipment",
    "equipment",
    "equipments",
    "ammunition",
    "ammunitions",
    "munitions",
    "military hardware",
    "hardware",
    "weapons systems",
    "weapon systems",
];

/// Whether a description names goods only by a generic word ("more
/// weapons", "defence equipment"), no kind of goods.
pub fn is_generic_description(description: &str) -> bool {
    let d = description.to_lowercase();
    d.contains("equipment")
        || GENERIC
            .iter()
            .any(|g| d == *g || d.ends_with(&format!(" {g}")))
}

/// A designation as written, without a plural "s" ("F-35s", "Rafales") or a
/// "-class" suffix ("Mistral-class").
fn as_written(g: &Gazetteer, w: &str) -> String {
    let mut w = w.trim();
    for suffix in ["-class", " class", "-Class"] {
        if let Some(x) = w.strip_suffix(suffix) {
            w = x;
        }
    }
    // "F-35s", "Rafales": the plural of a known form.
    if let Some(x) = w.strip_suffix('s') {
        if g.find(x)
            .first()
            .is_some_and(|h| h.0 == 0 && h.1 == x.len())
        {
            w = x;
        }
    }
    w.to_string()
}

/// The designation as it is usually written, for a form that spells out
/// its acronym or puts the maker's name before it: "Advanced Towed
/// Artillery Gun System" is the ATAGS, "Ilyushin Il-276" the Il-276,
/// "Sukhoi-30MKI" the Su-30MKI. Other forms ("LCA-Tejas", "Rafale M") are
/// kept as written: they are more precise than the family's name.
fn usual_designation(sys: &SystemEntry, written: &str) -> Option<String> {
    let canonical = sys.designation.as_str();
    if spells_out(written, canonical) {
        return Some(canonical.to_string());
    }
    let maker = sys.maker.as_deref()?;
    let maker_word = maker.split_whitespace().next()?;
    [maker, maker_word]
        .into_iter()
        .filter(|m| m.len() >= 4)
        .find_map(|m| {
            let rest = written.strip_prefix(m)?;
            if let Some(r) = rest.strip_prefix(' ').filter(|r| !r.is_empty()) {
                Some(r.to_string())
            } else {
                rest.starts_with('-').then(|| canonical.to_string())
            }
        })
}

/// Whether `long` is the words `acronym` stands for, one capital per
/// capitalised word ("Autonomous Towed Howitzer Ordnance System", ATHOS).
fn spells_out(long: &str, acronym: &str) -> bool {
    let is_acronym = acronym.len() >= 3 && acronym.chars().all(|c| c.is_ascii_uppercase());
    let initials: String = long
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect();
    is_acronym && long.contains(' ') && initials == acronym
}

/// The known design a designation is a variant of: a gazetteer
/// designation ending in a digit, followed with no space by a variant mark
/// of one to four capitals and digits that opens with a capital ("Su-30" +
/// "SME", "AH-64" + "E"). A mark opening with a digit is another number
/// ("F-15" is no variant of "F-1").
fn variant_of_known<'g>(g: &'g Gazetteer, t: &str) -> Option<&'g SystemEntry> {
    if t.contains(' ') || g.system(t).is_some() {
        return None;
    }
    (3..t.len()).rev().find_map(|k| {
        let (base, mark) = (t.get(..k)?, t.get(k..)?);
        let is_mark = mark.len() <= 4
            && mark.starts_with(|c: char| c.is_ascii_uppercase())
            && mark
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        (is_mark && base.ends_with(|c: char| c.is_ascii_digit()))
            .then(|| g.system(base))
            .flatten()
    })
}

/// Whether a known designation's category replaces the one of the noun it
/// modifies: a designation names the system ("NASAMS missile systems" are
/// air defence), unless the noun names a component of it ("F-16 engines"),
/// or the designation is a component's and the noun a platform: an engine
/// or a radar is never a frigate or a jet, so the name belongs to another
/// design ("the F-110 frigate" is no turbofan).
fn designation_decides(noun: Category, generic: bool, designation: Category) -> bool {
    let component = |c: Category| matches!(c, Category::Engine | Category::Sensor);
    let platform = matches!(
        noun,
        Category::Ship | Category::Aircraft | Category::ArmouredVehicle
    );
    generic || !(component(noun) || component(designation) && platform)
}

/// The gazetteer entry of the noun's category that also bears a name as
/// its designation's first words: "Hawk jet trainers" are the
/// Hawk trainer aircraft, though a bare "Hawk" is the missile.
fn shared_with_noun_kind<'g>(
    g: &'g Gazetteer,
    name: &str,
    noun: Category,
) -> Option<&'g SystemEntry> {
    g.systems.iter().find(|s| {
        s.category == noun
            && s.designation
                .strip_prefix(name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    })
}

/// A run of one or two capitalised words ending right before `at` that can
/// name a system: not the sentence's first word, not covered by a gazetteer
/// hit (a country, demonym, firm or person), not an organisation's head word
/// or a word that never names a system (`data/lexicon.tsv`). Its start and
/// the name.
fn proper_name_before(
    g: &Gazetteer,
    text: &str,
    sentence_start: usize,
    at: usize,
    hits: &[(usize, usize, Surface)],
) -> Option<(usize, String)> {
    let mut begin = at;
    for _ in 0..2 {
        let before = &text[sentence_start..begin];
        if !before.ends_with(' ') {
            break;
        }
        let before = before.trim_end();
        let wstart = before
            .char_indices()
            .rfind(|&(_, c)| c.is_whitespace())
            .map(|(p, c)| p + c.len_utf8())
            .unwrap_or(0);
        let w = &before[wstart..];
        let abs = sentence_start + wstart;
        let titled = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && w.chars().count() >= 3;
        // A known system's name may be written with its variant ("Gripen-E").
        // `hits` are the document's, sorted by start: look only at this
        // sentence's.
        let from = hits.partition_point(|h| h.0 < sentence_start);
        let claimed = hits[from..]
            .iter()
            .take_while(|h| h.0 < abs + w.len())
            .any(|h| abs < h.1 && !matches!(h.2, Surface::System(_)));
        let excluded = names_no_system(g, w);
        // "AMCA MkI Standard aircraft": a variant mark ends the name of
        // the system before it; what follows it is no name of its own.
        if variant_re().is_match(&format!(" {w}")) {
            return None;
        }
        if !titled || claimed || excluded || text[sentence_start..abs].trim().is_empty() {
            break;
        }
        begin = abs;
    }
    if begin < at && spelt_out_run(g, text, sentence_start, at).is_some() {
        return None;
    }
    (begin < at).then(|| (begin, text[begin..at].trim_end().to_string()))
}

/// The start of a description spelt out in capitals that ends right
/// before `at` ("four Combat Search and Rescue Support helicopters",
/// "Medium Altitude Long Endurance drones"): three or more title-case
/// words, "and" / "of" between them, none naming an organisation. Its
/// last words are no name.
fn spelt_out_run(g: &Gazetteer, text: &str, sentence_start: usize, at: usize) -> Option<usize> {
    let titled = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).any(char::is_lowercase)
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !names_an_organisation_part(g, w)
            && g.find(w).is_empty()
    };
    let before = &text[sentence_start..at];
    let mut start = None;
    let mut count = 0;
    let mut pending_link = false;
    // The sentence's first word is capitalised whatever it is.
    for (pos, w) in word_starts(before).into_iter().skip(1).rev() {
        if titled(w) {
            count += 1;
            pending_link = false;
            start = Some(sentence_start + pos);
        } else if matches!(w, "and" | "of") && count > 0 && !pending_link {
            pending_link = true;
        } else {
            break;
        }
    }
    (count >= 3).then_some(start).flatten()
}

/// The words of `s` with their byte offsets.
fn word_starts(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), from) {
            (true, Some(f)) => {
                out.push((f, &s[f..i]));
                from = None;
            }
            (false, None) => from = Some(i),
            _ => {}
        }
    }
    if let Some(f) = from {
        out.push((f, &s[f..]));
    }
    out
}

/// Whether `w`, the word before a number, names a maker whose models are
/// numbered: capitalised, not possessive, not a word that opens sentences.
fn model_maker(g: &Gazetteer, w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().all(|c| c.is_alphabetic() || c == '-')
        && !g.is("not_name", w)
        && g.find(w)
            .iter()
            .all(|h| !matches!(h.2, Surface::CountryName(_) | Surface::Demonym(_)))
}

/// "Skyranger systems", "the Aegis system": a proper name before the bare
/// word "system", which names nothing by itself. Category `other`: the word
/// does not tell what the system is.
fn named_systems(
    g: &Gazetteer,
    text: &str,
    start: usize,
    end: usize,
    hits: &[(usize, usize, Surface)],
    found: &[SystemMention],
) -> Vec<SystemMention> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"\b[Ss]ystems?\b").expect("static regex"));
    let mut out = Vec::new();
    for m in re.find_iter(&text[start..end]) {
        let (ms, me) = (start + m.start(), start + m.end());
        if found.iter().any(|f| f.start < me && ms < f.end) || m.as_str().starts_with('S') {
            continue;
        }
        if let Some((ns, name)) = proper_name_before(g, text, start, ms, hits) {
            out.push(SystemMention {
                start: ns,
                end: me,
                name: Some(name),
                description: Some(text[ns..me].to_string()),
                category: Category::Other,
                quantity: None,
                generic: false,
                origin: None,
                replaced: false,
            });
        }
    }
    out
}

/// "The RUAV-200 is a medium-altitude drone": a designation that is the
/// subject of "is a" names the system noun that follows it, when that
/// noun has no name of its own.
fn name_by_copula(
    text: &str,
    designations: &[(usize, usize, String, Option<Category>)],
    used: &mut [bool],
    out: &mut [SystemMention],
) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^ (?:is|was) (?:a|an) ").expect("static regex"));
    for (di, d) in designations.iter().enumerate() {
        if used[di] || !re.is_match(&text[d.1..]) {
            continue;
        }
        // The first system noun after "is a", a few modifiers on.
        let Some(m) = out.iter_mut().find(|m| m.start > d.1) else {
            continue;
        };
        if m.name.is_none()
            && !m.generic
            && m.start - d.1 <= 80
            && !text[d.1..m.start].contains(',')
        {
            m.name = Some(d.2.clone());
            used[di] = true;
        }
    }
}

/// Whether capitalised word `w` is of a class that names no system: a
/// word that opens sentences, or the head or suffix of an organisation.
fn names_no_system(g: &Gazetteer, w: &str) -> bool {
    g.is("not_name", w) || g.is("not_system_name", w) || names_an_organisation_part(g, w)
}

/// Whether capitalised word `w` is the head or suffix of an organisation's
/// name ("Navy", "Ministry", "Industries", "Ltd").
fn names_an_organisation_part(g: &Gazetteer, w: &str) -> bool {
    [
        "force_head",
        "gov_head",
        "company_head",
        "company_suffix",
        "other_head",
    ]
    .iter()
    .any(|c| g.is(c, w))
}

/// "Sentinel, a coastal radar developed by Elta": a proper name the
/// gazetteer does not know, followed by a comma and an indefinite system
/// noun, is that system's name; the mention takes it in.
fn name_by_apposition(
    g: &Gazetteer,
    text: &str,
    sentence_start: usize,
    hits: &[(usize, usize, Surface)],
    out: &mut [SystemMention],
) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?:^|[\s(])["“‘']?([A-Z][A-Za-z0-9-]{2,})["”’']?, (?:a|an) $"#)
            .expect("static regex")
    });
    for m in out.iter_mut() {
        if m.name.is_some() || m.generic || m.description.is_none() {
            continue;
        }
        let before = &text[sentence_start..m.start];
        let Some(c) = re.captures(before) else {
            continue;
        };
        let Some(name) = c.get(1) else { continue };
        let (ns, ne) = (sentence_start + name.start(), sentence_start + name.end());
        let w = name.as_str();
        let from = hits.partition_point(|h| h.0 < sentence_start);
        let claimed = hits[from..]
            .iter()
            .take_while(|h| h.0 < ne)
            .any(|h| ns < h.1 && h.0 < ne);
        let excluded = names_no_system(g, w);
        if claimed || excluded || text[sentence_start..ns].trim().is_empty() {
            continue;
        }
        m.name = Some(w.to_string());
        m.start = ns;
    }
}

/// Ships named with their navy's prefix (class `ship_prefix`): "INS
/// Mormugao", "HMS Prince of Wales". The name runs over the capitalised
/// words after the prefix (and an "of" between two of them).
fn ship_names(g: &Gazetteer, text: &str, (start, end): (usize, usize)) -> Vec<(usize, usize)> {
    let words = word_starts(&text[start..end]);
    let mut out = Vec::new();
    for (i, &(at, w)) in words.iter().enumerate() {
        // "at INS Rajali", "based in INS Hansa": a navy names its shore
        // establishments as it names its ships.
        let at_a_base = i
            .checked_sub(1)
            .is_some_and(|j| matches!(words[j].1, "at" | "in" | "near" | "At" | "In"));
        if !g.is("ship_prefix", w) || at_a_base {
            continue;
        }
        let capitalised = |w: &str| {
            w.starts_with(|c: char| c.is_uppercase())
                && w.chars().skip(1).any(char::is_lowercase)
                && !g.is("not_name", w)
        };
        let mut last = None;
        let mut k = i + 1;
        while let Some(&(wat, word)) = words.get(k) {
            let word = word.trim_end_matches([',', '.', ';', ':', ')', '’', '\'']);
            let word = word
                .strip_suffix("’s")
                .or(word.strip_suffix("'s"))
                .unwrap_or(word);
            let joins = word == "of" && words.get(k + 1).is_some_and(|n| capitalised(n.1));
            if capitalised(word) {
                last = Some(wat + word.len());
            } else if !joins {
                break;
            }
            if word.len() < words[k].1.len() && !joins {
                break;
            }
            k += 1;
        }
        if let Some(e) = last {
            out.push((start + at, start + e));
        }
    }
    out
}

/// Designations the article itself has told as systems ("its RUAV-200
/// drone"), with their category: a later bare "the RUAV-200" is the same
/// system, though no system word stands beside it there.
pub type KnownDesignations = rustc_hash::FxHashMap<String, Category>;

/// The designations among `mentions` that name a system told with its
/// system word: a name with a digit (a designation, not a word), not one
/// the gazetteer knows already.
pub fn known_designations<'m>(
    g: &Gazetteer,
    mentions: impl Iterator<Item = &'m SystemMention>,
) -> KnownDesignations {
    mentions
        .filter(|m| m.description.is_some() && m.category != Category::Other)
        .filter_map(|m| Some((m.name.as_ref()?, m.category)))
        .filter(|(n, _)| n.chars().any(|c| c.is_ascii_digit()) && !n.contains(' '))
        .filter(|(n, _)| g.find(n).iter().all(|h| !matches!(h.2, Surface::System(_))))
        .map(|(n, c)| (n.clone(), c))
        .collect()
}

/// Systems in `text[start..end]` (one sentence). `text` is the whole
/// document; `known` the designations it tells as systems elsewhere.
pub fn find_systems(
    g: &Gazetteer,
    text: &str,
    (start, end): (usize, usize),
    hits: &[(usize, usize, Surface)],
    known: &KnownDesignations,
) -> Vec<SystemMention> {
    let s = &text[start..end];
    // (start, end, name, category, known designation)
    let mut designations: Vec<(usize, usize, String, Option<Category>)> = Vec::new();
    let mut origins: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // Gazetteer hits of the whole document that fall in this sentence.
    let first = hits.partition_point(|h| h.0 < start);
    for &(hs, he, sf) in hits[first..].iter().take_while(|h| h.1 <= end) {
        // "<NSM>" after a firm's name is its stock ticker, not a weapon.
        let ticker = text[..hs].ends_with('<') && text[he..].starts_with('>');
        if let (Surface::System(i), false) = (sf, ticker) {
            let sys = &g.systems[i];
            // The designation as the article writes it ("F-35A", "SH-60F"),
            // which is more precise than the family name, without plural
            // or "-class".
            let mut written = as_written(g, &text[hs..he]);
            // An acronym stands for its full name: "ATF" is the Advanced
            // Tactical Fighter.
            if written.chars().all(|c| c.is_ascii_uppercase())
                && sys.designation.contains(' ')
                && !sys.designation.chars().any(|c| c.is_ascii_digit())
            {
                written = sys.designation.clone();
            }
            if let Some(short) = usual_designation(sys, &written) {
                written = short;
            }
            // "LCA-Tejas": a programme's acronym hyphened onto the name is
            // part of it; a maker's ("GE-F414") is not. (The name only: the span, which the parser takes
            // as one word, stays a form it knows.)
            if let Some(acronym) =
                hyphened_acronym(&text[..hs]).filter(|a| g.organisation(a).is_none())
            {
                written = format!("{acronym}-{written}");
            }
            // "Tejas MkII", "F-16 Block 70": a variant mark after the name
            // belongs to it.
            let mut he = he;
            // "Scorpène-class submarines": the class word joins the span (the
            // name stays the design's).
            if let Some(n) = ["-class", "-Class", " class"]
                .iter()
                .find(|c| text[he..end].starts_with(*c))
                .map(|c| c.len())
            {
                he += n;
            }
            if let Some(v) = variant_re().find(&text[he..end]) {
                written = format!("{written} {}", v.as_str().trim());
                he += v.end();
            } else if let Some(n) = numeral_after(&text[he..end]) {
                // "Globemaster III" (the name only, as above).
                written = format!("{written} {n}");
            } else if let Some(n) = jetds_variable_mark(&text[he..end]) {
                // "AN/SPY-6 (V)1", below.
                written.push_str(text[he..he + n].trim_start());
                he += n;
            } else if let Some(n) = nickname_after(g, text, (he, end), hits) {
                // "FA-50 Fighting Eagle": the nickname is part of the name.
                written.push_str(&text[he..he + n]);
                he += n;
            }
            if let Some(o) = &sys.origin {
                origins.insert(written.clone(), o.clone());
            }
            designations.push((hs, he, written, Some(sys.category)));
        }
    }
    for m in designation_re().find_iter(s) {
        let (ms, me) = (start + m.start(), start + m.end());
        if designations.iter().any(|d| d.0 < me && ms < d.1) {
            continue;
        }
        let t = m.as_str();
        // A designation has letters and digits, is not a year or a ticker,
        // and is not a plain word followed by a number ("Article 5").
        if !t.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let letters: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
        if t.contains(' ')
            && letters.chars().skip(1).any(char::is_lowercase)
            && !t.starts_with("Type")
        {
            // "March 20", "Article 5": capitalised words followed by a number.
            continue;
        }
        if matches!(
            letters.as_str(),
            "FY" | "No" | "COVID" | "G" | "Q" | "H" | "A" | "I" | "TSBA" | "Vol" | "Nos"
        ) {
            continue;
        }
        let prev = text[..ms].chars().next_back();
        if matches!(prev, Some('<' | '$' | '.')) {
            continue;
        }
        let mut written = t.replace(' ', "-");
        // "AN/ALR-67 (V)": the US designation's mark of variable
        // configuration, with its number, is part of the name.
        let me = match jetds_variable_mark(&text[me..end]) {
            Some(n) => {
                written.push_str(text[me..me + n].trim_start());
                me + n
            }
            None if variant_re().is_match(&format!(" {t}")) => me,
            None => match nickname_after(g, text, (me, end), hits) {
                Some(n) => {
                    written.push_str(&text[me..me + n]);
                    me + n
                }
                None => me,
            },
        };
        // "AMCA Mk1 and Mk2": a bare variant mark listed after a named
        // variant is a variant of the same system.
        if let Some((family, origin)) = listed_variant_of(&designations, &origins, text, ms, t) {
            written = format!("{family} {t}");
            if let Some(o) = origin {
                origins.insert(written.clone(), o);
            }
        }
        // "Russian Ka-226": a nationality right before a designation the
        // gazetteer does not know names its maker.
        let before = text[start..ms].trim_end();
        let word = before
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        if let Some(c) = g.country_by_surface(word).and_then(|i| g.countries.get(i)) {
            if before.len() + 1 == ms - start || before.len() == ms - start {
                origins
                    .entry(written.clone())
                    .or_insert_with(|| c.code.clone());
            }
        }
        let mut category = jetds_category(t);
        // "Su-30SME", "T-72B3": a known design's variant mark run onto its
        // designation names the same design.
        if let Some(sys) = variant_of_known(g, t) {
            if let Some(o) = &sys.origin {
                origins.entry(written.clone()).or_insert_with(|| o.clone());
            }
            category = category.or(Some(sys.category));
        }
        designations.push((ms, me, written, category));
    }
    for (ms, me) in ship_names(g, text, (start, end)) {
        if !designations.iter().any(|d| d.0 < me && ms < d.1) {
            designations.push((ms, me, text[ms..me].to_string(), Some(Category::Ship)));
        }
    }
    designations.sort_by_key(|d| d.0);
    // Two designations side by side are one name: "AIM/RIM-7M Sparrow",
    // "AH-64E Apache".
    let mut merged: Vec<(usize, usize, String, Option<Category>)> = Vec::new();
    for d in designations {
        if let Some(last) = merged.last_mut() {
            if d.0 == last.1 + 1 && &text[last.1..d.0] == " " {
                last.1 = d.1;
                last.2 = format!("{} {}", last.2, d.2);
                last.3 = last.3.or(d.3);
                continue;
            }
        }
        merged.push(d);
    }
    let designations = merged;

    let terms = g.find_terms(s);
    let mut out: Vec<SystemMention> = Vec::new();
    let mut used_designations = vec![false; designations.len()];
    for (ts, te, ti) in terms {
        let (ts, te) = (start + ts, start + te);
        if names_something_else(g, text, start, ts, te)
            || heads_a_producer(g, text, te)
            || phrase_of_no_goods(g, text, ts, te)
        {
            continue;
        }
        let (term, cat) = &g.terms[ti];
        let generic = GENERIC.contains(&term.as_str())
            || *cat == Category::Other && term.contains("equipment");
        // Extend left over modifiers: lower-case words and hyphenated
        // adjectives ("portable", "Chinese-made", "anti-submarine"), and a
        // designation right before.
        let mut ds = ts;
        let mut name = None;
        let mut category = *cat;
        let mut steps = 0;
        loop {
            let before = text[start..ds].trim_end();
            // The byte after the separator: separators may be multi-byte
            // (a no-break space), so step over the whole character.
            let wstart = before
                .char_indices()
                .rfind(|&(_, c)| c.is_whitespace() || c == '(' || c == ',')
                .map(|(p, c)| p + c.len_utf8())
                .unwrap_or(0);
            let w = &before[wstart..];
            if w.is_empty() || steps >= 5 {
                break;
            }
            let abs = start + wstart;
            if let Some(di) = designations
                .iter()
                .position(|d| d.1 == start + before.len())
            {
                let d = &designations[di];
                name = Some(d.2.clone());
                if let Some(c) = d.3 {
                    let noun_kind = (!generic)
                        .then(|| shared_with_noun_kind(g, &d.2, category))
                        .flatten();
                    if let Some(o) = noun_kind.and_then(|e| e.origin.clone()) {
                        origins.insert(d.2.clone(), o);
                    }
                    if designation_decides(category, generic, c) && noun_kind.is_none() {
                        category = c;
                    }
                }
                used_designations[di] = true;
                ds = d.0;
                steps += 1;
                continue;
            }
            let lower_adj = w.chars().next().is_some_and(|c| c.is_lowercase())
                && !NOT_MODIFIERS.contains(&w)
                && !w.ends_with("ly")
                && !matches!(
                    w,
                    "of" | "and"
                        | "the"
                        | "a"
                        | "an"
                        | "to"
                        | "for"
                        | "from"
                        | "with"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "in"
                        | "on"
                        | "by"
                        | "at"
                        | "as"
                        | "or"
                        | "new"
                        | "more"
                        | "other"
                        | "some"
                )
                && w.chars().all(|c| c.is_alphabetic() || c == '-');
            // "anti-ship", "Chinese-made", "Next-Generation"; not a name
            // with its variant letters ("Gripen-E", "Su-30MKI" has digits).
            let hyphen_adj = w.contains('-')
                && w.chars().all(|c| c.is_alphabetic() || c == '-')
                && !w.rsplit('-').next().is_some_and(|last| {
                    (1..=3).contains(&last.len()) && last.chars().all(|c| c.is_ascii_uppercase())
                });
            // Short capitalised codes between a designation and its noun:
            // "SH-60F CV anti-submarine helicopters".
            let code = w.len() <= 3 && w.chars().all(|c| c.is_ascii_uppercase()) && steps < 3;
            if (lower_adj || hyphen_adj || code)
                && quantity_word(w).is_none()
                && !(w == "used" && used_is_verb(text, start, abs))
            {
                ds = abs;
                steps += 1;
                continue;
            }
            break;
        }
        // "Piranha armoured vehicles": a capitalised name nothing else
        // claims, right before a system noun written in lower case.
        if name.is_none() && text[ds..te].starts_with(|c: char| c.is_lowercase()) {
            if let Some((ns, n)) = proper_name_before(g, text, start, ds, hits) {
                name = Some(n);
                ds = ns;
            } else if let Some(ns) = spelt_out_run(g, text, start, ds) {
                ds = ns;
            }
        }
        // A designation right after: "tanks of the T-72 type", "missiles
        // (HARM)".
        if name.is_none() {
            let after = &text[te..end];
            for (di, d) in designations.iter().enumerate() {
                let gap = d.0.saturating_sub(te);
                if d.0 >= te && gap <= 2 && after.starts_with([' ', '(']) {
                    name = Some(d.2.clone());
                    if let Some(c) = d.3 {
                        if designation_decides(category, generic, c) {
                            category = c;
                        }
                    }
                    used_designations[di] = true;
                    break;
                }
            }
        }
        out.push(SystemMention {
            start: ds,
            end: te,
            name,
            description: Some(text[ds..te].to_string()),
            category,
            quantity: None,
            generic: generic && category == Category::Other,
            origin: None,
            replaced: false,
        });
    }
    out.extend(named_systems(g, text, start, end, hits, &out));
    name_by_copula(text, &designations, &mut used_designations, &mut out);
    name_by_apposition(g, text, start, hits, &mut out);
    // Known designations standing alone ("bought the S-400", "ordered 36
    // Rafales").
    for (di, d) in designations.iter().enumerate() {
        if used_designations[di] || out.iter().any(|m| m.start <= d.0 && d.1 <= m.end) {
            continue;
        }
        // Unknown designations only count next to a system word, here or
        // elsewhere in the article.
        let Some(cat) = d.3.or_else(|| known.get(&d.2).copied()) else {
            continue;
        };
        out.push(SystemMention {
            start: d.0,
            end: d.1,
            name: Some(d.2.clone()),
            description: None,
            category: cat,
            quantity: None,
            generic: false,
            origin: None,
            replaced: false,
        });
    }
    out.sort_by_key(|m| m.start);
    for m in &mut out {
        m.replaced = is_replaced(text, m.start) && !bought_as_told_after(&text[m.end..end]);
        if serves_a_system(&text[start..m.start]) {
            m.category = Category::Other;
        }
    }
    for m in &mut out {
        m.origin = m.name.as_ref().and_then(|n| {
            origins
                .get(n)
                .or_else(|| {
                    // A name of two designations ("Carl-Gustaf M4") is its
                    // longest known part's, the first of equals: never a
                    // short part's that names something else ("M4").
                    origins
                        .iter()
                        .filter_map(|(k, v)| n.find(k.as_str()).map(|at| (k.len(), at, v)))
                        .max_by_key(|&(len, at, _)| (len, std::cmp::Reverse(at)))
                        .map(|(_, _, v)| v)
                })
                .cloned()
        });
    }
    // Quantities: a number just before, possibly with adjectives or a
    // maker's capitalised name between ("six Acme Marine Systems
    // submarines", "four Search and Rescue helicopters"); a number of a
    // unit is a size, not a count ("155 mm howitzers").
    for m in &mut out {
        let first = text[m.start..m.end].split_whitespace().next().unwrap_or("");
        if UNITS.contains(&first.to_ascii_lowercase().as_str()) {
            continue;
        }
        let before = text[start..m.start].trim_end();
        let words: Vec<&str> = before.split_whitespace().rev().take(7).collect();
        for (i, w) in words.iter().enumerate() {
            let w = w.trim_end_matches(',');
            // "in" is an inch only after a number ("16 in guns"); else a
            // place ("100 Made in India guns").
            let inch = w != "in" || words.get(i + 1).is_some_and(|p| quantity_word(p).is_some());
            if UNITS.contains(&w.to_ascii_lowercase().as_str()) && inch {
                break;
            }
            // "five 2,000-tonne corvettes": a size between count and goods;
            // "60 more units of the drone": more of them, counted.
            if is_size(w) || w == "more" {
                continue;
            }
            let capitalised = w.chars().next().is_some_and(char::is_uppercase);
            let between_names = matches!(w, "and" | "&")
                && words
                    .get(i + 1)
                    .is_some_and(|p| p.chars().next().is_some_and(char::is_uppercase));
            if i >= 3 && !capitalised && !between_names && quantity_word(w).is_none() {
                break;
            }
            if let Some(q) = quantity_word(w) {
                // A number right after a maker's name is a model number
                // ("a Boeing 747 jet"), not a count.
                if words.get(i + 1).is_some_and(|p| model_maker(g, p))
                    && w.chars().all(|c| c.is_ascii_digit())
                {
                    break;
                }
                // Not a year, not money, not a percentage.
                let is_year = (1900..=2100).contains(&q) && w.len() == 4 && !w.contains(',');
                if !is_year && q > 0 {
                    m.quantity = Some(q);
                }
                break;
            }
            if i == 0 && matches!(w, "of" | "the") {
                continue;
            }
            // Words, "Trainer/Combat", and a designation of the same goods
            // ("18 FA-50 Golden Eagle jets").
            let word = w.split('/').all(|p| {
                !p.is_empty() && p.chars().all(|c| c.is_alphabetic() || c == '-' || c == '&')
            });
            let designation = designation_re().find(w).is_some_and(|d| d.len() == w.len());
            if !(word || designation)
                || (matches!(w, "and" | "or" | "for" | "to" | "with") && !between_names)
            {
                break;
            }
        }
        // "handed over a patrol vessel and a landing craft": one each; a
        // maker's or class's capitalised words may stand between ("an
        // Airbus tanker", "a Fast Patrol Vessel").
        let article = text[start..m.start]
            .split_whitespace()
            .rev()
            .take(3)
            .find(|w| {
                !w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "A" | "An" | "One")
            });
        let singular = !m.generic && !text[m.start..m.end].ends_with('s');
        if m.quantity.is_none()
            && singular
            && article.is_some_and(|a| matches!(a, "a" | "an" | "A" | "An" | "one" | "One"))
        {
            m.quantity = Some(1);
        }
    }
    out
}

/// A capitalised weapon word heading into an organisation's name ("Jet
/// Airways", "Missile Command", "Hughes Aircraft Co"): the term is
/// capitalised mid-sentence and the next word is a head word of firms,
/// bodies or forces. ("Armed Drone Swarms", "Aerial Tanker Variant" stay
/// weapons.)
/// "used" at `at` describes goods ("bought used helicopters", "two used
/// frigates") after a word that opens or governs a noun phrase; after a
/// noun it is the verb ("the army used armoured cars").
fn used_is_verb(text: &str, start: usize, at: usize) -> bool {
    let before = text[start..at].trim_end();
    let prev = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .next()
        .unwrap_or("")
        .to_lowercase();
    let opens = prev.is_empty()
        || quantity_word(&prev).is_some()
        || prev.chars().all(|c| c.is_ascii_digit())
        || NOT_MODIFIERS.contains(&prev.as_str())
        || matches!(
            prev.as_str(),
            "a" | "an"
                | "the"
                | "of"
                | "some"
                | "more"
                | "few"
                | "several"
                | "for"
                | "and"
                | "with"
        );
    !opens
}

fn names_something_else(g: &Gazetteer, text: &str, start: usize, ts: usize, te: usize) -> bool {
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if ts == start || !capitalised(&text[ts..te]) || !text[te..].starts_with(' ') {
        return false;
    }
    let next: String = text[te + 1..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    // "Fighter Aircraft": a longer weapon phrase, not a firm.
    let weapon_next = g
        .find_terms(&text[te + 1..te + 1 + next.len()])
        .iter()
        .any(|&(s, _, _)| s == 0);
    // "65 Remotely Piloted Aircraft Systems": a count before the
    // capitalised phrase makes it goods, whatever its last word.
    let counted = text[start..ts]
        .split_whitespace()
        .rev()
        .find(|w| !capitalised(w))
        .is_some_and(|w| quantity_word(w.trim_end_matches(',')).is_some());
    capitalised(&next)
        && !weapon_next
        && !counted
        && [
            "company_suffix",
            "company_head",
            "gov_head",
            "force_head",
            "other_head",
        ]
        .iter()
        .any(|class| g.is(class, &next))
}

/// "The European airplane manufacturer", "drone makers", "jet fuel": a
/// weapon word modifying a noun of producers or trade (class
/// `producer_noun`) names who makes or sells, and one modifying a fuel
/// (class `fuel_noun`) names the fuel, not goods.
fn heads_a_producer(g: &Gazetteer, text: &str, te: usize) -> bool {
    let Some(rest) = text[te..].strip_prefix(' ') else {
        return false;
    };
    let next: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    g.is("producer_noun", &next) || g.is("fuel_noun", &next.to_lowercase())
}

/// "A Delhi-based think tank", "water tanks": a weapon term whose word
/// before it makes a phrase of no goods (class `not_goods_phrase`).
fn phrase_of_no_goods(g: &Gazetteer, text: &str, ts: usize, te: usize) -> bool {
    let Some(prev) = text[..ts]
        .strip_suffix([' ', '-'])
        .and_then(|b| b.split_whitespace().next_back())
    else {
        return false;
    };
    let prev = prev.rsplit('-').next().unwrap_or(prev);
    let phrase = format!("{} {}", prev, &text[ts..te]).to_lowercase();
    g.is("not_goods_phrase", &phrase)
}

#[cfg(test)]
mod tests {
    use crate::{annotate, Gazetteer};
    use armswatch_register::{Date, Document};

    #[test]
    fn an_unknown_name_in_apposition_names_the_system() {
        let m = mentions("The army ordered Shikra, a light drone made by a local firm.");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].name.as_deref(), Some("Shikra"));
        assert_eq!(m[0].description.as_deref(), Some("light drone"));
        // A known organisation or a sentence's first word is no such name.
        let m = mentions("The army thanked Thales, a radar maker, and bought a drone.");
        assert!(m.iter().all(|x| x.name.is_none()));
    }

    #[test]
    fn a_designation_spelt_out_or_led_by_its_maker_is_named_as_usually_written() {
        let name = |text: &str| {
            mentions(text)
                .into_iter()
                .find_map(|m| m.name)
                .unwrap_or_default()
        };
        assert_eq!(
            name("The army tested the Advanced Towed Artillery Gun System in June."),
            "ATAGS"
        );
        assert_eq!(
            name("Russia offered the Ilyushin Il-276 airlifter."),
            "Il-276"
        );
        assert_eq!(name("The air force flies the Sukhoi-30MKI."), "Su-30MKI");
        // A programme's name hyphened on, and a variant, stay as written.
        assert_eq!(name("Argentina looked at the LCA-Tejas."), "LCA-Tejas");
        assert_eq!(
            name("The navy chose the Rafale M for its carrier."),
            "Rafale M"
        );
    }

    #[test]
    fn a_programme_acronym_with_its_mark_and_an_o_plural_are_goods() {
        // "LCA" alone is no design (landing craft share it); with a mark
        // after it, it is the light combat aircraft's.
        let m = mentions("The air force will buy 120 LCA Mk2 jets.");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].name.as_deref(), Some("LCA Mk2"));
        assert!(mentions("The LCA will carry troops ashore.").is_empty());
        let m = mentions("The navy ordered 40 heavyweight torpedoes.");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].category, armswatch_register::Category::NavalWeapon);
    }

    #[test]
    fn generic_descriptions_name_no_kind_of_goods() {
        assert!(super::is_generic_description("more weapons"));
        assert!(super::is_generic_description("Defence equipments"));
        assert!(super::is_generic_description("arms"));
        assert!(!super::is_generic_description("artillery rounds"));
        assert!(!super::is_generic_description("spare parts"));
        assert!(!super::is_generic_description("farms"));
    }

    /// The system mentions of `text`, read as an article of 2020.
    fn mentions(text: &str) -> Vec<crate::SystemMention> {
        let d = Document {
            id: "t".into(),
            text: text.into(),
            published: Date::parse("2020-01-01").ok(),
            outlet: None,
            title: None,
            url: None,
            origin: None,
            content_hash: String::new(),
        };
        let a = annotate(Gazetteer::builtin().expect("gazetteer"), &d);
        a.systems.into_iter().flatten().collect()
    }

    fn replaced(text: &str) -> Vec<(String, bool)> {
        mentions(text)
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.replaced))
            .collect()
    }

    #[test]
    fn a_verb_before_the_goods_is_no_modifier() {
        for (text, want) in [
            (
                "Kenya will acquire twin-engine helicopters.",
                "twin-engine helicopters",
            ),
            (
                "The navy plans to procure anti-submarine corvettes.",
                "anti-submarine corvettes",
            ),
            ("Ghana imports armoured trucks.", "armoured trucks"),
            (
                "Talks covered producing light tanks locally.",
                "light tanks",
            ),
        ] {
            let got: Vec<String> = mentions(text)
                .iter()
                .map(|m| text[m.start..m.end].to_string())
                .collect();
            assert_eq!(got, vec![want.to_string()], "{text}");
        }
    }

    #[test]
    fn a_ship_named_with_its_navys_prefix_is_a_ship_but_a_base_is_not() {
        let named = |text: &str| -> Vec<(Option<String>, armswatch_register::Category)> {
            mentions(text)
                .into_iter()
                .map(|m| (m.name, m.category))
                .collect()
        };
        let ship = armswatch_register::Category::Ship;
        assert_eq!(
            named("The yard handed over INS Androth to the navy."),
            vec![(Some("INS Androth".to_string()), ship)]
        );
        assert_eq!(
            named("Britain sent HMS Prince of Wales, its flagship."),
            vec![(Some("HMS Prince of Wales".to_string()), ship)]
        );
        let base = named("The jets landed at INS Hansa in Goa.");
        assert!(base.iter().all(|m| m.1 != ship), "{base:?}");
    }

    #[test]
    fn a_name_joined_from_two_designations_takes_its_longest_parts_maker() {
        let got = mentions("The army ordered Carl-Gustaf M4 recoilless rifles.");
        assert!(!got.is_empty());
        for m in &got {
            assert_eq!(m.origin.as_deref(), Some("SE"), "{m:?}");
        }
    }

    #[test]
    fn a_name_two_kinds_of_goods_bear_takes_the_kind_its_noun_tells() {
        use armswatch_register::Category::{AirDefence, Aircraft};
        for (text, want, origin) in [
            ("Oman bought eight Hawk jet trainers.", Aircraft, "GB"),
            (
                "Oman bought eight Hawk missile launchers.",
                AirDefence,
                "US",
            ),
        ] {
            let got = mentions(text);
            assert!(!got.is_empty(), "{text}");
            for m in &got {
                assert_eq!(m.category, want, "{text}: {m:?}");
                assert_eq!(m.origin.as_deref(), Some(origin), "{text}: {m:?}");
            }
        }
    }

    #[test]
    fn cutters_and_gunboats_are_ships() {
        for text in [
            "Ghana received two former coast guard cutters.",
            "The navy ordered six river gunboats.",
        ] {
            let got: Vec<armswatch_register::Category> =
                mentions(text).iter().map(|m| m.category).collect();
            assert_eq!(got, vec![armswatch_register::Category::Ship], "{text}");
        }
    }

    #[test]
    fn electronic_warfare_and_sighting_gear_are_sensors() {
        for (text, want) in [
            ("Oman ordered ALQ-131 jammers.", "ALQ-131 jammers"),
            ("Chile bought 300 sonobuoys.", "300 sonobuoys"),
            (
                "Peru received night vision devices.",
                "night vision devices",
            ),
            (
                "The border guard ordered 40 thermal cameras.",
                "40 thermal cameras",
            ),
            (
                "The drones will carry a day-and-night camera.",
                "day-and-night camera",
            ),
        ] {
            let got: Vec<(String, armswatch_register::Category)> = mentions(text)
                .iter()
                .map(|m| (text[m.start..m.end].to_string(), m.category))
                .collect();
            assert!(
                got.iter().any(
                    |(t, c)| t.ends_with(want.split(' ').next_back().unwrap_or(want))
                        && *c == armswatch_register::Category::Sensor
                ),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn equipment_being_replaced_is_marked() {
        let got = replaced("Peru will buy Leopard tanks to replace its old T-55 tanks.");
        assert!(got.iter().any(|(t, r)| t.contains("T-55") && *r), "{got:?}");
        assert!(!got[0].1, "the goods bought are not replaced: {got:?}");
        let got = replaced("Chile is retiring the F-5 fighters it bought in 1976.");
        assert!(got.iter().all(|(_, r)| *r), "{got:?}");
    }

    fn names(text: &str) -> Vec<Option<String>> {
        mentions(text).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn jet_fuel_is_no_aircraft() {
        use armswatch_register::Category;
        // Fuel is goods of its own (an air force's fuel contract is a
        // deal), never an aircraft.
        let got = mentions("Iraq bought 20,000 tonnes of jet fuel from Kuwait.");
        assert!(got.iter().all(|m| m.category == Category::Other), "{got:?}");
        assert!(!got.is_empty());
        let got = mentions("The tender is for two mln barrels of Jet Kero.");
        assert!(
            got.iter().all(|m| m.category != Category::Aircraft),
            "{got:?}"
        );
        // A jet is still a jet.
        let got = mentions("Iraq bought 20 jets from Russia.");
        assert!(
            got.iter().any(|m| m.category == Category::Aircraft),
            "{got:?}"
        );
    }

    /// Class acronyms of the defence press are kinds of goods: "114
    /// MRFA", "two SSKs", "four OPVs".
    #[test]
    fn a_think_tank_is_no_tank() {
        assert!(mentions("A Delhi-based think tank hosted the chief.").is_empty());
        assert!(mentions("The army stores fuel in water tanks.").is_empty());
        assert!(!mentions("The army bought 40 tanks.").is_empty());
    }

    #[test]
    fn class_acronyms_tell_the_kind_of_goods() {
        use armswatch_register::Category;
        for (text, kind) in [
            (
                "Oman issued a tender for 24 MRFA last year.",
                Category::Aircraft,
            ),
            ("Chile wants two SSKs by 2030.", Category::Ship),
            ("Ghana ordered four OPVs.", Category::Ship),
            ("The army seeks 300 ATGMs.", Category::Missile),
        ] {
            let got = mentions(text);
            assert!(
                got.iter().any(|m| m.category == kind && m.name.is_none()),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn a_class_acronym_names_no_one_design() {
        // "AWACS" is any airborne early warning aircraft, not the US E-3.
        let got = mentions("Greece plans to lease two AWACS aircraft.");
        assert!(
            got.iter()
                .any(|m| m.category == armswatch_register::Category::Aircraft),
            "{got:?}"
        );
        assert!(got.iter().all(|m| m.origin.is_none()), "{got:?}");
        // The designation still names the design.
        let got = mentions("Chile bought three E-3 aircraft.");
        assert!(
            got.iter().any(|m| m.origin.as_deref() == Some("US")),
            "{got:?}"
        );
    }

    #[test]
    fn a_ticker_in_angle_brackets_is_no_weapon() {
        assert!(names("Shares of Acme Corp <NSM> rose after the report.")
            .iter()
            .flatten()
            .all(|n| !n.contains("Strike")));
    }

    #[test]
    fn a_bare_variant_listed_after_a_named_one_is_the_same_system() {
        let got = names("The army wants Prachand Mk1 and Mk2 helicopters.");
        assert!(got.iter().flatten().any(|n| n == "Prachand Mk2"), "{got:?}");
        // Not after another kind of word.
        let got = names("The army wants Prachand helicopters with Mk2 engines.");
        assert!(got.iter().flatten().all(|n| n != "Prachand Mk2"), "{got:?}");
    }

    #[test]
    fn title_case_words_after_a_variant_mark_name_nothing_new() {
        let got = names("The army will buy 40 Prachand Mk2 Standard helicopters.");
        assert!(
            got.iter()
                .flatten()
                .all(|n| !n.contains("Standard") || n.contains("Prachand")),
            "{got:?}"
        );
        assert!(
            got.iter().flatten().any(|n| n.contains("Prachand")),
            "{got:?}"
        );
    }

    #[test]
    fn a_weapon_word_heading_into_a_firms_name_is_no_weapon() {
        let m = mentions("Then Vega Aircraft Co won a Navy contract for radios.");
        assert!(
            !m.iter()
                .any(|m| m.category == armswatch_register::Category::Aircraft),
            "{m:?}"
        );
        // A longer weapon phrase in title case stays one.
        let m = mentions("The Air Force wants new Multi-Role Fighter Aircraft soon.");
        assert!(
            m.iter()
                .any(|m| m.category == armswatch_register::Category::Aircraft),
            "{m:?}"
        );
    }

    #[test]
    fn a_weapon_word_before_a_producer_noun_is_no_goods() {
        assert!(
            mentions("Embraer, the Brazilian airplane manufacturer, opened a plant.").is_empty()
        );
        assert!(mentions("Acme sold its tank factory to a rival.").is_empty());
        // The goods themselves stay.
        assert_eq!(mentions("Acme sold two tanks to a rival.").len(), 1);
    }

    #[test]
    fn a_designation_in_capitals_or_title_case_is_the_same_system() {
        for text in [
            "Peru flies the MIG-29 fighter.",
            "Peru flies the Mig-29 fighter.",
        ] {
            let m = mentions(text);
            let mig = m.iter().find(|m| m.name.is_some());
            assert_eq!(
                mig.and_then(|m| m.origin.as_deref()),
                Some("RU"),
                "{text}: {m:?}"
            );
        }
        assert_eq!(
            crate::gazetteer::designation_cases("Su-30MKI"),
            ["Su-30MKI", "SU-30MKI"]
        );
    }

    #[test]
    fn a_nationality_before_an_unknown_designation_names_its_maker() {
        let m = mentions("The plant will assemble Russian Ka-62 helicopters.");
        let ka = m.iter().find(|m| m.name.as_deref() == Some("Ka-62"));
        assert_eq!(ka.and_then(|m| m.origin.as_deref()), Some("RU"), "{m:?}");
        // Only right before it: "Egypt's" three words back is the buyer.
        let m = mentions("Egypt bought new Ka-62 helicopters in 2020.");
        let ka = m.iter().find(|m| m.name.as_deref() == Some("Ka-62"));
        assert_eq!(ka.and_then(|m| m.origin.as_deref()), None, "{m:?}");
    }

    #[test]
    fn work_on_a_named_system_is_a_service() {
        use armswatch_register::Category;
        let m = mentions("Acme won a contract for maintenance of the Patriot batteries.");
        assert!(m.iter().all(|m| m.category == Category::Other), "{m:?}");
        let m = mentions("Acme won a contract for Patriot batteries.");
        assert!(
            m.iter().any(|m| m.category == Category::AirDefence),
            "{m:?}"
        );
    }

    #[test]
    fn goods_after_a_verb_of_replacing_are_replaced_but_not_their_replacement() {
        let replaced = |text: &str, name: &str| {
            let m = mentions(text);
            m.iter()
                .find(|m| m.name.as_deref() == Some(name))
                .map(|m| m.replaced)
        };
        let text = "Chile will replace its old Mirage and F-5 fighters with new Gripen jets.";
        assert_eq!(replaced(text, "F-5"), Some(true));
        assert_eq!(replaced(text, "Gripen"), Some(false));
        let text = "The navy wants to retire its fleet of Sea King helicopters.";
        assert_eq!(replaced(text, "Sea King"), Some(true));
        // Told as bought in a relative clause: a deal of its own.
        let text = "The jets will replace the Mirage and F-5 fighters that Chile bought in 1985.";
        assert_eq!(replaced(text, "F-5"), Some(false));
    }

    #[test]
    fn a_us_electronics_designation_tells_what_it_is_and_keeps_its_variable_mark() {
        use armswatch_register::Category;
        let m = mentions("The navy will fit AN/SPY-7 (V)1 sets on the destroyers.");
        let spy = m.iter().find(|m| m.name.as_deref() == Some("AN/SPY-7(V)1"));
        assert_eq!(spy.map(|m| m.category), Some(Category::Sensor), "{m:?}");
        // Alone, with no system word: still a system.
        let m = mentions("The squadron received the AN/ALQ-214 last year.");
        let jammer = m.iter().find(|m| m.name.as_deref() == Some("AN/ALQ-214"));
        assert_eq!(jammer.map(|m| m.category), Some(Category::Other), "{m:?}");
        let m = mentions("Pilots praised the AN/ALR-56 in trials.");
        assert_eq!(
            m.iter().find(|m| m.name.is_some()).map(|m| m.category),
            Some(Category::Sensor),
            "{m:?}"
        );
        assert_eq!(super::jetds_category("AN/PRC-117"), Some(Category::Other));
        assert_eq!(super::jetds_category("F-16"), None);
    }

    #[test]
    fn a_variant_mark_run_onto_a_known_designation_names_that_design() {
        let m = mentions("Myanmar received six Su-30SME jets.");
        let named = m.iter().find(|m| m.name.is_some());
        assert_eq!(
            named.and_then(|m| m.name.as_deref()),
            Some("Su-30SME"),
            "{m:?}"
        );
        assert_eq!(named.and_then(|m| m.origin.as_deref()), Some("RU"), "{m:?}");
        let g = Gazetteer::builtin().expect("gazetteer");
        // A number run on is another design, not a variant.
        assert!(super::variant_of_known(g, "F-16").is_none());
        assert!(super::variant_of_known(g, "Su-301").is_none());
        assert!(super::variant_of_known(g, "Su-30SME").is_some());
    }

    #[test]
    fn a_component_designation_before_a_platform_noun_keeps_the_noun_kind() {
        // An engine's designation naming a frigate class is the frigate;
        // before a component noun, or alone, it is still the engine.
        let ship = mentions("The navy wants a larger variant of the F-110 frigate.");
        assert_eq!(
            ship.first().map(|m| m.category),
            Some(armswatch_register::Category::Ship),
            "{ship:?}"
        );
        let engine = mentions("The air force ordered F110 engines for its jets.");
        assert_eq!(
            engine.first().map(|m| m.category),
            Some(armswatch_register::Category::Engine),
            "{engine:?}"
        );
        let missile = mentions("Poland bought NASAMS missile systems.");
        assert_eq!(
            missile.first().map(|m| m.category),
            Some(armswatch_register::Category::AirDefence),
            "{missile:?}"
        );
    }

    #[test]
    fn a_class_word_after_a_design_joins_its_mention() {
        let found = mentions("Brazil commissioned its first Scorpène-class attack submarine.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].name.as_deref(), Some("Scorpène"));
        assert_eq!(found[0].category, armswatch_register::Category::Ship);
    }

    #[test]
    fn a_nickname_after_a_designation_belongs_to_the_name() {
        // Before a system noun, standing alone, with a numeral, and after a
        // designation the gazetteer does not know.
        assert_eq!(
            names("Vietnam wants twelve FA-50 Golden Eagle jets."),
            [Some("FA-50 Golden Eagle".to_string())]
        );
        assert_eq!(
            names("Boeing pitched the KC-46 Pegasus to the air arm."),
            [Some("KC-46 Pegasus".to_string())]
        );
        assert_eq!(
            names("Qatar weighs more F-15EX Eagle II fighters."),
            [Some("F-15EX Eagle II".to_string())]
        );
        assert_eq!(
            names("Oman ordered ZX-70 Sandhawk drones."),
            [Some("ZX-70 Sandhawk".to_string())]
        );
        // Words of kind or variant, acronyms, adjectives and the start of a
        // longer name are no nickname.
        assert_eq!(
            names("The S-400 Systems arrived in Delhi."),
            [Some("S-400".to_string())]
        );
        assert_eq!(
            names("Peru bought Su-30 BVRAAMs and C-390 Deck-based jets."),
            [Some("Su-30".to_string()), Some("C-390".to_string())]
        );
        assert_eq!(
            names("The F-35 Joint Program Office signed it."),
            [Some("F-35".to_string())]
        );
    }

    #[test]
    fn an_acronym_hyphened_on_and_a_numeral_after_belong_to_the_name() {
        assert_eq!(
            names("The navy wants six more LCA-Tejas trainers."),
            [Some("LCA-Tejas".to_string())]
        );
        assert_eq!(
            names("Qatar flies eight C-17 Globemaster III airlifters."),
            [Some("C-17 Globemaster III".to_string())]
        );
        // A maker's acronym is no part of the name.
        assert_eq!(
            names("India bought 99 GE-F404 engines."),
            [Some("F404".to_string())]
        );
        // Lower case before the hyphen, or a pronoun after: no part of it.
        assert_eq!(
            names("The anti-Tejas lobby said Tejas I think is late."),
            [Some("Tejas".to_string()), Some("Tejas".to_string())]
        );
    }

    #[test]
    fn a_variant_mark_belongs_to_the_name_before_it() {
        assert_eq!(
            names("Greece ordered F-16 Block 72 jets."),
            [Some("F-16 Block 72".to_string())]
        );
        assert_eq!(
            names("Egypt ordered F-16 Block-52 jets."),
            [Some("F-16 Block-52".to_string())]
        );
        assert_eq!(
            names("The air force wants more Tejas Mk.II fighters."),
            [Some("Tejas Mk.II".to_string())]
        );
        assert_eq!(
            names("Pakistan flies the F-16 in Mark 3 formation."),
            [Some("F-16".to_string())]
        );
    }

    #[test]
    fn a_capitalised_name_before_a_system_noun_names_it() {
        assert_eq!(
            names("Chile bought 30 Piranha armoured vehicles."),
            [Some("Piranha".to_string())]
        );
        // Descriptive title-case words, organisations and the sentence's
        // first word name nothing.
        assert_eq!(
            names("Colombia chose the Gripen-E fighter jet."),
            [Some("Gripen-E".to_string())]
        );
        assert_eq!(names("Kenya ordered Heavy tanks."), [None]);
        // The last words of a description spelt out in capitals.
        assert_eq!(
            names("Ghana wants Short Range Rapid Strike missiles."),
            [None]
        );
        assert_eq!(
            names("Peru seeks Short Take-off and Landing aircraft."),
            [None]
        );
        let got = mentions("Ghana bought two Short Range Rapid Strike missiles.");
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].description.as_deref(),
            Some("Short Range Rapid Strike missiles")
        );
        assert_eq!(
            names("Chile bought Tayra and Kodkod armoured vehicles."),
            [Some("Kodkod".to_string())]
        );
        assert_eq!(names("The deal covers Navy helicopters."), [None]);
        assert_eq!(names("Frigates were sold."), [None]);
    }

    #[test]
    fn a_name_before_the_word_system_is_a_system() {
        let got = mentions("Latvia will buy Skyranger systems and the Aegis system.");
        let named: Vec<_> = got.iter().map(|m| m.name.clone()).collect();
        assert_eq!(
            named,
            [Some("Skyranger".to_string()), Some("Aegis".to_string())]
        );
        assert!(mentions("The Indian system is slow.").is_empty());
        assert!(mentions("The new system works.").is_empty());
    }

    fn quantities(text: &str) -> Vec<Option<u64>> {
        mentions(text).into_iter().map(|m| m.quantity).collect()
    }

    #[test]
    fn goods_told_with_an_indefinite_article_are_one() {
        assert_eq!(
            quantities("Oman gave Kenya a patrol vessel and an armoured car."),
            [Some(1), Some(1)]
        );
        // Plural goods and generic words count nothing.
        assert_eq!(quantities("Oman gave Kenya patrol vessels."), [None]);
        // A capitalised class or maker's name between article and goods.
        assert_eq!(
            quantities("Oman gave Kenya a Fast Patrol Vessel."),
            [Some(1)]
        );
    }

    #[test]
    fn a_count_reaches_past_a_makers_name_but_a_size_is_no_count() {
        assert_eq!(
            quantities("Brazil ordered four Acme Naval Works Type 209 submarines."),
            [Some(4)]
        );
        assert_eq!(
            quantities("The navy wants three Search and Rescue helicopters."),
            [Some(3)]
        );
        assert_eq!(quantities("Kenya bought 105 mm howitzers."), [None]);
        assert_eq!(
            quantities("Oman ordered two 2,500-tonne corvettes."),
            [Some(2)]
        );
        assert_eq!(quantities("Kenya bought 155-mm howitzers."), [None]);
        // "in" after a number is an inch; after a word, a place of making.
        assert_eq!(quantities("Chile bought 16 in guns."), [None]);
        assert_eq!(
            quantities("Chile bought 40 Made in Spain Piranha vehicles."),
            [Some(40)]
        );
        assert_eq!(
            quantities("The airline leased a Boeing 747 freighter jet."),
            [None]
        );
        assert_eq!(quantities("Peru bought 12 Acme trainer jets."), [Some(12)]);
        // "More" between the count and a unit of the goods.
        assert_eq!(
            quantities("Ghana ordered 40 more units of the patrol drone."),
            [Some(40)]
        );
        // A designation and a slashed pair of roles between count and noun.
        assert_eq!(
            quantities("Chile ordered 12 QX-90 Sky Falcon Trainer/Attack aircraft.").last(),
            Some(&Some(12))
        );
    }

    #[test]
    fn a_designation_told_as_a_system_is_one_where_it_stands_alone() {
        let text =
            "Acme showed its ZX-90 drone at the fair. The army plans to buy 12 ZX-90 next year.";
        let got = mentions(text);
        let bare = got.iter().find(|m| m.start > text.find('.').unwrap_or(0));
        let bare = bare.expect("the second ZX-90 is a system");
        assert_eq!(bare.name.as_deref(), Some("ZX-90"));
        assert_eq!(bare.category, armswatch_register::Category::Aircraft);
        assert_eq!(bare.quantity, Some(12));
        // Alone, an unknown designation is no system: it could be anything.
        assert!(mentions("The army plans to buy 12 ZX-90 next year.").is_empty());
    }

    #[test]
    fn a_designation_before_is_a_names_the_system_noun() {
        assert_eq!(
            names("The QX-7 is a light armoured vehicle built for the hills."),
            [Some("QX-7".to_string())]
        );
        // A noun with a name of its own keeps it.
        assert_eq!(
            names("The QX-7 is a rival of the Boxer armoured vehicle."),
            [Some("Boxer".to_string())]
        );
    }
}
