//! Charts drawn on the server as inline SVG: readable without JavaScript,
//! nothing fetched from elsewhere. Colours are attributes (the content
//! security policy allows no inline styles). Every text is escaped.

use crate::error::esc;

/// Tableau 10: distinct for the common forms of colour blindness.
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

pub fn color(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// One stack of a bar chart: a label and a value per bar.
pub struct Series {
    pub label: String,
    pub color: &'static str,
    /// Per bar: the value, the tooltip and where a click goes.
    pub values: Vec<(f64, String, String)>,
}

/// A round step near `max / 5`.
fn nice_step(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    (nice * mag).max(if max >= 1.0 { 1.0 } else { 0.0 })
}

/// A stacked bar chart: one bar per label of `xs`, one stack per series.
/// `fmt` formats axis values.
pub fn stacked_bars(
    title: &str,
    xs: &[String],
    series: &[Series],
    fmt: &dyn Fn(f64) -> String,
) -> String {
    let (w, h) = (820.0, 300.0);
    let (ml, mr, mt, mb) = (70.0, 16.0, 12.0, 34.0);
    let pw = w - ml - mr;
    let ph = h - mt - mb;
    let n = xs.len().max(1);
    let totals: Vec<f64> = (0..xs.len())
        .map(|i| {
            series
                .iter()
                .map(|s| s.values.get(i).map_or(0.0, |v| v.0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().fold(0.0, f64::max);
    let step = nice_step(max);
    let top = if max <= 0.0 {
        step
    } else {
        (max / step).ceil() * step
    };
    let y = |v: f64| mt + ph - v / top * ph;
    let legend_rows = series.len().div_ceil(4);
    let full_h = h + 8.0 + legend_rows as f64 * 20.0;
    let mut s = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {full_h}\" role=\"img\" aria-label=\"{}\" \
         xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">",
        esc(title)
    );
    s.push_str(&format!("<title>{}</title>", esc(title)));
    // Grid and axis labels.
    let mut t = 0.0;
    while t <= top + step * 0.01 {
        let yy = y(t);
        s.push_str(&format!(
            "<line x1=\"{ml}\" x2=\"{}\" y1=\"{yy:.1}\" y2=\"{yy:.1}\" stroke=\"#e3e3e3\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#555\">{}</text>",
            w - mr,
            ml - 6.0,
            yy + 4.0,
            esc(&fmt(t))
        ));
        t += step;
    }
    let band = pw / n as f64;
    let bar = (band * 0.72).min(60.0);
    let every = (xs.len() / 16).max(1);
    for (i, x) in xs.iter().enumerate() {
        let cx = ml + band * (i as f64 + 0.5);
        let mut base = 0.0;
        for se in series {
            let Some((v, tip, href)) = se.values.get(i) else {
                continue;
            };
            if *v <= 0.0 {
                continue;
            }
            let (y0, y1) = (y(base), y(base + v));
            s.push_str(&format!(
                "<a href=\"{}\"><rect x=\"{:.1}\" y=\"{y1:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" \
                 fill=\"{}\"><title>{}</title></rect></a>",
                esc(href),
                cx - bar / 2.0,
                (y0 - y1).max(0.5),
                se.color,
                esc(tip)
            ));
            base += v;
        }
        if i % every == 0 {
            s.push_str(&format!(
                "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
                h - mb + 16.0,
                esc(x)
            ));
        }
    }
    s.push_str(&format!(
        "<line x1=\"{ml}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#888\"/>",
        w - mr,
        y(0.0),
        y(0.0)
    ));
    // Legend, four to a row.
    for (i, se) in series.iter().enumerate() {
        let lx = ml + (i % 4) as f64 * 185.0;
        let ly = h + 8.0 + (i / 4) as f64 * 20.0;
        s.push_str(&format!(
            "<rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#222\">{}</text>",
            ly,
            se.color,
            lx + 17.0,
            ly + 10.5,
            esc(&truncate(&se.label, 26))
        ));
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// A node of the network: a country on one side.
pub struct Node {
    pub code: String,
    pub label: String,
    pub href: String,
}

/// An edge from supplier `s` (index into the left nodes) to recipient `t`
/// (index into the right nodes).
pub struct Edge {
    pub s: usize,
    pub t: usize,
    pub weight: f64,
    pub tip: String,
    pub href: String,
}

/// Suppliers on the left, recipients on the right, a curve per flow with
/// its width by weight. Hovering a country (with the page's script)
/// brings its flows forward; without script every flow has a tooltip.
pub fn network(title: &str, left: &[Node], right: &[Node], edges: &[Edge]) -> String {
    let row = 26.0;
    let rows = left.len().max(right.len()).max(1) as f64;
    let (w, top) = (900.0, 20.0);
    let h = top * 2.0 + rows * row;
    let (lx, rx) = (230.0, 670.0);
    let ly = |i: usize| top + row * (i as f64 + 0.5) + (rows - left.len() as f64) * row / 2.0;
    let ry = |i: usize| top + row * (i as f64 + 0.5) + (rows - right.len() as f64) * row / 2.0;
    let maxw = edges
        .iter()
        .map(|e| e.weight)
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut s = format!(
        "<svg class=\"network\" id=\"network\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"13\">",
        esc(title)
    );
    s.push_str(&format!("<title>{}</title>", esc(title)));
    s.push_str(&format!(
        "<text x=\"{lx}\" y=\"13\" text-anchor=\"end\" fill=\"#555\" font-weight=\"bold\">Suppliers</text>\
         <text x=\"{rx}\" y=\"13\" fill=\"#555\" font-weight=\"bold\">Recipients</text>"
    ));
    // Thin edges first so thick ones stay visible on top.
    let mut order: Vec<&Edge> = edges.iter().collect();
    order.sort_by(|a, b| a.weight.total_cmp(&b.weight));
    for e in order {
        let (Some(a), Some(b)) = (left.get(e.s), right.get(e.t)) else {
            continue;
        };
        let (y1, y2) = (ly(e.s), ry(e.t));
        let width = 1.5 + 16.0 * (e.weight / maxw).sqrt();
        let mid = (lx + rx) / 2.0;
        s.push_str(&format!(
            "<a href=\"{}\"><path class=\"edge\" data-s=\"{}\" data-r=\"{}\" \
             d=\"M {:.1} {y1:.1} C {mid:.1} {y1:.1}, {mid:.1} {y2:.1}, {:.1} {y2:.1}\" \
             fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.55\" stroke-width=\"{width:.1}\">\
             <title>{}</title></path></a>",
            esc(&e.href),
            esc(&a.code),
            esc(&b.code),
            lx + 6.0,
            rx - 6.0,
            color(e.s),
            esc(&e.tip)
        ));
    }
    for (i, n) in left.iter().enumerate() {
        let yy = ly(i);
        s.push_str(&format!(
            "<a href=\"{}\" class=\"node\" data-side=\"s\" data-code=\"{}\">\
             <circle cx=\"{lx}\" cy=\"{yy:.1}\" r=\"6\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#222\">{}</text></a>",
            esc(&n.href),
            esc(&n.code),
            color(i),
            lx - 12.0,
            yy + 4.5,
            esc(&truncate(&n.label, 28))
        ));
    }
    for (i, n) in right.iter().enumerate() {
        let yy = ry(i);
        s.push_str(&format!(
            "<a href=\"{}\" class=\"node\" data-side=\"r\" data-code=\"{}\">\
             <circle cx=\"{rx}\" cy=\"{yy:.1}\" r=\"6\" fill=\"#555\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"#222\">{}</text></a>",
            esc(&n.href),
            esc(&n.code),
            rx + 12.0,
            yy + 4.5,
            esc(&truncate(&n.label, 28))
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(10.0), 2.0);
        assert_eq!(nice_step(3.0), 1.0);
        assert_eq!(nice_step(1_400_000_000.0), 500_000_000.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn labels_are_escaped() {
        let svg = stacked_bars(
            "<x>",
            &["2009".into()],
            &[Series {
                label: "\"><img onerror=alert(1)>".into(),
                color: color(0),
                values: vec![(2.0, "<b>".into(), "/r?a=1&b=2".into())],
            }],
            &|v| format!("{v}"),
        );
        assert!(!svg.contains("<img"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("&lt;x&gt;"));
        assert!(svg.contains("/r?a=1&amp;b=2"));
        let net = network(
            "n",
            &[Node {
                code: "RU".into(),
                label: "<i>".into(),
                href: "/countries/RU".into(),
            }],
            &[Node {
                code: "PE".into(),
                label: "Peru".into(),
                href: "/countries/PE".into(),
            }],
            &[Edge {
                s: 0,
                t: 0,
                weight: 1.0,
                tip: "a<b".into(),
                href: "/".into(),
            }],
        );
        assert!(net.contains("&lt;i&gt;") && net.contains("a&lt;b") && !net.contains("<i>"));
    }
}
