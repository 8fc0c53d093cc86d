//! Domestic technology from a competitive-import table by import proportionality
//! (docs/methods.md 1.6).
//!
//! In a competitive-import table `Z` mixes domestic and imported inputs and the imports
//! `M_i` appear as a (negative) final-demand column. Assuming every user of good `i`
//! imports the same share of it,
//!
//! `m_i = M_i / (Σ_j z_ij + Σ_k y_ik − E_i)`  (imports over total domestic use, capped at 1),
//! `Z_d = (I − m̂) Z`, `Y_d = (I − m̂) Y` on the domestic-use columns, and the imported
//! inputs `1'(m̂ Z)` become a primary-input row, so both balance identities hold for the
//! domestic (non-competitive) table.

use crate::error::{Error, Result};
use crate::table::IoTable;
use faer::Mat;

/// Import shares `m_i` and the domestic table.
#[derive(Debug, Clone)]
pub struct Domestic {
    /// The non-competitive table: domestic flows, domestic final demand (without the
    /// import column), primary inputs with an added `imported_inputs` row.
    pub table: IoTable,
    /// Import share of domestic use of each good.
    pub m: Vec<f64>,
    /// Goods whose share was capped at 1 (re-exports).
    pub capped: Vec<String>,
}

/// Split a competitive-import table into domestic flows by import proportionality.
/// `import_col` names the Y column holding imports (negative values), `export_cols`
/// the columns of foreign exports (excluded from the use base).
pub fn import_proportionality(
    table: &IoTable,
    import_col: &str,
    export_cols: &[String],
) -> Result<Domestic> {
    let col = |name: &str| {
        table
            .y_labels
            .iter()
            .position(|l| l == name)
            .ok_or_else(|| {
                Error::unknown(
                    "final demand",
                    "column",
                    name,
                    format!("expected one of {}", table.y_labels.join(", ")),
                )
            })
    };
    let kim = col(import_col)?;
    let kex: Vec<usize> = export_cols.iter().map(|c| col(c)).collect::<Result<_>>()?;
    if kex.contains(&kim) {
        return Err(Error::conflict(
            format!("`{import_col}`"),
            "is given as both the import and an export column",
        ));
    }
    let n = table.len();
    let ids = table.index.ids();
    let mut m = vec![0.0; n];
    let mut capped = Vec::new();
    for i in 0..n {
        let imports = -table.y[(i, kim)];
        if imports < 0.0 {
            return Err(Error::Model(format!(
                "import column `{import_col}` is positive for `{}` ({}): expected imports as negative values",
                ids[i], table.y[(i, kim)]
            )));
        }
        let zuse: f64 = (0..n).map(|j| table.z[(i, j)]).sum();
        let yuse: f64 = (0..table.y.ncols())
            .filter(|k| *k != kim && !kex.contains(k))
            .map(|k| table.y[(i, k)])
            .sum();
        let base = zuse + yuse;
        m[i] = if imports == 0.0 {
            0.0
        } else if base <= 0.0 {
            1.0
        } else {
            imports / base
        };
        if m[i] > 1.0 || (imports > 0.0 && base <= 0.0) {
            m[i] = 1.0;
            capped.push(ids[i].clone());
        }
    }
    let z = Mat::from_fn(n, n, |i, j| (1.0 - m[i]) * table.z[(i, j)]);
    let keep: Vec<usize> = (0..table.y.ncols()).filter(|&k| k != kim).collect();
    let y = Mat::from_fn(n, keep.len(), |i, k| {
        let kk = keep[k];
        if kex.contains(&kk) {
            table.y[(i, kk)]
        } else {
            (1.0 - m[i]) * table.y[(i, kk)]
        }
    });
    let y_labels: Vec<String> = keep.iter().map(|&k| table.y_labels[k].clone()).collect();
    let mut va = Mat::<f64>::zeros(table.va.nrows() + 1, n);
    for j in 0..n {
        va[(0, j)] = (0..n).map(|i| m[i] * table.z[(i, j)]).sum();
        for p in 0..table.va.nrows() {
            va[(p + 1, j)] = table.va[(p, j)];
        }
    }
    let mut va_labels = vec!["imported_inputs".to_string()];
    va_labels.extend(table.va_labels.iter().cloned());
    // Domestic output: the row identity x_d = Z_d 1 + Y_d 1 with re-exported imports
    // removed; equals x when no share was capped.
    let x = table.x.clone();
    let mut out = IoTable::new(table.index.clone(), z, y, y_labels, va, va_labels, Some(x))?;
    out.satellites = table.satellites.clone();
    out.meta = table.meta.clone();
    Ok(Domestic {
        table: out,
        m,
        capped,
    })
}
