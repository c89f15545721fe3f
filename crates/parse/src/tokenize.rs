//! Rule-based tokenizer following UD English conventions (EWT, GUM):
//! clitics split (`India 's`, `do n't`, `ca n't`), punctuation split off,
//! abbreviations and numbers kept whole, currency symbols split from
//! amounts, hyphenated words split unless they start with a prefix
//! (`anti-ship`) or are designations and ranges (`F-35A`, `2022-23`).
//! The lists live in `data/parser/tokenizer.tsv`. Offsets are exact bytes
//! on char boundaries; any UTF-8 input is accepted.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

const RULES: &str = include_str!("../../../data/parser/tokenizer.tsv");

struct Rules {
    abbrevs: FxHashSet<&'static str>,
    /// Clitic suffixes, lower case, with straight and curly apostrophes.
    clitics: Vec<String>,
    /// Lower-cased word → byte length of its first part.
    splits: Vec<(&'static str, usize)>,
    prefixes: FxHashSet<&'static str>,
    /// Longest first.
    currencies: Vec<&'static str>,
    units: FxHashSet<&'static str>,
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(load)
}

fn load() -> Rules {
    let mut r = Rules {
        abbrevs: FxHashSet::default(),
        clitics: Vec::new(),
        splits: Vec::new(),
        prefixes: FxHashSet::default(),
        currencies: Vec::new(),
        units: FxHashSet::default(),
    };
    for line in RULES.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&'static str> = line.split('\t').collect();
        match cols.as_slice() {
            ["abbrev", w] => drop(r.abbrevs.insert(w)),
            ["clitic", c] => {
                r.clitics.push(c.to_string());
                r.clitics.push(c.replace('\'', "\u{2019}"));
            }
            ["split", w, a, _] => r.splits.push((w, a.len())),
            ["prefix", p] => drop(r.prefixes.insert(p)),
            ["currency", c] => r.currencies.push(c),
            ["unit", u] => drop(r.units.insert(u)),
            _ => {}
        }
    }
    r.currencies.sort_by_key(|c| std::cmp::Reverse(c.len()));
    r
}

/// Byte spans of the words of `text[start..end]`. Offsets out of range or
/// inside a character are moved to the nearest char boundary within the text.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = start.min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut out = Vec::new();
    let mut chunk: Option<usize> = None;
    for (i, c) in text[start..end].char_indices() {
        let i = start + i;
        match (is_space(c), chunk) {
            (true, Some(s)) => {
                split_chunk(text, s, i, &mut out);
                chunk = None;
            }
            (false, None) => chunk = Some(i),
            _ => {}
        }
    }
    if let Some(s) = chunk {
        split_chunk(text, s, end, &mut out);
    }
    out
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Combining marks, joiners, variation selectors, skin tones: they belong
/// to the character before them.
fn is_joiner(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05bd}'
        | '\u{0610}'..='\u{061a}' | '\u{064b}'..='\u{065f}' | '\u{0900}'..='\u{0903}'
        | '\u{093a}'..='\u{094f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}'
        | '\u{200c}' | '\u{200d}' | '\u{20d0}'..='\u{20ff}' | '\u{fe00}'..='\u{fe0f}'
        | '\u{fe20}'..='\u{fe2f}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_joiner(c)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn opens(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '<'
            | '"'
            | '\''
            | '\u{201c}'
            | '\u{2018}'
            | '\u{ab}'
            | '`'
            | '\u{bf}'
            | '\u{a1}'
            | '*'
    )
}

fn closes(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '>'
            | '"'
            | '\''
            | '\u{201d}'
            | '\u{2019}'
            | '\u{bb}'
            | '\u{2026}'
            | '%'
            | '`'
            | '*'
    )
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// One whitespace-free chunk `text[s..e]`.
fn split_chunk(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let chunk = &text[s..e];
    if is_url(chunk) {
        let core_end = s + chunk
            .trim_end_matches(|c: char| closes(c) && c != '%')
            .len();
        out.push((s, core_end));
        trailing_run(text, core_end, e, out);
        return;
    }
    let (core_s, lead) = peel_leading(text, s, e);
    out.extend(lead);
    let (core_e, mut trail) = peel_trailing(text, core_s, e);
    inner(text, core_s, core_e, out);
    trail.reverse();
    out.extend(trail);
}

fn is_url(w: &str) -> bool {
    let lower_start = |p: &str| {
        w.len() > p.len() && w.is_char_boundary(p.len()) && w[..p.len()].eq_ignore_ascii_case(p)
    };
    w.contains("://")
        || lower_start("www.")
        || w.find('@')
            .is_some_and(|at| at > 0 && w[at..].contains('.') && !w.ends_with('.'))
}

/// Emits `text[s..e]` as runs of identical characters.
fn trailing_run(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let mut i = s;
    while i < e {
        let len = run_len(&text[i..e]);
        out.push((i, i + len));
        i += len;
    }
}

/// Byte length of the run of the first character repeated (`...`, `!!`).
fn run_len(s: &str) -> usize {
    let Some(c) = first_char(s) else { return 0 };
    s.chars().take_while(|&x| x == c).map(char::len_utf8).sum()
}

fn is_clitic_word(w: &str) -> bool {
    let r = rules();
    r.clitics.iter().any(|c| w.eq_ignore_ascii_case(c))
}

/// Opening quotes and brackets, and currency symbols before an amount.
fn peel_leading(text: &str, mut s: usize, e: usize) -> (usize, Vec<(usize, usize)>) {
    let mut lead = Vec::new();
    loop {
        let t = &text[s..e];
        if t.is_empty() || is_clitic_word(t) {
            break;
        }
        if let Some(len) = currency_prefix(t) {
            lead.push((s, s + len));
            s += len;
            break;
        }
        match first_char(t) {
            Some('.') if t.starts_with("..") && t.len() > run_len(t) => {
                lead.push((s, s + run_len(t)));
                s += run_len(t);
            }
            Some(c) if opens(c) && t.len() > c.len_utf8() => {
                let n = t.chars().count() - 1;
                let len = t
                    .chars()
                    .take(n)
                    .take_while(|&x| x == c)
                    .map(char::len_utf8)
                    .sum::<usize>();
                lead.push((s, s + len));
                s += len;
            }
            _ => break,
        }
    }
    (s, lead)
}

/// A currency symbol or code directly before a digit: its byte length.
fn currency_prefix(t: &str) -> Option<usize> {
    rules().currencies.iter().find_map(|c| {
        let rest = t.strip_prefix(c)?;
        first_char(rest)
            .filter(char::is_ascii_digit)
            .map(|_| c.len())
    })
}

/// Closing punctuation, in reverse order; stops at an abbreviation.
fn peel_trailing(text: &str, s: usize, mut e: usize) -> (usize, Vec<(usize, usize)>) {
    let mut trail = Vec::new();
    loop {
        let t = &text[s..e];
        let Some(c) = last_char(t) else { break };
        if !closes(c) || t.len() == c.len_utf8() || (c == '.' && is_abbrev(t)) || is_clitic_word(t)
        {
            break;
        }
        if t.ends_with("..") && !t.ends_with("...") && is_abbrev(&t[..t.len() - 1]) {
            trail.push((e - 1, e));
            e -= 1;
            continue;
        }
        let n = t.chars().count() - 1;
        let run: usize = t
            .chars()
            .rev()
            .take(n)
            .take_while(|&x| same_run(c, x))
            .map(char::len_utf8)
            .sum();
        trail.push((e - run, e));
        e -= run;
    }
    (e, trail)
}

/// Characters of one punctuation token (`...`, `?!`).
fn same_run(c: char, x: char) -> bool {
    x == c || (matches!(c, '?' | '!') && matches!(x, '?' | '!'))
}

/// `Mr.`, `U.S.`, `e.g.`, `J.`: a word whose final period belongs to it.
fn is_abbrev(t: &str) -> bool {
    if rules().abbrevs.contains(t) {
        return true;
    }
    let body = &t[..t.len() - 1];
    let mut chars = body.chars();
    match (chars.next(), chars.next()) {
        (Some(a), None) => a.is_alphabetic(),
        _ => letter_dots(t),
    }
}

/// `U.S.`, `a.m.`, `U.S.A.`: single letters each followed by a period.
fn letter_dots(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    chars.len() >= 4
        && chars.len().is_multiple_of(2)
        && chars.chunks(2).all(|p| p[0].is_alphabetic() && p[1] == '.')
}

/// Splits at punctuation inside a chunk, then applies the word rules.
fn inner(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let t = &text[s..e];
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    let mut piece = s;
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        if breaks(c, prev, next) {
            word(text, piece, s + i, out);
            let len = if is_word_char(c) {
                c.len_utf8()
            } else {
                symbol_len(&chars[k..])
            };
            out.push((s + i, s + i + len));
            while k < chars.len() && chars[k].0 < i + len {
                k += 1;
            }
            piece = s + i + len;
        } else {
            k += 1;
        }
    }
    word(text, piece, e, out);
}

/// Byte length of a symbol with the joiners after it (emoji sequences).
fn symbol_len(chars: &[(usize, char)]) -> usize {
    let mut len = 0;
    let mut joined = true;
    for &(_, c) in chars {
        if !(joined || is_joiner(c)) {
            break;
        }
        joined = c == '\u{200d}';
        len += c.len_utf8();
    }
    len
}

/// Whether `c` (between `prev` and `next`) is a token of its own.
fn breaks(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit());
    let letter = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
    if is_word_char(c) {
        return false;
    }
    match c {
        ',' | ':' | '/' => !(digit(prev) && digit(next)),
        '&' => !(letter(prev) && letter(next)),
        '.' | '-' | '_' | '@' | '#' | '+' | '=' | '~' | '^' | '$' | '%' | '*' | '\\' => false,
        c if is_apostrophe(c) => false,
        _ => true,
    }
}

/// A word piece: whole-word splits, clitics, units, then hyphens.
fn word(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    if s >= e {
        return;
    }
    let t = &text[s..e];
    let r = rules();
    if let Some(&(_, first)) = r.splits.iter().find(|(w, _)| t.eq_ignore_ascii_case(w)) {
        out.push((s, s + first));
        out.push((s + first, e));
        return;
    }
    if let Some(len) = clitic_suffix(t) {
        hyphens(text, s, e - len, out);
        out.push((e - len, e));
        return;
    }
    if let Some(num) = number_with_unit(t) {
        out.push((s, s + num));
        out.push((s + num, e));
        return;
    }
    hyphens(text, s, e, out);
}

/// Byte length of a clitic ending `t` after a non-empty stem.
fn clitic_suffix(t: &str) -> Option<usize> {
    rules().clitics.iter().find_map(|c| {
        let at = t.len().checked_sub(c.len())?;
        (at > 0 && t.is_char_boundary(at) && t[at..].eq_ignore_ascii_case(c)).then_some(c.len())
    })
}

/// `5pm` → byte length of `5`, when the letters are a unit.
fn number_with_unit(t: &str) -> Option<usize> {
    let num = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | ':')))
        .map(|(i, _)| i)?;
    let starts_digit = first_char(t).is_some_and(|c| c.is_ascii_digit());
    (starts_digit && rules().units.contains(&t[num..])).then_some(num)
}

/// Splits hyphenated words (`long - range`) unless prefixed or a code.
fn hyphens(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    if s >= e {
        return;
    }
    let t = &text[s..e];
    let is_dash = |c: char| c == '-';
    let parts: Vec<&str> = t.split(is_dash).collect();
    if parts.len() == 1 || keep_hyphenated(&parts) {
        out.push((s, e));
        return;
    }
    let mut i = s;
    for (k, part) in parts.iter().enumerate() {
        if !part.is_empty() {
            out.push((i, i + part.len()));
        }
        i += part.len();
        if k + 1 < parts.len() {
            let dash = first_char(&text[i..e]).map_or(1, char::len_utf8);
            match out.last_mut() {
                Some(last) if last.1 == i && is_dash_token(&text[last.0..last.1]) => last.1 += dash,
                _ => out.push((i, i + dash)),
            }
            i += dash;
        }
    }
}

fn is_dash_token(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| c == '-')
}

/// `anti-ship` (prefix), `F-35A`, `Su-30MKI`, `2022-23` (codes with a digit).
fn keep_hyphenated(parts: &[&str]) -> bool {
    if parts.iter().any(|p| p.is_empty()) {
        return false;
    }
    let first = parts[0].to_lowercase();
    if rules().prefixes.contains(first.as_str()) && parts.len() == 2 {
        return true;
    }
    let code = |p: &&str| {
        p.chars().all(|c| is_word_char(c) || c == '.')
            && p.chars().any(|c| c.is_ascii_digit() || c.is_uppercase())
    };
    parts.iter().all(code) && parts.iter().any(|p| p.chars().any(|c| c.is_ascii_digit()))
}
