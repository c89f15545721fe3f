//! Normalised forms of names, designations and words, for matching.

use armswatch_annotate::Gazetteer;

/// Legal-form words dropped from the end of an organisation's name
/// ("Raytheon Co" = "Raytheon Corp"). Only these: words like "Industries"
/// or "Shipbuilding" tell companies apart and are kept.
const LEGAL_SUFFIXES: &[&str] = &[
    "corp",
    "corporation",
    "co",
    "company",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "plc",
    "llc",
    "lp",
    "sa",
    "ag",
    "gmbh",
    "nv",
    "bv",
    "spa",
    "jsc",
    "ojsc",
    "pjsc",
    "pte",
    "bhd",
    "oy",
    "oyj",
    "ab",
    "asa",
    "group",
    "holding",
    "holdings",
    "consortium",
];

/// Whether a folded word is a legal form ("corp", "ltd").
pub fn is_legal_suffix(w: &str) -> bool {
    LEGAL_SUFFIXES.contains(&w) && w != "group" && w != "consortium"
}

/// Words joining the parts of a name; left out of initials.
const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "de", "del", "la", "le", "von", "und", "y",
];

/// Titles and honorifics before a person's name.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "adm",
    "admiral",
    "col",
    "colonel",
    "lt",
    "maj",
    "capt",
    "president",
    "prime",
    "minister",
    "sen",
    "senator",
    "rep",
    "prince",
    "king",
    "sir",
    "ayatollah",
    "vice",
    "defense",
    "defence",
    "foreign",
    "secretary",
    "chairman",
];

/// British and American spellings of words common in names.
const SPELLINGS: &[(&str, &str)] = &[
    ("defence", "defense"),
    ("organisation", "organization"),
    ("programme", "program"),
    ("centre", "center"),
    ("armour", "armor"),
    ("armoured", "armored"),
];

/// Lower case, accents and typographic quotes folded, `&` as "and",
/// dots of abbreviations removed ("U.S." -> "us", "Corp." -> "corp"), and
/// everything else that is not a letter or digit made a space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '.' => {}
            '&' => out.push_str(" and "),
            '’' | '‘' | '`' | '\'' => out.push('\''),
            c if c.is_alphanumeric() => {
                for l in c.to_lowercase() {
                    out.push(fold_accent(l));
                }
            }
            _ => out.push(' '),
        }
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

/// Words of a folded name, with possessive `'s` split off as its own word.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split_whitespace()
        .flat_map(|w| {
            let w = w.trim_matches('\'');
            match w.strip_suffix("'s") {
                Some(stem) if !stem.is_empty() => vec![stem.to_string(), "'s".to_string()],
                _ => vec![w.to_string()],
            }
        })
        .filter(|w| !w.is_empty())
        .map(|w| {
            SPELLINGS
                .iter()
                .find(|(b, _)| *b == w)
                .map_or(w.clone(), |(_, a)| a.to_string())
        })
        .collect()
}

/// An organisation name taken apart for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgKey {
    /// Full key: folded words, leading "the" and trailing legal forms
    /// dropped, a leading country written as `@CC` ("U.S. Navy" and
    /// "United States Navy" both give "@us navy").
    pub full: String,
    /// The key without its leading country or demonym ("Israel's Rafael"
    /// gives "rafael"), when there was one; only used together with the
    /// country.
    pub bare: Option<String>,
    /// The country named at the start, if any.
    pub country: Option<String>,
}

/// Finds a country named by the first 1–4 words (name, alias, demonym).
fn leading_country(g: &Gazetteer, original: &str) -> Option<(String, usize, bool)> {
    // Work on the original words (the gazetteer is case-sensitive).
    let toks: Vec<&str> = original.split_whitespace().collect();
    for n in (1..=toks.len().min(4)).rev() {
        let mut phrase = toks[..n].join(" ");
        let mut possessive = false;
        for p in ["’s", "'s"] {
            if let Some(x) = phrase.strip_suffix(p) {
                phrase = x.to_string();
                possessive = true;
            }
        }
        if let Some(i) = g.country_by_surface(&phrase) {
            return Some((g.countries[i].code.clone(), n, possessive));
        }
        // "U.S." written without dots, or with them.
        if let Some(i) = g.country_by_surface(&phrase.replace('.', "")) {
            return Some((g.countries[i].code.clone(), n, possessive));
        }
    }
    None
}

pub fn org_key(g: &Gazetteer, name: &str) -> OrgKey {
    let trimmed = name.trim();
    let trimmed = trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .unwrap_or(trimmed);
    let (country, rest) = match leading_country(g, trimmed) {
        Some((code, n, _)) => {
            let toks: Vec<&str> = trimmed.split_whitespace().collect();
            (Some(code), toks[n..].join(" "))
        }
        None => (None, trimmed.to_string()),
    };
    let mut ws = words(&rest);
    while ws.first().is_some_and(|w| w == "the" || w == "'s") {
        ws.remove(0);
    }
    while ws.len() > 1
        && ws
            .last()
            .is_some_and(|w| LEGAL_SUFFIXES.contains(&w.as_str()))
    {
        ws.pop();
    }
    let body = ws.join(" ");
    match country {
        Some(c) if !body.is_empty() => OrgKey {
            full: format!("@{} {body}", c.to_lowercase()),
            bare: Some(body),
            country: Some(c),
        },
        // The whole name is a country ("China"): keep it as written.
        Some(c) => OrgKey {
            full: format!("@{}", c.to_lowercase()),
            bare: None,
            country: Some(c),
        },
        None => OrgKey {
            full: body,
            bare: None,
            country: None,
        },
    }
}

/// Initials of a name's significant words, without and with its legal
/// suffix ("China Precision Machinery Import Export Corp." gives CPMIE and
/// CPMIEC). Empty when the name has fewer than two words.
pub fn initials(name: &str) -> Vec<String> {
    let ws: Vec<String> = words(name)
        .into_iter()
        .filter(|w| w != "'s" && !CONNECTORS.contains(&w.as_str()))
        .collect();
    if ws.len() < 2 {
        return Vec::new();
    }
    let all: String = ws.iter().filter_map(|w| w.chars().next()).collect();
    let mut core = ws.clone();
    while core.len() > 1
        && core
            .last()
            .is_some_and(|w| LEGAL_SUFFIXES.contains(&w.as_str()))
    {
        core.pop();
    }
    let short: String = core.iter().filter_map(|w| w.chars().next()).collect();
    let mut out = vec![short.to_uppercase()];
    if all != short {
        out.push(all.to_uppercase());
    }
    out
}

/// An acronym as written: 3 to 8 letters, all capitals ("CPMIEC", "NATO").
/// Two-letter ones ("GD", "MD") are too ambiguous to link across articles.
pub fn is_acronym(s: &str) -> bool {
    let s = s.trim();
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    (3..=8).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && s.chars().all(|c| c.is_alphabetic() || c == '.' || c == '&')
}

/// A person's name for matching: folded words without titles.
pub fn person_key(name: &str) -> String {
    let ws: Vec<String> = words(name).into_iter().filter(|w| w != "'s").collect();
    let start = ws
        .iter()
        .position(|w| !HONORIFICS.contains(&w.as_str()))
        .unwrap_or(ws.len().saturating_sub(1));
    ws[start..].join(" ")
}

/// A weapon designation for matching: its first word in capitals without
/// punctuation ("S-400 Triumf" and "S-400" both give "S400").
pub fn designation_key(name: &str) -> Option<String> {
    let first = name.split_whitespace().next()?;
    let k: String = first
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    (!k.is_empty()).then_some(k)
}

/// A designation's parts: runs of letters and of digits, in capitals
/// ("FN-6", "FN 6" and "FN6" all give FN, 6).
pub fn designation_tokens(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut digit = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let d = c.is_ascii_digit();
        if !cur.is_empty() && d != digit {
            out.push(std::mem::take(&mut cur));
        }
        digit = d;
        cur.extend(c.to_uppercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether two designations name one system: equal parts, or one is the
/// other with more words after it ("S-400" and "S-400 Triumf"), as long as
/// the shorter one says enough (a number, or four letters).
pub fn same_designation(a: &str, b: &str) -> bool {
    let (x, y) = (designation_tokens(a), designation_tokens(b));
    let (short, long) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    if short.is_empty() || long[..short.len()] != short[..] {
        return false;
    }
    short.len() == long.len()
        || short.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()))
        || short.iter().map(String::len).sum::<usize>() >= 4
}

/// Whether two designations are one system family, restated ("Tejas
/// Mk1A" and "Tejas Mk2", "C-295MW" and "C295"): one designation, or the
/// same name of four letters or more, or the same letters and number
/// before a variant suffix.
pub fn same_family(a: &str, b: &str) -> bool {
    if same_designation(a, b) {
        return true;
    }
    // "ATAGS" for "Advanced Towed Artillery Gun System".
    let acronym_of = |short: &str, long: &str| {
        let s = short.replace(['-', '.'], "");
        is_acronym(&s) && initials(long).contains(&s.to_uppercase())
    };
    if acronym_of(a, b) || acronym_of(b, a) {
        return true;
    }
    let (x, y) = (designation_tokens(a), designation_tokens(b));
    // "Predator MQ-9B" and "MQ-9A Reaper": one letters-and-number core.
    if let (Some(cx), Some(cy)) = (designation_core(&x), designation_core(&y)) {
        return cx == cy;
    }
    let (Some(x0), Some(y0)) = (x.first(), y.first()) else {
        return false;
    };
    if x0 != y0 {
        return false;
    }
    let alpha = |t: &String| t.chars().all(|c| c.is_alphabetic());
    let digits = |t: Option<&String>| t.is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()));
    // A name and variant marks after it ("Tejas" "Mk" "1" "A"), not
    // more words ("Advanced Light Helicopter").
    let variant = |t: &[String]| t.iter().all(|w| w.chars().count() <= 3);
    if alpha(x0)
        && x0.chars().count() >= 4
        && !digits(x.get(1))
        && !digits(y.get(1))
        && variant(&x[1..])
        && variant(&y[1..])
    {
        return true;
    }
    digits(x.get(1)) && x.get(1) == y.get(1)
}

/// The first letters-then-number pair of a designation ("MQ", "9" of
/// "Predator MQ-9B"), the part variants keep.
pub fn designation_core(t: &[String]) -> Option<(&str, &str)> {
    t.windows(2).find_map(|w| {
        let letters = w[0].chars().all(|c| c.is_alphabetic())
            && !matches!(w[0].as_str(), "MK" | "MARK" | "BLOCK" | "BATCH");
        let number = w[1].chars().all(|c| c.is_ascii_digit());
        (letters && number).then(|| (w[0].as_str(), w[1].as_str()))
    })
}

/// The country that makes a system the gazetteer knows; `None` when the
/// name fits systems of two countries ("Hawk": the British trainer, the
/// American missile).
pub fn maker_country(g: &Gazetteer, name: &str) -> Option<String> {
    let origins: std::collections::BTreeSet<&String> = g
        .systems
        .iter()
        .filter(|s| same_family(&s.designation, name))
        .filter_map(|s| s.origin.as_ref())
        .collect();
    match origins.len() {
        1 => origins.into_iter().next().cloned(),
        _ => None,
    }
}

/// What a system the gazetteer knows is ("fighter aircraft", "transport
/// aircraft"); `None` when the name fits no system or systems of two roles.
pub fn system_role(g: &Gazetteer, name: &str) -> Option<String> {
    let roles: std::collections::BTreeSet<&String> = g
        .systems
        .iter()
        .filter(|s| same_family(&s.designation, name))
        .map(|s| &s.description)
        .filter(|d| !d.is_empty())
        .collect();
    match roles.len() {
        1 => roles.into_iter().next().cloned(),
        _ => None,
    }
}

/// All words of a designation in capitals without punctuation.
pub fn designation_full(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A short id-safe slug: lower-case ASCII letters and digits, words joined
/// by `-`, at most `max` characters (cut at a word boundary).
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for w in fold(s).split(|c: char| !c.is_ascii_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() && out.len() + 1 + w.len() > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w[..w.len().min(max)]);
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testgaz::gazetteer;

    #[test]
    fn suffix_variants_share_a_key() {
        let g = gazetteer();
        let k = |s: &str| org_key(&g, s).full;
        assert_eq!(
            k("China North Industries Corp."),
            k("China North Industries Corporation")
        );
        assert_eq!(k("Raytheon Co"), k("Raytheon Corp"));
        assert_eq!(k("Hunting Engineering Co Ltd"), k("Hunting Engineering"));
        assert_ne!(
            k("China North Industries"),
            k("China Shipbuilding Industry")
        );
        assert_ne!(k("Lockheed Corp"), k("Lockheed Missiles and Space Co"));
        assert_eq!(k("U.S. Navy"), k("United States Navy"));
        assert_eq!(k("U.S. Defence Department"), k("U.S. Defense Department"));
    }

    #[test]
    fn demonyms_and_possessives_give_a_country() {
        let g = gazetteer();
        let k = org_key(&g, "Israel’s Rafael");
        assert_eq!(k.country.as_deref(), Some("IL"));
        assert_eq!(k.bare.as_deref(), Some("rafael"));
        let k = org_key(&g, "Polish Bumar Group");
        assert_eq!(k.country.as_deref(), Some("PL"));
        assert_eq!(k.bare.as_deref(), Some("bumar"));
    }

    #[test]
    fn initials_and_acronyms() {
        assert!(
            initials("China Precision Machinery Import-Export Corporation")
                .contains(&"CPMIEC".to_string())
        );
        assert!(initials("North Atlantic Treaty Organization").contains(&"NATO".to_string()));
        assert!(is_acronym("CPMIEC"));
        assert!(!is_acronym("GD"));
        assert!(!is_acronym("Norinco"));
    }

    #[test]
    fn people_and_designations() {
        assert_eq!(person_key("Gen. Guo Boxiong"), "guo boxiong");
        assert_eq!(person_key("President Ollanta Humala"), "ollanta humala");
        assert_eq!(designation_key("S-400 Triumf"), designation_key("S-400"));
        assert_ne!(designation_key("FN-6"), designation_key("QW-11"));
        assert!(same_designation("FN-6", "FN 6"));
        assert!(same_designation("S-400", "S-400 Triumf"));
        assert!(same_designation("Rafale", "Rafale F3R"));
        assert!(!same_designation("F-1", "F-16"));
        assert!(!same_designation("FN-6", "QW-11"));
        assert!(!same_designation("T", "T-72"));
        assert!(same_family("Tejas Mk1A", "Tejas Mk2"));
        assert!(same_family("C-295MW", "C295"));
        assert!(same_family("Su-30MKI", "Su-30"));
        assert!(!same_family("F-16", "F-35"));
        assert!(!same_family("Su-30", "Su-35"));
        assert!(!same_family("Type-90", "Type-99"));
        assert!(!same_family(
            "Advanced Light Helicopter",
            "Advanced Hawkeye"
        ));
        assert_eq!(
            slug("China North Industries Corp.", 40),
            "china-north-industries-corp"
        );
    }
}
