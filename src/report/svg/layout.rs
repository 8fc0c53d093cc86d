//! The texts of a chart as the real fonts lay them out: each text's ink box (a
//! quadrilateral in canvas coordinates, rotated with the text), and the layout problems
//! a printed report must not have: a text outside the canvas, two texts overlapping, a
//! glyph no installed font has.

use super::png::tree;
use crate::error::Result;
use resvg::usvg::{self, Node};

/// A text and the four corners of its ink box in canvas coordinates.
#[derive(Debug, Clone)]
pub struct TextBox {
    /// The text.
    pub text: String,
    /// Corners (x, y), in order around the box.
    pub corners: [(f32, f32); 4],
    /// Characters drawn with no font's glyph (the missing-glyph box).
    pub missing: Vec<char>,
}

/// Canvas size and the boxes of every text of `svg`.
pub fn text_boxes(name: &str, svg: &str) -> Result<((f32, f32), Vec<TextBox>)> {
    let t = tree(name, svg)?;
    let mut out = Vec::new();
    collect(t.root(), &mut out);
    Ok(((t.size().width(), t.size().height()), out))
}

fn collect(g: &usvg::Group, out: &mut Vec<TextBox>) {
    for n in g.children() {
        match n {
            Node::Group(g) => collect(g, out),
            Node::Text(t) => {
                let b = t.bounding_box();
                let ts = t.abs_transform();
                let corner = |x: f32, y: f32| {
                    let mut p = [resvg::tiny_skia::Point::from_xy(x, y)];
                    ts.map_points(&mut p);
                    (p[0].x, p[0].y)
                };
                let missing = t
                    .layouted()
                    .iter()
                    .flat_map(|s| s.positioned_glyphs.iter())
                    .filter(|g| g.id.0 == 0)
                    .flat_map(|g| g.text.chars())
                    .collect();
                out.push(TextBox {
                    text: t.chunks().iter().map(|c| c.text()).collect(),
                    corners: [
                        corner(b.left(), b.top()),
                        corner(b.right(), b.top()),
                        corner(b.right(), b.bottom()),
                        corner(b.left(), b.bottom()),
                    ],
                    missing,
                });
            }
            _ => {}
        }
    }
}

/// Whether two convex quadrilaterals overlap by more than `tol` px along every axis
/// (separating axis test on the edges of both).
fn overlap(a: &[(f32, f32); 4], b: &[(f32, f32); 4], tol: f32) -> bool {
    for q in [a, b] {
        for i in 0..4 {
            let (p, r) = (q[i], q[(i + 1) % 4]);
            let (nx, ny) = (r.1 - p.1, p.0 - r.0);
            let len = (nx * nx + ny * ny).sqrt();
            if len == 0.0 {
                continue;
            }
            let proj = |c: &[(f32, f32); 4]| {
                c.iter()
                    .map(|&(x, y)| (x * nx + y * ny) / len)
                    .fold((f32::MAX, f32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
            };
            let (a0, a1) = proj(a);
            let (b0, b1) = proj(b);
            if a1.min(b1) - a0.max(b0) <= tol {
                return false;
            }
        }
    }
    true
}

/// Every layout problem of a chart, one line each (empty when it prints cleanly).
pub fn layout_problems(name: &str, svg: &str) -> Result<Vec<String>> {
    let ((w, h), boxes) = text_boxes(name, svg)?;
    let mut out = Vec::new();
    for b in &boxes {
        if b.corners
            .iter()
            .any(|&(x, y)| x < 0.0 || y < 0.0 || x > w || y > h)
        {
            out.push(format!(
                "{name}: `{}` reaches outside the {w} x {h} canvas ({:?})",
                b.text, b.corners
            ));
        }
        if !b.missing.is_empty() {
            out.push(format!(
                "{name}: `{}`: no installed font has a glyph for {:?}",
                b.text, b.missing
            ));
        }
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if overlap(&a.corners, &b.corners, 0.5) {
                out.push(format!("{name}: `{}` overlaps `{}`", a.text, b.text));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::overlap;

    #[test]
    fn rotated_neighbours_do_not_overlap_but_crossing_boxes_do() {
        let r = |x0: f32, y0: f32, x1: f32, y1: f32| [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
        assert!(overlap(&r(0., 0., 10., 10.), &r(5., 5., 15., 15.), 0.5));
        assert!(!overlap(&r(0., 0., 10., 10.), &r(10.2, 0., 20., 10.), 0.5));
        // Two thin boxes rotated 45 degrees, side by side: their axis-aligned boxes
        // overlap, the boxes themselves do not.
        let d = |o: f32| [(o, 0.), (o + 10., -10.), (o + 12., -8.), (o + 2., 2.)];
        assert!(!overlap(&d(0.), &d(4.), 0.5));
        assert!(overlap(&d(0.), &d(1.), 0.5));
    }
}
