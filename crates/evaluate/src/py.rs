//! Python semantics on JSON values, as score.py sees them after `json.loads`.
//!
//! score.py never distinguishes a missing key from `null` (it only uses
//! `dict.get`), compares numbers by value (`4 == 4.0`, `True == 1`) and
//! tests truthiness. Inputs on which Python would raise (a string where an
//! object is expected, say) are treated here as if the value were absent.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

/// `d.get(key)` on something that may not be a dict: `None` for a missing
/// key, a `null` value, or a non-object.
pub(crate) trait At<'a> {
    fn at(self, key: &str) -> Option<&'a Value>;
}

impl<'a> At<'a> for &'a Value {
    fn at(self, key: &str) -> Option<&'a Value> {
        self.as_object()?.get(key).filter(|v| !v.is_null())
    }
}

impl<'a> At<'a> for Option<&'a Value> {
    fn at(self, key: &str) -> Option<&'a Value> {
        self.and_then(|v| v.at(key))
    }
}

/// `bool(x)`.
pub(crate) fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => match num(n) {
            Num::Int(i) => i != 0,
            Num::Float(f) => f != 0.0,
        },
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// A Python number: JSON integers are exact ints, the rest floats.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Num {
    Int(i128),
    Float(f64),
}

fn num(n: &serde_json::Number) -> Num {
    if let Some(i) = n.as_i64() {
        Num::Int(i128::from(i))
    } else if let Some(u) = n.as_u64() {
        Num::Int(i128::from(u))
    } else {
        Num::Float(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// `isinstance(v, (int, float))`, which bools pass as 0 and 1.
pub(crate) fn as_num(v: Option<&Value>) -> Option<Num> {
    match v? {
        Value::Bool(b) => Some(Num::Int(i128::from(*b))),
        Value::Number(n) => Some(num(n)),
        _ => None,
    }
}

impl Num {
    pub(crate) fn to_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    pub(crate) fn sub(self, other: Num) -> Num {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => Num::Int(a - b),
            (a, b) => Num::Float(a.to_f64() - b.to_f64()),
        }
    }

    pub(crate) fn abs(self) -> Num {
        match self {
            Num::Int(i) => Num::Int(i.abs()),
            Num::Float(f) => Num::Float(f.abs()),
        }
    }

    /// Python's exact comparison of numbers, ints against floats included.
    pub(crate) fn cmp(self, other: Num) -> Option<Ordering> {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => Some(a.cmp(&b)),
            (Num::Float(a), Num::Float(b)) => a.partial_cmp(&b),
            (Num::Int(a), Num::Float(b)) => cmp_int_float(a, b),
            (Num::Float(a), Num::Int(b)) => cmp_int_float(b, a).map(Ordering::reverse),
        }
    }
}

fn cmp_int_float(i: i128, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    const EXACT: i128 = 1 << 53;
    if (-EXACT..=EXACT).contains(&i) {
        // exactly representable
        return (i as f64).partial_cmp(&f);
    }
    if f.abs() < 2f64.powi(53) {
        // |i| is larger than |f|, whatever the rounding of i
        return (i as f64).partial_cmp(&f);
    }
    if f.abs() >= 2f64.powi(126) {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    // f is an integer here, and fits
    Some(i.cmp(&(f as i128)))
}

/// `a == b` on JSON values with Python's rules (None for absent and null).
pub(crate) fn eq(a: Option<&Value>, b: Option<&Value>) -> bool {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => eq_values(x, y),
        _ => false,
    }
}

fn eq_values(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| eq(Some(p), Some(q)))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| eq_values(v, w)))
        }
        (Value::Null, Value::Null) => true,
        _ => match (as_num(Some(a)), as_num(Some(b))) {
            (Some(x), Some(y)) => x.cmp(y) == Some(Ordering::Equal),
            _ => false,
        },
    }
}

/// `for x in v` over what `v or []` gives: list items, a string's
/// characters, a dict's keys; nothing for what Python cannot iterate.
pub(crate) fn iter(v: Option<&Value>) -> Vec<Cow<'_, Value>> {
    match v {
        Some(Value::Array(a)) => a.iter().map(Cow::Borrowed).collect(),
        Some(Value::String(s)) => s
            .chars()
            .map(|c| Cow::Owned(Value::String(c.to_string())))
            .collect(),
        Some(Value::Object(o)) => o
            .keys()
            .map(|k| Cow::Owned(Value::String(k.clone())))
            .collect(),
        _ => Vec::new(),
    }
}

/// The list items of `v or []`, for loops whose body Python could only run
/// on a list without raising.
pub(crate) fn items(v: Option<&Value>) -> &[Value] {
    match v {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

/// `item in (accepted or [fallback])`.
pub(crate) fn is_in(
    item: Option<&Value>,
    accepted: Option<&Value>,
    fallback: Option<&Value>,
) -> bool {
    if !truthy(accepted) {
        return eq(item, fallback);
    }
    match (accepted, item) {
        (Some(Value::Array(a)), _) => a.iter().any(|x| eq(item, Some(x))),
        // `in` on a string is a substring test, on a dict a key test
        (Some(Value::String(s)), Some(Value::String(i))) => s.contains(i.as_str()),
        (Some(Value::Object(o)), Some(Value::String(i))) => o.contains_key(i),
        _ => false,
    }
}

/// A Python set of hashable JSON values (countries).
#[derive(Debug, Default)]
pub(crate) struct Set<'a>(Vec<&'a Value>);

impl<'a> Set<'a> {
    pub(crate) fn add(&mut self, v: &'a Value) {
        if !self.0.iter().any(|x| eq(Some(x), Some(v))) {
            self.0.push(v);
        }
    }

    pub(crate) fn intersects(&self, other: &Set<'_>) -> bool {
        self.0.iter().any(|x| other.contains(x))
    }

    fn contains(&self, v: &Value) -> bool {
        self.0.iter().any(|x| eq(Some(x), Some(v)))
    }

    pub(crate) fn same(&self, other: &Set<'_>) -> bool {
        self.0.len() == other.0.len() && self.0.iter().all(|x| other.contains(x))
    }

    /// `repr(sorted(s))`.
    pub(crate) fn sorted_repr(&self) -> String {
        let mut v = self.0.clone();
        v.sort_by(|a, b| py_cmp(a, b));
        let parts: Vec<String> = v.iter().map(|x| repr(Some(x))).collect();
        format!("[{}]", parts.join(", "))
    }
}

/// `a < b` ordering for values `sorted()` can compare (strings by code
/// point, numbers by value); Python raises on mixed types, we order by type.
fn py_cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => match (as_num(Some(a)), as_num(Some(b))) {
            (Some(x), Some(y)) => x.cmp(y).unwrap_or(Ordering::Equal),
            _ => rank(a).cmp(&rank(b)),
        },
    }
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) | Value::Number(_) => 1,
        Value::String(_) => 2,
        Value::Array(_) => 3,
        Value::Object(_) => 4,
    }
}

/// `str(v)`, as an f-string prints it.
pub(crate) fn str(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        _ => repr(v),
    }
}

/// `repr(v)`.
pub(crate) fn repr(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "None".to_string(),
        Some(Value::Bool(true)) => "True".to_string(),
        Some(Value::Bool(false)) => "False".to_string(),
        Some(Value::Number(n)) => match num(n) {
            Num::Int(i) => i.to_string(),
            Num::Float(f) => float_repr(f),
        },
        Some(Value::String(s)) => str_repr(s),
        Some(Value::Array(a)) => {
            let parts: Vec<String> = a.iter().map(|x| repr(Some(x))).collect();
            format!("[{}]", parts.join(", "))
        }
        Some(Value::Object(o)) => {
            let parts: Vec<String> = o
                .iter()
                .map(|(k, x)| format!("{}: {}", str_repr(k), repr(Some(x))))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Python's float repr: shortest round-trip digits, scientific notation
/// outside 1e-4 <= |f| < 1e16, a two-digit exponent at least.
pub(crate) fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        let s = format!("{f}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// An approximation of `str.isprintable` (exact for ASCII and Latin-1;
/// covers the common separators and format characters beyond).
fn printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x20 || (0x7f..=0xa0).contains(&u) || u == 0xad {
        return false;
    }
    !matches!(u,
        0x1680 | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000
        | 0xd800..=0xf8ff | 0xfeff | 0xfff9..=0xfffb | 0xe0001..=0xe007f
        | 0xf0000..=0x10ffff)
}

/// `str.isspace`, which `str.strip()` uses: Unicode white space plus the
/// information separators 0x1c..0x1f.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// What Python's text mode reads: `\r\n` and lone `\r` become `\n`.
pub(crate) fn universal_newlines(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_compare_like_python() {
        assert!(eq(Some(&json!(4)), Some(&json!(4.0))));
        assert!(eq(Some(&json!(true)), Some(&json!(1))));
        assert!(!eq(Some(&json!(4)), Some(&json!(4.5))));
        assert!(!eq(Some(&json!("4")), Some(&json!(4))));
        assert!(eq(None, Some(&Value::Null)));
        assert!(eq(
            Some(&json!([1, {"a": 2}])),
            Some(&json!([1.0, {"a": 2.0}]))
        ));
        assert!(!eq(
            Some(&json!({"a": 1})),
            Some(&json!({"a": 1, "b": null}))
        ));
        // exact int/float comparison beyond 2^53
        assert_eq!(
            Num::Int(9_007_199_254_740_993).cmp(Num::Float(9_007_199_254_740_992.0)),
            Some(Ordering::Greater)
        );
    }

    #[test]
    fn truthiness() {
        for v in [
            json!(0),
            json!(0.0),
            json!(""),
            json!([]),
            json!({}),
            json!(false),
            Value::Null,
        ] {
            assert!(!truthy(Some(&v)), "{v}");
        }
        for v in [
            json!(1),
            json!(-0.5),
            json!("x"),
            json!([0]),
            json!({"a": null}),
            json!(true),
        ] {
            assert!(truthy(Some(&v)), "{v}");
        }
    }

    #[test]
    fn reprs() {
        assert_eq!(repr(Some(&json!("it's"))), "\"it's\"");
        assert_eq!(repr(Some(&json!("a'b\"c"))), "'a\\'b\"c'");
        assert_eq!(repr(Some(&json!("Zürich\n"))), "'Zürich\\n'");
        assert_eq!(repr(None), "None");
        assert_eq!(repr(Some(&json!(1e16))), "1e+16");
        assert_eq!(repr(Some(&json!(1.5e-7))), "1.5e-07");
        assert_eq!(repr(Some(&json!(2011.0))), "2011.0");
        assert_eq!(repr(Some(&json!(0.0001))), "0.0001");
        assert_eq!(
            repr(Some(&json!(["CN", 3, null, true]))),
            "['CN', 3, None, True]"
        );
        assert_eq!(str(Some(&json!("plain"))), "plain");
    }

    #[test]
    fn membership() {
        let list = json!(["delivered", "ordered"]);
        assert!(is_in(Some(&json!("ordered")), Some(&list), None));
        assert!(!is_in(Some(&json!("stalled")), Some(&list), None));
        // an empty list falls back to the single value
        assert!(is_in(
            Some(&json!("x")),
            Some(&json!([])),
            Some(&json!("x"))
        ));
        // a string is searched as a substring
        assert!(is_in(
            Some(&json!("liver")),
            Some(&json!("delivered")),
            None
        ));
        assert!(is_in(None, None, None));
    }
}
