//! Spillover and feedback between regions (docs/methods.md 5): Miller's intraregional /
//! feedback / spillover split per origin, the R-region "region versus the rest" form,
//! the region x region multiplier matrix, scale-weighted flows and net spillovers,
//! Round's multiplicative and Stone's additive decompositions for a two-group split,
//! and the forward (Ghosh) view.
//!
//! Everything per origin is computed by solves: `1'L^{sr}` for all origins and all
//! destination regions is R transposed solves with the one LU of `I − A`; the
//! intraregional inverses `L_r = (I − A^{rr})⁻¹` are factored per region (n x n).
//! Only [`round_stone`] forms matrices (it exists to show them).

use crate::error::{Error, Result};
use crate::model::{allocation_coefficients, Factored, Leontief, ZeroOutput};
use crate::table::{Index, IoTable};
use faer::{Mat, MatRef};

/// The backward (Leontief) or forward (Ghosh) view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Output in each region per unit of final demand for the origin's product
    /// (column sums of blocks of `L`; Miller 1966, Round 1985).
    #[default]
    Backward,
    /// Output of downstream users in each region per unit of primary input of the origin
    /// (row sums of blocks of the Ghosh inverse `G`; Dietzenbacher 2002).
    Forward,
}

/// Per-origin decomposition of a multiplier into intraregional, feedback and
/// spillover effects, with the destination-region split.
///
/// For origin `(r, j)` (backward view), with `L_r = (I − A^{rr})⁻¹`:
/// * `intra = 1'L_r e_j`,
/// * `feedback = 1'(L^{rr} − L_r) e_j`,
/// * `by_region[(r,j), s] = 1'L^{sr} e_j` (for `s = r` this is intra + feedback),
///
/// so `intra + feedback + Σ_{s≠r} by_region = (1'L)_{(r,j)}` (docs/methods.md 5.4).
/// Forward view: the same with row sums of `G_r = (I − B^{rr})⁻¹` and `G^{rs}`.
#[derive(Debug, Clone)]
pub struct Decomposition {
    /// Backward or forward.
    pub direction: Direction,
    /// Regions in table order.
    pub regions: Vec<String>,
    /// Region number of every origin (index into `regions`).
    pub region_of: Vec<usize>,
    /// Intraregional effect per origin.
    pub intra: Vec<f64>,
    /// Feedback effect per origin.
    pub feedback: Vec<f64>,
    /// N x R: effect of origin (row) located in destination region (column).
    pub by_region: Mat<f64>,
    /// The multiplier itself (`1'L` or `G1`), summed over destination regions.
    pub total: Vec<f64>,
    /// Largest relative residual of the solves.
    pub residual: f64,
}

impl Decomposition {
    /// Spillover of origin `i` to region `s` (zero for its own region).
    pub fn spillover(&self, i: usize, s: usize) -> f64 {
        if self.region_of[i] == s {
            0.0
        } else {
            self.by_region[(i, s)]
        }
    }

    /// Total spillover of origin `i` (to all other regions).
    pub fn total_spillover(&self, i: usize) -> f64 {
        (0..self.regions.len()).map(|s| self.spillover(i, s)).sum()
    }

    /// Share of origin `i`'s effect located in region `s` (`θ^s`, docs/methods.md 5.6);
    /// sums to 1 over regions.
    pub fn share(&self, i: usize, s: usize) -> f64 {
        self.by_region[(i, s)] / self.total[i]
    }
}

/// Region number of every entry of `index` and the list of regions.
fn region_numbers(index: &Index) -> (Vec<String>, Vec<usize>) {
    let regions = index.region_list().to_vec();
    let of = index
        .regions()
        .iter()
        .map(|r| regions.iter().position(|q| q == r).expect("listed region"))
        .collect();
    (regions, of)
}

/// The sub-matrix of `m` with the given rows and columns.
pub fn block(m: MatRef<'_, f64>, rows: &[usize], cols: &[usize]) -> Mat<f64> {
    Mat::from_fn(rows.len(), cols.len(), |i, j| m[(rows[i], cols[j])])
}

fn ids_of(index: &Index, pos: &[usize]) -> Vec<String> {
    pos.iter().map(|&p| index.ids()[p].clone()).collect()
}

fn check_index(index: &Index, n: usize) -> Result<()> {
    if index.len() != n {
        return Err(Error::shape(
            "the index",
            format!("{} entries", index.len()),
            format!("{n} (the model's sectors)"),
        ));
    }
    Ok(())
}

/// Backward decomposition (Miller's feedback, Round's "region versus the rest" form
/// for R regions; docs/methods.md 5.1, 5.4): R transposed solves with the model's LU plus one
/// n x n factorization per region.
pub fn backward(model: &Leontief, index: &Index) -> Result<Decomposition> {
    backward_weighted(model, index, &vec![1.0; model.n()])
}

/// [`backward`] for an indicator with coefficients `w` per unit output (value added,
/// income, jobs): intra `w_r'L_r e_j`, feedback `w_r'(L^rr − L_r) e_j`, spillover
/// `w_s'L^sr e_j`, adding up to the indicator multiplier `(w'L)_(r,j)` (docs/methods.md 5.6,
/// `θ^{s,w}`). With `w = 1` this is the output decomposition.
pub fn backward_weighted(model: &Leontief, index: &Index, w: &[f64]) -> Result<Decomposition> {
    let n = model.n();
    check_index(index, n)?;
    if w.len() != n {
        return Err(Error::shape(
            "indicator coefficients",
            format!("{} entries", w.len()),
            format!("{n} (one per sector)"),
        ));
    }
    let (regions, region_of) = region_numbers(index);
    let nr = regions.len();
    // Weighted region-indicator rows S (R x N); S L gives w_s'L^{sr} in row s, column (r, j).
    let s = Mat::from_fn(nr, n, |r, i| if region_of[i] == r { w[i] } else { 0.0 });
    let sl = model.solve_transpose_batch(s.as_ref())?;
    let mut residual = sl.residual;
    let by_region = sl.value.transpose().to_owned();
    let mut intra = vec![0.0; n];
    for name in &regions {
        let pos = index.positions_in_region(name);
        let arr = block(model.a(), &pos, &pos);
        let lu = Factored::identity_minus(arr.as_ref(), &ids_of(index, &pos))?;
        let wr = Mat::from_fn(pos.len(), 1, |k, _| w[pos[k]]);
        let m = lu.solve_transpose(wr.as_ref())?;
        residual = residual.max(m.residual);
        for (k, &p) in pos.iter().enumerate() {
            intra[p] = m.value[(k, 0)];
        }
    }
    finish(
        Direction::Backward,
        regions,
        region_of,
        intra,
        by_region,
        residual,
    )
}

/// Forward (Ghosh) decomposition (Dietzenbacher 2002; docs/methods.md 5.4 "looking forward"):
/// for supplier `(r, i)`, row sums of `G_r = (I − B^{rr})⁻¹` (intra), of
/// `G^{rr} − G_r` (feedback) and of `G^{rs}` (downstream users in s). One LU of
/// `I − B` with R solves, plus one n x n factorization per region.
pub fn forward(table: &IoTable, zero: ZeroOutput) -> Result<Decomposition> {
    let index = &table.index;
    let ids = index.ids();
    let n = index.len();
    let b = allocation_coefficients(table.z.as_ref(), &table.x, ids, zero)?;
    // G = x̂⁻¹ L x̂: B is productive exactly when A is, and A's column-sum test is the
    // cheap one (row sums of B exceed 1 wherever sales to industry exceed output).
    let a = crate::model::technical_coefficients(table.z.as_ref(), &table.x, ids, zero)?;
    crate::model::check_productive(a.as_ref(), ids)?;
    let lu = Factored::identity_minus(b.as_ref(), ids)?;
    let (regions, region_of) = region_numbers(index);
    let nr = regions.len();
    let s = Mat::from_fn(n, nr, |i, r| if region_of[i] == r { 1.0 } else { 0.0 });
    let gs = lu.solve(s.as_ref())?;
    let mut residual = gs.residual;
    let mut intra = vec![0.0; n];
    for name in &regions {
        let pos = index.positions_in_region(name);
        let brr = block(b.as_ref(), &pos, &pos);
        let f = Factored::identity_minus(brr.as_ref(), &ids_of(index, &pos))?;
        let ones = Mat::from_fn(pos.len(), 1, |_, _| 1.0);
        let m = f.solve(ones.as_ref())?;
        residual = residual.max(m.residual);
        for (k, &p) in pos.iter().enumerate() {
            intra[p] = m.value[(k, 0)];
        }
    }
    finish(
        Direction::Forward,
        regions,
        region_of,
        intra,
        gs.value,
        residual,
    )
}

fn finish(
    direction: Direction,
    regions: Vec<String>,
    region_of: Vec<usize>,
    intra: Vec<f64>,
    by_region: Mat<f64>,
    residual: f64,
) -> Result<Decomposition> {
    let n = intra.len();
    let nr = regions.len();
    let total: Vec<f64> = (0..n)
        .map(|i| (0..nr).map(|s| by_region[(i, s)]).sum())
        .collect();
    let feedback: Vec<f64> = (0..n)
        .map(|i| by_region[(i, region_of[i])] - intra[i])
        .collect();
    Ok(Decomposition {
        direction,
        regions,
        region_of,
        intra,
        feedback,
        by_region,
        total,
        residual,
    })
}

/// Region x region results: per-unit multipliers, scale-weighted flows and net
/// spillovers (docs/methods.md 5.5; Pan 2012).
#[derive(Debug, Clone)]
pub struct RegionMatrix {
    /// Regions in table order.
    pub regions: Vec<String>,
    /// `multiplier[s][r]`: output in s per unit of final demand for r's products, with
    /// r's sectors weighted by r's final-demand mix `f^r / 1'f^r` (simple average over
    /// r's sectors when r has no final demand).
    pub multiplier: Vec<Vec<f64>>,
    /// `scaled[s][r] = S^{sr} = 1'L^{sr} f^r`: output in s sustained by r's actual
    /// final demand (table unit).
    pub scaled: Vec<Vec<f64>>,
    /// `net[r][s] = NS^{r→s} = S^{sr} − S^{rs}` (table unit).
    pub net: Vec<Vec<f64>>,
    /// `dependence[s][r] = S^{sr} / 1'x^s`: share of s's output that r's final demand sustains.
    pub dependence: Vec<Vec<f64>>,
    /// Final demand for each region's products `1'f^r`.
    pub final_demand: Vec<f64>,
    /// Gross output of each region `1'x^s`.
    pub output: Vec<f64>,
}

/// Region x region matrices from a backward decomposition, the final demand `f` and
/// gross output `x` of the table.
pub fn region_matrix(d: &Decomposition, f: &[f64], x: &[f64]) -> Result<RegionMatrix> {
    let n = d.total.len();
    if f.len() != n || x.len() != n {
        return Err(Error::shape(
            "final demand and output",
            format!("{} and {} entries", f.len(), x.len()),
            format!("{n} each (one per sector)"),
        ));
    }
    let nr = d.regions.len();
    let mut fr = vec![0.0; nr];
    let mut xr = vec![0.0; nr];
    let mut count = vec![0usize; nr];
    for i in 0..n {
        fr[d.region_of[i]] += f[i];
        xr[d.region_of[i]] += x[i];
        count[d.region_of[i]] += 1;
    }
    let mut scaled = vec![vec![0.0; nr]; nr];
    let mut multiplier = vec![vec![0.0; nr]; nr];
    for (i, &fi) in f.iter().enumerate() {
        let r = d.region_of[i];
        for (s, row) in scaled.iter_mut().enumerate() {
            row[r] += d.by_region[(i, s)] * fi;
        }
        let w = if fr[r] > 0.0 {
            fi / fr[r]
        } else {
            1.0 / count[r] as f64
        };
        for (s, row) in multiplier.iter_mut().enumerate() {
            row[r] += d.by_region[(i, s)] * w;
        }
    }
    let net = (0..nr)
        .map(|r| (0..nr).map(|s| scaled[s][r] - scaled[r][s]).collect())
        .collect();
    let dependence = (0..nr)
        .map(|s| {
            (0..nr)
                .map(|r| {
                    if xr[s] > 0.0 {
                        scaled[s][r] / xr[s]
                    } else {
                        f64::NAN
                    }
                })
                .collect()
        })
        .collect();
    Ok(RegionMatrix {
        regions: d.regions.clone(),
        multiplier,
        scaled,
        net,
        dependence,
        final_demand: fr,
        output: xr,
    })
}

/// Miller's exact own-region block of the full inverse, for region `r` versus the rest
/// of the system (docs/methods.md 5.1; Miller 1966):
/// `L^{rr} = (I − A^{rr} − A^{r,−r} L_{−r} A^{−r,r})⁻¹` with `L_{−r} = (I − A^{−r,−r})⁻¹`.
/// Returns `L^{rr}` (n x n) in the order of `index.positions_in_region(r)`.
/// Formed explicitly: it exists to check and show the formula.
pub fn miller_own_block(a: MatRef<'_, f64>, index: &Index, region: &str) -> Result<Mat<f64>> {
    let n = a.nrows();
    check_index(index, n)?;
    let own = index.positions_in_region(region);
    if own.is_empty() {
        return Err(Error::unknown(
            "the index",
            "region",
            region,
            format!("expected one of {}", index.region_list().join(", ")),
        ));
    }
    let rest: Vec<usize> = (0..n).filter(|i| !own.contains(i)).collect();
    let arr = block(a, &own, &own);
    if rest.is_empty() {
        return Ok(
            Factored::identity_minus(arr.as_ref(), &ids_of(index, &own))?
                .inverse()?
                .value,
        );
    }
    let a_rs = block(a, &own, &rest);
    let a_sr = block(a, &rest, &own);
    let a_ss = block(a, &rest, &rest);
    // L_{-r} A^{-r,r} by solves with the rest's factor.
    let l_rest = Factored::identity_minus(a_ss.as_ref(), &ids_of(index, &rest))?;
    let la = l_rest.solve(a_sr.as_ref())?.value;
    let k = &a_rs * &la;
    let m = Mat::from_fn(own.len(), own.len(), |i, j| {
        (if i == j { 1.0 } else { 0.0 }) - arr[(i, j)] - k[(i, j)]
    });
    Ok(Factored::new(m, &ids_of(index, &own))?.inverse()?.value)
}

/// Round's multiplicative (`L = M3 M2 M1`) and Stone's additive
/// (`L = I + N1 + N2 + N3`) decompositions for a split of the table into two groups of
/// regions (docs/methods.md 5.2, 5.3; Round 1985, Stone 1985). All matrices are N x N in table
/// order.
#[derive(Debug, Clone)]
pub struct TwoGroup {
    /// True for entries in group 1.
    pub in_group1: Vec<bool>,
    /// `M1 = (I − A_d)⁻¹`: each group on its own (intra-group multiplier).
    pub m1: Mat<f64>,
    /// `M2 = I + A*`, `A* = M1 (A − A_d)`: open-loop spillover.
    pub m2: Mat<f64>,
    /// `M3 = (I − A*²)⁻¹`: closed-loop feedback.
    pub m3: Mat<f64>,
    /// `N1 = M1 − I`: net intra-group effect.
    pub n1: Mat<f64>,
    /// `N2 = (M2 − I) M1`: net open-loop spillover (first pass).
    pub n2: Mat<f64>,
    /// `N3 = (M3 − I) M2 M1`: net closed-loop feedback (incl. feedback-amplified spillover).
    pub n3: Mat<f64>,
}

/// Compute [`TwoGroup`] for coefficients `a` and a group-1 membership per entry.
pub fn round_stone(a: MatRef<'_, f64>, in_group1: &[bool], ids: &[String]) -> Result<TwoGroup> {
    let n = a.nrows();
    if in_group1.len() != n {
        return Err(Error::shape(
            "group membership",
            format!("{} entries", in_group1.len()),
            format!("{n} (one per sector)"),
        ));
    }
    if in_group1.iter().all(|&g| g) || in_group1.iter().all(|&g| !g) {
        return Err(Error::conflict(
            "two-group split",
            "needs at least one entry in each group",
        ));
    }
    let a_d = Mat::from_fn(n, n, |i, j| {
        if in_group1[i] == in_group1[j] {
            a[(i, j)]
        } else {
            0.0
        }
    });
    let a_off = Mat::from_fn(n, n, |i, j| a[(i, j)] - a_d[(i, j)]);
    let m1 = Factored::identity_minus(a_d.as_ref(), ids)?
        .inverse()?
        .value;
    let a_star = &m1 * &a_off;
    let eye = Mat::<f64>::identity(n, n);
    let m2 = &eye + &a_star;
    let a_star2 = &a_star * &a_star;
    let m3 = Factored::identity_minus(a_star2.as_ref(), ids)?
        .inverse()?
        .value;
    let n1 = &m1 - &eye;
    let n2 = &a_star * &m1;
    let m2m1 = &m2 * &m1;
    let n3 = &(&m3 - &eye) * &m2m1;
    Ok(TwoGroup {
        in_group1: in_group1.to_vec(),
        m1,
        m2,
        m3,
        n1,
        n2,
        n3,
    })
}

/// Column sums of a matrix.
pub fn column_sums(m: MatRef<'_, f64>) -> Vec<f64> {
    (0..m.ncols())
        .map(|j| (0..m.nrows()).map(|i| m[(i, j)]).sum())
        .collect()
}
