//! Writing the table folder format, every file atomically.

use super::csvio::{matrix_csv, vector_csv};
use super::IoTable;
use crate::error::{Error, Result};
use crate::fsio::{ensure_dir, write_atomic};
use std::path::Path;

/// Names a satellite may not take: the files of the folder format (compared without
/// regard to case, as some file systems do).
const RESERVED: [&str; 10] = [
    "Z", "Y", "VA", "x", "index", "Y_index", "labels", "table", "units", "report",
];

/// Check that a satellite name is a plain name, not a path: letters, digits, spaces,
/// `_` and `-` only, not empty, not the name of a file of the folder format (`Z`, `x`,
/// `index`, ...). `place` names where it was given, for the message.
pub fn check_satellite_name(name: &str, place: &str) -> Result<()> {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
        && !name.starts_with(['-', ' '])
        && !name.ends_with(' ');
    if !plain {
        return Err(Error::bad_value(
            place,
            name,
            "a satellite name of letters, digits, spaces, `_` and `-` (a name, not a \
             path: no `/`, `\\` or `.`, not empty, no space at either end)",
        ));
    }
    if let Some(r) = RESERVED.iter().find(|r| r.eq_ignore_ascii_case(name)) {
        return Err(Error::bad_value(
            place,
            name,
            format!(
                "a satellite name other than `{r}`, which is a file of the table folder \
                 format"
            ),
        ));
    }
    Ok(())
}

/// Check every satellite name of `table` and that no two differ only in case.
pub(crate) fn check_satellite_names(table: &IoTable) -> Result<()> {
    let mut seen = std::collections::BTreeMap::new();
    for s in &table.satellites {
        check_satellite_name(&s.name, &format!("satellite `{}`", s.name))?;
        if let Some(other) = seen.insert(s.name.to_lowercase(), &s.name) {
            return Err(Error::conflict(
                format!("satellites `{other}` and `{}`", s.name),
                "two satellites whose names differ only in case would be one file on \
                 some systems: rename one",
            ));
        }
    }
    Ok(())
}

/// Write `table` as a table folder in `dir` (created if needed).
pub fn write_table(table: &IoTable, dir: &Path) -> Result<()> {
    check_satellite_names(table)?;
    ensure_dir(dir)?;
    let ids = table.index.ids();
    write_labels_files(table, dir)?;
    write_atomic(
        &dir.join("Z.csv"),
        &matrix_csv("id", ids, ids, table.z.as_ref()),
    )?;
    write_atomic(
        &dir.join("Y.csv"),
        &matrix_csv("id", ids, &table.y_labels, table.y.as_ref()),
    )?;
    write_atomic(
        &dir.join("VA.csv"),
        &matrix_csv("component", &table.va_labels, ids, table.va.as_ref()),
    )?;
    write_atomic(&dir.join("x.csv"), &vector_csv("id", "x", ids, &table.x))?;
    for s in &table.satellites {
        write_atomic(
            &dir.join(format!("{}.csv", s.name)),
            &matrix_csv("indicator", &s.indicators, ids, s.values.as_ref()),
        )?;
    }
    Ok(())
}

/// Write the files of a table folder that are the same in the CSV and binary forms:
/// `index.csv`, `table.toml` (when there is metadata) and `Y_index.csv` (when the
/// regions of the final-demand columns differ from those inferred from their labels).
pub(crate) fn write_labels_files(table: &IoTable, dir: &Path) -> Result<()> {
    write_atomic(&dir.join("index.csv"), &index_csv(table))?;
    if table.meta != Default::default() {
        let text = toml::to_string(&table.meta).map_err(|e| {
            Error::io(
                dir.join("table.toml"),
                std::io::Error::other(format!("cannot write table.toml: {e}")),
            )
        })?;
        write_atomic(&dir.join("table.toml"), text.as_bytes())?;
    }
    if let Some(bytes) = y_index_csv(table) {
        write_atomic(&dir.join("Y_index.csv"), &bytes)?;
    }
    Ok(())
}

/// `Y_index.csv` when the regions of the final-demand columns differ from those
/// inferred from their labels.
pub(crate) fn y_index_csv(table: &IoTable) -> Option<Vec<u8>> {
    if table.y_regions == super::infer_y_regions(&table.index, &table.y_labels) {
        return None;
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["column", "region"])
        .expect("writing to memory");
    for (l, r) in table.y_labels.iter().zip(&table.y_regions) {
        w.write_record([l.as_str(), r.as_deref().unwrap_or("")])
            .expect("writing to memory");
    }
    Some(w.into_inner().expect("writing to memory"))
}

pub(crate) fn index_csv(table: &IoTable) -> Vec<u8> {
    let ix = &table.index;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id".to_string()];
    if ix.has_region_column() {
        header.push("region".into());
        header.push("sector".into());
    }
    header.extend(ix.extra().iter().map(|(h, _)| h.clone()));
    w.write_record(&header).expect("writing to memory");
    for i in 0..ix.len() {
        let mut rec = vec![ix.ids()[i].clone()];
        if ix.has_region_column() {
            rec.push(ix.regions()[i].clone());
            rec.push(ix.sectors()[i].clone());
        }
        rec.extend(ix.extra().iter().map(|(_, v)| v[i].clone()));
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// [`matrix_csv`] for a result named `result` (a file such as `L.csv`): every value
/// must be finite, or the result is refused with [`Error::NonFinite`] naming it, the
/// row and the column (nothing that leaves the program is `inf` or `NaN`).
pub fn finite_matrix_csv(
    result: &str,
    corner: &str,
    rows: &[String],
    cols: &[String],
    m: faer::MatRef<'_, f64>,
) -> Result<Vec<u8>> {
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            let v = m[(i, j)];
            if !v.is_finite() {
                return Err(Error::non_finite(
                    result,
                    format!(
                        "the value at row `{}`, column `{}` is {v} (the computation \
                         overflowed the range of 64-bit floats, about 1.8e308): rescale the \
                         inputs (a smaller unit)",
                        rows.get(i).map(String::as_str).unwrap_or("?"),
                        cols.get(j).map(String::as_str).unwrap_or("?"),
                    ),
                ));
            }
        }
    }
    Ok(matrix_csv(corner, rows, cols, m))
}
