//! SVG charts written as text: horizontal stacked bars (with whiskers and panels),
//! the region x region heat map and the tornado chart. Every chart carries its title
//! and unit; [`png`] rasterizes them with resvg and [`layout`] measures their texts
//! with the real fonts.

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

mod bars;
mod heat;
pub mod layout;
pub mod png;
pub mod text;
mod tornado;

pub use bars::*;
pub use heat::*;
pub use text::{text_width, wrap};
pub use tornado::*;

#[cfg(test)]
mod tests;
