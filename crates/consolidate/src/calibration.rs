//! The confidence of a consolidated deal as a probability of being right.
//!
//! The raw figure, corroboration `1 − Π(1 − cᵢ)` over the reports merged,
//! grows with every source, and on the consolidation gold it runs the wrong
//! way: the more articles merged, the more often a party is wrong. So a
//! deal's confidence is the share of deals right in its corroboration bin,
//! learned from the train part of the gold (histogram binning, with one
//! right and one wrong added to every bin so that small bins stay near one
//! half). A deal is right when all its matched mentions are of one gold
//! deal and its recipient and supplier agree with that deal's
//! (`armswatch eval-register`, `docs/register-gold.md`).
//!
//! Learned from `/work/register-gold/train` (71 judged deals): the
//! reliability table `eval-register` printed for the train part while
//! entries carried their corroboration as confidence (commit "eval-register:
//! reliability table"); each bin is (right + 1) / (deals + 2). The
//! corroboration stays on the entry (`Entry::corroboration`).

/// Upper bounds of the corroboration bins and the share right in each:
/// [0, 0.2): no deal; [0.2, 0.4): 2 of 2; [0.4, 0.6): 7 of 10;
/// [0.6, 0.8): 14 of 28; [0.8, 1]: 12 of 31.
const BINS: [(f64, f64); 5] = [
    (0.2, 0.5),
    (0.4, 0.75),
    (0.6, 8.0 / 12.0),
    (0.8, 15.0 / 30.0),
    (f64::INFINITY, 13.0 / 33.0),
];

/// The probability that a deal of this corroboration is right.
pub fn calibrated(corroboration: f64) -> f64 {
    let p = BINS
        .iter()
        .find(|(hi, _)| corroboration < *hi)
        .map_or(0.5, |&(_, p)| p);
    (p * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::calibrated;

    #[test]
    fn bins_learned_from_the_train_part() {
        assert_eq!(calibrated(0.1), 0.5);
        assert_eq!(calibrated(0.3), 0.75);
        assert_eq!(calibrated(0.95), 0.3939);
        assert_eq!(calibrated(1.0), 0.3939);
    }
}
