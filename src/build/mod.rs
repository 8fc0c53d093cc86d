//! Making tables where data are scarce (METHODS 1.6, 4, 6, 7): domestic technology
//! from competitive-import tables, location-quotient regionalization, interregional
//! trade (self-supply, CHARM, gravity), the Chenery–Moses assembly, balancing (RAS,
//! GRAS) and aggregation. [`build`] runs the whole pipeline from a [`Recipe`].
//!
//! Pipeline (each step's formula is in its module):
//! 1. read the parent; competitive imports → domestic flows (import proportionality);
//! 2. aggregate its sectors with the concordance;
//! 3. regional sizes `E^r` from the indicator file; the rest region = parent − listed;
//!    regional output `x^r_i = E^r_i · x^n_i / E^n_i` (E = output or value added);
//! 4. every region uses the parent's domestic technology `A^n` (Chenery–Moses regional
//!    technology), foreign-import and value-added coefficients;
//! 5. final demand: each non-export parent column is shared out by regional size,
//!    foreign exports by regional output of the good;
//! 6. self-supply of the listed regions by LQ (`a^n_ij · min(1, Q_ij)` for intermediate
//!    users, `min(1, Q_ii)` for final users) or CHARM; the rest region's self-supply
//!    comes out of the gravity step (internal distance `rest_internal_km`);
//! 7. doubly-constrained gravity for the remaining shipments of every good;
//! 8. trade coefficients `C`, `x = (I − CÃ)⁻¹ (C y + e)`, `Z = CÃ x̂`.
//!
//! The result reproduces the regional outputs of step 3 (up to rounding) and
//! balances by rows and columns.

pub mod aggregate;
pub mod balance;
pub mod domestic;
pub mod recipe;
pub mod regionalize;
pub mod trade;

pub use recipe::Recipe;

use crate::error::{Error, Result};
use crate::table::csvio::{parse_number, LabeledMatrix};
use crate::table::{read_table, read_text_csv, Index, IoTable, Meta, Satellite};
use faer::Mat;
use recipe::{Basis, Imports, SelfSupply};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Values by (region, sector) read from `region,sector,value[,...]`.
#[derive(Debug, Clone)]
pub struct RegionalValues {
    /// Regions in order of first appearance.
    pub regions: Vec<String>,
    /// `values[r][i]` for sector i of `sectors`.
    pub values: Vec<Vec<f64>>,
}

/// Read `region,sector,value[,...]` (extra columns such as `status` or `source` are
/// ignored). `sectors` are the allowed sector codes; unlisted pairs are zero.
pub fn read_regional_values(path: &Path, sectors: &[String]) -> Result<RegionalValues> {
    let (header, rows) = read_text_csv(path)?;
    if header.len() < 3 || header[0] != "region" || header[1] != "sector" || header[2] != "value" {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "header is `{}`: expected `region,sector,value` (further columns allowed)",
                header.join(",")
            ),
        });
    }
    let mut regions: Vec<String> = Vec::new();
    let mut values: Vec<Vec<f64>> = Vec::new();
    let mut seen: BTreeMap<(String, String), u64> = BTreeMap::new();
    for (line, f) in rows {
        let (r, s) = (f[0].clone(), f[1].clone());
        if r.is_empty() {
            return Err(Error::label(path, format!("line {line}: empty region")));
        }
        let i = sectors.iter().position(|x| *x == s).ok_or_else(|| {
            Error::label(
                path,
                format!(
                    "line {line}: unknown sector `{s}`: expected one of {}",
                    sectors.join(", ")
                ),
            )
        })?;
        let v = parse_number(&f[2]).map_err(|e| Error::Cell {
            path: path.to_path_buf(),
            line,
            column: 3,
            row: format!("{r},{s}"),
            col: "value".into(),
            value: f[2].clone(),
            expected: e.into(),
        })?;
        if v < 0.0 {
            return Err(Error::label(
                path,
                format!("line {line}: value {v} for `{r}`, `{s}` is negative: expected >= 0"),
            ));
        }
        if let Some(first) = seen.insert((r.clone(), s.clone()), line) {
            return Err(Error::label(
                path,
                format!("line {line}: `{r}`, `{s}` is given twice (first on line {first})"),
            ));
        }
        let k = match regions.iter().position(|x| *x == r) {
            Some(k) => k,
            None => {
                regions.push(r.clone());
                values.push(vec![0.0; sectors.len()]);
                regions.len() - 1
            }
        };
        values[k][i] = v;
    }
    if regions.is_empty() {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 2,
            message: "no values".into(),
        });
    }
    Ok(RegionalValues { regions, values })
}

/// Read `origin,destination,km` into an R × R matrix over `regions` (diagonal 0).
/// Every ordered pair of distinct regions must be present.
pub fn read_distances(path: &Path, regions: &[String]) -> Result<Mat<f64>> {
    let (header, rows) = read_text_csv(path)?;
    if header.len() < 3 || header[0] != "origin" || header[1] != "destination" || header[2] != "km"
    {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "header is `{}`: expected `origin,destination,km`",
                header.join(",")
            ),
        });
    }
    let r = regions.len();
    let mut d = Mat::<f64>::from_fn(r, r, |_, _| f64::NAN);
    for (line, f) in rows {
        let (Some(a), Some(b)) = (
            regions.iter().position(|x| *x == f[0]),
            regions.iter().position(|x| *x == f[1]),
        ) else {
            // Pairs of regions not in the table are allowed (a wider distance file).
            continue;
        };
        let km = parse_number(&f[2]).map_err(|e| Error::Cell {
            path: path.to_path_buf(),
            line,
            column: 3,
            row: format!("{},{}", f[0], f[1]),
            col: "km".into(),
            value: f[2].clone(),
            expected: e.into(),
        })?;
        if a != b && km <= 0.0 {
            return Err(Error::label(
                path,
                format!("line {line}: distance {km} km: expected a positive distance"),
            ));
        }
        d[(a, b)] = km;
    }
    for a in 0..r {
        d[(a, a)] = 0.0;
        for b in 0..r {
            if a != b && d[(a, b)].is_nan() {
                return Err(Error::label(
                    path,
                    format!(
                        "no distance from `{}` to `{}`: every ordered pair of regions is needed",
                        regions[a], regions[b]
                    ),
                ));
            }
        }
    }
    Ok(d)
}

/// An input file recorded in the build metadata: recipe text, size and SHA-256.
fn fingerprint(raw: &str, path: &Path) -> Result<toml::Table> {
    let bytes = crate::fsio::read_bytes(path)?;
    let mut t = toml::Table::new();
    t.insert("path".into(), toml::Value::String(raw.to_string()));
    t.insert("bytes".into(), toml::Value::Integer(bytes.len() as i64));
    t.insert(
        "sha256".into(),
        toml::Value::String(format!("{:x}", Sha256::digest(&bytes))),
    );
    Ok(t)
}

/// Files of a table folder that the build reads, fingerprinted.
fn folder_fingerprint(raw: &str, dir: &Path, extra: &[&str]) -> Result<toml::Table> {
    let mut t = toml::Table::new();
    t.insert("path".into(), toml::Value::String(raw.to_string()));
    let mut files = toml::Table::new();
    for name in [
        "index.csv",
        "Z.csv",
        "Y.csv",
        "VA.csv",
        "x.csv",
        "table.toml",
    ]
    .iter()
    .chain(extra)
    {
        let p = dir.join(name);
        if p.exists() {
            let bytes = crate::fsio::read_bytes(&p)?;
            files.insert(
                name.to_string(),
                toml::Value::String(format!("{:x}", Sha256::digest(&bytes))),
            );
        }
    }
    t.insert("sha256".into(), toml::Value::Table(files));
    Ok(t)
}

/// A built table and what the build measured.
#[derive(Debug, Clone)]
pub struct Built {
    /// The multiregional table (metadata includes `[build]`).
    pub table: IoTable,
    /// Largest relative difference between the solved output and the regional output
    /// implied by the indicators.
    pub output_gap: f64,
    /// Spectral radius estimate of `CÃ` (upper bound).
    pub spectral_radius: f64,
    /// Largest number of gravity (RAS) sweeps over goods.
    pub gravity_iterations: usize,
}

/// Run the pipeline of `recipe` (read from `recipe_path`; relative paths are relative
/// to its folder).
pub fn build(recipe: &Recipe, recipe_path: &Path) -> Result<Built> {
    let base = recipe_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let res = |raw: &str| recipe::resolve(&base, raw);
    let mut inputs = toml::Table::new();

    // 1. Parent.
    let parent_dir = res(&recipe.parent.path)?;
    let parent = read_table(&parent_dir)?;
    let mut extra_files: Vec<&str> = Vec::new();
    if let Some(f) = &recipe.parent.z_imports {
        extra_files.push(f);
    }
    if let Some(f) = &recipe.parent.y_imports {
        extra_files.push(f);
    }
    inputs.insert(
        "parent".into(),
        toml::Value::Table(folder_fingerprint(
            &recipe.parent.path,
            &parent_dir,
            &extra_files,
        )?),
    );
    let pids = parent.index.ids().to_vec();
    // Imports by good (for CHARM) and total-technology flows.
    let (parent, z_imp, m_total) = match recipe.parent.imports {
        Imports::Proportional => {
            let col = recipe.parent.import_column.as_deref().expect("validated");
            let kim = parent.y_labels.iter().position(|l| l == col);
            let m_total: Vec<f64> = match kim {
                Some(k) => (0..parent.len()).map(|i| -parent.y[(i, k)]).collect(),
                None => vec![0.0; parent.len()],
            };
            let d = domestic::import_proportionality(&parent, col, &recipe.parent.export_columns)?;
            let n = parent.len();
            let zi = Mat::from_fn(n, n, |i, j| d.m[i] * parent.z[(i, j)]);
            (d.table, Some(zi), Some(m_total))
        }
        Imports::Separate => {
            let zi = match &recipe.parent.z_imports {
                Some(f) => Some(LabeledMatrix::read(&parent_dir.join(f))?.aligned(
                    &pids,
                    &pids,
                    "parent ids",
                )?),
                None => None,
            };
            let m_total = match (&zi, &recipe.parent.y_imports) {
                (Some(zi), Some(f)) => {
                    let yi = LabeledMatrix::read(&parent_dir.join(f))?
                        .rows_aligned(&pids, "parent ids")?;
                    Some(
                        (0..pids.len())
                            .map(|i| {
                                (0..zi.ncols()).map(|j| zi[(i, j)]).sum::<f64>()
                                    + (0..yi.ncols()).map(|k| yi[(i, k)]).sum::<f64>()
                            })
                            .collect::<Vec<f64>>(),
                    )
                }
                _ => None,
            };
            (parent, zi, m_total)
        }
    };
    for c in &recipe.parent.export_columns {
        if !parent.y_labels.contains(c) {
            return Err(Error::Invalid(format!(
                "recipe: export column `{c}` is not a column of the parent's Y.csv (columns: {})",
                parent.y_labels.join(", ")
            )));
        }
    }
    for r in &recipe.parent.import_rows {
        if !parent.va_labels.contains(r) {
            return Err(Error::Invalid(format!(
                "recipe: import row `{r}` is not a row of the parent's VA.csv"
            )));
        }
    }

    // 2. Aggregate.
    let (parent, z_imp, m_total) = match &recipe.parent.concordance {
        Some(cpath) => {
            let p = res(cpath)?;
            inputs.insert(
                "concordance".into(),
                toml::Value::Table(fingerprint(cpath, &p)?),
            );
            let conc = aggregate::Concordance::read(&p)?;
            let agg = aggregate::aggregate_sectors(&parent, &conc)?;
            let map = conc.map(parent.index.sector_list(), "sectors of the parent")?;
            let nt = conc.targets.len();
            let zi = z_imp.map(|zi| {
                let mut out = Mat::<f64>::zeros(nt, nt);
                for j in 0..zi.ncols() {
                    for i in 0..zi.nrows() {
                        out[(map[i], map[j])] += zi[(i, j)];
                    }
                }
                out
            });
            let mt = m_total.map(|m| {
                let mut out = vec![0.0; nt];
                for (i, v) in m.iter().enumerate() {
                    out[map[i]] += v;
                }
                out
            });
            (agg, zi, mt)
        }
        None => (parent, z_imp, m_total),
    };
    if parent.index.is_multi_region() {
        return Err(Error::Invalid(
            "the parent must be a single-region table".into(),
        ));
    }
    let n = parent.len();
    let sectors = parent.index.ids().to_vec();
    let sector_names: Vec<String> = (0..n)
        .map(|i| parent.index.name(i).unwrap_or(&sectors[i]).to_string())
        .collect();
    let xn = parent.x.clone();
    let a_n = crate::model::technical_coefficients(
        parent.z.as_ref(),
        &xn,
        &sectors,
        crate::model::ZeroOutput::Inert,
    )?;
    let is_import_row: Vec<bool> = parent
        .va_labels
        .iter()
        .map(|l| recipe.parent.import_rows.contains(l) || l == "imported_inputs")
        .collect();
    let va_n: Vec<f64> = (0..n)
        .map(|j| {
            (0..parent.va.nrows())
                .filter(|&p| !is_import_row[p])
                .map(|p| parent.va[(p, j)])
                .sum()
        })
        .collect();
    let en: Vec<f64> = match &recipe.regions.parent_sizes {
        Some(raw) => {
            let p = res(raw)?;
            inputs.insert(
                "parent_sizes".into(),
                toml::Value::Table(fingerprint(raw, &p)?),
            );
            let index = Index::new(sectors.clone(), None, None)?;
            crate::table::read_vector(&p, &index)?
        }
        None => match recipe.regions.basis {
            Basis::Output => xn.clone(),
            Basis::ValueAdded => va_n.clone(),
            Basis::Employment => {
                return Err(Error::Invalid(
                    "basis = \"employment\" needs [regions] parent_sizes (the parent's employment by sector)".into(),
                ))
            }
        },
    };
    if let Some(i) = en.iter().position(|v| *v < 0.0) {
        return Err(Error::Model(format!(
            "parent size of sector `{}` is negative ({})",
            sectors[i], en[i]
        )));
    }

    // 3. Regions.
    let ind_path = res(&recipe.regions.indicators)?;
    inputs.insert(
        "indicators".into(),
        toml::Value::Table(fingerprint(&recipe.regions.indicators, &ind_path)?),
    );
    let ind = read_regional_values(&ind_path, &sectors)?;
    let mut regions = ind.regions.clone();
    let mut sizes = ind.values.clone();
    if let Some(rest) = &recipe.regions.rest {
        if regions.contains(rest) {
            return Err(Error::Invalid(format!(
                "{}: the rest region `{rest}` must not be listed in the indicator file (it is the parent minus the listed regions)",
                ind_path.display()
            )));
        }
        let mut er = vec![0.0; n];
        for i in 0..n {
            let listed: f64 = sizes.iter().map(|v| v[i]).sum();
            let left = en[i] - listed;
            if left < -1e-9 * en[i].abs().max(1.0) {
                return Err(Error::Model(format!(
                    "{}: the listed regions' sizes of sector `{}` add up to {listed}, more than the parent's {} (basis {:?})",
                    ind_path.display(),
                    sectors[i],
                    en[i],
                    recipe.regions.basis
                )));
            }
            er[i] = left.max(0.0);
        }
        regions.push(rest.clone());
        sizes.push(er);
    }
    for r in &regions {
        if !r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(Error::Invalid(format!(
                "region code `{r}`: use letters, digits and `-` only (ids are REGION_sector)"
            )));
        }
    }
    let nr = regions.len();
    let listed = ind.regions.len();
    let xr: Vec<Vec<f64>> = sizes
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

    // 5. Final demand.
    let kex: Vec<usize> = (0..parent.y.ncols())
        .filter(|&k| recipe.parent.export_columns.contains(&parent.y_labels[k]))
        .collect();
    let kfd: Vec<usize> = (0..parent.y.ncols()).filter(|k| !kex.contains(k)).collect();
    let ex_n: Vec<f64> = (0..n)
        .map(|i| kex.iter().map(|&k| parent.y[(i, k)]).sum())
        .collect();
    let y_reg: Vec<Mat<f64>> = share
        .iter()
        .map(|&sh| Mat::from_fn(n, kfd.len(), |i, k| parent.y[(i, kfd[k])] * sh))
        .collect();
    let e_reg: Vec<Vec<f64>> = xr
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

    // 6. Self-supply and margins.
    let mut supply = vec![vec![0.0; n]; nr];
    let mut use_ = vec![vec![0.0; n]; nr];
    let mut selfs = vec![vec![0.0; n]; nr];
    for s in 0..nr {
        for i in 0..n {
            supply[s][i] = (xr[s][i] - e_reg[s][i]).max(0.0);
            use_[s][i] = (0..n).map(|j| a_n[(i, j)] * xr[s][j]).sum::<f64>()
                + (0..kfd.len()).map(|k| y_reg[s][(i, k)]).sum::<f64>();
        }
    }
    let lq = &recipe.regionalize;
    for s in 0..listed {
        match recipe.trade.self_supply {
            SelfSupply::Lq => {
                let q = regionalize::quotients(lq.method, &sizes[s], &en, lq.delta)?;
                let ar = regionalize::regional_coefficients(a_n.as_ref(), q.as_ref());
                let rpc = regionalize::final_demand_rpc(lq.method, &sizes[s], &en, lq.delta)?;
                let yf: Vec<f64> = (0..n)
                    .map(|i| (0..kfd.len()).map(|k| y_reg[s][(i, k)]).sum())
                    .collect();
                let (t, _) =
                    trade::lq_self_supply(a_n.as_ref(), ar.as_ref(), &xr[s], &yf, &rpc, &supply[s]);
                selfs[s] = t;
            }
            SelfSupply::Charm => {
                let (Some(zi), Some(mt)) = (&z_imp, &m_total) else {
                    return Err(Error::Invalid(
                        "self_supply = \"charm\" needs the parent's imports: z_imports and y_imports (non-competitive parent) or imports = \"proportional\"".into(),
                    ));
                };
                // Technology and final use including imports.
                let a_tot = Mat::from_fn(n, n, |i, j| {
                    if xn[j] > 0.0 {
                        a_n[(i, j)] + zi[(i, j)] / xn[j]
                    } else {
                        0.0
                    }
                });
                let z_n: Vec<f64> = (0..n)
                    .map(|i| (0..n).map(|j| parent.z[(i, j)] + zi[(i, j)]).sum())
                    .collect();
                // Domestic final use incl. imports = national use - intermediate.
                let d_n: Vec<f64> = (0..n).map(|i| xn[i] + mt[i] - ex_n[i] - z_n[i]).collect();
                let z_r: Vec<f64> = (0..n)
                    .map(|i| (0..n).map(|j| a_tot[(i, j)] * xr[s][j]).sum())
                    .collect();
                let d_r: Vec<f64> = d_n.iter().map(|d| d * share[s]).collect();
                let (ex, _im) = trade::charm(&xn, &z_n, &d_n, &ex_n, mt, &xr[s], &z_r, &d_r);
                selfs[s] = (0..n)
                    .map(|i| {
                        (xr[s][i] - ex[i])
                            .min(supply[s][i])
                            .min(use_[s][i])
                            .max(0.0)
                    })
                    .collect();
            }
        }
    }

    // 7. Gravity.
    let dpath = res(&recipe.trade.distances)?;
    inputs.insert(
        "distances".into(),
        toml::Value::Table(fingerprint(&recipe.trade.distances, &dpath)?),
    );
    let mut dist = read_distances(&dpath, &regions)?;
    if recipe.regions.rest.is_some() {
        dist[(nr - 1, nr - 1)] = recipe.trade.rest_internal_km.expect("validated");
    }
    let has_rest = recipe.regions.rest.is_some();
    let opts = balance::BalanceOptions {
        tol: recipe.trade.tolerance,
        max_iter: recipe.trade.max_iterations,
    };
    let mut t_all = Vec::with_capacity(n);
    let mut grav_iter = 0;
    for i in 0..n {
        let o: Vec<f64> = (0..nr)
            .map(|s| {
                if s < listed {
                    (supply[s][i] - selfs[s][i]).max(0.0)
                } else {
                    supply[s][i]
                }
            })
            .collect();
        let d: Vec<f64> = (0..nr)
            .map(|s| {
                if s < listed {
                    (use_[s][i] - selfs[s][i]).max(0.0)
                } else {
                    use_[s][i]
                }
            })
            .collect();
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
                    decay: recipe.trade.decay,
                    gamma: recipe.trade.gamma,
                    balance: opts,
                },
                &regions,
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

    // 8. Chenery–Moses.
    let mut ids = Vec::with_capacity(nr * n);
    let mut reg_col = Vec::with_capacity(nr * n);
    let mut sec_col = Vec::with_capacity(nr * n);
    let mut names = Vec::with_capacity(nr * n);
    for r in &regions {
        let rname = recipe.regions.names.get(r).cloned().unwrap_or(r.clone());
        for i in 0..n {
            ids.push(format!("{r}_{}", sectors[i]));
            reg_col.push(r.clone());
            sec_col.push(sectors[i].clone());
            names.push(format!("{rname}: {}", sector_names[i]));
        }
    }
    let a_blocks: Vec<Mat<f64>> = (0..nr).map(|_| a_n.clone()).collect();
    let e_stack: Vec<f64> = e_reg.iter().flatten().copied().collect();
    let asm = trade::chenery_moses(&a_blocks, &t_all, &y_reg, &e_stack, &ids)?;
    let target: Vec<f64> = xr.iter().flatten().copied().collect();
    let output_gap = target
        .iter()
        .zip(&asm.x)
        .map(|(t, x)| {
            let d = (t - x).abs();
            if *t > 0.0 {
                d / t
            } else {
                d
            }
        })
        .fold(0.0, f64::max);
    let rho = crate::model::productivity::spectral_radius(
        Mat::from_fn(nr * n, nr * n, |p, q| {
            if asm.x[q] > 0.0 {
                asm.z[(p, q)] / asm.x[q]
            } else {
                0.0
            }
        })
        .as_ref(),
        1e-10,
        5000,
    );

    // Labels of final demand.
    let cat = |k: usize| {
        let l = &parent.y_labels[kfd[k]];
        recipe
            .final_demand
            .rename
            .get(l)
            .cloned()
            .unwrap_or(l.clone())
    };
    let mut y_labels = Vec::new();
    for r in &regions {
        for k in 0..kfd.len() {
            y_labels.push(format!("{r}|{}", cat(k)));
        }
    }
    y_labels.push("exports".to_string());
    let (y_mat, y_labels) = if kex.is_empty() {
        // No foreign exports in the parent: drop the empty column.
        let k = y_labels.len() - 1;
        (
            Mat::from_fn(asm.y.nrows(), k, |i, j| asm.y[(i, j)]),
            y_labels[..k].to_vec(),
        )
    } else {
        (asm.y.clone(), y_labels)
    };
    // Primary inputs: parent coefficients times regional output.
    let big = nr * n;
    let va = Mat::from_fn(parent.va.nrows(), big, |p, q| {
        let j = q % n;
        if xn[j] > 0.0 {
            parent.va[(p, j)] / xn[j] * asm.x[q]
        } else {
            0.0
        }
    });
    let index = Index::with_extra(
        ids.clone(),
        Some(reg_col),
        Some(sec_col),
        vec![("name".to_string(), names)],
    )?;
    let mut table = IoTable::new(
        index,
        asm.z,
        y_mat,
        y_labels,
        va,
        parent.va_labels.clone(),
        Some(asm.x.clone()),
    )?;

    // Satellites.
    let mut sat_units = BTreeMap::new();
    let mut sat_inputs = toml::Table::new();
    for spec in &recipe.satellites {
        let p = res(&spec.file)?;
        sat_inputs.insert(
            spec.name.clone(),
            toml::Value::Table(fingerprint(&spec.file, &p)?),
        );
        let vals = read_regional_values(&p, &sectors)?;
        let mut row = vec![0.0; big];
        for (k, r) in vals.regions.iter().enumerate() {
            let ri = regions.iter().position(|x| x == r).ok_or_else(|| {
                Error::label(
                    &p,
                    format!("region `{r}` is not a region of the recipe's indicator file"),
                )
            })?;
            if has_rest && ri == nr - 1 {
                return Err(Error::label(
                    &p,
                    format!("the rest region `{r}` is filled in by the build; leave it out"),
                ));
            }
            for i in 0..n {
                row[ri * n + i] = vals.values[k][i];
            }
        }
        if has_rest {
            for i in 0..n {
                let (mut v, mut x) = (0.0, 0.0);
                for s in 0..listed {
                    if vals.regions.contains(&regions[s]) {
                        v += row[s * n + i];
                        x += asm.x[s * n + i];
                    }
                }
                let intensity = if x > 0.0 { v / x } else { 0.0 };
                row[(nr - 1) * n + i] = intensity * asm.x[(nr - 1) * n + i];
            }
        }
        table.satellites.push(Satellite {
            name: spec.name.clone(),
            indicators: vec![spec.indicator.clone()],
            values: Mat::from_fn(1, big, |_, q| row[q]),
        });
        sat_units.insert(spec.name.clone(), spec.unit.clone());
    }
    if !sat_inputs.is_empty() {
        inputs.insert("satellites".into(), toml::Value::Table(sat_inputs));
    }

    // Metadata: every parameter (defaults filled in) and every input.
    let mut b = toml::Table::new();
    b.insert(
        "tool".into(),
        toml::Value::String(format!("mrio {}", env!("CARGO_PKG_VERSION"))),
    );
    let recipe_file = recipe_path
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut rt = fingerprint(&recipe_file, recipe_path)?;
    rt.insert(
        "note".into(),
        toml::Value::String("rebuild with `mrio build <recipe> --out DIR`".into()),
    );
    b.insert("recipe_file".into(), toml::Value::Table(rt));
    b.insert(
        "recipe".into(),
        toml::Value::Table(
            toml::Table::try_from(recipe)
                .map_err(|e| Error::Invalid(format!("cannot record the recipe: {e}")))?,
        ),
    );
    b.insert("inputs".into(), toml::Value::Table(inputs));
    let mut diag = toml::Table::new();
    diag.insert(
        "max_relative_output_gap".into(),
        toml::Value::Float(output_gap),
    );
    diag.insert(
        "spectral_radius_upper".into(),
        toml::Value::Float(rho.upper),
    );
    diag.insert("solve_residual".into(), toml::Value::Float(asm.residual));
    diag.insert(
        "gravity_max_iterations".into(),
        toml::Value::Integer(grav_iter as i64),
    );
    b.insert("diagnostics".into(), toml::Value::Table(diag));
    table.meta = Meta {
        name: Some(recipe.name.clone()),
        year: recipe.year,
        unit: Some(recipe.unit.clone()),
        source: recipe.source.clone(),
        satellite_units: sat_units,
        notes: recipe.notes.clone(),
        build: Some(b),
    };
    Ok(Built {
        table,
        output_gap,
        spectral_radius: rho.upper,
        gravity_iterations: grav_iter,
    })
}
