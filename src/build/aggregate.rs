//! Aggregation and disaggregation of sectors and regions by concordance files.
//!
//! * Aggregation (`from,to[,name]`): every `from` label maps to exactly one `to`; flows,
//!   final demand, primary inputs, output and satellites are summed. Sums keep both
//!   balance identities, so an aggregated balanced table is balanced.
//! * Disaggregation (`from,to,weight`): a sector is split into parts with output shares
//!   `w` (normalized to sum to 1). Each part sells like the whole (rows scaled by `w`)
//!   and buys with the whole's input structure (columns scaled by `w`); the block of the
//!   split sector with itself becomes `z_kk w_a w_b`. Row and column balance are kept.
//!   This is the standard proportional split (Miller & Blair 2009, ch. 4 on aggregation);
//!   better information on the parts' technology should replace it when available.

use crate::error::{Error, Result};
use crate::table::{read_text_csv, Index, IoTable, Satellite};
use faer::Mat;
use std::path::Path;

/// A many-to-one concordance with the order of its targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Concordance {
    /// (from, to) pairs in file order.
    pub pairs: Vec<(String, String)>,
    /// Distinct targets in order of first appearance.
    pub targets: Vec<String>,
    /// Descriptive name of each target (empty when not given).
    pub names: Vec<String>,
}

impl Concordance {
    /// Build from pairs (targets ordered by first appearance).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<Self> {
        let mut targets: Vec<String> = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for (f, t) in &pairs {
            if let Some(prev) = seen.insert(f.clone(), t.clone()) {
                return Err(Error::conflict(
                    format!("`{f}`"),
                    format!(
                        "maps to both `{prev}` and `{t}`: a concordance maps each label to \
                         one target"
                    ),
                ));
            }
            if !targets.contains(t) {
                targets.push(t.clone());
            }
        }
        let names = vec![String::new(); targets.len()];
        Ok(Concordance {
            pairs,
            targets,
            names,
        })
    }

    /// Read `from,to[,name]` (header required). Errors name the line.
    pub fn read(path: &Path) -> Result<Self> {
        let (header, rows) = read_text_csv(path)?;
        if header.len() < 2 || header[0] != "from" || header[1] != "to" {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                message: format!(
                    "header is `{}`: expected `from,to` (optionally a third column `name`)",
                    header.join(",")
                ),
            });
        }
        let mut pairs = Vec::new();
        let mut names: Vec<(String, String)> = Vec::new();
        let mut seen: std::collections::HashMap<String, u64> = Default::default();
        for (line, f) in &rows {
            if f[0].is_empty() || f[1].is_empty() {
                return Err(Error::label(
                    path,
                    format!("line {line}: empty `from` or `to`"),
                ));
            }
            if let Some(first) = seen.insert(f[0].clone(), *line) {
                return Err(Error::label(
                    path,
                    format!(
                        "line {line}: `{}` is mapped again (first on line {first}); each label maps to one target",
                        f[0]
                    ),
                ));
            }
            pairs.push((f[0].clone(), f[1].clone()));
            if header.len() > 2 && header[2] == "name" && !f[2].is_empty() {
                names.push((f[1].clone(), f[2].clone()));
            }
        }
        if pairs.is_empty() {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 2,
                message: "no mappings".into(),
            });
        }
        let mut c = Concordance::from_pairs(pairs)?;
        for (t, n) in names {
            let k = c.targets.iter().position(|x| *x == t).expect("target");
            if c.names[k].is_empty() {
                c.names[k] = n;
            }
        }
        Ok(c)
    }

    /// Position of the target of every label in `labels`; every label must be mapped
    /// and every mapped label must exist (`what` names the labels in errors).
    pub fn map(&self, labels: &[String], what: &str) -> Result<Vec<usize>> {
        for (f, _) in &self.pairs {
            if !labels.contains(f) {
                return Err(Error::unknown(
                    "the concordance",
                    "label",
                    f,
                    format!("it is not one of the {what}"),
                ));
            }
        }
        labels
            .iter()
            .map(|l| {
                let t = self
                    .pairs
                    .iter()
                    .find(|(f, _)| f == l)
                    .map(|(_, t)| t)
                    .ok_or_else(|| {
                        Error::conflict(
                            format!("`{l}` (one of the {what})"),
                            "not mapped by the concordance",
                        )
                    })?;
                Ok(self.targets.iter().position(|x| x == t).expect("target"))
            })
            .collect()
    }
}

/// Sum rows and columns of `m` into groups (`rows[i]`, `cols[j]` = group of i, j).
fn group(
    m: faer::MatRef<'_, f64>,
    rows: Option<(&[usize], usize)>,
    cols: Option<(&[usize], usize)>,
) -> Mat<f64> {
    let nr = rows.map(|r| r.1).unwrap_or(m.nrows());
    let nc = cols.map(|c| c.1).unwrap_or(m.ncols());
    let mut out = Mat::<f64>::zeros(nr, nc);
    for j in 0..m.ncols() {
        let jj = cols.map(|c| c.0[j]).unwrap_or(j);
        for i in 0..m.nrows() {
            let ii = rows.map(|r| r.0[i]).unwrap_or(i);
            out[(ii, jj)] += m[(i, j)];
        }
    }
    out
}

/// Aggregate the sectors of `table` with `conc` (every sector mapped). In a
/// multi-region table each region's sectors are aggregated alike; ids become
/// `REGION_sector` (single-region: the target code).
pub fn aggregate_sectors(table: &IoTable, conc: &Concordance) -> Result<IoTable> {
    let ix = &table.index;
    let smap = conc.map(ix.sector_list(), "sectors of the table")?;
    let regions = ix.region_list().to_vec();
    let nt = conc.targets.len();
    let mut pos = Vec::with_capacity(ix.len());
    for i in 0..ix.len() {
        let r = regions
            .iter()
            .position(|x| *x == ix.regions()[i])
            .expect("region");
        let s = ix
            .sector_list()
            .iter()
            .position(|x| *x == ix.sectors()[i])
            .expect("sector");
        pos.push(r * nt + smap[s]);
    }
    let (ids, reg, sec) = new_labels(&regions, &conc.targets, ix.has_region_column());
    let names: Vec<String> = (0..ids.len()).map(|k| conc.names[k % nt].clone()).collect();
    rebuild(table, &pos, ids.len(), ids, reg, sec, names)
}

/// Aggregate the regions of a multi-region table with `conc` (every region mapped).
/// Final-demand columns tagged with a region are summed by target region.
pub fn aggregate_regions(table: &IoTable, conc: &Concordance) -> Result<IoTable> {
    let ix = &table.index;
    if !ix.has_region_column() {
        return Err(Error::Model(
            "the table has no regions (index.csv has no `region` column)".into(),
        ));
    }
    let rmap = conc.map(ix.region_list(), "regions of the table")?;
    let sectors = ix.sector_list().to_vec();
    let ns = sectors.len();
    let mut pos = Vec::with_capacity(ix.len());
    for i in 0..ix.len() {
        let r = ix
            .region_list()
            .iter()
            .position(|x| *x == ix.regions()[i])
            .expect("region");
        let s = sectors
            .iter()
            .position(|x| *x == ix.sectors()[i])
            .expect("sector");
        pos.push(rmap[r] * ns + s);
    }
    let (ids, reg, sec) = new_labels(&conc.targets, &sectors, true);
    let names = vec![String::new(); ids.len()];
    let mut out = rebuild(table, &pos, ids.len(), ids, reg, sec, names)?;
    // Final-demand columns: `REGION|category` labels are re-tagged and summed.
    let mut labels: Vec<String> = Vec::new();
    let mut cmap = Vec::new();
    for (k, l) in table.y_labels.iter().enumerate() {
        let new = match &table.y_regions[k] {
            Some(r) => {
                let ri = ix
                    .region_list()
                    .iter()
                    .position(|x| x == r)
                    .expect("region");
                let cat = l.split_once('|').map(|(_, c)| c).unwrap_or(l.as_str());
                format!("{}|{cat}", conc.targets[rmap[ri]])
            }
            None => l.clone(),
        };
        let p = match labels.iter().position(|x| *x == new) {
            Some(p) => p,
            None => {
                labels.push(new);
                labels.len() - 1
            }
        };
        cmap.push(p);
    }
    let nl = labels.len();
    out.y = group(out.y.as_ref(), None, Some((&cmap, nl)));
    out.y_labels = labels;
    out.y_regions = crate::table::infer_y_regions(&out.index, &out.y_labels);
    Ok(out)
}

fn new_labels(
    regions: &[String],
    sectors: &[String],
    multi: bool,
) -> (Vec<String>, Option<Vec<String>>, Option<Vec<String>>) {
    let mut ids = Vec::new();
    let mut reg = Vec::new();
    let mut sec = Vec::new();
    for r in regions {
        for s in sectors {
            ids.push(if multi { format!("{r}_{s}") } else { s.clone() });
            reg.push(r.clone());
            sec.push(s.clone());
        }
    }
    if multi {
        (ids, Some(reg), Some(sec))
    } else {
        (ids, None, None)
    }
}

fn rebuild(
    table: &IoTable,
    pos: &[usize],
    n: usize,
    ids: Vec<String>,
    reg: Option<Vec<String>>,
    sec: Option<Vec<String>>,
    names: Vec<String>,
) -> Result<IoTable> {
    let extra = if names.iter().any(|s| !s.is_empty()) {
        vec![("name".to_string(), names)]
    } else {
        Vec::new()
    };
    let index = Index::with_extra(ids, reg, sec, extra)?;
    let z = group(table.z.as_ref(), Some((pos, n)), Some((pos, n)));
    let y = group(table.y.as_ref(), Some((pos, n)), None);
    let va = group(table.va.as_ref(), None, Some((pos, n)));
    let mut x = vec![0.0; n];
    for (i, &p) in pos.iter().enumerate() {
        x[p] += table.x[i];
    }
    let mut out = IoTable::new(
        index,
        z,
        y,
        table.y_labels.clone(),
        va,
        table.va_labels.clone(),
        Some(x),
    )?;
    out.satellites = table
        .satellites
        .iter()
        .map(|s| Satellite {
            name: s.name.clone(),
            indicators: s.indicators.clone(),
            values: group(s.values.as_ref(), None, Some((pos, n))),
        })
        .collect();
    out.meta = table.meta.clone();
    Ok(out)
}

/// A split of sectors into parts with weights (`from,to,weight`).
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// (from, to, weight) in file order.
    pub parts: Vec<(String, String, f64)>,
}

impl Split {
    /// Read `from,to,weight`. Errors name the line.
    pub fn read(path: &Path) -> Result<Self> {
        let (header, rows) = read_text_csv(path)?;
        if header.len() != 3 || header[0] != "from" || header[1] != "to" || header[2] != "weight" {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                message: format!(
                    "header is `{}`: expected `from,to,weight`",
                    header.join(",")
                ),
            });
        }
        let mut parts = Vec::new();
        for (line, f) in rows {
            let w = crate::table::csvio::parse_number(&f[2]).map_err(|e| Error::Cell {
                path: path.to_path_buf(),
                line,
                column: 3,
                row: f[0].clone(),
                col: "weight".into(),
                value: f[2].clone(),
                expected: e.into(),
            })?;
            if w < 0.0 {
                return Err(Error::label(
                    path,
                    format!("line {line}: weight {w} is negative: expected a share >= 0"),
                ));
            }
            parts.push((f[0].clone(), f[1].clone(), w));
        }
        Ok(Split { parts })
    }
}

/// Split sectors of a single-region table into parts with output shares (normalized
/// weights). Sectors not named keep their row and column.
pub fn disaggregate_sectors(table: &IoTable, split: &Split) -> Result<IoTable> {
    let ix = &table.index;
    if ix.is_multi_region() {
        return Err(Error::Model(
            "disaggregation is for single-region tables; split each region's table first".into(),
        ));
    }
    // New entries: (old position, weight, new id).
    let mut entries: Vec<(usize, f64, String)> = Vec::new();
    for (i, id) in ix.ids().iter().enumerate() {
        let parts: Vec<&(String, String, f64)> =
            split.parts.iter().filter(|p| p.0 == *id).collect();
        if parts.is_empty() {
            entries.push((i, 1.0, id.clone()));
            continue;
        }
        let total: f64 = parts.iter().map(|p| p.2).sum();
        if total <= 0.0 {
            return Err(Error::bad_value(
                format!("the weights splitting `{id}`"),
                format!("sum {total}"),
                "a positive sum",
            ));
        }
        for p in parts {
            entries.push((i, p.2 / total, p.1.clone()));
        }
    }
    for (f, _, _) in &split.parts {
        if ix.position(f).is_none() {
            return Err(Error::unknown(
                "the split",
                "sector",
                f,
                "the split names only sectors of the table",
            ));
        }
    }
    let n = entries.len();
    let ids: Vec<String> = entries.iter().map(|e| e.2.clone()).collect();
    let index = Index::new(ids, None, None)?;
    let z = Mat::from_fn(n, n, |a, b| {
        let (i, wi, _) = &entries[a];
        let (j, wj, _) = &entries[b];
        table.z[(*i, *j)] * wi * wj
    });
    let y = Mat::from_fn(n, table.y.ncols(), |a, k| {
        table.y[(entries[a].0, k)] * entries[a].1
    });
    let va = Mat::from_fn(table.va.nrows(), n, |p, b| {
        table.va[(p, entries[b].0)] * entries[b].1
    });
    let x: Vec<f64> = entries.iter().map(|e| table.x[e.0] * e.1).collect();
    let mut out = IoTable::new(
        index,
        z,
        y,
        table.y_labels.clone(),
        va,
        table.va_labels.clone(),
        Some(x),
    )?;
    out.satellites = table
        .satellites
        .iter()
        .map(|s| Satellite {
            name: s.name.clone(),
            indicators: s.indicators.clone(),
            values: Mat::from_fn(s.values.nrows(), n, |p, b| {
                s.values[(p, entries[b].0)] * entries[b].1
            }),
        })
        .collect();
    out.meta = table.meta.clone();
    Ok(out)
}
