//! A design the story introduces with its acronym ("the Advanced Towed
//! Artillery Gun System (ATAGS)") and then calls by the acronym is
//! registered by the acronym: that is the name a reader of the story knows
//! it by. A story that keeps the long name keeps it.

use armswatch_register::{Fact, Record};

/// Renames the goods of `records` told in `text` by a long name with an
/// acronym in brackets, when the acronym is then used more than the name.
pub fn prefer_acronyms(text: &str, records: &mut [Record]) {
    for r in records.iter_mut() {
        let name = match &mut r.fact {
            Fact::Transfer(t) => &mut t.system.name,
            Fact::Contest(c) => &mut c.item.name,
            _ => continue,
        };
        if let Some(acronym) = name.as_deref().and_then(|n| used_acronym(text, n)) {
            *name = Some(acronym);
        }
    }
}

/// The acronym bracketed after `name`, when the text then uses it more
/// often than the name, first telling included (one use of each is a
/// tie, which the long name wins).
fn used_acronym(text: &str, name: &str) -> Option<String> {
    if !name.contains(' ') {
        return None;
    }
    let (at, acronym) = word_starts(text, name).find_map(|at| {
        let rest = text[at + name.len()..].trim_start_matches(' ');
        let inner = rest.strip_prefix('(')?;
        let close = inner.find(')')?;
        let acronym = &inner[..close];
        is_acronym(acronym).then_some((at, acronym))
    })?;
    let later = &text[at + name.len()..];
    let acronym_uses = word_starts(later, acronym).count().saturating_sub(1);
    let name_uses = word_starts(later, name).count() + 1;
    (acronym_uses > name_uses).then(|| acronym.to_string())
}

/// "ATAGS", "HLFT-42": two or more capitals, digits and hyphens only.
fn is_acronym(s: &str) -> bool {
    (2..=12).contains(&s.len())
        && s.chars().filter(char::is_ascii_uppercase).count() >= 2
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Byte offsets where `word` occurs in `text` as a whole word.
fn word_starts<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::used_acronym;

    #[test]
    fn an_acronym_the_story_goes_on_using_names_the_design() {
        let text = "The army tested the Light Strike Vehicle (LSV) in May. \
                    The LSV carries four soldiers, and 300 LSV units are planned.";
        assert_eq!(
            used_acronym(text, "Light Strike Vehicle").as_deref(),
            Some("LSV")
        );
        let tie = "The Light Strike Vehicle (LSV) was tested. The LSV carries four soldiers.";
        assert_eq!(used_acronym(tie, "Light Strike Vehicle"), None);
        assert_eq!(
            used_acronym(text, "Light Strike Vehicle").as_deref(),
            Some("LSV")
        );
    }

    #[test]
    fn a_story_that_keeps_the_long_name_keeps_it() {
        let text = "The Light Strike Vehicle (LSV) was tested. \
                    The Light Strike Vehicle carries four soldiers.";
        assert_eq!(used_acronym(text, "Light Strike Vehicle"), None);
        // An acronym told once, in its brackets only, is no name in use.
        assert_eq!(
            used_acronym(
                "The Light Strike Vehicle (LSV) was tested.",
                "Light Strike Vehicle"
            ),
            None
        );
        // Lower-case words in brackets are no acronym.
        assert_eq!(
            used_acronym(
                "The Light Strike Vehicle (new) and the new one.",
                "Light Strike Vehicle"
            ),
            None
        );
    }
}
