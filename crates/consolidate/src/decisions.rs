//! Analysts' entity decisions: two names that are one organisation
//! (merge, a must-link) or two names the register must keep apart (split,
//! a cannot-link). Keyed by normalised names, so that they hold in every
//! article and survive re-extraction.

use crate::norm::fold;

/// The key of a name: folded (case, accents, dots, punctuation) and with
/// single spaces. "Hindustan Aeronautics Ltd." and "hindustan  aeronautics
/// ltd" share it.
pub fn name_key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Merges and splits, each a pair of name keys (see [`name_key`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityDecisions {
    pub merges: Vec<(String, String)>,
    pub splits: Vec<(String, String)>,
}

impl EntityDecisions {
    pub fn is_empty(&self) -> bool {
        self.merges.is_empty() && self.splits.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_dots_and_spacing() {
        assert_eq!(
            name_key(" Hindustan  Aeronautics Ltd. "),
            "hindustan aeronautics ltd"
        );
        assert_eq!(name_key("H.A.L."), "hal");
        assert_ne!(name_key("HAL"), name_key("BEL"));
    }
}
