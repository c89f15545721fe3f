//! The flat columns of a record: what is copied out of its JSON for
//! filtering and for people querying the database directly.

use armswatch_register::{Actor, ActorType, Date, Fact, Money, Record, System};

/// One row of `record_actors`.
pub struct ActorRow<'a> {
    pub role: &'static str,
    /// For members of a consortium: the role the consortium fills.
    pub parent_role: Option<&'static str>,
    pub name: &'a str,
    pub kind: ActorType,
    pub country: Option<&'a str>,
    pub aliases: &'a [String],
}

impl ActorRow<'_> {
    /// Lower-cased name and aliases, one per line, for substring matching.
    /// Lower-casing here (Unicode-aware) rather than in SQL, whose `lower()`
    /// only knows ASCII.
    pub fn names_lc(&self) -> String {
        let mut s = self.name.to_lowercase();
        for a in self.aliases {
            s.push('\n');
            s.push_str(&a.to_lowercase());
        }
        s
    }
}

/// The columns of `records` besides ids, kind, confidence and JSON.
#[derive(Default)]
pub struct Flat<'a> {
    pub date: Option<Date>,
    pub status: Option<&'static str>,
    pub kind_type: Option<&'static str>,
    pub category: Option<&'static str>,
    pub name: Option<&'a str>,
    pub system_name: Option<&'a str>,
    pub quantity: Option<u64>,
    pub value: Option<&'a Money>,
    pub actors: Vec<ActorRow<'a>>,
}

impl<'a> Flat<'a> {
    pub fn of(record: &'a Record) -> Flat<'a> {
        let mut f = Flat::default();
        match &record.fact {
            Fact::Entity(e) => {
                f.kind_type = Some(e.kind.as_str());
                f.name = Some(&e.name);
                f.actors.push(ActorRow {
                    role: "entity",
                    parent_role: None,
                    name: &e.name,
                    kind: e.kind,
                    country: e.country.as_deref(),
                    aliases: &e.aliases,
                });
                for m in &e.members {
                    f.push_actor("member", Some("entity"), m);
                }
            }
            Fact::Transfer(t) => {
                f.date = t.date;
                f.status = Some(t.status.as_str());
                f.system(&t.system);
                f.quantity = t.quantity;
                f.value = t.value.as_ref();
                for s in &t.suppliers {
                    f.push_actor("supplier", None, s);
                }
                f.push_actor("recipient", None, &t.recipient);
            }
            Fact::Contest(c) => {
                f.date = c.awarded.or(c.cancelled);
                f.status = Some(c.status.as_str());
                f.system(&c.item);
                f.value = c.value.as_ref();
                f.push_actor("buyer", None, &c.buyer);
                for b in &c.bidders {
                    f.push_actor("bidder", None, b);
                }
                if let Some(w) = &c.winner {
                    f.push_actor("winner", None, w);
                }
                for p in &c.protests {
                    f.push_actor("protester", None, &p.by);
                }
            }
            Fact::Engagement(e) => {
                f.date = e.date;
                f.kind_type = Some(e.kind.as_str());
                for p in &e.parties {
                    f.push_actor("party", None, p);
                }
            }
        }
        f
    }

    fn system(&mut self, s: &'a System) {
        self.category = Some(s.category.as_str());
        self.system_name = s.name.as_deref();
    }

    /// Adds an actor and, for a consortium, its members (at any depth) as
    /// `member` rows carrying the consortium's role.
    fn push_actor(&mut self, role: &'static str, parent_role: Option<&'static str>, a: &'a Actor) {
        self.actors.push(ActorRow {
            role,
            parent_role,
            name: &a.name,
            kind: a.kind,
            country: a.country.as_deref(),
            aliases: &a.aliases,
        });
        let top = parent_role.unwrap_or(role);
        for m in &a.members {
            self.push_actor("member", Some(top), m);
        }
    }
}
