//! One draw: its inputs (recipe parameters, perturbed indicator rows or table cells),
//! its table, and its impacts from one factorization and one batch solve.

use super::sample::{factor, stream, Dist, Drawn};
use super::spec::{Base, Spec, Spreads};
use crate::analysis::scenario::{parse_scenarios, run_with};
use crate::build::{build, build_draw, recipe, Recipe};
use crate::error::{Error, Result};
use crate::model::{Leontief, ModelOptions};
use crate::table::IoTable;
use faer::Mat;
use std::path::{Path, PathBuf};

/// An indicator file of the recipe, read once.
#[derive(Debug, Clone)]
struct RowFile {
    /// The recipe's path text (to match per-file spreads and to replace).
    raw: String,
    /// Rows: region, sector, value, status.
    rows: Vec<(String, String, f64, String)>,
    /// Spreads that apply.
    spreads: Spreads,
    /// Distinct statuses in order of appearance (sensitivity inputs).
    statuses: Vec<String>,
}

/// Everything read once before the draws.
pub struct Prepared {
    /// The spec.
    pub spec: Spec,
    /// Scenario file text.
    scenario_text: String,
    /// Recipe text (recipe base).
    recipe: Option<Recipe>,
    /// Indicator files (recipe base, when their rows are uncertain).
    row_files: Vec<RowFile>,
    /// The fixed table (table base).
    table: Option<IoTable>,
    /// Relative SD of every Z cell (table base).
    cell_sd: Option<Mat<f64>>,
    /// Names of the sensitivity inputs, in draw order.
    pub inputs: Vec<String>,
    /// Folder for the draws' indicator files (removed on drop).
    tmp: PathBuf,
    /// Parent and share tables read once for all draws (`build::cache`).
    _cache: crate::build::cache::Scope,
}

impl Drop for Prepared {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// A built or perturbed table and the draw's sensitivity inputs.
pub struct DrawTable {
    /// The table of the draw.
    pub table: IoTable,
    /// Values of the sensitivity inputs.
    pub inputs: Vec<f64>,
}

fn override_text(key: &str, v: &toml::Value) -> String {
    format!("{key}={v}")
}

fn drawn_value(d: &Dist, x: &Drawn) -> toml::Value {
    match (d, x) {
        (Dist::Choice { values, .. }, Drawn::Choice(i)) => values[*i].clone(),
        (_, Drawn::Num(v)) => toml::Value::Float(*v),
        _ => unreachable!("a choice draws an index"),
    }
}

/// The value of a dotted key in the recipe with its defaults filled in.
fn recipe_value(r: &Recipe, key: &str) -> Option<toml::Value> {
    let t = toml::Table::try_from(r).ok()?;
    let mut v = toml::Value::Table(t);
    for part in key.split('.') {
        v = v.as_table()?.get(part)?.clone();
    }
    Some(v)
}

impl Prepared {
    /// Read the inputs of `spec` and check every parameter's range against the recipe.
    pub fn new(spec: Spec) -> Result<Prepared> {
        let scenario_text =
            String::from_utf8(crate::fsio::read_bytes(&spec.scenarios)?).map_err(|_| {
                Error::Config {
                    path: spec.scenarios.clone(),
                    message: "not valid UTF-8".into(),
                }
            })?;
        let tmp = std::env::temp_dir().join(format!(
            "mrio-ensemble-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        let mut p = Prepared {
            scenario_text,
            recipe: None,
            row_files: Vec::new(),
            table: None,
            cell_sd: None,
            inputs: Vec::new(),
            tmp,
            spec,
            _cache: crate::build::cache::Scope::new(),
        };
        match p.spec.base.clone() {
            Base::Recipe(path) => p.prepare_recipe(&path)?,
            Base::Table(path) => p.prepare_table(&path)?,
        }
        Ok(p)
    }

    fn prepare_recipe(&mut self, path: &Path) -> Result<()> {
        let r = Recipe::read(path)?;
        let spec = &self.spec;
        let at = |line: usize, m: String| Error::Config {
            path: spec.path.clone(),
            message: format!("line {line}: {m}"),
        };
        for prm in &spec.parameters {
            let point = recipe_value(&r, &prm.key).ok_or_else(|| {
                at(
                    prm.line,
                    format!(
                        "`{}` is not a key of the recipe {}",
                        prm.key,
                        path.display()
                    ),
                )
            })?;
            // Values a draw can take, each tried on the recipe's own checks.
            let trial: Vec<toml::Value> = match &prm.dist {
                Dist::Choice { values, .. } => {
                    if !values.contains(&point) {
                        return Err(at(
                            prm.line,
                            format!(
                                "the recipe's `{}` = {point} is not among the choices: the \
                                 table built without the ensemble must be a possible draw",
                                prm.key
                            ),
                        ));
                    }
                    values.clone()
                }
                d => {
                    let p = point.as_float().or(point.as_integer().map(|i| i as f64));
                    let Some(p) = p else {
                        return Err(at(
                            prm.line,
                            format!("`{}` = {point} is not a number: use a choice", prm.key),
                        ));
                    };
                    let (lo, hi) = d.support().expect("numeric");
                    if !(lo <= p && p <= hi) {
                        return Err(at(
                            prm.line,
                            format!(
                                "the recipe's `{}` = {p} lies outside the range [{lo}, {hi}]: \
                                 the table built without the ensemble must be a possible draw",
                                prm.key
                            ),
                        ));
                    }
                    let far = |x: f64, dir: f64| {
                        if x.is_finite() {
                            x
                        } else {
                            match d {
                                Dist::Normal { mean, sd, .. } => mean + dir * 8.0 * sd,
                                Dist::LogNormal { median, sigma, .. } => {
                                    median * (dir * 8.0 * sigma).exp()
                                }
                                _ => x,
                            }
                        }
                    };
                    vec![
                        toml::Value::Float(far(lo, -1.0)),
                        toml::Value::Float(far(hi, 1.0)),
                    ]
                }
            };
            for v in trial {
                Recipe::read_with(path, &[override_text(&prm.key, &v)]).map_err(|e| {
                    at(
                        prm.line,
                        format!(
                            "`{}` can be drawn as {v}, which the recipe refuses ({e}); narrow \
                             the range or truncate it with min and max",
                            prm.key
                        ),
                    )
                })?;
            }
            self.inputs.push(prm.key.clone());
        }
        if let Some(noise) = &spec.indicator_rows {
            let base = path.parent().unwrap_or(Path::new("."));
            let mut raws = vec![r.regions.indicators.clone()];
            raws.extend(r.satellites.iter().map(|s| s.file.clone()));
            for (f, _) in &noise.files {
                if !raws.contains(f) {
                    return Err(Error::Config {
                        path: spec.path.clone(),
                        message: format!(
                            "[[indicator_rows.file]] `{f}` is not an indicator file of the \
                             recipe (it has {})",
                            raws.join(", ")
                        ),
                    });
                }
            }
            for raw in raws {
                let rows = read_rows(&recipe::resolve(base, &raw)?)?;
                let mut statuses: Vec<String> = Vec::new();
                for r in &rows {
                    if !statuses.contains(&r.3) {
                        statuses.push(r.3.clone());
                    }
                }
                for s in &statuses {
                    self.inputs.push(format!("{raw} ({s} rows)"));
                }
                self.row_files.push(RowFile {
                    spreads: noise.for_file(&raw).clone(),
                    raw,
                    rows,
                    statuses,
                });
            }
            crate::fsio::ensure_dir(&self.tmp)?;
        }
        self.recipe = Some(r);
        Ok(())
    }

    fn prepare_table(&mut self, path: &Path) -> Result<()> {
        let t = crate::table::read_table(path)?;
        let cells = self
            .spec
            .cells
            .as_ref()
            .expect("validated: a table has [cells]");
        let n = t.len();
        let rel = match (&cells.relative_sd, &cells.sd_file) {
            (Some(r), _) => Mat::from_fn(n, n, |_, _| *r),
            (None, Some(f)) => {
                let ids = t.index.ids();
                let sd = crate::table::csvio::LabeledMatrix::read(f)?.aligned(
                    ids,
                    ids,
                    "the table's ids",
                )?;
                let mut m = Mat::<f64>::zeros(n, n);
                for j in 0..n {
                    for i in 0..n {
                        let (s, z) = (sd[(i, j)], t.z[(i, j)]);
                        if !(s.is_finite() && s >= 0.0) {
                            return Err(Error::label(
                                f,
                                format!(
                                    "SD of (`{}`, `{}`) is {s}: expected a number >= 0",
                                    ids[i], ids[j]
                                ),
                            ));
                        }
                        m[(i, j)] = if z > 0.0 { s / z } else { 0.0 };
                    }
                }
                m
            }
            _ => unreachable!("validated"),
        };
        for r in t.index.region_list() {
            self.inputs.push(format!("cells supplied by {r}"));
        }
        self.cell_sd = Some(rel);
        self.table = Some(t);
        Ok(())
    }

    /// The scenario file's text.
    pub fn scenario_text(&self) -> &str {
        &self.scenario_text
    }

    /// The recipe (recipe base).
    pub fn recipe(&self) -> Option<&Recipe> {
        self.recipe.as_ref()
    }

    /// The table of draw `d` (None: the point, every input at its central value).
    pub fn table(&self, seed: u64, d: Option<u64>) -> Result<DrawTable> {
        match &self.spec.base {
            Base::Recipe(path) => self.recipe_draw(path, seed, d),
            Base::Table(_) => Ok(self.cell_draw(seed, d)?),
        }
    }

    fn recipe_draw(&self, path: &Path, seed: u64, d: Option<u64>) -> Result<DrawTable> {
        let Some(d) = d else {
            let r = self.recipe.as_ref().expect("prepared");
            return Ok(DrawTable {
                table: build(r, path)?.table,
                inputs: Vec::new(),
            });
        };
        let mut rng = stream(seed, d);
        let mut inputs = Vec::new();
        let mut overrides = Vec::new();
        for p in &self.spec.parameters {
            let x = p.dist.draw(&mut rng);
            inputs.push(match &x {
                Drawn::Num(v) => *v,
                Drawn::Choice(i) => *i as f64,
            });
            overrides.push(override_text(&p.key, &drawn_value(&p.dist, &x)));
        }
        let mut r = Recipe::read_with(path, &overrides)?;
        let mut written = Vec::new();
        for (k, f) in self.row_files.iter().enumerate() {
            let file = self.tmp.join(format!("draw{d}_{k}.csv"));
            let mut text = String::from("region,sector,value\n");
            let mut sums = vec![(0.0, 0.0); f.statuses.len()];
            for (region, sector, v, status) in &f.rows {
                let g = factor(f.spreads.of(status), &mut rng);
                let si = f.statuses.iter().position(|s| s == status).expect("listed");
                sums[si].0 += v * g.ln();
                sums[si].1 += v;
                text.push_str(&format!("{region},{sector},{}\n", v * g));
            }
            inputs.extend(sums.iter().map(|(a, w)| if *w > 0.0 { a / w } else { 0.0 }));
            crate::fsio::write_atomic(&file, text.as_bytes())?;
            let abs = file.to_string_lossy().to_string();
            if r.regions.indicators == f.raw {
                r.regions.indicators = abs.clone();
            }
            for s in r.satellites.iter_mut().filter(|s| s.file == f.raw) {
                s.file = abs.clone();
            }
            written.push(file);
        }
        let built = build_draw(&r, path);
        for f in written {
            let _ = std::fs::remove_file(f);
        }
        let built = built.map_err(|e| {
            Error::Invalid(format!(
                "draw {d} (with {}): the build failed: {e}",
                if overrides.is_empty() {
                    "perturbed indicator rows".to_string()
                } else {
                    overrides.join(", ")
                }
            ))
        })?;
        Ok(DrawTable {
            table: built.table,
            inputs,
        })
    }

    fn cell_draw(&self, seed: u64, d: Option<u64>) -> Result<DrawTable> {
        let t = self.table.as_ref().expect("prepared");
        let Some(d) = d else {
            return Ok(DrawTable {
                table: t.clone(),
                inputs: Vec::new(),
            });
        };
        let rel = self.cell_sd.as_ref().expect("prepared");
        let cells = self.spec.cells.as_ref().expect("validated");
        let mut rng = stream(seed, d);
        let n = t.len();
        let regions = t.index.region_list();
        let region_of: Vec<usize> = t
            .index
            .regions()
            .iter()
            .map(|r| regions.iter().position(|q| q == r).expect("listed"))
            .collect();
        let mut sums = vec![(0.0, 0.0); regions.len()];
        let mut z = t.z.clone();
        for j in 0..n {
            for i in 0..n {
                let v = z[(i, j)];
                if v > 0.0 {
                    let g = factor(rel[(i, j)], &mut rng);
                    z[(i, j)] = v * g;
                    sums[region_of[i]].0 += v * g.ln();
                    sums[region_of[i]].1 += v;
                }
            }
        }
        if cells.rebalance {
            let u: Vec<f64> = (0..n).map(|i| (0..n).map(|j| t.z[(i, j)]).sum()).collect();
            let v: Vec<f64> = (0..n).map(|j| (0..n).map(|i| t.z[(i, j)]).sum()).collect();
            let ids = t.index.ids();
            z = crate::build::balance::ras(z.as_ref(), &u, &v, ids, ids, Default::default())
                .map_err(|e| Error::Invalid(format!("draw {d}: re-balancing failed: {e}")))?
                .x;
        }
        let mut table = t.clone();
        table.z = z;
        Ok(DrawTable {
            table,
            inputs: sums
                .iter()
                .map(|(a, w)| if *w > 0.0 { a / w } else { 0.0 })
                .collect(),
        })
    }

    /// Impacts of the scenarios on a draw's table: one factorization, one batch solve.
    /// The indicators the scenario file's limits cap (its `[[limit]]` entries and, with
    /// `default_limits = true`, the base folder's `limits.csv`) are tracked beside the
    /// file's own indicators, so every draw records the use a cap is checked against.
    pub fn impacts(&self, table: &IoTable) -> Result<crate::analysis::scenario::Impacts> {
        let mut set = parse_scenarios(&self.spec.scenarios, &self.scenario_text, table)?;
        crate::analysis::scenario::plan::add_default_limits(&mut set, table, &self.base_dir())?;
        crate::analysis::scenario::plan::track_limited(&mut set);
        let model = Leontief::from_table(table, ModelOptions::default())?;
        run_with(table, &model, set)
    }
}

impl Prepared {
    /// The folder of the base table or recipe (where its `limits.csv` lives).
    fn base_dir(&self) -> PathBuf {
        match &self.spec.base {
            Base::Table(dir) => dir.clone(),
            Base::Recipe(path) => match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            },
        }
    }
}

/// Rows of an indicator file: `region,sector,value[,status[,...]]` (no status column:
/// every row counts as illustrative).
fn read_rows(path: &Path) -> Result<Vec<(String, String, f64, String)>> {
    let (header, rows) = crate::table::read_text_csv(path)?;
    if header.len() < 3 || header[0] != "region" || header[1] != "sector" || header[2] != "value" {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: "expected `region,sector,value[,status,...]`".into(),
        });
    }
    let ks = header.iter().position(|h| h == "status");
    let mut out = Vec::new();
    for (line, f) in rows {
        let v = crate::table::csvio::parse_number(&f[2]).map_err(|e| Error::Cell {
            path: path.to_path_buf(),
            line,
            column: 3,
            row: format!("{},{}", f[0], f[1]),
            col: "value".into(),
            value: f[2].clone(),
            expected: e.into(),
        })?;
        let status = ks
            .and_then(|k| f.get(k))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "illustrative".into());
        if !["cited", "derived", "illustrative"].contains(&status.as_str()) {
            return Err(Error::label(
                path,
                format!("line {line}: status `{status}`: expected cited, derived or illustrative"),
            ));
        }
        out.push((f[0].clone(), f[1].clone(), v, status));
    }
    Ok(out)
}
