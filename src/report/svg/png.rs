//! Charts to PNG with resvg, with the fonts installed on the machine (DejaVu Sans or
//! Liberation Sans for Latin text; any installed font with the glyphs, e.g. WenQuanYi
//! Micro Hei, for Chinese names).

use crate::error::{Error, Result};
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, OnceLock};

/// Pixels per SVG unit in the PNG: 2, so a 700-unit chart prints 7 inches wide at 200 dpi.
pub const PNG_SCALE: f32 = 2.0;

/// The system fonts, loaded once; `sans-serif` is the first of DejaVu Sans, Liberation
/// Sans, Arial, Noto Sans that is installed.
pub fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let families: Vec<String> = db
            .faces()
            .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
            .collect();
        if let Some(f) = ["DejaVu Sans", "Liberation Sans", "Arial", "Noto Sans"]
            .iter()
            .find(|f| families.iter().any(|n| n == *f))
        {
            db.set_sans_serif_family(*f);
        }
        Arc::new(db)
    })
    .clone()
}

/// Whether any font is installed (without one, PNG charts would have no text).
pub fn have_fonts() -> bool {
    !fonts().is_empty()
}

/// Parse a chart with the system fonts (texts laid out).
pub fn tree(name: &str, svg: &str) -> Result<usvg::Tree> {
    let opt = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &opt).map_err(|e| Error::Model(format!("chart {name}: {e}")))
}

/// The PNG of a chart, [`PNG_SCALE`] pixels per SVG unit.
pub fn png(name: &str, svg: &str) -> Result<Vec<u8>> {
    let t = tree(name, svg)?;
    let size = t
        .size()
        .to_int_size()
        .scale_by(PNG_SCALE)
        .ok_or_else(|| Error::Model(format!("chart {name}: the canvas has no area")))?;
    let mut pix = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| Error::Model(format!("chart {name}: the canvas has no area")))?;
    resvg::render(
        &t,
        resvg::tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
        &mut pix.as_mut(),
    );
    pix.encode_png()
        .map_err(|e| Error::Model(format!("chart {name}: PNG encoding failed: {e}")))
}

/// Add a PNG beside every `.svg` of a report's files (same name, `.png`); returns how
/// many, 0 when no font is installed (the PNGs would have no text; the SVGs stand).
pub fn add_pngs(files: &mut Vec<(String, Vec<u8>)>) -> Result<usize> {
    if !have_fonts() {
        return Ok(0);
    }
    let mut pngs = Vec::new();
    for (name, bytes) in files.iter() {
        if let Some(stem) = name.strip_suffix(".svg") {
            let svg = String::from_utf8_lossy(bytes);
            pngs.push((format!("{stem}.png"), png(name, &svg)?));
        }
    }
    let n = pngs.len();
    files.extend(pngs);
    Ok(n)
}
