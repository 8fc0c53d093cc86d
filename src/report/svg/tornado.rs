//! The tornado chart of an ensemble's inputs.

use super::esc;
use super::text::{longest, text_fits, text_width};

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
