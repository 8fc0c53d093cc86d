//! `mrio convert TABLE DST --to pymrio`: a folder `pymrio.load_all` reads (the layout of
//! pymrio's `save_all` with `.txt` matrices).
//!
//! Z, Y, x and unit at the top; one extension folder per satellite (`F`, `F_Y` when the
//! table folder holds `NAME.F_Y.csv`, `unit`); primary inputs as the extension
//! `factor_inputs`, unless they are the balancing row a pymrio conversion made (then
//! the source's own extensions already hold them).

use super::convert::BALANCING_VA;
use super::text::{self, Labelled};
use super::Extras;
use crate::error::Result;
use crate::fsio::{ensure_dir, write_atomic};
use crate::table::IoTable;
use faer::Mat;
use std::path::Path;

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// (region, category) of each final-demand column: the region prefix is cut off.
fn y_columns(table: &IoTable) -> Vec<Vec<String>> {
    table
        .y_labels
        .iter()
        .zip(&table.y_regions)
        .map(|(l, r)| match r {
            Some(r) => {
                let rest = l
                    .strip_prefix(r.as_str())
                    .and_then(|s| s.strip_prefix(['_', '|']))
                    .unwrap_or(l);
                vec![r.clone(), rest.to_string()]
            }
            None => vec!["RoW".to_string(), l.clone()],
        })
        .collect()
}

/// Split indicator labels made from several levels (`stressor|compartment`) back into
/// them: the level names from `pymrio.json` when given and every label has that many
/// parts, else `stressor, compartment` for two-part labels, else one level `stressor`.
fn stressor_rows(
    indicators: &[String],
    levels: Option<&[String]>,
) -> (Vec<String>, Vec<Vec<String>>) {
    if let Some(l) = levels {
        if !l.is_empty() && indicators.iter().all(|s| s.split('|').count() == l.len()) {
            let rows = indicators
                .iter()
                .map(|s| s.split('|').map(|p| p.to_string()).collect())
                .collect();
            return (l.to_vec(), rows);
        }
    }
    let two = indicators.iter().all(|s| s.matches('|').count() == 1);
    if two {
        let rows = indicators
            .iter()
            .map(|s| s.split('|').map(|p| p.to_string()).collect())
            .collect();
        (names(&["stressor", "compartment"]), rows)
    } else {
        (
            names(&["stressor"]),
            indicators.iter().map(|s| vec![s.clone()]).collect(),
        )
    }
}

fn unit_file(row_names: &[String], rows: &[Vec<String>], unit: &str) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(Vec::new());
    let mut h = row_names.to_vec();
    h.push("unit".into());
    w.write_record(&h).expect("writing to memory");
    for r in rows {
        let mut rec = r.clone();
        rec.push(unit.to_string());
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

fn params(files: &[(&str, usize, usize)], kind: &str, name: Option<&str>) -> Vec<u8> {
    let mut f = serde_json::Map::new();
    for (key, ri, h) in files {
        f.insert(
            key.to_string(),
            serde_json::json!({"name": format!("{key}.txt"), "nr_index_col": ri.to_string(), "nr_header": h.to_string()}),
        );
    }
    let mut v = serde_json::json!({"files": f, "systemtype": kind});
    if let Some(n) = name {
        v["name"] = serde_json::Value::String(n.to_string());
    }
    serde_json::to_vec_pretty(&v).expect("json")
}

fn put(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    write_atomic(&dir.join(name), bytes)
}

/// Write `table` (with its final-demand accounts) into `dir` as a pymrio folder.
pub fn write(table: &IoTable, extras: &Extras, dir: &Path) -> Result<()> {
    ensure_dir(dir)?;
    let ix = &table.index;
    let keys: Vec<Vec<String>> = (0..ix.len())
        .map(|i| vec![ix.regions()[i].clone(), ix.sectors()[i].clone()])
        .collect();
    let rs = names(&["region", "sector"]);
    let ycols = y_columns(table);
    let m = |row_names: Vec<String>,
             rows: Vec<Vec<String>>,
             col_names: Vec<String>,
             cols: Vec<Vec<String>>,
             data: Mat<f64>| Labelled {
        row_names,
        rows,
        col_names,
        cols,
        data,
    };
    let z = m(
        rs.clone(),
        keys.clone(),
        rs.clone(),
        keys.clone(),
        table.z.clone(),
    );
    put(dir, "Z.txt", &text::write(&z, b'\t'))?;
    let y = m(
        rs.clone(),
        keys.clone(),
        names(&["region", "category"]),
        ycols.clone(),
        table.y.clone(),
    );
    put(dir, "Y.txt", &text::write(&y, b'\t'))?;
    let xm = Mat::from_fn(ix.len(), 1, |i, _| table.x[i]);
    let x = m(
        rs.clone(),
        keys.clone(),
        vec![String::new()],
        vec![vec!["indout".into()]],
        xm,
    );
    put(dir, "x.txt", &text::write(&x, b'\t'))?;
    put(dir, "unit.txt", &unit_file(&rs, &keys, table.unit()))?;
    put(
        dir,
        "file_parameters.json",
        &params(
            &[("Z", 2, 2), ("Y", 2, 2), ("x", 2, 1), ("unit", 2, 1)],
            "IOSystem",
            None,
        ),
    )?;
    let meta = serde_json::json!({
        "name": table.meta.name.clone().unwrap_or_else(|| "mrio table".into()),
        "description": table.meta.source.clone().unwrap_or_default(),
        "system": "",
        "version": table.meta.year.map(|y| y.to_string()).unwrap_or_default(),
        "history": ["written by mrio convert --to pymrio"],
    });
    put(
        dir,
        "metadata.json",
        &serde_json::to_vec_pretty(&meta).expect("json"),
    )?;
    for s in &table.satellites {
        let fya = extras.fd.iter().find(|a| a.name == s.name);
        let levels = extras.levels.get(&s.name).map(|v| v.as_slice());
        write_extension(
            dir,
            &s.name,
            levels,
            &s.indicators,
            &s.values,
            fya.map(|a| &a.values),
            &table.satellite_unit(&s.name),
            &keys,
            &ycols,
        )?;
    }
    let balancing = table.va_labels.len() == 1 && table.va_labels[0] == BALANCING_VA;
    if !balancing && table.satellite("factor_inputs").is_none() {
        write_extension(
            dir,
            "factor_inputs",
            Some(&["inputtype".to_string()]),
            &table.va_labels,
            &table.va,
            None,
            table.unit(),
            &keys,
            &ycols,
        )?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_extension(
    root: &Path,
    name: &str,
    levels: Option<&[String]>,
    indicators: &[String],
    values: &Mat<f64>,
    f_y: Option<&Mat<f64>>,
    unit: &str,
    keys: &[Vec<String>],
    ycols: &[Vec<String>],
) -> Result<()> {
    let dir = root.join(name);
    ensure_dir(&dir)?;
    let (row_names, rows) = stressor_rows(indicators, levels);
    let ri = row_names.len();
    let f = Labelled {
        row_names: row_names.clone(),
        rows: rows.clone(),
        col_names: names(&["region", "sector"]),
        cols: keys.to_vec(),
        data: values.clone(),
    };
    put(&dir, "F.txt", &text::write(&f, b'\t'))?;
    let mut files = vec![("F", ri, 2), ("unit", ri, 1)];
    if let Some(fy) = f_y {
        let m = Labelled {
            row_names: row_names.clone(),
            rows: rows.clone(),
            col_names: names(&["region", "category"]),
            cols: ycols.to_vec(),
            data: fy.clone(),
        };
        put(&dir, "F_Y.txt", &text::write(&m, b'\t'))?;
        files.insert(1, ("F_Y", ri, 2));
    }
    put(&dir, "unit.txt", &unit_file(&row_names, &rows, unit))?;
    put(
        &dir,
        "file_parameters.json",
        &params(&files, "Extension", Some(name)),
    )
}
