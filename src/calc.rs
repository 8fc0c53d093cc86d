//! `calc`: the standard results of a table (x, A, L, B, G) and the satellite accounts
//! of each satellite (S, M, D_cba, D_pba, D_imp, D_exp, see [`crate::footprint`]) as
//! labelled CSV files, in the layout of the table folder format (the contract scripts
//! rely on).

use crate::error::{Error, Result};
use crate::fsio::OutDir;
use crate::model::zstore::ZStore;
use crate::model::{accuracy_warnings, technical_coefficients, Ghosh, Leontief, ModelOptions};
use crate::table::npy_map::MappedMat;
use crate::table::IoTable;
use std::path::PathBuf;

/// A result `calc` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Gross output x (`x.csv`).
    X,
    /// Technical coefficients A (`A.csv`).
    A,
    /// Leontief inverse L (`L.csv`).
    L,
    /// Allocation coefficients B (`B.csv`).
    B,
    /// Ghosh inverse G (`G.csv`).
    G,
    /// Satellite coefficients S = F x̂⁻¹ (`NAME/S.csv` per satellite `NAME.csv`).
    S,
    /// Satellite multipliers M = S L (`NAME/M.csv`).
    M,
    /// Consumption-based accounts (`NAME/D_cba.csv`, `NAME/D_cba_reg.csv`).
    DCba,
    /// Production-based accounts (`NAME/D_pba.csv`, `NAME/D_pba_reg.csv`).
    DPba,
    /// Accounts embodied in imports (`NAME/D_imp.csv`, `NAME/D_imp_reg.csv`).
    DImp,
    /// Accounts embodied in exports (`NAME/D_exp.csv`, `NAME/D_exp_reg.csv`).
    DExp,
}

impl Output {
    /// Every output, in the order they are written.
    pub const ALL: [Output; 11] = [
        Output::X,
        Output::A,
        Output::L,
        Output::B,
        Output::G,
        Output::S,
        Output::M,
        Output::DCba,
        Output::DPba,
        Output::DImp,
        Output::DExp,
    ];

    /// The satellite-account outputs.
    pub const ACCOUNTS: [Output; 6] = [
        Output::S,
        Output::M,
        Output::DCba,
        Output::DPba,
        Output::DImp,
        Output::DExp,
    ];

    /// True for outputs written once per satellite.
    pub fn is_account(self) -> bool {
        Self::ACCOUNTS.contains(&self)
    }

    /// The matrix of an account output in `acc` and its region totals (none for `S` and
    /// `M`); `None` for the outputs that are not accounts.
    pub fn of_accounts(
        self,
        acc: &crate::footprint::Accounts,
    ) -> Option<(&faer::Mat<f64>, Option<&faer::Mat<f64>>)> {
        Some(match self {
            Output::S => (&acc.s, None),
            Output::M => (&acc.m, None),
            Output::DCba => (&acc.d_cba, Some(&acc.d_cba_reg)),
            Output::DPba => (&acc.d_pba, Some(&acc.d_pba_reg)),
            Output::DImp => (&acc.d_imp, Some(&acc.d_imp_reg)),
            Output::DExp => (&acc.d_exp, Some(&acc.d_exp_reg)),
            _ => return None,
        })
    }

    /// The name used by `--only` and as file stem.
    pub fn name(self) -> &'static str {
        match self {
            Output::X => "x",
            Output::A => "A",
            Output::L => "L",
            Output::B => "B",
            Output::G => "G",
            Output::S => "S",
            Output::M => "M",
            Output::DCba => "D_cba",
            Output::DPba => "D_pba",
            Output::DImp => "D_imp",
            Output::DExp => "D_exp",
        }
    }

    /// Parse a name of `--only`.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|o| o.name() == s.trim())
            .ok_or_else(|| {
                Error::unknown(
                    "results to write",
                    "result",
                    s,
                    "expected one of x, A, L, B, G, S, M, D_cba, D_pba, D_imp, D_exp",
                )
            })
    }
}

/// The unit of each output (x, A, L, B, G), for `units.csv`.
pub fn unit_of(o: Output, table: &IoTable) -> String {
    let u = table.unit();
    match o {
        Output::X => u.to_string(),
        Output::A => format!("{u} of input per {u} of output (ratio)"),
        Output::L => format!("{u} of output per {u} of final demand (ratio)"),
        Output::B => format!("{u} of sales per {u} of output (ratio)"),
        Output::G => format!("{u} of output per {u} of primary input (ratio)"),
        _ => unreachable!("satellite accounts have their own units"),
    }
}

/// The unit of a satellite-account output of satellite `name`.
pub fn account_unit(o: Output, table: &IoTable, name: &str) -> String {
    let u = table.unit();
    let su = table.satellite_unit(name);
    match o {
        Output::S => format!("{su} per {u} of output"),
        Output::M => format!("{su} per {u} of final demand"),
        _ => su,
    }
}

/// What `calc` computed: file name, contents, and the largest solve residual.
pub struct CalcResult {
    /// (file name, CSV bytes, unit).
    pub files: Vec<(String, Vec<u8>, String)>,
    /// Largest relative residual of the solves made.
    pub max_residual: f64,
    /// Notes for the user (e.g. final demand left out of the accounts).
    pub notes: Vec<String>,
    /// Accuracy warnings ([`crate::model::accuracy_warnings`]) for L and G.
    pub warnings: Vec<String>,
}

/// Compute the requested outputs in memory (nothing is written).
pub fn compute(table: &IoTable, opts: ModelOptions, outputs: &[Output]) -> Result<CalcResult> {
    compute_with_progress(table, opts, outputs, &|_| {})
}

/// Like [`compute`], calling `progress` with the name of each stage as it starts
/// (the CLI shows it; the library never prints).
pub fn compute_with_progress(
    table: &IoTable,
    opts: ModelOptions,
    outputs: &[Output],
    progress: &dyn Fn(&str),
) -> Result<CalcResult> {
    check_accounts_possible(table, outputs)?;
    // Without L, A is still formed once and checked, so x and A are never written for a
    // non-productive table; it is kept for A.csv rather than formed again.
    let (leontief, a_checked) = if needs_leontief(outputs) {
        progress("factoring I - A");
        (Some(Leontief::from_table(table, opts)?), None)
    } else {
        let ids = table.index.ids();
        let a = technical_coefficients(table.z.as_ref(), &table.x, ids, opts.zero_output)?;
        crate::model::check_productive(a.as_ref(), ids)?;
        (None, Some(a))
    };
    compute_from(table, opts, outputs, leontief, a_checked, progress)
}

/// Like [`compute_with_progress`], consuming the table so that, when neither A, B nor G
/// is asked for, Z moves into the model and A is formed straight into the factorization
/// buffer: the model then costs Z plus one n x n buffer (2 n² numbers) instead of Z, A
/// and the buffer (3 n²). This is what lets a GLORIA-size table (n = 19,680) run in
/// about 6.2 GB (docs/performance.md).
pub fn compute_owned(
    mut table: IoTable,
    opts: ModelOptions,
    outputs: &[Output],
    progress: &dyn Fn(&str),
) -> Result<CalcResult> {
    if !is_lean(outputs) {
        return compute_with_progress(&table, opts, outputs, progress);
    }
    let z = std::mem::replace(&mut table.z, faer::Mat::new());
    compute_lean(&table, ZStore::Owned(z), opts, outputs, progress)
}

/// True when `outputs` can be computed by the lean model ([`compute_owned`],
/// [`compute_mapped`]): L or the satellite accounts are asked for, and none of A, B, G.
pub fn is_lean(outputs: &[Output]) -> bool {
    let wants_a = outputs
        .iter()
        .any(|o| matches!(o, Output::A | Output::B | Output::G));
    !wants_a && needs_leontief(outputs)
}

/// Like [`compute_owned`] for a table read by [`crate::table::npy::read_npy_table_mapped`]:
/// Z stays memory-mapped and is read block by block, its pages released after each
/// block, so the process keeps about one n x n matrix resident (the factors) instead of
/// two (docs/performance.md, "GLORIA size"). Results are bit-identical to
/// [`compute_owned`]; only the residual diagnostics may differ in the last bits (the
/// products are summed in blocks). Requires [`is_lean`] outputs.
pub fn compute_mapped(
    table: &IoTable,
    z: MappedMat,
    opts: ModelOptions,
    outputs: &[Output],
    progress: &dyn Fn(&str),
) -> Result<CalcResult> {
    if !is_lean(outputs) {
        return Err(Error::conflict(
            "a memory-mapped Z",
            "serves only L and the satellite accounts (A, B and G need Z in memory: read \
             the table with read_table)",
        ));
    }
    compute_lean(table, ZStore::Mapped(z), opts, outputs, progress)
}

fn compute_lean(
    table: &IoTable,
    z: ZStore,
    opts: ModelOptions,
    outputs: &[Output],
    progress: &dyn Fn(&str),
) -> Result<CalcResult> {
    check_accounts_possible(table, outputs)?;
    progress("factoring I - A");
    let model = Leontief::from_z_lean(z, &table.x, table.index.ids(), opts.zero_output)?;
    compute_from(table, opts, outputs, Some(model), None, progress)
}

fn needs_leontief(outputs: &[Output]) -> bool {
    outputs
        .iter()
        .any(|o| matches!(o, Output::L) || o.is_account())
}

fn check_accounts_possible(table: &IoTable, outputs: &[Output]) -> Result<()> {
    if outputs.iter().any(|o| o.is_account()) && table.satellites.is_empty() {
        return Err(Error::conflict(
            "satellite accounts (S, M, D_cba, D_pba, D_imp, D_exp)",
            "asked for but the table has no satellite file (a CSV whose first header cell \
             is `indicator`)",
        ));
    }
    Ok(())
}

/// The outputs from an already built model (or the checked A when L is not needed).
fn compute_from(
    table: &IoTable,
    opts: ModelOptions,
    outputs: &[Output],
    leontief: Option<Leontief>,
    a_checked: Option<faer::Mat<f64>>,
    progress: &dyn Fn(&str),
) -> Result<CalcResult> {
    let ids = table.index.ids();
    let fin = crate::table::finite_matrix_csv;
    let x_col = faer::Mat::from_fn(ids.len(), 1, |i, _| table.x[i]);
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let mut max_residual: f64 = 0.0;
    let wants_accounts = outputs.iter().any(|o| o.is_account());
    let mut warnings = Vec::new();
    let ghosh = if outputs.iter().any(|o| matches!(o, Output::G | Output::B)) {
        Some(Ghosh::from_table(table, opts)?)
    } else {
        None
    };
    for &o in outputs {
        let bytes = match o {
            Output::X => fin("x.csv", "id", ids, &["x".into()], x_col.as_ref())?,
            Output::A => match (&leontief, &a_checked) {
                (Some(l), _) => fin("A.csv", "id", ids, ids, l.a())?,
                (None, Some(a)) => fin("A.csv", "id", ids, ids, a.as_ref())?,
                (None, None) => unreachable!("A is formed whenever L is not"),
            },
            Output::L => {
                let model = leontief.as_ref().expect("built above");
                let l = model.inverse()?;
                max_residual = max_residual.max(l.residual);
                for w in accuracy_warnings(l.residual, model.condition_estimate()) {
                    warnings.push(format!("L.csv: {w}"));
                }
                fin("L.csv", "id", ids, ids, l.value.as_ref())?
            }
            Output::B => fin(
                "B.csv",
                "id",
                ids,
                ids,
                ghosh.as_ref().expect("built above").b(),
            )?,
            Output::G => {
                let model = ghosh.as_ref().expect("built above");
                let g = model.inverse()?;
                max_residual = max_residual.max(g.residual);
                for w in accuracy_warnings(g.residual, model.condition_estimate()) {
                    warnings.push(format!("G.csv: {w}"));
                }
                fin("G.csv", "id", ids, ids, g.value.as_ref())?
            }
            _ => continue,
        };
        files.push((format!("{}.csv", o.name()), bytes, unit_of(o, table)));
    }
    if wants_accounts {
        let model = leontief.as_ref().expect("built above");
        progress("satellite accounts");
        let accounts = crate::footprint::all_accounts(table, model)?;
        for acc in &accounts {
            max_residual = max_residual.max(acc.residual);
            if !acc.unattributed.is_empty() {
                notes.push(format!(
                    "{}: final-demand columns with no region left out of the accounts: {}",
                    acc.name,
                    acc.unattributed.join(", ")
                ));
            }
            for &o in outputs.iter().filter(|o| o.is_account()) {
                let unit = account_unit(o, table, &acc.name);
                let (full, reg) = o.of_accounts(acc).expect("filtered to accounts");
                let name = format!("{}/{}.csv", acc.name, o.name());
                let bytes = fin(&name, "indicator", &acc.indicators, ids, full.as_ref())?;
                files.push((name, bytes, unit.clone()));
                if let Some(reg) = reg {
                    let name = format!("{}/{}_reg.csv", acc.name, o.name());
                    let bytes = fin(
                        &name,
                        "indicator",
                        &acc.indicators,
                        &acc.regions,
                        reg.as_ref(),
                    )?;
                    files.push((name, bytes, unit));
                }
            }
        }
    }
    Ok(CalcResult {
        files,
        max_residual,
        notes,
        warnings,
    })
}

/// Write computed files (and `units.csv`) into the output folder `out` (swapped in
/// whole by [`OutDir::commit`]); returns the paths as they will be after the commit.
pub fn write(result: &CalcResult, out: &mut OutDir) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let mut units = csv::Writer::from_writer(Vec::new());
    units
        .write_record(["file", "unit"])
        .expect("writing to memory");
    for (name, bytes, unit) in &result.files {
        let p = out.write(name, bytes)?;
        units
            .write_record([name.as_str(), unit.as_str()])
            .expect("writing to memory");
        written.push(p);
    }
    let p = out.write("units.csv", &units.into_inner().expect("writing to memory"))?;
    written.push(p);
    Ok(written)
}
