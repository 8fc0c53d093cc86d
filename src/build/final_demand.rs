//! Step 2b of the pipeline: split final-demand columns of the parent into parts with
//! the product shares of a more detailed table (e.g. the NBS 149-sector table's rural
//! and urban household consumption FU101, FU102 and government consumption FU103, for
//! the 42-sector table's total consumption TC).
//!
//! For product i of the parent and part p: `s_{i,p} = Σ_{k→i} Σ_{c∈p} y^src_{k,c}`
//! (source products k mapped to i by the concordance), and
//! `y_{i,p} = y_i · s_{i,p} / Σ_q s_{i,q}`. So the parts add up to the column exactly,
//! product by product. A product with no source demand in any part is split by the
//! parts' shares over all products.

use super::aggregate::Concordance;
use super::inputs::Inputs;
use super::recipe::{ColumnSplit, SplitPart};
use crate::error::{Error, Result};
use crate::table::IoTable;
use faer::Mat;

/// Shares `s[i][p]` of the parts by product of the target sectors (rows sum to 1).
/// `map[k]` is the target sector of source product k.
pub fn part_shares(
    source: &IoTable,
    map: &[usize],
    n_targets: usize,
    parts: &[SplitPart],
) -> Result<Vec<Vec<f64>>> {
    let mut cols: Vec<Vec<usize>> = Vec::new();
    for p in parts {
        let mut ks = Vec::new();
        for c in &p.columns {
            let k = source.y_labels.iter().position(|l| l == c).ok_or_else(|| {
                Error::unknown(
                    format!("final_demand.split part `{}`", p.name),
                    "column",
                    c,
                    format!(
                        "expected a column of the source table ({})",
                        source.y_labels.join(", ")
                    ),
                )
            })?;
            ks.push(k);
        }
        cols.push(ks);
    }
    let np = parts.len();
    let mut s = vec![vec![0.0; np]; n_targets];
    for (k, &i) in map.iter().enumerate() {
        for (p, ks) in cols.iter().enumerate() {
            s[i][p] += ks.iter().map(|&c| source.y[(k, c)]).sum::<f64>();
        }
    }
    let overall: Vec<f64> = (0..np).map(|p| s.iter().map(|r| r[p]).sum()).collect();
    let total_all: f64 = overall.iter().sum();
    if total_all.is_nan() || total_all <= 0.0 {
        return Err(Error::Model(
            "final_demand.split: the source's parts add up to zero over all products".into(),
        ));
    }
    for row in s.iter_mut() {
        if row.iter().any(|v| *v < 0.0) {
            // A negative part (e.g. net sales of used goods): the shares would leave
            // [0, 1]; fall back to the parts' overall shares for this product.
            row.copy_from_slice(&overall);
        }
        let t: f64 = row.iter().sum();
        if t > 0.0 {
            row.iter_mut().for_each(|v| *v /= t);
        } else {
            row.iter_mut()
                .zip(&overall)
                .for_each(|(v, o)| *v = o / total_all);
        }
    }
    Ok(s)
}

/// Replace column `column` of `table` by the parts, in place (same position, the
/// parts in the order given), with the product shares `shares[i][p]`.
pub fn split_column(
    table: &IoTable,
    column: &str,
    parts: &[SplitPart],
    shares: &[Vec<f64>],
) -> Result<IoTable> {
    let k0 = table
        .y_labels
        .iter()
        .position(|l| l == column)
        .ok_or_else(|| {
            Error::unknown(
                "final_demand.split",
                "column",
                column,
                format!(
                    "expected a column of the parent's Y.csv ({})",
                    table.y_labels.join(", ")
                ),
            )
        })?;
    let np = parts.len();
    let mut src: Vec<(usize, Option<usize>)> = Vec::new();
    let mut labels = Vec::new();
    for (k, l) in table.y_labels.iter().enumerate() {
        if k == k0 {
            for (p, part) in parts.iter().enumerate() {
                src.push((k, Some(p)));
                labels.push(part.name.clone());
            }
        } else {
            src.push((k, None));
            labels.push(l.clone());
        }
    }
    if np == 0 {
        return Err(Error::shape(
            format!("final_demand.split of `{column}`"),
            "no parts",
            "at least one part",
        ));
    }
    let y = Mat::from_fn(table.len(), src.len(), |i, c| match src[c] {
        (k, None) => table.y[(i, k)],
        (k, Some(p)) => table.y[(i, k)] * shares[i][p],
    });
    let mut out = IoTable::new(
        table.index.clone(),
        table.z.clone(),
        y,
        labels,
        table.va.clone(),
        table.va_labels.clone(),
        Some(table.x.clone()),
    )?;
    out.meta = table.meta.clone();
    Ok(out)
}

/// Step 2b: every split of the recipe, on the aggregated parent (sector codes
/// `sectors`). Records the source folders and concordances as inputs.
pub fn split_columns(
    table: IoTable,
    splits: &[ColumnSplit],
    inputs: &mut Inputs,
) -> Result<IoTable> {
    let mut table = table;
    for (n, sp) in splits.iter().enumerate() {
        let key = format!("final_demand_split_{}", n + 1);
        let dir = inputs.folder(&key, &sp.shares_from, &[])?;
        let source = super::cache::read_table(&dir)?;
        let cpath = inputs.file(&format!("{key}_concordance"), &sp.concordance)?;
        let conc = Concordance::read(&cpath)?;
        let sectors = table.index.ids().to_vec();
        for t in &conc.targets {
            if !sectors.contains(t) {
                return Err(Error::label(
                    &cpath,
                    format!(
                        "target `{t}` is not a sector of the (aggregated) parent: expected one of {}",
                        sectors.join(", ")
                    ),
                ));
            }
        }
        let map_t = conc.map(source.index.sector_list(), "sectors of the share source")?;
        // Concordance targets -> parent positions.
        let map: Vec<usize> = map_t
            .iter()
            .map(|&t| {
                sectors
                    .iter()
                    .position(|s| *s == conc.targets[t])
                    .expect("checked")
            })
            .collect();
        let shares = part_shares(&source, &map, sectors.len(), &sp.part)?;
        table = split_column(&table, &sp.column, &sp.part, &shares)?;
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Index;

    fn toy() -> IoTable {
        let index = Index::new(vec!["a".into(), "b".into()], None, None).unwrap();
        IoTable::new(
            index,
            Mat::from_fn(2, 2, |_, _| 1.0),
            Mat::from_fn(2, 2, |i, k| [[6.0, 1.0], [4.0, 2.0]][i][k]),
            vec!["TC".into(), "EX".into()],
            Mat::from_fn(1, 2, |_, j| [6.0, 5.0][j]),
            vec!["VA".into()],
            None,
        )
        .unwrap()
    }

    #[test]
    fn parts_add_up_to_the_column_with_the_source_shares() {
        let parts = vec![
            SplitPart {
                name: "households".into(),
                columns: vec!["H1".into(), "H2".into()],
            },
            SplitPart {
                name: "government".into(),
                columns: vec!["G".into()],
            },
        ];
        // Source: three products, the first two mapped to `a`, the third to `b`.
        let index = Index::new(vec!["1".into(), "2".into(), "3".into()], None, None).unwrap();
        let y = Mat::from_fn(3, 3, |i, k| {
            [[1.0, 2.0, 1.0], [0.0, 1.0, 3.0], [0.0, 0.0, 5.0]][i][k]
        });
        let src = IoTable::new(
            index,
            Mat::zeros(3, 3),
            y,
            vec!["H1".into(), "H2".into(), "G".into()],
            Mat::from_fn(1, 3, |_, j| [4.0, 4.0, 5.0][j]),
            vec!["VA".into()],
            None,
        )
        .unwrap();
        let s = part_shares(&src, &[0, 0, 1], 2, &parts).unwrap();
        // a: households 1+2+0+1 = 4, government 1+3 = 4 -> 1/2 each; b: all government.
        assert_eq!(s, vec![vec![0.5, 0.5], vec![0.0, 1.0]]);
        let t = split_column(&toy(), "TC", &parts, &s).unwrap();
        assert_eq!(t.y_labels, ["households", "government", "EX"]);
        assert_eq!(t.y[(0, 0)], 3.0);
        assert_eq!(t.y[(0, 1)], 3.0);
        assert_eq!(t.y[(1, 0)], 0.0);
        assert_eq!(t.y[(1, 1)], 4.0);
        assert_eq!(t.y[(1, 2)], 2.0);
        assert!(split_column(&toy(), "XX", &parts, &s).is_err());
    }
}
