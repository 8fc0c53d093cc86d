//! Steps 6 and 7 of the pipeline: each listed region's self-supply (location
//! quotients or CHARM) and the gravity shipments of what remains.

use super::parent::{Coefficients, Parent};
use super::recipe::{Regionalize, SelfSupply, Trade};
use super::regions::{LocatedDemand, Regional};
use super::{balance, regionalize, trade};
use crate::error::{Error, Result};
use faer::Mat;

/// Supply offered and use to be met, by region and good.
#[derive(Debug, Clone)]
pub struct Margins {
    /// Output available for domestic use `x^r_i − e^r_i` (≥ 0).
    pub supply: Vec<Vec<f64>>,
    /// Domestic use of the good in the region: `Σ_j a^n_ij x^r_j + y^r_i`.
    pub use_: Vec<Vec<f64>>,
}

/// Supply and use margins of every region.
pub fn margins(coef: &Coefficients, reg: &Regional, fd: &LocatedDemand) -> Margins {
    let n = coef.sectors.len();
    let nr = reg.len();
    let mut supply = vec![vec![0.0; n]; nr];
    let mut use_ = vec![vec![0.0; n]; nr];
    for s in 0..nr {
        for i in 0..n {
            supply[s][i] = (reg.x[s][i] - fd.exports[s][i]).max(0.0);
            use_[s][i] = (0..n).map(|j| coef.a[(i, j)] * reg.x[s][j]).sum::<f64>() + fd.total(s, i);
        }
    }
    Margins { supply, use_ }
}

/// Step 6 by location quotients for one region `s`: regional coefficients
/// `a^n_ij · min(1, Q_ij)` for intermediate users and `min(1, Q_ii)` for final users,
/// capped by the region's supply and use.
pub fn lq_self_supply(
    lq: &Regionalize,
    coef: &Coefficients,
    reg: &Regional,
    fd: &LocatedDemand,
    m: &Margins,
    s: usize,
) -> Result<Vec<f64>> {
    let n = coef.sectors.len();
    let q = regionalize::quotients(lq.method, &reg.sizes[s], &reg.parent, lq.delta)?;
    let ar = regionalize::regional_coefficients(coef.a.as_ref(), q.as_ref());
    let rpc = regionalize::final_demand_rpc(lq.method, &reg.sizes[s], &reg.parent, lq.delta)?;
    let yf: Vec<f64> = (0..n).map(|i| fd.total(s, i)).collect();
    let (t, _) = trade::lq_self_supply(
        coef.a.as_ref(),
        ar.as_ref(),
        &reg.x[s],
        &yf,
        &rpc,
        &m.supply[s],
    );
    Ok(t)
}

/// Step 6 by CHARM for one region `s` (Kronenberg 2009): self-supply = output minus
/// CHARM's regional exports, capped by supply and use. Needs the parent's imports.
pub fn charm_self_supply(
    parent: &Parent,
    coef: &Coefficients,
    reg: &Regional,
    fd: &LocatedDemand,
    m: &Margins,
    s: usize,
) -> Result<Vec<f64>> {
    let (Some(zi), Some(mt)) = (&parent.z_imports, &parent.imports) else {
        return Err(Error::conflict(
            "recipe",
            "self_supply = \"charm\" needs the parent's imports: z_imports and y_imports \
             (non-competitive parent) or imports = \"proportional\"",
        ));
    };
    let n = coef.sectors.len();
    let (xn, a_n) = (&coef.x, &coef.a);
    let ex_n: Vec<f64> = (0..n)
        .map(|i| {
            fd.export_columns
                .iter()
                .map(|&k| parent.table.y[(i, k)])
                .sum()
        })
        .collect();
    // Technology and final use including imports.
    let a_tot = Mat::from_fn(n, n, |i, j| {
        if xn[j] > 0.0 {
            a_n[(i, j)] + zi[(i, j)] / xn[j]
        } else {
            0.0
        }
    });
    let z_n: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| parent.table.z[(i, j)] + zi[(i, j)]).sum())
        .collect();
    // Domestic final use incl. imports = national use - intermediate.
    let d_n: Vec<f64> = (0..n).map(|i| xn[i] + mt[i] - ex_n[i] - z_n[i]).collect();
    let z_r: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| a_tot[(i, j)] * reg.x[s][j]).sum())
        .collect();
    let d_r: Vec<f64> = d_n.iter().map(|d| d * reg.share[s]).collect();
    let (ex, _im) = trade::charm(xn, &z_n, &d_n, &ex_n, mt, &reg.x[s], &z_r, &d_r);
    Ok((0..n)
        .map(|i| {
            (reg.x[s][i] - ex[i])
                .min(m.supply[s][i])
                .min(m.use_[s][i])
                .max(0.0)
        })
        .collect())
}

/// Positions of the non-tradable sectors in `sectors`; an unknown code is an error.
pub fn non_tradable_positions(codes: &[String], sectors: &[String]) -> Result<Vec<bool>> {
    let mut nt = vec![false; sectors.len()];
    for c in codes {
        let i = sectors.iter().position(|s| s == c).ok_or_else(|| {
            Error::unknown(
                "recipe: [trade] non_tradable",
                "sector",
                c,
                format!(
                    "expected a sector of the built table ({})",
                    sectors.join(", ")
                ),
            )
        })?;
        nt[i] = true;
    }
    Ok(nt)
}

/// Step 6 for every listed region (the rest region's self-supply comes out of the
/// gravity step): `selfs[r][i]`, zero for the rest region. Tradable goods by the
/// chosen method; goods with `non_tradable[i]` by the supply–demand-pool rule
/// `min(supply, use)` (docs/methods.md 6.2).
#[allow(clippy::too_many_arguments)]
pub fn self_supply(
    recipe_lq: &Regionalize,
    method: SelfSupply,
    non_tradable: &[bool],
    parent: &Parent,
    coef: &Coefficients,
    reg: &Regional,
    fd: &LocatedDemand,
    m: &Margins,
) -> Result<Vec<Vec<f64>>> {
    let n = coef.sectors.len();
    let mut selfs = vec![vec![0.0; n]; reg.len()];
    for (s, row) in selfs.iter_mut().enumerate().take(reg.listed) {
        *row = match method {
            SelfSupply::Lq => lq_self_supply(recipe_lq, coef, reg, fd, m, s)?,
            SelfSupply::Charm => charm_self_supply(parent, coef, reg, fd, m, s)?,
        };
        for i in (0..n).filter(|&i| non_tradable[i]) {
            row[i] = m.supply[s][i].min(m.use_[s][i]).max(0.0);
        }
    }
    Ok(selfs)
}

/// Shipments of every good between regions.
#[derive(Debug, Clone)]
pub struct Shipments {
    /// `t[i]`: R × R shipments of good i (origin × destination), diagonal included.
    pub t: Vec<Mat<f64>>,
    /// Largest number of gravity (RAS) sweeps over goods.
    pub iterations: usize,
}

/// Step 7: doubly-constrained gravity for what self-supply leaves over (offered
/// `supply − self`, needed `use − self`), then self-supply added on the diagonal.
/// `dist` holds km between regions; the rest region's diagonal is its internal
/// distance (the only region allowed to ship to itself in this step).
pub fn ship(
    tr: &Trade,
    dist: &Mat<f64>,
    reg: &Regional,
    m: &Margins,
    selfs: &[Vec<f64>],
    sectors: &[String],
) -> Result<Shipments> {
    let (n, nr, listed) = (sectors.len(), reg.len(), reg.listed);
    let opts = balance::BalanceOptions {
        tol: tr.tolerance,
        max_iter: tr.max_iterations,
    };
    let has_rest = reg.has_rest;
    let mut t_all = Vec::with_capacity(n);
    let mut grav_iter = 0;
    for i in 0..n {
        let left = |v: &[Vec<f64>], s: usize| {
            if s < listed {
                (v[s][i] - selfs[s][i]).max(0.0)
            } else {
                v[s][i]
            }
        };
        let o: Vec<f64> = (0..nr).map(|s| left(&m.supply, s)).collect();
        let d: Vec<f64> = (0..nr).map(|s| left(&m.use_, s)).collect();
        let allowed = |r: usize, s: usize| r != s || (has_rest && r == nr - 1);
        let total: f64 = o.iter().sum();
        let mut t = if total > 0.0 {
            // Balance the margins exactly (they agree up to rounding).
            let dsum: f64 = d.iter().sum();
            if (total - dsum).abs() > 1e-6 * total {
                return Err(Error::Model(format!(
                    "good `{}`: shipments offered ({total}) and needed ({dsum}) differ; the regional sizes are inconsistent with the parent",
                    sectors[i]
                )));
            }
            let d: Vec<f64> = d.iter().map(|v| v * total / dsum).collect();
            let g = trade::gravity(
                &o,
                &d,
                dist.as_ref(),
                &allowed,
                trade::GravityParams {
                    decay: tr.decay,
                    gamma: tr.gamma,
                    balance: opts,
                },
                &reg.regions,
            )
            .map_err(|e| Error::Model(format!("good `{}`: {e}", sectors[i])))?;
            grav_iter = grav_iter.max(g.iterations);
            g.t
        } else {
            Mat::<f64>::zeros(nr, nr)
        };
        for s in 0..listed {
            t[(s, s)] += selfs[s][i];
        }
        t_all.push(t);
    }
    Ok(Shipments {
        t: t_all,
        iterations: grav_iter,
    })
}
