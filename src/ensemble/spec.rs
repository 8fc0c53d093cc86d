//! The ensemble spec (TOML): what is built or read, which scenarios are run, and the
//! distribution of every uncertain input. Unknown keys and impossible ranges are errors
//! naming the file and line.
//!
//! ```toml
//! recipe = "recipe.toml"          # build every draw from this recipe, or
//! # table = "."                   # perturb the cells of a fixed table
//! scenarios = "../../docs/scenarios/cluster-hightech.toml"
//!
//! [[parameter]]                   # any numeric or text key of the recipe
//! key = "trade.gamma"
//! distribution = "triangular"     # uniform, triangular, normal, lognormal, choice
//! min = 0.5
//! mode = 1.0
//! max = 2.0
//!
//! [indicator_rows]                # relative SD of indicator rows by their status
//! cited = 0.05
//! derived = 0.15
//! illustrative = 0.30
//!
//! [cells]                         # fixed table: relative SD per cell, or an SD matrix
//! relative_sd = 0.1
//! rebalance = true
//! ```

use super::sample::Dist;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Relative standard deviation of indicator rows by status, when the spec gives none:
/// cited 5%, derived 15%, illustrative 30% (see docs/uncertainty.md for the sources).
pub const DEFAULT_SPREADS: [(&str, f64); 3] =
    [("cited", 0.05), ("derived", 0.15), ("illustrative", 0.30)];

/// A validated ensemble spec.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The spec file.
    pub path: PathBuf,
    /// Its text (recorded in `ensemble.toml`).
    pub text: String,
    /// What each draw starts from.
    pub base: Base,
    /// The scenario file.
    pub scenarios: PathBuf,
    /// Uncertain recipe parameters, in file order.
    pub parameters: Vec<Parameter>,
    /// Noise on indicator rows (recipe only).
    pub indicator_rows: Option<RowNoise>,
    /// Noise on the cells of a fixed table.
    pub cells: Option<CellNoise>,
    /// Group membership (None: defaults).
    pub centre: Option<Vec<String>>,
    /// Rest regions (None: the recipe's `rest`).
    pub rest: Option<Vec<String>>,
}

/// What each draw starts from.
#[derive(Debug, Clone)]
pub enum Base {
    /// Build from this recipe.
    Recipe(PathBuf),
    /// Perturb this fixed table.
    Table(PathBuf),
}

/// An uncertain recipe parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Dotted recipe key (`trade.gamma`).
    pub key: String,
    /// Its distribution.
    pub dist: Dist,
    /// Where the range comes from (free text, recorded).
    pub source: Option<String>,
    /// Line of the spec that gives it.
    pub line: usize,
}

/// Relative SDs of indicator rows by status.
#[derive(Debug, Clone, PartialEq)]
pub struct Spreads {
    /// Cited rows.
    pub cited: f64,
    /// Derived rows.
    pub derived: f64,
    /// Illustrative rows (and rows without a status).
    pub illustrative: f64,
}

impl Spreads {
    /// Spread for a status (rows without a known status count as illustrative).
    pub fn of(&self, status: &str) -> f64 {
        match status {
            "cited" => self.cited,
            "derived" => self.derived,
            _ => self.illustrative,
        }
    }
}

/// Noise on the recipe's indicator files.
#[derive(Debug, Clone)]
pub struct RowNoise {
    /// Spreads for every file.
    pub all: Spreads,
    /// Per file (the recipe's path text), overriding `all`.
    pub files: Vec<(String, Spreads)>,
}

impl RowNoise {
    /// Spreads for the file written `raw` in the recipe.
    pub fn for_file(&self, raw: &str) -> &Spreads {
        self.files
            .iter()
            .find(|(f, _)| f == raw)
            .map(|(_, s)| s)
            .unwrap_or(&self.all)
    }
}

/// Noise on the intermediate cells of a fixed table.
#[derive(Debug, Clone)]
pub struct CellNoise {
    /// One relative SD for every cell, or
    pub relative_sd: Option<f64>,
    /// an SD matrix in the layout of `Z.csv` (absolute, the table's unit).
    pub sd_file: Option<PathBuf>,
    /// RAS the perturbed flows back to the table's intermediate row and column totals.
    pub rebalance: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    recipe: Option<Spanned<String>>,
    table: Option<Spanned<String>>,
    scenarios: Spanned<String>,
    #[serde(default)]
    parameter: Vec<Spanned<ParamSpec>>,
    indicator_rows: Option<Spanned<RowsSpec>>,
    cells: Option<Spanned<CellsSpec>>,
    groups: Option<GroupsSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ParamSpec {
    pub key: Spanned<String>,
    pub distribution: Spanned<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mode: Option<f64>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub median: Option<f64>,
    pub sigma: Option<f64>,
    pub values: Option<Vec<toml::Value>>,
    pub weights: Option<Vec<f64>>,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpreadSpec {
    cited: Option<f64>,
    derived: Option<f64>,
    illustrative: Option<f64>,
    relative_sd: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowsSpec {
    #[serde(flatten)]
    all: SpreadSpec,
    #[serde(default)]
    file: Vec<Spanned<FileSpreadSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpreadSpec {
    file: String,
    cited: Option<f64>,
    derived: Option<f64>,
    illustrative: Option<f64>,
    relative_sd: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellsSpec {
    relative_sd: Option<f64>,
    sd: Option<String>,
    #[serde(default)]
    rebalance: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupsSpec {
    centre: Option<Vec<String>>,
    rest: Option<Vec<String>>,
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Error context: the file and its text.
pub(super) struct Cx<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Cx<'_> {
    pub fn err(&self, span: std::ops::Range<usize>, msg: impl Into<String>) -> Error {
        Error::Config {
            path: self.path.to_path_buf(),
            message: format!("line {}: {}", line_of(self.text, span.start), msg.into()),
        }
    }
}

fn spreads(
    cx: &Cx,
    span: std::ops::Range<usize>,
    s: [Option<f64>; 4],
    base: &Spreads,
) -> Result<Spreads> {
    let [cited, derived, illustrative, all] = s;
    for v in s.into_iter().flatten() {
        if !(v.is_finite() && (0.0..=2.0).contains(&v)) {
            return Err(cx.err(
                span,
                format!("relative SD {v}: expected a number from 0 to 2 (0.1 = 10%)"),
            ));
        }
    }
    let pick = |x: Option<f64>, d: f64| x.or(all).unwrap_or(d);
    Ok(Spreads {
        cited: pick(cited, base.cited),
        derived: pick(derived, base.derived),
        illustrative: pick(illustrative, base.illustrative),
    })
}

/// The documented default spreads.
pub fn default_spreads() -> Spreads {
    Spreads {
        cited: DEFAULT_SPREADS[0].1,
        derived: DEFAULT_SPREADS[1].1,
        illustrative: DEFAULT_SPREADS[2].1,
    }
}

impl Spec {
    /// Read a spec file.
    pub fn read(path: &Path) -> Result<Spec> {
        let bytes = crate::fsio::read_bytes(path)?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Config {
            path: path.to_path_buf(),
            message: "not valid UTF-8".into(),
        })?;
        Spec::parse(path, &text)
    }

    /// Parse spec text; relative paths are relative to `path`'s folder.
    pub fn parse(path: &Path, text: &str) -> Result<Spec> {
        let cx = Cx { path, text };
        let f: File = toml::from_str(text).map_err(|e| crate::table::toml_error(path, text, e))?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let base = match (&f.recipe, &f.table) {
            (Some(r), None) => Base::Recipe(dir.join(r.get_ref())),
            (None, Some(t)) => Base::Table(dir.join(t.get_ref())),
            (Some(r), Some(_)) => {
                return Err(cx.err(r.span(), "give either `recipe` or `table`, not both"))
            }
            (None, None) => {
                return Err(Error::Config {
                    path: path.to_path_buf(),
                    message: "the spec needs `recipe = \"FILE\"` (build every draw) or \
                              `table = \"FOLDER\"` (perturb a fixed table)"
                        .into(),
                })
            }
        };
        let is_recipe = matches!(base, Base::Recipe(_));
        let mut parameters = Vec::new();
        for p in &f.parameter {
            if !is_recipe {
                return Err(cx.err(
                    p.span(),
                    "[[parameter]] needs a recipe: a fixed table has no recipe parameters",
                ));
            }
            let key = p.get_ref().key.get_ref().trim().to_string();
            if parameters.iter().any(|q: &Parameter| q.key == key) {
                return Err(cx.err(
                    p.get_ref().key.span(),
                    format!("parameter `{key}` is given twice"),
                ));
            }
            let dist = Dist::from_spec(&cx, p.get_ref())?;
            parameters.push(Parameter {
                key,
                dist,
                source: p.get_ref().source.clone(),
                line: line_of(text, p.span().start),
            });
        }
        let indicator_rows = match &f.indicator_rows {
            None => None,
            Some(r) if !is_recipe => {
                return Err(cx.err(
                    r.span(),
                    "[indicator_rows] needs a recipe (indicator files are read by the build)",
                ))
            }
            Some(r) => {
                let a = &r.get_ref().all;
                let all = spreads(
                    &cx,
                    r.span(),
                    [a.cited, a.derived, a.illustrative, a.relative_sd],
                    &default_spreads(),
                )?;
                let mut files = Vec::new();
                for fs in &r.get_ref().file {
                    let s = fs.get_ref();
                    let sp = spreads(
                        &cx,
                        fs.span(),
                        [s.cited, s.derived, s.illustrative, s.relative_sd],
                        &all,
                    )?;
                    files.push((s.file.clone(), sp));
                }
                Some(RowNoise { all, files })
            }
        };
        let cells = match &f.cells {
            None => None,
            Some(c) if is_recipe => {
                return Err(cx.err(
                    c.span(),
                    "[cells] is for a fixed table (`table = ...`); a recipe's uncertainty is \
                     given by [[parameter]] and [indicator_rows]",
                ))
            }
            Some(c) => {
                let s = c.get_ref();
                match (s.relative_sd, &s.sd) {
                    (Some(v), None) if !(v.is_finite() && (0.0..=2.0).contains(&v)) => {
                        return Err(cx.err(
                            c.span(),
                            format!("relative_sd = {v}: expected a number from 0 to 2"),
                        ))
                    }
                    (Some(_), None) | (None, Some(_)) => {}
                    _ => {
                        return Err(cx.err(
                            c.span(),
                            "[cells] needs exactly one of `relative_sd` (one relative SD for \
                             every cell) or `sd` (an SD matrix in the layout of Z.csv)",
                        ))
                    }
                }
                Some(CellNoise {
                    relative_sd: s.relative_sd,
                    sd_file: s.sd.as_ref().map(|p| dir.join(p)),
                    rebalance: s.rebalance,
                })
            }
        };
        if parameters.is_empty() && indicator_rows.is_none() && cells.is_none() {
            return Err(Error::Config {
                path: path.to_path_buf(),
                message: "nothing is uncertain: add [[parameter]] or [indicator_rows] (recipe) \
                          or [cells] (fixed table)"
                    .into(),
            });
        }
        Ok(Spec {
            path: path.to_path_buf(),
            text: text.to_string(),
            base,
            scenarios: dir.join(f.scenarios.get_ref()),
            parameters,
            indicator_rows,
            cells,
            centre: f.groups.as_ref().and_then(|g| g.centre.clone()),
            rest: f.groups.as_ref().and_then(|g| g.rest.clone()),
        })
    }
}
