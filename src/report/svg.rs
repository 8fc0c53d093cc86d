//! Small SVG charts written as text (no dependency): horizontal stacked bars and a
//! heat map. Every chart carries its title and unit.

use super::fmt_value;

/// Escape text for XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A data series of a bar chart.
pub struct Series<'a> {
    /// Legend name.
    pub name: &'a str,
    /// Fill colour.
    pub color: &'a str,
    /// One value per bar (negative values are drawn as zero-width and noted).
    pub values: Vec<f64>,
}

fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1e4 || (a < 1e-2 && a > 0.0) {
        format!("{v:.3e}")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

/// Horizontal stacked bars: one bar per label, segments per series, total at the end.
pub fn stacked_bars(title: &str, unit: &str, labels: &[String], series: &[Series]) -> String {
    let label_w = 12.0 + 7.0 * labels.iter().map(|l| l.chars().count()).max().unwrap_or(4) as f64;
    let label_w = label_w.min(420.0);
    let bar_w = 520.0;
    let row_h = 26.0;
    let top = 58.0;
    let width = label_w + bar_w + 110.0;
    let height = top + row_h * labels.len() as f64 + 40.0;
    let totals: Vec<f64> = (0..labels.len())
        .map(|i| series.iter().map(|s| s.values[i].max(0.0)).sum())
        .collect();
    let max = totals.iter().cloned().fold(0.0, f64::max);
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
    let mut lx = label_w;
    for s in series {
        o.push_str(&format!(
            "<rect x=\"{lx:.0}\" y=\"28\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.0}\" y=\"38\">{}</text>\n",
            s.color,
            lx + 16.0,
            esc(s.name)
        ));
        lx += 30.0 + 7.0 * s.name.chars().count() as f64;
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
        o.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\">{}</text>\n",
            x + 6.0,
            y + 16.0,
            short(totals[i])
        ));
    }
    o.push_str("</svg>\n");
    o
}

/// A heat map of a square matrix (rows = destination, columns = origin). Diagonal cells
/// are grey (their values dwarf the rest); colour scales the off-diagonal values.
pub fn heat_map(title: &str, unit: &str, labels: &[String], m: &[Vec<f64>]) -> String {
    let n = labels.len();
    let label_w = (12.0 + 7.0 * labels.iter().map(|l| l.chars().count()).max().unwrap_or(4) as f64)
        .min(220.0);
    let cell = if n > 12 { 46.0 } else { 62.0 };
    let top = 70.0 + label_w * 0.6;
    let width = label_w + cell * n as f64 + 30.0;
    let height = top + cell * n as f64 + 50.0;
    let mut max_off = 0.0f64;
    for (i, row) in m.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if i != j && v.is_finite() {
                max_off = max_off.max(v.abs());
            }
        }
    }
    let mut o = String::new();
    o.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\" font-size=\"11\">\n"
    ));
    o.push_str("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    o.push_str(&format!(
        "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
        esc(title)
    ));
    o.push_str(&format!(
        "<text x=\"10\" y=\"38\" fill=\"#444\">unit: {}; rows = where output appears, \
         columns = whose final demand; darker = larger spillover (max off-diagonal {})</text>\n",
        esc(unit),
        short(max_off)
    ));
    for (j, l) in labels.iter().enumerate() {
        let x = label_w + cell * j as f64 + cell / 2.0;
        o.push_str(&format!(
            "<text x=\"{x:.0}\" y=\"{:.0}\" transform=\"rotate(-40 {x:.0} {:.0})\">{}</text>\n",
            top - 6.0,
            top - 6.0,
            esc(l)
        ));
    }
    for (i, row) in m.iter().enumerate() {
        let y = top + cell * i as f64;
        o.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>\n",
            label_w - 6.0,
            y + cell / 2.0 + 4.0,
            esc(&labels[i])
        ));
        for (j, &v) in row.iter().enumerate() {
            let x = label_w + cell * j as f64;
            let (fill, text_fill) = if i == j {
                ("#d9d9d9".to_string(), "black")
            } else {
                let t = if max_off > 0.0 {
                    (v.abs() / max_off).sqrt()
                } else {
                    0.0
                };
                // White to dark blue.
                let r = (255.0 - t * (255.0 - 8.0)) as u8;
                let g = (255.0 - t * (255.0 - 48.0)) as u8;
                let b = (255.0 - t * (255.0 - 107.0)) as u8;
                (
                    format!("#{r:02x}{g:02x}{b:02x}"),
                    if t > 0.55 { "white" } else { "black" },
                )
            };
            o.push_str(&format!(
                "<rect x=\"{x:.0}\" y=\"{y:.0}\" width=\"{cell:.0}\" height=\"{cell:.0}\" \
                 fill=\"{fill}\" stroke=\"white\"><title>{} &lt;- {}: {}</title></rect>\
                 <text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"middle\" fill=\"{text_fill}\" \
                 font-size=\"10\">{}</text>\n",
                esc(&labels[i]),
                esc(&labels[j]),
                fmt_value(v),
                x + cell / 2.0,
                y + cell / 2.0 + 4.0,
                short(v)
            ));
        }
    }
    o.push_str("</svg>\n");
    o
}
