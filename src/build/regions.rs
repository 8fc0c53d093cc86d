//! Steps 3 and 5 of the pipeline: regional sizes and outputs from the indicator file,
//! and the final demand located in each region.

use super::inputs::RegionalValues;
use crate::error::{Error, Result};
use faer::Mat;

/// The regions of a build and their sizes (step 3).
#[derive(Debug, Clone)]
pub struct Regional {
    /// Region codes: the listed regions in file order, then the rest region (if any).
    pub regions: Vec<String>,
    /// Number of listed regions (the rest region, if any, is the last one after them).
    pub listed: usize,
    /// True when the last region is the rest of the parent.
    pub has_rest: bool,
    /// Sizes `E^r_i` by region and sector (basis of the indicator file).
    pub sizes: Vec<Vec<f64>>,
    /// Parent sizes `E^n_i`.
    pub parent: Vec<f64>,
    /// Regional output `x^r_i = E^r_i · x^n_i / E^n_i`.
    pub x: Vec<Vec<f64>>,
    /// Each region's share of the parent's total size `Σ_i E^r_i / Σ_i E^n_i`.
    pub share: Vec<f64>,
}

impl Regional {
    /// Number of regions.
    pub fn len(&self) -> usize {
        self.regions.len()
    }
    /// True when there are no regions.
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }
}

/// Step 3: the listed regions' sizes, the rest region as the parent minus them, and
/// regional outputs. `source` names the indicator file in errors; `xn` is the parent
/// output and `en` its sizes; `sectors` name sectors in errors.
pub fn regional_sizes(
    ind: &RegionalValues,
    rest: Option<&str>,
    en: &[f64],
    xn: &[f64],
    sectors: &[String],
    source: &str,
) -> Result<Regional> {
    let n = en.len();
    let mut regions = ind.regions.clone();
    let mut sizes = ind.values.clone();
    if let Some(rest) = rest {
        if regions.iter().any(|r| r == rest) {
            return Err(Error::conflict(
                source,
                format!(
                    "the rest region `{rest}` must not be listed in the indicator file (it is \
                     the parent minus the listed regions)"
                ),
            ));
        }
        let mut er = vec![0.0; n];
        for i in 0..n {
            let listed: f64 = sizes.iter().map(|v| v[i]).sum();
            let left = en[i] - listed;
            if left < -1e-9 * en[i].abs().max(1.0) {
                return Err(Error::Model(format!(
                    "{source}: the listed regions' sizes of sector `{}` add up to {listed}, more than the parent's {}",
                    sectors[i], en[i]
                )));
            }
            er[i] = left.max(0.0);
        }
        regions.push(rest.to_string());
        sizes.push(er);
    }
    for r in &regions {
        if !r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(Error::bad_value(
                "region code",
                r,
                "letters, digits and `-` only (ids are REGION_sector)",
            ));
        }
    }
    let x: Vec<Vec<f64>> = sizes
        .iter()
        .map(|e| {
            (0..n)
                .map(|i| {
                    if en[i] > 0.0 {
                        e[i] * xn[i] / en[i]
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    let total_en: f64 = en.iter().sum();
    let share: Vec<f64> = sizes
        .iter()
        .map(|e| e.iter().sum::<f64>() / total_en)
        .collect();
    Ok(Regional {
        listed: ind.regions.len(),
        has_rest: rest.is_some(),
        regions,
        sizes,
        parent: en.to_vec(),
        x,
        share,
    })
}

/// Final demand located in the regions (step 5).
#[derive(Debug, Clone)]
pub struct LocatedDemand {
    /// Parent Y columns that are regional final demand (not foreign exports).
    pub columns: Vec<usize>,
    /// Parent Y columns that are foreign exports.
    pub export_columns: Vec<usize>,
    /// Region r's final demand by good and category (n × columns), all origins.
    pub y: Vec<Mat<f64>>,
    /// Foreign exports by region and good (shipped by the producing region).
    pub exports: Vec<Vec<f64>>,
}

impl LocatedDemand {
    /// Region s's final demand for good i, all categories.
    pub fn total(&self, s: usize, i: usize) -> f64 {
        (0..self.columns.len()).map(|k| self.y[s][(i, k)]).sum()
    }
}

/// Step 5: each non-export column of the parent's `y` (n × K) is shared out by
/// regional size; foreign exports by regional output of the good.
pub fn locate_final_demand(
    y: &Mat<f64>,
    is_export: &[bool],
    xn: &[f64],
    reg: &Regional,
) -> LocatedDemand {
    let n = y.nrows();
    let kex: Vec<usize> = (0..y.ncols()).filter(|&k| is_export[k]).collect();
    let kfd: Vec<usize> = (0..y.ncols()).filter(|k| !kex.contains(k)).collect();
    let ex_n: Vec<f64> = (0..n)
        .map(|i| kex.iter().map(|&k| y[(i, k)]).sum())
        .collect();
    let y_reg: Vec<Mat<f64>> = reg
        .share
        .iter()
        .map(|&sh| Mat::from_fn(n, kfd.len(), |i, k| y[(i, kfd[k])] * sh))
        .collect();
    let e_reg: Vec<Vec<f64>> = reg
        .x
        .iter()
        .map(|x| {
            (0..n)
                .map(|i| {
                    if xn[i] > 0.0 {
                        ex_n[i] * x[i] / xn[i]
                    } else {
                        0.0
                    }
                })
                .collect()
        })
        .collect();
    LocatedDemand {
        columns: kfd,
        export_columns: kex,
        y: y_reg,
        exports: e_reg,
    }
}
