//! Gazetteers: countries, organisations, outlets, weapon systems, generic
//! system terms, roles and word lists. The data lives in `data/*.tsv` at the
//! workspace root, under version control; it is embedded at build time and
//! parsed once per process ([`Gazetteer::builtin`]).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use armswatch_register::{ActorType, Category};
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{file}:{line}: {message}")]
    Format {
        file: &'static str,
        line: usize,
        message: String,
    },
    #[error("building the matcher: {0}")]
    Build(String),
}

#[derive(Debug, Clone)]
pub struct Country {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: String,
    pub kind: ActorType,
    pub country: Option<String>,
    pub aliases: Vec<String>,
    /// For a bloc of states (the Quad, the G7): its members' country codes
    /// (fifth column), so a gathering of the bloc is told with all its sides.
    pub members: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Outlet {
    pub name: String,
    pub country: Option<String>,
    /// A national outlet writes from its country: the services and bodies
    /// its stories name without a country are that country's.
    pub national: bool,
    pub aliases: Vec<String>,
}

/// A public figure: head of state or government, minister, commander.
#[derive(Debug, Clone)]
pub struct PersonEntry {
    pub name: String,
    pub country: Option<String>,
    pub role: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SystemEntry {
    pub designation: String,
    pub category: Category,
    pub description: String,
    /// The country that makes it, when one does.
    pub origin: Option<String>,
    /// The firm that makes it, as `organisations.tsv` names it, when one
    /// does: a contender told by its design ("the Rafale and the F/A-18 are
    /// in the race") is its maker's bid.
    pub maker: Option<String>,
}

/// How a surface form in the text relates to a gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// "Peru", "U.S.", "the Netherlands".
    CountryName(usize),
    /// "Peruvian", "Chinese".
    Demonym(usize),
    /// "Lima", "Beijing", "Kremlin": the government by metonymy.
    Capital(usize),
    /// "Pune", "Toulouse", "Warminster, Pa.": a place inside a country,
    /// which tells where but never stands for the government.
    Place(usize),
    Organisation(usize),
    Outlet(usize),
    System(usize),
    Person(usize),
}

/// Every list the annotator reads, parsed.
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub organisations: Vec<Organisation>,
    pub outlets: Vec<Outlet>,
    pub systems: Vec<SystemEntry>,
    pub people: Vec<PersonEntry>,
    /// Surname → people with it (for "President Reagan").
    people_by_surname: HashMap<String, Vec<usize>>,
    /// Full name or alias → person.
    people_by_name: HashMap<String, usize>,
    /// Lower-case generic terms ("main battle tank") with their category.
    pub terms: Vec<(String, Category)>,
    /// Roles and titles ("Defense Minister", "Gen.").
    pub roles: Vec<String>,
    /// Word classes from `data/lexicon.tsv` (company suffixes, heads...).
    pub lexicon: HashMap<String, Vec<String>>,
    /// Class → words, for constant-time [`Gazetteer::is`].
    lexicon_set: rustc_hash::FxHashMap<String, rustc_hash::FxHashSet<String>>,
    country_by_code: HashMap<String, usize>,
    /// First listed demonym per country code ("PE" -> "Peruvian").
    demonyms: HashMap<String, String>,
    country_surfaces: rustc_hash::FxHashMap<String, usize>,
    surfaces: Vec<(String, Surface)>,
    matcher: AhoCorasick,
    term_matcher: AhoCorasick,
    /// For each term-matcher pattern: index into `terms`.
    term_patterns: Vec<usize>,
    role_matcher: AhoCorasick,
    /// Single-word roles, lower case, without a final period ("general", "mr").
    role_words: std::collections::HashSet<String>,
    /// Given names (`data/given_names.txt`), as written ("Ravi", "Anna").
    given_names: rustc_hash::FxHashSet<String>,
}

static BUILTIN: OnceLock<Result<Gazetteer, String>> = OnceLock::new();

const COUNTRIES: &str = include_str!("../../../data/countries.tsv");
const ORGANISATIONS: &str = include_str!("../../../data/organisations.tsv");
const OUTLETS: &str = include_str!("../../../data/outlets.tsv");
const SYSTEMS: &str = include_str!("../../../data/systems.tsv");
const TERMS: &str = include_str!("../../../data/system_terms.tsv");
const ROLES: &str = include_str!("../../../data/roles.txt");
const LEXICON: &str = include_str!("../../../data/lexicon.tsv");
const PEOPLE: &str = include_str!("../../../data/people.tsv");
const PLACES: &str = include_str!("../../../data/places.tsv");
const GIVEN_NAMES: &str = include_str!("../../../data/given_names.txt");

fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').map(str::trim).collect()))
        }
    })
}

/// A name written with the other side of the Atlantic's spelling
/// ("Defense Research and Development Organization" for "Defence Research
/// and Development Organisation"), when it has a word that differs. Not
/// for an office named by what it is "of" ("Department of National
/// Defence"): many countries have one, each spelt its own way.
fn other_spelling(name: &str) -> Option<String> {
    if name.contains(" of ") {
        return None;
    }
    const PAIRS: [(&str, &str); 6] = [
        ("Defence", "Defense"),
        ("Organisation", "Organization"),
        ("Centre", "Center"),
        ("Programme", "Program"),
        ("Armoured", "Armored"),
        ("Harbour", "Harbor"),
    ];
    let mut out = name.to_string();
    for (uk, us) in PAIRS {
        out = if name.contains(uk) {
            out.replace(uk, us)
        } else {
            out.replace(us, uk)
        };
    }
    (out != name).then_some(out)
}

fn multi(cell: Option<&&str>) -> Vec<String> {
    cell.map(|c| {
        c.split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

/// The leftmost-longest matcher over gazetteer surfaces.
fn surface_matcher(surfaces: &[(String, Surface)]) -> Result<AhoCorasick, GazetteerError> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        // Anchored searches too: see `Gazetteer::shorter_bounded`.
        .start_kind(aho_corasick::StartKind::Both)
        .build(surfaces.iter().map(|(s, _)| s.as_str()))
        .map_err(|e| GazetteerError::Build(e.to_string()))
}

/// A designation as written, and, for one word with digits and small
/// letters ("MiG-21", "Su-30MKI"), as copy also writes it: in capitals
/// ("MIG-21", "SU-30MKI") and with only the first of its leading letters
/// capital ("Mig-21"). Names
/// without digits keep their case: "Tiger" is no "TIGER" acronym.
/// "M109" and "M-109", "C-17" and "C17": a designation of one to three
/// capitals and a number of two digits or more is written with and
/// without the hyphen.
fn hyphen_variant(form: &str) -> Option<String> {
    let lead = form.find(|c: char| !c.is_ascii_uppercase())?;
    if !(1..=3).contains(&lead) {
        return None;
    }
    let (head, tail) = form.split_at(lead);
    // Two digits at least: "F4" and "F5" are also a Rafale's standards.
    let numbered = |n: &str| n.chars().take_while(char::is_ascii_digit).count() >= 2;
    if let Some(num) = tail.strip_prefix('-') {
        numbered(num).then(|| format!("{head}{num}"))
    } else {
        numbered(tail).then(|| format!("{head}-{tail}"))
    }
}

pub(crate) fn designation_cases(form: &str) -> Vec<String> {
    let mut out = vec![form.to_string()];
    if let Some(other) = hyphen_variant(form) {
        out.push(other);
    }
    let designation = !form.contains(' ')
        && form.chars().any(|c| c.is_ascii_digit())
        && form.chars().any(|c| c.is_ascii_lowercase());
    if designation {
        let upper = form.to_ascii_uppercase();
        // Only the leading letters change: "MiG-21" → "Mig-21".
        let lead = form
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(form.len());
        let (head, tail) = form.split_at(lead);
        let mut title = head.to_ascii_lowercase();
        if let Some(f) = title.get_mut(..1) {
            f.make_ascii_uppercase();
        }
        title.push_str(tail);
        for v in [upper, title] {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

fn code(cell: Option<&&str>) -> Option<String> {
    cell.map(|c| c.trim())
        .filter(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))
        .map(String::from)
}

impl Gazetteer {
    /// The gazetteer built from the data files compiled into the binary.
    /// Parsed once; later calls are free.
    pub fn builtin() -> Result<&'static Gazetteer, GazetteerError> {
        BUILTIN
            .get_or_init(|| {
                // The surface matcher is built once, with the places (it
                // is most of the start-up time).
                Gazetteer::parse_unbuilt(
                    COUNTRIES,
                    ORGANISATIONS,
                    OUTLETS,
                    SYSTEMS,
                    TERMS,
                    ROLES,
                    LEXICON,
                    PEOPLE,
                )
                .and_then(|g| g.add_places(PLACES))
                .and_then(Gazetteer::build_matcher)
                .map(|g| g.with_given_names(GIVEN_NAMES))
                .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| GazetteerError::Build(e.clone()))
    }

    /// Adds given names, one per line (`#` starts a comment line).
    pub fn with_given_names(mut self, names_txt: &str) -> Gazetteer {
        self.given_names = names_txt
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(String::from)
            .collect();
        self
    }

    /// Whether `word` (as written) is a known given name.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
    }

    /// Adds places inside countries (`data/places.tsv`: place, ISO code):
    /// "Warminster, Pa.", "Pune" tell the country as a capital does.
    pub fn with_places(self, places_tsv: &str) -> Result<Gazetteer, GazetteerError> {
        self.add_places(places_tsv)?.build_matcher()
    }

    /// [`Gazetteer::with_places`] without rebuilding the matcher.
    fn add_places(self, places_tsv: &str) -> Result<Gazetteer, GazetteerError> {
        let mut extra = Vec::new();
        for (line, cols) in rows(places_tsv) {
            let place = cols.first().map(|s| s.to_string()).unwrap_or_default();
            let country = code(cols.get(1))
                .and_then(|c| self.country_by_code.get(&c).copied())
                .ok_or_else(|| GazetteerError::Format {
                    file: "places.tsv",
                    line,
                    message: "second column must be a country code of countries.tsv".into(),
                })?;
            extra.push((place, Surface::Place(country)));
        }
        Ok(self.add_surfaces(extra))
    }

    /// Adds surfaces the first listing does not already hold (the matcher
    /// is left as it was: see [`Gazetteer::build_matcher`]).
    fn add_surfaces(mut self, extra: Vec<(String, Surface)>) -> Gazetteer {
        for (form, sf) in extra {
            if form.is_empty() || self.surfaces.iter().any(|(s, _)| *s == form) {
                continue;
            }
            if let Surface::Capital(i) | Surface::Place(i) = sf {
                self.country_surfaces.insert(form.clone(), i);
            }
            self.surfaces.push((form, sf));
        }
        self
    }

    /// (Re)builds the matcher over every surface.
    fn build_matcher(mut self) -> Result<Gazetteer, GazetteerError> {
        self.matcher = surface_matcher(&self.surfaces)?;
        Ok(self)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn parse(
        countries_tsv: &str,
        organisations_tsv: &str,
        outlets_tsv: &str,
        systems_tsv: &str,
        terms_tsv: &str,
        roles_txt: &str,
        lexicon_tsv: &str,
        people_tsv: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::parse_unbuilt(
            countries_tsv,
            organisations_tsv,
            outlets_tsv,
            systems_tsv,
            terms_tsv,
            roles_txt,
            lexicon_tsv,
            people_tsv,
        )?
        .build_matcher()
    }

    /// [`Gazetteer::parse`] with an empty surface matcher, for a caller
    /// that adds surfaces before [`Gazetteer::build_matcher`].
    #[allow(clippy::too_many_arguments)]
    fn parse_unbuilt(
        countries_tsv: &str,
        organisations_tsv: &str,
        outlets_tsv: &str,
        systems_tsv: &str,
        terms_tsv: &str,
        roles_txt: &str,
        lexicon_tsv: &str,
        people_tsv: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut surfaces: Vec<(String, Surface)> = Vec::new();
        let mut countries = Vec::new();
        let mut country_by_code = HashMap::new();
        let mut demonyms = HashMap::new();
        for (line, cols) in rows(countries_tsv) {
            let c = code(cols.first()).ok_or_else(|| GazetteerError::Format {
                file: "countries.tsv",
                line,
                message: "first column must be an ISO alpha-2 code".into(),
            })?;
            let name = cols.get(1).map(|s| s.to_string()).unwrap_or_default();
            let i = countries.len();
            surfaces.push((name.clone(), Surface::CountryName(i)));
            for a in multi(cols.get(2)) {
                surfaces.push((a, Surface::CountryName(i)));
            }
            for d in multi(cols.get(3)) {
                demonyms.entry(c.clone()).or_insert_with(|| d.clone());
                surfaces.push((d, Surface::Demonym(i)));
            }
            for cap in multi(cols.get(4)) {
                surfaces.push((cap, Surface::Capital(i)));
            }
            country_by_code.insert(c.clone(), i);
            countries.push(Country { code: c, name });
        }
        let mut organisations = Vec::new();
        for (line, cols) in rows(organisations_tsv) {
            let name = cols.first().map(|s| s.to_string()).unwrap_or_default();
            let kind = cols
                .get(1)
                .and_then(|t| ActorType::parse(t))
                .ok_or_else(|| GazetteerError::Format {
                    file: "organisations.tsv",
                    line,
                    message: "second column must be an actor type".into(),
                })?;
            let i = organisations.len();
            let aliases = multi(cols.get(3));
            for form in std::iter::once(&name).chain(&aliases) {
                surfaces.push((form.clone(), Surface::Organisation(i)));
                if let Some(other) = other_spelling(form) {
                    surfaces.push((other, Surface::Organisation(i)));
                }
            }
            organisations.push(Organisation {
                name,
                kind,
                country: code(cols.get(2)),
                aliases,
                members: multi(cols.get(4)),
            });
        }
        let mut outlets = Vec::new();
        for (_, cols) in rows(outlets_tsv) {
            let name = cols.first().map(|s| s.to_string()).unwrap_or_default();
            let i = outlets.len();
            surfaces.push((name.clone(), Surface::Outlet(i)));
            let aliases = multi(cols.get(2));
            for a in &aliases {
                surfaces.push((a.clone(), Surface::Outlet(i)));
            }
            outlets.push(Outlet {
                name,
                country: code(cols.get(1)),
                national: cols.get(3).is_some_and(|c| c.trim() == "national"),
                aliases,
            });
        }
        let mut systems = Vec::new();
        for (line, cols) in rows(systems_tsv) {
            let designation = cols.first().map(|s| s.to_string()).unwrap_or_default();
            let category = cols
                .get(1)
                .and_then(|c| Category::parse(c))
                .ok_or_else(|| GazetteerError::Format {
                    file: "systems.tsv",
                    line,
                    message: "second column must be a category".into(),
                })?;
            let i = systems.len();
            // "F-35s", "Rafales", "Hornets": plurals of designations.
            let forms: Vec<String> = std::iter::once(designation.clone())
                .chain(multi(cols.get(3)))
                .collect();
            for form in forms.iter().flat_map(|f| designation_cases(f)) {
                if !form.ends_with('s') {
                    surfaces.push((format!("{form}s"), Surface::System(i)));
                }
                surfaces.push((form, Surface::System(i)));
            }
            systems.push(SystemEntry {
                designation,
                category,
                description: cols.get(2).map(|s| s.to_string()).unwrap_or_default(),
                origin: code(cols.get(4)),
                maker: cols
                    .get(5)
                    .map(|m| m.trim())
                    .filter(|m| !m.is_empty())
                    .map(str::to_string),
            });
        }
        let mut people = Vec::new();
        let mut people_by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        let mut people_by_name: HashMap<String, usize> = HashMap::new();
        for (_, cols) in rows(people_tsv) {
            let name = cols.first().map(|s| s.to_string()).unwrap_or_default();
            if name.is_empty() {
                continue;
            }
            let i = people.len();
            // Later, after countries, organisations and outlets: a person's
            // name never hides a country or a company.
            for form in std::iter::once(name.clone()).chain(multi(cols.get(3))) {
                people_by_name.entry(form.clone()).or_insert(i);
                if form.contains(' ') {
                    surfaces.push((form, Surface::Person(i)));
                }
            }
            if let Some(last) = name.split_whitespace().last() {
                people_by_surname
                    .entry(last.to_string())
                    .or_default()
                    .push(i);
            }
            people.push(PersonEntry {
                name,
                country: code(cols.get(1)),
                role: cols.get(2).filter(|r| !r.is_empty()).map(|r| r.to_string()),
            });
        }
        let mut terms = Vec::new();
        for (line, cols) in rows(terms_tsv) {
            let term = cols.first().map(|s| s.to_lowercase()).unwrap_or_default();
            let category = cols
                .get(1)
                .and_then(|c| Category::parse(c))
                .ok_or_else(|| GazetteerError::Format {
                    file: "system_terms.tsv",
                    line,
                    message: "second column must be a category".into(),
                })?;
            terms.push((term, category));
        }
        // Each title also in the plural, for the people named after it
        // ("Presidents Ruto and Museveni", "Defence Ministers ...").
        let mut roles: Vec<String> = roles_txt
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .flat_map(|r| {
                let plural = r.ends_with(|c: char| c.is_ascii_lowercase()) && !r.ends_with('s');
                let forms = if plural {
                    plural_forms(r)
                } else {
                    vec![r.to_string()]
                };
                forms.into_iter()
            })
            .collect();
        roles.dedup();
        let mut lexicon: HashMap<String, Vec<String>> = HashMap::new();
        for (_, cols) in rows(lexicon_tsv) {
            if let (Some(class), Some(words)) = (cols.first(), cols.get(1)) {
                lexicon
                    .entry(class.to_string())
                    .or_default()
                    .extend(multi(Some(words)));
            }
        }

        let lexicon_set = lexicon
            .iter()
            .map(|(c, ws)| (c.clone(), ws.iter().cloned().collect()))
            .collect();
        surfaces.retain(|(s, _)| !s.is_empty());
        // Deduplicate by surface; the first listing wins (countries, then
        // organisations, outlets, systems), so "Congo" stays a country.
        let mut seen = std::collections::HashSet::new();
        surfaces.retain(|(s, _)| seen.insert(s.clone()));
        let country_surfaces = surfaces
            .iter()
            .filter_map(|(f, sf)| match sf {
                Surface::CountryName(i)
                | Surface::Demonym(i)
                | Surface::Capital(i)
                | Surface::Place(i) => Some((f.clone(), *i)),
                _ => None,
            })
            .collect();
        let matcher = surface_matcher(&[])?;

        // Generic terms in singular and plural, matched case-insensitively.
        let mut term_forms = Vec::new();
        let mut term_patterns = Vec::new();
        for (i, (t, _)) in terms.iter().enumerate() {
            for form in plural_forms(t) {
                // Wire copy breaks hyphenated words at the hyphen: "anti-
                // aircraft missiles" is an anti-aircraft missile.
                // Others drop it: "Anti Drone System".
                if form.contains('-') {
                    term_forms.push(form.replace('-', "- "));
                    term_patterns.push(i);
                    term_forms.push(form.replace('-', " "));
                    term_patterns.push(i);
                }
                term_forms.push(form);
                term_patterns.push(i);
            }
        }
        let term_matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&term_forms)
            .map_err(|e| GazetteerError::Build(e.to_string()))?;
        let role_words = roles
            .iter()
            .filter(|r| !r.contains(' '))
            .map(|r| r.trim_end_matches('.').to_lowercase())
            .collect();
        let role_matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&roles)
            .map_err(|e| GazetteerError::Build(e.to_string()))?;

        Ok(Gazetteer {
            countries,
            organisations,
            outlets,
            systems,
            people,
            people_by_surname,
            people_by_name,
            terms,
            roles,
            lexicon,
            lexicon_set,
            country_by_code,
            demonyms,
            country_surfaces,
            surfaces,
            matcher,
            term_matcher,
            term_patterns,
            role_matcher,
            role_words,
            given_names: Default::default(),
        })
    }

    /// The home country of a national outlet named as a document's
    /// `outlet` (by its name or an alias, or a name that starts with one).
    pub fn outlet_home(&self, outlet: &str) -> Option<&str> {
        let o = outlet.trim();
        self.outlets
            .iter()
            .filter(|x| x.national)
            .find(|x| {
                starts_with_word(o, &x.name)
                    || x.aliases
                        .iter()
                        .any(|a| starts_with_word(o, a) || o.contains(&format!("({a})")))
            })
            .and_then(|x| x.country.as_deref())
    }

    /// The organisation a name written as in `organisations.tsv` stands
    /// for.
    pub fn organisation(&self, name: &str) -> Option<&Organisation> {
        self.find(name).into_iter().find_map(|(s, e, sf)| match sf {
            Surface::Organisation(i) if s == 0 && e == name.len() => self.organisations.get(i),
            _ => None,
        })
    }

    /// The gazetteer's entry for a system name written whole.
    pub fn system(&self, name: &str) -> Option<&SystemEntry> {
        self.find(name).into_iter().find_map(|(s, e, sf)| match sf {
            Surface::System(i) if s == 0 && e == name.len() => self.systems.get(i),
            _ => None,
        })
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.country_by_code.get(code).map(|&i| &self.countries[i])
    }

    /// The public figure called `name`, by full name or, when only one
    /// known person has that surname, by surname alone.
    pub fn person(&self, name: &str) -> Option<&PersonEntry> {
        if let Some(&i) = self.people_by_name.get(name) {
            return Some(&self.people[i]);
        }
        let last = name.split_whitespace().last()?;
        match self.people_by_surname.get(last).map(Vec::as_slice) {
            Some([only]) => {
                let p = &self.people[*only];
                // A full name must agree with the known one.
                let first_ok = name.split_whitespace().count() == 1
                    || p.name.split_whitespace().next() == name.split_whitespace().next();
                first_ok.then_some(p)
            }
            _ => None,
        }
    }

    /// The first listed demonym of a country ("Peruvian").
    pub fn demonym(&self, code: &str) -> Option<String> {
        self.demonyms.get(code).cloned()
    }

    /// The country whose name, alias, demonym or capital is exactly `s`.
    pub fn country_by_surface(&self, s: &str) -> Option<usize> {
        self.country_surfaces.get(s).copied()
    }

    /// Whether `word` is a one-word title or role ("General", "Mr.").
    pub fn is_role_word(&self, word: &str) -> bool {
        self.role_words
            .contains(&word.trim_end_matches('.').to_lowercase())
    }

    /// Whether `word` belongs to the lexicon class `class`.
    pub fn is(&self, class: &str, word: &str) -> bool {
        self.lexicon_set
            .get(class)
            .is_some_and(|ws| ws.contains(word))
    }

    pub fn words(&self, class: &str) -> &[String] {
        self.lexicon.get(class).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Gazetteer hits on word boundaries, leftmost-longest, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, Surface)> {
        let mut out = Vec::new();
        for m in self.matcher.find_iter(text) {
            let surface = self.surfaces[m.pattern().as_usize()].1;
            // A hyphened model number belongs to the designation before
            // it, though the hyphen bounds the word.
            let model = text[m.end()..]
                .starts_with('-')
                .then(|| variant_letters(text, m.start(), m.end(), surface))
                .flatten();
            if let Some(end) = model {
                out.push((m.start(), end, surface));
            } else if word_bounded(text, m.start(), m.end()) {
                out.push((m.start(), m.end(), surface));
            } else if let Some(end) = variant_letters(text, m.start(), m.end(), surface) {
                out.push((m.start(), end, surface));
            } else if let Some(hit) = self.shorter_bounded(text, m.start(), m.end()) {
                out.push(hit);
            }
        }
        out
    }

    /// The longest name starting at `start` and ending before `end` on a
    /// word boundary: "Rafale Marine" holds "Rafale" though the longest
    /// match there, "Rafale M", ends inside a word.
    fn shorter_bounded(
        &self,
        text: &str,
        start: usize,
        mut end: usize,
    ) -> Option<(usize, usize, Surface)> {
        loop {
            end = (start..end).rev().find(|&i| text.is_char_boundary(i))?;
            let hay = &text[start..end];
            let input = aho_corasick::Input::new(hay).anchored(aho_corasick::Anchored::Yes);
            let m = self.matcher.find(input)?;
            let (s, e) = (start, start + m.end());
            if word_bounded(text, s, e) {
                return Some((s, e, self.surfaces[m.pattern().as_usize()].1));
            }
            end = e;
        }
    }

    /// Generic system terms on word boundaries: (start, end, term index).
    pub fn find_terms(&self, text: &str) -> Vec<(usize, usize, usize)> {
        self.term_matcher
            .find_iter(text)
            // "anti-submarine" is not a submarine.
            .filter(|m| word_bounded(text, m.start(), m.end()) && !text[..m.start()].ends_with('-'))
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.term_patterns[m.pattern().as_usize()],
                )
            })
            .collect()
    }

    /// The first of [`Gazetteer::find_roles`] if it starts at or before
    /// `max_start`, found by reading only as far as such a role could reach
    /// (a search to the end of the text, repeated per name, is quadratic).
    pub fn first_role_within(&self, text: &str, max_start: usize) -> Option<(usize, usize)> {
        // One more character to tell where a leftmost-longest match ends.
        let reach = max_start + self.role_matcher.max_pattern_len() + 4;
        let window = &text[..armswatch_register::floor_boundary(text, reach)];
        self.role_matcher
            .find_iter(window)
            .take_while(|m| m.start() <= max_start)
            .find(|m| word_bounded(text, m.start(), m.end()) && self.role_as_written(text, m))
            .map(|m| (m.start(), m.end()))
    }

    /// A title written in capitals ("DIG", "CMD") counts only so written:
    /// "a veiled dig at China" holds no title.
    fn role_as_written(&self, text: &str, m: &aho_corasick::Match) -> bool {
        let role = self
            .roles
            .get(m.pattern().as_usize())
            .map_or("", String::as_str);
        let acronym = role.len() >= 2 && role.chars().all(|c| c.is_ascii_uppercase());
        !acronym || &text[m.start()..m.end()] == role
    }

    /// Roles and titles on word boundaries: (start, end).
    pub fn find_roles(&self, text: &str) -> Vec<(usize, usize)> {
        self.role_matcher
            .find_iter(text)
            .filter(|m| word_bounded(text, m.start(), m.end()) && self.role_as_written(text, m))
            .map(|m| (m.start(), m.end()))
            .collect()
    }
}

fn plural_forms(t: &str) -> Vec<String> {
    let mut v = vec![t.to_string()];
    if t.ends_with('s') || t.ends_with('x') || t.ends_with("ch") || t.ends_with("sh") {
        v.push(format!("{t}es"));
    } else if let Some(stem) = t
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']) && !s.is_empty())
    {
        v.push(format!("{stem}ies"));
    } else if t.ends_with('o') {
        // "torpedoes" beside "torpedos", "radios".
        v.push(format!("{t}es"));
        v.push(format!("{t}s"));
    } else if !t.ends_with("craft") {
        // "ammunitions" and "equipments" are common in South Asian English.
        v.push(format!("{t}s"));
    }
    v
}

/// True when `text[start..end]` is not glued to letters or digits.
/// Where a system's designation ending in a digit ends with the variant
/// letters written onto it ("C-295M", "F-16V", "MH-60R"): one to three
/// capitals, then no letter or digit; or a hyphened model number
/// ("TPE331-12B"). `None` for anything else.
fn variant_letters(text: &str, start: usize, end: usize, surface: Surface) -> Option<usize> {
    if !matches!(surface, Surface::System(_))
        || !text[start..end].ends_with(|c: char| c.is_ascii_digit())
        || text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let rest = &text[end..];
    // "TPE331-12B", "RD-33-10": a hyphened model number after the
    // designation, one to three digits and up to three capitals.
    if let Some(model) = rest.strip_prefix('-') {
        let digits = model
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(model.len());
        let tail = &model[digits..];
        let capitals = tail
            .find(|c: char| !c.is_ascii_uppercase())
            .unwrap_or(tail.len());
        let glued = tail[capitals..].starts_with(char::is_alphanumeric);
        if (1..=3).contains(&digits) && capitals <= 3 && !glued {
            return Some(end + 1 + digits + capitals);
        }
    }
    let letters = rest
        .find(|c: char| !c.is_ascii_uppercase())
        .unwrap_or(rest.len());
    let glued = rest[letters..].starts_with(char::is_alphanumeric);
    ((1..=3).contains(&letters) && !glued).then_some(end + letters)
}

pub fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    // A pattern ending in '.' ("Corp.", "U.S.") may be followed by anything.
    !glued(before) && (text[..end].ends_with('.') || !glued(after))
}

/// `text` starts with `word` as a whole word: "UNI" starts "UNI News"
/// but not "UNIAN".
fn starts_with_word(text: &str, word: &str) -> bool {
    text.strip_prefix(word)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_designation_is_found_with_or_without_its_hyphen() {
        let g = Gazetteer::builtin().expect("data files parse");
        let system = |name: &str| g.system(name).map(|x| x.designation.clone());
        assert_eq!(system("M-109").as_deref(), Some("M109"));
        assert_eq!(system("C17").as_deref(), Some("C-17"));
        // One digit is too short a number to tell a designation.
        assert_eq!(hyphen_variant("F4"), None);
        assert_eq!(hyphen_variant("F-16").as_deref(), Some("F16"));
    }

    #[test]
    fn a_hyphenated_term_is_found_written_with_a_space() {
        let g = Gazetteer::builtin().expect("data files parse");
        for text in ["two anti-drone systems", "two Anti Drone Systems"] {
            let hits = g.find_terms(text);
            assert_eq!(hits.len(), 1, "{text}: {hits:?}");
            assert_eq!(&text[hits[0].0..hits[0].1], &text[4..], "{text}");
        }
    }

    #[test]
    fn variant_letters_written_onto_a_designation_belong_to_it() {
        let g = Gazetteer::builtin().expect("data files parse");
        let systems = |text: &str| -> Vec<String> {
            g.find(text)
                .into_iter()
                .filter(|h| matches!(h.2, Surface::System(_)))
                .map(|(s, e, _)| text[s..e].to_string())
                .collect()
        };
        assert_eq!(systems("Chile ordered two C-295MW aircraft."), ["C-295MW"]);
        assert_eq!(systems("The navy flew the F-16N."), ["F-16N"]);
        // A hyphened model number too: digits, then up to three capitals.
        assert_eq!(systems("HAL ordered TPE331-12B engines."), ["TPE331-12B"]);
        // Four digits are no model number: the designation stands alone.
        assert_eq!(systems("HAL ordered TPE331-1234 engines."), ["TPE331"]);
        // More than three capitals, or letters then digits, are another word.
        assert!(systems("a C-295MWXY unit").is_empty());
        assert!(systems("the C-295Mk2 tests").is_empty());
        // The letters then belong to the known system's entry.
        assert_eq!(
            g.system("C-295MW").map(|e| e.designation.as_str()),
            g.system("C-295").map(|e| e.designation.as_str())
        );
    }

    #[test]
    fn builtin_data_parses_and_finds_common_names() {
        let g = Gazetteer::builtin().expect("data files parse");
        assert!(g.countries.len() > 200);
        assert!(g.organisations.len() > 100);
        let text = "Israel’s Rafael and the Peruvian army met in Beijing.";
        let hits = g.find(text);
        let forms: Vec<&str> = hits.iter().map(|(s, e, _)| &text[*s..*e]).collect();
        assert!(forms.contains(&"Israel"), "{forms:?}");
        assert!(forms.contains(&"Peruvian"), "{forms:?}");
        assert!(forms.contains(&"Beijing"), "{forms:?}");
    }

    #[test]
    fn a_body_is_found_in_either_spelling_but_an_office_of_is_not() {
        let g = Gazetteer::builtin().expect("data files parse");
        let drdo = g
            .organisation("Defense Research and Development Organization")
            .expect("the US spelling finds the body");
        assert_eq!(drdo.country.as_deref(), Some("IN"));
        // Many states have a "Department of National Defense": the spelling
        // of one names no other's.
        assert!(g.organisation("Department of National Defence").is_some());
        assert!(g.organisation("Department of National Defense").is_none());
    }

    #[test]
    fn matches_respect_word_boundaries() {
        let g = Gazetteer::builtin().expect("data files parse");
        // "Oman" inside "Romania" and "Chad" inside "Chadwick" are not countries.
        let hits = g.find("Romanians met Chadwick.");
        assert!(
            hits.iter()
                .all(|(_, _, s)| !matches!(s, Surface::CountryName(_))),
            "{hits:?}"
        );
    }

    #[test]
    fn a_name_whose_longer_alias_ends_inside_a_word_is_still_found() {
        let g = Gazetteer::builtin().expect("data files parse");
        // The alias "Rafale M" matches the start of "Rafale Marine" and ends
        // inside a word; the designation "Rafale" is still there.
        let text = "Greece weighs a Rafale Marine buy.";
        let hits = g.find(text);
        let systems: Vec<&str> = hits
            .iter()
            .filter(|h| matches!(h.2, Surface::System(_)))
            .map(|(s, e, _)| &text[*s..*e])
            .collect();
        assert_eq!(systems, ["Rafale"], "{hits:?}");
    }

    #[test]
    fn plural_forms_cover_common_endings() {
        assert_eq!(plural_forms("tank"), ["tank", "tanks"]);
        assert_eq!(plural_forms("howitzer"), ["howitzer", "howitzers"]);
        assert_eq!(plural_forms("battery"), ["battery", "batteries"]);
        assert_eq!(plural_forms("aircraft"), ["aircraft"]);
        assert_eq!(plural_forms("equipment"), ["equipment", "equipments"]);
        assert_eq!(plural_forms("bus"), ["bus", "buses"]);
        assert_eq!(
            plural_forms("torpedo"),
            ["torpedo", "torpedoes", "torpedos"]
        );
    }
}
