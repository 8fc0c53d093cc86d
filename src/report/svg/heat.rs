//! The region x region heat map.

use super::text::{longest, text_fits, text_width, wrap};
use super::{esc, short};
use crate::report::fmt_value;

/// A heat map of a square matrix (rows = destination, columns = origin). Diagonal cells
/// are grey (their values dwarf the rest); colour scales the off-diagonal values.
pub fn heat_map(title: &str, unit: &str, labels: &[String], m: &[Vec<f64>]) -> String {
    heat_map_scaled(title, unit, labels, m, &vec![false; labels.len()])
}

/// [`heat_map`] whose colour scale leaves out, besides the diagonal, every cell in the
/// row or column of a region with `apart[i]` (e.g. the rest of the country, whose
/// spillovers dwarf the city-to-city ones): those cells are grey with their value
/// written, so the colours compare the cities with each other.
pub fn heat_map_scaled(
    title: &str,
    unit: &str,
    labels: &[String],
    m: &[Vec<f64>],
    apart: &[bool],
) -> String {
    let n = labels.len();
    let scaled = |i: usize, j: usize| i != j && !apart[i] && !apart[j];
    let label_w = 12.0 + longest(labels.iter().map(|l| text_width(l, 11.0)));
    // Every cell holds its value label (10 px) with 4 px to spare on each side.
    let widest = longest(m.iter().flatten().map(|&v| text_width(&short(v), 10.0)));
    let cell = (if n > 12 { 46.0_f64 } else { 62.0 }).max(widest + 8.0);
    let mut max_off = 0.0f64;
    for (i, row) in m.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if scaled(i, j) && v.is_finite() {
                max_off = max_off.max(v.abs());
            }
        }
    }
    let key = format!(
        "unit: {unit}; rows = where output appears, columns = whose final demand; \
         darker = larger spillover (max {}{})",
        short(max_off),
        if apart.iter().any(|&a| a) {
            " between the cities; grey: diagonal and rest-of-country rows and columns, off the scale"
        } else {
            " off the diagonal"
        }
    );
    // The last column label, rotated 40 degrees up and right from its cell's centre.
    let last = label_w + cell * (n as f64 - 0.5) + 0.77 * (label_w - 12.0) + 10.0;
    let grid = (label_w + cell * n as f64 + 30.0).max(last);
    // Title and key wrap to the grid's width (never widen the canvas past it).
    let title_lines = wrap(title, 14.0 * 1.1, grid - 20.0);
    let key_lines = wrap(&key, 11.0, grid - 20.0);
    let key_y = 20.0 + 18.0 * title_lines.len() as f64;
    let top = key_y + 14.0 * key_lines.len() as f64 + 18.0 + label_w * 0.6;
    let width = title_lines
        .iter()
        .map(|l| text_fits(l, 14.0 * 1.1))
        .chain(key_lines.iter().map(|l| text_fits(l, 11.0)))
        .fold(grid, f64::max);
    let height = top + cell * n as f64 + 30.0;
    let mut o = String::new();
    o.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\" font-size=\"11\">\n"
    ));
    o.push_str("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    for (i, l) in title_lines.iter().enumerate() {
        o.push_str(&format!(
            "<text x=\"10\" y=\"{:.0}\" font-size=\"14\" font-weight=\"bold\">{}</text>\n",
            20.0 + 18.0 * i as f64,
            esc(l)
        ));
    }
    for (i, l) in key_lines.iter().enumerate() {
        o.push_str(&format!(
            "<text x=\"10\" y=\"{:.0}\" fill=\"#444\">{}</text>\n",
            key_y + 14.0 * i as f64,
            esc(l)
        ));
    }
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
            let (fill, text_fill) = if !scaled(i, j) {
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
