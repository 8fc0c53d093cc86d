//! What an IO table is, and how it is read, written and checked.

pub mod book;
pub mod check;
pub mod csvio;
mod index;
mod io_table;
pub mod npy;
pub mod npy_map;
pub mod primary;
mod read;
mod write;

pub use index::Index;
pub use io_table::{infer_y_regions, row_totals, IoTable, Meta, OutputSource, Satellite};
pub use read::{
    parse_text_csv, read_folder, read_index, read_meta, read_table, read_table_mapped,
    read_text_csv, toml_error, Folder,
};
pub use write::{check_satellite_name, finite_matrix_csv, write_table};

use crate::error::{Error, Result};
use std::path::Path;

/// Read a demand (or any per-sector) vector from `id,value` CSV, aligned to `index`.
/// Ids not listed are zero; unknown ids and non-numeric values are errors naming the line.
pub fn read_vector(path: &Path, index: &Index) -> Result<Vec<f64>> {
    let (names, m) = read_vectors(path, index)?;
    if names.len() != 1 {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!("expected two columns `id,value`, found {}", names.len() + 1),
        });
    }
    Ok(m.col_as_slice(0).to_vec())
}

/// Read one or more per-sector vectors from `id,NAME1,NAME2,...` CSV, aligned to
/// `index` (N x K, one column per vector). Ids not listed are zero; unknown ids are
/// errors naming the line.
pub fn read_vectors(path: &Path, index: &Index) -> Result<(Vec<String>, faer::Mat<f64>)> {
    let m = csvio::LabeledMatrix::read(path)?;
    let mut out = faer::Mat::<f64>::zeros(index.len(), m.ncols());
    for (k, label) in m.row_labels.iter().enumerate() {
        let i = index.position(label).ok_or_else(|| {
            Error::label(
                path,
                format!(
                    "line {}: unknown id `{}`: expected an id of the table's index.csv{}",
                    m.row_lines[k],
                    crate::error::visible(label),
                    crate::error::lookalike_note(label, index.ids())
                ),
            )
        })?;
        for j in 0..m.ncols() {
            out[(i, j)] = m.get(k, j);
        }
    }
    Ok((m.col_labels.clone(), out))
}

/// The two forms of a table folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Form {
    /// Labelled CSV files (the reference form).
    Csv,
    /// One float64 `.npy` per matrix plus the label CSVs (see [`npy`]).
    Npy,
}

impl Form {
    /// The form of the table folder `dir` (binary when it holds `Z.npy`).
    pub fn of(dir: &Path) -> Form {
        if npy::is_npy_folder(dir) {
            Form::Npy
        } else {
            Form::Csv
        }
    }
}

/// Write `table` into `dir` in the given form. Refuses a folder that already holds the
/// other form's `Z` (a folder holds one form).
pub fn write_table_as(table: &IoTable, dir: &Path, form: Form) -> Result<()> {
    let other = match form {
        Form::Csv => "Z.npy",
        Form::Npy => "Z.csv",
    };
    if dir.join(other).exists() {
        return Err(Error::conflict(
            dir.display(),
            format!(
                "holds {other}; write the other form into a new folder (a table folder \
                 holds one form)"
            ),
        ));
    }
    match form {
        Form::Csv => write_table(table, dir),
        Form::Npy => npy::write_npy_table(table, dir),
    }
}
