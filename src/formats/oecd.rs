//! OECD Inter-Country Input-Output tables (ICIO), CSV releases of 2021 and 2023.
//!
//! One CSV per year: first column the row codes, header the column codes.
//! - rows `CCC_SECTOR` (country, industry) are Z and Y rows; the 2021 release adds
//!   `TAXSUB` (taxes less subsidies), `VALU` (value added) and the totals row `OUTPUT`;
//!   the 2023 release calls them `TLS`, `VA` and `OUT`;
//! - columns `CCC_SECTOR` are Z columns; `CCC_HFCE`, `_NPISH`, `_GGFC`, `_GFCF`,
//!   `_INVNT`, `_DPABR` (and `_NONRES`, `_DISC`) are final demand; the totals column is
//!   `TOTAL` in 2021 and `OUT` in 2023;
//! - China and Mexico may be split (`CN1`, `CN2`, `MX1`, `MX2`: processing and
//!   non-processing trade); these are added back into `CHN` and `MEX` (rows, columns,
//!   VA), as pymrio does.
//!
//! Monetary unit: million USD (current prices), per the ICIO readme.

use crate::error::{Error, Result};
use crate::table::{Index, IoTable};
use faer::Mat;
use std::collections::HashMap;
use std::path::Path;

const TOTAL_ROWS: &[&str] = &["OUT", "OUTPUT"];
const TOTAL_COLS: &[&str] = &["OUT", "TOTAL"];
const VA_ROWS: &[&str] = &["TLS", "VA", "TAXSUB", "VALU"];
const FD_CODES: &[&str] = &[
    "HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DPABR", "NONRES", "DISC", "P33", "DIRP",
];

/// The region a split region folds into (`CN1` -> `CHN`, `MX2` -> `MEX`).
fn fold(region: &str) -> &str {
    let digits = |p: &str| {
        region
            .strip_prefix(p)
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    };
    if digits("CN") {
        "CHN"
    } else if digits("MX") {
        "MEX"
    } else {
        region
    }
}

enum Col {
    Z(String, String),
    Fd(String),
    Total,
}

fn classify_col(code: &str) -> Col {
    if TOTAL_COLS.contains(&code) {
        return Col::Total;
    }
    match code.split_once('_') {
        Some((r, s)) if FD_CODES.contains(&s) => Col::Fd(format!("{}_{s}", fold(r))),
        Some((r, s)) => Col::Z(fold(r).to_string(), s.to_string()),
        None => Col::Fd(code.to_string()),
    }
}

/// Distinct keys in first-seen order, and the position of each input in them.
fn group<K: Clone + Eq + std::hash::Hash>(keys: &[K]) -> (Vec<K>, Vec<usize>) {
    let mut pos: HashMap<K, usize> = HashMap::new();
    let mut uniq = Vec::new();
    let at = keys
        .iter()
        .map(|k| {
            *pos.entry(k.clone()).or_insert_with(|| {
                uniq.push(k.clone());
                uniq.len() - 1
            })
        })
        .collect();
    (uniq, at)
}

/// Read one ICIO CSV file.
pub fn read(path: &Path) -> Result<IoTable> {
    let bytes = crate::fsio::read_bytes(path)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    let mut recs = rdr.records();
    let cerr = |line: u64, m: String| Error::Csv {
        path: path.to_path_buf(),
        line,
        message: m,
    };
    let header = match recs.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(cerr(1, format!("not readable: {e}"))),
        None => return Err(cerr(1, "file is empty: expected a header row".into())),
    };
    let cols: Vec<Col> = header.iter().skip(1).map(classify_col).collect();
    let zc: Vec<(String, String)> = cols
        .iter()
        .filter_map(|c| match c {
            Col::Z(r, s) => Some((r.clone(), s.clone())),
            _ => None,
        })
        .collect();
    let fdc: Vec<String> = cols
        .iter()
        .filter_map(|c| match c {
            Col::Fd(l) => Some(l.clone()),
            _ => None,
        })
        .collect();
    let (zkeys, zcol_at) = group(&zc);
    let (fd_labels, fd_at) = group(&fdc);
    let n = zkeys.len();
    let kpos: HashMap<&(String, String), usize> =
        zkeys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut z = Mat::<f64>::zeros(n, n);
    let mut y = Mat::<f64>::zeros(n, fd_labels.len());
    let mut va_labels: Vec<String> = Vec::new();
    let mut va_rows: Vec<Vec<f64>> = Vec::new();
    let mut x_col = vec![0.0; n];
    let mut x_row: Option<Vec<f64>> = None;
    let mut has_total_col = false;
    let mut seen_rows = vec![false; n];
    for (k, rec) in recs.enumerate() {
        let line = k as u64 + 2;
        let rec = rec.map_err(|e| cerr(line, format!("not readable: {e}")))?;
        if rec.len() != header.len() {
            return Err(cerr(
                line,
                format!(
                    "row has {} cells, expected {} as in the header",
                    rec.len(),
                    header.len()
                ),
            ));
        }
        let code = rec[0].to_string();
        let mut vals = Vec::with_capacity(cols.len());
        for (j, cell) in rec.iter().skip(1).enumerate() {
            let v = crate::table::csvio::parse_number(cell).map_err(|e| Error::Cell {
                path: path.to_path_buf(),
                line,
                column: j + 2,
                row: code.clone(),
                col: header[j + 1].to_string(),
                value: cell.to_string(),
                expected: e.to_string(),
            })?;
            vals.push(v);
        }
        let spread = |target: &mut [f64], vals: &[f64]| {
            let mut zj = 0;
            for (j, c) in cols.iter().enumerate() {
                if let Col::Z(..) = c {
                    target[zcol_at[zj]] += vals[j];
                    zj += 1;
                }
            }
        };
        if TOTAL_ROWS.contains(&code.as_str()) {
            let mut t = vec![0.0; n];
            spread(&mut t, &vals);
            x_row = Some(t);
            continue;
        }
        if VA_ROWS.contains(&code.as_str()) {
            let mut t = vec![0.0; n];
            spread(&mut t, &vals);
            va_labels.push(code);
            va_rows.push(t);
            continue;
        }
        let key = match code.split_once('_') {
            Some((r, s)) => (fold(r).to_string(), s.to_string()),
            None => {
                return Err(cerr(line, format!(
                    "row `{code}`: expected COUNTRY_INDUSTRY (e.g. `AUS_A01_02`), a value-added row (TLS, VA; TAXSUB, VALU in 2021) or the totals row (OUT; OUTPUT in 2021)"
                )))
            }
        };
        let i = *kpos.get(&key).ok_or_else(|| {
            cerr(line, format!("row `{code}` has no column of the same code: expected the same countries and industries in rows and columns"))
        })?;
        seen_rows[i] = true;
        let (mut zj, mut fj) = (0, 0);
        for (j, c) in cols.iter().enumerate() {
            match c {
                Col::Z(..) => {
                    z[(i, zcol_at[zj])] += vals[j];
                    zj += 1;
                }
                Col::Fd(_) => {
                    y[(i, fd_at[fj])] += vals[j];
                    fj += 1;
                }
                Col::Total => {
                    x_col[i] += vals[j];
                    has_total_col = true;
                }
            }
        }
    }
    if let Some(i) = seen_rows.iter().position(|s| !s) {
        return Err(Error::label(
            path,
            format!(
                "column `{}_{}` has no row of the same code",
                zkeys[i].0, zkeys[i].1
            ),
        ));
    }
    if va_rows.is_empty() {
        return Err(Error::label(
            path,
            "no value-added row: expected TLS and VA (2023) or TAXSUB and VALU (2021)",
        ));
    }
    let x = if has_total_col { Some(x_col) } else { x_row };
    let ids: Vec<String> = zkeys.iter().map(|(r, s)| format!("{r}_{s}")).collect();
    let index = Index::new(
        ids,
        Some(zkeys.iter().map(|k| k.0.clone()).collect()),
        Some(zkeys.iter().map(|k| k.1.clone()).collect()),
    )
    .map_err(|e| Error::label(path, e.to_string()))?;
    let va = Mat::from_fn(va_rows.len(), n, |p, j| va_rows[p][j]);
    let mut table = IoTable::new(index, z, y, fd_labels, va, va_labels, x)?;
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    table.meta.name = Some(format!("OECD ICIO ({file})"));
    table.meta.year = year_of(&file);
    table.meta.unit = Some("million USD".into());
    table.meta.source = Some("OECD Inter-Country Input-Output tables, https://www.oecd.org/en/data/datasets/inter-country-input-output-tables.html".into());
    table.meta.notes = Some(
        "Converted by `mrio convert --from oecd-icio`. CN1/CN2 and MX1/MX2 (when present) \
         are added into CHN and MEX. Taxes less subsidies on final products (the TLS/TAXSUB \
         entries of the final-demand columns) are not kept: Y holds basic-price final demand."
            .into(),
    );
    Ok(table)
}

/// The data year of an ICIO file name: the last four-digit number (`ICIO2021_2018.csv`,
/// `2019_SML.csv`).
fn year_of(name: &str) -> Option<i64> {
    let b = name.as_bytes();
    let mut last = None;
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
            && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            last = std::str::from_utf8(&b[i..i + 4])
                .ok()
                .and_then(|s| s.parse().ok());
        }
        i += 1;
    }
    last
}
