//! Text measurement for chart layout: a conservative estimate of a label's width (an
//! upper bound on DejaVu Sans, Liberation Sans and WenQuanYi Micro Hei, checked against
//! the real fonts by `tests/charts_render.rs`), and line wrapping.

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

pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The canvas width that fits `s` drawn at x = 10 with 10 px to spare (`size` scaled up
/// by the caller for bold text).
pub fn text_fits(s: &str, size: f64) -> f64 {
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

pub fn longest(labels: impl Iterator<Item = f64>) -> f64 {
    labels.fold(0.0, f64::max)
}
