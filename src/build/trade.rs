//! Interregional trade and the Chenery–Moses assembly (docs/methods.md 4.2, 6.3, 6.4).
//!
//! * Self-supply of a region, from the location-quotient step ([`lq_self_supply`]) or
//!   from CHARM's cross-hauling estimate ([`charm`], Kronenberg 2009).
//! * The remainder is shipped between regions by a doubly-constrained gravity model
//!   ([`gravity`]): `t^{rs} = α_r β_s O_r D_s f(d_rs)`, `f(d) = d^{−γ}` or `exp(−γ d)`,
//!   with `α, β` found by RAS so that rows sum to the supply offered `O` and columns to
//!   the demand to be met `D` (it *is* RAS on the seed `O_r D_s f(d_rs)`).
//! * Trade coefficients `c^{rs}_i = t^{rs}_i / Σ_q t^{qs}_i` and the multiregional
//!   model `x = C(Ã x + y) + e ⇒ x = (I − C Ã)⁻¹ (C y + e)` ([`chenery_moses`];
//!   Chenery 1953, Moses 1955), with `Ã` block-diagonal regional technology and `e`
//!   foreign exports, shipped by the producing region.

use super::balance::{ras, BalanceOptions};
use crate::error::{Error, Result};
use faer::{Mat, MatRef};

/// Distance-decay function of the gravity model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decay {
    /// `f(d) = d^{−γ}`.
    Power,
    /// `f(d) = exp(−γ d)` (d in km).
    Exp,
}

impl Decay {
    /// `f(d)`.
    pub fn f(self, d: f64, gamma: f64) -> f64 {
        match self {
            Decay::Power => d.powf(-gamma),
            Decay::Exp => (-gamma * d).exp(),
        }
    }
    /// Name used in recipes.
    pub fn name(self) -> &'static str {
        match self {
            Decay::Power => "power",
            Decay::Exp => "exp",
        }
    }
}

/// Parameters of the gravity model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GravityParams {
    /// Distance-decay function.
    pub decay: Decay,
    /// Distance-decay exponent γ (>= 0).
    pub gamma: f64,
    /// Stopping rule of the RAS that finds α and β.
    pub balance: BalanceOptions,
}

/// Result of a gravity allocation.
#[derive(Debug, Clone)]
pub struct Gravity {
    /// Shipments `t^{rs}` (origin × destination).
    pub t: Mat<f64>,
    /// RAS sweeps used.
    pub iterations: usize,
    /// Final relative gap.
    pub gap: f64,
}

/// Doubly-constrained gravity: shipments `t^{rs}` with `Σ_s t^{rs} = O_r`,
/// `Σ_r t^{rs} = D_s`, seed `O_r D_s f(d_rs)` on the cells where `allowed[(r,s)]`
/// (zero elsewhere, e.g. the diagonal when self-supply was set beforehand).
/// `dist` is in km and must be positive on allowed cells. `regions` name rows in errors.
pub fn gravity(
    o: &[f64],
    d: &[f64],
    dist: MatRef<'_, f64>,
    allowed: &dyn Fn(usize, usize) -> bool,
    params: GravityParams,
    regions: &[String],
) -> Result<Gravity> {
    let GravityParams {
        decay,
        gamma,
        balance: opts,
    } = params;
    let r = o.len();
    if d.len() != r || dist.nrows() != r || dist.ncols() != r {
        return Err(Error::shape(
            "gravity: supply, demand and distances",
            format!(
                "{r}, {} and {} x {} regions",
                d.len(),
                dist.nrows(),
                dist.ncols()
            ),
            "the same regions in each",
        ));
    }
    if !(gamma.is_finite() && gamma >= 0.0) {
        return Err(Error::bad_value(
            "distance-decay exponent gamma",
            gamma,
            "a finite number >= 0",
        ));
    }
    let mut seed = Mat::<f64>::zeros(r, r);
    for s in 0..r {
        for q in 0..r {
            if !allowed(q, s) {
                continue;
            }
            let km = dist[(q, s)];
            if !(km.is_finite() && km > 0.0) {
                return Err(Error::bad_value(
                    format!("distance from `{}` to `{}`", regions[q], regions[s]),
                    format!("{km} km"),
                    "a positive number",
                ));
            }
            seed[(q, s)] = o[q] * d[s] * decay.f(km, gamma);
        }
    }
    let b = ras(seed.as_ref(), o, d, regions, regions, opts)
        .map_err(|e| Error::Model(format!("gravity allocation failed: {e}")))?;
    Ok(Gravity {
        t: b.x,
        iterations: b.iterations,
        gap: b.gap,
    })
}

/// Self-supply from location quotients: intermediate users take `a^r_ij x^r_j`
/// (regionalized coefficients) from their own region, final users `rpc_i · y^r_i`; the
/// total is capped by the region's output available for domestic use.
///
/// Returns `(t_rr, use)`: self-supplied amount and total domestic use per good.
pub fn lq_self_supply(
    a_parent: MatRef<'_, f64>,
    a_regional: MatRef<'_, f64>,
    x: &[f64],
    y: &[f64],
    rpc: &[f64],
    supply: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    let n = x.len();
    let mut t = vec![0.0; n];
    let mut u = vec![0.0; n];
    for i in 0..n {
        let own: f64 = (0..n).map(|j| a_regional[(i, j)] * x[j]).sum::<f64>() + rpc[i] * y[i];
        let all: f64 = (0..n).map(|j| a_parent[(i, j)] * x[j]).sum::<f64>() + y[i];
        u[i] = all;
        t[i] = own.min(supply[i]).min(all).max(0.0);
    }
    (t, u)
}

/// CHARM regional exports and imports for one region (Kronenberg 2009; docs/methods.md 6.3).
///
/// Inputs per good, all on the parent's basis *including* imports: parent output
/// `x_n`, intermediate use `z_n`, domestic final use `d_n`, exports `e_n`, imports
/// `m_n`; regional output `x_r`, intermediate use `z_r`, final use `d_r`.
/// Heterogeneity `h = q^n / (x^n + z^n + d^n)` with cross-hauling `q = v − |b|`,
/// `v = e + m`; regional `q^r = h (x^r + z^r + d^r)`, `b^r = x^r − z^r − d^r`,
/// `v^r = |b^r| + q^r`, exports `(v^r + b^r)/2`, imports `(v^r − b^r)/2`.
/// Returns `(exports, imports)`.
#[allow(clippy::too_many_arguments)]
pub fn charm(
    x_n: &[f64],
    z_n: &[f64],
    d_n: &[f64],
    e_n: &[f64],
    m_n: &[f64],
    x_r: &[f64],
    z_r: &[f64],
    d_r: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    let n = x_n.len();
    let mut ex = vec![0.0; n];
    let mut im = vec![0.0; n];
    for i in 0..n {
        let v = e_n[i] + m_n[i];
        let b = e_n[i] - m_n[i];
        let q = (v - b.abs()).max(0.0);
        let base = x_n[i] + z_n[i] + d_n[i];
        let h = if base > 0.0 { q / base } else { 0.0 };
        let br = x_r[i] - z_r[i] - d_r[i];
        let qr = h * (x_r[i] + z_r[i] + d_r[i]);
        let vr = br.abs() + qr;
        ex[i] = (vr + br) / 2.0;
        im[i] = (vr - br) / 2.0;
    }
    (ex, im)
}

/// A multiregional table assembled by Chenery–Moses.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// `Z = C Ã x̂` (N × N).
    pub z: Mat<f64>,
    /// Located final demand shipped by `C`: one column per (region, category),
    /// region-major, then the foreign-export column.
    pub y: Mat<f64>,
    /// Output `x = (I − CÃ)⁻¹ (C y + e)`.
    pub x: Vec<f64>,
    /// Trade coefficients `C` stored as `c[(r*n+i, s)] = c^{rs}_i`.
    pub c: Mat<f64>,
    /// Relative residual of the solve.
    pub residual: f64,
}

/// Chenery–Moses assembly. `a[s]` is region s's technology (n × n, domestic inputs
/// from any region), `t[i]` the R × R shipments of good i (origin × destination,
/// diagonal = self-supply), `y[s]` region s's located final demand (n × K categories),
/// `e` foreign exports by (region, good) stacked. `ids` name the N entries.
pub fn chenery_moses(
    a: &[Mat<f64>],
    t: &[Mat<f64>],
    y: &[Mat<f64>],
    e: &[f64],
    ids: &[String],
) -> Result<Assembled> {
    let nr = a.len();
    let n = t.len();
    let big = nr * n;
    let k = y.first().map(|m| m.ncols()).unwrap_or(0);
    // Trade coefficients c^{rs}_i = t^{rs}_i / Σ_q t^{qs}_i.
    let mut c = Mat::<f64>::zeros(big, nr);
    for (i, ti) in t.iter().enumerate() {
        for s in 0..nr {
            let col: f64 = (0..nr).map(|q| ti[(q, s)]).sum();
            for r in 0..nr {
                c[(r * n + i, s)] = if col > 0.0 {
                    ti[(r, s)] / col
                } else if r == s {
                    1.0
                } else {
                    0.0
                };
            }
        }
    }
    // C Ã: block (r, s) = diag(c^{rs}) A^s.
    let ca = Mat::from_fn(big, big, |p, q| {
        let (r, i) = (p / n, p % n);
        let (s, j) = (q / n, q % n);
        c[(r * n + i, s)] * a[s][(i, j)]
    });
    // Right-hand side C y + e.
    let ny = nr * k + 1;
    let mut ylocated = Mat::<f64>::zeros(big, ny);
    for p in 0..big {
        let (r, i) = (p / n, p % n);
        for s in 0..nr {
            for kk in 0..k {
                ylocated[(p, s * k + kk)] = c[(r * n + i, s)] * y[s][(i, kk)];
            }
        }
        ylocated[(p, nr * k)] = e[p];
    }
    let f: Vec<f64> = (0..big)
        .map(|p| (0..ny).map(|kk| ylocated[(p, kk)]).sum())
        .collect();
    let model = crate::model::Leontief::new(ca, ids.to_vec())?;
    let sol = model.solve(&f)?;
    let x = sol.value;
    let ca = model.a();
    let z = Mat::from_fn(big, big, |p, q| ca[(p, q)] * x[q]);
    Ok(Assembled {
        z,
        y: ylocated,
        x,
        c,
        residual: sol.residual,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charm_exports_minus_imports_is_the_balance() {
        // docs/methods.md 6.3 / check_formulas.py CHARM example.
        let (e, m) = charm(
            &[100.0, 80.0],
            &[60.0, 50.0],
            &[30.0, 40.0],
            &[35.0, 20.0],
            &[25.0, 30.0],
            &[10.0, 9.0],
            &[7.0, 4.0],
            &[4.0, 6.0],
        );
        for i in 0..2 {
            let b = [10.0 - 7.0 - 4.0, 9.0 - 4.0 - 6.0][i];
            assert!((e[i] - m[i] - b).abs() < 1e-12);
            assert!(e[i] >= 0.0 && m[i] >= 0.0);
        }
    }
}
