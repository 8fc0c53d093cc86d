//! Matrix balancing: RAS (biproportional scaling) and GRAS (matrices with negative
//! cells), docs/methods.md 7.1 and 7.2.
//!
//! Both find `X` close to a prior `Z⁰` (minimum information) whose row sums are `u` and
//! column sums are `v`:
//!
//! * RAS: `X = r̂ Z⁰ ŝ` (Stone 1961; Bacharach 1970). Zeros stay zero, `Z⁰ ≥ 0`.
//! * GRAS: split `Z⁰ = P − N`; `X = r̂ P ŝ − r̂⁻¹ N ŝ⁻¹`, so every cell keeps its sign
//!   (Junius & Oosterhaven 2003, *ESR* 15(1); with the correction of Lenzen, Wood &
//!   Gallego 2007, *ESR* 19(4):461–465, for rows or columns without positive cells).
//!
//! Before iterating, the targets are checked for the infeasibilities that can be seen
//! directly (totals that differ, a zero row or column with a non-zero target, a positive
//! target on a row with no positive cell, ...). Infeasibility hidden in the zero pattern
//! (Bacharach's condition) shows as non-convergence, reported with the worst row or
//! column. The result carries the iteration count and the final gap.

use crate::error::{Error, Result};
use faer::{Mat, MatRef};

/// Which balancing method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Biproportional scaling; the prior must be non-negative.
    Ras,
    /// Generalized RAS; negative cells keep their sign.
    Gras,
}

impl Method {
    /// Name as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Method::Ras => "ras",
            Method::Gras => "gras",
        }
    }
}

/// Stopping rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BalanceOptions {
    /// Stop when the largest gap `|Σ_j x_ij − u_i|` and `|Σ_i x_ij − v_j|`, relative to
    /// `max(|target|, 1e-300)` (absolute for zero targets, relative to the largest
    /// target), is at most `tol`.
    pub tol: f64,
    /// Give up (with an error) after this many row+column sweeps.
    pub max_iter: usize,
}

impl Default for BalanceOptions {
    fn default() -> Self {
        BalanceOptions {
            tol: 1e-12,
            max_iter: 10_000,
        }
    }
}

/// A balanced matrix with the scaling factors and the convergence record.
#[derive(Debug, Clone)]
pub struct Balanced {
    /// The balanced matrix.
    pub x: Mat<f64>,
    /// Row factors r.
    pub r: Vec<f64>,
    /// Column factors s.
    pub s: Vec<f64>,
    /// Row+column sweeps done.
    pub iterations: usize,
    /// Final largest relative gap over rows and columns.
    pub gap: f64,
}

/// Balance `z0` to row totals `u` and column totals `v` with `method`.
/// `rows`/`cols` name the rows and columns in errors.
pub fn balance(
    method: Method,
    z0: MatRef<'_, f64>,
    u: &[f64],
    v: &[f64],
    rows: &[String],
    cols: &[String],
    opts: BalanceOptions,
) -> Result<Balanced> {
    match method {
        Method::Ras => ras(z0, u, v, rows, cols, opts),
        Method::Gras => gras(z0, u, v, rows, cols, opts),
    }
}

fn name(labels: &[String], i: usize) -> String {
    labels
        .get(i)
        .cloned()
        .unwrap_or_else(|| (i + 1).to_string())
}

fn check_shapes(
    z0: MatRef<'_, f64>,
    u: &[f64],
    v: &[f64],
    rows: &[String],
    cols: &[String],
) -> Result<()> {
    if u.len() != z0.nrows() || v.len() != z0.ncols() {
        return Err(Error::shape(
            "row and column totals",
            format!("{} and {}", u.len(), v.len()),
            format!(
                "{} and {} (the seed is {} x {})",
                z0.nrows(),
                z0.ncols(),
                z0.nrows(),
                z0.ncols()
            ),
        ));
    }
    for (i, &t) in u.iter().enumerate() {
        if !t.is_finite() {
            return Err(Error::bad_value(
                format!("row total of `{}`", name(rows, i)),
                t,
                "a finite number",
            ));
        }
    }
    for (j, &t) in v.iter().enumerate() {
        if !t.is_finite() {
            return Err(Error::bad_value(
                format!("column total of `{}`", name(cols, j)),
                t,
                "a finite number",
            ));
        }
    }
    let (su, sv) = (u.iter().sum::<f64>(), v.iter().sum::<f64>());
    let scale = su.abs().max(sv.abs()).max(f64::MIN_POSITIVE);
    if (su - sv).abs() > 1e-9 * scale {
        return Err(Error::conflict(
            "infeasible targets",
            format!(
                "row totals sum to {su} but column totals sum to {sv} \
                 (they must be equal; relative difference {:.3e})",
                (su - sv).abs() / scale
            ),
        ));
    }
    Ok(())
}

/// Largest relative gap of the margins of `x` against `u`, `v`, and where it is.
fn gap(x: MatRef<'_, f64>, u: &[f64], v: &[f64]) -> (f64, bool, usize) {
    let scale = u
        .iter()
        .chain(v)
        .fold(0.0f64, |m, t| m.max(t.abs()))
        .max(f64::MIN_POSITIVE);
    let rel = |s: f64, t: f64| {
        let d = (s - t).abs();
        if t != 0.0 {
            d / t.abs()
        } else {
            d / scale
        }
    };
    let mut worst = (0.0, true, 0);
    for (i, &t) in u.iter().enumerate() {
        let s: f64 = (0..x.ncols()).map(|j| x[(i, j)]).sum();
        let g = rel(s, t);
        if g > worst.0 {
            worst = (g, true, i);
        }
    }
    for (j, &t) in v.iter().enumerate() {
        let s: f64 = (0..x.nrows()).map(|i| x[(i, j)]).sum();
        let g = rel(s, t);
        if g > worst.0 {
            worst = (g, false, j);
        }
    }
    worst
}

fn not_converged(
    method: &str,
    opts: BalanceOptions,
    g: (f64, bool, usize),
    rows: &[String],
    cols: &[String],
) -> Error {
    let (what, label) = if g.1 {
        ("row", name(rows, g.2))
    } else {
        ("column", name(cols, g.2))
    };
    Error::Model(format!(
        "{method} did not converge after {} iterations: largest gap {:.3e} (tolerance {:.1e}) \
         at {what} `{label}`; the targets are probably infeasible for the zero pattern of \
         the seed (Bacharach 1970: some set of rows needs more than the columns it has \
         non-zero cells in can give)",
        opts.max_iter, g.0, opts.tol
    ))
}

/// RAS: `X = r̂ Z⁰ ŝ` with `X 1 = u`, `1'X = v` (docs/methods.md 7.1).
///
/// ```
/// use faer::mat;
/// let z0 = mat![[1.0, 2.0], [3.0, 4.0]];
/// let ids = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
/// let b = mrio::build::balance::ras(z0.as_ref(), &[4.0, 6.0], &[5.0, 5.0],
///     &ids(2), &ids(2), Default::default()).unwrap();
/// assert!((b.x[(0, 0)] + b.x[(0, 1)] - 4.0).abs() < 1e-12);
/// assert!((b.x[(0, 0)] + b.x[(1, 0)] - 5.0).abs() < 1e-12);
/// ```
pub fn ras(
    z0: MatRef<'_, f64>,
    u: &[f64],
    v: &[f64],
    rows: &[String],
    cols: &[String],
    opts: BalanceOptions,
) -> Result<Balanced> {
    check_shapes(z0, u, v, rows, cols)?;
    let (m, n) = (z0.nrows(), z0.ncols());
    for j in 0..n {
        for i in 0..m {
            let z = z0[(i, j)];
            if !z.is_finite() {
                return Err(Error::bad_value(
                    format!("seed cell (`{}`, `{}`)", name(rows, i), name(cols, j)),
                    z,
                    "a finite number",
                ));
            }
            if z < 0.0 {
                return Err(Error::Model(format!(
                    "seed cell (`{}`, `{}`) is negative ({z}): RAS needs a non-negative \
                     seed; use GRAS, which keeps the sign of negative cells",
                    name(rows, i),
                    name(cols, j)
                )));
            }
        }
    }
    for (i, &t) in u.iter().enumerate() {
        if t < 0.0 {
            return Err(Error::Model(format!(
                "row total of `{}` is negative ({t}): RAS needs non-negative totals; use GRAS",
                name(rows, i)
            )));
        }
        let s: f64 = (0..n).map(|j| z0[(i, j)]).sum();
        if s == 0.0 && t > 0.0 {
            return Err(Error::Model(format!(
                "infeasible targets: row `{}` of the seed is all zero but its target is {t} \
                 (scaling cannot create flows where the seed has none)",
                name(rows, i)
            )));
        }
    }
    for (j, &t) in v.iter().enumerate() {
        if t < 0.0 {
            return Err(Error::Model(format!(
                "column total of `{}` is negative ({t}): RAS needs non-negative totals; use GRAS",
                name(cols, j)
            )));
        }
        let s: f64 = (0..m).map(|i| z0[(i, j)]).sum();
        if s == 0.0 && t > 0.0 {
            return Err(Error::Model(format!(
                "infeasible targets: column `{}` of the seed is all zero but its target is {t} \
                 (scaling cannot create flows where the seed has none)",
                name(cols, j)
            )));
        }
    }
    let mut r = vec![1.0; m];
    let mut s = vec![1.0; n];
    let current = |r: &[f64], s: &[f64]| Mat::from_fn(m, n, |i, j| r[i] * z0[(i, j)] * s[j]);
    for it in 1..=opts.max_iter {
        for i in 0..m {
            let p: f64 = (0..n).map(|j| z0[(i, j)] * s[j]).sum();
            r[i] = if p > 0.0 { u[i] / p } else { 0.0 };
        }
        for j in 0..n {
            let p: f64 = (0..m).map(|i| r[i] * z0[(i, j)]).sum();
            s[j] = if p > 0.0 { v[j] / p } else { 0.0 };
        }
        let x = current(&r, &s);
        let g = gap(x.as_ref(), u, v);
        if g.0 <= opts.tol {
            return Ok(Balanced {
                x,
                r,
                s,
                iterations: it,
                gap: g.0,
            });
        }
        if it == opts.max_iter {
            return Err(not_converged("RAS", opts, g, rows, cols));
        }
    }
    Err(Error::bad_value("max_iter", opts.max_iter, "at least 1"))
}

/// The scale factor `z > 0` solving `z p − n / z = t` (Junius & Oosterhaven 2003), or
/// `−n / t` when `p = 0` (Lenzen, Wood & Gallego 2007). Zero when there is nothing to scale.
fn gras_factor(t: f64, p: f64, n: f64) -> f64 {
    if p > 0.0 {
        (t + (t * t + 4.0 * p * n).sqrt()) / (2.0 * p)
    } else if n > 0.0 {
        -n / t
    } else {
        0.0
    }
}

/// GRAS: `X = r̂ P ŝ − r̂⁻¹ N ŝ⁻¹` with `X 1 = u`, `1'X = v`, every cell keeping the
/// sign of the seed (docs/methods.md 7.2).
pub fn gras(
    z0: MatRef<'_, f64>,
    u: &[f64],
    v: &[f64],
    rows: &[String],
    cols: &[String],
    opts: BalanceOptions,
) -> Result<Balanced> {
    check_shapes(z0, u, v, rows, cols)?;
    let (m, n) = (z0.nrows(), z0.ncols());
    let mut p = Mat::<f64>::zeros(m, n);
    let mut q = Mat::<f64>::zeros(m, n);
    for j in 0..n {
        for i in 0..m {
            let z = z0[(i, j)];
            if !z.is_finite() {
                return Err(Error::bad_value(
                    format!("seed cell (`{}`, `{}`)", name(rows, i), name(cols, j)),
                    z,
                    "a finite number",
                ));
            }
            if z > 0.0 {
                p[(i, j)] = z;
            } else if z < 0.0 {
                q[(i, j)] = -z;
            }
        }
    }
    let sign_check = |what: &str, label: String, t: f64, pos: bool, neg: bool| -> Result<()> {
        let problem = if t > 0.0 && !pos {
            Some("is positive but it has no positive cell")
        } else if t < 0.0 && !neg {
            Some("is negative but it has no negative cell")
        } else if t == 0.0 && pos != neg {
            // Only one sign: the whole row/column must go to zero, which GRAS allows
            // only when it has positive cells (r or s -> 0); with only negative cells
            // the factor 1/r would blow up.
            if neg {
                Some("is zero but it has only negative cells")
            } else {
                None
            }
        } else {
            None
        };
        match problem {
            Some(p) => Err(Error::Model(format!(
                "infeasible targets: the target of {what} `{label}` ({t}) {p} \
                 (GRAS keeps the sign of every cell)"
            ))),
            None => Ok(()),
        }
    };
    for (i, &t) in u.iter().enumerate() {
        let pos = (0..n).any(|j| p[(i, j)] > 0.0);
        let neg = (0..n).any(|j| q[(i, j)] > 0.0);
        sign_check("row", name(rows, i), t, pos, neg)?;
    }
    for (j, &t) in v.iter().enumerate() {
        let pos = (0..m).any(|i| p[(i, j)] > 0.0);
        let neg = (0..m).any(|i| q[(i, j)] > 0.0);
        sign_check("column", name(cols, j), t, pos, neg)?;
    }
    let inv = |f: f64| if f > 0.0 { 1.0 / f } else { 0.0 };
    let mut r = vec![1.0; m];
    let mut s = vec![1.0; n];
    let current = |r: &[f64], s: &[f64]| {
        Mat::from_fn(m, n, |i, j| {
            let pos = if p[(i, j)] > 0.0 {
                r[i] * p[(i, j)] * s[j]
            } else {
                0.0
            };
            let neg = if q[(i, j)] > 0.0 {
                q[(i, j)] * inv(r[i]) * inv(s[j])
            } else {
                0.0
            };
            pos - neg
        })
    };
    for it in 1..=opts.max_iter {
        for i in 0..m {
            let pi: f64 = (0..n).map(|j| p[(i, j)] * s[j]).sum();
            let ni: f64 = (0..n).map(|j| q[(i, j)] * inv(s[j])).sum();
            r[i] = gras_factor(u[i], pi, ni);
        }
        for j in 0..n {
            let pj: f64 = (0..m).map(|i| p[(i, j)] * r[i]).sum();
            let nj: f64 = (0..m).map(|i| q[(i, j)] * inv(r[i])).sum();
            s[j] = gras_factor(v[j], pj, nj);
        }
        let x = current(&r, &s);
        let g = gap(x.as_ref(), u, v);
        if g.0 <= opts.tol {
            return Ok(Balanced {
                x,
                r,
                s,
                iterations: it,
                gap: g.0,
            });
        }
        if it == opts.max_iter {
            return Err(not_converged("GRAS", opts, g, rows, cols));
        }
    }
    Err(Error::bad_value("max_iter", opts.max_iter, "at least 1"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use faer::mat;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("s{i}")).collect()
    }

    #[test]
    fn gras_factor_solves_its_equation() {
        for &(t, p, n) in &[(5.0, 2.0, 3.0), (-1.0, 0.5, 4.0), (0.0, 1.0, 1.0)] {
            let z = gras_factor(t, p, n);
            assert!(z > 0.0);
            assert!((z * p - n / z - t).abs() < 1e-12);
        }
        // No positive part: z = -n / t solves -n / z = t.
        let z = gras_factor(-2.0, 0.0, 4.0);
        assert!((-4.0 / z - (-2.0)).abs() < 1e-15);
    }

    #[test]
    fn ras_rejects_zero_row_with_positive_target() {
        let z0 = mat![[0.0, 0.0], [1.0, 1.0]];
        let e = ras(
            z0.as_ref(),
            &[1.0, 1.0],
            &[1.0, 1.0],
            &ids(2),
            &ids(2),
            Default::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("row `s0`") && e.contains("all zero"), "{e}");
    }
}
