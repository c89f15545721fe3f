//! SIPRI's trade register, read as SIPRI publishes it.
//!
//! The export is a CSV file in Latin-1 (a UTF-8 file is read as UTF-8)
//! with a preamble of notes (11 lines in current exports), then the header
//! `Recipient,Supplier,Year of order, ,Number ordered, ,Weapon
//! designation,Weapon description,Number delivered, ,Year(s) of
//! delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total
//! order,SIPRI TIV of delivered weapons`. The unnamed columns hold a `?`
//! when the figure before them is an estimate. Fields are not quoted and a
//! comment may run over a line break; both are handled, as are quoted
//! fields should a later export use them.

use armswatch_annotate::Gazetteer;
use armswatch_register::Category;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const COUNTRIES: &str = include_str!("../../../data/sipri_countries.tsv");
const CATEGORIES: &str = include_str!("../../../data/sipri_categories.tsv");

/// The columns of the trade register, as SIPRI names them.
pub const HEADER: [&str; 16] = [
    "Recipient",
    "Supplier",
    "Year of order",
    " ",
    "Number ordered",
    " ",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    " ",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
];

#[derive(Debug, thiserror::Error)]
pub enum SipriError {
    #[error(
        "{origin}: no trade-register header (a line starting \"Recipient,Supplier\") was found"
    )]
    NoHeader { origin: String },
    #[error("{origin}: the header lacks the column {column:?}")]
    MissingColumn { origin: String, column: String },
    #[error("{origin}: no rows after the header")]
    Empty { origin: String },
}

/// What kind of party a SIPRI name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    State,
    /// A state that no longer exists (Soviet Union, Czechoslovakia).
    Historical,
    /// A rebel group or unrecognised entity; its code is where it operates.
    NonState,
    /// NATO, the UN, the African Union...
    Organisation,
    Unknown,
}

impl PartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::State => "state",
            PartyKind::Historical => "historical",
            PartyKind::NonState => "non_state",
            PartyKind::Organisation => "organisation",
            PartyKind::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<PartyKind> {
        Some(match s {
            "state" => PartyKind::State,
            "historical" => PartyKind::Historical,
            "non_state" => PartyKind::NonState,
            "organisation" => PartyKind::Organisation,
            "unknown" => PartyKind::Unknown,
            _ => return None,
        })
    }
}

/// A recipient or supplier as SIPRI names it, with its ISO code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    pub code: Option<String>,
    pub kind: PartyKind,
}

/// One row of the trade register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SipriRow {
    /// Line of the file where the row starts (1-based).
    pub line: usize,
    pub recipient: Party,
    pub supplier: Party,
    pub order_year: Option<i32>,
    pub order_year_estimated: bool,
    pub number_ordered: Option<u64>,
    pub number_ordered_estimated: bool,
    pub designation: String,
    pub description: String,
    /// Our category for the description (see `data/sipri_categories.tsv`).
    pub category: Category,
    pub number_delivered: Option<u64>,
    pub number_delivered_estimated: bool,
    pub delivery_years: Vec<i32>,
    /// "Year(s) of delivery" as written ("2021; 2022; 2023").
    pub delivery_years_text: String,
    /// New, Second hand, Second hand but modernized.
    pub status: String,
    pub comments: String,
    pub tiv_per_unit: Option<f64>,
    pub tiv_total: Option<f64>,
    pub tiv_delivered: Option<f64>,
}

/// A parsed export.
#[derive(Debug, Clone, PartialEq)]
pub struct SipriFile {
    pub preamble: Vec<String>,
    /// "Data generated: ..." as written, if the preamble says.
    pub generated: Option<String>,
    /// The last full year the data covers: the year before the one it was
    /// generated in, else the latest year in the rows.
    pub data_year: Option<i32>,
    pub rows: Vec<SipriRow>,
    /// Rows that could not be read, with why.
    pub warnings: Vec<String>,
}

/// SIPRI names and our country names mapped to ISO codes.
pub struct Countries {
    by_name: HashMap<String, (Option<String>, PartyKind)>,
    /// Code -> SIPRI's name of the state (for writing SIPRI-shaped files).
    names: HashMap<String, String>,
}

impl Countries {
    /// The table in `data/sipri_countries.tsv`, falling back on the
    /// gazetteer's country names and aliases.
    pub fn new(g: &Gazetteer) -> Countries {
        let mut by_name = HashMap::new();
        let mut names = HashMap::new();
        for line in COUNTRIES.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(name), Some(code), Some(kind)) = (
                cols.first(),
                cols.get(1),
                cols.get(2).and_then(|k| PartyKind::parse(k.trim())),
            ) else {
                continue;
            };
            let code = code.trim();
            let code = (!code.is_empty()).then(|| code.to_string());
            if let Some(c) = &code {
                if matches!(kind, PartyKind::State | PartyKind::Historical) {
                    names.entry(c.clone()).or_insert_with(|| name.to_string());
                }
            }
            by_name.insert(name.trim().to_lowercase(), (code, kind));
        }
        for c in &g.countries {
            by_name
                .entry(c.name.to_lowercase())
                .or_insert((Some(c.code.clone()), PartyKind::State));
            names
                .entry(c.code.clone())
                .or_insert_with(|| c.name.clone());
        }
        Countries { by_name, names }
    }

    /// The party a SIPRI name stands for. Unlisted names ending in `*`
    /// are non-state groups placed by the country in their parentheses;
    /// `**` marks an organisation.
    pub fn party(&self, g: &Gazetteer, name: &str) -> Party {
        let name = name.trim();
        let lookup = |n: &str| self.by_name.get(&n.to_lowercase()).cloned();
        let (code, kind) = if let Some(hit) = lookup(name) {
            hit
        } else if name.ends_with("**") {
            (None, PartyKind::Organisation)
        } else if name.ends_with('*') {
            let inner = name
                .rsplit_once('(')
                .and_then(|(_, r)| r.split_once(')'))
                .map(|(c, _)| c.split('/').next().unwrap_or(c).trim().to_string());
            let code = inner.and_then(|c| self.code(g, &c));
            (code, PartyKind::NonState)
        } else if name.to_lowercase().starts_with("unknown") || name.is_empty() {
            (None, PartyKind::Unknown)
        } else {
            match g.country_by_surface(name) {
                Some(i) => (Some(g.countries[i].code.clone()), PartyKind::State),
                None => (None, PartyKind::Unknown),
            }
        };
        Party {
            name: name.to_string(),
            code,
            kind,
        }
    }

    /// An ISO code for a name or code typed by a user ("Peru", "PE", "uk").
    pub fn code(&self, g: &Gazetteer, s: &str) -> Option<String> {
        let t = s.trim();
        if t.len() == 2 && t.chars().all(|c| c.is_ascii_alphabetic()) {
            let up = t.to_ascii_uppercase();
            return Some(if up == "UK" { "GB".into() } else { up });
        }
        if let Some((Some(c), _)) = self.by_name.get(&t.to_lowercase()) {
            return Some(c.clone());
        }
        g.country_by_surface(t).map(|i| g.countries[i].code.clone())
    }

    /// SIPRI's name for a country code.
    pub fn sipri_name(&self, code: &str) -> Option<&str> {
        self.names.get(code).map(String::as_str)
    }
}

/// Our category for a SIPRI weapon description.
pub fn category_of(description: &str) -> Category {
    let d = description.to_lowercase();
    for line in CATEGORIES.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((pat, cat)) = line.split_once('\t') else {
            continue;
        };
        if contains_words(&d, &pat.to_lowercase()) {
            if let Some(c) = Category::parse(cat.trim()) {
                return c;
            }
        }
    }
    Category::Other
}

/// `needle` in `hay` with no letter or digit glued to either end.
fn contains_words(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before = hay[..s].chars().next_back();
        let after = hay[e..].chars().next();
        let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if !glued(before) && !glued(after) {
            return true;
        }
        from = s + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Bytes to text: UTF-8 when valid, else Latin-1 (SIPRI's encoding).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// CSV records with the line each starts on. Quoted fields (with `""`
/// escapes and line breaks) are read as RFC 4180 says.
pub fn csv_records(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                any = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                out.push((start_line, std::mem::take(&mut fields)));
                line += 1;
                start_line = line;
                any = false;
            }
            c => {
                field.push(c);
                any = true;
            }
        }
    }
    if any || !field.is_empty() {
        fields.push(field);
        out.push((start_line, fields));
    }
    out
}

/// A number as SIPRI writes it, with `?` for an estimate.
fn number<T: std::str::FromStr>(s: &str) -> (Option<T>, bool) {
    let t = s.trim();
    let est = t.contains('?');
    let t = t.trim_matches('?').trim();
    (t.parse().ok(), est)
}

/// Reads an export. `origin` names the file in messages.
pub fn parse(
    g: &Gazetteer,
    countries: &Countries,
    bytes: &[u8],
    origin: &str,
) -> Result<SipriFile, SipriError> {
    let text = decode(bytes);
    let records = csv_records(&text);
    let Some(hpos) = records.iter().position(|(_, f)| {
        f.first().map(|s| s.trim()) == Some("Recipient")
            && f.get(1).map(|s| s.trim()) == Some("Supplier")
    }) else {
        return Err(SipriError::NoHeader {
            origin: origin.to_string(),
        });
    };
    let header: Vec<String> = records[hpos]
        .1
        .iter()
        .map(|s| s.trim().to_string())
        .collect();
    let col = |name: &str| -> Result<usize, SipriError> {
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| SipriError::MissingColumn {
                origin: origin.to_string(),
                column: name.to_string(),
            })
    };
    let c_rec = col("Recipient")?;
    let c_sup = col("Supplier")?;
    let c_yo = col("Year of order")?;
    let c_no = col("Number ordered")?;
    let c_des = col("Weapon designation")?;
    let c_desc = col("Weapon description")?;
    let c_nd = col("Number delivered")?;
    let c_yd = col("Year(s) of delivery")?;
    let optional = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let c_status = optional("status");
    let c_comments = optional("Comments");
    let c_tiv_unit = optional("SIPRI TIV per unit");
    let c_tiv_total = optional("SIPRI TIV for total order");
    let c_tiv_deliv = optional("SIPRI TIV of delivered weapons");
    // The unnamed column after a figure holds its `?`.
    let flag = |c: usize| (header.get(c + 1).is_some_and(|h| h.is_empty())).then_some(c + 1);
    let (f_yo, f_no, f_nd) = (flag(c_yo), flag(c_no), flag(c_nd));

    let preamble: Vec<String> = text
        .lines()
        .take(records[hpos].0.saturating_sub(1))
        .map(|l| l.trim_end().to_string())
        .collect();
    let generated = preamble.iter().find_map(|l| {
        l.strip_prefix("Data generated:")
            .map(|s| s.trim().to_string())
    });
    let width = header.len();
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    let mut i = hpos + 1;
    while i < records.len() {
        let (line, mut f) = records[i].clone();
        i += 1;
        if f.iter().all(|x| x.trim().is_empty()) {
            continue;
        }
        // A comment broken over lines: glue the following pieces on.
        while f.len() < width && i < records.len() {
            let (_, next) = &records[i];
            // The rest of a broken comment carries only the columns after
            // it; a line with more is a row of its own.
            if next.len() >= width || f.len() + next.len() - 1 > width {
                break;
            }
            let mut next = next.clone();
            if let Some(last) = f.last_mut() {
                if !next.is_empty() {
                    let head = next.remove(0);
                    last.push(' ');
                    last.push_str(head.trim());
                }
            }
            f.extend(next);
            i += 1;
        }
        // Trailing empty columns (the TIVs) may be left out.
        let required = [c_rec, c_sup, c_yo, c_no, c_des, c_desc, c_nd, c_yd]
            .into_iter()
            .max()
            .unwrap_or(0);
        if f.len() < width && f.len() > required {
            f.resize(width, String::new());
        }
        if f.len() < width {
            warnings.push(format!(
                "{origin}:{line}: {} columns, expected {width}; row skipped",
                f.len()
            ));
            continue;
        }
        let get = |c: usize| f.get(c).map(|s| s.trim().to_string()).unwrap_or_default();
        let getf = |c: Option<usize>| c.map(get).unwrap_or_default();
        let (order_year, mut yo_est) = number::<i32>(&get(c_yo));
        yo_est |= getf(f_yo).contains('?');
        let (number_ordered, mut no_est) = number::<u64>(&get(c_no));
        no_est |= getf(f_no).contains('?');
        let (number_delivered, mut nd_est) = number::<u64>(&get(c_nd));
        nd_est |= getf(f_nd).contains('?');
        let delivery_years_text = get(c_yd);
        let delivery_years = delivery_years_text
            .split([';', ','])
            .filter_map(|y| y.trim().trim_matches('?').parse().ok())
            .collect();
        let description = get(c_desc);
        let tiv = |c: Option<usize>| c.and_then(|c| number::<f64>(&get(c)).0);
        rows.push(SipriRow {
            line,
            recipient: countries.party(g, &get(c_rec)),
            supplier: countries.party(g, &get(c_sup)),
            order_year,
            order_year_estimated: yo_est,
            number_ordered,
            number_ordered_estimated: no_est,
            designation: get(c_des),
            category: category_of(&description),
            description,
            number_delivered,
            number_delivered_estimated: nd_est,
            delivery_years,
            delivery_years_text,
            status: getf(c_status),
            comments: getf(c_comments),
            tiv_per_unit: tiv(c_tiv_unit),
            tiv_total: tiv(c_tiv_total),
            tiv_delivered: tiv(c_tiv_deliv),
        });
    }
    if rows.is_empty() {
        return Err(SipriError::Empty {
            origin: origin.to_string(),
        });
    }
    let data_year = generated
        .as_deref()
        .and_then(|g| {
            g.split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 4)
                .and_then(|y| y.parse::<i32>().ok())
        })
        .map(|y| y - 1)
        .or_else(|| {
            rows.iter()
                .flat_map(|r| {
                    r.order_year
                        .into_iter()
                        .chain(r.delivery_years.iter().copied())
                })
                .max()
        });
    Ok(SipriFile {
        preamble,
        generated,
        data_year,
        rows,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testgaz::gazetteer;

    #[test]
    fn categories_of_sipri_descriptions() {
        for (d, c) in [
            ("portable SAM", Category::AirDefence),
            ("SAM system", Category::AirDefence),
            ("tank", Category::ArmouredVehicle),
            ("anti-tank missile", Category::Missile),
            ("self-propelled anti-aircraft gun", Category::AirDefence),
            ("towed gun", Category::Artillery),
            ("FGA aircraft", Category::Aircraft),
            ("anti-ship helicopter", Category::Aircraft),
            ("torpedo boat", Category::Ship),
            ("air search radar", Category::Sensor),
            ("anti-radar missile", Category::Missile),
            ("ship engine", Category::Engine),
            ("frigate", Category::Ship),
            ("tanker/transport aircraft", Category::Aircraft),
            ("replenishment tanker", Category::Ship),
            ("multiple rocket launcher", Category::Artillery),
            ("naval gun", Category::NavalWeapon),
            ("recce satellite", Category::Satellite),
            ("something new", Category::Other),
        ] {
            assert_eq!(category_of(d), c, "{d}");
        }
    }

    #[test]
    fn parties_historical_non_state_and_organisations() {
        let g = gazetteer();
        let c = Countries::new(&g);
        let p = |n: &str| c.party(&g, n);
        assert_eq!(p("Soviet Union").code.as_deref(), Some("SU"));
        assert_eq!(p("Soviet Union").kind, PartyKind::Historical);
        assert_eq!(p("Czechoslovakia").code.as_deref(), Some("CS"));
        assert_eq!(p("Yugoslavia").code.as_deref(), Some("YU"));
        assert_eq!(p("East Germany (GDR)").code.as_deref(), Some("DD"));
        let h = p("Houthi rebels (Yemen)*");
        assert_eq!(
            (h.code.as_deref(), h.kind),
            (Some("YE"), PartyKind::NonState)
        );
        // Not in the table: placed by its parentheses.
        let x = p("Some Front (Peru)*");
        assert_eq!(
            (x.code.as_deref(), x.kind),
            (Some("PE"), PartyKind::NonState)
        );
        assert_eq!(p("NATO**").kind, PartyKind::Organisation);
        assert_eq!(p("African Union**").code, None);
        assert_eq!(p("unknown supplier(s)").kind, PartyKind::Unknown);
        assert_eq!(p("Turkiye").code.as_deref(), Some("TR"));
        assert_eq!(p("Viet Nam").code.as_deref(), Some("VN"));
        assert_eq!(c.code(&g, "peru").as_deref(), Some("PE"));
        assert_eq!(c.code(&g, "uk").as_deref(), Some("GB"));
        assert_eq!(c.sipri_name("RU"), Some("Russia"));
    }

    #[test]
    fn csv_with_quotes_and_line_breaks() {
        let r = csv_records("a,\"b,c\",\"d\"\"e\"\r\nf,\"g\nh\",i\n");
        assert_eq!(r[0].1, vec!["a", "b,c", "d\"e"]);
        assert_eq!(r[1], (2, vec!["f".to_string(), "g\nh".into(), "i".into()]));
    }
}
