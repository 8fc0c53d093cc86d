//! Helpers shared by the integration tests: the published cases as tables, and the
//! location of the shared data folder.
#![allow(dead_code)]

use faer::Mat;
use mrio::table::csvio::LabeledMatrix;
use mrio::table::Index;
use mrio::IoTable;
use std::path::{Path, PathBuf};

/// Repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A published case folder under tests/data/cases.
pub fn case_dir(name: &str) -> PathBuf {
    root().join("tests/data/cases").join(name)
}

/// The case's expected.json.
pub fn expected(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(case_dir(name).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Parse a published number string and return (value, half a unit of its last digit).
pub fn published(s: &serde_json::Value) -> (f64, f64) {
    let s = s.as_str().expect("published numbers are strings");
    let decimals = s.split('.').nth(1).map(|d| d.len()).unwrap_or(0) as i32;
    (s.parse().unwrap(), 0.5 * 10f64.powi(-decimals))
}

/// The shared data folder (`../shared` next to the repository, or `$MRIO_SHARED`).
/// When it is absent: panics when `CI=true`; otherwise prints a `SKIPPED` line that
/// `cargo test` shows even for a passing test (written to the process's stderr, not
/// through the captured `eprintln!`) and returns None, so the test returns early.
pub fn shared_dir() -> Option<PathBuf> {
    let p = std::env::var_os("MRIO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("shared data folder {} is missing and CI=true", p.display());
    }
    skipped(&format!(
        "shared data folder {} is missing (set MRIO_SHARED)",
        p.display()
    ));
    None
}

/// Report the running test as skipped, visibly (`SKIPPED <test>: why`).
pub fn skipped(why: &str) {
    use std::io::Write;
    let name = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    let _ = writeln!(std::io::stderr(), "SKIPPED {name}: {why}");
}

fn read(p: &Path) -> LabeledMatrix {
    LabeledMatrix::read(p).unwrap_or_else(|e| panic!("{e}"))
}

/// Build a table from a case's Z, final demand, primary inputs and output files
/// (the case files use the first column for labels like the table format).
pub fn case_table(name: &str, z: &str, y: &str, va: &str, x: &str) -> IoTable {
    let d = case_dir(name);
    let zf = read(&d.join(z));
    let ids = zf.row_labels.clone();
    let index = Index::new(ids.clone(), None, None).unwrap();
    let z = zf.aligned(&ids, &ids, "ids").unwrap();
    let yf = read(&d.join(y));
    let y = yf.rows_aligned(&ids, "ids").unwrap();
    let vf = read(&d.join(va));
    let v = vf.cols_aligned(&ids, "ids").unwrap();
    let xf = read(&d.join(x));
    let xm = xf.rows_aligned(&ids, "ids").unwrap();
    let x: Vec<f64> = (0..ids.len()).map(|i| xm[(i, 0)]).collect();
    IoTable::new(
        index,
        z,
        y,
        yf.col_labels.clone(),
        v,
        vf.row_labels.clone(),
        Some(x),
    )
    .unwrap()
}

/// Read a published matrix aligned to `ids`.
pub fn published_matrix(name: &str, file: &str, ids: &[String]) -> Mat<f64> {
    read(&case_dir(name).join(file))
        .aligned(ids, ids, "ids")
        .unwrap()
}

/// The Miller & Blair two-sector case as a table (its value_added.csv is a column
/// `sector,va`, so it is transposed into one VA row).
pub fn mb2009() -> IoTable {
    let d = case_dir("mb2009_ch2_two_sector");
    let zf = read(&d.join("Z.csv"));
    let ids = zf.row_labels.clone();
    let index = Index::new(ids.clone(), None, None).unwrap();
    let col = |f: &str| {
        let m = read(&d.join(f)).rows_aligned(&ids, "ids").unwrap();
        (0..ids.len()).map(|i| m[(i, 0)]).collect::<Vec<f64>>()
    };
    let (y, va, x) = (
        col("final_demand.csv"),
        col("value_added.csv"),
        col("x.csv"),
    );
    IoTable::new(
        index,
        zf.aligned(&ids, &ids, "ids").unwrap(),
        Mat::from_fn(ids.len(), 1, |i, _| y[i]),
        vec!["f".into()],
        Mat::from_fn(1, ids.len(), |_, j| va[j]),
        vec!["va".into()],
        Some(x),
    )
    .unwrap()
}

/// Eurostat Germany 1995 6x6 SIOT; x is the P1 column output. The primary-input file
/// also carries employment rows (EMP...), returned as VA rows: pick by label.
pub fn eurostat_germany() -> IoTable {
    case_table(
        "eurostat2008_germany1995_siot",
        "Z_domestic.csv",
        "final_demand.csv",
        "primary_inputs_and_employment.csv",
        "x_col_P1.csv",
    )
}

/// Eurostat Netherlands 2000 income example.
pub fn eurostat_netherlands() -> IoTable {
    case_table(
        "eurostat_netherlands2000_income_multipliers",
        "Z.csv",
        "final_demand.csv",
        "primary_inputs.csv",
        "x.csv",
    )
}

/// UK ONS 2010 127 x 127 product-by-product table.
pub fn ons_uk2010() -> IoTable {
    case_table(
        "ons_uk2010_iot_multipliers",
        "Z_domestic.csv",
        "final_demand.csv",
        "primary_inputs.csv",
        "x.csv",
    )
}

/// Max absolute difference between two matrices.
pub fn max_abs_diff(a: faer::MatRef<'_, f64>, b: faer::MatRef<'_, f64>) -> f64 {
    assert_eq!((a.nrows(), a.ncols()), (b.nrows(), b.ncols()));
    let mut m = 0.0f64;
    for j in 0..a.ncols() {
        for i in 0..a.nrows() {
            m = m.max((a[(i, j)] - b[(i, j)]).abs());
        }
    }
    m
}

/// A table under tests/data/.
pub fn test_table(name: &str) -> mrio::IoTable {
    mrio::table::read_table(&root().join("tests/data").join(name)).expect("test table loads")
}

/// The numbers of a CSV result file (first row and first column are labels), row by
/// row; an empty cell is NaN and a cell that is not a number fails the test, naming it.
pub fn csv_values(bytes: &[u8]) -> Vec<f64> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    for (line, l) in text.lines().enumerate().skip(1) {
        for (col, c) in l.split(',').enumerate().skip(1) {
            out.push(if c.is_empty() {
                f64::NAN
            } else {
                c.parse::<f64>().unwrap_or_else(|_| {
                    panic!(
                        "line {}, column {}: `{c}` is not a number",
                        line + 1,
                        col + 1
                    )
                })
            });
        }
    }
    out
}

/// Run the `mrio` binary with `args` from the repository root.
pub fn mrio(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}
