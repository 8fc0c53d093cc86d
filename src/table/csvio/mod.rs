//! Labelled CSV matrices: the first column holds row labels, the header holds column
//! labels. Reading keeps the line of every row so errors can point at it; alignment
//! to an [`Index`](super::Index) is by label, never by position.

use crate::error::{lookalike_note, visible, Error, Result};
use faer::Mat;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod fast;
mod lexical;
mod write;

use lexical::{csv_error, shown};
pub use lexical::{parse_number, precheck};
pub use write::{fmt_num, matrix_csv, vector_csv};

/// A matrix read from a CSV file, with its labels and the line of each row.
#[derive(Debug, Clone)]
pub struct LabeledMatrix {
    /// File it was read from.
    pub path: PathBuf,
    /// The first header cell (`id`, `component`, `indicator`, ...).
    pub corner: String,
    /// Column labels (header without the first cell).
    pub col_labels: Vec<String>,
    /// Row labels (first cell of each row).
    pub row_labels: Vec<String>,
    /// 1-based line number of each row in the file.
    pub row_lines: Vec<u64>,
    /// Values, row-major.
    pub data: Vec<f64>,
}

impl LabeledMatrix {
    /// Read a labelled matrix from `path`.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = crate::fsio::read_bytes(path)?;
        Self::from_bytes(path, &bytes)
    }

    /// Parse a labelled matrix from bytes; `path` is used in messages.
    ///
    /// Well-formed files without quotes in their data rows take a fast path (rows split
    /// by hand, parsed in parallel); anything else, and every error, goes through the
    /// `csv` crate path below, so messages are the same either way.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Self> {
        let bytes = precheck(path, bytes)?;
        if let Some(m) = fast::parse(path, bytes) {
            if m.check_unique_rows().is_ok() {
                return Ok(m);
            }
        }
        Self::from_bytes_checked(path, bytes)
    }

    /// The reference parser (csv crate): handles quoting and produces every error.
    fn from_bytes_checked(path: &Path, bytes: &[u8]) -> Result<Self> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                message: "file is empty: expected a header row".into(),
            });
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(bytes);
        let mut records = rdr.byte_records();
        let header = match records.next() {
            Some(r) => r.map_err(|e| csv_error(path, bytes, e))?,
            None => {
                return Err(Error::Csv {
                    path: path.to_path_buf(),
                    line: 1,
                    message: "file is empty: expected a header row".into(),
                })
            }
        };
        let header: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, f)| {
                std::str::from_utf8(f)
                    .map(|s| s.trim().to_string())
                    .map_err(|_| Error::Csv {
                        path: path.to_path_buf(),
                        line: 1,
                        message: format!("header field {} is not valid UTF-8", i + 1),
                    })
            })
            .collect::<Result<_>>()?;
        if header.len() < 2 {
            let h = header.first().cloned().unwrap_or_default();
            let hint = if h.contains(';') {
                " (it looks semicolon-separated; mrio reads comma-separated files)"
            } else if h.contains('\t') {
                " (it looks tab-separated; mrio reads comma-separated files)"
            } else {
                ""
            };
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                message: format!(
                    "header has one field, expected a label column and at least one data column{hint}"
                ),
            });
        }
        let corner = header[0].clone();
        let col_labels: Vec<String> = header[1..].to_vec();
        check_unique(path, &col_labels, "column")?;
        let ncols = col_labels.len();
        let mut row_labels = Vec::new();
        let mut row_lines = Vec::new();
        let (mut line_count, mut counted) = (1u64, 0usize);
        let mut data = Vec::new();
        for rec in records {
            let rec = rec.map_err(|e| csv_error(path, bytes, e))?;
            // Incremental line count (see `line_at`): lines between the last record and
            // this one.
            let at = rec.position().map(|p| p.byte() as usize).unwrap_or(0);
            let mut start = at.min(bytes.len());
            while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
                start += 1;
            }
            line_count += bytes[counted..start.max(counted)]
                .iter()
                .filter(|&&c| c == b'\n')
                .count() as u64;
            counted = start.max(counted);
            let line = line_count;
            let label = std::str::from_utf8(&rec[0]).map_err(|_| Error::Csv {
                path: path.to_path_buf(),
                line,
                message: "row label is not valid UTF-8".into(),
            })?;
            let label = label.trim().to_string();
            for (j, field) in rec.iter().skip(1).enumerate() {
                let parsed = match std::str::from_utf8(field) {
                    Ok(text) => parse_number(text).map_err(|e| (shown(text), e)),
                    Err(_) => Err((
                        shown(&String::from_utf8_lossy(field)),
                        "a number (the cell holds bytes that are not UTF-8: save the file as UTF-8)",
                    )),
                };
                let v = parsed.map_err(|(value, expected)| Error::Cell {
                    path: path.to_path_buf(),
                    line,
                    column: j + 2,
                    row: label.clone(),
                    col: col_labels[j].clone(),
                    value,
                    expected: expected.to_string(),
                })?;
                data.push(v);
            }
            row_labels.push(label);
            row_lines.push(line);
        }
        if row_labels.is_empty() {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 2,
                message: "file has a header but no data rows".into(),
            });
        }
        debug_assert_eq!(data.len(), row_labels.len() * ncols);
        let m = LabeledMatrix {
            path: path.to_path_buf(),
            corner,
            col_labels,
            row_labels,
            row_lines,
            data,
        };
        m.check_unique_rows()?;
        Ok(m)
    }

    fn check_unique_rows(&self) -> Result<()> {
        let mut seen: HashMap<&str, u64> = HashMap::new();
        for (l, &line) in self.row_labels.iter().zip(&self.row_lines) {
            if l.is_empty() {
                return Err(Error::label(
                    &self.path,
                    format!("line {line}: empty row label"),
                ));
            }
            if let Some(first) = seen.insert(l, line) {
                return Err(Error::label(
                    &self.path,
                    format!("line {line}: duplicate row label `{l}` (first on line {first})"),
                ));
            }
        }
        Ok(())
    }

    /// Number of data rows.
    pub fn nrows(&self) -> usize {
        self.row_labels.len()
    }

    /// Number of data columns.
    pub fn ncols(&self) -> usize {
        self.col_labels.len()
    }

    /// Value at (row, column) in file order.
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.ncols() + j]
    }

    /// The values as a faer matrix in file order.
    pub fn to_mat(&self) -> Mat<f64> {
        Mat::from_fn(self.nrows(), self.ncols(), |i, j| self.get(i, j))
    }

    /// Permutation mapping `labels` (the wanted order) to rows of this file.
    /// Unknown and missing labels are errors naming the file and line.
    pub fn row_order(&self, labels: &[String], what: &str) -> Result<Vec<usize>> {
        order(
            &self.path,
            &self.row_labels,
            Some(&self.row_lines),
            labels,
            what,
            "row",
        )
    }

    /// Permutation mapping `labels` (the wanted order) to columns of this file.
    pub fn col_order(&self, labels: &[String], what: &str) -> Result<Vec<usize>> {
        order(&self.path, &self.col_labels, None, labels, what, "column")
    }

    /// The matrix with rows and columns reordered to `rows` and `cols` (by label).
    pub fn aligned(&self, rows: &[String], cols: &[String], what: &str) -> Result<Mat<f64>> {
        let ro = self.row_order(rows, what)?;
        let co = self.col_order(cols, what)?;
        Ok(Mat::from_fn(ro.len(), co.len(), |i, j| {
            self.get(ro[i], co[j])
        }))
    }

    /// Rows aligned to `rows`, columns kept in file order.
    pub fn rows_aligned(&self, rows: &[String], what: &str) -> Result<Mat<f64>> {
        let ro = self.row_order(rows, what)?;
        Ok(Mat::from_fn(ro.len(), self.ncols(), |i, j| {
            self.get(ro[i], j)
        }))
    }

    /// Columns aligned to `cols`, rows kept in file order.
    pub fn cols_aligned(&self, cols: &[String], what: &str) -> Result<Mat<f64>> {
        let co = self.col_order(cols, what)?;
        Ok(Mat::from_fn(self.nrows(), co.len(), |i, j| {
            self.get(i, co[j])
        }))
    }
}

fn check_unique(path: &Path, labels: &[String], what: &str) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (k, l) in labels.iter().enumerate() {
        if l.is_empty() {
            return Err(Error::label(
                path,
                format!("line 1: {what} {} has an empty label", k + 2),
            ));
        }
        if let Some(first) = seen.insert(l, k) {
            return Err(Error::label(
                path,
                format!(
                    "line 1: duplicate {what} label `{}` (columns {} and {})",
                    visible(l),
                    first + 2,
                    k + 2
                ),
            ));
        }
    }
    Ok(())
}

fn order(
    path: &Path,
    have: &[String],
    lines: Option<&[u64]>,
    want: &[String],
    what: &str,
    axis: &str,
) -> Result<Vec<usize>> {
    let pos: HashMap<&str, usize> = have
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let wanted: HashMap<&str, ()> = want.iter().map(|l| (l.as_str(), ())).collect();
    for (k, l) in have.iter().enumerate() {
        if !wanted.contains_key(l.as_str()) {
            let place = match lines {
                Some(ls) => format!("line {}", ls[k]),
                None => format!("line 1, column {}", k + 2),
            };
            return Err(Error::label(
                path,
                format!(
                    "{place}: unknown {axis} label `{}`: expected one of the {what}{}",
                    visible(l),
                    lookalike_note(l, want)
                ),
            ));
        }
    }
    want.iter()
        .map(|l| {
            pos.get(l.as_str()).copied().ok_or_else(|| {
                Error::label(
                    path,
                    format!(
                        "{axis} label `{}` is missing: every one of the {what} must appear",
                        visible(l)
                    ),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &LabeledMatrix, b: &LabeledMatrix) {
        assert_eq!(a.corner, b.corner);
        assert_eq!(a.col_labels, b.col_labels);
        assert_eq!(a.row_labels, b.row_labels);
        assert_eq!(a.row_lines, b.row_lines);
        assert_eq!(a.data, b.data);
    }

    /// The fast path reads exactly what the reference parser reads.
    #[test]
    fn fast_path_equals_reference_on_good_input() {
        let p = Path::new("t.csv");
        for text in [
            "id,a,b\nr1,1,2\nr2,3.5e-3,-4\n",
            "id,a,b\r\nr1, 1 ,2\r\nr2,0.1,1e300\r\n",
            "indicator,x\nco2,12345678901234567890\n\n\n",
            "id,a\nr1,-0\n",
        ] {
            let fast = fast::parse(p, text.as_bytes()).expect("fast path taken");
            let slow = LabeledMatrix::from_bytes_checked(p, text.as_bytes()).unwrap();
            same(&fast, &slow);
        }
        // Large enough for the parallel split (> 1 MiB), with line numbers kept.
        let mut big = String::from("id");
        for j in 0..200 {
            big.push_str(&format!(",c{j}"));
        }
        big.push('\n');
        for i in 0..800 {
            big.push_str(&format!("r{i}"));
            for j in 0..200 {
                big.push_str(&format!(",{}", (i * 200 + j) as f64 * 0.1234567891234));
            }
            big.push('\n');
        }
        assert!(big.len() > 1 << 20);
        let fast = fast::parse(p, big.as_bytes()).expect("fast path taken");
        let slow = LabeledMatrix::from_bytes_checked(p, big.as_bytes()).unwrap();
        same(&fast, &slow);
    }

    /// Anything irregular leaves the fast path, so errors come from the reference parser.
    #[test]
    fn irregular_input_falls_back_to_the_reference_parser() {
        let p = Path::new("t.csv");
        for text in [
            "id,a,b\nr1,1\n",
            "id,a,b\nr1,1,2,3\n",
            "id,a\nr1,\n",
            "id,a\nr1,abc\n",
            "id,a\nr1,NaN\n",
            "id,a\nr1,inf\n",
            "id,\"a,b\"\nr1,1\n",
            "id,a\n\"r,1\",1\n",
            "id,a\nr1,1\n\nr2,2\n",
            "id,a,a\nr1,1,2\n",
            "id,a\n",
            "id;a;b\n",
        ] {
            assert!(fast::parse(p, text.as_bytes()).is_none(), "{text:?}");
        }
        let e = LabeledMatrix::from_bytes(p, b"id,a,b\nr1,1,2\nr2,1,x\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "t.csv:3:3: cell `x` (row `r2`, column `b`): expected a number"
        );
        // CRLF files: the same line numbers (the csv crate alone reports one less).
        let e = LabeledMatrix::from_bytes(p, b"id,a,b\r\nr1,1,2\r\nr2,1,x\r\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.csv:3:3:"), "{e}");
        let e = LabeledMatrix::from_bytes(p, b"id,a,b\r\nr1,1,2\r\nr2,1\r\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.csv:3:"), "{e}");
    }
}
