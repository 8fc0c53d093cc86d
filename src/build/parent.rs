//! Steps 1, 2 and 4 of the pipeline: the parent table read and made domestic, its
//! sectors aggregated, and the national coefficients every region inherits.
//!
//! These functions work on any single-region parent (national or provincial), so a
//! regionalization can be run outside [`super::build`] (e.g. to estimate a region from
//! a national table and compare it with a survey-based one).

use super::aggregate;
use super::domestic;
use super::inputs::Inputs;
use super::recipe::{self, Basis, Imports};
use crate::error::{Error, Result};
use crate::table::csvio::LabeledMatrix;
use crate::table::primary::{PrimaryClass, PrimaryInputs};
use crate::table::{Index, IoTable};
use faer::Mat;

/// A single-region parent with domestic flows, plus what is known of its imports.
#[derive(Debug, Clone)]
pub struct Parent {
    /// Domestic flows (Z, Y hold domestically produced goods only).
    pub table: IoTable,
    /// Imported intermediate inputs by good and buyer (n × n), when known (CHARM).
    pub z_imports: Option<Mat<f64>>,
    /// Total imports by good (intermediate + final), when known (CHARM).
    pub imports: Option<Vec<f64>>,
}

/// Step 1: read the parent folder of the recipe, record its fingerprint and make it
/// domestic (import proportionality for a competitive table, docs/methods.md 1.6). Checks the
/// recipe's export columns and import rows against the table.
pub fn read_parent(p: &recipe::Parent, inputs: &mut Inputs) -> Result<Parent> {
    let mut extra: Vec<&str> = Vec::new();
    if let Some(f) = &p.z_imports {
        extra.push(f);
    }
    if let Some(f) = &p.y_imports {
        extra.push(f);
    }
    let dir = inputs.folder("parent", &p.path, &extra)?;
    let table = super::cache::read_table(&dir)?;
    let parent = match p.imports {
        Imports::Proportional => {
            let col = p.import_column.as_deref().ok_or_else(|| {
                Error::conflict(
                    "recipe [parent]",
                    "imports = \"proportional\" needs import_column",
                )
            })?;
            make_domestic(&table, col, &p.export_columns)?
        }
        Imports::Separate => {
            let ids = table.index.ids().to_vec();
            let zi = match &p.z_imports {
                Some(f) => {
                    Some(LabeledMatrix::read(&dir.join(f))?.aligned(&ids, &ids, "parent ids")?)
                }
                None => None,
            };
            let m_total = match (&zi, &p.y_imports) {
                (Some(zi), Some(f)) => {
                    let yi = LabeledMatrix::read(&dir.join(f))?.rows_aligned(&ids, "parent ids")?;
                    Some(
                        (0..ids.len())
                            .map(|i| {
                                (0..zi.ncols()).map(|j| zi[(i, j)]).sum::<f64>()
                                    + (0..yi.ncols()).map(|k| yi[(i, k)]).sum::<f64>()
                            })
                            .collect::<Vec<f64>>(),
                    )
                }
                _ => None,
            };
            Parent {
                table,
                z_imports: zi,
                imports: m_total,
            }
        }
    };
    check_labels(&parent.table, p)?;
    Ok(parent)
}

/// Domestic flows of a competitive-import table by import proportionality, with the
/// allocated imported inputs and the import totals kept for CHARM.
pub fn make_domestic(table: &IoTable, import_column: &str, exports: &[String]) -> Result<Parent> {
    let kim = table.y_labels.iter().position(|l| l == import_column);
    let m_total: Vec<f64> = match kim {
        Some(k) => (0..table.len()).map(|i| -table.y[(i, k)]).collect(),
        None => vec![0.0; table.len()],
    };
    let d = domestic::import_proportionality(table, import_column, exports)?;
    let n = table.len();
    let zi = Mat::from_fn(n, n, |i, j| d.m[i] * table.z[(i, j)]);
    Ok(Parent {
        table: d.table,
        z_imports: Some(zi),
        imports: Some(m_total),
    })
}

fn check_labels(t: &IoTable, p: &recipe::Parent) -> Result<()> {
    for c in &p.export_columns {
        if !t.y_labels.contains(c) {
            return Err(Error::unknown(
                "recipe",
                "export column",
                c,
                format!(
                    "expected a column of the parent's Y.csv ({})",
                    t.y_labels.join(", ")
                ),
            ));
        }
    }
    for r in &p.import_rows {
        if !t.va_labels.contains(r) {
            return Err(Error::unknown(
                "recipe",
                "import row",
                r,
                format!(
                    "expected a row of the parent's VA.csv ({})",
                    t.va_labels.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// Step 2: aggregate the parent's sectors with a concordance (imports too). The
/// result must be a single-region table.
pub fn aggregate_parent(parent: Parent, conc: Option<&aggregate::Concordance>) -> Result<Parent> {
    let parent = match conc {
        Some(conc) => {
            let table = aggregate::aggregate_sectors(&parent.table, conc)?;
            let map = conc.map(parent.table.index.sector_list(), "sectors of the parent")?;
            let nt = conc.targets.len();
            let z_imports = parent.z_imports.map(|zi| {
                let mut out = Mat::<f64>::zeros(nt, nt);
                for j in 0..zi.ncols() {
                    for i in 0..zi.nrows() {
                        out[(map[i], map[j])] += zi[(i, j)];
                    }
                }
                out
            });
            let imports = parent.imports.map(|m| {
                let mut out = vec![0.0; nt];
                for (i, v) in m.iter().enumerate() {
                    out[map[i]] += v;
                }
                out
            });
            Parent {
                table,
                z_imports,
                imports,
            }
        }
        None => parent,
    };
    if parent.table.index.is_multi_region() {
        return Err(Error::Model(
            "the parent must be a single-region table".into(),
        ));
    }
    Ok(parent)
}

/// Step 4: what every region inherits from the parent (Chenery–Moses regional
/// technology): domestic technical coefficients and value added by sector.
#[derive(Debug, Clone)]
pub struct Coefficients {
    /// Sector codes of the parent (= of the built table).
    pub sectors: Vec<String>,
    /// Sector names (codes where the parent has none).
    pub names: Vec<String>,
    /// Parent output `x^n`.
    pub x: Vec<f64>,
    /// Domestic technical coefficients `A^n = Z x̂⁻¹`.
    pub a: Mat<f64>,
    /// Value added by sector (primary inputs other than import rows).
    pub va: Vec<f64>,
}

/// The parent's coefficients; `import_rows` are VA rows that are imported inputs
/// (`imported_inputs`, written by import proportionality, always is).
pub fn coefficients(parent: &IoTable, import_rows: &[String]) -> Result<Coefficients> {
    let n = parent.len();
    let sectors = parent.index.ids().to_vec();
    let names: Vec<String> = (0..n)
        .map(|i| parent.index.name(i).unwrap_or(&sectors[i]).to_string())
        .collect();
    let x = parent.x.clone();
    let a = crate::model::technical_coefficients(
        parent.z.as_ref(),
        &x,
        &sectors,
        crate::model::ZeroOutput::Inert,
    )?;
    let classes = primary_inputs(parent, import_rows).classes(&parent.va_labels);
    let is_import_row: Vec<bool> = classes.iter().map(|c| *c == PrimaryClass::Import).collect();
    let va: Vec<f64> = (0..n)
        .map(|j| {
            (0..parent.va.nrows())
                .filter(|&p| !is_import_row[p])
                .map(|p| parent.va[(p, j)])
                .sum()
        })
        .collect();
    Ok(Coefficients {
        sectors,
        names,
        x,
        a,
        va,
    })
}

/// The classes of the parent's primary inputs that the built table records in its
/// `table.toml` (its VA rows are the parent's): imports are the rows the parent declares,
/// the recipe's `import_rows` and `imported_inputs` (written by import proportionality);
/// labour income and taxes are the parent's (declared or by the default labels).
pub fn primary_inputs(parent: &IoTable, import_rows: &[String]) -> PrimaryInputs {
    let classes = parent.primary_classes();
    let rows = |want: PrimaryClass| -> Vec<String> {
        parent
            .va_labels
            .iter()
            .zip(&classes)
            .filter(|(l, c)| {
                **c == want
                    && !(want != PrimaryClass::Import
                        && (import_rows.contains(l) || *l == "imported_inputs"))
            })
            .map(|(l, _)| l.clone())
            .collect()
    };
    let mut imports = rows(PrimaryClass::Import);
    for l in &parent.va_labels {
        if (import_rows.contains(l) || l == "imported_inputs") && !imports.contains(l) {
            imports.push(l.clone());
        }
    }
    let declared = &parent.meta.primary_inputs;
    PrimaryInputs {
        imports: Some(imports),
        labour_income: Some(rows(PrimaryClass::LabourIncome)),
        taxes: declared.taxes.as_ref().map(|_| rows(PrimaryClass::Tax)),
        other_value_added: None,
    }
}

/// The parent's size by sector `E^n` in the basis of the indicator file: output,
/// value added, or a file (`parent_sizes`, required for employment).
pub fn parent_sizes(
    regions: &recipe::Regions,
    coef: &Coefficients,
    inputs: &mut Inputs,
) -> Result<Vec<f64>> {
    let en: Vec<f64> =
        match &regions.parent_sizes {
            Some(raw) => {
                let p = inputs.file("parent_sizes", raw)?;
                let index = Index::new(coef.sectors.clone(), None, None)?;
                crate::table::read_vector(&p, &index)?
            }
            None => match regions.basis {
                Basis::Output => coef.x.clone(),
                Basis::ValueAdded => coef.va.clone(),
                Basis::Employment => return Err(Error::conflict(
                    "recipe [regions]",
                    "basis = \"employment\" needs parent_sizes (the parent's employment by sector)",
                )),
            },
        };
    if let Some(i) = en.iter().position(|v| *v < 0.0) {
        return Err(Error::Model(format!(
            "parent size of sector `{}` is negative ({})",
            coef.sectors[i], en[i]
        )));
    }
    Ok(en)
}
