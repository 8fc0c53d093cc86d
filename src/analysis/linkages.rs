//! Linkages and key sectors (docs/methods.md 3.1-3.3).
//!
//! * Direct: backward `Σ_i a_ij`, forward `Σ_j b_ij` (Chenery & Watanabe 1958).
//! * Rasmussen (1956) / Hirschman (1958) total linkages: power of dispersion
//!   (backward) `U_j = (1'L)_j / Σ_k w_k (1'L)_k`, sensitivity of dispersion (forward,
//!   Leontief-based) `(L1)_i / Σ_k w_k (L1)_k`, and the Ghosh-based forward linkage
//!   `(G1)_i / Σ_k w_k (G1)_k` with `G1 = x̂⁻¹ L x`; with equal weights `w_k = 1/n` these
//!   are the textbook `n (1'L)_j / 1'L1`. Weighting by output or final-demand shares
//!   keeps tiny sectors from getting large indices.
//! * Variability indices `V_j = sqrt(Σ_i (l_ij − l̄_j)² / (n − 1)) / l̄_j`, `l̄_j = (1'L)_j / n`
//!   (and the same over rows).
//! * Key-sector class from the backward index and the chosen forward index.
//! * In an MRIO, the intraregional part `Σ_i l_{(r,i),(r,j)}` and interregional part
//!   `Σ_{s≠r} Σ_i l_{(s,i),(r,j)}` of each backward linkage; both parts of the index
//!   add up to the backward index; likewise the Ghosh forward index splits into sales
//!   within the region and to other regions (row sums of `G` over column blocks).
//!
//! Zero-output sectors are excluded from every average and get NaN (docs/methods.md 1.6).
//! Sums are solves on the one LU (`1'L`, `L1`, `L x`, region shares `S'L`); only the
//! variability indices need the elements of `L`, which are produced in column blocks
//! and never stored whole.

use crate::error::{Error, Result};
use crate::model::Leontief;
use crate::table::IoTable;
use faer::Mat;

/// How sectors are weighted in the normalising average of the indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weighting {
    /// Every sector counts the same (Rasmussen's original index).
    #[default]
    Equal,
    /// Weights are shares of gross output.
    Output,
    /// Weights are shares of final demand.
    FinalDemand,
}

/// Which forward index decides the key-sector class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForwardBasis {
    /// Ghosh-based forward linkage (the default, docs/methods.md 3.2).
    #[default]
    Ghosh,
    /// Leontief-based sensitivity of dispersion.
    Leontief,
}

/// Options for [`linkages`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkageOptions {
    /// Weighting of the normalising average.
    pub weighting: Weighting,
    /// Forward index used for the key-sector class.
    pub forward_basis: ForwardBasis,
    /// Skip the variability indices (they need every element of `L`).
    pub skip_variability: bool,
}

/// Key-sector classes (docs/methods.md 3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyClass {
    /// Backward and forward index above 1.
    Key,
    /// Only the backward index above 1 (a strong buyer).
    Backward,
    /// Only the forward index above 1 (a strong supplier).
    Forward,
    /// Both at most 1.
    Weak,
}

impl KeyClass {
    /// Label used in output.
    pub fn as_str(&self) -> &'static str {
        match self {
            KeyClass::Key => "key",
            KeyClass::Backward => "backward-oriented",
            KeyClass::Forward => "forward-oriented",
            KeyClass::Weak => "weak",
        }
    }
}

/// Linkage measures, N entries each (NaN for zero-output sectors).
#[derive(Debug, Clone)]
pub struct Linkages {
    /// Sectors included in the averages (positive output).
    pub included: Vec<bool>,
    /// Direct backward linkage `Σ_i a_ij`.
    pub backward_direct: Vec<f64>,
    /// Direct forward linkage `Σ_j b_ij`.
    pub forward_direct: Vec<f64>,
    /// Total backward linkage: column sums of L over included rows (`1'L` = output multiplier).
    pub backward_total: Vec<f64>,
    /// Total forward linkage, Leontief: row sums of L over included columns.
    pub forward_total: Vec<f64>,
    /// Total forward linkage, Ghosh: `(G1)_i = (L x)_i / x_i`.
    pub ghosh_total: Vec<f64>,
    /// Power of dispersion (backward index, average 1).
    pub backward: Vec<f64>,
    /// Sensitivity of dispersion (Leontief forward index, average 1).
    pub forward: Vec<f64>,
    /// Ghosh-based forward index (average 1).
    pub forward_ghosh: Vec<f64>,
    /// Variability of column j of L (None when skipped).
    pub backward_variability: Option<Vec<f64>>,
    /// Variability of row i of L (None when skipped).
    pub forward_variability: Option<Vec<f64>>,
    /// MRIO only: intraregional part of `backward_total`.
    pub backward_total_intra: Option<Vec<f64>>,
    /// MRIO only: interregional part of `backward_total`.
    pub backward_total_inter: Option<Vec<f64>>,
    /// MRIO only: intraregional part of the backward index.
    pub backward_intra: Option<Vec<f64>>,
    /// MRIO only: interregional part of the backward index.
    pub backward_inter: Option<Vec<f64>>,
    /// MRIO only: part of the Ghosh forward index from sales within the sector's own
    /// region (row sums of `G` over the region's columns, Dietzenbacher 2002).
    pub forward_ghosh_intra: Option<Vec<f64>>,
    /// MRIO only: part of the Ghosh forward index from sales to other regions.
    pub forward_ghosh_inter: Option<Vec<f64>>,
    /// Key-sector class (None for zero-output sectors).
    pub class: Vec<Option<KeyClass>>,
    /// Largest relative residual of the solves.
    pub residual: f64,
}

/// Compute all linkage measures for `model` built from `table` (same order and x).
pub fn linkages(model: &Leontief, table: &IoTable, opts: &LinkageOptions) -> Result<Linkages> {
    let n = model.n();
    if table.len() != n {
        return Err(Error::shape(
            "table",
            format!("{} sectors", table.len()),
            format!("{n} (the model's sectors)"),
        ));
    }
    let x = &table.x;
    let a = model.a();
    let included: Vec<bool> = x.iter().map(|&v| v > 0.0).collect();
    let n_inc = included.iter().filter(|&&b| b).count();
    if n_inc == 0 {
        return Err(Error::Model(
            "every sector has zero output: no linkages".into(),
        ));
    }
    let mask: Vec<f64> = included
        .iter()
        .map(|&b| if b { 1.0 } else { 0.0 })
        .collect();
    let nan_unless = |v: Vec<f64>| -> Vec<f64> {
        v.into_iter()
            .zip(&included)
            .map(|(v, &b)| if b { v } else { f64::NAN })
            .collect()
    };

    // Column sums over included rows: mask' L (one transposed solve, plus region rows).
    let regions = table.index.region_list().to_vec();
    let multi = regions.len() > 1;
    let region_of: Vec<usize> = table
        .index
        .regions()
        .iter()
        .map(|r| regions.iter().position(|q| q == r).expect("listed"))
        .collect();
    let nw = 1 + if multi { regions.len() } else { 0 };
    let w = Mat::from_fn(nw, n, |k, i| {
        if k == 0 || region_of[i] == k - 1 {
            mask[i]
        } else {
            0.0
        }
    });
    let t = model.solve_transpose_batch(w.as_ref())?;
    let mut residual = t.residual;
    // Row sums over included columns L mask, L x and (MRIO) L (x restricted to each
    // region), in one batch.
    let nrhs = 2 + if multi { regions.len() } else { 0 };
    let rhs = Mat::from_fn(n, nrhs, |i, k| match k {
        0 => mask[i],
        1 => x[i],
        _ if region_of[i] == k - 2 => x[i],
        _ => 0.0,
    });
    let s = model.solve_batch(rhs.as_ref())?;
    residual = residual.max(s.residual);

    let backward_total = nan_unless((0..n).map(|j| t.value[(0, j)]).collect());
    let forward_total = nan_unless((0..n).map(|i| s.value[(i, 0)]).collect());
    let ghosh_total = nan_unless(
        (0..n)
            .map(|i| {
                if x[i] > 0.0 {
                    s.value[(i, 1)] / x[i]
                } else {
                    f64::NAN
                }
            })
            .collect(),
    );
    let backward_direct = nan_unless(
        (0..n)
            .map(|j| (0..n).map(|i| a[(i, j)] * mask[i]).sum())
            .collect(),
    );
    let forward_direct = nan_unless(
        (0..n)
            .map(|i| {
                if x[i] > 0.0 {
                    (0..n).map(|j| a[(i, j)] * x[j]).sum::<f64>() / x[i]
                } else {
                    f64::NAN
                }
            })
            .collect(),
    );

    // Weights of the normalising average.
    let raw: Vec<f64> = match opts.weighting {
        Weighting::Equal => mask.clone(),
        Weighting::Output => (0..n).map(|i| x[i] * mask[i]).collect(),
        Weighting::FinalDemand => {
            let f = table.final_demand();
            // A weighted average needs weights >= 0; net final demand below zero (stock
            // draw-downs larger than the other uses) would flip a sector's pull.
            if let Some(i) = (0..n).find(|&i| mask[i] > 0.0 && f[i] < 0.0) {
                return Err(Error::Model(format!(
                    "final demand of `{}` is {}: weights of the linkage average must not be \
                     negative (net of inventory changes); weight by output or equally instead",
                    table.index.ids()[i],
                    f[i]
                )));
            }
            (0..n).map(|i| f[i] * mask[i]).collect()
        }
    };
    let total: f64 = raw.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return Err(Error::Model(format!(
            "the weights of the linkage average sum to {total}: expected a positive total"
        )));
    }
    let weights: Vec<f64> = raw.iter().map(|v| v / total).collect();
    let norm = |v: &[f64]| -> Vec<f64> {
        let avg: f64 = (0..n)
            .filter(|&i| included[i])
            .map(|i| weights[i] * v[i])
            .sum();
        v.iter().map(|x| x / avg).collect()
    };
    let backward = norm(&backward_total);
    let forward = norm(&forward_total);
    let forward_ghosh = norm(&ghosh_total);
    let bavg: f64 = (0..n)
        .filter(|&i| included[i])
        .map(|i| weights[i] * backward_total[i])
        .sum();

    let (backward_total_intra, backward_total_inter, backward_intra, backward_inter) = if multi {
        let intra: Vec<f64> = nan_unless((0..n).map(|j| t.value[(1 + region_of[j], j)]).collect());
        let inter: Vec<f64> = (0..n).map(|j| backward_total[j] - intra[j]).collect();
        let bi = intra.iter().map(|v| v / bavg).collect();
        let be = inter.iter().map(|v| v / bavg).collect();
        (Some(intra), Some(inter), Some(bi), Some(be))
    } else {
        (None, None, None, None)
    };
    let gavg: f64 = (0..n)
        .filter(|&i| included[i])
        .map(|i| weights[i] * ghosh_total[i])
        .sum();
    let (forward_ghosh_intra, forward_ghosh_inter) = if multi {
        let intra: Vec<f64> = nan_unless(
            (0..n)
                .map(|i| {
                    if x[i] > 0.0 {
                        s.value[(i, 2 + region_of[i])] / x[i]
                    } else {
                        f64::NAN
                    }
                })
                .collect(),
        );
        let fi = intra.iter().map(|v| v / gavg).collect();
        let fe = (0..n).map(|i| (ghosh_total[i] - intra[i]) / gavg).collect();
        (Some(fi), Some(fe))
    } else {
        (None, None)
    };

    let (backward_variability, forward_variability) = if opts.skip_variability {
        (None, None)
    } else {
        let (cv, rv, r) = variability(model, &included, &backward_total, &forward_total, n_inc)?;
        residual = residual.max(r);
        (Some(cv), Some(rv))
    };

    let fsel = match opts.forward_basis {
        ForwardBasis::Ghosh => &forward_ghosh,
        ForwardBasis::Leontief => &forward,
    };
    let class = (0..n)
        .map(|i| {
            if !included[i] {
                return None;
            }
            Some(match (backward[i] > 1.0, fsel[i] > 1.0) {
                (true, true) => KeyClass::Key,
                (true, false) => KeyClass::Backward,
                (false, true) => KeyClass::Forward,
                (false, false) => KeyClass::Weak,
            })
        })
        .collect();

    Ok(Linkages {
        included,
        backward_direct,
        forward_direct,
        backward_total,
        forward_total,
        ghosh_total,
        backward,
        forward,
        forward_ghosh,
        backward_variability,
        forward_variability,
        backward_total_intra,
        backward_total_inter,
        backward_intra,
        backward_inter,
        forward_ghosh_intra,
        forward_ghosh_inter,
        class,
        residual,
    })
}

/// Rasmussen variability indices of the columns and rows of L over included sectors,
/// from column blocks of L (solves with blocks of the identity; L is never stored).
fn variability(
    model: &Leontief,
    included: &[bool],
    colsum: &[f64],
    rowsum: &[f64],
    n_inc: usize,
) -> Result<(Vec<f64>, Vec<f64>, f64)> {
    let n = model.n();
    let mut col_sq = vec![0.0; n];
    let mut row_sq = vec![0.0; n];
    let mut residual = 0.0f64;
    const BLOCK: usize = 256;
    let mut start = 0;
    while start < n {
        let width = BLOCK.min(n - start);
        let e = Mat::from_fn(n, width, |i, k| if i == start + k { 1.0 } else { 0.0 });
        let r = model.solve_batch(e.as_ref())?;
        residual = residual.max(r.residual);
        for k in 0..width {
            let j = start + k;
            if !included[j] {
                continue;
            }
            let c = r.value.col(k);
            for i in 0..n {
                if included[i] {
                    let v = c[i];
                    col_sq[j] += v * v;
                    row_sq[i] += v * v;
                }
            }
        }
        start += width;
    }
    let m = n_inc as f64;
    let cv = |sq: &[f64], sum: &[f64]| -> Vec<f64> {
        (0..n)
            .map(|j| {
                if !included[j] || n_inc < 2 {
                    return f64::NAN;
                }
                let mean = sum[j] / m;
                let var = ((sq[j] - m * mean * mean) / (m - 1.0)).max(0.0);
                var.sqrt() / mean
            })
            .collect()
    };
    Ok((cv(&col_sq, colsum), cv(&row_sq, rowsum), residual))
}
