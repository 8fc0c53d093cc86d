//! The labelled text matrices of pymrio's `save_all` (and of EXIOBASE 3 releases, which
//! are written by it): pandas `to_csv` with MultiIndex rows and columns.
//!
//! With `r` index columns and `h` header rows (from `file_parameters.json`), the file is
//! - `h` header rows: the name of column level `l`, `r - 1` empty cells, then the level-`l`
//!   label of every column;
//! - when `h > 1`, one row of index names (`region`, `sector`, then empty cells);
//!   when `h = 1` the index names are the first `r` cells of the header row;
//! - one row per matrix row: `r` labels, then the values.
//!
//! Tab-separated for `.txt`, comma-separated (with CSV quoting) for `.csv`.

use crate::error::{Error, Result};
use faer::Mat;
use std::path::Path;

/// A matrix with multi-level row and column labels.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// Names of the row levels (e.g. `region`, `sector`).
    pub row_names: Vec<String>,
    /// Row labels, one tuple per row.
    pub rows: Vec<Vec<String>>,
    /// Names of the column levels (e.g. `region`, `category`).
    pub col_names: Vec<String>,
    /// Column labels, one tuple per column.
    pub cols: Vec<Vec<String>>,
    /// Values, rows x columns.
    pub data: Mat<f64>,
}

fn err(path: &Path, line: u64, message: impl Into<String>) -> Error {
    Error::Csv {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

/// Parse `bytes` (a file named `path` in messages) with `nr_index` index columns and
/// `nr_header` header rows; `sep` is `\t` or `,`.
pub fn parse(
    path: &Path,
    bytes: &[u8],
    nr_index: usize,
    nr_header: usize,
    sep: u8,
) -> Result<Labelled> {
    if nr_index == 0 || nr_header == 0 {
        return Err(err(
            path,
            1,
            "expected at least one index column and one header row",
        ));
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(bytes);
    let mut records = rdr.records();
    let mut next = |line: u64| -> Result<Option<Vec<String>>> {
        match records.next() {
            None => Ok(None),
            Some(Ok(r)) => Ok(Some(r.iter().map(|s| s.to_string()).collect())),
            Some(Err(e)) => Err(err(path, line, format!("not readable as text: {e}"))),
        }
    };
    let mut header_rows = Vec::with_capacity(nr_header);
    for l in 0..nr_header {
        let row = next(l as u64 + 1)?.ok_or_else(|| {
            err(
                path,
                l as u64 + 1,
                format!("file ends inside the header: expected {nr_header} header row(s)"),
            )
        })?;
        header_rows.push(row);
    }
    let width = header_rows[0].len();
    if width <= nr_index {
        return Err(err(
            path,
            1,
            format!("header has {width} cell(s): expected {nr_index} index column(s) and at least one data column"),
        ));
    }
    let ncols = width - nr_index;
    let mut col_names = Vec::new();
    for (l, row) in header_rows.iter().enumerate() {
        if row.len() != width {
            return Err(err(
                path,
                l as u64 + 1,
                format!(
                    "header row has {} cells, expected {width} like row 1",
                    row.len()
                ),
            ));
        }
        col_names.push(if nr_header == 1 {
            String::new()
        } else {
            row[0].clone()
        });
    }
    let cols: Vec<Vec<String>> = (0..ncols)
        .map(|j| {
            header_rows
                .iter()
                .map(|r| r[nr_index + j].clone())
                .collect()
        })
        .collect();
    let mut line = nr_header as u64;
    let row_names: Vec<String>;
    let mut first_data: Option<Vec<String>> = None;
    if nr_header == 1 {
        row_names = header_rows[0][..nr_index].to_vec();
    } else {
        line += 1;
        let names = next(line)?.ok_or_else(|| err(path, line, "file ends before the data rows"))?;
        if names.iter().skip(nr_index).all(|c| c.is_empty()) {
            row_names = names[..nr_index.min(names.len())].to_vec();
        } else {
            // No index-names row (an index without names): this row is data.
            row_names = vec![String::new(); nr_index];
            first_data = Some(names);
            line -= 1;
        }
    }
    let mut rows = Vec::new();
    let mut values: Vec<f64> = Vec::new();
    loop {
        let rec = match first_data.take() {
            Some(r) => Some(r),
            None => next(line + 1)?,
        };
        let Some(rec) = rec else { break };
        line += 1;
        if rec.len() == 1 && rec[0].is_empty() {
            continue;
        }
        if rec.len() != width {
            return Err(err(
                path,
                line,
                format!("row has {} cells, expected {width} ({nr_index} label(s) and {ncols} value(s), as in the header)", rec.len()),
            ));
        }
        for (j, cell) in rec[nr_index..].iter().enumerate() {
            let v = crate::table::csvio::parse_number(cell).map_err(|expected| Error::Cell {
                path: path.to_path_buf(),
                line,
                column: nr_index + j + 1,
                row: rec[..nr_index].join("|"),
                col: cols[j].join("|"),
                value: cell.clone(),
                expected: expected.to_string(),
            })?;
            values.push(v);
        }
        rows.push(rec[..nr_index].to_vec());
    }
    let nrows = rows.len();
    let data = Mat::from_fn(nrows, ncols, |i, j| values[i * ncols + j]);
    Ok(Labelled {
        row_names,
        rows,
        col_names,
        cols,
        data,
    })
}

/// Write a labelled matrix in the layout [`parse`] reads (pandas `to_csv`).
pub fn write(m: &Labelled, sep: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .from_writer(Vec::new());
    let r = m.row_names.len();
    let h = m.col_names.len();
    let num = |v: f64| crate::table::csvio::fmt_num(v);
    for l in 0..h {
        let mut rec = vec![m.col_names[l].clone()];
        if h == 1 {
            rec = m.row_names.clone();
        } else {
            rec.extend(std::iter::repeat(String::new()).take(r - 1));
        }
        rec.extend(m.cols.iter().map(|c| c[l].clone()));
        w.write_record(&rec).expect("writing to memory");
    }
    if h > 1 {
        let mut rec = m.row_names.clone();
        rec.extend(std::iter::repeat(String::new()).take(m.cols.len()));
        w.write_record(&rec).expect("writing to memory");
    }
    for (i, labels) in m.rows.iter().enumerate() {
        let mut rec = labels.clone();
        rec.extend((0..m.cols.len()).map(|j| num(m.data[(i, j)])));
        w.write_record(&rec).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
