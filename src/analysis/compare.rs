//! Accuracy of an estimated (non-survey) regional table against a benchmark (survey)
//! table: the measures of the regionalization literature, region by region.
//!
//! For a region `r` present in both tables, with the region's own block of coefficients
//! `A^rr` (`a_ij = z^rr_ij / x^r_j`; hat = estimated, no hat = benchmark), the
//! intraregional Type I output multipliers `m' = 1'(I − A^rr)⁻¹` (the single-region
//! model: purchases from other regions and abroad are leakages), and the benchmark's
//! output shares `w_j = x_j / Σ_k x_k` over the compared sectors:
//!
//! * multipliers: `MAPE = (100/n) Σ_j |m̂_j − m_j| / m_j`; output-weighted
//!   `WMAPE = 100 Σ_j w_j |m̂_j − m_j| / m_j`; the signed mean percentage error
//!   `MPE = (100/n) Σ_j (m̂_j − m_j) / m_j` (positive = overstated); Theil's
//!   `U = 100 [Σ_j (m̂_j − m_j)² / Σ_j m_j²]^½`;
//! * coefficients: the standardized total percentage error
//!   `STPE = 100 Σ_ij |â_ij − a_ij| / Σ_ij a_ij` and Theil's
//!   `U = 100 [Σ_ij (â_ij − a_ij)² / Σ_ij a_ij²]^½`;
//! * intraregional purchase shares `s_j = Σ_i z^rr_ij / T_j`, with `T_j` all intermediate
//!   purchases of `(r, j)`: from every region of the table plus the primary-input rows
//!   named as imports; reported as the mean absolute difference in percentage points
//!   `(100/n) Σ_j |ŝ_j − s_j|` and as the aggregate shares `Σ_j Σ_i z^rr_ij / Σ_j T_j`
//!   of each table.
//!
//! Sources: STPE (Miller & Blair 2009, ch. 8; Lahr 1993); MAPE of multipliers and
//! Theil's U as used by Flegg & Tohmo (2013, Regional Studies 47(5)) and Bonfiglio &
//! Chelli (2008, Economic Systems Research 20(3)); see docs/validation.md.
//!
//! Sectors with zero output in the region in either table have no defined multiplier
//! or purchase share: they are left out of those measures and listed in `skipped`; their
//! (zero) coefficient columns still count in STPE and U of the coefficients.

use crate::error::{Error, Result};
use crate::model::Leontief;
use crate::table::IoTable;
use faer::Mat;
use std::path::Path;

/// A table with the name it is reported under (its path, in errors and output).
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    /// The table.
    pub table: &'a IoTable,
    /// Where it came from.
    pub path: &'a Path,
}

/// A region of the estimated table and the region of the benchmark it is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionPair {
    /// Region label in the estimated table.
    pub estimated: String,
    /// Region label in the benchmark table.
    pub benchmark: String,
}

impl RegionPair {
    /// Parse `R` (same label in both) or `EST=BENCH`.
    pub fn parse(s: &str) -> Result<Self> {
        let (e, b) = match s.split_once('=') {
            Some((e, b)) => (e.trim(), b.trim()),
            None => (s.trim(), s.trim()),
        };
        if e.is_empty() || b.is_empty() {
            return Err(Error::bad_value(
                "region pair",
                s,
                "a region label or ESTIMATED=BENCHMARK",
            ));
        }
        Ok(RegionPair {
            estimated: e.to_string(),
            benchmark: b.to_string(),
        })
    }

    /// `R` or `EST=BENCH`.
    pub fn label(&self) -> String {
        if self.estimated == self.benchmark {
            self.estimated.clone()
        } else {
            format!("{}={}", self.estimated, self.benchmark)
        }
    }
}

/// What to compare.
#[derive(Debug, Clone, Default)]
pub struct CompareOptions {
    /// Regions to compare; empty = every region whose label is in both tables.
    pub regions: Vec<RegionPair>,
    /// Primary-input rows (VA.csv) that are purchased imports, in either table: they
    /// count in the denominator of the purchase shares.
    pub import_rows: Vec<String>,
}

/// The data of one region of one table that the measures need.
#[derive(Debug, Clone)]
pub struct RegionData {
    /// Sector labels (benchmark order).
    pub sectors: Vec<String>,
    /// Intraregional coefficients `A^rr`.
    pub a: Mat<f64>,
    /// Output of the region by sector.
    pub x: Vec<f64>,
    /// Intraregional Type I output multipliers `1'(I − A^rr)⁻¹`.
    pub m: Vec<f64>,
    /// Intraregional purchase share by sector (None for all when not computable).
    pub share: Option<Vec<f64>>,
    /// Aggregate intraregional share `Σ z^rr / Σ T` (None when not computable).
    pub share_total: Option<f64>,
}

/// The measures for one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Accuracy {
    /// Sectors compared for multipliers and shares.
    pub sectors: usize,
    /// Sectors left out (zero output in the region in either table).
    pub skipped: Vec<String>,
    /// Mean absolute percentage error of the Type I output multipliers, %.
    pub mape: f64,
    /// Output-weighted MAPE, %.
    pub wmape: f64,
    /// Mean percentage error (signed), %.
    pub mpe: f64,
    /// Theil's U of the multipliers, %.
    pub u_mult: f64,
    /// Standardized total percentage error of the coefficients, %.
    pub stpe: f64,
    /// Theil's U of the coefficients, %.
    pub u_coef: f64,
    /// Mean absolute difference of the intraregional purchase shares, percentage points.
    pub share_mad: Option<f64>,
    /// Aggregate intraregional purchase share of the estimate, %.
    pub share_estimated: Option<f64>,
    /// Aggregate intraregional purchase share of the benchmark, %.
    pub share_benchmark: Option<f64>,
    /// Per sector (compared sectors only): label, estimated and benchmark multiplier,
    /// estimated and benchmark share.
    pub by_sector: Vec<SectorRow>,
}

/// One sector's multipliers and shares in both tables.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorRow {
    /// Sector label.
    pub sector: String,
    /// Estimated multiplier.
    pub m_est: f64,
    /// Benchmark multiplier.
    pub m_bench: f64,
    /// Estimated purchase share (fraction).
    pub s_est: Option<f64>,
    /// Benchmark purchase share (fraction).
    pub s_bench: Option<f64>,
}

/// One compared region.
#[derive(Debug, Clone)]
pub struct RegionAccuracy {
    /// The region pair.
    pub region: RegionPair,
    /// Its measures.
    pub accuracy: Accuracy,
}

/// Compare `estimated` with `benchmark`, region by region.
pub fn compare(
    estimated: Named<'_>,
    benchmark: Named<'_>,
    opts: &CompareOptions,
) -> Result<Vec<RegionAccuracy>> {
    check_import_rows(estimated, benchmark, &opts.import_rows)?;
    let pairs = region_pairs(estimated, benchmark, &opts.regions)?;
    let mut out = Vec::with_capacity(pairs.len());
    for p in pairs {
        let b = region_data(benchmark, &p.benchmark, None, &opts.import_rows)?;
        let order = align_sectors(estimated, &p.estimated, benchmark, &p.benchmark, &b.sectors)?;
        let e = region_data(estimated, &p.estimated, Some(&order), &opts.import_rows)?;
        let accuracy = measures(&e, &b)?;
        out.push(RegionAccuracy {
            region: p,
            accuracy,
        });
    }
    Ok(out)
}

/// Refuse an import row that is a primary-input row of neither table.
pub fn check_import_rows(est: Named<'_>, bench: Named<'_>, rows: &[String]) -> Result<()> {
    for r in rows {
        if !est.table.va_labels.contains(r) && !bench.table.va_labels.contains(r) {
            return Err(Error::unknown(
                format!(
                    "import rows of {} and {}",
                    est.path.display(),
                    bench.path.display()
                ),
                "primary-input row",
                r,
                format!(
                    "rows of {}: {}; rows of {}: {}",
                    est.path.display(),
                    est.table.va_labels.join(", "),
                    bench.path.display(),
                    bench.table.va_labels.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// The region pairs compared: `wanted`, each label checked against its table, or when
/// none are wanted the labels both tables have.
pub fn region_pairs(
    est: Named<'_>,
    bench: Named<'_>,
    wanted: &[RegionPair],
) -> Result<Vec<RegionPair>> {
    let er = est.table.index.region_list();
    let br = bench.table.index.region_list();
    if wanted.is_empty() {
        let common: Vec<RegionPair> = er
            .iter()
            .filter(|r| br.contains(r))
            .map(|r| RegionPair {
                estimated: r.clone(),
                benchmark: r.clone(),
            })
            .collect();
        if common.is_empty() {
            return Err(Error::conflict("the two tables", format!(
                "no region label is in both tables ({}: {}; {}: {}): pair the regions as ESTIMATED=BENCHMARK",
                est.path.display(),
                er.join(", "),
                bench.path.display(),
                br.join(", ")
            )));
        }
        return Ok(common);
    }
    for p in wanted {
        for (label, list, t) in [(&p.estimated, er, est), (&p.benchmark, br, bench)] {
            if !list.contains(label) {
                return Err(Error::unknown(
                    t.path.display(),
                    "region",
                    label,
                    format!("expected one of {}", list.join(", ")),
                ));
            }
        }
    }
    Ok(wanted.to_vec())
}

/// Positions (in `est`) of the benchmark's sectors of the region, in benchmark order.
fn align_sectors(
    est: Named<'_>,
    est_region: &str,
    bench: Named<'_>,
    bench_region: &str,
    bench_sectors: &[String],
) -> Result<Vec<usize>> {
    let ix = &est.table.index;
    let pos = ix.positions_in_region(est_region);
    let est_sectors: Vec<&String> = pos.iter().map(|&p| &ix.sectors()[p]).collect();
    for s in &est_sectors {
        if !bench_sectors.contains(s) {
            return Err(Error::label(
                est.path,
                format!(
                    "sector `{s}` of region `{est_region}` is not a sector of region `{bench_region}` in {} (its sectors: {})",
                    bench.path.display(),
                    bench_sectors.join(", ")
                ),
            ));
        }
    }
    bench_sectors
        .iter()
        .map(|s| {
            pos.iter()
                .copied()
                .find(|&p| &ix.sectors()[p] == s)
                .ok_or_else(|| {
                    Error::label(
                        bench.path,
                        format!(
                            "sector `{s}` of region `{bench_region}` is not a sector of region `{est_region}` in {}",
                            est.path.display()
                        ),
                    )
                })
        })
        .collect()
}

/// The block of `region` (positions `order`, or the region's own order), its output
/// and purchase shares.
fn region_data(
    t: Named<'_>,
    region: &str,
    order: Option<&[usize]>,
    import_rows: &[String],
) -> Result<RegionData> {
    let table = t.table;
    let ix = &table.index;
    let pos: Vec<usize> = match order {
        Some(o) => o.to_vec(),
        None => ix.positions_in_region(region),
    };
    let sectors: Vec<String> = pos.iter().map(|&p| ix.sectors()[p].clone()).collect();
    let n = pos.len();
    let x: Vec<f64> = pos.iter().map(|&p| table.x[p]).collect();
    if let Some(k) = x.iter().position(|v| !v.is_finite() || *v < 0.0) {
        return Err(Error::label(
            t.path,
            format!(
                "output of `{}` is {}: expected a finite value >= 0",
                ix.ids()[pos[k]],
                x[k]
            ),
        ));
    }
    let a = Mat::from_fn(n, n, |i, j| {
        if x[j] > 0.0 {
            table.z[(pos[i], pos[j])] / x[j]
        } else {
            0.0
        }
    });
    let imp: Vec<usize> = (0..table.va_labels.len())
        .filter(|&k| import_rows.contains(&table.va_labels[k]))
        .collect();
    let computable = ix.is_multi_region() || !imp.is_empty();
    let (share, share_total) = if computable {
        let mut inside = vec![0.0; n];
        let mut all = vec![0.0; n];
        for j in 0..n {
            let q = pos[j];
            inside[j] = pos.iter().map(|&p| table.z[(p, q)]).sum();
            all[j] = (0..table.len()).map(|p| table.z[(p, q)]).sum::<f64>()
                + imp.iter().map(|&k| table.va[(k, q)]).sum::<f64>();
        }
        let s: Vec<f64> = (0..n)
            .map(|j| {
                if all[j] > 0.0 {
                    inside[j] / all[j]
                } else {
                    f64::NAN
                }
            })
            .collect();
        let (si, sa) = (inside.iter().sum::<f64>(), all.iter().sum::<f64>());
        (Some(s), (sa > 0.0).then(|| si / sa))
    } else {
        (None, None)
    };
    let mut d = RegionData::new(sectors, a, x, share)
        .map_err(|e| Error::label(t.path, format!("region `{region}`: {e}")))?;
    d.share_total = share_total;
    Ok(d)
}

/// The measures of `est` against `bench` (same sectors in the same order).
pub fn measures(est: &RegionData, bench: &RegionData) -> Result<Accuracy> {
    let n = bench.sectors.len();
    if est.sectors != bench.sectors {
        return Err(Error::conflict(
            "the two regions",
            "their sectors differ (labels or order)",
        ));
    }
    let (m_est, m_bench) = (&est.m, &bench.m);
    let keep: Vec<usize> = (0..n)
        .filter(|&j| est.x[j] > 0.0 && bench.x[j] > 0.0)
        .collect();
    let skipped: Vec<String> = (0..n)
        .filter(|j| !keep.contains(j))
        .map(|j| bench.sectors[j].clone())
        .collect();
    if keep.is_empty() {
        return Err(Error::Model(
            "no sector has positive output in the region in both tables: nothing to compare".into(),
        ));
    }
    let k = keep.len() as f64;
    let xsum: f64 = keep.iter().map(|&j| bench.x[j]).sum();
    let rel: Vec<f64> = keep
        .iter()
        .map(|&j| (m_est[j] - m_bench[j]) / m_bench[j])
        .collect();
    let mape = 100.0 * rel.iter().map(|r| r.abs()).sum::<f64>() / k;
    let wmape = 100.0
        * keep
            .iter()
            .zip(&rel)
            .map(|(&j, r)| bench.x[j] / xsum * r.abs())
            .sum::<f64>();
    let mpe = 100.0 * rel.iter().sum::<f64>() / k;
    let u_mult = theil(keep.iter().map(|&j| (m_est[j], m_bench[j])));
    let (mut abs_diff, mut total) = (0.0, 0.0);
    for j in 0..n {
        for i in 0..n {
            abs_diff += (est.a[(i, j)] - bench.a[(i, j)]).abs();
            total += bench.a[(i, j)];
        }
    }
    if total <= 0.0 {
        return Err(Error::Model(
            "the benchmark region buys nothing from itself (all coefficients zero): STPE is undefined"
                .into(),
        ));
    }
    let stpe = 100.0 * abs_diff / total;
    let u_coef = theil(
        (0..n)
            .flat_map(|j| (0..n).map(move |i| (i, j)))
            .map(|(i, j)| (est.a[(i, j)], bench.a[(i, j)])),
    );
    let share_mad = match (&est.share, &bench.share) {
        (Some(se), Some(sb)) => {
            let d: Vec<f64> = keep
                .iter()
                .filter(|&&j| se[j].is_finite() && sb[j].is_finite())
                .map(|&j| (se[j] - sb[j]).abs())
                .collect();
            (!d.is_empty()).then(|| 100.0 * d.iter().sum::<f64>() / d.len() as f64)
        }
        _ => None,
    };
    let finite =
        |s: &Option<Vec<f64>>, j: usize| s.as_ref().map(|v| v[j]).filter(|v| v.is_finite());
    let by_sector = keep
        .iter()
        .map(|&j| SectorRow {
            sector: bench.sectors[j].clone(),
            m_est: m_est[j],
            m_bench: m_bench[j],
            s_est: finite(&est.share, j),
            s_bench: finite(&bench.share, j),
        })
        .collect();
    Ok(Accuracy {
        sectors: keep.len(),
        skipped,
        mape,
        wmape,
        mpe,
        u_mult,
        stpe,
        u_coef,
        share_mad,
        share_estimated: est.share_total.map(|s| 100.0 * s),
        share_benchmark: bench.share_total.map(|s| 100.0 * s),
        by_sector,
    })
}

/// `100 [Σ (p − a)² / Σ a²]^½`.
fn theil(pairs: impl Iterator<Item = (f64, f64)>) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (p, a) in pairs {
        num += (p - a) * (p - a);
        den += a * a;
    }
    if den > 0.0 {
        100.0 * (num / den).sqrt()
    } else {
        f64::NAN
    }
}

impl RegionData {
    /// A region's data from its coefficients `a`, output `x` and purchase shares
    /// (fractions); computes the multipliers. Errors when `I − a` is not productive.
    pub fn new(
        sectors: Vec<String>,
        a: Mat<f64>,
        x: Vec<f64>,
        share: Option<Vec<f64>>,
    ) -> Result<Self> {
        let n = sectors.len();
        if a.nrows() != n
            || a.ncols() != n
            || x.len() != n
            || share.as_ref().is_some_and(|s| s.len() != n)
        {
            return Err(Error::shape(
                "region data",
                format!(
                    "A is {} x {}, x has {} entries",
                    a.nrows(),
                    a.ncols(),
                    x.len()
                ),
                format!("{n} sectors in each"),
            ));
        }
        let model = Leontief::new(a.clone(), sectors.clone())?;
        let m = model.output_multipliers()?.value;
        Ok(RegionData {
            sectors,
            a,
            x,
            m,
            share,
            share_total: None,
        })
    }
}
