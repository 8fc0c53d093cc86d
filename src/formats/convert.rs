//! A pymrio-style system (pymrio folder or EXIOBASE 3 release) as an mrio table.
//!
//! - ids are `REGION_SECTOR`; `index.csv` keeps `region` and `sector`;
//! - final-demand columns are `REGION_CATEGORY`, their region given in `Y_index.csv`;
//! - pymrio systems carry no primary-input rows, so `VA` is one balancing row
//!   `value_added` = x − 1'Z (x as stored, else Z 1 + Y 1);
//! - every extension becomes a satellite named after its folder; an extension whose
//!   stressors have several units (EXIOBASE's `satellite`, `impacts`) becomes one
//!   satellite per unit, `FOLDER_UNIT`, so every number keeps one unit;
//! - the final-demand part `F_Y` of an extension is kept beside the table as
//!   `NAME.F_Y.csv` ([`FinalDemandAccount`]).

use super::pymrio::{align_cols, System};
use super::{Extras, FinalDemandAccount};
use crate::error::{Error, Result};
use crate::table::{Index, IoTable, Satellite};
use faer::Mat;
use std::path::Path;

/// Label of the balancing primary-input row made for pymrio systems.
pub const BALANCING_VA: &str = "value_added";

/// EXIOBASE 3 releases before 3.7 used 3-letter region codes; pymrio's parser renames
/// them to the 2-letter codes of the current releases, and so does mrio.
const EXIO_REGIONS: &[(&str, &str)] = &[
    ("AUS", "AU"),
    ("AUT", "AT"),
    ("BEL", "BE"),
    ("BGR", "BG"),
    ("BRA", "BR"),
    ("CAN", "CA"),
    ("CHE", "CH"),
    ("CHN", "CN"),
    ("CYP", "CY"),
    ("CZE", "CZ"),
    ("DEU", "DE"),
    ("DNK", "DK"),
    ("ESP", "ES"),
    ("EST", "EE"),
    ("FIN", "FI"),
    ("FRA", "FR"),
    ("GBR", "GB"),
    ("GRC", "GR"),
    ("HRV", "HR"),
    ("HUN", "HU"),
    ("IDN", "ID"),
    ("IND", "IN"),
    ("IRL", "IE"),
    ("ITA", "IT"),
    ("JPN", "JP"),
    ("KOR", "KR"),
    ("LTU", "LT"),
    ("LUX", "LU"),
    ("LVA", "LV"),
    ("MEX", "MX"),
    ("MLT", "MT"),
    ("NLD", "NL"),
    ("NOR", "NO"),
    ("POL", "PL"),
    ("PRT", "PT"),
    ("ROM", "RO"),
    ("RUS", "RU"),
    ("SVK", "SK"),
    ("SVN", "SI"),
    ("SWE", "SE"),
    ("TUR", "TR"),
    ("TWN", "TW"),
    ("USA", "US"),
    ("ZAF", "ZA"),
    ("WWA", "WA"),
    ("WWE", "WE"),
    ("WWF", "WF"),
    ("WWL", "WL"),
    ("WWM", "WM"),
];

fn rename_exio(labels: &mut [Vec<String>]) {
    for l in labels.iter_mut() {
        if let Some((_, new)) = EXIO_REGIONS.iter().find(|(old, _)| l[0] == *old) {
            l[0] = new.to_string();
        }
    }
}

/// Apply EXIOBASE's region renaming to every matrix of `sys`.
pub fn exiobase_regions(sys: &mut System) {
    rename_exio(&mut sys.z.rows);
    rename_exio(&mut sys.z.cols);
    rename_exio(&mut sys.y.rows);
    rename_exio(&mut sys.y.cols);
    for e in &mut sys.extensions {
        rename_exio(&mut e.f.cols);
        if let Some(fy) = &mut e.f_y {
            rename_exio(&mut fy.cols);
        }
    }
}

/// A file-name-safe form of a unit (`kg CO2-eq` -> `kg_CO2_eq`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// The table (and final-demand accounts) of a pymrio system; `origin` names the source
/// in messages and in `table.toml`.
pub fn system_to_table(sys: &System, origin: &Path, source: &str) -> Result<(IoTable, Extras)> {
    let zpath = origin.join("Z");
    if sys.z.row_names.len() != 2 {
        return Err(Error::label(
            &zpath,
            format!(
                "has {} index level(s): expected 2 (region, sector)",
                sys.z.row_names.len()
            ),
        ));
    }
    let keys = &sys.z.rows;
    let ids: Vec<String> = keys.iter().map(|k| format!("{}_{}", k[0], k[1])).collect();
    let regions: Vec<String> = keys.iter().map(|k| k[0].clone()).collect();
    let sectors: Vec<String> = keys.iter().map(|k| k[1].clone()).collect();
    let index = Index::new(ids, Some(regions), Some(sectors))
        .map_err(|e| Error::label(&zpath, e.to_string()))?;
    let z = align_cols(&sys.z, keys, &zpath)?;
    let ypath = origin.join("Y");
    if sys.y.rows != *keys {
        return Err(Error::label(
            &ypath,
            "rows differ from the rows of Z (region, sector)",
        ));
    }
    let y_labels: Vec<String> = sys.y.cols.iter().map(|c| c.join("_")).collect();
    let y_regions: Vec<Option<String>> = sys
        .y
        .cols
        .iter()
        .map(|c| index.region_list().iter().find(|r| **r == c[0]).cloned())
        .collect();
    let n = keys.len();
    let x = match &sys.x {
        Some(x) if x.len() != n => {
            return Err(Error::label(
                origin.join("x"),
                format!("has {} entries, expected {n}", x.len()),
            ))
        }
        Some(x) => x.clone(),
        None => crate::table::row_totals(&z, &sys.y.data),
    };
    let va = Mat::from_fn(1, n, |_, j| x[j] - (0..n).map(|i| z[(i, j)]).sum::<f64>());
    let mut table = IoTable::new(
        index,
        z,
        sys.y.data.clone(),
        y_labels,
        va,
        vec![BALANCING_VA.to_string()],
        sys.x.clone(),
    )?;
    table.set_y_regions(y_regions)?;
    table.meta.unit = Some(monetary_unit(sys, origin)?);
    table.meta.name = sys.name.clone();
    table.meta.source = Some(source.to_string());
    table.meta.notes = Some(format!(
        "Converted by `mrio convert`. VA is one balancing row `{BALANCING_VA}` = x - column \
         sums of Z (the source has no primary-input rows)."
    ));
    let mut extras = Extras::default();
    for ext in &sys.extensions {
        let epath = origin.join(&ext.folder).join("F");
        let f = align_cols(&ext.f, keys, &epath)?;
        let fy = match &ext.f_y {
            Some(m) => Some(align_cols(
                m,
                &sys.y.cols,
                &origin.join(&ext.folder).join("F_Y"),
            )?),
            None => None,
        };
        let mut units: Vec<&String> = Vec::new();
        for u in &ext.units {
            if !units.contains(&u) {
                units.push(u);
            }
        }
        for u in &units {
            let name = if units.len() == 1 {
                ext.folder.clone()
            } else {
                format!("{}_{}", ext.folder, slug(u))
            };
            if ["Z", "Y", "VA", "x", "index", "labels", "Y_index"].contains(&name.as_str()) {
                return Err(Error::label(
                    &epath,
                    format!("extension name `{name}` is a table file name"),
                ));
            }
            let rows: Vec<usize> = (0..ext.units.len())
                .filter(|&i| &ext.units[i] == *u)
                .collect();
            let indicators: Vec<String> = rows.iter().map(|&i| ext.f.rows[i].join("|")).collect();
            let values = Mat::from_fn(rows.len(), n, |r, j| f[(rows[r], j)]);
            if let Some(fy) = &fy {
                extras.fd.push(FinalDemandAccount {
                    name: name.clone(),
                    indicators: indicators.clone(),
                    values: Mat::from_fn(rows.len(), fy.ncols(), |r, j| fy[(rows[r], j)]),
                });
            }
            extras.levels.insert(name.clone(), ext.f.row_names.clone());
            table
                .meta
                .satellite_units
                .insert(name.clone(), u.to_string());
            table.satellites.push(Satellite {
                name,
                indicators,
                values,
            });
        }
    }
    Ok((table, extras))
}

fn monetary_unit(sys: &System, origin: &Path) -> Result<String> {
    let mut units: Vec<&String> = Vec::new();
    for u in &sys.units {
        if !units.contains(&u) {
            units.push(u);
        }
    }
    match units.as_slice() {
        [] => Ok("currency units (no unit.txt in the source)".into()),
        [u] => Ok(u.to_string()),
        _ => Err(Error::label(
            origin.join("unit.txt"),
            format!(
                "rows of Z have several units ({}): expected one monetary unit",
                units
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}
