//! Fuzz the CSV reader of the table format: `LabeledMatrix::from_bytes` (Z, Y, VA, x,
//! satellites, demand files) and `parse_text_csv` (index.csv, Y_index.csv).
//! Any input must give `Ok` or an `Err`, never a panic; an accepted matrix must be
//! rectangular, finite, and read back unchanged after being written by `matrix_csv`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrio::table::csvio::{matrix_csv, LabeledMatrix};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz/Z.csv");
    if let Ok((header, rows)) = mrio::table::parse_text_csv(path, data) {
        for (_, fields) in &rows {
            assert_eq!(fields.len(), header.len(), "text CSV rows are as wide as the header");
        }
    }
    let Ok(m) = LabeledMatrix::from_bytes(path, data) else {
        return;
    };
    assert_eq!(m.data.len(), m.nrows() * m.ncols());
    assert_eq!(m.row_lines.len(), m.nrows());
    assert!(m.data.iter().all(|v| v.is_finite()), "only finite cells are accepted");
    assert!(m.nrows() > 0 && m.ncols() > 0);

    // Round trip: what mrio writes, mrio reads back to the same labels and values.
    let bytes = matrix_csv(&m.corner, &m.row_labels, &m.col_labels, m.to_mat().as_ref());
    let again = LabeledMatrix::from_bytes(path, &bytes).expect("mrio reads what it writes");
    assert_eq!(again.row_labels, m.row_labels);
    assert_eq!(again.col_labels, m.col_labels);
    assert_eq!(again.data, m.data);

    // Alignment by label: the reversed order is a permutation that maps back.
    let mut rows = m.row_labels.clone();
    rows.reverse();
    let mut cols = m.col_labels.clone();
    cols.reverse();
    let aligned = m.aligned(&rows, &cols, "labels").expect("aligning to own labels");
    let (nr, nc) = (m.nrows(), m.ncols());
    for i in 0..nr {
        for j in 0..nc {
            assert_eq!(aligned[(i, j)], m.get(nr - 1 - i, nc - 1 - j));
        }
    }
});
