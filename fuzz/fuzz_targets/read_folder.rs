//! Fuzz the whole table folder reader on an in-memory folder, then the model on what
//! it accepts. The input is split at NUL bytes into, in order: index.csv, Z.csv, Y.csv,
//! VA.csv, x.csv, table.toml, Y_index.csv, employment.csv (missing parts = absent
//! files; an empty part is an empty file). Any input must give `Ok` or an `Err`,
//! never a panic; an accepted table must check, and every solve must be finite or
//! refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrio::model::{Ghosh, Leontief, ModelOptions, ZeroOutput};
use mrio::table::{read_folder, Folder};
use std::path::PathBuf;

const NAMES: [&str; 8] = [
    "index.csv",
    "Z.csv",
    "Y.csv",
    "VA.csv",
    "x.csv",
    "table.toml",
    "Y_index.csv",
    "employment.csv",
];

fuzz_target!(|data: &[u8]| {
    // SAFETY: `Folder::Memory` holds `&'static` slices because the built-in tables are
    // compiled into the binary. `read_folder` copies every file it reads and the
    // returned table owns all its data, so no reference to `data` outlives this call.
    let data: &'static [u8] = unsafe { std::mem::transmute::<&[u8], &'static [u8]>(data) };
    let files: Vec<(&'static str, &'static [u8])> = NAMES
        .iter()
        .copied()
        .zip(data.split(|&b| b == 0))
        .collect();
    let folder = Folder::Memory(PathBuf::from("fuzz"), files);
    let Ok(table) = read_folder(&folder) else {
        return;
    };
    let n = table.len();
    assert!(n > 0);
    assert_eq!(table.x.len(), n);
    let report = mrio::table::check::check(&table);
    for zero in [ZeroOutput::Inert, ZeroOutput::Reject] {
        let opts = ModelOptions { zero_output: zero };
        if let Ok(model) = Leontief::from_table(&table, opts) {
            assert!(report.negative_output.is_empty());
            let f = table.final_demand();
            if let Ok(x) = model.solve(&f) {
                assert!(x.value.iter().all(|v| v.is_finite()), "solve gave a non-finite x");
                assert!(!x.residual.is_nan());
            }
            if let Ok(m) = model.output_multipliers() {
                assert!(m.value.iter().all(|v| v.is_finite()));
            }
            let _ = model.condition_estimate();
        }
        if let Ok(g) = Ghosh::from_table(&table, opts) {
            let _ = g.inverse();
        }
    }
});
