//! Step 8 of the pipeline and the finished table: Chenery–Moses assembly, labels,
//! primary inputs, satellites and the `[build]` metadata.

use super::inputs::{fingerprint, read_regional_values, Inputs};
use super::parent::Coefficients;
use super::recipe::{Recipe, SatelliteSpec};
use super::regions::{LocatedDemand, Regional};
use super::trade;
use crate::error::{Error, Result};
use crate::table::{Index, IoTable, Satellite};
use faer::Mat;
use std::collections::BTreeMap;
use std::path::Path;

/// The assembled multiregional system and what it measured.
#[derive(Debug, Clone)]
pub struct Assembly {
    /// Chenery–Moses result (Z, located Y, x, C).
    pub asm: trade::Assembled,
    /// Ids `REGION_sector`, region-major.
    pub ids: Vec<String>,
    /// Largest relative gap between the solved output and the indicators' output.
    pub output_gap: f64,
    /// Spectral-radius bounds of `CÃ`.
    pub rho: crate::model::productivity::RadiusEstimate,
}

/// Step 8: trade coefficients, `x = (I − CÃ)⁻¹ (C y + e)`, `Z = CÃ x̂`, every region
/// with the parent's technology; the output gap and (when `radius`) the spectral radius
/// of `CÃ`; without it the bounds are NaN and the metadata leaves the entry out.
pub fn assemble(
    coef: &Coefficients,
    reg: &Regional,
    fd: &LocatedDemand,
    t: &[Mat<f64>],
    radius: bool,
) -> Result<Assembly> {
    let (n, nr) = (coef.sectors.len(), reg.len());
    let ids: Vec<String> = reg
        .regions
        .iter()
        .flat_map(|r| coef.sectors.iter().map(move |s| format!("{r}_{s}")))
        .collect();
    let a_blocks: Vec<Mat<f64>> = (0..nr).map(|_| coef.a.clone()).collect();
    let e_stack: Vec<f64> = fd.exports.iter().flatten().copied().collect();
    let asm = trade::chenery_moses(&a_blocks, t, &fd.y, &e_stack, &ids)?;
    let target: Vec<f64> = reg.x.iter().flatten().copied().collect();
    let output_gap = target
        .iter()
        .zip(&asm.x)
        .map(|(t, x)| {
            let d = (t - x).abs();
            if *t > 0.0 {
                d / t
            } else {
                d
            }
        })
        .fold(0.0, f64::max);
    let unknown = crate::model::productivity::RadiusEstimate {
        lower: f64::NAN,
        upper: f64::NAN,
        iterations: 0,
    };
    let rho = if !radius {
        unknown
    } else {
        crate::model::productivity::spectral_radius(
            Mat::from_fn(nr * n, nr * n, |p, q| {
                if asm.x[q] > 0.0 {
                    asm.z[(p, q)] / asm.x[q]
                } else {
                    0.0
                }
            })
            .as_ref(),
            1e-10,
            5000,
        )
    };
    Ok(Assembly {
        asm,
        ids,
        output_gap,
        rho,
    })
}

/// The table of an assembly: index (`REGION_sector`, region, sector, name), located
/// final demand labelled `REGION|category` (categories renamed by the recipe) plus
/// `exports`, and primary inputs as parent coefficients times regional output.
pub fn to_table(
    recipe: &Recipe,
    parent: &IoTable,
    coef: &Coefficients,
    reg: &Regional,
    fd: &LocatedDemand,
    a: &Assembly,
) -> Result<IoTable> {
    let n = coef.sectors.len();
    let big = reg.len() * n;
    let mut reg_col = Vec::with_capacity(big);
    let mut sec_col = Vec::with_capacity(big);
    let mut names = Vec::with_capacity(big);
    for r in &reg.regions {
        let rname = recipe.regions.names.get(r).cloned().unwrap_or(r.clone());
        for i in 0..n {
            reg_col.push(r.clone());
            sec_col.push(coef.sectors[i].clone());
            names.push(format!("{rname}: {}", coef.names[i]));
        }
    }
    let cat = |k: usize| {
        let l = &parent.y_labels[fd.columns[k]];
        recipe
            .final_demand
            .rename
            .get(l)
            .cloned()
            .unwrap_or(l.clone())
    };
    let mut y_labels = Vec::new();
    for r in &reg.regions {
        for k in 0..fd.columns.len() {
            y_labels.push(format!("{r}|{}", cat(k)));
        }
    }
    y_labels.push("exports".to_string());
    let asm = &a.asm;
    let (y_mat, y_labels) = if fd.export_columns.is_empty() {
        // No foreign exports in the parent: drop the empty column.
        let k = y_labels.len() - 1;
        (
            Mat::from_fn(asm.y.nrows(), k, |i, j| asm.y[(i, j)]),
            y_labels[..k].to_vec(),
        )
    } else {
        (asm.y.clone(), y_labels)
    };
    let xn = &coef.x;
    let va = Mat::from_fn(parent.va.nrows(), big, |p, q| {
        let j = q % n;
        if xn[j] > 0.0 {
            parent.va[(p, j)] / xn[j] * asm.x[q]
        } else {
            0.0
        }
    });
    let index = Index::with_extra(
        a.ids.clone(),
        Some(reg_col),
        Some(sec_col),
        vec![("name".to_string(), names)],
    )?;
    IoTable::new(
        index,
        asm.z.clone(),
        y_mat,
        y_labels,
        va,
        parent.va_labels.clone(),
        Some(asm.x.clone()),
    )
}

/// Satellites from regional indicator files: the listed regions' values as given, the
/// rest region with the listed regions' average intensity per unit of output, sector
/// by sector. Records each file's fingerprint; returns the units by satellite name.
pub fn satellites(
    specs: &[SatelliteSpec],
    table: &mut IoTable,
    reg: &Regional,
    sectors: &[String],
    inputs: &mut Inputs,
) -> Result<BTreeMap<String, String>> {
    let (n, nr) = (sectors.len(), reg.len());
    let big = nr * n;
    let mut units = BTreeMap::new();
    let mut record = toml::Table::new();
    for spec in specs {
        let p = inputs.resolve(&spec.file)?;
        record.insert(
            spec.name.clone(),
            toml::Value::Table(fingerprint(&spec.file, &p)?),
        );
        let vals = read_regional_values(&p, sectors)?;
        let mut row = vec![0.0; big];
        for (k, r) in vals.regions.iter().enumerate() {
            let ri = reg.regions.iter().position(|x| x == r).ok_or_else(|| {
                Error::label(
                    &p,
                    format!("region `{r}` is not a region of the recipe's indicator file"),
                )
            })?;
            if reg.has_rest && ri == nr - 1 {
                return Err(Error::label(
                    &p,
                    format!("the rest region `{r}` is filled in by the build; leave it out"),
                ));
            }
            row[ri * n..(ri + 1) * n].copy_from_slice(&vals.values[k]);
        }
        if reg.has_rest {
            for i in 0..n {
                let (mut v, mut x) = (0.0, 0.0);
                for s in 0..reg.listed {
                    if vals.regions.contains(&reg.regions[s]) {
                        v += row[s * n + i];
                        x += table.x[s * n + i];
                    }
                }
                let intensity = if x > 0.0 { v / x } else { 0.0 };
                row[(nr - 1) * n + i] = intensity * table.x[(nr - 1) * n + i];
            }
        }
        table.satellites.push(Satellite {
            name: spec.name.clone(),
            indicators: vec![spec.indicator.clone()],
            values: Mat::from_fn(1, big, |_, q| row[q]),
        });
        units.insert(spec.name.clone(), spec.unit.clone());
    }
    if !record.is_empty() {
        inputs
            .record
            .insert("satellites".into(), toml::Value::Table(record));
    }
    Ok(units)
}

/// The `[build]` table: tool, recipe file fingerprint, every recipe value (defaults
/// filled in), every input and the diagnostics.
pub fn metadata(
    recipe: &Recipe,
    recipe_path: &Path,
    inputs: toml::Table,
    a: &Assembly,
    gravity_iterations: usize,
) -> Result<toml::Table> {
    let mut b = toml::Table::new();
    b.insert(
        "tool".into(),
        toml::Value::String(format!("mrio {}", env!("CARGO_PKG_VERSION"))),
    );
    let recipe_file = recipe_path
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut rt = fingerprint(&recipe_file, recipe_path)?;
    rt.insert(
        "note".into(),
        toml::Value::String("rebuild with `mrio build <recipe> --out DIR`".into()),
    );
    b.insert("recipe_file".into(), toml::Value::Table(rt));
    b.insert(
        "recipe".into(),
        toml::Value::Table(
            toml::Table::try_from(recipe)
                .map_err(|e| Error::Invalid(format!("cannot record the recipe: {e}")))?,
        ),
    );
    b.insert("inputs".into(), toml::Value::Table(inputs));
    let mut diag = toml::Table::new();
    diag.insert(
        "max_relative_output_gap".into(),
        toml::Value::Float(a.output_gap),
    );
    if !a.rho.upper.is_nan() {
        diag.insert(
            "spectral_radius_upper".into(),
            toml::Value::Float(a.rho.upper),
        );
    }
    // Recorded as a power-of-ten bound (at least 1e-12), not the exact value: the last
    // bits of a residual depend on the BLAS kernel, and the rebuild must be byte-identical.
    let bound = 10f64.powf(a.asm.residual.max(1e-12).log10().ceil());
    diag.insert("solve_residual_at_most".into(), toml::Value::Float(bound));
    diag.insert(
        "gravity_max_iterations".into(),
        toml::Value::Integer(gravity_iterations as i64),
    );
    b.insert("diagnostics".into(), toml::Value::Table(diag));
    Ok(b)
}
