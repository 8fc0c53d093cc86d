//! Satellite accounts and footprints, as pymrio defines them (docs/design.md, "Satellite
//! accounts"; Stadler 2021, pymrio `calc_accounts`), computed from one LU of `I − A`
//! without forming `L` or the N x N matrix `X_d`.
//!
//! For a satellite `F` (k indicators x N) with `S = F x̂⁻¹`, `M = S L`, and `Y_c` the
//! final demand of region c summed over its categories:
//!
//! - `D_cba[:, (c, s)] = Σ_r M[:, (r, s)] · Y_c[(r, s)]` (consumption-based, columns =
//!   consuming region c and the sector s it buys);
//! - `D_pba = S diag(L Σ_c Y_c)` (production-based, columns = producing region, sector);
//! - `D_imp[:, (c, s)] = Σ_r M_c[:, (r, s)] · Y_c[(r, s)]` with `M_c = S_c L`, `S_c` = S
//!   with the columns of region c set to zero (what region c's demand causes abroad);
//! - `D_exp = S diag(Σ_{c ≠ region of the row} L Y_c)` (what a region's production for
//!   other regions' final demand causes at home).
//!
//! Region totals (`*_reg`) sum the columns by region (consuming region for `D_cba` and
//! `D_imp`, producing region for `D_pba` and `D_exp`). Final-demand columns that belong
//! to no region of the index (e.g. exports to the rest of the world) are left out of
//! every account, as pymrio has no such columns; they are listed in
//! [`Accounts::unattributed`].
//!
//! Cost: k transposed solves for M, R solves for `L Y_c`, k·R transposed solves for the
//! `M_c` (in blocks of at most [`MAX_RHS`] right-hand sides), all after one LU.

use crate::error::{Error, Result};
use crate::model::{Leontief, Solved};
use crate::table::{IoTable, Satellite};
use faer::Mat;

/// Largest number of right-hand sides solved at once (bounds the temporary to N x MAX_RHS).
pub const MAX_RHS: usize = 256;

/// The demand side shared by every satellite of a table: region of each row, final
/// demand per consuming region and the output it requires.
#[derive(Debug)]
pub struct DemandSplit {
    /// Regions (columns of the region totals), in index order.
    pub regions: Vec<String>,
    /// Region number of each row.
    region_of: Vec<usize>,
    /// Sector number of each row.
    sector_of: Vec<usize>,
    /// Row of (region, sector): `pos[r * nsec + s]`.
    pos: Vec<usize>,
    nsec: usize,
    /// Final demand per consuming region, N x R.
    y_reg: Mat<f64>,
    /// `L Y_c` for every region c, N x R.
    ly: Mat<f64>,
    /// Final-demand columns left out (no region).
    pub unattributed: Vec<String>,
    /// Largest relative residual of the solves.
    pub residual: f64,
}

impl DemandSplit {
    /// Split the final demand of `table` by consuming region and solve `L Y_c` (R solves).
    pub fn new(table: &IoTable, model: &Leontief) -> Result<Self> {
        let index = &table.index;
        let n = table.len();
        let regions = index.region_list().to_vec();
        let sectors = index.sector_list().to_vec();
        let (nreg, nsec) = (regions.len(), sectors.len());
        if nreg * nsec != n {
            return Err(Error::Model(format!(
                "satellite accounts need every region to have every sector (pymrio's \
                 layout): the index has {nreg} regions and {nsec} sectors but {n} ids"
            )));
        }
        let rpos = |r: &str| {
            regions
                .iter()
                .position(|x| x == r)
                .expect("region of index")
        };
        let spos = |s: &str| {
            sectors
                .iter()
                .position(|x| x == s)
                .expect("sector of index")
        };
        let region_of: Vec<usize> = index.regions().iter().map(|r| rpos(r)).collect();
        let sector_of: Vec<usize> = index.sectors().iter().map(|s| spos(s)).collect();
        let mut pos = vec![usize::MAX; n];
        for i in 0..n {
            pos[region_of[i] * nsec + sector_of[i]] = i;
        }
        if let Some(k) = pos.iter().position(|&p| p == usize::MAX) {
            return Err(Error::Model(format!(
                "satellite accounts need every region to have every sector: region `{}` has \
                 no sector `{}`",
                regions[k / nsec],
                sectors[k % nsec]
            )));
        }
        let mut y_reg = Mat::<f64>::zeros(n, nreg);
        let mut unattributed = Vec::new();
        for (k, label) in table.y_labels.iter().enumerate() {
            match &table.y_regions[k] {
                Some(r) => {
                    let c = rpos(r);
                    for i in 0..n {
                        y_reg[(i, c)] += table.y[(i, k)];
                    }
                }
                None => unattributed.push(label.clone()),
            }
        }
        let Solved {
            value: ly,
            residual,
        } = model.solve_batch(y_reg.as_ref())?;
        Ok(DemandSplit {
            regions,
            region_of,
            sector_of,
            pos,
            nsec,
            y_reg,
            ly,
            unattributed,
            residual,
        })
    }

    fn n(&self) -> usize {
        self.region_of.len()
    }

    /// `X_d 1 = L Σ_c Y_c`: output required by the attributed final demand.
    pub fn x_total(&self) -> Vec<f64> {
        (0..self.n())
            .map(|i| (0..self.regions.len()).map(|c| self.ly[(i, c)]).sum())
            .collect()
    }

    /// `X_t 1`: output of each row for final demand of other regions.
    pub fn x_exported(&self) -> Vec<f64> {
        (0..self.n())
            .map(|i| {
                (0..self.regions.len())
                    .filter(|&c| c != self.region_of[i])
                    .map(|c| self.ly[(i, c)])
                    .sum()
            })
            .collect()
    }

    /// `Σ_r W[:, (r, s)] · Y_c[(r, s)]` into column (c, s): the demand-weighted sum that
    /// turns multipliers into consumption-based accounts, for one consuming region c.
    fn attribute(&self, w: faer::MatRef<'_, f64>, c: usize, out: &mut Mat<f64>) {
        for i in 0..self.n() {
            let yc = self.y_reg[(i, c)];
            if yc == 0.0 {
                continue;
            }
            let col = self.pos[c * self.nsec + self.sector_of[i]];
            for ind in 0..w.nrows() {
                out[(ind, col)] += w[(ind, i)] * yc;
            }
        }
    }

    /// Sum the columns of `d` (k x N) by the region of each column.
    fn by_region(&self, d: &Mat<f64>) -> Mat<f64> {
        let mut out = Mat::<f64>::zeros(d.nrows(), self.regions.len());
        for j in 0..self.n() {
            let r = self.region_of[j];
            for ind in 0..d.nrows() {
                out[(ind, r)] += d[(ind, j)];
            }
        }
        out
    }
}

/// The accounts of one satellite. Matrices are k x N (indicators x ids of index.csv),
/// region totals k x R.
#[derive(Debug, Clone)]
pub struct Accounts {
    /// Satellite name (file stem).
    pub name: String,
    /// Indicator labels (rows).
    pub indicators: Vec<String>,
    /// Regions (columns of the region totals).
    pub regions: Vec<String>,
    /// Coefficients `S = F x̂⁻¹` (satellite per unit of output).
    pub s: Mat<f64>,
    /// Multipliers `M = S L`.
    pub m: Mat<f64>,
    /// Consumption-based accounts (footprints), columns (consuming region, sector).
    pub d_cba: Mat<f64>,
    /// Production-based accounts, columns (producing region, sector).
    pub d_pba: Mat<f64>,
    /// Accounts embodied in imports, columns (consuming region, sector).
    pub d_imp: Mat<f64>,
    /// Accounts embodied in exports, columns (producing region, sector).
    pub d_exp: Mat<f64>,
    /// Region totals of `d_cba` (by consuming region).
    pub d_cba_reg: Mat<f64>,
    /// Region totals of `d_pba` (by producing region).
    pub d_pba_reg: Mat<f64>,
    /// Region totals of `d_imp` (by consuming region).
    pub d_imp_reg: Mat<f64>,
    /// Region totals of `d_exp` (by producing region).
    pub d_exp_reg: Mat<f64>,
    /// Final-demand columns left out of the accounts (no region).
    pub unattributed: Vec<String>,
    /// Largest relative residual of the solves made.
    pub residual: f64,
}

/// Satellite coefficients `S = F x̂⁻¹` (zero where x is zero). Non-finite cells are errors.
pub fn coefficients(sat: &Satellite, x: &[f64], ids: &[String]) -> Result<Mat<f64>> {
    let (k, n) = (sat.values.nrows(), sat.values.ncols());
    if n != x.len() {
        return Err(Error::shape(
            format!("satellite `{}`", sat.name),
            format!("{n} columns"),
            format!("{} (one per id)", x.len()),
        ));
    }
    for (j, id) in ids.iter().enumerate().take(n) {
        for i in 0..k {
            let v = sat.values[(i, j)];
            if !v.is_finite() {
                return Err(Error::Model(format!(
                    "satellite `{}`: cell (`{}`, `{}`) is {v}: expected a finite number",
                    sat.name, sat.indicators[i], id
                )));
            }
        }
    }
    Ok(Mat::from_fn(k, n, |i, j| {
        if x[j] > 0.0 {
            sat.values[(i, j)] / x[j]
        } else {
            0.0
        }
    }))
}

/// Compute every account of `sat` (one satellite of `table`) from the factored model.
pub fn accounts(
    table: &IoTable,
    model: &Leontief,
    demand: &DemandSplit,
    sat: &Satellite,
) -> Result<Accounts> {
    let n = table.len();
    let ids = table.index.ids();
    let s = coefficients(sat, &table.x, ids)?;
    let k = s.nrows();
    let mut residual = demand.residual;

    // M = S L: k transposed solves.
    let Solved {
        value: m,
        residual: r,
    } = model.solve_transpose_batch(s.as_ref())?;
    residual = residual.max(r);

    let nreg = demand.regions.len();
    let mut d_cba = Mat::<f64>::zeros(k, n);
    for c in 0..nreg {
        demand.attribute(m.as_ref(), c, &mut d_cba);
    }

    let x_tot = demand.x_total();
    let x_exp = demand.x_exported();
    let d_pba = Mat::from_fn(k, n, |i, j| s[(i, j)] * x_tot[j]);
    let d_exp = Mat::from_fn(k, n, |i, j| s[(i, j)] * x_exp[j]);

    // D_imp: M_c = S_c L for every consuming region c, in blocks of regions.
    let mut d_imp = Mat::<f64>::zeros(k, n);
    let per_block = (MAX_RHS / k.max(1)).max(1);
    let mut c0 = 0;
    while c0 < nreg {
        let cs: Vec<usize> = (c0..(c0 + per_block).min(nreg)).collect();
        // Skip regions with no final demand: their D_imp columns are zero.
        let cs: Vec<usize> = cs
            .into_iter()
            .filter(|&c| (0..n).any(|i| demand.y_reg[(i, c)] != 0.0))
            .collect();
        if !cs.is_empty() {
            // Right-hand sides as columns: (S_c)' for each c, N x (k * |cs|).
            let rhs = Mat::from_fn(n, k * cs.len(), |j, col| {
                let (b, ind) = (col / k, col % k);
                if demand.region_of[j] == cs[b] {
                    0.0
                } else {
                    s[(ind, j)]
                }
            });
            let sol = model.factored().solve_transpose(rhs.as_ref())?;
            residual = residual.max(sol.residual);
            for (b, &c) in cs.iter().enumerate() {
                let mc = sol.value.subcols(b * k, k).transpose();
                demand.attribute(mc, c, &mut d_imp);
            }
        }
        c0 += per_block;
    }

    let d_cba_reg = demand.by_region(&d_cba);
    let d_pba_reg = demand.by_region(&d_pba);
    let d_imp_reg = demand.by_region(&d_imp);
    let d_exp_reg = demand.by_region(&d_exp);
    Ok(Accounts {
        name: sat.name.clone(),
        indicators: sat.indicators.clone(),
        regions: demand.regions.clone(),
        s,
        m,
        d_cba,
        d_pba,
        d_imp,
        d_exp,
        d_cba_reg,
        d_pba_reg,
        d_imp_reg,
        d_exp_reg,
        unattributed: demand.unattributed.clone(),
        residual,
    })
}

/// Accounts of every satellite of `table` (one LU, shared demand split).
pub fn all_accounts(table: &IoTable, model: &Leontief) -> Result<Vec<Accounts>> {
    if table.satellites.is_empty() {
        return Ok(Vec::new());
    }
    let demand = DemandSplit::new(table, model)?;
    table
        .satellites
        .iter()
        .map(|s| accounts(table, model, &demand, s))
        .collect()
}
