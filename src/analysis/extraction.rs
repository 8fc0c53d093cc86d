//! Hypothetical extraction (docs/methods.md 3.4): how much output is lost if a sector, a group
//! of sectors or a region's links "disappear".
//!
//! | target | mode | what is removed |
//! |---|---|---|
//! | sectors T | `Total` | rows and columns T of A and the final demand for T (Strassert 1968; Schultz 1977); with `keep_final_demand` the final demand stays (Cella 1984) |
//! | sectors T | `Backward` | columns T of A: T buys nothing from the system (Dietzenbacher & van der Linden 1997) |
//! | sectors T | `Forward` | rows T of the allocation matrix B: T sells nothing to the system, Ghosh model `x̄' = v'(I − B̄)⁻¹` |
//! | region r | `Backward` | `A^{sr}`, s ≠ r: r's purchases from other regions (Dietzenbacher, van der Linden & Steenge 1993) |
//! | region r | `Forward` | `A^{rs}`, s ≠ r: r's sales to other regions |
//! | region r | `Total` | both |
//!
//! Partial extraction (Miller & Lahr 2001): with `alpha < 1` the removed coefficients
//! (and final demand) are scaled by `1 − alpha` instead of zeroed.
//!
//! Every extraction is a low-rank change `Ā = A − U V'` of the one factored model, so
//! the extracted output comes from the Woodbury identity
//! `x̄ = y − (L U)(I + V' L U)⁻¹ V' y`, `y = L f̄` — a handful of solves on the existing
//! LU per target, no refactorization. The loss is `1'x − 1'x̄`, against the model's own
//! baseline `x = L f` (Ghosh: `x' = v'G` with `v' = x' − 1'Z`, i.e. the table's x).

use crate::error::{Error, Result};
use crate::model::{allocation_coefficients, check_productive, Factored, Leontief};
use crate::table::IoTable;
use faer::linalg::solvers::{PartialPivLu, Solve};
use faer::{Mat, MatRef};

/// What is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Purchases and sales (and, for sectors, final demand).
    #[default]
    Total,
    /// Purchases only.
    Backward,
    /// Sales only.
    Forward,
}

/// What is extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A group of (region, sector) positions, extracted together.
    Sectors(Vec<usize>),
    /// A region's links with the other regions.
    Region(String),
}

/// Options of an extraction.
#[derive(Debug, Clone, Copy)]
pub struct ExtractOptions {
    /// What is removed.
    pub mode: Mode,
    /// Share of the selected coefficients removed (1 = full extraction).
    pub alpha: f64,
    /// Total extraction of sectors keeps their final demand (Cella 1984).
    pub keep_final_demand: bool,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            mode: Mode::Total,
            alpha: 1.0,
            keep_final_demand: false,
        }
    }
}

/// Result of one extraction.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The target, as given.
    pub target: Target,
    /// Baseline output (N).
    pub x_before: Vec<f64>,
    /// Output after the extraction (N).
    pub x_after: Vec<f64>,
    /// Output lost, `1'x − 1'x̄` (table unit).
    pub loss: f64,
    /// Loss as a share of total baseline output.
    pub loss_share: f64,
    /// Part of the loss in the target's own sectors (the region's sectors for a
    /// regional extraction).
    pub loss_in_target: f64,
    /// Part of the loss in all other sectors.
    pub loss_elsewhere: f64,
    /// Largest relative residual of the solves.
    pub residual: f64,
}

/// Extractions on one factored model. The Ghosh factorization for forward sector
/// extractions is built on first use.
#[derive(Debug)]
pub struct Extractor<'a> {
    model: &'a Leontief,
    table: &'a IoTable,
    f: Vec<f64>,
    x0: Vec<f64>,
    ghosh: Option<(Mat<f64>, Factored)>,
    residual: f64,
}

impl<'a> Extractor<'a> {
    /// Baseline `x = L f` with `f = Y 1` (one solve).
    pub fn new(model: &'a Leontief, table: &'a IoTable) -> Result<Self> {
        if table.len() != model.n() {
            return Err(Error::shape(
                "table",
                format!("{} sectors", table.len()),
                format!("{} (the model's sectors)", model.n()),
            ));
        }
        let f = table.final_demand();
        let x0 = model.solve(&f)?;
        Ok(Extractor {
            model,
            table,
            f,
            x0: x0.value,
            ghosh: None,
            residual: x0.residual,
        })
    }

    /// Baseline output of the Leontief model.
    pub fn baseline(&self) -> &[f64] {
        &self.x0
    }

    fn positions_of_region(&self, r: &str) -> Result<Vec<usize>> {
        let p = self.table.index.positions_in_region(r);
        if p.is_empty() {
            return Err(Error::unknown(
                "the table",
                "region",
                r,
                format!(
                    "expected one of {}",
                    self.table.index.region_list().join(", ")
                ),
            ));
        }
        Ok(p)
    }

    /// Extract one target.
    pub fn extract(&mut self, target: &Target, opts: &ExtractOptions) -> Result<Extraction> {
        let n = self.model.n();
        let alpha = opts.alpha;
        if !(alpha.is_finite() && alpha > 0.0 && alpha <= 1.0) {
            return Err(Error::bad_value(
                "alpha",
                alpha,
                "a number in (0, 1] (1 = full extraction)",
            ));
        }
        let a = self.model.a();
        let (set, x_before, x_after, residual) = match target {
            Target::Sectors(t) => {
                let set = check_set(t, n)?;
                let in_t = member(&set, n);
                match opts.mode {
                    Mode::Backward => {
                        let u = Mat::from_fn(n, set.len(), |i, k| alpha * a[(i, set[k])]);
                        let v = unit_cols(&set, n);
                        let (x, r) = self.leontief_update(u, v, &self.f.clone())?;
                        (set, self.x0.clone(), x, r)
                    }
                    Mode::Total => {
                        let k = set.len();
                        // Rows T (all columns) plus columns T (rows outside T).
                        let u = Mat::from_fn(n, 2 * k, |i, c| {
                            if c < k {
                                if i == set[c] {
                                    1.0
                                } else {
                                    0.0
                                }
                            } else if in_t[i] {
                                0.0
                            } else {
                                alpha * a[(i, set[c - k])]
                            }
                        });
                        let v = Mat::from_fn(n, 2 * k, |j, c| {
                            if c < k {
                                alpha * a[(set[c], j)]
                            } else if j == set[c - k] {
                                1.0
                            } else {
                                0.0
                            }
                        });
                        let mut f = self.f.clone();
                        if !opts.keep_final_demand {
                            for &i in &set {
                                f[i] *= 1.0 - alpha;
                            }
                        }
                        let (x, r) = self.leontief_update(u, v, &f)?;
                        (set, self.x0.clone(), x, r)
                    }
                    Mode::Forward => {
                        let (x0, x, r) = self.ghosh_forward(&set, alpha)?;
                        (set, x0, x, r)
                    }
                }
            }
            Target::Region(r) => {
                let set = self.positions_of_region(r)?;
                let in_r = member(&set, n);
                let k = set.len();
                // Backward block: rows outside r, columns in r. Forward: rows in r,
                // columns outside r.
                let back_u = |i: usize, c: usize| {
                    if in_r[i] {
                        0.0
                    } else {
                        alpha * a[(i, set[c])]
                    }
                };
                let fwd_v = |j: usize, c: usize| {
                    if in_r[j] {
                        0.0
                    } else {
                        alpha * a[(set[c], j)]
                    }
                };
                let unit = |i: usize, c: usize| if i == set[c] { 1.0 } else { 0.0 };
                let (u, v) =
                    match opts.mode {
                        Mode::Backward => (Mat::from_fn(n, k, back_u), Mat::from_fn(n, k, unit)),
                        Mode::Forward => (Mat::from_fn(n, k, unit), Mat::from_fn(n, k, fwd_v)),
                        Mode::Total => (
                            Mat::from_fn(n, 2 * k, |i, c| {
                                if c < k {
                                    back_u(i, c)
                                } else {
                                    unit(i, c - k)
                                }
                            }),
                            Mat::from_fn(n, 2 * k, |j, c| {
                                if c < k {
                                    unit(j, c)
                                } else {
                                    fwd_v(j, c - k)
                                }
                            }),
                        ),
                    };
                let (x, res) = self.leontief_update(u, v, &self.f.clone())?;
                (set, self.x0.clone(), x, res)
            }
        };
        self.residual = self.residual.max(residual);
        let before: f64 = x_before.iter().sum();
        let after: f64 = x_after.iter().sum();
        let own: f64 = set.iter().map(|&i| x_before[i] - x_after[i]).sum();
        let loss = before - after;
        Ok(Extraction {
            target: target.clone(),
            loss,
            loss_share: if before != 0.0 {
                loss / before
            } else {
                f64::NAN
            },
            loss_in_target: own,
            loss_elsewhere: loss - own,
            x_before,
            x_after,
            residual: self.residual,
        })
    }

    /// Extract every sector on its own.
    pub fn all_sectors(&mut self, opts: &ExtractOptions) -> Result<Vec<Extraction>> {
        (0..self.model.n())
            .map(|i| self.extract(&Target::Sectors(vec![i]), opts))
            .collect()
    }

    /// Extract every region's interregional links on their own.
    pub fn all_regions(&mut self, opts: &ExtractOptions) -> Result<Vec<Extraction>> {
        let regions = self.table.index.region_list().to_vec();
        regions
            .iter()
            .map(|r| self.extract(&Target::Region(r.clone()), opts))
            .collect()
    }

    /// `x̄ = (I − A + U V')⁻¹ f̄` by Woodbury on the Leontief LU.
    fn leontief_update(&self, u: Mat<f64>, v: Mat<f64>, f: &[f64]) -> Result<(Vec<f64>, f64)> {
        let n = self.model.n();
        let k = u.ncols();
        let rhs = Mat::from_fn(n, k + 1, |i, c| if c < k { u[(i, c)] } else { f[i] });
        let s = self.model.solve_batch(rhs.as_ref())?;
        let x = woodbury(s.value.as_ref(), v.as_ref())?;
        Ok((x, s.residual))
    }

    /// Ghosh forward extraction: zero (scale) rows T of B; `(I − B̄)' x̄ = v`.
    fn ghosh_forward(&mut self, set: &[usize], alpha: f64) -> Result<(Vec<f64>, Vec<f64>, f64)> {
        let n = self.model.n();
        if self.ghosh.is_none() {
            let ids = self.table.index.ids();
            let b = allocation_coefficients(
                self.table.z.as_ref(),
                &self.table.x,
                ids,
                Default::default(),
            )?;
            check_productive(b.transpose(), ids)?;
            let lu = Factored::identity_minus(b.as_ref(), ids)?;
            self.ghosh = Some((b, lu));
        }
        let (b, lu) = self.ghosh.as_ref().expect("built above");
        let x = &self.table.x;
        // v' = x'(I − B): primary inputs implied by the table's x, so that x' = v'G.
        let v: Vec<f64> = (0..n)
            .map(|j| x[j] - (0..n).map(|i| x[i] * b[(i, j)]).sum::<f64>())
            .collect();
        let k = set.len();
        // (I − B̄)' = (I − B)' + U V' with U = alpha B[T,:]', V = E_T.
        let rhs = Mat::from_fn(
            n,
            k + 1,
            |j, c| if c < k { alpha * b[(set[c], j)] } else { v[j] },
        );
        let s = lu.solve_transpose(rhs.as_ref())?;
        let vmat = unit_cols(set, n);
        let xa = woodbury(s.value.as_ref(), vmat.as_ref())?;
        let x0: Vec<f64> = (0..n).map(|i| s.value[(i, k)]).collect();
        Ok((x0, xa, s.residual))
    }
}

/// Given `S = [P | y]` (P = M⁻¹U, y = M⁻¹f) and V, return `y − P (I + V'P)⁻¹ V'y`.
fn woodbury(s: MatRef<'_, f64>, v: MatRef<'_, f64>) -> Result<Vec<f64>> {
    let n = s.nrows();
    let k = s.ncols() - 1;
    let p = s.subcols(0, k);
    let y = s.col(k);
    let c = Mat::from_fn(k, k, |r, q| {
        let d = if r == q { 1.0 } else { 0.0 };
        d + (0..n).map(|i| v[(i, r)] * p[(i, q)]).sum::<f64>()
    });
    let vy = Mat::from_fn(k, 1, |r, _| (0..n).map(|i| v[(i, r)] * y[i]).sum::<f64>());
    let lu = PartialPivLu::new(c.as_ref());
    let z = lu.solve(vy.as_ref());
    if (0..k).any(|r| !z[(r, 0)].is_finite()) {
        return Err(Error::Singular(
            "the system after extraction is singular (the removed links close a loop)".into(),
        ));
    }
    Ok((0..n)
        .map(|i| y[i] - (0..k).map(|r| p[(i, r)] * z[(r, 0)]).sum::<f64>())
        .collect())
}

fn unit_cols(set: &[usize], n: usize) -> Mat<f64> {
    Mat::from_fn(n, set.len(), |i, c| if i == set[c] { 1.0 } else { 0.0 })
}

fn member(set: &[usize], n: usize) -> Vec<bool> {
    let mut m = vec![false; n];
    for &i in set {
        m[i] = true;
    }
    m
}

fn check_set(t: &[usize], n: usize) -> Result<Vec<usize>> {
    if t.is_empty() {
        return Err(Error::shape(
            "sectors to extract",
            "none",
            "at least one sector",
        ));
    }
    let mut s = t.to_vec();
    s.sort_unstable();
    s.dedup();
    if let Some(&bad) = s.iter().find(|&&i| i >= n) {
        return Err(Error::bad_value(
            "sector position",
            bad,
            format!("a position below {n} (the table's sector count)"),
        ));
    }
    Ok(s)
}
