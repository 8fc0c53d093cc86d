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

/// A value label on a chart: the report's one number format (4 significant digits,
/// thousands separators, no e-notation; src/report/number.rs).
fn short(v: f64) -> String {
    fmt_value(v)
}

/// Estimated width in px of `s` at font size `size` px: East Asian wide glyphs (CJK,
/// kana, hangul, full-width forms) take a full em, other glyphs about 0.6 em (DejaVu
/// Sans averages 0.55-0.62 em for Latin text). Deliberately generous, so that labels
/// are not clipped at the left margin.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            c if is_wide(c) => size,
            // Capitals run wider (TONGCHUAN was clipped at 0.62 em in a browser).
            'A'..='Z' => 0.74 * size,
            _ => 0.62 * size,
        })
        .sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The canvas width that fits `s` drawn at x = 10 with 10 px to spare (`size` scaled up
/// by the caller for bold text).
fn text_fits(s: &str, size: f64) -> f64 {
    20.0 + text_width(s, size)
}

/// `s` in lines no wider than `max_w` px at font size `size` (breaking at spaces; a
/// word wider than a line gets a line of its own).
pub fn wrap(s: &str, size: f64, max_w: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(&candidate, size) > max_w {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

fn longest(labels: impl Iterator<Item = f64>) -> f64 {
    labels.fold(0.0, f64::max)
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

/// One input of a tornado chart: name, signed rank correlation with the result, and the
/// share of the result's variance it explains.
pub struct TornadoBar {
    /// Input name.
    pub name: String,
    /// Spearman rank correlation (-1..1).
    pub rho: f64,
    /// Share of variance explained (0..1).
    pub variance_share: f64,
}

/// A tornado chart: one horizontal bar per input, ranked as given (largest first),
/// drawn from a central axis to its rank correlation (right: the result rises with the
/// input; left: it falls), labelled with the share of variance it explains.
pub fn tornado(title: &str, subtitle: &str, bars: &[TornadoBar]) -> String {
    let label_w = 16.0 + longest(bars.iter().map(|b| text_width(&b.name, 12.0)));
    let half = 220.0;
    let row_h = 26.0;
    let top = 64.0;
    let axis = label_w + 40.0 + half;
    let width = (axis + half + 200.0)
        .max(text_fits(title, 14.0 * 1.1))
        .max(text_fits(subtitle, 12.0));
    let height = top + row_h * bars.len() as f64 + 44.0;
    let mut o = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\" font-size=\"12\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n\
         <text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>\n\
         <text x=\"10\" y=\"38\" fill=\"#444\">{}</text>\n",
        esc(title),
        esc(subtitle)
    );
    let bottom = top + row_h * bars.len() as f64;
    o.push_str(&format!(
        "<path d=\"M{axis:.1} {:.1}V{bottom:.1}\" stroke=\"#222\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444\">-1</text>\
         <text x=\"{axis:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444\">0</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444\">+1</text>\n\
         <text x=\"{axis:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444\">\
         rank correlation with the result (Spearman)</text>\n",
        top - 6.0,
        axis - half,
        bottom + 14.0,
        bottom + 14.0,
        axis + half,
        bottom + 14.0,
        bottom + 32.0
    ));
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let rho = if b.rho.is_finite() {
            b.rho.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let (x, w) = if rho >= 0.0 {
            (axis, rho * half)
        } else {
            (axis + rho * half, -rho * half)
        };
        let color = if rho >= 0.0 { "#c55a11" } else { "#2e75b6" };
        o.push_str(&format!(
            "<text x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>\n\
             <rect x=\"{x:.2}\" y=\"{:.0}\" width=\"{w:.2}\" height=\"{:.0}\" fill=\"{color}\">\
             <title>rho = {:.3}</title></rect>\n\
             <text x=\"{:.0}\" y=\"{:.0}\">rho {:+.2}, {:.0}% of variance</text>\n",
            label_w - 8.0,
            y + 16.0,
            esc(&b.name),
            y + 4.0,
            row_h - 8.0,
            rho,
            axis + half + 8.0,
            y + 16.0,
            rho,
            100.0 * b.variance_share
        ));
    }
    o.push_str("</svg>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (x, anchor end?, font size, content) of every unrotated one-line `<text>`.
    fn texts(svg: &str) -> Vec<(f64, bool, f64, String)> {
        let attr = |t: &str, a: &str| -> Option<String> {
            let i = t.find(&format!(" {a}=\""))? + a.len() + 3;
            Some(t[i..i + t[i..].find('"')?].to_string())
        };
        let root = attr(&svg[..svg.find('>').unwrap()], "font-size").unwrap();
        let root: f64 = root.parse().unwrap();
        svg.split("<text")
            .skip(1)
            .filter(|t| !t.contains("transform="))
            .map(|t| {
                let head = &t[..t.find('>').unwrap()];
                let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                (
                    attr(head, "x").unwrap().parse().unwrap(),
                    head.contains("text-anchor=\"end\""),
                    attr(head, "font-size").map_or(root, |v| v.parse().unwrap()),
                    body.replace("&amp;", "&").replace("&lt;", "<"),
                )
            })
            .collect()
    }

    fn canvas_width(svg: &str) -> f64 {
        let i = svg.find("width=\"").unwrap() + 7;
        svg[i..i + svg[i..].find('"').unwrap()].parse().unwrap()
    }

    /// Every text starts at x >= 0 and ends inside the canvas, by the width estimate.
    fn assert_inside(svg: &str) {
        let w = canvas_width(svg);
        for (x, end, size, body) in texts(svg) {
            let tw = text_width(&body, size);
            let (a, b) = if end { (x - tw, x) } else { (x, x + tw) };
            assert!(
                a >= 0.0 && b <= w,
                "`{body}` spans {a:.0}..{b:.0} px, canvas {w:.0}"
            );
        }
    }

    #[test]
    fn value_labels_use_one_number_format() {
        let labels = vec!["XA".to_string(), "XY".to_string()];
        let svg = stacked_bars(
            "t",
            "10k CNY",
            &labels,
            &[Series {
                name: "direct",
                color: "#000",
                values: vec![651_412.0, 3919.2],
            }],
        );
        assert!(svg.contains(">651,400</text>"), "{svg}");
        assert!(svg.contains(">3,919</text>"), "{svg}");
        assert!(!svg.contains("e5<") && !svg.contains("e4<"), "{svg}");
    }

    #[test]
    fn the_rest_of_the_country_is_off_the_colour_scale() {
        let labels: Vec<String> = ["A", "B", "ROC"].iter().map(|s| s.to_string()).collect();
        // ROC's row (output appearing in the rest of the country) is 100x a city spillover.
        let m = vec![
            vec![1.0, 0.01, 0.0],
            vec![0.02, 1.0, 0.0],
            vec![2.0, 1.5, 1.0],
        ];
        let darkest = "fill=\"#08306b\"";
        let plain = heat_map("t", "u", &labels, &m);
        let apart = heat_map_scaled("t", "u", &labels, &m, &[false, false, true]);
        // On the common scale the largest city spillover (B <- A, 0.02) is all but white;
        // on the cities' own scale it is the darkest cell and ROC's cells are grey.
        let cell = |svg: &str, name: &str| {
            let i = svg.find(&format!("<title>{name}")).unwrap();
            svg[svg[..i].rfind("<rect").unwrap()..i].to_string()
        };
        assert!(!cell(&plain, "B &lt;- A").contains(darkest), "{plain}");
        assert!(cell(&apart, "B &lt;- A").contains(darkest), "{apart}");
        assert!(cell(&apart, "ROC &lt;- A").contains("#d9d9d9"), "{apart}");
        assert!(apart.contains("max 0.02000 between the cities"), "{apart}");
    }

    #[test]
    fn heat_map_cells_hold_their_labels_and_the_key_wraps_to_the_grid() {
        // 16 regions with 7-digit cell labels (0.0005491), as in the cluster report.
        let labels: Vec<String> = (0..16).map(|i| format!("CITY{i}")).collect();
        let m: Vec<Vec<f64>> = (0..16)
            .map(|i| {
                (0..16)
                    .map(|j| if i == j { 1.2 } else { 0.0005491 })
                    .collect()
            })
            .collect();
        let mut apart = vec![false; 16];
        apart[15] = true;
        let svg = heat_map_scaled(
            "Region x region output multipliers",
            "bn CNY/bn CNY",
            &labels,
            &m,
            &apart,
        );
        let cell: f64 = {
            let i = svg.find("<title>CITY0 &lt;- CITY1").unwrap();
            let r = &svg[svg[..i].rfind("<rect").unwrap()..i];
            let w = r.find("width=\"").unwrap() + 7;
            r[w..w + r[w..].find('"').unwrap()].parse().unwrap()
        };
        assert!(
            text_width("0.0005491", 10.0) + 8.0 <= cell,
            "cell {cell} px"
        );
        // The canvas is the grid (labels + cells + margin), not the key's one long line.
        let grid = 12.0 + text_width("CITY10", 11.0) + cell * 16.0 + 30.0;
        let w = canvas_width(&svg);
        assert!(w <= grid + 1.0, "canvas {w} px, grid {grid} px");
        assert!(
            svg.matches("fill=\"#444\"").count() >= 2,
            "the key wraps: {svg}"
        );
        assert_inside(&svg);
        // wrap keeps every word and never exceeds the width unless a word does.
        let lines = wrap("a bb ccc dddd eeeee", 10.0, 40.0);
        assert_eq!(lines.join(" "), "a bb ccc dddd eeeee");
        assert!(lines
            .iter()
            .all(|l| text_width(l, 10.0) <= 40.0 || !l.contains(' ')));
    }

    #[test]
    fn chinese_and_long_labels_fit_the_canvas() {
        // The old layout allowed 7.5 px per character: a 6-glyph Chinese name (72 px at
        // 12 px) got a 61 px margin and was clipped at the left.
        assert_eq!(text_width("西安", 12.0), 24.0);
        let labels: Vec<String> = ["西安市高新区", "咸阳", "Rest of China"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let series = [
            Series {
                name: "direct",
                color: "#000",
                values: vec![5.0, 1.0, 2.0],
            },
            Series {
                name: "indirect",
                color: "#111",
                values: vec![3.0, 0.5, 9.0],
            },
        ];
        let title =
            "a scenario whose description is a long sentence, longer than the bars are wide, \
                     as a briefing title often is";
        assert_inside(&stacked_bars(title, "万元 (10k CNY)", &labels, &series));
        let m = vec![
            vec![1.0, 0.1, 0.2],
            vec![0.3, 1.2, 0.1],
            vec![0.2, 0.1, 1.1],
        ];
        assert_inside(&heat_map(title, "万元/万元", &labels, &m));
        let bars = vec![TornadoBar {
            name: "西安市高新区 wage share".into(),
            rho: -0.4,
            variance_share: 0.2,
        }];
        assert_inside(&tornado(title, "subtitle", &bars));
    }
}
