//! Country names and regions for display and for the network's region
//! filter (`assets/countries.tsv`).

use std::collections::HashMap;

/// SIPRI's regions, in display order.
pub const REGIONS: [&str; 5] = [
    "Africa",
    "Americas",
    "Asia and Oceania",
    "Europe",
    "Middle East",
];

pub struct Countries {
    by_code: HashMap<String, (String, String)>,
}

impl Countries {
    pub fn builtin() -> Countries {
        Countries::parse(include_str!("../assets/countries.tsv"))
    }

    fn parse(tsv: &str) -> Countries {
        let mut by_code = HashMap::new();
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            if let (Some(code), Some(name), Some(region)) = (cols.next(), cols.next(), cols.next())
            {
                by_code.insert(code.to_string(), (name.to_string(), region.to_string()));
            }
        }
        Countries { by_code }
    }

    /// The country's name, or the code itself when unknown.
    pub fn name(&self, code: &str) -> String {
        self.by_code
            .get(code)
            .map_or_else(|| code.to_string(), |(n, _)| n.clone())
    }

    pub fn region(&self, code: &str) -> Option<&str> {
        self.by_code.get(code).map(|(_, r)| r.as_str())
    }

    /// An ISO code (any case; `UK` for `GB`) if `s` is one we know.
    pub fn code(&self, s: &str) -> Option<String> {
        let up = s.trim().to_ascii_uppercase();
        let up = if up == "UK" { "GB".to_string() } else { up };
        self.by_code.contains_key(&up).then_some(up)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_known_region() {
        let c = Countries::builtin();
        assert!(c.by_code.len() > 190);
        for (code, (_, region)) in &c.by_code {
            assert_eq!(code.len(), 2, "{code}");
            assert!(REGIONS.contains(&region.as_str()), "{code}: {region}");
        }
        assert_eq!(c.name("PE"), "Peru");
        assert_eq!(c.code("uk").as_deref(), Some("GB"));
        assert_eq!(c.code("ZZ"), None);
        assert_eq!(c.region("IL"), Some("Middle East"));
    }
}
