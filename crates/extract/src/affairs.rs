//! Deals told by an affair's byword (`data/grammar/affairs.toml`): a story
//! that names "the Iran-contra affair" tells the arms sale behind it
//! though no sentence spells it out.

use crate::actors;
use crate::transfers::Draft;
use armswatch_annotate::{Annotation, Gazetteer};
use armswatch_grammar::Affair;
use armswatch_register::{ActorType, Category, System, TransferStatus};

/// One draft per affair the document names, evidenced by the first
/// sentence naming it. A sentence whose own deal (in `told`, the drafts
/// read from the sentences) has the affair's buyer and another seller
/// ("Bofors' illegal arms shipments to Iran") speaks of that deal instead.
pub fn drafts(g: &Gazetteer, a: &Annotation<'_>, affairs: &[Affair], told: &[Draft]) -> Vec<Draft> {
    let Some(year) = a.doc.published.map(|p| p.year) else {
        return Vec::new();
    };
    let current: Vec<&Affair> = affairs
        .iter()
        .filter(|f| (f.told_from..=f.told_until).contains(&year))
        .collect();
    if current.is_empty() {
        return Vec::new();
    }
    // The text folded once; each name is then a plain substring search.
    let (folded, at) = fold(a.text());
    current
        .into_iter()
        .filter_map(|f| {
            let si = first_naming_sentence(a, &folded, &at, f, told)?;
            Some(draft(g, f, si))
        })
        .collect()
}

/// The first sentence that names the affair and tells no other deal with
/// its buyer.
fn first_naming_sentence(
    a: &Annotation<'_>,
    folded: &str,
    at: &[usize],
    f: &Affair,
    told: &[Draft],
) -> Option<usize> {
    f.names
        .iter()
        .filter_map(|name| {
            let needle = format!(" {name} ");
            folded.match_indices(&needle).find_map(|(i, _)| {
                // `at[i + 1]` is where the name starts; the space before it
                // stands for what preceded it.
                let start = at.get(i + 1).copied()?;
                let last = at.get(i + needle.len() - 2).copied()?;
                let si = a.sentence_at(start)?;
                // "... to Iran. Arms dealers ...": no name across sentences.
                let named = a.sentence_at(last) == Some(si)
                    && !third_firm(a, si, f)
                    && !another_seller_before(a, si, start, f)
                    && !another_deal_told(told, si, f);
                named.then_some(si)
            })
        })
        .min()
}

fn another_deal_told(told: &[Draft], si: usize, f: &Affair) -> bool {
    told.iter().any(|d| {
        d.sentences.contains(&si)
            && d.recipient.country.as_deref() == Some(f.recipient.as_str())
            && d.suppliers
                .iter()
                .any(|s| !f.suppliers.iter().any(|c| s.country.as_deref() == Some(c)))
    })
}

/// The affairs' drafts, each joined by the drafts the sentences gave of
/// the same deal (its suppliers, its buyer, goods no more specific than
/// unnamed ones of its category), then the rest. The affair's own parties
/// stand: a sentence often names an office of the state for it ("the
/// Senate", "the council").
pub fn absorb(mut affairs: Vec<Draft>, drafts: Vec<Draft>) -> Vec<Draft> {
    let mut rest = Vec::new();
    for d in drafts {
        match affairs.iter_mut().find(|x| same_deal(x, &d)) {
            // The order told by the affair's design fills what the byword
            // leaves open: its design, count, value, date and seller firm.
            // (Goods of no design only add their sentences: "arms sales
            // to Iran" told today date no affair.)
            Some(x) if names_the_affairs_goods(x, &d) => {
                if x.system.name.is_none() {
                    x.system.name = d.system.name;
                }
                // The firm that sold names the affair's selling state.
                if d.suppliers.iter().all(|s| s.kind == ActorType::Company) {
                    x.suppliers = d.suppliers;
                }
                x.quantity = x.quantity.or(d.quantity);
                x.value = x.value.take().or(d.value);
                if x.date.is_none() {
                    x.date = d.date;
                    x.date_text = d.date_text;
                }
                x.sentences.extend(d.sentences);
            }
            Some(x) => x.sentences.extend(d.sentences),
            None => rest.push(d),
        }
    }
    for x in &mut affairs {
        x.sentences.sort_unstable();
        x.sentences.dedup();
    }
    affairs.extend(rest);
    affairs
}

fn same_deal(affair: &Draft, d: &Draft) -> bool {
    let supplies = |c: &Option<String>| affair.suppliers.iter().any(|s| s.country == *c);
    d.recipient.country == affair.recipient.country
        && !d.suppliers.is_empty()
        && d.suppliers.iter().all(|s| supplies(&s.country))
        && (d.system.name.is_none() || names_the_affairs_goods(affair, d))
        && (d.system.category == Category::Other || d.system.category == affair.system.category)
}

/// Goods named by the design the affair's goods are told by ("AW101"
/// in "AW101 VIP helicopters").
fn names_the_affairs_goods(affair: &Draft, d: &Draft) -> bool {
    let (Some(name), Some(goods)) = (&d.system.name, &affair.system.description) else {
        return false;
    };
    goods
        .split_whitespace()
        .any(|w| w.eq_ignore_ascii_case(name))
}

fn draft(g: &Gazetteer, f: &Affair, si: usize) -> Draft {
    Draft {
        suppliers: f.suppliers.iter().map(|c| actors::state(g, c)).collect(),
        recipient: actors::state(g, &f.recipient),
        system: System {
            name: None,
            description: Some(f.goods.clone()),
            category: Category::parse(&f.category).unwrap_or(Category::Other),
        },
        quantity: None,
        value: None,
        date: None,
        date_text: None,
        status: TransferStatus::parse(&f.status).unwrap_or(TransferStatus::Unknown),
        sentences: vec![si],
        confidence: 0.6,
    }
}

/// A firm of a third country named in the sentence: a Swiss firm's
/// "illegal arms shipments to Iran" are its own deal, not the affair.
fn third_firm(a: &Annotation<'_>, si: usize, f: &Affair) -> bool {
    a.mentions_in(si).any(|m| {
        let e = &a.entities[m.entity];
        e.kind == ActorType::Company
            && e.country
                .as_deref()
                .is_some_and(|c| c != f.recipient && !f.suppliers.iter().any(|s| s == c))
    })
}

/// A country word right before the name that is none of the affair's
/// suppliers tells another deal ("Chinese arms sales to Iran").
fn another_seller_before(a: &Annotation<'_>, si: usize, start: usize, f: &Affair) -> bool {
    let text = a.text();
    a.countries_in(si).any(|c| {
        c.end <= start && text[c.end..start].trim().is_empty() && !f.suppliers.contains(&c.code)
    })
}

/// Lower case, each run of other characters than letters and digits one
/// space, with a space at both ends; and for each byte of the result the
/// byte of the original it stands for.
fn fold(text: &str) -> (String, Vec<usize>) {
    let mut out = String::from(" ");
    let mut at = vec![0];
    for (i, ch) in text.char_indices() {
        if ch.is_alphanumeric() {
            for low in ch.to_lowercase() {
                for _ in 0..low.len_utf8() {
                    at.push(i);
                }
                out.push(low);
            }
        } else if !out.ends_with(' ') {
            out.push(' ');
            at.push(i);
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
        at.push(text.len());
    }
    (out, at)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn fold_keeps_offsets_of_the_original() {
        let text = "The Iran/Contra arms-for-hostages deal";
        let (folded, at) = fold(text);
        assert_eq!(folded, " the iran contra arms for hostages deal ");
        let i = folded.find(" iran contra ").expect("found");
        assert_eq!(&text[at[i + 1]..], "Iran/Contra arms-for-hostages deal");
        let j = folded.find(" arms for ").expect("found");
        assert_eq!(&text[at[j + 1]..at[j + 1] + 4], "arms");
    }
}
