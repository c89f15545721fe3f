//! Sentences and tokens with byte offsets into the document text.

/// A sentence: `text[start..end]`, trimmed of surrounding white space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// A title or section heading line (no final punctuation, stands alone
    /// as a paragraph): its capitalisation says nothing about names.
    pub heading: bool,
    /// Index of the paragraph the sentence belongs to.
    pub paragraph: usize,
}

/// Abbreviations after which a period does not end a sentence.
const NEVER_ENDS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Capt", "Adm", "Sen", "Rep", "Gov", "Sgt", "Maj",
    "Brig", "Cmdr", "Cdr", "Gens", "Prof", "Rev", "St", "No", "Nos", "Vol", "vs", "Jan", "Feb",
    "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Fig", "approx", "Ft", "Mt", "Messrs",
    "Hon", "Pres", "Sr", "Jr", "Ave", "e.g", "i.e", "cf", "est", "al",
];

/// Abbreviations that may also end a sentence ("... sold to the U.S. It ...").
const MAY_END: &[&str] = &[
    "Corp", "Inc", "Co", "Ltd", "Bros", "etc", "U.S", "U.K", "U.N", "U.S.A", "S.A", "N.V", "p.m",
    "a.m",
];

/// Words that begin sentences; after an abbreviation from [`MAY_END`] they
/// signal a boundary.
const OPENERS: &[&str] = &[
    "The",
    "It",
    "He",
    "She",
    "They",
    "We",
    "But",
    "And",
    "In",
    "On",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Its",
    "Their",
    "Mr",
    "Ms",
    "Mrs",
    "There",
    "As",
    "At",
    "After",
    "Under",
    "Last",
    "However",
    "Meanwhile",
    "Officials",
    "I",
];

/// Splits `text` into sentences. Paragraph breaks (a blank line, or a single
/// newline in text without blank lines) always end a sentence.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let single_newline_paragraphs = !text.contains("\n\n");
    let mut paragraph = 0usize;
    let mut para_start = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        let at_end = i == bytes.len();
        let is_break = !at_end
            && bytes[i] == b'\n'
            && (single_newline_paragraphs || next_nonspace_line_is_blank(text, i));
        if at_end || is_break {
            split_paragraph(text, para_start, i, paragraph, &mut out);
            paragraph += 1;
            para_start = i + 1;
        }
        i += 1;
    }
    out
}

fn next_nonspace_line_is_blank(text: &str, newline: usize) -> bool {
    // true when the newline is followed by optional spaces and another newline,
    // or preceded by one (so both ends of a blank line split).
    let after = &text[newline + 1..];
    let after_blank = after
        .find('\n')
        .is_some_and(|j| after[..j].trim().is_empty());
    let before = &text[..newline];
    let before_blank = before
        .rfind('\n')
        .is_some_and(|j| before[j + 1..].trim().is_empty());
    after_blank || before_blank
}

fn split_paragraph(
    text: &str,
    start: usize,
    end: usize,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let para = &text[start..end];
    if para.trim().is_empty() {
        return;
    }
    let mut sent_start = start;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut k = 0;
    if let Some(credit_end) = credit_line_end(para) {
        push(text, start, start + credit_end, paragraph, out);
        if let Some(credit) = out.last_mut() {
            credit.heading = true;
        }
        sent_start = start + credit_end;
        k = chars.partition_point(|&(o, _)| o < credit_end);
    }
    let first_sentence_index = out.len();
    while k < chars.len() {
        let (off, c) = chars[k];
        if matches!(c, '.' | '!' | '?' | '\n') {
            // Extend over closing quotes and brackets.
            let mut j = k + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
            {
                j += 1;
            }
            let boundary_end = if j < chars.len() {
                chars[j].0
            } else {
                para.len()
            };
            let followed_by_space = j >= chars.len() || chars[j].1.is_whitespace();
            if c == '\n'
                || (followed_by_space && is_boundary(para, off, c, &chars, j))
                || glued_boundary(para, off, &chars, j)
            {
                push(text, sent_start, start + boundary_end, paragraph, out);
                sent_start = start + boundary_end;
                k = j;
                continue;
            }
        }
        k += 1;
    }
    push(text, sent_start, end, paragraph, out);
    // A paragraph that is one short line without final punctuation is a heading.
    let made = &mut out[first_sentence_index..];
    if made.len() == 1 {
        let s = &text[made[0].start..made[0].end];
        let words = s.split_whitespace().count();
        if !s.ends_with(['.', '!', '?', '"', '”', ':', ';', ',']) && words <= 14 {
            made[0].heading = true;
        }
    }
}

/// Labels of a credit line that opens copy: "SOURCE: PTI The Army said".
const CREDIT_LABELS: &[&str] = &["SOURCE", "Source", "COURTESY", "Courtesy"];

/// Words that continue an agency's name in capitals ("XYZ NEWS NETWORK").
const CREDIT_WORDS: &[&str] = &[
    "NEWS", "NETWORK", "DESK", "BUREAU", "SERVICE", "AGENCY", "WIRE",
];

/// Where a credit line at the start of a paragraph ends: the label, a
/// colon, then a byline in capitals ("JANE DOE / NEWS DESK / EXAMPLE.COM")
/// or an agency's initials ("PTI"), with the article's first sentence
/// glued on. Only the segment after the last slash is cut short, to its
/// first word and known agency words, so an opening acronym ("PTI DRDO
/// said") stays with its sentence.
fn credit_line_end(para: &str) -> Option<usize> {
    let lead = para.len() - para.trim_start().len();
    let rest = &para[lead..];
    let label = CREDIT_LABELS.iter().find(|l| rest.starts_with(*l))?;
    let after = rest[label.len()..].trim_start();
    let body = after.strip_prefix(':')?;
    let body_at = para.len() - body.len();
    let words = word_spans(body);
    let in_capitals =
        |w: &str| w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase);
    let last_slash = words.iter().rposition(|&(s, e)| body[s..e].ends_with('/'));
    let mut end = None;
    let mut tail_started = false;
    for (i, &(s, e)) in words.iter().enumerate() {
        let w = body[s..e].trim_end_matches('/');
        let in_tail = last_slash.is_none_or(|ls| i > ls);
        if w.is_empty() {
            end = Some(e);
            continue;
        }
        if !in_capitals(w) {
            break;
        }
        if in_tail {
            if tail_started && !CREDIT_WORDS.contains(&w.trim_end_matches('.')) {
                break;
            }
            tail_started = true;
        }
        end = Some(e);
    }
    // A credit that ends on a slash or never reaches its tail is no byline.
    let end = end.filter(|_| tail_started)?;
    Some(body_at + end)
}

/// Byte spans of the white-space-separated words of `s`, with a lone "/"
/// joined to the word before it.
fn word_spans(s: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for w in s.split_whitespace() {
        let Some(rel) = s[at..].find(w) else { break };
        let start = at + rel;
        at = start + w.len();
        match out.last_mut() {
            Some(prev) if w == "/" => prev.1 = at,
            _ => out.push((start, at)),
        }
    }
    out
}

/// Copy that lost the space after a full stop: "the East China Sea.PM Modi
/// arrived". A word of three or more letters ending in lower case, a period,
/// then a capital: a new sentence (web addresses and abbreviations like
/// "U.S.Navy" have no such word before the period).
fn glued_boundary(para: &str, off: usize, chars: &[(usize, char)], next: usize) -> bool {
    if chars
        .get(next)
        .is_none_or(|&(_, ch)| !ch.is_ascii_uppercase())
        || !para[off..].starts_with('.')
    {
        return false;
    }
    let before = &para[..off];
    let word: String = before
        .chars()
        .rev()
        .take_while(|ch| !ch.is_whitespace())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    word.chars().count() >= 3
        && word.chars().all(char::is_alphabetic)
        && word.chars().next_back().is_some_and(char::is_lowercase)
        && !NEVER_ENDS.contains(&word.as_str())
}

fn is_boundary(para: &str, off: usize, c: char, chars: &[(usize, char)], next: usize) -> bool {
    if c != '.' {
        return true;
    }
    // The word before the period.
    let before = &para[..off];
    let word_start = before
        .rfind(|ch: char| ch.is_whitespace() || ch == '(' || ch == '"' || ch == '“')
        .map(|p| p + before[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = &before[word_start..];
    // Next word after the white space.
    let rest = chars
        .iter()
        .skip(next)
        .find(|(_, ch)| !ch.is_whitespace())
        .map(|(o, _)| &para[*o..])
        .unwrap_or("");
    let next_word: &str = rest
        .split(|ch: char| !ch.is_alphanumeric())
        .next()
        .unwrap_or("");
    let next_starts_lower = rest.chars().next().is_some_and(|ch| ch.is_lowercase());
    let next_starts_digit = rest.chars().next().is_some_and(|ch| ch.is_ascii_digit());
    if word.is_empty() {
        return true;
    }
    // Decimals and numbers like "No. 2" are handled by the follow-up checks.
    // A web address written in lower case may open a sentence ("The deal
    // is off. example.com has learned ..."): outlets name themselves so.
    if next_starts_lower && !is_web_domain(rest) {
        return false;
    }
    if NEVER_ENDS.contains(&word) {
        return false;
    }
    // An initial: "R. Evan Ellis", "George W. Bush"; but "Block V. The
    // Navy" ends a sentence.
    if word.chars().count() == 1 && word.chars().all(|ch| ch.is_uppercase()) {
        return OPENERS.contains(&next_word);
    }
    // Initialisms with inner periods ("U.S", "U.K") and corporate
    // abbreviations end a sentence only before a typical opener.
    if MAY_END.contains(&word) || (word.contains('.') && word.len() <= 6) {
        return OPENERS.contains(&next_word);
    }
    if next_starts_digit && word.chars().all(|ch| ch.is_ascii_digit()) {
        return false;
    }
    true
}

/// Whether `rest` opens with a web domain as a word of its own: labels of
/// lower-case letters, digits and hyphens joined by dots, the last all
/// letters ("example.com", "news.example.co.uk").
fn is_web_domain(rest: &str) -> bool {
    let word = rest.split_whitespace().next().unwrap_or("");
    let word = word.trim_end_matches([',', ';', ':', '\'', '’']);
    let labels: Vec<&str> = word.split('.').collect();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    labels.len() >= 2
        && labels.iter().all(|l| label_ok(l))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_lowercase()))
}

fn push(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return;
    }
    out.push(Sentence {
        start: start + lead,
        end: end - trail,
        heading: false,
        paragraph,
    });
}

/// A word-like token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Every sentence's tokens, kept compactly: they live as long as the
/// annotation, and a `Vec` of 16-byte tokens per sentence was the largest
/// part of the memory of a long article. A token is 4 bytes (its start
/// from its sentence's first token and its length) unless a sentence is
/// too long for that.
#[derive(Debug, Clone, Default)]
pub struct SentenceTokens {
    /// Where each sentence's tokens start in `spans`, then their end.
    bounds: Vec<usize>,
    /// Each sentence's first token's start (0 for a sentence without one).
    bases: Vec<usize>,
    spans: Spans,
}

#[derive(Debug, Clone)]
enum Spans {
    /// (start - base, end - start) of each token.
    Short(Vec<[u16; 2]>),
    Wide(Vec<Token>),
}

impl Default for Spans {
    fn default() -> Spans {
        Spans::Short(Vec::new())
    }
}

impl SentenceTokens {
    /// Stores the tokens of each sentence.
    pub fn new(per_sentence: impl Iterator<Item = Vec<Token>>) -> SentenceTokens {
        let mut t = SentenceTokens {
            bounds: vec![0],
            bases: Vec::new(),
            spans: Spans::default(),
        };
        for toks in per_sentence {
            let base = toks.first().map_or(0, |t| t.start);
            t.push(base, &toks);
            t.bases.push(base);
            t.bounds.push(t.bounds[t.bounds.len() - 1] + toks.len());
        }
        t.shrink();
        t
    }

    fn push(&mut self, base: usize, toks: &[Token]) {
        let short = |t: &Token| {
            Some([
                u16::try_from(t.start - base).ok()?,
                u16::try_from(t.end - t.start).ok()?,
            ])
        };
        if matches!(self.spans, Spans::Short(_)) && !toks.iter().all(|t| short(t).is_some()) {
            // A sentence too long for the short form: every token wide.
            let wide = (0..self.bases.len()).flat_map(|si| self.of(si)).collect();
            self.spans = Spans::Wide(wide);
        }
        match &mut self.spans {
            Spans::Short(v) => v.extend(toks.iter().filter_map(short)),
            Spans::Wide(v) => v.extend_from_slice(toks),
        }
    }

    fn shrink(&mut self) {
        self.bounds.shrink_to_fit();
        self.bases.shrink_to_fit();
        match &mut self.spans {
            Spans::Short(v) => v.shrink_to_fit(),
            Spans::Wide(v) => v.shrink_to_fit(),
        }
    }

    /// The tokens of sentence `si`.
    pub fn of(&self, si: usize) -> impl Iterator<Item = Token> + '_ {
        let range = self.bounds[si]..self.bounds[si + 1];
        let base = self.bases[si];
        let (short, wide): (&[[u16; 2]], &[Token]) = match &self.spans {
            Spans::Short(v) => (&v[range], &[]),
            Spans::Wide(v) => (&[], &v[range]),
        };
        let widen = move |&[from_base, len]: &[u16; 2]| {
            let start = base + from_base as usize;
            Token {
                start,
                end: start + len as usize,
            }
        };
        short.iter().map(widen).chain(wide.iter().copied())
    }
}

/// Tokens of `text[start..end]`: words (letters/digits with inner `-`, `'`,
/// `’`, `/`, `&`, `.` as in "U.S." or "Corp."), and single punctuation marks.
pub fn tokens(text: &str, start: usize, end: usize) -> Vec<Token> {
    let s = &text[start..end];
    let mut out = Vec::new();
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < cs.len() {
        let (o, c) = cs[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < cs.len() {
                let ch = cs[j].1;
                if ch.is_alphanumeric() {
                    j += 1;
                } else if matches!(ch, '-' | '/' | '&' | '\'' | '’' | '.' | ',')
                    && j + 1 < cs.len()
                    && cs[j + 1].1.is_alphanumeric()
                {
                    // Inner punctuation: "MBT-2000", "AIM/RIM-7M", "U.S",
                    // "1,927", "30.5"; but "Israel’s" keeps its possessive
                    // as part of the word, split later by callers.
                    if ch == ',' && !(cs[j - 1].1.is_ascii_digit() && cs[j + 1].1.is_ascii_digit())
                    {
                        break;
                    }
                    j += 2;
                } else {
                    break;
                }
            }
            let mut e = if j < cs.len() { cs[j].0 } else { s.len() };
            // A final period belongs to initialisms and abbreviations: "U.S.", "Corp.".
            if j < cs.len() && cs[j].1 == '.' {
                let w = &s[o..e];
                if w.contains('.')
                    || MAY_END.contains(&w)
                    || NEVER_ENDS.contains(&w)
                    || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
                {
                    e += 1;
                    j += 1;
                }
            }
            out.push(Token {
                start: start + o,
                end: start + e,
            });
            i = j;
        } else {
            out.push(Token {
                start: start + o,
                end: start + o + c.len_utf8(),
            });
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn a_credit_line_is_a_sentence_of_its_own() {
        let t = "SOURCE: MARIA LOPEZ / WORLD DESK / EXAMPLE.NET The navy bought two tugs.";
        assert_eq!(
            split(t),
            [
                "SOURCE: MARIA LOPEZ / WORLD DESK / EXAMPLE.NET",
                "The navy bought two tugs."
            ]
        );
        assert!(sentences(t)[0].heading);
        assert!(!sentences(t)[1].heading);
        let agency = "Source: XNA On Monday the ministry signed. It paid.";
        assert_eq!(
            split(agency),
            ["Source: XNA", "On Monday the ministry signed.", "It paid."]
        );
        let network = "SOURCE: ABC NEWS NETWORK While talks went on, NATO met.";
        assert_eq!(
            split(network),
            ["SOURCE: ABC NEWS NETWORK", "While talks went on, NATO met."]
        );
    }

    #[test]
    fn a_web_address_in_lower_case_opens_a_sentence() {
        let t = "The navy bought two tugs. example.com has learned that more will follow.";
        assert_eq!(
            split(t),
            [
                "The navy bought two tugs.",
                "example.com has learned that more will follow."
            ]
        );
        // Any other lower-case word continues the sentence ("approx. five").
        assert_eq!(
            split("It costs approx. five million."),
            ["It costs approx. five million."]
        );
        // A word with a dot but no domain's ending is no address.
        assert_eq!(
            split("Sales rose 3 pct. e.g. exports did."),
            ["Sales rose 3 pct. e.g. exports did."]
        );
    }

    #[test]
    fn a_credit_keeps_an_opening_acronym_with_its_sentence() {
        let t = "SOURCE: XNA HAL delivered four jets.";
        assert_eq!(split(t), ["SOURCE: XNA", "HAL delivered four jets."]);
        let byline = "SOURCE: AB CD/ DESK / SITE.ORG. NATO said so.";
        assert_eq!(
            split(byline),
            ["SOURCE: AB CD/ DESK / SITE.ORG.", "NATO said so."]
        );
    }

    #[test]
    fn no_credit_without_a_label_and_capitals() {
        assert_eq!(
            split("Source: officials said the deal fell through."),
            ["Source: officials said the deal fell through."]
        );
        assert_eq!(
            split("SOURCES say PTI was wrong."),
            ["SOURCES say PTI was wrong."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let t = "Gen. Guo met Mr. Mora in Lima. R. Evan Ellis said the U.S. Navy paid $1.5 million. No. 2 was next.";
        assert_eq!(
            split(t),
            [
                "Gen. Guo met Mr. Mora in Lima.",
                "R. Evan Ellis said the U.S. Navy paid $1.5 million.",
                "No. 2 was next."
            ]
        );
    }

    #[test]
    fn a_full_stop_without_its_space_still_ends_a_sentence() {
        let t = "Talks ended in the capital.The minister flew home. See idrw.org and the U.S.Navy site.";
        assert_eq!(
            split(t),
            [
                "Talks ended in the capital.",
                "The minister flew home.",
                "See idrw.org and the U.S.Navy site."
            ]
        );
    }

    #[test]
    fn corporate_abbreviation_can_end_a_sentence() {
        let t = "The order went to Lockheed Corp. The Navy said so. Smith Corp. announced it.";
        assert_eq!(
            split(t),
            [
                "The order went to Lockheed Corp.",
                "The Navy said so.",
                "Smith Corp. announced it."
            ]
        );
        let t = "Arms were sold to the U.S. It was a surprise.";
        assert_eq!(split(t).len(), 2);
    }

    #[test]
    fn quotes_and_headings() {
        let t = "Big Deal Signed\n\n“It was a mistake,” he said. “We know.” Then he left.";
        let s = sentences(t);
        assert!(s[0].heading);
        assert_eq!(
            split(t),
            [
                "Big Deal Signed",
                "“It was a mistake,” he said.",
                "“We know.”",
                "Then he left."
            ]
        );
    }

    #[test]
    fn single_newlines_are_paragraphs_when_no_blank_lines() {
        let t = "First line without stop\nSecond sentence here. Third one.";
        assert_eq!(
            split(t),
            [
                "First line without stop",
                "Second sentence here.",
                "Third one."
            ]
        );
    }

    #[test]
    fn sentence_tokens_give_back_every_sentences_tokens() {
        let per = |text: &str| -> Vec<Vec<Token>> {
            sentences(text)
                .iter()
                .map(|s| tokens(text, s.start, s.end))
                .collect()
        };
        // A sentence longer than the short form holds (its last word more
        // than 64 KiB from its first) sits between two short ones.
        let long = format!("Spain ordered {} frigates.", "many ".repeat(14_000));
        for text in [
            "Peru ordered two frigates. Chile bought four tanks.".to_string(),
            format!("Peru ordered two frigates. {long} Chile bought four tanks."),
        ] {
            let want = per(&text);
            let stored = SentenceTokens::new(want.clone().into_iter());
            for (si, toks) in want.iter().enumerate() {
                assert_eq!(&stored.of(si).collect::<Vec<_>>(), toks, "sentence {si}");
            }
        }
    }

    #[test]
    fn tokens_keep_designations_and_initialisms() {
        let t = "U.S. sold 1,927 AIM/RIM-7M missiles to Israel’s IDF for $30.5 mln (Corp.).";
        let toks: Vec<&str> = tokens(t, 0, t.len())
            .iter()
            .map(|k| &t[k.start..k.end])
            .collect();
        assert!(toks.contains(&"U.S."));
        assert!(toks.contains(&"1,927"));
        assert!(toks.contains(&"AIM/RIM-7M"));
        assert!(toks.contains(&"Israel’s"));
        assert!(toks.contains(&"30.5"));
        assert!(toks.contains(&"Corp."));
    }
}
