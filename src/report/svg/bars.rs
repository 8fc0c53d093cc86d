//! Horizontal stacked bars, with whiskers for ranges and panels on their own scales.

use super::text::{longest, text_fits, text_width, wrap};
use super::{esc, short, Series};
use crate::report::fmt_value;

/// One panel of a bar chart: its own heading, bars and scale.
pub struct Panel<'a> {
    /// Line drawn above the panel's bars (none for a one-panel chart).
    pub heading: Option<String>,
    /// One label per bar.
    pub labels: Vec<String>,
    /// Segments; every panel of a chart has the same series names and colours.
    pub series: Vec<Series<'a>>,
    /// Empty, or one range per bar (e.g. 5th-95th percentile) drawn as a whisker.
    pub ranges: Vec<Option<(f64, f64)>>,
}

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
    let panel = Panel {
        heading: None,
        labels: labels.to_vec(),
        series: series
            .iter()
            .map(|s| Series {
                name: s.name,
                color: s.color,
                values: s.values.clone(),
            })
            .collect(),
        ranges: ranges.to_vec(),
    };
    bar_panels(title, unit, &[panel])
}

const BAR_W: f64 = 520.0;
const ROW_H: f64 = 26.0;
const HEADING_H: f64 = 24.0;

/// Bars in panels, each on its own scale (e.g. all regions, then the secondary cities
/// alone so that they are not hairlines next to the centre). The title wraps to the
/// chart's width; the unit and the legend (from the first panel) sit under it.
pub fn bar_panels(title: &str, unit: &str, panels: &[Panel]) -> String {
    let labels = panels.iter().flat_map(|p| p.labels.iter());
    let label_w = 16.0 + longest(labels.map(|l| text_width(l, 12.0)));
    let headings = panels.iter().filter_map(|p| p.heading.as_deref());
    let series: &[Series] = panels.first().map_or(&[], |p| &p.series);
    let legend_w: f64 = series.iter().map(|s| 30.0 + text_width(s.name, 12.0)).sum();
    let width = (label_w + BAR_W + 110.0)
        .max(text_fits(&format!("unit: {unit}"), 12.0))
        .max(20.0 + legend_w)
        .max(longest(headings.map(|h| text_fits(h, 12.0 * 1.1))));
    let title_lines = wrap(title, 14.0 * 1.1, width - 20.0);
    let width = title_lines
        .iter()
        .map(|l| text_fits(l, 14.0 * 1.1))
        .fold(width, f64::max);
    let head = 18.0 * (title_lines.len() as f64 - 1.0);
    let mut o = String::new();
    let mut y = 74.0 + head;
    let mut body = String::new();
    for p in panels {
        y = panel(&mut body, p, label_w, y);
    }
    let height = y + 40.0;
    o.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    ));
    o.push_str("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (i, l) in title_lines.iter().enumerate() {
        o.push_str(&format!(
            "<text x=\"10\" y=\"{:.0}\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
            20.0 + 18.0 * i as f64,
            esc(l)
        ));
    }
    o.push_str(&format!(
        "<text x=\"10\" y=\"{:.0}\" fill=\"#444\">unit: {}</text>\n",
        38.0 + head,
        esc(unit)
    ));
    // The legend on its own line under the unit (never over it).
    let mut lx = 10.0;
    for s in series {
        o.push_str(&format!(
            "<rect x=\"{lx:.0}\" y=\"{:.0}\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.0}\" y=\"{:.0}\">{}</text>\n",
            46.0 + head,
            s.color,
            lx + 16.0,
            56.0 + head,
            esc(s.name)
        ));
        lx += 30.0 + text_width(s.name, 12.0);
    }
    o.push_str(&body);
    o.push_str("</svg>\n");
    o
}

/// Draw one panel from `top`; returns the y below it.
fn panel(o: &mut String, p: &Panel, label_w: f64, top: f64) -> f64 {
    let mut top = top;
    if let Some(h) = &p.heading {
        o.push_str(&format!(
            "<text x=\"10\" y=\"{:.0}\" font-weight=\"bold\" fill=\"#333\">{}</text>\n",
            top + 14.0,
            esc(h)
        ));
        top += HEADING_H;
    }
    let n = p.labels.len();
    let totals: Vec<f64> = (0..n)
        .map(|i| p.series.iter().map(|s| s.values[i].max(0.0)).sum())
        .collect();
    let whisker = |i: usize| p.ranges.get(i).copied().flatten();
    let max = (0..n)
        .map(|i| whisker(i).map_or(totals[i], |(_, hi)| hi.max(totals[i])))
        .fold(0.0, f64::max);
    let scale = if max > 0.0 { BAR_W / max } else { 0.0 };
    for (i, l) in p.labels.iter().enumerate() {
        let y = top + ROW_H * i as f64;
        o.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>\n",
            label_w - 8.0,
            y + 16.0,
            esc(l)
        ));
        let mut x = label_w;
        for s in &p.series {
            let w = s.values[i].max(0.0) * scale;
            if w > 0.0 {
                o.push_str(&format!(
                    "<rect x=\"{x:.2}\" y=\"{:.0}\" width=\"{w:.2}\" height=\"{:.0}\" fill=\"{}\">\
                     <title>{}: {}</title></rect>\n",
                    y + 4.0,
                    ROW_H - 8.0,
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
            let m = y + ROW_H / 2.0;
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
    top + ROW_H * n as f64 + 8.0
}
