//! Money in the forms news uses: "$114 million", "1.4 billion dollars",
//! "3.5 billion dlrs", "30.5 mln dlr", "EUR 100 m", "£400 million",
//! "Rs 1,200 crore", "2.5 billion guilders".

use armswatch_register::Money;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq)]
pub struct MoneyMention {
    pub start: usize,
    pub end: usize,
    pub money: Money,
}

const SCALE: &str =
    r"(?:trillion|billion|million|thousand|bln|mln|bn|tn|mn|m|b|k|crore|crores|lakh|lakhs|cr)";

fn prefix_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?x)
            (?P<cur>US\s?\$|U\.S\.\s?\$|A\$|AU\$|C\$|CA\$|NZ\$|HK\$|S\$|R\$|\$|€|£|¥|₹|₩|₪|
               (?-u:\b)(?:USD|EUR|GBP|JPY|INR|CNY|RMB|RUB|KRW|AUD|CAD|CHF|SEK|NOK|DKK|ILS|TRY|PLN|BRL|SAR|AED|PKR|Rs\.?|Rs)\s?)
            (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
            (?:\s?(?P<scale>{SCALE})(?-u:\b))?"
        ))
        .expect("static regex")
    })
}

fn suffix_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"(?xi)
            (?-u:\b)(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{WORDS})
            (?:[\s-]?(?P<scale>{SCALE}))?
            [\s-]
            (?:(?P<adj>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s)?
            (?P<cur>(?:(?:U\.S\.|US|American|Canadian|Australian|Hong\sKong|Singapore|New\sZealand|Taiwan)\s)?(?:dollars?|dlrs?)|
               euros?|pounds?(?:\ssterling)?|sterling|stg|yen|yuan|renminbi|rupees?|roubles?|rubles?|won|shekels?|riyals?|dirhams?|
               (?:Swiss\s|French\s|Belgian\s)?francs?|(?:Deutsche\s|German\s|D-)?marks?|guilders?|lira|lire|kronor|kroner|krona|krone|zlotys?|
               reais|real|pesos?|rand|ringgit|baht|rupiah|dinars?|rials?|(?:US\s|USD\s)?USD|EUR|GBP|INR)(?-u:\b)"
        ))
        .expect("static regex")
    })
}

/// Numbers written as words, read only before a scale ("three billion
/// stg", "a million dollars"; "two pounds" is a weight).
const WORDS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|a";

fn number(s: &str) -> Option<f64> {
    let word = WORDS
        .split('|')
        .position(|w| w.eq_ignore_ascii_case(s))
        .map(|i| if i == 10 { 1.0 } else { (i + 1) as f64 });
    word.or_else(|| s.replace(',', "").parse::<f64>().ok())
}

fn is_word_number(s: &str) -> bool {
    WORDS.split('|').any(|w| w.eq_ignore_ascii_case(s))
}

fn scale(s: Option<&str>) -> f64 {
    match s.map(|s| s.to_lowercase()).as_deref() {
        Some("trillion" | "tn") => 1e12,
        Some("billion" | "bln" | "bn" | "b") => 1e9,
        Some("million" | "mln" | "mn" | "m") => 1e6,
        Some("thousand" | "k") => 1e3,
        Some("crore" | "crores" | "cr") => 1e7,
        Some("lakh" | "lakhs") => 1e5,
        _ => 1.0,
    }
}

fn prefix_currency(sym: &str) -> &'static str {
    let s = sym.trim().trim_end_matches('.');
    match s {
        "€" | "EUR" => "EUR",
        "£" | "GBP" => "GBP",
        "¥" | "JPY" => "JPY",
        "₹" | "INR" | "Rs" => "INR",
        "₩" | "KRW" => "KRW",
        "₪" | "ILS" => "ILS",
        "A$" | "AU$" | "AUD" => "AUD",
        "C$" | "CA$" | "CAD" => "CAD",
        "NZ$" => "NZD",
        "HK$" => "HKD",
        "S$" => "SGD",
        "R$" | "BRL" => "BRL",
        "CNY" | "RMB" => "CNY",
        "RUB" => "RUB",
        "CHF" => "CHF",
        "SEK" => "SEK",
        "NOK" => "NOK",
        "DKK" => "DKK",
        "TRY" => "TRY",
        "PLN" => "PLN",
        "SAR" => "SAR",
        "AED" => "AED",
        "PKR" => "PKR",
        _ => "USD",
    }
}

/// Currencies that several countries name alike, told apart by the
/// country's adjective ("Philippine pesos", "Kuwaiti dinars"): adjective,
/// currency word (singular, lower case), ISO 4217 code.
const NATIONAL: &[(&str, &str, &str)] = &[
    ("Philippine", "peso", "PHP"),
    ("Mexican", "peso", "MXN"),
    ("Argentine", "peso", "ARS"),
    ("Argentinian", "peso", "ARS"),
    ("Chilean", "peso", "CLP"),
    ("Colombian", "peso", "COP"),
    ("Indian", "rupee", "INR"),
    ("Pakistani", "rupee", "PKR"),
    ("Sri Lankan", "rupee", "LKR"),
    ("Nepalese", "rupee", "NPR"),
    ("Saudi", "riyal", "SAR"),
    ("Qatari", "riyal", "QAR"),
    ("Omani", "rial", "OMR"),
    ("Iranian", "rial", "IRR"),
    ("Kuwaiti", "dinar", "KWD"),
    ("Iraqi", "dinar", "IQD"),
    ("Jordanian", "dinar", "JOD"),
    ("Bahraini", "dinar", "BHD"),
    ("Algerian", "dinar", "DZD"),
    ("Libyan", "dinar", "LYD"),
    ("Tunisian", "dinar", "TND"),
    ("Serbian", "dinar", "RSD"),
    ("Moroccan", "dirham", "MAD"),
    ("Emirati", "dirham", "AED"),
    ("Danish", "krone", "DKK"),
    ("Norwegian", "krone", "NOK"),
    ("Swedish", "krona", "SEK"),
    ("Egyptian", "pound", "EGP"),
    ("British", "pound", "GBP"),
    ("Turkish", "lira", "TRY"),
    ("Italian", "lira", "ITL"),
    ("Swiss", "franc", "CHF"),
    ("French", "franc", "FRF"),
    ("Belgian", "franc", "BEF"),
];

/// The currency a national adjective picks for an ambiguous word.
fn national_currency(adjective: &str, word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    let singular = match w.as_str() {
        "kroner" => "krone",
        "kronor" => "krona",
        "lire" => "lira",
        other => other.strip_suffix('s').unwrap_or(other),
    };
    NATIONAL
        .iter()
        .find(|(a, cw, _)| *a == adjective && *cw == singular)
        .map(|(_, _, code)| *code)
}

fn suffix_currency(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    let w = w.as_str();
    Some(if w.contains("canadian") {
        "CAD"
    } else if w.contains("australian") {
        "AUD"
    } else if w.contains("hong kong") {
        "HKD"
    } else if w.contains("singapore") {
        "SGD"
    } else if w.contains("new zealand") {
        "NZD"
    } else if w.contains("taiwan") {
        "TWD"
    } else if w.contains("dollar") || w.contains("dlr") || w.ends_with("usd") {
        "USD"
    } else if w.starts_with("euro") || w == "eur" {
        "EUR"
    } else if w.starts_with("pound") || w.starts_with("sterling") || w == "stg" || w == "gbp" {
        "GBP"
    } else if w == "yen" {
        "JPY"
    } else if w == "yuan" || w == "renminbi" {
        "CNY"
    } else if w.starts_with("rupee") || w == "inr" {
        "INR"
    } else if w.starts_with("roub") || w.starts_with("rubl") {
        "RUB"
    } else if w == "won" {
        "KRW"
    } else if w.starts_with("shekel") {
        "ILS"
    } else if w.starts_with("riyal") {
        "SAR"
    } else if w.starts_with("dirham") {
        "AED"
    } else if w.starts_with("swiss") {
        "CHF"
    } else if w.starts_with("belgian") {
        "BEF"
    } else if w.contains("franc") {
        "FRF"
    } else if w.contains("mark") {
        "DEM"
    } else if w.starts_with("guilder") {
        "NLG"
    } else if w == "lira" || w == "lire" {
        "ITL"
    } else if w == "kronor" || w == "krona" {
        "SEK"
    } else if w == "kroner" || w == "krone" {
        "NOK"
    } else if w.starts_with("zloty") {
        "PLN"
    } else if w == "reais" || w == "real" {
        "BRL"
    } else if w.starts_with("peso") {
        "MXN"
    } else if w == "rand" {
        "ZAR"
    } else if w == "ringgit" {
        "MYR"
    } else if w == "baht" {
        "THB"
    } else if w == "rupiah" {
        "IDR"
    } else {
        return None;
    })
}

/// All money amounts in `text`, in order, non-overlapping.
pub fn find_money(text: &str) -> Vec<MoneyMention> {
    let mut out: Vec<MoneyMention> = Vec::new();
    for c in prefix_re().captures_iter(text) {
        let (Some(all), Some(num)) = (c.get(0), c.name("num")) else {
            continue;
        };
        let Some(n) = number(num.as_str()) else {
            continue;
        };
        let sc = c.name("scale").map(|m| m.as_str());
        // "$5 m" is a scale, "$5 more" was never matched ("more" fails (?-u:\b)
        // after "m"); a bare "b"/"m"/"k" needs to touch the number or be
        // followed by white space or punctuation, which (?-u:\b) ensures.
        let mut cur = prefix_currency(c.name("cur").map_or("$", |m| m.as_str()));
        let mut end = all.end();
        // "Rs 1,200 crore" and "$34 million worth" are fine as they are; a
        // trailing currency word ("$5 million U.S. dollars") is absorbed.
        if let Some(rest) = text[end..].strip_prefix(" U.S. dollars") {
            let _ = rest;
            end += " U.S. dollars".len();
            cur = "USD";
        }
        push(&mut out, text, all.start(), end, n * scale(sc), cur);
    }
    for c in suffix_re().captures_iter(text) {
        let (Some(all), Some(num), Some(curm)) = (c.get(0), c.name("num"), c.name("cur")) else {
            continue;
        };
        let Some(n) = number(num.as_str()) else {
            continue;
        };
        if is_word_number(num.as_str()) && c.name("scale").is_none() {
            continue;
        }
        // "Kuwaiti dinars" picks its country's currency; "Canadian dollars",
        // "German marks" are read whole.
        let cur = match c.name("adj") {
            Some(adj) => national_currency(adj.as_str(), curm.as_str())
                .or_else(|| suffix_currency(&format!("{} {}", adj.as_str(), curm.as_str()))),
            None => suffix_currency(curm.as_str()),
        };
        let Some(cur) = cur else {
            continue;
        };
        // "won" is also a verb: "won 2 contracts". Only take "won" after a scale.
        if cur == "KRW" && c.name("scale").is_none() {
            continue;
        }
        // "real" / "mark" as ordinary words need a scale too.
        if matches!(cur, "BRL" | "DEM" | "ZAR") && c.name("scale").is_none() {
            continue;
        }
        push(
            &mut out,
            text,
            all.start(),
            all.end(),
            n * scale(c.name("scale").map(|m| m.as_str())),
            cur,
        );
    }
    out.sort_by_key(|m| m.start);
    out
}

fn push(out: &mut Vec<MoneyMention>, text: &str, start: usize, end: usize, amount: f64, cur: &str) {
    if out.iter().any(|m| m.start < end && start < m.end) {
        return;
    }
    if !(amount.is_finite() && amount >= 1.0) {
        return;
    }
    // "up to 2.9 billion dlrs", "about 60 mln dlrs", "some 100 mln dlrs"
    // keep their hedge in the text so a reader sees it.
    let mut s = start;
    for hedge in [
        "up to ",
        "about ",
        "some ",
        "around ",
        "nearly ",
        "almost ",
        "over ",
        "more than ",
        "an estimated ",
        "roughly ",
    ] {
        if text[..start].ends_with(hedge) {
            s = start - hedge.len();
            break;
        }
    }
    out.push(MoneyMention {
        start: s,
        end,
        money: Money {
            amount: amount.round() as u64,
            currency: cur.to_string(),
            text: text[s..end].to_string(),
        },
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(t: &str) -> (u64, String) {
        let m = find_money(t);
        assert_eq!(m.len(), 1, "{t}: {m:?}");
        (m[0].money.amount, m[0].money.currency.clone())
    }

    #[test]
    fn news_forms() {
        assert_eq!(one("a $114 million contract"), (114_000_000, "USD".into()));
        assert_eq!(
            one("worth 1.4 billion dollars"),
            (1_400_000_000, "USD".into())
        );
        assert_eq!(one("for 3.5 billion dlrs"), (3_500_000_000, "USD".into()));
        assert_eq!(
            one("a 30.5 mln dlr defense contract"),
            (30_500_000, "USD".into())
        );
        assert_eq!(one("EUR 100 m for spares"), (100_000_000, "EUR".into()));
        assert_eq!(one("£400 million deal"), (400_000_000, "GBP".into()));
        assert_eq!(one("Rs 1,200 crore order"), (12_000_000_000, "INR".into()));
        assert_eq!(one("2.5 billion guilders"), (2_500_000_000, "NLG".into()));
        assert_eq!(one("€7.87 billion"), (7_870_000_000, "EUR".into()));
        assert_eq!(one("1.2 billion euros"), (1_200_000_000, "EUR".into()));
        assert_eq!(one("500 million Swiss francs"), (500_000_000, "CHF".into()));
        assert_eq!(one("US$2bn"), (2_000_000_000, "USD".into()));
        assert_eq!(
            one("3 billion Canadian dollars"),
            (3_000_000_000, "CAD".into())
        );
    }

    /// A number in words counts before a scale, never alone.
    #[test]
    fn a_number_in_words_before_a_scale() {
        assert_eq!(
            one("a deal worth three billion stg"),
            (3_000_000_000, "GBP".into())
        );
        assert_eq!(one("costing a million dollars"), (1_000_000, "USD".into()));
        assert!(find_money("the parcel weighed two pounds").is_empty());
    }

    #[test]
    fn a_national_adjective_picks_among_currencies_of_one_name() {
        assert_eq!(
            one("18.9 billion Philippine pesos"),
            (18_900_000_000, "PHP".into())
        );
        assert_eq!(
            one("worth 90 million Kuwaiti dinars"),
            (90_000_000, "KWD".into())
        );
        assert_eq!(
            one("2 billion Norwegian kroner"),
            (2_000_000_000, "NOK".into())
        );
        assert_eq!(
            one("2 billion Danish kroner"),
            (2_000_000_000, "DKK".into())
        );
        assert_eq!(
            one("40 billion Pakistani rupees"),
            (40_000_000_000, "PKR".into())
        );
        assert_eq!(
            one("5 billion Hong Kong dollars"),
            (5_000_000_000, "HKD".into())
        );
        assert_eq!(one("300 million German marks"), (300_000_000, "DEM".into()));
        // Without an adjective the word keeps its usual reading.
        assert_eq!(one("2.5 billion pesos"), (2_500_000_000, "MXN".into()));
    }

    #[test]
    fn hedges_are_kept_in_text() {
        let m = find_money("for a price of up to 4.7 billion dlrs.");
        assert_eq!(m[0].money.text, "up to 4.7 billion dlrs");
        assert_eq!(m[0].money.amount, 4_700_000_000);
    }

    #[test]
    fn not_money() {
        assert!(find_money("Raytheon won 2 contracts in 1987").is_empty());
        assert!(find_money("some 750 aircraft and 95 pct").is_empty());
        assert!(find_money("the multimillion-dollar deal").is_empty());
    }
}
