//! Step 2a of the pipeline: disaggregate one sector of the (aggregated) parent into
//! parts with the technology of a more detailed table of the same economy (e.g. NBS
//! 42-sector "transport equipment" into automobiles and other transport equipment with
//! the NBS 149-sector table). Method: the finer table's flows, mapped to the split
//! sectors by a concordance, give the shares (Wolsky 1984, "Disaggregating
//! input-output models", Review of Economics and Statistics 66(2); Lindner, Legault &
//! Guan 2012, "Disaggregating input-output models with incomplete information",
//! Economic Systems Research 24(4)), and the parent's own figures are kept as totals.
//!
//! With `s` the split sector, `p, q` its parts and `f` the finer flows mapped through
//! the concordance (shares that would be negative or undefined fall back to the parts'
//! output shares `x^f_p / Σ_q x^f_q`):
//! - purchases of part `q` from a supplier `i ≠ s`: `z_iq = z_is · f_iq / Σ_q' f_iq'`,
//!   primary inputs alike (`va_rq = va_rs · f^va_rq / Σ`; an import row without a
//!   counterpart in the finer table follows the split imported inputs, else the parts'
//!   intermediate inputs), the block among the parts `z_pq = z_ss · f_pq / Σ f_p'q'`;
//! - the output of a part is its column total, `x_q = Σ_i z_iq + Σ_r va_rq`, so
//!   `Σ_q x_q = x_s`;
//! - sales of part `p` to a purchaser `j ≠ s` and to each final-demand column start
//!   from `z_sj · f_pj / Σ_p' f_p'j` and are balanced by GRAS (Junius & Oosterhaven
//!   2003) so that the parts add up to the parent's cells exactly and each part's row
//!   adds up to its output: the split table balances.
//!
//! When the parent is the exact aggregate of the finer table the split gives the finer
//! table back (unit test). Imported inputs of the split good are shared out by the
//! finer table's imports of the parts (`import_column`), or output shares.

use super::aggregate::Concordance;
use super::balance::{gras, BalanceOptions};
use super::inputs::Inputs;
use super::parent::Parent;
use super::recipe::SectorSplit;
use crate::error::{Error, Result};
use crate::table::{Index, IoTable};
use faer::Mat;
use std::path::Path;

/// Shares of `v` (normalized; all of one sign), or `fallback` when the values mix
/// signs, are not finite or add up to zero.
fn shares(v: &[f64], fallback: &[f64]) -> Vec<f64> {
    let t: f64 = v.iter().sum();
    let mixed = v.iter().any(|x| *x < 0.0) && v.iter().any(|x| *x > 0.0);
    if mixed || !t.is_finite() || t == 0.0 {
        return fallback.to_vec();
    }
    v.iter().map(|x| x / t).collect()
}

/// The finer table summed to the split sectors (`n'` = the parent's sectors with `s`
/// replaced by the parts).
struct Fine {
    z: Mat<f64>,
    y: Mat<f64>,
    va: Mat<f64>,
    va_labels: Vec<String>,
    x: Vec<f64>,
    im: Vec<f64>,
}

fn fine_flows(src: &IoTable, map: &[usize], n: usize, import_column: Option<usize>) -> Fine {
    let mut f = Fine {
        z: Mat::zeros(n, n),
        y: Mat::zeros(n, src.y.ncols()),
        va: Mat::zeros(src.va.nrows(), n),
        va_labels: src.va_labels.clone(),
        x: vec![0.0; n],
        im: vec![0.0; n],
    };
    for (k, &a) in map.iter().enumerate() {
        for (l, &b) in map.iter().enumerate() {
            f.z[(a, b)] += src.z[(k, l)];
        }
        for c in 0..src.y.ncols() {
            f.y[(a, c)] += src.y[(k, c)];
        }
        for r in 0..src.va.nrows() {
            f.va[(r, a)] += src.va[(r, k)];
        }
        f.x[a] += src.x[k];
        if let Some(c) = import_column {
            f.im[a] -= src.y[(k, c)];
        }
    }
    f
}

/// Where the parts sit: the parent's sector `s` becomes positions `s..s + np`.
struct Layout {
    s: usize,
    np: usize,
    /// Parent position of every split position.
    old: Vec<usize>,
}

impl Layout {
    fn is_part(&self, a: usize) -> bool {
        a >= self.s && a < self.s + self.np
    }
    fn parts(&self) -> std::ops::Range<usize> {
        self.s..self.s + self.np
    }
}

/// Shares of the parts in each fine row `a` (over the parts' columns) or column.
fn part_shares(
    f: &Fine,
    lay: &Layout,
    wx: &[f64],
    row: Option<usize>,
    col: Option<usize>,
) -> Vec<f64> {
    let v: Vec<f64> = lay
        .parts()
        .map(|p| match (row, col) {
            (Some(a), None) => f.z[(a, p)],
            (None, Some(b)) => f.z[(p, b)],
            _ => unreachable!("one of row, col"),
        })
        .collect();
    shares(&v, wx)
}

/// The split table's sector codes and names, and where the parts sit.
fn layout(t: &IoTable, spec: &SectorSplit) -> Result<(Vec<String>, Vec<String>, Layout)> {
    let old_ids = t.index.ids().to_vec();
    let s = t.index.position(&spec.sector).ok_or_else(|| {
        Error::unknown(
            "sector_split",
            "sector",
            &spec.sector,
            format!(
                "expected a sector of the (aggregated) parent: one of {}",
                old_ids.join(", ")
            ),
        )
    })?;
    let np = spec.part.len();
    let mut ids: Vec<String> = old_ids[..s].to_vec();
    let mut names: Vec<String> = (0..s)
        .map(|i| t.index.name(i).unwrap_or_default().to_string())
        .collect();
    for p in &spec.part {
        if ids.contains(&p.id) || old_ids[s + 1..].contains(&p.id) {
            return Err(Error::conflict(
                format!("sector_split of `{}`", spec.sector),
                format!(
                    "part `{}` is already a sector (or a part) of the table",
                    p.id
                ),
            ));
        }
        ids.push(p.id.clone());
        names.push(p.name.clone().unwrap_or_else(|| p.id.clone()));
    }
    ids.extend(old_ids[s + 1..].iter().cloned());
    names.extend((s + 1..old_ids.len()).map(|i| t.index.name(i).unwrap_or_default().to_string()));
    if np < 2 {
        return Err(Error::shape(
            format!("sector_split of `{}`", spec.sector),
            format!("{np} part(s)"),
            "at least two parts",
        ));
    }
    let n = ids.len();
    let old: Vec<usize> = (0..n)
        .map(|a| {
            if a < s {
                a
            } else if a < s + np {
                s
            } else {
                a + 1 - np
            }
        })
        .collect();
    Ok((ids, names, Layout { s, np, old }))
}

/// Split position of every sector of the finer table (every target a split sector,
/// every part made of at least one finer sector).
fn fine_map(
    src: &IoTable,
    conc: &Concordance,
    conc_path: &Path,
    ids: &[String],
    lay: &Layout,
) -> Result<Vec<usize>> {
    // Finer sectors -> split positions.
    for tg in &conc.targets {
        if !ids.contains(tg) {
            return Err(Error::label(
                conc_path,
                format!(
                    "target `{tg}` is not a sector of the split table: expected one of {}",
                    ids.join(", ")
                ),
            ));
        }
    }
    let tmap = conc.map(src.index.sector_list(), "sectors of the share source")?;
    let map: Vec<usize> = tmap
        .iter()
        .map(|&k| {
            ids.iter()
                .position(|i| *i == conc.targets[k])
                .expect("checked")
        })
        .collect();
    for p in lay.parts() {
        if !map.contains(&p) {
            return Err(Error::label(
                conc_path,
                format!("no sector of the share source maps to part `{}`", ids[p]),
            ));
        }
    }
    Ok(map)
}

/// Split `parent`'s sector `spec.sector` with the finer table `src`, whose sectors
/// `conc` maps to the split sectors (`conc_path` names it in errors).
pub fn split_sector(
    parent: Parent,
    spec: &SectorSplit,
    src: &IoTable,
    conc: &Concordance,
    conc_path: &Path,
    import_rows: &[String],
) -> Result<Parent> {
    let t = &parent.table;
    let (ids, names, lay) = layout(t, spec)?;
    let (s, np, n) = (lay.s, lay.np, ids.len());
    let map = fine_map(src, conc, conc_path, &ids, &lay)?;
    let imc = match &spec.import_column {
        Some(c) => Some(src.y_labels.iter().position(|l| l == c).ok_or_else(|| {
            Error::unknown(
                "sector_split",
                "import_column",
                c,
                format!(
                    "expected a column of the share source ({})",
                    src.y_labels.join(", ")
                ),
            )
        })?),
        None => None,
    };
    let f = fine_flows(src, &map, n, imc);
    let wx = shares(
        &lay.parts().map(|p| f.x[p]).collect::<Vec<_>>(),
        &vec![1.0 / np as f64; np],
    );
    let y_cols = final_demand_columns(t, src, spec)?;
    let (z, va, x, zi) = columns(&parent, &f, &lay, &wx, import_rows)?;
    let (z, y) = rows(t, z, &x, &f, &lay, &wx, &y_cols)?;
    let wim = shares(&lay.parts().map(|p| f.im[p]).collect::<Vec<_>>(), &wx);
    let imports = parent.imports.as_ref().map(|m| {
        (0..n)
            .map(|a| {
                if lay.is_part(a) {
                    m[s] * wim[a - s]
                } else {
                    m[lay.old[a]]
                }
            })
            .collect()
    });
    let extra = if names.iter().any(|s| !s.is_empty()) {
        vec![("name".to_string(), names)]
    } else {
        Vec::new()
    };
    let index = Index::with_extra(ids, None, None, extra)?;
    let mut table = IoTable::new(
        index,
        z,
        y,
        t.y_labels.clone(),
        va,
        t.va_labels.clone(),
        Some(x),
    )?;
    table.meta = t.meta.clone();
    Ok(Parent {
        table,
        z_imports: zi,
        imports,
    })
}

/// The finer table's columns behind each final-demand column of the parent: the
/// recipe's `columns` map, else the column of the same label, else none (output shares).
fn final_demand_columns(t: &IoTable, src: &IoTable, spec: &SectorSplit) -> Result<Vec<Vec<usize>>> {
    for k in spec.columns.keys() {
        if !t.y_labels.contains(k) {
            return Err(Error::unknown(
                "sector_split.columns",
                "final-demand column",
                k,
                format!(
                    "expected a final-demand column of the parent ({})",
                    t.y_labels.join(", ")
                ),
            ));
        }
    }
    t.y_labels
        .iter()
        .map(|l| match spec.columns.get(l) {
            Some(cs) => cs
                .iter()
                .map(|c| {
                    src.y_labels.iter().position(|x| x == c).ok_or_else(|| {
                        Error::unknown(
                            format!("sector_split.columns.{l}"),
                            "column",
                            c,
                            format!(
                                "expected a column of the share source ({})",
                                src.y_labels.join(", ")
                            ),
                        )
                    })
                })
                .collect(),
            None => Ok(src
                .y_labels
                .iter()
                .position(|x| x == l)
                .into_iter()
                .collect()),
        })
        .collect()
}

type Columns = (Mat<f64>, Mat<f64>, Vec<f64>, Option<Mat<f64>>);

/// The column side: purchases and primary inputs of the parts, and their outputs.
/// Rows of the parts hold only the block among the parts so far.
fn columns(
    parent: &Parent,
    f: &Fine,
    lay: &Layout,
    wx: &[f64],
    import_rows: &[String],
) -> Result<Columns> {
    let t = &parent.table;
    let (s, n) = (lay.s, lay.old.len());
    let mut z = Mat::<f64>::zeros(n, n);
    let zsplit: Vec<Vec<f64>> = (0..n)
        .map(|a| {
            if lay.is_part(a) {
                Vec::new()
            } else {
                part_shares(f, lay, wx, Some(a), None)
            }
        })
        .collect();
    let diag: Vec<f64> = lay
        .parts()
        .flat_map(|p| lay.parts().map(move |q| (p, q)))
        .map(|(p, q)| f.z[(p, q)])
        .collect();
    let wxx: Vec<f64> = wx
        .iter()
        .flat_map(|a| wx.iter().map(move |b| a * b))
        .collect();
    let wd = shares(&diag, &wxx);
    for b in 0..n {
        for a in 0..n {
            z[(a, b)] = match (lay.is_part(a), lay.is_part(b)) {
                (false, false) => t.z[(lay.old[a], lay.old[b])],
                (false, true) => t.z[(lay.old[a], s)] * zsplit[a][b - s],
                (true, true) => t.z[(s, s)] * wd[(a - s) * lay.np + (b - s)],
                (true, false) => 0.0,
            };
        }
    }
    // Imported inputs: the split good's imports shared out by the finer table's imports
    // of the parts; the parts' purchases of imports like their domestic purchases.
    let wim = shares(&lay.parts().map(|p| f.im[p]).collect::<Vec<_>>(), wx);
    let wdc: Vec<f64> = (0..lay.np)
        .map(|q| (0..lay.np).map(|p| wd[p * lay.np + q]).sum())
        .collect();
    let zi = parent.z_imports.as_ref().map(|zi| {
        Mat::from_fn(n, n, |a, b| match (lay.is_part(a), lay.is_part(b)) {
            (false, false) => zi[(lay.old[a], lay.old[b])],
            (false, true) => zi[(lay.old[a], s)] * zsplit[a][b - s],
            (true, false) => zi[(s, lay.old[b])] * wim[a - s],
            (true, true) => zi[(s, s)] * wim[a - s] * wdc[b - s],
        })
    });
    let imp_use: Vec<f64> = match &zi {
        Some(zs) => lay
            .parts()
            .map(|q| (0..n).map(|a| zs[(a, q)]).sum())
            .collect(),
        None => lay
            .parts()
            .map(|q| (0..n).map(|a| f.z[(a, q)]).sum())
            .collect(),
    };
    let w_imp = shares(&imp_use, wx);
    let mut va = Mat::<f64>::zeros(t.va.nrows(), n);
    for (r, label) in t.va_labels.iter().enumerate() {
        let w = match f_va_row(f, label, lay) {
            Some(v) => shares(&v, wx),
            None if import_rows.contains(label) || label == "imported_inputs" => w_imp.clone(),
            None => wx.to_vec(),
        };
        for b in 0..n {
            va[(r, b)] = if lay.is_part(b) {
                t.va[(r, s)] * w[b - s]
            } else {
                t.va[(r, lay.old[b])]
            };
        }
    }
    let x: Vec<f64> = (0..n)
        .map(|b| {
            if lay.is_part(b) {
                (0..n).map(|a| z[(a, b)]).sum::<f64>()
                    + (0..va.nrows()).map(|r| va[(r, b)]).sum::<f64>()
            } else {
                t.x[lay.old[b]]
            }
        })
        .collect();
    Ok((z, va, x, zi))
}

/// The finer table's primary-input row of the same label, over the parts.
fn f_va_row(f: &Fine, label: &str, lay: &Layout) -> Option<Vec<f64>> {
    let r = f.va_labels.iter().position(|l| l == label)?;
    Some(lay.parts().map(|p| f.va[(r, p)]).collect())
}

/// The row side: sales of the parts to the other purchasers and to final demand,
/// seeded with the finer table's shares and balanced (GRAS) to the parent's cells
/// (columns) and to each part's output less its sales to the parts (rows).
fn rows(
    t: &IoTable,
    mut z: Mat<f64>,
    x: &[f64],
    f: &Fine,
    lay: &Layout,
    wx: &[f64],
    y_cols: &[Vec<usize>],
) -> Result<(Mat<f64>, Mat<f64>)> {
    let (s, n, ny) = (lay.s, lay.old.len(), t.y.ncols());
    let others: Vec<usize> = (0..n).filter(|a| !lay.is_part(*a)).collect();
    let mut v: Vec<f64> = others.iter().map(|&b| t.z[(s, lay.old[b])]).collect();
    v.extend((0..ny).map(|c| t.y[(s, c)]));
    let mut w: Vec<Vec<f64>> = others
        .iter()
        .map(|&b| part_shares(f, lay, wx, None, Some(b)))
        .collect();
    for cs in y_cols {
        let fy: Vec<f64> = lay
            .parts()
            .map(|p| cs.iter().map(|&k| f.y[(p, k)]).sum())
            .collect();
        w.push(if cs.is_empty() {
            wx.to_vec()
        } else {
            shares(&fy, wx)
        });
    }
    let seed = Mat::from_fn(lay.np, v.len(), |p, j| v[j] * w[j][p]);
    let u: Vec<f64> = lay
        .parts()
        .map(|p| x[p] - lay.parts().map(|q| z[(p, q)]).sum::<f64>())
        .collect();
    let row_names: Vec<String> = lay.parts().map(|p| format!("part {}", p - s + 1)).collect();
    let mut col_names: Vec<String> = others.iter().map(|b| format!("purchaser {b}")).collect();
    col_names.extend(t.y_labels.iter().cloned());
    let opts = BalanceOptions {
        tol: 1e-13,
        max_iter: 100_000,
    };
    let bal = gras(seed.as_ref(), &u, &v, &row_names, &col_names, opts).map_err(|e| {
        Error::Model(format!(
            "sector_split of `{}`: the parts' sales cannot be balanced to their outputs: {e}",
            t.index.ids()[s]
        ))
    })?;
    for (p, a) in lay.parts().enumerate() {
        for (j, &b) in others.iter().enumerate() {
            z[(a, b)] = bal.x[(p, j)];
        }
    }
    let y = Mat::from_fn(n, ny, |a, c| {
        if lay.is_part(a) {
            bal.x[(a - s, others.len() + c)]
        } else {
            t.y[(lay.old[a], c)]
        }
    });
    Ok((z, y))
}

/// Step 2a: every `[[sector_split]]` of the recipe, in order, on the aggregated parent.
/// Records the share sources and concordances as inputs.
pub fn split_sectors(
    parent: Parent,
    splits: &[SectorSplit],
    import_rows: &[String],
    inputs: &mut Inputs,
) -> Result<Parent> {
    let mut parent = parent;
    for (n, sp) in splits.iter().enumerate() {
        let key = format!("sector_split_{}", n + 1);
        let dir = inputs.folder(&key, &sp.shares_from, &[])?;
        let source = super::cache::read_table(&dir)?;
        let cpath = inputs.file(&format!("{key}_concordance"), &sp.concordance)?;
        let conc = Concordance::read(&cpath)?;
        parent = split_sector(parent, sp, &source, &conc, &cpath, import_rows)?;
    }
    Ok(parent)
}
