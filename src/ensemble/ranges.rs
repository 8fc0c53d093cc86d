//! Ranges from a finished ensemble folder beside a scenario's results: the 5th-95th
//! percentile of every region total, (region, sector) and group share, shaped as extra
//! frame columns and as text such as `1.75% (0.41-6.3%)`.

use crate::analysis::scenario::Impacts;
use crate::error::{Error, Result};
use crate::report::{Cell, Column, Frame};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Point, 5th and 95th percentile.
pub type Band = (f64, f64, f64);

/// An ensemble folder read back.
#[derive(Debug, Clone)]
pub struct Ranges {
    /// The folder.
    pub dir: PathBuf,
    /// Draws of the ensemble.
    pub draws: u64,
    /// (scenario, region, sector, indicator) -> band; `sector` = `all` for regions.
    pub summary: HashMap<(String, String, String, String), Band>,
    /// (scenario, indicator, group) -> band of the group's share.
    pub shares: HashMap<(String, String, String), Band>,
    /// `sensitivity.csv`, in its order (ranked within each scenario, indicator, group).
    pub sensitivity: Vec<Sensitivity>,
    /// (scenario, indicator, region) -> that region total in every draw, in draw order
    /// (`regions.csv`; empty for folders written before it existed).
    pub region_draws: HashMap<(String, String, String), Vec<f64>>,
}

/// One row of `sensitivity.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// Scenario, indicator, group.
    pub key: (String, String, String),
    /// The uncertain input.
    pub input: String,
    /// Spearman rank correlation with the group's share (none when constant).
    pub rho: Option<f64>,
    /// Share of the variance it explains.
    pub variance_share: f64,
}

/// The bytes of a file of the folder, by name.
type Source<'a> = &'a dyn Fn(&str) -> Result<Vec<u8>>;

fn read_csv(path: &Path, bytes: &[u8], want: &[&str]) -> Result<Vec<Vec<String>>> {
    let (header, rows) = crate::table::parse_text_csv(path, bytes)?;
    if header.iter().map(String::as_str).collect::<Vec<_>>()[..want.len().min(header.len())]
        != want[..]
    {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!("expected the header `{}`", want.join(",")),
        });
    }
    Ok(rows.into_iter().map(|(_, f)| f).collect())
}

fn band(path: &Path, f: &[String], p: usize, lo: usize, hi: usize) -> Result<Band> {
    let g = |i: usize| {
        f[i].parse::<f64>()
            .map_err(|_| Error::label(path, format!("`{}` is not a number", f[i])))
    };
    Ok((g(p)?, g(lo)?, g(hi)?))
}

fn read_sensitivity(path: &Path, bytes: &[u8]) -> Result<Vec<Sensitivity>> {
    let want = [
        "scenario",
        "indicator",
        "group",
        "rank",
        "input",
        "spearman",
        "variance_share",
    ];
    let mut out = Vec::new();
    for f in read_csv(path, bytes, &want)? {
        if f.len() < want.len() {
            return Err(Error::label(
                path,
                format!("expected {} fields", want.len()),
            ));
        }
        let num = |i: usize| {
            f[i].parse::<f64>()
                .map_err(|_| Error::label(path, format!("`{}` is not a number", f[i])))
        };
        out.push(Sensitivity {
            key: (f[0].clone(), f[1].clone(), f[2].clone()),
            input: f[4].clone(),
            rho: if f[5].is_empty() { None } else { Some(num(5)?) },
            variance_share: num(6)?,
        });
    }
    Ok(out)
}

/// `regions.csv`: a `draw` column, then one `scenario|indicator|region [unit]` column
/// each (the unit is that of summary.csv; a header without it is read too).
fn read_region_draws(
    path: &Path,
    bytes: &[u8],
) -> Result<HashMap<(String, String, String), Vec<f64>>> {
    let (header, rows) = crate::table::parse_text_csv(path, bytes)?;
    let mut keys = Vec::new();
    for (j, h) in header.iter().enumerate().skip(1) {
        let key = match h.rfind(" [") {
            Some(i) if h.ends_with(']') => &h[..i],
            _ => h.as_str(),
        };
        let p: Vec<&str> = key.splitn(3, '|').collect();
        if p.len() != 3 {
            return Err(Error::Csv {
                path: path.to_path_buf(),
                line: 1,
                message: format!(
                    "column {}: expected `scenario|indicator|region [unit]`, found `{h}`",
                    j + 1
                ),
            });
        }
        keys.push((p[0].to_string(), p[1].to_string(), p[2].to_string()));
    }
    let mut cols = vec![Vec::with_capacity(rows.len()); keys.len()];
    for (line, f) in rows {
        for (j, col) in cols.iter_mut().enumerate() {
            let cell = f.get(j + 1).map(String::as_str).unwrap_or("");
            let v = cell.parse::<f64>().map_err(|_| Error::Csv {
                path: path.to_path_buf(),
                line,
                message: format!(
                    "column {} (`{}`): `{cell}` is not a number",
                    j + 2,
                    header[j + 1]
                ),
            })?;
            col.push(v);
        }
    }
    Ok(keys.into_iter().zip(cols).collect())
}

impl Ranges {
    /// Read `summary.csv`, `shares.csv` and `ensemble.toml` of `dir`.
    pub fn read(dir: &Path) -> Result<Ranges> {
        Ranges::from_source(dir, &|name| crate::fsio::read_bytes(&dir.join(name)))
    }

    /// Read the folder's files through `get` (a folder on disk, or files compiled into
    /// the binary); `dir` names them in messages.
    pub fn from_source(dir: &Path, get: Source) -> Result<Ranges> {
        let sp = dir.join("summary.csv");
        let mut summary = HashMap::new();
        for f in read_csv(
            &sp,
            &get("summary.csv")?,
            &[
                "scenario",
                "region",
                "sector",
                "indicator",
                "point",
                "mean",
                "sd",
                "p05",
                "p50",
                "p95",
            ],
        )? {
            let b = band(&sp, &f, 4, 7, 9)?;
            summary.insert((f[0].clone(), f[1].clone(), f[2].clone(), f[3].clone()), b);
        }
        let hp = dir.join("shares.csv");
        let mut shares = HashMap::new();
        for f in read_csv(
            &hp,
            &get("shares.csv")?,
            &[
                "scenario",
                "indicator",
                "group",
                "point",
                "mean",
                "p05",
                "p50",
                "p95",
            ],
        )? {
            let b = band(&hp, &f, 3, 5, 7)?;
            shares.insert((f[0].clone(), f[1].clone(), f[2].clone()), b);
        }
        let sensitivity = read_sensitivity(&dir.join("sensitivity.csv"), &get("sensitivity.csv")?)?;
        let tp = dir.join("ensemble.toml");
        let text = String::from_utf8(get("ensemble.toml")?).unwrap_or_default();
        let t: toml::Table =
            toml::from_str(&text).map_err(|e| crate::table::toml_error(&tp, &text, e))?;
        let draws = t.get("draws").and_then(|v| v.as_integer()).unwrap_or(0) as u64;
        let region_draws = match get("regions.csv") {
            Ok(bytes) => read_region_draws(&dir.join("regions.csv"), &bytes)?,
            Err(_) => HashMap::new(),
        };
        Ok(Ranges {
            dir: dir.to_path_buf(),
            draws,
            summary,
            shares,
            sensitivity,
            region_draws,
        })
    }

    /// A `[[limit]]` on `indicator` in `region` over the ensemble: the 5th-95th
    /// percentile of the additional use and, when the folder has `regions.csv`, the
    /// share of draws in which `cap` binds. `None` when the ensemble lacks the result.
    pub fn limit(
        &self,
        scenario: &str,
        region: &str,
        indicator: &str,
        cap: f64,
    ) -> Option<super::limits::LimitRange> {
        let (point, p05, p95) = self.get(scenario, region, "all", indicator)?;
        let key = (
            scenario.to_string(),
            indicator.to_string(),
            region.to_string(),
        );
        match self.region_draws.get(&key) {
            Some(d) if !d.is_empty() => Some(super::limits::from_draws(point, d, cap)),
            _ => Some(super::limits::LimitRange {
                point,
                p05,
                p95,
                binding_share: None,
            }),
        }
    }

    /// The ranked inputs of one group's share.
    pub fn ranked(&self, scenario: &str, ind: &str, group: &str) -> Vec<&Sensitivity> {
        self.sensitivity
            .iter()
            .filter(|s| s.key.0 == scenario && s.key.1 == ind && s.key.2 == group)
            .collect()
    }

    /// Band of a region total (`sector` = `all`) or (region, sector).
    pub fn get(&self, scenario: &str, region: &str, sector: &str, ind: &str) -> Option<Band> {
        self.summary
            .get(&(scenario.into(), region.into(), sector.into(), ind.into()))
            .copied()
    }

    /// Band of the share outside the centre (other cities + rest = 1 − centre).
    pub fn outside(&self, scenario: &str, ind: &str) -> Option<Band> {
        let (p, lo, hi) = *self
            .shares
            .get(&(scenario.into(), ind.into(), "centre".into()))?;
        Some((1.0 - p, 1.0 - hi, 1.0 - lo))
    }

    /// Refuse an ensemble whose point total differs from this run's `total` (another
    /// table or scenario file).
    pub fn check_point(&self, scenario: &str, ind: &str, total: f64) -> Result<()> {
        let Some((p, _, _)) = self.get(scenario, "total", "all", ind) else {
            return Err(Error::conflict(
                self.dir.display(),
                format!("the ensemble has no scenario `{scenario}` with indicator `{ind}`"),
            ));
        };
        if (p - total).abs() > 1e-9 * total.abs().max(1e-300) {
            return Err(Error::conflict(
                self.dir.display(),
                format!(
                    "the ensemble's point total of `{scenario}` ({ind}) is {p}, this run's is \
                     {total}: it was run on another table or scenario file"
                ),
            ));
        }
        Ok(())
    }
}

/// A number with 3 significant digits, trailing zeros dropped.
fn sig3(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let d = (2 - v.abs().log10().floor() as i32).max(0) as usize;
    let s = format!("{v:.d$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A share and its range as percentages: `1.75% (0.41-6.3%)`.
pub fn percent_range((p, lo, hi): Band) -> String {
    format!(
        "{}% ({}-{}%)",
        sig3(100.0 * p),
        sig3(100.0 * lo),
        sig3(100.0 * hi)
    )
}

/// The 5th and 95th percentile cells of one result (missing when `r` lacks it).
pub fn band_cells(r: &Ranges, scenario: &str, region: &str, sector: &str, ind: &str) -> [Cell; 2] {
    match r.get(scenario, region, sector, ind) {
        Some((_, lo, hi)) => [Cell::from(lo), Cell::from(hi)],
        None => [Cell::Missing, Cell::Missing],
    }
}

/// Add `total p05` and `total p95` columns to a frame whose column `region_col` holds
/// the region (`total` for the whole table) and, when given, `sector_col` the sector;
/// `scenario` and `indicator` name the rows, or come from columns when `None`.
pub fn add_band_columns(
    f: &mut Frame,
    r: &Ranges,
    unit: &str,
    cols: (Option<usize>, usize, Option<usize>, Option<usize>),
    fixed: (&str, &str),
) {
    let (sc_col, region_col, sector_col, ind_col) = cols;
    f.columns.push(Column::num("total p05", unit));
    f.columns.push(Column::num("total p95", unit));
    let text = |row: &[Cell], i: usize| match &row[i] {
        Cell::Text(s) => s.clone(),
        _ => String::new(),
    };
    for row in &mut f.rows {
        let sc = sc_col.map(|i| text(row, i)).unwrap_or(fixed.0.into());
        let ind = ind_col.map(|i| text(row, i)).unwrap_or(fixed.1.into());
        let region = text(row, region_col);
        let sector = sector_col.map(|i| text(row, i)).unwrap_or("all".into());
        row.extend(band_cells(r, &sc, &region, &sector, &ind));
    }
    f.notes.push(format!(
        "ranges: 5th-95th percentile of {} draws in {}",
        r.draws,
        r.dir.display()
    ));
}

/// Read `dir` and check it was run on the same table and scenarios as `imp`.
pub fn read(dir: &Path, imp: &Impacts) -> Result<Ranges> {
    let r = Ranges::read(dir)?;
    check(&r, imp)?;
    Ok(r)
}

/// Check that `r` was run on the same table and scenarios as `imp`.
pub fn check(r: &Ranges, imp: &Impacts) -> Result<()> {
    for (s, sc) in imp.set.scenarios.iter().enumerate() {
        for (k, ind) in imp.set.indicators.iter().enumerate() {
            r.check_point(&sc.name, &ind.name, imp.total(s, k).total)?;
        }
    }
    Ok(())
}

/// The report's region frame of scenario `s`, indicator `k`, with ranges when given:
/// `total p05`/`total p95` columns and the share outside the centre as
/// `1.75% (0.41-6.3%)`.
pub fn region(imp: &Impacts, s: usize, k: usize, r: Option<&Ranges>) -> Frame {
    let mut f = crate::report::scenario::region_frame(imp, s, k);
    let Some(r) = r else { return f };
    let (sc, ind) = (&imp.set.scenarios[s].name, &imp.set.indicators[k]);
    add_band_columns(&mut f, r, &ind.unit, (None, 1, None, None), (sc, &ind.name));
    if let Some(b) = r.outside(sc, &ind.name) {
        f.notes.push(format!(
            "share outside the centre, 5th-95th percentile of the ensemble: {}",
            percent_range(b)
        ));
    }
    f
}

/// The long frame with `total p05`/`total p95` columns when ranges are given.
pub fn long(
    imp: &Impacts,
    table: &crate::table::IoTable,
    level: crate::report::scenario::Level,
    r: Option<&Ranges>,
) -> Frame {
    let mut f = crate::report::scenario::long_frame(imp, table, level);
    if let Some(r) = r {
        add_band_columns(
            &mut f,
            r,
            "unit of the indicator",
            (Some(0), 2, Some(3), Some(4)),
            ("", ""),
        );
        // A long frame's units are in its `unit` column (so --unit converts the bands
        // with the row's other numbers): bare headers, as for `total`.
        let n = f.columns.len();
        for c in &mut f.columns[n - 2..] {
            c.unit = None;
        }
    }
    f
}

/// The groups' shares of a run with their ranges, one row per scenario and indicator.
pub fn shares_frame(run: &super::Run) -> Frame {
    let l = &run.layout;
    let mut cols = vec![Column::label("scenario"), Column::label("indicator")];
    for g in super::run::GROUPS {
        cols.push(Column::label(&format!("{g} (p05-p95)")));
    }
    let mut f = Frame::new(
        format!(
            "Shares of the total impact by group, point and 5th-95th percentile of {} draws",
            run.draws.len()
        ),
        cols,
    );
    for (s, sc) in l.scenarios.iter().enumerate() {
        for (k, (ind, _)) in l.indicators.iter().enumerate() {
            let mut row = vec![Cell::from(sc.as_str()), Cell::from(ind.as_str())];
            for g in 0..3 {
                let j = l.offset(s, k) + 1 + l.regions.len() + l.entries.len() + g;
                let v: Vec<f64> = run.draws.iter().map(|d| d.2[j]).collect();
                let m = super::stats::summarize(&v);
                row.push(Cell::from(
                    percent_range((run.point[j], m.p05, m.p95)).as_str(),
                ));
            }
            f.push(row);
        }
    }
    for (g, members) in super::run::GROUPS.iter().zip(&l.groups[0]) {
        f.notes.push(format!(
            "{g}: {}",
            members
                .iter()
                .map(|&r| l.regions[r].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_print_as_in_the_issue() {
        assert_eq!(percent_range((0.0175, 0.0041, 0.063)), "1.75% (0.41-6.3%)");
        assert_eq!(sig3(123.456), "123");
        assert_eq!(sig3(0.012345), "0.0123");
    }
}
