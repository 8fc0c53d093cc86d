//! Readers of the global MRIO releases and of pymrio folders, and a writer of pymrio
//! folders, behind `mrio convert SRC DST --from FORMAT` / `--to pymrio`
//! (docs/global-mrios.md).

mod convert;
pub mod oecd;
pub mod pymrio;
pub mod source;
pub mod text;
mod to_pymrio;

pub use convert::{slug, BALANCING_VA};

use crate::error::{Error, Result};
use crate::table::IoTable;
use faer::Mat;
use std::path::Path;

/// A source format `mrio convert --from` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An mrio table folder (CSV or .npy form).
    Mrio,
    /// An EXIOBASE 3 release (ixi or pxp), the zip as downloaded or unpacked.
    Exiobase3,
    /// One OECD ICIO CSV file (2021 or 2023 release).
    OecdIcio,
    /// A folder written by pymrio's `save_all` (or a zip of one).
    Pymrio,
}

/// The final-demand part of a satellite (pymrio's `F_Y`: emissions of households...):
/// indicators x final-demand columns, kept beside the table as `NAME.F_Y.csv` (first
/// header cell `stressor`, header = the final-demand columns of `Y.csv`).
#[derive(Debug, Clone)]
pub struct FinalDemandAccount {
    /// Name of the satellite it belongs to.
    pub name: String,
    /// Indicator labels (as in the satellite).
    pub indicators: Vec<String>,
    /// Values, indicators x final-demand columns.
    pub values: Mat<f64>,
}

/// What a table folder carries beside the table for a pymrio round trip: the
/// final-demand parts of the satellites (`NAME.F_Y.csv`) and the names of the index
/// levels of each satellite's indicators (`pymrio.json`, e.g. `stressor, compartment`).
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// Final-demand parts of satellites.
    pub fd: Vec<FinalDemandAccount>,
    /// Satellite name -> names of the levels its indicator labels join with `|`.
    pub levels: std::collections::BTreeMap<String, Vec<String>>,
}

/// Read `src` in format `from`: the table and its [`Extras`].
pub fn read(src: &Path, from: Format) -> Result<(IoTable, Extras)> {
    match from {
        Format::Mrio => {
            let table = crate::table::read_table(src)?;
            let extras = if src.is_dir() {
                Extras {
                    fd: read_fd(src, &table)?,
                    levels: read_levels(src)?,
                }
            } else {
                Extras::default()
            };
            Ok((table, extras))
        }
        Format::OecdIcio => {
            if src.is_dir() {
                return Err(Error::label(
                    src,
                    "is a folder: expected one ICIO CSV file (e.g. ICIO2021_2018.csv, 2020_SML.csv)",
                ));
            }
            Ok((oecd::read(src)?, Extras::default()))
        }
        Format::Pymrio | Format::Exiobase3 => {
            let s = source::Source::open(src)?;
            let mut sys = pymrio::read_system(&s)?;
            let what = if from == Format::Exiobase3 {
                convert::exiobase_regions(&mut sys);
                "EXIOBASE 3 release"
            } else {
                "pymrio folder"
            };
            let name = src
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default();
            convert::system_to_table(&sys, src, &format!("{what} {name}"))
        }
    }
}

/// Write the [`Extras`] (`NAME.F_Y.csv`, `pymrio.json`) into the table folder `dir`.
pub fn write_extras(extras: &Extras, table: &IoTable, dir: &Path) -> Result<()> {
    if !extras.levels.is_empty() {
        let v = serde_json::json!({ "index_names": extras.levels });
        let bytes = serde_json::to_vec_pretty(&v).expect("json");
        crate::fsio::write_atomic(&dir.join("pymrio.json"), &bytes)?;
    }
    for a in &extras.fd {
        let bytes = crate::table::csvio::matrix_csv(
            "stressor",
            &a.indicators,
            &table.y_labels,
            a.values.as_ref(),
        );
        crate::fsio::write_atomic(&dir.join(format!("{}.F_Y.csv", a.name)), &bytes)?;
    }
    Ok(())
}

fn read_levels(dir: &Path) -> Result<std::collections::BTreeMap<String, Vec<String>>> {
    let p = dir.join("pymrio.json");
    if !p.is_file() {
        return Ok(Default::default());
    }
    let bytes = crate::fsio::read_bytes(&p)?;
    #[derive(serde::Deserialize)]
    struct Sidecar {
        index_names: std::collections::BTreeMap<String, Vec<String>>,
    }
    let s: Sidecar = serde_json::from_slice(&bytes).map_err(|e| {
        Error::label(
            &p,
            format!("expected {{\"index_names\": {{SATELLITE: [LEVEL, ...]}}}}: {e}"),
        )
    })?;
    Ok(s.index_names)
}

/// Read the `NAME.F_Y.csv` files of a table folder (columns aligned to `Y`).
pub fn read_fd(dir: &Path, table: &IoTable) -> Result<Vec<FinalDemandAccount>> {
    let mut out = Vec::new();
    for s in &table.satellites {
        let p = dir.join(format!("{}.F_Y.csv", s.name));
        if !p.is_file() {
            continue;
        }
        let m = crate::table::csvio::LabeledMatrix::read(&p)?;
        let values = m.cols_aligned(&table.y_labels, "the final-demand columns of Y.csv")?;
        out.push(FinalDemandAccount {
            name: s.name.clone(),
            indicators: m.row_labels.clone(),
            values,
        });
    }
    Ok(out)
}

/// Write a pymrio folder (`--to pymrio`).
pub fn write_pymrio(table: &IoTable, extras: &Extras, dir: &Path) -> Result<()> {
    to_pymrio::write(table, extras, dir)
}
