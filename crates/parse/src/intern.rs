//! Process-wide interning of tag and relation names, so words carry
//! `&'static str` labels without an allocation each. Only names from
//! model files are interned (a few hundred at most).

use std::collections::BTreeSet;
use std::sync::Mutex;

static NAMES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

/// The interned copy of `s`.
pub fn intern(s: &str) -> &'static str {
    let mut names = match NAMES.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(&n) = names.get(s) {
        return n;
    }
    let n: &'static str = Box::leak(s.to_string().into_boxed_str());
    names.insert(n);
    n
}
