//! Horizontal stacked bars, with whiskers for ranges and panels on their own scales.

use super::text::{longest, text_fits, text_width};
use super::{esc, short, Series};
use crate::report::fmt_value;

/// Horizontal stacked bars: one bar per label, segments per series, total at the end.
pub fn stacked_bars(title: &str, unit: &str, labels: &[String], series: &[Series]) -> String {
    stacked_bars_ranged(title, unit, labels, series, &[])
}

/// [`stacked_bars`] with a range per bar (e.g. the 5th-95th percentile of an ensemble)
/// drawn as a whisker across the bar's end; `ranges` is empty or one entry per label.
pub fn stacked_bars_ranged(
    title: &str,
    unit: &str,
    labels: &[String],
    series: &[Series],
    ranges: &[Option<(f64, f64)>],
) -> String {
    let label_w = 16.0 + longest(labels.iter().map(|l| text_width(l, 12.0)));
    let bar_w = 520.0;
    let row_h = 26.0;
    let top = 74.0;
    let legend_w: f64 = series.iter().map(|s| 30.0 + text_width(s.name, 12.0)).sum();
    let width = (label_w + bar_w + 110.0)
        .max(text_fits(title, 14.0 * 1.1))
        .max(text_fits(&format!("unit: {unit}"), 12.0))
        .max(20.0 + legend_w);
    let height = top + row_h * labels.len() as f64 + 40.0;
    let totals: Vec<f64> = (0..labels.len())
        .map(|i| series.iter().map(|s| s.values[i].max(0.0)).sum())
        .collect();
    let whisker = |i: usize| ranges.get(i).copied().flatten();
    let max = (0..labels.len())
        .map(|i| whisker(i).map_or(totals[i], |(_, hi)| hi.max(totals[i])))
        .fold(0.0, f64::max);
    let scale = if max > 0.0 { bar_w / max } else { 0.0 };
    let mut o = String::new();
    o.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    ));
    o.push_str("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    o.push_str(&format!(
        "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
        esc(title)
    ));
    o.push_str(&format!(
        "<text x=\"10\" y=\"38\" fill=\"#444\">unit: {}</text>\n",
        esc(unit)
    ));
    // The legend on its own line under the unit (never over it).
    let mut lx = 10.0;
    for s in series {
        o.push_str(&format!(
            "<rect x=\"{lx:.0}\" y=\"46\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.0}\" y=\"56\">{}</text>\n",
            s.color,
            lx + 16.0,
            esc(s.name)
        ));
        lx += 30.0 + text_width(s.name, 12.0);
    }
    for (i, l) in labels.iter().enumerate() {
        let y = top + row_h * i as f64;
        o.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>\n",
            label_w - 8.0,
            y + 16.0,
            esc(l)
        ));
        let mut x = label_w;
        for s in series {
            let w = s.values[i].max(0.0) * scale;
            if w > 0.0 {
                o.push_str(&format!(
                    "<rect x=\"{x:.2}\" y=\"{:.0}\" width=\"{w:.2}\" height=\"{:.0}\" fill=\"{}\">\
                     <title>{}: {}</title></rect>\n",
                    y + 4.0,
                    row_h - 8.0,
                    s.color,
                    esc(s.name),
                    fmt_value(s.values[i])
                ));
            }
            x += w;
        }
        let mut end = x;
        if let Some((lo, hi)) = whisker(i) {
            let (a, b) = (label_w + lo.max(0.0) * scale, label_w + hi.max(0.0) * scale);
            let m = y + row_h / 2.0;
            o.push_str(&format!(
                "<path d=\"M{a:.2} {m:.1}H{b:.2}M{a:.2} {:.1}V{:.1}M{b:.2} {:.1}V{:.1}\" \
                 stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\">\
                 <title>5th-95th percentile: {} to {}</title></path>\n",
                m - 5.0,
                m + 5.0,
                m - 5.0,
                m + 5.0,
                fmt_value(lo),
                fmt_value(hi)
            ));
            end = end.max(b);
        }
        o.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\">{}</text>\n",
            end + 6.0,
            y + 16.0,
            short(totals[i])
        ));
    }
    o.push_str("</svg>\n");
    o
}
